//! Events already rendered as JSON, kept for the state of the store they
//! were read in, so a page of `/api/v1/events` that others have asked for
//! costs a lookup per event instead of joins over four tables, parsing the
//! article's record and serializing.
//!
//! Input: event row ids and the store's [`ChangeMark`]; output: each event's
//! `EventItem` JSON and its page key. Everything is dropped when the mark
//! moves (an ingest, a re-extraction, a resolution or a curation beside the
//! server). Memory is bounded: entries live in two generations of at most
//! half the budget each; when the young one fills, the old one is dropped
//! and the young one becomes old, and a hit in the old one moves it back.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use attache_store::{ChangeMark, EventKey, EventRow};

use crate::wire::EventItem;

/// Bytes of rendered JSON kept at most (the two generations together).
pub const BUDGET: usize = 64 * 1024 * 1024;

/// One event, rendered.
#[derive(Debug)]
pub struct Rendered {
    /// The `EventItem` JSON object.
    pub json: Box<str>,
    /// Where the event sits in the page order (for the next cursor).
    pub key: EventKey,
}

impl Rendered {
    pub fn of(row: &EventRow) -> Rendered {
        let key = EventKey { date: row.date.clone(), rowid: row.rowid };
        let json = serde_json::to_string(&EventItem::from(row)).expect("an event serializes");
        Rendered { json: json.into_boxed_str(), key }
    }

    fn weight(&self) -> usize {
        self.json.len() + self.key.date.as_ref().map_or(0, String::len) + 64
    }
}

#[derive(Default)]
struct Generations {
    mark: Option<ChangeMark>,
    young: HashMap<i64, Arc<Rendered>>,
    young_bytes: usize,
    old: HashMap<i64, Arc<Rendered>>,
}

/// The cache (cheap to share: one lock, held for lookups and inserts only).
pub struct RenderedEvents {
    budget: usize,
    inner: Mutex<Generations>,
}

impl Default for RenderedEvents {
    fn default() -> Self {
        RenderedEvents::with_budget(BUDGET)
    }
}

impl RenderedEvents {
    pub fn with_budget(budget: usize) -> RenderedEvents {
        RenderedEvents { budget, inner: Mutex::new(Generations::default()) }
    }

    /// The rendered events of `ids` at `mark`, in order; `None` where not cached.
    pub fn get_many(&self, mark: ChangeMark, ids: &[i64]) -> Vec<Option<Arc<Rendered>>> {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if g.mark != Some(mark) {
            *g = Generations { mark: Some(mark), ..Generations::default() };
            return vec![None; ids.len()];
        }
        ids.iter()
            .map(|id| {
                if let Some(r) = g.young.get(id) {
                    return Some(r.clone());
                }
                let r = g.old.remove(id)?;
                insert(&mut g, self.budget, *id, r.clone());
                Some(r)
            })
            .collect()
    }

    /// Keeps `rendered` as the events at `mark` (ignored if the mark has moved on).
    pub fn put(&self, mark: ChangeMark, rendered: &[Arc<Rendered>]) {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if g.mark != Some(mark) {
            return;
        }
        for r in rendered {
            insert(&mut g, self.budget, r.key.rowid, r.clone());
        }
    }

    /// Events kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.young.len() + g.old.len()
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn insert(g: &mut Generations, budget: usize, id: i64, r: Arc<Rendered>) {
    let w = r.weight();
    if let Some(prev) = g.young.insert(id, r) {
        g.young_bytes -= prev.weight();
    }
    g.young_bytes += w;
    if g.young_bytes > budget / 2 {
        g.old = std::mem::take(&mut g.young);
        g.young_bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(rowid: i64, len: usize) -> Arc<Rendered> {
        Arc::new(Rendered { json: "x".repeat(len).into_boxed_str(), key: EventKey { date: None, rowid } })
    }

    const MARK: ChangeMark = ChangeMark { events: 1, documents: 1, generation: 0 };

    #[test]
    fn a_moved_mark_empties_the_cache() {
        let cache = RenderedEvents::default();
        assert!(cache.get_many(MARK, &[1]).iter().all(Option::is_none));
        cache.put(MARK, &[rendered(1, 10)]);
        assert!(cache.get_many(MARK, &[1])[0].is_some());
        let later = ChangeMark { generation: 1, ..MARK };
        assert!(cache.get_many(later, &[1])[0].is_none());
        assert!(cache.is_empty());
        // A put for the old state after the move is dropped.
        cache.put(MARK, &[rendered(1, 10)]);
        assert!(cache.is_empty());
    }

    #[test]
    fn memory_stays_within_the_budget_and_recent_hits_survive() {
        let cache = RenderedEvents::with_budget(10_000);
        cache.get_many(MARK, &[]);
        for id in 0..1000 {
            cache.put(MARK, &[rendered(id, 100)]);
            // Event 0 is asked for all the time: it stays.
            assert!(cache.get_many(MARK, &[0])[0].is_some(), "event 0 evicted at {id}");
        }
        // 164 bytes each: at most two half-budgets of them.
        assert!(cache.len() <= 2 * (5_000 / 164 + 1), "{} kept", cache.len());
        assert!(cache.get_many(MARK, &[1])[0].is_none());
        assert!(cache.get_many(MARK, &[999])[0].is_some());
    }
}
