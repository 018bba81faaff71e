//! `qarin align`: pair source and target sentences into scored links.

use super::common::InputArgs;
use super::export::{BitextFormat, ExportArgs};
use super::output::{self, OutputFormat};
use anyhow::Context;
use qarin::align as aligner;
use qarin::io::Output;
use qarin::Bitext;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Align an Arabic text with its English translation.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  qarin align samples/ankara-2022-11-14/ar.txt samples/ankara-2022-11-14/en.txt
      links, one per line: [source sentences]:[target sentences]:score, 0-based
      (vecalign's format, for scripts and `qarin eval align`)
      [0]:[]:0.733          the site banner: no English counterpart
      [2]:[0]:0.960         the headline
      [7]:[4, 5]:0.821      one Arabic sentence translated by two English ones

  qarin align ar.txt en.txt --format text          a readable listing, numbered from 1
  qarin align ar.txt en.txt -o memory.tmx          a translation memory (format from .tmx)
  qarin align ar.txt en.txt --format json -o bitext.json
      both sentence lists with byte spans, the links, scores and the verdict: the
      input of `qarin check`, `qarin export` and `qarin review`
  qarin align --segmented --source-lang de --target-lang fr --no-default-glossary \\
      text.de text.fr         inputs already one sentence per line

  qarin align archive/ar archive/en -o out/     two folders, files paired by name
  qarin align --manifest pairs.tsv --format tmx -o out/
      every pair on every core (-j N to choose): out/ID.json (and out/ID.tmx for
      --format tmx), then out/corpus.tmx (each unit once, with x-count), out/corpus.xlf,
      out/findings.json and out/summary.tsv; --resume keeps pairs already done
  qarin align --jsonl < records.jsonl > results.jsonl
      {\"id\", \"source\", \"target\"} per line in, {\"id\", \"bitext\", \"findings\",
      \"summary\", \"verdict\"} per line out: Hadoop Streaming, Spark RDD.pipe() (docs/corpus.md)

Scores are in [0, 1]: links scored at least 0.5 are right far more often than links
below (see docs/evaluation.md). When the texts do not look like translations of each
other, qarin says so on standard error, scales every score down and exits with 1.")]
pub struct Args {
    /// Source text (Arabic by default); `-` for standard input; or a folder of them.
    #[arg(required_unless_present_any = ["manifest", "jsonl"])]
    pub source: Option<PathBuf>,
    /// Target text (English by default), or a folder of translations named as the sources.
    #[arg(required_unless_present_any = ["manifest", "jsonl"])]
    pub target: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub batch: super::corpus::BatchArgs,
    /// Output format [default: from the extension of -o, else links]. TSV, TMX and XLIFF
    /// are written as `qarin export` writes them.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file (replaced only once complete) instead of standard output; the
    /// folder to write into for many pairs.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub export: ExportArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `[3]:[4, 5]:0.912` per link, 0-based (vecalign's format; .links)
    Links,
    /// the bitext: sentences with spans, links, scores, verdict (.json)
    Json,
    /// a readable listing, links and sentences numbered from 1 (.txt)
    Text,
    /// tab-separated score, source, target (.tsv)
    Tsv,
    /// TMX 1.4b translation memory (.tmx)
    Tmx,
    /// XLIFF 1.2 review file (.xlf, .xliff)
    #[value(alias = "xliff12", alias = "xlf")]
    Xliff,
    /// XLIFF 2.1
    #[value(alias = "xliff21")]
    Xliff2,
}

impl OutputFormat for Format {
    const TABLE: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (Format::Links, "links", &["links"]),
        (Format::Json, "json", &["json"]),
        (Format::Text, "text", &["txt"]),
        (Format::Tsv, "tsv", &["tsv", "tab"]),
        (Format::Tmx, "tmx", &["tmx"]),
        (Format::Xliff, "xliff", &["xlf", "xliff"]),
        (Format::Xliff2, "xliff2", &[]),
    ];
}

/// The outputs only `qarin align` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Listing {
    Links,
    Json,
    Text,
}

