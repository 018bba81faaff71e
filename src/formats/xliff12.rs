//! XLIFF 1.2, the review file with the widest support (valid against the strict schema).
//!
//! Every link becomes a `<trans-unit id="N">`, N its link number (1-based, as every view
//! numbers links), so a reviewer sees gaps and doubtful pairs: `state="translated"` and
//! `approved="yes"` for a sound pair (score at least the low-score threshold, no warning or
//! error), `needs-review-translation` for a low score, a finding or a target with no source.
//! A source with no target has no `<target>`: a copy of the source there (the pre-fill
//! OmegaT wants) made tools that build a TM from the file pair Arabic with Arabic
//! (translate-toolkit's po2tmx; docs/formats.md). The reader still ignores targets in state
//! `needs-translation` or `new`, as older files have them. The score and link type go in a
//! `<note from="qarin">` (strict XLIFF 1.2 has no other place for them).

use super::xml_read::{local, Inline, XmlReader};
use super::xml_text::{clean, XmlOut};
use super::*;
use crate::model::link_type;
use quick_xml::events::{BytesStart, Event};

pub(crate) const NS: &str = "urn:oasis:names:tc:xliff:document:1.2";
const SCORE_NOTE: &str = "alignment ";
const SCORE_SEP: &str = ", score ";
/// The note on a unit whose pair a reviewer rejected; the reader knows it by this text.
const REJECTED_NOTE: &str =
    "rejected by the reviewer: the two sides are not translations of each other";

/// The `state-qualifier` of pairs qarin approves itself (sound score, no finding).
const MACHINE_APPROVED: &str = "x-qarin-aligned";

pub(crate) struct Xliff12Writer {
    pub opts: ExportOptions,
}

impl BitextWriter for Xliff12Writer {
    fn write(&self, bitext: &Bitext, out: &mut dyn io::Write) -> Result<WriteReport> {
        let mut report = WriteReport::default();
        let (units, file_findings) =
            select_units(bitext, &self.opts, Selection::Review, &mut report);
        let id = |unit: &Unit| (unit_number(unit), Vec::new());
        write_xliff(
            out,
            langs(bitext, &self.opts),
            original_name(bitext),
            &units,
            &file_findings,
            &self.opts,
            &id,
        )
        .map_err(io_err)?;
        report.written = units.len();
        Ok(report)
    }
}

/// Writes units as XLIFF 1.2; `props` gives each unit's id and extra notes (a corpus
/// memory adds how often a unit occurred and where first), written after the score note
/// as `<note from="qarin" priority="10">name: value</note>`.
pub(crate) fn write_xliff(
    out: &mut dyn io::Write,
    (src_lang, tgt_lang): (&Lang, &Lang),
    original: &str,
    units: &[Unit],
    file_findings: &[&Finding],
    opts: &ExportOptions,
    props: &super::tmx::UnitProps<'_>,
) -> io::Result<()> {
    let date = time::utc_extended(opts.created);
    let mut x = XmlOut::new(out)?;
    x.indent(0)?;
    x.start("xliff", &[("version", "1.2"), ("xmlns", NS)])?;
    x.indent(1)?;
    x.start(
        "file",
        &[
            ("original", original),
            ("source-language", src_lang.as_str()),
            ("target-language", tgt_lang.as_str()),
            ("datatype", "plaintext"),
            ("date", &date),
            ("tool-id", "qarin"),
            // Segment whitespace is content; without this, readers may collapse it.
            ("xml:space", "preserve"),
        ],
    )?;
    x.indent(2)?;
    x.start("header", &[])?;
    x.indent(3)?;
    x.empty(
        "tool",
        &[
            ("tool-id", "qarin"),
            ("tool-name", "qarin"),
            ("tool-version", env!("CARGO_PKG_VERSION")),
        ],
    )?;
    for f in file_findings {
        x.indent(3)?;
        x.text_element(
            "note",
            &[("from", "qarin"), ("priority", finding_priority(f))],
            &clean(&finding_note(f)),
        )?;
    }
    x.indent(2)?;
    x.end("header")?;
    x.indent(2)?;
    x.start("body", &[])?;
    for unit in units {
        let (id, extra) = props(unit);
        let status = unit.link.status;
        let (state, gap_note) = if status == LinkStatus::Rejected {
            // Kept so the reviewer sees the gap; the reader gives the status back.
            (Some("needs-review-translation"), Some(REJECTED_NOTE))
        } else if unit.target.is_empty() {
            (
                None,
                Some("no target sentence (1-0 link): translate this source"),
            )
        } else if unit.source.is_empty() {
            (
                Some("needs-review-translation"),
                Some("no source sentence (0-1 link): added by the translator, or misaligned"),
            )
        } else if status == LinkStatus::Confirmed {
            (Some("signed-off"), None)
        } else if unit.link.score < opts.review_below
            || unit.worst().is_some_and(|s| s >= Severity::Warning)
        {
            (Some("needs-review-translation"), None)
        } else {
            (Some("translated"), None)
        };
        // translate-toolkit (and tools built on it) read a unit not approved as fuzzy.
        let unit_attrs: &[(&str, &str)] = if matches!(state, Some("translated" | "signed-off")) {
            &[("id", &id), ("approved", "yes")]
        } else {
            &[("id", &id)]
        };
        x.indent(3)?;
        x.start("trans-unit", unit_attrs)?;
        x.indent(4)?;
        x.text_element("source", &[], &unit.source)?;
        if let Some(state) = state {
            x.indent(4)?;
            // A pair approved because the aligner is sure of it, not because a reviewer
            // confirmed it: the qualifier keeps the reader from taking it as confirmed.
            let attrs: &[(&str, &str)] = if state == "translated" {
                &[("state", state), ("state-qualifier", MACHINE_APPROVED)]
            } else {
                &[("state", state)]
            };
            x.text_element("target", attrs, &unit.target)?;
        }
        for f in &unit.findings {
            x.indent(4)?;
            x.text_element(
                "note",
                &[
                    ("from", "qarin"),
                    ("priority", finding_priority(f)),
                    ("annotates", "target"),
                ],
                &clean(&finding_note(f)),
            )?;
        }
        if let Some(note) = gap_note {
            x.indent(4)?;
            x.text_element("note", &[("from", "qarin"), ("priority", "2")], note)?;
        }
        x.indent(4)?;
        let score = format!(
            "{SCORE_NOTE}{}{SCORE_SEP}{}",
            link_type(unit.link),
            score_text(unit.link.score)
        );
        x.text_element(
            "note",
            &[
                ("from", "qarin"),
                ("priority", "10"),
                ("annotates", "general"),
            ],
            &score,
        )?;
        for (name, value) in &extra {
            x.indent(4)?;
            x.text_element(
                "note",
                &[("from", "qarin"), ("priority", "10")],
                &clean(&format!("{name}: {value}")),
            )?;
        }
        x.indent(3)?;
        x.end("trans-unit")?;
    }
    x.indent(2)?;
    x.end("body")?;
    x.indent(1)?;
    x.end("file")?;
    x.indent(0)?;
    x.end("xliff")?;
    x.finish()
}

