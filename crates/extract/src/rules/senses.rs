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
    // "meet the G7 Girls Education targets": a name that qualifies a thing.
    let qualifies_thing = thing_after_name(object.clone());
    matches!(verb.as_str(), "meet" | "meets")
        && (qualifies_thing
            || object.next().is_none_or(|w| {
                !intransitive(w) && (w.starts_with(char::is_lowercase) || w.ends_with("'s") || w.ends_with("’s"))
            }))
}

/// Whether the words (from a verb's object on) are a capitalised name
/// followed by a lowercase noun of its own ("Australian investments", "the
/// G7 targets"), not by a word that goes on the sentence ("to", "today",
/// "and his delegation") or a people noun ("a U.S. delegation").
fn thing_after_name<'a>(words: impl Iterator<Item = &'a str> + Clone) -> bool {
    let named: Vec<&str> = words.clone().take(4).take_while(|w| w.starts_with(char::is_uppercase)).collect();
    let closed = named.last().is_some_and(|w| w.ends_with([',', ';', ':']));
    !named.is_empty()
        && !closed
        && words.clone().nth(named.len()).is_some_and(|w| {
            let w = w.trim_end_matches([',', '.', ';']);
            w.starts_with(char::is_lowercase) && !w.ends_with("ly") && !is("guest_follower", w) && !is("guest_noun", w)
        })
}

/// "welcomed Australia's offer", "welcomed the Joint Declaration of ...",
/// "welcomed Vietnam joining the mission", "welcomed Italy's G7 Presidency",
/// "hosted an ASEAN Day celebration", "to receive F-16s": an act, a text,
/// an event or a thing welcomed
/// (`text` from the trigger on), not a guest. A guest's name is followed by
/// a word that goes on the sentence ("to the White House", "for talks",
/// "today", "and his delegation"), not by a lowercase noun of its own.
pub(crate) fn act_welcomed(text: &str) -> bool {
    let mut words = text.split_whitespace().skip(1).skip_while(|w| matches!(*w, "the" | "a" | "an"));
    let named: Vec<&str> = words.clone().take(4).take_while(|w| w.starts_with(char::is_uppercase)).collect();
    let thing_after_name = thing_after_name(words.clone());
    // "welcomed the Prime Minister's 'Green Economy model'": a name's thing;
    // "welcomed Italy's Prime Minister X" is a guest (a title after it).
    let owned = named.iter().position(|w| w.ends_with("'s") || w.ends_with("’s")).is_some_and(|p| {
        let rest: Vec<&str> = words.clone().skip(p + 1).take(3).collect();
        attache_gazetteer::gazetteer().title_head(&rest.join(" ")).is_none()
    });
    let possessive = words.next().is_some_and(|w| w.ends_with("'s") || w.ends_with("’s"));
    // "welcomed the December 2021 Council Conclusions": a dated text, no guest.
    let dated = named.first().is_some_and(|w| super::directed::WEEKDAY_OR_MONTH.is_match(w));
    // "to receive F-16s", "received COVID-19 vaccines": a model or a
    // product, written with digits; not "hosted G20 leaders".
    let model = named.first().is_some_and(|w| w.contains(|c: char| c.is_ascii_digit()))
        && !text
            .split_whitespace()
            .skip(1)
            .skip_while(|w| matches!(*w, "the" | "a" | "an"))
            .nth(named.len())
            .is_some_and(|w| is("guest_noun", w.trim_end_matches([',', '.', ';'])));
    possessive && words.next().is_some_and(|w| w.starts_with(char::is_lowercase))
        || named.iter().any(|w| crate::lexicon::is_thing_noun(w.trim_end_matches([',', '.', ';'])))
        || thing_after_name
        || owned
        || dated
        || model
}

/// "We welcome the summit held in X", "This conference follows the forum
/// hosted by Y", "the summit to be held in Z", "The summit hosted by Spain
/// will ensure ...": a forum named as background, welcomed, followed or to
/// come, not one the clause's subject took part in (`start`: where the
/// forum's noun begins).
pub(crate) fn forum_in_background(text: &str, start: usize) -> bool {
    let clause = text[..start].rsplit([',', ';', ':', '—']).next().unwrap_or("").to_lowercase();
    let background = clause.split_whitespace().any(|w| is("forum_background", w));
    background || FORUM_TO_COME.is_match(&text[start..])
}

/// A forum's noun, its verb, then "to be held" or "will" before the clause ends.
static FORUM_TO_COME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^[^,;]{0,80}?\b(?:(?:to|will) be (?:held|hosted|organi[sz]ed)|(?:held|hosted|organi[sz]ed)\b[^,;]{0,60}?\bwill)\b")
        .expect("forum to come")
});

/// "We will hold Russia to account", "will hold those responsible
/// accountable": "hold" as in blame, no meeting held or hosted (`rest`: the
/// text from the trigger).
pub(crate) fn holds_to_account(rest: &str) -> bool {
    static TO_ACCOUNT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\w+ (?:\w+ )?hold\b[^,;.]{0,80}?\b(?:to account|accountable)").expect("to account")
    });
    TO_ACCOUNT.is_match(rest)
}

