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

use std::io::{BufRead, BufReader, Read};
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
    /// An input that states no size (a pipe, a device, stdin) or grew while read.
    #[error("too large: more than the limit of {limit} bytes (raise --max-bytes)")]
    OverLimit { limit: u64 },
    #[error("malformed or truncated feed: {0}")]
    Feed(String),
    #[error("malformed JSON Lines record: {0}")]
    Jsonl(String),
    #[error("no article text found")]
    NoText,
    /// A reader panicked on this input: a bug, contained to the input.
    #[error("internal error while reading (please report it): {0}")]
    Internal(String),
}

impl IngestError {
    /// The error a caught panic's payload stands for.
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> IngestError {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        IngestError::Internal(what)
    }
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
    /// A page fetched from the web (`attache watch`): its bytes and the URL
    /// they came from, which names the document and resolves its links.
    Fetched {
        url: String,
        bytes: Vec<u8>,
    },
    /// A document made elsewhere, passed on as it is (a feed item whose
    /// page could not be fetched, kept with the feed's own text).
    Document(Box<Document>),
}

impl Input {
    pub fn origin(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
            Input::Fetched { url, .. } => url.clone(),
            Input::Document(doc) => doc.origin.clone(),
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
    let name = match input {
        Input::File(p) => p.file_name().map_or_else(|| origin.clone(), |n| n.to_string_lossy().into_owned()),
        Input::Stdin => "stdin".to_string(),
        Input::Fetched { url, bytes } => {
            return read_whole(url, url, std::borrow::Cow::Borrowed(bytes), Some(url), opts, emit);
        }
        Input::Document(doc) => return emit(Outcome::Document(doc.as_ref().clone())),
    };
    let read = match input {
        Input::Stdin => read_stream(std::io::stdin().lock(), &origin, Stream::Unsized, opts, emit),
        Input::File(path) => read_file(path, &origin, opts, emit),
        Input::Fetched { .. } | Input::Document(_) => unreachable!("handled above"),
    };
    match read {
        Ok(Some(bytes)) => read_whole(&origin, &name, std::borrow::Cow::Owned(bytes), None, opts, emit),
        Ok(None) => {}
        Err(e) => emit(skipped(&origin, e)),
    }
}

/// Reads a file. A regular file over the limit is refused unread (JSON
/// Lines aside: its limit is per record); any other kind (a device, a pipe)
/// states no size and is read through the same limits as a stream.
fn read_file(
    path: &Path,
    origin: &str,
    opts: &ReadOptions,
    emit: &mut dyn FnMut(Outcome),
) -> Result<Option<Vec<u8>>, IngestError> {
    let meta = std::fs::metadata(path)?;
    if is_jsonl_name(path) {
        return read_stream(std::fs::File::open(path)?, origin, Stream::JsonlName, opts, emit);
    }
    if meta.is_file() && meta.len() > opts.max_bytes {
        return Err(IngestError::TooLarge { size: meta.len(), limit: opts.max_bytes });
    }
    let kind = if meta.is_file() { Stream::Sized(meta.len()) } else { Stream::Unsized };
    read_stream(std::fs::File::open(path)?, origin, kind, opts, emit)
}

/// Reads an input as it streams in, never holding more than the limit (and
/// a buffer) of it: JSON Lines record by record (memory stays flat whatever
/// the input's size), anything else whole (`Some(bytes)`), refused as soon
/// as it passes `opts.max_bytes`, so an endless input (`/dev/zero`) ends at
/// once. Whether it is JSON Lines is told by its first line that is not
/// blank.
fn read_stream(
    reader: impl Read,
    origin: &str,
    kind: Stream,
    opts: &ReadOptions,
    emit: &mut dyn FnMut(Outcome),
) -> Result<Option<Vec<u8>>, IngestError> {
    let over = || IngestError::OverLimit { limit: opts.max_bytes };
    let jsonl_name = kind == Stream::JsonlName;
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    // Up to the first line that is not blank: whether it is JSON Lines is told by that line.
    let capacity = match kind {
        Stream::Sized(n) => n.min(opts.max_bytes + 1) as usize,
        _ => 0,
    };
    let mut head = Vec::with_capacity(capacity);
    let mut ends = Vec::new();
    loop {
        let before = head.len();
        let n = read_line_bounded(&mut reader, &mut head, opts.max_bytes, jsonl_name)?;
        if n == 0 {
            break;
        }
        if head.len() - before < n {
            if !jsonl_name {
                return Err(over());
            }
            // A first record over the limit: skipped, the rest streamed.
            emit(jsonl::too_large(format!("{origin}:{}", ends.len() + 1), n as u64, opts));
            head.truncate(before);
            ends.push(head.len());
            return stream_jsonl(reader, origin, head, &ends, opts, emit).map(|()| None);
        }
        ends.push(head.len());
        let line = &head[ends.len().checked_sub(2).map_or(0, |i| ends[i])..];
        let line = if ends.len() == 1 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
        if !line.iter().all(u8::is_ascii_whitespace) || !head.ends_with(b"\n") {
            break;
        }
        if head.len() as u64 > opts.max_bytes {
            // Blank lines only, more than the limit of them.
            return Err(over());
        }
    }
    if detect::sniff_jsonl(&head).is_none() || !head.ends_with(b"\n") {
        // Not JSON Lines, or one line only: the whole-input path decides,
        // given at most one byte over the limit.
        let keep = usize::try_from(opts.max_bytes).unwrap_or(usize::MAX).saturating_add(1);
        loop {
            let chunk = reader.fill_buf()?;
            if chunk.is_empty() || head.len() >= keep {
                break;
            }
            let take = chunk.len().min(keep - head.len());
            extend_within(&mut head, &chunk[..take], keep);
            reader.consume(take);
        }
        if head.len() as u64 > opts.max_bytes {
            return Err(over());
        }
        return Ok(Some(head));
    }
    stream_jsonl(reader, origin, head, &ends, opts, emit).map(|()| None)
}

/// Reads JSON Lines records: the first lines already in `head` (ending at
/// `ends`), then the rest from `reader`.
fn stream_jsonl(
    mut reader: impl BufRead,
    origin: &str,
    head: Vec<u8>,
    ends: &[usize],
    opts: &ReadOptions,
    emit: &mut dyn FnMut(Outcome),
) -> Result<(), IngestError> {
    let file_name = jsonl::file_name(origin);
    let mut start = 0;
    let mut outcomes = Vec::new();
    for (index, &end) in ends.iter().enumerate() {
        outcomes.extend(jsonl::read_line(origin, &file_name, index, trim_newline(&head[start..end]), opts));
        start = end;
    }
    // The first record's bytes are not held while its document is passed on.
    drop(head);
    outcomes.into_iter().for_each(&mut *emit);
    let mut line = Vec::new();
    for index in ends.len().. {
        line.clear();
        let n = match read_line_bounded(&mut reader, &mut line, opts.max_bytes, true) {
            Ok(n) => n,
            Err(e) => {
                emit(skipped(&format!("{origin}:{}", index + 1), IngestError::Io(e)));
                break;
            }
        };
        if n == 0 {
            break;
        }
        if line.len() < n {
            // Cut at the limit: report the whole line's size, skip it.
            emit(jsonl::too_large(format!("{origin}:{}", index + 1), n as u64, opts));
            continue;
        }
        let outcome = jsonl::read_line(origin, &file_name, index, trim_newline(&line), opts);
        if line.capacity() > KEEP_LINE_BUFFER {
            // Not held while a large record's document is segmented and extracted.
            line = Vec::new();
        }
        if let Some(outcome) = outcome {
            emit(outcome);
        }
    }
    Ok(())
}

/// Appends `bytes` to `buf`, growing it by doubling as `extend_from_slice`
/// would but never past a capacity of `most` (when it fits), so a buffer
/// filled up to a limit holds no more than the limit, not twice it.
fn extend_within(buf: &mut Vec<u8>, bytes: &[u8], most: usize) {
    let need = buf.len() + bytes.len();
    if need > buf.capacity() {
        let want = buf.capacity().saturating_mul(2).min(most).max(need);
        buf.reserve_exact(want - buf.len());
    }
    buf.extend_from_slice(bytes);
}

/// The capacity a JSON Lines line buffer keeps from one record to the next.
const KEEP_LINE_BUFFER: usize = 1 << 20;

fn trim_newline(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\n").unwrap_or(line)
}

/// Appends the next line (with its `\n`) to `buf`, keeping at most `limit` + 2
/// bytes of it. The rest of a longer line is read and dropped when `drain`
/// (to go on at the next line), or left unread (the input is refused).
/// Returns the line's length (read so far, when not drained), 0 at the end
/// of input.
fn read_line_bounded(reader: &mut impl BufRead, buf: &mut Vec<u8>, limit: u64, drain: bool) -> std::io::Result<usize> {
    let keep = usize::try_from(limit).unwrap_or(usize::MAX).saturating_add(2);
    let start = buf.len();
    let mut total = 0usize;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(total);
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = keep.saturating_sub(buf.len() - start);
        extend_within(buf, &chunk[..take.min(room)], start.saturating_add(keep));
        reader.consume(take);
        total += take;
        if done || (!drain && total >= keep) {
            return Ok(total);
        }
    }
}

