//! Precomputed counts (a cube): for each month of the index (a run of
//! entries with one `YYYY-MM`; a year-only date and the undated entries are
//! runs of their own), how many events there are per type and mode, and per
//! type and mode and one or two of: a country, a topic, a country and a
//! topic, a country and a counterpart of it, two countries, two topics.
//! Built with the index, from the keys [`EventIndex::keys`] gives (those of
//! [`attache_store::facet_keys`]), so every count is SQL's.
//!
//! An aggregate (or a list's `total`) whose filters fix at most one country
//! (or a pair), one topic, and whose dimensions need at most two of those
//! coordinates is then summed from the cells of the months inside its date
//! window: tens to thousands of cells instead of up to a million entries.
//! A month the window cuts (a `since` or `until` that names a day) is
//! counted from the entries it keeps, or from its cells less the entries it
//! drops, whichever are fewer; entries are walked through the fixed
//! country's postings when there is one.

use std::collections::HashMap;

use attache_store::Dimension;

use super::aggregate::{NULL, PairCounts};
use super::{Compiled, Entry, EventIndex};

/// A coordinate a view does not use, or a key the event has none of.
const NONE: u32 = (1 << 24) - 1;

/// A run of entries with one month (or one year-only date, or none).
#[derive(Debug, Clone, Copy)]
struct Slot {
    start: usize,
    end: usize,
    /// The keys of its entries under [`Dimension::Month`] and [`Dimension::Year`].
    month: u32,
    year: u32,
    /// Its date is not one the time dimensions can name (then SQL counts them).
    odd: bool,
    /// Its days: positions in [`Cube::days`].
    days: (usize, usize),
}

/// What a coordinate of a view stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    /// A country of the event (either side).
    Country,
    /// A counterpart of the view's country (the other side from it).
    Counterpart,
    /// A second country of the event, beside the view's country.
    Country2,
    Topic,
    /// A second topic, beside the view's topic.
    Topic2,
}

/// The views kept, by the roles of their coordinates `x` and `y`.
const VIEWS: [&[Role]; 7] = [
    &[],
    &[Role::Country],
    &[Role::Topic],
    &[Role::Country, Role::Topic],
    &[Role::Country, Role::Counterpart],
    &[Role::Country, Role::Country2],
    &[Role::Topic, Role::Topic2],
];

/// The views also kept per day (the first ones: few cells a day), so a
/// month cut by a day is summed from its days' cells.
const DAY_VIEWS: usize = 3;

/// One view: per slot, its cells (packed keys, ascending) and their counts.
#[derive(Default)]
struct Table {
    at: Vec<usize>,
    keys: Vec<u64>,
    counts: Vec<u32>,
}

/// A cell's key: `x` (24 bits), `y` (24 bits), type, mode; sorted by `x` first.
fn cell(x: u32, y: u32, kind: u8, mode: u8) -> u64 {
    u64::from(x) << 40 | u64::from(y) << 16 | u64::from(kind) << 8 | u64::from(mode)
}

impl Table {
    /// Ends a slot: the counts gathered in `map`, sorted.
    fn close_slot(&mut self, map: &mut HashMap<u64, u32>) {
        let start = self.keys.len();
        self.keys.extend(map.keys());
        self.keys[start..].sort_unstable();
        let counts = self.keys[start..].iter().map(|k| map[k]).collect::<Vec<_>>();
        self.counts.extend(counts);
        self.at.push(self.keys.len());
        map.clear();
    }

    /// The cells of slot `i` whose `x` is `x` (all with `None`).
    fn cells(&self, i: usize, x: Option<u32>) -> (&[u64], &[u32]) {
        let (from, to) = (self.at[i], self.at[i + 1]);
        let keys = &self.keys[from..to];
        let (a, b) = match x {
            None => (0, keys.len()),
            Some(x) => {
                let lo = cell(x, 0, 0, 0);
                let hi = cell(x + 1, 0, 0, 0);
                (keys.partition_point(|&k| k < lo), keys.partition_point(|&k| k < hi))
            }
        };
        (&keys[a..b], &self.counts[from + a..from + b])
    }
}

