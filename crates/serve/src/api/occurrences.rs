//! `/api/v1/occurrences`: real-world events, their reports merged.

use attache_model::kinds::EventKind;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use axum::response::{IntoResponse, Response};

use super::ApiResult;
use super::export::{self, EXPORT_PAGE, Format, check_format};
use super::params::*;
use crate::AppState;
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::wire::*;

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OccurrenceParams {
    /// Only those an actor takes part in (an id, a name or an alias).
    actor: Option<String>,
    /// Event type(s), several with commas.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    kind: Option<String>,
    /// `json` (a page, the default), or every page as `csv` or `jsonl`.
    format: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Occurrences (one real-world event, its reports merged), most reported first.
#[utoipa::path(get, path = "/api/v1/occurrences", tag = "occurrences", params(OccurrenceParams),
    responses(
        (status = 200, description = "A page of occurrences (`format=json`), or every one as CSV or JSON Lines",
            content((OccurrencePage = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
        (status = 404, description = "No such actor", body = ErrorBody),
    ))]
pub(super) async fn list_occurrences(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<OccurrenceParams>,
) -> Result<Response, ApiError> {
    let format = check_format(p.format.clone())?;
    if format != Format::Json {
        return export::stream(format, "occurrences", None, move |cursor| {
            let (state, p) = (state.clone(), OccurrenceParams { cursor, limit: Some(EXPORT_PAGE), ..p.clone() });
            async move {
                let page = occurrences_page(&state, p).await?;
                Ok((export::values(&page.items), page.next_cursor))
            }
        })
        .await;
    }
    Ok(Json(occurrences_page(&state, p).await?).into_response())
}

async fn occurrences_page(state: &AppState, p: OccurrenceParams) -> Result<OccurrencePage, ApiError> {
    let limit = check_limit(p.limit)?;
    let actor = check_text("actor", p.actor)?;
    let kinds: Vec<String> = check_vocab_list::<EventKind>("type", p.kind)?
        .map(|k| k.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let offset = page_after(p.cursor, "occurrences")?;
    state
        .pool
        .run(move |s| {
            let actor_id = match &actor {
                Some(a) => Some(s.find_actor(a)?.ok_or_else(|| ApiError::not_found(format!("no actor {a:?}")))?.id),
                None => None,
            };
            let all: Vec<_> = s
                .occurrences(actor_id.as_deref())?
                .into_iter()
                .filter(|o| kinds.is_empty() || kinds.contains(&o.kind))
                .collect();
            let total = all.len() as i64;
            let rows: Vec<_> = all.into_iter().skip(offset).take(limit + 1).collect();
            let (rows, next) = offset_page(rows, "occurrences", offset, limit);
            Ok(OccurrencePage { items: rows.iter().map(OccurrenceItem::from).collect(), next_cursor: next, total })
        })
        .await
}

/// One occurrence with every report of it.
#[utoipa::path(get, path = "/api/v1/occurrences/{id}", tag = "occurrences",
    params(("id" = String, Path, description = "`article:index` of its first report")),
    responses(
        (status = 200, description = "The occurrence", body = OccurrenceDetail),
        (status = 404, description = "No such occurrence", body = ErrorBody),
    ))]
pub(super) async fn get_occurrence(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<OccurrenceDetail> {
    state
        .pool
        .run(move |s| {
            let o = s.occurrence(&id)?.ok_or_else(|| ApiError::not_found(format!("no occurrence {id:?}")))?;
            let reports = s.occurrence_events(&id)?;
            Ok(OccurrenceDetail {
                occurrence: OccurrenceItem::from(&o),
                reports: reports.iter().map(EventItem::from).collect(),
            })
        })
        .await
        .map(Json)
}
