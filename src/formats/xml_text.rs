//! Text as every qarin writer emits it: NFC, free of characters XML 1.0 forbids, escaped.
//!
//! Consumers match TM segments byte for byte, so one normalisation (NFC) is applied to
//! every written text. Characters XML 1.0 forbids (C0 controls but TAB/LF/CR, U+FFFE,
//! U+FFFF) make libxml2, OmegaT and translate-toolkit reject the *whole* file, even as
//! `&#x1;`, so they are removed and the caller is told which ones. Bidi controls are
//! legal and kept as they are: qarin neither adds nor strips them.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::borrow::Cow;
use std::io;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// True for the characters the XML 1.0 `Char` production allows.
pub fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Characters that are NFC on their own and never reorder or compose with a neighbour
/// (combining class 0, NFC_Quick_Check = Yes): a text made only of them is NFC. Covers
/// Latin-1, the Arabic letters, digits and punctuation, and typographic quotes and dashes,
/// so news text skips the table lookups of the full check (a test checks every one).
fn is_nfc_starter(c: char) -> bool {
    matches!(c,
        '\0'..='\u{2FF}'
        | '\u{600}'..='\u{60F}'
        | '\u{61B}'..='\u{64A}'
        | '\u{660}'..='\u{66F}'
        | '\u{2010}'..='\u{2027}')
}

/// [`is_xml_char`] for a whole text, on bytes: this runs on every segment written.
fn all_xml_chars(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => true,
        0..=0x1F => false,
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        0xEF => !(bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))),
        _ => true,
    })
}

/// NFC-normalises `text` and drops characters XML forbids. `removed` is called once,
/// with the removed code points as `U+0001, U+000B`, when anything was dropped.
/// Borrows when the text is already clean (the common case).
pub fn clean_into<'a>(text: Cow<'a, str>, removed: &mut dyn FnMut(&str)) -> Cow<'a, str> {
    let text = if all_xml_chars(&text) {
        text
    } else {
        let mut dropped: Vec<char> = text.chars().filter(|&c| !is_xml_char(c)).collect();
        dropped.sort_unstable();
        dropped.dedup();
        let names: Vec<String> = dropped
            .iter()
            .map(|c| format!("U+{:04X}", *c as u32))
            .collect();
        removed(&names.join(", "));
        Cow::Owned(text.chars().filter(|&c| is_xml_char(c)).collect())
    };
    if text.chars().all(is_nfc_starter) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// [`clean_into`] for text that needs no report (tags, file names): cleaned silently.
pub fn clean(text: &str) -> Cow<'_, str> {
    clean_into(Cow::Borrowed(text), &mut |_| {})
}

/// Escapes cleaned text for element content: `&`, `<`, `>` (so `]]>` can never close
/// anything) and CR as `&#13;` (a parser would turn a literal CR into LF).
pub fn xml_text(text: &str) -> Cow<'_, str> {
    quick_xml::escape::partial_escape(text)
}

/// The streaming XML writer the formats share: declaration, elements, text, and the
/// line breaks between elements (never inside a segment).
pub(crate) struct XmlOut<'w> {
    w: Writer<&'w mut dyn io::Write>,
}

pub(crate) type Attrs<'a> = &'a [(&'a str, &'a str)];

impl<'w> XmlOut<'w> {
    pub fn new(out: &'w mut dyn io::Write) -> io::Result<XmlOut<'w>> {
        let mut w = Writer::new(out);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(XmlOut { w })
    }

    /// A line break and `depth` levels of two-space indentation.
    pub fn indent(&mut self, depth: usize) -> io::Result<()> {
        const SPACES: &str = "\n                                ";
        let n = (1 + 2 * depth).min(SPACES.len());
        self.w.get_mut().write_all(&SPACES.as_bytes()[..n])
    }

    /// `<name attrs>`; attribute values are cleaned and escaped (quotes, TAB, LF, CR too).
    pub fn start(&mut self, name: &str, attrs: Attrs) -> io::Result<()> {
        self.w.write_event(Event::Start(element(name, attrs)))
    }

    pub fn end(&mut self, name: &str) -> io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    pub fn empty(&mut self, name: &str, attrs: Attrs) -> io::Result<()> {
        self.w.write_event(Event::Empty(element(name, attrs)))
    }

    /// Text content; `text` must already be cleaned (see [`clean_into`]).
    pub fn text(&mut self, text: &str) -> io::Result<()> {
        self.w
            .write_event(Event::Text(BytesText::from_escaped(xml_text(text))))
    }

    /// `<name attrs>text</name>` with nothing added around the text.
    pub fn text_element(&mut self, name: &str, attrs: Attrs, text: &str) -> io::Result<()> {
        self.start(name, attrs)?;
        self.text(text)?;
        self.end(name)
    }

    pub fn finish(&mut self) -> io::Result<()> {
        self.w.get_mut().write_all(b"\n")?;
        self.w.get_mut().flush()
    }
}

fn element<'a>(name: &'a str, attrs: Attrs<'a>) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for (key, value) in attrs {
        // quick-xml escapes the value, including TAB/LF/CR as character references.
        start.push_attribute((*key, clean(value)));
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn illegal_characters_are_removed_and_named() {
        let mut seen = Vec::new();
        let out = clean_into(Cow::Borrowed("a\u{1}b\u{B}c\u{FFFF}\u{1}"), &mut |r| {
            seen.push(r.to_string())
        });
        assert_eq!(out, "abc");
        assert_eq!(seen, ["U+0001, U+000B, U+FFFF"]);
    }

    #[test]
    fn nfc_starters_are_starters() {
        use unicode_normalization::char::canonical_combining_class;
        // Below U+0300 the quick check is trivially yes for starters; combining marks
        // start at U+0300. Every char of the fast set must pass the full check alone and
        // be a starter, or a text of them could need reordering or composition.
        for c in (0..=0x2027u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_nfc_starter(c))
        {
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
            assert_eq!(
                is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "U+{:04X}",
                c as u32
            );
        }
        assert!(!is_nfc_starter('\u{653}'), "maddah composes with alef");
    }

    #[test]
    fn byte_scan_agrees_with_the_char_production() {
        for c in [
            '\u{0}',
            '\u{8}',
            '\t',
            '\u{B}',
            '\u{1F}',
            ' ',
            '\u{D7FF}',
            '\u{E000}',
            '\u{FFFD}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{10000}',
            '\u{EFBF}',
            'ﾾ',
        ] {
            let text = format!("a{c}b");
            assert_eq!(all_xml_chars(&text), is_xml_char(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn clean_text_is_borrowed_and_bidi_marks_stay() {
        let text = "\u{200F}قال بيسكوف\t«لا»";
        assert!(matches!(clean(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn decomposed_text_becomes_nfc() {
        assert_eq!(clean("e\u{301}"), "\u{E9}");
    }

    #[test]
    fn cdata_end_and_markup_are_escaped() {
        assert_eq!(xml_text("a]]>&<b\r"), "a]]&gt;&amp;&lt;b&#13;");
    }
}
