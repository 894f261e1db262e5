//! Times aggregates and totals on the event index of a store, one thread, no
//! HTTP: `time_aggregates PATH [QUERIES]`. The index's build, then random
//! queries of the kinds `scripts/bench-serve` sends cold (a country and a
//! year-long window from a day; no country, a type and a day to now; lists'
//! totals), each category's mean, p50, p99 and slowest, and how many were
//! summed from the precomputed counts.
use attache_serve::index::EventIndex;
use attache_store::{BucketOrder, Dimension, EventFilter, EventQuery, Store};

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

type Case = (EventQuery, Vec<Dimension>);

/// A category of queries: its label and how to make one.
type Category<'a> = (&'a str, &'a dyn Fn(&mut Rng) -> Case);

fn with_country(rng: &mut Rng, countries: &[String]) -> Case {
    let by = [Dimension::Type, Dimension::Month, Dimension::Topic, Dimension::Counterpart][rng.below(4)];
    let (y, m, d) = (2024 + rng.below(3), 1 + rng.below(12), 1 + rng.below(28));
    let filter = EventFilter {
        country: Some(countries[rng.below(countries.len())].clone()),
        since: Some(format!("{y}-{m:02}-{d:02}")),
        until: Some(format!("{}-{m:02}", y + 1)),
        ..EventFilter::default()
    };
    (EventQuery { filter, ..EventQuery::default() }, vec![by])
}

fn without_country(rng: &mut Rng) -> Case {
    use Dimension::*;
    let bys: [&[Dimension]; 6] = [&[Type], &[Month], &[Topic], &[Country], &[Mode], &[Month, Type]];
    let types = [None, Some("MEET"), Some("AGREE"), Some("PRAISE"), Some("MEET,AGREE")];
    let (y, m, d) = (2024 + rng.below(2), 1 + rng.below(12), 1 + rng.below(28));
    let filter = EventFilter {
        kind: types[rng.below(types.len())].map(Into::into),
        since: Some(format!("{y}-{m:02}-{d:02}")),
        ..EventFilter::default()
    };
    (EventQuery { filter, ..EventQuery::default() }, bys[rng.below(bys.len())].to_vec())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: time_aggregates PATH [QUERIES]");
    let n: usize = args.next().map_or(2000, |n| n.parse().expect("QUERIES is a number"));
    let store = Store::open_read_only(std::path::Path::new(&path)).unwrap();
    let t = std::time::Instant::now();
    let ix = EventIndex::build(&store).unwrap();
    let (months, days) = ix.precomputed_cells();
    println!(
        "index of {} events built in {:.2} s; precomputed cells: {months} by month, {days} by day ({:.1} MB)",
        ix.len(),
        t.elapsed().as_secs_f64(),
        (months + days) as f64 * 12.0 / 1e6
    );
    let net = store.network(&EventQuery::default()).unwrap();
    let countries: Vec<String> =
        net.nodes.into_iter().map(|n| n.0).filter(|c| c != "IGO" && !net.organisations.contains(c)).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let categories: [Category; 4] = [
        ("aggregate: a country, a year from a day", &|r: &mut Rng| with_country(r, &countries)),
        ("aggregate: no country, a type, from a day", &without_country),
        ("total: a country or none, a year from a day", &|r: &mut Rng| {
            let (mut q, _) = if r.below(2) == 0 { with_country(r, &countries) } else { without_country(r) };
            q.filter.kind = None;
            (q, Vec::new())
        }),
        ("aggregate, no view: two countries, or a pair and a topic", &|r: &mut Rng| {
            let (mut q, dims) = with_country(r, &countries);
            let other = countries[r.below(countries.len())].clone();
            if r.below(2) == 0 {
                q.filter.country = Some(format!("{},{other}", q.filter.country.take().unwrap_or_default()));
            } else {
                q.filter.counterpart = Some(other);
                q.filter.topic = Some("trade".into());
            }
            (q, dims)
        }),
    ];
    for (label, make) in categories {
        let (mut times, mut cubed) = (Vec::with_capacity(n), 0);
        for _ in 0..n {
            let (q, dims) = make(&mut rng);
            cubed += usize::from(ix.precomputed(&q, &dims));
            let t = std::time::Instant::now();
            if dims.is_empty() {
                std::hint::black_box(ix.count(&q));
            } else {
                std::hint::black_box(ix.aggregate(&q, &dims, BucketOrder::Natural));
            }
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let at = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        println!(
            "{label:48} mean {mean:7.3} ms  p50 {:7.3}  p99 {:7.3}  max {:7.3}  ({cubed}/{n} precomputed)",
            at(0.5),
            at(0.99),
            at(1.0)
        );
    }
}
