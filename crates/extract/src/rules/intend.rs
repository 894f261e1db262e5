//! INTEND: stated intentions to a specific act. The date is one ahead that
//! the sentence (or one of the two before it) states, else none; an intention
//! proposes an encounter; with no source named, a foreign person intends
//! towards the home state; the target defaults to the home state, or a state
//! named after the trigger when no person is; a journey to several states is
//! one intention per state.

use attache_model::kinds::EventKind;

use super::directed::{self, Directed};
use super::{Context, DatePolicy, Family, Found, Sides, Trigger};
use crate::actors::Who;

pub(crate) struct Intend;

/// Words that make an act the two sides' own: the counterpart need not be named again.
static JOINT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:joint|jointly|bilateral|both (?:sides|countries|governments)|(?:our|the) two (?:countries|nations|governments|sides))\b").expect("joint")
});

/// A sentence told of a meeting: "During a meeting with X", "in talks with X".
static AT_MEETING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:meeting|talks|discussions|conversation) with\b").expect("at meeting")
});

/// Words before a demonym that make it a language: "in Spanish", "in both English and".
static LANGUAGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\b(?:in|into|speaking|speak|speaks)(?: both)?(?: \w+ (?:and|or))? $").expect("language")
});

/// Where a journey's destinations end: a purpose ("to discuss"), an
/// occasion ("following", "for the summit"), a place within ("where").
static DESTINATIONS_END: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\b(?:to \p{Ll}+|following|after|before|for|where|during|in order|on)\b")
        .expect("destinations end")
});

/// ", who will arrive in X on a visit": the one named before it comes as a guest.
static GUEST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^, who (?:will|is to) (?:arrive|come|travel|pay)\b").expect("guest")
});

/// An amount of money given as aid: "$15 million in humanitarian assistance".
static AID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)(?:[$€£¥]|\b(?:USD|EUR|AUD|GBP|dollars|euros)\b).{0,40}\b(?:assistance|aid|relief|grants?|loans?|to (?:support|help|assist|fund|finance))\b")
        .expect("aid")
});

impl Family for Intend {
    fn kind(&self) -> EventKind {
        EventKind::Intend
    }

    fn triggers(&self) -> (&'static str, &'static str) {
        ("data/extract/triggers/intend.tsv", include_str!("../../../../data/extract/triggers/intend.tsv"))
    }

    fn dates(&self, _rule: &super::Rule) -> DatePolicy {
        DatePolicy::Future
    }

    fn proposes(&self) -> bool {
        true
    }

