//! Dates in running text, resolved against the publication day: absolute
//! ("8 January 2026", "December 20, 2021", "24.02.2026", "March 15",
//! "16-17 March", "27-29 May 2025", "in 2021") and relative ("on Tuesday",
//! "yesterday", "last year", "this year", "next month").

use std::sync::LazyLock;

use attache_model::kinds::DateBasis;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use regex::Regex;

/// A date found in a sentence, at the precision the text gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundDate {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub value: String,
    /// [`DateBasis::Stated`] or [`DateBasis::Relative`].
    pub basis: DateBasis,
    pub start: usize,
    pub end: usize,
    /// The day (or first day of the period) for comparisons.
    pub day: Date,
}

/// The English month names of `data/months.tsv` as one alternation, in table order.
static MONTHS: LazyLock<String> = LazyLock::new(|| {
    let names: Vec<&str> = attache_model::months::all().iter().filter(|m| m.language == "en").map(|m| m.name).collect();
    names.join("|")
});

static MAYBE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\d|(?:{}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|year|month|week|ago)",
        &*MONTHS
    ))
    .unwrap()
});

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:[-–]|to|and)\s*\d{{1,2}})?(?:st|nd|rd|th)?\s+(?:day\s+of\s+|of\s+)?({MONTHS})\.?(?:,?\s+(\d{{4}}|two thousand(?: and)? [a-z]+(?:-[a-z]+)?))?\b",
        MONTHS = &*MONTHS
    ))
    .unwrap()
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:[-–]|to|and)\s*\d{{1,2}})?(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?",
        MONTHS = &*MONTHS
    ))
    .unwrap()
});
static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b(?:in\s+)?({MONTHS})\s+(\d{{4}})\b", MONTHS = &*MONTHS)).unwrap());
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Ff]rom)\s+((?:19|20)\d{2})\b(?:\s*[-–/]\s*(\d{2,4})\b)?").unwrap()
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[Oo]n|[Ll]ast)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b").unwrap()
});
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?:in|[Ii]n early|[Ii]n late|[Ii]n mid-)\s+({MONTHS})\b", MONTHS = &*MONTHS)).unwrap()
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(yesterday|today|the day before yesterday|last year|this year|next year|last month|this month|next month|last week|next week|tomorrow)\b").unwrap()
});

fn month_number(name: &str) -> i8 {
    attache_model::months::number(name).unwrap_or(1)
}

/// Dates found so far in a sentence: a date overlapping one found before is dropped.
#[derive(Default)]
struct Found(Vec<FoundDate>);

impl Found {
    fn push(&mut self, start: usize, end: usize, day: Option<Date>, value: String, basis: DateBasis) {
        if let Some(day) = day
            && !self.0.iter().any(|d| d.start < end && start < d.end)
        {
            self.0.push(FoundDate { value, basis, start, end, day });
        }
    }
}

/// All dates in a sentence, in text order. `published` resolves relative
/// expressions and gives year-less dates ("March 15") their year.
pub fn find(sentence: &str, published: Option<Date>) -> Vec<FoundDate> {
    let mut out = Found::default();
    // Most sentences name no date: one cheap pass decides.
    if !MAYBE_DATE.is_match(sentence) {
        return out.0;
    }
    days(sentence, published, &mut out);
    months_and_years(sentence, published, &mut out);
    if let Some(p) = published {
        relative(sentence, p, &mut out);
    }
    out.0.sort_by_key(|d| d.start);
    out.0
}

/// "— Embassy of X (@handle) January 17, 2020": the signature line a page
/// gives each post it embeds, after the post's text.
static POST_SIGNATURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[—–] .{0,80}\(@\w{1,30}\) (.{6,30})$").expect("post signature"));

/// Whether a sentence is an embedded post's signature line.
pub(crate) fn post_signature(sentence: &str) -> bool {
    POST_SIGNATURE.is_match(sentence.trim())
}

/// The day each sentence was written on, where it differs from the page's: a
/// post embedded in the page ("this afternoon" in a post signed "January 17,
/// 2020") is of the day its signature line gives, the first one after it.
/// `None` where the page's own day holds.
pub fn post_days(sentences: &[&str]) -> Vec<Option<Date>> {
    let mut days = vec![None; sentences.len()];
    let mut current = None;
    for (i, s) in sentences.iter().enumerate().rev() {
        if let Some(c) = POST_SIGNATURE.captures(s.trim()) {
            current = find(&c[1], None).into_iter().find(|d| d.value.len() == 10).map(|d| d.day);
        }
        days[i] = current;
    }
    days
}

