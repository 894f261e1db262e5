//! `attache copy --from SRC --to DST`: a whole store moved between SQLite
//! and PostgreSQL (`Store::copy_into`), with a progress bar on a terminal.
//! A new SQLite file made for a copy that fails is removed again.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use attache_store::{CopyReport, Store};

/// Copies the store at `from` into the new or empty store at `to`.
pub(crate) fn copy(from: &Path, to: &Path) -> Result<ExitCode> {
    if from == to {
        bail!("--from and --to are the same store ({})", shown(to));
    }
    let source = crate::open_existing(from)?;
    let new_file = !crate::is_postgres(to) && !to.exists();
    let copied = copy_into(&source, from, to);
    if copied.is_err() && new_file {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = to.as_os_str().to_owned();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
    let report = copied?;
    let count = |t: &str| report.rows(t);
    eprintln!(
        "copied {} document(s), {} article(s), {} event(s), {} actor(s), {} occurrence(s), {} commitment(s), \
         {} row(s) in all, from {} to {} in {:.2} s",
        count("documents"),
        count("articles"),
        count("events"),
        count("actors"),
        count("occurrences"),
        count("commitments"),
        report.tables.iter().map(|(_, n)| n).sum::<u64>(),
        shown(from),
        shown(to),
        report.elapsed.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn copy_into(source: &Store, from: &Path, to: &Path) -> Result<CopyReport> {
    let dest = Store::open(to).with_context(|| format!("opening the destination {}", shown(to)))?;
    let tty = std::io::stderr().is_terminal();
    let bar = if tty { indicatif::ProgressBar::new(0) } else { indicatif::ProgressBar::hidden() };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} rows {per_sec} ETA {eta} {msg}",
        )
        .expect("static template"),
    );
    let report = source
        .copy_into(&dest, &shown(to), &mut |p| {
            bar.set_length(p.total);
            bar.set_position(p.rows);
            bar.set_message(p.table);
        })
        .with_context(|| format!("copying {} to {}", shown(from), shown(to)));
    bar.finish_and_clear();
    report
}

/// A store's location as shown: a URL without its password.
fn shown(location: &Path) -> String {
    let text = location.display().to_string();
    match (text.find("://"), text.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => match text[scheme + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:***{}", &text[..scheme + 3], &text[at..]),
            None => text,
        },
        _ => text,
    }
}
