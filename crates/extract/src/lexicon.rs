//! The word lists the cast reads references with, compiled from `data/extract/`:
//! role phrases (`roles.tsv`), group nouns (`groups.tsv`), pronouns and
//! "the parties" (`pronouns.tsv`). Tables in, regular expressions and cheap
//! prefilters out.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use attache_model::tsv;
use regex::Regex;

/// Whom a role phrase points at (the `means` column of `roles.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Means {
    /// A person whose title head is the phrase or ends with it.
    Title,
    /// A person of the diplomatic sector.
    Diplomat,
    /// A head of state, or anyone titled president.
    HeadOfState,
    /// A legislator, or anyone titled deputy.
    Legislator,
    /// A head of state ("the Head of the Government").
    HeadOfInstitution,
    /// The other side of the person last named first in a sentence.
    OtherSide,
}

struct RoleRow {
    /// The phrase as a regular expression.
    pattern: String,
    /// The same, matching a whole string.
    whole: Regex,
    means: Means,
    /// The phrase's first word, lower case: the prefilter's needle.
    first_word: String,
}

static ROLES: LazyLock<Vec<RoleRow>> = LazyLock::new(|| {
    let table = tsv::parse(
        "data/extract/roles.tsv",
        include_str!("../../../data/extract/roles.tsv"),
        &["phrase", "lower", "means"],
    );
    table
        .rows
        .iter()
        .map(|r| {
            let phrase = r.get("phrase");
            let mut pattern = phrase.split("<Name>").map(regex::escape).collect::<Vec<_>>().join(r"\p{Lu}\p{L}+");
            match r.get("lower") {
                "yes" => {
                    let first = pattern.chars().next().unwrap_or_else(|| r.fail("empty phrase"));
                    let lower: String = first.to_lowercase().collect();
                    pattern = format!("[{first}{lower}]{}", &pattern[first.len_utf8()..]);
                }
                "no" => {}
                other => r.fail(format_args!("lower {other:?} is not yes or no")),
            }
            let means = match r.get("means") {
                "title" => Means::Title,
                "diplomat" => Means::Diplomat,
                "head-of-state" => Means::HeadOfState,
                "legislator" => Means::Legislator,
                "head-of-institution" => Means::HeadOfInstitution,
                "other-side" => Means::OtherSide,
                other => r.fail(format_args!("means {other:?} is unknown")),
            };
            let whole = Regex::new(&format!("^(?:{pattern})$")).unwrap_or_else(|e| r.fail(e));
            let first_word = phrase.split(' ').next().unwrap_or(phrase).to_lowercase();
            RoleRow { pattern, whole, means, first_word }
        })
        .collect()
});

/// A role phrase referring back to a person: group 1 a possessor ("Spain's"),
/// 2 an adjective ("Kazakh"), 3 a meeting word before a phrase with no
/// article, as headlines and posts write it ("meets with Governor of Utah":
/// the phrase starts after it, and only one naming its state refers), 4 the
/// phrase, 5 a state after "of".
pub(crate) static ROLE_REF: LazyLock<Regex> = LazyLock::new(|| {
    let heads: Vec<&str> = ROLES.iter().map(|r| r.pattern.as_str()).collect();
    // A larger cache for the lazy DFA: its Unicode classes make many states,
    // and a cache too small is cleared and rebuilt over and over.
    regex::RegexBuilder::new(&format!(
        r"(?-u:\b)(?:(?:[Tt]he|[Hh]is|[Hh]er|(\p{{Lu}}[\p{{L}}-]+)['’]s) (?:(\p{{Lu}}[\p{{L}}-]+) )?|((?:[Mm]eets?|[Mm]et|[Mm]eeting) with |[Mm]eets |[Mm]et |[Mm]eeting |^|, ))({})(?-u:\b)(?: of (?:the )?(\p{{Lu}}[\p{{L}}-]+(?:(?: of(?: the)?)? \p{{Lu}}[\p{{L}}-]+){{0,3}}))?",
        heads.join("|")
    ))
    .dfa_size_limit(64 << 20)
    .build()
    .expect("role phrases")
});

/// A cheap test before the capture search: does the first word of any role phrase occur?
pub(crate) static ROLE_HINT: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(ROLES.iter().map(|r| r.first_word.as_str()))
        .expect("role hint automaton")
});

