//! The JSON API under `/api/v1`: one handler per endpoint, each documented
//! with `#[utoipa::path]` so the OpenAPI document is generated from the
//! handlers and their types. Handlers validate their parameters (400 with a
//! message), run one store query on the pool, and map rows to wire types.

mod types;

use std::collections::BTreeMap;

use attache_store::{EventFilter, EventKey, EventQuery};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use types::*;

use std::sync::Arc;

use crate::AppState;
use crate::cursor;
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::rendered::{Rendered, RenderedEvents};

/// Largest page a client may ask for.
pub const MAX_LIMIT: usize = 500;
/// Page size when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 50;
/// Longest text parameter (search, names) accepted, in characters.
pub const MAX_TEXT: usize = 500;

/// Every API route, with its OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_articles))
        .routes(routes!(get_article))
        .routes(routes!(list_events))
        .routes(routes!(get_event))
        .routes(routes!(list_actors))
        .routes(routes!(get_actor))
        .routes(routes!(get_relations))
        .routes(routes!(list_commitments))
        .routes(routes!(list_facts))
        .routes(routes!(list_occurrences))
        .routes(routes!(get_occurrence))
        .routes(routes!(get_network))
        .routes(routes!(get_stats))
}

type ApiResult<T> = Result<Json<T>, ApiError>;

// ---- validation -----------------------------------------------------------

fn check_limit(limit: Option<u32>) -> Result<usize, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(0) => Err(ApiError::bad_request("limit must be at least 1")),
        Some(n) if n as usize > MAX_LIMIT => {
            Err(ApiError::bad_request(format!("limit {n} is above the maximum page size {MAX_LIMIT}")))
        }
        Some(n) => Ok(n as usize),
    }
}

/// A text parameter: trimmed, empty as absent, at most [`MAX_TEXT`] characters.
fn check_text(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(v) = value else { return Ok(None) };
    if v.chars().count() > MAX_TEXT {
        return Err(ApiError::bad_request(format!("{name} is longer than {MAX_TEXT} characters")));
    }
    let v = v.trim();
    Ok((!v.is_empty()).then(|| v.to_string()))
}

/// An ISO 3166-1 alpha-3 code (or `IGO`), upper-cased.
fn check_iso3(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(v) = check_text(name, value)? else { return Ok(None) };
    if v.len() == 3 && v.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(Some(v.to_uppercase()))
    } else {
        Err(ApiError::bad_request(format!("{name} {v:?} is not an ISO 3166-1 alpha-3 code (e.g. KAZ)")))
    }
}

/// A day bound: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a real calendar day.
fn check_date(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(v) = check_text(name, value)? else { return Ok(None) };
    let bad = || ApiError::bad_request(format!("{name} {v:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"));
    let parts: Vec<&str> = v.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if parts.is_empty() || parts.len() > 3 || !digits(parts[0], 4) || parts[1..].iter().any(|p| !digits(p, 2)) {
        return Err(bad());
    }
    let year: u32 = parts[0].parse().map_err(|_| bad())?;
    if let Some(m) = parts.get(1) {
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        if let Some(d) = parts.get(2) {
            let day: u32 = d.parse().map_err(|_| bad())?;
            let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if !(1..=days).contains(&day) {
                return Err(bad());
            }
        }
    }
    Ok(Some(v))
}

fn check_one_of(name: &str, value: Option<String>, allowed: &[&str], upper: bool) -> Result<Option<String>, ApiError> {
    let Some(v) = check_text(name, value)? else { return Ok(None) };
    let v = if upper { v.to_uppercase() } else { v.to_lowercase() };
    if allowed.contains(&v.as_str()) {
        Ok(Some(v))
    } else {
        Err(ApiError::bad_request(format!("unknown {name} {v:?}: one of {}", allowed.join(", "))))
    }
}

fn page_after(cursor: Option<String>, list: &str) -> Result<usize, ApiError> {
    match check_text("cursor", cursor)? {
        Some(c) => cursor::parse_offset(list, &c),
        None => Ok(0),
    }
}

