//! A whole store copied into another, empty one (`attache copy`): SQLite
//! to PostgreSQL, PostgreSQL to SQLite (or either to its own kind).
//!
//! Every table of the record is read in key order from one snapshot of the
//! source (a read transaction) and written, ids kept, in one transaction of
//! the destination, so every read answers on the copy as on the source, and
//! a copy that fails leaves the destination as empty as it was. What each
//! backend keeps beside the rows is made again there: SQLite's FTS5 index,
//! PostgreSQL's `tsvector`s, the month partitions of its events and its id
//! sequences. Articles of an old SQLite store whose sentences are rows of
//! `sentences` (schema 1-2) are copied with their spans packed, as every
//! article since schema 3 is.
//!
//! Which tables and columns make up the record is said once, in [`TABLES`];
//! the backends' readers and writers (here for SQLite, `pg::copy` for
//! PostgreSQL) know only how to move rows of such a table.

use std::time::{Duration, Instant};

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use crate::{Backend, Result, Store, StoreError, pack_spans};

/// How a column's values are read and written on both backends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Text,
    Blob,
    /// `BOOLEAN` on PostgreSQL, `0`/`1` on SQLite (carried as an integer).
    Bool,
}

/// One table of the record: its columns (the same on both backends) and
/// the key its rows are read in.
pub(crate) struct Table {
    pub(crate) name: &'static str,
    pub(crate) columns: &'static [(&'static str, Kind)],
    pub(crate) order: &'static str,
}

use Kind::{Blob, Bool, Int, Text};

/// Every table of the record, parents before the rows that refer to them.
/// Not here: SQLite's `sentences` (folded into `articles.spans`) and FTS5
/// tables, PostgreSQL's `articles.words`, `events.month` and
/// `attache_schema`: each backend makes its own.
pub(crate) const TABLES: &[Table] = &[
    Table { name: "meta", columns: &[("key", Text), ("value", Text)], order: "key" },
    Table {
        name: "documents",
        columns: &[
            ("id", Int),
            ("origin", Text),
            ("name", Text),
            ("version", Int),
            ("hash", Text),
            ("format", Text),
            ("encoding", Text),
            ("bytes", Int),
            ("ingested_at", Text),
            ("current", Bool),
        ],
        order: "id",
    },
    Table {
        name: "articles",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("position", Int),
            ("title", Text),
            ("published", Text),
            ("views", Int),
            ("via", Text),
            ("url", Text),
            ("language", Text),
            ("text", Text),
            ("spans", Blob),
            ("sentence_count", Int),
        ],
        order: "id",
    },
    Table { name: "extractions", columns: &[("article_id", Int), ("record", Text)], order: "article_id" },
    Table {
        name: "events",
        columns: &[
            ("id", Int),
            ("article_id", Int),
            ("idx", Int),
            ("type", Text),
            ("mode", Text),
            ("date", Text),
            ("date_basis", Text),
            ("source_countries", Text),
            ("target_countries", Text),
            ("actors", Text),
            ("topics", Text),
            ("cameo", Text),
            ("plover", Text),
            ("rule", Text),
            ("trigger", Text),
            ("sentence", Int),
            ("start", Int),
            ("\"end\"", Int),
            ("evidence", Text),
        ],
        order: "id",
    },
    Table {
        name: "actors",
        columns: &[
            ("id", Text),
            ("name", Text),
            ("kind", Text),
            ("country", Text),
            ("aliases", Text),
            ("roles", Text),
            ("mentions", Int),
        ],
        order: "id",
    },
    Table {
        name: "actor_mentions",
        columns: &[("article_id", Int), ("local_id", Text), ("actor_id", Text)],
        order: "article_id, local_id",
    },
    Table {
        name: "curation_log",
        columns: &[("id", Int), ("at", Text), ("action", Text), ("a", Text), ("b", Text)],
        order: "id",
    },
    Table {
        name: "occurrences",
        columns: &[
            ("id", Text),
            ("type", Text),
            ("date", Text),
            ("actors", Text),
            ("reports", Int),
            ("independent_sources", Int),
            ("log", Text),
        ],
        order: "id",
    },
    Table {
        name: "occurrence_reports",
        columns: &[("occurrence_id", Text), ("article_id", Int), ("idx", Int)],
        order: "article_id, idx",
    },
    Table {
        name: "commitments",
        columns: &[
            ("id", Text),
            ("kind", Text),
            ("actors", Text),
            ("counterparts", Text),
            ("countries", Text),
            ("made", Text),
            ("due", Text),
            ("status", Text),
            ("fulfilled_by", Text),
        ],
        order: "id",
    },
    Table { name: "actor_keys", columns: &[("key", Text), ("actor_id", Text)], order: "key, actor_id" },
    Table {
        name: "commitment_keys",
        columns: &[("role", Text), ("key", Text), ("until", Text), ("commitment_id", Text)],
        order: "role, key, until, commitment_id",
    },
    Table {
        name: "meetings",
        columns: &[
            ("month", Text),
            ("person", Text),
            ("at", Text),
            ("article_id", Int),
            ("idx", Int),
            ("others", Text),
        ],
        order: "month, person, at, article_id, idx",
    },
    Table {
        name: "watch_sources",
        columns: &[("name", Text), ("url", Text), ("kind", Text), ("polled_at", Text)],
        order: "name",
    },
    Table {
        name: "watch_fetches",
        columns: &[
            ("url", Text),
            ("source", Text),
            ("kind", Text),
            ("state", Text),
            ("fetched_at", Text),
            ("succeeded_at", Text),
            ("status", Int),
            ("etag", Text),
            ("last_modified", Text),
            ("hash", Text),
            ("error", Text),
            ("failed_at", Text),
            ("failures", Int),
            ("next_try", Text),
            ("kept", Text),
        ],
        order: "url",
    },
];

