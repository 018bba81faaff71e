//! `qarin review`: the whole job in one command.

use super::common::InputArgs;
use super::diff::Compared;
use super::export::ExportArgs;
use anyhow::Context as _;
use qarin::check::{CheckConfig, Checked};
use qarin::formats::{writer, ExportOptions, Format, WriteReport};
use qarin::io::{Output, StagedFolder};
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

  qarin review archive/ar archive/en -o review/        two folders, files paired by name
  qarin review --manifest pairs.tsv -o review/         SOURCE<TAB>TARGET[<TAB>ID] per line
    review/ID/…            the five files above for each pair
    review/index.html      every document, what needs attention first, linked to its report
    review/corpus.tmx      one memory of every pair's units, repeats once with x-count
    review/corpus.xlf      the same units as one XLIFF 1.2 file for review in a CAT tool
    review/findings.json   every document's findings (as `qarin check --format json`)
    review/summary.tsv     per document: sentences, links, low-score share, verdict, errors
  Pairs run on every core (-j N to choose); --resume keeps pairs already done.

Exit status as `qarin check`: 0 no error-level finding, 1 at least one or texts that are
not translations of each other, 2 bad flags or unusable input (in a corpus run: after
every other pair was done).";

/// Align, check and export: write the bitext JSON, TMX, XLIFF, findings and the
/// side-by-side HTML into one folder and print a summary.
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The source text (Arabic), or a folder of them.
    #[arg(required_unless_present_any = ["manifest", "jsonl"])]
    pub source: Option<PathBuf>,
    /// Its translation (English), or a folder of translations named as the sources.
    #[arg(required_unless_present_any = ["manifest", "jsonl"])]
    pub target: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub batch: super::corpus::BatchArgs,
    /// The folder to write into (created if missing; files in it are replaced).
    #[arg(short, long, value_name = "DIR", default_value = "qarin-review")]
    pub output: PathBuf,
    #[command(flatten)]
    pub export: ExportArgs,
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
    let low_score = args.export.low_score;
    let (source, target) = (args.source.as_deref(), args.target.as_deref());
    if let Some(many) = super::corpus::many(source, target, &args.batch)? {
        let checker = resources.checker();
        let check = CheckConfig {
            low_score,
            ..CheckConfig::default()
        };
        let super::corpus::Many::Pairs(pairs, unmatched) = many else {
            let job = super::corpus::job(&args.input, &resources, &checker, check)?;
            return super::corpus::run_jsonl(&job, args.batch.threads());
        };
        let input = super::corpus::site_learned(&args.input, &pairs)?;
        let job = super::corpus::job(&input, &resources, &checker, check)?;
        return super::corpus::run_pairs(
            &job,
            pairs,
            unmatched,
            dir,
            &super::corpus::PerPair::Review,
            &args.batch,
            &args.export.options(Vec::new()),
            &resources.glossary,
        );
    }
    let (Some(source), Some(target)) = (source, target) else {
        anyhow::bail!("give SOURCE and TARGET, two folders, --manifest FILE or --jsonl");
    };
    let compared = Compared::load(source, target, None, &args.input, &resources, low_score)?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the output folder", dir.display()))?;

    let findings = &compared.check.findings;
    let export = args.export.options(findings.clone());
    let (source_name, target_name) = (source.display().to_string(), target.display().to_string());
    let Written { xliff, tmx } = write_folder(
        dir,
        &Folder {
            review: &compared.review(),
            checked: Checked {
                source: &source_name,
                target: Some(&target_name),
                report: &compared.check,
            },
            export: &export,
            html: &HtmlOptions {
                low_score,
                ..HtmlOptions::default()
            },
        },
    )?;
    // Decided before the summary is printed, so a closed pipe keeps it.
    let code = compared.status();

    let s = Summary::new(&compared.bitext, findings, low_score);
    let path = |name: &str| dir.join(name).display().to_string();
    let width = [REPORT, XLIFF, TMX, BITEXT, FINDINGS]
        .iter()
        .map(|n| path(n).chars().count())
        .max()
        .unwrap_or(0);
    let mut lines = vec![
        format!("{source_name} ↔ {target_name}"),
        format!("  {}", s.links_line(low_score)),
        format!("  {} ({})", s.findings_line(), s.rules_line()),
    ];
    let left_out = |r: &WriteReport| {
        let parts: Vec<String> = [
            (r.skipped_unpaired, "unpaired"),
            (r.skipped_below_min_score, "below the minimum score"),
            (r.duplicates_removed, "duplicates"),
            (r.skipped_boilerplate, "site furniture"),
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
        lines.push(format!("  {:<width$}  {what}", path(name)));
    }
    for warning in xliff.warnings.iter().chain(&tmx.warnings) {
        eprintln!("qarin: warning: {warning}");
    }
    Output::Stdout.write_with(|w| {
        for line in &lines {
            writeln!(w, "{line}").map_err(|e| qarin::Error::io("cannot write the summary", e))?;
        }
        Ok(())
    })?;
    Ok(code)
}

/// What the exporters of a review folder left out or changed.
pub struct Written {
    pub xliff: WriteReport,
    pub tmx: WriteReport,
}

/// What a review folder is written from.
pub struct Folder<'a> {
    /// The page's rows and findings.
    pub review: &'a report::Review<'a>,
    /// The findings file's documents and findings (all of the checker's, whatever the
    /// page shows).
    pub checked: Checked<'a>,
    pub export: &'a ExportOptions,
    pub html: &'a HtmlOptions,
}

/// Writes the five files of a review folder, each whole or not at all: the page, XLIFF,
/// TMX, the findings and the bitext. `qarin review`, `qarin edit`'s Save and each pair of a
/// corpus review call this. The bitext comes last: once it exists, the folder is complete
/// (what a corpus run's `--resume` looks for).
pub fn write_folder(dir: &Path, folder: &Folder<'_>) -> anyhow::Result<Written> {
    // All five or none: staged in the folder, renamed together at the end, so a full disk
    // never leaves a new report beside an old bitext.
    let mut staged = StagedFolder::new(dir, &[REPORT, XLIFF, TMX, FINDINGS, BITEXT])?;
    let page = report::html(folder.review, folder.html);
    write(&mut staged, REPORT, |w| w.write_all(page.as_bytes()))?;
    let bitext = folder.review.bitext;
    let xliff = export_to(&mut staged, XLIFF, Format::Xliff12, bitext, folder.export)?;
    let tmx = export_to(&mut staged, TMX, Format::Tmx, bitext, folder.export)?;
    write(&mut staged, FINDINGS, |w| {
        serde_json::to_writer_pretty(&mut *w, &qarin::check::findings_file(&[folder.checked]))?;
        w.write_all(b"\n")
    })?;
    export_to(&mut staged, BITEXT, Format::Json, bitext, folder.export)?;
    staged.commit()?;
    Ok(Written { xliff, tmx })
}

fn export_to(
    staged: &mut StagedFolder,
    name: &str,
    format: Format,
    bitext: &qarin::Bitext,
    options: &ExportOptions,
) -> anyhow::Result<WriteReport> {
    let mut report = WriteReport::default();
    staged.write(name, |w| {
        report = writer(format, options).write(bitext, w)?;
        Ok(())
    })?;
    Ok(report)
}

fn write(
    staged: &mut StagedFolder,
    name: &str,
    body: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    staged.write(name, |w| {
        body(w).map_err(|e| qarin::Error::io("cannot write", e))
    })?;
    Ok(())
}
