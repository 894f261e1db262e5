//! End-to-end tests of resolution as an unlucky operator meets it (issue
//! 15): a process killed while resolving, then run again; the same input
//! read by any number of workers. The real `attache` binary on a corpus this
//! test writes (invented people, our own words).

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::Value;

mod common;
use common::{attache, bin, stderr};

fn ok(out: Output) -> Output {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    out
}

fn stats(db: &Path) -> Value {
    serde_json::from_slice(&ok(attache(db, &["stats", "--format", "json"])).stdout).unwrap()
}

/// Everything the store says: its counts and every actor, occurrence,
/// commitment and event as the CLI writes them.
fn record(db: &Path) -> Value {
    let mut all = serde_json::Map::new();
    all.insert("stats".into(), stats(db));
    for (name, args) in [
        ("actors", &["actors", "--format", "jsonl"][..]),
        ("occurrences", &["occurrences", "--format", "jsonl"]),
        ("commitments", &["commitments", "--format", "jsonl"]),
        ("export", &["export", "--format", "jsonl"]),
    ] {
        let out = ok(attache(db, args));
        all.insert(name.into(), Value::String(String::from_utf8(out.stdout).unwrap()));
    }
    Value::Object(all)
}

/// What `attache check` (SQLite's integrity and foreign-key checks) says.
fn integrity(db: &Path) -> String {
    let out = attache(db, &["check"]);
    let said = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(out.status.code() == Some(0), said == "ok", "check's exit code and its answer disagree: {said}");
    said
}

/// Asserts two stores say the same, naming the first part that differs.
fn assert_same(a: &Value, b: &Value, what: &str) {
    for key in ["stats", "actors", "occurrences", "commitments", "export"] {
        assert!(a[key] == b[key], "{what}: {key} differs:\n{}\n---\n{}", a[key], b[key]);
    }
}

