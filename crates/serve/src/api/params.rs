//! Reading the parameters of a request: limits, text, ISO3 codes, days,
//! the closed vocabularies of the model (any case, parsed into its enums),
//! cursors and ids. Each refusal is a 400 with a message naming the
//! parameter and what it accepts.

use attache_model::kinds::Vocabulary;
use serde::Deserialize;

use super::{DEFAULT_LIMIT, MAX_LIMIT, MAX_TEXT};
use crate::cursor;
use crate::error::ApiError;

pub(super) fn check_limit(limit: Option<u32>) -> Result<usize, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(0) => Err(ApiError::bad_request("limit must be at least 1")),
        Some(n) if n as usize > MAX_LIMIT => {
            Err(ApiError::bad_request(format!("limit {n} is above the maximum page size {MAX_LIMIT}")))
        }
        Some(n) => Ok(n as usize),
    }
}

/// A text parameter: trimmed, empty as absent, at most [`MAX_TEXT`] characters.
pub(super) fn check_text(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(v) = value else { return Ok(None) };
    if v.chars().count() > MAX_TEXT {
        return Err(ApiError::bad_request(format!("{name} is longer than {MAX_TEXT} characters")));
    }
    let v = v.trim();
    Ok((!v.is_empty()).then(|| v.to_string()))
}

/// An ISO 3166-1 alpha-3 code we know (or `IGO`), upper-cased; anything else
/// is refused as `attache_model::countries::check_country` words it.
pub(super) fn check_iso3(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(v) = check_text(name, value)? else { return Ok(None) };
    attache_model::countries::check_country(&v).map(Some).map_err(|e| ApiError::bad_request(format!("{name}: {e}")))
}

/// A country filter: one or several known ISO3 codes (or `IGO`) separated
/// by commas, upper-cased; an unknown one is refused with a suggestion.
pub(super) fn check_countries(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(v) = check_text(name, value)? else { return Ok(None) };
    let mut out = Vec::new();
    for part in attache_store::values(&v) {
        out.push(
            attache_model::countries::check_country(part).map_err(|e| ApiError::bad_request(format!("{name}: {e}")))?,
        );
    }
    Ok((!out.is_empty()).then(|| out.join(",")))
}

/// A multi-value vocabulary filter (`type=MEET,AGREE`): each value checked as
/// [`check_vocab`] does; the names as the model writes them, comma-joined.
pub(super) fn check_vocab_list<T: Vocabulary + std::fmt::Display>(
    name: &str,
    value: Option<String>,
) -> Result<Option<String>, ApiError> {
    let Some(v) = check_text(name, value)? else { return Ok(None) };
    let mut out = Vec::new();
    for part in attache_store::values(&v) {
        out.extend(check_vocab::<T>(name, Some(part.to_string()))?.map(|t| t.to_string()));
    }
    Ok((!out.is_empty()).then(|| out.join(",")))
}

/// A multi-value text filter (`topic=trade,energy`): trimmed values, comma-joined.
pub(super) fn check_list(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(v) = check_text(name, value)? else { return Ok(None) };
    let parts = attache_store::values(&v);
    Ok((!parts.is_empty()).then(|| parts.join(",")))
}

/// A day bound: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a real calendar day.
pub(super) fn check_date(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(v) = check_text(name, value)? else { return Ok(None) };
    let bad = || ApiError::bad_request(format!("{name} {v:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"));
    let parts: Vec<&str> = v.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if parts.is_empty() || parts.len() > 3 || !digits(parts[0], 4) || parts[1..].iter().any(|p| !digits(p, 2)) {
        return Err(bad());
    }
    let year: u32 = parts[0].parse().map_err(|_| bad())?;
    if let Some(m) = parts.get(1) {
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        if let Some(d) = parts.get(2) {
            let day: u32 = d.parse().map_err(|_| bad())?;
            let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if !(1..=days).contains(&day) {
                return Err(bad());
            }
        }
    }
    Ok(Some(v))
}

/// A value of one of the model's vocabularies (`type`, `mode`, actor `kind`),
/// in any case; refused with the names it accepts.
pub(super) fn check_vocab<T: Vocabulary>(name: &str, value: Option<String>) -> Result<Option<T>, ApiError> {
    let Some(v) = check_text(name, value)? else { return Ok(None) };
    T::parse_any_case(&v)
        .map(Some)
        .map_err(|_| ApiError::bad_request(format!("unknown {name} {v:?}: one of {}", T::NAMES.join(", "))))
}

/// One of a fixed list of lower-case words (a commitment's `status`).
pub(super) fn check_one_of(name: &str, value: Option<String>, allowed: &[&str]) -> Result<Option<String>, ApiError> {
    let Some(v) = check_text(name, value)? else { return Ok(None) };
    let v = v.to_lowercase();
    if allowed.contains(&v.as_str()) {
        Ok(Some(v))
    } else {
        Err(ApiError::bad_request(format!("unknown {name} {v:?}: one of {}", allowed.join(", "))))
    }
}

pub(super) fn page_after(cursor: Option<String>, list: &str) -> Result<usize, ApiError> {
    match check_text("cursor", cursor)? {
        Some(c) => cursor::parse_offset(list, &c),
        None => Ok(0),
    }
}

/// Cuts a list fetched with one extra item to a page and its next cursor.
pub(super) fn offset_page<T>(mut items: Vec<T>, list: &str, offset: usize, limit: usize) -> (Vec<T>, Option<String>) {
    let next = (items.len() > limit).then(|| cursor::offset(list, offset + limit));
    items.truncate(limit);
    (items, next)
}

pub(super) fn parse_event_id(id: &str) -> Result<(i64, i64), ApiError> {
    let parsed = id.split_once(':').and_then(|(a, i)| Some((a.parse().ok()?, i.parse().ok()?)));
    parsed.ok_or_else(|| ApiError::bad_request(format!("event id {id:?} is not ARTICLE:INDEX (e.g. 12:0)")))
}

/// An empty parameter list: any parameter is an error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NoParams {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_on_the_calendar() {
        for ok in ["2026", "2026-03", "2026-03-31", "2024-02-29"] {
            assert!(check_date("since", Some(ok.into())).is_ok(), "{ok}");
        }
        for bad in ["26", "2026-13", "2026-02-29", "2026-04-31", "2026-3-1", "yesterday", "2026-03-01T10:00"] {
            assert!(check_date("since", Some(bad.into())).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_and_codes() {
        assert_eq!(check_limit(None).unwrap(), DEFAULT_LIMIT);
        assert!(check_limit(Some(0)).is_err());
        assert!(check_limit(Some(501)).is_err());
        assert_eq!(check_iso3("c", Some("kaz".into())).unwrap().as_deref(), Some("KAZ"));
        assert!(check_iso3("c", Some("KZ".into())).is_err());
        assert!(check_text("q", Some("x".repeat(501))).is_err());
        assert_eq!(parse_event_id("12:3").unwrap(), (12, 3));
        assert!(parse_event_id("12").is_err());
    }

    #[test]
    fn vocabularies_are_read_in_any_case() {
        use attache_model::kinds::{ActorKind, EventKind, MeetMode};
        assert_eq!(check_vocab::<EventKind>("type", Some(" praise ".into())).unwrap(), Some(EventKind::Praise));
        assert_eq!(check_vocab::<MeetMode>("mode", Some("Visit".into())).unwrap(), Some(MeetMode::Visit));
        assert_eq!(check_vocab::<MeetMode>("mode", Some(" ".into())).unwrap(), None);
        assert!(check_vocab::<ActorKind>("kind", Some("robot".into())).is_err());
    }
}
