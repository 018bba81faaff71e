//! Corpus mode of align, check and review: many pairs (two folders, a manifest, or JSON
//! records on standard input) in one run, on every core. The pairing, the per-pair work,
//! the corpus memory and the summary rows are the library's (`qarin::corpus`); this layer
//! picks the files, draws the progress bar and sets the exit status.

use super::common::{InputArgs, Resources};
use anyhow::Context as _;
use qarin::check::CheckConfig;
use qarin::corpus::{
    self, for_each_ordered, CorpusMemory, FindingsStream, Job, Outcome, Pair, SummaryRow,
};
use qarin::formats::ExportOptions;
use qarin::io::AtomicFile;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Flags of every command that takes many pairs.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct BatchArgs {
    /// The pairs to process, one per line: SOURCE<TAB>TARGET[<TAB>ID] (relative paths from
    /// the manifest's folder), instead of SOURCE and TARGET.
    #[arg(long, value_name = "FILE", conflicts_with = "jsonl")]
    pub manifest: Option<PathBuf>,
    /// Read one JSON record per line from standard input ({"id", "source", "target",
    /// "source_lang"?, "target_lang"?}, texts inline) and write one result per line
    /// ({"id", "bitext", "findings", "summary", "verdict"} or {"id", "line", "error"}):
    /// what Hadoop Streaming and Spark's RDD.pipe() need.
    #[arg(long)]
    pub jsonl: bool,
    /// Threads to spread the pairs over (default: every core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Keep the outputs of pairs already complete in the output folder (from a run that
    /// was stopped) and process only the others.
    #[arg(long)]
    pub resume: bool,
    /// Learn one table of word associations from the confident links of every pair (a
    /// first pass over the whole run), then align every pair with it: a short article
    /// uses the vocabulary of the whole corpus instead of its own dozen links. Costs about
    /// half an alignment of each pair more. Folders and manifests only: a --jsonl stream
    /// is read once, so there each pair learns from itself.
    #[arg(long, conflicts_with = "jsonl")]
    pub learn_corpus: bool,
}

impl BatchArgs {
    pub fn threads(&self) -> usize {
        self.jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1)
    }
}

/// Writes one pair's bitext into a file of the format the run asked for.
pub type PairWriter = Box<dyn Fn(&qarin::Bitext, &Path) -> anyhow::Result<()> + Sync>;

/// What each pair of a folder or manifest run writes besides the corpus files.
pub enum PerPair {
    /// `DIR/ID.json` (the bitext) and, for another format, `DIR/ID.EXT` too.
    Align(PairWriter, &'static str),
    /// `DIR/ID/` with the five review files.
    Review,
}

/// The corpus files: `corpus.tmx`, `findings.json` (as `qarin check --format json` of
/// every pair), `summary.tsv` (and `index.html` for review).
pub const CORPUS_TMX: &str = "corpus.tmx";
/// The same units as `corpus.tmx`, for review in a CAT tool.
pub const CORPUS_XLIFF: &str = "corpus.xlf";
pub const FINDINGS: &str = "findings.json";
pub const SUMMARY: &str = "summary.tsv";
pub const INDEX: &str = "index.html";

/// What a command is given when it is given many pairs.
pub enum Many {
    /// `--jsonl`: records on standard input.
    Jsonl,
    /// Two folders or a manifest: the pairs, and the names of a folder with no partner.
    Pairs(Vec<Pair>, Vec<String>),
}

/// Whether the command line names many pairs (`--jsonl`, two folders, a manifest), and
/// which; `None` for one pair.
pub fn many(
    source: Option<&Path>,
    target: Option<&Path>,
    batch: &BatchArgs,
) -> anyhow::Result<Option<Many>> {
    if batch.jsonl {
        return Ok(Some(Many::Jsonl));
    }
    Ok(pairs(source, target, batch)?.map(|(pairs, unmatched)| Many::Pairs(pairs, unmatched)))
}

/// The pairs named on the command line: two folders, or a manifest.
pub fn pairs(
    source: Option<&Path>,
    target: Option<&Path>,
    batch: &BatchArgs,
) -> anyhow::Result<Option<(Vec<Pair>, Vec<String>)>> {
    if let Some(manifest) = &batch.manifest {
        let pairs = corpus::read_manifest(manifest).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            anyhow::anyhow!("{}", lines.join("\n"))
        })?;
        anyhow::ensure!(
            !pairs.is_empty(),
            "{}: the manifest lists no pairs",
            manifest.display()
        );
        return Ok(Some((pairs, Vec::new())));
    }
    let (Some(source), Some(target)) = (source, target) else {
        return Ok(None);
    };
    if !(source.is_dir() && target.is_dir()) {
        return Ok(None);
    }
    let pairing = corpus::pair_folders(source, target)?;
    let mut unmatched = Vec::new();
    // Said, not an error: a folder of articles may hold an `images/` folder.
    for (path, why) in &pairing.skipped {
        eprintln!("qarin: warning: {}: left out: {why}", path.display());
    }
    for name in &pairing.source_only {
        unmatched.push(format!(
            "{}: no translation named {name} in {}; folders are paired by file name",
            source.join(name).display(),
            target.display()
        ));
    }
    for name in &pairing.target_only {
        unmatched.push(format!(
            "{}: no source named {name} in {}; folders are paired by file name",
            target.join(name).display(),
            source.display()
        ));
    }
    anyhow::ensure!(
        !pairing.pairs.is_empty(),
        "{} and {}: no file name is in both folders",
        source.display(),
        target.display()
    );
    Ok(Some((pairing.pairs, unmatched)))
}

