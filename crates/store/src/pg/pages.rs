//! What `attache serve` reads of events from PostgreSQL: pages, events by
//! id, the actor links that hydrate them, the change mark and the facets of
//! the server's index. The SQL is `event_pages.rs`'s (shared, so both
//! backends filter and order alike), turned into PostgreSQL's dialect.

use std::collections::{HashMap, HashSet};

use postgres::fallible_iterator::FallibleIterator;
use rusqlite::types::Value;

use super::PgStore;
use super::events::{dialect, params, values};
use super::partitions;
use crate::Result;
use crate::event_pages::{BareEvent, ChangeMark, EventFacets, EventKey, EventRow};

/// Most months a read by key names in its SQL (a page of events, newest
/// first, mostly holds one or two); past it every partition is read, as
/// by id. Each set of months is a statement of its own, prepared once per
/// connection.
const MAX_KEY_MONTHS: usize = 4;

impl PgStore {
    /// [`crate::Store::open_read_only`] on PostgreSQL: a connection whose
    /// transactions are read-only (a read-only role needs nothing more:
    /// nothing is migrated) and whose statements give up after `timeout`.
    pub(crate) fn connect_read_only(url: &str, timeout: std::time::Duration) -> Result<PgStore> {
        let mut config: postgres::Config = url.parse()?;
        config.application_name("attache serve");
        let client = config.connect(postgres::NoTls)?;
        let store = PgStore {
            client: std::cell::RefCell::new(client),
            statements: Default::default(),
            built: Default::default(),
        };
        store.batch_execute(&format!(
            "SET default_transaction_read_only = on; SET statement_timeout = {}",
            timeout.as_millis()
        ))?;
        store.check_readable(url)?;
        Ok(store)
    }

    /// Events of a page (SQLite's SQL with `?` arguments), not yet hydrated.
    pub(crate) fn bare_events(&self, sql: &str, args: &[Value]) -> Result<Vec<BareEvent>> {
        let values = values(args);
        let rows = self.query_dyn(&dialect(sql), &params(&values))?;
        Ok(rows.iter().map(bare_event).collect())
    }

    /// Events by row id, in no particular order.
    pub(crate) fn bare_events_by_ids(&self, select: &str, ids: &[i64]) -> Result<Vec<BareEvent>> {
        let rows = self.query_built(format!("{select} WHERE e.id = ANY($1)"), &[&ids])?;
        Ok(rows.iter().map(bare_event).collect())
    }

    /// Events by key, in no particular order: only the partitions of the
    /// keys' months are read (50 ids looked up in one month's index, not in
    /// each of 26: 0.3 ms against 1.3 by `EXPLAIN ANALYZE` on a million
    /// events). The months are written into the SQL, not passed: the plan
    /// is then pruned when made, where a parameter (`month = $1`, or the
    /// months joined to the ids) leaves the pruning to each execution, and
    /// its plan costing more than a custom one, PostgreSQL plans it anew
    /// every time. Ids the months do not hold (a key dated wrongly, an
    /// event gone) are looked for in every partition.
    /// Each row brings its article's actor links (`LINKS_OF_ARTICLE`), so a
    /// page is one round trip, not two.
    pub(crate) fn bare_events_by_keys(&self, columns: &str, from: &str, keys: &[EventKey]) -> Result<Vec<BareEvent>> {
        let select = &format!("SELECT {columns}, {LINKS_OF_ARTICLE} {from}");
        let ids: Vec<i64> = keys.iter().map(|k| k.rowid).collect();
        let mut months: Vec<String> = keys.iter().map(|k| partitions::month(k.date.as_deref())).collect();
        months.sort_unstable();
        months.dedup();
        if months.len() > MAX_KEY_MONTHS {
            return self.bare_events_by_ids(select, &ids);
        }
        // `month` gives `YYYY-MM` of digits or '': nothing to quote.
        debug_assert!(months.iter().all(|m| m.bytes().all(|b| b.is_ascii_digit() || b == b'-')));
        let list: Vec<String> = months.iter().map(|m| format!("'{m}'")).collect();
        let sql = format!("{select} WHERE e.month IN ({}) AND e.id = ANY($1)", list.join(", "));
        let mut found: Vec<BareEvent> = self.query_built(sql, &[&ids])?.iter().map(bare_event).collect();
        let wanted: HashSet<i64> = ids.iter().copied().collect();
        if found.len() < wanted.len() {
            let have: HashSet<i64> = found.iter().map(|b| b.row.rowid).collect();
            let rest: Vec<i64> = wanted.difference(&have).copied().collect();
            found.extend(self.bare_events_by_ids(select, &rest)?);
        }
        Ok(found)
    }

