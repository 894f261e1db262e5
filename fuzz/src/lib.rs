//! What the fuzz targets share: each stage's promises, checked on what it
//! made of arbitrary input. A broken promise panics, which libFuzzer
//! reports as a crash, as it does a panic inside a reader.

use attache_ingest::{Outcome, ReadOptions};
use attache_model::annotation::Extraction;
use attache_model::{Article, Document, Format, RawItem};

/// Bytes as text, the way a reader sees text it decoded (invalid UTF-8 replaced).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Reads `bytes` as the pipeline does (`attache_ingest::read_bytes`, the
/// format detected from the content) and checks every outcome.
pub fn read(bytes: &[u8]) -> Vec<Document> {
    let mut docs = Vec::new();
    attache_ingest::read_bytes("input", "input", bytes, &ReadOptions::default(), &mut |o| match o {
        Outcome::Document(d) => {
            assert_eq!(d.hash.len(), 64, "a content hash is hex BLAKE3");
            assert!(!d.items.is_empty(), "a document has items");
            check_items(&d.items);
            docs.push(d);
        }
        Outcome::Skipped { origin, reason } | Outcome::Warning { origin, reason } => {
            assert!(origin.starts_with("input"), "{origin}");
            assert!(!reason.is_empty());
        }
    });
    docs
}

/// The raw items a reader made: each with text, URLs only `http`/`https`.
pub fn check_items(items: &[RawItem]) {
    for item in items {
        assert!(!item.text.trim().is_empty(), "an item without text");
        if let Some(url) = &item.url {
            assert!(attache_model::web_url(url).is_some(), "a kept URL that is no web URL: {url:?}");
        }
    }
}

/// Segments items as the pipeline does (part by part) and checks each article.
pub fn segment(items: &[RawItem], format: Format) -> Vec<Article> {
    let mut out = Vec::new();
    for item in items {
        attache_segment::segment_parts(item, format, &mut |articles| out.extend(articles));
    }
    for a in &out {
        check_article(a);
    }
    out
}

/// An article's sentences: byte spans into its text, on character
/// boundaries, in order, not overlapping, trimmed and not blank.
pub fn check_article(a: &Article) {
    let mut end = 0;
    for s in &a.sentences {
        assert!(s.start <= s.end && s.end <= a.text.len(), "span {s:?} outside a text of {}", a.text.len());
        assert!(a.text.is_char_boundary(s.start) && a.text.is_char_boundary(s.end), "span {s:?} inside a character");
        assert!(s.start >= end, "span {s:?} overlaps the one before (ending at {end})");
        end = s.end;
        let t = s.slice(&a.text);
        assert!(!t.trim().is_empty(), "a blank sentence at {s:?}");
        assert_eq!(t, t.trim(), "an untrimmed sentence at {s:?}");
    }
    for i in 0..a.sentences.len() {
        let _ = a.speaker(i);
    }
}

/// Extracts an article and checks the record: every side of every event is
/// one of its actors; every trace points into the article.
pub fn extract(a: &Article) -> Extraction {
    let x = attache_extract::extract("doc", a);
    let r = &x.record;
    for e in &r.events {
        for id in e.source.iter().chain(&e.target) {
            assert!(r.actors.iter().any(|actor| &actor.id == id), "event side {id} is no actor");
        }
    }
    for p in &x.provenance {
        assert!(p.event < r.events.len(), "a trace of no event");
        if let Some(i) = p.sentence {
            assert!(i < a.sentences.len(), "a trace of sentence {i} of {}", a.sentences.len());
        }
        if let Some((start, end)) = p.span {
            assert!(start <= end && end <= a.text.len(), "trace span {start}..{end} outside the text");
            assert!(a.text.is_char_boundary(start) && a.text.is_char_boundary(end), "trace span inside a character");
        }
    }
    x
}
