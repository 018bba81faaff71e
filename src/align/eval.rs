//! Measuring alignments: vecalign's link files, its strict/lax precision, recall and F1,
//! the calibration of scores, and harder test pairs built from an easy gold set.
//!
//! The metric follows vecalign's `score.py` (Thompson & Koehn 2019, after Sennrich & Volk
//! 2011), as re-implemented in `../shared/tools/align_score.py`: counts are summed over all
//! document pairs; every predicted link that is not empty on both sides is judged for
//! precision (strict: the same link is in the gold; lax: also when a gold link shares a
//! source sentence and some target sentence with it; 1-0 / 0-1 links only strictly); for
//! recall the roles swap and 1-0 / 0-1 links are dropped from both sides first.

use crate::error::{Error, Result};
use crate::model::Link;
use std::collections::{HashMap, HashSet};
use std::io::Write;

/// A link as gold files write it: index lists that need not be consecutive (a few
/// Text+Berg gold links skip a sentence, `[291, 293, 294]`).
#[derive(Clone, Debug, PartialEq)]
pub struct LinkIds {
    pub src: Vec<u32>,
    pub tgt: Vec<u32>,
    pub score: f32,
}

impl From<&Link> for LinkIds {
    fn from(link: &Link) -> LinkIds {
        LinkIds {
            src: link.src.clone().collect(),
            tgt: link.tgt.clone().collect(),
            score: link.score,
        }
    }
}

impl LinkIds {
    pub fn new(src: std::ops::Range<u32>, tgt: std::ops::Range<u32>) -> LinkIds {
        LinkIds::from(&Link::new(src, tgt, 1.0))
    }
    /// The link as a [`Link`] when both sides are consecutive.
    pub fn to_link(&self) -> Option<Link> {
        let range = |ids: &[u32]| -> Option<std::ops::Range<u32>> {
            let Some(&first) = ids.first() else {
                return Some(0..0);
            };
            let consecutive = ids.iter().enumerate().all(|(o, &i)| i == first + o as u32);
            consecutive.then(|| first..first + ids.len() as u32)
        };
        Some(Link::new(range(&self.src)?, range(&self.tgt)?, self.score))
    }
}

/// Parses vecalign's link format, one link per line: `[0]:[0, 1]`, `[1, 2]:[2]:0.53`,
/// `[]:[3]`. A third field is the score (1 when absent). Blank lines are skipped.
pub fn parse_links(text: &str) -> Result<Vec<LinkIds>> {
    let mut links = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let at = |msg: String| Error::syntax(msg).at_line(k + 1);
        let (src, rest) = take_list(line).map_err(|m| at(m.to_string()))?;
        let rest = rest
            .trim_start()
            .strip_prefix(':')
            .ok_or_else(|| at(format!("expected `:` after the source list in `{line}`")))?;
        let (tgt, rest) = take_list(rest).map_err(|m| at(m.to_string()))?;
        let score = match rest.trim().strip_prefix(':') {
            Some(s) => s.trim().parse::<f32>().map_err(|_| {
                at(format!(
                    "expected a score after the second `:`, found `{}`",
                    s.trim()
                ))
            })?,
            None if rest.trim().is_empty() => 1.0,
            None => {
                return Err(at(format!(
                    "unexpected `{}` after the target list",
                    rest.trim()
                )))
            }
        };
        links.push(LinkIds { src, tgt, score });
    }
    Ok(links)
}

fn take_list(s: &str) -> std::result::Result<(Vec<u32>, &str), &'static str> {
    let s = s.trim_start();
    let s = s
        .strip_prefix('[')
        .ok_or("expected a list such as `[0, 1]`")?;
    let end = s.find(']').ok_or("a list is not closed with `]`")?;
    let ids = s[..end]
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| {
            x.parse::<u32>()
                .map_err(|_| "list entries must be sentence numbers")
        })
        .collect::<std::result::Result<Vec<u32>, _>>()?;
    Ok((ids, &s[end + 1..]))
}

