//! Readers and writers of bitext formats: TMX 1.4b, XLIFF 1.2 and 2.x, TSV, JSON.
//!
//! Input of the writers: a [`Bitext`] and the [`Finding`]s about it (in [`ExportOptions`]).
//! Output: bytes on any `io::Write`, plus a [`WriteReport`] of what was left out or changed
//! (the core never prints; the CLI shows the report). Readers turn a file back into a
//! [`Bitext`] whose segments are the unit texts, one link per unit.
//!
//! Invariants every XML writer keeps (rules in `../shared/notes/formats.md`): UTF-8 without
//! BOM, NFC text, no character XML 1.0 forbids (each removal is reported with the link it
//! came from), `&`, `<`, `>` (so `]]>`) and attribute quotes escaped, no bidi mark added,
//! nothing indented inside a segment. Readers never expand a DTD entity nor fetch anything.

mod json;
mod time;
pub(crate) mod tmx;
mod tsv;
pub(crate) mod xliff12;
mod xliff2;
mod xml_read;
pub mod xml_text;

use crate::error::{Error, Result};
use crate::model::{Bitext, Document, Finding, Lang, Link, LinkStatus, Severity};
use std::borrow::Cow;
use std::collections::HashSet;
use std::io;
use std::path::Path;
use std::time::SystemTime;

/// A bitext file format qarin reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// TMX 1.4b translation memory (OmegaT, Trados, memoQ, Okapi).
    Tmx,
    /// XLIFF 1.2, the review file most CAT tools open.
    Xliff12,
    /// XLIFF 2.1 (reads 2.0, 2.1 and 2.2).
    Xliff2,
    /// Tab-separated `score`, `source`, `target`.
    Tsv,
    /// The bitext itself, as `qarin align --format json` writes it.
    Json,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Tmx,
        Format::Xliff12,
        Format::Xliff2,
        Format::Tsv,
        Format::Json,
    ];

    /// The format a path's extension names: `.tmx`, `.xlf`/`.xliff` (XLIFF 1.2 when
    /// writing; the reader looks at the file's version), `.tsv`, `.json`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "tmx" => Some(Format::Tmx),
            "xlf" | "xliff" => Some(Format::Xliff12),
            "tsv" | "tab" => Some(Format::Tsv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Tmx => "tmx",
            Format::Xliff12 => "xliff",
            Format::Xliff2 => "xliff2",
            Format::Tsv => "tsv",
            Format::Json => "json",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Format> {
        match s.to_ascii_lowercase().as_str() {
            "tmx" => Ok(Format::Tmx),
            "xliff" | "xliff12" | "xlf" => Ok(Format::Xliff12),
            "xliff2" | "xliff21" => Ok(Format::Xliff2),
            "tsv" => Ok(Format::Tsv),
            "json" => Ok(Format::Json),
            other => Err(Error::usage(format!(
                "unknown format `{other}`; expected one of tmx, xliff (1.2), xliff2 (2.1), tsv, json"
            ))),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What to export and how. `Default` gives what a translator wants from a TMX: every
/// scored pair, no unpaired sentence, no duplicate.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// Findings of `qarin check`; each is written as a note on its link's unit (or on
    /// the file when it names no link).
    pub findings: Vec<Finding>,
    /// Links scored below this are left out of TMX and TSV (and reported).
    pub min_score: f32,
    /// Links scored below this are marked for review in XLIFF.
    pub review_below: f32,
    /// Write 1-0 / 0-1 links (and pairs with an empty side) to TMX and TSV too. They
    /// are left out by default: CAT tools offer an empty translation as a match. XLIFF
    /// always has them, as units that need translation or review.
    pub include_unpaired: bool,
    /// Keep pairs whose source and target both occurred in an earlier pair (TMX, TSV).
    pub keep_duplicates: bool,
    /// Write pairs with a side that is all site furniture (`Role::Boilerplate`: "read
    /// more", "breaking news") to TMX and TSV too; a memory has no use for them.
    pub include_boilerplate: bool,
    /// Written as the file's creation date (UTC); injectable so tests are repeatable.
    pub created: SystemTime,
    /// BCP 47 tags written instead of the bitext's own (`ar-SA`, `en-US`).
    pub source_lang: Option<Lang>,
    pub target_lang: Option<Lang>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            findings: Vec::new(),
            min_score: 0.0,
            review_below: 0.5,
            include_unpaired: false,
            keep_duplicates: false,
            include_boilerplate: false,
            created: SystemTime::now(),
            source_lang: None,
            target_lang: None,
        }
    }
}

