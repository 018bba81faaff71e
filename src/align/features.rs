//! What each sentence offers as evidence: its length and a set of keys that, found on
//! both sides, say two sentences translate each other.
//!
//! Keys are hashed strings with a kind prefix:
//! - `N` a number or date in canonical form (`2022-11-14`, `2.7`);
//! - `E` a glossary entity matched in the sentence;
//! - `L` a Latin-script token (an acronym such as `NTV` inside Arabic text, or any Latin
//!   word that both sides share verbatim);
//! - `S` a loose consonant skeleton: of every Arabic word on an Arabic side, and of every
//!   capitalised word on a Latin side, so unglossed names pair up (`ناريشكين` ~ `Naryshkin`);
//! - `W`/`P` for two texts in the same script: a word and its 4-letter prefix (cognates:
//!   `Expedition` ~ `expédition`);
//! - `X` a rendering of the word lexicon (`crate::lexicon`), Arabic–English pairs only:
//!   every English rendering of each listed Arabic word on the Arabic side
//!   (`وبالرئيس` → `president`, `head`, …), each listed English word or phrase, folded to
//!   its lemma, on the English side (`presidents` → `president`).
//!
//! Only keys present on both sides of the document pair are kept, each weighted by how
//! rare it is (inverse document frequency over the sentences of both sides): `Naryshkin`
//! says much, `2022` in every sentence says nothing, and an Arabic word whose skeleton
//! matches no English word costs nothing.

use super::{AlignConfig, Signals};
#[cfg(test)]
use crate::glossary::Matcher;
use crate::lexicon::{Lexicon, Reader};
use crate::model::{Document, Lang};
use crate::text::{chars, numbers, tokens, translit};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// One side of the pair, ready for the cost model.
#[derive(Default)]
pub(crate) struct Side {
    /// Characters (not counting spaces) per sentence: Gale–Church's length.
    pub len: Vec<f32>,
    /// `(key id, weight)` sorted by id, one entry per distinct key.
    pub feats: Vec<Vec<(u32, f32)>>,
    /// True where a sentence has numbers, names or words a translation would carry over,
    /// whether or not the other side has them.
    pub strong: Vec<bool>,
    /// True where a sentence opens a new paragraph (never for the first).
    pub para_start: Vec<bool>,
    /// Per sentence, how many of its numbers, entities and Latin tokens occur nowhere on
    /// the other side: what a sentence left untranslated looks like.
    pub orphans: Vec<u8>,
    /// True where a sentence is site furniture (`Role::Boilerplate`): cheap to leave out.
    pub boilerplate: Vec<bool>,
    /// The first id of a lexicon key (`X`), when there are any: ids are given to them
    /// last, so the keys before it in a sentence's list are its names, numbers, tokens
    /// and skeletons.
    pub lexical_from: Option<u32>,
    /// Prefix sums of `len` and `mass`, so any group's totals cost O(1).
    len_prefix: Vec<f32>,
    mass_prefix: Vec<f32>,
}

impl Side {
    pub fn n(&self) -> usize {
        self.len.len()
    }
    pub fn len_sum(&self, from: usize, count: usize) -> f32 {
        self.len_prefix[from + count] - self.len_prefix[from]
    }
    pub fn mass_sum(&self, from: usize, count: usize) -> f32 {
        self.mass_prefix[from + count] - self.mass_prefix[from]
    }
    /// Sentence `i`'s keys without the lexicon's: what the verdict reads. Common words
    /// are shared by any two news texts, so the lexicon, which helps pair sentences,
    /// would blur the line between a translation and an unrelated text.
    pub fn verdict_keys(&self, i: usize) -> &[(u32, f32)] {
        let keys = &self.feats[i];
        match self.lexical_from {
            None => keys,
            Some(from) => &keys[..keys.partition_point(|&(id, _)| id < from)],
        }
    }
    pub fn total_len(&self) -> f32 {
        self.len_prefix.last().copied().unwrap_or(0.0)
    }
    /// The side seen in blocks of `k` sentences (the last block may be shorter): lengths
    /// and keys summed, for a coarse first alignment of long documents.
    pub fn coarse(&self, k: usize) -> Side {
        let k = k.max(1);
        let mut side = Side::default();
        for start in (0..self.n()).step_by(k) {
            let count = k.min(self.n() - start);
            side.len.push(self.len_sum(start, count));
            let mut feats: Vec<(u32, f32)> = self.feats[start..start + count]
                .iter()
                .flatten()
                .copied()
                .collect();
            feats.sort_unstable_by_key(|&(id, _)| id);
            feats.dedup_by_key(|&mut (id, _)| id);
            side.feats.push(feats);
            side.strong
                .push(self.strong[start..start + count].iter().any(|&s| s));
            side.para_start.push(false);
            let orphans: u32 = self.orphans[start..start + count]
                .iter()
                .map(|&o| u32::from(o))
                .sum();
            side.orphans.push(orphans.min(255) as u8);
            side.boilerplate
                .push(self.boilerplate[start..start + count].iter().all(|&b| b));
        }
        side.finish();
        side
    }