    /// "This funding will provide food to ...", "It will also support ...":
    /// a pledge told before, now described; "X had agreed to meet Y": an
    /// intention of the past.
    fn voided(&self, rule: &super::Rule, start: usize, cx: &Context<'_>, _found: &Found) -> bool {
        let subject = cx.s.text[..start].trim_start_matches(['“', '"']);
        // "And it will ...", "But these resources will ...": the conjunction aside.
        let subject = ["And ", "But ", "Also, ", "So "].iter().find_map(|c| subject.strip_prefix(c)).unwrap_or(subject);
        let mut words = subject.split_whitespace();
        let (first, second) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let time = crate::dates::is_time_noun(second);
        // "X had agreed to meet Y": an intention of the past, since met or dropped.
        let past = subject.ends_with(" had ");
        // "We will go to Beatrice next": a moderator calling on someone, no journey.
        let to_person = rule.id == "intend/will-travel"
            && rule.re.find(&cx.s.text[start..]).is_some_and(|m| {
                let end = start + m.end();
                cx.refs.iter().any(|r| matches!(r.who, Who::Person(_)) && r.start == end)
                    && !cx.refs.iter().any(|r| !matches!(r.who, Who::Person(_)) && r.start >= end)
            });
        // "will travel to Florida": a journey at home, unless to meet someone
        // from abroad there ("to New York City for the UN General Assembly").
        let cast = cx.cast();
        let home = cast.home.filter(|_| cast.home_known);
        let at_home = rule.id == "intend/will-travel"
            && rule
                .re
                .find(&cx.s.text[start..])
                .is_some_and(|m| crate::home::domestic_destination(&cx.s.text[start + m.end()..], cx.s.text, home))
            && !cx.after(start).any(|r| cast.country(&r.who).is_some_and(|c| Some(c) != home));
        // "both will meet NATO's targets": "meet" as fulfil.
        let fulfils = rule.id == "intend/will-meet"
            && cx.s.text[start..].find("meet").is_some_and(|i| super::senses::fulfils(&cx.s.text[start + i..]));
        // "My colleagues will expand on our efforts", "will build on": to
        // say more of or carry on from something, no act towards anyone.
        let elaborates = rule.id == "intend/will-provide"
            && rule.re.find(&cx.s.text[start..]).is_some_and(|m| cx.s.text[start + m.end()..].starts_with(" on "));
        let blames = rule.id == "intend/will" && super::senses::holds_to_account(&cx.s.text[start..]);
        // "will call on leaders to strengthen ...": an appeal, no visit.
        let appeal = rule.id == "intend/will-meet"
            && rule.re.find(&cx.s.text[start..]).is_some_and(|m| {
                m.as_str().ends_with("call on")
                    && super::senses::appeal(cx.s.text[start + m.end()..].split(';').next().unwrap_or(""))
            });
        past || to_person
            || blames
            || appeal
            || at_home
            || fulfils
            || elaborates
            || matches!(first, "This" | "These" | "It" | "it" | "these" | "this" | "That" | "Such")
                && !time
                && !subject.contains(',')
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, found: &mut Found) -> Option<Sides> {
        // "A, B and C will meet in Sochi": those named before meet one another,
        // the home side's (or the first) with the others.
        let cast = cx.cast();
        let before: Vec<Who> = cx
            .people()
            .filter(|r| r.end <= t.start && matches!(r.who, Who::Person(_)))
            .map(|r| r.who.clone())
            .collect();
        let nobody_after = !cx.after(t.end).any(|r| matches!(r.who, Who::Person(_)));
        if t.rule.id == "intend/will-meet" && before.len() >= 2 && nobody_after {
            // "A and B, who will arrive on his first visit, will hold talks": the guest.
            let guest = cx.people().find(|r| {
                r.end <= t.start
                    && matches!(r.who, Who::Person(_))
                    && GUEST.is_match(&cx.s.text[r.end..r.end.max(cx.s.text.floor_char_boundary(r.end + 40))])
            });
            let first = guest.map(|r| &r.who).unwrap_or_else(|| {
                before.iter().find(|w| cast.home.is_some() && cast.country(w) == cast.home).unwrap_or(&before[0])
            });
            let mut others: Vec<Who> = Vec::new();
            for w in before.iter().filter(|w| cast.country(w) != cast.country(first)) {
                if !others.contains(w) {
                    others.push(w.clone());
                }
            }
            if !others.is_empty() {
                return Some(Sides { source: vec![first.clone()], target: others });
            }
        }
        // "X invited Y to visit. The invitation was accepted": Y intends towards X.
        if t.rule.id == "intend/invitation-accepted"
            && let Some((_, inviter, invited)) = found.events.iter().rev().find(|(e, ..)| e.kind == EventKind::Invite)
        {
            return Some(Sides { source: invited.clone(), target: inviter.clone() });
        }
        if t.rule.id == "intend/delegation-to-attend" {
            return delegation(t, cx);
        }
        // "will meet with young engineers": a meeting with people the
        // sentence names by no actor has no counterpart of the article's.
        if t.rule.id == "intend/will-meet" && unnamed_company(t, cx) {
            return None;
        }
        let sides = directed::sides(self, t, cx, found)?;
        // "X will provide ...": a plain future verb is an intention towards a
        // counterpart the sentence names, not one borrowed from the article.
        if matches!(
            t.rule.id,
            "intend/will-provide"
                | "intend/will"
                | "intend/ready-to"
                | "intend/plans-to-build"
                | "intend/announced-funding"
        ) && counterpart_unnamed(t, cx, found, &sides)
        {
            return None;
        }
        Some(sides)
    }

    /// Each pledge told in its own sentence is its own ("will provide $25
    /// million ...", then "Today I announce a further $5 million"); a
    /// sentence tells one per pair of sides.
    fn repeats(&self, sides: &Sides, cx: &Context<'_>, found: &Found) -> bool {
        found.events.iter().any(|(e, so, ta)| {
            e.kind == EventKind::Intend && e.evidence == cx.s.text && *so == sides.source && *ta == sides.target
        })
    }

