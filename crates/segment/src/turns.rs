//! Transcript turns. Scraped transcripts often arrive as one paragraph:
//! "... the talks began. President of Norland Anna Berg: Welcome, Prime
//! Minister. ... Prime Minister of Sudia Omar Lind (retranslated): Thank you,
//! Madam President ...". Each turn becomes a unit of
//! its own, written `Label:\nspeech`: the label on the first line (so it is a
//! sentence of its own) and the speech after it, which is how
//! [`attache_model::Article::speaker`] knows who says a sentence.
//!
//! A label is a run of capitalised words (with particles such as "of" and a
//! parenthesis such as "(retranslated)") before ": " and a capital. It
//! starts after a sentence end, at the start of the unit, or, when it opens
//! with a title word ("President ...", `data/segment/speakers.tsv`), after a
//! heading fragment. Labels naming a part of a page ("Fact Sheet:", "Read
//! More:") or a plural ("the two Prime Ministers:") are not speakers.
//! Separators of turns (`***`, `* * *`) are dropped.

use std::collections::HashSet;
use std::sync::LazyLock;

struct Lists {
    title: HashSet<&'static str>,
    single: HashSet<&'static str>,
    not: HashSet<&'static str>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let mut lists = Lists { title: HashSet::new(), single: HashSet::new(), not: HashSet::new() };
    let table = attache_model::tsv::parse(
        "data/segment/speakers.tsv",
        include_str!("../../../data/segment/speakers.tsv"),
        &["kind", "word"],
    );
    for r in &table.rows {
        let word = r.get("word").trim();
        match r.get("kind") {
            "title" => lists.title.insert(word),
            "single" => lists.single.insert(word),
            "not" => lists.not.insert(word),
            other => r.fail(format_args!("kind {other:?} is not title, single or not")),
        };
    }
    lists
});

const PARTICLES: &[&str] =
    &["of", "the", "and", "for", "de", "da", "del", "di", "van", "von", "bin", "ibn", "al", "el", "le", "la", "du"];

/// Words that never stand right before a label that opens without a sentence end.
const FUNCTION_WORDS: &[&str] = &[
    "by", "the", "a", "an", "of", "for", "to", "from", "with", "and", "or", "as", "that", "said", "says", "told",
    "wrote",
];

/// Words that never open a speaker label.
const NOT_FIRST: &[&str] = &[
    "before", "after", "during", "in", "on", "at", "for", "with", "under", "over", "since", "until", "from", "to",
    "by", "about", "now", "today", "then", "here", "there", "this", "that", "these", "those", "what", "why", "how",
    "when", "where", "which", "key", "our", "your", "their", "my", "its", "new", "more", "other", "all", "each",
    "every",
];

/// Words at most in a label ("Prime Minister of the Republic of X Given
/// Family Family GivenPrime Minister of the Republic of X:" as scraped).
const MAX_LABEL_WORDS: usize = 20;

/// Whether `unit` may hold a label or a separator (a cheap test before [`cut`]).
pub(crate) fn may_hold_turns(unit: &str) -> bool {
    let (mut colon, mut star) = (false, false);
    for b in unit.bytes() {
        colon |= b == b':';
        star |= b == b'*';
    }
    (colon && unit.contains(": ")) || (star && (unit.contains("**") || unit.contains("* * *")))
}

/// `unit` cut into turns (and the text before the first one); a unit with
/// no label comes back whole.
#[cfg(test)]
fn split(unit: &str) -> Vec<String> {
    cut(unit).unwrap_or_else(|| vec![unit.to_string()])
}

/// `unit` cut into turns (and the text before the first one), or `None`
/// when it holds no label and no separator.
pub(crate) fn cut(unit: &str) -> Option<Vec<String>> {
    if !may_hold_turns(unit) {
        return None;
    }
    let parts = separated(unit);
    let mut out = Vec::new();
    for part in &parts {
        cut_turns(part, &mut out);
    }
    let unchanged = parts.len() == 1 && out.len() == 1 && out[0] == unit.trim();
    (!unchanged).then_some(out)
}

