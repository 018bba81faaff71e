//! qarin (قارِن, "compare") turns an Arabic news text and its English translation into
//! material translators use: sentences, aligned links with confidence scores, name
//! findings, translation memories and side-by-side review files.
//!
//! The library is the product; the `qarin` binary is a thin layer over it. Data flows one
//! way through the stages, each a module with a small typed seam:
//!
//! ```text
//! text ─▶ segment ─▶ glossary ─▶ align ─▶ check ─▶ formats / report
//!         Segment     TermMatch    Bitext   Finding
//! ```
//!
//! The core never prints and never exits; errors come only from readers and I/O
//! ([`Error`] names file, line and what to do).
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod check;
pub mod error;
pub mod formats;
pub mod glossary;
pub mod io;
pub mod model;
pub mod report;
pub mod segment;
pub mod text;

pub use error::{Error, ErrorKind, Result};
pub use model::{
    Bitext, Document, Finding, Lang, Link, Segment, SentenceRef, Severity, Verdict, VerdictKind,
};
