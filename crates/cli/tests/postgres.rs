//! The PostgreSQL backend end to end (issue 17): the real binary on the
//! throwaway cluster `scripts/pg run` starts, compared with SQLite byte for
//! byte (bar 1), and several ingests at once into one database (bar 2).
//! Without a cluster these tests skip with a message; with `CI` set they fail.

mod common;
#[path = "../../watch/tests/server/mod.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{attache, attache_at, bin, get, pg_count, pg_database, repo, shared, stderr};

fn stdout_of(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", stderr(out));
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Ingests `inputs` into a new SQLite file and a new PostgreSQL database
/// and checks both give the same annotation export and the same counts.
fn assert_same_record(name: &str, inputs: &[PathBuf]) {
    let Some(url) = pg_database(name) else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let mut args = vec!["ingest"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    let sqlite_ingest = attache(&db, &args);
    let pg_ingest = attache_at(&url, &args);
    assert_eq!(sqlite_ingest.status.success(), pg_ingest.status.success(), "{}", stderr(&pg_ingest));
    let queries: [&[&str]; 9] = [
        &["actors", "--format", "jsonl"],
        &["occurrences", "--format", "jsonl"],
        &["occurrences"],
        &["export", "--format", "annotation"],
        &["stats", "--format", "json"],
        &["events", "--format", "jsonl"],
        &["events", "--count", "--type", "MEET,AGREE", "--query", "MINISTER"],
        &["articles", "--format", "jsonl", "--since", "2020"],
        &["brief"],
    ];
    for query in queries {
        let (lite, pg) = (stdout_of(&attache(&db, query)), stdout_of(&attache_at(&url, query)));
        assert!(!lite.trim().is_empty());
        assert!(lite == pg, "{name}: `{}` differs between SQLite and PostgreSQL", query.join(" "));
    }
}

#[test]
fn the_sample_corpus_gives_the_same_record_on_both_backends() {
    assert_same_record("news", &[repo().join("examples/news")]);
}

#[test]
fn the_seeds_give_the_same_record_on_both_backends() {
    let Some(shared) = shared() else { return };
    assert_same_record("seeds", &[shared.join("seeds")]);
}

#[test]
fn every_dev_set_gives_the_same_record_on_both_backends() {
    let Some(shared) = shared() else { return };
    let mut sets: Vec<PathBuf> =
        std::fs::read_dir(shared.join("eval/dev")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    sets.sort();
    assert!(!sets.is_empty());
    for set in sets {
        let name = set.file_name().unwrap().to_string_lossy().into_owned();
        assert_same_record(&format!("dev_{name}"), &[set]);
    }
}

#[test]
fn a_second_ingest_of_the_same_inputs_adds_nothing() {
    let Some(url) = pg_database("twice") else { return };
    let news = repo().join("examples/news");
    stdout_of(&attache_at(&url, &["ingest", news.to_str().unwrap()]));
    let before = stdout_of(&attache_at(&url, &["stats", "--format", "json"]));
    let again = attache_at(&url, &["ingest", news.to_str().unwrap()]);
    assert!(stderr(&again).contains("ingested 0 new document(s)"), "{}", stderr(&again));
    assert_eq!(before, stdout_of(&attache_at(&url, &["stats", "--format", "json"])));
}

/// Issue 17: `attache watch` on PostgreSQL, against a real HTTP server on
/// loopback: the first poll stores every article under its page's URL, as
/// a SQLite store watching the same server does; the second asks only
/// conditionally (the validators read back from PostgreSQL's fetch log),
/// gets 304 for each and adds nothing; the fetch log moves with `attache
/// copy`, and `sources` reads the same from the copy.
#[test]
fn watch_keeps_its_fetch_log_on_postgres() {
    use server::{Reply, Server, article_page, rss};
    let Some(url) = pg_database("watch") else { return };
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start("127.0.0.1");
    server.set("/robots.txt", Reply::text("User-agent: *\nDisallow: /private/\n").validators("r1"));
    let items: Vec<(String, String)> = (1..=3).map(|i| (format!("/news/{i}"), format!("Fixture story {i}"))).collect();
    server.set("/feed.xml", Reply::xml(rss(&server.url(""), &items)).validators("f1"));
    for (i, (path, _)) in items.iter().enumerate() {
        server.set(path, Reply::html(article_page(100 + i, "ferries")).validators(&format!("{path}-v1")));
    }
    let sources = dir.path().join("sources.toml");
    let feed = server.url("/feed.xml");
    let toml = format!(
        "[watch]\ncontact = \"tests@example.invalid\"\ndelay = \"20ms\"\n\n[[source]]\nname = \"Wire\"\nurl = \"{feed}\"\nkind = \"feed\"\n"
    );
    std::fs::write(&sources, toml).unwrap();
    let watch = ["watch", "--once", "--sources", sources.to_str().unwrap()];
    let lite = dir.path().join("w.db");
    let lite = lite.to_str().unwrap();
    for db in [lite, url.as_str()] {
        let out = attache_at(db, &watch);
        assert!(out.status.success(), "{db}: {}", stderr(&out));
    }
    let urls = ["articles", "--format", "jsonl"];
    let stored = stdout_of(&attache_at(&url, &urls));
    assert_eq!(stored.lines().count(), 3, "{stored}");
    for (path, _) in &items {
        assert!(stored.contains(&format!("\"url\":\"{}\"", server.url(path))), "{path} not stored: {stored}");
    }
    assert!(stored == stdout_of(&attache_at(lite, &urls)), "PostgreSQL stored other articles than SQLite");
    let export = ["export", "--format", "annotation"];
    assert!(stdout_of(&attache_at(&url, &export)) == stdout_of(&attache_at(lite, &export)));
    let pages = pg_count(&url, "SELECT count(*) FROM watch_fetches WHERE kind = 'page' AND state = 'done'");
    assert_eq!(pages, 3);
    // The second poll: conditional requests only, each answered 304.
    server.clear_log();
    let again = attache_at(&url, &watch);
    assert!(stderr(&again).contains("0 documents added"), "{}", stderr(&again));
    let log = server.log();
    assert!(!log.is_empty() && log.iter().all(|r| r.conditional() && r.status == 304), "{log:?}");
    assert_eq!(stdout_of(&attache_at(&url, &urls)), stored);
    // The fetch log is copied with the store.
    let copy = dir.path().join("copy.db");
    let copy = copy.to_str().unwrap();
    stdout_of(&attache_at(lite, &["copy", "--from", &url, "--to", copy]));
    let sources_json = ["sources", "--format", "json"];
    let said = stdout_of(&attache_at(&url, &sources_json));
    let status: serde_json::Value = serde_json::from_str(&said).unwrap();
    assert_eq!((status[0]["pages_done"].as_u64(), status[0]["articles"].as_u64()), (Some(3), Some(3)), "{said}");
    assert_eq!(stdout_of(&attache_at(copy, &sources_json)), said);
}

/// Issue 17: events are partitioned by month on PostgreSQL: each in the
/// partition of its date's month (made when the month first came), the
/// undated in the default one, which takes nothing else; `check` finds an
/// event stored twice, which the partitioned keys no longer refuse.
#[test]
fn events_are_kept_in_a_partition_per_month() {
    let Some(url) = pg_database("partitions") else { return };
    stdout_of(&attache_at(&url, &["ingest", repo().join("examples/news").to_str().unwrap()]));
    let months = pg_count(&url, "SELECT count(DISTINCT substr(date, 1, 7)) FROM events WHERE length(date) >= 7");
    let partitions = pg_count(&url, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass");
    assert!(months >= 3, "the sample has events of {months} month(s)");
    assert_eq!(partitions, months + 1, "a partition per month and the default one");
    let misplaced = "SELECT count(*) FROM events WHERE tableoid::regclass::text <>
        CASE WHEN length(date) >= 7 THEN 'events_' || replace(substr(date, 1, 7), '-', '_') ELSE 'events_undated' END";
    assert_eq!(pg_count(&url, misplaced), 0);
    assert!(pg_count(&url, "SELECT count(*) FROM events_undated") > 0);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    // A month without its partition is refused, never kept in the default one.
    let unmade = "INSERT INTO events (article_id, idx, type, source_countries, target_countries, actors, topics, evidence, month)
                  VALUES (1, 99, 'MEET', '', '', '', '', '', '2020-01')";
    assert!(client.batch_execute(unmade).is_err(), "the default partition took a dated event");
    assert_eq!(stdout_of(&attache_at(&url, &["check"])), "ok\n");
    client
        .batch_execute(
            "CREATE TABLE events_1999_01 PARTITION OF events FOR VALUES IN ('1999-01');
             INSERT INTO events (id, article_id, idx, type, date, source_countries, target_countries, actors, topics, evidence, month)
             OVERRIDING SYSTEM VALUE
             SELECT id, article_id, idx, type, '1999-01-01', source_countries, target_countries, actors, topics, evidence, '1999-01'
             FROM events WHERE month <> '' ORDER BY id LIMIT 1",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    let checked = attache_at(&url, &["check"]);
    assert!(!checked.status.success());
    let said = String::from_utf8_lossy(&checked.stdout).into_owned();
    assert!(
        said.contains("1 id(s) given to more than one event") && said.contains("1 event(s) of an article stored twice"),
        "{said}"
    );
}

/// What a copied store is compared by: every kind of record it holds.
const COPY_QUERIES: [&[&str]; 10] = [
    &["export", "--format", "annotation"],
    &["stats", "--format", "json"],
    &["actors", "--format", "jsonl"],
    &["actors", "log"],
    &["events", "--format", "jsonl"],
    &["occurrences", "--format", "jsonl"],
    &["commitments", "--format", "jsonl"],
    &["articles", "--query", "minist*", "--format", "jsonl"],
    &["sources", "--format", "json"],
    &["check"],
];

/// Each of `COPY_QUERIES` answers on `b` as on `a` (a path or a URL each).
fn assert_same_answers(a: &str, b: &str, what: &str) {
    for query in COPY_QUERIES {
        let (x, y) = (stdout_of(&attache_at(a, query)), stdout_of(&attache_at(b, query)));
        assert!(!x.trim().is_empty(), "`{}` says nothing", query.join(" "));
        assert!(x == y, "{what}: `{}` differs:\n{x}\n---\n{y}", query.join(" "));
    }
}

/// Issue 17: `attache copy` moves a store from SQLite to PostgreSQL and
/// back, and every read answers on each copy as on the original; a
/// destination holding anything is refused by name and left as it was;
/// a copy goes on taking ingests as its original does (ids continue).
#[test]
fn a_store_copied_to_postgres_and_back_answers_as_the_original() {
    let Some(url) = pg_database("copy") else { return };
    let news = files(&repo().join("examples/news"));
    let (first, rest) = news.split_at(news.len() / 2);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let lite = db.to_str().unwrap();
    let mut args = vec!["ingest"];
    args.extend(first.iter().map(|p| p.to_str().unwrap()));
    stdout_of(&attache(&db, &args));
    // A curation, so the log and a full resolution's ids are copied too.
    let (_, person, _, _) = sample_ids(&db);
    stdout_of(&attache(&db, &["actors", "alias", &person, "A Name Given By Hand"]));
    let copied = attache_at(lite, &["copy", "--from", lite, "--to", &url]);
    assert!(stderr(&copied).contains(" document(s), "), "{}", stderr(&copied));
    assert_same_answers(lite, &url, "SQLite copied to PostgreSQL");
    let back = dir.path().join("b.db");
    let back = back.to_str().unwrap();
    stdout_of(&attache_at(lite, &["copy", "--from", &url, "--to", back]));
    assert_same_answers(lite, back, "copied back to SQLite");
    // A store holding anything is refused, by name, and left as it was.
    let before = stdout_of(&attache_at(&url, &["stats", "--format", "json"]));
    for (from, to) in [(lite, url.as_str()), (url.as_str(), back)] {
        let refused = attache_at(lite, &["copy", "--from", from, "--to", to]);
        assert!(!refused.status.success(), "copied into {to}, which holds a store");
        assert!(stderr(&refused).contains(&format!("{to} is not empty")), "{}", stderr(&refused));
    }
    assert_eq!(stdout_of(&attache_at(&url, &["stats", "--format", "json"])), before);
    // Ingests go on in the copy as in the original: new ids after the copied ones.
    let mut args = vec!["ingest"];
    args.extend(rest.iter().map(|p| p.to_str().unwrap()));
    stdout_of(&attache(&db, &args));
    stdout_of(&attache_at(&url, &args));
    assert_same_answers(lite, &url, "the original and its copy after more ingests");
}

/// A SQLite file and a PostgreSQL database, each with the sample corpus.
fn sample_on_both(name: &str) -> Option<(tempfile::TempDir, PathBuf, String)> {
    let url = pg_database(name)?;
    let news = repo().join("examples/news");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    stdout_of(&attache(&db, &["ingest", news.to_str().unwrap()]));
    stdout_of(&attache_at(&url, &["ingest", news.to_str().unwrap()]));
    Some((dir, db, url))
}

/// Ids to ask about, read from the SQLite store: the newest article, the
/// most mentioned person (id and name), the most reported occurrence.
fn sample_ids(db: &Path) -> (String, String, String, String) {
    let first = |args: &[&str], pick: &dyn Fn(&serde_json::Value) -> bool, key: &str| -> String {
        let out = stdout_of(&attache(db, args));
        let v = out.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()).find(|v| pick(v)).unwrap();
        v[key].as_str().map_or_else(|| v[key].to_string(), str::to_string)
    };
    let person = |v: &serde_json::Value| v["kind"] == "person";
    (
        first(&["articles", "--format", "jsonl"], &|_| true, "id"),
        first(&["actors", "--format", "jsonl"], &person, "id"),
        first(&["actors", "--format", "jsonl"], &person, "name"),
        first(&["occurrences", "--format", "jsonl"], &|_| true, "id"),
    )
}

/// Issue 17: every command that reads gives on PostgreSQL what it gives on
/// SQLite for the same inputs, byte for byte (output and exit status).
#[test]
fn every_read_command_answers_on_postgres_as_on_sqlite() {
    let Some((_dir, db, url)) = sample_on_both("reads") else { return };
    let (article, actor, name, _) = sample_ids(&db);
    let commands: Vec<Vec<&str>> = vec![
        vec!["articles"],
        vec!["articles", "--format", "csv"],
        vec!["articles", "--query", "talks", "--format", "jsonl"],
        vec!["articles", "--query", "minist* COOPERATION"],
        vec!["articles", "--query", "COVID-19 vaccine*"],
        vec!["articles", "--query", "Élysée"],
        vec!["articles", "--query", "\"trade\" OR NEAR(a b)", "--since", "2024"],
        vec!["articles", "--until", "2025-03", "--limit", "5"],
        vec!["show", &article],
        vec!["show", &article, "--format", "json"],
        vec!["explain", &article],
        vec!["actors"],
        vec!["actors", "--country", "KAZ", "--format", "jsonl"],
        vec!["actors", "--kind", "person"],
        vec!["actors", "log"],
        vec!["actor", &actor],
        vec!["actor", &actor, "--format", "json"],
        vec!["actor", &name],
        vec!["occurrences"],
        vec!["occurrences", "--actor", &actor, "--format", "jsonl"],
        vec!["commitments"],
        vec!["commitments", "--format", "jsonl"],
        vec!["commitments", "--status", "open"],
        vec!["commitments", "--status", "fulfilled", "--format", "jsonl"],
        vec!["commitments", "--status", "lapsed"],
        vec!["commitments", "--country", "USA"],
        vec!["relations", "KAZ", "UZB"],
        vec!["relations", "USA", "CHN", "--format", "jsonl"],
        vec!["relations", "KAZ", "DEU", "--since", "2025", "--until", "2025-12"],
        vec!["events", "--format", "csv"],
        vec!["events", "--country", "KAZ", "--counterpart", "UZB,DEU"],
        vec!["events", "--type", "MEET,AGREE", "--mode", "visit", "--format", "jsonl"],
        vec!["events", "--actor", "tokayev", "--topic", "trade"],
        vec!["events", "--query", "minister talks", "--since", "2025-01", "--until", "2026"],
        vec!["events", "--count", "--country", "USA"],
        vec!["export", "--format", "annotation"],
        vec!["export", "--format", "jsonl"],
        vec!["export", "--format", "csv"],
        vec!["export", "--format", "plover"],
        vec!["export", "--format", "cameo"],
        vec!["brief"],
        vec!["check"],
        vec!["stats"],
        vec!["stats", "--format", "json"],
        vec!["sources"],
        vec!["sources", "--format", "json"],
    ];
    let mut searched = 0;
    for args in &commands {
        let (lite, pg) = (attache(&db, args), attache_at(&url, args));
        assert!(lite.status.success(), "{args:?} on SQLite: {}", stderr(&lite));
        assert!(pg.status.success(), "{args:?} on PostgreSQL: {}", stderr(&pg));
        let (a, b) = (String::from_utf8_lossy(&lite.stdout), String::from_utf8_lossy(&pg.stdout));
        assert!(a == b, "`attache {}` differs between SQLite and PostgreSQL:\n{a}\n---\n{b}", args.join(" "));
        searched += usize::from(args.contains(&"--query") && args[0] == "articles" && !a.trim().is_empty());
    }
    assert!(searched >= 3, "the searches found too little to compare");
}

/// Every path of the API (`openapi.json`), asked with its filters.
fn api_paths(article: &str, actor: &str, occurrence: &str, event: &str) -> Vec<String> {
    let mut paths: Vec<String> = [
        "/api/v1/openapi.json",
        "/api/v1/articles",
        "/api/v1/articles?q=talks&limit=3",
        "/api/v1/articles?q=minist*%20cooperation",
        "/api/v1/articles?q=%C3%89lys%C3%A9e",
        "/api/v1/articles?q=COVID-19&since=2020",
        "/api/v1/articles?until=2025-03&format=csv",
        "/api/v1/articles?q=trade&format=jsonl",
        "/api/v1/events?limit=5",
        "/api/v1/events?q=minister&country=KAZ&format=csv",
        "/api/v1/aggregate?by=month",
        "/api/v1/aggregate?by=actor",
        "/api/v1/aggregate?by=organisation,type",
        "/api/v1/aggregate?by=topic&q=minister",
        "/api/v1/aggregate?by=country,actor&type=MEET",
        "/api/v1/actors",
        "/api/v1/actors?country=KAZ&limit=3",
        "/api/v1/actors?q=tok&kind=person",
        "/api/v1/actors?format=csv",
        "/api/v1/relations/KAZ/UZB",
        "/api/v1/relations/USA/CHN?since=2020",
        "/api/v1/network",
        "/api/v1/network?country=KAZ",
        "/api/v1/network?type=MEET&since=2025",
        "/api/v1/commitments",
        "/api/v1/commitments?status=open&limit=2",
        "/api/v1/commitments?country=USA&format=jsonl",
        "/api/v1/facts",
        "/api/v1/facts?what=trade&limit=2",
        "/api/v1/facts?country=KAZ&format=csv",
        "/api/v1/occurrences",
        "/api/v1/occurrences?type=MEET&limit=3",
        "/api/v1/stats",
        "/api/v1/sources",
        "/api/v1/vocabulary",
        "/api/v1/articles/999999",
        "/api/v1/actors/nobody-at-all",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    paths.extend([
        format!("/api/v1/articles/{article}"),
        format!("/api/v1/events/{event}"),
        format!("/api/v1/actors/{actor}"),
        format!("/api/v1/occurrences?actor={actor}"),
        format!("/api/v1/occurrences/{occurrence}"),
    ]);
    paths
}

/// What differs between two stores of the same inputs whatever their
/// backend: when each was ingested (`last_ingested`) and the version of its
/// schema (`schema_version`: SQLite's and PostgreSQL's migrations are
/// numbered apart). Masked in `/api/v1/stats` only.
fn masked(path: &str, body: String) -> String {
    if path != "/api/v1/stats" {
        return body;
    }
    let mut v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["last_ingested"] = serde_json::Value::Null;
    v["schema_version"] = serde_json::Value::Null;
    v.to_string()
}

/// Issue 17: every GET of the API answers on PostgreSQL as on SQLite, byte
/// for byte (status and body), asked twice: before and after the server's
/// index is built (the first answers may come from SQL, later ones from it).
#[test]
fn every_api_get_answers_on_postgres_as_on_sqlite() {
    let Some((_dir, db, url)) = sample_on_both("api") else { return };
    let (article, actor, _, occurrence) = sample_ids(&db);
    let (_lite, lite) = common::serve(db.to_str().unwrap());
    let (_pg, pg) = common::serve(&url);
    let (_, first) = get(&lite, "/api/v1/events?limit=1");
    let event =
        serde_json::from_str::<serde_json::Value>(&first).unwrap()["items"][0]["id"].as_str().unwrap().to_string();
    let paths = api_paths(&article, &actor, &occurrence, &event);
    // Every path of the API is asked.
    let (_, doc) = get(&lite, "/api/v1/openapi.json");
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    for template in doc["paths"].as_object().unwrap().keys() {
        let prefix = template.split('{').next().unwrap();
        let has_arg = template.contains('{');
        let asked = paths.iter().any(|p| {
            let path = p.split('?').next().unwrap();
            if has_arg { path.starts_with(prefix) && path.len() > prefix.len() } else { path == template }
        });
        assert!(asked, "{template} is not compared");
    }
    for round in 0..2 {
        for path in &paths {
            let (a, b) = (get(&lite, path), get(&pg, path));
            assert!(a.0 == 200 || path.ends_with("999999") || path.ends_with("nobody-at-all"), "{path}: {}", a.1);
            let (a, b) = ((a.0, masked(path, a.1)), (b.0, masked(path, b.1)));
            assert!(a == b, "round {round}: {path} differs:\n{}\n---\n{}", a.1, b.1);
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}

/// A store of before full-text search (migration 3 marks its articles'
/// words to be filled in) is searchable once opened again for writing; a
/// reader (`serve`) refuses it until then rather than miss articles.
#[test]
fn articles_stored_before_search_are_indexed_when_the_store_is_next_opened() {
    let Some(url) = pg_database("words") else { return };
    stdout_of(&attache_at(&url, &["ingest", repo().join("examples/news").to_str().unwrap()]));
    let search = ["articles", "--query", "minist*", "--format", "jsonl"];
    let found = stdout_of(&attache_at(&url, &search));
    assert!(!found.trim().is_empty());
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute("UPDATE articles SET words = NULL; INSERT INTO meta (key, value) VALUES ('words_pending', '1')")
        .unwrap();
    let refused = bin().args(["--db", &url, "serve", "--addr", "127.0.0.1:0"]).stdin(Stdio::null()).output().unwrap();
    assert!(!refused.status.success() && stderr(&refused).contains("open it once for writing"), "{}", stderr(&refused));
    assert_eq!(stdout_of(&attache_at(&url, &search)), found);
    assert_eq!(pg_count(&url, "SELECT count(*) FROM articles WHERE words IS NULL"), 0);
    assert_eq!(pg_count(&url, "SELECT count(*) FROM meta WHERE key = 'words_pending'"), 0);
}

/// The files of `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

/// Rows that say one thing was stored twice: the same document content,
/// the same article of a document, two actors of one kind, country and
/// name, one report in two occurrences, one commitment twice.
const DUPLICATES: &[(&str, &str)] = &[
    ("documents", "SELECT count(*) FROM (SELECT hash FROM documents GROUP BY hash HAVING count(*) > 1) t"),
    (
        "articles",
        "SELECT count(*) FROM (SELECT d.hash, a.position FROM articles a JOIN documents d ON d.id = a.document_id
         GROUP BY 1, 2 HAVING count(*) > 1) t",
    ),
    ("actors", "SELECT count(*) FROM (SELECT kind, country, name FROM actors GROUP BY 1, 2, 3 HAVING count(*) > 1) t"),
    ("occurrence reports", "SELECT count(*) - count(DISTINCT (article_id, idx)) FROM occurrence_reports"),
    ("commitments", "SELECT count(*) - count(DISTINCT id) FROM commitments"),
    // Each link counted once in its actor's mentions: an article resolved twice would count twice.
    (
        "mentions",
        "SELECT (SELECT coalesce(sum(mentions), 0) FROM actors)::BIGINT - (SELECT count(*) FROM actor_mentions)",
    ),
];

#[test]
fn four_concurrent_ingests_of_overlapping_inputs_store_each_thing_once() {
    let Some(url) = pg_database("concurrent") else { return };
    let mut inputs = files(&repo().join("examples/news"));
    if let Some(shared) = shared() {
        inputs.extend(files(&shared.join("seeds")));
    }
    // Worker i takes the i-th quarter and the next one: every input twice.
    let quarter = inputs.len().div_ceil(4);
    let workers: Vec<std::process::Child> = (0..4)
        .map(|i| {
            let mine = (i * quarter..(i + 2) * quarter).map(|k| &inputs[k % inputs.len()]);
            let mut cmd: Command = bin();
            cmd.arg("--db").arg(&url).arg("ingest").args(mine).stdin(Stdio::null()).stdout(Stdio::null());
            cmd.stderr(Stdio::piped()).spawn().unwrap()
        })
        .collect();
    for w in workers {
        let out = w.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    for (what, sql) in DUPLICATES {
        assert_eq!(pg_count(&url, sql), 0, "{what} stored twice");
    }
    // The same counts as one SQLite ingest of everything.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("one.db");
    let mut args = vec!["ingest"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    stdout_of(&attache(&db, &args));
    let stats = |out: String| {
        let mut v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["resolution"]["resolved_upto"] = serde_json::Value::Null;
        v
    };
    let query = ["stats", "--format", "json"];
    assert_eq!(stats(stdout_of(&attache_at(&url, &query))), stats(stdout_of(&attache(&db, &query))));
    // The same actors, names, ids and mentions: resolution does not follow
    // the order in which the workers' articles were committed.
    let query = ["actors", "--format", "jsonl"];
    assert!(stdout_of(&attache_at(&url, &query)) == stdout_of(&attache(&db, &query)), "the actors differ");
}

#[test]
fn an_ingest_killed_anywhere_is_completed_by_running_it_again() {
    let Some(url) = pg_database("killed") else { return };
    let news = repo().join("examples/news");
    let news = news.to_str().unwrap();
    // Killed inside resolution (the crash hook aborts with every document committed) ...
    let crashed = bin()
        .args(["--db", &url, "ingest", news])
        .env("ATTACHE_CRASH_AFTER", "10")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(stderr(&crashed).contains("ATTACHE_CRASH_AFTER: aborting"), "{}", stderr(&crashed));
    // ... then with SIGKILL while it stores documents, wherever it is by then.
    let mut child =
        bin().args(["--db", &url, "ingest", news]).stdin(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    stdout_of(&attache_at(&url, &["ingest", news]));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clean.db");
    stdout_of(&attache(&db, &["ingest", news]));
    for query in [&["export", "--format", "annotation"][..], &["stats", "--format", "json"]] {
        let (lite, pg) = (stdout_of(&attache(&db, query)), stdout_of(&attache_at(&url, query)));
        assert!(lite == pg, "after the crashes, `{}` differs from a clean SQLite run", query.join(" "));
    }
}

/// Issue 17, bar 5: the API's events (pages by SQL and by the index built
/// from the store, filters, cursors, one event with its occurrence) answer
/// on PostgreSQL byte for byte as on SQLite.
#[test]
fn serve_answers_events_on_postgres_as_on_sqlite() {
    let Some(url) = pg_database("serve") else { return };
    let news = repo().join("examples/news");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    stdout_of(&attache(&db, &["ingest", news.to_str().unwrap()]));
    stdout_of(&attache_at(&url, &["ingest", news.to_str().unwrap()]));
    let (_lite, lite) = common::serve(db.to_str().unwrap());
    let (_pg, pg) = common::serve(&url);
    let (status, first) = get(&pg, "/api/v1/events?limit=3");
    assert_eq!(status, 200, "{first}");
    let page: serde_json::Value = serde_json::from_str(&first).unwrap();
    let id = page["items"][0]["id"].as_str().unwrap().to_string();
    let cursor = page["next_cursor"].as_str().unwrap().to_string();
    let paths = [
        "/api/v1/events?limit=3".to_string(),
        format!("/api/v1/events?limit=3&cursor={cursor}"),
        "/api/v1/events?country=USA&type=MEET,AGREE&limit=5".to_string(),
        "/api/v1/events?topic=trade&sort=oldest&limit=4".to_string(),
        "/api/v1/events?q=minister&limit=2".to_string(),
        "/api/v1/events?since=2025-01-01&until=2025-12&limit=50".to_string(),
        format!("/api/v1/events/{id}"),
    ];
    // Asked twice: the first answers may come from SQL, the later ones from
    // the index once it is built.
    for round in 0..2 {
        for path in &paths {
            let (a, b) = (get(&lite, path), get(&pg, path));
            assert_eq!(a.0, 200, "{path}: {}", a.1);
            assert!(a == b, "round {round}: {path} differs:\n{}\n{}", a.1, b.1);
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    let (status, body) = get(&pg, "/api/v1/stats");
    assert_eq!(status, 200, "{body}");
}

/// The server on PostgreSQL sees events ingested while it runs: its change
/// mark (the last event id its writers note in `meta`, where `max(id)` would
/// ask every month's partition) moves when they commit.
#[test]
fn serve_on_postgres_sees_events_ingested_while_it_runs() {
    let Some(url) = pg_database("mark") else { return };
    let news = files(&repo().join("examples/news"));
    let (first, rest) = news.split_at(news.len() / 2);
    let ingest = |inputs: &[PathBuf]| {
        let mut args = vec!["ingest"];
        args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
        stdout_of(&attache_at(&url, &args));
    };
    let events = |body: &str| serde_json::from_str::<serde_json::Value>(body).unwrap()["events"].as_i64().unwrap();
    ingest(first);
    let (_server, addr) = common::serve(&url);
    let before = events(&get(&addr, "/api/v1/stats").1);
    ingest(rest);
    let now = events(&stdout_of(&attache_at(&url, &["stats", "--format", "json"])));
    assert!(now > before, "the second half added no event");
    assert_eq!(
        pg_count(&url, "SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'last_event'"),
        pg_count(&url, "SELECT max(id) FROM events")
    );
    assert_eq!(events(&get(&addr, "/api/v1/stats").1), now, "the server still counts the events of before");
}

/// Events read by key (a cold page of the server: the month of each event
/// names its partition) are the events read by id, in the keys' order: keys
/// of one month, of more months than are named in the SQL, undated ones,
/// and a key dated wrongly (its event is then looked for everywhere).
#[test]
fn events_read_by_key_are_the_events_read_by_id() {
    let Some(url) = pg_database("keys") else { return };
    stdout_of(&attache_at(&url, &["ingest", repo().join("examples/news").to_str().unwrap()]));
    let store = attache_store::Store::open(Path::new(&url)).unwrap();
    let all = store.events_page(&attache_store::EventQuery::default(), None, 10_000).unwrap();
    let key = |r: &attache_store::EventRow| attache_store::EventKey { date: r.date.clone(), rowid: r.rowid };
    let month = |r: &attache_store::EventRow| r.date.as_deref().and_then(|d| d.get(..7)).map(str::to_string);
    let mut months: Vec<Option<String>> = all.iter().map(month).collect();
    months.sort_unstable();
    months.dedup();
    assert!(months.len() > 5 && months.contains(&None), "months: {months:?}");
    let one_month: Vec<_> = all.iter().filter(|r| month(r) == months[1]).collect();
    let undated: Vec<_> = all.iter().filter(|r| r.date.is_none()).take(3).collect();
    let mut wrong: Vec<attache_store::EventKey> = one_month.iter().map(|r| key(r)).collect();
    wrong[0].date = Some("1999-01-01".into());
    let sets: Vec<Vec<attache_store::EventKey>> = vec![
        one_month.iter().map(|r| key(r)).collect(),
        one_month.iter().chain(&undated).rev().map(|r| key(r)).collect(),
        all.iter().map(key).collect(),
        wrong,
        Vec::new(),
    ];
    let shown = |rows: Vec<attache_store::EventRow>| -> Vec<String> {
        rows.iter().map(|r| format!("{} {} {:?} {:?} {:?}", r.rowid, r.kind, r.date, r.source, r.target)).collect()
    };
    for keys in sets {
        let ids: Vec<i64> = keys.iter().map(|k| k.rowid).collect();
        let (by_key, by_id) = (store.events_by_keys(&keys).unwrap(), store.events_by_rowids(&ids).unwrap());
        assert_eq!(by_key.iter().map(|r| r.rowid).collect::<Vec<_>>(), ids);
        assert_eq!(shown(by_key), shown(by_id));
    }
}
