//! End-to-end tests of issue 15: bad input, hostile input and unlucky
//! operators meet the real `attache` binary, never a panic or a lost record.

use std::path::Path;
use std::process::{Output, Stdio};

use serde_json::Value;

mod common;
use common::{attache, bin, stderr};

fn jsonl(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// A publication time with a multi-byte character where the minutes end.
const BAD_TIME: &str = "2026-04-15T12:3é";

#[test]
fn a_bad_publication_time_in_any_container_keeps_the_day_and_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(
        inputs.join("x.jsonl"),
        format!(
            "{{\"id\":\"a\",\"published\":\"{BAD_TIME}\",\"text\":\"Ministers of Norland and Vesteria met in Astana. They discussed trade.\"}}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        inputs.join("note.md"),
        format!(
            "---\ntitle: Envoys talk in Lima\npublished_time: \"{BAD_TIME}\"\nsource_url: https://example.org/lima\n---\n\nThe envoys of Peru and Chile met in Lima on Monday to talk about fishing rights.\n"
        ),
    )
    .unwrap();
    std::fs::write(
        inputs.join("page.html"),
        format!(
            "<html lang=\"en\"><head><title>Talks in Hanoi</title>\
             <meta property=\"article:published_time\" content=\"{BAD_TIME}\"></head>\
             <body><article><h1>Talks in Hanoi</h1>\
             <p>The foreign ministers of Viet Nam and Canada met in Hanoi on Tuesday and agreed to widen their trade ties.</p>\
             <p>They also spoke about a new air link between the two capitals, which both sides hope to open next year.</p>\
             </article></body></html>"
        ),
    )
    .unwrap();
    for name in ["x.jsonl", "note.md", "page.html"] {
        let db = dir.path().join(format!("{name}.db"));
        let out = attache(&db, &["ingest", inputs.join(name).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{name}: {}", stderr(&out));
        let articles = jsonl(&attache(&db, &["articles", "--format", "jsonl"]));
        assert_eq!(articles.len(), 1, "{name}: {articles:?}");
        assert_eq!(articles[0]["published"], "2026-04-15", "{name}");
    }
}

fn fixture(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path)
}

fn stats(db: &Path) -> Value {
    let out = attache(db, &["stats", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn an_ingest_waits_for_another_writer_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(attache(&db, &["ingest", fixture("promises/01_promise.txt").to_str().unwrap()]).status.success());
    // Another writer holds the write lock for a while, then commits a change.
    let mut other = rusqlite::Connection::open(&db).unwrap();
    let tx = other.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
    tx.execute("INSERT INTO meta (key, value) VALUES ('another-writer', 'was here')", []).unwrap();
    let ingest = bin()
        .arg("--db")
        .arg(&db)
        .args(["ingest", fixture("one_meeting").to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    tx.commit().unwrap();
    let out = ingest.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stats(&db)["documents"], 5);
}

#[test]
fn reading_a_database_that_does_not_exist_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no-such.db");
    for args in [
        &["stats"][..],
        &["stats", "--format", "json"],
        &["articles"],
        &["events"],
        &["actors"],
        &["commitments"],
        &["occurrences"],
        &["export"],
        &["brief"],
        &["show", "1"],
        &["reextract"],
        &["resolve"],
    ] {
        let out = attache(&db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains("no database at") && stderr(&out).contains("no-such.db"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!db.exists(), "{args:?} created {}", db.display());
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    // Enough articles that the output is far larger than a pipe's buffer.
    let crawl: String = (0..400)
        .map(|i| {
            format!(
                "{{\"id\":\"r{i}\",\"title\":\"Round {i} of talks\",\"text\":\"The delegations of Norland and Vesteria held round {i} of their talks in the capital. {}\"}}\n",
                "They spoke about ports, rail links, fishing quotas and the border crossings that trucks use every day. ".repeat(8)
            )
        })
        .collect();
    let input = dir.path().join("rounds.jsonl");
    std::fs::write(&input, crawl).unwrap();
    assert!(attache(&db, &["ingest", "--no-extract", input.to_str().unwrap()]).status.success());
    for format in ["table", "jsonl", "csv"] {
        let mut child = bin()
            .arg("--db")
            .arg(&db)
            .args(["articles", "--format", format])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 64];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{format}");
    }
}

#[test]
fn stats_count_the_record_and_how_far_resolution_came() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(attache(&db, &["ingest", fixture("promises").to_str().unwrap()]).status.success());
    let s = stats(&db);
    assert_eq!(s["commitments"], 2, "{s}");
    assert_eq!(s["commitments_by_status"]["fulfilled"], 1, "{s}");
    assert!(s["actors"].as_i64().unwrap() >= 4, "{s}");
    assert!(s["occurrences"].as_i64().unwrap() >= 1, "{s}");
    assert!(s["events"].as_i64().unwrap() >= 3, "{s}");
    assert_eq!(s["resolution"]["articles_resolved"], s["articles"], "{s}");
    assert_eq!(s["resolution"]["articles_pending"], 0, "{s}");
    let text = String::from_utf8(attache(&db, &["stats"]).stdout).unwrap();
    for line in ["actors", "occurrences", "commitments 2", "resolution"] {
        assert!(text.lines().any(|l| l.starts_with(line)), "{line}: {text}");
    }
}

#[test]
fn the_same_text_with_encoding_noise_is_one_document_and_its_commitments_count_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("promises/01_promise.txt")).unwrap();
    let one = dir.path().join("one");
    std::fs::create_dir(&one).unwrap();
    std::fs::write(one.join("promise.txt"), &text).unwrap();
    let noisy = dir.path().join("noisy");
    std::fs::create_dir(&noisy).unwrap();
    std::fs::write(noisy.join("a.txt"), &text).unwrap();
    std::fs::write(noisy.join("b_bom.txt"), format!("\u{feff}{text}")).unwrap();
    std::fs::write(noisy.join("c_crlf.txt"), text.replace('\n', "\r\n")).unwrap();
    std::fs::write(noisy.join("d_newline.txt"), format!("{text}\n")).unwrap();
    std::fs::write(noisy.join("e_spaces.txt"), format!("{}  \n\n\n", text.trim_end())).unwrap();
    let (db_one, db_noisy) = (dir.path().join("one.db"), dir.path().join("noisy.db"));
    assert!(attache(&db_one, &["ingest", one.to_str().unwrap()]).status.success());
    let out = attache(&db_noisy, &["ingest", noisy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("ingested 1 new document(s) (4 unchanged)"), "{}", stderr(&out));
    let (a, b) = (stats(&db_one), stats(&db_noisy));
    assert!(a["commitments"].as_i64().unwrap() >= 1, "{a}");
    for key in ["documents", "articles", "events", "actors", "occurrences", "commitments"] {
        assert_eq!(a[key], b[key], "{key}: {a} {b}");
    }
}
