//! Counts of the events a filter matches, by one or two dimensions (month,
//! year, type, mode, country, counterpart, topic, actor, organisation): what the API's
//! `aggregate` and the dashboard's charts read.
//!
//! The keys of an event under each dimension are one rule ([`facet_keys`]),
//! used here over SQL and by the server's in-memory index, so both count
//! alike. An event is counted once under each of its keys: once per type,
//! month or year (its only one), once per distinct country or topic it has
//! (so those counts may add up to more than the events), and under a null
//! key when it has none (undated, no topic), so that the counts by type,
//! month or year always add up to `total`.
//!
//! Input: an [`EventQuery`] and the dimensions. Output: an [`Aggregate`].

use std::collections::HashMap;

use crate::event_pages::{EventFacets, EventQuery, event_conditions, values};
use crate::{Result, Store};

/// What events are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// `YYYY-MM` of the event's date (null: undated or dated by year only).
    Month,
    /// `YYYY` of the event's date (null: undated).
    Year,
    Type,
    /// How a meeting took place (null for other events).
    Mode,
    /// Each state on either side.
    Country,
    /// Each state on the other side from the `country` filter's.
    Counterpart,
    Topic,
    /// Each actor across articles on either side (its id; its name where
    /// resolution has not linked it).
    Actor,
    /// Each international organisation on either side: an `IGO` actor's
    /// organisation (`org`, its acronym), else the name of an `IGO` actor
    /// that is no person (the organisation itself). Null: none named.
    Organisation,
}

impl Dimension {
    pub const ALL: [Dimension; 9] = [
        Dimension::Month,
        Dimension::Year,
        Dimension::Type,
        Dimension::Mode,
        Dimension::Country,
        Dimension::Counterpart,
        Dimension::Topic,
        Dimension::Actor,
        Dimension::Organisation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Month => "month",
            Dimension::Year => "year",
            Dimension::Type => "type",
            Dimension::Mode => "mode",
            Dimension::Country => "country",
            Dimension::Counterpart => "counterpart",
            Dimension::Topic => "topic",
            Dimension::Actor => "actor",
            Dimension::Organisation => "organisation",
        }
    }

    /// A dimension by name, any case.
    pub fn parse(name: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// Actor and organisation: read from the event's actors, not its facets.
    pub fn needs_actors(self) -> bool {
        matches!(self, Dimension::Actor | Dimension::Organisation)
    }

    /// Month and year: periods, listed in time order with empty ones shown.
    pub fn is_time(self) -> bool {
        matches!(self, Dimension::Month | Dimension::Year)
    }
}

/// One count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// The key under the first dimension (null: the event has none).
    pub key: Option<String>,
    /// The key under the second dimension, when two were asked for.
    pub second: Option<String>,
    /// A name for an actor key (the actor's name).
    pub label: Option<String>,
    pub count: i64,
}

/// The counts, and how many events matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aggregate {
    pub buckets: Vec<Bucket>,
    pub total: i64,
}

/// How buckets are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BucketOrder {
    /// Periods in time order, everything else by count (largest first).
    #[default]
    Natural,
    /// By key (null last).
    Key,
    /// By count, largest first (ties by key).
    Count,
}

/// The keys of one event under `dim`, from its facets (not for
/// [`Dimension::Actor`] and [`Dimension::Organisation`], which need the
/// event's actors: empty here).
pub fn facet_keys(dim: Dimension, f: &EventFacets<'_>, q: &EventQuery) -> Vec<Option<String>> {
    let date = f.date.filter(|d| !d.is_empty());
    let or_none = |mut v: Vec<String>| -> Vec<Option<String>> {
        v.sort_unstable();
        v.dedup();
        if v.is_empty() { vec![None] } else { v.into_iter().map(Some).collect() }
    };
    let words = |s: &str, upper: bool| -> Vec<String> {
        s.split_whitespace().map(|w| if upper { w.to_ascii_uppercase() } else { w.to_ascii_lowercase() }).collect()
    };
    match dim {
        Dimension::Month => vec![date.filter(|d| d.len() >= 7).map(|d| d[..7].to_string())],
        Dimension::Year => vec![date.map(|d| d[..d.len().min(4)].to_string())],
        Dimension::Type => vec![Some(f.kind.to_string())],
        Dimension::Mode => vec![f.mode.filter(|m| !m.is_empty()).map(str::to_string)],
        Dimension::Country => {
            let mut all = words(f.source_countries, true);
            all.extend(words(f.target_countries, true));
            or_none(all)
        }
        Dimension::Counterpart => {
            let (source, target) = (words(f.source_countries, true), words(f.target_countries, true));
            let focus: Vec<String> = q
                .filter
                .country
                .as_deref()
                .map(values)
                .unwrap_or_default()
                .iter()
                .map(|c| c.to_ascii_uppercase())
                .collect();
            let mut other = Vec::new();
            for c in &focus {
                if source.contains(c) {
                    other.extend(target.iter().cloned());
                }
                if target.contains(c) {
                    other.extend(source.iter().cloned());
                }
            }
            other.retain(|c| !focus.contains(c));
            or_none(other)
        }
        Dimension::Topic => or_none(words(f.topics, false)),
        Dimension::Actor | Dimension::Organisation => Vec::new(),
    }
}

