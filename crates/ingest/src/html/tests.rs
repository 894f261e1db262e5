//! Tests of the HTML reader.

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
    let page = format!("<html><body><article>{}</article></body></html>", para.repeat(MAX_DOM_BYTES / para.len() + 10));
    assert!(page.len() > MAX_DOM_BYTES);
    let got = extract_html(&page, None);
    assert!(got.text.contains("The envoys of Norland and Vesteria met"), "{}", &got.text[..200.min(got.text.len())]);
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
