//! Corpus mode: many document pairs in one run, on every core, with the results a one-core
//! run gives.
//!
//! Input: [`Pair`]s from two folders paired by file name ([`pair_folders`], names without
//! a partner reported), from a manifest ([`parse_manifest`], TSV with `file:line` errors),
//! or JSON records one per line ([`jsonl`], the protocol Hadoop Streaming and Spark's
//! `RDD.pipe()` speak). Each pair is aligned and checked on its own ([`process`]);
//! [`for_each_ordered`] spreads pairs over threads and hands the results back in input
//! order, holding only a bounded window of them. What the corpus adds up across pairs
//! lives here too: one translation memory with each unit once and a count
//! ([`CorpusMemory`]), and a summary row per document ([`SummaryRow`]).
//!
//! The module reads files only where it is given paths; it never prints, and what to
//! write where is the caller's.

mod findings;
pub mod jsonl;
mod learn;
mod memory;
mod pairing;
mod queue;

pub use findings::FindingsStream;
pub use learn::{CorpusLearner, LEARN_MAX_LINKS};
pub use memory::{CorpusMemory, MemoryUnit};
pub use pairing::{pair_by_name, pair_folders, parse_manifest, read_manifest, Pair, Pairing};
pub use queue::for_each_ordered;

use crate::align::{AlignConfig, Associations, Signals};
use crate::check::{CheckConfig, Checker, Report};
use crate::model::{Bitext, Document, Lang, VerdictKind};
use serde::{Deserialize, Serialize};

/// How every pair of a run is read and what it is checked against.
pub struct Job<'a> {
    pub source_lang: Lang,
    pub target_lang: Lang,
    /// Texts are one sentence per line already.
    pub segmented: bool,
    pub signals: Signals<'a>,
    pub align: AlignConfig,
    pub checker: &'a Checker<'a>,
    pub check: CheckConfig,
    /// Refuses a pair before it is aligned (the caller's language sanity check: a text
    /// that is not in its declared language); the message says what to do.
    pub vet: Option<&'a Vet>,
    /// How files and inline texts are read (format, encoding, site furniture): as a run
    /// on one pair reads them, so a pair gives the same links alone or in a corpus.
    pub read: crate::input::ReadOptions<'a>,
}

/// A check of a pair's two documents before they are aligned: `Err(message)` refuses it.
pub type Vet = dyn Fn(&Document, &Document) -> Result<(), String> + Sync;

/// One pair aligned and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub bitext: Bitext,
    pub report: Report,
}

impl Job<'_> {
    /// The document a text makes under this job's languages and segmentation, its site
    /// furniture marked (kept out of the memory) as in a run on one pair.
    pub fn document(&self, text: &str, lang: Lang, origin: Option<String>) -> Document {
        if self.segmented {
            let mut document = crate::align::segmented_document(text, lang, origin);
            crate::input::mark_furniture_sentences(&mut document.segments, &self.read);
            document
        } else {
            let extracted = crate::input::Extracted {
                text: text.to_string(),
                ..crate::input::Extracted::default()
            };
            crate::input::document(&extracted, lang, origin, &self.read)
        }
    }

    /// The document a file makes: any format [`crate::input`] reads (text in any supported
    /// encoding, a web page, DOCX, ODT), or with `segmented` a text of one sentence per line.
    /// What a single run would only note (an encoding detected) is not reported.
    pub fn read_document(&self, path: &std::path::Path, lang: Lang) -> crate::Result<Document> {
        let bytes = crate::io::read_input(path)?;
        let origin = Some(path.display().to_string());
        if self.segmented {
            let decoded =
                crate::input::decode(&bytes, self.read.encoding).map_err(|e| e.with_path(path))?;
            return Ok(self.document(&decoded.text, lang, origin));
        }
        let mut loaded = crate::input::read(&bytes, Some(path), Some(lang), &self.read)
            .map_err(|e| e.with_path(path))?;
        loaded.document.origin = origin;
        Ok(loaded.document)
    }

    /// Aligns and checks one pair of texts, unless [`Job::vet`] refuses them (a usage
    /// error with its message). Pure: the same texts give the same outcome on any thread,
    /// which is what makes a parallel run equal a one-core run.
    pub fn process(&self, source: Document, target: Document) -> crate::Result<Outcome> {
        let bitext = self.align_only(source, target)?;
        let report = self.checker.check(&bitext, &self.check);
        Ok(Outcome { bitext, report })
    }

    /// [`Job::process`] without the check: what a learning pass needs.
    pub fn align_only(&self, source: Document, target: Document) -> crate::Result<Bitext> {
        if let Some(vet) = self.vet {
            vet(&source, &target).map_err(crate::Error::usage)?;
        }
        Ok(crate::align::align_with(
            &source,
            &target,
            &self.signals,
            &self.align,
            &mut |_| {},
        ))
    }

    /// The same job aligning every pair with one association table learned over the
    /// whole run ([`learn_pass`]) instead of what each pair learns from itself.
    pub fn with_associations<'b>(&'b self, table: &'b Associations) -> Job<'b> {
        Job {
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
            segmented: self.segmented,
            signals: Signals {
                associations: Some(table),
                ..self.signals
            },
            align: self.align.clone(),
            checker: self.checker,
            check: self.check.clone(),
            vet: self.vet,
            read: self.read.clone(),
        }
    }

    /// [`Job::process`] from two texts, with the job's languages.
    pub fn process_texts(
        &self,
        source: &str,
        target: &str,
        origins: [Option<String>; 2],
    ) -> crate::Result<Outcome> {
        let [so, to] = origins;
        let source = self.document(source, self.source_lang.clone(), so);
        let target = self.document(target, self.target_lang.clone(), to);
        self.process(source, target)
    }
}

