//! Opaque page cursors: the sort key of the last item a page held, tagged
//! with the list it belongs to, in URL-safe base64. Clients pass them back
//! unchanged; a cursor that does not decode, or belongs to another list, is
//! a 400.

use attache_store::{ArticleKey, EventKey};

use crate::error::ApiError;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn encode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        if chunk.len() < 2 {
            return None;
        }
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = ALPHABET.iter().position(|a| a == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            bytes.push((n >> (16 - 8 * i)) as u8);
        }
    }
    String::from_utf8(bytes).ok()
}

fn bad() -> ApiError {
    ApiError::bad_request("malformed cursor: pass back the next_cursor of the previous page unchanged")
}

fn fields(cursor: &str, tag: &str, n: usize) -> Result<Vec<String>, ApiError> {
    let text = decode(cursor).ok_or_else(bad)?;
    let parts: Vec<String> = text.split('|').map(str::to_string).collect();
    if parts.len() != n + 1 || parts[0] != tag {
        return Err(bad());
    }
    Ok(parts[1..].to_vec())
}

/// The cursor after an event in the newest-first order, or the oldest-first
/// one (`oldest`): a cursor of one order is refused by the other.
pub fn event_in(key: &EventKey, oldest: bool) -> String {
    let tag = if oldest { "eo" } else { "e" };
    encode(&format!("{tag}|{}|{}", key.date.as_deref().unwrap_or(""), key.rowid))
}

pub fn parse_event_in(cursor: &str, oldest: bool) -> Result<EventKey, ApiError> {
    let f = fields(cursor, if oldest { "eo" } else { "e" }, 2)?;
    Ok(EventKey { date: Some(f[0].clone()).filter(|d| !d.is_empty()), rowid: f[1].parse().map_err(|_| bad())? })
}

/// The cursor after an article.
pub fn article(key: &ArticleKey) -> String {
    encode(&format!("a|{}|{}", key.published.as_deref().unwrap_or(""), key.id))
}

pub fn parse_article(cursor: &str) -> Result<ArticleKey, ApiError> {
    let f = fields(cursor, "a", 2)?;
    Ok(ArticleKey { published: Some(f[0].clone()).filter(|d| !d.is_empty()), id: f[1].parse().map_err(|_| bad())? })
}

/// The cursor of a list paged by position (small lists: actors, facts, ...).
pub fn offset(list: &str, offset: usize) -> String {
    encode(&format!("{list}|{offset}"))
}

pub fn parse_offset(list: &str, cursor: &str) -> Result<usize, ApiError> {
    fields(cursor, list, 1)?[0].parse().map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in ["", "a", "ab", "abc", "e|2026-03-01|12|0", "é|ü", "a|2026-01-08T19:12|3"] {
            assert_eq!(decode(&encode(s)).as_deref(), Some(s), "{s}");
        }
        let k = EventKey { date: Some("2026-03".into()), rowid: 7 };
        assert_eq!(parse_event_in(&event_in(&k, false), false).unwrap(), k);
        let k = EventKey { date: None, rowid: 7 };
        assert_eq!(parse_event_in(&event_in(&k, false), false).unwrap(), k);
        assert_eq!(parse_offset("actors", &offset("actors", 40)).unwrap(), 40);
    }

    #[test]
    fn rejects_foreign_and_broken_cursors() {
        assert!(parse_offset("facts", &offset("actors", 40)).is_err());
        assert!(parse_event_in("!!!", false).is_err());
        assert!(parse_event_in("x", false).is_err());
        assert!(parse_article(&event_in(&EventKey { date: None, rowid: 1 }, false)).is_err());
        // A cursor of the newest-first order is refused by the oldest-first one.
        assert!(parse_event_in(&event_in(&EventKey { date: None, rowid: 1 }, false), true).is_err());
    }
}
