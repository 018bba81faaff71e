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

/// The recurrence over a run of consecutive rows: the ring of the last cost rows and the
/// pair overlaps they read. `first` is the run's first row; rows before it are unreachable,
/// and a run that does not start at row 0 starts from every cell of its first row at cost
/// 0 (see [`best_path`]).
struct Recurrence<'a> {
    first: usize,
    max_src: usize,
    max_tgt: usize,
    cost_rows: Vec<Vec<i64>>,
    pairs: PairRing<'a>,
}

const NONE: u8 = u8::MAX;

/// Path costs are sums of bead costs in units of 2^-16, as integers: a sum is exact, so a
/// cell's cost is the same whatever was added before it, up to one constant for the whole
/// run. That is what lets a second thread start a run in the middle ([`best_path`]) and
/// still make every choice the run from the start makes; with floats, totals of different
/// size round differently and a near-tie could go either way.
const COST_UNIT: f64 = 65_536.0;
const UNREACHED: i64 = i64::MAX;

fn fixed(cost: f32) -> i64 {
    // Far beyond any real cost, and far from overflowing a sum of a million of them.
    const MAX: f64 = (1u64 << 40) as f64;
    (f64::from(cost) * COST_UNIT).round().clamp(-MAX, MAX) as i64
}

impl<'a> Recurrence<'a> {
    fn new(model: &CostModel<'a>, shapes: &[Bead], first: usize) -> Recurrence<'a> {
        let max_src = shapes.iter().map(|b| b.src as usize).max().unwrap_or(1);
        let max_tgt = shapes.iter().map(|b| b.tgt as usize).max().unwrap_or(1);
        Recurrence {
            first,
            max_src,
            max_tgt,
            cost_rows: vec![Vec::new(); max_src + 1],
            pairs: PairRing {
                src: model.src,
                tgt: model.tgt,
                rows: vec![(usize::MAX, 0, Vec::new()); max_src.max(1)],
            },
        }
    }

    /// Row `i`'s costs (kept in the ring) and back-pointers (into `back`, one per cell
    /// of the row's window).
    fn row(
        &mut self,
        i: usize,
        model: &CostModel<'_>,
        shapes: &[Bead],
        corridor: &Corridor,
        back: &mut [u8],
    ) {
        let (n, m) = (model.src.n(), model.tgt.n());
        let ring_rows = self.cost_rows.len();
        if i > 0 {
            // Row i-1 of pair overlaps is read by beads ending at rows i..i+max_src.
            let row = i - 1;
            let from = (corridor.lo[i] as usize).saturating_sub(self.max_tgt);
            let to = (corridor.hi[(row + self.max_src).min(n)] as usize).min(m);
            self.pairs.fill(row, from..to.max(from));
        }
        let (lo, hi) = (corridor.lo[i] as usize, corridor.hi[i] as usize);
        let mut row = std::mem::take(&mut self.cost_rows[i % ring_rows]);
        row.clear();
        if i == self.first && i > 0 {
            // A run started inside the corridor: every cell of its first row is a start.
            row.resize(hi - lo + 1, 0);
            back.fill(NONE);
            self.cost_rows[i % ring_rows] = row;
            return;
        }
        row.resize(hi - lo + 1, UNREACHED);
        for j in lo..=hi {
            if i == 0 && j == 0 {
                row[0] = 0;
                back[0] = NONE;
                continue;
            }
            let mut best = UNREACHED;
            let mut best_k = NONE;
            for (k, &bead) in shapes.iter().enumerate() {
                let (a, b) = (bead.src as usize, bead.tgt as usize);
                if i < a + self.first || j < b {
                    continue;
                }
                let (pi, pj) = (i - a, j - b);
                if !corridor.contains(pi, pj) {
                    continue;
                }
                let prev = if a == 0 {
                    row[pj - lo]
                } else {
                    self.cost_rows[pi % ring_rows][pj - corridor.lo[pi] as usize]
                };
                if prev == UNREACHED {
                    continue;
                }
                let limit = if best == UNREACHED {
                    f32::INFINITY
                } else {
                    ((best - prev) as f64 / COST_UNIT) as f32
                };
                let cost = model.cost_below(pi, pj, bead, &self.pairs, limit);
                if !cost.is_finite() {
                    continue;
                }
                let c = prev + fixed(cost);
                if c < best {
                    best = c;
                    best_k = k as u8;
                }
            }
            row[j - lo] = best;
            back[j - lo] = best_k;
        }
        self.cost_rows[i % ring_rows] = row;
    }
}

/// Rows below which the search runs on one thread.
const SPLIT_ABOVE: usize = 6_000;
/// Rows the exact run may go into the second half before it gives up looking for the
/// point where both agree, and goes on alone to the end.
const MAX_CATCH_UP: usize = 4_096;

/// The best path inside `corridor`, as the list of bead end points from `(0, 0)` to
/// `(n, m)`, and whether it ran along the corridor's edge.
///
/// A long document is searched on two threads with the same result: the second half's
/// rows are computed from a guess (every cell of its first row a start at cost 0) while
/// the first half is computed exactly; the exact run then goes on into the second half
/// until the back-pointers of both runs, followed from every cell of a window of rows
/// as deep as the longest bead, meet in one cell that both runs reach the same way. From
/// there on every path of either run to a later cell goes through that cell, so the
/// costs of the two runs differ by one constant on all the cells later rows read, and
/// every later choice is the same: the guessed run's back-pointers are the exact ones.
/// If they never meet within [`MAX_CATCH_UP`] rows, the exact run does every row.
pub(crate) fn best_path(
    model: &CostModel<'_>,
    shapes: &[Bead],
    corridor: &Corridor,
    progress: &mut dyn FnMut(usize),
) -> (Vec<(usize, usize)>, bool) {
    let n = model.src.n();
    let two_threads =
        n > SPLIT_ABOVE && std::thread::available_parallelism().map_or(1, |t| t.get()) >= 2;
    let (path, touched, _) = search(model, shapes, corridor, progress, two_threads);
    (path, touched)
}

/// [`best_path`] on one thread or two, and the row where the two runs met.
fn search(
    model: &CostModel<'_>,
    shapes: &[Bead],
    corridor: &Corridor,
    progress: &mut dyn FnMut(usize),
    two_threads: bool,
) -> (Vec<(usize, usize)>, bool, Option<usize>) {
    let n = model.src.n();
    let m = model.tgt.n();
    let mut offsets = Vec::with_capacity(n + 2);
    let mut total = 0usize;
    for i in 0..=n {
        offsets.push(total);
        total += (corridor.hi[i] - corridor.lo[i] + 1) as usize;
    }
    offsets.push(total);
    let mut back = vec![NONE; total];
    let mut met = None;
    if two_threads && n >= 2 {
        met = search_in_two(model, shapes, corridor, &offsets, &mut back, progress);
    } else {
        let mut run = Recurrence::new(model, shapes, 0);
        for i in 0..=n {
            run.row(
                i,
                model,
                shapes,
                corridor,
                &mut back[offsets[i]..offsets[i + 1]],
            );
            if i % 1024 == 0 {
                progress(i);
            }
        }
    }
    progress(n);
    let (path, touched) = trace_back(shapes, corridor, &offsets, &back, n, m);
    (path, touched, met)
}

/// [`best_path`]'s recurrence on two threads (see there).
fn search_in_two(
    model: &CostModel<'_>,
    shapes: &[Bead],
    corridor: &Corridor,
    offsets: &[usize],
    back: &mut [u8],
    progress: &mut dyn FnMut(usize),
) -> Option<usize> {
    let n = model.src.n();
    let split = n / 2;
    let (head, tail) = back.split_at_mut(offsets[split]);
    let mut exact = Recurrence::new(model, shapes, 0);
    std::thread::scope(|scope| {
        let guessed = scope.spawn(|| {
            let mut run = Recurrence::new(model, shapes, split);
            for i in split..=n {
                let at = offsets[i] - offsets[split];
                let len = offsets[i + 1] - offsets[i];
                run.row(i, model, shapes, corridor, &mut tail[at..at + len]);
            }
        });
        for i in 0..split {
            exact.row(
                i,
                model,
                shapes,
                corridor,
                &mut head[offsets[i]..offsets[i + 1]],
            );
            if i % 1024 == 0 {
                progress(i);
            }
        }
        // A panic there is a bug of this crate, not of the input: pass it on.
        guessed
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
    });
    // The exact run goes on into the second half, its back-pointers kept apart until the
    // two runs meet.
    let depth = exact.max_src;
    let mut caught: Vec<u8> = Vec::new();
    let limit = (split + MAX_CATCH_UP).min(n);
    let mut i = split;
    let mut met = false;
    while i <= limit {
        let len = offsets[i + 1] - offsets[i];
        let at = caught.len();
        caught.resize(at + len, NONE);
        exact.row(i, model, shapes, corridor, &mut caught[at..]);
        if i >= split + depth && (i - split) % 8 == 0 {
            let window = i + 1 - depth..i + 1;
            let exact_ptr = |r: usize, c: usize| -> u8 {
                if r >= split {
                    caught[offsets[r] - offsets[split] + c]
                } else {
                    back[offsets[r] + c]
                }
            };
            let guess_ptr = |r: usize, c: usize| -> u8 { back[offsets[r] + c] };
            let a = meeting_point(shapes, corridor, window.clone(), split, &exact_ptr);
            if a.is_some() && a == meeting_point(shapes, corridor, window, split, &guess_ptr) {
                met = true;
                break;
            }
        }
        i += 1;
    }
    let done = if met { i } else { limit };
    let from = offsets[split];
    back[from..from + caught.len()].copy_from_slice(&caught);
    if !met {
        // No meeting point: the exact run does every row left.
        for i in done + 1..=n {
            exact.row(
                i,
                model,
                shapes,
                corridor,
                &mut back[offsets[i]..offsets[i + 1]],
            );
        }
    }
    met.then_some(done)
}

/// The one cell, at row `floor` or later, that the back-pointers of every reachable cell
/// of `rows` lead through, if there is one.
fn meeting_point(
    shapes: &[Bead],
    corridor: &Corridor,
    rows: std::ops::Range<usize>,
    floor: usize,
    pointer: &dyn Fn(usize, usize) -> u8,
) -> Option<(usize, usize)> {
    let mut cells: Vec<(usize, usize)> = Vec::new();
    for r in rows {
        let lo = corridor.lo[r] as usize;
        for j in lo..=corridor.hi[r] as usize {
            if pointer(r, j - lo) != NONE {
                cells.push((r, j));
            }
        }
    }
    cells.sort_unstable();
    cells.dedup();
    let mut steps = 0;
    // Step the latest cell back until one is left; a cell whose pointer leads nowhere
    // (a start, or unreachable) ends the search.
    while cells.len() > 1 {
        steps += 1;
        if steps > MAX_CATCH_UP * 8 {
            return None;
        }
        let (r, j) = cells.pop()?;
        let k = pointer(r, j - corridor.lo[r] as usize);
        let bead = shapes.get(k as usize)?;
        let (pr, pj) = (r - bead.src as usize, j - bead.tgt as usize);
        if pr < floor {
            return None;
        }
        if let Err(at) = cells.binary_search(&(pr, pj)) {
            cells.insert(at, (pr, pj));
        }
    }
    cells.pop().filter(|&(r, _)| r >= floor)
}

fn trace_back(
    shapes: &[Bead],
    corridor: &Corridor,
    offsets: &[usize],
    back: &[u8],
    n: usize,
    m: usize,
) -> (Vec<(usize, usize)>, bool) {
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
    fn two_threads_find_the_path_of_one() {
        use crate::align::cost::{bead_shapes, LengthModel};
        use crate::align::{features, AlignConfig};
        use crate::model::{Document, Lang};
        // 7,000 sentences; every 37th has no translation and every 53rd pair is merged
        // into one target sentence, so the path leaves the diagonal again and again.
        let (mut src, mut tgt) = (Vec::new(), Vec::new());
        let mut points = Vec::new();
        let mut k = 0;
        while k < 7_000 {
            let filler = "und noch ein paar Worte ".repeat(k * 7 % 5);
            src.push(format!(
                "Der Satz {} {filler}nennt Berlin {}.",
                k % 89,
                k % 31
            ));
            points.push((src.len() as u32 - 1, tgt.len() as u32));
            if k % 37 == 5 {
                k += 1;
                continue;
            }
            let french = "et encore quelques mots ".repeat(k * 7 % 5);
            if k % 53 == 9 {
                src.push(format!("Mehr zu {} {filler}.", k % 41));
                tgt.push(format!(
                    "La phrase {} {french}cite Berlin {} et {}.",
                    k % 89,
                    k % 31,
                    k % 41
                ));
                k += 2;
                continue;
            }
            tgt.push(format!(
                "La phrase {} {french}cite Berlin {}.",
                k % 89,
                k % 31
            ));
            k += 1;
        }
        let source = Document::from_sentences(Lang::new("de"), &src);
        let target = Document::from_sentences(Lang::new("fr"), &tgt);
        let feats = features::extract(&source, &target, None);
        let config = AlignConfig::default();
        let length = LengthModel::from_totals(&feats.src, &feats.tgt);
        let model = CostModel::new(&feats.src, &feats.tgt, length, &config);
        let (n, m) = (src.len(), tgt.len());
        let corridor = Corridor::around(&centre_from_points(&points, n, m), m, 8);
        for shapes in [bead_shapes(4), bead_shapes(2)] {
            let one = search(&model, &shapes, &corridor, &mut |_| {}, false);
            let two = search(&model, &shapes, &corridor, &mut |_| {}, true);
            assert_eq!((&one.0, one.1), (&two.0, two.1));
            assert_eq!(one.2, None);
            // The runs met soon after the split.
            assert!(two.2.is_some_and(|row| row < n / 2 + 200), "{:?}", two.2);
        }
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