/// The title head of a role phrase and what it points at: "The Vice
/// President" (`adjective` "Vice") is another office than "the President",
/// held by a person with that title, not a state's adjective.
pub(crate) fn role_head(adjective: Option<&str>, phrase: &str) -> (String, Means) {
    match adjective {
        Some(w @ ("Vice" | "Deputy")) => (format!("{} {}", w.to_lowercase(), phrase.to_lowercase()), Means::Title),
        _ => (phrase.to_lowercase(), role_means(phrase)),
    }
}

/// What the role phrase `phrase` (group 4 of [`ROLE_REF`]) points at.
pub(crate) fn role_means(phrase: &str) -> Means {
    ROLES.iter().find(|r| r.whole.is_match(phrase)).map_or(Means::Title, |r| r.means)
}

struct Group {
    noun: &'static str,
    modifiers: Vec<&'static str>,
    /// A group only with its state named (`named` in the file).
    needs_state: bool,
}

static GROUPS: LazyLock<Vec<Group>> = LazyLock::new(|| {
    let table = tsv::parse(
        "data/extract/groups.tsv",
        include_str!("../../../data/extract/groups.tsv"),
        &["noun", "modifiers", "state"],
    );
    table
        .rows
        .iter()
        .map(|r| Group {
            noun: r.get("noun"),
            modifiers: match r.get("modifiers") {
                "-" => Vec::new(),
                m => m.split('|').collect(),
            },
            needs_state: match r.get("state") {
                "named" => true,
                "any" => false,
                other => r.fail(format_args!("state {other:?}: expected any or named")),
            },
        })
        .collect()
});

/// Whether the group phrase's noun makes a group only with its state named
/// ("Chilean business leaders", "investors from Chile").
pub(crate) fn needs_state(phrase: &str) -> bool {
    let head = phrase.split([',', ';']).next().unwrap_or(phrase);
    let noun_end = [" of ", " from "].iter().filter_map(|p| head.find(p)).min().unwrap_or(head.len());
    let noun = head[..noun_end].trim();
    GROUPS.iter().any(|g| g.needs_state && noun.ends_with(g.noun))
}

/// A group of people: "the delegation of the X", "senior officials from Y".
static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    let nouns: Vec<String> = GROUPS
        .iter()
        .map(|g| {
            let noun = regex::escape(g.noun);
            if g.modifiers.is_empty() {
                noun
            } else {
                let modifiers: Vec<String> = g.modifiers.iter().map(|m| format!("{} ", regex::escape(m))).collect();
                format!("(?:{})?{noun}", modifiers.join("|"))
            }
        })
        .collect();
    Regex::new(&format!(r"(?-u:\b)(?:a |the |[Tt]he )?(?:{})(?-u:\b)", nouns.join("|"))).expect("group nouns")
});

/// The group phrases of a sentence as byte ranges: the noun, the name that
/// follows it (a group noun inside that name is no group of its own), without
/// the clause after the name.
pub(crate) fn groups(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if !GROUP_HINT.is_match(text) {
        return out;
    }
    let mut taken = 0;
    for m in GROUP.find_iter(text) {
        if m.start() < taken {
            continue;
        }
        taken = group_end(text, m.end());
        out.push((m.start(), m.start() + group_phrase(&text[m.start()..taken]).len()));
    }
    out
}

/// Where a group phrase found by [`GROUP`] (ending at `end`) ends with the
/// name that may follow it: " of the Norland Ministry ...", " from Estoria":
/// from a capital up to the next `,.;:` (at most 90 characters), as
/// [`group_phrase`] then cuts; `end` when no capitalised name follows.
pub(crate) fn group_end(text: &str, end: usize) -> usize {
    let lead = [" of", " from"].iter().find_map(|lead| text[end..].strip_prefix(lead));
    let Some(r) = lead.unwrap_or(&text[end..]).strip_prefix(' ') else { return end };
    // "lawmakers Tuesday endorsed": a day or month names no one.
    let next = r.split([' ', ',', '.']).next().unwrap_or("");
    const DAYS: [&str; 9] =
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Today", "Yesterday"];
    if lead.is_none() && (DAYS.contains(&next) || attache_model::months::number(next).is_some()) {
        return end;
    }
    let r = r.strip_prefix("the ").unwrap_or(r);
    if !r.starts_with(char::is_uppercase) {
        return end;
    }
    let name_start = text.len() - r.len();
    let first = r.chars().next().map_or(0, char::len_utf8);
    let tail: usize =
        r[first..].chars().take_while(|c| !matches!(c, ',' | '.' | ';' | ':')).take(90).map(char::len_utf8).sum();
    if r[first..first + tail].chars().count() < 2 { end } else { name_start + first + tail }
}

