//! Which files make the pairs of a corpus: two folders paired by file name, or a manifest.

use crate::error::{Error, Result};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// One document pair: an id (file name, the manifest's third column) and its two files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub id: String,
    pub source: PathBuf,
    pub target: PathBuf,
}

/// The pairs two folders make, in name order, and the names only one side has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pairing {
    pub pairs: Vec<Pair>,
    /// File names in the source folder with no file of that name in the target folder.
    pub source_only: Vec<String>,
    pub target_only: Vec<String>,
    /// Entries of either folder that are no file to read, with why: a subfolder (folders
    /// are not read recursively), a dangling symbolic link, a device or FIFO. Hidden
    /// names (`.git`, `.DS_Store`) are left out without a word.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// Pairs the files of two folders by name (the names given, as listed from each folder).
pub fn pair_by_name(
    source_dir: &Path,
    target_dir: &Path,
    source_names: &[String],
    target_names: &[String],
) -> Pairing {
    let sources: BTreeSet<&String> = source_names.iter().collect();
    let targets: BTreeSet<&String> = target_names.iter().collect();
    Pairing {
        pairs: sources
            .intersection(&targets)
            .map(|name| Pair {
                id: name.to_string(),
                source: source_dir.join(name),
                target: target_dir.join(name),
            })
            .collect(),
        source_only: sources
            .difference(&targets)
            .map(|s| s.to_string())
            .collect(),
        target_only: targets
            .difference(&sources)
            .map(|s| s.to_string())
            .collect(),
        skipped: Vec::new(),
    }
}

/// Lists the regular files of two folders (hidden files left out) and pairs them by name;
/// what else the folders hold is in [`Pairing::skipped`].
pub fn pair_folders(source_dir: &Path, target_dir: &Path) -> Result<Pairing> {
    let mut skipped = Vec::new();
    let mut list = |dir: &Path| -> Result<Vec<String>> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| Error::io("cannot list the folder", e).with_path(dir))?;
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("cannot list the folder", e).with_path(dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            match std::fs::metadata(entry.path()) {
                Ok(m) if m.is_file() => names.push(name),
                Ok(m) if m.is_dir() => skipped.push((
                    entry.path(),
                    "a subfolder; folders are not read recursively (give it as a folder of \
                     its own, or list its files in a --manifest)",
                )),
                Ok(_) => skipped.push((entry.path(), "not a regular file (a device or FIFO)")),
                Err(_) => skipped.push((
                    entry.path(),
                    "a symbolic link to nothing (its file was moved or deleted)",
                )),
            }
        }
        Ok(names)
    };
    let (sources, targets) = (list(source_dir)?, list(target_dir)?);
    let mut pairing = pair_by_name(source_dir, target_dir, &sources, &targets);
    skipped.sort();
    pairing.skipped = skipped;
    Ok(pairing)
}

/// Reads a manifest file ([`parse_manifest`]).
pub fn read_manifest(path: &Path) -> std::result::Result<Vec<Pair>, Vec<Error>> {
    let text = crate::io::read_text(path).map_err(|e| vec![e])?;
    parse_manifest(&text, path)
}

/// Parses a manifest: one pair per line, `source<TAB>target[<TAB>id]`; blank lines and
/// lines starting with `#` are skipped, and so is a first line `source<TAB>target…`
/// naming the columns. Relative paths are taken from the manifest's folder. The id
/// defaults to the source's file name and must be unique. Every problem is returned, each
/// as `manifest.tsv:LINE:COLUMN: what is wrong and what to do`.
pub fn parse_manifest(text: &str, origin: &Path) -> std::result::Result<Vec<Pair>, Vec<Error>> {
    let base = origin.parent().unwrap_or(Path::new(""));
    let mut pairs = Vec::new();
    let mut problems = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut first = true;
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if std::mem::take(&mut first) && fields[0].trim().eq_ignore_ascii_case("source") {
            continue;
        }
        let problem =
            |column: usize, msg: String| Error::syntax(msg).at(line_no, column).with_path(origin);
        if !(2..=3).contains(&fields.len()) {
            problems.push(problem(
                1,
                format!(
                    "expected 2 or 3 tab-separated columns (source, target, optional id), \
                     found {}; separate the columns with one tab",
                    fields.len()
                ),
            ));
            continue;
        }
        let column_of = |k: usize| {
            1 + fields[..k]
                .iter()
                .map(|f| f.chars().count() + 1)
                .sum::<usize>()
        };
        let (source, target) = (fields[0].trim(), fields[1].trim());
        if source.is_empty() || target.is_empty() {
            let k = if source.is_empty() { 0 } else { 1 };
            problems.push(problem(
                column_of(k),
                "empty path; give the file of each side".into(),
            ));
            continue;
        }
        let source = base.join(source);
        let target = base.join(target);
        let id = match fields.get(2).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            Some(id) => id.to_string(),
            None => source.file_name().map_or_else(
                || source.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        };
        if let Some(&earlier) = ids.get(&id) {
            problems.push(problem(
                column_of(2.min(fields.len() - 1)),
                format!(
                    "id `{id}` is already used on line {earlier}; give each pair its own id in \
                     the third column"
                ),
            ));
            continue;
        }
        ids.insert(id.clone(), line_no);
        pairs.push(Pair { id, source, target });
    }
    if problems.is_empty() {
        Ok(pairs)
    } else {
        Err(problems)
    }
}
