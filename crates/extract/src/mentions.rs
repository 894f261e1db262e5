//! Mentions in one sentence: persons (with initials and particles), and the
//! gazetteer's places, demonyms and organisations.

use std::collections::HashSet;
use std::sync::LazyLock;

use attache_gazetteer::{Entry, Hit, gazetteer};
use attache_model::tsv;

use crate::firms;

static SUFFIX: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"^(?:,? (?:Jr|Sr)\.|,? (?:II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\b)").unwrap());

/// A person's name as written in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonMention {
    pub start: usize,
    pub end: usize,
    pub name: String,
}

pub(crate) static NOT_NAMES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set: HashSet<String> =
        tsv::list("data/extract/not_names.txt", include_str!("../../../data/extract/not_names.txt"))
            .into_iter()
            .map(str::to_string)
            .collect();
    let g = gazetteer();
    for t in &g.titles {
        for w in t.head.split([' ', '-']) {
            set.insert(capitalize(w));
            set.insert(format!("{}s", capitalize(w)));
            // Acronyms as written: "CEO", "MP".
            if w.len() <= 3 {
                set.insert(w.to_uppercase());
            }
        }
    }
    for (k, _) in &g.institutions {
        for w in k.split(' ') {
            set.insert(capitalize(w));
        }
    }
    set.retain(|w| !PARTICLES.contains(&w.as_str()));
    set
});

/// A capitalised word that is never part of a person's name (a function
/// word, a title, an institution's word).
pub(crate) fn never_name(word: &str) -> bool {
    NOT_NAMES.contains(word)
}

/// Titles that stand right before a bare surname or a monarch's name ("King
/// Philippe", "Secretary Kessel"): `data/extract/before_surname.txt`.
static BEFORE_SURNAME: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    tsv::list("data/extract/before_surname.txt", include_str!("../../../data/extract/before_surname.txt"))
        .into_iter()
        .collect()
});

/// Auxiliaries that open a question ("Will Biden press Kenya?"), no given names there.
const QUESTION_AUXILIARIES: &[&str] =
    &["Will", "Would", "Can", "Could", "Should", "Shall", "May", "Might", "Must", "Does", "Did", "Do", "Is", "Has"];

/// Lower-case words that may stand inside a name ("Alexander de Croo", "Frankfurt am Main").
const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "van", "von", "der", "den", "al", "el", "bin", "ibn", "dos", "du", "la", "le",
    "ter", "y", "ben",
];
/// Capitalised particles, allowed inside a name but not at its start ("Antonello De Riu").
const CAP_PARTICLES: &[&str] =
    &["De", "Da", "Di", "Del", "Van", "Von", "Der", "Al", "El", "Bin", "Ibn", "Dos", "Du", "La", "Le", "Ben"];

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Nouns that close the name of a thing (data/extract/name_closers.txt): a
/// capitalised run they end or follow names an organisation, a programme, a
/// law or a place, not a person.
static CLOSERS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    tsv::list("data/extract/name_closers.txt", include_str!("../../../data/extract/name_closers.txt"))
        .into_iter()
        .collect()
});

fn is_institution_word(w: &str) -> bool {
    CLOSERS.contains(w)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    /// A capitalised word that can be part of a name.
    Name,
    /// An initial: "D." or the "K." of "K.Tokayev" (then the rest follows as Name).
    Initial,
    Particle,
    CapParticle,
    /// Anything else breaks a name.
    Break,
}

/// Persons named in a sentence: two or more name words ("Jean Galiev",
/// "José Manuel Albares", "Antonello De Riu"), or initials and a surname
/// ("D. Mussayev", "K.Tokayev"). A single word counts when `known` holds a
/// name ending with it or a title word stands right before it.
pub fn persons(sentence: &str, places: &[Hit], known_surnames: &HashSet<String>) -> Vec<PersonMention> {
    candidates(sentence, places)
        .into_iter()
        .filter(|(m, key)| key.is_none_or(|len| known_surnames.contains(&m.name[..len])))
        .map(|(m, _)| m)
        .collect()
}

