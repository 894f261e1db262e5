//! CONDEMN: condemnation and criticism. The date is the publication day; the
//! target is the perpetrator state when the sentence names one ("an attack
//! from X").

use attache_gazetteer::{Entry, Hit};
use attache_model::kinds::EventKind;

use super::directed::{self, Directed};
use super::{Context, DatePolicy, Family, Found, Sides, Trigger, senses};
use crate::actors::Who;

pub(crate) struct Condemn;

impl Family for Condemn {
    fn kind(&self) -> EventKind {
        EventKind::Condemn
    }

    fn triggers(&self) -> (&'static str, &'static str) {
        ("data/extract/triggers/condemn.tsv", include_str!("../../../../data/extract/triggers/condemn.tsv"))
    }

    fn dates(&self, _rule: &super::Rule) -> DatePolicy {
        DatePolicy::Published
    }

    /// "X was presented by Y" condemns only as "evidence against X" or the like.
    fn voided(&self, rule: &super::Rule, start: usize, cx: &Context<'_>, _found: &super::Found) -> bool {
        let clause = cx.s.text[..start].rsplit([',', ';']).next().unwrap_or("").to_lowercase();
        rule.id == "condemn/evidence-presented-by"
            && !["evidence against", "charges against", "accusations against", "complaint against", "case against"]
                .iter()
                .any(|w| clause.contains(w))
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, found: &mut Found) -> Option<Sides> {
        let mut sides = directed::sides(self, t, cx, found)?;
        // "The parties strongly condemn X": both sides of the encounter condemn.
        let by_parties = cx.people().filter(|r| r.end <= t.start).last().is_some_and(|r| r.who == Who::Parties);
        if by_parties && let Some(main) = found.encounter {
            let (home, other) = (&found.events[main].1, &found.events[main].2);
            let both: Vec<Who> = home.iter().chain(other).filter(|w| !sides.target.contains(w)).cloned().collect();
            if !both.is_empty() {
                sides.source = both;
            }
        }
        Some(sides)
    }
}

impl Directed for Condemn {
    /// The perpetrator state the sentence names, else the one condemned,
    /// unless it is only the place or the victim of the act ("the attack on
    /// the UN compound in Herat, Afghanistan": no one named to condemn).
    fn refine_target(&self, t: &Trigger<'_>, cx: &Context<'_>, _source: &Who, target: Option<Who>) -> Option<Who> {
        // "presented evidence against X": X is the one accused; "X was
        // condemned by Y": X, named before the trigger.
        if t.text.ends_with("against") || t.rule.role == super::Role::Passive {
            return target;
        }
        // Only the trigger's clause names the condemned, not one coordinated
        // after it ("condemned their detention and reiterated his commitment
        // to stand with X").
        let end = clause_end(cx.s.text, t.end);
        // "condemned President X's decision to recognise ... regions of Y":
        // the one whose act is condemned, named first and as its possessor.
        if let Some(first) = cx.refs.iter().filter(|r| r.start >= t.end && r.start < end).min_by_key(|r| r.start)
            && cx.s.text[first.end..].starts_with(['’', '\''])
            && !suffers(cx.s.text, first.start)
            && !victim_possessor(&cx.s.text[first.end..])
        {
            return Some(first.who.clone());
        }
        // "condemned Hamas' attack on X", "attacks by the Houthis": the
        // perpetrator is named and is no actor we know; no state stands in.
        if super::senses::outsider_named_after(cx, t.end, false) {
            return None;
        }
        let hits: Vec<Hit> = cx.places.iter().filter(|h| h.start < end).cloned().collect();
        if let Some(state) = perpetrator(cx.s.text, &hits, t.end) {
            return Some(Who::State(state));
        }
        let target = target?;
        let at = cx.refs.iter().find(|r| r.start >= t.end && r.who == target).map(|r| r.start);
        // "condemned their arbitrary detention": the possessor of the act suffered it.
        let victim =
            cx.refs.iter().find(|r| Some(r.start) == at).is_some_and(|r| victim_possessor(&cx.s.text[r.end..]));
        if at.is_some_and(|at| at >= end) || victim {
            return None;
        }
        // An international body is condemned as the trigger's object
        // ("condemned NATO's expansion"); named deeper in the sentence it is
        // the author of the norms broken ("in violation of UN Security
        // Council resolutions"), a place ("between two EU member states") or
        // an ally ("welcome the OHCHR investigations").
        if matches!(target, Who::Org(_) | Who::Group { country: None, .. })
            && !at.is_some_and(|at| object_of(cx.s.text, t.end, at))
        {
            return None;
        }
        (!at.is_some_and(|at| suffers(cx.s.text, at))).then_some(target)
    }

