//! `qarin glossary check|convert|show`.

use super::output::{self, OutputFormat, TextOrJson};
use anyhow::Context;
use qarin::glossary::{self, Checked, FileFormat, Glossary, TbxVersion};
use qarin::io::Output;
use std::path::{Path, PathBuf};

/// The files `glossary convert` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlossaryFormat {
    /// tab-separated, qarin's own (.tsv, .tab, .txt)
    Tsv,
    /// comma-separated, for spreadsheets (.csv)
    Csv,
    /// TermBase eXchange, for CAT tools (.tbx); --tbx-version picks 2 or 3
    Tbx,
}

impl OutputFormat for GlossaryFormat {
    const TABLE: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (GlossaryFormat::Tsv, "tsv", &["tsv", "tab", "txt"]),
        (GlossaryFormat::Csv, "csv", &["csv"]),
        (GlossaryFormat::Tbx, "tbx", &["tbx", "xml"]),
    ];
}

/// Lint, convert and inspect glossary files (TSV, CSV, TBX v2 or v3).
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Report every problem in a glossary file as FILE:LINE:COLUMN: what to fix.
    /// Without FILE, checks the built-in glossary. Exit status 1 if there is any problem.
    #[command(after_help = "\
Examples:
  qarin glossary check desk.tsv
  qarin glossary check                      the built-in news glossary

A problem looks like:
  desk.tsv:12:3: unknown kind `people`; use one of person, place, org, media, title, term")]
    Check {
        /// The glossary to check (TSV, CSV, TBX v2 or v3) [default: the built-in one].
        file: Option<PathBuf>,
    },
    /// Convert between TSV, CSV and TBX, chosen by the extensions (.tsv .csv .tbx) or
    /// --format.
    #[command(after_help = "\
Examples:
  qarin glossary convert desk.tsv -o desk.tbx       TBX v2 (martif), for OmegaT, Trados, memoQ
  qarin glossary convert desk.tsv desk.tbx          the same: OUTPUT may also be given second
  qarin glossary convert desk.tsv -o desk.tbx --tbx-version 3
  qarin glossary convert termbase.tbx -o desk.csv   v2 or v3 input, edit it in a spreadsheet
  qarin glossary convert desk.tbx --format tsv | less     to standard output

A file with problems is not converted: fix what `qarin glossary check` lists first.")]
    Convert {
        /// The glossary to read (TSV, CSV, TBX v2 or v3).
        input: PathBuf,
        /// Where to write (same as -o, kept for scripts that give it second); `-` for
        /// standard output.
        #[arg(value_name = "OUTPUT", conflicts_with = "output")]
        output_positional: Option<PathBuf>,
        /// Where to write; `-` or none: standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Output format [default: from the extension of the output; tsv on standard
        /// output].
        #[arg(long, value_enum)]
        format: Option<GlossaryFormat>,
        /// TBX edition to write: 2 (ISO 30042:2008 `martif`, what CAT tools read) or 3
        /// (ISO 30042:2019).
        #[arg(long, default_value = "2", value_parser = ["2", "3"])]
        tbx_version: String,
    },
    /// Show what qarin understood from a glossary file (without FILE: the built-in one).
    #[command(after_help = "\