/// The persons [`persons`] finds in a sentence whatever is known, each with
/// the length of its one word when it counts only as a known surname.
pub fn candidates(sentence: &str, places: &[Hit]) -> Vec<(PersonMention, Option<usize>)> {
    let words = words(sentence);
    let kinds = token_kinds(sentence, &words, places);
    // Whether the sentence is a headline is asked only of runs with an "-ing" word.
    let headline = std::cell::LazyCell::new(|| title_case(sentence));
    let titled = titled_asides(sentence);
    let (mut out, mut firm_end) = (Vec::new(), None);
    let mut k = 0;
    while k < words.len() {
        if !matches!(kinds[k], Tok::Name | Tok::Initial) {
            k += 1;
            continue;
        }
        let mut end = run_end(sentence, &words, &kinds, k);
        // "President Joe Biden Congratulating Joseph Boakai": a verb in "-ing"
        // inside a capitalised run ends the name before it.
        let verb = (k + 1..end).find(|&j| {
            let w = &sentence[words[j].0..words[j].1];
            w.len() > 5 && w.ends_with("ing") && kinds[j] == Tok::Name
        });
        let resume = verb.map(|j| {
            end = j - 1;
            j + 1
        });
        // "Biden Reignites Cancer Moonshot" (a headline): a listed office
        // holder's family name ends the name; the headline words after it are none.
        let mut resume = resume;
        if end > k
            && *headline
            && let Some(j) = (k..end).find(|&j| crate::leaders::listed_surname(&sentence[words[j].0..words[j].1]))
        {
            resume = resume.or(Some(end + 1));
            // ... or the given name after it, where the press writes the family name first ("Takaichi Sanae").
            let listed = |m: usize| crate::leaders::listed(&sentence[words[k].0..words[m].1]);
            end = (j + 1..=end).rev().find(|&m| listed(m)).unwrap_or(j);
        }
        // "Ola Berg Berg OlaMinister of Fisheries:" (a scraped speaker label
        // repeating the name family name first): a word said twice in a row
        // ends the name at its first saying.
        if let Some(j) =
            (k + 1..=end).find(|&j| sentence[words[j].0..words[j].1] == sentence[words[j - 1].0..words[j - 1].1])
        {
            resume = resume.or(Some(end + 1));
            end = j - 1;
        }
        k = name_start(sentence, &words, k, end);
        let (s, e) = (words[k].0, words[end].1);
        if titled.iter().any(|&(a, b)| a <= s && e <= b) && !crate::leaders::listed(&sentence[s..e]) {
            k = resume.unwrap_or(end + 1);
            continue;
        }
        if let Some(if_known) = is_person(sentence, &words, &kinds, (k, end), &|| *headline) {
            // A generation or regnal number is part of the name as written
            // ("Joseph R. Biden, Jr.", "Abdullah II").
            let e = SUFFIX.find(&sentence[e..]).map_or(e, |m| e + m.end());
            // "Harbour Robotics, a firm based in Oslo", "energy company X": a firm's.
            if firms::names_a_firm(sentence, (s, e), firm_end) {
                firm_end = Some(e);
                k = resume.unwrap_or(end + 1).max(end + 1);
                continue;
            }
            // "Dato' Sri Saifuddin Abdullah", "Tan Sri A B": the words of an
            // honorific (honorifics.tsv) are no part of the name.
            let s = (k..end)
                .rev()
                .find(|&j| crate::honorifics::ending(&sentence[..words[j].1]).is_some_and(|(h, _)| h <= s))
                .map_or(s, |j| words[j + 1].0);
            let key = if_known.then_some(words[end].1 - s);
            out.push((PersonMention { start: s, end: e, name: sentence[s..e].to_string() }, key));
            // The suffix is the name's: no word of it starts another.
            while end + 1 < words.len() && words[end + 1].0 < e {
                end += 1;
            }
        }
        k = resume.unwrap_or(end + 1).max(end + 1);
    }
    out
}

