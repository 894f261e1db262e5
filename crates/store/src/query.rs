//! The read side the HTTP API needs beyond events: a read-only connection,
//! keyset pages of articles, facts, counts of the record, a country pair's
//! relations (the network is in `network.rs`).
//!
//! Input: filters and page keys. Output: [`ArticleSummary`]s, [`FactRow`]s,
//! [`RecordStats`], [`Relations`].

use std::collections::BTreeMap;
use std::path::Path;

use attache_model::annotation::Fact;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

use crate::event_pages::{EventQuery, event_conditions, iso_pattern};
use crate::{Backend, EventFilter, Result, Store, StoreError, check_day, commitment_countries, fts_condition, schema};

/// A row of an articles page: id, doc, origin, format, title, published,
/// url, language, via, sentences, events, lead.
type SummaryRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    i64,
    i64,
    String,
);

/// A fact row: article, index, published, title, the fact as JSON.
type FactTuple = (i64, i64, Option<String>, Option<String>, String);

/// What the facts queries say differently on each backend: how a record's
/// facts are read as rows (index and JSON text), how an article without
/// facts is skipped, what a fact measures, and newest first with undated
/// articles last.
struct FactSql {
    each: &'static str,
    key: &'static str,
    value: &'static str,
    has_facts: &'static str,
    what: &'static str,
    newest: &'static str,
}

const SQLITE_FACTS: FactSql = FactSql {
    each: "json_each(x.record, '$.facts') j",
    key: "CAST(j.key AS INTEGER)",
    value: "j.value",
    // A record without facts says `"facts":[]`: found by a byte search, it is not parsed.
    has_facts: "instr(x.record, '\"facts\":[]') = 0",
    what: "lower(json_extract(j.value, '$.what'))",
    // NULL sorts lowest, so undated articles come last.
    newest: "a.published DESC",
};

/// `json` (not `jsonb`) keeps each fact's text as written; `lower` on
/// `COLLATE "C"` folds ASCII letters only, as SQLite's does.
const PG_FACTS: FactSql = FactSql {
    each: "json_array_elements(CAST(x.record AS json) -> 'facts') WITH ORDINALITY j(value, n)",
    key: "j.n - 1",
    value: "CAST(j.value AS TEXT)",
    has_facts: "strpos(x.record, '\"facts\":[]') = 0",
    what: "lower((j.value ->> 'what') COLLATE \"C\")",
    newest: "a.published DESC NULLS LAST",
};

/// Where a page of articles starts: the sort key of the last article seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleKey {
    pub published: Option<String>,
    pub id: i64,
}

/// An article as listed: metadata and the size of its record, no text.
#[derive(Debug, Clone)]
pub struct ArticleSummary {
    pub id: i64,
    pub doc: String,
    pub origin: String,
    pub format: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub via: Vec<String>,
    pub sentences: i64,
    pub events: i64,
    /// The beginning of the clean text.
    pub lead: String,
}

/// A fact with the article it was read from.
#[derive(Debug, Clone)]
pub struct FactRow {
    pub article_id: i64,
    pub idx: i64,
    pub published: Option<String>,
    pub title: Option<String>,
    pub fact: Fact,
}

/// What the store holds beyond [`crate::Stats`]: the record and resolution.
#[derive(Debug, Clone, Default)]
pub struct RecordStats {
    pub schema_version: i64,
    pub events: i64,
    pub events_by_type: Vec<(String, i64)>,
    pub actors: i64,
    pub actors_by_kind: Vec<(String, i64)>,
    pub occurrences: i64,
    pub commitments_by_status: Vec<(String, i64)>,
    pub facts: i64,
    /// When the newest document was ingested (RFC 3339).
    pub last_ingested: Option<String>,
    pub first_event: Option<String>,
    pub last_event: Option<String>,
}

