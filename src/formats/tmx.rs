//! TMX 1.4b: the translation memory OmegaT, Trados, memoQ and Okapi import.
//!
//! Written as `tmx14.dtd` requires (`version="1.4"`, the full header, notes and props
//! before the `<tuv>`s), source `<tuv>` first, score and link type as `x-` props and
//! findings as `<note>`s. Read: TMX 1.1–1.4, source chosen by the header's `srclang`
//! (the first `<tuv>` when it is `*all*` or missing), `xml:lang` or the old `lang`.

use super::xml_read::{local, Inline, XmlReader};
use super::xml_text::{clean, XmlOut};
use super::*;
use crate::model::link_type;
use quick_xml::events::Event;

/// The prop that carries a reviewer's judgement of a pair (`confirmed`; rejected pairs
/// are not written).
const STATUS_PROP: &str = "x-qarin-status";

pub(crate) struct TmxWriter {
    pub opts: ExportOptions,
}

impl BitextWriter for TmxWriter {
    fn write(&self, bitext: &Bitext, out: &mut dyn io::Write) -> Result<WriteReport> {
        let mut report = WriteReport::default();
        let (units, file_findings) =
            select_units(bitext, &self.opts, Selection::Memory, &mut report);
        let (src_lang, tgt_lang) = langs(bitext, &self.opts);
        let tuid = |unit: &Unit| (unit_number(unit), Vec::new());
        write_tmx(
            out,
            &units,
            &file_findings,
            (src_lang, tgt_lang),
            self.opts.created,
            &tuid,
        )
        .map_err(io_err)?;
        report.written = units.len();
        Ok(report)
    }
}

/// A unit's `tuid` and the `x-` props written after its score and link type.
pub(crate) type UnitProps<'p> = dyn Fn(&Unit) -> (String, Vec<(&'static str, String)>) + 'p;

/// Writes units as TMX 1.4b; `props` gives each unit's id and extra props (a corpus
/// memory adds `x-count` and `x-document`).
pub(crate) fn write_tmx(
    out: &mut dyn io::Write,
    units: &[Unit],
    file_findings: &[&Finding],
    (src_lang, tgt_lang): (&Lang, &Lang),
    created: std::time::SystemTime,
    props: &UnitProps<'_>,
) -> io::Result<()> {
    let mut x = XmlOut::new(out)?;
    // No DOCTYPE: it is optional, and `SYSTEM "tmx14.dtd"` names a file that is not
    // beside the TMX, so a validating reader would look for it (on the network, or fail).
    x.indent(0)?;
    x.start("tmx", &[("version", "1.4")])?;
    x.indent(1)?;
    let created = utc_basic(created);
    let header = [
        ("creationtool", "qarin"),
        ("creationtoolversion", env!("CARGO_PKG_VERSION")),
        ("segtype", "sentence"),
        ("o-tmf", "qarin"),
        ("adminlang", "en"),
        ("srclang", src_lang.as_str()),
        ("datatype", "plaintext"),
        ("creationdate", created.as_str()),
    ];
    if file_findings.is_empty() {
        x.empty("header", &header)?;
    } else {
        x.start("header", &header)?;
        for f in file_findings {
            x.indent(2)?;
            x.text_element("note", &[], &clean(&finding_note(f)))?;
        }
        x.indent(1)?;
        x.end("header")?;
    }
    x.indent(1)?;
    x.start("body", &[])?;
    for unit in units {
        let (tuid, extra) = props(unit);
        x.indent(2)?;
        x.start("tu", &[("tuid", &tuid)])?;
        for f in &unit.findings {
            x.indent(3)?;
            x.text_element("note", &[], &clean(&finding_note(f)))?;
        }
        x.indent(3)?;
        x.text_element("prop", &[("type", "x-score")], &score_text(unit.link.score))?;
        x.indent(3)?;
        x.text_element("prop", &[("type", "x-link-type")], &link_type(unit.link))?;
        if !unit.link.status.is_proposed() {
            x.indent(3)?;
            x.text_element("prop", &[("type", STATUS_PROP)], unit.link.status.name())?;
        }
        for (name, value) in &extra {
            x.indent(3)?;
            x.text_element("prop", &[("type", name)], &clean(value))?;
        }
        for (lang, text) in [(src_lang, &unit.source), (tgt_lang, &unit.target)] {
            if text.is_empty() && unit.is_unpaired() {
                // A 1-0 / 0-1 unit has only the side that exists.
                continue;
            }
            x.indent(3)?;
            x.start("tuv", &[("xml:lang", lang.as_str())])?;
            x.text_element("seg", &[], text)?;
            x.end("tuv")?;
        }
        x.indent(2)?;
        x.end("tu")?;
    }
    x.indent(1)?;
    x.end("body")?;
    x.indent(0)?;
    x.end("tmx")?;
    x.finish()
}

pub(crate) struct TmxReader;

