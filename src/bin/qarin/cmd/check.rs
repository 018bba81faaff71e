//! `qarin check`: names, numbers and Latin tokens of the source found in the target.

use super::common::GlossaryArgs;
use std::path::PathBuf;

/// Check that every name of the source reaches the translation, spelled one way, the right way.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub source: PathBuf,
    pub target: Option<PathBuf>,
    #[arg(long)]
    pub segmented: bool,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    #[arg(long, default_value = "text")]
    pub format: String,
    /// Silence a rule (repeatable).
    #[arg(long, value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Findings accepted earlier (JSON from `check --format json`) are not reported again.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("`qarin check` is not built yet (issue #5)")
}
