//! Pipeline: the only crate that knows the order of the stages.
//!
//! `ingest` reads inputs into documents, `segment` makes articles of them,
//! `store` keeps them. Reading and segmenting run on worker threads; one
//! writer stores documents in batched transactions (a batch is committed
//! every few thousand documents, few megabytes or two seconds), so memory
//! stays bounded by the channel and the batch, whatever the corpus size, and
//! an interrupted run loses at most its open batch, which the next run redoes.
//!
//! The channel is bounded in documents and in bytes ([`IN_FLIGHT_BYTES`]): it
//! is deep enough that readers keep working while the writer commits a batch
//! (a commit writes the batch's full-text index), small enough to keep memory
//! flat.

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::time::{Duration, Instant};

pub use attache_extract::{Extraction, Trace, extract};
pub use resolution::{ResolveReport, Resolving, resolve, resolve_actors, resolve_new};
pub use retention::{DocRetention, RetentionReport, retention};

mod documents;
pub mod generate;
mod resolution;
mod retention;
use attache_ingest::{Input, Outcome, ReadOptions};
use attache_model::annotation::Extraction as Extracted;
use attache_model::{Article, Document};
use attache_store::{Store, StoreError, Stored};

/// How to run an ingest.
#[derive(Clone, Debug)]
pub struct IngestConfig {
    pub read: ReadOptions,
    /// Reader threads (at least 1).
    pub jobs: usize,
    /// Commit after this many documents...
    pub batch_documents: usize,
    /// ...or this many input bytes, whichever comes first.
    pub batch_bytes: usize,
    /// Run the extractor on every new article (`attache reextract` can do it later).
    pub extract: bool,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            read: ReadOptions::default(),
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            batch_documents: 2000,
            batch_bytes: 16 << 20,
            extract: true,
        }
    }
}

/// What an ingest did, counted as it goes.
#[derive(Clone, Debug, Default)]
pub struct IngestReport {
    /// Inputs found (files and stdin).
    pub inputs: usize,
    /// Inputs fully read so far.
    pub inputs_done: usize,
    pub documents_added: usize,
    pub documents_unchanged: usize,
    pub articles_added: usize,
    /// Documents stored as a new version of an origin seen before.
    pub versions_replaced: usize,
    /// Input bytes read.
    pub bytes: u64,
    /// Articles resolved at the end of the run (this run's and any left
    /// pending by an interrupted one).
    pub articles_resolved: usize,
    /// Inputs (or records) not stored, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Inputs stored after a repair, with what was repaired.
    pub warnings: Vec<(String, String)>,
    pub elapsed: Duration,
}

/// Messages the channel holds at most.
const CHANNEL_MESSAGES: usize = 4096;
/// Input bytes of the documents the channel holds at most (a single larger document still passes).
const IN_FLIGHT_BYTES: usize = 16 << 20;

/// Input bytes sent to the writer and not yet stored: readers wait while it
/// is over the limit. The reader of the input the writer stores now (the
/// head) waits only for its own messages (which the writer is taking), so
/// the head never waits for inputs held behind it, and a large document
/// sent in chunks is never far ahead of the writer.
struct InFlight {
    state: Mutex<Budget>,
    changed: Condvar,
}

#[derive(Default)]
struct Budget {
    used: usize,
    /// What each input with messages in flight holds of `used`.
    by_input: BTreeMap<usize, usize>,
    closed: bool,
    /// The input whose documents are stored now (all before it are done).
    head: usize,
}

impl Budget {
    fn full_for(&self, n: usize, input: usize) -> bool {
        let used = if input == self.head { self.by_input.get(&input).copied().unwrap_or(0) } else { self.used };
        used > 0 && used + n > IN_FLIGHT_BYTES
    }
}

impl InFlight {
    fn new() -> Self {
        InFlight { state: Mutex::new(Budget::default()), changed: Condvar::new() }
    }

    /// Waits for room for `n` bytes of input `input` and takes it; false once the writer is gone.
    fn acquire(&self, n: usize, input: usize) -> bool {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !st.closed && st.full_for(n, input) {
            st = self.changed.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        st.used += n;
        *st.by_input.entry(input).or_default() += n;
        !st.closed
    }

    fn release(&self, n: usize, input: usize) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.used = st.used.saturating_sub(n);
        if let Some(held) = st.by_input.get_mut(&input) {
            *held = held.saturating_sub(n);
            if *held == 0 {
                st.by_input.remove(&input);
            }
        }
        self.changed.notify_all();
    }

