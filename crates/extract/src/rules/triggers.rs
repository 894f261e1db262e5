//! The rows of `data/extract/triggers/<kind>.tsv` compiled into [`Rule`]s,
//! the generic pledges and negations of `data/extract/generic.tsv`, and the
//! hypothetical and future markers of `data/extract/markers.tsv`: text in,
//! which rows fire in a sentence and whether a trigger is void, out.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use attache_model::kinds::{EventKind, MeetMode};
use attache_model::tsv;
use regex::{Regex, RegexSet};

use super::FAMILIES;

/// Who acts in a sentence a trigger fires in (the `role` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// The actor before the trigger acts on the one after it.
    Subject,
    /// The actor after the trigger acts ("was received by X").
    Passive,
    /// The first actor after the trigger acts on the second ("at the invitation of X").
    Inverse,
    /// The one spoken to acts on the speaker ("thank you for your invitation").
    Addressee,
    /// The speaker acts on the one spoken to ("thank you for accepting our invitation").
    Speaker,
    /// The sentence's subject, named before the trigger, is the possessor of
    /// the encounter it names ("X told Y of his May 3 meeting with Z": X and Z).
    Possessor,
}

/// One trigger row.
#[derive(Debug)]
pub(crate) struct Rule {
    /// Stable and readable (`meet/held-talks`): the provenance's `rule`.
    pub id: &'static str,
    pub kind: EventKind,
    pub mode: Option<MeetMode>,
    pub role: Role,
    pub re: Regex,
    /// The pattern marks the trigger proper as group `t`; the rest is context.
    pub marked: bool,
    /// The pattern as written in the table (without the case and word-start flags).
    pub pattern: &'static str,
    /// A sentence of our own on which the row fires.
    #[cfg_attr(not(test), allow(dead_code))]
    pub example: &'static str,
}

const COLUMNS: &[&str] = &["id", "mode", "role", "pattern", "example"];

/// The rows of one kind's trigger table (`file`, its text), in file order.
pub(crate) fn load(kind: EventKind, file: &'static str, text: &'static str) -> Vec<Rule> {
    let prefix = format!("{}/", kind.as_str().to_lowercase());
    tsv::parse(file, text, COLUMNS)
        .rows
        .iter()
        .map(|r| {
            let id = r.get("id");
            if !id.starts_with(&prefix) || id.len() == prefix.len() {
                r.fail(format_args!("id {id:?} does not start with {prefix:?}"));
            }
            let role = match r.get("role") {
                "subject" => Role::Subject,
                "passive" => Role::Passive,
                "inverse" => Role::Inverse,
                "addressee" => Role::Addressee,
                "speaker" => Role::Speaker,
                "possessor" => Role::Possessor,
                other => r.fail(format_args!(
                    "role {other:?} is not subject, passive, inverse, addressee, speaker or possessor"
                )),
            };
            // ASCII word bounds: a Unicode one keeps the regex off its lazy DFA
            // on any text with a curly quote or an accent (the words bounded
            // are ASCII; a letter with an accent still ends no word early).
            let ascii = r.get("pattern").replace(r"\b", r"(?-u:\b)");
            let re = Regex::new(&format!(r"(?i)(?-u:\b)(?:{ascii})"))
                .unwrap_or_else(|e| r.fail(format_args!("pattern: {e}")));
            Rule {
                id,
                kind,
                pattern: r.get("pattern"),
                mode: (r.get("mode") != "-").then(|| r.parse("mode")),
                role,
                marked: re.capture_names().any(|n| n == Some("t")),
                re,
                example: r.get("example"),
            }
        })
        .collect()
}

/// Where `rule` fires in `text`: its whole match, or the part a row names
/// `t` when the rest of its pattern is context the trigger needs ("welcomed"
/// in "welcomed X's plan": the target is looked for after the verb), among
/// the matches starting at or after byte `from` (the text before still
/// decides word bounds and anchors).
pub(crate) fn find_from<'t>(rule: &Rule, text: &'t str, from: usize) -> Option<regex::Match<'t>> {
    if rule.marked { rule.re.captures_at(text, from).and_then(|c| c.name("t")) } else { rule.re.find_at(text, from) }
}

/// Every trigger row: the families' tables in the order the families are tried.
pub(crate) static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rules: Vec<Rule> = FAMILIES.iter().flat_map(|f| load(f.kind(), f.triggers().0, f.triggers().1)).collect();
    for (i, r) in rules.iter().enumerate() {
        assert!(rules[..i].iter().all(|o| o.id != r.id), "trigger id {} is used twice", r.id);
    }
    rules
});

/// Which rows can fire in a text, in one pass: an Aho-Corasick automaton over
/// the words each row's matches start with (the prefixes of its pattern, read
/// by regex-syntax); a row whose matches start with no such word is always a
/// candidate. Each candidate's own regex decides. (One set of all the row
/// regexes kept rebuilding its lazy DFA: a tenth of extraction time.)
struct Hints {
    automaton: AhoCorasick,
    /// The rows of each automaton pattern (a word many rows start with is one pattern).
    rows_of: Vec<Vec<usize>>,
    always: Vec<usize>,
}