/// Events between two countries over time.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    /// Events a country pair shares, by month (`YYYY-MM`, or `undated`) and type.
    pub by_month: Vec<(String, String, i64)>,
    pub by_type: Vec<(String, i64)>,
    /// Topics of the pair's events with their counts, most frequent first.
    pub topics: Vec<(String, i64)>,
    /// Topics by year (`YYYY` or `undated`).
    pub topics_by_year: Vec<(String, String, i64)>,
    pub total: i64,
    pub first: Option<String>,
    pub last: Option<String>,
    /// Facts of the articles that report the pair's events.
    pub facts: Vec<FactRow>,
    /// Commitments between the two (as [`Store::commitments`] gives them).
    pub commitments: Vec<serde_json::Value>,
}

impl Store {
    /// Opens an existing store for reading only (`SQLITE_OPEN_READ_ONLY`): no
    /// migration, no write, and in WAL mode an ingest can run beside it.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        // PostgreSQL: a connection in read-only transactions; a query runs
        // at most as long as a request may wait (the server's 30 s).
        if let Some(url) = path.to_str().filter(|p| crate::is_postgres_url(p)) {
            let pg = crate::pg::PgStore::connect_read_only(url, std::time::Duration::from_secs(30))?;
            return Ok(Store { backend: Backend::Postgres(Box::new(pg)) });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "cache_size", -32768)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Pages read in place from the OS cache, not copied in per read (a
        // reader only: writers keep SQLite's own I/O). SQLite caps it at its
        // compiled maximum (2 GB).
        conn.pragma_update(None, "mmap_size", 1i64 << 31)?;
        let store = Store { backend: Backend::Sqlite(conn) };
        let known = schema::MIGRATIONS.len() as i64;
        let found = store.schema_version()?;
        let path = path.display().to_string();
        if found > known {
            return Err(StoreError::TooNew { path, found, known });
        }
        if found < known {
            return Err(StoreError::Filter(format!(
                "database {path} is at schema version {found}, older than this build ({known}); \
                 open it once for writing (e.g. `attache stats`) to upgrade it"
            )));
        }
        Ok(store)
    }

    /// While `cancelled` holds, every statement of this connection stops
    /// (a few thousand steps in at most) and fails as interrupted; `None`
    /// lifts it. A reader whose caller gave up (a request that timed out,
    /// a client gone) stops its query this way instead of running it out.
    /// On PostgreSQL nothing is stopped early: a statement ends at the
    /// connection's `statement_timeout` ([`Store::open_read_only`]).
    pub fn cancel_when(&mut self, cancelled: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>) -> Result<()> {
        if self.is_postgres() {
            return Ok(());
        }
        match cancelled {
            Some(flag) => self
                .conn_mut()?
                .progress_handler(4096, Some(move || flag.load(std::sync::atomic::Ordering::Relaxed)))?,
            None => self.conn_mut()?.progress_handler(0, None::<fn() -> bool>)?,
        }
        Ok(())
    }

