//! Every kind has a family and trigger rows; every row's example fires the row.

use attache_model::kinds::EventKind;
use attache_model::{Article, Published, Span};

use super::FAMILIES;
use super::triggers::RULES;

#[test]
fn every_kind_has_one_family_and_trigger_rows() {
    for kind in EventKind::ALL {
        let families = FAMILIES.iter().filter(|f| f.kind() == *kind).count();
        assert_eq!(families, 1, "{kind}: {families} rule families");
        let (file, _) = FAMILIES.iter().find(|f| f.kind() == *kind).unwrap().triggers();
        assert_eq!(file, format!("data/extract/triggers/{}.tsv", kind.as_str().to_lowercase()));
        assert!(RULES.iter().any(|r| r.kind == *kind), "{kind}: no trigger rows in {file}");
    }
    assert_eq!(FAMILIES.len(), EventKind::ALL.len());
}

#[test]
fn families_are_tried_most_specific_first() {
    let order: Vec<EventKind> = FAMILIES.iter().map(|f| f.kind()).collect();
    use EventKind::*;
    assert_eq!(order, [Credentials, Condemn, Invite, Praise, Agree, Intend, Meet]);
}

/// Rows that an earlier row of their kind always takes over (MEET takes the
/// first row that fires): (row, the row that fires instead). Their pattern
/// still matches their example.
const SHADOWED: &[(&str, &str)] = &[
    // "The memorandum was signed by A and B": the document row starts earlier
    // and makes the same event ("It was signed by A and B" still needs this row).
    ("agree/signed-by", "agree/document-adopted"),
];

/// Each row's example, alone in an article, yields an event of that row.
#[test]
fn every_example_fires_its_own_rule() {
    let mut failures = Vec::new();
    for rule in RULES.iter() {
        assert!(rule.re.is_match(rule.example), "{}: the pattern does not match its example", rule.id);
        let id = SHADOWED.iter().find(|(row, _)| *row == rule.id).map_or(rule.id, |(_, by)| *by);
        let article = Article {
            position: 0,
            title: None,
            published: Some(Published { date: "2026-03-12".parse().unwrap(), time: None }),
            views: None,
            via: Vec::new(),
            url: None,
            language: Some("eng".into()),
            text: rule.example.to_string(),
            sentences: vec![Span::new(0, rule.example.len())],
        };
        let x = crate::extract("example", &article);
        if !x.provenance.iter().any(|t| t.rule == id) {
            let fired: Vec<&str> = x.provenance.iter().map(|t| t.rule.as_str()).collect();
            failures.push(format!("{}: {:?} gave {:?}", rule.id, rule.example, fired));
        }
    }
    assert!(failures.is_empty(), "examples that do not fire their rule:\n{}", failures.join("\n"));
}
