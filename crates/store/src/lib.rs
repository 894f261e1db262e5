//! Store: the embedded SQLite database (bundled, WAL mode, versioned schema).
//!
//! Writes are whole documents: a document, its articles, their sentences and
//! their full-text entries go in together or not at all, so a crash (even
//! `kill -9`) leaves the database as it was before the document's batch and a
//! re-run completes the work. Content is keyed by hash: the same bytes
//! ingested twice add nothing; new bytes at a known origin become that
//! origin's next version, and the older version is kept, marked superseded.
//!
//! This crate is the only one that knows the on-disk format, and the only
//! one that knows SQL: a `Store` is SQLite (embedded, the default) or
//! PostgreSQL (`postgres://...`, module `pg`), and its callers never know
//! which. Reads not yet written for PostgreSQL fail there with
//! [`StoreError::Unsupported`], never with wrong data.

//!
//! Modules by concern: `articles` (documents, articles and their records
//! written and read), `events` (events as the CLI reads them) and
//! `event_pages` (as the API pages them), `aggregate` (counts of events by
//! month, type, country...), `actors` (actors, the curation log,
//! occurrences), `commitments`, `query` (the API's other reads: article
//! pages, facts, record counts, relations, the network), `resolution` (what
//! resolution reads and writes), `schema` (migrations).

mod actors;
mod aggregate;
mod articles;
mod backend;
mod commitments;
mod copy;
mod counterparts;
mod event_pages;
mod events;
mod fetches;
mod network;
mod pg;
mod query;
mod schema;
mod select;

use std::path::Path;

use attache_model::Span;
use rusqlite::Connection;

pub(crate) use actors::row_actor;
pub use actors::{CurationEntry, StoredActor, StoredOccurrence};
pub use aggregate::{Aggregate, Bucket, BucketOrder, Counter, Dimension, facet_keys};
pub use articles::{ArticleFilter, Stored, StoredArticle};
pub use backend::{Batch, Resolution};
pub use commitments::commitment_countries;
pub use copy::{CopyProgress, CopyReport};
pub use counterparts::{Counterpart, counterparts};
pub use event_pages::{ChangeMark, EventActor, EventFacets, EventKey, EventQuery, EventRow, text_words, values};
pub use events::{EventFilter, StoredEvent};
pub use network::{Network, NetworkCounter, OrganisationSides};
pub use query::{ArticleKey, ArticleSummary, FactRow, RecordStats, Relations};
pub use rusqlite::Error as SqlError;

