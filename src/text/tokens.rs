//! Word tokens, Latin-script tokens (CNN, NTV) and capitalised words.
//!
//! Tokens are slices of the input with their byte ranges, so later stages can point back
//! into the text. A word is a run of letters, digits and combining marks (Arabic short
//! vowels and shadda are marks, so `مديرَي` stays one word), with an apostrophe or hyphen
//! kept when it sits between two letters (`aujourd'hui`, `al-Assad`). A change of script
//! between Arabic and Latin letters ends a word: `الـNTV` gives `الـ` and `NTV`.

use super::chars;
use std::ops::Range;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Arabic,
    Latin,
    Other,
}

fn script_of(c: char) -> Script {
    match c {
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => Script::Arabic,
        'a'..='z' | 'A'..='Z' => Script::Latin,
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' if c.is_alphabetic() => Script::Latin,
        _ => Script::Other,
    }
}

/// Letters, digits and combining marks; tatweel (ـ) is a letter-like filler inside Arabic words.
#[inline]
fn is_word_char(c: char) -> bool {
    chars::is_alphanumeric(c) || is_mark(c) || c == '\u{0640}'
}

fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}'
        | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{08D3}'..='\u{08FF}')
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐')
}

/// Word tokens of `text`, script-aware: a word never mixes Arabic and Latin letters.
///
/// One pass over the characters with one character of look-ahead, no allocation but the
/// result: this runs on every sentence of both sides of every document.
pub fn words(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut iter = text.char_indices();
    while let Some((start, c)) = iter.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut script = script_of(c);
        let mut prev = c;
        let mut end = start + c.len_utf8();
        loop {
            let mut look = iter.clone();
            let Some((at, next)) = look.next() else {
                break;
            };
            if is_word_char(next) {
                let s = script_of(next);
                if s != Script::Other && script != Script::Other && s != script {
                    break;
                }
                if script == Script::Other {
                    script = s;
                }
            } else if !(is_joiner(next)
                && chars::is_alphabetic(prev)
                && look
                    .clone()
                    .next()
                    .is_some_and(|(_, n)| chars::is_alphabetic(n) && script_of(n) == script))
            {
                break;
            }
            prev = next;
            end = at + next.len_utf8();
            iter = look;
        }
        out.push((start..end, &text[start..end]));
    }
    out
}

fn has_latin_letter(word: &str) -> bool {
    word.chars().any(|c| script_of(c) == Script::Latin)
}

/// Tokens written in Latin script inside any text: `NTV` and `CNN` in an Arabic sentence,
/// every word of an English one. Pure digit runs are numbers, not Latin tokens.
pub fn latin_tokens(text: &str) -> Vec<(Range<usize>, &str)> {
    words(text)
        .into_iter()
        .filter(|(_, w)| has_latin_letter(w))
        .collect()
}

/// Capitalised words that occur in English prose at the start of any sentence or as
/// function words in titles: never names, so never candidates.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "A", "After", "Also", "An", "And", "As", "At", "But", "By", "During", "For", "From", "He",
    "Her", "His", "However", "I", "If", "In", "It", "Its", "Meanwhile", "Mr", "Mrs", "Ms", "No",
    "Of", "On", "Or", "She", "So", "That", "The", "Their", "There", "These", "They", "This",
    "Those", "To", "We", "When", "While", "With", "Yet",
];

/// Capitalised Latin words that may be names (`Naryshkin`, `NTV`): the candidates the
/// aligner and checker compare with transliterated Arabic words. Common sentence-initial
/// function words (`The`, `But`) are left out.
pub fn capitalized_words(text: &str) -> Vec<(Range<usize>, &str)> {
    latin_tokens(text)
        .into_iter()
        .filter(|(_, w)| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().count() >= 2
                && NOT_NAMES.binary_search(w).is_err()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: Vec<(Range<usize>, &str)>) -> Vec<&str> {
        tokens.into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn not_names_is_sorted_for_binary_search() {
        assert!(NOT_NAMES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn arabic_words_keep_marks_and_split_from_latin() {
        let text = "أكد مديرَي الـNTV، و\"CNN\".";
        assert_eq!(
            texts(words(text)),
            ["أكد", "مديرَي", "الـ", "NTV", "و", "CNN"]
        );
        for (span, w) in words(text) {
            assert_eq!(&text[span], w);
        }
    }

    #[test]
    fn joiners_stay_inside_words_only_between_letters() {
        assert_eq!(
            texts(words("aujourd'hui al-Assad - 'quoted'")),
            ["aujourd'hui", "al-Assad", "quoted"]
        );
    }

    #[test]
    fn latin_tokens_in_arabic_text() {
        let text = "ذكرت قناة \"NTV\" التركية و CNN في 2022";
        assert_eq!(texts(latin_tokens(text)), ["NTV", "CNN"]);
    }

    #[test]
    fn capitalised_words_skip_function_words() {
        let text = "The talks between Burns and Naryshkin, said NTV. But x.";
        assert_eq!(
            texts(capitalized_words(text)),
            ["Burns", "Naryshkin", "NTV"]
        );
    }

    /// The tokeniser as first written (a vector of every char, std's classes), kept as
    /// the reference the one-pass version must agree with.
    fn words_reference(text: &str) -> Vec<(Range<usize>, &str)> {
        let word = |c: char| c.is_alphanumeric() || is_mark(c) || c == '\u{0640}';
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (start, c) = chars[k];
            if !word(c) {
                k += 1;
                continue;
            }
            let mut script = script_of(c);
            let mut end_k = k + 1;
            while end_k < chars.len() {
                let c = chars[end_k].1;
                if word(c) {
                    let s = script_of(c);
                    if s != Script::Other && script != Script::Other && s != script {
                        break;
                    }
                    if script == Script::Other {
                        script = s;
                    }
                    end_k += 1;
                } else if is_joiner(c)
                    && chars
                        .get(end_k + 1)
                        .is_some_and(|&(_, n)| n.is_alphabetic() && script_of(n) == script)
                    && chars[end_k - 1].1.is_alphabetic()
                {
                    end_k += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(end_k).map_or(text.len(), |&(i, _)| i);
            out.push((start..end, &text[start..end]));
            k = end_k;
        }
        out
    }

    #[test]
    fn one_pass_tokeniser_agrees_with_the_reference() {
        let pieces = [
            "أكد",
            "مديرَي",
            "الـ",
            "NTV",
            "و",
            "\"",
            "CNN",
            "-",
            "'",
            "’",
            "al",
            "Assad",
            "ـ",
            " ",
            "،",
            "2022",
            "٢٠٢٢",
            "é",
            "ß",
            "Ω",
            "中",
            "\u{0301}",
            "x",
            "--",
            "ﻻ",
        ];
        let mut state = 7u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..8 {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            assert_eq!(words(&text), words_reference(&text), "{text:?}");
        }
    }

    #[test]
    fn empty_and_punctuation_only_text() {
        assert!(words("").is_empty());
        assert!(words(" .,؛ - ").is_empty());
    }
}
