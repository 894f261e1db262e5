//! Occurrences: reports of one real-world event merged into one.
//!
//! Input: [`EventReport`]s (one event as one article reports it, actors
//! resolved). Output: [`Occurrence`]s, each with its reports, its number of
//! independent sources and why its reports were merged.

use std::collections::BTreeMap;

use attache_model::kinds::EventKind;
use attache_model::names::same_folded_person;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::dates;
use crate::ids::ActorId;

/// One event as one article reports it, with its participants resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventReport {
    pub article: i64,
    /// Index of the event in its article's record.
    pub index: usize,
    pub kind: EventKind,
    /// `YYYY-MM-DD` (or coarser).
    pub date: Option<String>,
    /// Actor ids (after resolution) on either side.
    pub actors: Vec<String>,
    /// A key of the article's text: equal keys are verbatim copies.
    pub text_key: u64,
}

/// One real-world occurrence and every report of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// The first report's `article:index`, stable for the same input.
    pub id: String,
    pub kind: EventKind,
    pub date: Option<String>,
    pub actors: Vec<String>,
    /// Indices of the reports.
    pub reports: Vec<usize>,
    /// Reports that are not verbatim copies of one another.
    pub independent_sources: usize,
    /// Why reports were merged, one line each.
    pub log: Vec<String>,
}

/// Merges reports of one occurrence: the same type, the same day, and at least
/// one actor in common (a multilateral meeting stays one event with all its
/// participants). Reports without a day are never merged with others.
pub fn merge_events(reports: &[EventReport]) -> Vec<Occurrence> {
    let mut groups: BTreeMap<(EventKind, &str), Vec<usize>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        if let Some(d) = r.date.as_deref().and_then(dates::whole_day) {
            groups.entry((r.kind, d)).or_default().push(i);
        }
    }
    let mut merging = Merging::new(reports);
    for members in groups.values_mut() {
        // Compared in an order of what the reports say (their article's
        // text, actors, place in the article), not of the articles' ids:
        // the same day's reports, stored by concurrent ingests in another
        // order, merge alike. Reports equal in all of it are copies.
        members.sort_by(|&a, &b| {
            let (ra, rb) = (&reports[a], &reports[b]);
            (ra.text_key, &ra.actors, ra.index, ra.article).cmp(&(rb.text_key, &rb.actors, rb.index, rb.article))
        });
        merging.merge_day(members);
    }
    merging.occurrences()
}

/// How many later reports of the same kind and day naming one actor a report
/// is compared with (see `Merging::merge_day`).
const PARTNERS_PER_ACTOR: usize = 256;

/// Reports being merged: a union-find over their indices.
struct Merging<'a> {
    reports: &'a [EventReport],
    parent: Vec<usize>,
    /// The actors of each merged group, kept at its root.
    cluster: Vec<Vec<String>>,
    /// A person id's name as `same_folded_person` compares it, made once.
    person_names: HashMap<&'a str, String>,
    /// Each merge: the earlier report and why.
    why: Vec<(usize, String)>,
}

