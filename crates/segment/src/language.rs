//! The language of an article, as an ISO 639-3 code, from a sample of its start.
//!
//! whatlang's trigram scoring was the larger part of ingest time, and most of
//! what this tool reads is English. So: English is recognised first by its
//! function words ("the", "of", "and", "said", ...), which make up a large
//! share of any English text and almost none of other languages' (a French or
//! Italian text shares a few short words such as "a" or "in", which are not
//! counted); anything else goes to whatlang, limited to the languages of
//! diplomatic news, on the same sample.

use std::sync::LazyLock;

use whatlang::{Detector, Lang};

/// Characters of the article's start that are looked at: enough for a
/// reliable guess (whatlang's confidence saturates well before), cut back to a
/// sentence or word end.
const SAMPLE_CHARS: usize = 1000;

/// Languages whatlang may answer: those of diplomatic news it knows. Leaving
/// out the rest (Latin, Esperanto, Javanese, Shona, ...) makes detection
/// faster and stops short English headlines reading as Latin or Afrikaans.
const LANGUAGES: &[Lang] = &[
    Lang::Eng,
    Lang::Rus,
    Lang::Ukr,
    Lang::Bel,
    Lang::Fra,
    Lang::Spa,
    Lang::Por,
    Lang::Deu,
    Lang::Ita,
    Lang::Nld,
    Lang::Swe,
    Lang::Dan,
    Lang::Nob,
    Lang::Fin,
    Lang::Est,
    Lang::Lav,
    Lang::Lit,
    Lang::Pol,
    Lang::Ces,
    Lang::Slk,
    Lang::Slv,
    Lang::Hrv,
    Lang::Srp,
    Lang::Bul,
    Lang::Mkd,
    Lang::Ron,
    Lang::Hun,
    Lang::Ell,
    Lang::Tur,
    Lang::Aze,
    Lang::Uzb,
    Lang::Tuk,
    Lang::Kat,
    Lang::Hye,
    Lang::Ara,
    Lang::Pes,
    Lang::Heb,
    Lang::Urd,
    Lang::Hin,
    Lang::Ben,
    Lang::Cmn,
    Lang::Jpn,
    Lang::Kor,
    Lang::Vie,
    Lang::Tha,
    Lang::Ind,
    Lang::Cat,
];

static DETECTOR: LazyLock<Detector> = LazyLock::new(|| Detector::with_allowlist(LANGUAGES.to_vec()));

/// The language of `text`; `declared` (a feed's or page's own statement) is
/// kept when detection is unsure.
pub(crate) fn detect(text: &str, declared: Option<&str>) -> Option<String> {
    let sample = sample(text);
    if is_english(sample) {
        return Some("eng".to_string());
    }
    // A table of figures (quotes, results) has no language to detect, and
    // trigram scoring of it is the slowest thing segmentation would do.
    if !is_prose(sample) {
        return declared.map(str::to_string);
    }
    DETECTOR
        .detect(sample)
        .filter(|info| info.is_reliable() || declared.is_none())
        .map(|info| info.lang().code().to_string())
        .or_else(|| declared.map(str::to_string))
}

/// The start of `text`, at most [`SAMPLE_CHARS`] characters, ending at a sentence end when one is near.
fn sample(text: &str) -> &str {
    let Some((end, _)) = text.char_indices().nth(SAMPLE_CHARS) else { return text };
    let head = &text[..end];
    // A cut word is a few trigrams of noise: end at a sentence, or at least a word.
    head.rfind(['.', '!', '?', '\n'])
        .filter(|&i| i >= end / 2)
        .map(|i| &head[..=i])
        .or_else(|| head.rfind(char::is_whitespace).map(|i| &head[..i]))
        .unwrap_or(head)
}

/// Letters are at least [`MIN_LETTER_SHARE`] percent of the characters
/// that are not white space (prose in any script has about 80 %).
fn is_prose(sample: &str) -> bool {
    let (mut letters, mut all) = (0usize, 0usize);
    for c in sample.chars().filter(|c| !c.is_whitespace()) {
        all += 1;
        letters += usize::from(c.is_alphabetic());
    }
    letters * 100 >= all * MIN_LETTER_SHARE
}

