//! `qarin export`: write a bitext JSON (from `qarin align --format json`) as TMX, XLIFF, TSV.

use super::output::{self, OutputFormat};
use anyhow::Context;
use qarin::formats::{self, ExportOptions, Format};
use qarin::io::Output;
use qarin::{Bitext, Finding};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The formats the exporters write, as `--format` (export, align) and `--to` (convert)
/// name them.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitextFormat {
    /// TMX 1.4b translation memory (.tmx)
    Tmx,
    /// XLIFF 1.2 review file (.xlf, .xliff)
    #[value(alias = "xliff12", alias = "xlf")]
    Xliff,
    /// XLIFF 2.1 (no extension of its own: name it with --format)
    #[value(alias = "xliff21")]
    Xliff2,
    /// tab-separated score, source, target (.tsv)
    Tsv,
    /// the bitext JSON of `qarin align --format json` (.json)
    Json,
}

impl OutputFormat for BitextFormat {
    const TABLE: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (BitextFormat::Tmx, "tmx", &["tmx"]),
        (BitextFormat::Xliff, "xliff", &["xlf", "xliff"]),
        (BitextFormat::Xliff2, "xliff2", &[]),
        (BitextFormat::Tsv, "tsv", &["tsv", "tab"]),
        (BitextFormat::Json, "json", &["json"]),
    ];
}

impl From<BitextFormat> for Format {
    fn from(f: BitextFormat) -> Format {
        match f {
            BitextFormat::Tmx => Format::Tmx,
            BitextFormat::Xliff => Format::Xliff12,
            BitextFormat::Xliff2 => Format::Xliff2,
            BitextFormat::Tsv => Format::Tsv,
            BitextFormat::Json => Format::Json,
        }
    }
}

/// What the exporters keep and mark: the same flags on `export`, `align` and `review`.
#[derive(clap::Args, Debug, Clone)]
pub struct ExportArgs {
    /// Leave out links scored below this (TMX, TSV).
    #[arg(long, default_value_t = 0.0, value_name = "SCORE")]
    pub min_score: f32,
    /// Links scored below this are low-score: marked for review in XLIFF (not approved),
    /// counted as low-score in the summaries, and reported as `alignment-low`.
    #[arg(long, alias = "review-below", default_value_t = qarin::model::LOW_SCORE, value_name = "SCORE")]
    pub low_score: f32,
    /// Keep 1-0 / 0-1 links in TMX and TSV (as units with one side).
    #[arg(long)]
    pub include_unpaired: bool,
    /// Keep pairs already written once (TMX, TSV).
    #[arg(long)]
    pub keep_duplicates: bool,
    /// Keep pairs of site furniture ("read more", "breaking news": sentences marked
    /// boilerplate) in TMX and TSV.
    #[arg(long)]
    pub include_boilerplate: bool,
}

impl ExportArgs {
    pub fn options(&self, findings: Vec<Finding>) -> ExportOptions {
        ExportOptions {
            findings,
            min_score: self.min_score,
            review_below: self.low_score,
            include_unpaired: self.include_unpaired,
            keep_duplicates: self.keep_duplicates,
            include_boilerplate: self.include_boilerplate,
            ..ExportOptions::default()
        }
    }
}

const AFTER_HELP: &str = "\
Examples:
  qarin align ar.txt en.txt --format json -o bitext.json
  qarin export bitext.json -o memory.tmx                 TMX 1.4b for OmegaT, Trados, memoQ
  qarin export bitext.json -o review.xlf --findings findings.json
                                                         XLIFF 1.2, findings as notes
  qarin export bitext.json --format xliff2 -o review.xlf --source-lang ar-SA --target-lang en-US
  qarin export bitext.json --format tsv --min-score 0.5  score, source, target on stdout
  cat results/part-* | qarin export --jsonl - -o corpus.tmx
      the results of `qarin align --jsonl` (a Spark or Hadoop job's part files) merged
      into one TMX: each distinct unit once, with x-count and x-document props

TMX and TSV leave out 1-0 / 0-1 links (--include-unpaired keeps them), pairs of site
furniture (sentences marked boilerplate; --include-boilerplate keeps them), repeated pairs
(--keep-duplicates keeps them) and links scored below --min-score. XLIFF keeps every link
and marks doubtful ones for review. The output is written to a temporary file and renamed,
and qarin refuses to write over its input.";

/// Write an aligned bitext as a translation memory or a review file.
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Bitext to export: JSON from `qarin align --format json` (or TMX, XLIFF, TSV).
    pub bitext: PathBuf,
    /// Output format [default: from the extension of -o, else tmx].
    #[arg(long, value_enum)]
    pub format: Option<BitextFormat>,
    /// Output file; `-` or none: standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Findings (JSON from `qarin check --format json`) to attach as notes.
    #[arg(long, value_name = "FILE")]
    pub findings: Option<PathBuf>,
    #[command(flatten)]
    pub export: ExportArgs,
    /// BITEXT holds results of `qarin align --jsonl`, one per line (`-` for standard
    /// input): write them as one corpus TMX, each distinct unit once with its count.
    #[arg(long, conflicts_with_all = ["findings", "keep_duplicates"])]
    pub jsonl: bool,
    /// BCP 47 tag to write for the source language (e.g. ar-SA); default: the bitext's.
    #[arg(long, value_name = "TAG", value_parser = super::common::language_tag)]
    pub source_lang: Option<String>,
    /// BCP 47 tag to write for the target language (e.g. en-US); default: the bitext's.
    #[arg(long, value_name = "TAG", value_parser = super::common::language_tag)]
    pub target_lang: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let output = Output::from_arg(args.output.as_deref());
    let format = output::choose(args.format, &output, BitextFormat::Tmx)?;
    if args.jsonl {
        return merge_jsonl(&args, format, &output);
    }
    let bitext = read_bitext(&args.bitext, None)?;
    let findings = match &args.findings {
        Some(path) => read_findings(path)?,
        None => Vec::new(),
    };
    let opts = ExportOptions {
        source_lang: super::common::lang_flag(args.source_lang.as_deref(), "--source-lang")?,
        target_lang: super::common::lang_flag(args.target_lang.as_deref(), "--target-lang")?,
        ..args.export.options(findings)
    };
    let mut inputs = vec![args.bitext.as_path()];
    inputs.extend(args.findings.as_deref());
    write_bitext(&bitext, format.into(), &opts, &output, &inputs)?;
    Ok(crate::status::OK)
}

