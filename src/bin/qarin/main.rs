//! The `qarin` command line: parse flags, call the library once, print, pick the exit code.
//! This is the only code in the project that prints or exits.

mod cmd;

use clap::Parser;
use std::process::ExitCode;

/// The one exit-code rule of every subcommand; scripts rely on it.
///
/// A command decides its status from what it found *before* it writes its output, and
/// tells [`status::raise`] at once. So when the reader of standard output goes away
/// (`qarin check … | head`), the run ends quietly with the status it would have had,
/// as ripgrep does, instead of a "Broken pipe" message or a status the full run would
/// not have given.
pub mod status {
    use std::sync::atomic::{AtomicU8, Ordering};

    /// Nothing to report, or only warnings and notes.
    pub const OK: u8 = 0;
    /// The run worked and found at least one error-level finding, or the two texts are
    /// not translations of each other.
    pub const FINDINGS: u8 = 1;
    /// Bad flags or unusable input: nothing useful was produced.
    pub const INPUT_ERROR: u8 = 2;

    static RAISED: AtomicU8 = AtomicU8::new(OK);

    /// Records that this run ends with at least `code`, and returns `code`.
    pub fn raise(code: u8) -> u8 {
        RAISED.fetch_max(code, Ordering::Relaxed);
        code
    }

    /// The most serious status recorded so far.
    pub fn raised() -> u8 {
        RAISED.load(Ordering::Relaxed)
    }
}

/// What Ctrl-C, SIGTERM and SIGHUP do: remove the temporary files being written and end
/// the process (status 130, as a shell reports an interrupted command), unless a command
/// asked to be told instead ([`interrupt::notify`], `qarin edit` finishing a request).
pub mod interrupt {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, OnceLock};

    static NOTIFY: OnceLock<Arc<AtomicBool>> = OnceLock::new();

    /// Installs the handler; a failure (no signal support) leaves the default behaviour.
    pub fn install() {
        let _ = ctrlc::set_handler(|| {
            if let Some(flag) = NOTIFY.get() {
                flag.store(true, Ordering::SeqCst);
                return;
            }
            qarin::io::remove_temporary_files();
            std::process::exit(130);
        });
    }

    /// From now on a signal sets `flag` and the command stops by itself.
    pub fn notify(flag: Arc<AtomicBool>) {
        let _ = NOTIFY.set(flag);
    }
}

fn main() -> ExitCode {
    interrupt::install();
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => ExitCode::from(code.max(status::raised())),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::from(status::raised());
            }
            eprintln!("qarin: {err:#}");
            ExitCode::from(status::INPUT_ERROR)
        }
    }
}

/// Whether the error is standard output closed by its reader, wherever in the chain.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<qarin::Error>()?
                    .io_error()
                    .map(|e| e.kind())
            })
            .or_else(|| cause.downcast_ref::<serde_json::Error>()?.io_error_kind());
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
