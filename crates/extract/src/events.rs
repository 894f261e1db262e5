//! Events: trigger phrases (`data/extract/triggers.tsv`) found sentence by
//! sentence, minus generic pledges and negations (`data/extract/generic.tsv`);
//! their sides from the references around the trigger; their date from the
//! sentence or the publication day; one MEET per encounter, one event per
//! type, source and target otherwise.

use std::sync::LazyLock;

use attache_model::annotation::{Event, Location};
use attache_model::kinds::{DateBasis, EventKind, MeetMode, Sector};
use jiff::civil::Date;
use regex::{Regex, RegexSet};

use crate::actors::{Cast, Who};
use crate::{Sentence, Trace, dates, topics};

struct Rule {
    id: String,
    kind: EventKind,
    mode: Option<MeetMode>,
    role: &'static str,
    re: Regex,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    include_str!("../../../data/extract/triggers.tsv")
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.starts_with("type\t") && !l.trim().is_empty())
        .map(|(n, l)| {
            let f: Vec<&'static str> = l.split('\t').collect();
            Rule {
                id: format!("{}/{}", f[0], n + 1),
                kind: f[0].parse().unwrap_or_else(|e| panic!("data/extract/triggers.tsv line {}: {e}", n + 1)),
                mode: (f[1] != "-")
                    .then(|| f[1].parse().unwrap_or_else(|e| panic!("data/extract/triggers.tsv line {}: {e}", n + 1))),
                role: f[2],
                re: Regex::new(&format!(r"(?i)\b(?:{})", f[3])).expect("trigger pattern"),
            }
        })
        .collect()
});

/// All trigger patterns in one automaton: one pass tells which rules can fire.
static RULE_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    // ASCII word boundaries keep the set on the fast DFA; each rule's own regex
    // (Unicode boundaries) confirms the match.
    RegexSet::new(RULES.iter().map(|r| r.re.as_str().replace(r"\b", r"(?-u:\b)"))).expect("trigger set")
});

/// (the type a pattern voids, `None` for every type; the pattern)
static GENERIC: LazyLock<Vec<(Option<EventKind>, Regex)>> = LazyLock::new(|| {
    include_str!("../../../data/extract/generic.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("type\t") && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(t, p)| {
            let kind = (t != "*").then(|| t.parse().unwrap_or_else(|e| panic!("data/extract/generic.tsv: {e}")));
            (kind, Regex::new(&format!(r"(?i)\b(?:{p})\b")).expect("generic pattern"))
        })
        .collect()
});

static HEADED_BY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:headed|led) by\b").unwrap());

static HYPOTHETICAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:may|might|could|would)\s+(?:\w+\s+)?$").unwrap());

/// The order types are tried in: the more specific first.
const TYPES: &[EventKind] = &[
    EventKind::Credentials,
    EventKind::Condemn,
    EventKind::Invite,
    EventKind::Praise,
    EventKind::Agree,
    EventKind::Intend,
    EventKind::Meet,
];

type Found = (Event, Vec<Who>, Vec<Who>);

