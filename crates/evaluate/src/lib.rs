//! Evaluate: predicted annotation records against gold ones, exactly as
//! ANNOTATION.md section 6 defines the scores.
//!
//! - Articles: found / expected, matched by `(doc, article)`; titles compared.
//! - Events, country level: same article, same type, equal sets of source and
//!   target countries (either direction for `MEET`), date equal at the gold's
//!   precision (ignored when the gold has none). One-to-one, greedy in gold order.
//! - Events, actor level: as above with sides compared as sets of actors:
//!   persons by name (variants folded, [`attache_model::names::same_person`]),
//!   other actors by their country (or organisation).
//! - Persons: precision and recall by name within each article; accuracy of
//!   `country` and `sector` on matched persons.
//! - Dates: share of country-level matches with the exact gold date.
//! - Topics: micro precision and recall over matched event pairs.
//! - Facts: precision and recall on `(what, value within 1 %, year)` per article.

use std::fmt::Write;

use attache_model::annotation::{Actor, AnnotatedArticle, Event};
use attache_model::kinds::{ActorKind, EventKind};
use attache_model::names::same_person;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
}

/// Reads annotation records, one JSON object a line.
pub fn read_jsonl(text: &str) -> Result<Vec<AnnotatedArticle>, EvalError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| EvalError::Line { line: i + 1, message: e.to_string() }))
        .collect()
}

/// Gold, predicted and matched counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.matched += o.matched;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// A gold event no prediction matched, or a prediction no gold event matched.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    pub doc: String,
    pub article: usize,
    pub kind: String,
    pub sides: String,
    pub date: Option<String>,
    pub evidence: String,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub articles_expected: usize,
    pub articles_found: usize,
    pub titles_equal: usize,
    /// Per type in [`EventKind::ALL`] order, then the overall row.
    pub country_level: Vec<(String, Counts)>,
    pub actor_level: Vec<(String, Counts)>,
    pub persons: Counts,
    pub country_correct: usize,
    pub sector_correct: usize,
    pub dates_exact: usize,
    pub dates_compared: usize,
    pub topics: Counts,
    pub facts: Counts,
    pub misses: Vec<Mismatch>,
    pub extras: Vec<Mismatch>,
    /// Persons of the gold not predicted, and predicted persons not in the gold.
    pub person_misses: Vec<Mismatch>,
    pub person_extras: Vec<Mismatch>,
    /// Gold events matched at country level whose actors differ: the gold
    /// event, then the prediction it was matched to.
    pub actor_misses: Vec<(Mismatch, Mismatch)>,
}

fn actor<'a>(a: &'a AnnotatedArticle, id: &str) -> Option<&'a Actor> {
    a.actors.iter().find(|x| x.id == id)
}

fn countries(a: &AnnotatedArticle, ids: &[String]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().filter_map(|id| actor(a, id)).filter_map(|x| x.country.clone()).collect();
    v.sort();
    v.dedup();
    v
}

/// Date equal at the gold's precision; any date when the gold has none.
fn date_ok(gold: &Event, pred: &Event) -> bool {
    match (&gold.date, &pred.date) {
        (None, _) => true,
        (Some(g), Some(p)) => p.starts_with(g.as_str()),
        (Some(_), None) => false,
    }
}

fn country_match(ga: &AnnotatedArticle, g: &Event, pa: &AnnotatedArticle, p: &Event) -> bool {
    if g.kind != p.kind || !date_ok(g, p) {
        return false;
    }
    let (gs, gt) = (countries(ga, &g.source), countries(ga, &g.target));
    let (ps, pt) = (countries(pa, &p.source), countries(pa, &p.target));
    (gs == ps && gt == pt) || (g.kind.is_symmetric() && gs == pt && gt == ps)
}

