//! `attache watch` and `attache sources`: the watcher's ledger is the
//! store (the fetch log) and the pipeline's ingest of in-memory inputs, the
//! same path `attache ingest` takes (reading, segmentation, extraction,
//! resolution); SIGINT and SIGTERM raise the stop flag, which the watcher
//! checks between requests and between writes.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use attache_model::fetches::{FetchRecord, SourceStatus};
use attache_pipeline::{IngestConfig, IngestReport};
use attache_store::Store;
use attache_watch::{Ingested, Ledger, LedgerError, Source};

/// The store as the watcher's ledger.
struct StoreLedger<'a> {
    store: &'a mut Store,
    config: IngestConfig,
}

impl Ledger for StoreLedger<'_> {
    fn record(&mut self, url: &str) -> Result<Option<FetchRecord>, LedgerError> {
        Ok(self.store.fetch_record(url)?)
    }

    fn save(&mut self, records: &[FetchRecord]) -> Result<(), LedgerError> {
        if records.is_empty() {
            return Ok(());
        }
        Ok(self.store.put_fetch_records(records)?)
    }

    fn sources(&mut self, sources: &[Source], polled_at: &str) -> Result<(), LedgerError> {
        let rows: Vec<_> = sources.iter().map(|s| (s.name.clone(), s.url.clone(), s.kind)).collect();
        Ok(self.store.put_watch_sources(&rows, polled_at)?)
    }

    fn due_pages(&mut self, now: &str) -> Result<Vec<FetchRecord>, LedgerError> {
        Ok(self.store.due_pages(now)?)
    }

    fn ingest(&mut self, inputs: Vec<attache_ingest::Input>) -> Result<Ingested, LedgerError> {
        if inputs.is_empty() {
            return Ok(Ingested::default());
        }
        let report =
            attache_pipeline::ingest_inputs(&inputs, IngestReport::default(), self.store, &self.config, &mut |_| {})?;
        Ok(Ingested {
            documents_added: report.documents_added,
            documents_unchanged: report.documents_unchanged,
            articles_added: report.articles_added,
            skipped: report.skipped,
        })
    }
}

/// Options of `attache watch` beyond the sources file.
pub(crate) struct WatchArgs<'a> {
    pub(crate) sources: &'a Path,
    pub(crate) once: bool,
    pub(crate) interval: Option<String>,
    pub(crate) delay: Option<String>,
    pub(crate) batch: usize,
}

pub(crate) fn watch(db: &Path, args: WatchArgs<'_>) -> Result<ExitCode> {
    let text = std::fs::read_to_string(args.sources)
        .with_context(|| format!("reading the sources file {}", args.sources.display()))?;
    let mut file =
        attache_watch::parse_sources(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.sources.display()))?;
    if let Some(d) = &args.delay {
        file.settings.delay = attache_watch::parse_duration(d).map_err(|e| anyhow::anyhow!("--delay: {e}"))?;
    }
    let interval = args
        .interval
        .as_deref()
        .map(attache_watch::parse_duration)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--interval: {e}"))?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed)).context("setting the SIGINT/SIGTERM handler")?;
    let mut store = crate::open(db)?;
    let mut ledger = StoreLedger { store: &mut store, config: IngestConfig::default() };
    let options = attache_watch::RunOptions { once: args.once, interval, batch_pages: Some(args.batch) };
    eprintln!(
        "watching {} source(s) from {} into {} ({}; {} between requests to a host){}",
        file.sources.len(),
        args.sources.display(),
        db.display(),
        file.settings.user_agent,
        humantime(file.settings.delay),
        if args.once { ", once" } else { "; Ctrl-C stops" }
    );
    let totals = attache_watch::run(&file, &options, &mut ledger, stop.clone(), &mut |line| eprintln!("{line}"))
        .map_err(|e| anyhow::anyhow!(e))?;
    eprintln!(
        "{}: {} poll(s); listings {} changed, {} not modified, {} failed; pages {} fetched, {} not modified, {} failed, {} kept as feed text; {} documents added ({} unchanged), {} articles added",
        if stop.load(Ordering::Relaxed) { "stopped" } else { "done" },
        totals.polls,
        totals.listings_changed,
        totals.listings_not_modified,
        totals.listing_errors,
        totals.pages_fetched,
        totals.pages_not_modified,
        totals.page_errors,
        totals.fallbacks,
        totals.documents_added,
        totals.documents_unchanged,
        totals.articles_added,
    );
    Ok(ExitCode::SUCCESS)
}

fn humantime(d: std::time::Duration) -> String {
    if d.as_millis() < 1000 { format!("{} ms", d.as_millis()) } else { format!("{} s", d.as_secs_f64()) }
}

/// `attache sources`: one line per source (JSON: one array).
pub(crate) fn sources(store: &Store, json: bool, out: &mut dyn Write) -> Result<()> {
    let statuses = store.source_statuses()?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &statuses)?;
        writeln!(out)?;
        return Ok(());
    }
    if statuses.is_empty() {
        writeln!(out, "no sources yet: run `attache watch --sources FILE`")?;
    }
    for s in &statuses {
        writeln!(out, "{}", source_line(s))?;
    }
    Ok(())
}

/// One source on one line: name, kind, articles, pages, last success, the newest error.
fn source_line(s: &SourceStatus) -> String {
    let error = match (&s.last_error, &s.last_error_url) {
        (Some(e), Some(url)) if *url != s.url => format!("error: {e} ({url})"),
        (Some(e), _) => format!("error: {e}"),
        _ => "ok".to_string(),
    };
    format!(
        "{}\t{}\t{} articles\tpages {} stored, {} pending, {} failed\tlast success {}\t{error}",
        s.name,
        s.kind,
        s.articles,
        s.pages_done,
        s.pages_pending,
        s.pages_failed,
        s.last_success.as_deref().unwrap_or("never"),
    )
}
