//! Corrections a person makes to an alignment: pure functions `Bitext + Edit → Bitext`.
//!
//! Input: a [`Bitext`] (every sentence of both sides in exactly one link, links in order)
//! and an [`Edit`] (plain serde data, so the editor page can send it and the journal can
//! keep it). Output: a new bitext that keeps the invariant, or an [`EditError`] saying in
//! words why the edit does not apply; the input is never changed. The operations follow
//! InterText: merge with a neighbour, split a group, shift a side's first or last sentence
//! to the neighbouring link, detach a sentence (1-0 / 0-1), confirm or reject a link,
//! split and join sentences, edit a sentence's text, and realign everything after a link
//! with the confirmed links as fixed anchors.
//!
//! [`Session`] keeps a bitext with its undo history ([`Patch`]es: the difference of one
//! edit, so undo restores the bitext exactly) and the checker's findings, re-run after
//! every change. It sits above `check` in the pipeline (it re-runs the aligner and the
//! checker) and below the views; nothing here prints or touches a file.

mod patch;
#[cfg(test)]
mod tests;

pub use patch::{Patch, Splice};

use crate::align::{self, AlignConfig, Signals};
use crate::check::{CheckConfig, Checker, Report};
use crate::model::{Bitext, Document, Link, LinkStatus, Segment};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One side of the bitext.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Source,
    Target,
}

/// One correction. Link and sentence numbers are 0-based indices into the bitext as it is
/// when the edit is applied; `at` is a byte offset into the sentence's text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Link `link` and the one after it become one link.
    MergeNext { link: u32 },
    /// Link `link` and the one before it become one link.
    MergePrevious { link: u32 },
    /// A group link becomes one link per sentence, paired in order (a 2-1 becomes a 1-1
    /// and a 1-0).
    SplitLink { link: u32 },
    /// The first sentence of `side` of link `link` moves to the end of the previous link.
    ShiftFirst { link: u32, side: Side },
    /// The last sentence of `side` of link `link` moves to the start of the next link.
    ShiftLast { link: u32, side: Side },
    /// The sentence gets a link of its own with nothing on the other side (1-0 / 0-1).
    /// It must be the first or last sentence of its side of its link.
    Detach { side: Side, sentence: u32 },
    /// Confirm (`confirmed`), reject (`rejected`) or reopen (`proposed`) a link.
    SetStatus { link: u32, status: LinkStatus },
    /// The sentence is cut in two at byte `at` of its text; both halves stay in its link.
    SplitSentence { side: Side, sentence: u32, at: u32 },
    /// The sentence and the next one on its side become one; their links merge if they
    /// were apart.
    JoinSentences { side: Side, sentence: u32 },
    /// The sentence's text is replaced (the translator fixes a name there and then).
    SetText {
        side: Side,
        sentence: u32,
        text: String,
    },
    /// Links up to and including `link` stay as they are, confirmed links after it stay,
    /// and everything else after it is aligned again between them.
    RealignAfter { link: u32 },
}

/// Why an edit does not apply, in words for the person who asked for it (links and
/// sentences numbered from 1, as the page shows them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError(pub String);

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EditError {}

fn fail<T>(message: impl Into<String>) -> Result<T, EditError> {
    Err(EditError(message.into()))
}

/// What edits that re-run the aligner read: its evidence and its knobs.
#[derive(Clone, Copy)]
pub struct Aligner<'a> {
    pub signals: Signals<'a>,
    pub config: &'a AlignConfig,
}