/// A year of this century in words, as treaties write it: "two thousand and twenty-five".
fn year_in_words(text: &str) -> Option<i16> {
    const UNITS: &[&str] = &[
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    let rest = text.strip_prefix("two thousand")?.trim_start().trim_start_matches("and ").trim();
    let unit = |w: &str| UNITS.iter().position(|u| *u == w).map(|i| i as i16 + 1);
    let n = match rest.split_once('-') {
        Some((t, u)) => TENS.iter().position(|x| *x == t).map(|i| i as i16 * 10 + 20)? + unit(u)?,
        None => unit(rest).or_else(|| TENS.iter().position(|x| *x == rest).map(|i| i as i16 * 10 + 20))?,
    };
    Some(2000 + n)
}

/// Whole days: "8 January 2026", "December 20, 2021", "24.02.2026", "March 15".
fn days(sentence: &str, published: Option<Date>, out: &mut Found) {
    let year_of = |y: Option<regex::Match<'_>>| -> Option<i16> {
        y.and_then(|m| m.as_str().parse().ok().or_else(|| year_in_words(m.as_str())))
            .or_else(|| published.map(|p| p.year()))
    };
    for c in DAY_MONTH_YEAR.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let day = year_of(c.get(3)).and_then(|y| Date::new(y, month_number(&c[2]), c[1].parse().ok()?).ok());
        out.push(m.start(), m.end(), day, day.map(|d| d.to_string()).unwrap_or_default(), DateBasis::Stated);
    }
    for c in MONTH_DAY_YEAR.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let day = year_of(c.get(3)).and_then(|y| Date::new(y, month_number(&c[1]), c[2].parse().ok()?).ok());
        out.push(m.start(), m.end(), day, day.map(|d| d.to_string()).unwrap_or_default(), DateBasis::Stated);
    }
    for c in NUMERIC.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let day = Date::new(c[3].parse().unwrap_or(0), c[2].parse().unwrap_or(0), c[1].parse().unwrap_or(0)).ok();
        out.push(m.start(), m.end(), day, day.map(|d| d.to_string()).unwrap_or_default(), DateBasis::Stated);
    }
}

/// Months and years: "September 2022", "in April" (of the publication year), "in 2021".
fn months_and_years(sentence: &str, published: Option<Date>, out: &mut Found) {
    for c in MONTH_YEAR.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let y: i16 = c[2].parse().unwrap_or(0);
        let mo = month_number(&c[1]);
        out.push(m.start(), m.end(), Date::new(y, mo, 1).ok(), format!("{y:04}-{mo:02}"), DateBasis::Stated);
    }
    if let Some(p) = published {
        for c in MONTH_ALONE.captures_iter(sentence) {
            let m = c.get(0).unwrap();
            let mo = month_number(&c[1]);
            out.push(
                m.start(),
                m.end(),
                Date::new(p.year(), mo, 1).ok(),
                format!("{:04}-{mo:02}", p.year()),
                DateBasis::Relative,
            );
        }
    }
    for c in YEAR.captures_iter(sentence) {
        let m = c.get(1).unwrap();
        // A period ("in 2010-2011", "from 2012") is dated by its first year,
        // and lasts until its last: a pledge "in 2010-2011" made in 2011 is ahead.
        let y: i16 = m.as_str().parse().unwrap_or(0);
        let last =
            c.get(2).and_then(|e| e.as_str().parse::<i16>().ok()).map(|e| if e < 100 { y / 100 * 100 + e } else { e });
        let until = last.filter(|&e| e > y && e - y <= 10).unwrap_or(y);
        out.push(m.start(), m.end(), Date::new(until, 1, 1).ok(), format!("{y:04}"), DateBasis::Stated);
    }
}