impl Table {
    /// The column list of `SELECT` and `INSERT`.
    pub(crate) fn column_list(&self) -> String {
        self.columns.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
    }

    /// The position of a column.
    pub(crate) fn at(&self, column: &str) -> usize {
        self.columns.iter().position(|(c, _)| *c == column).expect("a column of the table")
    }
}

/// Rows read and written together: at most [`CHUNK_ROWS`] or about
/// [`CHUNK_BYTES`] of text, so memory is bounded whatever the store's size.
pub(crate) const CHUNK_ROWS: usize = 5000;
pub(crate) const CHUNK_BYTES: usize = 8 << 20;

/// Rows being gathered for one write.
#[derive(Default)]
pub(crate) struct Chunk {
    pub(crate) rows: Vec<Vec<Value>>,
    bytes: usize,
}

impl Chunk {
    /// Adds a row; whether the chunk is now full.
    pub(crate) fn push(&mut self, row: Vec<Value>) -> bool {
        self.bytes += row
            .iter()
            .map(|v| match v {
                Value::Text(s) => s.len(),
                Value::Blob(b) => b.len(),
                _ => 8,
            })
            .sum::<usize>();
        self.rows.push(row);
        self.rows.len() >= CHUNK_ROWS || self.bytes >= CHUNK_BYTES
    }

    /// Hands the rows gathered to `write` (if any) and starts again.
    pub(crate) fn flush(&mut self, write: &mut dyn FnMut(&[Vec<Value>]) -> Result<()>) -> Result<()> {
        if !self.rows.is_empty() {
            write(&self.rows)?;
        }
        self.rows.clear();
        self.bytes = 0;
        Ok(())
    }
}

/// Where a copy has come to (for a progress bar).
#[derive(Debug, Clone)]
pub struct CopyProgress {
    /// The table being copied.
    pub table: &'static str,
    /// Rows copied so far, of all tables.
    pub rows: u64,
    /// Rows the source holds, of all tables.
    pub total: u64,
}

/// What a copy moved: rows per table, in the order copied.
#[derive(Debug, Clone)]
pub struct CopyReport {
    pub tables: Vec<(&'static str, u64)>,
    pub elapsed: Duration,
}

impl CopyReport {
    /// The rows copied of `table`.
    pub fn rows(&self, table: &str) -> u64 {
        self.tables.iter().find(|(t, _)| *t == table).map_or(0, |(_, n)| *n)
    }
}

impl Store {
    /// The tables of the record that hold a row (a store to copy into must
    /// hold none).
    pub fn nonempty_tables(&self) -> Result<Vec<&'static str>> {
        let mut out = Vec::new();
        for t in TABLES {
            let (n,): (i64,) =
                self.select_one(&format!("SELECT count(*) FROM (SELECT 1 FROM {} LIMIT 1) t", t.name), Vec::new())?;
            if n > 0 {
                out.push(t.name);
            }
        }
        Ok(out)
    }

