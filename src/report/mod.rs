//! Side-by-side views (HTML, terminal, Markdown) and the diff of two translations.
//!
//! Input: a [`Bitext`], the checker's [`Finding`]s, glossary [`Highlights`] (byte spans per
//! sentence tagged with an entity id) and, for a revision diff, a second bitext whose
//! source is the same text. Output: a `String` in the chosen format; nothing here prints.
//!
//! All three renderers read one [`Review`] through the same row model (`rows`): one row
//! per link, or, with a revision, one row per smallest group of source sentences on which
//! both alignments agree, so that the two English versions of a row translate the same
//! Arabic.

mod highlight;
mod html;
mod markdown;
mod revision;
mod text;

pub use highlight::{highlights, highlights_with};
pub(crate) use html::esc as escape_html;
pub use html::{html, EditorChrome, HtmlOptions};
pub use markdown::markdown;
pub use revision::{word_diff, Change, DiffPiece};
pub use text::{terminal_shapes_arabic, text, Layout, TextOptions};

use crate::model::{link_type, Bitext, Finding, Link, Severity};
use std::collections::BTreeMap;
use std::ops::Range;

/// Links scored below this are "low-score" in summaries and filters: the one threshold of
/// the whole crate, [`crate::model::LOW_SCORE`].
pub use crate::model::LOW_SCORE;

/// A glossary name found in one sentence: `span` is a byte range into that sentence's
/// text, `entity` the glossary id that ties the Arabic and English spans together,
/// `label` what a reader sees on hover (the English canonical name). Build them from a
/// glossary with [`highlights`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Highlight {
    pub span: Range<usize>,
    pub entity: String,
    pub label: String,
    /// The span is a form the glossary lists as wrong (`Kiev`, `Narishkin`).
    pub wrong: bool,
}

/// Glossary names per sentence: `source[i]` are the names in source sentence `i`. Missing
/// entries mean "nothing to highlight", so `Highlights::default()` renders plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlights {
    pub source: Vec<Vec<Highlight>>,
    pub target: Vec<Vec<Highlight>>,
    /// Names in the sentences of the revised translation, when there is one.
    pub revised: Vec<Vec<Highlight>>,
}

impl Highlights {
    pub fn source(&self, sentence: u32) -> &[Highlight] {
        self.source
            .get(sentence as usize)
            .map_or(&[], Vec::as_slice)
    }
    pub fn target(&self, sentence: u32) -> &[Highlight] {
        self.target
            .get(sentence as usize)
            .map_or(&[], Vec::as_slice)
    }
}

/// Everything a side-by-side view shows.
#[derive(Clone, Copy, Debug)]
pub struct Review<'a> {
    pub bitext: &'a Bitext,
    pub findings: &'a [Finding],
    pub highlights: &'a Highlights,
    /// A second translation of the same source, aligned to it: rows then show the
    /// word-level changes from `bitext`'s target to this one's.
    pub revised: Option<&'a Bitext>,
}

impl<'a> Review<'a> {
    pub fn new(bitext: &'a Bitext, findings: &'a [Finding], highlights: &'a Highlights) -> Self {
        Review {
            bitext,
            findings,
            highlights,
            revised: None,
        }
    }
}

/// The counts a reader wants before the rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub links: usize,
    pub source_sentences: usize,
    pub target_sentences: usize,
    /// Links scored below the threshold, 1-0 and 0-1 links excluded (they are counted
    /// on their own).
    pub low_score: usize,
    pub source_only: usize,
    pub target_only: usize,
    /// Links of a type other than 1-1.
    pub merged: usize,
    /// The findings counted as every view counts them (`12 findings: 6 errors, …`).
    pub findings: crate::check::Summary,
    /// Per rule id: the most serious severity seen and the number of findings, by rule id.
    pub by_rule: BTreeMap<String, (Severity, usize)>,
}

