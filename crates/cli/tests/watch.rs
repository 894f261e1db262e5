//! `attache watch` end to end: the real binary against real HTTP servers on
//! loopback (tests/server of the watch crate), one per host (127.0.0.1,
//! 127.0.0.2, ...), whose fixtures change between polls and whose request
//! log is the evidence. Issue 18's bars 1, 2, 3 and 5.

mod common;
#[path = "../../watch/tests/server/mod.rs"]
mod server;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{attache, bin, stderr};
use server::{Body, Reply, Server, article_page, index_page, rss, sitemap};

/// A sources file: `[watch]` settings, then `(name, url, kind, pattern)` sources.
fn sources_file(dir: &Path, watch: &str, sources: &[(&str, String, &str, Option<&str>)]) -> std::path::PathBuf {
    let mut text = format!("[watch]\ncontact = \"tests@example.invalid\"\n{watch}\n");
    for (name, url, kind, pattern) in sources {
        text.push_str(&format!("\n[[source]]\nname = \"{name}\"\nurl = \"{url}\"\nkind = \"{kind}\"\n"));
        if let Some(p) = pattern {
            text.push_str(&format!("link_pattern = \"{p}\"\n"));
        }
    }
    let path = dir.join("sources.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn watch_once(db: &Path, sources: &Path) -> String {
    let out = attache(db, &["watch", "--once", "--sources", sources.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(out.status.success(), "watch failed: {err}");
    err
}

/// The URLs of the current articles (one per article).
fn article_urls(db: &Path) -> Vec<String> {
    let out = attache(db, &["articles", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut urls: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["url"].as_str().unwrap_or("").to_string())
        .collect();
    urls.sort();
    urls
}

fn sources_lines(db: &Path) -> Vec<String> {
    let out = attache(db, &["sources"]);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

fn links(prefix: &str, range: std::ops::RangeInclusive<usize>) -> Vec<(String, String)> {
    range.map(|i| (format!("{prefix}{i}"), format!("Fixture story {prefix}{i}"))).collect()
}

fn serve_pages(server: &Server, paths: &[String], topic: &str) {
    for (i, p) in paths.iter().enumerate() {
        let n = p.bytes().fold(i, |h, b| h.wrapping_mul(31).wrapping_add(b as usize)) % 100_000;
        server.set(p, Reply::html(article_page(n, topic)).validators(&format!("{p}-v1")));
    }
}

#[test]
fn bar1_a_second_poll_is_all_304_and_a_third_stores_exactly_the_new_articles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let log = std::sync::Arc::default();
    let (a, b, c) = (
        Server::start_logging("127.0.0.1", std::sync::Arc::clone(&log)),
        Server::start_logging("127.0.0.2", std::sync::Arc::clone(&log)),
        Server::start_logging("127.0.0.3", log),
    );
    a.set("/robots.txt", Reply::text("User-agent: *\nDisallow: /private/\n").validators("r1"));
    let feed_links = links("/news/", 1..=3);
    a.set("/feed.xml", Reply::xml(rss(&a.url(""), &feed_links)).validators("f1"));
    serve_pages(&a, &feed_links.iter().map(|l| l.0.clone()).collect::<Vec<_>>(), "ferries");
    let mut map_paths: Vec<String> = (1..=2).map(|i| format!("/a/{i}")).collect();
    b.set("/sitemap.xml", Reply::xml(sitemap(&b.url(""), &map_paths)).validators("s1"));
    serve_pages(&b, &map_paths, "roads");
    let index_paths: Vec<String> = (1..=2).map(|i| format!("/en/news/{i}")).collect();
    c.set("/en/", Reply::html(index_page(&index_paths)).validators("i1"));
    serve_pages(&c, &index_paths, "students");
    let sources = sources_file(
        dir.path(),
        "delay = \"20ms\"",
        &[
            ("Fixture wire", a.url("/feed.xml"), "feed", None),
            ("Fixture map", b.url("/sitemap.xml"), "sitemap", None),
            ("Fixture ministry", c.url("/en/"), "index", Some("/en/news/")),
        ],
    );

    // First poll: every article stored, each under its page's URL.
    watch_once(&db, &sources);
    let first = article_urls(&db);
    let mut expected: Vec<String> = feed_links.iter().map(|l| a.url(&l.0)).collect();
    expected.extend(map_paths.iter().map(|p| b.url(p)));
    expected.extend(index_paths.iter().map(|p| c.url(p)));
    expected.sort();
    assert_eq!(first, expected, "first poll");
    let log1 = a.log();
    assert!(log1.iter().all(|r| {
        r.user_agent.as_deref().is_some_and(|u| u.starts_with("attache/") && u.contains("tests@example.invalid"))
    }));
    eprintln!("bar 1, poll 1: {} requests, {} articles", log1.len(), first.len());

    // Second poll: only conditional requests, all answered 304, nothing stored.
    a.clear_log();
    let said = watch_once(&db, &sources);
    let log2 = a.log();
    assert_eq!(log2.len(), 3, "the three listings only (robots.txt is fresh): {log2:?}");
    assert!(log2.iter().all(|r| r.conditional() && r.status == 304), "{log2:?}");
    assert_eq!(article_urls(&db), expected, "second poll");
    assert!(said.contains("0 documents added") && said.contains("0 articles added"), "{said}");
    eprintln!("bar 1, poll 2: {} requests, all conditional, all 304; 0 articles added", log2.len());

    // The fixtures change: two new feed items, one new sitemap entry.
    let more = links("/news/", 1..=5);
    a.set("/feed.xml", Reply::xml(rss(&a.url(""), &more)).validators("f2"));
    serve_pages(&a, &more[3..].iter().map(|l| l.0.clone()).collect::<Vec<_>>(), "ferries again");
    map_paths.push("/a/3".into());
    b.set("/sitemap.xml", Reply::xml(sitemap(&b.url(""), &map_paths)).validators("s2"));
    serve_pages(&b, &map_paths[2..], "roads again");
    a.clear_log();
    watch_once(&db, &sources);
    let log3 = a.log();
    let pages: BTreeSet<String> =
        log3.iter().filter(|r| !r.path.ends_with(".xml") && r.path != "/en/").map(|r| r.path.clone()).collect();
    assert_eq!(pages, ["/a/3", "/news/4", "/news/5"].map(String::from).into(), "third poll fetched: {log3:?}");
    let third = article_urls(&db);
    let mut now_expected = expected.clone();
    now_expected.extend([a.url("/news/4"), a.url("/news/5"), b.url("/a/3")]);
    now_expected.sort();
    assert_eq!(third, now_expected, "third poll stores exactly the new ones");
    eprintln!("bar 1, poll 3: {} requests, {} new articles", log3.len(), third.len() - first.len());
    let lines = sources_lines(&db);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("Fixture wire\tfeed\t5 articles") && l.ends_with("ok")), "{lines:?}");
}

#[test]
fn bar2_robots_retry_after_and_the_delay_per_host_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let a = Server::start("127.0.0.4");
    a.set("/robots.txt", Reply::text("User-agent: attache\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n"));
    let feed_links = vec![
        ("/news/1".to_string(), "Open story one".to_string()),
        ("/private/2".to_string(), "Closed story two".to_string()),
        ("/news/3".to_string(), "Open story three".to_string()),
    ];
    a.set("/feed.xml", Reply::xml(rss(&a.url(""), &feed_links)));
    a.once("/feed.xml", Reply::status(429).header("Retry-After", "2"));
    serve_pages(&a, &["/news/1".into(), "/private/2".into(), "/news/3".into()], "harbours");
    a.once("/news/3", Reply::status(503).header("Retry-After", "1"));
    let sources = sources_file(dir.path(), "delay = \"300ms\"", &[("Fixture wire", a.url("/feed.xml"), "feed", None)]);
    watch_once(&db, &sources);
    let log = a.log();
    let paths: Vec<&str> = log.iter().map(|r| r.path.as_str()).collect();
    assert!(!paths.contains(&"/private/2"), "robots.txt disallows /private/: {paths:?}");
    assert_eq!(paths[0], "/robots.txt", "{paths:?}");
    let gap = |path: &str, status: u16| {
        let i = log.iter().position(|r| r.path == path && r.status == status).unwrap();
        let next = log[i + 1..].iter().find(|r| r.path == path).unwrap();
        next.at - log[i].at
    };
    let after_429 = gap("/feed.xml", 429);
    let after_503 = gap("/news/3", 503);
    assert!(after_429 >= Duration::from_millis(1900), "Retry-After: 2 on a 429, the next try {after_429:?} later");
    assert!(after_503 >= Duration::from_millis(900), "Retry-After: 1 on a 503, the next try {after_503:?} later");
    let mut gaps: Vec<Duration> = log.windows(2).map(|w| w[1].at - w[0].at).collect();
    gaps.sort();
    assert!(gaps[0] >= Duration::from_millis(280), "one request at a time, 300 ms apart: {gaps:?}");
    eprintln!(
        "bar 2: {} requests, none to /private/; after the 429 {after_429:?}, after the 503 {after_503:?}; smallest gap {:?}",
        log.len(),
        gaps[0]
    );
    // The disallowed page keeps its feed item's own text; the others are stored whole.
    let urls = article_urls(&db);
    assert_eq!(urls, [a.url("/news/1"), a.url("/news/3"), a.url("/private/2")]);
    let lines = sources_lines(&db);
    assert!(lines[0].contains("disallowed by robots.txt") && lines[0].contains("/private/2"), "{lines:?}");
}

#[test]
fn bar3_a_watch_killed_and_restarted_loses_nothing_and_stores_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let a = Server::start("127.0.0.5");
    let feed_links = links("/story/", 1..=24);
    a.set("/feed.xml", Reply::xml(rss(&a.url(""), &feed_links)).validators("f"));
    let paths: Vec<String> = feed_links.iter().map(|l| l.0.clone()).collect();
    serve_pages(&a, &paths, "rail freight");
    for p in &paths {
        let page = article_page(p.len() * 1000 + p.bytes().map(usize::from).sum::<usize>(), p);
        a.set(p, Reply::html(page).validators(p).latency(Duration::from_millis(80)));
    }
    let sources = sources_file(dir.path(), "delay = \"10ms\"", &[("Fixture wire", a.url("/feed.xml"), "feed", None)]);
    let expected: Vec<String> = {
        let mut v: Vec<String> = paths.iter().map(|p| a.url(p)).collect();
        v.sort();
        v
    };
    for (i, kill_after) in [700u64, 1400, 2200].into_iter().enumerate() {
        let db = dir.path().join(format!("k{i}.db"));
        let mut child = bin()
            .arg("--db")
            .arg(&db)
            .args(["watch", "--batch", "4", "--sources", sources.to_str().unwrap()])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(kill_after));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let before = if db.exists() { article_urls(&db).len() } else { 0 };
        let started = Instant::now();
        watch_once(&db, &sources);
        let urls = article_urls(&db);
        assert_eq!(urls, expected, "killed after {kill_after} ms: every article once");
        let check = attache(&db, &["check"]);
        assert_eq!(String::from_utf8_lossy(&check.stdout).trim(), "ok");
        let stats: serde_json::Value =
            serde_json::from_slice(&attache(&db, &["stats", "--format", "json"]).stdout).unwrap();
        assert_eq!(stats["documents"], serde_json::json!(24), "{stats}");
        eprintln!(
            "bar 3: killed after {kill_after} ms with {before} articles stored; the restart took {:?}, {} articles, none twice",
            started.elapsed(),
            urls.len()
        );
    }
}