impl BitextReader for TmxReader {
    fn read(&self, input: &mut dyn io::BufRead) -> Result<Bitext> {
        let text = read_all(input)?;
        read_tmx(&text)
    }
}

fn classify(name: &str) -> Inline {
    match name {
        "hi" => Inline::Paired,
        "bpt" => Inline::Open,
        "ept" => Inline::Close,
        "ph" | "it" | "ut" => Inline::Standalone,
        _ => Inline::Transparent,
    }
}

/// Languages compare case-insensitively (`AR` = `ar`), as OmegaT does.
fn same_lang(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn read_tmx(text: &str) -> Result<Bitext> {
    let mut xml = XmlReader::new(text);
    let root = xml.root("tmx")?;
    if let Some(v) = xml.attr(&root, "version")? {
        if !v.starts_with("1.") {
            return Err(xml.error_here(format!("TMX version `{v}` is not supported (1.1–1.4 are)")));
        }
    }
    let mut srclang: Option<String> = None;
    let mut target_lang: Option<String> = None;
    let mut units = Vec::new();
    // The tu being read: its score and its (lang, text) variants.
    let mut score: Option<f32> = None;
    let mut status = LinkStatus::Proposed;
    let mut tuid: Option<String> = None;
    let mut tuvs: Vec<(String, String)> = Vec::new();
    let mut lang = String::new();
    let mut in_tuv = false;
    loop {
        match xml.next()? {
            Event::Start(e) => match local(e.name().0) {
                "header" => {
                    srclang = match xml.attr(&e, "srclang")? {
                        Some(all) if all == "*all*" => None,
                        Some(_) => xml.lang_attr(&e, "srclang")?,
                        None => None,
                    };
                }
                "tu" => {
                    score = None;
                    status = LinkStatus::Proposed;
                    tuid = xml.attr(&e, "tuid")?;
                    tuvs.clear();
                }
                "tuv" => {
                    in_tuv = true;
                    lang = match xml.lang_attr(&e, "xml:lang")? {
                        Some(l) => l,
                        None => xml.lang_attr(&e, "lang")?.ok_or_else(|| {
                            xml.error_here("<tuv> without `xml:lang` (or TMX 1.1 `lang`)")
                        })?,
                    };
                }
                "seg" => {
                    // One <seg> per <tuv>: a second one (or one outside a <tuv>) has no
                    // language of its own (found by the bitext_formats fuzz target: it
                    // was read with the language "" and written as xml:lang="").
                    if !in_tuv || lang.is_empty() {
                        return Err(xml.error_here(
                            "a <seg> outside a <tuv>, or a second <seg> in one <tuv>; TMX \
                             gives each <tuv> exactly one <seg>",
                        ));
                    }
                    let seg = xml.inline_text(classify)?;
                    tuvs.push((std::mem::take(&mut lang), seg));
                }
                "prop" if !in_tuv && xml.attr(&e, "type")?.as_deref() == Some("x-score") => {
                    let value = xml.inline_text(|_| Inline::Drop)?;
                    score = Some(super::parse_score(&value).map_err(|p| xml.error_here(p))?);
                }
                "prop" if !in_tuv && xml.attr(&e, "type")?.as_deref() == Some(STATUS_PROP) => {
                    let value = xml.inline_text(|_| Inline::Drop)?;
                    status = LinkStatus::from_name(&value).unwrap_or_default();
                }
                "note" | "prop" | "ude" => xml.skip()?,
                _ => {}
            },
            Event::End(e) => match local(e.name().0) {
                "tuv" => in_tuv = false,
                "tu" => {
                    // Without a header `srclang` the first <tuv> seen names the source; a
                    // <tu> with none names nothing (it was taken as the language "", which
                    // the writer then put in `srclang=""`: found by the bitext_formats
                    // fuzz target).
                    if srclang.is_none() {
                        srclang = tuvs.first().map(|t| t.0.clone());
                    }
                    let src = srclang.as_deref();
                    let source = src.and_then(|src| tuvs.iter().find(|t| same_lang(&t.0, src)));
                    if target_lang.is_none() {
                        if let Some(src) = src {
                            target_lang = tuvs
                                .iter()
                                .find(|t| !same_lang(&t.0, src))
                                .map(|t| t.0.clone());
                        }
                    }
                    let target = target_lang
                        .as_deref()
                        .and_then(|tl| tuvs.iter().find(|t| same_lang(&t.0, tl)));
                    units.push(ReadUnit {
                        source: source.map(|t| t.1.clone()),
                        target: target.map(|t| t.1.clone()),
                        score,
                        status,
                        id: tuid.take(),
                    });
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let source_lang = Lang::new(srclang.as_deref().unwrap_or("und"));
    let target_lang = Lang::new(target_lang.as_deref().unwrap_or("und"));
    Ok(bitext_from_units(source_lang, target_lang, units))
}