/// Where the name in the run `k..=end` starts: past a first word that names
/// a portfolio or a firm ("Minister of Fisheries Ola Berg", "CEO of Rallar
/// Ola Berg", "Minister of Justice and Legislation Ana Soto", "Chairman at
/// JSC Railways Ola Berg").
fn name_start(sentence: &str, words: &[(usize, usize)], mut k: usize, end: usize) -> usize {
    let word = |j: usize| &sentence[words[j].0..words[j].1];
    if end >= k + 2 && k >= 2 && matches!(word(k - 1), "of" | "for") && NOT_NAMES.contains(word(k - 2)) {
        k += 1;
    }
    let portfolio_word = |w: &str| {
        ["tion", "sion", "ment", "ness", "ity", "ics"].iter().any(|suf| w.len() > suf.len() + 2 && w.ends_with(suf))
    };
    if end >= k + 2 && k >= 1 && portfolio_word(word(k)) && !portfolio_word(word(k + 1)) {
        k += 1;
    }
    let firm_form = |j: usize| matches!(word(j), "JSC" | "PJSC" | "OJSC" | "LLC");
    if end >= k + 2 && k >= 1 && (word(k - 1) == "at" || (k.saturating_sub(3)..k).any(firm_form)) {
        k += 1;
    }
    k
}

/// Byte ranges of the parenthesised asides written in title case, the names
/// of laws, orders and programmes ("(Securing the Northern Fisheries Against
/// Lasting Harm)"): their capitals are no sign of a person.
fn titled_asides(sentence: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = sentence[from..].find('(').map(|i| from + i) {
        let Some(close) = sentence[open..].find(')').map(|i| open + i) else { break };
        let inner = &sentence[open + 1..close];
        if inner.split_whitespace().filter(|w| w.chars().count() > 3).count() >= 5 && title_case(inner) {
            out.push((open, close));
        }
        from = close;
    }
    out
}

/// A person's surname as written: the last word of the name.
pub(crate) fn surname(name: &str) -> &str {
    // A generation or regnal number is no surname: "Joseph R. Biden, Jr."
    // is a Biden, "Abdullah II" an Abdullah.
    let name = GENERATION.find(name).map_or(name, |m| &name[..m.start()]);
    name.rsplit([' ', '.']).find(|w| !w.is_empty()).unwrap_or(name)
}

static GENERATION: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"(?:,? (?:Jr|Sr)\.?|,? (?:II|III|IV|V|VI|VII|VIII|IX|X|XI|XII))$").unwrap());

/// Whether two names of one surname can be one person's: their given names
/// agree as far as both are written ("A. Isetov" and "Arman Issetov", "Joe"
/// and "Joseph"), so "Jill Biden" is not "Joseph R. Biden, Jr.".
pub(crate) fn given_names_agree(a: &str, b: &str) -> bool {
    let given = |name: &str| {
        let first = name.split([' ', '.']).next()?;
        (first != surname(name)).then(|| attache_model::names::fold(first))
    };
    match (given(a), given(b)) {
        (Some(x), Some(y)) => {
            let n = if x.chars().count() == 1 || y.chars().count() == 1 { 1 } else { 2 };
            x.chars().take(n).eq(y.chars().take(n))
        }
        _ => true,
    }
}

