//! MEET: meetings, visits, calls and multilateral events. The first row that
//! fires gives the mode (call, visit, multilateral, meeting); the sides are
//! every person and group named in the sentence, split into the home side and
//! the others. One event per encounter: the first undated (or opening) MEET is
//! the article's main encounter, and a later mention without a date of its own
//! or a new counterpart met "with" joins it instead of making a new event.

use std::sync::LazyLock;

use attache_model::annotation::Event;
use attache_model::kinds::{DateBasis, EventKind, MeetMode, Sector};
use regex::Regex;

use super::{Choice, Context, DatePolicy, Family, Found, Role, Rule, Sides, Trigger};
use crate::actors::Who;

pub(crate) struct Meet;

/// Several encounters told in one sentence.
/// An encounter told as one to come: "will meet", "will host", "looks forward to welcoming".
static MEETING_TO_COME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bwill (?:also )?(?:meet|host|welcome|travel|visit|hold (?:a |their )?(?:bilateral |virtual )?meeting)|\blooks? forward to (?:welcoming|hosting|meeting)").expect("meeting to come")
});

static SEVERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:conversations|calls|bilateral meetings|separate meetings|separately|respectively)\b").unwrap()
});

/// An encounter announced anywhere before its trigger.
static EXPECTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:is|are) (?:expected|scheduled|due|set) to\b|\bit is expected\b").unwrap());

/// An encounter the trigger names as to come ("welcomed the upcoming visit").
static UPCOMING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\w+(?: \w+)?(?: the| a| an| his| her| their)? (?:upcoming|forthcoming|planned|next)\b").unwrap()
});

/// "... will take place", "is scheduled for": the encounter told is ahead.
static TAKES_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will|shall|is to|are to) (?:also )?(?:take place|be held|be convened)\b|\b(?:is|are) (?:scheduled|planned|expected) (?:to|for)\b").unwrap()
});

/// "is traveling to X to meet", "are heading to": a journey under way.
static ON_THE_WAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:is|are) (?:now )?(?:traveling|travelling|heading|flying|en route)\b").unwrap());

/// "State Visit will ...", "official visit to Chile will ...": a visit that
/// is the subject of a future verb.
static VISIT_WILL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:official|state|working) visit(?: to [\p{Lu}][\p{L}]+(?: [\p{Lu}][\p{L}]+)?)? (?:will|is to)\b")
        .unwrap()
});

/// "ahead of his meeting with Y", "to prepare for the President's visit",
/// "to follow up on last week's call between A and B": a phrase after the
/// trigger that names another encounter.
static ANOTHER_ENCOUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:ahead of|in advance of|before|after|following|to prepare for|in preparation for|in line with|(?:to )?follow(?:ing)? up on|(?:as a |in )?follow-up to|(?:to )?build(?:ing)? on)\b[^,;]{0,80}?\b(?:[Mm]eetings?|[Vv]isits?|[Ss]ummit|[Tt]alks|[Cc]alls?|[Dd]iscussions)\b").unwrap()
});

/// "the upcoming visit": a word right before the trigger that puts it ahead.
static AHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:upcoming|forthcoming|planned|next|future|proposed)\s+(?:\w+\s+)?$").unwrap()
});

/// The text from `rest`'s start to the end of its clause (a semicolon or the sentence's end).
fn clause_after(rest: &str) -> &str {
    rest.split(';').next().unwrap_or(rest)
}

static HEADED_BY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:headed|led) by\b").unwrap());

impl Family for Meet {
    fn kind(&self) -> EventKind {
        EventKind::Meet
    }

    fn triggers(&self) -> (&'static str, &'static str) {
        ("data/extract/triggers/meet.tsv", include_str!("../../../../data/extract/triggers/meet.tsv"))
    }

    fn choice(&self) -> Choice {
        Choice::FirstRow
    }

    fn dates(&self, _rule: &Rule) -> DatePolicy {
        DatePolicy::Past
    }

