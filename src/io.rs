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
/// byte offset (counted in the input as given, BOM included). A file with a UTF-16 byte
/// order mark (Notepad's "Unicode") is read as UTF-16; one that looks like UTF-16 without
/// a mark is an error saying so, not advice to try a legacy 8-bit encoding.
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        if encoding != encoding_rs::UTF_8 {
            return encoding
                .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
                .map(std::borrow::Cow::into_owned)
                .ok_or_else(|| {
                    Error::syntax(format!(
                        "the file starts with a {} byte order mark but is not valid {0}; \
                         save it again as UTF-8",
                        encoding.name()
                    ))
                });
        }
    }
    if looks_like_utf16(&bytes) {
        return Err(Error::syntax(
            "the file looks like UTF-16 without a byte order mark (every other byte is \
             NUL); save it as UTF-8",
        ));
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut bytes = bytes;
    if bom > 0 {
        bytes.drain(..bom);
    }
    bare_cr_as_lf(&mut bytes, true);
    String::from_utf8(bytes).map_err(|e| {
        Error::from(ErrorKind::InvalidUtf8 {
            offset: e.utf8_error().valid_up_to() + bom,
        })
    })
}

/// Turns each bare CR (old Mac line ends, some CMS exports) into LF, in place, so it ends
/// a line as it does for the person reading the file; CRLF stays as it is. Same length, so
/// spans into the text stay spans into the file. `at_end`: the bytes end the input (else a
/// CR in the last byte waits for the next chunk to tell whether an LF follows).
pub fn bare_cr_as_lf(bytes: &mut [u8], at_end: bool) {
    let len = bytes.len();
    let positions: Vec<usize> = memchr::memchr_iter(b'\r', bytes).collect();
    for i in positions {
        let bare = match bytes.get(i + 1) {
            Some(&next) => next != b'\n',
            None => at_end,
        };
        if bare && i < len {
            bytes[i] = b'\n';
        }
    }
}

/// Whether the first bytes look like UTF-16 text without a mark: in every other byte a
/// control byte, the high byte of Latin (0x00) or Arabic (0x06) characters, which text
/// in UTF-8 hardly ever has.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    if head.len() < 8 {
        return false;
    }
    let control_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b < 0x09)
            .count()
    };
    let pairs = head.len() / 2;
    control_at(0).max(control_at(1)) * 2 >= pairs
}

/// Line numbers of byte offsets met in ascending order, counted incrementally so a reader
/// that locates every event (an SRX rule, a glossary entry) stays linear in the file's size.
/// Offsets are bytes and need not fall on a character boundary (a parser may report one
/// inside a second BOM); an offset before the last one restarts the count.
#[derive(Debug, Clone)]
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of byte `offset` (clamped to the end of the text).
    pub fn line_at(&mut self, offset: u64) -> usize {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.bytes[self.offset..offset]).count();
        self.offset = offset;
        self.line
    }
}

/// Whether an XML document is whole: every reader feeds it each event, and it refuses a
/// file that ends inside the root element (a truncated download would otherwise read as a
/// shorter, valid file) and anything but space, comments and processing instructions
/// after the root's end. Errors are messages for the caller to locate.
#[derive(Debug, Default)]
pub(crate) struct XmlDocumentEnd {
    depth: usize,
    root: Option<String>,
    closed: bool,
}

impl XmlDocumentEnd {
    pub(crate) fn see(&mut self, event: &quick_xml::events::Event) -> Result<(), String> {
        use quick_xml::events::Event;
        let after_root = |what: &str| {
            format!(
                "{what} after the end of the root element </{}>; one file holds one document \
                 (two files joined, or junk appended?)",
                self.root.as_deref().unwrap_or("")
            )
        };
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if self.closed {
                    return Err(after_root(&format!("element <{}>", e.name().as_ref())));
                }
                if self.depth == 0 {
                    self.root = Some(e.name().as_ref().to_string());
                }
                if matches!(event, Event::Start(_)) {
                    self.depth += 1;
                } else if self.depth == 0 {
                    self.closed = true;
                }
            }
            Event::End(_) => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.closed = true;
                }
            }
            Event::Text(t) if self.closed && !t.trim().is_empty() => {
                return Err(after_root("text"));
            }
            Event::CData(_) | Event::GeneralRef(_) if self.closed => {
                return Err(after_root("text"));
            }
            Event::Eof if self.depth > 0 => {
                return Err(format!(
                    "the file ends inside <{}> (it is not closed): the file looks cut short, \
                     by a download or a copy that stopped; get the whole file",
                    self.root.as_deref().unwrap_or("")
                ));
            }
            _ => {}
        }
        Ok(())
    }
}

