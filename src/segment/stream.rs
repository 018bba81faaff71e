//! Segmenting inputs of any size in bounded memory, and the JSON-lines batch format.
//!
//! [`segment_reader`] reads a chunk, cuts it after its last line feed (a line break always
//! ends a sentence, so the result equals segmenting the whole input), segments it and
//! hands each sentence on with its byte span in the whole input. Memory stays under
//! [`MAX_CHUNK`] plus one read. A line longer than that is cut at its last space before the
//! limit, which may split one sentence there; real text has no such lines.

use super::eval::{id_key, json_message};
use super::{detect_lang, Progress, Segmenter};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Lang, Segment};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Read, Write};

/// Chunks are handed to the segmenter once they hold at least this many bytes.
pub const MIN_CHUNK: usize = 256 * 1024;
/// A chunk never grows past this many bytes.
pub const MAX_CHUNK: usize = 8 * 1024 * 1024;

/// Segments everything `input` yields, calling `sink` for each sentence in order, spans
/// counted in bytes from the start of the input (after a UTF-8 BOM, as
/// [`crate::io::read_text`] counts). With `lang` `None`, the language is detected from
/// the first chunk. Returns the language used.
pub fn segment_reader(
    input: impl Read,
    lang: Option<&Lang>,
    mut sink: impl FnMut(Segment) -> Result<()>,
) -> Result<Lang> {
    segment_reader_in_chunks(input, lang, |segment, _, _| sink(segment))
}

/// [`segment_reader`], handing each sentence also the chunk of input it lies in and the
/// chunk's offset in the input, so a caller can look at the whole line around it
/// (chunks end after a line feed).
pub fn segment_reader_in_chunks(
    mut input: impl Read,
    lang: Option<&Lang>,
    mut sink: impl FnMut(Segment, &str, usize) -> Result<()>,
) -> Result<Lang> {
    let mut buf: Vec<u8> = Vec::with_capacity(MIN_CHUNK * 2);
    let mut base = 0usize; // offset of buf[0] in the input, BOM excluded
    let mut bom = 0usize;
    let mut first = true;
    let mut segmenter: Option<(Segmenter, Lang)> = lang.map(|l| (Segmenter::new(l), l.clone()));
    let mut progress = Progress::default();
    let mut eof = false;
    let mut read_buf = vec![0u8; 64 * 1024];
    let mut want = MIN_CHUNK;
    while !eof {
        while buf.len() < want {
            let n = match input.read(&mut read_buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io("cannot read input", e)),
            };
            if n == 0 {
                eof = true;
                break;
            }
            buf.extend_from_slice(&read_buf[..n]);
        }
        crate::io::bare_cr_as_lf(&mut buf, eof);
        if first && buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
            bom = 3;
        }
        first = false;
        let cut = if eof {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', &buf) {
                Some(k) => k + 1,
                None if buf.len() < MAX_CHUNK => {
                    want = (buf.len() + MIN_CHUNK).min(MAX_CHUNK);
                    continue;
                }
                None => long_line_cut(&buf),
            }
        };
        let text = std::str::from_utf8(&buf[..cut]).map_err(|e| {
            // A cut can fall inside a character only at a forced long-line cut.
            Error::from(ErrorKind::InvalidUtf8 {
                offset: bom + base + e.valid_up_to(),
            })
        })?;
        let (seg, _) = segmenter.get_or_insert_with(|| {
            let lang = detect_lang(text);
            (Segmenter::new(&lang), lang)
        });
        let mut failed = None;
        seg.spans(text, &mut progress, |span, paragraph| {
            if failed.is_some() {
                return;
            }
            let segment = Segment {
                text: text[span.clone()].to_string(),
                span: span.start + base..span.end + base,
                paragraph,
                ..Segment::default()
            };
            if let Err(e) = sink(segment, text, base) {
                failed = Some(e);
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        base += cut;
        buf.drain(..cut);
        want = MIN_CHUNK;
    }
    Ok(segmenter.map_or_else(Lang::english, |(_, l)| l))
}

/// Where to cut a chunk with no line feed: after its last ASCII space, else at the last
/// character boundary.
fn long_line_cut(buf: &[u8]) -> usize {
    if let Some(k) = memchr::memrchr(b' ', buf) {
        return k + 1;
    }
    // Cut before the lead byte of the last character, which may be incomplete.
    let mut cut = buf.len().saturating_sub(1);
    while cut > 0 && (buf[cut] & 0xC0) == 0x80 {
        cut -= 1;
    }
    if cut == 0 {
        buf.len()
    } else {
        cut
    }
}

/// One input line of `qarin segment --jsonl`.
#[derive(Debug, Deserialize)]
struct JsonlIn {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    lang: Option<String>,
}

/// One output line of `qarin segment --jsonl`.
#[derive(Debug, Serialize)]
struct JsonlOut<'a> {
    schema: &'static str,
    id: &'a serde_json::Value,
    sentences: Vec<&'a str>,
}