fn list(ids: impl Iterator<Item = u32>) -> String {
    let ids: Vec<String> = ids.map(|i| i.to_string()).collect();
    format!("[{}]", ids.join(", "))
}

/// Writes links in vecalign's format with the score as a third field: `[3]:[4, 5]:0.912`.
pub fn write_links(links: &[Link], out: &mut dyn Write) -> std::io::Result<()> {
    for link in links {
        writeln!(
            out,
            "{}:{}:{:.3}",
            list(link.src.clone()),
            list(link.tgt.clone()),
            link.score
        )?;
    }
    Ok(())
}

/// Strict and lax precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub precision_strict: f64,
    pub recall_strict: f64,
    pub f1_strict: f64,
    pub precision_lax: f64,
    pub recall_lax: f64,
    pub f1_lax: f64,
}

type Key = (Vec<u32>, Vec<u32>);

fn key(link: &LinkIds) -> Key {
    (link.src.clone(), link.tgt.clone())
}

/// (strict hits, strict misses, lax hits, lax misses) of `hypothesis` against `reference`.
fn judge(reference: &[Key], hypothesis: &[Key]) -> [usize; 4] {
    let refs: HashSet<&Key> = reference
        .iter()
        .filter(|(s, t)| !s.is_empty() || !t.is_empty())
        .collect();
    let hyps: HashSet<&Key> = hypothesis
        .iter()
        .filter(|(s, t)| !s.is_empty() || !t.is_empty())
        .collect();
    let mut targets_of: HashMap<u32, HashSet<u32>> = HashMap::new();
    for (s, t) in &refs {
        for &i in s {
            targets_of.entry(i).or_default().extend(t.iter().copied());
        }
    }
    let mut counts = [0usize; 4];
    for h in hyps {
        if refs.contains(h) {
            counts[0] += 1;
            counts[2] += 1;
            continue;
        }
        counts[1] += 1;
        let lax =
            h.0.iter()
                .filter_map(|i| targets_of.get(i))
                .any(|ts| h.1.iter().any(|t| ts.contains(t)));
        counts[if lax { 2 } else { 3 }] += 1;
    }
    counts
}

/// Scores `(gold, predicted)` document pairs, counts summed before dividing.
pub fn score(pairs: &[(Vec<LinkIds>, Vec<LinkIds>)]) -> Scores {
    let mut p = [0usize; 4];
    let mut r = [0usize; 4];
    for (gold, pred) in pairs {
        let gold: Vec<Key> = gold.iter().map(key).collect();
        let pred: Vec<Key> = pred.iter().map(key).collect();
        for (acc, v) in p.iter_mut().zip(judge(&gold, &pred)) {
            *acc += v;
        }
        let both = |v: &[Key]| -> Vec<Key> {
            v.iter()
                .filter(|(s, t)| !s.is_empty() && !t.is_empty())
                .cloned()
                .collect()
        };
        for (acc, v) in r.iter_mut().zip(judge(&both(&pred), &both(&gold))) {
            *acc += v;
        }
    }
    let ratio = |a: usize, b: usize| {
        if a + b == 0 {
            0.0
        } else {
            a as f64 / (a + b) as f64
        }
    };
    let f1 = |p: f64, r: f64| {
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    };
    let (ps, pl, rs, rl) = (
        ratio(p[0], p[1]),
        ratio(p[2], p[3]),
        ratio(r[0], r[1]),
        ratio(r[2], r[3]),
    );
    Scores {
        precision_strict: ps,
        recall_strict: rs,
        f1_strict: f1(ps, rs),
        precision_lax: pl,
        recall_lax: rl,
        f1_lax: f1(pl, rl),
    }
}

