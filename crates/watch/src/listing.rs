//! What a listing lists: the article links of a feed (with each item, whose
//! own text is kept for a page that cannot be fetched), of a sitemap (with
//! its `lastmod`), or of an HTML index page (the links whose URL contains
//! the source's `link_pattern`); and the child sitemaps of a sitemap index.
//! Links are made absolute, their fragments and `utm_*` parameters dropped,
//! so one article listed under two spellings is one URL.

use attache_model::{Format, RawItem};

/// One article link a listing gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    /// The feed item that linked it (its own text, title and date).
    pub item: Option<RawItem>,
    /// When a sitemap says the page last changed (as written).
    pub lastmod: Option<String>,
}

/// What one listing body gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listed {
    pub links: Vec<Link>,
    /// Sitemaps a sitemap index names, to be polled as listings too.
    pub sitemaps: Vec<String>,
}

/// `url` made absolute against `base`, without its fragment or tracking
/// (`utm_*`) parameters; `None` unless it is `http`/`https`.
pub fn normalize(url: &str, base: Option<&url::Url>) -> Option<String> {
    let mut u = match base {
        Some(b) => b.join(url.trim()).ok()?,
        None => url::Url::parse(url.trim()).ok()?,
    };
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return None;
    }
    u.set_fragment(None);
    if u.query().is_some() {
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| !k.starts_with("utm_"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            u.set_query(None);
        } else {
            u.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Some(u.to_string())
}

fn wanted(url: &str, pattern: Option<&str>) -> bool {
    pattern.is_none_or(|p| url.contains(p))
}

/// Text of a listing body (its encoding detected as ingest does).
fn text_of(body: &[u8]) -> Result<String, String> {
    attache_ingest::decode(body).map(|d| d.text).map_err(|e| e.to_string())
}

/// The article links of an RSS or Atom feed.
pub fn feed(body: &[u8], base: &str, pattern: Option<&str>) -> Result<Listed, String> {
    let text = text_of(body)?;
    match attache_ingest::detect_format(&text) {
        Format::Rss | Format::Atom => {}
        other => return Err(format!("not an RSS or Atom feed (reads as {other})")),
    }
    let items = attache_ingest::feed_items(&text).map_err(|e| e.to_string())?;
    let base = url::Url::parse(base).ok();
    let mut listed = Listed::default();
    for item in items {
        let Some(url) = item.url.as_deref().and_then(|u| normalize(u, base.as_ref())) else { continue };
        if wanted(&url, pattern) && !listed.links.iter().any(|l| l.url == url) {
            listed.links.push(Link { url, item: Some(item), lastmod: None });
        }
    }
    Ok(listed)
}

/// The pages (`<urlset>`) or child sitemaps (`<sitemapindex>`) of a sitemap;
/// a news sitemap's publication date stands in for a missing `lastmod`.
pub fn sitemap(body: &[u8], base: &str, pattern: Option<&str>) -> Result<Listed, String> {
    use quick_xml::events::Event;
    let text = text_of(body)?;
    let mut reader = quick_xml::Reader::from_str(&text);
    let base = url::Url::parse(base).ok();
    let mut listed = Listed::default();
    let (mut element, mut loc, mut lastmod, mut published) =
        (String::new(), String::new(), String::new(), String::new());
    let mut root: Option<String> = None;
    loop {
        let event = reader.read_event().map_err(|e| format!("malformed sitemap: {e}"))?;
        let piece = match &event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                root.get_or_insert_with(|| name.clone());
                element = name;
                continue;
            }
            Event::Text(t) => t.xml10_content().into_owned(),
            Event::CData(c) => c.as_ref().to_string(),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => c.to_string(),
                _ => match r.xml10_content().as_ref() {
                    "amp" => "&".into(),
                    "lt" => "<".into(),
                    "gt" => ">".into(),
                    "quot" => "\"".into(),
                    "apos" => "'".into(),
                    _ => String::new(),
                },
            },
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if name == "url" || name == "sitemap" {
                    let found = normalize(&std::mem::take(&mut loc), base.as_ref());
                    let date = [std::mem::take(&mut lastmod), std::mem::take(&mut published)]
                        .into_iter()
                        .map(|d| d.trim().to_string())
                        .find(|d| !d.is_empty());
                    match found {
                        Some(url) if name == "sitemap" => listed.sitemaps.push(url),
                        Some(url) if wanted(&url, pattern) && !listed.links.iter().any(|l| l.url == url) => {
                            listed.links.push(Link { url, item: None, lastmod: date })
                        }
                        _ => {}
                    }
                }
                element.clear();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        match element.as_str() {
            "loc" => loc.push_str(&piece),
            "lastmod" => lastmod.push_str(&piece),
            "publication_date" => published.push_str(&piece),
            _ => {}
        }
    }
    match root.as_deref() {
        Some("urlset" | "sitemapindex") => Ok(listed),
        Some(other) => Err(format!("not a sitemap (root element <{other}>)")),
        None => Err("not a sitemap (no XML element)".into()),
    }
}

