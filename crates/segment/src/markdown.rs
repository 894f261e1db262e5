//! Markdown bodies, whatever their container (a `.md` file, a crawl's `text`):
//! when a text shows Markdown syntax (links, backslash escapes, headings), it
//! is read as Markdown by `pulldown-cmark`, once for the whole text. Its
//! blocks (paragraphs, headings, list items, quotes) become units: the
//! parser re-joins hard-wrapped lines, drops link targets, images and
//! emphasis marks, and reads escapes and entities; HTML blocks (tables,
//! embedded posts) give the text of each of their lines.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use regex::Regex;

use crate::inline;

/// Syntax that plain text does not have: a link target, a backslash escape
/// of punctuation, an ATX heading, a pandoc list marker, an HTML block (an
/// embedded post) opening a line.
static SIGNAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)\]\((?:https?:|/|#|mailto:)|\\[$#*_\[\]`'\x22!.()-]|^#{1,6} \S|^(?:-|\d{1,2}\.) {2,3}\S|^<(?:blockquote|p|div|table|ul|ol|h[1-6]|figure|section)[ >]")
        .expect("markdown signal")
});

/// A run-in heading whose bold the parser could not close ("**Clean Energy:
/// **The partners will ..."; a closing `**` after a space is no emphasis):
/// the heading and the text after it, as two units; else the unit whole.
fn run_in_heading(unit: &str) -> Vec<&str> {
    if let Some(rest) = unit.strip_prefix("**")
        && let Some(close) = rest.find("**")
    {
        let (head, tail) = (rest[..close].trim(), rest[close + 2..].trim());
        if head.ends_with(':') && head.len() <= 160 && !head.contains('*') {
            return vec![head, tail];
        }
    }
    vec![unit]
}

/// Whether `text` is written in Markdown.
pub(crate) fn looks_like(text: &str) -> bool {
    (text.contains("](") || text.contains('\\') || text.contains('#') || text.contains("   ") || text.contains("\n<"))
        && SIGNAL.is_match(text)
}

/// The blocks of a Markdown `text` as units of plain text; empty strings
/// separate blocks.
pub(crate) fn blocks(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_image = 0usize;
    // The next number of each open list (None for bullets).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut html = String::new();
    let end_block = |current: &mut String, out: &mut Vec<String>| {
        // A pandoc `\###` closing mark is text "###": no words in it.
        // Bullets typed as characters ("• Balloons") are list items too.
        let unit = current.trim().trim_start_matches('#').trim_start().trim_start_matches(['•', '·', '▪', '►']);
        let unit = squeeze(unit.trim_start());
        for part in run_in_heading(&unit) {
            if !part.is_empty() {
                out.push(part.to_string());
                out.push(String::new());
            }
        }
        current.clear();
    };
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => current.push_str(&t),
            Event::SoftBreak => current.push(' '),
            // A hard break ("  " at a line end) parts lines the author kept apart.
            Event::HardBreak => end_block(&mut current, &mut out),
            Event::InlineHtml(h) if is_break(&h) => end_block(&mut current, &mut out),
            // An HTML block (a table, an embedded post, a paragraph in <span>s):
            // its text, one unit per block element, lines of the source re-joined.
            Event::Start(Tag::HtmlBlock) => {
                end_block(&mut current, &mut out);
                html.clear();
            }
            Event::Html(h) => html.push_str(&h),
            Event::End(TagEnd::HtmlBlock) => {
                let source = html.replace('\n', " ");
                for line in inline::strip_tags_with(&source, "\n").lines() {
                    // Its entities ("&amp;", "&mdash;") read as the characters they stand for.
                    if line.contains('&') {
                        current.push_str(&inline::clean(line));
                    } else {
                        current.push_str(line);
                    }
                    end_block(&mut current, &mut out);
                }
                html.clear();
            }
            Event::Start(Tag::List(first)) => lists.push(first),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                end_block(&mut current, &mut out);
                // An ordered item keeps its number: "1. Open the crossing."
                if let Some(Some(n)) = lists.last_mut() {
                    current.push_str(&format!("{n}. "));
                    *n += 1;
                }
            }
            // A paragraph inside a list item goes on with the item's number ("1. ").
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::BlockQuote(_))
                if !current.trim_end().ends_with('.') || current.len() > 6 =>
            {
                end_block(&mut current, &mut out)
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::TableRow,
            ) => end_block(&mut current, &mut out),
            _ => {}
        }
    }
    end_block(&mut current, &mut out);
    out
}

