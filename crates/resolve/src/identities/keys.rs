//! Lookup keys of identities: the blocking keys of a person's name (its
//! surname and consonant skeleton, with the initial of its given name) and
//! the key of any other actor (kind, country, folded name).
//!
//! Input: a written name (and, for other actors, a kind and a country).
//! Output: typed keys ([`PersonKey`], [`LookupKey`]); their text (`Display`)
//! is what the store files actors under, and must not change.

use std::fmt;
use std::rc::Rc;

use attache_model::kinds::ActorKind;
use attache_model::names::fold;
use rustc_hash::FxHashMap as HashMap;

use super::Mention;

/// Where a person is blocked: under the folded surname itself, or under a
/// consonant skeleton (or one of its one-letter deletions).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Block {
    /// Written `=<surname>`, so it never meets a skeleton.
    Surname(String),
    Skeleton(String),
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Block::Surname(s) => write!(f, "={s}"),
            Block::Skeleton(s) => f.write_str(s),
        }
    }
}

/// The initial class of a given name, or any (a person known by surname alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Initial {
    Letter(char),
    /// Written `*`.
    Any,
}

impl fmt::Display for Initial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Initial::Letter(c) => write!(f, "{c}"),
            Initial::Any => f.write_str("*"),
        }
    }
}

/// A blocking key of a person's name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PersonKey {
    /// Found by mentions of a surname alone: `s|<block>`.
    Surname(Block),
    /// Found by mentions with a given name or initial: `g|<block>|<initial>`.
    Given(Block, Initial),
}

impl fmt::Display for PersonKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersonKey::Surname(b) => write!(f, "s|{b}"),
            PersonKey::Given(b, i) => write!(f, "g|{b}|{i}"),
        }
    }
}

/// A key an identity is filed under in the store and looked up by.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LookupKey {
    /// `p|<person key>`.
    Person(PersonKey),
    /// `o|<kind>|<country>|<folded name>` (country empty when unknown).
    Other { kind: ActorKind, country: Option<String>, name: String },
}

impl fmt::Display for LookupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupKey::Person(k) => write!(f, "p|{k}"),
            LookupKey::Other { kind, country, name } => {
                write!(f, "o|{kind}|{}|{name}", country.as_deref().unwrap_or(""))
            }
        }
    }
}

