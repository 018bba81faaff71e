//! Segmentation rule data per language: which words before a period are abbreviations,
//! which of those may still end a sentence, which words typically open one, and which
//! rule switches a language uses. The engine in `mod.rs` reads only these tables; a new
//! language is a new [`Rules`] value here and one line in [`rules_for`].
//!
//! Lists are sorted (checked by a test) so lookups are a binary search, and hold words
//! without their final period, lower-cased where the script has case.

/// Everything language-specific the engine consults.
#[derive(Debug)]
pub struct Rules {
    /// Short name for docs and debugging (`ar`, `en`, `de`, `fr`, `latin`).
    pub name: &'static str,
    /// `ABBREV`: a word in this list followed by `.` never ends a sentence (`Dr.`, `هـ.`).
    pub abbreviations: &'static [&'static str],
    /// `MAYBE-FINAL`: abbreviations that end a sentence only when the next word is one of
    /// [`Rules::sentence_starters`] (`… in the U.S. The talks …`).
    pub maybe_final: &'static [&'static str],
    /// Words that typically open a sentence, compared as written.
    pub sentence_starters: &'static [&'static str],
    /// `AR-INITIAL`: a lone Arabic letter before `.` is an abbreviation (`د.`, `م.`, `ج.`).
    pub arabic_initials: bool,
    /// `LATIN-INITIAL`: a lone capital letter before `.` is an initial (`Jennifer M. Anderson`).
    pub latin_initials: bool,
    /// `ORDINAL`: `3. November`: a one- or two-digit number with a period is an ordinal.
    pub ordinal_period: bool,
    /// `ELLIPSIS-INSIDE` off: `...` or `…` before a word continues the sentence. Arabic
    /// writers use it for a pause far more than for an end (8 of 10 in the gold sets).
    pub ellipsis_ends: bool,
    /// `LOWER-NEXT`: a sentence never starts with a lower-case letter, so `. word` goes on.
    pub lowercase_continues: bool,
    /// `SPACED-CLOSER`: French typography puts a space (often U+00A0 or U+202F) between the
    /// final mark and the closing guillemet, `« Bonjour ! »`; the guillemet still closes
    /// the sentence it ends, so the break comes after it.
    pub spaced_closers: bool,
}

/// Closing quotes that [`Rules::spaced_closers`] lets stand one space after the marks.
pub const SPACED_CLOSERS: &[char] = &['»', '”'];

/// The spaces French typography writes before `»`, `!`, `?`: plain, no-break, narrow
/// no-break.
pub const TYPOGRAPHIC_SPACES: &[char] = &[' ', '\u{00A0}', '\u{202F}'];

/// Arabic: abbreviations written with a period. Single letters (`د` `م` `ج` `ص` `س` …)
/// are covered by `AR-INITIAL`; dotted runs (`أ.د`, `ص.ب`, `ق.م`) by `DOTTED-ABBREV`. Listed
/// here: the forms those rules do not reach (tatweel spellings, multi-letter words).
#[rustfmt::skip]
pub const ARABIC_ABBREVIATIONS: &[&str] = &[
    "أ.د",   // أستاذ دكتور, professor
    "ج.م.ع", // جمهورية مصر العربية
    "د",     // دكتور
    "ص.ب",   // صندوق بريد, P.O. box
    "ق.م",   // قبل الميلاد, BC
    "م",     // ميلادي after a year; مهندس before a name
    "هـ",    // هجري after a year (any number of tatweels: AR-INITIAL)
];

/// English abbreviations that do not end a sentence when followed by a space: titles
/// before names, months and words before numbers, Latin shorthands inside a sentence.
#[rustfmt::skip]
pub const ENGLISH_ABBREVIATIONS: &[&str] = &[
    "adm", "al", "approx", "apr", "assn", "aug", "ave", "blvd", "brig", "capt", "cdr", "cf",
    "cmdr", "col", "comdr", "cpl", "dec", "dept", "dr", "e.g", "eq", "esp", "est", "feb",
    "fig", "figs", "fr", "ft", "gen", "gov", "hon", "i.e", "jan", "jul", "jun", "lt", "maj",
    "mar", "messrs", "mme", "mr", "mrs", "ms", "msgr", "mt", "nov", "oct", "op", "pp", "pres",
    "prof", "pt", "pvt", "rep", "reps", "rev", "sen", "sens", "sep", "sept", "sgt", "sr", "st",
    "supt", "vol", "vols", "vs",
];

/// English abbreviations that often end a sentence too (`… 5 p.m. The meeting …`).
#[rustfmt::skip]
pub const ENGLISH_MAYBE_FINAL: &[&str] = &[
    "a.m", "bros", "co", "corp", "etc", "inc", "jr", "ltd", "p.m", "u.k", "u.n", "u.s",
    "u.s.a",
];

/// Words that open English sentences far more often than they follow an abbreviation.
#[rustfmt::skip]
pub const ENGLISH_SENTENCE_STARTERS: &[&str] = &[
    "A", "After", "All", "Also", "An", "And", "As", "At", "But", "By", "During", "For",
    "He", "Her", "His", "How", "However", "I", "If", "In", "It", "Its", "Meanwhile", "Mr",
    "Mrs", "Ms", "No", "On", "One", "Our", "She", "Since", "So", "Some",
    "That", "The", "Their", "There", "These", "They", "This", "Those", "Thus", "To", "We",
    "What", "When", "Where", "While", "Why", "With", "Yet", "You",
];