/// The precomputed counts of an index.
pub(super) struct Cube {
    slots: Vec<Slot>,
    tables: Vec<Table>,
    /// Runs of entries with one date (`[start, end)`), within the slots.
    days: Vec<(usize, usize)>,
    /// The first [`DAY_VIEWS`] views, per day.
    day_tables: Vec<Table>,
}

/// Where a dimension's key comes from: the slot, the cell's type or mode, or a coordinate.
#[derive(Debug, Clone, Copy)]
enum From {
    Month,
    Year,
    Kind,
    Mode,
    X,
    Y,
    Null,
}

/// How one view is read: fixed coordinates, and what each dimension reads.
#[derive(Debug, Clone, Copy)]
struct Read {
    view: usize,
    x: Option<u32>,
    y: Option<u32>,
    keys: [From; 2],
}

/// How a query is answered from the cube: its buckets and its total.
#[derive(Debug)]
struct Plan {
    buckets: Read,
    /// The view of the filter's coordinates alone (each event once).
    total: Read,
    /// A dimension is a month or a year.
    time: bool,
    /// No dimension: the total alone.
    total_only: bool,
}

impl EventIndex {
    /// The keys of `e` under `dim`, with `NULL` turned into the cube's `NONE`.
    fn cube_keys(&self, dim: Dimension, e: &Entry, focus: &[u16], out: &mut Vec<u32>) {
        self.keys(dim, e, focus, out);
        for k in out.iter_mut() {
            if *k == NULL {
                *k = NONE;
            }
        }
    }
}

/// Every slot of `entries` (in page order).
fn slots(ix: &EventIndex) -> Vec<Slot> {
    fn key(e: &Entry) -> Option<&[u8]> {
        e.date().map(|d| &d[..d.len().min(7)])
    }
    let mut out = Vec::new();
    let (mut start, mut keys) = (0, Vec::new());
    while start < ix.entries.len() {
        let first = &ix.entries[start];
        let end = start + ix.entries[start..].partition_point(|e| key(e) == key(first));
        let mut time = |dim| {
            let ok = ix.keys(dim, first, &[], &mut keys);
            (keys.first().copied().unwrap_or(NULL), ok)
        };
        let ((month, m_ok), (year, y_ok)) = (time(Dimension::Month), time(Dimension::Year));
        out.push(Slot { start, end, month, year, odd: !(m_ok && y_ok), days: (0, 0) });
        start = end;
    }
    out
}

/// Counts one entry into the maps of every view (and of the day's, for the first ones).
fn count_entry(ix: &EventIndex, e: &Entry, maps: &mut [HashMap<u64, u32>], keys: &mut [Vec<u32>; 3]) {
    let (months, days) = maps.split_at_mut(VIEWS.len());
    let mut bump = |view: usize, x: u32, y: u32| {
        let key = cell(x, y, e.kind, e.mode);
        *months[view].entry(key).or_default() += 1;
        if view < DAY_VIEWS {
            *days[view].entry(key).or_default() += 1;
        }
    };
    let [countries, topics, counterparts] = keys;
    ix.cube_keys(Dimension::Country, e, &[], countries);
    ix.cube_keys(Dimension::Topic, e, &[], topics);
    bump(0, NONE, NONE);
    for &c in countries.iter() {
        bump(1, c, NONE);
        for &t in topics.iter() {
            bump(3, c, t);
        }
    }
    for &t in topics.iter() {
        bump(2, t, NONE);
        for &u in topics.iter().filter(|_| t != NONE) {
            bump(6, t, u);
        }
    }
    for &a in countries.iter().filter(|&&a| a != NONE) {
        ix.cube_keys(Dimension::Counterpart, e, &[a as u16], counterparts);
        for &b in counterparts.iter() {
            bump(4, a, b);
        }
        for &c in countries.iter() {
            bump(5, a, c);
        }
    }
}

