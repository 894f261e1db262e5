//! The last steps of settling persons' states (see `Cast::settle_countries`):
//! signatories, offices of the home state's namesake subdivisions, and those
//! met in a list of another state's officials.

use std::collections::HashSet;

use attache_model::kinds::Sector;

use super::NAMESAKES;
use crate::actors::Cast;

impl Cast {
    /// "A and B signed the agreement": a signatory of the home side and one
    /// it was left to by default (`defaulted`) are the two sides: the other
    /// is the counterpart's (a foreign firm's chief, an envoy named bare).
    /// Both by default: the one named second.
    pub(super) fn settle_signatories(&mut self, signatories: &[(usize, usize)], defaulted: &HashSet<usize>) {
        let (home, counterpart) = (self.home, self.counterpart);
        for &(a, b) in signatories {
            let home_side = |i: usize| home.is_some() && self.persons[i].country == home;
            let other = match (defaulted.contains(&a), defaulted.contains(&b)) {
                (false, true) | (true, true) => b,
                (true, false) => a,
                (false, false) => continue,
            };
            let known = if other == b { a } else { b };
            if home_side(other) && home_side(known) && counterpart.is_some_and(|c| Some(c) != home) {
                self.persons[other].country = counterpart;
            }
        }
    }

    /// "Georgia Senator X", "Governor Y of Georgia" on a US page: an office of
    /// the home state's namesake subdivision (named before the office, or a
    /// governor's, a mayor's, a legislator's), not of the state; a national
    /// office or a cue ("Tbilisi", "Republic of Georgia") keeps the state.
    pub(super) fn host_namesake_offices(&mut self) {
        const LOCAL: &[&str] =
            &["governor", "lieutenant governor", "mayor", "senator", "state senator", "attorney general", "sheriff"];
        let home = self.home;
        for p in &mut self.persons {
            let Some(title) = p.title.as_deref() else { continue };
            let national = p.head.is_some_and(|h| {
                ["minister", "president", "ambassador", "envoy", "prime"].iter().any(|w| h.contains(w))
            });
            let local = p.head.is_some_and(|h| LOCAL.contains(&h)) || p.sector == Some(Sector::Leg);
            let subdivision = NAMESAKES.iter().any(|n| {
                Some(n.host) == home
                    && p.country == Some(n.iso3)
                    && (title.starts_with(n.name) || local)
                    && !n.cues.is_match(title)
            });
            if subdivision && !national {
                p.country = home;
            }
        }
    }

    /// "X met with President A, Minister B, observer in the War Cabinet C,
    /// and opposition leader D": one met in a list of another state's
    /// officials, whose own title names no state (left by `defaulted` to the
    /// home side, or to a venue named before), is of that state too.
    pub(super) fn met_together(&mut self, defaulted: &HashSet<usize>) {
        // Names that are a place's ("Camp Liya", "Bletchley Park"), and the
        // offices of the home state's own regions ("Governor X"), stay at home.
        const PLACE_NOUNS: &[&str] = &[
            "Camp",
            "Park",
            "Plant",
            "Base",
            "Station",
            "Airport",
            "Port",
            "Castle",
            "Hall",
            "Center",
            "Centre",
            "Square",
            "Palace",
            "Bridge",
            "University",
            "School",
            "Hospital",
        ];
        let home = self.home;
        for &i in defaulted {
            let p = &self.persons[i];
            let place = p.name.split_whitespace().any(|w| PLACE_NOUNS.contains(&w));
            let regional = p.head.is_some_and(|h| matches!(h, "governor" | "lieutenant governor" | "mayor"));
            // A venue's state named in the person's own sentence ("talks in
            // Doha") stands; one carried from a sentence before does not.
            let venue_here = p.country != home
                && self.places.get(p.first).is_some_and(|hits| {
                    hits.iter().any(|h| crate::mentions::country_of(&h.entry).is_some_and(|c| Some(c) == p.country))
                });
            if !p.met || place || regional || venue_here {
                continue;
            }
            let mut states: Vec<&'static str> = self
                .persons
                .iter()
                .enumerate()
                .filter(|&(j, q)| j != i && q.first == p.first && q.met && !defaulted.contains(&j))
                .filter_map(|(_, q)| q.country)
                .collect();
            states.dedup();
            if let [state] = states.as_slice()
                && Some(*state) != home
                && Some(*state) != p.country
            {
                self.persons[i].country = Some(state);
            }
        }
    }
}
