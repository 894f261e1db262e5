//! The read side the HTTP API needs: a read-only connection, keyset pages of
//! events and articles, one event with every report of it, actors by search,
//! facts, a country pair's relations and the country network.
//!
//! Pages are keyset pages: the caller passes the sort key of the last row it
//! has and gets the rows after it, so a page costs the same at any depth and
//! rows written meanwhile never shift a page. Events are ordered as
//! `attache events` orders them (dated newest first, then undated; ties by
//! article and index); articles as `attache articles` does.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use attache_model::annotation::{Actor, Fact, Location};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params, params_from_iter};

use crate::{EventFilter, Result, Store, StoreError, check_day, fts_query, schema};

/// Where a page of events starts: the sort key of the last event already
/// seen (its date, and its row id for ties).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventKey {
    pub date: Option<String>,
    pub rowid: i64,
}

/// Filters of the events API: those of `attache events` and a few more.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Country, counterpart, type, actor name, topic, since and until, as
    /// `attache events` reads them (`limit` is ignored: pages have their own).
    pub filter: EventFilter,
    /// `meeting`, `visit`, `call` or `multilateral`.
    pub mode: Option<String>,
    /// Only the events of this article.
    pub article_id: Option<i64>,
}

/// One actor of an event: the article's record of it and, when resolution
/// linked it, the actor across articles it is.
#[derive(Debug, Clone)]
pub struct EventActor {
    pub actor: Actor,
    pub actor_id: Option<String>,
}

/// An event with everything needed to show it and its evidence.
#[derive(Debug, Clone)]
pub struct EventRow {
    /// The row id: the tie-break of the page order (see [`EventKey`]).
    pub rowid: i64,
    pub article_id: i64,
    pub idx: i64,
    pub kind: String,
    pub mode: Option<String>,
    pub date: Option<String>,
    pub date_basis: Option<String>,
    pub topics: Vec<String>,
    pub cameo: Option<String>,
    pub plover: Option<String>,
    pub rule: Option<String>,
    pub trigger: Option<String>,
    /// Sentence index of the evidence (none when it is the title).
    pub sentence: Option<i64>,
    /// Byte span of the evidence in the article's clean text.
    pub span: Option<(i64, i64)>,
    pub evidence: String,
    pub source: Vec<EventActor>,
    pub target: Vec<EventActor>,
    pub location: Option<Location>,
    pub article_title: Option<String>,
    pub published: Option<String>,
    pub doc: String,
    pub origin: String,
    pub via: Vec<String>,
    /// The occurrence this report belongs to (`article:index` of its first report).
    pub occurrence_id: Option<String>,
}

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

/// Counts of events between countries, for a network or a map.
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Events each country takes part in.
    pub nodes: Vec<(String, i64)>,
    /// Events between two countries (`a < b`), one side each.
    pub edges: Vec<(String, String, i64)>,
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

const EVENT_COLUMNS: &str = "e.article_id, e.idx, e.type, e.mode, e.date, e.date_basis, e.topics, e.cameo, e.plover,
     e.rule, e.trigger, e.sentence, e.start, e.end, e.evidence, a.title, a.published, d.name, d.origin, a.via,
     e.id, o.occurrence_id, x.record";

/// The tables an event row is read from: the article and its document, the
/// article's record (actors) and the occurrence of the report.
const EVENT_FROM: &str = "FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id
     LEFT JOIN extractions x ON x.article_id = e.article_id
     LEFT JOIN occurrence_reports o ON o.article_id = e.article_id AND o.idx = e.idx";

/// A state of the store as readers see it (see [`Store::change_mark`]): two
/// reads under one mark saw the same events, actors and occurrences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ChangeMark {
    pub events: i64,
    pub documents: i64,
    pub generation: i64,
}

/// What the event filters look at, for an index kept in memory.
#[derive(Debug, Clone, Copy)]
pub struct EventFacets<'a> {
    pub rowid: i64,
    pub date: Option<&'a str>,
    pub kind: &'a str,
    pub mode: Option<&'a str>,
    /// ` A B ` lists, as the filters of [`Store::events_page`] read them.
    pub source_countries: &'a str,
    pub target_countries: &'a str,
    pub topics: &'a str,
}

