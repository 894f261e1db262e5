//! Date lines of pages and feed dumps: a whole line that is a date (and maybe
//! a time), read into [`Published`]. Dates inside running text ("met on
//! Tuesday") are the extractor's business, not this module's.

use std::sync::LazyLock;

use attache_model::Published;
use jiff::civil::{Date, Time};
use regex::Regex;

/// A feed-dump article header: `24.02.2026, 15:00 7466` (date, time, views).
pub(crate) struct Header {
    pub published: Published,
    pub views: Option<u64>,
}

static HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2}):(\d{2})(?:\s+(\d{1,12}))?$").unwrap());

pub(crate) fn header(line: &str) -> Option<Header> {
    if line.len() > 40 || !line.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let c = HEADER.captures(line)?;
    let n = |i: usize| c[i].parse::<i16>().ok();
    let date = Date::new(n(3)?, n(2)? as i8, n(1)? as i8).ok()?;
    let time = Time::new(n(4)? as i8, n(5)? as i8, 0, 0).ok()?;
    Some(Header {
        published: Published { date, time: Some(time) },
        views: c.get(6).and_then(|v| v.as_str().parse().ok()),
    })
}

/// The month a word of a date line names (`data/months.tsv`, any case, a final period ignored).
fn month(word: &str) -> Option<i8> {
    attache_model::months::number(word.trim_end_matches('.'))
}

static TIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{1,2}):(\d{2})(?:\s*([ap])\.?m\.?)?").unwrap());
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+")
        .unwrap()
});
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})[./](\d{1,2})[./](\d{4}))$").unwrap());

/// Reads a line that is nothing but a date, with an optional time and
/// weekday: `19:12, 8 January 2026`, `December 20, 2021`, `08.01.2026 10:30`,
/// `2026-01-08`, `Tuesday, 6 January 2026`, `8 января 2026, 14:05`.
pub(crate) fn date_line(line: &str) -> Option<Published> {
    let line = line.trim();
    // A blog's byline after the date: "14 Dec 2010 Posted in Press releases".
    let line = POSTED_IN.find(line).map_or(line, |m| line[..m.start()].trim_end());
    // A date line is short and names a year.
    if line.len() > 80 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // A dateline with its place: "BRUSSELS, 28 April 2026", "Paris, 18 March 2026".
    if let Some(m) = PLACE.find(line)
        && let Some(p) = bare_date_line(&line[m.end()..])
    {
        return Some(p);
    }
    bare_date_line(line)
}

/// The day a title ends with: "Statement by the Minister at the Summit (May
/// 15, 2020)", "Remarks to the Assembly – 3 May 2021".
pub(crate) fn title_date(title: &str) -> Option<Published> {
    let title = title.trim();
    let tail = match title.strip_suffix(')') {
        Some(inner) => &inner[inner.rfind('(')? + 1..],
        None => title.rsplit([',', '–', '—', '|']).next()?,
    };
    // A title's own words are no date: "1 May 2021" after a comma inside a sentence is.
    bare_date_line(tail).filter(|_| tail.len() <= 30)
}

static POSTED_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s+(?:posted|published|filed)\s+(?:in|under)\s+\D{1,40}$").unwrap());

static PLACE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Lu}[\p{L} .'-]{1,30},\s+").unwrap());

fn bare_date_line(line: &str) -> Option<Published> {
    if line.len() > 48 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut time = None;
    let mut rest = line.to_string();
    if let Some(c) = TIME.captures(line) {
        let mut h: i8 = c[1].parse().ok()?;
        let m: i8 = c[2].parse().ok()?;
        match c.get(3).map(|x| x.as_str()) {
            Some("p") if h < 12 => h += 12,
            Some("a") if h == 12 => h = 0,
            _ => {}
        }
        time = Some(Time::new(h, m, 0, 0).ok()?);
        rest = format!("{} {}", &line[..c.get(0)?.start()], &line[c.get(0)?.end()..]);
    }
    let rest = rest.trim().trim_matches([',', '|', '-', '–', '/', ' ']);
    let rest = WEEKDAY.replace(rest, "");
    let rest = rest.trim().trim_end_matches(['г', '.', ' ']).trim();
    let date = if let Some(c) = NUMERIC.captures(rest) {
        if c.get(1).is_some() {
            Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?).ok()?
        } else {
            Date::new(c[6].parse().ok()?, c[5].parse().ok()?, c[4].parse().ok()?).ok()?
        }
    } else {
        let words: Vec<&str> = rest.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
        match words.as_slice() {
            // 8 January 2026
            [d, m, y] if d.chars().all(|c| c.is_ascii_digit()) => {
                Date::new(y.parse().ok()?, month(m)?, d.parse().ok()?).ok()?
            }
            // December 20, 2021
            [m, d, y] => {
                Date::new(y.parse().ok()?, month(m)?, d.trim_end_matches(|c: char| c.is_alphabetic()).parse().ok()?)
                    .ok()?
            }
            _ => return None,
        }
    };
    if !(1900..=2200).contains(&date.year()) {
        return None;
    }
    Some(Published { date, time })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(line: &str, expected: Option<&str>) {
        assert_eq!(date_line(line).map(|p| p.to_string()).as_deref(), expected, "{line}");
    }

    #[test]
    fn reads_date_lines() {
        check("19:12, 8 January 2026", Some("2026-01-08T19:12"));
        check("December 20, 2021", Some("2021-12-20"));
        check("Tuesday, 6 January 2026", Some("2026-01-06"));
        check("08.01.2026 10:30", Some("2026-01-08T10:30"));
        check("2026-01-08", Some("2026-01-08"));
        check("8 января 2026, 14:05", Some("2026-01-08T14:05"));
        check("Jan. 8, 2026 3:05 pm", Some("2026-01-08T15:05"));
        check("Kazakhstan and Belgium discussed trade in 2021", None);
        check("31 February 2026", None);
        check("Events", None);
        check("BRUSSELS, 28 April 2026", Some("2026-04-28"));
        let title = |t: &str| title_date(t).map(|p| p.to_string());
        assert_eq!(title("Statement by the Minister at the Summit (May 15, 2020)").as_deref(), Some("2020-05-15"));
        assert_eq!(title("Remarks to the Assembly – 3 May 2021").as_deref(), Some("2021-05-03"));
        assert_eq!(title("Plan of Action (2021-2025)"), None);
        assert_eq!(title("Ministers meet in Oslo"), None);
        check("Paris, 18 March 2026", Some("2026-03-18"));
        check("Kazakhstan, Belgium", None);
        check("14 Dec 2010 Posted in Press releases", Some("2010-12-14"));
        check("Posted in Press releases", None);
        check("6 Aug 2019 Posted in Press releases", Some("2019-08-06"));
        check("6 Aug 2019 Posted in [Press releases](/news/press-releases)", Some("2019-08-06"));
    }

    #[test]
    fn reads_feed_headers() {
        let h = header("24.02.2026, 15:00 7466").unwrap();
        assert_eq!(h.published.to_string(), "2026-02-24T15:00");
        assert_eq!(h.views, Some(7466));
        assert!(header("24.02.2026, 15:00").is_some());
        assert!(header("In 24.02.2026, 15:00 7466 people").is_none());
    }
}
