//! What the commands read from a PostgreSQL store: articles (full-text
//! search through `search`) and their records (`articles`, `show`, `export`, `reextract`), counts
//! (`stats`), resolution's progress, actor links, the curation log and
//! commitments. The same SQL as the SQLite reads, in PostgreSQL's dialect
//! (NULLs ordered as SQLite orders them).

use std::collections::{BTreeMap, HashMap};

use attache_model::annotation::{AnnotatedArticle, Extraction};
use attache_model::{Article, Published};
use postgres::Row;
use postgres::types::ToSql;

use super::batch::write_extraction;
use super::{LOCK_RESOLUTION, PgStore, search};
use crate::articles::ArticleRow;
use crate::commitments::commitment_names_country;
use crate::query::RecordStats;
use crate::{
    ArticleFilter, CurationEntry, ResolutionProgress, Result, Stats, StoreError, StoredActor, StoredArticle, check_day,
    unpack_spans,
};

const ARTICLE_COLUMNS: &str = "SELECT a.id, d.name, d.origin, d.format, a.position, a.title, a.published, a.views,
     a.via, a.url, a.language, a.text, a.spans FROM articles a JOIN documents d ON d.id = a.document_id";

impl PgStore {
    pub(crate) fn stats(&self) -> Result<Stats> {
        let current = "FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.current";
        let range = self.query_one_dyn(&format!(
            "SELECT min(substr(a.published, 1, 10)), max(substr(a.published, 1, 10)) {current}"
        ))?;
        Ok(Stats {
            documents: self.count("SELECT count(*) FROM documents WHERE current")?,
            document_versions: self.count("SELECT count(*) FROM documents")?,
            articles: self.count(&format!("SELECT count(*) {current}"))?,
            sentences: self.count(&format!("SELECT coalesce(sum(a.sentence_count), 0)::BIGINT {current}"))?,
            bytes: self.count("SELECT coalesce(sum(bytes), 0)::BIGINT FROM documents WHERE current")?,
            by_format: self.pairs(
                "SELECT format, count(*) FROM documents WHERE current GROUP BY format ORDER BY 2 DESC, 1 NULLS FIRST",
            )?,
            by_language: self.pairs(&format!(
                "SELECT a.language, count(*) {current} GROUP BY a.language ORDER BY 2 DESC, 1 NULLS FIRST"
            ))?,
            first_published: range.get(0),
            last_published: range.get(1),
        })
    }

