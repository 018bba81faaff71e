//! `qarin review`: the whole job in one command.

use super::common::InputArgs;
use super::diff::Compared;
use anyhow::Context as _;
use qarin::check::Report;
use qarin::formats::{writer, ExportOptions, Format, WriteReport};
use qarin::io::write_atomic;
use qarin::model::Severity;
use qarin::report::{self, HtmlOptions, Summary};
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
Example:
  qarin review ar.txt en.txt -o review/
    review/report.html     side-by-side view, names and findings marked
    review/review.xlf      XLIFF 1.2 for the CAT tool, doubtful pairs marked for review
    review/memory.tmx      TMX 1.4b translation memory of the paired sentences
    review/bitext.json     the alignment (as `qarin align --format json`)
    review/findings.json   the findings (as `qarin check --format json`)

  qarin review ar.txt en.txt -g desk-names.tsv -o review/   with your own glossary on top

Exit status as `qarin check`: 0 no error-level finding, 1 at least one, 2 unreadable input.";

/// Align, check and export: write the bitext JSON, TMX, XLIFF, findings and the
/// side-by-side HTML into one folder and print a summary.
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The source text (Arabic).
    pub source: PathBuf,
    /// Its translation (English).
    pub target: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    /// The folder to write into (created if missing; files in it are replaced).
    #[arg(short, long, value_name = "DIR", default_value = "qarin-review")]
    pub output: PathBuf,
}

/// The files `review` writes, in the order the summary lists them.
pub const REPORT: &str = "report.html";
pub const XLIFF: &str = "review.xlf";
pub const TMX: &str = "memory.tmx";
pub const BITEXT: &str = "bitext.json";
pub const FINDINGS: &str = "findings.json";

pub fn run(args: Args) -> anyhow::Result<u8> {
    let dir = &args.output;
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!(
            "{}: is a file, not a folder; give -o a folder to write the review files into",
            dir.display()
        );
    }
    let resources = args.input.resources()?;
    let compared = Compared::load(&args.source, &args.target, None, &args.input, &resources)?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the output folder", dir.display()))?;

    let findings = &compared.check.findings;
    let Written { xliff, tmx } = write_folder(
        dir,
        &compared.check,
        &compared.review(),
        &HtmlOptions::default(),
    )?;

    let s = Summary::new(&compared.bitext, findings, report::LOW_SCORE);
    let path = |name: &str| dir.join(name).display().to_string();
    let width = [REPORT, XLIFF, TMX, BITEXT, FINDINGS]
        .iter()
        .map(|n| path(n).chars().count())
        .max()
        .unwrap_or(0);
    println!("{} ↔ {}", args.source.display(), args.target.display());
    println!(
        "  {} links: {} low-score (< {:.2}), {} source only, {} target only, {} not 1-1",
        s.links,
        s.low_score,
        report::LOW_SCORE,
        s.source_only,
        s.target_only,
        s.merged
    );
    println!("  {}: {}", s.findings_line(), s.rules_line());
    let left_out = |r: &WriteReport| {
        let parts: Vec<String> = [
            (r.skipped_unpaired, "unpaired"),
            (r.skipped_below_min_score, "below the minimum score"),
            (r.duplicates_removed, "duplicates"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("; left out: {}", parts.join(", "))
        }
    };
    let files = [
        (
            REPORT,
            "side-by-side view: open it in a browser".to_string(),
        ),
        (
            XLIFF,
            format!(
                "XLIFF 1.2 for review in a CAT tool ({} units)",
                xliff.written
            ),
        ),
        (
            TMX,
            format!(
                "TMX 1.4b translation memory ({} pairs{})",
                tmx.written,
                left_out(&tmx)
            ),
        ),
        (
            BITEXT,
            "the alignment (as qarin align --format json)".into(),
        ),
        (
            FINDINGS,
            "the findings (as qarin check --format json)".into(),
        ),
    ];
    for (name, what) in files {
        println!("  {:<width$}  {what}", path(name));
    }
    for warning in xliff.warnings.iter().chain(&tmx.warnings) {
        eprintln!("qarin: warning: {warning}");
    }
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    Ok(if errors {
        crate::status::FINDINGS
    } else {
        crate::status::OK
    })
}

/// What the exporters of a review folder left out or changed.
pub struct Written {
    pub xliff: WriteReport,
    pub tmx: WriteReport,
}

/// Writes the five files of a review folder, each whole or not at all: the page of
/// `review` (with `html`'s options), XLIFF, TMX, the bitext and the findings (all of
/// `check`'s, whatever the page shows). `qarin review` and `qarin edit`'s Save call this.
pub fn write_folder(
    dir: &Path,
    check: &Report,
    review: &report::Review,
    html: &HtmlOptions,
) -> anyhow::Result<Written> {
    let export = ExportOptions {
        findings: check.findings.clone(),
        ..ExportOptions::default()
    };
    let page = report::html(review, html);
    write(dir, REPORT, |w| w.write_all(page.as_bytes()))?;
    let bitext = review.bitext;
    let xliff = export_to(dir, XLIFF, Format::Xliff12, bitext, &export)?;
    let tmx = export_to(dir, TMX, Format::Tmx, bitext, &export)?;
    export_to(dir, BITEXT, Format::Json, bitext, &export)?;
    write(dir, FINDINGS, |w| {
        serde_json::to_writer_pretty(&mut *w, check)?;
        w.write_all(b"\n")
    })?;
    Ok(Written { xliff, tmx })
}

fn export_to(
    dir: &Path,
    name: &str,
    format: Format,
    bitext: &qarin::Bitext,
    options: &ExportOptions,
) -> anyhow::Result<WriteReport> {
    let mut report = WriteReport::default();
    write_atomic(&dir.join(name), |w| {
        report = writer(format, options).write(bitext, w)?;
        Ok(())
    })?;
    Ok(report)
}

fn write(
    dir: &Path,
    name: &str,
    body: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let path = dir.join(name);
    write_atomic(&path, |w| {
        body(w).map_err(|e| qarin::Error::io("cannot write", e).with_path(&path))
    })?;
    Ok(())
}
