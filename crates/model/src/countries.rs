//! The states filters accept: ISO 3166-1 alpha-3 codes with their alpha-2
//! code and short name (from `data/countries.tsv`), and `IGO` for
//! international organisations. [`check_country`] is the one rule, and the
//! one message, for a country value the CLI or the API is given.

use std::sync::OnceLock;

/// A state of `data/countries.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub iso3: &'static str,
    pub iso2: &'static str,
    pub name: &'static str,
}

/// Every state, in the table's order.
pub fn all() -> &'static [Country] {
    static ALL: OnceLock<Vec<Country>> = OnceLock::new();
    ALL.get_or_init(|| {
        let text = include_str!("../../../data/countries.tsv");
        let table = crate::tsv::parse(
            "countries.tsv",
            text,
            &["iso3", "iso2", "name", "official", "variants", "demonyms", "capital", "un"],
        );
        table.rows.iter().map(|r| Country { iso3: r.get("iso3"), iso2: r.get("iso2"), name: r.get("name") }).collect()
    })
}

/// The state of an ISO3 code, any case.
pub fn by_iso3(code: &str) -> Option<Country> {
    all().iter().copied().find(|c| c.iso3.eq_ignore_ascii_case(code.trim()))
}

/// A country value as a filter takes it: an ISO 3166-1 alpha-3 code we know
/// (any case) or `IGO`, upper-cased. Anything else is refused with a message
/// naming the value, the reason and, when one is near, what was meant.
pub fn check_country(value: &str) -> Result<String, String> {
    let v = value.trim();
    if v.eq_ignore_ascii_case("IGO") {
        return Ok("IGO".into());
    }
    if let Some(c) = by_iso3(v) {
        return Ok(c.iso3.to_string());
    }
    let lower = v.to_lowercase();
    let by_iso2 = all().iter().find(|c| c.iso2.eq_ignore_ascii_case(v));
    let by_name = all().iter().find(|c| c.name.to_lowercase() == lower).or_else(|| {
        (lower.chars().count() >= 3).then(|| all().iter().find(|c| c.name.to_lowercase().starts_with(&lower))).flatten()
    });
    let near = || {
        let up = v.to_uppercase();
        all()
            .iter()
            .filter(|c| up.len() == 3 && c.iso3.bytes().zip(up.bytes()).filter(|(a, b)| a != b).count() == 1)
            .take(3)
            .map(|c| format!("{} ({})", c.iso3, c.name))
            .collect::<Vec<_>>()
    };
    let hint = match (by_iso2, by_name) {
        (Some(c), _) => format!("; did you mean {} ({})? Codes are ISO 3166-1 alpha-3", c.iso3, c.name),
        (None, Some(c)) => format!("; did you mean {} ({})?", c.iso3, c.name),
        (None, None) => match near() {
            n if n.is_empty() => String::new(),
            n => format!("; did you mean {}?", n.join(" or ")),
        },
    };
    Err(format!(
        "unknown country {v:?}: not the ISO 3166-1 alpha-3 code of a state attache knows (e.g. KAZ), nor IGO{hint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_mistakes() {
        assert_eq!(check_country("kaz").unwrap(), "KAZ");
        assert_eq!(check_country("igo").unwrap(), "IGO");
        let e = check_country("XYZ").unwrap_err();
        assert!(e.starts_with("unknown country \"XYZ\""), "{e}");
        let e = check_country("KZ").unwrap_err();
        assert!(e.contains("did you mean KAZ (Kazakhstan)"), "{e}");
        let e = check_country("Portugal").unwrap_err();
        assert!(e.contains("did you mean PRT (Portugal)"), "{e}");
        let e = check_country("KAX").unwrap_err();
        assert!(e.contains("KAZ (Kazakhstan)"), "{e}");
        assert!(all().len() > 190);
    }
}
