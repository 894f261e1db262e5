//! End-to-end tests of the input limit (issue 15 item 5): `--max-bytes`
//! holds for every kind of input, regular files, devices, pipes and stdin,
//! and one that passes it is skipped by name while the others are read.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod common;
use common::{bin, stderr};

fn stats(db: &Path) -> Value {
    let out = bin().arg("--db").arg(db).args(["stats", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs `attache ingest ARGS` with `input` written to its stdin (from
/// another thread, so a reader that stops early does not block the test).
fn ingest(db: &Path, args: &[&str], input: Vec<u8>) -> Output {
    let mut child = bin()
        .arg("--db")
        .arg(db)
        .arg("ingest")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A reader that refused the input closes its end: the broken pipe is expected.
    let writer = std::thread::spawn(move || drop(stdin.write_all(&input)));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn skipped_for(err: &str, origin: &str, reason: &str) -> bool {
    err.lines().any(|l| l.starts_with(&format!("skipped: {origin}: ")) && l.contains(reason))
}

const TEXT: &str =
    "Talks in Hanoi\n\nThe ministers of Viet Nam and Chile met in Hanoi on Friday to talk about rice and copper.\n";

/// A named pipe written by a thread with `bytes`; the thread ends when the
/// reader has read them or closed its end.
fn fifo(path: &Path, bytes: Vec<u8>) -> std::thread::JoinHandle<()> {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        let _ = pipe.write_all(&bytes);
    })
}

#[test]
fn devices_and_pipes_over_the_limit_are_skipped_by_name_and_the_other_inputs_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let good = dir.path().join("good.txt");
    std::fs::write(&good, TEXT).unwrap();
    // Two named pipes: one within the limit, one far over it (endless for all the reader knows).
    let (small, big) = (dir.path().join("small.pipe"), dir.path().join("big.pipe"));
    let small_writer =
        fifo(&small, "Envoys meet in Rabat\n\nThe envoys of Morocco and Chile met in Rabat on Monday.\n".into());
    let big_writer = fifo(&big, "The delegations kept talking about fishing quotas.\n".repeat(50_000).into_bytes());
    let args: Vec<&str> = vec![
        "--max-bytes",
        "100000",
        "/dev/zero",
        "/dev/urandom",
        good.to_str().unwrap(),
        small.to_str().unwrap(),
        big.to_str().unwrap(),
    ];
    let out = ingest(&db, &args, Vec::new());
    small_writer.join().unwrap();
    big_writer.join().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "skipped inputs make the exit status 1: {err}");
    for origin in ["/dev/zero", "/dev/urandom", big.to_str().unwrap()] {
        assert!(skipped_for(&err, origin, "too large: more than the limit of 100000 bytes"), "{origin}: {err}");
    }
    assert!(err.contains("ingested 2 new document(s)"), "{err}");
    assert_eq!(stats(&db)["documents"], 2);
}

#[test]
fn stdin_over_the_limit_is_skipped_and_a_json_lines_stream_is_read_record_by_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    // Plain text on stdin, over the limit.
    let out = ingest(&db, &["--max-bytes", "100000", "-"], TEXT.repeat(3000).into_bytes());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(skipped_for(&stderr(&out), "-", "too large: more than the limit of 100000 bytes"), "{}", stderr(&out));
    // Endless zeros on stdin end as soon as the limit is passed.
    let out = ingest(&db, &["--max-bytes", "100000", "-"], vec![0u8; 5 << 20]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(skipped_for(&stderr(&out), "-", "too large"), "{}", stderr(&out));

    // JSON Lines on stdin: the limit is per record, so a stream far over it
    // is read whole, and only its one record over the limit is skipped.
    let record = |i: usize, words: usize| {
        let text = format!(
            "Envoys of Norway and Chile met in Oslo for round {i} of talks. {}",
            "They spoke of ports. ".repeat(words)
        );
        serde_json::json!({"id": format!("r{i}"), "title": format!("Round {i}"), "text": text}).to_string() + "\n"
    };
    let mut crawl = String::new();
    for i in 0..60 {
        crawl.push_str(&record(i, if i == 30 { 6000 } else { 150 }));
    }
    assert!(crawl.len() > 300_000);
    let out = ingest(&db, &["--max-bytes", "100000", "-"], crawl.clone().into_bytes());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(skipped_for(&stderr(&out), "-:31", "too large"), "{}", stderr(&out));
    assert!(stderr(&out).contains("ingested 59 new document(s)"), "{}", stderr(&out));

    // The same as a file named .jsonl: the same records.
    let file = dir.path().join("crawl.jsonl");
    std::fs::write(&file, &crawl).unwrap();
    let other = dir.path().join("b.db");
    let out = ingest(&other, &["--max-bytes", "100000", file.to_str().unwrap()], Vec::new());
    assert!(skipped_for(&stderr(&out), &format!("{}:31", file.display()), "too large"), "{}", stderr(&out));
    assert!(stderr(&out).contains("ingested 59 new document(s)"), "{}", stderr(&out));
}

/// One JSON Lines record of about 5 MB (far under the default `--max-bytes`):
/// one story whose text runs for megabytes. It is stored whole, segmented in
/// parts of at most 2 MiB (`attache_segment::PART_BYTES`), and the extractor
/// reads the first 512 KiB of each (`attache_extract::MAX_TEXT_BYTES`); both are
/// reported as a warning, and the run succeeds.
#[test]
fn a_huge_record_is_stored_in_parts_and_extracted_from_the_start_of_each() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let lead = "Foreign Minister of Norway Kari Lunde met President of Chile Pedro Alvarez in Santiago on 10 May.";
    let filler = "The river was calm and the harbour was quiet that day.\n\n";
    let tail = "The ferry to Zanzibar left on time.";
    let text = format!("{lead}\n\n{}{tail}", filler.repeat(5_000_000 / filler.len()));
    let record =
        serde_json::json!({"id": "long", "title": "Talks in Santiago", "published": "2026-05-12", "text": text});
    let file = dir.path().join("crawl.jsonl");
    std::fs::write(&file, record.to_string() + "\n").unwrap();

    let out = common::attache(&db, &["ingest", file.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let warning = format!("warning: {}#long: 1 text(s) over 2097152 bytes segmented in parts", file.display());
    assert!(err.contains(&warning), "{err}");
    assert!(err.contains("the extractor read only the first 524288 bytes of 3 article(s)"), "{err}");
    let stats = stats(&db);
    assert_eq!((stats["documents"].as_i64(), stats["articles"].as_i64()), (Some(1), Some(3)), "{stats}");
    // The start is extracted; the end is stored and found by search.
    let events = common::attache(&db, &["events", "--format", "jsonl"]);
    assert!(String::from_utf8_lossy(&events.stdout).contains("Kari Lunde"), "{}", stderr(&events));
    let found = common::attache(&db, &["articles", "--query", "Zanzibar", "--format", "jsonl"]);
    assert_eq!(String::from_utf8_lossy(&found.stdout).lines().count(), 1, "{}", stderr(&found));
}