#[test]
fn bar5_a_malformed_feed_a_huge_page_and_a_redirect_loop_each_say_one_line_and_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let a = Server::start("127.0.0.6");
    let good = links("/good/", 1..=2);
    a.set("/good.xml", Reply::xml(rss(&a.url(""), &good)));
    serve_pages(&a, &good.iter().map(|l| l.0.clone()).collect::<Vec<_>>(), "bridges");
    a.set("/bad.xml", Reply::xml("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Cut<item><title>half"));
    let huge = vec![("/huge/1".to_string(), "A very long page".to_string())];
    a.set("/huge.xml", Reply::xml(rss(&a.url(""), &huge)));
    a.set("/huge/1", Reply { body: Body::Huge { n: 100 << 20, announce: false }, ..Reply::html("") });
    a.set("/loop/a", Reply::redirect("/loop/b"));
    a.set("/loop/b", Reply::redirect(&a.url("/loop/a")));
    let sources = sources_file(
        dir.path(),
        "delay = \"10ms\"\ntries = 1",
        &[
            ("Good wire", a.url("/good.xml"), "feed", None),
            ("Broken wire", a.url("/bad.xml"), "feed", None),
            ("Huge wire", a.url("/huge.xml"), "feed", None),
            ("Looping ministry", a.url("/loop/a"), "index", None),
        ],
    );
    let said = watch_once(&db, &sources);
    let lines = sources_lines(&db);
    eprintln!("bar 5:\n{}", lines.join("\n"));
    assert_eq!(lines.len(), 4, "{said}");
    let line = |name: &str| lines.iter().find(|l| l.starts_with(name)).unwrap().clone();
    assert!(line("Good wire").contains("2 articles") && line("Good wire").ends_with("ok"));
    assert!(line("Broken wire").contains("error: malformed or truncated feed"), "{}", line("Broken wire"));
    let huge_line = line("Huge wire");
    assert!(huge_line.contains("error: page over the size limit of 16777216 bytes") && huge_line.contains("/huge/1"));
    assert!(
        line("Looping ministry").contains("error: redirect loop: ") && line("Looping ministry").contains("/loop/b")
    );
    // The page over the limit keeps its feed item's text.
    assert!(article_urls(&db).contains(&a.url("/huge/1")));
}

