//! The home side of an article (the side it is about) and its
//! counterpart: the origin it cites (`data/extract/origins.tsv`), else the
//! state of the official site that published it (`data/extract/publishers.tsv`,
//! or a government domain under a country code: "gov.ie", "mfa.gov.sg"),
//! else the most named state; the counterpart is the most named other state.
//! Input: the gazetteer hits of every sentence, the cited origins and the URL.
//! Once the cast is known, the persons still without a state get one from
//! the leaders gazetteer or from the home side ([`Cast::settle_countries`]).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::lexicon::Means;
use attache_gazetteer::{Entry, Hit, gazetteer};
use attache_model::names::fold;
use attache_model::tsv;

use std::collections::HashSet;

use attache_model::kinds::Sector;

use crate::Sentence;
use crate::actors::{Cast, Person, Who};
use crate::mentions::PersonMention;
use crate::{leaders, mentions};

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
        .or_else(|| government_host(&host))
}

/// A government's own domain under its country code ("gov.ie",
/// "mfa.gov.sg", "www.gob.mx", "diplomatie.gouv.fr"): the state of that
/// code (`uk` is GB). Only those second-level names governments reserve.
fn government_host(host: &str) -> Option<&'static str> {
    let mut labels = host.rsplit('.');
    let (code, second) = (labels.next()?, labels.next()?);
    if code.len() != 2 || !matches!(second, "gov" | "gob" | "gouv" | "govt" | "go" | "gv" | "government") {
        return None;
    }
    let iso2 = if code == "uk" { "GB" } else { code };
    attache_model::countries::all().iter().find(|c| c.iso2.eq_ignore_ascii_case(iso2)).map(|c| c.iso3)
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

/// Whether a title names the place or organisation its office is in: a
/// state or city ("Foreign Minister of Chile", "Chilean Ambassador"), or an
/// organisation after "of" ("Director General of WIPO"); an organisation
/// named as the setting ("G7 President", "At the UN General Assembly,
/// President") is no office of it.
fn names_an_office_elsewhere(title: &str) -> bool {
    gazetteer().places(title).iter().any(|h| match h.entry {
        attache_gazetteer::Entry::Organization { .. } => {
            let before = title[..h.start].trim_end();
            before.ends_with(" of") || before.ends_with(" of the") || before == "of" || before == "of the"
        }
        _ => true,
    })
}

