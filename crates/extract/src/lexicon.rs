//! The word lists the cast reads references with, compiled from `data/extract/`:
//! role phrases (`roles.tsv`), group nouns (`groups.tsv`), pronouns and
//! "the parties" (`pronouns.tsv`). Tables in, regular expressions and cheap
//! prefilters out.

use std::collections::HashMap;
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
/// 2 an adjective ("Kazakh"), 3 the phrase, 4 a state after "of".
pub(crate) static ROLE_REF: LazyLock<Regex> = LazyLock::new(|| {
    let heads: Vec<&str> = ROLES.iter().map(|r| r.pattern.as_str()).collect();
    Regex::new(&format!(
        r"\b(?:[Tt]he|[Hh]is|[Hh]er|(\p{{Lu}}[\p{{L}}-]+)['’]s) (?:(\p{{Lu}}[\p{{L}}-]+) )?({})\b(?: of (?:the )?(\p{{Lu}}[\p{{L}}-]+(?:(?: of(?: the)?)? \p{{Lu}}[\p{{L}}-]+){{0,3}}))?",
        heads.join("|")
    ))
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

/// What the role phrase `phrase` (group 3 of [`ROLE_REF`]) points at.
pub(crate) fn role_means(phrase: &str) -> Means {
    ROLES.iter().find(|r| r.whole.is_match(phrase)).map_or(Means::Title, |r| r.means)
}

struct Group {
    noun: &'static str,
    modifiers: Vec<&'static str>,
}

static GROUPS: LazyLock<Vec<Group>> = LazyLock::new(|| {
    let table =
        tsv::parse("data/extract/groups.tsv", include_str!("../../../data/extract/groups.tsv"), &["noun", "modifiers"]);
    table
        .rows
        .iter()
        .map(|r| Group {
            noun: r.get("noun"),
            modifiers: match r.get("modifiers") {
                "-" => Vec::new(),
                m => m.split('|').collect(),
            },
        })
        .collect()
});

/// A group of people: "the delegation of the X", "senior officials from Y".
pub(crate) static GROUP: LazyLock<Regex> = LazyLock::new(|| {
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
    Regex::new(&format!(
        r"\b(?:a |the |[Tt]he )?(?:{})\b(?:(?: of| from)? (?:the )?[\p{{Lu}}][^,.;:]{{2,90}})?",
        nouns.join("|")
    ))
    .expect("group nouns")
});

/// A cheap test before the group search.
pub(crate) static GROUP_HINT: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(GROUPS.iter().map(|g| g.noun)).expect("group hint automaton"));

/// (written form, refers: subject, object, parties, speaker or addressee)
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
            refers @ ("subject" | "object" | "parties" | "speaker" | "addressee") => (r.get("form"), refers),
            other => r.fail(format_args!("refers {other:?} is not subject, object, parties, speaker or addressee")),
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
    LazyLock::new(|| Regex::new(&format!(r"\b(?:{})\b", alternation(&["parties"]))).expect("parties"));

/// One-word pronoun forms -> what they refer to (subject, object, speaker, addressee).
static PRONOUN_WORDS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    PRONOUNS.iter().filter(|(f, r)| *r != "parties" && !f.contains(' ')).map(|(f, r)| (*f, *r)).collect()
});

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
                if let Some(refers) = PRONOUN_WORDS.get(&text[s..i]) {
                    out.push(Pronoun { start: s, end: i, refers });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}
