//! The side-by-side review for a terminal: columns that fit a given width, both wrapped,
//! colour only when asked for (the CLI asks on a TTY without `NO_COLOR`).
//!
//! Arabic in a terminal is only readable where the terminal applies the Unicode
//! bidirectional algorithm and joins letters (VTE ≥ 0.58, Konsole, mlterm). Elsewhere, or
//! when the columns would be narrower than [`MIN_COLUMN`], [`Layout::Stacked`] puts each
//! row's Arabic on its own full-width line above the English, so at least the English
//! columns stay intact and the Arabic can be copied whole.

use super::{
    finding_line, found_in_target, pieces, rows, severity_name, Change, Entities, Mark, Review,
    Row, Summary, LOW_SCORE,
};
use crate::model::{Document, Severity};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Narrower text columns than this wrap every few words; stack instead.
pub const MIN_COLUMN: usize = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Source and target side by side.
    Columns,
    /// Source on its own line(s) above the target.
    Stacked,
}

#[derive(Clone, Debug)]
pub struct TextOptions {
    /// Total width in terminal columns.
    pub width: usize,
    /// Emit ANSI colours and underlines.
    pub color: bool,
    pub layout: Layout,
    pub low_score: f32,
    /// In columns, start each line with U+200E and isolate the Arabic cell (U+2067…U+2069),
    /// so a bidi terminal keeps the columns in place. Off for a file or a pipe: there the
    /// invisible marks only get in the way of grep, diff and editors.
    pub bidi_marks: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            width: 100,
            color: false,
            layout: Layout::Stacked,
            low_score: LOW_SCORE,
            bidi_marks: true,
        }
    }
}

/// Whether the terminal described by these environment variables applies the bidi
/// algorithm and shapes Arabic by default: GNOME Terminal and other VTE terminals from
/// 0.58 (`VTE_VERSION` ≥ 5800), Konsole (`KONSOLE_VERSION`) and mlterm (`MLTERM`).
/// Anything else (xterm, tmux, kitty, Alacritty, Windows Terminal, a pipe) is assumed not
/// to: their Arabic comes out unjoined and left to right.
pub fn terminal_shapes_arabic(var: impl Fn(&str) -> Option<String>) -> bool {
    if var("TMUX").is_some() || var("STY").is_some() {
        // Multiplexers redraw cells themselves and lose the terminal's bidi.
        return false;
    }
    let vte = var("VTE_VERSION")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .is_some_and(|v| v >= 5800);
    vte || var("KONSOLE_VERSION").is_some() || var("MLTERM").is_some()
}

/// Renders the review as plain text (with ANSI styling when `options.color`).
pub fn text(review: &Review, options: &TextOptions) -> String {
    let width = options.width.max(40);
    let (rows, unplaced) = rows(review);
    let entities = Entities::collect(review);
    let summary = Summary::new(review.bitext, review.findings, options.low_score);
    let columns = column_widths(width);
    let layout = match (options.layout, columns) {
        (Layout::Columns, Some(_)) => Layout::Columns,
        _ => Layout::Stacked,
    };
    let r = Renderer {
        review,
        options,
        entities: &entities,
        width,
    };
    let mut out = String::new();
    r.summary(&mut out, &summary, &unplaced);
    for row in &rows {
        match (layout, columns) {
            (Layout::Columns, Some((src_w, tgt_w))) => r.row_columns(&mut out, row, src_w, tgt_w),
            _ => r.row_stacked(&mut out, row),
        }
    }
    out
}

const NUM_W: usize = 5;
const SCORE_W: usize = 10;
const SEP: &str = " │ ";

/// Widths of the source and target columns, or `None` when they would be too narrow.
fn column_widths(width: usize) -> Option<(usize, usize)> {
    let text = width.checked_sub(NUM_W + SCORE_W + 3 * SEP.chars().count())?;
    let src = text / 2;
    let tgt = text - src;
    (src >= MIN_COLUMN).then_some((src, tgt))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    Dim,
    Name(usize),
    Found,
    Removed,
    Added,
    Low,
    Error,
    Warning,
}

impl Style {
    fn ansi(self) -> &'static str {
        const NAMES: [&str; 4] = ["1;36", "1;35", "1;34", "1;32"];
        match self {
            Style::Plain => "",
            Style::Dim => "2",
            Style::Name(e) => NAMES[e % NAMES.len()],
            Style::Found => "4;31",
            Style::Removed => "9;31",
            Style::Added => "4;32",
            Style::Low => "33",
            Style::Error => "1;31",
            Style::Warning => "1;33",
        }
    }
}

type Line = Vec<(String, Style)>;

struct Renderer<'a> {
    review: &'a Review<'a>,
    options: &'a TextOptions,
    entities: &'a Entities,
    width: usize,
}