/// The parts of `unit` between turn separators (`***`, `* * *`).
fn separated(unit: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = unit;
    while let Some((at, len)) = ["***", "* * *"].iter().filter_map(|s| rest.find(s).map(|i| (i, s.len()))).min() {
        parts.push(&rest[..at]);
        rest = &rest[at + len..];
    }
    parts.push(rest);
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

fn cut_turns(part: &str, out: &mut Vec<String>) {
    let mut labels: Vec<(usize, usize)> = Vec::new(); // (label start, colon)
    for (colon, _) in part.match_indices(": ") {
        let after = part[colon + 2..].trim_start();
        if !after.starts_with(|c: char| c.is_uppercase() || matches!(c, '"' | '“' | '«' | '<' | '[' | '\'')) {
            continue;
        }
        // A label ends with a capitalised word or a parenthesis ("Lind:", "(retranslated):").
        let last_word = part[..colon].rsplit(char::is_whitespace).next().unwrap_or("");
        if !last_word.starts_with(|c: char| c.is_uppercase() || c == '(') {
            continue;
        }
        if let Some(start) = label_start(part, colon)
            && labels.last().is_none_or(|&(_, c)| start > c)
        {
            labels.push((start, colon));
        }
    }
    if labels.is_empty() {
        out.push(part.to_string());
        return;
    }
    let before = part[..labels[0].0].trim();
    if !before.is_empty() {
        out.push(before.to_string());
    }
    for (k, &(start, colon)) in labels.iter().enumerate() {
        let end = labels.get(k + 1).map_or(part.len(), |&(s, _)| s);
        let speech = part[colon + 1..end].trim();
        let label = speaker_card(part[start..colon].trim());
        out.push(if speech.is_empty() { format!("{label}:") } else { format!("{label}:\n{speech}") });
    }
}

/// A label scraped from a speaker card, where the name comes again inverted
/// and glued to the position ("President of Norland Anna Berg Berg
/// AnnaPresident of Norland"): the label up to the name's first writing.
fn speaker_card(label: &str) -> &str {
    let words: Vec<(usize, &str)> = label
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect();
    for k in 0..words.len().saturating_sub(3) {
        let (given, family) = (words[k].1, words[k + 1].1);
        if given.starts_with(char::is_uppercase) && words[k + 2].1 == family && words[k + 3].1.starts_with(given) {
            return label[..words[k + 1].0 + family.len()].trim_end();
        }
    }
    label
}

/// Where the speaker label ending at `colon` starts, if the words before it are one.
fn label_start(part: &str, colon: usize) -> Option<usize> {
    let lists = &*LISTS;
    let head = &part[..colon];
    let mut start = colon;
    let mut words: Vec<&str> = Vec::new();
    let mut after_sentence = true;
    for (i, word) in words_backwards(head) {
        let ends_sentence = word.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']).ends_with(['.', '!', '?', '…'])
            && !is_initial_or_title(word);
        if ends_sentence || words.len() == MAX_LABEL_WORDS {
            after_sentence = ends_sentence;
            break;
        }
        if !is_label_word(word, words.is_empty()) {
            after_sentence = false;
            break;
        }
        words.push(word);
        start = i;
    }
    if start == 0 {
        after_sentence = true;
    }
    // Particles do not open a label: "... of President Berg:" starts at "President".
    while let Some(w) = words.last()
        && PARTICLES.contains(&w.to_lowercase().as_str())
        && !w.eq_ignore_ascii_case("the")
    {
        words.pop();
        start = head[start..].find(char::is_whitespace).map_or(colon, |n| start + n);
        start += head[start..].len() - head[start..].trim_start().len();
    }
    // "... issued today by the Spokesman for X:" is a clause, not a label.
    let before = head[..start].split_whitespace().next_back().unwrap_or("").to_lowercase();
    if !after_sentence && FUNCTION_WORDS.contains(&before.as_str()) {
        return None;
    }
    let first = words.last()?.to_lowercase();
    // "Before the Rescue Plan:", "Now:", "Key Points:" label a list entry, not a speaker.
    if NOT_FIRST.contains(&first.trim_end_matches(['.', ','])) {
        return None;
    }
    let last = words.iter().find(|w| !w.starts_with('(')).map(|w| w.to_lowercase())?;
    let last = last.trim_matches(|c: char| !c.is_alphanumeric());
    let capitals = words.iter().filter(|w| w.starts_with(char::is_uppercase)).count();
    let ok = !lists.not.contains(last)
        && (capitals >= 2 || lists.single.contains(last))
        && !(words.len() < 5 && words.contains(&"and"))
        && (after_sentence || lists.title.contains(first.trim_end_matches('.')));
    ok.then_some(start)
}

/// The words of `s` from the last, with their byte offsets.
fn words_backwards(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut end = s.len();
    std::iter::from_fn(move || {
        let trimmed = s[..end].trim_end();
        if trimmed.is_empty() {
            return None;
        }
        let start =
            trimmed.rfind(char::is_whitespace).map_or(0, |i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8));
        end = start;
        Some((start, &trimmed[start..]))
    })
}

