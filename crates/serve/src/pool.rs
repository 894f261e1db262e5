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
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// Read-only connections to one store.
#[derive(Clone)]
pub struct Pool {
    inner: Arc<Inner>,
}

struct Inner {
    idle: Mutex<Vec<Store>>,
    permits: Arc<Semaphore>,
    /// Turns of costly queries ([`Pool::run_costly`]): one connection fewer
    /// than the pool has, so one is always left for the others.
    costly: Arc<Semaphore>,
}

impl Pool {
    /// Opens `size` read-only connections to the store at `path` (at least one).
    pub fn open(path: &Path, size: usize) -> Result<Pool, StoreError> {
        let size = size.max(1);
        let stores = (0..size).map(|_| Store::open_read_only(path)).collect::<Result<Vec<_>, _>>()?;
        let (permits, costly) = (Arc::new(Semaphore::new(size)), Arc::new(Semaphore::new((size - 1).max(1))));
        Ok(Pool { inner: Arc::new(Inner { idle: Mutex::new(stores), permits, costly }) })
    }

    /// [`Pool::run`] for a query whose cost grows with the store (a
    /// full-text search): at most one fewer of them than there are
    /// connections run at once, so however many clients send them, cheap
    /// queries always have a connection.
    pub async fn run_costly<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let turn =
            self.inner.costly.clone().acquire_owned().await.map_err(|_| ApiError::internal("the pool is closed"))?;
        self.run_holding(Some(turn), f).await
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
        self.run_holding(None, f).await
    }

    /// [`Pool::run_costly`] when `costly`, else [`Pool::run`].
    pub async fn run_as<T, F>(&self, costly: bool, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        if costly { self.run_costly(f).await } else { self.run(f).await }
    }

    /// [`Pool::run`], holding `turn` (of costly queries) as long as the connection.
    async fn run_holding<T, F>(&self, turn: Option<OwnedSemaphorePermit>, f: F) -> Result<T, ApiError>
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
            // The turns are held until the connection is back (dropped after `guard`).
            let _permits = (permit, turn);
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

    /// A store of 200,000 articles, so that each statistics query runs a while.
    fn big_store(dir: &Path) -> std::path::PathBuf {
        let db = dir.join("a.db");
        drop(Store::open(&db).unwrap());
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
        db
    }

    fn endless(s: &Store) -> Result<(), ApiError> {
        loop {
            s.stats().map_err(|e| ApiError::internal(e.to_string()))?;
        }
    }

    fn articles(s: &Store) -> Result<i64, ApiError> {
        s.stats().map(|st| st.articles).map_err(|e| ApiError::internal(e.to_string()))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_query_given_up_is_stopped_and_its_connection_serves_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let db = big_store(dir.path());
        let pool = Pool::open(&db, 1).unwrap();
        // A query that would never end: statements one after another until one fails.
        assert!(tokio::time::timeout(Duration::from_millis(300), pool.run(endless)).await.is_err(), "it ended");
        // The one connection comes back and answers. (The long limit only
        // keeps a broken pool from hanging the test.)
        let next = tokio::time::timeout(Duration::from_secs(120), pool.run(articles)).await;
        assert_eq!(next.expect("the connection never came back").unwrap(), 200_000);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn costly_queries_never_take_the_last_connection() {
        let dir = tempfile::tempdir().unwrap();
        let pool = Pool::open(&big_store(dir.path()), 2).unwrap();
        // Three costly queries that would never end: one runs, two wait their turn.
        let costly: Vec<_> = (0..3)
            .map(|_| {
                tokio::spawn({
                    let pool = pool.clone();
                    async move { pool.run_costly(endless).await }
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(100)).await;
        // A cheap query still has a connection. (The long limit only keeps a
        // broken pool from hanging the test.)
        let cheap = tokio::time::timeout(Duration::from_secs(120), pool.run(articles)).await;
        assert_eq!(cheap.expect("the cheap query found no connection").unwrap(), 200_000);
        for task in costly {
            task.abort();
        }
    }
}
