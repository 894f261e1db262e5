//! Runs `attache_ingest::html::extract_html` over a folder of `*.html.gz`
//! pages and writes the predictions as JSON `{id: {"articleBody": text}}`,
//! the format of the Zyte/Scrapinghub article-extraction benchmark.
//!
//! Usage:
//!   html_bench <dir-with-html.gz> <predictions.json> [--urls ground-truth.json]
//!
//! `--urls` reads page URLs from a JSON file shaped `{id: {"url": ..}}` (the
//! benchmark's ground truth carries them) and passes them to the extractor.
//!
//! Evaluation on the benchmark, from the repository root:
//!
//!   B=/work/shared/eval/external/article_extraction_benchmark
//!   cargo build -p attache-ingest --example html_bench --release
//!   target/release/examples/html_bench $B/html /tmp/attache_pred.json --urls $B/ground-truth.json
//!   python3 scripts/eval_html_extraction.py --ground-truth $B/ground-truth.json --pred /tmp/attache_pred.json

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut urls_path = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--urls" {
            urls_path = it.next();
        } else {
            positional.push(a);
        }
    }
    let [dir, out] = positional.as_slice() else {
        eprintln!("usage: html_bench <dir-with-html.gz> <predictions.json> [--urls ground-truth.json]");
        return ExitCode::from(2);
    };
    match run(Path::new(dir), Path::new(out), urls_path.as_deref().map(Path::new)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("html_bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path, out: &Path, urls_path: Option<&Path>) -> Result<(), Box<dyn std::error::Error>> {
    let urls: BTreeMap<String, String> = match urls_path {
        Some(p) => {
            let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p)?)?;
            v.as_object()
                .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.get("url")?.as_str()?.to_string()))).collect())
                .unwrap_or_default()
        }
        None => BTreeMap::new(),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    files.sort();

    let mut preds = serde_json::Map::new();
    let mut busy = Duration::ZERO;
    let mut bytes = 0usize;
    for path in &files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let id = name.trim_end_matches(".html.gz").to_string();
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path)?).read_to_end(&mut raw)?;
        let html = String::from_utf8_lossy(&raw);
        bytes += raw.len();
        let start = Instant::now();
        let page = attache_ingest::html::extract_html(&html, urls.get(&id).map(String::as_str));
        busy += start.elapsed();
        preds.insert(id, serde_json::json!({ "articleBody": page.text }));
    }
    std::fs::write(out, serde_json::to_string_pretty(&preds)?)?;
    let n = files.len().max(1) as f64;
    let secs = busy.as_secs_f64();
    eprintln!(
        "{} pages, {:.1} MB of HTML: {:.1} ms/page, {:.1} pages/s (extraction only, one thread) -> {}",
        files.len(),
        bytes as f64 / 1e6,
        secs * 1000.0 / n,
        n / secs.max(1e-9),
        out.display()
    );
    Ok(())
}