/// Words of a sentence as byte ranges; glued initials split ("K.Tokayev" -> "K." "Tokayev").
fn words(sentence: &str) -> Vec<(usize, usize)> {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    let bytes = sentence.as_bytes();
    while i < sentence.len() {
        let c = sentence[i..].chars().next().unwrap();
        if c.is_alphabetic() {
            let start = i;
            let mut end = i;
            for (j, ch) in sentence[i..].char_indices() {
                if ch.is_alphabetic() || ch == '-' || ch == '\'' || ch == '’' {
                    end = i + j + ch.len_utf8();
                } else {
                    break;
                }
            }
            let mut word = sentence[start..end].trim_end_matches(['-', '\'', '’']);
            // "Karis’s": the possessive is not part of the name.
            for suffix in ["’s", "'s"] {
                word = word.strip_suffix(suffix).unwrap_or(word);
            }
            let end_trim = word.len() + start;
            // A single capital followed by '.' is an initial.
            if end_trim - start == c.len_utf8() && c.is_uppercase() && bytes.get(end_trim) == Some(&b'.') {
                words.push((start, end_trim + 1));
                i = end_trim + 1;
                continue;
            }
            words.push((start, end_trim.max(start + c.len_utf8())));
            i = end.max(start + c.len_utf8());
        } else {
            i += c.len_utf8();
        }
    }
    words
}

/// "Administrator Bill Nelson said": a given name that is also a word kept
/// from names ("a bill", "Major General") before a family name that ends the
/// run is a name.
fn given_names_as_words(sentence: &str, words: &[(usize, usize)], kinds: &mut [Tok]) {
    for i in 0..kinds.len().saturating_sub(1) {
        let word = |j: usize| &sentence[words[j].0..words[j].1];
        let ends_run =
            kinds.get(i + 2).is_none_or(|k| *k == Tok::Break) && sentence[words[i].1..words[i + 1].0] == *" ";
        if kinds[i] == Tok::Break
            && kinds[i + 1] == Tok::Name
            && ends_run
            && NOT_NAMES.contains(word(i))
            && crate::ordinary::word_given_name(word(i))
        {
            kinds[i] = Tok::Name;
        }
    }
}

/// What each word can be in a name.
fn token_kinds(sentence: &str, words: &[(usize, usize)], places: &[Hit]) -> Vec<Tok> {
    let in_place = |s: usize, e: usize| places.iter().any(|h| h.start < e && s < h.end);
    let question = sentence.trim_end().ends_with('?');
    let mut kinds: Vec<Tok> = words
        .iter()
        .map(|&(s, e)| {
            let w = &sentence[s..e];
            let first = w.chars().next().unwrap();
            // Most words are lower case: a particle or nothing of a name.
            if !first.is_uppercase() {
                return match w.split_once('-') {
                    _ if PARTICLES.contains(&w) => Tok::Particle,
                    // "al-Assad", "el-Sisi", "bin-Salman": a particle joined to a name.
                    Some((particle, rest)) if PARTICLES.contains(&particle) && rest.starts_with(char::is_uppercase) => {
                        Tok::Name
                    }
                    _ => Tok::Break,
                };
            }
            if w.ends_with('.') && w.chars().count() == 2 {
                return Tok::Initial;
            }
            if PARTICLES.contains(&w) {
                return Tok::Particle;
            }
            if CAP_PARTICLES.contains(&w) {
                return Tok::CapParticle;
            }
            // "al-Assad", "el-Sisi", "bin-Salman": a lower-case particle joined to a name.
            if let Some((particle, rest)) = w.split_once('-')
                && PARTICLES.contains(&particle)
                && rest.starts_with(char::is_uppercase)
            {
                return Tok::Name;
            }
            // "Minister-President", "Vice-Chairman": every part a title word;
            // "UnderPresident" (two words glued by a lost space) too.
            let compound_title = w.contains('-') && w.split('-').all(|part| NOT_NAMES.contains(part))
                || glued(w).is_some_and(|(a, b)| NOT_NAMES.contains(a) && NOT_NAMES.contains(b));
            if compound_title
                || NOT_NAMES.contains(w)
                || in_place(s, e)
                || w.chars().all(|c| c.is_uppercase()) && w.chars().count() > 1
            {
                return Tok::Break;
            }
            Tok::Name
        })
        .collect();
    // "Rodrigo de Lima Baena Soares": a place's name after a particle, inside
    // a run of names, is part of the name.
    for i in 1..kinds.len().saturating_sub(1) {
        let (s, e) = words[i];
        if kinds[i] == Tok::Break
            && kinds[i - 1] == Tok::Particle
            && kinds[i + 1] == Tok::Name
            && i >= 2
            && kinds[i - 2] == Tok::Name
            && in_place(s, e)
            && !NOT_NAMES.contains(&sentence[s..e])
        {
            kinds[i] = Tok::Name;
        }
    }
    given_names_as_words(sentence, words, &mut kinds);
    if question
        && let (Some(first), Some(&(s, e))) = (kinds.first_mut(), words.first())
        && QUESTION_AUXILIARIES.contains(&&sentence[s..e])
    {
        *first = Tok::Break;
    }
    kinds
}

