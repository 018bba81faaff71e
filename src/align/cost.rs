//! The cost of a bead: a group of source sentences paired with a group of target
//! sentences. Costs are negative log-likelihoods (lower is better) summed along a path:
//!
//! - length (Gale & Church 1993): the target's length in characters is normal around
//!   `ratio × source length` with variance `variance × length`; both are estimated from
//!   the document pair, not fixed for a language pair;
//! - bead prior: 1-1 is common, 2-1/1-2 less, 2-2/3-1/1-3 rare;
//! - lexical evidence: the weighted Dice overlap of the bead's keys (numbers, entities,
//!   shared tokens, name skeletons), per sentence, so a merge neither gains nor loses by
//!   itself: only when the merged sentence brings matching evidence;
//! - paragraphs as soft anchors: a bead that starts a paragraph on both sides gains a
//!   little, one that swallows a paragraph break pays a little;
//! - a deletion or insertion (1-0, 0-1) costs a fixed price per sentence plus a price
//!   growing with the square root of its length: possible, never cheap, dearer for long
//!   sentences.

use super::features::{shared_weight, Side, MAX_ORPHANS};
use super::meaning::Meaning;
use super::AlignConfig;

/// A bead shape: `src` source sentences with `tgt` target sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bead {
    pub src: u8,
    pub tgt: u8,
}

/// The shapes the search may use: 0-1, 1-0, then every `a-b` with one side 1 up to
/// `max_group`, 2-2, and from `max_group` 4 on 3-2 and 2-3: every shape of at most
/// `max_group + 1` sentences with one side of at most 2. Shapes of
/// [`LARGE_GROUP`] sentences or more are only taken where every sentence brings evidence
/// (see [`CostModel::cost_below`]).
pub(crate) fn bead_shapes(max_group: u32) -> Vec<Bead> {
    let max = max_group.clamp(1, 8) as u8;
    let mut beads = vec![
        Bead { src: 1, tgt: 1 },
        Bead { src: 1, tgt: 0 },
        Bead { src: 0, tgt: 1 },
    ];
    for k in 2..=max {
        beads.push(Bead { src: k, tgt: 1 });
        beads.push(Bead { src: 1, tgt: k });
    }
    if max >= 2 {
        beads.push(Bead { src: 2, tgt: 2 });
    }
    for k in 3..=max {
        if k + 2 <= max + 1 {
            beads.push(Bead { src: k, tgt: 2 });
            beads.push(Bead { src: 2, tgt: k });
        }
    }
    beads
}

/// Beads of this many sentences or more (3-2, 2-3, 4-1, 1-4) need evidence from every
/// sentence: such a group is easily a true link with a deleted neighbour swallowed, and
/// what tells them apart is whether the extra sentence shares something of its own with
/// the other side.
pub(crate) const LARGE_GROUP: usize = 5;

/// Gale–Church length parameters for this document pair.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LengthModel {
    /// Expected target characters per source character.
    pub ratio: f32,
    /// Variance of the target length per source character.
    pub variance: f32,
}

/// Variance of target length per character before the pair says otherwise: the median
/// of what the refit finds on Text+Berg dev and NTREX (2 to 4); Gale & Church's 6.8 was
/// measured on sentence pairs of a different corpus and is looser.
const PRIOR_VARIANCE: f32 = 3.0;

impl LengthModel {
    /// The ratio of the totals and the prior variance; refined later from the first
    /// alignment's 1-1 links.
    pub fn from_totals(src: &Side, tgt: &Side) -> LengthModel {
        let (s, t) = (src.total_len(), tgt.total_len());
        let ratio = if s > 0.0 && t > 0.0 {
            (t / s).clamp(0.2, 5.0)
        } else {
            1.0
        };
        LengthModel {
            ratio,
            variance: PRIOR_VARIANCE,
        }
    }

