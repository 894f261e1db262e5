//! The resolution stress set: `cargo run --release -p attache-resolve --example stress [PERSONS] [SEED]`.
//! Prints pairwise merge precision and recall against the known identities,
//! and the speed of `resolve`.

fn main() {
    let mut args = std::env::args().skip(1);
    let persons: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    let set = attache_resolve::stress::generate(persons, seed);
    let started = std::time::Instant::now();
    let identities = if std::env::var_os("CHUNKED").is_some() {
        attache_resolve::stress::resolve_in_chunks(&set.mentions, 2000)
    } else {
        attache_resolve::resolve(&set.mentions)
    };
    let secs = started.elapsed().as_secs_f64();
    let (p, r) = attache_resolve::stress::pairwise(&set, &identities);
    println!("persons       {}", set.persons);
    println!("mentions      {}", set.mentions.len());
    println!("identities    {}", identities.len());
    println!("precision     {p:.4} (pairs placed together that are one person)");
    println!("recall        {r:.4} (pairs of one person placed together)");
    println!("time          {secs:.3} s ({:.0} mentions/s)", set.mentions.len() as f64 / secs);
    // As ingestion does it: new mentions in chunks, each against what came
    // before, read afresh from the store for every chunk (as the first chunk
    // of every ingestion is) or kept from one chunk to the next (as the rest are).
    for (kept, chunk) in [(false, 2000), (false, 200), (true, 2000), (true, 200)] {
        let started = std::time::Instant::now();
        let identities = if kept {
            attache_resolve::stress::resolve_kept(&set.mentions, chunk)
        } else {
            attache_resolve::stress::resolve_in_chunks(&set.mentions, chunk)
        };
        let secs = started.elapsed().as_secs_f64();
        let (p, r) = attache_resolve::stress::pairwise(&set, &identities);
        println!(
            "in chunks of {chunk:>4}, {}: identities {}, precision {p:.4}, recall {r:.4}, {:.0} mentions/s",
            if kept { "kept" } else { "fresh" },
            identities.len(),
            set.mentions.len() as f64 / secs
        );
    }
    if std::env::var_os("SHOW_SPLITS").is_some() {
        show_splits(&set, &identities);
    }
    if std::env::var_os("SHOW_MERGES").is_some() {
        for id in identities
            .iter()
            .filter(|i| {
                let mut t: Vec<usize> = i.mentions.iter().map(|&m| set.truth[m]).collect();
                t.sort();
                t.dedup();
                t.len() > 1
            })
            .take(12)
        {
            let forms: Vec<String> = id
                .mentions
                .iter()
                .map(|&m| {
                    format!(
                        "{} [{}] #{}",
                        set.mentions[m].name,
                        set.mentions[m].country.as_deref().unwrap_or("-"),
                        set.truth[m]
                    )
                })
                .collect();
            println!("false merge: {}", forms.join(" | "));
        }
    }
}

/// Prints persons split across identities (`SHOW_SPLITS=1`).
#[allow(dead_code)]
fn show_splits(set: &attache_resolve::stress::StressSet, identities: &[attache_resolve::Identity]) {
    let mut of = vec![usize::MAX; set.mentions.len()];
    for (c, id) in identities.iter().enumerate() {
        for &m in &id.mentions {
            of[m] = c;
        }
    }
    let mut by_person: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (m, &p) in set.truth.iter().enumerate() {
        by_person.entry(p).or_default().push(m);
    }
    let mut shown = 0;
    for ms in by_person.values() {
        let mut cs: Vec<usize> = ms.iter().map(|&m| of[m]).collect();
        cs.sort();
        cs.dedup();
        if cs.len() > 1 && shown < 15 {
            shown += 1;
            let forms: Vec<String> = ms
                .iter()
                .map(|&m| {
                    format!(
                        "{} [{}] @{}",
                        set.mentions[m].name,
                        set.mentions[m].country.as_deref().unwrap_or("-"),
                        of[m]
                    )
                })
                .collect();
            println!("split: {}", forms.join(" | "));
        }
    }
}
