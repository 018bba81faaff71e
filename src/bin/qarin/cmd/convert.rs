//! `qarin convert`: read TMX/XLIFF/TSV/JSON and write another of them.

use super::export::{output_format, read_bitext, write_bitext};
use qarin::formats::{ExportOptions, Format};
use qarin::io::Output;
use qarin::Lang;
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  qarin convert memory.tmx memory.xlf          TMX to XLIFF 1.2
  qarin convert review.xlf pairs.tsv           XLIFF 1.2 or 2.x (version read from the file)
  qarin convert old.tmx new.tmx                re-write a TMX 1.1-1.4 as valid TMX 1.4b
  qarin convert pairs.tsv - --to tmx --source-lang ar-SA --target-lang en-US

Formats come from the extensions (.tmx .xlf .xliff .tsv .json); --from/--to force them.
Conversion keeps every unit, unpaired and repeated ones included. Inline markup becomes
text placeholders ({1}…{/1}, {2/}); DTD entities are never expanded.";

/// Convert between bitext formats (by extension, or --from/--to).
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    pub input: PathBuf,
    /// Output file, `-` for standard output.
    pub output: PathBuf,
    /// Output format: tmx | xliff | xliff2 | tsv | json (default: from OUTPUT's extension).
    #[arg(long)]
    pub to: Option<String>,
    /// Input format (default: from INPUT's extension).
    #[arg(long)]
    pub from: Option<String>,
    /// BCP 47 tag to write for the source language (TSV input has none: default ar).
    #[arg(long, value_name = "TAG")]
    pub source_lang: Option<String>,
    /// BCP 47 tag to write for the target language (TSV input has none: default en).
    #[arg(long, value_name = "TAG")]
    pub target_lang: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let output = Output::from_arg(Some(&args.output));
    if args.to.is_none() && matches!(&output, Output::File(p) if Format::from_path(p).is_none()) {
        anyhow::bail!(
            "cannot tell the output format from `{}`; name it .tmx, .xlf, .tsv or .json, or give --to",
            args.output.display()
        );
    }
    let format = output_format(args.to.as_deref(), &output)?;
    let from = args.from.as_deref().map(str::parse::<Format>).transpose()?;
    let bitext = read_bitext(&args.input, from)?;
    let opts = ExportOptions {
        include_unpaired: true,
        include_boilerplate: true,
        keep_duplicates: true,
        source_lang: args.source_lang.as_deref().map(Lang::new),
        target_lang: args.target_lang.as_deref().map(Lang::new),
        ..ExportOptions::default()
    };
    write_bitext(&bitext, format, &opts, &output, &[args.input.as_path()])?;
    Ok(crate::status::OK)
}
