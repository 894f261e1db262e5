//! The connection loop: accepts TCP connections and serves HTTP/1.1 on
//! each, within limits an attacker cannot talk around.
//!
//! - At most [`Limits::max_connections`] connections are open. When they
//!   are all taken, every connection is asked to close when idle: one that
//!   has sent nothing within 250 ms of its start, or waits between requests, closes; one
//!   mid-request answers it first; so a crowd of idle connections never
//!   keeps a new client out. (One stalled inside a request's head holds its
//!   slot until the header timeout.)
//! - A client has [`Limits::header_timeout`] to send the head of a request:
//!   a partial request, and a kept-alive connection with no next request,
//!   are closed after it.
//! - Accepting fails (out of file descriptors): connections are asked to
//!   close when idle, and accepting resumes a moment later.
//!
//! HTTP/1.1 only: browsers and the API's clients speak it over plain HTTP,
//! and it has a header timeout where detecting HTTP/2 would have none.

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

/// What a connection may hold and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections open at once (`attache serve --max-clients`).
    pub max_connections: usize,
    /// Time to send the head of a request, from the connection's start or
    /// the end of the previous response.
    pub header_timeout: Duration,
}

/// Open connections at most, by default.
pub const MAX_CONNECTIONS: usize = 1024;
/// Time to send a request's head (and to keep an idle connection), by default.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a shutdown waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(30);

impl Default for Limits {
    fn default() -> Self {
        Limits { max_connections: MAX_CONNECTIONS, header_timeout: HEADER_TIMEOUT }
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` resolves,
/// then lets the requests in flight finish (up to 30 s).
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max));
    // Bumped when room is wanted: every connection open then is asked to
    // close when idle (a connection subscribes when it is accepted, so it
    // sees every bump after that, polled yet or not).
    let (make_room, _) = watch::channel(0u64);
    let (stop, stopping) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let permit = match slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                make_room.send_modify(|n| *n += 1);
                tokio::select! {
                    permit = slots.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
                    () = &mut shutdown => break,
                }
            }
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of descriptors, or a connection reset before it was
                    // accepted: make room and try again shortly.
                    make_room.send_modify(|n| *n += 1);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(stream, app.clone(), limits, permit, make_room.subscribe(), stopping.clone()));
    }
    let _ = stop.send(true);
    // Every connection holds a slot until it ends: all slots back, all done.
    let _ = tokio::time::timeout(DRAIN, slots.acquire_many(max as u32)).await;
    Ok(())
}

/// Serves one connection, holding `_slot` while it is open; closes it when
/// idle once room is wanted or the server stops.
async fn connection(
    stream: TcpStream,
    app: Router,
    limits: Limits,
    _slot: OwnedSemaphorePermit,
    mut make_room: watch::Receiver<u64>,
    mut stopping: watch::Receiver<bool>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let accepted = tokio::time::Instant::now();
    let mut conn = pin!(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app)));
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = make_room.changed() => {}
        _ = stopping.wait_for(|stop| *stop) => {}
    }
    // A connection just accepted gets a moment to send its first request
    // (its bytes may be waiting unread): only then does idle mean silent.
    tokio::select! {
        _ = conn.as_mut() => return,
        () = tokio::time::sleep_until(accepted + FIRST_REQUEST_GRACE) => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}

/// How long a new connection keeps its slot, when room is wanted, to send its first request.
const FIRST_REQUEST_GRACE: Duration = Duration::from_millis(250);