/// Applies one edit. Links the edit made or reshaped get a score from the aligner's model
/// (a merge of two doubtful links may well be a sound one); other links keep theirs.
pub fn apply(bitext: &Bitext, edit: &Edit, aligner: &Aligner<'_>) -> Result<Bitext, EditError> {
    let mut b = bitext.clone();
    let reshaped = match edit {
        Edit::MergeNext { link } => merge(&mut b, *link, link.checked_add(1))?,
        Edit::MergePrevious { link } => merge(&mut b, *link, link.checked_sub(1))?,
        Edit::SplitLink { link } => split_link(&mut b, *link)?,
        Edit::ShiftFirst { link, side } => shift_first(&mut b, *link, *side)?,
        Edit::ShiftLast { link, side } => shift_last(&mut b, *link, *side)?,
        Edit::Detach { side, sentence } => detach(&mut b, *side, *sentence)?,
        Edit::SetStatus { link, status } => {
            let l = link_mut(&mut b, *link)?;
            if l.status == *status {
                return fail(format!("link {} is already {}", link + 1, status.name()));
            }
            l.status = *status;
            return Ok(b);
        }
        Edit::SplitSentence { side, sentence, at } => {
            split_sentence(&mut b, *side, *sentence, *at as usize)?
        }
        Edit::JoinSentences { side, sentence } => join_sentences(&mut b, *side, *sentence)?,
        Edit::SetText {
            side,
            sentence,
            text,
        } => set_text(&mut b, *side, *sentence, text)?,
        Edit::RealignAfter { link } => return realign_after(&b, *link, aligner),
    };
    rescore(&mut b, reshaped, aligner);
    Ok(b)
}

/// Scores links `range` (after an edit reshaped them) with the aligner's model; a
/// reshaped link is a new proposal, so its status is cleared.
fn rescore(b: &mut Bitext, range: Range<usize>, aligner: &Aligner<'_>) {
    if range.is_empty() {
        return;
    }
    let (scores, _) = align::score_links(
        &b.source,
        &b.target,
        &b.links,
        &aligner.signals,
        aligner.config,
    );
    for k in range {
        if let (Some(link), Some(&score)) = (b.links.get_mut(k), scores.get(k)) {
            link.score = score;
        }
    }
}

fn link_mut(b: &mut Bitext, link: u32) -> Result<&mut Link, EditError> {
    let count = b.links.len();
    b.links.get_mut(link as usize).ok_or_else(|| {
        EditError(format!(
            "there is no link {} (the bitext has {count})",
            link + 1
        ))
    })
}

fn check_link(b: &Bitext, link: u32) -> Result<usize, EditError> {
    if (link as usize) < b.links.len() {
        Ok(link as usize)
    } else {
        fail(format!(
            "there is no link {} (the bitext has {})",
            link + 1,
            b.links.len()
        ))
    }
}

fn range_of(link: &Link, side: Side) -> &Range<u32> {
    match side {
        Side::Source => &link.src,
        Side::Target => &link.tgt,
    }
}

fn range_mut(link: &mut Link, side: Side) -> &mut Range<u32> {
    match side {
        Side::Source => &mut link.src,
        Side::Target => &mut link.tgt,
    }
}

fn doc_mut(b: &mut Bitext, side: Side) -> &mut Document {
    match side {
        Side::Source => &mut b.source,
        Side::Target => &mut b.target,
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Source => "source",
        Side::Target => "target",
    }
}

/// A link made by a person from others: proposed again, scored later.
fn joined(a: &Link, b: &Link) -> Link {
    let span = |x: &Range<u32>, y: &Range<u32>| {
        if x.is_empty() {
            y.clone()
        } else if y.is_empty() {
            x.clone()
        } else {
            x.start.min(y.start)..x.end.max(y.end)
        }
    };
    // An empty side keeps its position so the link stays in order.
    let side = |x: &Range<u32>, y: &Range<u32>| {
        let s = span(x, y);
        if s.is_empty() {
            x.start..x.start
        } else {
            s
        }
    };
    Link::new(side(&a.src, &b.src), side(&a.tgt, &b.tgt), 0.0)
}

fn merge(b: &mut Bitext, link: u32, other: Option<u32>) -> Result<Range<usize>, EditError> {
    let k = check_link(b, link)?;
    let Some(other) = other.filter(|&o| (o as usize) < b.links.len()) else {
        let which = if other.is_some_and(|o| o > link) {
            "after"
        } else {
            "before"
        };
        return fail(format!(
            "link {} has no link {which} it to merge with",
            link + 1
        ));
    };
    let (first, second) = (k.min(other as usize), k.max(other as usize));
    let merged = joined(&b.links[first], &b.links[second]);
    b.links.splice(first..=second, [merged]);
    Ok(first..first + 1)
}

