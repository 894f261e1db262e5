//! A few read-only connections shared by the request handlers.
//!
//! A SQLite connection may move between threads but not be shared by them,
//! so each query takes a whole connection for the time it runs, on tokio's
//! blocking pool (queries must not stall the threads that serve sockets).
//! The semaphore admits as many queries as there are connections; the rest
//! wait their turn without holding a thread.

use std::path::Path;
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
    permits: Semaphore,
}

impl Pool {
    /// Opens `size` read-only connections to the store at `path` (at least one).
    pub fn open(path: &Path, size: usize) -> Result<Pool, StoreError> {
        let size = size.max(1);
        let stores = (0..size).map(|_| Store::open_read_only(path)).collect::<Result<Vec<_>, _>>()?;
        Ok(Pool { inner: Arc::new(Inner { idle: Mutex::new(stores), permits: Semaphore::new(size) }) })
    }

    /// Runs `f` with a connection of its own on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.inner.permits.acquire().await.map_err(|_| ApiError::internal("the pool is closed"))?;
        let inner = self.inner.clone();
        let result = tokio::task::spawn_blocking(move || {
            let store = inner.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let Some(store) = store else { return Err(ApiError::internal("no idle connection")) };
            // Given back even when `f` panics, so the pool never shrinks.
            let guard = Checkout { inner: &inner, store: Some(store) };
            f(guard.store.as_ref().expect("checked out"))
        })
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?;
        drop(permit);
        result
    }
}

/// A connection taken from the pool; dropping it gives it back.
struct Checkout<'a> {
    inner: &'a Inner,
    store: Option<Store>,
}

impl Drop for Checkout<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            self.inner.idle.lock().unwrap_or_else(|e| e.into_inner()).push(store);
        }
    }
}
