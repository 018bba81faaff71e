//! `qarin convert`: read TMX/XLIFF/TSV/JSON and write another of them.

use super::export::{read_bitext, write_bitext, BitextFormat};
use super::output;
use qarin::formats::{ExportOptions, Format};
use qarin::io::Output;
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  qarin convert memory.tmx -o memory.xlf       TMX to XLIFF 1.2
  qarin convert memory.tmx memory.xlf          the same: OUTPUT may also be given second
  qarin convert review.xlf -o pairs.tsv        XLIFF 1.2 or 2.x (version read from the file)
  qarin convert old.tmx -o new.tmx             re-write a TMX 1.1-1.4 as valid TMX 1.4b
  qarin convert pairs.tsv --format tmx --source-lang ar-SA --target-lang en-US
                                               to standard output (needs --format)

Formats come from the extensions (.tmx .xlf .xliff .tsv .json); --input-format and
--format force them. Conversion keeps every unit, unpaired and repeated ones included.
Inline markup becomes text placeholders ({1}…{/1}, {2/}); DTD entities are never expanded.";

/// Convert between bitext formats (by extension, or --input-format/--format).
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The bitext to read: TMX, XLIFF 1.2/2.x, TSV or qarin's JSON; `-` for standard input.
    pub input: PathBuf,
    /// Where to write (same as -o, kept for scripts that give it second); `-` for
    /// standard output.
    #[arg(value_name = "OUTPUT", conflicts_with = "output")]
    pub output_positional: Option<PathBuf>,
    /// Where to write; `-` or none: standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format [default: from the extension of the output].
    #[arg(long, visible_alias = "to", value_enum)]
    pub format: Option<BitextFormat>,
    /// Input format [default: from INPUT's extension, else JSON].
    #[arg(long, visible_alias = "from", value_enum)]
    pub input_format: Option<BitextFormat>,
    /// BCP 47 tag to write for the source language (TSV input has none: default ar).
    #[arg(long, value_name = "TAG", value_parser = super::common::language_tag)]
    pub source_lang: Option<String>,
    /// BCP 47 tag to write for the target language (TSV input has none: default en).
    #[arg(long, value_name = "TAG", value_parser = super::common::language_tag)]
    pub target_lang: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let output = Output::from_arg(args.output.as_deref().or(args.output_positional.as_deref()));
    let format: Format = output::choose_required(args.format, &output)?.into();
    let from = args.input_format.map(Format::from);
    let bitext = read_bitext(&args.input, from)?;
    let opts = ExportOptions {
        include_unpaired: true,
        include_boilerplate: true,
        keep_duplicates: true,
        source_lang: super::common::lang_flag(args.source_lang.as_deref(), "--source-lang")?,
        target_lang: super::common::lang_flag(args.target_lang.as_deref(), "--target-lang")?,
        ..ExportOptions::default()
    };
    write_bitext(&bitext, format, &opts, &output, &[args.input.as_path()])?;
    Ok(crate::status::OK)
}