    /// The condemned is someone the sentence names: the one spoken to is no
    /// perpetrator ("She condemned the attacks" in a call with the victim's
    /// president; "condemned terrorism in all its forms").
    fn default_target(&self, _cx: &Context<'_>, _source: &Who, _other_side: Option<Who>) -> Option<Who> {
        None
    }
}

/// Whether the actor named at `at` stands as the place or the victim of an
/// act ("in X", "on X", "against X", "in Herat, X").
fn suffers(sentence: &str, at: usize) -> bool {
    let before = sentence[..at].trim_end();
    let before = before.strip_suffix(" the").unwrap_or(before);
    let word = before.rsplit(' ').next().unwrap_or("");
    // "the arrest of Mr. X", "the detention of journalist X": the one the act
    // befell (a title or a description may stand between).
    let last: Vec<&str> = before.rsplit(' ').take(6).collect();
    let befell = last.windows(2).any(|w| w[0] == "of" && senses::is("victim_act", &w[1].to_lowercase()));
    senses::is("place_word", word) || befell || TOWN_OF.is_match(&sentence[..at])
}

/// Whether the text after a possessor (its "'s", or a pronoun's end) names
/// an act it suffered ("their arbitrary detention", "X's imprisonment"), not
/// one it did to others ("X's detention of journalists").
fn victim_possessor(after: &str) -> bool {
    let after = ["’s", "'s", "’", "'"].iter().find_map(|p| after.strip_prefix(p)).unwrap_or(after);
    let words: Vec<String> = after
        .split_whitespace()
        .take(4)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .collect();
    words
        .iter()
        .take(3)
        .position(|w| senses::is("victim_act", w))
        .is_some_and(|i| words.get(i + 1).is_none_or(|w| w != "of"))
}

/// Where the clause of a trigger ending at `from` ends: at a semicolon, or
/// at "and" before another verb with its object ("... and reiterated his",
/// "... and emphasized that"; not "unprovoked and unjustified attack", "and
/// abuses of") or before a subject pronoun ("..., and she underscored").
fn clause_end(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let semicolon = rest.find(';').unwrap_or(rest.len());
    let verb_and_object = |after: &str| {
        let mut words = after.split_whitespace();
        let (first, next) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        // "..., and she underscored ...": a clause with its own subject.
        matches!(first, "he" | "she" | "they" | "we" | "I")
            || crate::lexicon::verb_follows(after)
                && matches!(
                    next,
                    "his" | "her" | "their" | "its" | "our" | "that" | "the" | "a" | "an" | "to" | "for" | "with"
                )
    };
    let and = rest.match_indices(" and ").map(|(i, _)| i).find(|&i| verb_and_object(&rest[i + 4..]));
    from + and.unwrap_or(rest.len()).min(semicolon)
}

/// Whether a name at `at` is the object of a trigger ending at `end`: at
/// most two words between them ("condemned the", "criticised the new"), no
/// clause break and no preposition.
fn object_of(sentence: &str, end: usize, at: usize) -> bool {
    let gap = sentence.get(end..at).unwrap_or("");
    let words: Vec<&str> = gap.split_whitespace().collect();
    words.len() <= 2
        && !gap.contains([',', ';', ':'])
        && !words.iter().any(|w| senses::is("place_word", w) || *w == "of")
}

/// "in Herat, " before a state: a town the gazetteer does not know, of that state.
static TOWN_OF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\b(?:in|at|near|on)(?: the)? (?:\p{Lu}[\p{L}-]+ ){0,2}\p{Lu}[\p{L}-]+, $").expect("town of")
});

/// The perpetrator state of a condemned act: a state (or its adjective) after
/// "from" or "by", else the first one after the trigger that is no place or
/// victim of the act ("the attack in Ankara", "the strikes on Kharkiv").
fn perpetrator(sentence: &str, hits: &[Hit], after: usize) -> Option<&'static str> {
    let hits: Vec<&Hit> = hits.iter().filter(|h| h.start >= after).collect();
    let word_before = |h: &Hit| {
        let before = sentence[..h.start].trim_end();
        let before = before.strip_suffix(" the").unwrap_or(before);
        before.rsplit(' ').next().unwrap_or("")
    };
    hits.iter()
        .find(|h| matches!(word_before(h), "from" | "by"))
        .or_else(|| {
            // A state listed after a place is a place too ("in A, B and C").
            let mut place_end: Option<usize> = None;
            hits.iter().find(|h| {
                let listed = place_end.is_some_and(|e| {
                    e <= h.start && matches!(sentence[e..h.start].trim(), "," | "and" | ", and" | "or" | ", or")
                });
                // A town or a region is where the act happened ("the Mumbai attacks").
                let town = matches!(h.entry, Entry::City { capital: false, .. } | Entry::Region { .. });
                let place = listed || town || suffers(sentence, h.start);
                if place {
                    place_end = Some(h.end);
                }
                !place
            })
        })
        .and_then(|h| crate::mentions::country_of(&h.entry))
}
