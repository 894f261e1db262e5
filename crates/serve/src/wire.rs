//! The wire types of the API: what the JSON looks like, and (through
//! `ToSchema`) what the OpenAPI document says it looks like. Store rows are
//! mapped into these here, so the store and model crates know nothing of
//! HTTP or OpenAPI. The handlers (`api`) and the cache of rendered events
//! (`rendered`) both use them; this module uses neither.

use std::borrow::Cow;

use attache_model::kinds::{ActorKind, DateBasis, EventKind, MeetMode, Sector, Vocabulary};
use attache_store::{ArticleSummary, EventActor, EventRow, FactRow, StoredActor, StoredOccurrence};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// The event types of ANNOTATION.md in the OpenAPI document: a string, one
/// of [`EventKind::NAMES`]. (Records carry the type as the store holds it.)
pub struct EventType;

impl utoipa::PartialSchema for EventType {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("The event types of ANNOTATION.md."))
            .enum_values(Some(EventKind::NAMES.iter().copied()))
            .into()
    }
}

impl ToSchema for EventType {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("EventType")
    }
}

/// The closed vocabularies of ANNOTATION.md, each in its order: what the
/// filters accept and what the records hold.
#[derive(Debug, Serialize, ToSchema)]
pub struct VocabularyDetail {
    /// Event types (the `type` filter and field).
    #[schema(value_type = Vec<EventType>)]
    pub event_types: Vec<&'static str>,
    /// Event types whose sides may be read in either order (drawn `A ↔ B`).
    #[schema(value_type = Vec<EventType>)]
    pub symmetric_types: Vec<&'static str>,
    /// How a meeting took place (the `mode` filter and field).
    pub modes: Vec<&'static str>,
    /// Where an event's date comes from (`date_basis`).
    pub date_bases: Vec<&'static str>,
    /// What an actor is (the actors' `kind` filter and field).
    pub actor_kinds: Vec<&'static str>,
    /// The part of society an actor acts for (`sector`).
    pub sectors: Vec<&'static str>,
}

impl VocabularyDetail {
    /// The vocabularies as the model defines them.
    pub fn of_model() -> VocabularyDetail {
        fn names<T: Vocabulary>() -> Vec<&'static str> {
            T::NAMES.to_vec()
        }
        VocabularyDetail {
            event_types: names::<EventKind>(),
            symmetric_types: EventKind::ALL.iter().filter(|k| k.is_symmetric()).map(|k| k.as_str()).collect(),
            modes: names::<MeetMode>(),
            date_bases: names::<DateBasis>(),
            actor_kinds: names::<ActorKind>(),
            sectors: names::<Sector>(),
        }
    }
}

/// An actor as an event names it: the article's record of the actor and, when
/// resolution linked it, its id across articles (`/api/v1/actors/{id}`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ActorRef {
    pub actor_id: Option<String>,
    pub name: String,
    pub title: Option<String>,
    /// ISO 3166-1 alpha-3, or `IGO`.
    pub country: Option<String>,
    pub sector: Option<String>,
    pub org: Option<String>,
    /// `person`, `group`, `institution` or `state`.
    pub kind: String,
}

impl From<&EventActor> for ActorRef {
    fn from(a: &EventActor) -> ActorRef {
        ActorRef {
            actor_id: a.actor_id.clone(),
            name: a.actor.name.clone(),
            title: a.actor.title.clone(),
            country: a.actor.country.clone(),
            sector: a.actor.sector.map(|s| s.to_string()),
            org: a.actor.org.clone(),
            kind: a.actor.kind.to_string(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LocationRef {
    pub name: String,
    pub country: Option<String>,
}

/// A byte range into the article's clean text (`text[start..end]`).
#[derive(Debug, Serialize, ToSchema)]
pub struct SpanRef {
    pub start: i64,
    pub end: i64,
}

/// Where an event is stated: the article, the sentence and its byte span,
/// and the rule and words that made the extractor report it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Evidence {
    pub article_id: i64,
    /// Index of the sentence in the article (null when the title states it).
    pub sentence: Option<i64>,
    /// Byte span of the sentence in the article's clean text (null for the title).
    pub span: Option<SpanRef>,
    /// The sentence, verbatim.
    pub text: String,
    pub rule: Option<String>,
    pub trigger: Option<String>,
}

/// The article an event or fact comes from.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleRef {
    pub id: i64,
    pub title: Option<String>,
    pub published: Option<String>,
    pub doc: String,
    pub origin: String,
    /// The sources the article cites as its origin.
    pub via: Vec<String>,
}

/// Where to find more: API paths.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventLinks {
    #[serde(rename = "self")]
    pub this: String,
    pub article: String,
    pub occurrence: Option<String>,
}

/// One event as one article reports it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventItem {
    /// `article:index`.
    pub id: String,
    #[serde(rename = "type")]
    #[schema(value_type = EventType)]
    pub kind: String,
    /// For MEET: `meeting`, `visit`, `call` or `multilateral`.
    pub mode: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    /// `stated`, `relative` or `published`.
    pub date_basis: Option<String>,
    pub source: Vec<ActorRef>,
    pub target: Vec<ActorRef>,
    pub location: Option<LocationRef>,
    pub topics: Vec<String>,
    pub cameo: Option<String>,
    pub plover: Option<String>,
    pub evidence: Evidence,
    pub article: ArticleRef,
    /// The occurrence (the real-world event across reports) this report belongs to.
    pub occurrence_id: Option<String>,
    pub links: EventLinks,
}

