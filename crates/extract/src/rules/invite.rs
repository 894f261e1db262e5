//! INVITE: invitations. The date is the publication day, or the past day
//! on which one "invited" as the sentence states; an invitation
//! proposes an encounter, so a meeting trigger after it in the sentence ("invited
//! him to take part in the forum") is no meeting.

use attache_model::kinds::EventKind;

use super::directed::{self, Directed};
use super::{Context, DatePolicy, Family, Found, Rule, Sides, Trigger};
use crate::actors::Who;

pub(crate) struct Invite;

impl Family for Invite {
    fn kind(&self) -> EventKind {
        EventKind::Invite
    }

    fn triggers(&self) -> (&'static str, &'static str) {
        ("data/extract/triggers/invite.tsv", include_str!("../../../../data/extract/triggers/invite.tsv"))
    }

    /// One who "invited" on a day the sentence states ("Three days ago, X
    /// invited Y") did so then; other invitations ("at the invitation of X,
    /// Y visited on 20-21 March") are dated by the publication.
    fn dates(&self, rule: &Rule) -> DatePolicy {
        if rule.id == "invite/invited" { DatePolicy::Past } else { DatePolicy::Published }
    }

    fn proposes(&self) -> bool {
        true
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, found: &mut Found) -> Option<Sides> {
        accepted(t, cx).or_else(|| directed::sides(self, t, cx, found))
    }

    /// "Thank you for the invitation", said to one host by each guest of a
    /// meeting of three: one invitation to that meeting, with every guest.
    fn joins(&self, t: &Trigger<'_>, sides: &Sides, cx: &Context<'_>, found: &mut Found) -> bool {
        const THANKS: &str = "invite/your-invitation";
        if t.rule.id != THANKS || cx.s.index.is_none() {
            return false;
        }
        let day = t.date.as_ref().map(|d| d.value.clone());
        let earlier = found.traces.iter().rev().find(|tr| {
            tr.rule == THANKS
                && found
                    .events
                    .get(tr.event)
                    .is_some_and(|(e, so, _)| e.kind == EventKind::Invite && *so == sides.source && e.date == day)
        });
        let Some(i) = earlier.map(|tr| tr.event) else { return false };
        let targets = &mut found.events[i].2;
        for w in &sides.target {
            if !targets.contains(w) {
                targets.push(w.clone());
            }
        }
        true
    }
}

/// "X accepted the invitation (of Y) to visit": told of X, not said to a
/// host, Y (or the article's other side) invited X.
fn accepted(t: &Trigger<'_>, cx: &Context<'_>) -> Option<Sides> {
    let trigger = &cx.s.text[t.start..t.end];
    if !trigger.starts_with("accept") || cx.cast().speakers.get(cx.si).is_some_and(Option::is_some) {
        return None;
    }
    let accepter = cx.people().filter(|r| r.end <= t.start).last()?.who.clone();
    let named = cx.s.text[t.end..]
        .trim_start()
        .starts_with("of ")
        .then(|| cx.after(t.end).find(|r| matches!(r.who, Who::Person(_) | Who::Group { .. } | Who::Org(_))))
        .flatten()
        .map(|r| r.who.clone());
    let inviter = named.or_else(|| match accepter {
        Who::Person(i) => cx.cast().other_side(i).map(Who::Person),
        _ => None,
    })?;
    (inviter != accepter).then(|| Sides { source: vec![inviter], target: vec![accepter] })
}

impl Directed for Invite {}
