//! Rule families: one file per event kind, each a [`Family`], and the shared
//! pieces they are made of. A family's input is a trigger that fired in a
//! sentence (its row of `data/extract/triggers/<kind>.tsv`, its match and
//! date) and the sentence in its article ([`Context`]); its output is the
//! event's sides, or nothing. `events::find` asks the families in
//! [`FAMILIES`] order, sentence by sentence.
//!
//! To add a kind: a file here implementing [`Family`], a line in
//! [`FAMILIES`], a trigger table with an example on every row.

mod agree;
mod condemn;
mod credentials;
pub(crate) mod directed;
mod intend;
mod invite;
mod joint;
mod meet;
mod praise;
mod senses;
mod subject;
pub(crate) mod triggers;

use std::sync::LazyLock;

use attache_gazetteer::Hit;
use attache_model::annotation::Event;
use attache_model::kinds::{DateBasis, EventKind};
use jiff::civil::Date;
use regex::Regex;

use crate::actors::{Cast, Ref, Who};
use crate::{Sentence, Trace, dates};
pub(crate) use triggers::{Role, Rule};

/// The families in the order they are tried in a sentence: the more specific first.
pub(crate) static FAMILIES: &[&dyn Family] = &[
    &credentials::Credentials,
    &condemn::Condemn,
    &invite::Invite,
    &praise::Praise,
    &agree::Agree,
    &intend::Intend,
    &meet::Meet,
];

/// A rule family: what is particular to one event kind.
pub(crate) trait Family: Sync {
    /// The kind of event it finds.
    fn kind(&self) -> EventKind;
    /// Its trigger table: (file name, contents).
    fn triggers(&self) -> (&'static str, &'static str);
    /// Which of several rows firing in one sentence is taken.
    fn choice(&self) -> Choice {
        Choice::Earliest
    }
    /// Which date the event takes.
    fn dates(&self, rule: &Rule) -> DatePolicy;
    /// What voids a trigger of this kind, beyond the generic pledges of its kind,
    /// negations and hypotheticals that void every kind.
    fn voided(&self, _rule: &Rule, _start: usize, _cx: &Context<'_>, _found: &Found) -> bool {
        false
    }
    /// Whether its trigger proposes a later encounter ("invited him to attend"),
    /// which a meeting trigger after it in the sentence only restates.
    fn proposes(&self) -> bool {
        false
    }
    /// Runs once per sentence before any trigger is tried.
    fn open_sentence(&self, _cx: &Context<'_>, _found: &mut Found) {}
    /// Whether a row may be chosen in this sentence at all (unlike a void, a
    /// row that does not apply leaves the choice to the other rows).
    fn applies(&self, _rule: &Rule, _cx: &Context<'_>) -> bool {
        true
    }
    /// How the sides are found: `None` when the trigger makes no event of its own.
    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, found: &mut Found) -> Option<Sides>;
    /// The events the sides make: one (the default), or one per actor where
    /// the kind's acts are each actor's own (each envoy presents credentials).
    fn split(&self, _t: &Trigger<'_>, _cx: &Context<'_>, sides: Sides) -> Vec<Sides> {
        vec![sides]
    }
    /// An event of this kind with these sides is already recorded: one event per
    /// kind, source and target.
    fn repeats(&self, sides: &Sides, _cx: &Context<'_>, found: &Found) -> bool {
        found.events.iter().any(|(e, so, ta)| e.kind == self.kind() && *so == sides.source && *ta == sides.target)
    }
    /// Whether the sides join an event already recorded, told again by
    /// another of its parties (adding them to it), instead of making one.
    fn joins(&self, _t: &Trigger<'_>, _sides: &Sides, _cx: &Context<'_>, _found: &mut Found) -> bool {
        false
    }
    /// Whether the event is about what the whole article covers (its topics the
    /// article's), not only its own sentence.
    fn about_article(&self, _event: &Event, _cx: &Context<'_>, _found: &mut Found) -> bool {
        false
    }
}

/// Which of several rows that fire in one sentence a family takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Choice {
    /// The trigger earliest in the sentence (ties: the first row).
    Earliest,
    /// The first row of the table that fires (rows ordered most specific first).
    FirstRow,
}

/// Where an event's date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DatePolicy {
    /// The publication day: the act is reported as it happens.
    Published,
    /// A past date the sentence states (not one announced as ahead: "scheduled
    /// for"), else the publication day.
    Past,
    /// A date on or after the publication day stated in the sentence, else one
    /// stated in the two sentences before; no date otherwise.
    Future,
}

/// A sentence placing an act at the article's encounter ("Following the talks, ...").
static THE_ENCOUNTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:following|after|during|at the end of|in the course of|on the sidelines of) the (?:talks|meeting|visit|negotiations|summit|consultations)\b")
        .expect("encounter")
});

