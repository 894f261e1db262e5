//! Capitalised runs that read as ordinary words, not names: fact-sheet
//! headings and slogans ("Loan Pause", "Murdered Indigenous") that the name
//! finder takes for persons. Input: an article's sentences and name
//! candidates; output: the family names to drop.

use std::collections::HashSet;

use crate::Sentence;
use crate::mentions::{PersonMention, surname};
use crate::titles::parse_role;

/// A sentence's name candidates, each with the length of a bare surname.
type Candidates = [(PersonMention, Option<usize>)];

/// The family names of capitalised runs that read as ordinary words, not
/// names ("Loan Pause", "Murdered Indigenous", "Toward Sub-Saharan": fact
/// sheet headings): no mention of them has a title, the leaders' list does
/// not know them, and their first word is written in lower case elsewhere in
/// the article ("a loan", "toward") and is no given name that is also a word
/// (`data/extract/word_given_names.txt`: Will, Mark, Grace).
pub(crate) fn common_words(
    sentences: &[Sentence<'_>],
    candidates: &[Vec<(PersonMention, Option<usize>)>],
    named_in: &dyn Fn(&Candidates) -> Vec<PersonMention>,
) -> HashSet<String> {
    let lower: HashSet<&str> = sentences
        .iter()
        .flat_map(|s| s.text.split(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|w| w.starts_with(|c: char| c.is_lowercase()))
        .collect();
    let mut titled: HashSet<String> = HashSet::new();
    let mut suspects: Vec<String> = Vec::new();
    for (s, c) in sentences.iter().zip(candidates) {
        let named = named_in(c);
        for m in &named {
            let (name, family) = (m.name.as_str(), surname(&m.name).to_string());
            if parse_role(s.text, m, &named).title.is_some() || crate::leaders::lookup(name).is_some() {
                titled.insert(family);
                continue;
            }
            let first = name.split([' ', '.']).next().unwrap_or(name);
            if name.contains(' ') && lower.contains(first.to_lowercase().as_str()) && !WORD_GIVEN_NAMES.contains(first)
            {
                suspects.push(family);
            }
        }
    }
    suspects.into_iter().filter(|f| !titled.contains(f)).collect()
}

/// Whether a word is a given name that is also an English word ("Bill", "Grace").
pub(crate) fn word_given_name(word: &str) -> bool {
    WORD_GIVEN_NAMES.contains(word)
}

/// Given names that are also English words (`data/extract/word_given_names.txt`).
static WORD_GIVEN_NAMES: std::sync::LazyLock<HashSet<&'static str>> = std::sync::LazyLock::new(|| {
    attache_model::tsv::list(
        "data/extract/word_given_names.txt",
        include_str!("../../../data/extract/word_given_names.txt"),
    )
    .into_iter()
    .collect()
});
