//! Alignment around links a person fixed, and scores for links the aligner did not choose.
//!
//! A fixed link cuts both documents in two: nothing before it can pair with anything after
//! it. So the documents are partitioned at the fixed links and each stretch between two of
//! them is aligned on its own by the ordinary search ([`super::align_with`] without fixed
//! links); the search itself knows nothing of constraints. A stretch with sentences on one
//! side only becomes 1-0 / 0-1 links. Afterwards every link of the whole path is scored on
//! the features of the whole documents, as the unconstrained aligner scores its own path,
//! so scores and the verdict do not depend on how short a stretch was.

use super::confidence::{self, link_score, DocumentEvidence};
use super::cost::{Bead, CostModel, DirectOverlap, LengthModel};
use super::{evidence_lift, features, verdict_for, AlignConfig, Signals};
use crate::model::{Bitext, Document, Link, Verdict};
use std::ops::Range;

/// The fixed links an alignment of documents with `n` source and `m` target sentences can
/// keep: in document order (sorted by where they start), each inside the documents, not
/// empty on both sides and starting at or after the end of the previous one kept on both
/// sides. A link that breaks this (it overlaps or crosses an earlier one) is dropped.
pub fn usable_fixed(fixed: &[Link], n: usize, m: usize) -> Vec<Link> {
    let mut sorted: Vec<&Link> = fixed.iter().collect();
    sorted.sort_by_key(|l| (l.src.start, l.tgt.start, l.src.end, l.tgt.end));
    let (mut i, mut j) = (0u32, 0u32);
    let mut kept = Vec::with_capacity(sorted.len());
    for link in sorted {
        let sound = link.src.start <= link.src.end
            && link.tgt.start <= link.tgt.end
            && (link.src.end as usize) <= n
            && (link.tgt.end as usize) <= m
            && !(link.src.is_empty() && link.tgt.is_empty())
            && link.src.start >= i
            && link.tgt.start >= j;
        if sound {
            i = link.src.end;
            j = link.tgt.end;
            kept.push(link.clone());
        }
    }
    kept
}

/// [`super::align_with`] when `signals.fixed` is not empty.
pub(crate) fn align_between_fixed(
    source: &Document,
    target: &Document,
    signals: &Signals<'_>,
    config: &AlignConfig,
    progress: &mut dyn FnMut(f32),
) -> Bitext {
    let (n, m) = (source.segments.len(), target.segments.len());
    let fixed = usable_fixed(signals.fixed, n, m);
    let free = Signals {
        fixed: &[],
        ..*signals
    };
    let total = (n + m).max(1) as f32;
    let mut links = Vec::with_capacity(fixed.len() * 2 + 1);
    let (mut i, mut j) = (0u32, 0u32);
    let ends = fixed.iter().map(Some).chain(std::iter::once(None::<&Link>));
    for anchor in ends {
        let (a, b) = anchor.map_or((n as u32, m as u32), |l| (l.src.start, l.tgt.start));
        let done = (i + j) as f32 / total;
        let share = ((a - i) + (b - j)) as f32 / total;
        align_stretch(
            source,
            target,
            i..a,
            j..b,
            &free,
            config,
            &mut |f| progress(done + f * share),
            &mut links,
        );
        if let Some(link) = anchor {
            links.push(link.clone());
            (i, j) = (link.src.end, link.tgt.end);
        }
    }
    let (scores, verdict) = score_links(source, target, &links, &free, config);
    for (link, score) in links.iter_mut().zip(scores) {
        link.score = score;
    }
    progress(1.0);
    Bitext {
        source: source.clone(),
        target: target.clone(),
        links,
        verdict: Some(verdict),
    }
}

