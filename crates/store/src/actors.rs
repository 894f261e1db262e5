//! Actors, the curation log and occurrences as resolution stored them.
//!
//! Input: queries by id, name, country and kind. Output: `StoredActor`s,
//! `CurationEntry`s and `StoredOccurrence`s.

use rusqlite::{OptionalExtension, params};

use crate::{Result, Store};

/// An actor across articles, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredActor {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    /// The role timeline as JSON: `[{title, country, sector, first, last}]`.
    pub roles_json: String,
    pub mentions: i64,
}

/// One real-world event and how it was reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOccurrence {
    pub id: String,
    pub kind: String,
    pub date: Option<String>,
    pub actors: Vec<String>,
    pub reports: i64,
    pub independent_sources: i64,
    pub log: Vec<String>,
}

/// One correction of the curation log: `merge` a b, `split` a, `alias` a b.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurationEntry {
    pub id: i64,
    /// When it was logged (RFC 3339).
    pub at: String,
    pub action: String,
    pub a: String,
    pub b: Option<String>,
}

impl Store {
    /// Which actor each article-local actor is: (article, local id) to actor id.
    pub fn actor_links(&self) -> Result<std::collections::HashMap<(i64, String), String>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.actor_links();
        }
        let mut stmt = self.conn()?.prepare("SELECT article_id, local_id, actor_id FROM actor_mentions")?;
        let rows =
            stmt.query_map([], |r| Ok(((r.get::<_, i64>(0)?, r.get::<_, String>(1)?), r.get::<_, String>(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Occurrences, most reported first; `actor` filters on an actor id.
    pub fn occurrences(&self, actor: Option<&str>) -> Result<Vec<StoredOccurrence>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.occurrences(actor);
        }
        let mut stmt = self.conn()?.prepare_cached(
            "SELECT id, type, date, actors, reports, independent_sources, log FROM occurrences
             WHERE ?1 IS NULL OR actors LIKE '%\"' || ?1 || '\"%' ESCAPE '\\' ORDER BY reports DESC, date DESC, id",
        )?;
        let rows = stmt.query_map(params![actor], |r| {
            let actors: String = r.get(3)?;
            let log: String = r.get(6)?;
            Ok(StoredOccurrence {
                id: r.get(0)?,
                kind: r.get(1)?,
                date: r.get(2)?,
                actors: serde_json::from_str(&actors).unwrap_or_default(),
                reports: r.get(4)?,
                independent_sources: r.get(5)?,
                log: serde_json::from_str(&log).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One occurrence by id.
    pub fn occurrence(&self, id: &str) -> Result<Option<crate::StoredOccurrence>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.occurrence(id);
        }
        Ok(self
            .conn()?
            .prepare_cached(
                "SELECT id, type, date, actors, reports, independent_sources, log FROM occurrences WHERE id = ?1",
            )?
            .query_row([id], |r| {
                let actors: String = r.get(3)?;
                let log: String = r.get(6)?;
                Ok(crate::StoredOccurrence {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    date: r.get(2)?,
                    actors: serde_json::from_str(&actors).unwrap_or_default(),
                    reports: r.get(4)?,
                    independent_sources: r.get(5)?,
                    log: serde_json::from_str(&log).unwrap_or_default(),
                })
            })
            .optional()?)
    }

    /// Appends a correction to the curation log (`merge` a b, `split` a, `alias` a name).
    pub fn log_curation(&mut self, action: &str, a: &str, b: Option<&str>) -> Result<i64> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.log_curation(action, a, b);
        }
        let tx = self.conn_mut()?.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO curation_log (at, action, a, b) VALUES (?1, ?2, ?3, ?4)",
            params![jiff::Timestamp::now().to_string(), action, a, b],
        )?;
        let id = tx.last_insert_rowid();
        // The log is re-applied by a full resolution, whenever it runs.
        tx.execute(crate::NEEDS_FULL_RESOLUTION, [])?;
        tx.commit()?;
        Ok(id)
    }

    /// The curation log in order.
    pub fn curation_log(&self) -> Result<Vec<CurationEntry>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.curation_log();
        }
        let mut stmt = self.conn()?.prepare_cached("SELECT id, at, action, a, b FROM curation_log ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(CurationEntry { id: r.get(0)?, at: r.get(1)?, action: r.get(2)?, a: r.get(3)?, b: r.get(4)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Actors, most mentioned first; `country` filters on ISO3, `kind` on person/state/...
    pub fn actors(&self, country: Option<&str>, kind: Option<&str>) -> Result<Vec<StoredActor>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.actors(country, kind);
        }
        let mut stmt = self.conn()?.prepare_cached(
            "SELECT id, name, kind, country, aliases, roles, mentions FROM actors
             WHERE (?1 IS NULL OR country = upper(?1)) AND (?2 IS NULL OR kind = ?2) ORDER BY mentions DESC, name, id",
        )?;
        let rows = stmt.query_map(params![country, kind], row_actor)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An actor by id, or by a name or alias (case-insensitive).
    pub fn find_actor(&self, id_or_name: &str) -> Result<Option<StoredActor>> {
        let by_id = match &self.backend {
            crate::Backend::Postgres(pg) => pg.actor_by_id(id_or_name)?,
            crate::Backend::Sqlite(conn) => conn
                .prepare_cached("SELECT id, name, kind, country, aliases, roles, mentions FROM actors WHERE id = ?1")?
                .query_row([id_or_name], row_actor)
                .optional()?,
        };
        if by_id.is_some() {
            return Ok(by_id);
        }
        let needle = id_or_name.to_lowercase();
        Ok(self
            .actors(None, None)?
            .into_iter()
            .find(|a| a.name.to_lowercase() == needle || a.aliases.iter().any(|x| x.to_lowercase() == needle))
            .or_else(|| self.actors(None, None).ok()?.into_iter().find(|a| a.name.to_lowercase().contains(&needle)))
            // Spelling variants: "Tokaev" finds Kassym-Jomart Tokayev.
            .or_else(|| {
                self.actors(None, Some("person")).ok()?.into_iter().find(|a| {
                    std::iter::once(&a.name).chain(&a.aliases).any(|n| attache_model::names::same_person(n, id_or_name))
                })
            }))
    }

    /// Actors matching country, kind and a search over names and aliases
    /// (any case), most mentioned first: `limit` of them from `offset`.
    pub fn actors_page(
        &self,
        country: Option<&str>,
        kind: Option<&str>,
        q: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<crate::StoredActor>> {
        let pattern = q.map(|q| format!("%{}%", q.trim().to_lowercase().replace(['%', '_'], "")));
        let rows: Vec<ActorTuple> = self.select(
            "SELECT id, name, kind, country, aliases, roles, mentions FROM actors
             WHERE (CAST(?1 AS TEXT) IS NULL OR country = upper(?1)) AND (CAST(?2 AS TEXT) IS NULL OR kind = ?2)
               AND (CAST(?3 AS TEXT) IS NULL OR lower(name) LIKE ?3 OR lower(aliases) LIKE ?3 OR id LIKE ?3)
             ORDER BY mentions DESC, name, id LIMIT ?4 OFFSET ?5",
            vec![text(country), text(kind), text(pattern.as_deref()), (limit as i64).into(), (offset as i64).into()],
        )?;
        Ok(rows.into_iter().map(actor_of).collect())
    }

    /// How many actors [`Store::actors_page`] would list in all.
    pub fn actors_count(&self, country: Option<&str>, kind: Option<&str>, q: Option<&str>) -> Result<i64> {
        let pattern = q.map(|q| format!("%{}%", q.trim().to_lowercase().replace(['%', '_'], "")));
        let (n,) = self.select_one(
            "SELECT count(*) FROM actors
             WHERE (CAST(?1 AS TEXT) IS NULL OR country = upper(?1)) AND (CAST(?2 AS TEXT) IS NULL OR kind = ?2)
               AND (CAST(?3 AS TEXT) IS NULL OR lower(name) LIKE ?3 OR lower(aliases) LIKE ?3 OR id LIKE ?3)",
            vec![text(country), text(kind), text(pattern.as_deref())],
        )?;
        Ok(n)
    }

    /// How many actors the store holds.
    pub fn actor_count(&self) -> Result<i64> {
        Ok(self.select_one::<(i64,)>("SELECT count(*) FROM actors", Vec::new())?.0)
    }
}

/// An optional text argument.
fn text(v: Option<&str>) -> rusqlite::types::Value {
    v.map_or(rusqlite::types::Value::Null, |v| v.to_string().into())
}

/// An actor row: id, name, kind, country, aliases, roles, mentions.
type ActorTuple = (String, String, String, Option<String>, String, String, i64);

fn actor_of((id, name, kind, country, aliases, roles_json, mentions): ActorTuple) -> StoredActor {
    StoredActor {
        id,
        name,
        kind,
        country,
        aliases: serde_json::from_str(&aliases).unwrap_or_default(),
        roles_json,
        mentions,
    }
}

pub(crate) fn row_actor(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredActor> {
    let aliases: String = r.get(4)?;
    Ok(StoredActor {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        country: r.get(3)?,
        aliases: serde_json::from_str(&aliases).unwrap_or_default(),
        roles_json: r.get(5)?,
        mentions: r.get(6)?,
    })
}
