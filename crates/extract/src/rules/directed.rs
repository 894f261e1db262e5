//! Sides of a directed event (one source acts on one target: praise,
//! condemnation, agreement, intention, invitation, credentials): a trigger and
//! its sentence in, `(source, target)` out. The trigger's role says where the
//! source stands; the target is the next actor after the trigger, else the
//! other side of the article. A family tunes the steps through [`Directed`].

use attache_gazetteer::Entry;
use attache_model::kinds::EventKind;
use attache_model::kinds::Sector;

use super::subject::{another_office, coordinated_states, state_pronoun, unknown_agent};
use super::{Context, Family, Found, Role, Sides, Trigger};
use crate::actors::Who;

/// The steps of [`sides`] a family may change; each default is the common rule.
pub(crate) trait Directed: Family {
    /// When the sentence names no source (or only "the parties"): sides of the
    /// family's own, or `None` to go on with the protagonist as source.
    fn unnamed_source(&self, _t: &Trigger<'_>, _cx: &Context<'_>) -> Option<Sides> {
        None
    }
    /// The target once the first actor after the trigger (`target`) is known.
    fn refine_target(&self, _t: &Trigger<'_>, _cx: &Context<'_>, _source: &Who, target: Option<Who>) -> Option<Who> {
        target
    }
    /// The target when the sentence gives none: `other_side`, the first person
    /// of another state than a person source.
    fn default_target(&self, _cx: &Context<'_>, _source: &Who, other_side: Option<Who>) -> Option<Who> {
        other_side
    }
    /// The last word on the target, once both sides are known.
    fn final_target(&self, _t: &Trigger<'_>, _cx: &Context<'_>, _source: &Who, target: Who) -> Who {
        target
    }
}

/// The sides of a directed event, or `None` when the sentence gives no two distinct sides.
pub(crate) fn sides<D: Directed + ?Sized>(
    family: &D,
    t: &Trigger<'_>,
    cx: &Context<'_>,
    found: &Found,
) -> Option<Sides> {
    let cast = cx.cast();
    // A title that names no party ("Leaders Applaud the Address") says nothing of whose act.
    if cx.s.index.is_none() && !cx.refs.iter().any(|r| !matches!(r.who, Who::Parties)) {
        return None;
    }
    let (source, target) = by_role(t, cx);
    // "at the invitation of the Prime Minister and in advance of ...": an
    // inviter not named as an actor is no one else of the sentence.
    if t.rule.role == Role::Inverse && source.is_none() {
        return None;
    }
    // "The new programme will fund ...": a subject that is no actor acts;
    // the protagonist does not.
    if source.is_none() && t.rule.role == Role::Subject && crate::lexicon::names_thing_subject(cx.s.text, t.start)
        || crate::lexicon::thing_relative(&cx.s.text[..t.start])
    {
        return None;
    }
    if matches!(source, None | Some(Who::Parties))
        && let Some(sides) = family.unnamed_source(t, cx)
    {
        return Some(sides);
    }
    let named_target = target.is_some();
    if target.is_none() && praises_own_government(t, cx, source.as_ref()) {
        return None;
    }
    if source.is_none() && t.rule.role == Role::Subject && unknown_agent(t, cx) {
        return None;
    }
    let source = source.or_else(|| unnamed_actor(t, cx))?;
    let target = target.or_else(|| first_target(t, cx, &source));
    // A condemnation's target is its perpetrator ("the aggression of X").
    let named = match family.kind() {
        EventKind::Condemn if source == Who::Parties => family.refine_target(t, cx, &source, target.clone()),
        _ => target.clone(),
    };
    if let Some(done) = parties_together(family.kind(), t, cx, &source, named.as_ref(), found) {
        return done;
    }
    let target = family.refine_target(t, cx, &source, target);
    let (source, target) = resolve_pair(family, cx, found, source, target);
    let (Some(source), Some(target)) = (source, target) else { return None };
    let target = officer_for(cx, family.final_target(t, cx, &source, target));
    if source == target {
        return None;
    }
    let mut targets = vec![target];
    if family.kind() != EventKind::Credentials {
        coordinated(t, cx, &source, &mut targets);
        // "relations between Russia and Azerbaijan" said by Russia: the other one.
        let own = cast.country(&source);
        if targets.len() > 1 && own.is_some() {
            targets.retain(|w| cast.country(w) != own);
        }
    }
    spoken_targets(t, cx, &source, named_target, &mut targets);
    super::joint::voice(t, cx, family.kind(), Sides { source: co_subjects(t, cx, source), target: targets })
}

