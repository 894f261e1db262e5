//! Watch: follows live sources (RSS/Atom feeds, sitemaps, HTML index
//! pages) and hands every new article page to the ingest path.
//!
//! Politeness lives in `http` (robots.txt, one request at a time per host
//! with a delay, conditional GET, `Retry-After`, backoff, timeouts, a size
//! limit, at most 5 redirects, a User-Agent naming attache and a contact);
//! what a listing lists in `listing`; the order of a poll and what is
//! recorded in `poll`. State lives in the fetch log the [`Ledger`] keeps
//! (the store, through the CLI): a URL found is recorded as pending in the
//! same transaction as its listing's new validators, and as done only once
//! its page is stored, so a run killed at any point loses nothing, and a
//! page fetched again is stored once (documents are keyed by content hash).
//!
//! It does not parse pages, segment, extract or store: ingest and the
//! pipeline do, behind the ledger.

pub mod config;
pub mod http;
pub mod listing;
mod poll;
pub mod robots;

use std::time::Duration;

use attache_model::fetches::FetchRecord;

pub use config::{Settings, Source, SourcesFile, parse_duration, parse_sources};
pub use poll::{RunOptions, Totals, run};

/// An error of the ledger (the store behind it), passed through.
pub type LedgerError = Box<dyn std::error::Error + Send + Sync>;

/// What storing a batch of pages did.
#[derive(Clone, Debug, Default)]
pub struct Ingested {
    pub documents_added: usize,
    pub documents_unchanged: usize,
    pub articles_added: usize,
    /// Inputs (by origin: the page URL) not stored, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// The fetch log and the store, as the watcher uses them.
pub trait Ledger {
    /// The record of `url`, if any.
    fn record(&mut self, url: &str) -> Result<Option<FetchRecord>, LedgerError>;
    /// Saves records in one transaction (each replaces its URL's).
    fn save(&mut self, records: &[FetchRecord]) -> Result<(), LedgerError>;
    /// Notes the sources followed, at the start of a poll.
    fn sources(&mut self, sources: &[Source], polled_at: &str) -> Result<(), LedgerError>;
    /// Article pages due at `now`: pending, or failed with `next_try` passed.
    fn due_pages(&mut self, now: &str) -> Result<Vec<FetchRecord>, LedgerError>;
    /// Stores pages through the ingest path (committed when it returns).
    fn ingest(&mut self, inputs: Vec<attache_ingest::Input>) -> Result<Ingested, LedgerError>;
}

/// The time now as the fetch log writes it: RFC 3339 UTC with milliseconds
/// (one width, so the text sorts as the time).
pub fn now_stamp() -> String {
    stamp(jiff::Timestamp::now())
}

/// `at` as the fetch log writes it.
pub fn stamp(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The time `d` from now, as the fetch log writes it.
pub fn stamp_in(d: Duration) -> String {
    let at = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::try_from(d).unwrap_or(jiff::SignedDuration::MAX))
        .unwrap_or(jiff::Timestamp::MAX);
    stamp(at)
}

/// How long ago a stamp was (none for a bad stamp or one in the future).
pub fn since_stamp(s: &str) -> Option<Duration> {
    let at: jiff::Timestamp = s.parse().ok()?;
    let age = jiff::Timestamp::now().duration_since(at);
    Duration::try_from(age).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_have_one_width_and_read_back() {
        let s = stamp("2026-01-02T03:04:05Z".parse().unwrap());
        assert_eq!(s, "2026-01-02T03:04:05.000Z");
        let now = now_stamp();
        assert_eq!(now.len(), s.len());
        assert!(since_stamp(&now).is_some_and(|d| d < Duration::from_secs(60)));
        assert!(stamp_in(Duration::from_secs(3600)) > now);
        assert_eq!(since_stamp(&stamp_in(Duration::from_secs(3600))), None);
    }
}