pub fn event_id(article_id: i64, idx: i64) -> String {
    format!("{article_id}:{idx}")
}

impl From<&EventRow> for EventItem {
    fn from(e: &EventRow) -> EventItem {
        EventItem::from(e.clone())
    }
}

impl From<EventActor> for ActorRef {
    fn from(a: EventActor) -> ActorRef {
        let actor = a.actor;
        ActorRef {
            actor_id: a.actor_id,
            name: actor.name,
            title: actor.title,
            country: actor.country,
            sector: actor.sector.map(|s| s.to_string()),
            org: actor.org,
            kind: actor.kind.to_string(),
        }
    }
}

impl From<EventRow> for EventItem {
    fn from(e: EventRow) -> EventItem {
        let id = event_id(e.article_id, e.idx);
        EventItem {
            links: EventLinks {
                this: format!("/api/v1/events/{id}"),
                article: format!("/api/v1/articles/{}", e.article_id),
                occurrence: e.occurrence_id.as_ref().map(|o| format!("/api/v1/occurrences/{o}")),
            },
            id,
            kind: e.kind,
            mode: e.mode,
            date: e.date,
            date_basis: e.date_basis,
            source: e.source.into_iter().map(ActorRef::from).collect(),
            target: e.target.into_iter().map(ActorRef::from).collect(),
            location: e.location.map(|l| LocationRef { name: l.name, country: l.country }),
            topics: e.topics,
            cameo: e.cameo,
            plover: e.plover,
            evidence: Evidence {
                article_id: e.article_id,
                sentence: e.sentence,
                span: e.span.map(|(start, end)| SpanRef { start, end }),
                text: e.evidence,
                rule: e.rule,
                trigger: e.trigger,
            },
            article: ArticleRef {
                id: e.article_id,
                title: e.article_title,
                published: e.published,
                doc: e.doc,
                origin: e.origin,
                via: e.via,
            },
            occurrence_id: e.occurrence_id,
        }
    }
}

/// A page of events.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventPage {
    pub items: Vec<EventItem>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many items the list holds in all (every page).
    pub total: i64,
}

/// One real-world event: its reports merged across articles.
#[derive(Debug, Serialize, ToSchema)]
pub struct OccurrenceItem {
    /// `article:index` of its first report.
    pub id: String,
    #[serde(rename = "type")]
    #[schema(value_type = EventType)]
    pub kind: String,
    pub date: Option<String>,
    /// Actor ids (`/api/v1/actors/{id}`).
    pub actors: Vec<String>,
    pub reports: i64,
    /// Reports that are not verbatim copies of one another.
    pub independent_sources: i64,
    /// Why reports were merged.
    pub merge_log: Vec<String>,
}

impl From<&StoredOccurrence> for OccurrenceItem {
    fn from(o: &StoredOccurrence) -> OccurrenceItem {
        OccurrenceItem {
            id: o.id.clone(),
            kind: o.kind.clone(),
            date: o.date.clone(),
            actors: o.actors.clone(),
            reports: o.reports,
            independent_sources: o.independent_sources,
            merge_log: o.log.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OccurrencePage {
    pub items: Vec<OccurrenceItem>,
    pub next_cursor: Option<String>,
    /// How many items the list holds in all (every page).
    pub total: i64,
}

/// An occurrence with every report of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OccurrenceDetail {
    pub occurrence: OccurrenceItem,
    pub reports: Vec<EventItem>,
}

/// An event with every mention of it across sources.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventDetail {
    pub event: EventItem,
    pub occurrence: Option<OccurrenceItem>,
    /// Every report of the same occurrence (this one included), in article order.
    pub mentions: Vec<EventItem>,
}

/// A stored URL as served: only an `http`/`https` address (a store written
/// before ingest checked them may hold a `javascript:` link).
pub(crate) fn web_url(url: Option<&str>) -> Option<String> {
    url.and_then(attache_model::web_url).map(str::to_string)
}

/// An article as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleItem {
    pub id: i64,
    pub doc: String,
    pub origin: String,
    pub format: String,
    pub title: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
    pub published: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub via: Vec<String>,
    pub sentences: i64,
    pub events: i64,
    /// The beginning of the clean text.
    pub lead: String,
    /// `/api/v1/articles/{id}`.
    pub link: String,
}

