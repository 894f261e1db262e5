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

mod query;
mod schema;

use std::cell::Cell;
use std::path::Path;

use attache_model::annotation::{AnnotatedArticle, Extraction};
use attache_model::{Article, Document, Published, Span};
use rusqlite::{Connection, OptionalExtension, params};

pub use query::{
    ArticleKey, ArticleSummary, ChangeMark, EventActor, EventFacets, EventKey, EventQuery, EventRow, FactRow, Network,
    RecordStats, Relations, commitment_countries,
};
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
        let stored = batch.put_document(doc, articles, &[])?;
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
        let packed: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT spans FROM articles WHERE id = ?1")?
            .query_row([article_id], |r| r.get(0))
            .optional()?
            .flatten();
        if let Some(bytes) = packed {
            return Ok(unpack_spans(&bytes));
        }
        // Articles stored by schema 1-3 keep one row per sentence.
        let mut stmt =
            self.conn.prepare_cached("SELECT start, end FROM sentences WHERE article_id = ?1 ORDER BY idx")?;
        let rows = stmt
            .query_map([article_id], |r| Ok(Span::new(r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces the stored extraction of an article (after the rules changed).
    pub fn put_extraction(&mut self, article_id: i64, x: &Extraction) -> Result<()> {
        let tx = self.conn.transaction()?;
        write_extraction(&tx, article_id, x)?;
        Ok(tx.commit()?)
    }

    /// Replaces many extractions in one transaction.
    pub fn put_extractions(&mut self, items: &[(i64, Extraction)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (id, x) in items {
            write_extraction(&tx, *id, x)?;
        }
        Ok(tx.commit()?)
    }

    /// Which actor each article-local actor is: (article, local id) to actor id.
    pub fn actor_links(&self) -> Result<std::collections::HashMap<(i64, String), String>> {
        let mut stmt = self.conn.prepare("SELECT article_id, local_id, actor_id FROM actor_mentions")?;
        let rows =
            stmt.query_map([], |r| Ok(((r.get::<_, i64>(0)?, r.get::<_, String>(1)?), r.get::<_, String>(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Occurrences, most reported first; `actor` filters on an actor id.
    pub fn occurrences(&self, actor: Option<&str>) -> Result<Vec<StoredOccurrence>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, type, date, actors, reports, independent_sources, log FROM occurrences
             WHERE ?1 IS NULL OR actors LIKE '%\"' || ?1 || '\"%' ESCAPE '\\' ORDER BY reports DESC, date DESC, id",
        )?;
        let rows = stmt.query_map(params![actor], |r| {
            let actors: String = r.get(3)?;
            let log: String = r.get(6)?;
            Ok(StoredOccurrence {
                id: r.get(0)?,
                kind: r.get(1)?,
                date: r.get(2)?,
                actors: serde_json::from_str(&actors).unwrap_or_default(),
                reports: r.get(4)?,
                independent_sources: r.get(5)?,
                log: serde_json::from_str(&log).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Commitments as JSON objects, filtered by status and by a country among
    /// their counterparts' countries or their actors' ids.
    pub fn commitments(&self, status: Option<&str>, country: Option<&str>) -> Result<Vec<serde_json::Value>> {
        // An open commitment whose stated date has passed is lapsed
        // (`Status::as_of`), on "today", the newest publication day in the
        // store, so the same store always gives the same statuses.
        let today: Option<String> =
            self.conn.query_row("SELECT value FROM meta WHERE key = 'latest_day'", [], |r| r.get(0)).optional()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, actors, counterparts, countries, made, due, status, fulfilled_by FROM commitments
             ORDER BY made DESC, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let json = |i: usize| -> rusqlite::Result<serde_json::Value> {
                let s: String = r.get(i)?;
                Ok(serde_json::from_str(&s).unwrap_or(serde_json::Value::Null))
            };
            let due: Option<String> = r.get(6)?;
            let stored = attache_resolve::Status::parse(&r.get::<_, String>(7)?);
            let status = stored.as_of(due.as_deref(), today.as_deref());
            Ok(serde_json::json!({
                "id": r.get::<_, String>(0)?, "kind": r.get::<_, String>(1)?, "actors": json(2)?,
                "counterparts": json(3)?, "countries": json(4)?, "made": r.get::<_, Option<String>>(5)?,
                "due": due, "status": status.as_str(),
                "fulfilled_by": r.get::<_, Option<String>>(8)?,
            }))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let c = row?;
            if status.is_some_and(|s| c["status"] != s) || country.is_some_and(|k| !commitment_names_country(&c, k)) {
                continue;
            }
            out.push(c);
        }
        Ok(out)
    }

    /// Appends a correction to the curation log (`merge` a b, `split` a, `alias` a name).
    pub fn log_curation(&mut self, action: &str, a: &str, b: Option<&str>) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO curation_log (at, action, a, b) VALUES (?1, ?2, ?3, ?4)",
            params![jiff::Timestamp::now().to_string(), action, a, b],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The curation log in order.
    pub fn curation_log(&self) -> Result<Vec<CurationEntry>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, at, action, a, b FROM curation_log ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(CurationEntry { id: r.get(0)?, at: r.get(1)?, action: r.get(2)?, a: r.get(3)?, b: r.get(4)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Actors, most mentioned first; `country` filters on ISO3, `kind` on person/state/...
    pub fn actors(&self, country: Option<&str>, kind: Option<&str>) -> Result<Vec<StoredActor>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, kind, country, aliases, roles, mentions FROM actors
             WHERE (?1 IS NULL OR country = upper(?1)) AND (?2 IS NULL OR kind = ?2) ORDER BY mentions DESC, name",
        )?;
        let rows = stmt.query_map(params![country, kind], row_actor)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An actor by id, or by a name or alias (case-insensitive).
    pub fn find_actor(&self, id_or_name: &str) -> Result<Option<StoredActor>> {
        let by_id = self
            .conn
            .prepare_cached("SELECT id, name, kind, country, aliases, roles, mentions FROM actors WHERE id = ?1")?
            .query_row([id_or_name], row_actor)
            .optional()?;
        if by_id.is_some() {
            return Ok(by_id);
        }
        let needle = id_or_name.to_lowercase();
        Ok(self
            .actors(None, None)?
            .into_iter()
            .find(|a| a.name.to_lowercase() == needle || a.aliases.iter().any(|x| x.to_lowercase() == needle))
            .or_else(|| self.actors(None, None).ok()?.into_iter().find(|a| a.name.to_lowercase().contains(&needle)))
            // Spelling variants: "Tokaev" finds Kassym-Jomart Tokayev.
            .or_else(|| {
                self.actors(None, Some("person")).ok()?.into_iter().find(|a| {
                    std::iter::once(&a.name).chain(&a.aliases).any(|n| attache_model::names::same_person(n, id_or_name))
                })
            }))
    }

    /// Events an actor takes part in, newest first.
    pub fn actor_events(&self, actor_id: &str) -> Result<Vec<StoredEvent>> {
        let mut stmt = self.conn.prepare_cached(schema::MENTIONS_OF_ACTOR)?;
        let links: Vec<(i64, String)> =
            stmt.query_map([actor_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (article_id, local) in links {
            let mut ev = self.conn.prepare_cached(
                "SELECT e.idx, d.name, a.title, a.published, x.record, e.rule, e.trigger, e.start, e.end
                 FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id
                 JOIN extractions x ON x.article_id = e.article_id WHERE e.article_id = ?1 ORDER BY e.idx",
            )?;
            let rows = ev.query_map([article_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<i64>>(7)?,
                    r.get::<_, Option<i64>>(8)?,
                ))
            })?;
            for row in rows {
                let (idx, doc, title, published, record, rule, trigger, start, end) = row?;
                let Ok(record) = serde_json::from_str::<AnnotatedArticle>(&record) else { continue };
                let Some(event) = record.events.get(idx as usize).cloned() else { continue };
                if !event.source.contains(&local) && !event.target.contains(&local) {
                    continue;
                }
                let actors = record
                    .actors
                    .iter()
                    .filter(|a| event.source.contains(&a.id) || event.target.contains(&a.id))
                    .cloned()
                    .collect();
                let span = start.zip(end).map(|(s, e)| (s as usize, e as usize));
                out.push(StoredEvent { article_id, doc, title, published, event, actors, rule, trigger, span });
            }
        }
        out.sort_by(|a, b| b.event.date.cmp(&a.event.date).then(a.article_id.cmp(&b.article_id)));
        Ok(out)
    }

    /// The stored record of an article, if it was extracted.
    pub fn extraction(&self, article_id: i64) -> Result<Option<AnnotatedArticle>> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT record FROM extractions WHERE article_id = ?1")?
            .query_row([article_id], |r| r.get(0))
            .optional()?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    /// Current articles with ids above `after`, in id order, at most `limit`:
    /// one query for a whole batch (re-extraction walks the store this way).
    pub fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<StoredArticle>> {
        let mut stmt = self.conn.prepare_cached(
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
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.current = 1 AND a.id > ?1 ORDER BY a.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after, limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Events of current articles matching the filter, newest first.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<StoredEvent>> {
        let mut sql = String::from(
            "SELECT e.article_id, d.name, a.title, a.published, e.idx, x.record, e.rule, e.trigger, e.start, e.end
             FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id
             JOIN extractions x ON x.article_id = e.article_id WHERE d.current = 1",
        );
        // The same conditions as the API's event queries (`query.rs`).
        let query = query::EventQuery { filter: f.clone(), mode: None, article_id: None };
        let (conditions, args) = query::event_conditions(&query)?;
        sql.push_str(&conditions);
        sql.push_str(" ORDER BY e.date IS NULL, e.date DESC, e.article_id, e.idx");
        if let Some(l) = f.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<i64>>(8)?,
                r.get::<_, Option<i64>>(9)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (article_id, doc, title, published, idx, record, rule, trigger, start, end) = row?;
            let Ok(record) = serde_json::from_str::<AnnotatedArticle>(&record) else { continue };
            let Some(event) = record.events.get(idx as usize).cloned() else { continue };
            let actors = record
                .actors
                .iter()
                .filter(|a| event.source.contains(&a.id) || event.target.contains(&a.id))
                .cloned()
                .collect();
            let span = start.zip(end).map(|(s, e)| (s as usize, e as usize));
            out.push(StoredEvent { article_id, doc, title, published, event, actors, rule, trigger, span });
        }
        Ok(out)
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

fn row_actor(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredActor> {
    let aliases: String = r.get(4)?;
    Ok(StoredActor {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        country: r.get(3)?,
        aliases: serde_json::from_str(&aliases).unwrap_or_default(),
        roles_json: r.get(5)?,
        mentions: r.get(6)?,
    })
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

/// A key of a text's words: case and spacing do not matter, so a verbatim
/// repost under another page's layout has the key of the original.
fn words_key(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // One buffer for every word's lower case (the same key as hashing each
    // `w.to_lowercase()`, without a string made per word).
    let mut lower = String::new();
    for w in text.split_whitespace() {
        lower.clear();
        if w.is_ascii() {
            lower.push_str(w);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&w.to_lowercase());
        }
        lower.as_str().hash(&mut h);
    }
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

/// Replaces what is stored of an article's extraction.
fn write_extraction(tx: &Connection, article_id: i64, x: &Extraction) -> Result<()> {
    tx.prepare_cached("DELETE FROM events WHERE article_id = ?1")?.execute([article_id])?;
    tx.prepare_cached("INSERT OR REPLACE INTO extractions (article_id, record) VALUES (?1, ?2)")?
        .execute(params![article_id, serde_json::to_string(&x.record).expect("records serialize")])?;
    let r: &AnnotatedArticle = &x.record;
    let mut insert = tx.prepare_cached(
        "INSERT INTO events (article_id, idx, type, mode, date, date_basis, source_countries, target_countries, actors,
                             topics, cameo, plover, rule, trigger, sentence, start, end, evidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for (i, e) in r.events.iter().enumerate() {
        let actors =
            |ids: &[String]| ids.iter().filter_map(|id| r.actors.iter().find(|a| &a.id == id)).collect::<Vec<_>>();
        let (src, tgt) = (actors(&e.source), actors(&e.target));
        let countries = |v: &[&attache_model::annotation::Actor]| spaced(v.iter().filter_map(|a| a.country.as_deref()));
        let names = format!(" | {} |", src.iter().chain(&tgt).map(|a| a.name.as_str()).collect::<Vec<_>>().join(" | "));
        let p = x.provenance.iter().find(|p| p.event == i);
        insert.execute(params![
            article_id,
            i as i64,
            e.kind.as_str(),
            e.mode.map(|m| m.as_str()),
            e.date,
            e.date_basis.map(|b| b.as_str()),
            countries(&src),
            countries(&tgt),
            names,
            spaced(e.topics.iter().map(String::as_str)),
            e.cameo,
            e.plover,
            p.map(|p| p.rule.clone()),
            p.map(|p| p.trigger.clone()),
            p.and_then(|p| p.sentence).map(|s| s as i64),
            p.and_then(|p| p.span).map(|s| s.0 as i64),
            p.and_then(|p| p.span).map(|s| s.1 as i64),
            e.evidence,
        ])?;
    }
    Ok(())
}

/// Whether a commitment's counterparts' countries hold `country` (ISO3, any
/// case) or its actors' ids do.
fn commitment_names_country(c: &serde_json::Value, country: &str) -> bool {
    let strings = |key: &str| -> Vec<&str> {
        c[key].as_array().map(|l| l.iter().filter_map(|x| x.as_str()).collect()).unwrap_or_default()
    };
    let upper = country.to_uppercase();
    strings("countries").iter().any(|c| c.to_uppercase() == upper)
        || strings("actors")
            .iter()
            .any(|id| attache_resolve::ActorId::parse(id).and_then(|p| p.iso3()).is_some_and(|c| c == upper))
}

/// An actor across articles, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredActor {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    /// The role timeline as JSON: `[{title, country, sector, first, last}]`.
    pub roles_json: String,
    pub mentions: i64,
}

/// One real-world event and how it was reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOccurrence {
    pub id: String,
    pub kind: String,
    pub date: Option<String>,
    pub actors: Vec<String>,
    pub reports: i64,
    pub independent_sources: i64,
    pub log: Vec<String>,
}

/// One correction of the curation log: `merge` a b, `split` a, `alias` a b.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurationEntry {
    pub id: i64,
    /// When it was logged (RFC 3339).
    pub at: String,
    pub action: String,
    pub a: String,
    pub b: Option<String>,
}

/// Filters of `attache events`.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// ISO3 on either side.
    pub country: Option<String>,
    /// ISO3 on the other side from `country` (or on either side without it).
    pub counterpart: Option<String>,
    pub kind: Option<String>,
    /// Part of an actor's name, any case.
    pub actor: Option<String>,
    pub topic: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<usize>,
}

/// A stored event with the article it comes from.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub article_id: i64,
    pub doc: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub event: attache_model::annotation::Event,
    /// The actors the event names, from the article's record.
    pub actors: Vec<attache_model::annotation::Actor>,
    pub rule: Option<String>,
    pub trigger: Option<String>,
    pub span: Option<(usize, usize)>,
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
    /// Stores a document, its articles and (when given, one per article) what
    /// the extractor made of them.
    pub fn put_document(&self, doc: &Document, articles: &[Article], extractions: &[Extraction]) -> Result<Stored> {
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
            "INSERT INTO articles (document_id, position, title, published, views, via, url, language, text, spans, sentence_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
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
                pack_spans(&a.sentences),
                a.sentences.len() as i64,
            ])?;
            let article_id = tx.last_insert_rowid();
            let first = self.articles.get().map_or(article_id, |(first, _)| first);
            self.articles.set(Some((first, article_id)));
            if let Some(x) = extractions.get(a.position).or(extractions.iter().find(|x| x.record.article == a.position))
            {
                write_extraction(tx, article_id, x)?;
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

mod resolution;
pub use resolution::{OpenCommitment, RecordRow, ReportRow, Resolution};

#[cfg(test)]
mod tests;
