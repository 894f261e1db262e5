//! End-to-end tests: the real `attache` binary on temporary databases.

use std::path::Path;
use std::process::{Output, Stdio};

use attache_model::kinds::EventKind;
use serde_json::Value;

mod common;
use common::{attache, bin, repo, shared, stderr};

fn jsonl(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn stats(db: &Path) -> Value {
    let out = attache(db, &["stats", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn seeds_ingest_into_the_gold_articles_and_a_second_run_adds_nothing() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let seeds = shared.join("seeds");
    let out = attache(&db, &["ingest", seeds.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = jsonl(&attache(&db, &["articles", "--format", "jsonl"]));
    let gold: Vec<Value> = std::fs::read_to_string(shared.join("gold/seeds.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(got.len(), gold.len());
    for g in &gold {
        let a = got
            .iter()
            .find(|a| a["doc"] == g["doc"] && a["article"] == g["article"])
            .unwrap_or_else(|| panic!("no article {} #{}", g["doc"], g["article"]));
        assert_eq!(a["title"], g["title"], "title of {} #{}", g["doc"], g["article"]);
        assert_eq!(a["published"], g["published"], "published of {} #{}", g["doc"], g["article"]);
        assert_eq!(a["via"], g["via"], "via of {} #{}", g["doc"], g["article"]);
        let text = a["text"].as_str().unwrap();
        for banned in ["Photo credit", "Most popular", "Twitter Facebook", "See All", "Автор", "• en", "Images\n"]
        {
            assert!(!text.contains(banned), "{banned:?} in {} #{}", g["doc"], g["article"]);
        }
    }
    let before = stats(&db);
    let again = attache(&db, &["ingest", seeds.to_str().unwrap()]);
    assert!(again.status.success());
    assert!(stderr(&again).contains("ingested 0 new document(s) (5 unchanged), 0 article(s)"), "{}", stderr(&again));
    assert_eq!(stats(&db), before);
}

#[test]
fn the_sample_corpus_ingests_cleanly_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let out = attache(&db, &["ingest", repo().join("examples/news").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("skipped:"), "{}", stderr(&out));
    let s = stats(&db);
    assert!(s["articles"].as_i64().unwrap() >= 25, "{s}");
    for format in ["text", "html", "rss", "atom", "jsonl"] {
        assert!(s["by_format"][format].as_i64().unwrap_or(0) > 0, "no {format} document in {s}");
    }
    let articles = jsonl(&attache(&db, &["articles", "--format", "jsonl"]));
    let cyrillic = articles.iter().find(|a| a["doc"].as_str().unwrap().contains("cp1251")).expect("windows-1251 file");
    assert!(cyrillic["text"].as_str().unwrap().contains("Казахстан"), "{cyrillic}");
    for a in &articles {
        for key in ["id", "doc", "article", "title", "published", "via", "url", "language", "text"] {
            assert!(a.get(key).is_some(), "{key} missing in {a}");
        }
    }
}

#[test]
fn queries_filter_and_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let feed = dir.path().join("dump.txt");
    std::fs::write(
        &feed,
        "02.03.2026, 10:00 15\nOslo Talks\nThe ministers of Norway and Chile met in Oslo, Ministry of Foreign Affairs of Chile reports.\n\
         05.03.2026, 12:30 20\nLima Visit\nThe Peruvian minister visited Quito on a working trip, Andina reports.\n",
    )
    .unwrap();
    assert!(attache(&db, &["ingest", feed.to_str().unwrap()]).status.success());
    let found = jsonl(&attache(&db, &["articles", "--query", "oslo", "--format", "jsonl"]));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["title"], "Oslo Talks");
    assert_eq!(found[0]["via"][0], "Ministry of Foreign Affairs of Chile");
    let since = jsonl(&attache(&db, &["articles", "--since", "2026-03-04", "--format", "jsonl"]));
    assert_eq!(since.len(), 1);
    assert_eq!(since[0]["published"], "2026-03-05T12:30");
    let csv = attache(&db, &["articles", "--format", "csv"]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("id,doc,article,title,published"), "{csv}");
    assert_eq!(csv.lines().count(), 3);
    let bad = attache(&db, &["articles", "--since", "March"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("not a date"), "{}", stderr(&bad));
    let id = found[0]["id"].as_i64().unwrap().to_string();
    let show = attache(&db, &["show", &id]);
    let show = String::from_utf8(show.stdout).unwrap();
    assert!(show.contains("title:     Oslo Talks") && show.contains("   0  [0.."), "{show}");
    let missing = attache(&db, &["show", "999"]);
    assert!(!missing.status.success() && stderr(&missing).contains("no article with id 999"));
}

#[test]
fn stdin_is_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let mut child =
        bin().arg("--db").arg(&db).args(["ingest", "-"]).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Envoys meet in Rabat\n\nThe envoys of Morocco and Chile met in Rabat on Monday.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let a = jsonl(&attache(&db, &["articles", "--format", "jsonl"]));
    assert_eq!(a[0]["doc"], "stdin");
    assert_eq!(a[0]["title"], "Envoys meet in Rabat");
}

#[test]
fn bad_inputs_are_named_skipped_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let good = dir.path().join("good");
    std::fs::create_dir(&good).unwrap();
    std::fs::write(
        good.join("ok.txt"),
        "Talks in Hanoi\n\nThe ministers of Viet Nam and Chile met in Hanoi on Friday.\n",
    )
    .unwrap();
    assert!(attache(&db, &["ingest", good.to_str().unwrap()]).status.success());
    let before = stats(&db);

    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("binary.bin"), [0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0]).unwrap();
    std::fs::write(bad.join("empty.txt"), "").unwrap();
    std::fs::write(
        bad.join("truncated.xml"),
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title><item><title>Talks",
    )
    .unwrap();
    std::fs::write(bad.join("nothing.html"), "<html><body><div><span>menu</span></div></body></html>").unwrap();
    std::fs::write(
        bad.join("crawl.jsonl"),
        "{\"id\": \"r1\", \"text\": \"The envoys met in Lima on Monday to talk trade.\"}\n{not json\n",
    )
    .unwrap();
    let mut invalid =
        b"Talks in Bogota\n\nThe ministers of Colombia and Peru met in Bogot\xe1 on Monday and signed a plan.\n"
            .to_vec();
    invalid.extend_from_slice(
        "Caf\u{e9} diplomacy was discussed in Zürich, Malmö and Kraków, and in Besançon too.\n".as_bytes(),
    );
    std::fs::write(bad.join("invalid_bytes.txt"), invalid).unwrap();
    let big = std::fs::File::create(bad.join("huge.txt")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    let missing = dir.path().join("does-not-exist.txt");

    let out = attache(&db, &["ingest", bad.to_str().unwrap(), missing.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(!out.status.success(), "skips must make the exit code non-zero");
    for (file, reason) in [
        ("binary.bin", "binary"),
        ("empty.txt", "empty file"),
        ("truncated.xml", "malformed or truncated feed"),
        ("nothing.html", "no article text"),
        ("crawl.jsonl:2", "malformed JSON Lines record"),
        ("huge.txt", "too large"),
        ("does-not-exist.txt", "cannot read"),
    ] {
        assert!(
            err.lines().any(|l| l.starts_with("skipped:") && l.contains(file) && l.contains(reason)),
            "{file}: {reason}\n{err}"
        );
    }
    assert!(err.lines().any(|l| l.starts_with("warning:") && l.contains("invalid_bytes.txt")), "{err}");
    let after = stats(&db);
    assert_eq!(after["articles"].as_i64().unwrap(), before["articles"].as_i64().unwrap() + 2, "{after}");
    let titles: Vec<Value> =
        jsonl(&attache(&db, &["articles", "--format", "jsonl"])).into_iter().map(|a| a["title"].clone()).collect();
    assert!(titles.contains(&Value::from("Talks in Hanoi")), "stored article lost: {titles:?}");
}

#[test]
fn a_changed_file_becomes_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let f = dir.path().join("page.txt");
    std::fs::write(&f, "First headline here\n\nThe envoys met in Accra on Monday.\n").unwrap();
    assert!(attache(&db, &["ingest", f.to_str().unwrap()]).status.success());
    std::fs::write(&f, "Corrected headline here\n\nThe envoys met in Accra on Tuesday.\n").unwrap();
    assert!(attache(&db, &["ingest", f.to_str().unwrap()]).status.success());
    let s = stats(&db);
    assert_eq!((s["documents"].as_i64(), s["document_versions"].as_i64()), (Some(1), Some(2)));
    let a = jsonl(&attache(&db, &["articles", "--format", "jsonl"]));
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["title"], "Corrected headline here");
}

#[test]
fn kill_9_mid_ingest_leaves_a_consistent_store_that_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let mut records = String::new();
    for i in 0..30_000 {
        records.push_str(&format!(
            "{{\"id\": \"n{i}\", \"title\": \"Report {i}\", \"text\": \"The ambassador met minister number {i} in Nairobi on Monday. They discussed trade worth {i} million dollars and signed plan No. {i}.\"}}\n"
        ));
    }
    std::fs::write(corpus.join("crawl.jsonl"), &records).unwrap();

    let clean_db = dir.path().join("clean.db");
    assert!(attache(&clean_db, &["ingest", corpus.to_str().unwrap()]).status.success());
    let clean = stats(&clean_db);
    assert_eq!(clean["articles"], 30_000);

    let db = dir.path().join("killed.db");
    let mut child =
        bin().arg("--db").arg(&db).args(["ingest", corpus.to_str().unwrap()]).stderr(Stdio::null()).spawn().unwrap();
    // Wait until the first batch has been committed, then kill without warning.
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(5));
        // The first batch is committed once the write-ahead log holds it.
        let wal = db.with_extension("db-wal");
        if std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 64 * 1024 {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let partial = stats(&db);
    let n = partial["articles"].as_i64().unwrap();
    assert!(n < 30_000, "the kill came too late to test anything ({n} articles)");
    assert_eq!(partial["documents"].as_i64().unwrap(), n, "documents and articles out of step after the kill");
    let rerun = attache(&db, &["ingest", corpus.to_str().unwrap()]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let done = stats(&db);
    assert_eq!(done["articles"], clean["articles"]);
    assert_eq!(done["documents"], clean["documents"]);
    assert_eq!(done["sentences"], clean["sentences"]);
    let hits = jsonl(&attache(&db, &["articles", "--query", "Report", "--format", "jsonl", "--limit", "100000"]));
    assert_eq!(hits.len(), 30_000, "the full-text index holds every article exactly once");
}

#[test]
fn extraction_on_the_seeds_meets_the_bars() {
    let Some(shared) = shared() else { return };
    let out = bin()
        .args(["eval", "--json", "--gold"])
        .arg(shared.join("gold/seeds.jsonl"))
        .arg("--docs")
        .arg(shared.join("seeds"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = |path: &[&str]| path.iter().fold(&r, |v, k| &v[*k]).as_f64().unwrap();
    assert!(f(&["events_country_level", "overall", "f1"]) >= 0.85, "{r}");
    assert!(f(&["events_actor_level", "overall", "f1"]) >= 0.75, "{r}");
    assert!(f(&["persons", "f1"]) >= 0.90, "{r}");
    assert!(f(&["person_country_accuracy"]) >= 0.95, "{r}");
    assert!(f(&["dates_exact"]) >= 0.90, "{r}");
    assert!(f(&["topics", "f1"]) >= 0.70, "{r}");
    assert!(f(&["facts", "f1"]) >= 0.66, "{r}");
}

#[test]
fn events_can_be_filtered_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let feed = dir.path().join("dump.txt");
    std::fs::write(
        &feed,
        "02.03.2026, 10:00 15\nOslo Talks\nMinister of Foreign Affairs of Norway Ingrid Vikholm received Ambassador of Chile to Norway Pablo Ortega Santana, the Norwegian Foreign Ministry reports.\n\
         The Ambassador congratulated Ingrid Vikholm on the opening of the new Arctic research station.\n",
    )
    .unwrap();
    assert!(attache(&db, &["ingest", feed.to_str().unwrap()]).status.success());
    let all = jsonl(&attache(&db, &["events", "--format", "jsonl"]));
    assert_eq!(all.len(), 2, "{all:?}");
    let meet = jsonl(&attache(
        &db,
        &[
            "events",
            "--country",
            "NOR",
            "--counterpart",
            "CHL",
            "--type",
            EventKind::Meet.as_str(),
            "--format",
            "jsonl",
        ],
    ));
    assert_eq!(meet.len(), 1);
    assert_eq!(meet[0]["source"][0]["name"], "Ingrid Vikholm");
    assert_eq!(meet[0]["date"], "2026-03-02");
    let praise = jsonl(&attache(
        &db,
        &["events", "--type", EventKind::Praise.as_str(), "--actor", "Ortega", "--format", "jsonl"],
    ));
    assert_eq!(praise[0]["target"][0]["country"], "NOR");
    let bad = attache(&db, &["events", "--type", "HUG"]);
    assert!(!bad.status.success() && stderr(&bad).contains("unknown event type"));
    let id = meet[0]["article_id"].as_i64().unwrap().to_string();
    let explain = String::from_utf8(attache(&db, &["explain", &id]).stdout).unwrap();
    assert!(explain.contains("rule:    meet/received") && explain.contains("[received"), "{explain}");
    let annotation = jsonl(&attache(&db, &["export", "--format", "annotation"]));
    assert_eq!(annotation[0]["doc"], "dump.txt");
    assert_eq!(annotation[0]["events"].as_array().unwrap().len(), 2);
}

#[test]
fn seed_persons_are_one_actor_each_across_documents() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(attache(&db, &["ingest", shared.join("seeds").to_str().unwrap()]).status.success());
    let docs_of = |name: &str| -> (Value, Vec<String>) {
        let out = attache(&db, &["actor", name, "--format", "json"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut docs: Vec<String> =
            v["events"].as_array().unwrap().iter().map(|e| e["doc"].as_str().unwrap()[..3].to_string()).collect();
        docs.sort();
        docs.dedup();
        (v, docs)
    };
    for (name, expected) in [
        ("Jean Galiev", &["000", "004"][..]),
        ("Danat Mussayev", &["002", "004"][..]),
        ("Roman Vassilenko", &["002", "003", "004"][..]),
        ("Arman Issetov", &["002"][..]),
        ("Kassym-Jomart Tokayev", &["001", "002", "003", "004"][..]),
    ] {
        let (v, docs) = docs_of(name);
        assert_eq!(docs, expected, "{name}: {v}");
    }
    let (vassilenko, _) = docs_of("Vassilenko");
    let roles: Vec<&str> =
        vassilenko["roles"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert!(
        roles.iter().any(|r| r.starts_with("Deputy Minister")) && roles.iter().any(|r| r.starts_with("Ambassador")),
        "{roles:?}"
    );
    let (tokaev, _) = docs_of("Tokaev");
    assert_eq!(tokaev["name"], "Kassym-Jomart Tokayev");
    // No two distinct persons merge: as many person actors as distinct persons in the gold.
    let gold: Vec<Value> = std::fs::read_to_string(shared.join("gold/seeds.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut distinct: Vec<(String, String)> = Vec::new();
    for a in gold.iter().flat_map(|g| g["actors"].as_array().unwrap()) {
        if a["kind"] != "person" {
            continue;
        }
        let (n, c) = (a["name"].as_str().unwrap().to_string(), a["country"].as_str().unwrap_or("").to_string());
        if !distinct.iter().any(|(dn, dc)| *dc == c && attache_model::names::same_person(dn, &n)) {
            distinct.push((n, c));
        }
    }
    let persons = jsonl(&attache(&db, &["actors", "--kind", "person", "--format", "jsonl"]));
    assert_eq!(persons.len(), distinct.len(), "{persons:?}");
}

#[test]
fn actor_curation_is_logged_and_survives_reextraction() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let feed = dir.path().join("dump.txt");
    std::fs::write(
        &feed,
        "02.03.2026, 10:00 15\nOslo Talks\nMinister of Foreign Affairs of Norway Ingrid Vikholm received Ambassador of Chile to Norway Pablo Ortega Santana, the Norwegian Foreign Ministry reports.\n\
         03.03.2026, 11:00 20\nBergen Visit\nState Secretary of Norway Ingrid Wikholm-Dahl received Ambassador of Peru to Norway Rosa Quispe Mamani, the Norwegian Foreign Ministry reports.\n",
    )
    .unwrap();
    assert!(attache(&db, &["ingest", feed.to_str().unwrap()]).status.success());
    let names = |db: &Path| -> Vec<String> {
        jsonl(&attache(db, &["actors", "--country", "NOR", "--kind", "person", "--format", "jsonl"]))
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&db).len(), 2, "two spellings that resolution keeps apart");
    let merged = attache(&db, &["actors", "merge", "Ingrid Vikholm", "Ingrid Wikholm-Dahl"]);
    assert!(merged.status.success(), "{}", stderr(&merged));
    assert_eq!(names(&db), ["Ingrid Vikholm"]);
    assert!(attache(&db, &["reextract"]).status.success());
    assert_eq!(names(&db), ["Ingrid Vikholm"], "the merge is re-applied after re-extraction");
    let actor: Value = serde_json::from_slice(&attache(&db, &["actor", "Vikholm", "--format", "json"]).stdout).unwrap();
    assert_eq!(actor["aliases"][0], "Ingrid Wikholm-Dahl");
    assert_eq!(actor["roles"].as_array().unwrap().len(), 2, "{actor}");
    let log = String::from_utf8(attache(&db, &["actors", "log"]).stdout).unwrap();
    assert!(log.contains("merge Ingrid Vikholm Ingrid Wikholm-Dahl"), "{log}");
    let bad = attache(&db, &["actors", "alias", "Nobody Atall", "N. Atall"]);
    assert!(!bad.status.success() && stderr(&bad).contains("no actor"));
}

#[test]
fn three_outlets_and_a_repost_are_one_event_with_three_sources() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/one_meeting");
    assert!(attache(&db, &["ingest", fixtures.to_str().unwrap()]).status.success());
    let meets = jsonl(&attache(&db, &["events", "--type", EventKind::Meet.as_str(), "--format", "jsonl"]));
    assert_eq!(meets.len(), 4, "each outlet reports the meeting: {meets:?}");
    let occ = jsonl(&attache(&db, &["occurrences", "--format", "jsonl"]));
    assert_eq!(occ.len(), 1, "{occ:?}");
    assert_eq!(occ[0]["reports"], 4);
    assert_eq!(occ[0]["independent_sources"], 3, "the repost is not an independent source");
    assert_eq!(occ[0]["date"], "2026-05-04");
    assert_eq!(occ[0]["merge_log"].as_array().unwrap().len(), 3);
}

#[test]
fn a_promised_visit_made_is_fulfilled_and_a_missed_date_lapses() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/promises");
    assert!(attache(&db, &["ingest", fixtures.to_str().unwrap()]).status.success());
    let all = jsonl(&attache(&db, &["commitments", "--format", "jsonl"]));
    assert_eq!(all.len(), 2, "{all:?}");
    let fulfilled = jsonl(&attache(&db, &["commitments", "--status", "fulfilled", "--format", "jsonl"]));
    assert_eq!(fulfilled.len(), 1);
    assert_eq!(fulfilled[0]["countries"][0], "NOR");
    assert_eq!(fulfilled[0]["due"], "2026-05");
    // Linked both ways: the commitment names the meeting, and that meeting is a stored event.
    let by = fulfilled[0]["fulfilled_by"].as_str().unwrap().to_string();
    let (article, index) = by.split_once(':').unwrap();
    let visit = jsonl(&attache(
        &db,
        &[
            "events",
            "--type",
            EventKind::Meet.as_str(),
            "--country",
            "CHL",
            "--counterpart",
            "NOR",
            "--format",
            "jsonl",
        ],
    ));
    assert!(
        visit.iter().any(|e| e["article_id"] == article.parse::<i64>().unwrap() && e["date"] == "2026-05-04"),
        "{visit:?} {index}"
    );
    let lapsed = jsonl(&attache(&db, &["commitments", "--status", "lapsed", "--country", "SEN", "--format", "jsonl"]));
    assert_eq!(lapsed.len(), 1);
    assert_eq!(lapsed[0]["due"], "2026-03-20");
    let bad = attache(&db, &["commitments", "--status", "maybe"]);
    assert!(!bad.status.success() && stderr(&bad).contains("unknown status"));
}

/// Ingests each file of `dir` on its own, in the given order of file names.
fn ingest_one_by_one(db: &Path, dir: &Path, names: &[&str]) {
    for name in names {
        let out = attache(db, &["ingest", dir.join(name).to_str().unwrap()]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
    }
}

#[test]
fn reports_ingested_one_at_a_time_merge_into_the_same_occurrence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/one_meeting");
    // The repost first, the original last: each new article is resolved against the store.
    ingest_one_by_one(&db, &fixtures, &["repost_of_a.txt", "outlet_c.txt", "outlet_b.txt", "outlet_a.txt"]);
    let occ = jsonl(&attache(&db, &["occurrences", "--format", "jsonl"]));
    assert_eq!(occ.len(), 1, "{occ:?}");
    assert_eq!(occ[0]["reports"], 4);
    assert_eq!(occ[0]["independent_sources"], 3);
    assert_eq!(occ[0]["merge_log"].as_array().unwrap().len(), 3);
    // A full resolution of the same store agrees.
    let actors = jsonl(&attache(&db, &["actors", "--format", "jsonl"]));
    assert!(attache(&db, &["reextract"]).status.success());
    assert_eq!(jsonl(&attache(&db, &["occurrences", "--format", "jsonl"])), occ);
    assert_eq!(jsonl(&attache(&db, &["actors", "--format", "jsonl"])), actors);
}

#[test]
fn a_visit_stored_before_the_promise_still_fulfils_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/promises");
    ingest_one_by_one(&db, &fixtures, &["03_visit_made.txt", "02_promise_lapses.txt", "01_promise.txt"]);
    let fulfilled = jsonl(&attache(&db, &["commitments", "--status", "fulfilled", "--format", "jsonl"]));
    assert_eq!(fulfilled.len(), 1, "{fulfilled:?}");
    assert_eq!(fulfilled[0]["countries"][0], "NOR");
    let lapsed = jsonl(&attache(&db, &["commitments", "--status", "lapsed", "--format", "jsonl"]));
    assert_eq!(lapsed.len(), 1, "{lapsed:?}");
    // The other order: the promise first, the visit later.
    let db2 = dir.path().join("b.db");
    ingest_one_by_one(&db2, &fixtures, &["01_promise.txt", "02_promise_lapses.txt", "03_visit_made.txt"]);
    let again = jsonl(&attache(&db2, &["commitments", "--status", "fulfilled", "--format", "jsonl"]));
    assert_eq!(again.len(), 1, "{again:?}");
    assert_eq!(again[0]["due"], "2026-05");
}

#[test]
fn seeds_ingested_one_file_at_a_time_resolve_like_one_run() {
    let Some(shared) = shared() else { return };
    let seeds = shared.join("seeds");
    let dir = tempfile::tempdir().unwrap();
    let (one, each) = (dir.path().join("one.db"), dir.path().join("each.db"));
    assert!(attache(&one, &["ingest", seeds.to_str().unwrap()]).status.success());
    let mut names: Vec<String> =
        std::fs::read_dir(&seeds).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    ingest_one_by_one(&each, &seeds, &names);
    let persons = |db: &Path| -> Vec<(String, i64)> {
        let mut v: Vec<(String, i64)> = jsonl(&attache(db, &["actors", "--format", "jsonl"]))
            .iter()
            .filter(|a| a["kind"] == "person")
            .map(|a| (a["id"].as_str().unwrap().to_string(), a["mentions"].as_i64().unwrap()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(persons(&each), persons(&one));
}

#[test]
fn relations_between_two_countries_list_their_events_and_commitments() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/promises");
    assert!(attache(&db, &["ingest", fixtures.to_str().unwrap()]).status.success());
    let out = attache(&db, &["relations", "chl", "NOR", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r = &jsonl(&out)[0];
    assert_eq!(r["countries"], serde_json::json!(["CHL", "NOR"]));
    let events = r["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["type"] == EventKind::Meet.as_str() && e["date"] == "2026-05-04"), "{events:?}");
    let commitments = r["commitments"].as_array().unwrap();
    assert!(commitments.iter().any(|c| c["status"] == "fulfilled"), "{commitments:?}");
    // No event of the pair lies outside the period asked for.
    let early = jsonl(&attache(&db, &["relations", "CHL", "NOR", "--until", "2026-01-01", "--format", "jsonl"]));
    assert_eq!(early[0]["events"].as_array().unwrap().len(), 0);
    let table = attache(&db, &["relations", "CHL", "NOR"]);
    assert!(String::from_utf8_lossy(&table.stdout).starts_with("CHL - NOR: "));
    let bad = attache(&db, &["relations", "Chile", "NOR"]);
    assert!(!bad.status.success() && stderr(&bad).contains("ISO 3166"));
}
