//! Real documents in: plain text in any of the encodings Arabic text still comes in, saved
//! web pages, Word (DOCX) and OpenDocument (ODT) files, all turned into the same
//! [`Document`] the later stages read.
//!
//! ```text
//! bytes + path ─▶ detect_format ─▶ text   (encoding: UTF-8, UTF-16, Windows-1256, ISO-8859-6, …)
//!                                  html   (html5ever; the article kept, the site left out)
//!                                  docx   (zip + quick-xml over word/document.xml)
//!                                  odt    (zip + quick-xml over content.xml)
//!              ─▶ Extracted { text, blocks } ─▶ segment ─▶ Document (role, element per segment)
//! ```
//!
//! The format is what `--input-format` says, else what the bytes are (a zip with
//! `word/document.xml` or an OpenDocument `mimetype`; an HTML doctype or `<html>`), else
//! what the extension says (`.html`, `.docx`, `.odt`), else text. A `.docx` that is not a
//! zip is an error, never text; so are old Word `.doc`, RTF and PDF files, with the command
//! that converts them.
//!
//! Structured formats become blocks (heading, paragraph, list item, caption, table cell,
//! boilerplate) laid end to end with a blank line between them, so each block is one
//! paragraph for the segmenter, and a segment's `element` says where in the file it came
//! from. On every format, lines the furniture rules match ([`furniture`]) are marked
//! `boilerplate` unless `keep_boilerplate` is set.
//!
//! Spans point into the text the segmenter read: the decoded text for plain text (the
//! file itself when it is UTF-8 without a BOM), the extracted text otherwise.

pub mod encoding;
pub mod furniture;
pub mod html;

mod docx;
mod odt;
mod package;

use crate::error::{Error, Result};
use crate::model::{Document, Lang, Role, Segment};
use encoding_rs::Encoding;
use std::ops::Range;
use std::path::Path;

pub use encoding::{Decoded, EncodingSource};
pub use furniture::SiteFurniture;
pub use package::MAX_EXPANDED;

/// The kinds of input qarin reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum InputFormat {
    #[default]
    Text,
    Html,
    Docx,
    Odt,
}

impl InputFormat {
    pub const ALL: [InputFormat; 4] = [
        InputFormat::Text,
        InputFormat::Html,
        InputFormat::Docx,
        InputFormat::Odt,
    ];

    /// The name `--input-format` takes.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Docx => "docx",
            InputFormat::Odt => "odt",
        }
    }

    /// The format `--input-format NAME` asks for: `None` for `auto`.
    pub fn from_name(name: &str) -> Result<Option<InputFormat>> {
        let name = name.trim().to_ascii_lowercase();
        if name == "auto" {
            return Ok(None);
        }
        let alias = match name.as_str() {
            "txt" | "plain" => "text",
            "htm" | "xhtml" => "html",
            other => other,
        };
        InputFormat::ALL
            .into_iter()
            .find(|f| f.name() == alias)
            .map(Some)
            .ok_or_else(|| {
                Error::usage(format!(
                    "unknown --input-format {name:?}; use auto, text, html, docx or odt"
                ))
            })
    }
}

/// How a document is read. The default reads any supported format, detects the
/// encoding and marks furniture.
#[derive(Clone, Debug)]
pub struct ReadOptions<'a> {
    /// The format to read (`--input-format`); `None` detects it.
    pub format: Option<InputFormat>,
    /// The encoding of a text or HTML file (`--encoding`); `None` detects it.
    pub encoding: Option<&'static Encoding>,
    /// Keep every block of a web page and mark nothing as boilerplate
    /// (`--keep-boilerplate`).
    pub keep_boilerplate: bool,
    /// Short lines the site's other articles share, marked boilerplate too.
    pub site: Option<&'a SiteFurniture>,
    /// The most a DOCX or ODT may inflate to ([`MAX_EXPANDED`]).
    pub max_expanded: u64,
}

impl Default for ReadOptions<'_> {
    fn default() -> Self {
        ReadOptions {
            format: None,
            encoding: None,
            keep_boilerplate: false,
            site: None,
            max_expanded: MAX_EXPANDED,
        }
    }
}

/// One block of a structured document: its place in [`Extracted::text`], its role and
/// where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub range: Range<usize>,
    pub role: Role,
    pub element: Option<String>,
}

