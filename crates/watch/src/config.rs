//! The sources file of `attache watch` (TOML): a `[watch]` table of
//! politeness settings and the contact the User-Agent names, then one
//! `[[source]]` table per thing to poll. Checked whole before anything is
//! fetched: an unknown key, a bad URL or duration is an error naming it.

use std::time::Duration;

use attache_model::fetches::FetchKind;
use serde::Deserialize;

/// A sources file, checked.
#[derive(Clone, Debug)]
pub struct SourcesFile {
    pub settings: Settings,
    pub sources: Vec<Source>,
}

/// One thing to poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Shown in the store as the outlet.
    pub name: String,
    pub url: String,
    /// Feed, sitemap or index.
    pub kind: FetchKind,
    /// Which links of an index page (or feed, or sitemap) are articles:
    /// those whose URL contains it.
    pub link_pattern: Option<String>,
    /// How often it is polled (the file's default, else `--interval`).
    pub interval: Option<Duration>,
}

/// How the watcher behaves toward the sites it polls.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The whole User-Agent header: `attache/VERSION (+CONTACT)`.
    pub user_agent: String,
    /// The least time between two requests to one host.
    pub delay: Duration,
    /// The most one request (connection, head and body) may take.
    pub timeout: Duration,
    /// The largest body read; a larger one is refused.
    pub max_bytes: u64,
    /// Redirects followed at most.
    pub max_redirects: usize,
    /// A `Retry-After` longer than this is not waited for within a poll:
    /// the URL is tried again after it, at a later poll.
    pub max_retry_after: Duration,
    /// Tries of one request within a poll (after 429, 503, another 5xx, a
    /// timeout or a network error).
    pub tries: u32,
    /// The first wait after an error, doubled at each further error, up to `max_backoff`.
    pub backoff: Duration,
    pub max_backoff: Duration,
    /// How long a robots.txt is used before it is asked for again (conditionally).
    pub robots_ttl: Duration,
    /// How often a source is polled when neither it nor the command line says.
    pub interval: Duration,
    /// Hosts fetched from at once (each one request at a time).
    pub hosts_at_once: usize,
    /// Failures after which a page is given up (its feed text kept, if any).
    pub max_failures: u32,
}

