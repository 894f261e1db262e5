//! Bytes to text: BOM sniffing, UTF-16 without a BOM, UTF-8, and legacy code
//! pages guessed by `chardetng` (Firefox's detector).

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::IngestError;

/// Text decoded from bytes, with the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// How many invalid byte sequences were replaced by U+FFFD.
    pub replaced: usize,
}

/// Decodes a document's bytes, refusing binary content and empty input.
pub fn decode(bytes: &[u8]) -> Result<Decoded, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    let (encoding, body): (&'static Encoding, &[u8]) = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        (enc, &bytes[bom..])
    } else if let Some(enc) = utf16_without_bom(bytes) {
        (enc, bytes)
    } else if bytes.contains(&0) {
        return Err(IngestError::Binary("NUL bytes".into()));
    } else if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
        (UTF_8, bytes)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        (detector.guess(None, chardetng::Utf8Detection::Allow), bytes)
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let replaced = if had_errors { text.matches('\u{FFFD}').count() } else { 0 };
    let text = text.into_owned();
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')).count();
    let total = text.chars().count().max(1);
    if controls * 100 > total || replaced * 20 > total {
        return Err(IngestError::Binary(format!("{controls} control characters in {total}")));
    }
    if text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(Decoded { text, encoding: encoding.name(), replaced })
}

/// UTF-8 with a few broken sequences: most multi-byte sequences are valid.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    valid > 0 && invalid * 4 <= valid
}

/// UTF-16 text without a BOM has NUL in every other byte for Latin text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_nul * 10 >= pairs * 4 && even_nul * 20 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 4 && odd_nul * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_legacy_cyrillic() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Министр иностранных дел встретился с послом в Софии.");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert!(d.text.starts_with("Министр"));
    }

    #[test]
    fn decodes_utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "Talks in Brussels.".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, "Talks in Brussels.");
        assert_eq!(decode(&le[2..]).unwrap().encoding, "UTF-16LE");
    }

    #[test]
    fn strips_utf8_bom() {
        let d = decode(b"\xEF\xBB\xBFHello there.").unwrap();
        assert_eq!(d.text, "Hello there.");
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert!(matches!(decode(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00"), Err(IngestError::Binary(_))));
        assert!(matches!(decode(b"  \n\t "), Err(IngestError::Empty)));
        assert!(matches!(decode(b""), Err(IngestError::Empty)));
    }

    #[test]
    fn repairs_a_few_invalid_bytes_in_utf8() {
        let d = decode(
            "Café meeting in Zürich, "
                .repeat(3)
                .as_bytes()
                .iter()
                .copied()
                .chain([0xFF])
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replaced, 1);
    }

    #[test]
    fn guesses_latin1_for_a_lone_high_byte() {
        let d = decode(b"The delegation visited M\xFCnchen last week.").unwrap();
        assert!(d.text.contains("München"), "{}", d.text);
    }
}
