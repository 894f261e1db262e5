//! A poll: the listings that are due (each host on its own thread, one
//! request at a time), the new links they give recorded as pending with
//! the listing's new validators in one transaction, then every due page
//! fetched (again a thread per host) and handed to the ledger in batches,
//! each page's record saved once its batch is stored. Without `once`,
//! polls go on until the stop flag is raised, which every wait watches.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use attache_ingest::Input;
use attache_model::fetches::{FetchKind, FetchRecord, FetchState};
use attache_model::{Document, Format, Published, RawItem};
use serde::{Deserialize, Serialize};

use crate::http::{Answer, FetchError, Fetcher, host_of};
use crate::listing::{self, Listed};
use crate::robots::{RobotsCache, robots_url};
use crate::{Ledger, LedgerError, Source, SourcesFile, now_stamp, stamp_in};

/// How a run goes.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Poll every source once, fetch every new page, and return.
    pub once: bool,
    /// How often a source without its own interval is polled (else the file's).
    pub interval: Option<Duration>,
    /// Pages handed to the ledger at once at most.
    pub batch_pages: Option<usize>,
}

/// What a run did, counted as it goes.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub polls: usize,
    /// Listing requests answered 200, and 304.
    pub listings_changed: usize,
    pub listings_not_modified: usize,
    pub listing_errors: usize,
    /// Links found that were not known before.
    pub links_new: usize,
    pub pages_fetched: usize,
    pub pages_not_modified: usize,
    pub page_errors: usize,
    /// Pages kept as their feed item's own text.
    pub fallbacks: usize,
    pub documents_added: usize,
    pub documents_unchanged: usize,
    pub articles_added: usize,
}

/// Runs polls until done (`once`) or stopped. `say` gets one line per
/// problem and per poll.
pub fn run(
    file: &SourcesFile,
    options: &RunOptions,
    ledger: &mut dyn Ledger,
    stop: Arc<AtomicBool>,
    say: &mut dyn FnMut(&str),
) -> Result<Totals, LedgerError> {
    let fetcher = Fetcher::new(file.settings.clone(), RobotsCache::default(), stop.clone());
    let mut totals = Totals::default();
    let interval_of = |s: &Source| s.interval.or(options.interval).unwrap_or(file.settings.interval);
    // When each source is due again (all are at the start).
    let mut due_at: Vec<Instant> = vec![Instant::now(); file.sources.len()];
    loop {
        let now = Instant::now();
        let due: Vec<usize> = (0..file.sources.len()).filter(|&i| due_at[i] <= now).collect();
        if !due.is_empty() {
            for &i in &due {
                due_at[i] = now + interval_of(&file.sources[i]);
            }
            let poll = Poll { file, fetcher: &fetcher, batch: options.batch_pages.unwrap_or(32).max(1) };
            poll.listings(&due, ledger, &mut totals, say)?;
            if !fetcher.stopped() {
                poll.pages(ledger, &mut totals, say)?;
            }
            ledger.save(&fetcher.robots.take_changed())?;
            totals.polls += 1;
            say(&format!(
                "poll {}: {} listings changed, {} not modified, {} failed; {} new links; {} pages fetched, {} failed; {} articles added",
                totals.polls,
                totals.listings_changed,
                totals.listings_not_modified,
                totals.listing_errors,
                totals.links_new,
                totals.pages_fetched,
                totals.page_errors,
                totals.articles_added
            ));
        }
        if options.once || fetcher.stopped() {
            return Ok(totals);
        }
        let next = due_at.iter().min().copied().unwrap_or(now + Duration::from_secs(60));
        while Instant::now() < next && !fetcher.stopped() {
            std::thread::sleep(Duration::from_millis(100));
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(totals);
        }
    }
}

struct Poll<'a> {
    file: &'a SourcesFile,
    fetcher: &'a Fetcher,
    batch: usize,
}

/// One listing to poll: its source, URL, kind and record.
struct ListingJob {
    source: usize,
    record: FetchRecord,
}

