//! Events: sentence by sentence, each rule family (`rules::FAMILIES`, in
//! order) takes the trigger of its kind that fires (`data/extract/triggers/`),
//! unless generic pledges, negations or hypotheticals void it
//! (`data/extract/generic.tsv`, `data/extract/markers.tsv`); the family gives
//! the date and the sides; this loop records the event with its location,
//! topics and provenance. Input: the article's sentences and cast; output:
//! events with their sides, and one trace each.

use attache_model::annotation::{Event, Location};
use attache_model::kinds::EventKind;
use attache_model::names::fold;
use jiff::civil::Date;

use crate::actors::{Cast, Who};
use crate::rules::triggers::{self, Candidates, RULES};
use crate::rules::{Article, Choice, Context, FAMILIES, Family, Found, FoundEvent, Lead, Rule, Sides, Trigger};
use crate::{Sentence, Trace, topics};

pub(crate) fn find(
    sentences: &[Sentence<'_>],
    fired: &[Candidates],
    cast: &Cast,
    published: Option<Date>,
) -> (Vec<FoundEvent>, Vec<Trace>) {
    let article = Article {
        sentences,
        cast,
        published,
        posted: crate::dates::post_days(&sentences.iter().map(|s| s.text).collect::<Vec<_>>()),
        topics: std::cell::OnceCell::new(),
        ceremony: sentences.iter().zip(fired).any(|(s, f)| {
            RULES
                .iter()
                .enumerate()
                .any(|(i, r)| r.kind == EventKind::Credentials && f.matched(i) && r.re.is_match(s.text))
        }),
        lead: Lead::read(sentences, published),
    };
    let mut found = Found::default();
    if sentences.iter().any(|s| s.index.is_none() && triggers::personnel_headline(s.text)) {
        return (found.events, found.traces);
    }
    for (si, s) in sentences.iter().enumerate() {
        let cx = Context { article: &article, s, si, refs: &cast.refs[si], places: &cast.places[si] };
        found.proposed.clear();
        for family in FAMILIES {
            family.open_sentence(&cx, &mut found);
        }
        let fired = &fired[si];
        for family in FAMILIES {
            try_family(*family, &cx, fired, &mut found);
        }
    }
    states_as_interlocutors(&mut found, cast);
    (found.events, found.traces)
}

/// Kinds whose sides name the interlocutor rather than the state ("Y
/// thanked Russia" in a call with Putin is a thanks to Putin; what they
/// signed together at it, an agreement with Putin).
const ADDRESSED: [EventKind; 3] = [EventKind::Praise, EventKind::Invite, EventKind::Agree];

/// In an article about one encounter, a state praised, invited or agreed
/// with by one of its participants ("the Prime Ministers also signed an
/// agreement ... Samoa") stands for the one person of that state on the other
/// side of the encounter (ANNOTATION.md: the counterpart is who is spoken
/// to; the notes code "support for Russia's actions" in a call with Putin
/// as addressed to Putin). With two persons of that state there, or none,
/// or a speaker outside the encounter, the state stays.
fn states_as_interlocutors(found: &mut Found, cast: &Cast) {
    let Some(e) = found.encounter else { return };
    // The encounter, with the events it was split into (one per person met).
    let evidence = found.events[e].0.evidence.clone();
    let split = |ev: &Event| ev.kind == EventKind::Meet && ev.evidence == evidence;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for (_, source, target) in found.events.iter().filter(|(ev, _, _)| split(ev)) {
        a.extend(source.iter().filter(|w| matches!(w, Who::Person(_))).cloned());
        b.extend(target.iter().filter(|w| matches!(w, Who::Person(_))).cloned());
    }
    a.sort_by_key(|w| format!("{w:?}"));
    a.dedup();
    b.sort_by_key(|w| format!("{w:?}"));
    b.dedup();
    for (event, source, target) in found.events.iter_mut() {
        if split(event) || !ADDRESSED.contains(&event.kind) {
            continue;
        }
        // The other side of the encounter from the one who speaks.
        let other = match (source.iter().any(|w| a.contains(w)), source.iter().any(|w| b.contains(w))) {
            (true, false) => &b,
            (false, true) => &a,
            _ => continue,
        };
        for k in 0..target.len() {
            let Who::State(state) = target[k] else { continue };
            let mut of = other.iter().filter(|w| cast.country(w) == Some(state));
            if let (Some(p), None) = (of.next(), of.next())
                && !target.contains(p)
            {
                target[k] = p.clone();
            }
        }
    }
}

/// Asks one family about one sentence: its trigger, voids, date, sides; records the event.
fn try_family(family: &dyn Family, cx: &Context<'_>, fired: &Candidates, found: &mut Found) {
    let kind = family.kind();
    let text = cx.s.text;
    if cx.s.index.is_none() && found.events.iter().any(|(e, _, _)| e.kind == kind) {
        return; // the headline restates the body
    }
    let Some((rule, m)) = choose(family, cx, fired, 0) else { return };
    let before = found.events.len();
    fire(family, cx, rule, m, found, None);
    // "X thanked A for ... and praised the role of B": a second act of the
    // kind joined by "and" to the first is an event of its own, by the same actor.
    if matches!(kind, EventKind::Praise | EventKind::Condemn)
        && let Some((_, subject, _)) = found.events.get(before)
        && let Some((rule, second)) = choose(family, cx, fired, m.end())
        && text[m.end()..second.start()].contains(" and ")
    {
        let subject = subject.clone();
        fire(family, cx, rule, second, found, Some(subject));
    }
}

/// One trigger of `family` in the sentence: its voids, date and sides; records its events.
/// `subject`: the actor of a first act the trigger's is joined to, its source.
fn fire(
    family: &dyn Family,
    cx: &Context<'_>,
    rule: &'static Rule,
    m: regex::Match<'_>,
    found: &mut Found,
    subject: Option<Vec<Who>>,
) {
    let (kind, text) = (family.kind(), cx.s.text);
    if family.voided(rule, m.start(), cx, found) {
        return;
    }
    if family.proposes() {
        found.proposed.push(m.end());
    }
    if triggers::negated_or_hypothetical(text, m.start()) {
        return;
    }
    let date = family.dates(rule).pick(cx.article, cx.si, kind);
    let t = Trigger { rule, start: m.start(), end: m.end(), text: m.as_str(), date };
    let Some(mut sides) = family.sides(&t, cx, found) else { return };
    if let Some(subject) = subject {
        sides.target.retain(|w| !subject.contains(w));
        sides.source = subject;
        if sides.target.is_empty() {
            return;
        }
    }
    for mut sides in family.split(&t, cx, sides) {
        speaker_for_state(kind, &mut sides, cx);
        spokespersons_report(&mut sides, cx);
        if family.repeats(&sides, cx, found) || one_state(&sides, cx) || family.joins(&t, &sides, cx, found) {
            continue;
        }
        let mut event = new_event(&t, cx);
        event.topics =
            if family.about_article(&event, cx, found) { cx.article.topics().to_vec() } else { topics::find(text) };
        sides.source.sort_by_key(|w| format!("{w:?}"));
        record(found, &t, cx, event, sides);
    }
}

/// "Prime Minister X: “Norway welcomes ...”": the state the speaker of the
/// sentence speaks for, acting as a whole, is the speaker (a state is an
/// actor only where no person represents it). Only in what is said: a
/// welcome, thanks, a condemnation are the speaker's words; "Norway and
/// Chile signed ...", "Norway will open ...", "Norway met ..." report the
/// state's act, which the one reporting it took no part in unless the
/// sentence names them ("Joint Statement by President X and ...").
fn speaker_for_state(kind: EventKind, sides: &mut Sides, cx: &Context<'_>) {
    let cast = cx.cast();
    let Some(speaker @ Who::Person(_)) = cast.speakers.get(cx.si).cloned().flatten() else { return };
    // By a reference, or by surname where a headline has none.
    let named = || {
        cast.refs.get(cx.si).is_some_and(|refs| refs.iter().any(|r| r.who == speaker))
            || matches!(speaker, Who::Person(i) if format!(" {} ", fold(cx.s.text)).contains(&format!(" {} ", cast.persons[i].key)))
    };
    if !matches!(kind, EventKind::Praise | EventKind::Condemn) && !named() {
        return;
    }
    let Some(state) = cast.country(&speaker) else { return };
    if sides.source.contains(&Who::State(state)) && !sides.target.contains(&speaker) {
        sides.source.retain(|w| *w != Who::State(state) && *w != speaker);
        sides.source.push(speaker);
    }
}

/// The site's own spokesperson or press secretary reports the act, takes no
/// part in it: on a side, they stand for the state they speak for.
fn spokespersons_report(sides: &mut Sides, cx: &Context<'_>) {
    let cast = cx.cast();
    for side in [&mut sides.source, &mut sides.target] {
        let reporters = |w: &Who| {
            matches!(w, Who::Person(i) if cast.home.is_some() && cast.persons[*i].country == cast.home
                && matches!(cast.persons[*i].head, Some("spokesperson" | "spokesman" | "spokeswoman" | "press secretary")))
        };
        if !side.iter().any(reporters) {
            continue;
        }
        let states: Vec<Who> =
            side.iter().filter(|w| reporters(w)).filter_map(|w| cast.country(w)).map(Who::State).collect();
        side.retain(|w| !reporters(w));
        if side.is_empty() {
            side.extend(states.into_iter().take(1));
        }
    }
}

/// Every side acts for one and the same state: no counterpart, no event
/// (ANNOTATION.md section 3: "Vladimir Putin signed the Executive Order").
fn one_state(sides: &Sides, cx: &Context<'_>) -> bool {
    let cast = cx.cast();
    let mut countries = sides.source.iter().chain(&sides.target).map(|w| cast.country(w));
    let Some(Some(first)) = countries.next() else { return false };
    countries.all(|c| c == Some(first))
}

/// The trigger of `family` in the sentence: among its rows that fired and are
/// not inside a generic pledge of its kind, the earliest (or the first row).
/// Only triggers starting at or after byte `from` count.
fn choose<'t>(
    family: &dyn Family,
    cx: &Context<'t>,
    fired: &Candidates,
    from: usize,
) -> Option<(&'static Rule, regex::Match<'t>)> {
    let (kind, text) = (family.kind(), cx.s.text);
    let mut candidates = RULES
        .iter()
        .enumerate()
        .filter(|(i, r)| r.kind == kind && fired.matched(*i) && family.applies(r, cx))
        .filter_map(|(_, r)| triggers::find_from(r, text, from).map(|m| (r, m)))
        .filter(|(_, m)| !triggers::generic_over(kind, text, m.start(), m.end()));
    match family.choice() {
        Choice::FirstRow => candidates.next(),
        Choice::Earliest => candidates.min_by_key(|(_, m)| m.start()),
    }
}

