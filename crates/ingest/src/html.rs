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
mod tests {
    use super::*;

    /// A small page in our own words: the story sits between a navigation
    /// bar, share buttons, a related-links box and a footer.
    const PAGE: &str = r##"<!DOCTYPE html>
<html lang="en-GB">
<head>
  <title>Harbour ferry returns after winter refit | The Coastal Gazette</title>
  <meta property="og:title" content="Harbour ferry returns after winter refit">
  <meta property="article:published_time" content="2024-03-18T07:30:00Z">
  <link rel="canonical" href="/news/harbour-ferry-returns">
  <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2024-03-18T07:31:00Z"}</script>
</head>
<body>
  <header><nav><ul>
    <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
    <li><a href="/subscribe">Subscribe today for unlimited access</a></li>
  </ul></nav></header>
  <main>
    <article>
      <h1>Harbour ferry returns after winter refit</h1>
      <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email this story</a></div>
      <p>The little green ferry that links the two halves of the old harbour went back into service on Monday morning after four months in dry dock, carrying its first passengers across the water shortly after seven.</p>
      <p>Engineers replaced both diesel engines with quieter electric motors and rebuilt the wooden passenger cabin, which had started to let in rain during the autumn storms. The crossing now takes a little under six minutes.</p>
      <p>Regular commuters said they had missed the boat during the refit, when the only alternative was a forty-minute walk around the estuary by way of the swing bridge and the fish market.</p>
      <p>The operator expects to run a timetable of three crossings an hour until the summer season starts in May, when evening sailings will be added on Fridays and Saturdays.</p>
    </article>
    <aside class="related"><h3>Related stories</h3><ul>
      <li><a href="/a">Swing bridge closed for repainting</a></li>
      <li><a href="/b">Fish market opening hours change</a></li>
    </ul></aside>
  </main>
  <footer><p>&copy; 2024 The Coastal Gazette. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie settings</a> <a href="/contact">Contact us</a></footer>
</body>
</html>"##;

    #[test]
    fn a_long_page_is_not_cut() {
        let body: String =
            (0..24_000).map(|i| format!("<p>Paragraph {i} of the long report on the trade talks.</p>\n")).collect();
        let html = format!("<html><head><title>Report</title></head><body><article>{body}</article></body></html>");
        let page = extract_html(&html, None);
        assert!(page.text.len() > 1_000_000, "{}", page.text.len());
        assert!(page.text.contains("Paragraph 23999 of the long report"), "the end of the page is kept");
    }