Examples:
  qarin glossary show desk.tbx
  qarin glossary show --format json > builtin.json")]
    Show {
        /// The glossary to show (TSV, CSV, TBX v2 or v3) [default: the built-in one].
        file: Option<PathBuf>,
        /// Output format [default: from the extension of -o, else text].
        #[arg(long, value_enum)]
        format: Option<TextOrJson>,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub fn run(cmd: Command) -> anyhow::Result<u8> {
    match cmd {
        Command::Check { file } => check(file.as_deref()),
        Command::Convert {
            input,
            output_positional,
            output,
            format,
            tbx_version,
        } => {
            let output = Output::from_arg(output.as_deref().or(output_positional.as_deref()));
            convert(&input, &output, format, &tbx_version)
        }
        Command::Show {
            file,
            format,
            output,
        } => show(
            file.as_deref(),
            format,
            &Output::from_arg(output.as_deref()),
        ),
    }
}

fn read(file: Option<&Path>) -> Checked {
    match file {
        Some(path) => glossary::read_path(path),
        None => glossary::parse_str(
            glossary::BUILTIN_TSV,
            FileFormat::Tsv,
            Path::new(glossary::BUILTIN_NAME),
        ),
    }
}

fn check(file: Option<&Path>) -> anyhow::Result<u8> {
    let checked = read(file);
    let name = file
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| glossary::BUILTIN_NAME.to_string());
    let code = if checked.problems.is_empty() {
        eprintln!("{name}: {} entities, no problems", checked.glossary.len());
        crate::status::OK
    } else {
        eprintln!(
            "{name}: {} problem{}",
            checked.problems.len(),
            if checked.problems.len() == 1 { "" } else { "s" }
        );
        crate::status::raise(crate::status::FINDINGS)
    };
    Output::Stdout.write_with(|w| {
        for problem in &checked.problems {
            writeln!(w, "{problem}").map_err(io)?;
        }
        Ok(())
    })?;
    Ok(code)
}

fn io(e: std::io::Error) -> qarin::Error {
    qarin::Error::io("cannot write", e)
}

fn convert(
    input: &Path,
    output: &Output,
    format: Option<GlossaryFormat>,
    tbx_version: &str,
) -> anyhow::Result<u8> {
    // Standard output gets qarin's own TSV; a file is named by its extension.
    let format = match output {
        Output::Stdout => format.unwrap_or(GlossaryFormat::Tsv),
        Output::File(_) => output::choose_required(format, output)?,
    };
    let format = match format {
        GlossaryFormat::Tsv => FileFormat::Tsv,
        GlossaryFormat::Csv => FileFormat::Csv,
        GlossaryFormat::Tbx if tbx_version == "3" => FileFormat::Tbx(TbxVersion::V3),
        GlossaryFormat::Tbx => FileFormat::Tbx(TbxVersion::V2),
    };
    let glossary = Glossary::from_path(input)?;
    output.refuse_inputs(&[input])?;
    output
        .write_with(|w| glossary::write(&glossary, format, w))
        .with_context(|| format!("writing {}", output::shown(output)))?;
    eprintln!(
        "{}: {} entities written",
        output::shown(output),
        glossary.len()
    );
    Ok(crate::status::OK)
}

fn show(file: Option<&Path>, format: Option<TextOrJson>, output: &Output) -> anyhow::Result<u8> {
    let format = output::choose(format, output, TextOrJson::Text)?;
    let checked = read(file);
    if let Some(path) = file {
        output.refuse_inputs(&[path])?;
    }
    for problem in &checked.problems {
        eprintln!("{problem}");
    }
    let code = if checked.problems.is_empty() {
        crate::status::OK
    } else {
        crate::status::raise(crate::status::FINDINGS)
    };
    output.write_with(|w| {
        if format == TextOrJson::Json {
            #[derive(serde::Serialize)]
            struct Shown<'a> {
                schema: &'static str,
                #[serde(flatten)]
                glossary: &'a Glossary,
            }
            let shown = Shown {
                schema: qarin::model::schema::GLOSSARY,
                glossary: &checked.glossary,
            };
            serde_json::to_writer_pretty(&mut *w, &shown).map_err(|e| io(e.into()))?;
            writeln!(w).map_err(io)?;
        } else {
            writeln!(w, "id\tkind\ten\ten_alt\ten_forbidden\tar").map_err(io)?;
            for e in &checked.glossary.entities {
                writeln!(
                    w,
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    e.id,
                    e.kind,
                    e.en,
                    e.en_alt.join(" | "),
                    e.en_forbidden.join(" | "),
                    e.ar.join(" | ")
                )
                .map_err(io)?;
            }
        }
        Ok(())
    })?;
    Ok(code)
}
