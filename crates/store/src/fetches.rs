//! The fetch log of `attache watch`: the sources followed and, per URL,
//! what was fetched, when, the answer, validators, content hash, and what
//! is left to fetch (schema 11). Read by `attache sources` and
//! `/api/v1/sources`.
//!
//! On PostgreSQL the same records are kept by `pg::fetches`.
//!
//! Input and output: `attache_model::fetches` records. Which URL is due,
//! how long to back off and what a source is made of is the watcher's
//! business; this module only keeps and counts.

use attache_model::fetches::{FetchKind, FetchRecord, FetchState, SourceStatus};
use rusqlite::{OptionalExtension, params};

use crate::{Backend, Result, Store};

const COLUMNS: &str = "url, source, kind, state, fetched_at, succeeded_at, status, etag, last_modified, hash, \
                       error, failed_at, failures, next_try, kept";

fn row_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<FetchRecord> {
    let kind: String = r.get(2)?;
    let state: String = r.get(3)?;
    Ok(FetchRecord {
        url: r.get(0)?,
        source: r.get(1)?,
        kind: FetchKind::parse(&kind).unwrap_or(FetchKind::Page),
        state: FetchState::parse(&state).unwrap_or(FetchState::Failed),
        fetched_at: r.get(4)?,
        succeeded_at: r.get(5)?,
        status: r.get::<_, Option<i64>>(6)?.map(|s| s as u16),
        etag: r.get(7)?,
        last_modified: r.get(8)?,
        hash: r.get(9)?,
        error: r.get(10)?,
        failed_at: r.get(11)?,
        failures: r.get::<_, i64>(12)? as u32,
        next_try: r.get(13)?,
        kept: r.get(14)?,
    })
}

impl Store {
    /// Records the sources being followed (name, URL, kind), replacing what
    /// was recorded under the same names, with the time of this poll.
    pub fn put_watch_sources(&mut self, sources: &[(String, String, FetchKind)], polled_at: &str) -> Result<()> {
        if let Backend::Postgres(pg) = &self.backend {
            return pg.put_watch_sources(sources, polled_at);
        }
        let tx = self.conn_mut()?.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        {
            let mut put = tx.prepare_cached(
                "INSERT INTO watch_sources (name, url, kind, polled_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET url = ?2, kind = ?3, polled_at = ?4",
            )?;
            for (name, url, kind) in sources {
                put.execute(params![name, url, kind.as_str(), polled_at])?;
            }
        }
        Ok(tx.commit()?)
    }

    /// The fetch log's record of `url`.
    pub fn fetch_record(&self, url: &str) -> Result<Option<FetchRecord>> {
        if let Backend::Postgres(pg) = &self.backend {
            return pg.fetch_record(url);
        }
        let sql = format!("SELECT {COLUMNS} FROM watch_fetches WHERE url = ?1");
        Ok(self.conn()?.prepare_cached(&sql)?.query_row([url], row_record).optional()?)
    }

    /// Writes records in one transaction, each replacing the record of its URL.
    pub fn put_fetch_records(&mut self, records: &[FetchRecord]) -> Result<()> {
        if let Backend::Postgres(pg) = &self.backend {
            return pg.put_fetch_records(records);
        }
        let tx = self.conn_mut()?.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        {
            let mut put = tx.prepare_cached(&format!(
                "INSERT OR REPLACE INTO watch_fetches ({COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
            ))?;
            for r in records {
                put.execute(params![
                    r.url,
                    r.source,
                    r.kind.as_str(),
                    r.state.as_str(),
                    r.fetched_at,
                    r.succeeded_at,
                    r.status.map(i64::from),
                    r.etag,
                    r.last_modified,
                    r.hash,
                    r.error,
                    r.failed_at,
                    i64::from(r.failures),
                    r.next_try,
                    r.kept,
                ])?;
            }
        }
        Ok(tx.commit()?)
    }