/// The blocking key of a person: the folded surname's consonants, with `h`
/// after a consonant dropped (Kesher/Keser, Tokayev/Tokaev agree).
fn skeleton(folded: &str) -> String {
    let surname = folded.rsplit(' ').next().unwrap_or("");
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in surname.chars() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        let soft_h = c == 'h' && prev.is_some_and(|p| !matches!(p, 'a' | 'e' | 'i' | 'o' | 'u'));
        if !vowel && !soft_h && !out.ends_with(c) {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// The keys a skeleton is filed and looked up under: itself and every form
/// with one letter deleted, so skeletons one edit apart share a key
/// ("mktr" for Mukhtar, "mhtr" for Muhtar meet at "mtr").
fn block_keys(skeleton: &str) -> Vec<String> {
    let chars: Vec<char> = skeleton.chars().collect();
    let mut keys = vec![skeleton.to_string()];
    // Keys of two letters would each hold a large share of all names: short
    // skeletons are filed under themselves only.
    // The first letter is kept: transliterations rarely change it, and keys
    // without it ("brg" of every "-berg") would hold thousands of names.
    if chars.len() > 3 {
        for i in 1..chars.len() {
            let k: String = chars.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| c).collect();
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys
}

/// The letters a folded name's given name may be written to start with, so
/// transliterations that start differently share one ("Zhanna"/"Janna",
/// "Yevgeny"/"Evgeny", "Khalid"/"Halid"/"K."); empty for a surname alone.
fn initial_classes(folded: &str) -> Vec<char> {
    let Some((given, _)) = folded.split_once(' ') else { return Vec::new() };
    let Some(first) = given.chars().next() else { return Vec::new() };
    let first = if first == 'e' { 'i' } else { first };
    let mut out = vec![first];
    if given.starts_with("zh") || given.starts_with("dzh") || first == 'z' || first == 'j' {
        out.extend(['j', 'z', 'd']);
    }
    if given.starts_with("kh") || first == 'h' {
        out.extend(['h', 'k']);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Blocking keys of a person's name. An identity is filed under `s|<block>`
/// (found by mentions of a surname alone) and under `g|<block>|<initial>`, or
/// `g|<block>|*` when it is known by surname alone; a mention with a given
/// name or initial looks up its initial's keys and the `*` ones, a surname
/// alone looks up the `s|` keys. Blocks stay small as the store grows: a
/// mention meets only the identities its surname and initial could match.
fn person_keys(name: &str, filing: bool) -> Vec<PersonKey> {
    person_key_tiers(name, filing).into_iter().flatten().collect()
}

/// Names to their keys for looking up and for filing, each key as a number
/// (equal keys, equal numbers, for the life of the memo): the same names
/// come back chunk after chunk, their keys cost more to make than to look
/// up, and numbers cost less to hash and copy than strings.
#[derive(Default)]
pub(super) struct KeyMemo {
    names: HashMap<String, [Option<Rc<[u32]>>; 2]>,
    numbers: HashMap<PersonKey, u32>,
}

impl KeyMemo {
    /// [`person_keys`] as numbers, remembered.
    pub(super) fn ids(&mut self, name: &str, filing: bool) -> Rc<[u32]> {
        if let Some(Some(keys)) = self.names.get(name).map(|k| &k[filing as usize]) {
            return keys.clone();
        }
        let numbers = &mut self.numbers;
        let keys: Rc<[u32]> = person_keys(name, filing)
            .into_iter()
            .map(|key| {
                let next = numbers.len() as u32;
                *numbers.entry(key).or_insert(next)
            })
            .collect();
        self.names.entry(name.to_string()).or_default()[filing as usize] = Some(keys.clone());
        keys
    }
}

/// [`person_keys`] in tiers, narrowest first: the folded surname itself, its
/// skeleton, and the skeleton's one-letter deletions. A narrower tier's
/// candidates are among a wider one's.
fn person_key_tiers(name: &str, filing: bool) -> [Vec<PersonKey>; 3] {
    let folded = fold(name);
    let surname = folded.rsplit(' ').next().unwrap_or("");
    let blocks = block_keys(&skeleton(&folded));
    let initials = initial_classes(&folded);
    let keys_of = |b: Block| -> Vec<PersonKey> {
        let mut keys = Vec::with_capacity(initials.len() + 1);
        if initials.is_empty() {
            if filing {
                keys.push(PersonKey::Surname(b.clone()));
                keys.push(PersonKey::Given(b, Initial::Any));
            } else {
                keys.push(PersonKey::Surname(b));
            }
        } else {
            for &i in &initials {
                keys.push(PersonKey::Given(b.clone(), Initial::Letter(i)));
            }
            keys.push(if filing { PersonKey::Surname(b) } else { PersonKey::Given(b, Initial::Any) });
        }
        keys
    };
    let exact = keys_of(Block::Surname(surname.to_string()));
    let mut blocks = blocks.into_iter().map(Block::Skeleton);
    let own = blocks.next().map(&keys_of).unwrap_or_default();
    let deletions = blocks.flat_map(keys_of).collect();
    [exact, own, deletions]
}

/// Whether two folded words are at most one edit apart (for the stress generator).
pub(crate) fn names_one_edit(a: &str, b: &str) -> bool {
    attache_model::names::same_folded_surname(&fold(a), &fold(b))
}

/// The keys under which an identity is looked up when new mentions come:
/// for a person, the blocking keys of its name and aliases; for any other
/// actor, its kind, country and folded name or alias.
pub fn lookup_keys(kind: ActorKind, country: Option<&str>, names: &[&str]) -> Vec<LookupKey> {
    let mut keys: Vec<LookupKey> = Vec::new();
    for name in names {
        if kind == ActorKind::Person {
            keys.extend(person_keys(name, true).into_iter().map(LookupKey::Person));
        } else {
            keys.push(other_key(kind, country, name));
        }
    }
    // In the order of their text, as the store has always filed them.
    keys.sort_by_cached_key(LookupKey::to_string);
    keys.dedup();
    keys
}

fn other_key(kind: ActorKind, country: Option<&str>, name: &str) -> LookupKey {
    LookupKey::Other { kind, country: country.map(str::to_string), name: fold(name) }
}

/// The keys to look up for one mention (see [`lookup_keys`]), in tiers,
/// narrowest first (the surname, its skeleton, the skeleton's one-letter
/// deletions). A caller looking identities up in a large store can try a
/// tier and go on to the next only for the mentions it finds nothing for.
pub fn mention_key_tiers(m: &Mention) -> Vec<Vec<LookupKey>> {
    if m.kind != ActorKind::Person {
        return vec![vec![other_key(m.kind, m.country.as_deref(), &m.name)]];
    }
    person_key_tiers(&m.name, false).into_iter().map(|t| t.into_iter().map(LookupKey::Person).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_written_as_the_store_files_them() {
        let b = Block::Skeleton("tkv".into());
        assert_eq!(PersonKey::Surname(b.clone()).to_string(), "s|tkv");
        assert_eq!(PersonKey::Given(b, Initial::Any).to_string(), "g|tkv|*");
        let exact = PersonKey::Given(Block::Surname("tokayev".into()), Initial::Letter('k'));
        assert_eq!(LookupKey::Person(exact).to_string(), "p|g|=tokayev|k");
        let state = other_key(ActorKind::State, Some("KAZ"), "Kazakhstan");
        assert_eq!(state.to_string(), "o|state|KAZ|kazakhstan");
        assert_eq!(other_key(ActorKind::Group, None, "The Group").to_string(), "o|group||the group");
    }

    #[test]
    fn a_full_name_is_filed_under_its_surname_skeleton_and_initial() {
        let keys: Vec<String> =
            lookup_keys(ActorKind::Person, Some("KAZ"), &["Arman Issetov"]).iter().map(|k| k.to_string()).collect();
        assert!(keys.contains(&"p|g|=isetov|a".to_string()), "{keys:?}");
        assert!(keys.contains(&"p|s|=isetov".to_string()), "{keys:?}");
        assert!(keys.contains(&"p|g|stv|a".to_string()), "{keys:?}");
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        // A surname alone looks up the surname keys only.
        let m = Mention { name: "Isetov".into(), kind: ActorKind::Person, ..Mention::default() };
        let tiers = mention_key_tiers(&m);
        assert_eq!(tiers[0], [LookupKey::Person(PersonKey::Surname(Block::Surname("isetov".into())))]);
    }
}