    fn voided(&self, rule: &Rule, start: usize, cx: &Context<'_>, found: &Found) -> bool {
        // "invited him to take part in the forum": the meeting is only proposed.
        let proposed = found
            .proposed
            .iter()
            .copied()
            .filter(|&e| e <= start)
            .max()
            .is_some_and(|end| cx.s.text[end..start].contains(" to "));
        // "will meet", "It is expected that during the talks": an encounter to
        // come, which INTEND takes.
        let clause = cx.s.text[..start].rsplit([',', ';']).next().unwrap_or("");
        let to_come = super::triggers::prospective(cx.s.text, start)
            || EXPECTED.is_match(&cx.s.text[..start])
            // "X will attend and speak at the conference organised by Y"
            || clause.contains(" will ")
            // "I look forward to traveling on to Poland to meet X": the purpose of a trip to come.
            || cx.s.text[..start].ends_with(" to ") && super::triggers::prospective_clause(clause)
            // "X is traveling to Addis Ababa to meet with Y": on the way.
            || ON_THE_WAY.is_match(&cx.s.text[..start])
            || UPCOMING.is_match(&cx.s.text[start..])
            // "talks between A and B will take place in Moscow"
            || TAKES_PLACE.is_match(clause_after(&cx.s.text[start..]))
            // "The State Visit will reflect ...": the visit, the subject, is to come.
            || rule.id == "meet/official-visit" && VISIT_WILL.is_match(&cx.s.text[start..])
            // "President of A to meet with the Chancellor of B" (a headline)
            || cx.s.index.is_none() && cx.s.text[..start].ends_with(" to ")
            || AHEAD.is_match(super::triggers::tail(&cx.s.text[..start], 40));
        // "the agreements reached during his visit to X": a visit named as a
        // noun is told as background, an event only with a day of its own.
        let undated_mention = matches!(rule.id, "meet/visit-to" | "meet/dialogue-launched")
            && DatePolicy::Past
                .in_sentence(cx.s.text, cx.article.day(cx.si))
                .is_none_or(|d| d.basis == DateBasis::Published);
        let act_welcomed = rule.id == "meet/received" && super::senses::act_welcomed(&cx.s.text[start..]);
        let fulfils = rule.id == "meet/met" && super::senses::fulfils(&cx.s.text[start..])
            || rule.id == "meet/forum-held" && super::senses::forum_in_background(cx.s.text, start)
            || matches!(rule.id, "meet/took-part" | "meet/participated")
                && !super::senses::takes_part_in_encounter(&cx.s.text[..start], &cx.s.text[start..]);
        // With credentials presented, the ceremony is the encounter; a
        // meeting of another day ("the talks with X held yesterday") is one of its own.
        let ceremony = cx.article.ceremony
            && rule.mode == Some(MeetMode::Meeting)
            && DatePolicy::Past
                .in_sentence(cx.s.text, cx.article.day(cx.si))
                .is_none_or(|d| d.basis == DateBasis::Published);
        // "his meeting with X": a past encounter told as background, an event
        // only with a day of its own ("his May 3 meeting with X").
        let undated_possessed = rule.role == Role::Possessor
            && DatePolicy::Past
                .in_sentence(cx.s.text, cx.article.day(cx.si))
                .is_none_or(|d| d.basis == DateBasis::Published);
        // "called on the President to release ...": an appeal, not a visit.
        let appeal = rule.id == "meet/called-on" && super::senses::appeal(clause_after(&cx.s.text[start..]));
        // "concessions are met by sanctions relief": "met" in the sense of answered.
        let answered = rule.id == "meet/met" && {
            let rest = &cx.s.text[start..];
            let by = rest.find(" by ").filter(|&b| b < 12);
            // "was met by the Minister" (one right after "by") is a meeting;
            // "are met by corresponding sanctions relief by X" is no meeting.
            by.is_some_and(|b| !cx.refs.iter().any(|r| r.start >= start + b && r.start <= start + b + " by the ".len()))
        };
        act_welcomed
            || fulfils
            || proposed
            || to_come
            || undated_mention
            || ceremony
            || undated_possessed
            || appeal
            || answered
            || arrival_of_no_official(start, cx)
            // A headline's meeting the body tells only as one to come ("will meet ... on November 17").
            || cx.s.index.is_none()
                && found.events.iter().any(|(e, ..)| e.kind == EventKind::Intend && MEETING_TO_COME.is_match(&e.evidence))
    }

