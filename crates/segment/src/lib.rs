//! Segment: raw items in, clean [`Article`]s out.
//!
//! For plain text this is where a page becomes an article: feed dumps are cut
//! at their `DD.MM.YYYY, HH:MM VIEWS` headers (and at a headerless lead, see
//! [`split_untitled_leads`]); menus, language switchers, captions, share and
//! tag lines are dropped (lines that are not paragraphs, plus the patterns of
//! `data/segment/boilerplate.tsv`); the title and the date line are found by
//! position. For every format, the cited origins (`via`), the language and
//! the sentences (byte spans into the clean text) are found here.
//!
//! Pure functions: no I/O, no knowledge of the store. Never panics on text.

mod dates;
pub mod inline;
mod language;
mod layout;
mod markdown;
mod parts;
pub mod sentences;
mod turns;
mod via;

use std::sync::LazyLock;

use attache_model::{Article, Document, Format, Published, RawItem};
pub use parts::{PART_BYTES, parts};
use regex::{Regex, RegexSet};

/// The units a body's lines make (see the `layout` module): paragraphs
/// re-joined where hard-wrapped, markup cleaned, transcript turns cut; empty
/// strings stand for blank lines. Exposed to inspect what segmentation sees.
pub fn units(text: &str) -> Vec<String> {
    layout::units(text)
}

/// A line read as a date line of a page (`8 January 2026, 19:12`) or as a
/// feed-dump article header (`24.02.2026, 15:00 7466`), the way
/// segmentation reads the lines before an article's text. Exposed for the
/// fuzz targets, which try the date readers alone.
pub fn date_line(line: &str) -> Option<Published> {
    dates::header(line).map(|h| h.published).or_else(|| dates::date_line(line))
}

/// All articles of a document, numbered in document order.
pub fn segment_document(doc: &Document) -> Vec<Article> {
    let mut articles: Vec<Article> = Vec::new();
    for item in &doc.items {
        segment_parts(item, doc.format, &mut |part| articles.extend(part));
    }
    for (i, a) in articles.iter_mut().enumerate() {
        a.position = i;
    }
    articles
}

/// The articles of one raw item, handed to `each` one part of its text at a
/// time (see [`parts`]: a text over [`PART_BYTES`] is segmented in parts,
/// each with the item's metadata); positions are local to the part. An
/// item within [`PART_BYTES`] is one part: [`segment_item`].
pub fn segment_parts(item: &RawItem, format: Format, each: &mut dyn FnMut(Vec<Article>)) {
    if item.text.len() <= PART_BYTES {
        return each(segment_item(item, format));
    }
    for part in parts(&item.text, PART_BYTES) {
        let piece = RawItem {
            title: item.title.clone(),
            published: item.published,
            url: item.url.clone(),
            source: item.source.clone(),
            language: item.language.clone(),
            text: part.to_string(),
        };
        each(segment_item(&piece, format));
    }
}

/// The articles of one raw item (positions are local to the item).
pub fn segment_item(item: &RawItem, format: Format) -> Vec<Article> {
    let units = layout::units(&item.text);
    let lines: Vec<&str> = units.iter().map(String::as_str).collect();
    let publisher = lines.iter().find_map(|l| via::publisher_in(l));
    let drafts = match format {
        Format::Text | Format::Jsonl => text_drafts(&lines, item),
        _ => vec![structured_draft(&lines, item)],
    };
    drafts
        .into_iter()
        .filter(|d| d.paragraphs.iter().flat_map(|p| p.split_whitespace()).nth(MIN_WORDS - 1).is_some())
        .enumerate()
        .map(|(i, d)| finish(i, d, item, publisher.as_deref()))
        .collect()
}

/// An article before its text is assembled.
#[derive(Debug, Default)]
struct Draft {
    title: Option<String>,
    published: Option<Published>,
    views: Option<u64>,
    paragraphs: Vec<String>,
}

static CRAWL_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^date\s+\d{4}-\d{2}-\d{2}(?:\s+[A-Za-z]{2,3}\b)?\s*").unwrap());

struct Boilerplate {
    /// Every `drop`, `credit` and `keep` row, matched in one pass.
    units: Patterns,
    /// The action of each pattern of `units.anchored`, then of `units.floating`.
    actions: (Vec<Action>, Vec<Action>),
    stop: Patterns,
}

