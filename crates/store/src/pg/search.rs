//! Full-text search of articles on PostgreSQL with the word rules of the
//! SQLite store's FTS5 index (`unicode61 remove_diacritics 2`), so a search
//! finds the same articles on both backends.
//!
//! PostgreSQL's own parser cuts words otherwise ("covid-19" is one word
//! there and two, `covid` and `19`, in FTS5), so the words are cut here as
//! FTS5 cuts them: a token is a run of token characters (FTS5's default
//! categories, letters, numbers and private use, and any code point its
//! tables do not know: `unicode61.rs`), which some combining accents
//! continue; each character is folded as FTS5 folds it (its case-folding
//! and diacritic tables, ported below from SQLite's `fts5_unicode2.c`). An
//! article's distinct words are stored as a `tsvector` (`articles.words`,
//! a GIN index, migration 3) and a search is a `tsquery` of the words
//! [`crate::search_terms`] gives FTS5, each cut by the same rules: every
//! word required, `word*` a prefix. `tests::tokens_are_those_of_fts5`
//! checks every code point against SQLite's own tokenizer.

use super::unicode61::category;

/// The longest lexeme PostgreSQL takes (bytes); a longer word is cut to it,
/// in articles and searches alike.
const MAX_LEXEME: usize = 2047;

/// The most bytes of distinct words kept of one article: a `tsvector` holds
/// at most 1 MiB of lexemes (a text of more distinct words than this, some
/// 100,000, is not prose; its words past the limit, in byte order, are not
/// searchable on PostgreSQL).
const MAX_WORDS_BYTES: usize = 900_000;

/// The combining accents FTS5 keeps inside a token (`sqlite3Fts5UnicodeIsdiacritic`).
fn is_diacritic(c: u32) -> bool {
    const MASK0: u32 = 0x0802_9FDF;
    const MASK1: u32 = 0x0003_61F8;
    if !(768..=817).contains(&c) {
        return false;
    }
    if c < 768 + 32 { MASK0 & (1 << (c - 768)) != 0 } else { MASK1 & (1 << (c - 768 - 32)) != 0 }
}

/// Whether FTS5's `unicode61` (categories `L* N* Co`) counts `c` a token
/// character: ASCII letters and digits, and beyond ASCII by its tables.
fn is_token_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // FTS5 reads the noncharacters U+FFFE and U+FFFF as U+FFFD, a symbol.
    let c = if (c as u32 & 0xFFFF_FFFE) == 0xFFFE { 0xFFFD } else { c as u32 };
    matches!(category(c), 0 | 5..=9 | 30 | 13..=15 | 31)
}

/// A character as FTS5's `unicode61` with `remove_diacritics 2` indexes it
/// (`sqlite3Fts5UnicodeFold`): lower case, Latin letters without their
/// diacritics; `None` for an accent, which leaves no trace.
fn fold(c: char) -> Option<char> {
    let c = c as u32;
    let folded = if c < 128 {
        if (65..=90).contains(&c) { c + 32 } else { c }
    } else if c < 65536 {
        let (code, flags, n) = FOLD[FOLD.partition_point(|e| u32::from(e.0) <= c) - 1];
        let (code, flags) = (u32::from(code), u32::from(flags));
        let ret = if c < code + u32::from(n) && 0x01 & flags & (code ^ c) == 0 {
            (c + u32::from(FOLD_OFF[(flags >> 1) as usize])) & 0xFFFF
        } else {
            c
        };
        remove_diacritic(ret)
    } else if (66560..66600).contains(&c) {
        c + 40
    } else {
        c
    };
    char::from_u32(folded).filter(|f| *f != '\0')
}

/// `fts5_remove_diacritic` with complex removal (`remove_diacritics 2`).
fn remove_diacritic(c: u32) -> u32 {
    let key = (c << 3) | 7;
    let i = DIA.partition_point(|d| key >= u32::from(*d)) - 1;
    let d = u32::from(DIA[i]);
    if c > (d >> 3) + (d & 7) { c } else { u32::from(DIA_CHAR[i] & 0x7F) }
}

/// The tokens of a text as FTS5 indexes them, in order, each folded and cut
/// to [`MAX_LEXEME`] bytes.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut token = String::new();
    let mut inside = false;
    for c in text.chars() {
        if is_token_char(c) || (inside && is_diacritic(c as u32)) {
            inside = true;
            if let Some(f) = fold(c).filter(|f| token.len() + f.len_utf8() <= MAX_LEXEME) {
                token.push(f);
            }
        } else if inside {
            inside = false;
            if !token.is_empty() {
                out.push(std::mem::take(&mut token));
            }
        }
    }
    if !token.is_empty() {
        out.push(token);
    }
    out
}

