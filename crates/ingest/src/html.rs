//! HTML pages to main text and metadata.
//!
//! Main text comes from two independent extractors run side by side:
//! `rs-trafilatura` (a port of trafilatura: block scoring plus boilerplate
//! rules) and `dom_smoothie` (a port of Mozilla Readability: picks the best
//! content subtree). Where they agree we keep the narrower of the two (the
//! other one only added boilerplate around the same article); where they
//! disagree we trust trafilatura and fall back to readability when
//! trafilatura finds (almost) nothing. On the Zyte article-extraction
//! benchmark (181 pages, `scripts/eval_html_extraction.py`) this consensus
//! scores F1 0.972 (P 0.956, R 0.989), against 0.956 for rs-trafilatura 0.2.2
//! alone and 0.951 for dom_smoothie 0.19 alone.
//!
//! Metadata (title, publication date, canonical URL, language) is read from
//! the page head with `scraper`: meta tags, JSON-LD, `<time>`, `<html lang>`.
//!
//! Nothing here panics on bad input: both extractors run under
//! `catch_unwind`, and a failure only means that extractor contributes no
//! text.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use scraper::{ElementRef, Html, Selector};

/// What we keep of an HTML page: its main text and the metadata that dates and names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlPage {
    pub title: Option<String>,
    /// As found on the page (usually ISO 8601): `article:published_time`,
    /// `og:published_time`, `itemprop=datePublished`, JSON-LD
    /// `datePublished`, `<time datetime>`, and a few common meta names.
    pub published: Option<String>,
    pub canonical_url: Option<String>,
    /// `<html lang>` (or `Content-Language` meta), as written.
    pub language: Option<String>,
    /// Main text, paragraphs separated by "\n\n", no boilerplate.
    pub text: String,
}

/// Shorter output is preferred when at least this share of its shingles
/// also occur in the longer one.
const AGREEMENT: f64 = 0.9;
/// ... and when it still has at least this many words (so a teaser or a
/// caption that both happen to contain does not win).
const MIN_CONSENSUS_WORDS: usize = 50;
/// Below this many words, a trafilatura result counts as "found nothing".
const MIN_TRAFILATURA_WORDS: usize = 20;
/// Element depth above which the extractors are not run (real pages stay
/// under ~60; rs-trafilatura overflows a 2 MiB stack somewhere past 2,000
/// and dom_smoothie is quadratic in depth).
const MAX_DOM_DEPTH: usize = 512;
/// Nesting work above which the extractors are not run either: the sum,
/// over the leaves of the DOM (text nodes, empty elements), of their depth.
/// Both extractors walk the ancestors of every node (rs-trafilatura tests
/// each ancestor's class and id against its boilerplate patterns,
/// dom_smoothie scores and counts text up the tree), so their time grows
/// with this sum, not with the page: 29,000 one-word paragraphs (270 KB)
/// 500 elements deep, under every limit above, took 26 s in the fuzz build,
/// the same paragraphs 3 deep 2 s (found by timing fuzz corpus inputs
/// repeated to larger sizes). Real pages stay far below it (1,222 pages of two extraction
/// benchmarks, our dev set and examples: median 8,850, largest 291,363, at
/// most 52 deep); past it a page gets the text of its blocks, as a too deep
/// one does.
const MAX_NESTING_WORK: usize = 2_000_000;
/// Estimated raw tag nesting above which the page is not even parsed.
const MAX_RAW_NESTING: usize = 4096;
/// Pages larger than this are not parsed into a DOM either: the parse and
/// the two extractors hold many times the page (a 50 MB page peaked near
/// 1 GB). Real pages are well under 1 MB (the largest of 1,223 pages of two
/// extraction benchmarks and our dev set: 563 KB).
pub const MAX_DOM_BYTES: usize = 4 << 20;
/// Nor pages with more elements than this (counted as `<` before a
/// letter): the DOM and the two extractors hold about 2.6 KB an element, so
/// 1 MB of `<p><i>a</i></p>` took 450 MB. Real pages have under 11,000
/// (same 1,223 pages: median 726, largest 10,126).
pub const MAX_DOM_ELEMENTS: usize = 30_000;

