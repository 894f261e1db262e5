//! `/api/v1/articles`: articles searched and filtered, and one article with
//! its sentences, events and facts.

use attache_store::EventQuery;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use axum::response::{IntoResponse, Response};

use super::ApiResult;
use super::export::{self, EXPORT_PAGE, Format, check_format};
use super::params::*;
use crate::AppState;
use crate::cursor;
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::wire::*;

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ArticleParams {
    /// Full-text search over titles and text: all words must match; `word*` for prefixes.
    q: Option<String>,
    /// Published on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    since: Option<String>,
    /// Published on or before this day.
    until: Option<String>,
    /// `json` (a page, the default), or every page as `csv` or `jsonl`.
    format: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Current articles, newest first (undated last), searched and filtered.
#[utoipa::path(get, path = "/api/v1/articles", tag = "articles", params(ArticleParams),
    responses(
        (status = 200, description = "A page of articles (`format=json`), or every article as CSV or JSON Lines",
            content((ArticlePage = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        (status = 400, description = "A bad filter, limit or cursor", body = ErrorBody),
    ))]
pub(super) async fn list_articles(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ArticleParams>,
) -> Result<Response, ApiError> {
    let format = check_format(p.format.clone())?;
    if format != Format::Json {
        return export::stream(format, "articles", None, move |cursor| {
            let (state, p) = (state.clone(), ArticleParams { cursor, limit: Some(EXPORT_PAGE), ..p.clone() });
            async move {
                let page = articles_page(&state, p, false).await?;
                Ok((export::values(&page.items), page.next_cursor))
            }
        })
        .await;
    }
    Ok(Json(articles_page(&state, p, true).await?).into_response())
}

/// One page of articles (and, when `count`, how many there are in all).
async fn articles_page(state: &AppState, p: ArticleParams, count: bool) -> Result<ArticlePage, ApiError> {
    let limit = check_limit(p.limit)?;
    let q = check_text("q", p.q)?;
    let since = check_date("since", p.since)?;
    let until = check_date("until", p.until)?;
    let after = check_text("cursor", p.cursor)?.map(|c| cursor::parse_article(&c)).transpose()?;
    // A full-text search costs with the store: it never takes the last connection.
    let costly = q.is_some();
    let page = move |s: &attache_store::Store| {
        let mut rows = s.articles_page(q.as_deref(), since.as_deref(), until.as_deref(), after.as_ref(), limit + 1)?;
        let next = (rows.len() > limit).then(|| {
            let last = &rows[limit - 1];
            cursor::article(&attache_store::ArticleKey { published: last.published.clone(), id: last.id })
        });
        rows.truncate(limit);
        let total = if count { s.articles_count(q.as_deref(), since.as_deref(), until.as_deref())? } else { 0 };
        Ok(ArticlePage { items: rows.iter().map(ArticleItem::from).collect(), next_cursor: next, total })
    };
    state.pool.run_as(costly, page).await
}

/// One article: clean text, sentences with byte spans, its events and facts.
#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "The article", body = ArticleDetail),
        (status = 400, description = "Not an article id", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
    ))]
pub(super) async fn get_article(State(state): State<AppState>, ApiPath(id): ApiPath<i64>) -> ApiResult<ArticleDetail> {
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
                url: web_url(a.article.url.as_deref()),
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
