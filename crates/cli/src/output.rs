//! Output formats: aligned tables for people, JSON Lines and CSV for programs.

use std::io::Write;

use anyhow::Result;
use attache_store::{RecordStats, ResolutionProgress, Stats, Store, StoredArticle};
use clap::ValueEnum;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde_json::json;

#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Table,
    Jsonl,
    Csv,
}

fn article_json(a: &StoredArticle) -> serde_json::Value {
    let art = &a.article;
    json!({
        "id": a.id,
        "doc": a.doc,
        "article": art.position,
        "title": art.title,
        "published": art.published.map(|p| p.to_string()),
        "views": art.views,
        "via": art.via,
        "url": art.url,
        "language": art.language,
        "origin": a.origin,
        "format": a.format,
        "text": art.text,
        "sentences": art.sentences.iter().map(|s| [s.start, s.end]).collect::<Vec<_>>(),
    })
}

pub fn article_json_line(a: &StoredArticle, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{}", article_json(a))?;
    Ok(())
}

/// An article's title, or (none given) its first sentence, marked as such.
fn title_of(a: &attache_model::Article) -> String {
    match (&a.title, a.sentence_text(0)) {
        (Some(t), _) => t.clone(),
        (None, Some(first)) => format!("[no title] {first}"),
        (None, None) => "(untitled)".to_string(),
    }
}

/// A byte count as a person reads it: `52 KB`, `45.8 MB`.
fn human_size(bytes: i64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} bytes"),
        b if b < 1_000_000 => format!("{:.0} KB", b as f64 / 1e3),
        b if b < 1_000_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b => format!("{:.2} GB", b as f64 / 1e9),
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

