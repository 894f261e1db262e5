//! Whatever the files hold, ingesting them twice stores them once, and every
//! stored sentence span is on character boundaries of its article's text.

use attache_pipeline::{IngestConfig, ingest};
use attache_store::{ArticleFilter, Store};
use proptest::prelude::*;

fn doc_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("24.02.2026, 15:00 7466".to_string()),
        Just("Ministers Meet in Lima".to_string()),
        Just("The ministers of Peru and Chile met in Lima on Monday, Andina reports.".to_string()),
        Just("D. Ruiz thanked K.Tokayev. «Good,» he said.".to_string()),
        Just("Photo credit: ministry".to_string()),
        "\\PC{0,60}",
    ];
    prop::collection::vec(line, 0..15).prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn reingest_adds_nothing(files in prop::collection::vec(doc_text(), 1..5)) {
        let dir = tempfile::tempdir().unwrap();
        for (i, text) in files.iter().enumerate() {
            std::fs::write(dir.path().join(format!("{i}.txt")), text).unwrap();
        }
        let mut store = Store::in_memory().unwrap();
        let config = IngestConfig { jobs: 2, ..IngestConfig::default() };
        let paths = [dir.path().to_path_buf()];
        let first = ingest(&paths, &mut store, &config, &mut |_| {}).unwrap();
        let stats = store.stats().unwrap();
        let second = ingest(&paths, &mut store, &config, &mut |_| {}).unwrap();
        prop_assert_eq!(second.documents_added, 0);
        prop_assert_eq!(second.articles_added, 0);
        // Every document is now known, a file that repeated another within
        // the first ingest included.
        prop_assert_eq!(second.documents_unchanged, first.documents_added + first.documents_unchanged);
        prop_assert_eq!(store.stats().unwrap(), stats);
        for a in store.articles(&ArticleFilter::default()).unwrap() {
            for s in &a.article.sentences {
                prop_assert!(a.article.text.is_char_boundary(s.start) && a.article.text.is_char_boundary(s.end));
            }
        }
    }
}
