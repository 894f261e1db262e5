//! The API against a real server on loopback: the sample corpus
//! (`examples/news`) ingested into a temporary store, `attache serve`'s app
//! bound to 127.0.0.1 port 0, and every endpoint requested over HTTP. Every
//! response body, errors included, is checked against the schema the
//! OpenAPI document gives for its path and status (objects made strict: a
//! field the document does not name is an error).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use attache_model::kinds::{ActorKind, DateBasis, EventKind, MeetMode, Sector};
use attache_store::{EventFilter, Store};
use serde_json::{Value, json};

/// A server on its own thread and runtime, shared by every test.
struct Server {
    base: String,
    db: PathBuf,
    spec: Value,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ingest(db: &Path, paths: &[PathBuf]) {
    let mut store = Store::open(db).unwrap();
    let report =
        attache_pipeline::ingest(paths, &mut store, &attache_pipeline::IngestConfig::default(), &mut |_| {}).unwrap();
    assert!(report.articles_added > 0, "nothing ingested from {paths:?}");
}

/// Starts a server over `db` on a thread of its own; returns its base URL.
/// `indexed`: the event index is built before the first request (else it
/// builds in the background and the first requests use SQL alone).
fn start(db: &Path, indexed: bool) -> String {
    let pool = attache_serve::Pool::open(db, 2).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let app = if indexed { attache_serve::app_ready(pool).await.unwrap() } else { attache_serve::app(pool) };
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            attache_serve::serve(listener, app, std::future::pending()).await.unwrap();
        });
    });
    format!("http://{}", rx.recv().unwrap())
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let db = dir.join("api.db");
        // The sample corpus, and one meeting reported by three outlets and a
        // repost (a copy of crates/cli/tests/fixtures/one_meeting): an
        // occurrence with several reports.
        ingest(
            &db,
            &[repo().join("examples/news"), Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/one_meeting")],
        );
        let base = start(&db, true);
        let spec: Value = blocking_get_json(&format!("{base}/api/v1/openapi.json"));
        Server { base, db, spec }
    })
}

/// A GET from outside any runtime (the set-up), without reqwest's blocking feature.
fn blocking_get_json(url: &str) -> Value {
    let url = url.to_string();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async { reqwest::get(&url).await.unwrap().json().await.unwrap() })
    })
    .join()
    .unwrap()
}

/// The response of a request: status and JSON body, checked against the spec.
struct Reply {
    status: u16,
    body: Value,
}

/// The status line and headers the server answers to a request that declares
/// a body of `length` bytes and sends none of it.
async fn declared_body_reply(path: &str, length: usize) -> String {
    use std::io::{Read, Write};
    let s = server();
    let addr = s.base.trim_start_matches("http://").trim_end_matches('/').to_string();
    let path = path.to_string();
    // Blocking I/O on a thread of its own: the server runs elsewhere.
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
        let head =
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        let mut reply = Vec::new();
        let mut buf = [0u8; 4096];
        // Up to the end of the headers (the server need not wait for the body it refused).
        while !reply.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            reply.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&reply).into_owned()
    })
    .await
    .unwrap()
}

async fn get(path: &str) -> Reply {
    request(reqwest::Method::GET, path, None).await
}

async fn request(method: reqwest::Method, path: &str, body: Option<Vec<u8>>) -> Reply {
    let s = server();
    let client = reqwest::Client::new();
    let mut req = client.request(method, format!("{}{path}", s.base));
    if let Some(b) = body {
        req = req.body(b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let content_type = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let text = resp.text().await.unwrap();
    assert!(
        content_type.starts_with("application/json"),
        "{path}: {status} with content-type {content_type:?}: {text}"
    );
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"));
    check_against_spec(&s.spec, path, status, &body);
    if status >= 400 {
        assert_eq!(body["error"]["status"], json!(status), "{path}: error body names another status: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{path}: no message: {body}");
    }
    Reply { status, body }
}

async fn ok(path: &str) -> Value {
    let r = get(path).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.body
}

async fn status(path: &str) -> (u16, String) {
    let r = get(path).await;
    (r.status, r.body["error"]["message"].as_str().unwrap_or("").to_string())
}

// ---- checking bodies against the OpenAPI document -----------------------------

/// The path template of the spec that `path` (query string cut) matches.
fn template_for<'a>(spec: &'a Value, path: &str) -> Option<&'a str> {
    let path = path.split('?').next().unwrap();
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    spec["paths"].as_object().unwrap().keys().map(String::as_str).find(|t| {
        let ts: Vec<&str> = t.split('/').collect();
        ts.len() == segments.len()
            && ts.iter().zip(&segments).all(|(t, s)| (t.starts_with('{') && !s.is_empty()) || t == s)
    })
}

/// Every object schema with properties gets `additionalProperties: false`.
fn strict(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), json!(false));
            }
            for v in map.values_mut() {
                strict(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

fn check_against_spec(spec: &Value, path: &str, status: u16, body: &Value) {
    let error_schema = json!({"$ref": "#/components/schemas/ErrorBody"});
    let schema = match template_for(spec, path) {
        Some(t) => {
            let responses = &spec["paths"][t]["get"]["responses"];
            let documented = &responses[status.to_string()]["content"]["application/json"]["schema"];
            if documented.is_null() {
                // Errors any route can give (405, 413, 408) are not listed per path.
                assert!([405, 408, 413].contains(&status), "{path}: status {status} is not documented for {t}: {body}");
                error_schema
            } else {
                documented.clone()
            }
        }
        None => {
            assert_eq!(status, 404, "{path}: no path of the OpenAPI document matches, yet status {status}");
            error_schema
        }
    };
    let mut components = spec["components"].clone();
    strict(&mut components);
    let mut root = schema;
    strict(&mut root);
    root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    root["components"] = components;
    let validator = jsonschema::draft202012::new(&root).unwrap_or_else(|e| panic!("schema for {path}: {e}"));
    let errors: Vec<String> = validator.iter_errors(body).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{path} ({status}) does not match its schema:\n{}\nbody: {body}", errors.join("\n"));
}

// ---- helpers ------------------------------------------------------------------

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
}

/// Every item of a list, page by page with the cursor (`limit` per page).
async fn walk(path: &str, limit: usize) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10_000 {
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit={limit}&cursor={c}"),
            None => format!("{path}{sep}limit={limit}"),
        };
        let page = ok(&url).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= limit, "{url}: {} items on a page of {limit}", items.len());
        out.extend(items.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => {
                assert_eq!(items.len(), limit, "{url}: a short page that is not the last");
                cursor = Some(c.to_string());
            }
            None => return out,
        }
    }
    panic!("{path}: more than 10,000 pages");
}

fn store() -> Store {
    Store::open_read_only(&server().db).unwrap()
}

fn sorted(ids: &[String]) -> Vec<String> {
    let mut v = ids.to_vec();
    v.sort();
    v
}

/// Ids of the events `attache events` lists for a filter, in its order.
fn cli_event_ids(filter: EventFilter) -> Vec<String> {
    let store = store();
    store
        .events(&filter)
        .unwrap()
        .iter()
        .map(|e| {
            // A listed event has no index: it is the one of its article's record that it equals.
            let record = store.extraction(e.article_id).unwrap().unwrap();
            let idx = record.events.iter().position(|x| x == &e.event).expect("the event is in its record");
            format!("{}:{idx}", e.article_id)
        })
        .collect()
}

