//! How many misspelled names the checker finds: one name per English document misspelled
//! by a seeded generator (a letter doubled, dropped, swapped with the next, or replaced),
//! the misspelled pair checked, and the finding looked for. The same documents checked as
//! they are count the false alarms. `qarin eval check` prints the figures.
//!
//! A *name* here is what an English reader sees as one: a capitalised word inside a
//! sentence (not its first word, not in a headline where every word is capitalised), of
//! at least five letters, not an acronym, not a title, month or day. That covers persons,
//! places, nationality adjectives and institutions alike, and does not depend on the
//! glossary under test, so a bigger glossary cannot choose easier targets.
//!
//! The first letter is never touched: a typo rarely hits it, and one that does is usually
//! another name (`Burns`/`Turns`).

use super::{CheckConfig, Checker};
use crate::align::eval::SplitMix;
use crate::model::{Bitext, Document, Finding, Link, Severity};
use std::ops::Range;

/// The four slips of a typist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slip {
    Doubled,
    Dropped,
    Swapped,
    Replaced,
}

impl Slip {
    pub const ALL: [Slip; 4] = [Slip::Doubled, Slip::Dropped, Slip::Swapped, Slip::Replaced];

    pub fn name(self) -> &'static str {
        match self {
            Slip::Doubled => "doubled",
            Slip::Dropped => "dropped",
            Slip::Swapped => "swapped",
            Slip::Replaced => "replaced",
        }
    }
}

/// One misspelling planted in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planted {
    /// The target sentence it is in.
    pub sentence: u32,
    /// Byte range of the misspelled word in that sentence, after planting.
    pub span: Range<usize>,
    pub original: String,
    pub written: String,
    pub slip: Slip,
}

/// Capitalised words that are not names, though English capitalises them mid-sentence.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "Admiral", "Ambassador", "April", "August", "Bishop", "Captain", "Chairman", "Chairwoman",
    "Chancellor", "Chief", "Colonel", "Commander", "Commissioner", "Dame", "December",
    "Deputy", "Director", "Doctor", "February", "Friday", "General", "Governor", "January",
    "Judge", "Justice", "Leader", "Lieutenant", "March", "Mayor", "Minister", "Monday",
    "November", "October", "Officer", "President", "Prime", "Prince", "Princess", "Professor",
    "Queen", "Saturday", "Secretary", "Senator", "September", "Sergeant", "Sheikh", "Speaker",
    "Sunday", "Thursday", "Tuesday", "Wednesday",
];

/// Every word of `doc` that may carry a planted misspelling: (sentence, byte range).
pub fn name_candidates(doc: &Document) -> Vec<(u32, Range<usize>)> {
    use crate::text::tokens::latin_tokens;
    let mut out = Vec::new();
    for (i, segment) in doc.segments.iter().enumerate() {
        let words = latin_tokens(&segment.text);
        let long: Vec<_> = words.iter().filter(|(_, w)| w.len() >= 4).collect();
        let capitalised = long
            .iter()
            .filter(|(_, w)| w.starts_with(|c: char| c.is_uppercase()))
            .count();
        // A headline capitalises every word and ends without a full stop: nothing there
        // says "name".
        let ends_as_prose = segment
            .text
            .trim_end()
            .ends_with(['.', '!', '?', '"', '\'', '\u{201d}', '\u{2019}', ')']);
        if !ends_as_prose && !long.is_empty() && capitalised * 4 >= long.len() * 3 {
            continue;
        }
        for (span, word) in words.iter().skip(1) {
            let upper = word.chars().filter(|c| c.is_uppercase()).count();
            if word.len() >= 5
                && upper == 1
                && word.starts_with(|c: char| c.is_ascii_uppercase())
                && word.chars().all(|c| c.is_ascii_alphabetic())
                && NOT_NAMES.binary_search(word).is_err()
            {
                out.push((i as u32, span.clone()));
            }
        }
    }
    out
}

fn pick(rng: &mut SplitMix, n: usize) -> usize {
    ((rng.next_f64() * n as f64) as usize).min(n.saturating_sub(1))
}