/// What [`read_stream`] knows of an input before reading it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stream {
    /// A regular file of this size (room is made for it at once).
    Sized(u64),
    /// A `.jsonl` or `.ndjson` name: also read when its first record is over
    /// the limit (that record is skipped), and never whole.
    JsonlName,
    /// A pipe, a device, stdin: no size known.
    Unsized,
}

fn is_jsonl_name(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("jsonl" | "ndjson"))
}

/// The identity of a document's content: hex BLAKE3 of its bytes with the
/// encoding noise taken out (a UTF-8 byte order mark, CRLF line ends,
/// trailing whitespace; one `\n` ends it), so the same text saved with a
/// BOM, by a Windows editor or with an extra newline is the same document
/// and its records are stored once. Bytes already in that form hash as
/// themselves, so the hashes of such documents in existing stores hold.
pub fn content_hash(bytes: &[u8]) -> String {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let end = body.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    let body = &body[..end];
    let mut hasher = blake3::Hasher::new();
    let mut rest = body;
    while let Some(cr) = rest.windows(2).position(|w| w == b"\r\n") {
        hasher.update(&rest[..cr]);
        rest = &rest[cr + 1..];
    }
    hasher.update(rest);
    if !body.is_empty() {
        hasher.update(b"\n");
    }
    hasher.finalize().to_hex().to_string()
}