/// Cuts a list fetched with one extra item to a page and its next cursor.
fn offset_page<T>(mut items: Vec<T>, list: &str, offset: usize, limit: usize) -> (Vec<T>, Option<String>) {
    let next = (items.len() > limit).then(|| cursor::offset(list, offset + limit));
    items.truncate(limit);
    (items, next)
}

// ---- events ---------------------------------------------------------------

/// Filters of `GET /api/v1/events`: those of `attache events`, and more.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// ISO 3166-1 alpha-3 code on either side (e.g. `KAZ`).
    country: Option<String>,
    /// ISO3 on the other side from `country` (or on either side without it).
    counterpart: Option<String>,
    /// MEET, PRAISE, CONDEMN, AGREE, INTEND, INVITE or CREDENTIALS (any case).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    kind: Option<String>,
    /// For MEET: meeting, visit, call or multilateral.
    mode: Option<String>,
    /// Part of an actor's name, any case.
    actor: Option<String>,
    /// A topic code (trade, energy, ...).
    topic: Option<String>,
    /// Events on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    since: Option<String>,
    /// Events on or before this day (a month or year bound includes all of it).
    until: Option<String>,
    /// Only the events of this article.
    article: Option<i64>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

fn event_query(p: EventParams) -> Result<(EventQuery, usize, Option<EventKey>), ApiError> {
    let limit = check_limit(p.limit)?;
    let after = check_text("cursor", p.cursor)?.map(|c| cursor::parse_event(&c)).transpose()?;
    let q = EventQuery {
        filter: EventFilter {
            country: check_iso3("country", p.country)?,
            counterpart: check_iso3("counterpart", p.counterpart)?,
            kind: check_one_of("type", p.kind, &EventType::ALL, true)?,
            actor: check_text("actor", p.actor)?,
            topic: check_text("topic", p.topic)?,
            since: check_date("since", p.since)?,
            until: check_date("until", p.until)?,
            limit: None,
        },
        mode: check_one_of("mode", p.mode, &["meeting", "visit", "call", "multilateral"], false)?,
        article_id: p.article,
    };
    Ok((q, limit, after))
}

/// Events, newest first (undated last; within a day, the last stored first), filtered; pages by cursor.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventParams),
    responses(
        (status = 200, description = "A page of events", body = EventPage),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
    ))]
async fn list_events(State(state): State<AppState>, ApiQuery(p): ApiQuery<EventParams>) -> Result<RawJson, ApiError> {
    let (q, limit, after) = event_query(p)?;
    let (index, pool, cache) = (state.index.clone(), state.pool.clone(), state.rendered.clone());
    state
        .pool
        .run(move |s| {
            let mark = s.change_mark()?;
            // The in-memory index when it is current and can answer; SQL otherwise.
            let indexed = index.get(mark, &pool).filter(|ix| ix.answers(&q));
            let (page, more) = match indexed {
                Some(ix) => {
                    // One id more than the page says whether a next page exists;
                    // only the page's own events are rendered, or read if not cached.
                    let ids = ix.page(&q, after.as_ref(), limit + 1);
                    let more = ids.len() > limit;
                    (rendered_events(s, &cache, mark, &ids[..ids.len().min(limit)])?, more)
                }
                None => {
                    let mut rows = s.events_page(&q, after.as_ref(), limit + 1)?;
                    let more = rows.len() > limit;
                    rows.truncate(limit);
                    let page: Vec<_> = rows.iter().map(|r| Arc::new(Rendered::of(r))).collect();
                    cache.put(mark, &page);
                    (page, more)
                }
            };
            let next = page.last().filter(|_| more).map(|last| cursor::event(&last.key));
            // An `EventPage`, written from the events' JSON as rendered.
            let mut body = String::with_capacity(page.iter().map(|r| r.json.len() + 1).sum::<usize>() + 128);
            body.push_str("{\"items\":[");
            for (i, r) in page.iter().enumerate() {
                if i > 0 {
                    body.push(',');
                }
                body.push_str(&r.json);
            }
            body.push_str("],\"next_cursor\":");
            body.push_str(&serde_json::to_string(&next).expect("a cursor serializes"));
            body.push('}');
            Ok(RawJson(body))
        })
        .await
}

