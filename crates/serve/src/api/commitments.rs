//! `/api/v1/commitments` and `/api/v1/facts`: what was promised or
//! invited and what became of it, and the quantities articles state.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use super::export::{self, EXPORT_PAGE, Format, check_format};
use super::params::*;
use crate::AppState;
use crate::error::{ApiError, ApiQuery, ErrorBody};
use crate::wire::*;

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CommitmentParams {
    /// open, fulfilled or lapsed.
    status: Option<String>,
    /// ISO3 of the counterpart state (or of the actor who is to act).
    country: Option<String>,
    /// `json` (a page, the default), or every page as `csv` or `jsonl`.
    format: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Promises (INTEND) and invitations (INVITE), newest first, and what became of them.
#[utoipa::path(get, path = "/api/v1/commitments", tag = "commitments", params(CommitmentParams),
    responses(
        (status = 200, description = "A page of commitments (`format=json`), or every one as CSV or JSON Lines",
            content((CommitmentPage = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
    ))]
pub(super) async fn list_commitments(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<CommitmentParams>,
) -> Result<Response, ApiError> {
    let format = check_format(p.format.clone())?;
    if format != Format::Json {
        return export::stream(format, "commitments", None, move |cursor| {
            let (state, p) = (state.clone(), CommitmentParams { cursor, limit: Some(EXPORT_PAGE), ..p.clone() });
            async move {
                let page = commitments_page(&state, p).await?;
                Ok((export::values(&page.items), page.next_cursor))
            }
        })
        .await;
    }
    Ok(Json(commitments_page(&state, p).await?).into_response())
}

/// An actor of a commitment by id, with its name and state.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct NamedActor {
    pub actor_id: String,
    pub name: String,
    /// ISO 3166-1 alpha-3, or `IGO`.
    pub country: Option<String>,
}

/// A commitment with its sides named (in the event's direction: the inviter
/// is the source of an invitation, as in the events table) and its evidence.
pub(crate) fn named_commitment(s: &attache_store::Store, c: &serde_json::Value) -> Result<CommitmentItem, ApiError> {
    let mut item = CommitmentItem::from(c);
    let name = |id: &String| -> Result<NamedActor, ApiError> {
        Ok(match s.find_actor(id)? {
            Some(a) => NamedActor { actor_id: id.clone(), name: a.name, country: a.country },
            None => NamedActor { actor_id: id.clone(), name: id.clone(), country: None },
        })
    };
    let actors = item.actors.iter().map(name).collect::<Result<Vec<_>, _>>()?;
    let counterparts = item.counterparts.iter().map(name).collect::<Result<Vec<_>, _>>()?;
    // `actors` are who is to act: the promiser, or the one invited.
    (item.source, item.target) = if item.kind == "INVITE" { (counterparts, actors) } else { (actors, counterparts) };
    if let Ok((article, idx)) = parse_event_id(&item.id) {
        item.evidence = s.event(article, idx)?.map(|e| e.evidence);
    }
    Ok(item)
}

async fn commitments_page(state: &AppState, p: CommitmentParams) -> Result<CommitmentPage, ApiError> {
    let limit = check_limit(p.limit)?;
    let status = check_one_of("status", p.status, &["open", "fulfilled", "lapsed"])?;
    let country = check_iso3("country", p.country)?;
    let offset = page_after(p.cursor, "commitments")?;
    state
        .pool
        .run(move |s| {
            let all = s.commitments(status.as_deref(), country.as_deref())?;
            let total = all.len() as i64;
            let rows: Vec<_> = all.into_iter().skip(offset).take(limit + 1).collect();
            let (rows, next) = offset_page(rows, "commitments", offset, limit);
            let items = rows.iter().map(|c| named_commitment(s, c)).collect::<Result<_, _>>()?;
            Ok(CommitmentPage { items, next_cursor: next, total })
        })
        .await
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FactParams {
    /// ISO3: facts of articles reporting an event this country takes part in.
    country: Option<String>,
    /// Part of what the fact measures (e.g. `trade`).
    what: Option<String>,
    /// `json` (a page, the default), or every page as `csv` or `jsonl`.
    format: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Facts (trade volumes, investment, company counts), newest article first.
#[utoipa::path(get, path = "/api/v1/facts", tag = "facts", params(FactParams),
    responses(
        (status = 200, description = "A page of facts (`format=json`), or every fact as CSV or JSON Lines",
            content((FactPage = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
    ))]
pub(super) async fn list_facts(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<FactParams>,
) -> Result<Response, ApiError> {
    let format = check_format(p.format.clone())?;
    if format != Format::Json {
        return export::stream(format, "facts", None, move |cursor| {
            let (state, p) = (state.clone(), FactParams { cursor, limit: Some(EXPORT_PAGE), ..p.clone() });
            async move {
                let page = facts_page(&state, p, false).await?;
                Ok((export::values(&page.items), page.next_cursor))
            }
        })
        .await;
    }
    Ok(Json(facts_page(&state, p, true).await?).into_response())
}

async fn facts_page(state: &AppState, p: FactParams, count: bool) -> Result<FactPage, ApiError> {
    let limit = check_limit(p.limit)?;
    let country = check_iso3("country", p.country)?;
    let what = check_text("what", p.what)?;
    let offset = page_after(p.cursor, "facts")?;
    state
        .pool
        .run(move |s| {
            let rows = s.facts(country.as_deref(), what.as_deref(), offset, limit + 1)?;
            let (rows, next) = offset_page(rows, "facts", offset, limit);
            let total = if count { s.facts_count(country.as_deref(), what.as_deref())? } else { 0 };
            Ok(FactPage { items: rows.iter().map(FactItem::from).collect(), next_cursor: next, total })
        })
        .await
}