/// `word` with `slip` applied at a random place after the first letter (ASCII letters
/// only); `None` when the slip cannot change this word.
pub fn misspell(word: &str, slip: Slip, rng: &mut SplitMix) -> Option<String> {
    let mut letters: Vec<u8> = word.bytes().collect();
    let n = letters.len();
    if n < 3 {
        return None;
    }
    match slip {
        Slip::Doubled => {
            let p = 1 + pick(rng, n - 1);
            letters.insert(p, letters[p]);
        }
        Slip::Dropped => {
            let p = 1 + pick(rng, n - 1);
            letters.remove(p);
        }
        Slip::Swapped => {
            let options: Vec<usize> = (1..n - 1)
                .filter(|&p| letters[p] != letters[p + 1])
                .collect();
            if options.is_empty() {
                return None;
            }
            let p = options[pick(rng, options.len())];
            letters.swap(p, p + 1);
        }
        Slip::Replaced => {
            let p = 1 + pick(rng, n - 1);
            let old = letters[p].to_ascii_lowercase();
            let mut new = b'a' + pick(rng, 25) as u8;
            if new >= old {
                new += 1;
            }
            letters[p] = new;
        }
    }
    let out = String::from_utf8(letters).ok()?;
    (out != word).then_some(out)
}

/// Plants one misspelling in `doc`: a random occurrence of a name candidate, a random
/// slip. `None` when the document has no candidate.
pub fn plant(doc: &Document, rng: &mut SplitMix) -> Option<(Document, Planted)> {
    let candidates = name_candidates(doc);
    if candidates.is_empty() {
        return None;
    }
    for _ in 0..16 {
        let (sentence, span) = candidates[pick(rng, candidates.len())].clone();
        let slip = Slip::ALL[pick(rng, Slip::ALL.len())];
        let text = &doc.segments[sentence as usize].text;
        let original = &text[span.clone()];
        let Some(written) = misspell(original, slip, rng) else {
            continue;
        };
        // A slip that makes another word of the same document is not a misspelling a
        // reader could see (`Austria` → `Austra` is still fine; `Sudan` → `Susan` is not).
        let seen = doc.segments.iter().any(|s| {
            crate::text::tokens::latin_tokens(&s.text)
                .iter()
                .any(|(_, w)| *w == written)
        });
        if seen {
            continue;
        }
        let mut planted = doc.clone();
        let new_text = format!("{}{}{}", &text[..span.start], written, &text[span.end..]);
        planted.segments[sentence as usize].text = new_text;
        let new_span = span.start..span.start + written.len();
        return Some((
            planted,
            Planted {
                sentence,
                span: new_span,
                original: original.to_string(),
                written,
                slip,
            },
        ));
    }
    None
}

/// The bitext of a document pair read one sentence per line, linked line by line (as NTREX
/// is built).
pub fn line_linked(source: Document, target: Document) -> Bitext {
    let n = source.segments.len().min(target.segments.len()) as u32;
    Bitext {
        source,
        target,
        links: (0..n).map(|i| Link::new(i..i + 1, i..i + 1, 1.0)).collect(),
        verdict: None,
    }
}

/// What became of one planted misspelling.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub document: usize,
    pub planted: Planted,
    /// The finding that names the misspelled word (its `found`), if any.
    pub caught: Option<(String, Severity)>,
    /// The message of that finding, for reading the misses and the catches.
    pub message: Option<String>,
    /// Some new warning or error on the planted sentence's link, when none names the word
    /// (`name-missing`: the checker saw the name go, not the misspelling).
    pub flagged: Option<(String, Severity)>,
    /// Whether a glossary form covers the original word in the clean document.
    pub listed: bool,
    /// Errors in the misspelled document that are not about the planted word.
    pub other_errors: usize,
}

/// The figures of one run over many document pairs.
#[derive(Clone, Debug, Default)]
pub struct Run {
    pub outcomes: Vec<Outcome>,
    /// Documents checked as they are.
    pub clean_documents: usize,
    /// Error-level findings on each (false alarms, unless the translation is wrong).
    pub clean_errors: Vec<usize>,
    pub clean_errors_by_rule: std::collections::BTreeMap<String, usize>,
    /// Warnings on each clean document, and by rule over all.
    pub clean_warnings: Vec<usize>,
    pub clean_warnings_by_rule: std::collections::BTreeMap<String, usize>,
    /// Documents with no candidate word.
    pub skipped: usize,
}

fn serious(f: &Finding) -> bool {
    matches!(f.severity, Severity::Error | Severity::Warning)
}

