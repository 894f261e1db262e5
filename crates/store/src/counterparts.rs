//! Who an actor deals with: the one rule for an actor's counterparts, used by
//! the CLI (`attache actor`) and the API (`/api/v1/actors/{id}`).
//!
//! Input: an actor id and the events it takes part in (as
//! [`Store::actor_event_rows`](crate::Store::actor_event_rows) gives them).
//! Output: the actors on the other side of each event, with how many events
//! they share, and the countries of those sides.

use std::collections::BTreeMap;

use crate::EventRow;

/// One actor on the other side of some of an actor's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counterpart {
    /// Its id across articles, when resolution linked it.
    pub actor_id: Option<String>,
    pub name: String,
    pub country: Option<String>,
    pub kind: String,
    /// Events shared with the actor.
    pub events: i64,
}

/// The counterparts of `actor_id` in `events`, most events first (then by
/// name), and per country the number of events with a counterpart of it
/// (most first, then by code). The actor's side of an event is the side that
/// holds its id; the other side is the counterpart.
pub fn counterparts(actor_id: &str, events: &[EventRow]) -> (Vec<Counterpart>, Vec<(String, i64)>) {
    type Key = (Option<String>, String, Option<String>);
    let mut sides: BTreeMap<Key, (String, i64)> = BTreeMap::new();
    let mut countries: BTreeMap<String, i64> = BTreeMap::new();
    for e in events {
        let ours = e.source.iter().any(|x| x.actor_id.as_deref() == Some(actor_id));
        let other = if ours { &e.target } else { &e.source };
        let mut seen: Vec<&str> = Vec::new();
        for x in other {
            let key = (x.actor_id.clone(), x.actor.name.clone(), x.actor.country.clone());
            sides.entry(key).or_insert_with(|| (x.actor.kind.to_string(), 0)).1 += 1;
            if let Some(c) = x.actor.country.as_deref()
                && !seen.contains(&c)
            {
                seen.push(c);
                *countries.entry(c.to_string()).or_default() += 1;
            }
        }
    }
    let mut list: Vec<Counterpart> = sides
        .into_iter()
        .map(|((actor_id, name, country), (kind, events))| Counterpart { actor_id, name, country, kind, events })
        .collect();
    list.sort_by(|a, b| b.events.cmp(&a.events).then(a.name.cmp(&b.name)));
    let mut countries: Vec<(String, i64)> = countries.into_iter().collect();
    countries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    (list, countries)
}