fn split_link(b: &mut Bitext, link: u32) -> Result<Range<usize>, EditError> {
    let k = check_link(b, link)?;
    let l = b.links[k].clone();
    let (a, c) = (l.src.len(), l.tgt.len());
    if a.max(c) <= 1 {
        return fail(format!(
            "link {} has one sentence on each side at most: nothing to split",
            link + 1
        ));
    }
    let parts: Vec<Link> = (0..a.max(c) as u32)
        .map(|p| {
            let side = |r: &Range<u32>| {
                if p < r.len() as u32 {
                    r.start + p..r.start + p + 1
                } else {
                    r.end..r.end
                }
            };
            Link::new(side(&l.src), side(&l.tgt), 0.0)
        })
        .collect();
    let n = parts.len();
    b.links.splice(k..=k, parts);
    Ok(k..k + n)
}

/// The sentences of `side` of link `link`, when there is a link `towards` it (-1 before,
/// +1 after) to move one of them to.
fn movable(
    b: &Bitext,
    link: u32,
    side: Side,
    towards: i64,
) -> Result<(usize, Range<u32>), EditError> {
    let k = check_link(b, link)?;
    let neighbour = k as i64 + towards;
    if neighbour < 0 || neighbour as usize >= b.links.len() {
        let (which, prep) = if towards < 0 {
            ("first", "before")
        } else {
            ("last", "after")
        };
        return fail(format!(
            "link {} is the {which} link: there is no link {prep} it",
            link + 1
        ));
    }
    let range = range_of(&b.links[k], side).clone();
    if range.is_empty() {
        return fail(format!(
            "link {} has no {} sentence to move",
            link + 1,
            side_name(side)
        ));
    }
    Ok((k, range))
}

fn shift_first(b: &mut Bitext, link: u32, side: Side) -> Result<Range<usize>, EditError> {
    let (k, range) = movable(b, link, side, -1)?;
    range_mut(&mut b.links[k], side).start += 1;
    let prev = range_mut(&mut b.links[k - 1], side);
    // An empty side sits where the next sentence would be, which is this one.
    *prev = if prev.start == prev.end {
        range.start..range.start + 1
    } else {
        prev.start..range.start + 1
    };
    Ok(drop_empty(b, k - 1..k + 1))
}

fn shift_last(b: &mut Bitext, link: u32, side: Side) -> Result<Range<usize>, EditError> {
    let (k, range) = movable(b, link, side, 1)?;
    range_mut(&mut b.links[k], side).end -= 1;
    let next = range_mut(&mut b.links[k + 1], side);
    *next = if next.start == next.end {
        range.end - 1..range.end
    } else {
        range.end - 1..next.end
    };
    Ok(drop_empty(b, k..k + 2))
}

/// Removes links of `range` left with no sentence; returns the range the rest occupies.
fn drop_empty(b: &mut Bitext, range: Range<usize>) -> Range<usize> {
    let mut end = range.end;
    let mut k = range.start;
    while k < end {
        let l = &b.links[k];
        if l.src.is_empty() && l.tgt.is_empty() {
            b.links.remove(k);
            end -= 1;
        } else {
            k += 1;
        }
    }
    range.start..end
}

/// The link holding sentence `sentence` of `side`.
fn link_of(b: &Bitext, side: Side, sentence: u32) -> Result<usize, EditError> {
    let count = match side {
        Side::Source => b.source.segments.len(),
        Side::Target => b.target.segments.len(),
    };
    if sentence as usize >= count {
        return fail(format!(
            "there is no {} sentence {} (the text has {count})",
            side_name(side),
            sentence + 1
        ));
    }
    // A side's ranges are consecutive, so their ends never decrease (an empty range
    // ends where it starts): the first link ending after the sentence holds it.
    let k = b
        .links
        .partition_point(|l| range_of(l, side).end <= sentence);
    match b.links.get(k) {
        Some(l) if range_of(l, side).contains(&sentence) => Ok(k),
        _ => fail(format!(
            "{} sentence {} is in no link: the bitext is damaged",
            side_name(side),
            sentence + 1
        )),
    }
}