/// The folder `-o` names for a run of many pairs. The output rule still holds: a name
/// ending in a file format's extension (`-o corpus.tmx`) is refused, since the run writes
/// a folder of files (the corpus TMX among them), not one file.
pub fn output_dir(
    output: Option<&Path>,
    formats: &[(impl Copy, &str, &[&str])],
) -> anyhow::Result<PathBuf> {
    let Some(dir) = output.filter(|d| *d != Path::new("-")) else {
        return Err(qarin::Error::usage(
            "many pairs are written into a folder: add -o DIR (DIR/corpus.tmx, \
             DIR/findings.json, DIR/summary.tsv and a file per pair)",
        )
        .into());
    };
    let ext = dir
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let names_a_format = ext.is_some_and(|e| {
        formats
            .iter()
            .any(|(_, _, exts)| exts.contains(&e.as_str()))
    });
    if names_a_format && !dir.is_dir() {
        return Err(qarin::Error::usage(format!(
            "{}: many pairs are written into a folder, not one file; give -o DIR and find \
             the corpus memory in DIR/{CORPUS_TMX}",
            dir.display()
        ))
        .into());
    }
    if dir.exists() && !dir.is_dir() {
        return Err(qarin::Error::usage(format!(
            "{}: is a file, not a folder; give -o a folder to write the pairs into",
            dir.display()
        ))
        .into());
    }
    Ok(dir.to_path_buf())
}

/// The job every pair of this run goes through. A pair whose texts contradict their
/// declared languages is refused as a single run would refuse it (unless `--force`).
pub fn job<'a>(
    input: &'a InputArgs,
    resources: &'a Resources,
    checker: &'a qarin::check::Checker<'a>,
    check: CheckConfig,
) -> anyhow::Result<Job<'a>> {
    super::common::known_lang(&input.source_lang, "--source-lang")?;
    super::common::known_lang(&input.target_lang, "--target-lang")?;
    Ok(Job {
        source_lang: input.source_lang(),
        target_lang: input.target_lang(),
        segmented: input.segmented,
        signals: resources.signals(),
        align: qarin::align::AlignConfig::default(),
        checker,
        check,
        vet: (!input.force).then_some(&vet_languages as &corpus::Vet),
        read: input.read.options()?,
    })
}

/// The input flags with the site furniture of the run's folders learned, as `check` learns
/// it: the short lines that many of one side's files repeat are marked and kept out of the
/// memory.
pub fn site_learned(input: &InputArgs, pairs: &[Pair]) -> anyhow::Result<InputArgs> {
    let mut input = input.clone();
    let sources: Vec<&Path> = pairs.iter().map(|p| p.source.as_path()).collect();
    let targets: Vec<&Path> = pairs.iter().map(|p| p.target.as_path()).collect();
    input.read.learn_site(&[sources, targets])?;
    Ok(input)
}

/// The language sanity check of single runs, on each pair of a corpus run.
fn vet_languages(source: &qarin::Document, target: &qarin::Document) -> Result<(), String> {
    use super::common::{vet_language, Side};
    vet_language(source, Side::Source)
        .and_then(|()| vet_language(target, Side::Target))
        .map_err(|e| format!("{e:#}"))
}

