//! `qarin diff`: side-by-side view of source and target, and the diff of two translations.

use super::common::{InputArgs, Resources};
use super::output::{self, OutputFormat};
use qarin::check::{CheckConfig, Report};
use qarin::glossary::Glossary;
use qarin::io::Output;
use qarin::model::Bitext;
use qarin::report::{self, HtmlOptions, Layout, Review, TextOptions};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
Examples:
  qarin diff ar.txt en.txt
      side by side in the terminal, findings under each row
  qarin diff ar.txt en.txt -o review.html
      one self-contained page (format from .html): open it, print it, mail it
  qarin diff ar.txt en-v1.txt en-v2.txt -o changes.html
      what the reviser changed, row by row, against the Arabic
  qarin diff ar.sent en.sent --segmented --format markdown > table.md
      a table to paste into a ticket

The terminal view puts the Arabic beside the English only where the terminal joins and orders
Arabic itself (GNOME Terminal/VTE >= 0.58, Konsole, mlterm, not inside tmux or screen) and is
wide enough; elsewhere each row's Arabic is printed on its own line above the English. Force
either with --layout. Colours only on a terminal, never with NO_COLOR set, unless --color always.

Rows are numbered from 1 (#12 is link 12 of `qarin check` and of the JSON's link_number).
Exit status as `qarin check`: 0 no error-level finding, 1 at least one or texts that are
not translations of each other, 2 bad flags or unusable input.";

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
    /// Output format [default: from the extension of -o, else text].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Terminal view: Arabic beside the English (columns), above it (stacked), or chosen
    /// from the terminal (auto).
    #[arg(long, value_enum, default_value = "auto")]
    pub layout: LayoutArg,
    /// Width of the terminal view in columns [default: the terminal's, or 100].
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
    /// Links scored below this are flagged as low-score (and reported as alignment-low).
    #[arg(long, default_value_t = report::LOW_SCORE, value_name = "SCORE")]
    pub low_score: f32,
    /// Write here instead of standard output (replaced whole, never half-written).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub color: super::output::ColorArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// one self-contained page (.html, .htm)
    Html,
    /// the terminal view (.txt)
    Text,
    /// a table to paste into a ticket (.md, .markdown)
    Markdown,
}

impl OutputFormat for Format {
    const TABLE: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (Format::Html, "html", &["html", "htm"]),
        (Format::Text, "text", &["txt"]),
        (Format::Markdown, "markdown", &["md", "markdown"]),
    ];
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutArg {
    Auto,
    Columns,
    Stacked,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let output = Output::from_arg(args.output.as_deref());
    let format = output::choose(args.format, &output, Format::Text)?;
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
        args.low_score,
    )?;
    // Decided before anything is written, so a closed pipe keeps it.
    compared.status();
    let review = compared.review();
    let rendered = match format {
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
    Ok(crate::status::raised())
}

/// The terminal decides colour, width and layout unless the flags do.
fn text_options(args: &Args, output: &Output) -> TextOptions {
    let tty = *output == Output::Stdout && std::io::stdout().is_terminal();
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
        color: args.color.enabled(output),
        layout,
        low_score: args.low_score,
        bidi_marks: tty,
    }
}

/// A source aligned with its translation (and, optionally, a revised translation), with the
/// checker's findings and the glossary's names: everything a side-by-side view shows.
pub struct Compared {
    pub bitext: Bitext,
    pub revised: Option<Bitext>,
    /// The checker's findings on `bitext` (not on the revision): every view counts all of
    /// them the same way.
    pub check: Report,
    pub highlights: report::Highlights,
}

impl Compared {
    pub fn load(
        source: &Path,
        target: &Path,
        revised: Option<&Path>,
        input: &InputArgs,
        resources: &Resources,
        low_score: f32,
    ) -> anyhow::Result<Compared> {
        let glossary: &Glossary = &resources.glossary;
        let mut inputs = vec![source, target];
        inputs.extend(revised);
        super::common::one_stdin(&inputs)?;
        let (source, target) = input.read_pair(source, target)?;
        let revised = revised.map(|p| input.read_target(p)).transpose()?;
        let bitext = resources.align(&source, &target);
        // The revision is aligned to the same source on its own; the report then cuts
        // rows where both alignments agree, so each row pairs one Arabic group with both.
        let revised = revised.map(|r| resources.align(&source, &r));
        let config = CheckConfig {
            low_score,
            ..CheckConfig::default()
        };
        let check = resources.checker().check(&bitext, &config);
        Ok(Compared::with_revision(bitext, revised, check, glossary))
    }

    /// A pair already aligned and checked (by a corpus run).
    pub fn from_outcome(bitext: Bitext, check: Report, glossary: &Glossary) -> Compared {
        Compared::with_revision(bitext, None, check, glossary)
    }

    fn with_revision(
        bitext: Bitext,
        revised: Option<Bitext>,
        check: Report,
        glossary: &Glossary,
    ) -> Compared {
        let highlights = report::highlights(&bitext, revised.as_ref(), glossary);
        Compared {
            bitext,
            revised,
            check,
            highlights,
        }
    }

    /// The exit status of this pair (verdict, then findings), said and recorded.
    pub fn status(&self) -> u8 {
        let verdict = super::common::verdict_status(&self.bitext);
        verdict.max(super::common::findings_status(&self.check.summary))
    }

    pub fn review(&self) -> Review<'_> {
        Review {
            revised: self.revised.as_ref(),
            ..Review::new(&self.bitext, &self.check.findings, &self.highlights)
        }
    }
}