/// What a writer did besides writing: counts of what it left out and warnings that say
/// where text was changed ("removed U+0001 from the target of link 12").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WriteReport {
    /// Units (tu, trans-unit, unit, row) written.
    pub written: usize,
    pub skipped_unpaired: usize,
    pub skipped_below_min_score: usize,
    /// Links a reviewer rejected (not translations of each other), left out of TMX and TSV.
    pub skipped_rejected: usize,
    pub duplicates_removed: usize,
    /// Pairs left out because a side is all site furniture.
    pub skipped_boilerplate: usize,
    pub warnings: Vec<String>,
}

/// Writes a bitext in one format. Object-safe so the CLI maps a [`Format`] to a `Box`.
pub trait BitextWriter {
    fn write(&self, bitext: &Bitext, out: &mut dyn io::Write) -> Result<WriteReport>;
}

/// Reads a bitext file. Errors name the line and column.
pub trait BitextReader {
    fn read(&self, input: &mut dyn io::BufRead) -> Result<Bitext>;
}

/// The writer for `format`, configured by `opts`.
pub fn writer(format: Format, opts: &ExportOptions) -> Box<dyn BitextWriter> {
    let opts = opts.clone();
    match format {
        Format::Tmx => Box::new(tmx::TmxWriter { opts }),
        Format::Xliff12 => Box::new(xliff12::Xliff12Writer { opts }),
        Format::Xliff2 => Box::new(xliff2::Xliff2Writer { opts }),
        Format::Tsv => Box::new(tsv::TsvWriter { opts }),
        Format::Json => Box::new(json::JsonWriter),
    }
}

/// The reader for `format`. Both XLIFF formats get the same reader, which looks at the
/// file's version (1.2, or 2.0/2.1/2.2).
pub fn reader(format: Format) -> Box<dyn BitextReader> {
    match format {
        Format::Tmx => Box::new(tmx::TmxReader),
        Format::Xliff12 | Format::Xliff2 => Box::new(XliffReader),
        Format::Tsv => Box::new(tsv::TsvReader),
        Format::Json => Box::new(json::JsonReader),
    }
}

/// Reads XLIFF of any version, choosing by the root's `version` and namespace.
struct XliffReader;

impl BitextReader for XliffReader {
    fn read(&self, input: &mut dyn io::BufRead) -> Result<Bitext> {
        let text = read_all(input)?;
        let mut xml = xml_read::XmlReader::new(&text);
        let root = xml.root("xliff")?;
        let version = xml.attr(&root, "version")?.unwrap_or_default();
        let ns = xml.attr(&root, "xmlns")?.unwrap_or_default();
        if version.starts_with('2') || ns.contains(":document:2.") {
            xliff2::read_body(&mut xml, &root)
        } else {
            xliff12::read_body(&mut xml)
        }
    }
}

fn read_all(input: &mut dyn io::BufRead) -> Result<String> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("cannot read input", e))?;
    crate::io::decode_utf8(bytes)
}

/// One unit as readers find it: either side may be missing (1-0, 0-1).
#[derive(Debug, Default)]
pub(crate) struct ReadUnit {
    pub source: Option<String>,
    pub target: Option<String>,
    pub score: Option<f32>,
    pub status: LinkStatus,
    /// The unit's id in the file (TMX `tuid`, XLIFF `id`).
    pub id: Option<String>,
}

