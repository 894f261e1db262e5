//! Issue 16, bar 5: the terminal as a new user meets it. Reading commands
//! never create a database; an unknown country is an error naming the value
//! with a suggestion; `--addr` takes a host name; tables have headers and
//! names, not ids; `--help` starts with what attache does.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

mod common;
use common::{attache, bin, stderr};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn sample(dir: &Path) -> PathBuf {
    let db = dir.join("sample.db");
    let out = attache(&db, &["ingest", repo().join("examples/news").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

#[test]
fn reading_a_missing_database_is_an_error_that_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.db");
    for args in
        [&["events"][..], &["events", "--count"], &["commitments"], &["export", "--format", "plover"], &["stats"]]
    {
        let out = attache(&db, args);
        assert!(!out.status.success(), "{args:?} succeeded on a missing database");
        assert!(stderr(&out).contains("missing.db"), "{args:?}: {}", stderr(&out));
        assert!(!db.exists(), "{args:?} created {}", db.display());
    }
}

#[test]
fn unknown_countries_are_errors_naming_the_value_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    for (args, needles) in [
        (&["events", "--country", "XYZ"][..], &["unknown country \"XYZ\""][..]),
        (&["events", "--country", "KAZ,KZ"], &["\"KZ\"", "did you mean KAZ (Kazakhstan)"]),
        (&["events", "--counterpart", "Portugal"], &["\"Portugal\"", "did you mean PRT"]),
        (&["commitments", "--country", "NORR"], &["\"NORR\""]),
        (&["actors", "--country", "KZ"], &["did you mean KAZ"]),
        (&["relations", "KAZ", "XYZ"], &["unknown country \"XYZ\""]),
    ] {
        let out = attache(&db, args);
        assert!(!out.status.success(), "{args:?} succeeded");
        let err = stderr(&out);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        for n in needles {
            assert!(err.contains(n), "{args:?}: {err}");
        }
    }
    // Known codes in any case, several with commas.
    let out = attache(&db, &["events", "--country", "kaz,uzb", "--type", "meet,praise", "--count"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn commitments_are_a_table_with_names_in_the_events_direction() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let out = attache(&db, &["commitments"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for column in ["status", "kind", "made", "due", "source", "target", "evidence"] {
        assert!(text.lines().nth(1).unwrap().contains(column), "no {column} column:\n{text}");
    }
    // Names, not actor ids (`p:kaz:...`, `s:ken:...`).
    for id in ["p:", "s:", "i:", "g:"] {
        assert!(!text.lines().any(|l| l.contains(&format!(" {id}"))), "an id ({id}) in the table:\n{text}");
    }
    // An invitation reads inviter -> invitee, as its event does.
    let jsonl = attache(&db, &["commitments", "--format", "jsonl"]);
    let invite: serde_json::Value = String::from_utf8_lossy(&jsonl.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|c| c["kind"] == "INVITE" && c["actors"].as_array().is_some_and(|a| !a.is_empty()))
        .expect("an invitation in the sample");
    let inviter = invite["counterparts"][0].as_str().unwrap();
    let actor = attache(&db, &["actor", inviter, "--format", "json"]);
    let name: serde_json::Value = serde_json::from_slice(&actor.stdout).unwrap();
    let name = name["name"].as_str().unwrap().to_string();
    let row = text.lines().find(|l| l.contains(invite["id"].as_str().unwrap()) && l.contains("INVITE")).unwrap();
    let cells: Vec<&str> = row.split('┆').map(str::trim).collect();
    assert!(cells[4].starts_with(&name[..name.len().min(20)]), "source is not the inviter {name}: {row}");
}

#[test]
fn serve_takes_a_host_name_and_help_says_what_attache_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let mut child = bin()
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "localhost:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.starts_with("serving ") && line.contains("http://"), "{line}");
    let bad = attache(&db, &["serve", "--addr", "localhost"]);
    assert!(!bad.status.success() && stderr(&bad).contains("--addr \"localhost\""), "{}", stderr(&bad));
    let help = bin().arg("--help").output().unwrap();
    let first = String::from_utf8_lossy(&help.stdout).lines().next().unwrap_or("").to_string();
    assert!(first.starts_with("attache reads diplomatic news"), "{first}");
}

/// The seeds' 2021 invitation to a congress held in 2022 is lapsed in a store
/// whose newest article is of 2026 (it had no stated date: it lapses a year
/// after it was made, when no meeting can fulfil it any more).
#[test]
fn an_old_invitation_without_a_date_has_lapsed() {
    let seeds = repo().join("../shared/seeds");
    if !seeds.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "CI is set but {} is missing", seeds.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    assert!(attache(&db, &["ingest", seeds.to_str().unwrap()]).status.success());
    let out = attache(&db, &["commitments", "--format", "jsonl"]);
    let all: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let old: Vec<&serde_json::Value> =
        all.iter().filter(|c| c["made"].as_str().is_some_and(|m| m.starts_with("2021"))).collect();
    assert!(!old.is_empty(), "no 2021 commitment in the seeds: {all:?}");
    assert!(old.iter().all(|c| c["status"] == "lapsed"), "{old:?}");
    // Those of this year are still open or fulfilled.
    assert!(all.iter().any(|c| c["status"] == "open"));
}