    /// The actor links of these articles: (article, local id) to actor id.
    pub(crate) fn links_of_articles(&self, ids: &[i64]) -> Result<HashMap<(i64, String), String>> {
        let rows = self
            .query("SELECT article_id, local_id, actor_id FROM actor_mentions WHERE article_id = ANY($1)", &[&ids])?;
        Ok(rows.iter().map(|r| ((r.get(0), r.get(1)), r.get(2))).collect())
    }

    pub(crate) fn change_mark(&self) -> Result<ChangeMark> {
        let r = self.query_one(
            // The last event id as its writers note it (`partitions::note_last_event`);
            // `max(id)` asks every month's partition.
            "SELECT coalesce((SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'last_event'), (SELECT max(id) FROM events), 0),
                    (SELECT coalesce(max(id), 0) FROM documents),
                    (SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'generation')",
            &[],
        )?;
        Ok(ChangeMark { events: r.get(0), documents: r.get(1), generation: r.get::<_, Option<i64>>(2).unwrap_or(0) })
    }

    /// Streams the facets of the events `sql` (SQLite's form, `?` arguments)
    /// selects to `f` (a million rows are not held at once).
    pub(crate) fn for_each_event_facets(
        &self,
        sql: &str,
        args: &[Value],
        f: &mut dyn FnMut(EventFacets<'_>),
    ) -> Result<()> {
        let values = values(args);
        let mut client = self.client.borrow_mut();
        let mut rows = client.query_raw(dialect(sql).as_str(), params(&values))?;
        while let Some(r) = rows.next()? {
            f(EventFacets {
                rowid: r.get(0),
                date: r.get(1),
                kind: r.get(2),
                mode: r.get(3),
                source_countries: r.get(4),
                target_countries: r.get(5),
                topics: r.get(6),
            });
        }
        Ok(())
    }
}

/// The actor links of an event's article, as a column: local id, actor
/// id, local id, actor id... (each mention's pair in order).
const LINKS_OF_ARTICLE: &str = "ARRAY(SELECT unnest(ARRAY[m.local_id, m.actor_id]) FROM actor_mentions m
     WHERE m.article_id = e.article_id)";

/// A row of `event_pages::EVENT_COLUMNS`, then maybe `LINKS_OF_ARTICLE`.
fn bare_event(r: &postgres::Row) -> BareEvent {
    let topics: &str = r.get(6);
    let via: &str = r.get(19);
    let (start, end): (Option<i64>, Option<i64>) = (r.get(12), r.get(13));
    BareEvent {
        row: EventRow {
            rowid: r.get(20),
            article_id: r.get(0),
            idx: r.get(1),
            kind: r.get(2),
            mode: r.get(3),
            date: r.get(4),
            date_basis: r.get(5),
            topics: topics.split_whitespace().map(str::to_string).collect(),
            cameo: r.get(7),
            plover: r.get(8),
            rule: r.get(9),
            trigger: r.get(10),
            sentence: r.get(11),
            span: start.zip(end),
            evidence: r.get(14),
            source: Vec::new(),
            target: Vec::new(),
            location: None,
            article_title: r.get(15),
            published: r.get(16),
            doc: r.get(17),
            origin: r.get(18),
            via: if via == "[]" { Vec::new() } else { serde_json::from_str(via).unwrap_or_default() },
            occurrence_id: r.get(21),
        },
        record: r.get(22),
        links: (r.len() > 23).then(|| {
            let flat: Vec<String> = r.get(23);
            flat.chunks_exact(2).map(|p| (p[0].clone(), p[1].clone())).collect()
        }),
    }
}
