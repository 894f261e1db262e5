//! How role phrases find their person: one named before with that office
//! ("the Governor of Idaho"), or one named before without a title, whom the
//! description then titles.

use attache_gazetteer::gazetteer;
use attache_model::kinds::Sector;

use std::collections::HashSet;

use super::{Cast, Means, Person, Pronoun, Ref, Who};

impl Cast {
    /// A definite description of someone named before without a title
    /// ("Kassym-Jomart Tokayev noted ... The President of Kazakhstan wished"):
    /// the description becomes their title.
    pub(super) fn untitled_subject(
        &mut self,
        description: &str,
        country: Option<&'static str>,
        last_subject: Option<usize>,
    ) -> Option<usize> {
        let id = last_subject.filter(|&i| self.persons[i].title.is_none())?;
        // On an official site a bare name is the home side's: "the President
        // of Syria" after it is someone else.
        if self.home_known && country.is_some_and(|c| Some(c) != self.home) {
            return None;
        }
        let p = &mut self.persons[id];
        let title = description.trim_start_matches(['T', 't']).trim_start_matches("he ").to_string();
        let t = gazetteer().title_head(&title);
        p.head = t.map(|t| t.head);
        p.sector = t.map(|t| t.sector);
        p.title = Some(title);
        p.country = p.country.or(country);
        Some(id)
    }

    /// The persons a role phrase at `start..end` of sentence `si` cannot
    /// point back at: one first named later in its sentence, nor, as its
    /// subject, one named right after it ("The Prime Minister praised Mr X's
    /// ...") unless the title goes on to the name ("The President, X, said")
    /// or joins another ("and").
    pub(super) fn named_later(&self, text: &str, refs: &[Ref], (start, end): (usize, usize), si: usize) -> Vec<usize> {
        refs.iter()
            .filter_map(|r| match r.who {
                Who::Person(id) if r.start > start && self.persons[id].first == si => Some(id),
                Who::Person(id)
                    if r.start > end
                        && !(start > 4
                            || r.start > end + 50
                            || text[end..r.start].contains(" and ")
                            || crate::titles::title_goes_on(text, end, r.start)) =>
                {
                    Some(id)
                }
                _ => None,
            })
            .filter(|&id| !refs.iter().any(|r| r.start < start && r.who == Who::Person(id)))
            .collect()
    }

    /// The person a role phrase (`head`, lower case, of the place `of`,
    /// pointing at `means`) names.
    pub(super) fn resolve_role(
        &self,
        (head, of): (&str, Option<&str>),
        means: Means,
        country: Option<&'static str>,
        (sentence, later): (usize, &[usize]),
        last: Option<usize>,
    ) -> Option<usize> {
        let fits = |p: &Person| -> bool {
            let head_ok = match means {
                Means::Diplomat => p.sector == Some(Sector::Dip),
                // "the President" is no king or amir.
                Means::HeadOfState => match p.head {
                    Some("president" | "head of state") => true,
                    h => p.sector == Some(Sector::Hos) && (h.is_none() || !head.eq_ignore_ascii_case("president")),
                },
                Means::Legislator => p.sector == Some(Sector::Leg) || p.head == Some("deputy"),
                Means::OtherSide => true,
                Means::HeadOfInstitution => p.sector == Some(Sector::Hos),
                Means::Title => p.head.is_some_and(|ph| ph == head || ph.ends_with(head)),
            };
            // A person whose state is still open may be of the phrase's state,
            // unless the leaders' list knows them as another's.
            let state = p.country.or_else(|| crate::leaders::lookup(&p.name).map(|l| l.country));
            // "the Governor of Idaho" is not the Governor of Nevada named before.
            let place_ok = match (of, p.title.as_deref().and_then(|t| t.split_once(" of "))) {
                (Some(of), Some((_, theirs))) => theirs.contains(of) || of.contains(theirs),
                _ => true,
            };
            head_ok && place_ok && (country.is_none() || state == country || state.is_none())
        };
        if means == Means::OtherSide {
            return last.and_then(|l| self.other_side(l));
        }
        let candidates: Vec<usize> = (0..self.persons.len())
            .filter(|&i| fits(&self.persons[i]) && self.persons[i].first <= sentence && !later.contains(&i))
            .collect();
        // One whose state the phrase names outranks one whose state is still open.
        let named = |i: &usize| country.is_some() && self.persons[*i].country == country;
        candidates
            .iter()
            .copied()
            .find(|i| Some(*i) == last && named(i))
            .or_else(|| candidates.iter().copied().find(named))
            // A bare title on an official site is the site's own office holder.
            .or_else(|| candidates.iter().copied().find(|&i| self.home_known && self.persons[i].country == self.home))
            .or_else(|| candidates.iter().copied().find(|&i| Some(i) == last))
            .or_else(|| candidates.first().copied())
    }