    /// "X will travel to A and B": a visit to each state is an intention of its
    /// own; so is each of "bilateral meetings with A and B".
    fn split(&self, t: &Trigger<'_>, cx: &Context<'_>, sides: Sides) -> Vec<Sides> {
        if t.rule.id == "intend/will-meet"
            && let Some(each) = sides.per_person(cx, t.end)
        {
            return each;
        }
        if sides.target.len() > 1 && (t.text.contains("bilateral") || cx.s.text.contains("separately")) {
            return sides
                .target
                .iter()
                .map(|w| Sides { source: sides.source.clone(), target: vec![w.clone()] })
                .collect();
        }
        let travel = t.text.contains("travel") || t.text.contains("visit") || t.text.contains("go to");
        let Some(source) = sides.source.first().filter(|_| travel) else { return vec![sides] };
        let mut states: Vec<&'static str> = Vec::new();
        // The destinations end where the purpose or the occasion begins ("...
        // to Poland following his meetings in Belgium to discuss support for Ukraine").
        let rest = &cx.s.text[t.end..];
        let until = t.end + DESTINATIONS_END.find(rest).map_or(rest.len(), |m| m.start());
        for c in cx.refs.iter().filter(|r| r.start >= t.end && r.start < until).filter_map(|r| match r.who {
            Who::State(c) if !cx.s.text[..r.start].ends_with("of ") => Some(c),
            _ => None,
        }) {
            if !states.contains(&c) && Some(c) != cx.cast().country(source) {
                states.push(c);
            }
        }
        // One destination: the journey's target, whatever else the sentence names.
        let person_target = sides.target.iter().any(|w| matches!(w, Who::Person(_)));
        if states.len() == 1 && !person_target && !sides.target.contains(&Who::State(states[0])) {
            return vec![Sides { source: sides.source, target: vec![Who::State(states[0])] }];
        }
        if states.len() < 2 {
            return vec![sides];
        }
        states.into_iter().map(|c| Sides { source: sides.source.clone(), target: vec![Who::State(c)] }).collect()
    }
}

impl Directed for Intend {
    /// "... confirmed readiness to send observers": a foreign person named in
    /// the sentence towards the home state.
    fn unnamed_source(&self, t: &Trigger<'_>, cx: &Context<'_>) -> Option<Sides> {
        let cast = cx.cast();
        let (at, foreign) = cx.people().find_map(|r| match r.who {
            Who::Person(i) if cast.persons[i].country != cast.home => Some((r.start, Who::Person(i))),
            _ => None,
        })?;
        let home = Who::State(cast.home?);
        // "The President will host X": the one named after the trigger is its object.
        if at >= t.end {
            return Some(Sides { source: vec![home], target: vec![foreign] });
        }
        Some(Sides { source: vec![foreign], target: vec![home] })
    }

    /// "plans to open a trade house in X": with no person after the trigger, a state named there.
    fn refine_target(&self, t: &Trigger<'_>, cx: &Context<'_>, source: &Who, target: Option<Who>) -> Option<Who> {
        if cx.after(t.end).any(|r| matches!(r.who, Who::Person(_))) {
            return target;
        }
        directed::state_named_after(cx, t.end, source).map(Who::State).or(target)
    }

    /// The home state, when it is not the source's own; else the other side
    /// of a person, or of a state or body the article's most named other
    /// state ("The Government will provide a further $5 million" after a
    /// meeting with that state's leader).
    fn default_target(&self, cx: &Context<'_>, source: &Who, other_side: Option<Who>) -> Option<Who> {
        let cast = cx.cast();
        let own = cast.country(source);
        let counterpart = || {
            let body = matches!(source, Who::State(_) | Who::Group { .. } | Who::Org(_));
            cast.counterpart.filter(|c| body && own.is_some() && Some(*c) != own).map(Who::State)
        };
        cast.home.filter(|h| Some(*h) != own).map(Who::State).or(other_side).or_else(counterpart)
    }
}

/// Whether a plain future act ("X will provide ...") has no counterpart: the
/// sentence names none, it is no shared work of the pair the article is
/// about, no state's aid, nothing said to the one met, and no act of one side
/// of a bilateral text towards the other.
fn counterpart_unnamed(t: &Trigger<'_>, cx: &Context<'_>, found: &Found, sides: &Sides) -> bool {
    let cast = cx.cast();
    let own = sides.source.iter().find_map(|w| cast.country(w));
    // A language ("a toolkit in Spanish") names no counterpart.
    let language = |h: &attache_gazetteer::Hit| {
        matches!(h.entry, attache_gazetteer::Entry::Demonym { .. }) && LANGUAGE.is_match(&cx.s.text[..h.start])
    };
    // The target itself, or its state, is named in the sentence.
    let named = sides.target.iter().any(|w| {
        let state = cast.country(w).filter(|&c| Some(c) != own);
        cx.refs.iter().any(|r| r.who == *w || state.is_some() && cast.country(&r.who) == state)
            || cx
                .places
                .iter()
                .any(|h| !language(h) && state.is_some() && crate::mentions::country_of(&h.entry) == state)
    });
    // "the joint research centre", "our two countries": the pair the article is about.
    let shared = JOINT.is_match(cx.s.text);
    // "Australia will provide $15 million in humanitarian assistance":
    // a state's (or its government's) aid goes to the article's counterpart.
    // A department's spending ("the Department of Education will
    // provide $20,000 in debt relief") is no state's aid.
    let body = sides.source.iter().all(|w| match w {
        Who::State(_) | Who::Org(_) => true,
        Who::Group { name, .. } => name.contains("Government"),
        _ => false,
    });
    // A third state's aid ("India will provide technical assistance
    // to the region" in a US-Japan text) names no counterpart of its own.
    let party = own.is_some() && (own == cast.home || own == cast.counterpart);
    let aid = body && party && AID.is_match(cx.s.text);
    // "Today I announce a further $5 million", "we plan to take part in
    // the forum" said at a meeting: to the one met.
    let first_person = cx.s.text[..t.start].split(|c: char| !c.is_alphabetic()).any(|w| matches!(w, "I" | "we" | "We"));
    // "During a meeting with X, ... plans to establish ...": X's plan, told at a meeting with the other side.
    let at_meeting = AT_MEETING.is_match(cx.s.text) && sides.source.iter().all(|w| cx.refs.iter().any(|r| r.who == *w));
    let met = first_person && to_the_one_met(cx, found, sides) || at_meeting;
    // In a bilateral text, a side the sentence names acts towards the other.
    // (or both of them: "the Participants", "we")
    let both = first_person || cx.refs.iter().any(|r| r.end <= t.start && r.who == Who::Parties);
    let source_named = both || sides.source.iter().all(|w| cx.refs.iter().any(|r| r.who == *w));
    let bilateral = source_named && super::joint::bilateral_sides(cx, sides);
    !named && !shared && !aid && !met && !bilateral
}

