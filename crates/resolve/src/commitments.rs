//! Commitments: every INTEND and INVITE, and what became of it.
//!
//! Input: event [`Report`]s with their actors resolved (and "today", the
//! newest publication day). Output: [`Commitment`]s, each open, fulfilled
//! by a later meeting, or lapsed. The rules live here and only here: when a
//! meeting fulfils a commitment ([`Terms::met_by`]), its last day
//! ([`deadline`]) and when an open one has lapsed ([`Status::as_of`]). The
//! store and the pipeline find candidates by [`ReportKey`] and ask these.

use std::fmt;
use std::str::FromStr;

use attache_model::kinds::{EventKind, MeetMode};
use serde::{Deserialize, Serialize};

use crate::dates::{self, Stated};
use crate::ids::report_id;

/// An event report as the commitment tracker reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub article: i64,
    pub index: usize,
    pub kind: EventKind,
    pub mode: Option<MeetMode>,
    pub date: Option<String>,
    pub published: Option<String>,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub source_countries: Vec<String>,
    pub target_countries: Vec<String>,
    pub location_country: Option<String>,
}

/// What a report is found by: an actor taking part (`a|<actor id>`), or a
/// participant's country or the place's (`c|<ISO3>`). The text is what the
/// store keeps.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportKey {
    Actor(String),
    Country(String),
}

impl fmt::Display for ReportKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportKey::Actor(id) => write!(f, "a|{id}"),
            ReportKey::Country(c) => write!(f, "c|{c}"),
        }
    }
}

impl FromStr for ReportKey {
    type Err = String;
    fn from_str(s: &str) -> Result<ReportKey, String> {
        match s.split_once('|') {
            Some(("a", id)) => Ok(ReportKey::Actor(id.to_string())),
            Some(("c", c)) => Ok(ReportKey::Country(c.to_string())),
            _ => Err(format!("{s:?} is not a report key (a|<actor id> or c|<ISO3>)")),
        }
    }
}

impl ReportKey {
    pub fn is_actor(&self) -> bool {
        matches!(self, ReportKey::Actor(_))
    }
}

/// The country code of international organisations: never a place a
/// commitment is kept in.
const IGO: &str = "IGO";

impl Report {
    /// The day it happened, when stated to the day; else its publication day.
    pub fn at(&self) -> Option<&str> {
        self.date.as_deref().and_then(dates::whole_day).or(self.published.as_deref())
    }

    /// The keys it is found by, in order, without repeats.
    pub fn keys(&self) -> Vec<ReportKey> {
        let actors = self.source.iter().chain(&self.target).map(|a| ReportKey::Actor(a.clone()));
        let countries = self.source_countries.iter().chain(&self.target_countries).chain(&self.location_country);
        let mut keys: Vec<ReportKey> = actors.chain(countries.map(|c| ReportKey::Country(c.clone()))).collect();
        keys.sort();
        keys.dedup();
        keys
    }

    fn is_commitment(&self) -> bool {
        matches!(self.kind, EventKind::Intend | EventKind::Invite)
    }
}

/// Where a commitment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Fulfilled,
    Lapsed,
}

impl Status {
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Fulfilled => "fulfilled",
            Status::Lapsed => "lapsed",
        }
    }

    /// Reads a stored status; anything else is open.
    pub fn parse(s: &str) -> Status {
        match s {
            "fulfilled" => Status::Fulfilled,
            "lapsed" => Status::Lapsed,
            _ => Status::Open,
        }
    }

    /// The status on day `today`: an open commitment lapses once its last
    /// day has passed: its stated date, all of it ("2026-04" lapses after 30
    /// April), or, when none is stated, a year after it was made (the
    /// [`deadline`] of its fulfilment: no meeting after it keeps the promise,
    /// so it is no longer open).
    pub fn as_of(self, made: Option<&str>, due: Option<&str>, today: Option<&str>) -> Status {
        let last = match due.and_then(Stated::parse) {
            Some(due) => Some(due.last_day()),
            None => made.and_then(dates::day).and_then(|d| dates::months_after(d, 12)),
        };
        match (self, last, today.and_then(dates::day)) {
            (Status::Open, Some(last), Some(today)) if today > last => Status::Lapsed,
            _ => self,
        }
    }
}

