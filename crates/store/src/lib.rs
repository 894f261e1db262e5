//! Store: the embedded SQLite database (bundled, WAL mode, versioned schema).
//!
//! Writes are whole documents: a document, its articles, their sentences and
//! their full-text entries go in together or not at all, so a crash (even
//! `kill -9`) leaves the database as it was before the document's batch and a
//! re-run completes the work. Content is keyed by hash: the same bytes
//! ingested twice add nothing; new bytes at a known origin become that
//! origin's next version, and the older version is kept, marked superseded.
//!
//! This crate is the only one that knows the on-disk format.

mod schema;

use std::cell::Cell;
use std::path::Path;

use attache_model::{Article, Document, Published, Span};
use rusqlite::{Connection, OptionalExtension, params};

pub use rusqlite::Error as SqlError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("database {path} is at schema version {found}, newer than this build knows ({known}); upgrade attache")]
    TooNew { path: String, found: i64, known: i64 },
    #[error("invalid filter: {0}")]
    Filter(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open store.
pub struct Store {
    conn: Connection,
}

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

/// Counts of what the store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub documents: i64,
    pub document_versions: i64,
    pub articles: i64,
    pub sentences: i64,
    pub bytes: i64,
    pub by_format: Vec<(String, i64)>,
    pub by_language: Vec<(String, i64)>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        Self::init(conn, &path.display().to_string())
    }

    /// A private in-memory store (tests, `attache eval`).
    pub fn in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(conn: Connection, path: &str) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Write path: a 64 MiB page cache (the default 2 MiB spills FTS5 merges
        // to disk), temporary b-trees in memory.
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Checkpoint the WAL every ~64 MiB rather than every 4 MiB: fewer fsyncs
        // during ingest, and a page rewritten within the window (the right
        // edge of every b-tree, FTS5 segments merged away) is copied back to
        // the database once. Durability is unchanged (WAL + NORMAL: a crash
        // keeps every committed batch consistent); the WAL file is cut back to
        // that size after a checkpoint.
        conn.pragma_update(None, "wal_autocheckpoint", 16384)?;
        conn.pragma_update(None, "journal_size_limit", 64 << 20)?;
        // A stable query plan: without it, this STAT4 build re-prepares cached
        // statements whenever a new value is bound (every `put_document`).
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        let mut store = Store { conn };
        store.migrate(path)?;
        Ok(store)
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self, path: &str) -> Result<()> {
        let known = schema::MIGRATIONS.len() as i64;
        let found = self.schema_version()?;
        if found > known {
            return Err(StoreError::TooNew { path: path.to_string(), found, known });
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Starts a batch of writes: one transaction for many documents.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        Ok(Batch { tx: self.conn.transaction()?, articles: Cell::new(None) })
    }

    /// Stores one document and its articles in its own transaction.
    pub fn put_document(&mut self, doc: &Document, articles: &[Article]) -> Result<Stored> {
        let batch = self.batch()?;
        let stored = batch.put_document(doc, articles)?;
        batch.commit()?;
        Ok(stored)
    }

    pub fn has_hash(&self, hash: &str) -> Result<bool> {
        Ok(self.conn.query_row("SELECT 1 FROM documents WHERE hash = ?1", [hash], |_| Ok(())).optional()?.is_some())
    }

    /// Current articles matching the filter, newest first.
    pub fn articles(&self, filter: &ArticleFilter) -> Result<Vec<StoredArticle>> {
        let mut sql = String::from(
            "SELECT a.id, d.name, d.origin, d.format, a.position, a.title, a.published, a.views, a.via, a.url, a.language, a.text
             FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.current = 1",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(q) = &filter.query {
            sql.push_str(" AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)");
            args.push(fts_query(q).into());
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
        let mut stmt = self.conn.prepare(&sql)?;
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
        let found = self
            .conn
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
        let mut stmt =
            self.conn.prepare_cached("SELECT start, end FROM sentences WHERE article_id = ?1 ORDER BY idx")?;
        let rows = stmt
            .query_map([article_id], |r| Ok(Span::new(r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn stats(&self) -> Result<Stats> {
        let one = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        let pairs = |sql: &str| -> Result<Vec<(String, i64)>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_else(|| "-".into()), r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let current = "FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.current = 1";
        let (first, last) = self.conn.query_row(
            &format!("SELECT min(substr(a.published, 1, 10)), max(substr(a.published, 1, 10)) {current}"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Stats {
            documents: one("SELECT count(*) FROM documents WHERE current = 1")?,
            document_versions: one("SELECT count(*) FROM documents")?,
            articles: one(&format!("SELECT count(*) {current}"))?,
            sentences: one(
                "SELECT count(*) FROM sentences s JOIN articles a ON a.id = s.article_id JOIN documents d ON d.id = a.document_id WHERE d.current = 1",
            )?,
            bytes: one("SELECT coalesce(sum(bytes), 0) FROM documents WHERE current = 1")?,
            by_format: pairs(
                "SELECT format, count(*) FROM documents WHERE current = 1 GROUP BY format ORDER BY 2 DESC, 1",
            )?,
            by_language: pairs(&format!(
                "SELECT a.language, count(*) {current} GROUP BY a.language ORDER BY 2 DESC, 1"
            ))?,
            first_published: first,
            last_published: last,
        })
    }
}

type ArticleRow = (String, String, String, Article);

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

/// A day bound for filters: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
fn check_day(s: &str) -> Result<String> {
    let ok = match s.len() {
        4 => s.parse::<i16>().is_ok(),
        7 => format!("{s}-01").parse::<jiff::civil::Date>().is_ok(),
        10 => s.parse::<jiff::civil::Date>().is_ok(),
        _ => false,
    };
    if ok {
        Ok(s.to_string())
    } else {
        Err(StoreError::Filter(format!("{s:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")))
    }
}

/// User text to an FTS5 query: each word quoted (so punctuation cannot break
/// the syntax), all words required; a trailing `*` keeps prefix search.
fn fts_query(q: &str) -> String {
    q.split_whitespace()
        .map(|w| {
            let prefix = w.ends_with('*');
            let w = w.trim_end_matches('*').replace('"', "\"\"");
            if prefix { format!("\"{w}\"*") } else { format!("\"{w}\"") }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes inside one transaction; dropped without `commit`, they vanish.
///
/// The full-text entries of the batch's articles are written at `commit`, in
/// one statement: FTS5 flushes its in-memory index at every statement that
/// writes to it inside a transaction, so one insert per article would write
/// one tiny index segment per article (and merge them all again).
pub struct Batch<'a> {
    tx: rusqlite::Transaction<'a>,
    /// First and last article id this batch inserted.
    articles: Cell<Option<(i64, i64)>>,
}

impl Batch<'_> {
    pub fn put_document(&self, doc: &Document, articles: &[Article]) -> Result<Stored> {
        let tx = &self.tx;
        let known = tx
            .prepare_cached("SELECT 1 FROM documents WHERE hash = ?1")?
            .query_row([&doc.hash], |_| Ok(()))
            .optional()?;
        if known.is_some() {
            return Ok(Stored::Unchanged);
        }
        let version: i64 = tx
            .prepare_cached("SELECT coalesce(max(version), 0) + 1 FROM documents WHERE origin = ?1")?
            .query_row([&doc.origin], |r| r.get(0))?;
        if version > 1 {
            tx.prepare_cached("UPDATE documents SET current = 0 WHERE origin = ?1 AND current = 1")?
                .execute([&doc.origin])?;
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
        let doc_id = tx.last_insert_rowid();
        let mut insert_article = tx.prepare_cached(
            "INSERT INTO articles (document_id, position, title, published, views, via, url, language, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut insert_sentence =
            tx.prepare_cached("INSERT INTO sentences (article_id, idx, start, end) VALUES (?1, ?2, ?3, ?4)")?;
        for a in articles {
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
            ])?;
            let article_id = tx.last_insert_rowid();
            let first = self.articles.get().map_or(article_id, |(first, _)| first);
            self.articles.set(Some((first, article_id)));
            for (i, s) in a.sentences.iter().enumerate() {
                insert_sentence.execute(params![article_id, i as i64, s.start as i64, s.end as i64])?;
            }
        }
        Ok(Stored::Added { version, articles: articles.len() })
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

#[cfg(test)]
mod tests;
