//! Resolution's reads and writes on PostgreSQL, in one transaction holding
//! the resolution lock: one process resolves at a time, and it reads only
//! the articles committed when its transaction began (`horizon`), so what
//! it records as resolved is exactly what it read, however many ingests
//! commit meanwhile.

use std::cell::Cell;
use std::collections::HashMap;

use attache_model::annotation::AnnotatedArticle;
use attache_model::kinds::EventKind;
use attache_resolve::{Commitment, LookupKey, ReportKey, Status, Terms};
use postgres::Row;

use super::{LOCK_RESOLUTION, PgStore};
use crate::resolution::{OTHERS_SEP, months};
use crate::{OpenCommitment, RecordRow, ReportRow, Result, StoredActor, StoredOccurrence, words_key};

pub(crate) struct PgResolution<'a> {
    store: &'a PgStore,
    /// The last article committed when the transaction began.
    horizon: i64,
    open: Cell<bool>,
}

const RECORDS: &str = "SELECT x.article_id, substr(a.published, 1, 10), a.text, x.record FROM extractions x
     JOIN articles a ON a.id = x.article_id JOIN documents d ON d.id = a.document_id";

impl<'a> PgResolution<'a> {
    pub(crate) fn begin(store: &'a PgStore) -> Result<PgResolution<'a>> {
        store.begin_locked(LOCK_RESOLUTION)?;
        let horizon: i64 =
            store.in_transaction(|| Ok(store.query_one("SELECT coalesce(max(id), 0) FROM articles", &[])?.get(0)))?;
        Ok(PgResolution { store, horizon, open: Cell::new(true) })
    }

    pub(crate) fn resolved_upto(&self) -> Result<Option<i64>> {
        let row = self.store.query_opt("SELECT value FROM meta WHERE key = 'resolved_upto'", &[])?;
        Ok(row.and_then(|r| r.get::<_, String>(0).parse().ok()))
    }

    pub(crate) fn clear(&self) -> Result<()> {
        self.store.batch_execute(
            "DELETE FROM actor_mentions; DELETE FROM actors; DELETE FROM actor_keys;
             DELETE FROM meetings;
             DELETE FROM occurrence_reports; DELETE FROM occurrences;
             DELETE FROM commitments; DELETE FROM commitment_keys;
             DELETE FROM meta WHERE key IN ('resolved_upto', 'latest_day');",
        )
    }

    pub(crate) fn last_article(&self) -> Result<i64> {
        Ok(self.horizon)
    }

    pub(crate) fn records_after(&self, after: i64, limit: usize) -> Result<Vec<RecordRow>> {
        let sql = format!(
            "{RECORDS} WHERE x.article_id > $1 AND x.article_id <= $2 AND d.current ORDER BY x.article_id LIMIT $3"
        );
        let rows = self.store.query_dyn(&sql, &[&after, &self.horizon, &(limit as i64)])?;
        Ok(rows.iter().filter_map(record_row).collect())
    }

    pub(crate) fn records_of(&self, ids: &[i64]) -> Result<Vec<RecordRow>> {
        let sql = format!("{RECORDS} WHERE x.article_id = ANY($1) AND x.article_id <= $2 AND d.current");
        let mut by_id: HashMap<i64, RecordRow> = self
            .store
            .query_dyn(&sql, &[&ids, &self.horizon])?
            .iter()
            .filter_map(record_row)
            .map(|r| (r.article_id, r))
            .collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    pub(crate) fn articles_with_events_on(&self, kind: EventKind, day: &str, upto: i64) -> Result<Vec<i64>> {
        let rows = self.store.query(
            "SELECT DISTINCT article_id FROM events WHERE type = $1 AND date = $2 AND article_id <= $3 ORDER BY article_id",
            &[&kind.as_str(), &day, &upto],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    pub(crate) fn links_of(&self, ids: &[i64]) -> Result<Vec<(i64, String, String)>> {
        let rows = self.store.query(
            "SELECT article_id, local_id, actor_id FROM actor_mentions WHERE article_id = ANY($1) ORDER BY article_id, local_id",
            &[&ids],
        )?;
        let mut by_article: HashMap<i64, Vec<(i64, String, String)>> = HashMap::new();
        for r in &rows {
            by_article.entry(r.get(0)).or_default().push((r.get(0), r.get(1), r.get(2)));
        }
        Ok(ids.iter().flat_map(|id| by_article.remove(id).unwrap_or_default()).collect())
    }

    pub(crate) fn actor_ids(&self, key: &LookupKey) -> Result<Vec<String>> {
        let rows = self
            .store
            .query("SELECT actor_id FROM actor_keys WHERE key = $1 ORDER BY actor_id", &[&key.to_string()])?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    pub(crate) fn actors_by_ids(&self, mut ids: Vec<String>) -> Result<Vec<StoredActor>> {
        ids.sort();
        ids.dedup();
        let rows = self.store.query(
            "SELECT id, name, kind, country, aliases, roles, mentions FROM actors WHERE id = ANY($1) ORDER BY id",
            &[&ids],
        )?;
        Ok(rows.iter().map(super::read::row_actor).collect())
    }

    pub(crate) fn put_actor(&self, a: &StoredActor, added: i64) -> Result<()> {
        let aliases = serde_json::to_string(&a.aliases).expect("strings serialize");
        self.store.execute(
            "INSERT INTO actors (id, name, kind, country, aliases, roles, mentions) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, country = excluded.country,
               aliases = excluded.aliases, roles = excluded.roles, mentions = actors.mentions + excluded.mentions",
            &[&a.id, &a.name, &a.kind, &a.country, &aliases, &a.roles_json, &added],
        )?;
        Ok(())
    }

    pub(crate) fn put_actor_keys(&self, actor_id: &str, keys: &[LookupKey]) -> Result<()> {
        for k in keys {
            self.store.execute(
                "INSERT INTO actor_keys (key, actor_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&k.to_string(), &actor_id],
            )?;
        }
        Ok(())
    }

    pub(crate) fn put_links<L: AsRef<str>, A: AsRef<str>>(&self, links: &[(i64, L, A)]) -> Result<()> {
        // In slices of 10,000 rows as three arrays: one statement each, not one per link.
        for part in links.chunks(10_000) {
            let articles: Vec<i64> = part.iter().map(|l| l.0).collect();
            let locals: Vec<&str> = part.iter().map(|l| l.1.as_ref()).collect();
            let actors: Vec<&str> = part.iter().map(|l| l.2.as_ref()).collect();
            self.store.execute(
                "INSERT INTO actor_mentions (article_id, local_id, actor_id)
                 SELECT * FROM unnest($1::BIGINT[], $2::TEXT[], $3::TEXT[])
                 ON CONFLICT (article_id, local_id) DO UPDATE SET actor_id = excluded.actor_id",
                &[&articles, &locals, &actors],
            )?;
        }
        Ok(())
    }

    pub(crate) fn put_meeting(&self, r: &ReportRow) -> Result<()> {
        let Some(at) = r.at.as_deref().filter(|_| r.kind == EventKind::Meet) else { return Ok(()) };
        let month = at.get(..7).unwrap_or(at);
        for person in r.keys.iter().filter(|k| k.is_actor()) {
            let others: Vec<String> = r.keys.iter().filter(|k| *k != person).map(ToString::to_string).collect();
            self.store.execute(
                "INSERT INTO meetings (month, person, at, article_id, idx, others) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (month, person, at, article_id, idx) DO UPDATE SET others = excluded.others",
                &[&month, &person.to_string(), &at, &r.article_id, &(r.index as i64), &others.join(OTHERS_SEP)],
            )?;
        }
        Ok(())
    }

    pub(crate) fn generation(&self) -> Result<i64> {
        let row = self.store.query_opt("SELECT value FROM meta WHERE key = 'generation'", &[])?;
        Ok(row.and_then(|r| r.get::<_, String>(0).parse().ok()).unwrap_or(0))
    }

    pub(crate) fn clear_occurrences_on(&self, kind: EventKind, day: &str) -> Result<()> {
        let kind = kind.as_str();
        self.store.execute(
            "DELETE FROM occurrence_reports WHERE occurrence_id IN (SELECT id FROM occurrences WHERE type = $1 AND date = $2)",
            &[&kind, &day],
        )?;
        self.store.execute("DELETE FROM occurrences WHERE type = $1 AND date = $2", &[&kind, &day])?;
        Ok(())
    }

    pub(crate) fn put_occurrences(
        &self,
        occurrences: &[StoredOccurrence],
        reports: &[(String, i64, usize)],
    ) -> Result<()> {
        for o in occurrences {
            let actors = serde_json::to_string(&o.actors).expect("strings serialize");
            let log = serde_json::to_string(&o.log).expect("strings serialize");
            self.store.execute(
                "INSERT INTO occurrences (id, type, date, actors, reports, independent_sources, log)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (id) DO UPDATE SET type = excluded.type, date = excluded.date, actors = excluded.actors,
                   reports = excluded.reports, independent_sources = excluded.independent_sources, log = excluded.log",
                &[&o.id, &o.kind, &o.date, &actors, &o.reports, &o.independent_sources, &log],
            )?;
        }
        for part in reports.chunks(10_000) {
            let ids: Vec<&str> = part.iter().map(|r| r.0.as_str()).collect();
            let articles: Vec<i64> = part.iter().map(|r| r.1).collect();
            let idx: Vec<i64> = part.iter().map(|r| r.2 as i64).collect();
            self.store.execute(
                "INSERT INTO occurrence_reports (occurrence_id, article_id, idx)
                 SELECT * FROM unnest($1::TEXT[], $2::BIGINT[], $3::BIGINT[])
                 ON CONFLICT (article_id, idx) DO UPDATE SET occurrence_id = excluded.occurrence_id",
                &[&ids, &articles, &idx],
            )?;
        }
        Ok(())
    }

    pub(crate) fn put_commitment(&self, c: &Commitment, terms: &Terms) -> Result<()> {
        let list = |v: &[String]| serde_json::to_string(v).expect("strings serialize");
        self.store.execute(
            "INSERT INTO commitments (id, kind, actors, counterparts, countries, made, due, status, fulfilled_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, actors = excluded.actors,
               counterparts = excluded.counterparts, countries = excluded.countries, made = excluded.made,
               due = excluded.due, status = excluded.status, fulfilled_by = excluded.fulfilled_by",
            &[
                &c.id,
                &c.kind.as_str(),
                &list(&c.actors),
                &list(&c.counterparts),
                &list(&c.countries),
                &c.made,
                &c.due,
                &c.status.as_str(),
                &c.fulfilled_by,
            ],
        )?;
        // Only open commitments are looked up by key.
        if c.status != Status::Open {
            return Ok(());
        }
        let roles = terms.actors.iter().map(|k| ("actor", k)).chain(terms.partners.iter().map(|k| ("partner", k)));
        for (role, k) in roles {
            self.store.execute(
                "INSERT INTO commitment_keys (role, key, until, commitment_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &[&role, &k.to_string(), &terms.until, &c.id],
            )?;
        }
        Ok(())
    }

    /// As the SQLite resolution does: month by month, the first match of each actor, the earliest of them.
    pub(crate) fn first_meeting(&self, terms: &Terms) -> Result<Option<(i64, usize)>> {
        let Some(after) = terms.made.as_deref() else { return Ok(None) };
        let until = terms.until.as_str();
        let newest: Option<String> = self.store.query_one("SELECT max(month) FROM meetings", &[])?.get(0);
        let Some(newest) = newest else { return Ok(None) };
        let months: Vec<String> = months(after, until).into_iter().take_while(|m| *m <= newest).collect();
        let mut best: Option<(String, i64, usize)> = None;
        for a in terms.actors.iter().filter(|a| a.is_actor()) {
            let person = a.to_string();
            'months: for month in &months {
                let rows = self.store.query(
                    "SELECT at, article_id, idx, others FROM meetings
                     WHERE month = $1 AND person = $2 AND at > $3 AND at <= $4 ORDER BY at, article_id, idx",
                    &[month, &person, &after, &until],
                )?;
                for row in &rows {
                    let at: String = row.get(0);
                    let others: &str = row.get(3);
                    let mut keys: Vec<ReportKey> = others.split(OTHERS_SEP).filter_map(|k| k.parse().ok()).collect();
                    keys.push(a.clone());
                    if !terms.met_by(&at, &keys) {
                        continue;
                    }
                    let found = (at, row.get::<_, i64>(1), row.get::<_, i64>(2) as usize);
                    if best.as_ref().is_none_or(|b| found < *b) {
                        best = Some(found);
                    }
                    break 'months;
                }
            }
        }
        Ok(best.map(|(_, article, idx)| (article, idx)))
    }

    pub(crate) fn open_commitments_of(&self, key: &ReportKey, since: &str) -> Result<Vec<OpenCommitment>> {
        let rows = self.store.query(
            "SELECT c.id, c.made, a.until, p.key FROM commitment_keys a
             JOIN commitments c ON c.id = a.commitment_id
             JOIN commitment_keys p ON p.commitment_id = a.commitment_id AND p.role = 'partner' AND p.until = a.until
             WHERE a.role = 'actor' AND a.key = $1 AND a.until >= $2 AND c.status = 'open'
             ORDER BY c.id, p.key",
            &[&key.to_string(), &since],
        )?;
        let mut out: Vec<OpenCommitment> = Vec::new();
        for r in &rows {
            let (id, partner): (&str, String) = (r.get(0), r.get(3));
            let Ok(partner) = partner.parse::<ReportKey>() else { continue };
            match out.last_mut() {
                Some(last) if last.id == id => last.terms.partners.push(partner),
                _ => out.push(OpenCommitment {
                    id: id.to_string(),
                    terms: Terms {
                        made: r.get(1),
                        until: r.get(2),
                        actors: vec![key.clone()],
                        partners: vec![partner],
                    },
                }),
            }
        }
        Ok(out)
    }

    pub(crate) fn fulfil(&self, commitment_id: &str, by: &str) -> Result<()> {
        self.store.execute(
            "UPDATE commitments SET status = 'fulfilled', fulfilled_by = $2 WHERE id = $1 AND status = 'open'",
            &[&commitment_id, &by],
        )?;
        self.store.execute("DELETE FROM commitment_keys WHERE commitment_id = $1", &[&commitment_id])?;
        Ok(())
    }

    pub(crate) fn commit(self, resolved_upto: i64, latest_day: Option<&str>) -> Result<()> {
        let s = self.store;
        s.execute(
            "INSERT INTO meta (key, value) VALUES ('generation', '1')
             ON CONFLICT (key) DO UPDATE SET value = (CAST(meta.value AS BIGINT) + 1)::TEXT",
            &[],
        )?;
        s.execute(
            "INSERT INTO meta (key, value) VALUES ('resolved_upto', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&resolved_upto.to_string()],
        )?;
        if let Some(day) = latest_day {
            s.execute(
                "INSERT INTO meta (key, value) VALUES ('latest_day', $1)
                 ON CONFLICT (key) DO UPDATE SET value = greatest(meta.value, excluded.value)",
                &[&day],
            )?;
        }
        self.open.set(false);
        s.batch_execute("COMMIT")
    }
}

impl Drop for PgResolution<'_> {
    fn drop(&mut self) {
        if self.open.get() {
            let _ = self.store.batch_execute("ROLLBACK");
        }
    }
}

/// A row of (article id, publication day, text, record) as a `RecordRow`;
/// `None` for a record that no longer parses.
fn record_row(r: &Row) -> Option<RecordRow> {
    let text: &str = r.get(2);
    let record: &str = r.get(3);
    serde_json::from_str::<AnnotatedArticle>(record).ok().map(|record| RecordRow {
        article_id: r.get(0),
        published: r.get(1),
        text_key: words_key(text),
        record,
    })
}
