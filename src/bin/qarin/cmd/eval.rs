//! `qarin eval segment|align`: accuracy against gold files.

use std::path::PathBuf;

/// Measure accuracy against gold data.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Sentence boundaries: precision, recall, F1, exact documents (seg_score.py's definition).
    Segment {
        #[arg(long, num_args = 1..)]
        gold: Vec<PathBuf>,
        #[arg(long)]
        lang: Option<String>,
    },
    /// Links: strict and lax precision, recall, F1 (vecalign's definition).
    Align {
        #[arg(long, num_args = 1..)]
        gold: Vec<PathBuf>,
        #[arg(long, num_args = 1..)]
        pred: Vec<PathBuf>,
    },
}

pub fn run(_cmd: Command) -> anyhow::Result<u8> {
    anyhow::bail!("`qarin eval` is not built yet (issues #2, #4)")
}