/// A word glued from two at an inner capital ("UnderPresident"), as its two halves.
fn glued(w: &str) -> Option<(&str, &str)> {
    let mut prev_lower = false;
    for (i, c) in w.char_indices() {
        if c.is_uppercase() && prev_lower {
            return Some((&w[..i], &w[i..]));
        }
        prev_lower = c.is_lowercase();
    }
    None
}

/// The last word of the name run starting at word `k`: names, initials and
/// particles inside; punctuation other than the space (and the initial's
/// period) breaks it; trailing particles do not belong to the name.
fn run_end(sentence: &str, words: &[(usize, usize)], kinds: &[Tok], k: usize) -> usize {
    let mut end = k;
    while end + 1 < words.len() {
        let gap = &sentence[words[end].1..words[end + 1].0];
        if !(gap == " " || gap.is_empty() && kinds[end] == Tok::Initial) {
            break;
        }
        match kinds[end + 1] {
            Tok::Name | Tok::Initial | Tok::CapParticle => end += 1,
            // "Ursula von der Leyen": particles inside a name, before a name word.
            Tok::Particle
                if kinds[end + 1..].iter().find(|k| **k != Tok::Particle && **k != Tok::CapParticle)
                    == Some(&Tok::Name) =>
            {
                end += 1
            }
            _ => break,
        }
    }
    while end > k && matches!(kinds[end], Tok::Particle | Tok::CapParticle) {
        end -= 1;
    }
    // "Kari Lunde S.C.", "Ola Berg K.C.": letters after a family name are a
    // post-nominal, not initials of the name.
    if let Some(last_name) = (k..=end).rev().find(|&j| kinds[j] == Tok::Name)
        && kinds[last_name + 1..=end].iter().all(|t| *t == Tok::Initial)
    {
        end = last_name;
    }
    end
}