/// The events of `ids` (in that order) rendered: from the cache, the rest read and kept.
fn rendered_events(
    s: &attache_store::Store,
    cache: &RenderedEvents,
    mark: attache_store::ChangeMark,
    ids: &[i64],
) -> Result<Vec<Arc<Rendered>>, ApiError> {
    let mut page = cache.get_many(mark, ids);
    let missing: Vec<i64> = ids.iter().zip(&page).filter(|(_, r)| r.is_none()).map(|(id, _)| *id).collect();
    if !missing.is_empty() {
        let fresh: Vec<Arc<Rendered>> =
            s.events_by_rowids(&missing)?.iter().map(|r| Arc::new(Rendered::of(r))).collect();
        cache.put(mark, &fresh);
        let mut by_id: std::collections::HashMap<i64, Arc<Rendered>> =
            fresh.into_iter().map(|r| (r.key.rowid, r)).collect();
        for (slot, id) in page.iter_mut().zip(ids) {
            if slot.is_none() {
                *slot = by_id.remove(id);
            }
        }
    }
    Ok(page.into_iter().flatten().collect())
}

/// A JSON body already written.
struct RawJson(String);

impl axum::response::IntoResponse for RawJson {
    fn into_response(self) -> axum::response::Response {
        ([(axum::http::header::CONTENT_TYPE, "application/json")], self.0).into_response()
    }
}

fn parse_event_id(id: &str) -> Result<(i64, i64), ApiError> {
    let parsed = id.split_once(':').and_then(|(a, i)| Some((a.parse().ok()?, i.parse().ok()?)));
    parsed.ok_or_else(|| ApiError::bad_request(format!("event id {id:?} is not ARTICLE:INDEX (e.g. 12:0)")))
}

/// One event with its evidence and every mention of it across sources.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = String, Path, description = "`article:index`, e.g. `12:0`")),
    responses(
        (status = 200, description = "The event", body = EventDetail),
        (status = 400, description = "Not an event id", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
    ))]
async fn get_event(State(state): State<AppState>, ApiPath(id): ApiPath<String>) -> ApiResult<EventDetail> {
    let (article, idx) = parse_event_id(&id)?;
    state
        .pool
        .run(move |s| {
            let event = s.event(article, idx)?.ok_or_else(|| ApiError::not_found(format!("no event {id}")))?;
            let (occurrence, mentions) = match &event.occurrence_id {
                Some(o) => (s.occurrence(o)?, s.occurrence_events(o)?),
                None => (None, Vec::new()),
            };
            let mentions = if mentions.is_empty() {
                vec![EventItem::from(&event)]
            } else {
                mentions.iter().map(EventItem::from).collect()
            };
            Ok(EventDetail {
                event: EventItem::from(&event),
                occurrence: occurrence.as_ref().map(OccurrenceItem::from),
                mentions,
            })
        })
        .await
        .map(Json)
}

// ---- articles -------------------------------------------------------------

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ArticleParams {
    /// Full-text search over titles and text: all words must match; `word*` for prefixes.
    q: Option<String>,
    /// Published on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    since: Option<String>,
    /// Published on or before this day.
    until: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Current articles, newest first (undated last), searched and filtered.
#[utoipa::path(get, path = "/api/v1/articles", tag = "articles", params(ArticleParams),
    responses(
        (status = 200, description = "A page of articles", body = ArticlePage),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
    ))]
async fn list_articles(State(state): State<AppState>, ApiQuery(p): ApiQuery<ArticleParams>) -> ApiResult<ArticlePage> {
    let limit = check_limit(p.limit)?;
    let q = check_text("q", p.q)?;
    let since = check_date("since", p.since)?;
    let until = check_date("until", p.until)?;
    let after = check_text("cursor", p.cursor)?.map(|c| cursor::parse_article(&c)).transpose()?;
    state
        .pool
        .run(move |s| {
            let mut rows =
                s.articles_page(q.as_deref(), since.as_deref(), until.as_deref(), after.as_ref(), limit + 1)?;
            let next = (rows.len() > limit).then(|| {
                let last = &rows[limit - 1];
                cursor::article(&attache_store::ArticleKey { published: last.published.clone(), id: last.id })
            });
            rows.truncate(limit);
            Ok(ArticlePage { items: rows.iter().map(ArticleItem::from).collect(), next_cursor: next })
        })
        .await
        .map(Json)
}

