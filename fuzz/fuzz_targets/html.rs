//! HTML pages: main text and metadata (`attache_ingest::read_as` with
//! `Format::Html`: both extractors, the metadata of the head), then
//! segmentation. (A feed item's HTML fragment is read by the `feed` target.)
#![no_main]

use attache_model::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = attache_fuzz::text(data);
    if let Ok(items) = attache_ingest::read_as(Format::Html, html) {
        attache_fuzz::check_items(&items);
        attache_fuzz::segment(&items, Format::Html);
    }
});
