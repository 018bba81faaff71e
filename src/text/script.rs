//! Does a text look like the language it is declared to be? Script shares (Arabic against
//! Latin letters) and, among languages written in Latin script, the common words of each.
//!
//! Input: a text and its declared [`Lang`]. Output: `None` when nothing contradicts the
//! declaration, else a [`Mismatch`] saying what was seen, for the CLI to stop on (exit 2)
//! unless the user insists. Linear in the text; only the first [`SAMPLE_BYTES`] are read.
//! The judgement is deliberately cautious: a text with few letters, or mixed scripts, or
//! no clear majority of one language's common words, is never called a mismatch.

use crate::model::Lang;

/// How much of a text is looked at: enough for a verdict, cheap on a book.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// Fewer letters than this and no verdict is given.
const MIN_LETTERS: usize = 40;

/// A script a language is written in, as far as this check knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Arabic,
    Latin,
}

impl Script {
    pub fn name(self) -> &'static str {
        match self {
            Script::Arabic => "Arabic",
            Script::Latin => "Latin",
        }
    }
}

/// The script a language is written in, for the languages this check knows; `None` for
/// others (their texts are not judged by script).
pub fn script_of(lang: &Lang) -> Option<Script> {
    match lang.primary().as_str() {
        "ar" | "fa" | "ur" | "ps" | "ckb" | "sd" | "ug" => Some(Script::Arabic),
        "en" | "fr" | "de" | "es" | "it" | "pt" | "nl" | "sv" | "da" | "no" | "nb" | "nn"
        | "fi" | "pl" | "cs" | "sk" | "sl" | "hr" | "bs" | "ro" | "hu" | "tr" | "id" | "ms"
        | "sw" | "ca" | "eu" | "gl" | "et" | "lv" | "lt" | "sq" | "az" | "uz" | "vi" | "af"
        | "is" | "ga" | "cy" | "mt" | "so" | "ha" | "yo" | "tl" => Some(Script::Latin),
        _ => None,
    }
}

/// Letters of each script in the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Letters {
    pub arabic: usize,
    pub latin: usize,
    pub other: usize,
}

impl Letters {
    pub fn of(text: &str) -> Letters {
        let mut letters = Letters::default();
        for c in text.chars().filter(|&c| super::chars::is_alphabetic(c)) {
            match c as u32 {
                0x0600..=0x06FF
                | 0x0750..=0x077F
                | 0x08A0..=0x08FF
                | 0xFB50..=0xFDFF
                | 0xFE70..=0xFEFF => letters.arabic += 1,
                0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => letters.latin += 1,
                _ => letters.other += 1,
            }
        }
        letters
    }

    pub fn total(&self) -> usize {
        self.arabic + self.latin + self.other
    }

    fn share(&self, script: Script) -> f32 {
        let n = match script {
            Script::Arabic => self.arabic,
            Script::Latin => self.latin,
        };
        n as f32 / self.total().max(1) as f32
    }
}

/// What contradicts a text's declared language.
#[derive(Clone, Debug, PartialEq)]
pub enum Mismatch {
    /// Most letters are in another script than the declared language's.
    Script {
        declared: Script,
        seen: Script,
        /// Share of the letters in `seen`, in percent.
        percent: u32,
        /// For Latin letters, the language their common words name (`fr` for French
        /// given as the Arabic source), when they clearly name one.
        language: Option<&'static str>,
    },
    /// Latin script as declared, but the common words are another language's.
    Language {
        seen: &'static str,
        /// Common words of `seen` and of the declared language counted in the text.
        seen_words: usize,
        declared_words: usize,
    },
}

impl Mismatch {
    /// The language tag the text looks like it is in, for the message's advice.
    pub fn suggested_tag(&self) -> &'static str {
        match self {
            Mismatch::Script {
                seen: Script::Arabic,
                ..
            } => "ar",
            Mismatch::Script {
                seen: Script::Latin,
                language,
                ..
            } => language.unwrap_or("en"),
            Mismatch::Language { seen, .. } => seen,
        }
    }

    /// What was seen, in words: `92% of its letters are Latin`.
    pub fn seen(&self) -> String {
        match self {
            Mismatch::Script {
                seen,
                percent,
                language,
                ..
            } => match language {
                Some(tag) => format!(
                    "{percent}% of its letters are {} and it reads as {}",
                    seen.name(),
                    language_name(tag)
                ),
                None => format!("{percent}% of its letters are {}", seen.name()),
            },
            Mismatch::Language {
                seen,
                seen_words,
                declared_words,
            } => format!(
                "it reads as {} ({seen_words} of its common words are {}, {declared_words} are the declared language's)",
                language_name(seen),
                language_name(seen)
            ),
        }
    }
}

