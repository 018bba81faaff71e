//! `qarin diff`: side-by-side view of source and target, and the diff of two translations.

use super::common::GlossaryArgs;
use std::path::PathBuf;

/// Show the Arabic and the English aligned row by row, with findings; with REVISED, show
/// what changed between two translations.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub source: PathBuf,
    pub target: PathBuf,
    pub revised: Option<PathBuf>,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    #[arg(long, default_value = "text")]
    pub format: String,
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("`qarin diff` is not built yet (issue #7)")
}