/// What a boilerplate row does to a unit it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    /// Always kept (a cited origin in brackets).
    Keep,
    /// Dropped.
    Drop,
    /// Dropped, and not page chrome (a photo credit, a table's source note).
    Credit,
}

impl Boilerplate {
    /// The action of the rows `line` matches (credit over drop over keep).
    fn action(&self, line: &str) -> Option<Action> {
        // Most units match nothing: one quick test, then which rows matched.
        if !self.units.is_match(line) {
            return None;
        }
        let anchored = self.units.anchored.matches(line).into_iter().map(|i| self.actions.0[i]);
        let floating = self.units.floating.matches(line).into_iter().map(|i| self.actions.1[i]);
        anchored.chain(floating).max()
    }
}

/// A set of patterns, kept as two sets: those anchored at the line start
/// (which fail after a few bytes) and the others. One set of both kinds
/// cannot be anchored, so every line would be scanned with a prefilter of all
/// the patterns' literals, which was a tenth of ingest time. Which set a
/// pattern lands in only matters for speed: a line matches if either does.
struct Patterns {
    anchored: RegexSet,
    floating: RegexSet,
}

impl Patterns {
    fn new<'a>(patterns: impl Iterator<Item = &'a str> + Clone) -> Patterns {
        let anchored = |p: &&str| p.trim_start_matches("(?i)").starts_with('^');
        let set = |ps: Vec<&str>| RegexSet::new(ps).expect("boilerplate patterns");
        Patterns {
            anchored: set(patterns.clone().filter(anchored).collect()),
            floating: set(patterns.filter(|p| !anchored(p)).collect()),
        }
    }

    fn is_match(&self, line: &str) -> bool {
        self.anchored.is_match(line) || self.floating.is_match(line)
    }
}

static BOILERPLATE: LazyLock<Boilerplate> = LazyLock::new(|| {
    let table = attache_model::tsv::parse(
        "data/segment/boilerplate.tsv",
        include_str!("../../../data/segment/boilerplate.tsv"),
        &["action", "pattern"],
    );
    let rows: Vec<(Option<Action>, String)> = table
        .rows
        .iter()
        .map(|r| {
            let action = match r.get("action") {
                "drop" => Some(Action::Drop),
                "credit" => Some(Action::Credit),
                "keep" => Some(Action::Keep),
                "stop" => None,
                other => r.fail(format_args!("action {other:?} is not drop, credit, keep or stop")),
            };
            (action, format!("(?i){}", r.get("pattern").trim()))
        })
        .collect();
    let is_anchored = |p: &str| p.trim_start_matches("(?i)").starts_with('^');
    let unit_rows = || rows.iter().filter(|(a, _)| a.is_some());
    let actions = |anchored: bool| -> Vec<Action> {
        unit_rows().filter(|(_, p)| is_anchored(p) == anchored).filter_map(|(a, _)| *a).collect()
    };
    Boilerplate {
        units: Patterns::new(unit_rows().map(|(_, p)| p.as_str())),
        actions: (actions(true), actions(false)),
        stop: Patterns::new(rows.iter().filter(|(a, _)| a.is_none()).map(|(_, p)| p.as_str())),
    }
});

/// Fewer words than this in all paragraphs is not an article (a stray menu, an empty page).
const MIN_WORDS: usize = 5;

const TERMINAL: &[char] = &['.', '!', '?', '…', ';', ':'];
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', ' '];

/// The number of words of `line`, counting no further than `max + 1`.
fn words(line: &str, max: usize) -> usize {
    layout::words(line, max)
}

/// A line of running text: it ends like a sentence and has a few words.
fn is_paragraph(line: &str) -> bool {
    let core = line.trim_end_matches(CLOSERS);
    core.ends_with(TERMINAL) && words(line, 4) >= 4 && !line.starts_with(['•', '·', '|'])
}

/// Boilerplate is a short unit: a paragraph that mentions the "U.S. Copyright
/// Office" or a "photo" is text.
const BOILERPLATE_WORDS: usize = 25;

/// A unit that a boilerplate pattern names (share, credit, tags, copyright...).
fn is_boilerplate(line: &str) -> bool {
    words(line, BOILERPLATE_WORDS) < BOILERPLATE_WORDS
        && matches!(BOILERPLATE.action(line), Some(Action::Drop | Action::Credit))
}

