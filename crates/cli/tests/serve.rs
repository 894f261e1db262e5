//! `attache serve` end to end: the real binary on a store the CLI wrote,
//! its address read from the line it prints, plain HTTP over loopback.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

mod common;
use common::{Running, get, repo};

#[test]
fn serve_answers_on_the_address_it_prints_and_never_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("served.db");
    let ingest = Command::new(env!("CARGO_BIN_EXE_attache"))
        .env("ATTACHE_DB", &db)
        .args(["ingest", repo().join("examples/news").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(ingest.status.success(), "{}", String::from_utf8_lossy(&ingest.stderr));
    let before = std::fs::read(&db).unwrap();

    // The database comes from ATTACHE_DB, as for every other subcommand.
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .env("ATTACHE_DB", &db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Running(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");

    let (status, body) = get(&addr, "/api/v1/stats");
    assert_eq!(status, 200, "{body}");
    let stats: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(stats["articles"].as_i64().unwrap() > 10, "{stats}");
    let (status, body) = get(&addr, "/api/v1/events?limit=2");
    assert_eq!(status, 200, "{body}");
    let (status, body) = get(&addr, "/api/v1/events?since=never");
    assert_eq!(status, 400, "{body}");
    let (status, _) = get(&addr, "/");
    assert_eq!(status, 200);
    drop(server);
    assert!(std::fs::read(&db).unwrap() == before, "serving changed the database file");
}

#[test]
fn serve_refuses_a_database_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.db");
    let out = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["--db", db.to_str().unwrap(), "serve", "--addr", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing.db"), "{stderr}");
    assert!(!db.exists(), "serve created the database it was to read");
}