impl Cube {
    /// Counts every view of every slot (and the first views of every day) of
    /// `ix` (built after its entries are sorted).
    pub(super) fn build(ix: &EventIndex) -> Cube {
        let tables = |n: usize| -> Vec<Table> { (0..n).map(|_| Table { at: vec![0], ..Table::default() }).collect() };
        let mut cube =
            Cube { slots: slots(ix), tables: tables(VIEWS.len()), days: Vec::new(), day_tables: tables(DAY_VIEWS) };
        let mut maps: Vec<HashMap<u64, u32>> = (0..VIEWS.len() + DAY_VIEWS).map(|_| HashMap::new()).collect();
        let mut keys: [Vec<u32>; 3] = Default::default();
        for slot in &mut cube.slots {
            let first_day = cube.days.len();
            let mut start = slot.start;
            while start < slot.end {
                let date = ix.entries[start].date();
                let end = start + ix.entries[start..slot.end].partition_point(|e| e.date() == date);
                for e in &ix.entries[start..end] {
                    count_entry(ix, e, &mut maps, &mut keys);
                }
                for (table, map) in cube.day_tables.iter_mut().zip(&mut maps[VIEWS.len()..]) {
                    table.close_slot(map);
                }
                cube.days.push((start, end));
                start = end;
            }
            slot.days = (first_day, cube.days.len());
            for (table, map) in cube.tables.iter_mut().zip(&mut maps) {
                table.close_slot(map);
            }
        }
        cube
    }
}

/// The roles a query fixes (with their keys) and groups by; `None`: no view answers it.
fn plan(f: &Compiled<'_>, dims: &[Dimension]) -> Option<Plan> {
    let single = |v: &Option<Vec<u16>>| match v.as_deref() {
        None => Some(None),
        Some([c]) => Some(Some(u32::from(*c))),
        Some(_) => None,
    };
    let mut fixed: Vec<(Role, u32)> = Vec::new();
    let (a, b) = (single(&f.a)?, single(&f.b)?);
    match (a, b) {
        (Some(a), Some(b)) if a != b => fixed.extend([(Role::Country, a), (Role::Counterpart, b)]),
        (Some(_), Some(_)) => return None,
        (Some(c), None) | (None, Some(c)) => fixed.push((Role::Country, c)),
        (None, None) => {}
    }
    match f.topic.as_deref() {
        None => {}
        Some([t]) => fixed.push((Role::Topic, u32::try_from(*t).ok()?)),
        Some(_) => return None,
    }
    let has = |roles: &[(Role, Option<u32>)], r: Role| roles.iter().any(|(x, _)| *x == r);
    let mut roles: Vec<(Role, Option<u32>)> = fixed.iter().map(|&(r, k)| (r, Some(k))).collect();
    let focus = a.is_some();
    for d in dims {
        let role = match d {
            Dimension::Country if has(&roles, Role::Country) => Role::Country2,
            Dimension::Country => Role::Country,
            Dimension::Counterpart if focus && !has(&roles, Role::Counterpart) => Role::Counterpart,
            Dimension::Topic if has(&roles, Role::Topic) => Role::Topic2,
            Dimension::Topic => Role::Topic,
            Dimension::Month | Dimension::Year | Dimension::Type | Dimension::Mode => continue,
            _ => return None,
        };
        if has(&roles, role) {
            return None;
        }
        roles.push((role, None));
    }
    let read = |roles: &mut Vec<(Role, Option<u32>)>| -> Option<Read> {
        roles.sort_by_key(|(r, _)| *r);
        let only: Vec<Role> = roles.iter().map(|(r, _)| *r).collect();
        let view = VIEWS.iter().position(|v| *v == only.as_slice())?;
        let at = |i: usize| roles.get(i).and_then(|(_, k)| *k);
        let from = |d: &Dimension| match d {
            Dimension::Month => From::Month,
            Dimension::Year => From::Year,
            Dimension::Type => From::Kind,
            Dimension::Mode => From::Mode,
            _ => {
                let grouped = roles.iter().position(|(r, k)| k.is_none() && role_of(*d, *r));
                [From::X, From::Y][grouped.unwrap_or(0)]
            }
        };
        let keys = [dims.first().map_or(From::Null, from), dims.get(1).map_or(From::Null, from)];
        Some(Read { view, x: at(0), y: at(1), keys })
    };
    let total = read(&mut fixed.iter().map(|&(r, k)| (r, Some(k))).collect())?;
    let time = dims.iter().any(|d| d.is_time());
    Some(Plan { buckets: read(&mut roles)?, total, time, total_only: dims.is_empty() })
}

