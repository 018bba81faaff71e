//! OpenDocument texts (`.odt`): the same blocks as a Word document, from `content.xml`
//! (styles from `styles.xml` and the automatic styles of `content.xml`).
//!
//! - `text:h` is a heading; `text:p` a paragraph, a heading when its style (or a parent)
//!   is `Title` or `Subtitle`, a caption under the `Caption` style family of paragraph
//!   styles (LibreOffice's Figure, Table, Illustration, Drawing and Text captions are its
//!   children); inside `text:list-item` a list item; inside `table:table-cell` a table
//!   cell (tables row by row; covered cells of a merge hold nothing).
//! - `text:s` is its count of spaces, `text:tab` a tab, `text:line-break` a line break;
//!   other white space collapses as ODF says.
//! - Tracked changes are taken as accepted: the deleted text lives in
//!   `text:tracked-changes`, which is not read; inserted text is in the body already.
//! - Footnotes and endnotes (`text:note`) come after the body, without their citation
//!   mark; comments (`office:annotation`), hidden text and paragraphs, and the
//!   declarations of fields and sequences are not text; a table of contents or an index
//!   is kept, marked `boilerplate` (it repeats the headings).

use super::package::{Ns, Package, XmlEvent, XmlEvents};
use super::Extracted;
use crate::error::{Error, Result};
use crate::model::Role;
use std::collections::{HashMap, HashSet};
use std::io::BufRead;

const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.text";

/// Paragraph styles: name → (parent, display name); and text styles that hide text.
#[derive(Default)]
struct Styles {
    parents: HashMap<String, String>,
    hidden: HashSet<String>,
}

impl Styles {
    /// The role a paragraph style gives, following parents (16 steps at most).
    fn role(&self, name: &str) -> Option<Role> {
        let mut name = name;
        for _ in 0..16 {
            let plain = name.replace("_20_", " ").to_ascii_lowercase();
            match plain.as_str() {
                "title" | "subtitle" => return Some(Role::Heading),
                "caption" => return Some(Role::Caption),
                _ => {}
            }
            if plain.starts_with("heading") && plain != "heading" {
                return Some(Role::Heading);
            }
            name = self.parents.get(name)?;
        }
        None
    }
}

/// True when the bytes are a zip whose `mimetype` says OpenDocument text.
pub fn is_odt(package: &mut Package<'_>) -> Result<bool> {
    Ok(package
        .read_small("mimetype", 256)?
        .is_some_and(|m| m.trim_ascii() == MIMETYPE))
}

pub fn extract(bytes: &[u8], limit: u64) -> Result<Extracted> {
    let mut package = Package::open(bytes, "ODT", limit)?;
    if !package.has("content.xml") {
        return Err(Error::syntax(
            "not an ODT file: the archive has no content.xml (a DOCX or another zip?); \
             pass --input-format docx for a Word document",
        ));
    }
    let mut styles = Styles::default();
    if let Some(mut events) = package.xml("styles.xml")? {
        read_styles(&mut events, &mut styles)?;
    }
    let mut out = Extracted::default();
    let mut notes = Vec::new();
    if let Some(mut events) = package.xml("content.xml")? {
        Body::new(&mut styles).read(&mut events, &mut out, &mut notes)?;
    }
    for (text, path) in notes {
        out.push_block(&text, Role::Paragraph, Some(path));
    }
    Ok(out)
}

/// Reads `style:style` declarations until `stop` (the end of the styles part, or of
/// `office:automatic-styles` in `content.xml`).
fn read_styles<R: BufRead>(events: &mut XmlEvents<R>, styles: &mut Styles) -> Result<()> {
    let mut current: Option<String> = None;
    loop {
        match events.next()? {
            XmlEvent::Start(tag) if tag.is(Ns::Style, "style") => {
                let name = tag.attr(Ns::Style, "name").unwrap_or("").to_string();
                if let Some(parent) = tag.attr(Ns::Style, "parent-style-name") {
                    styles.parents.insert(name.clone(), parent.to_string());
                }
                current = Some(name);
            }
            XmlEvent::Start(tag)
                if tag.is(Ns::Style, "text-properties")
                    && tag.attr(Ns::Text, "display") == Some("none") =>
            {
                if let Some(name) = &current {
                    styles.hidden.insert(name.clone());
                }
            }
            XmlEvent::End(Ns::Style, name) if name == "style" => current = None,
            XmlEvent::End(Ns::Office, name) if name == "automatic-styles" => return Ok(()),
            XmlEvent::Eof => return Ok(()),
            _ => {}
        }
    }
}

