//! A person's title as a sentence writes it: the words before a name or the
//! apposition after it in; a [`Role`] out (title, head, the state it acts
//! for, sector, organisation).

use std::sync::LazyLock;

use attache_gazetteer::{Entry, Title, gazetteer};
use attache_model::kinds::Sector;
use regex::Regex;

use crate::actors::{Ref, Who};
use crate::mentions::{self, PersonMention};

/// What a title says about its holder.
#[derive(Default)]
pub(crate) struct Role {
    pub title: Option<String>,
    pub head: Option<&'static str>,
    pub country: Option<&'static str>,
    pub sector: Option<Sector>,
    pub org: Option<&'static str>,
}

static CLAUSE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:met|meets|held|holds|received|receives|said|says|noted|stressed|visited|signed|thanked|congratulated|discussed|participated|attended|expressed|presented|took|was|were|is|are|has|have|on the sidelines)\b").unwrap()
});

/// Where a title starts: a capitalised title head.
static TITLE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:Deputy |First Deputy |Vice |Vice-)?(?:Ambassador|Minister|President|Permanent Representative|Director General|Director|Chairman|Chairperson|Chair|Head|Secretary|Consul|Prime Minister|Speaker|Governor|Professor|Rector|Senator|Special Representative|Commissioner|Envoy|Owner|CEO|Founder)\b").unwrap()
});

/// Words that open a headline or a sentence before a title: no part of it.
static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:(?:Joint |Press |Opening )?(?:Readouts?|Statements?|Remarks|Message|Letter|Address|Interview|Fact Sheet|Call|Meeting|Visit|Trip)(?: of| by| from| on| with| to)?(?: the)?)|Today|Yesterday|Tonight|This (?:morning|afternoon|evening|week)|Earlier today|On \w+(?: \d+)?|In \w+|(?:While|When|Once) (?:in|at) \p{Lu}\w+(?: \p{Lu}\w+)??)[,:]?\s+").unwrap()
});

/// Words that stand in no title as written (data/extract/title_breaks.txt), lower case.
static TITLE_BREAKS: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    attache_model::tsv::list("data/extract/title_breaks.txt", include_str!("../../../data/extract/title_breaks.txt"))
        .into_iter()
        .collect()
});

/// Letters after a name for a seat, an honour or a degree (data/extract/post_nominals.txt).
static POST_NOMINALS: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    attache_model::tsv::list("data/extract/post_nominals.txt", include_str!("../../../data/extract/post_nominals.txt"))
        .into_iter()
        .collect()
});

/// The text after a name without the post-nominals that may follow it
/// (", M.P.,", " KC MP,", ", PhD,"): what is left opens the apposition.
fn without_post_nominals(after: &str) -> &str {
    let mut rest = after;
    loop {
        let t = rest.strip_prefix(", ").or_else(|| rest.strip_prefix(' ')).unwrap_or(rest);
        let end = t.find([',', ' ', ';', ')']).unwrap_or(t.len());
        if end == 0 || !POST_NOMINALS.contains(&t[..end]) {
            return rest;
        }
        rest = &t[end..];
    }
}

const CONNECTORS: &[&str] = &["of", "the", "to", "and", "for", "at", "in", "on", "with", "from"];