/// The actor of a sentence that names none before the trigger: an
/// organisation's "we", the one speaking (a label, a quotation, a post's
/// signer: "Mayor X: “Thank you ...”"), the article's protagonist, the
/// site's state, a joint text's first signatory.
fn unnamed_actor(t: &Trigger<'_>, cx: &Context<'_>) -> Option<Who> {
    let cast = cx.cast();
    super::joint::organisation_voice(t, cx)
        .or_else(|| {
            let posted = cx.article.posted.get(cx.si).copied().flatten().is_some();
            cast.speakers.get(cx.si).cloned().flatten().filter(|_| posted || spoken(cx.s.text))
        })
        .or_else(|| {
            // An office the protagonist does not hold names someone the
            // article does not: no one of the cast stands in for them.
            let protagonist = cast.protagonist();
            if protagonist.is_some_and(|p| another_office(t, cx, p)) {
                return None;
            }
            protagonist
                .map(Who::Person)
                .or_else(|| cast.home.filter(|_| cast.home_known).map(Who::State))
                .or_else(|| super::joint::speaker(t, cx))
        })
}

/// The source and target once "the parties" and unnamed targets are settled.
fn resolve_pair<D: Directed + ?Sized>(
    family: &D,
    cx: &Context<'_>,
    found: &Found,
    source: Who,
    target: Option<Who>,
) -> (Option<Who>, Option<Who>) {
    let cast = cx.cast();
    match source {
        Who::Parties => match last_meeting(cx, found) {
            // "X met Y. ... The interlocutors agreed ...": the two who met last.
            Some((p, o)) => (Some(p), target.filter(|t| *t != Who::Parties).or(Some(o))),
            None => {
                // The home side's first person, else the article's first person with another side.
                let p = cast.protagonist().or_else(|| (0..cast.persons.len()).find(|&i| cast.other_side(i).is_some()));
                let p = p.map(Who::Person);
                let o = p.as_ref().and_then(|p| if let Who::Person(i) = p { cast.other_side(*i) } else { None });
                (p, target.filter(|t| *t != Who::Parties).or(o.map(Who::Person)))
            }
        },
        s => {
            let other_side = if let Who::Person(i) = s {
                cast.other_side(i).filter(|&o| prominent(cx, o)).map(Who::Person)
            } else {
                None
            };
            // A citizen, a firm or a lawmaker of the site's own state speaking
            // to nobody the sentence names ("What they are saying" round-ups)
            // addresses their own government, not the article's counterpart.
            // So does one a speaker label names ("Name, President, Teachers' Union:")
            // whom the leaders' list does not know.
            let private = matches!(s, Who::Person(i) if cast.home_known
                && cast.persons[i].country == cast.home
                && (!matches!(cast.persons[i].sector, Some(Sector::Hos | Sector::Gov | Sector::Dip))
                    || cast.labelled(i) && crate::leaders::lookup(&cast.persons[i].name).is_none()));
            let t = if target.is_none() && private {
                None
            } else {
                target.or_else(|| family.default_target(cx, &s, other_side))
            };
            (Some(s), t)
        }
    }
}

