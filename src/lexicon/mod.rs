//! The Arabic–English word lexicon: what ordinary words of one side are rendered with on
//! the other, so the aligner sees that `أعلنت الوزارة` and `the ministry announced` say
//! the same thing even where no name or number does.
//!
//! A [`Lexicon`] holds entries (Arabic forms, English renderings, part of speech, domain)
//! from the built-in `glossaries/lexicon-ar-en.tsv` and from users' files in the same
//! format ([`Lexicon::from_path`]). Text meets it through [`Reader::renderings`]: Arabic
//! words are normalised ([`crate::text::arabic`]) and lightly stemmed ([`stem`]: a prefix or
//! suffix is stripped only when what is left is a listed form), English words are folded
//! to lemmas the same way, and multi-word forms (`كانون الثاني`, `prime minister`) match as
//! word sequences, longest first. Both sides come out as rendering ids: the Arabic side
//! every English rendering of its words, the English side the renderings it contains.

// Generated: kept as the codegen writes it.
#[rustfmt::skip]
mod builtin_codegen;
mod codegen;
pub mod stem;
mod table;
mod tsv;

use crate::error::Result;
use crate::model::Lang;
use crate::text::arabic::normalize_arabic;
use rustc_hash::FxHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::path::Path;
use table::Table;

pub use tsv::{parse_str, HEADER};

/// One row of a lexicon file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Undiacritised Arabic forms, lemma first; a form with a space is a multi-word form.
    pub ar: Vec<String>,
    /// English renderings in lemma form, the most common first.
    pub en: Vec<String>,
    /// Part of speech (`n`, `v`, `adj`, …); may be empty in a user's file.
    pub pos: String,
    pub domain: String,
    pub note: Option<String>,
}

impl Entry {
    /// What makes two rows the same entry: a lemma with a second sense has a second row
    /// with other renderings, so only the lemma, the part of speech and the renderings
    /// together say a row is repeated.
    pub fn identity(&self) -> (&str, &str, &[String]) {
        (
            self.ar.first().map_or("", String::as_str),
            &self.pos,
            &self.en,
        )
    }
}

/// Entries and the tables text is looked up in.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// `None` for the built-in lexicon until someone asks for its rows: aligning needs
    /// only the tables, which are compiled in.
    entries: Option<Vec<Entry>>,
    index: Index,
}

/// The look-up tables. Rendering ids are positions in `renderings`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Index {
    /// Folded English renderings (lemmas joined by one space), sorted.
    pub renderings: Table,
    /// Normalised Arabic form (words joined by one space) → rendering ids, sorted.
    pub arabic: Table,
    /// First word of a multi-word Arabic form → the most words such a form has.
    pub arabic_starts: Table,
    /// Lower-case one-word renderings as written: what an English word may be folded to.
    pub english_words: Table,
    /// First folded word of a multi-word rendering → the most words such a rendering has.
    pub english_starts: Table,
}

/// The built-in lexicon's text, compiled in.
pub const BUILTIN_TSV: &str = include_str!("../../glossaries/lexicon-ar-en.tsv");
/// The name errors in the built-in lexicon are reported under.
pub const BUILTIN_NAME: &str = "glossaries/lexicon-ar-en.tsv";

impl Lexicon {
    /// Builds a lexicon from entries, later rows adding to earlier ones.
    pub fn new(entries: Vec<Entry>) -> Lexicon {
        let index = Index::build(&entries);
        Lexicon {
            entries: Some(entries),
            index,
        }
    }

