//! Topics (ANNOTATION.md section 3) from the words of `data/extract/topics.tsv`.

use std::sync::LazyLock;

use attache_model::tsv;
use regex::Regex;

static TOPICS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    let table =
        tsv::parse("data/extract/topics.tsv", include_str!("../../../data/extract/topics.tsv"), &["topic", "pattern"]);
    table
        .rows
        .iter()
        // ASCII word boundaries: the topic words are ASCII, and the fast DFA cannot
        // handle Unicode boundaries in text with curly quotes and accents.
        .map(|r| {
            let re = Regex::new(&format!(r"(?i)(?-u:\b)(?:{})", r.get("pattern"))).unwrap_or_else(|e| r.fail(e));
            (r.get("topic"), re)
        })
        .collect()
});

/// Topic codes whose words occur in `text`, in the order of the topics file.
pub fn find(text: &str) -> Vec<String> {
    TOPICS.iter().filter(|(_, re)| re.is_match(text)).map(|(t, _)| t.to_string()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_topics() {
        let t = super::find("They discussed trade, digital technologies and water resources.");
        assert_eq!(t, ["trade", "digital_ai", "water"]);
    }
}
