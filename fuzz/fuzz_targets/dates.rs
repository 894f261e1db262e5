//! Dates and publication times: the machine forms containers carry
//! (`Published::from_iso`, `Published::parse`), dates in running text
//! (`attache_extract::dates::find`), and the date lines of pages and
//! feed-dump headers as segmentation reads them (`attache_segment::date_line`).
//! The readers alone, on the input and on each of its lines: how a page is
//! cut around a date line is the `segment` target's business.
#![no_main]

use attache_model::Published;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = attache_fuzz::text(data);
    let day = "2026-04-15".parse().ok();
    for line in std::iter::once(s.as_str()).chain(s.lines()) {
        let read = [Published::from_iso(line), Published::parse(line), attache_segment::date_line(line)];
        for p in read.into_iter().flatten() {
            assert_eq!(Published::parse(&p.to_string()), Some(p), "{p} does not read back");
        }
        for d in attache_extract::dates::find(line, day) {
            assert!(d.start <= d.end && d.end <= line.len(), "a date outside its sentence");
            assert!(line.is_char_boundary(d.start) && line.is_char_boundary(d.end));
        }
    }
});
