//! Times the store queries behind /api/v1/events on a store: `time_queries PATH`.
use attache_model::kinds::EventKind;
use attache_store::{EventFilter, EventQuery, Store};
fn main() {
    let path = std::env::args().nth(1).expect("usage: time_queries PATH");
    let store = Store::open_read_only(std::path::Path::new(&path)).unwrap();
    let cases: Vec<(&str, EventQuery)> = vec![
        ("all", EventQuery::default()),
        (
            EventKind::Meet.as_str(),
            EventQuery {
                filter: EventFilter { kind: Some(EventKind::Meet.to_string()), ..Default::default() },
                ..Default::default()
            },
        ),
        (
            "KAZ-DEU",
            EventQuery {
                filter: EventFilter {
                    country: Some("KAZ".into()),
                    counterpart: Some("DEU".into()),
                    ..Default::default()
                },
                ..Default::default()
            },
        ),
    ];
    let conn = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let from = "FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id
     LEFT JOIN extractions x ON x.article_id = e.article_id
     LEFT JOIN occurrence_reports o ON o.article_id = e.article_id AND o.idx = e.idx";
    let meet = EventKind::Meet;
    for (label, sql) in [
        (
            "plan all",
            format!(
                "EXPLAIN QUERY PLAN SELECT e.id, x.record {from} WHERE d.current = 1 AND e.date IS NOT NULL ORDER BY e.date DESC, e.id DESC LIMIT 51"
            ),
        ),
        (
            "plan one type",
            format!(
                "EXPLAIN QUERY PLAN SELECT e.id, x.record {from} WHERE d.current = 1 AND e.type = '{meet}' AND e.date IS NOT NULL ORDER BY e.date DESC, e.id DESC LIMIT 51"
            ),
        ),
    ] {
        println!("{label}:");
        let mut st = conn.prepare(&sql).unwrap();
        let rows = st.query_map([], |r| r.get::<_, String>(3)).unwrap();
        for r in rows {
            println!("   {}", r.unwrap());
        }
    }
    for (label, sql) in [
        (
            "ids only",
            format!(
                "SELECT e.id {from} WHERE d.current = 1 AND e.date IS NOT NULL ORDER BY e.date DESC, e.id DESC LIMIT 51"
            ),
        ),
        (
            "with record",
            format!(
                "SELECT e.id, x.record {from} WHERE d.current = 1 AND e.date IS NOT NULL ORDER BY e.date DESC, e.id DESC LIMIT 51"
            ),
        ),
        (
            "with record, 2MB cache",
            format!(
                "SELECT e.id, x.record, e.evidence, a.title {from} WHERE d.current = 1 AND e.date IS NOT NULL ORDER BY e.date DESC, e.id DESC LIMIT 51"
            ),
        ),
    ] {
        let mut st = conn.prepare(&sql).unwrap();
        let t = std::time::Instant::now();
        for _ in 0..20 {
            let n: usize = st.query_map([], |r| r.get::<_, i64>(0)).unwrap().count();
            assert!(n > 0);
        }
        println!("{label:24}: {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / 20.0);
    }
    for (name, q) in &cases {
        for limit in [1, 51, 501] {
            let t = std::time::Instant::now();
            let n = 20;
            for _ in 0..n {
                store.events_page(q, None, limit).unwrap();
            }
            println!("{name:8} limit {limit:4}: {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / n as f64);
        }
    }

    // The parts of one /api/v1/events request on the index path.
    let ix = attache_serve::index::EventIndex::build(&store).unwrap();
    let q = EventQuery::default();
    let n = 200;
    let t = std::time::Instant::now();
    for _ in 0..n {
        store.change_mark().unwrap();
    }
    println!("change mark        : {:.3} ms", t.elapsed().as_secs_f64() * 1000.0 / n as f64);
    let t = std::time::Instant::now();
    let mut keys = Vec::new();
    for _ in 0..n {
        keys = ix.page(&q, None, 51);
    }
    println!("index page 51      : {:.3} ms", t.elapsed().as_secs_f64() * 1000.0 / n as f64);
    let t = std::time::Instant::now();
    let mut rows = Vec::new();
    for _ in 0..n {
        rows = store.events_by_keys(&keys).unwrap();
    }
    println!("rows by key + hydrate: {:.3} ms", t.elapsed().as_secs_f64() * 1000.0 / n as f64);
    let t = std::time::Instant::now();
    let mut bytes = 0;
    for _ in 0..n {
        let items: Vec<attache_serve::api::EventItem> = rows.iter().map(attache_serve::api::EventItem::from).collect();
        bytes = serde_json::to_vec(&items).unwrap().len();
    }
    println!("to JSON ({bytes} B)  : {:.3} ms", t.elapsed().as_secs_f64() * 1000.0 / n as f64);
}
