//! The `attache` binary: parses arguments, opens the store, runs one
//! subcommand, prints in the format asked for, and maps outcomes to exit
//! codes (0 ok; 1 error, or some input was skipped).

mod args;
mod bench;
mod copy;
mod interchange;
mod output;
mod retention;
mod tables;
mod watch;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use attache_pipeline::{IngestConfig, IngestReport};
use attache_store::{ArticleFilter, Store};
use clap::Parser;

use crate::args::{ActorFormat, Cli, Command, CurationAction, ExportFormat, ShowFormat};

/// mimalloc: the pipeline and the server allocate many small, short-lived
/// strings across threads, where it is markedly faster than the system
/// allocator (see scripts/bench-serve and `attache bench-resolution`).
/// The `system-alloc` feature keeps the system allocator, for heap
/// profilers that hook malloc (heaptrack).
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db = cli.db.clone();
    match run(cli) {
        Ok(code) => code,
        // A reader that stopped reading (`attache articles | head -1`) is a normal end.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.chain().any(|c| c.downcast_ref::<attache_store::StoreError>().is_some_and(|s| s.is_busy())) => {
            eprintln!(
                "error: database {} is busy: another attache process kept it locked for over {} s; \
                 run this again when it has finished",
                db.display(),
                attache_store::BUSY_TIMEOUT.as_secs()
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether `e` is a write to a closed pipe (through any writer: plain, CSV, JSON).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>().is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
            || c.downcast_ref::<csv::Error>()
                .is_some_and(|x| matches!(x.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe))
    })
}

/// Opens the store for writing, creating it if needed (`ingest`): a SQLite
/// file, or the PostgreSQL database of a `postgres://` URL.
fn open(db: &std::path::Path) -> Result<Store> {
    Store::open(db).with_context(|| format!("opening database {}", db.display()))
}

/// Whether `--db` names a PostgreSQL database rather than a SQLite file.
fn is_postgres(db: &std::path::Path) -> bool {
    db.to_str().is_some_and(attache_store::is_postgres_url)
}

/// Opens a store that must exist: reading a path that holds no database is an
/// error naming it, never a new empty database.
fn open_existing(db: &std::path::Path) -> Result<Store> {
    if !is_postgres(db) && !db.exists() {
        bail!(
            "no database at {}: give the path of one (--db or ATTACHE_DB), or create it with `attache --db {} ingest PATH`",
            db.display(),
            db.display()
        );
    }
    open(db)
}

/// `--addr`: `IP:PORT` or `HOST:PORT` (the host name resolved, IPv4 first),
/// and the host name when one was given (to be served as `--allow-host`).
fn listen_addr(text: &str) -> Result<(std::net::SocketAddr, Option<String>)> {
    use std::net::ToSocketAddrs;
    let bad =
        |why: String| anyhow::anyhow!("--addr {text:?}: {why} (give HOST:PORT, e.g. 127.0.0.1:8080 or localhost:8081)");
    if let Ok(a) = text.parse::<std::net::SocketAddr>() {
        return Ok((a, None));
    }
    let (host, port) = text.rsplit_once(':').ok_or_else(|| bad("no port".into()))?;
    port.parse::<u16>().map_err(|_| bad(format!("{port:?} is not a port number")))?;
    let all: Vec<std::net::SocketAddr> =
        text.to_socket_addrs().map_err(|e| bad(format!("cannot resolve {host:?}: {e}")))?.collect();
    let addr = all.iter().find(|a| a.is_ipv4()).or(all.first()).copied().ok_or_else(|| bad("no address".into()))?;
    let name = host.trim_start_matches('[').trim_end_matches(']');
    Ok((addr, (name.parse::<std::net::IpAddr>().is_err()).then(|| name.to_string())))
}

