//! The dashboard: static HTML, CSS and JavaScript compiled into the binary
//! (no CDN, works offline), reading the JSON API from the browser.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

const INDEX_HTML: &str = include_str!("../assets/index.html");

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(index))
}

async fn index() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX_HTML)
}