/// `--jsonl`: records in on standard input, results out on standard output, one line
/// each, flushed per line, in input order. Errors are records, so the exit status is 0
/// unless reading or writing the streams failed (a non-zero exit would fail a Hadoop or
/// Spark task).
pub fn run_jsonl(job: &Job<'_>, threads: usize) -> anyhow::Result<u8> {
    let stdin = std::io::BufReader::with_capacity(1 << 16, std::io::stdin());
    let lines = stdin
        .split(b'\n')
        .enumerate()
        .map(|(n, line)| (n + 1, line))
        .filter(|(_, line)| !matches!(line, Ok(l) if l.iter().all(u8::is_ascii_whitespace)));
    let mut out = std::io::stdout().lock();
    let mut failed: Option<std::io::Error> = None;
    let progress = Progress::new(None, "records");
    for_each_ordered(
        lines,
        threads,
        threads * 4,
        |(n, line)| match line {
            Ok(bytes) => match std::str::from_utf8(&bytes) {
                Ok(text) => Ok(corpus::jsonl::process_line(
                    job,
                    n,
                    text.trim_end_matches('\r'),
                )),
                Err(e) => Ok(corpus::jsonl::error_line(
                    n,
                    &format!("not UTF-8 (byte {} of the line)", e.valid_up_to()),
                )),
            },
            Err(e) => Err(e),
        },
        |result| {
            if failed.is_some() {
                return;
            }
            let written = result.and_then(|line| {
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")?;
                out.flush()
            });
            if let Err(e) = written {
                failed = Some(e);
            }
            progress.tick(0);
        },
    );
    progress.finish();
    match failed {
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(crate::status::OK),
        Some(e) => Err(e).context("reading records from standard input or writing results"),
        None => Ok(crate::status::OK),
    }
}

