//! Senses of a MEET trigger that are no encounter: "meet" as fulfil ("to
//! meet the targets") and "welcomed" or "hosted" with an act, a text or an
//! event as object ("welcomed Norway's offer"), not a guest. A trigger's
//! words in, a yes or no out; MEET and INTEND void their triggers by them.

/// "to meet the ambition", "meets NATO's targets": "meet" as fulfil, its
/// object a thing, not someone met ("meet President X", "meet with", "meet
/// at a historic moment" are meetings). `rest`: the text from the trigger.
pub(crate) fn fulfils(rest: &str) -> bool {
    let mut words = rest.split_whitespace();
    let verb = words.next().unwrap_or("").to_lowercase();
    let mut object = words.skip_while(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "the"
                | "these"
                | "those"
                | "our"
                | "its"
                | "their"
                | "this"
                | "that"
                | "a"
                | "an"
                | "new"
                | "all"
                | "any"
                | "such"
        )
    });
    let intransitive = |w: &str| {
        matches!(
            w.trim_end_matches([',', '.', ';']),
            "with"
                | "at"
                | "in"
                | "on"
                | "for"
                | "during"
                | "today"
                | "tomorrow"
                | "yesterday"
                | "again"
                | "together"
                | "virtually"
                | "here"
                | "there"
                | "later"
                | "soon"
                | "via"
                | "by"
                | "under"
                | "this"
                | "next"
                | "and"
        )
    };
    matches!(verb.as_str(), "meet" | "meets")
        && object.next().is_none_or(|w| {
            !intransitive(w) && (w.starts_with(char::is_lowercase) || w.ends_with("'s") || w.ends_with("’s"))
        })
}

/// "welcomed Australia's offer", "welcomed the Joint Declaration of ...",
/// "welcomed Vietnam joining the mission", "welcomed Italy's G7 Presidency",
/// "hosted an ASEAN Day celebration": an act, a text or an event welcomed
/// (`text` from the trigger on), not a guest. A guest's name is followed by
/// a word that goes on the sentence ("to the White House", "for talks",
/// "today", "and his delegation"), not by a lowercase noun of its own.
pub(crate) fn act_welcomed(text: &str) -> bool {
    let mut words = text.split_whitespace().skip(1).skip_while(|w| matches!(*w, "the" | "a" | "an"));
    let named: Vec<&str> = words.clone().take(4).take_while(|w| w.starts_with(char::is_uppercase)).collect();
    let possessive = words.next().is_some_and(|w| w.ends_with("'s") || w.ends_with("’s"));
    let closed = named.last().is_some_and(|w| w.ends_with([',', ';', ':']));
    let thing_after_name = !named.is_empty()
        && !closed
        && words.clone().nth(named.len().saturating_sub(1)).is_some_and(|w| {
            let w = w.trim_end_matches([',', '.', ';']);
            w.starts_with(char::is_lowercase)
                && !w.ends_with("ly")
                && !GUEST_FOLLOWERS.contains(&w)
                && !GUEST_NOUNS.contains(&w)
        });
    // "welcomed the December 2021 Council Conclusions": a dated text, no guest.
    let dated = named.first().is_some_and(|w| super::directed::WEEKDAY_OR_MONTH.is_match(w));
    possessive && words.next().is_some_and(|w| w.starts_with(char::is_lowercase))
        || named.iter().any(|w| crate::lexicon::is_thing_noun(w.trim_end_matches([',', '.', ';'])))
        || thing_after_name
        || dated
}

/// People a name may qualify ("a U.S. delegation", "African leaders").
const GUEST_NOUNS: [&str; 16] = [
    "delegation",
    "delegations",
    "leaders",
    "leader",
    "officials",
    "official",
    "ministers",
    "minister",
    "envoys",
    "envoy",
    "members",
    "representatives",
    "counterparts",
    "counterpart",
    "team",
    "guests",
];

/// Words that go on a sentence after a guest's name ("welcomed Prime
/// Minister X to Washington", "X and his delegation", "X today").
const GUEST_FOLLOWERS: [&str; 30] = [
    "to",
    "for",
    "at",
    "and",
    "of",
    "on",
    "in",
    "as",
    "who",
    "whom",
    "with",
    "back",
    "during",
    "from",
    "today",
    "yesterday",
    "tonight",
    "this",
    "last",
    "earlier",
    "again",
    "here",
    "there",
    "upon",
    "when",
    "while",
    "after",
    "before",
    "alongside",
    "together",
];