/// One article: clean text, sentences with byte spans, its events and facts.
#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "The article", body = ArticleDetail),
        (status = 400, description = "Not an article id", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
    ))]
async fn get_article(State(state): State<AppState>, ApiPath(id): ApiPath<i64>) -> ApiResult<ArticleDetail> {
    state
        .pool
        .run(move |s| {
            let a = s.article(id)?.ok_or_else(|| ApiError::not_found(format!("no article {id}")))?;
            let q = EventQuery { article_id: Some(id), ..EventQuery::default() };
            let mut events = s.events_page(&q, None, 10_000)?;
            events.sort_by_key(|e| e.idx);
            let facts = s.extraction(id)?.map(|r| r.facts).unwrap_or_default();
            let published = a.article.published.map(|p| p.to_string());
            let text = &a.article.text;
            Ok(ArticleDetail {
                id: a.id,
                doc: a.doc.clone(),
                origin: a.origin.clone(),
                format: a.format.clone(),
                title: a.article.title.clone(),
                published: published.clone(),
                url: a.article.url.clone(),
                language: a.article.language.clone(),
                via: a.article.via.clone(),
                views: a.article.views.map(|v| v as i64),
                sentences: a
                    .article
                    .sentences
                    .iter()
                    .enumerate()
                    .map(|(i, span)| SentenceItem {
                        index: i as i64,
                        start: span.start as i64,
                        end: span.end as i64,
                        text: text.get(span.start..span.end).unwrap_or("").to_string(),
                    })
                    .collect(),
                events: events.iter().map(EventItem::from).collect(),
                facts: facts
                    .iter()
                    .enumerate()
                    .map(|(i, f)| FactItem {
                        article_id: id,
                        index: i as i64,
                        what: f.what.clone(),
                        value: f.value,
                        unit: f.unit.clone(),
                        year: f.year,
                        evidence: f.evidence.clone(),
                        published: published.clone(),
                        title: a.article.title.clone(),
                    })
                    .collect(),
                text: a.article.text.clone(),
            })
        })
        .await
        .map(Json)
}

// ---- actors ---------------------------------------------------------------

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ActorParams {
    /// ISO 3166-1 alpha-3 (or IGO).
    country: Option<String>,
    /// person, group, institution or state.
    kind: Option<String>,
    /// Part of a name, an alias or an id, any case.
    q: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Actors across articles, most mentioned first.
#[utoipa::path(get, path = "/api/v1/actors", tag = "actors", params(ActorParams),
    responses(
        (status = 200, description = "A page of actors", body = ActorPage),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
    ))]
async fn list_actors(State(state): State<AppState>, ApiQuery(p): ApiQuery<ActorParams>) -> ApiResult<ActorPage> {
    let limit = check_limit(p.limit)?;
    let country = check_iso3("country", p.country)?;
    let kind = check_one_of("kind", p.kind, &["person", "group", "institution", "state"], false)?;
    let q = check_text("q", p.q)?;
    let offset = page_after(p.cursor, "actors")?;
    state
        .pool
        .run(move |s| {
            let rows = s.actors_page(country.as_deref(), kind.as_deref(), q.as_deref(), offset, limit + 1)?;
            let (rows, next) = offset_page(rows, "actors", offset, limit);
            Ok(ActorPage { items: rows.iter().map(ActorItem::from).collect(), next_cursor: next })
        })
        .await
        .map(Json)
}

/// One actor: role timeline, aliases, counterparts and events.
#[utoipa::path(get, path = "/api/v1/actors/{id}", tag = "actors",
    params(("id" = String, Path, description = "An actor id (e.g. `p:kaz:jean-galiev`), or a name or alias")),
    responses(
        (status = 200, description = "The actor", body = ActorDetail),
        (status = 404, description = "No such actor", body = ErrorBody),
    ))]
