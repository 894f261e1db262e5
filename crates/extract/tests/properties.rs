//! Extraction never fails: any text yields a record (maybe empty), every
//! event's actors exist, and dates found in text lie inside it.

use attache_model::{Article, Published, Span};
use proptest::prelude::*;

fn words() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("Ambassador".to_string()),
        Just("of".to_string()),
        Just("Kazakhstan".to_string()),
        Just("the".to_string()),
        Just("met".to_string()),
        Just("with".to_string()),
        Just("congratulated".to_string()),
        Just("invited".to_string()),
        Just("condemned".to_string()),
        Just("him".to_string()),
        Just("The parties".to_string()),
        Just("D.".to_string()),
        Just("K.Tokayev".to_string()),
        Just("Minister".to_string()),
        Just("on Tuesday".to_string()),
        Just("27-29 May 2025".to_string()),
        Just("17 billion US dollars".to_string()),
        Just(",".to_string()),
        Just(".".to_string()),
        "[A-Z][a-z]{2,8}",
        "\\PC{1,6}",
    ];
    prop::collection::vec(word, 0..60).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn extraction_never_fails(text in words(), title in words()) {
        let sentences = vec![Span::new(0, text.len())];
        let article = Article {
            position: 0,
            title: Some(title),
            published: Published::parse("2026-03-10T12:00"),
            views: None,
            via: vec![],
            url: None,
            language: None,
            text,
            sentences,
        };
        let x = attache_extract::extract("doc", &article);
        for e in &x.record.events {
            for id in e.source.iter().chain(&e.target) {
                prop_assert!(x.record.actors.iter().any(|a| &a.id == id));
            }
        }
    }

    #[test]
    fn dates_lie_inside_their_sentence(text in words()) {
        for d in attache_extract::dates::find(&text, "2026-03-10".parse().ok()) {
            prop_assert!(d.start <= d.end && d.end <= text.len());
            prop_assert!(text.is_char_boundary(d.start) && text.is_char_boundary(d.end));
            prop_assert!(d.value.len() == 4 || d.value.len() == 7 || d.value.len() == 10);
        }
    }
}
