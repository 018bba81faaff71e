//! The forward pass of Universal Sentence Encoder Multilingual v3: a deep averaging
//! network over token features that a small convolutional network computes from the
//! SentencePiece pieces.
//!
//! Per token: its 512-dim embedding (6-bit codes, one offset and step per block of the
//! table), projected to three 256-dim inputs and layer-normalised together; per n-gram
//! branch (orders 2, 3, 5) two convolution layers over a window of neighbouring tokens,
//! each with a ReLU and a residual connection. The embedding and the three branch outputs
//! (1,280 values) are layer-normalised, projected to 512 and summed over the sentence;
//! the sum over √n goes through a three-layer head with skip projections and a tanh, and
//! the result is L2-normalised.
//!
//! Two facts make this fast. The sentence's sum commutes with the (linear) output
//! projection, so each token costs only its convolutions, and the per-sentence part is
//! small. And the convolutions reach two tokens each side per layer, so a long sentence
//! splits into pieces that overlap by [`MARGIN`] tokens and sum to exactly what the whole
//! would give: pieces of many sentences fill one matrix product of bounded size.

use super::npz::{show_shape, Npz};
use crate::error::{Error, Result};

pub(crate) const DIM: usize = 512;
const EMBED: usize = 512;
const BRANCH: usize = 256;
const FEATURES: usize = EMBED + 3 * BRANCH;
const HIDDEN: usize = 320;
/// (n-gram order, tokens of left context) per branch.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
/// The table's rows are interleaved over this many quantisation blocks: row `r` is row
/// `r / BLOCKS` of block `r % BLOCKS`.
const BLOCKS: usize = 17;
/// Tokens beyond a piece's own that two convolution layers read (two per layer, each side).
pub(crate) const MARGIN: usize = 4;
/// Tokens per matrix pass: enough to amortise streaming the weights, small enough to stay
/// in cache (about 6 MB of scratch per worker).
pub(crate) const TOKEN_BUDGET: usize = 512;

pub(crate) struct Weights {
    /// 6-bit codes, one row of `EMBED` per piece id.
    table: Vec<u8>,
    rows: usize,
    step: [f32; BLOCKS],
    low: [f32; BLOCKS],
    /// The three branch projections side by side: `EMBED × 3·BRANCH`.
    projection: Vec<f32>,
    projection_bias: Vec<f32>,
    projection_gain: Vec<f32>,
    projection_shift: Vec<f32>,
    conv: [Branch; 3],
    feature_gain: Vec<f32>,
    feature_shift: Vec<f32>,
    output: Vec<f32>,
    output_bias: Vec<f32>,
    d0: Vec<f32>,
    d1: Vec<f32>,
    p1: Vec<f32>,
    d2: Vec<f32>,
    p3: Vec<f32>,
    d3: Vec<f32>,
    eps: f32,
}

struct Branch {
    order: usize,
    left: usize,
    w1: Vec<f32>,
    b1: Vec<f32>,
    w2: Vec<f32>,
    b2: Vec<f32>,
}

