//! TBX (TermBase eXchange, ISO 30042), the termbase format CAT tools exchange.
//!
//! Both editions are read: v2 (`<martif type="TBX">`, `termEntry/langSet/tig/term`, what
//! OmegaT and translate-toolkit read and write) and v3 (`<tbx xmlns="urn:iso:std:iso:30042:ed-2">`,
//! `conceptEntry/langSec/termSec/term`). Elements are matched by local name, so a
//! namespace prefix does not matter. v2 is written by default because that is what the
//! tools read; v3 on request.
//!
//! Mapping onto an [`Entity`]: the entry id is the entity id; every `ar` term is an Arabic
//! form; among `en` terms the `administrativeStatus` decides — the first `preferredTerm`
//! is `en`, other preferred, admitted and unmarked terms are `en_alt`, deprecated,
//! superseded and forbidden terms are `en_forbidden`. The kind is
//! `<descrip type="entityKind">`, the note `<note>`, the silenced rules
//! `<admin type="qarin-ignore">`.
//!
//! No DTD is read and no entity other than the five XML ones and character references is
//! expanded: a termbase cannot make the reader fetch files or blow up memory.

use super::validate::is_kebab_id;
use super::{Entity, EntityKind, Glossary, Located, FIELD_COUNT};
use crate::error::{Error, Result};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::Write;

/// Which TBX edition to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TbxVersion {
    /// ISO 30042:2008, `<martif type="TBX">`: what OmegaT and translate-toolkit read.
    #[default]
    V2,
    /// ISO 30042:2019, `<tbx xmlns="urn:iso:std:iso:30042:ed-2">`.
    V3,
}

const STATUS_PREFERRED: &str = "preferredTerm-admn-sts";
const STATUS_ADMITTED: &str = "admittedTerm-admn-sts";
const STATUS_DEPRECATED: &str = "deprecatedTerm-admn-sts";
const KIND_TYPE: &str = "entityKind";
const IGNORE_TYPE: &str = "qarin-ignore";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Preferred,
    Allowed,
    Forbidden,
}

/// Reads `administrativeStatus` (and the older `normativeAuthorization`) values, with or
/// without the `-admn-sts` suffix.
fn parse_status(value: &str) -> Status {
    let v = value.trim().to_ascii_lowercase();
    if v.starts_with("preferred") {
        Status::Preferred
    } else if v.starts_with("deprecated")
        || v.starts_with("superseded")
        || v.starts_with("forbidden")
    {
        Status::Forbidden
    } else {
        Status::Allowed
    }
}

#[derive(Default)]
struct Term {
    text: String,
    status: Option<Status>,
}

#[derive(Default)]
struct Entry {
    id: Option<String>,
    line: usize,
    kind: Option<String>,
    notes: Vec<String>,
    ignore: Vec<String>,
    ar: Vec<Term>,
    en: Vec<Term>,
}

/// What the text being collected belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    Term,
    Status,
    Kind,
    Note,
    Ignore,
}

/// Byte offset → 1-based line number, by binary search over line starts.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines(starts)
    }
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).max(1)
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

