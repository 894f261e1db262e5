//! The seam between the backends for writes: a [`Batch`] (documents and
//! their records) and a [`Resolution`] (one transaction of resolution) are
//! the SQLite or the PostgreSQL one, with the same methods, so the pipeline
//! never knows which database it writes to.

use attache_model::annotation::Extraction;
use attache_model::kinds::EventKind;
use attache_model::{Article, Document};
use attache_resolve::{Commitment, LookupKey, ReportKey, Terms};

use crate::articles::SqliteBatch;
use crate::resolution::SqliteResolution;
use crate::{OpenCommitment, RecordRow, ReportRow, Result, Stored, StoredActor, StoredOccurrence, pg};

/// Writes of documents: on SQLite one transaction for many documents
/// (dropped without `commit`, they vanish); on PostgreSQL one transaction
/// per document, so concurrent ingests never hold each other's documents
/// (a document is still stored whole or not at all).
pub struct Batch<'a>(pub(crate) BatchOn<'a>);

pub(crate) enum BatchOn<'a> {
    Sqlite(SqliteBatch<'a>),
    Postgres(pg::PgBatch<'a>),
}

/// Calls the same method on whichever backend `$on` holds.
macro_rules! on_backend {
    ($on:expr, $enum:ident, $b:ident => $call:expr) => {
        match $on {
            $enum::Sqlite($b) => $call,
            $enum::Postgres($b) => $call,
        }
    };
}

impl Batch<'_> {
    /// Stores a document, its articles and (when given, one per article) what
    /// the extractor made of them.
    pub fn put_document(&self, doc: &Document, articles: &[Article], extractions: &[Extraction]) -> Result<Stored> {
        on_backend!(&self.0, BatchOn, b => b.put_document(doc, articles, extractions))
    }

    /// Stores a document without its articles: its id and version, or `None`
    /// when a document of the same content is stored already. Its articles
    /// follow with [`Batch::put_articles`], in one or more parts.
    pub fn begin_document(&self, doc: &Document) -> Result<Option<(i64, i64)>> {
        on_backend!(&self.0, BatchOn, b => b.begin_document(doc))
    }

    /// Stores articles of the document `doc_id` and what the extractor made of them.
    pub fn put_articles(&self, doc_id: i64, articles: &[Article], extractions: &[Extraction]) -> Result<()> {
        on_backend!(&self.0, BatchOn, b => b.put_articles(doc_id, articles, extractions))
    }

    /// Opens a savepoint: what is written after it can be undone alone
    /// ([`Batch::undo_to_mark`]) without losing the rest of the batch.
    pub fn mark(&self) -> Result<()> {
        on_backend!(&self.0, BatchOn, b => b.mark())
    }

    /// Keeps what was written since [`Batch::mark`].
    pub fn keep_since_mark(&self) -> Result<()> {
        on_backend!(&self.0, BatchOn, b => b.keep_since_mark())
    }

    /// Undoes what was written since [`Batch::mark`] (a document abandoned half stored).
    pub fn undo_to_mark(&self) -> Result<()> {
        on_backend!(&self.0, BatchOn, b => b.undo_to_mark())
    }

    pub fn commit(self) -> Result<()> {
        on_backend!(self.0, BatchOn, b => b.commit())
    }
}

/// Reads and writes of resolution inside one transaction; dropped without
/// `commit`, they vanish. On PostgreSQL it holds the resolution lock, so one
/// process resolves at a time, and reads only articles committed when it began.
pub struct Resolution<'a>(pub(crate) ResolutionOn<'a>);

