//! The PostgreSQL backend: one shared store that many `attache ingest`
//! processes write to at once, on one machine or many.
//!
//! Concurrency (see ARCHITECTURE.md and docs/scale.md): a document is one
//! transaction, inserted with `ON CONFLICT (hash) DO NOTHING` under the
//! documents lock (a transaction-level advisory lock), so article ids are
//! committed in the order they are given and "every article up to id N"
//! means the same to every process; resolution runs under the resolution
//! lock, one process at a time, each resolving whatever is pending up to the
//! last article committed when it began. Every transaction can be retried:
//! a document stored twice is `Unchanged`, a resolution redone starts from
//! `meta.resolved_upto`.

mod actors;
mod batch;
mod copy;
mod events;
mod fetches;
mod pages;
mod partitions;
mod read;
mod resolution;
mod schema;
mod search;
mod unicode61;

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};

use crate::{Result, StoreError};

pub(crate) use batch::PgBatch;
pub(crate) use resolution::PgResolution;
#[cfg(test)]
pub(crate) use schema::TABLES;
pub(crate) use search::condition as search_condition;

/// Parameters of a statement.
pub(crate) type Params<'a> = [&'a (dyn ToSql + Sync)];

/// Advisory lock keys ("attache" in ASCII, then a number), taken for a
/// transaction (`pg_advisory_xact_lock`), so a killed process lets go of
/// them with its connection.
const LOCK_SCHEMA: i64 = 0x6174_7461_6368_0000;
/// Held while a document's articles are inserted and committed.
pub(crate) const LOCK_DOCUMENTS: i64 = 0x6174_7461_6368_0001;
/// Held by the one process resolving, and by a change that makes a full
/// resolution due (a replaced document version, a re-extraction).
pub(crate) const LOCK_RESOLUTION: i64 = 0x6174_7461_6368_0002;

/// Held in shared mode (a session lock) by every ingest while it stores
/// documents: the ingest that ends while no other holds it is the last one
/// and resolves everything at once (see [`PgStore::end_ingest`]).
pub(crate) const LOCK_INGESTING: i64 = 0x6174_7461_6368_0003;

/// A connection to a PostgreSQL store, with its prepared statements.
pub(crate) struct PgStore {
    client: RefCell<Client>,
    statements: RefCell<HashMap<&'static str, Statement>>,
    /// Statements of SQL built at run time from constants (`query_built`).
    built: RefCell<HashMap<String, Statement>>,
}

/// Most statements `query_built` keeps prepared (then it starts again).
const MAX_BUILT: usize = 64;

/// A URL without its password, to be shown.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user = &url[scheme + 3..at];
            match user.split_once(':') {
                Some((name, _)) => format!("{}{name}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// A PostgreSQL error in words: the server's message and detail when it sent one.
pub(crate) fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let detail = db.detail().map(|d| format!(" ({d})")).unwrap_or_default();
            format!("{}: {}{detail}", db.severity(), db.message())
        }
        None => match std::error::Error::source(e) {
            Some(source) => format!("{e}: {source}"),
            None => e.to_string(),
        },
    }
}

impl PgStore {
    /// Connects and brings the schema up to date (under a lock, so two
    /// processes starting at once do not both create it).
    pub(crate) fn connect(url: &str) -> Result<PgStore> {
        let mut config: postgres::Config = url.parse()?;
        config.application_name("attache");
        let client = config.connect(NoTls)?;
        let store = PgStore {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            built: RefCell::new(HashMap::new()),
        };
        store.migrate()?;
        store.fill_words()?;
        Ok(store)
    }

