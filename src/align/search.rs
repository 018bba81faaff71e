//! Linear-time search for the cheapest sequence of beads.
//!
//! The dynamic programme never fills an n×m table. It runs inside a corridor: for each
//! source position `i` a window of target positions `lo[i]..=hi[i]`, centred on a guess of
//! where the path goes. The first guess comes from anchors (keys that occur exactly once
//! on each side, kept when they form an increasing chain and agree with their neighbours),
//! linearly interpolated between them; the second pass narrows the corridor around the
//! first path. If the path runs along the corridor's edge the corridor was too narrow: it
//! is widened and the pass repeated. Memory is one byte of back-pointer per corridor cell
//! plus a few rows of costs and pair overlaps.

use super::cost::{Bead, CostModel, PairOverlap};
use super::features::{shared_weight, Hapax, Side};

/// Target windows per source position `0..=n`, inclusive, both bounds non-decreasing.
pub(crate) struct Corridor {
    pub lo: Vec<u32>,
    pub hi: Vec<u32>,
}

impl Corridor {
    /// A corridor of half-width `width` around `centre[i]` (one value per `0..=n`, non-decreasing).
    pub fn around(centre: &[f32], m: usize, width: u32) -> Corridor {
        let n = centre.len() - 1;
        let c: Vec<i64> = centre.iter().map(|&x| x.round() as i64).collect();
        let w = i64::from(width);
        let m = m as i64;
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        for i in 0..=n {
            let before = if i > 0 { c[i - 1].min(c[i]) } else { c[i] };
            let after = if i < n { c[i + 1].max(c[i]) } else { c[i] };
            lo.push((before - w).clamp(0, m) as u32);
            hi.push((after + w).clamp(0, m) as u32);
        }
        lo[0] = 0;
        hi[n] = m as u32;
        // Rounding can break monotony by one; the recurrences need it exact.
        for i in 1..=n {
            lo[i] = lo[i].max(lo[i - 1]);
        }
        for i in (0..n).rev() {
            hi[i] = hi[i].min(hi[i + 1]);
        }
        for i in 0..=n {
            lo[i] = lo[i].min(hi[i]);
        }
        Corridor { lo, hi }
    }

    pub fn contains(&self, i: usize, j: usize) -> bool {
        i < self.lo.len() && (self.lo[i] as usize..=self.hi[i] as usize).contains(&j)
    }

    pub fn cells(&self) -> usize {
        self.lo
            .iter()
            .zip(&self.hi)
            .map(|(&l, &h)| (h - l + 1) as usize)
            .sum()
    }
}

/// Anchor points `(i, j)` (source and target position before the anchored pair), from
/// keys unique on both sides: the longest chain increasing on both sides, then without
/// points whose offset from the diagonal disagrees with their neighbours'.
pub(crate) fn anchors(hapax: &[Hapax], n: usize, m: usize, tolerance: f32) -> Vec<(u32, u32)> {
    let mut pairs: Vec<(u32, u32)> = hapax.iter().map(|h| (h.src, h.tgt)).collect();
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    pairs.dedup();
    // Longest strictly increasing subsequence on targets; sources ascending and, within
    // one source, targets descending, so at most one point per source survives.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = vec![usize::MAX; pairs.len()];
    for (k, &(_, t)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&x| pairs[x].1 < t);
        if pos > 0 {
            prev[k] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        chain.push(pairs[k]);
        k = prev[k];
    }
    chain.reverse();
    let slope = if n > 0 { m as f32 / n as f32 } else { 1.0 };
    let offset: Vec<f32> = chain
        .iter()
        .map(|&(i, j)| j as f32 - i as f32 * slope)
        .collect();
    let mut kept = Vec::with_capacity(chain.len());
    for (k, &p) in chain.iter().enumerate() {
        let from = k.saturating_sub(2);
        let to = (k + 3).min(chain.len());
        let mut window: Vec<f32> = offset[from..to].to_vec();
        window.sort_by(f32::total_cmp);
        let median = window[window.len() / 2];
        if (offset[k] - median).abs() <= tolerance {
            kept.push(p);
        }
    }
    kept
}

