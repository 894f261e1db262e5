use std::path::Path;

use super::*;

/// A small record in our own words.
fn record(events: &str, actors: &str) -> AnnotatedArticle {
    serde_json::from_str(&format!(
        r#"{{"doc": "d.txt", "article": 0, "title": "T", "published": "2026-03-10", "via": [], "actors": {actors}, "events": {events}, "facts": [{{"what": "bilateral trade", "value": 4.2e9, "unit": "USD", "year": 2025, "evidence": "x"}}]}}"#
    ))
    .unwrap()
}

const ACTORS: &str = r#"[{"id": "a1", "name": "Arman Issetov", "title": null, "country": "KAZ", "sector": "GOV", "org": null, "kind": "person"},
 {"id": "a2", "name": "Ingrid Vik", "title": null, "country": "NOR", "sector": "DIP", "org": null, "kind": "person"}]"#;

fn meet(source: &str, target: &str, date: &str) -> String {
    let (kind, mode) = (EventKind::Meet, attache_model::kinds::MeetMode::Meeting);
    format!(
        r#"[{{"type": "{kind}", "mode": "{mode}", "date": {date}, "date_basis": "published", "source": ["{source}"], "target": ["{target}"], "location": null, "topics": ["trade"], "evidence": "They met."}}]"#
    )
}

#[test]
fn gold_against_itself_is_perfect() {
    let g = record(&meet("a1", "a2", "\"2026-03-10\""), ACTORS);
    let r = score(std::slice::from_ref(&g), std::slice::from_ref(&g));
    assert_eq!(r.overall_country().f1(), 1.0);
    assert_eq!(r.overall_actor().f1(), 1.0);
    assert_eq!(r.persons.f1(), 1.0);
    assert_eq!(r.facts.f1(), 1.0);
}

#[test]
fn meet_direction_does_not_matter_but_dates_do() {
    let g = record(&meet("a1", "a2", "\"2026-03-10\""), ACTORS);
    let swapped = record(&meet("a2", "a1", "\"2026-03-10\""), ACTORS);
    assert_eq!(score(std::slice::from_ref(&g), &[swapped]).overall_country().matched, 1);
    let wrong_day = record(&meet("a1", "a2", "\"2026-03-09\""), ACTORS);
    assert_eq!(score(std::slice::from_ref(&g), &[wrong_day]).overall_country().matched, 0);
    let month = record(&meet("a1", "a2", "\"2026-03\""), ACTORS);
    let day = record(&meet("a1", "a2", "\"2026-03-10\""), ACTORS);
    assert_eq!(score(&[month], &[day]).overall_country().matched, 1, "a gold month matches a predicted day");
    let undated = record(&meet("a1", "a2", "null"), ACTORS);
    assert_eq!(score(&[undated], &[g]).overall_country().matched, 1, "no gold date, no date check");
}

#[test]
fn name_variants_match_at_actor_level() {
    let g = record(&meet("a1", "a2", "null"), ACTORS);
    let variant = ACTORS.replace("Arman Issetov", "A. Isetov");
    let p = record(&meet("a1", "a2", "null"), &variant);
    let r = score(std::slice::from_ref(&g), &[p]);
    assert_eq!(r.overall_actor().matched, 1);
    assert_eq!(r.persons.matched, 2);
    let other = ACTORS.replace("Arman Issetov", "Daulet Issetov");
    let r = score(&[g], &[record(&meet("a1", "a2", "null"), &other)]);
    assert_eq!(r.overall_actor().matched, 0, "another person with the same surname");
    assert_eq!(r.overall_country().matched, 1);
    let names = |v: &[Mismatch]| v.iter().map(|m| m.sides.clone()).collect::<Vec<_>>();
    assert_eq!(names(&r.person_misses), ["Arman Issetov [KAZ]"]);
    assert_eq!(names(&r.person_extras), ["Daulet Issetov [KAZ]"]);
    assert!(r.render_table(true).contains("MISS  d.txt #0 PERSON Arman Issetov [KAZ]"));
}

#[test]
fn reads_lines_and_names_bad_ones() {
    assert!(read_jsonl("{\"doc\": \"a\", \"article\": 0}\n\n").is_ok());
    let err = read_jsonl("{\"doc\": \"a\", \"article\": 0}\nnot json").unwrap_err();
    assert!(err.to_string().starts_with("line 2:"), "{err}");
}

#[test]
fn seed_gold_scores_perfectly_against_itself() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gold/seeds.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(std::env::var_os("CI").is_none(), "CI is set but {} is missing", path.display());
        return;
    };
    let gold = read_jsonl(&text).unwrap();
    let r = score(&gold, &gold);
    assert_eq!(r.overall_country().f1(), 1.0);
    assert_eq!(r.overall_actor().f1(), 1.0);
    assert_eq!(r.persons.f1(), 1.0);
    assert_eq!(r.articles_found, 21);
}
