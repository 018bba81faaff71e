//! The diff of two translations of one source: rows on which both alignments agree, and
//! the word-level changes between the two English versions of each row.

use super::{RevisedSide, Row};
use crate::model::{Bitext, Link};
use similar::{ChangeTag, TextDiff};
use std::ops::Range;

/// What happened to a piece of text between the original and the revised translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    /// Only in the revised version.
    Added,
    /// Only in the original version.
    Removed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffPiece {
    pub change: Change,
    pub text: String,
}

/// Word-level changes from `old` to `new`; concatenating the `Same` and `Removed` pieces
/// gives `old`, the `Same` and `Added` pieces give `new`. Punctuation is a token of its own
/// (`"Kiev` → `"Kyiv` changes only the name), runs of one kind are merged, and a space
/// between two changed words is folded into the change so that a replaced phrase reads as
/// one deletion and one insertion.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPiece> {
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    let diff = TextDiff::configure().diff_slices(&old_tokens, &new_tokens);
    let mut pieces: Vec<DiffPiece> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => Change::Same,
            ChangeTag::Insert => Change::Added,
            ChangeTag::Delete => Change::Removed,
        };
        push(&mut pieces, kind, change.value());
    }
    fold_lone_spaces(pieces)
}

/// Words (letters, digits and combining marks, with inner apostrophes and hyphens), runs of
/// whitespace, and single other characters, in order, covering the whole text.
fn tokens(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() || is_mark(c) {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<Class> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut k = class(c);
        // "Naryshkin's", "US-Russian": joiners between two word characters stay inside.
        if matches!(c, '\'' | '’' | '-') && prev == Some(Class::Word) {
            if let Some(&(_, next)) = chars.peek() {
                if class(next) == Class::Word {
                    k = Class::Word;
                }
            }
        }
        let split = match prev {
            None => false,
            Some(p) => p != k || k == Class::Other,
        };
        if split {
            out.push(&text[start..i]);
            start = i;
        }
        prev = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Combining marks (Arabic harakat, shadda, tanwin): part of the word they sit on.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

fn push(pieces: &mut Vec<DiffPiece>, change: Change, text: &str) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(last) if last.change == change => last.text.push_str(text),
        _ => pieces.push(DiffPiece {
            change,
            text: text.to_string(),
        }),
    }
}

/// `Removed("a") Same(" ") Removed("b")` → `Removed("a b")` (and the same for the added
/// side), so "Sergei Narishkin" → "Sergey Naryshkin" shows as one change, not two. Only
/// when both versions change around the space: an insertion on one side alone keeps its
/// space as common text, or the rebuilt versions would differ from the inputs.
fn fold_lone_spaces(pieces: Vec<DiffPiece>) -> Vec<DiffPiece> {
    let is_change = |p: Option<&DiffPiece>| p.is_some_and(|p| p.change != Change::Same);
    let mut out: Vec<DiffPiece> = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        let piece = &pieces[i];
        let lone_space = piece.change == Change::Same
            && !piece.text.is_empty()
            && piece.text.chars().all(char::is_whitespace)
            && is_change(out.last())
            && is_change(pieces.get(i + 1));
        if lone_space {
            // The change runs on either side of the space (each at most one removal and
            // one addition, since runs of one kind are merged).
            let before = out.len() - change_run(out.iter().rev());
            let after_end = i + 1 + change_run(pieces[i + 1..].iter());
            let run = out[before..].iter().chain(&pieces[i + 1..after_end]);
            let (mut removed, mut added) = (false, false);
            for p in run {
                removed |= p.change == Change::Removed;
                added |= p.change == Change::Added;
            }
            if removed && added {
                let mut old = String::new();
                let mut new = String::new();
                for p in out.drain(before..) {
                    match p.change {
                        Change::Removed => old.push_str(&p.text),
                        _ => new.push_str(&p.text),
                    }
                }
                old.push_str(&piece.text);
                new.push_str(&piece.text);
                for p in &pieces[i + 1..after_end] {
                    match p.change {
                        Change::Removed => old.push_str(&p.text),
                        _ => new.push_str(&p.text),
                    }
                }
                push(&mut out, Change::Removed, &old);
                push(&mut out, Change::Added, &new);
                i = after_end;
                continue;
            }
        }
        push(&mut out, piece.change, &piece.text);
        i += 1;
    }
    share_edge_spaces(out)
}

/// `Removed("the CIA chief ") Added("Burns ")` → `Removed("the CIA chief")
/// Added("Burns") Same(" ")`: whitespace both sides of a replacement end (or start) with is
/// common text, not part of the change.
fn share_edge_spaces(pieces: Vec<DiffPiece>) -> Vec<DiffPiece> {
    let mut out: Vec<DiffPiece> = Vec::with_capacity(pieces.len());
    let mut iter = pieces.into_iter().peekable();
    while let Some(piece) = iter.next() {
        let pair = piece.change == Change::Removed
            && iter.peek().is_some_and(|n| n.change == Change::Added);
        if !pair {
            push(&mut out, piece.change, &piece.text);
            continue;
        }
        let Some(added) = iter.next() else { break };
        let (old, new) = (piece.text.as_str(), added.text.as_str());
        let lead = common_whitespace(old.chars(), new.chars());
        let trail = common_whitespace(old[lead..].chars().rev(), new[lead..].chars().rev());
        push(&mut out, Change::Same, &old[..lead]);
        push(&mut out, Change::Removed, &old[lead..old.len() - trail]);
        push(&mut out, Change::Added, &new[lead..new.len() - trail]);
        push(&mut out, Change::Same, &old[old.len() - trail..]);
    }
    out
}

