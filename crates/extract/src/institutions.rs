//! A state's ministries and other bodies named as actors: "the Ministry of
//! Foreign Affairs of the Republic of Norland", "the Norlandic Ministry of
//! Education", "Chile's Foreign Ministry", "the Chilean Export Credit Agency",
//! "the Federal Agency for Tourism (Norland)" (body nouns:
//! `data/extract/bodies.txt`). Input: a sentence, its gazetteer hits and the
//! references found so far; output: one institution reference per body whose
//! state the phrase or the words right before (or, in brackets, after) it
//! name (replacing the state named inside it). A body inside a title ("Head
//! of the Department of the Ministry of ...") or of no named state is left alone.

use std::sync::LazyLock;

use attache_gazetteer::{Entry, Hit};
use attache_model::kinds::{ActorKind, Sector};
use regex::Regex;

use crate::actors::{Ref, Who};

/// "Ministry", with a portfolio before it ("Foreign Ministry") or after it
/// ("Ministry of Foreign Affairs of the Republic of X"): capitalised words
/// joined by "of", "for", "and", "the"; so a state's "Government" ("the
/// Government of X", "the Xian Government") and "Department" ("the
/// Department of Defense", "the State Department").
static MINISTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[Tt]he )?(?:\p{Lu}\p{Ll}+ )?(?:Ministry|Government|Department|government\b)(?: (?:of|for)(?: the)? \p{Lu}[\p{L}’'-]*(?:(?: and| of| for| the|,)* \p{Lu}[\p{L}’'-]*)*)?",
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

/// Nouns closing a body's name, with the sector they give (`data/extract/bodies.tsv`).
static BODY_NOUNS: LazyLock<Vec<(&'static str, Sector)>> = LazyLock::new(|| {
    let t = attache_model::tsv::parse(
        "data/extract/bodies.tsv",
        include_str!("../../../data/extract/bodies.tsv"),
        &["noun", "sector"],
    );
    t.rows.iter().map(|r| (r.get("noun"), r.parse("sector"))).collect()
});

/// A body other than a ministry: capitalised words up to one of
/// [`BODY_NOUNS`], then "of/for X" as for a ministry.
static BODY: LazyLock<Regex> = LazyLock::new(|| {
    // A noun ending in a letter ends at a word boundary; "Inc." at its dot.
    let nouns: Vec<String> = BODY_NOUNS
        .iter()
        .map(
            |(n, _)| {
                if n.ends_with(char::is_alphanumeric) { format!(r"{}\b", regex::escape(n)) } else { regex::escape(n) }
            },
        )
        .collect();
    Regex::new(&format!(
        r"\b(?:[Tt]he )?(?:\p{{Lu}}[\p{{L}}.&’'-]* (?:and )?){{1,6}}(?:{})(?: (?:of|for)(?: the)? \p{{Lu}}[\p{{L}}’'-]*(?:(?: and| of| for| the)* \p{{Lu}}[\p{{L}}’'-]*)*)?",
        nouns.join("|")
    ))
    .expect("body pattern")
});

/// Adds a reference for each ministry or other body of a named state in
/// `text`; on an official site (`home`: its state, when known) a ministry or
/// department with a portfolio and no state named is the site's own ("the
/// Department of Defense will ...").
pub(crate) fn ministry_refs(text: &str, places: &[Hit], home: Option<&'static str>, refs: &mut Vec<Ref>) {
    if text.contains("Ministry") || text.contains("overnment") || text.contains("Department") {
        let mut at = 0;
        while let Some(m) = MINISTRY.find_at(text, at) {
            let end = one_body(text, m.start(), m.end());
            let found = &text[m.start()..end];
            // A medal or award named after a body: "the Department of Defense Medal".
            if ["Medal", "Award", "Prize"].iter().any(|w| found.contains(w)) {
                at = end;
                continue;
            }
            let bare = found.trim_start_matches("The ").trim_start_matches("the ");
            // Only a "Department": another state's ministry is often named
            // without its state ("criticised the Defense Ministry").
            let portfolio = found.contains("Department")
                && (found.contains(" of ") || found.contains(" for ") || bare.contains(' '));
            body_ref(text, (m.start(), end), places, home.filter(|_| portfolio), refs);
            at = end;
        }
    }
    if BODY_NOUNS.iter().any(|(n, _)| text.contains(n)) {
        let mut at = 0;
        while let Some(m) = BODY.find_at(text, at) {
            let end = one_body(text, m.start(), m.end());
            if !refs.iter().any(|r| r.start < end && m.start() < r.end && !matches!(r.who, Who::State(_))) {
                body_ref(text, (m.start(), end), places, None, refs);
            }
            at = end;
        }
    }
}