/// Aligns source sentences `src` with target sentences `tgt`, appending the links (in the
/// numbering of the whole documents) to `out`.
#[allow(clippy::too_many_arguments)]
fn align_stretch(
    source: &Document,
    target: &Document,
    src: Range<u32>,
    tgt: Range<u32>,
    signals: &Signals<'_>,
    config: &AlignConfig,
    progress: &mut dyn FnMut(f32),
    out: &mut Vec<Link>,
) {
    match (src.is_empty(), tgt.is_empty()) {
        (true, true) => {}
        (false, true) => out.extend(src.map(|i| Link::new(i..i + 1, tgt.start..tgt.start, 0.0))),
        (true, false) => out.extend(tgt.map(|j| Link::new(src.start..src.start, j..j + 1, 0.0))),
        (false, false) => {
            let part = |doc: &Document, r: &Range<u32>| Document {
                lang: doc.lang.clone(),
                origin: doc.origin.clone(),
                segments: doc.segments[r.start as usize..r.end as usize].to_vec(),
            };
            let aligned = super::align_with(
                &part(source, &src),
                &part(target, &tgt),
                signals,
                config,
                progress,
            );
            out.extend(aligned.links.into_iter().map(|l| {
                Link::new(
                    l.src.start + src.start..l.src.end + src.start,
                    l.tgt.start + tgt.start..l.tgt.end + tgt.start,
                    l.score,
                )
            }));
        }
    }
}