/// The title before a name ("Ambassador of Kazakhstan to the Slovak Republic Zhanna
/// Saginova", "Kazakh Ambassador to Portugal, Jean Galiev") or in apposition after it
/// ("José Cezário, Chairman of the ... Committee of the Assembly of the Republic,"),
/// and what it says.
pub(crate) fn parse_role(sentence: &str, m: &PersonMention, named: &[PersonMention]) -> Role {
    // Not past another person's name.
    let mut floor = named.iter().filter(|o| o.end <= m.start).map(|o| o.end).max().unwrap_or(0);
    // Nor past the state of the name before ("X of Chile and Foreign Minister Y").
    if floor > 0
        && let Some(rest) = sentence[floor..m.start].strip_prefix(" of ")
        && let Some(h) = gazetteer().places(rest).first().filter(|h| h.start == 0 || rest[..h.start] == *"the ")
        && matches!(h.entry, Entry::Country { .. })
    {
        floor += " of ".len() + h.end;
    }
    let (before, by_honorific) = national_honorific(&sentence[floor..m.start]);
    let pre = title_before(before);
    let (post, paren_country) = title_after(&sentence[m.end..]);
    // "A, President of Norland B": a title followed by another name is that
    // name's; "A, Chief of Staff to Premier B" serves B and stays A's, up to B.
    let post = post.and_then(|p| {
        let start = p.as_ptr() as usize - sentence.as_ptr() as usize;
        match named.iter().find(|o| o.start >= start && o.start < start + p.len()) {
            None => Some(p),
            Some(o) => {
                let own = sentence[start..o.start].trim_end();
                own.contains(" to ").then_some(own)
            }
        }
    });
    let pre = pre.or_else(|| apposition_before(before));
    let (title, other) = match (pre, post) {
        (Some(p), Some(q)) if !p.contains(' ') => (Some(q), Some(p)),
        (Some(p), q) => (Some(p), q),
        (None, q) => (q, None),
    };
    match title {
        Some(title) => {
            let mut role = role_of(title, paren_country);
            // "General Kari Lunde, Chief of Staff of the Norwegian Army": the
            // state the other title names, when this one names none.
            if role.country.is_none()
                && let Some(other) = other
            {
                role.country = role_of(other, None).country;
            }
            role.country = role.country.or(by_honorific);
            // "The US commander in X, General Y": a description before the
            // title names the state the office acts for.
            if role.country.is_none()
                && let Some(p) = pre
            {
                let at = p.as_ptr() as usize - before.as_ptr() as usize;
                role.country = described_state(&before[..at]);
            }
            role
        }
        None => Role { country: paren_country.or(by_honorific), ..Role::default() },
    }
}

/// A title right before a name: walk back over capitalised words, connectors
/// and commas, drop leading connectors, start at a title head.
fn title_before(before: &str) -> Option<&str> {
    let mut start = before.len();
    let words: Vec<(usize, &str)> = before
        .split_inclusive(' ')
        .scan(0, |pos, w| {
            let s = *pos;
            *pos += w.len();
            Some((s, w))
        })
        .collect();
    for &(s, w) in words.iter().rev() {
        let core = w.trim().trim_end_matches(',');
        let cap = core.chars().next().is_some_and(|c| c.is_uppercase());
        let possessive = core.ends_with("'s") || core.ends_with("’s");
        // "his German counterpart X", "Japanese foreign minister X": a title's
        // own words in lower case.
        let head_word = !cap
            && !core.is_empty()
            && gazetteer().title_head(&before[s..]).is_some_and(|t| t.head.starts_with(&core.to_lowercase()));
        if core.is_empty() || cap || CONNECTORS.contains(&core) || possessive || head_word {
            if core.ends_with([';', ':', '(', ')', '"', '“', '”', '«', '»']) {
                break;
            }
            start = s;
        } else {
            break;
        }
    }
    let mut pre = before[start..].trim().trim_end_matches(',').trim();
    // "according to the Executive Director of the Agency, and X urged": a
    // title that a list's "and" follows is the one named before's.
    if pre.ends_with(" and") {
        return None;
    }
    // Leading punctuation and connectors are not the title (", and the Director General").
    loop {
        let trimmed = pre.trim_start_matches([',', ';', ' ']);
        let stripped =
            ["and ", "the ", "with ", "of ", "to ", "The "].iter().find_map(|lead| trimmed.strip_prefix(lead));
        match stripped {
            Some(rest) => pre = rest,
            None => {
                pre = trimmed;
                break;
            }
        }
    }
    // A headline's lead-in or a time word is no part of the title ("Readout of
    // President X", "Today, President X"), nor is a clause before a comma
    // ("While in Hanoi, President X").
    let pre = LEAD_IN.find(pre).map_or(pre, |m| &pre[m.end()..]);
    let pre = after_breaks(pre);
    // (A title before the comma makes two titles of one holder: "Chairperson
    // of the Union, President of Norland X".)
    let pre = match pre.rfind(", ") {
        Some(i) if gazetteer().title_head(&pre[i + 2..]).is_some() && gazetteer().title_head(&pre[..i]).is_none() => {
            &pre[i + 2..]
        }
        _ => pre,
    };
    // Another holder's title or a setting joined before it is not part of it
    // ("President of X, and President Y", "the conference with President Y",
    // "Norland and Prime Minister Y"): the last joined part that is a title.
    let pre = [" and ", " with "]
        .iter()
        .filter_map(|sep| pre.rfind(sep).map(|i| i + sep.len()))
        .max()
        .filter(|&i| gazetteer().title_head(&pre[i..]).is_some())
        .map_or(pre, |i| &pre[i..]);
    let pre =
        ["at the ", "in the ", "at ", "in ", "for ", "from "].iter().find_map(|l| pre.strip_prefix(l)).unwrap_or(pre);
    gazetteer().title_head(pre).map(|_| pre).filter(|p| !p.is_empty())
}