    /// Re-estimates ratio and variance from pairs of lengths that are probably right.
    pub fn refit(pairs: &[(f32, f32)], fallback: LengthModel) -> LengthModel {
        let pairs: Vec<&(f32, f32)> = pairs.iter().filter(|(s, t)| *s > 0.0 && *t > 0.0).collect();
        if pairs.len() < 10 {
            return fallback;
        }
        let (s, t) = pairs
            .iter()
            .fold((0.0, 0.0), |(a, b), (s, t)| (a + s, b + t));
        let ratio = (t / s).clamp(0.2, 5.0);
        let mut residuals: Vec<f32> = pairs
            .iter()
            .map(|(s, t)| (t - ratio * s).powi(2) / ((s * ratio + t) / 2.0))
            .collect();
        // The median, corrected to a variance for a normal law, so a few wrong pairs in
        // the first alignment do not inflate it; shrunk towards the prior by 20 pseudo
        // pairs, so a 15-sentence article does not get an overconfident estimate.
        residuals.sort_by(f32::total_cmp);
        let median = residuals[residuals.len() / 2];
        let measured = median / 0.455;
        let count = residuals.len() as f32;
        let variance =
            ((PRIOR_VARIANCE * 20.0 + measured * count) / (20.0 + count)).clamp(1.0, 60.0);
        LengthModel { ratio, variance }
    }

    /// −log P(lengths match) under the normal model, two-sided.
    pub fn cost(&self, src_len: f32, tgt_len: f32) -> f32 {
        let mean = (src_len * self.ratio + tgt_len) / 2.0;
        if mean <= 0.0 {
            return 0.0;
        }
        let delta = (tgt_len - self.ratio * src_len) / (self.variance * mean).sqrt();
        neg_ln_tail(delta.abs())
    }
}

/// Steps of the `neg_ln_tail` table per unit of z, and its end.
const TAIL_STEPS: f32 = 64.0;
const TAIL_END: f32 = 12.0;

/// −ln P(|Z| ≥ z), from a table with linear interpolation: the search asks for it for
/// every bead of every cell, and a logarithm per call was a tenth of the run time.
fn neg_ln_tail(z: f32) -> f32 {
    static TABLE: std::sync::OnceLock<Vec<f32>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=(TAIL_END * TAIL_STEPS) as usize + 1)
            .map(|k| -two_sided_tail(k as f32 / TAIL_STEPS).max(1e-12).ln())
            .collect()
    });
    let x = z * TAIL_STEPS;
    // NaN as well as the far tail.
    if x.is_nan() || x >= TAIL_END * TAIL_STEPS {
        // Beyond the table the tail is below 1e-12 anyway, as the direct formula clamps.
        return table[table.len() - 1];
    }
    let k = x as usize;
    let f = x - k as f32;
    table[k] + (table[k + 1] - table[k]) * f
}

/// P(|Z| ≥ z) for a standard normal Z (Abramowitz & Stegun 7.1.26 for erfc).
fn two_sided_tail(z: f32) -> f32 {
    let x = z / std::f32::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_6
            + t * (-0.284_496_74 + t * (1.421_413_7 + t * (-1.453_152 + t * 1.061_405_4))));
    (poly * (-x * x).exp()).clamp(0.0, 1.0)
}

/// What one bead's cost is made of, kept for scoring links after the search.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BeadEvidence {
    /// Weighted Dice overlap of the bead's keys in [0, 1]; `None` when neither side has a key.
    pub similarity: Option<f32>,
    pub length_cost: f32,
    /// The sentence encoder's similarity of the bead's two sides (`meaning`); `None`
    /// without an encoder.
    pub meaning: Option<f32>,
}

/// Reads pair overlaps `shared(i, j)` for source sentence `i`, target sentence `j`.
pub(crate) trait PairOverlap {
    fn shared(&self, i: usize, j: usize) -> f32;
}

pub(crate) struct CostModel<'a> {
    pub src: &'a Side,
    pub tgt: &'a Side,
    pub length: LengthModel,
    pub config: &'a AlignConfig,
    use_paragraphs: bool,
    /// Multipliers of the price of leaving a source / target sentence out.
    skip_scale: (f32, f32),
    /// The encoder's vectors of both sides, when `Signals::encoder` is given.
    meaning: Option<&'a Meaning>,
}

impl<'a> CostModel<'a> {
    pub fn new(src: &'a Side, tgt: &'a Side, length: LengthModel, config: &'a AlignConfig) -> Self {
        CostModel {
            src,
            tgt,
            length,
            config,
            use_paragraphs: src.has_paragraphs() && tgt.has_paragraphs(),
            skip_scale: skip_scale(src, tgt, length, config),
            meaning: None,
        }
    }

