//! Office holders the press names without their state ("President
//! Zelenskyy", "Prime Minister Kishida"): `data/extract/leaders.tsv` (names
//! and spelling variants, state, sector, organisation). Input: a person's
//! name as an article writes it; output: who the gazetteer says they are.

use std::collections::HashMap;
use std::sync::LazyLock;

use attache_model::kinds::Sector;
use attache_model::names::fold;
use attache_model::tsv;

/// What the gazetteer knows of a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Leader {
    /// The row's name: the fullest usual spelling.
    pub name: &'static str,
    pub country: &'static str,
    pub sector: Sector,
    pub org: Option<&'static str>,
}

/// Folded name or variant -> the person's row.
static LEADERS: LazyLock<HashMap<String, Leader>> = LazyLock::new(|| load().0);

/// The table, and the folded names two people share (left out: no answer
/// beats a wrong one).
fn load() -> (HashMap<String, Leader>, Vec<String>) {
    let table = tsv::parse(
        "data/extract/leaders.tsv",
        include_str!("../../../data/extract/leaders.tsv"),
        &["name", "iso3", "sector", "org", "variants"],
    );
    let mut map = HashMap::new();
    let mut shared = Vec::new();
    for r in &table.rows {
        let org = r.get("org");
        let leader = Leader {
            name: r.get("name"),
            country: r.get("iso3"),
            sector: r.parse("sector"),
            org: (org != "-").then_some(org),
        };
        let variants = r.get("variants");
        let names = std::iter::once(r.get("name")).chain(variants.split('|').filter(|v| *v != "-"));
        for name in names {
            // Spellings of one person may fold alike ("Muttaqi", "Mutaqi"); two people may not.
            if map.insert(fold(name), leader).is_some_and(|other| other != leader) {
                shared.push(fold(name));
            }
        }
    }
    for key in &shared {
        map.remove(key);
    }
    (map, shared)
}

/// Whether `name` is written as the gazetteer lists one of its people (its
/// name or a variant of two words or more: "Kishida Fumio"; a lone word
/// may be a family name written first, "Tuilaepa").
pub(crate) fn listed(name: &str) -> bool {
    name.contains(' ') && LEADERS.contains_key(&fold(name))
}

/// Whether a lone word is listed as the family name of a two-word name
/// written family name first ("Xi" of "Xi Jinping"), which the name model,
/// reading the last word as the surname, cannot match.
pub(crate) fn listed_word(name: &str) -> bool {
    !name.contains(' ')
        && LEADERS.get(&fold(name)).is_some_and(|l| {
            let words: Vec<&str> = l.name.split(' ').collect();
            words.len() == 2 && fold(words[0]) == fold(name)
        })
}

/// Whether a lone word is the family name (written last) of a listed office
/// holder ("Biden", "Zelenskyy").
pub(crate) fn listed_surname(word: &str) -> bool {
    !word.contains(' ')
        && LEADERS.get(&fold(word)).is_some_and(|l| l.name.rsplit(' ').next().is_some_and(|w| fold(w) == fold(word)))
}

/// Words of address before a name that are not part of it.
const HONORIFICS: &[&str] = &["shri", "smt", "mr", "mrs", "ms", "dr", "sir", "dame", "sheikh", "sheikha", "h.e."];

/// The office holder a name denotes: the name as written, then without
/// honorifics, middle initials and "Jr.", then first and last word, then the
/// last word alone when the gazetteer lists it as a variant (distinctive
/// surnames only: "Zelenskyy", not "Aliyev").
pub(crate) fn lookup(name: &str) -> Option<Leader> {
    let get = |n: &str| LEADERS.get(&fold(n)).copied();
    if let Some(l) = get(name) {
        return Some(l);
    }
    let words: Vec<&str> = name
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .filter(|w| !HONORIFICS.contains(&w.to_lowercase().trim_end_matches('.')))
        .filter(|w| !(w.ends_with('.') && w.chars().count() <= 3))
        .collect();
    let (first, last) = (words.first()?, words.last()?);
    let first_and_last = || (words.len() > 2).then(|| get(&format!("{first} {last}"))).flatten();
    // The last word alone: the office holder, or one of their family ("Jill
    // Biden", "Emine Erdogan": the same family name letter for letter, accents
    // aside); not another whose name only folds alike ("Mark Milley" is not
    // Javier Milei, nor "Ashley Moody" Modi).
    let letters = |w: &str| -> String { w.chars().map(|c| fold(&c.to_string())).collect() };
    let by_surname = || {
        get(last).filter(|l| {
            words.len() < 2
                || crate::mentions::given_names_agree(&words.join(" "), l.name)
                || l.name.rsplit(' ').next().is_some_and(|own| letters(own) == letters(last))
        })
    };
    get(&words.join(" ")).or_else(first_and_last).or_else(by_surname)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_the_press_writes_them() {
        let state = |n: &str| lookup(n).map(|l| l.country);
        assert_eq!(state("Volodymyr Zelenskyy"), Some("UKR"));
        assert_eq!(state("Zelensky"), Some("UKR"));
        assert_eq!(state("Shri Narendra Modi"), Some("IND"));
        assert_eq!(state("Joseph R. Biden, Jr."), Some("USA"));
        assert_eq!(state("Kari Lunde"), None);
        // One word is not a first and a last name ("Abdullah" is not "Abdullah Abdullah").
        assert_eq!(state("Abdullah"), None);
        // A family name that folds like a listed one, with another given name.
        assert_eq!(state("Mark Milley"), None);
        assert_eq!(state("Ashley Moody"), None);
        assert_eq!(state("Javier Milei"), Some("ARG"));
        // A family member keeps the family's state.
        assert_eq!(state("Jill Biden"), Some("USA"));
    }

    #[test]
    fn no_two_people_share_a_name() {
        let (map, shared) = load();
        assert!(map.len() > 1000);
        assert!(shared.is_empty(), "data/extract/leaders.tsv: names that fold alike for two people: {shared:?}");
    }
}