static HINTS: LazyLock<Hints> = LazyLock::new(|| {
    let (mut words, mut rows_of, mut always): (Vec<String>, Vec<Vec<usize>>, Vec<usize>) =
        (Vec::new(), Vec::new(), Vec::new());
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, r) in RULES.iter().enumerate() {
        match prefixes(r.pattern) {
            Some(p) => {
                for w in p {
                    let at = *index.entry(w.to_ascii_lowercase()).or_insert_with(|| {
                        words.push(w.to_ascii_lowercase());
                        rows_of.push(Vec::new());
                        words.len() - 1
                    });
                    if !rows_of[at].contains(&i) {
                        rows_of[at].push(i);
                    }
                }
            }
            None => always.push(i),
        }
    }
    // A DFA: the overlapping search runs over every sentence of every article.
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&words)
        .expect("trigger hint automaton");
    Hints { automaton, rows_of, always }
});

/// The words every match of `pattern` starts with (their ASCII part, two
/// bytes at least), or `None` when it has no finite set of such words.
fn prefixes(pattern: &str) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let mut out = Vec::new();
    for lit in seq.literals()? {
        let bytes = lit.as_bytes();
        let ascii = bytes.iter().take_while(|b| b.is_ascii()).count();
        if ascii < 2 {
            return None;
        }
        out.push(String::from_utf8_lossy(&bytes[..ascii]).into_owned());
    }
    (!out.is_empty()).then_some(out)
}

/// The rows that may fire in a text (index into [`RULES`]).
pub(crate) struct Candidates(Vec<bool>);

impl Candidates {
    pub(crate) fn matched(&self, row: usize) -> bool {
        self.0[row]
    }

    /// Whether any proposed row fires in `text` (the text they were proposed for).
    pub(crate) fn any_fires(&self, text: &str) -> bool {
        RULES.iter().enumerate().any(|(i, r)| self.0[i] && r.re.is_match(text))
    }
}

/// The rows whose first words occur in `text`, and the rows that have none.
pub(crate) fn candidates(text: &str) -> Candidates {
    let h = &*HINTS;
    let mut rows = vec![false; RULES.len()];
    for &i in &h.always {
        rows[i] = true;
    }
    for m in h.automaton.find_overlapping_iter(text) {
        for &row in &h.rows_of[m.pattern().as_usize()] {
            rows[row] = true;
        }
    }
    Candidates(rows)
}

/// (the kind a pattern voids, `None` for every kind; the pattern)
static GENERIC: LazyLock<Vec<(Option<EventKind>, Regex)>> = LazyLock::new(|| {
    let table = tsv::parse(
        "data/extract/generic.tsv",
        include_str!("../../../../data/extract/generic.tsv"),
        &["kind", "pattern"],
    );
    table
        .rows
        .iter()
        .map(|r| {
            let kind = (r.get("kind") != "*").then(|| r.parse("kind"));
            let re = Regex::new(&format!(r"(?i)\b(?:{})(?:\b|$)", r.get("pattern")))
                .unwrap_or_else(|e| r.fail(format_args!("pattern: {e}")));
            (kind, re)
        })
        .collect()
});

/// The phrases of one kind of `data/extract/markers.tsv`, as one alternation.
fn markers(kind: &str) -> String {
    let table = tsv::parse(
        "data/extract/markers.tsv",
        include_str!("../../../../data/extract/markers.tsv"),
        &["kind", "phrase"],
    );
    let phrases: Vec<String> =
        table.rows.iter().filter(|r| r.get("kind") == kind).map(|r| regex::escape(r.get("phrase"))).collect();
    assert!(!phrases.is_empty(), "data/extract/markers.tsv: no {kind} rows");
    phrases.join("|")
}

/// A modal right before a trigger: "could sign", "may soon visit". The
/// phrase patterns that look back from a trigger or a date are ASCII and run
/// on the text's last bytes only ([`tail`]): a reverse search with Unicode
/// classes rebuilds its automaton for every sentence.
// Matched in lower case only: the month in "on 10 May and met" is no "may".
static HYPOTHETICAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u)\b(?:{})\s+(?:\w+\s+)?$", markers("hypothetical"))).expect("hypothetical markers")
});

/// An act announced as to come right before a trigger: "will meet", "is expected to sign".
static PROSPECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i-u)\b(?:{})\s+(?:\w+\s+){{0,2}}$", markers("prospective"))).expect("prospective markers")
});

/// A prospective marker anywhere in a clause ("I look forward to traveling
/// on to X to meet ..."): the clause's act is one to come.
static PROSPECTIVE_IN_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i-u)\b(?:{})\b", markers("prospective"))).expect("prospective markers in a clause")
});

