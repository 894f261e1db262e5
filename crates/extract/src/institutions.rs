//! A state's ministries named as actors: "the Ministry of Foreign Affairs of
//! the Republic of Norland", "the Norlandic Ministry of Education", "Chile's
//! Foreign Ministry". Input: a sentence, its gazetteer hits and the
//! references found so far; output: one institution reference per ministry
//! whose state the phrase or the words right before it name (replacing the
//! state named inside it). A ministry inside a title ("Head of the Department
//! of the Ministry of ...") or of no named state is left alone.

use std::sync::LazyLock;

use attache_gazetteer::{Entry, Hit};
use attache_model::kinds::{ActorKind, Sector};
use regex::Regex;

use crate::actors::{Ref, Who};

/// "Ministry", with a portfolio before it ("Foreign Ministry") or after it
/// ("Ministry of Foreign Affairs of the Republic of X"): capitalised words
/// joined by "of", "for", "and", "the".
static MINISTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[Tt]he )?(?:\p{Lu}\p{Ll}+ )?Ministry(?: (?:of|for)(?: the)? \p{Lu}[\p{L}’'-]*(?:(?: and| of| for| the|,)* \p{Lu}[\p{L}’'-]*)*)?",
    )
    .expect("ministry pattern")
});

/// The state a hit names, as an actor's country (a country or demonym only:
/// unlike `mentions::country_of`, a city or region names no ministry's state).
fn state_of(hit: &Hit) -> Option<&'static str> {
    match hit.entry {
        Entry::Country { iso3 } | Entry::Demonym { iso3 } => Some(iso3),
        _ => None,
    }
}

/// Adds a reference for each ministry of a named state in `text`.
pub(crate) fn ministry_refs(text: &str, places: &[Hit], refs: &mut Vec<Ref>) {
    if !text.contains("Ministry") {
        return;
    }
    for m in MINISTRY.find_iter(text) {
        let (start, end) = (m.start(), m.end());
        let before = &text[..start];
        // Part of a title or of another body's name: "Head of the ... of the Ministry".
        if before.ends_with(" of the ") || before.ends_with(" of ") || before.ends_with(" at the ") {
            continue;
        }
        if refs.iter().any(|r| matches!(r.who, Who::Person(_)) && r.start < end && start < r.end) {
            continue;
        }
        // "..., the Ministry of Foreign Affairs of X reports.": the outlet cited.
        let rest = &text[end..];
        let cited = [" reports", " reported", " informs", " writes", " cites", " press service"]
            .iter()
            .any(|v| rest.starts_with(v))
            || before.ends_with("according to ")
            || before.ends_with("According to ");
        if cited {
            continue;
        }
        // The state: inside the phrase ("of the Republic of X", "Norlandic
        // Ministry"), else right before it ("X's Ministry", "the X Ministry").
        let inside = places.iter().filter(|h| h.start >= start && h.end <= end).find_map(state_of);
        let right_before = places
            .iter()
            .filter(|h| h.end <= start && matches!(&text[h.end..start], " " | "'s " | "’s "))
            .find_map(|h| state_of(h).map(|c| (h.start, c)));
        let Some((from, country)) = inside.map(|c| (start, c)).or(right_before) else { continue };
        let name = text[from..end].trim_start_matches("the ").trim_start_matches("The ").to_string();
        refs.retain(|r| !(matches!(r.who, Who::State(_)) && r.start >= from && r.end <= end));
        refs.push(Ref {
            start: from,
            end,
            who: Who::Group { name, country: Some(country), sector: Sector::Gov, kind: ActorKind::Institution },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ministries(text: &str) -> Vec<(String, Option<&'static str>)> {
        let places = attache_gazetteer::gazetteer().places(text);
        let mut refs = Vec::new();
        ministry_refs(text, &places, &mut refs);
        refs.into_iter()
            .filter_map(|r| match r.who {
                Who::Group { name, country, .. } => Some((name, country)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_ministry_of_a_named_state_is_an_actor() {
        assert_eq!(
            ministries("The Ministry of Foreign Affairs of the Republic of Chile welcomed the plan."),
            [("Ministry of Foreign Affairs of the Republic of Chile".to_string(), Some("CHL"))]
        );
        assert_eq!(
            ministries("Peruvian Ministry of Foreign Affairs:"),
            [("Peruvian Ministry of Foreign Affairs".to_string(), Some("PER"))]
        );
        assert_eq!(
            ministries("Chile's Foreign Ministry said so."),
            [("Chile's Foreign Ministry".to_string(), Some("CHL"))]
        );
        // No state named, inside a title, or the outlet cited: no actor.
        assert!(ministries("The envoys met in Lima, the Ministry of Foreign Affairs of Chile reports.").is_empty());
        assert!(ministries("The Ministry of Education opened a school.").is_empty());
        assert!(
            ministries("Head of the Department of the Ministry of Foreign Affairs of Chile Ana Ruiz spoke.").is_empty()
        );
    }
}
