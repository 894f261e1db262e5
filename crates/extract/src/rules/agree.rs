//! AGREE: agreements signed, adopted or reached. The date is a past one the
//! sentence states, else the publication day; generic pledges ("agreed to
//! continue") are void (`data/extract/generic.tsv`), and so are signings to
//! come ("will sign": an INTEND).

use attache_model::kinds::EventKind;

use super::directed::{self, Directed};
use super::{Context, DatePolicy, Family, Found, Rule, Sides, Trigger, triggers};

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

    /// "will sign": an act to come, which INTEND takes.
    fn voided(&self, _rule: &Rule, start: usize, cx: &Context<'_>, _found: &Found) -> bool {
        triggers::prospective(cx.s.text, start)
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, _found: &mut Found) -> Option<Sides> {
        directed::sides(self, t, cx)
    }
}

impl Directed for Agree {}