/// An events row before its actors are attached from the record.
struct BareEvent {
    row: EventRow,
    record: Option<String>,
}

/// What of an article's record an event row needs: its actors and each
/// event's sides and place (the rest of the JSON is skipped, not built).
#[derive(serde::Deserialize)]
struct LightRecord {
    #[serde(default)]
    actors: Vec<Actor>,
    #[serde(default)]
    events: Vec<LightEvent>,
}

#[derive(serde::Deserialize)]
struct LightEvent {
    #[serde(default)]
    source: Vec<String>,
    #[serde(default)]
    target: Vec<String>,
    location: Option<Location>,
}

fn bare_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<BareEvent> {
    let topics: String = r.get(6)?;
    let via: String = r.get(19)?;
    let start: Option<i64> = r.get(12)?;
    let end: Option<i64> = r.get(13)?;
    Ok(BareEvent {
        row: EventRow {
            rowid: r.get(20)?,
            article_id: r.get(0)?,
            idx: r.get(1)?,
            kind: r.get(2)?,
            mode: r.get(3)?,
            date: r.get(4)?,
            date_basis: r.get(5)?,
            topics: topics.split_whitespace().map(str::to_string).collect(),
            cameo: r.get(7)?,
            plover: r.get(8)?,
            rule: r.get(9)?,
            trigger: r.get(10)?,
            sentence: r.get(11)?,
            span: start.zip(end),
            evidence: r.get(14)?,
            source: Vec::new(),
            target: Vec::new(),
            location: None,
            article_title: r.get(15)?,
            published: r.get(16)?,
            doc: r.get(17)?,
            origin: r.get(18)?,
            via: if via == "[]" { Vec::new() } else { serde_json::from_str(&via).unwrap_or_default() },
            occurrence_id: r.get(21)?,
        },
        record: r.get(22)?,
    })
}

/// An ISO 3166-1 alpha-3 code (or `IGO`) as the ` A B ` lists hold it.
fn iso_pattern(c: &str) -> Result<String> {
    let c = c.trim().to_uppercase();
    if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
        Ok(format!("% {c} %"))
    } else {
        Err(StoreError::Filter(format!("{c:?} is not an ISO 3166-1 alpha-3 code")))
    }
}

/// The conditions of an event filter, on `e` (events), `a` (articles) and `d` (documents).
pub(crate) fn event_conditions(q: &EventQuery) -> Result<(String, Vec<Value>)> {
    let f = &q.filter;
    let mut sql = String::new();
    let mut args: Vec<Value> = Vec::new();
    match (&f.country, &f.counterpart) {
        (Some(a), Some(b)) => {
            sql.push_str(" AND ((e.source_countries LIKE ? AND e.target_countries LIKE ?) OR (e.source_countries LIKE ? AND e.target_countries LIKE ?))");
            let (a, b) = (iso_pattern(a)?, iso_pattern(b)?);
            args.extend([a.clone().into(), b.clone().into(), b.into(), a.into()]);
        }
        (Some(c), None) | (None, Some(c)) => {
            sql.push_str(" AND (e.source_countries LIKE ? OR e.target_countries LIKE ?)");
            let c = iso_pattern(c)?;
            args.extend([c.clone().into(), c.into()]);
        }
        (None, None) => {}
    }
    if let Some(t) = &f.kind {
        sql.push_str(" AND e.type = ?");
        args.push(t.to_uppercase().into());
    }
    if let Some(m) = &q.mode {
        sql.push_str(" AND e.mode = ?");
        args.push(m.to_lowercase().into());
    }
    if let Some(a) = &f.actor {
        sql.push_str(" AND e.actors LIKE ?");
        args.push(format!("%{}%", a.replace(['%', '_'], "")).into());
    }
    if let Some(t) = &f.topic {
        sql.push_str(" AND e.topics LIKE ?");
        args.push(format!("% {} %", t.trim()).into());
    }
    if let Some(s) = &f.since {
        sql.push_str(" AND e.date >= ?");
        args.push(check_day(s)?.into());
    }
    if let Some(u) = &f.until {
        let u = check_day(u)?;
        // The prefix test is the filter ("until 2026-03" keeps all of March);
        // `e.date <= u~` says the same as a range the date index can seek to
        // ('~' sorts after every digit and '-').
        sql.push_str(&format!(" AND e.date <= ? AND substr(e.date, 1, {}) <= ?", u.len()));
        args.push(format!("{u}~").into());
        args.push(u.into());
    }
    if let Some(id) = q.article_id {
        sql.push_str(" AND e.article_id = ?");
        args.push(id.into());
    }
    Ok((sql, args))
}