    fn finish(&mut self) {
        let prefix = |v: &[f32]| -> Vec<f32> {
            std::iter::once(0.0)
                .chain(v.iter().scan(0.0f32, |acc, &x| {
                    *acc += x;
                    Some(*acc)
                }))
                .collect()
        };
        let mass: Vec<f32> = self
            .feats
            .iter()
            .map(|f| f.iter().map(|&(_, w)| w).sum())
            .collect();
        self.len_prefix = prefix(&self.len);
        self.mass_prefix = prefix(&mass);
    }

    pub fn has_paragraphs(&self) -> bool {
        self.para_start.iter().any(|&p| p)
    }
}

/// The keys one sentence offers, before the two sides are compared.
#[cfg_attr(test, derive(PartialEq))]
struct SentenceKeys {
    keys: Vec<u64>,
    strong: bool,
    /// Numbers, entities and Latin tokens: what makes an orphan when the other side lacks it.
    strong_keys: Vec<u64>,
    /// Rendering ids of the word lexicon, hashed into `X` keys where they are read: a
    /// sentence has more of them than of all other keys, and half the bytes matter at 100k.
    lexical: Vec<u32>,
}

impl SentenceKeys {
    /// Every key, with whether it is a lexicon key.
    fn all(&self) -> impl Iterator<Item = (u64, bool)> + '_ {
        self.keys.iter().map(|&k| (k, false)).chain(
            self.lexical
                .iter()
                .map(|id| (fnv_bytes(b'X', &id.to_le_bytes()), true)),
        )
    }
}

/// A key that occurs exactly once on each side: the raw material of anchors.
pub(crate) struct Hapax {
    pub src: u32,
    pub tgt: u32,
}