/// Whether the sides are the two sides of the article's encounter, a
/// meeting of two states, one each.
fn to_the_one_met(cx: &Context<'_>, found: &Found, sides: &Sides) -> bool {
    let cast = cx.cast();
    found.encounter.and_then(|e| found.events.get(e)).is_some_and(|(_, a, b)| {
        let states = |side: &Vec<Who>| side.iter().map(|x| cast.country(x)).collect::<Vec<_>>();
        let (a, b) = (states(a), states(b));
        let (so, ta) = (states(&sides.source), states(&sides.target));
        let bilateral = a.iter().chain(&b).all(|c| c.is_some())
            && a.windows(2).all(|w| w[0] == w[1])
            && b.windows(2).all(|w| w[0] == w[1]);
        let between = |x: &[Option<&str>], y: &[Option<&str>]| {
            so.iter().all(|c| x.contains(c)) && ta.iter().all(|c| y.contains(c))
        };
        bilateral && (between(&a, &b) || between(&b, &a))
    })
}

/// Whether the one met, right after "meet with", is plain words no actor
/// stands for ("women entrepreneurs", "local students").
fn unnamed_company(t: &Trigger<'_>, cx: &Context<'_>) -> bool {
    let rest = &cx.s.text[t.end..];
    let Some(object) = rest.trim_start().strip_prefix("with ") else { return false };
    let at = t.end + (rest.len() - object.len());
    let first = object.split(' ').next().unwrap_or("");
    let determiner = matches!(first, "the" | "his" | "her" | "their" | "its" | "a" | "an" | "our" | "him" | "them");
    // The phrase's first three words ("young Indian entrepreneurs" names a group).
    let head: usize = object.split(' ').take(3).map(|w| w.len() + 1).sum();
    let head = object[..head.min(object.len())].find([',', ';', '.']).unwrap_or(head);
    // "leaders in Manama": the place names whose.
    let place = cx.places.iter().any(|h| h.start < at + head && h.end > at);
    first.starts_with(char::is_lowercase)
        && !determiner
        && !place
        && !cx.refs.iter().any(|r| r.start < at + head && r.end > at)
}

/// "X announced a Presidential Delegation to Warsaw to attend the
/// inauguration of Y": the delegation's members (the site's own officials the
/// article names after the announcement; else those the sentence names before
/// the trigger, past its first, who announces) intend to attend Y's event
/// (else the state of the one honoured, else the state named).
fn delegation(t: &Trigger<'_>, cx: &Context<'_>) -> Option<Sides> {
    let cast = cx.cast();
    let after = || cx.after(t.end);
    let honoured = after()
        .find(|r| matches!(r.who, Who::Person(_)))
        .or_else(|| after().find(|r| matches!(r.who, Who::State(_) | Who::Org(_))))?
        .who
        .clone();
    let own = cast.country(&honoured);
    let mut members: Vec<Who> = (0..cast.persons.len())
        .filter(|&i| cast.persons[i].first > cx.si && cast.persons[i].country != own)
        .map(Who::Person)
        .collect();
    // "X will lead a Presidential Delegation to ...": the leader named before
    // the trigger, not one who only announces it.
    if members.is_empty() && !cx.s.text[..t.start].to_lowercase().contains("announce") {
        members = cx
            .people()
            .filter(|r| r.end <= t.start && matches!(r.who, Who::Person(_)) && cast.country(&r.who) != own)
            .map(|r| r.who.clone())
            .collect();
    }
    (!members.is_empty()).then(|| Sides { source: members, target: vec![honoured] })
}
