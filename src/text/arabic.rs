//! Arabic normalisation for matching, with an offset map back into the original text.
//!
//! Arabic news text spells one name several ways that a reader sees as the same word:
//! hamza seats on alef (`أ إ آ ٱ`), final `ى`/`ي`, `ة`/`ه`, optional harakat, tatweel
//! stretching, Persian keyboard letters (`ک ی`), presentation-form glyphs pasted from
//! PDFs, invisible direction marks, two digit systems. Matching runs on a folded copy
//! ([`Normalized::text`]) and every match is mapped back to the bytes of the original
//! ([`Normalized::original_range`]), so a report points at exactly what the user wrote.

use std::ops::Range;

/// A folded copy of a text and, for every byte of it, where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    /// The folded text matching runs on.
    pub text: String,
    /// `origin[i]` is the byte offset in the original of the character that produced the
    /// normalised byte `i`; one extra entry at the end holds the original length, so
    /// ranges that end at the end of the text map too.
    origin: Vec<usize>,
}

impl Normalized {
    /// The original byte offset a normalised byte offset comes from. Offsets past the end
    /// map to the end of the original.
    pub fn original_offset(&self, normalized: usize) -> usize {
        let last = self.origin.len().saturating_sub(1);
        self.origin
            .get(normalized.min(last))
            .copied()
            .unwrap_or_default()
    }

    /// The original byte range a normalised range was made from. The end maps to where
    /// the next kept character starts, so harakat and tatweel written on the last letter
    /// of a word stay inside the range: `ناريشكينُ` is one match, not `ناريشكين` + `ُ`.
    pub fn original_range(&self, normalized: Range<usize>) -> Range<usize> {
        let start = self.original_offset(normalized.start);
        let end = self.original_offset(normalized.end).max(start);
        start..end
    }

    /// Length of the original text.
    pub fn original_len(&self) -> usize {
        self.origin.last().copied().unwrap_or_default()
    }
}

/// Builds a [`Normalized`] one character at a time; shared by every script-specific
/// folding so they all keep the same offset contract.
#[derive(Debug, Default)]
pub struct NormalizedBuilder {
    out: Normalized,
    last_is_space: bool,
}

impl NormalizedBuilder {
    pub fn with_capacity(bytes: usize) -> NormalizedBuilder {
        NormalizedBuilder {
            out: Normalized {
                text: String::with_capacity(bytes),
                origin: Vec::with_capacity(bytes + 1),
            },
            last_is_space: false,
        }
    }

    /// Appends `c` as coming from the original byte offset `from`.
    #[inline]
    pub fn push(&mut self, c: char, from: usize) {
        let mut utf8 = [0u8; 4];
        let encoded = c.encode_utf8(&mut utf8);
        self.out.text.push_str(encoded);
        let origins = [from; 4];
        self.out.origin.extend_from_slice(&origins[..encoded.len()]);
        self.last_is_space = c == ' ';
    }

    /// Appends one space for a run of white space.
    #[inline]
    pub fn push_space(&mut self, from: usize) {
        if !self.last_is_space {
            self.push(' ', from);
        }
    }

    pub fn finish(mut self, original_len: usize) -> Normalized {
        self.out.origin.push(original_len);
        self.out
    }
}

/// Folds `s` for matching Arabic names and terms:
///
/// - alef with hamza above/below, madda, wasla (`أ إ آ ٱ`) → `ا`; `ى` → `ي`; `ة` → `ه`;
///   Persian `ک` → `ك`, `ی` → `ي`, `ۀ` → `ه`;
/// - harakat, superscript alef, Quranic marks and tatweel (`ـ`) removed;
/// - zero-width joiners, direction marks and soft hyphens removed (they hide inside words
///   in text copied from the web);
/// - Arabic-Indic (`٠…٩`) and Persian (`۰…۹`) digits → ASCII digits;
/// - Arabic presentation forms (`ﻻ`, isolated/final glyph codes) → the letters they show;
/// - any run of white space → one space, so a two-word name still matches across a line
///   break.
///
/// Everything else (Latin letters, punctuation) is kept as it is.
pub fn normalize_arabic(s: &str) -> Normalized {
    let mut b = NormalizedBuilder::with_capacity(s.len());
    for (at, c) in s.char_indices() {
        if is_kept_as_is(c) {
            b.push(c, at);
        } else if is_presentation_form(c) {
            // Compatibility decomposition turns a glyph code into plain letters (ﻻ → لا);
            // each of them then goes through the same folding.
            unicode_normalization::char::decompose_compatible(c, |d| {
                fold_arabic_char(&mut b, d, at)
            });
        } else {
            fold_arabic_char(&mut b, c, at);
        }
    }
    b.finish(s.len())
}

