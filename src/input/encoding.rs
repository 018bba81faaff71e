//! Bytes to text: UTF-8, UTF-16 with a byte order mark, and the legacy encodings Arabic
//! sites and archives still serve (Windows-1256, ISO-8859-6), with the evidence weighed.
//!
//! The order of decisions, each final:
//! 1. `--encoding NAME` (any WHATWG label: `windows-1256`, `cp1256`, `iso-8859-6`,
//!    `utf-16le`, …): the bytes must be valid in it, else an error names the offset.
//! 2. A byte order mark (UTF-8, UTF-16LE, UTF-16BE).
//! 3. Valid UTF-8 (ASCII included): UTF-8, with no notice.
//! 4. NUL bytes: UTF-16 without a mark when one byte order decodes cleanly to text, else
//!    "not a text file".
//! 5. Otherwise a legacy 8-bit encoding. `chardetng` (Firefox's detector) proposes one;
//!    Windows-1256, ISO-8859-6 and Windows-1252 are always tried beside it. Each decoding
//!    is scored on what wrong decodings look like: bytes the encoding does not define,
//!    C1 control characters, and Latin letters glued to Arabic letters or to other
//!    non-ASCII Latin letters (`ÇáÞÇÁ` is Windows-1256 Arabic read as Windows-1252;
//!    `ÇèÇ` is ISO-8859-6 read as Windows-1256). The best decoding wins only if it looks
//!    clean and beats every decoding that gives a different text by a clear margin; when
//!    it does not (a few non-ASCII bytes, two encodings equally plausible) the reader
//!    stops and asks for `--encoding`: a silent wrong guess would put mojibake into a
//!    translation memory.

use crate::error::{Error, ErrorKind, Result};
use encoding_rs::{Encoding, ISO_8859_6, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, WINDOWS_1256};

/// How the encoding of a text was decided, for the notice a reader gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodingSource {
    /// `--encoding` said so.
    Given,
    /// A byte order mark.
    ByteOrderMark,
    /// A `<meta charset>` or `http-equiv` declaration of an HTML page.
    Declared,
    /// The bytes are valid UTF-8.
    ValidUtf8,
    /// Detected from the bytes (legacy 8-bit, or UTF-16 without a mark).
    Detected,
}

/// A decoded text and how its encoding was found.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub source: EncodingSource,
}

impl Decoded {
    /// One line for standard error, or `None` when there is nothing worth saying
    /// (plain UTF-8).
    pub fn notice(&self) -> Option<String> {
        let name = self.encoding.name();
        match self.source {
            EncodingSource::ValidUtf8 | EncodingSource::Given => None,
            EncodingSource::ByteOrderMark if self.encoding == UTF_8 => None,
            EncodingSource::ByteOrderMark => Some(format!("read as {name} (byte order mark)")),
            EncodingSource::Declared if self.encoding == UTF_8 => None,
            EncodingSource::Declared => Some(format!(
                "read as {name} (declared by the page's <meta charset>)"
            )),
            EncodingSource::Detected => Some(format!(
                "read as {name} (detected from the bytes; --encoding NAME overrides)"
            )),
        }
    }
}

/// The encoding a user named, by any WHATWG label (`cp1256`, `arabic`, `latin1`, …).
pub fn encoding_for_name(name: &str) -> Result<&'static Encoding> {
    Encoding::for_label(name.trim().as_bytes()).ok_or_else(|| {
        Error::usage(format!(
            "unknown --encoding {name:?}; use utf-8, utf-16le, utf-16be, windows-1256, \
             iso-8859-6, windows-1252 or another WHATWG encoding label"
        ))
    })
}

/// Decodes `bytes` as the given encoding; bytes invalid in it are an error.
pub fn decode_as(bytes: &[u8], encoding: &'static Encoding) -> Result<Decoded> {
    // A BOM of the named encoding is not text.
    let body = match Encoding::for_bom(bytes) {
        Some((bom_encoding, len)) if bom_encoding == encoding => &bytes[len..],
        _ => bytes,
    };
    match encoding.decode_without_bom_handling_and_without_replacement(body) {
        Some(text) => Ok(Decoded {
            text: text.into_owned(),
            encoding,
            source: EncodingSource::Given,
        }),
        None => {
            let offset = first_error_offset(body, encoding) + (bytes.len() - body.len());
            Err(Error::syntax(format!(
                "not valid {} at byte offset {offset}; check --encoding (windows-1256, \
                 iso-8859-6, utf-8, …)",
                encoding.name()
            )))
        }
    }
}

