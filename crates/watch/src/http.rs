//! One polite GET: robots.txt asked first (per host, cached), one request
//! at a time per host with the delay between them, validators sent
//! (`If-None-Match`, `If-Modified-Since`), redirects followed by hand (each
//! hop waits its host's turn and is checked against robots.txt; at most
//! `max_redirects`, a loop named), `Retry-After` honoured on 429 and 503,
//! exponential backoff after errors, a timeout and a size limit on each.
//!
//! It does not decide what to fetch or keep: the poll does (`poll.rs`).

use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::config::Settings;
use crate::robots::RobotsCache;

/// An answer: 2xx or 304 (other statuses are [`FetchError::Status`]).
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// The URL that answered, after redirects.
    pub url: String,
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The body (empty for 304).
    pub body: Vec<u8>,
    pub content_type: Option<String>,
}

impl Answer {
    pub fn not_modified(&self) -> bool {
        self.status == 304
    }
}

/// Why a fetch gave nothing: each says what happened in one line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("disallowed by robots.txt")]
    Disallowed,
    #[error("HTTP {0}")]
    Status(u16),
    #[error("HTTP {status}: asked to retry after {after} s, longer than the {most} s waited within a poll")]
    RetryLater { status: u16, after: u64, most: u64 },
    #[error("page over the size limit of {limit} bytes{}", .announced.map(|n| format!(" (announced {n} bytes)")).unwrap_or_default())]
    TooLarge { limit: u64, announced: Option<u64> },
    #[error("redirect loop: {0}")]
    RedirectLoop(String),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("redirect without a usable Location")]
    BadRedirect,
    #[error("timed out after {0} s")]
    Timeout(u64),
    #[error("network error: {0}")]
    Network(String),
    #[error("not an http or https URL: {0}")]
    BadUrl(String),
    #[error("stopped")]
    Stopped,
}

impl FetchError {
    /// Whether trying again later may succeed (a server error, a timeout,
    /// the network); the others are final for the URL.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status(s) => *s >= 500 || *s == 408 || *s == 429,
            FetchError::RetryLater { .. } | FetchError::Timeout(_) | FetchError::Network(_) | FetchError::Stopped => {
                true
            }
            _ => false,
        }
    }
}

/// A host's turn: requests to it wait on its lock, one at a time.
#[derive(Debug)]
struct HostTurn {
    /// Not before this instant (the delay after the last answer, a
    /// `Retry-After`, a backoff).
    next_at: Instant,
    /// Errors in a row (for the backoff).
    errors: u32,
}

/// Fetches politely; shared by the threads of a poll (one per host).
pub struct Fetcher {
    agent: ureq::Agent,
    pub(crate) settings: Settings,
    hosts: Mutex<HashMap<String, Arc<Mutex<HostTurn>>>>,
    pub robots: RobotsCache,
    stop: Arc<AtomicBool>,
}

/// The host a URL's politeness is kept for: its host name or address
/// (ports aside: two ports of one host are one host).
pub fn host_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https").then_some(())?;
    parsed.host_str().map(str::to_ascii_lowercase)
}

impl Fetcher {
    pub fn new(settings: Settings, robots: RobotsCache, stop: Arc<AtomicBool>) -> Fetcher {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(settings.user_agent.as_str())
            .timeout_global(Some(settings.timeout))
            .build()
            .into();
        Fetcher { agent, settings, hosts: Mutex::new(HashMap::new()), robots, stop }
    }

    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Raises the stop flag: every wait and the next request give up.
    pub fn stop_now(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// GETs `url`, following redirects; `validators` (ETag, Last-Modified)
    /// make it conditional. Checked against the host's robots.txt first
    /// unless `robots` is false (robots.txt itself).
    pub fn get(&self, url: &str, validators: (Option<&str>, Option<&str>), robots: bool) -> Result<Answer, FetchError> {
        let mut current = url.to_string();
        let mut chain = vec![current.clone()];
        loop {
            let host = host_of(&current).ok_or_else(|| FetchError::BadUrl(current.clone()))?;
            if robots && !self.robots.allowed(self, &current)? {
                return Err(FetchError::Disallowed);
            }
            let answer = self.get_once_with_retries(&host, &current, validators)?;
            let Some(location) = answer.redirect else { return Ok(answer.answer) };
            let next = url::Url::parse(&current)
                .and_then(|base| base.join(&location))
                .map_err(|_| FetchError::BadRedirect)?
                .to_string();
            if chain.contains(&next) {
                chain.push(next);
                return Err(FetchError::RedirectLoop(chain.join(" -> ")));
            }
            if chain.len() > self.settings.max_redirects {
                return Err(FetchError::TooManyRedirects(self.settings.max_redirects));
            }
            chain.push(next.clone());
            current = next;
        }
    }

    fn turn(&self, host: &str) -> Arc<Mutex<HostTurn>> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        hosts
            .entry(host.to_string())
            .or_insert_with(|| Arc::new(Mutex::new(HostTurn { next_at: Instant::now(), errors: 0 })))
            .clone()
    }

    /// Sleeps until `at`, waking to see whether the run was stopped.
    fn sleep_until(&self, at: Instant) -> Result<(), FetchError> {
        loop {
            if self.stopped() {
                return Err(FetchError::Stopped);
            }
            let now = Instant::now();
            if now >= at {
                return Ok(());
            }
            std::thread::sleep((at - now).min(Duration::from_millis(100)));
        }
    }

