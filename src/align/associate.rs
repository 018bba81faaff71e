//! Word associations learned from the bitext itself (Moore 2002; hunalign's realign).
//!
//! The first pass of the aligner finds links from names, numbers, shared tokens and length.
//! Its confident 1-1 links are a small parallel corpus of their own: a source word and a
//! target word that keep turning up in the same linked pairs, far more often than their
//! frequencies predict, translate each other (`الوزير` ~ `minister`, `Hütte` ~ `cabane`).
//! Those pairs become one more kind of key (`A`) for the second pass, weighted by rarity
//! like every other key, so sentences without a name or a number find their counterpart
//! by their words.
//!
//! The test is Dunning's log-likelihood ratio on the 2×2 table of each pair's
//! co-occurrence over the learning links, with a significance cut; each word keeps only
//! its best partner. Co-occurrences are counted source unit by source unit into one dense
//! array of target units, never in a table of all pairs: memory is linear in the links
//! (at most [`MAX_UNITS`] units a sentence), and the result is sorted, so it never depends
//! on a hash table's iteration order.

use super::features::{self, Features};
use super::AlignConfig;
use crate::model::{Bitext, Document, Lang};
use crate::text::{arabic, tokens};
use std::collections::HashMap;

/// A word unit: a hash of a folded (and, for Arabic, clitic-stripped) word.
pub type Unit = u64;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x1000_0000_01b3;