/// Where the path probably runs at each `i` in `0..=n`: linear between anchor points.
pub(crate) fn centre_from_points(points: &[(u32, u32)], n: usize, m: usize) -> Vec<f32> {
    let mut knots: Vec<(f32, f32)> = Vec::with_capacity(points.len() + 2);
    knots.push((0.0, 0.0));
    for &(i, j) in points {
        let (i, j) = (i as f32, j as f32);
        let last = knots.last().copied().unwrap_or((0.0, 0.0));
        if i > last.0 && j >= last.1 && i < n as f32 && j <= m as f32 {
            knots.push((i, j));
        }
    }
    knots.push((n as f32, m as f32));
    let mut centre = Vec::with_capacity(n + 1);
    let mut k = 0;
    for i in 0..=n {
        let x = i as f32;
        while k + 1 < knots.len() - 1 && knots[k + 1].0 <= x {
            k += 1;
        }
        let (x0, y0) = knots[k];
        let (x1, y1) = knots[(k + 1).min(knots.len() - 1)];
        let y = if x1 > x0 {
            y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        } else {
            y1
        };
        centre.push(y.clamp(0.0, m as f32));
    }
    // Enforce monotony against float noise.
    for i in 1..centre.len() {
        centre[i] = centre[i].max(centre[i - 1]);
    }
    centre
}

/// The path of a previous pass as a centre line for the next one.
pub(crate) fn centre_from_path(path: &[(usize, usize)], n: usize, m: usize) -> Vec<f32> {
    let points: Vec<(u32, u32)> = path
        .iter()
        .filter(|&&(i, _)| i > 0 && i < n)
        .map(|&(i, j)| (i as u32, j as u32))
        .collect();
    centre_from_points(&points, n, m)
}

/// Pair overlaps of the source rows the recurrence can still reach, in a ring.
struct PairRing<'a> {
    src: &'a Side,
    tgt: &'a Side,
    rows: Vec<(usize, usize, Vec<f32>)>,
}

impl<'a> PairRing<'a> {
    fn fill(&mut self, row: usize, cols: std::ops::Range<usize>) {
        let slot = row % self.rows.len();
        let (r, start, vals) = &mut self.rows[slot];
        *r = row;
        *start = cols.start;
        vals.clear();
        let a = &self.src.feats[row];
        vals.extend(cols.map(|j| {
            if a.is_empty() {
                0.0
            } else {
                shared_weight(a, &self.tgt.feats[j])
            }
        }));
    }
}

impl PairOverlap for PairRing<'_> {
    fn shared(&self, i: usize, j: usize) -> f32 {
        let (r, start, vals) = &self.rows[i % self.rows.len()];
        if *r == i && j >= *start && j - start < vals.len() {
            vals[j - start]
        } else {
            shared_weight(&self.src.feats[i], &self.tgt.feats[j])
        }
    }
}