/// "Prime Minister A and Foreign Minister B congratulated X": persons of
/// one state joined by "and" (titles between) right before the trigger all
/// act, the source and the one joined to it.
fn co_subjects(t: &Trigger<'_>, cx: &Context<'_>, source: Who) -> Vec<Who> {
    let cast = cx.cast();
    let text = cx.s.text;
    // "Mr. X reaffirmed President Y's commitment ... and expressed": a
    // possessor is no subject.
    let possessive = |r: &crate::actors::Ref| cx.s.text[r.end..].starts_with(['’', '\'']);
    let prior: Vec<&crate::actors::Ref> = cx.people().filter(|r| r.end <= t.start && !possessive(r)).collect();
    let (Some(last), Who::Person(_)) = (prior.last(), &source) else { return vec![source] };
    if last.who != source || t.rule.role != Role::Subject || !text[last.end..t.start].trim().split(' ').all(is_adverb) {
        return vec![source];
    }
    let Some(earlier) = prior.iter().rev().find(|r| r.who != source) else { return vec![source] };
    let gap = &text[earlier.end..last.start];
    let joined = gap.strip_prefix(" and ").is_some_and(|title| {
        title.split_whitespace().all(|w| w.starts_with(char::is_uppercase) || matches!(w, "of" | "for" | "the" | "and"))
    });
    let same_state = cast.country(&earlier.who).is_some() && cast.country(&earlier.who) == cast.country(&source);
    if joined && same_state && matches!(earlier.who, Who::Person(_)) {
        vec![earlier.who.clone(), source]
    } else {
        vec![source]
    }
}

/// An organisation stands for the person the article names as its officer.
fn officer_for(cx: &Context<'_>, target: Who) -> Who {
    let persons = &cx.cast().persons;
    match target {
        Who::Org(acronym) => (0..persons.len()).find(|&p| persons[p].org == Some(acronym)).map_or(target, Who::Person),
        other => other,
    }
}

/// "The leaders commended X" after a meeting of several: all who met (the
/// main encounter, else the last meeting) praise X together (and those
/// joined to X), not one of them the other; with no X of another state
/// named, nothing (no counterpart).
/// `None`: not such a sentence.
fn parties_together(
    kind: EventKind,
    t: &Trigger<'_>,
    cx: &Context<'_>,
    source: &Who,
    named: Option<&Who>,
    found: &Found,
) -> Option<Option<Sides>> {
    // Condemnations of "the parties" (named after the trigger) are CONDEMN's
    // own; "The leaders condemned ..." is both leaders'; "exchanged greetings"
    // go both ways.
    let subject = cx.refs.iter().any(|r| r.who == Who::Parties && r.end <= t.start);
    let joint_kind = kind == EventKind::Praise || kind == EventKind::Condemn && subject;
    if *source != Who::Parties || !joint_kind || t.rule.id.contains("greetings") {
        return None;
    }
    let last = found.encounter.map(|i| &found.events[i]);
    let (_, so, ta) = last.or_else(|| found.events.iter().rev().find(|(e, _, _)| e.kind == EventKind::Meet))?;
    let mut all: Vec<Who> = so.iter().chain(ta).filter(|w| matches!(w, Who::Person(_))).cloned().collect();
    all.dedup();
    let cast = cx.cast();
    let states: Vec<&str> = all.iter().filter_map(|w| cast.country(w)).collect();
    if all.len() < 2 || states.iter().all(|c| *c == states[0]) {
        return None;
    }
    // Their own states, ministries or people are no counterpart ("the links between A and B").
    let mut targets: Vec<Who> = named.filter(|w| **w != Who::Parties).into_iter().cloned().collect();
    if let Some(first) = targets.first().cloned() {
        coordinated(t, cx, &first, &mut targets);
    }
    targets.retain(|w| !all.contains(w) && cast.country(w).is_none_or(|c| !states.contains(&c)));
    Some((!targets.is_empty()).then_some(Sides { source: all, target: targets }))
}

/// Words that may stand between a subject and its verb ("today", "also").
fn is_adverb(w: &str) -> bool {
    matches!(w, "" | "today" | "also" | "jointly" | "warmly" | "have" | "has" | "both" | "together")
}