/// A lead announcing a visit ahead ("will visit Singapore from 8 to 10 May",
/// "will pay an official visit to").
static VISIT_AHEAD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\bwill (?:pay (?:an? |a )?(?:\w+ )?visit|visit|travel to|be on (?:an? )?(?:\w+ )?visit)\b")
        .expect("visit ahead")
});

/// "concluded on March 14 a two-day visit": the day stated is the last of
/// the span; the event is dated by its first (ANNOTATION.md section 4).
fn first_day_of_span(sentence: &str, d: dates::FoundDate) -> dates::FoundDate {
    let Some(c) = ENDED_SPAN.captures(sentence) else { return d };
    let days = match c["n"].to_ascii_lowercase().as_str() {
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        n => n.parse::<i64>().unwrap_or(1),
    };
    if d.value.len() != 10 || !(2..=14).contains(&days) {
        return d;
    }
    let day = d.day.saturating_sub(jiff::Span::new().days(days - 1));
    dates::FoundDate { value: day.to_string(), day, ..d }
}

/// A visit or stay told as ended on the day stated, with its length.
static ENDED_SPAN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:wrapped up|wraps up|concluded|concludes|ended|ends|completed|completes|wound up)\b.*?\b(?P<n>two|three|four|five|\d{1,2})[- ]day\b")
        .expect("ended span")
});

/// A date in a "since" clause ("since the two countries established relations
/// in 1972") dates the background, not the event.
fn background(before: &str) -> bool {
    let clause = before.rsplit([',', ';']).next().unwrap_or(before);
    clause.split_whitespace().any(|w| w.eq_ignore_ascii_case("since")) || OWN_MILESTONE.is_match(clause)
}

/// "his first trip after his inauguration as President on March 19": a date
/// in a clause naming someone's own milestone dates the milestone.
static OWN_MILESTONE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:his|her|their|its) (?:\w+ )?(?:inauguration|election|re-election|appointment|birthday|birth|independence|founding|establishment|accession|swearing-in)\b")
        .expect("milestone")
});

impl DatePolicy {
    /// The date of an event of this policy stated in sentence `si`, or the publication day.
    pub(crate) fn pick(self, article: &Article<'_>, si: usize, kind: EventKind) -> Option<dates::FoundDate> {
        let date = self.in_sentence(article.sentences[si].text, article.day(si));
        // "On January 6-7, X had several calls ... X spoke with Y": a sentence
        // with no date of its own continues the lead's, when the lead tells an
        // event of the same kind on a day in the month before publication.
        // Thanks and invitations told in the readout of a dated encounter were
        // said that day.
        if (self == DatePolicy::Past && si > 0 || self == DatePolicy::Published)
            && date.as_ref().is_some_and(|d| d.basis == DateBasis::Published)
            && let Some(lead) = article.lead_date(kind)
        {
            return Some(dates::FoundDate { start: 0, end: 0, ..lead });
        }
        if self == DatePolicy::Future && date.is_none() && si > 0 {
            // "... the referendum, to be held on March 15. ... X confirmed readiness to send observers."
            let stated = |k: usize| {
                self.in_sentence(article.sentences[k].text, article.day(k)).filter(|d| d.basis == DateBasis::Stated)
            };
            // "Following the talks, the parties will sign ...": the day of the talks the lead announces.
            let of_the_encounter = || {
                THE_ENCOUNTER.is_match(article.sentences[si].text).then(|| {
                    article.sentences.iter().position(|s| s.index == Some(0)).filter(|&k| k < si).and_then(stated)
                })?
            };
            // "X will visit Y from 8 to 10 May. ... He will also meet Z": what
            // is planned for an announced visit falls within it (its first day).
            let of_the_visit = || {
                let lead = article.sentences.iter().position(|s| s.index == Some(0)).filter(|&k| k < si)?;
                VISIT_AHEAD.is_match(article.sentences[lead].text).then(|| stated(lead))?
            };
            return (si.saturating_sub(2)..si).rev().find_map(stated).or_else(of_the_encounter).or_else(of_the_visit);
        }
        date
    }

