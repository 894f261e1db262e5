//! Properties every reader keeps, whatever the bytes: it never panics, what it
//! reports is a document or a named skip, documents are hashed by content,
//! and reading the same bytes twice gives the same documents.

use attache_ingest::{Outcome, ReadOptions, read_bytes};
use proptest::prelude::*;

fn read(bytes: &[u8]) -> Vec<Outcome> {
    let mut out = Vec::new();
    read_bytes("input", "input", bytes, &ReadOptions::default(), &mut |o| out.push(o));
    out
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let first = read(bytes);
    for o in &first {
        match o {
            Outcome::Document(d) => {
                prop_assert!(!d.items.is_empty());
                prop_assert_eq!(d.hash.len(), 64);
                for item in &d.items {
                    prop_assert!(!item.text.trim().is_empty());
                }
            }
            Outcome::Skipped { origin, reason } | Outcome::Warning { origin, reason } => {
                prop_assert!(origin.starts_with("input"));
                prop_assert!(!reason.is_empty());
            }
        }
    }
    let again = read(bytes);
    prop_assert_eq!(format!("{first:?}"), format!("{again:?}"), "reading is deterministic");
    Ok(())
}

/// Pieces of every container format, shuffled into bytes.
fn fragments() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>T</title>".to_vec()),
        Just(b"<description>&lt;p&gt;Envoys met.&lt;/p&gt;</description></item>".to_vec()),
        Just(
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>A</title><content type=\"html\">x</content>"
                .to_vec()
        ),
        Just(b"<!DOCTYPE html><html lang=\"en\"><body><article><p>The ministers met in Rome.</p>".to_vec()),
        Just(b"<div><div><nav>Menu</nav><p>Talks".to_vec()),
        Just(b"{\"id\": \"x\", \"text\": \"Envoys met.\"}\n".to_vec()),
        Just(b"{\"id\": 3, \"html\": \"<p>Hi</p>\"".to_vec()),
        Just(b"---\ntitle: \"A\"\ndate: '2024-01-02'\n---\n".to_vec()),
        Just(b"24.02.2026, 15:00 7466\nTitle line\n".to_vec()),
        Just(b"The delegation met the minister, akorda.kz reports.\n".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\x00".to_vec()),
        Just("Министр встретился с послом.\n".as_bytes().to_vec()),
        Just(b"\xcf\xf0\xe5\xe7\xe8\xe4\xe5\xed\xf2 ".to_vec()),
        prop::collection::vec(any::<u8>(), 0..40),
        "\\PC{0,40}".prop_map(|s| s.into_bytes()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        check(&bytes)?;
    }

    #[test]
    fn shuffled_format_fragments(bytes in fragments()) {
        check(&bytes)?;
    }

    #[test]
    fn utf16_text_round_trips(text in "[A-Za-zА-я .,]{1,200}") {
        prop_assume!(!text.trim().is_empty());
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = attache_ingest::decode(&bytes).unwrap();
        prop_assert_eq!(d.text, text);
    }
}
