//! The spreadsheet formats: TSV (tab-separated) and CSV (RFC 4180), one entity per row
//! under a header row naming the columns, forms within a cell separated by `|`.
//!
//! Errors are reported per cell (`file:line:column`) and a bad row is reported, never
//! dropped silently; the reader keeps going so `qarin glossary check` lists everything.

use super::{field_index, Entity, EntityKind, Glossary, Located, FIELDS, FIELD_COUNT};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::io::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Separator {
    Tab,
    Comma,
}

/// A cell and the 1-based line and column where it starts.
struct Cell {
    text: String,
    line: usize,
    column: usize,
}

/// Splits into records of cells, leaving out blank lines and `#` comment lines.
fn records(text: &str, sep: Separator) -> (Vec<Vec<Cell>>, Vec<Error>) {
    match sep {
        Separator::Tab => (tsv_records(text), Vec::new()),
        Separator::Comma => csv_records(text),
    }
}

fn is_skipped_line(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

fn tsv_records(text: &str) -> Vec<Vec<Cell>> {
    let mut out = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if is_skipped_line(line) {
            continue;
        }
        let mut column = 1;
        let mut cells = Vec::new();
        for raw in line.split('\t') {
            cells.push(Cell {
                text: unquote_spreadsheet(raw),
                line: n + 1,
                column,
            });
            column += raw.chars().count() + 1;
        }
        out.push(cells);
    }
    out
}

/// Spreadsheets export a TSV cell holding a quote as `"say ""hi"""`; a cell wholly in
/// quotes is read back the way they meant it.
fn unquote_spreadsheet(raw: &str) -> String {
    let t = raw.trim();
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        t[1..t.len() - 1].replace("\"\"", "\"")
    } else {
        raw.to_string()
    }
}

/// RFC 4180: fields separated by commas, optionally in double quotes (which may hold
/// commas, line breaks and `""` for a quote). A line starting with `#` outside quotes is a
/// comment.
fn csv_records(text: &str) -> (Vec<Vec<Cell>>, Vec<Error>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut record: Vec<Cell> = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    let mut at_record_start = true;
    loop {
        if at_record_start {
            // Skip blank and comment lines between records.
            let rest: String = chars.clone().take_while(|&c| c != '\n').collect();
            if chars.peek().is_none() {
                break;
            }
            if is_skipped_line(&rest) {
                for _ in 0..rest.chars().count() {
                    chars.next();
                }
                chars.next();
                line += 1;
                column = 1;
                continue;
            }
            at_record_start = false;
        }
        let (start_line, start_column) = (line, column);
        let mut cell = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            column += 1;
            let mut closed = false;
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        column += 2;
                        cell.push('"');
                        continue;
                    }
                    column += 1;
                    closed = true;
                    break;
                }
                if c == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
                cell.push(c);
            }
            if !closed {
                problems.push(
                    Error::syntax(
                        "quoted field not closed: the closing `\"` is missing before the end \
                         of the file; add it (write a quote inside a field as `\"\"`)",
                    )
                    .at(start_line, start_column),
                );
            }
            // Text between the closing quote and the next separator is kept, as
            // spreadsheets do, but reported: it usually means a stray quote.
            let mut trailing = String::new();
            while let Some(&c) = chars.peek() {
                if c == ',' || c == '\n' || c == '\r' {
                    break;
                }
                trailing.push(c);
                chars.next();
                column += 1;
            }
            if !trailing.trim().is_empty() {
                problems.push(
                    Error::syntax(format!(
                        "text {trailing:?} after a closing quote; put the whole field in \
                         quotes and double the quotes inside it"
                    ))
                    .at(start_line, start_column),
                );
                cell.push_str(&trailing);
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' || c == '\n' {
                    break;
                }
                if c != '\r' {
                    cell.push(c);
                }
                chars.next();
                column += 1;
            }
        }
        record.push(Cell {
            text: cell,
            line: start_line,
            column: start_column,
        });
        match chars.next() {
            Some(',') => column += 1,
            Some('\r') => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                column = 1;
                out.push(std::mem::take(&mut record));
                at_record_start = true;
            }
            Some('\n') => {
                line += 1;
                column = 1;
                out.push(std::mem::take(&mut record));
                at_record_start = true;
            }
            _ => {
                out.push(std::mem::take(&mut record));
                break;
            }
        }
    }
    if !record.is_empty() {
        out.push(record);
    }
    (out, problems)
}