    /// A page of current articles after `after`, newest first (undated last).
    /// `query` is full-text over title and text; `since` and `until` bound
    /// the published day.
    pub fn articles_page(
        &self,
        query: Option<&str>,
        since: Option<&str>,
        until: Option<&str>,
        after: Option<&ArticleKey>,
        limit: usize,
    ) -> Result<Vec<ArticleSummary>> {
        let (cond, args) = article_conditions(self.is_postgres(), query, since, until)?;
        // Articles of schema 1-3 keep their sentences as rows (SQLite only).
        let sentences = if self.is_postgres() {
            "a.sentence_count"
        } else {
            "a.sentence_count + (SELECT count(*) FROM sentences s WHERE s.article_id = a.id)"
        };
        let base = format!(
            "SELECT a.id, d.name, d.origin, d.format, a.title, a.published, a.url, a.language, a.via, {sentences},
                    (SELECT count(*) FROM events e WHERE e.article_id = a.id), substr(a.text, 1, 400)
             FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.current = 1{cond}"
        );
        let mut out = Vec::new();
        let dated_after = match after {
            None => Some(None),
            Some(ArticleKey { published: Some(p), id }) => Some(Some((p.clone(), *id))),
            Some(ArticleKey { published: None, .. }) => None,
        };
        if let Some(key) = dated_after {
            let mut sql = format!("{base} AND a.published IS NOT NULL");
            let mut args = args.clone();
            if let Some((p, id)) = key {
                sql.push_str(" AND a.published <= ? AND (a.published < ? OR a.id > ?)");
                args.extend([p.clone().into(), p.into(), id.into()]);
            }
            sql.push_str(&format!(" ORDER BY a.published DESC, a.id LIMIT {limit}"));
            out.extend(self.article_summaries(&sql, args)?);
        }
        if out.len() < limit {
            let mut sql = format!("{base} AND a.published IS NULL");
            let mut args = args;
            if let Some(ArticleKey { published: None, id }) = after {
                sql.push_str(" AND a.id > ?");
                args.push((*id).into());
            }
            sql.push_str(&format!(" ORDER BY a.id LIMIT {}", limit - out.len()));
            out.extend(self.article_summaries(&sql, args)?);
        }
        Ok(out)
    }

    /// How many current articles [`Store::articles_page`] would list in all.
    pub fn articles_count(&self, query: Option<&str>, since: Option<&str>, until: Option<&str>) -> Result<i64> {
        let (cond, args) = article_conditions(self.is_postgres(), query, since, until)?;
        let sql = format!(
            "SELECT count(*) FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.current = 1{cond}"
        );
        Ok(self.select_one::<(i64,)>(&sql, args)?.0)
    }

    fn article_summaries(&self, sql: &str, args: Vec<Value>) -> Result<Vec<ArticleSummary>> {
        let rows: Vec<SummaryRow> = self.select(sql, args)?;
        Ok(rows
            .into_iter()
            .map(|(id, doc, origin, format, title, published, url, language, via, sentences, events, lead)| {
                ArticleSummary {
                    id,
                    doc,
                    origin,
                    format,
                    title,
                    published,
                    url,
                    language,
                    via: serde_json::from_str(&via).unwrap_or_default(),
                    sentences,
                    events,
                    lead: lead.split_whitespace().collect::<Vec<_>>().join(" "),
                }
            })
            .collect())
    }

    /// Facts of current articles, newest article first: `limit` from `offset`.
    /// `country` keeps the articles with an event that country takes part in;
    /// `what` is part of the fact's name.
    pub fn facts(
        &self,
        country: Option<&str>,
        what: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<FactRow>> {
        let f = self.fact_sql();
        let mut sql = format!(
            "SELECT x.article_id, {}, a.published, a.title, {}
             FROM extractions x JOIN articles a ON a.id = x.article_id JOIN documents d ON d.id = a.document_id,
                  {}
             WHERE d.current = 1 AND {}",
            f.key, f.value, f.each, f.has_facts
        );
        let args = fact_conditions(&mut sql, f, country, what)?;
        // The publication index gives the order without a sort of every fact.
        sql.push_str(&format!(" ORDER BY {}, x.article_id, 2 LIMIT {limit} OFFSET {offset}", f.newest));
        self.fact_rows(&sql, args)
    }

    /// How many facts [`Store::facts`] would list in all.
    pub fn facts_count(&self, country: Option<&str>, what: Option<&str>) -> Result<i64> {
        let f = self.fact_sql();
        let mut sql = format!(
            "SELECT count(*) FROM extractions x JOIN articles a ON a.id = x.article_id
             JOIN documents d ON d.id = a.document_id, {} WHERE d.current = 1 AND {}",
            f.each, f.has_facts
        );
        let args = fact_conditions(&mut sql, f, country, what)?;
        Ok(self.select_one::<(i64,)>(&sql, args)?.0)
    }

    fn fact_sql(&self) -> &'static FactSql {
        if self.is_postgres() { &PG_FACTS } else { &SQLITE_FACTS }
    }

