//! Who speaks in a sentence, for first-person words ("I congratulate ...",
//! "our country will ..."): the person a statement's title names ("Statement
//! by President X on ..."), else the last speaker label ("Foreign Minister
//! Y:") or transcript turn ("Y: Thank you.") before it; inside a quotation,
//! the one it is attributed to ("“...,” said X", "X told Y: “...”"). Input: a
//! sentence and its references; output: the speaker a label or turn gives, if
//! any, and the quotations of sentences with their speakers.

use std::sync::LazyLock;

use attache_model::tsv;
use regex::Regex;

use crate::actors::{Cast, Ref, Who};

/// A title that gives the words of one speaker: the part after "by"/"from" names them.
pub(crate) static STATEMENT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:Joint |Press |Opening |Closing |Video |Keynote |Written )?(?:Statement|Remarks|Message|Address|Letter|Speech|Op-[Ee]d|Interview|Readout|Toast|Greetings?)s? (?:by|from|of) ",
    )
    .unwrap()
});

/// Words a label may have before its colon at most.
const LABEL_WORDS: usize = 20;

/// The speaker a sentence opens with: "Australian Prime Minister A B:" (a
/// label line) or "A B: Thank you" (a turn). The part before the colon is
/// short, holds no quotation, and names a person (else a body such as a
/// ministry, else a state or an organisation, which speaks as a whole).
pub(crate) fn label(text: &str, refs: &[Ref]) -> Option<Who> {
    let colon = text.find(':')?;
    let head = &text[..colon];
    if head.split_whitespace().count() > LABEL_WORDS || head.contains(['“', '"', '«']) {
        return None;
    }
    let inside = || refs.iter().filter(|r| r.end <= colon);
    inside()
        .rfind(|r| matches!(r.who, Who::Person(_)))
        .or_else(|| inside().find(|r| matches!(r.who, Who::Group { .. })))
        .or_else(|| inside().find(|r| matches!(r.who, Who::State(_) | Who::Org(_))))
        .map(|r| r.who.clone())
}

/// A transcript turn of a speaker the text does not name: an official
/// speaking on background ("SENIOR ADMINISTRATION OFFICIAL: ...", `Some(true)`),
/// or a reporter or moderator ("Q ...", "MODERATOR: ...", `Some(false)`).
pub(crate) fn anonymous_turn(text: &str) -> Option<bool> {
    static TURN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:((?:SENIOR |ADMINISTRATION |STATE DEPARTMENT |WHITE HOUSE |DEFENSE |U\.S\. )*OFFICIAL(?: \#?\d+)?):|(Q(?:\s|:)|MODERATOR:|PARTICIPANT:|OPERATOR:))")
            .expect("anonymous turn")
    });
    let c = TURN.captures(text)?;
    Some(c.get(1).is_some())
}

/// Verbs that attribute a quotation ("said", "told"), from `data/extract/speech_verbs.txt`.
static SPEECH: LazyLock<Regex> = LazyLock::new(|| {
    let verbs = tsv::list("data/extract/speech_verbs.txt", include_str!("../../../data/extract/speech_verbs.txt"));
    Regex::new(&format!(r"\b(?:{})\b", verbs.join("|"))).unwrap()
});

/// The most sentences one quotation may run over before its closing mark.
const MAX_QUOTE_SENTENCES: usize = 6;

/// A quoted stretch of one sentence (byte range) and who speaks it, and to whom.
#[derive(Clone, Debug)]
struct Quoted {
    start: usize,
    end: usize,
    speaker: Who,
    addressee: Option<Who>,
}

type Voice = (Who, Option<Who>);

fn is_party(r: &Ref) -> bool {
    matches!(r.who, Who::Person(_) | Who::Group { .. })
}

/// The addressee after "told": the first person after the verb.
fn told(text: &str, verb: regex::Match<'_>, at: usize, refs: &[Ref], speaker: &Who) -> Option<Who> {
    let v = &text[at + verb.start()..at + verb.end()];
    (v == "told" || v == "tells")
        .then(|| refs.iter().find(|r| r.start >= at + verb.end() && is_party(r) && r.who != *speaker))
        .flatten()
        .map(|r| r.who.clone())
}

/// "“...,” said X", "“...,” X told Y": the speaker named right after a closing mark at `c`.
fn after_close(text: &str, c: usize, refs: &[Ref]) -> Option<Voice> {
    let tail = &text[c..];
    let tail = &tail[..tail.find(['“', '"', '”', '«']).unwrap_or(tail.len())];
    let v = SPEECH.find(&tail[..tail.floor_char_boundary(120)])?;
    let before = refs.iter().rfind(|r| r.start >= c && r.end <= c + v.start() && is_party(r));
    let speaker = match before {
        Some(r) => r.who.clone(),
        None if tail[..v.start()].trim_matches([',', ' ', '\u{a0}']).is_empty() => {
            refs.iter().find(|r| r.start >= c + v.end() && r.start <= c + v.end() + 80 && is_party(r))?.who.clone()
        }
        None => return None,
    };
    let addressee = told(text, v, c, refs, &speaker);
    Some((speaker, addressee))
}

/// "X said: “...", "X told Y, “...": the speaker of the clause right before an opening mark at `o`.
fn before_open(text: &str, o: usize, refs: &[Ref]) -> Option<Voice> {
    let head = &text[..o];
    let from = head.ceil_char_boundary(o.saturating_sub(200));
    let v = SPEECH.find_iter(&head[from..]).last()?;
    let gap = head[from + v.end()..].trim_end().trim_end_matches([':', ',']).trim_end();
    let gap = gap.strip_suffix(" that").unwrap_or(gap);
    let speaker = refs.iter().rfind(|r| r.end <= from + v.start() && is_party(r))?.who.clone();
    let addressee = told(text, v, from, refs, &speaker);
    // Nothing but the addressee may stand between the verb and the quotation.
    let addressee_only = addressee.is_some() && gap.split_whitespace().count() <= 5;
    (gap.is_empty() || addressee_only).then_some((speaker, addressee))
}

