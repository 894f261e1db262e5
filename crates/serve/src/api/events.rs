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
use super::params::*;
use crate::AppState;
use crate::cursor;
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::rendered::{Rendered, RenderedEvents};
use crate::wire::*;

/// Filters of `GET /api/v1/events`: those of `attache events`, and more.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// ISO 3166-1 alpha-3 code on either side (e.g. `KAZ`).
    country: Option<String>,
    /// ISO3 on the other side from `country` (or on either side without it).
    counterpart: Option<String>,
    /// An event type (`event_types` of `/api/v1/vocabulary`), any case.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    kind: Option<String>,
    /// For a meeting, how it took place (`modes` of `/api/v1/vocabulary`), any case.
    mode: Option<String>,
    /// Part of an actor's name, any case.
    actor: Option<String>,
    /// A topic code (trade, energy, ...).
    topic: Option<String>,
    /// Events on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    since: Option<String>,
    /// Events on or before this day (a month or year bound includes all of it).
    until: Option<String>,
    /// Only the events of this article.
    article: Option<i64>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

fn event_query(p: EventParams) -> Result<(EventQuery, usize, Option<EventKey>), ApiError> {
    let limit = check_limit(p.limit)?;
    let after = check_text("cursor", p.cursor)?.map(|c| cursor::parse_event(&c)).transpose()?;
    let q = EventQuery {
        filter: EventFilter {
            country: check_iso3("country", p.country)?,
            counterpart: check_iso3("counterpart", p.counterpart)?,
            kind: check_vocab::<EventKind>("type", p.kind)?.map(|k| k.to_string()),
            actor: check_text("actor", p.actor)?,
            topic: check_text("topic", p.topic)?,
            since: check_date("since", p.since)?,
            until: check_date("until", p.until)?,
            limit: None,
        },
        mode: check_vocab::<MeetMode>("mode", p.mode)?.map(|m| m.to_string()),
        article_id: p.article,
    };
    Ok((q, limit, after))
}

/// Events, newest first (undated last; within a day, the last stored first), filtered; pages by cursor.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventParams),
    responses(
        (status = 200, description = "A page of events", body = EventPage),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
    ))]
pub(super) async fn list_events(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<EventParams>,
) -> Result<RawJson, ApiError> {
    let (q, limit, after) = event_query(p)?;
    let (index, pool, cache) = (state.index.clone(), state.pool.clone(), state.rendered.clone());
    // Actor names are matched in SQL over every event: never on the last connection.
    let costly = q.filter.actor.is_some();
    state
        .pool
        .run_as(costly, move |s| {
            let mark = s.change_mark()?;
            // The in-memory index when it is current and can answer; SQL otherwise.
            let indexed = index.get(mark, &pool).filter(|ix| ix.answers(&q));
            let (page, more) = match indexed {
                Some(ix) => {
                    // One id more than the page says whether a next page exists;
                    // only the page's own events are rendered, or read if not cached.
                    let ids = ix.page(&q, after.as_ref(), limit + 1);
                    let more = ids.len() > limit;
                    (rendered_events(s, &cache, mark, &ids[..ids.len().min(limit)])?, more)
                }
                None => {
                    let mut rows = s.events_page(&q, after.as_ref(), limit + 1)?;
                    let more = rows.len() > limit;
                    rows.truncate(limit);
                    let page: Vec<_> = rows.iter().map(|r| Arc::new(Rendered::of(r))).collect();
                    cache.put(mark, &page);
                    (page, more)
                }
            };
            let next = page.last().filter(|_| more).map(|last| cursor::event(&last.key));
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
            body.push('}');
            Ok(RawJson(body))
        })
        .await
}

/// The events of `ids` (in that order) rendered: from the cache, the rest read and kept.
fn rendered_events(
    s: &attache_store::Store,
    cache: &RenderedEvents,
    mark: attache_store::ChangeMark,
    ids: &[i64],
) -> Result<Vec<Arc<Rendered>>, ApiError> {
    let mut page = cache.get_many(mark, ids);
    let missing: Vec<i64> = ids.iter().zip(&page).filter(|(_, r)| r.is_none()).map(|(id, _)| *id).collect();
    if !missing.is_empty() {
        let fresh: Vec<Arc<Rendered>> =
            s.events_by_rowids(&missing)?.iter().map(|r| Arc::new(Rendered::of(r))).collect();
        cache.put(mark, &fresh);
        let mut by_id: std::collections::HashMap<i64, Arc<Rendered>> =
            fresh.into_iter().map(|r| (r.key.rowid, r)).collect();
        for (slot, id) in page.iter_mut().zip(ids) {
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
