//! `attache copy` on PostgreSQL: a table read row by row (one portal, in
//! key order), rows written a chunk at a time as one `INSERT ... SELECT
//! FROM unnest(...)` of typed arrays, ids kept (`OVERRIDING SYSTEM
//! VALUE`), each article's search words and each event's month made here
//! as the ingest makes them, and the id sequences set past the ids copied.
//! The destination is one transaction holding the documents and the
//! resolution locks, so no ingest or resolution writes into a copy halfway.

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use rusqlite::types::Value;

use super::{LOCK_DOCUMENTS, LOCK_RESOLUTION, PgStore, partitions, search};
use crate::Result;
use crate::copy::{Chunk, Kind, Table};

/// Tables whose ids an identity column gives, set past the ids copied.
const IDENTITIES: &[&str] = &["documents", "articles", "events", "curation_log"];

impl PgStore {
    /// Every row of `table` in key order, in chunks (inside the caller's
    /// read transaction).
    pub(crate) fn copy_rows(&self, table: &Table, each: &mut dyn FnMut(&[Vec<Value>]) -> Result<()>) -> Result<()> {
        // What only PostgreSQL keeps in `meta` is not copied (made again by `end_copy`).
        let only_here =
            if table.name == "meta" { format!(" WHERE key <> '{}'", partitions::LAST_EVENT) } else { String::new() };
        let sql = format!("SELECT {} FROM {}{only_here} ORDER BY {}", table.column_list(), table.name, table.order);
        let mut client = self.client.borrow_mut();
        let mut rows = client.query_raw(sql.as_str(), std::iter::empty::<i64>())?;
        let mut chunk = Chunk::default();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(table.columns.len());
            for (i, (_, kind)) in table.columns.iter().enumerate() {
                row.push(match kind {
                    Kind::Int => r.try_get::<_, Option<i64>>(i)?.map_or(Value::Null, Value::Integer),
                    Kind::Bool => r.try_get::<_, Option<bool>>(i)?.map_or(Value::Null, |b| Value::Integer(b.into())),
                    Kind::Text => r.try_get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text),
                    Kind::Blob => r.try_get::<_, Option<Vec<u8>>>(i)?.map_or(Value::Null, Value::Blob),
                });
            }
            if chunk.push(row) {
                chunk.flush(each)?;
            }
        }
        chunk.flush(each)
    }

    /// Begins the destination's transaction, holding the locks every
    /// writer of documents and of resolution takes.
    pub(crate) fn begin_copy(&self) -> Result<()> {
        self.begin_locked(LOCK_DOCUMENTS)?;
        self.in_transaction(|| self.lock(LOCK_RESOLUTION))
    }

    /// Inserts rows of `table` (inside the copy's transaction).
    pub(crate) fn put_rows(&self, table: &Table, rows: &[Vec<Value>]) -> Result<()> {
        self.in_transaction(|| {
            let mut columns: Vec<String> = table.columns.iter().map(|(c, _)| c.to_string()).collect();
            let mut types = Vec::new();
            let mut exprs = Vec::new();
            let mut params: Vec<Box<dyn ToSql + Sync + '_>> = Vec::new();
            for (i, (_, kind)) in table.columns.iter().enumerate() {
                let (ty, expr, values) = column_array(*kind, i, rows);
                types.push(ty);
                exprs.push(expr);
                params.push(values);
            }
            for (column, expr, values) in derived(self, table, rows)? {
                columns.push(column.to_string());
                types.push("text");
                exprs.push(expr.replace("{}", &format!("c{}", exprs.len())));
                params.push(Box::new(values));
            }
            let arrays: Vec<String> = types.iter().enumerate().map(|(i, t)| format!("${}::{t}[]", i + 1)).collect();
            let names: Vec<String> = (0..types.len()).map(|i| format!("c{i}")).collect();
            let sql = format!(
                "INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE SELECT {} FROM unnest({}) AS u({})",
                table.name,
                columns.join(", "),
                exprs.join(", "),
                arrays.join(", "),
                names.join(", ")
            );
            let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref() as &(dyn ToSql + Sync)).collect();
            self.execute_dyn(&sql, &refs)?;
            Ok(())
        })
    }

    /// Sets each id sequence past the ids copied, notes the last event id,
    /// and commits; or rolls back.
    pub(crate) fn end_copy(&self, commit: bool) -> Result<()> {
        if !commit {
            return self.batch_execute("ROLLBACK");
        }
        self.in_transaction(|| {
            for table in IDENTITIES {
                self.execute_dyn(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"
                    ),
                    &[],
                )?;
            }
            let last: Option<i64> = self.query_one("SELECT max(id) FROM events", &[])?.get(0);
            last.map_or(Ok(()), |id| partitions::note_last_event(self, id))
        })?;
        self.batch_execute("COMMIT")
    }
}

/// The array type of column `i` of `rows`, its expression in the `SELECT`
/// (a boolean from SQLite's 0 and 1) and its values.
fn column_array(kind: Kind, i: usize, rows: &[Vec<Value>]) -> (&'static str, String, Box<dyn ToSql + Sync + '_>) {
    let int = |v: &Value| match v {
        Value::Integer(n) => Some(*n),
        _ => None,
    };
    match kind {
        Kind::Int => ("bigint", format!("c{i}"), Box::new(rows.iter().map(|r| int(&r[i])).collect::<Vec<_>>())),
        Kind::Bool => ("bigint", format!("c{i} <> 0"), Box::new(rows.iter().map(|r| int(&r[i])).collect::<Vec<_>>())),
        Kind::Text => {
            let text: Vec<Option<&str>> = rows
                .iter()
                .map(|r| match &r[i] {
                    Value::Text(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect();
            ("text", format!("c{i}"), Box::new(text))
        }
        Kind::Blob => {
            let blob: Vec<Option<&[u8]>> = rows
                .iter()
                .map(|r| match &r[i] {
                    Value::Blob(b) => Some(b.as_slice()),
                    _ => None,
                })
                .collect();
            ("bytea", format!("c{i}"), Box::new(blob))
        }
    }
}

/// Columns PostgreSQL keeps beside the record, made from the rows as an
/// ingest makes them: (column, its expression over `{}`, values as text).
/// An article's search words (distinct words, which hold no space, joined
/// by one); an event's month, the key of its partition, made first.
fn derived(
    store: &PgStore,
    table: &Table,
    rows: &[Vec<Value>],
) -> Result<Vec<(&'static str, &'static str, Vec<String>)>> {
    let text = |row: &Vec<Value>, column: &str| match &row[table.at(column)] {
        Value::Text(s) => Some(s.clone()),
        _ => None,
    };
    Ok(match table.name {
        "articles" => {
            let words = rows
                .iter()
                .map(|r| {
                    search::article_words(text(r, "title").as_deref(), &text(r, "text").unwrap_or_default()).join(" ")
                })
                .collect();
            vec![("words", "array_to_tsvector(string_to_array({}, ' '))", words)]
        }
        "events" => {
            let months: Vec<String> = rows.iter().map(|r| partitions::month(text(r, "date").as_deref())).collect();
            partitions::ensure(store, &months)?;
            vec![("month", "{}", months)]
        }
        _ => Vec::new(),
    })
}
