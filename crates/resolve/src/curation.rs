//! Curation: an analyst's merges, splits and aliases, kept in a log and
//! re-applied in order after every resolution.
//!
//! Input: freshly resolved [`Identity`]s, their mentions and the log.
//! Output: the identities as curated, and the log entries that no longer
//! apply.

use std::collections::BTreeMap;

use attache_model::kinds::ActorKind;
use attache_model::names::{fold, same_folded_person};

use crate::identities::{Identity, Mention};

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
                    identities[i].kind == ActorKind::Person
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
                            kind: whole.kind,
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