    /// The writer moved on to input `head`.
    fn set_head(&self, head: usize) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).head = head;
        self.changed.notify_all();
    }

    /// The writer stopped: wake every waiting reader for good.
    fn close(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
        self.changed.notify_all();
    }
}

/// Closes the budget when the writer returns, by error or panic included.
struct CloseOnDrop<'a>(&'a InFlight);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// What a worker hands the writer.
enum Message {
    /// A document and its first articles with their extractions (all of
    /// them when `last`; else [`Message::More`] follow). `weight` counts
    /// against [`IN_FLIGHT_BYTES`].
    Document {
        doc: Document,
        articles: Vec<Article>,
        extractions: Vec<Extracted>,
        weight: usize,
        last: bool,
    },
    /// More articles of the document sent last by the same input.
    More {
        articles: Vec<Article>,
        extractions: Vec<Extracted>,
        weight: usize,
        last: bool,
    },
    /// The document sent last by the same input failed after some of its
    /// articles were sent: none of it is stored, it is skipped for the reason.
    Abandoned(String, String),
    Skipped(String, String),
    Warning(String, String),
    InputDone(u64),
}

impl Message {
    /// What it counts against [`IN_FLIGHT_BYTES`] until the writer handled it.
    fn weight(&self) -> usize {
        match self {
            Message::Document { weight, .. } | Message::More { weight, .. } => *weight,
            Message::Abandoned(o, r) | Message::Skipped(o, r) | Message::Warning(o, r) => o.len() + r.len(),
            Message::InputDone(_) => 0,
        }
    }
}

/// The workers' messages in input order: each input's messages in the order
/// they were sent, all of one input before any of the next, whatever order
/// the workers finish in. So documents (and their article ids, which
/// resolution follows) are stored in the same order by any number of
/// workers, and a re-run after an interruption stores the rest in the order
/// a clean run would have. Messages of inputs ahead of the head wait here,
/// counted in the in-flight budget (their readers wait when it is full).
struct Ordered<'a> {
    rx: mpsc::Receiver<(usize, Message)>,
    in_flight: &'a InFlight,
    head: usize,
    waiting: BTreeMap<usize, VecDeque<Message>>,
}

impl Iterator for Ordered<'_> {
    /// A message and the input it belongs to.
    type Item = (usize, Message);

    fn next(&mut self) -> Option<(usize, Message)> {
        loop {
            if let Some(queue) = self.waiting.get_mut(&self.head)
                && let Some(msg) = queue.pop_front()
            {
                return Some(self.handing(msg));
            }
            match self.rx.recv() {
                Ok((input, msg)) if input == self.head => return Some(self.handing(msg)),
                Ok((input, msg)) => self.waiting.entry(input).or_default().push_back(msg),
                // Every worker is gone: what is left (a worker stopped early) goes in order.
                Err(_) => {
                    let mut first = self.waiting.first_entry()?;
                    let input = *first.key();
                    let msg = first.get_mut().pop_front();
                    if first.get().is_empty() {
                        first.remove();
                    }
                    return msg.map(|m| (input, m));
                }
            }
        }
    }
}

impl Ordered<'_> {
    /// Hands out a message of the head input, moving the head past it when
    /// the input is done.
    fn handing(&mut self, msg: Message) -> (usize, Message) {
        let input = self.head;
        if matches!(msg, Message::InputDone(_)) {
            self.waiting.remove(&self.head);
            self.head += 1;
            self.in_flight.set_head(self.head);
        }
        (input, msg)
    }
}

/// Reads `paths` (files, directories, `-`) into `store`. `on_progress` is
/// called after every input and every committed batch, and for each problem.
pub fn ingest(
    paths: &[PathBuf],
    store: &mut Store,
    config: &IngestConfig,
    on_progress: &mut dyn FnMut(&IngestReport),
) -> Result<IngestReport, StoreError> {
    let mut report = IngestReport::default();
    let inputs = attache_ingest::expand(paths, &mut |o| {
        if let Outcome::Skipped { origin, reason } = o {
            report.skipped.push((origin, reason));
        }
    });
    ingest_inputs(&inputs, report, store, config, on_progress)
}