    /// "The delegation ... was headed by X": X joins the encounter.
    fn open_sentence(&self, cx: &Context<'_>, found: &mut Found) {
        if let Some(main) = found.encounter
            && let Some(h) = HEADED_BY.find(cx.s.text)
            && let Some(who) =
                cx.refs.iter().find(|r| r.start >= h.end() && matches!(r.who, Who::Person(_))).map(|r| r.who.clone())
            && !found.events[main].1.contains(&who)
            && !found.events[main].2.contains(&who)
        {
            // On the side of their own state: "the U.S. delegation was headed by X".
            let cast = cx.cast();
            let (_, source, target) = &mut found.events[main];
            let own = |side: &Vec<Who>| {
                side.iter().any(|w| cast.country(w).is_some() && cast.country(w) == cast.country(&who))
            };
            if own(source) && !own(target) { source.push(who) } else { target.push(who) }
        }
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, found: &mut Found) -> Option<Sides> {
        let (home, other) = split_sides(t, cx, found);
        // A date the sentence states itself (not the lead's it continues).
        let own_date = t.date.as_ref().is_some_and(|d| d.basis != DateBasis::Published && d.end > 0);
        if !own_date
            && let Some(main) = found.encounter
            && joins(t, cx, found, main, (&home, &other))
        {
            return None;
        }
        if own_date
            && let Some(main) = found.encounter
            && restates_visit(t, cx, found, main, (&home, &other))
        {
            return None;
        }
        (!other.is_empty()).then_some(Sides { source: home, target: other })
    }