/// A group phrase as [`GROUP`] finds it, without the clause that may follow
/// its name ("representatives from the Norland Administration discussed
/// ...": up to "discussed"): it ends before a lower-case verb in "-ed", an
/// auxiliary or a relative pronoun.
pub(crate) fn group_phrase(found: &str) -> &str {
    let mut pos = 0;
    for (i, w) in found.split_inclusive(' ').enumerate() {
        let core = w.trim();
        let verb = core.len() > 3 && core.ends_with("ed")
            || matches!(
                core,
                "is" | "are"
                    | "was"
                    | "were"
                    | "will"
                    | "would"
                    | "have"
                    | "has"
                    | "had"
                    | "said"
                    | "met"
                    | "held"
                    | "took"
                    | "who"
                    | "which"
                    | "that"
                    | "can"
                    | "could"
                    | "also"
                    | "then"
            );
        if i >= 2 && verb {
            let mut phrase = found[..pos].trim_end();
            while let Some(rest) = [" and", " of", " the", " for", " to"].iter().find_map(|c| phrase.strip_suffix(c)) {
                phrase = rest;
            }
            return phrase;
        }
        pos += w.len();
    }
    found
}

/// A cheap test before the group search.
static GROUP_HINT: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(GROUPS.iter().map(|g| g.noun)).expect("group hint automaton"));

/// (written form, refers: subject, object, parties, speaker, addressee or audience)
static PRONOUNS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    let table = tsv::parse(
        "data/extract/pronouns.tsv",
        include_str!("../../../data/extract/pronouns.tsv"),
        &["form", "refers"],
    );
    table
        .rows
        .iter()
        .map(|r| match r.get("refers") {
            refers @ ("subject" | "object" | "parties" | "speaker" | "addressee" | "audience") => {
                (r.get("form"), refers)
            }
            other => {
                r.fail(format_args!("refers {other:?} is not subject, object, parties, speaker, addressee or audience"))
            }
        })
        .collect()
});

fn alternation(refers: &[&str]) -> String {
    let forms: Vec<String> =
        PRONOUNS.iter().filter(|(_, r)| refers.contains(r)).map(|(f, _)| regex::escape(f)).collect();
    forms.join("|")
}

/// The last words of the "parties" phrases: a cheap test before [`PARTIES`].
pub(crate) static PARTIES_HINT: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let last: Vec<&str> =
        PRONOUNS.iter().filter(|(_, r)| *r == "parties").filter_map(|(f, _)| f.rsplit(' ').next()).collect();
    AhoCorasick::builder().ascii_case_insensitive(true).build(last).expect("parties hint automaton")
});

/// "the parties", "both sides": the two sides of the article's encounter.
pub(crate) static PARTIES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", alternation(&["parties"]))).expect("parties"));

/// "all of you", "each of you": a speaker's whole audience.
pub(crate) static AUDIENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", alternation(&["audience"]))).expect("audience"));

/// One-word pronoun forms -> what they refer to (subject, object, speaker, addressee).
static PRONOUN_WORDS: LazyLock<rustc_hash::FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    PRONOUNS
        .iter()
        .filter(|(f, r)| !matches!(*r, "parties" | "audience") && !f.contains(' '))
        .map(|(f, r)| (*f, *r))
        .collect()
});

/// The length in bytes of the longest one-word pronoun form.
static PRONOUN_MAX_LEN: LazyLock<usize> = LazyLock::new(|| PRONOUN_WORDS.keys().map(|f| f.len()).max().unwrap_or(0));

/// A pronoun in a sentence: where it stands and what it refers to.
pub(crate) struct Pronoun {
    pub start: usize,
    pub end: usize,
    pub refers: &'static str,
}

