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

impl Meaning {
    /// The path's links compared with the same source sentences against target sentences a
    /// few lines off (the verdict's evidence).
    pub fn evidence(&self, path: &[(usize, usize)]) -> super::MeaningEvidence {
        const SHIFTS: [isize; 4] = [-5, -3, 3, 5];
        let m = self.tgt.sentences() as isize;
        let (mut links, mut linked, mut off, mut offs) = (0usize, 0.0f32, 0.0f32, 0usize);
        for w in path.windows(2) {
            let ((i, j), (i2, j2)) = (w[0], w[1]);
            let (a, b) = (i2 - i, j2 - j);
            let Some(cos) = self.cosine(i, a, j, b) else {
                continue;
            };
            links += 1;
            linked += cos;
            for d in SHIFTS {
                let jj = j as isize + d;
                if jj >= 0 && jj + b as isize <= m {
                    if let Some(c) = self.cosine(i, a, jj as usize, b) {
                        off += c;
                        offs += 1;
                    }
                }
            }
        }
        super::MeaningEvidence {
            links,
            linked: if links > 0 {
                linked / links as f32
            } else {
                0.0
            },
            off_path: (offs > 0).then(|| off / offs as f32),
        }
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

#[cfg(test)]
mod tests {
    use super::super::{verdict_for, DocumentEvidence, MeaningEvidence};
    use crate::model::VerdictKind;

    fn evidence(linked: f32, off_path: Option<f32>, links: usize) -> DocumentEvidence {
        DocumentEvidence {
            sentences: 2 * links,
            with_evidence: 0,
            meaning: Some(MeaningEvidence {
                links,
                linked,
                off_path,
            }),
            ..DocumentEvidence::default()
        }
    }

    #[test]
    fn the_encoder_decides_where_keys_are_too_few() {
        // No names or numbers at all: the key rules could only doubt.
        let mut keys_only = evidence(0.7, Some(0.2), 20);
        keys_only.meaning = None;
        assert_eq!(verdict_for(&keys_only).kind, VerdictKind::Doubtful);
        let v = verdict_for(&evidence(0.7, Some(0.2), 20));
        assert_eq!(v.kind, VerdictKind::Parallel);
        assert!(
            v.message.contains("0.70") && v.message.contains("0.20"),
            "{}",
            v.message
        );
        // Links no closer than pairs off the path: unrelated texts.
        assert_eq!(
            verdict_for(&evidence(0.25, Some(0.2), 20)).kind,
            VerdictKind::NotParallel
        );
        // Short pairs have nothing off the path: the links' own similarity decides.
        assert_eq!(
            verdict_for(&evidence(0.6, None, 3)).kind,
            VerdictKind::Parallel
        );
        assert_eq!(
            verdict_for(&evidence(0.1, None, 3)).kind,
            VerdictKind::NotParallel
        );
        // In between, the key rules decide.
        assert_eq!(
            verdict_for(&evidence(0.4, Some(0.2), 20)).kind,
            VerdictKind::Doubtful
        );
    }

    #[test]
    fn many_sentences_left_out_are_not_called_parallel() {
        let mut e = evidence(0.7, Some(0.2), 10);
        e.sentences = 60;
        e.unlinked = 40;
        assert_ne!(verdict_for(&e).kind, VerdictKind::Parallel);
    }
}
