//! The zip container of DOCX and ODT files, read with a bound on how much it may expand,
//! and the streaming XML events their parts are read with.
//!
//! A zip bomb (a few kilobytes that inflate to gigabytes) is stopped by counting the bytes
//! actually inflated, never by trusting the sizes the archive declares: once the parts
//! read so far pass [`MAX_EXPANDED`] the read fails with an error saying so. Parts are
//! parsed as they inflate, so memory holds the extracted text, not the XML.

use crate::error::{Error, Result};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::io::{BufRead, BufReader, Cursor, Read};

/// The most a document's parts may inflate to, all parts together: 256 MiB, ten times
/// the `document.xml` of a 2,000-page book.
pub const MAX_EXPANDED: u64 = 256 << 20;

/// An opened DOCX or ODT container.
pub(crate) struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes the parts may still inflate to.
    budget: std::rc::Rc<std::cell::Cell<u64>>,
    limit: u64,
}

impl<'a> Package<'a> {
    /// Opens the container; `what` names the format for the error ("DOCX").
    pub fn open(bytes: &'a [u8], what: &str, limit: u64) -> Result<Package<'a>> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Error::syntax(format!(
                "not a {what} file: it is not a zip archive ({e}); a {what} file is a zip of \
                 XML parts. If it is plain text or HTML, pass --input-format text or html"
            ))
        })?;
        Ok(Package {
            archive,
            budget: std::rc::Rc::new(std::cell::Cell::new(limit)),
            limit,
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The whole of a small part (the ODT `mimetype`), within the budget.
    pub fn read_small(&mut self, name: &str, max: u64) -> Result<Option<Vec<u8>>> {
        let Some(mut reader) = self.reader(name)? else {
            return Ok(None);
        };
        let mut out = Vec::new();
        (&mut reader)
            .take(max)
            .read_to_end(&mut out)
            .map_err(|e| part_error(name, e))?;
        Ok(Some(out))
    }

    /// A reader of a part that fails once the package's budget is spent, or `None`
    /// when the part is absent.
    pub fn reader(&mut self, name: &str) -> Result<Option<Bounded<'_>>> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let file = self.archive.by_index(index).map_err(|e| {
            Error::syntax(format!(
                "{name}: cannot read this part of the archive ({e}); the file may be \
                 damaged or encrypted: open and save it again in your word processor"
            ))
        })?;
        Ok(Some(Bounded {
            inner: Box::new(file),
            budget: self.budget.clone(),
            limit: self.limit,
        }))
    }

    /// The XML events of a part, or `None` when the part is absent.
    pub fn xml(&mut self, name: &str) -> Result<Option<XmlEvents<BufReader<Bounded<'_>>>>> {
        Ok(self
            .reader(name)?
            .map(|r| XmlEvents::new(BufReader::with_capacity(64 * 1024, r), name)))
    }
}

fn part_error(name: &str, e: std::io::Error) -> Error {
    Error::syntax(format!("{name}: {e}"))
}

/// A part's bytes as they inflate, counted against the package's budget.
pub(crate) struct Bounded<'a> {
    inner: Box<dyn Read + 'a>,
    budget: std::rc::Rc<std::cell::Cell<u64>>,
    limit: u64,
}

impl Read for Bounded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.budget.get();
        if left == 0 {
            // One byte more tells a part that ends exactly at the limit from a bomb.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other(format!(
                    "the document expands to more than {} MiB; qarin stops here (a zip bomb, \
                     or a document far larger than any article)",
                    self.limit >> 20
                ))),
            };
        }
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.budget.set(left - n as u64);
        Ok(n)
    }
}

/// The namespaces the readers look at; everything else is `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML main.
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// OpenDocument `text:`, `table:`, `office:`, `style:`, `draw:`.
    Text,
    Table,
    Office,
    Style,
    Draw,
    Other,
}

fn ns_of(resolved: &ResolveResult<'_>) -> Ns {
    let ResolveResult::Bound(ns) = resolved else {
        return Ns::Other;
    };
    match ns.as_ref() {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main" => Ns::W,
        // Strict OOXML.
        "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        "urn:oasis:names:tc:opendocument:xmlns:text:1.0" => Ns::Text,
        "urn:oasis:names:tc:opendocument:xmlns:table:1.0" => Ns::Table,
        "urn:oasis:names:tc:opendocument:xmlns:office:1.0" => Ns::Office,
        "urn:oasis:names:tc:opendocument:xmlns:style:1.0" => Ns::Style,
        "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" => Ns::Draw,
        _ => Ns::Other,
    }
}

/// An element start with the attributes the readers may ask for.
#[derive(Debug)]
pub(crate) struct Tag {
    pub ns: Ns,
    pub name: String,
    attrs: Vec<(Ns, String, String)>,
}

impl Tag {
    pub fn is(&self, ns: Ns, name: &str) -> bool {
        self.ns == ns && self.name == name
    }
    /// The value of the attribute `ns:name`.
    pub fn attr(&self, ns: Ns, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, k, _)| *n == ns && k == name)
            .map(|(_, _, v)| v.as_str())
    }
}

/// What the readers see of a part.
#[derive(Debug)]
pub(crate) enum XmlEvent {
    Start(Tag),
    End(Ns, String),
    Text(String),
    Eof,
}

/// Streaming XML events with namespaces resolved; DOCTYPE entity declarations and
/// undeclared entities are refused (nothing is ever expanded).
pub(crate) struct XmlEvents<R: BufRead> {
    reader: NsReader<R>,
    buf: Vec<u8>,
    part: String,
}