/// The one-word pronouns of a sentence, in text order: a scan of its words
/// (a regex over such short, common words would check every "the" and "us").
pub(crate) fn pronouns(text: &str) -> Vec<Pronoun> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (start, c.is_alphabetic()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                // A word longer than the longest one-word form is none.
                if i - s <= *PRONOUN_MAX_LEN
                    && let Some(refers) = PRONOUN_WORDS.get(&text[s..i])
                {
                    out.push(Pronoun { start: s, end: i, refers });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

static COURTESIES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| tsv::list("data/extract/courtesies.txt", include_str!("../../../data/extract/courtesies.txt")));

/// Thanks with nothing but an address after them: "Thank you very much, Mr
/// President.", "Thanks, Kate." (a speaker label may stand before).
static BARE_THANKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:thanks|thank you)(?i: (?:very|so) much)?(?i: (?:again|all|everyone|everybody))?(?:,? (?:colleagues|friends|(?:(?:Mr|Mrs|Ms|Madam|Dr)\.? )?\p{Lu}[\w.'’-]*(?: \p{Lu}[\w.'’-]*){0,2}))?[.!]*$",
    )
    .expect("bare thanks")
});

/// Whether thanks starting at `at` are a courtesy of the occasion, not
/// praise: thanks with nothing but an address, or thanks "for" an entry of
/// `courtesies.txt` ("for coming", "for the warm welcome") in the clause.
pub(crate) fn courtesy_thanks(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let rest = text[at..].trim_end();
    // Before the thanks: nothing, a speaker label ("Q", "MR. KIRBY:") or an opener ("So,").
    let label = before.len() <= 40 && before.chars().all(|c| c.is_uppercase() || " .'-".contains(c));
    let opener = matches!(before.trim_end_matches(','), "So" | "Well" | "Again" | "And" | "Once again" | "Okay");
    // After them, an aside in brackets of the transcript ("<…>", "(Applause.)").
    let aside = rest
        .strip_suffix(['>', ']', ')'])
        .and_then(|r| r.rfind(['<', '[', '(']))
        .map_or(rest, |i| rest[..i].trim_end());
    if (label || opener || before.ends_with(':')) && BARE_THANKS.is_match(aside) {
        return true;
    }
    let clause = &rest[..rest.find([';', '.']).unwrap_or(rest.len())];
    let Some(i) = clause.find(" for ") else { return false };
    let what = clause[i + 5..].to_lowercase();
    COURTESIES.iter().any(|c| {
        what.strip_prefix(c)
            .is_some_and(|after| after.is_empty() || after.starts_with(|ch: char| !ch.is_alphanumeric()))
    })
}

static MODIFIER_SUFFIXES: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    tsv::list("data/extract/modifier_suffixes.txt", include_str!("../../../data/extract/modifier_suffixes.txt"))
        .into_iter()
        .collect()
});

/// Whether the text after a state's name makes it a modifier: a hyphen and
/// a word of `modifier_suffixes.txt` ("-backed", "-based", "-brokered").
pub(crate) fn modifier_suffix(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(['-', '–']) else { return false };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    MODIFIER_SUFFIXES.contains(word.to_lowercase().as_str())
}

static THING_SUBJECTS: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    tsv::list("data/extract/thing_subjects.txt", include_str!("../../../data/extract/thing_subjects.txt"))
        .into_iter()
        .collect()
});

/// Whether a word (any case, singular or plural) names a thing of
/// `thing_subjects.txt` ("Declaration", "plans").
pub(crate) fn is_thing_noun(word: &str) -> bool {
    let w = word.to_lowercase();
    THING_SUBJECTS.contains(w.as_str()) || w.strip_suffix('s').is_some_and(|s| THING_SUBJECTS.contains(s))
}

/// Whether the clause ending at `at` has, before it, a subject naming a
/// thing (`thing_subjects.txt`: "The new programme will fund ...", "a
/// pipeline that will deliver ..."): a noun of the list among the words since
/// the clause began (the sentence's start, a comma, semicolon, colon or
/// dash). Callers ask this only when no actor stands before `at`.
pub(crate) fn names_thing_subject(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let start = [", ", "; ", ": ", " — ", " – ", "—"]
        .iter()
        .filter_map(|b| before.rfind(b).map(|i| i + b.len()))
        .max()
        .unwrap_or(0);
    let clause = &before[start..];
    // "Harbour Robotics, a firm based in Oslo, will ...", "The new port,
    // together with the roads to it, will ...": the subject stands before
    // the appositive.
    if clause.trim().is_empty()
        && let Some(comma) = before.find(", ")
        && (crate::firms::thing_appositive(&before[comma..])
            || verb_of_head(&text[at..]) && heads_with_thing(&before[..comma]))
    {
        return true;
    }
    // "a ferry line that will ...": a relative clause of a noun phrase.
    let words: Vec<&str> = clause.split_whitespace().collect();
    let n = words.len();
    if n >= 3
        && matches!(words[n - 1], "that" | "which")
        && words[n.saturating_sub(4)..n - 2].iter().any(|d| {
            matches!(d.to_lowercase().as_str(), "a" | "an" | "the" | "this" | "these" | "its" | "their" | "new")
        })
    {
        return true;
    }
    heads_with_thing(clause) || named_subject(clause)
}

