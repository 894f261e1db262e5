//! CONDEMN: condemnation and criticism. The date is the publication day; the
//! target is the perpetrator state when the sentence names one ("an attack
//! from X").

use attache_gazetteer::Hit;
use attache_model::kinds::EventKind;

use super::directed::{self, Directed};
use super::{Context, DatePolicy, Family, Found, Sides, Trigger};
use crate::actors::Who;

pub(crate) struct Condemn;

impl Family for Condemn {
    fn kind(&self) -> EventKind {
        EventKind::Condemn
    }

    fn triggers(&self) -> (&'static str, &'static str) {
        ("data/extract/triggers/condemn.tsv", include_str!("../../../../data/extract/triggers/condemn.tsv"))
    }

    fn dates(&self, _rule: &super::Rule) -> DatePolicy {
        DatePolicy::Published
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, found: &mut Found) -> Option<Sides> {
        let mut sides = directed::sides(self, t, cx, found)?;
        // "The parties strongly condemn X": both sides of the encounter condemn.
        let by_parties = cx.people().filter(|r| r.end <= t.start).last().is_some_and(|r| r.who == Who::Parties);
        if by_parties && let Some(main) = found.encounter {
            let (home, other) = (&found.events[main].1, &found.events[main].2);
            let both: Vec<Who> = home.iter().chain(other).filter(|w| !sides.target.contains(w)).cloned().collect();
            if !both.is_empty() {
                sides.source = both;
            }
        }
        Some(sides)
    }
}

impl Directed for Condemn {
    fn refine_target(&self, t: &Trigger<'_>, cx: &Context<'_>, _source: &Who, target: Option<Who>) -> Option<Who> {
        perpetrator(cx.s.text, cx.places, t.end).map(Who::State).or(target)
    }
}

/// The perpetrator state of a condemned act: a state (or its adjective) after
/// "from" or "by", else the first one after the trigger that is no place or
/// victim of the act ("the attack in Ankara", "the strikes on Kharkiv").
fn perpetrator(sentence: &str, hits: &[Hit], after: usize) -> Option<&'static str> {
    let hits: Vec<&Hit> = hits.iter().filter(|h| h.start >= after).collect();
    let word_before = |h: &Hit| {
        let before = sentence[..h.start].trim_end();
        let before = before.strip_suffix(" the").unwrap_or(before);
        before.rsplit(' ').next().unwrap_or("")
    };
    hits.iter()
        .find(|h| matches!(word_before(h), "from" | "by"))
        .or_else(|| {
            // A state listed after a place is a place too ("in A, B and C").
            let mut place_end: Option<usize> = None;
            hits.iter().find(|h| {
                let listed = place_end.is_some_and(|e| {
                    e <= h.start && matches!(sentence[e..h.start].trim(), "," | "and" | ", and" | "or" | ", or")
                });
                let place = listed
                    || matches!(word_before(h), "in" | "at" | "near" | "on" | "against" | "into" | "across" | "over");
                if place {
                    place_end = Some(h.end);
                }
                !place
            })
        })
        .and_then(|h| crate::mentions::country_of(&h.entry))
}