/// The link types recall and precision are broken down by, as `source-target` counts;
/// `larger` is every other shape (3-1, 1-3, 2-3, …).
pub const LINK_TYPES: [&str; 7] = ["1-1", "1-2", "2-1", "2-2", "1-0", "0-1", "larger"];

fn type_slot(link: &LinkIds) -> usize {
    match (link.src.len(), link.tgt.len()) {
        (1, 1) => 0,
        (1, 2) => 1,
        (2, 1) => 2,
        (2, 2) => 3,
        (1, 0) => 4,
        (0, 1) => 5,
        _ => 6,
    }
}

/// Strict recall and precision per link type: of the gold links of a type, how many the
/// aligner produced exactly; of its links of a type, how many are exactly gold. 1-0 and
/// 0-1 links count here (vecalign's recall leaves them out), so a dropped sentence that
/// was merged into a neighbour shows as a missed 1-0.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ByType {
    /// Per [`LINK_TYPES`] slot: gold links, of which found exactly.
    pub gold: [usize; 7],
    pub found: [usize; 7],
    /// Per slot: predicted links, of which exactly gold.
    pub predicted: [usize; 7],
    pub right: [usize; 7],
}

impl ByType {
    pub fn add(&mut self, gold: &[LinkIds], pred: &[LinkIds]) {
        let gold_keys: HashSet<Key> = gold.iter().map(key).collect();
        let pred_keys: HashSet<Key> = pred.iter().map(key).collect();
        for link in gold {
            let t = type_slot(link);
            self.gold[t] += 1;
            self.found[t] += usize::from(pred_keys.contains(&key(link)));
        }
        for link in pred {
            let t = type_slot(link);
            self.predicted[t] += 1;
            self.right[t] += usize::from(gold_keys.contains(&key(link)));
        }
    }

    /// Recall of slot `t`; `None` when the gold has no link of that type.
    pub fn recall(&self, t: usize) -> Option<f64> {
        (self.gold[t] > 0).then(|| self.found[t] as f64 / self.gold[t] as f64)
    }

    /// Precision of slot `t`; `None` when no link of that type was produced.
    pub fn precision(&self, t: usize) -> Option<f64> {
        (self.predicted[t] > 0).then(|| self.right[t] as f64 / self.predicted[t] as f64)
    }

    /// The table `qarin eval align` prints: one row per link type with its counts.
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let cell = |x: Option<f64>| x.map_or("    -".to_string(), |v| format!("{v:.3}"));
        writeln!(out, "| type   |  gold | recall | predicted | precision |")?;
        writeln!(out, "|--------|------:|-------:|----------:|----------:|")?;
        for (t, name) in LINK_TYPES.iter().enumerate() {
            if self.gold[t] == 0 && self.predicted[t] == 0 {
                continue;
            }
            writeln!(
                out,
                "| {name:<6} | {:>5} |  {} | {:>9} |     {} |",
                self.gold[t],
                cell(self.recall(t)),
                self.predicted[t],
                cell(self.precision(t))
            )?;
        }
        Ok(())
    }
}

/// How often links are exactly right above and below a score threshold.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Calibration {
    pub above: usize,
    pub above_right: usize,
    pub below: usize,
    pub below_right: usize,
}

impl Calibration {
    /// Judges every predicted link (1-0 / 0-1 included) strictly against the gold.
    pub fn add(&mut self, gold: &[LinkIds], pred: &[Link], threshold: f32) {
        let gold: HashSet<Key> = gold.iter().map(key).collect();
        for link in pred {
            let right = gold.contains(&key(&LinkIds::from(link)));
            if link.score >= threshold {
                self.above += 1;
                self.above_right += usize::from(right);
            } else {
                self.below += 1;
                self.below_right += usize::from(right);
            }
        }
    }
    pub fn precision_above(&self) -> f64 {
        self.above_right as f64 / self.above.max(1) as f64
    }
    pub fn precision_below(&self) -> f64 {
        self.below_right as f64 / self.below.max(1) as f64
    }
}

