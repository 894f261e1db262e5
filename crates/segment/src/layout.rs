//! Layout: the lines of a body as a reader handed them, made into units of
//! text (one paragraph, heading, list item, menu entry or header each) before
//! anything is judged as boilerplate.
//!
//! Bodies come in several layouts, often mixed: one paragraph per line (the
//! seeds, crawls), paragraphs hard-wrapped at a fixed width (pandoc, e-mail,
//! wires: a line break every ~72 columns), `<br>` breaks left by a scraper,
//! and whole transcripts collapsed into one paragraph. This module
//!
//! 1. turns `<br>` into line breaks and `\r\n` into `\n`;
//! 2. re-joins hard-wrapped lines: a line joins the next when the text is
//!    wrapped (most lines that continue into another fill the wrap width, so
//!    the next word would not have fitted), or when the break plainly falls
//!    inside a sentence (the line ends with a comma, a hyphen or a word such as
//!    "of", or the next line starts in lower case), but never into a list
//!    item, heading, header line or after a sentence end;
//! 3. cleans inline markup of each unit ([`crate::inline`]);
//! 4. cuts transcript turns ([`crate::turns`]) into units of their own.
//!
//! The result keeps blank lines (as empty units) where blocks were separated,
//! so callers still see the block structure. Re-wrapping a text at any width
//! gives the same units.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::{dates, inline, markdown, turns};

static BREAK_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>|</?p>").expect("br pattern"));

