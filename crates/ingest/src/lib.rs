//! Ingest: the outside world in, [`Document`]s out.
//!
//! Reads files, directories and standard input; decodes the bytes (BOMs,
//! UTF-16, legacy code pages); detects the container format from the content
//! (plain text, Markdown with front matter, HTML, RSS, Atom, JSON Lines) and
//! turns each container into [`RawItem`]s: the text with paragraphs on their
//! own lines plus the metadata the container states.
//!
//! It does not split feed dumps into articles, strip boilerplate lines from
//! plain text or find sentences: that is `segment`'s job. Bad input is data,
//! not a panic: every problem is reported as an [`Outcome::Skipped`] naming
//! the input and the reason, and reading goes on.

mod decode;
mod detect;
mod feed;
mod fragment;
pub mod html;
mod jsonl;
mod markdown;

use std::io::Read;
use std::path::{Path, PathBuf};

use attache_model::{Document, Format, RawItem};

pub use decode::{Decoded, decode};
pub use detect::detect_format;

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("empty file")]
    Empty,
    #[error("binary content, not text ({0})")]
    Binary(String),
    #[error("too large: {size} bytes, over the limit of {limit} bytes (raise --max-bytes)")]
    TooLarge { size: u64, limit: u64 },
    #[error("malformed or truncated feed: {0}")]
    Feed(String),
    #[error("malformed JSON Lines record: {0}")]
    Jsonl(String),
    #[error("no article text found")]
    NoText,
}

/// Limits a reader keeps to.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Largest single input (or single JSON Lines record) accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_bytes: 64 * 1024 * 1024 }
    }
}

/// What reading one input produced, reported as it happens.
#[derive(Debug)]
pub enum Outcome {
    Document(Document),
    /// The input (or one record of it) was not read; nothing of it is kept.
    Skipped {
        origin: String,
        reason: String,
    },
    /// Read, but something was repaired on the way (invalid bytes replaced).
    Warning {
        origin: String,
        reason: String,
    },
}

/// One input to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    pub fn origin(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// Expands command-line paths: directories recursively (sorted, hidden
/// entries skipped), `-` as standard input. Unreadable directories are
/// reported, not fatal.
pub fn expand(paths: &[PathBuf], emit: &mut dyn FnMut(Outcome)) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        if !path.is_dir() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => inputs.push(Input::File(e.into_path())),
                Ok(_) => {}
                Err(err) => emit(Outcome::Skipped {
                    origin: err.path().unwrap_or(path).display().to_string(),
                    reason: format!(
                        "cannot read: {}",
                        err.io_error().map_or_else(|| err.to_string(), |e| e.to_string())
                    ),
                }),
            }
        }
    }
    inputs
}

/// Reads one input and reports every document (or problem) it holds.
pub fn read_input(input: &Input, opts: &ReadOptions, emit: &mut dyn FnMut(Outcome)) {
    let origin = input.origin();
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            match std::io::stdin().lock().take(opts.max_bytes + 1).read_to_end(&mut buf) {
                Ok(_) => buf,
                Err(e) => return emit(skipped(&origin, IngestError::Io(e))),
            }
        }
        Input::File(path) => match read_file_bytes(path, opts) {
            Ok(b) => b,
            Err(e) => return emit(skipped(&origin, e)),
        },
    };
    let name = match input {
        Input::File(p) => p.file_name().map_or_else(|| origin.clone(), |n| n.to_string_lossy().into_owned()),
        Input::Stdin => "stdin".to_string(),
    };
    read_bytes(&origin, &name, &bytes, opts, emit);
}

fn read_file_bytes(path: &Path, opts: &ReadOptions) -> Result<Vec<u8>, IngestError> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > opts.max_bytes && !is_jsonl_name(path) {
        return Err(IngestError::TooLarge { size: meta.len(), limit: opts.max_bytes });
    }
    Ok(std::fs::read(path)?)
}

fn is_jsonl_name(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("jsonl" | "ndjson"))
}

fn skipped(origin: &str, e: IngestError) -> Outcome {
    Outcome::Skipped { origin: origin.to_string(), reason: e.to_string() }
}

/// Reads an input already in memory. `origin` names it in reports; `name` is
/// the document name exported annotations use.
pub fn read_bytes(origin: &str, name: &str, bytes: &[u8], opts: &ReadOptions, emit: &mut dyn FnMut(Outcome)) {
    if bytes.len() as u64 > opts.max_bytes && detect::sniff_jsonl(bytes).is_none() {
        return emit(skipped(origin, IngestError::TooLarge { size: bytes.len() as u64, limit: opts.max_bytes }));
    }
    // JSON Lines is read record by record, each record its own document.
    if let Some(()) = detect::sniff_jsonl(bytes) {
        return jsonl::read(origin, bytes, opts, emit);
    }
    let decoded = match decode(bytes) {
        Ok(d) => d,
        Err(e) => return emit(skipped(origin, e)),
    };
    if decoded.replaced > 0 {
        emit(Outcome::Warning {
            origin: origin.to_string(),
            reason: format!("{} invalid byte sequence(s) in {} text replaced", decoded.replaced, decoded.encoding),
        });
    }
    let format = detect_format(&decoded.text);
    match items_of(format, &decoded.text, None) {
        Ok(items) => emit(Outcome::Document(Document {
            origin: origin.to_string(),
            name: name.to_string(),
            hash: blake3::hash(bytes).to_hex().to_string(),
            format,
            encoding: decoded.encoding.to_string(),
            bytes: bytes.len(),
            items,
        })),
        Err(e) => emit(skipped(origin, e)),
    }
}

/// Turns decoded text of a known format into raw items.
fn items_of(format: Format, text: &str, url: Option<&str>) -> Result<Vec<RawItem>, IngestError> {
    let items = match format {
        Format::Text => vec![RawItem { text: text.to_string(), url: url.map(str::to_string), ..RawItem::default() }],
        Format::Markdown => vec![markdown::read(text)],
        Format::Html => {
            let page = html::extract_html(text, url);
            vec![RawItem {
                title: page.title,
                published: page.published.as_deref().and_then(attache_model::Published::from_iso),
                url: page.canonical_url.or_else(|| url.map(str::to_string)),
                source: None,
                language: page.language,
                text: page.text,
            }]
        }
        Format::Rss | Format::Atom => feed::read(text)?,
        Format::Jsonl => return Err(IngestError::Jsonl("nested JSON Lines".into())),
    };
    let items: Vec<RawItem> = items.into_iter().filter(|i| !i.text.trim().is_empty()).collect();
    if items.is_empty() {
        return Err(IngestError::NoText);
    }
    Ok(items)
}