    /// Fills in the words of the articles stored before full-text search
    /// (migration 3 marks them `words_pending`), 500 a transaction, in id
    /// order; a process stopped midway leaves the mark, so the next one
    /// goes on.
    fn fill_words(&self) -> Result<()> {
        if self.query_opt("SELECT 1 FROM meta WHERE key = 'words_pending'", &[])?.is_none() {
            return Ok(());
        }
        let mut after = 0i64;
        loop {
            let rows = self.query(
                "SELECT id, title, text FROM articles WHERE id > $1 AND words IS NULL ORDER BY id LIMIT 500",
                &[&after],
            )?;
            let Some(last) = rows.last() else { break };
            after = last.get(0);
            self.batch_execute("BEGIN")?;
            self.in_transaction(|| {
                for r in &rows {
                    let words = search::article_words(r.get(1), r.get(2));
                    let id: i64 = r.get(0);
                    self.execute("UPDATE articles SET words = array_to_tsvector($2) WHERE id = $1", &[&id, &words])?;
                }
                Ok(())
            })?;
            self.batch_execute("COMMIT")?;
        }
        self.execute("DELETE FROM meta WHERE key = 'words_pending'", &[])?;
        Ok(())
    }

    /// Refuses a store a reader cannot read as this build does: a schema
    /// older or newer than this build's, or words not yet filled in (both
    /// are brought up to date by opening the store once for writing).
    pub(crate) fn check_readable(&self, url: &str) -> Result<()> {
        let (found, known) = (self.schema_version()?, schema::MIGRATIONS.len() as i64);
        let url = redacted(url);
        if found > known {
            return Err(StoreError::TooNew { path: url, found, known });
        }
        let pending = self.query_opt("SELECT 1 FROM meta WHERE key = 'words_pending'", &[])?.is_some();
        if found < known || pending {
            return Err(StoreError::Filter(format!(
                "database {url} is at schema version {found}{}, older than this build ({known}); \
                 open it once for writing (e.g. `attache stats`) to upgrade it",
                if pending { " with words to index" } else { "" }
            )));
        }
        Ok(())
    }

    fn migrate(&self) -> Result<()> {
        // `CREATE TABLE IF NOT EXISTS` is not safe against a concurrent
        // create (both see no table, one fails on the catalogue's unique
        // key), so it too runs under the schema lock.
        self.batch_execute("BEGIN")?;
        self.in_transaction(|| {
            self.execute_dyn("SELECT pg_advisory_xact_lock($1)", &[&LOCK_SCHEMA])?;
            self.batch_execute("CREATE TABLE IF NOT EXISTS attache_schema (version BIGINT NOT NULL)")
        })?;
        self.batch_execute("COMMIT")?;
        for (i, sql) in schema::MIGRATIONS.iter().enumerate() {
            self.batch_execute("BEGIN")?;
            let done = self.in_transaction(|| {
                self.execute_dyn("SELECT pg_advisory_xact_lock($1)", &[&LOCK_SCHEMA])?;
                if self.schema_version()? > i as i64 {
                    return Ok(());
                }
                self.batch_execute(sql)?;
                self.execute_dyn("DELETE FROM attache_schema", &[])?;
                self.execute_dyn("INSERT INTO attache_schema (version) VALUES ($1)", &[&(i as i64 + 1)])?;
                Ok(())
            });
            done?;
            self.batch_execute("COMMIT")?;
        }
        Ok(())
    }

