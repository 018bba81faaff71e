//! The sentence encoder's evidence (`Signals::encoder`): how close in meaning the two
//! sides of a bead are.
//!
//! A bead's similarity is the cosine of the vector of its source sentences taken together
//! and the vector of its target sentences taken together (vecalign's concatenation;
//! `embed::Encoder::runs` computes every run of up to `max_group` sentences at once). Raw
//! cosines of this model sit higher for long sentences and for some sentences that are
//! near everything ("hubs"), so each run's cosine is read against what it gets with the
//! other side's sentences a few positions off: a translation stands out from its
//! neighbours, a hub does not.

use crate::embed::{dot, Encoder, RunVectors};
use crate::model::Document;

pub(crate) struct Meaning {
    pub src: RunVectors,
    pub tgt: RunVectors,
    /// Per source / target sentence: the mean cosine of its vector with the other side's
    /// sentences around the diagonal, the baseline a real counterpart must beat.
    src_baseline: Vec<f32>,
    tgt_baseline: Vec<f32>,
}

/// Offsets from the diagonal that give each sentence's baseline.
const BASELINE_OFFSETS: [isize; 6] = [-9, -6, -3, 3, 6, 9];

fn texts(d: &Document) -> Vec<&str> {
    d.segments.iter().map(|s| s.text.as_str()).collect()
}

impl Meaning {
    pub fn new(encoder: &Encoder, source: &Document, target: &Document, max_run: usize) -> Self {
        let src = encoder.runs(&texts(source), max_run);
        let tgt = encoder.runs(&texts(target), max_run);
        let src_baseline = baseline(&src, &tgt);
        let tgt_baseline = baseline(&tgt, &src);
        Meaning {
            src,
            tgt,
            src_baseline,
            tgt_baseline,
        }
    }

    /// Cosine of the bead's two sides; `None` when a side is empty or longer than the runs.
    pub fn cosine(&self, i: usize, a: usize, j: usize, b: usize) -> Option<f32> {
        Some(dot(self.src.get(i, a)?, self.tgt.get(j, b)?))
    }

    /// The bead's cosine above the mean baseline of its sentences, in [-1, 1].
    pub fn similarity(&self, i: usize, a: usize, j: usize, b: usize) -> Option<f32> {
        let cos = self.cosine(i, a, j, b)?;
        let base: f32 = self.src_baseline[i..i + a].iter().sum::<f32>()
            + self.tgt_baseline[j..j + b].iter().sum::<f32>();
        Some(cos - base / (a + b) as f32)
    }
}

fn baseline(own: &RunVectors, other: &RunVectors) -> Vec<f32> {
    let (n, m) = (own.sentences(), other.sentences());
    let slope = if n > 0 { m as f32 / n as f32 } else { 1.0 };
    (0..n)
        .map(|i| {
            let centre = (i as f32 * slope).round() as isize;
            let Some(v) = own.get(i, 1) else { return 0.0 };
            let (mut sum, mut count) = (0.0f32, 0usize);
            for d in BASELINE_OFFSETS {
                let j = centre + d;
                if j >= 0 && (j as usize) < m {
                    if let Some(w) = other.get(j as usize, 1) {
                        sum += dot(v, w);
                        count += 1;
                    }
                }
            }
            if count == 0 {
                0.0
            } else {
                sum / count as f32
            }
        })
        .collect()
}