pub(crate) struct Features {
    pub src: Side,
    pub tgt: Side,
    pub hapax: Vec<Hapax>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x1000_0000_01b3;

fn fnv(kind: u8, s: &str) -> u64 {
    fnv_bytes(kind, s.as_bytes())
}

fn fnv_bytes(kind: u8, bytes: &[u8]) -> u64 {
    let mut h: u64 = FNV_OFFSET ^ u64::from(kind);
    h = h.wrapping_mul(FNV_PRIME);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Keys are FNV hashes already: the tables keyed by them need no second hash.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        // FNV's low bits are its weakest; the table picks buckets from them.
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

type KeyMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// The key of a skeleton with what transliteration blurs stripped: `h` (often silent or
/// `kh`), `j`/`g`, `sh`/`s` and `d`/`t` become one class each, and repeats collapse.
/// `None` when fewer than [`MIN_SKELETON`] classes are left. Hashed as it goes: every
/// Arabic word yields one or more, so no string is built.
fn loose_key(skeleton: &str) -> Option<u64> {
    let mut h: u64 = FNV_OFFSET ^ u64::from(b'S');
    h = h.wrapping_mul(FNV_PRIME);
    let (mut last, mut count) = (None, 0);
    for c in skeleton.chars() {
        let c = match c {
            'h' => continue,
            'j' => 'g',
            'x' => 's',
            'd' => 't',
            c => c,
        };
        if last == Some(c) {
            continue;
        }
        last = Some(c);
        count += 1;
        for b in c.encode_utf8(&mut [0; 4]).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
    }
    (count >= MIN_SKELETON).then_some(h)
}

fn fold_latin(word: &str) -> String {
    // Most Latin tokens are ASCII, for which decomposing and dropping accents change
    // nothing; char-by-char Unicode lower-casing was 7% of reading keys (perf, 100k).
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_uppercase()).count() >= 2
        || word.chars().any(|c| c.is_ascii_digit())
}

const MIN_SKELETON: usize = 3;

/// Orphan keys counted per sentence at most: a sentence full of numbers the other side
/// writes differently should not outweigh everything else.
pub(crate) const MAX_ORPHANS: u8 = 3;

/// The keys of one sentence, not yet filtered to those both sides share.
fn sentence_keys(
    text: &str,
    lang: &Lang,
    same_script: bool,
    entities: impl Iterator<Item = usize>,
    out: &mut Vec<u64>,
    strong_keys: &mut Vec<u64>,
) -> bool {
    out.clear();
    strong_keys.clear();
    // Whether the sentence offers evidence a translation would carry over, before knowing
    // what the other side has. Every Arabic word yields a skeleton, so on an Arabic side
    // only numbers, entities and Latin tokens count.
    let mut strong_at = 0;
    let mut latin_seen = false;
    for n in numbers::numbers(text) {
        out.push(fnv(b'N', &n.value));
    }
    for e in entities {
        out.push(fnv_bytes(b'E', &e.to_le_bytes()));
    }
    strong_at = strong_at.max(out.len());
    strong_keys.extend_from_slice(out);
    if same_script {
        // Brackets, quotes and question marks survive translation between languages
        // of one script and are cheap to compare.
        for c in text.chars().filter(|c| "()«»?!:;".contains(*c)) {
            out.push(fnv(b'Q', c.encode_utf8(&mut [0; 4])));
        }
        for (_, w) in tokens::words(text) {
            if w.chars().all(chars::is_numeric) || w.chars().count() < 3 {
                continue;
            }
            let folded = fold_latin(w);
            out.push(fnv(b'W', &folded));
            if folded.chars().count() >= 5 {
                let prefix: String = folded.chars().take(4).collect();
                out.push(fnv(b'P', &prefix));
            }
        }
    } else if lang.is_arabic() {
        for (_, w) in tokens::words(text) {
            if w.chars().any(|c| c.is_ascii_alphabetic()) {
                latin_seen = true;
                let key = fnv(b'L', &fold_latin(w));
                out.push(key);
                strong_keys.push(key);
                push_skeleton(out, &translit::skeleton_latin(w));
            } else if !w.chars().all(chars::is_numeric) {
                push_skeleton(out, &translit::skeleton_arabic(w));
                // A clitic glued to a name (وناريشكين, لبوتين) must not hide it.
                for p in ["و", "ب", "ل", "ف", "ال", "وال", "بال", "لل"] {
                    if let Some(rest) = w.strip_prefix(p) {
                        if rest.chars().count() >= 3 {
                            push_skeleton(out, &translit::skeleton_arabic(rest));
                        }
                    }
                }
            }
        }
    } else {
        for (_, w) in tokens::latin_tokens(text) {
            if is_acronym(w) {
                let key = fnv(b'L', &fold_latin(w));
                out.push(key);
                strong_keys.push(key);
            }
        }
        for (_, w) in tokens::capitalized_words(text) {
            out.push(fnv(b'L', &fold_latin(w)));
            push_skeleton(out, &translit::skeleton_latin(w));
        }
    }
    let strong = if same_script || !lang.is_arabic() {
        !out.is_empty()
    } else {
        strong_at > 0 || latin_seen
    };
    out.sort_unstable();
    out.dedup();
    strong_keys.sort_unstable();
    strong_keys.dedup();
    strong
}

fn push_skeleton(out: &mut Vec<u64>, skeleton: &str) {
    if let Some(key) = loose_key(skeleton) {
        out.push(key);
    }
}

fn char_len(text: &str) -> f32 {
    text.chars().filter(|c| !c.is_whitespace()).count() as f32
}

fn paragraph_starts(doc: &Document) -> Vec<bool> {
    doc.segments
        .iter()
        .enumerate()
        .map(|(i, s)| i > 0 && doc.segments[i - 1].paragraph != s.paragraph)
        .collect()
}

/// Reads the keys of a range of a document's sentences, with a thread's state `S`.
type ReadKeys<'a, S> =
    dyn Fn(&Document, std::ops::Range<usize>, &mut S) -> Vec<SentenceKeys> + Sync + 'a;

/// Sentences per piece of work when a long pair's keys are read on several threads.
const PIECE: usize = 1_024;

/// Both sides' [`SentenceKeys`], in order. Reading keys is half the run time of a long
/// document, and each sentence's are its own: on a pair of 2,000+ sentences the sentences
/// of both sides are cut into pieces that every core takes from in turn (the Arabic side
/// costs more per sentence than the English, so one thread per side would leave a core
/// idle), and put back in order, so the result is the one-thread result. Each thread
/// keeps one `S` for all its pieces (the lexicon reader's memory of words it has looked
/// up), which must not change what `keys_of` returns.
fn read_in_parallel<S: Default>(
    source: &Document,
    target: &Document,
    keys_of: &ReadKeys<'_, S>,
) -> (Vec<SentenceKeys>, Vec<SentenceKeys>) {
    let (n, m) = (source.segments.len(), target.segments.len());
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    if n.min(m) < 2_000 || threads < 2 {
        // One state per side: what one side's words left behind is no use to the other.
        return (
            keys_of(source, 0..n, &mut S::default()),
            keys_of(target, 0..m, &mut S::default()),
        );
    }
    let pieces: Vec<(bool, std::ops::Range<usize>)> = (0..n)
        .step_by(PIECE)
        .map(|from| (true, from..(from + PIECE).min(n)))
        .chain(
            (0..m)
                .step_by(PIECE)
                .map(|from| (false, from..(from + PIECE).min(m))),
        )
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        let mut state = S::default();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((is_src, range)) = pieces.get(k) else {
                return done;
            };
            let doc = if *is_src { source } else { target };
            done.push((k, keys_of(doc, range.clone(), &mut state)));
        }
    };
    let mut read: Vec<(usize, Vec<SentenceKeys>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.min(pieces.len()))
            .map(|_| scope.spawn(work))
            .collect();
        let mut read = work();
        for helper in helpers {
            // A panic there is a bug of this crate, not of the input: pass it on.
            read.extend(
                helper
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        read
    });
    read.sort_unstable_by_key(|&(k, _)| k);
    let (mut src, mut tgt) = (Vec::with_capacity(n), Vec::with_capacity(m));
    for (k, keys) in read {
        if pieces[k].0 { &mut src } else { &mut tgt }.extend(keys);
    }
    (src, tgt)
}

