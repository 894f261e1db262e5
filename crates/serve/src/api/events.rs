//! `/api/v1/events`: the events page (from the in-memory index when it can
//! answer, the store otherwise; each event's JSON from the cache of rendered
//! events) and one event with its mentions across sources.

use std::sync::Arc;

use attache_model::kinds::{EventKind, MeetMode};
use attache_store::{EventFilter, EventKey, EventQuery};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use super::ApiResult;
use super::export::{self, EXPORT_PAGE, Format, check_format};
use super::params::*;
use crate::AppState;
use crate::cursor;
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::rendered::{Rendered, RenderedEvents};
use crate::wire::*;

/// Filters of `GET /api/v1/events` (and of `aggregate`): those of `attache
/// events`, and more. Country, counterpart, type, mode and topic take one
/// value or several separated by commas (any of them matches).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// ISO 3166-1 alpha-3 code(s) on either side (e.g. `KAZ` or `KAZ,UZB`).
    pub(super) country: Option<String>,
    /// ISO3 code(s) on the other side from `country` (or on either side without it).
    pub(super) counterpart: Option<String>,
    /// Event type(s) (`event_types` of `/api/v1/vocabulary`), any case: `MEET,AGREE`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub(super) kind: Option<String>,
    /// For a meeting, how it took place (`modes` of `/api/v1/vocabulary`), any case; several with commas.
    pub(super) mode: Option<String>,
    /// Part of an actor's name, any case.
    pub(super) actor: Option<String>,
    /// Topic code(s) (trade, energy, ...), several with commas.
    pub(super) topic: Option<String>,
    /// Words that must all appear in the evidence sentence (any case).
    pub(super) q: Option<String>,
    /// Events on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    pub(super) since: Option<String>,
    /// Events on or before this day (a month or year bound includes all of it).
    pub(super) until: Option<String>,
    /// Only the events of this article.
    pub(super) article: Option<i64>,
    /// `newest` (the default: dated newest first, undated last) or `oldest`
    /// (dated oldest first, undated last).
    pub(super) sort: Option<String>,
    /// `json` (a page, the default), or every page as `csv` or `jsonl`.
    pub(super) format: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub(super) limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub(super) cursor: Option<String>,
}

/// The filters of `p` (not its page, sort or format).
pub(super) fn event_filters(p: &EventParams) -> Result<EventQuery, ApiError> {
    Ok(EventQuery {
        filter: EventFilter {
            country: check_countries("country", p.country.clone())?,
            counterpart: check_countries("counterpart", p.counterpart.clone())?,
            kind: check_vocab_list::<EventKind>("type", p.kind.clone())?,
            actor: check_text("actor", p.actor.clone())?,
            topic: check_list("topic", p.topic.clone())?,
            since: check_date("since", p.since.clone())?,
            until: check_date("until", p.until.clone())?,
            limit: None,
        },
        mode: check_vocab_list::<MeetMode>("mode", p.mode.clone())?,
        article_id: p.article,
        text: check_text("q", p.q.clone())?,
        oldest_first: false,
    })
}

/// The `sort` of an aggregate: `key` or `count` (none: periods by key, the rest by count).
pub(super) fn aggregate_sort(p: &EventParams) -> Result<Option<String>, ApiError> {
    check_one_of("sort", p.sort.clone(), &["key", "count"])
}

fn event_query(p: &EventParams) -> Result<(EventQuery, usize, Option<EventKey>), ApiError> {
    let limit = check_limit(p.limit)?;
    let mut q = event_filters(p)?;
    q.oldest_first = check_one_of("sort", p.sort.clone(), &["newest", "oldest"])?.as_deref() == Some("oldest");
    let after =
        check_text("cursor", p.cursor.clone())?.map(|c| cursor::parse_event_in(&c, q.oldest_first)).transpose()?;
    Ok((q, limit, after))
}

