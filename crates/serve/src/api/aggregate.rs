//! `/api/v1/aggregate`: counts of the events a filter matches, by month,
//! year, type, mode, country, counterpart, topic or actor (one dimension or
//! two): what the dashboard's charts are drawn from. The in-memory index
//! counts when it can answer; SQL otherwise (and for actors).

use attache_store::{Aggregate, BucketOrder, Dimension};
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
    /// `counterpart` (needs `country`), `topic` or `actor`; two with a comma
    /// (`month,type`).
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
    let costly = q.filter.actor.is_some() || q.text.is_some() || dims.contains(&Dimension::Actor);
    let (index, pool, by) = (state.index.clone(), state.pool.clone(), dims.clone());
    let agg: Aggregate = state
        .pool
        .run_as(costly, move |s| {
            let mark = s.change_mark()?;
            let indexed = index.get(mark, &pool).filter(|ix| ix.answers(&q));
            match indexed.and_then(|ix| ix.aggregate(&q, &by, order)) {
                Some(a) => Ok(a),
                None => Ok(s.events_aggregate(&q, &by, order)?),
            }
        })
        .await?;
    Ok(Json(AggregatePage {
        by: dims.iter().map(|d| d.as_str().to_string()).collect(),
        items: agg
            .buckets
            .into_iter()
            .map(|b| AggregateItem { key: b.key, second: b.second, label: b.label, count: b.count })
            .collect(),
        total: agg.total,
    }))
}