#[test]
fn sigterm_stops_a_watch_between_two_writes_and_a_restart_finishes_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let a = Server::start("127.0.0.7");
    let feed_links = links("/item/", 1..=12);
    a.set("/feed.xml", Reply::xml(rss(&a.url(""), &feed_links)).validators("f"));
    for (i, (p, _)) in feed_links.iter().enumerate() {
        a.set(p, Reply::html(article_page(5000 + i, "winter roads")).latency(Duration::from_millis(150)));
    }
    let sources = sources_file(dir.path(), "delay = \"10ms\"", &[("Fixture wire", a.url("/feed.xml"), "feed", None)]);
    let log_path = dir.path().join("watch.log");
    let mut child = bin()
        .arg("--db")
        .arg(&db)
        .args(["watch", "--batch", "2", "--sources", sources.to_str().unwrap()])
        .stdin(Stdio::null())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    // Mid-way through the pages: some stored, some not.
    let started = Instant::now();
    while a.log().iter().filter(|r| r.path.starts_with("/item/")).count() < 5
        && started.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let term = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(term.success());
    let status = child.wait().unwrap();
    let said = std::fs::read_to_string(&log_path).unwrap();
    assert!(status.success(), "{said}");
    assert!(said.lines().last().is_some_and(|l| l.starts_with("stopped:")), "{said}");
    let fetched = a.log().iter().filter(|r| r.path.starts_with("/item/")).count();
    let stored = article_urls(&db).len();
    assert!(stored < 12, "stopped before the end ({stored} stored)");
    assert_eq!(String::from_utf8_lossy(&attache(&db, &["check"]).stdout).trim(), "ok");
    watch_once(&db, &sources);
    assert_eq!(article_urls(&db).len(), 12, "the restart fetched the rest");
    eprintln!("SIGTERM after {fetched} page requests: {stored} articles stored, 12 after the restart");
}
