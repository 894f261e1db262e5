//! Sentence boundaries as byte spans.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and
//! brackets after it) followed by white space and a capital, digit or opening
//! quote, and always at a line break. A period does not end a sentence after
//! an abbreviation from `data/segment/abbreviations.txt` ("Dr.", "U.S."), an
//! initial ("D. Mussayev"), a numbering word before a number ("No. 5"), or in
//! a dateline of capitals ("ASTANA. KAZINFORM –"). "K.Tokayev" has no space
//! after the period and is never split.

use std::collections::HashSet;
use std::sync::LazyLock;

use attache_model::Span;

static ABBREVIATIONS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    attache_model::tsv::list("data/segment/abbreviations.txt", include_str!("../../../data/segment/abbreviations.txt"))
        .into_iter()
        .collect()
});

/// Abbreviations that hold a sentence together only before a number ("No. 5").
const BEFORE_NUMBERS: &[&str] = &["No", "Nos", "Art", "Para", "Vol", "pp", "p"];

/// Words that open a sentence even after an initialism ("... the U.S. The talks").
const OPENERS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "According",
    "However",
    "During",
    "Both",
    "His",
    "Her",
    "Their",
    "Its",
    "A",
    "An",
];

const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']'];
const OPENING: &[char] = &['"', '\'', '“', '‘', '«', '(', '[', '—', '–', '-'];

/// Splits `text` into sentences: trimmed, non-empty, in order.
pub fn split(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        split_line(text, line_start, line_start + line.len(), &mut spans);
        line_start += line.len();
    }
    spans
}

fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let line = &text[start..end];
    let bytes = line.as_bytes();
    let mut sentence_start = 0;
    let mut i = 0;
    // Bytes, not chars: terminators are ASCII or '…' (E2 80 A6), and a byte scan
    // is several times faster than decoding every character.
    while i < bytes.len() {
        let b = bytes[i];
        let is_ellipsis = b == 0xE2 && bytes[i..].starts_with("…".as_bytes());
        if !(matches!(b, b'.' | b'!' | b'?') || is_ellipsis) {
            i += 1;
            continue;
        }
        let c = if is_ellipsis { '…' } else { b as char };
        // Run of terminators and closers: "?!", ".”", "...".
        let mut stop = i + c.len_utf8();
        for d in line[stop..].chars() {
            if matches!(d, '.' | '!' | '?' | '…') || CLOSERS.contains(&d) {
                stop += d.len_utf8();
            } else {
                break;
            }
        }
        let at = i;
        i = stop;
        let after = &line[stop..];
        let next = after.trim_start();
        if next.len() == after.len() && !next.is_empty() {
            continue; // no white space after: "K.Tokayev", "3.5", "akorda.kz"
        }
        if !next.is_empty() && !opens_sentence(next) {
            continue;
        }
        if c == '.' && stop == at + 1 && !next.is_empty() && holds_together(&line[sentence_start..at], next) {
            continue;
        }
        push(out, start + sentence_start, start + stop, text);
        sentence_start = stop;
    }
    push(out, start + sentence_start, end, text);
}

/// A word (without its final period) from the abbreviation list: "Mr", "U.S".
pub(crate) fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.contains(word)
}

fn opens_sentence(next: &str) -> bool {
    let first = next.chars().next().expect("non-empty");
    first.is_uppercase() || first.is_ascii_digit() || OPENING.contains(&first)
}

/// Does the period after `before` (the sentence so far) not end it, given the words `next`?
fn holds_together(before: &str, next: &str) -> bool {
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let next_word: &str = next.split(char::is_whitespace).next().unwrap_or("");
    if word.is_empty() {
        return false;
    }
    // An enumerator opening the sentence: "1. Open the crossing."
    if before.trim().len() == word.len() && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    if BEFORE_NUMBERS.contains(&word) {
        return next.starts_with(|c: char| c.is_ascii_digit());
    }
    if ABBREVIATIONS.contains(word) {
        // An initialism may still end a sentence before a typical opener.
        return !(word.contains('.') && OPENERS.contains(&next_word));
    }
    let mut letters = word.chars();
    // An initial: "D. Mussayev", "A. Gomez Toledo".
    if let (Some(l), None) = (letters.next(), letters.next())
        && l.is_uppercase()
    {
        return true;
    }
    // Dotted initialisms not in the list ("U.S.S.R", "J.R.R").
    if word.len() >= 3 && word.split('.').all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase)) {
        return !OPENERS.contains(&next_word);
    }
    // A dateline: "ASTANA. KAZINFORM – ...".
    let caps = |w: &str| w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '-');
    if caps(word) && caps(next_word.trim_end_matches(|c: char| !c.is_alphanumeric())) {
        return true;
    }
    false
}

