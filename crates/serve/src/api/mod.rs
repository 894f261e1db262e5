//! The JSON API under `/api/v1`: one handler per endpoint, each documented
//! with `#[utoipa::path]` so the OpenAPI document is generated from the
//! handlers and their types. Handlers validate their parameters (400 with a
//! message), run one store query on the pool, and map rows to wire types.
//!
//! One module per concern: `params` reads and checks parameters; `events`,
//! `articles`, `actors`, `relations` (country pairs and the network),
//! `commitments` (and facts), `occurrences` and `stats` (and the vocabulary)
//! hold the handlers. The wire types are in [`crate::wire`].

mod actors;
mod aggregate;
mod articles;
pub(crate) mod commitments;
mod events;
mod export;
mod occurrences;
mod params;
mod relations;
mod sources;
mod stats;

use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use crate::wire::*;
pub use aggregate::{AggregateCache, AggregateItem, AggregatePage};
pub use commitments::NamedActor;

use crate::AppState;
use crate::error::ApiError;

pub(crate) use stats::stats;

/// Largest page a client may ask for.
pub const MAX_LIMIT: usize = 500;
/// Page size when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 50;
/// Longest text parameter (search, names) accepted, in characters.
pub const MAX_TEXT: usize = 500;

/// Every API route, with its OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(articles::list_articles))
        .routes(routes!(articles::get_article))
        .routes(routes!(events::list_events))
        .routes(routes!(events::get_event))
        .routes(routes!(aggregate::get_aggregate))
        .routes(routes!(actors::list_actors))
        .routes(routes!(actors::get_actor))
        .routes(routes!(relations::get_relations))
        .routes(routes!(commitments::list_commitments))
        .routes(routes!(commitments::list_facts))
        .routes(routes!(occurrences::list_occurrences))
        .routes(routes!(occurrences::get_occurrence))
        .routes(routes!(relations::get_network))
        .routes(routes!(stats::get_stats))
        .routes(routes!(stats::get_vocabulary))
        .routes(routes!(sources::list_sources))
}

type ApiResult<T> = Result<Json<T>, ApiError>;
