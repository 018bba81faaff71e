//! One module per subcommand, each with its clap `Args` and a `run` that returns the exit
//! status. Shared flags live in `common`.

pub mod align;
pub mod check;
pub mod common;
pub mod completions;
pub mod convert;
pub mod corpus;
pub mod diff;
pub mod edit;
pub mod eval;
pub mod export;
pub mod glossary;
pub mod man;
pub mod output;
pub mod review;
pub mod segment;
pub mod terms;

use clap::{Parser, Subcommand};

/// The one line of `qarin -h` and of the manual page's NAME.
const SHORT_ABOUT: &str =
    "Arabic–English news bitexts: segment, align, check names, export TMX/XLIFF, review";

const ABOUT: &str = "\
qarin (قارِن, \"compare\") turns an Arabic news text and its English translation into what
translators use: sentences, aligned pairs with confidence scores, name checks, translation
memories (TMX), review files (XLIFF) and a side-by-side view.";

const AFTER_HELP: &str = "\
Examples:
  qarin review ar.txt en.txt -o review/     the whole job: align, check, TMX, XLIFF, HTML
  qarin segment ar.txt                      one sentence per line
  qarin align ar.txt en.txt --format tmx -o memory.tmx
  qarin check ar.txt en.txt                 names spelled as the glossary says?
  qarin edit review/                        correct the alignment in the browser, save the TMX
  qarin completions bash > ~/.local/share/bash-completion/completions/qarin
  qarin man | man -l -                      this manual as a man page (--dir DIR: every page)

Every command has --help with worked examples. `-` reads standard input or writes
standard output. Exit status: 0 ok, 1 error-level findings, 2 bad flags or unreadable input.";

#[derive(Parser, Debug)]
#[command(name = "qarin", version, about = SHORT_ABOUT, long_about = ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Review(review::Args),
    Segment(segment::Args),
    Align(align::Args),
    Check(check::Args),
    Terms(terms::Args),
    #[command(
        subcommand,
        after_help = "\
Examples:
  qarin glossary check desk.tsv             every problem as FILE:LINE:COLUMN: what to fix
  qarin glossary convert desk.tsv -o desk.tbx   TSV, CSV and TBX, by extension
  qarin glossary show desk.tsv              what qarin understood (without FILE: the built-in)"
    )]
    Glossary(glossary::Command),
    Export(export::Args),
    Convert(convert::Args),
    Diff(diff::Args),
    Edit(edit::Args),
    #[command(
        subcommand,
        after_help = "\
Examples:
  qarin eval segment --gold ../shared/data/seg/pud/test.jsonl
  qarin eval align --source a.ar --target a.en --gold a.links   strict and lax F1

Figures, the commands that made them and the peers measured beside them: docs/evaluation.md."
    )]
    Eval(eval::Command),
    Completions(completions::Args),
    Man(man::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Review(args) => review::run(args),
        Command::Segment(args) => segment::run(args),
        Command::Align(args) => align::run(args),
        Command::Check(args) => check::run(args),
        Command::Terms(args) => terms::run(args),
        Command::Glossary(cmd) => glossary::run(cmd),
        Command::Export(args) => export::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Edit(args) => edit::run(args),
        Command::Eval(cmd) => eval::run(cmd),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}
