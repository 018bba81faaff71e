//! `qarin terms`: list every glossary entity found in a text.

use super::common::GlossaryArgs;
use std::path::PathBuf;

/// List glossary names and terms found in a text, with sentence and byte span.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(default_value = "-")]
    pub input: PathBuf,
    #[arg(long, default_value = "auto")]
    pub lang: String,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    #[arg(long, default_value = "text")]
    pub format: String,
}

pub fn run(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("`qarin terms` is not built yet (issue #3)")
}
