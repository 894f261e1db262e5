//! Gazetteer: the linguistic knowledge of `data/` compiled in and indexed.
//!
//! Countries (names, variants, demonyms, capitals), cities, sub-national
//! governments and international organisations become one case-sensitive
//! matcher over running text ([`Gazetteer::places`]); titles and
//! institutions map to sectors. The TSV files are hand-edited (or generated
//! by `scripts/gen_gazetteers.py`); this crate only reads them.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use attache_model::kinds::Sector;

/// What a name in running text refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A state by name or variant ("Belgium", "the Slovak Republic").
    Country { iso3: &'static str },
    /// A demonym or adjective ("Kazakh", "Portuguese").
    Demonym { iso3: &'static str },
    /// A city; `capital` for capitals ("Astana" as metonymy for Kazakhstan).
    City { name: &'static str, iso3: &'static str, capital: bool },
    /// A sub-national government or region ("Flanders", "Flemish").
    Region { name: &'static str, iso3: &'static str },
    /// An international organisation, by its usual acronym.
    Organization { acronym: &'static str },
}

/// A gazetteer hit in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: Entry,
}

pub struct Country {
    pub iso3: &'static str,
    pub name: &'static str,
    pub capital: &'static str,
}

pub struct Organization {
    pub acronym: &'static str,
    pub name: &'static str,
    pub parent: Option<&'static str>,
}

/// A title head and the sector it gives.
pub struct Title {
    pub head: &'static str,
    pub sector: Sector,
    /// The office says little alone: an institution in the title decides the sector.
    pub generic: bool,
}

pub struct Gazetteer {
    pub countries: Vec<Country>,
    pub organizations: Vec<Organization>,
    pub titles: Vec<Title>,
    /// (keyword, sector), longest first.
    pub institutions: Vec<(&'static str, Sector)>,
    surfaces: Vec<Entry>,
    matcher: AhoCorasick,
    title_matcher: AhoCorasick,
    /// Nouns closing a place's name (`data/extract/place_nouns.txt`).
    place_nouns: Vec<&'static str>,
    institution_matcher: AhoCorasick,
    by_iso3: HashMap<&'static str, usize>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::build);

/// The state code of the phrases of `data/not_places.txt`: matched, never returned.
const NO_PLACE: &str = "";

/// The compiled-in gazetteer.
pub fn gazetteer() -> &'static Gazetteer {
    &GAZETTEER
}

/// The rows of a table of `data/` (one shared reader: `attache_model::tsv`).
macro_rules! table {
    ($file:literal, $columns:expr) => {
        attache_model::tsv::parse(concat!("data/", $file), include_str!(concat!("../../../data/", $file)), $columns)
            .rows
    };
}

/// The values of a field holding several, separated by `|`.
fn list(field: &'static str) -> impl Iterator<Item = &'static str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}

impl Gazetteer {
    fn build() -> Gazetteer {
        let mut surfaces: Vec<(String, Entry)> = Vec::new();
        let mut add = |s: &str, e: Entry| {
            let s = s.trim();
            if s.chars().count() >= 2 {
                // "People's Republic" is also written with a typographic apostrophe.
                let forms =
                    if s.contains('\'') { vec![s.to_string(), s.replace('\'', "’")] } else { vec![s.to_string()] };
                for s in forms {
                    surfaces.push((s.clone(), e.clone()));
                    // "the Slovak Republic" also matches as "The Slovak Republic" at a sentence start.
                    if let Some(rest) = s.strip_prefix("the ") {
                        surfaces.push((format!("The {rest}"), e.clone()));
                    }
                }
            }
        };
        let mut countries = Vec::new();
        let country_columns = &["iso3", "iso2", "name", "official", "variants", "demonyms", "capital", "un"];
        for r in table!("countries.tsv", country_columns) {
            let iso3 = r.get("iso3");
            countries.push(Country {
                iso3,
                name: r.get("name"),
                capital: r.get("capital").split('|').next().unwrap_or(""),
            });
            for name in [r.get("name"), r.get("official")].into_iter().chain(list(r.get("variants"))) {
                add(name, Entry::Country { iso3 });
            }
            for d in list(r.get("demonyms")) {
                add(d, Entry::Demonym { iso3 });
            }
            for c in list(r.get("capital")) {
                add(c, Entry::City { name: c, iso3, capital: true });
            }
        }
        for r in table!("cities.tsv", &["name", "iso3", "kind", "variants"]) {
            let (name, iso3, capital) = (r.get("name"), r.get("iso3"), r.get("kind") == "capital");
            for n in std::iter::once(name).chain(list(r.get("variants"))) {
                add(n, Entry::City { name, iso3, capital });
            }
        }
        for r in table!("subnational.tsv", &["name", "iso3", "kind", "variants", "demonyms"]) {
            let (name, iso3) = (r.get("name"), r.get("iso3"));
            for n in std::iter::once(name).chain(list(r.get("variants"))) {
                add(n, Entry::Region { name, iso3 });
            }
            for d in list(r.get("demonyms")) {
                add(d, Entry::Region { name, iso3 });
            }
        }
        let mut organizations = Vec::new();
        for r in table!("organizations.tsv", &["acronym", "name", "variants", "kind", "parent"]) {
            let acronym = r.get("acronym");
            organizations.push(Organization {
                acronym,
                name: r.get("name"),
                parent: Some(r.get("parent")).filter(|p| !p.is_empty()),
            });
            for n in [acronym, r.get("name")].into_iter().chain(list(r.get("variants"))) {
                add(n, Entry::Organization { acronym });
            }
        }
        let titles = table!("extract/titles.tsv", &["head", "sector", "generic"])
            .iter()
            .map(|r| Title { head: r.get("head"), sector: r.parse("sector"), generic: r.get("generic") == "yes" })
            .collect();
        let mut institutions: Vec<(&str, Sector)> = table!("extract/institutions.tsv", &["keyword", "sector"])
            .iter()
            .map(|r| (r.get("keyword"), r.parse("sector")))
            .collect();
        institutions.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        // Phrases that hold a state's name but name none: matched like the
        // others (the longest wins), then dropped with what they cover.
        let not_places = attache_model::tsv::list("data/not_places.txt", include_str!("../../../data/not_places.txt"));
        for phrase in &not_places {
            surfaces.push((phrase.to_string(), Entry::Region { name: phrase, iso3: NO_PLACE }));
        }
        // First entry wins for a surface: countries before cities before organisations.
        let mut seen = HashMap::new();
        surfaces.retain(|(s, _)| seen.insert(s.clone(), ()).is_none());
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(surfaces.iter().map(|(s, _)| s.as_str()))
            .expect("gazetteer automaton");
        let by_iso3 = countries.iter().enumerate().map(|(i, c)| (c.iso3, i)).collect();
        let titles: Vec<Title> = titles;
        let title_matcher = AhoCorasick::new(titles.iter().map(|t| t.head)).expect("title automaton");
        let institution_matcher =
            AhoCorasick::new(institutions.iter().map(|(k, _)| *k)).expect("institution automaton");
        let place_nouns = attache_model::tsv::list(
            "data/extract/place_nouns.txt",
            include_str!("../../../data/extract/place_nouns.txt"),
        );
        Gazetteer {
            countries,
            organizations,
            titles,
            institutions,
            surfaces: surfaces.into_iter().map(|(_, e)| e).collect(),
            matcher,
            title_matcher,
            place_nouns,
            institution_matcher,
            by_iso3,
        }
    }

    /// Every place, country, demonym and organisation named in `text`, leftmost-longest,
    /// on word boundaries.
    pub fn places(&self, text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let word = |i: usize| text[i..].chars().next().is_some_and(|c| c.is_alphanumeric());
        // "Al-Sabah", "el-Sisi": a word joined to an Arabic article is a family name, no place.
        let particle = |i: usize| ["Al-", "al-", "El-", "el-"].iter().any(|p| text[..i].ends_with(p));
        let before_ok =
            |i: usize| i == 0 || !text[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric()) && !particle(i);
        let mut hits: Vec<Hit> = self
            .matcher
            .find_iter(bytes)
            .filter(|m| before_ok(m.start()) && (m.end() == text.len() || !word(m.end())))
            .map(|m| Hit { start: m.start(), end: m.end(), entry: self.surfaces[m.pattern().as_usize()].clone() })
            .filter(|h| !matches!(h.entry, Entry::Region { iso3: NO_PLACE, .. }))
            .collect();
        // "East Palestine, Ohio", "Lebanon, Pennsylvania": a place named
        // before a region of another state is a town of that state.
        for i in 0..hits.len().saturating_sub(1) {
            let (this, next) = (&hits[i], &hits[i + 1]);
            if let (Entry::Country { iso3 } | Entry::City { iso3, .. }, Entry::Region { name, iso3: region_iso3 }) =
                (&this.entry, &next.entry)
                && iso3 != region_iso3
                && text[this.end..next.start] == *", "
            {
                hits[i].entry = Entry::City { name, iso3: region_iso3, capital: false };
            }
        }
        self.drop_national_namesakes(text, &mut hits);
        hits
    }

    /// "Russia's Security Council", "the National Security Council", "the
    /// Security Council of Armenia": an organisation's short name (a variant,
    /// not its acronym or full name) qualified by a state is that state's own
    /// body, not the organisation.
    fn drop_national_namesakes(&self, text: &str, hits: &mut Vec<Hit>) {
        let is_state = |e: &Entry| matches!(e, Entry::Country { .. } | Entry::Demonym { .. });
        let mut drop = vec![false; hits.len()];
        for (i, h) in hits.iter().enumerate() {
            let Entry::Organization { acronym } = h.entry else { continue };
            let surface = &text[h.start..h.end];
            if surface == acronym || self.organizations.iter().any(|o| o.acronym == acronym && o.name == surface) {
                continue;
            }
            let before = &text[..h.start];
            let state_before = i > 0 && is_state(&hits[i - 1].entry) && {
                let gap = &text[hits[i - 1].end..h.start];
                matches!(gap, " " | "'s " | "’s ")
            };
            let national = before.ends_with("National ") || before.ends_with("State ");
            let after = &text[h.end..];
            let of_state = hits
                .get(i + 1)
                .is_some_and(|n| is_state(&n.entry) && matches!(&text[h.end..n.start], " of " | " of the "))
                && after.starts_with(" of ");
            drop[i] = state_before || national || of_state;
        }
        let mut i = 0;
        hits.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
    }

    /// The entry a whole string names, if any ("Portugal", "Kazakh", "OSCE PA").
    pub fn lookup(&self, name: &str) -> Option<&Entry> {
        let hits = self.places(name.trim());
        match hits.as_slice() {
            [h] if h.start == 0 && h.end == name.trim().len() => self.surfaces.iter().find(|e| **e == h.entry),
            _ => None,
        }
    }

    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.by_iso3.get(iso3).map(|&i| &self.countries[i])
    }

    /// The title head a phrase contains (longest head, whole words, any
    /// case), less a head that begins the name of a place ("King County
    /// Executive", "Prince Edward Island": a place noun one or two words on).
    pub fn title_head(&self, phrase: &str) -> Option<&Title> {
        let lower = phrase.to_lowercase();
        // The phrase as written (its capitals): lower-casing kept its byte offsets.
        let written = (lower.len() == phrase.len()).then_some(phrase);
        let place_name = |end: usize| {
            let Some(written) = written else { return false };
            let words: Vec<&str> = written[end..].split_whitespace().take(2).collect();
            let cap = |w: &str| w.starts_with(char::is_uppercase);
            let noun =
                |w: &str| cap(w) && self.place_nouns.contains(&w.trim_end_matches([',', '.']).to_lowercase().as_str());
            match words[..] {
                [first, ..] if noun(first) => true,
                [first, second] => cap(first) && noun(second),
                _ => false,
            }
        };
        let mut hit: Vec<usize> = self
            .title_matcher
            .find_overlapping_iter(&lower)
            .filter(|m| whole_word(&lower, m.start(), m.end()) && !place_name(m.end()))
            .map(|m| m.pattern().as_usize())
            .collect();
        hit.sort_unstable();
        hit.dedup();
        hit.into_iter().map(|i| &self.titles[i]).max_by_key(|t| t.head.len())
    }

    /// The sector an institution named in a phrase gives ("Assembly of the Republic" → LEG).
    pub fn institution_sector(&self, phrase: &str) -> Option<Sector> {
        let lower = phrase.to_lowercase();
        whole_word_hits(&self.institution_matcher, &lower).into_iter().min().map(|i| self.institutions[i].1)
    }
}

/// A sector named in a data file; the files are compiled in, so a bad name is a build defect.
/// Indices of the patterns that occur in `hay` as whole words.
fn whole_word_hits(matcher: &AhoCorasick, hay: &str) -> Vec<usize> {
    matcher
        .find_overlapping_iter(hay)
        .filter(|m| whole_word(hay, m.start(), m.end()))
        .map(|m| m.pattern().as_usize())
        .collect()
}

/// Whether `hay[start..end]` stands as whole words.
fn whole_word(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after = hay[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before && after
}

/// Whether `needle` occurs in `hay` as whole words.
pub fn contains_words(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let s = from + i;
        let e = s + needle.len();
        let before = hay[..s].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = hay[e..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return true;
        }
        from = s + needle.len().max(1);
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_s_own_council_is_no_organisation() {
        let g = gazetteer();
        let orgs = |t: &str| g.places(t).into_iter().filter(|h| matches!(h.entry, Entry::Organization { .. })).count();
        assert_eq!(orgs("The Security Council met in New York."), 1);
        assert_eq!(orgs("A UN Security Council session met."), 1);
        assert_eq!(orgs("Norway's Security Council met."), 0);
        assert_eq!(orgs("the National Security Council of Chile"), 0);
        assert_eq!(orgs("Secretary of the Security Council of Norway"), 0);
        assert_eq!(orgs("Norway's OSCE delegation"), 1);
    }

    #[test]
    fn finds_countries_demonyms_cities_and_organisations() {
        let g = gazetteer();
        let text = "The Kazakh envoy met the Minister of the Slovak Republic in Astana and the OSCE PA in Flanders.";
        let hits: Vec<(&str, Entry)> = g.places(text).into_iter().map(|h| (&text[h.start..h.end], h.entry)).collect();
        assert!(hits.contains(&("Kazakh", Entry::Demonym { iso3: "KAZ" })), "{hits:?}");
        assert!(
            hits.iter().any(|(s, e)| s.ends_with("Slovak Republic") && *e == Entry::Country { iso3: "SVK" }),
            "{hits:?}"
        );
        assert!(
            hits.iter().any(|(s, e)| *s == "Astana" && matches!(e, Entry::City { iso3: "KAZ", capital: true, .. }))
        );
        assert!(
            hits.iter().any(|(s, e)| *s == "OSCE PA" && *e == Entry::Organization { acronym: "OSCE PA" }),
            "{hits:?}"
        );
        assert!(hits.iter().any(|(s, e)| *s == "Flanders" && matches!(e, Entry::Region { iso3: "BEL", .. })));
        // Phrases that hold a state's demonym but name no state.
        let g = gazetteer();
        assert!(g.places("The National Congress of American Indians and the Indian Health Service").is_empty());
        assert_eq!(g.places("Indian and American officials met on the Indian Ocean").len(), 2);
    }

    #[test]
    fn matches_whole_words_only() {
        let g = gazetteer();
        assert!(g.places("Omanis Chinatown").iter().all(|h| h.start != 0 || h.end != 4));
        assert_eq!(g.lookup("Türkiye"), Some(&Entry::Country { iso3: "TUR" }));
        // A typographic apostrophe: the People’s Republic of China is not the Republic of China.
        assert_eq!(g.lookup("People’s Republic of China"), Some(&Entry::Country { iso3: "CHN" }));
        // The US state is not the country it names.
        assert!(g.places("New Mexico").iter().all(|h| h.entry != Entry::Country { iso3: "MEX" }));
        // A town named like a state, in a region of another state.
        let town = g.places("He will travel to East Palestine, Ohio.");
        assert!(town.iter().all(|h| h.entry != Entry::Country { iso3: "PSE" }), "{town:?}");
    }

    #[test]
    fn titles_and_institutions_give_sectors() {
        let g = gazetteer();
        assert_eq!(g.title_head("Deputy Minister of Foreign Affairs").unwrap().head, "deputy minister");
        assert_eq!(g.title_head("Ambassador of Kazakhstan to Portugal").unwrap().sector, Sector::Dip);
        let adviser = g.title_head("National Security Adviser to the President").unwrap();
        assert_eq!((adviser.head, adviser.sector), ("national security adviser", Sector::Gov));
        assert_eq!(
            g.institution_sector("Chairman of the Committee of the Assembly of the Republic"),
            Some(Sector::Leg)
        );
    }
}
