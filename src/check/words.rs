//! An English word list: which capitalised words are real words or known names, and which
//! known words are one slip away from a word that is not.
//!
//! The built-in list (`glossaries/words-en.txt`, SCOWL's US and UK lists with proper
//! nouns, 137,000 words) is compiled in as text and searched in place: lines are sorted by
//! their ASCII-lower-cased bytes, so a lookup is a binary search over the text with no
//! table to build, and a process that never checks a name pays nothing for it. A desk's
//! own list is read by [`WordList::parse`]: one word per line, `#` comments, or a hunspell
//! `.dic` file (a count on the first line, `word/FLAGS`; flags are not expanded).

use crate::error::{Error, Result};
use std::borrow::Cow;
use std::cmp::Ordering;

/// A sorted list of words (see the module note).
#[derive(Clone, Debug)]
pub struct WordList {
    /// Words one per line, sorted by [`key_cmp`], no comments.
    text: Cow<'static, str>,
    /// Where each line starts: made on the first lookup (under a millisecond), so a
    /// process that checks no name does not pay for it.
    starts: std::sync::OnceLock<Index>,
    /// Which letter triples some word of the list has ([`WordList::has_unseen_triple`]),
    /// made on first use like `starts`.
    triples: std::sync::OnceLock<Triples>,
}

/// Letter triples of the list's words, with `^` before and `$` after each word: one bit
/// for each of 28³ triples (a–z, `^`, `$`). 2.7 KB.
#[derive(Clone, Debug)]
struct Triples(Vec<u64>);

const EDGE_START: usize = 26;
const EDGE_END: usize = 27;

/// The letter codes of a word padded as [`Triples`] reads it; `None` when the word has a
/// character that is not an ASCII letter (the table says nothing about it).
fn triple_codes(word: &str) -> Option<Vec<usize>> {
    let mut codes = Vec::with_capacity(word.len() + 3);
    codes.extend([EDGE_START, EDGE_START]);
    for b in word.bytes() {
        if !b.is_ascii_alphabetic() {
            return None;
        }
        codes.push((b.to_ascii_lowercase() - b'a') as usize);
    }
    codes.push(EDGE_END);
    Some(codes)
}

fn triple_index(t: &[usize]) -> usize {
    (t[0] * 28 + t[1]) * 28 + t[2]
}