/// The event trigger `t` states in its sentence; sides and topics are the caller's.
fn new_event(t: &Trigger<'_>, cx: &Context<'_>) -> Event {
    let (kind, mode) = (t.rule.kind, t.rule.mode);
    Event {
        kind,
        mode,
        date: t.date.as_ref().map(|d| d.value.clone()),
        date_basis: t.date.as_ref().map(|d| d.basis),
        source: Vec::new(),
        target: Vec::new(),
        location: location(cx.s.text, cx.places),
        topics: Vec::new(),
        evidence: cx.s.text.to_string(),
        cameo: Some(kind.cameo(mode).to_string()),
        plover: Some(kind.plover().to_string()),
    }
}

/// Adds an event and its provenance: the rule, the trigger, the sentence.
fn record(found: &mut Found, t: &Trigger<'_>, cx: &Context<'_>, event: Event, sides: Sides) {
    let s = cx.s;
    found.traces.push(Trace {
        event: found.events.len(),
        rule: t.rule.id.to_string(),
        trigger: t.text.to_string(),
        sentence: s.index,
        span: s.offset.map(|o| (o, o + s.text.len())),
    });
    found.events.push((event, sides.source, sides.target));
}

/// Where the sentence says it happened: a city or country after "in".
fn location(sentence: &str, hits: &[attache_gazetteer::Hit]) -> Option<Location> {
    hits.iter()
        .find(|h| {
            sentence[..h.start].ends_with("in ")
                && matches!(h.entry, attache_gazetteer::Entry::City { .. } | attache_gazetteer::Entry::Country { .. })
        })
        .map(|h| Location {
            name: sentence[h.start..h.end].to_string(),
            country: crate::mentions::country_of(&h.entry).map(str::to_string),
        })
}
