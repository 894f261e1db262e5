//! The `attache` binary: parses arguments, opens the store, runs one
//! subcommand, prints in the format asked for, and maps outcomes to exit
//! codes (0 ok; 1 error, or some input was skipped).

mod output;
mod retention;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use attache_pipeline::{IngestConfig, IngestReport};
use attache_store::{ArticleFilter, Store};
use clap::{Parser, Subcommand, ValueEnum};

use crate::output::OutputFormat;

/// mimalloc: the pipeline and the server allocate many small, short-lived
/// strings across threads, where it is markedly faster than the system
/// allocator (see scripts/bench-serve and `attache bench-resolution`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// attache: a structured, searchable record of international relations from diplomatic news.
#[derive(Parser)]
#[command(name = "attache", version, about, long_about = None)]
struct Cli {
    /// The database file.
    #[arg(long, global = true, env = "ATTACHE_DB", default_value = "attache.db")]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read files, directories (recursively) or `-` (stdin) into the store.
    Ingest {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Largest input accepted, in bytes (JSON Lines: largest record).
        #[arg(long, default_value_t = 64 * 1024 * 1024)]
        max_bytes: u64,
        /// Reader threads (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
        /// Store articles only; run `attache reextract` later to extract events.
        #[arg(long)]
        no_extract: bool,
    },
    /// List stored articles, newest first.
    Articles {
        /// Full-text query over titles and text (all words must match; `word*` for prefixes).
        #[arg(long, short)]
        query: Option<String>,
        /// Published on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
        #[arg(long)]
        since: Option<String>,
        /// Published on or before this day.
        #[arg(long)]
        until: Option<String>,
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Show one article: metadata and numbered sentences.
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Counts of what the store holds.
    Stats {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// A short briefing on the store: counts and the latest articles.
    Brief {
        #[arg(long, default_value_t = 10)]
        latest: usize,
    },
    /// Write everything in the store: `annotation` is ANNOTATION.md's JSON Lines; `jsonl`
    /// adds rule ids, triggers and spans; `csv` has one row per event.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Annotation)]
        format: ExportFormat,
    },
    /// Show each event of an article with the words that triggered it and the rule that fired.
    Explain { id: i64 },
    /// List extracted events, newest first.
    Events {
        /// ISO 3166-1 alpha-3 code on either side.
        #[arg(long)]
        country: Option<String>,
        /// ISO3 on the other side from --country.
        #[arg(long)]
        counterpart: Option<String>,
        /// MEET, PRAISE, CONDEMN, AGREE, INTEND, INVITE or CREDENTIALS.
        #[arg(long = "type")]
        kind: Option<String>,
        /// Part of an actor's name.
        #[arg(long)]
        actor: Option<String>,
        /// A topic code (trade, energy, ...).
        #[arg(long)]
        topic: Option<String>,
        #[arg(long)]
        since: Option<String>,
        #[arg(long)]
        until: Option<String>,
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Run the extractor again over every stored article (after rules or gazetteers changed).
    Reextract,
    /// Actors across articles: one per person under spelling variants, with roles.
    /// `merge`, `split` and `alias` correct them (kept in a log re-applied after re-extraction).
    #[command(args_conflicts_with_subcommands = true)]
    Actors {
        #[command(subcommand)]
        action: Option<CurationAction>,
        /// ISO 3166-1 alpha-3 (or IGO).
        #[arg(long)]
        country: Option<String>,
        /// person, group, institution or state.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, value_enum, default_value_t = ActorFormat::Table)]
        format: ActorFormat,
    },
    /// Occurrences: one real-world event with every report of it, and how many
    /// sources reported it independently (a verbatim repost is not one).
    Occurrences {
        /// Only those an actor (id, name or alias) takes part in.
        #[arg(long)]
        actor: Option<String>,
        #[arg(long, value_enum, default_value_t = ActorFormat::Table)]
        format: ActorFormat,
    },
    /// Promises (INTEND) and invitations (INVITE): open, fulfilled by a later
    /// meeting (linked), or lapsed when their stated date passed.
    Commitments {
        /// open, fulfilled or lapsed.
        #[arg(long)]
        status: Option<String>,
        /// ISO3 of the counterpart state (or of the actor who is to act).
        #[arg(long)]
        country: Option<String>,
        #[arg(long, value_enum, default_value_t = ActorFormat::Table)]
        format: ActorFormat,
    },
    /// Two countries' relations: every event between them over time, topics,
    /// facts stated in those articles, and commitments between them.
    Relations {
        /// ISO3 of one country.
        a: String,
        /// ISO3 of the other.
        b: String,
        /// First day, `YYYY-MM-DD`.
        #[arg(long)]
        since: Option<String>,
        /// Last day, `YYYY-MM-DD`.
        #[arg(long)]
        until: Option<String>,
        #[arg(long, value_enum, default_value_t = ActorFormat::Table)]
        format: ActorFormat,
    },
    /// One actor: identity, aliases, role timeline, counterparts and events.
    Actor {
        /// An actor id, a name or an alias.
        id_or_name: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Score extraction against gold annotations (ANNOTATION.md section 6): ingests the
    /// documents into a temporary store, extracts, and prints a table per event type.
    Eval {
        /// Gold annotations, JSON Lines.
        #[arg(long)]
        gold: PathBuf,
        /// The documents the gold annotates (files or directories).
        #[arg(long, required = true, num_args = 1..)]
        docs: Vec<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// List missed and extra events.
        #[arg(long)]
        verbose: bool,
    },
    /// How much of each input's body text reaches its articles (nothing is stored): the
    /// share of body words kept per document, the median and the worst documents.
    Retention {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// How many of the worst documents to list.
        #[arg(long, default_value_t = 10)]
        worst: usize,
        /// Largest input accepted, in bytes (JSON Lines: largest record).
        #[arg(long, default_value_t = 64 * 1024 * 1024)]
        max_bytes: u64,
        /// `table` prints a summary and the worst documents; `jsonl` one line per document.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Serve the HTTP API (/api/v1, OpenAPI at /api/v1/openapi.json) and the dashboard.
    /// Read-only: an ingest may run beside it.
    Serve {
        /// Address to listen on (loopback by default; port 0 picks a free port).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Read-only database connections (queries running at once; default: cores, at least 2).
        #[arg(long)]
        connections: Option<usize>,
    },
    /// Measure ingest throughput into a temporary store: articles/s, MB/s, peak memory.
    Bench {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Reader threads; 1 measures one core.
        #[arg(long, default_value_t = 1)]
        jobs: usize,
        /// Keep the temporary database at this path instead of deleting it.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
    /// Benchmark resolution on a generated stream: articles (already
    /// extracted) are stored in steps and each step is resolved against the
    /// growing store; prints speed and memory per step.
    BenchResolution {
        /// Articles in all.
        #[arg(long, default_value_t = 1_000_000)]
        articles: usize,
        /// Articles per step (one ingest's worth).
        #[arg(long, default_value_t = 100_000)]
        step: usize,
        /// Distinct persons in the stream.
        #[arg(long, default_value_t = 50_000)]
        persons: usize,
        /// Keep the database at this path instead of a temporary one.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum CurationAction {
    /// B is the same actor as A (ids, names or aliases).
    Merge { a: String, b: String },
    /// A is several people: one actor per distinct written name.
    Split { a: String },
    /// NAME is another name of A.
    Alias { a: String, name: String },
    /// Show the curation log.
    Log,
}

#[derive(Clone, Copy, ValueEnum)]
enum ActorFormat {
    Table,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Annotation,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum ShowFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn open(db: &std::path::Path) -> Result<Store> {
    Store::open(db).with_context(|| format!("opening database {}", db.display()))
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
            let store = open(&cli.db)?;
            let articles = store.articles(&ArticleFilter { query, since, until, limit })?;
            output::articles(&articles, format, &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, format } => {
            let store = open(&cli.db)?;
            let Some(a) = store.article(id)? else { bail!("no article with id {id} (see `attache articles`)") };
            let mut out = std::io::stdout().lock();
            match format {
                ShowFormat::Text => output::show(&a, &mut out)?,
                ShowFormat::Json => output::article_json_line(&a, &mut out)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { format } => {
            let store = open(&cli.db)?;
            let stats = store.stats()?;
            output::stats(&stats, matches!(format, ShowFormat::Json), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Brief { latest } => {
            let store = open(&cli.db)?;
            output::brief(&store, latest, &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { paths, jobs, keep } => bench(&paths, jobs, keep),
        Command::BenchResolution { articles, step, persons, keep } => bench_resolution(articles, step, persons, keep),
        Command::Serve { addr, connections } => {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            let config =
                attache_serve::Config { db: cli.db.clone(), addr, connections: connections.unwrap_or(cores.max(2)) };
            attache_serve::run(&config, |bound| {
                // Scripts read this line for the address (port 0 picks one).
                println!(
                    "serving {} at http://{bound}/ (API: http://{bound}/api/v1/openapi.json); Ctrl-C stops",
                    cli.db.display()
                );
                use std::io::Write;
                let _ = std::io::stdout().flush();
            })
            .with_context(|| format!("serving database {}", cli.db.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format } => {
            let store = open(&cli.db)?;
            let articles = store.articles(&ArticleFilter::default())?;
            output::export(&store, &articles, format_name(format), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Events { country, counterpart, kind, actor, topic, since, until, limit, format } => {
            let store = open(&cli.db)?;
            if let Some(k) = &kind
                && !["MEET", "PRAISE", "CONDEMN", "AGREE", "INTEND", "INVITE", "CREDENTIALS"]
                    .contains(&k.to_uppercase().as_str())
            {
                bail!("unknown event type {k:?}: one of MEET, PRAISE, CONDEMN, AGREE, INTEND, INVITE, CREDENTIALS");
            }
            let filter = attache_store::EventFilter { country, counterpart, kind, actor, topic, since, until, limit };
            let events = store.events(&filter)?;
            output::events(&events, format, &mut std::io::stdout().lock())?;
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
            let mut store = open(&cli.db)?;
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
            let store = open(&cli.db)?;
            let actors = store.actors(country.as_deref(), kind.as_deref())?;
            output::actors(&actors, matches!(format, ActorFormat::Jsonl), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Relations { a, b, since, until, format } => {
            let store = open(&cli.db)?;
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
            let store = open(&cli.db)?;
            let list = store.commitments(status.as_deref(), country.as_deref())?;
            let mut out = std::io::stdout().lock();
            use std::io::Write;
            for c in &list {
                if matches!(format, ActorFormat::Jsonl) {
                    writeln!(out, "{c}")?;
                } else {
                    let names = |v: &serde_json::Value| {
                        v.as_array()
                            .map(|a| a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", "))
                            .unwrap_or_default()
                    };
                    writeln!(
                        out,
                        "{:<9} {:<7} {:<10} due {:<10} {} -> {}{}",
                        c["status"].as_str().unwrap_or(""),
                        c["kind"].as_str().unwrap_or(""),
                        c["made"].as_str().unwrap_or("-"),
                        c["due"].as_str().unwrap_or("-"),
                        names(&c["actors"]),
                        names(&c["counterparts"]),
                        c["fulfilled_by"].as_str().map(|f| format!("  (fulfilled by {f})")).unwrap_or_default()
                    )?;
                }
            }
            if matches!(format, ActorFormat::Table) {
                writeln!(out, "{} commitment(s)", list.len())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Occurrences { actor, format } => {
            let store = open(&cli.db)?;
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
                for o in &list {
                    writeln!(
                        out,
                        "{:<10} {:<11} {:<10} reports {:>2}  sources {:>2}  {}",
                        o.id,
                        o.kind,
                        o.date.as_deref().unwrap_or("-"),
                        o.reports,
                        o.independent_sources,
                        o.actors.join(", ")
                    )?;
                }
                writeln!(out, "{} occurrence(s)", list.len())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Actor { id_or_name, format } => {
            let store = open(&cli.db)?;
            let Some(actor) = store.find_actor(&id_or_name)? else {
                bail!("no actor {id_or_name:?} (see `attache actors`)")
            };
            let events = store.actor_events(&actor.id)?;
            output::actor(&actor, &events, matches!(format, ShowFormat::Json), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Reextract => {
            let mut store = open(&cli.db)?;
            let r = attache_pipeline::reextract(&mut store, &mut |_| {})?;
            eprintln!(
                "extracted {} event(s) from {} article(s) in {:.2} s",
                r.events,
                r.articles,
                r.elapsed.as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { id } => {
            let store = open(&cli.db)?;
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
    }
}

fn summary(r: &IngestReport) -> String {
    let secs = r.elapsed.as_secs_f64().max(1e-9);
    format!(
        "ingested {} new document(s) ({} unchanged), {} article(s) from {} input(s), {:.1} MB in {:.2} s ({:.1} MB/s); {} skipped",
        r.documents_added,
        r.documents_unchanged,
        r.articles_added,
        r.inputs,
        r.bytes as f64 / 1e6,
        secs,
        r.bytes as f64 / 1e6 / secs,
        r.skipped.len()
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

fn bench(paths: &[PathBuf], jobs: usize, keep: Option<PathBuf>) -> Result<ExitCode> {
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
    // Extraction alone: rules over stored articles on one thread, events stored.
    let cpu_before = cpu_seconds().unwrap_or(0.0);
    let x = attache_pipeline::reextract(&mut store, &mut |_| {})?;
    let secs = x.elapsed.as_secs_f64().max(1e-9);
    let text_mb = x.bytes as f64 / 1e6;
    // Resolution alone: actors, occurrences and commitments over the whole store.
    let resolve_started = Instant::now();
    let actors = attache_pipeline::resolve_actors(&mut store)?;
    let resolve_secs = resolve_started.elapsed().as_secs_f64().max(1e-9);
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

/// Peak resident set size of this process in KiB (Linux `VmHWM`).
fn bench_resolution(total: usize, step: usize, persons: usize, keep: Option<PathBuf>) -> Result<ExitCode> {
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