pub fn extract_html(html: &str, url: Option<&str>) -> HtmlPage {
    // Pathological nesting: the DOM parsers get slow (html5ever is quadratic
    // in depth) and the extractors recurse (stack overflow), so such input,
    // and a huge page, only gets a plain tag-stripping pass.
    if too_large_for_a_dom(html) || nesting_estimate(html) > MAX_RAW_NESTING {
        return HtmlPage { text: strip_tags(html), ..HtmlPage::default() };
    }
    let doc = Html::parse_document(html);
    let mut page = catch_unwind(AssertUnwindSafe(|| metadata(&doc, url))).unwrap_or_default();
    let (depth, work) = dom_shape(&doc);
    if depth > MAX_DOM_DEPTH || work > MAX_NESTING_WORK {
        page.text = block_text(&doc);
        return page;
    }
    drop(doc);
    let traf = run_trafilatura(html, url);
    let read = run_readability(html, url);
    page.text = choose(traf.text, read.text);
    if page.published.is_none() {
        page.published = traf.published.or(read.published);
    }
    if page.title.is_none() {
        page.title = read.title;
    }
    if page.language.is_none() {
        page.language = read.language;
    }
    page
}

/// What one extractor produced.
#[derive(Default)]
struct Extracted {
    text: String,
    title: Option<String>,
    published: Option<String>,
    language: Option<String>,
}

fn run_trafilatura(html: &str, url: Option<&str>) -> Extracted {
    // rs-trafilatura cuts its text at a million characters without a word; the
    // input is bounded by `ReadOptions::max_bytes` (refused whole, with a
    // message), so nothing below that limit is cut.
    let opts =
        rs_trafilatura::Options { url: url.map(str::to_string), max_extracted_len: usize::MAX, ..Default::default() };
    catch_unwind(AssertUnwindSafe(|| rs_trafilatura::extract_with_options(html, &opts)))
        .ok()
        .and_then(Result::ok)
        .map(|r| Extracted {
            text: normalize_text(&r.content_text),
            published: r.metadata.date.map(|d| d.to_rfc3339()),
            ..Extracted::default()
        })
        .unwrap_or_default()
}

fn run_readability(html: &str, url: Option<&str>) -> Extracted {
    let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    // dom_smoothie refuses relative URLs; the URL only resolves links, so drop it then.
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    catch_unwind(AssertUnwindSafe(|| {
        let mut r = dom_smoothie::Readability::new(html, url, Some(cfg)).ok()?;
        r.parse().ok()
    }))
    .ok()
    .flatten()
    .map(|a| Extracted {
        text: normalize_text(&a.text_content),
        title: non_empty(&a.title),
        published: a.published_time.as_deref().and_then(non_empty),
        language: a.lang.as_deref().and_then(non_empty),
    })
    .unwrap_or_default()
}

/// Consensus of the two extractors (see the module doc).
fn choose(traf: String, read: String) -> String {
    let (nt, nr) = (words(&traf).count(), words(&read).count());
    let (short, long, n_short) = if nt <= nr { (&traf, &read, nt) } else { (&read, &traf, nr) };
    if n_short >= MIN_CONSENSUS_WORDS && containment(short, long) >= AGREEMENT {
        return short.clone();
    }
    if nt >= MIN_TRAFILATURA_WORDS || nt >= nr { traf } else { read }
}

/// Word tokens: maximal runs of alphanumeric characters or `_`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
}

/// Counts of 4-word shingles (a text of 1..3 words is one short shingle).
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks: Vec<&str> = words(text).collect();
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    for w in toks.windows(4.min(toks.len())) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Share of `part`'s shingles (as a multiset) also found in `whole`.
fn containment(part: &str, whole: &str) -> f64 {
    let (p, w) = (shingles(part), shingles(whole));
    let total: usize = p.values().sum();
    if total == 0 {
        return 0.0;
    }
    let shared: usize = p.iter().map(|(k, &n)| n.min(w.get(k).copied().unwrap_or(0))).sum();
    shared as f64 / total as f64
}

/// One paragraph per non-empty line, whitespace collapsed, soft hyphens and
/// zero-width characters removed, paragraphs joined by a blank line.
fn normalize_text(text: &str) -> String {
    normalize_text_joined(text, "\n\n")
}

