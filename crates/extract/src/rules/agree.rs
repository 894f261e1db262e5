//! AGREE: agreements signed, adopted or reached. The date is a past one the
//! sentence states, else the publication day; generic pledges ("agreed to
//! continue") are void (`data/extract/generic.tsv`), and so are signings to
//! come ("will sign": an INTEND). Signatories named together are the two
//! sides, the home side first; each sentence that tells a signing is its own
//! agreement.

use attache_model::kinds::{DateBasis, EventKind};

use super::directed::{self, Directed};
use super::{Context, DatePolicy, Family, Found, Role, Rule, Sides, Trigger, triggers};
use crate::actors::Who;

pub(crate) struct Agree;

impl Family for Agree {
    fn kind(&self) -> EventKind {
        EventKind::Agree
    }

    fn triggers(&self) -> (&'static str, &'static str) {
        ("data/extract/triggers/agree.tsv", include_str!("../../../../data/extract/triggers/agree.tsv"))
    }

    fn dates(&self, _rule: &Rule) -> DatePolicy {
        DatePolicy::Past
    }

    /// "will sign": an act to come, which INTEND takes. "the agreement
    /// between A and B": an agreement named as a noun is background, an event
    /// only with a day of its own ("the Agreement between A and B of 3 May").
    /// "U.S.-ROK Leaders' Joint Statement" names its parties only as the
    /// text's own title; in a body sentence the words name a document.
    fn applies(&self, rule: &Rule, cx: &Context<'_>) -> bool {
        rule.id != "agree/joint-statement-named"
            || cx.s.index.is_none()
            || !cx.article.sentences.iter().any(|s| s.index.is_none())
    }

    fn voided(&self, rule: &Rule, start: usize, cx: &Context<'_>, _found: &Found) -> bool {
        let undated_mention = rule.id == "agree/agreement-between"
            && DatePolicy::Past
                .in_sentence(cx.s.text, cx.article.day(cx.si))
                .is_none_or(|d| d.basis == DateBasis::Published);
        triggers::prospective(cx.s.text, start)
            || undated_mention
            || to_sign(&cx.s.text[..start])
            || in_name(rule, start, cx)
            || signed_by_firms(start, cx)
            || signs_at_home(&cx.s.text[..start], &cx.s.text[start..])
            || attributive(&cx.s.text[..start], &cx.s.text[start..])
    }

    fn sides(&self, t: &Trigger<'_>, cx: &Context<'_>, found: &mut Found) -> Option<Sides> {
        // "A and B signed", "was signed by A and B": the signatories, the home side first.
        // "... was adopted by A and B": the signatories follow the trigger.
        // "the Agreement between A and B": the parties named after "between".
        // "welcomed the signing of a memorandum between A and B": the
        // parties named after "between" signed it, not those who welcomed it;
        // with fewer than two actors there, no one the record knows did.
        if t.rule.id == "agree/signing-of"
            && let Some(i) =
                cx.s.text[t.end..].find(" between ").filter(|&i| !cx.s.text[t.end..t.end + i].contains(['.', ';']))
        {
            let from = t.end + i + " between ".len();
            // Only the two named there ("between A and B, which ..." ends it).
            let rest = &cx.s.text[from..];
            let until = from + rest.find([';', '.']).unwrap_or(rest.len()).min(160);
            let mut parties: Vec<Who> = Vec::new();
            for r in cx.after(from).filter(|r| r.end <= until) {
                if !parties.contains(&r.who) && parties.len() < 2 {
                    parties.push(r.who.clone());
                }
            }
            return pair(cx, &parties);
        }
        if t.rule.id == "agree/agreement-between" {
            let from =
                cx.s.text[t.start..t.end].rfind(" between ").map_or(t.end - 1, |i| t.start + i + " between ".len());
            let parties: Vec<Who> = cx.after(from).map(|r| r.who.clone()).collect();
            return pair(cx, &parties);
        }
        // "Done at X this 13th day of June": the closing formula of the text
        // an earlier sentence records as agreed; alone it names places, no parties.
        if t.rule.id == "agree/done-at" {
            let earlier = found.events.iter().rev().find(|(e, ..)| e.kind == EventKind::Agree);
            if let Some((_, so, ta)) = earlier {
                return Some(Sides { source: so.clone(), target: ta.clone() });
            }
            if !cx.people().any(|r| matches!(r.who, Who::Person(_))) {
                return None;
            }
        }
        if matches!(t.rule.id, "agree/joint-statement-title" | "agree/joint-statement-named") {
            // The text's own title, not a joint statement quoted in a round-up.
            let label = cx.s.text.trim_end().ends_with(':') || cx.s.text.contains(['“', '"']);
            return joint_statement_parties(cx)
                .filter(|_| !label && (cx.s.index.is_none() || crate::mentions::title_case(cx.s.text)));
        }
        let by = cx.s.text[t.end..].trim_start().starts_with("by ");
        let mut signatories: Vec<Who> = if t.rule.role == Role::Passive || by {
            cx.people().filter(|r| r.start >= t.end).map(|r| r.who.clone()).collect()
        } else {
            cx.people().filter(|r| r.end <= t.start).map(|r| r.who.clone()).collect()
        };
        if let Some(two) = cx.the_two(t.start).filter(|_| t.rule.role != Role::Passive && !by) {
            signatories = two;
        }
        let collective = cx.collective_states(t.start);
        if !collective.is_empty() && t.rule.role != Role::Passive && !by {
            // "the Leaders of A, B and C adopted": the states.
            signatories.retain(|w| !matches!(w, Who::Group { .. }));
            signatories.extend(collective);
        }
        if signatories.is_empty() && t.rule.role != Role::Passive && !by {
            // "Norway and Chile reached an agreement": states as wholes.
            signatories = cx
                .refs
                .iter()
                .filter(|r| r.end <= t.start && matches!(r.who, Who::State(_) | Who::Org(_)))
                .map(|r| r.who.clone())
                .collect();
        }
        if let Some(sides) = pair(cx, &signatories) {
            return Some(sides);
        }
        if t.rule.role == Role::Passive {
            return None;
        }
        directed::sides(self, t, cx, found)
    }