impl Store {
    /// Opens an existing store for reading only (`SQLITE_OPEN_READ_ONLY`): no
    /// migration, no write, and in WAL mode an ingest can run beside it.
    pub fn open_read_only(path: &Path) -> Result<Store> {
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
        let store = Store { conn };
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

    /// A page of events after `after`, at most `limit`: dated events newest
    /// first, then undated ones; ties (one day) newest stored first. The
    /// order is the date index's own (its entries end with the row id), so a
    /// page reads only the rows it returns and those the filters skip.
    pub fn events_page(&self, q: &EventQuery, after: Option<&EventKey>, limit: usize) -> Result<Vec<EventRow>> {
        let (cond, args) = event_conditions(q)?;
        let base = format!("SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE d.current = 1{cond}");
        let mut out = Vec::new();
        let dated_after = match after {
            None => Some(None),
            Some(EventKey { date: Some(d), rowid }) => Some(Some((d.clone(), *rowid))),
            Some(EventKey { date: None, .. }) => None,
        };
        if let Some(key) = dated_after {
            let mut sql = format!("{base} AND e.date IS NOT NULL");
            let mut args = args.clone();
            if let Some((d, rowid)) = key {
                // `e.date <= ?` first: a range the index seeks to, so a deep
                // page costs what the first does.
                sql.push_str(" AND e.date <= ? AND (e.date < ? OR e.id < ?)");
                args.extend([d.clone().into(), d.into(), rowid.into()]);
            }
            sql.push_str(&format!(" ORDER BY e.date DESC, e.id DESC LIMIT {limit}"));
            out.extend(self.bare_events(&sql, args)?);
        }
        if out.len() < limit {
            let mut sql = format!("{base} AND e.date IS NULL");
            let mut args = args;
            if let Some(EventKey { date: None, rowid }) = after {
                sql.push_str(" AND e.id < ?");
                args.push((*rowid).into());
            }
            sql.push_str(&format!(" ORDER BY e.id DESC LIMIT {}", limit - out.len()));
            out.extend(self.bare_events(&sql, args)?);
        }
        self.hydrate(out)
    }

    /// A mark that changes whenever the current events may have: the last
    /// event and document row ids (an ingest or a re-extraction adds rows)
    /// and the resolution generation (a resolution or a curation can change
    /// actor ids and occurrences without adding a row).
    pub fn change_mark(&self) -> Result<ChangeMark> {
        Ok(self.conn.query_row(
            "SELECT (SELECT coalesce(max(id), 0) FROM events), (SELECT coalesce(max(id), 0) FROM documents),
                    (SELECT coalesce(CAST(value AS INTEGER), 0) FROM meta WHERE key = 'generation')",
            [],
            |r| {
                Ok(ChangeMark {
                    events: r.get(0)?,
                    documents: r.get(1)?,
                    generation: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                })
            },
        )?)
    }

    /// Calls `f` with what the event filters look at, for every event of a
    /// current article (in no particular order): for an index kept in memory.
    pub fn for_each_event_facets(&self, f: &mut dyn FnMut(EventFacets<'_>)) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.date, e.type, e.mode, e.source_countries, e.target_countries, e.topics
             FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id
             WHERE d.current = 1",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let text = |i: usize| -> rusqlite::Result<Option<&str>> {
                r.get_ref(i)?
                    .as_str_or_null()
                    .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
            };
            f(EventFacets {
                rowid: r.get(0)?,
                date: text(1)?,
                kind: text(2)?.unwrap_or(""),
                mode: text(3)?,
                source_countries: text(4)?.unwrap_or(""),
                target_countries: text(5)?.unwrap_or(""),
                topics: text(6)?.unwrap_or(""),
            });
        }
        Ok(())
    }

