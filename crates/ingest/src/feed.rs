//! RSS 0.9-2.0 and Atom feeds (via `feed-rs`): one raw item per entry, entry
//! HTML turned to text.

use attache_model::{Published, RawItem};

use crate::IngestError;
use crate::fragment::fragment_text;

/// A feed over this many bytes is parsed a run of its items at a time
/// (each run with the feed's head and tail): feed-rs holds a parsed feed at
/// about five times its size (a 60 MB feed of 124,000 items took 340 MB).
pub(crate) const PIECE_BYTES: usize = 4 << 20;

pub(crate) fn read(text: &str) -> Result<Vec<RawItem>, IngestError> {
    let runs = if text.len() > PIECE_BYTES { runs(text, PIECE_BYTES) } else { None };
    let Some((head, runs, tail)) = runs.filter(|(_, runs, _)| runs.len() > 1) else { return read_one(text) };
    let mut items = Vec::new();
    for run in runs {
        // One piece at a time, made when it is read.
        let mut piece = String::with_capacity(head.len() + run.len() + tail.len());
        piece.extend([head, run, tail]);
        items.extend(read_one(&piece)?);
    }
    Ok(items)
}

/// The head of `text` before its first item, its items in runs of at most
/// about `max` bytes (one item at least), and the tail after the last item;
/// `None` when no item is found. Each run, between the head and the tail,
/// is a feed of its own. Items are `<item>` (RSS) or `<entry>` (Atom)
/// elements, found by a scan that skips comments and CDATA sections.
fn runs(text: &str, max: usize) -> Option<(&str, Vec<&str>, &str)> {
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let (mut i, mut open) = (0, None);
    let b = text.as_bytes();
    while let Some(off) = text[i..].find('<') {
        let at = i + off;
        let rest = &text[at..];
        let skip_to = |end: &str| rest.find(end).map_or(text.len(), |e| at + e + end.len());
        let is_tag = |name: &str| {
            rest.len() > name.len()
                && rest.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && matches!(b[at + name.len()], b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')
        };
        i = if rest.starts_with("<![CDATA[") {
            skip_to("]]>")
        } else if rest.starts_with("<!--") {
            skip_to("-->")
        } else if open.is_none() && (is_tag("<item") || is_tag("<entry")) {
            open = Some(at);
            at + 1
        } else if let Some(start) = open.filter(|_| is_tag("</item") || is_tag("</entry")) {
            let end = rest.find('>').map_or(text.len(), |e| at + e + 1);
            bounds.push((start, end));
            open = None;
            end
        } else {
            at + 1
        };
    }
    let (first, last) = (bounds.first()?.0, bounds.last()?.1);
    let mut runs = Vec::new();
    let mut start = first;
    for &(item_start, end) in &bounds {
        if item_start > start && end - start > max {
            runs.push(&text[start..item_start]);
            start = item_start;
        }
    }
    runs.push(&text[start..last]);
    Some((&text[..first], runs, &text[last..]))
}

fn read_one(text: &str) -> Result<Vec<RawItem>, IngestError> {
    let feed = feed_rs::parser::parse(text.as_bytes()).map_err(|e| IngestError::Feed(e.to_string()))?;
    let source = feed.title.as_ref().map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty());
    let language = feed.language.clone();
    let items = feed
        .entries
        .into_iter()
        .map(|entry| {
            // Moved out of the entry, not copied (a body may be megabytes).
            let body = entry.content.and_then(|c| c.body).or(entry.summary.map(|s| s.content)).unwrap_or_default();
            // A year chrono writes with a sign or more than 4 digits (+10000) is no date we keep.
            let published = entry
                .published
                .or(entry.updated)
                .and_then(|d| Published::from_iso(&d.naive_utc().format("%Y-%m-%dT%H:%M").to_string()));
            RawItem {
                title: entry.title.map(|t| fragment_text(&t.content).trim().to_string()).filter(|t| !t.is_empty()),
                published,
                url: entry.links.first().map(|l| l.href.clone()),
                source: source.clone(),
                language: language.clone(),
                text: fragment_text(&body),
            }
        })
        .collect();
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rss_items() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Ministry news</title>
<item><title>Talks held</title><link>https://example.org/1</link><pubDate>Tue, 03 Mar 2026 10:15:00 GMT</pubDate>
<description>&lt;p&gt;The ministers met.&lt;/p&gt;&lt;p&gt;They signed a plan.&lt;/p&gt;</description></item></channel></rss>"#;
        let items = read(rss).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].title.as_deref(), Some("Talks held"));
        assert_eq!(items[0].text, "The ministers met.\nThey signed a plan.");
        assert_eq!(items[0].published.unwrap().to_string(), "2026-03-03T10:15");
        assert_eq!(items[0].source.as_deref(), Some("Ministry news"));
    }

    #[test]
    fn a_large_feed_is_read_a_run_of_items_at_a_time_with_the_same_items() {
        let item = |i: usize| {
            format!(
                "<item><title>Talks {i}</title><link>https://example.org/{i}</link><description><![CDATA[<p>The \
                 ministers met.</p><item>not an item</item>]]></description></item>\n"
            )
        };
        let items: String = (0..40).map(item).collect();
        let rss = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Ministry news</title>\n<!-- <item> -->{items}</channel></rss>"
        );
        let (head, parts, tail) = runs(&rss, 1000).unwrap();
        assert!(parts.len() > 3 && parts.iter().all(|r| r.len() <= 1000));
        let whole = read_one(&rss).unwrap();
        let parted: Vec<RawItem> = parts.iter().flat_map(|r| read_one(&format!("{head}{r}{tail}")).unwrap()).collect();
        assert_eq!(whole.len(), 40);
        assert_eq!(parted, whole);
        assert_eq!(read(&rss).unwrap(), whole);
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Agency</title><entry><title>A</title></entry><entry><title>B</title></entry></feed>"#;
        assert_eq!(runs(atom, 10).unwrap().1, ["<entry><title>A</title></entry>", "<entry><title>B</title></entry>"]);
        assert_eq!(runs("<rss><channel><title>none</title></channel></rss>", 10), None);
    }

    #[test]
    fn truncated_feed_is_an_error() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>Talks"#;
        assert!(matches!(read(rss), Err(IngestError::Feed(_))));
    }
}