impl Renderer<'_> {
    fn summary(&self, out: &mut String, s: &Summary, unplaced: &[usize]) {
        let bitext = self.review.bitext;
        let name = |d: &Document| d.origin.clone().unwrap_or_else(|| d.lang.to_string());
        let mut title = format!("{} ↔ {}", name(&bitext.source), name(&bitext.target));
        if let Some(revised) = self.review.revised {
            title.push_str(&format!(" → {}", name(&revised.target)));
        }
        let lines = [
            vec![(clean(&title), Style::Plain)],
            vec![(s.links_line(self.options.low_score), Style::Plain)],
            vec![(
                format!("{} ({})", s.findings_line(), clean(&s.rules_line())),
                if s.findings.errors > 0 {
                    Style::Error
                } else {
                    Style::Plain
                },
            )],
        ];
        for line in lines {
            for wrapped in wrap(&line, self.width) {
                self.emit(out, &wrapped);
                out.push('\n');
            }
        }
        if let Some(verdict) = &bitext.verdict {
            if verdict.kind != crate::model::VerdictKind::Parallel {
                let line = vec![(
                    format!("not clearly a translation: {}", clean(&verdict.message)),
                    Style::Warning,
                )];
                for wrapped in wrap(&line, self.width) {
                    self.emit(out, &wrapped);
                    out.push('\n');
                }
            }
        }
        for &f in unplaced {
            for wrapped in wrap(&self.finding(f), self.width) {
                self.emit(out, &wrapped);
                out.push('\n');
            }
        }
        out.push('\n');
    }

    fn row_columns(&self, out: &mut String, row: &Row, src_w: usize, tgt_w: usize) {
        let rule: String = format!(
            "{}┼{}┼{}┼{}",
            "─".repeat(NUM_W + 1),
            "─".repeat(src_w + 2),
            "─".repeat(tgt_w + 2),
            "─".repeat(SCORE_W + 1)
        );
        self.emit(out, &vec![(rule, Style::Dim)]);
        out.push('\n');
        let num = [vec![(row.number(), Style::Plain)], self.kind(row)];
        let src = wrap(&self.source(row), src_w);
        let tgt = wrap(&self.target(row), tgt_w);
        let score = self.score(row);
        let height = src.len().max(tgt.len()).max(score.len()).max(1);
        let empty = Line::new();
        for k in 0..height {
            // A left-to-right mark first, so a bidi terminal keeps the columns in place,
            // and the Arabic isolated right-to-left inside its column.
            if self.options.bidi_marks {
                out.push('\u{200E}');
            }
            let n = num.get(k).unwrap_or(&empty);
            out.push_str(&" ".repeat(NUM_W.saturating_sub(line_width(n))));
            self.emit(out, n);
            out.push_str(SEP);
            let s = src.get(k).unwrap_or(&empty);
            // Right-aligned, as right-to-left text is.
            let pad = src_w.saturating_sub(line_width(s));
            out.push_str(&" ".repeat(pad));
            if !s.is_empty() {
                let isolate = self.options.bidi_marks;
                if isolate {
                    out.push('\u{2067}');
                }
                self.emit(out, s);
                if isolate {
                    out.push('\u{2069}');
                }
            }
            out.push_str(SEP);
            let t = tgt.get(k).unwrap_or(&empty);
            self.emit(out, t);
            out.push_str(&" ".repeat(tgt_w.saturating_sub(line_width(t))));
            out.push_str(SEP);
            if let Some(sc) = score.get(k) {
                self.emit(out, sc);
            }
            trim_end_spaces(out);
            out.push('\n');
        }
        self.findings(out, row, NUM_W + SEP.chars().count());
    }

    fn row_stacked(&self, out: &mut String, row: &Row) {
        let indent = NUM_W + 1;
        let mut head: Line = vec![(format!("{:>NUM_W$}", row.number()), Style::Plain)];
        let kind = self.kind(row);
        if !kind.is_empty() {
            head.push(("  ".into(), Style::Plain));
            head.extend(kind);
        }
        for (k, sc) in self.score(row).into_iter().enumerate() {
            // The second score is the revised translation's.
            head.push((if k == 0 { "  " } else { " → " }.into(), Style::Plain));
            head.extend(sc);
        }
        self.emit(out, &head);
        trim_end_spaces(out);
        out.push('\n');
        let body = self.width - indent;
        for line in wrap(&self.source(row), body)
            .into_iter()
            .chain(wrap(&self.target(row), body))
        {
            out.push_str(&" ".repeat(indent));
            self.emit(out, &line);
            out.push('\n');
        }
        self.findings(out, row, indent);
        out.push('\n');
    }

    fn kind(&self, row: &Row) -> Line {
        if row.kind == "1-1" {
            Vec::new()
        } else {
            vec![(row.kind.clone(), Style::Dim)]
        }
    }

    /// `0.82 ████▏` (one line), plus the revised score under it in a revision diff.
    fn score(&self, row: &Row) -> Vec<Line> {
        if row.src.is_empty() || row.tgt.is_empty() {
            return vec![vec![("   —".into(), Style::Dim)]];
        }
        let mut lines = vec![self.score_line(row.score)];
        if let Some(rev) = &row.revised {
            if !rev.tgt.is_empty() {
                lines.push(self.score_line(rev.score));
            }
        }
        lines
    }

    fn score_line(&self, score: f32) -> Line {
        let style = if score < self.options.low_score {
            Style::Low
        } else {
            Style::Plain
        };
        vec![(format!("{score:.2} {}", bar(score, 5)), style)]
    }

    fn source(&self, row: &Row) -> Line {
        let bitext = self.review.bitext;
        if row.src.is_empty() {
            return vec![(
                "— no source sentence: added in translation".into(),
                Style::Dim,
            )];
        }
        let mut line = Line::new();
        for i in row.src.clone() {
            let Some(seg) = bitext.source.segments.get(i as usize) else {
                continue;
            };
            if !line.is_empty() {
                line.push((" ".into(), Style::Plain));
            }
            self.marked(&mut line, &seg.text, self.review.highlights.source(i), &[]);
        }
        line
    }

    fn target(&self, row: &Row) -> Line {
        let bitext = self.review.bitext;
        if let Some(rev) = &row.revised {
            if !row.tgt.is_empty() || !rev.tgt.is_empty() {
                return self.diff(&rev.diff);
            }
        }
        if row.tgt.is_empty() {
            return vec![("— no target sentence: left untranslated".into(), Style::Dim)];
        }
        let mut line = Line::new();
        for i in row.tgt.clone() {
            let Some(seg) = bitext.target.segments.get(i as usize) else {
                continue;
            };
            if !line.is_empty() {
                line.push((" ".into(), Style::Plain));
            }
            let found = found_in_target(self.review.findings, &row.findings, i);
            self.marked(
                &mut line,
                &seg.text,
                self.review.highlights.target(i),
                &found,
            );
        }
        line
    }

    /// Without colour, changes read as `[-removed-]{+added+}` (the wdiff convention).
    fn diff(&self, diff: &[super::DiffPiece]) -> Line {
        let mut line = Line::new();
        for piece in diff {
            let text = clean(&piece.text);
            let style = match piece.change {
                Change::Same => {
                    line.push((text, Style::Plain));
                    continue;
                }
                Change::Removed => Style::Removed,
                Change::Added => Style::Added,
            };
            let core = text.trim();
            if core.is_empty() {
                line.push((text, Style::Plain));
                continue;
            }
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            if !lead.is_empty() {
                line.push((lead.to_string(), Style::Plain));
            }
            let shown = if self.options.color {
                core.to_string()
            } else if style == Style::Removed {
                format!("[-{core}-]")
            } else {
                format!("{{+{core}+}}")
            };
            line.push((shown, style));
            if !trail.is_empty() {
                line.push((trail.to_string(), Style::Plain));
            }
        }
        line
    }

    fn marked(
        &self,
        line: &mut Line,
        text: &str,
        highlights: &[super::Highlight],
        found: &[(usize, &str)],
    ) {
        for (piece, mark) in pieces(text.trim(), highlights, found, self.entities) {
            let style = match mark {
                None => Style::Plain,
                Some(Mark::Name(e)) => Style::Name(e),
                Some(Mark::Found(_) | Mark::WrongName(_)) => Style::Found,
            };
            line.push((clean(piece), style));
        }
    }

    fn finding(&self, f: usize) -> Line {
        let finding = &self.review.findings[f];
        let style = match finding.severity {
            Severity::Error => Style::Error,
            Severity::Warning => Style::Warning,
            Severity::Info => Style::Dim,
        };
        vec![
            (format!("! {}", severity_name(finding.severity)), style),
            (format!(" {}", clean(&finding_line(finding))), Style::Plain),
        ]
    }

    fn findings(&self, out: &mut String, row: &Row, indent: usize) {
        for &f in &row.findings {
            for line in wrap(&self.finding(f), self.width - indent) {
                out.push_str(&" ".repeat(indent));
                self.emit(out, &line);
                out.push('\n');
            }
        }
    }

    fn emit(&self, out: &mut String, line: &Line) {
        for (text, style) in line {
            if self.options.color && *style != Style::Plain {
                out.push_str("\x1b[");
                out.push_str(style.ansi());
                out.push('m');
                out.push_str(text);
                out.push_str("\x1b[0m");
            } else {
                out.push_str(text);
            }
        }
    }
}

