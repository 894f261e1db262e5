//! `/api/v1/stats` (what the store holds, computed once per state of the
//! store) and `/api/v1/vocabulary` (the model's closed vocabularies).

use axum::Json;
use axum::extract::State;

use super::ApiResult;
use super::params::*;
use crate::AppState;
use crate::error::{ApiError, ApiQuery, ErrorBody};
use crate::wire::*;

/// What the store holds: documents, articles, events, actors, commitments, and when it was last fed.
#[utoipa::path(get, path = "/api/v1/stats", tag = "stats",
    responses(
        (status = 200, description = "Counts", body = StatsDetail),
        (status = 400, description = "A parameter was given", body = ErrorBody),
    ))]
pub(super) async fn get_stats(
    State(state): State<AppState>,
    ApiQuery(_params): ApiQuery<NoParams>,
) -> ApiResult<StatsDetail> {
    let cache = state.stats.clone();
    state.pool.run(move |s| stats(s, &cache)).await.map(Json)
}

/// The statistics of the store as it is now: computed once per state of the
/// store (its change mark), since on a large store they read everything.
pub(crate) fn stats(s: &attache_store::Store, cache: &crate::StatsCache) -> Result<StatsDetail, ApiError> {
    let mark = s.change_mark()?;
    if let Some((m, cached)) = cache.lock().unwrap_or_else(|e| e.into_inner()).as_ref()
        && *m == mark
    {
        return Ok(cached.clone());
    }
    let st = s.stats()?;
    let r = s.record_stats()?;
    let detail = StatsDetail {
        documents: st.documents,
        document_versions: st.document_versions,
        articles: st.articles,
        sentences: st.sentences,
        bytes: st.bytes,
        by_format: counts(&st.by_format),
        by_language: counts(&st.by_language),
        first_published: st.first_published,
        last_published: st.last_published,
        events: r.events,
        events_by_type: counts(&r.events_by_type),
        first_event: r.first_event,
        last_event: r.last_event,
        actors: r.actors,
        actors_by_kind: counts(&r.actors_by_kind),
        occurrences: r.occurrences,
        commitments_by_status: counts(&r.commitments_by_status),
        facts: r.facts,
        last_ingested: r.last_ingested,
        schema_version: r.schema_version,
    };
    *cache.lock().unwrap_or_else(|e| e.into_inner()) = Some((mark, detail.clone()));
    Ok(detail)
}

/// The closed vocabularies (event types, which of them are symmetric, meeting modes, date bases,
/// actor kinds, sectors), each in ANNOTATION.md's order: what the filters accept.
#[utoipa::path(get, path = "/api/v1/vocabulary", tag = "vocabulary",
    responses(
        (status = 200, description = "The vocabularies", body = VocabularyDetail),
        (status = 400, description = "A parameter was given", body = ErrorBody),
    ))]
pub(super) async fn get_vocabulary(ApiQuery(_params): ApiQuery<NoParams>) -> ApiResult<VocabularyDetail> {
    Ok(Json(VocabularyDetail::of_model()))
}
