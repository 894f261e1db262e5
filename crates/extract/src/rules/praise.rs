//! PRAISE: congratulations, thanks and praise. The date is the publication
//! day; praise "for" something goes to the person of the other state; praise
//! of a state merges into praise of its person by the same source; greetings
//! exchanged are a praise each way.

use attache_model::kinds::EventKind;

use super::directed::{self, Directed};
use super::{Context, DatePolicy, Family, Found, Sides, Trigger};
use crate::actors::Who;

pub(crate) struct Praise;

/// The gap between two persons joined as one subject: "A and Prime Minister B".
static CO_SUBJECT: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"^,? and (?:\p{Lu}[\p{L}.-]* ){0,4}$").expect("co-subject"));

/// Both sides as one subject ("The leaders hailed the launch of ...", "Both
/// Governments welcomed the new agreement"): praise of their own joint work,
/// not of each other, unless it goes to a third party ("the leaders commended
/// X for ..."); greetings they exchange are praise (each way).
static JOINT_SUBJECT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?:^|[,;:] )(?:[Tt]he|[Bb]oth)(?: two)? (?:[Ll]eaders|[Ss]ides|[Pp]arties|[Gg]overnments|[Pp]residents|[Pp]rime [Mm]inisters|[Mm]inisters|[Hh]eads of [Ss]tate|[Dd]elegations|[Cc]ountries|[Nn]ations|[Pp]articipants)(?: (?:also|further|jointly|together|warmly|strongly|both))?\s+$",
    )
    .expect("joint subject")
});

impl Family for Praise {
    fn kind(&self) -> EventKind {
        EventKind::Praise
    }

    fn triggers(&self) -> (&'static str, &'static str) {
        ("data/extract/triggers/praise.tsv", include_str!("../../../../data/extract/triggers/praise.tsv"))
    }

    fn dates(&self, _rule: &super::Rule) -> DatePolicy {
        DatePolicy::Published
    }

    /// Courtesy thanks ("Thank you very much, Mr President.", "thanked the
    /// hosts for the warm welcome") are no praise.
    /// Courtesy thanks ("thank you for coming"), and thanks that only say how
    /// an invitation or a message was taken ("accepted with thanks").
    fn voided(&self, _rule: &super::Rule, start: usize, cx: &Context<'_>, _found: &Found) -> bool {
        let before = &cx.s.text[..start];
        let taken = ["accepted with ", "received with ", "acknowledged with "].iter().any(|w| before.ends_with(w));
        // "He will express gratitude to X": thanks still to come.
        crate::lexicon::courtesy_thanks(cx.s.text, start) || taken || super::triggers::prospective(cx.s.text, start)
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, found: &mut Found) -> Option<Sides> {
        // "X and Y exchanged greetings": the two named before the trigger.
        if exchange(t) {
            let named: Vec<Who> = cx
                .people()
                .filter(|r| r.end <= t.start && matches!(r.who, Who::Person(_)))
                .map(|r| r.who.clone())
                .collect();
            if let [.., a, b] = named.as_slice()
                && a != b
            {
                return Some(Sides { source: vec![a.clone()], target: vec![b.clone()] });
            }
        }
        let sides = directed::sides(self, t, cx, found)?;
        if !exchange(t) && (praises_itself(t, cx, found, &sides) || thanks_no_one(t, cx, &sides)) {
            return None;
        }
        if unknown_object(t, cx) && !sides.target.iter().any(|w| cx.refs.iter().any(|r| r.who == *w)) {
            return None;
        }
        if !exchange(t)
            && (by_parties_to_no_one(t, cx, &sides) || joint_output(t, cx, &sides) || to_beneficiaries(t, cx, &sides))
        {
            return None;
        }
        // "welcomed the decision by Visa and Mastercard": the one whose act is
        // praised is named and is no actor; no one the article names stands in.
        let named_after = |w: &Who| cx.refs.iter().any(|r| r.start >= t.end && r.who == *w);
        if super::senses::outsider_named_after(cx, t.end, true) && !sides.target.iter().any(named_after) {
            return None;
        }
        // "Thank you, @POTUS": the one thanked right after the trigger is of
        // the source's own state: thanks at home, whoever else the article names.
        let cast = cx.cast();
        let spoken_to = |r: &&crate::actors::Ref| {
            let w = &cx.s.text[r.start..r.end];
            w.eq_ignore_ascii_case("you") || w.starts_with('@')
        };
        let thanked = cx
            .refs
            .iter()
            .find(|r| r.start >= t.end && r.start <= t.end + 2)
            .filter(spoken_to)
            .map(|r| cast.country(&r.who));
        let own = sides.source.first().map(|w| cast.country(w));
        if thanked.is_some_and(|c| c.is_some() && Some(c) == own)
            && !sides.target.iter().any(|w| Some(cast.country(w)) == own)
        {
            return None;
        }
        Some(sides)
    }