/// Scores `links` (a path through both documents: in order, every sentence in one link)
/// as the aligner scores its own path, and gives the verdict on the whole. For links a
/// person made (a merge, a shift) and for paths assembled around fixed links. A link that
/// is out of range, or groups more than 255 sentences on a side, scores 0.
pub fn score_links(
    source: &Document,
    target: &Document,
    links: &[Link],
    signals: &Signals<'_>,
    config: &AlignConfig,
) -> (Vec<f32>, Verdict) {
    let feats = features::extract_with(source, target, signals, config);
    let config = &*features::config_for(config, &feats);
    let (n, m) = (feats.src.n(), feats.tgt.n());
    let bead_of = |l: &Link| -> Option<Bead> {
        let in_range = l.src.start <= l.src.end
            && l.tgt.start <= l.tgt.end
            && (l.src.end as usize) <= n
            && (l.tgt.end as usize) <= m;
        let bead = Bead {
            src: u8::try_from(l.src.len()).ok()?,
            tgt: u8::try_from(l.tgt.len()).ok()?,
        };
        in_range.then_some(bead)
    };
    let overlap = DirectOverlap {
        src: &feats.src,
        tgt: &feats.tgt,
    };
    // The length model refitted on the path's sound 1-1 links, as the aligner's second pass.
    let initial = LengthModel::from_totals(&feats.src, &feats.tgt);
    let first = CostModel::new(&feats.src, &feats.tgt, initial, config);
    let one_to_one: Vec<(f32, f32)> = links
        .iter()
        .filter(|l| l.src.len() == 1 && l.tgt.len() == 1 && bead_of(l).is_some())
        .filter(|l| {
            let (i, j) = (l.src.start as usize, l.tgt.start as usize);
            let ev = first.evidence(i, j, Bead { src: 1, tgt: 1 }, &overlap);
            ev.similarity.map_or(true, |s| s >= config.lexical_neutral)
        })
        .map(|l| {
            (
                feats.src.len[l.src.start as usize],
                feats.tgt.len[l.tgt.start as usize],
            )
        })
        .collect();
    let model = CostModel::new(
        &feats.src,
        &feats.tgt,
        LengthModel::refit(&one_to_one, initial),
        config,
    );
    let mut scored: Vec<Link> = Vec::with_capacity(links.len());
    let mut evidence = DocumentEvidence::default();
    let mut path = Vec::with_capacity(links.len() + 1);
    for link in links {
        let Some(bead) = bead_of(link) else {
            scored.push(Link::new(0..0, 0..0, 0.0));
            continue;
        };
        let (i, j) = (link.src.start as usize, link.tgt.start as usize);
        let ev = (bead.src > 0 && bead.tgt > 0).then(|| model.evidence(i, j, bead, &overlap));
        evidence.add(bead, ev.as_ref(), &feats.src, &feats.tgt, i, j);
        scored.push(Link::new(0..0, 0..0, link_score(bead, ev.as_ref())));
        path.push((i, j));
    }
    if let Some(last) = links.last().filter(|l| bead_of(l).is_some()) {
        path.push((last.src.end as usize, last.tgt.end as usize));
    }
    evidence.lift = evidence_lift(&path, &overlap);
    let verdict = verdict_for(&evidence);
    confidence::temper_scores(&mut scored, &verdict);
    (scored.into_iter().map(|l| l.score).collect(), verdict)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lang, LinkStatus};

    fn docs(n: usize, drop_target: Option<usize>) -> (Document, Document) {
        let ar: Vec<String> = (0..n)
            .map(|k| {
                format!(
                    "الجملة رقم {} عن موضوع {}.",
                    k + 1,
                    "طويل ".repeat(k % 4 + 1)
                )
            })
            .collect();
        let en: Vec<String> = (0..n)
            .filter(|&k| Some(k) != drop_target)
            .map(|k| {
                format!(
                    "Sentence number {} about a {}topic.",
                    k + 1,
                    "long ".repeat(k % 4 + 1)
                )
            })
            .collect();
        (
            Document::from_sentences(Lang::arabic(), &ar),
            Document::from_sentences(Lang::english(), &en),
        )
    }

    fn align_fixed(src: &Document, tgt: &Document, fixed: &[Link]) -> Bitext {
        let signals = Signals {
            fixed,
            ..Signals::default()
        };
        let b = super::super::align_with(src, tgt, &signals, &AlignConfig::default(), &mut |_| {});
        covers_everything_once(&b);
        b
    }

    fn covers_everything_once(b: &Bitext) {
        let (mut i, mut j) = (0, 0);
        for l in &b.links {
            assert_eq!((l.src.start, l.tgt.start), (i, j), "{:?}", b.links);
            (i, j) = (l.src.end, l.tgt.end);
        }
        assert_eq!(
            (i as usize, j as usize),
            (b.source.segments.len(), b.target.segments.len())
        );
    }

    #[test]
    fn fixed_links_are_kept_exactly_even_when_wrong() {
        let (src, tgt) = docs(8, None);
        // A deliberately odd link: source 2 with targets 2 and 3, confirmed.
        let fixed = [Link::new(2..3, 2..4, 0.1).with_status(LinkStatus::Confirmed)];
        let b = align_fixed(&src, &tgt, &fixed);
        let kept = b.links.iter().find(|l| l.src == (2..3)).unwrap();
        assert_eq!(kept.tgt, 2..4);
        assert_eq!(kept.status, LinkStatus::Confirmed);
        // The stretches before and after it are aligned on their own.
        assert!(b.links.iter().any(|l| l.src == (0..1) && l.tgt == (0..1)));
        assert!(b.links.iter().any(|l| l.src == (7..8) && l.tgt == (7..8)));
    }

    #[test]
    fn crossing_and_out_of_range_fixed_links_are_dropped() {
        let fixed = [
            Link::new(3..4, 3..4, 1.0),
            Link::new(2..3, 5..6, 1.0), // crosses: starts after on the target
            Link::new(9..10, 1..1, 1.0), // outside a 5-sentence document
            Link::new(4..4, 4..4, 1.0), // empty on both sides
        ];
        let kept = usable_fixed(&fixed, 5, 6);
        assert_eq!(kept, vec![Link::new(2..3, 5..6, 1.0)]);
        let kept = usable_fixed(&fixed[..1], 5, 6);
        assert_eq!(kept.len(), 1);
    }

    #[test]
    fn stretches_with_one_side_become_one_sided_links() {
        let (src, tgt) = docs(4, None);
        // Fixing source 0-1 to target 0 and source 2 to target 1..4 leaves source 3 alone.
        let fixed = [Link::new(0..2, 0..1, 1.0), Link::new(2..3, 1..4, 1.0)];
        let b = align_fixed(&src, &tgt, &fixed);
        assert_eq!(b.links.last().unwrap().src, 3..4);
        assert!(b.links.last().unwrap().tgt.is_empty());
    }

    #[test]
    fn scores_of_the_aligners_own_path_are_its_scores() {
        let (src, tgt) = docs(10, Some(4));
        let config = AlignConfig::default();
        let b = super::super::align_with(&src, &tgt, &Signals::default(), &config, &mut |_| {});
        let (scores, verdict) = score_links(&src, &tgt, &b.links, &Signals::default(), &config);
        assert_eq!(Some(verdict.kind), b.verdict.as_ref().map(|v| v.kind));
        let theirs: Vec<f32> = b.links.iter().map(|l| l.score).collect();
        let close = scores
            .iter()
            .zip(&theirs)
            .filter(|(a, b)| (*a - *b).abs() < 0.05)
            .count();
        assert!(close * 10 >= scores.len() * 9, "{scores:?} vs {theirs:?}");
    }
}