impl Summary {
    pub fn new(bitext: &Bitext, findings: &[Finding], low_score: f32) -> Summary {
        let mut summary = Summary {
            links: bitext.links.len(),
            source_sentences: bitext.source.segments.len(),
            target_sentences: bitext.target.segments.len(),
            findings: crate::check::Summary::of(findings),
            ..Summary::default()
        };
        for link in &bitext.links {
            match (link.src.is_empty(), link.tgt.is_empty()) {
                (false, true) => summary.source_only += 1,
                (true, false) => summary.target_only += 1,
                _ => {
                    if is_low(link, low_score) {
                        summary.low_score += 1;
                    }
                    if link.src.len() != 1 || link.tgt.len() != 1 {
                        summary.merged += 1;
                    }
                }
            }
        }
        for finding in findings {
            let entry = summary
                .by_rule
                .entry(finding.rule.clone())
                .or_insert((finding.severity, 0));
            entry.0 = entry.0.max(finding.severity);
            entry.1 += 1;
        }
        summary
    }

    /// `12 findings: 6 errors, 1 warning, 5 notes`, as every view says it.
    pub fn findings_line(&self) -> String {
        self.findings.to_string()
    }

    /// `name-misspelled 3, name-inconsistent 1`, or `none`.
    pub fn rules_line(&self) -> String {
        self.findings.rules_line()
    }

    /// `24 links: 0 low-score (< 0.50), 5 source only, 0 target only, 3 not 1-1`.
    pub fn links_line(&self, low_score: f32) -> String {
        format!(
            "{}: {} low-score (< {low_score:.2}), {} source only, {} target only, {} not 1-1",
            counted(self.links, "link"),
            self.low_score,
            self.source_only,
            self.target_only,
            self.merged
        )
    }
}

/// Whether a row already says what the finding says (its score bar, its empty side), so
/// the views count the finding but do not repeat it under the row.
pub(crate) fn said_by_the_row(finding: &Finding) -> bool {
    finding.rule == crate::check::ALIGNMENT_LOW || finding.rule == crate::check::SENTENCE_UNPAIRED
}

/// `1 error`, `2 errors`.
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// A 1-0 or 0-1 link is not "low-score": it has no pair to be unsure about.
fn is_low(link: &Link, low_score: f32) -> bool {
    !link.src.is_empty() && !link.tgt.is_empty() && link.score < low_score
}

/// One row of a side-by-side view.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row {
    /// Indices into `bitext.links` (several only when a revision forced a merge).
    pub links: Range<usize>,
    pub src: Range<u32>,
    pub tgt: Range<u32>,
    /// The lowest score of the row's links: a row is as doubtful as its weakest link.
    pub score: f32,
    /// `1-1`, `2-1`, … of the row.
    pub kind: String,
    pub revised: Option<RevisedSide>,
    /// Indices into the review's findings.
    pub findings: Vec<usize>,
    /// Findings the row says by itself ([`said_by_the_row`]: its empty side, its score
    /// bar), counted so that a row with only those still counts as a row with findings.
    pub said: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RevisedSide {
    pub tgt: Range<u32>,
    pub score: f32,
    pub diff: Vec<DiffPiece>,
}

impl Row {
    /// Any finding on the row, also one the row says by itself (a 1-0 link's
    /// `sentence-unpaired`): what the "Only rows with findings" filter keeps.
    pub fn has_findings(&self) -> bool {
        !self.findings.is_empty() || self.said > 0
    }

    pub fn is_low(&self, low_score: f32) -> bool {
        !self.src.is_empty() && !self.tgt.is_empty() && self.score < low_score
    }
    pub fn is_source_only(&self) -> bool {
        self.tgt.is_empty() && self.revised.as_ref().map_or(true, |r| r.tgt.is_empty())
    }
    pub fn is_target_only(&self) -> bool {
        self.src.is_empty()
    }
    /// `12` for one link, `12–13` when a revision merged several.
    pub fn number(&self) -> String {
        if self.links.len() <= 1 {
            format!("{}", self.links.start + 1)
        } else {
            format!("{}–{}", self.links.start + 1, self.links.end)
        }
    }
}

