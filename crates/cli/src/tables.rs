//! Tables of commitments for a person to read (`attache commitments`,
//! `attache relations`): a header, actors by name and state instead of ids,
//! ISO dates, the sides in the events table's direction (the inviter is the
//! source of an invitation), and the sentence that states each promise or
//! invitation.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;
use attache_store::Store;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

/// Names actor ids (`Name (ISO3)`), each looked up once.
struct Names<'s> {
    store: &'s Store,
    seen: HashMap<String, String>,
}

impl Names<'_> {
    fn of(&mut self, id: &str) -> Result<String> {
        if let Some(n) = self.seen.get(id) {
            return Ok(n.clone());
        }
        let name = match self.store.find_actor(id)? {
            Some(a) => match &a.country {
                Some(c) => format!("{} ({c})", a.name),
                None => a.name,
            },
            None => id.to_string(),
        };
        self.seen.insert(id.to_string(), name.clone());
        Ok(name)
    }

    fn list(&mut self, v: &serde_json::Value) -> Result<String> {
        let ids: Vec<&str> = v.as_array().map(|a| a.iter().filter_map(|x| x.as_str()).collect()).unwrap_or_default();
        Ok(ids.iter().map(|id| self.of(id)).collect::<Result<Vec<_>>>()?.join("; "))
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

/// The evidence sentence of the event a commitment was made in (`article:index`).
fn evidence(store: &Store, id: &str) -> Result<String> {
    let Some((a, i)) = id.split_once(':').and_then(|(a, i)| Some((a.parse().ok()?, i.parse().ok()?))) else {
        return Ok(String::new());
    };
    Ok(store.event(a, i)?.map(|e| e.evidence).unwrap_or_default())
}

/// Commitments as a table: who promised or invited whom, when, by when,
/// what became of it, and the words that say so.
pub(crate) fn commitments(store: &Store, list: &[serde_json::Value], out: &mut dyn Write) -> Result<()> {
    let mut names = Names { store, seen: HashMap::new() };
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(["status", "kind", "made", "due", "source", "target", "evidence", "fulfilled by", "id"]);
    for c in list {
        let text = |k: &str| c[k].as_str().unwrap_or("-").to_string();
        let id = text("id");
        // In the event's direction (ANNOTATION.md): the promiser, or the inviter, is the source;
        // a commitment's `actors` are who is to act (for an invitation: the one invited).
        let (source, target) =
            if text("kind") == "INVITE" { ("counterparts", "actors") } else { ("actors", "counterparts") };
        t.add_row([
            text("status"),
            text("kind"),
            text("made"),
            text("due"),
            clip(&names.list(&c[source])?, 40),
            clip(&names.list(&c[target])?, 40),
            clip(&evidence(store, &id)?, 70),
            text("fulfilled_by"),
            id,
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(out, "{} commitment(s)", list.len())?;
    Ok(())
}

/// Occurrences as a table: one real-world event, its actors by name, how
/// many reports and independent sources.
pub(crate) fn occurrences(store: &Store, list: &[attache_store::StoredOccurrence], out: &mut dyn Write) -> Result<()> {
    let mut names = Names { store, seen: HashMap::new() };
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(["id", "type", "date", "reports", "sources", "actors"]);
    for o in list {
        let actors = o.actors.iter().map(|a| names.of(a)).collect::<Result<Vec<_>>>()?.join("; ");
        t.add_row([
            o.id.clone(),
            o.kind.clone(),
            o.date.clone().unwrap_or_else(|| "-".into()),
            o.reports.to_string(),
            o.independent_sources.to_string(),
            clip(&actors, 80),
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(out, "{} occurrence(s)", list.len())?;
    Ok(())
}