fn classify(name: &str) -> Inline {
    match name {
        "g" => Inline::Paired,
        "bx" | "bpt" => Inline::Open,
        "ex" | "ept" => Inline::Close,
        "x" | "ph" | "it" => Inline::Standalone,
        _ => Inline::Transparent,
    }
}

/// Reads the body of an XLIFF 1.x document whose root was just read.
pub(crate) fn read_body(xml: &mut XmlReader) -> Result<Bitext> {
    let mut source_lang: Option<String> = None;
    let mut target_lang: Option<String> = None;
    let mut units = Vec::new();
    let mut unit = ReadUnit::default();
    // approved="yes" is a reviewer's confirmation, unless qarin approved the pair itself.
    let mut approved = false;
    loop {
        match xml.next()? {
            Event::Start(e) => match local(e.name().0) {
                // Languages come from the first <file>; later ones are assumed alike.
                "file" if source_lang.is_none() => {
                    source_lang = xml.lang_attr(&e, "source-language")?;
                    target_lang = xml.lang_attr(&e, "target-language")?;
                }
                "trans-unit" => {
                    unit = ReadUnit {
                        id: xml.attr(&e, "id")?,
                        ..ReadUnit::default()
                    };
                    approved = xml.attr(&e, "approved")?.as_deref() == Some("yes");
                }
                "source" => unit.source = Some(xml.inline_text(classify)?),
                "target" => {
                    let state = xml.attr(&e, "state")?;
                    let machine =
                        xml.attr(&e, "state-qualifier")?.as_deref() == Some(MACHINE_APPROVED);
                    if matches!(state.as_deref(), Some("signed-off" | "final"))
                        || (approved && !machine)
                    {
                        unit.status = LinkStatus::Confirmed;
                    }
                    let text = xml.inline_text(classify)?;
                    if !matches!(state.as_deref(), Some("needs-translation" | "new")) {
                        unit.target = Some(text);
                    }
                }
                "note" => read_note(xml, &e, &mut unit)?,
                // Other candidates, segmented copies and the skeleton are not the pair.
                "alt-trans" | "seg-source" | "header" => xml.skip()?,
                _ => {}
            },
            Event::End(e) if local(e.name().0) == "trans-unit" => {
                units.push(std::mem::take(&mut unit));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(bitext_from_units(
        Lang::new(source_lang.as_deref().unwrap_or("und")),
        Lang::new(target_lang.as_deref().unwrap_or("und")),
        units,
    ))
}

fn read_note(xml: &mut XmlReader, e: &BytesStart, unit: &mut ReadUnit) -> Result<()> {
    let from_qarin = xml.attr(e, "from")?.as_deref() == Some("qarin");
    let text = xml.inline_text(|_| Inline::Transparent)?;
    if from_qarin {
        if text == REJECTED_NOTE {
            unit.status = LinkStatus::Rejected;
        }
        if let Some((_, score)) = text
            .strip_prefix(SCORE_NOTE)
            .and_then(|rest| rest.split_once(SCORE_SEP))
        {
            unit.score = Some(super::parse_score(score).map_err(|p| xml.error_here(p))?);
        }
    }
    Ok(())
}
