//! Word documents (`.docx`, Office Open XML): the text a reader of the document sees, as
//! blocks with roles.
//!
//! Read from `word/document.xml` as it inflates, with `word/styles.xml` first for the
//! style names, then `word/footnotes.xml` and `word/endnotes.xml`:
//! - each `w:p` is a block; its role is `heading` when its style (or a style it is based
//!   on) is named `heading N`, `Title` or `Subtitle` or has an outline level,
//!   `list_item` when it is numbered (`w:numPr`, or a `List …` style), `caption` for the
//!   `Caption` style, `table_cell` inside a table (read row by row, cell by cell);
//! - text is `w:t`; `w:tab` a tab, `w:br` and `w:cr` a line break, `w:noBreakHyphen` U+2011,
//!   `w:sym` its character (not for symbol fonts' private code points);
//! - tracked changes are taken as accepted: `w:ins` and `w:moveTo` are text, `w:del`
//!   and `w:moveFrom` are not, and a paragraph whose mark was deleted runs on into the next;
//! - fields show their result, never their code (`w:instrText`, and what lies between
//!   a field's `begin` and `separate`);
//! - hidden text (`w:vanish`) is left out, and so are the fallback copies of
//!   `mc:AlternateContent` (text boxes would come twice);
//! - footnotes and endnotes come after the body, each paragraph a block;
//! - headers, footers and comments are not read.

use super::package::{Ns, Package, Tag, XmlEvent, XmlEvents};
use super::Extracted;
use crate::error::Result;
use crate::model::Role;
use std::collections::HashMap;
use std::io::BufRead;

const DOCUMENT: &str = "word/document.xml";

/// What a paragraph style says about its paragraphs.
#[derive(Clone, Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    numbered: bool,
}

pub fn extract(bytes: &[u8], limit: u64) -> Result<Extracted> {
    let mut package = Package::open(bytes, "DOCX", limit)?;
    if !package.has(DOCUMENT) {
        return Err(crate::Error::syntax(format!(
            "not a DOCX file: the archive has no {DOCUMENT} (an ODT, an EPUB or another zip?); \
             pass --input-format odt for an OpenDocument text"
        )));
    }
    let styles = match package.xml("word/styles.xml")? {
        Some(mut events) => read_styles(&mut events)?,
        None => HashMap::new(),
    };
    let mut out = Extracted::default();
    let mut body = Body::new(&styles, DOCUMENT);
    if let Some(mut events) = package.xml(DOCUMENT)? {
        body.read(&mut events, &mut out)?;
    }
    for part in ["word/footnotes.xml", "word/endnotes.xml"] {
        let mut notes = Body::new(&styles, part);
        if let Some(mut events) = package.xml(part)? {
            notes.read(&mut events, &mut out)?;
        }
    }
    Ok(out)
}

fn read_styles<R: BufRead>(events: &mut XmlEvents<R>) -> Result<HashMap<String, Style>> {
    let mut styles = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    loop {
        match events.next()? {
            XmlEvent::Start(tag) if tag.ns == Ns::W => match tag.name.as_str() {
                "style" => {
                    let paragraph = tag.attr(Ns::W, "type").map_or(true, |t| t == "paragraph");
                    current = match (paragraph, tag.attr(Ns::W, "styleId")) {
                        (true, Some(id)) => Some((id.to_string(), Style::default())),
                        _ => None,
                    };
                }
                "name" | "basedOn" | "outlineLvl" | "numId" => {
                    if let Some((_, style)) = current.as_mut() {
                        let val = tag.attr(Ns::W, "val").unwrap_or("");
                        match tag.name.as_str() {
                            "name" => style.name = val.to_ascii_lowercase(),
                            "basedOn" => style.based_on = Some(val.to_string()),
                            "outlineLvl" => style.outline = val.parse().ok(),
                            _ => style.numbered = val != "0",
                        }
                    }
                }
                _ => {}
            },
            XmlEvent::End(Ns::W, name) if name == "style" => {
                if let Some((id, style)) = current.take() {
                    styles.insert(id, style);
                }
            }
            XmlEvent::Eof => return Ok(styles),
            _ => {}
        }
    }
}

