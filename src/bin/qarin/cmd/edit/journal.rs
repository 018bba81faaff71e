//! The edit journal, `DIR/edits.jsonl`: one JSON line per change since the folder was last
//! saved, written and synced before the page hears the change was made.
//!
//! Its first line names the `bitext.json` it applies to (a hash of that file), so a
//! journal left behind by a save that died half-way, or by a new `qarin review` into the
//! same folder, is recognised and set aside instead of being replayed on the wrong bitext.

use anyhow::Context as _;
use qarin::edit::Action;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub const NAME: &str = "edits.jsonl";
const SCHEMA: &str = "qarin/edit-journal/v1";

#[derive(Serialize, Deserialize)]
struct Head {
    journal: String,
    /// FNV-1a 64 of the bytes of the bitext.json the changes apply to, in hex.
    base: String,
}

pub struct Journal {
    path: PathBuf,
    base: String,
    /// The changes the journal holds (replayed ones first).
    lines: Vec<String>,
    file: Option<File>,
}

fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// What a journal left by an earlier run holds.
#[derive(Default)]
pub struct Replay {
    /// The changes, with their line numbers.
    pub actions: Vec<(usize, Action)>,
    /// What was set aside, and why.
    pub warnings: Vec<String>,
}

/// The changes a journal in `dir` holds for the bitext whose JSON is `base`.
pub fn read(dir: &Path, base: &str) -> anyhow::Result<Replay> {
    let path = dir.join(NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Replay::default()),
        Err(e) => {
            return Err(e).with_context(|| format!("{}: cannot read the journal", path.display()))
        }
    };
    let mut lines = text.lines().enumerate();
    let head: Option<Head> = lines
        .next()
        .and_then(|(_, l)| serde_json::from_str(l).ok())
        .filter(|h: &Head| h.journal == SCHEMA);
    let mut warnings = Vec::new();
    if head.as_ref().map(|h| h.base.as_str()) != Some(fingerprint(base).as_str()) {
        let aside = dir.join(format!("{NAME}.old"));
        std::fs::rename(&path, &aside)
            .with_context(|| format!("{}: cannot set the old journal aside", path.display()))?;
        warnings.push(format!(
            "{} was made for another bitext.json (saved since, or reviewed again); set aside as {}",
            path.display(),
            aside.display()
        ));
        return Ok(Replay {
            actions: Vec::new(),
            warnings,
        });
    }
    let mut actions = Vec::new();
    for (k, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Action>(line) {
            Ok(a) => actions.push((k + 1, a)),
            Err(e) => {
                // The last line of a journal whose writer died may be cut short.
                warnings.push(format!(
                    "{}:{}: not a change ({e}); it and what follows are dropped",
                    path.display(),
                    k + 1
                ));
                break;
            }
        }
    }
    Ok(Replay { actions, warnings })
}

impl Journal {
    /// An empty journal for the bitext whose JSON is `base`; nothing is written until
    /// [`Journal::start`].
    pub fn new(dir: &Path, base: &str) -> Journal {
        Journal {
            path: dir.join(NAME),
            base: fingerprint(base),
            lines: Vec::new(),
            file: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Changes not yet saved into the folder's files.
    pub fn unsaved(&self) -> usize {
        self.lines.len()
    }

    /// Records a change replayed from the journal, to be written back by `start`.
    pub fn keep(&mut self, action: &Action) {
        self.lines
            .push(serde_json::to_string(action).unwrap_or_default());
    }

    /// Writes the head and the kept changes (whole, or not at all), then opens the file
    /// for appending.
    pub fn start(&mut self) -> anyhow::Result<()> {
        let head = serde_json::to_string(&Head {
            journal: SCHEMA.into(),
            base: self.base.clone(),
        })?;
        let lines = &self.lines;
        qarin::io::write_atomic(&self.path, |w| {
            let mut text = head.clone();
            text.push('\n');
            for line in lines {
                text.push_str(line);
                text.push('\n');
            }
            w.write_all(text.as_bytes())
                .map_err(|e| qarin::Error::io("cannot write the journal", e))
        })?;
        self.file = Some(
            OpenOptions::new()
                .append(true)
                .open(&self.path)
                .with_context(|| format!("{}: cannot open the journal", self.path.display()))?,
        );
        Ok(())
    }

    /// Appends one change and syncs it to disk.
    pub fn append(&mut self, action: &Action) -> anyhow::Result<()> {
        let line = serde_json::to_string(action)?;
        let file = self.file.as_mut().context("the journal is not open")?;
        file.write_all(format!("{line}\n").as_bytes())
            .and_then(|()| file.sync_data())
            .with_context(|| format!("{}: cannot write the journal", self.path.display()))?;
        self.lines.push(line);
        Ok(())
    }
}