/// Whether the run of words `k..=end` names a person: two names, or an initial
/// and a name, or one known surname or a name after a title; no headline
/// words, no outlet citing itself, no part of an organisation's name.
fn is_person(
    sentence: &str,
    words: &[(usize, usize)],
    kinds: &[Tok],
    (k, end): (usize, usize),
    headline: &dyn Fn() -> bool,
) -> Option<bool> {
    let run: Vec<Tok> = kinds[k..=end].to_vec();
    let names = run.iter().filter(|t| **t == Tok::Name).count();
    let initials = run.iter().filter(|t| **t == Tok::Initial).count();
    // The run is part of an organisation's name when an institution word follows it.
    let next_word = words
        .get(end + 1)
        .filter(|&&(s, _)| &sentence[words[end].1..s] == " ")
        .map(|&(s, e)| &sentence[s..e])
        .unwrap_or("");
    let followed_by_institution = names_a_thing(sentence, words, kinds, (k, end), next_word);
    // "the Bocharov Ruchei residence", "the Ak Orda palace": a place's name.
    let place_noun = matches!(
        next_word,
        "residence"
            | "palace"
            | "airport"
            | "hotel"
            | "square"
            | "street"
            | "avenue"
            | "building"
            | "museum"
            | "stadium"
    );
    let (s, e) = (words[k].0, words[end].1);
    let text = &sentence[s..e];
    let last_is_name = run.last() == Some(&Tok::Name);
    let prev_word = word_before(sentence, words, k);
    let after_title = BEFORE_SURNAME.contains(prev_word);
    // "the Biden White House", "a Biden Cancer Moonshot session": a name
    // after an article names a thing of that person's, not the person.
    let attributive = matches!(prev_word, "the" | "a" | "an" | "The" | "A" | "An");
    // Words with common-noun or verb endings are headline words, not names
    // ("Showing Growing Interest", "Higher Education", "Modernization Discussed");
    // "-ing" only in a headline or opening the run ("Welcoming Kari Lunde"),
    // for names end so too ("Tao Ruiming").
    let run_words: Vec<&str> = sentence[s..e].split(' ').collect();
    let wordy = run_words.iter().enumerate().any(|(i, w)| {
        let l = w.to_lowercase();
        (l.len() > 5 && l.ends_with("ing") && (i + 1 < run_words.len() || i == 0 || headline()))
            || ["tion", "sion", "ment", "ness", "ity", "ism", "ance", "ence", "ssed", "ated", "ized", "ised"]
                .iter()
                .any(|suf| l.len() > suf.len() + 2 && l.ends_with(suf))
    });
    // "..., Nordic Wire reports.": an outlet citing itself, not a person.
    let rest = &sentence[e..];
    let outlet = [" reports", " reported", " cites", " informs", " writes", " said in a statement"]
        .iter()
        .any(|v| rest.starts_with(v));
    // A known office holder ("Xi Jinping") or two names after a title
    // ("President Tao Ruiming") are no headline, whatever their endings.
    let two_words = end == k + 1;
    let wordy = wordy && !(after_title && two_words) && !crate::leaders::listed(text);
    // One name alone counts after a title, or where the caller knows it as a surname.
    (last_is_name
        && !wordy
        && !place_noun
        && !outlet
        && !followed_by_institution
        && !attributive
        && (names >= 2 || initials >= 1 && names >= 1 || names == 1))
        .then_some(names == 1 && initials == 0 && !after_title)
}

/// Whether the run `k..=end` is part of a thing's name: an institution word
/// closes the capitalised run it stands in ("Ahmet Cevad Turkic World
/// Research Institute") or ends it ("Prince Olav County"), or the run is the
/// object of a thing named before it ("the Treaty on the Ban of Nuclear
/// Arms", "Strategy to Prevent Conflict").
fn names_a_thing(
    sentence: &str,
    words: &[(usize, usize)],
    kinds: &[Tok],
    (k, end): (usize, usize),
    next_word: &str,
) -> bool {
    !next_word.is_empty() && !crate::leaders::listed(&sentence[words[k].0..words[end].1])
        && (end + 1..words.len().min(end + 5))
            .take_while(|&j| {
                sentence[words[j - 1].1..words[j].0] == *" " && sentence[words[j].0..].starts_with(char::is_uppercase)
            })
            .any(|j| is_institution_word(&sentence[words[j].0..words[j].1]))
        // ... or ends it ("Prince Olav County").
        || is_institution_word(&sentence[words[end].0..words[end].1])
        // ... or the run is the object of a thing named before it ("the Treaty
        // on the Ban of Nuclear Arms", "Strategy to Prevent Conflict"), unless
        // a title in apposition says it is a person ("the Inauguration of A B,
        // President-Elect of X").
        || k >= 2
            && matches!(word_before(sentence, words, k), "of" | "to" | "on" | "for")
            && (kinds[k - 2] == Tok::Name || is_institution_word(word_before(sentence, words, k - 1)))
            && !titled_apposition(&sentence[words[end].1..])
}

/// ", President-Elect of X" after a name: a title in apposition.
fn titled_apposition(rest: &str) -> bool {
    let Some(rest) = rest.strip_prefix(", ") else { return false };
    let clause = &rest[..rest.find([',', ';', '.']).unwrap_or(rest.len())];
    clause.starts_with(char::is_uppercase) && attache_gazetteer::gazetteer().title_head(clause).is_some()
}

