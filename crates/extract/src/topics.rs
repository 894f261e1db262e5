//! Topics (ANNOTATION.md section 3) from the words of `data/extract/topics.tsv`.

use std::sync::LazyLock;

use attache_model::tsv;
use regex::{Regex, RegexSet};

/// The topics in file order, and one set of their patterns: a sentence is
/// scanned once for all of them (a regex each cost an eighth of extraction).
static TOPICS: LazyLock<(Vec<&'static str>, RegexSet)> = LazyLock::new(|| {
    let table =
        tsv::parse("data/extract/topics.tsv", include_str!("../../../data/extract/topics.tsv"), &["topic", "pattern"]);
    // ASCII word boundaries: the topic words are ASCII, and the fast DFA cannot
    // handle Unicode boundaries in text with curly quotes and accents.
    let patterns: Vec<String> = table
        .rows
        .iter()
        .map(|r| {
            let p = format!(r"(?i)(?-u:\b)(?:{})", r.get("pattern"));
            Regex::new(&p).unwrap_or_else(|e| r.fail(e));
            p
        })
        .collect();
    let set = RegexSet::new(&patterns).expect("data/extract/topics.tsv: the patterns together");
    (table.rows.iter().map(|r| r.get("topic")).collect(), set)
});

/// Topic codes whose words occur in `text`, in the order of the topics file.
pub fn find(text: &str) -> Vec<String> {
    let (topics, set) = &*TOPICS;
    set.matches(text).into_iter().map(|i| topics[i].to_string()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_topics() {
        let t = super::find("They discussed trade, digital technologies and water resources.");
        assert_eq!(t, ["trade", "digital_ai", "water"]);
    }
}