    /// "X and Y exchanged greetings": a praise each way.
    fn split(&self, t: &Trigger<'_>, _cx: &Context<'_>, sides: Sides) -> Vec<Sides> {
        if exchange(t) {
            let back = Sides { source: sides.target.clone(), target: sides.source.clone() };
            return vec![sides, back];
        }
        vec![sides]
    }

    fn repeats(&self, sides: &Sides, cx: &Context<'_>, found: &Found) -> bool {
        // Praise of a state merges into praise of its person by the same source.
        let of_its_person = match sides.target.as_slice() {
            [Who::State(c)] => found.events.iter().any(|(e, so, ta)| {
                e.kind == EventKind::Praise
                    && *so == sides.source
                    && ta.iter().any(|t| cx.cast().country(t) == Some(*c))
            }),
            _ => false,
        };
        of_its_person
            || found
                .events
                .iter()
                .any(|(e, so, ta)| e.kind == self.kind() && *so == sides.source && *ta == sides.target)
    }
}

impl Directed for Praise {
    /// "X thanked Y for ...": the one thanked is the person of the other state.
    fn final_target(&self, t: &Trigger<'_>, cx: &Context<'_>, source: &Who, target: Who) -> Who {
        if !cx.s.text[t.end..].starts_with(" for ") || !matches!(source, Who::Person(_) | Who::Group { .. }) {
            return target;
        }
        let cast = cx.cast();
        let source_country = cast.country(source);
        let other = |w: &Who| cast.country(w).is_some_and(|c| Some(c) != source_country);
        // "thanked for the support provided by the European Union": one named
        // after the trigger; "During the meeting with X, Y thanked for ...": a
        // person of another state the sentence names; else the article's first.
        // A state named there stands for its person the article names ("thanked
        // for Qatar's support" in a call with the Amir).
        let person_of = |w: &Who| match w {
            Who::State(c) => (0..cast.persons.len()).find(|&p| cast.persons[p].country == Some(*c)).map(Who::Person),
            _ => None,
        };
        // A person named in the sentence; a state or a body only as the one
        // whose act it is ("Qatar's support", "provided by the European
        // Union"), not as a place or a forum ("troops in Iraq", "at the UN").
        let acting = |r: &&crate::actors::Ref| match r.who {
            Who::Person(_) => true,
            Who::State(_) | Who::Org(_) => {
                cx.s.text[r.end..].starts_with(['’', '\''])
                    || cx.s.text[..r.start].trim_end_matches("the ").ends_with("by ")
            }
            _ => false,
        };
        cx.after(t.end)
            .filter(acting)
            .map(|r| &r.who)
            .find(|w| other(w))
            .or_else(|| cx.refs.iter().map(|r| &r.who).find(|w| matches!(w, Who::Person(_)) && other(w)))
            .map(|w| person_of(w).unwrap_or_else(|| w.clone()))
            .or_else(|| {
                (0..cast.persons.len())
                    .find(|&p| cast.persons[p].country != source_country && cast.persons[p].country.is_some())
                    .map(Who::Person)
            })
            .unwrap_or(target)
    }
}

/// "exchanged greetings": a praise each way between two sides.
fn exchange(t: &Trigger<'_>) -> bool {
    t.text.get(..7).is_some_and(|w| w.eq_ignore_ascii_case("exchang"))
}