impl Format {
    /// Which writer: align's own listing, or the exporter `qarin export` uses too.
    fn writer(self) -> Result<Listing, BitextFormat> {
        match self {
            Format::Links => Ok(Listing::Links),
            Format::Json => Ok(Listing::Json),
            Format::Text => Ok(Listing::Text),
            Format::Tsv => Err(BitextFormat::Tsv),
            Format::Tmx => Err(BitextFormat::Tmx),
            Format::Xliff => Err(BitextFormat::Xliff),
            Format::Xliff2 => Err(BitextFormat::Xliff2),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let (source, target) = (args.source.as_deref(), args.target.as_deref());
    if let Some(many) = super::corpus::many(source, target, &args.batch)? {
        return run_corpus(&args, many);
    }
    let (Some(source), Some(target)) = (source, target) else {
        anyhow::bail!("give SOURCE and TARGET, two folders, --manifest FILE or --jsonl");
    };
    let output = Output::from_arg(args.output.as_deref());
    let format = output::choose(args.format, &output, Format::Links)?;
    let mut inputs = vec![source, target];
    inputs.extend(args.input.extra_inputs());
    output.refuse_inputs(&inputs)?;
    let paths = [source, target];
    let (source, target) = args.input.read_pair(paths[0], paths[1])?;
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
    // Decided before anything is written, so a closed pipe ends with the same status.
    let code = super::common::verdict_status(&bitext);

    match format.writer() {
        Err(exported) => {
            let options = args.export.options(Vec::new());
            super::export::write_bitext(&bitext, exported.into(), &options, &output, &paths)?;
        }
        Ok(listing) => output
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
    Ok(code)
}

/// Many pairs: `--jsonl` records, or two folders / a manifest into the folder `-o DIR`,
/// each pair's bitext (and `--format`'s file) beside the corpus files.
fn run_corpus(args: &Args, many: super::corpus::Many) -> anyhow::Result<u8> {
    let resources = args.input.resources()?;
    let checker = resources.checker();
    let check = qarin::check::CheckConfig {
        low_score: args.export.low_score,
        ..qarin::check::CheckConfig::default()
    };
    let super::corpus::Many::Pairs(pairs, unmatched) = many else {
        let job = super::corpus::job(&args.input, &resources, &checker, check)?;
        return super::corpus::run_jsonl(&job, args.batch.threads());
    };
    let input = super::corpus::site_learned(&args.input, &pairs)?;
    let job = super::corpus::job(&input, &resources, &checker, check)?;
    let dir = super::corpus::output_dir(args.output.as_deref(), Format::TABLE)?;
    // Each pair's bitext is written as JSON whatever the format (it is what --resume and
    // `qarin export` read back); another --format adds a file of its own.
    let format = args.format.unwrap_or(Format::Json);
    let extension = Format::TABLE
        .iter()
        .find(|(f, _, _)| *f == format)
        .and_then(|(_, _, exts)| exts.first().copied())
        .unwrap_or("xlf");
    let options = args.export.options(Vec::new());
    let per_pair = super::corpus::PerPair::Align(pair_writer(format, options.clone()), extension);
    super::corpus::run_pairs(
        &job,
        pairs,
        unmatched,
        &dir,
        &per_pair,
        &args.batch,
        &options,
        &resources.glossary,
    )
}

/// Writes one pair of a corpus run in `format`.
fn pair_writer(
    format: Format,
    options: qarin::formats::ExportOptions,
) -> super::corpus::PairWriter {
    Box::new(move |bitext: &Bitext, path: &Path| {
        qarin::io::write_atomic(path, |w| match format.writer() {
            Err(exported) => qarin::formats::writer(exported.into(), &options)
                .write(bitext, w)
                .map(|_| ()),
            Ok(listing) => write(bitext, listing, w)
                .map_err(|e| qarin::Error::io("cannot write the alignment", e)),
        })?;
        Ok(())
    })
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

/// One block per link, numbered from 1 as in every view: the sentence numbers of each
/// side (also from 1), shape and score, then each side's sentences.
fn write_text(bitext: &Bitext, out: &mut dyn Write) -> std::io::Result<()> {
    if let Some(v) = &bitext.verdict {
        writeln!(out, "# {}", v.message)?;
    }
    let (sl, tl) = (bitext.source.lang.as_str(), bitext.target.lang.as_str());
    for (k, link) in bitext.links.iter().enumerate() {
        let ids = |lang: &str, r: &std::ops::Range<u32>| -> String {
            match r.len() {
                0 => format!("{lang} —"),
                1 => format!("{lang} {}", r.start + 1),
                _ => format!("{lang} {}–{}", r.start + 1, r.end),
            }
        };
        writeln!(
            out,
            "\n#{}  {} ↔ {}  {}  score {:.3}",
            k + 1,
            ids(sl, &link.src),
            ids(tl, &link.tgt),
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