/// A folder or manifest run writing into `dir`: per-pair files, then `corpus.tmx`,
/// `findings.json`, `summary.tsv` (and the review index). Unreadable pairs are reported
/// and skipped. The exit-code rule of single runs holds for the whole run, decided after
/// every pair: 2 if a pair could not be used, else 1 if one had an error-level finding or
/// was not parallel, else 0.
#[allow(clippy::too_many_arguments)]
pub fn run_pairs(
    job: &Job<'_>,
    pairs: Vec<Pair>,
    unmatched: Vec<String>,
    dir: &Path,
    per_pair: &PerPair,
    batch: &BatchArgs,
    export: &ExportOptions,
    glossary: &qarin::glossary::Glossary,
) -> anyhow::Result<u8> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the output folder", dir.display()))?;
    let names = file_names(&pairs)?;
    for problem in &unmatched {
        eprintln!("qarin: error: {problem}");
        crate::status::raise(crate::status::INPUT_ERROR);
    }
    // One table learned over every pair, then the real pass with it. Resumed pairs are
    // aligned in the first pass too: the table depends on all of them.
    let table;
    let learned_job;
    let job = if batch.learn_corpus {
        let mut learner = corpus::CorpusLearner::default();
        let progress = Progress::new(Some(pairs.len() as u64), "pairs read to learn from");
        corpus::learn_pass(
            job,
            pairs.iter(),
            batch.threads(),
            &mut learner,
            &mut || progress.tick(0),
        );
        progress.finish();
        table = learner.finish(&job.align.learn);
        eprintln!(
            "qarin: learnt {} word pairs from {} confident links of {} pairs{}",
            table.len(),
            learner.links(),
            pairs.len(),
            if learner.dropped() > 0 {
                format!(
                    " ({} more links left out: the learner keeps at most {})",
                    learner.dropped(),
                    corpus::LEARN_MAX_LINKS
                )
            } else {
                String::new()
            }
        );
        learned_job = job.with_associations(&table);
        &learned_job
    } else {
        job
    };
    let mut memory = CorpusMemory::default();
    let mut findings = FindingsStream::new(std::io::BufWriter::new(AtomicFile::create(
        &dir.join(FINDINGS),
    )?))
    .map_err(|e| qarin::Error::io("cannot write", e).with_path(dir.join(FINDINGS)))?;
    let mut rows = Vec::with_capacity(pairs.len());
    let mut write_error = None;
    let progress = Progress::new(Some(pairs.len() as u64), "pairs");
    let work = |(k, (pair, name)): (usize, (&Pair, &String))| -> (usize, anyhow::Result<Outcome>) {
        let state = state_file(dir, name, per_pair);
        // A bitext that does not read back (cut short by a power loss: per-pair files are
        // not synced one by one) is a pair to do again, not an error.
        if let Some(outcome) = (batch.resume && state.is_file())
            .then(|| resume(job, &state).ok())
            .flatten()
        {
            return (k, Ok(outcome));
        }
        let outcome = corpus::process(job, pair)
            .map_err(anyhow::Error::from)
            .and_then(|outcome| {
                qarin::io::unsynced(|| {
                    write_pair(dir, name, pair, &outcome, per_pair, export, glossary)
                })?;
                Ok(outcome)
            });
        (k, outcome)
    };
    for_each_ordered(
        pairs.iter().zip(&names).enumerate(),
        batch.threads(),
        batch.threads() * 4,
        work,
        |(k, outcome)| match (&pairs[k], outcome) {
            (pair, Ok(outcome)) => {
                let id = &pair.id;
                let row = SummaryRow::of(id, &outcome, job.check.low_score);
                if row.verdict == "not_parallel" {
                    eprintln!(
                        "qarin: warning: {id}: {}; left out of {CORPUS_TMX}",
                        outcome
                            .bitext
                            .verdict
                            .as_ref()
                            .map_or("", |v| v.message.as_str())
                    );
                    crate::status::raise(crate::status::FINDINGS);
                } else {
                    memory.add(id, &outcome.bitext, export);
                }
                if row.errors > 0 {
                    crate::status::raise(crate::status::FINDINGS);
                }
                let (source, target) = origins(pair);
                if let Err(e) = findings.add(&source, Some(&target), &outcome.report) {
                    write_error.get_or_insert(e);
                }
                progress.tick(outcome.bitext.source.segments.len() as u64);
                rows.push(row);
            }
            (pair, Err(e)) => {
                eprintln!("qarin: error: {}: {e:#}; skipped", pair.id);
                crate::status::raise(crate::status::INPUT_ERROR);
                progress.tick(0);
                rows.push(SummaryRow::unreadable(&pair.id, &format!("{e:#}")));
            }
        },
    );
    progress.finish();
    let findings_path = dir.join(FINDINGS);
    let io = |e| qarin::Error::io("cannot write", e).with_path(&findings_path);
    if let Some(e) = write_error {
        return Err(io(e).into());
    }
    let summary = findings.summary().clone();
    findings
        .finish()
        .and_then(|w| w.into_inner().map_err(std::io::IntoInnerError::into_error))
        .map_err(io)?
        .commit()?;
    qarin::io::write_atomic(&dir.join(CORPUS_TMX), |w| {
        memory.write_tmx(export, w).map(|_| ())
    })?;
    qarin::io::write_atomic(&dir.join(CORPUS_XLIFF), |w| {
        memory.write_xliff(export, w).map(|_| ())
    })?;
    qarin::io::write_atomic(&dir.join(SUMMARY), |w| {
        let io = |e| qarin::Error::io("cannot write the summary", e);
        writeln!(w, "{}", corpus::SUMMARY_HEADER).map_err(io)?;
        for row in &rows {
            writeln!(w, "{}", row.tsv()).map_err(io)?;
        }
        Ok(())
    })?;
    if matches!(per_pair, PerPair::Review) {
        let links: Vec<String> = names.iter().map(|n| format!("{n}/report.html")).collect();
        let html = corpus::index_html(&rows, &links);
        qarin::io::write_atomic(&dir.join(INDEX), |w| {
            w.write_all(html.as_bytes())
                .map_err(|e| qarin::Error::io("cannot write the index", e))
        })?;
    }
    let distinct = memory.units().len();
    let repeated = memory.report.duplicates_removed;
    let bad = rows.iter().filter(|r| r.verdict == "unreadable").count();
    eprintln!(
        "qarin: {} pairs ({bad} unreadable), {summary} → {} and {CORPUS_XLIFF}: {distinct} \
         units ({repeated} repeats counted once), {}, {}",
        rows.len(),
        dir.join(CORPUS_TMX).display(),
        findings_path.display(),
        dir.join(SUMMARY).display(),
    );
    Ok(crate::status::raised())
}

/// The pair's file names as the findings file gives them.
fn origins(pair: &Pair) -> (String, String) {
    (
        pair.source.display().to_string(),
        pair.target.display().to_string(),
    )
}