/// Both sides as one subject praising their own work: "The leaders hailed
/// the launch of ..." (to a state of the encounter or of the source), "A and
/// B applauded the success of their initiative" (to A or B, or to A's or B's
/// state: "the progress of the A-B Alliance").
fn praises_itself(t: &Trigger<'_>, cx: &Context<'_>, found: &Found, sides: &Sides) -> bool {
    if JOINT_SUBJECT.is_match(&cx.s.text[..t.start]) && own_work(sides, cx, found) {
        return true;
    }
    if t.rule.role != super::triggers::Role::Subject || sides.target.is_empty() {
        return false;
    }
    let cast = cx.cast();
    let joined = |a: &crate::actors::Ref, b: &crate::actors::Ref| {
        a.end <= b.start && b.end <= t.start && CO_SUBJECT.is_match(&cx.s.text[a.end..b.start])
    };
    let before: Vec<&crate::actors::Ref> = cx.refs.iter().filter(|r| r.end <= t.start).collect();
    let pairs: Vec<(&Who, &Who)> = before
        .iter()
        .flat_map(|a| before.iter().filter(move |b| joined(a, b)).map(move |b| (&a.who, &b.who)))
        .collect();
    // A target named only as one of a joined pair with a source, or the state of one of a pair.
    let co_subject = |w: &Who| {
        pairs.iter().any(|(a, b)| (*a == w && sides.source.contains(b)) || (*b == w && sides.source.contains(a)))
            && !cx.refs.iter().any(|r| r.who == *w && r.start >= t.end)
    };
    let own_state = |w: &Who| {
        matches!(w, Who::State(_))
            && pairs.iter().any(|(a, b)| [a, b].iter().any(|x| cast.country(x) == cast.country(w)))
    };
    sides.target.iter().all(|w| co_subject(w) || own_state(w))
}

/// "thanked the Commonwealth of Virginia for ...": the one praised is named
/// right after the trigger but is no actor (a place at home, a firm, a
/// programme), so no counterpart of the article's stands in for it.
fn unknown_object(t: &Trigger<'_>, cx: &Context<'_>) -> bool {
    let rest = &cx.s.text[t.end..];
    let trimmed = rest.trim_start();
    let skipped = ["to the ", "the ", "to "].iter().find_map(|p| trimmed.strip_prefix(p)).unwrap_or(trimmed);
    let at = t.end + (rest.len() - skipped.len());
    let word = skipped.split_whitespace().next().unwrap_or("");
    // The object phrase: up to its "for", "on", "'s" or a comma.
    let phrase = [" for ", " on ", " in ", " and ", "’s", "'s", ",", ";"]
        .iter()
        .filter_map(|p| skipped.find(p))
        .min()
        .unwrap_or(skipped.len());
    let g = attache_gazetteer::gazetteer();
    let head: Vec<&str> = skipped[..phrase].split_whitespace().take(4).collect();
    let head = head.join(" ");
    word.starts_with(char::is_uppercase)
        && !matches!(
            word,
            "I" | "You" | "Mr." | "Ms." | "Mrs." | "Dr." | "His" | "Her" | "Their" | "Kingdom" | "Republic" | "State"
        )
        // "President @handle's plan", "the High Commissioner", "the
        // Ecuadorian people": an office holder, a state.
        && g.title_head(&head).is_none()
        && g.places(&head).is_empty()
        && !cx.refs.iter().any(|r| r.start < at + phrase && r.end > at)
}

/// "They also welcomed efforts to diversify supply chains": both sides as
/// one subject ("they", "the two leaders") praise no one the sentence names
/// after the trigger; neither praises the other.
fn by_parties_to_no_one(t: &Trigger<'_>, cx: &Context<'_>, sides: &Sides) -> bool {
    let cast = cx.cast();
    let by_parties = cx.people().filter(|r| r.end <= t.start).last().is_some_and(|r| r.who == Who::Parties);
    let named = |w: &Who| {
        cx.refs.iter().any(|r| {
            r.start >= t.end && (r.who == *w || cast.country(&r.who).is_some_and(|c| cast.country(w) == Some(c)))
        })
    };
    (by_parties || JOINT_SUBJECT.is_match(&cx.s.text[..t.start])) && !sides.target.iter().any(named)
}