    fn backoff(&self, errors: u32) -> Duration {
        let factor = 2u32.saturating_pow(errors.min(20));
        self.settings.backoff.saturating_mul(factor).min(self.settings.max_backoff)
    }

    /// One hop, tried up to `settings.tries` times, in the host's turn.
    fn get_once_with_retries(
        &self,
        host: &str,
        url: &str,
        validators: (Option<&str>, Option<&str>),
    ) -> Result<Hop, FetchError> {
        let turn = self.turn(host);
        let mut turn = turn.lock().unwrap_or_else(|e| e.into_inner());
        let mut tries = 0;
        loop {
            tries += 1;
            self.sleep_until(turn.next_at)?;
            let result = self.request(url, validators);
            let now = Instant::now();
            turn.next_at = now + self.settings.delay;
            let error = match result {
                Ok(hop) if matches!(hop.answer.status, 429 | 503) => {
                    let status = hop.answer.status;
                    let wait = hop.retry_after.unwrap_or_else(|| self.backoff(turn.errors));
                    turn.errors += 1;
                    if wait > self.settings.max_retry_after {
                        turn.next_at = now + self.settings.max_retry_after.max(self.settings.delay);
                        return Err(FetchError::RetryLater {
                            status,
                            after: wait.as_secs(),
                            most: self.settings.max_retry_after.as_secs(),
                        });
                    }
                    turn.next_at = now + wait.max(self.settings.delay);
                    FetchError::Status(status)
                }
                Ok(hop) if hop.answer.status >= 500 => {
                    turn.next_at = now + self.backoff(turn.errors).max(self.settings.delay);
                    turn.errors += 1;
                    FetchError::Status(hop.answer.status)
                }
                Ok(hop)
                    if hop.answer.status >= 400
                        || (hop.answer.status >= 300 && hop.redirect.is_none() && hop.answer.status != 304) =>
                {
                    turn.errors = 0;
                    return Err(if (300..400).contains(&hop.answer.status) {
                        FetchError::BadRedirect
                    } else {
                        FetchError::Status(hop.answer.status)
                    });
                }
                Ok(hop) => {
                    turn.errors = 0;
                    return Ok(hop);
                }
                Err(e) if e.is_transient() => {
                    turn.next_at = now + self.backoff(turn.errors).max(self.settings.delay);
                    turn.errors += 1;
                    e
                }
                Err(e) => return Err(e),
            };
            if tries >= self.settings.tries {
                return Err(error);
            }
        }
    }

    /// One request and its whole body (within the size limit).
    fn request(&self, url: &str, (etag, last_modified): (Option<&str>, Option<&str>)) -> Result<Hop, FetchError> {
        let mut request = self.agent.get(url);
        if let Some(e) = etag {
            request = request.header("If-None-Match", e);
        }
        if let Some(m) = last_modified {
            request = request.header("If-Modified-Since", m);
        }
        let response = request.call().map_err(|e| self.error_of(e))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut answer = Answer {
            url: url.to_string(),
            status,
            etag: header("etag"),
            last_modified: header("last-modified"),
            body: Vec::new(),
            content_type: header("content-type"),
        };
        let redirect = if (300..400).contains(&status) && status != 304 { header("location") } else { None };
        let retry_after = header("retry-after").and_then(|v| retry_after(&v));
        let limit = self.settings.max_bytes;
        let announced = header("content-length").and_then(|v| v.parse::<u64>().ok());
        if (200..300).contains(&status) {
            if announced.is_some_and(|n| n > limit) {
                return Err(FetchError::TooLarge { limit, announced });
            }
            let mut reader = response.into_body().into_reader().take(limit + 1);
            let mut body = Vec::with_capacity(announced.unwrap_or(0).min(limit) as usize);
            reader.read_to_end(&mut body).map_err(|e| self.io_error(&e))?;
            if body.len() as u64 > limit {
                return Err(FetchError::TooLarge { limit, announced: None });
            }
            answer.body = body;
        }
        Ok(Hop { answer, redirect, retry_after })
    }

    fn error_of(&self, e: ureq::Error) -> FetchError {
        match e {
            ureq::Error::Timeout(_) => FetchError::Timeout(self.settings.timeout.as_secs()),
            ureq::Error::Io(io) => self.io_error(&io),
            other => FetchError::Network(other.to_string()),
        }
    }

    fn io_error(&self, e: &std::io::Error) -> FetchError {
        let text = e.to_string();
        if e.kind() == std::io::ErrorKind::TimedOut || text.contains("timeout") || text.contains("timed out") {
            FetchError::Timeout(self.settings.timeout.as_secs())
        } else {
            FetchError::Network(text)
        }
    }
}

/// One request's answer, with where it redirects and how long it asks to wait.
struct Hop {
    answer: Answer,
    redirect: Option<String>,
    retry_after: Option<Duration>,
}

/// A `Retry-After` value: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn hosts_ignore_ports_and_case() {
        assert_eq!(host_of("http://127.0.0.2:8080/x").as_deref(), Some("127.0.0.2"));
        assert_eq!(host_of("https://Akorda.KZ/en").as_deref(), Some("akorda.kz"));
        assert_eq!(host_of("ftp://x/y"), None);
    }
}
