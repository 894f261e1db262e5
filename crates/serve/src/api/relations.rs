//! `/api/v1/relations/{a}/{b}` and `/api/v1/network`: countries, in pairs
//! and as a network.

use attache_model::kinds::EventKind;
use attache_store::{EventFilter, EventQuery};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use super::ApiResult;
use super::params::*;
use crate::AppState;
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::wire::*;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RelationParams {
    /// Events on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    since: Option<String>,
    /// Events on or before this day.
    until: Option<String>,
}

/// Two countries: their events over time by type, topics, facts and commitments (as `attache relations A B`).
#[utoipa::path(get, path = "/api/v1/relations/{a}/{b}", tag = "relations",
    params(
        ("a" = String, Path, description = "ISO 3166-1 alpha-3, e.g. `KAZ`"),
        ("b" = String, Path, description = "ISO 3166-1 alpha-3, e.g. `PRT`"),
        RelationParams,
    ),
    responses(
        (status = 200, description = "The pair's relations", body = RelationsDetail),
        (status = 400, description = "Not ISO3 codes", body = ErrorBody),
    ))]
pub(super) async fn get_relations(
    State(state): State<AppState>,
    ApiPath((a, b)): ApiPath<(String, String)>,
    ApiQuery(p): ApiQuery<RelationParams>,
) -> ApiResult<RelationsDetail> {
    let since = check_date("since", p.since)?;
    let until = check_date("until", p.until)?;
    let a = check_iso3("a", Some(a))?.ok_or_else(|| ApiError::bad_request("a is empty"))?;
    let b = check_iso3("b", Some(b))?.ok_or_else(|| ApiError::bad_request("b is empty"))?;
    if a == b {
        return Err(ApiError::bad_request(format!("a pair needs two countries, not {a} twice")));
    }
    state
        .pool
        .run(move |s| {
            let r = s.country_relations(&a, &b, since.as_deref(), until.as_deref())?;
            let q = EventQuery {
                filter: EventFilter {
                    country: Some(a.clone()),
                    counterpart: Some(b.clone()),
                    since: since.clone(),
                    until: until.clone(),
                    ..EventFilter::default()
                },
                ..EventQuery::default()
            };
            let events = s.events_page(&q, None, 100)?;
            Ok(RelationsDetail {
                events_total: r.total,
                first: r.first.clone(),
                last: r.last.clone(),
                by_type: counts(&r.by_type),
                timeline: r
                    .by_month
                    .iter()
                    .map(|(month, kind, count)| MonthCount { month: month.clone(), kind: kind.clone(), count: *count })
                    .collect(),
                topics: counts(&r.topics),
                topics_by_year: r
                    .topics_by_year
                    .iter()
                    .map(|(year, topic, count)| YearTopicCount {
                        year: year.clone(),
                        topic: topic.clone(),
                        count: *count,
                    })
                    .collect(),
                facts: r.facts.iter().map(FactItem::from).collect(),
                commitments: r
                    .commitments
                    .iter()
                    .map(|c| super::commitments::named_commitment(s, c))
                    .collect::<Result<_, _>>()?,
                events: events.iter().map(EventItem::from).collect(),
                a,
                b,
            })
        })
        .await
        .map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NetworkParams {
    /// Only events this country (ISO3) takes part in: its engagement with every other.
    country: Option<String>,
    /// An event type.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    kind: Option<String>,
    /// Events on or after this day.
    since: Option<String>,
    /// Events on or before this day.
    until: Option<String>,
}

/// States and organisations as a network: nodes weighted by events, edges by
/// events between two (one on each side). Each international organisation
/// is a node of its own (its acronym or name); `IGO` stands for those no
/// actor names.
#[utoipa::path(get, path = "/api/v1/network", tag = "relations", params(NetworkParams),
    responses(
        (status = 200, description = "The network", body = NetworkDetail),
        (status = 400, description = "A bad filter", body = ErrorBody),
    ))]
pub(super) async fn get_network(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<NetworkParams>,
) -> ApiResult<NetworkDetail> {
    let q = EventQuery {
        filter: EventFilter {
            country: check_iso3("country", p.country)?,
            kind: check_vocab::<EventKind>("type", p.kind)?.map(|k| k.to_string()),
            since: check_date("since", p.since)?,
            until: check_date("until", p.until)?,
            ..EventFilter::default()
        },
        ..EventQuery::default()
    };
    let (index, pool) = (state.index.clone(), state.pool.clone());
    state
        .pool
        .run(move |s| {
            let n = match index.get(s.change_mark()?, &pool).filter(|ix| ix.answers(&q)) {
                Some(ix) => ix.network(&q, s)?,
                None => s.network(&q)?,
            };
            let kind = |key: &str| {
                if key == "IGO" || n.organisations.iter().any(|o| o == key) { "organisation" } else { "state" }
            };
            Ok(NetworkDetail {
                nodes: n
                    .nodes
                    .iter()
                    .map(|(key, events)| NetworkNode { country: key.clone(), kind: kind(key), events: *events })
                    .collect(),
                edges: n.edges.into_iter().map(|(a, b, events)| NetworkEdge { a, b, events }).collect(),
            })
        })
        .await
        .map(Json)
}