/// Whether the words at a trigger are a finite verb the sentence's head
/// phrase governs ("will open", "plans to"), not a participle of a phrase
/// inside it ("signed by", "condemning").
fn verb_of_head(at: &str) -> bool {
    matches!(
        at.split_whitespace().next(),
        Some("will" | "would" | "shall" | "plans" | "intends" | "aims" | "seeks" | "is" | "are" | "has" | "have")
    )
}

/// Whether a listed noun heads a phrase of `clause`, not a word inside a
/// proper name ("the Investment Fund"): no capitalised word follows it.
fn heads_with_thing(clause: &str) -> bool {
    clause
        .match_indices(|c: char| c.is_alphanumeric())
        .filter(|(i, _)| *i == 0 || !clause[..*i].ends_with(|c: char| c.is_alphanumeric()))
        .any(|(i, _)| {
            let word: &str = clause[i..].split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            let next = clause[i + word.len()..].trim_start();
            let w = word.to_lowercase();
            let singular = w.strip_suffix('s').unwrap_or(&w);
            let listed = THING_SUBJECTS.contains(w.as_str()) || THING_SUBJECTS.contains(singular);
            listed && !next.starts_with(char::is_uppercase)
        })
}

/// "a hub that will deliver ...", "an agreement which will provide ...": the
/// trigger's subject is a relative pronoun whose noun, right before it, is a
/// thing (lower case, not a person's word), whatever actor the sentence names.
pub(crate) fn thing_relative(before: &str) -> bool {
    let mut words = before.split_whitespace().rev();
    let (Some(pronoun), Some(noun)) = (words.next(), words.next()) else { return false };
    matches!(pronoun, "that" | "which")
        && noun.chars().all(|c| c.is_lowercase() || c == '-')
        && !matches!(
            noun,
            "people" | "officials" | "leaders" | "countries" | "nations" | "states" | "partners" | "those"
        )
        && !noun.ends_with(',')
}

/// "Carrier announced a new plant": a short clause opened by a capitalised
/// name that is no actor (callers ask only when none stands there), a firm or
/// a thing, not a pronoun, an article, a title or a word of time.
/// So do an acronym ("USAID will provide ...") and an article before a
/// capitalised noun ("The Fund will provide ...").
fn named_subject(clause: &str) -> bool {
    let words: Vec<&str> = clause.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
    let name = |w: &str| {
        w.starts_with(char::is_uppercase)
            && w.chars().any(char::is_lowercase)
            && !crate::mentions::never_name(w)
            && !IMPLIED_SUBJECTS.contains(&w)
    };
    let acronym = |w: &str| w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase());
    match words.as_slice() {
        [] => false,
        ["The" | "A" | "An", head, rest @ ..] if rest.len() <= 1 => {
            // Not an office ("The Prime Minister"), a state's body ("The
            // Australian Government") or people ("The Leaders").
            let g = attache_gazetteer::gazetteer();
            let phrase = words[1..].join(" ");
            head.starts_with(char::is_uppercase)
                && head.chars().any(char::is_lowercase)
                && !PEOPLE.contains(head)
                && g.title_head(&phrase).is_none()
                && g.institution_sector(&phrase).is_none()
                && g.places(&phrase).is_empty()
        }
        [first, ..] => name(first) || acronym(first),
    }
}

/// Capitalised plural nouns for people acting together ("The Leaders welcomed ...").
const PEOPLE: &[&str] =
    &["Leaders", "Parties", "Sides", "Participants", "Delegations", "Governments", "Heads", "Ministers"];

/// Capitalised words that open a clause whose actor is a pronoun or implied.
const IMPLIED_SUBJECTS: &[&str] =
    &["I", "We", "You", "He", "She", "It", "They", "Both", "Each", "Today", "Yesterday", "Tomorrow", "Also", "Then"];