/// The best path inside `corridor`, as the list of bead end points from `(0, 0)` to
/// `(n, m)`, and whether it ran along the corridor's edge.
pub(crate) fn best_path(
    model: &CostModel<'_>,
    shapes: &[Bead],
    corridor: &Corridor,
    progress: &mut dyn FnMut(usize),
) -> (Vec<(usize, usize)>, bool) {
    let n = model.src.n();
    let m = model.tgt.n();
    let max_src = shapes.iter().map(|b| b.src as usize).max().unwrap_or(1);
    let max_tgt = shapes.iter().map(|b| b.tgt as usize).max().unwrap_or(1);
    let ring_rows = max_src + 1;
    let mut cost_rows: Vec<Vec<f32>> = vec![Vec::new(); ring_rows];
    let mut pairs = PairRing {
        src: model.src,
        tgt: model.tgt,
        rows: vec![(usize::MAX, 0, Vec::new()); max_src.max(1)],
    };
    let mut offsets = Vec::with_capacity(n + 2);
    let mut total = 0usize;
    for i in 0..=n {
        offsets.push(total);
        total += (corridor.hi[i] - corridor.lo[i] + 1) as usize;
    }
    const NONE: u8 = u8::MAX;
    let mut back = vec![NONE; total];
    for i in 0..=n {
        if i > 0 {
            // Row i-1 of pair overlaps is read by beads ending at rows i..i+max_src.
            let row = i - 1;
            let from = (corridor.lo[i] as usize).saturating_sub(max_tgt);
            let to = (corridor.hi[(row + max_src).min(n)] as usize).min(m);
            pairs.fill(row, from..to.max(from));
        }
        let (lo, hi) = (corridor.lo[i] as usize, corridor.hi[i] as usize);
        let mut row = std::mem::take(&mut cost_rows[i % ring_rows]);
        row.clear();
        row.resize(hi - lo + 1, f32::INFINITY);
        for j in lo..=hi {
            if i == 0 && j == 0 {
                row[0] = 0.0;
                continue;
            }
            let mut best = f32::INFINITY;
            let mut best_k = NONE;
            for (k, &bead) in shapes.iter().enumerate() {
                let (a, b) = (bead.src as usize, bead.tgt as usize);
                if i < a || j < b {
                    continue;
                }
                let (pi, pj) = (i - a, j - b);
                if !corridor.contains(pi, pj) {
                    continue;
                }
                let prev = if a == 0 {
                    row[pj - lo]
                } else {
                    cost_rows[pi % ring_rows][pj - corridor.lo[pi] as usize]
                };
                if !prev.is_finite() {
                    continue;
                }
                let c = prev + model.cost_below(pi, pj, bead, &pairs, best - prev);
                if c < best {
                    best = c;
                    best_k = k as u8;
                }
            }
            row[j - lo] = best;
            back[offsets[i] + j - lo] = best_k;
        }
        cost_rows[i % ring_rows] = row;
        if i % 1024 == 0 {
            progress(i);
        }
    }
    progress(n);

    let mut path = vec![(n, m)];
    let (mut i, mut j) = (n, m);
    let mut touched = false;
    while i > 0 || j > 0 {
        let (lo, hi) = (corridor.lo[i] as usize, corridor.hi[i] as usize);
        if (j < lo + 2 && lo > 0) || (j + 2 > hi && hi < m) {
            touched = true;
        }
        let k = if corridor.contains(i, j) {
            back[offsets[i] + j - lo]
        } else {
            NONE
        };
        let Some(bead) = shapes.get(k as usize) else {
            // Unreachable cell: cannot happen in a connected corridor; fall back to
            // skipping what is left so the links still cover every sentence.
            if i > 0 {
                i -= 1;
            } else {
                j -= 1;
            }
            path.push((i, j));
            touched = true;
            continue;
        };
        i -= bead.src as usize;
        j -= bead.tgt as usize;
        path.push((i, j));
    }
    path.reverse();
    (path, touched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corridor_is_monotone_and_connected() {
        let centre = centre_from_points(&[(10, 50), (20, 52)], 30, 60);
        let c = Corridor::around(&centre, 60, 3);
        for i in 1..c.lo.len() {
            assert!(c.lo[i] >= c.lo[i - 1] && c.hi[i] >= c.hi[i - 1]);
            assert!(c.lo[i] <= c.hi[i - 1] + 1, "row {i} cannot be reached");
        }
        assert_eq!((c.lo[0], c.hi[30]), (0, 60));
    }

    #[test]
    fn anchors_drop_crossing_and_stray_points() {
        let h = |src, tgt| Hapax { src, tgt };
        let hapax = [
            h(1, 1),
            h(2, 30),
            h(5, 5),
            h(8, 8),
            h(9, 9),
            h(12, 12),
            h(15, 15),
        ];
        let a = anchors(&hapax, 20, 20, 4.0);
        assert!(!a.contains(&(2, 30)));
        assert!(a.contains(&(8, 8)));
        let hapax = [h(1, 1), h(3, 3), h(6, 14), h(9, 9), h(12, 12)];
        assert!(!anchors(&hapax, 20, 20, 4.0).contains(&(6, 14)));
    }
}
