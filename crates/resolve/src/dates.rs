//! Dates as resolution reads them, with calendar arithmetic by jiff.
//!
//! Input: dates as the record writes them: a day (`2026-03-04`), a month
//! (`2026-03`) or a year (`2026`). Output: a [`Stated`] date of that
//! precision, its last day, and days a year on (never a day that does not
//! exist: 31 January plus a month, or 29 February plus a year, stays in the
//! shorter month).

use jiff::civil::Date;

/// A date as precise as it was stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stated {
    Day(Date),
    /// The month of this (first) day.
    Month(Date),
    Year(i16),
}

impl Stated {
    /// Reads `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `None` for anything else
    /// (including days that do not exist).
    pub fn parse(s: &str) -> Option<Stated> {
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        match s.len() {
            10 => s.parse().ok().map(Stated::Day),
            7 if s.as_bytes()[4] == b'-' && digits(&s[..4]) && digits(&s[5..]) => {
                format!("{s}-01").parse().ok().map(Stated::Month)
            }
            4 if digits(s) => s.parse().ok().filter(|y| (1..=9999).contains(y)).map(Stated::Year),
            _ => None,
        }
    }

    /// The last day it covers.
    pub fn last_day(self) -> Date {
        match self {
            Stated::Day(d) => d,
            Stated::Month(d) => d.last_of_month(),
            Stated::Year(y) => Date::new(y, 12, 31).expect("a year from 1 to 9999 has a 31 December"),
        }
    }
}

/// The day `s` names, when it names a whole day.
pub fn day(s: &str) -> Option<Date> {
    match Stated::parse(s)? {
        Stated::Day(d) => Some(d),
        _ => None,
    }
}

/// `s` itself when it names a whole day (`YYYY-MM-DD`).
pub fn whole_day(s: &str) -> Option<&str> {
    day(s).map(|_| s)
}

/// The same day `months` months later (the month's last day when it is shorter).
pub fn months_after(d: Date, months: i32) -> Option<Date> {
    d.checked_add(jiff::Span::new().months(months)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn precision_is_read_from_the_form_not_the_length() {
        assert_eq!(Stated::parse("2026-03-04"), Some(Stated::Day(d("2026-03-04"))));
        assert_eq!(Stated::parse("2026-02"), Some(Stated::Month(d("2026-02-01"))));
        assert_eq!(Stated::parse("2026"), Some(Stated::Year(2026)));
        for bad in ["2026-02-31", "2026-13", "20260304", "soon", "2026-3", "", "abcd", "2026-1x"] {
            assert_eq!(Stated::parse(bad), None, "{bad}");
        }
        assert_eq!(whole_day("2026-03-04"), Some("2026-03-04"));
        assert_eq!(whole_day("2026-03"), None);
    }

    #[test]
    fn last_days_exist() {
        assert_eq!(Stated::parse("2026-02").unwrap().last_day(), d("2026-02-28"));
        assert_eq!(Stated::parse("2024-02").unwrap().last_day(), d("2024-02-29"));
        assert_eq!(Stated::parse("2026-04").unwrap().last_day(), d("2026-04-30"));
        assert_eq!(Stated::parse("2026").unwrap().last_day(), d("2026-12-31"));
    }

    #[test]
    fn a_month_after_31_january_is_a_real_day() {
        assert_eq!(months_after(d("2026-01-31"), 1), Some(d("2026-02-28")));
        assert_eq!(months_after(d("2024-01-31"), 1), Some(d("2024-02-29")));
        assert_eq!(months_after(d("2024-02-29"), 12), Some(d("2025-02-28")));
        assert_eq!(months_after(d("2025-12-15"), 1), Some(d("2026-01-15")));
    }
}