    fn fact_rows(&self, sql: &str, args: Vec<Value>) -> Result<Vec<FactRow>> {
        let rows: Vec<FactTuple> = self.select(sql, args)?;
        let mut out = Vec::new();
        for (article_id, idx, published, title, json) in rows {
            let Ok(fact) = serde_json::from_str::<Fact>(&json) else { continue };
            out.push(FactRow { article_id, idx, published, title, fact });
        }
        Ok(out)
    }

    /// Counts of the record: events, actors, occurrences, commitments, facts.
    pub fn record_stats(&self) -> Result<RecordStats> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.record_stats();
        }
        let one = |sql: &str| -> Result<i64> { Ok(self.conn()?.query_row(sql, [], |r| r.get(0))?) };
        let pairs = |sql: &str| -> Result<Vec<(String, i64)>> {
            let mut stmt = self.conn()?.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let current = "FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id WHERE d.current = 1";
        let (first_event, last_event) =
            self.conn()?
                .query_row(&format!("SELECT min(e.date), max(e.date) {current}"), [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(RecordStats {
            schema_version: self.schema_version()?,
            events: one(&format!("SELECT count(*) {current}"))?,
            events_by_type: pairs(&format!("SELECT e.type, count(*) {current} GROUP BY 1 ORDER BY 2 DESC, 1"))?,
            actors: one("SELECT count(*) FROM actors")?,
            actors_by_kind: pairs("SELECT kind, count(*) FROM actors GROUP BY 1 ORDER BY 2 DESC, 1")?,
            occurrences: one("SELECT count(*) FROM occurrences")?,
            // As `commitments` reads them: an open one past its date is lapsed.
            commitments_by_status: {
                let mut by: BTreeMap<String, i64> = BTreeMap::new();
                for c in self.commitments(None, None)? {
                    *by.entry(c["status"].as_str().unwrap_or("").to_string()).or_default() += 1;
                }
                let mut v: Vec<(String, i64)> = by.into_iter().collect();
                v.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
                v
            },
            // A record without facts says `"facts":[]`: found by a byte search, it is not parsed.
            facts: one("SELECT coalesce(sum(json_array_length(x.record, '$.facts')), 0) FROM extractions x
                 JOIN articles a ON a.id = x.article_id JOIN documents d ON d.id = a.document_id
                 WHERE d.current = 1 AND instr(x.record, '\"facts\":[]') = 0")?,
            last_ingested: self.conn()?.query_row("SELECT max(ingested_at) FROM documents", [], |r| r.get(0))?,
            first_event,
            last_event,
        })
    }

    /// Relations of two countries (ISO3): their events over time by type
    /// (within `since` and `until` when given), the topics of those events,
    /// the facts of the articles reporting them and the commitments between
    /// them (all of them: a commitment's dates are not its events').
    pub fn country_relations(&self, a: &str, b: &str, since: Option<&str>, until: Option<&str>) -> Result<Relations> {
        let q = EventQuery {
            filter: EventFilter {
                country: Some(a.into()),
                counterpart: Some(b.into()),
                since: since.map(str::to_string),
                until: until.map(str::to_string),
                ..EventFilter::default()
            },
            ..EventQuery::default()
        };
        let (cond, args) = event_conditions(&q)?;
        let from = format!(
            "FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id WHERE d.current = 1{cond}"
        );
        let rows: Vec<(String, Option<String>, String, i64)> =
            self.select(&format!("SELECT e.type, e.date, e.topics, e.article_id {from}"), args)?;
        let mut by_month: BTreeMap<(String, String), i64> = BTreeMap::new();
        let mut by_type: BTreeMap<String, i64> = BTreeMap::new();
        let mut topics: BTreeMap<String, i64> = BTreeMap::new();
        let mut topics_by_year: BTreeMap<(String, String), i64> = BTreeMap::new();
        let mut articles: Vec<i64> = Vec::new();
        let mut out = Relations::default();
        for (kind, date, event_topics, article) in rows {
            out.total += 1;
            let month = date.as_deref().map_or("undated".to_string(), |d| d.chars().take(7).collect());
            let year = date.as_deref().map_or("undated".to_string(), |d| d.chars().take(4).collect());
            *by_month.entry((month, kind.clone())).or_default() += 1;
            *by_type.entry(kind).or_default() += 1;
            for t in event_topics.split_whitespace() {
                *topics.entry(t.to_string()).or_default() += 1;
                *topics_by_year.entry((year.clone(), t.to_string())).or_default() += 1;
            }
            if let Some(d) = date {
                if out.first.as_ref().is_none_or(|f| &d < f) {
                    out.first = Some(d.clone());
                }
                if out.last.as_ref().is_none_or(|l| &d > l) {
                    out.last = Some(d);
                }
            }
            articles.push(article);
        }
        out.by_month = by_month.into_iter().map(|((m, t), n)| (m, t, n)).collect();
        out.by_type = by_type.into_iter().collect();
        out.by_type.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        out.topics = topics.into_iter().collect();
        out.topics.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        out.topics_by_year = topics_by_year.into_iter().map(|((y, t), n)| (y, t, n)).collect();
        articles.sort_unstable();
        articles.dedup();
        let f = self.fact_sql();
        let sql = format!(
            "SELECT x.article_id, {}, a.published, a.title, {}
             FROM extractions x JOIN articles a ON a.id = x.article_id, {} WHERE x.article_id = ?1 ORDER BY 2",
            f.key, f.value, f.each
        );
        for id in articles {
            out.facts.extend(self.fact_rows(&sql, vec![id.into()])?);
        }
        out.facts.sort_by(|x, y| {
            y.published.cmp(&x.published).then(x.article_id.cmp(&y.article_id)).then(x.idx.cmp(&y.idx))
        });
        let (a, b) = (a.trim().to_uppercase(), b.trim().to_uppercase());
        out.commitments = self
            .commitments(None, None)?
            .into_iter()
            .filter(|c| {
                let countries = commitment_countries(c);
                countries.contains(&a) && countries.contains(&b)
            })
            .collect();
        Ok(out)
    }
}

/// The conditions of an articles page, on `a` (articles).
fn article_conditions(
    postgres: bool,
    query: Option<&str>,
    since: Option<&str>,
    until: Option<&str>,
) -> Result<(String, Vec<Value>)> {
    let mut cond = String::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(q) = query.filter(|q| !q.trim().is_empty()) {
        let (c, arg) = fts_condition(q, postgres);
        cond.push_str(c);
        args.extend(arg.map(Into::into));
    }
    if let Some(s) = since {
        cond.push_str(" AND substr(a.published, 1, 10) >= ?");
        args.push(check_day(s)?.into());
    }
    if let Some(u) = until {
        let u = check_day(u)?;
        cond.push_str(&format!(" AND substr(a.published, 1, {}) <= ?", u.len()));
        args.push(u.into());
    }
    Ok((cond, args))
}

/// Appends the conditions of a facts list to `sql` (on `x`, extractions, and
/// `j`, the facts); returns their arguments.
fn fact_conditions(sql: &mut String, f: &FactSql, country: Option<&str>, what: Option<&str>) -> Result<Vec<Value>> {
    let mut args: Vec<Value> = Vec::new();
    if let Some(c) = country {
        sql.push_str(
            " AND x.article_id IN (SELECT article_id FROM events WHERE source_countries LIKE ?1 OR target_countries LIKE ?1)",
        );
        args.push(iso_pattern(c)?.into());
    }
    if let Some(w) = what {
        sql.push_str(&format!(" AND {} LIKE ?{}", f.what, args.len() + 1));
        args.push(format!("%{}%", w.trim().to_lowercase().replace(['%', '_'], "")).into());
    }
    Ok(args)
}
