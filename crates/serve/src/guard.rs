//! What every request and response passes: the `Host` allow-list (a page on
//! another site cannot reach the server through a DNS name rebound to
//! loopback) and the security headers (a strict Content-Security-Policy: the
//! dashboard loads only its own scripts and styles and talks only to its own
//! API; no MIME sniffing; no referrer; no framing).

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The policy of every response. `img-src data:` is the page's empty icon;
/// styles are set through the CSSOM, never as attributes or inline blocks.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Host names served: loopback always, and those the operator adds
/// (`attache serve --allow-host NAME`). Ports are not compared.
#[derive(Clone, Debug, Default)]
pub struct AllowedHosts {
    extra: Arc<Vec<String>>,
}

impl AllowedHosts {
    /// Loopback and `names` (a name may carry a port, which is ignored).
    pub fn new(names: &[String]) -> AllowedHosts {
        let extra = names.iter().map(|n| host_name(n).to_string()).filter(|n| !n.is_empty()).collect();
        AllowedHosts { extra: Arc::new(extra) }
    }

    /// Whether a request whose `Host` is `host` (with or without a port) is served.
    pub fn allows(&self, host: &str) -> bool {
        let name = host_name(host);
        ["localhost", "127.0.0.1", "[::1]"].iter().any(|l| name.eq_ignore_ascii_case(l))
            || self.extra.iter().any(|e| name.eq_ignore_ascii_case(e))
    }
}

/// The name of a `Host` value without its port and trailing dot:
/// `[::1]:8080` -> `[::1]`, `Example.org.:80` -> `Example.org`.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    let name = if host.starts_with('[') {
        host.find(']').map_or(host, |end| &host[..=end])
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    name.strip_suffix('.').unwrap_or(name)
}

/// Answers 421 to a request for a host not allowed, before any route runs.
pub async fn check_host(allowed: AllowedHosts, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    match host {
        Some(h) if allowed.allows(&h) => next.run(request).await,
        Some(_) => ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "this host name is not served (attache serve --allow-host NAME serves it)",
        )
        .into_response(),
        None => ApiError::new(StatusCode::MISDIRECTED_REQUEST, "a Host header is required").into_response(),
    }
}

/// Adds the security headers to a response.
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_with_any_port_and_added_names_are_allowed() {
        let hosts = AllowedHosts::new(&["attache.example.org".to_string(), "Box:9000".to_string()]);
        for ok in [
            "localhost",
            "LOCALHOST:8080",
            "127.0.0.1",
            "127.0.0.1:1",
            "[::1]",
            "[::1]:8080",
            "localhost.",
            "attache.example.org:443",
            "ATTACHE.example.org",
            "box",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "127.0.0.2",
            "0.0.0.0",
            "[::2]:80",
            "",
            "localhost:80:80",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        assert!(!AllowedHosts::default().allows("attache.example.org"));
    }
}