/// Words from which a unit is running text even without a final mark.
const LONG: usize = 8;

/// A unit of running text: it ends like a sentence, or is long.
fn is_text(line: &str) -> bool {
    line.trim_end_matches(CLOSERS).ends_with(TERMINAL) || words(line, LONG) >= LONG
}

/// Where a page's body starts: running text of a few words that is not boilerplate.
fn opens_body(line: &str) -> bool {
    is_text(line)
        && words(line, 4) >= 4
        && !line.starts_with(['•', '·', '|'])
        && !is_boilerplate(line)
        && dates::header(line).is_none()
}

/// A line that could be a headline: a few words, no sentence end, not a date.
fn is_title_like(line: &str) -> bool {
    let n = words(line, 40);
    (2..=40).contains(&n)
        && !line.trim_end_matches(CLOSERS).ends_with(['.', ';', ':', ','])
        && !line.starts_with(['•', '·', '|', '©'])
        && dates::date_line(line).is_none()
        && dates::header(line).is_none()
        && !is_boilerplate(line)
        && !BOILERPLATE.stop.is_match(line)
}

/// Plain text: a page with one story, or a feed dump of many.
fn text_drafts(lines: &[&str], item: &RawItem) -> Vec<Draft> {
    let mut lines: Vec<&str> = lines.to_vec();
    if let Some(first) = lines.iter().position(|l| !l.is_empty())
        && let Some(m) = CRAWL_PREFIX.find(lines[first])
    {
        lines[first] = lines[first][m.end()..].trim();
    }
    let headers: Vec<usize> = (0..lines.len()).filter(|&i| dates::header(lines[i]).is_some()).collect();
    let first_content = lines.iter().position(|l| !l.is_empty()).unwrap_or(0);
    let is_dump = headers.len() >= 2 || headers.first() == Some(&first_content);
    let mut drafts =
        if is_dump { dump_drafts(&lines, &headers) } else { vec![page_draft(&lines, item.title.is_some())] };
    for d in drafts.iter_mut().take(1) {
        // Metadata the container states wins over what the text suggests.
        if item.title.is_some() {
            if d.title.is_none() {
                d.paragraphs.retain(|p| Some(p.as_str()) != item.title.as_deref());
            }
            d.title.clone_from(&item.title);
        }
        if item.published.is_some() {
            d.published = item.published;
        }
    }
    drafts.into_iter().flat_map(split_untitled_leads).collect()
}

/// One story on a scraped page: the title is the headline-like line just
/// before the date line (or before the first paragraph when there is no date
/// line); the body is the paragraphs after it.
fn page_draft(lines: &[&str], titled: bool) -> Draft {
    // The body opens with a paragraph that ends like a sentence; a long unit
    // without a final mark (a statement cut short) only when there is none,
    // or when the container gave the title (no headline to look for).
    let first_para = if titled {
        // The container named the story: its text is body from the first unit
        // that is not boilerplate or a date (a letter's address block is body).
        lines.iter().position(|l| {
            !l.is_empty() && !is_boilerplate(l) && dates::date_line(l).is_none() && dates::header(l).is_none()
        })
    } else {
        lines.iter().position(|l| opens_body(l) && is_paragraph(l))
    };
    let Some(first_para) = first_para.or_else(|| lines.iter().position(|l| opens_body(l))) else {
        return Draft::default();
    };
    let date_at = lines[..first_para].iter().rposition(|l| dates::date_line(l).is_some());
    let title_limit = date_at.unwrap_or(first_para);
    // The headline before the date line, or else one between it and the body.
    let title = lines[..title_limit]
        .iter()
        .rposition(|l| is_title_like(l))
        .or_else(|| (title_limit + 1..first_para).find(|&i| is_title_like(lines[i])))
        .map(|i| lines[i].to_string());
    Draft {
        title,
        published: date_at.and_then(|i| dates::date_line(lines[i])),
        views: None,
        paragraphs: body(&lines[first_para..]),
    }
}

