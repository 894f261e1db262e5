//! AGREE: agreements signed, adopted or reached. The date is a past one the
//! sentence states, else the publication day; generic pledges ("agreed to
//! continue") are void (`data/extract/generic.tsv`).

use attache_model::kinds::EventKind;

use super::directed::{self, Directed};
use super::{Context, DatePolicy, Family, Found, Sides, Trigger};

pub(crate) struct Agree;

impl Family for Agree {
    fn kind(&self) -> EventKind {
        EventKind::Agree
    }

    fn triggers(&self) -> (&'static str, &'static str) {
        ("data/extract/triggers/agree.tsv", include_str!("../../../../data/extract/triggers/agree.tsv"))
    }

    fn dates(&self) -> DatePolicy {
        DatePolicy::Past
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, _found: &mut Found) -> Option<Sides> {
        directed::sides(self, t, cx)
    }
}

impl Directed for Agree {}
