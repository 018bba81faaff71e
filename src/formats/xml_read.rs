//! The pull parser the TMX and XLIFF readers share: errors with line and column, no entity
//! expansion, inline markup turned into text placeholders.
//!
//! Safety: quick-xml never reads a DTD. On top of that, a DOCTYPE that declares entities
//! is refused outright (a billion-laughs file fails at its first line), and any entity
//! reference other than the five predefined ones and character references is an error.

use crate::error::{Error, Result};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

pub(crate) struct XmlReader<'a> {
    src: &'a str,
    reader: Reader<&'a [u8]>,
    end: crate::io::XmlDocumentEnd,
}

/// What an inline element inside segment text becomes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inline {
    /// Its text is kept, no placeholder (`<mrk>`).
    Transparent,
    /// `{id}` … `{/id}` around its text (`<g>`, `<pc>`, `<hi>`).
    Paired,
    /// Opening code, content is native markup and dropped: `{id}` (`<bpt>`, `<bx>`, `<sc>`).
    Open,
    /// Closing code: `{/id}` (`<ept>`, `<ex>`, `<ec>`).
    Close,
    /// Standalone code: `{id/}` (`<ph>`, `<x>`, `<it>`, `<ut>`).
    Standalone,
    /// A code point XLIFF 2 could not write as text (`<cp hex="…"/>`).
    CodePoint,
    /// Dropped with its content (`<sm>`, `<em>`, `<sub>` outside a code).
    Drop,
}

impl<'a> XmlReader<'a> {
    pub fn new(src: &'a str) -> XmlReader<'a> {
        let mut reader = Reader::from_str(src);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        XmlReader {
            src,
            reader,
            end: Default::default(),
        }
    }

    /// An error located at a byte offset of the input.
    pub fn error_at(&self, offset: u64, msg: impl Into<String>) -> Error {
        let offset = (offset as usize).min(self.src.len());
        let before = self.src.get(..offset).unwrap_or(self.src);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Error::syntax(msg).at(line, column)
    }

    /// An error located where the reader is now (just after the last event).
    pub fn error_here(&self, msg: impl Into<String>) -> Error {
        self.error_at(self.reader.buffer_position(), msg)
    }

    /// The next event, with DOCTYPE internal subsets that declare entities refused.
    pub fn next(&mut self) -> Result<Event<'a>> {
        let start = self.reader.buffer_position();
        let event = self.reader.read_event().map_err(|e| {
            self.error_at(
                self.reader.error_position(),
                format!("not well-formed XML: {e}"),
            )
        })?;
        if let Err(problem) = self.end.see(&event) {
            return Err(self.error_at(start, problem));
        }
        if let Event::DocType(doctype) = &event {
            if doctype.contains("<!ENTITY") {
                return Err(self.error_at(
                    start,
                    "the DOCTYPE declares entities; qarin never expands them (they can \
                     blow up to gigabytes, the \"billion laughs\" attack): remove the \
                     internal subset `[...]`",
                ));
            }
        }
        Ok(event)
    }

