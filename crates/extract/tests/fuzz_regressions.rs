//! Inputs on which the `extract` fuzz target (fuzz/fuzz_targets/extract.rs)
//! once panicked, kept in `test_data/fuzz/` and replayed the way the target
//! reads them: the bytes as text (invalid UTF-8 replaced), the first line as
//! the title, a publication day, segmented as a plain-text page and every
//! article extracted. Each file is a mutation of one of our own fixtures.

use attache_model::{Format, Published, RawItem};

fn replay(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let item = RawItem {
        title: text.lines().next().map(str::to_string),
        published: Published::parse("2026-04-15T10:30"),
        text,
        ..RawItem::default()
    };
    let articles = attache_segment::segment_item(&item, Format::Text);
    for (i, article) in articles.iter().enumerate() {
        let x = attache_extract::extract(&format!("fuzz-{i}"), article);
        for e in &x.record.events {
            assert!(!e.evidence.is_empty());
        }
    }
    articles.len()
}

#[test]
fn every_kept_crash_input_extracts_without_panicking() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/fuzz");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).expect("test_data/fuzz").map(|e| e.expect("entry").path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    for f in files {
        let bytes = std::fs::read(&f).expect("read");
        assert!(replay(&bytes) > 0, "{}: no article", f.display());
    }
}
