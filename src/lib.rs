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
//!
//! ```
//! use qarin::{align, check, formats, glossary::Glossary, segment, Lang};
//!
//! let ar = "التقى بيرنز وناريشكين في أنقرة.\nوقال بيسكوف إن المحادثات جرت بطلب أمريكي.";
//! let en = "Burns met Narishkin in Ankara.\nPeskov said the talks were held at the US request.";
//! let glossary = Glossary::builtin();
//!
//! let source = segment::document(ar, Lang::arabic(), None);
//! let target = segment::document(en, Lang::english(), None);
//! let bitext = align::align(&source, &target, glossary, &align::AlignConfig::default());
//! assert_eq!(bitext.links.len(), 2);
//!
//! let findings = check::check(&bitext, glossary, &check::CheckConfig::default());
//! let misspelled = findings.iter().find(|f| f.rule == "name-misspelled").unwrap();
//! assert_eq!(misspelled.found.as_deref(), Some("Narishkin"));
//!
//! let mut tmx = Vec::new();
//! let options = formats::ExportOptions::default();
//! formats::writer(formats::Format::Tmx, &options).write(&bitext, &mut tmx)?;
//! assert!(String::from_utf8(tmx)?.contains("<tuv xml:lang=\"ar\">"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod check;
pub mod corpus;
pub mod edit;
pub mod embed;
pub mod error;
pub mod formats;
pub mod glossary;
pub mod input;
pub mod io;
pub mod lexicon;
pub mod model;
pub mod report;
pub mod segment;
pub mod text;

pub use error::{Error, ErrorKind, Result};
pub use model::{
    Bitext, Document, Finding, Lang, Link, LinkStatus, Role, Segment, SentenceRef, Severity,
    Verdict, VerdictKind,
};