    pub(crate) fn in_sentence(self, sentence: &str, published: Option<Date>) -> Option<dates::FoundDate> {
        let stated = match self {
            DatePolicy::Published => None,
            DatePolicy::Past => dates::find(sentence, published)
                .into_iter()
                .filter(|d| !triggers::future_context(&sentence[..d.start]) && !background(&sentence[..d.start]))
                // A day or two after publication is still a past act told by a
                // site in another time zone, or a release dated the eve.
                .find(|d| published.is_none_or(|p| d.day <= p.saturating_add(jiff::Span::new().days(2))))
                .map(|d| first_day_of_span(sentence, d)),
            DatePolicy::Future => {
                // A year or a month counts while it lasts ("in 2026" said in March 2026).
                let ahead = |d: &dates::FoundDate, p: Date| match d.value.len() {
                    4 => d.day.year() >= p.year(),
                    7 => (d.day.year(), d.day.month()) >= (p.year(), p.month()),
                    _ => d.day >= p,
                };
                // A day stated ahead outranks "today" (the day it was announced).
                let found: Vec<dates::FoundDate> = dates::find(sentence, published)
                    .into_iter()
                    .filter(|d| published.is_none_or(|p| ahead(d, p)))
                    .collect();
                let stated = found.iter().position(|d| d.basis == DateBasis::Stated);
                return stated.or((!found.is_empty()).then_some(0)).map(|i| found[i].clone());
            }
        };
        stated.or_else(|| {
            published.map(|p| dates::FoundDate {
                value: p.to_string(),
                basis: DateBasis::Published,
                start: 0,
                end: 0,
                day: p,
            })
        })
    }
}

/// The article as the families see it.
pub(crate) struct Article<'a> {
    pub sentences: &'a [Sentence<'a>],
    pub cast: &'a Cast,
    pub published: Option<Date>,
    /// The day each sentence was written on where a post embedded in the
    /// page has its own ([`crate::dates::post_days`]).
    pub posted: Vec<Option<Date>>,
    /// The topics of the whole article, found when first asked ([`Article::topics`]).
    pub topics: std::cell::OnceCell<Vec<String>>,
    /// Some sentence presents credentials: that ceremony is the article's encounter.
    pub ceremony: bool,
    pub lead: Lead,
}

impl Article<'_> {
    /// The day relative dates of sentence `si` count from.
    pub(crate) fn day(&self, si: usize) -> Option<Date> {
        self.posted.get(si).copied().flatten().or(self.published)
    }

    /// The topics of the whole article.
    pub(crate) fn topics(&self) -> &[String] {
        self.topics.get_or_init(|| {
            let all_text: String = self.sentences.iter().map(|s| s.text).collect::<Vec<_>>().join(" ");
            crate::topics::find(&all_text)
        })
    }

    /// The day the lead sentence states, if it tells an event of `kind` and
    /// the day is in the month before publication ([`Lead`], found once).
    fn lead_date(&self, kind: EventKind) -> Option<dates::FoundDate> {
        // What is said during the encounter the lead dates happened that day.
        self.lead.date.clone().filter(|_| self.lead.kinds.contains(&kind) || self.lead.kinds.contains(&EventKind::Meet))
    }
}

/// What the lead sentence tells, read once per article: the kinds its
/// trigger rows fire for, and a day it states in the month before publication.
#[derive(Default)]
pub(crate) struct Lead {
    pub kinds: Vec<EventKind>,
    pub date: Option<dates::FoundDate>,
}

impl Lead {
    pub(crate) fn read(sentences: &[Sentence<'_>], published: Option<Date>) -> Lead {
        let (Some(lead), Some(published)) = (sentences.iter().find(|s| s.index == Some(0)), published) else {
            return Lead::default();
        };
        let fired = triggers::candidates(lead.text);
        let mut kinds: Vec<EventKind> = triggers::RULES
            .iter()
            .enumerate()
            .filter(|(i, r)| fired.matched(*i) && r.re.is_match(lead.text))
            .map(|(_, r)| r.kind)
            .collect();
        kinds.dedup();
        let date = dates::find(lead.text, Some(published))
            .into_iter()
            .filter(|d| !triggers::future_context(&lead.text[..d.start]))
            .find(|d| d.day <= published && published.since(d.day).is_ok_and(|span| span.get_days() <= 31));
        Lead { kinds, date }
    }
}

/// One sentence in its article.
pub(crate) struct Context<'a> {
    pub article: &'a Article<'a>,
    pub s: &'a Sentence<'a>,
    /// The sentence's index in `article.sentences` (and in the cast's lists).
    pub si: usize,
    /// References to actors in the sentence, in text order.
    pub refs: &'a [Ref],
    /// Gazetteer hits of the sentence.
    pub places: &'a [Hit],
}

