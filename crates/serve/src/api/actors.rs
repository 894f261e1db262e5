//! `/api/v1/actors`: actors across articles, and one actor with its
//! counterparts and events.

use std::collections::BTreeMap;

use attache_model::kinds::ActorKind;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use axum::response::{IntoResponse, Response};

use super::ApiResult;
use super::export::{self, EXPORT_PAGE, Format, check_format};
use super::params::*;
use super::{MAX_LIMIT, MAX_TEXT};
use crate::AppState;
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::wire::*;

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ActorParams {
    /// ISO 3166-1 alpha-3 (or IGO).
    country: Option<String>,
    /// An actor kind (`actor_kinds` of `/api/v1/vocabulary`), any case.
    kind: Option<String>,
    /// Part of a name, an alias or an id, any case.
    q: Option<String>,
    /// `json` (a page, the default), or every page as `csv` or `jsonl`.
    format: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Actors across articles, most mentioned first.
#[utoipa::path(get, path = "/api/v1/actors", tag = "actors", params(ActorParams),
    responses(
        (status = 200, description = "A page of actors (`format=json`), or every actor as CSV or JSON Lines",
            content((ActorPage = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
    ))]
pub(super) async fn list_actors(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ActorParams>,
) -> Result<Response, ApiError> {
    let format = check_format(p.format.clone())?;
    if format != Format::Json {
        return export::stream(format, "actors", None, move |cursor| {
            let (state, p) = (state.clone(), ActorParams { cursor, limit: Some(EXPORT_PAGE), ..p.clone() });
            async move {
                let page = actors_page(&state, p, false).await?;
                Ok((export::values(&page.items), page.next_cursor))
            }
        })
        .await;
    }
    Ok(Json(actors_page(&state, p, true).await?).into_response())
}

/// One page of actors (and, when `count`, how many there are in all).
async fn actors_page(state: &AppState, p: ActorParams, count: bool) -> Result<ActorPage, ApiError> {
    let limit = check_limit(p.limit)?;
    let country = check_iso3("country", p.country)?;
    let kind = check_vocab::<ActorKind>("kind", p.kind)?.map(|k| k.to_string());
    let q = check_text("q", p.q)?;
    let offset = page_after(p.cursor, "actors")?;
    // A name search reads every actor: it never takes the last connection.
    let costly = q.is_some();
    state
        .pool
        .run_as(costly, move |s| {
            let rows = s.actors_page(country.as_deref(), kind.as_deref(), q.as_deref(), offset, limit + 1)?;
            let (rows, next) = offset_page(rows, "actors", offset, limit);
            let total = if count { s.actors_count(country.as_deref(), kind.as_deref(), q.as_deref())? } else { 0 };
            Ok(ActorPage { items: rows.iter().map(ActorItem::from).collect(), next_cursor: next, total })
        })
        .await
}

/// One actor: role timeline, aliases, counterparts and events.
#[utoipa::path(get, path = "/api/v1/actors/{id}", tag = "actors",
    params(("id" = String, Path, description = "An actor id (e.g. `p:kaz:jean-galiev`), or a name or alias")),
    responses(
        (status = 200, description = "The actor", body = ActorDetail),
        (status = 404, description = "No such actor", body = ErrorBody),
    ))]
pub(super) async fn get_actor(State(state): State<AppState>, ApiPath(id): ApiPath<String>) -> ApiResult<ActorDetail> {
    if id.chars().count() > MAX_TEXT {
        return Err(ApiError::bad_request(format!("actor id is longer than {MAX_TEXT} characters")));
    }
    state
        .pool
        .run(move |s| {
            let actor = s.find_actor(&id)?.ok_or_else(|| ApiError::not_found(format!("no actor {id:?}")))?;
            let events = s.actor_event_rows(&actor.id)?;
            let mut types: BTreeMap<String, i64> = BTreeMap::new();
            for e in &events {
                *types.entry(e.kind.clone()).or_default() += 1;
            }
            let (sides, countries) = attache_store::counterparts(&actor.id, &events);
            let counterparts: Vec<Counterpart> = sides
                .into_iter()
                .map(|c| Counterpart {
                    actor_id: c.actor_id,
                    name: c.name,
                    country: c.country,
                    kind: c.kind,
                    events: c.events,
                })
                .collect();
            let sorted = |m: BTreeMap<String, i64>| {
                let mut v: Vec<(String, i64)> = m.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                counts(&v)
            };
            Ok(ActorDetail {
                actor: ActorItem::from(&actor),
                counterparts,
                counterpart_countries: counts(&countries),
                events_by_type: sorted(types),
                events_total: events.len() as i64,
                events: events.iter().take(MAX_LIMIT).map(EventItem::from).collect(),
            })
        })
        .await
        .map(Json)
}