    /// Article pages due at `now` (an RFC 3339 UTC timestamp of the form the
    /// records use): pending ones, then failed ones whose `next_try` passed,
    /// each group by URL.
    pub fn due_pages(&self, now: &str) -> Result<Vec<FetchRecord>> {
        if let Backend::Postgres(pg) = &self.backend {
            return pg.due_pages(now);
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM watch_fetches WHERE kind = 'page'
               AND (state = 'pending' OR (state = 'failed' AND next_try IS NOT NULL AND next_try <= ?1))
             ORDER BY state = 'failed', url"
        );
        let mut stmt = self.conn()?.prepare_cached(&sql)?;
        let rows = stmt.query_map([now], row_record)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every source followed, by name: its listing's last poll and success,
    /// its newest unresolved error and the articles stored from it.
    pub fn source_statuses(&self) -> Result<Vec<SourceStatus>> {
        type Row = (String, String, String, Option<String>, Option<String>, i64, i64, i64, i64);
        let rows: Vec<Row> = self.select(
            "SELECT s.name, s.url, s.kind, l.fetched_at, l.succeeded_at,
                    (SELECT count(DISTINCT a.id) FROM watch_fetches f
                       JOIN documents d ON d.hash = f.hash AND d.current = 1
                       JOIN articles a ON a.document_id = d.id
                      WHERE f.source = s.name AND f.kind = 'page'),
                    (SELECT count(*) FROM watch_fetches f WHERE f.source = s.name AND f.kind = 'page' AND f.state = 'done'),
                    (SELECT count(*) FROM watch_fetches f WHERE f.source = s.name AND f.kind = 'page' AND f.state = 'pending'),
                    (SELECT count(*) FROM watch_fetches f WHERE f.source = s.name AND f.kind = 'page' AND f.state = 'failed')
             FROM watch_sources s LEFT JOIN watch_fetches l ON l.url = s.url
             ORDER BY s.name",
            Vec::new(),
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for (name, url, kind, last_poll, last_success, articles, done, pending, failed) in rows {
            // The newest error first (an error without a time last; ties by URL).
            let newest: Vec<(String, Option<String>, String)> = self.select(
                "SELECT error, failed_at, url FROM watch_fetches
                  WHERE source = ?1 AND state = 'failed' AND error IS NOT NULL
                  ORDER BY failed_at IS NULL, failed_at DESC, url LIMIT 1",
                vec![name.clone().into()],
            )?;
            let (last_error, last_error_at, last_error_url) = match newest.into_iter().next() {
                Some((error, at, url)) => (Some(error), at, Some(url)),
                None => (None, None, None),
            };
            out.push(SourceStatus {
                name,
                url,
                kind,
                last_poll,
                last_success,
                last_error,
                last_error_at,
                last_error_url,
                articles: articles as u64,
                pages_done: done as u64,
                pages_pending: pending as u64,
                pages_failed: failed as u64,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_pages_fall_due() {
        let mut store = Store::in_memory().unwrap();
        store
            .put_watch_sources(
                &[("Wire".into(), "http://a.test/feed".into(), FetchKind::Feed)],
                "2026-01-01T00:00:00.000Z",
            )
            .unwrap();
        let mut feed = FetchRecord::pending("http://a.test/feed", "Wire", FetchKind::Feed);
        feed.state = FetchState::Done;
        feed.etag = Some("\"v1\"".into());
        feed.fetched_at = Some("2026-01-01T00:00:00.000Z".into());
        feed.succeeded_at = feed.fetched_at.clone();
        let page = FetchRecord::pending("http://a.test/1", "Wire", FetchKind::Page);
        let mut failed = FetchRecord::pending("http://a.test/2", "Wire", FetchKind::Page);
        failed.state = FetchState::Failed;
        failed.error = Some("HTTP 503".into());
        failed.failed_at = Some("2026-01-01T00:00:01.000Z".into());
        failed.next_try = Some("2026-01-01T01:00:00.000Z".into());
        store.put_fetch_records(&[feed.clone(), page.clone(), failed.clone()]).unwrap();
        assert_eq!(store.fetch_record("http://a.test/feed").unwrap(), Some(feed));
        let due: Vec<String> =
            store.due_pages("2026-01-01T00:30:00.000Z").unwrap().into_iter().map(|r| r.url).collect();
        assert_eq!(due, ["http://a.test/1"]);
        let due = store.due_pages("2026-01-01T02:00:00.000Z").unwrap();
        assert_eq!(due.len(), 2);
        let status = &store.source_statuses().unwrap()[0];
        assert_eq!((status.pages_pending, status.pages_failed, status.articles), (1, 1, 0));
        assert_eq!(status.last_error.as_deref(), Some("HTTP 503"));
        assert_eq!(status.last_error_url.as_deref(), Some("http://a.test/2"));
        assert_eq!(status.last_success.as_deref(), Some("2026-01-01T00:00:00.000Z"));
    }
}
