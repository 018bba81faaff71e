//! Errors come from readers and I/O only: segmenting, aligning and checking return values.
//!
//! An [`Error`] knows where it happened (`path`, `line`, `column`) and what went wrong
//! ([`ErrorKind`]), and displays as `glossaries/news.tsv:42:7: expected 3 tab-separated
//! columns, found 2`, so the CLI can print it as it is.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Clone, Debug)]
pub struct Error {
    pub path: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub kind: ErrorKind,
}

#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing failed; the message says which operation.
    Io {
        action: &'static str,
        source: Arc<std::io::Error>,
    },
    /// The bytes are not UTF-8; `offset` is the byte offset of the first bad byte.
    InvalidUtf8 { offset: usize },
    /// The input is readable but does not say what its format requires. The message is
    /// lower-case, quotes what it saw and says what was expected or what to do.
    Syntax(String),
    /// A request that cannot be carried out as asked (refusing to overwrite an input, …).
    Usage(String),
}

impl Error {
    pub fn syntax(msg: impl Into<String>) -> Error {
        Error::from(ErrorKind::Syntax(msg.into()))
    }
    pub fn usage(msg: impl Into<String>) -> Error {
        Error::from(ErrorKind::Usage(msg.into()))
    }
    pub fn io(action: &'static str, source: std::io::Error) -> Error {
        Error::from(ErrorKind::Io {
            action,
            source: Arc::new(source),
        })
    }
    /// Attaches a path unless the error already names one.
    pub fn with_path(mut self, path: impl AsRef<Path>) -> Error {
        if self.path.is_none() {
            self.path = Some(path.as_ref().to_path_buf());
        }
        self
    }
    pub fn at_line(mut self, line: usize) -> Error {
        self.line = Some(line);
        self
    }
    pub fn at(mut self, line: usize, column: usize) -> Error {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
    /// True when the error is about the data or the request, not about the machine.
    pub fn is_input_error(&self) -> bool {
        !matches!(self.kind, ErrorKind::Io { .. })
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error {
            path: None,
            line: None,
            column: None,
            kind,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            f.write_str(": ")?;
        } else if let Some(line) = self.line {
            write!(f, "line {line}")?;
            if let Some(col) = self.column {
                write!(f, ", column {col}")?;
            }
            f.write_str(": ")?;
        }
        match &self.kind {
            ErrorKind::Io { action, source } => write!(f, "{action}: {source}"),
            ErrorKind::InvalidUtf8 { offset } => write!(
                f,
                "not valid UTF-8 at byte offset {offset}; fix the bytes there, or if \
                 the file is in another encoding, name it: --encoding windows-1256 (or \
                 iso-8859-6, windows-1252, …)"
            ),
            ErrorKind::Syntax(msg) | ErrorKind::Usage(msg) => f.write_str(msg),
        }
    }
}

// No `source()`: Display already ends with the OS error, and the CLI prints the whole
// chain, so a source would print it twice. `io_error()` gives it to callers who need it.
impl std::error::Error for Error {}

impl Error {
    /// The I/O error behind an [`ErrorKind::Io`], e.g. to tell a broken pipe apart.
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let err = Error::syntax("expected 3 tab-separated columns, found 2")
            .at(42, 7)
            .with_path("glossaries/news.tsv");
        assert_eq!(
            err.to_string(),
            "glossaries/news.tsv:42:7: expected 3 tab-separated columns, found 2"
        );
    }
}
