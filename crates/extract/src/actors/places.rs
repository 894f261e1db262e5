//! The places a sentence names as its parties and venues see them: the
//! gazetteer's hits less those that name no place in context.

use attache_gazetteer::{Entry, Hit, gazetteer};

use crate::{lexicon, mentions};

/// The places of a sentence, less a state that only modifies a noun ("Iran-backed
/// militias", "a Chile-based firm"): it is no party.
pub(super) fn unmodified_places(text: &str) -> Vec<Hit> {
    let mut hits = gazetteer().places(text);
    hits.retain(|h| !matches!(h.entry, Entry::Country { .. }) || !lexicon::modifier_suffix(&text[h.end..]));
    // "Under Secretary Victoria Nuland", "the Kigali Amendment", "the Washington
    // Post": a city's name before a capitalised word that is no place is a
    // given name or part of a thing's name, no place (outside headlines, where
    // every word is capitalised).
    if hits.iter().any(|h| matches!(h.entry, Entry::City { .. })) && !mentions::heading_line(text) {
        let starts: Vec<usize> = hits.iter().map(|h| h.start).collect();
        hits.retain(|h| {
            let Entry::City { .. } = h.entry else { return true };
            let Some(next) = text[h.end..].strip_prefix(' ') else { return true };
            let at = h.end + 1;
            // "Abu Dhabi Crown Prince X", "Moscow Mayor X": the city is the office's.
            let two: String = next.split(' ').take(2).collect::<Vec<_>>().join(" ");
            let first = two.split(' ').next().unwrap_or("").to_lowercase();
            let office = gazetteer().title_head(&two).is_some_and(|t| t.head.starts_with(&first));
            let name_word = next.starts_with(char::is_uppercase)
                && next.split(|c: char| !c.is_alphanumeric()).next().is_some_and(|w| w.chars().count() > 1);
            !name_word || starts.contains(&at) || office
        });
    }
    hits
}
