//! The output rule every command shares: `-o FILE` (or `-`, standard output), and the
//! format from `--format`, else from FILE's extension, else the command's default.
//!
//! An extension the command does not write is an error (exit 2) that names the formats,
//! so `export -o notes.docx` never writes a TMX into a `.docx`. A FILE without an
//! extension, and standard output, get the command's default format.

use qarin::io::Output;
use std::path::Path;

/// The output formats of one command: its `--format` values and the extensions naming them.
pub trait OutputFormat: Copy + PartialEq + 'static {
    /// Every format: the value `--format` takes and the extensions (lower case, no dot)
    /// that select it. The first extension is the one shown in messages.
    const TABLE: &'static [(Self, &'static str, &'static [&'static str])];
}

/// The format `--format` names, else the one FILE's extension names, else `default`.
pub fn choose<F: OutputFormat>(flag: Option<F>, output: &Output, default: F) -> anyhow::Result<F> {
    if let Some(format) = flag {
        return Ok(format);
    }
    let Output::File(path) = output else {
        return Ok(default);
    };
    match by_extension::<F>(path) {
        Ok(Some(format)) => Ok(format),
        Ok(None) => Ok(default),
        Err(ext) => Err(unknown_extension::<F>(path, &ext).into()),
    }
}

/// Like [`choose`], for a command with no default (`convert`): a FILE without a known
/// extension needs `--format`.
pub fn choose_required<F: OutputFormat>(flag: Option<F>, output: &Output) -> anyhow::Result<F> {
    if let Some(format) = flag {
        return Ok(format);
    }
    let Output::File(path) = output else {
        anyhow::bail!(qarin::Error::usage(format!(
            "give --format {} to write to standard output",
            names::<F>()
        )));
    };
    match by_extension::<F>(path) {
        Ok(Some(format)) => Ok(format),
        Ok(None) => Err(unknown_extension::<F>(path, "").into()),
        Err(ext) => Err(unknown_extension::<F>(path, &ext).into()),
    }
}

/// The two outputs of commands that report to people or to scripts (check, terms,
/// glossary show).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextOrJson {
    /// for people (.txt)
    Text,
    /// for scripts, with a "schema" field (.json)
    Json,
}

impl OutputFormat for TextOrJson {
    const TABLE: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (TextOrJson::Text, "text", &["txt"]),
        (TextOrJson::Json, "json", &["json"]),
    ];
}

/// `--color WHEN`, as ripgrep and cargo spell it.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorWhen {
    /// on a terminal, unless NO_COLOR is set
    #[default]
    Auto,
    /// always, also into a pipe or a file (`| less -R`) and despite NO_COLOR
    Always,
    /// never
    Never,
}

/// The colour flag of the commands with a terminal view (check, diff).
#[derive(clap::Args, Debug, Clone, Copy, Default)]
pub struct ColorArgs {
    /// When to colour the text output: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,
}

impl ColorArgs {
    /// Whether to write ANSI colours to `output`: the flag decides, and `auto` means
    /// standard output on a terminal with NO_COLOR unset or empty (no-color.org).
    pub fn enabled(&self, output: &Output) -> bool {
        use std::io::IsTerminal;
        match self.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                *output == Output::Stdout
                    && std::io::stdout().is_terminal()
                    && !std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            }
        }
    }
}

/// `Ok(None)`: no extension; `Err(ext)`: an extension no format has.
fn by_extension<F: OutputFormat>(path: &Path) -> Result<Option<F>, String> {
    let Some(ext) = path.extension() else {
        return Ok(None);
    };
    let ext = ext.to_string_lossy().to_ascii_lowercase();
    F::TABLE
        .iter()
        .find(|(_, _, exts)| exts.contains(&ext.as_str()))
        .map(|(f, _, _)| Some(*f))
        .ok_or(ext)
}

fn unknown_extension<F: OutputFormat>(path: &Path, ext: &str) -> qarin::Error {
    let what = if ext.is_empty() {
        "has no extension".to_string()
    } else {
        format!("ends in .{ext}, which is not a format this command writes")
    };
    qarin::Error::usage(format!(
        "cannot tell the output format: {} {what}; name it {}, or give --format {}",
        path.display(),
        extensions::<F>(),
        names::<F>()
    ))
}

/// `.tmx, .xlf, .tsv or .json`.
fn extensions<F: OutputFormat>() -> String {
    let exts: Vec<String> = F::TABLE
        .iter()
        .filter_map(|(_, _, exts)| exts.first())
        .map(|e| format!(".{e}"))
        .collect();
    or_list(&exts)
}

/// `tmx|xliff|xliff2|tsv|json`, as `--help` lists the values.
pub fn names<F: OutputFormat>() -> String {
    let names: Vec<&str> = F::TABLE.iter().map(|(_, n, _)| *n).collect();
    names.join("|")
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Where the output went, for messages: the path, or "standard output".
pub fn shown(output: &Output) -> String {
    match output {
        Output::File(p) => p.display().to_string(),
        Output::Stdout => "standard output".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum F {
        A,
        B,
    }
    impl OutputFormat for F {
        const TABLE: &'static [(F, &'static str, &'static [&'static str])] =
            &[(F::A, "a", &["aa", "a2"]), (F::B, "b", &["bb"])];
    }

    fn file(name: &str) -> Output {
        Output::File(name.into())
    }

    #[test]
    fn the_flag_wins_then_the_extension_then_the_default() {
        assert_eq!(choose(Some(F::B), &file("x.aa"), F::A).unwrap(), F::B);
        assert_eq!(choose(None, &file("x.A2"), F::B).unwrap(), F::A);
        assert_eq!(choose(None, &file("x"), F::B).unwrap(), F::B);
        assert_eq!(choose(None, &Output::Stdout, F::B).unwrap(), F::B);
    }

    #[test]
    fn an_unknown_extension_names_the_formats() {
        let err = choose(None, &file("x.docx"), F::A).unwrap_err().to_string();
        assert!(err.contains(".docx") && err.contains(".aa or .bb"), "{err}");
        assert!(err.contains("--format a|b"), "{err}");
        assert!(choose_required::<F>(None, &file("x")).is_err());
    }
}
