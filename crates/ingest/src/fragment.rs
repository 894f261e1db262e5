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
    fn keeps_paragraphs_apart() {
        let t = fragment_text("<p>First <b>bold</b> point.</p><p>Second&nbsp;one.</p><script>x()</script>");
        assert_eq!(t, "First bold point.\nSecond one.");
    }

    #[test]
    fn passes_plain_text_through() {
        assert_eq!(fragment_text("No markup here."), "No markup here.");
    }
}
