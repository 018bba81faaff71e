//! The review as a Markdown table, for pasting into a ticket or a merge request.

use super::{finding_line, rows, Change, Review, Summary};
use crate::model::Document;
use std::fmt::Write as _;

/// Renders a summary line and one table row per link. Cell text is escaped so that `|`,
/// emphasis markers, HTML and line breaks in a sentence cannot break the table; a
/// revision diff marks removed words `~~so~~` and added words `**so**`.
pub fn markdown(review: &Review, low_score: f32) -> String {
    let bitext = review.bitext;
    let (rows, unplaced) = rows(review);
    let s = Summary::new(bitext, review.findings, low_score);
    let name = |d: &Document| d.origin.clone().unwrap_or_else(|| d.lang.to_string());
    let mut out = String::new();
    let mut title = format!("{} ↔ {}", name(&bitext.source), name(&bitext.target));
    if let Some(revised) = review.revised {
        title.push_str(&format!(" → {}", name(&revised.target)));
    }
    let _ = writeln!(out, "**qarin review** · {}\n", cell(&title));
    let _ = writeln!(
        out,
        "{} · {} ({})\n",
        s.links_line(low_score),
        s.findings_line(),
        cell(&s.rules_line())
    );
    for &f in &unplaced {
        let _ = writeln!(out, "- {}", cell(&finding_line(&review.findings[f])));
    }
    if !unplaced.is_empty() {
        out.push('\n');
    }
    // Headings follow the declared languages: a French source is not "Arabic".
    let name = |lang: &crate::model::Lang| match super::html::language_name(lang) {
        "other-language" => lang.to_string(),
        known => known.to_string(),
    };
    let tgt_name = name(&bitext.target.lang);
    let tgt_head = if review.revised.is_some() {
        format!("{tgt_name} (~~original~~ **revised**)")
    } else {
        tgt_name
    };
    let _ = writeln!(
        out,
        "| # | {} | {tgt_head} | Score | Findings |",
        name(&bitext.source.lang)
    );
    out.push_str("|--:|--:|---|--:|---|\n");
    for row in &rows {
        let mut num = row.number();
        if row.kind != "1-1" {
            num.push_str(&format!(" ({})", row.kind));
        }
        let src = if row.src.is_empty() {
            "*(none)*".to_string()
        } else {
            cell(&joined(&bitext.source, row.src.clone()))
        };
        let tgt = match &row.revised {
            Some(rev) if !row.tgt.is_empty() || !rev.tgt.is_empty() => {
                let mut t = String::new();
                for piece in &rev.diff {
                    let text = cell(&piece.text);
                    let core = text.trim();
                    let marker = match piece.change {
                        Change::Same => {
                            t.push_str(&text);
                            continue;
                        }
                        Change::Removed => "~~",
                        Change::Added => "**",
                    };
                    if core.is_empty() {
                        t.push_str(&text);
                        continue;
                    }
                    let lead = &text[..text.len() - text.trim_start().len()];
                    let trail = &text[text.trim_end().len()..];
                    let _ = write!(t, "{lead}{marker}{core}{marker}{trail}");
                }
                t
            }
            _ if row.tgt.is_empty() => "*(none)*".to_string(),
            _ => cell(&joined(&bitext.target, row.tgt.clone())),
        };
        let score = if row.src.is_empty() || row.tgt.is_empty() {
            "—".to_string()
        } else {
            let mut sc = format!("{:.2}", row.score);
            if row.is_low(low_score) {
                sc = format!("**{sc}**");
            }
            if let Some(rev) = row.revised.as_ref().filter(|r| !r.tgt.is_empty()) {
                sc.push_str(&format!(" → {:.2}", rev.score));
            }
            sc
        };
        let findings: Vec<String> = row
            .findings
            .iter()
            .map(|&f| cell(&finding_line(&review.findings[f])))
            .collect();
        let _ = writeln!(
            out,
            "| {num} | {src} | {tgt} | {score} | {} |",
            findings.join("<br>")
        );
    }
    out
}

fn joined(doc: &Document, range: std::ops::Range<u32>) -> String {
    let parts: Vec<&str> = range
        .filter_map(|i| doc.segments.get(i as usize))
        .map(|s| s.text.trim())
        .collect();
    parts.join(" ")
}

/// Escapes text for one table cell: Markdown punctuation gets a backslash (so `|` does not
/// end the cell and `*`, `_`, `` ` ``, `[`, `<` do not start markup), and line breaks and
/// control characters become spaces, since a table row is one line.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        let c = cell("a | b\nc <img src=x> *d* \\| e");
        assert!(!c.contains('\n'));
        // Every `|` is escaped, including the one after an input backslash.
        let unescaped = c
            .char_indices()
            .filter(|&(i, ch)| ch == '|' && !c[..i].ends_with('\\'))
            .count();
        assert_eq!(unescaped, 0, "{c}");
        assert!(c.contains("\\<img"));
        assert!(c.contains("\\\\\\|"), "{c}");
    }
}
