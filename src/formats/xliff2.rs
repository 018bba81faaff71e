//! XLIFF 2.1 (written; 2.0, 2.1 and 2.2 read), valid against the core schema with all
//! modules loaded.
//!
//! One `<unit>` per link, in it the alignment score and link type in the metadata module
//! (`mda:`), findings as `<notes>` (never inside `<segment>`), then one `<segment>`.
//! States: `final` for a pair a reviewer confirmed, `translated` for a sound pair; `initial` with `subState="qarin:needs-review"`
//! for a low score, a finding or a gap; `reviewed`/`final` are left to people.
//! `srcDir`/`trgDir` on `<file>` come from the languages (`rtl` for Arabic).

use super::xml_read::{local, Inline, XmlReader};
use super::xml_text::{clean, XmlOut};
use super::*;
use crate::model::link_type;
use quick_xml::events::{BytesStart, Event};

const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
const MDA_NS: &str = "urn:oasis:names:tc:xliff:metadata:2.0";
/// A pair a reviewer rejected (not translations of each other).
const REJECTED_SUBSTATE: &str = "qarin:rejected";

pub(crate) struct Xliff2Writer {
    pub opts: ExportOptions,
}

/// Scripts written right to left, by primary language subtag.
fn direction(lang: &Lang) -> &'static str {
    match lang.primary().as_str() {
        "ar" | "he" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb" | "syr" => "rtl",
        _ => "ltr",
    }
}

impl BitextWriter for Xliff2Writer {
    fn write(&self, bitext: &Bitext, out: &mut dyn io::Write) -> Result<WriteReport> {
        let mut report = WriteReport::default();
        let (units, file_findings) =
            select_units(bitext, &self.opts, Selection::Review, &mut report);
        write_xliff2(out, bitext, &units, &file_findings, &self.opts).map_err(io_err)?;
        report.written = units.len();
        Ok(report)
    }
}

fn write_notes(x: &mut XmlOut, depth: usize, notes: &[(&Finding, Option<&str>)]) -> io::Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    x.indent(depth)?;
    x.start("notes", &[])?;
    for (f, applies_to) in notes {
        x.indent(depth + 1)?;
        let mut attrs = vec![
            ("category", f.rule.as_str()),
            ("priority", finding_priority(f)),
        ];
        if let Some(a) = applies_to {
            attrs.push(("appliesTo", a));
        }
        x.text_element("note", &attrs, &clean(&finding_note(f)))?;
    }
    x.indent(depth)?;
    x.end("notes")
}

fn write_xliff2(
    out: &mut dyn io::Write,
    bitext: &Bitext,
    units: &[Unit],
    file_findings: &[&Finding],
    opts: &ExportOptions,
) -> io::Result<()> {
    let (src_lang, tgt_lang) = langs(bitext, opts);
    let original = original_name(bitext);
    let mut x = XmlOut::new(out)?;
    x.indent(0)?;
    x.start(
        "xliff",
        &[
            ("xmlns", NS),
            ("xmlns:mda", MDA_NS),
            ("version", "2.1"),
            ("srcLang", src_lang.as_str()),
            ("trgLang", tgt_lang.as_str()),
        ],
    )?;
    x.indent(1)?;
    x.start(
        "file",
        &[
            ("id", "f1"),
            ("original", original),
            ("srcDir", direction(src_lang)),
            ("trgDir", direction(tgt_lang)),
            // Segment whitespace is content; without this, readers may collapse it.
            ("xml:space", "preserve"),
        ],
    )?;
    let file_notes: Vec<_> = file_findings.iter().map(|f| (*f, None)).collect();
    write_notes(&mut x, 2, &file_notes)?;
    for unit in units {
        let id = format!("u{}", unit_number(unit));
        x.indent(2)?;
        x.start("unit", &[("id", &id)])?;
        x.indent(3)?;
        x.start("mda:metadata", &[])?;
        x.indent(4)?;
        x.start("mda:metaGroup", &[("category", "alignment")])?;
        x.indent(5)?;
        x.text_element(
            "mda:meta",
            &[("type", "score")],
            &score_text(unit.link.score),
        )?;
        x.indent(5)?;
        x.text_element("mda:meta", &[("type", "link-type")], &link_type(unit.link))?;
        x.indent(4)?;
        x.end("mda:metaGroup")?;
        x.indent(3)?;
        x.end("mda:metadata")?;
        let notes: Vec<_> = unit.findings.iter().map(|f| (*f, Some("target"))).collect();
        write_notes(&mut x, 3, &notes)?;
        let review = unit.is_unpaired()
            || unit.link.score < opts.review_below
            || unit.worst().is_some_and(|s| s >= Severity::Warning);
        let state: &[(&str, &str)] = if unit.link.status == LinkStatus::Confirmed {
            &[("id", "s1"), ("state", "final")]
        } else if unit.link.status == LinkStatus::Rejected {
            &[
                ("id", "s1"),
                ("state", "initial"),
                ("subState", REJECTED_SUBSTATE),
            ]
        } else if review {
            &[
                ("id", "s1"),
                ("state", "initial"),
                ("subState", "qarin:needs-review"),
            ]
        } else {
            &[("id", "s1"), ("state", "translated")]
        };
        x.indent(3)?;
        x.start("segment", state)?;
        x.indent(4)?;
        x.text_element("source", &[], &unit.source)?;
        if !unit.target.is_empty() {
            x.indent(4)?;
            x.text_element("target", &[], &unit.target)?;
        }
        x.indent(3)?;
        x.end("segment")?;
        x.indent(2)?;
        x.end("unit")?;
    }
    if units.is_empty() {
        // <file> needs at least one unit or group; an empty group says "no pairs" validly.
        x.indent(2)?;
        x.empty("group", &[("id", "empty")])?;
    }
    x.indent(1)?;
    x.end("file")?;
    x.indent(0)?;
    x.end("xliff")?;
    x.finish()
}