/// One document pair for evaluation: sentences of both sides and the gold links.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoldPair {
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub gold: Vec<LinkIds>,
}

/// Damage done to an easy gold pair to make it hard, each a probability per gold link.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Perturbation {
    /// Join this 1-1 link's target with the next one's: a 2-1 link.
    pub merge_target: f64,
    /// Join this 1-1 link's source with the next one's: a 1-2 link.
    pub merge_source: f64,
    /// Remove the source sentences: their targets become 0-1 links.
    pub drop_source: f64,
    /// Remove the target sentences: their sources become 1-0 links.
    pub drop_target: f64,
    /// Join this 1-1 link with the next ones into a larger link, the shapes in turn:
    /// 3-2 (three links, two targets joined), 2-3, 4-1 (four links, targets joined), 1-4.
    pub group: f64,
}

impl Perturbation {
    /// Parses `merge-source=0.1,drop-target=0.05,…`; a bare name means 0.1.
    pub fn parse(spec: &str) -> std::result::Result<Perturbation, String> {
        let mut p = Perturbation::default();
        for part in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, "0.1"));
            let value: f64 = value
                .parse()
                .ok()
                .filter(|v| (0.0..=1.0).contains(v))
                .ok_or_else(|| format!("`{part}`: the probability must be a number from 0 to 1"))?;
            let slot = match name {
                "merge-target" => &mut p.merge_target,
                "merge-source" => &mut p.merge_source,
                "drop-source" => &mut p.drop_source,
                "drop-target" => &mut p.drop_target,
                "group" => &mut p.group,
                _ => return Err(format!("unknown perturbation `{name}`; use merge-source, merge-target, drop-source, drop-target or group")),
            };
            *slot = value;
        }
        Ok(p)
    }
}

/// A small deterministic generator (SplitMix64), so perturbed sets are the same on every
/// machine for a given seed.
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }
    pub fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn is_one_to_one(link: &LinkIds) -> bool {
    link.src.len() == 1 && link.tgt.len() == 1
}

