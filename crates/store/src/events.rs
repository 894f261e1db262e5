//! Events as `attache events` and `attache actor` read them: whole
//! annotation events with the article's actors.
//!
//! Input: an [`EventFilter`] (the same conditions as the API's pages) or an
//! actor id. Output: `StoredEvent`s, newest first.

use attache_model::annotation::AnnotatedArticle;

use crate::{Result, Store, event_pages, schema};

/// Filters of `attache events`. Country, counterpart, type and topic may
/// each hold several values separated by commas: any of them matches.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// ISO3 on either side.
    pub country: Option<String>,
    /// ISO3 on the other side from `country` (or on either side without it).
    pub counterpart: Option<String>,
    pub kind: Option<String>,
    /// Part of an actor's name, any case.
    pub actor: Option<String>,
    pub topic: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<usize>,
}

/// The columns `events_of` reads (SQLite's; PostgreSQL quotes `"end"`).
pub(crate) const EVENTS_OF: &str =
    "SELECT e.article_id, d.name, a.title, a.published, e.idx, x.record, e.rule, e.trigger,
     e.start, e.\"end\" FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id
     JOIN extractions x ON x.article_id = e.article_id";

/// Newest first, undated last, then in article order.
pub(crate) const EVENTS_OF_ORDER: &str = " ORDER BY e.date IS NULL, e.date DESC, e.article_id, e.idx";

/// One row of `events_of`, from either backend.
pub(crate) struct EventsOfRow {
    pub(crate) article_id: i64,
    pub(crate) doc: String,
    pub(crate) title: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) idx: i64,
    pub(crate) record: String,
    pub(crate) rule: Option<String>,
    pub(crate) trigger: Option<String>,
    pub(crate) start: Option<i64>,
    pub(crate) end: Option<i64>,
}

impl EventsOfRow {
    /// The event with its article's actors; `None` when the record no longer parses.
    pub(crate) fn into_event(self) -> Option<StoredEvent> {
        let record = serde_json::from_str::<AnnotatedArticle>(&self.record).ok()?;
        let event = record.events.get(self.idx as usize).cloned()?;
        let actors = sides_of(&record, &event);
        Some(StoredEvent {
            article_id: self.article_id,
            index: self.idx as usize,
            doc: self.doc,
            title: self.title,
            published: self.published,
            event,
            actors,
            rule: self.rule,
            trigger: self.trigger,
            span: self.start.zip(self.end).map(|(s, e)| (s as usize, e as usize)),
        })
    }
}

/// A stored event with the article it comes from.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub article_id: i64,
    /// The event's index in its article's record (its id is `article_id:index`).
    pub index: usize,
    pub doc: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub event: attache_model::annotation::Event,
    /// The actors the event names, from the article's record.
    pub actors: Vec<attache_model::annotation::Actor>,
    pub rule: Option<String>,
    pub trigger: Option<String>,
    pub span: Option<(usize, usize)>,
}

impl Store {
    /// Events of current articles matching the filter, newest first.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<StoredEvent>> {
        self.events_of(&event_pages::EventQuery { filter: f.clone(), ..Default::default() })
    }

    /// Events of current articles matching every filter of the API's
    /// (mode and evidence words too), newest first (`filter.limit` at most).
    pub fn events_of(&self, query: &event_pages::EventQuery) -> Result<Vec<StoredEvent>> {
        let f = &query.filter;
        if let crate::Backend::Postgres(pg) = &self.backend {
            return pg.events_of(query);
        }
        let mut sql = format!("{EVENTS_OF} WHERE d.current = 1");
        // The same conditions as the API's event queries (`event_pages.rs`).
        let (conditions, args) = event_pages::event_conditions(query)?;
        sql.push_str(&conditions);
        sql.push_str(EVENTS_OF_ORDER);
        if let Some(l) = f.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let mut stmt = self.conn()?.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(EventsOfRow {
                article_id: r.get(0)?,
                doc: r.get(1)?,
                title: r.get(2)?,
                published: r.get(3)?,
                idx: r.get(4)?,
                record: r.get(5)?,
                rule: r.get(6)?,
                trigger: r.get(7)?,
                start: r.get(8)?,
                end: r.get(9)?,
            })
        })?;
        let mut out = Vec::new();
        for row in rows {
            out.extend(row?.into_event());
        }
        Ok(out)
    }

    /// Events an actor takes part in, newest first.
    pub fn actor_events(&self, actor_id: &str) -> Result<Vec<StoredEvent>> {
        let links: Vec<(i64, String)> =
            self.select(&format!("{} ORDER BY 1, 2", schema::MENTIONS_OF_ACTOR), vec![actor_id.to_string().into()])?;
        let mut out = Vec::new();
        for (article_id, local) in links {
            let rows: Vec<ActorEventTuple> = self.select(
                "SELECT e.idx, d.name, a.title, a.published, x.record, e.rule, e.trigger, e.start, e.end
                 FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.id = a.document_id
                 JOIN extractions x ON x.article_id = e.article_id WHERE e.article_id = ?1 ORDER BY e.idx",
                vec![article_id.into()],
            )?;
            for (idx, doc, title, published, record, rule, trigger, start, end) in rows {
                let Ok(record) = serde_json::from_str::<AnnotatedArticle>(&record) else { continue };
                let Some(event) = record.events.get(idx as usize).cloned() else { continue };
                if !event.source.contains(&local) && !event.target.contains(&local) {
                    continue;
                }
                let actors = sides_of(&record, &event);
                let span = start.zip(end).map(|(s, e)| (s as usize, e as usize));
                out.push(StoredEvent {
                    article_id,
                    index: idx as usize,
                    doc,
                    title,
                    published,
                    event,
                    actors,
                    rule,
                    trigger,
                    span,
                });
            }
        }
        out.sort_by(|a, b| b.event.date.cmp(&a.event.date).then(a.article_id.cmp(&b.article_id)));
        Ok(out)
    }
}

/// An event of an actor's: index, doc, title, published, record, rule,
/// trigger, start, end.
type ActorEventTuple =
    (i64, String, Option<String>, Option<String>, String, Option<String>, Option<String>, Option<i64>, Option<i64>);

/// The actors of `record` that take part in `event`, either side.
fn sides_of(
    record: &AnnotatedArticle,
    event: &attache_model::annotation::Event,
) -> Vec<attache_model::annotation::Actor> {
    record.actors.iter().filter(|a| event.source.contains(&a.id) || event.target.contains(&a.id)).cloned().collect()
}