/// Every file this process read, so that no output replaces one of them.
///
/// The readers below record each path they open; every writer (`Output`, [`write_atomic`],
/// [`AtomicFile`]) asks [`refuse_overwriting_inputs`] before it creates anything. One
/// guard for every kind of input — texts, glossaries, SRX rules, baselines, bitexts — so a
/// command cannot forget one in a list of its own.
static INPUTS: std::sync::Mutex<Vec<InputIdentity>> = std::sync::Mutex::new(Vec::new());

/// Whether standard input was read already: it can be read once, and a second `-` would
/// silently read an empty stream.
static STDIN_TAKEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[derive(Debug, Clone, PartialEq, Eq)]
struct InputIdentity {
    shown: PathBuf,
    canonical: Option<PathBuf>,
    /// Device and inode: the same file under another name (a hard link) is the same file.
    file_id: Option<(u64, u64)>,
}

impl InputIdentity {
    fn of(path: &Path) -> InputIdentity {
        InputIdentity {
            shown: path.to_path_buf(),
            canonical: std::fs::canonicalize(path).ok(),
            file_id: file_id(path),
        }
    }

    fn is(&self, other: &InputIdentity) -> bool {
        match (self.file_id, other.file_id) {
            (Some(a), Some(b)) => a == b,
            _ => match (&self.canonical, &other.canonical) {
                (Some(a), Some(b)) => a == b,
                _ => self.shown == other.shown,
            },
        }
    }
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    // Only regular files can be overwritten by a rename; `/dev/stdin` and the like are
    // left to the other comparisons.
    meta.is_file().then(|| (meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &Path) -> Option<(u64, u64)> {
    None
}

fn lock_inputs() -> std::sync::MutexGuard<'static, Vec<InputIdentity>> {
    INPUTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Records that this run reads `path` (not `-`), so no output may replace it.
pub fn note_input(path: &Path) {
    if path == Path::new("-") {
        return;
    }
    let identity = InputIdentity::of(path);
    let mut inputs = lock_inputs();
    if !inputs.contains(&identity) {
        inputs.push(identity);
    }
}

/// Lets a later write replace `path`: for a file the command owns and rewrites on purpose
/// (`qarin edit` saving the review folder it opened).
pub fn release_input(path: &Path) {
    let identity = InputIdentity::of(path);
    lock_inputs().retain(|input| !input.is(&identity));
}

/// Refuses to write `destination` when it is a file this run read (by any path: a
/// symbolic link, `./`, a hard link).
pub fn refuse_overwriting_inputs(destination: &Path) -> Result<()> {
    if destination == Path::new("-") {
        return Ok(());
    }
    let target = InputIdentity::of(destination);
    if let Some(input) = lock_inputs().iter().find(|input| input.is(&target)) {
        return Err(Error::usage(format!(
            "refusing to overwrite the input file {}; choose another output with -o",
            input.shown.display()
        )));
    }
    Ok(())
}

/// Standard input, once per run: a second `-` is an error instead of an empty text.
pub fn take_stdin() -> Result<std::io::StdinLock<'static>> {
    if STDIN_TAKEN.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return Err(Error::usage(
            "`-` (standard input) is given twice; it can be read only once: give the other \
             input as a file",
        ));
    }
    Ok(std::io::stdin().lock())
}

/// Opens an input file, or standard input for `-`, recording it as an input.
pub fn open_input(path: &Path) -> Result<Box<dyn std::io::BufRead>> {
    if path == Path::new("-") {
        return Ok(Box::new(take_stdin()?));
    }
    let file =
        std::fs::File::open(path).map_err(|e| Error::io("cannot read file", e).with_path(path))?;
    note_input(path);
    Ok(Box::new(std::io::BufReader::new(file)))
}

/// The bytes of an input file, or of standard input for `-`, recording it as an input.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        take_stdin()?
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("cannot read standard input", e))?;
    } else {
        bytes =
            std::fs::read(path).map_err(|e| Error::io("cannot read file", e).with_path(path))?;
        note_input(path);
    }
    Ok(bytes)
}