/// "called on the President to release ...", "will call on G7 partners to
/// prioritize ...": an appeal, not a visit (`clause`: from the trigger to
/// the clause's end).
pub(crate) fn appeal(clause: &str) -> bool {
    static URGED: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\bto ([a-z]+)\b").expect("urged"));
    URGED.captures_iter(clause).any(|c| !matches!(&c[1], "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our"))
}

/// "participated in the APEC Leaders' Retreat", "took part in talks": taking
/// part in an encounter, whose noun follows "in" within a few words; not in
/// "peer reviews", "exchange programs" or "these strikes" (`rest`: the text
/// from the trigger). "Indian companies taking part in ...": the noun before
/// "taking" takes part, not the clause's subject.
pub(crate) fn takes_part_in_encounter(before: &str, rest: &str) -> bool {
    let participle = rest.starts_with("taking")
        && before.split_whitespace().next_back().is_some_and(|w| {
            w.starts_with(char::is_lowercase)
                && !matches!(w, "is" | "are" | "was" | "were" | "be" | "been" | "also" | "and")
        });
    let object = rest.split_once(" in ").map_or("", |(_, o)| o);
    let object = object.split([',', ';']).next().unwrap_or("");
    // "the G20", "the OSCE Ministerial", "the SCO": a forum's acronym is an encounter too.
    let acronym = |w: &str| {
        w.chars().count() >= 2
            && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && w.chars().any(|c| c.is_ascii_uppercase())
    };
    let encounter = object.split_whitespace().take(9).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        acronym(w) || is("encounter", &w.to_lowercase())
    });
    encounter && !participle
}

/// Whether the words between the trigger and the first actor or place
/// name a perpetrator we do not know: a capitalised name right after the
/// trigger ("condemned Hamas and its acts", "condemning Houthi attacks"), as
/// a possessor ("the Taliban's decision") or after "by" ("attacks by the
/// Houthis"). Month and day names are dates, not perpetrators.
///
/// `agent_only`: only the "by" form counts (praise names its object freely:
/// "thanked His Holiness", "appreciation for Mr. Cho's service").
pub(crate) fn names_outsider(object: &str, agent_only: bool) -> bool {
    let words: Vec<&str> = object.split_whitespace().collect();
    let named = |w: &str| {
        let w = w.trim_end_matches([',', ';', ':', '.']);
        let bare = w.trim_end_matches("’s").trim_end_matches("'s").trim_end_matches(['’', '\'']);
        bare.chars().next().is_some_and(char::is_uppercase)
            && bare.chars().skip(1).any(char::is_lowercase)
            && !super::directed::WEEKDAY_OR_MONTH.is_match(bare)
            // "condemned President X for ...": a title before a name we know.
            && attache_gazetteer::gazetteer().title_head(bare).is_none()
            && !matches!(bare, "Mr." | "Mrs." | "Ms." | "Dr." | "The" | "His" | "Her" | "Their" | "Your" | "Our")
    };
    let possessive = |w: &str| w.ends_with("’s") || w.ends_with("'s") || w.ends_with('’') || w.ends_with('\'');
    // "condemn unequivocally Hamas", "again condemned Hamas": adverbs first.
    let head = words.iter().find(|w| !w.ends_with("ly") && !matches!(**w, "again" | "also" | "once"));
    if !agent_only && head.is_some_and(|w| named(w)) {
        return true;
    }
    words.iter().enumerate().any(|(i, w)| {
        (!agent_only && named(w) && possessive(w))
            || (*w == "by" && words[i + 1..].iter().find(|w| **w != "the").is_some_and(|w| named(w)))
    })
}

/// Whether `word` is one of `kind` in `data/extract/senses.tsv`.
pub(crate) fn is(kind: &str, word: &str) -> bool {
    static WORDS: std::sync::LazyLock<rustc_hash::FxHashSet<(&'static str, &'static str)>> =
        std::sync::LazyLock::new(|| {
            let table = attache_model::tsv::parse(
                "data/extract/senses.tsv",
                include_str!("../../../../data/extract/senses.tsv"),
                &["kind", "word"],
            );
            table.rows.iter().map(|r| (r.get("kind"), r.get("word"))).collect()
        });
    WORDS.contains(&(kind, word))
}

/// [`names_outsider`] on the words from `from` (a trigger's end) to the
/// first actor or place the sentence names after it.
pub(crate) fn outsider_named_after(cx: &super::Context<'_>, from: usize, agent_only: bool) -> bool {
    let known = cx.refs.iter().map(|r| r.start).chain(cx.places.iter().map(|h| h.start));
    let first_known = known.filter(|&at| at >= from).min().unwrap_or(cx.s.text.len());
    names_outsider(&cx.s.text[from..first_known], agent_only)
}
