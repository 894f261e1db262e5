//! The extractor reads at most `MAX_TEXT_BYTES` of an article's text: the
//! sentences ending within it (and the title). A meeting in the first
//! sentence is found, the same kind of sentence past the limit is not.

use attache_extract::{MAX_TEXT_BYTES, bytes_read, extract, is_cut};
use attache_model::{Article, Format, RawItem};

fn article(text: &str) -> Article {
    let item = RawItem { title: Some("Talks in Santiago".into()), text: text.into(), ..RawItem::default() };
    let mut articles = attache_segment::segment_item(&item, Format::Text);
    assert_eq!(articles.len(), 1);
    articles.remove(0)
}

#[test]
fn only_the_first_max_text_bytes_are_read() {
    let first = "Foreign Minister of Norway Kari Lunde met President of Chile Pedro Alvarez in Santiago on 10 May.";
    let last = "Foreign Minister of Peru Ana Rojas met President of Egypt Omar Said in Cairo on 12 May.";
    let filler = "The river was calm and the harbour was quiet that day.\n\n";
    let short = article(&format!("{first}\n\n{}{last}\n", filler.repeat(10)));
    let long = article(&format!("{first}\n\n{}{last}\n", filler.repeat(MAX_TEXT_BYTES / filler.len() + 10)));
    assert!(long.text.len() > MAX_TEXT_BYTES);

    // Within the limit both meetings are found.
    assert!(!is_cut(&short));
    assert_eq!(bytes_read(&short), short.text.len());
    let names =
        |x: &attache_extract::Extraction| -> Vec<String> { x.record.actors.iter().map(|a| a.name.clone()).collect() };
    let found = names(&extract("short", &short));
    assert!(found.iter().any(|n| n == "Kari Lunde") && found.iter().any(|n| n == "Ana Rojas"), "{found:?}");

    // Past it, the last meeting is not read.
    assert!(is_cut(&long));
    let read = bytes_read(&long);
    assert!(read <= MAX_TEXT_BYTES && read > MAX_TEXT_BYTES - 2 * filler.len(), "{read}");
    let x = extract("long", &long);
    let found = names(&x);
    assert!(found.iter().any(|n| n == "Kari Lunde"), "{found:?}");
    assert!(!found.iter().any(|n| n == "Ana Rojas"), "{found:?}");
    assert!(x.record.events.iter().all(|e| !e.evidence.contains("Ana Rojas")));
}