/// "D." and "Mr." end with a period without ending a sentence.
fn is_initial_or_title(word: &str) -> bool {
    let stem = word.trim_end_matches('.');
    let mut chars = stem.chars();
    let titled: String = chars.next().into_iter().chain(chars.flat_map(char::to_lowercase)).collect();
    (stem.chars().count() == 1 && stem.starts_with(char::is_uppercase))
        || crate::sentences::is_abbreviation(stem)
        || crate::sentences::is_abbreviation(&titled)
}

/// A word a label may hold: capitalised, a particle, a parenthesis ("(retranslated)").
fn is_label_word(word: &str, is_last: bool) -> bool {
    let first = word.chars().next().unwrap_or(' ');
    if first.is_uppercase() {
        return word.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.' | '(' | ')'));
    }
    if is_last && word.starts_with('(') && word.ends_with(')') {
        return true;
    }
    word.ends_with(')') && word.starts_with(char::is_lowercase) && is_last
        || PARTICLES.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn a_speaker_card_keeps_the_name_once() {
        let unit = "Welcome. President of Norland Anna Berg Berg AnnaPresident of the Republic of Norland: Thank you.";
        assert_eq!(split(unit), ["Welcome.", "President of Norland Anna Berg:\nThank you."]);
    }

    #[test]
    fn a_collapsed_transcript_is_cut_into_turns() {
        let unit = "The leaders held talks in the capital. * * * Opening of the talks President of the Republic of Norland Anna Berg: Mr Prime Minister, welcome. We are glad to see you. Prime Minister of Sudia Omar Lind (retranslated): Thank you, Madam President. Anna Berg: Let us begin.";
        assert_eq!(
            split(unit),
            [
                "The leaders held talks in the capital.",
                "Opening of the talks",
                "President of the Republic of Norland Anna Berg:\nMr Prime Minister, welcome. We are glad to see you.",
                "Prime Minister of Sudia Omar Lind (retranslated):\nThank you, Madam President.",
                "Anna Berg:\nLet us begin."
            ]
        );
    }

    #[test]
    fn colons_in_prose_and_page_parts_are_not_turns() {
        for unit in [
            "Exports keep rising: by spring they had doubled.",
            "Lund wants one thing understood: Norland keeps its word.",
            "Both deals were witnessed by the two Prime Ministers: Fisheries and Rail.",
            "Fact Sheet: Norland and Sudia Together",
            "Photo Credit: Sudia Daily",
            "Before the Harbour Act: Ships paid twice.",
            "Norland and Sudia: A New Decade",
            "A note came this morning from the Spokesman for Commissioner Ana Lind: Talks will resume.",
            "Doors open at 10:30 in the east hall.",
        ] {
            assert_eq!(split(unit), [unit], "{unit}");
        }
    }

    #[test]
    fn labels_in_capitals_open_a_turn() {
        assert_eq!(
            split("MS. JEAN-PIERRE: Good afternoon, everyone."),
            ["MS. JEAN-PIERRE:\nGood afternoon, everyone."]
        );
        assert_eq!(split("Q: Will the leaders meet?"), ["Q:\nWill the leaders meet?"]);
        assert_eq!(split("The Lind Family: We are grateful."), ["The Lind Family:\nWe are grateful."]);
    }
}
