//! Segmentation of a plain-text body: layout (wrapped lines, `<br>`,
//! glued sentences, Markdown, transcript turns), boilerplate, titles,
//! dates, cited origins and sentences; and the sentence splitter alone.
#![no_main]

use attache_model::{Format, RawItem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = attache_fuzz::text(data);
    let mut end = 0;
    for s in attache_segment::sentences::split(&text) {
        assert!(s.start >= end && s.start <= s.end && s.end <= text.len(), "split gave {s:?} after {end}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        end = s.end;
    }
    let _ = attache_segment::units(&text);
    attache_fuzz::segment(&[RawItem { text, ..RawItem::default() }], Format::Text);
});