    /// The model with the encoder's evidence as one more cost term.
    pub fn with_meaning(mut self, meaning: Option<&'a Meaning>) -> Self {
        self.meaning = meaning;
        self
    }

    /// The meaning term of a bead of `a` + `b` sentences with similarity `s`: per sentence,
    /// so a group's reward grows with what it covers, like the key overlap's.
    #[inline]
    fn meaning_cost(&self, a: usize, b: usize, s: f32) -> f32 {
        let c = self.config;
        c.meaning_weight * (a + b) as f32 / 2.0 * (c.meaning_neutral - s)
    }

    /// Bead-independent evidence of the bead at `(i, j)` of shape `bead`.
    pub fn evidence(
        &self,
        i: usize,
        j: usize,
        bead: Bead,
        pairs: &(impl PairOverlap + ?Sized),
    ) -> BeadEvidence {
        let (a, b) = (bead.src as usize, bead.tgt as usize);
        BeadEvidence {
            similarity: self.similarity(i, j, bead, pairs),
            length_cost: self
                .length
                .cost(self.src.len_sum(i, a), self.tgt.len_sum(j, b)),
            meaning: self.meaning.and_then(|m| m.similarity(i, a, j, b)),
        }
    }

    /// Weighted Dice overlap of the bead's keys; `None` when neither side has a key.
    fn similarity(
        &self,
        i: usize,
        j: usize,
        bead: Bead,
        pairs: &(impl PairOverlap + ?Sized),
    ) -> Option<f32> {
        let (a, b) = (bead.src as usize, bead.tgt as usize);
        let (src_mass, tgt_mass, shared) = if a == 1 && b == 1 {
            let (s, t) = (self.src.mass_sum(i, 1), self.tgt.mass_sum(j, 1));
            let shared = if s > 0.0 && t > 0.0 {
                pairs.shared(i, j)
            } else {
                0.0
            };
            (s, t, shared)
        } else {
            group_overlap(&self.src.feats[i..i + a], &self.tgt.feats[j..j + b])
        };
        let mass = src_mass + tgt_mass;
        (mass > 0.0).then(|| (2.0 * shared / mass).min(1.0))
    }

