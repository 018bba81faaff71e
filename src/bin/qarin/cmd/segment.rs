//! `qarin segment`: split Arabic or English text into sentences.

use std::path::PathBuf;

/// Split a text into sentences, one per line (or JSON with byte spans).
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  qarin segment samples/ankara-2022-11-14/ar.txt
  qarin segment --lang en --format json en.txt
  cat gold.jsonl | qarin segment --jsonl - > pred.jsonl")]
pub struct Args {
    /// Text file to split; `-` for standard input.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    /// Language of the text: ar, en, or auto (decide from the script).
    #[arg(long, default_value = "auto")]
    pub lang: String,
    /// Output: lines (one sentence per line) or json (sentences with spans and paragraphs).
    #[arg(long, default_value = "lines")]
    pub format: String,
    /// Read JSON lines {"id","text"[,"lang"]} and write {"id","sentences":[...]} per line.
    #[arg(long)]
    pub jsonl: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("`qarin segment` is not built yet (issue #2)")
}