    /// "had telephone conversations with A and B", "met separately with A and
    /// B": one encounter per counterpart, each person met its own (a meeting
    /// with A and B together stays one).
    fn split(&self, t: &Trigger<'_>, cx: &Context<'_>, sides: Sides) -> Vec<Sides> {
        if t.rule.mode == Some(MeetMode::Multilateral) {
            return vec![sides];
        }
        let cast = cx.cast();
        // "called on President A and Vice President B": a courtesy call on each.
        if matches!(t.rule.id, "meet/met" | "meet/called-on")
            && let Some(each) = sides.per_person(cx, t.end)
        {
            return each;
        }
        if !SEVERAL.is_match(cx.s.text) {
            return vec![sides];
        }
        let mut groups: Vec<(Option<&'static str>, Vec<Who>)> = Vec::new();
        for w in sides.target {
            // Each person met is an encounter; other counterparts go by state.
            let c = if matches!(w, Who::Person(_)) { None } else { cast.country(&w) };
            match groups.iter_mut().find(|(gc, _)| *gc == c && c.is_some()) {
                Some((_, members)) => members.push(w),
                None => groups.push((c, vec![w])),
            }
        }
        groups.into_iter().map(|(_, target)| Sides { source: sides.source.clone(), target }).collect()
    }

    fn repeats(&self, _sides: &Sides, _cx: &Context<'_>, _found: &Found) -> bool {
        false // every encounter is its own event
    }

    /// The first encounter without a date of its own (or in the opening
    /// sentence or the title) is the article's main encounter.
    fn about_article(&self, event: &Event, cx: &Context<'_>, found: &mut Found) -> bool {
        let undated = event.date_basis != Some(DateBasis::Stated) && event.date_basis != Some(DateBasis::Relative)
            || crate::dates::find(cx.s.text, cx.article.day(cx.si)).is_empty();
        let main = found.encounter.is_none() && (undated || cx.s.index.is_none_or(|i| i == 0));
        if main {
            found.encounter = Some(found.events.len());
        }
        main
    }
}

/// The home side of an encounter whose sentence names only the other: a
/// visit's host (the home head of state), the one speaking, the article's
/// protagonist, else an official site's own state ("Today I met with ...").
fn absent_home_side(t: &Trigger<'_>, cx: &Context<'_>, other: &[Who]) -> Option<Who> {
    let cast = cx.cast();
    // A visit to the home side is hosted by its head of state when the article names one.
    let host = (t.rule.mode == Some(MeetMode::Visit))
        .then(|| {
            (0..cast.persons.len())
                .find(|&i| cast.persons[i].country == cast.home && cast.persons[i].sector == Some(Sector::Hos))
        })
        .flatten();
    // "The talks with X held yesterday were useful", said in a turn: the speaker's.
    let speaker = cast.speakers.get(cx.si).cloned().flatten().filter(|s| {
        matches!(s, Who::Person(_)) && !other.contains(s) && other.iter().all(|o| cast.country(o) != cast.country(s))
    });
    if let Some(s) = speaker.filter(|_| host.is_none()) {
        return Some(s);
    }
    // "There were also bilateral meetings with A, B and C": nobody named
    // held them; the site's own side did, no one of its persons in particular.
    if t.rule.id == "meet/there-were-meetings"
        && let Some(home) = cast.home.filter(|_| cast.home_known).or_else(|| cast.persons[cast.protagonist()?].country)
    {
        return Some(Who::State(home));
    }
    if let Some(p) = host.or_else(|| cast.protagonist()) {
        return Some(Who::Person(p));
    }
    // "Today I met with ...": an official site's own state.
    cast.home.filter(|_| cast.home_known).map(Who::State)
}

/// (home side, other side) of an encounter: the persons and groups of the
/// sentence (or of the main encounter, when only "the parties" are named),
/// split by the home state; a missing home side is the host or the
/// protagonist, a missing other side an organisation or another state named
/// after the trigger.
/// The persons and groups the sentence names as the meeting's parties: not
/// those of another encounter it mentions ("ahead of X's meeting with Y"),
/// and after "between" only the list it opens.
fn named_participants(t: &Trigger<'_>, cx: &Context<'_>) -> Vec<Who> {
    // "met X ahead of X's meeting with Y": Y is of another encounter.
    let other_encounter = ANOTHER_ENCOUNTER.find(cx.s.text).filter(|m| m.start() >= t.end).map(|m| {
        (m.start(), m.start() + cx.s.text[m.start()..].find([',', ';']).unwrap_or(cx.s.text.len() - m.start()))
    });
    let between = t.text.trim_end().ends_with("between").then(|| between_list(t, cx));
    // "met today ... in light of President X's war": one named after the
    // trigger as the possessor of a thing ("war", "decision") is not met.
    let possessor_of_thing = |r: &crate::actors::Ref| {
        r.start >= t.end
            && ["’s ", "'s "].iter().find_map(|p| cx.s.text[r.end..].strip_prefix(p)).is_some_and(|rest| {
                let word = rest.split(' ').next().unwrap_or("");
                word.starts_with(char::is_lowercase) && !matches!(word, "delegation" | "representatives" | "officials")
            })
    };
    // "X visited Y, where he reaffirmed ... all that we can": "we" or "I"
    // after the trigger opens a clause of its own, and "our" or "my" there
    // owns a thing; the speaker met no one.
    let new_subject = |r: &crate::actors::Ref| {
        r.start >= t.end && matches!(&cx.s.text[r.start..r.end], "we" | "We" | "I" | "our" | "my")
    };
    cx.people()
        .filter(|r| other_encounter.is_none_or(|(a, b)| r.start < a || r.start >= b))
        .filter(|r| between.is_none_or(|end| r.start >= t.end && r.start < end))
        .filter(|r| !possessor_of_thing(r) && !new_subject(r))
        .map(|r| r.who.clone())
        .collect()
}

/// "Following the meeting between A and B on June 14, C and D discussed
/// ...": where the list after "between" ends (after the one joined by "and").
fn between_list(t: &Trigger<'_>, cx: &Context<'_>) -> usize {
    static GAP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(,? and|,? &|,|) (?:(?:the|of|\p{Lu}[\p{L}.’'-]*) )*$").expect("between gap")
    });
    let (mut end, mut last) = (t.end, false);
    for r in cx.after(t.end) {
        if end > t.end {
            let Some(c) = cx.s.text.get(end..r.start).and_then(|g| GAP.captures(g)) else { break };
            // After the one joined by "and", only its title's parts go on
            // ("and Prime Minister of X Y").
            match (&c[1], last) {
                ("", _) => {}
                (_, true) => break,
                (j, false) => last = j.ends_with("and") || j.ends_with('&'),
            }
        }
        end = r.end;
    }
    end
}

fn split_sides(t: &Trigger<'_>, cx: &Context<'_>, found: &Found) -> (Vec<Who>, Vec<Who>) {
    if let Some(sides) = possessed(t, cx).or_else(|| visit_of(t, cx)).or_else(|| possessive_visit(t, cx)) {
        return sides;
    }
    let cast = cx.cast();
    let mut participants = named_participants(t, cx);
    // "the Heads of State of A, B and C met": the states, not an unnamed group.
    let collective = cx.collective_states(t.start);
    let wholes_named = !collective.is_empty();
    if wholes_named {
        participants.retain(|w| !matches!(w, Who::Group { .. } | Who::Parties));
        participants.extend(collective);
    } else if participants.iter().all(|w| *w == Who::Parties) {
        // "the parties" stand for the encounter's sides only when nobody else is named.
        let named_parties = !participants.is_empty();
        participants.clear();
        let wholes = wholes_before(t, cx);
        if !named_parties && wholes.len() >= 2 {
            participants.extend(wholes);
        }
        if let Some(main) = found.encounter.filter(|_| participants.is_empty()) {
            participants.extend(found.events[main].1.iter().cloned());
            participants.extend(found.events[main].2.iter().cloned());
        }
    }
    participants.retain(|w| *w != Who::Parties);
    if participants.is_empty() {
        // "Israel and Jordan held talks": states and organisations meeting as wholes.
        participants.extend(wholes_before(t, cx));
    }
    speakers_as_we(t, cx, &mut participants);
    dedup(&mut participants);
    let (mut home, mut other): (Vec<Who>, Vec<Who>) =
        participants.into_iter().partition(|w| cast.country(w).is_some() && cast.country(w) == cast.home);
    // "A of X met with B of Y" on a page of a third state: they meet each other.
    // ("meetings with A of X and B of Y": the unnamed side met each.)
    let strangers_meet = t.rule.mode != Some(MeetMode::Multilateral)
        && !t.text.trim_end().ends_with(" with")
        && other.len() == 2
        && other.iter().all(|w| matches!(w, Who::Person(_)))
        && cast.country(&other[0]).is_some()
        && cast.country(&other[0]) != cast.country(&other[1]);
    if home.is_empty() && !wholes_named && !strangers_meet {
        home.extend(absent_home_side(t, cx, &other));
    }
    // "Nice to have met with the Rabbi of Astana X" in a post a foreign guest
    // signs: the one speaking met the home side.
    if other.is_empty()
        && let Some(s @ Who::Person(_)) = cast.speakers.get(cx.si).cloned().flatten()
        && !home.contains(&s)
        && cast.country(&s).is_some()
        && home.iter().all(|h| cast.country(h) != cast.country(&s))
    {
        other.push(s);
    }
    if other.is_empty()
        && let Some(org) =
            cx.after(t.end).find_map(|r| if let Who::Org(_) = r.who { Some(r.who.clone()) } else { None })
    {
        other.push(org);
    }
    if other.is_empty() {
        let home_side = home.first().and_then(|w| cast.country(w)).or(cast.home);
        other.extend(visited(t, cx, home_side));
    }
    other.retain(|w| !home.contains(w));
    if home.is_empty() && other.len() >= 2 {
        // Nobody is at home: the first named is one side, the rest the other.
        home.push(other.remove(0));
    }
    (home, other)
}

/// "We had a very positive meeting", said by one speaker of a talk of three
/// to five (the sentence naming nobody but the speaker): every speaker of
/// the article took part.
fn speakers_as_we(t: &Trigger<'_>, cx: &Context<'_>, participants: &mut Vec<Who>) {
    let Some(speaker @ Who::Person(_)) = cx.cast().speakers.get(cx.si).cloned().flatten() else { return };
    let subject = cx.s.text[..t.start].trim_end();
    if participants.iter().any(|w| *w != speaker)
        || !subject.rsplit(|c: char| !c.is_alphabetic()).next().is_some_and(|w| w.eq_ignore_ascii_case("we"))
    {
        return;
    }
    let others = super::directed::other_speakers(cx, &speaker);
    if (2..=4).contains(&others.len()) {
        *participants = std::iter::once(speaker).chain(others).collect();
    }
}

/// "on the State Visit of the Prime Minister of A to B" (a heading), then
/// "The Prime Minister of A paid a State Visit to B from 4-5 September": the
/// same visit, told with its date and host; the main encounter takes them.
fn restates_visit(t: &Trigger<'_>, cx: &Context<'_>, found: &mut Found, main: usize, sides: (&[Who], &[Who])) -> bool {
    let cast = cx.cast();
    let (event, source, target) = &found.events[main];
    let states = |side: &[Who]| {
        let mut v: Vec<&str> = side.iter().filter_map(|w| cast.country(w)).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // The main encounter told by a heading (the title, or a line that is no sentence).
    let heading = found.traces.iter().find(|tr| tr.event == main).is_some_and(|tr| tr.sentence.is_none())
        || !event.evidence.trim_end().ends_with(['.', '!', '?', '"', '”']);
    let restated = t.rule.mode == Some(MeetMode::Visit)
        && event.mode == Some(MeetMode::Visit)
        && heading
        && t.date.as_ref().is_some_and(|d| d.basis == DateBasis::Stated)
        && event.date_basis == Some(DateBasis::Published)
        && source.as_slice() == sides.0
        && !sides.1.is_empty()
        && states(target) == states(sides.1);
    if !restated {
        return false;
    }
    let (event, _, target) = &mut found.events[main];
    event.date = t.date.as_ref().map(|d| d.value.clone());
    event.date_basis = t.date.as_ref().map(|d| d.basis);
    event.evidence = cx.s.text.to_string();
    *target = sides.1.to_vec();
    if let Some(trace) = found.traces.iter_mut().find(|tr| tr.event == main) {
        trace.sentence = cx.s.index;
        trace.span = cx.s.offset.map(|o| (o, o + cx.s.text.len()));
        trace.trigger = t.text.to_string();
    }
    true
}

/// "X told Y of his May 3 meeting with Z": the sentence's subject (the
/// first person named) met those named after the trigger, not the one told.
fn possessed(t: &Trigger<'_>, cx: &Context<'_>) -> Option<(Vec<Who>, Vec<Who>)> {
    if t.rule.role != Role::Possessor {
        return None;
    }
    let owner = cx.people().find(|r| r.end <= t.start && matches!(r.who, Who::Person(_) | Who::Group { .. }))?;
    // An organisation counts only where no person is named for it ("the
    // President of the Council X" is X).
    let met = |orgs: bool| {
        cx.after(t.end)
            .filter(|r| matches!(r.who, Who::Person(_) | Who::Group { .. }) || orgs && matches!(r.who, Who::Org(_)))
            .map(|r| r.who.clone())
            .collect::<Vec<Who>>()
    };
    let mut other = met(false);
    if other.is_empty() {
        other = met(true);
    }
    dedup(&mut other);
    other.retain(|w| *w != owner.who);
    Some((vec![owner.who.clone()], other))
}

/// "lauded the visit of Pope X to Y": the one named after "of" visited the
/// state after "to", whoever the sentence's subject is (a visit to the home
/// state keeps its host, found as for any visit).
fn visit_of(t: &Trigger<'_>, cx: &Context<'_>) -> Option<(Vec<Who>, Vec<Who>)> {
    let rest = cx.s.text[t.end..].strip_prefix(" of ")?;
    let to = rest.find(" to ").filter(|_| t.rule.id == "meet/visit-to")?;
    let (from, upto) = (t.end + 4, t.end + 4 + to);
    let mut visitor: Vec<Who> =
        cx.people().filter(|r| r.start >= from && r.end <= upto).map(|r| r.who.clone()).collect();
    dedup(&mut visitor);
    // "the visit of Pope Clement to X": someone the cast does not know
    // visited; not the sentence's subject.
    if visitor.is_empty() {
        let named = rest[..to].split_whitespace().any(|w| w.starts_with(char::is_uppercase));
        return named.then(|| (Vec::new(), Vec::new()));
    }
    let cast = cx.cast();
    let own = visitor.first().and_then(|w| cast.country(w));
    let host = visited(t, cx, own).filter(|h| cast.country(h) != cast.home && own.is_some())?;
    // "the visit of X and a delegation to Y": no one of the host's state visits it.
    visitor.retain(|w| cast.country(w) != cast.country(&host));
    Some((visitor, vec![host]))
}

/// "Vice President X's visit to Y in August", "the Crown Prince's State
/// Visit to Washington": the possessor visited the state after "to", and no
/// one else the sentence names (the one who recalls the visit, another
/// encounter's parties). A visit to the home side keeps its host.
fn possessive_visit(t: &Trigger<'_>, cx: &Context<'_>) -> Option<(Vec<Who>, Vec<Who>)> {
    static POSSESSED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:’s|'s|’|')\s+(?:[\p{L}\d-]+\s+){0,3}$").expect("possessed visit"));
    if !matches!(t.rule.id, "meet/visit-to" | "meet/official-visit") {
        return None;
    }
    let owner = cx.refs.iter().rfind(|r| r.end <= t.start && POSSESSED.is_match(&cx.s.text[r.end..t.start]))?;
    let cast = cx.cast();
    let own = cast.country(&owner.who);
    // A visit to the home side is its host's, found as for any visit.
    let host =
        visited(t, cx, own).filter(|h| own.is_some() && cast.country(h) != own && cast.country(h) != cast.home)?;
    Some((vec![owner.who.clone()], vec![host]))
}

/// The state a visit goes to, named as a whole ("state visit to Kazakhstan")
/// or by one of its cities ("visited Colombo"), if not the home side's.
fn visited(t: &Trigger<'_>, cx: &Context<'_>, home_side: Option<&'static str>) -> Option<Who> {
    // Not a visit: the state must be the one met ("met with Chile's
    // delegation", "talks with the Government of Peru"), not a topic ("met
    // with business leaders to discuss the war in X").
    let visit = t.rule.mode == Some(MeetMode::Visit);
    let object = |start: usize| {
        !cx.s.text[t.end..start].split_whitespace().any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                "to" | "about"
                    | "regarding"
                    | "concerning"
                    | "including"
                    | "who"
                    | "whom"
                    | "whose"
                    | "which"
                    | "where"
                    | "that"
                    | "against"
                    | "over"
                    | "parents"
            )
        })
    };
    let named = cx.after(t.end).find_map(|r| match r.who {
        Who::State(c) if Some(c) != home_side && (visit || object(r.start)) => Some(Who::State(c)),
        _ => None,
    });
    let city = || {
        cx.places.iter().filter(|h| h.start >= t.end).find_map(|h| match &h.entry {
            attache_gazetteer::Entry::City { iso3, .. } if Some(*iso3) != home_side => Some(Who::State(iso3)),
            _ => None,
        })
    };
    named.or_else(|| if t.rule.mode == Some(MeetMode::Visit) { city() } else { None })
}

