//! `qarin glossary check|convert|show`.

use std::path::PathBuf;

/// Lint, convert and inspect glossary files.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Report every problem in a glossary file (file:line:column).
    Check { file: PathBuf },
    /// Convert between TSV, CSV and TBX (by extension).
    Convert { input: PathBuf, output: PathBuf },
    /// Show what qarin understood from a glossary file.
    Show {
        file: PathBuf,
        #[arg(long, default_value = "text")]
        format: String,
    },
}

pub fn run(_cmd: Command) -> anyhow::Result<u8> {
    anyhow::bail!("`qarin glossary` is not built yet (issue #3)")
}
