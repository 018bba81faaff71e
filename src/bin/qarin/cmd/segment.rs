//! `qarin segment`: split Arabic or English text into sentences.

use super::output::{self, OutputFormat};
use qarin::io::{read_text, Output};
use qarin::segment::detect_lang;
use qarin::segment::srx::{write_srx, SrxRules};
use qarin::segment::stream::segment_jsonl;
use qarin::{Document, Error, Lang};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Split a text into sentences, one per line (or JSON with byte spans).
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Output formats:
  lines   one sentence per line, nothing else (paragraph breaks are not marked, so the
          output is a ready .sent file for aligners); headlines and date lines are
          sentences of their own, since a line break always ends a sentence
  json    {\"schema\":\"qarin/segments/v1\",\"lang\",\"origin\",\"segments\":[{\"text\",
          \"span\":{\"start\",\"end\"},\"paragraph\",\"role\",\"element\"}]}: spans are byte
          offsets into the input (after a BOM; into the decoded or extracted text for other
          encodings, HTML, DOCX and ODT), paragraphs count blank-line-separated blocks (or a
          page's blocks) from 0, role is heading, paragraph, list_item, caption, table_cell
          or boilerplate (site furniture), element says where a block came from in an HTML,
          DOCX or ODT file

Examples:
  qarin segment samples/ankara-2022-11-14/ar.txt
      معركة أولي البأس                 (site chrome: every line is kept)
      الخليج والعالم
      أنقرة تستضيف اجتماعًا بين مديري المخابرات الروسية والأمريكية
      14/11/2022
      ...
  qarin segment --lang en en.txt -o en.json     (format from .json)
  qarin segment page.html                    a saved web page: the article, not the site
  qarin segment translation.docx             Word (or .odt): headings, lists, tables, notes
  qarin segment --encoding windows-1256 old.txt   when the detected encoding is doubtful
  cat gold.jsonl | qarin segment --jsonl - > pred.jsonl
      reads {\"id\",\"text\"[,\"lang\"]} per line, writes {\"id\",\"sentences\":[...]} per line
  qarin segment --write-srx -o qarin.srx          qarin's rules for OmegaT / Okapi / Trados
  qarin segment --srx omegat.srx --lang ar ar.txt  split with a CAT tool's rules

UTF-8 text of any size is read in chunks, so a 1 GB file segments in a few MB of memory;
web pages, DOCX, ODT and other encodings are read whole. Lines of site furniture (\"اقرأ
المزيد\", \"خبر عاجل\", \"Share this\") are marked boilerplate in JSON; --keep-boilerplate
keeps a whole web page and marks nothing.")]
pub struct Args {
    /// Text file to split; `-` for standard input.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    /// Language of the text: ar, en, de, fr, or auto (decide from the script); other
    /// tags (es, it, …) get the general Latin-script rules (docs/segment.md).
    #[arg(long, default_value = "auto")]
    pub lang: String,
    /// Output format [default: from the extension of -o, else lines].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Read JSON lines {"id","text"[,"lang"]} and write {"id","sentences":[...]} per line.
    #[arg(long)]
    pub jsonl: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Split with the rules of this SRX 2.0 file (OmegaT, Okapi, Trados) instead of
    /// qarin's; line breaks and blank lines still end sentences and paragraphs.
    #[arg(long, value_name = "FILE", conflicts_with = "jsonl")]
    pub srx: Option<PathBuf>,
    /// Write qarin's own rules as SRX 2.0 (to -o or standard output) and exit, so a CAT
    /// tool can segment the same way.
    #[arg(long, conflicts_with_all = ["jsonl", "srx"])]
    pub write_srx: bool,
    #[command(flatten)]
    pub read: super::common::ReadArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// one sentence per line (.txt, .sent)
    Lines,
    /// sentences with byte spans and paragraphs (.json)
    Json,
}

impl OutputFormat for Format {
    const TABLE: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (Format::Lines, "lines", &["txt", "sent"]),
        (Format::Json, "json", &["json"]),
    ];
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let lang = parse_lang(&args.lang)?;
    let output = Output::from_arg(args.output.as_deref());
    // --jsonl and --write-srx write their own formats, whatever -o is called.
    let format = if args.jsonl || args.write_srx {
        args.format.unwrap_or(Format::Lines)
    } else {
        output::choose(args.format, &output, Format::Lines)?
    };
    if args.write_srx {
        output.write_with(write_srx)?;
        return Ok(0);
    }
    output.refuse_inputs(&[args.input.as_path()])?;
    if let Some(srx) = &args.srx {
        return run_srx(srx, &args.input, lang, format, &output);
    }
    let input = open(&args.input)?;
    let shown = display_name(&args.input);

    if args.jsonl {
        let reader = std::io::BufReader::new(input);
        output.write_with(|out| {
            segment_jsonl(reader, lang.as_ref(), out).map_err(|e| e.with_path(&shown))
        })?;
        return Ok(0);
    }

    let options = args.read.options()?;
    // Decide the format and the language from the first bytes before writing, so JSON can
    // name the language first.
    let mut head = Vec::new();
    let mut input = input;
    input
        .by_ref()
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| Error::io("cannot read input", e).with_path(&shown))?;
    let hint = (args.input != Path::new("-")).then_some(args.input.as_path());
    if !qarin::input::is_streamable_text(&head, hint, &options) {
        // A web page, a DOCX/ODT or a legacy encoding: read whole (such files are small).
        let mut bytes = head;
        input
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("cannot read input", e).with_path(&shown))?;
        let mut loaded =
            qarin::input::read(&bytes, hint, lang, &options).map_err(|e| e.with_path(&shown))?;
        super::common::print_notices(&args.input, std::mem::take(&mut loaded.notices));
        loaded.document.origin = Some(shown.clone());
        return write_document(&loaded.document, format, &output);
    }
    let lang = lang.unwrap_or_else(|| detect_lang(&String::from_utf8_lossy(&head)));
    let reader = std::io::Cursor::new(head).chain(input);

    output.write_with(|out| {
        let io_err = |e| Error::io("cannot write output", e);
        if format == Format::Json {
            let origin = serde_json::to_string(&shown).map_err(|e| io_err(e.into()))?;
            write!(
                out,
                "{{\"schema\":\"{}\",\"lang\":{},\"origin\":{origin},\"segments\":[",
                qarin::model::schema::SEGMENTS,
                serde_json::to_string(&lang).map_err(|e| io_err(e.into()))?
            )
            .map_err(io_err)?;
        }
        let mut first = true;
        qarin::input::segment_stream(reader, Some(&lang), &options, |seg| {
            match format {
                Format::Lines => {
                    out.write_all(seg.text.as_bytes()).map_err(io_err)?;
                    out.write_all(b"\n").map_err(io_err)?;
                }
                Format::Json => {
                    out.write_all(if first { b"\n" } else { b",\n" })
                        .map_err(io_err)?;
                    serde_json::to_writer(&mut *out, &seg).map_err(|e| io_err(e.into()))?;
                }
            }
            first = false;
            Ok(())
        })
        .map_err(|e| e.with_path(&shown))?;
        if format == Format::Json {
            out.write_all(b"\n]}\n").map_err(io_err)?;
        }
        Ok(())
    })?;
    Ok(0)
}

/// Segments with an SRX file's rules. The whole input is read at once: SRX rules may look
/// anywhere in a line, so the input is not streamed.
fn run_srx(
    srx: &Path,
    input: &Path,
    lang: Option<Lang>,
    format: Format,
    output: &Output,
) -> anyhow::Result<u8> {
    let text = read_text(input)?;
    let lang = lang.unwrap_or_else(|| detect_lang(&text));
    let xml = read_text(srx)?;
    let rules = SrxRules::parse(&xml, &lang).map_err(|e| e.with_path(srx))?;
    let doc = Document {
        lang,
        origin: Some(display_name(input)),
        segments: rules.segment(&text),
    };
    write_document(&doc, format, output)
}

/// Writes a whole document as lines or JSON.
fn write_document(doc: &Document, format: Format, output: &Output) -> anyhow::Result<u8> {
    output.write_with(|out| {
        let io_err = |e| Error::io("cannot write output", e);
        match format {
            Format::Lines => {
                for seg in &doc.segments {
                    writeln!(out, "{}", seg.text).map_err(io_err)?;
                }
            }
            Format::Json => {
                #[derive(serde::Serialize)]
                struct Shown<'a> {
                    schema: &'static str,
                    #[serde(flatten)]
                    doc: &'a Document,
                }
                let shown = Shown {
                    schema: qarin::model::schema::SEGMENTS,
                    doc,
                };
                serde_json::to_writer(&mut *out, &shown).map_err(|e| io_err(e.into()))?;
                out.write_all(b"\n").map_err(io_err)?;
            }
        }
        Ok(())
    })?;
    Ok(0)
}

/// `auto` is `None` (detect); anything else must look like a language tag.
pub(crate) fn parse_lang(arg: &str) -> Result<Option<Lang>, Error> {
    if arg.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    let lang = Lang::parse(arg).map_err(|problem| Error::usage(format!("--lang: {problem}")))?;
    if !qarin::text::script::is_known_tag(&lang) {
        return Err(Error::usage(format!(
            "unknown --lang {arg:?}; use ar, en, auto or another language tag whose language \
             is an ISO 639 code, such as de or fr"
        )));
    }
    Ok(Some(lang))
}

fn open(path: &Path) -> Result<Box<dyn Read>, Error> {
    Ok(qarin::io::open_input(path)?)
}

fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}
