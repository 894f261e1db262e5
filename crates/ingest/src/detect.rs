//! Format detection from content, not from the file name.

use attache_model::Format;

/// Tells the container format of decoded text by looking at its start.
pub fn detect_format(text: &str) -> Format {
    // Byte order marks (even repeated) and leading space are not content.
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = start.chars().take(2048).collect();
    let lower = head.to_ascii_lowercase();
    if lower.starts_with("<?xml")
        || lower.starts_with("<rss")
        || lower.starts_with("<feed")
        || lower.starts_with("<rdf")
    {
        if lower.contains("<rss") || lower.contains("<rdf:rdf") {
            return Format::Rss;
        }
        if lower.contains("<feed") {
            return Format::Atom;
        }
    }
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<?xml") && lower.contains("<html")
    {
        return Format::Html;
    }
    if lower.starts_with('<')
        && (lower.contains("<body") || lower.contains("<div") || lower.contains("<p>") || lower.contains("<head"))
    {
        return Format::Html;
    }
    if head.starts_with("---\n") || head.starts_with("---\r\n") {
        let rest = &start[4..];
        if rest.lines().take(40).any(|l| l.trim_end() == "---") {
            return Format::Markdown;
        }
    }
    Format::Text
}

/// JSON Lines: the first non-blank line is a JSON object.
pub(crate) fn sniff_jsonl(bytes: &[u8]) -> Option<()> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    if bytes[start] != b'{' {
        return None;
    }
    let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |e| start + e);
    let first = &bytes[start..end];
    match serde_json::from_slice::<serde_json::Value>(first) {
        Ok(serde_json::Value::Object(_)) => Some(()),
        // A huge first record may be cut by nothing here; a broken one is still JSONL by intent.
        _ => (first.ends_with(b"}") || first.ends_with(b"}\r")).then_some(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        assert_eq!(detect_format("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"), Format::Rss);
        assert_eq!(detect_format("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"), Format::Atom);
        assert_eq!(detect_format("\n<!DOCTYPE html><html><body><p>x</p>"), Format::Html);
        assert_eq!(detect_format("<div class=\"story\"><p>Talks.</p></div>"), Format::Html);
        assert_eq!(detect_format("---\ntitle: \"A\"\ndate: '2024-01-02'\n---\nBody."), Format::Markdown);
        assert_eq!(detect_format("24.02.2026, 15:00 7466\nTitle\nBody."), Format::Text);
        assert_eq!(detect_format("--- not front matter"), Format::Text);
    }

    /// Found by the `shuffled_format_fragments` property test: front matter
    /// after two byte order marks was cut inside the second mark.
    #[test]
    fn front_matter_after_repeated_byte_order_marks() {
        let text = "\u{feff}\u{feff}---\ntitle: \"A\"\ndate: '2024-01-02'\n---\nМинистр встретился с послом.\n";
        assert_eq!(detect_format(text), Format::Markdown);
        assert_eq!(detect_format("\u{feff} \n---\nx: 1\n---\nBody."), Format::Markdown);
    }

    #[test]
    fn sniffs_jsonl() {
        assert!(sniff_jsonl(b"{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\"}").is_some());
        assert!(sniff_jsonl(b"{ broken").is_none());
        assert!(sniff_jsonl(b"plain text").is_none());
    }
}