/// [`normalize_text`], paragraphs joined by `sep`.
fn normalize_text_joined(text: &str, sep: &str) -> String {
    // Built in place, paragraph by paragraph: a page of megabytes is not
    // held again as a list of its paragraphs.
    let mut out = String::with_capacity(text.len());
    let mut clean = String::new();
    for line in text.lines() {
        clean.clear();
        clean.extend(
            line.chars().filter(|c| !matches!(c, '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}')),
        );
        let mut words = clean.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(sep);
        }
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out.shrink_to_fit();
    out
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

// ------------------------------------------------- degenerate-input fallbacks

/// Upper-bound estimate of element nesting from a byte scan: open tags minus
/// close tags, ignoring void elements, self-closing tags and elements whose
/// end tag is optional (those do not nest when left open).
fn nesting_estimate(html: &str) -> usize {
    const NO_NEST: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p",
        "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption",
        "rb", "rt", "rp", "html", "head", "body", "param",
    ];
    let b = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = b.get(i..).and_then(|rest| rest.iter().position(|&c| c == b'<')) {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end =
            b[start.min(b.len())..].iter().position(|c| !c.is_ascii_alphanumeric()).map_or(b.len(), |p| start + p);
        if end == start {
            continue;
        }
        let name = html.get(start..end).unwrap_or("").to_ascii_lowercase();
        if NO_NEST.contains(&name.as_str()) {
            continue;
        }
        let gt = b[end..].iter().position(|&c| c == b'>').map_or(b.len(), |p| end + p);
        if closing {
            depth = depth.saturating_sub(1);
        } else if gt == 0 || b.get(gt - 1) != Some(&b'/') {
            depth += 1;
            max = max.max(depth);
        }
        i = end;
    }
    max
}

/// Whether a page is over [`MAX_DOM_BYTES`] or [`MAX_DOM_ELEMENTS`]: its
/// text is then read by stripping its tags, without the extractors.
pub fn too_large_for_a_dom(html: &str) -> bool {
    html.len() > MAX_DOM_BYTES || elements_estimate(html) > MAX_DOM_ELEMENTS
}

/// Elements of a page, estimated from its bytes: every `<` before a letter.
fn elements_estimate(html: &str) -> usize {
    html.as_bytes().windows(2).filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic()).count()
}

/// Deepest element nesting of a parsed document (a leaf's ancestors), and
/// its nesting work (the sum of the depths of its leaves; see
/// [`MAX_NESTING_WORK`]). One pass, each node's depth from its parent's.
fn dom_shape(doc: &Html) -> (usize, usize) {
    let mut depths = HashMap::new();
    let (mut deepest, mut work) = (0, 0usize);
    for node in doc.root_element().descendants() {
        let depth = node.parent().and_then(|p| depths.get(&p.id()).copied()).unwrap_or(0) + 1;
        if node.first_child().is_some() {
            depths.insert(node.id(), depth);
        } else {
            deepest = deepest.max(depth);
            work = work.saturating_add(depth);
        }
    }
    (deepest, work)
}

const SKIP: &[&str] =
    &["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "select", "svg"];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "td",
    "th",
    "dd",
    "dt",
    "section",
    "article",
    "main",
    "br",
    "tr",
    "table",
    "ul",
    "ol",
    "figure",
    "figcaption",
    "body",
];

/// All visible text of the page, one paragraph per innermost block element.
/// One pass: each element's state (inside a skipped element, or its
/// innermost block) comes from its parent's, so a deep page costs no more
/// than a flat one of as many nodes.
fn block_text(doc: &Html) -> String {
    // By element: `None` inside a skipped element, else its innermost block.
    let mut states = HashMap::new();
    let mut paras: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_block = None;
    for node in doc.root_element().descendants() {
        let parent = node.parent().and_then(|p| states.get(&p.id()).copied()).unwrap_or(Some(None));
        if let Some(el) = node.value().as_element() {
            let state = match parent {
                Some(_) if SKIP.contains(&el.name()) => None,
                Some(_) if BLOCKS.contains(&el.name()) => Some(Some(node.id())),
                other => other,
            };
            states.insert(node.id(), state);
            continue;
        }
        let (Some(text), Some(block)) = (node.value().as_text(), parent) else { continue };
        if block != current_block {
            paras.push(std::mem::take(&mut current));
            current_block = block;
        }
        current.push_str(text);
    }
    paras.push(current);
    normalize_text(&paras.join("\n"))
}

/// Text of raw HTML without a DOM: tags dropped, script and style bodies
/// dropped, a few entities decoded (in one pass, the text held once).
pub(crate) fn strip_tags(html: &str) -> String {
    strip_tags_joined(html, "\n\n")
}

/// [`strip_tags`], its paragraphs joined by `sep`.
pub(crate) fn strip_tags_joined(html: &str, sep: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        let gt = rest.find('>').map_or(rest.len(), |p| p + 1);
        let tag = rest[..gt].to_ascii_lowercase();
        rest = &rest[gt..];
        for raw in ["script", "style"] {
            if tag.starts_with(&format!("<{raw}")) {
                let close = format!("</{raw}");
                let end = rest
                    .as_bytes()
                    .windows(close.len())
                    .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                    .unwrap_or(rest.len());
                rest = &rest[end..];
            }
        }
        out.push('\n');
    }
    push_decoded(&mut out, rest);
    normalize_text_joined(&out, sep)
}

