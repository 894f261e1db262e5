//! One read on either backend: SQL written once, in SQLite's form (`?`
//! placeholders, `d.current = 1`), whose rows are read as a tuple of plain
//! values. On PostgreSQL the SQL is turned into its dialect
//! (`pg::dialect`), so a read ported this way filters, counts and orders as
//! on SQLite by construction; what the two say differently (JSON functions,
//! where NULLs sort) is given per backend by the caller.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use crate::{Backend, Result, Store};

/// A row read as a tuple: each value readable from both backends' rows.
pub(crate) trait Selected: Sized {
    fn from_sqlite(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self>;
    fn from_pg(r: &postgres::Row) -> std::result::Result<Self, postgres::Error>;
}

macro_rules! selected {
    ($($t:ident $i:tt),+) => {
        impl<$($t: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a>),+> Selected for ($($t,)+) {
            fn from_sqlite(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
                Ok(($(r.get($i)?,)+))
            }
            fn from_pg(r: &postgres::Row) -> std::result::Result<Self, postgres::Error> {
                Ok(($(r.try_get($i)?,)+))
            }
        }
    };
}

selected!(A 0);
selected!(A 0, B 1);
selected!(A 0, B 1, C 2);
selected!(A 0, B 1, C 2, D 3);
selected!(A 0, B 1, C 2, D 3, E 4);
selected!(A 0, B 1, C 2, D 3, E 4, F 5);
selected!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
selected!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
selected!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
selected!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
selected!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
selected!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);

impl Store {
    /// The rows of `sql` (SQLite's form) with `args`, on whichever backend this is.
    pub(crate) fn select<T: Selected>(&self, sql: &str, args: Vec<Value>) -> Result<Vec<T>> {
        match &self.backend {
            Backend::Postgres(pg) => pg.select(sql, &args),
            Backend::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let rows = stmt.query_map(params_from_iter(args), T::from_sqlite)?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            }
        }
    }

    /// The one row of `sql` (a count, a sum).
    pub(crate) fn select_one<T: Selected>(&self, sql: &str, args: Vec<Value>) -> Result<T> {
        self.select(sql, args)?
            .into_iter()
            .next()
            .ok_or_else(|| crate::StoreError::Filter(format!("no row from {sql}")))
    }
}