/// Reads both files of a pair and processes them: the error names the file that could
/// not be read (a missing file, an encoding that cannot be told, a broken DOCX).
pub fn process(job: &Job<'_>, pair: &Pair) -> crate::Result<Outcome> {
    let source = job.read_document(&pair.source, job.source_lang.clone())?;
    let target = job.read_document(&pair.target, job.target_lang.clone())?;
    job.process(source, target)
}

/// The first pass of a run that learns across pairs: every pair read and its learning
/// links found ([`crate::align::learning_links`], the aligner's first pass only, nothing
/// checked) on `threads` threads, kept in input order, so the learner holds the same links
/// for any number of threads. A pair that cannot be read or is refused is left out here;
/// the second pass reports it. `progress` is called once per pair, in input order.
pub fn learn_pass<'p>(
    job: &Job<'_>,
    pairs: impl Iterator<Item = &'p Pair> + Send,
    threads: usize,
    learner: &mut CorpusLearner,
    progress: &mut dyn FnMut(),
) {
    /// A pair's two documents and the links it would learn from.
    type Learning = (Document, Document, Vec<(usize, usize)>);
    let work = |pair: &Pair| -> Option<Learning> {
        let source = job
            .read_document(&pair.source, job.source_lang.clone())
            .ok()?;
        let target = job
            .read_document(&pair.target, job.target_lang.clone())
            .ok()?;
        if let Some(vet) = job.vet {
            vet(&source, &target).ok()?;
        }
        let links = crate::align::learning_links(&source, &target, &job.signals, &job.align);
        Some((source, target, links))
    };
    for_each_ordered(pairs, threads, threads * 4, work, |found| {
        if let Some((source, target, links)) = found {
            learner.add(&source, &target, &links);
        }
        progress();
    });
}

/// What a run says about one document: a row of the summary table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub id: String,
    pub source_sentences: usize,
    pub target_sentences: usize,
    pub links: usize,
    /// Share of the links scored below the low-score threshold (1-0 and 0-1 included:
    /// each needs a look).
    pub low_score_share: f32,
    /// `parallel`, `doubtful`, `not_parallel`, or `unreadable`.
    pub verdict: String,
    pub errors: usize,
    pub warnings: usize,
    /// Why the document could not be read; empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub problem: String,
}

/// Column names of [`SummaryRow::tsv`], in order.
pub const SUMMARY_HEADER: &str =
    "id\tsource_sentences\ttarget_sentences\tlinks\tlow_score_share\tverdict\terrors\twarnings\tproblem";

impl SummaryRow {
    pub fn of(id: &str, outcome: &Outcome, low_score: f32) -> SummaryRow {
        let bitext = &outcome.bitext;
        let low = bitext
            .links
            .iter()
            .filter(|l| l.score < low_score || l.src.is_empty() || l.tgt.is_empty())
            .count();
        SummaryRow {
            id: id.to_string(),
            source_sentences: bitext.source.segments.len(),
            target_sentences: bitext.target.segments.len(),
            links: bitext.links.len(),
            low_score_share: if bitext.links.is_empty() {
                0.0
            } else {
                low as f32 / bitext.links.len() as f32
            },
            verdict: verdict_name(bitext).to_string(),
            errors: outcome.report.summary.errors,
            warnings: outcome.report.summary.warnings,
            problem: String::new(),
        }
    }

