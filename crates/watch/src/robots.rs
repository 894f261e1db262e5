//! robots.txt, per origin: read from the fetch log when asked for within
//! `robots_ttl` (no request), else asked for again with its validators (a
//! 304 keeps the stored rules). A 4xx means no rules; a 5xx, a timeout or
//! a network error means everything is disallowed until the next poll
//! (RFC 9309, 2.3.1). Records that changed go back to the fetch log.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use attache_model::fetches::{FetchKind, FetchRecord, FetchState};

use crate::http::{FetchError, Fetcher};
use crate::{now_stamp, since_stamp};

/// The product token the rules are matched against.
pub const ROBOTS_AGENT: &str = "attache";

/// The largest robots.txt kept (Google reads the first 500 KiB).
const MAX_ROBOTS_BYTES: usize = 500 << 10;

enum Rules {
    AllowAll,
    DisallowAll,
    Robot(Box<texting_robots::Robot>),
}

#[derive(Default)]
struct Entry {
    /// The fetch log's record (seeded, then updated).
    record: Option<FetchRecord>,
    rules: Option<Rules>,
    dirty: bool,
}

/// The rules of each origin seen in a run, and their fetch-log records.
#[derive(Default)]
pub struct RobotsCache {
    entries: Mutex<HashMap<String, Arc<Mutex<Entry>>>>,
}

/// `scheme://host[:port]/robots.txt` of a URL.
pub fn robots_url(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let mut origin = u.origin().ascii_serialization();
    origin.push_str("/robots.txt");
    Some(origin)
}

impl RobotsCache {
    /// Whether `url` needs its robots.txt record seeded ([`RobotsCache::seed`]).
    pub fn wants(&self, robots_url: &str) -> bool {
        !self.entries.lock().unwrap_or_else(|e| e.into_inner()).contains_key(robots_url)
    }

    /// Gives the fetch log's record of a robots.txt (or none).
    pub fn seed(&self, robots_url: &str, record: Option<FetchRecord>) {
        let entry = Entry { record, rules: None, dirty: false };
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(robots_url.to_string())
            .or_insert_with(|| Arc::new(Mutex::new(entry)));
    }

    /// The records changed since the last call (to be saved).
    pub fn take_changed(&self) -> Vec<FetchRecord> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        for entry in entries.values() {
            let mut e = entry.lock().unwrap_or_else(|e| e.into_inner());
            if e.dirty {
                e.dirty = false;
                out.extend(e.record.clone());
            }
        }
        out.sort_by(|a, b| a.url.cmp(&b.url));
        out
    }

    /// Whether the rules of `url`'s origin let attache fetch it.
    pub(crate) fn allowed(&self, fetcher: &Fetcher, url: &str) -> Result<bool, FetchError> {
        let Some(robots) = robots_url(url) else { return Ok(false) };
        let entry = {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            entries.entry(robots.clone()).or_default().clone()
        };
        let mut entry = entry.lock().unwrap_or_else(|e| e.into_inner());
        if entry.rules.is_none() {
            let (rules, record) = load(fetcher, &robots, entry.record.take())?;
            entry.rules = Some(rules);
            entry.record = Some(record.0);
            entry.dirty |= record.1;
        }
        Ok(match entry.rules.as_ref() {
            Some(Rules::AllowAll) | None => true,
            Some(Rules::DisallowAll) => false,
            Some(Rules::Robot(r)) => r.allowed(url),
        })
    }
}

fn parse(body: &str) -> Rules {
    match texting_robots::Robot::new(ROBOTS_AGENT, body.as_bytes()) {
        Ok(r) => Rules::Robot(Box::new(r)),
        // Rules that cannot be read are no rules (as an empty file).
        Err(_) => Rules::AllowAll,
    }
}

/// The rules of one origin and its record (changed or not).
fn load(fetcher: &Fetcher, url: &str, known: Option<FetchRecord>) -> Result<(Rules, (FetchRecord, bool)), FetchError> {
    let mut record = known.unwrap_or_else(|| FetchRecord::pending(url, "", FetchKind::Robots));
    let fresh = record.state == FetchState::Done
        && record.succeeded_at.as_deref().and_then(since_stamp).is_some_and(|age| age < fetcher.settings.robots_ttl);
    if fresh {
        let rules = record.kept.as_deref().map_or(Rules::AllowAll, parse);
        return Ok((rules, (record, false)));
    }
    let now = now_stamp();
    record.fetched_at = Some(now.clone());
    let answer = fetcher.get(url, (record.etag.as_deref(), record.last_modified.as_deref()), false);
    let rules = match answer {
        Ok(a) => {
            record.status = Some(a.status);
            if !a.not_modified() {
                let mut body = String::from_utf8_lossy(&a.body).into_owned();
                if body.len() > MAX_ROBOTS_BYTES {
                    let mut cut = MAX_ROBOTS_BYTES;
                    while !body.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    body.truncate(cut);
                }
                record.hash = Some(attache_ingest::content_hash(body.as_bytes()));
                record.kept = Some(body);
                record.etag = a.etag;
                record.last_modified = a.last_modified;
            }
            record.kept.as_deref().map_or(Rules::AllowAll, parse)
        }
        Err(FetchError::Stopped) => return Err(FetchError::Stopped),
        Err(FetchError::Status(s)) if (400..500).contains(&s) && s != 429 => {
            record.status = Some(s);
            record.kept = None;
            record.etag = None;
            record.last_modified = None;
            Rules::AllowAll
        }
        Err(e) => {
            record.state = FetchState::Failed;
            record.error = Some(format!("robots.txt: {e}"));
            record.failed_at = Some(now);
            record.failures += 1;
            return Ok((Rules::DisallowAll, (record, true)));
        }
    };
    record.state = FetchState::Done;
    record.succeeded_at = Some(now);
    record.failures = 0;
    Ok((rules, (record, true)))
}