impl Weights {
    pub fn load(npz: &mut Npz) -> Result<Weights> {
        let (rows_per_block, table) = read_table(npz)?;
        let rows = rows_per_block * BLOCKS;
        let step = block_floats(npz, "scale")?;
        let low = block_floats(npz, "lo")?;
        if let Ok((_, bits)) = npz.bytes("bits") {
            if bits.first().is_some_and(|&b| b > 8) {
                return Err(
                    Error::syntax("array `bits`: more than 8 bits per code").with_path(npz.path())
                );
            }
        }
        let mut projection = vec![0.0f32; EMBED * 3 * BRANCH];
        let (mut projection_bias, mut projection_gain, mut projection_shift) =
            (Vec::new(), Vec::new(), Vec::new());
        let mut conv = Vec::new();
        for (b, &(order, left)) in ORDERS.iter().enumerate() {
            let part = npz.floats(&format!("proj{order}"), &[EMBED, BRANCH])?;
            for r in 0..EMBED {
                projection[r * 3 * BRANCH + b * BRANCH..][..BRANCH]
                    .copy_from_slice(&part[r * BRANCH..][..BRANCH]);
            }
            projection_bias.extend(npz.floats(&format!("proj_b{order}"), &[BRANCH])?);
            projection_gain.extend(npz.floats(&format!("ln_g{order}"), &[BRANCH])?);
            projection_shift.extend(npz.floats(&format!("ln_b{order}"), &[BRANCH])?);
            conv.push(Branch {
                order,
                left,
                w1: npz.floats(&format!("w1_{order}"), &[order * BRANCH, BRANCH])?,
                b1: npz.floats(&format!("b1_{order}"), &[BRANCH])?,
                w2: npz.floats(&format!("w2_{order}"), &[order * BRANCH, BRANCH])?,
                b2: npz.floats(&format!("b2_{order}"), &[BRANCH])?,
            });
        }
        let eps = match npz.floats("eps", &[]) {
            Ok(v) => v[0],
            Err(e) => return Err(e),
        };
        let conv: [Branch; 3] = conv.try_into().ok().expect("three branches");
        Ok(Weights {
            table,
            rows,
            step,
            low,
            projection,
            projection_bias,
            projection_gain,
            projection_shift,
            conv,
            feature_gain: npz.floats("ln_g", &[FEATURES])?,
            feature_shift: npz.floats("ln_b", &[FEATURES])?,
            output: npz.floats("cnn_W", &[FEATURES, DIM])?,
            output_bias: npz.floats("cnn_b", &[DIM])?,
            d0: npz.floats("d0", &[DIM, HIDDEN])?,
            d1: npz.floats("d1", &[HIDDEN, HIDDEN])?,
            p1: npz.floats("p1", &[DIM, HIDDEN])?,
            d2: npz.floats("d2", &[HIDDEN, DIM])?,
            p3: npz.floats("p3", &[HIDDEN, DIM])?,
            d3: npz.floats("d3", &[DIM, DIM])?,
            eps,
        })
    }

    /// How many piece ids the table has rows for.
    pub fn vocab_rows(&self) -> usize {
        self.rows
    }
}

/// The 17 blocks `q1` … `q17`, interleaved into one table indexed by piece id.
fn read_table(npz: &mut Npz) -> Result<(usize, Vec<u8>)> {
    let mut table = Vec::new();
    let mut rows_per_block = 0;
    for block in 0..BLOCKS {
        let name = format!("q{}", block + 1);
        let (shape, codes) = npz.bytes(&name)?;
        let rows = match shape[..] {
            [rows, EMBED] if block == 0 || rows == rows_per_block => rows,
            _ => {
                let expected = if block == 0 {
                    format!("(rows, {EMBED})")
                } else {
                    format!("({rows_per_block}, {EMBED}) like q1")
                };
                return Err(Error::syntax(format!(
                    "array `{name}`: expected shape {expected}, found {}",
                    show_shape(&shape)
                ))
                .with_path(npz.path()));
            }
        };
        if block == 0 {
            rows_per_block = rows;
            table = vec![0u8; rows * BLOCKS * EMBED];
        }
        for (r, row) in codes.chunks_exact(EMBED).enumerate() {
            let id = r * BLOCKS + block;
            table[id * EMBED..][..EMBED].copy_from_slice(row);
        }
    }
    Ok((rows_per_block, table))
}

fn block_floats(npz: &mut Npz, name: &str) -> Result<[f32; BLOCKS]> {
    let v = npz.floats(name, &[BLOCKS])?;
    Ok(v.try_into().expect("checked shape"))
}

/// A stretch of one sentence's tokens in a matrix pass: `tokens` with the context the
/// convolutions read, `keep` the positions whose features count towards the sentence.
pub(crate) struct Piece<'t> {
    pub sentence: usize,
    pub tokens: &'t [u32],
    pub keep: std::ops::Range<usize>,
}

/// Buffers one worker reuses from pass to pass.
#[derive(Default)]
pub(crate) struct Scratch {
    features: Vec<f32>,
    projected: Vec<f32>,
    window: Vec<f32>,
    hidden: Vec<f32>,
    sums: Vec<f32>,
    piece_of: Vec<(usize, usize)>,
}

fn grow(buf: &mut Vec<f32>, len: usize) -> &mut [f32] {
    if buf.len() < len {
        buf.resize(len, 0.0);
    }
    &mut buf[..len]
}

