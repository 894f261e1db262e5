//! Golden tests of extraction: `test_data/*.txt` are feed items written in our
//! own words (an optional `url: ` line, header, title, paragraphs), `*.expected` the stable text form of
//! what the rules make of them: positive cases (each event type, passives,
//! coreference, relative dates, facts) and negative ones (generic pledges,
//! negated and hypothetical acts). `UPDATE_EXPECT=1` rewrites the expectations.

use std::fmt::Write;
use std::path::Path;

use attache_model::{Format, RawItem};

fn render(doc: &str, text: &str) -> String {
    let mut out = String::new();
    // "url: ..." on the first line: the page's address (an official site's home state).
    let (url, text) = match text.strip_prefix("url: ").and_then(|rest| rest.split_once('\n')) {
        Some((url, rest)) => (Some(url.to_string()), rest),
        None => (None, text),
    };
    for article in
        attache_segment::segment_item(&RawItem { text: text.to_string(), url, ..RawItem::default() }, Format::Text)
    {
        let x = attache_extract::extract(doc, &article);
        let r = &x.record;
        let who = |ids: &[String]| {
            ids.iter()
                .filter_map(|id| r.actors.iter().find(|a| &a.id == id))
                .map(|a| {
                    format!(
                        "{} [{} {} {}]",
                        a.name,
                        a.country.as_deref().unwrap_or("-"),
                        a.sector.map_or("-", |s| s.as_str()),
                        a.kind
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        writeln!(out, "# {}", r.title.as_deref().unwrap_or("(untitled)")).unwrap();
        for (i, e) in r.events.iter().enumerate() {
            let rule = x.provenance.iter().find(|t| t.event == i).map_or("-", |t| t.rule.as_str());
            writeln!(
                out,
                "{} {} {} ({}) {}\n  {} -> {}\n  topics: {}\n  evidence: {}",
                e.kind,
                e.mode.map_or("-", |m| m.as_str()),
                e.date.as_deref().unwrap_or("-"),
                e.date_basis.map_or("-", |b| b.as_str()),
                rule,
                who(&e.source),
                who(&e.target),
                e.topics.join(", "),
                e.evidence
            )
            .unwrap();
        }
        for f in &r.facts {
            writeln!(
                out,
                "FACT {} = {} {} ({})",
                f.what,
                f.value,
                f.unit.as_deref().unwrap_or("-"),
                f.year.unwrap_or(0)
            )
            .unwrap();
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
        let got = render(path.file_name().unwrap().to_str().unwrap(), &std::fs::read_to_string(&path).unwrap());
        let expected_path = path.with_extension("expected");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&expected_path, &got).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} is missing (UPDATE_EXPECT=1 writes it)", expected_path.display()));
        assert_eq!(got, expected, "extraction of {} changed (UPDATE_EXPECT=1 to accept)", path.display());
        checked += 1;
    }
    assert!(checked >= 3);
}