impl Context<'_> {
    pub fn cast(&self) -> &Cast {
        self.article.cast
    }

    /// References that can be a side of an encounter: persons, groups, "the parties".
    pub fn people(&self) -> impl Iterator<Item = &Ref> {
        self.refs.iter().filter(|r| matches!(r.who, Who::Person(_) | Who::Group { .. } | Who::Parties))
    }

    /// References starting at or after byte `at`.
    pub fn after(&self, at: usize) -> impl Iterator<Item = &Ref> {
        self.refs.iter().filter(move |r| r.start >= at)
    }

    /// "A hosted B and C, where the two leaders signed": the two named last
    /// before "the two"/"both" standing before byte `at`, when three or more are named.
    pub fn the_two(&self, at: usize) -> Option<Vec<Who>> {
        let text = self.s.text;
        let pair = self.refs.iter().rfind(|r| {
            r.who == Who::Parties && r.end <= at && {
                let words = text[r.start..r.end].to_lowercase();
                words.contains("two") || words.contains("both")
            }
        })?;
        let persons: Vec<&Ref> =
            self.refs.iter().filter(|r| r.end <= pair.start && matches!(r.who, Who::Person(_))).collect();
        (persons.len() >= 3).then(|| persons[persons.len() - 2..].iter().map(|r| r.who.clone()).collect())
    }

    /// States listed after a plural head before byte `upto` ("the Heads of
    /// State of A, B and C", "representatives of A and of B"): each acts as a
    /// whole, though "of" governs it.
    pub fn collective_states(&self, upto: usize) -> Vec<Who> {
        let text = self.s.text;
        let mut out = Vec::new();
        if !COLLECTIVE_HINT.is_match(text) {
            return out;
        }
        for m in COLLECTIVE.find_iter(&text[..upto]) {
            let mut at = m.end();
            for r in self.refs.iter().filter(|r| r.start >= m.end() && r.end <= upto) {
                let gap = &text[at..r.start];
                let joined = at == m.end() && matches!(gap, "" | "the ")
                    || matches!(
                        gap,
                        ", " | " and " | ", and " | " and of " | ", the " | " and the " | " and of the " | ", and the "
                    );
                match r.who {
                    Who::State(_) if joined => {
                        out.push(r.who.clone());
                        at = r.end;
                    }
                    _ => break,
                }
            }
        }
        out
    }
}

static COLLECTIVE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:heads|leaders|presidents|ministers|representatives|delegations|governments|officials|envoys|negotiators|teams|parliaments|peoples)\b").unwrap()
});

/// A plural head whose "of" lists states acting together.
static COLLECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:heads of (?:state|government)s?(?:(?:/| and | or )(?:heads of )?governments?)?|leaders|presidents|prime ministers|foreign ministers|ministers|representatives|delegations|governments|officials|envoys|negotiators|negotiating teams|parliaments|peoples) of ").unwrap()
});

/// A trigger that fired: its row, where it matched, the date the family gives it.
pub(crate) struct Trigger<'a> {
    pub rule: &'static Rule,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub date: Option<dates::FoundDate>,
}

/// An event's sides: actors as references of the cast.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Sides {
    pub source: Vec<Who>,
    pub target: Vec<Who>,
}

impl Sides {
    /// "X met with A, B and C of one state": one encounter per person met
    /// (each a call of its own), when one side meets several persons of
    /// one other state named after the trigger at `after`; `None` otherwise
    /// (a joint call with leaders of several states stays one event, and so
    /// does "A and B of one state met X").
    pub(crate) fn per_person(&self, cx: &Context<'_>, after: usize) -> Option<Vec<Sides>> {
        let cast = cx.cast();
        let object =
            |w: &Who| cx.after(after).any(|r| r.who == *w) && !cx.people().any(|r| r.end <= after && r.who == *w);
        let each = |one: &[Who], many: &[Who]| -> Option<Vec<Who>> {
            let [single] = one else { return None };
            if many.len() < 2 || !many.iter().all(|w| matches!(w, Who::Person(_)) && object(w)) {
                return None;
            }
            let state = cast.country(&many[0])?;
            let one_state = many.iter().all(|w| cast.country(w) == Some(state));
            (one_state && cast.country(single) != Some(state)).then(|| many.to_vec())
        };
        if let Some(targets) = each(&self.source, &self.target) {
            return Some(targets.into_iter().map(|w| Sides { source: self.source.clone(), target: vec![w] }).collect());
        }
        let sources = each(&self.target, &self.source)?;
        Some(sources.into_iter().map(|w| Sides { source: vec![w], target: self.target.clone() }).collect())
    }
}

/// An event and its sides.
pub(crate) type FoundEvent = (Event, Vec<Who>, Vec<Who>);

/// What the families have found so far in an article.
#[derive(Default)]
pub(crate) struct Found {
    pub events: Vec<FoundEvent>,
    /// Provenance of `events`, one each.
    pub traces: Vec<Trace>,
    /// The article's main encounter (a MEET in `events`), which later mentions join.
    pub encounter: Option<usize>,
    /// Ends of triggers in the current sentence that propose an encounter.
    pub proposed: Vec<usize>,
}

#[cfg(test)]
mod tests;
