//! `qarin convert`: read TMX/XLIFF/TSV/JSON and write another of them.

use std::path::PathBuf;

/// Convert between bitext formats (by extension, or --to).
#[derive(clap::Args, Debug)]
pub struct Args {
    pub input: PathBuf,
    pub output: PathBuf,
}

pub fn run(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("`qarin convert` is not built yet (issue #6)")
}
