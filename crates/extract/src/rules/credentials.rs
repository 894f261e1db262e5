//! CREDENTIALS: an ambassador presenting credentials. The date is a past one
//! the sentence states, else the publication day; the ceremony is the
//! article's encounter, so the event takes the article's topics (and `Meet`
//! drops plain meetings beside it). A ceremony with many envoys is one event
//! per envoy.

use attache_model::annotation::Event;
use attache_model::kinds::EventKind;

use super::directed::{self, Directed};
use super::{Context, DatePolicy, Family, Found, Role, Sides, Trigger};
use crate::actors::Who;

pub(crate) struct Credentials;

impl Family for Credentials {
    fn kind(&self) -> EventKind {
        EventKind::Credentials
    }

    fn triggers(&self) -> (&'static str, &'static str) {
        ("data/extract/triggers/credentials.tsv", include_str!("../../../../data/extract/triggers/credentials.tsv"))
    }

    fn dates(&self, _rule: &super::Rule) -> DatePolicy {
        DatePolicy::Past
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, found: &mut Found) -> Option<Sides> {
        if t.rule.role == Role::Passive {
            return presented_by(t, cx);
        }
        directed::sides(self, t, cx, found)
    }

    /// Each envoy presents his or her own letters: one event per envoy.
    fn split(&self, _t: &Trigger<'_>, _cx: &Context<'_>, sides: Sides) -> Vec<Sides> {
        sides.source.into_iter().map(|s| Sides { source: vec![s], target: sides.target.clone() }).collect()
    }

    fn about_article(&self, _event: &Event, _cx: &Context<'_>, _found: &mut Found) -> bool {
        true
    }
}

impl Directed for Credentials {}

/// "Letters of credence were presented to X by A (State), B (State) and C
/// (State)": every person after "by" presents to the one named before it
/// (else the head of the home state the article names).
fn presented_by(t: &Trigger<'_>, cx: &Context<'_>) -> Option<Sides> {
    let by = t.end + cx.s.text[t.end..].find(" by ")?;
    let envoys: Vec<Who> =
        cx.people().filter(|r| r.start > by && matches!(r.who, Who::Person(_))).map(|r| r.who.clone()).collect();
    let cast = cx.cast();
    let host = cx
        .people()
        .find(|r| r.start >= t.end && r.end <= by)
        .map(|r| r.who.clone())
        .or_else(|| cast.protagonist().map(Who::Person))?;
    let envoys: Vec<Who> = envoys.into_iter().filter(|e| *e != host).collect();
    (!envoys.is_empty()).then(|| Sides { source: envoys, target: vec![host] })
}