async fn get_actor(State(state): State<AppState>, ApiPath(id): ApiPath<String>) -> ApiResult<ActorDetail> {
    if id.chars().count() > MAX_TEXT {
        return Err(ApiError::bad_request(format!("actor id is longer than {MAX_TEXT} characters")));
    }
    state
        .pool
        .run(move |s| {
            let actor = s.find_actor(&id)?.ok_or_else(|| ApiError::not_found(format!("no actor {id:?}")))?;
            let events = s.actor_event_rows(&actor.id)?;
            // Keyed by (actor id, name, country); the value is (kind, events).
            type Key = (Option<String>, String, Option<String>);
            let mut counterparts: BTreeMap<Key, (String, i64)> = BTreeMap::new();
            let mut countries: BTreeMap<String, i64> = BTreeMap::new();
            let mut types: BTreeMap<String, i64> = BTreeMap::new();
            for e in &events {
                *types.entry(e.kind.clone()).or_default() += 1;
                let ours = |side: &[attache_store::EventActor]| {
                    side.iter().any(|x| x.actor_id.as_deref() == Some(actor.id.as_str()))
                };
                let other = if ours(&e.source) { &e.target } else { &e.source };
                let mut seen_countries: Vec<&str> = Vec::new();
                for x in other {
                    let key = (x.actor_id.clone(), x.actor.name.clone(), x.actor.country.clone());
                    counterparts.entry(key).or_insert_with(|| (x.actor.kind.to_string(), 0)).1 += 1;
                    if let Some(c) = x.actor.country.as_deref()
                        && !seen_countries.contains(&c)
                    {
                        seen_countries.push(c);
                        *countries.entry(c.to_string()).or_default() += 1;
                    }
                }
            }
            let mut counterparts: Vec<Counterpart> = counterparts
                .into_iter()
                .map(|((actor_id, name, country), (kind, events))| Counterpart {
                    actor_id,
                    name,
                    country,
                    kind,
                    events,
                })
                .collect();
            counterparts.sort_by(|a, b| b.events.cmp(&a.events).then(a.name.cmp(&b.name)));
            let sorted = |m: BTreeMap<String, i64>| {
                let mut v: Vec<(String, i64)> = m.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                counts(&v)
            };
            Ok(ActorDetail {
                actor: ActorItem::from(&actor),
                counterparts,
                counterpart_countries: sorted(countries),
                events_by_type: sorted(types),
                events_total: events.len() as i64,
                events: events.iter().take(MAX_LIMIT).map(EventItem::from).collect(),
            })
        })
        .await
        .map(Json)
}

// ---- relations ------------------------------------------------------------

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
async fn get_relations(
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
                commitments: r.commitments.iter().map(CommitmentItem::from).collect(),
                events: events.iter().map(EventItem::from).collect(),
                a,
                b,
            })
        })
        .await
        .map(Json)
}