    /// The cost of the bead at `(i, j)`, or infinity when it cannot be below `limit`:
    /// the search skips the key overlap of a group that even a perfect overlap would
    /// not make the best way into the cell.
    #[inline]
    pub fn cost_below(
        &self,
        i: usize,
        j: usize,
        bead: Bead,
        pairs: &impl PairOverlap,
        limit: f32,
    ) -> f32 {
        let c = self.config;
        let (a, b) = (bead.src as usize, bead.tgt as usize);
        if a == 0 || b == 0 {
            let furniture = if a > 0 {
                self.src.boilerplate[i]
            } else {
                self.tgt.boilerplate[j]
            };
            if furniture {
                return c.boilerplate_skip_cost;
            }
            // Long sentences are rarely left untranslated; headings, page furniture and
            // OCR debris often are.
            let len = self.src.len_sum(i, a) + self.tgt.len_sum(j, b) / self.length.ratio;
            let orphans = if a > 0 {
                self.src.orphans[i]
            } else {
                self.tgt.orphans[j]
            };
            let scale = if a > 0 {
                self.skip_scale.0
            } else {
                self.skip_scale.1
            };
            let full = (c.skip_cost * (a + b) as f32 + c.skip_length_cost * len.sqrt()) * scale;
            // A sentence whose numbers, names or Latin tokens occur nowhere in the
            // translation was probably left out: neighbours repeating the same names
            // cannot be told apart by their keys, but the one with unmatched evidence can.
            let discount = c.orphan_weight * f32::from(orphans.min(MAX_ORPHANS));
            return (full - discount).max(full * 0.25);
        }
        let prior = match (a, b) {
            (1, 1) => 0.0,
            (2, 1) | (1, 2) => c.merge_cost,
            (2, 2) => c.merge_cost * 2.0,
            _ if a + b >= LARGE_GROUP => {
                // Scaled with `merge` (4 when `large_merge` was tuned), so a five-sentence
                // link stays dearer than a 3-1 where merges are priced higher.
                c.large_merge_cost * c.merge_cost / 4.0
                    + c.merge_cost * (a + b - LARGE_GROUP) as f32 * 1.25
            }
            _ => c.merge_cost * (a + b - 2) as f32 * 1.25,
        };
        // Per sentence that carries evidence: a sentence with no keys neither helps nor
        // hurts, so grouping it into a well-matched bead gains nothing.
        let carriers = (i..i + a)
            .filter(|&k| self.src.mass_sum(k, 1) > 0.0)
            .count()
            + (j..j + b)
                .filter(|&k| self.tgt.mass_sum(k, 1) > 0.0)
                .count();
        // Everything but length and overlap first: most groups are ruled out before
        // either is computed.
        let mut shape = prior;
        if a > 1 || b > 1 {
            // A sentence grouped with others whose own numbers or names the translation
            // lacks is more likely a sentence left out next to a true 1-1.
            let grouped: u32 = if a > 1 {
                (i..i + a)
                    .map(|k| u32::from(self.src.orphans[k].min(MAX_ORPHANS)))
                    .sum()
            } else {
                (j..j + b)
                    .map(|k| u32::from(self.tgt.orphans[k].min(MAX_ORPHANS)))
                    .sum()
            };
            shape += c.orphan_merge * grouped as f32;
        }
        if self.use_paragraphs {
            let crosses = (i + 1..i + a).any(|k| self.src.para_start[k])
                || (j + 1..j + b).any(|k| self.tgt.para_start[k]);
            let both_start = self.src.para_start.get(i).copied().unwrap_or(false)
                && self.tgt.para_start.get(j).copied().unwrap_or(false);
            if crosses {
                shape += c.paragraph_weight;
            }
            if both_start {
                shape -= c.paragraph_weight;
            }
        }
        let per_overlap = c.lexical_weight * carriers as f32 / 2.0;
        if a + b >= LARGE_GROUP {
            // Five sentences' lengths rarely fit: checked before the pair overlaps, with
            // the best overlap there could be, this rules out most large groups in O(1).
            let length_cost = self
                .length
                .cost(self.src.len_sum(i, a), self.tgt.len_sum(j, b));
            let best_lexical = per_overlap * (c.lexical_neutral - 1.0);
            if shape + length_cost + best_lexical >= limit + 1e-3 {
                return f32::INFINITY;
            }
        }
        // The best overlap the bead could have. For a group, at most the sum of its pair
        // overlaps (read from the search's cache) over the largest single sentence mass
        // of each side: a cheap bound that spares the exact count of most groups.
        let best_overlap = if carriers == 0 {
            None
        } else if a == 1 && b == 1 {
            Some(1.0)
        } else {
            let mut pair_sum = 0.0;
            for ii in i..i + a {
                for jj in j..j + b {
                    pair_sum += pairs.shared(ii, jj);
                }
            }
            let heaviest = |side: &Side, from: usize, count: usize| {
                (from..from + count)
                    .map(|k| side.mass_sum(k, 1))
                    .fold(0.0f32, f32::max)
            };
            let masses = heaviest(self.src, i, a) + heaviest(self.tgt, j, b);
            Some((2.0 * pair_sum / masses).min(1.0))
        };
        let lexical_floor = best_overlap.map_or(0.0, |s| per_overlap * (c.lexical_neutral - s))
            + self.meaning.map_or(0.0, |_| self.meaning_cost(a, b, 1.0));
        // The margin keeps float rounding from ever pruning the best bead.
        const MARGIN: f32 = 1e-3;
        if shape + lexical_floor >= limit + MARGIN {
            return f32::INFINITY;
        }
        let length_cost = self
            .length
            .cost(self.src.len_sum(i, a), self.tgt.len_sum(j, b));
        let cost = length_cost + shape;
        if cost + lexical_floor >= limit + MARGIN {
            return f32::INFINITY;
        }
        let cost = if a + b >= LARGE_GROUP {
            let lacking = sentences_without_own_evidence(
                &self.src.feats[i..i + a],
                &self.tgt.feats[j..j + b],
            );
            if lacking == 0 {
                cost
            } else if c.large_group_gate.is_infinite() {
                return f32::INFINITY;
            } else {
                cost + c.large_group_gate * lacking as f32
            }
        } else {
            cost
        };
        let lexical = match best_overlap {
            None => 0.0,
            // No pair shares a key, so neither does the group.
            Some(0.0) => per_overlap * c.lexical_neutral,
            Some(_) => self
                .similarity(i, j, bead, pairs)
                .map_or(0.0, |s| per_overlap * (c.lexical_neutral - s)),
        };
        let meaning = self
            .meaning
            .and_then(|m| m.similarity(i, a, j, b))
            .map_or(0.0, |s| self.meaning_cost(a, b, s));
        cost + lexical + meaning
    }
}

