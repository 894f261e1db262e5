//! Dates and publication times: the machine forms containers carry
//! (`Published::from_iso`, `Published::parse`), dates in running text
//! (`attache_extract::dates::find`), and date lines and feed-dump headers
//! as segmentation finds them on a page.
#![no_main]

use attache_model::{Format, Published, RawItem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = attache_fuzz::text(data);
    let day = "2026-04-15".parse().ok();
    for line in std::iter::once(s.as_str()).chain(s.lines()) {
        if let Some(p) = Published::from_iso(line) {
            assert_eq!(Published::parse(&p.to_string()), Some(p), "{p} does not read back");
        }
        if let Some(p) = Published::parse(line) {
            assert_eq!(Published::parse(&p.to_string()), Some(p), "{p} does not read back");
        }
        for d in attache_extract::dates::find(line, day) {
            assert!(d.start <= d.end && d.end <= line.len(), "a date outside its sentence");
            assert!(line.is_char_boundary(d.start) && line.is_char_boundary(d.end));
        }
    }
    // A page whose date line is the input, and a feed dump whose header is.
    let page = format!("Envoys meet in Oslo\n{s}\nThe envoys of Norway and Chile met in Oslo on Monday.\n");
    let dump = format!("{s}\nEnvoys meet in Oslo\nThe envoys of Norway and Chile met in Oslo on Monday.\n");
    for text in [page, dump] {
        attache_fuzz::segment(&[RawItem { text, ..RawItem::default() }], Format::Text);
    }
});