pub fn articles(list: &[StoredArticle], format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    match format {
        OutputFormat::Jsonl => {
            for a in list {
                article_json_line(a, out)?;
            }
        }
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "id",
                "doc",
                "article",
                "title",
                "published",
                "via",
                "url",
                "language",
                "sentences",
                "text",
            ])?;
            for a in list {
                let art = &a.article;
                w.write_record([
                    a.id.to_string(),
                    a.doc.clone(),
                    art.position.to_string(),
                    art.title.clone().unwrap_or_default(),
                    art.published.map(|p| p.to_string()).unwrap_or_default(),
                    art.via.join("; "),
                    art.url.clone().unwrap_or_default(),
                    art.language.clone().unwrap_or_default(),
                    art.sentences.len().to_string(),
                    art.text.clone(),
                ])?;
            }
            w.flush()?;
        }
        OutputFormat::Table => {
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
            t.set_header(["id", "published", "doc", "#", "title", "via"]);
            for a in list {
                let art = &a.article;
                t.add_row([
                    a.id.to_string(),
                    art.published.map(|p| p.to_string()).unwrap_or_default(),
                    clip(&a.doc, 28),
                    art.position.to_string(),
                    clip(&title_of(art), 70),
                    clip(&art.via.join("; "), 40),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(out, "{} article(s)", list.len())?;
        }
    }
    Ok(())
}

pub fn show(a: &StoredArticle, out: &mut dyn Write) -> Result<()> {
    let art = &a.article;
    writeln!(out, "article {}  ({} #{}, {})", a.id, a.doc, art.position, a.format)?;
    writeln!(out, "title:     {}", art.title.as_deref().unwrap_or("(untitled)"))?;
    writeln!(out, "published: {}", art.published.map_or("-".into(), |p| p.to_string()))?;
    if let Some(v) = art.views {
        writeln!(out, "views:     {v}")?;
    }
    writeln!(out, "via:       {}", if art.via.is_empty() { "-".into() } else { art.via.join("; ") })?;
    writeln!(out, "url:       {}", art.url.as_deref().unwrap_or("-"))?;
    writeln!(out, "language:  {}", art.language.as_deref().unwrap_or("-"))?;
    writeln!(out, "origin:    {}", a.origin)?;
    writeln!(out)?;
    for (i, s) in art.sentences.iter().enumerate() {
        writeln!(out, "{i:>4}  [{}..{}]  {}", s.start, s.end, s.slice(&art.text))?;
    }
    Ok(())
}

/// The record beside the counts of `stats`: events, actors, occurrences,
/// commitments and how far resolution has come.
pub struct Records {
    pub record: RecordStats,
    pub progress: ResolutionProgress,
}

impl Records {
    pub fn of(store: &Store) -> Result<Records> {
        Ok(Records { record: store.record_stats()?, progress: store.resolution_progress()? })
    }

    fn commitments(&self) -> i64 {
        self.record.commitments_by_status.iter().map(|(_, n)| n).sum()
    }
}

pub fn stats(s: &Stats, records: Option<&Records>, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let map = |v: &[(String, i64)]| v.iter().map(|(k, n)| (k.clone(), json!(n))).collect::<serde_json::Map<_, _>>();
    if as_json {
        let mut doc = json!({
            "documents": s.documents, "document_versions": s.document_versions, "articles": s.articles,
            "sentences": s.sentences, "bytes": s.bytes, "first_published": s.first_published,
            "last_published": s.last_published,
            "by_format": map(&s.by_format),
            "by_language": map(&s.by_language),
        });
        if let Some(r) = records {
            let p = &r.progress;
            doc["events"] = json!(r.record.events);
            doc["actors"] = json!(r.record.actors);
            doc["occurrences"] = json!(r.record.occurrences);
            doc["commitments"] = json!(r.commitments());
            doc["commitments_by_status"] = json!(map(&r.record.commitments_by_status));
            doc["resolution"] = json!({
                "resolved_upto": p.resolved_upto, "articles_resolved": p.articles_resolved,
                "articles_pending": p.articles_pending,
            });
        }
        writeln!(out, "{doc}")?;
        return Ok(());
    }
    writeln!(out, "documents   {} ({} versions)", s.documents, s.document_versions)?;
    writeln!(out, "articles    {}", s.articles)?;
    writeln!(out, "sentences   {}", s.sentences)?;
    writeln!(out, "input       {}", human_size(s.bytes))?;
    writeln!(
        out,
        "published   {} .. {}",
        s.first_published.as_deref().unwrap_or("-"),
        s.last_published.as_deref().unwrap_or("-")
    )?;
    let join = |v: &[(String, i64)]| v.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ");
    writeln!(out, "formats     {}", join(&s.by_format))?;
    writeln!(out, "languages   {}", join(&s.by_language))?;
    if let Some(r) = records {
        writeln!(out, "events      {}", r.record.events)?;
        writeln!(out, "actors      {}", r.record.actors)?;
        writeln!(out, "occurrences {}", r.record.occurrences)?;
        writeln!(out, "commitments {} ({})", r.commitments(), join(&r.record.commitments_by_status))?;
        let p = &r.progress;
        writeln!(out, "resolution  {} article(s) resolved, {} pending", p.articles_resolved, p.articles_pending)?;
    }
    Ok(())
}

pub fn brief(store: &Store, latest: usize, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "== attache briefing ==")?;
    stats(&store.stats()?, None, false, out)?;
    let all = store.events(&attache_store::EventFilter::default())?;
    writeln!(out, "events      {}", all.len())?;
    let mut by_type: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut pairs: std::collections::BTreeMap<(String, String), usize> = Default::default();
    for e in &all {
        *by_type.entry(e.event.kind.as_str()).or_default() += 1;
        let country = |ids: &[String]| {
            let mut c: Vec<String> = ids
                .iter()
                .filter_map(|id| e.actors.iter().find(|a| &a.id == id))
                .filter_map(|a| a.country.clone())
                .collect();
            c.sort();
            c.dedup();
            c.join("+")
        };
        let (a, b) = (country(&e.event.source), country(&e.event.target));
        if !a.is_empty() && !b.is_empty() && a != b {
            let key = if a < b { (a, b) } else { (b, a) };
            *pairs.entry(key).or_default() += 1;
        }
    }
    writeln!(out, "by type     {}", by_type.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", "))?;
    let mut pairs: Vec<_> = pairs.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<String> = pairs.iter().take(8).map(|((a, b), n)| format!("{a}-{b} {n}")).collect();
    writeln!(out, "top pairs   {}", top.join(", "))?;
    writeln!(out)?;
    writeln!(out, "Latest events (by publication):")?;
    let mut recent = all;
    recent.sort_by(|a, b| b.published.cmp(&a.published).then(a.article_id.cmp(&b.article_id)));
    events(&recent.into_iter().take(latest).collect::<Vec<_>>(), OutputFormat::Table, out)?;
    writeln!(out)?;
    writeln!(out, "Latest articles:")?;
    let list = store.articles(&attache_store::ArticleFilter { limit: Some(latest), ..Default::default() })?;
    articles(&list, OutputFormat::Table, out)
}

