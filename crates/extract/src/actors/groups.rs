//! Groups of people as actors ("the delegation of X", "senior Israeli
//! officials", "a U.S. delegation"): which state each acts for.

use attache_gazetteer::gazetteer;
use attache_model::kinds::{ActorKind, Sector};

use super::{Cast, Ref, Who};
use crate::{lexicon, mentions};

impl Cast {
    /// Groups of people ("the delegation of X"), not inside a title and naming
    /// no person; `abroad`: the sentence or the article's trip is in a
    /// foreign state, where an unnamed delegation is the site's own.
    ///
    /// Returns whether the sentence names a delegation of the site's own
    /// state ("a U.S. delegation"): then "the delegation" of later sentences
    /// is that one too (the caller passes it on as `abroad`).
    pub(super) fn group_refs(&self, text: &str, abroad: bool, refs: &mut Vec<Ref>) -> bool {
        let mut own_delegation = false;
        let g = gazetteer();
        for (start, end) in lexicon::groups(text) {
            if refs.iter().any(|r| matches!(r.who, Who::Person(_)) && r.start >= start && r.start < end) {
                continue;
            }
            // "the two officials": the encounter's parties, no group of one state.
            if refs.iter().any(|r| matches!(r.who, Who::Parties) && r.start < end && start < r.end) {
                continue;
            }
            // "head of the delegation to PACE, Edith Estrela": part of a title.
            if text[..start].ends_with(" of the ") || text[..start].ends_with(" of ") {
                continue;
            }
            let phrase = text[start..end].trim_start_matches("a ").trim_start_matches("the ");
            // "the Russian and Norland representatives": one group per demonym before the noun.
            let demonyms = mentions::demonyms_before(text, start);
            // "the Qatari side" is a state's side, "the other side" names none; so for "business leaders".
            let of_state = |p: &str| g.places(p).iter().any(|h| mentions::country_of(&h.entry).is_some());
            if demonyms.is_empty() && (phrase.trim() == "side" || lexicon::needs_state(phrase) && !of_state(phrase)) {
                continue;
            }
            if !demonyms.is_empty() {
                for (start, iso3, demonym) in demonyms {
                    // "The Kazakh side" is the article's person of that state, when it names one.
                    let side_of = (phrase.trim() == "side")
                        .then(|| self.persons.iter().position(|p| p.country == Some(iso3)))
                        .flatten();
                    if let Some(id) = side_of {
                        refs.push(Ref { start, end, who: Who::Person(id) });
                        continue;
                    }
                    refs.push(Ref {
                        start,
                        end,
                        who: Who::Group {
                            name: format!("{demonym} {}", phrase.trim()),
                            country: Some(iso3),
                            sector: g.institution_sector(phrase).unwrap_or(Sector::Gov),
                            kind: ActorKind::Group,
                        },
                    });
                }
                continue;
            }
            // A group whose state the phrase does not name: a delegation is the
            // visiting side; on an official site other groups ("officials",
            // "students") are the site's own; elsewhere the other side.
            let own = self.home_known && (!phrase.contains("delegation") || abroad);
            let unnamed = if own { self.home } else { self.counterpart };
            let named = g.places(phrase).iter().find_map(|h| mentions::country_of(&h.entry));
            // "met with President A and members of the security team including
            // ...": those met, of no state the phrase names, are no side of
            // the site's own.
            let met =
                || super::roles::met_with_before(&text[text.floor_char_boundary(start.saturating_sub(400))..start]);
            if named.is_none() && own && !phrase.contains("delegation") && met() {
                continue;
            }
            let qualified = self.qualifier(text, start);
            own_delegation |= phrase.contains("delegation") && qualified.is_some() && qualified == self.home;
            let country = named.or(qualified).or(unnamed);
            let sector = g.institution_sector(phrase).unwrap_or(Sector::Gov);
            refs.push(Ref {
                start,
                end,
                who: Who::Group { name: phrase.trim().to_string(), country, sector, kind: ActorKind::Group },
            });
        }
        own_delegation
    }

    /// The state a group's qualifier before it names: "a (high-level) U.S.
    /// delegation", "the United States delegation" (a state with at most two
    /// lower-case words between), or the site's own for a delegation of its
    /// legislature or its head of state ("a Senate delegation", "the
    /// Presidential Delegation").
    fn qualifier(&self, text: &str, start: usize) -> Option<&'static str> {
        let before = &text[..start];
        let own = ["Senate ", "Congressional ", "congressional ", "Presidential ", "presidential ", "House "];
        if self.home_known && own.iter().any(|w| before.ends_with(w)) {
            return self.home;
        }
        let from = text.floor_char_boundary(start.saturating_sub(60));
        let hits = gazetteer().places(&text[from..start]);
        let last = hits.iter().rev().find(|h| mentions::country_of(&h.entry).is_some())?;
        let gap = &text[from + last.end..start];
        QUALIFIER_GAP.is_match(gap).then(|| mentions::country_of(&last.entry)).flatten()
    }
}

/// Between a state and the group noun it qualifies: at most two lower-case words.
static QUALIFIER_GAP: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"^ (?:[a-z][a-z-]* ){0,2}$").expect("qualifier gap"));