fn hash_word(kind: u8, word: &str) -> Unit {
    let mut h: u64 = FNV_OFFSET ^ u64::from(kind);
    h = h.wrapping_mul(FNV_PRIME);
    for b in word.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Arabic proclitics stripped from a word when what is left is long enough to be a word
/// of its own, longest first: the conjunctions, prepositions and the article that glue
/// to the next word (`والرئيس` → `رئيس`).
const ARABIC_PROCLITICS: [(&str, usize); 10] = [
    ("وبال", 3),
    ("وال", 3),
    ("بال", 3),
    ("فال", 3),
    ("كال", 3),
    ("لل", 3),
    ("ال", 3),
    ("و", 4),
    ("ب", 4),
    ("ل", 4),
];

/// Arabic enclitics and endings stripped when at least three letters remain: a pronoun
/// or a plural ending changes nothing about what the word translates to for alignment.
const ARABIC_SUFFIXES: [&str; 8] = ["هما", "هم", "ها", "ات", "ون", "ين", "ه", "ي"];

fn arabic_unit(word: &str) -> &str {
    let mut w = word;
    for (p, rest) in ARABIC_PROCLITICS {
        if let Some(r) = w.strip_prefix(p) {
            if r.chars().count() >= rest {
                w = r;
                break;
            }
        }
    }
    for s in ARABIC_SUFFIXES {
        if let Some(r) = w.strip_suffix(s) {
            if r.chars().count() >= 3 {
                w = r;
                break;
            }
        }
    }
    w
}

/// A Latin-script word folded to lower case without diacritics, its common inflections
/// cut (`ministers` → `minist`, `talked` → `talk`) and at most [`LATIN_STEM`] letters kept:
/// a crude stem, but the same on every occurrence, which is all co-occurrence needs.
fn latin_unit(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = word
        .nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut w = folded.as_str();
    for s in ["'s", "’s", "ing", "ed", "es", "s"] {
        if let Some(r) = w.strip_suffix(s) {
            if r.chars().count() >= 3 {
                w = r;
                break;
            }
        }
    }
    w.chars().take(LATIN_STEM).collect()
}

/// Letters a Latin stem keeps.
const LATIN_STEM: usize = 7;

/// Units one sentence contributes at most: a very long sentence (a table row, OCR run
/// together) must not make learning quadratic in its length.
pub(crate) const MAX_UNITS: usize = 48;

/// The word units of a sentence, sorted and distinct: Arabic words normalised
/// (`text::arabic`) and light-stemmed, Latin words folded and stemmed; numbers and words
/// of fewer than three characters left out (numbers are keys of their own).
pub fn word_units(segment: &str, lang: &Lang) -> Vec<Unit> {
    let arabic_side = lang.is_arabic();
    let normalized;
    let text = if arabic_side {
        normalized = arabic::normalize_arabic(segment);
        normalized.text.as_str()
    } else {
        segment
    };
    let mut out: Vec<Unit> = Vec::new();
    for (_, w) in tokens::words(text) {
        if w.chars().count() < 3 || w.chars().all(|c| c.is_numeric()) {
            continue;
        }
        let is_latin = w.chars().any(|c| c.is_ascii_alphabetic());
        let unit = if is_latin {
            hash_word(b'l', &latin_unit(w))
        } else if arabic_side {
            hash_word(b'a', arabic_unit(w))
        } else {
            hash_word(b'o', &w.to_lowercase())
        };
        out.push(unit);
        if out.len() >= MAX_UNITS {
            break;
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Knobs of learning; the defaults were chosen on dev data (`docs/evaluation.md`).
#[derive(Clone, Copy, Debug)]
pub struct LearnConfig {
    /// Least log-likelihood ratio (G²) a pair needs; 10.83 is p < 0.001 for one degree of
    /// freedom.
    pub min_llr: f32,
    /// Least number of learning links a pair must share.
    pub min_count: u32,
    /// Partners each unit keeps at most, best first.
    pub partners: usize,
    /// A unit in more than this share of the learning links (function words) is ignored.
    pub max_share: f32,
    /// Fewer learning links than this teach nothing: on a short article every word pair
    /// seen twice looks significant, and the many pairs tested make some of them chance.
    pub min_links: u32,
}

impl Default for LearnConfig {
    fn default() -> Self {
        LearnConfig {
            min_llr: 10.83,
            min_count: 2,
            partners: 1,
            max_share: 0.2,
            min_links: 40,
        }
    }
}

/// Strongest first, ties by the units themselves.
fn by_strength(x: &(Unit, Unit, f32), y: &(Unit, Unit, f32)) -> std::cmp::Ordering {
    y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1))
}

/// Units are FNV hashes already: the tables keyed by them need no second hash.
#[derive(Default, Clone, Copy)]
struct UnitHasher(u64);

impl std::hash::Hasher for UnitHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
    fn write_u64(&mut self, unit: u64) {
        self.0 = unit;
    }
}

type UnitMap<V> = HashMap<Unit, V, std::hash::BuildHasherDefault<UnitHasher>>;

/// Dense ids for units, in order of first sight, with each unit's link frequency.
#[derive(Default)]
struct Vocabulary {
    ids: UnitMap<u32>,
    units: Vec<Unit>,
    freq: Vec<u32>,
}

impl Vocabulary {
    fn id(&mut self, unit: Unit, freq: u32) -> u32 {
        *self.ids.entry(unit).or_insert_with(|| {
            self.units.push(unit);
            self.freq.push(freq);
            self.units.len() as u32 - 1
        })
    }
}

/// Rows of ids in one flat vector.
#[derive(Default)]
struct Rows {
    start: Vec<usize>,
    ids: Vec<u32>,
}

impl Rows {
    fn push(&mut self, row: impl Iterator<Item = u32>) {
        if self.start.is_empty() {
            self.start.push(0);
        }
        self.ids.extend(row);
        self.start.push(self.ids.len());
    }
    fn row(&self, k: usize) -> &[u32] {
        &self.ids[self.start[k]..self.start[k + 1]]
    }
    fn len(&self) -> usize {
        self.start.len().saturating_sub(1)
    }
    /// For each id below `width`, the rows it occurs in, ascending.
    fn transposed(&self, width: usize) -> Rows {
        let mut start = vec![0usize; width + 1];
        for &id in &self.ids {
            start[id as usize + 1] += 1;
        }
        for k in 0..width {
            start[k + 1] += start[k];
        }
        let mut at = start.clone();
        let mut ids = vec![0u32; self.ids.len()];
        for r in 0..self.len() {
            for &id in self.row(r) {
                ids[at[id as usize]] = r as u32;
                at[id as usize] += 1;
            }
        }
        Rows { start, ids }
    }
}

/// The significant (source unit, target unit) pairs of a bitext, sorted, each with its
/// association strength. Learned once per document pair by the aligner, or once for a
/// whole run and passed to every pair through [`super::Signals::associations`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Associations {
    /// `(source unit, target unit, G²)`, sorted by source then target unit.
    by_src: Vec<(Unit, Unit, f32)>,
    /// Indices into `by_src`, sorted by target then source unit.
    by_tgt: Vec<u32>,
}

