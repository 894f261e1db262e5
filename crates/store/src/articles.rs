//! Articles: documents and their articles written in batches, read back
//! with their sentences, and the extraction stored for each.
//!
//! Input: `Document`s, `Article`s and `Extraction`s. Output: `StoredArticle`s
//! and stored records.

use std::cell::Cell;

use attache_model::annotation::{AnnotatedArticle, Extraction};
use attache_model::{Article, Document, Published, Span};
use rusqlite::{Connection, OptionalExtension, params};

use crate::backend::BatchOn;
use crate::{Backend, Batch, Result, Store, check_day, fts_condition, pack_spans, spaced, unpack_spans};

/// What storing one document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// New content: stored as `version` of its origin, with this many articles.
    Added { version: i64, articles: usize },
    /// The same bytes were stored before: nothing changed.
    Unchanged,
}

/// A stored article with its identity and provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredArticle {
    pub id: i64,
    /// The document name annotations use as `doc`.
    pub doc: String,
    pub origin: String,
    pub format: String,
    pub article: Article,
}

/// Filters of `attache articles`.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    /// FTS5 query over title and text.
    pub query: Option<String>,
    /// Inclusive bounds on the published day, `YYYY-MM-DD`.
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<usize>,
}

impl Store {
    /// Starts a batch of writes: one transaction for many documents.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        Ok(Batch(match &mut self.backend {
            Backend::Postgres(pg) => BatchOn::Postgres(pg.batch()?),
            Backend::Sqlite(conn) => BatchOn::Sqlite(SqliteBatch {
                tx: conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?,
                articles: Cell::new(None),
            }),
        }))
    }

    /// Stores one document and its articles in its own transaction.
    pub fn put_document(&mut self, doc: &Document, articles: &[Article]) -> Result<Stored> {
        let batch = self.batch()?;
        let stored = batch.put_document(doc, articles, &[])?;
        batch.commit()?;
        Ok(stored)
    }

    pub fn has_hash(&self, hash: &str) -> Result<bool> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.has_hash(hash);
        }
        Ok(self.conn()?.query_row("SELECT 1 FROM documents WHERE hash = ?1", [hash], |_| Ok(())).optional()?.is_some())
    }

    /// Current articles matching the filter, newest first.
    pub fn articles(&self, filter: &ArticleFilter) -> Result<Vec<StoredArticle>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.articles(filter);
        }
        let mut sql = String::from(
            "SELECT a.id, d.name, d.origin, d.format, a.position, a.title, a.published, a.views, a.via, a.url, a.language, a.text
             FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.current = 1",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(q) = filter.query.as_deref().filter(|q| !q.trim().is_empty()) {
            let (cond, arg) = fts_condition(q, false);
            sql.push_str(cond);
            args.extend(arg.map(Into::into));
        }
        if let Some(s) = &filter.since {
            sql.push_str(" AND substr(a.published, 1, 10) >= ?");
            args.push(check_day(s)?.into());
        }
        if let Some(u) = &filter.until {
            // "until 2026-03" includes the whole month: compare at the bound's precision.
            let u = check_day(u)?;
            sql.push_str(&format!(" AND substr(a.published, 1, {}) <= ?", u.len()));
            args.push(u.into());
        }
        sql.push_str(" ORDER BY a.published IS NULL, a.published DESC, a.id");
        if let Some(l) = filter.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let mut stmt = self.conn()?.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| Ok((r.get::<_, i64>(0)?, row_article(r)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, (doc, origin, format, article)) = row?;
            out.push(StoredArticle { id, doc, origin, format, article });
        }
        for a in &mut out {
            a.article.sentences = self.sentences(a.id)?;
        }
        Ok(out)
    }

    /// One article by id, with its sentences.
    pub fn article(&self, id: i64) -> Result<Option<StoredArticle>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.article(id);
        }
        let found = self
            .conn()?
            .query_row(
                "SELECT a.id, d.name, d.origin, d.format, a.position, a.title, a.published, a.views, a.via, a.url, a.language, a.text
                 FROM articles a JOIN documents d ON d.id = a.document_id WHERE a.id = ?1",
                [id],
                |r| Ok((r.get::<_, i64>(0)?, row_article(r)?)),
            )
            .optional()?;
        let Some((id, (doc, origin, format, mut article))) = found else { return Ok(None) };
        article.sentences = self.sentences(id)?;
        Ok(Some(StoredArticle { id, doc, origin, format, article }))
    }

    fn sentences(&self, article_id: i64) -> Result<Vec<Span>> {
        let packed: Option<Vec<u8>> = self
            .conn()?
            .prepare_cached("SELECT spans FROM articles WHERE id = ?1")?
            .query_row([article_id], |r| r.get(0))
            .optional()?
            .flatten();
        if let Some(bytes) = packed {
            return Ok(unpack_spans(&bytes));
        }
        // Articles stored by schema 1-3 keep one row per sentence.
        let mut stmt =
            self.conn()?.prepare_cached("SELECT start, end FROM sentences WHERE article_id = ?1 ORDER BY idx")?;
        let rows = stmt
            .query_map([article_id], |r| Ok(Span::new(r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces the stored extraction of an article (after the rules changed).
    pub fn put_extraction(&mut self, article_id: i64, x: &Extraction) -> Result<()> {
        let tx = self.conn_mut()?.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        write_extraction(&tx, article_id, x)?;
        Ok(tx.commit()?)
    }

    /// Replaces many extractions in one transaction.
    pub fn put_extractions(&mut self, items: &[(i64, Extraction)]) -> Result<()> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.put_extractions(items);
        }
        let tx = self.conn_mut()?.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for (id, x) in items {
            write_extraction(&tx, *id, x)?;
        }
        // What resolution made of the old records no longer holds.
        tx.execute(crate::NEEDS_FULL_RESOLUTION, [])?;
        Ok(tx.commit()?)
    }

    /// The stored record of an article, if it was extracted.
    pub fn extraction(&self, article_id: i64) -> Result<Option<AnnotatedArticle>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.extraction(article_id);
        }
        let json: Option<String> = self
            .conn()?
            .prepare_cached("SELECT record FROM extractions WHERE article_id = ?1")?
            .query_row([article_id], |r| r.get(0))
            .optional()?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    /// Current articles with ids above `after`, in id order, at most `limit`:
    /// one query for a whole batch (re-extraction walks the store this way).
    pub fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<StoredArticle>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.articles_after(after, limit);
        }
        let mut stmt = self.conn()?.prepare_cached(
            "SELECT a.id, d.name, d.origin, d.format, a.position, a.title, a.published, a.views, a.via, a.url, a.language, a.text, a.spans
             FROM articles a JOIN documents d ON d.id = a.document_id
             WHERE d.current = 1 AND a.id > ?1 ORDER BY a.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after, limit as i64], |r| {
            Ok((r.get::<_, i64>(0)?, row_article(r)?, r.get::<_, Option<Vec<u8>>>(12)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, (doc, origin, format, mut article), spans) = row?;
            article.sentences = match spans {
                Some(bytes) => unpack_spans(&bytes),
                None => self.sentences(id)?,
            };
            out.push(StoredArticle { id, doc, origin, format, article });
        }
        Ok(out)
    }

    /// Ids of the current articles, in document order, `after` the given id.
    pub fn article_ids(&self, after: i64, limit: usize) -> Result<Vec<i64>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.article_ids(after, limit);
        }
        let mut stmt = self.conn()?.prepare_cached(
            "SELECT a.id FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.current = 1 AND a.id > ?1 ORDER BY a.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after, limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

pub(crate) type ArticleRow = (String, String, String, Article);

fn row_article(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleRow> {
    let via: String = r.get(8)?;
    let published: Option<String> = r.get(6)?;
    Ok((
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        Article {
            position: r.get::<_, i64>(4)? as usize,
            title: r.get(5)?,
            published: published.as_deref().and_then(Published::parse),
            views: r.get::<_, Option<i64>>(7)?.map(|v| v as u64),
            via: serde_json::from_str(&via).unwrap_or_default(),
            url: r.get(9)?,
            language: r.get(10)?,
            text: r.get(11)?,
            sentences: Vec::new(),
        },
    ))
}

/// Replaces what is stored of an article's extraction.
fn write_extraction(tx: &Connection, article_id: i64, x: &Extraction) -> Result<()> {
    tx.prepare_cached("DELETE FROM events WHERE article_id = ?1")?.execute([article_id])?;
    tx.prepare_cached("INSERT OR REPLACE INTO extractions (article_id, record) VALUES (?1, ?2)")?
        .execute(params![article_id, serde_json::to_string(&x.record).expect("records serialize")])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO events (article_id, idx, type, mode, date, date_basis, source_countries, target_countries, actors,
                             topics, cameo, plover, rule, trigger, sentence, start, end, evidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for e in event_columns(x) {
        insert.execute(params![
            article_id,
            e.idx,
            e.kind,
            e.mode,
            e.date,
            e.date_basis,
            e.source_countries,
            e.target_countries,
            e.actors,
            e.topics,
            e.cameo,
            e.plover,
            e.rule,
            e.trigger,
            e.sentence,
            e.start,
            e.end,
            e.evidence,
        ])?;
    }
    Ok(())
}

/// One event of an extraction as the `events` table holds it (both backends).
pub(crate) struct EventColumns<'x> {
    pub(crate) idx: i64,
    pub(crate) kind: &'static str,
    pub(crate) mode: Option<&'static str>,
    pub(crate) date: &'x Option<String>,
    pub(crate) date_basis: Option<&'static str>,
    /// Countries as ` A B ` lists, so `LIKE '% A %'` is exact.
    pub(crate) source_countries: String,
    pub(crate) target_countries: String,
    /// Names as ` | A | B |`.
    pub(crate) actors: String,
    pub(crate) topics: String,
    pub(crate) cameo: &'x Option<String>,
    pub(crate) plover: &'x Option<String>,
    pub(crate) rule: Option<String>,
    pub(crate) trigger: Option<String>,
    pub(crate) sentence: Option<i64>,
    pub(crate) start: Option<i64>,
    pub(crate) end: Option<i64>,
    pub(crate) evidence: &'x str,
}

/// The rows of an extraction's events, in order.
pub(crate) fn event_columns(x: &Extraction) -> Vec<EventColumns<'_>> {
    let r: &AnnotatedArticle = &x.record;
    let mut out = Vec::with_capacity(r.events.len());
    for (i, e) in r.events.iter().enumerate() {
        let actors =
            |ids: &[String]| ids.iter().filter_map(|id| r.actors.iter().find(|a| &a.id == id)).collect::<Vec<_>>();
        let (src, tgt) = (actors(&e.source), actors(&e.target));
        let countries = |v: &[&attache_model::annotation::Actor]| spaced(v.iter().filter_map(|a| a.country.as_deref()));
        let names = format!(" | {} |", src.iter().chain(&tgt).map(|a| a.name.as_str()).collect::<Vec<_>>().join(" | "));
        let p = x.provenance.iter().find(|p| p.event == i);
        out.push(EventColumns {
            idx: i as i64,
            kind: e.kind.as_str(),
            mode: e.mode.map(|m| m.as_str()),
            date: &e.date,
            date_basis: e.date_basis.map(|b| b.as_str()),
            source_countries: countries(&src),
            target_countries: countries(&tgt),
            actors: names,
            topics: spaced(e.topics.iter().map(String::as_str)),
            cameo: &e.cameo,
            plover: &e.plover,
            rule: p.map(|p| p.rule.clone()),
            trigger: p.map(|p| p.trigger.clone()),
            sentence: p.and_then(|p| p.sentence).map(|s| s as i64),
            start: p.and_then(|p| p.span).map(|s| s.0 as i64),
            end: p.and_then(|p| p.span).map(|s| s.1 as i64),
            evidence: &e.evidence,
        });
    }
    out
}

/// Writes inside one transaction; dropped without `commit`, they vanish.
///
/// The full-text entries of the batch's articles are written at `commit`, in
/// one statement: FTS5 flushes its in-memory index at every statement that
/// writes to it inside a transaction, so one insert per article would write
/// one tiny index segment per article (and merge them all again).
pub(crate) struct SqliteBatch<'a> {
    tx: rusqlite::Transaction<'a>,
    /// First and last article id this batch inserted.
    articles: Cell<Option<(i64, i64)>>,
}