/// The offset of the first byte `encoding` cannot decode (the input length if none).
fn first_error_offset(bytes: &[u8], encoding: &'static Encoding) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(64);
    let mut read = 0;
    loop {
        out.clear();
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        match result {
            encoding_rs::DecoderResult::Malformed(bad, later) => {
                return (read + n).saturating_sub(usize::from(bad) + usize::from(later));
            }
            encoding_rs::DecoderResult::InputEmpty => return bytes.len(),
            encoding_rs::DecoderResult::OutputFull => {
                read += n;
                if out.capacity() < 4096 {
                    out.reserve(4096);
                }
            }
        }
    }
}

/// Decodes a text file whose encoding nobody stated (steps 2–5 of the module docs).
pub fn decode_detected(bytes: &[u8]) -> Result<Decoded> {
    if let Some((encoding, len)) = Encoding::for_bom(bytes) {
        return decode_as(&bytes[len..], encoding).map(|d| Decoded {
            source: EncodingSource::ByteOrderMark,
            ..d
        });
    }
    // Before UTF-8: UTF-16 of Arabic or Latin text is all bytes below 0x80, so it is
    // valid UTF-8 too (full of NULs and 0x06s).
    let nul = memchr::memchr(0, bytes);
    if nul.is_some() {
        if let Some(decoded) = decode_utf16_without_bom(bytes) {
            return Ok(decoded);
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: UTF_8,
            source: EncodingSource::ValidUtf8,
        });
    }
    if let Some(nul) = nul {
        return Err(Error::syntax(format!(
            "not a text file (a NUL byte at offset {nul}, and it is not UTF-16); \
             qarin reads plain text, HTML, DOCX and ODT"
        )));
    }
    if let Some(offset) = mostly_utf8(bytes) {
        return Err(Error::from(ErrorKind::InvalidUtf8 { offset }));
    }
    detect_legacy(bytes)
}

/// The offset of the first bad sequence when the bytes are UTF-8 but for a few bad
/// sequences (a stray Windows-1252 byte, a file cut inside a character): reading such
/// a file in a legacy encoding would turn all its text into mojibake.
fn mostly_utf8(bytes: &[u8]) -> Option<usize> {
    let mut first_bad = None;
    let (mut bad, mut multibyte) = (0usize, 0usize);
    let mut rest = bytes;
    let mut offset = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                multibyte += valid.bytes().filter(|&b| b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let valid = &rest[..e.valid_up_to()];
                multibyte += valid.iter().filter(|&&b| b >= 0xC0).count();
                first_bad.get_or_insert(offset + e.valid_up_to());
                bad += 1;
                let skip = e.valid_up_to() + e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                offset += skip;
                rest = &rest[skip..];
            }
        }
    }
    (multibyte >= 10 * bad).then_some(first_bad).flatten()
}

/// UTF-16 without a byte order mark: the byte order that decodes without error and
/// with fewer control characters, if either looks like text: one script's text has the
/// same high byte (0x00 for Latin, 0x06 for Arabic) in most of its code units, which an
/// 8-bit file with a stray NUL does not.
fn decode_utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    if bytes.len() % 2 != 0 || bytes.len() < 4 {
        return None;
    }
    let mut best: Option<(usize, String, &'static Encoding)> = None;
    for (encoding, high) in [(UTF_16LE, 1), (UTF_16BE, 0)] {
        let mut counts = [0usize; 256];
        for unit in bytes.chunks_exact(2) {
            counts[usize::from(unit[high])] += 1;
        }
        let units = bytes.len() / 2;
        if counts.iter().max().copied().unwrap_or(0) * 2 < units || counts[0] * 100 < units {
            continue;
        }
        let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) else {
            continue;
        };
        let controls = text
            .chars()
            .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            .count();
        let total = text.chars().count().max(1);
        if controls * 100 > total {
            continue;
        }
        if best.as_ref().map_or(true, |(c, _, _)| controls < *c) {
            best = Some((controls, text.into_owned(), encoding));
        }
    }
    best.map(|(_, text, encoding)| Decoded {
        text,
        encoding,
        source: EncodingSource::Detected,
    })
}