    /// Copies this whole store into `dst`, which must be empty
    /// ([`StoreError::NotEmpty`] naming `dst_name` otherwise): one snapshot
    /// of this store, one transaction of `dst`, ids kept. `progress` is
    /// called after every chunk of rows.
    pub fn copy_into(
        &self,
        dst: &Store,
        dst_name: &str,
        progress: &mut dyn FnMut(&CopyProgress),
    ) -> Result<CopyReport> {
        let started = Instant::now();
        self.begin_snapshot()?;
        let copied = dst.begin_copy().and_then(|()| {
            let done = self.copy_tables(dst, dst_name, progress);
            match done {
                Ok(tables) => dst.end_copy(true).map(|()| tables),
                Err(e) => {
                    // The error is what matters; a failed rollback ends with the connection.
                    let _ = dst.end_copy(false);
                    Err(e)
                }
            }
        });
        self.end_snapshot()?;
        Ok(CopyReport { tables: copied?, elapsed: started.elapsed() })
    }

    fn copy_tables(
        &self,
        dst: &Store,
        dst_name: &str,
        progress: &mut dyn FnMut(&CopyProgress),
    ) -> Result<Vec<(&'static str, u64)>> {
        let held = dst.nonempty_tables()?;
        if !held.is_empty() {
            return Err(StoreError::NotEmpty { path: dst_name.to_string(), tables: held.join(", ") });
        }
        let mut counts = Vec::with_capacity(TABLES.len());
        for t in TABLES {
            let (n,): (i64,) = self.select_one(&format!("SELECT count(*) FROM {}", t.name), Vec::new())?;
            counts.push(n as u64);
        }
        let mut at = CopyProgress { table: TABLES[0].name, rows: 0, total: counts.iter().sum() };
        let mut tables = Vec::with_capacity(TABLES.len());
        for t in TABLES {
            at.table = t.name;
            progress(&at);
            let mut rows = 0u64;
            self.read_rows(t, &mut |chunk| {
                dst.write_rows(t, chunk)?;
                rows += chunk.len() as u64;
                at.rows += chunk.len() as u64;
                progress(&at);
                Ok(())
            })?;
            tables.push((t.name, rows));
        }
        Ok(tables)
    }

    /// Begins the read transaction every table is read in (one snapshot).
    fn begin_snapshot(&self) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(conn) => Ok(conn.execute_batch("BEGIN")?),
            Backend::Postgres(pg) => pg.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
        }
    }

    fn end_snapshot(&self) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(conn) => Ok(conn.execute_batch("COMMIT")?),
            Backend::Postgres(pg) => pg.batch_execute("COMMIT"),
        }
    }

    /// Every row of `table`, in chunks, in key order.
    fn read_rows(&self, table: &Table, each: &mut dyn FnMut(&[Vec<Value>]) -> Result<()>) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(conn) => sqlite_rows(conn, table, each),
            Backend::Postgres(pg) => pg.copy_rows(table, each),
        }
    }

    /// Begins the one transaction a copy is written in.
    fn begin_copy(&self) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(conn) => Ok(conn.execute_batch("BEGIN IMMEDIATE")?),
            Backend::Postgres(pg) => pg.begin_copy(),
        }
    }

    fn write_rows(&self, table: &Table, rows: &[Vec<Value>]) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(conn) => {
                let marks: Vec<String> = (1..=table.columns.len()).map(|i| format!("?{i}")).collect();
                let sql = format!("INSERT INTO {} ({}) VALUES ({})", table.name, table.column_list(), marks.join(", "));
                let mut insert = conn.prepare_cached(&sql)?;
                for row in rows {
                    insert.execute(params_from_iter(row.iter()))?;
                }
                Ok(())
            }
            Backend::Postgres(pg) => pg.put_rows(table, rows),
        }
    }

    /// Makes what the backend keeps beside the rows (SQLite's full-text
    /// index; PostgreSQL's id sequences) and commits, or rolls back.
    fn end_copy(&self, commit: bool) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(conn) if commit => Ok(conn.execute_batch(
                "INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles; COMMIT",
            )?),
            Backend::Sqlite(conn) => Ok(conn.execute_batch("ROLLBACK")?),
            Backend::Postgres(pg) => pg.end_copy(commit),
        }
    }
}