/// The word right before word `k`, if only a space parts them ("the
/// President's Bidenomics agenda" has no title right before a name).
fn word_before<'a>(sentence: &'a str, words: &[(usize, usize)], k: usize) -> &'a str {
    if k > 0 && sentence[words[k - 1].1..words[k].0] == *" " { &sentence[words[k - 1].0..words[k - 1].1] } else { "" }
}

/// A body line that is a heading: more than five words, in title case, with
/// no closing mark (not a signature's name line, not a sentence listing
/// titled leaders).
pub fn heading_line(text: &str) -> bool {
    let line = text.trim_end();
    !line.ends_with(['.', '!', '?', '"', '”']) && line.split_whitespace().nth(5).is_some() && title_case(line)
}

/// Most of a headline's longer words are capitalised ("Ministers Discuss Trade Ties").
pub fn title_case(text: &str) -> bool {
    let (mut longer, mut capitalised) = (0usize, 0usize);
    for w in text.split_whitespace().filter(|w| w.chars().nth(3).is_some()) {
        longer += 1;
        capitalised += usize::from(w.starts_with(char::is_uppercase));
    }
    capitalised * 3 > longer * 2
}

/// The country an entry speaks for, if it is a place.
pub fn country_of(entry: &Entry) -> Option<&'static str> {
    match entry {
        Entry::Country { iso3 } | Entry::Demonym { iso3 } => Some(iso3),
        Entry::City { iso3, .. } | Entry::Region { iso3, .. } => Some(iso3),
        Entry::Organization { .. } => None,
    }
}