const STATES: [(&str, &str, &str); 10] = [
    ("Norway", "Norwegian", "Oslo"),
    ("Chile", "Chilean", "Santiago"),
    ("Ghana", "Ghanaian", "Accra"),
    ("Senegal", "Senegalese", "Dakar"),
    ("Peru", "Peruvian", "Lima"),
    ("Canada", "Canadian", "Ottawa"),
    ("Kenya", "Kenyan", "Nairobi"),
    ("Poland", "Polish", "Warsaw"),
    ("Japan", "Japanese", "Tokyo"),
    ("Egypt", "Egyptian", "Cairo"),
];
const GIVEN: [&str; 8] = ["Ingrid", "Pablo", "Kwame", "Aminata", "Rosa", "Tomasz", "Leila", "Oren"];
const FAMILY: [&str; 9] =
    ["Vikholm", "Arvesko", "Belinova", "Dunmere", "Ellwick", "Quarendo", "Maltsby", "Torvane", "Osterlund"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A small deterministic generator (a linear congruential one).
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// The minister of foreign affairs of state `s` in year-slot `y` (the office changes hands).
fn minister(s: usize, y: usize) -> String {
    format!("{} {}", GIVEN[(s + y) % GIVEN.len()], FAMILY[(s * 3 + y) % FAMILY.len()])
}

/// One report of meeting `m`, as outlet `o` tells it, with a promise now and then.
fn report(m: usize, o: usize) -> (String, String) {
    let mut dice = Dice(m as u64 * 7919 + 13);
    let (a, b) = (dice.roll(STATES.len()), dice.roll(STATES.len() - 1));
    let b = if b >= a { b + 1 } else { b };
    let (month, day, y) = (dice.roll(12), 1 + dice.roll(27), dice.roll(2));
    let year = 2024 + y;
    let (sa, sb) = (STATES[a], STATES[b]);
    let (pa, pb) = (minister(a, y), minister(b, y));
    let host = if dice.roll(2) == 0 { sa } else { sb };
    let date = format!("{} {day}, {year}", MONTHS[month]);
    let title = format!("{} and {} talk in {}", sa.0, sb.0, host.2);
    let lead = match o % 3 {
        0 => format!(
            "Minister of Foreign Affairs of {} {pa} met with Minister of Foreign Affairs of {} {pb} in {} on {day} {} {year}, the {} Foreign Ministry reports.",
            sa.0, sb.0, host.2, MONTHS[month], sa.1
        ),
        1 => format!(
            "On {day} {} {year}, Foreign Minister of {} {pb} held talks with Foreign Minister of {} {pa} in {}.",
            MONTHS[month], sb.0, sa.0, host.2
        ),
        _ => format!(
            "Minister of Foreign Affairs of {} {pa} and Minister of Foreign Affairs of {} {pb} met in {} on {day} {} {year}.",
            sa.0, sb.0, host.2, MONTHS[month]
        ),
    };
    let mut body = format!(
        "{title}\n\n{date}\n\n{lead}\n\nThe two ministers spoke about port fees, a direct flight between the capitals and student exchanges.\n"
    );
    if dice.roll(3) == 0 {
        let later = MONTHS[(month + 1 + dice.roll(3)) % 12];
        body.push_str(&format!("\n{pa} expressed his readiness to visit {} in {later}.\n", sb.0));
    }
    (format!("m{m:04}-o{o}"), body)
}

/// Writes a corpus of `meetings` meetings, each told by one to three
/// outlets: one big JSON Lines crawl first (slow to read, so with several
/// workers the small files after it finish first), then one text file per
/// report in a few folders.
fn corpus(dir: &Path, meetings: usize) -> PathBuf {
    let root = dir.join("corpus");
    let mut crawl = String::new();
    for m in 0..meetings {
        for o in 0..1 + m % 3 {
            let (name, text) = report(m, o);
            if m % 4 == 0 {
                crawl.push_str(&serde_json::json!({"id": name, "text": text}).to_string());
                crawl.push('\n');
            } else {
                let folder = root.join(format!("outlet{o}"));
                std::fs::create_dir_all(&folder).unwrap();
                std::fs::write(folder.join(format!("{name}.txt")), text).unwrap();
            }
        }
    }
    std::fs::create_dir_all(root.join("a_crawl")).unwrap();
    std::fs::write(root.join("a_crawl/crawl.jsonl"), crawl).unwrap();
    root
}

fn ingest(db: &Path, paths: &[&Path], extra: &[&str], crash_after: Option<usize>) -> Output {
    let mut cmd = bin();
    cmd.arg("--db").arg(db).arg("ingest").args(extra).args(paths).stdin(Stdio::null());
    if let Some(n) = crash_after {
        cmd.env("ATTACHE_CRASH_AFTER", n.to_string());
    }
    cmd.output().unwrap()
}

/// Asserts the process was aborted by the crash hook and left resolution pending.
fn assert_crashed(out: &Output, db: &Path) -> Value {
    assert_ne!(out.status.code(), Some(0), "the crash hook did not fire: {}", stderr(out));
    assert!(stderr(out).contains("ATTACHE_CRASH_AFTER: aborting"), "{}", stderr(out));
    let s = stats(db);
    assert!(s["resolution"]["articles_pending"].as_i64().unwrap() > 0, "nothing left pending: {s}");
    s
}

#[test]
fn a_resolution_interrupted_anywhere_is_completed_by_a_plain_rerun_or_attache_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let all = corpus(dir.path(), 160);
    let part = all.join("outlet0");

    // Fresh store, killed inside the one full resolution, after every document was committed.
    let clean = dir.path().join("clean.db");
    ok(ingest(&clean, &[&all], &[], None));
    let want = record(&clean);
    assert!(want["stats"]["occurrences"].as_i64().unwrap() > 50, "{}", want["stats"]);
    assert!(want["stats"]["commitments"].as_i64().unwrap() > 5, "{}", want["stats"]);
    let db = dir.path().join("killed.db");
    let s = assert_crashed(&ingest(&db, &[&all], &[], Some(100)), &db);
    assert_eq!(s["documents"], want["stats"]["documents"], "every document was committed before resolution");
    assert_eq!(s["actors"], 0, "the interrupted resolution left nothing half written: {s}");
    assert_eq!(integrity(&db), "ok");
    let rerun = ok(ingest(&db, &[&all], &[], None));
    assert!(stderr(&rerun).contains("ingested 0 new document(s)"), "{}", stderr(&rerun));
    assert_same(&record(&db), &want, "re-run after a crash in a full resolution");
    assert_eq!(integrity(&db), "ok");
    assert_eq!(want["stats"]["resolution"]["articles_pending"], 0);

    // A store resolved before, killed inside the incremental resolution of the next ingest.
    let clean = dir.path().join("clean2.db");
    ok(ingest(&clean, &[&part], &[], None));
    ok(ingest(&clean, &[&all], &[], None));
    let want2 = record(&clean);
    let db = dir.path().join("killed2.db");
    ok(ingest(&db, &[&part], &[], None));
    let before = stats(&db);
    let s = assert_crashed(&ingest(&db, &[&all], &[], Some(1)), &db);
    for key in ["actors", "occurrences", "commitments"] {
        assert_eq!(s[key], before[key], "{key}: the interrupted transaction left a trace");
    }
    assert_eq!(integrity(&db), "ok");
    let out = ok(attache(&db, &["resolve"]));
    assert!(stderr(&out).contains("; 0 pending"), "{}", stderr(&out));
    assert_same(&record(&db), &want2, "`attache resolve` after a crash in an incremental resolution");
    let again = ok(attache(&db, &["resolve"]));
    assert!(stderr(&again).contains("resolved 0 article(s)"), "{}", stderr(&again));
    assert_same(&record(&db), &want2, "a second `attache resolve`");

    // A changed document (a new version) asks for a full resolution: killed in it, then run again.
    let changed = all.join("outlet0/m0001-o0.txt");
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(&changed, text.replace("port fees", "fishing quotas")).unwrap();
    ok(ingest(&clean, &[&all], &[], None));
    let want3 = record(&clean);
    assert_eq!(
        want3["stats"]["document_versions"].as_i64().unwrap(),
        want3["stats"]["documents"].as_i64().unwrap() + 1
    );
    assert_crashed(&ingest(&db, &[&all], &[], Some(1)), &db);
    let s = stats(&db);
    assert_eq!(s["resolution"]["resolved_upto"], Value::Null, "the new version marked the store for a full resolution");
    ok(ingest(&db, &[&all], &[], None));
    assert_same(&record(&db), &want3, "re-run after a crash in the resolution of a new version");
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn kill_9_while_resolving_then_a_rerun_gives_the_record_of_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let all = corpus(dir.path(), 900);
    let clean = dir.path().join("clean.db");
    ok(ingest(&clean, &[&all], &[], None));
    let want = record(&clean);
    let documents = want["stats"]["documents"].as_i64().unwrap();

    // Killed (SIGKILL) once every document is committed and before resolution commits.
    let db = dir.path().join("killed.db");
    let mut child = bin()
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(&all)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let count = |sql: &str| -> i64 {
        let Ok(conn) = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) else {
            return -1;
        };
        conn.query_row(sql, [], |r| r.get(0)).unwrap_or(-1)
    };
    let started = std::time::Instant::now();
    while count("SELECT count(*) FROM documents") < documents && started.elapsed().as_secs() < 300 {
        assert!(child.try_wait().unwrap().is_none(), "the ingest ended before it was killed");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let s = stats(&db);
    assert_eq!(s["documents"], documents);
    assert!(
        s["resolution"]["articles_pending"].as_i64().unwrap() > 0,
        "the kill came after resolution finished, so it tests nothing: {s}"
    );
    assert_eq!(s["actors"], 0, "{s}");
    assert_eq!(integrity(&db), "ok");
    let rerun = ok(ingest(&db, &[&all], &[], None));
    assert!(stderr(&rerun).contains("ingested 0 new document(s)"), "{}", stderr(&rerun));
    assert_same(&record(&db), &want, "re-run after kill -9 during resolution");
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn any_number_of_workers_gives_the_same_record() {
    let dir = tempfile::tempdir().unwrap();
    let all = corpus(dir.path(), 300);
    let one = dir.path().join("one.db");
    ok(ingest(&one, &[&all], &["--jobs", "1"], None));
    let want = record(&one);
    assert!(want["stats"]["occurrences"].as_i64().unwrap() > 100, "{}", want["stats"]);
    for jobs in ["4", "3"] {
        let db = dir.path().join(format!("jobs{jobs}.db"));
        ok(ingest(&db, &[&all], &["--jobs", jobs], None));
        assert_same(&record(&db), &want, &format!("--jobs {jobs} against --jobs 1"));
    }
}