impl Associations {
    /// Learns from pairs of sentences that translate each other, each given as its word
    /// units (sorted and distinct, as [`word_units`] gives them).
    pub fn learn<'a>(
        pairs: impl Iterator<Item = (&'a [Unit], &'a [Unit])> + Clone,
        config: &LearnConfig,
    ) -> Associations {
        let mut links = 0u32;
        let mut src_freq: UnitMap<u32> = UnitMap::default();
        let mut tgt_freq: UnitMap<u32> = UnitMap::default();
        for (s, t) in pairs.clone() {
            links += 1;
            for &u in s.iter().take(MAX_UNITS) {
                *src_freq.entry(u).or_default() += 1;
            }
            for &u in t.iter().take(MAX_UNITS) {
                *tgt_freq.entry(u).or_default() += 1;
            }
        }
        if links == 0 || links < config.min_links {
            return Associations::default();
        }
        let max_freq = ((links as f32 * config.max_share) as u32).max(config.min_count);
        let useful = |f: u32| f >= config.min_count && f <= max_freq;
        // Dense ids for the units that can take part in a significant pair, and each link
        // as lists of those ids (compressed rows: one flat vector and where each row starts).
        let mut src_vocab = Vocabulary::default();
        let mut tgt_vocab = Vocabulary::default();
        let mut src_rows = Rows::default();
        let mut tgt_rows = Rows::default();
        for (s, t) in pairs {
            src_rows.push(
                s.iter()
                    .take(MAX_UNITS)
                    .filter(|&u| useful(src_freq[u]))
                    .map(|u| src_vocab.id(*u, src_freq[u])),
            );
            tgt_rows.push(
                t.iter()
                    .take(MAX_UNITS)
                    .filter(|&u| useful(tgt_freq[u]))
                    .map(|u| tgt_vocab.id(*u, tgt_freq[u])),
            );
        }
        drop((src_freq, tgt_freq));
        // For each source unit, the links it occurs in; then its co-occurrence with every
        // target unit counted in one dense array the size of the target vocabulary: the
        // same work as a table of all pairs, but with no pair table at all.
        let postings = src_rows.transposed(src_vocab.units.len());
        let mut count = vec![0u32; tgt_vocab.units.len()];
        let mut touched: Vec<u32> = Vec::new();
        let n = f64::from(links);
        let mut candidates: Vec<(Unit, Unit, f32)> = Vec::new();
        let mut best: Vec<(Unit, Unit, f32)> = Vec::new();
        for a in 0..src_vocab.units.len() {
            for &l in postings.row(a) {
                for &b in tgt_rows.row(l as usize) {
                    if count[b as usize] == 0 {
                        touched.push(b);
                    }
                    count[b as usize] += 1;
                }
            }
            let (unit_a, fa) = (src_vocab.units[a], f64::from(src_vocab.freq[a]));
            best.clear();
            for &b in &touched {
                let c = std::mem::take(&mut count[b as usize]);
                if c < config.min_count {
                    continue;
                }
                let fb = f64::from(tgt_vocab.freq[b as usize]);
                let c = f64::from(c);
                // Only pairs seen together more often than chance.
                if c * n <= fa * fb {
                    continue;
                }
                let g2 = llr(c, fa - c, fb - c, n - fa - fb + c) as f32;
                if g2 >= config.min_llr {
                    best.push((unit_a, tgt_vocab.units[b as usize], g2));
                }
            }
            touched.clear();
            // A pair among the best of both its units is among the best of its source
            // unit: keeping those per source unit loses nothing and bounds the list.
            best.sort_unstable_by(by_strength);
            candidates.extend(best.iter().take(config.partners));
        }
        // Best first, ties by the units themselves: the same table whatever order the
        // links came in.
        candidates.sort_unstable_by(by_strength);
        // Each unit keeps its best partners; a pair is kept when it is among the best of
        // both of its units (competitive, so a frequent word does not pair with all).
        let mut src_taken: UnitMap<usize> = UnitMap::default();
        let mut tgt_taken: UnitMap<usize> = UnitMap::default();
        let mut kept = Vec::new();
        for (a, b, g2) in candidates {
            let sa = src_taken.entry(a).or_default();
            let tb = tgt_taken.entry(b).or_default();
            if *sa < config.partners && *tb < config.partners {
                *sa += 1;
                *tb += 1;
                kept.push((a, b, g2));
            }
        }
        Associations::from_pairs(kept)
    }

    /// Learns from documents aligned already (a first run over a corpus): the 1-1 links
    /// of every bitext scoring at least `min_score`. Aligning the documents again with the
    /// result in [`super::Signals::associations`] lets a short article use the vocabulary
    /// of the whole run, which it is too short to learn alone.
    pub fn from_bitexts<'b>(
        bitexts: impl Iterator<Item = &'b Bitext>,
        min_score: f32,
        config: &LearnConfig,
    ) -> Associations {
        let mut pairs: Vec<(Vec<Unit>, Vec<Unit>)> = Vec::new();
        for b in bitexts {
            for link in &b.links {
                if link.src.len() != 1 || link.tgt.len() != 1 || link.score < min_score {
                    continue;
                }
                let (i, j) = (link.src.start as usize, link.tgt.start as usize);
                let (Some(s), Some(t)) = (b.source.segments.get(i), b.target.segments.get(j))
                else {
                    continue;
                };
                pairs.push((
                    word_units(&s.text, &b.source.lang),
                    word_units(&t.text, &b.target.lang),
                ));
            }
        }
        Associations::learn(
            pairs.iter().map(|(s, t)| (s.as_slice(), t.as_slice())),
            config,
        )
    }

    fn from_pairs(mut by_src: Vec<(Unit, Unit, f32)>) -> Associations {
        by_src.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
        let mut by_tgt: Vec<u32> = (0..by_src.len() as u32).collect();
        by_tgt.sort_unstable_by(|&x, &y| {
            let (x, y) = (&by_src[x as usize], &by_src[y as usize]);
            x.1.cmp(&y.1).then(x.0.cmp(&y.0))
        });
        Associations { by_src, by_tgt }
    }

    /// Number of associated pairs.
    pub fn len(&self) -> usize {
        self.by_src.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_src.is_empty()
    }

    /// The pairs, sorted by source then target unit, with their G².
    pub fn pairs(&self) -> &[(Unit, Unit, f32)] {
        &self.by_src
    }

    /// The pair indices (into [`Associations::pairs`]) a source sentence with `units`
    /// takes part in, sorted and distinct.
    pub fn source_keys(&self, units: &[Unit]) -> Vec<u32> {
        let mut out = Vec::new();
        for &u in units {
            let from = self.by_src.partition_point(|p| p.0 < u);
            out.extend(
                (from..self.by_src.len())
                    .take_while(|&k| self.by_src[k].0 == u)
                    .map(|k| k as u32),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The same for a target sentence.
    pub fn target_keys(&self, units: &[Unit]) -> Vec<u32> {
        let mut out = Vec::new();
        for &u in units {
            let from = self
                .by_tgt
                .partition_point(|&k| self.by_src[k as usize].1 < u);
            out.extend(
                self.by_tgt[from..]
                    .iter()
                    .take_while(|&&k| self.by_src[k as usize].1 == u)
                    .copied(),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Word units of every sentence of a document, the two sides on two threads when there
/// is enough text to pay for one.
fn units_of_both(source: &Document, target: &Document) -> (Vec<Vec<Unit>>, Vec<Vec<Unit>>) {
    let units_of = |doc: &Document| -> Vec<Vec<Unit>> {
        doc.segments
            .iter()
            .map(|s| word_units(&s.text, &doc.lang))
            .collect()
    };
    if source.segments.len().min(target.segments.len()) >= 2_000 {
        std::thread::scope(|scope| {
            let tgt = scope.spawn(|| units_of(target));
            let src = units_of(source);
            // A panic there is a bug of this crate, not of the input: pass it on.
            let tgt = tgt.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            (src, tgt)
        })
    } else {
        (units_of(source), units_of(target))
    }
}

/// Learns associations from the linked pairs `learn_from` (source and target sentence
/// indices of confident 1-1 links), or takes `shared` when the caller learned them over a
/// whole run, and adds them to `feats` as keys of kind `A`. Returns the number of keys
/// added: 0 leaves `feats` exactly as it was.
pub(crate) fn add_to_features(
    feats: &mut Features,
    source: &Document,
    target: &Document,
    learn_from: &[(usize, usize)],
    shared: Option<&Associations>,
    config: &AlignConfig,
) -> usize {
    // Fewer links than `min_links` teach nothing (`Associations::learn`): a short article
    // skips reading the word units of every sentence (5 % of a corpus run).
    let too_few =
        learn_from.is_empty() || (learn_from.len() as u64) < u64::from(config.learn.min_links);
    if config.association_weight <= 0.0 || (shared.is_none() && too_few) {
        return 0;
    }
    let (src_units, tgt_units) = units_of_both(source, target);
    let learned;
    let table = match shared {
        Some(t) => t,
        None => {
            learned = Associations::learn(
                learn_from
                    .iter()
                    .map(|&(i, j)| (src_units[i].as_slice(), tgt_units[j].as_slice())),
                &config.learn,
            );
            &learned
        }
    };
    if table.is_empty() {
        return 0;
    }
    let src_keys: Vec<Vec<u32>> = src_units.iter().map(|u| table.source_keys(u)).collect();
    let tgt_keys: Vec<Vec<u32>> = tgt_units.iter().map(|u| table.target_keys(u)).collect();
    drop((src_units, tgt_units));
    features::add_learned_keys(
        feats,
        &src_keys,
        &tgt_keys,
        table.len(),
        config.association_weight,
        config.association_keys,
    )
}

/// Dunning's G² of a 2×2 table `[[k11, k12], [k21, k22]]`.
fn llr(k11: f64, k12: f64, k21: f64, k22: f64) -> f64 {
    let n = k11 + k12 + k21 + k22;
    let term = |k: f64, row: f64, col: f64| {
        if k <= 0.0 || row <= 0.0 || col <= 0.0 {
            0.0
        } else {
            k * (k * n / (row * col)).ln()
        }
    };
    let (r1, r2) = (k11 + k12, k21 + k22);
    let (c1, c2) = (k11 + k21, k12 + k22);
    (2.0 * (term(k11, r1, c1) + term(k12, r1, c2) + term(k21, r2, c1) + term(k22, r2, c2))).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str, lang: &str) -> Vec<Unit> {
        word_units(text, &Lang::new(lang))
    }

    #[test]
    fn arabic_units_meet_across_clitics_and_spelling() {
        let a = units("والرئيس", "ar");
        let b = units("الرئيس", "ar");
        let c = units("للرئيس", "ar");
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert_eq!(units("أعلن", "ar"), units("اعلن", "ar"));
        assert_ne!(units("الوزير", "ar"), units("الرئيس", "ar"));
        // Short words keep their first letter: وصل is not صل.
        assert_ne!(units("وصل", "ar"), units("صل", "ar"));
    }

    #[test]
    fn latin_units_fold_case_and_inflection() {
        assert_eq!(units("Ministers", "en"), units("minister", "en"));
        assert_eq!(units("talked", "en"), units("talks", "en"));
        assert_eq!(units("Expédition", "de"), units("expedition", "fr"));
        assert!(units("a 2022 of", "en").is_empty());
    }

    #[test]
    fn units_of_a_long_sentence_are_bounded() {
        let long: String = (0..500).map(|k| format!("word{k}x ")).collect();
        assert!(units(&long, "en").len() <= MAX_UNITS);
    }

    /// A synthetic bitext: source word `s{k}` translates target word `t{k}`; every pair
    /// also has noise words drawn from a rotating pool.
    fn synthetic(links: usize) -> Vec<(Vec<Unit>, Vec<Unit>)> {
        (0..links)
            .map(|i| {
                let k = i % 23;
                let src = format!("sword{k} snoise{} snoise{}", (i * 7) % 31, (i * 11) % 37);
                let tgt = format!("tword{k} tnoise{} tnoise{}", (i * 5) % 29, (i * 3) % 41);
                (units(&src, "en"), units(&tgt, "en"))
            })
            .collect()
    }

    fn learn(pairs: &[(Vec<Unit>, Vec<Unit>)]) -> Associations {
        Associations::learn(
            pairs.iter().map(|(s, t)| (s.as_slice(), t.as_slice())),
            &LearnConfig::default(),
        )
    }

    #[test]
    fn learns_the_translation_pairs_and_nothing_from_noise() {
        let pairs = synthetic(400);
        let table = learn(&pairs);
        let word = |k: usize, side: &str| units(&format!("{side}word{k}"), "en")[0];
        for k in 0..23 {
            let keys = table.source_keys(&[word(k, "s")]);
            assert!(!keys.is_empty(), "sword{k}");
            assert!(
                keys.iter()
                    .any(|&p| table.pairs()[p as usize].1 == word(k, "t")),
                "sword{k} ~ tword{k}"
            );
        }
        // Noise words co-occur by chance only: at most a few survive the cut.
        assert!(table.len() < 23 + 10, "{}", table.len());
    }

    #[test]
    fn learning_is_deterministic_whatever_the_hash_order() {
        let pairs = synthetic(300);
        let a = learn(&pairs);
        // Different hash seeds per HashMap instance: the result must still be equal.
        for _ in 0..5 {
            assert_eq!(learn(&pairs), a);
        }
        let mut reversed = pairs.clone();
        reversed.reverse();
        assert_eq!(learn(&reversed), a, "order of the links does not matter");
    }

    #[test]
    fn the_table_is_bounded_by_the_vocabulary() {
        // Each unit keeps at most `partners` partners, so the table never exceeds
        // partners × (distinct units), however many links share them.
        for links in [100, 1_000, 5_000] {
            let pairs = synthetic(links);
            let table = learn(&pairs);
            let distinct: std::collections::BTreeSet<Unit> =
                pairs.iter().flat_map(|(s, _)| s.iter().copied()).collect();
            assert!(table.len() <= LearnConfig::default().partners * distinct.len());
        }
    }

    #[test]
    fn nothing_is_learned_from_words_seen_once() {
        let pairs: Vec<(Vec<Unit>, Vec<Unit>)> = (0..200)
            .map(|i| {
                (
                    units(&format!("src{i}x only{i}y"), "en"),
                    units(&format!("tgt{i}x once{i}y"), "en"),
                )
            })
            .collect();
        assert!(learn(&pairs).is_empty());
    }

    #[test]
    fn llr_is_zero_for_independence_and_grows_with_association() {
        assert!(llr(25.0, 25.0, 25.0, 25.0).abs() < 1e-9);
        assert!(llr(10.0, 0.0, 0.0, 90.0) > llr(10.0, 5.0, 5.0, 80.0));
    }
}
