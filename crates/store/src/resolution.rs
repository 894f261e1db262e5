//! What resolution reads and writes: actors and the keys they are looked up
//! by, event reports, occurrences and commitments, inside one transaction per
//! chunk of articles, so an interrupted resolution leaves the store as it was
//! and the next run redoes the chunk (`meta.resolved_upto` moves with it).

use attache_model::annotation::AnnotatedArticle;
use attache_model::kinds::EventKind;
use attache_resolve::{Commitment, LookupKey, ReportKey, Status, Terms};
use rusqlite::{OptionalExtension, params};

use crate::backend::ResolutionOn;
use crate::{Backend, Resolution, Result, Store, StoredActor, StoredOccurrence, row_actor, words_key};

/// One current article's record as resolution reads it.
#[derive(Debug, Clone)]
pub struct RecordRow {
    pub article_id: i64,
    /// Publication day, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// A key of the article's words (case and spacing ignored): equal keys are
    /// verbatim copies.
    pub text_key: u64,
    pub record: AnnotatedArticle,
}

/// One resolved event report: how later articles find it (a meeting, by
/// the persons taking part, to fulfil a commitment) and merge with it.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub article_id: i64,
    pub index: usize,
    pub kind: EventKind,
    /// The event's day when it is known to the day (occurrences merge by it).
    pub day: Option<String>,
    /// The day it happened, or else the publication day (commitments compare it).
    pub at: Option<String>,
    /// Keys it is found by: each participant, each participant's country
    /// and the place's, in order.
    pub keys: Vec<ReportKey>,
}

/// An open commitment as a meeting of one of its actors may fulfil it.
#[derive(Debug, Clone)]
pub struct OpenCommitment {
    pub id: String,
    /// Its terms, with the one actor it was found by as its actor.
    pub terms: Terms,
}

/// Marks the store as needing a full resolution (the records resolution
/// read changed: a replaced document version, a re-extraction, a curation),
/// inside the transaction that changes them, so the mark and the change are
/// durable together and the next `resolve` of any process rebuilds.
pub(crate) const NEEDS_FULL_RESOLUTION: &str = "DELETE FROM meta WHERE key = 'resolved_upto'";

/// Separates the keys packed into `meetings.others` (keys hold no newline).
pub(crate) const OTHERS_SEP: &str = "\n";

/// How far resolution has come ([`Store::resolution_progress`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResolutionProgress {
    pub resolved_upto: Option<i64>,
    pub articles_resolved: i64,
    pub articles_pending: i64,
}

impl Store {
    /// The last article id resolution has covered; `None` when the store
    /// predates incremental resolution, was never resolved, or what resolution
    /// read changed since ([`NEEDS_FULL_RESOLUTION`]), and needs a full one.
    pub fn resolved_upto(&self) -> Result<Option<i64>> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.resolved_upto();
        }
        let v: Option<String> = self
            .conn()?
            .query_row("SELECT value FROM meta WHERE key = 'resolved_upto'", [], |r| r.get(0))
            .optional()?;
        Ok(v.and_then(|v| v.parse().ok()))
    }

    /// Whether resolution has made nothing yet (no actor, meeting,
    /// occurrence or commitment): a store never resolved, whose first
    /// resolution can go chunk by chunk from its first article instead of
    /// holding every mention and report at once.
    pub fn nothing_resolved(&self) -> Result<bool> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.nothing_resolved();
        }
        Ok(self.conn()?.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM actors) AND NOT EXISTS (SELECT 1 FROM meetings)
                AND NOT EXISTS (SELECT 1 FROM occurrences) AND NOT EXISTS (SELECT 1 FROM commitments)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Bytes of the extraction records of the current articles: what a full
    /// resolution reads (and holds, as mentions and reports).
    pub fn record_bytes(&self) -> Result<i64> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.record_bytes();
        }
        Ok(self.conn()?.query_row(
            "SELECT coalesce(sum(length(x.record)), 0)
             FROM extractions x JOIN articles a ON a.id = x.article_id JOIN documents d ON d.id = a.document_id
             WHERE d.current = 1",
            [],
            |r| r.get(0),
        )?)
    }

    /// How far resolution has come: current articles with an extraction at
    /// or below [`Store::resolved_upto`] (resolved) and above it (waiting for
    /// the next run, or for `attache reextract` when none is recorded).
    pub fn resolution_progress(&self) -> Result<ResolutionProgress> {
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.resolution_progress();
        }
        let upto = self.resolved_upto()?;
        let (resolved, pending) = self.conn()?.query_row(
            "SELECT count(*) FILTER (WHERE a.id <= ?1), count(*) FILTER (WHERE a.id > ?1)
             FROM articles a JOIN documents d ON d.id = a.document_id JOIN extractions x ON x.article_id = a.id
             WHERE d.current = 1",
            [upto.unwrap_or(-1)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(ResolutionProgress { resolved_upto: upto, articles_resolved: resolved, articles_pending: pending })
    }

    /// Starts the writes of one chunk of resolution.
    pub fn resolution(&mut self) -> Result<Resolution<'_>> {
        // Everything resolution writes refers to articles it has just read in
        // this transaction: checking each row's article again (a b-tree
        // lookup per row) is skipped. The check is back when it ends.
        let conn = match &mut self.backend {
            Backend::Postgres(pg) => return Ok(Resolution(ResolutionOn::Postgres(pg.resolution()?))),
            Backend::Sqlite(conn) => &*conn,
        };
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        let checks = ForeignKeysBack(conn);
        let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
        Ok(Resolution(ResolutionOn::Sqlite(SqliteResolution { tx, _checks: checks })))
    }
}