    /// Each signing told in its own sentence is its own agreement (a package
    /// of documents, then a memorandum of two agencies); a sentence tells one.
    /// A closing formula ("Done in Oslo this 3rd day of May") signs the
    /// statement already recorded between the same sides.
    fn repeats(&self, sides: &Sides, cx: &Context<'_>, found: &Found) -> bool {
        let closing = ["Done ", "Signed ", "Endorsed ", "Adopted "].iter().any(|w| cx.s.text.starts_with(w));
        found.events.iter().any(|(e, so, ta)| {
            e.kind == EventKind::Agree
                && (e.evidence == cx.s.text || closing)
                && *so == sides.source
                && *ta == sides.target
        })
    }
}

/// A text titled "Joint Statement ...": its parties as the title names them,
/// else as its first sentence lists them before it says anything ("A, B and
/// the United States of America consider ...").
fn joint_statement_parties(cx: &Context<'_>) -> Option<Sides> {
    let parties = |text: &str, refs: &[crate::actors::Ref]| -> Vec<Who> {
        let mut out: Vec<Who> = Vec::new();
        let mut at = 0;
        // References may overlap ("Ms Jane Cole" inside an office's span): each
        // one starting inside the last is part of it.
        for r in refs.iter().filter(|r| !matches!(r.who, Who::Parties) && r.start <= text.len()) {
            if r.start < at {
                continue;
            }
            let gap = text[at..r.start].trim_matches([',', ' ']);
            let gap = gap.strip_prefix("and").unwrap_or(gap).trim();
            let gap = gap.strip_prefix("the").or_else(|| gap.strip_prefix("The")).unwrap_or(gap).trim();
            // The list opens the sentence and runs on with commas and "and" only.
            if !gap.is_empty() {
                break;
            }
            if !out.contains(&r.who) {
                out.push(r.who.clone());
            }
            at = r.end;
        }
        out
    };
    // "... Economic Costs on Russia", "... on Iran": a state the text is about
    // is no party ("on U.S.-UK Consultations" names parties).
    let topic = |r: &&crate::actors::Ref| {
        let before = &cx.s.text[..r.start];
        ["on ", "against ", "in ", "to ", "with "].iter().any(|p| before.ends_with(p))
            && !cx.s.text[r.end..].starts_with(['-', '–'])
    };
    let from_title: Vec<Who> = cx
        .refs
        .iter()
        .filter(|r| !matches!(r.who, Who::Parties))
        .filter(|r| !topic(r))
        .map(|r| r.who.clone())
        .collect();
    if let Some(sides) = pair(cx, &from_title) {
        return Some(sides);
    }
    let lead = cx.article.sentences.iter().position(|s| s.index == Some(0))?;
    pair(cx, &parties(cx.article.sentences[lead].text, &cx.cast().refs[lead]))
}

/// Signatories of different states: (the home side's or the first, one of
/// each other state).
fn pair(cx: &Context<'_>, signatories: &[Who]) -> Option<Sides> {
    let cast = cx.cast();
    let first = signatories
        .iter()
        .find(|w| cast.home_known && cast.home.is_some() && cast.country(w) == cast.home)
        .or_else(|| signatories.iter().find(|w| cast.country(w).is_some()))?;
    let mut target: Vec<Who> = Vec::new();
    for w in signatories {
        let c = cast.country(w);
        if c.is_some() && c != cast.country(first) && !target.iter().any(|t| cast.country(t) == c) {
            target.push(w.clone());
        }
    }
    (!target.is_empty()).then(|| Sides { source: vec![first.clone()], target })
}