/// The feed item kept for a page, as the fetch log stores it (JSON).
#[derive(Serialize, Deserialize)]
struct KeptItem {
    title: Option<String>,
    published: Option<String>,
    url: Option<String>,
    source: Option<String>,
    language: Option<String>,
    text: String,
}

impl Poll<'_> {
    /// Seeds the robots.txt records of the origins of `urls`.
    fn seed_robots<'u>(&self, urls: impl Iterator<Item = &'u str>, ledger: &mut dyn Ledger) -> Result<(), LedgerError> {
        for url in urls {
            if let Some(r) = robots_url(url)
                && self.fetcher.robots.wants(&r)
            {
                let record = ledger.record(&r)?;
                self.fetcher.robots.seed(&r, record);
            }
        }
        Ok(())
    }

    /// Polls the listings of the sources `due` (and the sitemaps their
    /// sitemap indexes name), recording the new links they give.
    fn listings(
        &self,
        due: &[usize],
        ledger: &mut dyn Ledger,
        totals: &mut Totals,
        say: &mut dyn FnMut(&str),
    ) -> Result<(), LedgerError> {
        let sources: Vec<Source> = due.iter().map(|&i| self.file.sources[i].clone()).collect();
        ledger.sources(&sources, &now_stamp())?;
        let mut jobs = Vec::new();
        for &i in due {
            let s = &self.file.sources[i];
            let record = ledger.record(&s.url)?.unwrap_or_else(|| FetchRecord::pending(&s.url, &s.name, s.kind));
            jobs.push(ListingJob { source: i, record });
        }
        // A sitemap index's sitemaps are polled in a second round, theirs in a third.
        for _round in 0..3 {
            if jobs.is_empty() || self.fetcher.stopped() {
                break;
            }
            self.seed_robots(jobs.iter().map(|j| j.record.url.as_str()), ledger)?;
            let results = by_host(
                std::mem::take(&mut jobs),
                self.file.settings.hosts_at_once,
                |j| &j.record.url,
                |job| {
                    let (etag, modified) = (job.record.etag.clone(), job.record.last_modified.clone());
                    let answer = self.fetcher.get(&job.record.url, (etag.as_deref(), modified.as_deref()), true);
                    (job, answer)
                },
            );
            for (job, answer) in results {
                let source = &self.file.sources[job.source];
                let (record, listed) = match self.listed(job.record, source, answer, totals) {
                    Some(done) => done,
                    None => continue,
                };
                if let Some(e) = record.error.as_deref().filter(|_| record.state == FetchState::Failed) {
                    say(&format!("{}: {}: {e}", source.name, record.url));
                }
                let mut records = vec![record];
                for url in &listed.sitemaps {
                    let known = ledger.record(url)?;
                    jobs.push(ListingJob {
                        source: job.source,
                        record: known.unwrap_or_else(|| FetchRecord::pending(url, &source.name, FetchKind::Sitemap)),
                    });
                }
                for link in listed.links {
                    records.extend(self.new_page(link, source, ledger, totals)?);
                }
                ledger.save(&records)?;
            }
        }
        Ok(())
    }

    /// A listing's record after its answer, and what it lists (nothing
    /// unless it changed); `None` when the run was stopped.
    fn listed(
        &self,
        mut record: FetchRecord,
        source: &Source,
        answer: Result<Answer, FetchError>,
        totals: &mut Totals,
    ) -> Option<(FetchRecord, Listed)> {
        let now = now_stamp();
        record.fetched_at = Some(now.clone());
        let outcome = match answer {
            Err(FetchError::Stopped) => return None,
            Ok(a) if a.not_modified() => {
                totals.listings_not_modified += 1;
                record.status = Some(304);
                Ok(Listed::default())
            }
            Ok(a) => {
                record.status = Some(a.status);
                let pattern = source.link_pattern.as_deref();
                let listed = match record.kind {
                    FetchKind::Feed => listing::feed(&a.body, &a.url, pattern),
                    FetchKind::Sitemap => listing::sitemap(&a.body, &a.url, pattern),
                    _ => listing::index(&a.body, &a.url, pattern),
                };
                if listed.is_ok() {
                    totals.listings_changed += 1;
                    // Validators are kept only for a body that was read: a
                    // malformed feed is asked for whole next time.
                    record.etag = a.etag;
                    record.last_modified = a.last_modified;
                    record.hash = Some(attache_ingest::content_hash(&a.body));
                }
                listed
            }
            Err(e) => {
                if let FetchError::Status(s) = e {
                    record.status = Some(s);
                }
                Err(e.to_string())
            }
        };
        match outcome {
            Ok(listed) => {
                record.state = FetchState::Done;
                record.succeeded_at = Some(now);
                record.failures = 0;
                Some((record, listed))
            }
            Err(e) => {
                totals.listing_errors += 1;
                record.state = FetchState::Failed;
                record.error = Some(e);
                record.failed_at = Some(now);
                record.failures += 1;
                Some((record, Listed::default()))
            }
        }
    }

    /// The record of a link when it is new (pending), or known and changed
    /// since it was fetched (a sitemap's `lastmod`: pending again).
    fn new_page(
        &self,
        link: listing::Link,
        source: &Source,
        ledger: &mut dyn Ledger,
        totals: &mut Totals,
    ) -> Result<Option<FetchRecord>, LedgerError> {
        if let Some(mut known) = ledger.record(&link.url)? {
            let changed = match (&link.lastmod, &known.succeeded_at) {
                (Some(m), Some(at)) => lastmod_after(m, at),
                _ => false,
            };
            if changed && known.state == FetchState::Done {
                known.state = FetchState::Pending;
                return Ok(Some(known));
            }
            return Ok(None);
        }
        totals.links_new += 1;
        let mut record = FetchRecord::pending(&link.url, &source.name, FetchKind::Page);
        record.kept = link.item.map(|i| {
            serde_json::to_string(&KeptItem {
                title: i.title,
                published: i.published.map(|p| p.to_string()),
                url: Some(link.url.clone()),
                source: Some(source.name.clone()),
                language: i.language,
                text: i.text,
            })
            .expect("strings serialize")
        });
        Ok(Some(record))
    }

    /// Fetches every due page, host by host, storing them in batches.
    fn pages(
        &self,
        ledger: &mut dyn Ledger,
        totals: &mut Totals,
        say: &mut dyn FnMut(&str),
    ) -> Result<(), LedgerError> {
        let due = ledger.due_pages(&now_stamp())?;
        if due.is_empty() {
            return Ok(());
        }
        self.seed_robots(due.iter().map(|r| r.url.as_str()), ledger)?;
        let (tx, rx) = mpsc::sync_channel::<(FetchRecord, Result<Answer, FetchError>)>(self.batch);
        let failed: Mutex<Option<LedgerError>> = Mutex::new(None);
        std::thread::scope(|scope| {
            let fetcher = self.fetcher;
            let hosts = self.file.settings.hosts_at_once;
            scope.spawn(move || {
                by_host(
                    due,
                    hosts,
                    |r| &r.url,
                    |record| {
                        let answer =
                            fetcher.get(&record.url, (record.etag.as_deref(), record.last_modified.as_deref()), true);
                        // The receiver gone (a ledger error) ends the poll.
                        if tx.send((record, answer)).is_err() {
                            fetcher_stop(fetcher);
                        }
                    },
                );
            });
            let mut batch: Vec<(FetchRecord, Option<Input>)> = Vec::new();
            let mut opened = Instant::now();
            let result = (|| -> Result<(), LedgerError> {
                loop {
                    let got = rx.recv_timeout(Duration::from_millis(200));
                    let closed = matches!(got, Err(mpsc::RecvTimeoutError::Disconnected));
                    if let Ok((record, answer)) = got {
                        if batch.is_empty() {
                            opened = Instant::now();
                        }
                        if let Some(item) = self.page(record, answer, totals, say) {
                            batch.push(item);
                        }
                    }
                    if !batch.is_empty()
                        && (closed || batch.len() >= self.batch || opened.elapsed() > Duration::from_secs(2))
                    {
                        self.store(std::mem::take(&mut batch), ledger, totals, say)?;
                    }
                    if closed {
                        return Ok(());
                    }
                }
            })();
            if let Err(e) = result {
                fetcher_stop(self.fetcher);
                *failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                // Let the fetching threads finish (they see the stop flag).
                while rx.recv().is_ok() {}
            }
        });
        match failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// A page's record after its answer, and what to store of it.
    fn page(
        &self,
        mut record: FetchRecord,
        answer: Result<Answer, FetchError>,
        totals: &mut Totals,
        say: &mut dyn FnMut(&str),
    ) -> Option<(FetchRecord, Option<Input>)> {
        let now = now_stamp();
        record.fetched_at = Some(now.clone());
        match answer {
            Err(FetchError::Stopped) => None,
            Ok(a) => {
                record.status = Some(a.status);
                record.state = FetchState::Done;
                record.succeeded_at = Some(now);
                record.failures = 0;
                record.next_try = None;
                if a.not_modified() {
                    totals.pages_not_modified += 1;
                    return Some((record, None));
                }
                totals.pages_fetched += 1;
                record.etag = a.etag;
                record.last_modified = a.last_modified;
                record.hash = Some(attache_ingest::content_hash(&a.body));
                Some((record, Some(Input::Fetched { url: a.url, bytes: a.body })))
            }
            Err(e) => {
                totals.page_errors += 1;
                if let FetchError::Status(s) = e {
                    record.status = Some(s);
                }
                record.state = FetchState::Failed;
                record.failures += 1;
                record.error = Some(e.to_string());
                record.failed_at = Some(now);
                let again = e.is_transient() && record.failures < self.file.settings.max_failures;
                let wait =
                    self.file.settings.backoff.saturating_mul(30u32.saturating_mul(1 << record.failures.min(16)));
                record.next_try = again.then(|| stamp_in(wait.min(self.file.settings.max_backoff)));
                say(&format!("{}: {}: {e}", record.source, record.url));
                // A page given up keeps its feed item's own text, if it had one.
                let fallback = if again { None } else { fallback(&record) };
                if let Some(doc) = &fallback {
                    totals.fallbacks += 1;
                    record.hash = Some(doc.hash.clone());
                }
                Some((record, fallback.map(|d| Input::Document(Box::new(d)))))
            }
        }
    }

    /// Stores a batch of pages, then saves their records.
    fn store(
        &self,
        batch: Vec<(FetchRecord, Option<Input>)>,
        ledger: &mut dyn Ledger,
        totals: &mut Totals,
        say: &mut dyn FnMut(&str),
    ) -> Result<(), LedgerError> {
        let (mut records, inputs): (Vec<FetchRecord>, Vec<Option<Input>>) = batch.into_iter().unzip();
        let origins: Vec<Option<String>> = inputs.iter().map(|i| i.as_ref().map(Input::origin)).collect();
        let pages: Vec<bool> = inputs.iter().map(|i| matches!(i, Some(Input::Fetched { .. }))).collect();
        let ingested = ledger.ingest(inputs.into_iter().flatten().collect())?;
        totals.documents_added += ingested.documents_added;
        totals.documents_unchanged += ingested.documents_unchanged;
        totals.articles_added += ingested.articles_added;
        let skipped: BTreeMap<&str, &str> = ingested.skipped.iter().map(|(o, r)| (o.as_str(), r.as_str())).collect();
        let mut fallbacks = Vec::new();
        for ((record, origin), was_page) in records.iter_mut().zip(&origins).zip(&pages) {
            if let Some(reason) = origin.as_deref().and_then(|o| skipped.get(o)) {
                // Read but not stored (no article text, not text at all):
                // final, said, and the feed item's own text kept instead.
                say(&format!("{}: {}: {reason}", record.source, record.url));
                record.state = FetchState::Failed;
                record.error = Some((*reason).to_string());
                record.failed_at = record.fetched_at.clone();
                record.next_try = None;
                if let Some(doc) = was_page.then(|| fallback(record)).flatten() {
                    totals.fallbacks += 1;
                    record.hash = Some(doc.hash.clone());
                    fallbacks.push(Input::Document(Box::new(doc)));
                }
            }
        }
        if !fallbacks.is_empty() {
            let more = ledger.ingest(fallbacks)?;
            totals.documents_added += more.documents_added;
            totals.documents_unchanged += more.documents_unchanged;
            totals.articles_added += more.articles_added;
        }
        ledger.save(&records)
    }
}

