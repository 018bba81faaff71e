//! `qarin man`: manual pages in roff, built from the same clap definitions as `--help`
//! (one page per command, as git and cargo ship them: `qarin(1)`, `qarin-check(1)`, …).

use super::Cli;
use anyhow::Context;
use clap::CommandFactory;
use qarin::io::Output;
use std::io::Write;
use std::path::PathBuf;

/// Print the manual page of qarin or of one command (roff, for man), or write them all.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  qarin man | man -l -                          read the manual now
  qarin man check | man -l -                    the page of `qarin check` (qarin-check(1))
  qarin man glossary convert -o qarin-glossary-convert.1
  qarin man --dir ~/.local/share/man/man1       every page, for `man qarin-review`

Each page has the command's description, synopsis, every flag with its help, the examples
of its --help, the exit status and the related pages.")]
pub struct Args {
    /// The command whose page to print (`check`, `glossary convert`, …) [default: qarin's
    /// own page, which lists the commands].
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Vec<String>,
    /// Write the page here instead of standard output (replaced whole).
    #[arg(short, long, value_name = "FILE", conflicts_with = "dir")]
    pub output: Option<PathBuf>,
    /// Write every page into this folder (created if missing) as qarin.1, qarin-review.1,
    /// qarin-glossary-check.1, … and list them.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The exit-code rule of every command (`crate::status`, docs/cli.md), in roff.
const EXIT_STATUS: &str = "\
.SH \"EXIT STATUS\"
.TP
0
The run worked: only warnings and notes, or nothing to report.
.TP
1
At least one error\\-level finding, or the two texts are not translations of each other.
.TP
2
Bad flags, unusable input, or an output that cannot be written.
.PP
When the reader of standard output goes away (\\fBqarin check ... | head\\fR), qarin stops
quietly with the status the whole run would have had.
";

pub fn run(args: Args) -> anyhow::Result<u8> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
        let mut pages = Vec::new();
        collect(&root, &mut Vec::new(), &mut pages);
        let mut stdout = std::io::stdout().lock();
        for (path, command) in &pages {
            let file = dir.join(format!("{}.1", page_name(path)));
            qarin::io::write_atomic(&file, |w| render(command, path, &root, w))?;
            // The pages written, for `| xargs`; a closed pipe ends the listing quietly.
            writeln!(stdout, "{}", file.display())
                .map_err(|e| qarin::Error::io("cannot write to standard output", e))?;
        }
        return Ok(crate::status::OK);
    }
    let mut command = &root;
    for (depth, name) in args.command.iter().enumerate() {
        command = command.find_subcommand(name).ok_or_else(|| {
            let known: Vec<&str> = command
                .get_subcommands()
                .filter(|c| !c.is_hide_set())
                .map(|c| c.get_name())
                .collect();
            qarin::Error::usage(format!(
                "no command `{}`; the pages are: {}",
                args.command[..=depth].join(" "),
                known.join(", ")
            ))
        })?;
    }
    let output = Output::from_arg(args.output.as_deref());
    if let Output::File(path) = &output {
        // A page is roff: `qarin-check.1`, or no extension; `.txt` or `.html` would promise
        // what it is not.
        let ext = path.extension().map(|e| e.to_string_lossy().into_owned());
        if let Some(ext) = ext.filter(|e| !e.starts_with(|c: char| c.is_ascii_digit())) {
            anyhow::bail!(qarin::Error::usage(format!(
                "cannot tell the output format: {} ends in .{ext}, but qarin man writes roff \
                 manual pages; name it {}.1, or read it now with `qarin man … | man -l -`",
                path.display(),
                page_name(&args.command)
            )));
        }
    }
    output.write_with(|w| render(command, &args.command, &root, w))?;
    Ok(crate::status::OK)
}

/// Every command below `command` (itself first), with its path of names.
fn collect<'c>(
    command: &'c clap::Command,
    path: &mut Vec<String>,
    pages: &mut Vec<(Vec<String>, &'c clap::Command)>,
) {
    pages.push((path.clone(), command));
    for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
        path.push(sub.get_name().to_string());
        collect(sub, path, pages);
        path.pop();
    }
}

/// `qarin`, `qarin-check`, `qarin-glossary-convert`.
fn page_name(path: &[String]) -> String {
    std::iter::once("qarin")
        .chain(path.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("-")
}

fn render(
    command: &clap::Command,
    path: &[String],
    root: &clap::Command,
    w: &mut dyn Write,
) -> qarin::Result<()> {
    let name = page_name(path);
    let man = clap_mangen::Man::new(command.clone().display_name(name.clone()))
        .title(name.to_uppercase())
        .source(format!("qarin {}", env!("CARGO_PKG_VERSION")))
        .manual("qarin manual");
    let io = |e| qarin::Error::io("cannot write the manual page", e);
    man.render_title(w).map_err(io)?;
    man.render_name_section(w).map_err(io)?;
    man.render_synopsis_section(w).map_err(io)?;
    man.render_description_section(w).map_err(io)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(w).map_err(io)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(w).map_err(io)?;
    }
    if let Some(after) = command.get_after_long_help().or(command.get_after_help()) {
        examples(&after.to_string(), w).map_err(io)?;
    }
    let mut related: Vec<String> = Vec::new();
    if path.is_empty() {
        let mut pages = Vec::new();
        collect(root, &mut Vec::new(), &mut pages);
        related.extend(pages.iter().skip(1).map(|(p, _)| page_name(p)));
    } else {
        if path.len() > 1 {
            related.push(page_name(&[]));
        }
        related.push(page_name(&path[..path.len() - 1]));
        related.extend(
            command
                .get_subcommands()
                .filter(|c| !c.is_hide_set())
                .map(|c| {
                    let mut p = path.to_vec();
                    p.push(c.get_name().to_string());
                    page_name(&p)
                }),
        );
    }
    let see_also: Vec<String> = related.iter().map(|p| format!("\\fB{p}\\fR(1)")).collect();
    write!(
        w,
        "{EXIT_STATUS}.SH \"SEE ALSO\"\n{}\n",
        see_also.join(", ")
    )
    .map_err(io)?;
    if command.get_version().is_some() {
        man.render_version_section(w).map_err(io)?;
    }
    Ok(())
}

/// The text after `--help`'s flags (worked examples, then notes), kept as laid out:
/// its columns of commands and comments would not survive filling.
fn examples(text: &str, w: &mut dyn Write) -> std::io::Result<()> {
    let (heading, body) = match text.strip_prefix("Examples:\n") {
        Some(rest) => ("EXAMPLES", rest),
        None => ("NOTES", text),
    };
    writeln!(w, ".SH {heading}\n.nf")?;
    for line in body.lines() {
        let line = line.replace('\\', "\\e").replace('-', "\\-");
        // A line starting with a dot or an apostrophe would be read as a request.
        let guard = if line.starts_with(['.', '\'']) {
            "\\&"
        } else {
            ""
        };
        writeln!(w, "{guard}{line}")?;
    }
    writeln!(w, ".fi")
}
