use attache_model::annotation::AnnotatedArticle;
use attache_model::{Article, Document, Published};
use attache_model::{Format, RawItem};

use super::*;

fn doc(origin: &str, content: &str) -> Document {
    Document {
        origin: origin.into(),
        name: origin.into(),
        hash: format!("h-{content}"),
        format: Format::Text,
        encoding: "UTF-8".into(),
        bytes: content.len(),
        items: vec![RawItem { text: content.into(), ..RawItem::default() }],
    }
}

fn article(title: &str, text: &str, published: &str) -> Article {
    Article {
        position: 0,
        title: Some(title.into()),
        published: Published::parse(published),
        views: Some(12),
        via: vec!["Akorda".into()],
        url: None,
        language: Some("eng".into()),
        text: text.into(),
        sentences: vec![Span::new(0, text.len())],
    }
}

#[test]
fn same_content_twice_adds_nothing() {
    let mut s = Store::in_memory().unwrap();
    let d = doc("a.txt", "x");
    let a = [article("Talks in Oslo", "Ministers met in Oslo.", "2026-03-01T10:00")];
    assert_eq!(s.put_document(&d, &a).unwrap(), Stored::Added { version: 1, articles: 1 });
    assert_eq!(s.put_document(&d, &a).unwrap(), Stored::Unchanged);
    let st = s.stats().unwrap();
    assert_eq!((st.documents, st.articles, st.sentences), (1, 1, 1));
}

#[test]
fn changed_content_at_an_origin_is_a_new_version() {
    let mut s = Store::in_memory().unwrap();
    s.put_document(&doc("a.txt", "v1"), &[article("Old", "Old text here.", "2026-03-01")]).unwrap();
    let r = s.put_document(&doc("a.txt", "v2"), &[article("New", "New text here.", "2026-03-02")]).unwrap();
    assert_eq!(r, Stored::Added { version: 2, articles: 1 });
    let st = s.stats().unwrap();
    assert_eq!((st.documents, st.document_versions, st.articles), (1, 2, 1));
    let all = s.articles(&ArticleFilter::default()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].article.title.as_deref(), Some("New"));
}

#[test]
fn filters_by_text_and_dates() {
    let mut s = Store::in_memory().unwrap();
    s.put_document(&doc("a", "1"), &[article("Talks in Oslo", "Ministers met in Oslo.", "2026-03-01T10:00")]).unwrap();
    s.put_document(&doc("b", "2"), &[article("Visit to Québec", "The envoy visited Quebec.", "2026-04-01")]).unwrap();
    let q = |query: Option<&str>, since: Option<&str>, until: Option<&str>| {
        let f = ArticleFilter {
            query: query.map(Into::into),
            since: since.map(Into::into),
            until: until.map(Into::into),
            limit: None,
        };
        s.articles(&f).unwrap().into_iter().map(|a| a.doc).collect::<Vec<_>>()
    };
    assert_eq!(q(Some("oslo"), None, None), ["a"]);
    assert_eq!(q(Some("quebec"), None, None), ["b"], "diacritics fold");
    assert_eq!(q(Some("\"unbalanced"), None, None), Vec::<String>::new());
    assert_eq!(q(None, Some("2026-03-15"), None), ["b"]);
    assert_eq!(q(None, None, Some("2026-03")), ["a"]);
    assert!(s.articles(&ArticleFilter { since: Some("yesterday".into()), ..Default::default() }).is_err());
}