    /// `attache check` on PostgreSQL. The server keeps pages, indexes and
    /// foreign keys sound itself; checked here is what attache relies on
    /// beyond them: the schema at this build's version, every article's
    /// words indexed for search, and every table read to its end (with data
    /// checksums on, a damaged page fails the read). One line a problem.
    pub(crate) fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let (found, known) = (self.schema_version()?, super::schema::MIGRATIONS.len() as i64);
        if found != known {
            problems.push(format!("schema version {found}, where this build's is {known}"));
        }
        let unindexed = self.count("SELECT count(*) FROM articles WHERE words IS NULL")?;
        if unindexed > 0 {
            problems.push(format!("articles: {unindexed} without their words indexed for search"));
        }
        // Unique keys of a partitioned table hold its month: an id or an
        // article's event in two months would pass them (`pg::partitions`).
        let ids = self.count("SELECT count(*) - count(DISTINCT id) FROM events")?;
        if ids > 0 {
            problems.push(format!("events: {ids} id(s) given to more than one event"));
        }
        let twice =
            self.count("SELECT count(*) FROM (SELECT 1 FROM events GROUP BY article_id, idx HAVING count(*) > 1) t")?;
        if twice > 0 {
            problems.push(format!("events: {twice} event(s) of an article stored twice"));
        }
        for table in super::schema::TABLES {
            if let Err(e) = self.query_dyn(&format!("SELECT count(*) FROM {table}"), &[]) {
                problems.push(format!("{table}: {e}"));
            }
        }
        Ok(problems)
    }

    pub(crate) fn record_stats(&self) -> Result<RecordStats> {
        let current = "FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id WHERE d.current";
        let range = self.query_one_dyn(&format!("SELECT min(e.date), max(e.date) {current}"))?;
        let mut by: BTreeMap<String, i64> = BTreeMap::new();
        for c in self.commitments(None, None)? {
            *by.entry(c["status"].as_str().unwrap_or("").to_string()).or_default() += 1;
        }
        let mut commitments_by_status: Vec<(String, i64)> = by.into_iter().collect();
        commitments_by_status.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        Ok(RecordStats {
            schema_version: self.schema_version()?,
            events: self.count(&format!("SELECT count(*) {current}"))?,
            events_by_type: self.pairs(&format!("SELECT e.type, count(*) {current} GROUP BY 1 ORDER BY 2 DESC, 1"))?,
            actors: self.count("SELECT count(*) FROM actors")?,
            actors_by_kind: self.pairs("SELECT kind, count(*) FROM actors GROUP BY 1 ORDER BY 2 DESC, 1")?,
            occurrences: self.count("SELECT count(*) FROM occurrences")?,
            commitments_by_status,
            facts: self.count(
                "SELECT coalesce(sum(jsonb_array_length(x.record::jsonb -> 'facts')), 0)::BIGINT FROM extractions x
                 JOIN articles a ON a.id = x.article_id JOIN documents d ON d.id = a.document_id
                 WHERE d.current AND strpos(x.record, '\"facts\":[]') = 0",
            )?,
            last_ingested: self.query_one_dyn("SELECT max(ingested_at) FROM documents")?.get(0),
            first_event: range.get(0),
            last_event: range.get(1),
        })
    }

    fn query_one_dyn(&self, sql: &str) -> Result<Row> {
        self.query_opt_dyn(sql, &[])?.ok_or_else(|| StoreError::Filter(format!("no row from {sql}")))
    }

    fn count(&self, sql: &str) -> Result<i64> {
        Ok(self.query_one_dyn(sql)?.get(0))
    }

    fn pairs(&self, sql: &str) -> Result<Vec<(String, i64)>> {
        let rows = self.query_dyn(sql, &[])?;
        Ok(rows.iter().map(|r| (r.get::<_, Option<String>>(0).unwrap_or_else(|| "-".into()), r.get(1))).collect())
    }

    /// Commitments as JSON objects with their status as of the newest
    /// publication day (as `Store::commitments` on SQLite).
    pub(crate) fn commitments(&self, status: Option<&str>, country: Option<&str>) -> Result<Vec<serde_json::Value>> {
        let today: Option<String> =
            self.query_opt("SELECT value FROM meta WHERE key = 'latest_day'", &[])?.map(|r| r.get(0));
        let rows = self.query(
            "SELECT id, kind, actors, counterparts, countries, made, due, status, fulfilled_by FROM commitments
             ORDER BY made DESC NULLS LAST, id",
            &[],
        )?;
        let mut out = Vec::new();
        for r in &rows {
            let json = |i: usize| serde_json::from_str(r.get(i)).unwrap_or(serde_json::Value::Null);
            let (made, due): (Option<String>, Option<String>) = (r.get(5), r.get(6));
            let stored = attache_resolve::Status::parse(r.get(7));
            let computed = stored.as_of(made.as_deref(), due.as_deref(), today.as_deref());
            let c = serde_json::json!({
                "id": r.get::<_, String>(0), "kind": r.get::<_, String>(1), "actors": json(2),
                "counterparts": json(3), "countries": json(4), "made": made,
                "due": due, "status": computed.as_str(),
                "fulfilled_by": r.get::<_, Option<String>>(8),
            });
            if status.is_some_and(|s| c["status"] != s) || country.is_some_and(|k| !commitment_names_country(&c, k)) {
                continue;
            }
            out.push(c);
        }
        Ok(out)
    }

    pub(crate) fn resolved_upto(&self) -> Result<Option<i64>> {
        let row = self.query_opt("SELECT value FROM meta WHERE key = 'resolved_upto'", &[])?;
        Ok(row.and_then(|r| r.get::<_, String>(0).parse().ok()))
    }

    pub(crate) fn nothing_resolved(&self) -> Result<bool> {
        Ok(self
            .query_one(
                "SELECT NOT EXISTS (SELECT 1 FROM actors) AND NOT EXISTS (SELECT 1 FROM meetings)
                   AND NOT EXISTS (SELECT 1 FROM occurrences) AND NOT EXISTS (SELECT 1 FROM commitments)",
                &[],
            )?
            .get(0))
    }

    pub(crate) fn record_bytes(&self) -> Result<i64> {
        Ok(self
            .query_one(
                "SELECT coalesce(sum(length(x.record)), 0)::BIGINT
                 FROM extractions x JOIN articles a ON a.id = x.article_id JOIN documents d ON d.id = a.document_id
                 WHERE d.current",
                &[],
            )?
            .get(0))
    }

    pub(crate) fn resolution_progress(&self) -> Result<ResolutionProgress> {
        let upto = self.resolved_upto()?;
        let row = self.query_one(
            "SELECT count(*) FILTER (WHERE a.id <= $1), count(*) FILTER (WHERE a.id > $1)
             FROM articles a JOIN documents d ON d.id = a.document_id JOIN extractions x ON x.article_id = a.id
             WHERE d.current",
            &[&upto.unwrap_or(-1)],
        )?;
        Ok(ResolutionProgress { resolved_upto: upto, articles_resolved: row.get(0), articles_pending: row.get(1) })
    }

    pub(crate) fn has_hash(&self, hash: &str) -> Result<bool> {
        Ok(self.query_opt("SELECT 1 FROM documents WHERE hash = $1", &[&hash])?.is_some())
    }

    /// Current articles matching the filter, newest first.
    pub(crate) fn articles(&self, filter: &ArticleFilter) -> Result<Vec<StoredArticle>> {
        let mut sql = format!("{ARTICLE_COLUMNS} WHERE d.current");
        let mut args: Vec<String> = Vec::new();
        if let Some(q) = filter.query.as_deref().filter(|q| !q.trim().is_empty()) {
            match search::tsquery(q) {
                Some(words) => {
                    args.push(words);
                    sql.push_str(&format!(" AND a.words @@ CAST(CAST(${} AS TEXT) AS tsquery)", args.len()));
                }
                None => sql.push_str(" AND FALSE"),
            }
        }
        if let Some(s) = &filter.since {
            args.push(check_day(s)?);
            sql.push_str(&format!(" AND substr(a.published, 1, 10) >= ${}", args.len()));
        }
        if let Some(u) = &filter.until {
            let u = check_day(u)?;
            sql.push_str(&format!(" AND substr(a.published, 1, {}) <= ${}", u.len(), args.len() + 1));
            args.push(u);
        }
        sql.push_str(" ORDER BY a.published IS NULL, a.published DESC, a.id");
        if let Some(l) = filter.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        Ok(self.query_dyn(&sql, &params)?.iter().map(stored_article).collect())
    }

    pub(crate) fn article(&self, id: i64) -> Result<Option<StoredArticle>> {
        let row = self.query_opt_dyn(&format!("{ARTICLE_COLUMNS} WHERE a.id = $1"), &[&id])?;
        Ok(row.as_ref().map(stored_article))
    }

    pub(crate) fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<StoredArticle>> {
        let sql = format!("{ARTICLE_COLUMNS} WHERE d.current AND a.id > $1 ORDER BY a.id LIMIT $2");
        Ok(self.query_dyn(&sql, &[&after, &(limit as i64)])?.iter().map(stored_article).collect())
    }

    pub(crate) fn article_ids(&self, after: i64, limit: usize) -> Result<Vec<i64>> {
        let rows = self.query(
            "SELECT a.id FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.current AND a.id > $1 ORDER BY a.id LIMIT $2",
            &[&after, &(limit as i64)],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    pub(crate) fn extraction(&self, article_id: i64) -> Result<Option<AnnotatedArticle>> {
        let row = self.query_opt("SELECT record FROM extractions WHERE article_id = $1", &[&article_id])?;
        Ok(row.and_then(|r| serde_json::from_str(r.get(0)).ok()))
    }

    /// Replaces many extractions in one transaction, and marks a full
    /// resolution due (under the resolution lock, so no resolver's mark
    /// lands over it).
    pub(crate) fn put_extractions(&self, items: &[(i64, Extraction)]) -> Result<()> {
        self.begin_locked(LOCK_RESOLUTION)?;
        self.in_transaction(|| {
            for (id, x) in items {
                write_extraction(self, *id, x)?;
            }
            self.execute("DELETE FROM meta WHERE key = 'resolved_upto'", &[])?;
            Ok(())
        })?;
        self.batch_execute("COMMIT")
    }

    pub(crate) fn actor_links(&self) -> Result<HashMap<(i64, String), String>> {
        let rows = self.query("SELECT article_id, local_id, actor_id FROM actor_mentions", &[])?;
        Ok(rows.iter().map(|r| ((r.get(0), r.get(1)), r.get(2))).collect())
    }

    pub(crate) fn curation_log(&self) -> Result<Vec<CurationEntry>> {
        let rows = self.query("SELECT id, at, action, a, b FROM curation_log ORDER BY id", &[])?;
        Ok(rows
            .iter()
            .map(|r| CurationEntry { id: r.get(0), at: r.get(1), action: r.get(2), a: r.get(3), b: r.get(4) })
            .collect())
    }
}

/// An actor row: id, name, kind, country, aliases, roles, mentions.
pub(crate) fn row_actor(r: &Row) -> StoredActor {
    StoredActor {
        id: r.get(0),
        name: r.get(1),
        kind: r.get(2),
        country: r.get(3),
        aliases: serde_json::from_str(r.get(4)).unwrap_or_default(),
        roles_json: r.get(5),
        mentions: r.get(6),
    }
}

/// A row of `ARTICLE_COLUMNS` as a stored article with its sentences.
fn stored_article(r: &Row) -> StoredArticle {
    let (doc, origin, format, mut article) = article_row(r);
    article.sentences = unpack_spans(r.get(12));
    StoredArticle { id: r.get(0), doc, origin, format, article }
}

fn article_row(r: &Row) -> ArticleRow {
    let published: Option<String> = r.get(6);
    let via: &str = r.get(8);
    (
        r.get(1),
        r.get(2),
        r.get(3),
        Article {
            position: r.get::<_, i64>(4) as usize,
            title: r.get(5),
            published: published.as_deref().and_then(Published::parse),
            views: r.get::<_, Option<i64>>(7).map(|v| v as u64),
            via: serde_json::from_str(via).unwrap_or_default(),
            url: r.get(9),
            language: r.get(10),
            text: r.get(11),
            sentences: Vec::new(),
        },
    )
}