/// The bulk of Arabic and Latin text: letters and digits that fold to themselves, tested
/// first so most characters take one range check.
#[inline]
fn is_kept_as_is(c: char) -> bool {
    matches!(c,
        '\u{0621}' | '\u{0624}' | '\u{0626}'..='\u{0628}' | '\u{062A}'..='\u{063A}'
        | '\u{0641}'..='\u{0648}' | '\u{064A}'
        | 'a'..='z' | 'A'..='Z' | '0'..='9')
}

#[inline]
fn fold_arabic_char(b: &mut NormalizedBuilder, c: char, at: usize) {
    if c.is_whitespace() {
        b.push_space(at);
        return;
    }
    if is_dropped(c) {
        return;
    }
    let folded = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' | 'ې' => 'ي',
        'ة' | 'ۀ' | 'ە' => 'ه',
        'ک' => 'ك',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        _ => c,
    };
    b.push(folded, at);
}

/// Marks that never change which word is written: harakat, tanwin, shadda, sukun,
/// superscript alef, Quranic annotation signs, tatweel, and invisible format characters.
fn is_dropped(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}' | '\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0640}'
        | '\u{00AD}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alef_variants_fold_to_bare_alef() {
        for s in ["أنقرة", "إنقرة", "آنقرة", "ٱنقرة"] {
            assert_eq!(normalize_arabic(s).text, "انقره", "{s}");
        }
    }

    #[test]
    fn final_yaa_and_taa_marbuta_fold() {
        assert_eq!(normalize_arabic("موسى").text, "موسي");
        assert_eq!(normalize_arabic("أنقرة").text, "انقره");
    }

    #[test]
    fn harakat_and_tatweel_are_removed_and_spans_still_point_into_the_original() {
        let original = "قال بُوتِيـــن أمس";
        let n = normalize_arabic(original);
        assert_eq!(n.text, "قال بوتين امس");
        let start = n.text.find("بوتين").unwrap();
        let range = n.original_range(start..start + "بوتين".len());
        assert_eq!(&original[range], "بُوتِيـــن");
    }

    #[test]
    fn trailing_harakat_belong_to_the_word() {
        let original = "ناريشكينُ قال";
        let n = normalize_arabic(original);
        let range = n.original_range(0.."ناريشكين".len());
        assert_eq!(&original[range], "ناريشكينُ");
    }

    #[test]
    fn arabic_indic_and_persian_digits_become_ascii() {
        assert_eq!(normalize_arabic("عام ٢٠٢٢ و۱۴").text, "عام 2022 و14");
    }

    #[test]
    fn white_space_runs_collapse_and_map_back() {
        let original = "البيت\n  الأبيض";
        let n = normalize_arabic(original);
        assert_eq!(n.text, "البيت الابيض");
        assert_eq!(n.original_range(0..n.text.len()), 0..original.len());
    }

    #[test]
    fn invisible_marks_inside_a_word_are_dropped() {
        assert_eq!(normalize_arabic("بو\u{200C}تين\u{200F}").text, "بوتين");
    }

    #[test]
    fn presentation_forms_become_letters() {
        // ﻻ (lam-alef ligature) and ﺑ (beh initial form).
        assert_eq!(normalize_arabic("ﻻ ﺑ").text, "لا ب");
    }

    #[test]
    fn offsets_past_the_end_map_to_the_end() {
        let n = normalize_arabic("ab");
        assert_eq!(n.original_offset(99), 2);
        assert_eq!(n.original_len(), 2);
        assert_eq!(normalize_arabic("").original_range(0..0), 0..0);
    }
}
