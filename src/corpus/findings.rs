//! A corpus run's `findings.json`, written pair by pair as the pairs come back.
//!
//! The file is [`crate::check::findings_file`] of every pair, byte for byte the JSON that
//! `qarin check SOURCES TARGETS --format json` writes for the same pairs: one top level,
//! one schema, whatever the number of pairs. Only each pair's names and summary are held
//! until the end (the `documents` list comes after the findings); the findings themselves
//! go to the file as soon as their pair is done, so memory does not grow with them.

use crate::check::{Report, Summary};
use crate::model::Finding;
use serde::Serialize;
use std::io::{self, Write};

/// Writes a findings file one document at a time.
pub struct FindingsStream<W: Write> {
    out: W,
    documents: Vec<Document>,
    summary: Summary,
    any_finding: bool,
}

/// What the `documents` list keeps of a pair.
#[derive(Serialize)]
struct Document {
    source: String,
    target: Option<String>,
    summary: Summary,
}

/// A finding in the top-level list, with the index of its pair.
#[derive(Serialize)]
struct Numbered<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    document: usize,
}

impl<W: Write> FindingsStream<W> {
    /// Starts the file: its schema and the opening of the findings list.
    pub fn new(mut out: W) -> io::Result<FindingsStream<W>> {
        write!(
            out,
            "{{\n  \"schema\": {},\n  \"findings\": [",
            serde_json::to_string(crate::model::schema::FINDINGS)?
        )?;
        Ok(FindingsStream {
            out,
            documents: Vec::new(),
            summary: Summary::default(),
            any_finding: false,
        })
    }

    /// Adds one pair: its findings now, its names and summary at the end.
    pub fn add(&mut self, source: &str, target: Option<&str>, report: &Report) -> io::Result<()> {
        let document = self.documents.len();
        for finding in &report.findings {
            self.out
                .write_all(if self.any_finding { b",\n" } else { b"\n" })?;
            self.any_finding = true;
            write_indented(&mut self.out, &Numbered { finding, document }, 4, true)?;
        }
        self.summary = Summary::total([&self.summary, &report.summary]);
        self.documents.push(Document {
            source: source.to_string(),
            target: target.map(str::to_string),
            summary: report.summary.clone(),
        });
        Ok(())
    }

    /// The summary of every pair added so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Ends the file (summary, documents, a final line end) and hands back the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(if self.any_finding {
            b"\n  ],\n"
        } else {
            b"],\n"
        })?;
        self.out.write_all(b"  \"summary\": ")?;
        write_indented(&mut self.out, &self.summary, 2, false)?;
        self.out.write_all(b",\n  \"documents\": [")?;
        for (k, document) in self.documents.iter().enumerate() {
            self.out.write_all(if k > 0 { b",\n" } else { b"\n" })?;
            write_indented(&mut self.out, document, 4, true)?;
        }
        self.out.write_all(if self.documents.is_empty() {
            b"]"
        } else {
            b"\n  ]"
        })?;
        self.out.write_all(b"\n}\n")?;
        Ok(self.out)
    }
}

/// `value` as pretty JSON with every line after the first (and the first when
/// `first_too`) shifted right by `indent` spaces: what it looks like nested in a pretty
/// document. JSON strings hold no raw line breaks, so shifting lines is exact.
fn write_indented(
    out: &mut impl Write,
    value: &impl Serialize,
    indent: usize,
    first_too: bool,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    let pad = " ".repeat(indent);
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.write_all(b"\n")?;
        }
        if k > 0 || first_too {
            out.write_all(pad.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}
