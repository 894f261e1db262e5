//! Identities: actor mentions from many articles in, one identity per actor
//! out, with its aliases and role timeline.
//!
//! Input: [`Mention`]s (and identities known before). Output: [`Identity`]s.
//! `keys` makes the blocking and lookup keys, `resolver` joins mentions to
//! identities, this file holds the types and the role timeline.

mod keys;
mod resolver;

use serde::{Deserialize, Serialize};

use attache_model::kinds::{ActorKind, Sector};
use attache_model::names::fold;

pub(crate) use keys::names_one_edit;
pub use keys::{Block, Initial, LookupKey, PersonKey, lookup_keys, mention_key_tiers};
pub use resolver::{Resolver, Touched, resolve_with, resolve_with_rest};

/// One actor as one article names it (ordered by its fields, so
/// resolution can take mentions in an order of their own).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    pub name: String,
    pub kind: ActorKind,
    pub title: Option<String>,
    pub country: Option<String>,
    pub sector: Option<Sector>,
    pub org: Option<String>,
    /// Publication day of the article, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// A title held, with the first and last day it is attested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub title: String,
    pub country: Option<String>,
    pub sector: Option<Sector>,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// One actor across articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// Stable for the same input: kind, country and the folded fullest name.
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    pub country: Option<String>,
    /// Other forms of the name seen, sorted.
    pub aliases: Vec<String>,
    pub roles: Vec<Role>,
    /// Indices of the input mentions.
    pub mentions: Vec<usize>,
}

/// Whether a written name has a given name spelled out ("Arman Issetov"), not
/// just a surname or initials ("Isetov", "A. Isetov").
fn is_full(name: &str) -> bool {
    // Some part before the last is longer than one letter.
    let mut parts = name.split([' ', '.']).filter(|p| !p.is_empty()).peekable();
    let mut long_before_last = false;
    while let Some(p) = parts.next() {
        if parts.peek().is_none() {
            return long_before_last;
        }
        long_before_last |= p.chars().nth(1).is_some();
    }
    false
}

fn countries_agree(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// A title in a normal form for the timeline ("the Ambassador of the Republic of X" ~ "Ambassador of X").
fn normal_title(t: &str) -> String {
    let t = t.trim().trim_start_matches("the ").trim_start_matches("The ");
    t.replace(" of the Republic of ", " of ").trim().to_string()
}

pub(crate) struct Building {
    /// The id of an identity known before this run, or none for a new one.
    id: Option<String>,
    /// Roles attested before this run.
    roles: Vec<Role>,
    name: String,
    /// `fold(name)`, kept for matching.
    folded: String,
    kind: ActorKind,
    country: Option<String>,
    forms: Vec<String>,
    /// `fold` of every form, name first (kept for matching).
    folded_forms: Vec<String>,
    /// Whether each of `folded_forms` is a full name.
    full: Vec<bool>,
    /// This run's mentions.
    mentions: Vec<usize>,
    /// Whether this run gave it a new name or form.
    renamed: bool,
}

impl Building {
    fn add_form(&mut self, name: &str) {
        let f = fold(name);
        if !self.folded_forms.contains(&f) {
            self.folded_forms.push(f);
            self.full.push(is_full(name));
        }
    }

    fn new(m: &Mention, folded: String) -> Building {
        Building {
            id: None,
            roles: Vec::new(),
            name: m.name.clone(),
            folded: folded.clone(),
            kind: m.kind,
            country: m.country.clone(),
            forms: Vec::new(),
            folded_forms: vec![folded],
            full: vec![is_full(&m.name)],
            mentions: Vec::new(),
            renamed: false,
        }
    }

    /// As an [`Identity`] (aliases sorted), without mentions.
    fn identity(&self) -> Identity {
        let mut aliases = self.forms.clone();
        aliases.sort();
        Identity {
            id: self.id.clone().unwrap_or_default(),
            name: self.name.clone(),
            kind: self.kind,
            country: self.country.clone(),
            aliases,
            roles: self.roles.clone(),
            mentions: Vec::new(),
        }
    }
}

/// Groups mentions into identities.
pub fn resolve(mentions: &[Mention]) -> Vec<Identity> {
    resolve_with(Vec::new(), mentions)
}

/// Adds the titles of `mentions` to a role timeline (each title with the
/// first and last day it is attested), in order of first day.
pub(crate) fn merge_roles<'a>(roles: &mut Vec<Role>, mentions: impl Iterator<Item = &'a Mention>) {
    let mut changed = false;
    for m in mentions {
        let Some(title) = m.title.as_deref().filter(|t| !t.is_empty()) else { continue };
        let title = normal_title(title);
        // Titles are unique in a timeline; it holds a few.
        let r = match roles.iter().position(|r| r.title == title) {
            Some(at) => &mut roles[at],
            None => {
                roles.push(Role { title, country: m.country.clone(), sector: m.sector, first: None, last: None });
                roles.last_mut().expect("just pushed")
            }
        };
        changed = true;
        if let Some(d) = &m.date {
            if r.first.as_ref().is_none_or(|f| d < f) {
                r.first = Some(d.clone());
            }
            if r.last.as_ref().is_none_or(|l| d > l) {
                r.last = Some(d.clone());
            }
        }
    }
    if changed {
        roles.sort_by(|a, b| a.first.cmp(&b.first).then(a.title.cmp(&b.title)));
    }
}