/// Stored articles in order of document and position (what `export` and `eval` walk).
fn in_document_order(list: &[StoredArticle]) -> Vec<&StoredArticle> {
    let mut v: Vec<&StoredArticle> = list.iter().collect();
    v.sort_by(|a, b| (&a.doc, a.article.position).cmp(&(&b.doc, b.article.position)));
    v
}

pub fn export(store: &Store, list: &[StoredArticle], format: &str, out: &mut dyn Write) -> Result<()> {
    let mut csv_writer = (format == "csv").then(|| csv::Writer::from_writer(Vec::new()));
    if let Some(w) = &mut csv_writer {
        w.write_record([
            "article_id",
            "doc",
            "article",
            "type",
            "mode",
            "date",
            "date_basis",
            "source",
            "source_countries",
            "target",
            "target_countries",
            "topics",
            "cameo",
            "plover",
            "evidence",
        ])?;
    }
    for a in in_document_order(list) {
        // The stored record; articles stored without one are extracted now.
        let x = attache_pipeline::extract(&a.doc, &a.article);
        let x = match store.extraction(a.id)? {
            Some(record) if format == "annotation" => {
                attache_model::annotation::Extraction { record, provenance: x.provenance }
            }
            _ => x,
        };
        match format {
            "annotation" => writeln!(out, "{}", serde_json::to_string(&x.record)?)?,
            "jsonl" => {
                let mut v = serde_json::to_value(&x.record)?;
                v["article_id"] = json!(a.id);
                v["origin"] = json!(a.origin);
                for t in &x.provenance {
                    let e = &mut v["events"][t.event];
                    e["rule"] = json!(t.rule);
                    e["trigger"] = json!(t.trigger);
                    e["sentence"] = json!(t.sentence);
                    e["span"] = json!(t.span.map(|(s, e)| [s, e]));
                }
                writeln!(out, "{v}")?;
            }
            _ => {
                let w = csv_writer.as_mut().expect("csv writer");
                let actor = |id: &String| x.record.actors.iter().find(|ac| &ac.id == id);
                for e in &x.record.events {
                    let names = |ids: &[String]| {
                        ids.iter().filter_map(actor).map(|ac| ac.name.clone()).collect::<Vec<_>>().join("; ")
                    };
                    let countries = |ids: &[String]| {
                        ids.iter().filter_map(actor).filter_map(|ac| ac.country.clone()).collect::<Vec<_>>().join("; ")
                    };
                    w.write_record([
                        a.id.to_string(),
                        a.doc.clone(),
                        a.article.position.to_string(),
                        e.kind.to_string(),
                        e.mode.map(|m| m.to_string()).unwrap_or_default(),
                        e.date.clone().unwrap_or_default(),
                        e.date_basis.map(|b| b.to_string()).unwrap_or_default(),
                        names(&e.source),
                        countries(&e.source),
                        names(&e.target),
                        countries(&e.target),
                        e.topics.join("; "),
                        e.cameo.clone().unwrap_or_default(),
                        e.plover.clone().unwrap_or_default(),
                        e.evidence.clone(),
                    ])?;
                }
            }
        }
    }
    if let Some(w) = csv_writer {
        out.write_all(&w.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))?)?;
    }
    Ok(())
}

