//! The crate graph follows the pipeline: stages meet in `model` and never
//! depend on each other; only `pipeline` knows their order. An edge not listed
//! here is an architecture change: make it on purpose, here and in
//! ARCHITECTURE.md.

use std::path::Path;

const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("ingest", &["model"]),
    ("segment", &["model"]),
    ("gazetteer", &["model"]),
    ("extract", &["model", "gazetteer"]),
    ("evaluate", &["model"]),
    ("resolve", &["model"]),
    // The store reads the typed keys and the commitment rules from `resolve` (pure).
    ("store", &["model", "resolve"]),
    ("pipeline", &["model", "ingest", "segment", "extract", "resolve", "store"]),
    ("serve", &["model", "store"]),
    ("cli", &["model", "ingest", "pipeline", "store", "evaluate", "serve"]),
];

/// The `attache-*` crates named in the `[dependencies]` table of a manifest.
fn path_deps(manifest: &str) -> Vec<String> {
    let mut in_deps = false;
    let mut deps = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps && let Some(name) = line.strip_prefix("attache-") {
            deps.push(name.split(['.', ' ', '=']).next().unwrap().to_string());
        }
    }
    deps
}

#[test]
fn crate_graph_follows_the_pipeline() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut seen = 0;
    for entry in std::fs::read_dir(&crates).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else { continue };
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let allowed = ALLOWED
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("crates/{name} is missing from ALLOWED in {}", file!()))
            .1;
        for dep in path_deps(&manifest) {
            assert!(allowed.contains(&dep.as_str()), "crates/{name} must not depend on attache-{dep}");
        }
        seen += 1;
    }
    assert!(seen >= 8, "only {seen} crates found under {}", crates.display());
}

#[test]
fn the_parser_sees_dependencies() {
    let deps = path_deps(
        "[package]\nname = \"x\"\n[dependencies]\nattache-model.workspace = true\nserde = \"1\"\n[dev-dependencies]\nattache-segment.workspace = true\n",
    );
    assert_eq!(deps, ["model"]);
}
