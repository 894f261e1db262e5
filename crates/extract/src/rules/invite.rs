//! INVITE: invitations. The date is the publication day; an invitation
//! proposes an encounter, so a meeting trigger after it in the sentence ("invited
//! him to take part in the forum") is no meeting.

use attache_model::kinds::EventKind;

use super::directed::{self, Directed};
use super::{Context, DatePolicy, Family, Found, Sides, Trigger};

pub(crate) struct Invite;

impl Family for Invite {
    fn kind(&self) -> EventKind {
        EventKind::Invite
    }

    fn triggers(&self) -> (&'static str, &'static str) {
        ("data/extract/triggers/invite.tsv", include_str!("../../../../data/extract/triggers/invite.tsv"))
    }

    fn dates(&self) -> DatePolicy {
        DatePolicy::Published
    }

    fn proposes(&self) -> bool {
        true
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, _found: &mut Found) -> Option<Sides> {
        directed::sides(self, t, cx)
    }
}

impl Directed for Invite {}