/// One page of events: rendered, whether more follow, and (when `count`)
/// how many match in all.
fn events_page(
    state: &AppState,
    s: &attache_store::Store,
    q: &EventQuery,
    after: Option<&EventKey>,
    limit: usize,
    count: bool,
) -> Result<(Vec<Arc<Rendered>>, bool, i64), ApiError> {
    let (index, pool, cache) = (&state.index, &state.pool, &state.rendered);
    let mark = s.change_mark()?;
    // The in-memory index when it is current and can answer; SQL otherwise.
    let indexed = index.get(mark, pool).filter(|ix| ix.answers(q));
    match indexed {
        Some(ix) => {
            // One id more than the page says whether a next page exists;
            // only the page's own events are rendered, or read if not cached.
            let keys = ix.page(q, after, limit + 1);
            let more = keys.len() > limit;
            let total = if count { ix.count(q) } else { 0 };
            Ok((rendered_events(s, cache, mark, &keys[..keys.len().min(limit)])?, more, total))
        }
        None => {
            let mut rows = s.events_page(q, after, limit + 1)?;
            let more = rows.len() > limit;
            rows.truncate(limit);
            let page: Vec<_> = rows.iter().map(|r| Arc::new(Rendered::of(r))).collect();
            cache.put(mark, &page);
            let total = if count { s.events_count(q)? } else { 0 };
            Ok((page, more, total))
        }
    }
}