/// The text of a document before segmentation.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    pub text: String,
    /// Empty for plain text: its lines and blank lines are its structure.
    pub blocks: Vec<Block>,
    pub format: InputFormat,
    /// The encoding a text or HTML file was read in.
    pub encoding: Option<&'static Encoding>,
    /// The language the document declares (`<html lang="ar">`), if any.
    pub lang: Option<String>,
    /// What a person should know about how the file was read (one line each).
    pub notices: Vec<String>,
}

impl Extracted {
    /// Appends a block: lines trimmed, empty lines dropped, nothing at all for a block
    /// without text; a blank line separates it from the block before.
    pub fn push_block(&mut self, text: &str, role: Role, element: Option<String>) {
        let mut lines = text
            .split('\n')
            .map(|l| l.trim_matches(char::is_whitespace))
            .filter(|l| !l.is_empty())
            .peekable();
        if lines.peek().is_none() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        for (k, line) in lines.enumerate() {
            if k > 0 {
                self.text.push('\n');
            }
            self.text.push_str(line);
        }
        self.blocks.push(Block {
            range: start..self.text.len(),
            role,
            element,
        });
    }
}

/// A document read from a file, and what the reading found worth saying.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub document: Document,
    pub format: InputFormat,
    pub encoding: Option<&'static Encoding>,
    pub notices: Vec<String>,
}

/// Reads any supported file into a segmented [`Document`]: [`extract`], then
/// [`document`]. `lang` `None` takes the language the file declares, else the script
/// that dominates its text.
pub fn read(
    bytes: &[u8],
    path: Option<&Path>,
    lang: Option<Lang>,
    options: &ReadOptions<'_>,
) -> Result<Loaded> {
    let extracted = extract(bytes, path, options)?;
    let lang = lang.unwrap_or_else(|| declared_or_detected_lang(&extracted));
    let origin = path.map(|p| p.display().to_string());
    let document = document(&extracted, lang, origin, options);
    Ok(Loaded {
        document,
        format: extracted.format,
        encoding: extracted.encoding,
        notices: extracted.notices,
    })
}

/// The language a page declares when it is one qarin has rules for, else the script's.
pub fn declared_or_detected_lang(extracted: &Extracted) -> Lang {
    match extracted.lang.as_deref().map(Lang::new) {
        Some(lang) if matches!(lang.primary().as_str(), "ar" | "en") => lang,
        _ => crate::segment::detect_lang(&extracted.text),
    }
}

/// What format the bytes are, from `--input-format`, the bytes, then the extension.
pub fn detect_format(bytes: &[u8], path: Option<&Path>) -> Result<InputFormat> {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let mut package = package::Package::open(bytes, "DOCX or ODT", MAX_EXPANDED)?;
        if package.has("word/document.xml") {
            return Ok(InputFormat::Docx);
        }
        if odt::is_odt(&mut package)? || package.has("content.xml") {
            return Ok(InputFormat::Odt);
        }
        return Err(Error::syntax(
            "a zip archive, but neither a DOCX (no word/document.xml) nor an ODT (no \
             content.xml); qarin reads plain text, HTML, DOCX and ODT",
        ));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(Error::syntax(
            "an old binary Word .doc (or another Office 97–2003 file), which qarin does not \
             read; save it as .docx, or convert it: soffice --headless --convert-to docx FILE",
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(Error::syntax(
            "an RTF file, which qarin does not read; save it as .docx, or convert it: \
             soffice --headless --convert-to docx FILE",
        ));
    }
    if bytes.starts_with(b"%PDF-") {
        return Err(Error::syntax(
            "a PDF, which qarin does not read; extract its text first (pdftotext -layout \
             FILE) and check the result: PDF text often comes out in visual order",
        ));
    }
    match ext.as_str() {
        "docx" | "docm" | "dotx" => return Ok(InputFormat::Docx),
        "odt" | "ott" => return Ok(InputFormat::Odt),
        "html" | "htm" | "xhtml" | "shtml" => return Ok(InputFormat::Html),
        "mht" | "mhtml" => {
            return Err(Error::syntax(
                "a web archive (MHTML), which qarin does not read yet; save the page as \
                 \"Web Page, HTML Only\" (or open it in a browser and save it again)",
            ))
        }
        _ => {}
    }
    Ok(if looks_like_html(bytes) {
        InputFormat::Html
    } else {
        InputFormat::Text
    })
}

/// True when the first bytes of an input say it can be segmented as it streams: plain
/// text in UTF-8 (the format and encoding given or detected from `head`). Anything else
/// (a web page, a DOCX or ODT, UTF-16, a legacy encoding) must be read whole.
pub fn is_streamable_text(head: &[u8], path: Option<&Path>, options: &ReadOptions<'_>) -> bool {
    if options.encoding.is_some_and(|e| e != encoding_rs::UTF_8) {
        return false;
    }
    let format = match options.format {
        Some(f) => f,
        None if head.starts_with(b"PK") => return false,
        None => match detect_format(head, path) {
            Ok(f) => f,
            Err(_) => return false,
        },
    };
    if format != InputFormat::Text || memchr::memchr(0, head).is_some() {
        return false;
    }
    if Encoding::for_bom(head).is_some_and(|(e, _)| e != encoding_rs::UTF_8) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        // A character cut by the end of the head is still UTF-8.
        Err(e) => e.error_len().is_none() && head.len() - e.valid_up_to() < 4,
    }
}