/// One side's actors match one to one: persons by name, others by country or organisation.
fn side_match(ga: &AnnotatedArticle, g: &[String], pa: &AnnotatedArticle, p: &[String]) -> bool {
    let gs: Vec<&Actor> = g.iter().filter_map(|id| actor(ga, id)).collect();
    let ps: Vec<&Actor> = p.iter().filter_map(|id| actor(pa, id)).collect();
    if gs.len() != ps.len() {
        return false;
    }
    let mut used = vec![false; ps.len()];
    gs.iter().all(|ga| {
        let hit = ps.iter().enumerate().find(|(i, pa)| {
            !used[*i]
                && match (ga.kind, pa.kind) {
                    (ActorKind::Person, ActorKind::Person) => same_person(&ga.name, &pa.name),
                    (ActorKind::Person, _) | (_, ActorKind::Person) => false,
                    _ => ga.country == pa.country && (ga.org.is_none() || ga.org == pa.org),
                }
        });
        match hit {
            Some((i, _)) => {
                used[i] = true;
                true
            }
            None => false,
        }
    })
}

fn actor_match(ga: &AnnotatedArticle, g: &Event, pa: &AnnotatedArticle, p: &Event) -> bool {
    g.kind == p.kind
        && date_ok(g, p)
        && ((side_match(ga, &g.source, pa, &p.source) && side_match(ga, &g.target, pa, &p.target))
            || (g.kind.is_symmetric()
                && side_match(ga, &g.source, pa, &p.target)
                && side_match(ga, &g.target, pa, &p.source)))
}

/// Greedy one-to-one matching in gold order: for each gold event, the index of its prediction.
fn matching(ga: &AnnotatedArticle, pa: &AnnotatedArticle, same: impl Fn(&Event, &Event) -> bool) -> Vec<Option<usize>> {
    let mut used = vec![false; pa.events.len()];
    ga.events
        .iter()
        .map(|g| {
            let i = pa.events.iter().enumerate().position(|(i, p)| !used[i] && same(g, p))?;
            used[i] = true;
            Some(i)
        })
        .collect()
}

fn describe(a: &AnnotatedArticle, e: &Event) -> Mismatch {
    let side = |ids: &[String]| {
        ids.iter()
            .filter_map(|id| actor(a, id))
            .map(|x| format!("{} [{}]", x.name, x.country.as_deref().unwrap_or("?")))
            .collect::<Vec<_>>()
            .join("; ")
    };
    Mismatch {
        doc: a.doc.clone(),
        article: a.article,
        kind: e.kind.to_string(),
        sides: format!("{} -> {}", side(&e.source), side(&e.target)),
        date: e.date.clone(),
        evidence: e.evidence.clone(),
    }
}

/// A person as a mismatch line: name and country, title as evidence.
fn describe_person(a: &AnnotatedArticle, p: &Actor) -> Mismatch {
    Mismatch {
        doc: a.doc.clone(),
        article: a.article,
        kind: "PERSON".to_string(),
        sides: format!("{} [{}]", p.name, p.country.as_deref().unwrap_or("?")),
        date: None,
        evidence: p.title.clone().unwrap_or_default(),
    }
}