impl Directed for Agree {}

/// "... will travel to X to sign", "are working to sign": a signing still
/// to come (an intention, which INTEND reads); not "the first countries to
/// sign", who have.
fn to_sign(before: &str) -> bool {
    static FIRST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(?:first|second|third|last|latest|newest|\d+(?:st|nd|rd|th))\b(?: [\w-]+){0,3} to (?:\w+ )?$",
        )
        .expect("first to sign")
    });
    let b = before.trim_end_matches(' ');
    let b = b.rsplit_once(' ').filter(|(_, w)| w.ends_with("ly")).map_or(b, |(head, _)| head);
    (b.ends_with(" to") || b == "to" || b == "To") && !FIRST.is_match(before)
}

/// "the Diplomatic Conference for the Adoption of a Revised Treaty": the
/// act names what a capitalised name is for, it is not reported.
/// "enrolled in an approved occupational program": a participle after an
/// article or a possessive describes the thing; nobody adopts it here.
fn attributive(before: &str, act: &str) -> bool {
    let participle = ["adopted", "approved", "ratified", "signed"].iter().any(|p| act.starts_with(p));
    let last = before.trim_end().rsplit(' ').next().unwrap_or("");
    participle
        && matches!(
            last.to_lowercase().as_str(),
            "a" | "an"
                | "the"
                | "this"
                | "that"
                | "these"
                | "those"
                | "its"
                | "their"
                | "our"
                | "his"
                | "her"
                | "every"
                | "each"
                | "any"
        )
}

fn in_name(rule: &super::Rule, start: usize, cx: &Context<'_>) -> bool {
    let (before, act) = cx.s.text.split_at(start);
    let act = act.trim_start_matches("the ");
    rule.id == "agree/signing-of"
        && act.starts_with(char::is_uppercase)
        && (before.ends_with(" for ") || before.ends_with(" on "))
        && before.trim_end().rsplit(' ').nth(1).is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// "Two Norland companies, A and B, have signed ...", "Harbour Robotics,
/// Inc. signed a letter of intent", "... signed a contract with the Norland
/// firm X": a firm signs on one side (`data/extract/company_nouns.txt`: named
/// so in the clause before the trigger, with no person there, or right after
/// "with"); a deal with a firm is no agreement between states.
fn signed_by_firms(start: usize, cx: &Context<'_>) -> bool {
    let text = cx.s.text;
    let before = &text[..start];
    let clause = before.rfind(['.', ';', ':']).map_or(0, |i| i + 1);
    let clause = before[clause..].rfind(", and ").map_or(clause, |i| clause + i);
    let firm_noun = |s: &str| s.split(|c: char| !c.is_alphanumeric() && c != '-').any(crate::firms::company_noun);
    let person = cx.refs.iter().any(|r| r.start >= clause && r.end <= start && matches!(r.who, Who::Person(_)));
    let rest = &text[start..];
    let rest = &rest[..rest.find([',', ';']).unwrap_or(rest.len())];
    let with_firm = rest.find(" with ").is_some_and(|i| {
        let words: Vec<&str> = rest[i + " with ".len()..].split_whitespace().take(5).collect();
        firm_noun(&words.join(" "))
    });
    firm_noun(&before[clause..]) && !person || with_firm
}

/// "signed a decree", "signed the federal law", "signed labor reform
/// legislation into law", "signed an executive order": the object, within
/// five words of the trigger (`domestic_instrument` in
/// `data/extract/senses.tsv`), is signed at home, with no other party (not
/// "signed a memorandum on the rule of law"); so is one named before "that"
/// or "which" ("the supplemental that I signed in April").
fn signs_at_home(before: &str, from_trigger: &str) -> bool {
    let clause = &from_trigger[..from_trigger.find([',', ';']).unwrap_or(from_trigger.len())];
    let words: Vec<&str> = clause.split_whitespace().skip(1).take(5).collect();
    let domestic = |w: &&str| {
        super::senses::is("domestic_instrument", &w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
    };
    // "the supplemental that I signed in April": the instrument before a relative pronoun.
    let prior: Vec<&str> = before.split_whitespace().rev().take(6).collect();
    let relative = prior
        .iter()
        .position(|w| matches!(*w, "that" | "which"))
        .is_some_and(|i| prior.get(i + 1).is_some_and(domestic));
    clause.contains(" into law") || words.iter().any(domestic) || relative
}
