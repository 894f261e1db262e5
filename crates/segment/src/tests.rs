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
            let speaker = a.speaker(i).map(|who| format!(" [{who}]")).unwrap_or_default();
            writeln!(out, "{i:>3}{speaker} {}", s.slice(&a.text)).unwrap();
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
        // `.txt`: a plain-text page or dump; `.md`: a Markdown body as written
        // (the front matter, read by ingest, gives the title).
        let (format, title) = match path.extension().and_then(|e| e.to_str()) {
            Some("txt") => (Format::Text, None),
            Some("md") => (Format::Markdown, Some("Steps agreed".to_string())),
            _ => continue,
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let got = render(&segment_item(&RawItem { text, title, ..RawItem::default() }, format));
        let expected_path = path.with_extension("expected");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&expected_path, &got).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} is missing (UPDATE_EXPECT=1 writes it)", expected_path.display()));
        assert_eq!(got, expected, "segmentation of {} changed (UPDATE_EXPECT=1 to accept)", path.display());
        checked += 1;
    }
    assert!(checked >= 9, "golden files missing in {}", dir.display());
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

#[test]
fn a_dated_first_line_dates_an_undated_container() {
    let item = RawItem {
        title: Some("Envoy visits Lund".into()),
        text: "3 May 2019 Posted in Press releases\n\nThe envoy of Norland will visit Lund on 5 May.".into(),
        ..RawItem::default()
    };
    let a = &segment_item(&item, Format::Markdown)[0];
    assert_eq!(a.published.map(|p| p.to_string()).as_deref(), Some("2019-05-03"));
    let signed = RawItem { text: "The envoy of Norland will visit Lund.\n\nLund, 6 MAY 2019".into(), ..item.clone() };
    assert_eq!(
        segment_item(&signed, Format::Markdown)[0].published.map(|p| p.to_string()).as_deref(),
        Some("2019-05-06")
    );
    // A date the container states wins; the date line is no sentence either way.
    let dated = RawItem { published: Published::parse("2019-05-04"), ..item };
    let d = &segment_item(&dated, Format::Markdown)[0];
    assert_eq!(d.published.map(|p| p.to_string()).as_deref(), Some("2019-05-04"));
    assert!(d.text.starts_with("The envoy of Norland"), "{}", d.text);
    assert!(a.text.starts_with("The envoy of Norland"), "{}", a.text);
}

#[test]
fn the_container_does_not_change_what_is_kept() {
    let body = "\nThe envoys of Norland and Sudia met in\nLund on Monday and agreed to open a\n[consulate](https://example.org/c) in Kessel.\n\nThey will meet again in\nJune.\n\n\\###\n";
    let item = RawItem { text: body.into(), title: Some("Envoys meet".into()), ..RawItem::default() };
    let texts: Vec<String> = [Format::Markdown, Format::Jsonl, Format::Html, Format::Rss]
        .into_iter()
        .map(|f| segment_item(&item, f).into_iter().map(|a| a.text).collect::<Vec<_>>().join("|"))
        .collect();
    assert_eq!(
        texts[0],
        "The envoys of Norland and Sudia met in Lund on Monday and agreed to open a consulate in Kessel.\n\nThey will meet again in June."
    );
    assert!(texts.iter().all(|t| *t == texts[0]), "{texts:#?}");
}

/// Words of running text: lower-case words, some capitalised, some numbers.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z]{1,11}",
        2 => "[A-Z][a-z]{1,9}",
        1 => "[a-z]{2,8},",
        1 => "[0-9]{1,4}",
    ]
}

/// A paragraph of sentences, each ending with a full stop.
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec((word(), prop::collection::vec(word(), 4..16)), 1..5).prop_map(|sentences| {
        sentences
            .into_iter()
            .map(|(first, rest)| {
                let mut first = first.trim_end_matches(',').to_string();
                if let Some(c) = first.get(..1) {
                    first = c.to_uppercase() + &first[1..];
                }
                let rest = rest.join(" ");
                format!("{first} {}.", rest.trim_end_matches(','))
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// `paragraphs` hard-wrapped at `width` columns, a blank line between them.
pub(crate) fn wrap(paragraphs: &[String], width: usize) -> String {
    let mut out = String::new();
    for p in paragraphs {
        let mut line = String::new();
        for w in p.split(' ') {
            if !line.is_empty() && line.len() + 1 + w.len() > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        out.push_str(&line);
        out.push_str("\n\n");
    }
    out
}

fn sentences_of(text: &str, format: Format) -> Vec<String> {
    let item = RawItem { text: text.into(), title: Some("A title".into()), ..RawItem::default() };
    segment_item(&item, format)
        .iter()
        .flat_map(|a| a.sentences.iter().map(|s| s.slice(&a.text).to_string()).collect::<Vec<_>>())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn rewrapping_at_any_width_keeps_the_sentences(
        paragraphs in prop::collection::vec(paragraph(), 3..7),
        width in 40usize..=200,
    ) {
        let flat = paragraphs.join("\n\n");
        for format in [Format::Jsonl, Format::Markdown, Format::Text] {
            let expected = sentences_of(&flat, format);
            prop_assert!(!expected.is_empty());
            prop_assert_eq!(sentences_of(&wrap(&paragraphs, width), format), expected, "width {}", width);
        }
    }
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