/// Lines of `text` as units: joined where wrapped, markup cleaned, turns cut.
/// Empty strings stand for blank lines.
pub(crate) fn units(text: &str) -> Vec<String> {
    let text: Cow<str> = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    if markdown::looks_like(&text) {
        let mut out = Vec::new();
        for unit in markdown::blocks(&text) {
            if unit.is_empty() {
                out.push(unit);
            } else {
                finish_unit(unglue(unit), &mut out);
            }
        }
        return out;
    }
    let has_breaks = text.contains('<') && {
        let b = text.as_bytes();
        b.windows(3).any(|w| {
            w[0] == b'<'
                && (w[1..].eq_ignore_ascii_case(b"br")
                    || w[1..].eq_ignore_ascii_case(b"p>")
                    || w[1..].eq_ignore_ascii_case(b"/p")
                    || w[1..].eq_ignore_ascii_case(b"p "))
        })
    };
    let text = if has_breaks { Cow::Owned(BREAK_TAG.replace_all(&text, "\n").into_owned()) } else { text };
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let lengths: Vec<usize> = lines.iter().map(|l| if l.is_ascii() { l.len() } else { l.chars().count() }).collect();
    let width = wrap_width(&lines, &lengths);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut current = String::new();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            flush(&mut current, &mut out);
            out.push(String::new());
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
        // A feed header's next line is an article's headline: it ends there.
        let joins =
            lines.get(i + 1).is_some_and(|next| joins_next(line, lengths[i], next, width)) && !after_header(&lines, i);
        if !joins {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Ends the unit being built: markup cleaned, glued sentences parted, turns cut.
fn flush(current: &mut String, out: &mut Vec<String>) {
    if current.is_empty() {
        return;
    }
    let unit = std::mem::take(current);
    let unit = if inline::has_markup(&unit) { inline::clean(&unit) } else { unit };
    finish_unit(unglue(unit), out);
}

/// Pushes a clean unit, cut into transcript turns.
fn finish_unit(unit: String, out: &mut Vec<String>) {
    match turns::cut(&unit) {
        Some(turns) => out.extend(turns),
        None => out.push(unit),
    }
}

/// The number of words of `line`, counting no further than `max + 1` (a byte
/// scan: ASCII white space and control characters separate words).
pub(crate) fn words(line: &str, max: usize) -> usize {
    let (mut n, mut in_word) = (0, false);
    for &b in line.as_bytes() {
        let space = b <= b' ';
        if !space && !in_word {
            n += 1;
            if n > max {
                return n;
            }
        }
        in_word = !space;
    }
    n
}

/// A sentence end glued to the next sentence by a scraper ("earlier
/// today.The minister", "Anna Berg:The"): two lower-case
/// letters, a terminal mark or colon, then a capitalised word.
static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:\p{Ll}{2}|[12]\d{3})[.!?:]["”’)]?(\p{Lu}\p{Ll})"#).expect("glued pattern"));

/// `unit` with a space put back between glued sentences (not inside web or mail addresses).
fn unglue(unit: String) -> String {
    // Cheap test first: a mark directly followed by a capital (or a non-ASCII letter).
    // Cheap test first: a mark after a lower-case (or non-ASCII) letter and
    // directly before a capital (or a non-ASCII letter); "U.S.A" has none.
    let bytes = unit.as_bytes();
    // (A year ends a sentence too: "in 2023.The")
    let letter = |b: u8| b.is_ascii_lowercase() || b >= 0x80 || b.is_ascii_digit();
    let glued_at = |i: usize| {
        i >= 2
            && i + 1 < bytes.len()
            && letter(bytes[i - 1])
            && letter(bytes[i - 2])
            // A capital, ASCII or not (not a closing quote or a dash: E2 ...).
            && (bytes[i + 1].is_ascii_uppercase() || (0xC3..0xE0).contains(&bytes[i + 1]) || bytes[i + 1] == b'"')
    };
    let may_be_glued =
        memchr::memchr3_iter(b'.', b'!', b'?', bytes).any(glued_at) || memchr::memchr_iter(b':', bytes).any(glued_at);
    if !may_be_glued || !GLUED.is_match(&unit) {
        return unit;
    }
    let mut out = String::with_capacity(unit.len() + 8);
    let mut last = 0;
    for c in GLUED.captures_iter(&unit) {
        let at = c.get(1).expect("group").start();
        let word_start =
            unit[..at].rfind(char::is_whitespace).map_or(0, |i| i + unit[i..].chars().next().map_or(1, char::len_utf8));
        let word = &unit[word_start..at];
        if word.contains("://") || word.contains("www.") || word.contains('@') {
            continue;
        }
        out.push_str(&unit[last..at]);
        out.push(' ');
        last = at;
    }
    out.push_str(&unit[last..]);
    out
}

/// The width a hard-wrapped text was wrapped at, if it looks wrapped: the
/// 80th percentile of the lengths (in chars) of lines that continue into
/// another, when most of them come close to it.
fn wrap_width(lines: &[&str], line_lengths: &[usize]) -> Option<usize> {
    // Lines holding a web address overflow the width: they say nothing of it.
    // Menus, lists and table cells continue into their next entry too, with
    // few words: only lines of running text tell the width.
    let mut lengths: Vec<usize> = (0..lines.len().saturating_sub(1))
        .filter(|&i| {
            let (line, next) = (lines[i], lines[i + 1]);
            !line.is_empty()
                && !next.is_empty()
                && line_lengths[i] >= MIN_WIDTH * 3 / 4
                && !is_block_start(line)
                && !line.contains("://")
                && words(line, 5) >= 5
                && !after_header(lines, i)
        })
        .map(|i| line_lengths[i])
        .collect();
    lengths.sort_unstable();
    match lengths.len() {
        0 => None,
        // Few lines continue (a text wrapped wide): they tell the width only if
        // no line of the text overflows it by more than a word, as the body
        // after a headline would.
        1 | 2 => {
            let width = lengths[lengths.len() - 1];
            let longest =
                (0..lines.len()).filter(|&i| !lines[i].contains("://")).map(|i| line_lengths[i]).max().unwrap_or(0);
            let near = lengths[0] * 4 >= width * 3;
            (width >= MIN_WIDTH && near && longest <= width + MAX_WORD).then_some(width)
        }
        n => {
            let width = lengths[(n - 1) * 4 / 5];
            let near = lengths.iter().filter(|&&len| len * 4 >= width * 3).count();
            (width >= MIN_WIDTH && near * 5 >= n * 3).then_some(width)
        }
    }
}

/// Whether line `i` follows a feed header ("24.02.2026, 15:00 7466"): a headline.
fn after_header(lines: &[&str], i: usize) -> bool {
    i > 0 && dates::header(lines[i - 1]).is_some()
}

/// A word longer than this is rare enough that no wrapped line overflows by more.
const MAX_WORD: usize = 16;

/// Texts are not wrapped narrower than this.
const MIN_WIDTH: usize = 25;

/// Words after which a sentence cannot end: a line ending in one was cut mid-sentence.
const OPEN_ENDINGS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or", "but", "as", "that",
    "which", "who", "whose", "his", "her", "its", "their", "our", "this", "these", "is", "are", "was", "were", "be",
    "has", "have", "had", "will", "would", "into", "between", "about", "under", "over", "than", "not", "also",
];

/// Whether `line` continues into `next` (both trimmed, non-empty).
fn joins_next(line: &str, line_length: usize, next: &str, width: Option<usize>) -> bool {
    // A number opening the next line ("12. The talks") ends the sentence cut
    // on this line rather than open a list, unless this line ended a sentence.
    let list_item_next = is_block_start(next) && !NUMBERED.is_match(next);
    if ends_sentence(line) || list_item_next || is_heading(line) {
        return false;
    }
    let cut = || {
        if let Some(width) = width {
            // A no-break space binds words: the wrapper could not break there either.
            let next_word = next.split([' ', '\t']).next().map_or(0, |w| w.chars().count());
            if line_length + 1 + next_word > width {
                return true;
            }
        }
        // A menu entry ("About", "News") is not a sentence cut short.
        if words(line, 3) < 3 {
            return false;
        }
        let last = line.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
        line.ends_with([',', '-', '–', '—', '(', '/'])
            || OPEN_ENDINGS.contains(&last.to_ascii_lowercase().as_str())
            || next.chars().next().is_some_and(char::is_lowercase)
    };
    cut() && !is_fixed(line) && !is_fixed(next)
}

/// A line that ends a sentence: a terminal mark, maybe inside closing quotes.
fn ends_sentence(line: &str) -> bool {
    let core = line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*', '_']);
    core.ends_with(['.', '!', '?', '…', ':', ';']) && !ends_with_abbreviation(core)
}

/// "Mr." or "U.S." at a line end does not end the sentence.
fn ends_with_abbreviation(core: &str) -> bool {
    let last = core.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let stem = last.trim_end_matches('.');
    last.ends_with('.')
        && (crate::sentences::is_abbreviation(stem) || (stem.len() <= 4 && stem.contains('.')) || stem.len() == 1)
}

/// A line that opens a block of its own: a list item, a heading, a quote, a table row, a rule.
fn is_block_start(line: &str) -> bool {
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[-*+•·▪►–—]\s|\\?#{1,6}\s|>\s?|\||\d{1,3}[.)]\s|\(?[a-z]\)\s|\*\s?\*\s?\*|-{3,}|={3,}|_{3,})")
            .expect("block pattern")
    });
    LIST.is_match(line)
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,3}[.)]\s").expect("numbered pattern"));