/// Scores `predicted` against `gold`.
pub fn score(gold: &[AnnotatedArticle], predicted: &[AnnotatedArticle]) -> Report {
    let empty = AnnotatedArticle::default();
    let mut r = Report { articles_expected: gold.len(), ..Report::default() };
    let mut by_type_country = vec![Counts::default(); EventKind::ALL.len()];
    let mut by_type_actor = vec![Counts::default(); EventKind::ALL.len()];
    let type_index = |k: &EventKind| EventKind::ALL.iter().position(|t| t == k);
    for ga in gold {
        let pa = predicted.iter().find(|p| p.doc == ga.doc && p.article == ga.article);
        if let Some(p) = pa {
            r.articles_found += 1;
            r.titles_equal += usize::from(p.title == ga.title);
        }
        let pa = pa.unwrap_or(&empty);
        let by_country = matching(ga, pa, |g, p| country_match(ga, g, pa, p));
        let by_actor = matching(ga, pa, |g, p| actor_match(ga, g, pa, p));
        for (gi, pi) in by_country.iter().enumerate() {
            if let Some(pi) = pi
                && by_actor[gi].is_none()
            {
                r.actor_misses.push((describe(ga, &ga.events[gi]), describe(pa, &pa.events[*pi])));
            }
        }
        for (level, table) in [(0, &mut by_type_country), (1, &mut by_type_actor)] {
            let m = if level == 0 { by_country.clone() } else { by_actor.clone() };
            for g in &ga.events {
                if let Some(t) = type_index(&g.kind) {
                    table[t].gold += 1;
                }
            }
            for p in &pa.events {
                if let Some(t) = type_index(&p.kind) {
                    table[t].predicted += 1;
                }
            }
            for (gi, pi) in m.iter().enumerate() {
                if pi.is_some()
                    && let Some(t) = type_index(&ga.events[gi].kind)
                {
                    table[t].matched += 1;
                }
            }
            if level == 0 {
                for (gi, pi) in m.iter().enumerate() {
                    let g = &ga.events[gi];
                    match pi {
                        Some(pi) => {
                            let p = &pa.events[*pi];
                            r.dates_compared += 1;
                            r.dates_exact += usize::from(g.date == p.date);
                            let tp = g.topics.iter().filter(|t| p.topics.contains(t)).count();
                            r.topics.add(Counts { gold: g.topics.len(), predicted: p.topics.len(), matched: tp });
                        }
                        None => r.misses.push(describe(ga, g)),
                    }
                }
                for (pi, p) in pa.events.iter().enumerate() {
                    if !m.contains(&Some(pi)) {
                        r.extras.push(describe(pa, p));
                    }
                }
            }
        }
        // Persons.
        let gp: Vec<&Actor> = ga.actors.iter().filter(|a| a.kind == ActorKind::Person).collect();
        let pp: Vec<&Actor> = pa.actors.iter().filter(|a| a.kind == ActorKind::Person).collect();
        let mut used = vec![false; pp.len()];
        r.persons.gold += gp.len();
        r.persons.predicted += pp.len();
        for g in gp {
            if let Some(i) = (0..pp.len()).find(|&i| !used[i] && same_person(&g.name, &pp[i].name)) {
                used[i] = true;
                r.persons.matched += 1;
                r.country_correct += usize::from(g.country == pp[i].country);
                r.sector_correct += usize::from(g.sector == pp[i].sector);
            } else {
                r.person_misses.push(describe_person(ga, g));
            }
        }
        for (i, p) in pp.iter().enumerate() {
            if !used[i] {
                r.person_extras.push(describe_person(pa, p));
            }
        }
        // Facts.
        let fact_eq = |g: &attache_model::annotation::Fact, p: &attache_model::annotation::Fact| {
            g.what.to_lowercase() == p.what.to_lowercase()
                && (g.value - p.value).abs() <= 0.01 * g.value.abs().max(1e-9)
                && g.year == p.year
        };
        r.facts.gold += ga.facts.len();
        r.facts.predicted += pa.facts.len();
        let mut used = vec![false; pa.facts.len()];
        for g in &ga.facts {
            if let Some(i) = (0..pa.facts.len()).find(|&i| !used[i] && fact_eq(g, &pa.facts[i])) {
                used[i] = true;
                r.facts.matched += 1;
            }
        }
    }
    let mut all_c = Counts::default();
    let mut all_a = Counts::default();
    for (i, t) in EventKind::ALL.iter().enumerate() {
        all_c.add(by_type_country[i]);
        all_a.add(by_type_actor[i]);
        r.country_level.push((t.to_string(), by_type_country[i]));
        r.actor_level.push((t.to_string(), by_type_actor[i]));
    }
    r.country_level.push(("overall".into(), all_c));
    r.actor_level.push(("overall".into(), all_a));
    r
}

impl Report {
    pub fn overall_country(&self) -> Counts {
        self.country_level.last().map(|c| c.1).unwrap_or_default()
    }
    pub fn overall_actor(&self) -> Counts {
        self.actor_level.last().map(|c| c.1).unwrap_or_default()
    }