pub fn explain(a: &StoredArticle, out: &mut dyn Write) -> Result<()> {
    let x = attache_pipeline::extract(&a.doc, &a.article);
    writeln!(out, "article {}: {}", a.id, a.article.title.as_deref().unwrap_or("(untitled)"))?;
    let name = |id: &String| {
        x.record.actors.iter().find(|ac| &ac.id == id).map_or(id.clone(), |ac| {
            format!("{} [{} {}]", ac.name, ac.country.as_deref().unwrap_or("-"), ac.sector.map_or("-", |s| s.as_str()))
        })
    };
    for (i, e) in x.record.events.iter().enumerate() {
        let t = x.provenance.iter().find(|t| t.event == i);
        writeln!(out)?;
        writeln!(
            out,
            "{} {}  {} ({})",
            e.kind,
            e.mode.map_or("", |m| m.as_str()),
            e.date.as_deref().unwrap_or("-"),
            e.date_basis.map_or("-", |b| b.as_str())
        )?;
        writeln!(out, "  source:  {}", e.source.iter().map(name).collect::<Vec<_>>().join("; "))?;
        writeln!(out, "  target:  {}", e.target.iter().map(name).collect::<Vec<_>>().join("; "))?;
        if !e.topics.is_empty() {
            writeln!(out, "  topics:  {}", e.topics.join(", "))?;
        }
        if let Some(t) = t {
            writeln!(out, "  rule:    {}  trigger: {:?}", t.rule, t.trigger)?;
            let place = t.sentence.map_or("title".to_string(), |s| format!("sentence {s}"));
            writeln!(out, "  {place}: {}", highlight(&e.evidence, &t.trigger))?;
        }
    }
    if x.record.events.is_empty() {
        writeln!(out, "(no events)")?;
    }
    for f in &x.record.facts {
        writeln!(
            out,
            "fact: {} = {} {} ({})",
            f.what,
            f.value,
            f.unit.as_deref().unwrap_or(""),
            f.year.map_or("-".into(), |y| y.to_string())
        )?;
    }
    Ok(())
}

/// The sentence with its trigger in brackets.
fn highlight(sentence: &str, trigger: &str) -> String {
    match sentence.find(trigger) {
        Some(i) => format!("{}[{}]{}", &sentence[..i], trigger, &sentence[i + trigger.len()..]),
        None => sentence.to_string(),
    }
}

fn event_json(e: &attache_store::StoredEvent) -> serde_json::Value {
    let mut v = serde_json::to_value(&e.event).unwrap_or_default();
    let name = |ids: &[String]| -> Vec<serde_json::Value> {
        ids.iter()
            .filter_map(|id| e.actors.iter().find(|a| &a.id == id))
            .map(|a| json!({"name": a.name, "title": a.title, "country": a.country, "sector": a.sector, "org": a.org, "kind": a.kind}))
            .collect()
    };
    v["source"] = json!(name(&e.event.source));
    v["target"] = json!(name(&e.event.target));
    v["article_id"] = json!(e.article_id);
    v["doc"] = json!(e.doc);
    v["article_title"] = json!(e.title);
    v["published"] = json!(e.published);
    v["rule"] = json!(e.rule);
    v["trigger"] = json!(e.trigger);
    v["span"] = json!(e.span.map(|(s, t)| [s, t]));
    v
}