/// Pushes `text` with `&nbsp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;` and `&amp;` decoded.
fn push_decoded(out: &mut String, mut text: &str) {
    const ENTITIES: [(&str, char); 6] =
        [("&nbsp;", ' '), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\''), ("&amp;", '&')];
    while let Some(amp) = text.find('&') {
        out.push_str(&text[..amp]);
        text = &text[amp..];
        match ENTITIES.iter().find(|(e, _)| text.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                text = &text[e.len()..];
            }
            None => {
                out.push('&');
                text = &text[1..];
            }
        }
    }
    out.push_str(text);
}

// ---------------------------------------------------------------- metadata

fn metadata(doc: &Html, url: Option<&str>) -> HtmlPage {
    let title = meta(doc, &["og:title", "twitter:title"])
        .or_else(|| first_text(doc, "h1"))
        .or_else(|| first_text(doc, "title"));
    let published = meta(
        doc,
        &[
            "article:published_time",
            "og:published_time",
            "og:article:published_time",
            "datePublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "parsely-pub-date",
            "sailthru.date",
            "dc.date.issued",
            "dcterms.created",
        ],
    )
    .or_else(|| attr_of(doc, "[itemprop='datePublished']", &["content", "datetime"]))
    .or_else(|| json_ld_date(doc))
    .or_else(|| attr_of(doc, "time[pubdate][datetime]", &["datetime"]))
    .or_else(|| attr_of(doc, "time[datetime]", &["datetime"]));
    let canonical_url = attr_of(doc, "link[rel~='canonical']", &["href"])
        .or_else(|| meta(doc, &["og:url"]))
        .map(|c| absolutize(&c, url));
    let language = attr_of(doc, "html", &["lang", "xml:lang"])
        .or_else(|| attr_of(doc, "meta[http-equiv='content-language' i]", &["content"]));
    HtmlPage { title, published, canonical_url, language, text: String::new() }
}

fn selector(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

/// Content of the first `<meta>` whose `property`, `name` or `itemprop`
/// matches one of `keys` (case-insensitively), trying keys in order.
fn meta(doc: &Html, keys: &[&str]) -> Option<String> {
    let sel = selector("meta[content]")?;
    let metas: Vec<ElementRef> = doc.select(&sel).collect();
    keys.iter().find_map(|key| {
        metas.iter().find_map(|m| {
            let v = m.value();
            let named = ["property", "name", "itemprop"]
                .iter()
                .any(|a| v.attr(a).is_some_and(|n| n.trim().eq_ignore_ascii_case(key)));
            if named { v.attr("content").and_then(non_empty) } else { None }
        })
    })
}

fn attr_of(doc: &Html, css: &str, attrs: &[&str]) -> Option<String> {
    let sel = selector(css)?;
    doc.select(&sel).find_map(|e| attrs.iter().find_map(|a| e.value().attr(a).and_then(non_empty)))
}

fn first_text(doc: &Html, css: &str) -> Option<String> {
    let sel = selector(css)?;
    doc.select(&sel).find_map(|e| non_empty(&e.text().collect::<String>()))
}

fn json_ld_date(doc: &Html) -> Option<String> {
    let sel = selector("script[type='application/ld+json' i]")?;
    doc.select(&sel).find_map(|s| {
        let raw: String = s.text().collect();
        let value: serde_json::Value = serde_json::from_str(raw.trim()).ok()?;
        find_key(&value, "datePublished", 0)
    })
}

/// Depth-first search for a string under `key`, through objects, arrays and `@graph`.
fn find_key(v: &serde_json::Value, key: &str, depth: usize) -> Option<String> {
    if depth > 16 {
        return None;
    }
    match v {
        serde_json::Value::Object(map) => map
            .get(key)
            .and_then(|d| d.as_str())
            .and_then(non_empty)
            .or_else(|| map.values().find_map(|c| find_key(c, key, depth + 1))),
        serde_json::Value::Array(items) => items.iter().find_map(|c| find_key(c, key, depth + 1)),
        _ => None,
    }
}

/// Resolves a scheme-relative or root-relative link against the page URL.
fn absolutize(link: &str, base: Option<&str>) -> String {
    let Some(base) = base else { return link.to_string() };
    let Some((scheme, rest)) = base.split_once("://") else { return link.to_string() };
    if let Some(stripped) = link.strip_prefix("//") {
        return format!("{scheme}://{stripped}");
    }
    if link.starts_with('/') {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        return format!("{scheme}://{host}{link}");
    }
    link.to_string()
}

#[cfg(test)]
mod tests;
