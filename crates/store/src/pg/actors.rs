//! The curation log written, and actors and occurrences as `attache actors`, `attache occurrences` and an
//! actor looked up by id or name read them from PostgreSQL; the same SQL as
//! SQLite's (`actors.rs`), NULL dates ordered as SQLite orders them.

use super::read::row_actor;
use super::{LOCK_RESOLUTION, PgStore};
use crate::{Result, StoredActor, StoredOccurrence};

impl PgStore {
    /// Appends a correction to the curation log and marks a full
    /// resolution due (under the resolution lock, so no resolver's mark
    /// lands over it), as `Store::log_curation` does on SQLite.
    pub(crate) fn log_curation(&self, action: &str, a: &str, b: Option<&str>) -> Result<i64> {
        self.begin_locked(LOCK_RESOLUTION)?;
        let id = self.in_transaction(|| {
            let row = self.query_one(
                "INSERT INTO curation_log (at, action, a, b) VALUES ($1, $2, $3, $4) RETURNING id",
                &[&jiff::Timestamp::now().to_string(), &action, &a, &b],
            )?;
            self.execute("DELETE FROM meta WHERE key = 'resolved_upto'", &[])?;
            Ok(row.get::<_, i64>(0))
        })?;
        self.batch_execute("COMMIT")?;
        Ok(id)
    }

    pub(crate) fn actors(&self, country: Option<&str>, kind: Option<&str>) -> Result<Vec<StoredActor>> {
        let rows = self.query(
            "SELECT id, name, kind, country, aliases, roles, mentions FROM actors
             WHERE ($1::TEXT IS NULL OR country = upper($1)) AND ($2::TEXT IS NULL OR kind = $2)
             ORDER BY mentions DESC, name, id",
            &[&country, &kind],
        )?;
        Ok(rows.iter().map(row_actor).collect())
    }

    pub(crate) fn actor_by_id(&self, id: &str) -> Result<Option<StoredActor>> {
        let row = self
            .query_opt("SELECT id, name, kind, country, aliases, roles, mentions FROM actors WHERE id = $1", &[&id])?;
        Ok(row.as_ref().map(row_actor))
    }

    pub(crate) fn occurrence(&self, id: &str) -> Result<Option<StoredOccurrence>> {
        let row = self.query_opt(
            "SELECT id, type, date, actors, reports, independent_sources, log FROM occurrences WHERE id = $1",
            &[&id],
        )?;
        Ok(row.as_ref().map(row_occurrence))
    }

    pub(crate) fn occurrences(&self, actor: Option<&str>) -> Result<Vec<StoredOccurrence>> {
        // SQLite's LIKE folds ASCII case; ILIKE on COLLATE "C" text does the same.
        let rows = self.query(
            "SELECT id, type, date, actors, reports, independent_sources, log FROM occurrences
             WHERE $1::TEXT IS NULL OR actors ILIKE '%\"' || $1 || '\"%' ESCAPE '\\'
             ORDER BY reports DESC, date DESC NULLS LAST, id",
            &[&actor],
        )?;
        Ok(rows.iter().map(row_occurrence).collect())
    }
}

fn row_occurrence(r: &postgres::Row) -> StoredOccurrence {
    StoredOccurrence {
        id: r.get(0),
        kind: r.get(1),
        date: r.get(2),
        actors: serde_json::from_str(r.get(3)).unwrap_or_default(),
        reports: r.get(4),
        independent_sources: r.get(5),
        log: serde_json::from_str(r.get(6)).unwrap_or_default(),
    }
}