impl<R: BufRead> XmlEvents<R> {
    pub fn new(input: R, part: &str) -> XmlEvents<R> {
        let mut reader = NsReader::from_reader(input);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        XmlEvents {
            reader,
            buf: Vec::new(),
            part: part.to_string(),
        }
    }

    fn error(&self, msg: impl std::fmt::Display) -> Error {
        Error::syntax(format!(
            "{}: {msg} (at byte {} of the part)",
            self.part,
            self.reader.buffer_position()
        ))
    }

    pub fn next(&mut self) -> Result<XmlEvent> {
        loop {
            self.buf.clear();
            let (resolved, event) = match self.reader.read_resolved_event_into(&mut self.buf) {
                Ok(x) => x,
                Err(quick_xml::Error::Io(e)) => {
                    return Err(Error::syntax(format!("{}: {e}", self.part)));
                }
                Err(e) => return Err(self.error(format!("not well-formed XML: {e}"))),
            };
            let ns = ns_of(&resolved);
            match event {
                Event::Start(e) => {
                    let name = e.local_name().as_ref().to_string();
                    let mut attrs = Vec::new();
                    for attr in e.attributes() {
                        let attr = attr.map_err(|err| {
                            Error::syntax(format!("{}: bad attribute: {err}", self.part))
                        })?;
                        let (resolved, local) = self.reader.resolver().resolve_attribute(attr.key);
                        let value = attr
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map(|v| v.into_owned())
                            .unwrap_or_else(|_| attr.value.to_string());
                        attrs.push((ns_of(&resolved), local.as_ref().to_string(), value));
                    }
                    return Ok(XmlEvent::Start(Tag { ns, name, attrs }));
                }
                Event::End(e) => {
                    let name = e.local_name().as_ref().to_string();
                    return Ok(XmlEvent::End(ns, name));
                }
                Event::Text(t) => return Ok(XmlEvent::Text(t.xml10_content().into_owned())),
                Event::CData(t) => return Ok(XmlEvent::Text(t.xml10_content().into_owned())),
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        Ok(None) => match r.as_ref() {
                            "lt" => '<',
                            "gt" => '>',
                            "amp" => '&',
                            "apos" => '\'',
                            "quot" => '"',
                            other => {
                                let msg = format!("undeclared entity `&{other};`");
                                return Err(self.error(msg));
                            }
                        },
                        Err(e) => return Err(self.error(format!("bad character reference: {e}"))),
                    };
                    return Ok(XmlEvent::Text(c.to_string()));
                }
                Event::DocType(d) if d.contains("<!ENTITY") => {
                    return Err(self.error(
                        "the DOCTYPE declares entities; qarin never expands them (the \
                         \"billion laughs\" attack)",
                    ));
                }
                Event::Eof => return Ok(XmlEvent::Eof),
                _ => {}
            }
        }
    }

    /// Skips to the end of the element whose start was just read.
    pub fn skip(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                XmlEvent::Start(_) => depth += 1,
                XmlEvent::End(..) if depth == 0 => return Ok(()),
                XmlEvent::End(..) => depth -= 1,
                XmlEvent::Eof => return Err(self.error("the part ends inside an element")),
                XmlEvent::Text(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, body) in parts {
            writer.start_file(*name, options).unwrap();
            writer.write_all(body).unwrap();
        }
        writer.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_part_past_the_budget_stops_the_read() {
        let big = vec![b'a'; 3 << 20];
        let bytes = zip_of(
            &[("word/document.xml", &big)],
            zip::CompressionMethod::Deflated,
        );
        assert!(bytes.len() < 64 << 10, "the test bomb should be small");
        let mut package = Package::open(&bytes, "DOCX", 1 << 20).unwrap();
        let mut sink = Vec::new();
        let err = package
            .reader("word/document.xml")
            .unwrap()
            .unwrap()
            .read_to_end(&mut sink)
            .unwrap_err();
        assert!(err.to_string().contains("more than 1 MiB"), "{err}");
        assert_eq!(sink.len(), 1 << 20);
    }

    #[test]
    fn a_part_exactly_at_the_budget_is_fine() {
        let body = vec![b'a'; 1 << 20];
        let bytes = zip_of(&[("x", &body)], zip::CompressionMethod::Stored);
        let mut package = Package::open(&bytes, "DOCX", 1 << 20).unwrap();
        let mut sink = Vec::new();
        package
            .reader("x")
            .unwrap()
            .unwrap()
            .read_to_end(&mut sink)
            .unwrap();
        assert_eq!(sink.len(), 1 << 20);
    }

    #[test]
    fn namespaces_are_resolved_whatever_the_prefix() {
        let xml = br#"<d:document xmlns:d="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><d:p d:val="x">a&amp;b</d:p></d:document>"#;
        let mut events = XmlEvents::new(&xml[..], "word/document.xml");
        let XmlEvent::Start(root) = events.next().unwrap() else {
            panic!()
        };
        assert!(root.is(Ns::W, "document"));
        let XmlEvent::Start(p) = events.next().unwrap() else {
            panic!()
        };
        assert_eq!(p.attr(Ns::W, "val"), Some("x"));
        let mut text = String::new();
        while let XmlEvent::Text(t) = events.next().unwrap() {
            text.push_str(&t);
        }
        assert_eq!(text, "a&b");
    }
}
