//! Names that are firms', not persons: an appositive ("X, a firm based in
//! Oslo"), a legal form ("X, Inc."), a firm noun before them ("energy company
//! X"). Input: the text around a name; output: whether it names a firm.

use std::collections::HashSet;
use std::sync::LazyLock;

/// An appositive that makes the name before it a firm's or a body's.
static THING_APPOSITIVE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"^,? (?:a|an|the) (?:[\w-]+ ){0,2}?(?:firm|company|startup|start-up|corporation|nonprofit|non-profit|charity|manufacturer|producer|bank|university|platform|think tank|fund|foundation)\b",
    )
    .unwrap()
});

/// Whether `after` (the text right after a name) opens an appositive that
/// makes the name a firm's or a body's ("..., a firm based in Oslo"), or a
/// firm noun follows it, capitalised ("X, Inc.", "X Ltd", "X Company").
pub(crate) fn thing_appositive(after: &str) -> bool {
    let legal = after.strip_prefix(',').unwrap_or(after).strip_prefix(' ').is_some_and(|rest| {
        let word = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        word.starts_with(char::is_uppercase) && company_noun(word)
    });
    legal || THING_APPOSITIVE.find(after).is_some_and(|m| !m.as_str().contains(" of "))
}

/// Whether `word` (any case) makes the names next to it firms
/// (`data/extract/company_nouns.txt`: "company", "firms", "Inc").
pub(crate) fn company_noun(word: &str) -> bool {
    static WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        attache_model::tsv::list(
            "data/extract/company_nouns.txt",
            include_str!("../../../data/extract/company_nouns.txt"),
        )
        .into_iter()
        .collect()
    });
    !word.is_empty() && WORDS.contains(word.to_lowercase().as_str())
}

/// Whether the name at the end of `before` follows a firm noun in lower case
/// ("energy company X", "two Norland companies, A", "U.S. firm X"): a firm's
/// name. (A capitalised one ends the firm's own name: "Rallar Ltd Kari Lunde".)
fn after_firm_noun(before: &str) -> bool {
    let b = before.trim_end().trim_end_matches([',', '–', '—', ':']).trim_end();
    b.rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_lowercase) && company_noun(w))
}

/// Whether the name at `s..e` of `sentence` is a firm's: an appositive or a
/// legal form after it, a firm noun before it, or listed right after a firm's
/// name that ends at `firm_end` ("companies A and B").
pub(crate) fn names_a_firm(sentence: &str, (s, e): (usize, usize), firm_end: Option<usize>) -> bool {
    let listed = firm_end.is_some_and(|f| matches!(sentence.get(f..s), Some(" and " | ", " | ", and ")));
    thing_appositive(&sentence[e..]) || after_firm_noun(&sentence[..s]) || listed
}