/// Builds the bitext readers return: one segment per present, non-empty side, one link
/// per unit. A unit without a score (a TM from another tool) scores 1: someone kept it.
pub(crate) fn bitext_from_units(
    source_lang: Lang,
    target_lang: Lang,
    units: Vec<ReadUnit>,
) -> Bitext {
    let mut sources = Vec::new();
    let mut targets = Vec::new();
    let mut links = Vec::with_capacity(units.len());
    for unit in units {
        let src_start = sources.len() as u32;
        let tgt_start = targets.len() as u32;
        if let Some(s) = unit.source.filter(|s| !s.is_empty()) {
            sources.push(s);
        }
        if let Some(t) = unit.target.filter(|t| !t.is_empty()) {
            targets.push(t);
        }
        let src = src_start..sources.len() as u32;
        let tgt = tgt_start..targets.len() as u32;
        if src.is_empty() && tgt.is_empty() {
            continue;
        }
        let mut link = Link::new(src, tgt, unit.score.unwrap_or(1.0)).with_status(unit.status);
        link.unit = unit.id.filter(|id| !id.is_empty());
        links.push(link);
    }
    Bitext {
        source: Document::from_sentences(source_lang, &sources),
        target: Document::from_sentences(target_lang, &targets),
        links,
        verdict: None,
    }
}

/// A link ready to be written: its texts cleaned for XML and NFC, and its findings.
pub(crate) struct Unit<'a> {
    pub index: usize,
    pub link: &'a Link,
    pub source: Cow<'a, str>,
    pub target: Cow<'a, str>,
    pub findings: Vec<&'a Finding>,
}

impl Unit<'_> {
    pub fn is_unpaired(&self) -> bool {
        self.source.is_empty() || self.target.is_empty()
    }
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Which links a writer keeps; the TM formats filter, the review formats keep all.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Selection {
    /// TMX, TSV: `min_score`, `include_unpaired`, `keep_duplicates`, `include_boilerplate`
    /// apply.
    Memory,
    /// XLIFF: every link, so the reviewer sees gaps and doubtful pairs.
    Review,
}

/// Cleans and selects the links to write, in order, counting what is left out.
pub(crate) fn select_units<'a>(
    bitext: &'a Bitext,
    opts: &'a ExportOptions,
    selection: Selection,
    report: &mut WriteReport,
) -> (Vec<Unit<'a>>, Vec<&'a Finding>) {
    let mut by_link: Vec<Vec<&Finding>> = vec![Vec::new(); bitext.links.len()];
    let mut file_findings = Vec::new();
    for f in &opts.findings {
        match f.link.and_then(|i| by_link.get_mut(i as usize)) {
            Some(list) => list.push(f),
            None => file_findings.push(f),
        }
    }
    let mut units = Vec::with_capacity(bitext.links.len());
    for (index, (link, findings)) in bitext.links.iter().zip(by_link).enumerate() {
        if selection == Selection::Memory && link.status == LinkStatus::Rejected {
            report.skipped_rejected += 1;
            continue;
        }
        // A pair a reviewer confirmed is kept whatever the aligner scored it.
        let confirmed = link.status == LinkStatus::Confirmed;
        if selection == Selection::Memory && link.score < opts.min_score && !confirmed {
            report.skipped_below_min_score += 1;
            continue;
        }
        let source = side_text(&bitext.source, &link.src, index, "source", report);
        let target = side_text(&bitext.target, &link.tgt, index, "target", report);
        if source.is_empty() && target.is_empty() {
            // Nothing to translate and nothing translated: no format wants such a unit.
            report.skipped_unpaired += 1;
            continue;
        }
        let unit = Unit {
            index,
            link,
            source,
            target,
            findings,
        };
        if selection == Selection::Memory && !opts.include_unpaired && unit.is_unpaired() {
            report.skipped_unpaired += 1;
            continue;
        }
        if selection == Selection::Memory
            && !opts.include_boilerplate
            && (all_boilerplate(&bitext.source, &link.src)
                || all_boilerplate(&bitext.target, &link.tgt))
        {
            report.skipped_boilerplate += 1;
            continue;
        }
        units.push(unit);
    }
    if selection == Selection::Memory && !opts.keep_duplicates {
        let mut seen: HashSet<(&str, &str)> = HashSet::with_capacity(units.len());
        let mut keep = vec![true; units.len()];
        for (k, u) in units.iter().enumerate() {
            keep[k] = seen.insert((&u.source, &u.target));
        }
        drop(seen);
        let before = units.len();
        let mut flags = keep.into_iter();
        units.retain(|_| flags.next().unwrap_or(true));
        report.duplicates_removed += before - units.len();
    }
    (units, file_findings)
}

