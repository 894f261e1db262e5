//! Events as `attache events` reads them from PostgreSQL: the SQLite
//! backend's filter conditions (`event_pages::event_conditions`, shared so
//! both filter alike), turned into PostgreSQL's dialect by [`dialect`].

use postgres::types::ToSql;
use rusqlite::types::Value;

use super::PgStore;
use crate::event_pages::{EventQuery, event_conditions};
use crate::events::{EVENTS_OF, EVENTS_OF_ORDER, EventsOfRow};
use crate::select::Selected;
use crate::{Result, StoredEvent};

impl PgStore {
    pub(crate) fn events_of(&self, query: &EventQuery) -> Result<Vec<StoredEvent>> {
        let (conditions, args) = event_conditions(query)?;
        let mut sql = format!("{EVENTS_OF} WHERE d.current{conditions}{EVENTS_OF_ORDER}");
        if let Some(l) = query.filter.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let values = values(&args);
        let rows = self.query_dyn(&dialect(&sql), &params(&values))?;
        let events = rows.iter().filter_map(|r| {
            EventsOfRow {
                article_id: r.get(0),
                doc: r.get(1),
                title: r.get(2),
                published: r.get(3),
                idx: r.get(4),
                record: r.get(5),
                rule: r.get(6),
                trigger: r.get(7),
                start: r.get(8),
                end: r.get(9),
            }
            .into_event()
        });
        Ok(events.collect())
    }

    /// The rows of SQLite's SQL (`?` arguments) in PostgreSQL's dialect, as tuples.
    pub(crate) fn select<T: Selected>(&self, sql: &str, args: &[Value]) -> Result<Vec<T>> {
        let values = values(args);
        let rows = self.query_dyn(&dialect(sql), &params(&values))?;
        Ok(rows.iter().map(T::from_pg).collect::<std::result::Result<_, postgres::Error>>()?)
    }

    pub(crate) fn events_count(&self, query: &EventQuery) -> Result<i64> {
        let (conditions, args) = event_conditions(query)?;
        let sql = format!(
            "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id
             JOIN documents d ON d.id = a.document_id WHERE d.current{conditions}"
        );
        let values = values(&args);
        let row = self.query_opt_dyn(&dialect(&sql), &params(&values))?;
        Ok(row.map_or(0, |r| r.get(0)))
    }
}

/// A filter's SQL in PostgreSQL's dialect: `?` placeholders numbered (`$1`,
/// ...; `?N` is `$N`; the conditions hold no `?` in a literal), and `LIKE` as SQLite
/// means it, case-insensitive for ASCII letters (`ILIKE` on `COLLATE "C"`
/// text folds ASCII letters only, as SQLite's `LIKE` does).
pub(crate) fn dialect(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' {
            // `?N` is the N-th argument; a bare `?` the next one.
            if chars.peek().is_some_and(char::is_ascii_digit) {
                out.push('$');
            } else {
                n += 1;
                out.push_str(&format!("${n}"));
            }
        } else {
            out.push(c);
        }
    }
    // SQLite's boolean is an integer; PostgreSQL's `current` is a boolean.
    out.replace(" LIKE ", " ILIKE ").replace("d.current = 1", "d.current")
}

/// A filter's argument as PostgreSQL takes it.
pub(crate) enum PgValue {
    Int(i64),
    Text(String),
    Null(Option<String>),
}

pub(crate) fn values(args: &[Value]) -> Vec<PgValue> {
    args.iter()
        .map(|v| match v {
            Value::Integer(i) => PgValue::Int(*i),
            Value::Text(t) => PgValue::Text(t.clone()),
            Value::Real(r) => PgValue::Text(r.to_string()),
            Value::Null | Value::Blob(_) => PgValue::Null(None),
        })
        .collect()
}

pub(crate) fn params(values: &[PgValue]) -> Vec<&(dyn ToSql + Sync)> {
    values
        .iter()
        .map(|v| match v {
            PgValue::Int(i) => i as &(dyn ToSql + Sync),
            PgValue::Text(t) => t as &(dyn ToSql + Sync),
            PgValue::Null(n) => n as &(dyn ToSql + Sync),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_and_like_folds_ascii_case() {
        assert_eq!(
            super::dialect(" AND e.type IN (?, ?) AND e.actors LIKE ?"),
            " AND e.type IN ($1, $2) AND e.actors ILIKE $3"
        );
        assert_eq!(super::dialect("?1 IS NULL OR x LIKE ?1 AND y = ?12"), "$1 IS NULL OR x ILIKE $1 AND y = $12");
    }
}
