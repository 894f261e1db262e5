//! Golden tests: `test_data/*.txt` are pages and dumps written in our own
//! words; `*.expected` hold the stable text form of what segmentation makes of
//! them. Set `UPDATE_EXPECT=1` to rewrite the expectations after a reviewed change.

use std::fmt::Write;
use std::path::Path;

use attache_model::{Format, RawItem};
use proptest::prelude::*;

use super::*;

/// The stable line-based form golden files hold.
fn render(articles: &[Article]) -> String {
    let mut out = String::new();
    for a in articles {
        let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
        writeln!(out, "# article {}", a.position).unwrap();
        writeln!(out, "title: {}", opt(&a.title)).unwrap();
        writeln!(out, "published: {}", a.published.map_or("-".into(), |p| p.to_string())).unwrap();
        writeln!(out, "views: {}", a.views.map_or("-".into(), |v| v.to_string())).unwrap();
        writeln!(out, "via: {}", a.via.join(" | ")).unwrap();
        writeln!(out, "language: {}", opt(&a.language)).unwrap();
        for (i, s) in a.sentences.iter().enumerate() {
            writeln!(out, "{i:>3} {}", s.slice(&a.text)).unwrap();
        }
    }
    out
}

#[test]
fn golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let got = render(&segment_item(&RawItem { text, ..RawItem::default() }, Format::Text));
        let expected_path = path.with_extension("expected");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&expected_path, &got).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} is missing (UPDATE_EXPECT=1 writes it)", expected_path.display()));
        assert_eq!(got, expected, "segmentation of {} changed (UPDATE_EXPECT=1 to accept)", path.display());
        checked += 1;
    }
    assert!(checked >= 3, "golden files missing in {}", dir.display());
}

#[test]
fn structured_items_keep_their_metadata() {
    let item = RawItem {
        title: Some("Ministers meet".into()),
        published: Published::parse("2026-05-02T08:00"),
        text: "Share on Facebook\nThe two ministers met in Hanoi on Monday.\nThey discussed rice exports.".into(),
        ..RawItem::default()
    };
    let a = &segment_item(&item, Format::Html)[0];
    assert_eq!(a.title.as_deref(), Some("Ministers meet"));
    assert_eq!(a.text, "The two ministers met in Hanoi on Monday.\n\nThey discussed rice exports.");
    assert_eq!(a.sentences.len(), 2);
}

proptest! {
    #[test]
    fn never_panics_and_spans_are_on_boundaries(text in "(\\PC|\n| |\\.|[0-9]{2}\\.[0-9]{2}\\.20[0-9]{2}, 1[0-9]:[0-5][0-9] [0-9]{3}){0,300}") {
        for a in segment_item(&RawItem { text, ..RawItem::default() }, Format::Text) {
            let mut last = 0;
            for s in &a.sentences {
                prop_assert!(s.start >= last && s.end <= a.text.len());
                prop_assert!(a.text.is_char_boundary(s.start) && a.text.is_char_boundary(s.end));
                prop_assert!(!s.slice(&a.text).trim().is_empty());
                last = s.end;
            }
        }
    }

    #[test]
    fn sentences_cover_all_words(text in "([A-Za-z]{1,8}|[A-Z]\\.|\\.|!|\\?|”| |\n){0,200}") {
        let spans = sentences::split(&text);
        let covered: String = spans.iter().map(|s| s.slice(&text)).collect::<Vec<_>>().join(" ");
        let a: Vec<&str> = text.split_whitespace().collect();
        let b: Vec<&str> = covered.split_whitespace().collect();
        prop_assert_eq!(a, b);
    }
}
