//! `qarin edit`: the review page as an editor, served on 127.0.0.1 to this machine's
//! browser. The corrections themselves are `qarin::edit`; this module holds the folder,
//! the journal and the HTTP layer.

mod http;
mod journal;

use super::common::{InputArgs, Resources};
use super::export::ExportArgs;
use super::review::{self, write_folder, Folder, Written, BITEXT};
use anyhow::Context as _;
use journal::Journal;
use qarin::align::AlignConfig;
use qarin::check::{CheckConfig, Checker};
use qarin::edit::{Action, Aligner, Recheck, Session};
use qarin::report::{self, EditorChrome, HtmlOptions, Review};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

const AFTER_HELP: &str = "\
Examples:
  qarin review ar.txt en.txt -o review/ && qarin edit review/
      correct the alignment `review` made, in the browser
  qarin edit ar.txt en.txt -o review/ --open
      align and check first (as `qarin review`), then open the editor

It prints an address such as http://127.0.0.1:41234/3f9c…/ : open it in a browser on this
machine (the random part is a password: every request must carry it). Keys: ↑ ↓ choose a
link, m merge with the next, s split, [ ] move an English sentence up / down (with Shift:
Arabic), x no counterpart, c confirm, r reject, a realign after this link, e edit the
picked sentence, Ctrl+Z / Ctrl+Shift+Z undo / redo, Ctrl+S save (docs/report.md lists all).

Every change goes at once into DIR/edits.jsonl; if the browser or the server dies, `qarin
edit DIR` replays it. Save (Ctrl+S) writes bitext.json, memory.tmx, review.xlf,
findings.json and report.html, each whole or not at all. Give the same --glossary flags as
to `qarin review`. Ctrl+C stops the server; unsaved changes stay in the journal.";

/// Correct an alignment in the browser: merge, split and shift links, fix sentences and
/// names, realign after a fix, then save the TMX and XLIFF.
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// A folder `qarin review` wrote (DIR), or the source and target texts (AR EN) to
    /// align and check first.
    #[arg(value_name = "DIR | AR EN", num_args = 1..=2, required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    /// With AR EN: the folder to write the review files into.
    #[arg(short, long, value_name = "DIR", default_value = "qarin-review")]
    pub output: PathBuf,
    /// Port on 127.0.0.1 [default: a free one] (0 also asks for a free one).
    #[arg(long, default_value_t = 0, hide_default_value = true)]
    pub port: u16,
    /// Open the address in the default browser.
    #[arg(long)]
    pub open: bool,
    /// How Save writes the TMX and XLIFF (and, with AR EN, the first review).
    #[command(flatten)]
    pub export: ExportArgs,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let dir = match args.paths.as_slice() {
        [dir] => dir.clone(),
        [source, target] => {
            review::run(review::Args {
                source: Some(source.clone()),
                target: Some(target.clone()),
                input: args.input.clone(),
                batch: Default::default(),
                output: args.output.clone(),
                export: args.export.clone(),
            })?;
            args.output.clone()
        }
        _ => unreachable!("clap takes one or two paths"),
    };
    let resources = args.input.resources()?;
    let mut editor = Editor::open(&dir, &resources, args.export.clone())?;
    let server = http::Server::bind(args.port)?;
    let url = server.url();
    say(format_args!("qarin edit: {url}"));
    say(format_args!(
        "  editing {} ({} links); Ctrl+C stops, changes are kept in {}",
        dir.display(),
        editor.session.bitext.links.len(),
        editor.journal.path().display()
    ));
    if editor.replayed > 0 {
        say(format_args!(
            "  {} unsaved changes from the journal replayed",
            editor.replayed
        ));
    }
    for warning in editor.warnings.drain(..) {
        eprintln!("qarin: warning: {warning}");
    }
    use std::io::Write as _;
    std::io::stdout().flush().ok();
    if args.open {
        open_browser(&url);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    crate::interrupt::notify(flag);
    server.serve(&stop, &mut |request| editor.answer(request))?;
    let unsaved = editor.journal.unsaved();
    if unsaved > 0 {
        say(format_args!(
            "qarin edit: stopped; {unsaved} unsaved changes are in {}: `qarin edit {}` continues with them",
            editor.journal.path().display(),
            dir.display()
        ));
    } else {
        say(format_args!("qarin edit: stopped; everything was saved"));
    }
    Ok(crate::status::OK)
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(url).spawn() {
        eprintln!("qarin: warning: cannot start {program} ({e}); open {url} yourself");
    }
}

/// The folder being edited, its session and journal, and what re-checks and re-renders.
struct Editor<'r> {
    dir: PathBuf,
    session: Session,
    journal: Journal,
    resources: &'r Resources,
    checker: Checker<'r>,
    check: CheckConfig,
    align: AlignConfig,
    export: ExportArgs,
    version: u64,
    replayed: usize,
    warnings: Vec<String>,
}

/// What the page asks for, once the HTTP layer has checked the request.
pub enum Call {
    Page,
    Act(Vec<u8>),
    Save,
}

/// The answer: a page, or JSON.
pub enum Reply {
    Html(String),
    Json(serde_json::Value),
}