pub(crate) fn read(text: &str) -> (Vec<Located>, Vec<Error>) {
    let lines = Lines::new(text);
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;

    let mut root_seen = false;
    let mut entry: Option<Entry> = None;
    let mut lang: Option<String> = None;
    let mut term: Option<Term> = None;
    let mut capture: Option<(Capture, usize)> = None;
    let mut buffer = String::new();
    let mut depth = 0usize;
    let mut entry_count = 0usize;
    let mut document_end = crate::io::XmlDocumentEnd::default();
    let mut oversized = false;

    loop {
        let at = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let pos = reader.error_position() as usize;
                problems.push(
                    Error::syntax(format!("not well-formed XML: {e}; fix the markup"))
                        .at_line(lines.line(pos)),
                );
                break;
            }
        };
        if let Err(problem) = document_end.see(&event) {
            problems.push(Error::syntax(problem).at_line(lines.line(at)));
            break;
        }
        match event {
            Event::Start(ref e) | Event::Empty(ref e) if !root_seen => {
                root_seen = true;
                if let Some(problem) = check_root(e) {
                    problems.push(problem.at_line(lines.line(at)));
                    break;
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::Start(e) => {
                depth += 1;
                let name = local(&e);
                start_element(
                    &name,
                    &e,
                    lines.line(at),
                    depth,
                    &mut entry,
                    &mut lang,
                    &mut term,
                    &mut capture,
                    &mut buffer,
                    &mut entry_count,
                );
            }
            Event::Empty(e) => {
                // `<termEntry/>` and the like carry nothing; an empty `<term/>` is a
                // missing form, reported when the entry closes.
                let name = local(&e);
                if (name == "tig" || name == "termSec" || name == "ntig") && entry.is_some() {
                    problems.push(
                        Error::syntax("empty term container; give it a `<term>` or remove it")
                            .at_line(lines.line(at)),
                    );
                }
            }
            Event::Text(t) if capture.is_some() => {
                oversized |= !push_bounded(&mut buffer, &t.xml10_content());
            }
            Event::CData(t) if capture.is_some() => {
                oversized |= !push_bounded(&mut buffer, &t.xml10_content());
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        let name = r.xml10_content();
                        quick_xml::escape::resolve_xml_entity(&name).map(str::to_string)
                    }
                    Err(_) => None,
                };
                match resolved {
                    Some(s) => {
                        if capture.is_some() {
                            buffer.push_str(&s);
                        }
                    }
                    None => problems.push(
                        Error::syntax(format!(
                            "entity `&{};` is not expanded (only &amp; &lt; &gt; &quot; &apos; \
                             and character references are); write the character itself",
                            r.xml10_content()
                        ))
                        .at_line(lines.line(at)),
                    ),
                }
            }
            Event::End(e) => {
                let name = local_end(&e);
                if let Some((what, at_depth)) = capture {
                    if at_depth == depth {
                        if std::mem::take(&mut oversized) {
                            problems.push(
                                Error::syntax(format!(
                                    "a term, note or status longer than {} KB; a glossary \
                                     field is a few words (is this the right file?)",
                                    super::MAX_FIELD_BYTES / 1024
                                ))
                                .at_line(lines.line(at)),
                            );
                        }
                        let value = std::mem::take(&mut buffer);
                        if let Some(c) = value
                            .chars()
                            .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                        {
                            problems.push(
                                Error::syntax(format!(
                                    "control character U+{:04X} in a term, note or status; \
                                     remove it (XML 1.0 cannot hold it, so no TBX could \
                                     give it back)",
                                    c as u32
                                ))
                                .at_line(lines.line(at)),
                            );
                        }
                        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
                        capture = None;
                        match what {
                            Capture::Term => {
                                if let Some(t) = term.as_mut() {
                                    t.text = value;
                                }
                            }
                            Capture::Status => {
                                if let Some(t) = term.as_mut() {
                                    t.status = Some(parse_status(&value));
                                }
                            }
                            Capture::Kind => {
                                if let Some(en) = entry.as_mut() {
                                    en.kind = Some(value);
                                }
                            }
                            Capture::Note => {
                                if let Some(en) = entry.as_mut() {
                                    if !value.is_empty() {
                                        en.notes.push(value);
                                    }
                                }
                            }
                            Capture::Ignore => {
                                if let Some(en) = entry.as_mut() {
                                    en.ignore.extend(
                                        value
                                            .split('|')
                                            .map(str::trim)
                                            .filter(|s| !s.is_empty())
                                            .map(str::to_string),
                                    );
                                }
                            }
                        }
                    }
                }
                match name.as_str() {
                    "tig" | "ntig" | "termSec" => {
                        if let (Some(t), Some(en)) = (term.take(), entry.as_mut()) {
                            match lang.as_deref() {
                                Some("ar") => en.ar.push(t),
                                Some("en") => en.en.push(t),
                                _ => {}
                            }
                        }
                    }
                    "langSet" | "langSec" => lang = None,
                    "termEntry" | "conceptEntry" => {
                        if let Some(en) = entry.take() {
                            if let Some(located) = finish_entry(en, &mut problems) {
                                out.push(located);
                            }
                        }
                    }
                    _ => {}
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen && problems.is_empty() {
        problems.push(Error::syntax(
            "no XML element found; a TBX file starts with `<martif>` or `<tbx>`",
        ));
    }
    (out, problems)
}

/// Appends `text` unless the field would outgrow [`super::MAX_FIELD_BYTES`]; false when
/// it was left out, so a 100 MB text node costs a scan, not gigabytes of copies.
fn push_bounded(buffer: &mut String, text: &str) -> bool {
    if buffer.len() + text.len() > super::MAX_FIELD_BYTES {
        return false;
    }
    buffer.push_str(text);
    true
}

fn local_end(e: &quick_xml::events::BytesEnd) -> String {
    e.local_name().as_ref().to_string()
}

fn check_root(e: &BytesStart) -> Option<Error> {
    let name = local(e);
    (name != "martif" && name != "tbx").then(|| {
        Error::syntax(format!(
            "not a TBX file: the root element is `<{}>`, expected `<martif>` (TBX v2) or \
             `<tbx>` (TBX v3)",
            name
        ))
    })
}

#[allow(clippy::too_many_arguments)]
fn start_element(
    name: &str,
    e: &BytesStart,
    line: usize,
    depth: usize,
    entry: &mut Option<Entry>,
    lang: &mut Option<String>,
    term: &mut Option<Term>,
    capture: &mut Option<(Capture, usize)>,
    buffer: &mut String,
    entry_count: &mut usize,
) {
    match name {
        "termEntry" | "conceptEntry" => {
            *entry_count += 1;
            *entry = Some(Entry {
                id: attr(e, "id"),
                line,
                ..Entry::default()
            });
        }
        "langSet" | "langSec" => {
            *lang = attr(e, "xml:lang")
                .or_else(|| attr(e, "lang"))
                .map(|l| crate::model::Lang::new(&l).primary());
        }
        "tig" | "ntig" | "termSec" => *term = Some(Term::default()),
        _ if capture.is_some() => {}
        "term" if term.is_some() => {
            buffer.clear();
            *capture = Some((Capture::Term, depth));
        }
        "termNote" if term.is_some() => {
            let kind = attr(e, "type").unwrap_or_default();
            if kind == "administrativeStatus" || kind == "normativeAuthorization" {
                buffer.clear();
                *capture = Some((Capture::Status, depth));
            }
        }
        "descrip" if entry.is_some() && attr(e, "type").as_deref() == Some(KIND_TYPE) => {
            buffer.clear();
            *capture = Some((Capture::Kind, depth));
        }
        "note" if entry.is_some() => {
            buffer.clear();
            *capture = Some((Capture::Note, depth));
        }
        "admin" if entry.is_some() && attr(e, "type").as_deref() == Some(IGNORE_TYPE) => {
            buffer.clear();
            *capture = Some((Capture::Ignore, depth));
        }
        _ => {}
    }
}

fn finish_entry(entry: Entry, problems: &mut Vec<Error>) -> Option<Located> {
    let line = entry.line;
    let before = problems.len();
    let mut report = |msg: String| problems.push(Error::syntax(msg).at_line(line));
    let label = entry.id.clone().unwrap_or_else(|| "without id".into());

    for t in entry.ar.iter().chain(&entry.en) {
        if t.text.is_empty() {
            report(format!(
                "entry `{label}` has an empty `<term>`; fill it in or remove it"
            ));
        }
    }
    let ar: Vec<String> = entry
        .ar
        .iter()
        .filter(|t| !t.text.is_empty())
        .map(|t| t.text.clone())
        .collect();
    let en_terms: Vec<&Term> = entry.en.iter().filter(|t| !t.text.is_empty()).collect();
    let canonical = en_terms
        .iter()
        .position(|t| t.status == Some(Status::Preferred))
        .or_else(|| {
            en_terms
                .iter()
                .position(|t| t.status != Some(Status::Forbidden))
        });
    if ar.is_empty() {
        report(format!(
            "entry `{label}` has no Arabic term; add a `xml:lang=\"ar\"` language section"
        ));
    }
    let Some(canonical) = canonical else {
        report(format!(
            "entry `{label}` has no English term that is not forbidden; add a preferred \
             `xml:lang=\"en\"` term"
        ));
        return None;
    };
    let kind = match entry.kind.as_deref() {
        None => EntityKind::Term,
        Some(k) => match EntityKind::parse(k) {
            Some(kind) => kind,
            None => {
                report(format!(
                    "entry `{label}`: unknown entityKind `{k}`; use one of {}",
                    EntityKind::ALL.map(|k| k.as_str()).join(", ")
                ));
                EntityKind::Term
            }
        },
    };
    let en = en_terms[canonical].text.clone();
    let (mut en_alt, mut en_forbidden) = (Vec::new(), Vec::new());
    for (i, t) in en_terms.iter().enumerate() {
        if i == canonical {
            continue;
        }
        match t.status {
            Some(Status::Forbidden) => en_forbidden.push(t.text.clone()),
            _ => en_alt.push(t.text.clone()),
        }
    }
    // A termbase made elsewhere may have no ids or other ones: derive one from English.
    let id = match entry.id {
        Some(id) if is_kebab_id(&id) => id,
        _ => slug(&en),
    };
    if problems.len() > before {
        return None;
    }
    Some(Located {
        entity: Entity {
            id,
            kind,
            ar,
            en,
            en_alt,
            en_forbidden,
            note: (!entry.notes.is_empty()).then(|| entry.notes.join("; ")),
            ignore: entry.ignore,
        },
        line,
        columns: [1; FIELD_COUNT],
    })
}

/// `Sergei Naryshkin` → `sergei-naryshkin`; `ﻻ` or digits first → prefixed so it stays a
/// valid id.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out
    } else {
        format!("entry-{out}").trim_end_matches('-').to_string()
    }
}