/// The title after the last word that stands in no title ("House Marks Year
/// of Progress Since President", "Senior Directors on President"), where a
/// title head follows it.
fn after_breaks(pre: &str) -> &str {
    fn strip(mut t: &str) -> &str {
        while let Some(rest) = ["the ", "of ", "to "].iter().find_map(|l| t.strip_prefix(l)) {
            t = rest;
        }
        t
    }
    let mut cut = None;
    let mut pos = 0;
    for w in pre.split_inclusive(' ') {
        pos += w.len();
        let core = w.trim().trim_end_matches(',');
        if !TITLE_BREAKS.contains(core.to_lowercase().as_str()) {
            continue;
        }
        let rest = strip(pre[pos..].trim_start());
        if rest.starts_with(char::is_uppercase)
            && gazetteer().title_head(rest).is_some()
            && !rest.contains("'s ")
            && !rest.contains("’s ")
        {
            cut = Some(rest);
        }
    }
    cut.unwrap_or(pre)
}

/// A title after a name (`after`, the text that follows it): ", TITLE," or
/// " (Country), TITLE,"; and the country in brackets.
fn title_after(after: &str) -> (Option<&str>, Option<&'static str>) {
    let g = gazetteer();
    let mut after = without_post_nominals(after);
    let mut paren_country = None;
    if let Some(rest) = after.strip_prefix(" (")
        && let Some(close) = rest.find(')')
    {
        paren_country = g.places(&rest[..close]).iter().find_map(|h| mentions::country_of(&h.entry));
        after = &rest[close + 1..];
    } else if let Some(rest) = without_numeral(after).strip_prefix(" of ") {
        // "Prime Minister Kari Lunde of Norway", "King Harald V of Norway":
        // the state named right after the name is the one its holder acts for.
        let rest = rest.strip_prefix("the ").unwrap_or(rest);
        paren_country = g
            .places(rest)
            .first()
            .filter(|h| h.start == 0 && matches!(h.entry, Entry::Country { .. }))
            .and_then(|h| mentions::country_of(&h.entry));
    }
    // "Lise Dahl, a Norwegian harbour mayor": the state of a described person.
    if paren_country.is_none()
        && let Some(rest) = after.strip_prefix(", a ").or_else(|| after.strip_prefix(", an "))
    {
        paren_country = g.places(rest).first().filter(|h| h.start == 0).and_then(|h| mentions::country_of(&h.entry));
    }
    let post = after.strip_prefix(", ").and_then(|rest| {
        // "X, the Prime Minister of Y,": the article before an office of a
        // state or body in apposition (not "Moonshot, the President and ...").
        let office_of = |r: &&str| {
            let phrase = &r[..r.find([',', ';', '.', '(']).unwrap_or(r.len())];
            r.starts_with(char::is_uppercase) && phrase.contains(" of ") && !phrase.contains(" and ")
        };
        let rest = rest.strip_prefix("the ").filter(office_of).unwrap_or(rest);
        let mut end = rest.find([',', ';', '.', '(']).unwrap_or(rest.len());
        let mut closed = rest[end..].starts_with([',', '.', ';', '(']) || end == rest.len();
        if let Some(v) = CLAUSE_VERB.find(&rest[..end]) {
            end = v.start();
            closed = true;
        }
        let phrase = rest[..end].trim();
        let first = phrase.split(' ').next().unwrap_or("");
        let starts_with_title = g.title_head(first).is_some() || first.chars().next().is_some_and(|c| c.is_uppercase());
        // The office opens the apposition: "X, JCN calls on the House to get
        // it to President Y's desk" names no office of X's.
        let opening: Vec<&str> = phrase.split_whitespace().take(6).collect();
        let head_early = g.title_head(&opening.join(" ")).is_some();
        let title = closed && starts_with_title && head_early && !phrase.contains(" the Ambassador");
        // "X, President, Harbour Workers Alliance: ...": the body the office
        // is of, when a quotation's attribution names it (no state, no office).
        let body = rest[end..].strip_prefix(", ").and_then(|b| {
            let stop = b.find([':', '(', ',', ';', '.', '“', '"'])?;
            let name = b[..stop].trim();
            (b[stop..].starts_with([':', '(']) && name.starts_with(char::is_uppercase))
                .then_some(name)
                .filter(|n| g.places(n).is_empty() && g.title_head(n).is_none())
        });
        match body {
            Some(b) if title => Some(&rest[..end + 2 + b.len()]),
            _ => title.then_some(phrase),
        }
    });
    (post, paren_country)
}