/// Whether `text` contradicts `declared`; `None` when it does not, or when there is too
/// little text, or the language is one this check does not know.
pub fn mismatch(text: &str, declared: &Lang) -> Option<Mismatch> {
    let declared_script = script_of(declared)?;
    let sample = head(text, SAMPLE_BYTES);
    let letters = Letters::of(sample);
    if letters.total() < MIN_LETTERS {
        return None;
    }
    let other = match declared_script {
        Script::Arabic => Script::Latin,
        Script::Latin => Script::Arabic,
    };
    // A clear majority of the other script, not a quote or a few names in it.
    if letters.share(declared_script) < 0.25 && letters.share(other) > 0.6 {
        let language = match other {
            Script::Latin => dominant_language(&common_word_counts(sample)),
            Script::Arabic => None,
        };
        return Some(Mismatch::Script {
            declared: declared_script,
            seen: other,
            percent: (letters.share(other) * 100.0).round() as u32,
            language: language.map(|k| COMMON_WORDS[k].0),
        });
    }
    if declared_script == Script::Latin {
        return language_mismatch(sample, declared);
    }
    None
}

/// Common words of languages written in Latin script: articles, pronouns, prepositions
/// and auxiliaries, frequent in any text and rare in the others' (words two languages
/// share, such as `in` or `a`, are left out).
const COMMON_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "is", "that", "with", "was", "for", "his", "he", "have",
            "has", "which", "this", "from", "were", "are", "will", "said", "been", "would",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "des", "et", "est", "une", "du", "que", "dans", "pour", "qui",
            "sur", "au", "aux", "avec", "pas", "ont", "sont", "cette", "mais", "été",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "dem", "ein", "eine",
            "auf", "sich", "auch", "wird", "dass", "nach", "wurde", "zu", "für", "sind",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "del", "y", "que", "por", "con", "una", "para", "es", "su", "se",
            "fue", "como", "más", "pero", "sus", "ha", "han", "este", "esta",
        ],
    ),
    (
        "it",
        &[
            "il", "di", "che", "della", "gli", "delle", "è", "per", "una", "con", "non", "sono",
            "nel", "alla", "dei", "anche", "ha", "lo", "questo", "stato", "più", "ed",
        ],
    ),
    (
        "pt",
        &[
            "os", "das", "dos", "não", "uma", "com", "para", "que", "em", "foi", "é", "ao", "pelo",
            "pela", "mais", "seu", "sua", "também", "são", "ele", "está", "nos",
        ],
    ),
    (
        "nl",
        &[
            "het", "een", "van", "niet", "dat", "zijn", "op", "voor", "met", "ook", "wordt",
            "werd", "naar", "bij", "aan", "heeft", "hij", "deze", "er", "maar", "uit", "wij",
        ],
    ),
];

/// Too few common words in all, and no verdict.
const MIN_COMMON_WORDS: usize = 12;

/// How many words of `sample` are common words of each [`COMMON_WORDS`] language.
fn common_word_counts(sample: &str) -> [usize; COMMON_WORDS.len()] {
    let mut counts = [0usize; COMMON_WORDS.len()];
    for word in sample
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        for (k, (_, words)) in COMMON_WORDS.iter().enumerate() {
            if words.contains(&lower.as_str()) {
                counts[k] += 1;
            }
        }
    }
    counts
}

/// The language whose common words outnumber every other's three to one, if any.
fn dominant_language(counts: &[usize; COMMON_WORDS.len()]) -> Option<usize> {
    let (best, &best_count) = counts.iter().enumerate().max_by_key(|(_, &n)| n)?;
    let runner_up = counts
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != best)
        .map(|(_, &n)| n)
        .max()
        .unwrap_or(0);
    let total: usize = counts.iter().sum();
    (total >= MIN_COMMON_WORDS && best_count >= 3 * runner_up.max(2)).then_some(best)
}

