//! The vocabulary every pipeline stage speaks: documents, raw items, articles,
//! sentences and byte spans.
//!
//! Plain data only. Nothing here does I/O or knows how it is read, stored or
//! served. Stages meet in these types and never in each other's internals.

pub mod annotation;
pub mod countries;
pub mod fetches;
pub mod kinds;
pub mod months;
pub mod names;
pub mod tsv;

use std::fmt;

use serde::{Deserialize, Serialize};

/// A byte range into an article's clean text.
///
/// Invariant: `start <= end`, both on `char` boundaries of the text the span
/// was made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// # Panics
    /// If `end < start`: that is a bug in the caller, not bad input.
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span end {end} before start {start}");
        Span { start, end }
    }

    /// The surface text this span covers.
    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// The container format of a document, detected from its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text: a scraped page, a single story or a feed dump of many.
    Text,
    /// Markdown with a YAML front matter block (title, date, source URL).
    Markdown,
    Html,
    Rss,
    Atom,
    /// One crawled document of a JSON Lines file.
    Jsonl,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Jsonl => "jsonl",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "text" => Format::Text,
            "markdown" => Format::Markdown,
            "html" => Format::Html,
            "rss" => Format::Rss,
            "atom" => Format::Atom,
            "jsonl" => Format::Jsonl,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When an article says it was published: a day, and the minute when stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Published {
    pub date: jiff::civil::Date,
    pub time: Option<jiff::civil::Time>,
}

impl Published {
    pub fn day(date: jiff::civil::Date) -> Published {
        Published { date, time: None }
    }

    /// Parses the form `Display` writes: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
    pub fn parse(s: &str) -> Option<Published> {
        let (d, t) = match s.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (s, None),
        };
        let date: jiff::civil::Date = d.parse().ok()?;
        let time = match t {
            Some(t) => {
                let (h, m) = t.split_once(':')?;
                Some(jiff::civil::Time::new(h.parse().ok()?, m.get(..2)?.parse().ok()?, 0, 0).ok()?)
            }
            None => None,
        };
        Some(Published { date, time })
    }
}

impl fmt::Display for Published {
    /// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` when the time is known (ANNOTATION.md section 1).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some(t) = self.time {
            write!(f, "T{:02}:{:02}", t.hour(), t.minute())?;
        }
        Ok(())
    }
}

/// One unit of text as a reader found it, before segmentation: a whole
/// plain-text file, one feed item, one crawled record, one HTML page's main text.
///
/// Metadata the container states (a feed item's title, a page's published
/// time) is carried here; segmentation finds the rest in the text itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawItem {
    pub title: Option<String>,
    pub published: Option<Published>,
    pub url: Option<String>,
    /// The outlet or crawler source the container names (JSONL `source`, feed title).
    pub source: Option<String>,
    /// Language the container declares (`<html lang>`, feed language), if any.
    pub language: Option<String>,
    /// Text with paragraphs on their own lines. For plain-text files this is
    /// the whole decoded file, boilerplate included.
    pub text: String,
}

/// `url` when it is an absolute `http` or `https` address (any case of the
/// scheme, a host after it, no control character): the only links
/// attache keeps and serves. `javascript:`, `data:`, relative and scheme-less
/// values give `None`.
pub fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = ["https://", "http://"].iter().find_map(|scheme| {
        url.get(..scheme.len()).filter(|s| s.eq_ignore_ascii_case(scheme)).map(|_| &url[scheme.len()..])
    })?;
    let host_starts = rest.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '[');
    (host_starts && !url.chars().any(char::is_control)).then_some(url)
}

#[cfg(test)]
mod web_url_tests {
    use super::web_url;

    #[test]
    fn only_absolute_http_and_https_addresses_are_web_urls() {
        for ok in [
            "https://example.org/a?b=c",
            "HTTP://Example.org",
            " http://[::1]:8080/x ",
            "https://ø.example/é",
            "https://example.org/a b",
        ] {
            assert_eq!(web_url(ok), Some(ok.trim()), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(document.domain)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "//evil.example/x",
            "/relative/path",
            "www.example.org",
            "https://",
            "https:///x",
            "http://example.org/\n<script>",
            "https://example.org/\u{0}",
            "é",
            "",
        ] {
            assert_eq!(web_url(bad), None, "{bad:?}");
        }
    }
}

/// One input as read: a file, a page, a feed, or one record of a JSONL crawl.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Where it came from: a path, `path#id` for a JSONL record, or `-` for stdin.
    pub origin: String,
    /// The name exported annotations use as `doc`: the file name or the JSONL `id`.
    pub name: String,
    /// Hex BLAKE3 of the document's bytes without encoding noise (a BOM, CRLF,
    /// trailing whitespace: `attache_ingest::content_hash`): equal content, equal hash.
    pub hash: String,
    pub format: Format,
    /// The character encoding the bytes were decoded from (`UTF-8`, `windows-1251`, ...).
    pub encoding: String,
    /// Size of the input in bytes.
    pub bytes: usize,
    pub items: Vec<RawItem>,
}

/// A clean news article: what segmentation makes of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    /// 0-based position of the article in its document.
    pub position: usize,
    pub title: Option<String>,
    pub published: Option<Published>,
    /// View count when a feed header states it.
    pub views: Option<u64>,
    /// Origins the article cites ("Akorda", "Ministry of Foreign Affairs of Kazakhstan").
    pub via: Vec<String>,
    pub url: Option<String>,
    /// ISO 639-3 code of the detected (or declared) language.
    pub language: Option<String>,
    /// Clean text: paragraphs separated by a blank line, no boilerplate. A
    /// transcript turn is a paragraph whose first line is its speaker's label
    /// ending with a colon ("President of Norland Anna Berg:"), the speech on
    /// the lines after it (see [`Article::speaker`]).
    pub text: String,
    /// Sentences as byte spans into `text`, in order, non-overlapping.
    pub sentences: Vec<Span>,
}