/// The two persons of the last meeting found before (the home side's first),
/// when it was between two persons of different states.
fn last_meeting(cx: &Context<'_>, found: &Found) -> Option<(Who, Who)> {
    let cast = cx.cast();
    let (_, so, ta) = found.events.iter().rev().find(|(e, _, _)| e.kind == EventKind::Meet)?;
    let (Some(a @ Who::Person(_)), Some(b @ Who::Person(_))) = (so.first(), ta.first()) else { return None };
    if cast.country(a) == cast.country(b) || cast.country(a).is_none() || cast.country(b).is_none() {
        return None;
    }
    let home_first = cast.country(b) == cast.home && cast.country(a) != cast.home;
    Some(if home_first { (b.clone(), a.clone()) } else { (a.clone(), b.clone()) })
}

/// "I applaud the administration for ...", "we commend @POTUS": an act
/// whose object is the source's own government, a domestic act, whoever else
/// the article names ("the US administration" said by another state's leader
/// is foreign).
fn praises_own_government(t: &Trigger<'_>, cx: &Context<'_>, source: Option<&Who>) -> bool {
    let cast = cx.cast();
    let own_country = source.map_or(cast.home, |s| cast.country(s));
    let after = &cx.s.text[t.end..];
    // "we ought to thank our deputy prime ministers": one's own staff.
    if OWN_STAFF.is_match(after) {
        return true;
    }
    let Some(g) = OWN_GOVERNMENT.captures(after) else { return false };
    let gazetteer = attache_gazetteer::gazetteer();
    let whose = g.name("whose").and_then(|w| gazetteer.lookup(w.as_str()));
    // "the Government of Chile": the state named after it is whose.
    let of = after[g.get(0).map_or(0, |m| m.end())..]
        .strip_prefix(" of ")
        .and_then(|rest| gazetteer.places(rest).into_iter().find(|h| h.start <= 4))
        .and_then(|h| crate::mentions::country_of(&h.entry));
    whose.and_then(crate::mentions::country_of).or(of).is_none_or(|c| Some(c) == own_country)
        && source.is_none_or(|s| cast.home.is_none() || cast.country(s) == cast.home)
}

/// The object right after a trigger is the speaker's own government: "the
/// (Lunde) administration", "the White House", "the government", "@POTUS",
/// or its legislature ("the Senate", "Congress", "our congressional leaders").
static OWN_GOVERNMENT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^\s*(?:(?:the|our|this) (?:(?P<whose>\p{Lu}[\p{L}.-]+(?:[-–\x{2060}]+\p{Lu}[\p{L}-]+)?) )?(?i:administration|White House|government|Senate|House of Representatives|House|Congress|Parliament|legislature|congressional leaders|lawmakers)\b|Congress\b|@POTUS|@WhiteHouse)",
    )
    .expect("own government")
});

/// The object right after a trigger is the speaker's own staff: "our deputy
/// prime ministers", "our negotiating teams", "our experts".
static OWN_STAFF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^\s*(?:all )?our (?:\w+ )?(?:(?:deputy )?(?:prime )?ministers|teams?|negotiators|experts|officials|diplomats|staff|servicemen|doctors|volunteers|specialists)\b",
    )
    .expect("own staff")
});

/// Whether person `p` is one of the article's principals, who may stand for
/// the other side a sentence leaves unnamed: named in the title or the lead,
/// or in two sentences; not a person named once in passing.
fn prominent(cx: &Context<'_>, p: usize) -> bool {
    let cast = cx.cast();
    let lead = cx.article.sentences.iter().take_while(|s| s.index.is_none_or(|i| i < 3)).count();
    cast.persons[p].first < lead
        || cast.refs.iter().filter(|refs| refs.iter().any(|r| r.who == Who::Person(p))).count() >= 2
}

/// "We signed a statement", said by a speaker in a talk of three to five:
/// the target the sentence does not name is every other speaker; "I
/// congratulate all of you": every person of another state named so far.
fn spoken_targets(t: &Trigger<'_>, cx: &Context<'_>, source: &Who, named_target: bool, targets: &mut Vec<Who>) {
    let cast = cx.cast();
    let says_it = cast.speakers.get(cx.si).is_some_and(|w| w.as_ref() == Some(source));
    if !named_target && targets.len() == 1 && says_it {
        let others = other_speakers(cx, source);
        if (2..=4).contains(&others.len()) && others.contains(&targets[0]) {
            *targets = others;
        }
        if crate::lexicon::AUDIENCE.find(&cx.s.text[t.end..]).is_some_and(|m| m.start() < 24) {
            let own = cast.country(source);
            let audience: Vec<Who> = (0..cast.persons.len())
                .filter(|&i| cast.persons[i].first <= cx.si && cast.persons[i].country.is_some_and(|c| Some(c) != own))
                .map(Who::Person)
                .collect();
            if audience.len() > 1 {
                *targets = audience;
            }
        }
    }
}