/// Whether `rest` goes on with a verb, as after a clause's subject ("...
/// discussed", "... will visit", "... has sent"): a lower-case word ending in
/// -ed or -s, or an auxiliary or common irregular past (not "of", "and").
pub(crate) fn verb_follows(rest: &str) -> bool {
    const VERBS: &[&str] = &[
        "will",
        "would",
        "has",
        "had",
        "was",
        "is",
        "can",
        "also",
        "met",
        "held",
        "spoke",
        "said",
        "sent",
        "took",
        "made",
        "gave",
        "paid",
        "told",
        "wrote",
        "led",
        "chose",
        "underlined",
        "stressed",
    ];
    let Some(word) = rest.strip_prefix(' ').and_then(|r| r.split([' ', ',', '.']).next()) else { return false };
    word.starts_with(char::is_lowercase)
        && (VERBS.contains(&word) || word.len() > 3 && (word.ends_with("ed") || word.ends_with('s')))
}

/// Whether a role phrase after `before` is the office a title serves
/// ("Chief Advisor to the President of X", "Assistant to the Prime
/// Minister"): part of that title, not a reference to its holder.
pub(crate) fn serves(before: &str) -> bool {
    let Some(rest) = before.trim_end().strip_suffix(" to") else { return false };
    rest.rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_phrase_ends_before_its_clause() {
        let found = "representatives from the Norland Administration discussed the plan";
        assert_eq!(group_phrase(found), "representatives from the Norland Administration");
        assert_eq!(
            group_phrase("officials of the Estorian Ministry of Fisheries"),
            "officials of the Estorian Ministry of Fisheries"
        );
        assert_eq!(group_phrase("members of the Norland diaspora who live there"), "members of the Norland diaspora");
        assert_eq!(
            group_phrase("officials of the Norland Authority and provided a forum"),
            "officials of the Norland Authority"
        );
        assert!(AUDIENCE.is_match("congratulate all of you on"));
        assert!(verb_follows(" discussed it") && verb_follows(" will visit") && verb_follows(" sends"));
        assert!(!verb_follows(" of Chile") && !verb_follows(" and") && !verb_follows(" Anna") && !verb_follows(""));
        assert!(!AUDIENCE.is_match("congratulate you on"));
    }

    #[test]
    fn courtesy_thanks_are_no_praise() {
        let at = |s: &str| s.to_lowercase().find("thank").or_else(|| s.find("grateful")).unwrap();
        for s in [
            "Thank you very much, Mr President.",
            "MS. LUNDE: Thanks, Pedro.",
            "Thank you.",
            "The minister thanked her hosts for the warm welcome.",
            "Once more I thank both guests, the Chilean President and the Peruvian Prime Minister, for agreeing to come to Oslo.",
            "Thank you for your invitation, I will certainly come.",
            "Q    Thank you.",
            "So, thank you very much. <…>",
            "Well, thanks again, Kari. (Applause.)",
            "Many thanks to all of you for joining, and good afternoon.",
        ] {
            assert!(courtesy_thanks(s, at(s)), "{s}");
        }
        for s in [
            "The minister thanked Chile for its help after the storm.",
            "Thank you for hosting the fisheries talks in Lima.",
            "She was grateful for the grain sent to the port.",
            "Thanks to Chile, the port reopened in May.",
        ] {
            assert!(!courtesy_thanks(s, at(s)), "{s}");
        }
    }

    #[test]
    fn a_thing_as_subject() {
        let at = |s: &str| s.find(" will").unwrap();
        for s in [
            "The new coastal programme will fund harbour repairs.",
            "In March, the partnership will open a hub.",
            "Work continues on a ferry line that will deliver supplies.",
            "Work continues on the road that will link the ports.",
            "The Clean Harbours Program (CHP) will expand to Chile.",
        ] {
            assert!(names_thing_subject(s, at(s)), "{s}");
        }
        for s in [
            "The Investment Fund of Norway will provide loans.",
            "Today the President will travel to Chile.",
            "We are pleased to announce that Norway will provide aid.",
        ] {
            assert!(!names_thing_subject(s, at(s)), "{s}");
        }
    }

    #[test]
    fn an_office_a_title_serves() {
        assert!(serves("Olav Berg, Chief Adviser to "));
        assert!(!serves("He spoke to "));
        assert!(!serves("Olav Berg went "));
    }
}
