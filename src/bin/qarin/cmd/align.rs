//! `qarin align`: pair source and target sentences into scored links.

use super::common::GlossaryArgs;
use std::path::PathBuf;

/// Align an Arabic text with its English translation.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub source: PathBuf,
    pub target: PathBuf,
    /// Inputs are already one sentence per line.
    #[arg(long)]
    pub segmented: bool,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    #[arg(long, default_value = "ar")]
    pub source_lang: String,
    #[arg(long, default_value = "en")]
    pub target_lang: String,
    /// links | json | tsv | text (and, with the exporters, tmx | xliff | xliff2)
    #[arg(long, default_value = "links")]
    pub format: String,
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("`qarin align` is not built yet (issue #4)")
}