/// A match ends before a second body joined to it ("the Ministry of Tourism
/// of X and the Y Ministry of Culture", "the Government of X, the Y
/// Council"): at " and the " or ", the "; and before a possessive ("the
/// Government of X's plan").
fn one_body(text: &str, start: usize, end: usize) -> usize {
    let found = &text[start..end];
    // "the Department of State, Department of Labor and ...": a second body
    // noun after a comma or "and" starts another body.
    let second = |i: usize| ["Ministry", "Department", "Government"].iter().any(|n| found[i..].contains(n));
    let joined = found
        .match_indices([',', ' '])
        .map(|(i, _)| i)
        .find(|&i| (found[i..].starts_with(", ") || found[i..].starts_with(" and ")) && second(i + 2));
    let end =
        [" and the ", ", the "].iter().filter_map(|j| found.find(j)).chain(joined).min().map_or(end, |i| start + i);
    ["’s", "'s"].iter().find_map(|p| text[start..end].strip_suffix(p)).map_or(end, |s| start + s.len())
}

/// One body's reference, when its state is named (or is `home`).
fn body_ref(text: &str, (start, end): (usize, usize), places: &[Hit], home: Option<&'static str>, refs: &mut Vec<Ref>) {
    // "X-based Y Company": the name is Y Company, X the state right before it.
    let start = text[start..end].find("-based ").map_or(start, |i| start + i + "-based ".len());
    // What stands before it, with its article: "at the", "of the".
    let article = ["the ", "The "].iter().find(|a| text[start..].starts_with(**a)).map_or(0, |a| a.len());
    let before = &text[..start + article];
    // Part of a title or of another body's name: "Head of the ... of the Ministry".
    // So is "Heads of State/Government of X, Y and Z".
    if [" of the ", " of ", " at the ", " in the ", "/"].iter().any(|w| before.ends_with(w)) {
        return;
    }
    // Inside a longer name or title: "Head of the Foreign Relations Department".
    let word_before = before.trim_end().rsplit(' ').next().unwrap_or("");
    if article == 0
        && word_before.starts_with(char::is_uppercase)
        && word_before.chars().all(char::is_alphabetic)
        && !places.iter().any(|h| h.end + 1 == start)
    {
        return;
    }
    // A state's own name ("the Palestinian Authority" in the gazetteer).
    if places.iter().any(|h| h.start <= start + article && h.end >= end) {
        return;
    }
    // Inside a person's mention, or the start of a title going on to a name
    // ("Palestinian Authority President A B").
    if refs.iter().any(|r| {
        matches!(r.who, Who::Person(_))
            && (r.start < end && start < r.end || r.start >= end && crate::titles::title_goes_on(text, end, r.start))
    }) {
        return;
    }
    // "..., the Ministry of Foreign Affairs of X reports.": the outlet cited.
    let rest = &text[end..];
    let cited = [" reports", " reported", " informs", " writes", " cites", " press service"]
        .iter()
        .any(|v| rest.starts_with(v))
        || before.ends_with("according to ")
        || before.ends_with("According to ");
    if cited {
        return;
    }
    // The state: inside the phrase ("of the Republic of X", "Norlandic
    // Ministry"), else right before it ("X's Ministry", "the X Ministry",
    // "X-based"), else in brackets right after it ("Agency for Tourism (X)").
    let inside = places.iter().filter(|h| h.start >= start && h.end <= end).find_map(state_of);
    let right_before = places
        .iter()
        .filter(|h| h.end <= start && matches!(&text[h.end..start], " " | "'s " | "’s " | "-based "))
        .find_map(|h| state_of(h).map(|c| (h.start, c)));
    let bracketed = rest.strip_prefix(" (").and_then(|r| {
        let close = r.find(')')?;
        let (from, to) = (end + 2, end + 2 + close);
        places.iter().find(|h| h.start == from && h.end == to).and_then(state_of).map(|c| (c, to + 1))
    });
    let (from, country, end) = match (inside, right_before, bracketed) {
        (Some(c), _, _) => (start, c, end),
        (None, Some((from, c)), _) => (from, c, end),
        (None, None, Some((c, to))) => (start, c, to),
        (None, None, None) if home.is_some() => (start, home.unwrap_or_default(), end),
        _ => return,
    };
    // "X-based" is no part of the name, though its state is the body's.
    let named_from = if text[from..start].ends_with("-based ") { start } else { from };
    let name = text[named_from..end].trim_start_matches("the ").trim_start_matches("The ").to_string();
    // A firm's noun in the name makes it a business ("... Trading Company").
    let firm = BODY_NOUNS.iter().any(|(n, s)| *s == Sector::Bus && name.split_whitespace().any(|w| w == *n));
    let sector = if firm { Sector::Bus } else { Sector::Gov };
    refs.retain(|r| !(matches!(r.who, Who::State(_)) && r.start >= from && r.end <= end));
    refs.push(Ref {
        start: from,
        end,
        who: Who::Group { name, country: Some(country), sector, kind: ActorKind::Institution },
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ministries(text: &str) -> Vec<(String, Option<&'static str>)> {
        let places = attache_gazetteer::gazetteer().places(text);
        let mut refs = Vec::new();
        ministry_refs(text, &places, None, &mut refs);
        refs.into_iter()
            .filter_map(|r| match r.who {
                Who::Group { name, country, .. } => Some((name, country)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_department_on_an_official_site_is_the_sites() {
        let found = |text: &str| {
            let places = attache_gazetteer::gazetteer().places(text);
            let mut refs = Vec::new();
            ministry_refs(text, &places, Some("USA"), &mut refs);
            refs.into_iter()
                .filter_map(|r| match r.who {
                    Who::Group { name, country, .. } => Some((name, country)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("In addition, the Department of Defense will send the funds to Kenya."),
            [("Department of Defense".to_string(), Some("USA"))]
        );
        assert_eq!(found("The State Department signed it."), [("State Department".to_string(), Some("USA"))]);
        // No portfolio, no body: "the Department", "the Government"; a ministry
        // of no state named is not taken for the site's own.
        assert!(found("The Department welcomed it, and the Government agreed.").is_empty());
        assert!(found("A general criticised the Defense Ministry.").is_empty());
        // Two bodies in a list; a medal; a department inside a longer name.
        assert_eq!(found("The Department of State, Department of Labor and others will act.").len(), 2);
        assert!(found("She received the Department of Defense Medal for Distinguished Service.").is_empty());
        assert!(found("He met the Head of the Foreign Relations Department of the Administration.").is_empty());
    }

    #[test]
    fn a_body_of_a_named_state_is_an_actor() {
        assert_eq!(
            ministries("The Norwegian Export Credit Fund and the Chilean Ports Authority signed a deal."),
            [
                ("Norwegian Export Credit Fund".to_string(), Some("NOR")),
                ("Chilean Ports Authority".to_string(), Some("CHL"))
            ]
        );
        assert_eq!(
            ministries("The Federal Agency for Fisheries (Chile) signed it."),
            [("Federal Agency for Fisheries (Chile)".to_string(), Some("CHL"))]
        );
        assert_eq!(
            ministries("It partnered with Norway-based Fjord Shipping Company last year."),
            [("Fjord Shipping Company".to_string(), Some("NOR"))]
        );
        assert_eq!(
            ministries(
                "It welcomed the Government of Chile’s plan, backed by the Government of Peru, the Andean Council and others."
            ),
            [("Government of Chile".to_string(), Some("CHL")), ("Government of Peru".to_string(), Some("PER"))]
        );
        // Two ministries joined by "and the" are two actors.
        assert_eq!(
            ministries("The Ministry of Tourism of Chile and the Peruvian Ministry of Culture signed it.").len(),
            2
        );
        // No state named, a place ("at the"), or a state's own name: none.
        assert!(ministries("The Harbour Development Fund signed a deal.").is_empty());
        assert!(ministries("They met at the Chilean Trade Centre on Monday.").is_empty());
        assert!(ministries("They met the Palestinian Authority today.").is_empty());
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