/// Reads `inputs` into `store` as [`ingest`] does with the inputs of its
/// paths (`attache watch` hands it the pages it fetched); `report` holds
/// what was counted before (inputs skipped while listing them).
pub fn ingest_inputs(
    inputs: &[Input],
    mut report: IngestReport,
    store: &mut Store,
    config: &IngestConfig,
    on_progress: &mut dyn FnMut(&IngestReport),
) -> Result<IngestReport, StoreError> {
    let started = Instant::now();
    report.inputs = inputs.len();
    on_progress(&report);
    let next = AtomicUsize::new(0);
    let in_flight = InFlight::new();
    let (tx, rx) = mpsc::sync_channel::<(usize, Message)>(CHANNEL_MESSAGES);
    store.begin_ingest()?;
    let result = std::thread::scope(|scope| {
        let jobs = config.jobs.max(1).min(inputs.len().max(1));
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, read, in_flight) = (&next, &config.read, &in_flight);
            let run_extract = config.extract;
            scope.spawn(move || worker(inputs, next, read, run_extract, in_flight, &tx));
        }
        drop(tx);
        let _close = CloseOnDrop(&in_flight);
        let ordered = Ordered { rx, in_flight: &in_flight, head: 0, waiting: BTreeMap::new() };
        write_all(ordered, store, config, &in_flight, &mut report, on_progress, started)
    });
    let last = store.end_ingest();
    result?;
    // Ingests into one PostgreSQL store at once leave resolution to the last
    // of them to end, which resolves everything they stored together.
    if config.extract && last? {
        // Whatever is pending, this run's articles or those a run before it
        // stored and could not resolve (it was killed), is resolved now; a
        // replaced version or a re-extraction left the store marked for a
        // full resolution, which `resolve` then does.
        report.articles_resolved = resolve(store)?.articles;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

fn worker(
    inputs: &[Input],
    next: &AtomicUsize,
    read: &ReadOptions,
    extract: bool,
    in_flight: &InFlight,
    tx: &mpsc::SyncSender<(usize, Message)>,
) {
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(input) = inputs.get(i) else { return };
        let mut bytes = 0u64;
        let mut failed = false;
        let mut send = |msg: Message| {
            failed |= !in_flight.acquire(msg.weight(), i);
            failed |= tx.send((i, msg)).is_err();
        };
        let read_all = contain(|| {
            attache_ingest::read_input(input, read, &mut |outcome| match outcome {
                Outcome::Document(doc) => {
                    bytes += doc.bytes as u64;
                    // A panic segmenting or extracting one document skips that document alone.
                    documents::send_document(doc, extract, &mut send);
                }
                Outcome::Skipped { origin, reason } => send(Message::Skipped(origin, reason)),
                Outcome::Warning { origin, reason } => send(Message::Warning(origin, reason)),
            })
        });
        if let Err(reason) = read_all {
            // A reader panicked: the rest of this input is skipped, the run goes on.
            send(Message::Skipped(input.origin(), reason));
        }
        send(Message::InputDone(bytes));
        if failed {
            return;
        }
    }
}

/// Runs the work of one input or document, turning a panic into the reason
/// that input is skipped, so one bad input never aborts a run.
fn contain<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
        .map_err(|payload| attache_ingest::IngestError::from_panic(payload.as_ref()).to_string())
}

#[cfg(test)]
mod contain_tests {
    use super::contain;

    #[test]
    fn a_panic_becomes_the_reason_of_a_skip() {
        assert_eq!(contain(|| 7), Ok(7));
        let err = contain(|| -> u8 { panic!("byte index 5 is not a char boundary") }).unwrap_err();
        assert!(err.starts_with("internal error") && err.contains("byte index 5 is not a char boundary"), "{err}");
        let owned = contain(|| -> u8 { panic!("{} went wrong", "slicing") }).unwrap_err();
        assert!(owned.contains("slicing went wrong"), "{owned}");
    }
}

