//! Writes a large synthetic store for the API benchmark (`scripts/bench-serve`):
//! `gen_bench_store PATH [EVENTS]` (default 1,000,000 events).
//!
//! Articles of five sentences, each with four events between a home country
//! (Kazakhstan half the time) and one of sixty others, of the seven types,
//! dated over two years, with topics, evidence spans and actors linked across
//! articles as resolution would link them. Deterministic (a fixed xorshift
//! seed), so two runs write the same store.

use std::path::PathBuf;

use attache_model::annotation::{Actor, AnnotatedArticle, Event, Extraction, Provenance};
use attache_model::kinds::{ActorKind, DateBasis, EventKind, MeetMode, Sector};
use attache_model::{Article, Document, Format, Published, RawItem, Span};
use attache_store::{Store, StoredActor};

const TOPICS: [&str; 8] =
    ["trade", "energy", "education", "security", "transport_logistics", "culture_humanitarian", "investment", "water"];
const COUNTRIES: [&str; 60] = [
    "AUT", "BEL", "BGR", "BRA", "CAN", "CHE", "CHL", "CHN", "CZE", "DEU", "DNK", "EGY", "ESP", "EST", "FIN", "FRA",
    "GBR", "GRC", "HUN", "IDN", "IND", "IRL", "ITA", "JPN", "KEN", "KGZ", "KOR", "LTU", "LVA", "MAR", "MEX", "MNG",
    "MYS", "NGA", "NLD", "NOR", "PAK", "PER", "PHL", "POL", "PRT", "QAT", "ROU", "RUS", "SAU", "SRB", "SVK", "SVN",
    "SWE", "THA", "TJK", "TKM", "TUR", "UKR", "USA", "UZB", "VNM", "ZAF", "ARE", "AZE",
];
const EVENTS_PER_ARTICLE: usize = 4;
const ARTICLES_PER_DOCUMENT: usize = 20;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().expect("usage: gen_bench_store PATH [EVENTS]"));
    let events: usize = args.next().map_or(1_000_000, |n| n.parse().expect("EVENTS is a number"));
    let articles = events.div_ceil(EVENTS_PER_ARTICLE);
    let _ = std::fs::remove_file(&path);
    let mut store = Store::open(&path).expect("open the store");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = jiff::civil::date(2024, 6, 1);
    let mut links: Vec<(i64, String, String)> = Vec::new();
    let mut actors: std::collections::BTreeMap<String, StoredActor> = Default::default();
    let started = std::time::Instant::now();
    let mut article_id = 0i64;
    let mut doc_no = 0usize;
    while (article_id as usize) < articles {
        let batch = store.batch().expect("batch");
        for _ in 0..500 {
            if article_id as usize >= articles {
                break;
            }
            doc_no += 1;
            let mut arts = Vec::new();
            let mut xs = Vec::new();
            for position in 0..ARTICLES_PER_DOCUMENT {
                if article_id as usize >= articles {
                    break;
                }
                article_id += 1;
                let day = start + jiff::Span::new().days((rng.below(730)) as i64);
                let home = if rng.below(2) == 0 { "KAZ" } else { COUNTRIES[rng.below(COUNTRIES.len())] };
                let mut other = COUNTRIES[rng.below(COUNTRIES.len())];
                if other == home {
                    other = "JPN";
                }
                let (a, b) = (format!("Official{}", rng.below(400)), format!("Envoy{}", rng.below(400)));
                let sentences: Vec<String> = (0..5)
                    .map(|i| {
                        format!(
                            "In sentence {i} of report {article_id}, {a} of {home} met {b} of {other} to discuss {} and {} in the capital.",
                            TOPICS[i % TOPICS.len()],
                            TOPICS[(i + 3) % TOPICS.len()]
                        )
                    })
                    .collect();
                let mut text = String::new();
                let mut spans = Vec::new();
                for s in &sentences {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    spans.push(Span::new(text.len(), text.len() + s.len()));
                    text.push_str(s);
                }
                let actor = |id: &str, name: &str, country: &str| Actor {
                    id: id.into(),
                    name: name.into(),
                    title: Some(format!("Minister of {country}")),
                    country: Some(country.into()),
                    sector: Some(Sector::Gov),
                    org: None,
                    kind: ActorKind::Person,
                };
                let record_actors = vec![actor("a1", &a, home), actor("a2", &b, other)];
                let mut record_events = Vec::new();
                let mut provenance = Vec::new();
                for i in 0..EVENTS_PER_ARTICLE {
                    // Half the events are meetings, the rest of any type.
                    let range = if rng.below(2) == 0 { 1 } else { EventKind::ALL.len() };
                    let kind = EventKind::ALL[rng.below(range)];
                    let date = (day - jiff::Span::new().days(i as i64)).to_string();
                    let sentence = i % spans.len();
                    record_events.push(Event {
                        kind,
                        mode: (kind == EventKind::Meet).then_some(MeetMode::Meeting),
                        date: Some(date),
                        date_basis: Some(DateBasis::Stated),
                        source: vec!["a1".into()],
                        target: vec!["a2".into()],
                        location: None,
                        topics: vec![TOPICS[rng.below(TOPICS.len())].into()],
                        evidence: sentences[sentence].clone(),
                        cameo: Some("040".into()),
                        plover: Some("CONSULT".into()),
                    });
                    provenance.push(Provenance {
                        event: i,
                        rule: format!("{kind}/1"),
                        trigger: "met".into(),
                        sentence: Some(sentence),
                        span: Some((spans[sentence].start, spans[sentence].end)),
                    });
                }
                for (local, name, country) in [("a1", &a, home), ("a2", &b, other)] {
                    let id = format!("p:{}:{}", country.to_lowercase(), name.to_lowercase());
                    links.push((article_id, local.to_string(), id.clone()));
                    actors
                        .entry(id.clone())
                        .or_insert_with(|| StoredActor {
                            id,
                            name: name.clone(),
                            kind: ActorKind::Person.to_string(),
                            country: Some(country.into()),
                            aliases: Vec::new(),
                            roles_json: "[]".into(),
                            mentions: 0,
                        })
                        .mentions += 1;
                }
                let published = Published::day(day);
                xs.push(Extraction {
                    record: AnnotatedArticle {
                        doc: format!("bench-{doc_no}"),
                        article: position,
                        title: Some(format!("{home} and {other}: report {article_id}")),
                        published: Some(published.to_string()),
                        via: Vec::new(),
                        actors: record_actors,
                        events: record_events,
                        facts: Vec::new(),
                    },
                    provenance,
                });
                arts.push(Article {
                    position,
                    title: Some(format!("{home} and {other}: report {article_id}")),
                    published: Some(published),
                    views: None,
                    via: Vec::new(),
                    url: None,
                    language: Some("eng".into()),
                    text,
                    sentences: spans,
                });
            }
            let doc = Document {
                origin: format!("bench/{doc_no}.txt"),
                name: format!("bench-{doc_no}"),
                hash: format!("bench-{doc_no}"),
                format: Format::Text,
                encoding: "UTF-8".into(),
                bytes: arts.iter().map(|a| a.text.len()).sum(),
                items: vec![RawItem::default()],
            };
            batch.put_document(&doc, &arts, &xs).expect("store a document");
        }
        batch.commit().expect("commit");
        eprint!("\r{article_id} articles, {:.0} s", started.elapsed().as_secs_f64());
    }
    let actors: Vec<StoredActor> = actors.into_values().collect();
    let resolution = store.resolution().expect("resolution");
    for a in &actors {
        resolution.put_actor(a, 0).expect("store an actor");
    }
    resolution.put_links(&links).expect("store links");
    resolution.commit(article_id, Some("2026-06-01")).expect("commit actors");
    eprintln!(
        "\n{} events in {article_id} articles, {} actors, at {} ({:.0} s)",
        article_id as usize * EVENTS_PER_ARTICLE,
        actors.len(),
        path.display(),
        started.elapsed().as_secs_f64()
    );
}
