//! An in-memory index of what the event filters look at (date, type, mode,
//! countries of each side, topics), so a page of `/api/v1/events` scans a
//! compact array instead of the events table: a filter that keeps one event
//! in a thousand costs microseconds, not a walk over thousands of rows.
//!
//! The index is kept in the page order of [`Store::events_page`] (dated
//! newest first, ties by row id descending, then undated), so cursors mean
//! the same on both paths, and it matches exactly what the SQL filters match
//! (a test compares the two). It belongs to a state of the store: when the
//! store's change mark moves (an ingest or a re-extraction beside the
//! server), requests go to SQL until a rebuild in the background replaces it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use attache_store::{
    ChangeMark, EventKey, EventQuery, Network, NetworkCounter, OrganisationSides, Store, StoreError, values,
};

use crate::pool::Pool;

mod aggregate;
mod cube;

/// One event's facets, packed.
#[derive(Debug, Clone, Copy)]
struct Entry {
    rowid: i64,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` in the first `date_len` bytes; 0: undated.
    date: [u8; 10],
    date_len: u8,
    kind: u8,
    mode: u8,
    /// Countries of the source side, then of the target side, in `countries`.
    countries_at: u32,
    n_source: u8,
    n_target: u8,
    /// Bit `i` set: the event has topic `topics[i]` (the first 64 topic codes).
    topic_bits: u64,
    /// Topics beyond the first 64 codes, in `extra_topics`.
    extra_at: u32,
    n_extra: u8,
}

impl Entry {
    /// The date's bytes (byte order is the text's order).
    fn date(&self) -> Option<&[u8]> {
        (self.date_len > 0).then(|| &self.date[..self.date_len as usize])
    }

    /// The event's page key (its date was a `str` when the index was built).
    fn key(&self) -> EventKey {
        EventKey { date: self.date().map(|d| String::from_utf8_lossy(d).into_owned()), rowid: self.rowid }
    }
}

/// The index of one state of the store.
pub struct EventIndex {
    mark: ChangeMark,
    /// A date longer than a day (none is written) would sort differently
    /// here: then the index answers nothing.
    odd_dates: bool,
    entries: Vec<Entry>,
    /// For each country, the positions in `entries` of its events, ascending:
    /// a country filter walks these instead of every entry.
    by_country: Vec<Vec<u32>>,
    /// The same for each topic.
    by_topic: Vec<Vec<u32>>,
    countries: Vec<u16>,
    extra_topics: Vec<u16>,
    /// Interned strings: types and modes (index 0 is "none"), countries, topics.
    kinds: Vec<String>,
    modes: Vec<String>,
    country_names: Vec<String>,
    topic_names: Vec<String>,
    /// Counts per month and facets, for aggregates and totals.
    cube: Option<cube::Cube>,
    /// The organisations each side of an event names, read when the network
    /// first needs them.
    organisation_sides: RwLock<HashMap<i64, OrganisationSides>>,
}

fn intern(names: &mut Vec<String>, lookup: &mut HashMap<String, usize>, name: &str) -> usize {
    if let Some(&i) = lookup.get(name) {
        return i;
    }
    names.push(name.to_string());
    lookup.insert(name.to_string(), names.len() - 1);
    names.len() - 1
}

impl EventIndex {
    /// Reads every current event's facets.
    pub fn build(store: &Store) -> Result<EventIndex, StoreError> {
        let mark = store.change_mark()?;
        let mut ix = EventIndex {
            mark,
            odd_dates: false,
            entries: Vec::new(),
            by_country: Vec::new(),
            by_topic: Vec::new(),
            countries: Vec::new(),
            extra_topics: Vec::new(),
            kinds: vec![String::new()],
            modes: vec![String::new()],
            country_names: Vec::new(),
            topic_names: Vec::new(),
            cube: None,
            organisation_sides: RwLock::default(),
        };
        let (mut kinds, mut modes, mut countries, mut topics) =
            (HashMap::new(), HashMap::new(), HashMap::new(), HashMap::new());
        store.for_each_event_facets(&mut |f| {
            let mut date = [0u8; 10];
            let date_len = match f.date {
                Some(d) if !d.is_empty() && d.len() <= 10 => {
                    date[..d.len()].copy_from_slice(d.as_bytes());
                    d.len() as u8
                }
                Some(_) => {
                    ix.odd_dates = true;
                    0
                }
                None => 0,
            };
            let countries_at = ix.countries.len() as u32;
            let mut side = |list: &str| {
                let mut n = 0u8;
                for c in list.split_whitespace() {
                    let i = intern(&mut ix.country_names, &mut countries, &c.to_ascii_uppercase());
                    ix.countries.push(i as u16);
                    n += 1;
                }
                n
            };
            let n_source = side(f.source_countries);
            let n_target = side(f.target_countries);
            let (mut topic_bits, extra_at, mut n_extra) = (0u64, ix.extra_topics.len() as u32, 0u8);
            for t in f.topics.split_whitespace() {
                let i = intern(&mut ix.topic_names, &mut topics, &t.to_ascii_lowercase());
                if i < 64 {
                    topic_bits |= 1 << i;
                } else {
                    ix.extra_topics.push(i as u16);
                    n_extra += 1;
                }
            }
            ix.entries.push(Entry {
                rowid: f.rowid,
                date,
                date_len,
                // Types and modes compare exactly, as in SQL; countries and
                // topics ignore ASCII case, as LIKE does.
                kind: intern(&mut ix.kinds, &mut kinds, f.kind) as u8,
                mode: f.mode.map_or(0, |m| intern(&mut ix.modes, &mut modes, m) as u8),
                countries_at,
                n_source,
                n_target,
                topic_bits,
                extra_at,
                n_extra,
            });
        })?;
        ix.entries.sort_unstable_by(|a, b| order(a).cmp(&order(b)));
        ix.by_country = vec![Vec::new(); ix.country_names.len()];
        for (at, e) in ix.entries.iter().enumerate() {
            let start = e.countries_at as usize;
            let mut mine = ix.countries[start..start + e.n_source as usize + e.n_target as usize].to_vec();
            mine.sort_unstable();
            mine.dedup();
            for c in mine {
                ix.by_country[c as usize].push(at as u32);
            }
        }
        ix.by_topic = vec![Vec::new(); ix.topic_names.len()];
        let mut topics = Vec::new();
        for (at, e) in ix.entries.iter().enumerate() {
            ix.topic_ids(e, &mut topics);
            for &t in &topics {
                ix.by_topic[t as usize].push(at as u32);
            }
        }
        if !ix.odd_dates {
            ix.cube = Some(cube::Cube::build(&ix));
        }
        Ok(ix)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the index can answer this query exactly (otherwise: SQL).
    pub fn answers(&self, q: &EventQuery) -> bool {
        let plain = |s: &Option<String>| s.as_deref().is_none_or(|t| !t.contains(['%', '_', ' ']));
        // A topic's `_` is LIKE's one character: answered when it cannot
        // stand for the space between two topics.
        let topics = |s: &Option<String>| {
            s.as_deref().is_none_or(|t| {
                let plain = |v: &str| !v.contains(|c: char| c == '%' || c.is_whitespace());
                values(t).iter().all(|v| plain(v) && !self.spans_topics(&v.to_ascii_lowercase()))
            })
        };
        !self.odd_dates
            && self.kinds.len() < 256
            && self.modes.len() < 256
            && self.country_names.len() < 65536
            && self.topic_names.len() < 65536
            && q.filter.actor.is_none()
            && q.article_id.is_none()
            && q.text.is_none()
            && !q.oldest_first
            && topics(&q.filter.topic)
            && plain(&q.filter.country)
            && plain(&q.filter.counterpart)
    }

    /// The keys (date, row id) of the page after `after`: at most `limit`,
    /// in page order.
    pub fn page(&self, q: &EventQuery, after: Option<&EventKey>, limit: usize) -> Vec<EventKey> {
        let filter = self.compile(q);
        let start = match after {
            None => 0,
            Some(k) => {
                let key = (
                    k.date.is_none(),
                    std::cmp::Reverse(k.date.as_deref().unwrap_or("").as_bytes()),
                    std::cmp::Reverse(k.rowid),
                );
                self.entries.partition_point(|e| order(e) <= key)
            }
        };
        let mut out = Vec::with_capacity(limit.min(1024));
        let Some(filter) = filter else { return out };
        // Dates descend through the dated entries: skip those after `until`
        // by bisection, and stop at the first one before `since` (undated
        // entries, last, pass no date bound).
        let start = match filter.until {
            Some(u) => start.max(self.entries.partition_point(|e| e.date().is_some_and(|d| prefix(d, u) > u))),
            None => start,
        };
        let mut take = |e: &Entry| {
            if out.len() >= limit {
                return false;
            }
            if let Some(since) = filter.since
                && e.date().is_none_or(|d| d < since)
            {
                return false;
            }
            if filter.matches(self, e) {
                out.push(e.key());
            }
            true
        };
        self.walk(&filter, start, &mut take);
        out
    }

    /// Calls `visit` with the entries from `start` on, in page order, until
    /// it answers false. With a country or topic filter only the events of
    /// its values are looked at (of the side or filter with fewest).
    fn walk(&self, filter: &Compiled<'_>, start: usize, visit: impl FnMut(&Entry) -> bool) {
        self.walk_range(filter, (start, self.entries.len()), visit);
    }

    /// [`EventIndex::walk`] over the positions `[from, to)`.
    fn walk_range(&self, filter: &Compiled<'_>, (from, to): (usize, usize), mut visit: impl FnMut(&Entry) -> bool) {
        let Some(lists) = self.postings(filter) else {
            for e in &self.entries[from..to] {
                if !visit(e) {
                    break;
                }
            }
            return;
        };
        // The lists merged in page order, each position once.
        let bound = |p: &[u32], at: usize| p.partition_point(|&x| (x as usize) < at);
        let mut heads: Vec<(usize, usize)> = lists.iter().map(|p| (bound(p, from), bound(p, to))).collect();
        loop {
            let next = heads.iter().zip(&lists).filter(|((i, end), _)| i < end).map(|((i, _), p)| p[*i]).min();
            let Some(next) = next else { break };
            for ((i, _), p) in heads.iter_mut().zip(&lists) {
                if p.get(*i) == Some(&next) {
                    *i += 1;
                }
            }
            if !visit(&self.entries[next as usize]) {
                break;
            }
        }
    }

    /// Position lists whose union holds every event the filter matches: its
    /// countries' (the side with fewest events, for a pair) or its topics',
    /// whichever are fewer; `None` without a country or topic filter.
    fn postings(&self, filter: &Compiled<'_>) -> Option<Vec<&[u32]>> {
        let countries = |c: &Vec<u16>| c.iter().map(|&c| self.by_country[c as usize].as_slice()).collect::<Vec<_>>();
        let topics = |t: &Vec<usize>| t.iter().map(|&t| self.by_topic[t].as_slice()).collect::<Vec<_>>();
        let options =
            [filter.a.as_ref().map(countries), filter.b.as_ref().map(countries), filter.topic.as_ref().map(topics)];
        options.into_iter().flatten().min_by_key(|lists| lists.iter().map(|p| p.len()).sum::<usize>())
    }

    /// The positions `[lo, hi)` of the entries the filter's dates keep
    /// (every entry without dates; undated ones pass no date bound).
    fn window(&self, filter: &Compiled<'_>) -> (usize, usize) {
        if filter.since.is_none() && filter.until.is_none() {
            return (0, self.entries.len());
        }
        let lo = match filter.until {
            Some(u) => self.entries.partition_point(|e| e.date().is_some_and(|d| prefix(d, u) > u)),
            None => 0,
        };
        let hi = self.entries.partition_point(|e| e.date().is_some_and(|d| filter.since.is_none_or(|s| d >= s)));
        (lo, hi.max(lo))
    }

    /// The topics of an entry (their positions in `topic_names`), ascending, each once.
    fn topic_ids(&self, e: &Entry, out: &mut Vec<u32>) {
        out.clear();
        let bits = e.topic_bits;
        out.extend((0..64u32).filter(|i| bits & (1 << i) != 0));
        out.extend(self.extra_topics[e.extra_at as usize..][..e.n_extra as usize].iter().map(|&t| u32::from(t)));
        out.sort_unstable();
        out.dedup();
    }

    /// The countries of an entry's source and target sides.
    fn sides(&self, e: &Entry) -> (&[u16], &[u16]) {
        let at = e.countries_at as usize;
        let source = &self.countries[at..at + e.n_source as usize];
        (source, &self.countries[at + e.n_source as usize..at + e.n_source as usize + e.n_target as usize])
    }

    /// How many events the query matches.
    pub fn count(&self, q: &EventQuery) -> i64 {
        let Some(filter) = self.compile(q) else { return 0 };
        if let Some(n) = self.cube_counts(&filter, &[], &mut Default::default()) {
            return n;
        }
        let mut n = 0;
        self.for_each_match(&filter, |_| n += 1);
        n
    }

    /// States, organisations and the events between them, for the events
    /// the query matches: as [`Store::network`] counts them. The actors of
    /// events with an organisation are read from `store` once per index
    /// (which organisation a side names is not in the facets).
    pub fn network(&self, q: &EventQuery, store: &Store) -> Result<Network, StoreError> {
        let mut counter = NetworkCounter::default();
        let Some(filter) = self.compile(q) else { return Ok(counter.finish()) };
        let igo = self.country_names.iter().position(|c| c == "IGO");
        let mut plain: HashMap<(&[u16], &[u16]), i64> = HashMap::new();
        let mut deferred: Vec<(i64, &[u16], &[u16])> = Vec::new();
        for e in &self.entries {
            if !filter.matches(self, e) {
                continue;
            }
            let (source, target) = self.sides(e);
            if igo.is_some_and(|i| source.iter().chain(target).any(|c| *c as usize == i)) {
                deferred.push((e.rowid, source, target));
            } else {
                *plain.entry((source, target)).or_default() += 1;
            }
        }
        let names =
            |side: &[u16]| -> Vec<&str> { side.iter().map(|c| self.country_names[*c as usize].as_str()).collect() };
        for ((source, target), n) in plain {
            counter.add(&names(source), &names(target), None, n);
        }
        let missing: Vec<i64> = {
            let known = self.organisation_sides.read().unwrap_or_else(|e| e.into_inner());
            deferred.iter().map(|d| d.0).filter(|id| !known.contains_key(id)).collect()
        };
        if !missing.is_empty() {
            let found = store.organisation_sides(&missing)?;
            self.organisation_sides.write().unwrap_or_else(|e| e.into_inner()).extend(found);
        }
        let known = self.organisation_sides.read().unwrap_or_else(|e| e.into_inner());
        for (id, source, target) in deferred {
            counter.add(&names(source), &names(target), known.get(&id), 1);
        }
        Ok(counter.finish())
    }

    /// The query with its strings looked up; `None` when nothing can match
    /// (only types, countries or topics the store has never seen).
    fn compile<'q>(&self, q: &'q EventQuery) -> Option<Compiled<'q>> {
        let f = &q.filter;
        // The positions in `names` of a filter's values; `None`: no filter;
        // `Some(empty)`: none is known, nothing matches.
        let find = |names: &[String], v: &Option<String>, upper: bool| -> Option<Vec<usize>> {
            let v = v.as_deref().filter(|v| !values(v).is_empty())?;
            let wanted: Vec<String> = values(v)
                .into_iter()
                .map(|x| if upper { x.to_ascii_uppercase() } else { x.to_ascii_lowercase() })
                .collect();
            // Topics as LIKE compares them (`_`: any one character); the rest exactly.
            let hit = |n: &String| if upper { wanted.contains(n) } else { wanted.iter().any(|w| like(n, w)) };
            Some(names.iter().enumerate().filter(|(_, n)| hit(n)).map(|(i, _)| i).collect())
        };
        let some = |v: &Option<Vec<usize>>| v.as_ref().is_none_or(|v| !v.is_empty());
        let kind = find(&self.kinds, &f.kind, true);
        let mode = find(&self.modes, &q.mode, false);
        let a = find(&self.country_names, &f.country, true);
        let b = find(&self.country_names, &f.counterpart, true);
        let topic = find(&self.topic_names, &f.topic, false);
        if ![&kind, &mode, &a, &b, &topic].iter().all(|v| some(v)) {
            return None;
        }
        let small = |v: Option<Vec<usize>>| v.map(|v| v.into_iter().map(|i| i as u8).collect::<Vec<u8>>());
        let country = |v: Option<Vec<usize>>| v.map(|v| v.into_iter().map(|i| i as u16).collect::<Vec<u16>>());
        Some(Compiled {
            kind: small(kind),
            mode: small(mode),
            a: country(a),
            b: country(b),
            topic,
            since: f.since.as_deref().map(str::as_bytes),
            until: f.until.as_deref().map(str::as_bytes),
        })
    }

    /// Whether this index still describes the store.
    pub fn is_current(&self, mark: ChangeMark) -> bool {
        self.mark == mark
    }
}

/// Whether `pattern` (LIKE's, without `%`: `_` is any one character) is
/// `name`, ASCII case aside (as SQLite's LIKE compares).
fn like(name: &str, pattern: &str) -> bool {
    name.chars().count() == pattern.chars().count()
        && name.chars().zip(pattern.chars()).all(|(n, p)| p == '_' || n.eq_ignore_ascii_case(&p))
}

impl EventIndex {
    /// Whether `LIKE '% t %'` over an event's spaced topics could match
    /// across two topics (some `_` of `t` on the space between them: each
    /// part around those is a topic the store has): then only SQL is exact.
    fn spans_topics(&self, t: &str) -> bool {
        let blanks: Vec<usize> = t.char_indices().filter(|(_, c)| *c == '_').map(|(i, _)| i).collect();
        if blanks.len() > 8 {
            return true;
        }
        (1u32..1 << blanks.len()).any(|set| {
            let (mut from, mut parts) = (0, Vec::new());
            for (bit, &at) in blanks.iter().enumerate() {
                if set & (1 << bit) != 0 {
                    parts.push(&t[from..at]);
                    from = at + 1;
                }
            }
            parts.push(&t[from..]);
            parts.iter().all(|p| p.is_empty() || self.topic_names.iter().any(|n| like(n, p)))
        })
    }
}

/// The part of `date` an `until` bound compares (SQL's `substr(date, 1, len(until))`).
fn prefix<'d>(date: &'d [u8], until: &[u8]) -> &'d [u8] {
    date.get(..until.len()).unwrap_or(date)
}

/// The page order: dated first, newest first, ties by row id descending; then undated by row id descending.
fn order(e: &Entry) -> (bool, std::cmp::Reverse<&[u8]>, std::cmp::Reverse<i64>) {
    let date = e.date();
    (date.is_none(), std::cmp::Reverse(date.unwrap_or(b"")), std::cmp::Reverse(e.rowid))
}

#[derive(Clone)]
struct Compiled<'q> {
    kind: Option<Vec<u8>>,
    mode: Option<Vec<u8>>,
    a: Option<Vec<u16>>,
    b: Option<Vec<u16>>,
    topic: Option<Vec<usize>>,
    since: Option<&'q [u8]>,
    until: Option<&'q [u8]>,
}

impl Compiled<'_> {
    fn matches(&self, ix: &EventIndex, e: &Entry) -> bool {
        if self.kind.as_ref().is_some_and(|k| !k.contains(&e.kind))
            || self.mode.as_ref().is_some_and(|m| !m.contains(&e.mode))
        {
            return false;
        }
        if self.since.is_some() || self.until.is_some() {
            // As SQL: an undated event passes no date bound.
            let Some(date) = e.date() else { return false };
            if self.since.is_some_and(|s| date < s) {
                return false;
            }
            if self.until.is_some_and(|u| prefix(date, u) > u) {
                return false;
            }
        }
        if let Some(topics) = &self.topic {
            let has = |t: usize| {
                if t < 64 {
                    e.topic_bits & (1 << t) != 0
                } else {
                    ix.extra_topics[e.extra_at as usize..][..e.n_extra as usize].contains(&(t as u16))
                }
            };
            if !topics.iter().any(|&t| has(t)) {
                return false;
            }
        }
        if self.a.is_some() || self.b.is_some() {
            let (source, target) = ix.sides(e);
            let any = |side: &[u16], of: &[u16]| of.iter().any(|c| side.contains(c));
            let ok = match (&self.a, &self.b) {
                (Some(a), Some(b)) => (any(source, a) && any(target, b)) || (any(source, b) && any(target, a)),
                (Some(c), None) | (None, Some(c)) => any(source, c) || any(target, c),
                (None, None) => true,
            };
            if !ok {
                return false;
            }
        }
        true
    }
}

/// The index the server uses, replaced in the background when the store changes.
#[derive(Default)]
pub struct IndexCell {
    current: RwLock<Option<Arc<EventIndex>>>,
    building: AtomicBool,
}

impl IndexCell {
    /// The index, if it describes the store at `mark`; otherwise starts a
    /// rebuild (one at a time) and returns `None`.
    pub fn get(self: &Arc<Self>, mark: ChangeMark, pool: &Pool) -> Option<Arc<EventIndex>> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(ix) = current.filter(|ix| ix.is_current(mark)) {
            return Some(ix);
        }
        self.rebuild(pool);
        None
    }

    /// Starts a rebuild on the pool unless one is running.
    pub fn rebuild(self: &Arc<Self>, pool: &Pool) {
        if self.building.swap(true, Ordering::AcqRel) {
            return;
        }
        let (cell, pool) = (self.clone(), pool.clone());
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                let built = pool.run(|s| EventIndex::build(s).map_err(Into::into)).await;
                if let Ok(ix) = built {
                    *cell.current.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(ix));
                }
                cell.building.store(false, Ordering::Release);
            });
        } else {
            self.building.store(false, Ordering::Release);
        }
    }

    /// Builds the index now (start-up, tests).
    pub async fn build_now(&self, pool: &Pool) -> Result<usize, crate::ApiError> {
        let ix = pool.run(|s| EventIndex::build(s).map_err(Into::into)).await?;
        let n = ix.len();
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(ix));
        Ok(n)
    }
}