fn write_all(
    rx: Ordered<'_>,
    store: &mut Store,
    config: &IngestConfig,
    in_flight: &InFlight,
    report: &mut IngestReport,
    on_progress: &mut dyn FnMut(&IngestReport),
    started: Instant,
) -> Result<(), StoreError> {
    let mut rx = rx.peekable();
    while rx.peek().is_some() {
        let batch = store.batch()?;
        let (mut docs, mut bytes) = (0usize, 0usize);
        let opened = Instant::now();
        let mut pending = IngestReport::default();
        // A document sent in chunks, between its first and last: stored
        // after a savepoint (`None` when its content was stored before).
        let mut open: Option<Option<(i64, i64, usize)>> = None;
        for (input, msg) in rx.by_ref() {
            let weight = msg.weight();
            match msg {
                Message::Document { doc, articles, extractions, last: true, .. } => {
                    docs += 1;
                    bytes += weight;
                    match batch.put_document(&doc, &articles, &extractions)? {
                        Stored::Added { articles, version } => pending.added(version, articles),
                        Stored::Unchanged => pending.documents_unchanged += 1,
                    }
                }
                Message::Document { doc, articles, extractions, last: false, .. } => {
                    docs += 1;
                    bytes += weight;
                    batch.mark()?;
                    let begun = batch.begin_document(&doc)?;
                    if let Some((id, _)) = begun {
                        batch.put_articles(id, &articles, &extractions)?;
                    }
                    open = Some(begun.map(|(id, version)| (id, version, articles.len())));
                }
                Message::More { articles, extractions, last, .. } => {
                    bytes += weight;
                    if let Some(Some((id, _, count))) = open.as_mut() {
                        batch.put_articles(*id, &articles, &extractions)?;
                        *count += articles.len();
                    }
                    if last && open.is_some() {
                        batch.keep_since_mark()?;
                        match open.take().flatten() {
                            Some((_, version, count)) => pending.added(version, count),
                            None => pending.documents_unchanged += 1,
                        }
                    }
                }
                Message::Abandoned(o, r) => {
                    if open.take().is_some() {
                        batch.undo_to_mark()?;
                    }
                    report.skipped.push((o, r));
                }
                Message::Skipped(o, r) => report.skipped.push((o, r)),
                Message::Warning(o, r) => report.warnings.push((o, r)),
                Message::InputDone(b) => {
                    report.inputs_done += 1;
                    report.bytes += b;
                    report.elapsed = started.elapsed();
                    on_progress(report);
                }
            }
            in_flight.release(weight, input);
            // A document is stored whole or not at all: never committed half sent.
            if open.is_none()
                && (docs >= config.batch_documents
                    || bytes >= config.batch_bytes
                    || opened.elapsed() > Duration::from_secs(2))
            {
                break;
            }
        }
        if open.is_some() {
            // The workers are gone with a document half sent (cannot happen
            // short of a bug): none of it is kept.
            batch.undo_to_mark()?;
        }
        batch.commit()?;
        // Counted only once committed: the report never claims what a crash would lose.
        report.documents_added += pending.documents_added;
        report.documents_unchanged += pending.documents_unchanged;
        report.articles_added += pending.articles_added;
        report.versions_replaced += pending.versions_replaced;
        report.elapsed = started.elapsed();
        on_progress(report);
    }
    Ok(())
}

impl IngestReport {
    /// Counts a document stored as `version` with `articles` articles.
    fn added(&mut self, version: i64, articles: usize) {
        self.documents_added += 1;
        self.versions_replaced += usize::from(version > 1);
        self.articles_added += articles;
    }
}

/// What a re-extraction did.
#[derive(Clone, Debug, Default)]
pub struct ExtractReport {
    pub articles: usize,
    pub events: usize,
    /// Bytes of article text read.
    pub bytes: u64,
    /// Extraction alone: reading the articles, the rules, writing the events.
    pub elapsed: Duration,
    /// The resolution that follows it (actors, occurrences, commitments).
    pub resolving: Duration,
    /// Articles the extractor failed on (a panic contained): their stored
    /// extraction is kept as it was; each with its document and the reason.
    pub failed: Vec<(String, String)>,
}

/// Runs the extractor again over every current article in the store and
/// replaces what was stored (after the rules or gazetteers changed).
pub fn reextract(store: &mut Store, on_progress: &mut dyn FnMut(&ExtractReport)) -> Result<ExtractReport, StoreError> {
    let started = Instant::now();
    let mut report = ExtractReport::default();
    let mut after = 0;
    loop {
        let articles = store.articles_after(after, 1000)?;
        let Some(last) = articles.last().map(|a| a.id) else { break };
        let mut items = Vec::with_capacity(articles.len());
        for a in articles {
            let id = a.id;
            let x = match contain(|| attache_extract::extract(&a.doc, &a.article)) {
                Ok(x) => x,
                Err(reason) => {
                    report.failed.push((a.doc.clone(), reason));
                    continue;
                }
            };
            report.articles += 1;
            report.events += x.record.events.len();
            report.bytes += a.article.text.len() as u64;
            items.push((id, x));
        }
        store.put_extractions(&items)?;
        after = last;
        report.elapsed = started.elapsed();
        on_progress(&report);
    }
    report.elapsed = started.elapsed();
    let resolving = Instant::now();
    resolve_actors(store)?;
    report.resolving = resolving.elapsed();
    Ok(report)
}
