//! Who acts in a clause when the rules' plain reading (the actor right
//! before the trigger) does not say: two states opening it together, a body
//! the cast does not know, an office the protagonist does not hold.

use super::directed::{LIST_MARKER, WEEKDAY_OR_MONTH};
use super::{Context, Trigger};
use crate::actors::Who;

/// "The Second Gentleman will also travel to X" on a page whose protagonist
/// is the Vice President: the clause's subject is an office (not a head of
/// state's) the protagonist does not hold, so not they.
pub(super) fn another_office(t: &Trigger<'_>, cx: &Context<'_>, protagonist: usize) -> bool {
    let before = &cx.s.text[..t.start];
    let clause = before[before.rfind([',', ';', ':']).map_or(0, |i| i + 1)..].trim_start();
    let Some(rest) = clause.strip_prefix("The ").or_else(|| clause.strip_prefix("the ")) else { return false };
    let office: Vec<&str> = rest.split_whitespace().take_while(|w| w.starts_with(char::is_uppercase)).collect();
    let Some(title) = attache_gazetteer::gazetteer().title_head(&office.join(" ")) else { return false };
    // "The President" is the site's head of state, found elsewhere.
    title.sector != attache_model::kinds::Sector::Hos
        && cx.cast().persons[protagonist].head.is_some_and(|h| h != title.head)
}

/// "the Millennium Challenge Corporation (MCC) signed ...": the clause's
/// subject is a body named in capitals that is no actor of the cast; the
/// article's protagonist does not stand in for it.
pub(super) fn unknown_agent(t: &Trigger<'_>, cx: &Context<'_>) -> bool {
    let before = &cx.s.text[..t.start];
    let clause_start = before.rfind([',', ';', ':']).map_or(0, |i| i + 1);
    if cx.refs.iter().any(|r| r.start >= clause_start && r.end <= t.start) {
        return false;
    }
    // The capitalised run that opens the clause (after "the").
    let clause = before[clause_start..].trim_start();
    let clause = clause.strip_prefix("the ").or_else(|| clause.strip_prefix("The ")).unwrap_or(clause);
    let run: Vec<&str> = clause
        .split_whitespace()
        .take_while(|w| w.starts_with(char::is_uppercase) || matches!(*w, "of" | "for" | "and" | "&"))
        .collect();
    let stop = |x: &str| {
        !x.starts_with(char::is_uppercase)
            || matches!(
                x,
                "A" | "An"
                    | "In"
                    | "On"
                    | "At"
                    | "I"
                    | "We"
                    | "Today"
                    | "This"
                    | "Later"
                    | "Also"
                    | "Then"
                    | "Last"
                    | "Next"
                    | "And"
                    | "But"
                    | "So"
                    | "Or"
                    | "Yet"
            )
            || WEEKDAY_OR_MONTH.is_match(x)
    };
    // "USTDA announced funding ...": an acronym alone names a body too.
    let acronym = run.len() == 1 && run[0].len() >= 3 && run[0].chars().all(|c| c.is_ascii_uppercase());
    if run.len() < 2 && !acronym || stop(run[0]) {
        return false;
    }
    let phrase = run.join(" ");
    let g = attache_gazetteer::gazetteer();
    // "The First Lady", "The National Security Advisors", "The United States": someone known.
    g.places(&phrase).is_empty()
        && g.title_head(&phrase).is_none()
        && g.title_head(phrase.trim_end_matches('s')).is_none()
}

/// A state or an organisation acting as a whole as the subject of the
/// trigger ("Australia condemns ...", "The United States welcomes ..."): it
/// opens the sentence or its clause (after a comma) and is not a possessive.
/// "The United States and Chile will launch ...": two states (or
/// organisations) opening the clause act as wholes, the first towards the
/// second unless the sentence names someone after the trigger (or they
/// condemn or praise together).
pub(super) fn coordinated_states(t: &Trigger<'_>, cx: &Context<'_>) -> Option<(Option<Who>, Option<Who>)> {
    let text = cx.s.text;
    let mut prior = cx.refs.iter().filter(|r| r.end <= t.start).rev();
    let (b, a) = (prior.next()?, prior.next()?);
    let whole = |w: &Who| matches!(w, Who::State(_) | Who::Org(_));
    if !whole(&a.who) || !whole(&b.who) || a.who == b.who || !matches!(&text[a.end..b.start], " and " | " and the ") {
        return None;
    }
    let verb = &text[b.end..t.start];
    if verb.contains([',', '\'', '’']) || verb.split_whitespace().count() > 3 {
        return None;
    }
    let lead = text[..a.start].trim_end().trim_start_matches(['“', '"', '«', '‘']);
    let lead = lead.strip_suffix("The").or_else(|| lead.strip_suffix("the")).unwrap_or(lead).trim_end();
    if !(lead.is_empty() || lead.ends_with([',', ':', ';', '—', '–']) || LIST_MARKER.is_match(lead)) {
        return None;
    }
    // The home side first ("India and the United States" on a US page).
    let home = cx.cast().home;
    let (a, b) = if home.is_some() && cx.cast().country(&b.who) == home { (b, a) } else { (a, b) };
    // Two who condemn or praise together do so of a third ("The United
    // States and France condemn the scourge of ..." names none).
    let together = t.rule.id.starts_with("condemn/") || t.rule.id.starts_with("praise/");
    let named_after = cx.after(t.end).next().is_some();
    Some((Some(a.who.clone()), (!named_after && !together).then(|| b.who.clone())))
}

/// "... welcomes Chile's announcement that it will provide ...": "it" right
/// before the trigger is the state or organisation named last before it
/// (its possessor too).
pub(super) fn state_pronoun(t: &Trigger<'_>, cx: &Context<'_>) -> Option<Who> {
    let before = cx.s.text[..t.start].trim_end();
    let at = before.strip_suffix(" it").map(str::len)?;
    // The one whose announcement it is: its possessor, or a subject followed
    // by its verb ("Denmark announced ... and that it will"), not a state
    // named in passing ("in collaboration with the United States, and that it").
    let subject = |r: &&crate::actors::Ref| {
        let after = &cx.s.text[r.end..];
        let word = after.strip_prefix(' ').and_then(|a| a.split(' ').next()).unwrap_or("");
        after.starts_with(['’', '\''])
            || word.starts_with(char::is_lowercase)
                && !matches!(word, "and" | "or" | "of" | "in" | "to" | "for" | "with" | "on" | "at" | "by" | "from")
    };
    cx.refs
        .iter()
        .filter(|r| r.end <= at && matches!(r.who, Who::State(_) | Who::Org(_)))
        .filter(subject)
        .max_by_key(|r| r.end)
        .map(|r| r.who.clone())
}