fn fetcher_stop(fetcher: &Fetcher) {
    fetcher.stop_now();
}

/// The document of a page's kept feed item (its origin the page URL).
fn fallback(record: &FetchRecord) -> Option<Document> {
    let kept: KeptItem = serde_json::from_str(record.kept.as_deref()?).ok()?;
    if kept.text.trim().is_empty() {
        return None;
    }
    let hash_of = format!("{}\n{}\n{}", kept.title.as_deref().unwrap_or(""), record.url, kept.text);
    let item = RawItem {
        title: kept.title,
        published: kept.published.as_deref().and_then(Published::parse),
        url: kept.url,
        source: kept.source,
        language: kept.language,
        text: kept.text,
    };
    Some(Document {
        origin: record.url.clone(),
        name: record.url.clone(),
        hash: attache_ingest::content_hash(hash_of.as_bytes()),
        format: Format::Rss,
        encoding: "UTF-8".into(),
        bytes: item.text.len(),
        items: vec![item],
    })
}

/// Whether a sitemap's `lastmod` (a date or a time) is after the stamp `at`.
fn lastmod_after(lastmod: &str, at: &str) -> bool {
    let parsed: Option<jiff::Timestamp> = lastmod.parse::<jiff::Timestamp>().ok().or_else(|| {
        lastmod
            .parse::<jiff::civil::Date>()
            .ok()
            .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map(|z| z.timestamp())
    });
    match (parsed, at.parse::<jiff::Timestamp>()) {
        (Some(m), Ok(a)) => m > a,
        _ => false,
    }
}