/// The most named state other than `home`.
pub(crate) fn most_named_other(ranked: &[(&'static str, usize)], home: Option<&'static str>) -> Option<&'static str> {
    ranked.iter().map(|r| r.0).find(|c| Some(*c) != home)
}

/// Whether an official site's article is about state `other` enough for it to
/// be the other side of people the text gives no state: named twice, or in
/// the title or the lead. A state named once in passing in a domestic release
/// ("my parents were doctors in Mexico") is no counterpart.
pub(crate) fn attested(
    other: &'static str,
    ranked: &[(&'static str, usize)],
    places: &[Vec<Hit>],
    sentences: &[Sentence<'_>],
) -> bool {
    let named = ranked.iter().find(|r| r.0 == other).map_or(0, |r| r.1);
    named >= 2
        || sentences.iter().zip(places).any(|(s, hits)| {
            s.index.is_none_or(|i| i < 2) && hits.iter().any(|h| mentions::country_of(&h.entry) == Some(other))
        })
}

/// A state's name that is also a subdivision of another state, and the cues
/// that keep the state's reading (`data/extract/namesakes.tsv`).
struct Namesake {
    name: &'static str,
    iso3: &'static str,
    host: &'static str,
    cues: regex::Regex,
}

static NAMESAKES: LazyLock<Vec<Namesake>> = LazyLock::new(|| {
    let t = tsv::parse(
        "data/extract/namesakes.tsv",
        include_str!("../../../data/extract/namesakes.tsv"),
        &["name", "iso3", "host", "cues"],
    );
    t.rows
        .iter()
        .map(|r| Namesake {
            name: r.get("name"),
            iso3: r.get("iso3"),
            host: r.get("host"),
            cues: regex::Regex::new(&format!(r"\b(?:{})\b", r.get("cues"))).expect("data/extract/namesakes.tsv: cues"),
        })
        .collect()
});

/// On a page of `home`, a state's namesake subdivision of `home` ("Georgia"
/// on a White House page) is no state, unless a cue in the article points at
/// the state: its hits are dropped.
fn drop_namesakes(places: &mut [Vec<Hit>], sentences: &[Sentence<'_>], home: Option<&str>) {
    for n in NAMESAKES.iter().filter(|n| Some(n.host) == home) {
        if sentences.iter().any(|s| n.cues.is_match(s.text)) {
            continue;
        }
        for (hits, s) in places.iter_mut().zip(sentences) {
            hits.retain(|h| {
                !(s.text.get(h.start..h.end) == Some(n.name) && mentions::country_of(&h.entry) == Some(n.iso3))
            });
        }
    }
}

/// Whether `rest` (the text after "travel to") opens with a place of the
/// home state itself: one of its regions or cities ("Florida", "Macon"), or
/// its namesake of a state where `sentence` has no cue for the state
/// ("Georgia" on a US page).
pub(crate) fn domestic_destination(rest: &str, sentence: &str, home: Option<&str>) -> bool {
    let Some(home) = home else { return false };
    let rest = rest.trim_start();
    let namesake = NAMESAKES.iter().any(|n| n.host == home && rest.starts_with(n.name) && !n.cues.is_match(sentence));
    let own_place = gazetteer().places(rest).first().is_some_and(|h| {
        h.start == 0 && matches!(h.entry, Entry::Region { iso3, .. } | Entry::City { iso3, .. } if iso3 == home)
    });
    namesake || own_place
}

/// [`home_and_counterpart`] once the home side's namesakes are dropped from `places`.
pub(crate) fn home_without_namesakes(
    places: &mut [Vec<Hit>],
    sentences: &[Sentence<'_>],
    via: &[String],
    url: Option<&str>,
) -> (Home, Vec<(&'static str, usize)>) {
    let (home, _) = home_and_counterpart(places, via, url);
    drop_namesakes(places, sentences, home.state);
    home_and_counterpart(places, via, url)
}

/// Where an article's home side comes from.
pub(crate) struct Home {
    pub state: Option<&'static str>,
    /// The state of the official site that published the article.
    pub known: bool,
    /// Neither a cited origin nor the site: the most named state.
    pub guessed: bool,
}

/// Title heads an official site's own state does not have: a bare one names a foreign dignitary.
const FOREIGN_HEADS: &[&str] = &[
    "king",
    "queen",
    "emir",
    "amir",
    "sultan",
    "crown prince",
    "grand duke",
    "prince",
    "pope",
    "chancellor",
    "premier",
];

/// States with a monarch at their head (`data/extract/monarchies.txt`).
static MONARCHIES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    tsv::list("data/extract/monarchies.txt", include_str!("../../../data/extract/monarchies.txt")).into_iter().collect()
});

/// The foreign state a sentence places itself in: a country or city of it
/// after "in" ("In Mauritania, X met ...", "met in Bogota with ..."), when
/// the sentence names one such state and it is not `home`.
pub(crate) fn venue(text: &str, hits: &[Hit], home: Option<&str>) -> Option<&'static str> {
    let mut states = hits.iter().filter_map(|h| {
        let at = text[..h.start].ends_with("in ") || text[..h.start].ends_with("In ");
        match h.entry {
            attache_gazetteer::Entry::Country { iso3 } | attache_gazetteer::Entry::City { iso3, .. } if at => {
                Some(iso3)
            }
            _ => None,
        }
    });
    let first = states.next().filter(|&c| Some(c) != home)?;
    states.all(|c| c == first).then_some(first)
}

/// Per sentence, the foreign state it places itself in; and the state of a
/// trip the headline announces.
pub(crate) type Venues<'a> = (&'a [Option<&'static str>], Option<&'static str>);

/// The foreign state a headline announces a trip to ("Readout of X's Travel
/// to Brasilia, Brazil", "Trip to Ghana", "Visit to Chile"): the state of
/// the first place after it, when it is not `home`.
pub(crate) fn trip_destination(text: &str, hits: &[Hit], home: Option<&str>) -> Option<&'static str> {
    static TRIP: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\b(?:[Tt]ravel|[Tt]rip|[Vv]isit) to ").expect("trip"));
    let at = TRIP.find(text)?.end();
    let hit = hits.iter().find(|h| h.start >= at)?;
    let state = mentions::country_of(&hit.entry)?;
    (Some(state) != home).then_some(state)
}

/// Offices a state does not have (`data/extract/absent_offices.tsv`): (state, title head).
static ABSENT_OFFICES: LazyLock<HashSet<(&'static str, &'static str)>> = LazyLock::new(|| {
    let table = tsv::parse(
        "data/extract/absent_offices.tsv",
        include_str!("../../../data/extract/absent_offices.tsv"),
        &["country", "head"],
    );
    let g = gazetteer();
    table
        .rows
        .iter()
        .map(|r| {
            let (country, head) = (r.get("country"), r.get("head"));
            if g.country(country).is_none() || g.title_head(head).is_none_or(|t| t.head != head) {
                r.fail(format_args!("{country:?} is no country or {head:?} no head of titles.tsv"));
            }
            (country, head)
        })
        .collect()
});

/// Whether the head of a title is one the state `home` has: a monarchy has
/// no president, a republic no king.
fn office_at_home(head: &str, home: Option<&str>) -> bool {
    let monarchy = home.is_some_and(|h| MONARCHIES.contains(h));
    if home.is_some_and(|h| ABSENT_OFFICES.contains(&(h, head))) {
        return false;
    }
    match head {
        "president" | "head of state" => !monarchy,
        "chancellor" | "premier" | "pope" => false,
        h if FOREIGN_HEADS.contains(&h) => monarchy,
        _ => true,
    }
}

impl Cast {
    /// An office holder the text does not name ("the President of the Republic
    /// of Estonia"): a person whose name is the title as written
    /// (ANNOTATION.md section 7), when the title names a state.
    pub(crate) fn unnamed_holder(
        &mut self,
        phrase: &str,
        means: Means,
        country: Option<&'static str>,
        si: usize,
    ) -> Option<usize> {
        let country = country?;
        if !matches!(means, Means::Title | Means::HeadOfState) {
            return None;
        }
        let title = phrase.strip_prefix("the ").or_else(|| phrase.strip_prefix("The ")).unwrap_or(phrase);
        let t = gazetteer().title_head(title)?;
        self.persons.push(Person {
            key: fold(title),
            name: title.to_string(),
            title: Some(title.to_string()),
            country: Some(country),
            sector: Some(t.sector),
            org: None,
            head: Some(t.head),
            first: si,
            met: false,
        });
        Some(self.persons.len() - 1)
    }

    /// The state of a deputy's office a definite role phrase names with no
    /// state and no person of the article holds ("the Vice President will
    /// travel", `adjective` "Vice"): on an official site, the site's own. Other
    /// bare offices ("the Prime Minister", "the Secretary General") are as
    /// often another state's or an organisation's.
    pub(crate) fn own_office(&self, adjective: Option<&str>, bare: bool, means: Means) -> Option<&'static str> {
        let deputy = matches!(adjective, Some("Vice" | "Deputy"));
        self.home.filter(|_| self.home_known && !bare && means == Means::Title && deputy)
    }

    /// "I thank the President of Azerbaijan" before the transcript names him
    /// ("President of Azerbaijan Ilham Aliyev: ..."): an office holder kept
    /// under the title as written (`unnamed_holder`) is the one named person
    /// of the article with the same office and state, when there is exactly one.
    pub(crate) fn name_unnamed_holders(&mut self) {
        let unnamed = |p: &Person| p.title.as_deref() == Some(p.name.as_str());
        for u in 0..self.persons.len() {
            let holder = &self.persons[u];
            if !unnamed(holder) || holder.head.is_none() || holder.country.is_none() {
                continue;
            }
            let mut named = (0..self.persons.len()).filter(|&i| {
                let p = &self.persons[i];
                i != u && !unnamed(p) && p.head == holder.head && p.country == holder.country
            });
            let (Some(id), None) = (named.next(), named.next()) else { continue };
            for r in self.refs.iter_mut().flatten() {
                if r.who == Who::Person(u) {
                    r.who = Who::Person(id);
                }
            }
            for s in self.speakers.iter_mut().flatten() {
                if *s == Who::Person(u) {
                    *s = Who::Person(id);
                }
            }
        }
    }

    /// "Prime Minister of Norway A, Minister of Trade B and Minister of
    /// Fisheries C": officials listed right after one whose title names a
    /// state, with titles of their own that name none, are of that state.
    pub(crate) fn inherit_list_countries(
        &mut self,
        sentences: &[Sentence<'_>],
        mentions: &[Vec<(PersonMention, usize)>],
    ) {
        let g = attache_gazetteer::gazetteer();
        for (s, found) in sentences.iter().zip(mentions) {
            for pair in found.windows(2) {
                let ((before, a), (m, b)) = (&pair[0], &pair[1]);
                let gap = s.text.get(before.end..m.start).unwrap_or("");
                let Some(title) = gap.strip_prefix(", ").or_else(|| gap.strip_prefix(" and ")) else { continue };
                let title = title.trim_start_matches("and ").trim();
                let titled = g.title_head(title).is_some_and(|t| matches!(t.sector, Sector::Gov | Sector::Hos));
                let state_title = title
                    .split_whitespace()
                    .all(|w| w.starts_with(char::is_uppercase) || matches!(w, "of" | "for" | "the" | "and"));
                let country = self.persons[*a].country;
                let p = &self.persons[*b];
                let own_body = g.institution_sector(title).is_some_and(|s| !matches!(s, Sector::Hos | Sector::Gov))
                    || office_of_a_body(title);
                // "German counterparts A and B": a plural title before the first covers both.
                let shared = title.is_empty()
                    && self.persons[*a]
                        .title
                        .as_deref()
                        .is_some_and(|t| t.ends_with("counterparts") || t.ends_with("ministers"));
                if (titled && state_title && !own_body || shared) && p.country.is_none() && country.is_some() && a != b
                {
                    self.persons[*b].country = country;
                }
            }
        }
    }

    /// "A and B signed the agreement": the pairs of signatories named
    /// together (persons of the cast), the first named first.
    pub(crate) fn signatories(
        sentences: &[Sentence<'_>],
        mentions: &[Vec<(PersonMention, usize)>],
    ) -> Vec<(usize, usize)> {
        static SIGNED: LazyLock<regex::Regex> =
            LazyLock::new(|| regex::Regex::new(r"\bsign(?:ed|s|ing)\b|\bsignatories\b").unwrap());
        let mut pairs = Vec::new();
        for (s, found) in sentences.iter().zip(mentions) {
            let [(ma, a), (mb, b)] = found.as_slice() else { continue };
            let gap = s.text.get(ma.end..mb.start).unwrap_or("");
            if a != b && SIGNED.is_match(s.text) && gap.contains(" and ") && gap.len() <= 80 && !SIGNED.is_match(gap) {
                pairs.push((*a, *b));
            }
        }
        pairs
    }

    /// An office holder the gazetteer knows ("President Zelenskyy"): their
    /// state, and the gazetteer's spelling of the name.
    fn take_known_leaders(&mut self) {
        // An office holder the gazetteer knows ("President Zelenskyy"): their
        // state, and the gazetteer's spelling of the name (so that every
        // article names them alike) when the written one agrees with it.
        for p in &mut self.persons {
            // A monarch named by one name is known with the title ("Queen Elizabeth").
            let titled_name =
                || p.head.filter(|_| !p.name.contains(' ')).and_then(|h| leaders::lookup(&format!("{h} {}", p.name)));
            let Some(l) = leaders::lookup(&p.name).or_else(titled_name) else { continue };
            // The gazetteer knows their state better than a guess, not better
            // than a title that names one ("Director General of WIPO").
            let titled = p.title.as_deref().is_some_and(names_an_office_elsewhere);
            // "Prime Minister Draghi": an office only states have outranks an
            // organisation's office the table knows the person by.
            let national = l.country == "IGO"
                && matches!(p.head, Some("prime minister" | "chancellor" | "king" | "queen" | "emir" | "premier"));
            if national {
                continue;
            }
            if !titled || p.country.is_none() {
                p.country = Some(l.country);
                p.sector = p.sector.or(Some(l.sector));
                p.org = if l.country == "IGO" { p.org.or(l.org) } else { None };
            }
        }
    }

    /// Per sentence, the foreign state it places itself in (see [`venue`]),
    /// and the state of a trip the headline announces ([`trip_destination`]).
    pub(crate) fn venues(&self, sentences: &[Sentence<'_>]) -> (Vec<Option<&'static str>>, Option<&'static str>) {
        let venues = sentences.iter().zip(&self.places).map(|(s, hits)| venue(s.text, hits, self.home)).collect();
        let trip = sentences
            .iter()
            .zip(&self.places)
            .filter(|(s, _)| s.index.is_none())
            .find_map(|(s, hits)| trip_destination(s.text, hits, self.home));
        (venues, trip)
    }

    /// Whether person `i` is first named by a speaker label on an official
    /// site ("Name, President, Federation of Teachers: “...”"): a voice the
    /// page quotes, not a party the page reports on.
    pub(crate) fn labelled(&self, i: usize) -> bool {
        let first = self.persons[i].first;
        self.home_known && self.labels.contains(&first) && self.speakers.get(first) == Some(&Some(Who::Person(i)))
    }

    /// Office holders named by title first are the named ones (see
    /// `name_unnamed_holders`); persons still without a country: home for heads of state and officials
    /// named bare ("President Tokayev") and, on an official site, for anyone
    /// named without a title; else the counterpart state; sector GOV by default.
    ///
    /// `venues`: per sentence, the foreign state it places itself in ("In
    /// Colombia, X met ..."), which outranks the article's counterpart for the
    /// foreign officials first named there; `signatories`: see [`Cast::signatories`].
    pub(crate) fn settle_countries(&mut self, (venues, trip): Venues<'_>, signatories: &[(usize, usize)]) {
        self.name_unnamed_holders();
        let (home, counterpart) = (self.home, self.counterpart);
        self.take_known_leaders();
        // One holder of an office per state: the offices the home side's
        // named persons already hold.
        let mut home_offices: HashSet<&'static str> = self
            .persons
            .iter()
            .filter(|p| p.country.is_some() && p.country == home && matches!(p.sector, Some(Sector::Hos | Sector::Gov)))
            .filter_map(|p| p.head)
            .collect();
        // The state of the last venue named in the person's sentence or the two before it.
        let venue = |si: usize| (si.saturating_sub(2)..=si).rev().find_map(|k| venues.get(k).copied().flatten());
        let mut defaulted = HashSet::new();
        // One a label names ("Name, President, Union:") is no second head of state.
        let labelled: Vec<bool> = (0..self.persons.len()).map(|i| self.labelled(i)).collect();
        for (i, p) in self.persons.iter_mut().enumerate() {
            // "President of the Steelworkers": an organisation's office is no state's.
            let of_organisation = p
                .title
                .as_deref()
                .and_then(|t| attache_gazetteer::gazetteer().institution_sector(t))
                .is_some_and(|s| !matches!(s, Sector::Hos | Sector::Gov))
                || p.title.as_deref().is_some_and(office_of_a_body);
            if p.country.is_none()
                && !of_organisation
                && !labelled[i]
                && p.sector.is_none_or(|s| matches!(s, Sector::Hos | Sector::Gov))
                && let Some(head @ ("president" | "head of state" | "prime minister")) = p.head
                && !home_offices.insert(head)
            {
                // "Prime Minister Gillard ... Prime Minister Batbold": the second
                // prime minister is the other side's.
                p.country = venue(p.first).or(counterpart).or(home);
            }
            if p.country.is_none() {
                defaulted.insert(i);
                // "President Tokayev" in a Kazakh release is Kazakhstan's president;
                // anyone else left without a state is on the other side.
                // When the home side is known, a name with no title is the home
                // side's own (a release names foreign guests with their state).
                // On an official site a titled official whose title names no
                // state is the site's own ("National Security Adviser X"), except
                // a monarch's or a chancellor's title, which the site's state has not.
                // "In Accra, the delegation met with Vice President X": the one
                // met where the sentence places the meeting abroad is of that state.
                // So is one met on a trip the headline announces ("Travel to X").
                let met_abroad = venue(p.first).or(trip).filter(|v| p.met && Some(*v) != home);
                p.country = match p.head {
                    Some(_) if met_abroad.is_some() => met_abroad,
                    Some(h) if !office_at_home(h, home) => venue(p.first).or(counterpart).or(home),
                    Some("president" | "head of state" | "prime minister") => home,
                    None if self.home_known => home,
                    Some(_) if self.home_known => home,
                    _ => counterpart.or(home),
                };
            }
            if p.sector.is_none() {
                p.sector = Some(Sector::Gov);
            }
        }
        self.settle_signatories(signatories, &defaulted);
        self.host_namesake_offices();
        self.met_together(&defaulted);
    }
}

/// "President, Alliance for Northern Shipyards", "President of the Harbour
/// Workers Union": an office of a named body that is no state (the title names
/// no state and goes on past its office).
fn office_of_a_body(title: &str) -> bool {
    // "President and CEO", "Founder and Executive Director": a firm's or an association's offices.
    static CORPORATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(?:CEO|Chief Executive|Co-?[Ff]ounder|Founder|Executive Director|Board)\b").unwrap()
    });
    let g = gazetteer();
    if CORPORATE.is_match(title) && g.places(title).is_empty() {
        return true;
    }
    let Some(head) = g.title_head(title) else { return false };
    // Found in the title itself (lower-casing may change byte lengths).
    let found = |i: &usize| title.get(*i..*i + head.head.len()).is_some_and(|w| w.eq_ignore_ascii_case(head.head));
    let Some(at) = title.char_indices().map(|(i, _)| i).find(found) else { return false };
    // "American Soybean Association President", "Coalition of Services
    // Industries President": the body named before the office.
    let before = title[..at].trim();
    if before.starts_with(char::is_uppercase)
        && g.institution_sector(before).is_some_and(|s| !matches!(s, Sector::Hos | Sector::Gov | Sector::Leg))
    {
        return true;
    }
    if named_body(before) {
        return true;
    }
    let rest = title[at + head.head.len()..].trim_start_matches([',', ' ']);
    let rest = rest.strip_prefix("of ").unwrap_or(rest);
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    rest.starts_with(char::is_uppercase)
        && !matches!(rest, "Republic" | "Nation" | "Country" | "Government" | "Council of Ministers")
        && g.places(title).is_empty()
}

/// "National Pork Producers Council", "LIBRE Initiative" (before "President"):
/// a name of two or more capitalised words that names no place, no state's
/// institution, no office and no time of one ("Former Acting"), so a body's.
fn named_body(before: &str) -> bool {
    const NOT_A_BODY: &[&str] = &[
        "former",
        "acting",
        "interim",
        "outgoing",
        "incoming",
        "then",
        "late",
        "transitional",
        "elected",
        "new",
        "current",
        "sitting",
        "incumbent",
        "honorary",
        "region",
        "regional",
        "republic",
        "province",
        "provincial",
        "state",
        "territory",
        "autonomous",
        "authority",
        "government",
        "federal",
        "department",
        "ministry",
        "office",
        "agency",
        "bureau",
        "cabinet",
        "commission",
        "administration",
        "service",
        "secretariat",
        "treasury",
        "court",
        "bank",
        "reserve",
    ];
    let g = gazetteer();
    let words: Vec<&str> = before.split_whitespace().collect();
    let capitalised = |w: &&str| w.starts_with(char::is_uppercase) || matches!(*w, "of" | "for" | "and" | "&" | "the");
    words.len() >= 2
        && words.iter().all(capitalised)
        && !words.iter().skip(1).any(|w| NOT_A_BODY.contains(&w.to_lowercase().as_str()))
        && !NOT_A_BODY.contains(&words[0].to_lowercase().as_str())
        && g.places(before).is_empty()
        && g.title_head(before).is_none()
        && g.institution_sector(before).is_none_or(|s| !matches!(s, Sector::Hos | Sector::Gov | Sector::Leg))
}

mod settle;
#[cfg(test)]
mod tests;