impl<'r> Editor<'r> {
    fn open(
        dir: &Path,
        resources: &'r Resources,
        export: ExportArgs,
    ) -> anyhow::Result<Editor<'r>> {
        let path = dir.join(BITEXT);
        let text = read_own(&path).with_context(|| {
            format!(
                "{} is not a review folder: run `qarin review AR EN -o {}` first, or give `qarin edit` the two texts",
                dir.display(),
                dir.display()
            )
        })?;
        let mut bitext: qarin::Bitext = serde_json::from_str(&text).map_err(|e| {
            qarin::Error::syntax(format!(
                "not a qarin bitext: {e}; expected the bitext.json `qarin review` writes"
            ))
            .at(e.line(), e.column())
            .with_path(&path)
        })?;
        qarin::edit::place_empty_sides(&mut bitext.links);
        qarin::edit::check_invariant(&bitext).map_err(|e| {
            anyhow::anyhow!(
                "{}: the links do not cover the sentences once each, in order ({e})",
                path.display()
            )
        })?;
        let checker = Checker::new(&resources.glossary);
        let check = CheckConfig {
            low_score: export.low_score,
            ..CheckConfig::default()
        };
        let session = Session::new(
            bitext,
            &Recheck {
                checker: &checker,
                config: &check,
            },
        );
        let mut editor = Editor {
            dir: dir.to_path_buf(),
            session,
            journal: Journal::new(dir, &text),
            resources,
            checker,
            check,
            align: AlignConfig::default(),
            export,
            version: 0,
            replayed: 0,
            warnings: Vec::new(),
        };
        let replay = journal::read(dir, &text)?;
        editor.warnings = replay.warnings;
        for (line, action) in replay.actions {
            if let Err(e) = editor.act(&action) {
                editor.warnings.push(format!(
                    "{}:{line}: the journal's change could not be replayed ({e}); it and the changes after it are dropped",
                    editor.journal.path().display()
                ));
                break;
            }
            editor.journal.keep(&action);
            editor.replayed += 1;
        }
        editor.journal.start()?;
        Ok(editor)
    }

    fn act(&mut self, action: &Action) -> Result<qarin::edit::Change, qarin::edit::EditError> {
        let aligner = Aligner {
            signals: self.resources.signals(),
            config: &self.align,
        };
        let recheck = Recheck {
            checker: &self.checker,
            config: &self.check,
        };
        self.session.act(action, &aligner, &recheck)
    }

    fn page(&self) -> String {
        let bitext = &self.session.bitext;
        let highlights = self.highlights();
        let review = Review::new(bitext, &self.session.report.findings, &highlights);
        let chrome = EditorChrome {
            unsaved: self.journal.unsaved(),
            can_undo: self.session.can_undo(),
            can_redo: self.session.can_redo(),
            version: self.version,
        };
        report::html(
            &review,
            &HtmlOptions {
                editor: Some(chrome),
                low_score: self.export.low_score,
                ..HtmlOptions::default()
            },
        )
    }

    fn highlights(&self) -> report::Highlights {
        match self.resources.matcher() {
            Some(m) => {
                report::highlights_with(&self.session.bitext, None, &self.resources.glossary, m)
            }
            None => report::Highlights::default(),
        }
    }

    fn answer(&mut self, call: Call) -> Reply {
        match call {
            Call::Page => Reply::Html(self.page()),
            Call::Act(body) => {
                let action: Action = match serde_json::from_slice(&body) {
                    Ok(a) => a,
                    Err(e) => return failure(format!("not an edit qarin knows: {e}")),
                };
                match self.act(&action) {
                    Ok(change) => {
                        if let Err(e) = self.journal.append(&action) {
                            return failure(format!(
                                "the change was made but could not be written to the journal: {e:#}; save now"
                            ));
                        }
                        self.version += 1;
                        Reply::Json(serde_json::json!({
                            "ok": true,
                            "touched": [change.touched.start, change.touched.end],
                            "unsaved": self.journal.unsaved(),
                            "page": self.page(),
                        }))
                    }
                    Err(e) => failure(e.to_string()),
                }
            }
            Call::Save => match self.save() {
                Ok(message) => {
                    self.version += 1;
                    Reply::Json(serde_json::json!({
                        "ok": true,
                        "message": message,
                        "unsaved": 0,
                        "page": self.page(),
                    }))
                }
                Err(e) => failure(format!("not saved: {e:#}")),
            },
        }
    }

    /// Writes the folder, then starts a new journal on what was written.
    fn save(&mut self) -> anyhow::Result<String> {
        let highlights = self.highlights();
        let bitext = &self.session.bitext;
        let review = Review::new(bitext, &self.session.report.findings, &highlights);
        let export = self.export.options(self.session.report.findings.clone());
        let Written { tmx, xliff } = write_folder(
            &self.dir,
            &Folder {
                review: &review,
                checked: qarin::check::Checked {
                    source: bitext.source.origin.as_deref().unwrap_or("source"),
                    target: bitext.target.origin.as_deref(),
                    report: &self.session.report,
                },
                export: &export,
                html: &HtmlOptions {
                    low_score: self.export.low_score,
                    ..HtmlOptions::default()
                },
            },
        )?;
        let text = read_own(&self.dir.join(BITEXT))?;
        self.journal = Journal::new(&self.dir, &text);
        self.journal.start()?;
        Ok(format!(
            "saved: {} TMX pairs ({} rejected left out), {} XLIFF units",
            tmx.written, tmx.skipped_rejected, xliff.written
        ))
    }
}

/// A file of the review folder, which the editor rewrites when it saves: read, and not
/// guarded as an input (every other file the run reads still is).
fn read_own(path: &Path) -> qarin::Result<String> {
    let text = qarin::io::read_text(path)?;
    qarin::io::release_input(path);
    Ok(text)
}

fn failure(error: String) -> Reply {
    Reply::Json(serde_json::json!({ "ok": false, "error": error }))
}

/// A line for the person at the terminal. A closed standard output (`qarin edit DIR | head
/// -1` to take the address) must not stop the server, so a failed write is let go.
fn say(line: std::fmt::Arguments) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}
