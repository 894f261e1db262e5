//! The command line: subcommands and options as clap reads them, and the
//! value parser that reads the model's vocabularies (event types, actor
//! kinds) so that `--help` and clap's errors list their names.

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::path::PathBuf;

use attache_model::kinds::{ActorKind, EventKind, MeetMode, Vocabulary};
use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Parser, Subcommand, ValueEnum};

use crate::output::OutputFormat;

/// attache: a structured, searchable record of international relations from diplomatic news.
#[derive(Parser)]
#[command(
    name = "attache",
    version,
    about = "attache reads diplomatic news and keeps a searchable record of international relations: \
             who met whom, when, where, about what, and what was agreed, promised, praised or condemned.",
    long_about = None
)]
pub(crate) struct Cli {
    /// The database file.
    #[arg(long, global = true, env = "ATTACHE_DB", default_value = "attache.db")]
    pub(crate) db: PathBuf,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// Check the database file (SQLite's integrity and foreign-key checks):
    /// prints `ok` or each problem, and exits 1 on any.
    Check,
    /// A short briefing on the store: counts and the latest articles.
    Brief {
        #[arg(long, default_value_t = 10)]
        latest: usize,
    },
    /// Write everything in the store: `annotation` is ANNOTATION.md's JSON Lines; `jsonl`
    /// adds rule ids, triggers and spans; `csv` has one row per event; `plover` one PLOVER
    /// JSON record per event (schemas/plover.schema.json); `cameo` a tab-separated dyadic
    /// file of GDELT's event columns (CAMEO code, root, quad class, Goldstein value).
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Annotation)]
        format: ExportFormat,
    },
    /// Show each event of an article with the words that triggered it and the rule that fired.
    Explain { id: i64 },
    /// List extracted events, newest first. Country, counterpart, type, mode and
    /// topic take one value or several separated by commas (any of them matches).
    Events {
        /// ISO 3166-1 alpha-3 code(s) on either side (KAZ, or KAZ,UZB).
        #[arg(long, value_delimiter = ',')]
        country: Vec<String>,
        /// ISO3 code(s) on the other side from --country.
        #[arg(long, value_delimiter = ',')]
        counterpart: Vec<String>,
        /// Event type(s), any case.
        #[arg(long = "type", value_delimiter = ',', value_parser = VocabularyParser::<EventKind>::new())]
        kind: Vec<EventKind>,
        /// For meetings: how they took place.
        #[arg(long, value_delimiter = ',', value_parser = VocabularyParser::<MeetMode>::new())]
        mode: Vec<MeetMode>,
        /// Part of an actor's name.
        #[arg(long)]
        actor: Option<String>,
        /// Topic code(s) (trade, energy, ...).
        #[arg(long, value_delimiter = ',')]
        topic: Vec<String>,
        /// Words that must all appear in the evidence sentence (any case).
        #[arg(long, short)]
        query: Option<String>,
        /// Events on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
        #[arg(long)]
        since: Option<String>,
        /// Events on or before this day (a month or year includes all of it).
        #[arg(long)]
        until: Option<String>,
        #[arg(long)]
        limit: Option<usize>,
        /// Print only how many events match.
        #[arg(long)]
        count: bool,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Run the extractor again over every stored article (after rules or gazetteers changed).
    Reextract,
    /// Finish resolution: actors, occurrences and commitments of the articles
    /// stored but not yet resolved (an ingest that was interrupted), or all of
    /// them again when a replaced document, a re-extraction or a curation asks
    /// for it. `ingest` does this at its end, also when it adds nothing.
    Resolve,
    /// Actors across articles: one per person under spelling variants, with roles.
    /// `merge`, `split` and `alias` correct them (kept in a log re-applied after re-extraction).
    #[command(args_conflicts_with_subcommands = true)]
    Actors {
        #[command(subcommand)]
        action: Option<CurationAction>,
        /// ISO 3166-1 alpha-3 (or IGO).
        #[arg(long)]
        country: Option<String>,
        /// An actor kind.
        #[arg(long, value_parser = VocabularyParser::<ActorKind>::new())]
        kind: Option<ActorKind>,
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
    /// meeting (linked), or lapsed when their last day passed (the stated date,
    /// or a year after they were made).
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
    /// Follow live sources (feeds, sitemaps, index pages) listed in a TOML file,
    /// politely, storing every new article through the ingest path.
    /// Runs until SIGINT/SIGTERM (stopping between two writes) unless --once.
    Watch {
        /// The sources file (TOML: a [watch] table with `contact`, then [[source]] tables;
        /// see examples/sources.toml).
        #[arg(long)]
        sources: PathBuf,
        /// Poll every source once, fetch every new article, and exit (for cron and tests).
        #[arg(long)]
        once: bool,
        /// How often a source without its own `interval` is polled (e.g. 15m; default: the
        /// file's [watch] interval, else 15m).
        #[arg(long)]
        interval: Option<String>,
        /// The least time between two requests to one host (e.g. 1s, 250ms; overrides the file).
        #[arg(long)]
        delay: Option<String>,
        /// Pages stored per batch at most (one transaction and one resolution each).
        #[arg(long, default_value_t = 32)]
        batch: usize,
    },
    /// The sources `attache watch` follows: last poll, last success, the newest error,
    /// articles and pages per source.
    Sources {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Copy a whole store into a new, empty one: SQLite to PostgreSQL or back
    /// (documents, articles, records, events, actors, occurrences, commitments,
    /// the curation and fetch logs), ids kept, so every command answers the same
    /// on the copy. `--db` is not used.
    Copy {
        /// The store to copy: a SQLite file or a postgres:// URL.
        #[arg(long)]
        from: PathBuf,
        /// The store to make: a new SQLite file or an empty PostgreSQL database
        /// (postgres://...); a store holding anything is refused.
        #[arg(long)]
        to: PathBuf,
    },
    /// Serve the HTTP API (/api/v1, OpenAPI at /api/v1/openapi.json) and the dashboard.
    /// Read-only: an ingest may run beside it.
    Serve {
        /// HOST:PORT to listen on: an IP address or a host name (loopback by default;
        /// port 0 picks a free port). A host name given here is also served (as --allow-host).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Read-only database connections (queries running at once; default: cores, at least 2).
        #[arg(long)]
        connections: Option<usize>,
        /// Also serve requests whose Host is NAME (repeatable). Only loopback
        /// names (localhost, 127.0.0.1, [::1]) are served by default; others get 421.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
        /// Open HTTP connections at most; when all are taken, idle ones are closed to make room.
        /// A client has 10 s to send a request's head (also how long an idle connection is kept).
        #[arg(long, default_value_t = attache_serve::MAX_CONNECTIONS)]
        max_clients: usize,
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
pub(crate) enum CurationAction {
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
pub(crate) enum ActorFormat {
    Table,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ExportFormat {
    Annotation,
    Jsonl,
    Csv,
    Plover,
    Cameo,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ShowFormat {
    Text,
    Json,
}

/// Reads a value of one of the model's vocabularies, in any case. Its
/// possible values are the vocabulary's names, which `--help` lists; an
/// unknown name is refused with them.
#[derive(Clone)]
pub(crate) struct VocabularyParser<T>(PhantomData<fn() -> T>);

impl<T> VocabularyParser<T> {
    pub(crate) fn new() -> Self {
        VocabularyParser(PhantomData)
    }
}

impl<T: Vocabulary> TypedValueParser for VocabularyParser<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let Some(text) = value.to_str() else { return Err(clap::Error::new(ErrorKind::InvalidUtf8).with_cmd(cmd)) };
        T::parse_any_case(text.trim()).map_err(|e| {
            let arg = arg.map_or_else(|| "a value".to_string(), |a| a.to_string());
            clap::Error::raw(ErrorKind::InvalidValue, format!("invalid value for {arg}: {e}\n")).with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(T::NAMES.iter().map(PossibleValue::new)))
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[test]
    fn vocabularies_are_read_in_any_case_and_refused_with_their_names() {
        let parse = |args: &[&str]| Cli::try_parse_from(["attache"].iter().chain(args));
        let Command::Events { kind, .. } = parse(&["events", "--type", "meet"]).unwrap().command else { panic!() };
        assert_eq!(kind, [EventKind::Meet]);
        let Command::Events { kind, .. } = parse(&["events", "--type", "meet,Agree"]).unwrap().command else {
            panic!()
        };
        assert_eq!(kind, [EventKind::Meet, EventKind::Agree]);
        let Command::Actors { kind, .. } = parse(&["actors", "--kind", "Person"]).unwrap().command else { panic!() };
        assert_eq!(kind, Some(ActorKind::Person));
        let e = parse(&["events", "--type", "HUG"]).err().unwrap().to_string();
        assert!(e.contains("unknown event type \"HUG\"") && e.contains(&EventKind::NAMES.join(", ")), "{e}");
        let e = parse(&["actors", "--kind", "robot"]).err().unwrap().to_string();
        assert!(e.contains("unknown actor kind") && e.contains(&ActorKind::NAMES.join(", ")), "{e}");
        let mut cli = <Cli as clap::CommandFactory>::command();
        let help = cli.find_subcommand_mut("events").unwrap().render_long_help().to_string();
        assert!(EventKind::NAMES.iter().all(|n| help.contains(n)), "{help}");
    }
}
