//! `attache export --format plover|cameo` on the seeds: every PLOVER record
//! validates against `schemas/plover.schema.json`, and the CAMEO file has one
//! row per side pair with the columns it names.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{attache, stderr};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// `../shared/seeds` beside the repo. Missing is a skip on a developer machine and a failure in CI.
fn seeds() -> Option<PathBuf> {
    let p = repo().join("../shared/seeds");
    if p.is_dir() {
        return Some(p);
    }
    assert!(std::env::var_os("CI").is_none(), "CI is set but {} is missing: the PLOVER test cannot run", p.display());
    eprintln!("skipping: {} not found", p.display());
    None
}

fn seed_store(dir: &Path) -> Option<PathBuf> {
    let seeds = seeds()?;
    let db = dir.join("seeds.db");
    let out = attache(&db, &["ingest", seeds.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    Some(db)
}

#[test]
fn plover_export_of_the_seeds_validates_against_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = seed_store(dir.path()) else { return };
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("schemas/plover.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let out = attache(&db, &["export", "--format", "plover"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let count = attache(&db, &["events", "--count"]);
    let events: usize = String::from_utf8_lossy(&count.stdout).trim().parse().unwrap();
    assert!(events > 0);
    // An event with no day (neither its own nor its article's) is left out, and counted on stderr.
    let left_out: usize = stderr(&out)
        .split_once("left out ")
        .map_or(0, |(_, rest)| rest.split_whitespace().next().unwrap().parse().unwrap());
    assert_eq!(records.len() + left_out, events, "{}", stderr(&out));
    assert!(records.len() * 10 >= events * 9, "most events have a day: {} of {events}", records.len());
    for r in &records {
        let errors: Vec<String> = validator.iter_errors(r).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{r}\n{}", errors.join("\n"));
    }
    // The schema is no rubber stamp: a record without a day, or with a bad code, fails.
    let mut bad = records[0].clone();
    bad["date"] = "2026-03".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = records[0].clone();
    bad["actor"] = serde_json::json!([{"code": "Kazakhstan", "entity_text": "x"}]);
    assert!(!validator.is_valid(&bad));
    assert!(records.iter().any(|r| r["event"] == "CONSULT" && !r["recipient"].as_array().unwrap().is_empty()));
}

#[test]
fn cameo_export_has_a_row_per_side_pair_with_codes_and_goldstein_values() {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = seed_store(dir.path()) else { return };
    let out = attache(&db, &["export", "--format", "cameo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(header[..3], ["GLOBALEVENTID", "SQLDATE", "Actor1Name"]);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(!rows.is_empty());
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for r in &rows {
        assert_eq!(r.len(), header.len(), "{r:?}");
        let code = r[col("EventCode")];
        assert_eq!(r[col("EventRootCode")], &code[..2]);
        assert!(["1", "3"].contains(&r[col("QuadClass")]), "{r:?}");
        let g: f64 = r[col("GoldsteinScale")].parse().unwrap();
        assert!((-10.0..=10.0).contains(&g));
        let day = r[col("SQLDATE")];
        assert!(day.is_empty() || (day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit())), "{day}");
    }
}
