//! The lexicon file: UTF-8 TSV, `#` comment lines and blank lines skipped, a header row
//! naming the columns (`ar en pos domain note`; `ar` and `en` are required, the others
//! may be left out), forms within a cell separated by `|` (see `glossaries/README.md`).
//!
//! The first problem stops the read with its place (`file:line:column`) and what to do:
//! a lexicon with a broken row would otherwise pair words silently wrong.

use super::{Entry, Lexicon};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::Path;

/// The header of the built-in file and of every file `qarin` would write.
pub const HEADER: &str = "ar\ten\tpos\tdomain\tnote";

const COLUMNS: [&str; 5] = ["ar", "en", "pos", "domain", "note"];
const POS: [&str; 10] = [
    "n", "v", "adj", "adv", "num", "prep", "conj", "pron", "part", "phrase",
];

/// Parses a lexicon file's text; `path` is only used in errors.
pub fn parse_str(text: &str, path: &Path) -> Result<Lexicon> {
    let err = |line: usize, column: usize, msg: String| {
        Error::syntax(msg).at(line, column).with_path(path)
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut columns: Option<Vec<usize>> = None;
    let mut entries = Vec::new();
    let mut seen: HashMap<(String, String, Vec<String>), usize> = HashMap::new();
    for (n, line) in text.split('\n').enumerate() {
        let line_no = n + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        // (cell, 1-based column in characters)
        let mut cells = Vec::new();
        let mut column = 1;
        for raw in line.split('\t') {
            cells.push((raw.trim(), column));
            column += raw.chars().count() + 1;
        }
        let Some(order) = &columns else {
            columns = Some(header(&cells, line_no, &err)?);
            continue;
        };
        if cells.len() > order.len() {
            let (_, col) = cells[order.len()];
            return Err(err(
                line_no,
                col,
                format!(
                    "this row has {} cells but the header names {} columns; is there a tab \
                     inside a cell? Separate forms within a cell with `|`",
                    cells.len(),
                    order.len()
                ),
            ));
        }
        let mut fields: [(&str, usize); 5] = [("", 0); 5];
        for (k, &(cell, col)) in cells.iter().enumerate() {
            fields[order[k]] = (cell, col);
        }
        let end_column = column;
        let at = |field: usize| {
            if fields[field].1 == 0 {
                end_column
            } else {
                fields[field].1
            }
        };
        let ar = forms(fields[0].0, line_no, at(0), "ar", &err)?;
        for form in &ar {
            if !form.chars().any(is_arabic_letter) {
                return Err(err(
                    line_no,
                    at(0),
                    format!(
                        "the Arabic form `{form}` has no Arabic letter; the `ar` column holds \
                         Arabic forms, the `en` column their English renderings (are the two \
                         columns swapped?)"
                    ),
                ));
            }
        }
        let en = forms(fields[1].0, line_no, at(1), "en", &err)?;
        for form in &en {
            if !form
                .chars()
                .any(|c| c.is_alphabetic() && !is_arabic_letter(c))
            {
                return Err(err(
                    line_no,
                    at(1),
                    format!(
                        "the English rendering `{form}` has no Latin letter; the `en` column \
                         holds English words"
                    ),
                ));
            }
        }
        let pos = fields[2].0.to_string();
        if !pos.is_empty() && !POS.contains(&pos.as_str()) {
            return Err(err(
                line_no,
                at(2),
                format!(
                    "unknown part of speech `{pos}`; use one of {} or leave the cell empty",
                    POS.join(", ")
                ),
            ));
        }
        let note = Some(fields[4].0.to_string()).filter(|s| !s.is_empty());
        let entry = Entry {
            ar,
            en,
            pos,
            domain: fields[3].0.to_string(),
            note,
        };
        let (lemma, pos, en) = entry.identity();
        let key = (lemma.to_string(), pos.to_string(), en.to_vec());
        if let Some(first) = seen.get(&key) {
            return Err(err(
                line_no,
                1,
                format!(
                    "this row repeats line {first} (the same Arabic lemma, part of speech and \
                     renderings); delete one of the two, or give a second sense other \
                     renderings"
                ),
            ));
        }
        seen.insert(key, line_no);
        entries.push(entry);
    }
    if columns.is_none() {
        return Err(Error::syntax(format!(
            "no header row; the first line that is not a `#` comment must name the columns: \
             `{}` (tab-separated)",
            HEADER.replace('\t', " ")
        ))
        .with_path(path));
    }
    Ok(Lexicon::new(entries))
}

/// Column positions of the header row: `order[k]` is the field of cell `k`.
fn header(
    cells: &[(&str, usize)],
    line: usize,
    err: &dyn Fn(usize, usize, String) -> Error,
) -> Result<Vec<usize>> {
    let mut order = Vec::with_capacity(cells.len());
    for &(cell, col) in cells {
        let name = cell.to_ascii_lowercase();
        let Some(field) = COLUMNS.iter().position(|c| *c == name) else {
            return Err(err(
                line,
                col,
                format!(
                    "unknown column `{cell}` in the header; a lexicon's columns are {} \
                     (`ar` and `en` required)",
                    COLUMNS.join(", ")
                ),
            ));
        };
        if order.contains(&field) {
            return Err(err(line, col, format!("column `{cell}` is named twice")));
        }
        order.push(field);
    }
    for (field, name) in COLUMNS.iter().enumerate().take(2) {
        if !order.contains(&field) {
            return Err(err(
                line,
                1,
                format!(
                    "the header has no `{name}` column; the first line that is not a `#` \
                     comment must name the columns, e.g. `{}` (tab-separated)",
                    HEADER.replace('\t', " ")
                ),
            ));
        }
    }
    Ok(order)
}

/// The `|`-separated forms of a cell; none may be empty.
fn forms(
    cell: &str,
    line: usize,
    column: usize,
    name: &str,
    err: &dyn Fn(usize, usize, String) -> Error,
) -> Result<Vec<String>> {
    if cell.is_empty() {
        return Err(err(
            line,
            column,
            format!("the `{name}` cell is empty; every row needs at least one form in it"),
        ));
    }
    let forms: Vec<String> = cell
        .split('|')
        .map(|f| f.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if forms.iter().any(String::is_empty) {
        return Err(err(
            line,
            column,
            format!("the `{name}` cell `{cell}` has an empty form between `|` separators"),
        ));
    }
    Ok(forms)
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}')
}
