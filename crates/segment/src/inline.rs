//! Inline markup of one unit of text, whatever the container: Markdown
//! (`\$` and `\###` escapes, `[text](url)` links, `**emphasis**`, headings,
//! list and quote markers), HTML entities and stray inline tags. Markdown is
//! read by `pulldown-cmark`; only text survives (link targets and images go).
//!
//! Most lines of plain text hold none of the characters markup needs and are
//! returned as they are.

use std::borrow::Cow;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use regex::Regex;

/// Scripts, styles and comments: nothing in them is text.
static HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<script\b[^>]*>|<iframe\b.*?</iframe>")
        .expect("hidden pattern")
});
/// Inline tags vanish ("20<sup>th</sup>").
const INLINE_TAGS: &[&str] = &[
    "a", "b", "i", "u", "em", "strong", "span", "sup", "sub", "small", "big", "mark", "abbr", "font", "s", "strike",
    "del", "ins", "code", "q", "cite",
];
/// Other HTML elements separate words. A name in neither list is text: wires
/// write tickers in angle brackets ("<Accugraph Corp> said").
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "img",
    "input",
    "label",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "noscript",
    "ol",
    "p",
    "path",
    "picture",
    "pre",
    "section",
    "source",
    "summary",
    "svg",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "ul",
    "video",
    "wbr",
];

/// `text` with HTML tags removed and their text kept.
pub fn strip_tags(text: &str) -> Cow<'_, str> {
    strip_tags_with(text, " ")
}

/// `text` with HTML tags removed, each block element's tag replaced by `block`.
pub(crate) fn strip_tags_with<'a>(text: &'a str, block: &str) -> Cow<'a, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let lower_has =
        |needle: &str| text.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
    let text = if lower_has("<script") || lower_has("<style") || lower_has("<!--") || lower_has("<iframe") {
        HIDDEN.replace_all(text, " ")
    } else {
        Cow::Borrowed(text)
    };
    Cow::Owned(replace_tags(&text, block))
}

/// `text` with each tag of an HTML element replaced: inline elements by
/// nothing, block elements by `block`; angle brackets around anything else
/// (a ticker, a comparison) are text. A scan, not a regex: pages carry long
/// attribute lists (`srcset`) that a regex walks slowly.
fn replace_tags(text: &str, block: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        let lt = i + off;
        i = lt + 1;
        let name_start = if bytes.get(i) == Some(&b'/') { i + 1 } else { i };
        let name_len = bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let after = name_start + name_len;
        if bytes.get(after).is_some_and(|&b| !(b == b'>' || b == b'/' || b.is_ascii_whitespace())) {
            continue;
        }
        let Some(gt) = bytes[after..].iter().position(|&b| b == b'>' || b == b'<') else { break };
        if bytes[after + gt] == b'<' {
            continue;
        }
        let name = &text[name_start..after];
        let is = |list: &[&str]| list.iter().any(|t| t.eq_ignore_ascii_case(name));
        let replacement = if is(INLINE_TAGS) {
            ""
        } else if is(BLOCK_TAGS) {
            block
        } else {
            continue;
        };
        out.push_str(&text[copied..lt]);
        out.push_str(replacement);
        i = after + gt + 1;
        copied = i;
    }
    out.push_str(&text[copied..]);
    out
}

/// Characters without which a line holds no markup we read.
const MARKUP: &[u8] = b"\\[]*_`<&#>|";

/// Whether `unit` may hold markup [`clean`] removes (a byte scan: most lines hold none).
pub(crate) fn has_markup(unit: &str) -> bool {
    unit.starts_with(['-', '+', '•', '·', '▪', '►'])
        || unit.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with(['.', ')'])
        || unit.bytes().any(|b| IS_MARKUP[usize::from(b)])
}

/// [`MARKUP`] as a table over bytes.
static IS_MARKUP: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < MARKUP.len() {
        table[MARKUP[i] as usize] = true;
        i += 1;
    }
    table
};

/// The text of `unit` (one line) with its markup removed.
pub(crate) fn clean(unit: &str) -> String {
    if !has_markup(unit) {
        return unit.to_string();
    }
    let stripped = strip_tags(unit);
    let unit = stripped.trim_start_matches(['•', '·', '▪', '►']).trim_start();
    // An ordered-list number is text to keep ("1. The parties ..."), and a
    // number at a line start is not always a list: escape it.
    let digits = unit.len() - unit.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut source = if digits > 0 && unit[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &unit[..digits], &unit[digits..])
    } else {
        unit.to_string()
    };
    // What is left in angle brackets is text ("<Accugraph Corp>"), unless a web address.
    if source.contains('<') {
        source = escape_angles(&source);
    }
    let mut out = String::with_capacity(source.len());
    let mut in_image = 0usize;
    for event in Parser::new(&source) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    // A leading `\###` is an escaped heading mark: the text after it is the heading.
    let text = out.trim().trim_start_matches('#').trim_start();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `<` escaped for Markdown, except where it opens an autolink (`<https://...>`).
fn escape_angles(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in s.split('<').enumerate() {
        if i > 0 {
            out.push_str(if part.starts_with("http") { "<" } else { "\\<" });
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{clean, strip_tags, strip_tags_with};

    #[test]
    fn markdown_leaves_its_text() {
        assert_eq!(clean(r"\### Readout of a Call"), "Readout of a Call");
        assert_eq!(clean("### Readout of a Call"), "Readout of a Call");
        assert_eq!(
            clean(r"They pledged \$5 million to the [relief fund](https://example.org/f)."),
            "They pledged $5 million to the relief fund."
        );
        assert_eq!(clean("The **two** leaders met *today* in Rome_."), "The two leaders met today in Rome_.");
        assert_eq!(clean("- first item"), "first item");
        assert_eq!(clean("> quoted words"), "quoted words");
        assert_eq!(clean("![a photo](https://example.org/p.jpg) Leaders meet"), "Leaders meet");
    }

    #[test]
    fn plain_text_stays_as_it_is() {
        assert_eq!(clean("The ministers met in Astana."), "The ministers met in Astana.");
        assert_eq!(clean("1. The parties agreed."), "1. The parties agreed.");
        assert_eq!(clean("2024. A year of talks"), "2024. A year of talks");
        assert_eq!(clean("AT&T and Ben &amp; Jerry's <…>"), "AT&T and Ben & Jerry's <…>");
        assert_eq!(clean("[Gurbanguly Berdimuhamedov] spoke."), "[Gurbanguly Berdimuhamedov] spoke.");
        assert_eq!(
            clean("<Accugraph Corp> said it named a distributor."),
            "<Accugraph Corp> said it named a distributor."
        );
        assert_eq!(clean("See <https://example.org/x> now."), "See https://example.org/x now.");
    }

    #[test]
    fn tags_are_read_by_name() {
        assert_eq!(
            strip_tags("a<b>b</b>c <p class=\"x\">d</p> <Tick Corp> 3 < 4 > 2 <br/>e"),
            "abc  d  <Tick Corp> 3 < 4 > 2  e"
        );
        assert_eq!(strip_tags_with("<tr><td>North</td><td>120</td></tr>", "\n"), "\n\nNorth\n\n120\n\n");
    }

    #[test]
    fn html_left_in_text_keeps_its_words() {
        assert_eq!(clean("<p class=\"x\">On the 20<sup>th</sup> they met.</p>"), "On the 20th they met.");
        assert_eq!(
            clean(
                "<blockquote><p>Great visit <a href=\"https://x\">@envoy</a></p></blockquote><script async src=\"w.js\"></script>"
            ),
            "Great visit @envoy"
        );
    }
}
