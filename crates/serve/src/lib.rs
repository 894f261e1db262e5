//! `attache serve`: a read-only HTTP API over the store, with its OpenAPI
//! document at `/api/v1/openapi.json`, and the dashboard at `/`.
//!
//! The server never writes: it opens the database read-only (WAL mode lets
//! an ingest run beside it) and runs each query on a connection of a small
//! pool, off the threads that serve sockets. This is the only crate that
//! knows HTTP; the SQL it needs lives in the store crate.

pub mod api;
mod cursor;
mod dashboard;
mod error;
mod guard;
pub mod index;
mod listen;
mod pool;
mod rendered;
mod wire;
mod world;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa::OpenApi;

pub use error::{ApiError, ErrorBody};
pub use guard::{AllowedHosts, CONTENT_SECURITY_POLICY};
pub use listen::{HEADER_TIMEOUT, Limits, MAX_CONNECTIONS, serve_with};
pub use pool::Pool;

/// Largest request body accepted (the API reads none; anything bigger is a 413).
pub const MAX_BODY: usize = 64 * 1024;
/// A request still running after this long is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// Read-only connections (queries running at once).
    pub connections: usize,
    /// Host names served besides loopback (`--allow-host`).
    pub allowed_hosts: Vec<String>,
    /// Open connections and header timeout (`--max-clients`).
    pub limits: Limits,
}

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    openapi: Arc<String>,
    /// Event filters in memory (rebuilt in the background when the store changes).
    pub index: Arc<index::IndexCell>,
    /// Events rendered as JSON for the current state of the store.
    rendered: Arc<rendered::RenderedEvents>,
    stats: StatsCache,
    /// Aggregates counted for the current state of the store.
    aggregates: Arc<api::AggregateCache>,
}

/// The last statistics computed, with the change mark of the store they describe.
pub(crate) type StatsCache = Arc<std::sync::Mutex<Option<(attache_store::ChangeMark, wire::StatsDetail)>>>;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "attache API",
        description = "A structured record of international relations extracted from diplomatic news: \
                       articles, events with their evidence, actors, country relations, commitments, facts. \
                       Read-only. Lists page with `limit` (1-500) and an opaque `cursor` (`next_cursor` of the \
                       previous page). Errors are `{\"error\": {\"status\", \"message\"}}`."
    ),
    components(schemas(ErrorBody)),
    tags(
        (name = "articles", description = "Clean articles, full-text search"),
        (name = "events", description = "Events and their evidence"),
        (name = "actors", description = "Actors across articles"),
        (name = "relations", description = "Country pairs and the country network"),
        (name = "commitments", description = "Promises and invitations"),
        (name = "facts", description = "Quantities articles state"),
        (name = "occurrences", description = "One real-world event across reports"),
        (name = "stats", description = "What the store holds"),
        (name = "vocabulary", description = "Event types, meeting modes, date bases, actor kinds, sectors"),
        (name = "sources", description = "The sources `attache watch` follows and their fetch log"),
    )
)]
struct ApiDoc;

/// The OpenAPI document of the API, generated from the handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, doc) = api::router().split_for_parts();
    let mut base = ApiDoc::openapi();
    base.merge(doc);
    base.info.version = env!("CARGO_PKG_VERSION").to_string();
    base
}

/// The whole application: API, OpenAPI document, dashboard, JSON errors,
/// limits, security headers, served to loopback host names only. The event
/// index starts building in the background (when called inside a tokio
/// runtime; else at the first request); until it is ready, events are read
/// with SQL alone.
pub fn app(pool: Pool) -> Router {
    app_for(pool, AllowedHosts::default())
}

/// As [`app`], serving the host names `hosts` allows.
pub fn app_for(pool: Pool, hosts: AllowedHosts) -> Router {
    let cell = Arc::new(index::IndexCell::default());
    cell.rebuild(&pool);
    let stats = StatsCache::default();
    // The statistics read the whole store: compute them before anyone asks.
    if let Ok(handle) = tokio::runtime::Handle::try_current() {
        let (pool, stats) = (pool.clone(), stats.clone());
        handle.spawn(async move { pool.run(move |s| api::stats(s, &stats)).await });
    }
    router(pool, cell, stats, hosts)
}

/// As [`app`], with the event index built before it returns.
pub async fn app_ready(pool: Pool) -> Result<Router, ApiError> {
    let cell = Arc::new(index::IndexCell::default());
    cell.build_now(&pool).await?;
    Ok(router(pool, cell, StatsCache::default(), AllowedHosts::default()))
}

fn router(pool: Pool, index: Arc<index::IndexCell>, stats: StatsCache, hosts: AllowedHosts) -> Router {
    let (api, _) = api::router().split_for_parts();
    let doc = openapi().to_pretty_json().expect("the OpenAPI document serializes");
    let state =
        AppState { pool, openapi: Arc::new(doc), index, rendered: Arc::default(), stats, aggregates: Arc::default() };
    Router::new()
        .merge(api)
        .route("/api/v1/openapi.json", get(openapi_json))
        .merge(dashboard::router())
        .fallback(not_found)
        .with_state(state)
        // Layers run outside in, the last added first: compression, then the
        // JSON rewriting of what the limits below answer in plain text.
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(axum::middleware::map_response(error::json_errors))
        .layer(CompressionLayer::new())
        // Outermost: a request for another host is refused before anything
        // runs, and every response (that refusal too) carries the headers.
        .layer(axum::middleware::from_fn(move |req, next| guard::check_host(hosts.clone(), req, next)))
        .layer(axum::middleware::map_response(guard::security_headers))
}

async fn openapi_json(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], state.openapi.as_str().to_string())
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, format!("no such route: {}", uri.path()))
}

/// Serves `app` on `listener` within the default [`Limits`] until
/// `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, app, Limits::default(), shutdown).await
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] attache_store::StoreError),
    /// (Its text is the I/O error's, said once: the error is not also its source.)
    #[error("{0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for ServeError {
    fn from(e: std::io::Error) -> ServeError {
        ServeError::Io(e)
    }
}

/// Opens the store read-only, binds `config.addr`, tells `on_ready` the
/// address it listens on, and serves until Ctrl-C.
pub fn run(config: &Config, on_ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let pool = Pool::open(&config.db, config.connections)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        on_ready(listener.local_addr()?);
        let app = app_for(pool, AllowedHosts::new(&config.allowed_hosts));
        serve_with(listener, app, config.limits, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok(())
    })
}
