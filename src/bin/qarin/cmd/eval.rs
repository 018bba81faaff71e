//! `qarin eval segment|align`: accuracy against gold files.

use qarin::segment::eval::{evaluate, read_gold_file};
use std::path::PathBuf;

/// Measure accuracy against gold data.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Sentence boundaries: precision, recall, F1, exact documents (seg_score.py's definition).
    #[command(after_help = "\
Each gold file holds {\"id\",\"text\",\"sentences\":[...]} per line (the sets in
../shared/data/seg/). qarin segments every text and compares boundaries as positions in
the non-whitespace characters (NFC), as ../shared/tools/seg_score.py does.

Example:
  qarin eval segment --gold ../shared/data/seg/padt/test.jsonl ../shared/data/seg/ewt/dev.jsonl
      ../shared/data/seg/padt/test.jsonl: P=… R=… F1=… exact_docs=…/68 (…) tp=… fp=… fn=…")]
    Segment {
        /// Gold JSONL files; each is scored on its own.
        #[arg(long, num_args = 1.., required = true)]
        gold: Vec<PathBuf>,
        /// Language of every text (ar, en, …); default: a record's own "lang", else
        /// detected from its script.
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

pub fn run(cmd: Command) -> anyhow::Result<u8> {
    match cmd {
        Command::Segment { gold, lang } => {
            let lang = match lang {
                Some(l) => super::segment::parse_lang(&l)?,
                None => None,
            };
            for path in &gold {
                let docs = read_gold_file(path)?;
                let s = evaluate(&docs, lang.as_ref());
                println!(
                    "{}: P={:.4} R={:.4} F1={:.4} exact_docs={}/{} ({:.4}) tp={} fp={} fn={} \
                     text_mismatch_docs={} missing_docs={}",
                    path.display(),
                    s.precision,
                    s.recall,
                    s.f1,
                    s.exact_docs,
                    s.docs,
                    s.exact_doc_share,
                    s.tp,
                    s.fp,
                    s.fn_,
                    s.text_mismatch_docs,
                    s.missing_docs
                );
            }
            Ok(0)
        }
        Command::Align { .. } => anyhow::bail!("`qarin eval align` is not built yet (issue #4)"),
    }
}