/// Runs `work` on every job, the jobs of one host in order on one thread,
/// at most `at_once` hosts at a time; returns the results (host by host).
fn by_host<J: Send, R: Send>(
    jobs: Vec<J>,
    at_once: usize,
    url: impl Fn(&J) -> &String + Sync,
    work: impl Fn(J) -> R + Sync,
) -> Vec<R> {
    let mut hosts: BTreeMap<String, Vec<J>> = BTreeMap::new();
    for job in jobs {
        let host = host_of(url(&job)).unwrap_or_default();
        hosts.entry(host).or_default().push(job);
    }
    let queue = Mutex::new(hosts.into_values().collect::<Vec<_>>());
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        let threads = at_once.max(1).min(queue.lock().map_or(1, |q| q.len()).max(1));
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let Some(host_jobs) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop() else { return };
                    for job in host_jobs {
                        let r = work(job);
                        results.lock().unwrap_or_else(|e| e.into_inner()).push(r);
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lastmod_is_compared_as_a_time() {
        assert!(lastmod_after("2026-01-03", "2026-01-02T10:00:00.000Z"));
        assert!(!lastmod_after("2026-01-02", "2026-01-02T10:00:00.000Z"));
        assert!(lastmod_after("2026-01-02T11:00:00Z", "2026-01-02T10:00:00.000Z"));
        assert!(!lastmod_after("yesterday", "2026-01-02T10:00:00.000Z"));
    }

    #[test]
    fn a_kept_item_becomes_a_document_of_the_page_url() {
        let mut r = FetchRecord::pending("http://a.test/1", "Wire", FetchKind::Page);
        r.kept = Some(r#"{"title":"T","published":"2026-01-02","url":"http://a.test/1","source":"Wire","language":null,"text":"Some words."}"#.into());
        let doc = fallback(&r).unwrap();
        assert_eq!((doc.origin.as_str(), doc.items[0].source.as_deref()), ("http://a.test/1", Some("Wire")));
        r.kept = None;
        assert!(fallback(&r).is_none());
    }
}
