//! Actors and occurrences as `attache actors`, `attache occurrences` and an
//! actor looked up by id or name read them from PostgreSQL; the same SQL as
//! SQLite's (`actors.rs`), NULL dates ordered as SQLite orders them.

use super::PgStore;
use super::read::row_actor;
use crate::{Result, StoredActor, StoredOccurrence};

impl PgStore {
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
