//! Sentence alignment: pairs source and target sentences into scored links.
//!
//! [`align`] takes two segmented documents and returns a [`Bitext`]: links in document
//! order covering every sentence of both sides exactly once (1-1, 2-1, 1-2, 2-2, 3-1, 1-3,
//! and 1-0 / 0-1 for sentences with no counterpart), each with a score in [0, 1], and a
//! verdict on whether the two texts translate each other at all.
//!
//! How: `features` turns each sentence into a length and a set of weighted keys (numbers,
//! glossary entities, Latin tokens, name skeletons, shared words); `cost` prices a bead
//! from them; `search` finds the cheapest path of beads in a corridor around anchors, in
//! time and memory linear in the length of the documents; `confidence` turns each
//! bead's evidence into a calibrated score and the whole into a verdict. `eval` scores
//! links against gold files (vecalign's definition) and builds harder test pairs.
//! The design is written up in `docs/align.md`.

mod associate;
mod confidence;
mod constrained;
mod cost;
pub mod eval;
mod features;
mod meaning;
mod search;

use crate::glossary::{Glossary, Matcher};
use crate::lexicon::Lexicon;
use crate::model::{Bitext, Document, Lang, Link, Segment};
use cost::{bead_shapes, Bead, CostModel, DirectOverlap, LengthModel};

pub use associate::{word_units, Associations, LearnConfig, Unit};
pub use confidence::{verdict_for, DocumentEvidence, MeaningEvidence};
pub use constrained::{score_links, usable_fixed};

/// Knobs of the aligner. The defaults were tuned on the Text+Berg dev document and
/// NTREX perturbations built from its first half (see `docs/align.md`), never on test.
#[derive(Clone, Debug)]
pub struct AlignConfig {
    /// The most sentences one side of a link may group (4: up to 4-1 and 1-4; 2-2 is
    /// always allowed from 2 on, 3-2 and 2-3 from 4 on). Links of five sentences or more
    /// are only made where every sentence shares evidence with the other side.
    pub max_group: u32,
    /// Half-width, in target sentences, of the first search corridor around the anchors.
    pub band: u32,
    /// The corridor is doubled, up to this half-width, while the path runs along its edge.
    pub max_band: u32,
    /// Cost per sentence left without a counterpart (1-0, 0-1) ...
    pub skip_cost: f32,
    /// ... plus this times the square root of its length in (source) characters.
    pub skip_length_cost: f32,
    /// Discount on leaving a sentence out per number, entity or Latin token of it that
    /// occurs nowhere on the other side (at most 3 counted).
    pub orphan_weight: f32,
    /// Extra cost per such number, entity or Latin token (at most 3 per sentence) of a
    /// sentence grouped with others.
    pub orphan_merge: f32,
    /// How much cheaper deletions on a side get per unit of that side's length surplus
    /// (its share of text the other side's 1-1 ratio does not account for).
    pub surplus_weight: f32,
    /// Extra cost of grouping sentences, per sentence beyond one on each side.
    pub merge_cost: f32,
    /// Weight of lexical evidence (per sentence of a bead).
    pub lexical_weight: f32,
    /// The overlap that neither rewards nor penalises a bead.
    pub lexical_neutral: f32,
    /// Weight of the sentence encoder's similarity (per sentence of a bead), with
    /// `Signals::encoder` only.
    pub meaning_weight: f32,
    /// The encoder similarity that neither rewards nor penalises a bead.
    pub meaning_neutral: f32,
    /// Weight of a word-lexicon key (`X`, Arabic–English pairs) relative to other keys
    /// of the same rarity.
    pub lexicon_weight: f32,
    /// `merge_cost` and `lexical_weight` where the word lexicon gives keys (Arabic–English
    /// pairs): with words to compare, a dropped sentence no longer looks like half of a
    /// merge, and the evidence can be trusted more; other pairs keep the values above.
    pub lexicon_merge_cost: f32,
    pub lexicon_lexical_weight: f32,
    /// Paragraph breaks as soft anchors: gain when a bead opens a paragraph on both sides,
    /// cost when a group swallows a paragraph break.
    pub paragraph_weight: f32,
    /// The price of leaving out a sentence marked as site furniture (`Role::Boilerplate`,
    /// from `qarin::input`): far below any other 1-0 / 0-1, so "read more" lines stay out
    /// of the pairs unless strong evidence pairs them.
    pub boilerplate_skip_cost: f32,
    /// Shape cost of a link of five sentences (3-2, 2-3, 4-1, 1-4), instead of the
    /// 2.5 `merge` per extra sentence of smaller groups.
    pub large_merge_cost: f32,
    /// Extra cost of a link of five sentences or more per sentence of it that shares with
    /// the other side no key of its own (one the rest of its side of the link lacks);
    /// infinite: such links are never made.
    pub large_group_gate: f32,
    /// Scale of the weight of learned word associations (kind `A` keys, learned from the
    /// first pass's confident 1-1 links); 0 turns learning off.
    pub association_weight: f32,
    /// Learned-association keys a sentence keeps at most, its rarest.
    pub association_keys: usize,
    /// How associations are learned (significance cut, partners per word).
    pub learn: LearnConfig,
}

