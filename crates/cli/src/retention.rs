//! `attache retention`: the share of each input's body words its articles keep.

use std::io::Write;

use anyhow::Result;
use attache_pipeline::RetentionReport;
use serde_json::json;

use crate::output::OutputFormat;

/// Prints `report`: a summary and the `worst` documents with the words they
/// lost (table), or one JSON line per document (jsonl, csv).
pub fn print(report: &RetentionReport, worst: usize, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    let mut docs: Vec<_> = report.documents.iter().collect();
    docs.sort_by(|a, b| a.share().total_cmp(&b.share()).then_with(|| a.origin.cmp(&b.origin)));
    if !matches!(format, OutputFormat::Table) {
        for d in docs {
            let line = json!({"origin": d.origin, "reference_words": d.reference, "kept_words": d.kept,
                "retention": d.share(), "articles": d.articles, "lost": d.lost});
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    let shares: Vec<f64> = docs.iter().map(|d| d.share()).collect();
    let median = match shares.len() {
        0 => 1.0,
        n if n % 2 == 1 => shares[n / 2],
        n => (shares[n / 2 - 1] + shares[n / 2]) / 2.0,
    };
    let (reference, kept) = docs.iter().fold((0, 0), |(r, k), d| (r + d.reference, k + d.kept));
    writeln!(out, "documents      {}", docs.len())?;
    writeln!(out, "median         {median:.4}")?;
    writeln!(out, "minimum        {:.4}", shares.first().copied().unwrap_or(1.0))?;
    writeln!(out, "below 0.95     {}", shares.iter().filter(|&&s| s < 0.95).count())?;
    writeln!(out, "below 0.99     {}", shares.iter().filter(|&&s| s < 0.99).count())?;
    writeln!(out, "words          {kept} of {reference} kept ({:.4})", kept as f64 / reference.max(1) as f64)?;
    writeln!(out, "skipped        {}", report.skipped.len())?;
    for (origin, reason) in &report.skipped {
        writeln!(out, "  skipped {origin}: {reason}")?;
    }
    if worst > 0 && !docs.is_empty() {
        writeln!(out, "worst:")?;
        for d in docs.iter().take(worst) {
            let share = d.share();
            writeln!(out, "  {share:.4}  {:>6} words  {} article(s)  {}", d.reference, d.articles, d.origin)?;
            if !d.lost.is_empty() {
                writeln!(out, "          lost: {}", d.lost.join(" "))?;
            }
        }
    }
    Ok(())
}
