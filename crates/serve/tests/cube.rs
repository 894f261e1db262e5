//! The event index's precomputed counts (its cube) against SQL: a generated
//! store whose events have what real ones may have (sides with several
//! states or none, several topics or none, days, months, years and no date,
//! meetings with and without a mode), and random filters and dimensions:
//! every aggregate, total and first page the index gives equals SQL's,
//! whether summed from the cube, from the cube less the entries a date
//! window drops, or counted over the entries (through the postings of the
//! filter's countries or topics).

use std::path::PathBuf;
use std::sync::OnceLock;

use attache_model::annotation::{Actor, AnnotatedArticle, Event, Extraction};
use attache_model::kinds::{ActorKind, EventKind, MeetMode, Sector};
use attache_model::{Article, Document, Format, Published, RawItem, Span};
use attache_serve::index::EventIndex;
use attache_store::{BucketOrder, Dimension, EventFilter, EventQuery, Store};
use proptest::prelude::*;

const COUNTRIES: [&str; 7] = ["KAZ", "DEU", "FRA", "USA", "CHN", "IGO", "JPN"];
const TOPICS: [&str; 5] = ["trade", "energy", "water", "security", "culture_humanitarian"];

/// A fixed xorshift: the store is the same at every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// A date as the extractor may give one: mostly days over six months
/// around a new year, some months, some years, some none.
fn date(rng: &mut Rng) -> Option<String> {
    let day = |rng: &mut Rng| jiff::civil::date(2024, 10, 20) + jiff::Span::new().days(rng.below(200) as i64);
    match rng.below(20) {
        0..=13 => Some(day(rng).to_string()),
        14 | 15 => Some(day(rng).to_string()[..7].to_string()),
        16 | 17 => Some(["2024", "2025", "2023"][rng.below(3)].to_string()),
        _ => None,
    }
}

fn event(rng: &mut Rng, actors: usize, evidence: &str) -> Event {
    let kind = EventKind::ALL[rng.below(EventKind::ALL.len())];
    let side = |rng: &mut Rng| (0..rng.below(3)).map(|_| format!("a{}", rng.below(actors))).collect();
    let (source, target) = (side(rng), side(rng));
    Event {
        kind,
        mode: (kind == EventKind::Meet && rng.below(4) > 0).then(|| MeetMode::ALL[rng.below(MeetMode::ALL.len())]),
        date: date(rng),
        date_basis: None,
        source,
        target,
        location: None,
        topics: (0..rng.below(4)).map(|_| TOPICS[rng.below(TOPICS.len())].to_string()).collect(),
        evidence: evidence.into(),
        cameo: None,
        plover: None,
    }
}

/// Writes the store: 60 documents of 8 articles of 6 events each.
fn write_store(path: &std::path::Path) {
    let mut store = Store::open(path).unwrap();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let batch = store.batch().unwrap();
    for doc_no in 0..60 {
        let (mut arts, mut xs) = (Vec::new(), Vec::new());
        for position in 0..8 {
            let text = format!("Report {position} of file {doc_no}: officials met and spoke.");
            let actors: Vec<Actor> = (0..5)
                .map(|i| Actor {
                    id: format!("a{i}"),
                    name: format!("Person {doc_no}-{position}-{i}"),
                    title: None,
                    // Some actors have no state.
                    country: (rng.below(6) > 0).then(|| COUNTRIES[rng.below(COUNTRIES.len())].to_string()),
                    sector: Some(Sector::Gov),
                    org: None,
                    kind: ActorKind::Person,
                })
                .collect();
            let events = (0..6).map(|_| event(&mut rng, actors.len(), &text)).collect();
            let title = Some(format!("File {doc_no}, report {position}"));
            let record = AnnotatedArticle {
                doc: format!("cube-{doc_no}"),
                article: position,
                title: title.clone(),
                published: None,
                via: Vec::new(),
                actors,
                events,
                facts: Vec::new(),
            };
            xs.push(Extraction { record, provenance: Vec::new() });
            let published: Option<Published> = None;
            let sentences = vec![Span::new(0, text.len())];
            let (via, url, language) = (Vec::new(), None, Some("eng".into()));
            arts.push(Article { position, title, published, views: None, via, url, language, text, sentences });
        }
        let doc = Document {
            origin: format!("cube/{doc_no}.txt"),
            name: format!("cube-{doc_no}"),
            hash: format!("cube-{doc_no}"),
            format: Format::Text,
            encoding: "UTF-8".into(),
            bytes: arts.iter().map(|a| a.text.len()).sum(),
            items: vec![RawItem::default()],
        };
        batch.put_document(&doc, &arts, &xs).unwrap();
    }
    batch.commit().unwrap();
}

/// The store's path and its index, made once.
fn fixture() -> &'static (PathBuf, EventIndex) {
    static FIXTURE: OnceLock<(PathBuf, EventIndex)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let path = tempfile::tempdir().unwrap().keep().join("cube.db");
        write_store(&path);
        let ix = EventIndex::build(&Store::open(&path).unwrap()).unwrap();
        assert_eq!(ix.len(), 60 * 8 * 6);
        (path, ix)
    })
}

thread_local! {
    static STORE: Store = Store::open_read_only(&fixture().0).unwrap();
}

/// A filter value: none, one value, two, or one the store never saw.
fn values(all: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => Just(None),
        3 => prop::sample::select(all).prop_map(|v| Some(v.to_string())),
        1 => (prop::sample::select(all), prop::sample::select(all)).prop_map(|(a, b)| Some(format!("{a},{b}"))),
        1 => Just(Some("ZZZ".to_string())),
    ]
}