/// A promise or an invitation and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Commitment {
    /// `article:index` of the report that states it.
    pub id: String,
    /// `INTEND` or `INVITE`.
    pub kind: EventKind,
    /// Who is to act: the one who intends, or the one invited.
    pub actors: Vec<String>,
    /// Where or with whom: the intended target, or the inviting side.
    pub counterparts: Vec<String>,
    pub countries: Vec<String>,
    /// When it was stated (publication day).
    pub made: Option<String>,
    /// The stated date of the act, if any.
    pub due: Option<String>,
    pub status: Status,
    /// `article:index` of the meeting that fulfilled it.
    pub fulfilled_by: Option<String>,
}

/// The last day a commitment can be fulfilled, `YYYY-MM-DD`: its stated date
/// (to the end of a stated month or year), or a year after it was made when
/// none is stated. A visit after that is a new event, not the promise kept.
/// Empty when `made` is not a day (then nothing fulfils it).
pub fn deadline(made: &str, due: Option<&str>) -> String {
    let last = match due.and_then(Stated::parse) {
        Some(due) => Some(due.last_day()),
        None => dates::day(made).and_then(|d| dates::months_after(d, 12)),
    };
    last.map(|d| d.to_string()).unwrap_or_default()
}

/// What a meeting must have to fulfil a commitment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terms {
    /// The day it was made: a meeting must come after it.
    pub made: Option<String>,
    /// Its last day ([`deadline`]).
    pub until: String,
    /// Who is to act (actor keys).
    pub actors: Vec<ReportKey>,
    /// The counterparts and their countries (but `IGO`): a meeting with one
    /// of them fulfils it.
    pub partners: Vec<ReportKey>,
}

impl Terms {
    pub fn of(c: &Commitment) -> Terms {
        Terms {
            made: c.made.clone(),
            until: c.made.as_deref().map(|m| deadline(m, c.due.as_deref())).unwrap_or_default(),
            actors: c.actors.iter().map(|a| ReportKey::Actor(a.clone())).collect(),
            partners: c
                .counterparts
                .iter()
                .map(|a| ReportKey::Actor(a.clone()))
                .chain(c.countries.iter().filter(|c| *c != IGO).map(|c| ReportKey::Country(c.clone())))
                .collect(),
        }
    }

    /// Whether a meeting on day `at` found by `keys` fulfils it: after it was
    /// made and not past its last day, with someone who was to act and a
    /// counterpart (another actor named, or a state: a participant's
    /// country or the meeting's place).
    pub fn met_by(&self, at: &str, keys: &[ReportKey]) -> bool {
        let Some(made) = self.made.as_deref() else { return false };
        let in_time = at > made && at <= self.until.as_str();
        in_time
            && self.actors.iter().any(|a| keys.contains(a) && self.partners.iter().any(|p| p != a && keys.contains(p)))
    }
}

/// The commitment a report states (open: nothing fulfils it yet).
fn stated(c: &Report) -> Commitment {
    let (actors, counterparts, countries) = if c.kind == EventKind::Invite {
        (c.target.clone(), c.source.clone(), c.source_countries.clone())
    } else {
        (c.source.clone(), c.target.clone(), c.target_countries.clone())
    };
    Commitment {
        id: report_id(c.article, c.index),
        kind: c.kind,
        actors,
        counterparts,
        countries,
        made: c.published.clone(),
        due: if c.kind == EventKind::Intend { c.date.clone() } else { None },
        status: Status::Open,
        fulfilled_by: None,
    }
}

/// Tracks every INTEND and INVITE: fulfilled by the first later MEET (in
/// the order given) that meets its [`Terms`]; lapsed when the stated date
/// has passed by `today` with no such meeting; open otherwise.
pub fn track_commitments(reports: &[Report], today: Option<&str>) -> Vec<Commitment> {
    let meetings: Vec<(&Report, &str, Vec<ReportKey>)> = reports
        .iter()
        .filter(|m| m.kind == EventKind::Meet)
        .filter_map(|m| m.at().map(|at| (m, at, m.keys())))
        .collect();
    reports
        .iter()
        .filter(|r| r.is_commitment())
        .map(|r| {
            let mut c = stated(r);
            let terms = Terms::of(&c);
            match meetings.iter().find(|(_, at, keys)| terms.met_by(at, keys)) {
                Some((m, _, _)) => c.fulfil(m.article, m.index),
                None => c.status = c.status.as_of(c.made.as_deref(), c.due.as_deref(), today),
            }
            c
        })
        .collect()
}

impl Commitment {
    /// Fulfilled by the meeting `article:index`.
    pub fn fulfil(&mut self, article: i64, index: usize) {
        self.status = Status::Fulfilled;
        self.fulfilled_by = Some(report_id(article, index));
    }
}