impl AlignConfig {
    /// Sets knobs from `name=value` pairs separated by commas (`skip=2,merge=4`), for
    /// tuning runs: `skip`, `skip-length`, `orphan`, `orphan-merge`, `surplus`, `merge`,
    /// `lexical`, `neutral`, `lexicon`, `lexicon-merge`, `lexicon-lexical`, `paragraph`,
    /// `boilerplate`, `band`, `max-group`, `large-merge`, `large-gate` (`inf`: no such
    /// link), and for learned associations `assoc` (weight), `assoc-llr`, `assoc-count`,
    /// `assoc-partners`, `assoc-share`, `assoc-links`, `assoc-keys`, and with an encoder
    /// `meaning`, `meaning-neutral`.
    pub fn set(&mut self, spec: &str) -> Result<(), String> {
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}`: expected name=value"))?;
            let value: f32 = value
                .trim()
                .parse()
                .map_err(|_| format!("`{part}`: the value must be a number"))?;
            match name.trim() {
                "skip" => self.skip_cost = value,
                "skip-length" => self.skip_length_cost = value,
                "merge" => self.merge_cost = value,
                "surplus" => self.surplus_weight = value,
                "orphan-merge" => self.orphan_merge = value,
                "orphan" => self.orphan_weight = value,
                "lexical" => self.lexical_weight = value,
                "neutral" => self.lexical_neutral = value,
                "lexicon" => self.lexicon_weight = value,
                "lexicon-merge" => self.lexicon_merge_cost = value,
                "lexicon-lexical" => self.lexicon_lexical_weight = value,
                "paragraph" => self.paragraph_weight = value,
                "meaning" => self.meaning_weight = value,
                "meaning-neutral" => self.meaning_neutral = value,
                "boilerplate" => self.boilerplate_skip_cost = value,
                "large-merge" => self.large_merge_cost = value,
                "large-gate" => self.large_group_gate = value.max(0.0),
                "assoc" => self.association_weight = value.max(0.0),
                "assoc-keys" => self.association_keys = value.max(0.0) as usize,
                "assoc-llr" => self.learn.min_llr = value,
                "assoc-count" => self.learn.min_count = value.max(1.0) as u32,
                "assoc-partners" => self.learn.partners = value.max(1.0) as usize,
                "assoc-share" => self.learn.max_share = value.clamp(0.0, 1.0),
                "assoc-links" => self.learn.min_links = value.max(0.0) as u32,
                "band" => self.band = value.max(1.0) as u32,
                "max-group" => self.max_group = value.clamp(1.0, 8.0) as u32,
                other => return Err(format!("unknown setting `{other}`")),
            }
        }
        Ok(())
    }
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            max_group: 4,
            band: 12,
            max_band: 1024,
            skip_cost: 1.5,
            skip_length_cost: 0.8,
            orphan_weight: 1.0,
            orphan_merge: 1.0,
            surplus_weight: 4.0,
            merge_cost: 4.0,
            lexical_weight: 8.0,
            lexical_neutral: 0.25,
            lexicon_weight: 1.0,
            lexicon_merge_cost: 6.0,
            lexicon_lexical_weight: 10.0,
            paragraph_weight: 3.0,
            boilerplate_skip_cost: 0.1,
            meaning_weight: 6.0,
            meaning_neutral: 0.4,
            large_merge_cost: 14.0,
            large_group_gate: 1.0,
            association_weight: 1.0,
            association_keys: 8,
            learn: LearnConfig::default(),
        }
    }
}

/// Aligns two segmented documents, finding glossary entities with `glossary`.
pub fn align(
    source: &Document,
    target: &Document,
    glossary: &Glossary,
    config: &AlignConfig,
) -> Bitext {
    align_with_progress(source, target, glossary, config, &mut |_| {})
}

/// [`align`] reporting progress as the fraction of work done, for long documents.
pub fn align_with_progress(
    source: &Document,
    target: &Document,
    glossary: &Glossary,
    config: &AlignConfig,
    progress: &mut dyn FnMut(f32),
) -> Bitext {
    let matcher = (!glossary.is_empty()).then(|| Matcher::new(glossary));
    let signals = Signals {
        matcher: matcher.as_ref(),
        ..Signals::default()
    };
    align_with(source, target, &signals, config, progress)
}

/// [`align_with_progress`] with a glossary matcher built once for many document pairs
/// (building one costs more than aligning a short article); `None` aligns without a glossary.
pub fn align_with_matcher(
    source: &Document,
    target: &Document,
    matcher: Option<&Matcher>,
    config: &AlignConfig,
    progress: &mut dyn FnMut(f32),
) -> Bitext {
    let signals = Signals {
        matcher,
        ..Signals::default()
    };
    align_with(source, target, &signals, config, progress)
}

/// What the aligner reads besides the two documents. Each field is one optional source
/// of evidence, built once by the caller and shared by every document pair of a run;
/// [`Signals::default`] aligns on length, numbers, Latin tokens and name skeletons alone.
///
/// This is the seam where new evidence plugs in: a field here, its keys or cost term in
/// `features` / `cost`, and nothing else changes for callers that leave it empty.
#[derive(Clone, Copy, Default)]
pub struct Signals<'a> {
    /// The glossary's matcher: entities found on both sides are strong keys.
    pub matcher: Option<&'a Matcher>,
    /// Links a person confirmed (`qarin edit`): the result contains each of them exactly,
    /// and the rest is aligned between them. Links that overlap an earlier one or fall
    /// outside the documents are ignored (see [`usable_fixed`]).
    pub fixed: &'a [Link],
    /// The sentence encoder (`--encoder`): a bead's sentences compared by meaning, one
    /// more cost term beside length and keys, and evidence for the verdict.
    pub encoder: Option<&'a crate::embed::Encoder>,
    /// The word lexicon: on an Arabic–English pair, the English renderings of Arabic
    /// words meet the English words they render (`crate::lexicon`); other pairs ignore it.
    pub lexicon: Option<&'a Lexicon>,
    /// Word associations learned over a whole run (corpus mode): used instead of those
    /// the aligner would learn from the document pair alone.
    pub associations: Option<&'a Associations>,
}

/// Aligns two documents with the evidence in `signals`, reporting progress as the
/// fraction of work done. Every other entry point of this module calls this one.
pub fn align_with(
    source: &Document,
    target: &Document,
    signals: &Signals<'_>,
    config: &AlignConfig,
    progress: &mut dyn FnMut(f32),
) -> Bitext {
    if !signals.fixed.is_empty() {
        return constrained::align_between_fixed(source, target, signals, config, progress);
    }
    let FirstPass {
        mut feats,
        config,
        first,
        confident,
        initial,
        meaning,
    } = first_pass(source, target, signals, config, progress);
    let config = &*config;
    let meaning = meaning.as_ref();
    let (n, m) = (feats.src.n(), feats.tgt.n());
    let shapes = bead_shapes(config.max_group);
    let one_to_one: Vec<(f32, f32)> = confident
        .iter()
        .map(|&(i, j)| (feats.src.len[i], feats.tgt.len[j]))
        .collect();
    let refined = LengthModel::refit(&one_to_one, initial);
    associate::add_to_features(
        &mut feats,
        source,
        target,
        &confident,
        signals.associations,
        config,
    );
    let overlap = DirectOverlap {
        src: &feats.src,
        tgt: &feats.tgt,
    };
    let model = CostModel::new(&feats.src, &feats.tgt, refined, config).with_meaning(meaning);
    let path = path_in_widening_corridor(
        &model,
        &shapes,
        &search::centre_from_path(&first, n, m),
        (config.band / 2).max(6),
        config,
        &mut |f| progress(0.5 + f * 0.5),
    );

    let mut links = Vec::with_capacity(path.len());
    let mut evidence = DocumentEvidence::default();
    for w in path.windows(2) {
        let ((i, j), (i2, j2)) = (w[0], w[1]);
        let bead = Bead {
            src: (i2 - i) as u8,
            tgt: (j2 - j) as u8,
        };
        let ev = if bead.src > 0 && bead.tgt > 0 {
            Some(model.evidence(i, j, bead, &overlap))
        } else {
            None
        };
        let score = confidence::link_score(bead, ev.as_ref());
        evidence.add(bead, ev.as_ref(), &feats.src, &feats.tgt, i, j);
        links.push(Link::new(i as u32..i2 as u32, j as u32..j2 as u32, score));
    }
    evidence.lift = evidence_lift(&path, &overlap);
    evidence.meaning = meaning.map(|m| m.evidence(&path));
    let verdict = verdict_for(&evidence);
    confidence::temper_scores(&mut links, &verdict);
    // The features weigh as much as the documents; free them before copying those.
    drop((model, overlap, path));
    drop(feats);
    Bitext {
        source: source.clone(),
        target: target.clone(),
        links,
        verdict: Some(verdict),
    }
}

/// What the first pass of [`align_with`] leaves for the second.
struct FirstPass<'c> {
    feats: features::Features,
    config: std::borrow::Cow<'c, AlignConfig>,
    /// The first path.
    first: Vec<(usize, usize)>,
    /// Its confident 1-1 links: what the length model is refitted on and word associations
    /// are learned from.
    confident: Vec<(usize, usize)>,
    initial: LengthModel,
    meaning: Option<meaning::Meaning>,
}

/// Features, anchors, the coarse pass of a long document and the first pass.
fn first_pass<'c>(
    source: &Document,
    target: &Document,
    signals: &Signals<'_>,
    config: &'c AlignConfig,
    progress: &mut dyn FnMut(f32),
) -> FirstPass<'c> {
    let feats = features::extract_with(source, target, signals, config);
    let config = features::config_for(config, &feats);
    let meaning = signals
        .encoder
        .map(|e| meaning::Meaning::new(e, source, target, config.max_group as usize));
    let (n, m) = (feats.src.n(), feats.tgt.n());
    let shapes = bead_shapes(config.max_group);

    let initial = LengthModel::from_totals(&feats.src, &feats.tgt);
    let anchors = search::anchors(&feats.hapax, n, m, config.band as f32 / 2.0);
    let centre = if n.max(m) > COARSE_ABOVE {
        coarse_centre(&feats, &anchors, initial, &shapes, &config)
    } else {
        search::centre_from_points(&anchors, n, m)
    };
    // The first pass only places the corridor and picks the links to learn from: the
    // large groups (3 % of links at most) change neither, and would cost it a fifth of its
    // time.
    let first_shapes: Vec<Bead> = shapes
        .iter()
        .copied()
        .filter(|b| usize::from(b.src + b.tgt) < cost::LARGE_GROUP)
        .collect();
    let first = path_in_widening_corridor(
        &CostModel::new(&feats.src, &feats.tgt, initial, &config).with_meaning(meaning.as_ref()),
        &first_shapes,
        &centre,
        config.band,
        &config,
        &mut |f| progress(f * 0.5),
    );

    // The first pass's confident 1-1 beads refit the length model and teach the word
    // associations; the second pass searches a narrower corridor around the first path.
    let confident: Vec<(usize, usize)> = {
        let model =
            CostModel::new(&feats.src, &feats.tgt, initial, &config).with_meaning(meaning.as_ref());
        let overlap = DirectOverlap {
            src: &feats.src,
            tgt: &feats.tgt,
        };
        first
            .windows(2)
            .filter(|w| w[1].0 - w[0].0 == 1 && w[1].1 - w[0].1 == 1)
            .filter(|w| {
                let ev = model.evidence(w[0].0, w[0].1, Bead { src: 1, tgt: 1 }, &overlap);
                ev.similarity.map_or(true, |s| s >= config.lexical_neutral)
            })
            .map(|w| w[0])
            .collect()
    };
    FirstPass {
        feats,
        config,
        first,
        confident,
        initial,
        meaning,
    }
}

/// The sentence pairs (source index, target index) that [`align_with`] learns word
/// associations from for this pair: the confident 1-1 links of its first pass. A corpus
/// run collects them over every pair and learns one table for all
/// ([`Signals::associations`], `qarin::corpus::CorpusLearner`); for one pair that table is
/// the one the aligner learns by itself. Costs about half of an alignment.
pub fn learning_links(
    source: &Document,
    target: &Document,
    signals: &Signals<'_>,
    config: &AlignConfig,
) -> Vec<(usize, usize)> {
    if !signals.fixed.is_empty() {
        return Vec::new();
    }
    first_pass(source, target, signals, config, &mut |_| {}).confident
}

/// A document from text that is already one sentence per line (the format of
/// `../shared/data/align/`): line `i` is sentence `i`, empty lines included so numbering
/// stays that of the file; spans are byte ranges of the lines without their line ends.
pub fn segmented_document(text: &str, lang: Lang, origin: Option<String>) -> Document {
    let mut segments = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let body = body.strip_suffix('\r').unwrap_or(body);
        segments.push(Segment {
            text: body.to_string(),
            span: offset..offset + body.len(),
            ..Segment::default()
        });
        offset += line.len();
    }
    Document {
        lang,
        origin,
        segments,
    }
}

/// Documents longer than this are first aligned in blocks of [`COARSE_BLOCK`] sentences.
const COARSE_ABOVE: usize = 2_000;
const COARSE_BLOCK: usize = 16;

/// Where the path probably runs, from an alignment of blocks of sentences around the
/// anchors: over a long book, omissions on one side add up to a drift that anchors alone
/// (rare in repetitive text) may not catch, while blocks keep the search small.
fn coarse_centre(
    feats: &features::Features,
    anchors: &[(u32, u32)],
    length: LengthModel,
    shapes: &[Bead],
    config: &AlignConfig,
) -> Vec<f32> {
    let (n, m) = (feats.src.n(), feats.tgt.n());
    let src = feats.src.coarse(COARSE_BLOCK);
    let tgt = feats.tgt.coarse(COARSE_BLOCK);
    let k = COARSE_BLOCK as u32;
    let coarse_anchors: Vec<(u32, u32)> = anchors.iter().map(|&(i, j)| (i / k, j / k)).collect();
    let centre = search::centre_from_points(&coarse_anchors, src.n(), tgt.n());
    let model = CostModel::new(&src, &tgt, length, config);
    // Blocks of 16 sentences rarely group by three; comparing groups of three blocks'
    // keys made the coarse pass as slow as a fine one.
    let shapes: Vec<Bead> = shapes
        .iter()
        .copied()
        .filter(|b| b.src.max(b.tgt) <= 2)
        .collect();
    let path =
        path_in_widening_corridor(&model, &shapes, &centre, config.band, config, &mut |_| {});
    let points: Vec<(u32, u32)> = path
        .iter()
        .map(|&(i, j)| {
            (
                ((i * COARSE_BLOCK).min(n)) as u32,
                ((j * COARSE_BLOCK).min(m)) as u32,
            )
        })
        .collect();
    search::centre_from_points(&points, n, m)
}

/// How much more evidence the path's pairs share than pairs a few sentences off it: a
/// translation shares its names and numbers with its own counterpart, an unrelated text
/// shares as much with any sentence as with the one it was paired with.
fn evidence_lift(path: &[(usize, usize)], overlap: &DirectOverlap<'_>) -> f32 {
    let shared = |i: usize, j: usize| confidence::verdict_shared(overlap.src, overlap.tgt, i, j);
    const SHIFTS: [isize; 4] = [-5, -3, 3, 5];
    let m = overlap.tgt.n();
    let (mut on, mut off) = (0.0f32, 0.0f32);
    for w in path.windows(2) {
        let ((i, j), (i2, j2)) = (w[0], w[1]);
        if i2 == i || j2 == j {
            continue;
        }
        for ii in i..i2 {
            for jj in j..j2 {
                on += shared(ii, jj);
            }
            for d in SHIFTS {
                let jj = j as isize + d;
                if jj >= 0 && (jj as usize) < m {
                    off += shared(ii, jj as usize);
                }
            }
        }
    }
    (on + 1.0) / (off / SHIFTS.len() as f32 + 1.0)
}

fn path_in_widening_corridor(
    model: &CostModel<'_>,
    shapes: &[Bead],
    centre: &[f32],
    band: u32,
    config: &AlignConfig,
    progress: &mut dyn FnMut(f32),
) -> Vec<(usize, usize)> {
    let (n, m) = (model.src.n(), model.tgt.n());
    let mut width = band.max(4);
    let mut centre = centre.to_vec();
    let rows = n.max(1) as f32;
    let mut round = 0;
    loop {
        let corridor = search::Corridor::around(&centre, m, width);
        let (path, touched) =
            search::best_path(model, shapes, &corridor, &mut |i| progress(i as f32 / rows));
        // A corridor already covering everything cannot be widened.
        let whole = corridor.cells() >= (n + 1) * (m + 1);
        if !touched || whole || round >= 12 {
            return path;
        }
        // Follow the path where it pressed against the edge, and widen: drift (sentences
        // dropped on one side over a long book) is caught up in a few linear passes
        // instead of one quadratic one.
        centre = search::centre_from_path(&path, n, m);
        width = (width * 2).min(config.max_band);
        round += 1;
    }
}

#[cfg(test)]
mod tests;
