//! What the end-to-end tests of the CLI share: running the real binary.
//! (Each file in `tests/` is its own crate, so not every helper is used by each.)
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The `attache` binary cargo built for these tests.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_attache"))
}

/// `attache --db DB ARGS...` with no stdin.
pub fn attache(db: &Path, args: &[&str]) -> Output {
    bin().arg("--db").arg(db).args(args).stdin(Stdio::null()).output().unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// A server process, killed when dropped.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `attache serve --db DB` on a free port: the server (killed when dropped) and its address.
pub fn serve(db: &str) -> (Running, String) {
    use std::io::{BufRead, BufReader};
    let mut child = bin()
        .args(["--db", db, "serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Running(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).unwrap_or_else(|| panic!("{line:?}"));
    (server, addr.to_string())
}

/// A GET over a fresh HTTP/1.0 connection (the body ends with the connection): status and body.
pub fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// A new, empty PostgreSQL database for one test, as a `--db` URL, on the
/// throwaway cluster `scripts/pg run` started (`ATTACHE_TEST_PG`). `None`,
/// with a message, when there is none; with `CI` set, a missing cluster fails.
pub fn pg_database(name: &str) -> Option<String> {
    let Ok(admin) = std::env::var("ATTACHE_TEST_PG") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but ATTACHE_TEST_PG is not: run the tests through `scripts/pg run` (scripts/test does)"
        );
        eprintln!("skipping: no PostgreSQL (ATTACHE_TEST_PG unset; `bash scripts/pg run cargo test` sets it)");
        return None;
    };
    let db = format!("attache_{}_{name}", std::process::id());
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    // One statement each: DROP DATABASE refuses to run in a transaction.
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {db}")).unwrap();
    client.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let (server, _) = admin.rsplit_once('/').unwrap();
    Some(format!("{server}/{db}"))
}

/// `attache --db URL ARGS...` with no stdin (a PostgreSQL store).
pub fn attache_at(url: &str, args: &[&str]) -> Output {
    bin().arg("--db").arg(url).args(args).stdin(Stdio::null()).output().unwrap()
}

/// One number a query on the database at `url` answers.
pub fn pg_count(url: &str, sql: &str) -> i64 {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client.query_one(sql, &[]).unwrap().get(0)
}

/// `../shared` beside the repo. Missing is a skip on a developer machine and a failure in CI.
pub fn shared() -> Option<PathBuf> {
    let p = repo().join("../shared");
    if p.join("seeds").is_dir() {
        return Some(p);
    }
    assert!(std::env::var_os("CI").is_none(), "CI is set but {} is missing: the seed tests cannot run", p.display());
    eprintln!("skipping: {} not found", p.display());
    None
}
