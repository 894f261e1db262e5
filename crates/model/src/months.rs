//! Month names (`data/months.tsv`, compiled in) to month numbers: the one
//! table that date lines (`attache-segment`) and dates in running text
//! (`attache-extract`) read.

use std::sync::LazyLock;

use crate::tsv;

/// One written form of a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Month {
    /// As written in the table ("January", "Sept", "января").
    pub name: &'static str,
    /// 1 to 12.
    pub number: i8,
    /// ISO 639-1 code of the name's language.
    pub language: &'static str,
}

static MONTHS: LazyLock<Vec<Month>> = LazyLock::new(|| {
    tsv::parse("data/months.tsv", include_str!("../../../data/months.tsv"), &["name", "month", "language"])
        .rows
        .iter()
        .map(|r| {
            let number: i8 = r.parse("month");
            if !(1..=12).contains(&number) {
                r.fail(format_args!("month {number} is not 1 to 12"));
            }
            Month { name: r.get("name"), number, language: r.get("language") }
        })
        .collect()
});

/// (lower-case name, number) for [`number`].
static FOLDED: LazyLock<Vec<(String, i8)>> =
    LazyLock::new(|| MONTHS.iter().map(|m| (m.name.to_lowercase(), m.number)).collect());

/// Every month name of the table, in table order.
pub fn all() -> &'static [Month] {
    &MONTHS
}

/// The number of the month `word` names, ignoring case ("SEPT" -> 9).
pub fn number(word: &str) -> Option<i8> {
    let word = word.to_lowercase();
    FOLDED.iter().find(|(name, _)| *name == word).map(|&(_, n)| n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_read_as_numbers() {
        assert_eq!(super::number("Sept"), Some(9));
        assert_eq!(super::number("march"), Some(3));
        assert_eq!(super::number("мая"), Some(5));
        assert_eq!(super::number("Mayday"), None);
        assert_eq!(super::all().iter().filter(|m| m.language == "en").count(), 24);
    }
}