/// A date bound: none, a day (often inside a month the store has), a month or a year.
fn bound() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => Just(None),
        4 => (0i64..200).prop_map(|d| Some((jiff::civil::date(2024, 10, 20) + jiff::Span::new().days(d)).to_string())),
        2 => (0i64..200).prop_map(|d| Some((jiff::civil::date(2024, 10, 20) + jiff::Span::new().days(d)).to_string()[..7].to_string())),
        1 => prop::sample::select(&["2023", "2024", "2025"][..]).prop_map(|y| Some(y.to_string())),
    ]
}

fn query() -> impl Strategy<Value = EventQuery> {
    let kinds: &'static [&'static str] = EventKind::NAMES;
    let modes: &'static [&'static str] = &["meeting", "visit", "call", "multilateral"];
    // Topics as they are, and with LIKE's `_` (any one character): one
    // that could stand for the space between two topics is left to SQL.
    let topics: &'static [&'static str] =
        &["trade", "culture_humanitarian", "Security", "cultur__humanitarian", "en_rgy", "trade_energy"];
    (values(&COUNTRIES), values(&COUNTRIES), values(kinds), values(modes), values(topics), bound(), bound()).prop_map(
        |(country, counterpart, kind, mode, topic, since, until)| EventQuery {
            filter: EventFilter { country, counterpart, kind, topic, since, until, ..EventFilter::default() },
            mode,
            ..EventQuery::default()
        },
    )
}

/// The dimensions of an event's own facets: `Dimension::ALL` before actor and organisation.
const FACETS: &[Dimension] = Dimension::ALL.split_at(7).0;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Every aggregate and total of the index is SQL's.
    #[test]
    fn the_cube_counts_as_sql_does(q in query(), first in 0..7usize, second in 0..8usize, order in 0..3usize) {
        let ix = &fixture().1;
        prop_assert!(!FACETS.iter().any(|d| matches!(d, Dimension::Actor | Dimension::Organisation)));
        let spans = q.filter.topic.as_deref().is_some_and(|t| t.contains("trade_energy"));
        prop_assert_eq!(ix.answers(&q), !spans);
        prop_assume!(!spans);
        let mut dims = vec![FACETS[first]];
        if second < 7 && second != first {
            dims.push(FACETS[second]);
        }
        if dims.contains(&Dimension::Counterpart) && q.filter.country.is_none() {
            dims.retain(|d| *d != Dimension::Counterpart);
            dims.push(Dimension::Type);
        }
        let order = [BucketOrder::Natural, BucketOrder::Key, BucketOrder::Count][order];
        STORE.with(|store| {
            prop_assert_eq!(ix.count(&q), store.events_count(&q).unwrap(), "count of {:?}", q);
            // A first page walks the postings of the filter's countries or topics.
            let rows: Vec<i64> = store.events_page(&q, None, 40).unwrap().iter().map(|r| r.rowid).collect();
            let keys: Vec<i64> = ix.page(&q, None, 40).iter().map(|k| k.rowid).collect();
            prop_assert_eq!(keys, rows, "page of {:?}", q);
            let (a, b) = (ix.aggregate(&q, &dims, order).unwrap(), store.events_aggregate(&q, &dims, order).unwrap());
            prop_assert_eq!(a, b, "by {:?} of {:?}", dims, q);
            Ok(())
        })?;
    }
}

/// The cube answers the filters the dashboard and the benchmark ask for
/// most, so the property above tests it and not only the walk.
#[test]
fn common_aggregates_are_precomputed() {
    let ix = &fixture().1;
    let q = |country: Option<&str>, counterpart: Option<&str>, topic: Option<&str>| EventQuery {
        filter: EventFilter {
            country: country.map(Into::into),
            counterpart: counterpart.map(Into::into),
            topic: topic.map(Into::into),
            kind: Some("MEET,AGREE".into()),
            since: Some("2024-12-17".into()),
            until: Some("2025-02".into()),
            ..EventFilter::default()
        },
        ..EventQuery::default()
    };
    use Dimension::*;
    assert!(ix.precomputed(&q(None, None, None), &[Country, Topic]));
    for dims in [&[][..], &[Month], &[Year], &[Type], &[Mode], &[Country], &[Topic], &[Month, Type], &[Type, Mode]] {
        assert!(ix.precomputed(&q(None, None, None), dims), "{dims:?}");
        assert!(ix.precomputed(&q(Some("KAZ"), None, None), dims), "{dims:?} of a country");
        assert!(ix.precomputed(&q(None, None, Some("trade")), dims), "{dims:?} of a topic");
    }
    for dims in [&[Counterpart][..], &[Counterpart, Month], &[Topic], &[Country], &[Type]] {
        assert!(ix.precomputed(&q(Some("KAZ"), None, None), dims), "{dims:?} of a country");
    }
    assert!(ix.precomputed(&q(Some("KAZ"), Some("DEU"), None), &[Month, Type]));
    assert!(ix.precomputed(&q(Some("KAZ"), None, Some("trade")), &[Month]));
    // Several countries, a pair with a topic, a country by country and
    // topic: counted over the entries.
    assert!(!ix.precomputed(&q(Some("KAZ,DEU"), None, None), &[Type]));
    assert!(!ix.precomputed(&q(Some("KAZ"), None, None), &[Country, Topic]));
    assert!(!ix.precomputed(&q(Some("KAZ"), Some("DEU"), Some("trade")), &[Type]));
}
