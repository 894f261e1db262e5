//! Commitments as resolution stored them, with their status on the store's
//! "today" (the lapse rule is `attache_resolve::Status::as_of`).
//!
//! Input: a status and a country to filter by. Output: commitments as JSON
//! objects.

use rusqlite::OptionalExtension;

use crate::{Result, Store};

impl Store {
    /// Commitments as JSON objects, filtered by status and by a country among
    /// their counterparts' countries or their actors' ids.
    pub fn commitments(&self, status: Option<&str>, country: Option<&str>) -> Result<Vec<serde_json::Value>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.commitments(status, country);
        }
        // An open commitment whose last day has passed (its stated date, or a
        // year after it was made) is lapsed (`Status::as_of`), on "today", the newest publication day in the
        // store, so the same store always gives the same statuses.
        let today: Option<String> =
            self.conn()?.query_row("SELECT value FROM meta WHERE key = 'latest_day'", [], |r| r.get(0)).optional()?;
        let mut stmt = self.conn()?.prepare_cached(
            "SELECT id, kind, actors, counterparts, countries, made, due, status, fulfilled_by FROM commitments
             ORDER BY made DESC, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let json = |i: usize| -> rusqlite::Result<serde_json::Value> {
                let s: String = r.get(i)?;
                Ok(serde_json::from_str(&s).unwrap_or(serde_json::Value::Null))
            };
            let (made, due): (Option<String>, Option<String>) = (r.get(5)?, r.get(6)?);
            let stored = attache_resolve::Status::parse(&r.get::<_, String>(7)?);
            let status = stored.as_of(made.as_deref(), due.as_deref(), today.as_deref());
            Ok(serde_json::json!({
                "id": r.get::<_, String>(0)?, "kind": r.get::<_, String>(1)?, "actors": json(2)?,
                "counterparts": json(3)?, "countries": json(4)?, "made": made,
                "due": due, "status": status.as_str(),
                "fulfilled_by": r.get::<_, Option<String>>(8)?,
            }))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let c = row?;
            if status.is_some_and(|s| c["status"] != s) || country.is_some_and(|k| !commitment_names_country(&c, k)) {
                continue;
            }
            out.push(c);
        }
        Ok(out)
    }
}

/// Whether a commitment's counterparts' countries hold `country` (ISO3, any
/// case) or its actors' ids do.
pub(crate) fn commitment_names_country(c: &serde_json::Value, country: &str) -> bool {
    let strings = |key: &str| -> Vec<&str> {
        c[key].as_array().map(|l| l.iter().filter_map(|x| x.as_str()).collect()).unwrap_or_default()
    };
    let upper = country.to_uppercase();
    strings("countries").iter().any(|c| c.to_uppercase() == upper)
        || strings("actors")
            .iter()
            .any(|id| attache_resolve::ActorId::parse(id).and_then(|p| p.iso3()).is_some_and(|c| c == upper))
}

/// Every country a commitment involves: its counterparts' countries and the
/// countries in its actors' and counterparts' ids (`p:kaz:...`).
pub fn commitment_countries(c: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(list) = c["countries"].as_array() {
        out.extend(list.iter().filter_map(|x| x.as_str()).map(str::to_uppercase));
    }
    for key in ["actors", "counterparts"] {
        if let Some(list) = c[key].as_array() {
            for id in list.iter().filter_map(|x| x.as_str()) {
                out.extend(attache_resolve::ActorId::parse(id).and_then(|p| p.iso3()));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