/// The persons speaking in the article's turns or labels, of states other
/// than `source`'s, in order of first speaking.
pub(crate) fn other_speakers(cx: &Context<'_>, source: &Who) -> Vec<Who> {
    let cast = cx.cast();
    let own = cast.country(source);
    let mut out: Vec<Who> = Vec::new();
    for w in cast.speakers.iter().flatten() {
        if matches!(w, Who::Person(_)) && cast.country(w).is_some() && cast.country(w) != own && !out.contains(w) {
            out.push(w.clone());
        }
    }
    out
}

/// "thanked the President of A and the Prime Minister of B": actors joined
/// to the target after the trigger by "and", a comma or "as well as" (a
/// title may stand before each) join it, unless they are the source's own.
fn coordinated(t: &Trigger<'_>, cx: &Context<'_>, source: &Who, targets: &mut Vec<Who>) {
    let text = cx.s.text;
    let Some(first) = cx.after(t.end).position(|r| r.who == targets[0]) else { return };
    let after: Vec<&crate::actors::Ref> = cx.after(t.end).collect();
    let source_country = cx.cast().country(source);
    let mut prev_end = after[first].end;
    for r in &after[first + 1..] {
        if r.start < prev_end {
            continue;
        }
        let title_state =
            matches!(r.who, Who::State(_)) && ["of ", "of the "].iter().any(|p| text[..r.start].ends_with(p));
        // The state of a title right after a name ("Y of X and ...") belongs
        // to that name; before a name ("and Prime Minister of X Y"), to the
        // gap before it.
        if title_state && matches!(text[prev_end..r.start].trim(), "of" | "of the") {
            prev_end = r.end;
            continue;
        }
        if !joined(&text[prev_end..r.start]) {
            break;
        }
        if title_state {
            continue;
        }
        let c = cx.cast().country(&r.who);
        prev_end = r.end;
        if r.who == Who::Parties || c.is_some() && c == source_country || targets.contains(&r.who) {
            continue;
        }
        targets.push(r.who.clone());
    }
}

/// A gap between two coordinated actors: a comma, "and" or "as well as",
/// then at most a few title words ("and Prime Minister", ", the Minister of",
/// "and Senior Minister of State for Law and Health").
fn joined(gap: &str) -> bool {
    let g = gap.trim();
    let rest = ["as well as", ", and", ",", "and"].iter().find_map(|c| g.strip_prefix(c));
    let Some(rest) = rest else { return false };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let portfolio =
        |w: &str| matches!(w, "for" | "and") && words.first().is_some_and(|f| f.starts_with(char::is_uppercase));
    words.len() <= 9
        && words.iter().all(|w| {
            matches!(*w, "the" | "of" | "his" | "her" | "their" | "our" | "my" | "to")
                || portfolio(w)
                || w.starts_with(char::is_uppercase) && !w.ends_with(',')
        })
}