/// Reads a whole text file, or standard input for `-`.
pub fn read_text(path: &Path) -> Result<String> {
    decode_utf8(read_input(path)?).map_err(|e| e.with_path(path))
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
        refuse_overwriting_inputs(out)?;
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
/// whole new one, never a part. A destination that is not a regular file (`/dev/null`, a
/// FIFO, a terminal) is written directly, since it cannot be replaced; a symbolic link is
/// followed, so the file it points to gets the new content and the link stays.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    let path = &follow_symlinks(path);
    if is_special_file(path) {
        refuse_overwriting_inputs(path)?;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| Error::io("cannot open the output", e).with_path(path))?;
        let mut out = std::io::BufWriter::new(file);
        write(&mut out).map_err(|e| blame_output(e, path))?;
        return out
            .flush()
            .map_err(|e| Error::io("cannot write output", e).with_path(path));
    }
    let mut file = AtomicFile::create(path)?;
    write(&mut file).map_err(|e| blame_output(e, path))?;
    file.commit()
}

/// A write that failed for the machine (a full disk, a lost mount) is about the output,
/// whatever path the writer had attached (the input it was converting).
fn blame_output(mut error: Error, output: &Path) -> Error {
    if matches!(error.kind, ErrorKind::Io { .. }) {
        error.path = Some(output.to_path_buf());
        error.line = None;
        error.column = None;
    }
    error
}

/// Whether `path` exists and is something other than a regular file or a folder: a
/// device, a FIFO, a socket.
fn is_special_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// The file a chain of symbolic links ends at (which need not exist yet); `path` itself
/// when it is no link.
fn follow_symlinks(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // A loop of links is left to the operating system's own error.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let Ok(target) = std::fs::read_link(&current) else {
                    break;
                };
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => break,
        }
    }
    current
}

/// Temporary files and folders this process has open, so a signal handler can remove
/// them before the process ends (see [`remove_temporary_files`]).
static TEMPORARIES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn lock_temporaries() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARIES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes every temporary file and staging folder this process has open. For a signal
/// handler: after Ctrl-C, SIGTERM or SIGHUP no `.qarin-*.tmp` is left behind. Outputs
/// already in place stay; the ones being written never appear.
pub fn remove_temporary_files() {
    // Waiting for the lock is safe: the handler runs on a thread of its own (ctrlc), and
    // holders keep it only while they create and register a temporary, so none created
    // before the signal escapes the list.
    let paths = lock_temporaries();
    for path in paths.iter() {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(path);
        } else {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The prefix of qarin's temporary names: `.qarin-<pid>-<random>.tmp`. The process id
/// tells a later run which ones were left by a process that no longer exists.
fn temporary_prefix() -> String {
    format!(".qarin-{}-", std::process::id())
}

/// Removes, once per folder and run, the `.qarin-<pid>-*.tmp` files and folders left in
/// `dir` by a qarin process that was killed (`kill -9`, a power cut) before it could clean
/// up. Only names of that form whose process is gone are touched.
fn sweep_stale_temporaries(dir: &Path) {
    static SWEPT: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|p| p.into_inner());
        if swept.iter().any(|d| d == dir) {
            return;
        }
        swept.push(dir.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(stale_temporary_pid) else {
            continue;
        };
        if pid == std::process::id() || process_exists(pid) {
            continue;
        }
        let path = entry.path();
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    }
}

/// The process id in a temporary name of qarin's (`.qarin-4242-Ab3xYz.tmp`).
fn stale_temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".qarin-")?.strip_suffix(".tmp")?;
    let (pid, random) = rest.split_once('-')?;
    (!random.is_empty() && !random.contains('-')).then_some(())?;
    pid.parse().ok()
}

