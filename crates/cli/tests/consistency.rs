//! Issue 16, bar 1: for random filter combinations, the four ways of
//! counting events agree: the sum of `/api/v1/aggregate?by=type` (and of
//! `by=month`), the `total` of `/api/v1/events`, the rows of its CSV export
//! (`format=csv`, every page) and `attache events --count`. Run on the
//! sample corpus; `ATTACHE_CONSISTENCY_DB=path` runs it on another store
//! (e.g. the White House bulk corpus), `ATTACHE_CONSISTENCY_N` sets the
//! number of combinations (default 50).

use std::path::PathBuf;

use serde_json::Value;

mod common;
use common::{attache, get, repo, stderr};

fn json(addr: &str, path: &str) -> Value {
    let (status, body) = get(addr, path);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
}

/// A small deterministic generator (no wall clock, no OS entropy): the same
/// combinations on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn some<'a>(&mut self, from: &'a [String], most: usize) -> Vec<&'a String> {
        let n = self.below(most + 1).min(from.len());
        let mut out: Vec<&String> = Vec::new();
        for _ in 0..n {
            let v = &from[self.below(from.len())];
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }
}

fn keys(addr: &str, by: &str) -> Vec<String> {
    json(addr, &format!("/api/v1/aggregate?by={by}&sort=count"))["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["key"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn aggregate_list_total_csv_export_and_cli_count_agree() {
    let dir = tempfile::tempdir().unwrap();
    let db = match std::env::var_os("ATTACHE_CONSISTENCY_DB") {
        Some(p) => PathBuf::from(p),
        None => {
            let db = dir.path().join("sample.db");
            let out = attache(&db, &["ingest", repo().join("examples/news").to_str().unwrap()]);
            assert!(out.status.success(), "{}", stderr(&out));
            db
        }
    };
    let n: usize = std::env::var("ATTACHE_CONSISTENCY_N").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let (_server, addr) = common::serve(db.to_str().unwrap());

    let (types, countries, topics, months) =
        (keys(&addr, "type"), keys(&addr, "country"), keys(&addr, "topic"), keys(&addr, "month"));
    let modes: Vec<String> = ["meeting", "visit", "call", "multilateral"].map(String::from).to_vec();
    let words: Vec<String> = ["minister", "visit", "agreement", "talks", "cooperation"].map(String::from).to_vec();
    let mut rng = Lcg(16);
    let (mut nonempty, mut events_seen) = (0, 0);
    for case in 0..n {
        let mut query: Vec<(&str, String)> = Vec::new();
        let join = |v: Vec<&String>| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",");
        let t = rng.some(&types, 3);
        if !t.is_empty() {
            query.push(("type", join(t)));
        }
        let c = rng.some(&countries, 2);
        if !c.is_empty() {
            query.push(("country", join(c)));
            if rng.chance(30) {
                query.push(("counterpart", countries[rng.below(countries.len())].clone()));
            }
        }
        if rng.chance(30) {
            query.push(("topic", join(rng.some(&topics, 2))));
        }
        if rng.chance(20) {
            query.push(("mode", join(rng.some(&modes, 2))));
        }
        if rng.chance(40) && !months.is_empty() {
            let (a, b) = (&months[rng.below(months.len())], &months[rng.below(months.len())]);
            query.push(("since", a.min(b).clone()));
            query.push(("until", a.max(b).clone()));
        }
        if rng.chance(15) {
            query.push(("q", words[rng.below(words.len())].clone()));
        }
        query.retain(|(_, v)| !v.is_empty());
        let qs: String = query.iter().map(|(k, v)| format!("&{k}={v}")).collect();
        let by_type = json(&addr, &format!("/api/v1/aggregate?by=type{qs}"));
        let sum_type: i64 = by_type["items"].as_array().unwrap().iter().map(|i| i["count"].as_i64().unwrap()).sum();
        let by_month = json(&addr, &format!("/api/v1/aggregate?by=month{qs}"));
        let sum_month: i64 = by_month["items"].as_array().unwrap().iter().map(|i| i["count"].as_i64().unwrap()).sum();
        let total = json(&addr, &format!("/api/v1/events?limit=1{qs}"))["total"].as_i64().unwrap();
        let (status, csv_text) = get(&addr, &format!("/api/v1/events?format=csv{qs}"));
        assert_eq!(status, 200, "{qs}: {csv_text}");
        let csv_rows = csv::Reader::from_reader(csv_text.as_bytes())
            .records()
            .filter(|r| r.as_ref().map(|_| true).unwrap())
            .count() as i64;
        let mut args: Vec<String> = vec!["events".into(), "--count".into()];
        for (k, v) in &query {
            let flag = if *k == "q" { "query" } else { k };
            args.push(format!("--{flag}"));
            args.push(v.clone());
        }
        let out = attache(&db, &args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let cli: i64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
        assert_eq!(
            (sum_type, sum_month, total, csv_rows),
            (cli, cli, cli, cli),
            "case {case} {qs}: aggregate by type, by month, list total, CSV rows vs CLI count"
        );
        assert_eq!(by_type["total"].as_i64(), Some(cli), "{qs}");
        nonempty += usize::from(cli > 0);
        events_seen += cli;
    }
    eprintln!(
        "{n} combinations checked on {}: all equal; {nonempty} non-empty, {events_seen} events in all",
        db.display()
    );
    assert!(nonempty * 3 >= n, "too few combinations match anything ({nonempty} of {n}): the check says little");
}