    #[test]
    fn extracts_story_without_boilerplate() {
        let page = extract_html(PAGE, Some("https://gazette.example/news/harbour-ferry-returns?ref=home"));
        assert!(page.text.starts_with("The little green ferry"), "{:?}", page.text);
        assert!(page.text.contains("evening sailings will be added"));
        assert_eq!(page.text.matches("\n\n").count(), 3, "four paragraphs: {:?}", page.text);
        for junk in [
            "Subscribe today",
            "Share on Facebook",
            "Related stories",
            "Swing bridge closed",
            "All rights reserved",
            "Cookie settings",
        ] {
            assert!(!page.text.contains(junk), "boilerplate {junk:?} kept: {:?}", page.text);
        }
        assert_eq!(page.title.as_deref(), Some("Harbour ferry returns after winter refit"));
        assert_eq!(page.published.as_deref(), Some("2024-03-18T07:30:00Z"));
        assert_eq!(page.canonical_url.as_deref(), Some("https://gazette.example/news/harbour-ferry-returns"));
        assert_eq!(page.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn date_fallbacks() {
        let ld = r#"<html><head><script type="application/ld+json">[{"@graph":[{"@type":"WebPage"},{"@type":"Article","datePublished":"2023-01-02"}]}]</script></head><body><p>x</p></body></html>"#;
        assert_eq!(extract_html(ld, None).published.as_deref(), Some("2023-01-02"));
        let time = r#"<html><body><p>Posted <time datetime="2022-05-06T10:00:00+02:00">6 May</time></p></body></html>"#;
        assert_eq!(extract_html(time, None).published.as_deref(), Some("2022-05-06T10:00:00+02:00"));
        let itemprop = r#"<html><body><span itemprop="datePublished" content="2021-07-08">8 July</span></body></html>"#;
        assert_eq!(extract_html(itemprop, None).published.as_deref(), Some("2021-07-08"));
    }

    #[test]
    fn a_huge_page_gets_its_text_without_a_dom() {
        let para = "<p>The envoys of Norland and Vesteria met in the capital to talk about ports.</p>\n";
        let page =
            format!("<html><body><article>{}</article></body></html>", para.repeat(MAX_DOM_BYTES / para.len() + 10));
        assert!(page.len() > MAX_DOM_BYTES);
        let got = extract_html(&page, None);
        assert!(
            got.text.contains("The envoys of Norland and Vesteria met"),
            "{}",
            &got.text[..200.min(got.text.len())]
        );
        assert!(!got.text.contains("<p>"));
    }

    #[test]
    fn a_page_of_too_many_elements_gets_its_text_without_a_dom() {
        let page = |n: usize| {
            let cells = "<p><i>Envoys</i> <b>met</b> in the port.</p>\n".repeat(n);
            format!("<html><head><title>Harbour talks</title></head><body><article>{cells}</article></body></html>")
        };
        // Within the limit the page is parsed: its title is read from the head.
        let small = extract_html(&page(100), None);
        assert_eq!(small.title.as_deref(), Some("Harbour talks"));
        // Past it (a few hundred kilobytes of tiny elements), only its tags are stripped.
        let many = page(MAX_DOM_ELEMENTS / 3 + 10);
        assert!(many.len() < MAX_DOM_BYTES && elements_estimate(&many) > MAX_DOM_ELEMENTS);
        let got = extract_html(&many, None);
        assert_eq!(got.title, None);
        assert!(got.text.contains("Envoys") && !got.text.contains("<i>"));
    }

    #[test]
    fn a_deep_page_of_many_small_blocks_skips_the_extractors() {
        // Within the byte, element, raw nesting and depth limits, but every
        // paragraph 500 elements deep: the extractors walked each one's
        // ancestors (26 s in the fuzz build; the same paragraphs flat, 2 s).
        let page = format!(
            "<html><head><title>Harbour talks</title></head><body>{}<nav>Menu</nav>{}{}</body></html>",
            "<div class=\"s\">".repeat(500),
            "<p>Envoys</p>\n".repeat(29_000),
            "</div>".repeat(500)
        );
        assert!(!too_large_for_a_dom(&page) && nesting_estimate(&page) <= MAX_RAW_NESTING);
        let (depth, work) = dom_shape(&Html::parse_document(&page));
        assert!(depth <= MAX_DOM_DEPTH && work > MAX_NESTING_WORK, "depth {depth}, work {work}");
        let start = std::time::Instant::now();
        let got = extract_html(&page, None);
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        assert_eq!(got.title.as_deref(), Some("Harbour talks"), "the head is still read");
        assert_eq!(got.text.matches("Envoys").count(), 29_000);
        assert!(!got.text.contains("Menu"), "navigation is skipped");
        // A real page's shape: a few dozen deep, its work far below the limit.
        let (depth, work) = dom_shape(&Html::parse_document(PAGE));
        assert!((5..30).contains(&depth) && work < MAX_NESTING_WORK / 100, "depth {depth}, work {work}");
    }

    #[test]
    fn entities_are_decoded_in_one_pass_as_in_order() {
        let chained = |s: &str| {
            s.replace("&nbsp;", " ")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        };
        for s in ["&amp;lt;", "&&lt;x", "&nbsp;&#39;&quot;", "a &amp;amp; b", "&lt", "é&amp;", "&", "x&gt&gt;"] {
            let mut out = String::new();
            push_decoded(&mut out, s);
            assert_eq!(out, chained(s), "{s}");
        }
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let deep = "<div>".repeat(20_000) + "deep text" + &"</div>".repeat(20_000);
        let deepish = "<section><p>lead</p>".repeat(1_000) + "deep text" + &"</section>".repeat(1_000);
        let tables = "<table><tr><td>".repeat(3_000);
        let inputs: Vec<String> = vec![
            String::new(),
            " ".into(),
            "plain words, no markup at all".into(),
            "<html".into(),
            "<<<>>></p></div><p><p><p>".into(),
            "<html><body><script>var a = '</script>';</script><p>after</p>".into(),
            "\u{0}\u{1}\u{fffd}\u{7f}<\u{0}p>\u{10ffff}".into(),
            String::from_utf8_lossy(&(0u8..=255).cycle().take(4096).collect::<Vec<u8>>()).into_owned(),
            deep,
            deepish,
            tables,
            "<b>".repeat(50_000),
            "<script>".repeat(1_000) + "<p>x</p>",
        ];
        for input in &inputs {
            let start = std::time::Instant::now();
            let page = extract_html(input, Some("not a url"));
            assert!(start.elapsed().as_secs() < 10, "too slow on {:?}", &input[..input.len().min(40)]);
            let _ = extract_html(input, None);
            assert!(!page.text.contains("\n\n\n"));
        }
        assert!(extract_html(&inputs[8], None).text.contains("deep text"));
        assert!(extract_html(&inputs[9], None).text.contains("deep text"));
    }

    #[test]
    fn consensus_prefers_the_agreeing_shorter_text() {
        let body = (0..80).map(|i| format!("word{i}")).collect::<Vec<_>>().join(" ");
        let noisy = format!("Menu Home News Sport\n\n{body}\n\nMore stories you may like today");
        assert_eq!(choose(noisy.clone(), body.clone()), body);
        assert_eq!(choose(body.clone(), noisy.clone()), body);
        // Disagreement: trafilatura wins unless it found nothing.
        assert_eq!(choose(body.clone(), "something else entirely".into()), body);
        assert_eq!(choose("too short".into(), body.clone()), body);
    }

    mod prop {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

            #[test]
            fn never_panics_on_arbitrary_text(s in "\\PC{0,400}") {
                let _ = extract_html(&s, None);
            }

            #[test]
            fn never_panics_on_tag_soup(parts in proptest::collection::vec(
                prop_oneof![
                    Just("<p>".to_string()), Just("</p>".to_string()), Just("<div class='a'>".to_string()),
                    Just("</div>".to_string()), Just("<script>".to_string()), Just("<meta property='og:title' content='t'>".to_string()),
                    Just("<time datetime='x'>".to_string()), Just("<!--".to_string()), Just("<![CDATA[".to_string()),
                    "[a-z ]{0,30}",
                ], 0..60)) {
                let html = parts.concat();
                let page = extract_html(&html, Some("https://example.org/a"));
                prop_assert!(!page.text.starts_with('\n'));
            }
        }
    }
}
