//! End-to-end tests of issue 15: bad input, hostile input and unlucky
//! operators meet the real `attache` binary, never a panic or a lost record.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_attache"))
}

fn attache(db: &Path, args: &[&str]) -> Output {
    bin().arg("--db").arg(db).args(args).stdin(Stdio::null()).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn jsonl(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// A publication time with a multi-byte character where the minutes end.
const BAD_TIME: &str = "2026-04-15T12:3é";

#[test]
fn a_bad_publication_time_in_any_container_keeps_the_day_and_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(
        inputs.join("x.jsonl"),
        format!(
            "{{\"id\":\"a\",\"published\":\"{BAD_TIME}\",\"text\":\"Ministers of Norland and Vesteria met in Astana. They discussed trade.\"}}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        inputs.join("note.md"),
        format!(
            "---\ntitle: Envoys talk in Lima\npublished_time: \"{BAD_TIME}\"\nsource_url: https://example.org/lima\n---\n\nThe envoys of Peru and Chile met in Lima on Monday to talk about fishing rights.\n"
        ),
    )
    .unwrap();
    std::fs::write(
        inputs.join("page.html"),
        format!(
            "<html lang=\"en\"><head><title>Talks in Hanoi</title>\
             <meta property=\"article:published_time\" content=\"{BAD_TIME}\"></head>\
             <body><article><h1>Talks in Hanoi</h1>\
             <p>The foreign ministers of Viet Nam and Canada met in Hanoi on Tuesday and agreed to widen their trade ties.</p>\
             <p>They also spoke about a new air link between the two capitals, which both sides hope to open next year.</p>\
             </article></body></html>"
        ),
    )
    .unwrap();
    for name in ["x.jsonl", "note.md", "page.html"] {
        let db = dir.path().join(format!("{name}.db"));
        let out = attache(&db, &["ingest", inputs.join(name).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{name}: {}", stderr(&out));
        let articles = jsonl(&attache(&db, &["articles", "--format", "jsonl"]));
        assert_eq!(articles.len(), 1, "{name}: {articles:?}");
        assert_eq!(articles[0]["published"], "2026-04-15", "{name}");
    }
}
