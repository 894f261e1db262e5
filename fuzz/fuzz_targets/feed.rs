//! RSS 2.0 and Atom feeds (feed-rs, item HTML to text), then segmentation.
//! The first byte picks the format the rest is read as.
#![no_main]

use attache_model::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let format = if pick & 1 == 0 { Format::Rss } else { Format::Atom };
    if let Ok(items) = attache_ingest::read_as(format, attache_fuzz::text(rest)) {
        attache_fuzz::check_items(&items);
        attache_fuzz::segment(&items, format);
    }
});
