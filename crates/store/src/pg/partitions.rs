//! Events partitioned by month (schema 4): `events` is partitioned by
//! list on its `month` (`YYYY-MM` of its date, `''` for an undated event
//! or one dated by its year only), one partition per month
//! (`events_YYYY_MM`) made when a month first appears, and a default
//! partition (`events_undated`) that takes only `''`, so a dated event
//! never lands there unseen. An old month is kept cheaply and dropped
//! whole (`ALTER TABLE events DETACH PARTITION events_2019_01`).
//!
//! A partition is made apart and attached (`ATTACH PARTITION` holds the
//! parent in `SHARE UPDATE EXCLUSIVE`, which readers and writers of events
//! pass; `CREATE TABLE ... PARTITION OF` would lock them all out), under
//! its own advisory lock taken after the documents and resolution locks,
//! so two writers meeting a new month make it once.
//!
//! What partitioning costs: a partitioned table's unique keys must hold
//! its partition key, so the primary key is `(id, month)` and the
//! article's `(article_id, idx, month)`. Ids stay unique because one
//! identity sequence on the parent gives them all (a copy keeps the
//! source's ids and sets the sequence past them); an article's events
//! are replaced whole by one writer (`write_extraction`), so no `(article,
//! index)` is in two months; `attache check` counts both. No table refers
//! to an event by a foreign key (reports are kept by article and index).
//!
//! The last event id written is kept in `meta.last_event` by its writer:
//! `max(id)` of a partitioned table asks every partition (0.4 ms where one
//! table's index answers in 0.04), and the server reads it on every
//! request (`change_mark`).

use super::PgStore;
use crate::Result;

/// Held while partitions are looked for and made (a transaction lock).
const LOCK_PARTITIONS: i64 = 0x6174_7461_6368_0004;

/// The key of `meta` that holds the highest event id written: kept on
/// PostgreSQL only (a copy makes it again).
pub(crate) const LAST_EVENT: &str = "last_event";

/// Records `id` as the highest event id written, unless a higher one is
/// (inside the writer's transaction, so it moves when the events commit).
pub(crate) fn note_last_event(store: &PgStore, id: i64) -> Result<()> {
    store.execute(
        "INSERT INTO meta (key, value) VALUES ('last_event', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value
         WHERE CAST(meta.value AS BIGINT) < CAST(excluded.value AS BIGINT)",
        &[&id.to_string()],
    )?;
    Ok(())
}

/// The partition key of an event dated `date`: its `YYYY-MM`, else `''`.
/// (The migration that partitioned the table says the same in SQL.)
pub(crate) fn month(date: Option<&str>) -> String {
    match date.map(str::as_bytes) {
        Some([y0, y1, y2, y3, b'-', m0, m1, ..]) if [y0, y1, y2, y3, m0, m1].iter().all(|b| b.is_ascii_digit()) => {
            date.map(|d| d[..7].to_string()).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// Makes the partitions of the months not made yet (inside the caller's
/// transaction: a partition made by a transaction rolled back goes too).
pub(crate) fn ensure(store: &PgStore, months: &[String]) -> Result<()> {
    let mut wanted: Vec<&str> = months.iter().map(String::as_str).filter(|m| !m.is_empty()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.is_empty() || missing(store, &wanted)?.is_empty() {
        return Ok(());
    }
    store.lock(LOCK_PARTITIONS)?;
    for m in missing(store, &wanted)? {
        let table = format!("events_{}", m.replace('-', "_"));
        store.batch_execute(&format!(
            "CREATE TABLE {table} (LIKE events INCLUDING DEFAULTS);
             ALTER TABLE {table} ADD CONSTRAINT {table}_month CHECK (month = '{m}');
             ALTER TABLE events ATTACH PARTITION {table} FOR VALUES IN ('{m}');"
        ))?;
    }
    Ok(())
}

/// The months among `wanted` (each `YYYY-MM`) without their partition.
fn missing(store: &PgStore, wanted: &[&str]) -> Result<Vec<String>> {
    let rows = store.query(
        "SELECT m FROM unnest($1::TEXT[]) m WHERE to_regclass('events_' || replace(m, '-', '_')) IS NULL ORDER BY m",
        &[&wanted],
    )?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_month_is_a_dates_year_and_month_or_nothing() {
        let month = |d: Option<&str>| super::month(d);
        assert_eq!(month(Some("2025-03-14")), "2025-03");
        assert_eq!(month(Some("2025-03")), "2025-03");
        for undated in [None, Some("2025"), Some(""), Some("2025-3-1"), Some("x025-03"), Some("2025-0")] {
            assert_eq!(month(undated), "", "{undated:?}");
        }
    }
}
