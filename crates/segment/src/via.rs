//! Cited origins: "..., akorda.kz reports.", "Kazinform cites the press
//! service of the Kazakh MFA.", "..., Qazinform News Agency reports, citing
//! Akorda." The names are brought to a normal form (`data/sources.tsv` plus a
//! few generic rewrites). The outlet that publishes the page itself (known
//! from a dateline "ASTANA. KAZINFORM –" or an "As Qazinform reported
//! earlier" teaser) is not an origin.

use std::collections::HashMap;
use std::sync::LazyLock;

use attache_model::tsv;
use regex::Regex;

static ALIASES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    tsv::parse("data/sources.tsv", include_str!("../../../data/sources.tsv"), &["alias", "normal"])
        .rows
        .iter()
        .map(|r| (r.get("alias").trim().to_lowercase(), r.get("normal").trim()))
        .collect()
});

const NAME: &str = r"(?:the |[Tt]he )?(?:[A-Z]|press service|[a-z0-9-]+\.[a-z]{2,})[^,;:“”«»]{0,90}?";

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // ", X reports, citing Y." / ", X reports."
        format!(
            r",\s+(?P<a>{NAME})\s+(?:reports|reported|informs|writes|says)(?:,?\s+citing\s+(?P<b>{NAME}))?\s*\.?\s*$"
        ),
        // ", X cites Y." / "X cites Y." after a dash
        format!(r"(?:,|[–—-])\s+(?P<a>{NAME})\s+cites\s+(?P<b>{NAME})\s*\.?\s*$"),
        // ", according to X."
        format!(r",\s+according\s+to\s+(?P<a>{NAME})\s*\.?\s*$"),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("via pattern"))
    .collect()
});

/// Literals each of [`PATTERNS`] (in order) needs in a sentence to match: a cheap prefilter.
const NEEDLES: [&[&str]; 3] = [&["reports", "reported", "informs", "writes", "says"], &["cites"], &["according"]];

/// [`NEEDLES`] as byte searchers, in the same order.
static FINDERS: LazyLock<Vec<Vec<memchr::memmem::Finder<'static>>>> = LazyLock::new(|| {
    NEEDLES.iter().map(|ns| ns.iter().map(|n| memchr::memmem::Finder::new(n.as_bytes())).collect()).collect()
});

/// Whether any of `finders` occurs in `text`.
fn any_in(finders: &[memchr::memmem::Finder<'static>], text: &str) -> bool {
    finders.iter().any(|f| f.find(text.as_bytes()).is_some())
}

/// Whether `text` holds a verb of citing at all: when it does not, no
/// sentence of it names an origin.
pub(crate) fn may_cite(text: &str) -> bool {
    FINDERS.iter().any(|f| any_in(f, text))
}

/// Whether the last sentence of `text` may end in a cited origin: the verb
/// of citing stands within [`CITATION_TAIL`] bytes of the end (two names of
/// at most 90 characters and the words between them).
pub(crate) fn may_end_citing(text: &str) -> bool {
    let mut start = text.len().saturating_sub(CITATION_TAIL);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    may_cite(&text[start..])
}

/// The most bytes an origin clause at the end of a sentence can span.
const CITATION_TAIL: usize = 1_000;

static DATELINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-ZА-Я][A-ZА-Я .-]+\.\s+(?P<p>[A-ZА-Я][A-ZА-Я-]{2,})\s+[–—-]").unwrap());
static EARLIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^as\s+(?P<p>\S+(?:\s+news agency)?)\s+(?:has\s+)?reported\s+(?:earlier|before|previously)")
        .unwrap()
});

/// The publishing outlet a line reveals, if it is a dateline or an "As X reported earlier" teaser.
pub(crate) fn publisher_in(line: &str) -> Option<String> {
    // What each pattern needs, checked before the regexes run: a dateline
    // opens with a capital and holds a dash; a teaser opens with "as".
    let dateline = line.starts_with(char::is_uppercase) && line.contains(['–', '—', '-']);
    let earlier = line.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("as"));
    if !dateline && !earlier {
        return None;
    }
    let c = DATELINE.captures(line).or_else(|| EARLIER.captures(line))?;
    Some(normalize(&c["p"]))
}

