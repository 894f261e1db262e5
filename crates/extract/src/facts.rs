//! Facts: money and counts with unit and year ("bilateral trade amounted to
//! approximately 17 billion US dollars" in 2025).

use std::sync::LazyLock;

use attache_model::annotation::Fact;
use jiff::civil::Date;
use regex::Regex;

use crate::Sentence;

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\$\s*)?\b(\d+(?:[.,]\d+)?)\s*(billion|bln|bn|million|mln|thousand)?\s*(US dollars|U\.S\. dollars|USD|dollars|euros?|EUR|tenge|KZT|rubles|roubles|yuan|pounds)").unwrap()
});
/// The unit words of `MONEY`, in any case: a sentence without one states no sum.
static UNITS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["dollar", "usd", "euro", "eur", "tenge", "kzt", "ruble", "rouble", "yuan", "pound"])
        .expect("unit words")
});
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,6})\s+(?:[A-Z][a-z]+\s+)?(companies|enterprises|joint ventures|firms)\b").unwrap()
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[Ii]n|[Ff]or|[Ss]ince)\s+((?:19|20)\d{2})\b").unwrap());

/// What a quantity measures, from the words of its sentence.
fn what(sentence: &str, start: usize) -> Option<&'static str> {
    let before = sentence[..start].to_lowercase();
    let mut from = before.len().saturating_sub(120);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let window = &before[from..];
    if window.contains("trade") || window.contains("turnover") {
        Some("bilateral trade")
    } else if window.contains("invest") {
        Some("investment")
    } else if window.contains("aid") || window.contains("assistance") || window.contains("grant") {
        Some("aid")
    } else {
        None
    }
}

pub fn find(sentences: &[Sentence<'_>], published: Option<Date>) -> Vec<Fact> {
    let mut facts = Vec::new();
    for s in sentences.iter().filter(|s| s.index.is_some() && s.text.bytes().any(|b| b.is_ascii_digit())) {
        // Asked only of a sentence that states a quantity.
        let year = std::cell::LazyCell::new(|| {
            YEAR.captures(s.text).and_then(|c| c[1].parse().ok()).or_else(|| published.map(|p| i32::from(p.year())))
        });
        let money = UNITS.is_match(s.text).then(|| MONEY.captures_iter(s.text));
        for c in money.into_iter().flatten() {
            let m = c.get(0).unwrap();
            let Some(what) = what(s.text, m.start()) else { continue };
            let Ok(n) = c[1].replace(',', ".").parse::<f64>() else { continue };
            let scale = match c.get(2).map(|x| x.as_str().to_lowercase()).as_deref() {
                Some("billion" | "bln" | "bn") => 1e9,
                Some("million" | "mln") => 1e6,
                Some("thousand") => 1e3,
                _ => 1.0,
            };
            let unit = match c[3].to_lowercase().as_str() {
                u if u.contains("dollar") || u == "usd" => "USD",
                u if u.starts_with("euro") || u == "eur" => "EUR",
                "tenge" | "kzt" => "KZT",
                "rubles" | "roubles" => "RUB",
                "yuan" => "CNY",
                _ => "GBP",
            };
            facts.push(Fact {
                what: what.into(),
                value: n * scale,
                unit: Some(unit.into()),
                year: *year,
                evidence: s.text.to_string(),
            });
        }
        for c in COUNT.captures_iter(s.text) {
            let Ok(n) = c[1].parse::<f64>() else { continue };
            let mut from = c.get(0).unwrap().start().saturating_sub(5);
            while !s.text.is_char_boundary(from) {
                from -= 1;
            }
            if YEAR.is_match(&s.text[from..c.get(0).unwrap().end()]) {
                continue;
            }
            facts.push(Fact {
                what: format!("number of {}", &c[2]),
                value: n,
                unit: Some(c[2].to_string()),
                year: *year,
                evidence: s.text.to_string(),
            });
        }
    }
    facts
}
