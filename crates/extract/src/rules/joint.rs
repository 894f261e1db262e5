//! The voice of a joint statement: "Joint Statement of the Leaders of A, B and
//! C", then "We condemn ...": the "we" is every signatory state, not the
//! publishing site's state alone (ANNOTATION.md section 7).

use std::sync::LazyLock;

use attache_gazetteer::Entry;
use attache_model::kinds::EventKind;
use regex::Regex;

use super::{Context, Sides, Trigger};
use crate::actors::Who;

/// A title that names a text several parties adopted together.
static JOINT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bjoint (?:statement|declaration|communiqu[eé])|\bleaders['’]? (?:joint )?(?:statement|declaration|communiqu[eé])|\bcommuniqu[eé]\b",
    )
    .unwrap()
});

/// "We" or "our" before the trigger: the signatories speak.
static FIRST_PLURAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:We|we|Our|our)\b").unwrap());

/// The parties a joint text's title names, in order: its states and
/// organisations ("Joint Statement of the United States and the European
/// Union", "G7 Leaders' Statement"), or the persons who speak for them
/// ("Joint Statement from President A and Prime Minister B of X").
fn parties(cx: &Context<'_>) -> Vec<Who> {
    let Some(ti) = cx.article.sentences.iter().position(|s| s.index.is_none()) else { return Vec::new() };
    if !JOINT_TITLE.is_match(cx.article.sentences[ti].text) {
        return Vec::new();
    }
    let cast = cx.cast();
    let mut named: Vec<(usize, Who)> = Vec::new();
    for h in &cast.places[ti] {
        match h.entry {
            Entry::Country { iso3 } => named.push((h.start, Who::State(iso3))),
            Entry::Organization { acronym } => named.push((h.start, Who::Org(acronym))),
            _ => {}
        }
    }
    // "Joint Statement from President A and Prime Minister B of X": the states of the persons.
    // The person stands for the state (one the title names, or the site's
    // own): the "we" is theirs.
    let title = cx.article.sentences[ti].text;
    for (i, p) in cast.persons.iter().enumerate() {
        let Some(c) = p.country.filter(|c| named.iter().any(|(_, w)| *w == Who::State(c)) || cast.home == Some(c))
        else {
            continue;
        };
        if let Some(at) = title.find(p.name.as_str()) {
            named.retain(|(_, w)| *w != Who::State(c));
            named.push((at, Who::Person(i)));
        }
    }
    named.sort_by_key(|(at, _)| *at);
    let mut parties: Vec<Who> = Vec::new();
    for (_, who) in named {
        let state_of_party = matches!(who, Who::State(c) if parties.iter().any(|p| cast.country(p) == Some(c)));
        if !parties.contains(&who) && !state_of_party {
            parties.push(who);
        }
    }
    parties
}

/// The signatories of a joint text, when its title names two or more parties.
fn signatories(cx: &Context<'_>) -> Vec<Who> {
    let parties = parties(cx);
    if parties.len() < 2 { Vec::new() } else { parties }
}

/// Whether the sides are the two states of a bilateral text, one each: a
/// joint text of two signatories, or one whose title names exactly two
/// states, the site's and the counterpart ("FACT SHEET: Republic of Korea
/// State Visit to the United States", "Memorandum ... Between the United
/// States and Sweden"): "For its part, B plans to host the next round".
pub(crate) fn bilateral_sides(cx: &Context<'_>, sides: &Sides) -> bool {
    let cast = cx.cast();
    let mut states: Vec<Option<&str>> = signatories(cx).iter().map(|w| cast.country(w)).collect();
    if states.is_empty()
        && let Some(ti) = cx.article.sentences.iter().position(|s| s.index.is_none())
    {
        let hits: Vec<(usize, usize, &str)> = cast.places[ti]
            .iter()
            .filter_map(|h| crate::mentions::country_of(&h.entry).map(|c| (h.start, h.end, c)))
            .collect();
        let mut named: Vec<&str> = hits.iter().map(|h| h.2).collect();
        named.sort_unstable();
        named.dedup();
        let mut pair = [cast.home, cast.counterpart];
        pair.sort_unstable();
        // The two joined as partners ("A-B", "A and B", "between A and B",
        // "A's visit to B"), not one acting on the other ("A condemns B's test").
        let joined = hits.windows(2).any(|w| {
            let gap = cx.article.sentences[ti].text.get(w[0].1..w[1].0).unwrap_or("");
            w[0].2 != w[1].2
                && gap.len() < 40
                && (matches!(gap.trim(), "-" | "–") || [" and ", " to ", " with "].iter().any(|j| gap.contains(j)))
        });
        if joined && named.len() == 2 && pair.iter().all(|c| c.is_some_and(|c| named.contains(&c))) {
            states = pair.to_vec();
        }
    }
    let [Some(a), Some(b)] = states[..] else { return false };
    let all_of = |side: &[Who], c: &str| side.iter().all(|w| cast.country(w) == Some(c));
    a != b
        && (all_of(&sides.source, a) && all_of(&sides.target, b)
            || all_of(&sides.source, b) && all_of(&sides.target, a))
}

/// Whether `who` speaks in the joint "we": a signatory, a person or group
/// of a signatory state, or an officer of a signatory organisation.
fn member(cx: &Context<'_>, joint: &[Who], who: &Who) -> bool {
    let cast = cx.cast();
    let of_state = cast.country(who).is_some_and(|c| joint.contains(&Who::State(c)));
    let officer = matches!(who, Who::Person(i) if cast.persons[*i].org.is_some_and(|o| joint.contains(&Who::Org(o))));
    joint.contains(who) || of_state || officer
}

/// The first signatory, for a "we" no site or speaker gives a voice to.
pub(crate) fn speaker(t: &Trigger<'_>, cx: &Context<'_>) -> Option<Who> {
    if !FIRST_PLURAL.is_match(&cx.s.text[..t.start]) {
        return None;
    }
    signatories(cx).into_iter().next()
}

/// The voice of a text one organisation's members issue together ("G7
/// Leaders' Statement": "We condemn ..."): the organisation, before any
/// person the text names.
pub(crate) fn organisation_voice(t: &Trigger<'_>, cx: &Context<'_>) -> Option<Who> {
    if !FIRST_PLURAL.is_match(&cx.s.text[..t.start]) {
        return None;
    }
    match parties(cx).as_slice() {
        [org @ Who::Org(_)] => Some(org.clone()),
        _ => None,
    }
}

/// Sides said in a joint statement's "we": the signatories act together on a
/// target outside them (an agreement is the first one's with the others); an
/// act of theirs on one of them is none ("we noted that our relations ...").
pub(crate) fn voice(t: &Trigger<'_>, cx: &Context<'_>, kind: EventKind, sides: Sides) -> Option<Sides> {
    let [source] = sides.source.as_slice() else { return Some(sides) };
    let joint = if FIRST_PLURAL.is_match(&cx.s.text[..t.start]) { signatories(cx) } else { Vec::new() };
    let Some(own) = joint.iter().find(|p| member(cx, std::slice::from_ref(p), source)).cloned() else {
        return Some(sides);
    };
    let outside: Vec<Who> = sides.target.iter().filter(|w| !member(cx, &joint, w)).cloned().collect();
    match kind {
        EventKind::Agree if outside.is_empty() => {
            Some(Sides { target: joint.iter().filter(|p| **p != own).cloned().collect(), source: vec![own] })
        }
        EventKind::Meet | EventKind::Credentials | EventKind::Agree => Some(sides),
        _ if outside.is_empty() => None,
        _ => Some(Sides { source: joint, target: outside }),
    }
}