pub(crate) enum ResolutionOn<'a> {
    Sqlite(SqliteResolution<'a>),
    Postgres(pg::PgResolution<'a>),
}

impl Resolution<'_> {
    /// How far resolution has come, as this transaction sees it (another
    /// process may have resolved since the caller last looked).
    pub fn resolved_upto(&self) -> Result<Option<i64>> {
        on_backend!(&self.0, ResolutionOn, r => r.resolved_upto())
    }

    /// Removes everything resolution made (before a full resolution).
    pub fn clear(&self) -> Result<()> {
        on_backend!(&self.0, ResolutionOn, r => r.clear())
    }

    /// The highest article id in the store (0 when empty).
    pub fn last_article(&self) -> Result<i64> {
        on_backend!(&self.0, ResolutionOn, r => r.last_article())
    }

    /// Up to `limit` records of current articles with ids above `after`, in id order.
    pub fn records_after(&self, after: i64, limit: usize) -> Result<Vec<RecordRow>> {
        on_backend!(&self.0, ResolutionOn, r => r.records_after(after, limit))
    }

    /// The records of these current articles, in the order given (others are left out).
    pub fn records_of(&self, ids: &[i64]) -> Result<Vec<RecordRow>> {
        on_backend!(&self.0, ResolutionOn, r => r.records_of(ids))
    }

    /// The articles up to `upto` with an event of type `kind` dated `day`, in id order.
    pub fn articles_with_events_on(&self, kind: EventKind, day: &str, upto: i64) -> Result<Vec<i64>> {
        on_backend!(&self.0, ResolutionOn, r => r.articles_with_events_on(kind, day, upto))
    }

    /// The actor links of these articles: (article, local id, actor id).
    pub fn links_of(&self, ids: &[i64]) -> Result<Vec<(i64, String, String)>> {
        on_backend!(&self.0, ResolutionOn, r => r.links_of(ids))
    }

    /// The ids of the actors filed under `key` (see `put_actor_keys`).
    pub fn actor_ids(&self, key: &LookupKey) -> Result<Vec<String>> {
        on_backend!(&self.0, ResolutionOn, r => r.actor_ids(key))
    }

    /// The actors with these ids (unknown ids are left out).
    pub fn actors_by_ids(&self, ids: Vec<String>) -> Result<Vec<StoredActor>> {
        on_backend!(&self.0, ResolutionOn, r => r.actors_by_ids(ids))
    }

    /// Inserts an actor, or updates it with `added` more mentions.
    pub fn put_actor(&self, a: &StoredActor, added: i64) -> Result<()> {
        on_backend!(&self.0, ResolutionOn, r => r.put_actor(a, added))
    }

    /// Files an actor under lookup keys.
    pub fn put_actor_keys(&self, actor_id: &str, keys: &[LookupKey]) -> Result<()> {
        on_backend!(&self.0, ResolutionOn, r => r.put_actor_keys(actor_id, keys))
    }

    /// Links article-local actors to actors: (article, local id, actor id).
    pub fn put_links<L: AsRef<str>, A: AsRef<str>>(&self, links: &[(i64, L, A)]) -> Result<()> {
        on_backend!(&self.0, ResolutionOn, r => r.put_links(links))
    }

    /// Files a meeting under each person taking part.
    pub fn put_meeting(&self, report: &ReportRow) -> Result<()> {
        on_backend!(&self.0, ResolutionOn, r => r.put_meeting(report))
    }

    /// How many resolutions have been committed (each commit adds one).
    pub fn generation(&self) -> Result<i64> {
        on_backend!(&self.0, ResolutionOn, r => r.generation())
    }

    /// Removes the occurrences of one type on one day (before they are merged again).
    pub fn clear_occurrences_on(&self, kind: EventKind, day: &str) -> Result<()> {
        on_backend!(&self.0, ResolutionOn, r => r.clear_occurrences_on(kind, day))
    }

    /// Stores occurrences and their reports: (occurrence id, article, index).
    pub fn put_occurrences(&self, occurrences: &[StoredOccurrence], reports: &[(String, i64, usize)]) -> Result<()> {
        on_backend!(&self.0, ResolutionOn, r => r.put_occurrences(occurrences, reports))
    }

    /// Stores a commitment and, while it is open, the keys of its terms.
    pub fn put_commitment(&self, c: &Commitment, terms: &Terms) -> Result<()> {
        on_backend!(&self.0, ResolutionOn, r => r.put_commitment(c, terms))
    }

    /// The first meeting that fulfils a commitment of these terms: (article, index).
    pub fn first_meeting(&self, terms: &Terms) -> Result<Option<(i64, usize)>> {
        on_backend!(&self.0, ResolutionOn, r => r.first_meeting(terms))
    }

    /// The open commitments whose actor is filed under `key` and whose last
    /// day is `since` or later, in id order, each with `key` as its actor.
    pub fn open_commitments_of(&self, key: &ReportKey, since: &str) -> Result<Vec<OpenCommitment>> {
        on_backend!(&self.0, ResolutionOn, r => r.open_commitments_of(key, since))
    }

    /// Marks a commitment fulfilled by a meeting (`article:index`).
    pub fn fulfil(&self, commitment_id: &str, by: &str) -> Result<()> {
        on_backend!(&self.0, ResolutionOn, r => r.fulfil(commitment_id, by))
    }

    /// Records how far resolution has come and makes the writes durable.
    pub fn commit(self, resolved_upto: i64, latest_day: Option<&str>) -> Result<()> {
        on_backend!(self.0, ResolutionOn, r => r.commit(resolved_upto, latest_day))
    }
}
