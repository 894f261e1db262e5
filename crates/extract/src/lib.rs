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
mod firms;
mod handles;
mod home;
mod honorifics;
mod institutions;
mod leaders;
mod lexicon;
mod mentions;
mod ordinary;
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

/// The most article text the extractor reads (512 KiB): the sentences that
/// end within the first [`MAX_TEXT_BYTES`] bytes of the clean text (and the
/// title). A news article is tens of kilobytes (the longest of the White
/// House briefing room, a list of clemency recipients, about 250 KB); a text
/// of megabytes is a dump or an attack, and the rules' work and memory grow
/// faster than its length (each person named is compared with every other,
/// each sentence keeps its references: 1 MiB of names made 16,000 persons).
/// The rest of such a text is still stored and searchable; [`bytes_read`]
/// says how much was read.
pub const MAX_TEXT_BYTES: usize = 512 << 10;

/// How many bytes of `article`'s text the extractor reads: up to the end of
/// the last sentence ending within [`MAX_TEXT_BYTES`].
pub fn bytes_read(article: &Article) -> usize {
    article.sentences.iter().take_while(|s| s.end <= MAX_TEXT_BYTES).last().map_or(0, |s| s.end)
}

/// Whether the extractor leaves sentences of `article` unread (its text is
/// over [`MAX_TEXT_BYTES`]).
pub fn is_cut(article: &Article) -> bool {
    article.sentences.last().is_some_and(|s| s.end > MAX_TEXT_BYTES)
}

/// Extracts the record of one article. `doc` and `article.position` identify it.
/// Reads at most [`MAX_TEXT_BYTES`] of its text.
pub fn extract(doc: &str, article: &Article) -> Extraction {
    // The body first, the title last: a headline restates what the body reports,
    // so it only adds an event of a type the body does not state.
    let mut sentences: Vec<Sentence<'_>> = Vec::new();
    for (i, s) in article.sentences.iter().take_while(|s| s.end <= MAX_TEXT_BYTES).enumerate() {
        sentences.push(Sentence { text: s.slice(&article.text), index: Some(i), offset: Some(s.start) });
    }
    if let Some(t) = &article.title {
        sentences.push(Sentence { text: t, index: None, offset: None });
    }
    let published = article.published.map(|p| p.date);
    let facts = facts::find(&sentences, published);
    let mut record = AnnotatedArticle {
        doc: doc.to_string(),
        article: article.position,
        title: article.title.clone(),
        published: article.published.map(|p| p.to_string()),
        via: article.via.clone(),
        actors: Vec::new(),
        events: Vec::new(),
        facts,
    };
    // No trigger in any sentence, no event, and no actor to write (a record
    // holds the actors of its events): the cast is not worth building.
    let fired: Vec<rules::triggers::Candidates> =
        sentences.iter().map(|s| rules::triggers::candidates(s.text)).collect();
    if !sentences.iter().zip(&fired).any(|(s, f)| f.any_fires(s.text)) {
        return Extraction { record, provenance: Vec::new() };
    }
    let cast = actors::Cast::build(&sentences, &article.via, article.url.as_deref());
    let (events, traces) = events::find(&sentences, &fired, &cast, published);
    cast.into_record(events, &mut record);
    Extraction { record, provenance: traces }
}