#[test]
fn free_text_is_searched_as_words_never_as_fts5_syntax() {
    let mut s = Store::in_memory().unwrap();
    let texts = [
        ("covid", "Talks on COVID-19 vaccines", "The U.S. envoy and minister al-Sisi met on 2026-04-15 in Cairo."),
        ("obrien", "A call with O'Brien", "Foreign minister Seán O'Brien spoke by phone with his Polish colleague."),
    ];
    for (i, (name, title, text)) in texts.iter().enumerate() {
        s.put_document(&doc(name, &i.to_string()), &[article(title, text, "2026-04-15")]).unwrap();
    }
    let found = |q: &str| {
        let f = ArticleFilter { query: Some(q.into()), ..Default::default() };
        let mut docs: Vec<String> =
            s.articles(&f).unwrap_or_else(|e| panic!("{q:?}: {e}")).into_iter().map(|a| a.doc).collect();
        docs.sort();
        let page = s.articles_page(Some(q), None, None, None, 10).unwrap_or_else(|e| panic!("{q:?}: {e}"));
        assert_eq!(page.len(), docs.len(), "{q:?}: the API's search and the CLI's differ");
        docs
    };
    for q in ["COVID-19", "covid-19", "U.S.", "al-Sisi", "2026-04-15", "cov*", "COVID-1*", "u.s. AND cairo"] {
        assert_eq!(found(q), ["covid"], "{q:?}");
    }
    for q in ["O'Brien", "o'brien spoke", "Sean", "o'bri*", "\"O'Brien\"", "Polish)"] {
        assert_eq!(found(q), ["obrien"], "{q:?}");
    }
    assert_eq!(found("minister"), ["covid", "obrien"]);
    for q in ["COVID\0-19", "-", "*", "\"", "''", "\0", "NEAR(", ")(", "^", "AND OR NOT", "covid NOT-a-word"] {
        assert!(found(q).len() <= 2, "{q:?}");
    }
    // Whatever the text, the query is valid: every character class, markup and operator.
    let pieces = [
        "a",
        "-",
        "'",
        "\"",
        "*",
        "(",
        ")",
        ":",
        "^",
        "+",
        "NEAR",
        "OR",
        "\u{301}",
        "\u{200d}",
        "\u{0}",
        "é",
        "ß",
        "日本",
        "\u{928}\u{92e}\u{938}\u{94d}\u{924}\u{947}",
        "١٢",
        "😀",
        "\u{1F1F0}\u{1F1FF}",
        "\u{E000}",
        "x\u{300}y",
        " ",
    ];
    for a in pieces {
        for b in pieces {
            for c in ["", "*", "-", "\"x", "*y"] {
                let q = format!("{a}{b}{c}");
                let _ = found(&q);
                let _ = found(&format!("{q} {a}* {b}"));
            }
        }
    }
    // Prefix terms are capped: the ninth `*` is a plain word.
    let many = (0..12).map(|_| "cov*").collect::<Vec<_>>().join(" ");
    assert_eq!(fts_query(&many).unwrap().matches('*').count(), MAX_PREFIX_TERMS);
    assert_eq!(fts_query("COVID-19"), Some("\"COVID\" AND \"19\"".to_string()));
    assert_eq!(fts_query(" -- ''"), None);
}

#[test]
fn a_batch_not_committed_leaves_nothing() {
    let mut s = Store::in_memory().unwrap();
    {
        let b = s.batch().unwrap();
        b.put_document(&doc("a", "1"), &[article("T", "Some text.", "2026-01-01")], &[]).unwrap();
    }
    assert_eq!(s.stats().unwrap().articles, 0);
}

#[test]
fn reopening_keeps_data_and_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let mut s = Store::open(&path).unwrap();
        s.put_document(&doc("a", "1"), &[article("T", "Some text.", "2026-01-01")]).unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::MIGRATIONS.len() as i64);
    let a = s.article(1).unwrap().unwrap();
    assert_eq!(a.article.via, ["Akorda"]);
    assert_eq!(a.article.sentences.len(), 1);
}

#[test]
fn events_are_stored_and_filtered() {
    use attache_model::annotation::{Actor, Event, Extraction, Provenance};
    let mut s = Store::in_memory().unwrap();
    let a = article("Talks in Oslo", "Ministers met in Oslo.", "2026-03-01T10:00");
    let actor = |id: &str, name: &str, c: &str| Actor {
        id: id.into(),
        name: name.into(),
        country: Some(c.into()),
        kind: attache_model::kinds::ActorKind::Person,
        ..Actor::default()
    };
    let mut record = AnnotatedArticle { doc: "a".into(), ..AnnotatedArticle::default() };
    record.actors = vec![actor("a1", "Ingrid Vik", "NOR"), actor("a2", "Pablo Ortega", "CHL")];
    record.events = vec![Event {
        kind: attache_model::kinds::EventKind::Meet,
        mode: Some(attache_model::kinds::MeetMode::Meeting),
        date: Some("2026-03-01".into()),
        source: vec!["a1".into()],
        target: vec!["a2".into()],
        topics: vec!["trade".into()],
        evidence: "Ministers met in Oslo.".into(),
        ..Event::default()
    }];
    let x = Extraction {
        record,
        provenance: vec![Provenance {
            event: 0,
            rule: "MEET/19".into(),
            trigger: "met".into(),
            sentence: Some(0),
            span: Some((0, 22)),
        }],
    };
    let b = s.batch().unwrap();
    b.put_document(&doc("a", "1"), &[a], &[x]).unwrap();
    b.commit().unwrap();
    let q = |f: EventFilter| s.events(&f).unwrap().len();
    assert_eq!(q(EventFilter::default()), 1);
    assert_eq!(
        q(EventFilter { country: Some("nor".into()), counterpart: Some("CHL".into()), ..Default::default() }),
        1
    );
    assert_eq!(
        q(EventFilter { country: Some("CHL".into()), counterpart: Some("NOR".into()), ..Default::default() }),
        1
    );
    assert_eq!(q(EventFilter { country: Some("KAZ".into()), ..Default::default() }), 0);
    assert_eq!(q(EventFilter { kind: Some("praise".into()), ..Default::default() }), 0);
    assert_eq!(q(EventFilter { actor: Some("Ortega".into()), ..Default::default() }), 1);
    assert_eq!(q(EventFilter { topic: Some("trade".into()), ..Default::default() }), 1);
    assert_eq!(q(EventFilter { since: Some("2026-03-02".into()), ..Default::default() }), 0);
    assert!(s.events(&EventFilter { country: Some("Norway".into()), ..Default::default() }).is_err());
    let e = &s.events(&EventFilter::default()).unwrap()[0];
    assert_eq!((e.rule.as_deref(), e.span), (Some("MEET/19"), Some((0, 22))));
    assert_eq!(e.actors.len(), 2);
}