// ---- the tests -----------------------------------------------------------------

#[tokio::test]
async fn openapi_document_describes_every_endpoint() {
    let spec = &server().spec;
    assert_eq!(spec["openapi"].as_str().map(|v| &v[..2]), Some("3."));
    for path in [
        "/api/v1/articles",
        "/api/v1/articles/{id}",
        "/api/v1/events",
        "/api/v1/events/{id}",
        "/api/v1/actors",
        "/api/v1/actors/{id}",
        "/api/v1/relations/{a}/{b}",
        "/api/v1/commitments",
        "/api/v1/facts",
        "/api/v1/stats",
        "/api/v1/occurrences",
        "/api/v1/occurrences/{id}",
        "/api/v1/network",
        "/api/v1/aggregate",
        "/api/v1/sources",
    ] {
        let op = &spec["paths"][path]["get"];
        assert!(op.is_object(), "{path} is missing from the OpenAPI document");
        assert!(op["responses"]["200"]["content"]["application/json"]["schema"].is_object(), "{path}: no 200 schema");
        assert!(op["responses"]["400"].is_object() || op["responses"]["404"].is_object(), "{path}: no error response");
    }
    let events = &spec["paths"]["/api/v1/events"]["get"]["parameters"];
    let names: BTreeSet<&str> = events.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    for p in [
        "country",
        "counterpart",
        "type",
        "mode",
        "actor",
        "topic",
        "q",
        "sort",
        "format",
        "since",
        "until",
        "limit",
        "cursor",
    ] {
        assert!(names.contains(p), "events: parameter {p} undocumented ({names:?})");
    }
    // The exports are documented as the content types they are served as.
    for list in ["events", "articles", "actors", "commitments", "facts", "occurrences"] {
        let content = &spec["paths"][format!("/api/v1/{list}")]["get"]["responses"]["200"]["content"];
        assert!(content["text/csv"].is_object() && content["application/x-ndjson"].is_object(), "{list}: {content}");
    }
}

#[tokio::test]
async fn stats_count_what_was_ingested() {
    let s = ok("/api/v1/stats").await;
    let st = store().stats().unwrap();
    assert_eq!(s["articles"], json!(st.articles));
    assert_eq!(s["documents"], json!(st.documents));
    assert!(s["events"].as_i64().unwrap() > 10, "{s}");
    assert!(s["actors"].as_i64().unwrap() > 5, "{s}");
    assert!(s["last_ingested"].is_string());
    let by_type: i64 = s["events_by_type"].as_array().unwrap().iter().map(|c| c["count"].as_i64().unwrap()).sum();
    assert_eq!(by_type, s["events"].as_i64().unwrap());
}

#[tokio::test]
async fn events_pages_walk_the_whole_list_without_gaps_or_duplicates() {
    let all = ok("/api/v1/events?limit=500").await;
    let all_ids = ids(&all);
    assert!(all["next_cursor"].is_null(), "the sample corpus has more than 500 events");
    assert!(all_ids.len() > 10);
    // The same events as `attache events` (within a day the order may differ).
    assert_eq!(sorted(&all_ids), sorted(&cli_event_ids(EventFilter::default())));
    assert_eq!(all_ids.iter().collect::<BTreeSet<_>>().len(), all_ids.len(), "an event listed twice");
    for limit in [1, 3, 7, 50] {
        let walked: Vec<String> =
            walk("/api/v1/events", limit).await.iter().map(|e| e["id"].as_str().unwrap().to_string()).collect();
        assert_eq!(walked, all_ids, "walking pages of {limit}");
    }
    // Undated events come last, after every dated one.
    let dates: Vec<Option<&str>> = all["items"].as_array().unwrap().iter().map(|e| e["date"].as_str()).collect();
    let first_undated = dates.iter().position(Option::is_none).unwrap_or(dates.len());
    assert!(dates[first_undated..].iter().all(Option::is_none));
    assert!(dates[..first_undated].windows(2).all(|w| w[0] >= w[1]), "dates not newest first: {dates:?}");
}

#[tokio::test]
async fn every_events_filter_matches_the_cli() {
    let network = ok("/api/v1/network").await;
    let top = top_state_edge(&network);
    let (a, b) = (top["a"].as_str().unwrap().to_string(), top["b"].as_str().unwrap().to_string());
    let some_actor = {
        let all = ok("/api/v1/events?limit=500").await;
        all["items"][0]["source"][0]["name"].as_str().unwrap().split_whitespace().last().unwrap().to_string()
    };
    let f = EventFilter::default;
    let cases: Vec<(String, EventFilter)> = vec![
        (format!("country={a}"), EventFilter { country: Some(a.clone()), ..f() }),
        (
            format!("country={a}&counterpart={b}"),
            EventFilter { country: Some(a.clone()), counterpart: Some(b.clone()), ..f() },
        ),
        (format!("counterpart={}", b.to_lowercase()), EventFilter { counterpart: Some(b.clone()), ..f() }),
        (format!("type={}", EventKind::Meet), EventFilter { kind: Some(EventKind::Meet.to_string()), ..f() }),
        (
            format!("type={}", EventKind::Praise.as_str().to_lowercase()),
            EventFilter { kind: Some(EventKind::Praise.to_string()), ..f() },
        ),
        (format!("actor={some_actor}"), EventFilter { actor: Some(some_actor.clone()), ..f() }),
        ("topic=trade".into(), EventFilter { topic: Some("trade".into()), ..f() }),
        ("since=2026-03".into(), EventFilter { since: Some("2026-03".into()), ..f() }),
        ("until=2026-03".into(), EventFilter { until: Some("2026-03".into()), ..f() }),
        (
            format!("since=2026-01-01&until=2026-04-30&type={}", EventKind::Meet),
            EventFilter {
                since: Some("2026-01-01".into()),
                until: Some("2026-04-30".into()),
                kind: Some(EventKind::Meet.to_string()),
                ..f()
            },
        ),
    ];
    let mut nonempty = 0;
    for (query, filter) in cases {
        let expected = cli_event_ids(filter);
        let walked: Vec<String> = walk(&format!("/api/v1/events?{query}"), 4)
            .await
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(sorted(&walked), sorted(&expected), "events?{query}");
        assert_eq!(walked.iter().collect::<BTreeSet<_>>().len(), walked.len(), "events?{query}: an event twice");
        let dates: Vec<Option<String>> = walk(&format!("/api/v1/events?{query}"), 500)
            .await
            .iter()
            .map(|e| e["date"].as_str().map(str::to_string))
            .collect();
        let undated = dates.iter().position(Option::is_none).unwrap_or(dates.len());
        assert!(dates[undated..].iter().all(Option::is_none), "events?{query}: dated after undated");
        assert!(dates[..undated].windows(2).all(|w| w[0] >= w[1]), "events?{query}: not newest first");
        nonempty += usize::from(!expected.is_empty());
    }
    assert!(nonempty >= 8, "too many filters match nothing on the sample corpus: the test proves little");
    // Filters the CLI lacks: mode and article.
    for e in walk("/api/v1/events?mode=visit", 10).await {
        assert_eq!(
            (e["type"].as_str(), e["mode"].as_str()),
            (Some(EventKind::Meet.as_str()), Some(MeetMode::Visit.as_str()))
        );
    }
    let one = ok("/api/v1/events?limit=1").await;
    let article = one["items"][0]["article"]["id"].as_i64().unwrap();
    let of_article = walk(&format!("/api/v1/events?article={article}"), 2).await;
    assert!(!of_article.is_empty());
    assert!(of_article.iter().all(|e| e["article"]["id"] == json!(article)));
}

