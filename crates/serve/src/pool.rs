//! A few read-only connections shared by the request handlers.
//!
//! A SQLite connection may move between threads but not be shared by them,
//! so each query takes a whole connection for the time it runs, on tokio's
//! blocking pool (queries must not stall the threads that serve sockets).
//! The semaphore admits as many queries as there are connections; the rest
//! wait their turn without holding a thread.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use attache_store::{Store, StoreError};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// Read-only connections to one store.
#[derive(Clone)]
pub struct Pool {
    inner: Arc<Inner>,
}

struct Inner {
    idle: Mutex<Vec<Store>>,
    permits: Arc<Semaphore>,
}

impl Pool {
    /// Opens `size` read-only connections to the store at `path` (at least one).
    pub fn open(path: &Path, size: usize) -> Result<Pool, StoreError> {
        let size = size.max(1);
        let stores = (0..size).map(|_| Store::open_read_only(path)).collect::<Result<Vec<_>, _>>()?;
        Ok(Pool { inner: Arc::new(Inner { idle: Mutex::new(stores), permits: Arc::new(Semaphore::new(size)) }) })
    }

    /// Runs `f` with a connection of its own on the blocking pool. When the
    /// caller stops waiting (the request timed out, the client left), the
    /// query is stopped: its statements fail as interrupted, and the
    /// connection and its turn come back as soon as `f` returns.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit =
            self.inner.permits.clone().acquire_owned().await.map_err(|_| ApiError::internal("the pool is closed"))?;
        let inner = self.inner.clone();
        let cancelled = Arc::new(AtomicBool::new(false));
        let _cancel = CancelOnDrop(cancelled.clone());
        tokio::task::spawn_blocking(move || {
            // The turn is held until the connection is back (dropped after `guard`).
            let _permit = permit;
            let store = inner.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let Some(mut store) = store else { return Err(ApiError::internal("no idle connection")) };
            store.cancel_when(Some(cancelled)).map_err(|e| ApiError::internal(e.to_string()))?;
            // Given back even when `f` panics, so the pool never shrinks.
            let guard = Checkout { inner: &inner, store: Some(store) };
            f(guard.store.as_ref().expect("checked out"))
        })
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?
    }
}

/// Set when the future waiting for a query is dropped before it ends.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// A connection taken from the pool; dropping it gives it back.
struct Checkout<'a> {
    inner: &'a Inner,
    store: Option<Store>,
}

impl Drop for Checkout<'_> {
    fn drop(&mut self) {
        if let Some(mut store) = self.store.take() {
            // Lifting the cancel cannot fail on a connection with no statement running.
            let _ = store.cancel_when(None);
            self.inner.idle.lock().unwrap_or_else(|e| e.into_inner()).push(store);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_query_given_up_is_stopped_and_its_connection_serves_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        drop(Store::open(&db).unwrap());
        // Enough articles that each statistics query runs a while.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (origin, name, version, hash, format, encoding, bytes, ingested_at)
             VALUES ('a', 'a', 1, 'h', 'text', 'UTF-8', 1, '2026-01-01');
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
             INSERT INTO articles (document_id, position, title, published, text)
             SELECT 1, i, 'Round ' || i, '2026-01-01', 'Talks.' FROM n;",
        )
        .unwrap();
        drop(conn);
        let pool = Pool::open(&db, 1).unwrap();
        // A query that would never end: statements one after another until one fails.
        let endless = pool.run::<(), _>(|s| {
            loop {
                s.stats().map_err(|e| ApiError::internal(e.to_string()))?;
            }
        });
        assert!(tokio::time::timeout(Duration::from_millis(300), endless).await.is_err(), "it ended");
        // The one connection comes back and answers. (The long limit only
        // keeps a broken pool from hanging the test.)
        let next = pool.run(|s| s.stats().map_err(|e| ApiError::internal(e.to_string())));
        let stats = tokio::time::timeout(Duration::from_secs(120), next).await.expect("the connection never came back");
        assert_eq!(stats.unwrap().articles, 200_000);
    }
}