/// "welcomed the Kingdom's financial support to Yemen", "welcomed efforts
/// by donors to mobilize assistance for Ukraine": each target is named only
/// as the one receiving the help praised, not as the one who gives it.
fn to_beneficiaries(t: &Trigger<'_>, cx: &Context<'_>, sides: &Sides) -> bool {
    static RECEIVING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(?:support|assistance|aid|help|contributions?)(?: [\w-]+){0,2} (?:to|for) (?:the )?$")
            .expect("receiving")
    });
    // "thanked His Majesty for ..., and affirmed U.S. support for Jordan": the one thanked is the object.
    if t.text.get(..5).is_some_and(|w| w.eq_ignore_ascii_case("thank")) {
        return false;
    }
    let text = cx.s.text;
    let named = |w: &Who| cx.after(t.end).filter(|r| r.who == *w).map(|r| r.start).collect::<Vec<_>>();
    !sides.target.is_empty()
        && sides.target.iter().all(|w| {
            let at = named(w);
            !at.is_empty() && at.iter().all(|&s| RECEIVING.is_match(&text[t.end..s]))
        })
}

/// "Thank you", "thanks" to no one the sentence names or the speaker
/// addresses (a reporter on a press call, "everyone"): a courtesy.
fn thanks_no_one(t: &Trigger<'_>, cx: &Context<'_>, sides: &Sides) -> bool {
    let w = cx.s.text[t.start..].get(..9).unwrap_or("").to_lowercase();
    (w.starts_with("thank you") || w.starts_with("thanks"))
        && !sides.target.iter().any(|w| cx.refs.iter().any(|r| r.who == *w))
}

/// Whether praise by both sides as one goes only to states of the encounter
/// or of its own source: their own joint work.
fn own_work(sides: &Sides, cx: &Context<'_>, found: &Found) -> bool {
    let cast = cx.cast();
    let mut ours: Vec<Option<&'static str>> = sides.source.iter().map(|w| cast.country(w)).collect();
    if let Some((_, a, b)) = found.encounter.and_then(|e| found.events.get(e)) {
        ours.extend(a.iter().chain(b).map(|w| cast.country(w)));
    } else if sides.target.iter().all(|w| matches!(w, Who::State(_) | Who::Person(_))) {
        // No encounter: a joint statement's or fact sheet's leaders are the
        // article's two sides; praise of one of them (a state, its leader)
        // is of their own work.
        ours.extend([cast.home, cast.counterpart].into_iter().filter(Option::is_some));
    }
    sides.target.iter().all(|w| ours.contains(&cast.country(w)))
}

/// "welcomed the signing of the A-B Action Plan", "commend progress made by
/// the A-B Dialogue": what is praised bears the names of the states (or the
/// body) of every side, joined by a hyphen: their own joint work.
fn joint_output(t: &Trigger<'_>, cx: &Context<'_>, sides: &Sides) -> bool {
    let rest = &cx.s.text[t.end..];
    // The thing praised, up to what is said of it ("congratulated X on ...",
    // "praised X as a champion of ...") or the next clause.
    let end =
        [" for ", " on ", " as ", " and ", ",", ";"].iter().filter_map(|p| rest.find(p)).min().unwrap_or(rest.len());
    let object = &rest[..end];
    // The sentence's own hits inside the object, at offsets into `object`.
    let hits: Vec<attache_gazetteer::Hit> = cx
        .places
        .iter()
        .filter(|h| h.start >= t.end && h.end <= t.end + end)
        .map(|h| attache_gazetteer::Hit { start: h.start - t.end, end: h.end - t.end, entry: h.entry.clone() })
        .collect();
    let of = |h: &attache_gazetteer::Hit| match h.entry {
        attache_gazetteer::Entry::Organization { .. } => Some("IGO"),
        _ => crate::mentions::country_of(&h.entry),
    };
    let cast = cx.cast();
    let ours: Vec<Option<&'static str>> = sides.source.iter().chain(&sides.target).map(|w| cast.country(w)).collect();
    hits.windows(2).any(|pair| {
        let joined = matches!(object[pair[0].end..pair[1].start].trim(), "-" | "–" | "‑" | "—");
        let names = [of(&pair[0]), of(&pair[1])];
        joined && !sides.target.is_empty() && ours.iter().all(|c| c.is_some() && names.contains(c))
    })
}
