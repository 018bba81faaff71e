//! TSV: one pair per line, `score<TAB>source<TAB>target`, under a header line.
//!
//! Escaping (so a line is always one pair and a column never splits): backslash as `\\`,
//! TAB as `\t`, LF as `\n`, CR as `\r`. Anything else is written as it is. The reader
//! undoes exactly that; a backslash before any other character is kept literally.

use super::*;

const HEADER: &str = "score\tsource\ttarget";

pub(crate) struct TsvWriter {
    pub opts: ExportOptions,
}

/// Escapes one TSV field; borrows when nothing needs escaping.
pub fn escape_field(text: &str) -> Cow<'_, str> {
    if !text.contains(['\\', '\t', '\n', '\r']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Undoes [`escape_field`].
pub fn unescape_field(field: &str) -> Cow<'_, str> {
    if !field.contains('\\') {
        return Cow::Borrowed(field);
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

impl BitextWriter for TsvWriter {
    fn write(&self, bitext: &Bitext, out: &mut dyn io::Write) -> Result<WriteReport> {
        let mut report = WriteReport::default();
        let (units, _) = select_units(bitext, &self.opts, Selection::Memory, &mut report);
        let write = |out: &mut dyn io::Write| -> io::Result<()> {
            writeln!(out, "{HEADER}")?;
            for u in &units {
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    score_text(u.link.score),
                    escape_field(&u.source),
                    escape_field(&u.target)
                )?;
            }
            out.flush()
        };
        write(out).map_err(io_err)?;
        report.written = units.len();
        Ok(report)
    }
}

pub(crate) struct TsvReader;

impl BitextReader for TsvReader {
    fn read(&self, input: &mut dyn io::BufRead) -> Result<Bitext> {
        let text = read_all(input)?;
        let mut units = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line_no = n + 1;
            if line.is_empty() || (n == 0 && line == HEADER) {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [score, source, target] = fields[..] else {
                return Err(Error::syntax(format!(
                    "expected 3 tab-separated columns (score, source, target), found {}",
                    fields.len()
                ))
                .at_line(line_no));
            };
            let score =
                parse_score(score).map_err(|problem| Error::syntax(problem).at(line_no, 1))?;
            units.push(ReadUnit {
                source: Some(unescape_field(source).into_owned()),
                target: Some(unescape_field(target).into_owned()),
                score: Some(score),
                ..ReadUnit::default()
            });
        }
        // TSV carries no languages: the usual pair, which `--source-lang` can override.
        Ok(bitext_from_units(Lang::arabic(), Lang::english(), units))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips_and_keeps_one_line() {
        let nasty = "a\tb\nc\\t\r\\";
        let escaped = escape_field(nasty);
        assert!(!escaped.contains(['\t', '\n', '\r']));
        assert_eq!(unescape_field(&escaped), nasty);
    }
}