/// Whether a clause holds a prospective marker (`markers.tsv`) anywhere.
pub(crate) fn prospective_clause(clause: &str) -> bool {
    PROSPECTIVE_IN_CLAUSE.is_match(clause)
}

/// The last `n` bytes of `text` (from a character boundary): all a phrase
/// right before a trigger or a date can span.
pub(crate) fn tail(text: &str, n: usize) -> &str {
    let mut start = text.len().saturating_sub(n);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// Bytes a marker phrase and the words it allows before a trigger or date can span.
const LOOK_BACK: usize = 80;

/// A verb joined by "and" to one announced as to come shares its auxiliary:
/// "is scheduled to give a speech here and meet with", "will open the
/// plant and sign". Markers ending in a verb's slot ("will", "... to") only.
static PROSPECTIVE_SHARED: LazyLock<Regex> = LazyLock::new(|| {
    let verbal: Vec<String> = markers("prospective")
        .split('|')
        .filter(|m| m.ends_with(" to") || matches!(*m, "will" | "shall"))
        .map(str::to_string)
        .collect();
    Regex::new(&format!(r"(?i)\b(?:{})\s+\w+[^.;:!?]{{0,100}}\band\s+$", verbal.join("|")))
        .expect("shared prospective markers")
});

/// The act of the trigger at `trigger_start` is announced as to come.
pub(crate) fn prospective(sentence: &str, trigger_start: usize) -> bool {
    PROSPECTIVE.is_match(tail(&sentence[..trigger_start], LOOK_BACK))
        || PROSPECTIVE_SHARED.is_match(tail(&sentence[..trigger_start], 2 * LOOK_BACK))
}

/// Words before a date that put it ahead: "scheduled for", "until".
static FUTURE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i-u)(?:{})\s+(?:\w+\s+){{0,3}}$", markers("future"))).expect("future markers")
});

/// Every generic pattern in one automaton (ASCII classes keep its lazy DFA small):
/// one pass tells which patterns can match before any is run on its own.
static GENERIC_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    let ascii = |p: &str| p.replace(r"\b", r"(?-u:\b)").replace(r"\w", r"(?-u:\w)").replace(r"\s", r"(?-u:\s)");
    regex::RegexSetBuilder::new(GENERIC.iter().map(|(_, re)| ascii(re.as_str())))
        .dfa_size_limit(16 << 20)
        .build()
        .expect("generic set")
});

/// Headlines of personnel articles (`data/extract/personnel_headlines.txt`).
static PERSONNEL: LazyLock<Regex> = LazyLock::new(|| {
    let file = "data/extract/personnel_headlines.txt";
    let patterns = tsv::list(file, include_str!("../../../../data/extract/personnel_headlines.txt"));
    Regex::new(&format!(r"(?i)\b(?:{})\b", patterns.join("|"))).unwrap_or_else(|e| panic!("{file}: {e}"))
});

/// A headline of an article about a state's own personnel ("President
/// Announces Key Nominees"): its biographies tell no event.
pub(crate) fn personnel_headline(headline: &str) -> bool {
    PERSONNEL.is_match(headline)
}

/// A generic pledge of `kind` overlaps `start..end` ("agreed to continue").
pub(crate) fn generic_over(kind: EventKind, sentence: &str, start: usize, end: usize) -> bool {
    let candidates = GENERIC_SET.matches(sentence);
    GENERIC.iter().enumerate().any(|(i, (k, re))| {
        *k == Some(kind) && candidates.matched(i) && re.find_iter(sentence).any(|g| g.start() < end && start < g.end())
    })
}

/// The sentence is negated ("did not", "never") or the act before `trigger_start` hypothetical.
pub(crate) fn negated_or_hypothetical(sentence: &str, trigger_start: usize) -> bool {
    GENERIC.iter().any(|(k, re)| k.is_none() && re.is_match(sentence))
        || HYPOTHETICAL.is_match(tail(&sentence[..trigger_start], LOOK_BACK))
}

/// The text before a date (`before`) puts it ahead of the act reported.
pub(crate) fn future_context(before: &str) -> bool {
    FUTURE_CONTEXT.is_match(tail(before, LOOK_BACK))
}
#[cfg(test)]
mod hint_tests {
    use super::*;

    #[test]
    fn the_hints_propose_every_row_on_its_example() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(r.re.is_match(r.example), "{} does not fire on its example", r.id);
            assert!(candidates(r.example).matched(i), "{}: the hint automaton hides it", r.id);
        }
        // Rows read from their patterns' first words; case and accents aside.
        assert_eq!(prefixes("(?:tele)?phone (?:call|conversation)").map(|p| p.len()), Some(4));
        assert!(prefixes(r"\w+ met").is_none());
        let calm = "The weather was mild and the markets were calm.";
        assert!(!candidates(calm).any_fires(calm));
    }
}