/// The links of an HTML page whose URL contains `pattern` (every link to
/// the page's own host when none is given), in page order.
pub fn index(body: &[u8], base: &str, pattern: Option<&str>) -> Result<Listed, String> {
    let text = text_of(body)?;
    let page = scraper::Html::parse_document(&text);
    let anchors = scraper::Selector::parse("a[href]").expect("a valid selector");
    let base_url = url::Url::parse(base).map_err(|e| e.to_string())?;
    let mut listed = Listed::default();
    for a in page.select(&anchors) {
        let Some(url) = a.value().attr("href").and_then(|h| normalize(h, Some(&base_url))) else { continue };
        let keep = match pattern {
            Some(p) => url.contains(p),
            None => {
                url::Url::parse(&url).ok().and_then(|u| u.host_str().map(str::to_string))
                    == base_url.host_str().map(str::to_string)
            }
        };
        if keep && url != base_url.as_str() && !listed.links.iter().any(|l| l.url == url) {
            listed.links.push(Link { url, item: None, lastmod: None });
        }
    }
    Ok(listed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_normalized() {
        let base = url::Url::parse("http://a.test/en/news/").unwrap();
        assert_eq!(normalize("item-1#top", Some(&base)).as_deref(), Some("http://a.test/en/news/item-1"));
        assert_eq!(normalize("/x?utm_source=rss&id=3", Some(&base)).as_deref(), Some("http://a.test/x?id=3"));
        assert_eq!(normalize("/x?utm_medium=feed", Some(&base)).as_deref(), Some("http://a.test/x"));
        assert_eq!(normalize("mailto:a@b.c", Some(&base)), None);
        assert_eq!(normalize("javascript:alert(1)", Some(&base)), None);
    }

    #[test]
    fn a_sitemap_lists_pages_and_an_index_lists_sitemaps() {
        let set = br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
            xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
            <url><loc>http://a.test/p?a=1&amp;b=2</loc><lastmod>2026-01-02</lastmod></url>
            <url><loc>http://a.test/q</loc><news:news><news:publication_date>2026-01-03T10:00:00Z</news:publication_date></news:news></url>
            </urlset>"#;
        let got = sitemap(set, "http://a.test/sitemap.xml", None).unwrap();
        assert_eq!(got.links.len(), 2);
        assert_eq!(got.links[0].url, "http://a.test/p?a=1&b=2");
        assert_eq!(got.links[0].lastmod.as_deref(), Some("2026-01-02"));
        assert_eq!(got.links[1].lastmod.as_deref(), Some("2026-01-03T10:00:00Z"));
        let idx = br#"<sitemapindex><sitemap><loc>/news.xml</loc></sitemap></sitemapindex>"#;
        assert_eq!(sitemap(idx, "http://a.test/sitemap.xml", None).unwrap().sitemaps, ["http://a.test/news.xml"]);
        assert!(
            sitemap(b"<html><body>hi</body></html>", "http://a.test/", None).unwrap_err().contains("not a sitemap")
        );
        assert!(sitemap(b"<urlset><url><loc>x</url>", "http://a.test/", None).unwrap_err().contains("malformed"));
    }

    #[test]
    fn an_index_page_gives_the_links_of_its_pattern() {
        let page = br#"<html><body><a href="/en/news/one">One</a> <a href="/en/about">About</a>
            <a href="http://a.test/en/news/two#c">Two</a> <a href="/en/news/one">One again</a></body></html>"#;
        let got = index(page, "http://a.test/en/", Some("/en/news/")).unwrap();
        let urls: Vec<&str> = got.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["http://a.test/en/news/one", "http://a.test/en/news/two"]);
    }

    #[test]
    fn a_feed_gives_its_items_with_their_links() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
            <item><title>First</title><link>http://a.test/1?utm_source=rss</link><description>Short text of the first.</description></item>
            <item><title>Second</title><link>http://a.test/2</link></item></channel></rss>"#;
        let got = feed(rss, "http://a.test/rss", None).unwrap();
        let urls: Vec<&str> = got.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["http://a.test/1", "http://a.test/2"]);
        assert_eq!(got.links[0].item.as_ref().unwrap().title.as_deref(), Some("First"));
        assert!(feed(b"<rss><channel><item><title>cut", "http://a.test/rss", None).is_err());
        assert!(
            feed(b"<html><body>hello</body></html>", "http://a.test/rss", None).unwrap_err().contains("not an RSS")
        );
    }
}
