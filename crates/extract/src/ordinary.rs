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
    let named: Vec<Vec<PersonMention>> = candidates.iter().map(|c| named_in(c)).collect();
    // The first words of names of two words or more, lower-cased: few, so the
    // article is searched for them rather than every word of it hashed.
    let first_word = |name: &str| name.split([' ', '.']).next().unwrap_or(name).to_string();
    let firsts: HashSet<String> = named
        .iter()
        .flatten()
        .filter(|m| m.name.contains(' '))
        .map(|m| first_word(&m.name))
        .filter(|first| !WORD_GIVEN_NAMES.contains(first.as_str()))
        .map(|first| first.to_lowercase())
        .filter(|lower| {
            lower.starts_with(char::is_lowercase) && !lower.contains(|c: char| !c.is_alphanumeric() && c != '-')
        })
        .collect();
    let lower = standing_words(sentences, &firsts);
    if lower.is_empty() {
        return HashSet::new();
    }
    let suspect = |m: &PersonMention| {
        let first = first_word(&m.name);
        m.name.contains(' ')
            && !WORD_GIVEN_NAMES.contains(first.as_str())
            && lower.contains(first.to_lowercase().as_str())
    };
    let mut suspects: HashSet<String> =
        named.iter().flatten().filter(|m| suspect(m)).map(|m| surname(&m.name).to_string()).collect();
    // A family name any mention of which has a title, or a listed leader's, is a name.
    for (s, named) in sentences.iter().zip(&named) {
        for m in named {
            if suspects.contains(surname(&m.name))
                && (parse_role(s.text, m, named).title.is_some() || crate::leaders::lookup(&m.name).is_some())
            {
                suspects.remove(surname(&m.name));
            }
        }
    }
    suspects
}

/// Which of `words` stand in the sentences as whole words (between
/// characters that are neither letters, digits nor hyphens): one pass over
/// the text for all of them.
fn standing_words<'w>(sentences: &[Sentence<'_>], words: &'w HashSet<String>) -> HashSet<&'w str> {
    let mut found = HashSet::new();
    if words.is_empty() {
        return found;
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let Ok(ac) = aho_corasick::AhoCorasick::new(&words) else { return found };
    let part = |c: char| c.is_alphanumeric() || c == '-';
    for text in sentences.iter().map(|s| s.text) {
        for m in ac.find_overlapping_iter(text) {
            if !text[..m.start()].chars().next_back().is_some_and(part)
                && !text[m.end()..].chars().next().is_some_and(part)
            {
                found.insert(words[m.pattern().as_usize()]);
            }
        }
    }
    found
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
