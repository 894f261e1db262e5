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

use std::sync::LazyLock;

use regex::Regex;

use crate::{dates, inline, turns};

static BREAK_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>|</?p>").expect("br pattern"));

/// Lines of `text` as units: joined where wrapped, markup cleaned, turns cut.
/// Empty strings stand for blank lines.
pub(crate) fn units(text: &str) -> Vec<String> {
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() };
    let text = if text.contains('<') { BREAK_TAG.replace_all(&text, "\n").into_owned() } else { text };
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let width = wrap_width(&lines);
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
        let joins = lines.get(i + 1).is_some_and(|next| joins_next(line, next, width));
        if !joins {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Ends the unit being built: markup cleaned, turns cut.
fn flush(current: &mut String, out: &mut Vec<String>) {
    if current.is_empty() {
        return;
    }
    let cleaned = inline::clean(current);
    let cleaned = unglue(&cleaned);
    current.clear();
    for turn in turns::split(&cleaned) {
        out.push(turn);
    }
}

/// A sentence end glued to the next sentence by a scraper ("earlier
/// today.The Secretary-General", "António Guterres:The"): two lower-case
/// letters, a terminal mark or colon, then a capitalised word.
static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\p{Ll}{2}[.!?:]["”’)]?(\p{Lu}\p{Ll})"#).expect("glued pattern"));

/// `unit` with a space put back between glued sentences (not inside web or mail addresses).
fn unglue(unit: &str) -> String {
    if !GLUED.is_match(unit) {
        return unit.to_string();
    }
    let mut out = String::with_capacity(unit.len() + 8);
    let mut last = 0;
    for c in GLUED.captures_iter(unit) {
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
fn wrap_width(lines: &[&str]) -> Option<usize> {
    // Lines holding a web address overflow the width: they say nothing of it.
    let continuing: Vec<&str> = lines
        .windows(2)
        .filter(|w| !w[0].is_empty() && !w[1].is_empty() && !is_block_start(w[0]) && !w[0].contains("://"))
        .map(|w| w[0])
        .collect();
    // Menus, lists and table cells continue into their next entry too, with
    // few words: only lines of running text tell the width.
    let mut lengths: Vec<usize> =
        continuing.iter().filter(|l| l.split_whitespace().nth(4).is_some()).map(|l| l.chars().count()).collect();
    lengths.sort_unstable();
    match lengths.len() {
        0 => None,
        // Few lines continue (a text wrapped wide): they tell the width only if
        // no line of the text overflows it by more than a word, as the body
        // after a headline would.
        1 | 2 => {
            let width = lengths[lengths.len() - 1];
            let longest = lines.iter().filter(|l| !l.contains("://")).map(|l| l.chars().count()).max().unwrap_or(0);
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

/// A word longer than this is rare enough that no wrapped line overflows by more.
const MAX_WORD: usize = 16;

/// Texts are not wrapped narrower than this.
const MIN_WIDTH: usize = 36;

/// Words after which a sentence cannot end: a line ending in one was cut mid-sentence.
const OPEN_ENDINGS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or", "but", "as", "that",
    "which", "who", "whose", "his", "her", "its", "their", "our", "this", "these", "is", "are", "was", "were", "be",
    "has", "have", "had", "will", "would", "into", "between", "about", "under", "over", "than", "not", "also",
];

/// Whether `line` continues into `next` (both trimmed, non-empty).
fn joins_next(line: &str, next: &str, width: Option<usize>) -> bool {
    // A number opening the next line ("12. The talks") ends the sentence cut
    // on this line rather than open a list, unless this line ended a sentence.
    let list_item_next = is_block_start(next) && !NUMBERED.is_match(next);
    if ends_sentence(line) || list_item_next || is_heading(line) || is_fixed(line) || is_fixed(next) {
        return false;
    }
    if let Some(width) = width {
        // A no-break space binds words: the wrapper could not break there either.
        let next_word = next.split([' ', '\t']).next().map_or(0, |w| w.chars().count());
        if line.chars().count() + 1 + next_word > width {
            return true;
        }
    }
    // A menu entry ("About", "News") is not a sentence cut short.
    if line.split_whitespace().nth(2).is_none() {
        return false;
    }
    let last = line.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    line.ends_with([',', '-', '–', '—', '(', '/'])
        || OPEN_ENDINGS.contains(&last.to_ascii_lowercase().as_str())
        || next.chars().next().is_some_and(char::is_lowercase)
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
    line.len() < 60 && (dates::header(line).is_some() || dates::date_line(line).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAGRAPHS: &str = "The foreign ministers of the two countries met in the capital on Monday and discussed trade, transport corridors and the supply of grain to the region.\n\nThey agreed to open a consulate in the port city next year, and the visiting minister invited her counterpart to a forum in the autumn.";

    fn wrap(text: &str, width: usize) -> String {
        let mut out = String::new();
        for para in text.split("\n\n") {
            let mut line = String::new();
            for w in para.split_whitespace() {
                if !line.is_empty() && line.len() + 1 + w.len() > width {
                    out.push_str(&line);
                    out.push('\n');
                    line.clear();
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(w);
            }
            out.push_str(&line);
            out.push_str("\n\n");
        }
        out
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
    }
}
