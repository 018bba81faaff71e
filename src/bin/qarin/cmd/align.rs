//! `qarin align`: pair source and target sentences into scored links.

use super::common::InputArgs;
use anyhow::Context;
use qarin::align as aligner;
use qarin::io::Output;
use qarin::{Bitext, VerdictKind};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Align an Arabic text with its English translation.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  qarin align samples/ankara-2022-11-14/ar.txt samples/ankara-2022-11-14/en.txt
      links, one per line: [source sentences]:[target sentences]:score
      [0]:[]:0.733          the site banner: no English counterpart
      [2]:[0]:0.960         the headline
      [7]:[4, 5]:0.821      one Arabic sentence translated by two English ones

  qarin align ar.txt en.txt --format text          a readable listing, sentence by sentence
  qarin align ar.txt en.txt --format tmx -o memory.tmx     a translation memory
  qarin align ar.txt en.txt --format json -o bitext.json
      both sentence lists with byte spans, the links, scores and the verdict: the
      input of `qarin check`, `qarin export` and `qarin review`
  qarin align --segmented --source-lang de --target-lang fr --no-default-glossary \\
      text.de text.fr         inputs already one sentence per line

Scores are in [0, 1]: links scored at least 0.5 are right far more often than links
below (see docs/evaluation.md). When the texts do not look like translations of each
other, qarin says so on standard error, scales every score down and exits with 1.")]
pub struct Args {
    /// Source text (Arabic by default); `-` for standard input.
    pub source: PathBuf,
    /// Target text (English by default).
    pub target: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    /// links | json | text, or an exporter format: tsv | tmx | xliff (1.2) | xliff2 (2.1),
    /// written as `qarin export` writes them (1-0 and 0-1 links left out of TMX and TSV).
    #[arg(long, default_value = "links")]
    pub format: String,
    /// Write to this file (replaced only once complete) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Listing(Listing),
    /// TSV, TMX, XLIFF 1.2 or 2.1, written by the exporters as `qarin export` writes them.
    Export(qarin::formats::Format),
}

/// The outputs only `qarin align` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Listing {
    Links,
    Json,
    Text,
}

fn parse_format(name: &str) -> anyhow::Result<Format> {
    match name {
        "links" => Ok(Format::Listing(Listing::Links)),
        "json" => Ok(Format::Listing(Listing::Json)),
        "text" => Ok(Format::Listing(Listing::Text)),
        other => match other.parse::<qarin::formats::Format>() {
            Ok(format) => Ok(Format::Export(format)),
            Err(_) => anyhow::bail!(
                "unknown --format `{other}`; use links, json, text, tsv, tmx, xliff or xliff2"
            ),
        },
    }
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let format = parse_format(&args.format)?;
    let output = Output::from_arg(args.output.as_deref());
    let mut inputs = vec![args.source.as_path(), args.target.as_path()];
    inputs.extend(args.input.extra_inputs());
    output.refuse_inputs(&inputs)?;
    anyhow::ensure!(
        !(args.source == Path::new("-") && args.target == Path::new("-")),
        "only one of SOURCE and TARGET can be standard input"
    );
    let source = args.input.read_source(&args.source)?;
    let target = args.input.read_target(&args.target)?;
    let resources = args.input.resources()?;

    let sentences = source.segments.len() + target.segments.len();
    let show_progress = sentences > 20_000 && std::io::stderr().is_terminal();
    let mut last = -1i32;
    let mut progress = |f: f32| {
        let pct = (f * 100.0) as i32;
        if show_progress && pct != last {
            last = pct;
            eprint!("\raligning {sentences} sentences: {pct:>3}%");
        }
    };
    let bitext = resources.align_with_progress(&source, &target, &mut progress);
    if show_progress {
        eprintln!();
    }

    match format {
        Format::Export(format) => {
            let options = qarin::formats::ExportOptions::default();
            super::export::write_bitext(
                &bitext,
                format,
                &options,
                &output,
                &[&args.source, &args.target],
            )?;
        }
        Format::Listing(listing) => output
            .write_with(|w| {
                write(&bitext, listing, w)
                    .map_err(|e| qarin::Error::io("cannot write the alignment", e))
            })
            .with_context(|| {
                format!(
                    "writing {}",
                    args.output.as_deref().unwrap_or(Path::new("-")).display()
                )
            })?,
    }

    match &bitext.verdict {
        Some(v) if v.kind == VerdictKind::NotParallel => {
            eprintln!("qarin: warning: {}", v.message);
            Ok(1)
        }
        Some(v) if v.kind == VerdictKind::Doubtful => {
            eprintln!("qarin: note: {}", v.message);
            Ok(0)
        }
        _ => Ok(0),
    }
}

fn write(bitext: &Bitext, listing: Listing, out: &mut dyn Write) -> std::io::Result<()> {
    match listing {
        Listing::Links => aligner::eval::write_links(&bitext.links, out),
        Listing::Json => {
            serde_json::to_writer_pretty(&mut *out, bitext)?;
            writeln!(out)
        }
        Listing::Text => write_text(bitext, out),
    }
}

/// One block per link: indices, shape and score, then each side's sentences.
fn write_text(bitext: &Bitext, out: &mut dyn Write) -> std::io::Result<()> {
    if let Some(v) = &bitext.verdict {
        writeln!(out, "# {}", v.message)?;
    }
    let (sl, tl) = (bitext.source.lang.as_str(), bitext.target.lang.as_str());
    for (k, link) in bitext.links.iter().enumerate() {
        let ids = |r: &std::ops::Range<u32>| -> String {
            let v: Vec<String> = r.clone().map(|i| i.to_string()).collect();
            format!("[{}]", v.join(", "))
        };
        writeln!(
            out,
            "\n#{k}  {} ↔ {}  {}  score {:.3}",
            ids(&link.src),
            ids(&link.tgt),
            qarin::model::link_type(link),
            link.score
        )?;
        let src = bitext.source_text(link);
        let tgt = bitext.target_text(link);
        writeln!(out, "  {sl}: {}", if src.is_empty() { "—" } else { &src })?;
        writeln!(out, "  {tl}: {}", if tgt.is_empty() { "—" } else { &tgt })?;
    }
    Ok(())
}
