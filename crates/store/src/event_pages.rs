//! The events the HTTP API reads: keyset pages of events, one event with
//! every report of it, an actor's events, with the actors linked across
//! articles.
//!
//! Pages are keyset pages: the caller passes the sort key of the last row it
//! has and gets the rows after it, so a page costs the same at any depth and
//! rows written meanwhile never shift a page. Events are ordered as
//! `attache events` orders them (dated newest first, then undated; ties by
//! article and index).
//!
//! Input: an [`EventQuery`] and a page key. Output: [`EventRow`]s.

use std::collections::HashMap;

use attache_model::annotation::{Actor, Location};
use rusqlite::params_from_iter;
use rusqlite::types::Value;

use crate::{EventFilter, Result, Store, StoreError, check_day};

/// Where a page of events starts: the sort key of the last event already
/// seen (its date, and its row id for ties).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventKey {
    pub date: Option<String>,
    pub rowid: i64,
}

/// Filters of the events API: those of `attache events` and a few more.
/// Country, counterpart, type, mode and topic may each hold several values
/// separated by commas (any of them matches: see [`values`]).
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Country, counterpart, type, actor name, topic, since and until, as
    /// `attache events` reads them (`limit` is ignored: pages have their own).
    pub filter: EventFilter,
    /// `meeting`, `visit`, `call` or `multilateral`.
    pub mode: Option<String>,
    /// Only the events of this article.
    pub article_id: Option<i64>,
    /// Words that must all appear in the evidence sentence (any case).
    pub text: Option<String>,
    /// Oldest first (dated events from the oldest, then undated ones) instead
    /// of newest first.
    pub oldest_first: bool,
}

/// The values of a multi-value filter: `"MEET, agree"` is `["MEET", "agree"]`
/// (trimmed, empty parts dropped).
pub fn values(filter: &str) -> Vec<&str> {
    filter.split(',').map(str::trim).filter(|v| !v.is_empty()).collect()
}

/// The words of an evidence search: letters and digits (what `LIKE` may look
/// for without wildcards).
pub fn text_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
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
pub(crate) struct BareEvent {
    pub(crate) row: EventRow,
    pub(crate) record: Option<String>,
    /// The actor links of its article (local id, actor id) when the read
    /// brought them (PostgreSQL's read by key: one round trip less); else
    /// they are read for the whole page at once.
    pub(crate) links: Option<Vec<(String, String)>>,
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
        links: None,
    })
}

/// The events of `found` in the order of `ids` (ids not found left out).
fn in_order(ids: impl Iterator<Item = i64>, found: Vec<BareEvent>) -> Vec<BareEvent> {
    let mut found: HashMap<i64, BareEvent> = found.into_iter().map(|b| (b.row.rowid, b)).collect();
    ids.filter_map(|id| found.remove(&id)).collect()
}

/// An ISO 3166-1 alpha-3 code (or `IGO`) as the ` A B ` lists hold it.
pub(crate) fn iso_pattern(c: &str) -> Result<String> {
    let c = c.trim().to_uppercase();
    if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
        Ok(format!("% {c} %"))
    } else {
        Err(StoreError::Filter(format!("{c:?} is not an ISO 3166-1 alpha-3 code")))
    }
}

/// `(col LIKE ? OR col LIKE ? ...)` for the ` A B ` patterns of `codes`.
fn any_country(col: &str, codes: &[String]) -> String {
    let alts: Vec<String> = codes.iter().map(|_| format!("{col} LIKE ?")).collect();
    format!("({})", alts.join(" OR "))
}

/// `col IN (?, ...)`.
fn one_of(col: &str, n: usize) -> String {
    format!("{col} IN ({})", vec!["?"; n].join(", "))
}

