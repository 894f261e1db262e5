//! Person names compared as analysts compare them: accents, case, doubled
//! letters and common transliteration variants folded (Issetov/Isetov,
//! Tokayev/Tokaev, Migaľ/Migal), initials matching given names ("K.Tokayev"
//! and "Kassym-Jomart Tokayev").

/// A comparison key: lower case, accents and y/i folded, doubled letters single,
/// only letters, digits and spaces kept.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        // The common case, a byte at a time (the same result as below).
        for b in s.bytes() {
            let l = match b.to_ascii_lowercase() {
                b'y' => b'i',
                l => l,
            };
            if l.is_ascii_alphanumeric() {
                if out.as_bytes().last() != Some(&l) {
                    out.push(l as char);
                }
            } else if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        }
        if out.ends_with(' ') {
            out.pop();
        }
        return out;
    }
    fold_chars(s, out)
}

/// [`fold`] a char at a time, into `out`.
fn fold_chars(s: &str, mut out: String) -> String {
    for c in s.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
                'a'
            }
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ě' | 'ę' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ı' | 'ī' | 'İ' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'č' | 'ć' | 'Ç' | 'Č' | 'Ć' => 'c',
            'ş' | 'š' | 'ś' | 'Ş' | 'Š' | 'Ś' => 's',
            'ğ' | 'Ğ' => 'g',
            'ž' | 'ź' | 'ż' | 'Ž' | 'Ź' | 'Ż' => 'z',
            'ñ' | 'ň' | 'ń' | 'Ñ' | 'Ň' => 'n',
            'ř' | 'Ř' => 'r',
            'ľ' | 'ĺ' | 'ł' | 'Ľ' | 'Ł' => 'l',
            'ý' | 'ÿ' | 'y' | 'Ý' | 'Y' => 'i',
            'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
            'ť' | 'Ť' => 't',
            c => c,
        };
        for l in c.to_lowercase() {
            if l.is_alphanumeric() {
                if !out.ends_with(l) {
                    out.push(l);
                }
            } else if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Whether two folded words differ by at most one edit.
fn close(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return close_in(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    close_in(&a, &b)
}

/// [`close`] over letters (bytes of ASCII words, else chars).
fn close_in<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}

/// Whether two surnames are one under spelling variants (one edit apart when long).
pub fn same_surname(a: &str, b: &str) -> bool {
    same_folded_surname(&fold(a), &fold(b))
}

/// [`same_surname`] for surnames already folded with [`fold`].
pub fn same_folded_surname(a: &str, b: &str) -> bool {
    a == b || (a.chars().count() > 4 && b.chars().count() > 4 && close(a, b))
}

/// Whether two written names can be the same person: surnames agree (under
/// variants) and given names or initials do not conflict.
pub fn same_person(a: &str, b: &str) -> bool {
    same_folded_person(&fold(a), &fold(b))
}

/// [`same_person`] for names already folded with [`fold`].
pub fn same_folded_person(fa: &str, fb: &str) -> bool {
    let (fa, fb) = (without_generation(fa), without_generation(fb));
    // No allocation: this runs for every candidate of every mention.
    let (sa, sb) = (fa.rsplit(' ').next().unwrap_or(fa), fb.rsplit(' ').next().unwrap_or(fb));
    if !(sa == sb
        || (sa.len() > 4 && sb.len() > 4 && sa.chars().count() > 4 && sb.chars().count() > 4 && close(sa, sb)))
    {
        return false;
    }
    match (fa.split_once(' '), fb.split_once(' ')) {
        (Some((ga, _)), Some((gb, _))) => given_names_agree(ga, gb),
        _ => true,
    }
}

/// Folded (short, full) given-name pairs of `data/nicknames.tsv`.
static NICKNAMES: std::sync::LazyLock<Vec<(String, String)>> = std::sync::LazyLock::new(|| {
    crate::tsv::parse("data/nicknames.tsv", include_str!("../../../data/nicknames.tsv"), &["short", "full"])
        .rows
        .iter()
        .map(|r| (fold(r.get("short")), fold(r.get("full"))))
        .collect()
});

/// Whether one folded given name is a listed short form of the other.
fn nicknames(a: &str, b: &str) -> bool {
    NICKNAMES.iter().any(|(s, f)| (s == a && f == b) || (s == b && f == a))
}

/// A folded name without a generational suffix ("joseph r biden jr": "joseph r biden").
fn without_generation(f: &str) -> &str {
    [" jr", " sr", " i", " iii", " iv"].iter().find_map(|g| f.strip_suffix(g)).unwrap_or(f)
}

/// An initial agrees with a given name it starts; two spelled-out given
/// names agree when equal, when one is a short form opening the other (Joe
/// and Joseph), or, when long, one edit apart (Tyati and Tada do not).
fn given_names_agree(a: &str, b: &str) -> bool {
    if a.chars().count() == 1 || b.chars().count() == 1 {
        a.chars().next() == b.chars().next()
    } else {
        // A short form: one opens the other ("Vlad" and "Vladimir") or
        // `data/nicknames.tsv` pairs them ("Joe" and "Joseph").
        let short_form = a.len().min(b.len()) >= 3 && (a.starts_with(b) || b.starts_with(a)) || nicknames(a, b);
        a == b || short_form || (a.chars().count() > 4 && b.chars().count() > 4 && close(a, b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn ascii_names_fold_as_any_name_does(s in "[ -~]{0,24}") {
            proptest::prop_assert_eq!(fold(&s), fold_chars(&s, String::new()));
        }
    }

    #[test]
    fn folds_variants() {
        assert_eq!(fold("Migaľ"), fold("Migal"));
        assert!(same_person("Arman Issetov", "Arman Isetov"));
        assert!(same_person("Kassym-Jomart Tokayev", "K.Tokayev"));
        assert!(same_person("Tokaev", "Kassym-Jomart Tokayev"));
        assert!(same_person("Hayri Keser", "Hayri Kesher"));
        assert!(!same_person("Martin Gold", "Martin Vojáček"));
        assert!(!same_person("Martin Gold", "Anna Gold"));
        assert!(!same_person("Tyati Geic", "Tada Geic"), "spelled-out given names must agree");
        assert!(same_person("Kasym Tokayev", "Kassym Tokaev"));
        assert!(!same_person("Tokayev", "Sadykov"));
        assert!(same_person("Joseph R. Biden, Jr.", "Joseph R. Biden"));
        assert!(same_person("Biden", "Joseph R. Biden, Jr."));
        assert!(same_person("Joe Biden", "Joseph R. Biden"));
        assert!(!same_person("Jill Biden", "Joe Biden"));
    }
}