fn language_mismatch(sample: &str, declared: &Lang) -> Option<Mismatch> {
    let primary = declared.primary();
    let declared_entry = COMMON_WORDS.iter().position(|(tag, _)| *tag == primary)?;
    let counts = common_word_counts(sample);
    let (best, &best_count) = counts.iter().enumerate().max_by_key(|(_, &n)| n)?;
    let declared_count = counts[declared_entry];
    let total: usize = counts.iter().sum();
    // Another language's words must outnumber the declared one's three to one.
    if best == declared_entry || total < MIN_COMMON_WORDS || best_count < 3 * declared_count.max(2)
    {
        return None;
    }
    Some(Mismatch::Language {
        seen: COMMON_WORDS[best].0,
        seen_words: best_count,
        declared_words: declared_count,
    })
}

/// The English name of a language this module names, else the tag.
pub fn language_name(tag: &str) -> &str {
    match tag {
        "ar" => "Arabic",
        "en" => "English",
        "fr" => "French",
        "de" => "German",
        "es" => "Spanish",
        "it" => "Italian",
        "pt" => "Portuguese",
        "nl" => "Dutch",
        other => other,
    }
}

/// The first `max` bytes of `text`, cut at a char boundary.
fn head(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// ISO 639-1 language codes, sorted: a two-letter tag not in this list is a typo
/// (`--source-lang xx`). Three-letter tags (ISO 639-2/3) are not checked.
pub const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// Whether `tag` is a well-formed language tag whose language subtag exists: two letters
/// from ISO 639-1, or three letters (ISO 639-2/3, not checked further).
pub fn is_known_tag(tag: &Lang) -> bool {
    let primary = tag.primary();
    let letters = primary.chars().all(|c| c.is_ascii_alphabetic());
    match primary.len() {
        2 => letters && ISO_639_1.binary_search(&primary.as_str()).is_ok(),
        3 => letters,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "The minister said on Tuesday that the trains will be faster and \
        cheaper, and that the project has been planned for five years with the unions.";
    const FRENCH: &str = "Le ministre a déclaré mardi que les trains seront plus rapides et \
        moins chers, et que le projet est prévu pour cinq ans avec les syndicats qui ont salué la décision.";
    const ARABIC: &str = "أكد المتحدث باسم الرئاسة الروسية دميتري بيسكوف أن محادثات مديري \
        المخابرات جاءت بطلب من الجانب الأمريكي.";

    #[test]
    fn iso_codes_are_sorted_and_unique() {
        assert!(ISO_639_1.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn each_text_matches_its_own_language() {
        assert_eq!(mismatch(ENGLISH, &Lang::english()), None);
        assert_eq!(mismatch(FRENCH, &Lang::new("fr")), None);
        assert_eq!(mismatch(ARABIC, &Lang::arabic()), None);
        assert_eq!(mismatch(ARABIC, &Lang::new("ar-SA")), None);
    }

    #[test]
    fn the_wrong_script_is_seen() {
        let m = mismatch(ENGLISH, &Lang::arabic()).unwrap();
        assert!(
            matches!(
                m,
                Mismatch::Script {
                    seen: Script::Latin,
                    percent: 100,
                    ..
                }
            ),
            "{m:?}"
        );
        assert_eq!(m.suggested_tag(), "en");
        let m = mismatch(ARABIC, &Lang::english()).unwrap();
        assert_eq!(m.suggested_tag(), "ar");
        // French given as the Arabic source: the advice names French, not English.
        let m = mismatch(FRENCH, &Lang::arabic()).unwrap();
        assert_eq!(m.suggested_tag(), "fr", "{m:?}");
        assert!(m.seen().contains("reads as French"), "{}", m.seen());
    }

    #[test]
    fn french_given_as_english_is_seen_and_names_in_arabic_are_not() {
        let m = mismatch(FRENCH, &Lang::english()).unwrap();
        assert_eq!(m.suggested_tag(), "fr", "{m:?}");
        assert!(m.seen().contains("French"), "{}", m.seen());
        // An Arabic text quoting a few English names is still Arabic.
        let mixed = format!("{ARABIC} CNN NTV Reuters {ARABIC}");
        assert_eq!(mismatch(&mixed, &Lang::arabic()), None);
    }

    #[test]
    fn short_or_unknown_texts_get_no_verdict() {
        assert_eq!(mismatch("Hello there.", &Lang::arabic()), None);
        assert_eq!(mismatch(ENGLISH, &Lang::new("ja")), None);
    }

    #[test]
    fn tags_are_checked_against_iso_639() {
        assert!(is_known_tag(&Lang::new("ar-SA")));
        assert!(is_known_tag(&Lang::new("ckb")));
        assert!(!is_known_tag(&Lang::new("xx")));
        assert!(!is_known_tag(&Lang::new("e1")));
        assert!(!is_known_tag(&Lang::new("english")));
    }
}
