//! Documents written to PostgreSQL: one transaction per document, under
//! the documents lock from its first insert to its commit, so article ids
//! become visible in order (resolution reads "every article up to N").
//! The lock is held only while rows are written, never while a worker
//! reads or extracts: concurrent ingests overlap in everything but that.

use std::cell::Cell;

use attache_model::annotation::Extraction;
use attache_model::{Article, Document};

use super::{LOCK_DOCUMENTS, LOCK_RESOLUTION, PgStore, partitions, search};
use crate::articles::event_columns;
use crate::{Result, Stored, pack_spans};

/// Writes of documents; each document is its own transaction.
pub(crate) struct PgBatch<'a> {
    store: &'a PgStore,
    /// A document's transaction is open (between `mark` and its end).
    open: Cell<bool>,
}

impl<'a> PgBatch<'a> {
    pub(crate) fn new(store: &'a PgStore) -> PgBatch<'a> {
        PgBatch { store, open: Cell::new(false) }
    }

    pub(crate) fn put_document(
        &self,
        doc: &Document,
        articles: &[Article],
        extractions: &[Extraction],
    ) -> Result<Stored> {
        self.mark()?;
        let stored = self.store.in_transaction(|| {
            let Some((doc_id, version)) = self.begin_document(doc)? else { return Ok(Stored::Unchanged) };
            self.put_articles(doc_id, articles, extractions)?;
            Ok(Stored::Added { version, articles: articles.len() })
        });
        if stored.is_err() {
            self.open.set(false);
        }
        self.keep_since_mark()?;
        stored
    }

    /// Inserts the document (inside the open transaction): `None` when its
    /// content is stored already, whoever stored it.
    pub(crate) fn begin_document(&self, doc: &Document) -> Result<Option<(i64, i64)>> {
        let s = self.store;
        let version: i64 = s
            .query_one("SELECT coalesce(max(version), 0) + 1 FROM documents WHERE origin = $1", &[&doc.origin])?
            .get(0);
        let now = jiff::Timestamp::now().to_string();
        let inserted = s.query_opt(
            "INSERT INTO documents (origin, name, version, hash, format, encoding, bytes, ingested_at, current)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, TRUE) ON CONFLICT (hash) DO NOTHING RETURNING id",
            &[
                &doc.origin,
                &doc.name,
                &version,
                &doc.hash,
                &doc.format.as_str(),
                &doc.encoding,
                &(doc.bytes as i64),
                &now,
            ],
        )?;
        let Some(row) = inserted else { return Ok(None) };
        let id: i64 = row.get(0);
        if version > 1 {
            s.execute(
                "UPDATE documents SET current = FALSE WHERE origin = $1 AND current AND id <> $2",
                &[&doc.origin, &id],
            )?;
            // Articles of the replaced version leave the record: the next
            // resolution is a full one. Under the resolution lock, so no
            // resolver running meanwhile writes its mark over this one.
            s.lock(LOCK_RESOLUTION)?;
            s.execute("DELETE FROM meta WHERE key = 'resolved_upto'", &[])?;
        }
        Ok(Some((id, version)))
    }

    /// Stores articles of the document `doc_id` and what the extractor made of
    /// them (matched by position, as the SQLite batch does).
    pub(crate) fn put_articles(&self, doc_id: i64, articles: &[Article], extractions: &[Extraction]) -> Result<()> {
        for (i, a) in articles.iter().enumerate() {
            let article_id = self.insert_article(doc_id, a)?;
            let at = |x: &&Extraction| x.record.article == a.position;
            if let Some(x) = extractions.get(i).filter(at).or_else(|| extractions.iter().find(at)) {
                write_extraction(self.store, article_id, x)?;
            }
        }
        Ok(())
    }

    fn insert_article(&self, doc_id: i64, a: &Article) -> Result<i64> {
        let via = serde_json::to_string(&a.via).expect("strings serialize");
        let row = self.store.query_one(
            "INSERT INTO articles (document_id, position, title, published, views, via, url, language, text, spans, sentence_count, words)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, array_to_tsvector($12)) RETURNING id",
            &[
                &doc_id,
                &(a.position as i64),
                &a.title,
                &a.published.map(|p| p.to_string()),
                &a.views.map(|v| v as i64),
                &via,
                &a.url,
                &a.language,
                &a.text,
                &pack_spans(&a.sentences),
                &(a.sentences.len() as i64),
                &search::article_words(a.title.as_deref(), &a.text),
            ],
        )?;
        Ok(row.get(0))
    }

    /// Opens the transaction of one document, holding the documents lock.
    pub(crate) fn mark(&self) -> Result<()> {
        self.store.begin_locked(LOCK_DOCUMENTS)?;
        self.open.set(true);
        Ok(())
    }

    /// Commits the document's transaction.
    pub(crate) fn keep_since_mark(&self) -> Result<()> {
        if self.open.replace(false) {
            self.store.batch_execute("COMMIT")?;
        }
        Ok(())
    }

    /// Rolls the document's transaction back.
    pub(crate) fn undo_to_mark(&self) -> Result<()> {
        if self.open.replace(false) {
            self.store.batch_execute("ROLLBACK")?;
        }
        Ok(())
    }

    /// Every document was committed with its own transaction.
    pub(crate) fn commit(self) -> Result<()> {
        self.undo_to_mark()
    }
}

impl Drop for PgBatch<'_> {
    fn drop(&mut self) {
        // A document half written when the batch is dropped (an error) goes.
        let _ = self.undo_to_mark();
    }
}

/// Replaces what is stored of an article's extraction (inside a transaction).
pub(crate) fn write_extraction(s: &PgStore, article_id: i64, x: &Extraction) -> Result<()> {
    s.execute("DELETE FROM events WHERE article_id = $1", &[&article_id])?;
    let record = serde_json::to_string(&x.record).expect("records serialize");
    s.execute(
        "INSERT INTO extractions (article_id, record) VALUES ($1, $2)
         ON CONFLICT (article_id) DO UPDATE SET record = excluded.record",
        &[&article_id, &record],
    )?;
    let events = event_columns(x);
    let months: Vec<String> = events.iter().map(|e| partitions::month(e.date.as_deref())).collect();
    partitions::ensure(s, &months)?;
    let mut last = None;
    for (e, month) in events.iter().zip(&months) {
        let row = s.query_one(
            "INSERT INTO events (article_id, idx, type, mode, date, date_basis, source_countries, target_countries, actors,
                                 topics, cameo, plover, rule, trigger, sentence, start, \"end\", evidence, month)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
             RETURNING id",
            &[
                &article_id,
                &e.idx,
                &e.kind,
                &e.mode,
                e.date,
                &e.date_basis,
                &e.source_countries,
                &e.target_countries,
                &e.actors,
                &e.topics,
                e.cameo,
                e.plover,
                &e.rule,
                &e.trigger,
                &e.sentence,
                &e.start,
                &e.end,
                &e.evidence,
                month,
            ],
        )?;
        last = last.max(Some(row.get::<_, i64>(0)));
    }
    if let Some(id) = last {
        partitions::note_last_event(s, id)?;
    }
    Ok(())
}