pub fn events(list: &[attache_store::StoredEvent], format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    let side = |e: &attache_store::StoredEvent, ids: &[String]| {
        ids.iter()
            .filter_map(|id| e.actors.iter().find(|a| &a.id == id))
            .map(|a| format!("{} ({})", a.name, a.country.as_deref().unwrap_or("?")))
            .collect::<Vec<_>>()
            .join("; ")
    };
    match format {
        OutputFormat::Jsonl => {
            for e in list {
                writeln!(out, "{}", event_json(e))?;
            }
        }
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "date",
                "type",
                "mode",
                "source",
                "target",
                "topics",
                "cameo",
                "plover",
                "article_id",
                "doc",
                "evidence",
            ])?;
            for e in list {
                let ev = &e.event;
                w.write_record([
                    ev.date.clone().unwrap_or_default(),
                    ev.kind.to_string(),
                    ev.mode.map(|m| m.to_string()).unwrap_or_default(),
                    side(e, &ev.source),
                    side(e, &ev.target),
                    ev.topics.join("; "),
                    ev.cameo.clone().unwrap_or_default(),
                    ev.plover.clone().unwrap_or_default(),
                    e.article_id.to_string(),
                    e.doc.clone(),
                    ev.evidence.clone(),
                ])?;
            }
            w.flush()?;
        }
        OutputFormat::Table => {
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
            t.set_header(["date", "type", "source", "target", "topics", "article"]);
            for e in list {
                let ev = &e.event;
                let kind = match &ev.mode {
                    Some(m) => format!("{} {m}", ev.kind),
                    None => ev.kind.to_string(),
                };
                t.add_row([
                    ev.date.clone().unwrap_or_default(),
                    kind,
                    clip(&side(e, &ev.source), 40),
                    clip(&side(e, &ev.target), 40),
                    clip(&ev.topics.join(", "), 30),
                    e.article_id.to_string(),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(out, "{} event(s)", list.len())?;
        }
    }
    Ok(())
}

fn actor_json(a: &attache_store::StoredActor) -> serde_json::Value {
    json!({
        "id": a.id,
        "name": a.name,
        "aliases": a.aliases,
        "kind": a.kind,
        "country": a.country,
        "roles": serde_json::from_str::<serde_json::Value>(&a.roles_json).unwrap_or(json!([])),
        "mentions": a.mentions,
    })
}

pub fn actors(list: &[attache_store::StoredActor], as_jsonl: bool, out: &mut dyn Write) -> Result<()> {
    if as_jsonl {
        for a in list {
            writeln!(out, "{}", actor_json(a))?;
        }
        return Ok(());
    }
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(["id", "name", "kind", "country", "latest role", "mentions"]);
    for a in list {
        let roles: serde_json::Value = serde_json::from_str(&a.roles_json).unwrap_or(json!([]));
        let latest =
            roles.as_array().and_then(|r| r.last()).and_then(|r| r["title"].as_str()).unwrap_or("").to_string();
        t.add_row([
            clip(&a.id, 36),
            clip(&a.name, 32),
            a.kind.clone(),
            a.country.clone().unwrap_or_default(),
            clip(&latest, 50),
            a.mentions.to_string(),
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(out, "{} actor(s)", list.len())?;
    Ok(())
}

pub fn actor(
    a: &attache_store::StoredActor,
    events: &[attache_store::StoredEvent],
    sides: &[attache_store::Counterpart],
    as_json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    // Counterparts (`attache_store::counterparts`), by name and country.
    let mut counterparts: std::collections::BTreeMap<String, usize> = Default::default();
    for c in sides {
        *counterparts.entry(format!("{} ({})", c.name, c.country.as_deref().unwrap_or("?"))).or_default() +=
            c.events as usize;
    }
    if as_json {
        let mut v = actor_json(a);
        v["counterparts"] = json!(counterparts);
        v["events"] = json!(events.iter().map(event_json).collect::<Vec<_>>());
        writeln!(out, "{v}")?;
        return Ok(());
    }
    writeln!(out, "{}  [{}]  {} {}", a.name, a.id, a.kind, a.country.as_deref().unwrap_or("-"))?;
    if !a.aliases.is_empty() {
        writeln!(out, "also written: {}", a.aliases.join("; "))?;
    }
    let roles: serde_json::Value = serde_json::from_str(&a.roles_json).unwrap_or(json!([]));
    if let Some(roles) = roles.as_array().filter(|r| !r.is_empty()) {
        writeln!(out, "roles:")?;
        for r in roles {
            writeln!(
                out,
                "  {} .. {}  {}",
                r["first"].as_str().unwrap_or("?"),
                r["last"].as_str().unwrap_or("?"),
                r["title"].as_str().unwrap_or("")
            )?;
        }
    }
    if !counterparts.is_empty() {
        let mut c: Vec<_> = counterparts.into_iter().collect();
        c.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        writeln!(out, "counterparts: {}", c.iter().map(|(n, k)| format!("{n} {k}")).collect::<Vec<_>>().join(", "))?;
    }
    writeln!(out)?;
    events_table(events, out)
}

fn events_table(list: &[attache_store::StoredEvent], out: &mut dyn Write) -> Result<()> {
    events(list, OutputFormat::Table, out)
}

/// `attache relations A B`: the events between two countries over time, the
/// topics they touch, the facts their articles state, and the commitments
/// between the two; one JSON object with `jsonl`.
pub fn relations(
    store: &attache_store::Store,
    a: &str,
    b: &str,
    since: Option<String>,
    until: Option<String>,
    jsonl: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let check = |c: &str| attache_model::countries::check_country(c).map_err(anyhow::Error::msg);
    let (a, b) = (check(a)?, check(b)?);
    let filter = attache_store::EventFilter {
        country: Some(a.clone()),
        counterpart: Some(b.clone()),
        since,
        until,
        ..Default::default()
    };
    let mut events = store.events(&filter)?;
    events.sort_by(|x, y| event_day(x).cmp(&event_day(y)).then(x.article_id.cmp(&y.article_id)));
    let mut topics: std::collections::BTreeMap<String, usize> = Default::default();
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    for e in &events {
        *kinds.entry(e.event.kind.to_string()).or_default() += 1;
        for t in &e.event.topics {
            *topics.entry(t.clone()).or_default() += 1;
        }
    }
    let mut articles: Vec<i64> = events.iter().map(|e| e.article_id).collect();
    articles.sort_unstable();
    articles.dedup();
    let mut facts = Vec::new();
    for id in &articles {
        if let Some(record) = store.extraction(*id)? {
            for f in record.facts {
                facts.push(serde_json::json!({
                    "article_id": id, "what": f.what, "value": f.value, "unit": f.unit,
                    "year": f.year, "evidence": f.evidence,
                }));
            }
        }
    }
    let lower_b = format!(":{}:", b.to_lowercase());
    let commitments: Vec<serde_json::Value> = store
        .commitments(None, Some(&a))?
        .into_iter()
        .filter(|c| {
            let text = c.to_string();
            text.contains(&format!("\"{b}\"")) || text.contains(&lower_b)
        })
        .collect();
    if jsonl {
        let value = serde_json::json!({
            "countries": [a, b],
            "events": events.iter().map(event_json).collect::<Vec<_>>(),
            "types": kinds,
            "topics": topics,
            "facts": facts,
            "commitments": commitments,
        });
        writeln!(out, "{value}")?;
        return Ok(());
    }
    let span = match (events.first(), events.last()) {
        (Some(f), Some(l)) => format!(" ({} .. {})", event_day(f), event_day(l)),
        _ => String::new(),
    };
    writeln!(out, "{a} - {b}: {} event(s){span}", events.len())?;
    if !kinds.is_empty() {
        let by_type: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(out, "by type: {}", by_type.join(", "))?;
    }
    if !events.is_empty() {
        writeln!(out)?;
        self::events(&events, OutputFormat::Table, out)?;
    }
    if !topics.is_empty() {
        let mut list: Vec<(&String, &usize)> = topics.iter().collect();
        list.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
        let list: Vec<String> = list.iter().map(|(t, n)| format!("{t} {n}")).collect();
        writeln!(out, "\ntopics: {}", list.join(", "))?;
    }
    if !facts.is_empty() {
        writeln!(out, "\nfacts:")?;
        for f in &facts {
            writeln!(out, "  [{}] {}", f["article_id"], f["evidence"].as_str().unwrap_or(""))?;
        }
    }
    if commitments.is_empty() {
        writeln!(out, "\ncommitments: none")?;
    } else {
        writeln!(out, "\ncommitments:")?;
        crate::tables::commitments(store, &commitments, out)?;
    }
    Ok(())
}

/// An event's day: its own date, else its article's publication day.
fn event_day(e: &attache_store::StoredEvent) -> String {
    e.event.date.clone().or(e.published.as_ref().and_then(|p| p.get(..10)).map(str::to_string)).unwrap_or_default()
}
