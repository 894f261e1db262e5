//! `format=csv|jsonl` on the list endpoints: every page of the list, with
//! the same filters, streamed as CSV (a header, then one row per item) or
//! JSON Lines (one item per line). The export walks the list's own pages
//! (500 items each, one store query each), so a long export holds a
//! database connection only while a page is read.
//!
//! A CSV cell holds a scalar as it is, a list of scalars joined by `; `, a
//! list of objects by their `name` (an actor) joined the same way, and any
//! other object as JSON.

use std::future::Future;

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::params::check_one_of;
use crate::error::ApiError;

/// How a list is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// One page, as JSON (the default).
    Json,
    /// Every page, as CSV.
    Csv,
    /// Every page, as JSON Lines.
    Jsonl,
}

pub(super) fn check_format(value: Option<String>) -> Result<Format, ApiError> {
    Ok(match check_one_of("format", value, &["json", "csv", "jsonl"])?.as_deref() {
        Some("csv") => Format::Csv,
        Some("jsonl") => Format::Jsonl,
        _ => Format::Json,
    })
}

/// The page size of an export.
pub(super) const EXPORT_PAGE: u32 = 500;

/// One page of a list as an export reads it: its items and the cursor of the next.
pub(super) type ExportPage = (Vec<Value>, Option<String>);

/// Items as the JSON values an export writes.
pub(super) fn values<T: serde::Serialize>(items: &[T]) -> Vec<Value> {
    items.iter().map(|i| serde_json::to_value(i).expect("an item serializes")).collect()
}

/// The text of one CSV cell.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(_) | Value::Number(_) => v.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|x| match x {
                Value::Object(o) => o.get("name").map(cell).unwrap_or_else(|| x.to_string()),
                _ => cell(x),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(_) => v.to_string(),
    }
}

/// The CSV lines of `items` (with the header of `columns` first when `header`).
fn csv_lines(columns: &[String], items: &[Value], header: bool) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    if header {
        let _ = w.write_record(columns);
    }
    for item in items {
        let _ = w.write_record(columns.iter().map(|c| cell(&item[c.as_str()])));
    }
    w.into_inner().unwrap_or_default()
}

fn jsonl_lines(items: &[Value]) -> Vec<u8> {
    let mut out = Vec::new();
    for item in items {
        out.extend(serde_json::to_vec(item).expect("JSON serializes"));
        out.push(b'\n');
    }
    out
}

/// The chunks of an export as a body's stream. Asked again after its end (as
/// the gzip layer does), it answers the end again.
struct Chunks(tokio::sync::mpsc::Receiver<Vec<u8>>);

impl futures_util::Stream for Chunks {
    type Item = Result<Vec<u8>, std::convert::Infallible>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx).map(|chunk| chunk.map(Ok))
    }
}

/// Streams every page of a list: `fetch(cursor)` reads one page (the first
/// with no cursor). The first page is read before answering, so a bad
/// filter is still a 400; a page failing later ends the stream (the reason
/// goes to the server's standard error).
/// `columns`: the CSV columns (default: the first item's fields).
pub(super) async fn stream<F, Fut>(
    format: Format,
    name: &str,
    columns: Option<&[&str]>,
    fetch: F,
) -> Result<Response, ApiError>
where
    F: Fn(Option<String>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<ExportPage, ApiError>> + Send + 'static,
{
    let (items, mut next) = fetch(None).await?;
    // The columns: the first item's fields, in its order.
    let columns: Vec<String> = match columns {
        Some(c) => c.iter().map(|c| c.to_string()).collect(),
        None => items.first().and_then(Value::as_object).map(|o| o.keys().cloned().collect()).unwrap_or_default(),
    };
    let encode = move |items: &[Value], first: bool| match format {
        Format::Csv => csv_lines(&columns, items, first),
        _ => jsonl_lines(items),
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let head = encode(&items, true);
    tokio::spawn(async move {
        if tx.send(head).await.is_err() {
            return;
        }
        while let Some(cursor) = next.take() {
            match fetch(Some(cursor)).await {
                Ok((items, after)) => {
                    if tx.send(encode(&items, false)).await.is_err() {
                        return;
                    }
                    next = after;
                }
                Err(e) => {
                    eprintln!("export: a page failed, the export ends early: {}", e.message);
                    return;
                }
            }
        }
    });
    let body = Body::from_stream(Chunks(rx));
    let (kind, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        _ => ("application/x-ndjson", "jsonl"),
    };
    let disposition = format!("attachment; filename=\"attache-{name}.{ext}\"");
    Ok(([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_flatten_lists_and_actors() {
        assert_eq!(cell(&serde_json::json!(["trade", "energy"])), "trade; energy");
        assert_eq!(cell(&serde_json::json!([{"name": "A B", "country": "KAZ"}])), "A B");
        assert_eq!(cell(&serde_json::json!(null)), "");
        assert_eq!(cell(&serde_json::json!(3)), "3");
        let lines = csv_lines(&["a".into(), "b".into()], &[serde_json::json!({"a": "x, y", "b": 1})], true);
        assert_eq!(String::from_utf8(lines).unwrap(), "a,b\n\"x, y\",1\n");
    }
}