pub(crate) fn find(sentences: &[Sentence<'_>], cast: &Cast, published: Option<Date>) -> (Vec<Found>, Vec<Trace>) {
    let mut out: Vec<Found> = Vec::new();
    let mut traces: Vec<Trace> = Vec::new();
    let all_text: String = sentences.iter().map(|s| s.text).collect::<Vec<_>>().join(" ");
    let article_topics = topics::find(&all_text);
    let has_credentials =
        sentences.iter().any(|s| RULES.iter().any(|r| r.kind == EventKind::Credentials && r.re.is_match(s.text)));
    let mut main_meet: Option<usize> = None;
    for (si, s) in sentences.iter().enumerate() {
        let refs = &cast.refs[si];
        let mut proposed_before: Vec<usize> = Vec::new();
        // "The delegation ... was headed by X": X joins the encounter.
        if let Some(main) = main_meet
            && let Some(h) = HEADED_BY.find(s.text)
            && let Some(who) =
                refs.iter().find(|r| r.start >= h.end() && matches!(r.who, Who::Person(_))).map(|r| r.who.clone())
            && !out[main].1.contains(&who)
            && !out[main].2.contains(&who)
        {
            out[main].2.push(who);
        }
        let fired = RULE_SET.matches(s.text);
        for &kind in TYPES {
            if s.index.is_none() && out.iter().any(|(e, _, _)| e.kind == kind) {
                continue; // the headline restates the body
            }
            // The earliest trigger of this type in the sentence; for MEET the most
            // specific mode (rows are ordered call, visit, multilateral, meeting).
            let mut candidates = RULES
                .iter()
                .enumerate()
                .filter(|(i, r)| r.kind == kind && fired.matched(*i))
                .filter_map(|(_, r)| r.re.find(s.text).map(|m| (r, m)))
                .filter(|(_, m)| {
                    !GENERIC.iter().any(|(t, re)| {
                        *t == Some(kind) && re.find_iter(s.text).any(|g| g.start() < m.end() && m.start() < g.end())
                    })
                });
            let chosen =
                if kind == EventKind::Meet { candidates.next() } else { candidates.min_by_key(|(_, m)| m.start()) };
            let Some((rule, m)) = chosen else {
                continue;
            };
            // "invited him to take part in the forum": the meeting is only proposed.
            if kind == EventKind::Meet
                && let Some(end) = proposed_before.iter().copied().filter(|&e| e <= m.start()).max()
                && s.text[end..m.start()].contains(" to ")
            {
                continue;
            }
            if matches!(kind, EventKind::Invite | EventKind::Intend) {
                proposed_before.push(m.end());
            }
            if GENERIC.iter().any(|(t, re)| t.is_none() && re.is_match(s.text))
                || HYPOTHETICAL.is_match(&s.text[..m.start()])
            {
                continue;
            }
            if kind == EventKind::Meet && has_credentials && rule.mode == Some(MeetMode::Meeting) {
                continue; // the ceremony is the encounter
            }
            // Sides: persons, groups and "the parties" around the trigger.
            let people: Vec<&crate::actors::Ref> =
                refs.iter().filter(|r| matches!(r.who, Who::Person(_) | Who::Group { .. } | Who::Parties)).collect();
            let before = people.iter().rev().find(|r| r.end <= m.start()).map(|r| r.who.clone());
            let after_refs: Vec<&crate::actors::Ref> = refs.iter().filter(|r| r.start >= m.end()).collect();
            let first_after = |want_state: bool| {
                after_refs
                    .iter()
                    .find(|r| match r.who {
                        Who::Person(_) | Who::Group { .. } | Who::Org(_) => true,
                        Who::State(_) => want_state,
                        Who::Parties => false,
                    })
                    .map(|r| r.who.clone())
            };
            let (_, mut sentence_date) = date_for(kind, s.text, published);
            if kind == EventKind::Intend && sentence_date.is_none() && si > 0 {
                // "... the referendum, to be held on March 15. ... X confirmed readiness to send observers."
                sentence_date = (si.saturating_sub(2)..si).rev().find_map(|k| {
                    date_for(kind, sentences[k].text, published).1.filter(|d| d.basis == DateBasis::Stated)
                });
            }
            let mut source: Vec<Who>;
            let mut target: Vec<Who>;
            if kind == EventKind::Meet {
                let mut participants: Vec<Who> = people.iter().map(|r| r.who.clone()).collect();
                // "the parties" stand for the encounter's sides only when nobody else is named.
                if participants.iter().all(|w| *w == Who::Parties) {
                    participants.retain(|w| *w != Who::Parties);
                    if let Some(main) = main_meet {
                        participants.extend(out[main].1.iter().cloned());
                        participants.extend(out[main].2.iter().cloned());
                    }
                }
                participants.retain(|w| *w != Who::Parties);
                dedup(&mut participants);
                let (mut home, mut other): (Vec<Who>, Vec<Who>) =
                    participants.into_iter().partition(|w| cast.country(w).is_some() && cast.country(w) == cast.home);
                if home.is_empty() {
                    // A visit to the home side is hosted by its head of state when the article names one.
                    let host = (rule.mode == Some(MeetMode::Visit))
                        .then(|| {
                            (0..cast.persons.len()).find(|&i| {
                                cast.persons[i].country == cast.home && cast.persons[i].sector == Some(Sector::Hos)
                            })
                        })
                        .flatten();
                    if let Some(p) = host.or_else(|| cast.protagonist()) {
                        home.push(Who::Person(p));
                    }
                }
                if other.is_empty()
                    && let Some(org) =
                        after_refs.iter().find_map(|r| if let Who::Org(_) = r.who { Some(r.who.clone()) } else { None })
                {
                    other.push(org);
                }
                if other.is_empty() {
                    // A visit to a state named as a whole ("state visit to Kazakhstan").
                    if let Some(state) = after_refs.iter().find_map(|r| match r.who {
                        Who::State(c) if Some(c) != cast.home => Some(Who::State(c)),
                        _ => None,
                    }) {
                        other.push(state);
                    }
                }
                other.retain(|w| !home.contains(w));
                source = home;
                target = other;
                let own_date = sentence_date.as_ref().is_some_and(|d| d.basis != DateBasis::Published);
                // Same encounter: no date of its own and no new counterpart.
                if !own_date && let Some(main) = main_meet {
                    let known: Vec<Who> = out[main].2.clone();
                    let new_persons: Vec<Who> = target
                        .iter()
                        .filter(|w| !known.contains(w) && matches!(w, Who::Person(_) | Who::Group { .. }))
                        .cloned()
                        .collect();
                    let met_with = |w: &Who| {
                        matches!(w, Who::Person(_))
                            || refs.iter().any(|r| r.who == *w && s.text[..r.start].trim_end().ends_with(" with"))
                    };
                    let fresh_encounter =
                        new_persons.iter().any(met_with) && !known.is_empty() && rule.mode == Some(MeetMode::Meeting);
                    if !fresh_encounter {
                        // Named persons join the encounter (and replace a state standing in for them).
                        let persons: Vec<Who> =
                            new_persons.into_iter().filter(|w| matches!(w, Who::Person(_))).collect();
                        if !persons.is_empty() {
                            out[main].2.retain(|w| !matches!(w, Who::State(_)));
                            out[main].2.extend(persons);
                        }
                        continue;
                    }
                }
                if target.is_empty() {
                    continue;
                }
            } else {
                let second_after = || {
                    after_refs
                        .iter()
                        .filter(|r| matches!(r.who, Who::Person(_) | Who::Group { .. }))
                        .nth(1)
                        .map(|r| r.who.clone())
                };
                let (src, tgt) = match rule.role {
                    "inverse" => (first_after(false), second_after()),
                    "passive" => (first_after(false), before.clone()),
                    _ => (before.clone(), None),
                };
                if kind == EventKind::Intend && matches!(src, None | Some(Who::Parties)) {
                    let foreign = people.iter().find_map(|r| match r.who {
                        Who::Person(i) if cast.persons[i].country != cast.home => Some(Who::Person(i)),
                        _ => None,
                    });
                    if let (Some(f), Some(h)) = (foreign, cast.home) {
                        push_event(
                            &mut out,
                            &mut traces,
                            kind,
                            rule,
                            &m,
                            s,
                            sentence_date.clone(),
                            &cast.places[si][..],
                            vec![f],
                            vec![Who::State(h)],
                        );
                        continue;
                    }
                }
                let src = src.or_else(|| if s.index.is_none() { cast.protagonist().map(Who::Person) } else { None });
                let Some(src) = src.or_else(|| cast.protagonist().map(Who::Person)) else { continue };
                let mut tgt = tgt.or_else(|| {
                    after_refs
                        .iter()
                        .filter(|r| r.who != src && r.who != Who::Parties)
                        .find(|r| match &r.who {
                            // "the President of Kazakhstan K.Tokayev": a state inside a title is no target.
                            Who::State(_)
                                if s.text[..r.start].ends_with("of ") || s.text[..r.start].ends_with("of the ") =>
                            {
                                false
                            }
                            Who::State(c) => kind != EventKind::Meet && Some(*c) != cast.country(&src),
                            _ => true,
                        })
                        .map(|r| r.who.clone())
                });
                if kind == EventKind::Intend
                    && !after_refs.iter().any(|r| matches!(r.who, Who::Person(_)))
                    && let Some(c) = cast.places[si]
                        .iter()
                        .filter(|h| h.start >= m.end() && !matches!(h.entry, attache_gazetteer::Entry::Demonym { .. }))
                        .find_map(|h| crate::mentions::country_of(&h.entry))
                        .filter(|c| Some(*c) != cast.country(&src))
                {
                    tgt = Some(Who::State(c));
                }
                if kind == EventKind::Condemn {
                    // The perpetrator: a state attacks come "from".
                    if let Some(c) = condemned_state(s.text, &cast.places[si][..], m.end()) {
                        tgt = Some(Who::State(c));
                    }
                }
                let (src, tgt) = match src {
                    Who::Parties => {
                        let p = cast.protagonist().map(Who::Person);
                        let o = p
                            .as_ref()
                            .and_then(|p| if let Who::Person(i) = p { cast.other_side(*i) } else { None })
                            .map(Who::Person);
                        (p, tgt.filter(|t| *t != Who::Parties).or(o))
                    }
                    s => {
                        let fallback = if let Who::Person(i) = s { cast.other_side(i).map(Who::Person) } else { None };
                        let t = tgt.or_else(|| {
                            if kind == EventKind::Intend {
                                cast.home.filter(|h| Some(*h) != cast.country(&s)).map(Who::State).or(fallback.clone())
                            } else {
                                fallback.clone()
                            }
                        });
                        (Some(s), t)
                    }
                };
                let (Some(src), Some(mut tgt)) = (src, tgt) else { continue };
                if kind == EventKind::Praise
                    && s.text[m.end()..].starts_with(" for ")
                    && matches!(src, Who::Person(_) | Who::Group { .. })
                {
                    let source_country = cast.country(&src);
                    if let Some(p) = (0..cast.persons.len())
                        .find(|&p| cast.persons[p].country != source_country && cast.persons[p].country.is_some())
                    {
                        tgt = Who::Person(p);
                    }
                }
                if let Who::Org(acronym) = tgt
                    && let Some(p) = (0..cast.persons.len()).find(|&p| cast.persons[p].org == Some(acronym))
                {
                    tgt = Who::Person(p);
                }
                if src == tgt {
                    continue;
                }
                source = vec![src];
                target = vec![tgt];
            }
            let mut event = new_event(kind, rule, s, sentence_date.as_ref(), &cast.places[si][..]);
            if kind == EventKind::Meet
                && main_meet.is_none()
                && event.date_basis != Some(DateBasis::Stated)
                && event.date_basis != Some(DateBasis::Relative)
                || kind == EventKind::Meet && main_meet.is_none() && s.index.is_none_or(|i| i == 0)
            {
                event.topics = article_topics.clone();
                main_meet = Some(out.len());
            } else if kind == EventKind::Credentials {
                // The ceremony is the encounter: it is about what the whole article covers.
                event.topics = article_topics.clone();
            } else {
                event.topics = topics::find(s.text);
            }
            // Praise of a state merges into praise of its person by the same source.
            if kind == EventKind::Praise
                && let [Who::State(c)] = target.as_slice()
                && out.iter().any(|(e, so, ta)| {
                    e.kind == EventKind::Praise && *so == source && ta.iter().any(|t| cast.country(t) == Some(*c))
                })
            {
                continue;
            }
            // One event per type, source and target (thanks and congratulations merge).
            if kind != EventKind::Meet && out.iter().any(|(e, so, ta)| e.kind == kind && *so == source && *ta == target)
            {
                continue;
            }
            source.sort_by_key(|w| format!("{w:?}"));
            record(&mut out, &mut traces, rule, &m, s, event, std::mem::take(&mut source), std::mem::take(&mut target));
        }
    }
    // Order events by evidence position is the order found; drop MEETs left without sides.
    (out, traces)
}

/// An event of `kind` that sentence `s` states; sides and topics are the caller's.
fn new_event(
    kind: EventKind,
    rule: &Rule,
    s: &Sentence<'_>,
    date: Option<&dates::FoundDate>,
    hits: &[attache_gazetteer::Hit],
) -> Event {
    Event {
        kind,
        mode: rule.mode,
        date: date.map(|d| d.value.clone()),
        date_basis: date.map(|d| d.basis),
        source: Vec::new(),
        target: Vec::new(),
        location: location(s.text, hits),
        topics: Vec::new(),
        evidence: s.text.to_string(),
        cameo: Some(kind.cameo(rule.mode).to_string()),
        plover: Some(kind.plover().to_string()),
    }
}

/// Adds an event and its provenance: the rule, the trigger, the sentence.
#[allow(clippy::too_many_arguments)]
fn record(
    out: &mut Vec<Found>,
    traces: &mut Vec<Trace>,
    rule: &Rule,
    m: &regex::Match<'_>,
    s: &Sentence<'_>,
    event: Event,
    source: Vec<Who>,
    target: Vec<Who>,
) {
    traces.push(Trace {
        event: out.len(),
        rule: rule.id.clone(),
        trigger: m.as_str().to_string(),
        sentence: s.index,
        span: s.offset.map(|o| (o, o + s.text.len())),
    });
    out.push((event, source, target));
}

/// Adds a non-MEET event unless one of its type, source and target exists.
#[allow(clippy::too_many_arguments)]
fn push_event(
    out: &mut Vec<Found>,
    traces: &mut Vec<Trace>,
    kind: EventKind,
    rule: &Rule,
    m: &regex::Match<'_>,
    s: &Sentence<'_>,
    date: Option<dates::FoundDate>,
    hits: &[attache_gazetteer::Hit],
    source: Vec<Who>,
    target: Vec<Who>,
) {
    if out.iter().any(|(e, so, ta)| e.kind == kind && *so == source && *ta == target) {
        return;
    }
    let mut event = new_event(kind, rule, s, date.as_ref(), hits);
    event.topics = topics::find(s.text);
    record(out, traces, rule, m, s, event, source, target);
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

static FUTURE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:to be held|will be held|scheduled|planned|until|for|upcoming|next)\s+(?:\w+\s+){0,3}$").unwrap()
});