/// A country option: a known ISO3 code (or IGO), else an error naming the
/// value with a suggestion (`attache_model::countries::check_country`).
fn country_arg(flag: &str, value: Option<String>) -> Result<Option<String>> {
    value.map(|v| attache_model::countries::check_country(&v).map_err(|e| anyhow::anyhow!("--{flag}: {e}"))).transpose()
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest { paths, max_bytes, jobs, no_extract } => {
            let mut store = open(&cli.db)?;
            let mut config = IngestConfig::default();
            config.read.max_bytes = max_bytes;
            if let Some(j) = jobs {
                config.jobs = j;
            }
            config.extract = !no_extract;
            let report = ingest_with_progress(&paths, &mut store, &config)?;
            for (origin, reason) in &report.warnings {
                eprintln!("warning: {origin}: {reason}");
            }
            for (origin, reason) in &report.skipped {
                eprintln!("skipped: {origin}: {reason}");
            }
            eprintln!("{}", summary(&report));
            Ok(if report.skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Command::Articles { query, since, until, limit, format } => {
            let store = open_existing(&cli.db)?;
            let articles = store.articles(&ArticleFilter { query, since, until, limit })?;
            output::articles(&articles, format, &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, format } => {
            let store = open_existing(&cli.db)?;
            let Some(a) = store.article(id)? else { bail!("no article with id {id} (see `attache articles`)") };
            let mut out = std::io::stdout().lock();
            match format {
                ShowFormat::Text => output::show(&a, &mut out)?,
                ShowFormat::Json => output::article_json_line(&a, &mut out)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { format } => {
            let store = open_existing(&cli.db)?;
            let stats = store.stats()?;
            let records = output::Records::of(&store)?;
            output::stats(&stats, Some(&records), matches!(format, ShowFormat::Json), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            use std::io::Write;
            let problems = open_existing(&cli.db)?.check()?;
            let mut out = std::io::stdout().lock();
            if problems.is_empty() {
                writeln!(out, "ok")?;
                return Ok(ExitCode::SUCCESS);
            }
            for p in &problems {
                writeln!(out, "{p}")?;
            }
            Ok(ExitCode::FAILURE)
        }
        Command::Brief { latest } => {
            let store = open_existing(&cli.db)?;
            output::brief(&store, latest, &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch { sources, once, interval, delay, batch } => {
            watch::watch(&cli.db, watch::WatchArgs { sources: &sources, once, interval, delay, batch })
        }
        Command::Sources { format } => {
            let store = open_existing(&cli.db)?;
            watch::sources(&store, matches!(format, ShowFormat::Json), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Copy { from, to } => copy::copy(&from, &to),
        Command::Bench { paths, jobs, keep } => bench::bench(&paths, jobs, keep),
        Command::BenchResolution { articles, step, persons, keep } => {
            bench::bench_resolution(articles, step, persons, keep)
        }
        Command::Serve { addr, connections, allow_host, mut max_clients } => {
            let (addr, host) = listen_addr(&addr)?;
            let mut allow_host = allow_host;
            allow_host.extend(host);
            max_clients = max_clients.max(1);
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            let config = attache_serve::Config {
                db: cli.db.clone(),
                addr,
                connections: connections.unwrap_or(cores.max(2)),
                allowed_hosts: allow_host,
                limits: attache_serve::Limits { max_connections: max_clients, ..Default::default() },
            };
            attache_serve::run(&config, |bound| {
                // Scripts read this line for the address (port 0 picks one).
                println!(
                    "serving {} at http://{bound}/ (API: http://{bound}/api/v1/openapi.json); Ctrl-C stops",
                    cli.db.display()
                );
                use std::io::Write;
                let _ = std::io::stdout().flush();
            })
            .with_context(|| format!("serving database {} on {addr}", cli.db.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format: ExportFormat::Plover } => {
            interchange::plover(&open_existing(&cli.db)?, &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format: ExportFormat::Cameo } => {
            interchange::cameo(&open_existing(&cli.db)?, &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format } => {
            let store = open_existing(&cli.db)?;
            let articles = store.articles(&ArticleFilter::default())?;
            output::export(&store, &articles, format_name(format), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Events {
            country,
            counterpart,
            kind,
            mode,
            actor,
            topic,
            query,
            since,
            until,
            limit,
            count,
            format,
        } => {
            let store = open_existing(&cli.db)?;
            let joined = |v: Vec<String>| (!v.is_empty()).then(|| v.join(","));
            let countries = |flag: &str, v: Vec<String>| -> Result<Option<String>> {
                let checked: Vec<String> = v
                    .iter()
                    .map(|c| attache_model::countries::check_country(c).map_err(|e| anyhow::anyhow!("--{flag}: {e}")))
                    .collect::<Result<_>>()?;
                Ok(joined(checked))
            };
            let filter = attache_store::EventFilter {
                country: countries("country", country)?,
                counterpart: countries("counterpart", counterpart)?,
                kind: joined(kind.iter().map(|k| k.to_string()).collect()),
                actor,
                topic: joined(topic),
                since,
                until,
                limit,
            };
            let mode = joined(mode.iter().map(|m| m.to_string()).collect());
            let q = attache_store::EventQuery { filter, mode, text: query, ..Default::default() };
            if count {
                println!("{}", store.events_count(&q)?);
            } else {
                output::events(&store.events_of(&q)?, format, &mut std::io::stdout().lock())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Retention { paths, worst, max_bytes, format } => {
            let report = attache_pipeline::retention(&paths, &attache_ingest::ReadOptions { max_bytes });
            retention::print(&report, worst, format, &mut std::io::stdout().lock())?;
            Ok(if report.skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Command::Eval { gold, docs, json, verbose } => {
            let text = std::fs::read_to_string(&gold).with_context(|| format!("reading {}", gold.display()))?;
            let gold_records =
                attache_evaluate::read_jsonl(&text).with_context(|| format!("reading {}", gold.display()))?;
            let mut store = Store::in_memory()?;
            let report = attache_pipeline::ingest(&docs, &mut store, &IngestConfig::default(), &mut |_| {})?;
            for (origin, reason) in &report.skipped {
                eprintln!("skipped: {origin}: {reason}");
            }
            let mut predicted = Vec::new();
            for a in store.articles(&ArticleFilter::default())? {
                let record = match store.extraction(a.id)? {
                    Some(r) => r,
                    None => attache_pipeline::extract(&a.doc, &a.article).record,
                };
                predicted.push(record);
            }
            let r = attache_evaluate::score(&gold_records, &predicted);
            if json {
                println!("{}", r.to_json());
            } else {
                print!("{}", r.render_table(verbose));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Actors { action: Some(action), .. } => {
            let mut store = open_existing(&cli.db)?;
            let entry = match &action {
                CurationAction::Merge { a, b } => Some(("merge", a.clone(), Some(b.clone()))),
                CurationAction::Split { a } => Some(("split", a.clone(), None)),
                CurationAction::Alias { a, name } => Some(("alias", a.clone(), Some(name.clone()))),
                CurationAction::Log => None,
            };
            match entry {
                Some((verb, a, b)) => {
                    if store.find_actor(&a)?.is_none() {
                        bail!("no actor {a:?} (see `attache actors`)");
                    }
                    if verb == "merge" && store.find_actor(b.as_deref().unwrap_or(""))?.is_none() {
                        bail!("no actor {:?} (see `attache actors`)", b.unwrap_or_default());
                    }
                    let id = store.log_curation(verb, &a, b.as_deref())?;
                    let n = attache_pipeline::resolve_actors(&mut store)?;
                    eprintln!(
                        "logged #{id} {verb} {a}{}; {n} actor(s) now",
                        b.map(|b| format!(" {b}")).unwrap_or_default()
                    );
                }
                None => {
                    for e in store.curation_log()? {
                        let b = e.b.map(|b| format!(" {b}")).unwrap_or_default();
                        println!("#{}  {}  {} {}{b}", e.id, e.at, e.action, e.a);
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Actors { action: None, country, kind, format } => {
            let country = country_arg("country", country)?;
            let store = open_existing(&cli.db)?;
            let actors = store.actors(country.as_deref(), kind.map(|k| k.as_str()))?;
            output::actors(&actors, matches!(format, ActorFormat::Jsonl), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Relations { a, b, since, until, format } => {
            let store = open_existing(&cli.db)?;
            output::relations(
                &store,
                &a,
                &b,
                since,
                until,
                matches!(format, ActorFormat::Jsonl),
                &mut std::io::stdout().lock(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Commitments { status, country, format } => {
            if let Some(s) = &status
                && !["open", "fulfilled", "lapsed"].contains(&s.as_str())
            {
                bail!("unknown status {s:?}: open, fulfilled or lapsed");
            }
            let country = country_arg("country", country)?;
            let store = open_existing(&cli.db)?;
            let list = store.commitments(status.as_deref(), country.as_deref())?;
            let mut out = std::io::stdout().lock();
            if matches!(format, ActorFormat::Jsonl) {
                use std::io::Write;
                for c in &list {
                    writeln!(out, "{c}")?;
                }
            } else {
                tables::commitments(&store, &list, &mut out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Occurrences { actor, format } => {
            let store = open_existing(&cli.db)?;
            let actor_id = match &actor {
                Some(a) => Some(store.find_actor(a)?.with_context(|| format!("no actor {a:?}"))?.id),
                None => None,
            };
            let list = store.occurrences(actor_id.as_deref())?;
            let mut out = std::io::stdout().lock();
            use std::io::Write;
            if matches!(format, ActorFormat::Jsonl) {
                for o in &list {
                    writeln!(
                        out,
                        "{}",
                        serde_json::json!({"id": o.id, "type": o.kind, "date": o.date, "actors": o.actors,
                            "reports": o.reports, "independent_sources": o.independent_sources, "merge_log": o.log})
                    )?;
                }
            } else {
                tables::occurrences(&store, &list, &mut out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Actor { id_or_name, format } => {
            let store = open_existing(&cli.db)?;
            let Some(actor) = store.find_actor(&id_or_name)? else {
                bail!("no actor {id_or_name:?} (see `attache actors`)")
            };
            let events = store.actor_events(&actor.id)?;
            let (sides, _) = attache_store::counterparts(&actor.id, &store.actor_event_rows(&actor.id)?);
            let json = matches!(format, ShowFormat::Json);
            output::actor(&actor, &events, &sides, json, &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Reextract => {
            let mut store = open_existing(&cli.db)?;
            let r = attache_pipeline::reextract(&mut store, &mut |_| {})?;
            for (doc, reason) in &r.failed {
                eprintln!("skipped: {doc}: {reason} (its earlier extraction is kept)");
            }
            eprintln!(
                "extracted {} event(s) from {} article(s) in {:.2} s, resolved in {:.2} s",
                r.events,
                r.articles,
                r.elapsed.as_secs_f64(),
                r.resolving.as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Resolve => {
            let mut store = open_existing(&cli.db)?;
            let started = std::time::Instant::now();
            let full = store.resolved_upto()?.is_none();
            let r = attache_pipeline::resolve(&mut store)?;
            let pending = store.resolution_progress()?.articles_pending;
            eprintln!(
                "resolved {} article(s){} in {:.2} s: {} actor(s), {} event report(s); {pending} pending",
                r.articles,
                if full { " (a full resolution)" } else { "" },
                started.elapsed().as_secs_f64(),
                r.actors,
                r.reports,
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { id } => {
            let store = open_existing(&cli.db)?;
            let Some(a) = store.article(id)? else { bail!("no article with id {id} (see `attache articles`)") };
            output::explain(&a, &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn format_name(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::Annotation => "annotation",
        ExportFormat::Jsonl => "jsonl",
        ExportFormat::Csv => "csv",
        ExportFormat::Plover => "plover",
        ExportFormat::Cameo => "cameo",
    }
}

fn summary(r: &IngestReport) -> String {
    let secs = r.elapsed.as_secs_f64().max(1e-9);
    format!(
        "ingested {} new document(s) ({} unchanged), {} article(s) from {} input(s), {:.1} MB in {:.2} s ({:.1} MB/s); {} skipped; {} article(s) resolved",
        r.documents_added,
        r.documents_unchanged,
        r.articles_added,
        r.inputs,
        r.bytes as f64 / 1e6,
        secs,
        r.bytes as f64 / 1e6 / secs,
        r.skipped.len(),
        r.articles_resolved
    )
}

/// Runs an ingest with a progress bar on a terminal, and quietly otherwise.
fn ingest_with_progress(paths: &[PathBuf], store: &mut Store, config: &IngestConfig) -> Result<IngestReport> {
    let tty = std::io::stderr().is_terminal() && std::io::stdout().is_terminal();
    let bar = if tty { indicatif::ProgressBar::new(0) } else { indicatif::ProgressBar::hidden() };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files {per_sec} ETA {eta} {msg}",
        )
        .expect("static template"),
    );
    let report = attache_pipeline::ingest(paths, store, config, &mut |r| {
        bar.set_length(r.inputs as u64);
        bar.set_position(r.inputs_done as u64);
        let secs = r.elapsed.as_secs_f64().max(1e-9);
        bar.set_message(format!(
            "{} articles, {:.1} MB/s, {} skipped",
            r.articles_added,
            r.bytes as f64 / 1e6 / secs,
            r.skipped.len()
        ));
    })?;
    bar.finish_and_clear();
    Ok(report)
}
