//! `qarin diff`: side-by-side view of source and target, and the diff of two translations.

use super::common::{InputArgs, Resources};
use qarin::check::{check_report, CheckConfig, Report};
use qarin::glossary::Glossary;
use qarin::io::Output;
use qarin::model::{Bitext, Finding};
use qarin::report::{self, HtmlOptions, Layout, Review, TextOptions};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
Examples:
  qarin diff ar.txt en.txt
      side by side in the terminal, findings under each row
  qarin diff ar.txt en.txt --format html -o review.html
      one self-contained page: open it, print it, mail it
  qarin diff ar.txt en-v1.txt en-v2.txt --format html -o changes.html
      what the reviser changed, row by row, against the Arabic
  qarin diff ar.sent en.sent --segmented --format markdown > table.md
      a table to paste into a ticket

The terminal view puts the Arabic beside the English only where the terminal joins and orders
Arabic itself (GNOME Terminal/VTE >= 0.58, Konsole, mlterm, not inside tmux or screen) and is
wide enough; elsewhere each row's Arabic is printed on its own line above the English. Force
either with --layout. Colours only on a terminal, never with NO_COLOR set.";

/// Show the Arabic and the English aligned row by row, with the checker's findings and the
/// glossary's names; with REVISED, show what changed between two translations.
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The source text (Arabic).
    pub source: PathBuf,
    /// Its translation (English).
    pub target: PathBuf,
    /// A revised translation of the same source: rows then show the word-level changes
    /// from TARGET to REVISED.
    pub revised: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Terminal view: Arabic beside the English (columns), above it (stacked), or chosen
    /// from the terminal (auto).
    #[arg(long, value_enum, default_value = "auto")]
    pub layout: LayoutArg,
    /// Width of the terminal view in columns [default: the terminal's, or 100].
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
    /// Links scored below this are flagged as low-score.
    #[arg(long, default_value_t = report::LOW_SCORE, value_name = "SCORE")]
    pub low_score: f32,
    /// Write here instead of standard output (replaced whole, never half-written).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Html,
    Text,
    Markdown,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutArg {
    Auto,
    Columns,
    Stacked,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let output = Output::from_arg(args.output.as_deref());
    let mut inputs: Vec<&Path> = vec![&args.source, &args.target];
    inputs.extend(args.revised.as_deref());
    inputs.extend(args.input.extra_inputs());
    output.refuse_inputs(&inputs)?;

    let resources = args.input.resources()?;
    let compared = Compared::load(
        &args.source,
        &args.target,
        args.revised.as_deref(),
        &args.input,
        &resources,
    )?;
    let review = compared.review();
    let rendered = match args.format {
        Format::Html => report::html(
            &review,
            &HtmlOptions {
                low_score: args.low_score,
                ..HtmlOptions::default()
            },
        ),
        Format::Markdown => report::markdown(&review, args.low_score),
        Format::Text => report::text(&review, &text_options(&args, &output)),
    };
    output.write_with(|w| {
        w.write_all(rendered.as_bytes())
            .map_err(|e| qarin::Error::io("cannot write the report", e))
    })?;
    Ok(crate::status::OK)
}

/// The terminal decides colour, width and layout unless the flags do.
fn text_options(args: &Args, output: &Output) -> TextOptions {
    let tty = *output == Output::Stdout && std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = args.width.unwrap_or_else(|| {
        let term = tty
            .then(terminal_size::terminal_size)
            .flatten()
            .map(|(w, _)| w.0 as usize);
        term.unwrap_or(100)
    });
    let layout = match args.layout {
        LayoutArg::Columns => Layout::Columns,
        LayoutArg::Stacked => Layout::Stacked,
        LayoutArg::Auto => {
            if tty && report::terminal_shapes_arabic(|k| std::env::var(k).ok()) {
                Layout::Columns
            } else {
                Layout::Stacked
            }
        }
    };
    TextOptions {
        width,
        color: tty && !no_color,
        layout,
        low_score: args.low_score,
    }
}

/// The findings a view shows: all but `alignment-low`, which the view already shows as
/// a score bar and as rows with one side empty.
pub fn shown_findings(findings: &[Finding]) -> Vec<Finding> {
    findings
        .iter()
        .filter(|f| f.rule != qarin::check::ALIGNMENT_LOW)
        .cloned()
        .collect()
}

/// A source aligned with its translation (and, optionally, a revised translation), with the
/// checker's findings and the glossary's names: everything a side-by-side view shows.
pub struct Compared {
    pub bitext: Bitext,
    pub revised: Option<Bitext>,
    /// The checker's findings on `bitext` (not on the revision).
    pub check: Report,
    /// The findings the view shows: all but `alignment-low`, which the view already
    /// shows as a score bar and as rows with one side empty.
    pub shown: Vec<Finding>,
    pub highlights: report::Highlights,
}

impl Compared {
    pub fn load(
        source: &Path,
        target: &Path,
        revised: Option<&Path>,
        input: &InputArgs,
        resources: &Resources,
    ) -> anyhow::Result<Compared> {
        let glossary: &Glossary = &resources.glossary;
        let source = input.read_source(source)?;
        let target = input.read_target(target)?;
        let revised = revised.map(|p| input.read_target(p)).transpose()?;
        let bitext = resources.align(&source, &target);
        // The revision is aligned to the same source on its own; the report then cuts
        // rows where both alignments agree, so each row pairs one Arabic group with both.
        let revised = revised.map(|r| resources.align(&source, &r));
        let check = check_report(&bitext, glossary, &CheckConfig::default());
        let highlights = report::highlights(&bitext, revised.as_ref(), glossary);
        let shown = shown_findings(&check.findings);
        Ok(Compared {
            bitext,
            revised,
            check,
            shown,
            highlights,
        })
    }

    pub fn review(&self) -> Review<'_> {
        Review {
            revised: self.revised.as_ref(),
            ..Review::new(&self.bitext, &self.shown, &self.highlights)
        }
    }
}