#[test]
fn articles_stored_before_packed_spans_read_their_sentence_rows() {
    let mut s = Store::in_memory().unwrap();
    s.put_document(&doc("a", "1"), &[article("T", "One. Two.", "2026-01-01")]).unwrap();
    assert_eq!(s.article(1).unwrap().unwrap().article.sentences, [Span::new(0, 9)]);
    // As schema 1 and 2 stored them: no packed spans, one row per sentence.
    s.conn()
        .unwrap()
        .execute_batch(
            "UPDATE articles SET spans = NULL, sentence_count = 0;
         INSERT INTO sentences (article_id, idx, start, end) VALUES (1, 0, 0, 4), (1, 1, 5, 9);",
        )
        .unwrap();
    assert_eq!(s.article(1).unwrap().unwrap().article.sentences, [Span::new(0, 4), Span::new(5, 9)]);
    assert_eq!(s.stats().unwrap().sentences, 2);
}

#[test]
fn foreign_key_checks_are_back_after_a_resolution() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("fk.db")).unwrap();
    let on = |s: &Store| s.conn().unwrap().query_row("PRAGMA foreign_keys", [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(on(&store), 1);
    let tx = store.resolution().unwrap();
    tx.commit(0, None).unwrap();
    assert_eq!(on(&store), 1, "after a commit");
    drop(store.resolution().unwrap());
    assert_eq!(on(&store), 1, "after a rollback");
}

#[test]
fn an_actors_mentions_are_found_in_every_bucket_through_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("buckets.db")).unwrap();
    let tx = store.resolution().unwrap();
    // Buckets 0, 1 and 3 (65,536 articles each), the last article of bucket 0 included.
    let links = [
        (5, "a1", "p:kaz:arman-issetov"),
        (65_535, "a2", "p:kaz:arman-issetov"),
        (65_536, "a1", "p:svk:zhanna-saginova"),
        (70_000, "a3", "p:kaz:arman-issetov"),
        (200_000, "a1", "p:kaz:arman-issetov"),
    ];
    tx.put_links(&links).unwrap();
    tx.commit(200_000, None).unwrap();
    let found = |id: &str| -> Vec<(i64, String)> {
        let mut stmt = store.conn().unwrap().prepare(schema::MENTIONS_OF_ACTOR).unwrap();
        let mut rows: Vec<(i64, String)> =
            stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
        rows.sort();
        rows
    };
    let issetov = [(5, "a1"), (65_535, "a2"), (70_000, "a3"), (200_000, "a1")].map(|(a, l)| (a, l.to_string()));
    assert_eq!(found("p:kaz:arman-issetov"), issetov);
    assert_eq!(found("p:svk:zhanna-saginova"), [(65_536, "a1".to_string())]);
    let plan: Vec<String> = store
        .conn()
        .unwrap()
        .prepare(&format!("EXPLAIN QUERY PLAN {}", schema::MENTIONS_OF_ACTOR))
        .unwrap()
        .query_map(["x"], |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(plan.iter().any(|p| p.contains("INDEX actor_mentions_actor")), "{plan:?}");
}

#[test]
fn a_texts_words_key_ignores_case_and_spacing_only() {
    let key = words_key("The Ministers met in Astana.\n\nÉTÉ  Σοφία");
    assert_eq!(key, words_key("the ministers   met in astana.\tété σοφία"));
    assert_eq!(key, words_key("  THE MINISTERS MET IN ASTANA. ÉTÉ ΣΟΦΊΑ "));
    assert_ne!(key, words_key("The Ministers met in Astana. ÉTÉ"));
    assert_ne!(key, words_key("The Ministers met in Astana, ÉTÉ Σοφία"));
    assert_ne!(words_key("ab c"), words_key("a bc"), "word boundaries count");
}