impl From<&ArticleSummary> for ArticleItem {
    fn from(a: &ArticleSummary) -> ArticleItem {
        ArticleItem {
            id: a.id,
            doc: a.doc.clone(),
            origin: a.origin.clone(),
            format: a.format.clone(),
            title: a.title.clone(),
            published: a.published.clone(),
            url: web_url(a.url.as_deref()),
            language: a.language.clone(),
            via: a.via.clone(),
            sentences: a.sentences,
            events: a.events,
            lead: a.lead.clone(),
            link: format!("/api/v1/articles/{}", a.id),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArticlePage {
    pub items: Vec<ArticleItem>,
    pub next_cursor: Option<String>,
    /// How many items the list holds in all (every page).
    pub total: i64,
}

/// One sentence of an article: its byte span in the clean text.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentenceItem {
    pub index: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
}

/// An article: clean text, sentences, events and facts.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleDetail {
    pub id: i64,
    pub doc: String,
    pub origin: String,
    pub format: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub via: Vec<String>,
    pub views: Option<i64>,
    /// The clean text; spans are byte offsets into it (UTF-8).
    pub text: String,
    pub sentences: Vec<SentenceItem>,
    pub events: Vec<EventItem>,
    pub facts: Vec<FactItem>,
}

/// A quantity an article states (trade volume, investment, ...).
#[derive(Debug, Serialize, ToSchema)]
pub struct FactItem {
    pub article_id: i64,
    /// Position of the fact in its article's record.
    pub index: i64,
    pub what: String,
    pub value: f64,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub evidence: String,
    pub published: Option<String>,
    pub title: Option<String>,
}

impl From<&FactRow> for FactItem {
    fn from(f: &FactRow) -> FactItem {
        FactItem {
            article_id: f.article_id,
            index: f.idx,
            what: f.fact.what.clone(),
            value: f.fact.value,
            unit: f.fact.unit.clone(),
            year: f.fact.year,
            evidence: f.fact.evidence.clone(),
            published: f.published.clone(),
            title: f.title.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FactPage {
    pub items: Vec<FactItem>,
    pub next_cursor: Option<String>,
    /// How many items the list holds in all (every page).
    pub total: i64,
}

/// A role an actor held, and when it was seen.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct RoleItem {
    pub title: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    /// First and last publication day it was seen.
    pub first: Option<String>,
    pub last: Option<String>,
}

/// An actor across articles.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActorItem {
    /// `kind:country:name`, e.g. `p:kaz:jean-galiev`.
    pub id: String,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    /// Other spellings seen.
    pub aliases: Vec<String>,
    /// How many article-level mentions resolution joined.
    pub mentions: i64,
    /// The role timeline, oldest first.
    pub roles: Vec<RoleItem>,
    /// `/api/v1/actors/{id}`.
    pub link: String,
}

impl From<&StoredActor> for ActorItem {
    fn from(a: &StoredActor) -> ActorItem {
        ActorItem {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind.clone(),
            country: a.country.clone(),
            aliases: a.aliases.clone(),
            mentions: a.mentions,
            roles: serde_json::from_str(&a.roles_json).unwrap_or_default(),
            link: format!("/api/v1/actors/{}", encode_segment(&a.id)),
        }
    }
}

/// Percent-encodes a path segment (actor ids hold `:` and may hold anything a name does).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActorPage {
    pub items: Vec<ActorItem>,
    pub next_cursor: Option<String>,
    /// How many items the list holds in all (every page).
    pub total: i64,
}

/// Someone an actor met, praised, invited, ...: how often.
#[derive(Debug, Serialize, ToSchema)]
pub struct Counterpart {
    pub actor_id: Option<String>,
    pub name: String,
    pub country: Option<String>,
    pub kind: String,
    pub events: i64,
}

/// A name (a country, a type, a topic) and a count.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Count {
    pub key: String,
    pub count: i64,
}

pub fn counts(pairs: &[(String, i64)]) -> Vec<Count> {
    pairs.iter().map(|(key, count)| Count { key: key.clone(), count: *count }).collect()
}