/// A score bar `width` cells wide, in eighths of a cell.
fn bar(score: f32, width: usize) -> String {
    const PARTIAL: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = (score.clamp(0.0, 1.0) * (width * 8) as f32).round() as usize;
    let mut s: String = "█".repeat(eighths / 8);
    if eighths / 8 < width {
        s.push(PARTIAL[eighths % 8]);
        s.push_str(&" ".repeat(width - eighths / 8 - 1));
    }
    s
}

fn line_width(line: &Line) -> usize {
    line.iter().map(|(t, _)| t.width()).sum()
}

fn trim_end_spaces(out: &mut String) {
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
}

/// Text safe to print on a terminal: control characters (an escape sequence in the input
/// would drive the terminal) and explicit bidi controls (they would reorder the columns)
/// become nothing or U+FFFD; line breaks become spaces.
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() => Some('\u{FFFD}'),
            c => Some(c),
        })
        .collect()
}

/// Greedy word wrap of styled text into lines at most `width` columns wide. Words longer
/// than a line are cut at grapheme boundaries; whitespace runs become one space.
fn wrap(line: &Line, width: usize) -> Vec<Line> {
    let width = width.max(1);
    // Words as styled fragments; a word can cross styles ("Naryshkin," = name + comma).
    let mut words: Vec<Line> = Vec::new();
    let mut current = Line::new();
    for (text, style) in line {
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let ws = rest.find(char::is_whitespace);
            match ws {
                Some(0) => {
                    if !current.is_empty() {
                        words.push(std::mem::take(&mut current));
                    }
                    let skip = rest.len() - rest.trim_start().len();
                    rest = &rest[skip..];
                }
                Some(at) => {
                    current.push((rest[..at].to_string(), *style));
                    rest = &rest[at..];
                }
                None => {
                    current.push((rest.to_string(), *style));
                    rest = "";
                }
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }

    let mut lines: Vec<Line> = Vec::new();
    let mut line = Line::new();
    let mut used = 0;
    for word in words {
        let w = line_width(&word);
        if w > width {
            // Cut the long word into pieces that each fill a line.
            for piece in split_word(&word, width) {
                let pw = line_width(&piece);
                if used > 0 && used + 1 + pw > width {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                if used > 0 {
                    line.push((" ".into(), Style::Plain));
                    used += 1;
                }
                used += pw;
                line.extend(piece);
            }
            continue;
        }
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push((" ".into(), Style::Plain));
            used += 1;
        }
        used += w;
        line.extend(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn split_word(word: &Line, width: usize) -> Vec<Line> {
    let mut pieces = Vec::new();
    let mut piece = Line::new();
    let mut used = 0;
    for (text, style) in word {
        for g in text.graphemes(true) {
            let w = g.width();
            if used + w > width && used > 0 {
                pieces.push(std::mem::take(&mut piece));
                used = 0;
            }
            match piece.last_mut() {
                Some((t, s)) if s == style => t.push_str(g),
                _ => piece.push((g.to_string(), *style)),
            }
            used += w;
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Line {
        vec![(s.to_string(), Style::Plain)]
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text =
            "وأفادت وسائل إعلام تركية أن مدير المخابرات الخارجية الروسية سيرغي ناريشكين عقد اجتماعًا";
        for width in [5, 12, 30] {
            let lines = wrap(&plain(text), width);
            assert!(
                lines.iter().all(|l| line_width(l) <= width),
                "width {width}"
            );
            let rejoined: Vec<String> = lines
                .iter()
                .map(|l| l.iter().map(|(t, _)| t.as_str()).collect())
                .collect();
            assert_eq!(rejoined.join(" ").replace(' ', ""), text.replace(' ', ""));
        }
    }

    #[test]
    fn harakat_take_no_column() {
        // "مديرَي" is five letters and a fatha: five columns, not six.
        assert_eq!(line_width(&plain("مديرَي")), 5);
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let cleaned = clean("a\x1b[2Jb\u{202E}c\nd");
        assert!(!cleaned.chars().any(|c| c.is_control() || c == '\u{202E}'));
        assert!(cleaned.contains('a') && cleaned.contains('d'));
    }

    #[test]
    fn bar_is_always_the_same_width() {
        for score in [-1.0, 0.0, 0.07, 0.5, 0.99, 1.0, 7.0] {
            assert_eq!(bar(score, 5).chars().count(), 5, "{score}");
        }
    }

    #[test]
    fn terminal_detection() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(terminal_shapes_arabic(env(&[("VTE_VERSION", "7200")])));
        assert!(!terminal_shapes_arabic(env(&[("VTE_VERSION", "5200")])));
        assert!(!terminal_shapes_arabic(env(&[
            ("VTE_VERSION", "7200"),
            ("TMUX", "/tmp/x")
        ])));
        assert!(!terminal_shapes_arabic(env(&[("TERM", "xterm-256color")])));
    }
}
