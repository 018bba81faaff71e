//! Site furniture in any text: lines such as "اقرأ المزيد", "خبر عاجل", "Share this" that a
//! copy of a web page carries around the article, and short lines that every article of
//! one site repeats (its menu, its slogan).
//!
//! Two rules, both on whole lines, folded (Arabic letter variants and harakat as
//! `text::arabic` folds them, case, punctuation and spacing ignored):
//! - the built-in phrase list [`PHRASES`] (written for qarin from the project's own
//!   reading of Arabic and English news sites; no outside list was copied): a line is
//!   furniture when it is one of the phrases, or, for the phrases that lead a link
//!   (`Leads`: "read more", "اقرأ أيضا"), starts with one and is at most
//!   [`MAX_WORDS`] words long ("إقرأ المزيد في: الخليج والعالم");
//! - [`SiteFurniture`]: lines of at most [`MAX_WORDS`] words with at least one letter
//!   that occur in at least three of the texts of one site and in at least a quarter of
//!   them, learned from a folder of its articles.
//!
//! Long lines are never furniture, so a sentence that happens to contain "share" stays text.

use crate::text::arabic::normalize_arabic;
use std::collections::{HashMap, HashSet};

/// Lines longer than this many words are never furniture.
pub const MAX_WORDS: usize = 8;

/// Lines longer than this many bytes are not even folded: no phrase is that long.
const MAX_LINE_BYTES: usize = 240;

/// Whether a phrase is furniture only as a whole line, or also leading a short line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// The whole line ("خبر عاجل", "Advertisement"): "عاجل: بوتين يقول …" is a news
    /// flash, not furniture.
    Whole,
    /// The line may go on for a few words ("Read more: Ankara talks").
    Leads,
}

/// The built-in furniture phrases, folded as [`fold`] folds (no hamza on alef, lower
/// case, single spaces). Sorted; a test keeps them sorted and folded.
#[rustfmt::skip]
pub const PHRASES: &[(&str, Match)] = &[
    ("advertisement", Match::Whole),
    ("all rights reserved", Match::Leads),
    ("back to top", Match::Whole),
    ("breaking", Match::Whole),
    ("breaking news", Match::Whole),
    ("click here", Match::Leads),
    ("comments", Match::Whole),
    ("continue reading", Match::Leads),
    ("copyright", Match::Leads),
    ("email", Match::Whole),
    ("follow us", Match::Leads),
    ("home", Match::Whole),
    ("leave a comment", Match::Whole),
    ("more", Match::Whole),
    ("most popular", Match::Whole),
    ("most read", Match::Whole),
    ("print", Match::Whole),
    ("read also", Match::Leads),
    ("read more", Match::Leads),
    ("related", Match::Whole),
    ("related articles", Match::Leads),
    ("related news", Match::Leads),
    ("related stories", Match::Leads),
    ("see also", Match::Leads),
    ("share", Match::Leads),
    ("share on facebook", Match::Whole),
    ("share this", Match::Leads),
    ("share this article", Match::Leads),
    ("sign up for our newsletter", Match::Leads),
    ("skip to content", Match::Whole),
    ("subscribe", Match::Leads),
    ("tags", Match::Leads),
    ("trending", Match::Whole),
    ("tweet", Match::Whole),
    ("اترك تعليقا", Match::Whole),
    ("اخبار ذات صله", Match::Leads),
    ("ارسال لصديق", Match::Whole),
    ("ارسل لصديق", Match::Whole),
    ("اشترك", Match::Leads),
    ("اضغط هنا", Match::Leads),
    ("اضف تعليق", Match::Whole),
    ("اعلان", Match::Whole),
    ("اقرا المزيد", Match::Leads),
    ("اقرا ايضا", Match::Leads),
    ("الاكثر تداولا", Match::Whole),
    ("الاكثر قراءه", Match::Whole),
    ("الاكثر مشاهده", Match::Whole),
    ("التعليقات", Match::Whole),
    ("الرئيسيه", Match::Whole),
    ("المزيد", Match::Whole),
    ("الوسوم", Match::Leads),
    ("انقر هنا", Match::Leads),
    ("تابعنا", Match::Leads),
    ("تابعونا", Match::Leads),
    ("جميع الحقوق محفوظه", Match::Leads),
    ("خبر عاجل", Match::Whole),
    ("ذات صله", Match::Whole),
    ("شارك", Match::Leads),
    ("شارك الخبر", Match::Leads),
    ("شارك المقال", Match::Leads),
    ("شاهد ايضا", Match::Leads),
    ("طباعه", Match::Whole),
    ("عاجل", Match::Whole),
    ("كلمات مفتاحيه", Match::Leads),
    ("للمزيد", Match::Leads),
    ("مشاركه", Match::Whole),
    ("مقالات ذات صله", Match::Leads),
    ("مواضيع ذات صله", Match::Leads),
];

/// A line folded for comparison: Arabic folded as the glossary matcher folds it (hamza
/// seats, final ya, ta marbuta, harakat, tatweel), lower case, every run of
/// non-alphanumeric characters one space, trimmed.
pub fn fold(line: &str) -> String {
    let normalized = normalize_arabic(line);
    let mut out = String::with_capacity(normalized.text.len());
    let mut space = false;
    for c in normalized.text.chars() {
        // The Arabic letters (U+0621–U+064A, tatweel included) are letters without case:
        // the same answers as the Unicode tables, without their slow path.
        let arabic_letter = ('\u{0621}'..='\u{064A}').contains(&c);
        if arabic_letter || c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            if arabic_letter || c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            space = true;
        }
    }
    out
}

