//! Markdown with YAML front matter (title, date, source URL), then the body
//! as segmentation reads Markdown (pulldown-cmark, inline markup).
#![no_main]

use attache_model::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(items) = attache_ingest::read_as(Format::Markdown, attache_fuzz::text(data)) {
        attache_fuzz::check_items(&items);
        attache_fuzz::segment(&items, Format::Markdown);
    }
});