/// The rows of a review, findings attached: linear in links + sentences + findings.
pub(crate) fn rows(review: &Review) -> (Vec<Row>, Vec<usize>) {
    let bitext = review.bitext;
    let mut rows: Vec<Row> = match review.revised {
        None => bitext
            .links
            .iter()
            .enumerate()
            .map(|(i, link)| Row {
                links: i..i + 1,
                src: link.src.clone(),
                tgt: link.tgt.clone(),
                score: link.score,
                kind: link_type(link),
                revised: None,
                findings: Vec::new(),
                said: 0,
            })
            .collect(),
        Some(revised) => revision::rows(bitext, revised),
    };
    let unplaced = attach_findings(review, &mut rows);
    (rows, unplaced)
}

/// Puts each finding on the row of its link, else of its source sentence, else of its
/// target sentence; returns the findings that fit no row (shown in the summary instead).
fn attach_findings(review: &Review, rows: &mut [Row]) -> Vec<usize> {
    let bitext = review.bitext;
    let mut row_of_link = vec![usize::MAX; bitext.links.len()];
    let mut row_of_src = vec![usize::MAX; bitext.source.segments.len()];
    let mut row_of_tgt = vec![usize::MAX; bitext.target.segments.len()];
    for (r, row) in rows.iter().enumerate() {
        for i in row.links.clone() {
            if let Some(slot) = row_of_link.get_mut(i) {
                *slot = r;
            }
        }
        for i in row.src.clone() {
            if let Some(slot) = row_of_src.get_mut(i as usize) {
                *slot = r;
            }
        }
        for i in row.tgt.clone() {
            if let Some(slot) = row_of_tgt.get_mut(i as usize) {
                *slot = r;
            }
        }
    }
    let lookup = |table: &[usize], i: usize| table.get(i).copied().filter(|&r| r != usize::MAX);
    let mut unplaced = Vec::new();
    for (f, finding) in review.findings.iter().enumerate() {
        let row = finding
            .link
            .and_then(|l| lookup(&row_of_link, l as usize))
            .or_else(|| {
                let s = finding.source.as_ref()?;
                lookup(&row_of_src, s.index as usize)
            })
            .or_else(|| {
                let t = finding.target.as_ref()?;
                lookup(&row_of_tgt, t.index as usize)
            });
        match row {
            Some(r) if said_by_the_row(finding) => rows[r].said += 1,
            Some(r) => rows[r].findings.push(f),
            None if said_by_the_row(finding) => {}
            None => unplaced.push(f),
        }
    }
    unplaced
}

/// What a piece of sentence text is, for the renderers to style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    /// A glossary name: index into the review's entity list.
    Name(usize),
    /// A form the glossary lists as wrong for that entity.
    WrongName(usize),
    /// Text a finding says is wrong (`found`), index into the findings.
    Found(usize),
}

/// A sentence cut into marked and unmarked pieces, in text order.
pub(crate) type Pieces<'t> = Vec<(&'t str, Option<Mark>)>;

/// Entity ids in order of first appearance, so colours are stable within a report and
/// the same entity gets the same colour on both sides.
#[derive(Default)]
pub(crate) struct Entities {
    ids: Vec<String>,
    labels: Vec<String>,
    index: std::collections::HashMap<String, usize>,
}

impl Entities {
    pub fn collect(review: &Review) -> Entities {
        let mut entities = Entities::default();
        let sides = [
            &review.highlights.source,
            &review.highlights.target,
            &review.highlights.revised,
        ];
        for side in sides {
            for h in side.iter().flatten() {
                entities.intern(h);
            }
        }
        entities
    }
    fn intern(&mut self, h: &Highlight) -> usize {
        if let Some(&i) = self.index.get(&h.entity) {
            return i;
        }
        let i = self.ids.len();
        self.ids.push(h.entity.clone());
        self.labels.push(h.label.clone());
        self.index.insert(h.entity.clone(), i);
        i
    }
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
    pub fn id(&self, i: usize) -> &str {
        &self.ids[i]
    }
    pub fn label(&self, i: usize) -> &str {
        &self.labels[i]
    }
    pub fn len(&self) -> usize {
        self.ids.len()
    }
}