/// Extracts both sides' features; `matcher` finds glossary entities (None: no glossary).
#[cfg(test)]
pub(crate) fn extract(source: &Document, target: &Document, matcher: Option<&Matcher>) -> Features {
    let signals = Signals {
        matcher,
        ..Signals::default()
    };
    extract_with(source, target, &signals, &AlignConfig::default())
}

/// Extracts both sides' features with the evidence sources of `signals`: glossary
/// entities from its matcher, word renderings from its lexicon (Arabic–English pairs).
pub(crate) fn extract_with<'s>(
    source: &Document,
    target: &Document,
    signals: &Signals<'s>,
    config: &AlignConfig,
) -> Features {
    let matcher = signals.matcher;
    let lexicon = signals
        .lexicon
        .filter(|_| Lexicon::applies(&source.lang, &target.lang));
    let same_script = source.lang.is_arabic() == target.lang.is_arabic();
    let keys_of = |doc: &Document,
                   range: std::ops::Range<usize>,
                   reader: &mut Option<Reader<'s>>|
     -> Vec<SentenceKeys> {
        let mut buf = Vec::new();
        let mut strong_buf = Vec::new();
        if reader.is_none() {
            *reader = lexicon.map(Reader::new);
        }
        let mut renderings = Vec::new();
        doc.segments[range]
            .iter()
            .map(|s| {
                let entities = matcher
                    .map(|m| m.find(&s.text, &doc.lang))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|t| t.entity);
                renderings.clear();
                if let Some(reader) = reader.as_mut() {
                    reader.renderings(&s.text, &doc.lang, &mut renderings);
                }
                let strong = sentence_keys(
                    &s.text,
                    &doc.lang,
                    same_script,
                    entities,
                    &mut buf,
                    &mut strong_buf,
                );
                // Renderings are keys like any other: only those on both sides count, each
                // weighted by its rarity. Kept apart until their ids are given (last).
                SentenceKeys {
                    keys: buf.clone(),
                    strong,
                    strong_keys: strong_buf.clone(),
                    lexical: renderings.clone(),
                }
            })
            .collect()
    };
    let (src_keys, tgt_keys) = read_in_parallel(source, target, &keys_of);

    // Document frequency per key on each side, and where it last occurred.
    #[derive(Default, Clone, Copy)]
    struct Df {
        src: u32,
        tgt: u32,
        src_at: u32,
        tgt_at: u32,
        lexical: bool,
    }
    let mut df: KeyMap<Df> = KeyMap::default();
    for (i, sk) in src_keys.iter().enumerate() {
        for (k, lexical) in sk.all() {
            let e = df.entry(k).or_default();
            e.src += 1;
            e.src_at = i as u32;
            e.lexical |= lexical;
        }
    }
    for (j, sk) in tgt_keys.iter().enumerate() {
        for (k, lexical) in sk.all() {
            let e = df.entry(k).or_default();
            e.tgt += 1;
            e.tgt_at = j as u32;
            e.lexical |= lexical;
        }
    }
    let total = (src_keys.len() + tgt_keys.len()) as f32;
    let mut ids: KeyMap<(u32, f32)> = KeyMap::default();
    let mut hapax = Vec::new();
    // Lexicon keys get the last ids, so every sentence's other keys are a prefix of its
    // sorted list: the verdict reads that prefix alone (see `Side::verdict_keys`).
    let mut lexical_from = u32::MAX;
    let has_lexical = src_keys.iter().any(|k| !k.lexical.is_empty());
    let passes: &[bool] = if has_lexical {
        &[false, true]
    } else {
        &[false]
    };
    for (&k, d) in passes
        .iter()
        .flat_map(|&pass| df.iter().filter(move |(_, d)| d.lexical == pass))
    {
        if d.src == 0 || d.tgt == 0 {
            continue;
        }
        if d.lexical && lexical_from == u32::MAX {
            lexical_from = ids.len() as u32;
        }
        let rarity = ((total + 1.0) / (d.src + d.tgt) as f32).ln();
        let weight = if d.lexical {
            rarity * config.lexicon_weight
        } else {
            rarity
        };
        if weight <= 0.05 {
            continue;
        }
        if d.src == 1 && d.tgt == 1 {
            hapax.push(Hapax {
                src: d.src_at,
                tgt: d.tgt_at,
            });
        }
        let id = ids.len() as u32;
        ids.insert(k, (id, weight));
    }
    hapax.sort_by_key(|h| (h.src, h.tgt));

    let orphans_of = |keys: &[SentenceKeys], is_src: bool| -> Vec<u8> {
        keys.iter()
            .map(|sk| {
                let absent = sk
                    .strong_keys
                    .iter()
                    .filter(|k| {
                        df.get(k)
                            .map_or(true, |d| if is_src { d.tgt == 0 } else { d.src == 0 })
                    })
                    .count();
                absent.min(255) as u8
            })
            .collect()
    };
    let src_orphans = orphans_of(&src_keys, true);
    let tgt_orphans = orphans_of(&tgt_keys, false);
    // The table of every key of both sides is the largest thing alive here; what
    // follows needs only the shared ones.
    drop(df);

    let side = |doc: &Document, keys: Vec<SentenceKeys>, orphans: Vec<u8>| -> Side {
        let strong: Vec<bool> = keys.iter().map(|k| k.strong).collect();
        let feats: Vec<Vec<(u32, f32)>> = keys
            .into_iter()
            .map(|sk| {
                let mut f: Vec<(u32, f32)> =
                    sk.all().filter_map(|(k, _)| ids.get(&k).copied()).collect();
                f.sort_unstable_by_key(|&(id, _)| id);
                f.dedup_by_key(|&mut (id, _)| id);
                f
            })
            .collect();
        let mut side = Side {
            len: doc.segments.iter().map(|s| char_len(&s.text)).collect(),
            para_start: paragraph_starts(doc),
            boilerplate: doc.segments.iter().map(|s| s.is_boilerplate()).collect(),
            strong,
            orphans,
            feats,
            lexical_from: (lexical_from != u32::MAX).then_some(lexical_from),
            ..Side::default()
        };
        side.finish();
        side
    };
    Features {
        src: side(source, src_keys, src_orphans),
        tgt: side(target, tgt_keys, tgt_orphans),
        hapax,
    }
}

