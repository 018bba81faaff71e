//! `qarin review`: the whole job in one command.

use super::common::GlossaryArgs;
use std::path::PathBuf;

/// Align, check and export: write the bitext JSON, TMX, XLIFF, findings and the
/// side-by-side HTML into one folder and print a summary.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub source: PathBuf,
    pub target: PathBuf,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    #[arg(short, long, value_name = "DIR", default_value = "qarin-review")]
    pub output: PathBuf,
}

pub fn run(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("`qarin review` is not built yet (issue #7)")
}