/// How many sentences of a bead share with the other side no key that the rest of their
/// own side of the bead lacks. Half of a merged or split sentence brings its own words,
/// numbers and names; a neighbour whose translation was dropped often only repeats the
/// names of the sentences around it, and grouping it would hide the deletion.
fn sentences_without_own_evidence(src: &[Vec<(u32, f32)>], tgt: &[Vec<(u32, f32)>]) -> usize {
    fn has(list: &[(u32, f32)], id: u32) -> bool {
        list.binary_search_by_key(&id, |&(k, _)| k).is_ok()
    }
    fn lacking(own: &[Vec<(u32, f32)>], other: &[Vec<(u32, f32)>]) -> usize {
        own.iter()
            .enumerate()
            .filter(|&(k, keys)| {
                !keys.iter().any(|&(id, _)| {
                    other.iter().any(|o| has(o, id))
                        && own.iter().enumerate().all(|(k2, o)| k2 == k || !has(o, id))
                })
            })
            .count()
    }
    lacking(src, tgt) + lacking(tgt, src)
}

/// Mass of the keys of each group and weight of the keys both groups share, each key
/// counted once however many sentences of a group carry it: neighbouring news sentences
/// repeat the same names, and summing pair overlaps would make every merge of two such
/// sentences look better than either 1-1.
pub(crate) fn group_overlap(src: &[Vec<(u32, f32)>], tgt: &[Vec<(u32, f32)>]) -> (f32, f32, f32) {
    const MAX: usize = 8;
    let (src, tgt) = (&src[..src.len().min(MAX)], &tgt[..tgt.len().min(MAX)]);
    let mut at_src = [0usize; MAX];
    let mut at_tgt = [0usize; MAX];
    // The smallest key id not yet passed in any list of `lists`, with its weight.
    fn head(lists: &[Vec<(u32, f32)>], at: &[usize]) -> Option<(u32, f32)> {
        lists
            .iter()
            .zip(at)
            .filter_map(|(l, &k)| l.get(k).copied())
            .min_by_key(|&(id, _)| id)
    }
    fn pass(lists: &[Vec<(u32, f32)>], at: &mut [usize], id: u32) -> bool {
        let mut found = false;
        for (l, k) in lists.iter().zip(at.iter_mut()) {
            if l.get(*k).is_some_and(|&(x, _)| x == id) {
                *k += 1;
                found = true;
            }
        }
        found
    }
    let (mut src_mass, mut tgt_mass, mut shared) = (0.0, 0.0, 0.0);
    loop {
        let (s, t) = (head(src, &at_src), head(tgt, &at_tgt));
        let (id, weight) = match (s, t) {
            (None, None) => break,
            (Some(x), None) | (None, Some(x)) => x,
            (Some(x), Some(y)) => {
                if x.0 <= y.0 {
                    x
                } else {
                    y
                }
            }
        };
        let in_src = pass(src, &mut at_src, id);
        let in_tgt = pass(tgt, &mut at_tgt, id);
        if in_src {
            src_mass += weight;
        }
        if in_tgt {
            tgt_mass += weight;
        }
        if in_src && in_tgt {
            shared += weight;
        }
    }
    (src_mass, tgt_mass, shared)
}

/// How much cheaper leaving out a sentence of each side is, from the document itself: when
/// the source has more text than the ratio of its matched 1-1 pairs predicts, the surplus
/// is sentences without a counterpart, and the more of it, the cheaper they are to skip.
fn skip_scale(src: &Side, tgt: &Side, length: LengthModel, config: &AlignConfig) -> (f32, f32) {
    let (s, t) = (src.total_len() * length.ratio, tgt.total_len());
    if s <= 0.0 || t <= 0.0 {
        return (1.0, 1.0);
    }
    let surplus = |more: f32, less: f32| (1.0 - less / more).max(0.0);
    let scale = |x: f32| (1.0 - config.surplus_weight * x).clamp(0.5, 1.0);
    (scale(surplus(s, t)), scale(surplus(t, s)))
}