/// Reads `{"id","text"[,"lang"]}` per line and writes
/// `{"schema":"qarin/segments-line/v1","id","sentences":[...]}` per line. A line's own
/// `lang` wins over `lang`; with neither, it is detected per line.
/// Blank lines are skipped; a bad line is an error naming its line number.
pub fn segment_jsonl(input: impl BufRead, lang: Option<&Lang>, out: &mut dyn Write) -> Result<()> {
    let mut ids = std::collections::HashSet::new();
    for (k, line) in input.lines().enumerate() {
        let line_no = k + 1;
        let line = line.map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => {
                Error::syntax("not valid UTF-8; save the file as UTF-8").at_line(line_no)
            }
            _ => Error::io("cannot read input", e),
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: JsonlIn = serde_json::from_str(&line).map_err(|e| {
            Error::syntax(format!(
                "expected a JSON object like {{\"id\": \"doc1\", \"text\": \"...\"}}: {}",
                json_message(&e)
            ))
            .at(line_no, e.column())
        })?;
        if !ids.insert(id_key(&doc.id)) {
            return Err(Error::syntax(format!(
                "duplicate id {}; every line needs its own id",
                doc.id
            ))
            .at_line(line_no));
        }
        let lang = doc
            .lang
            .as_deref()
            .map(Lang::new)
            .or_else(|| lang.cloned())
            .unwrap_or_else(|| detect_lang(&doc.text));
        let segments = super::segment(&doc.text, &lang);
        let record = JsonlOut {
            schema: crate::model::schema::SEGMENTS_LINE,
            id: &doc.id,
            sentences: segments.iter().map(|s| s.text.as_str()).collect(),
        };
        serde_json::to_writer(&mut *out, &record)
            .map_err(|e| Error::io("cannot write output", e.into()))?;
        out.write_all(b"\n")
            .map_err(|e| Error::io("cannot write output", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_spans_match_whole_text_segmentation() {
        // Many small lines and blank lines, so several chunks are cut.
        let para = "أكد المتحدث أن المحادثات جرت. وأضاف أن اللقاء مهم.\nعنوان\n\n";
        let text = format!("\u{FEFF}{}", para.repeat(MIN_CHUNK / para.len() * 3));
        let mut streamed = Vec::new();
        segment_reader(text.as_bytes(), Some(&Lang::arabic()), |s| {
            streamed.push(s);
            Ok(())
        })
        .unwrap();
        let body = &text[3..];
        assert_eq!(streamed, super::super::segment(body, &Lang::arabic()));
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let mut bytes = b"abc. def\n".to_vec();
        bytes.push(0xFF);
        let err = segment_reader(&bytes[..], None, |_| Ok(())).unwrap_err();
        assert!(
            matches!(err.kind, ErrorKind::InvalidUtf8 { offset: 9 }),
            "{err}"
        );
    }

    #[test]
    fn a_line_longer_than_a_chunk_is_cut_at_a_space() {
        let text = "word ".repeat(MAX_CHUNK / 5 + 10);
        let mut total = 0;
        segment_reader(text.as_bytes(), Some(&Lang::english()), |s| {
            assert_eq!(&text[s.span.clone()], s.text);
            total += 1;
            Ok(())
        })
        .unwrap();
        assert!(total >= 2);
    }

    #[test]
    fn jsonl_round_trip_and_errors_name_the_line() {
        let input = "{\"id\":\"a\",\"text\":\"One. Two.\",\"lang\":\"en\"}\n\n{\"id\":7,\"text\":\"قال. ثم.\"}\n";
        let mut out = Vec::new();
        segment_jsonl(input.as_bytes(), None, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"schema\":\"qarin/segments-line/v1\",\"id\":\"a\",\"sentences\":[\"One.\",\"Two.\"]}\n\
             {\"schema\":\"qarin/segments-line/v1\",\"id\":7,\"sentences\":[\"قال.\",\"ثم.\"]}\n"
        );
        let err = segment_jsonl(
            "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\"}\n".as_bytes(),
            None,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2));
    }
}