impl Weights {
    /// Adds each piece's pooled features (the sum of its kept tokens' outputs, projected to
    /// `DIM`, with the bias once per token) to row `sentence` of `into` (via `add`).
    pub fn pool(
        &self,
        pieces: &[Piece<'_>],
        scratch: &mut Scratch,
        add: &mut dyn FnMut(usize, &[f32], usize),
    ) {
        let total: usize = pieces.iter().map(|p| p.tokens.len()).sum();
        if total == 0 {
            return;
        }
        let Scratch {
            features,
            projected: projected_buf,
            window,
            hidden,
            sums,
            piece_of,
        } = scratch;
        // Which piece each row belongs to, and where that piece starts.
        piece_of.clear();
        let mut start = 0;
        for p in pieces {
            piece_of
                .extend(std::iter::repeat((start, start + p.tokens.len())).take(p.tokens.len()));
            start += p.tokens.len();
        }
        let features = grow(features, total * FEATURES);
        let mut row = 0;
        for p in pieces {
            for &id in p.tokens {
                let id = (id as usize).min(self.rows - 1);
                let block = id % BLOCKS;
                let (step, low) = (self.step[block], self.low[block]);
                let codes = &self.table[id * EMBED..][..EMBED];
                let out = &mut features[row * FEATURES..][..EMBED];
                for (o, &c) in out.iter_mut().zip(codes) {
                    *o = f32::from(c) * step + low;
                }
                row += 1;
            }
        }
        let width = 3 * BRANCH;
        let projected = grow(projected_buf, total * width);
        for r in projected.chunks_exact_mut(width) {
            r.copy_from_slice(&self.projection_bias);
        }
        gemm(
            total,
            EMBED,
            width,
            features,
            FEATURES,
            &self.projection,
            projected,
            width,
            1.0,
        );
        for r in projected.chunks_exact_mut(width) {
            layer_norm(r, &self.projection_gain, &self.projection_shift, self.eps);
        }

        for (b, branch) in self.conv.iter().enumerate() {
            let k = branch.order * BRANCH;
            let window = grow(window, total * k);
            // Layer 1 reads the branch's projection, layer 2 layer 1's output.
            gather(window, &projected[b * BRANCH..], width, branch, piece_of);
            let hidden = grow(hidden, total * BRANCH);
            for r in hidden.chunks_exact_mut(BRANCH) {
                r.copy_from_slice(&branch.b1);
            }
            gemm(total, k, BRANCH, window, k, &branch.w1, hidden, BRANCH, 1.0);
            for (t, r) in hidden.chunks_exact_mut(BRANCH).enumerate() {
                let input = &projected[t * width + b * BRANCH..][..BRANCH];
                for (h, &x) in r.iter_mut().zip(input) {
                    *h = h.max(0.0) + x;
                }
            }
            gather(window, hidden, BRANCH, branch, piece_of);
            let column = EMBED + b * BRANCH;
            for r in features.chunks_exact_mut(FEATURES) {
                r[column..column + BRANCH].copy_from_slice(&branch.b2);
            }
            gemm(
                total,
                k,
                BRANCH,
                window,
                k,
                &branch.w2,
                &mut features[column..],
                FEATURES,
                1.0,
            );
            for (t, r) in features.chunks_exact_mut(FEATURES).enumerate() {
                let h = &hidden[t * BRANCH..][..BRANCH];
                for (o, &x) in r[column..column + BRANCH].iter_mut().zip(h) {
                    *o = o.max(0.0) + x;
                }
            }
        }
        for r in features.chunks_exact_mut(FEATURES) {
            layer_norm(r, &self.feature_gain, &self.feature_shift, self.eps);
        }

        let sums_in = grow(sums, pieces.len() * FEATURES);
        let mut at = 0;
        for (p, s) in pieces.iter().zip(sums_in.chunks_exact_mut(FEATURES)) {
            s.fill(0.0);
            for t in p.keep.clone() {
                for (a, &x) in s
                    .iter_mut()
                    .zip(&features[(at + t) * FEATURES..][..FEATURES])
                {
                    *a += x;
                }
            }
            at += p.tokens.len();
        }
        let pooled = grow(projected_buf, pieces.len() * DIM);
        for (p, r) in pieces.iter().zip(pooled.chunks_exact_mut(DIM)) {
            let n = p.keep.len() as f32;
            for (o, &b) in r.iter_mut().zip(&self.output_bias) {
                *o = b * n;
            }
        }
        gemm(
            pieces.len(),
            FEATURES,
            DIM,
            sums_in,
            FEATURES,
            &self.output,
            pooled,
            DIM,
            1.0,
        );
        for (p, r) in pieces.iter().zip(pooled.chunks_exact(DIM)) {
            add(p.sentence, r, p.keep.len());
        }
    }

    /// Sentence vectors from pooled sums: `pooled` holds one row of `DIM` per sentence,
    /// `counts` its number of tokens; each row is replaced by the L2-normalised vector.
    pub fn head(&self, pooled: &mut [f32], counts: &[u32]) {
        let n = counts.len();
        debug_assert_eq!(pooled.len(), n * DIM);
        if n == 0 {
            return;
        }
        for (r, &c) in pooled.chunks_exact_mut(DIM).zip(counts) {
            let scale = 1.0 / (c.max(1) as f32).sqrt();
            r.iter_mut().for_each(|x| *x *= scale);
        }
        let mut y0 = vec![0.0f32; n * HIDDEN];
        gemm(n, DIM, HIDDEN, pooled, DIM, &self.d0, &mut y0, HIDDEN, 0.0);
        relu(&mut y0);
        let mut y1 = vec![0.0f32; n * HIDDEN];
        gemm(n, DIM, HIDDEN, pooled, DIM, &self.p1, &mut y1, HIDDEN, 0.0);
        gemm(
            n, HIDDEN, HIDDEN, &y0, HIDDEN, &self.d1, &mut y1, HIDDEN, 1.0,
        );
        relu(&mut y1);
        let mut y2 = vec![0.0f32; n * DIM];
        gemm(n, HIDDEN, DIM, &y1, HIDDEN, &self.d2, &mut y2, DIM, 0.0);
        relu(&mut y2);
        gemm(n, HIDDEN, DIM, &y1, HIDDEN, &self.p3, pooled, DIM, 0.0);
        gemm(n, DIM, DIM, &y2, DIM, &self.d3, pooled, DIM, 1.0);
        for r in pooled.chunks_exact_mut(DIM) {
            r.iter_mut().for_each(|x| *x = x.tanh());
            let norm2: f32 = r.iter().map(|x| x * x).sum();
            let inv = 1.0 / norm2.max(self.eps).sqrt();
            r.iter_mut().for_each(|x| *x *= inv);
        }
    }
}

/// Row `t` of `window`: the `order` rows of `input` from `t - left` on, side by side, a
/// row outside `t`'s piece being zeros (the padding at a sentence's ends).
fn gather(
    window: &mut [f32],
    input: &[f32],
    stride: usize,
    branch: &Branch,
    piece_of: &[(usize, usize)],
) {
    let k = branch.order * BRANCH;
    for (t, out) in window.chunks_exact_mut(k).enumerate() {
        let (start, end) = piece_of[t];
        for (slot, dst) in out.chunks_exact_mut(BRANCH).enumerate() {
            let src = (t + slot).checked_sub(branch.left);
            match src {
                Some(s) if s >= start && s < end => {
                    dst.copy_from_slice(&input[s * stride..][..BRANCH]);
                }
                _ => dst.fill(0.0),
            }
        }
    }
}

fn relu(x: &mut [f32]) {
    x.iter_mut().for_each(|v| *v = v.max(0.0));
}

fn layer_norm(row: &mut [f32], gain: &[f32], shift: &[f32], eps: f32) {
    let n = row.len() as f32;
    let mean = row.iter().sum::<f32>() / n;
    let mut var = 0.0f32;
    for x in row.iter_mut() {
        *x -= mean;
        var += *x * *x;
    }
    let inv = 1.0 / (var / n + eps).sqrt();
    for ((x, &g), &b) in row.iter_mut().zip(gain).zip(shift) {
        *x = *x * inv * g + b;
    }
}

/// `c = a · b + beta · c` for row-major `a` (`m × k`, row stride `lda`), `b` (`k × n`,
/// contiguous) and `c` (`m × n`, row stride `ldc`).
#[allow(clippy::too_many_arguments)]
fn gemm(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    lda: usize,
    b: &[f32],
    c: &mut [f32],
    ldc: usize,
    beta: f32,
) {
    if m == 0 {
        return;
    }
    assert!(a.len() >= (m - 1) * lda + k && lda >= k);
    assert!(b.len() >= k * n);
    assert!(c.len() >= (m - 1) * ldc + n && ldc >= n);
    // SAFETY: the asserts above keep every element the product reads or writes inside
    // `a`, `b` and `c`; `c` is borrowed mutably, so it overlaps neither input.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            lda as isize,
            1,
            b.as_ptr(),
            n as isize,
            1,
            beta,
            c.as_mut_ptr(),
            ldc as isize,
            1,
        );
    }
}