/// Counts keyed by (first key, second key), and names of actor keys.
#[derive(Default)]
pub struct Counter {
    counts: HashMap<(Option<String>, Option<String>), i64>,
    labels: HashMap<String, String>,
    total: i64,
}

impl Counter {
    /// Counts one event under every pair of its keys (`second`: none when
    /// one dimension was asked for).
    pub fn add(&mut self, first: &[Option<String>], second: Option<&[Option<String>]>) {
        self.total += 1;
        for a in first {
            match second {
                None => *self.counts.entry((a.clone(), None)).or_default() += 1,
                Some(seconds) => {
                    for b in seconds {
                        *self.counts.entry((a.clone(), b.clone())).or_default() += 1;
                    }
                }
            }
        }
    }

    /// Adds `count` to the bucket of one pair of keys (`second`: none for one
    /// dimension), leaving the total alone: for a caller that counted the
    /// events itself (the server's index), with [`Counter::add_total`].
    pub fn add_bucket(&mut self, key: Option<String>, second: Option<String>, count: i64) {
        *self.counts.entry((key, second)).or_default() += count;
    }

    /// Counts `n` more events in the total (their buckets added with [`Counter::add_bucket`]).
    pub fn add_total(&mut self, n: i64) {
        self.total += n;
    }

    /// Names an actor key.
    pub fn label(&mut self, key: &str, name: &str) {
        self.labels.entry(key.to_string()).or_insert_with(|| name.to_string());
    }

    /// The buckets in `order`; a single time dimension has its empty periods
    /// (between the first and the last) shown with a count of 0.
    pub fn finish(self, dims: &[Dimension], order: BucketOrder) -> Aggregate {
        let labels = self.labels;
        let label = |k: &Option<String>| k.as_ref().and_then(|k| labels.get(k).cloned());
        let mut buckets: Vec<Bucket> = self
            .counts
            .into_iter()
            .map(|((key, second), count)| Bucket {
                label: label(&key).or_else(|| if dims.len() > 1 { label(&second) } else { None }),
                key,
                second,
                count,
            })
            .collect();
        if dims.len() == 1 && dims[0].is_time() {
            fill_periods(&mut buckets, dims[0]);
        }
        let by_key = |x: &Bucket, y: &Bucket| {
            (x.key.is_none(), &x.key, x.second.is_none(), &x.second).cmp(&(
                y.key.is_none(),
                &y.key,
                y.second.is_none(),
                &y.second,
            ))
        };
        let time = dims.first().is_some_and(|d| d.is_time());
        match order {
            BucketOrder::Key => buckets.sort_by(by_key),
            BucketOrder::Natural if time => buckets.sort_by(by_key),
            _ => buckets.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| by_key(x, y))),
        }
        Aggregate { buckets, total: self.total }
    }
}

/// Most periods a filled time axis holds (beyond it, only periods with events).
const MAX_PERIODS: usize = 12 * 400;