/// Plants one misspelling in each target document of `pairs` (seeded by `seed` and the
/// document's position, so a document's slip does not depend on the others), checks clean
/// and planted pairs, and says what was found.
pub fn run(checker: &Checker<'_>, config: &CheckConfig, pairs: &[Bitext], seed: u64) -> Run {
    let mut run = Run::default();
    for (k, pair) in pairs.iter().enumerate() {
        let clean = checker.check(pair, config);
        run.clean_documents += 1;
        run.clean_errors.push(0);
        run.clean_warnings.push(0);
        for f in clean
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
        {
            run.clean_warnings[k] += 1;
            *run.clean_warnings_by_rule
                .entry(f.rule.clone())
                .or_default() += 1;
        }
        for f in clean
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
        {
            run.clean_errors[k] += 1;
            *run.clean_errors_by_rule.entry(f.rule.clone()).or_default() += 1;
        }
        let mut rng = SplitMix::new(seed.wrapping_mul(0x9E37_79B9).wrapping_add(k as u64));
        let Some((target, planted)) = plant(&pair.target, &mut rng) else {
            run.skipped += 1;
            continue;
        };
        let listed = checker
            .matcher
            .find(
                &pair.target.segments[planted.sentence as usize].text,
                &pair.target.lang,
            )
            .iter()
            .any(|m| m.span.start <= planted.span.start && planted.span.start < m.span.end);
        let mut misspelled = pair.clone();
        misspelled.target = target;
        let report = checker.check(&misspelled, config);
        let on_word = |f: &Finding| {
            f.found
                .as_deref()
                .is_some_and(|w| w.split_whitespace().any(|x| x == planted.written))
                && f.target
                    .as_ref()
                    .is_some_and(|t| t.index == planted.sentence)
        };
        let catch = report
            .findings
            .iter()
            .filter(|f| serious(f) && on_word(f))
            .min_by_key(|f| f.severity != Severity::Error);
        let caught = catch.map(|f| (f.rule.clone(), f.severity));
        let message = catch.map(|f| f.message.clone());
        let link = pair
            .links
            .iter()
            .position(|l| l.tgt.contains(&planted.sentence))
            .map(|l| l as u32);
        let key = |f: &Finding| (f.rule.clone(), f.entity.clone(), f.link);
        let before: Vec<_> = clean.findings.iter().map(key).collect();
        let flagged = report
            .findings
            .iter()
            .filter(|f| serious(f) && f.link == link && link.is_some())
            .find(|f| !before.contains(&key(f)))
            .map(|f| (f.rule.clone(), f.severity));
        let other_errors = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && !on_word(f))
            .count();
        run.outcomes.push(Outcome {
            document: k,
            planted,
            caught,
            message,
            flagged,
            listed,
            other_errors,
        });
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn slips_change_one_letter_after_the_first() {
        let mut rng = SplitMix::new(3);
        for slip in Slip::ALL {
            for _ in 0..50 {
                let out = misspell("Indonesia", slip, &mut rng).unwrap();
                assert!(out.starts_with('I'), "{out}");
                assert_ne!(out, "Indonesia");
                let d =
                    crate::check::fuzzy::damerau_levenshtein(&out.to_lowercase(), "indonesia", 3);
                assert_eq!(d, 1, "{slip:?} {out}");
            }
        }
    }

    #[test]
    fn candidates_skip_first_words_headlines_titles_and_acronyms() {
        let doc = Document::from_sentences(
            Lang::english(),
            &[
                "Rescuers Find Body Of Missing Climber In Scotland",
                "Police said President Widodo met NATO officials in Jakarta on Monday.",
            ],
        );
        let words: Vec<&str> = name_candidates(&doc)
            .into_iter()
            .map(|(s, r)| &doc.segments[s as usize].text[r])
            .collect();
        assert_eq!(words, ["Widodo", "Jakarta"]);
    }

    #[test]
    fn planting_is_reproducible_and_changes_one_word() {
        let doc = Document::from_sentences(
            Lang::english(),
            &["It was said in Jakarta that Indonesia and Malaysia agree."],
        );
        let a = plant(&doc, &mut SplitMix::new(9)).unwrap();
        let b = plant(&doc, &mut SplitMix::new(9)).unwrap();
        assert_eq!(a.1, b.1);
        let text = &a.0.segments[0].text;
        assert_eq!(&text[a.1.span.clone()], a.1.written);
        assert_ne!(text, &doc.segments[0].text);
    }
}