    /// The row of a document that could not be read.
    pub fn unreadable(id: &str, problem: &str) -> SummaryRow {
        SummaryRow {
            id: id.to_string(),
            source_sentences: 0,
            target_sentences: 0,
            links: 0,
            low_score_share: 0.0,
            verdict: "unreadable".to_string(),
            errors: 0,
            warnings: 0,
            problem: problem.to_string(),
        }
    }

    /// The row as one TSV line (no line end); tabs and line breaks in the id or problem
    /// become spaces.
    pub fn tsv(&self) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        format!(
            "{}\t{}\t{}\t{}\t{:.3}\t{}\t{}\t{}\t{}",
            clean(&self.id),
            self.source_sentences,
            self.target_sentences,
            self.links,
            self.low_score_share,
            self.verdict,
            self.errors,
            self.warnings,
            clean(&self.problem)
        )
    }

    /// Sort key putting first what needs attention: unreadable, then not parallel, then
    /// by errors, doubtful verdicts, warnings and the share of low links, then by id.
    pub fn attention(&self) -> impl Ord + '_ {
        let verdict_rank = match self.verdict.as_str() {
            "unreadable" => 0,
            "not_parallel" => 1,
            "doubtful" => 3,
            _ => 4,
        };
        (
            verdict_rank.min(if self.errors > 0 { 2 } else { 4 }),
            std::cmp::Reverse(self.errors),
            std::cmp::Reverse(self.warnings),
            std::cmp::Reverse((self.low_score_share * 1000.0) as u32),
            self.id.as_str(),
        )
    }
}

/// The index page of a corpus review: one row per document, what needs attention first
/// (unreadable, not parallel, errors, doubtful, warnings, low links), each linking to its
/// report (`links[i]` for `rows[i]`).
pub fn index_html(rows: &[SummaryRow], links: &[String]) -> String {
    let esc = crate::report::escape_html;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| rows[a].attention().cmp(&rows[b].attention()));
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>qarin corpus review</title>\n<style>\n\
         body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}\
         td,th{padding:.25em .75em;border-bottom:1px solid #ddd;text-align:right}\
         td:first-child,th:first-child,td.v{text-align:left}\
         .unreadable,.not_parallel{color:#b00020}.doubtful{color:#8a6d00}\n</style>\n\
         </head>\n<body>\n<h1>qarin corpus review</h1>\n",
    );
    let errors: usize = rows.iter().map(|r| r.errors).sum();
    let needing = rows
        .iter()
        .filter(|r| r.errors > 0 || r.verdict != "parallel")
        .count();
    html.push_str(&format!(
        "<p>{} documents, {} with something to look at, {} errors in all. Sorted by what needs \
         attention first.</p>\n<table>\n<thead><tr><th>document</th><th>verdict</th>\
         <th>errors</th><th>warnings</th><th>low links</th><th>links</th>\
         <th>sentences (source / target)</th></tr></thead>\n<tbody>\n",
        rows.len(),
        needing,
        errors
    ));
    for i in order {
        let r = &rows[i];
        let name = if r.verdict == "unreadable" {
            format!("{} <small>({})</small>", esc(&r.id), esc(&r.problem))
        } else {
            format!(
                "<a href=\"{}\">{}</a>",
                esc(links.get(i).map_or("", String::as_str)),
                esc(&r.id)
            )
        };
        html.push_str(&format!(
            "<tr><td>{name}</td><td class=\"v {v}\">{v}</td><td>{}</td><td>{}</td>\
             <td>{:.0}%</td><td>{}</td><td>{} / {}</td></tr>\n",
            r.errors,
            r.warnings,
            r.low_score_share * 100.0,
            r.links,
            r.source_sentences,
            r.target_sentences,
            v = esc(&r.verdict),
        ));
    }
    html.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    html
}

/// The verdict's JSON name (`parallel`, `doubtful`, `not_parallel`; `parallel` when the
/// aligner gave none).
pub fn verdict_name(bitext: &Bitext) -> &'static str {
    match bitext.verdict.as_ref().map(|v| v.kind) {
        Some(VerdictKind::NotParallel) => "not_parallel",
        Some(VerdictKind::Doubtful) => "doubtful",
        _ => "parallel",
    }
}

#[cfg(test)]
mod tests;