/// The role a style gives, following `basedOn` (at most 16 steps: a cycle ends there).
fn style_role(styles: &HashMap<String, Style>, id: &str) -> Option<Role> {
    let mut id = id;
    for _ in 0..16 {
        let style = styles.get(id)?;
        let name = style.name.as_str();
        if name.starts_with("heading") || name == "title" || name == "subtitle" {
            return Some(Role::Heading);
        }
        if style.outline.is_some_and(|l| l < 9) {
            return Some(Role::Heading);
        }
        if name == "caption" {
            return Some(Role::Caption);
        }
        if style.numbered || name.starts_with("list") {
            return Some(Role::ListItem);
        }
        id = style.based_on.as_deref()?;
    }
    None
}

/// One paragraph being read.
#[derive(Default)]
struct Paragraph {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    numbered: bool,
    mark_deleted: bool,
    in_table: bool,
    path: String,
}

/// A field between `begin` and `end`: its code until `separate`, then its result.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Code,
    Result,
}

struct Body<'s> {
    styles: &'s HashMap<String, Style>,
    part: &'static str,
    paragraphs: Vec<Paragraph>,
    fields: Vec<Field>,
    /// Text of paragraphs whose mark was deleted, waiting for the next paragraph.
    carried: String,
    run_hidden: bool,
    in_rpr: bool,
    in_ppr: bool,
    /// Open tables (row, cell counters) and the paragraph counter of each level.
    tables: Vec<(u32, u32)>,
    counters: Vec<u32>,
    table_count: u32,
    note: Option<String>,
}

