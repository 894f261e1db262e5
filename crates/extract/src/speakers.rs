//! Who speaks in a sentence, for first-person words ("I congratulate ...",
//! "our country will ..."): the person a statement's title names ("Statement
//! by President X on ..."), else the last speaker label ("Foreign Minister
//! Y:") or transcript turn ("Y: Thank you.") before it. Input: a sentence
//! and its references; output: the speaker a label or turn gives, if any.

use std::sync::LazyLock;

use regex::Regex;

use crate::actors::{Ref, Who};

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