/// A mention of the main encounter `main` (no new counterpart met "with"):
/// the persons it names join it. `false` when it is a fresh encounter.
fn joins(t: &Trigger<'_>, cx: &Context<'_>, found: &mut Found, main: usize, (home, other): (&[Who], &[Who])) -> bool {
    let known: Vec<Who> = found.events[main].2.clone();
    let new_persons: Vec<Who> = other
        .iter()
        .filter(|w| !known.contains(w) && matches!(w, Who::Person(_) | Who::Group { .. }))
        .cloned()
        .collect();
    // "During the visit X met with A, B and C" of the home side: A, B and C
    // are met anew, unless the main encounter has them already.
    let hosts_met = home.iter().any(|w| {
        matches!(w, Who::Person(_)) && !found.events[main].1.contains(w) && cx.after(t.end).any(|r| r.who == *w)
    });
    if hosts_met && matches!(t.rule.mode, Some(MeetMode::Meeting | MeetMode::Call)) {
        return false;
    }
    let met_with = |w: &Who| {
        matches!(w, Who::Person(_))
            || cx.refs.iter().any(|r| r.who == *w && cx.s.text[..r.start].trim_end().ends_with(" with"))
    };
    // A meeting or a call "with" someone new is a new encounter; so is a
    // trip within a visit ("also visited Mumbai where he called on X").
    let trip_within = t.rule.mode == Some(MeetMode::Visit) && found.events[main].0.mode == Some(MeetMode::Visit);
    let fresh_encounter = new_persons.iter().any(met_with)
        && !known.is_empty()
        && (matches!(t.rule.mode, Some(MeetMode::Meeting | MeetMode::Call)) || trip_within);
    if fresh_encounter {
        return false;
    }
    // Named persons join the encounter (and replace a state standing in for them).
    let persons: Vec<Who> = new_persons.into_iter().filter(|w| matches!(w, Who::Person(_))).collect();
    if !persons.is_empty() {
        found.events[main].2.retain(|w| !matches!(w, Who::State(_)));
        found.events[main].2.extend(persons);
    }
    true
}