impl Article {
    pub fn sentence_text(&self, index: usize) -> Option<&str> {
        self.sentences.get(index).map(|s| s.slice(&self.text))
    }

    /// Who says sentence `index`, when it is part of a transcript turn: the
    /// turn's label without its colon ("President of Norland Anna Berg").
    /// `None` for narration and for the label itself.
    pub fn speaker(&self, index: usize) -> Option<&str> {
        let span = self.sentences.get(index)?;
        let start = self.text[..span.start].rfind("\n\n").map_or(0, |i| i + 2);
        let paragraph = &self.text[start..];
        let line_end = paragraph.find('\n')?;
        let label = paragraph[..line_end].strip_suffix(':')?;
        let is_turn = !paragraph[line_end + 1..].starts_with('\n') && !label.is_empty();
        (is_turn && span.start > start + line_end).then_some(label.trim())
    }
}

#[cfg(test)]
mod article_tests {
    use super::*;

    #[test]
    fn a_turn_names_its_speaker() {
        let text = "The leaders met.\n\nAnna Berg:\nWelcome. We are glad.\n\nThe talks ended.";
        let at = |s: &str| {
            let start = text.find(s).unwrap();
            Span::new(start, start + s.len())
        };
        let article = Article {
            text: text.into(),
            sentences: ["The leaders met.", "Anna Berg:", "Welcome.", "We are glad.", "The talks ended."]
                .iter()
                .map(|s| at(s))
                .collect(),
            ..Article::default()
        };
        let speakers: Vec<Option<&str>> = (0..5).map(|i| article.speaker(i)).collect();
        assert_eq!(speakers, [None, None, Some("Anna Berg"), Some("Anna Berg"), None]);
    }
}

impl Published {
    /// Reads the machine-readable dates that containers carry: `YYYY-MM-DD`,
    /// `YYYY-MM-DDTHH:MM[:SS[.f]][Z|±HH:MM]` or with a space for the `T`.
    /// The clock time is kept as written (the publisher's local time).
    pub fn from_iso(s: &str) -> Option<Published> {
        // Every cut is by `str::get`, so a character straddling a cut gives
        // `None` (no time, or no date) instead of a panic.
        let s = s.trim();
        let date: jiff::civil::Date = s.get(..10)?.parse().ok()?;
        let rest = s.get(10..)?;
        let time = rest.strip_prefix(['T', ' ']).and_then(|t| {
            let digits = |r: std::ops::Range<usize>| t.get(r).filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
            if t.get(2..3)? != ":" {
                return None;
            }
            let h: i8 = digits(0..2)?.parse().ok()?;
            let m: i8 = digits(3..5)?.parse().ok()?;
            jiff::civil::Time::new(h, m, 0, 0).ok()
        });
        Some(Published { date, time })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_round_trips_through_display() {
        for s in ["2026-01-08T19:12", "2021-12-20"] {
            assert_eq!(Published::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Published::parse("2026-13-01"), None);
    }

    #[test]
    fn published_reads_iso_forms() {
        let p = Published::from_iso("2026-04-15T09:30:00+02:00").unwrap();
        assert_eq!(p.to_string(), "2026-04-15T09:30");
        assert_eq!(Published::from_iso("2026-04-15").unwrap().to_string(), "2026-04-15");
        assert_eq!(Published::from_iso("2026-04-15 07:05:00").unwrap().to_string(), "2026-04-15T07:05");
        assert_eq!(Published::from_iso("April 15"), None);
    }

    #[test]
    fn from_iso_and_parse_are_total_over_characters_at_any_cut() {
        // A multi-byte character where the minutes, the hour, the separator or
        // the date end: the date is kept when it reads, the time dropped.
        assert_eq!(Published::from_iso("2026-04-15T12:3é").unwrap().to_string(), "2026-04-15");
        assert_eq!(Published::from_iso("2026-04-15Té2:30").unwrap().to_string(), "2026-04-15");
        assert_eq!(Published::from_iso("2026-04-15T1é:30").unwrap().to_string(), "2026-04-15");
        assert_eq!(Published::from_iso("2026-04-15T12é30").unwrap().to_string(), "2026-04-15");
        assert_eq!(Published::from_iso("2026-04-15T+1:30").unwrap().to_string(), "2026-04-15");
        assert_eq!(Published::from_iso("2026-04-1é"), None);
        assert_eq!(Published::from_iso("2026-04-15é"), Some(Published::day(jiff::civil::date(2026, 4, 15))));
        assert_eq!(Published::parse("2026-04-15T12:é"), None);
        // Every prefix of every mixed string, cut at every byte that is a boundary.
        let samples =
            ["2026-04-15T12:3é", "2026-04-15 ééé:éé", "éééé-éé-ééTéé:éé", "2026-04-15T12:30:00+02:00", "٢٠٢٦-٠٤-١٥"];
        for s in samples {
            for (i, _) in s.char_indices().chain([(s.len(), ' ')]) {
                let _ = Published::from_iso(&s[..i]);
                let _ = Published::parse(&s[..i]);
            }
        }
    }
}
