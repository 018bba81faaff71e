//! `qarin completions SHELL`: a completion script built from the same clap definitions as
//! `--help`, so every subcommand, flag and `--format` value completes as it is parsed.

use super::Cli;
use clap::CommandFactory;
use clap_complete::Shell;
use qarin::io::Output;
use std::path::PathBuf;

/// Print a completion script for bash, zsh, fish, PowerShell or elvish.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  qarin completions bash > ~/.local/share/bash-completion/completions/qarin
  qarin completions zsh -o ~/.zfunc/_qarin          then fpath+=~/.zfunc in ~/.zshrc
  qarin completions fish -o ~/.config/fish/completions/qarin.fish
  qarin completions powershell >> $PROFILE

The script completes subcommands, flags and the values of --format, --layout and the
other flags with a fixed list; file arguments complete as paths.")]
pub struct Args {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: Shell,
    /// Write the script here instead of standard output (replaced whole).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let output = Output::from_arg(args.output.as_deref());
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "qarin", &mut script);
    output.write_with(|w| {
        w.write_all(&script)
            .map_err(|e| qarin::Error::io("cannot write the completion script", e))
    })?;
    Ok(crate::status::OK)
}