fn classify(name: &str) -> Inline {
    match name {
        "pc" => Inline::Paired,
        "sc" => Inline::Open,
        "ec" => Inline::Close,
        "ph" => Inline::Standalone,
        "cp" => Inline::CodePoint,
        "sm" | "em" => Inline::Drop,
        _ => Inline::Transparent,
    }
}

/// Reads the body of an XLIFF 2.x document whose root was just read. Each `<segment>`
/// is one pair; the unit's `mda:meta type="score"` applies to all its segments.
pub(crate) fn read_body(xml: &mut XmlReader, root: &BytesStart) -> Result<Bitext> {
    let source_lang = xml
        .lang_attr(root, "srcLang")?
        .ok_or_else(|| xml.error_here("<xliff> without `srcLang`"))?;
    let target_lang = xml.lang_attr(root, "trgLang")?;
    let mut units = Vec::new();
    let mut unit_start = 0;
    let mut unit_score: Option<f32> = None;
    let mut unit_id: Option<String> = None;
    let mut current = ReadUnit::default();
    loop {
        match xml.next()? {
            Event::Start(e) => match local(e.name().0) {
                "unit" => {
                    unit_start = units.len();
                    unit_score = None;
                    unit_id = xml.attr(&e, "id")?;
                }
                "meta" if xml.attr(&e, "type")?.as_deref() == Some("score") => {
                    let text = xml.inline_text(|_| Inline::Drop)?;
                    unit_score = Some(super::parse_score(&text).map_err(|p| xml.error_here(p))?);
                }
                "segment" => {
                    current = ReadUnit::default();
                    current.status = match (
                        xml.attr(&e, "state")?.as_deref(),
                        xml.attr(&e, "subState")?.as_deref(),
                    ) {
                        (Some("final"), _) => LinkStatus::Confirmed,
                        (_, Some(REJECTED_SUBSTATE)) => LinkStatus::Rejected,
                        _ => LinkStatus::Proposed,
                    };
                }
                "source" => current.source = Some(xml.inline_text(classify)?),
                "target" => current.target = Some(xml.inline_text(classify)?),
                "notes" | "originalData" | "ignorable" => xml.skip()?,
                _ => {}
            },
            Event::End(e) => match local(e.name().0) {
                "segment" => units.push(std::mem::take(&mut current)),
                "unit" => {
                    // The score comes before the segments; it belongs to all of them. A
                    // unit of several segments names each by its place: `u6:2`.
                    let segments = units.len() - unit_start;
                    for (k, u) in units[unit_start..].iter_mut().enumerate() {
                        u.score = unit_score;
                        u.id = unit_id.as_ref().map(|id| match segments {
                            1 => id.clone(),
                            _ => format!("{id}:{}", k + 1),
                        });
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(bitext_from_units(
        Lang::new(&source_lang),
        Lang::new(target_lang.as_deref().unwrap_or("und")),
        units,
    ))
}