/// The distinct words of an article (its title and text), sorted, as its
/// `tsvector` holds them.
pub(crate) fn article_words(title: Option<&str>, text: &str) -> Vec<String> {
    let mut words = tokens(title.unwrap_or(""));
    words.extend(tokens(text));
    words.sort_unstable();
    words.dedup();
    let mut bytes = 0;
    words.retain(|w| {
        bytes += w.len();
        bytes <= MAX_WORDS_BYTES
    });
    words
}

/// A search as a `tsquery`: the words [`crate::search_terms`] cuts (those
/// FTS5 is given), folded, all required, a prefix where FTS5 searches one.
/// `None` when the text holds no word: it matches no article.
pub(crate) fn tsquery(q: &str) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    for (word, prefix) in crate::search_terms(q) {
        // A word is one token (its characters are token characters) but
        // where FTS5's older tables say otherwise; then each is required.
        let tokens = tokens(word);
        let last = tokens.len().saturating_sub(1);
        for (i, t) in tokens.into_iter().enumerate() {
            terms.push(if prefix && i == last { format!("'{t}':*") } else { format!("'{t}'") });
        }
    }
    (!terms.is_empty()).then(|| terms.join(" & "))
}

/// The condition of a full-text search of articles (`a`) with its argument,
/// in the SQLite backend's form (`?`, turned into PostgreSQL's by `dialect`).
pub(crate) fn condition(q: &str) -> (&'static str, Option<String>) {
    match tsquery(q) {
        Some(t) => (" AND a.words @@ CAST(CAST(? AS TEXT) AS tsquery)", Some(t)),
        None => (" AND FALSE", None),
    }
}