/// How plausible one decoding looks: evidence for and against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Plausibility {
    /// Non-ASCII characters that fit their neighbours (an Arabic letter among Arabic
    /// letters, `é` inside a Latin word, typographic punctuation).
    good: usize,
    /// Non-ASCII characters a wrong decoding produces: undefined bytes, C1 controls,
    /// Latin letters glued to Arabic or to other non-ASCII Latin letters.
    bad: usize,
}

impl Plausibility {
    fn score(self) -> i64 {
        self.good as i64 - 4 * self.bad as i64
    }
}

/// Fewer non-ASCII characters than this never decide an encoding.
const MIN_EVIDENCE: usize = 8;

fn detect_legacy(bytes: &[u8]) -> Result<Decoded> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let proposed = detector.guess(None, chardetng::Utf8Detection::Deny);
    let mut candidates: Vec<&'static Encoding> = vec![proposed];
    for e in [WINDOWS_1256, ISO_8859_6, WINDOWS_1252] {
        if !candidates.contains(&e) {
            candidates.push(e);
        }
    }
    let mut scored: Vec<(&'static Encoding, String, Plausibility)> = candidates
        .into_iter()
        .map(|encoding| {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            let text = text.into_owned();
            let mut p = plausibility(&text);
            if had_errors {
                p.bad += text.matches('\u{FFFD}').count().max(1);
            }
            (encoding, text, p)
        })
        .collect();
    // Stable: on equal scores chardetng's proposal (first) stays first.
    scored.sort_by_key(|(_, _, p)| std::cmp::Reverse(p.score()));
    let (encoding, text, best) = scored.swap_remove(0);
    let evidence = best.good + best.bad;
    let rival = scored
        .iter()
        .filter(|(_, t, _)| *t != text)
        .map(|(e, _, p)| (*e, *p))
        .max_by_key(|(_, p)| p.score());
    let clean = best.bad * 50 <= evidence;
    let margin = rival.map_or(i64::MAX, |(_, p)| best.score() - p.score());
    let clear = margin >= (evidence as i64 / 10).max(MIN_EVIDENCE as i64);
    if evidence >= MIN_EVIDENCE && clean && clear {
        return Ok(Decoded {
            text,
            encoding,
            source: EncodingSource::Detected,
        });
    }
    let others: Vec<&str> = rival
        .into_iter()
        .map(|(e, _)| e.name())
        .filter(|n| *n != encoding.name())
        .collect();
    let why = if evidence < MIN_EVIDENCE {
        format!("only {evidence} non-ASCII characters to go by")
    } else if !clean {
        format!(
            "no encoding reads it cleanly ({} of {evidence} characters look wrong even in {})",
            best.bad,
            encoding.name()
        )
    } else {
        format!(
            "{} and {} read it about equally well",
            encoding.name(),
            others.join(", ")
        )
    };
    Err(Error::syntax(format!(
        "not UTF-8, and the encoding cannot be told for sure: {why}; pass --encoding \
         {} (or {}) after checking which one shows the text correctly",
        encoding.name(),
        if others.is_empty() {
            "utf-8, windows-1256, iso-8859-6".to_string()
        } else {
            others.join(", ")
        }
    )))
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn is_latin_extended(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}') && c.is_alphabetic()
}