    /// "I", "we", "you" of a sentence with a speaker: the speaker and the one
    /// spoken to (in a credentials ceremony, the envoy of the state named last).
    pub(super) fn speaker_refs(&self, sp: &Who, pronouns: &[Pronoun], refs: &mut Vec<Ref>, ceremony: bool) {
        let spoken_to = ceremony.then(|| self.recent_counterpart(sp, refs)).flatten().or_else(|| self.addressee(sp));
        for p in pronouns {
            let who = match p.refers {
                "speaker" => Some(sp.clone()),
                "addressee" => spoken_to.clone(),
                _ => None,
            };
            if let Some(who) = who
                && !refs.iter().any(|r| r.start < p.end && p.start < r.end)
            {
                refs.push(Ref { start: p.start, end: p.end, who });
            }
        }
        refs.sort_by_key(|r| r.start);
    }

    /// Among many counterparts (envoys presenting credentials), the one a speaker addresses is of the state last named in
    /// this sentence or the two before it ("Mauritania ... We appreciate your
    /// country's contribution").
    fn recent_counterpart(&self, speaker: &Who, refs: &[Ref]) -> Option<Who> {
        let own = self.country(speaker);
        let states: HashSet<&str> =
            self.persons.iter().filter_map(|p| p.country).filter(|c| Some(*c) != own && *c != "IGO").collect();
        if states.len() < 3 {
            return None;
        }
        let earlier = self.refs.iter().rev().take(2).flat_map(|r| r.iter().rev());
        refs.iter().rev().chain(earlier).find_map(|r| match r.who {
            Who::Person(i) if self.persons[i].country.is_some_and(|c| Some(c) != own && c != "IGO") => {
                Some(r.who.clone())
            }
            Who::State(c) if Some(c) != own => {
                (0..self.persons.len()).find(|&i| self.persons[i].country == Some(c)).map(Who::Person)
            }
            _ => None,
        })
    }
}

/// Whether `before` (the text before a name, its last few hundred bytes)
/// ends in the object of a meeting: "met (today) with (the) ...", "talks
/// with ...", "hosted ...", with no `.;:` between the verb and the name, and
/// at most 180 characters after the verb (380 after "met with", "called on",
/// "received" or "hosted"). A scan of the last clause, not a regex: a
/// bounded repetition of hundreds of characters makes a lazy DFA rebuild
/// its states on every input.
pub(super) fn met_with_before(before: &str) -> bool {
    let clause = before.rfind(['.', ';', ':']).map_or(before, |i| &before[i + 1..]);
    let chars_after = |at: usize| clause[at..].chars().count();
    let word_start = |at: usize| clause[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '_');
    const VERBS: [&str; 8] = ["met", "meets", "meeting", "talks", "spoke", "called on", "received", "hosted"];
    VERBS.iter().any(|verb| {
        clause.match_indices(verb).any(|(at, _)| {
            let Some(rest) = clause[at + verb.len()..].strip_prefix(' ') else { return false };
            if !word_start(at) {
                return false;
            }
            let after = clause.len() - rest.len();
            if matches!(*verb, "called on" | "received" | "hosted") && chars_after(after) <= 380 {
                return true;
            }
            // "(\w+ )?(with )?": one word, then "with", may stand between.
            let mut object = rest;
            if let Some((w, tail)) = object.split_once(' ')
                && !w.is_empty()
                && w.chars().all(|c| c.is_alphanumeric() || c == '_')
                && w != "with"
                && tail.starts_with("with ")
            {
                object = tail;
            }
            if let Some(tail) = object.strip_prefix("with ")
                && !matches!(*verb, "called on" | "received" | "hosted")
                && chars_after(clause.len() - tail.len()) <= 380
            {
                return true;
            }
            // The short form: "met X", "met the X", "met today X" within 180 characters.
            let short = [rest, rest.split_once(' ').map_or("", |(_, t)| t)];
            short.iter().any(|r| {
                let r = r.strip_prefix("with ").unwrap_or(r);
                let r = r.strip_prefix("the ").unwrap_or(r);
                chars_after(clause.len() - r.len()) <= 180
            })
        })
    })
}
