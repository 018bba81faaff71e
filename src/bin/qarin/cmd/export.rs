//! `qarin export`: write a bitext JSON (from `qarin align --format json`) as TMX, XLIFF, TSV.

use anyhow::Context;
use qarin::formats::{self, ExportOptions, Format};
use qarin::io::Output;
use qarin::{Bitext, Finding, Lang};
use std::io::BufRead;
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
Examples:
  qarin align ar.txt en.txt --format json -o bitext.json
  qarin export bitext.json -o memory.tmx                 TMX 1.4b for OmegaT, Trados, memoQ
  qarin export bitext.json -o review.xlf --findings findings.json
                                                         XLIFF 1.2, findings as notes
  qarin export bitext.json --format xliff2 -o review.xlf --source-lang ar-SA --target-lang en-US
  qarin export bitext.json --format tsv --min-score 0.5  score, source, target on stdout

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
    /// tmx | xliff (1.2) | xliff2 (2.1) | tsv | json. Default: from the extension of -o,
    /// else tmx.
    #[arg(long)]
    pub format: Option<String>,
    /// Output file; `-` or none: standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Findings (JSON from `qarin check --format json`) to attach as notes.
    #[arg(long, value_name = "FILE")]
    pub findings: Option<PathBuf>,
    /// Leave out links scored below this (TMX, TSV).
    #[arg(long, default_value_t = 0.0, value_name = "SCORE")]
    pub min_score: f32,
    /// Mark links scored below this for review in XLIFF.
    #[arg(long, default_value_t = 0.5, value_name = "SCORE")]
    pub review_below: f32,
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
    /// BCP 47 tag to write for the source language (e.g. ar-SA); default: the bitext's.
    #[arg(long, value_name = "TAG")]
    pub source_lang: Option<String>,
    /// BCP 47 tag to write for the target language (e.g. en-US); default: the bitext's.
    #[arg(long, value_name = "TAG")]
    pub target_lang: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let output = Output::from_arg(args.output.as_deref());
    let format = output_format(args.format.as_deref(), &output)?;
    let bitext = read_bitext(&args.bitext, None)?;
    let findings = match &args.findings {
        Some(path) => read_findings(path)?,
        None => Vec::new(),
    };
    let opts = ExportOptions {
        findings,
        min_score: args.min_score,
        review_below: args.review_below,
        include_unpaired: args.include_unpaired,
        keep_duplicates: args.keep_duplicates,
        include_boilerplate: args.include_boilerplate,
        source_lang: args.source_lang.as_deref().map(Lang::new),
        target_lang: args.target_lang.as_deref().map(Lang::new),
        ..ExportOptions::default()
    };
    let mut inputs = vec![args.bitext.as_path()];
    inputs.extend(args.findings.as_deref());
    write_bitext(&bitext, format, &opts, &output, &inputs)?;
    Ok(crate::status::OK)
}

/// The format asked for with `--format`/`--to`, else the one `-o`'s extension names, else TMX.
pub fn output_format(flag: Option<&str>, output: &Output) -> anyhow::Result<Format> {
    if let Some(name) = flag {
        return Ok(name.parse()?);
    }
    Ok(match output {
        Output::File(path) => Format::from_path(path).unwrap_or(Format::Tmx),
        Output::Stdout => Format::Tmx,
    })
}

/// Reads a bitext in `format`, or the one its extension names (JSON when it names none).
pub fn read_bitext(path: &Path, format: Option<Format>) -> anyhow::Result<Bitext> {
    let format = format
        .or_else(|| Format::from_path(path))
        .unwrap_or(Format::Json);
    let mut input: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| qarin::Error::io("cannot read file", e).with_path(path))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut bitext = formats::reader(format)
        .read(&mut input)
        .map_err(|e| e.with_path(path))?;
    if bitext.source.origin.is_none() {
        bitext.source.origin = Some(path.display().to_string());
    }
    Ok(bitext)
}

/// Findings from `qarin check --format json` (`{"findings": [...]}`) or a bare list.
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

/// Writes atomically and tells the user on stderr what was left out or changed.
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
    let mut left_out = Vec::new();
    if report.skipped_unpaired > 0 {
        left_out.push(format!(
            "{} unpaired (--include-unpaired keeps them)",
            report.skipped_unpaired
        ));
    }
    if report.duplicates_removed > 0 {
        left_out.push(format!(
            "{} duplicates (--keep-duplicates keeps them)",
            report.duplicates_removed
        ));
    }
    if report.skipped_boilerplate > 0 {
        left_out.push(format!(
            "{} of site furniture (--include-boilerplate keeps them)",
            report.skipped_boilerplate
        ));
    }
    if report.skipped_below_min_score > 0 {
        left_out.push(format!(
            "{} scored below {}",
            report.skipped_below_min_score, opts.min_score
        ));
    }
    let dest = match output {
        Output::File(p) => p.display().to_string(),
        Output::Stdout => "standard output".into(),
    };
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
