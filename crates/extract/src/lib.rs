//! Extract: a clean [`Article`] in, the record of ANNOTATION.md out: actors
//! with titles, countries and sectors; events with type, mode, sides, date,
//! location, topics and evidence; facts.
//!
//! Rules and gazetteers a linguist can read: trigger phrases, generic
//! pledges, titles, institutions and topic words live in `data/extract/`;
//! this crate applies them sentence by sentence, with the article as
//! context for coreference ("the Kazakh diplomat", "the parties") and for the
//! home side (the side the article is about). Pure and deterministic: text it
//! cannot use yields no event, never an error.

mod actors;
pub mod dates;
mod events;
mod facts;
mod home;
mod leaders;
mod lexicon;
mod mentions;
mod rules;
mod speakers;
mod titles;
mod topics;

use attache_model::Article;
use attache_model::annotation::AnnotatedArticle;

pub use attache_model::annotation::{Extraction, Provenance as Trace};

/// One sentence of an article as the rules see it (the title is a sentence too).
#[derive(Clone, Debug)]
pub(crate) struct Sentence<'a> {
    pub text: &'a str,
    /// Index among the article's sentences; `None` for the title.
    pub index: Option<usize>,
    /// Byte offset of the sentence in the article text.
    pub offset: Option<usize>,
}

/// The gazetteer's spelling of an office holder a person's name, as an
/// article writes it, denotes ("Joseph R. Biden, Jr.", "Biden", "Kishida
/// Fumio"), when the country agrees: the key under which resolution makes
/// one actor of them. The record keeps the name as written.
pub fn leader_name(name: &str, country: Option<&str>) -> Option<&'static str> {
    let l = leaders::lookup(name)?;
    let agrees = country.is_none_or(|c| c == l.country);
    let same = attache_model::names::same_person(l.name, name) || leaders::listed(name) || leaders::listed_word(name);
    (agrees && same).then_some(l.name)
}

/// Extracts the record of one article. `doc` and `article.position` identify it.
pub fn extract(doc: &str, article: &Article) -> Extraction {
    // The body first, the title last: a headline restates what the body reports,
    // so it only adds an event of a type the body does not state.
    let mut sentences: Vec<Sentence<'_>> = Vec::new();
    for (i, s) in article.sentences.iter().enumerate() {
        sentences.push(Sentence { text: s.slice(&article.text), index: Some(i), offset: Some(s.start) });
    }
    if let Some(t) = &article.title {
        sentences.push(Sentence { text: t, index: None, offset: None });
    }
    let published = article.published.map(|p| p.date);
    let cast = actors::Cast::build(&sentences, &article.via, article.url.as_deref());
    let (events, traces) = events::find(&sentences, &cast, published);
    let mut record = AnnotatedArticle {
        doc: doc.to_string(),
        article: article.position,
        title: article.title.clone(),
        published: article.published.map(|p| p.to_string()),
        via: article.via.clone(),
        actors: Vec::new(),
        events: Vec::new(),
        facts: facts::find(&sentences, published),
    };
    cast.into_record(events, &mut record);
    Extraction { record, provenance: traces }
}
