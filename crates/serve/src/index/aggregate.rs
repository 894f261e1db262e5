//! Counting by the index: the keys of each matching entry as numbers (a
//! month as `year * 12 + month - 1`, a type, mode, country or topic as its
//! interned position), counted in one hash map of number pairs and named
//! only once per bucket at the end. The same keys as
//! [`attache_store::facet_keys`] gives (a test in `tests/api.rs` compares
//! every dimension with SQL's counts), without a string per event.
//!
//! Only the entries a filter can match are walked: with one country, its
//! postings; with an `until`, from the first entry on or before it; with a
//! `since`, up to the first entry before it (the entries are newest first).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use attache_store::{Aggregate, BucketOrder, Counter, Dimension};

use super::{Compiled, Entry, EventIndex};

/// A key under a dimension as a number; `NULL`: the event has none.
pub(super) const NULL: u32 = u32::MAX;

/// A hasher for the pairs of keys (two `u32`s in a `u64`): one multiply.
#[derive(Default)]
pub(super) struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub(super) type PairCounts = HashMap<u64, i64, BuildHasherDefault<PairHasher>>;

/// Four ASCII digits as a number.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

impl EventIndex {
    /// Counts of the events the query matches by `dims`, as
    /// [`attache_store::Store::events_aggregate`] counts them; not by actor
    /// or organisation (`None`: SQL counts those).
    pub fn aggregate(
        &self,
        q: &attache_store::EventQuery,
        dims: &[Dimension],
        order: BucketOrder,
    ) -> Option<Aggregate> {
        if dims.is_empty() || dims.len() > 2 || dims.iter().any(|d| d.needs_actors()) {
            return None;
        }
        let Some(filter) = self.compile(q) else { return Some(Counter::default().finish(dims, order)) };
        let mut counts = PairCounts::default();
        if let Some(total) = self.cube_counts(&filter, dims, &mut counts) {
            return Some(self.named(counts, total, dims, order));
        }
        counts.clear();
        let focus: Vec<u16> = filter.a.clone().unwrap_or_default();
        let (mut total, mut odd) = (0i64, false);
        let (mut first, mut second) = (Vec::new(), Vec::new());
        self.for_each_match(&filter, |e| {
            total += 1;
            odd |= !self.keys(dims[0], e, &focus, &mut first);
            second.clear();
            match dims.get(1) {
                Some(&d) => odd |= !self.keys(d, e, &focus, &mut second),
                None => second.push(NULL),
            }
            for &a in &first {
                for &b in &second {
                    *counts.entry(u64::from(a) << 32 | u64::from(b)).or_default() += 1;
                }
            }
        });
        if odd {
            // A date that is not digits: not a key this counting can name.
            return None;
        }
        Some(self.named(counts, total, dims, order))
    }

    /// The buckets of numbered keys, named.
    fn named(&self, counts: PairCounts, total: i64, dims: &[Dimension], order: BucketOrder) -> Aggregate {
        let mut counter = Counter::default();
        counter.add_total(total);
        for (pair, n) in counts {
            let (a, b) = ((pair >> 32) as u32, pair as u32);
            let second = dims.get(1).and_then(|&d| self.key_name(d, b));
            counter.add_bucket(self.key_name(dims[0], a), second, n);
        }
        counter.finish(dims, order)
    }

    /// Calls `f` with every entry the filter matches, in page order.
    pub(super) fn for_each_match(&self, filter: &Compiled<'_>, mut f: impl FnMut(&Entry)) {
        let (start, _) = self.window(filter);
        let visit = |e: &Entry| {
            // Past the window's end (the entries are in page order): done.
            if filter.since.is_some() && e.date().is_none_or(|d| filter.since.is_some_and(|s| d < s)) {
                return false;
            }
            if filter.matches(self, e) {
                f(e);
            }
            true
        };
        self.walk(filter, start, visit);
    }

    /// The keys of `e` under `dim` into `out` (distinct; `NULL` alone when
    /// it has none). False when a date is not digits.
    pub(super) fn keys(&self, dim: Dimension, e: &Entry, focus: &[u16], out: &mut Vec<u32>) -> bool {
        out.clear();
        let date = e.date();
        match dim {
            Dimension::Month => match date.filter(|d| d.len() >= 7) {
                Some(d) => match (digits(&d[..4]), digits(&d[5..7])) {
                    (Some(y), Some(m)) if d[4] == b'-' && (1..=12).contains(&m) => out.push(y * 12 + m - 1),
                    _ => return false,
                },
                None => out.push(NULL),
            },
            Dimension::Year => match date {
                Some(d) if d.len() >= 4 => match digits(&d[..4]) {
                    Some(y) => out.push(y),
                    None => return false,
                },
                Some(_) => return false,
                None => out.push(NULL),
            },
            Dimension::Type => out.push(u32::from(e.kind)),
            Dimension::Mode => {
                let named = e.mode > 0 && !self.modes[e.mode as usize].is_empty();
                out.push(if named { u32::from(e.mode) } else { NULL });
            }
            Dimension::Country => {
                let (source, target) = self.sides(e);
                out.extend(source.iter().chain(target).map(|&c| u32::from(c)));
            }
            Dimension::Counterpart => {
                let (source, target) = self.sides(e);
                for c in focus {
                    if source.contains(c) {
                        out.extend(target.iter().map(|&x| u32::from(x)));
                    }
                    if target.contains(c) {
                        out.extend(source.iter().map(|&x| u32::from(x)));
                    }
                }
                out.retain(|&x| !focus.contains(&(x as u16)));
            }
            Dimension::Topic => self.topic_ids(e, out),
            Dimension::Actor | Dimension::Organisation => return false,
        }
        out.sort_unstable();
        out.dedup();
        if out.is_empty() {
            out.push(NULL);
        }
        true
    }

    /// The text of a numbered key (as [`attache_store::facet_keys`] writes it).
    fn key_name(&self, dim: Dimension, key: u32) -> Option<String> {
        if key == NULL {
            return None;
        }
        let at = key as usize;
        Some(match dim {
            Dimension::Month => format!("{:04}-{:02}", key / 12, key % 12 + 1),
            Dimension::Year => format!("{key:04}"),
            Dimension::Type => self.kinds[at].clone(),
            Dimension::Mode => self.modes[at].clone(),
            Dimension::Country | Dimension::Counterpart => self.country_names[at].clone(),
            Dimension::Topic => self.topic_names[at].clone(),
            Dimension::Actor | Dimension::Organisation => return None,
        })
    }
}