/// Whether a grouped role is the one a dimension asked for.
fn role_of(d: Dimension, r: Role) -> bool {
    matches!(
        (d, r),
        (Dimension::Country, Role::Country | Role::Country2)
            | (Dimension::Counterpart, Role::Counterpart)
            | (Dimension::Topic, Role::Topic | Role::Topic2)
    )
}

/// Counts being summed: buckets by pairs of keys, and the total.
struct Sums<'a> {
    counts: &'a mut PairCounts,
    total: i64,
}

/// A query being answered from the cube.
struct Ask<'a, 'q> {
    plan: Plan,
    f: &'a Compiled<'q>,
    /// The filter without its dates (for entries of a month the window cuts).
    undated: Compiled<'q>,
    dims: &'a [Dimension],
    focus: Vec<u16>,
}

impl EventIndex {
    /// The counts of the events `f` matches by `dims` (none: the total
    /// alone), from the cube; `None` when no view of it answers.
    pub(super) fn cube_counts(&self, f: &Compiled<'_>, dims: &[Dimension], counts: &mut PairCounts) -> Option<i64> {
        let cube = self.cube.as_ref()?;
        let plan = plan(f, dims)?;
        let undated = Compiled { since: None, until: None, ..f.clone() };
        let ask = Ask { plan, f, undated, dims, focus: f.a.clone().unwrap_or_default() };
        let (lo, hi) = self.window(f);
        let mut sums = Sums { counts, total: 0 };
        let first = cube.slots.partition_point(|s| s.end <= lo);
        for (i, slot) in cube.slots.iter().enumerate().skip(first).take_while(|(_, s)| s.start < hi) {
            if ask.plan.time && slot.odd {
                return None;
            }
            let (from, to) = (slot.start.max(lo), slot.end.min(hi));
            if (from, to) == (slot.start, slot.end) {
                self.add_cells(&ask, &cube.tables, i, slot, 1, &mut sums);
            } else if ask.plan.buckets.view < DAY_VIEWS && ask.plan.total.view < DAY_VIEWS {
                self.add_days(&ask, cube, i, (from, to), &mut sums);
            } else if to - from <= slot.end - slot.start - (to - from) {
                self.add_entries(&ask, (from, to), 1, &mut sums);
            } else {
                self.add_cells(&ask, &cube.tables, i, slot, 1, &mut sums);
                self.add_entries(&ask, (slot.start, from), -1, &mut sums);
                self.add_entries(&ask, (to, slot.end), -1, &mut sums);
            }
        }
        let total = sums.total;
        counts.retain(|_, n| *n != 0);
        Some(total)
    }

    /// Adds the part `[from, to)` of slot `i` from its days' cells: those of
    /// the days kept, or the month's less those of the days dropped.
    fn add_days(&self, ask: &Ask<'_, '_>, cube: &Cube, i: usize, (from, to): (usize, usize), sums: &mut Sums<'_>) {
        let slot = &cube.slots[i];
        let (first, last) = slot.days;
        let kept = |d: usize| cube.days[d].0 >= from && cube.days[d].1 <= to;
        let n_kept = (first..last).filter(|&d| kept(d)).count();
        if n_kept <= last - first - n_kept {
            for d in (first..last).filter(|&d| kept(d)) {
                self.add_cells(ask, &cube.day_tables, d, slot, 1, sums);
            }
        } else {
            self.add_cells(ask, &cube.tables, i, slot, 1, sums);
            for d in (first..last).filter(|&d| !kept(d)) {
                self.add_cells(ask, &cube.day_tables, d, slot, -1, sums);
            }
        }
    }

