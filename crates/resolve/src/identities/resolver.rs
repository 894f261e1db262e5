//! The resolver: joins mentions to the identities it keeps, making new ones
//! as needed, run after run.
//!
//! Input: [`Mention`]s, and identities known before ([`Resolver::add_known`]).
//! Output: what each run did to each identity ([`Touched`]), and the
//! identities as they stand.

use std::hash::BuildHasher;

use attache_model::kinds::ActorKind;
use attache_model::names::{fold, same_folded_person};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::keys::KeyMemo;
use super::{Building, Identity, Mention, countries_agree, is_full, merge_roles};
use crate::ids::identity_id;

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
    for m in mentions.iter().filter(|m| m.kind == ActorKind::Person) {
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
    others: HashMap<(ActorKind, Option<String>, String), usize>,
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
        if k.kind == ActorKind::Person {
            for f in &folded_forms {
                self.by_form.entry(form_hash(f)).or_default().push(slot);
            }
        } else {
            for f in &folded_forms {
                self.others.entry((k.kind, k.country.clone(), f.clone())).or_insert(slot);
            }
        }
        let person = k.kind == ActorKind::Person;
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
        // Full names first, fullest first, placed (a country) before
        // unplaced, so they seed the identities; then by what each mention
        // says, never by where it came in: the same mentions given in any
        // order (articles stored by concurrent ingests get their ids in the
        // order they commit) make the same identities. Mentions equal in
        // every field are interchangeable.
        type Rank = (bool, bool, std::cmp::Reverse<usize>, bool);
        let rank: Vec<Rank> = mentions
            .iter()
            .map(|m| {
                let length = std::cmp::Reverse(m.name.chars().count());
                (m.kind != ActorKind::Person, !is_full(&m.name), length, m.country.is_none())
            })
            .collect();
        let mut order: Vec<usize> = (0..mentions.len()).collect();
        order.sort_by(|&a, &b| rank[a].cmp(&rank[b]).then_with(|| mentions[a].cmp(&mentions[b])).then(a.cmp(&b)));
        for i in order {
            let m = &mentions[i];
            let id = if m.kind != ActorKind::Person { self.other(m) } else { self.person(m) };
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
            let id = identity_id(b.kind, b.country.as_deref(), &b.name);
            let n = self.taken.entry(id.clone()).or_default();
            *n += 1;
            let id = if *n > 1 { format!("{id}-{n}") } else { id };
            self.slots.insert(id.clone(), slot);
            let b = &mut self.built[slot];
            b.id = Some(id);
            if b.kind == ActorKind::Person {
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
            if self.built[slot].renamed && self.built[slot].kind == ActorKind::Person {
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
        let key = (m.kind, m.country.clone(), fold(&m.name));
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
        let chosen = self.choose_person(m, &folded);
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
        self.take_forms(id, m, &folded);
        id
    }

    /// The kept identity a person's mention is, when one clearly is.
    fn choose_person(&mut self, m: &Mention, folded: &str) -> Option<usize> {
        let Resolver { built, by_form, keys, blocks, .. } = self;
        let fit = |b: &Building| {
            same_folded_person(&b.folded, folded)
                && countries_agree(b.country.as_deref(), m.country.as_deref())
                // Every full form the identity has been seen under must
                // fit too: one that holds "Vurai Khayev" is not "Pipo Khayev".
                && b.folded_forms.iter().zip(&b.full).all(|(f, &full)| !full || same_folded_person(f, folded))
        };
        let same_name =
            |b: &Building| b.folded == folded || (b.id.is_some() && b.folded_forms.iter().any(|f| f == folded));
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
            .get(&form_hash(folded))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&b| same_name(&built[b]) && fit(&built[b]))
            .collect();
        exact.sort_unstable();
        exact.dedup();
        if let Some(one) = one_of(&exact) {
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
        }
    }

    /// What a mention adds to the person it joined: a country, a fuller
    /// name (the id stays), another written form.
    fn take_forms(&mut self, id: usize, m: &Mention, folded: &str) {
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
                self.by_form.entry(form_hash(folded)).or_default().push(id);
            }
        }
    }
}
