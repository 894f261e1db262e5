//! Resolve: actor mentions from many articles in, identities out.
//!
//! Persons are one identity under transliteration and spelling variants
//! (Issetov/Isetov, Tokayev/Tokaev, Migaľ/Migal, Keser/Kesher), initials
//! ("K.Tokayev") and titles. Mentions are blocked by a consonant skeleton of
//! the surname, so the work is near-linear; within a block a mention joins an
//! identity only when the names are compatible ([`same_person`]) and the
//! countries agree (a missing country agrees with any). Full names seed the
//! identities, fullest first; a mention with only a surname or initials joins
//! only when exactly one identity in its block fits, and otherwise stays
//! apart rather than risk a false merge. States, institutions and groups are
//! one identity per kind, country and folded name.
//!
//! Each identity keeps its role timeline: every title with the first and last
//! day it is attested. Pure: no I/O, deterministic for the same input.

use std::collections::BTreeMap;
use std::hash::BuildHasher;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use attache_model::names::{fold, same_folded_person};
use serde::{Deserialize, Serialize};

/// One actor as one article names it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mention {
    pub name: String,
    pub kind: String,
    pub title: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub org: Option<String>,
    /// Publication day of the article, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// A title held, with the first and last day it is attested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub title: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// One actor across articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// Stable for the same input: kind, country and the folded fullest name.
    pub id: String,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    /// Other forms of the name seen, sorted.
    pub aliases: Vec<String>,
    pub roles: Vec<Role>,
    /// Indices of the input mentions.
    pub mentions: Vec<usize>,
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
fn person_keys(name: &str, filing: bool) -> Vec<String> {
    person_key_tiers(name, filing).into_iter().flatten().collect()
}

/// Names to their keys for looking up and for filing, each key as a number
/// (equal keys, equal numbers, for the life of the memo): the same names
/// come back chunk after chunk, their keys cost more to make than to look
/// up, and numbers cost less to hash and copy than strings.
#[derive(Default)]
struct KeyMemo {
    names: HashMap<String, [Option<std::rc::Rc<[u32]>>; 2]>,
    numbers: HashMap<String, u32>,
}