/// Scores the non-ASCII characters of a decoding by their neighbours.
fn plausibility(text: &str) -> Plausibility {
    let mut p = Plausibility::default();
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        if !c.is_ascii() {
            if c == '\u{FFFD}' || ('\u{80}'..='\u{9F}').contains(&c) {
                p.bad += 1;
            } else if is_latin_extended(c) {
                let glued_to_arabic = is_arabic(prev) || is_arabic(next);
                let in_salad = is_latin_extended(prev) && is_latin_extended(next);
                let symbol_next =
                    !next.is_ascii() && !next.is_alphanumeric() && !next.is_whitespace();
                if glued_to_arabic || in_salad || symbol_next {
                    p.bad += 1;
                } else {
                    p.good += 1;
                }
            } else if is_arabic(c) {
                // An Arabic letter glued to a Latin letter is as wrong as the reverse.
                if is_latin_extended(prev) || is_latin_extended(next) {
                    p.bad += 1;
                } else {
                    p.good += 1;
                }
            } else if c.is_alphabetic() {
                // Other scripts: chardetng's own proposal is trusted on them.
                p.good += 1;
            } else if matches!(
                c,
                '\u{A0}'
                    | '«'
                    | '»'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '–'
                    | '—'
                    | '…'
                    | '•'
                    | '°'
                    | '€'
            ) {
                p.good += 1;
            } else if matches!(
                c,
                '¤' | '¦'
                    | '¨'
                    | '¯'
                    | '´'
                    | '¸'
                    | '¹'
                    | '²'
                    | '³'
                    | '¼'
                    | '½'
                    | '¾'
                    | '×'
                    | '÷'
                    | '¬'
                    | '±'
                    | 'µ'
                    | '¶'
                    | '·'
                    | '§'
                    | '©'
                    | '®'
                    | '¢'
                    | '£'
                    | '¥'
                    | 'ª'
                    | 'º'
                    | '¡'
                    | '¿'
            ) && (!prev.is_ascii() || !next.is_ascii())
            {
                // Latin-1 symbols among other non-ASCII characters: mojibake.
                p.bad += 1;
            }
        }
        prev = c;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "أكد المتحدث باسم الرئاسة الروسية دميتري بيسكوف أن محادثات مديري \
                          المخابرات جاءت بطلب من الجانب الأمريكي، وأفادت وسائل إعلام تركية.";

    fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{} cannot encode the sample", encoding.name());
        bytes.into_owned()
    }

    #[test]
    fn windows_1256_and_iso_8859_6_are_told_apart() {
        for encoding in [WINDOWS_1256, ISO_8859_6] {
            let decoded = decode_detected(&encode(ARABIC, encoding)).unwrap();
            assert_eq!(decoded.encoding, encoding);
            assert_eq!(decoded.text, ARABIC);
            assert!(decoded.notice().unwrap().contains(encoding.name()));
        }
    }

    #[test]
    fn utf16_with_a_byte_order_mark_or_without_one() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(ARABIC.encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode_detected(&le).unwrap();
        assert_eq!(
            (d.encoding, d.source),
            (UTF_16LE, EncodingSource::ByteOrderMark)
        );
        assert_eq!(d.text, ARABIC);
        let be: Vec<u8> = ARABIC.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let d = decode_detected(&be).unwrap();
        assert_eq!((d.encoding, d.source), (UTF_16BE, EncodingSource::Detected));
        assert_eq!(d.text, ARABIC);
    }

    #[test]
    fn weak_evidence_stops_and_names_the_choices() {
        // Two high bytes: Arabic in one encoding, Latin in another; nobody can tell.
        let err = decode_detected(b"Report on \xC7\xE1 talks").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("--encoding"), "{msg}");
        assert!(msg.contains("only"), "{msg}");
    }

    #[test]
    fn english_in_windows_1252_is_read_with_its_quotes() {
        let text = "The spokesman said \u{201C}no talks\u{201D} took place \u{2013} caf\u{E9} \
                    na\u{EF}ve r\u{E9}sum\u{E9} d\u{E9}j\u{E0} vu \u{201C}again\u{201D}.";
        let d = decode_detected(&encode(text, WINDOWS_1252)).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn a_named_encoding_must_fit_the_bytes() {
        assert_eq!(encoding_for_name("cp1256").unwrap(), WINDOWS_1256);
        assert!(encoding_for_name("klingon").is_err());
        // 0xDD is undefined in ISO-8859-6.
        let err = decode_as(b"ab\xDDc", ISO_8859_6).unwrap_err();
        assert!(err.to_string().contains("offset 2"), "{err}");
        let d = decode_as(&encode(ARABIC, WINDOWS_1256), WINDOWS_1256).unwrap();
        assert_eq!(d.text, ARABIC);
    }

    #[test]
    fn utf8_with_one_bad_byte_is_not_read_as_a_legacy_encoding() {
        let mut bytes = ARABIC.as_bytes().to_vec();
        let at = ARABIC.find(' ').unwrap();
        bytes.insert(at, 0xA0);
        let err = decode_detected(&bytes).unwrap_err();
        assert!(
            matches!(err.kind, ErrorKind::InvalidUtf8 { offset } if offset == at),
            "{err}"
        );
        // Cut inside its last character.
        let cut = &ARABIC.as_bytes()[..ARABIC.len() - 2];
        assert!(matches!(
            decode_detected(cut).unwrap_err().kind,
            ErrorKind::InvalidUtf8 { .. }
        ));
    }

    #[test]
    fn nul_bytes_that_are_not_utf16_are_refused() {
        let err = decode_detected(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert!(err.to_string().contains("not a text file"), "{err}");
    }
}
