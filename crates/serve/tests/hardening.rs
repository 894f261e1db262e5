//! The server as an attacker meets it (issue 15): a real server on loopback
//! over a store ingested by the real pipeline, requests written by hand so
//! any `Host` can be sent. Stored `javascript:` links, hosts that are not
//! ours, free text that looks like FTS5 syntax, and a failing query.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use attache_serve::{AllowedHosts, CONTENT_SECURITY_POLICY};
use serde_json::Value;

/// An added host name the server is started with.
const ADDED_HOST: &str = "attache.test";

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// One HTTP/1.0 GET with the `Host` given (`None`: no Host header at all).
fn get(addr: &str, path: &str, host: Option<&str>) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    write!(stream, "GET {path} HTTP/1.0\r\n{host}Connection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).unwrap().parse().unwrap();
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    Reply { status, headers, body: body.to_string() }
}

/// A request from the loopback address the server listens on.
fn local(addr: &str, path: &str) -> Reply {
    get(addr, path, Some(addr))
}

fn encode(q: &str) -> String {
    q.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Inputs in our own words: a crawl, a Markdown note and a page whose links
/// are scripts, a crawl record with a real link, and a text full of words
/// that FTS5 would read as syntax.
fn write_inputs(dir: &Path) -> PathBuf {
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(
        inputs.join("crawl.jsonl"),
        "{\"id\":\"js\",\"url\":\"javascript:alert(document.domain)\",\"title\":\"Envoys in Lima\",\
         \"text\":\"The envoys of Peru and Chile met in Lima on Monday to talk about fishing rights.\"}\n\
         {\"id\":\"web\",\"url\":\"https://news.example.org/quito\",\"title\":\"Talks in Quito\",\
         \"text\":\"The foreign ministers of Ecuador and Colombia met in Quito on Friday.\"}\n",
    )
    .unwrap();
    std::fs::write(
        inputs.join("note.md"),
        "---\ntitle: Ministers in Riga\nsource_url: javascript:alert(1)\ndate: 2026-04-10\n---\n\n\
         The ministers of Latvia and Estonia met in Riga on Tuesday to plan a rail link.\n",
    )
    .unwrap();
    std::fs::write(
        inputs.join("page.html"),
        "<html lang=\"en\"><head><title>Talks in Hanoi</title>\
         <link rel=\"canonical\" href=\"javascript:alert(1)\"></head><body><article><h1>Talks in Hanoi</h1>\
         <p>The foreign ministers of Viet Nam and Canada met in Hanoi on Tuesday and agreed to widen their trade ties.</p>\
         <p>They also spoke about a new air link between the two capitals, which both sides hope to open next year.</p>\
         </article></body></html>",
    )
    .unwrap();
    std::fs::write(
        inputs.join("words.txt"),
        "Vaccine talks in Cairo\n\nThe U.S. envoy Mary O'Brien and President al-Sisi discussed COVID-19 vaccines \
         in Cairo on 2026-04-15, the ministry said.\n",
    )
    .unwrap();
    inputs
}

/// Starts a server over `db` on a thread of its own; returns its address.
fn start(db: &Path) -> String {
    let pool = attache_serve::Pool::open(db, 2).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let app = attache_serve::app_for(pool, AllowedHosts::new(&[ADDED_HOST.to_string()]));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            attache_serve::serve(listener, app, std::future::pending()).await.unwrap();
        });
    });
    rx.recv().unwrap().to_string()
}

struct Server {
    addr: String,
    db: PathBuf,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let db = dir.join("hardening.db");
        let inputs = write_inputs(&dir);
        let mut store = attache_store::Store::open(&db).unwrap();
        let config = attache_pipeline::IngestConfig::default();
        let report = attache_pipeline::ingest(&[inputs], &mut store, &config, &mut |_| {}).unwrap();
        assert_eq!(report.articles_added, 5, "{:?}", report.skipped);
        drop(store);
        // A store written before ingest checked links: one script link stored as is.
        let conn = rusqlite::Connection::open(&db).unwrap();
        let n = conn
            .execute(
                "UPDATE articles SET url = 'JavaScript:alert(document.cookie)' WHERE title = 'Ministers in Riga'",
                [],
            )
            .unwrap();
        assert_eq!(n, 1);
        drop(conn);
        Server { addr: start(&db), db }
    })
}