fn skipped(origin: &str, e: IngestError) -> Outcome {
    Outcome::Skipped { origin: origin.to_string(), reason: e.to_string() }
}

/// Reads an input already in memory. `origin` names it in reports; `name` is
/// the document name exported annotations use.
pub fn read_bytes(origin: &str, name: &str, bytes: &[u8], opts: &ReadOptions, emit: &mut dyn FnMut(Outcome)) {
    read_whole(origin, name, std::borrow::Cow::Borrowed(bytes), None, opts, emit)
}

/// [`read_bytes`]; bytes it owns are let go once decoded, and the text once
/// made an item, so a large input is held about once while the document it
/// gives is segmented and extracted. `url` is where the bytes came from,
/// when fetched: a page's relative links resolve against it, and its
/// article keeps it when the page names no canonical address.
fn read_whole(
    origin: &str,
    name: &str,
    bytes: std::borrow::Cow<'_, [u8]>,
    url: Option<&str>,
    opts: &ReadOptions,
    emit: &mut dyn FnMut(Outcome),
) {
    if bytes.len() as u64 > opts.max_bytes && detect::sniff_jsonl(&bytes).is_none() {
        return emit(skipped(origin, IngestError::TooLarge { size: bytes.len() as u64, limit: opts.max_bytes }));
    }
    // JSON Lines is read record by record, each record its own document.
    if let Some(()) = detect::sniff_jsonl(&bytes) {
        return jsonl::read(origin, &bytes, opts, emit);
    }
    let decoded = match decode(&bytes) {
        Ok(d) => d,
        Err(e) => return emit(skipped(origin, e)),
    };
    let (hash, size) = (content_hash(&bytes), bytes.len());
    drop(bytes);
    if decoded.replaced > 0 {
        emit(Outcome::Warning {
            origin: origin.to_string(),
            reason: format!("{} invalid byte sequence(s) in {} text replaced", decoded.replaced, decoded.encoding),
        });
    }
    let format = detect_format(&decoded.text);
    if format == Format::Html && html::too_large_for_a_dom(&decoded.text) {
        emit(Outcome::Warning {
            origin: origin.to_string(),
            reason: format!(
                "a page over {} bytes or {} elements: its text is read by stripping its tags, \
                 without main-text extraction or metadata",
                html::MAX_DOM_BYTES,
                html::MAX_DOM_ELEMENTS
            ),
        });
    }
    let outcome = match items_of(format, decoded.text, url) {
        Ok(items) => Outcome::Document(Document {
            origin: origin.to_string(),
            name: name.to_string(),
            hash,
            format,
            encoding: decoded.encoding.to_string(),
            bytes: size,
            items,
        }),
        Err(e) => skipped(origin, e),
    };
    emit(outcome)
}

/// The item with its URL kept only when it is an `http`/`https` address: a
/// `javascript:` or `data:` link in a crawl must never reach a page as a link.
pub(crate) fn web_url_only(mut item: RawItem) -> RawItem {
    item.url = item.url.filter(|u| attache_model::web_url(u).is_some()).map(|u| u.trim().to_string());
    item
}

/// The raw items of decoded text read as `format` (whatever its content
/// would be detected as): what one reader makes of it. The fuzz targets of
/// `fuzz/` call each reader through it.
pub fn read_as(format: Format, text: String) -> Result<Vec<RawItem>, IngestError> {
    items_of(format, text, None)
}

/// The items of an RSS or Atom feed, each with its link when it is an
/// `http`/`https` address, those without text included (`attache watch`
/// fetches the page each links to).
pub fn feed_items(text: &str) -> Result<Vec<RawItem>, IngestError> {
    Ok(feed::read(text)?.into_iter().map(web_url_only).collect())
}

