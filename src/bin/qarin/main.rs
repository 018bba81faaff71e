//! The `qarin` command line: parse flags, call the library once, print, pick the exit code.
//! This is the only code in the project that prints or exits.

mod cmd;

use clap::Parser;
use std::process::ExitCode;

/// Exit statuses shared by every subcommand: scripts rely on them.
pub mod status {
    /// Nothing to report, or only warnings and notes.
    pub const OK: u8 = 0;
    /// The run worked and found at least one error-level finding.
    pub const FINDINGS: u8 = 1;
    /// Bad flags or unreadable input: nothing useful was produced.
    pub const INPUT_ERROR: u8 = 2;
}

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::from(status::OK);
            }
            eprintln!("qarin: {err:#}");
            ExitCode::from(status::INPUT_ERROR)
        }
    }
}

/// `qarin segment big.txt | head` must end quietly, as ripgrep does.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let io = cause
            .downcast_ref::<std::io::Error>()
            .or_else(|| cause.downcast_ref::<qarin::Error>()?.io_error());
        io.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