/// Escapes text for XML and drops the characters XML 1.0 cannot carry at all.
fn xml_text(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .collect();
    quick_xml::escape::escape(allowed.as_str()).into_owned()
}

pub(crate) fn write(g: &Glossary, version: TbxVersion, out: &mut dyn Write) -> Result<()> {
    // Both TBX schemas require at least one entry in <body>: an empty file would not
    // validate, and an empty glossary is more likely a mistake than a wish.
    if g.is_empty() {
        return Err(Error::usage(
            "the glossary has no entries; TBX needs at least one (add entries, or export \
             another glossary)",
        ));
    }
    let (entry_el, lang_el, term_el) = match version {
        TbxVersion::V2 => ("termEntry", "langSet", "tig"),
        TbxVersion::V3 => ("conceptEntry", "langSec", "termSec"),
    };
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match version {
        TbxVersion::V2 => {
            // No DOCTYPE: a parser that tries to fetch an unresolvable DTD (Java's, by
            // default) would fail, and validation passes the DTD explicitly anyway.
            x.push_str("<martif type=\"TBX\" xml:lang=\"en\">\n  <martifHeader>\n");
        }
        TbxVersion::V3 => {
            x.push_str(
                "<tbx type=\"TBX-Core\" style=\"dca\" xml:lang=\"en\" \
                 xmlns=\"urn:iso:std:iso:30042:ed-2\">\n  <tbxHeader>\n",
            );
        }
    }
    x.push_str(
        "    <fileDesc>\n      <sourceDesc>\n        <p>Arabic–English glossary written by qarin \
         (glossary convert)</p>\n      </sourceDesc>\n    </fileDesc>\n",
    );
    x.push_str(match version {
        TbxVersion::V2 => "  </martifHeader>\n",
        TbxVersion::V3 => "  </tbxHeader>\n",
    });
    x.push_str("  <text>\n    <body>\n");
    for e in &g.entities {
        x.push_str(&format!("      <{entry_el} id=\"{}\">\n", xml_text(&e.id)));
        x.push_str(&format!(
            "        <descrip type=\"{KIND_TYPE}\">{}</descrip>\n",
            e.kind.as_str()
        ));
        if let Some(note) = &e.note {
            x.push_str(&format!("        <note>{}</note>\n", xml_text(note)));
        }
        if !e.ignore.is_empty() {
            x.push_str(&format!(
                "        <admin type=\"{IGNORE_TYPE}\">{}</admin>\n",
                xml_text(&e.ignore.join("|"))
            ));
        }
        let arabic = e.ar.iter().enumerate().map(|(i, f)| {
            (
                f.as_str(),
                if i == 0 {
                    STATUS_PREFERRED
                } else {
                    STATUS_ADMITTED
                },
            )
        });
        let english = std::iter::once((e.en.as_str(), STATUS_PREFERRED))
            .chain(e.en_alt.iter().map(|f| (f.as_str(), STATUS_ADMITTED)))
            .chain(
                e.en_forbidden
                    .iter()
                    .map(|f| (f.as_str(), STATUS_DEPRECATED)),
            );
        for (lang, terms) in [
            ("ar", arabic.collect::<Vec<_>>()),
            ("en", english.collect()),
        ] {
            if terms.is_empty() {
                continue;
            }
            x.push_str(&format!("        <{lang_el} xml:lang=\"{lang}\">\n"));
            for (form, status) in terms {
                x.push_str(&format!(
                    "          <{term_el}>\n            <term>{}</term>\n            \
                     <termNote type=\"administrativeStatus\">{status}</termNote>\n          \
                     </{term_el}>\n",
                    xml_text(form)
                ));
            }
            x.push_str(&format!("        </{lang_el}>\n"));
        }
        x.push_str(&format!("      </{entry_el}>\n"));
    }
    x.push_str("    </body>\n  </text>\n");
    x.push_str(match version {
        TbxVersion::V2 => "</martif>\n",
        TbxVersion::V3 => "</tbx>\n",
    });
    out.write_all(x.as_bytes())
        .map_err(|e| Error::io("cannot write the glossary", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    const V2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="kyiv">
      <descrip type="entityKind">place</descrip>
      <note>Style since 2019 &amp; AP</note>
      <langSet xml:lang="ar-SA"><tig><term>كييف</term></tig></langSet>
      <langSet xml:lang="en">
        <tig><term>Kiev</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        <tig><term>Kyiv</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <ntig><termGrp><term>Kyiv City</term></termGrp></ntig>
      </langSet>
      <langSet xml:lang="fr"><tig><term>Kiev</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>"#;

    #[test]
    fn reads_v2_with_status_mapping_and_other_languages_ignored() {
        let (rows, problems) = read(V2);
        assert!(problems.is_empty(), "{problems:?}");
        let e = &rows[0].entity;
        assert_eq!(e.id, "kyiv");
        assert_eq!(e.kind, EntityKind::Place);
        assert_eq!(e.ar, ["كييف"]);
        assert_eq!(e.en, "Kyiv");
        assert_eq!(e.en_alt, ["Kyiv City"]);
        assert_eq!(e.en_forbidden, ["Kiev"]);
        assert_eq!(e.note.as_deref(), Some("Style since 2019 & AP"));
        assert_eq!(rows[0].line, 6);
    }

    #[test]
    fn reads_v3_with_a_namespace() {
        let v3 = r#"<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body><conceptEntry id="c1">
<langSec xml:lang="ar"><termSec><term>سي آي إيه</term></termSec></langSec>
<langSec xml:lang="en"><termSec><term>CIA</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
<termSec><term>Central Intelligence Agency</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec></langSec>
</conceptEntry></body></text></tbx>"#;
        let (rows, problems) = read(v3);
        assert!(problems.is_empty(), "{problems:?}");
        let e = &rows[0].entity;
        assert_eq!((e.id.as_str(), e.en.as_str()), ("c1", "CIA"));
        assert_eq!(e.en_forbidden, ["Central Intelligence Agency"]);
        assert_eq!(e.kind, EntityKind::Term);
    }

    #[test]
    fn external_entities_are_not_expanded() {
        let xml = r#"<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<martif type="TBX"><martifHeader><fileDesc><sourceDesc><p/></sourceDesc></fileDesc></martifHeader>
<text><body><termEntry id="a"><langSet xml:lang="ar"><tig><term>أ&xxe;</term></tig></langSet>
<langSet xml:lang="en"><tig><term>A</term></tig></langSet></termEntry></body></text></martif>"#;
        let (_, problems) = read(xml);
        assert!(
            problems
                .iter()
                .any(|p| p.to_string().contains("`&xxe;` is not expanded")),
            "{problems:?}"
        );
    }

    #[test]
    fn malformed_xml_and_wrong_roots_are_reported_with_a_line() {
        let (_, p) = read("<martif>\n<text>\n</martif>");
        assert!(p[0].to_string().starts_with("line "), "{p:?}");
        assert!(p[0].to_string().contains("not well-formed"), "{p:?}");
        let (_, p) = read("<tmx version=\"1.4\"/>");
        assert!(p[0].to_string().contains("not a TBX file"), "{p:?}");
    }

    #[test]
    fn entries_missing_a_language_are_reported() {
        let xml = r#"<martif type="TBX"><text><body><termEntry id="a">
<langSet xml:lang="en"><tig><term>A</term></tig></langSet></termEntry></body></text></martif>"#;
        let (rows, p) = read(xml);
        assert!(rows.is_empty());
        assert!(p[0].to_string().contains("has no Arabic term"), "{p:?}");
    }

    #[test]
    fn ids_are_derived_when_missing() {
        assert_eq!(slug("Sergei Naryshkin"), "sergei-naryshkin");
        assert_eq!(slug("9/11 attacks"), "entry-9-11-attacks");
    }

    #[test]
    fn write_then_read_round_trips_in_both_versions() {
        let (rows, _) = read(V2);
        let g = Glossary {
            entities: rows.into_iter().map(|r| r.entity).collect(),
        };
        for version in [TbxVersion::V2, TbxVersion::V3] {
            let mut out = Vec::new();
            write(&g, version, &mut out).unwrap();
            let (back, problems) = read(std::str::from_utf8(&out).unwrap());
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(back[0].entity, g.entities[0], "{version:?}");
        }
    }
}
