//! Parts of a long text. A raw item's text over [`PART_BYTES`] is segmented
//! one part at a time, so the work and memory of segmentation, extraction
//! and storage are bounded by the part, not by the input (a 60 MB page or
//! feed dump would be held several times over while it is cut into units,
//! paragraphs and sentences). A news article is tens of kilobytes; only a
//! dump of many stories, or a text that is no news, is this long.
//!
//! A part ends, by preference, right before a feed-dump header (so a dump is
//! cut between its stories, as segmentation would cut it), else after a
//! blank line, a line end or a space, else at a character boundary; each
//! preferred cut is looked for in the second half of the part, so every part
//! but the last holds at least half of [`PART_BYTES`].

use crate::dates;

/// The most text of one raw item segmented at once (2 MiB).
pub const PART_BYTES: usize = 2 << 20;

/// `text` cut into consecutive parts of at most `max` bytes (at least 4)
/// whose concatenation is `text`; a text within `max` is one part.
pub fn parts(text: &str, max: usize) -> Vec<&str> {
    let max = max.max(4);
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > max {
        let at = cut(rest, max);
        let (part, tail) = rest.split_at(at);
        out.push(part);
        rest = tail;
    }
    out.push(rest);
    out
}

/// Where the first part of `text` (longer than `max`) ends: a byte offset in
/// `1..=max` on a character boundary.
fn cut(text: &str, max: usize) -> usize {
    let end = text.floor_char_boundary(max);
    let half = text.floor_char_boundary(max / 2);
    let window = &text[half..end];
    // Before a feed-dump header line: a line after a '\n'.
    let starts = || window.rmatch_indices('\n').map(|(i, _)| half + i + 1).filter(|&start| start < end);
    let header = starts().find(|&start| {
        let line = text[start..end].split('\n').next().unwrap_or("");
        dates::header(line.trim()).is_some()
    });
    let blank = || window.rfind("\n\n").map(|i| half + i + 2);
    let line = || starts().next();
    let space = || window.rfind(' ').map(|i| half + i + 1);
    header.or_else(blank).or_else(line).or_else(space).filter(|&at| at > 0 && at <= end).unwrap_or(end.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_one_part() {
        assert_eq!(parts("Talks in Oslo.", 100), ["Talks in Oslo."]);
        assert_eq!(parts("", 100), [""]);
    }

    #[test]
    fn a_dump_is_cut_before_a_header_and_a_text_after_a_blank_line() {
        let story = |i: usize| format!("14.04.2026, 10:{i:02} 12\nStory {i}\nThe envoys met in Oslo.\n\nThey spoke.\n");
        let dump: String = (0..20).map(story).collect();
        let ps = parts(&dump, 200);
        assert!(ps.len() > 1);
        assert_eq!(ps.concat(), dump);
        for p in &ps {
            assert!(p.len() <= 200 && p.starts_with("14.04.2026, 10:"), "{p:?}");
        }
        let text = "The ministers met. They spoke.\n\n".repeat(20);
        for p in parts(&text, 100) {
            assert!(p.len() <= 100 && p.starts_with("The ministers"), "{p:?}");
        }
    }

    #[test]
    fn text_without_breaks_is_cut_at_spaces_or_characters() {
        let words = "envoys ".repeat(100);
        let ps = parts(&words, 50);
        assert_eq!(ps.concat(), words);
        assert!(ps.iter().all(|p| p.len() <= 50 && !p.starts_with(' ')));
        let cyrillic = "д".repeat(100);
        let ps = parts(&cyrillic, 7);
        assert_eq!(ps.concat(), cyrillic);
        assert!(ps.iter().all(|p| !p.is_empty() && p.len() <= 7));
    }
}
