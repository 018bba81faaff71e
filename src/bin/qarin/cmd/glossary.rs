//! `qarin glossary check|convert|show`.

use anyhow::Context;
use qarin::glossary::{self, Checked, FileFormat, Glossary, TbxVersion};
use qarin::io::Output;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    Check { file: Option<PathBuf> },
    /// Convert between TSV, CSV and TBX, chosen by the extensions (.tsv .csv .tbx).
    #[command(after_help = "\
Examples:
  qarin glossary convert desk.tsv desk.tbx          TBX v2 (martif), for OmegaT, Trados, memoQ
  qarin glossary convert desk.tsv desk.tbx --tbx-version 3
  qarin glossary convert termbase.tbx desk.csv      v2 or v3 input, edit it in a spreadsheet

A file with problems is not converted: fix what `qarin glossary check` lists first.")]
    Convert {
        input: PathBuf,
        output: PathBuf,
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
        file: Option<PathBuf>,
        /// text (a table) or json.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
}

pub fn run(cmd: Command) -> anyhow::Result<u8> {
    match cmd {
        Command::Check { file } => check(file.as_deref()),
        Command::Convert {
            input,
            output,
            tbx_version,
        } => convert(&input, &output, &tbx_version),
        Command::Show { file, format } => show(file.as_deref(), &format),
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
    let mut stdout = std::io::stdout().lock();
    for problem in &checked.problems {
        writeln!(stdout, "{problem}")?;
    }
    if checked.problems.is_empty() {
        eprintln!("{name}: {} entities, no problems", checked.glossary.len());
        Ok(crate::status::OK)
    } else {
        eprintln!(
            "{name}: {} problem{}",
            checked.problems.len(),
            if checked.problems.len() == 1 { "" } else { "s" }
        );
        Ok(crate::status::FINDINGS)
    }
}

fn convert(input: &Path, output: &Path, tbx_version: &str) -> anyhow::Result<u8> {
    let mut format = FileFormat::from_path(output)?;
    if let FileFormat::Tbx(v) = &mut format {
        *v = if tbx_version == "3" {
            TbxVersion::V3
        } else {
            TbxVersion::V2
        };
    }
    let glossary = Glossary::from_path(input)?;
    let out = Output::File(output.to_path_buf());
    out.refuse_inputs(&[input])?;
    out.write_with(|w| glossary::write(&glossary, format, w))
        .with_context(|| format!("writing {}", output.display()))?;
    eprintln!("{}: {} entities written", output.display(), glossary.len());
    Ok(crate::status::OK)
}

fn show(file: Option<&Path>, format: &str) -> anyhow::Result<u8> {
    let checked = read(file);
    let mut stdout = std::io::stdout().lock();
    if format == "json" {
        serde_json::to_writer_pretty(&mut stdout, &checked.glossary)?;
        writeln!(stdout)?;
    } else {
        writeln!(stdout, "id\tkind\ten\ten_alt\ten_forbidden\tar")?;
        for e in &checked.glossary.entities {
            writeln!(
                stdout,
                "{}\t{}\t{}\t{}\t{}\t{}",
                e.id,
                e.kind,
                e.en,
                e.en_alt.join(" | "),
                e.en_forbidden.join(" | "),
                e.ar.join(" | ")
            )?;
        }
    }
    for problem in &checked.problems {
        eprintln!("{problem}");
    }
    Ok(if checked.problems.is_empty() {
        crate::status::OK
    } else {
        crate::status::FINDINGS
    })
}
