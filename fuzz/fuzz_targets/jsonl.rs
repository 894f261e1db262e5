//! JSON Lines crawls: every line a record (`id`, `url`, `published`,
//! `title`, `text` or `html`, `source`), read as `attache_ingest::read_bytes`
//! reads a file whose first line is a JSON object; then segmentation.
#![no_main]

use attache_model::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A first line that is a record makes the input JSON Lines, whatever follows.
    let mut bytes = b"{\"id\": \"first\", \"text\": \"The envoys met.\"}\n".to_vec();
    bytes.extend_from_slice(data);
    for doc in attache_fuzz::read(&bytes) {
        assert_eq!(doc.format, Format::Jsonl);
        attache_fuzz::segment(&doc.items, doc.format);
    }
});
