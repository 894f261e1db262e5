//! The extractor on arbitrary text: segmented as a plain-text page (with a
//! title and a publication day, so dates are reckoned), every article
//! extracted and its record checked.
#![no_main]

use attache_model::{Format, Published, RawItem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = attache_fuzz::text(data);
    let item = RawItem {
        title: text.lines().next().map(str::to_string),
        published: Published::parse("2026-04-15T10:30"),
        text,
        ..RawItem::default()
    };
    for article in attache_fuzz::segment(&[item], Format::Text) {
        attache_fuzz::extract(&article);
    }
});