/// An HTML doctype or `<html` (after a BOM, white space and comments) at the start.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text: String = head
        .iter()
        .map(|&b| b.to_ascii_lowercase() as char)
        .collect::<String>();
    let mut rest = text.trim_start();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after[end + 3..].trim_start(),
            None => return false,
        }
    }
    rest.starts_with("<!doctype html") || rest.starts_with("<html")
}

/// The text (and for structured formats the blocks) of a file.
pub fn extract(bytes: &[u8], path: Option<&Path>, options: &ReadOptions<'_>) -> Result<Extracted> {
    let format = match options.format {
        Some(f) => f,
        None => detect_format(bytes, path)?,
    };
    let mut extracted = match format {
        InputFormat::Text => {
            let decoded = decode(bytes, options.encoding)?;
            Extracted {
                notices: decoded.notice().into_iter().collect(),
                encoding: Some(decoded.encoding),
                text: decoded.text,
                ..Extracted::default()
            }
        }
        InputFormat::Html => {
            let decoded = decode_html(bytes, options.encoding)?;
            let mut extracted = html::extract(&decoded.text, options.keep_boilerplate);
            extracted.encoding = Some(decoded.encoding);
            extracted.notices.splice(0..0, decoded.notice());
            extracted
        }
        InputFormat::Docx => docx::extract(bytes, options.max_expanded)?,
        InputFormat::Odt => odt::extract(bytes, options.max_expanded)?,
    };
    extracted.format = format;
    Ok(extracted)
}

/// Decodes a text file: as `encoding` when given, else as [`encoding`] detects it.
pub fn decode(bytes: &[u8], encoding: Option<&'static Encoding>) -> Result<Decoded> {
    let mut decoded = match encoding {
        Some(e) => encoding::decode_as(bytes, e),
        None => encoding::decode_detected(bytes),
    }?;
    // A bare CR ends a line (an old Mac file), as the LF the segmenter looks for; the
    // same length, so spans hold.
    if decoded.text.contains('\r') {
        let mut bytes = std::mem::take(&mut decoded.text).into_bytes();
        crate::io::bare_cr_as_lf(&mut bytes, true);
        // Only ASCII bytes changed for ASCII bytes: still UTF-8.
        decoded.text = String::from_utf8(bytes).unwrap_or_default();
    }
    Ok(decoded)
}

/// Decodes a web page: `encoding` when given, else a byte order mark, else the page's own
/// `<meta charset>` (when the bytes fit it), else detection as for text.
fn decode_html(bytes: &[u8], encoding: Option<&'static Encoding>) -> Result<Decoded> {
    if encoding.is_some() || Encoding::for_bom(bytes).is_some() {
        return decode(bytes, encoding);
    }
    if let Some(declared) = meta_charset(bytes) {
        // A page saved as UTF-8 by the browser may still declare its old charset; the
        // bytes decide when they are valid UTF-8.
        if declared != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_err() {
            if let Ok(d) = encoding::decode_as(bytes, declared) {
                return Ok(Decoded {
                    source: EncodingSource::Declared,
                    ..d
                });
            }
        }
    }
    encoding::decode_detected(bytes)
}