impl Triples {
    fn of(text: &str) -> Triples {
        let mut bits = vec![0u64; (28usize * 28 * 28).div_ceil(64)];
        for word in text.lines() {
            let Some(codes) = triple_codes(word) else {
                continue;
            };
            for t in codes.windows(3) {
                let i = triple_index(t);
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        Triples(bits)
    }

    fn has(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

/// Line starts, and for each first two bytes (ASCII-lower-cased) the lines that begin so.
#[derive(Clone, Debug)]
struct Index {
    starts: Vec<u32>,
    /// `buckets[a * 256 + b]` is the first line whose key is not less than `[a, b]`.
    buckets: Vec<u32>,
}

const BUILTIN: &str = include_str!("../../glossaries/words-en.txt");

fn lower(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

/// The order of the list: ASCII letters compared without case, other bytes as they are.
fn key_cmp(a: &[u8], b: &[u8]) -> Ordering {
    a.iter().map(|&c| lower(c)).cmp(b.iter().map(|&c| lower(c)))
}

impl WordList {
    /// The built-in list.
    pub fn builtin() -> &'static WordList {
        static LIST: std::sync::OnceLock<WordList> = std::sync::OnceLock::new();
        LIST.get_or_init(|| {
            // The notice at the top is comment lines; the words start after it.
            let mut start = 0;
            for line in BUILTIN.split_inclusive('\n') {
                if !line.starts_with('#') {
                    break;
                }
                start += line.len();
            }
            WordList {
                text: Cow::Borrowed(&BUILTIN[start..]),
                starts: std::sync::OnceLock::new(),
                triples: std::sync::OnceLock::new(),
            }
        })
    }

    /// A list with no word: every capitalised word is unknown to it.
    pub fn empty() -> WordList {
        WordList {
            text: Cow::Borrowed(""),
            starts: std::sync::OnceLock::new(),
            triples: std::sync::OnceLock::new(),
        }
    }

    /// Adds the words of `other` (a desk's own list on top of the built-in one): the
    /// union, sorted as searched.
    pub fn merge(&mut self, other: &WordList) {
        if other.is_empty() {
            return;
        }
        if self.is_empty() {
            *self = other.clone();
            return;
        }
        let mut words: Vec<&str> = self.text.lines().chain(other.text.lines()).collect();
        words.sort_by(|a, b| key_cmp(a.as_bytes(), b.as_bytes()).then(a.cmp(b)));
        words.dedup();
        let mut text = words.join("\n");
        text.push('\n');
        *self = WordList {
            text: Cow::Owned(text),
            starts: std::sync::OnceLock::new(),
            triples: std::sync::OnceLock::new(),
        };
    }

    /// Reads a word list: every problem, with its line number (1-based). Blank lines and
    /// `#` comments are skipped; a first line that is only a number is a hunspell count.
    pub fn parse(text: &str) -> std::result::Result<WordList, Vec<Error>> {
        let mut words: Vec<&str> = Vec::new();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if i == 0 && line.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            // hunspell: `word/FLAGS`, possibly followed by morphological fields.
            let word = line.split('/').next().unwrap_or("");
            let word = word.split('\t').next().unwrap_or("");
            if word.is_empty() {
                errors.push(
                    Error::syntax(format!(
                        "\u{201c}{line}\u{201d} has no word before its flags; write the word first (word/FLAGS)"
                    ))
                    .at_line(line_no),
                );
            } else if let Some(c) = word.chars().find(|c| c.is_whitespace() || c.is_control()) {
                errors.push(
                    Error::syntax(format!(
                        "\u{201c}{word}\u{201d} holds {}; one word per line (a name of several words is a glossary entry)",
                        if c.is_whitespace() { "a space".to_string() } else { format!("the control character U+{:04X}", c as u32) }
                    ))
                    .at_line(line_no),
                );
            } else if !word.chars().any(char::is_alphabetic) {
                errors.push(
                    Error::syntax(format!(
                        "\u{201c}{word}\u{201d} has no letter; a word list holds words"
                    ))
                    .at_line(line_no),
                );
            } else {
                words.push(word);
            }
        }
        if words.is_empty() && errors.is_empty() {
            errors.push(Error::syntax(
                "the word list has no word; write one word per line".to_string(),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        words.sort_by(|a, b| key_cmp(a.as_bytes(), b.as_bytes()).then(a.cmp(b)));
        words.dedup();
        let mut text = words.join("\n");
        text.push('\n');
        Ok(WordList {
            text: Cow::Owned(text),
            starts: std::sync::OnceLock::new(),
            triples: std::sync::OnceLock::new(),
        })
    }

    /// Reads a word list file; the first problem names the file and line.
    pub fn from_path(path: &std::path::Path) -> Result<WordList> {
        let text = crate::io::read_text(path)?;
        WordList::parse(&text).map_err(|mut errors| {
            let more = errors.len() - 1;
            let mut first = errors.swap_remove(0).with_path(path);
            if more > 0 {
                if let crate::error::ErrorKind::Syntax(m) = &mut first.kind {
                    m.push_str(&format!(" ({more} more problems in this file)"));
                }
            }
            first
        })
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        if self.text.is_empty() {
            0
        } else {
            self.starts().len()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn index(&self) -> &Index {
        self.starts.get_or_init(|| {
            let text = self.text.as_bytes();
            let mut starts = vec![0u32];
            starts.extend(
                memchr::memchr_iter(b'\n', text)
                    .map(|p| p as u32 + 1)
                    .filter(|&p| (p as usize) < text.len()),
            );
            // Keys of two bytes, in order; a one-letter line sorts before its bucket's
            // two-letter lines, so it is found from the bucket of (letter, 0).
            let key = |i: usize| -> usize {
                let s = starts[i] as usize;
                let a = text.get(s).map_or(0, |&b| lower(b)) as usize;
                let b = text
                    .get(s + 1)
                    .filter(|&&b| b != b'\n')
                    .map_or(0, |&b| lower(b)) as usize;
                a * 256 + b
            };
            let mut buckets = vec![starts.len() as u32; 256 * 256 + 1];
            for i in (0..starts.len()).rev() {
                buckets[key(i)] = i as u32;
            }
            for k in (0..256 * 256).rev() {
                buckets[k] = buckets[k].min(buckets[k + 1]);
            }
            Index { starts, buckets }
        })
    }

    fn starts(&self) -> &[u32] {
        &self.index().starts
    }

    fn line(&self, i: usize) -> &str {
        let starts = self.starts();
        let end = starts.get(i + 1).map_or_else(
            || self.text.len() - usize::from(self.text.ends_with('\n')),
            |&e| e as usize - 1,
        );
        &self.text[starts[i] as usize..end]
    }

    /// Every spelling of `word` in the list, letter case aside (`Polish`, `polish`).
    pub fn spellings<'a>(&'a self, word: &str) -> impl Iterator<Item = &'a str> + 'a {
        let key = word.as_bytes();
        // An empty list has no line (its index would hold one empty line).
        let n = if self.is_empty() {
            0
        } else {
            self.starts().len()
        };
        let bucket = |k: &[u8]| -> usize {
            let a = k.first().map_or(0, |&b| lower(b)) as usize;
            let b = k.get(1).map_or(0, |&b| lower(b)) as usize;
            a * 256 + b
        };
        let b = bucket(key);
        let buckets = &self.index().buckets;
        let first = {
            let (mut lo, mut hi) = (buckets[b] as usize, buckets[b + 1] as usize);
            // A key that is one byte long may sort before the bucket's start.
            if key.len() < 2 {
                lo = 0;
            }
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if key_cmp(self.line(mid).as_bytes(), key) == Ordering::Less {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        let count = (first..n)
            .take_while(|&i| key_cmp(self.line(i).as_bytes(), key) == Ordering::Equal)
            .count();
        (first..first + count).map(move |i| self.line(i))
    }

    /// Whether `word` is in the list as written, or in lower case (`Senate`: `senate`;
    /// a sentence-initial `Polish` is fine too). `iPhone` is not `Iphone`.
    pub fn knows(&self, word: &str) -> bool {
        let mut chars = word.chars();
        let lowered: Option<String> = chars
            .next()
            .filter(|c| c.is_uppercase() && !chars.clone().any(char::is_uppercase))
            .map(|first| first.to_lowercase().chain(chars).collect());
        self.spellings(word)
            .any(|s| s == word || lowered.as_deref() == Some(s))
    }

    /// Whether the list has `word` in lower case, as a common word (`assembly`,
    /// `council`), not only as a name (`Harrington`, `Thelma`).
    pub fn knows_as_common_word(&self, word: &str) -> bool {
        self.spellings(word)
            .any(|s| s.chars().next().is_some_and(char::is_lowercase))
    }

    /// Whether `word` has a run of three letters (counting the start and the end of the
    /// word as letters) that no word of the list has: `Mayrland` (`yrl`), `Pittsubrgh`
    /// (`brg`), `Assemlby` (`mlb`), `Nrth` (`nrt`), which a typist's slip makes and English
    /// spelling does not. Words of other letters than a–z: `false`.
    pub fn has_unseen_triple(&self, word: &str) -> bool {
        let Some(codes) = triple_codes(word) else {
            return false;
        };
        let triples = self.triples.get_or_init(|| Triples::of(&self.text));
        codes.windows(3).any(|t| !triples.has(triple_index(t)))
    }

    /// Known words one edit (a letter added, dropped, replaced, or two neighbours swapped)
    /// from `word`, its first letter kept, as the list writes them: the spellings a slip
    /// on `word` may have come from. `word` is ASCII-folded for the edits; a word with
    /// other letters has none.
    pub fn one_edit_from<'a>(&'a self, word: &str) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = Vec::new();
        if !word.is_ascii() || word.len() < 3 {
            return out;
        }
        let w: Vec<u8> = word.bytes().collect();
        let probe = |candidate: &[u8], out: &mut Vec<&'a str>| {
            let Ok(c) = std::str::from_utf8(candidate) else {
                return;
            };
            for s in self.spellings(c) {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        };
        let mut buf: Vec<u8> = Vec::with_capacity(w.len() + 1);
        // Dropped letter in the word: the list word has one more.
        for p in 1..=w.len() {
            for c in b'a'..=b'z' {
                buf.clear();
                buf.extend_from_slice(&w[..p]);
                buf.push(c);
                buf.extend_from_slice(&w[p..]);
                probe(&buf, &mut out);
            }
        }
        // Added letter: the list word has one fewer.
        for p in 1..w.len() {
            buf.clear();
            buf.extend_from_slice(&w[..p]);
            buf.extend_from_slice(&w[p + 1..]);
            probe(&buf, &mut out);
        }
        // Replaced letter.
        for p in 1..w.len() {
            for c in b'a'..=b'z' {
                if lower(w[p]) == c {
                    continue;
                }
                buf.clear();
                buf.extend_from_slice(&w);
                buf[p] = c;
                probe(&buf, &mut out);
            }
        }
        // Swapped neighbours.
        for p in 1..w.len().saturating_sub(1) {
            if w[p] == w[p + 1] {
                continue;
            }
            buf.clear();
            buf.extend_from_slice(&w);
            buf.swap(p, p + 1);
            probe(&buf, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_is_sorted_as_searched() {
        let list = WordList::builtin();
        assert!(list.len() > 100_000);
        let lines: Vec<&str> = list.text.lines().collect();
        for pair in lines.windows(2) {
            assert_ne!(
                key_cmp(pair[0].as_bytes(), pair[1].as_bytes()),
                Ordering::Greater,
                "{} before {}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn knows_words_and_names_in_either_case_at_a_sentence_start() {
        let list = WordList::builtin();
        for w in [
            "Indonesia",
            "Chilean",
            "Senate",
            "Harvard",
            "Polish",
            "polish",
            "The",
        ] {
            assert!(list.knows(w), "{w}");
        }
        for w in [
            "Indunesia",
            "Chileae",
            "Scotttish",
            "Naryshkin",
            "indonesia",
            "CHILEAN",
        ] {
            assert!(!list.knows(w), "{w}");
        }
    }

    #[test]
    fn one_edit_finds_the_intended_word() {
        let list = WordList::builtin();
        for (slip, meant) in [
            ("Indunesia", "Indonesia"),
            ("Chileae", "Chilean"),
            ("Scotttish", "Scottish"),
            ("Britihs", "British"),
            ("Europena", "European"),
            ("Harvad", "Harvard"),
        ] {
            let found = list.one_edit_from(slip);
            assert!(found.contains(&meant), "{slip}: {found:?}");
        }
    }

    #[test]
    fn reader_reads_plain_lists_and_hunspell_dic() {
        let list = WordList::parse("# desk names\nKavanaugh\nValderrama\n\nzebra\n").unwrap();
        assert_eq!(list.len(), 3);
        assert!(list.knows("Kavanaugh") && list.knows("Valderrama") && list.knows("Zebra"));
        let dic = WordList::parse("2\nNaryshkin/M\nPeskov/MS\n").unwrap();
        assert!(dic.knows("Naryshkin") && dic.knows("Peskov"));
        assert!(!dic.knows("2"));
    }

    #[test]
    fn reader_reports_every_bad_line_with_its_number() {
        let errors = WordList::parse("Kavanaugh\nNew York\n/MS\n1234\nok\u{7}\n").unwrap_err();
        let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4), Some(5)]);
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(text[0].contains("a space"), "{}", text[0]);
        assert!(text[1].contains("no word before its flags"), "{}", text[1]);
        assert!(text[2].contains("no letter"), "{}", text[2]);
        assert!(text[3].contains("U+0007"), "{}", text[3]);
        let empty = WordList::parse("# nothing\n\n").unwrap_err();
        assert!(empty[0].to_string().contains("no word"));
    }

    #[test]
    fn a_desk_list_adds_to_the_built_in_one_and_an_empty_list_knows_nothing() {
        let mut list = WordList::builtin().clone();
        assert!(!list.knows("Kavanaugh") && !list.knows("Valderrama"));
        let before = list.len();
        list.merge(&WordList::parse("Valderrama\nKavanaugh\nIndonesia\n").unwrap());
        assert!(list.knows("Kavanaugh") && list.knows("Valderrama"));
        // Indonesia was known already: counted once.
        assert_eq!(list.len(), before + 2);
        assert!(list.knows("Indonesia") && list.knows("Harvard"));
        // Still sorted as searched: a slip on a desk word finds it.
        assert!(list.one_edit_from("Kavanuagh").contains(&"Kavanaugh"));
        let empty = WordList::empty();
        assert!(empty.is_empty());
        assert_eq!(empty.len(), 0);
        assert!(!empty.knows("Indonesia") && empty.one_edit_from("Indunesia").is_empty());
        let mut desk_only = WordList::empty();
        desk_only.merge(&WordList::parse("Kavanaugh\n").unwrap());
        assert!(desk_only.knows("Kavanaugh") && !desk_only.knows("Indonesia"));
    }

    #[test]
    fn common_words_are_told_from_names() {
        let list = WordList::builtin();
        assert!(list.knows_as_common_word("Assembly") && list.knows_as_common_word("council"));
        assert!(!list.knows_as_common_word("Harrington") && !list.knows_as_common_word("Thelma"));
    }

    #[test]
    fn letter_triples_no_english_word_has_are_seen_as_slips() {
        let list = WordList::builtin();
        for slip in [
            "Mayrland",
            "Pittsubrgh",
            "Assemlby",
            "Nrth",
            "Mjmbers",
            "Mddleton",
        ] {
            assert!(list.has_unseen_triple(slip), "{slip}");
        }
        for word in [
            "Maryland",
            "Pittsburgh",
            "Assembly",
            "North",
            "Valderrama",
            "Naryshkin",
        ] {
            assert!(!list.has_unseen_triple(word), "{word}");
        }
        // Letters the table does not cover say nothing.
        assert!(!list.has_unseen_triple("Erdoğan") && !list.has_unseen_triple("O'Neill"));
        // A desk's word counts: its letters are English enough.
        let mut desk = list.clone();
        desk.merge(&WordList::parse("Nrthwick\n").unwrap());
        assert!(!desk.has_unseen_triple("Nrth"));
    }

    #[test]
    fn reading_a_file_names_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.txt");
        std::fs::write(&path, "fine\nnot fine\nalso bad\n").unwrap();
        let e = WordList::from_path(&path).unwrap_err().to_string();
        assert!(e.contains("desk.txt:2"), "{e}");
        assert!(e.contains("1 more"), "{e}");
    }
}