    /// Runs `f` inside an open transaction, rolling it back when `f` fails.
    pub(crate) fn in_transaction<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let out = f();
        if out.is_err() {
            // The error is what matters; a failed rollback ends with the connection.
            let _ = self.batch_execute("ROLLBACK");
        }
        out
    }

    /// The schema version the database is at (0: none yet).
    pub(crate) fn schema_version(&self) -> Result<i64> {
        let row = self.query_opt_dyn("SELECT max(version) FROM attache_schema", &[])?;
        Ok(row.and_then(|r| r.get::<_, Option<i64>>(0)).unwrap_or(0))
    }

    /// The prepared statement of `sql`, prepared once per connection.
    fn statement(&self, sql: &'static str) -> Result<Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let prepared = self.client.borrow_mut().prepare(sql)?;
        self.statements.borrow_mut().insert(sql, prepared.clone());
        Ok(prepared)
    }

    pub(crate) fn query(&self, sql: &'static str, params: &Params<'_>) -> Result<Vec<Row>> {
        let s = self.statement(sql)?;
        Ok(self.client.borrow_mut().query(&s, params)?)
    }

    pub(crate) fn query_opt(&self, sql: &'static str, params: &Params<'_>) -> Result<Option<Row>> {
        let s = self.statement(sql)?;
        Ok(self.client.borrow_mut().query_opt(&s, params)?)
    }

    pub(crate) fn query_one(&self, sql: &'static str, params: &Params<'_>) -> Result<Row> {
        let s = self.statement(sql)?;
        Ok(self.client.borrow_mut().query_one(&s, params)?)
    }

    pub(crate) fn execute(&self, sql: &'static str, params: &Params<'_>) -> Result<u64> {
        let s = self.statement(sql)?;
        Ok(self.client.borrow_mut().execute(&s, params)?)
    }

    /// SQL built at run time from constants only (no filter's shape in
    /// it), prepared once per connection: planning a query over the month
    /// partitions of `events` costs more than running it (15 ms against
    /// 10 for 50 events by id on a million).
    pub(crate) fn query_built(&self, sql: String, params: &Params<'_>) -> Result<Vec<Row>> {
        let known = self.built.borrow().get(&sql).cloned();
        let statement = match known {
            Some(s) => s,
            None => {
                let prepared = self.client.borrow_mut().prepare(&sql)?;
                let mut built = self.built.borrow_mut();
                if built.len() >= MAX_BUILT {
                    built.clear();
                }
                built.insert(sql, prepared.clone());
                prepared
            }
        };
        Ok(self.client.borrow_mut().query(&statement, params)?)
    }

    /// SQL made at run time (filters): prepared each time.
    pub(crate) fn query_dyn(&self, sql: &str, params: &Params<'_>) -> Result<Vec<Row>> {
        Ok(self.client.borrow_mut().query(sql, params)?)
    }

    pub(crate) fn query_opt_dyn(&self, sql: &str, params: &Params<'_>) -> Result<Option<Row>> {
        Ok(self.client.borrow_mut().query_opt(sql, params)?)
    }

    pub(crate) fn execute_dyn(&self, sql: &str, params: &Params<'_>) -> Result<u64> {
        Ok(self.client.borrow_mut().execute(sql, params)?)
    }

    /// Statements without parameters, run as one (`BEGIN`, `COMMIT`, DDL).
    pub(crate) fn batch_execute(&self, sql: &str) -> Result<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    /// Begins a transaction holding the advisory lock `key`.
    pub(crate) fn begin_locked(&self, key: i64) -> Result<()> {
        self.batch_execute("BEGIN")?;
        self.in_transaction(|| self.lock(key))
    }

    /// Takes the advisory lock `key` until the transaction ends.
    pub(crate) fn lock(&self, key: i64) -> Result<()> {
        self.execute("SELECT pg_advisory_xact_lock($1)", &[&key]).map(|_| ())
    }

    /// An ingest begins storing documents: takes [`LOCK_INGESTING`] shared
    /// for this session (released at [`PgStore::end_ingest`], or with the
    /// connection when the process dies).
    pub(crate) fn begin_ingest(&self) -> Result<()> {
        self.execute("SELECT pg_advisory_lock_shared($1)", &[&LOCK_INGESTING]).map(|_| ())
    }

    /// The ingest is done storing: lets go of [`LOCK_INGESTING`] and says
    /// whether no other ingest is storing now (it could take the lock
    /// alone), so this one is the one to resolve. Its documents are
    /// committed, so the last ingest to end resolves them too.
    pub(crate) fn end_ingest(&self) -> Result<bool> {
        self.execute("SELECT pg_advisory_unlock_shared($1)", &[&LOCK_INGESTING])?;
        let alone: bool = self.query_one("SELECT pg_try_advisory_lock($1)", &[&LOCK_INGESTING])?.get(0);
        if alone {
            self.execute("SELECT pg_advisory_unlock($1)", &[&LOCK_INGESTING])?;
        }
        Ok(alone)
    }

    pub(crate) fn batch(&mut self) -> Result<PgBatch<'_>> {
        Ok(PgBatch::new(self))
    }

    pub(crate) fn resolution(&mut self) -> Result<PgResolution<'_>> {
        PgResolution::begin(self)
    }
}
