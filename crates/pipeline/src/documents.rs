//! A document's records as the workers send them: segmented and extracted
//! one part at a time, and handed to the writer in chunks of at most
//! [`CHUNK_BYTES`] of article text, so a large input (a 60 MB feed dump, a
//! page of megabytes) is never held whole as articles and extractions. A
//! document within one chunk is one message, as it always was.

use attache_model::annotation::Extraction as Extracted;
use attache_model::{Article, Document};

use crate::{Message, contain};

/// Article text per message to the writer (the part size of segmentation).
pub(crate) const CHUNK_BYTES: usize = attache_segment::PART_BYTES;

/// The most of one document the extractor reads: the articles of its first
/// 8 MiB of text, until their records hold 10,000 actors and events; the
/// articles after them are stored without an extraction. Every actor and
/// event a document reports is resolved with the others (its events
/// against the others of their day, and all of a dump's fall on a few
/// days): a 60 MB dump made 187,000 events, whose resolution held 250 MB,
/// and 8 MB of names 144,000 persons, which held 780 MB. A feed of a few
/// thousand stories is within it (the most an article of the White House
/// briefing room has is 38 actors and 39 events); `attache reextract`
/// extracts every article of the store.
pub(crate) const DOCUMENT_EXTRACT_BYTES: usize = 8 << 20;
/// See [`DOCUMENT_EXTRACT_BYTES`].
pub(crate) const DOCUMENT_EXTRACT_RECORDS: usize = 10_000;

/// A document being sent: its head until the first chunk is sent, the
/// records not yet sent, and what the warning at its end reports.
struct Sending<'a> {
    doc: Option<Document>,
    name: String,
    origin: String,
    extract: bool,
    articles: Vec<Article>,
    extractions: Vec<Extracted>,
    text_bytes: usize,
    position: usize,
    /// Articles the extractor read only the start of.
    cut: usize,
    /// Article text the extractor read, the actors and events it found, and
    /// the articles it left unread once either passed its limit
    /// ([`DOCUMENT_EXTRACT_BYTES`], [`DOCUMENT_EXTRACT_RECORDS`]).
    extracted: usize,
    records: usize,
    unread: usize,
    /// (bytes, records): [`DOCUMENT_EXTRACT_BYTES`], [`DOCUMENT_EXTRACT_RECORDS`].
    limits: (usize, usize),
    send: &'a mut dyn FnMut(Message),
}

impl Sending<'_> {
    /// Takes the articles of one part: numbered in the document, extracted,
    /// and sent on once a chunk is full.
    fn take(&mut self, articles: Vec<Article>) {
        if self.text_bytes >= CHUNK_BYTES {
            self.flush(false);
        }
        for mut a in articles {
            a.position = self.position;
            self.position += 1;
            if self.extract && self.extracted < self.limits.0 && self.records < self.limits.1 {
                self.cut += usize::from(attache_extract::is_cut(&a));
                self.extracted += attache_extract::bytes_read(&a);
                let x = attache_extract::extract(&self.name, &a);
                self.records += x.record.actors.len() + x.record.events.len();
                self.extractions.push(x);
            } else if self.extract {
                self.unread += 1;
            }
            self.text_bytes += a.text.len();
            self.articles.push(a);
        }
    }

    /// Sends the records held: the first time with the document.
    fn flush(&mut self, last: bool) {
        let articles = std::mem::take(&mut self.articles);
        let extractions = std::mem::take(&mut self.extractions);
        let weight = std::mem::take(&mut self.text_bytes);
        match self.doc.take() {
            Some(doc) if last => (self.send)(Message::Document { weight: doc.bytes, doc, articles, extractions, last }),
            Some(doc) => (self.send)(Message::Document { doc, articles, extractions, weight, last }),
            None => (self.send)(Message::More { articles, extractions, weight, last }),
        }
    }
}

/// Segments, extracts and sends `doc` (see the module doc). A panic in any
/// part skips the whole document: the parts sent already are undone by
/// the writer.
pub(crate) fn send_document(doc: Document, extract: bool, send: &mut dyn FnMut(Message)) {
    send_document_within(doc, extract, (DOCUMENT_EXTRACT_BYTES, DOCUMENT_EXTRACT_RECORDS), send)
}

/// [`send_document`], the extractor reading at most `limits` (bytes, records).
fn send_document_within(mut doc: Document, extract: bool, limits: (usize, usize), send: &mut dyn FnMut(Message)) {
    let items = std::mem::take(&mut doc.items);
    let format = doc.format;
    let parted = items.iter().filter(|i| i.text.len() > attache_segment::PART_BYTES).count();
    let mut s = Sending {
        name: doc.name.clone(),
        origin: doc.origin.clone(),
        doc: Some(doc),
        extract,
        articles: Vec::new(),
        extractions: Vec::new(),
        text_bytes: 0,
        position: 0,
        cut: 0,
        extracted: 0,
        records: 0,
        unread: 0,
        limits,
        send,
    };
    let done = contain(|| {
        for item in items {
            attache_segment::segment_parts(&item, format, &mut |articles| s.take(articles));
        }
    });
    let origin = std::mem::take(&mut s.origin);
    match done {
        Err(reason) if s.doc.is_none() => (s.send)(Message::Abandoned(origin, reason)),
        Err(reason) => (s.send)(Message::Skipped(origin, reason)),
        Ok(()) if s.doc.is_some() && s.articles.is_empty() => {
            (s.send)(Message::Skipped(origin, "no article text found".into()))
        }
        Ok(()) => {
            s.flush(true);
            if let Some(reason) = warning(parted, s.cut, s.unread, limits) {
                (s.send)(Message::Warning(origin, reason));
            }
        }
    }
}