fn detach(b: &mut Bitext, side: Side, sentence: u32) -> Result<Range<usize>, EditError> {
    let k = link_of(b, side, sentence)?;
    let l = b.links[k].clone();
    let own = range_of(&l, side).clone();
    let other = match side {
        Side::Source => l.tgt.clone(),
        Side::Target => l.src.clone(),
    };
    if own.len() == 1 && other.is_empty() {
        return fail(format!(
            "{} sentence {} already has no counterpart",
            side_name(side),
            sentence + 1
        ));
    }
    let alone = |r: Range<u32>, o: u32| match side {
        Side::Source => Link::new(r, o..o, 0.0),
        Side::Target => Link::new(o..o, r, 0.0),
    };
    let with_rest = |r: Range<u32>| match side {
        Side::Source => Link::new(r, l.tgt.clone(), 0.0),
        Side::Target => Link::new(l.src.clone(), r, 0.0),
    };
    let parts = if sentence == own.start {
        vec![
            alone(sentence..sentence + 1, other.start),
            with_rest(sentence + 1..own.end),
        ]
    } else if sentence + 1 == own.end {
        vec![
            with_rest(own.start..sentence),
            alone(sentence..sentence + 1, other.end),
        ]
    } else {
        return fail(format!(
            "{} sentence {} is inside a group: only the first or last sentence of link {} can be detached (split the link first)",
            side_name(side),
            sentence + 1,
            k + 1
        ));
    };
    b.links.splice(k..=k, parts);
    Ok(drop_empty(b, k..k + 2))
}

/// Moves links `from..` by `by` sentences on `side` (a sentence was added or removed).
fn shift_side_after(b: &mut Bitext, side: Side, from: usize, by: i64) {
    for l in &mut b.links[from..] {
        let r = range_mut(l, side);
        *r = (r.start as i64 + by) as u32..(r.end as i64 + by) as u32;
    }
}

fn sentence_mut(b: &mut Bitext, side: Side, sentence: u32) -> Result<&mut Segment, EditError> {
    let doc = doc_mut(b, side);
    let count = doc.segments.len();
    doc.segments.get_mut(sentence as usize).ok_or_else(|| {
        EditError(format!(
            "there is no {} sentence {} (the text has {count})",
            side_name(side),
            sentence + 1
        ))
    })
}

fn split_sentence(
    b: &mut Bitext,
    side: Side,
    sentence: u32,
    at: usize,
) -> Result<Range<usize>, EditError> {
    let k = link_of(b, side, sentence)?;
    let seg = sentence_mut(b, side, sentence)?.clone();
    if at == 0 || at >= seg.text.len() || !seg.text.is_char_boundary(at) {
        return fail(format!(
            "cannot split {} sentence {} at byte {at}: put the cursor between two characters inside it",
            side_name(side),
            sentence + 1
        ));
    }
    let (head, tail) = seg.text.split_at(at);
    let (head, tail) = (head.trim_end(), tail.trim_start());
    if head.is_empty() || tail.is_empty() {
        return fail(format!(
            "splitting {} sentence {} there leaves one part without text",
            side_name(side),
            sentence + 1
        ));
    }
    let cut = (seg.span.start + at).min(seg.span.end);
    let first = Segment {
        text: head.to_string(),
        span: seg.span.start..cut,
        ..seg.clone()
    };
    let second = Segment {
        text: tail.to_string(),
        span: cut..seg.span.end,
        ..seg
    };
    doc_mut(b, side)
        .segments
        .splice(sentence as usize..=sentence as usize, [first, second]);
    range_mut(&mut b.links[k], side).end += 1;
    shift_side_after(b, side, k + 1, 1);
    Ok(k..k + 1)
}