/// Days and periods reckoned from the publication day: "on Tuesday", "yesterday", "last year".
fn relative(sentence: &str, p: Date, out: &mut Found) {
    for c in WEEKDAY.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let wd = match &c[1] {
            "Monday" => Weekday::Monday,
            "Tuesday" => Weekday::Tuesday,
            "Wednesday" => Weekday::Wednesday,
            "Thursday" => Weekday::Thursday,
            "Friday" => Weekday::Friday,
            "Saturday" => Weekday::Saturday,
            _ => Weekday::Sunday,
        };
        // The latest such weekday on or before the publication day: an agency
        // reporting "on Monday" on a Monday means that day.
        let day = p.checked_add(1.day()).ok().and_then(|next| next.nth_weekday(-1, wd).ok());
        out.push(m.start(), m.end(), day, day.map(|d| d.to_string()).unwrap_or_default(), DateBasis::Relative);
    }
    for c in RELATIVE.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let (day, value) = match c[1].to_lowercase().as_str() {
            "yesterday" => (p.checked_sub(1.day()).ok(), None),
            "the day before yesterday" => (p.checked_sub(2.days()).ok(), None),
            "today" => (Some(p), None),
            "tomorrow" => (p.checked_add(1.day()).ok(), None),
            "last year" => (Date::new(p.year() - 1, 1, 1).ok(), Some(format!("{:04}", p.year() - 1))),
            "this year" => (Date::new(p.year(), 1, 1).ok(), Some(format!("{:04}", p.year()))),
            "next year" => (Date::new(p.year() + 1, 1, 1).ok(), Some(format!("{:04}", p.year() + 1))),
            "last week" => (p.checked_sub(7.days()).ok(), None),
            "next week" => {
                let d = p.checked_add(7.days()).ok();
                (d, d.map(|d| format!("{:04}-{:02}", d.year(), d.month())))
            }
            "last month" => {
                let d = p.checked_sub(1.month()).ok();
                (d, d.map(|d| format!("{:04}-{:02}", d.year(), d.month())))
            }
            "this month" => (Some(p), Some(format!("{:04}-{:02}", p.year(), p.month()))),
            _ => {
                let d = p.checked_add(1.month()).ok();
                (d, d.map(|d| format!("{:04}-{:02}", d.year(), d.month())))
            }
        };
        let value = value.or_else(|| day.map(|d| d.to_string())).unwrap_or_default();
        out.push(m.start(), m.end(), day, value, DateBasis::Relative);
    }
    ago(sentence, p, out);
}

/// Periods back from the publication day: "two years ago", "a year ago this week".
fn ago(sentence: &str, p: Date, out: &mut Found) {
    // "two years ago" (a year), "three months ago" (a month), "ten days ago" (a day).
    for c in AGO.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let n: i64 = match c[1].to_lowercase().as_str() {
            "a" | "an" | "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "ten" => 10,
            digits => digits.parse().unwrap_or(0),
        };
        let unit = c[2].to_lowercase();
        // The day reckoned, and how many characters of it the text gives.
        let (day, precision) = if unit.starts_with("year") {
            (i16::try_from(i64::from(p.year()) - n).ok().and_then(|y| Date::new(y, 1, 1).ok()), 4)
        } else if unit.starts_with("month") {
            (p.checked_sub(n.months()).ok(), 7)
        } else if unit.starts_with("week") {
            (p.checked_sub((7 * n).days()).ok(), 10)
        } else {
            (p.checked_sub(n.days()).ok(), 10)
        };
        // "a year ago this week": the week (so the month) a year back.
        let precision = match c.get(3).map(|x| x.as_str().to_lowercase()) {
            Some(w) if w == "today" => 10,
            Some(_) => precision.max(7),
            None => precision,
        };
        let day = if precision > 4 && unit.starts_with("year") {
            i16::try_from(i64::from(p.year()) - n).ok().and_then(|y| Date::new(y, p.month(), p.day()).ok())
        } else {
            day
        };
        let value = day.map(|d| d.to_string()[..precision].to_string()).unwrap_or_default();
        if n > 0 {
            out.push(m.start(), m.end(), day, value, DateBasis::Relative);
        }
    }
}

static AGO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(a|an|one|two|three|four|five|six|ten|\d{1,2}) (years?|months?|weeks?|days?) ago\b(?: (today|this week|this month))?").unwrap()
});