/// Reads entities from TSV or CSV text. Rows with a problem of their own are left out of
/// the result; the problem says where and what to do.
pub(crate) fn read(text: &str, sep: Separator) -> (Vec<Located>, Vec<Error>) {
    let (records, mut problems) = records(text, sep);
    let mut records = records.into_iter();
    let Some(header) = records.next() else {
        problems.push(Error::syntax(format!(
            "no header row; the first line that is not a comment must name the columns, \
             e.g. `{}`",
            FIELDS[..7].join(if sep == Separator::Tab { "\\t" } else { "," })
        )));
        return (Vec::new(), problems);
    };

    // columns[i] = which model field the i-th column holds (None: unknown, reported).
    let mut columns: Vec<Option<usize>> = Vec::with_capacity(header.len());
    let mut seen = [false; FIELD_COUNT];
    for cell in &header {
        let name = cell.text.trim().to_ascii_lowercase();
        match field_index(&name) {
            Some(f) if seen[f] => {
                problems.push(
                    Error::syntax(format!("column `{name}` appears twice; keep one"))
                        .at(cell.line, cell.column),
                );
                columns.push(None);
            }
            Some(f) => {
                seen[f] = true;
                columns.push(Some(f));
            }
            None if name.is_empty() => columns.push(None),
            None => {
                problems.push(
                    Error::syntax(format!(
                        "unknown column `{}`; the columns are {}",
                        cell.text.trim(),
                        FIELDS.map(|f| format!("`{f}`")).join(", ")
                    ))
                    .at(cell.line, cell.column),
                );
                columns.push(None);
            }
        }
    }
    let header_line = header.first().map(|c| c.line).unwrap_or(1);
    let missing: Vec<&str> = ["id", "kind", "ar", "en"]
        .into_iter()
        .filter(|f| field_index(f).is_some_and(|i| !seen[i]))
        .collect();
    if !missing.is_empty() {
        problems.push(
            Error::syntax(format!(
                "the header lacks the required column{} {}; the header must name at least \
                 `id`, `kind`, `ar` and `en`",
                if missing.len() == 1 { "" } else { "s" },
                missing
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .at(header_line, 1),
        );
        return (Vec::new(), problems);
    }

    let mut out = Vec::new();
    // Ids of rows left out for a problem of their own still take part in the duplicate
    // test, so fixing one row never reveals a clash that was there all along.
    let id_column = columns.iter().position(|c| *c == field_index("id"));
    let mut first_line: HashMap<String, (usize, bool)> = HashMap::new();
    for row in records {
        let located = read_row(&row, &columns, &mut problems);
        let kept = located.is_some();
        if let Some(cell) = id_column.and_then(|i| row.get(i)) {
            let id = cell.text.trim().to_string();
            match first_line.get(&id) {
                // Between two kept rows the validator reports it.
                Some(&(line, first_kept)) if (!kept || !first_kept) && !id.is_empty() => {
                    problems.push(
                        Error::syntax(format!(
                            "id `{id}` is already used on line {line}; give each entity its \
                             own id (or merge the two rows)"
                        ))
                        .at(cell.line, cell.column),
                    );
                }
                Some(_) => {}
                None => {
                    first_line.insert(id, (cell.line, kept));
                }
            }
        }
        if let Some(located) = located {
            out.push(located);
        }
    }
    (out, problems)
}

fn read_row(row: &[Cell], columns: &[Option<usize>], problems: &mut Vec<Error>) -> Option<Located> {
    let line = row.first().map(|c| c.line).unwrap_or(0);
    let before = problems.len();
    if row.len() > columns.len() {
        let extra = &row[columns.len()..];
        if extra.iter().any(|c| !c.text.trim().is_empty()) {
            let first = &extra[0];
            problems.push(
                Error::syntax(format!(
                    "{} cells but the header names {} columns; remove the extra cells or \
                     name their column in the header",
                    row.len(),
                    columns.len()
                ))
                .at(first.line, first.column),
            );
        }
    }
    for cell in row {
        if cell.text.len() > super::MAX_FIELD_BYTES {
            problems.push(
                Error::syntax(format!(
                    "a cell of {} KB; a glossary field is a few words, at most {} KB (is this \
                     the right file, or is a quote left open?)",
                    cell.text.len() / 1024,
                    super::MAX_FIELD_BYTES / 1024
                ))
                .at(cell.line, cell.column),
            );
            return None;
        }
        if let Some(c) = cell
            .text
            .chars()
            .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            problems.push(
                Error::syntax(format!(
                    "control character U+{:04X} in a cell; qarin would drop it from the form \
                     and match something else than written: remove it",
                    c as u32
                ))
                .at(cell.line, cell.column),
            );
        }
    }
    let mut cells: [Option<&Cell>; FIELD_COUNT] = Default::default();
    for (cell, column) in row.iter().zip(columns) {
        if let Some(f) = column {
            cells[*f] = Some(cell);
        }
    }
    let end_column = row
        .last()
        .map(|c| c.column + c.text.chars().count())
        .unwrap_or(1);
    let mut columns_at = [end_column; FIELD_COUNT];
    for (f, cell) in cells.iter().enumerate() {
        if let Some(cell) = cell {
            columns_at[f] = cell.column;
        }
    }
    let text = |f: &str| -> &str {
        field_index(f)
            .and_then(|i| cells[i])
            .map(|c| c.text.trim())
            .unwrap_or("")
    };
    for required in ["id", "kind", "ar", "en"] {
        if text(required).is_empty() {
            let at = field_index(required).map(|i| columns_at[i]).unwrap_or(1);
            problems.push(
                Error::syntax(format!("empty `{required}` cell; every row needs one")).at(line, at),
            );
        }
    }
    let kind_column = field_index("kind").map(|i| columns_at[i]).unwrap_or(1);
    let kind = EntityKind::parse(text("kind"));
    if kind.is_none() && !text("kind").is_empty() {
        problems.push(
            Error::syntax(format!(
                "unknown kind `{}`; use one of {}",
                text("kind"),
                EntityKind::ALL.map(|k| k.as_str()).join(", ")
            ))
            .at(line, kind_column),
        );
    }
    let mut list = |f: &str| -> Vec<String> {
        let i = field_index(f).unwrap_or(0);
        split_forms(text(f), line, columns_at[i], f, problems)
    };
    let ar = list("ar");
    let en_alt = list("en_alt");
    let en_forbidden = list("en_forbidden");
    let ignore = list("ignore");
    let en = text("en");
    if en.contains('|') {
        problems.push(
            Error::syntax(format!(
                "`en` holds one canonical form, found `{en}`; move the others to `en_alt` \
                 (allowed) or `en_forbidden` (wrong)"
            ))
            .at(line, columns_at[3]),
        );
    }
    let note = text("note");
    if problems.len() > before {
        return None;
    }
    Some(Located {
        entity: Entity {
            id: text("id").to_string(),
            kind: kind?,
            ar,
            en: en.to_string(),
            en_alt,
            en_forbidden,
            note: (!note.is_empty()).then(|| note.to_string()),
            ignore,
        },
        line,
        columns: columns_at,
    })
}

/// Splits a `|`-separated cell, trimming spaces around each form. An empty form between
/// two bars is a problem (usually a typo that would otherwise hide a missing spelling).
fn split_forms(
    cell: &str,
    line: usize,
    column: usize,
    field: &str,
    problems: &mut Vec<Error>,
) -> Vec<String> {
    if cell.is_empty() {
        return Vec::new();
    }
    let mut forms = Vec::new();
    for form in cell.split('|') {
        let form = form.trim();
        if form.is_empty() {
            problems.push(
                Error::syntax(format!(
                    "empty form in `{field}` (`{cell}`): two `|` in a row or a `|` at an \
                     end; remove it"
                ))
                .at(line, column),
            );
        } else {
            forms.push(form.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    forms
}

/// Writes the header comment, the header row and one row per entity. The `ignore` column
/// is written only when some entity uses it.
pub(crate) fn write(glossary: &Glossary, sep: Separator, out: &mut dyn Write) -> Result<()> {
    let with_ignore = glossary.entities.iter().any(|e| !e.ignore.is_empty());
    let fields = if with_ignore {
        &FIELDS[..]
    } else {
        &FIELDS[..FIELD_COUNT - 1]
    };
    let mut text = String::new();
    text.push_str("# qarin glossary. Columns and rules: docs/glossary.md\n");
    let sep_str = if sep == Separator::Tab { "\t" } else { "," };
    text.push_str(&fields.join(sep_str));
    text.push('\n');
    for e in &glossary.entities {
        let cells = [
            e.id.clone(),
            e.kind.as_str().to_string(),
            e.ar.join("|"),
            e.en.clone(),
            e.en_alt.join("|"),
            e.en_forbidden.join("|"),
            e.note.clone().unwrap_or_default(),
            e.ignore.join("|"),
        ];
        let row: Vec<String> = cells[..fields.len()]
            .iter()
            .map(|c| match sep {
                Separator::Tab => tsv_cell(c),
                Separator::Comma => csv_cell(c),
            })
            .collect();
        text.push_str(&row.join(sep_str));
        text.push('\n');
    }
    out.write_all(text.as_bytes())
        .map_err(|e| Error::io("cannot write the glossary", e))
}

/// A TSV cell cannot hold a tab or a line break: they become spaces. A cell that starts
/// and ends with a quote is quoted, or reading would take the quotes for spreadsheet
/// quoting.
fn tsv_cell(s: &str) -> String {
    let flat = s.split(['\t', '\n', '\r']).collect::<Vec<_>>().join(" ");
    if flat.trim().len() >= 2 && flat.trim().starts_with('"') && flat.trim().ends_with('"') {
        format!("\"{}\"", flat.replace('"', "\"\""))
    } else {
        flat
    }
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with('#') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str, sep: Separator) -> Vec<String> {
        read(text, sep).1.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn reads_forms_comments_and_blank_lines() {
        let text = "# comment\n\nid\tkind\tar\ten\ten_alt\ten_forbidden\tnote\n\
                    sergei-naryshkin\tperson\tسيرغي ناريشكين | ناريشكين\tSergei Naryshkin\tNaryshkin\tNarishkin|Naryshkine\tSVR chief\n";
        let (rows, problems) = read(text, Separator::Tab);
        assert!(problems.is_empty(), "{problems:?}");
        let e = &rows[0].entity;
        assert_eq!(e.ar, ["سيرغي ناريشكين", "ناريشكين"]);
        assert_eq!(e.en_forbidden, ["Narishkin", "Naryshkine"]);
        assert_eq!(e.note.as_deref(), Some("SVR chief"));
        assert_eq!(rows[0].line, 4);
    }

    #[test]
    fn column_order_is_free_and_optional_columns_may_be_absent() {
        let text = "en\tar\tkind\tid\nCIA\tالسي آي إيه\torg\tcia\n";
        let (rows, problems) = read(text, Separator::Tab);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows[0].entity.id, "cia");
        assert_eq!(rows[0].entity.en, "CIA");
    }

    #[test]
    fn unknown_column_is_reported_at_its_cell() {
        let m = messages("id\tkind\tar\ten\tcolour\n", Separator::Tab);
        assert_eq!(m.len(), 1);
        assert!(
            m[0].starts_with("line 1, column 15: unknown column `colour`"),
            "{m:?}"
        );
    }

    #[test]
    fn missing_required_column_is_reported() {
        let m = messages("id\tkind\tar\n", Separator::Tab);
        assert!(m[0].contains("`en`"), "{m:?}");
    }

    #[test]
    fn bad_kind_and_empty_form_are_reported_with_line_and_column() {
        let text = "id\tkind\tar\ten\nx\tpeople\tأ||ب\tX\n";
        let m = messages(text, Separator::Tab);
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(
            m[0].starts_with("line 2, column 3: unknown kind `people`"),
            "{m:?}"
        );
        assert!(
            m[1].starts_with("line 2, column 10: empty form in `ar`"),
            "{m:?}"
        );
    }

    #[test]
    fn a_bad_row_is_reported_not_skipped_silently() {
        let text = "id\tkind\tar\ten\na\tperson\tأ\tA\tstray\n";
        let (rows, problems) = read(text, Separator::Tab);
        assert!(rows.is_empty());
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn a_duplicate_id_is_reported_even_when_one_row_has_another_problem() {
        let text = "id\tkind\tar\ten\nx\tpeople\tأ\tX\nx\tperson\tب\tY\n";
        let m = messages(text, Separator::Tab);
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(
            m[1].starts_with("line 3, column 1: id `x` is already used on line 2"),
            "{m:?}"
        );
    }

    #[test]
    fn csv_quotes_hold_commas_quotes_and_line_breaks() {
        let text = "id,kind,ar,en,note\n\
                    # a comment\n\
                    cia,org,\"وكالة المخابرات المركزية|سي آي إيه\",CIA,\"the \"\"Agency\"\",\nin Langley\"\n\
                    un,org,الأمم المتحدة,United Nations,\n";
        let (rows, problems) = read(text, Separator::Comma);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].entity.note.as_deref(),
            Some("the \"Agency\",\nin Langley")
        );
        assert_eq!(rows[1].line, 5);
    }

    #[test]
    fn unclosed_csv_quote_is_reported() {
        let m = messages("id,kind,ar,en\na,person,\"أ,A\n", Separator::Comma);
        assert!(m.iter().any(|m| m.contains("not closed")), "{m:?}");
    }

    #[test]
    fn write_then_read_is_lossless_in_both_separators() {
        let text = "id\tkind\tar\ten\ten_alt\ten_forbidden\tnote\tignore\n\
                    cia\torg\tوكالة المخابرات المركزية|سي آي إيه\tCIA\tCentral Intelligence Agency\t\tsays \"the Agency\", often\tname-missing\n";
        let (rows, _) = read(text, Separator::Tab);
        let g = Glossary {
            entities: rows.into_iter().map(|r| r.entity).collect(),
        };
        for sep in [Separator::Tab, Separator::Comma] {
            let mut out = Vec::new();
            write(&g, sep, &mut out).unwrap();
            let (back, problems) = read(std::str::from_utf8(&out).unwrap(), sep);
            assert!(problems.is_empty(), "{sep:?} {problems:?}");
            assert_eq!(back[0].entity, g.entities[0], "{sep:?}");
        }
    }
}
