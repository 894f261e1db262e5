//! Social-media handles of offices and governments ("Thank you @POTUS"),
//! from `data/extract/handles.tsv`: each names the state its account speaks
//! for. Input: a sentence; output: references to those states.

use std::collections::HashMap;
use std::sync::LazyLock;

use attache_model::tsv;

use crate::actors::{Ref, Who};

static HANDLES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let table = tsv::parse(
        "data/extract/handles.tsv",
        include_str!("../../../data/extract/handles.tsv"),
        &["handle", "country"],
    );
    table.rows.iter().map(|r| (r.get("handle").to_lowercase(), r.get("country"))).collect()
});

/// The states the handles of `text` speak for, as references.
pub(crate) fn refs(text: &str, refs: &mut Vec<Ref>) {
    if !text.contains('@') {
        return;
    }
    for (at, _) in text.match_indices('@') {
        // An address ("press@example.org") is no handle.
        if text[..at].ends_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        let name = &text[at + 1..];
        let len = name.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(name.len());
        if let Some(&country) = HANDLES.get(&name[..len].to_lowercase())
            && !refs.iter().any(|r| r.start <= at && at < r.end)
        {
            refs.push(Ref { start: at, end: at + 1 + len, who: Who::State(country) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_name_their_state() {
        let mut found = Vec::new();
        refs("Thank you @POTUS and @narendramodi! Write to press@potus.example.", &mut found);
        let states: Vec<&Who> = found.iter().map(|r| &r.who).collect();
        assert_eq!(states, [&Who::State("USA"), &Who::State("IND")]);
        assert_eq!(found[0].start, 10);
    }
}