/// A noun of a span of time ("this autumn", "this year"): after "this" it dates, it does not refer back.
pub(crate) fn is_time_noun(word: &str) -> bool {
    matches!(
        word.trim_end_matches([',', '.']).to_lowercase().as_str(),
        "year"
            | "month"
            | "week"
            | "day"
            | "morning"
            | "afternoon"
            | "evening"
            | "spring"
            | "summer"
            | "autumn"
            | "fall"
            | "winter"
            | "time"
            | "season"
            | "decade"
            | "quarter"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(sentence: &str, published: &str, expected: &[(&str, &str)]) {
        let got: Vec<(String, &str)> =
            find(sentence, published.parse().ok()).into_iter().map(|d| (d.value, d.basis.as_str())).collect();
        let expected: Vec<(String, &str)> = expected.iter().map(|(v, b)| (v.to_string(), *b)).collect();
        assert_eq!(got, expected, "{sentence}");
    }

    #[test]
    fn absolute_dates() {
        check("They met on 8 January 2026 in Oslo.", "2026-01-10", &[("2026-01-08", "stated")]);
        check("Norway will fund the programme in 2026-2027.", "2026-01-10", &[("2026", "stated")]);
        check("Done at Oslo this 22nd day of September, 2011.", "2011-09-23", &[("2011-09-22", "stated")]);
        check("We talked at the summit two years ago.", "2021-12-01", &[("2019", "relative")]);
        check("They met three months ago.", "2021-12-01", &[("2021-09", "relative")]);
        check("Next week, I will visit Oslo.", "2021-12-01", &[("2021-12", "relative")]);
        check("He will speak in Oslo tomorrow.", "2021-12-01", &[("2021-12-02", "relative")]);
        check("One year ago this week, they spoke.", "2023-02-20", &[("2022-02", "relative")]);
        check(
            "Signed this 28th day of October, two thousand and twenty-five.",
            "2025-10-28",
            &[("2025-10-28", "stated")],
        );
        check("She will visit Oslo from 8 to 10 May 2026.", "2026-05-01", &[("2026-05-08", "stated")]);
        check("The fair runs May 8th to 10th, 2026.", "2026-05-01", &[("2026-05-08", "stated")]);
        check("Signed on December 20, 2021.", "2022-01-01", &[("2021-12-20", "stated")]);
        check("The visit on 27-29 May 2025 was a success.", "2026-03-10", &[("2025-05-27", "stated")]);
        check("A seminar on 16-17 March.", "2026-03-10", &[("2026-03-16", "stated")]);
        check("The referendum on March 15 will decide.", "2026-02-23", &[("2026-03-15", "stated")]);
        check("Talks in Brussels in 2021 helped.", "2026-02-23", &[("2021", "stated")]);
        check("The plan for 2026-2029 was shown.", "2026-02-23", &[]);
        check("Dated 24.02.2026 it was.", "2026-02-25", &[("2026-02-24", "stated")]);
        check("It will be held in September 2022.", "2021-12-20", &[("2022-09", "stated")]);
    }

    #[test]
    fn posts_take_their_signature_day() {
        let sentences = [
            "The ambassador toured the state.",
            "Great talks this afternoon with the governor.",
            "— Embassy of Norland (@NorlandEmb) January 17, 2020",
            "Visited the university today.",
            "— Embassy of Norland (@NorlandEmb) January 16, 2020",
            "More photos are below.",
        ];
        let days: Vec<Option<String>> = post_days(&sentences).iter().map(|d| d.map(|d| d.to_string())).collect();
        let jan = |d: &str| Some(format!("2020-01-{d}"));
        assert_eq!(days, [jan("17"), jan("17"), jan("17"), jan("16"), jan("16"), None]);
    }

    #[test]
    fn relative_dates() {
        check("The envoy met on Tuesday with the minister.", "2026-01-08", &[("2026-01-06", "relative")]);
        check("His state visit last year helped.", "2026-02-24", &[("2025", "relative")]);
        check("They spoke yesterday.", "2026-03-01", &[("2026-02-28", "relative")]);
        check("They spoke on Tuesday.", "", &[]);
        check("On Tuesday, they spoke.", "2026-01-08", &[("2026-01-06", "relative")]);
        check("A visit in April is planned.", "2026-01-08", &[("2026-04", "relative")]);
    }
}