#[tokio::test]
async fn every_event_links_to_its_evidence() {
    let all = ok("/api/v1/events?limit=500").await;
    let mut with_span = 0;
    let mut articles: HashMap<i64, Value> = HashMap::new();
    for e in all["items"].as_array().unwrap() {
        let id = e["id"].as_str().unwrap();
        let article_id = e["evidence"]["article_id"].as_i64().unwrap();
        assert_eq!(e["article"]["id"].as_i64(), Some(article_id));
        assert_eq!(e["links"]["article"], json!(format!("/api/v1/articles/{article_id}")));
        assert!(!e["evidence"]["text"].as_str().unwrap().is_empty(), "{id}: no evidence");
        if let std::collections::hash_map::Entry::Vacant(slot) = articles.entry(article_id) {
            slot.insert(ok(&format!("/api/v1/articles/{article_id}")).await);
        }
        let article = &articles[&article_id];
        if let Some(span) = e["evidence"]["span"].as_object() {
            with_span += 1;
            let (start, end) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
            let text = article["text"].as_str().unwrap();
            let sentence = &text[start..end];
            let evidence = e["evidence"]["text"].as_str().unwrap();
            assert!(
                sentence.contains(evidence) || evidence.contains(sentence),
                "{id}: span {start}..{end} is {sentence:?}, evidence {evidence:?}"
            );
            let idx = e["evidence"]["sentence"].as_i64().unwrap();
            let s = &article["sentences"][idx as usize];
            assert_eq!((s["start"].as_u64(), s["end"].as_u64()), (Some(start as u64), Some(end as u64)), "{id}");
        }
        // The article lists the event.
        assert!(ids(&json!({"items": article["events"]})).contains(&id.to_string()), "{id} not in its article");
    }
    assert!(with_span > 10, "only {with_span} events have a span");
}

#[tokio::test]
async fn event_detail_has_every_mention_across_sources() {
    let occurrences = ok("/api/v1/occurrences?limit=500").await;
    let merged = occurrences["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["reports"].as_i64().unwrap() > 1)
        .expect("the sample corpus has an event reported by several articles")
        .clone();
    let occ_id = merged["id"].as_str().unwrap();
    let detail = ok(&format!("/api/v1/occurrences/{occ_id}")).await;
    let reports = ids(&json!({"items": detail["reports"]}));
    assert_eq!(reports.len() as i64, merged["reports"].as_i64().unwrap());
    for report in &reports {
        let d = ok(&format!("/api/v1/events/{report}")).await;
        assert_eq!(d["event"]["id"], json!(report));
        assert_eq!(d["occurrence"]["id"], json!(occ_id));
        assert_eq!(ids(&json!({"items": d["mentions"]})), reports, "mentions of {report}");
        let articles: BTreeSet<i64> =
            d["mentions"].as_array().unwrap().iter().map(|m| m["article"]["id"].as_i64().unwrap()).collect();
        assert!(articles.len() > 1, "{report}: mentions from one article only");
    }
    // An event outside any merge still lists itself.
    let one = ok("/api/v1/events?limit=1").await;
    let id = ids(&one)[0].clone();
    let d = ok(&format!("/api/v1/events/{id}")).await;
    assert!(ids(&json!({"items": d["mentions"]})).contains(&id));
}

#[tokio::test]
async fn articles_search_filter_page_and_detail() {
    let all = walk("/api/v1/articles", 500).await;
    assert_eq!(all.len() as i64, store().stats().unwrap().articles);
    let ids_all: Vec<i64> = all.iter().map(|a| a["id"].as_i64().unwrap()).collect();
    let walked: Vec<i64> = walk("/api/v1/articles", 3).await.iter().map(|a| a["id"].as_i64().unwrap()).collect();
    assert_eq!(walked, ids_all);
    let unique: BTreeSet<i64> = walked.iter().copied().collect();
    assert_eq!(unique.len(), walked.len(), "duplicates across pages");
    // Full-text search agrees with `attache articles --query`.
    for q in ["Kazakhstan", "minister", "visit*", "Astana Lisbon"] {
        let found: Vec<i64> = walk(&format!("/api/v1/articles?q={}", q.replace(' ', "+")), 2)
            .await
            .iter()
            .map(|a| a["id"].as_i64().unwrap())
            .collect();
        let expected: Vec<i64> = store()
            .articles(&attache_store::ArticleFilter { query: Some(q.into()), ..Default::default() })
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(found, expected, "q={q}");
    }
    assert!(!walk("/api/v1/articles?q=Kazakhstan", 5).await.is_empty());
    for a in walk("/api/v1/articles?since=2026-03&until=2026-04-15", 4).await {
        let day = &a["published"].as_str().unwrap()[..10];
        assert!(("2026-03-01"..="2026-04-15").contains(&day), "{day}");
    }
    // Detail: sentences are byte spans of the clean text.
    let id = ids_all[0];
    let a = ok(&format!("/api/v1/articles/{id}")).await;
    let text = a["text"].as_str().unwrap();
    let sentences = a["sentences"].as_array().unwrap();
    assert!(!sentences.is_empty());
    for s in sentences {
        let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[start..end], s["text"].as_str().unwrap());
    }
}

#[tokio::test]
async fn actors_search_and_detail() {
    let all = walk("/api/v1/actors", 500).await;
    assert!(all.len() > 5);
    let walked = walk("/api/v1/actors", 4).await;
    assert_eq!(walked, all, "paging actors");
    let person = all.iter().find(|a| a["kind"] == "person" && a["country"].is_string()).unwrap();
    let country = person["country"].as_str().unwrap();
    for a in walk(&format!("/api/v1/actors?country={country}&kind=person"), 10).await {
        assert_eq!((a["country"].as_str(), a["kind"].as_str()), (Some(country), Some("person")));
    }
    let surname = person["name"].as_str().unwrap().split_whitespace().last().unwrap().to_lowercase();
    let found = walk(&format!("/api/v1/actors?q={surname}"), 10).await;
    assert!(found.iter().any(|a| a["id"] == person["id"]), "q={surname} does not find {}", person["id"]);
    // The most active actor: its events all name it, and it has counterparts.
    let busiest = {
        let mut best = (0, Value::Null);
        for a in all.iter().take(15) {
            let d = ok(a["link"].as_str().unwrap()).await;
            let n = d["events_total"].as_i64().unwrap();
            if n > best.0 {
                best = (n, d);
            }
        }
        best.1
    };
    let id = busiest["actor"]["id"].as_str().unwrap();
    let events = busiest["events"].as_array().unwrap();
    assert!(!events.is_empty());
    for e in events {
        let sides = e["source"].as_array().unwrap().iter().chain(e["target"].as_array().unwrap());
        assert!(sides.clone().any(|x| x["actor_id"] == json!(id)), "{} does not name {id}", e["id"]);
    }
    assert!(!busiest["counterparts"].as_array().unwrap().is_empty(), "{id} has no counterparts");
    // By name too, as `attache actor NAME`.
    let by_name =
        ok(&format!("/api/v1/actors/{}", busiest["actor"]["name"].as_str().unwrap().replace(' ', "%20"))).await;
    assert_eq!(by_name["actor"]["id"], json!(id));
}

