//! Words of address before a name (`data/extract/honorifics.tsv`): "Mr",
//! "His Excellency", and the national ones that also tell whose official a
//! person is ("Shri", "Dato' Sri", "Samdech"). In: the text right before a
//! name; out: where the honorific it ends with starts, and its state.

use std::sync::LazyLock;

use attache_gazetteer::gazetteer;
use attache_model::tsv;

/// One honorific as written (and with a curly apostrophe), and its state.
struct Honorific {
    forms: [String; 2],
    country: Option<&'static str>,
}

static HONORIFICS: LazyLock<Vec<Honorific>> = LazyLock::new(|| {
    let table = tsv::parse(
        "data/extract/honorifics.tsv",
        include_str!("../../../data/extract/honorifics.tsv"),
        &["honorific", "country"],
    );
    let mut rows: Vec<Honorific> = table
        .rows
        .iter()
        .map(|r| {
            let h = r.get("honorific");
            let country = match r.get("country") {
                "-" => None,
                c if gazetteer().country(c).is_some() => Some(c),
                c => r.fail(format_args!("unknown country {c:?}")),
            };
            Honorific { forms: [h.to_string(), h.replace('\'', "’")], country }
        })
        .collect();
    // The longest first: "Dato' Sri" before "Dato'".
    rows.sort_by_key(|h| std::cmp::Reverse(h.forms[0].len()));
    rows
});

/// The honorific `text` ends with (after trailing spaces), as a whole word:
/// the byte where it starts and the state it names, if any.
pub(crate) fn ending(text: &str) -> Option<(usize, Option<&'static str>)> {
    let text = text.trim_end();
    HONORIFICS.iter().find_map(|h| {
        h.forms.iter().find_map(|form| {
            let start = text.strip_suffix(form.as_str()).map(str::len)?;
            let bounded = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            bounded.then_some((start, h.country))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::ending;

    #[test]
    fn national_honorifics_name_their_state() {
        assert_eq!(ending("Vice President Shri "), Some((15, Some("IND"))));
        assert_eq!(ending("the Honorable Dato’ Sri "), Some((14, Some("MYS"))));
        assert_eq!(ending("Minister Dato' "), Some((9, Some("MYS"))));
        assert_eq!(ending("President Mr "), Some((10, None)));
        // A whole word only: "Hon." is no ending of "Python.".
        assert_eq!(ending("the Tun"), Some((4, Some("MYS"))));
        assert_eq!(ending("Fortun"), None);
        assert_eq!(ending("Minister "), None);
    }
}
