//! Resolve: actor mentions and event reports from many articles in;
//! identities, occurrences and commitments out.
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
//!
//! Modules by concern: [`identities`] (mentions to identities, their keys
//! and role timelines), [`curation`] (the analysts' log re-applied),
//! [`occurrences`] (reports of one event merged), [`commitments`] (promises
//! and invitations tracked, with the fulfilment and lapse rules), and the
//! small shared [`ids`] (actor and report ids) and [`dates`] (stated dates
//! and calendar arithmetic).

pub mod commitments;
pub mod curation;
pub mod dates;
pub mod identities;
pub mod ids;
pub mod occurrences;
pub mod stress;

#[cfg(test)]
mod tests;

pub use commitments::{Commitment, Report, ReportKey, Status, Terms, commitment_of, deadline, track_commitments};
pub use curation::{Curation, apply_curation};
pub use identities::{
    Identity, LookupKey, Mention, Resolver, Role, Touched, lookup_keys, mention_key_tiers, resolve, resolve_with,
    resolve_with_rest,
};
pub use ids::{ActorId, identity_id, report_id};
pub use occurrences::{EventReport, Occurrence, merge_events};
