//! JSON Lines crawls (ANNOTATION.md section 8): each line one document
//! `{"id", "url", "published", "title", "text" | "html", "source"}`.
//!
//! A bad line is skipped with its line number; the other lines are read.

use attache_model::{Document, Format, Published, RawItem};
use serde::Deserialize;

use crate::fragment::fragment_text;
use crate::{IngestError, Outcome, ReadOptions, html};

#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    url: Option<String>,
    published: Option<String>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
    source: Option<String>,
}

pub(crate) fn read(origin: &str, bytes: &[u8], opts: &ReadOptions, emit: &mut dyn FnMut(Outcome)) {
    let file_name = file_name(origin);
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if let Some(outcome) = read_line(origin, &file_name, index, line, opts) {
            emit(outcome);
        }
    }
}

/// The file name records without an `id` are named after.
pub(crate) fn file_name(origin: &str) -> String {
    origin.rsplit(['/', '\\']).next().unwrap_or(origin).to_string()
}

/// Reads line `index` (0-based, without its `\n`) of a JSON Lines input:
/// a document, or a skip; `None` for a blank line. Nothing it returns
/// borrows the line, so a caller may let a large one go before passing the
/// document on.
pub(crate) fn read_line(
    origin: &str,
    file_name: &str,
    index: usize,
    line: &[u8],
    opts: &ReadOptions,
) -> Option<Outcome> {
    let line_no = index + 1;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = if index == 0 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let at = format!("{origin}:{line_no}");
    if line.len() as u64 > opts.max_bytes {
        return Some(too_large(at, line.len() as u64, opts));
    }
    // A panic reading one record skips that record alone; the next lines are read.
    let read = std::panic::catch_unwind(|| record(line)).unwrap_or_else(|p| Err(IngestError::from_panic(p.as_ref())));
    Some(match read {
        Ok((id, item)) => {
            let name = id.clone().unwrap_or_else(|| format!("{file_name}:{line_no}"));
            let origin = match &id {
                Some(id) => format!("{origin}#{id}"),
                None => at,
            };
            Outcome::Document(Document {
                origin,
                name,
                hash: blake3::hash(line.trim_ascii_end()).to_hex().to_string(),
                format: Format::Jsonl,
                encoding: "UTF-8".into(),
                bytes: line.len(),
                items: vec![item],
            })
        }
        Err(e) => Outcome::Skipped { origin: at, reason: e.to_string() },
    })
}

/// A record over the size limit, skipped.
pub(crate) fn too_large(at: String, size: u64, opts: &ReadOptions) -> Outcome {
    Outcome::Skipped { origin: at, reason: IngestError::TooLarge { size, limit: opts.max_bytes }.to_string() }
}

fn record(line: &[u8]) -> Result<(Option<String>, RawItem), IngestError> {
    let r: Record = serde_json::from_slice(line).map_err(|e| IngestError::Jsonl(e.to_string()))?;
    let id = r.id.map(|v| match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    });
    let (text, mut title, mut published, mut language, mut url) = match (r.text, r.html) {
        (Some(t), _) if !t.trim().is_empty() => (t, None, None, None, None),
        (_, Some(h)) => {
            let page = html::extract_html(&h, r.url.as_deref());
            let text = if page.text.trim().is_empty() { fragment_text(&h) } else { page.text };
            (
                text,
                page.title,
                page.published.as_deref().and_then(Published::from_iso),
                page.language,
                page.canonical_url,
            )
        }
        _ => return Err(IngestError::Jsonl("neither \"text\" nor \"html\" holds text".into())),
    };
    if text.trim().is_empty() {
        return Err(IngestError::NoText);
    }
    if r.title.is_some() {
        title = r.title;
    }
    if let Some(p) = r.published.as_deref().and_then(Published::from_iso) {
        published = Some(p);
    }
    if r.url.as_deref().and_then(attache_model::web_url).is_some() {
        url = r.url;
    }
    language = language.filter(|l| !l.is_empty());
    Ok((id, crate::web_url_only(RawItem { title, published, url, source: r.source, language, text })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(s: &str) -> Vec<Outcome> {
        let mut out = Vec::new();
        read("crawl.jsonl", s.as_bytes(), &ReadOptions::default(), &mut |o| out.push(o));
        out
    }

    #[test]
    fn reads_records_and_skips_bad_lines() {
        let out = read_all(
            "{\"id\":\"n1\",\"title\":\"T\",\"published\":\"2026-05-02T08:00:00Z\",\"text\":\"Envoys met.\"}\n\
             not json\n\
             {\"id\":7,\"html\":\"<p>Ministers spoke.</p>\"}\n",
        );
        assert_eq!(out.len(), 3);
        match &out[0] {
            Outcome::Document(d) => {
                assert_eq!(d.name, "n1");
                assert_eq!(d.items[0].published.unwrap().to_string(), "2026-05-02T08:00");
            }
            o => panic!("{o:?}"),
        }
        assert!(matches!(&out[1], Outcome::Skipped { origin, .. } if origin == "crawl.jsonl:2"));
        match &out[2] {
            Outcome::Document(d) => assert_eq!((d.name.as_str(), d.items[0].text.trim()), ("7", "Ministers spoke.")),
            o => panic!("{o:?}"),
        }
    }
}