/// Bytes of the whitespace prefix two char sequences share.
fn common_whitespace(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> usize {
    a.zip(b)
        .take_while(|(x, y)| x == y && x.is_whitespace())
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// How many pieces from the start of `pieces` are changes.
fn change_run<'p>(pieces: impl Iterator<Item = &'p DiffPiece>) -> usize {
    pieces.take_while(|p| p.change != Change::Same).count()
}

/// Rows of a revision diff. Both bitexts share the source; their links cut it into
/// groups. A row closes where both alignments have a boundary at the same source sentence,
/// so each row pairs the same Arabic with both English versions. Links without source
/// sentences (0-1) join the row before them, or open the first row. Linear in links.
pub(crate) fn rows(original: &Bitext, revised: &Bitext) -> Vec<Row> {
    let a = &original.links;
    let b = &revised.links;
    let (mut i, mut j) = (0usize, 0usize);
    // Source position reached by each side: the end of its last consumed source range.
    let (mut pa, mut pb) = (0u32, 0u32);
    let mut rows = Vec::new();
    while i < a.len() || j < b.len() {
        let row_start = (i, j);
        let mut src = Span::default();
        let mut tgt = Span::default();
        let mut rev = Span::default();
        let mut score = f32::INFINITY;
        let mut rev_score = f32::INFINITY;
        let mut take_a = |i: &mut usize, pa: &mut u32, src: &mut Span, tgt: &mut Span| {
            let link: &Link = &a[*i];
            src.add(&link.src);
            tgt.add(&link.tgt);
            score = score.min(link.score);
            *pa = (*pa).max(link.src.end);
            *i += 1;
        };
        let mut take_b = |j: &mut usize, pb: &mut u32, src: &mut Span, rev: &mut Span| {
            let link: &Link = &b[*j];
            src.add(&link.src);
            rev.add(&link.tgt);
            rev_score = rev_score.min(link.score);
            *pb = (*pb).max(link.src.end);
            *j += 1;
        };
        loop {
            let a_left = i < a.len();
            let b_left = j < b.len();
            let consumed = (i, j) != row_start;
            if consumed && pa == pb {
                // Absorb insertions sitting right after the boundary, then close.
                let mut absorbed = false;
                if i < a.len() && a[i].src.is_empty() {
                    take_a(&mut i, &mut pa, &mut src, &mut tgt);
                    absorbed = true;
                }
                if j < b.len() && b[j].src.is_empty() {
                    take_b(&mut j, &mut pb, &mut src, &mut rev);
                    absorbed = true;
                }
                if !absorbed {
                    break;
                }
                continue;
            }
            // Advance the side that is behind; a side that ran out closes the row.
            let a_behind = pa < pb || (pa == pb && a_left);
            if a_behind && a_left {
                take_a(&mut i, &mut pa, &mut src, &mut tgt);
            } else if !a_behind && b_left {
                take_b(&mut j, &mut pb, &mut src, &mut rev);
            } else if consumed {
                break;
            } else if a_left {
                take_a(&mut i, &mut pa, &mut src, &mut tgt);
            } else {
                take_b(&mut j, &mut pb, &mut src, &mut rev);
            }
        }
        let tgt = tgt.range();
        let rev_tgt = rev.range();
        let old = original.target_text(&Link::new(0..0, tgt.clone(), 0.0));
        let new = revised.target_text(&Link::new(0..0, rev_tgt.clone(), 0.0));
        let src = src.range();
        let kind = format!("{}-{}", src.len(), tgt.len());
        rows.push(Row {
            links: row_start.0..i,
            src,
            tgt,
            score: finite_or_zero(score),
            kind,
            revised: Some(RevisedSide {
                tgt: rev_tgt,
                score: finite_or_zero(rev_score),
                diff: word_diff(&old, &new),
            }),
            findings: Vec::new(),
            said: 0,
        });
    }
    rows
}

fn finite_or_zero(score: f32) -> f32 {
    if score.is_finite() {
        score
    } else {
        0.0
    }
}

/// The smallest range covering the non-empty ranges added to it.
#[derive(Default)]
struct Span(Option<Range<u32>>);

impl Span {
    fn add(&mut self, r: &Range<u32>) {
        if r.is_empty() {
            return;
        }
        self.0 = Some(match self.0.take() {
            None => r.clone(),
            Some(s) => s.start.min(r.start)..s.end.max(r.end),
        });
    }
    fn range(&self) -> Range<u32> {
        self.0.clone().unwrap_or(0..0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Lang};

    fn text_of(pieces: &[DiffPiece], keep: Change) -> String {
        pieces
            .iter()
            .filter(|p| p.change == Change::Same || p.change == keep)
            .map(|p| p.text.as_str())
            .collect()
    }

    #[test]
    fn diff_rebuilds_both_versions() {
        let old = "Sergei Narishkin met William Burns in Ankara.";
        let new = "Sergey Naryshkin met CIA director William Burns in Ankara on Monday.";
        let d = word_diff(old, new);
        assert_eq!(text_of(&d, Change::Removed), old);
        assert_eq!(text_of(&d, Change::Added), new);
    }

    #[test]
    fn punctuation_is_not_part_of_the_changed_word() {
        let d = word_diff("saying that \"Kiev has", "saying that \"Kyiv has");
        let removed: Vec<_> = d.iter().filter(|p| p.change == Change::Removed).collect();
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].text, "Kiev");
        assert_eq!(
            tokens("US-Russian talks, Naryshkin's"),
            ["US-Russian", " ", "talks", ",", " ", "Naryshkin's"]
        );
    }

    proptest::proptest! {
        #[test]
        fn diff_rebuilds_both_versions_of_any_text(
            old in proptest::collection::vec(0..6usize, 0..12),
            new in proptest::collection::vec(0..6usize, 0..12),
        ) {
            const WORDS: [&str; 6] = ["Burns", " ", "met", ", ", "Narishkin", "Naryshkin"];
            let old: String = old.iter().map(|&w| WORDS[w]).collect();
            let new: String = new.iter().map(|&w| WORDS[w]).collect();
            let d = word_diff(&old, &new);
            proptest::prop_assert_eq!(text_of(&d, Change::Removed), old);
            proptest::prop_assert_eq!(text_of(&d, Change::Added), new);
        }
    }

    #[test]
    fn spaces_around_a_replacement_stay_common() {
        let d = word_diff("added that the CIA chief \"is", "added that Burns \"is");
        let changed: Vec<&str> = d
            .iter()
            .filter(|p| p.change != Change::Same)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(changed, ["the CIA chief", "Burns"]);
    }

    #[test]
    fn an_insertion_alone_keeps_its_spaces_in_place() {
        let d = word_diff("met Burns", "met CIA chief Burns");
        assert_eq!(text_of(&d, Change::Added), "met CIA chief Burns");
        assert!(d.iter().all(|p| p.change != Change::Removed), "{d:?}");
    }

    #[test]
    fn a_replaced_name_is_one_removal_and_one_addition() {
        let d = word_diff("Sergei Narishkin met Burns", "Sergey Naryshkin met Burns");
        let changed: Vec<_> = d.iter().filter(|p| p.change != Change::Same).collect();
        assert_eq!(changed.len(), 2, "{d:?}");
        assert_eq!(changed[0].text.trim(), "Sergei Narishkin");
        assert_eq!(changed[1].text.trim(), "Sergey Naryshkin");
    }

    fn bitext(links: Vec<Link>, targets: &[&str]) -> Bitext {
        Bitext {
            source: Document::from_sentences(Lang::arabic(), &["أ", "ب", "ج", "د"]),
            target: Document::from_sentences(Lang::english(), targets),
            links,
            verdict: None,
        }
    }

    #[test]
    fn rows_close_only_where_both_alignments_agree() {
        // Original: 1-1, 1-1, 2-1. Revised: 2-1 (merging the first two), 1-1, 1-1, 0-1.
        let original = bitext(
            vec![
                Link::new(0..1, 0..1, 0.9),
                Link::new(1..2, 1..2, 0.8),
                Link::new(2..4, 2..3, 0.7),
            ],
            &["A.", "B.", "CD."],
        );
        let revised = bitext(
            vec![
                Link::new(0..2, 0..1, 0.6),
                Link::new(2..3, 1..2, 0.9),
                Link::new(3..4, 2..3, 0.9),
                Link::new(4..4, 3..4, 0.0),
            ],
            &["AB.", "C.", "D.", "Extra."],
        );
        let rows = rows(&original, &revised);
        let shape: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.src.clone(),
                    r.tgt.clone(),
                    r.revised.as_ref().unwrap().tgt.clone(),
                )
            })
            .collect();
        assert_eq!(shape, vec![(0..2, 0..2, 0..1), (2..4, 2..3, 1..4)]);
        assert_eq!(rows[0].links, 0..2);
        assert!((rows[0].score - 0.8).abs() < 1e-6);
    }

    #[test]
    fn leading_insertions_make_their_own_row() {
        let original = bitext(
            vec![Link::new(0..0, 0..1, 0.0), Link::new(0..4, 1..2, 0.9)],
            &["Headline.", "All."],
        );
        let revised = bitext(vec![Link::new(0..4, 0..1, 0.9)], &["All!"]);
        let rows = rows(&original, &revised);
        assert_eq!(rows.len(), 2);
        assert!(rows[0].is_target_only());
        assert_eq!(rows[1].revised.as_ref().unwrap().tgt, 0..1);
    }
}