#[test]
fn no_script_link_is_stored_or_served() {
    let s = server();
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let stored: Vec<Option<String>> = conn
        .prepare("SELECT url FROM articles WHERE title <> 'Ministers in Riga' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored.iter().flatten().collect::<Vec<_>>(), ["https://news.example.org/quito"], "{stored:?}");

    let page = local(&s.addr, "/api/v1/articles?limit=500").json();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    let mut served = Vec::new();
    for a in items {
        let detail = local(&s.addr, &format!("/api/v1/articles/{}", a["id"])).json();
        for url in [&a["url"], &detail["url"]] {
            assert!(url.is_null() || url.as_str().unwrap().starts_with("https://"), "{}: {url}", a["title"]);
            served.extend(url.as_str().map(str::to_string));
        }
    }
    assert_eq!(served, ["https://news.example.org/quito", "https://news.example.org/quito"]);
}

#[test]
fn every_response_carries_the_security_headers() {
    let s = server();
    let mut replies: Vec<(String, Reply)> = [
        "/",
        "/assets/app.js",
        "/assets/app.css",
        "/assets/map.js",
        "/assets/world.json",
        "/api/v1/stats",
        "/api/v1/openapi.json",
        "/api/v1/no-such-route",
        "/api/v1/events?since=never",
    ]
    .iter()
    .map(|p| (p.to_string(), local(&s.addr, p)))
    .collect();
    replies.push(("refused host".into(), get(&s.addr, "/", Some("evil.example"))));
    for (what, r) in &replies {
        assert_eq!(r.header("content-security-policy"), Some(CONTENT_SECURITY_POLICY), "{what}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{what}");
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{what}");
    }
    let csp = CONTENT_SECURITY_POLICY;
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe"));
    // The base map comes from this origin (the policy's `connect-src 'self'`), as JSON outlines.
    let world = local(&s.addr, "/assets/world.json");
    assert_eq!(world.header("content-type"), Some("application/json"));
    let countries = world.json()["countries"].as_array().unwrap().len();
    assert!(countries > 170, "{countries} outlines");
}

#[test]
fn only_loopback_and_added_host_names_are_served() {
    let s = server();
    let port = s.addr.rsplit(':').next().unwrap();
    for host in [
        s.addr.clone(),
        format!("localhost:{port}"),
        "localhost".into(),
        format!("[::1]:{port}"),
        ADDED_HOST.into(),
        format!("{ADDED_HOST}:8443"),
    ] {
        let r = get(&s.addr, "/api/v1/stats", Some(&host));
        assert_eq!(r.status, 200, "{host}: {}", r.body);
    }
    for host in [
        Some("evil.example"),
        Some("evil.example:8080"),
        Some("attache.test.evil.example"),
        Some("127.0.0.1.evil.example"),
        Some("192.168.1.20"),
        None,
    ] {
        for path in ["/", "/api/v1/stats", "/api/v1/no-such-route"] {
            let r = get(&s.addr, path, host);
            assert_eq!(r.status, 421, "{host:?} {path}: {}", r.body);
            assert_eq!(r.json()["error"]["status"], 421, "{host:?}");
        }
    }
}

#[test]
fn free_text_never_breaks_a_search() {
    let s = server();
    for q in ["COVID-19", "U.S.", "al-Sisi", "O'Brien", "2026-04-15", "covid-1*", "\"COVID-19\" cairo", "o'bri*"] {
        let r = local(&s.addr, &format!("/api/v1/articles?q={}", encode(q)));
        assert_eq!(r.status, 200, "{q}: {}", r.body);
        let page = r.json();
        let titles: Vec<&str> =
            page["items"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["Vaccine talks in Cairo"], "{q}");
    }
    for q in ["\0", "COVID\0-19", "\"", "*", "-", "NEAR(a b)", "a AND (", "'", "^x", "x:y", "\u{301}", "(((", "**"] {
        let r = local(&s.addr, &format!("/api/v1/articles?q={}", encode(q)));
        assert_eq!(r.status, 200, "{q:?}: {}", r.body);
    }
    let many = (0..40).map(|i| format!("w{i}*")).collect::<Vec<_>>().join(" ");
    assert_eq!(local(&s.addr, &format!("/api/v1/articles?q={}", encode(&many))).status, 200);
}

#[test]
fn a_failing_query_answers_500_without_internals() {
    let s = server();
    // A copy of the store whose full-text index is gone: every search fails inside SQLite.
    let db = s.db.with_file_name("broken.db");
    let src = rusqlite::Connection::open(&s.db).unwrap();
    src.execute("VACUUM INTO ?1", [db.to_str().unwrap()]).unwrap();
    rusqlite::Connection::open(&db).unwrap().execute_batch("DROP TABLE articles_fts").unwrap();
    let addr = start(&db);
    let r = local(&addr, "/api/v1/articles?q=cairo");
    assert_eq!(r.status, 500, "{}", r.body);
    let message = r.json()["error"]["message"].as_str().unwrap().to_string();
    for internal in ["articles_fts", "sqlite", "SQL", "SELECT", "database", ".db", "/"] {
        assert!(!message.contains(internal), "{internal:?} in {message:?}");
    }
    assert_eq!(r.header("content-security-policy"), Some(CONTENT_SECURITY_POLICY));
}