/// Adds a zero bucket for every month or year between the first and the last
/// that has none.
fn fill_periods(buckets: &mut Vec<Bucket>, dim: Dimension) {
    let parse = |k: &str| -> Option<i64> {
        let y: i64 = k.get(..4)?.parse().ok()?;
        match dim {
            Dimension::Month => Some(y * 12 + k.get(5..7)?.parse::<i64>().ok()? - 1),
            _ => Some(y),
        }
    };
    let points: Vec<i64> = buckets.iter().filter_map(|b| b.key.as_deref().and_then(parse)).collect();
    let (Some(&lo), Some(&hi)) = (points.iter().min(), points.iter().max()) else { return };
    if (hi - lo) as usize >= MAX_PERIODS {
        return;
    }
    let have: std::collections::HashSet<i64> = points.into_iter().collect();
    for p in lo..=hi {
        if !have.contains(&p) {
            let key = match dim {
                Dimension::Month => format!("{:04}-{:02}", p.div_euclid(12), p.rem_euclid(12) + 1),
                _ => format!("{p:04}"),
            };
            buckets.push(Bucket { key: Some(key), second: None, label: None, count: 0 });
        }
    }
}

impl Store {
    /// Counts of the events `q` matches by `dims` (one or two), in `order`.
    pub fn events_aggregate(&self, q: &EventQuery, dims: &[Dimension], order: BucketOrder) -> Result<Aggregate> {
        let (cond, args) = event_conditions(q)?;
        let mut counter = Counter::default();
        let wants_actor = dims.iter().any(|d| d.needs_actors());
        let by_actor = dims.contains(&Dimension::Actor);
        // Per event, its keys under each dimension (actors filled in below).
        let mut keyed: Vec<(i64, Vec<Vec<Option<String>>>)> = Vec::new();
        self.for_each_facets_where(&cond, args, &mut |facets| {
            let mut keys: Vec<Vec<Option<String>>> = dims.iter().map(|d| facet_keys(*d, &facets, q)).collect();
            // Only an event with an `IGO` side can name an organisation:
            // by organisation alone, the others need no actors.
            let igo = |list: &str| list.split_whitespace().any(|c| c == "IGO");
            if wants_actor && (by_actor || igo(facets.source_countries) || igo(facets.target_countries)) {
                keyed.push((facets.rowid, keys));
            } else {
                for (d, k) in dims.iter().zip(keys.iter_mut()) {
                    if d.needs_actors() {
                        *k = vec![None];
                    }
                }
                counter.add(&keys[0], keys.get(1).map(Vec::as_slice));
            }
        })?;
        if wants_actor {
            // In the order events were stored, whatever order the rows came
            // in (a plan's, a backend's): an actor's label is the name its
            // first event gives it.
            keyed.sort_unstable_by_key(|(id, _)| *id);
            for chunk in keyed.chunks_mut(500) {
                let ids: Vec<i64> = chunk.iter().map(|(id, _)| *id).collect();
                let rows: HashMap<i64, crate::EventRow> =
                    self.events_by_rowids(&ids)?.into_iter().map(|r| (r.rowid, r)).collect();
                for (id, keys) in chunk.iter_mut() {
                    let (mut actors, mut organisations): (Vec<Option<String>>, Vec<Option<String>>) =
                        Default::default();
                    if let Some(row) = rows.get(id) {
                        for a in row.source.iter().chain(&row.target) {
                            let key = a.actor_id.clone().unwrap_or_else(|| a.actor.name.clone());
                            counter.label(&key, &a.actor.name);
                            actors.push(Some(key));
                            organisations.push(organisation(&a.actor));
                        }
                    }
                    for list in [&mut actors, &mut organisations] {
                        list.retain(Option::is_some);
                        list.sort_unstable();
                        list.dedup();
                        if list.is_empty() {
                            list.push(None);
                        }
                    }
                    for (d, k) in dims.iter().zip(keys.iter_mut()) {
                        match d {
                            Dimension::Actor => *k = actors.clone(),
                            Dimension::Organisation => *k = organisations.clone(),
                            _ => {}
                        }
                    }
                    counter.add(&keys[0], keys.get(1).map(Vec::as_slice));
                }
            }
        }
        Ok(counter.finish(dims, order))
    }
}

/// The international organisation an actor stands for, if it is one or acts
/// for one: an `IGO` actor's acronym, else (not a person) its own name.
pub(crate) fn organisation(actor: &attache_model::annotation::Actor) -> Option<String> {
    if actor.country.as_deref() != Some("IGO") {
        return None;
    }
    let own_name = (actor.kind != attache_model::kinds::ActorKind::Person).then(|| actor.name.clone());
    actor.org.clone().filter(|o| !o.trim().is_empty()).or(own_name)
}