/// The text after a monarch's name without its numeral ("Abdullah II of Jordan").
fn without_numeral(after: &str) -> &str {
    let Some(rest) = after.strip_prefix(' ') else { return after };
    let numeral = rest.split([' ', ',', '.']).next().unwrap_or("");
    if !numeral.is_empty() && numeral.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        &rest[numeral.len()..]
    } else {
        after
    }
}

/// "TITLE ..., NAME": an apposition before the name, lower-case words and all.
fn apposition_before(before: &str) -> Option<&str> {
    let head_text = before.strip_suffix(", ")?;
    let start = TITLE_START.find_iter(head_text).last()?.start();
    let phrase = head_text[start..].trim();
    (phrase.split(' ').count() <= 24 && !CLAUSE_VERB.is_match(phrase) && !phrase.contains(['.', ';'])).then_some(phrase)
}

/// The state a description in apposition right before a title opens with
/// ("The US commander in X, " before "General Y"): a demonym or country
/// right after "The", in a clause of a few words without a verb.
fn described_state(before: &str) -> Option<&'static str> {
    let desc = before.strip_suffix(", ")?;
    let desc = desc.rsplit([',', ';', ':', '.']).next()?.trim_start();
    let rest = desc.strip_prefix("The ").or_else(|| desc.strip_prefix("the "))?;
    if desc.split(' ').count() > 8 || CLAUSE_VERB.is_match(desc) {
        return None;
    }
    let hits = gazetteer().places(rest);
    let first = hits.first().filter(|h| h.start == 0 && rest[h.end..].starts_with(' '))?;
    match first.entry {
        Entry::Demonym { iso3 } | Entry::Country { iso3 } => Some(iso3),
        _ => None,
    }
}

/// What a title says: its head, the state it acts for (from the part before
/// " to ": an ambassador to B acts for A; else the country in brackets), its
/// sector and organisation.
fn role_of(title: &str, paren_country: Option<&'static str>) -> Role {
    let g = gazetteer();
    // Country: in the part before " to " (an ambassador to B acts for A).
    // Head: there too when an office follows ("Senior Advisor to the
    // President" is no president).
    let own = title.split(" to ").next().unwrap_or(title);
    let serves = title.get(own.len()..).is_some_and(|rest| rest.starts_with(" to the "));
    let head = g.title_head(if serves { own } else { title });
    let th = g.places(own);
    // "The US commander in X": the state that qualifies the office, not the place it serves in.
    let lead = ["The ", "the "].iter().find(|a| own.starts_with(**a)).map_or(0, |a| a.len());
    let country = th
        .iter()
        .find(|h| h.start == lead && matches!(h.entry, Entry::Demonym { .. } | Entry::Country { .. }))
        // "Special Representative for X", "Senior Director for X": a state
        // after "for" is the office's portfolio, not the holder's.
        .or_else(|| th.iter().rev().find(|h| mentions::country_of(&h.entry).is_some() && !portfolio(own, h.start)))
        .and_then(|h| mentions::country_of(&h.entry))
        .or_else(|| served_country(title, own))
        .or(paren_country);
    let org = th.iter().find_map(|h| if let Entry::Organization { acronym } = h.entry { Some(acronym) } else { None });
    let sector = head.map(|h| if h.generic { generic_sector(h, own, th.is_empty()) } else { h.sector });
    // A national office held for a state keeps its state even if an organisation is named.
    let org = org.filter(|_| {
        country.is_none() || matches!(head.map(|h| h.sector), Some(Sector::Igo)) || head.is_some_and(|h| h.generic)
    });
    Role { title: Some(title.to_string()), head: head.map(|h| h.head), country, sector, org }
}

