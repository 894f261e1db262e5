//! Output formats: aligned tables for people, JSON Lines and CSV for programs.

use std::io::Write;

use anyhow::Result;
use attache_store::{Stats, Store, StoredArticle};
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
                    clip(art.title.as_deref().unwrap_or("(untitled)"), 70),
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

pub fn stats(s: &Stats, as_json: bool, out: &mut dyn Write) -> Result<()> {
    if as_json {
        writeln!(
            out,
            "{}",
            json!({
                "documents": s.documents, "document_versions": s.document_versions, "articles": s.articles,
                "sentences": s.sentences, "bytes": s.bytes, "first_published": s.first_published,
                "last_published": s.last_published,
                "by_format": s.by_format.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
                "by_language": s.by_language.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
            })
        )?;
        return Ok(());
    }
    writeln!(out, "documents   {} ({} versions)", s.documents, s.document_versions)?;
    writeln!(out, "articles    {}", s.articles)?;
    writeln!(out, "sentences   {}", s.sentences)?;
    writeln!(out, "input       {:.1} MB", s.bytes as f64 / 1e6)?;
    writeln!(
        out,
        "published   {} .. {}",
        s.first_published.as_deref().unwrap_or("-"),
        s.last_published.as_deref().unwrap_or("-")
    )?;
    let join = |v: &[(String, i64)]| v.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ");
    writeln!(out, "formats     {}", join(&s.by_format))?;
    writeln!(out, "languages   {}", join(&s.by_language))?;
    Ok(())
}

pub fn brief(store: &Store, latest: usize, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "== attache briefing ==")?;
    stats(&store.stats()?, false, out)?;
    writeln!(out)?;
    writeln!(out, "Latest articles:")?;
    let list = store.articles(&attache_store::ArticleFilter { limit: Some(latest), ..Default::default() })?;
    articles(&list, OutputFormat::Table, out)
}
