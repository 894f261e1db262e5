//! The record of ANNOTATION.md section 4: per article, its actors, events and
//! facts. Both the extractor's output and the gold files have this form, so
//! the scorer compares like with like.

use serde::{Deserialize, Serialize};

use crate::kinds::{ActorKind, DateBasis, EventKind, MeetMode, Sector};

/// One article's annotations: one JSON line of an annotation file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnotatedArticle {
    /// The document: its file name, or the JSONL `id`.
    pub doc: String,
    /// 0-based position of the article in its document.
    pub article: usize,
    pub title: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
    pub published: Option<String>,
    #[serde(default)]
    pub via: Vec<String>,
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub facts: Vec<Fact>,
}

/// A person, group, institution or state taking part in an event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Article-local id (`a1`, `a2`, ...), referenced by events.
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    /// ISO 3166-1 alpha-3, or `IGO` for an international organisation's official.
    pub country: Option<String>,
    pub sector: Option<Sector>,
    /// The organisation's usual acronym when acting for one (`IPU`, `OSCE PA`).
    pub org: Option<String>,
    pub kind: ActorKind,
}

/// One real-world occurrence reported by the article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// For [`EventKind::Meet`] only.
    pub mode: Option<MeetMode>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    pub date_basis: Option<DateBasis>,
    #[serde(default)]
    pub source: Vec<String>,
    #[serde(default)]
    pub target: Vec<String>,
    pub location: Option<Location>,
    #[serde(default)]
    pub topics: Vec<String>,
    /// The sentence that states the event, verbatim.
    pub evidence: String,
    /// CAMEO code (extension; absent in gold files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    /// PLOVER type (extension; absent in gold files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover: Option<String>,
}

/// Why an event was extracted: the rule that fired, the words that triggered
/// it, and where its evidence stands in the article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Index into the record's `events`.
    pub event: usize,
    /// Rule id: the stable `id` of a row of `data/extract/triggers/<kind>.tsv`
    /// (`meet/held-talks`).
    pub rule: String,
    pub trigger: String,
    /// Sentence index in the article; `None` for the title.
    pub sentence: Option<usize>,
    /// Byte span of the evidence sentence in the article text (none for the title).
    pub span: Option<(usize, usize)>,
}

/// The extractor's output for one article: the record and how it was reached.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub record: AnnotatedArticle,
    pub provenance: Vec<Provenance>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    pub country: Option<String>,
}

/// A quantity analysts track: trade volume, investment, number of companies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub what: String,
    pub value: f64,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub evidence: String,
}
