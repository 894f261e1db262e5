//! Errors as JSON: `{"error": {"status": 400, "message": "..."}}` with the
//! HTTP status in the body too. Extractors whose rejections axum writes as
//! plain text (query strings, path segments) are wrapped here, and whatever
//! error still leaves as text (405, 413, 408 from the layers) is rewritten
//! by [`json_errors`] on its way out.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

/// What every error response holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// The HTTP status, repeated.
    pub status: u16,
    /// What was wrong, for a person to read.
    pub message: String,
}

/// What a client reads of any 500.
pub const INTERNAL_MESSAGE: &str = "internal error (the server's log has the details)";

/// An error a handler returns: a status and a message.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// A 500: `detail` goes to the server's log (stderr), never to the
    /// client, which reads a generic message (no SQL, no paths, no internals).
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("attache serve: internal error: {detail}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL_MESSAGE)
    }
}

impl From<attache_store::StoreError> for ApiError {
    fn from(e: attache_store::StoreError) -> ApiError {
        match e {
            attache_store::StoreError::Filter(m) => ApiError::bad_request(m),
            // A read not ported to PostgreSQL yet (issue 17): said, not hidden as a 500.
            e @ attache_store::StoreError::Unsupported(_) => ApiError::new(StatusCode::NOT_IMPLEMENTED, e.to_string()),
            other => ApiError::internal(format_args!("store error: {other}")),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { status: self.status.as_u16(), message: self.message } };
        (self.status, axum::Json(body)).into_response()
    }
}

/// `Query` whose rejection is a JSON 400.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(q)| ApiQuery(q))
            .map_err(|e: QueryRejection| ApiError::bad_request(format!("malformed query string: {}", e.body_text())))
    }
}

/// `Path` whose rejection is JSON (400 for a segment of the wrong type).
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state).await.map(|Path(p)| ApiPath(p)).map_err(|e: PathRejection| {
            let status = match e.status() {
                s if s.is_server_error() => s,
                _ => StatusCode::BAD_REQUEST,
            };
            ApiError::new(status, format!("bad path: {}", e.body_text()))
        })
    }
}

/// Rewrites an error response that is not JSON (axum's 405, the body
/// limit's 413, the timeout's 408) into the JSON error form.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return response;
    }
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "request body too large".to_string(),
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed: the API is read-only (GET)".to_string(),
        StatusCode::REQUEST_TIMEOUT => "the request took too long".to_string(),
        s => s.canonical_reason().unwrap_or("error").to_lowercase(),
    };
    let mut out = ApiError::new(status, message).into_response();
    if let Some(allow) = response.headers().get(header::ALLOW) {
        out.headers_mut().insert(header::ALLOW, allow.clone());
    }
    out
}