/// `s` with each run of white space made one space.
fn squeeze(s: &str) -> String {
    let b = s.as_bytes();
    // Most blocks hold single spaces only: copy them as they are.
    let odd_space = memchr::memchr3(b'\n', b'\t', b'\r', b).is_some()
        || memchr::memmem::find(b, b"  ").is_some()
        || memchr::memchr(0xA0, b).is_some()
        || b.iter().any(|&c| c == 0x0B || c == 0x0C);
    if !odd_space {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let (mut i, mut word_start) = (0, 0);
    let flush = |from: usize, to: usize, out: &mut String| {
        if from < to {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s[from..to]);
        }
    };
    while i < b.len() {
        // ASCII white space, or a no-break space (C2 A0).
        let space = match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => 1,
            0xC2 if b.get(i + 1) == Some(&0xA0) => 2,
            _ => 0,
        };
        if space > 0 {
            flush(word_start, i, &mut out);
            i += space;
            word_start = i;
        } else {
            i += 1;
        }
    }
    flush(word_start, b.len(), &mut out);
    out
}

/// `<br>` in a paragraph ends a unit.
fn is_break(html: &str) -> bool {
    let h = html.trim_start_matches('<').trim_start_matches('/');
    h.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("br"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_not_markdown() {
        for text in [
            "The ministers met in Astana.\nThey discussed trade.",
            "• kz\n• en\nTitle\n19:12, 8 January 2026",
            "Prices rose 5% (up from 3%) - the highest since 2019.",
        ] {
            assert!(!looks_like(text), "{text}");
        }
        assert!(looks_like("The leaders met in\n[Lund](https://example.org).\n"));
        assert!(looks_like("They pledged \\$5 million.\n\n\\###\n"));
    }

    #[test]
    fn an_unclosed_run_in_heading_is_a_unit_of_its_own() {
        let md = "See [the plan](https://x).\n\n**Clean Ports: **Norland will fund two ports.\n";
        let units: Vec<String> = blocks(md).into_iter().filter(|u| !u.is_empty()).collect();
        assert_eq!(units, ["See the plan.", "Clean Ports:", "Norland will fund two ports."]);
    }

    #[test]
    fn an_embedded_post_is_text_without_tags_or_entities() {
        let md = "---\ntitle: x\n---\n\n<blockquote class=\"post\"><p>Envoys met <a href=\"https://x\">@Lunde</a> &amp; staff.</p>&mdash; Embassy</blockquote>\n";
        assert!(looks_like(md));
        let units: Vec<String> = blocks(md).into_iter().filter(|u| !u.is_empty()).collect();
        assert!(units.iter().any(|u| u == "Envoys met @Lunde & staff."), "{units:?}");
        assert!(units.iter().all(|u| !u.contains('<') && !u.contains("&amp;") && !u.contains("&mdash;")), "{units:?}");
    }

    #[test]
    fn squeezing_keeps_words_and_single_spaces() {
        assert_eq!(squeeze("a b  c\n d\u{a0}e\tf"), "a b c d e f");
        assert_eq!(squeeze("one two"), "one two");
    }

    #[test]
    fn blocks_are_units() {
        let md = "\nThe two leaders\nspoke by [phone](https://x) today.\n\n1.  **Open** the\n    crossing.\n2.  Raise grants.\n\n<table>\n<tr><td>North</td>\n<td>120</td></tr>\n</table>\n\n\\###\n";
        let units: Vec<String> = blocks(md).into_iter().filter(|u| !u.is_empty()).collect();
        assert_eq!(
            units,
            ["The two leaders spoke by phone today.", "1. Open the crossing.", "2. Raise grants.", "North", "120"]
        );
    }
}
