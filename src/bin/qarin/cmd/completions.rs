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

/// The extension each shell's scripts are named with, where they have one.
const EXTENSIONS: &[(Shell, &str)] = &[
    (Shell::Bash, "bash"),
    (Shell::Zsh, "zsh"),
    (Shell::Fish, "fish"),
    (Shell::PowerShell, "ps1"),
    (Shell::Elvish, "elv"),
];

pub fn run(args: Args) -> anyhow::Result<u8> {
    let output = Output::from_arg(args.output.as_deref());
    // Any name will do (`_qarin`, `qarin`), but one naming another shell is a slip.
    if let Output::File(path) = &output {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if let Some((named, _)) = EXTENSIONS.iter().find(|(_, e)| ext.as_deref() == Some(*e)) {
            if *named != args.shell {
                anyhow::bail!(qarin::Error::usage(format!(
                    "{} is named for {named}, but this is the {} script; name it for {} or \
                     ask for `qarin completions {named}`",
                    path.display(),
                    args.shell,
                    args.shell
                )));
            }
        }
    }
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "qarin", &mut script);
    output.write_with(|w| {
        w.write_all(&script)
            .map_err(|e| qarin::Error::io("cannot write the completion script", e))
    })?;
    Ok(crate::status::OK)
}
