//! Connections as an attacker holds them (issue 15 item 5): a real server
//! on loopback, raw TCP clients. Idle connections never keep a new client
//! out, and a partial request or an idle kept-alive connection is closed
//! after the header timeout.
//!
//! Reads on the clients' sockets have a generous timeout only so that a
//! broken server fails the test instead of hanging it; no assertion is
//! about time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use attache_serve::Limits;

/// Starts a server over an empty store with `limits`; returns its address.
fn start(dir: &Path, limits: Limits) -> String {
    let db = dir.join("empty.db");
    drop(attache_store::Store::open(&db).unwrap());
    let pool = attache_serve::Pool::open(&db, 2).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            attache_serve::serve_with(listener, attache_serve::app(pool), limits, std::future::pending())
                .await
                .unwrap();
        });
    });
    rx.recv().unwrap().to_string()
}

fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    stream
}

/// Sends one GET and reads the status line of its answer (the connection
/// is closed by the server after it).
fn status_of_get(addr: &str, path: &str) -> u16 {
    let mut s = connect(addr);
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let head = String::from_utf8_lossy(&raw);
    head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("no status: {head}"))
}

/// Reads until the server closes the connection; returns what came.
fn until_closed(s: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    match s.read_to_end(&mut raw) {
        Ok(_) => raw,
        // A reset is a close too (the server dropped unread bytes).
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => raw,
        Err(e) => panic!("the server kept the connection open: {e}"),
    }
}

#[test]
fn a_crowd_of_idle_connections_never_keeps_a_new_client_out() {
    let dir = tempfile::tempdir().unwrap();
    // The header timeout is far beyond the test's patience: only making
    // room can let the new client in.
    let addr = start(dir.path(), Limits { max_connections: 8, header_timeout: Duration::from_secs(3600) });
    assert_eq!(status_of_get(&addr, "/api/v1/vocabulary"), 200);
    let mut crowd: Vec<TcpStream> = (0..40).map(|_| connect(&addr)).collect();
    for round in 0..3 {
        assert_eq!(status_of_get(&addr, "/api/v1/vocabulary"), 200, "round {round}");
    }
    // Those the server took and closed to make room read the end.
    let closed = crowd.iter_mut().take(8).map(until_closed).filter(Vec::is_empty).count();
    assert!(closed > 0, "no idle connection was closed to make room");
}

#[test]
fn a_partial_request_and_an_idle_kept_alive_connection_are_closed_after_the_header_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let addr = start(dir.path(), Limits { max_connections: 64, header_timeout: Duration::from_millis(500) });
    // Half a request head, then nothing.
    let mut partial = connect(&addr);
    partial.write_all(b"GET /api/v1/vocabulary HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").unwrap();
    let got = until_closed(&mut partial);
    assert!(!got.starts_with(b"HTTP/1.1 200"), "a partial request was answered");
    // Nothing at all.
    let mut silent = connect(&addr);
    until_closed(&mut silent);
    // A complete request on a kept-alive connection is answered; the
    // connection is closed when no next request comes.
    let mut kept = connect(&addr);
    write!(kept, "GET /api/v1/vocabulary HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let answer = String::from_utf8_lossy(&until_closed(&mut kept)).into_owned();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // The server still serves.
    assert_eq!(status_of_get(&addr, "/api/v1/vocabulary"), 200);
}
