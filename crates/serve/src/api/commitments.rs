//! `/api/v1/commitments` and `/api/v1/facts`: what was promised or
//! invited and what became of it, and the quantities articles state.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use super::ApiResult;
use super::params::*;
use crate::AppState;
use crate::error::{ApiQuery, ErrorBody};
use crate::wire::*;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CommitmentParams {
    /// open, fulfilled or lapsed.
    status: Option<String>,
    /// ISO3 of the counterpart state (or of the actor who is to act).
    country: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Promises (INTEND) and invitations (INVITE), newest first, and what became of them.
#[utoipa::path(get, path = "/api/v1/commitments", tag = "commitments", params(CommitmentParams),
    responses(
        (status = 200, description = "A page of commitments", body = CommitmentPage),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
    ))]
pub(super) async fn list_commitments(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<CommitmentParams>,
) -> ApiResult<CommitmentPage> {
    let limit = check_limit(p.limit)?;
    let status = check_one_of("status", p.status, &["open", "fulfilled", "lapsed"])?;
    let country = check_iso3("country", p.country)?;
    let offset = page_after(p.cursor, "commitments")?;
    state
        .pool
        .run(move |s| {
            let all = s.commitments(status.as_deref(), country.as_deref())?;
            let rows: Vec<_> = all.into_iter().skip(offset).take(limit + 1).collect();
            let (rows, next) = offset_page(rows, "commitments", offset, limit);
            Ok(CommitmentPage { items: rows.iter().map(CommitmentItem::from).collect(), next_cursor: next })
        })
        .await
        .map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FactParams {
    /// ISO3: facts of articles reporting an event this country takes part in.
    country: Option<String>,
    /// Part of what the fact measures (e.g. `trade`).
    what: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Facts (trade volumes, investment, company counts), newest article first.
#[utoipa::path(get, path = "/api/v1/facts", tag = "facts", params(FactParams),
    responses(
        (status = 200, description = "A page of facts", body = FactPage),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
    ))]
pub(super) async fn list_facts(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<FactParams>,
) -> ApiResult<FactPage> {
    let limit = check_limit(p.limit)?;
    let country = check_iso3("country", p.country)?;
    let what = check_text("what", p.what)?;
    let offset = page_after(p.cursor, "facts")?;
    state
        .pool
        .run(move |s| {
            let rows = s.facts(country.as_deref(), what.as_deref(), offset, limit + 1)?;
            let (rows, next) = offset_page(rows, "facts", offset, limit);
            Ok(FactPage { items: rows.iter().map(FactItem::from).collect(), next_cursor: next })
        })
        .await
        .map(Json)
}
