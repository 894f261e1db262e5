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
/// [`AggregateCache::MOST`] are kept, so memory stays bounded. Requests for
/// one aggregate at once count it once: the others wait for that count.
#[derive(Default)]
pub struct AggregateCache {
    inner: Mutex<Kept>,
}

/// One aggregate: empty until counted (its lock is held while counting).
type Slot = Arc<Mutex<Option<Arc<Aggregate>>>>;

#[derive(Default)]
struct Kept {
    /// The state of the store the slots belong to.
    mark: Option<ChangeMark>,
    slots: HashMap<String, Slot>,
}

impl AggregateCache {
    /// Aggregates kept at most (a few KB each: one per distinct request).
    pub const MOST: usize = 2048;

    /// The counts of `key` under `mark`: kept ones, else those `count` gives
    /// (kept unless it fails).
    pub fn count<E>(
        &self,
        mark: ChangeMark,
        key: String,
        count: impl FnOnce() -> Result<Aggregate, E>,
    ) -> Result<Arc<Aggregate>, E> {
        let slot = {
            let mut kept = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            if kept.mark != Some(mark) || (kept.slots.len() >= Self::MOST && !kept.slots.contains_key(&key)) {
                *kept = Kept { mark: Some(mark), slots: HashMap::new() };
            }
            kept.slots.entry(key).or_default().clone()
        };
        let mut value = slot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(counted) = &*value {
            return Ok(counted.clone());
        }
        let counted = Arc::new(count()?);
        *value = Some(counted.clone());
        Ok(counted)
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
            Ok(cache.count(mark, key, || {
                let indexed = index.get(mark, &pool).filter(|ix| ix.answers(&q));
                match indexed.and_then(|ix| ix.aggregate(&q, &by, order)) {
                    Some(a) => Ok(a),
                    None => s.events_aggregate(&q, &by, order),
                }
            })?)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(total: i64) -> Aggregate {
        Aggregate { buckets: Vec::new(), total }
    }

    /// Counted once per state of the store and request; a failed count is not kept.
    #[test]
    fn aggregates_are_kept_for_their_state_of_the_store() {
        let cache = AggregateCache::default();
        let (one, two) = (ChangeMark::default(), ChangeMark { events: 1, ..ChangeMark::default() });
        let first = cache.count(one, "a".into(), || Ok::<_, ()>(counts(1))).unwrap();
        let again = cache.count(one, "a".into(), || -> Result<Aggregate, ()> { panic!("counted twice") }).unwrap();
        assert_eq!((first.total, again.total), (1, 1));
        assert_eq!(cache.count(one, "b".into(), || Ok::<_, ()>(counts(2))).unwrap().total, 2);
        // The store moved: everything is counted again.
        assert_eq!(cache.count(two, "a".into(), || Ok::<_, ()>(counts(3))).unwrap().total, 3);
        assert!(cache.count(two, "c".into(), || Err::<Aggregate, _>("interrupted")).is_err());
        assert_eq!(cache.count(two, "c".into(), || Ok::<_, ()>(counts(4))).unwrap().total, 4);
    }

    /// Many requests for one aggregate at once: one count, the others wait for it.
    #[test]
    fn one_count_for_requests_at_once() {
        let cache = Arc::new(AggregateCache::default());
        let runs = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (cache, runs) = (cache.clone(), runs.clone());
                std::thread::spawn(move || {
                    cache
                        .count(ChangeMark::default(), "k".into(), || {
                            runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(50));
                            Ok::<_, ()>(counts(7))
                        })
                        .unwrap()
                        .total
                })
            })
            .collect();
        assert!(threads.into_iter().all(|t| t.join().unwrap() == 7));
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}
