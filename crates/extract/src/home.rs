//! The home side of an article (the side it is about) and its
//! counterpart: the origin it cites (`data/extract/origins.tsv`), else the
//! state of the official site that published it (`data/extract/publishers.tsv`),
//! else the most named state; the counterpart is the most named other state.
//! Input: the gazetteer hits of every sentence, the cited origins and the URL.

use std::collections::HashMap;
use std::sync::LazyLock;

use attache_gazetteer::{Hit, gazetteer};
use attache_model::tsv;

use crate::mentions;

static ORIGINS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    tsv::parse("data/extract/origins.tsv", include_str!("../../../data/extract/origins.tsv"), &["origin", "iso3"])
        .rows
        .iter()
        .map(|r| (r.get("origin"), r.get("iso3")))
        .collect()
});

static PUBLISHERS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    tsv::parse("data/extract/publishers.tsv", include_str!("../../../data/extract/publishers.tsv"), &["host", "iso3"])
        .rows
        .iter()
        .map(|r| (r.get("host"), r.get("iso3")))
        .collect()
});

/// The state whose site published an article at `url` (`data/extract/publishers.tsv`):
/// the host itself or a subdomain of a listed host.
pub(crate) fn publisher_state(url: &str) -> Option<&'static str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("").to_ascii_lowercase();
    PUBLISHERS
        .iter()
        .find(|(h, _)| host == *h || host.strip_suffix(h).is_some_and(|sub| sub.ends_with('.')))
        .map(|(_, iso3)| *iso3)
}

/// The home side (the origin the article cites, else the state of the site
/// that published it, else the most named state) and the counterpart (the
/// most named other state), from the gazetteer hits of every sentence.
pub(crate) fn home_and_counterpart(
    places: &[Vec<Hit>],
    via: &[String],
    url: Option<&str>,
) -> (Home, Vec<(&'static str, usize)>) {
    let g = gazetteer();
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    for hits in places {
        for h in hits {
            if let Some(c) = mentions::country_of(&h.entry) {
                *counts.entry(c).or_default() += 1;
            }
        }
    }
    let from_via = via.iter().find_map(|v| {
        ORIGINS.get(v.as_str()).copied().or_else(|| g.places(v).iter().find_map(|h| mentions::country_of(&h.entry)))
    });
    let mut ranked: Vec<(&'static str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let site = url.and_then(publisher_state);
    let home = from_via.or(site).or_else(|| ranked.first().map(|r| r.0));
    (Home { state: home, known: site.is_some() && home == site, guessed: from_via.is_none() && site.is_none() }, ranked)
}

/// The most named state other than `home`.
pub(crate) fn most_named_other(ranked: &[(&'static str, usize)], home: Option<&'static str>) -> Option<&'static str> {
    ranked.iter().map(|r| r.0).find(|c| Some(*c) != home)
}

/// Where an article's home side comes from.
pub(crate) struct Home {
    pub state: Option<&'static str>,
    /// The state of the official site that published the article.
    pub known: bool,
    /// Neither a cited origin nor the site: the most named state.
    pub guessed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_publishing_site_gives_its_state() {
        assert_eq!(publisher_state("https://www.whitehouse.gov/briefings/x"), Some("USA"));
        assert_eq!(publisher_state("http://en.kremlin.ru/events/1"), Some("RUS"));
        assert_eq!(publisher_state("https://notwhitehouse.gov/x"), None);
        assert_eq!(publisher_state("https://example.org/whitehouse.gov"), None);
    }
}