/// `--jsonl`: every result line's units into one corpus memory, written as TMX.
fn merge_jsonl(args: &Args, format: BitextFormat, output: &Output) -> anyhow::Result<u8> {
    if format != BitextFormat::Tmx {
        return Err(qarin::Error::usage(
            "--jsonl writes one corpus TMX; give -o FILE.tmx or --format tmx",
        )
        .into());
    }
    output.refuse_inputs(&[args.bitext.as_path()])?;
    let input: Box<dyn BufRead> = qarin::io::open_input(&args.bitext)?;
    let opts = ExportOptions {
        source_lang: super::common::lang_flag(args.source_lang.as_deref(), "--source-lang")?,
        target_lang: super::common::lang_flag(args.target_lang.as_deref(), "--target-lang")?,
        ..args.export.options(Vec::new())
    };
    let mut memory = qarin::corpus::CorpusMemory::default();
    let mut errors = 0;
    for (n, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("{}: cannot read", args.bitext.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        match qarin::corpus::jsonl::read_result(&line).map_err(|e| {
            qarin::Error::syntax(e)
                .at_line(n + 1)
                .with_path(&args.bitext)
        })? {
            Some((id, bitext)) => memory.add(&id, &bitext, &opts),
            None => errors += 1,
        }
    }
    let mut report = None;
    output.write_with(|w| {
        report = Some(memory.write_tmx(&opts, w)?);
        Ok(())
    })?;
    if let Some(r) = report {
        eprintln!(
            "qarin: {} distinct units ({} repeats counted once){}",
            r.written,
            r.duplicates_removed,
            if errors > 0 {
                format!("; {errors} error records had no bitext")
            } else {
                String::new()
            }
        );
    }
    Ok(crate::status::OK)
}

/// Reads a bitext in `format`, or the one its extension names (JSON when it names none).
pub fn read_bitext(path: &Path, format: Option<Format>) -> anyhow::Result<Bitext> {
    let format = format
        .or_else(|| Format::from_path(path))
        .unwrap_or(Format::Json);
    let mut input: Box<dyn BufRead> = qarin::io::open_input(path)?;
    let mut bitext = formats::reader(format)
        .read(&mut input)
        .map_err(|e| e.with_path(path))?;
    if bitext.source.origin.is_none() {
        bitext.source.origin = Some(path.display().to_string());
    }
    Ok(bitext)
}

/// Findings from `qarin check --format json` (`{"findings": [...]}`, one pair or a
/// folder) or a bare list.
fn read_findings(path: &Path) -> anyhow::Result<Vec<Finding>> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum FindingsFile {
        Report { findings: Vec<Finding> },
        List(Vec<Finding>),
    }
    let text = qarin::io::read_text(path)?;
    let parsed: FindingsFile = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: not findings JSON; expected the output of `qarin check --format json`",
            path.display()
        )
    })?;
    Ok(match parsed {
        FindingsFile::Report { findings } | FindingsFile::List(findings) => findings,
    })
}

/// Writes atomically and tells the user on stderr what was left out or changed (every
/// command that leaves something out has the flags the message names).
pub fn write_bitext(
    bitext: &Bitext,
    format: Format,
    opts: &ExportOptions,
    output: &Output,
    inputs: &[&Path],
) -> anyhow::Result<()> {
    output.refuse_inputs(inputs)?;
    let writer = formats::writer(format, opts);
    let mut report = None;
    output.write_with(|out| {
        report = Some(writer.write(bitext, out)?);
        Ok(())
    })?;
    let Some(report) = report else {
        return Ok(());
    };
    for warning in &report.warnings {
        eprintln!("qarin: warning: {warning}");
    }
    let flag = |name: &str| format!(" ({name} keeps them)");
    let mut left_out = Vec::new();
    if report.skipped_unpaired > 0 {
        left_out.push(format!(
            "{} unpaired{}",
            report.skipped_unpaired,
            flag("--include-unpaired")
        ));
    }
    if report.duplicates_removed > 0 {
        left_out.push(format!(
            "{} duplicates{}",
            report.duplicates_removed,
            flag("--keep-duplicates")
        ));
    }
    if report.skipped_boilerplate > 0 {
        left_out.push(format!(
            "{} of site furniture{}",
            report.skipped_boilerplate,
            flag("--include-boilerplate")
        ));
    }
    if report.skipped_below_min_score > 0 {
        left_out.push(format!(
            "{} scored below {}",
            report.skipped_below_min_score, opts.min_score
        ));
    }
    let dest = output::shown(output);
    if left_out.is_empty() {
        eprintln!("qarin: wrote {} units ({format}) to {dest}", report.written);
    } else {
        eprintln!(
            "qarin: wrote {} units ({format}) to {dest}; left out {}",
            report.written,
            left_out.join(", ")
        );
    }
    Ok(())
}