fn join_sentences(b: &mut Bitext, side: Side, sentence: u32) -> Result<Range<usize>, EditError> {
    let first = link_of(b, side, sentence)?;
    let Some(next) = sentence.checked_add(1) else {
        return fail("no sentence after the last one");
    };
    let last = link_of(b, side, next).map_err(|_| {
        EditError(format!(
            "{} sentence {} is the last one: there is nothing to join it with",
            side_name(side),
            sentence + 1
        ))
    })?;
    // Both sentences must end up in one link: merge the links from one to the other.
    if last > first {
        let merged = b.links[first..=last]
            .iter()
            .skip(1)
            .fold(b.links[first].clone(), |acc, l| joined(&acc, l));
        b.links.splice(first..=last, [merged]);
    }
    let doc = doc_mut(b, side);
    let (a, c) = (
        &doc.segments[sentence as usize],
        &doc.segments[next as usize],
    );
    let text = format!("{} {}", a.text.trim_end(), c.text.trim_start());
    let joined_seg = Segment {
        text,
        span: a.span.start..c.span.end.max(a.span.start),
        ..a.clone()
    };
    doc.segments
        .splice(sentence as usize..=next as usize, [joined_seg]);
    range_mut(&mut b.links[first], side).end -= 1;
    shift_side_after(b, side, first + 1, -1);
    Ok(first..first + 1)
}

fn set_text(
    b: &mut Bitext,
    side: Side,
    sentence: u32,
    text: &str,
) -> Result<Range<usize>, EditError> {
    let k = link_of(b, side, sentence)?;
    if text.trim().is_empty() {
        return fail(format!(
            "{} sentence {} cannot be left empty: join it with a neighbour or detach it instead",
            side_name(side),
            sentence + 1
        ));
    }
    let seg = sentence_mut(b, side, sentence)?;
    if seg.text == text {
        return fail(format!(
            "{} sentence {} already reads so",
            side_name(side),
            sentence + 1
        ));
    }
    seg.text = text.to_string();
    Ok(k..k + 1)
}

fn realign_after(b: &Bitext, link: u32, aligner: &Aligner<'_>) -> Result<Bitext, EditError> {
    let k = check_link(b, link)?;
    let fixed: Vec<Link> = b.links[..=k]
        .iter()
        .chain(
            b.links[k + 1..]
                .iter()
                .filter(|l| l.status == LinkStatus::Confirmed),
        )
        .cloned()
        .collect();
    let signals = Signals {
        fixed: &fixed,
        ..aligner.signals
    };
    let mut out = align::align_with(&b.source, &b.target, &signals, aligner.config, &mut |_| {});
    // The links before it keep their scores and statuses as they were; a link the
    // realignment proposes again keeps a rejection it had.
    let rejected: std::collections::HashSet<(Range<u32>, Range<u32>)> = b.links[k + 1..]
        .iter()
        .filter(|l| l.status == LinkStatus::Rejected)
        .map(|l| (l.src.clone(), l.tgt.clone()))
        .collect();
    for (new, old) in out.links.iter_mut().zip(&b.links[..=k]) {
        *new = old.clone();
    }
    for new in &mut out.links[k + 1..] {
        if rejected.contains(&(new.src.clone(), new.tgt.clone())) {
            new.status = LinkStatus::Rejected;
        }
    }
    Ok(out)
}

/// What the editor page and the journal send: an edit, or a step in the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Edit { edit: Edit },
    Undo,
    Redo,
}

/// A bitext being corrected: its history of changes and the checker's findings on it.
pub struct Session {
    pub bitext: Bitext,
    /// The checker's findings on `bitext`, re-run after every change.
    pub report: Report,
    done: Vec<Patch>,
    undone: Vec<Patch>,
}

/// What the checker reads when a session re-checks.
pub struct Recheck<'a> {
    pub checker: &'a Checker<'a>,
    pub config: &'a CheckConfig,
}

/// What one action did.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Links of the new bitext the action wrote.
    pub touched: Range<u32>,
}

impl Session {
    pub fn new(mut bitext: Bitext, recheck: &Recheck<'_>) -> Session {
        place_empty_sides(&mut bitext.links);
        let report = recheck.checker.check(&bitext, recheck.config);
        Session {
            bitext,
            report,
            done: Vec::new(),
            undone: Vec::new(),
        }
    }