/// `aDia` of `fts5_remove_diacritic`: (first code point << 3) | (range length - 1).
const DIA: [u16; 126] = [
    0, 1797, 1848, 1859, 1891, 1928, 1940, 1995, 2024, 2040, 2060, 2110, 2168, 2206, 2264, 2286, 2344, 2383, 2472,
    2488, 2516, 2596, 2668, 2732, 2782, 2842, 2894, 2954, 2984, 3000, 3028, 3336, 3456, 3696, 3712, 3728, 3744, 3766,
    3832, 3896, 3912, 3928, 3944, 3968, 4008, 4040, 4056, 4106, 4138, 4170, 4202, 4234, 4266, 4296, 4312, 4344, 4408,
    4424, 4442, 4472, 4488, 4504, 6148, 6198, 6264, 6280, 6360, 6429, 6505, 6529, 61448, 61468, 61512, 61534, 61592,
    61610, 61642, 61672, 61688, 61704, 61726, 61784, 61800, 61816, 61836, 61880, 61896, 61914, 61948, 61998, 62062,
    62122, 62154, 62184, 62200, 62218, 62252, 62302, 62364, 62410, 62442, 62478, 62536, 62554, 62584, 62604, 62640,
    62648, 62656, 62664, 62730, 62766, 62830, 62890, 62924, 62974, 63032, 63050, 63082, 63118, 63182, 63242, 63274,
    63310, 63368, 63390,
];
/// `aChar`: the base letter of each range of `DIA` (high bit: only with complex removal).
const DIA_CHAR: [u8; 126] = [
    0x00, 0x61, 0x63, 0x65, 0x69, 0x6e, 0x6f, 0x75, 0x79, 0x79, 0x61, 0x63, 0x64, 0x65, 0x65, 0x67, 0x68, 0x69, 0x6a,
    0x6b, 0x6c, 0x6e, 0x6f, 0x72, 0x73, 0x74, 0x75, 0x75, 0x77, 0x79, 0x7a, 0x6f, 0x75, 0x61, 0x69, 0x6f, 0x75, 0xf5,
    0xe1, 0x67, 0x6b, 0x6f, 0xef, 0x6a, 0x67, 0x6e, 0xe1, 0x61, 0x65, 0x69, 0x6f, 0x72, 0x75, 0x73, 0x74, 0x68, 0x61,
    0x65, 0xef, 0x6f, 0xef, 0x79, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x61, 0x62, 0xe3, 0x64, 0x64, 0xe5,
    0x65, 0xe5, 0x66, 0x67, 0x68, 0x68, 0x69, 0xe9, 0x6b, 0x6c, 0xec, 0x6c, 0x6d, 0x6e, 0xef, 0x70, 0x72, 0xf2, 0x72,
    0x73, 0xf3, 0x74, 0x75, 0xf5, 0x76, 0x77, 0x77, 0x78, 0x79, 0x7a, 0x68, 0x74, 0x77, 0x79, 0x61, 0xe1, 0xe1, 0xe1,
    0x65, 0xe5, 0xe5, 0x69, 0x6f, 0xef, 0xef, 0xef, 0x75, 0xf5, 0xf5, 0x79,
];
/// `aEntry` of `sqlite3Fts5UnicodeFold`: (first code point, flags, range length).
const FOLD: [(u16, u8, u8); 163] = [
    (65, 14, 26),
    (181, 64, 1),
    (192, 14, 23),
    (216, 14, 7),
    (256, 1, 48),
    (306, 1, 6),
    (313, 1, 16),
    (330, 1, 46),
    (376, 116, 1),
    (377, 1, 6),
    (383, 104, 1),
    (385, 50, 1),
    (386, 1, 4),
    (390, 44, 1),
    (391, 0, 1),
    (393, 42, 2),
    (395, 0, 1),
    (398, 32, 1),
    (399, 38, 1),
    (400, 40, 1),
    (401, 0, 1),
    (403, 42, 1),
    (404, 46, 1),
    (406, 52, 1),
    (407, 48, 1),
    (408, 0, 1),
    (412, 52, 1),
    (413, 54, 1),
    (415, 56, 1),
    (416, 1, 6),
    (422, 60, 1),
    (423, 0, 1),
    (425, 60, 1),
    (428, 0, 1),
    (430, 60, 1),
    (431, 0, 1),
    (433, 58, 2),
    (435, 1, 4),
    (439, 62, 1),
    (440, 0, 1),
    (444, 0, 1),
    (452, 2, 1),
    (453, 0, 1),
    (455, 2, 1),
    (456, 0, 1),
    (458, 2, 1),
    (459, 1, 18),
    (478, 1, 18),
    (497, 2, 1),
    (498, 1, 4),
    (502, 122, 1),
    (503, 134, 1),
    (504, 1, 40),
    (544, 110, 1),
    (546, 1, 18),
    (570, 70, 1),
    (571, 0, 1),
    (573, 108, 1),
    (574, 68, 1),
    (577, 0, 1),
    (579, 106, 1),
    (580, 28, 1),
    (581, 30, 1),
    (582, 1, 10),
    (837, 36, 1),
    (880, 1, 4),
    (886, 0, 1),
    (902, 18, 1),
    (904, 16, 3),
    (908, 26, 1),
    (910, 24, 2),
    (913, 14, 17),
    (931, 14, 9),
    (962, 0, 1),
    (975, 4, 1),
    (976, 140, 1),
    (977, 142, 1),
    (981, 146, 1),
    (982, 144, 1),
    (984, 1, 24),
    (1008, 136, 1),
    (1009, 138, 1),
    (1012, 130, 1),
    (1013, 128, 1),
    (1015, 0, 1),
    (1017, 152, 1),
    (1018, 0, 1),
    (1021, 110, 3),
    (1024, 34, 16),
    (1040, 14, 32),
    (1120, 1, 34),
    (1162, 1, 54),
    (1216, 6, 1),
    (1217, 1, 14),
    (1232, 1, 88),
    (1329, 22, 38),
    (4256, 66, 38),
    (4295, 66, 1),
    (4301, 66, 1),
    (7680, 1, 150),
    (7835, 132, 1),
    (7838, 96, 1),
    (7840, 1, 96),
    (7944, 150, 8),
    (7960, 150, 6),
    (7976, 150, 8),
    (7992, 150, 8),
    (8008, 150, 6),
    (8025, 151, 8),
    (8040, 150, 8),
    (8072, 150, 8),
    (8088, 150, 8),
    (8104, 150, 8),
    (8120, 150, 2),
    (8122, 126, 2),
    (8124, 148, 1),
    (8126, 100, 1),
    (8136, 124, 4),
    (8140, 148, 1),
    (8152, 150, 2),
    (8154, 120, 2),
    (8168, 150, 2),
    (8170, 118, 2),
    (8172, 152, 1),
    (8184, 112, 2),
    (8186, 114, 2),
    (8188, 148, 1),
    (8486, 98, 1),
    (8490, 92, 1),
    (8491, 94, 1),
    (8498, 12, 1),
    (8544, 8, 16),
    (8579, 0, 1),
    (9398, 10, 26),
    (11264, 22, 47),
    (11360, 0, 1),
    (11362, 88, 1),
    (11363, 102, 1),
    (11364, 90, 1),
    (11367, 1, 6),
    (11373, 84, 1),
    (11374, 86, 1),
    (11375, 80, 1),
    (11376, 82, 1),
    (11378, 0, 1),
    (11381, 0, 1),
    (11390, 78, 2),
    (11392, 1, 100),
    (11499, 1, 4),
    (11506, 0, 1),
    (42560, 1, 46),
    (42624, 1, 24),
    (42786, 1, 14),
    (42802, 1, 62),
    (42873, 1, 4),
    (42877, 76, 1),
    (42878, 1, 10),
    (42891, 0, 1),
    (42893, 74, 1),
    (42896, 1, 4),
    (42912, 1, 10),
    (42922, 72, 1),
    (65313, 14, 26),
];
/// `aiOff`: the offsets `FOLD`'s flags index.
const FOLD_OFF: [u16; 77] = [
    1, 2, 8, 15, 16, 26, 28, 32, 37, 38, 40, 48, 63, 64, 69, 71, 79, 80, 116, 202, 203, 205, 206, 207, 209, 210, 211,
    213, 214, 217, 218, 219, 775, 7264, 10792, 10795, 23228, 23256, 30204, 54721, 54753, 54754, 54756, 54787, 54793,
    54809, 57153, 57274, 57921, 58019, 58363, 61722, 65268, 65341, 65373, 65406, 65408, 65410, 65415, 65424, 65436,
    65439, 65450, 65462, 65472, 65476, 65478, 65480, 65482, 65488, 65506, 65511, 65514, 65521, 65527, 65528, 65529,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens FTS5 makes of each text, through an index of SQLite's own.
    fn fts5_tokens(texts: &[String]) -> Vec<Vec<String>> {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        db.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE v USING fts5vocab (t, 'instance');",
        )
        .unwrap();
        {
            let mut insert = db.prepare("INSERT INTO t (rowid, x) VALUES (?1, ?2)").unwrap();
            for (i, t) in texts.iter().enumerate() {
                insert.execute(rusqlite::params![i as i64, t]).unwrap();
            }
        }
        let mut out = vec![Vec::new(); texts.len()];
        let mut stmt = db.prepare("SELECT doc, term FROM v ORDER BY doc, offset").unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))).unwrap();
        for row in rows {
            let (doc, term) = row.unwrap();
            out[doc as usize].push(term);
        }
        out
    }

    #[test]
    fn tokens_are_those_of_fts5() {
        // Every code point of the first two planes, and some beyond, alone,
        // between letters, and after an accented letter, with an accent.
        let texts: Vec<String> = (0x80u32..0x20000)
            .chain([0xE0001, 0xF0000, 0x10FFFD])
            .filter_map(char::from_u32)
            .map(|c| format!("{c} a{c}b \u{c9}{c}\u{301}x"))
            .collect();
        let mut differ = Vec::new();
        for (text, theirs) in texts.iter().zip(fts5_tokens(&texts)) {
            let ours = tokens(text);
            if ours != theirs {
                differ.push(format!("{:X}: {ours:?} vs {theirs:?}", text.chars().next().unwrap() as u32));
            }
        }
        assert!(differ.is_empty(), "{} differ, e.g. {:?}", differ.len(), &differ[..differ.len().min(20)]);
        let texts: Vec<String> = [
            "COVID-19 vaccines, U.S. and O'Brien",
            "Élysée Palace, Ankara’s İstanbul; Straße DŽ ǅ",
            "Ame\u{301}rica and Jose\u{301} Marti\u{301}, \u{1F600} emoji ½ ① Ⅻ",
            "Президент Токаев провёл переговоры; Ελλάδα; 習近平",
            "ﬁnance ﬀ  ＡＢＣ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (text, theirs) in texts.iter().zip(fts5_tokens(&texts)) {
            assert_eq!(tokens(text), theirs, "{text}");
        }
    }

    #[test]
    fn a_search_is_its_words_folded_all_required() {
        assert_eq!(tsquery("COVID-19 Élysée").as_deref(), Some("'covid' & '19' & 'elysee'"));
        assert_eq!(tsquery("minist* talks").as_deref(), Some("'minist':* & 'talks'"));
        assert_eq!(tsquery("'\" & | ! ( ) :*"), None);
        let long = "x".repeat(3000);
        assert_eq!(tsquery(&long).unwrap().len(), MAX_LEXEME + 2);
        assert_eq!(article_words(Some("Talks"), "talks and TALKS, talks."), ["and", "talks"]);
    }
}