impl<'s> Body<'s> {
    fn new(styles: &'s HashMap<String, Style>, part: &'static str) -> Body<'s> {
        Body {
            styles,
            part,
            paragraphs: Vec::new(),
            fields: Vec::new(),
            carried: String::new(),
            run_hidden: false,
            in_rpr: false,
            in_ppr: false,
            tables: Vec::new(),
            counters: vec![0],
            table_count: 0,
            note: None,
        }
    }

    fn shows_text(&self) -> bool {
        !self.run_hidden && !self.fields.contains(&Field::Code) && !self.paragraphs.is_empty()
    }

    fn push(&mut self, s: &str) {
        if self.shows_text() {
            if let Some(p) = self.paragraphs.last_mut() {
                p.text.push_str(s);
            }
        }
    }

    fn read<R: BufRead>(&mut self, events: &mut XmlEvents<R>, out: &mut Extracted) -> Result<()> {
        let mut in_text = false;
        loop {
            match events.next()? {
                XmlEvent::Start(tag) => {
                    if tag.ns == Ns::Mc && tag.name == "Fallback" {
                        events.skip()?;
                        continue;
                    }
                    if tag.ns != Ns::W {
                        continue;
                    }
                    match tag.name.as_str() {
                        // `w:pPr/w:rPr/w:del`: the paragraph mark was deleted.
                        "del" if self.in_ppr && self.in_rpr => {
                            if let Some(p) = self.paragraphs.last_mut() {
                                p.mark_deleted = true;
                            }
                            events.skip()?;
                        }
                        // Deleted text, field codes, properties that hold no text.
                        "del" | "moveFrom" | "instrText" | "delText" | "sdtPr" | "tblPr"
                        | "tblGrid" | "sectPr" | "trPr" | "tcPr" => events.skip()?,
                        "footnote" | "endnote" => {
                            let kind = tag.attr(Ns::W, "type").unwrap_or("normal");
                            if kind != "normal" {
                                events.skip()?;
                                continue;
                            }
                            let id = tag.attr(Ns::W, "id").unwrap_or("?");
                            self.note = Some(format!("{}[id={id}]", tag.name));
                            self.counters = vec![0];
                        }
                        "p" => self.open_paragraph(),
                        "pPr" => self.in_ppr = true,
                        "rPr" => self.in_rpr = true,
                        "r" => self.run_hidden = false,
                        "vanish" | "specVanish" if self.in_rpr && !self.in_ppr => {
                            self.run_hidden = on(&tag);
                        }
                        "pStyle" if self.in_ppr => {
                            if let Some(p) = self.paragraphs.last_mut() {
                                p.style = tag.attr(Ns::W, "val").map(str::to_string);
                            }
                        }
                        "outlineLvl" if self.in_ppr => {
                            if let Some(p) = self.paragraphs.last_mut() {
                                p.outline = tag.attr(Ns::W, "val").and_then(|v| v.parse().ok());
                            }
                        }
                        "numId" if self.in_ppr => {
                            if let Some(p) = self.paragraphs.last_mut() {
                                p.numbered = tag.attr(Ns::W, "val").is_some_and(|v| v != "0");
                            }
                        }
                        "t" => in_text = true,
                        "tab" if !self.in_ppr => self.push("\t"),
                        "br" | "cr" => self.push("\n"),
                        "noBreakHyphen" => self.push("\u{2011}"),
                        "sym" => {
                            let c = tag
                                .attr(Ns::W, "char")
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .filter(|&c| !(0xE000..=0xF8FF).contains(&c))
                                .and_then(char::from_u32);
                            if let Some(c) = c {
                                self.push(c.encode_utf8(&mut [0; 4]));
                            }
                        }
                        "fldChar" => match tag.attr(Ns::W, "fldCharType") {
                            Some("begin") => self.fields.push(Field::Code),
                            Some("separate") => {
                                if let Some(f) = self.fields.last_mut() {
                                    *f = Field::Result;
                                }
                            }
                            Some("end") => {
                                self.fields.pop();
                            }
                            _ => {}
                        },
                        "tbl" => {
                            self.table_count += 1;
                            self.tables.push((0, 0));
                        }
                        "tr" => {
                            if let Some(t) = self.tables.last_mut() {
                                t.0 += 1;
                                t.1 = 0;
                            }
                        }
                        "tc" => {
                            if let Some(t) = self.tables.last_mut() {
                                t.1 += 1;
                            }
                            self.counters.push(0);
                        }
                        _ => {}
                    }
                }
                XmlEvent::Text(t) => {
                    if in_text {
                        self.push(&t);
                    }
                }
                XmlEvent::End(Ns::W, name) => match name.as_str() {
                    "t" => in_text = false,
                    "pPr" => self.in_ppr = false,
                    "rPr" => self.in_rpr = false,
                    "r" => self.run_hidden = false,
                    "p" => self.close_paragraph(out),
                    "tbl" => {
                        self.tables.pop();
                    }
                    "tc" if self.counters.len() > 1 => {
                        self.counters.pop();
                    }
                    "footnote" | "endnote" => {
                        self.note = None;
                        self.counters = vec![0];
                    }
                    _ => {}
                },
                XmlEvent::Eof => break,
                XmlEvent::End(..) => {}
            }
        }
        // A deleted mark on the last paragraph leaves text with nowhere to go.
        if !self.carried.is_empty() {
            let text = std::mem::take(&mut self.carried);
            out.push_block(&text, Role::Paragraph, Some(self.part.to_string()));
        }
        Ok(())
    }

    fn open_paragraph(&mut self) {
        if let Some(counter) = self.counters.last_mut() {
            *counter += 1;
        }
        let k = self.counters.last().copied().unwrap_or(1);
        let mut path = String::from(self.part);
        path.push(' ');
        if let Some(note) = &self.note {
            path.push_str(note);
            path.push('/');
        }
        if let Some(&(row, cell)) = self.tables.last() {
            path.push_str(&format!("tbl[{}]/tr[{row}]/tc[{cell}]/", self.table_count));
        }
        path.push_str(&format!("p[{k}]"));
        self.paragraphs.push(Paragraph {
            in_table: !self.tables.is_empty(),
            path,
            ..Paragraph::default()
        });
    }

    fn close_paragraph(&mut self, out: &mut Extracted) {
        let Some(p) = self.paragraphs.pop() else {
            return;
        };
        let mut text = std::mem::take(&mut self.carried);
        text.push_str(&p.text);
        if p.mark_deleted {
            self.carried = text;
            return;
        }
        let role = if p.outline.is_some_and(|l| l < 9) {
            Role::Heading
        } else if p.numbered {
            Role::ListItem
        } else {
            match p.style.as_deref().and_then(|s| style_role(self.styles, s)) {
                Some(role) => role,
                None if p.in_table => Role::TableCell,
                None => Role::Paragraph,
            }
        };
        let role = if p.in_table && role == Role::Paragraph {
            Role::TableCell
        } else {
            role
        };
        out.push_block(&text, role, Some(p.path));
    }
}

/// A toggle property (`<w:vanish/>`, `<w:vanish w:val="false"/>`) is on unless said off.
fn on(tag: &Tag) -> bool {
    !matches!(tag.attr(Ns::W, "val"), Some("false" | "0" | "off"))
}