/// The quotations of consecutive sentences, each with its speaker when the
/// text attributes it (after its closing mark, else before its opening one).
fn quotations(texts: &[&str], refs: &[Vec<Ref>]) -> Vec<Vec<Quoted>> {
    let mut out = vec![Vec::new(); texts.len()];
    let mut run: Vec<(usize, usize, usize)> = Vec::new();
    let mut before: Option<Voice> = None;
    let mut open: Option<usize> = None;
    for (si, text) in texts.iter().enumerate() {
        if open.is_some() {
            open = Some(0);
        }
        for (i, ch) in text.char_indices() {
            match (ch, open) {
                ('“' | '«' | '"', None) => {
                    open = Some(i + ch.len_utf8());
                    before = before_open(text, i, &refs[si]);
                }
                ('”' | '»' | '"', Some(start)) => {
                    run.push((si, start, i));
                    open = None;
                    let voice = after_close(text, i + ch.len_utf8(), &refs[si]).or_else(|| before.take());
                    for (q, start, end) in run.drain(..) {
                        if let Some((speaker, addressee)) = voice.clone() {
                            out[q].push(Quoted { start, end, speaker, addressee });
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            run.push((si, start, text.len()));
            if run.len() >= MAX_QUOTE_SENTENCES {
                run.clear();
                open = None;
            }
        }
    }
    out
}

/// "Thank you, @POTUS", "Thank you, President Alvarez!": the one named right
/// after "you" is the one spoken to.
pub(crate) fn vocative(text: &str, you_end: usize, refs: &[Ref]) -> Option<Who> {
    let rest = &text[you_end..];
    let gap = rest.len() - rest.trim_start_matches([',', ' ']).len();
    let at = you_end + gap;
    (gap > 0 && gap <= 2)
        .then(|| refs.iter().find(|r| r.start == at || r.start <= at && at < r.end))
        .flatten()
        .map(|r| r.who.clone())
}

/// "Thank you, X": each "you" a name follows refers to that name.
pub(crate) fn vocative_refs(text: &str, pronouns: &[crate::lexicon::Pronoun], refs: &mut Vec<Ref>) {
    for p in pronouns.iter().filter(|p| p.refers == "addressee") {
        if let Some(who) = vocative(text, p.end, refs) {
            refs.push(Ref { start: p.start, end: p.end, who });
        }
    }
    refs.sort_by_key(|r| r.start);
}

/// "— Knox Thames (@KnoxThames) May 17, 2019": the one who signs an embedded
/// post speaks its sentences (those after the previous signature), where
/// nothing else gives them a speaker.
pub(crate) fn post_authors(cast: &mut Cast, texts: &[&str]) {
    let mut from = 0;
    for (k, text) in texts.iter().enumerate() {
        if !crate::dates::post_signature(text) {
            continue;
        }
        let author = cast.refs[k].iter().find(|r| matches!(r.who, Who::Person(_))).map(|r| r.who.clone());
        if let Some(author) = author {
            for i in from..k {
                cast.speakers[i].get_or_insert_with(|| author.clone());
            }
        }
        from = k + 1;
    }
}

/// First-person words inside a quotation are its speaker's, "you" its
/// addressee's (the one "told", else the speaker's other side); the sentence's
/// speaker becomes the quotation's.
pub(crate) fn attribute_quotations(cast: &mut Cast, texts: &[&str]) {
    let quotes = quotations(texts, &cast.refs);
    for (si, qs) in quotes.into_iter().enumerate() {
        let Some(first) = qs.first() else { continue };
        cast.speakers[si] = Some(first.speaker.clone());
        for p in crate::lexicon::pronouns(texts[si]) {
            let Some(q) = qs.iter().find(|q| q.start <= p.start && p.end <= q.end) else { continue };
            let who = match p.refers {
                "speaker" => Some(q.speaker.clone()),
                "addressee" => vocative(texts[si], p.end, &cast.refs[si])
                    .or_else(|| q.addressee.clone())
                    .or_else(|| cast.addressee(&q.speaker)),
                _ => None,
            };
            let Some(who) = who else { continue };
            let refs = &mut cast.refs[si];
            refs.retain(|r| !(r.start < p.end && p.start < r.end));
            refs.push(Ref { start: p.start, end: p.end, who });
            refs.sort_by_key(|r| r.start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_named_head_before_a_colon_is_a_speaker() {
        let refs = [Ref { start: 17, end: 27, who: Who::Person(0) }];
        assert_eq!(label("Foreign Minister Kari Lunde:", &refs), Some(Who::Person(0)));
        assert_eq!(label("Foreign Minister Kari Lunde: Thank you.", &refs), Some(Who::Person(0)));
        // A quotation before the colon, or no one named: no label.
        assert_eq!(label("“We agreed”, said Foreign Minister Kari Lunde: yes.", &refs), None);
        assert_eq!(label("The ministers agreed on the following:", &[]), None);
    }

    #[test]
    fn statement_titles_name_their_speaker() {
        assert!(STATEMENT_TITLE.is_match("Statement by President Pedro Alvarez on the Floods"));
        assert!(STATEMENT_TITLE.is_match("Remarks by Foreign Minister Kari Lunde at the Forum"));
        assert!(!STATEMENT_TITLE.is_match("President Pedro Alvarez Issues a Statement"));
    }
}