    /// Reads up to the root element and checks its name.
    pub fn root(&mut self, expected: &str) -> Result<BytesStart<'a>> {
        loop {
            match self.next()? {
                Event::Start(e) => {
                    let name = local(e.name().0);
                    if name != expected {
                        return Err(self.error_here(format!(
                            "expected a <{expected}> document, found <{name}>; is this the \
                             format you meant?"
                        )));
                    }
                    return Ok(e);
                }
                Event::Eof => {
                    return Err(
                        self.error_here(format!("empty document: no <{expected}> element found"))
                    )
                }
                Event::Text(t) if !t.trim().is_empty() => {
                    return Err(self.error_here(format!(
                        "text before the <{expected}> element; is this an XML file?"
                    )))
                }
                _ => {}
            }
        }
    }

    /// An attribute's value with references resolved, by local name (`xml:lang` is
    /// found as `lang` only if no plain `lang` exists, so ask for `xml:lang` exactly).
    pub fn attr(&self, e: &BytesStart, name: &str) -> Result<Option<String>> {
        for attr in e.attributes() {
            let attr = attr.map_err(|err| self.error_here(format!("bad attribute: {err}")))?;
            if attr.key.0 == name {
                let value = attr
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|err| {
                        self.error_here(format!(
                            "attribute `{name}`: {err}; qarin reads only the predefined \
                         entities and character references"
                        ))
                    })?;
                return Ok(Some(value.into_owned()));
            }
        }
        Ok(None)
    }

    /// A language attribute, checked as BCP 47 at the input edge: a tag that is not one
    /// would be written on into XLIFF and TMX files that do not validate.
    pub fn lang_attr(&self, e: &BytesStart, name: &str) -> Result<Option<String>> {
        match self.attr(e, name)? {
            Some(tag) => crate::model::Lang::parse(&tag)
                .map(|lang| Some(lang.0))
                .map_err(|problem| self.error_here(format!("`{name}`: {problem}"))),
            None => Ok(None),
        }
    }

    /// Skips to the end of the element whose start was just read.
    pub fn skip(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(self.error_here("unexpected end of file")),
                _ => {}
            }
        }
    }

    /// The text of the element whose start was just read, up to its end, with inline
    /// elements classified by `classify` (given the local name) and written as
    /// placeholders. References are resolved; an undeclared entity is an error.
    pub fn inline_text(&mut self, classify: fn(&str) -> Inline) -> Result<String> {
        let mut out = String::new();
        // (kind, placeholder id) of each open inline element.
        let mut open: Vec<(Inline, String)> = Vec::new();
        let mut dropping = 0usize;
        let mut counter = 0usize;
        loop {
            match self.next()? {
                Event::Start(e) => {
                    if dropping > 0 {
                        dropping += 1;
                        continue;
                    }
                    let kind = classify(local(e.name().0));
                    let id = match kind {
                        Inline::Transparent | Inline::Drop => String::new(),
                        Inline::CodePoint => {
                            let hex = self.attr(&e, "hex")?.unwrap_or_default();
                            if let Some(c) =
                                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                            {
                                out.push(c);
                            }
                            String::new()
                        }
                        _ => {
                            counter += 1;
                            self.code_id(&e)?.unwrap_or_else(|| counter.to_string())
                        }
                    };
                    match kind {
                        Inline::Paired | Inline::Open => {
                            out.push('{');
                            out.push_str(&id);
                            out.push('}');
                        }
                        Inline::Close => {
                            out.push_str("{/");
                            out.push_str(&id);
                            out.push('}');
                        }
                        Inline::Standalone => {
                            out.push('{');
                            out.push_str(&id);
                            out.push_str("/}");
                        }
                        _ => {}
                    }
                    if matches!(
                        kind,
                        Inline::Open
                            | Inline::Close
                            | Inline::Standalone
                            | Inline::Drop
                            | Inline::CodePoint
                    ) {
                        // Their content is native code or nothing: skip it.
                        dropping = 1;
                    }
                    open.push((kind, id));
                }
                Event::End(_) => {
                    if dropping > 0 {
                        dropping -= 1;
                        if dropping == 0 {
                            open.pop();
                        }
                        continue;
                    }
                    match open.pop() {
                        None => return Ok(out),
                        Some((Inline::Paired, id)) => {
                            out.push_str("{/");
                            out.push_str(&id);
                            out.push('}');
                        }
                        Some(_) => {}
                    }
                }
                Event::Text(t) if dropping == 0 => out.push_str(&t.xml10_content()),
                Event::CData(t) if dropping == 0 => out.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let c = self.reference(&r)?;
                    if dropping == 0 {
                        out.push(c);
                    }
                }
                Event::Eof => {
                    return Err(self.error_here("unexpected end of file inside a segment"))
                }
                _ => {}
            }
        }
    }

    fn code_id(&self, e: &BytesStart) -> Result<Option<String>> {
        for key in ["startRef", "rid", "i", "x", "id"] {
            if let Some(v) = self.attr(e, key)? {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    fn reference(&self, r: &quick_xml::events::BytesRef) -> Result<char> {
        if let Some(c) = r
            .resolve_char_ref()
            .map_err(|e| self.error_here(format!("bad character reference: {e}")))?
        {
            return Ok(c);
        }
        let name: &str = r;
        match name {
            "lt" => Ok('<'),
            "gt" => Ok('>'),
            "amp" => Ok('&'),
            "apos" => Ok('\''),
            "quot" => Ok('"'),
            other => Err(self.error_here(format!(
                "undeclared entity `&{other};`; qarin reads only &lt; &gt; &amp; &apos; &quot; \
                 and character references (write the character itself)"
            ))),
        }
    }
}

/// The local part of a qualified name: `tuv` for `tuv`, `meta` for `mda:meta`.
pub(crate) fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}
