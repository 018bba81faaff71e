//! `qarin terms`: list every glossary entity found in a text.

use super::common::{print_notices, read_bytes, GlossaryArgs, ReadArgs};
use super::output::{self, TextOrJson};
use anyhow::Context;
use qarin::glossary::{FormKind, Glossary, Matcher};
use qarin::io::Output;
use qarin::Lang;
use serde::Serialize;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// List glossary names and terms found in a text, with sentence and byte span.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Each line of the text output is one occurrence:
  SENTENCE  START..END  SURFACE  ENTITY-ID  FORM
where SENTENCE counts from 1 (as every view numbers sentences), START..END are byte
offsets in the file (in the extracted text of a web page, DOCX or ODT, in the
decoded text of another encoding) and FORM is arabic, canonical, alternative or forbidden (a wrong
English variant: `Narishkin` for Naryshkin). The JSON has the 0-based `sentence` and the
same `sentence_number`.

Examples:
  qarin terms samples/ankara-2022-11-14/ar.txt
  qarin terms en.txt --lang en -o terms.json
  qarin terms ar.txt -g desk.tsv                 built-in glossary plus the desk's own
  qarin terms ar.txt --no-default-glossary -g desk.tbx")]
pub struct Args {
    /// Text file; `-` for standard input.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    /// Language of the text: ar, en, or auto (decide from the script).
    #[arg(long, default_value = "auto")]
    pub lang: String,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Output format [default: from the extension of -o, else text].
    #[arg(long, value_enum)]
    pub format: Option<TextOrJson>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Serialize)]
struct Report<'a> {
    schema: &'static str,
    lang: &'a Lang,
    matches: &'a [Occurrence<'a>],
}

#[derive(Serialize)]
struct Occurrence<'a> {
    sentence: usize,
    sentence_number: usize,
    span: Range<usize>,
    text: &'a str,
    entity: &'a str,
    kind: &'a str,
    form: FormKind,
    /// The canonical English form, so a translator sees at once what to write.
    en: &'a str,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let output = Output::from_arg(args.output.as_deref());
    let format = output::choose(args.format, &output, TextOrJson::Text)?;
    let mut inputs = vec![args.input.as_path()];
    inputs.extend(args.glossary.glossaries.iter().map(PathBuf::as_path));
    output.refuse_inputs(&inputs)?;
    let glossary = args.glossary.load()?;
    let options = args.read.options()?;
    let hint = (args.input != Path::new("-")).then_some(args.input.as_path());
    let mut extracted = qarin::input::extract(&read_bytes(&args.input)?, hint, &options)
        .map_err(|e| e.with_path(&args.input))?;
    print_notices(&args.input, std::mem::take(&mut extracted.notices));
    let text = extracted.text.as_str();
    let lang = super::segment::parse_lang(&args.lang)?
        .unwrap_or_else(|| qarin::input::declared_or_detected_lang(&extracted));
    let matcher = Matcher::new(&glossary);
    let occurrences = occurrences(text, &lang, &glossary, &matcher);
    output
        .write_with(|out| {
            let io = |e| qarin::Error::io("cannot write the occurrences", e);
            if format == TextOrJson::Json {
                serde_json::to_writer_pretty(
                    &mut *out,
                    &Report {
                        schema: qarin::model::schema::TERMS,
                        lang: &lang,
                        matches: &occurrences,
                    },
                )
                .map_err(|e| io(e.into()))?;
                writeln!(out).map_err(io)?;
            } else {
                for o in &occurrences {
                    writeln!(
                        out,
                        "{}\t{}..{}\t{}\t{}\t{}",
                        o.sentence_number,
                        o.span.start,
                        o.span.end,
                        o.text,
                        o.entity,
                        o.form.as_str()
                    )
                    .map_err(io)?;
                }
            }
            Ok(())
        })
        .context("writing the occurrences")?;
    Ok(crate::status::OK)
}

/// Every match in `text`, numbered by the sentence it falls in. The whole text is matched
/// at once (spans are then already file offsets); sentences only number the matches.
fn occurrences<'a>(
    text: &'a str,
    lang: &Lang,
    glossary: &'a Glossary,
    matcher: &Matcher,
) -> Vec<Occurrence<'a>> {
    let sentences: Vec<Range<usize>> = qarin::segment::segment(text, lang)
        .into_iter()
        .map(|s| s.span)
        .collect();
    let mut sentence = 0;
    matcher
        .find(text, lang)
        .into_iter()
        .filter_map(|m| {
            let entity = glossary.entities.get(m.entity)?;
            while sentence + 1 < sentences.len() && sentences[sentence].end <= m.span.start {
                sentence += 1;
            }
            Some(Occurrence {
                sentence,
                sentence_number: sentence + 1,
                text: m.surface(text),
                span: m.span,
                entity: &entity.id,
                kind: entity.kind.as_str(),
                form: m.form,
                en: &entity.en,
            })
        })
        .collect()
}