/// What a document's reader did not do as usual: texts segmented in parts,
/// articles the extractor read only the start of, or none of.
fn warning(parted: usize, cut: usize, unread: usize, (bytes, records): (usize, usize)) -> Option<String> {
    let parts = (parted > 0).then(|| {
        format!(
            "{parted} text(s) over {} bytes segmented in parts of at most that size (an article never spans two)",
            attache_segment::PART_BYTES
        )
    });
    let cut = (cut > 0).then(|| {
        format!(
            "the extractor read only the first {} bytes of {cut} article(s) (the rest is stored and searchable)",
            attache_extract::MAX_TEXT_BYTES
        )
    });
    let unread = (unread > 0).then(|| {
        format!(
            "the extractor read the articles of its first {bytes} bytes of text or {records} actors and \
             events; {unread} article(s) after them are stored without events (`attache reextract` \
             extracts them)"
        )
    });
    let all: Vec<String> = parts.into_iter().chain(cut).chain(unread).collect();
    (!all.is_empty()).then(|| all.join("; "))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::mpsc;
    use std::time::Instant;

    use attache_model::{Format, Span};
    use attache_store::Store;

    use super::*;
    use crate::{InFlight, IngestConfig, IngestReport, Ordered, write_all};

    fn doc(name: &str) -> Document {
        Document {
            origin: name.into(),
            name: name.into(),
            hash: format!("hash-{name}"),
            format: Format::Text,
            encoding: "UTF-8".into(),
            bytes: 100,
            items: Vec::new(),
        }
    }

    fn article(position: usize, text: &str) -> Article {
        Article { position, text: text.into(), sentences: vec![Span::new(0, text.len())], ..Article::default() }
    }

    #[test]
    fn the_extractor_reads_a_document_until_its_records_reach_the_limit() {
        let story = |i: usize| {
            format!(
                "14.04.2026, 10:0{i} 12\nTalks in Oslo {i}\nForeign Minister of Norway Kari Lunde met \
                 President of Chile Pedro Alvarez in Oslo on Monday.\n"
            )
        };
        let mut dump = doc("dump");
        dump.items = vec![attache_model::RawItem { text: (0..3).map(story).collect(), ..Default::default() }];
        let mut messages = Vec::new();
        send_document_within(dump, true, (1 << 20, 1), &mut |m| messages.push(m));
        let Some(Message::Document { articles, extractions, last: true, .. }) = messages.first() else {
            panic!("the document first")
        };
        assert_eq!(articles.len(), 3);
        assert_eq!(extractions.len(), 1, "after the first article's records the limit is reached");
        assert!(!extractions[0].record.events.is_empty());
        let Some(Message::Warning(origin, reason)) = messages.get(1) else { panic!("a warning") };
        assert_eq!(origin, "dump");
        assert!(reason.contains("2 article(s) after them are stored without events"), "{reason}");
    }

    #[test]
    fn a_document_sent_in_chunks_is_stored_whole_or_not_at_all() {
        let part = |position: usize, last: bool| Message::More {
            articles: vec![article(position, "The envoys met again in the port.")],
            extractions: Vec::new(),
            weight: 10,
            last,
        };
        let first = |name: &str| Message::Document {
            doc: doc(name),
            articles: vec![article(0, "The envoys met in the port.")],
            extractions: Vec::new(),
            weight: 10,
            last: false,
        };
        let messages = vec![
            first("a"),
            part(1, false),
            Message::Abandoned("a".into(), "internal error: a reader failed".into()),
            first("b"),
            part(1, false),
            part(2, true),
            Message::InputDone(200),
        ];
        let (tx, rx) = mpsc::sync_channel(messages.len());
        for m in messages {
            tx.send((0, m)).unwrap();
        }
        drop(tx);
        let mut store = Store::in_memory().unwrap();
        let in_flight = InFlight::new();
        let ordered = Ordered { rx, in_flight: &in_flight, head: 0, waiting: BTreeMap::new() };
        // A batch is due after every document, but never inside one.
        let config = IngestConfig { batch_documents: 1, ..IngestConfig::default() };
        let mut report = IngestReport::default();
        write_all(ordered, &mut store, &config, &in_flight, &mut report, &mut |_| {}, Instant::now()).unwrap();
        assert_eq!((report.documents_added, report.articles_added), (1, 3));
        assert_eq!(report.skipped, [("a".to_string(), "internal error: a reader failed".to_string())]);
        let stats = store.stats().unwrap();
        assert_eq!((stats.documents, stats.articles), (1, 3));
    }
}