/// Reads a table of a SQLite store; an article whose spans are still rows
/// of `sentences` (schema 1-2) gets them packed.
fn sqlite_rows(conn: &Connection, table: &Table, each: &mut dyn FnMut(&[Vec<Value>]) -> Result<()>) -> Result<()> {
    let sql = format!("SELECT {} FROM {} ORDER BY {}", table.column_list(), table.name, table.order);
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut chunk = Chunk::default();
    let spans = (table.name == "articles").then(|| (table.at("id"), table.at("spans"), table.at("sentence_count")));
    while let Some(r) = rows.next()? {
        let mut row = (0..table.columns.len()).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>()?;
        if let Some((id, packed, count)) = spans
            && row[packed] == Value::Null
        {
            let Value::Integer(article) = row[id] else { unreachable!("an article id is an integer") };
            let mut sentences =
                conn.prepare_cached("SELECT start, end FROM sentences WHERE article_id = ?1 ORDER BY idx")?;
            let list = sentences
                .query_map([article], |s| {
                    Ok(attache_model::Span::new(s.get::<_, i64>(0)? as usize, s.get::<_, i64>(1)? as usize))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            row[count] = Value::Integer(list.len() as i64);
            row[packed] = Value::Blob(pack_spans(&list));
        }
        if chunk.push(row) {
            chunk.flush(each)?;
        }
    }
    chunk.flush(each)
}

#[cfg(test)]
mod tests {
    use attache_model::{Article, Document, Format, Published, RawItem, Span};

    use super::*;

    fn store_with_one_article() -> Store {
        let mut s = Store::in_memory().unwrap();
        let doc = Document {
            origin: "a".into(),
            name: "a".into(),
            hash: "h-1".into(),
            format: Format::Text,
            encoding: "UTF-8".into(),
            bytes: 9,
            items: vec![RawItem { text: "One. Two.".into(), ..RawItem::default() }],
        };
        let article = Article {
            title: Some("T".into()),
            published: Published::parse("2026-01-01"),
            text: "One. Two.".into(),
            sentences: vec![Span::new(0, 9)],
            ..Article::default()
        };
        s.put_document(&doc, &[article]).unwrap();
        s
    }

    /// Every table of SQLite's schema is copied, with every column, but
    /// what each backend makes for itself.
    #[test]
    fn the_copy_holds_every_table_and_column_of_both_schemas() {
        let s = Store::in_memory().unwrap();
        let tables: Vec<(String,)> = s
            .select(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                   AND name NOT LIKE 'articles_fts%' AND name <> 'sentences' ORDER BY name",
                Vec::new(),
            )
            .unwrap();
        let mut ours: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        ours.sort();
        assert_eq!(tables.iter().map(|(t,)| t.as_str()).collect::<Vec<_>>(), ours);
        for t in TABLES {
            let columns: Vec<(String,)> = s
                .select(&format!("SELECT name FROM pragma_table_info('{}') ORDER BY cid", t.name), Vec::new())
                .unwrap();
            let listed: Vec<&str> = t.columns.iter().map(|(c, _)| c.trim_matches('"')).collect();
            assert_eq!(columns.iter().map(|(c,)| c.as_str()).collect::<Vec<_>>(), listed, "{}", t.name);
        }
        let mut pg: Vec<&str> = crate::pg::TABLES.to_vec();
        pg.sort();
        assert_eq!(pg, ours, "PostgreSQL's tables");
    }

    /// An article of schema 1-2 (sentence rows, no packed spans) arrives
    /// with its spans packed, its sentences and counts unchanged.
    #[test]
    fn an_old_article_is_copied_with_its_sentences_packed() {
        let s = store_with_one_article();
        s.conn()
            .unwrap()
            .execute_batch(
                "UPDATE articles SET spans = NULL, sentence_count = 0;
                 INSERT INTO sentences (article_id, idx, start, end) VALUES (1, 0, 0, 4), (1, 1, 5, 9);",
            )
            .unwrap();
        let copy = Store::in_memory().unwrap();
        let report = s.copy_into(&copy, "copy", &mut |_| {}).unwrap();
        assert_eq!((report.rows("documents"), report.rows("articles")), (1, 1));
        let article = copy.article(1).unwrap().unwrap().article;
        assert_eq!(article.sentences, [Span::new(0, 4), Span::new(5, 9)]);
        assert_eq!(copy.stats().unwrap(), s.stats().unwrap());
        let found = copy.articles(&crate::ArticleFilter { query: Some("two".into()), ..Default::default() }).unwrap();
        assert_eq!(found.len(), 1, "the copy's full-text index is made");
    }

    #[test]
    fn a_store_holding_anything_is_refused_by_name_and_left_as_it_was() {
        let (s, dst) = (store_with_one_article(), store_with_one_article());
        let before = dst.stats().unwrap();
        let e = s.copy_into(&dst, "there.db", &mut |_| {}).unwrap_err();
        assert!(
            matches!(&e, StoreError::NotEmpty { path, tables } if path == "there.db" && tables.contains("documents"))
        );
        assert!(e.to_string().starts_with("there.db is not empty"), "{e}");
        assert_eq!(dst.stats().unwrap(), before);
        assert!(s.copy_into(&Store::in_memory().unwrap(), "new", &mut |_| {}).is_ok(), "the source is usable after");
    }
}