/// Pair overlap computed on demand, for small inputs and tests.
pub(crate) struct DirectOverlap<'a> {
    pub src: &'a Side,
    pub tgt: &'a Side,
}

impl PairOverlap for DirectOverlap<'_> {
    fn shared(&self, i: usize, j: usize) -> f32 {
        shared_weight(&self.src.feats[i], &self.tgt.feats[j])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_lengths_at_the_ratio_cost_least() {
        let m = LengthModel {
            ratio: 1.2,
            variance: 6.8,
        };
        let at_ratio = m.cost(100.0, 120.0);
        assert!(at_ratio < 0.01, "{at_ratio}");
        assert!(m.cost(100.0, 160.0) > m.cost(100.0, 135.0));
        assert!(m.cost(100.0, 60.0) > 3.0);
    }

    #[test]
    fn refit_finds_the_ratio_and_ignores_outliers() {
        let mut pairs: Vec<(f32, f32)> =
            (10..60).map(|k| (k as f32 * 3.0, k as f32 * 3.6)).collect();
        pairs.push((50.0, 400.0));
        let m = LengthModel::refit(
            &pairs,
            LengthModel {
                ratio: 1.0,
                variance: 6.8,
            },
        );
        assert!((m.ratio - 1.2).abs() < 0.1, "{m:?}");
        assert!(m.variance < 6.8, "{m:?}");
    }

    #[test]
    fn tabled_tail_cost_follows_the_formula() {
        for k in 0..400 {
            let z = k as f32 * 0.037;
            let direct = -two_sided_tail(z).max(1e-12).ln();
            assert!((neg_ln_tail(z) - direct).abs() < 0.01, "z {z}");
        }
        assert!(neg_ln_tail(f32::NAN).is_finite());
    }

    #[test]
    fn tail_probability_is_sane() {
        assert!((two_sided_tail(0.0) - 1.0).abs() < 1e-3);
        assert!((two_sided_tail(1.96) - 0.05).abs() < 2e-3);
    }

    #[test]
    fn a_key_repeated_in_a_group_counts_once() {
        let trump = (7, 2.0);
        let (src_mass, tgt_mass, shared) =
            group_overlap(&[vec![trump], vec![(3, 1.0), trump]], &[vec![trump]]);
        assert_eq!((src_mass, tgt_mass, shared), (3.0, 2.0, 2.0));
        // So merging a neighbour that only repeats the name lowers the overlap.
        let dice = 2.0 * shared / (src_mass + tgt_mass);
        assert!(dice < 1.0);
    }

    #[test]
    fn the_side_with_surplus_text_skips_cheaper() {
        use crate::model::{Document, Lang};
        let doc =
            |lang: &str, sentences: &[&str]| Document::from_sentences(Lang::new(lang), sentences);
        let f = super::super::features::extract(
            &doc(
                "de",
                &["eins zwei drei", "vier fünf sechs", "sieben acht neun"],
            ),
            &doc("fr", &["un deux trois", "quatre cinq six"]),
            None,
        );
        let length = LengthModel {
            ratio: 1.0,
            variance: 3.0,
        };
        let config = AlignConfig::default();
        let (src, tgt) = skip_scale(&f.src, &f.tgt, length, &config);
        assert!(src < 1.0 && tgt == 1.0, "{src} {tgt}");
        let (src, tgt) = skip_scale(&f.tgt, &f.src, length, &config);
        assert!(src == 1.0 && tgt < 1.0, "{src} {tgt}");
    }

    #[test]
    fn shapes_follow_max_group() {
        assert_eq!(bead_shapes(1).len(), 3);
        assert_eq!(bead_shapes(3).len(), 8);
        let four = bead_shapes(4);
        for (src, tgt) in [(1, 4), (4, 1), (3, 2), (2, 3)] {
            assert!(four.contains(&Bead { src, tgt }), "{src}-{tgt}");
        }
        assert!(!four.contains(&Bead { src: 3, tgt: 3 }));
        assert_eq!(four.len(), 12);
    }
}
