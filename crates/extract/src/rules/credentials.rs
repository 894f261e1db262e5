//! CREDENTIALS: an ambassador presenting credentials. The date is a past one
//! the sentence states, else the publication day; the ceremony is the
//! article's encounter, so the event takes the article's topics (and `Meet`
//! drops plain meetings beside it).

use attache_model::annotation::Event;
use attache_model::kinds::EventKind;

use super::directed::{self, Directed};
use super::{Context, DatePolicy, Family, Found, Sides, Trigger};

pub(crate) struct Credentials;

impl Family for Credentials {
    fn kind(&self) -> EventKind {
        EventKind::Credentials
    }

    fn triggers(&self) -> (&'static str, &'static str) {
        ("data/extract/triggers/credentials.tsv", include_str!("../../../../data/extract/triggers/credentials.tsv"))
    }

    fn dates(&self) -> DatePolicy {
        DatePolicy::Past
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, _found: &mut Found) -> Option<Sides> {
        directed::sides(self, t, cx)
    }

    fn about_article(&self, _event: &Event, _cx: &Context<'_>, _found: &mut Found) -> bool {
        true
    }
}

impl Directed for Credentials {}