/// A harder version of `pair`: merged and dropped sentences as `p` asks, with the gold
/// rewritten to match. Links other than 1-1 are copied as they are.
pub fn perturb(pair: &GoldPair, p: &Perturbation, rng: &mut SplitMix) -> GoldPair {
    let mut out = GoldPair::default();
    let sentence = |v: &[String], ids: &[u32]| -> Vec<String> {
        ids.iter()
            .filter_map(|&i| v.get(i as usize).cloned())
            .collect()
    };
    let mut k = 0;
    let mut groups = 0usize;
    while k < pair.gold.len() {
        let link = &pair.gold[k];
        let src = sentence(&pair.source, &link.src);
        let tgt = sentence(&pair.target, &link.tgt);
        let next_mergeable = pair.gold.get(k + 1).is_some_and(is_one_to_one) && is_one_to_one(link);
        let roll = rng.next_f64();
        let (s0, t0) = (out.source.len() as u32, out.target.len() as u32);
        let merges = p.merge_target + p.merge_source;
        // Checked after the two-link merges, so a spec without `group` draws the same
        // numbers as before it existed and gives the same pairs for a seed.
        if roll >= merges && roll < merges + p.group {
            let (shape, span) = GROUP_SHAPES[groups % GROUP_SHAPES.len()];
            let run = &pair.gold[k..(k + span).min(pair.gold.len())];
            if run.len() == span && run.iter().all(is_one_to_one) {
                groups += 1;
                let src: Vec<String> = run
                    .iter()
                    .flat_map(|l| sentence(&pair.source, &l.src))
                    .collect();
                let tgt: Vec<String> = run
                    .iter()
                    .flat_map(|l| sentence(&pair.target, &l.tgt))
                    .collect();
                let (a, b) = shape;
                let src = join_into(src, a);
                let tgt = join_into(tgt, b);
                out.source.extend(src);
                out.target.extend(tgt);
                out.gold
                    .push(LinkIds::new(s0..s0 + a as u32, t0..t0 + b as u32));
                k += span;
                continue;
            }
        }
        if next_mergeable && roll < p.merge_target + p.merge_source {
            let next = &pair.gold[k + 1];
            let src2 = sentence(&pair.source, &next.src);
            let tgt2 = sentence(&pair.target, &next.tgt);
            if roll < p.merge_target {
                out.source.extend(src.into_iter().chain(src2));
                out.target
                    .push(format!("{} {}", tgt.concat(), tgt2.concat()));
                out.gold.push(LinkIds::new(s0..s0 + 2, t0..t0 + 1));
            } else {
                out.source
                    .push(format!("{} {}", src.concat(), src2.concat()));
                out.target.extend(tgt.into_iter().chain(tgt2));
                out.gold.push(LinkIds::new(s0..s0 + 1, t0..t0 + 2));
            }
            k += 2;
            continue;
        }
        let roll = rng.next_f64();
        if roll < p.drop_source && !tgt.is_empty() {
            for (o, t) in tgt.into_iter().enumerate() {
                out.target.push(t);
                out.gold
                    .push(LinkIds::new(s0..s0, t0 + o as u32..t0 + o as u32 + 1));
            }
        } else if roll < p.drop_source + p.drop_target && !src.is_empty() {
            for (o, s) in src.into_iter().enumerate() {
                out.source.push(s);
                out.gold
                    .push(LinkIds::new(s0 + o as u32..s0 + o as u32 + 1, t0..t0));
            }
        } else {
            let (a, b) = (src.len() as u32, tgt.len() as u32);
            out.source.extend(src);
            out.target.extend(tgt);
            out.gold.push(LinkIds::new(s0..s0 + a, t0..t0 + b));
        }
        k += 1;
    }
    out
}

/// The larger links `group` makes, in turn: `((source sentences, target sentences),
/// consecutive 1-1 links used)`.
const GROUP_SHAPES: [((usize, usize), usize); 4] =
    [((3, 2), 3), ((2, 3), 3), ((4, 1), 4), ((1, 4), 4)];

/// `lines` made into `parts` lines: all joined into one, or three into two with the
/// middle one split at its middle word (`[a, b, c]` → `["a b₁", "b₂ c"]`), so the group
/// cannot be cut into smaller links: a true 3-2 / 2-3, not a 2-1 beside a 1-1.
fn join_into(lines: Vec<String>, parts: usize) -> Vec<String> {
    if parts >= lines.len() {
        return lines;
    }
    if parts == 2 && lines.len() == 3 {
        let words: Vec<&str> = lines[1].split_whitespace().collect();
        let half = words.len().div_ceil(2);
        let first = [lines[0].as_str()]
            .into_iter()
            .chain(words[..half].iter().copied());
        let second = words[half..].iter().copied().chain([lines[2].as_str()]);
        return vec![
            first.collect::<Vec<_>>().join(" "),
            second.collect::<Vec<_>>().join(" "),
        ];
    }
    vec![lines.join(" ")]
}

