//! Any bytes as an input file: decoding (BOMs, UTF-16, legacy code pages),
//! format detection, the reader of whatever format it is (plain text, a
//! scraped page, a feed dump...), then segmentation of every document.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for doc in attache_fuzz::read(data) {
        attache_fuzz::segment(&doc.items, doc.format);
    }
});
