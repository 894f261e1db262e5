//! Topics (ANNOTATION.md section 3) from the words of `data/extract/topics.tsv`:
//! one Aho-Corasick automaton over every topic's words, one pass over the text.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use attache_model::tsv;

/// The topic codes in file order, and per word of the automaton: its topic
/// (an index into the codes) and whether the word must end where it does.
struct Topics {
    codes: Vec<&'static str>,
    words: Vec<(usize, bool)>,
    automaton: AhoCorasick,
}

static TOPICS: LazyLock<Topics> = LazyLock::new(|| {
    let table =
        tsv::parse("data/extract/topics.tsv", include_str!("../../../data/extract/topics.tsv"), &["topic", "pattern"]);
    let mut codes = Vec::new();
    let mut words = Vec::new();
    let mut literals = Vec::new();
    for r in &table.rows {
        for word in r.get("pattern").split('|') {
            let (literal, whole) = word.strip_suffix(r"\b").map_or((word, false), |w| (w, true));
            if literal.is_empty() || !literal.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                r.fail(format_args!("{word:?} is no word that starts with a letter or digit"));
            }
            words.push((codes.len(), whole));
            literals.push(literal);
        }
        codes.push(r.get("topic"));
    }
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&literals)
        .expect("topic words automaton");
    Topics { codes, words, automaton }
});

/// Topic codes whose words occur in `text` (each at the start of a word), in
/// the order of the topics file.
pub fn find(text: &str) -> Vec<String> {
    let t = &*TOPICS;
    let bytes = text.as_bytes();
    let mut seen = vec![false; t.codes.len()];
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for m in t.automaton.find_overlapping_iter(text) {
        let (topic, whole) = t.words[m.pattern().as_usize()];
        if seen[topic] || m.start() > 0 && is_word_byte(bytes[m.start() - 1]) {
            continue;
        }
        if whole && text[m.end()..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        seen[topic] = true;
    }
    t.codes.iter().zip(seen).filter(|(_, s)| *s).map(|(c, _)| c.to_string()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_topics() {
        let t = super::find("They discussed trade, digital technologies and water resources.");
        assert_eq!(t, ["trade", "digital_ai", "water"]);
    }

    #[test]
    fn words_start_words_and_whole_words_end_there() {
        // "aid" is no "ai", "reformer" no "reform", "supporting" no "port".
        assert!(super::find("They sent aid to a reformer, supporting it.").is_empty());
        assert_eq!(
            super::find("AI and reforms. Investors came."),
            ["investment", "digital_ai", "constitutional_reform"]
        );
        assert_eq!(super::find("Ports and DEFENSE."), ["transport_logistics", "security"]);
    }
}
