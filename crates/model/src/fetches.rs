//! The fetch log of `attache watch`: what was fetched from each URL, when,
//! with what answer, and what a source comes to. Plain data shared by the
//! watcher (which fills it), the store (which keeps it) and the CLI and API
//! (which show it).

use serde::Serialize;

/// What a URL of the fetch log is to its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FetchKind {
    /// An RSS or Atom feed, polled.
    Feed,
    /// A sitemap or sitemap index (news sitemaps included), polled.
    Sitemap,
    /// An HTML page of links, polled.
    Index,
    /// An article page, fetched once (again only when a sitemap says it changed).
    Page,
    /// A host's robots.txt (its body is kept).
    Robots,
}

impl FetchKind {
    pub const ALL: [FetchKind; 5] =
        [FetchKind::Feed, FetchKind::Sitemap, FetchKind::Index, FetchKind::Page, FetchKind::Robots];

    pub fn as_str(self) -> &'static str {
        match self {
            FetchKind::Feed => "feed",
            FetchKind::Sitemap => "sitemap",
            FetchKind::Index => "index",
            FetchKind::Page => "page",
            FetchKind::Robots => "robots",
        }
    }

    pub fn parse(s: &str) -> Option<FetchKind> {
        FetchKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether it is polled again and again (a feed, sitemap or index).
    pub fn is_listing(self) -> bool {
        matches!(self, FetchKind::Feed | FetchKind::Sitemap | FetchKind::Index)
    }
}

/// Where a URL of the fetch log stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FetchState {
    /// Found in a listing, not fetched yet (a restart fetches it).
    Pending,
    /// Fetched and handled (an article page: stored).
    Done,
    /// The last try failed; tried again from `next_try` unless `next_try` is none.
    Failed,
}

impl FetchState {
    pub fn as_str(self) -> &'static str {
        match self {
            FetchState::Pending => "pending",
            FetchState::Done => "done",
            FetchState::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<FetchState> {
        [FetchState::Pending, FetchState::Done, FetchState::Failed].into_iter().find(|k| k.as_str() == s)
    }
}

/// One URL of the fetch log. Times are RFC 3339 UTC timestamps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchRecord {
    pub url: String,
    /// The name of the source that listed it (the first one, for a URL two list).
    pub source: String,
    pub kind: FetchKind,
    pub state: FetchState,
    /// The last request made for it.
    pub fetched_at: Option<String>,
    /// The last answer that was a success (200 or 304).
    pub succeeded_at: Option<String>,
    /// HTTP status of the last answer (none: no answer, or not asked).
    pub status: Option<u16>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Content hash of the last body received (`attache_ingest::content_hash`).
    pub hash: Option<String>,
    /// The last error, one line; kept after a later success (see `failed_at`).
    pub error: Option<String>,
    pub failed_at: Option<String>,
    /// Failures since the last success.
    pub failures: u32,
    /// When to try a failed URL again; none: never by itself.
    pub next_try: Option<String>,
    /// What is kept of a body: a robots.txt, or the feed item of a page
    /// (JSON) whose own text is stored when the page cannot be fetched.
    pub kept: Option<String>,
}

impl FetchRecord {
    /// A URL not fetched yet.
    pub fn pending(url: &str, source: &str, kind: FetchKind) -> FetchRecord {
        FetchRecord {
            url: url.to_string(),
            source: source.to_string(),
            kind,
            state: FetchState::Pending,
            fetched_at: None,
            succeeded_at: None,
            status: None,
            etag: None,
            last_modified: None,
            hash: None,
            error: None,
            failed_at: None,
            failures: 0,
            next_try: None,
            kept: None,
        }
    }
}

/// A source as `attache sources` and `/api/v1/sources` show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceStatus {
    pub name: String,
    pub url: String,
    pub kind: String,
    /// The last poll of its listing, success or not.
    pub last_poll: Option<String>,
    pub last_success: Option<String>,
    /// The newest error of its listing or its pages, with the URL it concerns.
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    pub last_error_url: Option<String>,
    /// Current articles stored from its pages.
    pub articles: u64,
    /// Pages stored (or kept as their feed text).
    pub pages_done: u64,
    /// Pages found and not fetched yet.
    pub pages_pending: u64,
    /// Pages whose last try failed.
    pub pages_failed: u64,
}
