//! HTML fragments (feed item bodies) to plain text: one line per block.
//!
//! Feed items carry the story itself, so no boilerplate removal is needed;
//! what is needed is that paragraphs stay apart and inline markup vanishes.

use scraper::{Html, Node};

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "pre",
    "hr",
];
const SKIPPED: &[&str] = &["script", "style", "noscript", "template", "iframe", "svg"];

/// Text of an HTML fragment, blocks on their own lines, whitespace folded.
pub fn fragment_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.to_string();
    }
    // A body too large for a DOM (see `html::MAX_DOM_ELEMENTS`): its tags stripped.
    if crate::html::too_large_for_a_dom(html) {
        return crate::html::strip_tags_joined(html, "\n");
    }
    let doc = Html::parse_fragment(html);
    let mut out = String::new();
    walk(doc.tree.root(), &mut out);
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn walk(node: ego_tree::NodeRef<'_, Node>, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(t) => out.push_str(&t.text),
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    out.push('\n');
                }
                walk(child, out);
                if block {
                    out.push('\n');
                }
            }
            _ => walk(child, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_too_large_for_a_dom_is_stripped_of_its_tags() {
        let body = "<p>The envoys <b>met</b> in the port.</p>".repeat(crate::html::MAX_DOM_ELEMENTS / 2 + 10);
        let t = fragment_text(&body);
        assert!(t.starts_with("The envoys\nmet\nin the port.") && !t.contains('<'), "{}", &t[..80]);
    }

    #[test]
    fn keeps_paragraphs_apart() {
        let t = fragment_text("<p>First <b>bold</b> point.</p><p>Second&nbsp;one.</p><script>x()</script>");
        assert_eq!(t, "First bold point.\nSecond one.");
    }

    #[test]
    fn passes_plain_text_through() {
        assert_eq!(fragment_text("No markup here."), "No markup here.");
    }
}