/// The origins one sentence cites, normalised, in order of mention.
pub(crate) fn origins_in(sentence: &str) -> Vec<String> {
    let sentence = sentence.trim_end_matches(['"', '”', '»', ' ']);
    for (re, finders) in PATTERNS.iter().zip(FINDERS.iter()) {
        // A pattern cannot match without its verb: skip the (costly) regex then.
        if !any_in(finders, sentence) {
            continue;
        }
        if let Some(c) = re.captures(sentence) {
            let names: Vec<String> = ["a", "b"]
                .iter()
                .filter_map(|k| c.name(k))
                .map(|m| m.as_str().trim())
                .filter(|n| plausible(n))
                .map(normalize)
                .collect();
            if !names.is_empty() {
                return names;
            }
        }
    }
    Vec::new()
}

/// A source name is a short proper name or a domain, not a clause.
fn plausible(name: &str) -> bool {
    let words = name.split_whitespace().count();
    let stripped = name.strip_prefix("the ").or_else(|| name.strip_prefix("The ")).unwrap_or(name);
    words <= 12
        && (stripped.starts_with(|c: char| c.is_uppercase())
            || stripped.starts_with("press service")
            || (stripped.contains('.') && !stripped.contains(' ')))
        && !["he", "she", "they", "it", "we"].contains(&stripped.to_lowercase().as_str())
}

/// A comparison key for outlet names: "SILKPRESS" and "SilkPress" are one outlet.
pub(crate) fn key(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Brings a cited origin to its normal form.
pub(crate) fn normalize(name: &str) -> String {
    let mut n = name.trim().trim_end_matches('.').to_string();
    for prefix in ["the ", "The "] {
        if let Some(rest) = n.strip_prefix(prefix) {
            n = rest.to_string();
        }
    }
    for prefix in ["press service of the ", "press service of ", "Press service of the ", "press office of the "] {
        if let Some(rest) = n.strip_prefix(prefix) {
            n = rest.to_string();
        }
    }
    if let Some(normal) = ALIASES.get(&n.to_lowercase()) {
        return normal.to_string();
    }
    n = n.replace(" of the Republic of ", " of ").replace("Foreign Ministry of ", "Ministry of Foreign Affairs of ");
    for suffix in ["'s MFA", "’s MFA", "'s Foreign Ministry", "’s Foreign Ministry", "'s Ministry of Foreign Affairs"]
    {
        if let Some(country) = n.strip_suffix(suffix) {
            n = format!("Ministry of Foreign Affairs of {country}");
        }
    }
    if let Some(rest) = n.strip_prefix("MFA of ") {
        n = format!("Ministry of Foreign Affairs of {rest}");
    }
    ALIASES.get(&n.to_lowercase()).map_or(n, |s| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_verb_of_citing_near_the_end_can_end_in_an_origin() {
        let filler = "The delegations toured the new port and the rail yard. ".repeat(40);
        assert!(may_end_citing(&format!("{filler}They met twice, the Daily Courier reports.")));
        assert!(!may_end_citing(&format!("The Courier reports a visit. {filler}")));
        assert!(!may_cite(&filler));
        // A tail that starts inside a multi-byte character is moved to its start.
        assert!(!may_end_citing(&"ж".repeat(700)));
    }

    #[track_caller]
    fn check(sentence: &str, expected: &[&str]) {
        assert_eq!(origins_in(sentence), expected, "{sentence}");
    }

    #[test]
    fn finds_cited_origins() {
        check("The talks covered trade, akorda.kz reports.", &["Akorda"]);
        check(
            "The envoy met the minister, Ministry of Foreign Affairs of the Republic of Kazakhstan reports.",
            &["Ministry of Foreign Affairs of Kazakhstan"],
        );
        check(
            "They met, Qazinform News Agency cites Kazakhstan's MFA.",
            &["Qazinform News Agency", "Ministry of Foreign Affairs of Kazakhstan"],
        );
        check(
            "The President condemned it, Qazinform News Agency reports, citing Akorda.",
            &["Qazinform News Agency", "Akorda"],
        );
        check(
            "ASTANA. KAZINFORM – They met, Kazinform cites the press service of the Kazakh MFA.",
            &["Qazinform News Agency", "Ministry of Foreign Affairs of Kazakhstan"],
        );
        check("The visit went well, the minister reports.", &[]);
        check("Trade grew, he says.", &[]);
        check("The sides met in Rome.", &[]);
        check("Ministers met, according to the Foreign Ministry of Chile.", &["Ministry of Foreign Affairs of Chile"]);
    }

    #[test]
    fn finds_the_publisher() {
        assert_eq!(
            publisher_in("ASTANA. KAZINFORM – Deputy Minister met them.").as_deref(),
            Some("Qazinform News Agency")
        );
        assert_eq!(
            publisher_in("As Qazinform reported earlier, talks were held.").as_deref(),
            Some("Qazinform News Agency")
        );
        assert_eq!(publisher_in("The talks were held."), None);
    }
}