// ---- commitments, facts, occurrences --------------------------------------

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
async fn list_commitments(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<CommitmentParams>,
) -> ApiResult<CommitmentPage> {
    let limit = check_limit(p.limit)?;
    let status = check_one_of("status", p.status, &["open", "fulfilled", "lapsed"], false)?;
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
async fn list_facts(State(state): State<AppState>, ApiQuery(p): ApiQuery<FactParams>) -> ApiResult<FactPage> {
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

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OccurrenceParams {
    /// Only those an actor takes part in (an id, a name or an alias).
    actor: Option<String>,
    /// An event type.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    kind: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Occurrences (one real-world event, its reports merged), most reported first.
#[utoipa::path(get, path = "/api/v1/occurrences", tag = "occurrences", params(OccurrenceParams),
    responses(
        (status = 200, description = "A page of occurrences", body = OccurrencePage),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
        (status = 404, description = "No such actor", body = ErrorBody),
    ))]
async fn list_occurrences(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<OccurrenceParams>,
) -> ApiResult<OccurrencePage> {
    let limit = check_limit(p.limit)?;
    let actor = check_text("actor", p.actor)?;
    let kind = check_one_of("type", p.kind, &EventType::ALL, true)?;
    let offset = page_after(p.cursor, "occurrences")?;
    state
        .pool
        .run(move |s| {
            let actor_id = match &actor {
                Some(a) => Some(s.find_actor(a)?.ok_or_else(|| ApiError::not_found(format!("no actor {a:?}")))?.id),
                None => None,
            };
            let rows: Vec<_> = s
                .occurrences(actor_id.as_deref())?
                .into_iter()
                .filter(|o| kind.as_ref().is_none_or(|k| &o.kind == k))
                .skip(offset)
                .take(limit + 1)
                .collect();
            let (rows, next) = offset_page(rows, "occurrences", offset, limit);
            Ok(OccurrencePage { items: rows.iter().map(OccurrenceItem::from).collect(), next_cursor: next })
        })
        .await
        .map(Json)
}

/// One occurrence with every report of it.
#[utoipa::path(get, path = "/api/v1/occurrences/{id}", tag = "occurrences",
    params(("id" = String, Path, description = "`article:index` of its first report")),
    responses(
        (status = 200, description = "The occurrence", body = OccurrenceDetail),
        (status = 404, description = "No such occurrence", body = ErrorBody),
    ))]
async fn get_occurrence(State(state): State<AppState>, ApiPath(id): ApiPath<String>) -> ApiResult<OccurrenceDetail> {
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

// ---- network and stats ----------------------------------------------------

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

/// Countries as a network: nodes weighted by events, edges by events between two.
#[utoipa::path(get, path = "/api/v1/network", tag = "relations", params(NetworkParams),
    responses(
        (status = 200, description = "The network", body = NetworkDetail),
        (status = 400, description = "A bad filter", body = ErrorBody),
    ))]
async fn get_network(State(state): State<AppState>, ApiQuery(p): ApiQuery<NetworkParams>) -> ApiResult<NetworkDetail> {
    let q = EventQuery {
        filter: EventFilter {
            country: check_iso3("country", p.country)?,
            kind: check_one_of("type", p.kind, &EventType::ALL, true)?,
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
                Some(ix) => ix.network(&q),
                None => s.network(&q)?,
            };
            Ok(NetworkDetail {
                nodes: n.nodes.into_iter().map(|(country, events)| NetworkNode { country, events }).collect(),
                edges: n.edges.into_iter().map(|(a, b, events)| NetworkEdge { a, b, events }).collect(),
            })
        })
        .await
        .map(Json)
}

/// An empty parameter list: any parameter is an error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

/// What the store holds: documents, articles, events, actors, commitments, and when it was last fed.
#[utoipa::path(get, path = "/api/v1/stats", tag = "stats",
    responses(
        (status = 200, description = "Counts", body = StatsDetail),
        (status = 400, description = "A parameter was given", body = ErrorBody),
    ))]
async fn get_stats(State(state): State<AppState>, ApiQuery(_params): ApiQuery<NoParams>) -> ApiResult<StatsDetail> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_on_the_calendar() {
        for ok in ["2026", "2026-03", "2026-03-31", "2024-02-29"] {
            assert!(check_date("since", Some(ok.into())).is_ok(), "{ok}");
        }
        for bad in ["26", "2026-13", "2026-02-29", "2026-04-31", "2026-3-1", "yesterday", "2026-03-01T10:00"] {
            assert!(check_date("since", Some(bad.into())).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_and_codes() {
        assert_eq!(check_limit(None).unwrap(), DEFAULT_LIMIT);
        assert!(check_limit(Some(0)).is_err());
        assert!(check_limit(Some(501)).is_err());
        assert_eq!(check_iso3("c", Some("kaz".into())).unwrap().as_deref(), Some("KAZ"));
        assert!(check_iso3("c", Some("KZ".into())).is_err());
        assert!(check_text("q", Some("x".repeat(501))).is_err());
        assert_eq!(parse_event_id("12:3").unwrap(), (12, 3));
        assert!(parse_event_id("12").is_err());
    }
}