impl KeyMemo {
    /// [`person_keys`] as numbers, remembered.
    fn ids(&mut self, name: &str, filing: bool) -> std::rc::Rc<[u32]> {
        if let Some(Some(keys)) = self.names.get(name).map(|k| &k[filing as usize]) {
            return keys.clone();
        }
        let numbers = &mut self.numbers;
        let keys: std::rc::Rc<[u32]> = person_keys(name, filing)
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
fn person_key_tiers(name: &str, filing: bool) -> [Vec<String>; 3] {
    let folded = fold(name);
    let surname = folded.rsplit(' ').next().unwrap_or("");
    let blocks = block_keys(&skeleton(&folded));
    let initials = initial_classes(&folded);
    let keys_of = |b: &str| -> Vec<String> {
        let mut keys = Vec::with_capacity(initials.len() + 1);
        if initials.is_empty() {
            keys.push(format!("s|{b}"));
            if filing {
                keys.push(format!("g|{b}|*"));
            }
        } else {
            for i in &initials {
                keys.push(format!("g|{b}|{i}"));
            }
            keys.push(if filing { format!("s|{b}") } else { format!("g|{b}|*") });
        }
        keys
    };
    // The surname tier marks its keys with `=` so they never meet a skeleton.
    let exact = keys_of(&format!("={surname}"));
    let own = keys_of(&blocks[0]);
    let deletions = blocks[1..].iter().flat_map(|b| keys_of(b)).collect();
    [exact, own, deletions]
}

/// Whether two folded words are at most one edit apart (for the stress generator).
fn names_one_edit(a: &str, b: &str) -> bool {
    attache_model::names::same_folded_surname(&fold(a), &fold(b))
}

/// Whether a written name has a given name spelled out ("Arman Issetov"), not
/// just a surname or initials ("Isetov", "A. Isetov").
fn is_full(name: &str) -> bool {
    // Some part before the last is longer than one letter.
    let mut parts = name.split([' ', '.']).filter(|p| !p.is_empty()).peekable();
    let mut long_before_last = false;
    while let Some(p) = parts.next() {
        if parts.peek().is_none() {
            return long_before_last;
        }
        long_before_last |= p.chars().nth(1).is_some();
    }
    false
}

fn countries_agree(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// A title in a normal form for the timeline ("the Ambassador of the Republic of X" ~ "Ambassador of X").
fn normal_title(t: &str) -> String {
    let t = t.trim().trim_start_matches("the ").trim_start_matches("The ");
    t.replace(" of the Republic of ", " of ").trim().to_string()
}

struct Building {
    /// The id of an identity known before this run, or none for a new one.
    id: Option<String>,
    /// Roles attested before this run.
    roles: Vec<Role>,
    name: String,
    /// `fold(name)`, kept for matching.
    folded: String,
    kind: String,
    country: Option<String>,
    forms: Vec<String>,
    /// `fold` of every form, name first (kept for matching).
    folded_forms: Vec<String>,
    /// Whether each of `folded_forms` is a full name.
    full: Vec<bool>,
    /// This run's mentions.
    mentions: Vec<usize>,
    /// Whether this run gave it a new name or form.
    renamed: bool,
}

impl Building {
    fn add_form(&mut self, name: &str) {
        let f = fold(name);
        if !self.folded_forms.contains(&f) {
            self.folded_forms.push(f);
            self.full.push(is_full(name));
        }
    }

    fn new(m: &Mention, folded: String) -> Building {
        Building {
            id: None,
            roles: Vec::new(),
            name: m.name.clone(),
            folded: folded.clone(),
            kind: m.kind.clone(),
            country: m.country.clone(),
            forms: Vec::new(),
            folded_forms: vec![folded],
            full: vec![is_full(&m.name)],
            mentions: Vec::new(),
            renamed: false,
        }
    }

    /// As an [`Identity`] (aliases sorted), without mentions.
    fn identity(&self) -> Identity {
        let mut aliases = self.forms.clone();
        aliases.sort();
        Identity {
            id: self.id.clone().unwrap_or_default(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            country: self.country.clone(),
            aliases,
            roles: self.roles.clone(),
            mentions: Vec::new(),
        }
    }
}

/// Groups mentions into identities.
pub fn resolve(mentions: &[Mention]) -> Vec<Identity> {
    resolve_with(Vec::new(), mentions)
}

/// The id an identity gets from its kind, country and name (before a suffix
/// that tells apart two identities of one name).
pub fn identity_id(kind: &str, country: Option<&str>, name: &str) -> String {
    format!(
        "{}:{}:{}",
        kind.get(..1).unwrap_or("x"),
        country.unwrap_or("xxx").to_lowercase(),
        fold(name).replace(' ', "-")
    )
}

/// The keys under which an identity is looked up when new mentions come:
/// for a person, the blocking keys of its name and aliases; for any other
/// actor, its kind, country and folded name or alias.
pub fn lookup_keys(kind: &str, country: Option<&str>, names: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for name in names {
        if kind == "person" {
            keys.extend(person_keys(name, true).into_iter().map(|k| format!("p|{k}")));
        } else {
            keys.push(other_key(kind, country, name));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

fn other_key(kind: &str, country: Option<&str>, name: &str) -> String {
    format!("o|{kind}|{}|{}", country.unwrap_or(""), fold(name))
}

/// The keys to look up for one mention (see [`lookup_keys`]), in tiers, narrowest first (the surname, its skeleton, the
/// skeleton's one-letter deletions). A caller looking identities up in a
/// large store can try a tier and go on to the next only for the mentions it
/// finds nothing for.
pub fn mention_key_tiers(m: &Mention) -> Vec<Vec<String>> {
    if m.kind != "person" {
        return vec![vec![other_key(&m.kind, m.country.as_deref(), &m.name)]];
    }
    person_key_tiers(&m.name, false).into_iter().map(|t| t.into_iter().map(|k| format!("p|{k}")).collect()).collect()
}

/// Groups mentions into identities, starting from identities known before
/// (as [`resolve`] made them, with `mentions` empty): a mention joins a known
/// identity by the same rules as one built in this run, and a known identity
/// keeps its id. Returns the known identities that gained mentions (their
/// `mentions` and `roles` cover only this run's mentions plus the roles known)
/// and the new ones. Resolving new articles against the known identities
/// touches only the identities their names could match.
pub fn resolve_with(known: Vec<Identity>, mentions: &[Mention]) -> Vec<Identity> {
    resolve_with_rest(known, mentions).0
}

/// [`resolve_with`], also handing back the known identities no mention
/// joined, as they came (so a caller that moved them in need not copy them).
pub fn resolve_with_rest(known: Vec<Identity>, mentions: &[Mention]) -> (Vec<Identity>, Vec<Identity>) {
    let mut resolver = Resolver::default();
    // Identities are filed only under the keys some mention looks up.
    let mut wanted: HashSet<u32> = HashSet::default();
    let mut seen: HashSet<&str> = HashSet::default();
    for m in mentions.iter().filter(|m| m.kind == "person") {
        if seen.insert(&m.name) {
            wanted.extend(resolver.keys.ids(&m.name, false).iter().copied());
        }
    }
    resolver.wanted = Some(wanted);
    for k in known {
        resolver.add_known(k);
    }
    let touched = resolver.resolve(mentions);
    let mut out: Vec<Identity> = Vec::with_capacity(touched.len());
    let mut untouched = Vec::new();
    let mut joined: HashMap<usize, Vec<usize>> = touched.into_iter().map(|t| (t.slot, t.mentions)).collect();
    for (slot, b) in resolver.built.into_iter().enumerate() {
        let mut aliases = b.forms;
        let mentions = match joined.remove(&slot) {
            Some(m) => {
                aliases.sort();
                m
            }
            None => Vec::new(),
        };
        let identity = Identity {
            id: b.id.unwrap_or_default(),
            name: b.name,
            kind: b.kind,
            country: b.country,
            aliases,
            roles: b.roles,
            mentions,
        };
        if identity.mentions.is_empty() { untouched.push(identity) } else { out.push(identity) }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    (out, untouched)
}

/// What one [`Resolver::resolve`] did to one identity.
#[derive(Clone, Debug)]
pub struct Touched {
    /// Where the resolver keeps it (see [`Resolver::identity_at`]).
    pub slot: usize,
    pub id: String,
    /// Made in this run.
    pub new: bool,
    /// Known before, and given a new name or form in this run (its lookup
    /// keys may have changed).
    pub renamed: bool,
    /// Indices of this run's mentions it holds.
    pub mentions: Vec<usize>,
}

/// Identities kept between runs of resolution, with the blocks, names and
/// keys that find them: a caller resolving a stream chunk by chunk adds the
/// identities it reads from a store once ([`Resolver::add_known`]), and
/// each [`Resolver::resolve`] joins mentions to every identity kept so far
/// (as [`resolve_with`] does to the known identities it is given) and
/// updates them in place (names, forms, country, role timeline).
#[derive(Default)]
pub struct Resolver {
    built: Vec<Building>,
    /// Slots of the identities by id (of those with an id).
    slots: HashMap<String, usize>,
    /// Persons by blocking key number.
    blocks: HashMap<u32, Vec<usize>>,
    /// Other actors by kind, country and folded name.
    others: HashMap<(String, Option<String>, String), usize>,
    /// Persons by the hash of the folded forms that make a mention of that
    /// very name theirs (see `exact` below); entries may be stale or collide
    /// and are checked again.
    by_form: HashMap<u64, Vec<usize>>,
    /// How many identities hold each id before its suffix ("p:kaz:name-2"
    /// counts as a second "p:kaz:name").
    taken: HashMap<String, usize>,
    keys: KeyMemo,
    /// When set, persons are filed only under these keys (a one-off run
    /// whose mentions' keys are known beforehand).
    wanted: Option<HashSet<u32>>,
}

fn form_hash(f: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(f)
}

impl Resolver {
    /// How many identities are kept.
    pub fn len(&self) -> usize {
        self.built.len()
    }

    pub fn is_empty(&self) -> bool {
        self.built.is_empty()
    }

    /// Whether the identity with this id is kept.
    pub fn contains(&self, id: &str) -> bool {
        self.slots.contains_key(id)
    }

    /// The identity with this id, as it stands (no mentions).
    pub fn identity(&self, id: &str) -> Option<Identity> {
        self.slots.get(id).map(|&s| self.built[s].identity())
    }

    /// The identity kept at `slot` (see [`Touched::slot`]), as it stands.
    pub fn identity_at(&self, slot: usize) -> Identity {
        self.built[slot].identity()
    }

    /// Files `name`'s keys for the person at `slot`.
    fn file(&mut self, slot: usize, name: &str) {
        let keys = self.keys.ids(name, true);
        for &key in keys.iter() {
            if self.wanted.as_ref().is_some_and(|w| !w.contains(&key)) {
                continue;
            }
            let list = self.blocks.entry(key).or_default();
            // Filed in slot order mostly: this identity, if there, is last.
            if list.last() != Some(&slot) && !(self.built[slot].renamed && list.contains(&slot)) {
                list.push(slot);
            }
        }
    }

    /// Keeps an identity known before (its `mentions` are ignored). An id
    /// already kept is left as it is.
    pub fn add_known(&mut self, k: Identity) {
        if self.slots.contains_key(&k.id) {
            return;
        }
        let slot = self.built.len();
        let base = match k.id.rsplit_once('-') {
            Some((b, n)) if n.parse::<usize>().is_ok() => b,
            _ => k.id.as_str(),
        };
        *self.taken.entry(base.to_string()).or_default() += 1;
        self.slots.insert(k.id.clone(), slot);
        let folded_forms: Vec<String> = std::iter::once(&k.name).chain(&k.aliases).map(|n| fold(n)).collect();
        let full = std::iter::once(&k.name).chain(&k.aliases).map(|n| is_full(n)).collect();
        if k.kind == "person" {
            for f in &folded_forms {
                self.by_form.entry(form_hash(f)).or_default().push(slot);
            }
        } else {
            for f in &folded_forms {
                self.others.entry((k.kind.clone(), k.country.clone(), f.clone())).or_insert(slot);
            }
        }
        let person = k.kind == "person";
        self.built.push(Building {
            id: Some(k.id),
            roles: k.roles,
            folded: folded_forms[0].clone(),
            name: k.name,
            kind: k.kind,
            country: k.country,
            folded_forms,
            full,
            forms: k.aliases,
            mentions: Vec::new(),
            renamed: false,
        });
        if person {
            let names: Vec<String> =
                std::iter::once(&self.built[slot].name).chain(&self.built[slot].forms).cloned().collect();
            for name in &names {
                self.file(slot, name);
            }
        }
    }

    /// Joins `mentions` to the identities kept, making new ones as needed;
    /// returns every identity that gained mentions, by id.
    pub fn resolve(&mut self, mentions: &[Mention]) -> Vec<Touched> {
        let mut touched: Vec<usize> = Vec::new();
        let first_new = self.built.len();
        // Full names first, fullest first, so they seed the identities.
        let mut order: Vec<usize> = (0..mentions.len()).collect();
        order.sort_by_cached_key(|&i| {
            let m = &mentions[i];
            (m.kind != "person", !is_full(&m.name), std::cmp::Reverse(m.name.chars().count()), i)
        });
        for i in order {
            let m = &mentions[i];
            let id = if m.kind != "person" { self.other(m) } else { self.person(m) };
            let b = &mut self.built[id];
            if b.mentions.is_empty() {
                touched.push(id);
            }
            b.mentions.push(i);
        }
        // New identities: their ids, in the order they were made, and every
        // form they took filed (a known one's forms are filed as they come).
        for slot in first_new..self.built.len() {
            let b = &self.built[slot];
            let id = identity_id(&b.kind, b.country.as_deref(), &b.name);
            let n = self.taken.entry(id.clone()).or_default();
            *n += 1;
            let id = if *n > 1 { format!("{id}-{n}") } else { id };
            self.slots.insert(id.clone(), slot);
            let b = &mut self.built[slot];
            b.id = Some(id);
            if b.kind == "person" {
                let hashes: Vec<u64> = b.folded_forms[1..].iter().map(|f| form_hash(f)).collect();
                for h in hashes {
                    self.by_form.entry(h).or_default().push(slot);
                }
            }
        }
        touched.sort_unstable();
        let mut out = Vec::with_capacity(touched.len());
        for slot in touched {
            // A person given new forms is filed under them now (a known one
            // was filed under a new full name as it came).
            if self.built[slot].renamed && self.built[slot].kind == "person" {
                let b = &self.built[slot];
                let names: Vec<String> = std::iter::once(&b.name).chain(&b.forms).cloned().collect();
                for name in &names {
                    self.file(slot, name);
                }
            }
            let b = &mut self.built[slot];
            let joined = std::mem::take(&mut b.mentions);
            merge_roles(&mut b.roles, joined.iter().map(|&i| &mentions[i]));
            out.push(Touched {
                slot,
                id: b.id.clone().unwrap_or_default(),
                new: slot >= first_new,
                renamed: b.renamed && slot < first_new,
                mentions: joined,
            });
            b.renamed = false;
        }
        out
    }

    /// The state, institution or group a mention names: one per kind,
    /// country and folded name.
    fn other(&mut self, m: &Mention) -> usize {
        let key = (m.kind.clone(), m.country.clone(), fold(&m.name));
        if let Some(&slot) = self.others.get(&key) {
            return slot;
        }
        let slot = self.built.len();
        self.built.push(Building::new(m, key.2.clone()));
        self.others.insert(key, slot);
        slot
    }

    /// The person a mention names, made anew when no identity kept is
    /// clearly the one.
    fn person(&mut self, m: &Mention) -> usize {
        let folded = fold(&m.name);
        let Resolver { built, by_form, keys, blocks, .. } = self;
        let fit = |b: &Building| {
            same_folded_person(&b.folded, &folded)
                && countries_agree(b.country.as_deref(), m.country.as_deref())
                // Every full form the identity has been seen under must
                // fit too: one that holds "Vurai Khayev" is not "Pipo Khayev".
                && b.folded_forms.iter().zip(&b.full).all(|(f, &full)| !full || same_folded_person(f, &folded))
        };
        let same_name = |b: &Building| b.folded == folded || (b.id.is_some() && b.folded_forms.contains(&folded));
        // Of several identities holding this name, the one placed exactly as
        // the mention is (same country, or both unplaced) is the one: else an
        // unplaced "Kim" beside a Korean and a Japanese "Kim" would start a
        // new identity at every mention, chunk after chunk.
        let one_of = |exact: &[usize]| -> Option<usize> {
            match exact {
                [one] => Some(*one),
                [] => None,
                many => match many.iter().filter(|&&b| built[b].country == m.country).collect::<Vec<_>>()[..] {
                    [one] => Some(*one),
                    _ => None,
                },
            }
        };
        // The same written name first; a variant only when it is the one fit.
        // Two fits of one name (one name in two countries, the mention's state
        // unknown) are ambiguous: the mention starts an identity of its own.
        // An identity holding this very name shares a key with it, so when
        // exactly one such identity fits, it is the answer without looking at
        // the whole block (the common case, and the same answer).
        let mut exact: Vec<usize> = by_form
            .get(&form_hash(&folded))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&b| same_name(&built[b]) && fit(&built[b]))
            .collect();
        exact.sort_unstable();
        exact.dedup();
        let chosen = if let Some(one) = one_of(&exact) {
            Some(one)
        } else {
            let keys = keys.ids(&m.name, false);
            let mut candidates: Vec<usize> = keys.iter().filter_map(|k| blocks.get(k)).flatten().copied().collect();
            candidates.sort_unstable();
            candidates.dedup();
            let fits: Vec<usize> = candidates.into_iter().filter(|&b| fit(&built[b])).collect();
            let exact: Vec<usize> = fits.iter().copied().filter(|&b| same_name(&built[b])).collect();
            match (one_of(&exact), fits.as_slice()) {
                (Some(one), _) => Some(one),
                (None, [one]) if exact.is_empty() => Some(*one),
                _ => None,
            }
        };
        let id = match chosen {
            Some(b) => b,
            None => {
                let slot = self.built.len();
                self.built.push(Building::new(m, folded.clone()));
                self.file(slot, &m.name);
                self.by_form.entry(form_hash(&folded)).or_default().push(slot);
                slot
            }
        };
        let b = &mut self.built[id];
        if b.country.is_none() {
            b.country.clone_from(&m.country);
        }
        // A known identity seen only by surname or initials takes the full name
        // when it comes (its id stays).
        if is_full(&m.name) && !is_full(&b.name) {
            let old = std::mem::replace(&mut b.name, m.name.clone());
            b.folded = fold(&b.name);
            b.forms.retain(|f| *f != m.name);
            b.forms.push(old);
            let name = b.name.clone();
            b.add_form(&name);
            b.renamed = true;
            let h = form_hash(&b.folded);
            self.by_form.entry(h).or_default().push(id);
            self.file(id, &name);
        }
        let b = &mut self.built[id];
        if m.name != b.name && !b.forms.contains(&m.name) {
            b.forms.push(m.name.clone());
            b.add_form(&m.name);
            b.renamed = true;
            if b.id.is_some() {
                self.by_form.entry(form_hash(&folded)).or_default().push(id);
            }
        }
        id
    }
}

/// Adds the titles of `mentions` to a role timeline (each title with the
/// first and last day it is attested), in order of first day.
fn merge_roles<'a>(roles: &mut Vec<Role>, mentions: impl Iterator<Item = &'a Mention>) {
    let mut changed = false;
    for m in mentions {
        let Some(title) = m.title.as_deref().filter(|t| !t.is_empty()) else { continue };
        let title = normal_title(title);
        // Titles are unique in a timeline; it holds a few.
        let r = match roles.iter().position(|r| r.title == title) {
            Some(at) => &mut roles[at],
            None => {
                roles.push(Role {
                    title,
                    country: m.country.clone(),
                    sector: m.sector.clone(),
                    first: None,
                    last: None,
                });
                roles.last_mut().expect("just pushed")
            }
        };
        changed = true;
        if let Some(d) = &m.date {
            if r.first.as_ref().is_none_or(|f| d < f) {
                r.first = Some(d.clone());
            }
            if r.last.as_ref().is_none_or(|l| d > l) {
                r.last = Some(d.clone());
            }
        }
    }
    if changed {
        roles.sort_by(|a, b| a.first.cmp(&b.first).then(a.title.cmp(&b.title)));
    }
}

pub mod stress;

#[cfg(test)]
mod tests;

/// An analyst's correction, kept in an auditable log and re-applied, in
/// order, after every resolution (so it survives re-extraction).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Curation {
    /// `from` is the same actor as `into`.
    Merge { into: String, from: String },
    /// The actor is several people: one actor per distinct written name.
    Split { actor: String },
    /// `name` is another name of the actor; identities under that name join it.
    Alias { actor: String, name: String },
}

/// Finds an identity by id, name or alias (names compared folded).
fn find(identities: &[Identity], key: &str) -> Option<usize> {
    let folded = fold(key);
    identities
        .iter()
        .position(|i| i.id == key)
        .or_else(|| identities.iter().position(|i| fold(&i.name) == folded))
        .or_else(|| identities.iter().position(|i| i.aliases.iter().any(|a| fold(a) == folded)))
        .or_else(|| {
            // A partial or variant form ("Galiev", "Tokaev") names the one person it fits.
            let fits: Vec<usize> = (0..identities.len())
                .filter(|&i| {
                    identities[i].kind == "person"
                        && std::iter::once(&identities[i].name)
                            .chain(&identities[i].aliases)
                            .any(|n| same_folded_person(&fold(n), &folded))
                })
                .collect();
            (fits.len() == 1).then(|| fits[0])
        })
}

fn absorb(identities: &mut Vec<Identity>, into: usize, from: usize) {
    if into == from {
        return;
    }
    let gone = identities[from].clone();
    let target = &mut identities[into];
    target.mentions.extend(gone.mentions);
    target.mentions.sort_unstable();
    for name in std::iter::once(gone.name).chain(gone.aliases) {
        if name != target.name && !target.aliases.contains(&name) {
            target.aliases.push(name);
        }
    }
    target.aliases.sort();
    for role in gone.roles {
        match target.roles.iter_mut().find(|r| r.title == role.title) {
            Some(r) => {
                if role.first < r.first || r.first.is_none() {
                    r.first.clone_from(&role.first);
                }
                if role.last > r.last {
                    r.last.clone_from(&role.last);
                }
            }
            None => target.roles.push(role),
        }
    }
    target.roles.sort_by(|a, b| a.first.cmp(&b.first).then(a.title.cmp(&b.title)));
    identities.remove(from);
}

/// Applies the curation log to freshly resolved identities. Entries whose
/// actors no longer exist are skipped and reported back by index.
pub fn apply_curation(
    mut identities: Vec<Identity>,
    mentions: &[Mention],
    log: &[Curation],
) -> (Vec<Identity>, Vec<usize>) {
    let mut skipped = Vec::new();
    for (n, entry) in log.iter().enumerate() {
        match entry {
            Curation::Merge { into, from } => match (find(&identities, into), find(&identities, from)) {
                (Some(a), Some(b)) if a != b => absorb(&mut identities, a, b),
                _ => skipped.push(n),
            },
            Curation::Alias { actor, name } => match find(&identities, actor) {
                Some(a) => {
                    let id = identities[a].id.clone();
                    if !identities[a].aliases.contains(name) && identities[a].name != *name {
                        identities[a].aliases.push(name.clone());
                        identities[a].aliases.sort();
                    }
                    let folded = fold(name);
                    while let Some(b) = identities.iter().position(|i| i.id != id && fold(&i.name) == folded) {
                        let a = identities.iter().position(|i| i.id == id).expect("the actor is kept");
                        absorb(&mut identities, a, b);
                    }
                }
                None => skipped.push(n),
            },
            Curation::Split { actor } => match find(&identities, actor) {
                Some(a) => {
                    let whole = identities.remove(a);
                    let mut parts: BTreeMap<String, Vec<usize>> = BTreeMap::new();
                    for &m in &whole.mentions {
                        parts.entry(fold(&mentions[m].name)).or_default().push(m);
                    }
                    let whole_key = fold(&whole.name);
                    for (key, ms) in parts {
                        let name = mentions[ms[0]].name.clone();
                        // The part under the actor's own name keeps its id.
                        let id = if key == whole_key {
                            whole.id.clone()
                        } else {
                            format!("{}~{}", whole.id, key.replace(' ', "-"))
                        };
                        identities.push(Identity {
                            id,
                            name,
                            kind: whole.kind.clone(),
                            country: whole.country.clone(),
                            aliases: Vec::new(),
                            roles: whole.roles.clone(),
                            mentions: ms,
                        });
                    }
                }
                None => skipped.push(n),
            },
        }
    }
    identities.sort_by(|a, b| a.id.cmp(&b.id));
    (identities, skipped)
}

/// One event as one article reports it, with its participants resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventReport {
    pub article: i64,
    /// Index of the event in its article's record.
    pub index: usize,
    pub kind: String,
    /// `YYYY-MM-DD` (or coarser).
    pub date: Option<String>,
    /// Actor ids (after resolution) on either side.
    pub actors: Vec<String>,
    /// A key of the article's text: equal keys are verbatim copies.
    pub text_key: u64,
}

/// One real-world occurrence and every report of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// The first report's `article:index`, stable for the same input.
    pub id: String,
    pub kind: String,
    pub date: Option<String>,
    pub actors: Vec<String>,
    /// Indices of the reports.
    pub reports: Vec<usize>,
    /// Reports that are not verbatim copies of one another.
    pub independent_sources: usize,
    /// Why reports were merged, one line each.
    pub log: Vec<String>,
}

/// Merges reports of one occurrence: the same type, the same day, and at least
/// one actor in common (a multilateral meeting stays one event with all its
/// participants). Reports without a day are never merged with others.
pub fn merge_events(reports: &[EventReport]) -> Vec<Occurrence> {
    let mut parent: Vec<usize> = (0..reports.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut why: Vec<(usize, String)> = Vec::new();
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        if let Some(d) = r.date.as_ref().filter(|d| d.len() == 10) {
            groups.entry((r.kind.clone(), d.clone())).or_default().push(i);
        }
    }
    // The actors of each merged group, kept at its root.
    let mut cluster: Vec<Vec<String>> = reports.iter().map(|r| r.actors.clone()).collect();
    // A person id's name as `same_folded_person` compares it, made once.
    let mut person_names: HashMap<&str, String> = HashMap::default();
    for id in reports.iter().flat_map(|r| &r.actors).filter(|id| id.starts_with("p:")) {
        person_names.entry(id.as_str()).or_insert_with(|| id.splitn(3, ':').nth(2).unwrap_or("").replace('-', " "));
    }
    for members in groups.values() {
        // Pairs are taken in order (a before b), but only those sharing an
        // actor: the others never merge.
        let mut having: HashMap<&str, Vec<usize>> = HashMap::default();
        for (x, &a) in members.iter().enumerate() {
            for id in &reports[a].actors {
                let at = having.entry(id.as_str()).or_default();
                if at.last() != Some(&x) {
                    at.push(x);
                }
            }
        }
        let mut partners: Vec<usize> = Vec::new();
        for (x, &a) in members.iter().enumerate() {
            partners.clear();
            for id in &reports[a].actors {
                let at = &having[id.as_str()];
                let from = at.partition_point(|&y| y <= x);
                partners.extend_from_slice(&at[from..]);
            }
            partners.sort_unstable();
            partners.dedup();
            for &y in &partners {
                let b = members[y];
                if reports[a].article == reports[b].article {
                    continue;
                }
                // A shared actor (every partner has one), and no person on
                // each side whom the other report does not name: a minister
                // who meets two different people on one day took part in two
                // events, while "the President met the Portuguese delegation"
                // and "the President met Minister Rangel" can be one.
                // Two persons kept apart whose names could still be one
                // (a country misread in one article) do not count as different.
                // Compared as merged so far: a report naming only the state
                // must not bridge two meetings with different people.
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                if ra == rb {
                    continue;
                }
                let unshared = |x: &[String], y: &[String]| -> Vec<&str> {
                    x.iter()
                        .filter(|id| id.starts_with("p:") && !y.contains(id))
                        .map(|id| person_names[id.as_str()].as_str())
                        .collect()
                };
                let (ua, ub) = (unshared(&cluster[ra], &cluster[rb]), unshared(&cluster[rb], &cluster[ra]));
                let others_differ =
                    !ua.is_empty() && !ub.is_empty() && !ua.iter().any(|x| ub.iter().any(|y| same_folded_person(x, y)));
                if others_differ {
                    continue;
                }
                let shared: Vec<&String> =
                    reports[a].actors.iter().filter(|id| reports[b].actors.contains(id)).collect();
                parent[rb] = ra;
                let moved = std::mem::take(&mut cluster[rb]);
                for id in moved {
                    if !cluster[ra].contains(&id) {
                        cluster[ra].push(id);
                    }
                }
                why.push((
                    a,
                    format!(
                        "{}:{} ~ {}:{}: {} on {}, shared {}",
                        reports[a].article,
                        reports[a].index,
                        reports[b].article,
                        reports[b].index,
                        reports[a].kind,
                        reports[a].date.as_deref().unwrap_or("?"),
                        shared.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..reports.len() {
        let r = root(&mut parent, i);
        by_root.entry(r).or_default().push(i);
    }
    // Each merge's line goes to its occurrence, keyed by the first report.
    let mut logs: HashMap<usize, Vec<String>> = HashMap::default();
    for (a, line) in why {
        let first = by_root[&root(&mut parent, a)][0];
        logs.entry(first).or_default().push(line);
    }
    by_root
        .into_values()
        .map(|members| {
            let first = &reports[members[0]];
            let mut actors: Vec<String> = members.iter().flat_map(|&m| reports[m].actors.clone()).collect();
            actors.sort();
            actors.dedup();
            let mut keys: Vec<u64> = members.iter().map(|&m| reports[m].text_key).collect();
            keys.sort_unstable();
            keys.dedup();
            let tag = |m: usize| format!("{}:{}", reports[m].article, reports[m].index);
            let log = logs.remove(&members[0]).unwrap_or_default();
            Occurrence {
                id: tag(members[0]),
                kind: first.kind.clone(),
                date: first.date.clone(),
                actors,
                reports: members,
                independent_sources: keys.len(),
                log,
            }
        })
        .collect()
}

/// An event report as the commitment tracker reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub article: i64,
    pub index: usize,
    pub kind: String,
    pub mode: Option<String>,
    pub date: Option<String>,
    pub published: Option<String>,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub source_countries: Vec<String>,
    pub target_countries: Vec<String>,
    pub location_country: Option<String>,
}

/// A promise or an invitation and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Commitment {
    /// `article:index` of the report that states it.
    pub id: String,
    /// `INTEND` or `INVITE`.
    pub kind: String,
    /// Who is to act: the one who intends, or the one invited.
    pub actors: Vec<String>,
    /// Where or with whom: the intended target, or the inviting side.
    pub counterparts: Vec<String>,
    pub countries: Vec<String>,
    /// When it was stated (publication day).
    pub made: Option<String>,
    /// The stated date of the act, if any.
    pub due: Option<String>,
    /// `open`, `fulfilled` or `lapsed`.
    pub status: String,
    /// `article:index` of the meeting that fulfilled it.
    pub fulfilled_by: Option<String>,
}

/// The last day a commitment can be fulfilled: its stated date (to the end
/// of a stated month or year), or a year after it was made when none is
/// stated. A visit after that is a new event, not the promise kept.
pub fn deadline(made: &str, due: Option<&str>) -> String {
    match due {
        Some(d) if d.len() == 10 => d.to_string(),
        Some(d) if d.len() == 7 => format!("{d}-31"),
        Some(d) if d.len() == 4 => format!("{d}-12-31"),
        _ => {
            let year: i32 = made.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
            format!("{}{}", year + 1, made.get(4..).unwrap_or(""))
        }
    }
}

/// Tracks every INTEND and INVITE: fulfilled when a later MEET has the actor
/// who was to act together with the counterpart (an actor named, or a state:
/// by a participant's country or the meeting's place); lapsed when the stated
/// date has passed by `today` with no such meeting; open otherwise.
pub fn track_commitments(reports: &[Report], today: Option<&str>) -> Vec<Commitment> {
    let when = |r: &Report| r.date.clone().filter(|d| d.len() == 10).or_else(|| r.published.clone());
    reports
        .iter()
        .filter(|r| r.kind == "INTEND" || r.kind == "INVITE")
        .map(|c| {
            let (actors, counterparts, countries) = if c.kind == "INVITE" {
                (c.target.clone(), c.source.clone(), c.source_countries.clone())
            } else {
                (c.source.clone(), c.target.clone(), c.target_countries.clone())
            };
            let made = c.published.clone();
            let fulfilled = reports.iter().filter(|m| m.kind == "MEET").find(|m| {
                let due = if c.kind == "INTEND" { c.date.as_deref() } else { None };
                let later = match (&made, when(m)) {
                    (Some(made), Some(w)) => w.as_str() > made.as_str() && w.as_str() <= deadline(made, due).as_str(),
                    _ => false,
                };
                let people: Vec<&String> = m.source.iter().chain(&m.target).collect();
                let with_actor = actors.iter().any(|a| people.contains(&a));
                let met_counterpart = counterparts.iter().any(|a| people.contains(&a));
                let own: Vec<&String> =
                    m.source_countries.iter().chain(&m.target_countries).chain(&m.location_country).collect();
                let in_country = countries.iter().any(|c| c != "IGO" && own.contains(&c));
                later && with_actor && (met_counterpart || in_country)
            });
            let due = if c.kind == "INTEND" { c.date.clone() } else { None };
            let status = match (&fulfilled, &due, today) {
                (Some(_), _, _) => "fulfilled",
                // A month ("2026-04") lapses after its last day: compare at its precision.
                (None, Some(d), Some(t)) if t.get(..d.len()).is_some_and(|t| t > d.as_str()) => "lapsed",
                _ => "open",
            };
            Commitment {
                id: format!("{}:{}", c.article, c.index),
                kind: c.kind.clone(),
                actors,
                counterparts,
                countries,
                made,
                due,
                status: status.to_string(),
                fulfilled_by: fulfilled.map(|m| format!("{}:{}", m.article, m.index)),
            }
        })
        .collect()
}
