//! `attache export --format plover|cameo`: the record in the interchange
//! formats of event data.
//!
//! - `plover`: one JSON object per event with the data fields of the PLOVER
//!   manual (id, date, actor, recipient, event, mode, context, event_text,
//!   text_info, cite_info; actors as entity objects with code, sector and
//!   entity_text). `schemas/plover.schema.json` is its JSON Schema. PLOVER
//!   dates are days: an event dated only by month or year, or undated, takes
//!   its article's publication day, and `comment` says so; an event with
//!   neither is left out, with a count on stderr.
//! - `cameo`: a tab-separated dyadic file with the GDELT event columns that
//!   apply (day, actor names and country codes, event code, root code, quad
//!   class, Goldstein value, source URL), one row per source-target pair.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;
use attache_model::annotation::Actor;
use attache_store::{EventQuery, Store, StoredEvent};
use serde_json::{Value, json};

/// The Goldstein value of a CAMEO code (Goldstein 1992, as GDELT applies it)
/// for the codes attache writes; `None` for others.
pub(crate) fn goldstein(cameo: &str) -> Option<f64> {
    Some(match cameo {
        "030" | "036" => 4.0,
        "040" | "041" => 1.0,
        "042" => 1.9,
        "043" => 2.8,
        "044" => 2.5,
        "050" => 3.5,
        "051" => 3.4,
        "057" => 8.0,
        "111" => -2.0,
        _ => return None,
    })
}

/// GDELT's quad class of a CAMEO root code: 1 verbal cooperation (01-05),
/// 2 material cooperation (06-08), 3 verbal conflict (09-13), 4 material
/// conflict (14-20).
pub(crate) fn quad_class(root: &str) -> Option<u8> {
    match root.parse::<u8>().ok()? {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// PLOVER's mode of a meeting (the manual's CONSULT modes).
fn plover_mode(mode: Option<&str>) -> Option<&'static str> {
    match mode? {
        "call" => Some("phone"),
        "visit" => Some("visit"),
        "multilateral" => Some("multilateral"),
        _ => None,
    }
}

/// What an export needs of an event's article.
struct Source {
    url: Option<String>,
    language: Option<String>,
    publication: Option<String>,
    published_day: Option<String>,
}

fn source<'c>(store: &Store, cache: &'c mut HashMap<i64, Source>, id: i64) -> Result<&'c Source> {
    if let std::collections::hash_map::Entry::Vacant(slot) = cache.entry(id) {
        let a = store.article(id)?;
        let a = a.as_ref().map(|a| &a.article);
        slot.insert(Source {
            url: a.and_then(|a| a.url.clone()),
            language: a.and_then(|a| a.language.clone()),
            publication: a.and_then(|a| a.via.first().cloned()),
            published_day: a
                .and_then(|a| a.published.as_ref())
                .and_then(|p| p.to_string().get(..10).map(str::to_string)),
        });
    }
    Ok(&cache[&id])
}

fn side<'a>(e: &'a StoredEvent, ids: &[String]) -> Vec<&'a Actor> {
    ids.iter().filter_map(|id| e.actors.iter().find(|a| &a.id == id)).collect()
}

fn entity(a: &Actor) -> Value {
    json!({
        "code": a.country,
        "sector": a.sector.map(|s| s.to_string()),
        "entity_text": a.name,
    })
}

/// One event as a PLOVER record; `None` when it has no day (neither its own nor its article's).
fn plover_record(e: &StoredEvent, src: &Source) -> Option<Value> {
    let ev = &e.event;
    let own_day = ev.date.as_deref().filter(|d| d.len() == 10);
    let (date, comment) = match (own_day, ev.date.as_deref(), &src.published_day) {
        (Some(d), _, _) => (d.to_string(), None),
        (None, Some(partial), Some(p)) => {
            (p.clone(), Some(format!("the text dates the event {partial} only; date is the publication day")))
        }
        (None, None, Some(p)) => (p.clone(), Some("the text gives no date; date is the publication day".to_string())),
        (None, _, None) => return None,
    };
    let mode = ev.mode.map(|m| m.to_string());
    Some(json!({
        "id": format!("{}:{}", e.article_id, e.index),
        "date": date,
        "actor": side(e, &ev.source).into_iter().map(entity).collect::<Vec<_>>(),
        "recipient": side(e, &ev.target).into_iter().map(entity).collect::<Vec<_>>(),
        "event": ev.plover.clone().unwrap_or_else(|| ev.kind.plover().to_string()),
        "mode": plover_mode(mode.as_deref()),
        "context": ev.topics,
        "event_text": ev.evidence,
        "text_info": {
            "sequence": null,
            "start": e.span.map(|s| s.0),
            "end": e.span.map(|s| s.1),
        },
        "cite_info": {
            "corpus": e.doc,
            "citation": format!("attache article {}", e.article_id),
            "url": src.url,
            "title": e.title,
            "language": src.language,
            "publication": src.publication,
            "coder": format!("attache {} (rule {})", env!("CARGO_PKG_VERSION"), e.rule.as_deref().unwrap_or("-")),
            "codebook": "attache ANNOTATION.md",
        },
        "comment": comment,
    }))
}