/// (source, target) as the trigger's role places them around it.
fn by_role(t: &Trigger<'_>, cx: &Context<'_>) -> (Option<Who>, Option<Who>) {
    let before = || state_pronoun(t, cx).or_else(|| subject_before(t, cx)).or_else(|| whole_subject(t, cx));
    let first_after = || {
        cx.after(t.end)
            .find(|r| matches!(r.who, Who::Person(_) | Who::Group { .. } | Who::Org(_)))
            .map(|r| r.who.clone())
    };
    // The next one other than the first: "the Prime Minister of A, X," names one person twice.
    let second_after = |first: &Who| {
        cx.after(t.end)
            .filter(|r| matches!(r.who, Who::Person(_) | Who::Group { .. }) && r.who != *first)
            .map(|r| r.who.clone())
            .next()
    };
    match t.rule.role {
        Role::Inverse => {
            // "at the invitation of the Government of X": the state itself.
            let state_right_after = || {
                cx.after(t.end)
                    .next()
                    .filter(|r| matches!(r.who, Who::State(_)) && INVITING_STATE.is_match(&cx.s.text[t.end..r.start]))
            };
            // Only the phrase right after: not past "and in advance of the G7 Summit".
            let first = first_after()
                .filter(|w| {
                    cx.after(t.end).find(|r| r.who == *w).is_some_and(|r| {
                        let gap = &cx.s.text[t.end..r.start];
                        !gap.split(" and ").skip(1).any(|w| {
                            let next = w.split_whitespace().next().unwrap_or("");
                            matches!(next, "in" | "ahead" | "on" | "at" | "for" | "during" | "after" | "before" | "to")
                        })
                    })
                })
                .or_else(|| state_right_after().map(|r| r.who.clone()));
            // The one who came: the subject named before ("We met today at the
            // invitation of X, ... in light of Y's war"), else the one named
            // after the inviter ("At the invitation of X, Y visited").
            // A subject that is the inviter itself ("We, the Leaders of the G7,
            // met at the invitation of the G7 Presidency") leaves no invitee.
            let second = first.as_ref().and_then(|f| match before() {
                Some(b) if b == *f => None,
                Some(b) => Some(b),
                None => second_after(f).filter(|w| w != f),
            });
            (first, second)
        }
        // "X was received by Y", "Peru was condemned by Chile": a state too.
        Role::Passive => {
            let state_after = || cx.after(t.end).find(|r| matches!(r.who, Who::State(_))).map(|r| r.who.clone());
            let state_before =
                || cx.refs.iter().rfind(|r| r.end <= t.start && matches!(r.who, Who::State(_))).map(|r| r.who.clone());
            (first_after().or_else(state_after), before().or_else(state_before))
        }
        Role::Subject | Role::Possessor => {
            coordinated_object(t, cx).or_else(|| coordinated_states(t, cx)).unwrap_or_else(|| (before(), None))
        }
        Role::Speaker | Role::Addressee => {
            let cast = cx.cast();
            let speaker = cast.speakers[cx.si].clone();
            let spoken_to = speaker.as_ref().and_then(|s| cast.addressee(s));
            if t.rule.role == Role::Speaker { (speaker, spoken_to) } else { (spoken_to, speaker) }
        }
    }
}

/// The words between "at the invitation of" and a state that is the inviter.
static INVITING_STATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\s*(?:the )?(?:(?:[Gg]overnment|[Aa]uthorities|[Ll]eadership|[Pp]eople) of )?(?:the )?$")
        .unwrap()
});

/// "... to express his": a purpose clause right before the trigger.
static PURPOSE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\bto (?:express|convey|extend|offer|voice|reaffirm) (?:his |her |their |its |our )?(?:\w+ )?$")
        .unwrap()
});

/// The person (or group) acting before the trigger: the last one named
/// before it, unless a coordinated verb ("X wished Y success and extended
/// greetings") or a purpose ("X called Y to congratulate him") stands between
/// them: then the one before.
/// "A met B and invited her to visit": the second verb's subject is the
/// first's, its pronoun object the one named right before "and".
fn coordinated_object(t: &Trigger<'_>, cx: &Context<'_>) -> Option<(Option<Who>, Option<Who>)> {
    let after = cx.s.text[t.end..].trim_start();
    if !["him ", "her ", "them ", "him.", "her.", "them."].iter().any(|p| after.starts_with(p)) {
        return None;
    }
    let prior: Vec<&crate::actors::Ref> = cx
        .refs
        .iter()
        .filter(|r| r.end <= t.start && matches!(r.who, Who::Person(_) | Who::Group { .. } | Who::Org(_)))
        .collect();
    let last = prior.last()?;
    // An organisation's office may follow its name ("the WHO Director-General and").
    let mut between = cx.s.text[last.end..t.start].trim();
    if matches!(last.who, Who::Org(_)) && between.starts_with(char::is_uppercase) {
        between = between.trim_start_matches(|c: char| c.is_alphabetic() || c == '-').trim_start();
    }
    if !matches!(between, "and" | "and also" | "and then") {
        return None;
    }
    let subject = prior.iter().find(|r| r.who != last.who)?;
    Some((Some(subject.who.clone()), Some(last.who.clone())))
}