/// True when `line` (one line, any surrounding white space) is furniture by the
/// built-in phrase list.
pub fn is_furniture_phrase(line: &str) -> bool {
    if line.len() > MAX_LINE_BYTES {
        return false;
    }
    let folded = fold(line);
    phrase_match(&folded)
}

fn phrase_match(folded: &str) -> bool {
    if folded.is_empty() || folded.split(' ').count() > MAX_WORDS {
        return false;
    }
    PHRASES.iter().any(|&(phrase, how)| {
        folded == phrase
            || (how == Match::Leads
                && folded.len() > phrase.len()
                && folded.starts_with(phrase)
                && folded.as_bytes()[phrase.len()] == b' ')
    })
}

/// Short lines that the articles of one site share: learned from a folder of them.
#[derive(Clone, Debug, Default)]
pub struct SiteFurniture {
    lines: HashSet<String>,
    texts: usize,
}

impl SiteFurniture {
    /// Learns from the texts of one site (each text a whole article, one line per
    /// line of the page copy).
    pub fn learn<'a>(texts: impl IntoIterator<Item = &'a str>) -> SiteFurniture {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut n: usize = 0;
        for text in texts {
            n += 1;
            let mut seen = HashSet::new();
            for line in text.lines() {
                if let Some(key) = candidate(line) {
                    if seen.insert(key.clone()) {
                        *counts.entry(key).or_default() += 1;
                    }
                }
            }
        }
        let needed = 3.max(n.div_ceil(4_usize));
        SiteFurniture {
            lines: counts
                .into_iter()
                .filter(|&(_, c)| c >= needed)
                .map(|(line, _)| line)
                .collect(),
            texts: n,
        }
    }

    /// Adds what another site (or the other language of the same site) taught.
    pub fn merge(&mut self, other: SiteFurniture) {
        self.lines.extend(other.lines);
        self.texts += other.texts;
    }

    /// True when `line` is one of the learned lines.
    pub fn contains(&self, line: &str) -> bool {
        !self.lines.is_empty() && candidate(line).is_some_and(|key| self.lines.contains(&key))
    }

    /// How many lines were learned, and from how many texts.
    pub fn len(&self) -> usize {
        self.lines.len()
    }
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
    pub fn texts(&self) -> usize {
        self.texts
    }
}

/// The folded form of a line that may be site furniture: short, with a letter (a date
/// line repeated by every article of one day is not furniture).
fn candidate(line: &str) -> Option<String> {
    if line.len() > MAX_LINE_BYTES {
        return None;
    }
    let folded = fold(line);
    let words = folded.split(' ').filter(|w| !w.is_empty()).count();
    (words > 0 && words <= MAX_WORDS && folded.chars().any(char::is_alphabetic)).then_some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_letters_fold_as_the_unicode_tables_say() {
        for c in '\u{0621}'..='\u{064A}' {
            assert!(c.is_alphanumeric(), "{c:?}");
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn phrases_are_sorted_folded_and_unique() {
        let mut seen = HashSet::new();
        for (phrase, _) in PHRASES {
            assert_eq!(fold(phrase), *phrase, "phrase not folded");
            assert!(seen.insert(*phrase), "duplicate {phrase}");
        }
        let phrases: Vec<&str> = PHRASES.iter().map(|p| p.0).collect();
        let mut sorted = phrases.clone();
        sorted.sort_unstable();
        assert_eq!(phrases, sorted);
    }

    #[test]
    fn the_sample_articles_furniture_is_found() {
        assert!(is_furniture_phrase("إقرأ المزيد في: الخليج والعالم"));
        assert!(is_furniture_phrase("خبر عاجل"));
        assert!(is_furniture_phrase("  Share this article  "));
        assert!(is_furniture_phrase("READ MORE »"));
        assert!(is_furniture_phrase("شارك:"));
    }

    #[test]
    fn text_that_only_contains_a_phrase_is_not_furniture() {
        // A news flash is content, and so is a sentence that starts like a phrase.
        assert!(!is_furniture_phrase("عاجل: بوتين يعلن التعبئة"));
        assert!(!is_furniture_phrase(
            "Breaking news: the talks have collapsed"
        ));
        assert!(!is_furniture_phrase(
            "Share prices fell sharply on Monday after the central bank raised its rates"
        ));
        assert!(!is_furniture_phrase("وأضاف أن بيرنز لا يجري أي مفاوضات"));
        assert!(!is_furniture_phrase(""));
    }

    #[test]
    fn lines_every_article_of_a_site_repeats_are_learned() {
        let articles = [
            "الرئيسية\nأخبار العالم\nأنقرة تستضيف اجتماعا\n14/11/2022\nنص أول.",
            "الرئيسية\nأخبار العالم\nموسكو ترد\n14/11/2022\nنص ثان.",
            "الرئيسية\nأخبار العالم\nواشنطن تنفي\n14/11/2022\nنص ثالث.",
            "الرئيسية\nاقتصاد\nالنفط يرتفع\n15/11/2022\nنص رابع.",
        ];
        let site = SiteFurniture::learn(articles);
        assert!(site.contains("أخبار العالم"));
        assert!(site.contains("  الرئيسية "));
        assert!(!site.contains("أنقرة تستضيف اجتماعا"));
        // No letters: a date shared by one day's articles is not furniture.
        assert!(!site.contains("14/11/2022"));
        assert_eq!(site.texts(), 4);
    }
}