/// Adds keys found after extraction (kind `A`, the learned associations of
/// `align::associate`): `src[i]` / `tgt[j]` are the sorted, distinct key numbers (below
/// `count`) of each sentence. Weighted by rarity like every other key, times `scale`;
/// keys on one side only are dropped, and a sentence keeps its `per_sentence` rarest (the
/// search compares key lists in every cell, so their length is its time). Returns how
/// many distinct keys the pair gained.
pub(crate) fn add_learned_keys(
    f: &mut Features,
    src: &[Vec<u32>],
    tgt: &[Vec<u32>],
    count: usize,
    scale: f32,
    per_sentence: usize,
) -> usize {
    let mut df = vec![(0u32, 0u32); count];
    for keys in src {
        for &k in keys {
            df[k as usize].0 += 1;
        }
    }
    for keys in tgt {
        for &k in keys {
            df[k as usize].1 += 1;
        }
    }
    let total = (f.src.n() + f.tgt.n()) as f32;
    let weights: Vec<f32> = df
        .iter()
        .map(|&(s, t)| {
            if s == 0 || t == 0 {
                return 0.0;
            }
            let w = ((total + 1.0) / (s + t) as f32).ln();
            if w <= 0.05 {
                0.0
            } else {
                w * scale
            }
        })
        .collect();
    let base = f
        .src
        .feats
        .iter()
        .chain(&f.tgt.feats)
        .flat_map(|keys| keys.last())
        .map(|&(id, _)| id + 1)
        .max()
        .unwrap_or(0);
    let mut kept: Vec<(u32, f32)> = Vec::new();
    for (side, keys) in [(&mut f.src, src), (&mut f.tgt, tgt)] {
        for (feats, ks) in side.feats.iter_mut().zip(keys) {
            kept.clear();
            kept.extend(
                ks.iter()
                    .filter(|&&k| weights[k as usize] > 0.0)
                    .map(|&k| (base + k, weights[k as usize])),
            );
            if kept.len() > per_sentence {
                kept.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                kept.truncate(per_sentence);
                kept.sort_unstable_by_key(|&(id, _)| id);
            }
            // New ids are above every old one, so the list stays sorted.
            feats.extend_from_slice(&kept);
        }
        side.finish();
    }
    weights.iter().filter(|&&w| w > 0.0).count()
}