    /// A plain table for the terminal; `verbose` lists misses and extras.
    pub fn render_table(&self, verbose: bool) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "articles: {} found of {} expected ({} with equal titles)",
            self.articles_found, self.articles_expected, self.titles_equal
        );
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "{:<12} {:>5} {:>5} | country level: {:>5} {:>6} {:>6} {:>6} | actor level: {:>5} {:>6} {:>6} {:>6}",
            "type", "gold", "pred", "match", "P", "R", "F1", "match", "P", "R", "F1"
        );
        for ((t, c), (_, a)) in self.country_level.iter().zip(&self.actor_level) {
            let _ = writeln!(
                s,
                "{:<12} {:>5} {:>5} |                {:>5} {:>6.3} {:>6.3} {:>6.3} |              {:>5} {:>6.3} {:>6.3} {:>6.3}",
                t,
                c.gold,
                c.predicted,
                c.matched,
                c.precision(),
                c.recall(),
                c.f1(),
                a.matched,
                a.precision(),
                a.recall(),
                a.f1()
            );
        }
        let _ = writeln!(s);
        let p = self.persons;
        let _ = writeln!(
            s,
            "persons      P {:.3}  R {:.3}  F1 {:.3}  ({} gold, {} predicted, {} matched)",
            p.precision(),
            p.recall(),
            p.f1(),
            p.gold,
            p.predicted,
            p.matched
        );
        let _ = writeln!(s, "country      accuracy {:.3} on matched persons", ratio(self.country_correct, p.matched));
        let _ = writeln!(s, "sector       accuracy {:.3} on matched persons", ratio(self.sector_correct, p.matched));
        let _ = writeln!(
            s,
            "dates        exact {:.3} ({} of {} matched events)",
            ratio(self.dates_exact, self.dates_compared),
            self.dates_exact,
            self.dates_compared
        );
        let t = self.topics;
        let _ = writeln!(s, "topics       P {:.3}  R {:.3}  F1 {:.3}", t.precision(), t.recall(), t.f1());
        let f = self.facts;
        let _ = writeln!(
            s,
            "facts        P {:.3}  R {:.3}  F1 {:.3}  ({} gold, {} predicted)",
            f.precision(),
            f.recall(),
            f.f1(),
            f.gold,
            f.predicted
        );
        if verbose {
            let lists = [
                ("MISS", &self.misses),
                ("EXTRA", &self.extras),
                ("MISS", &self.person_misses),
                ("EXTRA", &self.person_extras),
            ];
            for (label, list) in lists {
                for m in list {
                    let _ = writeln!(
                        s,
                        "{label:<5} {} #{} {} {} ({})\n      {}",
                        m.doc,
                        m.article,
                        m.kind,
                        m.sides,
                        m.date.as_deref().unwrap_or("-"),
                        m.evidence
                    );
                }
            }
            for (g, p) in &self.actor_misses {
                let _ = writeln!(
                    s,
                    "ACTOR {} #{} {} {}\n      predicted {}\n      {}\n      {}",
                    g.doc, g.article, g.kind, g.sides, p.sides, g.evidence, p.evidence
                );
            }
        }
        s
    }

    pub fn to_json(&self) -> serde_json::Value {
        let rows = |v: &[(String, Counts)]| {
            v.iter()
                .map(|(t, c)| (t.clone(), json!({"gold": c.gold, "predicted": c.predicted, "matched": c.matched, "precision": c.precision(), "recall": c.recall(), "f1": c.f1()})))
                .collect::<serde_json::Map<_, _>>()
        };
        let counts = |c: Counts| json!({"gold": c.gold, "predicted": c.predicted, "matched": c.matched, "precision": c.precision(), "recall": c.recall(), "f1": c.f1()});
        let mism = |v: &[Mismatch]| {
            v.iter().map(|m| json!({"doc": m.doc, "article": m.article, "type": m.kind, "sides": m.sides, "date": m.date, "evidence": m.evidence})).collect::<Vec<_>>()
        };
        json!({
            "articles": {"expected": self.articles_expected, "found": self.articles_found, "titles_equal": self.titles_equal},
            "events_country_level": rows(&self.country_level),
            "events_actor_level": rows(&self.actor_level),
            "persons": counts(self.persons),
            "person_country_accuracy": ratio(self.country_correct, self.persons.matched),
            "person_sector_accuracy": ratio(self.sector_correct, self.persons.matched),
            "dates_exact": ratio(self.dates_exact, self.dates_compared),
            "topics": counts(self.topics),
            "facts": counts(self.facts),
            "misses": mism(&self.misses),
            "extras": mism(&self.extras),
            "person_misses": mism(&self.person_misses),
            "person_extras": mism(&self.person_extras),
        })
    }
}

#[cfg(test)]
mod tests;