/// A feed dump: each header opens an article whose next line is its title.
fn dump_drafts(lines: &[&str], headers: &[usize]) -> Vec<Draft> {
    let mut drafts = Vec::new();
    let before = &lines[..headers[0]];
    let pre = page_draft(before, false);
    if pre.paragraphs.len() >= 2 {
        drafts.push(pre);
    }
    for (k, &h) in headers.iter().enumerate() {
        let end = headers.get(k + 1).copied().unwrap_or(lines.len());
        let header = dates::header(lines[h]).expect("header line");
        let block = &lines[h + 1..end];
        let first = block.iter().position(|l| !l.is_empty()).unwrap_or(block.len());
        let (title, rest) = match block.get(first) {
            Some(l) if !is_paragraph(l) && is_title_like(l) => (Some(l.to_string()), &block[first + 1..]),
            _ => (None, &block[first..]),
        };
        drafts.push(Draft { title, published: Some(header.published), views: header.views, paragraphs: body(rest) });
    }
    drafts
}

/// The paragraphs of a body, boilerplate dropped, up to a stop line.
///
/// A unit is dropped for what it is: a boilerplate pattern (share, credit,
/// tags...), a menu entry (at most three words, no number, no final mark)
/// among other menu entries or boilerplate or after the last running text (an
/// author block), a bullet of a menu, a caption beside its credit line, or
/// a title-case line after the last sentence among other page chrome (a
/// tag list, the site's name).
/// Everything else is kept whatever its length or punctuation: running
/// text, headings, list items, sign-offs.
fn body(lines: &[&str]) -> Vec<String> {
    let units: Vec<&str> = lines.iter().copied().filter(|l| !l.is_empty()).collect();
    let end = units.iter().skip(1).position(|l| BOILERPLATE.stop.is_match(l)).map_or(units.len(), |i| i + 1);
    let stopped = end < units.len();
    let units: Vec<Unit> = units[..end].iter().map(|l| Unit::new(l)).collect();
    let last_text = units.iter().rposition(|u| u.text && !u.boilerplate);
    // After the last sentence, a page's chrome (share bars, tag lists, the
    // site's name) is told by the boilerplate among it; signatures and lists
    // that end a statement have none.
    let last_sentence = units.iter().rposition(|u| u.paragraph && !u.boilerplate);
    let chrome_tail = last_sentence.filter(|&t| stopped || units[t + 1..].iter().any(|u| u.boilerplate && !u.credit));
    let in_tail = |i: usize| chrome_tail.is_some_and(|t| i > t);
    let mut out = Vec::new();
    for (i, u) in units.iter().enumerate() {
        if u.boilerplate {
            continue;
        }
        let neighbours = || [i.checked_sub(1).map(|j| &units[j]), units.get(i + 1)].into_iter().flatten();
        // Menus outside the story: after it, among page chrome (a body with
        // no running text at all, a table of figures, keeps its entries).
        let outside = chrome_tail.is_some() && last_text.is_some_and(|t| i > t);
        let menu_dropped = u.menu
            && (u.line.starts_with(['•', '·', '|'])
                || outside
                || neighbours().any(|n| n.boilerplate)
                || (in_tail(i) && neighbours().any(|n| n.menu)));
        let caption = !u.text
            && words(u.line, 6) <= 6
            && u.line.contains(char::is_alphabetic)
            && units.get(i + 1).is_some_and(|n| n.credit);
        let dropped = menu_dropped || caption || (in_tail(i) && is_title_case(u.line));
        if u.keep || !dropped {
            out.push(u.line.to_string());
        }
    }
    out
}

/// What a unit of a body is, judged once.
struct Unit<'a> {
    line: &'a str,
    /// Boilerplate (a pattern, a credit, a feed header): never text.
    boilerplate: bool,
    /// A credit or source note (part of `boilerplate`).
    credit: bool,
    /// Always kept (a cited origin in brackets).
    keep: bool,
    text: bool,
    paragraph: bool,
    menu: bool,
}

