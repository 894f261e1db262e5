//! `attache bench` and `attache bench-resolution`: throughput and memory of
//! ingest, extraction and resolution, read from `/proc/self` on Linux.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use attache_pipeline::IngestConfig;
use attache_store::Store;

use crate::{ingest_with_progress, open};

pub(crate) fn bench(paths: &[PathBuf], jobs: usize, keep: Option<PathBuf>) -> Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let db = keep.unwrap_or_else(|| dir.path().join("bench.db"));
    let cpu_before = cpu_seconds().unwrap_or(0.0);
    let mut store = open(&db)?;
    // Stage by stage: first ingest (read, segment, store, index), then extraction.
    let config = IngestConfig { jobs, extract: false, ..IngestConfig::default() };
    let started = Instant::now();
    let report = ingest_with_progress(paths, &mut store, &config)?;
    let secs = started.elapsed().as_secs_f64();
    let mb = report.bytes as f64 / 1e6;
    println!("inputs        {}", report.inputs);
    println!("documents     {}", report.documents_added);
    println!("articles      {}", report.articles_added);
    println!("skipped       {}", report.skipped.len());
    println!("input         {mb:.1} MB");
    println!("time          {secs:.2} s (reader threads: {jobs}; SQLite writes and FTS5 indexing included)");
    println!("articles/s    {:.0}", report.articles_added as f64 / secs);
    println!("MB/s          {:.1}", mb / secs);
    // CPU time of all threads (readers and the writer), from opening the store to now.
    if let Some(cpu) = cpu_seconds().map(|now| now - cpu_before) {
        println!("cpu seconds   {cpu:.2} (user + system, all threads)");
        println!("MB/cpu-s      {:.1}", mb / cpu);
    }
    println!(
        "peak RSS      {}",
        peak_rss().map_or("unknown".to_string(), |kb| format!("{:.1} MB", kb as f64 / 1024.0))
    );
    // Extraction alone: rules over stored articles on one thread, events
    // stored; then the resolution that follows it, timed apart.
    let cpu_before = cpu_seconds().unwrap_or(0.0);
    let x = attache_pipeline::reextract(&mut store, &mut |_| {})?;
    let secs = x.elapsed.as_secs_f64().max(1e-9);
    let text_mb = x.bytes as f64 / 1e6;
    let resolve_secs = x.resolving.as_secs_f64().max(1e-9);
    let actors = store.actor_count()?;
    println!("-- extraction (one thread, reading and writing the store included)");
    println!("articles      {}", x.articles);
    println!("events        {}", x.events);
    println!("text          {text_mb:.1} MB");
    println!("time          {secs:.2} s");
    println!("articles/s    {:.0}", x.articles as f64 / secs);
    println!("events/s      {:.0}", x.events as f64 / secs);
    println!("MB/s          {:.1}", text_mb / secs);
    if let Some(cpu) = cpu_seconds().map(|now| now - cpu_before) {
        println!("cpu seconds   {cpu:.2} (resolution below included)");
    }
    println!("-- resolution (actors, occurrences, commitments; whole store, one thread)");
    println!("actors        {actors}");
    println!("time          {resolve_secs:.2} s");
    println!("articles/s    {:.0}", x.articles as f64 / resolve_secs);
    println!(
        "peak RSS      {}",
        peak_rss().map_or("unknown".to_string(), |kb| format!("{:.1} MB", kb as f64 / 1024.0))
    );
    Ok(ExitCode::SUCCESS)
}

/// Resolution on a generated stream, step by step: speed and memory per step.
pub(crate) fn bench_resolution(total: usize, step: usize, persons: usize, keep: Option<PathBuf>) -> Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let path = keep.unwrap_or_else(|| dir.path().join("bench.db"));
    let mut store = Store::open(&path).with_context(|| format!("opening {}", path.display()))?;
    let mut stream = attache_pipeline::generate::Stream::new(persons, 7);
    // One process resolving a stream batch after batch.
    let mut resolving = attache_pipeline::Resolving::default();
    println!("resolution on a generated stream: {persons} persons, steps of {step} articles, one thread");
    println!(
        "{:>10} {:>10} {:>12} {:>10} {:>10} {:>10}",
        "articles", "resolve s", "articles/s", "actors", "rss MB", "peak MB"
    );
    let (mut done, mut resolve_secs) = (0usize, 0.0f64);
    while done < total {
        let n = step.min(total - done);
        let items = stream.take(n);
        attache_pipeline::generate::store_generated(&mut store, &items)?;
        drop(items);
        let started = Instant::now();
        let r = resolving.resolve(&mut store)?;
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        resolve_secs += secs;
        done += n;
        let mb = |kb: Option<u64>| kb.map_or("?".to_string(), |kb| format!("{:.0}", kb as f64 / 1024.0));
        println!(
            "{done:>10} {secs:>10.2} {:>12.0} {:>10} {:>10} {:>10}",
            r.articles as f64 / secs,
            store.actor_count()?,
            mb(proc_status_kb("VmRSS:")),
            mb(peak_rss())
        );
    }
    println!(
        "all: {done} articles resolved in {resolve_secs:.1} s, {:.0} articles/s",
        done as f64 / resolve_secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

/// A `kB` figure of `/proc/self/status` (`VmRSS:`, `VmHWM:`).
fn proc_status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Peak resident set size of this process in KiB (Linux `VmHWM`).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User plus system CPU seconds of this process, all threads (Linux
/// `/proc/self/stat` utime and stime, in clock ticks of 1/100 s).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let utime: f64 = fields.next()?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