    /// Events by row id, in the order given (ids not found are left out).
    pub fn events_by_rowids(&self, ids: &[i64]) -> Result<Vec<EventRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE e.id IN (SELECT value FROM json_each(?1))");
        let list = serde_json::to_string(ids).expect("ids serialize");
        let mut found: HashMap<i64, BareEvent> =
            self.bare_events(&sql, vec![list.into()])?.into_iter().map(|b| (b.row.rowid, b)).collect();
        let ordered = ids.iter().filter_map(|id| found.remove(id)).collect();
        self.hydrate(ordered)
    }

    /// How many events match (for small result sets and tests; a count over a
    /// large store reads every matching row).
    pub fn events_count(&self, q: &EventQuery) -> Result<i64> {
        let (cond, args) = event_conditions(q)?;
        let sql = format!(
            "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id
             JOIN documents d ON d.id = a.document_id WHERE d.current = 1{cond}"
        );
        Ok(self.conn.query_row(&sql, params_from_iter(args), |r| r.get(0))?)
    }

    /// One event by its article and index.
    pub fn event(&self, article_id: i64, idx: i64) -> Result<Option<EventRow>> {
        let sql = format!("SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE e.article_id = ? AND e.idx = ?");
        let rows = self.bare_events(&sql, vec![article_id.into(), idx.into()])?;
        Ok(self.hydrate(rows)?.into_iter().next())
    }

    /// Every report of an occurrence, in article order.
    pub fn occurrence_events(&self, occurrence_id: &str) -> Result<Vec<EventRow>> {
        let sql = format!("SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE o.occurrence_id = ? ORDER BY e.article_id, e.idx");
        let rows = self.bare_events(&sql, vec![occurrence_id.to_string().into()])?;
        self.hydrate(rows)
    }

    /// One occurrence by id.
    pub fn occurrence(&self, id: &str) -> Result<Option<crate::StoredOccurrence>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, type, date, actors, reports, independent_sources, log FROM occurrences WHERE id = ?1",
            )?
            .query_row([id], |r| {
                let actors: String = r.get(3)?;
                let log: String = r.get(6)?;
                Ok(crate::StoredOccurrence {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    date: r.get(2)?,
                    actors: serde_json::from_str(&actors).unwrap_or_default(),
                    reports: r.get(4)?,
                    independent_sources: r.get(5)?,
                    log: serde_json::from_str(&log).unwrap_or_default(),
                })
            })
            .optional()?)
    }

    /// Events an actor (across articles) is a side of, newest first.
    pub fn actor_event_rows(&self, actor_id: &str) -> Result<Vec<EventRow>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} {EVENT_FROM}
             WHERE d.current = 1 AND e.article_id IN (SELECT article_id FROM ({MENTIONS_OF_ACTOR}))
             ORDER BY e.date IS NULL, e.date DESC, e.article_id, e.idx",
            MENTIONS_OF_ACTOR = crate::schema::MENTIONS_OF_ACTOR
        );
        let rows = self.bare_events(&sql, vec![actor_id.to_string().into()])?;
        Ok(self
            .hydrate(rows)?
            .into_iter()
            .filter(|e| e.source.iter().chain(&e.target).any(|x| x.actor_id.as_deref() == Some(actor_id)))
            .collect())
    }

    fn bare_events(&self, sql: &str, args: Vec<Value>) -> Result<Vec<BareEvent>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params_from_iter(args), bare_event)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Attaches actors (with their ids across articles) and location to
    /// events: each article's record is parsed once per page, and the actor
    /// links of the whole page come in one query.
    fn hydrate(&self, rows: Vec<BareEvent>) -> Result<Vec<EventRow>> {
        let mut ids: Vec<i64> = rows.iter().map(|r| r.row.article_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut links: HashMap<(i64, String), String> = HashMap::new();
        if !ids.is_empty() {
            let mut stmt = self.conn.prepare_cached(
                "SELECT article_id, local_id, actor_id FROM actor_mentions
                 WHERE article_id IN (SELECT value FROM json_each(?1))",
            )?;
            let list = serde_json::to_string(&ids).expect("ids serialize");
            for row in stmt.query_map([list], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))? {
                let (key, actor) = row?;
                links.insert(key, actor);
            }
        }
        let mut records: HashMap<i64, Option<LightRecord>> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for BareEvent { mut row, record } in rows {
            let parsed = records
                .entry(row.article_id)
                .or_insert_with(|| record.and_then(|r| serde_json::from_str::<LightRecord>(&r).ok()));
            if let Some(record) = parsed
                && let Some(event) = record.events.get(row.idx as usize)
            {
                let article_id = row.article_id;
                let side = |local: &[String]| -> Vec<EventActor> {
                    local
                        .iter()
                        .filter_map(|id| record.actors.iter().find(|a| &a.id == id))
                        .map(|a| EventActor {
                            actor: a.clone(),
                            actor_id: links.get(&(article_id, a.id.clone())).cloned(),
                        })
                        .collect()
                };
                row.source = side(&event.source);
                row.target = side(&event.target);
                row.location = event.location.clone();
            }
            out.push(row);
        }
        Ok(out)
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
        let mut cond = String::new();
        let mut args: Vec<Value> = Vec::new();
        if let Some(q) = query.filter(|q| !q.trim().is_empty()) {
            cond.push_str(" AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)");
            args.push(fts_query(q).into());
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
        let base = format!(
            "SELECT a.id, d.name, d.origin, d.format, a.title, a.published, a.url, a.language, a.via,
                    a.sentence_count + (SELECT count(*) FROM sentences s WHERE s.article_id = a.id),
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

    fn article_summaries(&self, sql: &str, args: Vec<Value>) -> Result<Vec<ArticleSummary>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            let via: String = r.get(8)?;
            let lead: String = r.get(11)?;
            Ok(ArticleSummary {
                id: r.get(0)?,
                doc: r.get(1)?,
                origin: r.get(2)?,
                format: r.get(3)?,
                title: r.get(4)?,
                published: r.get(5)?,
                url: r.get(6)?,
                language: r.get(7)?,
                via: serde_json::from_str(&via).unwrap_or_default(),
                sentences: r.get(9)?,
                events: r.get(10)?,
                lead: lead.split_whitespace().collect::<Vec<_>>().join(" "),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Actors matching country, kind and a search over names and aliases
    /// (any case), most mentioned first: `limit` of them from `offset`.
    pub fn actors_page(
        &self,
        country: Option<&str>,
        kind: Option<&str>,
        q: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<crate::StoredActor>> {
        let pattern = q.map(|q| format!("%{}%", q.trim().to_lowercase().replace(['%', '_'], "")));
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, kind, country, aliases, roles, mentions FROM actors
             WHERE (?1 IS NULL OR country = upper(?1)) AND (?2 IS NULL OR kind = ?2)
               AND (?3 IS NULL OR lower(name) LIKE ?3 OR lower(aliases) LIKE ?3 OR id LIKE ?3)
             ORDER BY mentions DESC, name, id LIMIT ?4 OFFSET ?5",
        )?;
        let rows = stmt.query_map(params![country, kind, pattern, limit as i64, offset as i64], crate::row_actor)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
        let mut sql = String::from(
            "SELECT x.article_id, CAST(j.key AS INTEGER), a.published, a.title, j.value
             FROM extractions x JOIN articles a ON a.id = x.article_id JOIN documents d ON d.id = a.document_id,
                  json_each(x.record, '$.facts') j
             WHERE d.current = 1 AND instr(x.record, '\"facts\":[]') = 0",
        );
        let mut args: Vec<Value> = Vec::new();
        if let Some(c) = country {
            sql.push_str(
                " AND x.article_id IN (SELECT article_id FROM events WHERE source_countries LIKE ?1 OR target_countries LIKE ?1)",
            );
            args.push(iso_pattern(c)?.into());
        }
        if let Some(w) = what {
            sql.push_str(&format!(" AND lower(json_extract(j.value, '$.what')) LIKE ?{}", args.len() + 1));
            args.push(format!("%{}%", w.trim().to_lowercase().replace(['%', '_'], "")).into());
        }
        sql.push_str(&format!(
            // NULL sorts lowest, so undated articles come last; the
            // publication index gives the order without a sort of every fact.
            " ORDER BY a.published DESC, x.article_id, 2 LIMIT {limit} OFFSET {offset}"
        ));
        self.fact_rows(&sql, args)
    }

    fn fact_rows(&self, sql: &str, args: Vec<Value>) -> Result<Vec<FactRow>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (article_id, idx, published, title, json) = row?;
            let Ok(fact) = serde_json::from_str::<Fact>(&json) else { continue };
            out.push(FactRow { article_id, idx, published, title, fact });
        }
        Ok(out)
    }

    /// How many actors the store holds.
    pub fn actor_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM actors", [], |r| r.get(0))?)
    }

    /// Counts of the record: events, actors, occurrences, commitments, facts.
    pub fn record_stats(&self) -> Result<RecordStats> {
        let one = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        let pairs = |sql: &str| -> Result<Vec<(String, i64)>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let current = "FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id WHERE d.current = 1";
        let (first_event, last_event) =
            self.conn
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
            last_ingested: self.conn.query_row("SELECT max(ingested_at) FROM documents", [], |r| r.get(0))?,
            first_event,
            last_event,
        })
    }

    /// Countries and the events between them, filtered like the events API
    /// (country and counterpart included: then only events they take part in).
    pub fn network(&self, q: &EventQuery) -> Result<Network> {
        let (cond, args) = event_conditions(q)?;
        let sql = format!(
            "SELECT e.source_countries, e.target_countries, count(*) FROM events e JOIN articles a ON a.id = e.article_id
             JOIN documents d ON d.id = a.document_id WHERE d.current = 1{cond} GROUP BY 1, 2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))
        })?;
        let mut nodes: BTreeMap<String, i64> = BTreeMap::new();
        let mut edges: BTreeMap<(String, String), i64> = BTreeMap::new();
        for row in rows {
            let (src, tgt, n) = row?;
            let src: Vec<&str> = src.split_whitespace().collect();
            let tgt: Vec<&str> = tgt.split_whitespace().collect();
            let mut all: Vec<&str> = src.iter().chain(&tgt).copied().collect();
            all.sort_unstable();
            all.dedup();
            for c in &all {
                *nodes.entry(c.to_string()).or_default() += n;
            }
            let mut pairs: Vec<(String, String)> = Vec::new();
            for a in &src {
                for b in &tgt {
                    if a != b {
                        let (x, y) = if a < b { (a, b) } else { (b, a) };
                        pairs.push((x.to_string(), y.to_string()));
                    }
                }
            }
            pairs.sort_unstable();
            pairs.dedup();
            for p in pairs {
                *edges.entry(p).or_default() += n;
            }
        }
        let mut nodes: Vec<(String, i64)> = nodes.into_iter().collect();
        nodes.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let mut edges: Vec<(String, String, i64)> = edges.into_iter().map(|((a, b), n)| (a, b, n)).collect();
        edges.sort_by(|x, y| y.2.cmp(&x.2).then((&x.0, &x.1).cmp(&(&y.0, &y.1))));
        Ok(Network { nodes, edges })
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
        let mut stmt = self.conn.prepare(&format!("SELECT e.type, e.date, e.topics, e.article_id {from}"))?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
        })?;
        let mut by_month: BTreeMap<(String, String), i64> = BTreeMap::new();
        let mut by_type: BTreeMap<String, i64> = BTreeMap::new();
        let mut topics: BTreeMap<String, i64> = BTreeMap::new();
        let mut topics_by_year: BTreeMap<(String, String), i64> = BTreeMap::new();
        let mut articles: Vec<i64> = Vec::new();
        let mut out = Relations::default();
        for row in rows {
            let (kind, date, event_topics, article) = row?;
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
        for id in articles {
            out.facts.extend(self.fact_rows(
                "SELECT x.article_id, CAST(j.key AS INTEGER), a.published, a.title, j.value
                 FROM extractions x JOIN articles a ON a.id = x.article_id, json_each(x.record, '$.facts') j
                 WHERE x.article_id = ?1 ORDER BY 2",
                vec![id.into()],
            )?);
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

/// Every country a commitment involves: its counterparts' countries and the
/// countries in its actors' and counterparts' ids (`p:kaz:...`).
pub fn commitment_countries(c: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(list) = c["countries"].as_array() {
        out.extend(list.iter().filter_map(|x| x.as_str()).map(str::to_uppercase));
    }
    for key in ["actors", "counterparts"] {
        if let Some(list) = c[key].as_array() {
            for id in list.iter().filter_map(|x| x.as_str()) {
                out.extend(attache_resolve::ActorId::parse(id).and_then(|p| p.iso3()));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