/// `attache export --format plover`: one PLOVER record per line.
pub(crate) fn plover(store: &Store, out: &mut dyn Write) -> Result<()> {
    let mut cache = HashMap::new();
    let mut undated = 0;
    for e in store.events_of(&EventQuery::default())? {
        let src = source(store, &mut cache, e.article_id)?;
        match plover_record(&e, src) {
            Some(r) => writeln!(out, "{r}")?,
            None => undated += 1,
        }
    }
    if undated > 0 {
        eprintln!("left out {undated} event(s) with no day: neither the text nor the article's publication dates them");
    }
    Ok(())
}

/// The columns of `--format cameo`.
pub(crate) const CAMEO_COLUMNS: [&str; 12] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Name",
    "Actor2CountryCode",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "SOURCEURL",
];

/// `attache export --format cameo`: one tab-separated row per source-target
/// pair of each event (an event with one side only: the other columns empty).
pub(crate) fn cameo(store: &Store, out: &mut dyn Write) -> Result<()> {
    let mut cache = HashMap::new();
    writeln!(out, "{}", CAMEO_COLUMNS.join("\t"))?;
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    for e in store.events_of(&EventQuery::default())? {
        let src = source(store, &mut cache, e.article_id)?;
        let ev = &e.event;
        let code = ev.cameo.clone().unwrap_or_else(|| ev.kind.cameo(ev.mode).to_string());
        let root = code.get(..2).unwrap_or("").to_string();
        let base = code.get(..3).unwrap_or("").to_string();
        let day = ev.date.as_deref().filter(|d| d.len() == 10).map(|d| d.replace('-', "")).unwrap_or_default();
        let (sources, targets) = (side(&e, &ev.source), side(&e, &ev.target));
        let none: [Option<&Actor>; 1] = [None];
        let s_list: Vec<Option<&Actor>> =
            if sources.is_empty() { none.to_vec() } else { sources.into_iter().map(Some).collect() };
        let t_list: Vec<Option<&Actor>> =
            if targets.is_empty() { none.to_vec() } else { targets.into_iter().map(Some).collect() };
        for (i, (a, b)) in s_list.iter().flat_map(|a| t_list.iter().map(move |b| (a, b))).enumerate() {
            let name = |x: &Option<&Actor>| x.map(|x| clean(&x.name)).unwrap_or_default();
            let country = |x: &Option<&Actor>| x.and_then(|x| x.country.clone()).unwrap_or_default();
            let row = [
                format!("{}:{}:{i}", e.article_id, e.index),
                day.clone(),
                name(a),
                country(a),
                name(b),
                country(b),
                code.clone(),
                base.clone(),
                root.clone(),
                quad_class(&root).map(|q| q.to_string()).unwrap_or_default(),
                goldstein(&code).map(|g| format!("{g:.1}")).unwrap_or_default(),
                src.url.clone().unwrap_or_default(),
            ];
            writeln!(out, "{}", row.join("\t"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_attache_writes_has_a_goldstein_value_and_a_quad_class() {
        use attache_model::kinds::{EventKind, MeetMode};
        for k in EventKind::ALL {
            for m in [None, Some(MeetMode::Call), Some(MeetMode::Visit), Some(MeetMode::Multilateral)] {
                let code = k.cameo(m);
                assert!(goldstein(code).is_some(), "{code}");
                assert_eq!(quad_class(&code[..2]), Some(if code.starts_with("11") { 3 } else { 1 }), "{code}");
            }
        }
    }
}