struct Paragraph {
    text: String,
    role: Role,
    path: String,
    /// White space owed before the next character (ODF collapses runs of it).
    space: bool,
}

struct Body<'s> {
    styles: &'s mut Styles,
    paragraphs: Vec<Paragraph>,
    lists: u32,
    /// Open tables: (row, cell) counters.
    tables: Vec<(u32, u32)>,
    table_count: u32,
    index: u32,
    hidden: u32,
    /// Open notes: (kind and number, paragraphs so far) and the finished notes.
    note: Vec<(String, u32)>,
    note_count: u32,
    in_body_of_note: u32,
    counter: u32,
}

impl<'s> Body<'s> {
    fn new(styles: &'s mut Styles) -> Body<'s> {
        Body {
            styles,
            paragraphs: Vec::new(),
            lists: 0,
            tables: Vec::new(),
            table_count: 0,
            index: 0,
            hidden: 0,
            note: Vec::new(),
            note_count: 0,
            in_body_of_note: 0,
            counter: 0,
        }
    }

    fn push(&mut self, s: &str) {
        if self.hidden > 0 {
            return;
        }
        let Some(p) = self.paragraphs.last_mut() else {
            return;
        };
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                p.space = true;
                continue;
            }
            if p.space && !p.text.is_empty() && !p.text.ends_with(['\n', '\t', ' ']) {
                p.text.push(' ');
            }
            p.space = false;
            p.text.push(c);
        }
    }

    /// Text written by an element (`text:s`, `text:tab`): kept as it is.
    fn push_literal(&mut self, s: &str) {
        if self.hidden > 0 {
            return;
        }
        if let Some(p) = self.paragraphs.last_mut() {
            p.text.push_str(s);
            p.space = false;
        }
    }

    fn read<R: BufRead>(
        &mut self,
        events: &mut XmlEvents<R>,
        out: &mut Extracted,
        notes: &mut Vec<(String, String)>,
    ) -> Result<()> {
        // A stack of the spans that hide their text, so their ends are known.
        let mut spans: Vec<bool> = Vec::new();
        loop {
            match events.next()? {
                XmlEvent::Start(tag) => match (tag.ns, tag.name.as_str()) {
                    (Ns::Office, "automatic-styles") => read_styles(events, self.styles)?,
                    (Ns::Text, "tracked-changes")
                    | (Ns::Text, "note-citation")
                    | (Ns::Text, "sequence-decls")
                    | (Ns::Text, "variable-decls")
                    | (Ns::Text, "user-field-decls")
                    | (Ns::Text, "hidden-text")
                    | (Ns::Text, "hidden-paragraph")
                    | (Ns::Text, "table-of-content-source")
                    | (Ns::Text, "alphabetical-index-source")
                    | (Ns::Office, "annotation")
                    | (Ns::Office, "forms")
                    | (Ns::Office, "scripts")
                    | (Ns::Office, "font-face-decls")
                    | (Ns::Table, "covered-table-cell") => events.skip()?,
                    (Ns::Text, "p") | (Ns::Text, "h") => {
                        let style = tag.attr(Ns::Text, "style-name").unwrap_or("");
                        let role = if tag.name == "h" {
                            Role::Heading
                        } else if self.index > 0 {
                            Role::Boilerplate
                        } else if let Some(role) = self.styles.role(style) {
                            role
                        } else if self.lists > 0 {
                            Role::ListItem
                        } else if !self.tables.is_empty() {
                            Role::TableCell
                        } else {
                            Role::Paragraph
                        };
                        let path = self.path(&tag.name);
                        self.paragraphs.push(Paragraph {
                            text: String::new(),
                            role,
                            path,
                            space: false,
                        });
                    }
                    (Ns::Text, "span") => {
                        let hides = tag
                            .attr(Ns::Text, "style-name")
                            .is_some_and(|s| self.styles.hidden.contains(s));
                        self.hidden += u32::from(hides);
                        spans.push(hides);
                    }
                    (Ns::Text, "s") => {
                        let n: usize = tag
                            .attr(Ns::Text, "c")
                            .and_then(|c| c.parse().ok())
                            .unwrap_or(1)
                            .min(1000);
                        self.push_literal(&" ".repeat(n));
                    }
                    (Ns::Text, "tab") => self.push_literal("\t"),
                    (Ns::Text, "line-break") => self.push_literal("\n"),
                    (Ns::Text, "list") => self.lists += 1,
                    (Ns::Text, name) if is_index(name) => self.index += 1,
                    (Ns::Text, "note") => {
                        self.note_count += 1;
                        let class = tag.attr(Ns::Text, "note-class").unwrap_or("footnote");
                        self.note.push((format!("{class}[{}]", self.note_count), 0));
                    }
                    (Ns::Text, "note-body") => self.in_body_of_note += 1,
                    (Ns::Table, "table") => {
                        self.table_count += 1;
                        self.tables.push((0, 0));
                    }
                    (Ns::Table, "table-row") => {
                        if let Some(t) = self.tables.last_mut() {
                            *t = (t.0 + 1, 0);
                        }
                    }
                    (Ns::Table, "table-cell") => {
                        if let Some(t) = self.tables.last_mut() {
                            t.1 += 1;
                        }
                    }
                    _ => {}
                },
                XmlEvent::Text(t) => self.push(&t),
                XmlEvent::End(ns, name) => match (ns, name.as_str()) {
                    (Ns::Text, "p") | (Ns::Text, "h") => {
                        let Some(p) = self.paragraphs.pop() else {
                            continue;
                        };
                        if self.in_body_of_note > 0 {
                            notes.push((p.text, p.path));
                        } else {
                            out.push_block(&p.text, p.role, Some(p.path));
                        }
                    }
                    (Ns::Text, "span") => {
                        let hid = spans.pop() == Some(true);
                        self.hidden -= u32::from(hid);
                    }
                    (Ns::Text, "list") => self.lists = self.lists.saturating_sub(1),
                    (Ns::Text, "note") => {
                        self.note.pop();
                    }
                    (Ns::Text, "note-body") => {
                        self.in_body_of_note = self.in_body_of_note.saturating_sub(1)
                    }
                    (Ns::Text, name) if is_index(name) => self.index = self.index.saturating_sub(1),
                    (Ns::Table, "table") => {
                        self.tables.pop();
                    }
                    _ => {}
                },
                XmlEvent::Eof => return Ok(()),
            }
        }
    }

    /// `content.xml p[12]`, `content.xml table[1]/row[2]/cell[3]/p[13]`,
    /// `content.xml footnote[2]/p[40]`: paragraphs are counted through the whole part.
    fn path(&mut self, name: &str) -> String {
        self.counter += 1;
        let mut path = String::from("content.xml ");
        if let Some((note, _)) = self.note.last() {
            path.push_str(note);
            path.push('/');
        }
        if let Some(&(row, cell)) = self.tables.last() {
            path.push_str(&format!(
                "table[{}]/row[{row}]/cell[{cell}]/",
                self.table_count
            ));
        }
        path.push_str(&format!("{name}[{}]", self.counter));
        path
    }
}

/// A generated table of contents or index: its entries repeat the headings.
fn is_index(name: &str) -> bool {
    matches!(
        name,
        "table-of-content"
            | "alphabetical-index"
            | "illustration-index"
            | "table-index"
            | "object-index"
            | "user-index"
            | "bibliography"
    )
}