/// States and organisations named before the trigger as its subjects, not
/// as places or owners ("in Kyiv", "of Ukraine").
fn wholes_before(t: &Trigger<'_>, cx: &Context<'_>) -> Vec<Who> {
    let text = cx.s.text;
    cx.refs
        .iter()
        .filter(|r| r.end <= t.start && matches!(r.who, Who::State(_) | Who::Org(_)))
        .filter(|r| {
            let before = text[..r.start].trim_end();
            let governed = ["of", "of the", "in", "in the", "to", "to the", "from", "at", "at the"]
                .iter()
                .any(|p| before.ends_with(&format!(" {p}")) || before == *p || before.eq_ignore_ascii_case(p));
            !governed && !text[r.end..].starts_with(['\'', '’'])
        })
        .map(|r| r.who.clone())
        .collect()
}

fn dedup(v: &mut Vec<Who>) {
    let mut seen = Vec::new();
    v.retain(|w| {
        if seen.contains(w) {
            false
        } else {
            seen.push(w.clone());
            true
        }
    });
}

/// "U.S. Marines arrived in ...", "A flight arrived in ...", "X, age 17,
/// arrived in the U.S. four years ago": an arrival is a visit only of one
/// who holds an office ("The President of Russia arrived in India"), or of
/// the encounter's parties.
fn arrival_of_no_official(start: usize, cx: &Context<'_>) -> bool {
    if !cx.s.text[start..].starts_with("arrived in") {
        return false;
    }
    let cast = cx.cast();
    let arriving = cx.people().filter(|r| r.end <= start).last().map(|r| &r.who);
    !matches!(arriving, Some(Who::Parties))
        && !matches!(arriving, Some(Who::Person(i)) if cast.persons[*i].title.is_some() || cast.persons[*i].head.is_some())
}