/// Turns decoded text of a known format into raw items (plain text is moved
/// into its item, not copied).
fn items_of(format: Format, text: String, url: Option<&str>) -> Result<Vec<RawItem>, IngestError> {
    let items = match format {
        Format::Text => vec![RawItem { text, url: url.map(str::to_string), ..RawItem::default() }],
        Format::Markdown => vec![markdown::read(&text)],
        Format::Html => {
            let page = html::extract_html(&text, url);
            vec![RawItem {
                title: page.title,
                published: page.published.as_deref().and_then(attache_model::Published::from_iso),
                url: page.canonical_url.or_else(|| url.map(str::to_string)),
                source: None,
                language: page.language,
                text: page.text,
            }]
        }
        Format::Rss | Format::Atom => feed::read(&text)?,
        Format::Jsonl => return Err(IngestError::Jsonl("nested JSON Lines".into())),
    };
    let items: Vec<RawItem> = items.into_iter().filter(|i| !i.text.trim().is_empty()).map(web_url_only).collect();
    if items.is_empty() {
        return Err(IngestError::NoText);
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_ignores_bom_line_ends_and_trailing_whitespace() {
        let clean = "Talks in Oslo\n\nThe ministers met.\n";
        let base = content_hash(clean.as_bytes());
        assert_eq!(base, blake3::hash(clean.as_bytes()).to_hex().to_string(), "clean bytes hash as themselves");
        for noisy in [
            format!("\u{feff}{clean}"),
            clean.replace('\n', "\r\n"),
            format!("{clean}\n"),
            format!("{clean} \t\r\n\n"),
            clean.trim_end().to_string(),
            format!("\u{feff}{}\r\n\r\n", clean.trim_end().replace('\n', "\r\n")),
        ] {
            assert_eq!(content_hash(noisy.as_bytes()), base, "{noisy:?}");
        }
        for other in [
            "Talks in Oslo\n\nThe ministers met!\n",
            "Talks in Oslo\nThe ministers met.\n",
            " Talks in Oslo\n\nThe ministers met.\n",
        ] {
            assert_ne!(content_hash(other.as_bytes()), base, "{other:?}");
        }
        assert_eq!(content_hash(b""), blake3::hash(b"").to_hex().to_string());
    }

    #[test]
    fn an_endless_or_oversized_stream_is_refused_at_the_limit() {
        let opts = ReadOptions { max_bytes: 4096 };
        let mut none = |o: Outcome| panic!("{o:?}");
        for endless in
            [&mut std::io::repeat(0) as &mut dyn Read, &mut std::io::repeat(b'\n'), &mut std::io::repeat(b'a')]
        {
            let got = read_stream(endless, "endless", Stream::Unsized, &opts, &mut none);
            assert!(matches!(got, Err(IngestError::OverLimit { limit: 4096 })), "{got:?}");
        }
        let lines = "Envoys met.\n".repeat(1000);
        let got = read_stream(lines.as_bytes(), "lines", Stream::Unsized, &opts, &mut none);
        assert!(matches!(got, Err(IngestError::OverLimit { .. })), "{got:?}");
        let fits = "Envoys met.\n".repeat(300);
        let got = read_stream(fits.as_bytes(), "fits", Stream::Sized(fits.len() as u64), &opts, &mut none);
        assert_eq!(got.unwrap().unwrap(), fits.as_bytes());
    }

    #[test]
    fn a_page_too_large_for_a_dom_is_read_with_a_warning() {
        let page = |n: usize| {
            let cells = "<p><i>Envoys</i> <b>met</b> in the port.</p>\n".repeat(n);
            format!("<html><head><title>Harbour talks</title></head><body>{cells}</body></html>")
        };
        for (n, warned) in [(100, false), (html::MAX_DOM_ELEMENTS / 3 + 10, true)] {
            let mut outcomes = Vec::new();
            read_bytes("page.html", "page.html", page(n).as_bytes(), &ReadOptions::default(), &mut |o| {
                outcomes.push(o)
            });
            let warning = outcomes
                .iter()
                .any(|o| matches!(o, Outcome::Warning { reason, .. } if reason.contains("stripping its tags")));
            assert_eq!(warning, warned, "{n} paragraphs");
            assert!(outcomes.iter().any(|o| matches!(o, Outcome::Document(_))), "{n} paragraphs");
        }
    }

    #[test]
    fn only_web_urls_reach_an_item() {
        for (url, kept) in [
            ("javascript:alert(document.domain)", None),
            (" https://example.org/a ", Some("https://example.org/a")),
            ("data:text/html,x", None),
        ] {
            let item = web_url_only(RawItem { url: Some(url.into()), ..RawItem::default() });
            assert_eq!(item.url.as_deref(), kept, "{url}");
        }
    }
}
