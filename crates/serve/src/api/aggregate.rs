//! `/api/v1/aggregate`: counts of the events a filter matches, by month,
//! year, type, mode, country, counterpart, topic, actor or organisation (one dimension or
//! two): what the dashboard's charts are drawn from. The in-memory index
//! counts when it can answer; SQL otherwise (and for actors and
//! organisations). Counts are kept for the state of the store they were
//! counted in ([`AggregateCache`]), so an aggregate others asked for costs a
//! lookup.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use attache_store::{Aggregate, BucketOrder, ChangeMark, Dimension};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiResult;
use super::events::{EventParams, aggregate_sort, event_filters};
use super::params::check_text;
use crate::AppState;
use crate::error::{ApiError, ApiQuery, ErrorBody};

/// `by` and every filter of `/api/v1/events` (several values with commas).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AggregateParams {
    /// What to count by: `month`, `year`, `type`, `mode`, `country`,
    /// `counterpart` (needs `country`), `topic`, `actor` or `organisation`
    /// (each international organisation: an official's or its own); two with
    /// a comma (`month,type`).
    by: Option<String>,
    /// ISO 3166-1 alpha-3 code(s) on either side.
    country: Option<String>,
    /// ISO3 code(s) on the other side from `country`.
    counterpart: Option<String>,
    /// Event type(s), any case.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    kind: Option<String>,
    /// Meeting mode(s).
    mode: Option<String>,
    /// Part of an actor's name, any case.
    actor: Option<String>,
    /// Topic code(s).
    topic: Option<String>,
    /// Words that must all appear in the evidence sentence (any case).
    q: Option<String>,
    /// Events on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    since: Option<String>,
    /// Events on or before this day.
    until: Option<String>,
    /// Only the events of this article.
    article: Option<i64>,
    /// `key` or `count` (default: months and years in time order with the
    /// empty ones shown, everything else by count, largest first).
    sort: Option<String>,
}

/// One count: the events with this key (and second key).
#[derive(Debug, Serialize, ToSchema)]
pub struct AggregateItem {
    /// The key under the first dimension (`2026-03`, `MEET`, `KAZ`, an
    /// actor id...); null for events that have none (undated, no topic).
    pub key: Option<String>,
    /// The key under the second dimension, when `by` names two (else null).
    pub second: Option<String>,
    /// The name of an actor key.
    pub label: Option<String>,
    pub count: i64,
}

/// Counts of the events a filter matches.
#[derive(Debug, Serialize, ToSchema)]
pub struct AggregatePage {
    /// The dimensions counted by.
    pub by: Vec<String>,
    pub items: Vec<AggregateItem>,
    /// How many events match (the counts by type, month or year add up to it;
    /// an event with two countries or topics counts under each).
    pub total: i64,
}

/// Aggregates counted for one state of the store, by their query, order and
/// dimensions: dropped whole when the store's change mark moves (an ingest,
/// a re-extraction, a resolution or a curation beside the server) and when
/// [`AggregateCache::MOST`] are kept, so memory stays bounded.
#[derive(Default)]
pub struct AggregateCache {
    inner: Mutex<Kept>,
}

/// The state of the store the counts were counted in, and the counts by request.
type Kept = (Option<ChangeMark>, HashMap<String, Arc<Aggregate>>);

impl AggregateCache {
    /// Aggregates kept at most (a few KB each: one per distinct request).
    pub const MOST: usize = 2048;

    /// The counts of `key` if they were counted under `mark`.
    pub fn get(&self, mark: ChangeMark, key: &str) -> Option<Arc<Aggregate>> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.0 != Some(mark) {
            return None;
        }
        inner.1.get(key).cloned()
    }

    /// Keeps the counts of `key`, counted under `mark`.
    pub fn put(&self, mark: ChangeMark, key: String, counts: Arc<Aggregate>) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.0 != Some(mark) || inner.1.len() >= Self::MOST {
            *inner = (Some(mark), HashMap::new());
        }
        inner.1.insert(key, counts);
    }
}

/// The dimensions of `by`: one or two distinct names.
fn check_by(by: Option<String>) -> Result<Vec<Dimension>, ApiError> {
    let names = || Dimension::ALL.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(", ");
    let by =
        check_text("by", by)?.ok_or_else(|| ApiError::bad_request(format!("by is required: one of {}", names())))?;
    let mut dims = Vec::new();
    for part in attache_store::values(&by) {
        let d = Dimension::parse(part)
            .ok_or_else(|| ApiError::bad_request(format!("unknown by {part:?}: one of {}", names())))?;
        if dims.contains(&d) {
            return Err(ApiError::bad_request(format!("by names {part:?} twice")));
        }
        dims.push(d);
    }
    if dims.is_empty() || dims.len() > 2 {
        return Err(ApiError::bad_request(format!("by {by:?} names {} dimensions: give one or two", dims.len())));
    }
    Ok(dims)
}

/// Counts of events by one or two dimensions, for every filter of `/api/v1/events`.
#[utoipa::path(get, path = "/api/v1/aggregate", tag = "events", params(AggregateParams),
    responses(
        (status = 200, description = "The counts", body = AggregatePage),
        (status = 400, description = "A bad `by`, filter or sort", body = ErrorBody),
    ))]
pub(super) async fn get_aggregate(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<AggregateParams>,
) -> ApiResult<AggregatePage> {
    let dims = check_by(p.by)?;
    let filters = EventParams {
        country: p.country,
        counterpart: p.counterpart,
        kind: p.kind,
        mode: p.mode,
        actor: p.actor,
        topic: p.topic,
        q: p.q,
        since: p.since,
        until: p.until,
        article: p.article,
        sort: p.sort,
        ..EventParams::default()
    };
    let order = match aggregate_sort(&filters)?.as_deref() {
        Some("key") => BucketOrder::Key,
        Some("count") => BucketOrder::Count,
        _ => BucketOrder::Natural,
    };
    let q = event_filters(&filters)?;
    if dims.contains(&Dimension::Counterpart) && q.filter.country.is_none() {
        return Err(ApiError::bad_request("by counterpart needs a country filter (the other side from it)"));
    }
    let costly = q.filter.actor.is_some() || q.text.is_some() || dims.iter().any(|d| d.needs_actors());
    let (index, pool, by, cache) = (state.index.clone(), state.pool.clone(), dims.clone(), state.aggregates.clone());
    // The query as the store reads it (checked, normalised): equal requests, one key.
    let key = format!("{by:?} {order:?} {q:?}");
    let agg: Arc<Aggregate> = state
        .pool
        .run_as(costly, move |s| {
            let mark = s.change_mark()?;
            if let Some(hit) = cache.get(mark, &key) {
                return Ok(hit);
            }
            let indexed = index.get(mark, &pool).filter(|ix| ix.answers(&q));
            let counted = match indexed.and_then(|ix| ix.aggregate(&q, &by, order)) {
                Some(a) => a,
                None => s.events_aggregate(&q, &by, order)?,
            };
            let counted = Arc::new(counted);
            cache.put(mark, key, counted.clone());
            Ok(counted)
        })
        .await?;
    Ok(Json(AggregatePage {
        by: dims.iter().map(|d| d.as_str().to_string()).collect(),
        items: agg
            .buckets
            .iter()
            .map(|b| AggregateItem {
                key: b.key.clone(),
                second: b.second.clone(),
                label: b.label.clone(),
                count: b.count,
            })
            .collect(),
        total: agg.total,
    }))
}