/// The conditions of an event filter, on `e` (events), `a` (articles) and `d` (documents).
pub(crate) fn event_conditions(q: &EventQuery) -> Result<(String, Vec<Value>)> {
    let f = &q.filter;
    let mut sql = String::new();
    let mut args: Vec<Value> = Vec::new();
    let patterns = |v: &Option<String>| -> Result<Vec<String>> {
        v.as_deref().map_or(Ok(Vec::new()), |v| values(v).into_iter().map(iso_pattern).collect())
    };
    let (a, b) = (patterns(&f.country)?, patterns(&f.counterpart)?);
    let push_all = |args: &mut Vec<Value>, v: &[String]| args.extend(v.iter().map(|p| Value::from(p.clone())));
    match (a.is_empty(), b.is_empty()) {
        (false, false) => {
            let (sa, tb) = (any_country("e.source_countries", &a), any_country("e.target_countries", &b));
            let (sb, ta) = (any_country("e.source_countries", &b), any_country("e.target_countries", &a));
            sql.push_str(&format!(" AND (({sa} AND {tb}) OR ({sb} AND {ta}))"));
            for v in [&a, &b, &b, &a] {
                push_all(&mut args, v);
            }
        }
        (false, true) | (true, false) => {
            let c = if a.is_empty() { &b } else { &a };
            let (s, t) = (any_country("e.source_countries", c), any_country("e.target_countries", c));
            sql.push_str(&format!(" AND ({s} OR {t})"));
            push_all(&mut args, c);
            push_all(&mut args, c);
        }
        (true, true) => {}
    }
    if let Some(t) = f.kind.as_deref().filter(|t| !values(t).is_empty()) {
        let kinds = values(t);
        sql.push_str(&format!(" AND {}", one_of("e.type", kinds.len())));
        args.extend(kinds.iter().map(|k| Value::from(k.to_uppercase())));
    }
    if let Some(m) = q.mode.as_deref().filter(|m| !values(m).is_empty()) {
        let modes = values(m);
        sql.push_str(&format!(" AND {}", one_of("e.mode", modes.len())));
        args.extend(modes.iter().map(|m| Value::from(m.to_lowercase())));
    }
    if let Some(a) = &f.actor {
        sql.push_str(" AND e.actors LIKE ?");
        args.push(format!("%{}%", a.replace(['%', '_'], "")).into());
    }
    if let Some(t) = f.topic.as_deref().filter(|t| !values(t).is_empty()) {
        let topics = values(t);
        let alts: Vec<&str> = topics.iter().map(|_| "e.topics LIKE ?").collect();
        sql.push_str(&format!(" AND ({})", alts.join(" OR ")));
        args.extend(topics.iter().map(|t| Value::from(format!("% {t} %"))));
    }
    if let Some(text) = &q.text {
        for w in text_words(text) {
            sql.push_str(" AND e.evidence LIKE ?");
            args.push(format!("%{w}%").into());
        }
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
    /// A page of events after `after`, at most `limit`: dated events newest
    /// first, then undated ones; ties (one day) newest stored first
    /// (`oldest_first`: dated events oldest first, ties oldest stored first,
    /// then undated ones, oldest stored first). The order is the date index's
    /// own (its entries end with the row id), so a page reads only the rows
    /// it returns and those the filters skip.
    pub fn events_page(&self, q: &EventQuery, after: Option<&EventKey>, limit: usize) -> Result<Vec<EventRow>> {
        let (cond, args) = event_conditions(q)?;
        let base = format!("SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE d.current = 1{cond}");
        let (dir, cmp, ord) = if q.oldest_first { ("ASC", ">", ">=") } else { ("DESC", "<", "<=") };
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
                sql.push_str(&format!(" AND e.date {ord} ? AND (e.date {cmp} ? OR e.id {cmp} ?)"));
                args.extend([d.clone().into(), d.into(), rowid.into()]);
            }
            sql.push_str(&format!(" ORDER BY e.date {dir}, e.id {dir} LIMIT {limit}"));
            out.extend(self.bare_events(&sql, args)?);
        }
        if out.len() < limit {
            let mut sql = format!("{base} AND e.date IS NULL");
            let mut args = args;
            if let Some(EventKey { date: None, rowid }) = after {
                sql.push_str(&format!(" AND e.id {cmp} ?"));
                args.push((*rowid).into());
            }
            sql.push_str(&format!(" ORDER BY e.id {dir} LIMIT {}", limit - out.len()));
            out.extend(self.bare_events(&sql, args)?);
        }
        self.hydrate(out)
    }

    /// A mark that changes whenever the current events may have: the last
    /// event and document row ids (an ingest or a re-extraction adds rows)
    /// and the resolution generation (a resolution or a curation can change
    /// actor ids and occurrences without adding a row).
    pub fn change_mark(&self) -> Result<ChangeMark> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.change_mark();
        }
        Ok(self.conn()?.query_row(
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
        self.for_each_facets_where("", Vec::new(), f)
    }

    /// Calls `f` with the facets of every current event that the conditions
    /// `cond` (of [`event_conditions`], with their arguments) keep, streamed.
    pub(crate) fn for_each_facets_where(
        &self,
        cond: &str,
        args: Vec<Value>,
        f: &mut dyn FnMut(EventFacets<'_>),
    ) -> Result<()> {
        let sql = format!(
            "SELECT e.id, e.date, e.type, e.mode, e.source_countries, e.target_countries, e.topics
             FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id
             WHERE d.current = 1{cond}"
        );
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.for_each_event_facets(&sql, &args, f);
        }
        let mut stmt = self.conn()?.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(args))?;
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
        let found = match &self.backend {
            crate::Backend::Postgres(pg) => {
                pg.bare_events_by_ids(&format!("SELECT {EVENT_COLUMNS} {EVENT_FROM}"), ids)?
            }
            crate::Backend::Sqlite(_) => {
                let sql =
                    format!("SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE e.id IN (SELECT value FROM json_each(?1))");
                let list = serde_json::to_string(ids).expect("ids serialize");
                self.bare_events(&sql, vec![list.into()])?
            }
        };
        self.hydrate(in_order(ids.iter().copied(), found))
    }

    /// Events by their keys (the date and row id a page ends with, as
    /// [`EventKey`] holds them), in the order given (events not found are
    /// left out): what [`Store::events_by_rowids`] gives for the keys' row
    /// ids. The dates tell PostgreSQL, which keeps events in a partition
    /// per month, which partitions to read (a page of one month reads one
    /// instead of every month's); SQLite reads by row id alone. A key whose
    /// date is not its event's costs a second read there, never a missing
    /// event.
    pub fn events_by_keys(&self, keys: &[EventKey]) -> Result<Vec<EventRow>> {
        let crate::Backend::Postgres(pg) = &self.backend else {
            return self.events_by_rowids(&keys.iter().map(|k| k.rowid).collect::<Vec<_>>());
        };
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let found = pg.bare_events_by_keys(EVENT_COLUMNS, EVENT_FROM, keys)?;
        self.hydrate(in_order(keys.iter().map(|k| k.rowid), found))
    }

    /// How many events match (for small result sets and tests; a count over a
    /// large store reads every matching row).
    pub fn events_count(&self, q: &EventQuery) -> Result<i64> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.events_count(q);
        }
        let (cond, args) = event_conditions(q)?;
        let sql = format!(
            "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id
             JOIN documents d ON d.id = a.document_id WHERE d.current = 1{cond}"
        );
        Ok(self.conn()?.query_row(&sql, params_from_iter(args), |r| r.get(0))?)
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

    /// Events an actor (across articles) is a side of, newest first.
    pub fn actor_event_rows(&self, actor_id: &str) -> Result<Vec<EventRow>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} {EVENT_FROM}
             WHERE d.current = 1 AND e.article_id IN (SELECT article_id FROM ({MENTIONS_OF_ACTOR}) AS m)
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
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.bare_events(sql, &args);
        }
        let mut stmt = self.conn()?.prepare_cached(sql)?;
        let rows = stmt.query_map(params_from_iter(args), bare_event)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Attaches actors (with their ids across articles) and location to
    /// events: each article's record is parsed once per page, and the actor
    /// links of the whole page come in one query (or with the rows).
    fn hydrate(&self, rows: Vec<BareEvent>) -> Result<Vec<EventRow>> {
        let links = self.page_links(&rows)?;
        let mut records: HashMap<i64, Option<LightRecord>> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for BareEvent { mut row, record, .. } in rows {
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

    /// The actor links of the articles of `rows`: (article, local id) to
    /// actor id.
    fn page_links(&self, rows: &[BareEvent]) -> Result<HashMap<(i64, String), String>> {
        let mut links: HashMap<(i64, String), String> = HashMap::new();
        if rows.iter().all(|r| r.links.is_some()) {
            for r in rows {
                for (local, actor) in r.links.iter().flatten() {
                    links.insert((r.row.article_id, local.clone()), actor.clone());
                }
            }
            return Ok(links);
        }
        let mut ids: Vec<i64> = rows.iter().map(|r| r.row.article_id).collect();
        ids.sort_unstable();
        ids.dedup();
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.links_of_articles(&ids);
        }
        let mut stmt = self.conn()?.prepare_cached(
            "SELECT article_id, local_id, actor_id FROM actor_mentions
             WHERE article_id IN (SELECT value FROM json_each(?1))",
        )?;
        let list = serde_json::to_string(&ids).expect("ids serialize");
        for row in stmt.query_map([list], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))? {
            let (key, actor) = row?;
            links.insert(key, actor);
        }
        Ok(links)
    }
}