    /// Applies an edit, an undo or a redo, then re-checks the bitext (the whole of it:
    /// a name fixed in one link can clear an inconsistency reported in another).
    pub fn act(
        &mut self,
        action: &Action,
        aligner: &Aligner<'_>,
        recheck: &Recheck<'_>,
    ) -> Result<Change, EditError> {
        let patch = match action {
            Action::Edit { edit } => {
                let next = apply(&self.bitext, edit, aligner)?;
                let patch = Patch::between(&self.bitext, &next);
                self.bitext = next;
                self.undone.clear();
                self.done.push(patch.clone());
                patch
            }
            Action::Undo => {
                let Some(patch) = self.done.pop() else {
                    return fail("nothing to undo");
                };
                let back = patch.inverse();
                back.apply(&mut self.bitext).map_err(EditError)?;
                self.undone.push(patch);
                back
            }
            Action::Redo => {
                let Some(patch) = self.undone.pop() else {
                    return fail("nothing to redo");
                };
                patch.apply(&mut self.bitext).map_err(EditError)?;
                self.done.push(patch.clone());
                patch
            }
        };
        self.report = recheck.checker.check(&self.bitext, recheck.config);
        Ok(Change {
            touched: patch.touched(),
        })
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// Edits in the history (undone ones not counted).
    pub fn edits(&self) -> usize {
        self.done.len()
    }
}

/// Puts each empty side of a link where the next sentence of that side is (JSON writes an
/// empty side as `[]`, so a bitext read back has them all at 0); the edits rely on it.
pub fn place_empty_sides(links: &mut [Link]) {
    let (mut i, mut j) = (0u32, 0u32);
    for l in links {
        if l.src.is_empty() {
            l.src = i..i;
        }
        if l.tgt.is_empty() {
            l.tgt = j..j;
        }
        (i, j) = (l.src.end, l.tgt.end);
    }
}

/// How many fixes a translator needs to make an alignment right, measured on gold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Corrections {
    /// Links of the alignment that are not gold links: what fixing by hand, link by link,
    /// has to touch.
    pub wrong: usize,
    /// Fixes made going top to bottom: at the first link that differs from the gold, the
    /// gold link is made and confirmed, and everything after it is realigned.
    pub fixes: usize,
    /// Links still wrong when the fixes stopped (0 unless the gold cannot be reached).
    pub left_wrong: usize,
}

/// Gold links as a path through documents of `n` source and `m` target sentences, the
/// shape the editor works on: a link that skips a sentence (`[291, 293, 294]`, as a few
/// Text+Berg links do) covers the sentences between, two links that cross become one,
/// and sentences no link names get 1-0 / 0-1 links. `None` when the links do not fit
/// the documents.
pub fn gold_path(gold: &[crate::align::eval::LinkIds], n: usize, m: usize) -> Option<Vec<Link>> {
    let hull =
        |ids: &[u32]| -> Option<Range<u32>> { Some(*ids.iter().min()?..*ids.iter().max()? + 1) };
    type Sides = (Option<Range<u32>>, Option<Range<u32>>);
    let mut with_src: Vec<Sides> = Vec::new();
    let mut target_only: Vec<Sides> = Vec::new();
    for l in gold {
        match (hull(&l.src), hull(&l.tgt)) {
            (None, None) => {}
            (None, t) => target_only.push((None, t)),
            (s, t) => with_src.push((s, t)),
        }
    }
    with_src.sort_by_key(|(s, _)| s.as_ref().map(|r| r.start));
    target_only.sort_by_key(|(_, t)| t.as_ref().map(|r| r.start));
    // Target-only links go before the first link with a source whose target starts after.
    let mut ordered = Vec::with_capacity(with_src.len() + target_only.len());
    let mut pending = target_only.into_iter().peekable();
    for link in with_src {
        if let Some(t) = &link.1 {
            while pending
                .peek()
                .is_some_and(|(_, pt)| pt.as_ref().is_some_and(|pt| pt.start < t.start))
            {
                ordered.extend(pending.next());
            }
        }
        ordered.push(link);
    }
    ordered.extend(pending);

    let (mut i, mut j) = (0u32, 0u32);
    let mut path: Vec<Link> = Vec::with_capacity(ordered.len());
    for (src, tgt) in ordered {
        let (to_i, to_j) = (
            src.as_ref().map_or(i, |r| r.start),
            tgt.as_ref().map_or(j, |r| r.start),
        );
        if to_i < i || to_j < j {
            // Crossing earlier links: they all become one, back to where the crossing
            // link starts.
            let (mut from_i, mut from_j) = (to_i, to_j);
            while let Some(last) = path.last() {
                if last.src.end <= from_i && last.tgt.end <= from_j {
                    break;
                }
                from_i = from_i.min(last.src.start);
                from_j = from_j.min(last.tgt.start);
                path.pop();
            }
            let end_i = src.map_or(i, |r| i.max(r.end));
            let end_j = tgt.map_or(j, |r| j.max(r.end));
            path.push(Link::new(from_i..end_i, from_j..end_j, 1.0));
            (i, j) = (end_i, end_j);
            continue;
        }
        path.extend((i..to_i).map(|s| Link::new(s..s + 1, j..j, 1.0)));
        i = to_i;
        path.extend((j..to_j).map(|t| Link::new(i..i, t..t + 1, 1.0)));
        j = to_j;
        let src = src.unwrap_or(i..i);
        let tgt = tgt.unwrap_or(j..j);
        (i, j) = (src.end, tgt.end);
        path.push(Link::new(src, tgt, 1.0));
    }
    if (i as usize) > n || (j as usize) > m {
        return None;
    }
    path.extend((i..n as u32).map(|s| Link::new(s..s + 1, j..j, 1.0)));
    let i = n as u32;
    path.extend((j..m as u32).map(|t| Link::new(i..i, t..t + 1, 1.0)));
    let sound = path.iter().try_fold((0, 0), |(i, j), l| {
        (l.src.start == i && l.tgt.start == j).then_some((l.src.end, l.tgt.end))
    });
    (sound == Some((n as u32, m as u32))).then_some(path)
}