/// The encoding a `<meta charset=…>` or `<meta http-equiv … content="…charset=…">` in
/// the first 1024 bytes names (the HTML standard's prescan, simplified).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head: Vec<u8> = bytes[..bytes.len().min(1024)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    let mut from = 0;
    while let Some(at) = find(&head[from..], b"<meta") {
        let tag_start = from + at;
        let tag_end = head[tag_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |k| tag_start + k);
        let tag = &head[tag_start..tag_end];
        if let Some(k) = find(tag, b"charset") {
            let rest = &tag[k + 7..];
            let rest = rest.trim_ascii_start().strip_prefix(b"=").unwrap_or(&[]);
            let rest = rest.trim_ascii_start();
            let rest = rest
                .strip_prefix(b"\"")
                .or(rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let label: Vec<u8> = rest
                .iter()
                .copied()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .collect();
            if let Some(e) = Encoding::for_label(&label) {
                // The standard: a page cannot declare itself UTF-16 in its own bytes.
                return Some(
                    if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
                        encoding_rs::UTF_8
                    } else {
                        e
                    },
                );
            }
        }
        from = tag_end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Segments an extracted text and gives each segment its block's role and element,
/// and the furniture rules' verdict on its line.
pub fn document(
    extracted: &Extracted,
    lang: Lang,
    origin: Option<String>,
    options: &ReadOptions<'_>,
) -> Document {
    let text = &extracted.text;
    let mut segments = crate::segment::segment(text, &lang);
    let mut block = 0;
    for seg in &mut segments {
        if !extracted.blocks.is_empty() {
            while block + 1 < extracted.blocks.len()
                && extracted.blocks[block].range.end <= seg.span.start
            {
                block += 1;
            }
            let b = &extracted.blocks[block];
            seg.paragraph = block as u32;
            seg.role = b.role;
            seg.element.clone_from(&b.element);
        }
        if !options.keep_boilerplate
            && seg.role != Role::Boilerplate
            && line_around(text, seg.span.clone()).is_some_and(|l| is_furniture_line(l, options))
        {
            seg.role = Role::Boilerplate;
        }
    }
    Document {
        lang,
        origin,
        segments,
    }
}

/// Marks as boilerplate the sentences that are furniture by themselves: for documents
/// whose every sentence is a line (`--segmented` input).
pub fn mark_furniture_sentences(segments: &mut [Segment], options: &ReadOptions<'_>) {
    if options.keep_boilerplate {
        return;
    }
    for seg in segments {
        if is_furniture_line(&seg.text, options) {
            seg.role = Role::Boilerplate;
        }
    }
}

fn is_furniture_line(line: &str, options: &ReadOptions<'_>) -> bool {
    furniture::is_furniture_phrase(line) || options.site.is_some_and(|site| site.contains(line))
}

/// Segments a plain UTF-8 text of any size in bounded memory, as
/// [`segment::stream::segment_reader`](crate::segment::stream::segment_reader) does,
/// marking furniture lines as [`document`] does. Returns the language used.
pub fn segment_stream(
    input: impl std::io::Read,
    lang: Option<&Lang>,
    options: &ReadOptions<'_>,
    mut sink: impl FnMut(Segment) -> Result<()>,
) -> Result<Lang> {
    crate::segment::stream::segment_reader_in_chunks(input, lang, |mut seg, chunk, base| {
        if !options.keep_boilerplate {
            let local = seg.span.start - base..seg.span.end - base;
            if line_around(chunk, local).is_some_and(|line| is_furniture_line(line, options)) {
                seg.role = Role::Boilerplate;
            }
        }
        sink(seg)
    })
}

/// The whole line a span lies in, when that line is short enough to be furniture; the
/// search looks no further than that, so a long one-line text costs nothing extra.
fn line_around(text: &str, span: Range<usize>) -> Option<&str> {
    const MAX: usize = 240;
    if span.len() > MAX {
        return None;
    }
    let bytes = text.as_bytes();
    let window_start = span.start.saturating_sub(MAX);
    let start = match memchr::memrchr(b'\n', &bytes[window_start..span.start]) {
        Some(k) => window_start + k + 1,
        None if window_start == 0 => 0,
        None => return None,
    };
    let window_end = (span.end + MAX).min(bytes.len());
    let end = match memchr::memchr(b'\n', &bytes[span.end..window_end]) {
        Some(k) => span.end + k,
        None if window_end == bytes.len() => bytes.len(),
        None => return None,
    };
    (end - start <= MAX).then(|| &text[start..end])
}

#[cfg(test)]
mod tests;