impl SqliteBatch<'_> {
    /// Stores a document, its articles and (when given, one per article) what
    /// the extractor made of them.
    pub fn put_document(&self, doc: &Document, articles: &[Article], extractions: &[Extraction]) -> Result<Stored> {
        let Some((doc_id, version)) = self.begin_document(doc)? else { return Ok(Stored::Unchanged) };
        self.put_articles(doc_id, articles, extractions)?;
        Ok(Stored::Added { version, articles: articles.len() })
    }

    /// Stores a document without its articles: its id and version, or `None`
    /// when a document of the same content is stored already. Its articles
    /// follow with [`Batch::put_articles`], in one or more parts.
    pub fn begin_document(&self, doc: &Document) -> Result<Option<(i64, i64)>> {
        let tx = &self.tx;
        let known = tx
            .prepare_cached("SELECT 1 FROM documents WHERE hash = ?1")?
            .query_row([&doc.hash], |_| Ok(()))
            .optional()?;
        if known.is_some() {
            return Ok(None);
        }
        let version: i64 = tx
            .prepare_cached("SELECT coalesce(max(version), 0) + 1 FROM documents WHERE origin = ?1")?
            .query_row([&doc.origin], |r| r.get(0))?;
        if version > 1 {
            tx.prepare_cached("UPDATE documents SET current = 0 WHERE origin = ?1 AND current = 1")?
                .execute([&doc.origin])?;
            // Articles of the replaced version leave the record: the next
            // resolution is a full one, whenever it runs.
            tx.execute(crate::NEEDS_FULL_RESOLUTION, [])?;
        }
        let now = jiff::Timestamp::now().to_string();
        tx.prepare_cached(
            "INSERT INTO documents (origin, name, version, hash, format, encoding, bytes, ingested_at, current)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
        )?
        .execute(params![
            doc.origin,
            doc.name,
            version,
            doc.hash,
            doc.format.as_str(),
            doc.encoding,
            doc.bytes as i64,
            now
        ])?;
        Ok(Some((tx.last_insert_rowid(), version)))
    }

    /// Stores articles of the document `doc_id` (their positions numbered in
    /// the whole document) and what the extractor made of them: the
    /// extraction of `articles[i]` is `extractions[i]` when its position
    /// matches, else the one of the same position (none when not given).
    pub fn put_articles(&self, doc_id: i64, articles: &[Article], extractions: &[Extraction]) -> Result<()> {
        let tx = &self.tx;
        let mut insert_article = tx.prepare_cached(
            "INSERT INTO articles (document_id, position, title, published, views, via, url, language, text, spans, sentence_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for (i, a) in articles.iter().enumerate() {
            insert_article.execute(params![
                doc_id,
                a.position as i64,
                a.title,
                a.published.map(|p| p.to_string()),
                a.views.map(|v| v as i64),
                serde_json::to_string(&a.via).expect("strings serialize"),
                a.url,
                a.language,
                a.text,
                pack_spans(&a.sentences),
                a.sentences.len() as i64,
            ])?;
            let article_id = tx.last_insert_rowid();
            let first = self.articles.get().map_or(article_id, |(first, _)| first);
            self.articles.set(Some((first, article_id)));
            let at = |x: &&Extraction| x.record.article == a.position;
            if let Some(x) = extractions.get(i).filter(at).or_else(|| extractions.iter().find(at)) {
                write_extraction(tx, article_id, x)?;
            }
        }
        Ok(())
    }

    /// Opens a savepoint: what is written after it can be undone alone
    /// ([`Batch::undo_to_mark`]) without losing the rest of the batch.
    pub fn mark(&self) -> Result<()> {
        Ok(self.tx.execute_batch("SAVEPOINT part")?)
    }

    /// Keeps what was written since [`Batch::mark`].
    pub fn keep_since_mark(&self) -> Result<()> {
        Ok(self.tx.execute_batch("RELEASE part")?)
    }

    /// Undoes what was written since [`Batch::mark`] (a document abandoned
    /// half stored).
    pub fn undo_to_mark(&self) -> Result<()> {
        Ok(self.tx.execute_batch("ROLLBACK TO part; RELEASE part")?)
    }

    pub fn commit(self) -> Result<()> {
        if let Some((first, last)) = self.articles.get() {
            // Article ids only grow and this transaction holds the write lock:
            // the range is exactly the articles this batch inserted.
            self.tx.execute(
                "INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles WHERE id BETWEEN ?1 AND ?2",
                [first, last],
            )?;
        }
        Ok(self.tx.commit()?)
    }
}
