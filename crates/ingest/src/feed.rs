//! RSS 0.9-2.0 and Atom feeds (via `feed-rs`): one raw item per entry, entry
//! HTML turned to text.

use attache_model::{Published, RawItem};

use crate::IngestError;
use crate::fragment::fragment_text;

pub(crate) fn read(text: &str) -> Result<Vec<RawItem>, IngestError> {
    let feed = feed_rs::parser::parse(text.as_bytes()).map_err(|e| IngestError::Feed(e.to_string()))?;
    let source = feed.title.as_ref().map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty());
    let language = feed.language.clone();
    let items = feed
        .entries
        .into_iter()
        .map(|entry| {
            let body = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
                .unwrap_or_default();
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
    fn truncated_feed_is_an_error() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>Talks"#;
        assert!(matches!(read(rss), Err(IngestError::Feed(_))));
    }
}