/// Concatenates document pairs into one, shifting the gold links.
pub fn join(pairs: &[GoldPair]) -> GoldPair {
    let mut out = GoldPair::default();
    for p in pairs {
        let (s0, t0) = (out.source.len() as u32, out.target.len() as u32);
        out.source.extend(p.source.iter().cloned());
        out.target.extend(p.target.iter().cloned());
        out.gold.extend(p.gold.iter().map(|l| LinkIds {
            src: l.src.iter().map(|i| i + s0).collect(),
            tgt: l.tgt.iter().map(|i| i + t0).collect(),
            score: l.score,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<LinkIds> {
        parse_links(text).unwrap()
    }

    #[test]
    fn parses_vecalign_lines_with_and_without_scores() {
        let l = links("[0]:[0, 1]\n\n[1, 2]:[2]:0.53\n[]:[3]\n [4] : [5] \n");
        assert_eq!(l.len(), 4);
        assert_eq!((l[0].src.clone(), l[0].tgt.clone()), (vec![0], vec![0, 1]));
        assert!((l[1].score - 0.53).abs() < 1e-6);
        assert!(l[2].src.is_empty());
        assert_eq!(l[3].tgt, [5]);
        let gappy = &links("[291, 293]:[7]")[0];
        assert_eq!(gappy.src, [291, 293]);
        assert!(gappy.to_link().is_none());
    }

    #[test]
    fn bad_lines_name_their_line() {
        let err = parse_links("[0]:[0]\n[1]-[1]\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(parse_links("[0]:[x]").is_err());
    }

    #[test]
    fn writes_what_it_reads() {
        let l: Vec<Link> = links("[3]:[4, 5]:0.912\n[]:[6]:0.2\n")
            .iter()
            .filter_map(LinkIds::to_link)
            .collect();
        let mut out = Vec::new();
        write_links(&l, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "[3]:[4, 5]:0.912\n[]:[6]:0.200\n"
        );
    }

    #[test]
    fn strict_and_lax_follow_vecalign() {
        let gold = links("[0]:[0]\n[1]:[1, 2]\n[]:[3]\n[2]:[4]");
        let pred = links("[0]:[0]\n[1]:[1]\n[]:[2]\n[]:[3]\n[2]:[4]");
        let s = score(&[(gold, pred)]);
        // Precision: [0]:[0], []:[3], [2]:[4] strict; [1]:[1] lax; []:[2] wrong.
        assert!((s.precision_strict - 3.0 / 5.0).abs() < 1e-9);
        assert!((s.precision_lax - 4.0 / 5.0).abs() < 1e-9);
        // Recall over non-empty links: gold [0]:[0], [1]:[1,2], [2]:[4].
        assert!((s.recall_strict - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.recall_lax - 1.0).abs() < 1e-9);
    }

    /// `n` sentences a side, `s{i}` linked to `t{i}`.
    fn one_to_one(n: usize) -> GoldPair {
        GoldPair {
            source: (0..n).map(|i| format!("s{i}")).collect(),
            target: (0..n).map(|i| format!("t{i}")).collect(),
            gold: (0..n as u32)
                .map(|i| LinkIds::new(i..i + 1, i..i + 1))
                .collect(),
        }
    }

    #[test]
    fn perturbation_keeps_gold_consistent() {
        let n = 200;
        let pair = one_to_one(n);
        let p = Perturbation::parse(
            "merge-source=0.1,merge-target=0.1,drop-source=0.05,drop-target=0.05",
        )
        .unwrap();
        let hard = perturb(&pair, &p, &mut SplitMix::new(7));
        assert_eq!(
            hard,
            perturb(&pair, &p, &mut SplitMix::new(7)),
            "deterministic"
        );
        let (mut s, mut t) = (0, 0);
        for l in &hard.gold {
            for (ids, next) in [(&l.src, &mut s), (&l.tgt, &mut t)] {
                for &i in ids {
                    assert_eq!(i, *next, "gold covers both sides in order");
                    *next += 1;
                }
            }
        }
        assert_eq!(
            (s as usize, t as usize),
            (hard.source.len(), hard.target.len())
        );
        let shapes: HashSet<String> = hard
            .gold
            .iter()
            .map(|l| format!("{}-{}", l.src.len(), l.tgt.len()))
            .collect();
        for shape in ["1-1", "2-1", "1-2", "0-1", "1-0"] {
            assert!(shapes.contains(shape), "{shape} missing");
        }
        // Each target line of a 2-1 link is the two original lines joined.
        let merged = hard.gold.iter().find(|l| l.src.len() == 2).unwrap();
        let first = &hard.source[merged.src[0] as usize];
        let i: usize = first[1..].parse().unwrap();
        assert_eq!(
            hard.target[merged.tgt[0] as usize],
            format!("t{i} t{}", i + 1)
        );
    }

    #[test]
    fn group_perturbation_makes_larger_links() {
        let n = 120;
        let pair = one_to_one(n);
        let p = Perturbation::parse("group=0.3").unwrap();
        let hard = perturb(&pair, &p, &mut SplitMix::new(3));
        let shapes: HashSet<(usize, usize)> = hard
            .gold
            .iter()
            .map(|l| (l.src.len(), l.tgt.len()))
            .collect();
        for shape in [(3, 2), (2, 3), (4, 1), (1, 4)] {
            assert!(shapes.contains(&shape), "{shape:?} missing");
        }
        let (mut s, mut t) = (0, 0);
        for l in &hard.gold {
            assert_eq!(
                (l.src[0], l.tgt[0]),
                (s, t),
                "gold covers both sides in order"
            );
            s += l.src.len() as u32;
            t += l.tgt.len() as u32;
        }
        assert_eq!(
            (s as usize, t as usize),
            (hard.source.len(), hard.target.len())
        );
        let big = hard.gold.iter().find(|l| l.src.len() == 3).unwrap();
        let first: usize = hard.source[big.src[0] as usize][1..].parse().unwrap();
        assert_eq!(
            hard.target[big.tgt[0] as usize],
            format!("t{first} t{}", first + 1)
        );
        assert_eq!(hard.target[big.tgt[1] as usize], format!("t{}", first + 2));
        let long = join_into(vec!["a b".into(), "c d e f".into(), "g".into()], 2);
        assert_eq!(long, ["a b c d", "e f g"], "the middle sentence is split");
        let one = join_into(vec!["a".into(), "b".into(), "c".into(), "d".into()], 1);
        assert_eq!(one, ["a b c d"]);
    }

    #[test]
    fn per_type_counts_judge_each_link_type_strictly() {
        let gold = links("[0]:[0]\n[1]:[1, 2]\n[]:[3]\n[2]:[]\n[3, 4]:[4]\n[5]:[5, 6, 7]");
        let pred = links("[0]:[0]\n[1]:[1]\n[]:[2]\n[]:[3]\n[2]:[]\n[3, 4]:[4]\n[5]:[5, 6, 7]");
        let mut t = ByType::default();
        t.add(&gold, &pred);
        let slot = |name: &str| LINK_TYPES.iter().position(|n| *n == name).unwrap();
        assert_eq!(t.recall(slot("1-1")), Some(1.0));
        assert_eq!(t.precision(slot("1-1")), Some(0.5));
        assert_eq!(t.recall(slot("1-2")), Some(0.0));
        assert_eq!(t.precision(slot("1-2")), None);
        assert_eq!(t.recall(slot("0-1")), Some(1.0));
        assert_eq!(t.precision(slot("0-1")), Some(0.5));
        assert_eq!(t.recall(slot("1-0")), Some(1.0));
        assert_eq!(t.recall(slot("2-1")), Some(1.0));
        assert_eq!(t.recall(slot("larger")), Some(1.0));
        let mut table = Vec::new();
        t.write_table(&mut table).unwrap();
        let table = String::from_utf8(table).unwrap();
        assert!(
            table.contains("| 1-2    |     1 |  0.000 |         0 |         - |"),
            "{table}"
        );
        assert!(!table.contains("2-2"), "{table}");
    }

    #[test]
    fn join_shifts_links() {
        let a = GoldPair {
            source: vec!["a".into()],
            target: vec!["x".into(), "y".into()],
            gold: links("[0]:[0, 1]"),
        };
        let j = join(&[a.clone(), a]);
        assert_eq!(j.gold[1].src, [1]);
        assert_eq!(j.gold[1].tgt, [2, 3]);
    }
}