const MIN_LETTER_SHARE: usize = 75;

/// Enough words, nearly all ASCII, and English function words at least this share of them (in percent).
const MIN_WORDS: usize = 12;
const MIN_FUNCTION_SHARE: usize = 15;

/// English beyond doubt: function words are at least [`MIN_FUNCTION_SHARE`]
/// percent of the words (typical English prose has 30-40 %, other languages
/// next to none), and words with non-ASCII letters are rare.
fn is_english(sample: &str) -> bool {
    let (mut words, mut function, mut foreign) = (0usize, 0usize, 0usize);
    for w in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        if !w.is_ascii() {
            foreign += 1;
            continue;
        }
        words += 1;
        if w.len() <= 5 {
            let mut buf = [0u8; 5];
            for (b, c) in buf.iter_mut().zip(w.bytes()) {
                *b = c.to_ascii_lowercase();
            }
            function += usize::from(is_function_word(&buf[..w.len()]));
        }
    }
    words >= MIN_WORDS && foreign * 20 <= words && function * 100 >= words * MIN_FUNCTION_SHARE
}

/// Frequent English words that are not also common words of other Latin-script languages.
fn is_function_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"the"
            | b"of"
            | b"and"
            | b"to"
            | b"that"
            | b"for"
            | b"with"
            | b"said"
            | b"from"
            | b"this"
            | b"have"
            | b"has"
            | b"were"
            | b"been"
            | b"their"
            | b"they"
            | b"would"
            | b"which"
            | b"its"
            | b"are"
            | b"by"
            | b"it"
            | b"at"
            | b"be"
            | b"will"
            | b"not"
            | b"but"
            | b"or"
            | b"had"
            | b"he"
            | b"his"
            | b"also"
            | b"about"
            | b"after"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_of_figures_has_no_language() {
        let table = "Shr 38 cts vs 24 cts\nNet 2,243,000 vs 1,192,000\nRevs 43.6 mln vs 41.0 mln\nAPR7 69.52 UP 0.12";
        assert_eq!(detect(table, None), None);
        assert_eq!(detect(table, Some("eng")).as_deref(), Some("eng"));
    }

    #[test]
    fn detects_languages() {
        let eng =
            "The ministers met in Geneva on Monday and said that the talks on trade would continue after the summit.";
        assert_eq!(detect(eng, None).as_deref(), Some("eng"));
        let rus = "Министры иностранных дел встретились в Женеве в понедельник и заявили, что переговоры о торговле продолжатся после саммита.";
        assert_eq!(detect(rus, None).as_deref(), Some("rus"));
        let fra = "Les ministres des Affaires étrangères se sont réunis à Genève lundi et ont déclaré que les négociations commerciales se poursuivraient après le sommet.";
        assert_eq!(detect(fra, None).as_deref(), Some("fra"));
        let ita = "I ministri degli esteri si sono incontrati a Ginevra lunedì e hanno detto che i negoziati sul commercio continueranno in autunno.";
        assert_eq!(detect(ita, None).as_deref(), Some("ita"));
        let deu = "Die Außenminister trafen sich am Montag in Genf und sagten, dass die Gespräche über den Handel nach dem Gipfel weitergehen werden.";
        assert_eq!(detect(deu, None).as_deref(), Some("deu"));
        // Too little text to be sure: the declared language stands.
        assert_eq!(detect("Ok", Some("fr")).as_deref(), Some("fr"));
    }

    #[test]
    fn samples_end_on_boundaries() {
        let text = "Word. ".repeat(400);
        let s = sample(&text);
        assert!(s.ends_with('.') && s.chars().count() <= SAMPLE_CHARS);
        let text = "ж".repeat(3000);
        assert_eq!(sample(&text).chars().count(), SAMPLE_CHARS);
        assert_eq!(sample("short"), "short");
    }
}