/// How long a writer waits for another to finish before giving up.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("PostgreSQL error: {}", pg::describe(.0))]
    Postgres(#[from] postgres::Error),
    #[error("not yet supported on PostgreSQL: {0} (issue 17); run it on a SQLite store (`attache copy` makes one)")]
    Unsupported(&'static str),
    #[error("{path} is not empty (it holds {tables}): copy into a new SQLite file or an empty PostgreSQL database")]
    NotEmpty { path: String, tables: String },
    #[error("database {path} is at schema version {found}, newer than this build knows ({known}); upgrade attache")]
    TooNew { path: String, found: i64, known: i64 },
    #[error("invalid filter: {0}")]
    Filter(String),
}

impl StoreError {
    /// Whether another process held the database longer than [`BUSY_TIMEOUT`].
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Sql(rusqlite::Error::SqliteFailure(e, _))
            if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open store.
pub struct Store {
    backend: Backend,
}

/// Which database a [`Store`] is.
enum Backend {
    Sqlite(Connection),
    Postgres(Box<pg::PgStore>),
}

/// Whether `location` (a `--db` value) names a PostgreSQL database
/// (`postgres://...` or `postgresql://...`) rather than a SQLite file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
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
    /// Opens (creating if needed) the store at `path` and brings its schema
    /// up to date; a `postgres://` URL connects to that database instead
    /// ([`Store::connect`]).
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(url) = path.to_str().filter(|p| is_postgres_url(p)) {
            return Self::connect(url);
        }
        let conn = Connection::open(path)?;
        Self::init(conn, &path.display().to_string())
    }

    /// Connects to the PostgreSQL database at `url` and brings its schema up to date.
    pub fn connect(url: &str) -> Result<Store> {
        Ok(Store { backend: Backend::Postgres(Box::new(pg::PgStore::connect(url)?)) })
    }

    /// Whether this store is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// Says that an ingest is storing documents into this store (on
    /// PostgreSQL, to the other ingests writing to it at once); ended by
    /// [`Store::end_ingest`]. Nothing on SQLite.
    pub fn begin_ingest(&self) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(()),
            Backend::Postgres(pg) => pg.begin_ingest(),
        }
    }

    /// Ends what [`Store::begin_ingest`] began; whether this ingest should
    /// resolve now: on PostgreSQL only when no other ingest is still storing
    /// (the last one to end resolves everything in one resolution, so
    /// concurrent ingests resolve as one ingest of all their inputs would,
    /// not in pieces cut by their timing); always on SQLite.
    pub fn end_ingest(&self) -> Result<bool> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(true),
            Backend::Postgres(pg) => pg.end_ingest(),
        }
    }

    /// The SQLite connection; on PostgreSQL, the read asked for is not written yet.
    fn conn(&self) -> Result<&Connection> {
        match &self.backend {
            Backend::Sqlite(conn) => Ok(conn),
            Backend::Postgres(_) => Err(StoreError::Unsupported("this command")),
        }
    }

    fn conn_mut(&mut self) -> Result<&mut Connection> {
        match &mut self.backend {
            Backend::Sqlite(conn) => Ok(conn),
            Backend::Postgres(_) => Err(StoreError::Unsupported("this command")),
        }
    }

    /// A private in-memory store (tests, `attache eval`).
    pub fn in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(conn: Connection, path: &str) -> Result<Store> {
        // A second writer waits for the first (every write transaction
        // begins IMMEDIATE, taking the write lock at once, where SQLite
        // waits; a deferred one that read first would fail at once instead).
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Resolution alone runs some thirty statements per chunk; with the
        // default 16 cached, they would be prepared again and again.
        conn.set_prepared_statement_cache_capacity(64);
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
        let mut store = Store { backend: Backend::Sqlite(conn) };
        store.migrate(path)?;
        Ok(store)
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<i64> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.schema_version();
        }
        Ok(self.conn()?.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self, path: &str) -> Result<()> {
        let known = schema::MIGRATIONS.len() as i64;
        let found = self.schema_version()?;
        if found > known {
            return Err(StoreError::TooNew { path: path.to_string(), found, known });
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.conn_mut()?.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The problems SQLite finds in the database file: `PRAGMA
    /// integrity_check` (pages, indexes, NOT NULL) and `PRAGMA
    /// foreign_key_check`, one line each; empty when the file is sound.
    /// Run with the bundled SQLite: some system `sqlite3` shells (3.40)
    /// report NOT NULL columns of WITHOUT ROWID tables as NULL wrongly.
    /// On PostgreSQL, the checks of `pg`'s `check` (the server keeps its
    /// own pages sound).
    pub fn check(&self) -> Result<Vec<String>> {
        if let Backend::Postgres(pg) = &self.backend {
            return pg.check();
        }
        let mut problems = Vec::new();
        let mut stmt = self.conn()?.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let line = row?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let mut stmt = self.conn()?.prepare("PRAGMA foreign_key_check")?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (table, rowid, parent) = row?;
            let at = rowid.map_or(String::new(), |id| format!(" row {id}"));
            problems.push(format!("{table}{at}: no {parent} row it refers to"));
        }
        Ok(problems)
    }

    pub fn stats(&self) -> Result<Stats> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.stats();
        }
        let one = |sql: &str| -> Result<i64> { Ok(self.conn()?.query_row(sql, [], |r| r.get(0))?) };
        let pairs = |sql: &str| -> Result<Vec<(String, i64)>> {
            let mut stmt = self.conn()?.prepare(sql)?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_else(|| "-".into()), r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let current = "FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.current = 1";
        let (first, last) = self.conn()?.query_row(
            &format!("SELECT min(substr(a.published, 1, 10)), max(substr(a.published, 1, 10)) {current}"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Stats {
            documents: one("SELECT count(*) FROM documents WHERE current = 1")?,
            document_versions: one("SELECT count(*) FROM documents")?,
            articles: one(&format!("SELECT count(*) {current}"))?,
            sentences: one(
                "SELECT coalesce(sum(a.sentence_count), 0) + (SELECT count(*) FROM sentences s JOIN articles a ON a.id = s.article_id JOIN documents d ON d.id = a.document_id WHERE d.current = 1 AND a.spans IS NULL)
                 FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.current = 1",
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

/// Most prefix terms (`word*`) one search holds: each is a range scan of the
/// index; a `*` beyond them is read as a plain word.
pub const MAX_PREFIX_TERMS: usize = 8;

/// User text to an FTS5 query, never FTS5 syntax: the text is cut into words
/// as the index's tokenizer cuts it (letters and digits; "COVID-19" is
/// `covid` and `19`, "O'Brien" `o` and `brien`), each word quoted as an
/// FTS5 string of one token, all words required (AND; no phrases, which an
/// index of `detail = column` cannot answer). A `*` ending a word of the text
/// keeps prefix search on its last word, for the first [`MAX_PREFIX_TERMS`].
/// `None` when the text holds no word: it matches no article.
fn fts_query(q: &str) -> Option<String> {
    let terms: Vec<String> = search_terms(q)
        .into_iter()
        .map(|(w, prefix)| if prefix { format!("\"{w}\"*") } else { format!("\"{w}\"") })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// The words of a search, in order, each with whether it is a prefix: what
/// [`fts_query`] gives FTS5 and what PostgreSQL's search (`pg::search`)
/// looks for, so both backends search the same words.
pub(crate) fn search_terms(q: &str) -> Vec<(&str, bool)> {
    // The characters `unicode61` keeps in a token (its default categories:
    // letters, numbers, private use); everything else, combining marks
    // included, separates tokens, so each word here is one token there.
    static WORD: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"[\p{L}\p{N}\p{Co}]+").expect("a valid pattern"));
    let mut terms = Vec::new();
    let mut prefixes = 0;
    for chunk in q.split(|c: char| c.is_whitespace() || c.is_control()) {
        let words: Vec<&str> = WORD.find_iter(chunk).map(|m| m.as_str()).collect();
        let prefix = chunk.ends_with('*') && prefixes < MAX_PREFIX_TERMS;
        for (i, w) in words.iter().enumerate() {
            let star = prefix && i + 1 == words.len();
            prefixes += usize::from(star);
            terms.push((*w, star));
        }
    }
    terms
}

/// The SQL condition of a full-text search of articles (`a`), with its
/// argument: FTS5's index, or on PostgreSQL (`postgres`) the `tsvector` of
/// the same words (`pg::search`).
fn fts_condition(q: &str, postgres: bool) -> (&'static str, Option<String>) {
    if postgres {
        return pg::search_condition(q);
    }
    match fts_query(q) {
        Some(m) => (" AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", Some(m)),
        None => (" AND 0", None),
    }
}

/// A key of a text's words: case and spacing do not matter, so a verbatim
/// repost under another page's layout has the key of the original.
fn words_key(text: &str) -> u64 {
    use std::hash::Hasher;
    // The words' lower case, one space between them, hashed at once (hashing
    // word by word cost more than the rest of resolution).
    let mut all = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !all.is_empty() {
            all.push(' ');
        }
        if w.is_ascii() {
            let at = all.len();
            all.push_str(w);
            all[at..].make_ascii_lowercase();
        } else {
            all.push_str(&w.to_lowercase());
        }
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write(all.as_bytes());
    h.finish()
}

/// Sentence spans as one value: little-endian `u32` start and end, 8 bytes a sentence.
fn pack_spans(spans: &[Span]) -> Vec<u8> {
    let mut out = Vec::with_capacity(spans.len() * 8);
    for s in spans {
        out.extend_from_slice(&(s.start as u32).to_le_bytes());
        out.extend_from_slice(&(s.end as u32).to_le_bytes());
    }
    out
}

fn unpack_spans(bytes: &[u8]) -> Vec<Span> {
    bytes
        .chunks_exact(8)
        .map(|c| {
            let n = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
            Span::new(n(&c[..4]), n(&c[4..]))
        })
        .collect()
}

/// ` A B ` lists make `LIKE '% A %'` filters exact.
fn spaced<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::from(" ");
    for i in items {
        out.push_str(i);
        out.push(' ');
    }
    out
}

mod resolution;
pub(crate) use resolution::NEEDS_FULL_RESOLUTION;
pub use resolution::{OpenCommitment, RecordRow, ReportRow, ResolutionProgress};

#[cfg(test)]
mod tests;
