//! The fetch log of `attache watch` on PostgreSQL: the same records,
//! written and read as `fetches.rs` does on SQLite (each write one
//! transaction: a page is recorded with its listing's new validators
//! together). Counting sources for `attache sources` is written once, for
//! both, in `fetches.rs`.

use attache_model::fetches::{FetchKind, FetchRecord, FetchState};
use postgres::Row;

use super::PgStore;
use crate::Result;

fn row_record(r: &Row) -> FetchRecord {
    let kind: String = r.get(2);
    let state: String = r.get(3);
    FetchRecord {
        url: r.get(0),
        source: r.get(1),
        kind: FetchKind::parse(&kind).unwrap_or(FetchKind::Page),
        state: FetchState::parse(&state).unwrap_or(FetchState::Failed),
        fetched_at: r.get(4),
        succeeded_at: r.get(5),
        status: r.get::<_, Option<i64>>(6).map(|s| s as u16),
        etag: r.get(7),
        last_modified: r.get(8),
        hash: r.get(9),
        error: r.get(10),
        failed_at: r.get(11),
        failures: r.get::<_, i64>(12) as u32,
        next_try: r.get(13),
        kept: r.get(14),
    }
}

impl PgStore {
    pub(crate) fn put_watch_sources(&self, sources: &[(String, String, FetchKind)], polled_at: &str) -> Result<()> {
        self.batch_execute("BEGIN")?;
        self.in_transaction(|| {
            for (name, url, kind) in sources {
                self.execute(
                    "INSERT INTO watch_sources (name, url, kind, polled_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (name) DO UPDATE SET url = $2, kind = $3, polled_at = $4",
                    &[name, url, &kind.as_str(), &polled_at],
                )?;
            }
            Ok(())
        })?;
        self.batch_execute("COMMIT")
    }

    pub(crate) fn fetch_record(&self, url: &str) -> Result<Option<FetchRecord>> {
        let row = self.query_opt(
            "SELECT url, source, kind, state, fetched_at, succeeded_at, status, etag, last_modified, hash,
                    error, failed_at, failures, next_try, kept
             FROM watch_fetches WHERE url = $1",
            &[&url],
        )?;
        Ok(row.as_ref().map(row_record))
    }

    pub(crate) fn put_fetch_records(&self, records: &[FetchRecord]) -> Result<()> {
        self.batch_execute("BEGIN")?;
        self.in_transaction(|| {
            for r in records {
                self.execute(
                    "INSERT INTO watch_fetches (url, source, kind, state, fetched_at, succeeded_at, status, etag,
                                                last_modified, hash, error, failed_at, failures, next_try, kept)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                     ON CONFLICT (url) DO UPDATE SET source = $2, kind = $3, state = $4, fetched_at = $5,
                         succeeded_at = $6, status = $7, etag = $8, last_modified = $9, hash = $10, error = $11,
                         failed_at = $12, failures = $13, next_try = $14, kept = $15",
                    &[
                        &r.url,
                        &r.source,
                        &r.kind.as_str(),
                        &r.state.as_str(),
                        &r.fetched_at,
                        &r.succeeded_at,
                        &r.status.map(i64::from),
                        &r.etag,
                        &r.last_modified,
                        &r.hash,
                        &r.error,
                        &r.failed_at,
                        &i64::from(r.failures),
                        &r.next_try,
                        &r.kept,
                    ],
                )?;
            }
            Ok(())
        })?;
        self.batch_execute("COMMIT")
    }

    pub(crate) fn due_pages(&self, now: &str) -> Result<Vec<FetchRecord>> {
        let rows = self.query(
            "SELECT url, source, kind, state, fetched_at, succeeded_at, status, etag, last_modified, hash,
                    error, failed_at, failures, next_try, kept
             FROM watch_fetches WHERE kind = 'page'
               AND (state = 'pending' OR (state = 'failed' AND next_try IS NOT NULL AND next_try <= $1))
             ORDER BY state = 'failed', url",
            &[&now],
        )?;
        Ok(rows.iter().map(row_record).collect())
    }
}