/// Cuts `text` into pieces marked by glossary names and by the `found` strings of
/// findings. Overlapping marks keep the one that starts first (a finding wins a tie);
/// spans that are out of range or not on char boundaries are ignored, never sliced.
pub(crate) fn pieces<'t>(
    text: &'t str,
    highlights: &[Highlight],
    found: &[(usize, &str)],
    entities: &Entities,
) -> Pieces<'t> {
    let mut marks: Vec<(Range<usize>, Mark)> = Vec::new();
    for &(finding, needle) in found {
        if needle.is_empty() {
            continue;
        }
        if let Some(start) = text.find(needle) {
            marks.push((start..start + needle.len(), Mark::Found(finding)));
        }
    }
    for h in highlights {
        if let Some(e) = entities.get(&h.entity) {
            let mark = if h.wrong {
                Mark::WrongName(e)
            } else {
                Mark::Name(e)
            };
            marks.push((h.span.clone(), mark));
        }
    }
    // Stable sort: for equal starts, findings (pushed first) stay ahead of names.
    marks.sort_by_key(|(span, _)| span.start);
    let mut out = Vec::new();
    let mut at = 0;
    for (span, mark) in marks {
        let valid = span.start >= at
            && span.start < span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end);
        if !valid {
            continue;
        }
        if span.start > at {
            out.push((&text[at..span.start], None));
        }
        out.push((&text[span.clone()], Some(mark)));
        at = span.end;
    }
    if at < text.len() {
        out.push((&text[at..], None));
    }
    out
}

/// The highlights of sentences `range` of `doc`, moved into the text
/// [`Bitext::target_text`] makes of them (trimmed sentences joined by one space), which is
/// the text a revision diff compares. Highlights outside a sentence's trimmed text are
/// dropped.
pub(crate) fn joined_highlights(
    doc: &crate::model::Document,
    range: Range<u32>,
    per_sentence: &[Vec<Highlight>],
) -> Vec<Highlight> {
    let mut out = Vec::new();
    let mut len = 0;
    for i in range {
        let Some(seg) = doc.segments.get(i as usize) else {
            continue;
        };
        if len > 0 {
            len += 1;
        }
        let lead = seg.text.len() - seg.text.trim_start().len();
        let trimmed = seg.text.trim().len();
        for h in per_sentence.get(i as usize).into_iter().flatten() {
            if h.span.start >= lead && h.span.end <= lead + trimmed {
                out.push(Highlight {
                    span: h.span.start - lead + len..h.span.end - lead + len,
                    ..h.clone()
                });
            }
        }
        len += trimmed;
    }
    out
}

/// The part of `highlights` inside `window`, relative to its start.
pub(crate) fn clip_highlights(highlights: &[Highlight], window: Range<usize>) -> Vec<Highlight> {
    highlights
        .iter()
        .filter_map(|h| {
            let start = h.span.start.max(window.start);
            let end = h.span.end.min(window.end);
            (start < end).then(|| Highlight {
                span: start - window.start..end - window.start,
                ..h.clone()
            })
        })
        .collect()
}

/// The `found` strings of a row's findings that point at target sentence `index`.
pub(crate) fn found_in_target<'f>(
    findings: &'f [Finding],
    row_findings: &[usize],
    index: u32,
) -> Vec<(usize, &'f str)> {
    row_findings
        .iter()
        .filter_map(|&f| {
            let finding = &findings[f];
            let on_this = finding.target.as_ref().map_or(true, |t| t.index == index);
            match (&finding.found, on_this) {
                (Some(found), true) => Some((f, found.as_str())),
                _ => None,
            }
        })
        .collect()
}

/// One line for a finding: `name-misspelled: message (found “Narishkin”, expected
/// “Naryshkin”)`, the parenthesis only saying what the message does not already quote.
pub(crate) fn finding_line(finding: &Finding) -> String {
    let message = finding.message.trim();
    let mut line = format!("{}: {message}", finding.rule);
    let unsaid = |s: &Option<String>| s.clone().filter(|s| !quotes(message, s));
    match (unsaid(&finding.found), unsaid(&finding.expected)) {
        (Some(found), Some(expected)) => {
            line.push_str(&format!(" (found “{found}”, expected “{expected}”)"));
        }
        (None, Some(expected)) => line.push_str(&format!(" (expected “{expected}”)")),
        (Some(found), None) => line.push_str(&format!(" (found “{found}”)")),
        (None, None) => {}
    }
    line
}