impl<'a> Merging<'a> {
    fn new(reports: &'a [EventReport]) -> Merging<'a> {
        let mut person_names: HashMap<&str, String> = HashMap::default();
        for id in reports.iter().flat_map(|r| &r.actors) {
            if let Some(parts) = ActorId::parse(id).filter(|p| p.is_person()) {
                person_names.entry(id.as_str()).or_insert_with(|| parts.name_words());
            }
        }
        Merging {
            reports,
            parent: (0..reports.len()).collect(),
            cluster: reports.iter().map(|r| r.actors.clone()).collect(),
            person_names,
            why: Vec::new(),
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Merges the reports of one kind on one day: pairs are taken in order
    /// (a before b), but only those sharing an actor (the others never merge),
    /// and for each actor of a only the next [`PARTNERS_PER_ACTOR`] reports
    /// naming it: a day's news names a busy actor in a few dozen reports of
    /// one kind, while a crawl of one day can name one in a hundred thousand,
    /// which compared pairwise would never finish. A report further on still
    /// joins through a rarer actor they share or through the reports between.
    fn merge_day(&mut self, members: &[usize]) {
        let reports = self.reports;
        let mut having: HashMap<&str, Vec<usize>> = HashMap::default();
        for (x, &a) in members.iter().enumerate() {
            for id in &reports[a].actors {
                let at = having.entry(id.as_str()).or_default();
                if at.last() != Some(&x) {
                    at.push(x);
                }
            }
        }
        let mut partners: Vec<usize> = Vec::new();
        // Two groups refused stay refused until some merge changes a group:
        // (root a, root b) -> the merge count at the refusal. Without it, many
        // reports of one day sharing an actor (a crawl of one day's news)
        // compare the same two groups once per pair of their reports.
        let mut refused: HashMap<(usize, usize), usize> = HashMap::default();
        for (x, &a) in members.iter().enumerate() {
            partners.clear();
            for id in &reports[a].actors {
                let at = &having[id.as_str()];
                let from = at.partition_point(|&y| y <= x);
                partners.extend_from_slice(&at[from..at.len().min(from + PARTNERS_PER_ACTOR)]);
            }
            partners.sort_unstable();
            partners.dedup();
            for &y in &partners {
                let b = members[y];
                if reports[a].article == reports[b].article {
                    continue;
                }
                let roots = (self.root(a), self.root(b));
                if roots.0 == roots.1 || refused.get(&roots) == Some(&self.why.len()) {
                    continue;
                }
                if !self.try_merge(a, b) {
                    refused.insert(roots, self.why.len());
                }
            }
        }
    }

    /// Merges reports `a` and `b` (which share an actor) unless each names a
    /// person the other does not: a minister who meets two different people
    /// on one day took part in two events, while "the President met the
    /// Portuguese delegation" and "the President met Minister Rangel" can be
    /// one. Two persons kept apart whose names could still be one (a country
    /// misread in one article) do not count as different. Compared as merged
    /// so far: a report naming only the state must not bridge two meetings
    /// with different people. Whether the two are one group now.
    fn try_merge(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return true;
        }
        let names = &self.person_names;
        let unshared = |x: &[String], y: &[String]| -> Vec<&str> {
            x.iter().filter(|id| !y.contains(id)).filter_map(|id| names.get(id.as_str())).map(String::as_str).collect()
        };
        let (ua, ub) = (unshared(&self.cluster[ra], &self.cluster[rb]), unshared(&self.cluster[rb], &self.cluster[ra]));
        if !ua.is_empty() && !ub.is_empty() && !ua.iter().any(|x| ub.iter().any(|y| same_folded_person(x, y))) {
            return false;
        }
        let (ea, eb) = (&self.reports[a], &self.reports[b]);
        let shared: Vec<&str> = ea.actors.iter().filter(|id| eb.actors.contains(id)).map(String::as_str).collect();
        self.parent[rb] = ra;
        let moved = std::mem::take(&mut self.cluster[rb]);
        for id in moved {
            if !self.cluster[ra].contains(&id) {
                self.cluster[ra].push(id);
            }
        }
        let line = format!(
            "{}:{} ~ {}:{}: {} on {}, shared {}",
            ea.article,
            ea.index,
            eb.article,
            eb.index,
            ea.kind,
            ea.date.as_deref().unwrap_or("?"),
            shared.join(", ")
        );
        self.why.push((a, line));
        true
    }

    /// The occurrences, in order of their first report.
    fn occurrences(mut self) -> Vec<Occurrence> {
        let reports = self.reports;
        let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..reports.len() {
            let r = self.root(i);
            by_root.entry(r).or_default().push(i);
        }
        // Each merge's line goes to its occurrence, keyed by the first report.
        let mut logs: HashMap<usize, Vec<String>> = HashMap::default();
        for (a, line) in std::mem::take(&mut self.why) {
            let first = by_root[&self.root(a)][0];
            logs.entry(first).or_default().push(line);
        }
        by_root
            .into_values()
            .map(|members| {
                let first = &reports[members[0]];
                let mut actors: Vec<String> = members.iter().flat_map(|&m| reports[m].actors.clone()).collect();
                actors.sort();
                actors.dedup();
                let mut keys: Vec<u64> = members.iter().map(|&m| reports[m].text_key).collect();
                keys.sort_unstable();
                keys.dedup();
                Occurrence {
                    id: crate::ids::report_id(first.article, first.index),
                    kind: first.kind,
                    date: first.date.clone(),
                    actors,
                    independent_sources: keys.len(),
                    log: logs.remove(&members[0]).unwrap_or_default(),
                    reports: members,
                }
            })
            .collect()
    }
}
