//! Reading text the way users hand it over, and writing files that are never half-written.
//!
//! Input may come with or without a UTF-8 BOM and with LF or CRLF line ends; the BOM is
//! dropped (spans count from after it) and line ends are kept as they are, since segment
//! spans point into the text. Output goes to a temporary file in the target folder that is
//! renamed over the destination only once everything was written.

use crate::error::{Error, ErrorKind, Result};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Decodes bytes as UTF-8, dropping a leading BOM. Invalid UTF-8 is an error naming the
/// byte offset (counted in the input as given, BOM included).
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut bytes = bytes;
    if bom > 0 {
        bytes.drain(..bom);
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::from(ErrorKind::InvalidUtf8 {
            offset: e.utf8_error().valid_up_to() + bom,
        })
    })
}

/// Reads a whole text file, or standard input for `-`.
pub fn read_text(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("cannot read standard input", e))?;
    } else {
        bytes =
            std::fs::read(path).map_err(|e| Error::io("cannot read file", e).with_path(path))?;
    }
    decode_utf8(bytes).map_err(|e| e.with_path(path))
}

/// Where output goes: a file (written atomically) or standard output for `-`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    Stdout,
    File(PathBuf),
}

impl Output {
    pub fn from_arg(arg: Option<&Path>) -> Output {
        match arg {
            None => Output::Stdout,
            Some(p) if p == Path::new("-") => Output::Stdout,
            Some(p) => Output::File(p.to_path_buf()),
        }
    }

    /// Refuses to write over any of `inputs` (compared after resolving paths), so a
    /// mistyped `-o` never destroys a source text.
    pub fn refuse_inputs(&self, inputs: &[&Path]) -> Result<()> {
        let Output::File(out) = self else {
            return Ok(());
        };
        let out_canon = std::fs::canonicalize(out).ok();
        for input in inputs {
            if *input == Path::new("-") {
                continue;
            }
            let same = match (&out_canon, std::fs::canonicalize(input).ok()) {
                (Some(a), Some(b)) => *a == b,
                _ => out == input,
            };
            if same {
                return Err(Error::usage(format!(
                    "refusing to overwrite the input file {}; choose another output with -o",
                    input.display()
                )));
            }
        }
        Ok(())
    }

    /// Runs `write` against the destination. For a file, the bytes go to a temporary file
    /// beside it that replaces the destination only when `write` succeeded.
    pub fn write_with<F>(&self, write: F) -> Result<()>
    where
        F: FnOnce(&mut dyn Write) -> Result<()>,
    {
        match self {
            Output::Stdout => {
                let stdout = std::io::stdout();
                let mut lock = std::io::BufWriter::new(stdout.lock());
                write(&mut lock)?;
                lock.flush()
                    .map_err(|e| Error::io("cannot write to standard output", e))
            }
            Output::File(path) => write_atomic(path, write),
        }
    }
}

/// Writes a file through a temporary sibling and a rename: readers see the old file or the
/// whole new one, never a part.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    let mut file = AtomicFile::create(path)?;
    write(&mut file)?;
    file.commit()
}

thread_local! {
    /// Whether [`AtomicFile::commit`] on this thread syncs the file to disk first.
    static SYNC: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Runs `f` with the files it commits on this thread renamed into place but not synced
/// one by one: still whole or absent after a crash of the process, only a power cut can
/// leave one short. For the thousands of per-pair files of a corpus run, where a sync
/// each was a third of the run's time, and whose `--resume` redoes a pair whose file
/// does not read back.
pub fn unsynced<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            SYNC.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(SYNC.with(|s| s.replace(false)));
    f()
}

/// A file written over time (a corpus run's memory, findings and summary) that appears
/// under its name only once [`AtomicFile::commit`] is called; dropped uncommitted (an
/// error, a kill), it leaves the old file, or nothing, in place.
pub struct AtomicFile {
    path: PathBuf,
    buf: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// A temporary file beside `path`.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".qarin-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| {
                Error::io("cannot create a temporary file in the output folder", e).with_path(dir)
            })?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            buf: std::io::BufWriter::new(tmp),
        })
    }

    /// Flushes, syncs (unless inside [`unsynced`]) and renames the file into place.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let tmp = self
            .buf
            .into_inner()
            .map_err(|e| Error::io("cannot write output", e.into_error()).with_path(&path))?;
        set_shareable_permissions(tmp.as_file(), &path);
        if SYNC.with(std::cell::Cell::get) {
            tmp.as_file()
                .sync_all()
                .map_err(|e| Error::io("cannot flush output", e).with_path(&path))?;
        }
        tmp.persist(&path).map_err(|e| {
            Error::io("cannot move the finished output into place", e.error).with_path(&path)
        })?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buf.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.buf.flush()
    }
}

/// Temporary files are created owner-only (0600); a finished report or TMX is meant to be
/// shared, so it gets the permissions of the file it replaces, or 0644 for a new file.
fn set_shareable_permissions(file: &std::fs::File, destination: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(destination)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o644);
        // Best effort: a file system without Unix modes keeps what it has.
        let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (file, destination);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_bad_bytes_are_located() {
        assert_eq!(decode_utf8(b"\xEF\xBB\xBFabc".to_vec()).unwrap(), "abc");
        let err = decode_utf8(b"\xEF\xBB\xBFab\xFFc".to_vec()).unwrap_err();
        assert!(
            matches!(err.kind, ErrorKind::InvalidUtf8 { offset: 5 }),
            "{err}"
        );
    }

    #[test]
    fn failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        let res = write_atomic(&path, |w| {
            w.write_all(b"half").unwrap();
            Err(Error::syntax("boom"))
        });
        assert!(res.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("report.html");
        write_atomic(&fresh, |w| {
            w.write_all(b"x").map_err(|e| Error::io("write", e))
        })
        .unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), 0o644);
        std::fs::set_permissions(&fresh, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&fresh, |w| {
            w.write_all(b"y").map_err(|e| Error::io("write", e))
        })
        .unwrap();
        assert_eq!(mode(&fresh), 0o640);
    }

    #[test]
    fn writing_over_an_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("ar.txt");
        std::fs::write(&input, "x").unwrap();
        let out = Output::File(input.clone());
        assert!(out.refuse_inputs(&[&input]).is_err());
    }
}