/// The longest sentence kept whole, in bytes (about 500 words: a summit's
/// list of leaders with their titles runs to a fifth of it). Text without
/// sentence marks is cut at the last `;` or `,` in the second half of the
/// limit, else at the last space, so that no sentence, nor an evidence
/// sentence copied into every event it states, grows with the input.
pub const MAX_SENTENCE_BYTES: usize = 3000;

fn push(out: &mut Vec<Span>, start: usize, end: usize, text: &str) {
    let mut start = start;
    while end - start > MAX_SENTENCE_BYTES {
        let mut limit = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &text[start..limit];
        let half = (MAX_SENTENCE_BYTES / 2..window.len()).find(|&i| window.is_char_boundary(i)).unwrap_or(0);
        let cut = window[half..]
            .rfind([';', ','])
            .map(|i| half + i + 1)
            .or_else(|| window.rfind(char::is_whitespace).filter(|&i| i > 0))
            .unwrap_or(window.len());
        push_trimmed(out, start, start + cut, text);
        start += cut;
    }
    push_trimmed(out, start, end, text);
}

fn push_trimmed(out: &mut Vec<Span>, start: usize, end: usize, text: &str) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Span::new(start + lead, end - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_without_sentence_marks_is_cut_at_a_comma_or_a_space() {
        let clause = "the envoys met in the port and talked of grain, ";
        let text = clause.repeat(200);
        let spans = split(&text);
        assert!(spans.len() > 1);
        for s in &spans {
            let piece = s.slice(&text);
            assert!(piece.len() <= MAX_SENTENCE_BYTES, "{}", piece.len());
            assert!(piece.ends_with(','), "cut inside a clause: {:?}", &piece[piece.len() - 20..]);
        }
        let words: String = spans.iter().map(|s| s.slice(&text)).collect::<Vec<_>>().join(" ");
        assert_eq!(words.split_whitespace().count(), text.split_whitespace().count());
        // No comma: at the last space; no space: at a character boundary.
        let text = "ötüken ".repeat(1000);
        assert!(split(&text).iter().all(|s| s.slice(&text).starts_with('ö') && s.slice(&text).ends_with('n')));
        let text = "ö".repeat(4000);
        assert_eq!(split(&text).iter().map(|s| s.slice(&text).len()).sum::<usize>(), text.len());
    }

    #[track_caller]
    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = split(text).into_iter().map(|s| s.slice(text)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn splits_on_terminators() {
        check(
            "The envoys met. They talked! Did they agree? Yes.",
            &["The envoys met.", "They talked!", "Did they agree?", "Yes."],
        );
        check("First line\nSecond line.", &["First line", "Second line."]);
    }

    #[test]
    fn keeps_initials_and_abbreviations() {
        check("D. Mussayev met Dr. Ruiz in the U.S. capital.", &["D. Mussayev met Dr. Ruiz in the U.S. capital."]);
        check("President K.Tokayev thanked him. He left.", &["President K.Tokayev thanked him.", "He left."]);
        // British honorifics and post-nominals before an apposition.
        check(
            "She met the Rt. Hon. Ann Fell, M.P., the Minister. Then Mme. Roux.",
            &["She met the Rt. Hon. Ann Fell, M.P., the Minister.", "Then Mme. Roux."],
        );
        check("Decree No. 5 was signed. No. It was not.", &["Decree No. 5 was signed.", "No.", "It was not."]);
        check(
            "1. Open the crossing. It grew by 12. The end.",
            &["1. Open the crossing.", "It grew by 12.", "The end."],
        );
        check("A. Gomez Toledo spoke at 10 a.m. on Monday.", &["A. Gomez Toledo spoke at 10 a.m. on Monday."]);
        check("Talks were held in the U.S. The sides agreed.", &["Talks were held in the U.S.", "The sides agreed."]);
    }

    #[test]
    fn keeps_datelines_and_quotes() {
        check("ASTANA. KAZINFORM – The minister met envoys.", &["ASTANA. KAZINFORM – The minister met envoys."]);
        check("“We agree,” he said. “Good.” She nodded.", &["“We agree,” he said.", "“Good.”", "She nodded."]);
        check("It grew 3.5 percent, akorda.kz reports.", &["It grew 3.5 percent, akorda.kz reports."]);
    }

    #[test]
    fn lower_case_after_period_does_not_split() {
        check(
            "The Ministry of Emergency Situations etc. were present.",
            &["The Ministry of Emergency Situations etc. were present."],
        );
    }
}
