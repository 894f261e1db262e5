//! Retention: how much of each input's body text reaches its articles.
//!
//! The reference of a document is the text its container holds (a JSON Lines
//! record's `text`, a Markdown body as written, a plain-text file whole, the
//! main text the HTML reader found), read as words: runs of letters and
//! digits, lower-cased, with HTML tags and entities, images, link targets
//! and bare URLs left out
//! (they are markup, not prose). The kept words are those of the document's articles,
//! titles included. Retention is the share of reference words (counted with
//! their multiplicity) that are kept. It measures the text layer: what
//! segmentation and boilerplate cleaning keep of what a reader handed them.

use std::path::PathBuf;
use std::sync::LazyLock;

use attache_ingest::{Outcome, ReadOptions};
use regex::Regex;
use rustc_hash::FxHashMap;

/// Retention of one document.
#[derive(Clone, Debug)]
pub struct DocRetention {
    /// Where the document came from (`path` or `path#id`).
    pub origin: String,
    /// Words of the reference body.
    pub reference: usize,
    /// Reference words found in the document's articles.
    pub kept: usize,
    /// Articles the document gave.
    pub articles: usize,
    /// The first reference words not kept, in reading order (at most [`LOST_SHOWN`]).
    pub lost: Vec<String>,
}

/// Lost words kept per document, to show what went missing.
pub const LOST_SHOWN: usize = 60;

impl DocRetention {
    /// Kept words over reference words (1 for an empty reference).
    pub fn share(&self) -> f64 {
        if self.reference == 0 { 1.0 } else { self.kept as f64 / self.reference as f64 }
    }
}

/// What a retention run measured.
#[derive(Clone, Debug, Default)]
pub struct RetentionReport {
    pub documents: Vec<DocRetention>,
    /// Inputs or documents not read, or giving no article, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// Reads `paths` as `attache ingest` would (nothing is stored) and measures
/// each document's retention.
pub fn retention(paths: &[PathBuf], read: &ReadOptions) -> RetentionReport {
    let mut report = RetentionReport::default();
    let inputs = attache_ingest::expand(paths, &mut |o| {
        if let Outcome::Skipped { origin, reason } = o {
            report.skipped.push((origin, reason));
        }
    });
    for input in &inputs {
        attache_ingest::read_input(input, read, &mut |outcome| match outcome {
            Outcome::Document(doc) => {
                let articles = attache_segment::segment_document(&doc);
                let mut reference = Words::default();
                let mut order = Vec::new();
                for item in &doc.items {
                    reference.add(&item.text);
                    order.extend(tokens(&item.text));
                }
                let mut kept = Words::default();
                for a in &articles {
                    kept.add(a.title.as_deref().unwrap_or(""));
                    kept.add(&a.text);
                }
                if articles.is_empty() {
                    report.skipped.push((doc.origin.clone(), "no article text found".into()));
                }
                report.documents.push(DocRetention {
                    origin: doc.origin,
                    reference: reference.total,
                    kept: reference.common(&kept),
                    articles: articles.len(),
                    lost: kept.missing(order),
                });
            }
            Outcome::Skipped { origin, reason } => report.skipped.push((origin, reason)),
            Outcome::Warning { .. } => {}
        });
    }
    report
}

static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"!\[[^\]]*\]\((?:[^()]|\([^()]*\)){0,2000}\)|\]\((?:[^()]|\([^()]*\)){0,2000}\)|<https?://[^>]*>|\b(?:https?://|www\.)\S+|&(?:[A-Za-z]{2,8}|#[0-9]{1,6}|#x[0-9A-Fa-f]{1,6});").expect("markup pattern")
});

/// A multiset of words.
#[derive(Default)]
struct Words {
    counts: FxHashMap<String, usize>,
    total: usize,
}

/// The words of `text`, lower-cased, markup left out.
fn tokens(text: &str) -> Vec<String> {
    let text = attache_segment::inline::strip_tags(text);
    let text = MARKUP.replace_all(&text, " ");
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

impl Words {
    fn add(&mut self, text: &str) {
        for w in tokens(text) {
            *self.counts.entry(w).or_default() += 1;
            self.total += 1;
        }
    }

    /// The words of `order` that `self` runs out of, in order, at most [`LOST_SHOWN`].
    fn missing(mut self, order: Vec<String>) -> Vec<String> {
        let mut lost = Vec::new();
        for w in order {
            match self.counts.get_mut(&w) {
                Some(n) if *n > 0 => *n -= 1,
                _ if lost.len() < LOST_SHOWN => lost.push(w),
                _ => {}
            }
        }
        lost
    }

    /// Words of `self` found in `other`, with multiplicity.
    fn common(&self, other: &Words) -> usize {
        self.counts.iter().map(|(w, &n)| n.min(other.counts.get(w).copied().unwrap_or(0))).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_markup_and_count_repeats() {
        let mut a = Words::default();
        a.add("The [two leaders](https://example.org/x) met; the leaders spoke. See www.example.org/y");
        assert_eq!(a.total, 8);
        let mut b = Words::default();
        b.add("the two leaders met");
        assert_eq!(a.common(&b), 4);
    }

    #[test]
    fn a_page_of_menus_keeps_its_story_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.txt");
        std::fs::write(
            &path,
            "Home\nNews\nAbout\nEnvoys meet in the capital\nThe two envoys met on Monday and discussed trade and transport links.\nShare\n",
        )
        .unwrap();
        let r = retention(&[path], &ReadOptions::default());
        assert_eq!(r.documents.len(), 1);
        let d = &r.documents[0];
        assert_eq!(d.reference, 21);
        assert_eq!(d.kept, 17, "{d:?}");
        assert_eq!(d.lost, ["home", "news", "about", "share"]);
    }
}