/// An actor with its role timeline, counterparts and events.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActorDetail {
    pub actor: ActorItem,
    /// Actors on the other side of its events, most frequent first.
    pub counterparts: Vec<Counterpart>,
    /// Countries on the other side of its events.
    pub counterpart_countries: Vec<Count>,
    /// Its events by type.
    pub events_by_type: Vec<Count>,
    /// Its events, newest first (at most 500; `events_total` counts them all).
    pub events: Vec<EventItem>,
    pub events_total: i64,
}

/// A promise (INTEND) or an invitation (INVITE), and what became of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentItem {
    /// `article:index` of the event that states it (`/api/v1/events/{id}`).
    pub id: String,
    #[schema(value_type = EventType)]
    pub kind: String,
    /// Who is to act.
    pub actors: Vec<String>,
    /// Where or with whom.
    pub counterparts: Vec<String>,
    pub countries: Vec<String>,
    /// When it was stated.
    pub made: Option<String>,
    /// The stated date of the act, if any.
    pub due: Option<String>,
    /// `open`, `fulfilled` or `lapsed`.
    pub status: String,
    /// `article:index` of the meeting that fulfilled it.
    pub fulfilled_by: Option<String>,
    /// The side that acts in the event, as ANNOTATION.md reads it: who promises, or who invites.
    pub source: Vec<crate::api::NamedActor>,
    /// The other side: to whom it is promised, or who is invited.
    pub target: Vec<crate::api::NamedActor>,
    /// The sentence that states it.
    pub evidence: Option<String>,
}

impl From<&serde_json::Value> for CommitmentItem {
    fn from(c: &serde_json::Value) -> CommitmentItem {
        let s = |k: &str| c[k].as_str().map(str::to_string);
        let list = |k: &str| -> Vec<String> {
            c[k].as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        CommitmentItem {
            id: s("id").unwrap_or_default(),
            kind: s("kind").unwrap_or_default(),
            actors: list("actors"),
            counterparts: list("counterparts"),
            countries: list("countries"),
            made: s("made"),
            due: s("due"),
            status: s("status").unwrap_or_default(),
            fulfilled_by: s("fulfilled_by"),
            source: Vec::new(),
            target: Vec::new(),
            evidence: None,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentPage {
    pub items: Vec<CommitmentItem>,
    pub next_cursor: Option<String>,
    /// How many items the list holds in all (every page).
    pub total: i64,
}

/// Events of a pair in one month, of one type.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonthCount {
    /// `YYYY-MM`, or `undated`.
    pub month: String,
    #[serde(rename = "type")]
    #[schema(value_type = EventType)]
    pub kind: String,
    pub count: i64,
}

/// How often a topic came up in a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct YearTopicCount {
    /// `YYYY`, or `undated`.
    pub year: String,
    pub topic: String,
    pub count: i64,
}

/// Two countries: their events over time, topics, facts and commitments.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelationsDetail {
    pub a: String,
    pub b: String,
    /// Events with one country on each side.
    pub events_total: i64,
    pub first: Option<String>,
    pub last: Option<String>,
    pub by_type: Vec<Count>,
    pub timeline: Vec<MonthCount>,
    pub topics: Vec<Count>,
    pub topics_by_year: Vec<YearTopicCount>,
    pub facts: Vec<FactItem>,
    pub commitments: Vec<CommitmentItem>,
    /// The latest events (at most 100; `/api/v1/events?country=A&counterpart=B` pages them all).
    pub events: Vec<EventItem>,
}

/// What the store holds, and how fresh it is.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsDetail {
    pub documents: i64,
    pub document_versions: i64,
    pub articles: i64,
    pub sentences: i64,
    pub bytes: i64,
    pub by_format: Vec<Count>,
    pub by_language: Vec<Count>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub events: i64,
    pub events_by_type: Vec<Count>,
    pub first_event: Option<String>,
    pub last_event: Option<String>,
    pub actors: i64,
    pub actors_by_kind: Vec<Count>,
    pub occurrences: i64,
    pub commitments_by_status: Vec<Count>,
    pub facts: i64,
    /// When the newest document was ingested (RFC 3339).
    pub last_ingested: Option<String>,
    pub schema_version: i64,
}

/// A state or an organisation and the events it takes part in.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkNode {
    /// A state's ISO 3166-1 alpha-3 code, or an organisation's acronym or
    /// name (`IGO`: an organisation no actor names).
    pub country: String,
    /// `state` or `organisation`.
    pub kind: &'static str,
    pub events: i64,
}

/// Events between two participants (node keys), one on each side.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkEdge {
    pub a: String,
    pub b: String,
    pub events: i64,
}

/// States and organisations as a network weighted by events.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkDetail {
    pub nodes: Vec<NetworkNode>,
    pub edges: Vec<NetworkEdge>,
}