impl Settings {
    /// The defaults, with the contact the User-Agent names.
    pub fn with_contact(contact: &str) -> Settings {
        Settings {
            user_agent: format!("attache/{} (+{contact})", env!("CARGO_PKG_VERSION")),
            delay: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
            max_bytes: 16 << 20,
            max_redirects: 5,
            max_retry_after: Duration::from_secs(120),
            tries: 3,
            backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(6 * 3600),
            robots_ttl: Duration::from_secs(24 * 3600),
            interval: Duration::from_secs(15 * 60),
            hosts_at_once: 16,
            max_failures: 5,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    watch: RawWatch,
    #[serde(default)]
    source: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWatch {
    contact: String,
    delay: Option<String>,
    timeout: Option<String>,
    max_bytes: Option<u64>,
    max_retry_after: Option<String>,
    max_backoff: Option<String>,
    backoff: Option<String>,
    robots_ttl: Option<String>,
    interval: Option<String>,
    hosts_at_once: Option<usize>,
    tries: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: String,
    url: String,
    kind: String,
    link_pattern: Option<String>,
    interval: Option<String>,
}

/// Reads a sources file's text; errors name the key or source at fault.
pub fn parse_sources(text: &str) -> Result<SourcesFile, String> {
    let raw: RawFile = toml::from_str(text).map_err(|e| e.to_string().trim().replace('\n', " "))?;
    let w = raw.watch;
    let contact = w.contact.trim();
    if contact.is_empty() || contact.chars().any(char::is_control) {
        return Err("[watch] contact: give an e-mail address or URL where site owners can reach you".into());
    }
    let mut settings = Settings::with_contact(contact);
    let set = |value: &Option<String>, key: &str, into: &mut Duration| -> Result<(), String> {
        if let Some(v) = value {
            *into = parse_duration(v).map_err(|e| format!("[watch] {key}: {e}"))?;
        }
        Ok(())
    };
    set(&w.delay, "delay", &mut settings.delay)?;
    set(&w.timeout, "timeout", &mut settings.timeout)?;
    set(&w.max_retry_after, "max_retry_after", &mut settings.max_retry_after)?;
    set(&w.backoff, "backoff", &mut settings.backoff)?;
    set(&w.max_backoff, "max_backoff", &mut settings.max_backoff)?;
    set(&w.robots_ttl, "robots_ttl", &mut settings.robots_ttl)?;
    set(&w.interval, "interval", &mut settings.interval)?;
    settings.max_bytes = w.max_bytes.unwrap_or(settings.max_bytes);
    settings.hosts_at_once = w.hosts_at_once.unwrap_or(settings.hosts_at_once).max(1);
    settings.tries = w.tries.unwrap_or(settings.tries).max(1);
    let mut sources: Vec<Source> = Vec::new();
    for (i, s) in raw.source.into_iter().enumerate() {
        let at = format!("[[source]] {} ({:?})", i + 1, s.name);
        let kind = match s.kind.as_str() {
            "feed" => FetchKind::Feed,
            "sitemap" => FetchKind::Sitemap,
            "index" => FetchKind::Index,
            other => return Err(format!("{at}: kind {other:?} is not one of feed, sitemap, index")),
        };
        let url = url::Url::parse(s.url.trim()).map_err(|e| format!("{at}: url {:?}: {e}", s.url))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(format!("{at}: url {:?} is not an http or https address", s.url));
        }
        if s.name.trim().is_empty() {
            return Err(format!("{at}: name is empty"));
        }
        if sources.iter().any(|o| o.name == s.name.trim()) {
            return Err(format!("{at}: a second source of the same name"));
        }
        let interval =
            s.interval.as_deref().map(parse_duration).transpose().map_err(|e| format!("{at}: interval: {e}"))?;
        sources.push(Source {
            name: s.name.trim().to_string(),
            url: url.to_string(),
            kind,
            link_pattern: s.link_pattern.filter(|p| !p.is_empty()),
            interval,
        });
    }
    if sources.is_empty() {
        return Err("no [[source]] in the file".into());
    }
    Ok(SourcesFile { settings, sources })
}

/// `250ms`, `1s`, `1.5s`, `15m`, `2h`, `1d` (a bare number is seconds).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let value: f64 = number.parse().map_err(|_| format!("{text:?} is not a duration (e.g. 500ms, 1s, 15m, 2h)"))?;
    let seconds = match unit.trim() {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" | "min" => value * 60.0,
        "h" => value * 3600.0,
        "d" => value * 86400.0,
        u => return Err(format!("{text:?}: unknown unit {u:?} (ms, s, m, h, d)")),
    };
    if !seconds.is_finite() || seconds > 365.0 * 86400.0 {
        return Err(format!("{text:?} is out of range"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_with_units() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3 weeks").is_err());
    }

    #[test]
    fn the_example_sources_file_reads() {
        let f = parse_sources(include_str!("../../../examples/sources.toml")).unwrap();
        assert!(f.sources.len() >= 10);
        assert!(f.sources.iter().any(|s| s.url.contains("akorda.kz")));
        assert_eq!(f.settings.delay, Duration::from_secs(1));
    }

    #[test]
    fn a_file_is_checked_whole() {
        let ok = r#"
            [watch]
            contact = "ops@example.org"
            delay = "2s"
            [[source]]
            name = "Wire"
            url = "https://news.example/rss"
            kind = "feed"
            [[source]]
            name = "Ministry"
            url = "https://mfa.example/en/news"
            kind = "index"
            link_pattern = "/en/news/"
            interval = "1h"
        "#;
        let f = parse_sources(ok).unwrap();
        assert_eq!(f.settings.delay, Duration::from_secs(2));
        assert!(f.settings.user_agent.starts_with("attache/") && f.settings.user_agent.contains("ops@example.org"));
        assert_eq!(f.sources[1].kind, FetchKind::Index);
        assert_eq!(f.sources[1].interval, Some(Duration::from_secs(3600)));
        for (bad, says) in [
            (ok.replace("kind = \"feed\"", "kind = \"blog\""), "kind \"blog\""),
            (ok.replace("https://news.example/rss", "ftp://x/y"), "not an http"),
            (ok.replace("contact = \"ops@example.org\"", "contact = \"\""), "contact"),
            (ok.replace("delay = \"2s\"", "delay = \"fast\""), "[watch] delay"),
            (ok.replace("link_pattern", "link_patern"), "unknown field"),
        ] {
            let err = parse_sources(&bad).unwrap_err();
            assert!(err.contains(says), "{err}");
        }
    }
}