/// Whether `message` quotes `value` (“value” or "value"), as the checker's messages do.
pub(crate) fn quotes(message: &str, value: &str) -> bool {
    message.contains(&format!("“{value}”")) || message.contains(&format!("\"{value}\""))
}

pub(crate) fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Lang, SentenceRef};

    pub(crate) fn bitext() -> Bitext {
        Bitext {
            source: Document::from_sentences(
                Lang::arabic(),
                &["التقى بيرنز وناريشكين.", "جملة بلا ترجمة.", "وقال بيسكوف."],
            ),
            target: Document::from_sentences(
                Lang::english(),
                &["Burns met Narishkin.", "Peskov said.", "An added line."],
            ),
            links: vec![
                Link::new(0..1, 0..1, 0.9),
                Link::new(1..2, 1..1, 0.0),
                Link::new(2..3, 1..2, 0.4),
                Link::new(3..3, 2..3, 0.0),
            ],
            verdict: None,
        }
    }

    fn finding(rule: &str, link: Option<u32>, source: Option<u32>) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Error,
            message: "m".into(),
            entity: None,
            expected: None,
            found: None,
            source: source.map(|index| SentenceRef {
                index,
                text: String::new(),
                span: None,
            }),
            target: None,
            link,
            unit: None,
        }
    }

    #[test]
    fn summary_counts_orphans_apart_from_low_scores() {
        let b = bitext();
        let s = Summary::new(&b, &[], LOW_SCORE);
        assert_eq!(
            (s.links, s.low_score, s.source_only, s.target_only),
            (4, 1, 1, 1)
        );
    }

    #[test]
    fn findings_go_to_their_link_or_their_sentence() {
        let b = bitext();
        let findings = [
            finding("a", Some(2), None),
            finding("b", None, Some(0)),
            finding("c", None, Some(99)),
        ];
        let highlights = Highlights::default();
        let (rows, unplaced) = rows(&Review::new(&b, &findings, &highlights));
        assert_eq!(rows[2].findings, vec![0]);
        assert_eq!(rows[0].findings, vec![1]);
        assert_eq!(unplaced, vec![2]);
    }

    #[test]
    fn highlights_follow_sentences_into_the_joined_text() {
        let doc = Document::from_sentences(Lang::english(), &["  Burns met.", "Naryshkin too. "]);
        let h = |span: Range<usize>, id: &str| Highlight {
            span,
            entity: id.into(),
            label: id.into(),
            wrong: false,
        };
        let per = vec![vec![h(2..7, "burns")], vec![h(0..9, "naryshkin")]];
        let joined = joined_highlights(&doc, 0..2, &per);
        let text = "Burns met. Naryshkin too.";
        let got: Vec<&str> = joined.iter().map(|h| &text[h.span.clone()]).collect();
        assert_eq!(got, ["Burns", "Naryshkin"]);
        let clipped = clip_highlights(&joined, 14..30);
        assert_eq!(clipped[0].span, 0..6, "the tail of Naryshkin, from 14");
    }

    #[test]
    fn pieces_ignore_spans_off_char_boundaries_and_overlaps() {
        let text = "قال بيسكوف";
        let h = |span: Range<usize>| Highlight {
            span,
            entity: "peskov".into(),
            label: "Peskov".into(),
            wrong: false,
        };
        let mut entities = Entities::default();
        entities.intern(&h(0..0));
        // 1 is inside the first letter; 7..19 is the name; 9..11 overlaps it.
        let p = pieces(text, &[h(1..3), h(7..19), h(9..11)], &[], &entities);
        let joined: String = p.iter().map(|(t, _)| *t).collect();
        assert_eq!(joined, text);
        assert_eq!(p, vec![("قال ", None), ("بيسكوف", Some(Mark::Name(0)))]);
    }
}
