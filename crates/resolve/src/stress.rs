//! A generated stress set with known identities, for tests and benchmarks:
//! thousands of persons whose names collide the way real ones do (shared
//! surnames, shared initials, one name in two countries) and whose mentions
//! vary the way reports do (transliteration, dropped diacritics, initials,
//! a bare surname). Deterministic for a seed; no external data.

use crate::{Identity, Mention};

/// A small xorshift generator: deterministic, dependency-free (also drives
/// the pipeline's generated stream).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// An index below `n` skewed towards small ones: a few persons are in
    /// the news every day.
    pub fn popular(&mut self, n: usize) -> usize {
        let u = (self.next_u64() % 1_000_000) as f64 / 1_000_000.0;
        ((u * u * u) * n as f64) as usize % n.max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

const ONSETS: &[&str] =
    &["b", "d", "g", "k", "kh", "l", "m", "n", "r", "s", "sh", "t", "v", "z", "zh", "ch", "y", "p", "f", "h"];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ay", "ai", "ei", "ya"];
const SURNAME_ENDINGS: &[&str] =
    &["ov", "ev", "yev", "enko", "ova", "ski", "ic", "ez", "ani", "escu", "sson", "berg", "dze", "yan", "oglu"];
const COUNTRIES: &[&str] = &[
    "KAZ", "UZB", "KGZ", "TJK", "TKM", "RUS", "UKR", "GEO", "ARM", "AZE", "TUR", "IRN", "CHN", "MNG", "IND", "PAK",
    "DEU", "FRA", "ITA", "ESP", "PRT", "POL", "CZE", "SVK", "HUN", "ROU", "BGR", "SRB", "HRV", "GRC",
];

fn syllables(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(ONSETS[rng.below(ONSETS.len())]);
        s.push_str(VOWELS[rng.below(VOWELS.len())]);
    }
    s
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A spelling variant of a surname one edit away in folded form.
fn variant(rng: &mut Rng, surname: &str) -> String {
    let lower = surname.to_lowercase();
    let rewrites: &[(&str, &str)] =
        &[("yev", "ev"), ("kh", "h"), ("ay", "ai"), ("ss", "s"), ("s", "ss"), ("ya", "ia"), ("zh", "j"), ("sh", "sch")];
    for _ in 0..4 {
        let (from, to) = rewrites[rng.below(rewrites.len())];
        if let Some(i) = lower.find(from) {
            let changed = format!("{}{}{}", &lower[..i], to, &lower[i + from.len()..]);
            if crate::identities::names_one_edit(&lower, &changed) {
                return capitalize(&changed);
            }
        }
    }
    surname.to_string()
}

/// A generated set: mentions and, for each, the index of the true person.
pub struct StressSet {
    pub mentions: Vec<Mention>,
    pub truth: Vec<usize>,
    pub persons: usize,
}

/// Generates `persons` persons (about 3 per surname) with 1-6 mentions each.
pub fn generate(persons: usize, seed: u64) -> StressSet {
    let mut rng = Rng(seed.max(1));
    let surnames: Vec<String> = (0..(persons / 3).max(1))
        .map(|_| {
            let n = 1 + rng.below(2);
            let mut s = syllables(&mut rng, n);
            s.push_str(SURNAME_ENDINGS[rng.below(SURNAME_ENDINGS.len())]);
            capitalize(&s)
        })
        .collect();
    let given: Vec<String> = (0..(persons / 12).max(20)).map(|_| capitalize(&syllables(&mut rng, 2))).collect();
    let mut people: Vec<(String, String, &str)> = Vec::new();
    let mut taken = std::collections::HashSet::new();
    while people.len() < persons {
        let (g, s) = (&given[rng.below(given.len())], &surnames[rng.below(surnames.len())]);
        let country = COUNTRIES[rng.below(COUNTRIES.len())];
        if taken.insert((g.clone(), s.clone(), country)) {
            people.push((g.clone(), s.clone(), country));
            // One name in two countries: the same full name elsewhere, another person.
            if rng.chance(2) && people.len() < persons {
                let other = COUNTRIES[rng.below(COUNTRIES.len())];
                if taken.insert((g.clone(), s.clone(), other)) {
                    people.push((g.clone(), s.clone(), other));
                }
            }
        }
    }
    let mut mentions = Vec::new();
    let mut truth = Vec::new();
    for (p, (g, s, c)) in people.iter().enumerate() {
        let n = 1 + rng.below(6);
        for k in 0..n {
            let form = rng.below(100);
            // The first mention of a person is always the full name, as a first report is.
            let name = if k == 0 || form < 75 {
                format!("{g} {s}")
            } else if form < 90 {
                format!("{g} {}", variant(&mut rng, s))
            } else if form < 97 {
                format!("{}. {s}", g.chars().next().unwrap())
            } else {
                s.clone()
            };
            let country = if rng.chance(92) { Some(c.to_string()) } else { None };
            let day = 1 + rng.below(28);
            mentions.push(Mention {
                name,
                kind: attache_model::kinds::ActorKind::Person,
                title: rng
                    .chance(60)
                    .then(|| ["Ambassador", "Minister", "Deputy Minister", "Senator"][rng.below(4)].to_string()),
                country,
                sector: None,
                org: None,
                date: Some(format!("2026-0{}-{day:02}", 1 + rng.below(9))),
            });
            truth.push(p);
        }
    }
    StressSet { mentions, truth, persons: people.len() }
}

/// Pairwise precision and recall of identities against the truth.
pub fn pairwise(set: &StressSet, identities: &[Identity]) -> (f64, f64) {
    let mut cluster = vec![usize::MAX; set.mentions.len()];
    for (c, id) in identities.iter().enumerate() {
        for &m in &id.mentions {
            cluster[m] = c;
        }
    }
    let count_pairs =
        |groups: &std::collections::HashMap<(usize, usize), u64>| groups.values().map(|n| n * (n - 1) / 2).sum::<u64>();
    let mut by_cluster: std::collections::HashMap<(usize, usize), u64> = Default::default();
    let mut by_truth: std::collections::HashMap<(usize, usize), u64> = Default::default();
    let mut by_both: std::collections::HashMap<(usize, usize), u64> = Default::default();
    for (&c, &t) in cluster.iter().zip(&set.truth) {
        *by_cluster.entry((c, 0)).or_default() += 1;
        *by_truth.entry((t, 0)).or_default() += 1;
        *by_both.entry((c, t)).or_default() += 1;
    }
    let together = count_pairs(&by_cluster) as f64;
    let same = count_pairs(&by_truth) as f64;
    let correct = count_pairs(&by_both) as f64;
    (if together > 0.0 { correct / together } else { 1.0 }, if same > 0.0 { correct / same } else { 1.0 })
}

/// Resolves `mentions` in chunks of `chunk`, each against the identities the
/// chunks before made, found by their lookup keys, the way ingestion resolves
/// new articles against the store. Identities carry global mention indices.
pub fn resolve_in_chunks(mentions: &[Mention], chunk: usize) -> Vec<Identity> {
    use std::collections::HashMap;
    let mut all: HashMap<String, Identity> = HashMap::new();
    let mut index: HashMap<crate::LookupKey, Vec<String>> = HashMap::new();
    for (n, part) in mentions.chunks(chunk.max(1)).enumerate() {
        let offset = n * chunk.max(1);
        // As the store is asked: each mention's own skeleton first, the
        // one-letter deletions only when that finds nothing.
        let mut wanted: Vec<crate::LookupKey> = Vec::new();
        for m in part {
            for tier in crate::mention_key_tiers(m) {
                let found = tier.iter().any(|k| index.get(k).is_some_and(|l| !l.is_empty()));
                wanted.extend(tier);
                if found {
                    break;
                }
            }
        }
        wanted.sort();
        wanted.dedup();
        let mut ids: Vec<&String> = wanted.iter().filter_map(|k| index.get(k)).flatten().collect();
        ids.sort();
        ids.dedup();
        let known: Vec<Identity> =
            ids.into_iter().map(|id| Identity { mentions: Vec::new(), ..all[id].clone() }).collect();
        for identity in crate::resolve_with(known, part) {
            let names: Vec<&str> =
                std::iter::once(identity.name.as_str()).chain(identity.aliases.iter().map(String::as_str)).collect();
            for key in crate::lookup_keys(identity.kind, identity.country.as_deref(), &names) {
                let list = index.entry(key).or_default();
                if !list.contains(&identity.id) {
                    list.push(identity.id.clone());
                }
            }
            let global: Vec<usize> = identity.mentions.iter().map(|m| m + offset).collect();
            match all.get_mut(&identity.id) {
                Some(old) => {
                    old.mentions.extend(global);
                    old.name = identity.name;
                    old.aliases = identity.aliases;
                    old.roles = identity.roles;
                    old.country = identity.country;
                }
                None => {
                    all.insert(identity.id.clone(), Identity { mentions: global, ..identity });
                }
            }
        }
    }
    let mut out: Vec<Identity> = all.into_values().collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Resolves `mentions` in chunks of `chunk` with one [`crate::Resolver`]
/// kept between chunks, the way one ingestion resolves a stream of new
/// articles (each chunk joins every identity kept so far; a later ingestion
/// starts afresh from the store, as [`resolve_in_chunks`] does for every
/// chunk). Identities carry global mention indices.
pub fn resolve_kept(mentions: &[Mention], chunk: usize) -> Vec<Identity> {
    let mut resolver = crate::Resolver::default();
    let mut all: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for (n, part) in mentions.chunks(chunk.max(1)).enumerate() {
        let offset = n * chunk.max(1);
        for t in resolver.resolve(part) {
            all.entry(t.id).or_default().extend(t.mentions.iter().map(|m| m + offset));
        }
    }
    let mut out: Vec<Identity> =
        all.into_iter().map(|(id, mentions)| Identity { mentions, ..resolver.identity(&id).expect("kept") }).collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}