/// The date of an event of `kind` stated in the sentence, or the publication day.
fn date_for(
    kind: EventKind,
    sentence: &str,
    published: Option<Date>,
) -> (Vec<dates::FoundDate>, Option<dates::FoundDate>) {
    let found = dates::find(sentence, published);
    let usable: Vec<&dates::FoundDate> =
        found.iter().filter(|d| kind == EventKind::Intend || !FUTURE_CONTEXT.is_match(&sentence[..d.start])).collect();
    let pick = match kind {
        EventKind::Invite | EventKind::Praise | EventKind::Condemn => None,
        EventKind::Intend => usable.iter().find(|d| published.is_none_or(|p| d.day >= p)).cloned().cloned(),
        _ => usable.iter().find(|d| published.is_none_or(|p| d.day <= p)).cloned().cloned(),
    };
    let chosen = pick.or_else(|| {
        if kind == EventKind::Intend {
            None
        } else {
            published.map(|p| dates::FoundDate {
                value: p.to_string(),
                basis: DateBasis::Published,
                start: 0,
                end: 0,
                day: p,
            })
        }
    });
    (found, chosen)
}

/// The perpetrator state of a condemned act: a state (or its adjective) after "from".
fn condemned_state(sentence: &str, hits: &[attache_gazetteer::Hit], after: usize) -> Option<&'static str> {
    let hits: Vec<&attache_gazetteer::Hit> = hits.iter().filter(|h| h.start >= after).collect();
    hits.iter()
        .find(|h| sentence[..h.start].trim_end().ends_with("from") || sentence[..h.start].trim_end().ends_with("by"))
        .or_else(|| hits.first())
        .and_then(|h| crate::mentions::country_of(&h.entry))
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