/// The network's busiest edge between two states (not an organisation).
fn top_state_edge(network: &Value) -> &Value {
    let states: BTreeSet<&str> = network["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == json!("state"))
        .filter_map(|n| n["country"].as_str())
        .collect();
    let edges = network["edges"].as_array().unwrap();
    let is_state = |e: &Value, k: &str| e[k].as_str().is_some_and(|c| states.contains(c));
    edges.iter().find(|e| is_state(e, "a") && is_state(e, "b")).expect("an edge between two states")
}

/// Each international organisation is a node of its own, marked as one, and
/// linked to the states it meets; every edge joins two nodes.
#[tokio::test]
async fn the_network_names_organisations_as_themselves() {
    let network = ok("/api/v1/network").await;
    let nodes = network["nodes"].as_array().unwrap();
    let orgs: Vec<&str> =
        nodes.iter().filter(|n| n["kind"] == json!("organisation")).filter_map(|n| n["country"].as_str()).collect();
    assert!(orgs.iter().filter(|o| **o != "IGO").count() >= 2, "the sample corpus names organisations: {orgs:?}");
    for n in nodes {
        let key = n["country"].as_str().unwrap();
        match n["kind"].as_str() {
            Some("state") => {
                assert!(key.len() == 3 && key.chars().all(|c| c.is_ascii_uppercase()) && key != "IGO", "{n}")
            }
            Some("organisation") => {}
            _ => panic!("a node neither state nor organisation: {n}"),
        }
    }
    let keys: BTreeSet<&str> = nodes.iter().filter_map(|n| n["country"].as_str()).collect();
    let edges = network["edges"].as_array().unwrap();
    for e in edges {
        assert!(keys.contains(e["a"].as_str().unwrap()) && keys.contains(e["b"].as_str().unwrap()), "{e}");
    }
    assert!(edges.iter().any(|e| orgs.contains(&e["a"].as_str().unwrap()) || orgs.contains(&e["b"].as_str().unwrap())));
}

#[tokio::test]
async fn relations_of_a_country_pair() {
    let network = ok("/api/v1/network").await;
    let top = top_state_edge(&network);
    let (a, b) = (top["a"].as_str().unwrap(), top["b"].as_str().unwrap());
    let r = ok(&format!("/api/v1/relations/{a}/{}", b.to_lowercase())).await;
    assert_eq!((r["a"].as_str(), r["b"].as_str()), (Some(a), Some(b)));
    assert_eq!(r["events_total"], top["events"], "network edge and relations disagree");
    let timeline: i64 = r["timeline"].as_array().unwrap().iter().map(|m| m["count"].as_i64().unwrap()).sum();
    assert_eq!(timeline, r["events_total"].as_i64().unwrap());
    assert!(!r["events"].as_array().unwrap().is_empty());
    // Both countries take part in every event listed.
    for e in r["events"].as_array().unwrap() {
        let countries: BTreeSet<&str> = e["source"]
            .as_array()
            .unwrap()
            .iter()
            .chain(e["target"].as_array().unwrap())
            .filter_map(|x| x["country"].as_str())
            .collect();
        assert!(countries.contains(a) && countries.contains(b), "{}: {countries:?}", e["id"]);
    }
    // Bounded in time, as `attache relations A B --since --until`.
    let first = r["first"].as_str().unwrap();
    let late = ok(&format!("/api/v1/relations/{a}/{b}?since={first}")).await;
    let undated = r["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["month"] == "undated")
        .map(|m| m["count"].as_i64().unwrap())
        .sum::<i64>();
    assert_eq!(late["events_total"].as_i64().unwrap(), r["events_total"].as_i64().unwrap() - undated);
    let none_after = ok(&format!("/api/v1/relations/{a}/{b}?since=2099")).await;
    assert_eq!(none_after["events_total"], json!(0));
    assert_eq!(status(&format!("/api/v1/relations/{a}/{b}?since=soon")).await.0, 400);
    // A pair with nothing between them is empty, not an error.
    let none = ok("/api/v1/relations/TUV/NRU").await;
    assert_eq!(none["events_total"], json!(0));
    // The network filtered by a country only has edges touching it.
    let of_a = ok(&format!("/api/v1/network?country={a}")).await;
    assert!(of_a["nodes"].as_array().unwrap().iter().any(|n| n["country"] == json!(a)));
}

#[tokio::test]
async fn commitments_facts_and_occurrences() {
    let all = walk("/api/v1/commitments", 500).await;
    assert!(!all.is_empty(), "the sample corpus has commitments");
    assert_eq!(walk("/api/v1/commitments", 2).await, all);
    let stats = ok("/api/v1/stats").await;
    for status in ["open", "fulfilled", "lapsed"] {
        let some = walk(&format!("/api/v1/commitments?status={status}"), 5).await;
        assert!(some.iter().all(|c| c["status"] == json!(status)));
        assert_eq!(some.len(), all.iter().filter(|c| c["status"] == json!(status)).count());
        let counted = stats["commitments_by_status"].as_array().unwrap().iter().find(|c| c["key"] == json!(status));
        assert_eq!(counted.map_or(0, |c| c["count"].as_i64().unwrap()), some.len() as i64, "stats: {status}");
    }
    // A commitment's id is the event that states it.
    let c = &all[0];
    let e = ok(&format!("/api/v1/events/{}", c["id"].as_str().unwrap())).await;
    assert_eq!(e["event"]["type"], c["kind"]);

    let facts = walk("/api/v1/facts", 500).await;
    assert!(!facts.is_empty(), "the sample corpus has facts");
    assert_eq!(walk("/api/v1/facts", 3).await, facts);
    assert_eq!(stats["facts"], json!(facts.len()));
    let trade = walk("/api/v1/facts?what=trade", 5).await;
    assert!(trade.iter().all(|f| f["what"].as_str().unwrap().to_lowercase().contains("trade")));

    let occ = walk("/api/v1/occurrences", 500).await;
    assert_eq!(occ.len() as i64, stats["occurrences"].as_i64().unwrap());
    assert_eq!(walk("/api/v1/occurrences", 6).await, occ);
    let meets = walk(&format!("/api/v1/occurrences?type={}", EventKind::Meet), 50).await;
    assert!(!meets.is_empty() && meets.iter().all(|o| o["type"] == EventKind::Meet.as_str()));
    let actor = occ[0]["actors"][0].as_str().unwrap();
    let of_actor = walk(&format!("/api/v1/occurrences?actor={}", actor.replace(' ', "%20")), 50).await;
    assert!(of_actor.iter().all(|o| o["actors"].as_array().unwrap().contains(&json!(actor))));
}

#[tokio::test]
async fn errors_are_json_with_the_right_status() {
    let long = "x".repeat(501);
    let cases: Vec<(String, u16, &str)> = vec![
        ("/api/v1/events?since=2026-13-01".into(), 400, "not a date"),
        ("/api/v1/events?until=yesterday".into(), 400, "not a date"),
        ("/api/v1/events?since=2026-02-30".into(), 400, "not a date"),
        ("/api/v1/articles?since=March".into(), 400, "not a date"),
        ("/api/v1/events?country=KZ".into(), 400, "ISO 3166-1"),
        ("/api/v1/events?counterpart=K4Z".into(), 400, "ISO 3166-1"),
        ("/api/v1/events?type=HUG".into(), 400, "unknown type"),
        ("/api/v1/events?mode=telepathy".into(), 400, "unknown mode"),
        ("/api/v1/commitments?status=broken".into(), 400, "unknown status"),
        ("/api/v1/actors?kind=robot".into(), 400, "unknown kind"),
        ("/api/v1/relations/KZ/PRT".into(), 400, "ISO 3166-1"),
        ("/api/v1/relations/KAZ/KAZ".into(), 400, "two countries"),
        ("/api/v1/events?limit=501".into(), 400, "maximum page size"),
        ("/api/v1/articles?limit=100000".into(), 400, "maximum page size"),
        ("/api/v1/actors?limit=0".into(), 400, "at least 1"),
        ("/api/v1/events?limit=abc".into(), 400, "malformed query string"),
        ("/api/v1/events?limit=-5".into(), 400, "malformed query string"),
        ("/api/v1/facts?limit=99999999999999999999".into(), 400, "malformed query string"),
        ("/api/v1/events?article=x1".into(), 400, "malformed query string"),
        ("/api/v1/events?colour=red".into(), 400, "malformed query string"),
        ("/api/v1/stats?verbose=1".into(), 400, "malformed query string"),
        (format!("/api/v1/articles?q={long}"), 400, "longer than 500"),
        (format!("/api/v1/actors?q={long}"), 400, "longer than 500"),
        (format!("/api/v1/events?actor={long}"), 400, "longer than 500"),
        ("/api/v1/events?cursor=!!!".into(), 400, "malformed cursor"),
        ("/api/v1/events?cursor=YWJj".into(), 400, "malformed cursor"),
        ("/api/v1/events/abc".into(), 400, "ARTICLE:INDEX"),
        ("/api/v1/events/999999:0".into(), 404, "no event"),
        ("/api/v1/events/1:999".into(), 404, "no event"),
        ("/api/v1/articles/abc".into(), 400, "bad path"),
        ("/api/v1/articles/999999".into(), 404, "no article"),
        ("/api/v1/actors/p:zzz:nobody-at-all".into(), 404, "no actor"),
        ("/api/v1/occurrences/999999:0".into(), 404, "no occurrence"),
        ("/api/v1/occurrences?actor=Nobody%20Atall%20Xyzzy".into(), 404, "no actor"),
        ("/api/v1/nope".into(), 404, "no such route"),
        ("/api/v2/events".into(), 404, "no such route"),
        ("/favicon.ico".into(), 404, "no such route"),
    ];
    for (path, expected, message) in cases {
        let (got, text) = status(&path).await;
        assert_eq!(got, expected, "{path}: {text}");
        assert!(text.contains(message), "{path}: message {text:?} lacks {message:?}");
    }
    // An actor cursor is no events cursor.
    let page = ok("/api/v1/actors?limit=1").await;
    let c = page["next_cursor"].as_str().unwrap();
    assert_eq!(status(&format!("/api/v1/events?cursor={c}")).await.0, 400);
    // Writes are not allowed; a big body is refused before it is read.
    let r = request(reqwest::Method::POST, "/api/v1/events", Some(b"{}".to_vec())).await;
    assert_eq!(r.status, 405, "{}", r.body);
    // (On its declared length, without a byte of it sent: a client still
    // writing a body the server has refused can meet a closed socket first.)
    let head = declared_body_reply("/api/v1/stats", 1 << 20).await;
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    let r = request(reqwest::Method::DELETE, "/api/v1/articles/1", None).await;
    assert_eq!(r.status, 405, "{}", r.body);
}

#[tokio::test]
async fn the_vocabulary_is_the_model_s() {
    let v = ok("/api/v1/vocabulary").await;
    let names = |key: &str| -> Vec<String> {
        v[key].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names("event_types"), EventKind::NAMES);
    assert_eq!(names("symmetric_types"), [EventKind::Meet.as_str()]);
    assert_eq!(names("modes"), MeetMode::NAMES);
    assert_eq!(names("date_bases"), DateBasis::NAMES);
    assert_eq!(names("actor_kinds"), ActorKind::NAMES);
    assert_eq!(names("sectors"), Sector::NAMES);
    assert_eq!(status("/api/v1/vocabulary?verbose=1").await.0, 400);
    // The OpenAPI document lists the event types as an enum.
    assert_eq!(server().spec["components"]["schemas"]["EventType"]["enum"], json!(EventKind::NAMES));
    // Every name is a filter, in any case; a wrong one is refused with the names.
    for k in EventKind::ALL {
        assert_eq!(status(&format!("/api/v1/events?limit=1&type={}", k.as_str().to_lowercase())).await.0, 200);
    }
    for m in MeetMode::ALL {
        assert_eq!(status(&format!("/api/v1/events?limit=1&mode={}", m.as_str().to_uppercase())).await.0, 200);
    }
    let (code, message) = status("/api/v1/events?type=HUG").await;
    assert_eq!(code, 400);
    assert!(message.contains(&EventKind::NAMES.join(", ")), "{message}");
    let (_, message) = status("/api/v1/actors?kind=robot").await;
    assert!(message.contains(&ActorKind::NAMES.join(", ")), "{message}");
}

#[tokio::test]
async fn the_server_only_reads() {
    let db = &server().db;
    let ro = Store::open_read_only(db).unwrap();
    // A read-only connection refuses writes.
    assert!(ro.articles(&Default::default()).is_ok());
    let mut ro = ro;
    let err = ro.log_curation("alias", "x", Some("y"));
    assert!(err.is_err(), "a read-only store accepted a write");
}

/// An ingest runs beside the server: the server sees the new articles at
/// its next request, and never blocks the writer.
#[tokio::test]
async fn an_ingest_runs_beside_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("beside.db");
    ingest(&db, &[repo().join("examples/news/scraped_vienna_danube.txt")]);
    let base = start(&db, false);
    let client = reqwest::Client::new();
    let stats = |client: reqwest::Client, base: String| async move {
        let v: Value = client.get(format!("{base}/api/v1/stats")).send().await.unwrap().json().await.unwrap();
        v["articles"].as_i64().unwrap()
    };
    let events = |client: reqwest::Client, base: String| async move {
        let v: Value =
            client.get(format!("{base}/api/v1/events?limit=500")).send().await.unwrap().json().await.unwrap();
        v["items"].as_array().unwrap().len()
    };
    let counted = |client: reqwest::Client, base: String| async move {
        let v: Value =
            client.get(format!("{base}/api/v1/aggregate?by=type")).send().await.unwrap().json().await.unwrap();
        v["total"].as_i64().unwrap()
    };
    let before = stats(client.clone(), base.clone()).await;
    let events_before = events(client.clone(), base.clone()).await;
    // Asked twice: the second count is the one the server keeps.
    assert_eq!(counted(client.clone(), base.clone()).await, events_before as i64);
    assert_eq!(counted(client.clone(), base.clone()).await, events_before as i64);
    // Let the event index of the first state be built, so the next request finds it stale.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let db2 = db.clone();
    tokio::task::spawn_blocking(move || ingest(&db2, &[repo().join("examples/news/html")])).await.unwrap();
    let after = stats(client.clone(), base.clone()).await;
    assert!(after > before, "articles {before} -> {after}");
    let events_after = events(client.clone(), base.clone()).await;
    assert!(events_after > events_before, "events {events_before} -> {events_after}: a stale index answered");
    assert_eq!(
        counted(client.clone(), base.clone()).await,
        events_after as i64,
        "a kept aggregate outlived the store's state"
    );
}

/// A curation beside the server adds no row but changes actor ids: pages
/// served before it (and kept rendered) are not served after it.
#[tokio::test]
async fn a_curation_beside_the_server_shows_at_the_next_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("curated.db");
    ingest(&db, &[repo().join("examples/news")]);
    let base = start(&db, true);
    let client = reqwest::Client::new();
    let page = |client: reqwest::Client, base: String| async move {
        let v: Value =
            client.get(format!("{base}/api/v1/events?limit=500")).send().await.unwrap().json().await.unwrap();
        v["items"].as_array().unwrap().clone()
    };
    let people = |items: &[Value]| -> Vec<String> {
        let mut ids: Vec<String> = items
            .iter()
            .flat_map(|e| e["source"].as_array().unwrap().iter().chain(e["target"].as_array().unwrap()))
            .filter(|a| a["kind"] == "person")
            .filter_map(|a| a["actor_id"].as_str().map(str::to_string))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let before = page(client.clone(), base.clone()).await;
    let ids = people(&before);
    assert!(ids.len() >= 2, "too few persons in the sample corpus: {ids:?}");
    let (into, from) = (ids[0].clone(), ids[1].clone());
    // Asked twice: the second answer comes from what the server keeps.
    assert_eq!(page(client.clone(), base.clone()).await, before);
    let db2 = db.clone();
    let (into2, from2) = (into.clone(), from.clone());
    tokio::task::spawn_blocking(move || {
        let mut store = Store::open(&db2).unwrap();
        store.log_curation("merge", &into2, Some(&from2)).unwrap();
        attache_pipeline::resolve_actors(&mut store).unwrap();
    })
    .await
    .unwrap();
    let after = people(&page(client.clone(), base.clone()).await);
    assert!(after.contains(&into), "{into} gone after merging {from} into it: {after:?}");
    assert!(!after.contains(&from), "{from} still served after it was merged into {into}");
}

/// The schema check itself fails on a body that strays from the document.
#[test]
fn the_schema_check_rejects_what_the_document_does_not_say() {
    let s = server();
    let good = blocking_get_json(&format!("{}/api/v1/stats", s.base));
    check_against_spec(&s.spec, "/api/v1/stats", 200, &good);
    let mut extra = good.clone();
    extra["undocumented"] = json!(1);
    let mut wrong_type = good.clone();
    wrong_type["articles"] = json!("many");
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("events");
    let mut bad_nested = good.clone();
    bad_nested["events_by_type"][0]["count"] = json!(null);
    for (what, body) in [("extra", extra), ("type", wrong_type), ("missing", missing), ("nested", bad_nested)] {
        let spec = s.spec.clone();
        let failed = std::panic::catch_unwind(move || check_against_spec(&spec, "/api/v1/stats", 200, &body)).is_err();
        assert!(failed, "the check let a body with a {what} error through");
    }
    let event_type = json!({"items": [{"type": "HUG"}], "next_cursor": null});
    let spec = s.spec.clone();
    assert!(std::panic::catch_unwind(move || check_against_spec(&spec, "/api/v1/events", 200, &event_type)).is_err());
}

/// The in-memory event index pages exactly as the SQL does, for every filter
/// it answers, through whole walks with cursors.
#[test]
fn the_event_index_answers_as_sql_does() {
    use attache_serve::index::EventIndex;
    use attache_store::{EventKey, EventQuery};
    let store = store();
    let ix = EventIndex::build(&store).unwrap();
    assert!(ix.len() > 10);
    let net = store.network(&EventQuery::default()).unwrap();
    let f = EventFilter::default;
    let mut queries: Vec<EventQuery> = vec![EventQuery::default()];
    let mut add = |filter: EventFilter, mode: Option<&str>| {
        queries.push(EventQuery { filter, mode: mode.map(str::to_string), ..Default::default() })
    };
    let types = EventKind::ALL.iter().map(EventKind::to_string);
    for t in types.chain([EventKind::Praise.as_str().to_lowercase(), "HUG".into()]) {
        add(EventFilter { kind: Some(t), ..f() }, None);
    }
    for m in ["meeting", "visit", "call", "multilateral", "VISIT"] {
        add(f(), Some(m));
    }
    // States only: an organisation's node key is no country filter.
    let states: Vec<&String> = net.nodes.iter().map(|n| &n.0).filter(|c| !net.organisations.contains(c)).collect();
    for c in states.iter().take(12) {
        add(EventFilter { country: Some(c.to_string()), ..f() }, None);
        add(EventFilter { counterpart: Some(c.to_lowercase()), ..f() }, None);
    }
    for (a, b, _) in net.edges.iter().filter(|(a, b, _)| states.contains(&a) && states.contains(&b)).take(8) {
        add(EventFilter { country: Some(a.clone()), counterpart: Some(b.clone()), ..f() }, None);
        add(
            EventFilter {
                country: Some(b.clone()),
                counterpart: Some(a.clone()),
                kind: Some(EventKind::Meet.to_string()),
                ..f()
            },
            None,
        );
    }
    add(EventFilter { country: Some("ZZZ".into()), ..f() }, None);
    // Several values of one filter: any of them.
    add(EventFilter { kind: Some("MEET,agree".into()), ..f() }, None);
    add(EventFilter { kind: Some("INTEND,HUG".into()), ..f() }, None);
    add(f(), Some("visit,call"));
    add(EventFilter { topic: Some("trade,energy".into()), ..f() }, None);
    for pair in states.windows(2).take(6) {
        let (a, b) = (pair[0], pair[1]);
        add(EventFilter { country: Some(format!("{a},{b}")), ..f() }, None);
        add(EventFilter { country: Some(format!("{a},ZZZ")), counterpart: Some(format!("{b},{a}")), ..f() }, None);
    }
    for t in ["trade", "energy", "education", "Tourism", "nothinglikeit"] {
        add(EventFilter { topic: Some(t.into()), ..f() }, None);
    }
    for (since, until) in [
        (Some("2026-03"), None),
        (None, Some("2026-03")),
        (Some("2026-03-15"), Some("2026-04-30")),
        (Some("2026"), Some("2026")),
        (None, Some("2026-04-01")),
        (Some("2027"), None),
    ] {
        add(EventFilter { since: since.map(Into::into), until: until.map(Into::into), ..f() }, None);
        add(
            EventFilter {
                since: since.map(Into::into),
                until: until.map(Into::into),
                kind: Some(EventKind::Intend.to_string()),
                ..f()
            },
            None,
        );
    }
    let mut nonempty = 0;
    for q in &queries {
        assert!(ix.answers(q), "{q:?}");
        for page in [1, 4, 500] {
            let (mut via_index, mut via_sql) = (Vec::new(), Vec::new());
            let mut after: Option<EventKey> = None;
            loop {
                let rows = store.events_page(q, after.as_ref(), page).unwrap();
                let keys = ix.page(q, after.as_ref(), page);
                let sql_keys: Vec<EventKey> =
                    rows.iter().map(|r| EventKey { date: r.date.clone(), rowid: r.rowid }).collect();
                assert_eq!(keys, sql_keys, "{q:?} page {page} after {after:?}");
                via_sql.extend(rows.iter().map(|r| r.rowid));
                via_index.extend(keys);
                let Some(last) = rows.last().filter(|_| rows.len() == page) else { break };
                after = Some(EventKey { date: last.date.clone(), rowid: last.rowid });
            }
            let ids: Vec<i64> = via_index.iter().map(|k| k.rowid).collect();
            assert_eq!(ids, via_sql);
            // The rows the index names are the rows SQL gives, by id and by key.
            let fetched: Vec<i64> = store.events_by_rowids(&ids).unwrap().iter().map(|r| r.rowid).collect();
            assert_eq!(fetched, via_sql);
            let fetched: Vec<i64> = store.events_by_keys(&via_index).unwrap().iter().map(|r| r.rowid).collect();
            assert_eq!(fetched, via_sql);
            nonempty += usize::from(!via_sql.is_empty() && page == 500);
        }
    }
    assert!(nonempty > queries.len() / 2, "most queries match nothing: the comparison proves little");
    // The network counted from the index is the one SQL counts.
    for q in &queries {
        let (a, b) = (ix.network(q, &store).unwrap(), store.network(q).unwrap());
        assert_eq!(a, b, "network of {q:?}");
    }
    // Counts and aggregates from the index are those SQL gives.
    use attache_store::{BucketOrder, Dimension};
    for q in &queries {
        assert_eq!(ix.count(q), store.events_count(q).unwrap(), "count of {q:?}");
        let mut dims: Vec<Vec<Dimension>> = [Dimension::Type, Dimension::Month, Dimension::Year, Dimension::Mode]
            .into_iter()
            .chain([Dimension::Country, Dimension::Topic])
            .map(|d| vec![d])
            .collect();
        dims.push(vec![Dimension::Month, Dimension::Type]);
        dims.push(vec![Dimension::Country, Dimension::Topic]);
        dims.push(vec![Dimension::Year, Dimension::Mode]);
        dims.push(vec![Dimension::Topic, Dimension::Month]);
        if q.filter.country.is_some() {
            dims.push(vec![Dimension::Counterpart]);
            dims.push(vec![Dimension::Counterpart, Dimension::Type]);
            dims.push(vec![Dimension::Month, Dimension::Counterpart]);
        }
        for d in &dims {
            for order in [BucketOrder::Natural, BucketOrder::Key, BucketOrder::Count] {
                let a = ix.aggregate(q, d, order).unwrap();
                let b = store.events_aggregate(q, d, order).unwrap();
                assert_eq!(a, b, "aggregate by {d:?} of {q:?}");
            }
        }
    }
    // What the index cannot answer exactly, it leaves to SQL.
    assert!(!ix.answers(&EventQuery { text: Some("talks".into()), ..Default::default() }));
    assert!(!ix.answers(&EventQuery { oldest_first: true, ..Default::default() }));
    assert!(!ix.answers(&EventQuery { filter: EventFilter { actor: Some("x".into()), ..f() }, ..Default::default() }));
    assert!(
        !ix.answers(&EventQuery { filter: EventFilter { topic: Some("tra%".into()), ..f() }, ..Default::default() })
    );
    assert!(!ix.answers(&EventQuery { article_id: Some(1), ..Default::default() }));
}

/// A GET whose body is not JSON (an export): status, content type and text.
async fn get_text(path: &str) -> (u16, String, String) {
    let resp = reqwest::get(format!("{}{path}", server().base)).await.unwrap();
    let status = resp.status().as_u16();
    let kind = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    (status, kind, resp.text().await.unwrap())
}

#[tokio::test]
async fn aggregates_totals_and_multi_value_filters_agree() {
    let all = ok("/api/v1/events?limit=1").await;
    let total = all["total"].as_i64().unwrap();
    assert!(total > 20, "{all}");
    let sum =
        |page: &Value| page["items"].as_array().unwrap().iter().map(|i| i["count"].as_i64().unwrap()).sum::<i64>();
    for by in ["type", "month", "year", "mode"] {
        let a = ok(&format!("/api/v1/aggregate?by={by}")).await;
        assert_eq!((sum(&a), a["total"].as_i64().unwrap()), (total, total), "by {by}: {a}");
    }
    // Months in time order with the empty ones shown (count 0), undated last.
    let months = ok("/api/v1/aggregate?by=month").await;
    let keys: Vec<&str> = months["items"].as_array().unwrap().iter().filter_map(|i| i["key"].as_str()).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    for pair in keys.windows(2) {
        let (y0, m0): (i32, i32) = (pair[0][..4].parse().unwrap(), pair[0][5..].parse().unwrap());
        let (y1, m1): (i32, i32) = (pair[1][..4].parse().unwrap(), pair[1][5..].parse().unwrap());
        assert_eq!(y1 * 12 + m1, y0 * 12 + m0 + 1, "a month is missing between {} and {}", pair[0], pair[1]);
    }
    // type=A,B is A or B: its total is the sum of theirs, and of the aggregate's two buckets.
    let meet = ok("/api/v1/events?type=MEET&limit=1").await["total"].as_i64().unwrap();
    let agree = ok("/api/v1/events?type=agree&limit=1").await["total"].as_i64().unwrap();
    let both = ok("/api/v1/events?type=MEET,agree&limit=1").await;
    assert_eq!(both["total"].as_i64().unwrap(), meet + agree);
    let by_type = ok("/api/v1/aggregate?by=type&type=MEET,AGREE").await;
    assert_eq!(by_type["items"].as_array().unwrap().len(), 2, "{by_type}");
    // Two dimensions; actors with their names; counterparts of a country.
    let two = ok("/api/v1/aggregate?by=month,type").await;
    assert_eq!(sum(&two), total);
    assert!(two["items"].as_array().unwrap().iter().all(|i| i["second"].is_string()), "{two}");
    let actors = ok("/api/v1/aggregate?by=actor&sort=count").await;
    let first = &actors["items"][0];
    assert!(first["label"].is_string() && first["count"].as_i64().unwrap() > 1, "{actors}");
    let top = ok("/api/v1/aggregate?by=country").await["items"][0]["key"].as_str().unwrap().to_string();
    let partners = ok(&format!("/api/v1/aggregate?by=counterpart&country={top}")).await;
    assert!(partners["items"].as_array().unwrap().iter().all(|i| i["key"].as_str() != Some(top.as_str())));
    // Bad values are 400s naming them.
    for (path, needle) in [
        ("/api/v1/aggregate", "by is required"),
        ("/api/v1/aggregate?by=weekday", "weekday"),
        ("/api/v1/aggregate?by=type,type", "twice"),
        ("/api/v1/aggregate?by=counterpart", "needs a country"),
        ("/api/v1/events?type=MEET,HUG", "HUG"),
        ("/api/v1/events?country=KAZ,XYZ", "XYZ"),
        ("/api/v1/events?sort=sideways", "sideways"),
        ("/api/v1/events?format=xml", "xml"),
    ] {
        let (code, body) = status(path).await;
        assert_eq!(code, 400, "{path}: {body}");
        assert!(body.contains(needle), "{path}: {body}");
    }
}

#[tokio::test]
async fn events_sort_oldest_first_and_search_their_evidence() {
    let newest = walk("/api/v1/events", 7).await;
    let oldest = walk("/api/v1/events?sort=oldest", 7).await;
    assert_eq!(newest.len(), oldest.len());
    let dates = |v: &[Value]| v.iter().filter_map(|e| e["date"].as_str().map(str::to_string)).collect::<Vec<_>>();
    let (mut n, o) = (dates(&newest), dates(&oldest));
    n.reverse();
    assert_eq!(n, o, "oldest first is newest first reversed (for dated events)");
    let mut o_sorted = o.clone();
    o_sorted.sort();
    assert_eq!(o, o_sorted);
    // A cursor of one order is refused by the other.
    let c = ok("/api/v1/events?limit=2").await["next_cursor"].as_str().unwrap().to_string();
    assert_eq!(status(&format!("/api/v1/events?sort=oldest&cursor={c}")).await.0, 400);
    // q: every word in the evidence, any case.
    let found = walk("/api/v1/events?q=MINISTER", 50).await;
    assert!(!found.is_empty());
    for e in &found {
        assert!(e["evidence"]["text"].as_str().unwrap().to_lowercase().contains("minister"), "{e}");
    }
    let total = ok("/api/v1/events?q=minister&limit=1").await["total"].as_i64().unwrap();
    assert_eq!(total, found.len() as i64);
}

#[tokio::test]
async fn every_list_exports_every_page_as_csv_and_json_lines() {
    let (status_code, kind, csv_text) = get_text("/api/v1/events?format=csv&type=MEET").await;
    assert_eq!(status_code, 200);
    assert!(kind.starts_with("text/csv"), "{kind}");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let listed = walk("/api/v1/events?type=MEET", 500).await;
    assert_eq!(rows.len(), listed.len());
    let type_at = header.iter().position(|h| h == "type").unwrap();
    assert!(rows.iter().all(|r| &r[type_at] == "MEET"));
    for list in ["events", "articles", "actors", "commitments", "facts", "occurrences"] {
        let (code, kind, text) = get_text(&format!("/api/v1/{list}?format=jsonl")).await;
        assert_eq!(code, 200, "{list}: {text}");
        assert!(kind.starts_with("application/x-ndjson"), "{list}: {kind}");
        let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let total = ok(&format!("/api/v1/{list}?limit=1")).await["total"].as_i64().unwrap();
        assert_eq!(lines.len() as i64, total, "{list}: the export holds every page");
        let (code, _, csv_text) = get_text(&format!("/api/v1/{list}?format=csv")).await;
        assert_eq!(code, 200);
        let n = csv::Reader::from_reader(csv_text.as_bytes()).records().count() as i64;
        assert_eq!(n, total, "{list}: CSV rows");
    }
    // Compressed (as a browser asks for it), the export still ends cleanly.
    let client = reqwest::Client::new();
    let resp = client
        .get(format!("{}/api/v1/events?format=jsonl", server().base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let gz = resp.bytes().await.expect("the whole compressed export arrives");
    assert!(gz.len() > 100);
    // A bad filter is still a 400 before anything is streamed.
    assert_eq!(get_text("/api/v1/events?format=csv&since=never").await.0, 400);
}

#[tokio::test]
async fn commitments_name_their_sides_in_the_events_direction_with_evidence() {
    let all = walk("/api/v1/commitments", 50).await;
    assert!(all.iter().any(|c| c["kind"] == "INVITE"), "no invitation in the sample");
    for c in &all {
        let event = ok(&format!("/api/v1/events/{}", c["id"].as_str().unwrap())).await;
        assert_eq!(c["evidence"], event["event"]["evidence"]["text"], "{c}");
        // The commitment's source is (among) its event's source: the inviter of an invitation, the promiser of a promise.
        let event_sources: Vec<&str> =
            event["event"]["source"].as_array().unwrap().iter().filter_map(|a| a["actor_id"].as_str()).collect();
        for s in c["source"].as_array().unwrap() {
            assert!(s["name"].as_str().is_some_and(|n| !n.is_empty()), "{c}");
            assert!(
                event_sources.contains(&s["actor_id"].as_str().unwrap()),
                "{} is no source of {event}",
                s["actor_id"]
            );
        }
    }
}

#[tokio::test]
async fn sources_list_what_watch_follows() {
    // This store was filled by `attache ingest`, not `attache watch`: no source.
    let s = ok("/api/v1/sources").await;
    assert_eq!(s, json!({"items": [], "total": 0}));
    assert_eq!(status("/api/v1/sources?limit=5").await.0, 400);
}

/// `by=organisation`: each international organisation an event names (an
/// `IGO` official's organisation, or the organisation itself), counted as an
/// independent reading of the listed events counts them; never one "IGO".
#[tokio::test]
async fn organisations_are_counted_as_themselves() {
    let listed = ok("/api/v1/events?country=IGO&limit=500").await;
    let events = listed["items"].as_array().unwrap();
    assert!(!events.is_empty() && listed["next_cursor"].is_null(), "the sample has events with organisations");
    let mut expected: std::collections::BTreeMap<Option<String>, i64> = Default::default();
    for e in events {
        let mut orgs: Vec<Option<String>> = e["source"]
            .as_array()
            .unwrap()
            .iter()
            .chain(e["target"].as_array().unwrap())
            .filter(|a| a["country"] == "IGO")
            .filter_map(|a| {
                a["org"]
                    .as_str()
                    .map(str::to_string)
                    .or_else(|| (a["kind"] != "person").then(|| a["name"].as_str().unwrap().to_string()))
            })
            .map(Some)
            .collect();
        orgs.sort();
        orgs.dedup();
        if orgs.is_empty() {
            orgs.push(None);
        }
        for o in orgs {
            *expected.entry(o).or_default() += 1;
        }
    }
    let agg = ok("/api/v1/aggregate?by=organisation&country=IGO").await;
    assert_eq!(agg["total"].as_i64(), listed["total"].as_i64());
    let got: std::collections::BTreeMap<Option<String>, i64> = agg["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["key"].as_str().map(str::to_string), i["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(got, expected);
    assert!(got.keys().flatten().count() >= 2, "organisations by name: {got:?}");
    assert!(!got.contains_key(&Some("IGO".to_string())));
    // With a second dimension, and with a filter no organisation passes.
    let by_type = ok("/api/v1/aggregate?by=organisation,type&country=IGO").await;
    assert!(by_type["items"].as_array().unwrap().iter().all(|i| i["second"].is_string()));
    let none = ok("/api/v1/aggregate?by=organisation&country=IGO&since=2999").await;
    assert_eq!(none["total"], 0);
}