/// A heading or a rule: a line that never continues into the next.
fn is_heading(line: &str) -> bool {
    line.trim_start_matches('\\').starts_with('#') || line.starts_with("---") || line.starts_with("===")
}

/// Header and date lines of dumps and pages stand alone.
fn is_fixed(line: &str) -> bool {
    // A lone number ("000.", "2026") ends a sentence cut short; a date line has words or parts.
    let parts = line.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).count();
    line.len() < 60
        && (parts >= 2 || line.contains(char::is_alphabetic))
        && (dates::header(line).is_some() || dates::date_line(line).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAGRAPHS: &str = "The foreign ministers of the two countries met in the capital on Monday and discussed trade, transport corridors and the supply of grain to the region.\n\nThey agreed to open a consulate in the port city next year, and the visiting minister invited her counterpart to a forum in the autumn.";

    fn wrap(text: &str, width: usize) -> String {
        let paragraphs: Vec<String> = text.split("\n\n").map(String::from).collect();
        crate::tests::wrap(&paragraphs, width)
    }

    #[test]
    fn wrapped_paragraphs_are_joined() {
        for width in [40, 55, 72, 90] {
            let got: Vec<String> = units(&wrap(PARAGRAPHS, width)).into_iter().filter(|u| !u.is_empty()).collect();
            let want: Vec<&str> = PARAGRAPHS.split("\n\n").collect();
            assert_eq!(got, want, "width {width}");
        }
    }

    #[test]
    fn menus_titles_and_lists_stay_apart() {
        let text = "Home\nNews\nPolitics\nEnvoys meet in the capital\nThe two envoys met on Monday and discussed trade.\n- first item\n- second item";
        assert_eq!(
            units(text),
            [
                "Home",
                "News",
                "Politics",
                "Envoys meet in the capital",
                "The two envoys met on Monday and discussed trade.",
                "first item",
                "second item"
            ]
        );
    }

    #[test]
    fn breaks_inside_a_sentence_join_without_a_width() {
        assert_eq!(
            units("The minister spoke with her counterpart from\nthe neighbouring state."),
            ["The minister spoke with her counterpart from the neighbouring state."]
        );
        assert_eq!(units("Paragraph one.<br><br>Paragraph two."), ["Paragraph one.", "", "Paragraph two."]);
    }

    #[test]
    fn glued_sentences_come_apart() {
        assert_eq!(
            units("It struck earlier today.The envoy said:The talks ended. See www.gov.Kz or K.Tokayev."),
            ["It struck earlier today. The envoy said: The talks ended. See www.gov.Kz or K.Tokayev."]
        );
        assert_eq!(
            units("Talks resumed in 2023.The envoy left. Section 12.A stays."),
            ["Talks resumed in 2023. The envoy left. Section 12.A stays."]
        );
    }
}