/// The commitment one report states, open (see [`track_commitments`]).
pub fn commitment_of(r: &Report) -> Option<Commitment> {
    r.is_commitment().then(|| stated(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_keys_are_written_and_read_as_the_store_keeps_them() {
        let a = ReportKey::Actor("p:kaz:arman-issetov".into());
        assert_eq!(a.to_string(), "a|p:kaz:arman-issetov");
        assert_eq!("a|p:kaz:arman-issetov".parse::<ReportKey>(), Ok(a.clone()));
        assert_eq!("c|KAZ".parse::<ReportKey>(), Ok(ReportKey::Country("KAZ".into())));
        assert!("x|KAZ".parse::<ReportKey>().is_err() && "KAZ".parse::<ReportKey>().is_err());
        // Keys sort as their text does.
        let mut keys = [ReportKey::Country("AUT".into()), a.clone(), ReportKey::Actor("s:aut:austria".into())];
        keys.sort();
        let text: Vec<String> = keys.iter().map(ToString::to_string).collect();
        let mut sorted = text.clone();
        sorted.sort();
        assert_eq!(text, sorted);
    }

    #[test]
    fn deadlines_are_days_that_exist() {
        // Made on 31 January, due "in a month" (February): the end of February.
        assert_eq!(deadline("2026-01-31", Some("2026-02")), "2026-02-28");
        assert_eq!(deadline("2024-01-31", Some("2024-02")), "2024-02-29");
        assert_eq!(deadline("2026-01-31", Some("2026-04")), "2026-04-30");
        assert_eq!(deadline("2026-01-31", Some("2026")), "2026-12-31");
        assert_eq!(deadline("2026-01-31", Some("2026-03-15")), "2026-03-15");
        // No stated date: a year on, 29 February to 28 February.
        assert_eq!(deadline("2024-02-29", None), "2025-02-28");
        assert_eq!(deadline("2026-01-31", None), "2027-01-31");
        assert_eq!(deadline("sometime", None), "");
    }

    #[test]
    fn lapsed_compares_whole_periods() {
        let open = Status::Open;
        let made = Some("2026-01-10");
        assert_eq!(open.as_of(made, Some("2026-04"), Some("2026-04-30")), Status::Open);
        assert_eq!(open.as_of(made, Some("2026-04"), Some("2026-05-01")), Status::Lapsed);
        assert_eq!(open.as_of(made, Some("2026"), Some("2026-12-31")), Status::Open);
        assert_eq!(open.as_of(made, Some("2026-03-20"), Some("2026-03-21")), Status::Lapsed);
        // No stated date: open for a year after it was made (while a meeting can still fulfil it), then lapsed.
        assert_eq!(open.as_of(made, None, Some("2027-01-10")), Status::Open);
        assert_eq!(open.as_of(made, None, Some("2027-01-11")), Status::Lapsed);
        assert_eq!(open.as_of(Some("2021-12-20"), None, Some("2026-03-10")), Status::Lapsed);
        assert_eq!(open.as_of(None, None, Some("2030-01-01")), Status::Open);
        assert_eq!(Status::Fulfilled.as_of(made, Some("2026-04"), Some("2027-01-01")), Status::Fulfilled);
    }

    #[test]
    fn a_meeting_fulfils_when_in_time_with_the_actor_and_a_counterpart() {
        let terms = Terms {
            made: Some("2026-03-02".into()),
            until: "2026-05-31".into(),
            actors: vec![ReportKey::Actor("p:chl:ortega".into())],
            partners: vec![ReportKey::Actor("s:nor:norway".into()), ReportKey::Country("NOR".into())],
        };
        let keys = |k: &[&str]| k.iter().map(|k| k.parse().unwrap()).collect::<Vec<ReportKey>>();
        let met = keys(&["a|p:chl:ortega", "a|p:nor:vik", "c|NOR"]);
        assert!(terms.met_by("2026-05-04", &met));
        assert!(!terms.met_by("2026-03-02", &met), "not after it was made");
        assert!(!terms.met_by("2026-06-01", &met), "past its last day");
        assert!(!terms.met_by("2026-05-04", &keys(&["a|p:nor:vik", "c|NOR"])), "without the actor");
        assert!(!terms.met_by("2026-05-04", &keys(&["a|p:chl:ortega", "c|CHL"])), "without a counterpart");
    }
}