fn subject_before(t: &Trigger<'_>, cx: &Context<'_>) -> Option<Who> {
    // "Mr. X reaffirmed President Y's commitment ... and expressed": a
    // possessor is no subject.
    // Nor is a pronoun of an object or a possessor ("reiterated her support,
    // and congratulated": "her" is no subject).
    let possessive = |r: &crate::actors::Ref| {
        cx.s.text[r.end..].starts_with(['’', '\''])
            || matches!(
                cx.s.text[r.start..r.end].to_lowercase().as_str(),
                "her" | "him" | "his" | "them" | "their" | "its" | "our" | "my" | "me" | "us" | "your"
            )
    };
    let prior: Vec<&crate::actors::Ref> = cx.people().filter(|r| r.end <= t.start && !possessive(r)).collect();
    let last = prior.last()?;
    let between = &cx.s.text[last.end..t.start];
    // "X informed Y that the United States will provide": a clause after
    // "that" has its own subject, a state or a body named in it right
    // before the trigger (not "X stated that A's aim is B and thanked").
    let close = |r: &crate::actors::Ref| cx.s.text[r.end..t.start].split_whitespace().count() <= 3;
    if let Some(that) = between.find(" that ").map(|i| last.end + i + " that ".len())
        && cx.refs.iter().any(|r| r.start >= that && r.end <= t.start && close(r))
    {
        return None;
    }
    // One who opens the sentence or a clause is its subject ("During the
    // meeting with X, Y noted ... and thanked"), not the object of a verb.
    let lead = cx.s.text[..last.start].trim_end();
    // "... an accord that Space Agency Administrator X and Y signed": a
    // relative clause opens with its own subject (past the title).
    let relative = lead
        .rsplit(' ')
        .find(|w| !w.starts_with(char::is_uppercase))
        .is_some_and(|w| matches!(w, "that" | "which" | "whom"));
    let opens = lead.is_empty() || lead.ends_with([',', ';', ':']) || relative;
    let coordinated = between.contains(" and ")
        && !between.trim_start().starts_with("and ")
        && !between.contains(',')
        && !opens
        // "He welcomed remarks from X, and appreciated ...": one named right
        // before "and" and the verb is the object of the verb before (a
        // subject would follow the "and").
        || matches!(between.trim(), "and" | ", and" | "and also" | ", and also")
        // "X called Y today to congratulate him", "... to express his appreciation":
        // the purpose is the subject's.
        || between.ends_with(" to ")
        || PURPOSE.is_match(between);
    match prior.iter().rev().find(|r| r.who != last.who) {
        Some(earlier) if coordinated => Some(earlier.who.clone()),
        _ => Some(last.who.clone()),
    }
}

pub(super) static WEEKDAY_OR_MONTH: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b").unwrap()
});

/// A numbered paragraph's marker before its first word: "2.", "(b)", "iv)", "•".
pub(super) static LIST_MARKER: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:\(?(?:\d{1,3}|[ivxlc]{1,5}|[a-z])[.)]|[•*–-])$").unwrap());

fn whole_subject(t: &Trigger<'_>, cx: &Context<'_>) -> Option<Who> {
    let text = cx.s.text;
    let r = cx.refs.iter().rfind(|r| r.end <= t.start)?;
    if !matches!(r.who, Who::State(_) | Who::Org(_)) {
        return None;
    }
    let lead = text[..r.start].trim_end().trim_start_matches(['“', '"', '«', '‘']);
    let lead = lead.strip_suffix("The").or_else(|| lead.strip_suffix("the")).unwrap_or(lead).trim_end();
    // The sentence or a clause opens there: after a comma, a colon ("UXO
    // Activities: The United States will ..."), a semicolon, a dash or
    // "that" ("informed X that the United States will ...").
    let opens = lead.is_empty()
        || lead.ends_with([',', ':', ';', '—', '–'])
        || lead.ends_with(" that")
        || LIST_MARKER.is_match(lead);
    let possessive = text[r.end..].starts_with(['\'', '’']);
    (opens && !possessive).then(|| r.who.clone())
}