impl<'a> Unit<'a> {
    fn new(line: &'a str) -> Unit<'a> {
        // A unit of over 300 bytes is never boilerplate: no need to count its words.
        let n = if line.len() > 300 { BOILERPLATE_WORDS } else { words(line, BOILERPLATE_WORDS) };
        let short = n < BOILERPLATE_WORDS;
        let action = if short { BOILERPLATE.action(line) } else { None };
        let credit = action == Some(Action::Credit);
        let boilerplate = matches!(action, Some(Action::Drop | Action::Credit)) || dates::header(line).is_some();
        let terminal = line.trim_end_matches(CLOSERS).ends_with(TERMINAL);
        Unit {
            line,
            boilerplate,
            credit,
            keep: action == Some(Action::Keep),
            text: terminal || n >= LONG,
            paragraph: terminal && n >= 4 && !line.starts_with(['•', '·', '|']),
            menu: n <= 4 && is_menu_entry(line),
        }
    }
}

/// A line of capitalised words with no final mark: a heading, or after the
/// story a tag list or a link bar ("Go back Twitter Facebook Print").
fn is_title_case(line: &str) -> bool {
    const SMALL: &[&str] = &["of", "and", "the", "for", "in", "on", "to", "a", "an", "at", "by", "with"];
    let core = line.trim_end_matches(CLOSERS);
    if core.ends_with(TERMINAL) {
        return false;
    }
    let (mut capital, mut all) = (0, 0);
    for w in core.split_whitespace().filter(|w| !SMALL.contains(w)) {
        all += 1;
        capital += usize::from(w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
    }
    all > 0 && capital * 5 >= all * 3
}

/// An entry of a menu, a tag cloud or an author block: at most three words,
/// no number, no final mark.
fn is_menu_entry(line: &str) -> bool {
    let line = line.trim_start_matches(['•', '·', '|']).trim();
    words(line, 3) <= 3 && !line.contains(|c: char| c.is_ascii_digit()) && !is_text(line)
}

/// Items of a structured container (HTML, feeds, Markdown): the container
/// gives title and date; the body is every unit [`body`] keeps.
fn structured_draft(lines: &[&str], item: &RawItem) -> Draft {
    let mut paragraphs = body(lines);
    // A container without a date whose body opens with one ("14 Dec 2010
    // Posted in Press releases") or signs off with one ("Minsk, 6 December
    // 2021"): that is the publication day.
    // Else a day the title ends with ("Statement at the Summit (May 15, 2020)").
    let published = item.published.or_else(|| {
        let signed_off = paragraphs.iter().rev().take(3);
        paragraphs.first().into_iter().chain(signed_off).find_map(|p| dates::date_line(p))
    });
    let published = published.or_else(|| item.title.as_deref().and_then(dates::title_date));
    // Either way a date line opening the body is no sentence of the story.
    if paragraphs.len() > 1 && dates::date_line(&paragraphs[0]).is_some() {
        paragraphs.remove(0);
    }
    Draft { title: item.title.clone(), published, views: None, paragraphs }
}

/// In a dump, a story may start with no header at all. Agency leads end by
/// naming their origin ("..., Ministry of Foreign Affairs of X reports."); a
/// second paragraph of that shape after the story's own lead opens a new,
/// untitled story, dated to the day (not the minute) of the one before.
fn split_untitled_leads(draft: Draft) -> Vec<Draft> {
    let mut out = Vec::new();
    let mut current = draft;
    let mut seen_lead = false;
    let paragraphs = std::mem::take(&mut current.paragraphs);
    for p in paragraphs {
        // Only a paragraph with a verb of citing can end in a cited origin.
        let is_lead = via::may_end_citing(&p)
            && sentences::split(&p).last().is_some_and(|s| !via::origins_in(s.slice(&p)).is_empty());
        if is_lead && seen_lead && !current.paragraphs.is_empty() {
            let published = current.published.map(|p| Published::day(p.date));
            out.push(std::mem::replace(
                &mut current,
                Draft { title: None, published, views: None, paragraphs: Vec::new() },
            ));
        }
        seen_lead |= is_lead;
        current.paragraphs.push(p);
    }
    out.push(current);
    out
}

fn finish(position: usize, d: Draft, item: &RawItem, publisher: Option<&str>) -> Article {
    let text = d.paragraphs.join("\n\n");
    let spans = sentences::split(&text);
    let mut via: Vec<String> = Vec::new();
    let cites = via::may_cite(&text);
    for s in spans.iter().filter(|_| cites) {
        for origin in via::origins_in(s.slice(&text)) {
            if publisher.map(via::key) != Some(via::key(&origin)) && !via.contains(&origin) {
                via.push(origin);
            }
        }
    }
    let language = language::detect(&text, item.language.as_deref());
    Article {
        position,
        title: d.title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")),
        published: d.published,
        views: d.views,
        via,
        url: item.url.clone(),
        language,
        text,
        sentences: spans,
    }
}

#[cfg(test)]
mod tests;