/// Simulates a translator correcting `bitext` against `gold` (links covering the same
/// sentences) with "realign after" ([`Edit::RealignAfter`]) after each fix.
pub fn corrections(bitext: &Bitext, gold: &[Link], aligner: &Aligner<'_>) -> Corrections {
    let mut gold = gold.to_vec();
    place_empty_sides(&mut gold);
    let mut b = bitext.clone();
    place_empty_sides(&mut b.links);
    let same = |l: &Link, g: &Link| l.src == g.src && l.tgt == g.tgt;
    let wrong_in = |links: &[Link]| {
        links
            .iter()
            .filter(|l| !gold.iter().any(|g| same(l, g)))
            .count()
    };
    let wrong = wrong_in(&b.links);
    let mut fixes = 0;
    while fixes <= gold.len() {
        let first = b
            .links
            .iter()
            .zip(&gold)
            .position(|(l, g)| !same(l, g))
            .or_else(|| (b.links.len() != gold.len()).then(|| b.links.len().min(gold.len())));
        let Some(k) = first else { break };
        let Some(target) = gold.get(k) else { break };
        let mut fixed: Vec<Link> = b.links[..k].to_vec();
        fixed.push(target.clone().with_status(LinkStatus::Confirmed));
        let signals = Signals {
            fixed: &fixed,
            ..aligner.signals
        };
        b = align::align_with(&b.source, &b.target, &signals, aligner.config, &mut |_| {});
        fixes += 1;
    }
    Corrections {
        wrong,
        fixes,
        left_wrong: wrong_in(&b.links),
    }
}

/// Checks the bitext invariant: links in order, every sentence of both sides in exactly
/// one link, no link empty on both sides. `Err` names the first link that breaks it.
pub fn check_invariant(b: &Bitext) -> Result<(), String> {
    let (mut i, mut j) = (0u32, 0u32);
    for (k, l) in b.links.iter().enumerate() {
        if l.src.is_empty() && l.tgt.is_empty() {
            return Err(format!("link {k} is empty on both sides"));
        }
        let src_ok = l.src.start == i && l.src.start <= l.src.end;
        let tgt_ok = l.tgt.start == j && l.tgt.start <= l.tgt.end;
        if !src_ok || !tgt_ok {
            return Err(format!("link {k} {l:?} does not start at ({i}, {j})"));
        }
        (i, j) = (l.src.end, l.tgt.end);
    }
    if (i as usize, j as usize) != (b.source.segments.len(), b.target.segments.len()) {
        return Err(format!(
            "links end at ({i}, {j}), the texts have ({}, {}) sentences",
            b.source.segments.len(),
            b.target.segments.len()
        ));
    }
    Ok(())
}