/// Events, newest first (undated last; within a day, the last stored first), filtered; pages by cursor.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventParams),
    responses(
        (status = 200, description = "A page of events (`format=json`), or every event as CSV or JSON Lines",
            content((EventPage = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
    ))]
pub(super) async fn list_events(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<EventParams>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let format = check_format(p.format.clone())?;
    let (q, limit, after) = event_query(&p)?;
    // Actor names and evidence words are matched in SQL over every event: never on the last connection.
    let costly = q.filter.actor.is_some() || q.text.is_some();
    if format != Format::Json {
        let q = Arc::new(q);
        return export::stream(format, "events", Some(EVENT_COLUMNS), move |cursor| {
            let (state, q) = (state.clone(), q.clone());
            async move {
                let after = cursor.map(|c| cursor::parse_event_in(&c, q.oldest_first)).transpose()?;
                let st = state.clone();
                state
                    .pool
                    .run_as(costly, move |s| {
                        let (page, more, _) = events_page(&st, s, &q, after.as_ref(), EXPORT_PAGE as usize, false)?;
                        let next = page.last().filter(|_| more).map(|last| cursor::event_in(&last.key, q.oldest_first));
                        let items = page.iter().map(|r| flat_event(&r.json, format)).collect();
                        Ok((items, next))
                    })
                    .await
            }
        })
        .await;
    }
    let st = state.clone();
    let body = state
        .pool
        .run_as(costly, move |s| {
            let (page, more, total) = events_page(&st, s, &q, after.as_ref(), limit, true)?;
            let next = page.last().filter(|_| more).map(|last| cursor::event_in(&last.key, q.oldest_first));
            // An `EventPage`, written from the events' JSON as rendered.
            let mut body = String::with_capacity(page.iter().map(|r| r.json.len() + 1).sum::<usize>() + 128);
            body.push_str("{\"items\":[");
            for (i, r) in page.iter().enumerate() {
                if i > 0 {
                    body.push(',');
                }
                body.push_str(&r.json);
            }
            body.push_str("],\"next_cursor\":");
            body.push_str(&serde_json::to_string(&next).expect("a cursor serializes"));
            body.push_str(&format!(",\"total\":{total}}}"));
            Ok(RawJson(body))
        })
        .await?;
    Ok(body.into_response())
}

/// The columns of the events' CSV export.
const EVENT_COLUMNS: &[&str] = &[
    "id",
    "date",
    "type",
    "mode",
    "source",
    "source_countries",
    "target",
    "target_countries",
    "location",
    "topics",
    "cameo",
    "plover",
    "evidence",
    "rule",
    "trigger",
    "article_id",
    "title",
    "published",
    "origin",
    "occurrence_id",
];

/// An event as a row of the CSV export (JSON Lines: the event as the API gives it).
fn flat_event(json: &str, format: Format) -> serde_json::Value {
    let e: serde_json::Value = serde_json::from_str(json).expect("a rendered event is JSON");
    if format != Format::Csv {
        return e;
    }
    let countries = |side: &serde_json::Value| {
        let mut c: Vec<&str> = side.as_array().into_iter().flatten().filter_map(|a| a["country"].as_str()).collect();
        c.dedup();
        c.join("; ")
    };
    serde_json::json!({
        "id": e["id"], "date": e["date"], "type": e["type"], "mode": e["mode"],
        "source": e["source"], "source_countries": countries(&e["source"]),
        "target": e["target"], "target_countries": countries(&e["target"]),
        "location": e["location"]["name"], "topics": e["topics"], "cameo": e["cameo"], "plover": e["plover"],
        "evidence": e["evidence"]["text"], "rule": e["evidence"]["rule"], "trigger": e["evidence"]["trigger"],
        "article_id": e["article"]["id"], "title": e["article"]["title"], "published": e["article"]["published"],
        "origin": e["article"]["origin"], "occurrence_id": e["occurrence_id"],
    })
}

/// The events of `keys` (in that order) rendered: from the cache, the rest read and kept.
fn rendered_events(
    s: &attache_store::Store,
    cache: &RenderedEvents,
    mark: attache_store::ChangeMark,
    keys: &[EventKey],
) -> Result<Vec<Arc<Rendered>>, ApiError> {
    let ids: Vec<i64> = keys.iter().map(|k| k.rowid).collect();
    let mut page = cache.get_many(mark, &ids);
    let missing: Vec<EventKey> = keys.iter().zip(&page).filter(|(_, r)| r.is_none()).map(|(k, _)| k.clone()).collect();
    if !missing.is_empty() {
        let fresh: Vec<Arc<Rendered>> = s.events_by_keys(&missing)?.iter().map(|r| Arc::new(Rendered::of(r))).collect();
        cache.put(mark, &fresh);
        let mut by_id: std::collections::HashMap<i64, Arc<Rendered>> =
            fresh.into_iter().map(|r| (r.key.rowid, r)).collect();
        for (slot, id) in page.iter_mut().zip(&ids) {
            if slot.is_none() {
                *slot = by_id.remove(id);
            }
        }
    }
    Ok(page.into_iter().flatten().collect())
}

/// A JSON body already written.
pub(super) struct RawJson(String);

impl axum::response::IntoResponse for RawJson {
    fn into_response(self) -> axum::response::Response {
        ([(axum::http::header::CONTENT_TYPE, "application/json")], self.0).into_response()
    }
}

/// One event with its evidence and every mention of it across sources.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = String, Path, description = "`article:index`, e.g. `12:0`")),
    responses(
        (status = 200, description = "The event", body = EventDetail),
        (status = 400, description = "Not an event id", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
    ))]
pub(super) async fn get_event(State(state): State<AppState>, ApiPath(id): ApiPath<String>) -> ApiResult<EventDetail> {
    let (article, idx) = parse_event_id(&id)?;
    state
        .pool
        .run(move |s| {
            let event = s.event(article, idx)?.ok_or_else(|| ApiError::not_found(format!("no event {id}")))?;
            let (occurrence, mentions) = match &event.occurrence_id {
                Some(o) => (s.occurrence(o)?, s.occurrence_events(o)?),
                None => (None, Vec::new()),
            };
            let mentions = if mentions.is_empty() {
                vec![EventItem::from(&event)]
            } else {
                mentions.iter().map(EventItem::from).collect()
            };
            Ok(EventDetail {
                event: EventItem::from(&event),
                occurrence: occurrence.as_ref().map(OccurrenceItem::from),
                mentions,
            })
        })
        .await
        .map(Json)
}