    /// Adds (`sign` 1) or takes away (-1) the cells the filter keeps of
    /// `tables` at `at` (a slot, or a day of `slot`).
    fn add_cells(&self, ask: &Ask<'_, '_>, tables: &[Table], at: usize, slot: &Slot, sign: i64, sums: &mut Sums<'_>) {
        let (plan, f) = (&ask.plan, ask.f);
        let same = plan.total.view == plan.buckets.view;
        for (read, buckets) in [(&plan.buckets, true), (&plan.total, false)] {
            if !buckets && same {
                break;
            }
            let (keys, counts) = tables[read.view].cells(at, read.x);
            for (&key, &n) in keys.iter().zip(counts) {
                let (x, y, kind, mode) = ((key >> 40) as u32, (key >> 16) as u32 & NONE, (key >> 8) as u8, key as u8);
                if read.y.is_some_and(|want| want != y)
                    || f.kind.as_ref().is_some_and(|k| !k.contains(&kind))
                    || f.mode.as_ref().is_some_and(|m| !m.contains(&mode))
                {
                    continue;
                }
                let n = sign * i64::from(n);
                if !buckets || same {
                    sums.total += n;
                }
                if buckets && !plan.total_only {
                    let key = |from: From| -> u32 {
                        let k = match from {
                            From::Month => slot.month,
                            From::Year => slot.year,
                            From::Kind => u32::from(kind),
                            From::Mode if mode > 0 && !self.modes[mode as usize].is_empty() => u32::from(mode),
                            From::Mode | From::Null => NULL,
                            From::X => x,
                            From::Y => y,
                        };
                        if k == NONE { NULL } else { k }
                    };
                    let pair = u64::from(key(read.keys[0])) << 32 | u64::from(key(read.keys[1]));
                    *sums.counts.entry(pair).or_default() += n;
                }
            }
        }
    }

    /// Adds (`sign` 1) or takes away (-1) the entries of `range` the filter
    /// (without its dates) matches, through the fixed country's postings when there is one.
    fn add_entries(&self, ask: &Ask<'_, '_>, range: (usize, usize), sign: i64, sums: &mut Sums<'_>) {
        let (f, dims, focus) = (&ask.undated, ask.dims, ask.focus.as_slice());
        let (mut first, mut second) = (Vec::new(), Vec::new());
        let mut add = |e: &Entry| {
            if !f.matches(self, e) {
                return;
            }
            sums.total += sign;
            if dims.is_empty() {
                return;
            }
            self.keys(dims[0], e, focus, &mut first);
            second.clear();
            match dims.get(1) {
                Some(&d) => {
                    self.keys(d, e, focus, &mut second);
                }
                None => second.push(NULL),
            }
            for &a in &first {
                for &b in &second {
                    *sums.counts.entry(u64::from(a) << 32 | u64::from(b)).or_default() += sign;
                }
            }
        };
        self.walk_range(f, range, |e| {
            add(e);
            true
        });
    }
}

impl EventIndex {
    /// Whether the counts of `q` by `dims` (none: its total) are summed from
    /// the cube rather than counted over the entries (tests, examples).
    pub fn precomputed(&self, q: &attache_store::EventQuery, dims: &[Dimension]) -> bool {
        self.cube.is_some() && self.compile(q).is_some_and(|f| plan(&f, dims).is_some())
    }
}

impl EventIndex {
    /// How many cells the cube keeps (12 bytes each), months and days (examples).
    pub fn precomputed_cells(&self) -> (usize, usize) {
        self.cube.as_ref().map_or((0, 0), |c| {
            (c.tables.iter().map(|t| t.keys.len()).sum(), c.day_tables.iter().map(|t| t.keys.len()).sum())
        })
    }
}
