//! `qarin export`: write a bitext JSON (from `qarin align --format json`) as TMX, XLIFF, TSV.

use std::path::PathBuf;

/// Write an aligned bitext as a translation memory or a review file.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub bitext: PathBuf,
    #[arg(long, default_value = "tmx")]
    pub format: String,
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("`qarin export` is not built yet (issue #6)")
}