/// References to the persons a sentence names, less those named only as the
/// office holder the person before them serves (see [`served`]).
pub(crate) fn person_refs(text: &str, mentions: &[(PersonMention, usize)]) -> Vec<Ref> {
    mentions
        .iter()
        .enumerate()
        .filter(|&(i, (m, _))| i == 0 || !text.get(mentions[i - 1].0.end..m.start).is_some_and(served))
        .map(|(_, (m, id))| Ref { start: m.start, end: m.end, who: Who::Person(*id) })
        .collect()
}

/// The words between two names make the second the office holder the
/// first serves (", Head of Cabinet to Commission President "): named in a
/// title, not a party of the sentence.
pub(crate) fn served(gap: &str) -> bool {
    let Some(title) = gap.strip_prefix(", ") else { return false };
    !title.contains([',', ';', '.', '(', ')'])
        && title.rsplit_once(" to ").is_some_and(|(_, office)| gazetteer().title_head(office).is_some())
}

/// Whether the place named at `at` in a title follows "for" (or "for the"):
/// the office's portfolio ("Special Envoy for X").
fn portfolio(title: &str, at: usize) -> bool {
    let before = title[..at].trim_end();
    let before = before.strip_suffix(" the").unwrap_or(before);
    before.ends_with(" for") || before == "for"
}

/// "Adviser to the Prime Minister of Chile": the state of the office served,
/// for one who serves an office (not a state: "Ambassador to Chile" acts for
/// the sending state).
fn served_country(title: &str, own: &str) -> Option<&'static str> {
    let g = gazetteer();
    let served = title.get(own.len()..)?.strip_prefix(" to ")?;
    let served = served.strip_prefix("the ").unwrap_or(served);
    let head = g.title_head(served)?;
    let office_first = served.to_lowercase().starts_with(head.head);
    let hits = g.places(served);
    let first = hits.first().filter(|h| h.start == 0).map(|h| &h.entry);
    match first {
        // "Head of Cabinet to Commission President X": an organisation's officer serves it.
        Some(Entry::Organization { .. }) => Some("IGO"),
        Some(Entry::Country { .. }) => None,
        // "Diplomatic Advisor to the French President": that state's office.
        Some(Entry::Demonym { iso3 }) if !office_first => Some(iso3),
        _ if office_first => hits.iter().find_map(|h| mentions::country_of(&h.entry)),
        _ => None,
    }
}

/// The sector of a generic office (`own`: the title before " to "): the
/// institution's, else a company's for an unknown proper name ("head of
/// OMNIPOL"), else the head's own.
fn generic_sector(h: &Title, own: &str, no_places: bool) -> Sector {
    gazetteer().institution_sector(own).unwrap_or_else(|| {
        let object = own.rsplit(" of ").next().unwrap_or("");
        // "Secretary of Labor": a portfolio, not a firm.
        let portfolio = object.split(' ').next().is_some_and(|w| mentions::NOT_NAMES.contains(w));
        if own.contains(" of ")
            && no_places
            && !portfolio
            && object.chars().next().is_some_and(|c| c.is_uppercase())
            && h.sector != Sector::Hos
        {
            Sector::Bus
        } else {
            h.sector
        }
    })
}

/// Words of address right before a name are not its title ("..., Dr. Kari Lunde").
#[cfg(test)]
fn strip_honorific(before: &str) -> &str {
    national_honorific(before).0
}

/// `before` without the words of address it ends with ("the Honorable
/// Dato' Sri "), and the state a national one names.
fn national_honorific(before: &str) -> (&str, Option<&'static str>) {
    // An academic title after an office is a word of address ("Minister for
    // Law Professor X"); alone it is the title.
    const ACADEMIC: &[&str] = &[" Professor ", " Prof. ", " Prof "];
    if let Some(rest) = ACADEMIC.iter().find_map(|h| before.strip_suffix(h))
        && gazetteer().title_head(rest).is_some()
    {
        return (rest, None);
    }
    let mut rest = before;
    let mut country = None;
    while let Some((start, c)) = crate::honorifics::ending(rest) {
        rest = &rest[..start];
        country = country.or(c);
    }
    (rest, country)
}