/// True when a link side has sentences and every one is site furniture.
fn all_boilerplate(doc: &Document, range: &std::ops::Range<u32>) -> bool {
    !range.is_empty()
        && range.clone().all(|i| {
            doc.segments
                .get(i as usize)
                .is_some_and(|s| s.is_boilerplate())
        })
}

fn side_text<'a>(
    doc: &'a Document,
    range: &std::ops::Range<u32>,
    index: usize,
    side: &str,
    report: &mut WriteReport,
) -> Cow<'a, str> {
    let raw: Cow<str> = if range.len() == 1 {
        match doc.segments.get(range.start as usize) {
            Some(seg) => Cow::Borrowed(seg.text.trim()),
            None => Cow::Borrowed(""),
        }
    } else {
        let mut joined = String::new();
        for i in range.clone() {
            if let Some(seg) = doc.segments.get(i as usize) {
                if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(seg.text.trim());
            }
        }
        Cow::Owned(joined)
    };
    let cleaned = xml_text::clean_into(raw, &mut |removed| {
        report
            .warnings
            .push(format!("removed {removed} from the {side} of link {index}"))
    });
    // A removed control character can leave an edge space; segments are written trimmed.
    match cleaned {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
        Cow::Owned(s) if s.trim().len() == s.len() => Cow::Owned(s),
        Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
    }
}

/// The `original` of an XLIFF `<file>`: the file name of the source as it was given, without
/// its folders (an absolute path says where the file sat on someone's disk, which a file
/// sent to a translator should not), or `qarin-bitext` for standard input or no name.
pub(crate) fn original_name(bitext: &Bitext) -> &str {
    let origin = bitext.source.origin.as_deref().unwrap_or("");
    let name = origin.rsplit(['/', '\\']).next().unwrap_or("");
    if name.is_empty() || name == "-" {
        "qarin-bitext"
    } else {
        name
    }
}

/// The id a unit is written with: its link's number, 1-based, as every view numbers it.
pub(crate) fn unit_number(unit: &Unit) -> String {
    (unit.index + 1).to_string()
}

/// Source and target tags to write: the overrides, else the bitext's own.
pub(crate) fn langs<'a>(bitext: &'a Bitext, opts: &'a ExportOptions) -> (&'a Lang, &'a Lang) {
    (
        opts.source_lang.as_ref().unwrap_or(&bitext.source.lang),
        opts.target_lang.as_ref().unwrap_or(&bitext.target.lang),
    )
}

/// One line for a finding in a note: `error name-misspelled: …`.
pub(crate) fn finding_note(f: &Finding) -> String {
    let severity = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    format!("{severity} {}: {}", f.rule, f.message)
}

/// XLIFF note priority (1 is the most important).
pub(crate) fn finding_priority(f: &Finding) -> &'static str {
    match f.severity {
        Severity::Error => "1",
        Severity::Warning => "3",
        Severity::Info => "5",
    }
}

/// A score read from a file: a number from 0 to 1. `NaN`, `inf`, `1e39` (which overflows
/// `f32`) and scores outside the range are refused, since no writer could give them back
/// as a score qarin reads.
pub(crate) fn parse_score(text: &str) -> std::result::Result<f32, String> {
    let text = text.trim();
    match text.parse::<f32>() {
        Ok(score) if score.is_finite() && (0.0..=1.0).contains(&score) => Ok(score),
        _ => Err(format!(
            "score `{text}` is not a number from 0 to 1; fix it, or remove it (a unit without \
             a score is kept as scored 1)"
        )),
    }
}

/// A score as the shortest decimal that reads back to the same `f32`.
pub(crate) fn score_text(score: f32) -> String {
    format!("{score}")
}

pub(crate) fn io_err(e: io::Error) -> Error {
    Error::io("cannot write output", e)
}

pub use time::utc_basic;
