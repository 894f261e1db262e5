//! The HTTP API's parameters: a request to one of its routes, with path
//! segments and a query string from the input, answered by the real router
//! (`attache_serve::app_ready`: axum's extractors, our parameter checks,
//! cursors, the full-text query builder, the SQL behind them) over a store
//! of `examples/news`. Any status is fine but a 5xx: a 500 is a failure
//! the server did not expect.
#![no_main]

use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

/// Routes, `{}` standing for a path segment from the input.
const ROUTES: &[&str] = &[
    "articles",
    "articles/{}",
    "events",
    "events/{}",
    "actors",
    "actors/{}",
    "relations/{}/{}",
    "network",
    "commitments",
    "facts",
    "occurrences",
    "occurrences/{}",
    "stats",
    "vocabulary",
    "openapi.json",
];

struct Server {
    runtime: tokio::runtime::Runtime,
    app: Router,
    _dir: tempfile::TempDir,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = dir.path().join("fuzz.db");
        let news = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/news");
        let mut store = attache_store::Store::open(&db).expect("a store");
        let config = attache_pipeline::IngestConfig { jobs: 1, ..Default::default() };
        attache_pipeline::ingest(&[news], &mut store, &config, &mut |_| {}).expect("examples/news ingested");
        drop(store);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let pool = attache_serve::Pool::open(&db, 2).expect("a pool");
        let app = runtime.block_on(attache_serve::app_ready(pool)).expect("the app");
        Server { runtime, app, _dir: dir }
    })
}

/// Bytes as a URI part: what a URI may hold as is stays (so `&`, `=` and
/// `%` escapes, valid or not, reach the server), the rest percent-encoded.
fn uri_part(bytes: &[u8], keep: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() || keep.contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let route = ROUTES[pick as usize % ROUTES.len()];
    // The first line gives the path segments (split at '/'), the rest the query.
    let (segments, query) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (&b""[..], rest),
    };
    let mut parts = segments.split(|&b| b == b'/');
    let mut path = String::new();
    for (i, piece) in route.split("{}").enumerate() {
        if i > 0 {
            path.push_str(&uri_part(parts.next().unwrap_or(b"x"), b"-._~:"));
        }
        path.push_str(piece);
    }
    let uri = format!("/api/v1/{path}?{}", uri_part(query, b"-._~&=%+*:,;'!$()@"));
    let Ok(request) = Request::builder().uri(&uri).header("host", "localhost").body(Body::empty()) else { return };
    let s = server();
    let response = s.runtime.block_on(s.app.clone().oneshot(request)).expect("the router answers");
    assert!(!response.status().is_server_error(), "{uri}: {}", response.status());
});
