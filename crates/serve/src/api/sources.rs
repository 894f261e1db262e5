//! `/api/v1/sources`: the sources `attache watch` follows, from its fetch
//! log (last poll, last success, the newest unresolved error, articles and
//! pages per source), as `attache sources` shows them.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use super::ApiResult;
use super::params::*;
use crate::AppState;
use crate::error::{ApiQuery, ErrorBody};

/// One source followed by `attache watch`. Times are RFC 3339 UTC.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SourceItem {
    /// The source's name (the outlet its articles are stored under).
    pub name: String,
    pub url: String,
    /// `feed`, `sitemap` or `index`.
    pub kind: String,
    pub last_poll: Option<String>,
    pub last_success: Option<String>,
    /// The newest error not resolved since, of its listing or one of its pages.
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    /// The URL the error concerns.
    pub last_error_url: Option<String>,
    /// Current articles stored from its pages.
    pub articles: u64,
    pub pages_done: u64,
    pub pages_pending: u64,
    pub pages_failed: u64,
}

/// Every source, by name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SourceList {
    pub items: Vec<SourceItem>,
    pub total: usize,
}

/// The sources `attache watch` follows: last poll, last success, last error, articles per source.
#[utoipa::path(get, path = "/api/v1/sources", tag = "sources",
    responses(
        (status = 200, description = "Every source, by name", body = SourceList),
        (status = 400, description = "A parameter was given", body = ErrorBody),
    ))]
pub(super) async fn list_sources(
    State(state): State<AppState>,
    ApiQuery(_params): ApiQuery<NoParams>,
) -> ApiResult<SourceList> {
    let statuses = state.pool.run(|s| Ok(s.source_statuses()?)).await?;
    let items: Vec<SourceItem> = statuses
        .into_iter()
        .map(|s| SourceItem {
            name: s.name,
            url: s.url,
            kind: s.kind,
            last_poll: s.last_poll,
            last_success: s.last_success,
            last_error: s.last_error,
            last_error_at: s.last_error_at,
            last_error_url: s.last_error_url,
            articles: s.articles,
            pages_done: s.pages_done,
            pages_pending: s.pages_pending,
            pages_failed: s.pages_failed,
        })
        .collect();
    Ok(Json(SourceList { total: items.len(), items }))
}