    /// The built-in Arabic–English news lexicon. Its tables are generated at compile
    /// time (`codegen.rs`), so a process pays nothing to have it.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| Lexicon {
            entries: None,
            index: builtin_codegen::index(),
        })
    }

    /// The built-in file's rows, read on first use.
    fn builtin_entries() -> &'static [Entry] {
        static ENTRIES: std::sync::OnceLock<Vec<Entry>> = std::sync::OnceLock::new();
        ENTRIES.get_or_init(|| {
            // The built-in file is checked by a test; a broken row there is a bug of this
            // crate, and an empty list is the safe answer.
            parse_str(BUILTIN_TSV, Path::new(BUILTIN_NAME))
                .map(|l| l.entries.unwrap_or_default())
                .unwrap_or_default()
        })
    }

    /// Reads a lexicon file (TSV with the header `ar en pos domain note`; only `ar` and
    /// `en` are required).
    pub fn from_path(path: &Path) -> Result<Lexicon> {
        let text = crate::io::read_text(path)?;
        parse_str(&text, path)
    }

    /// Whether a lexicon speaks for this pair of languages: Arabic on one side, English
    /// on the other, in either direction.
    pub fn applies(source: &Lang, target: &Lang) -> bool {
        let english = |l: &Lang| l.primary() == "en";
        (source.is_arabic() && english(target)) || (english(source) && target.is_arabic())
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.entries {
            Some(entries) => entries,
            None => Lexicon::builtin_entries(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.renderings.is_empty()
    }

    /// Adds `other`'s entries; an entry with the same identity replaces the earlier one.
    pub fn merge(&mut self, other: Lexicon) {
        let mut entries = match self.entries.take() {
            Some(entries) => entries,
            None => Lexicon::builtin_entries().to_vec(),
        };
        let mut at: HashMap<(String, String, Vec<String>), usize> = HashMap::new();
        for (k, e) in entries.iter().enumerate() {
            let (ar, pos, en) = e.identity();
            at.insert((ar.to_string(), pos.to_string(), en.to_vec()), k);
        }
        for e in other.entries().iter().cloned() {
            let (ar, pos, en) = e.identity();
            let key = (ar.to_string(), pos.to_string(), en.to_vec());
            match at.get(&key) {
                Some(&k) => entries[k] = e,
                None => {
                    at.insert(key, entries.len());
                    entries.push(e);
                }
            }
        }
        *self = Lexicon::new(entries);
    }

    /// The folded English rendering behind an id of [`Reader::renderings`].
    pub fn rendering(&self, id: u32) -> Option<&str> {
        let id = id as usize;
        (id < self.index.renderings.len()).then(|| self.index.renderings.key(id))
    }

    /// The listed form an Arabic word is read as (normalised), after stripping what the
    /// stemmer may strip; `None` when no candidate is listed.
    pub fn arabic_form(&self, word: &str) -> Option<String> {
        let word = normalize_arabic(word).text;
        stem::first_listed_arabic(&word, |c| {
            self.index.arabic.contains(c).then(|| c.to_string())
        })
    }

    /// The folded English renderings of an Arabic word (empty when it is not listed).
    pub fn arabic_renderings(&self, word: &str) -> Vec<&str> {
        self.arabic_form(word)
            .and_then(|form| self.index.arabic.list(&form))
            .map(|ids| ids.iter().filter_map(|&id| self.rendering(id)).collect())
            .unwrap_or_default()
    }

    /// The lemma an English word is folded to: the word itself (lower case) when it is a
    /// listed rendering or when no candidate is, else the first listed candidate.
    pub fn english_lemma(&self, word: &str) -> String {
        self.index.fold_english_word(word)
    }
}

impl Index {
    pub(crate) fn build(entries: &[Entry]) -> Index {
        let mut english_words: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for e in entries {
            for en in &e.en {
                let lower = lower_english(en);
                if !lower.contains(' ') {
                    english_words.insert(lower, Vec::new());
                }
            }
        }
        let mut index = Index {
            english_words: Table::from_lists(&english_words),
            ..Index::default()
        };
        // Each entry's folded renderings, then ids as positions in their sorted set.
        let folded: Vec<Vec<Vec<String>>> = entries
            .iter()
            .map(|e| {
                e.en.iter()
                    .map(|en| {
                        en.split_whitespace()
                            .map(|w| index.fold_english_word(w))
                            .collect::<Vec<String>>()
                    })
                    .filter(|words| !words.is_empty())
                    .collect()
            })
            .collect();
        let mut renderings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut english_starts: BTreeMap<String, u32> = BTreeMap::new();
        for words in folded.iter().flatten() {
            renderings.insert(words.join(" "), Vec::new());
            if words.len() > 1 {
                let slot = english_starts.entry(words[0].clone()).or_insert(0);
                *slot = (*slot).max(words.len() as u32);
            }
        }
        let id_of: HashMap<&str, u32> = renderings
            .keys()
            .enumerate()
            .map(|(k, r)| (r.as_str(), k as u32))
            .collect();
        let mut arabic: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut arabic_starts: BTreeMap<String, u32> = BTreeMap::new();
        for (e, words_of) in entries.iter().zip(&folded) {
            let ids: Vec<u32> = words_of
                .iter()
                .map(|w| id_of[w.join(" ").as_str()])
                .collect();
            for form in &e.ar {
                let normalized = normalize_arabic(form.trim()).text;
                let words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
                if words.is_empty() {
                    continue;
                }
                if words.len() > 1 {
                    let slot = arabic_starts.entry(words[0].to_string()).or_insert(0);
                    *slot = (*slot).max(words.len() as u32);
                }
                let list = arabic.entry(words.join(" ")).or_default();
                list.extend_from_slice(&ids);
                list.sort_unstable();
                list.dedup();
            }
        }
        index.renderings = Table::from_lists(&renderings);
        index.english_starts = Table::from_numbers(&english_starts);
        index.arabic = Table::from_lists(&arabic);
        index.arabic_starts = Table::from_numbers(&arabic_starts);
        index
    }

    /// A word's lemma: the first listed candidate of [`stem::english_candidates`] other
    /// than the word itself, so a listed inflected form (`announced`, `talks`, `held`)
    /// meets its lemma too; else the word. Words of their own that look inflected
    /// (`news`, `left`) have no other candidate.
    fn fold_english_word(&self, word: &str) -> String {
        let lower = lower_english(word);
        let mut candidates = stem::english_candidates(&lower).into_iter();
        let Some(word) = candidates.next() else {
            return lower;
        };
        candidates
            .find(|c| self.english_words.contains(c))
            .unwrap_or(word)
    }

    fn rendering_id(&self, folded: &str) -> Option<u32> {
        self.renderings.find(folded).map(|k| k as u32)
    }
}

/// Lower case with typographic apostrophes as `'`.
fn lower_english(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| {
            if matches!(c, '’' | '‘' | 'ʼ') {
                '\''
            } else {
                c
            }
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Word-keyed caches: short keys looked up once per word of the text, which need no
/// defence against chosen keys (SipHash's reason).
type WordMap<V> = HashMap<Box<str>, V, BuildHasherDefault<FxHasher>>;

/// What an Arabic word (normalised, as written) gives, worked out once per document.
#[derive(Default)]
struct ArabicWord {
    /// Renderings of the first listed candidate of its stems.
    ids: Box<[u32]>,
    /// Where a multi-word form may start in it: bytes of proclitics stripped (none first),
    /// and the most words such a form has.
    phrase_starts: Box<[(u8, u8)]>,
}

/// An English word folded to its lemma, interned: phrases are matched on these.
struct EnglishFold {
    lemma: Box<str>,
    rendering: Option<u32>,
    /// The most words of a rendering starting with this lemma (0: none).
    phrase_max: u32,
}

/// A number, a word of another script or a word that folds to nothing: breaks a phrase.
const BREAK: u32 = u32::MAX;

/// Reads sentences against a lexicon, remembering every word it has looked up: a
/// document repeats its words, and a word's candidates cost more than the table look-up.
/// One per side and thread; cheap to make.
pub struct Reader<'a> {
    lexicon: &'a Lexicon,
    arabic: WordMap<ArabicWord>,
    /// English word as written → its fold in `folds` (or [`BREAK`]).
    english: WordMap<u32>,
    /// Lemma → its position in `folds`.
    lemmas: WordMap<u32>,
    folds: Vec<EnglishFold>,
    /// Per word of the sentence being read: a position in `folds`, or [`BREAK`].
    folded: Vec<u32>,
    /// Per word of the sentence being read: its byte range in the normalised text.
    words: Vec<(usize, usize)>,
    buf: String,
}

impl<'a> Reader<'a> {
    pub fn new(lexicon: &'a Lexicon) -> Reader<'a> {
        Reader {
            lexicon,
            arabic: WordMap::default(),
            english: WordMap::default(),
            lemmas: WordMap::default(),
            folds: Vec::new(),
            folded: Vec::new(),
            words: Vec::new(),
            buf: String::new(),
        }
    }

    /// Appends to `out` the rendering ids `text` offers: in Arabic, every English
    /// rendering of each word or multi-word form it contains; in English, each word or
    /// multi-word rendering it contains. Other languages offer none. Sorted, no repeats.
    pub fn renderings(&mut self, text: &str, lang: &Lang, out: &mut Vec<u32>) {
        let start = out.len();
        if lang.is_arabic() {
            self.arabic_renderings(text, out);
        } else if lang.primary() == "en" {
            self.english_renderings(text, out);
        }
        out[start..].sort_unstable();
        let mut kept = start;
        for k in start..out.len() {
            if k == start || out[k] != out[kept - 1] {
                out[kept] = out[k];
                kept += 1;
            }
        }
        out.truncate(kept);
    }

    fn arabic_renderings(&mut self, text: &str, out: &mut Vec<u32>) {
        let index = &self.lexicon.index;
        let normalized = normalize_arabic(text).text;
        self.words.clear();
        let mut from = None;
        for (at, c) in normalized.char_indices() {
            if is_arabic_letter(c) {
                from.get_or_insert(at);
            } else if let Some(s) = from.take() {
                self.words.push((s, at));
            }
        }
        if let Some(s) = from {
            self.words.push((s, normalized.len()));
        }
        let words = &self.words;
        let mut i = 0;
        while i < words.len() {
            let (s, e) = words[i];
            let word = &normalized[s..e];
            if !self.arabic.contains_key(word) {
                self.arabic.insert(word.into(), look_up_arabic(index, word));
            }
            let found = &self.arabic[word];
            if !found.phrase_starts.is_empty() {
                let phrase = PhraseAt {
                    index,
                    text: &normalized,
                    words,
                    i,
                };
                if let Some(k) = phrase.find(&found.phrase_starts, &mut self.buf, out) {
                    i += k;
                    continue;
                }
            }
            out.extend_from_slice(&found.ids);
            i += 1;
        }
    }

    fn english_renderings(&mut self, text: &str, out: &mut Vec<u32>) {
        let index = &self.lexicon.index;
        self.folded.clear();
        for (_, w) in crate::text::tokens::words(text) {
            if !w.chars().any(|c| c.is_ascii_alphabetic()) {
                self.folded.push(BREAK);
                continue;
            }
            let fold = match self.english.get(w) {
                Some(&fold) => fold,
                None => {
                    let lemma = index.fold_english_word(&lower_english(w));
                    let fold = if lemma.is_empty() {
                        BREAK
                    } else if let Some(&fold) = self.lemmas.get(lemma.as_str()) {
                        fold
                    } else {
                        let fold = self.folds.len() as u32;
                        self.folds.push(EnglishFold {
                            rendering: index.rendering_id(&lemma),
                            phrase_max: index.english_starts.number(&lemma).unwrap_or(0),
                            lemma: lemma.as_str().into(),
                        });
                        self.lemmas.insert(lemma.into(), fold);
                        fold
                    };
                    self.english.insert(w.into(), fold);
                    fold
                }
            };
            self.folded.push(fold);
        }
        let mut i = 0;
        while i < self.folded.len() {
            let fold = self.folded[i];
            if fold == BREAK {
                i += 1;
                continue;
            }
            let fold = &self.folds[fold as usize];
            let mut taken = 1;
            let mut id = None;
            let max = (fold.phrase_max as usize).min(self.folded.len() - i);
            for k in (2..=max).rev() {
                let words = &self.folded[i..i + k];
                if words.contains(&BREAK) {
                    continue;
                }
                self.buf.clear();
                for (o, &w) in words.iter().enumerate() {
                    if o > 0 {
                        self.buf.push(' ');
                    }
                    self.buf.push_str(&self.folds[w as usize].lemma);
                }
                if let Some(found) = index.rendering_id(self.buf.as_str()) {
                    id = Some(found);
                    taken = k;
                    break;
                }
            }
            out.extend(id.or(fold.rendering));
            i += taken;
        }
    }
}

/// An Arabic word's renderings and the multi-word forms that may start in it.
fn look_up_arabic(index: &Index, word: &str) -> ArabicWord {
    let ids = stem::first_listed_arabic(word, |c| index.arabic.list(c))
        .map(Box::from)
        .unwrap_or_default();
    let phrase_starts = if index.arabic_starts.is_empty() {
        Box::default()
    } else {
        // The word as written, then without each proclitic chain (leaving two letters).
        std::iter::once(0)
            .chain(
                stem::PROCLITICS
                    .iter()
                    .filter(|p| {
                        word.strip_prefix(*p)
                            .is_some_and(|r| r.chars().count() >= 2)
                    })
                    .map(|p| p.len()),
            )
            .filter_map(|cut| {
                let max = index.arabic_starts.number(&word[cut..])?;
                Some((cut as u8, max.min(255) as u8))
            })
            .collect()
    };
    ArabicWord { ids, phrase_starts }
}

/// A multi-word Arabic form looked for at word `i` of a normalised sentence.
struct PhraseAt<'t> {
    index: &'t Index,
    text: &'t str,
    words: &'t [(usize, usize)],
    i: usize,
}

impl PhraseAt<'_> {
    /// The first word may carry proclitics (`starts`: bytes cut, most words), the others
    /// the article (adjectives agree: `الأزمة الاقتصادية`). Pushes the longest form's
    /// renderings and returns how many words it took.
    fn find(&self, starts: &[(u8, u8)], buf: &mut String, out: &mut Vec<u32>) -> Option<usize> {
        let (index, words, i) = (self.index, self.words, self.i);
        let word = |k: usize| &self.text[words[k].0..words[k].1];
        let longest = starts.iter().map(|&(_, k)| k as usize).max()?;
        let longest = longest.min(words.len() - i);
        for k in (2..=longest).rev() {
            for &(cut, max) in starts {
                if (max as usize) < k {
                    continue;
                }
                // Each later word as written or without its article: 2^(k-1) spellings.
                for mask in 0u32..(1 << (k - 1)) {
                    buf.clear();
                    buf.push_str(&word(i)[cut as usize..]);
                    let mut usable = true;
                    for o in 0..k - 1 {
                        let w = word(i + 1 + o);
                        let w = if mask & (1 << o) != 0 {
                            match w.strip_prefix("ال") {
                                Some(r) if r.chars().count() >= 2 => r,
                                _ => {
                                    usable = false;
                                    break;
                                }
                            }
                        } else {
                            w
                        };
                        buf.push(' ');
                        buf.push_str(w);
                    }
                    if !usable {
                        continue;
                    }
                    if let Some(ids) = index.arabic.list(buf.as_str()) {
                        out.extend_from_slice(ids);
                        return Some(k);
                    }
                }
            }
        }
        None
    }
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

#[cfg(test)]
mod tests;