/// The settings for a pair with these features: the lexicon's merge cost and lexical
/// weight where word-lexicon keys were found, `config` as it is elsewhere.
pub(crate) fn config_for<'c>(
    config: &'c AlignConfig,
    feats: &Features,
) -> std::borrow::Cow<'c, AlignConfig> {
    if feats.src.lexical_from.is_none() {
        return std::borrow::Cow::Borrowed(config);
    }
    std::borrow::Cow::Owned(AlignConfig {
        merge_cost: config.lexicon_merge_cost,
        lexical_weight: config.lexicon_lexical_weight,
        ..config.clone()
    })
}

/// Summed weight of the keys two sentences share (both lists sorted by id).
pub(crate) fn shared_weight(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn doc(lang: &str, sentences: &[&str]) -> Document {
        Document::from_sentences(Lang::new(lang), sentences)
    }

    fn shared(f: &Features, i: usize, j: usize) -> f32 {
        shared_weight(&f.src.feats[i], &f.tgt.feats[j])
    }

    #[test]
    fn numbers_pair_across_digit_systems() {
        let f = extract(
            &doc("ar", &["ارتفع بنسبة ٢٫٧ في المئة", "قال الوزير"]),
            &doc("en", &["The minister spoke", "It rose 2.7 percent"]),
            None,
        );
        assert!(shared(&f, 0, 1) > 0.0);
        assert_eq!(shared(&f, 0, 0), 0.0);
    }

    #[test]
    fn unglossed_names_pair_through_skeletons() {
        let f = extract(
            &doc("ar", &["التقى بيرنز وناريشكين في أنقرة", "وقالت قناة NTV"]),
            &doc("en", &["NTV said so", "Burns met Naryshkin"]),
            None,
        );
        assert!(shared(&f, 0, 1) > 0.0, "names");
        assert!(shared(&f, 1, 0) > 0.0, "Latin token");
        assert_eq!(shared(&f, 0, 0), 0.0);
        // Burns, Naryshkin and NTV occur once per side (NTV as a token and a skeleton).
        assert_eq!(f.hapax.len(), 4);
    }

    #[test]
    fn glossary_entities_are_keys() {
        let tsv = "id\tkind\tar\ten\ten_alt\ten_forbidden\tnote\n\
                   kremlin\torg\tالكرملين\tKremlin\t\t\t\n";
        let glossary = crate::glossary::parse_str(
            tsv,
            crate::glossary::FileFormat::Tsv,
            std::path::Path::new("test.tsv"),
        )
        .glossary;
        let matcher = Matcher::new(&glossary);
        let f = extract(
            &doc("ar", &["قال الكرملين"]),
            &doc("en", &["the Kremlin said"]),
            Some(&matcher),
        );
        assert!(shared(&f, 0, 0) > 0.0);
    }

    #[test]
    fn same_script_pairs_share_words_and_cognate_prefixes() {
        let f = extract(
            &doc("de", &["Die Expedition erreichte Zermatt", "Es regnete"]),
            &doc("fr", &["Il pleuvait", "L'expédition atteignit Zermatt"]),
            None,
        );
        assert!(shared(&f, 0, 1) > 0.0);
        assert_eq!(shared(&f, 1, 0), 0.0);
    }

    #[test]
    fn numbers_and_latin_tokens_missing_from_the_other_side_are_orphans() {
        let f = extract(
            &doc(
                "ar",
                &["ارتفع بنسبة ٢٫٧ في المئة", "قالت قناة NTV إن 45 شخصا"],
            ),
            &doc("en", &["It rose 2.7 percent"]),
            None,
        );
        assert_eq!(f.src.orphans, [0, 2]);
        assert_eq!(f.tgt.orphans, [0]);
    }

    #[test]
    fn keys_read_on_several_threads_come_back_in_order() {
        let sentences = |lang: &str, base: &[&str]| -> Document {
            let list: Vec<String> = (0..2_500 + base.len())
                .map(|i| format!("{} {i}", base[i % base.len()]))
                .collect();
            Document::from_sentences(Lang::new(lang), &list)
        };
        let source = sentences("ar", &["قال بوتين في أنقرة", "ارتفع بنسبة ٢٫٧", "NTV"]);
        let target = sentences("en", &["Putin said in Ankara", "It rose 2.7", "NTV said"]);
        let keys_of =
            |doc: &Document, range: std::ops::Range<usize>, _: &mut ()| -> Vec<SentenceKeys> {
                let (mut buf, mut strong) = (Vec::new(), Vec::new());
                doc.segments[range]
                    .iter()
                    .map(|s| {
                        let is_strong = sentence_keys(
                            &s.text,
                            &doc.lang,
                            false,
                            std::iter::empty(),
                            &mut buf,
                            &mut strong,
                        );
                        SentenceKeys {
                            keys: buf.clone(),
                            strong: is_strong,
                            strong_keys: strong.clone(),
                            lexical: Vec::new(),
                        }
                    })
                    .collect()
            };
        let (src, tgt) = read_in_parallel(&source, &target, &keys_of);
        assert!(src == keys_of(&source, 0..source.segments.len(), &mut ()));
        assert!(tgt == keys_of(&target, 0..target.segments.len(), &mut ()));
    }

    #[test]
    fn keys_on_one_side_only_weigh_nothing() {
        let f = extract(
            &doc("de", &["Matterhorn Nordwand"]),
            &doc("fr", &["rien"]),
            None,
        );
        assert_eq!(f.src.mass_sum(0, 1), 0.0);
    }
}