/// Turns foreign key checks back on when dropped (after the transaction).
struct ForeignKeysBack<'a>(&'a rusqlite::Connection);

impl Drop for ForeignKeysBack<'_> {
    fn drop(&mut self) {
        // Cannot fail outside a transaction; if it did, the next open sets it again.
        let _ = self.0.pragma_update(None, "foreign_keys", "ON");
    }
}

/// Reads and writes of resolution inside one transaction; dropped without
/// `commit`, they vanish.
pub(crate) struct SqliteResolution<'a> {
    tx: rusqlite::Transaction<'a>,
    /// Dropped after `tx` (fields drop in order).
    _checks: ForeignKeysBack<'a>,
}

impl SqliteResolution<'_> {
    /// How far resolution has come, as this transaction sees it.
    pub fn resolved_upto(&self) -> Result<Option<i64>> {
        let v: Option<String> =
            self.tx.query_row("SELECT value FROM meta WHERE key = 'resolved_upto'", [], |r| r.get(0)).optional()?;
        Ok(v.and_then(|v| v.parse().ok()))
    }

    /// Removes everything resolution made (before a full resolution).
    pub fn clear(&self) -> Result<()> {
        self.tx.execute_batch(
            "DELETE FROM actor_mentions; DELETE FROM actors; DELETE FROM actor_keys;
             DELETE FROM meetings;
             DELETE FROM occurrence_reports; DELETE FROM occurrences;
             DELETE FROM commitments; DELETE FROM commitment_keys;
             DELETE FROM meta WHERE key IN ('resolved_upto', 'latest_day');",
        )?;
        Ok(())
    }

    /// The highest article id in the store (0 when empty).
    pub fn last_article(&self) -> Result<i64> {
        Ok(self.tx.query_row("SELECT coalesce(max(id), 0) FROM articles", [], |r| r.get(0))?)
    }

    /// Up to `limit` records of current articles with ids above `after`, in id order.
    pub fn records_after(&self, after: i64, limit: usize) -> Result<Vec<RecordRow>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT x.article_id, substr(a.published, 1, 10), a.text, x.record FROM extractions x
             JOIN articles a ON a.id = x.article_id JOIN documents d ON d.id = a.document_id
             WHERE x.article_id > ?1 AND d.current = 1 ORDER BY x.article_id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after, limit as i64], record_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.extend(row?);
        }
        Ok(out)
    }

    /// The records of these current articles, in the order given (others
    /// are left out).
    pub fn records_of(&self, ids: &[i64]) -> Result<Vec<RecordRow>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT x.article_id, substr(a.published, 1, 10), a.text, x.record FROM extractions x
             JOIN articles a ON a.id = x.article_id JOIN documents d ON d.id = a.document_id
             WHERE x.article_id = ?1 AND d.current = 1",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = stmt.query_row([id], record_row).optional()? {
                out.extend(row);
            }
        }
        Ok(out)
    }

    /// The articles up to `upto` with an event of type `kind` dated `day`, in id order.
    pub fn articles_with_events_on(&self, kind: EventKind, day: &str, upto: i64) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT DISTINCT article_id FROM events WHERE type = ?1 AND date = ?2 AND article_id <= ?3
             ORDER BY article_id",
        )?;
        let rows = stmt.query_map(params![kind.as_str(), day, upto], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The actor links of these articles: (article, local id, actor id).
    pub fn links_of(&self, ids: &[i64]) -> Result<Vec<(i64, String, String)>> {
        let mut stmt = self.tx.prepare_cached("SELECT local_id, actor_id FROM actor_mentions WHERE article_id = ?1")?;
        let mut out = Vec::new();
        for &id in ids {
            for row in stmt.query_map([id], |r| Ok((id, r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
                out.push(row?);
            }
        }
        Ok(out)
    }

    /// The ids of the actors filed under `key` (see `put_actor_keys`).
    pub fn actor_ids(&self, key: &LookupKey) -> Result<Vec<String>> {
        let mut stmt = self.tx.prepare_cached("SELECT actor_id FROM actor_keys WHERE key = ?1")?;
        let rows = stmt.query_map([key.to_string()], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The actors with these ids (unknown ids are left out).
    pub fn actors_by_ids(&self, mut ids: Vec<String>) -> Result<Vec<StoredActor>> {
        ids.sort();
        ids.dedup();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id, name, kind, country, aliases, roles, mentions FROM actors WHERE id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(a) = stmt.query_row([&id], row_actor).optional()? {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// Inserts an actor, or updates it with `added` more mentions.
    pub fn put_actor(&self, a: &StoredActor, added: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO actors (id, name, kind, country, aliases, roles, mentions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, country = excluded.country,
                   aliases = excluded.aliases, roles = excluded.roles, mentions = actors.mentions + ?7",
            )?
            .execute(params![
                a.id,
                a.name,
                a.kind,
                a.country,
                serde_json::to_string(&a.aliases).expect("strings serialize"),
                a.roles_json,
                added
            ])?;
        Ok(())
    }

    /// Files an actor under lookup keys.
    pub fn put_actor_keys(&self, actor_id: &str, keys: &[LookupKey]) -> Result<()> {
        let mut stmt = self.tx.prepare_cached("INSERT OR IGNORE INTO actor_keys (key, actor_id) VALUES (?1, ?2)")?;
        for k in keys {
            stmt.execute(params![k.to_string(), actor_id])?;
        }
        Ok(())
    }

    /// Links article-local actors to actors: (article, local id, actor id).
    pub fn put_links<L: AsRef<str>, A: AsRef<str>>(&self, links: &[(i64, L, A)]) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO actor_mentions (article_id, local_id, actor_id) VALUES (?1, ?2, ?3)",
        )?;
        for (article, local, actor) in links {
            stmt.execute(params![article, local.as_ref(), actor.as_ref()])?;
        }
        Ok(())
    }

    /// Files a meeting under each person taking part (what
    /// [`Resolution::first_meeting`] looks up); other reports are not filed.
    pub fn put_meeting(&self, r: &ReportRow) -> Result<()> {
        let Some(at) = r.at.as_deref().filter(|_| r.kind == EventKind::Meet) else { return Ok(()) };
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO meetings (month, person, at, article_id, idx, others) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let month = at.get(..7).unwrap_or(at);
        for person in r.keys.iter().filter(|k| k.is_actor()) {
            let others: Vec<String> = r.keys.iter().filter(|k| *k != person).map(ToString::to_string).collect();
            let person = person.to_string();
            stmt.execute(params![month, person, at, r.article_id, r.index as i64, others.join(OTHERS_SEP)])?;
        }
        Ok(())
    }

    /// How many resolutions have been committed (each commit adds one; see
    /// `Store::change_mark`): a resolver keeping actors in memory between
    /// transactions knows by it whether anyone else wrote meanwhile.
    pub fn generation(&self) -> Result<i64> {
        Ok(self
            .tx
            .query_row("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'", [], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// Removes the occurrences of one type on one day (before they are merged again).
    pub fn clear_occurrences_on(&self, kind: EventKind, day: &str) -> Result<()> {
        let kind = kind.as_str();
        self.tx
            .prepare_cached(
                "DELETE FROM occurrence_reports WHERE occurrence_id IN (SELECT id FROM occurrences WHERE type = ?1 AND date = ?2)",
            )?
            .execute(params![kind, day])?;
        self.tx.prepare_cached("DELETE FROM occurrences WHERE type = ?1 AND date = ?2")?.execute(params![kind, day])?;
        Ok(())
    }

    /// Stores occurrences and their reports: (occurrence id, article, index).
    pub fn put_occurrences(&self, occurrences: &[StoredOccurrence], reports: &[(String, i64, usize)]) -> Result<()> {
        let mut ins = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO occurrences (id, type, date, actors, reports, independent_sources, log) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for o in occurrences {
            ins.execute(params![
                o.id,
                o.kind,
                o.date,
                serde_json::to_string(&o.actors).expect("strings serialize"),
                o.reports,
                o.independent_sources,
                serde_json::to_string(&o.log).expect("strings serialize"),
            ])?;
        }
        let mut link = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO occurrence_reports (occurrence_id, article_id, idx) VALUES (?1, ?2, ?3)",
        )?;
        for (occ, article, idx) in reports {
            link.execute(params![occ, article, *idx as i64])?;
        }
        Ok(())
    }

    /// Stores a commitment and, while it is open, the keys of its terms.
    pub fn put_commitment(&self, c: &Commitment, terms: &Terms) -> Result<()> {
        let list = |v: &[String]| serde_json::to_string(v).expect("strings serialize");
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO commitments (id, kind, actors, counterparts, countries, made, due, status, fulfilled_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                c.id,
                c.kind.as_str(),
                list(&c.actors),
                list(&c.counterparts),
                list(&c.countries),
                c.made,
                c.due,
                c.status.as_str(),
                c.fulfilled_by,
            ])?;
        // Only open commitments are looked up by key: the index holds what a
        // meeting can still fulfil.
        if c.status != Status::Open {
            return Ok(());
        }
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO commitment_keys (role, key, until, commitment_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for k in &terms.actors {
            stmt.execute(params!["actor", k.to_string(), terms.until, c.id])?;
        }
        for k in &terms.partners {
            stmt.execute(params!["partner", k.to_string(), terms.until, c.id])?;
        }
        Ok(())
    }

    /// The first meeting (by day, then article order) that fulfils a
    /// commitment of these terms (by [`Terms::met_by`]; the meetings filed
    /// under its actors within its time are the candidates): (article, index).
    pub fn first_meeting(&self, terms: &Terms) -> Result<Option<(i64, usize)>> {
        let Some(after) = terms.made.as_deref() else { return Ok(None) };
        let until = terms.until.as_str();
        let mut stmt = self.tx.prepare_cached(
            "SELECT at, article_id, idx, others FROM meetings
             WHERE month = ?1 AND person = ?2 AND at > ?3 AND at <= ?4 ORDER BY at, article_id, idx",
        )?;
        let mut best: Option<(String, i64, usize)> = None;
        // No month after the newest filed meeting's holds one (a new
        // commitment in a stream looks ahead of what is stored).
        let newest: Option<String> =
            self.tx.prepare_cached("SELECT max(month) FROM meetings")?.query_row([], |r| r.get(0))?;
        let Some(newest) = newest else { return Ok(None) };
        let months: Vec<String> = months(after, until).into_iter().take_while(|m| *m <= newest).collect();
        for a in terms.actors.iter().filter(|a| a.is_actor()) {
            let person = a.to_string();
            // Month by month: the first month with a match holds the first match.
            'months: for month in &months {
                let mut rows = stmt.query(params![month, person, after, until])?;
                while let Some(row) = rows.next()? {
                    let at: String = row.get(0)?;
                    let others = row.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
                    let mut keys: Vec<ReportKey> = others.split(OTHERS_SEP).filter_map(|k| k.parse().ok()).collect();
                    keys.push(a.clone());
                    if !terms.met_by(&at, &keys) {
                        continue;
                    }
                    let found = (at, row.get::<_, i64>(1)?, row.get::<_, i64>(2)? as usize);
                    if best.as_ref().is_none_or(|b| found < *b) {
                        best = Some(found);
                    }
                    break 'months;
                }
            }
        }
        Ok(best.map(|(_, article, idx)| (article, idx)))
    }

    /// The open commitments whose actor is filed under `key` and whose last
    /// day is `since` or later, in id order, each with `key` as its actor.
    pub fn open_commitments_of(&self, key: &ReportKey, since: &str) -> Result<Vec<OpenCommitment>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT c.id, c.made, a.until, p.key FROM commitment_keys a
             CROSS JOIN commitments c ON c.id = a.commitment_id
             CROSS JOIN commitment_keys p ON p.commitment_id = a.commitment_id AND p.role = 'partner' AND p.until = a.until
             WHERE a.role = 'actor' AND a.key = ?1 AND a.until >= ?2 AND +c.status = 'open'
             ORDER BY c.id",
        )?;
        let mut out: Vec<OpenCommitment> = Vec::new();
        let mut rows = stmt.query(params![key.to_string(), since])?;
        while let Some(r) = rows.next()? {
            let (id, partner) = (r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?, r.get::<_, String>(3)?);
            let Ok(partner) = partner.parse::<ReportKey>() else { continue };
            match out.last_mut() {
                Some(last) if last.id == id => last.terms.partners.push(partner),
                _ => out.push(OpenCommitment {
                    id: id.to_string(),
                    terms: Terms {
                        made: r.get(1)?,
                        until: r.get(2)?,
                        actors: vec![key.clone()],
                        partners: vec![partner],
                    },
                }),
            }
        }
        Ok(out)
    }

    /// Marks a commitment fulfilled by a meeting (`article:index`).
    pub fn fulfil(&self, commitment_id: &str, by: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE commitments SET status = 'fulfilled', fulfilled_by = ?2 WHERE id = ?1 AND status = 'open'",
            )?
            .execute(params![commitment_id, by])?;
        self.tx.prepare_cached("DELETE FROM commitment_keys WHERE commitment_id = ?1")?.execute([commitment_id])?;
        Ok(())
    }

    /// Records how far resolution has come (an article id, and the newest
    /// publication day seen: the "today" commitments lapse by) and makes the
    /// chunk's writes durable.
    pub fn commit(self, resolved_upto: i64, latest_day: Option<&str>) -> Result<()> {
        // Readers holding results for an earlier state see the mark move.
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES ('generation', '1')
             ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
            [],
        )?;
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES ('resolved_upto', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [resolved_upto.to_string()],
        )?;
        if let Some(day) = latest_day {
            self.tx.execute(
                "INSERT INTO meta (key, value) VALUES ('latest_day', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
                [day],
            )?;
        }
        Ok(self.tx.commit()?)
    }
}

/// A row of (article id, publication day, text, record) as a `RecordRow`;
/// `None` for a record that no longer parses.
fn record_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<RecordRow>> {
    let (article_id, published, text) = (r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get_ref(2)?);
    let text_key = words_key(text.as_str().map_err(rusqlite::Error::from)?);
    let record = r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
    Ok(serde_json::from_str::<AnnotatedArticle>(record).ok().map(|record| RecordRow {
        article_id,
        published,
        text_key,
        record,
    }))
}

/// The months (`YYYY-MM`) from the one of day `from` to the one of day `to`,
/// in order (at most 50 years of them; none when either is not a date).
pub(crate) fn months(from: &str, to: &str) -> Vec<String> {
    let month = |d: &str| -> Option<jiff::civil::Date> { format!("{}-01", d.get(..7)?).parse().ok() };
    let (Some(mut at), Some(end)) = (month(from), month(to)) else { return Vec::new() };
    let mut out = Vec::new();
    while at <= end && out.len() < 600 {
        out.push(at.strftime("%Y-%m").to_string());
        let Ok(next) = at.checked_add(jiff::Span::new().months(1)) else { break };
        at = next;
    }
    out
}

#[cfg(test)]
mod month_tests {
    use super::months;

    #[test]
    fn months_run_across_a_year_end_and_refuse_what_is_not_a_date() {
        assert_eq!(months("2025-11-20", "2026-02-01"), ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(months("2026-03-31", "2026-03-01"), ["2026-03"]);
        assert!(months("2026-04-01", "2026-03-31").is_empty());
        assert!(months("sometime", "2026-03-31").is_empty());
        assert!(months("2026-13-01", "2027-01-01").is_empty());
    }
}