/// The first actor after the trigger other than the source: a state only when
/// it is another state than the source's, and not inside a title ("the President of X").
fn first_target(t: &Trigger<'_>, cx: &Context<'_>, source: &Who) -> Option<Who> {
    let text = cx.s.text;
    // The end of the last state read as a place: states listed after it are places too
    // ("violence wherever it occurs, including in A, B and C").
    let mut place_end: Option<usize> = None;
    let mut venue_end: Option<usize> = None;
    cx.after(t.end)
        .filter(|r| r.who != *source && r.who != Who::Parties)
        .find(|r| match &r.who {
            // "agreed to meet on the margins of the UN General Assembly": a
            // venue (with a name right after it: "the UN | General Assembly").
            Who::State(_) | Who::Org(_) | Who::Group { .. }
                if VENUE_BEFORE.is_match(&text[..r.start])
                    || venue_end.is_some_and(|e| e <= r.start && text[e..r.start].trim().is_empty()) =>
            {
                venue_end = Some(r.end);
                false
            }
            // Inside a title ("the President of X") or a place ("an attack in X").
            Who::State(_)
                if ["of ", "of the ", "in ", "in the "].iter().any(|p| text[..r.start].ends_with(p))
                    && !stands_for_state(&text[..r.start])
                    || place_end.is_some_and(|e| e <= r.start && joined(&text[e..r.start])) =>
            {
                place_end = Some(r.end);
                false
            }
            // "Singapore Minister for Law K Shanmugam", "Belarus's Minister of Justice X":
            // the state qualifies the person named next.
            Who::State(_)
                if ["'s ", "’s ", " "]
                    .iter()
                    .find_map(|p| text[r.end..].strip_prefix(p))
                    .is_some_and(|t| t.starts_with(char::is_uppercase))
                    && cx.after(r.end).any(|p| matches!(p.who, Who::Person(_))) =>
            {
                false
            }
            Who::State(c) => Some(*c) != cx.cast().country(source),
            _ => true,
        })
        .map(|r| r.who.clone())
}

/// The words before a body that make it the venue of the act, not its target.
static VENUE_BEFORE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\b(?:(?:margins?|sidelines?) of|during)(?: the)?(?: (?:next|upcoming|forthcoming|coming|annual|current|this year's))? $").expect("venue before")
});

/// "the Government of X", "the authorities of X": the state itself, not a title's.
fn stands_for_state(before: &str) -> bool {
    let before = before.trim_end().trim_end_matches(" the").trim_end_matches(" of").to_lowercase();
    ["government", "leadership", "authorities"].iter().any(|w| before.ends_with(w))
}

/// The state a gazetteer hit after byte `at` names (no demonyms), if it is not `source`'s.
pub(crate) fn state_named_after(cx: &Context<'_>, at: usize, source: &Who) -> Option<&'static str> {
    cx.places
        .iter()
        .filter(|h| h.start >= at && !matches!(h.entry, Entry::Demonym { .. }))
        .filter(|h| !VENUE_BEFORE.is_match(&cx.s.text[..h.start]))
        .find_map(|h| crate::mentions::country_of(&h.entry))
        .filter(|c| Some(*c) != cx.cast().country(source))
}

/// Whether a sentence is someone's own words: quoted, or in the first or
/// second person ("Thank you ...", "We welcome ..."), not narration.
fn spoken(text: &str) -> bool {
    static PERSON: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\b(?:I|[Ww]e|[Yy]ou|[Mm]y|[Oo]ur)\b").expect("first person"));
    text.contains(['“', '"', '«']) || PERSON.is_match(text)
}