/// Whether only capitalised title words stand between a role phrase ending
/// at `end` and a name starting at `start` ("His Majesty King Philippe").
pub(crate) fn titles_between(text: &str, end: usize, start: usize) -> bool {
    start > end
        && start - end <= 24
        && text.get(end..start).is_some_and(|t| t.split_whitespace().all(|w| w.starts_with(char::is_uppercase)))
}

/// Whether the title ending at `end` goes on to a name at `start`: only a
/// comma, capitalised words and joining words between ("the Minister of
/// Justice and Legislation X", "the President, X").
pub(crate) fn title_goes_on(text: &str, end: usize, start: usize) -> bool {
    start >= end
        && start - end <= 40
        && text.get(end..start).is_some_and(|t| {
            t.split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .all(|w| w.starts_with(char::is_uppercase) || matches!(w, "and" | "of" | "for" | "the"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quotation_attribution_names_the_body_of_the_office() {
        fn title(after: &str) -> Option<&str> {
            title_after(after).0
        }
        assert_eq!(
            title(", President, Harbour Workers Alliance (HWA): “We ...”"),
            Some("President, Harbour Workers Alliance")
        );
        assert_eq!(
            title(", President, Harbour Workers Alliance: “We ...”"),
            Some("President, Harbour Workers Alliance")
        );
        // A state or a second office after the title is no body of it.
        assert_eq!(title(", Foreign Minister, Chile: “We ...”"), Some("Foreign Minister"));
        assert_eq!(title(", President, said the talks went well."), Some("President"));
    }

    #[test]
    fn a_headline_lead_in_is_no_part_of_a_title() {
        assert_eq!(title_before("Readout of President "), Some("President"));
        assert_eq!(title_before("Today, Foreign Minister "), Some("Foreign Minister"));
        assert_eq!(title_before("Kazakh Ambassador to Portugal, "), Some("Kazakh Ambassador to Portugal"));
        assert_eq!(title_before("While in Oslo, President "), Some("President"));
        assert_eq!(title_before("While in Oslo President "), Some("President"));
        // Another holder's title or a setting joined before the title.
        assert_eq!(title_before("Munich Fisheries Conference with President "), Some("President"));
        assert_eq!(title_before("President of Chile, and Prime Minister "), Some("Prime Minister"));
        assert_eq!(title_before("Minister of Trade and Industry "), Some("Minister of Trade and Industry"));
        // Words of the clause before a title are no part of it.
        assert_eq!(title_before("House Marks Year of Progress Since President "), Some("President"));
        assert_eq!(title_before("Background Press Call on President "), Some("President"));
        assert_eq!(title_before("One of President "), Some("President"));
        assert_eq!(title_before("Thanks to Foreign Minister "), Some("Foreign Minister"));
        assert_eq!(title_before("Year of Action,” President "), Some("President"));
        assert_eq!(title_before("Special Envoy on Climate "), Some("Special Envoy on Climate"));
        assert_eq!(title_before("Minister for Foreign Affairs "), Some("Minister for Foreign Affairs"));
        assert_eq!(
            title_before("Minister of State in the Prime Minister's Office "),
            Some("Minister of State in the Prime Minister's Office")
        );
    }

    #[test]
    fn an_academic_title_after_an_office_is_address() {
        assert_eq!(strip_honorific("Minister for Law Professor "), "Minister for Law");
        assert_eq!(strip_honorific("the lecture by Professor "), "the lecture by Professor ");
        assert_eq!(role_of(strip_honorific("Minister for Law Professor ").trim(), None).sector, Some(Sector::Gov));
    }

    #[test]
    fn an_office_served_is_no_office_held() {
        let head = |t: &str| role_of(t, None).head;
        assert_ne!(head("Senior Advisor to the President"), Some("president"));
        assert_ne!(head("Assistant to the President and Director of Policy"), Some("president"));
        assert_eq!(head("Ambassador of Norway to Chile"), Some("ambassador"));
        assert_eq!(role_of("Ambassador of Norway to Chile", None).country, Some("NOR"));
    }

    #[test]
    fn a_title_in_apposition_opens_with_its_office() {
        assert_eq!(
            title_after(", Foreign and Defence Adviser to the Prime Minister of Norway, said").0,
            Some("Foreign and Defence Adviser to the Prime Minister of Norway")
        );
        assert_eq!(
            title_after(", SPARK calls on the House to pass the bill and send it to President Nolan's desk, so").0,
            None
        );
    }
}
