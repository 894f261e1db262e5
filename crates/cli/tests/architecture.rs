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
    // The watcher fetches and lists; it reads feeds with `ingest` and hands
    // pages to the CLI, which stores them through `pipeline`.
    ("watch", &["model", "ingest"]),
    ("cli", &["model", "ingest", "pipeline", "store", "evaluate", "serve", "watch"]),
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

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// (name, first line, length in lines) of each `fn` in rustfmt-formatted
/// source: a function ends at the first `}` line at its own indentation.
fn functions(source: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line.trim_start();
        let indent = line.len() - body.len();
        let head = body.trim_start_matches("pub(crate) ").trim_start_matches("pub ").trim_start_matches("const ");
        let Some(rest) = head.strip_prefix("fn ") else { continue };
        if line.trim_end().ends_with(';') {
            continue; // a trait method without a body
        }
        let closing = format!("{}}}", " ".repeat(indent));
        if let Some(end) = lines[i + 1..].iter().position(|l| l.trim_end() == closing) {
            let name = rest.split(['(', '<']).next().unwrap_or(rest).to_string();
            out.push((name, i + 1, end + 2));
        }
    }
    out
}

#[test]
fn files_and_functions_stay_small() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&crates).unwrap() {
        let src = entry.unwrap().path().join("src");
        if src.is_dir() {
            rust_files(&src, &mut files);
        }
    }
    assert!(files.len() > 50, "only {} source files found", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        let shown = file.strip_prefix(&crates).unwrap_or(file).display().to_string();
        let lines = source.lines().count();
        if lines > 700 {
            problems.push(format!("{shown}: {lines} lines (at most 700)"));
        }
        if source.contains("too_many_arguments") {
            problems.push(format!("{shown}: allows too_many_arguments (group the arguments in a struct)"));
        }
        if shown.starts_with("extract/") || shown.starts_with("resolve/") {
            for (name, at, len) in functions(&source) {
                if len > 80 {
                    problems.push(format!("{shown}:{at}: fn {name} is {len} lines (at most 80)"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn function_lengths_are_counted_from_fn_to_its_brace() {
    let source = "fn a() {\n    let x = 1;\n}\n\nimpl B {\n    pub fn c(&self) {\n        if x {\n        }\n    }\n    fn d(&self);\n}\n";
    assert_eq!(functions(source), [("a".to_string(), 1, 3), ("c".to_string(), 6, 4)]);
}