/// German: words before numbers and common shorthands (`z.B`, `d.h` are dotted runs).
#[rustfmt::skip]
pub const GERMAN_ABBREVIATIONS: &[&str] = &[
    "abs", "bzw", "ca", "d.h", "dr", "evtl", "frl", "hr", "hrn", "inkl", "mio", "mrd", "nr",
    "prof", "s", "str", "u.a", "usw", "vgl", "z.b", "ziff",
];

/// French: titles and shorthands.
#[rustfmt::skip]
pub const FRENCH_ABBREVIATIONS: &[&str] = &[
    "art", "av", "bd", "cf", "dr", "etc", "ex", "mlle", "mlles", "mm", "mme", "mmes", "mr",
    "no", "p", "pr", "st", "ste", "vol",
];

pub static ARABIC: Rules = Rules {
    name: "ar",
    abbreviations: ARABIC_ABBREVIATIONS,
    maybe_final: &[],
    sentence_starters: &[],
    arabic_initials: true,
    latin_initials: true,
    ordinal_period: false,
    ellipsis_ends: false,
    lowercase_continues: false,
    spaced_closers: false,
};

pub static ENGLISH: Rules = Rules {
    name: "en",
    abbreviations: ENGLISH_ABBREVIATIONS,
    maybe_final: ENGLISH_MAYBE_FINAL,
    sentence_starters: ENGLISH_SENTENCE_STARTERS,
    arabic_initials: false,
    latin_initials: true,
    ordinal_period: false,
    ellipsis_ends: true,
    lowercase_continues: true,
    spaced_closers: false,
};

pub static GERMAN: Rules = Rules {
    name: "de",
    abbreviations: GERMAN_ABBREVIATIONS,
    maybe_final: &[],
    sentence_starters: &[],
    arabic_initials: false,
    latin_initials: true,
    ordinal_period: true,
    ellipsis_ends: true,
    lowercase_continues: true,
    spaced_closers: false,
};

pub static FRENCH: Rules = Rules {
    name: "fr",
    abbreviations: FRENCH_ABBREVIATIONS,
    maybe_final: &[],
    sentence_starters: &[],
    arabic_initials: false,
    latin_initials: true,
    ordinal_period: false,
    ellipsis_ends: true,
    lowercase_continues: true,
    spaced_closers: true,
};

/// Any other Latin-script language: the general rules, no word lists.
pub static LATIN: Rules = Rules {
    name: "latin",
    abbreviations: &[],
    maybe_final: &[],
    sentence_starters: &[],
    arabic_initials: false,
    latin_initials: true,
    ordinal_period: false,
    ellipsis_ends: true,
    lowercase_continues: true,
    spaced_closers: false,
};

/// The rules for a language tag's primary subtag.
pub fn rules_for(primary: &str) -> &'static Rules {
    match primary {
        "ar" => &ARABIC,
        "en" => &ENGLISH,
        "de" => &GERMAN,
        "fr" => &FRENCH,
        _ => &LATIN,
    }
}

/// Closing quotes and brackets that stay with the sentence they follow when written
/// right after its final mark. Both guillemets, since sources write `«…»` and `»…«`.
pub const CLOSERS: &[char] = &[
    '"', '\'', ')', ']', '}', '»', '«', '’', '”', '“', '›', '‹', '」', '』',
];

/// Invisible direction marks and isolate/embedding ends that belong to the text before.
pub const BIDI_MARKS: &[char] = &['\u{061C}', '\u{200E}', '\u{200F}', '\u{202C}', '\u{2069}'];

/// Characters no sentence starts with: after `. ` one of these means the period was
/// not an end (`etc. ,` or `p. 5 ;`).
pub const NEVER_STARTS: &[char] = &[',', ';', ':', '،', '؛', ')', ']', '}', '%', '٪'];

/// Bracket pairs inside which a sentence does not end (`PAREN`), when the closing
/// bracket follows on the same line within [`PAREN_REACH`] bytes.
pub const PAREN_PAIRS: &[(u8, u8)] = &[(b'(', b')'), (b'[', b']')];

/// How far a closing bracket may be from its opener for `PAREN` to apply. Bounded so
/// an unmatched `(` costs nothing and never silences the rest of a text.
pub const PAREN_REACH: usize = 400;

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_sorted(name: &str, list: &[&str]) {
        for pair in list.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{name}: {:?} must come before {:?} (sorted, no duplicates)",
                pair[1],
                pair[0]
            );
        }
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert_sorted("ARABIC_ABBREVIATIONS", ARABIC_ABBREVIATIONS);
        assert_sorted("ENGLISH_ABBREVIATIONS", ENGLISH_ABBREVIATIONS);
        assert_sorted("ENGLISH_MAYBE_FINAL", ENGLISH_MAYBE_FINAL);
        assert_sorted("ENGLISH_SENTENCE_STARTERS", ENGLISH_SENTENCE_STARTERS);
        assert_sorted("GERMAN_ABBREVIATIONS", GERMAN_ABBREVIATIONS);
        assert_sorted("FRENCH_ABBREVIATIONS", FRENCH_ABBREVIATIONS);
    }

    #[test]
    fn lists_hold_lower_case_words_without_final_period() {
        let lists = [
            ENGLISH_ABBREVIATIONS,
            ENGLISH_MAYBE_FINAL,
            GERMAN_ABBREVIATIONS,
            FRENCH_ABBREVIATIONS,
            ARABIC_ABBREVIATIONS,
        ];
        for word in lists.iter().flat_map(|l| l.iter()) {
            assert!(!word.ends_with('.'), "{word:?} ends with a period");
            assert_eq!(word.to_lowercase(), *word, "{word:?} is not lower-case");
        }
    }
}
