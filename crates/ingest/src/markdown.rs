//! Markdown with a YAML front matter block, as press-release archives store
//! them: `title`, `date`, `published_time`, `source_url` from the front
//! matter (via `yaml-rust2`); the body as written. Its layout (hard-wrapped
//! lines) and inline markup (escapes, links, emphasis) are the text layer's
//! business (`attache-segment`), the same for Markdown arriving in any
//! container.

use attache_model::{Published, RawItem};
use yaml_rust2::{Yaml, YamlLoader};

pub(crate) fn read(text: &str) -> RawItem {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let after_open = text.split_once('\n').map_or("", |(_, rest)| rest);
    let (front, body) = match after_open.find("\n---") {
        Some(end) => {
            let body = &after_open[end + 4..];
            (&after_open[..end], body.split_once('\n').map_or("", |(_, b)| b))
        }
        None => ("", text),
    };
    let yaml = YamlLoader::load_from_str(front).ok().and_then(|mut docs| docs.pop()).unwrap_or(Yaml::Null);
    let field = |k: &str| yaml[k].as_str().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let published = field("published_time")
        .as_deref()
        .and_then(Published::from_iso)
        .or_else(|| field("date").as_deref().and_then(Published::from_iso));
    RawItem {
        title: field("title").map(|t| t.replace('\u{a0}', " ")),
        published,
        url: field("source_url").or_else(|| field("url")),
        source: None,
        language: None,
        text: body.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_front_matter_and_body() {
        let md = "---\ntitle: \"Readout of a\\_Call\"\ndate: '2024-03-05'\nsource_url: https://example.gov/r\n---\n\n\\### Heading\n\nThe two leaders\nspoke by [phone](https://x) today.\n\n- first item\n";
        let item = read(md);
        assert_eq!(item.title.as_deref(), Some("Readout of a Call"));
        assert_eq!(item.published.unwrap().to_string(), "2024-03-05");
        assert_eq!(item.url.as_deref(), Some("https://example.gov/r"));
        assert_eq!(
            item.text,
            "\n\\### Heading\n\nThe two leaders\nspoke by [phone](https://x) today.\n\n- first item\n"
        );
    }
}
