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
    Regex::new(r"(?i)\bjoint (?:statement|declaration|communiqu[eé])|\bleaders['’]? (?:joint )?statement").unwrap()
});

/// "We" or "our" before the trigger: the signatories speak.
static FIRST_PLURAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:We|we|Our|our)\b").unwrap());

/// The states a joint statement's title names, in order, when it names two or more.
fn signatories(cx: &Context<'_>) -> Vec<&'static str> {
    let Some(ti) = cx.article.sentences.iter().position(|s| s.index.is_none()) else { return Vec::new() };
    if !JOINT_TITLE.is_match(cx.article.sentences[ti].text) {
        return Vec::new();
    }
    let mut states: Vec<&'static str> = Vec::new();
    for h in &cx.cast().places[ti] {
        if let Entry::Country { iso3 } = h.entry
            && !states.contains(&iso3)
        {
            states.push(iso3);
        }
    }
    if states.len() < 2 { Vec::new() } else { states }
}

/// The first signatory, for a "we" no site or speaker gives a voice to.
pub(crate) fn speaker(t: &Trigger<'_>, cx: &Context<'_>) -> Option<Who> {
    if !FIRST_PLURAL.is_match(&cx.s.text[..t.start]) {
        return None;
    }
    signatories(cx).first().map(|c| Who::State(c))
}

/// Sides said in a joint statement's "we": the signatories act together on a
/// target outside them (an agreement is the first one's with the others); an
/// act of theirs on one of them is none ("we noted that our relations ...").
pub(crate) fn voice(t: &Trigger<'_>, cx: &Context<'_>, kind: EventKind, sides: Sides) -> Option<Sides> {
    let cast = cx.cast();
    let [source] = sides.source.as_slice() else { return Some(sides) };
    let Some(own) = cast.country(source) else { return Some(sides) };
    let joint = if FIRST_PLURAL.is_match(&cx.s.text[..t.start]) { signatories(cx) } else { Vec::new() };
    if !joint.contains(&own) {
        return Some(sides);
    }
    let outside: Vec<Who> =
        sides.target.iter().filter(|w| cast.country(w).is_none_or(|c| !joint.contains(&c))).cloned().collect();
    let states = |skip: Option<&str>| joint.iter().filter(|c| Some(**c) != skip).map(|c| Who::State(c)).collect();
    match kind {
        EventKind::Agree if outside.is_empty() => {
            Some(Sides { source: vec![Who::State(own)], target: states(Some(own)) })
        }
        EventKind::Meet | EventKind::Credentials | EventKind::Agree => Some(sides),
        _ if outside.is_empty() => None,
        _ => Some(Sides { source: states(None), target: outside }),
    }
}