/// A file name for each pair's outputs: its id with path separators replaced, unique.
fn file_names(pairs: &[Pair]) -> anyhow::Result<Vec<String>> {
    let mut seen = std::collections::HashMap::new();
    let mut names = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let name: String = pair
            .id
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | '\0') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let name = if name.starts_with('.') || name.is_empty() {
            format!("_{name}")
        } else {
            name
        };
        if let Some(other) = seen.insert(name.clone(), pair.id.clone()) {
            anyhow::bail!(
                "pairs `{other}` and `{}` would write the same files ({name}); give them \
                 distinct ids in the manifest's third column",
                pair.id
            );
        }
        names.push(name);
    }
    Ok(names)
}

/// The file a pair's outputs end with: once it exists, they all do (each is written whole
/// and this one last).
fn state_file(dir: &Path, name: &str, per_pair: &PerPair) -> PathBuf {
    match per_pair {
        PerPair::Align(..) => dir.join(format!("{name}.json")),
        PerPair::Review => dir.join(name).join("bitext.json"),
    }
}

/// A completed pair read back: its bitext, checked again (checking is deterministic and
/// cheap next to aligning).
fn resume(job: &Job<'_>, state: &Path) -> anyhow::Result<Outcome> {
    let file = std::fs::File::open(state)?;
    let bitext: qarin::Bitext = serde_json::from_reader(std::io::BufReader::new(file))?;
    let report = job.checker.check(&bitext, &job.check);
    Ok(Outcome { bitext, report })
}

fn write_pair(
    dir: &Path,
    name: &str,
    pair: &Pair,
    outcome: &Outcome,
    per_pair: &PerPair,
    export: &ExportOptions,
    glossary: &qarin::glossary::Glossary,
) -> anyhow::Result<()> {
    match per_pair {
        PerPair::Align(write, ext) => {
            if *ext != "json" {
                write(&outcome.bitext, &dir.join(format!("{name}.{ext}")))?;
            }
            qarin::io::write_atomic(&dir.join(format!("{name}.json")), |w| {
                serde_json::to_writer_pretty(&mut *w, &outcome.bitext)
                    .map_err(|e| qarin::Error::io("cannot write the bitext", e.into()))?;
                w.write_all(b"\n")
                    .map_err(|e| qarin::Error::io("cannot write the bitext", e))
            })?;
        }
        PerPair::Review => {
            let compared = super::diff::Compared::from_outcome(
                outcome.bitext.clone(),
                outcome.report.clone(),
                glossary,
            );
            let sub = dir.join(name);
            std::fs::create_dir_all(&sub)
                .with_context(|| format!("{}: cannot create the folder", sub.display()))?;
            let (source, target) = origins(pair);
            super::review::write_folder(
                &sub,
                &super::review::Folder {
                    review: &compared.review(),
                    checked: qarin::check::Checked {
                        source: &source,
                        target: Some(&target),
                        report: &outcome.report,
                    },
                    export: &ExportOptions {
                        findings: outcome.report.findings.clone(),
                        ..export.clone()
                    },
                    html: &qarin::report::HtmlOptions {
                        low_score: export.review_below,
                        ..qarin::report::HtmlOptions::default()
                    },
                },
            )?;
        }
    }
    Ok(())
}

/// The progress bar: on standard error when it is a terminal, nothing otherwise. It
/// shows pairs done of all, pairs/s, source sentences/s and the time left.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    sentences: std::cell::Cell<u64>,
}

impl Progress {
    fn new(total: Option<u64>, what: &str) -> Progress {
        let sentences = std::cell::Cell::new(0);
        if !std::io::stderr().is_terminal() {
            return Progress {
                bar: None,
                sentences,
            };
        }
        let bar = match total {
            Some(n) => indicatif::ProgressBar::new(n)
                .with_style(
                    indicatif::ProgressStyle::with_template(&format!(
                        "{{bar:30}} {{pos}}/{{len}} {what}, {{msg}}, {{eta}} left"
                    ))
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                )
                .with_message("0/s"),
            None => indicatif::ProgressBar::new_spinner().with_style(
                indicatif::ProgressStyle::with_template(&format!(
                    "{{spinner}} {{pos}} {what}, {{per_sec}}"
                ))
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            ),
        };
        Progress {
            bar: Some(bar),
            sentences,
        }
    }

    fn tick(&self, sentences: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            self.sentences.set(self.sentences.get() + sentences);
            let seconds = bar.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{:.1}/s, {:.0} sentences/s",
                bar.position() as f64 / seconds,
                self.sentences.get() as f64 / seconds
            ));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