/// Demonyms right before byte `at` ("Russian and Norland representatives"):
/// (start, state, demonym) of each, one or two joined by "and".
pub(crate) fn demonyms_before(text: &str, at: usize) -> Vec<(usize, &'static str, &str)> {
    let from = text[..at].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
    let hits = gazetteer().places(&text[from..at]);
    let mut out = Vec::new();
    let mut end = at - from;
    for h in hits.iter().rev() {
        let gap = &text[from + h.end..from + end];
        let joined = if out.is_empty() { gap == " " } else { gap == " and " || gap == ", " };
        match h.entry {
            Entry::Demonym { iso3 } if joined => {
                out.push((from + h.start, iso3, &text[from + h.start..from + h.end]));
                end = h.start;
            }
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        let places = gazetteer().places(s);
        persons(s, &places, &HashSet::new()).into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn finds_names_with_particles_and_initials() {
        assert_eq!(names("Ambassador of the Italian Republic Antonello De Riu arrived."), ["Antonello De Riu"]);
        assert_eq!(
            names("D. Mussayev met Alexander de Croo and K.Tokayev."),
            ["D. Mussayev", "Alexander de Croo", "K.Tokayev"]
        );
        assert_eq!(names("Minister Samuel Migaľ and Musa Al-Maaytah spoke."), ["Samuel Migaľ", "Musa Al-Maaytah"]);
        assert_eq!(names("A. Gomez Toledo said so."), ["A. Gomez Toledo"]);
        assert_eq!(names("King Philippe received them."), ["Philippe"]);
        assert_eq!(names("Pedro Alvarez called Omar al-Rashid."), ["Pedro Alvarez", "Omar al-Rashid"]);
        assert_eq!(names("She met Ulla von der Hoeven."), ["Ulla von der Hoeven"]);
        // Names whose endings look like common nouns ("-ing"), known or after a title.
        assert_eq!(names("Xi Jinping met Kari Lunde."), ["Xi Jinping", "Kari Lunde"]);
        assert_eq!(names("She met President Tao Ruiming."), ["Tao Ruiming"]);
        assert_eq!(names("She met the Minister of Fisheries Ola Berg."), ["Ola Berg"]);
        assert_eq!(names("She met the Minister for Sport Ola Berg."), ["Ola Berg"]);
        assert_eq!(names("President Kari Lunde Announces a grain plan for Lima"), ["Kari Lunde"]);
        assert_eq!(names("Minister of Fisheries Ola Berg Berg OlaMinister of Fisheries: Thank you."), ["Ola Berg"]);
        assert_eq!(names("The CEO of Rallar Kari Lunde spoke."), ["Kari Lunde"]);
        // A word of address is no part of the name; a firm's suffix ends the run.
        assert_eq!(names("She called Sheikh Tariq bin Salem Al Noor."), ["Tariq bin Salem Al Noor"]);
        assert_eq!(names("Rallar Ltd Kari Lunde spoke."), ["Kari Lunde"]);
        // A firm noun before a name, or a legal form after it, makes it a firm's.
        assert!(names("The energy company Nordlys Kraft and the firm Ola Berg signed.").is_empty());
        assert!(names("Two Norwegian companies, Fjord Cables and Nordlys Batteries, signed.").is_empty());
        assert!(names("Harbour Robotics, Inc., a maker of cranes, signed.").is_empty());
        assert_eq!(names("Kari Lunde, Jr. met King Harald V in Oslo."), ["Kari Lunde, Jr.", "Harald V"]);
        assert!(names("They met at the Lunde Berg residence.").is_empty());
        // A participle opening a run makes it no name (its comma opens no apposition).
        assert!(names("Welcoming Ola Berg, Norway's President spoke.").is_empty());
        assert!(names("Statement from President Kari Lunde Congratulating Pedro Alvarez").iter().all(|n| n.len() < 15));
        // A question's auxiliary, a glued title, an article or a possessive before a name.
        assert_eq!(names("Will Kari Lunde press Norway on fish?"), ["Kari Lunde"]);
        assert_eq!(names("Joe Biden Reignites Cancer Moonshot Plan"), ["Joe Biden"]);
        assert_eq!(names("Takaichi Sanae Hosts Joe Biden"), ["Takaichi Sanae", "Joe Biden"]);
        assert_eq!(names("Will Lunde said so."), ["Will Lunde"]);
        assert_eq!(names("UnderPresident Kari Lunde, we hosted two summits."), ["Kari Lunde"]);
        assert!(names("They praised the Lunde Berg Administration and a Lunde Cancer Moonshot session.").is_empty());
        assert!(names("It is the President's Lundenomics agenda.").is_empty());
    }

    #[test]
    fn skips_organisations_places_and_titles() {
        assert!(names("Director of the Ahmet Cevad Turkic World Research Institute spoke.").is_empty());
        assert!(names("The Deputy Minister of Foreign Affairs of the Republic of Kazakhstan arrived.").is_empty());
        assert!(names("Special attention was paid to the Middle Corridor.").is_empty());
        // A run a thing's noun ends or follows, or the object of a thing named before it.
        assert_eq!(names("The Urban Mobility and Growth Threshold Program will assist Chile."), Vec::<String>::new());
        assert_eq!(names("New jobs came to Prince Olav County, Virginia."), Vec::<String>::new());
        assert_eq!(names("They signed the Treaty on the Ban of Nuclear Arms."), Vec::<String>::new());
        assert_eq!(names("Its Strategy to Prevent Conflict helps coastal states."), Vec::<String>::new());
        assert_eq!(
            names("Order 12 (Guarding Ports Against Large and Lasting Annual Herring Losses) applies."),
            Vec::<String>::new()
        );
        assert_eq!(names("The envoy (Kari Lunde) spoke."), ["Kari Lunde"]);
        assert_eq!(names("She met Pedro Alvarez S.C. in Lima."), ["Pedro Alvarez"]);
        assert_eq!(names("Judge Kari H. Lunde, Jr. met Pedro Alvarez."), ["Kari H. Lunde, Jr.", "Pedro Alvarez"]);
        assert_eq!(names("D. K. Mussayev spoke."), ["D. K. Mussayev"]);
    }
}