/// Whether a process with this id runs on this machine. Where that cannot be told (no
/// `/proc`), every process is taken to exist, so nothing is swept.
fn process_exists(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

fn temporary_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.suffix(".tmp");
    builder
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
    _tracked: Tracked,
    buf: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// A temporary file beside `path`.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        refuse_overwriting_inputs(path)?;
        let dir = folder_of(path);
        sweep_stale_temporaries(dir);
        let prefix = temporary_prefix();
        let (tmp, tracked) =
            Tracked::create(|| temporary_builder().prefix(&prefix).tempfile_in(dir)).map_err(
                |e| {
                    Error::io("cannot create a temporary file in the output folder", e)
                        .with_path(dir)
                },
            )?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            _tracked: tracked,
            buf: std::io::BufWriter::new(tmp),
        })
    }

    /// Flushes, syncs (unless inside [`unsynced`]) and renames the file into place.
    pub fn commit(self) -> Result<()> {
        let AtomicFile {
            path,
            _tracked,
            buf,
        } = self;
        let tmp = buf
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

/// A temporary path known to [`remove_temporary_files`] for as long as this lives.
struct Tracked(PathBuf);

/// A temporary file or folder, which knows its path.
trait TemporaryPath {
    fn temporary_path(&self) -> &Path;
}

impl TemporaryPath for tempfile::NamedTempFile {
    fn temporary_path(&self) -> &Path {
        self.path()
    }
}

impl TemporaryPath for tempfile::TempDir {
    fn temporary_path(&self) -> &Path {
        self.path()
    }
}

impl Tracked {
    /// Creates a temporary with `create` and registers it under one hold of the list's
    /// lock, so a signal arriving in between cannot see it on disk and not in the list.
    fn create<T: TemporaryPath>(
        create: impl FnOnce() -> std::io::Result<T>,
    ) -> std::io::Result<(T, Tracked)> {
        let mut open = lock_temporaries();
        let temporary = create()?;
        let path = temporary.temporary_path().to_path_buf();
        open.push(path.clone());
        Ok((temporary, Tracked(path)))
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        lock_temporaries().retain(|p| *p != self.0);
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

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Several files that replace their namesakes in one folder together: each is written
/// whole into a staging folder inside it (`.qarin-<pid>-*.tmp`), and only when all were
/// written are they renamed into place, one rename each. A failure (a full disk) before
/// that leaves the folder as it was. Every destination is checked against the run's
/// inputs before anything is written.
pub struct StagedFolder {
    dir: PathBuf,
    // Declared before `staging`: untracked before the folder is removed.
    _tracked: Tracked,
    staging: Option<tempfile::TempDir>,
    written: Vec<String>,
}

impl StagedFolder {
    /// A staging folder in `dir` (created if missing) for files named `names`.
    pub fn new(dir: &Path, names: &[&str]) -> Result<StagedFolder> {
        for name in names {
            refuse_overwriting_inputs(&dir.join(name))?;
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io("cannot create the output folder", e).with_path(dir))?;
        sweep_stale_temporaries(dir);
        let prefix = temporary_prefix();
        let (staging, tracked) =
            Tracked::create(|| temporary_builder().prefix(&prefix).tempdir_in(dir)).map_err(
                |e| {
                    Error::io("cannot create a staging folder in the output folder", e)
                        .with_path(dir)
                },
            )?;
        Ok(StagedFolder {
            dir: dir.to_path_buf(),
            _tracked: tracked,
            staging: Some(staging),
            written: Vec::new(),
        })
    }

    fn staging(&self) -> &Path {
        self.staging.as_ref().map_or(&self.dir, |s| s.path())
    }

    /// Writes file `name` into the staging folder.
    pub fn write<F>(&mut self, name: &str, write: F) -> Result<()>
    where
        F: FnOnce(&mut dyn Write) -> Result<()>,
    {
        let final_path = self.dir.join(name);
        let path = self.staging().join(name);
        let file = std::fs::File::create(&path)
            .map_err(|e| Error::io("cannot create output", e).with_path(&final_path))?;
        let mut out = std::io::BufWriter::new(file);
        write(&mut out).map_err(|e| blame_output(e, &final_path))?;
        let file = out
            .into_inner()
            .map_err(|e| Error::io("cannot write output", e.into_error()).with_path(&final_path))?;
        set_shareable_permissions(&file, &final_path);
        if SYNC.with(std::cell::Cell::get) {
            file.sync_all()
                .map_err(|e| Error::io("cannot flush output", e).with_path(&final_path))?;
        }
        self.written.push(name.to_string());
        Ok(())
    }

    /// Renames every written file into the folder.
    pub fn commit(mut self) -> Result<()> {
        let staging = self.staging().to_path_buf();
        for name in &self.written {
            let destination = follow_symlinks(&self.dir.join(name));
            std::fs::rename(staging.join(name), &destination).map_err(|e| {
                Error::io("cannot move the finished output into place", e).with_path(&destination)
            })?;
        }
        if let Some(staging) = self.staging.take() {
            let _ = staging.close();
        }
        Ok(())
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

/// For the tests that keep a generated source file (`builtin_codegen.rs`) equal to what
/// its generator renders now: passes when it is, rewrites it under
/// `QARIN_CODEGEN=overwrite`, and otherwise fails with `advice` (what to run).
#[cfg(test)]
pub(crate) fn assert_generated_current(generated: &str, want: &str, advice: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(generated);
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have == want {
        return;
    }
    if std::env::var_os("QARIN_CODEGEN").is_some_and(|v| v == "overwrite") {
        std::fs::write(&path, want).unwrap();
        return;
    }
    panic!("{generated} is out of date: {advice}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_forward_and_back_at_any_byte() {
        let text = "a\né\nb\n";
        let mut lines = LineCounter::new(text);
        assert_eq!(lines.line_at(0), 1);
        assert_eq!(lines.line_at(3), 2, "inside é: a byte, not a char boundary");
        assert_eq!(lines.line_at(5), 3);
        assert_eq!(lines.line_at(1), 1);
        assert_eq!(lines.line_at(u64::MAX), 4);
    }

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
    fn a_staged_folder_that_fails_changes_nothing_and_one_that_succeeds_replaces_all() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "old a").unwrap();
        std::fs::write(dir.path().join("b.txt"), "old b").unwrap();
        let mut staged = StagedFolder::new(dir.path(), &["a.txt", "b.txt"]).unwrap();
        staged
            .write("a.txt", |w| {
                w.write_all(b"new a").map_err(|e| Error::io("w", e))
            })
            .unwrap();
        // The second file fails as on a full disk: the error names the output.
        let err = staged
            .write("b.txt", |_| {
                Err(Error::io(
                    "cannot write",
                    std::io::Error::other("No space left on device"),
                )
                .with_path("input.json"))
            })
            .unwrap_err();
        assert_eq!(
            err.path.as_deref(),
            Some(dir.path().join("b.txt").as_path())
        );
        drop(staged);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "old a"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 2, "the staging folder is gone");

        let mut staged = StagedFolder::new(dir.path(), &["a.txt", "b.txt"]).unwrap();
        for name in ["a.txt", "b.txt"] {
            staged
                .write(name, |w| w.write_all(b"new").map_err(|e| Error::io("w", e)))
                .unwrap();
        }
        staged.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.txt")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_full_disk_error_names_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.tmx");
        let err = write_atomic(&out, |_| {
            Err(
                Error::io("cannot write", std::io::Error::other("No space left"))
                    .with_path("in.json"),
            )
        })
        .unwrap_err();
        assert_eq!(err.path.as_deref(), Some(out.as_path()));
        // A data error keeps the input it is about.
        let err =
            write_atomic(&out, |_| Err(Error::syntax("bad").with_path("in.json"))).unwrap_err();
        assert_eq!(err.path.as_deref(), Some(Path::new("in.json")));
    }

    #[test]
    fn temporary_names_carry_the_process_id() {
        assert_eq!(stale_temporary_pid(".qarin-4242-Ab3xYz.tmp"), Some(4242));
        assert_eq!(stale_temporary_pid(".qarin-Ab3xYz.tmp"), None);
        assert_eq!(stale_temporary_pid(".qarin-notes.tmp"), None);
        assert_eq!(stale_temporary_pid("qarin-1-a.tmp"), None);
        assert!(temporary_prefix().starts_with(".qarin-"));
    }

    #[test]
    fn bare_cr_becomes_lf_and_crlf_stays() {
        let mut bytes = b"a\rb\r\nc\r".to_vec();
        bare_cr_as_lf(&mut bytes, false);
        assert_eq!(bytes, b"a\nb\r\nc\r", "a CR at a chunk's end waits");
        bare_cr_as_lf(&mut bytes, true);
        assert_eq!(bytes, b"a\nb\r\nc\n");
    }

    #[test]
    fn utf16_is_read_with_a_bom_and_named_without() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("سلام ok".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_utf8(le.clone()).unwrap(), "سلام ok");
        let err = decode_utf8(le[2..].to_vec()).unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
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
