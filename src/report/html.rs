//! The side-by-side review as one self-contained HTML5 file: inline CSS, no external
//! resource, readable and filterable without JavaScript (filters are radio buttons and CSS
//! sibling selectors; a few lines of script only keep the filter in the address bar), and
//! laid out for print.

use super::{
    clip_highlights, finding_line, found_in_target, joined_highlights, pieces, rows, severity_name,
    Change, Entities, Mark, Review, RevisedSide, Row, Summary, LOW_SCORE,
};
use crate::model::{Document, Finding, Lang, LinkStatus, VerdictKind};
use std::fmt::Write as _;

#[derive(Clone, Debug)]
pub struct HtmlOptions {
    /// Page title; defaults to the two file names.
    pub title: Option<String>,
    /// Links scored below this are flagged as low-score.
    pub low_score: f32,
    /// Add the small script that mirrors the filter in the URL (`#findings`, `#low`).
    pub script: bool,
    /// Render the page of `qarin edit`: rows and sentences carry their indices, and a
    /// toolbar and a script send edits to the server that served the page.
    pub editor: Option<EditorChrome>,
}

/// What the editor page shows besides the review: the state of the session.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EditorChrome {
    /// Changes since the files were last saved.
    pub unsaved: usize,
    pub can_undo: bool,
    pub can_redo: bool,
    /// Counts the changes the server has made, so the page (and a test driving it) knows
    /// when an answer has arrived.
    pub version: u64,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            title: None,
            low_score: LOW_SCORE,
            script: true,
            editor: None,
        }
    }
}

/// Renders the review as a complete HTML5 document.
pub fn html(review: &Review, options: &HtmlOptions) -> String {
    let bitext = review.bitext;
    let (rows, unplaced) = rows(review);
    let summary = Summary::new(bitext, review.findings, options.low_score);
    let entities = Entities::collect(review);
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| default_title(review));
    let with_findings = rows.iter().filter(|r| r.has_findings()).count();
    let low_rows = rows.iter().filter(|r| r.is_low(options.low_score)).count();

    let mut out = String::with_capacity(4096 + 600 * rows.len());
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"qarin {}\">",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(out, "<title>{}</title>", esc(&title));
    if options.editor.is_some() {
        // No icon to fetch: the server answers only its own routes.
        out.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    }
    out.push_str("<style>\n");
    out.push_str(CSS);
    entity_css(&mut out, &entities);
    if options.editor.is_some() {
        out.push_str(EDITOR_CSS);
    }
    out.push_str("</style>\n</head>\n");
    match &options.editor {
        Some(chrome) => {
            let _ = writeln!(
                out,
                "<body class=\"editor\" data-unsaved=\"{}\" data-version=\"{}\">",
                chrome.unsaved, chrome.version
            );
        }
        None => out.push_str("<body>\n"),
    }
    // The filter state lives in these radios; they must precede <header> and <main> as
    // siblings for the `:checked ~` selectors to reach the rows.
    out.push_str(
        "<input class=\"filter\" type=\"radio\" name=\"show\" id=\"show-all\" checked>\n\
         <input class=\"filter\" type=\"radio\" name=\"show\" id=\"show-findings\">\n\
         <input class=\"filter\" type=\"radio\" name=\"show\" id=\"show-low\">\n",
    );

    if let Some(chrome) = &options.editor {
        editor_bar(&mut out, chrome);
    }
    header(&mut out, review, &summary, &title, &unplaced);
    let _ = writeln!(
        out,
        "<nav class=\"filters\" aria-label=\"Filter rows\">\
         <label for=\"show-all\">All rows <span class=\"n\">{}</span></label>\
         <label for=\"show-findings\">Only rows with findings <span class=\"n\">{}</span></label>\
         <label for=\"show-low\">Only low scores <span class=\"n\">{}</span></label>\
         <span class=\"legend\">score below {:.2} is low · hover a name to see it on both sides</span></nav>",
        rows.len(),
        with_findings,
        low_rows,
        options.low_score
    );
    out.push_str("</header>\n<main>\n");
    table(&mut out, review, &rows, &entities, options);
    out.push_str("</main>\n");
    let _ = writeln!(
        out,
        "<footer>qarin {} · {} source and {} target sentences</footer>",
        env!("CARGO_PKG_VERSION"),
        summary.source_sentences,
        summary.target_sentences
    );
    if options.script {
        out.push_str("<script>\n");
        out.push_str(SCRIPT);
        out.push_str("</script>\n");
    }
    if options.editor.is_some() {
        out.push_str("<script>\n");
        out.push_str(EDITOR_SCRIPT);
        out.push_str("</script>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn default_title(review: &Review) -> String {
    // File names, not paths: the title is what a browser tab has room for.
    let name = |d: &Document| {
        d.origin
            .as_deref()
            .map(|o| {
                std::path::Path::new(o)
                    .file_name()
                    .map_or(o.to_string(), |n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| d.lang.to_string())
    };
    let mut title = format!(
        "{} ↔ {}",
        name(&review.bitext.source),
        name(&review.bitext.target)
    );
    if let Some(revised) = review.revised {
        title.push_str(&format!(" → {}", name(&revised.target)));
    }
    format!("qarin review · {title}")
}

fn header(out: &mut String, review: &Review, s: &Summary, title: &str, unplaced: &[usize]) {
    out.push_str("<header>\n");
    let _ = writeln!(out, "<h1>{}</h1>", esc(title));
    out.push_str("<dl class=\"stats\">");
    let stat = |out: &mut String, class: &str, n: usize, label: &str| {
        let _ = write!(
            out,
            "<div class=\"stat {class}{}\"><dt>{label}</dt><dd>{n}</dd></div>",
            if n == 0 { " zero" } else { "" }
        );
    };
    stat(out, "", s.links, "links");
    stat(out, "low", s.low_score, "low-score links");
    stat(out, "orphan", s.source_only, "source only");
    stat(out, "orphan", s.target_only, "target only");
    stat(out, "merged", s.merged, "not 1-1");
    stat(out, "err", s.findings.errors, "errors");
    stat(out, "warn", s.findings.warnings, "warnings");
    stat(out, "note", s.findings.infos, "notes");
    out.push_str("</dl>\n");
    let _ = writeln!(
        out,
        "<p class=\"findings-line\">{}</p>",
        esc(&s.findings_line())
    );
    if let Some(verdict) = &review.bitext.verdict {
        if verdict.kind != VerdictKind::Parallel {
            let _ = writeln!(
                out,
                "<p class=\"verdict\"><strong>Not clearly a translation.</strong> {}</p>",
                esc(&verdict.message)
            );
        }
    }
    if !s.by_rule.is_empty() {
        out.push_str(
            "<table class=\"rules\"><caption>Findings by rule</caption>\
             <thead><tr><th scope=\"col\">rule</th><th scope=\"col\">severity</th>\
             <th scope=\"col\">count</th></tr></thead><tbody>",
        );
        for (rule, (severity, n)) in &s.by_rule {
            let sev = severity_name(*severity);
            let _ = write!(
                out,
                "<tr><td><code>{}</code></td><td><span class=\"sev {sev}\">{sev}</span></td>\
                 <td class=\"count\">{n}</td></tr>",
                esc(rule)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if !unplaced.is_empty() {
        out.push_str("<section class=\"unplaced\"><h2>Findings not tied to a row</h2><ul>");
        for &f in unplaced {
            finding_item(out, &review.findings[f]);
        }
        out.push_str("</ul></section>\n");
    }
}

fn table(out: &mut String, review: &Review, rows: &[Row], entities: &Entities, o: &HtmlOptions) {
    let bitext = review.bitext;
    let (src_lang, tgt_lang) = (&bitext.source.lang, &bitext.target.lang);
    let revised = review.revised.is_some();
    let editing = o.editor.is_some();
    out.push_str("<table class=\"bitext\">\n<colgroup><col class=\"c-num\"><col class=\"c-src\"><col class=\"c-tgt\"><col class=\"c-score\"></colgroup>\n");
    let tgt_head = if revised {
        format!(
            "{} <span class=\"sub\">changes: <del>original</del> <ins>revised</ins></span>",
            language_name(tgt_lang)
        )
    } else {
        language_name(tgt_lang).to_string()
    };
    let _ = writeln!(
        out,
        "<thead><tr><th scope=\"col\">#</th><th scope=\"col\" class=\"src\"{}>{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">score</th></tr></thead>",
        lang_attrs(src_lang),
        esc(native_name(src_lang)),
        tgt_head
    );
    for row in rows {
        let mut classes = vec!["row"];
        if row.has_findings() {
            classes.push("has-findings");
            if row
                .findings
                .iter()
                .any(|&f| review.findings[f].severity == crate::model::Severity::Error)
            {
                classes.push("has-errors");
            }
        }
        if row.is_low(o.low_score) {
            classes.push("low");
        }
        if row.is_source_only() {
            classes.push("source-only");
        }
        if row.is_target_only() {
            classes.push("target-only");
        }
        // Site furniture ("read more", "breaking news"): greyed, and said to be left out.
        let furniture = row
            .src
            .clone()
            .map(|i| bitext.source.segments.get(i as usize))
            .chain(
                row.tgt
                    .clone()
                    .map(|i| bitext.target.segments.get(i as usize)),
            )
            .all(|s| s.is_some_and(|s| s.is_boilerplate()))
            && !(row.src.is_empty() && row.tgt.is_empty());
        if furniture {
            classes.push("furniture");
        }
        let status = row_status(bitext, row);
        if let Some(status) = status {
            classes.push(status.name());
        }
        let id = format!("l{}", row.links.start + 1);
        let data = if editing {
            format!(" data-link=\"{}\"", row.links.start)
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "<tbody id=\"{id}\" class=\"{}\"{data}><tr>",
            classes.join(" ")
        );
        // Number and link type.
        let _ = write!(
            out,
            "<th scope=\"row\" class=\"num\"><a href=\"#{id}\">{}</a>",
            esc(&row.number())
        );
        if row.kind != "1-1" {
            let _ = write!(out, "<span class=\"kind\">{}</span>", esc(&row.kind));
        }
        if let Some(status) = status {
            let _ = write!(out, "<span class=\"status {0}\">{0}</span>", status.name());
        }
        out.push_str("</th>");
        // Source cell.
        if row.src.is_empty() {
            if furniture {
                out.push_str("<td class=\"src missing\">site furniture: not for translation</td>");
            } else {
                let _ = write!(
                    out,
                    "<td class=\"src missing\">no {} sentence: added in translation</td>",
                    language_name(src_lang)
                );
            }
        } else {
            let _ = write!(out, "<td class=\"src\"{}>", lang_attrs(src_lang));
            for i in row.src.clone() {
                let Some(seg) = bitext.source.segments.get(i as usize) else {
                    continue;
                };
                sentence_open(out, editing, "s", i, seg.is_boilerplate());
                marked(
                    out,
                    review,
                    &seg.text,
                    review.highlights.source(i),
                    &[],
                    entities,
                );
                out.push_str("</p>");
            }
            out.push_str("</td>");
        }
        // Target cell.
        match &row.revised {
            Some(rev) if !row.tgt.is_empty() || !rev.tgt.is_empty() => {
                let _ = write!(out, "<td class=\"tgt diff\"{}><p>", lang_attrs(tgt_lang));
                diff_cell(out, review, row, rev, entities);
                out.push_str("</p></td>");
            }
            _ if row.tgt.is_empty() && furniture => {
                out.push_str("<td class=\"tgt missing\">site furniture: not for translation</td>");
            }
            _ if row.tgt.is_empty() => {
                let _ = write!(
                    out,
                    "<td class=\"tgt missing\">no {} sentence: left untranslated</td>",
                    language_name(tgt_lang)
                );
            }
            _ => {
                let _ = write!(out, "<td class=\"tgt\"{}>", lang_attrs(tgt_lang));
                for i in row.tgt.clone() {
                    let Some(seg) = bitext.target.segments.get(i as usize) else {
                        continue;
                    };
                    let found = found_in_target(review.findings, &row.findings, i);
                    sentence_open(out, editing, "t", i, seg.is_boilerplate());
                    marked(
                        out,
                        review,
                        &seg.text,
                        review.highlights.target(i),
                        &found,
                        entities,
                    );
                    out.push_str("</p>");
                }
                out.push_str("</td>");
            }
        }
        // Score.
        out.push_str("<td class=\"score\">");
        if row.src.is_empty() || row.tgt.is_empty() {
            out.push_str("<span class=\"val none\">—</span>");
        } else {
            score(out, row.score, o.low_score);
        }
        if let Some(rev) = &row.revised {
            if !row.src.is_empty() && !rev.tgt.is_empty() {
                let class = if rev.score < o.low_score { " low" } else { "" };
                let _ = write!(
                    out,
                    "<span class=\"rev{class}\">revised {:.2}</span>",
                    finite(rev.score)
                );
            }
        }
        out.push_str("</td></tr>");
        if !row.findings.is_empty() {
            out.push_str("<tr class=\"notes\"><td></td><td colspan=\"3\"><ul class=\"findings\">");
            for &f in &row.findings {
                finding_item(out, &review.findings[f]);
            }
            out.push_str("</ul></td></tr>");
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
}

/// A sentence's paragraph; in the editor it carries its side (`s` source, `t` target)
/// and index.
/// A sentence's paragraph; site furniture is greyed and says why on hover.
fn sentence_open(out: &mut String, editing: bool, side: &str, index: u32, furniture: bool) {
    out.push_str("<p");
    if furniture {
        out.push_str(
            " class=\"furniture\" title=\"site furniture (boilerplate): left out of the \
             translation memory\"",
        );
    }
    if editing {
        let _ = write!(out, " data-{side}=\"{index}\"");
    }
    out.push('>');
}

/// The status a row shows: a reviewer's word on its link (rows of several links, in a
/// revision view, show none).
fn row_status(bitext: &crate::model::Bitext, row: &Row) -> Option<LinkStatus> {
    if row.links.len() != 1 {
        return None;
    }
    let status = bitext.links.get(row.links.start)?.status;
    (!status.is_proposed()).then_some(status)
}

/// The editor's toolbar: every operation as a button, its shortcut in the tooltip and in
/// the help list.
fn editor_bar(out: &mut String, chrome: &EditorChrome) {
    out.push_str("<div class=\"editbar\" role=\"toolbar\" aria-label=\"Edit the alignment\">");
    for group in EDITOR_BUTTONS {
        out.push_str("<span class=\"group\">");
        for (command, label, keys, help) in *group {
            let disabled = match *command {
                "undo" if !chrome.can_undo => " disabled",
                "redo" if !chrome.can_redo => " disabled",
                _ => "",
            };
            let _ = write!(
                out,
                "<button type=\"button\" data-command=\"{command}\" title=\"{help} ({keys})\"{disabled}>{label}</button>"
            );
        }
        out.push_str("</span>");
    }
    let saved = if chrome.unsaved == 0 {
        "all changes saved".to_string()
    } else {
        format!("{} unsaved", super::counted(chrome.unsaved, "change"))
    };
    let _ = write!(
        out,
        "<output class=\"state{}\" id=\"state\">{saved}</output>",
        if chrome.unsaved == 0 { "" } else { " unsaved" }
    );
    out.push_str("<details class=\"keys\"><summary>Shortcuts</summary><dl>");
    for group in EDITOR_BUTTONS {
        for (_, _, keys, help) in *group {
            let _ = write!(out, "<dt><kbd>{}</kbd></dt><dd>{help}</dd>", esc(keys));
        }
    }
    out.push_str(
        "<dt><kbd>↑</kbd> <kbd>↓</kbd> / <kbd>k</kbd> <kbd>j</kbd></dt><dd>previous / next link</dd>\
         <dt><kbd>←</kbd> <kbd>→</kbd></dt><dd>previous / next sentence of the link (click one to pick it)</dd>\
         <dt><kbd>Enter</kbd> / <kbd>Esc</kbd></dt><dd>while editing a sentence: keep / drop the change</dd>\
         </dl></details>",
    );
    out.push_str("<p class=\"message\" id=\"message\" role=\"status\"></p></div>\n");
}

/// The toolbar, by group: command (what the script sends), label, shortcut, what it does.
type Buttons = &'static [&'static [(&'static str, &'static str, &'static str, &'static str)]];
const EDITOR_BUTTONS: Buttons = &[
    &[
        ("undo", "Undo", "Ctrl+Z", "undo the last change"),
        ("redo", "Redo", "Ctrl+Shift+Z", "redo what was undone"),
        (
            "save",
            "Save",
            "Ctrl+S",
            "write bitext.json, memory.tmx, review.xlf, findings.json and report.html",
        ),
    ],
    &[
        (
            "merge_next",
            "Merge ↓",
            "m",
            "merge the link with the next one",
        ),
        (
            "merge_previous",
            "Merge ↑",
            "Shift+M",
            "merge the link with the previous one",
        ),
        (
            "split_link",
            "Split",
            "s",
            "split a group link into its sentences",
        ),
    ],
    &[
        (
            "source_up",
            "Arabic ↑",
            "Shift+[",
            "move the link's first Arabic sentence to the previous link",
        ),
        (
            "source_down",
            "Arabic ↓",
            "Shift+]",
            "move the link's last Arabic sentence to the next link",
        ),
        (
            "target_up",
            "English ↑",
            "[",
            "move the link's first English sentence to the previous link",
        ),
        (
            "target_down",
            "English ↓",
            "]",
            "move the link's last English sentence to the next link",
        ),
        (
            "detach",
            "No counterpart",
            "x",
            "give the picked sentence a link of its own (1-0 / 0-1)",
        ),
    ],
    &[
        (
            "confirm",
            "Confirm",
            "c",
            "confirm the link (again: undo the confirmation)",
        ),
        (
            "reject",
            "Reject",
            "r",
            "not a translation: keep the pair out of the TMX (again: undo)",
        ),
        (
            "realign",
            "Realign after",
            "a",
            "keep links up to this one and the confirmed ones, align the rest again",
        ),
    ],
    &[
        (
            "edit_text",
            "Edit text",
            "e",
            "edit the picked sentence (Enter keeps, Esc drops)",
        ),
        (
            "split_sentence",
            "Split sentence",
            "Alt+Enter",
            "while editing: cut the sentence at the cursor",
        ),
        (
            "join",
            "Join ↓",
            "Shift+J",
            "join the picked sentence with the next one",
        ),
    ],
];

/// The words of both versions with the changes marked, glossary names highlighted in the
/// version each piece comes from, so a fixed name lights up with its Arabic.
fn diff_cell(out: &mut String, review: &Review, row: &Row, rev: &RevisedSide, e: &Entities) {
    let old_names = joined_highlights(
        &review.bitext.target,
        row.tgt.clone(),
        &review.highlights.target,
    );
    let new_names = match review.revised {
        Some(revised) => {
            joined_highlights(&revised.target, rev.tgt.clone(), &review.highlights.revised)
        }
        None => Vec::new(),
    };
    let (mut at_old, mut at_new) = (0, 0);
    for piece in &rev.diff {
        let len = piece.text.len();
        let (names, at, tag) = match piece.change {
            Change::Same => (&new_names, at_new, None),
            Change::Removed => (&old_names, at_old, Some("del")),
            Change::Added => (&new_names, at_new, Some("ins")),
        };
        let local = clip_highlights(names, at..at + len);
        if let Some(tag) = tag {
            let _ = write!(out, "<{tag}>");
        }
        marked(out, review, &piece.text, &local, &[], e);
        if let Some(tag) = tag {
            let _ = write!(out, "</{tag}>");
        }
        if piece.change != Change::Added {
            at_old += len;
        }
        if piece.change != Change::Removed {
            at_new += len;
        }
    }
}

fn finite(score: f32) -> f32 {
    if score.is_finite() {
        score
    } else {
        0.0
    }
}

fn score(out: &mut String, score: f32, low: f32) {
    // NaN from a broken input must not reach the CSS (`width:NaN%` is invalid).
    let clamped = finite(score).clamp(0.0, 1.0);
    let class = if score < low { " low" } else { "" };
    let _ = write!(
        out,
        "<span class=\"bar{class}\" aria-hidden=\"true\"><span style=\"width:{:.0}%\"></span></span>\
         <span class=\"val{class}\">{:.2}</span>",
        clamped * 100.0,
        score
    );
}

fn finding_item<'a>(out: &mut String, finding: &'a Finding) {
    let sev = severity_name(finding.severity);
    let _ = write!(
        out,
        "<li class=\"{sev}\"><span class=\"sev {sev}\">{sev}</span> <code>{}</code> {}",
        esc(&finding.rule),
        esc(finding.message.trim())
    );
    // Found and expected, unless the message already quotes them.
    let message = finding.message.as_str();
    let unsaid = |s: Option<&'a str>| s.filter(|s| !super::quotes(message, s));
    let (found, expected) = (
        unsaid(finding.found.as_deref()),
        unsaid(finding.expected.as_deref()),
    );
    if found.is_some() || expected.is_some() {
        out.push_str(" <span class=\"fe\"><span class=\"sep\">·</span> ");
        if let Some(found) = found {
            let _ = write!(out, "found <mark class=\"found\">{}</mark>", esc(found));
        }
        if let Some(expected) = expected {
            if found.is_some() {
                out.push_str(" → ");
            }
            let _ = write!(out, "expected <strong>{}</strong>", esc(expected));
        }
        out.push_str("</span>");
    }
    out.push_str("</li>");
}

/// Sentence text with glossary names and findings' `found` text marked.
fn marked(
    out: &mut String,
    review: &Review,
    text: &str,
    highlights: &[super::Highlight],
    found: &[(usize, &str)],
    entities: &Entities,
) {
    for (piece, mark) in pieces(text, highlights, found, entities) {
        match mark {
            None => out.push_str(&esc(piece)),
            Some(Mark::Name(e)) => {
                let _ = write!(
                    out,
                    "<mark class=\"name e{e} g{}\" title=\"{} ({})\">{}</mark>",
                    e % PALETTE,
                    esc(entities.label(e)),
                    esc(entities.id(e)),
                    esc(piece)
                );
            }
            Some(Mark::WrongName(e)) => {
                let _ = write!(
                    out,
                    "<mark class=\"found e{e}\" title=\"wrong form: the glossary writes {} ({})\">{}</mark>",
                    esc(entities.label(e)),
                    esc(entities.id(e)),
                    esc(piece)
                );
            }
            Some(Mark::Found(f)) => {
                let title = finding_line(&review.findings[f]);
                let _ = write!(
                    out,
                    "<mark class=\"found\" title=\"{}\">{}</mark>",
                    esc(&title),
                    esc(piece)
                );
            }
        }
    }
}

/// Colours cycle after this many entities; hovering still ties the exact entity.
const PALETTE: usize = 8;

/// Hovering a name outlines every mention of the same entity, in both languages.
fn entity_css(out: &mut String, entities: &Entities) {
    for e in 0..entities.len() {
        let _ = writeln!(
            out,
            "main:has(.e{e}:hover) .e{e}{{outline:2px solid #0f172a;outline-offset:1px}}"
        );
    }
}

fn is_rtl(lang: &Lang) -> bool {
    matches!(
        lang.primary().as_str(),
        "ar" | "fa" | "he" | "ur" | "ps" | "yi" | "ckb" | "dv" | "sd" | "ug"
    )
}

fn lang_attrs(lang: &Lang) -> String {
    let dir = if is_rtl(lang) { "rtl" } else { "ltr" };
    format!(" lang=\"{}\" dir=\"{dir}\"", esc(lang.as_str()))
}

pub(crate) fn language_name(lang: &Lang) -> &'static str {
    match lang.primary().as_str() {
        "ar" => "Arabic",
        "en" => "English",
        "fr" => "French",
        "de" => "German",
        _ => "other-language",
    }
}

/// The column heading in the language itself, so an Arabic reader finds the Arabic.
fn native_name(lang: &Lang) -> &str {
    match lang.primary().as_str() {
        "ar" => "العربية",
        "en" => "English",
        _ => lang.as_str(),
    }
}

/// Escapes text for element content and double-quoted attributes, and replaces code
/// points HTML forbids (C0/C1 controls other than whitespace, noncharacters) with U+FFFD,
/// so no input can end an element, open a tag or make the page invalid.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push('\n'),
            c if is_forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn is_forbidden(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || (0x7F..=0x9F).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || (u & 0xFFFE) == 0xFFFE
}

const SCRIPT: &str = r##"(function () {
  // Optional: the filters work without this; it keeps the choice in the address bar so a
  // link to "#findings" opens the filtered view.
  var byHash = { "#findings": "show-findings", "#low": "show-low" };
  function apply() {
    var id = byHash[location.hash];
    if (id) document.getElementById(id).checked = true;
  }
  apply();
  window.addEventListener("hashchange", apply);
  Array.prototype.forEach.call(document.querySelectorAll("input.filter"), function (input) {
    input.addEventListener("change", function () {
      var hash = { "show-findings": "#findings", "show-low": "#low" }[input.id];
      history.replaceState(null, "", hash || location.pathname + location.search);
    });
  });
})();
"##;

const EDITOR_SCRIPT: &str = include_str!("editor.js");

const EDITOR_CSS: &str = r##"
.editbar { position: sticky; top: 0; z-index: 3; display: flex; flex-wrap: wrap; align-items: center; gap: .35rem .75rem; background: #0f172a; color: #e2e8f0; margin: 0 -1.5rem; padding: .45rem 1.5rem; font-size: .85rem; }
.editbar .group { display: inline-flex; gap: .25rem; }
.editbar button { font: inherit; color: #0f172a; background: #e2e8f0; border: 0; border-radius: 4px; padding: .2rem .55rem; cursor: pointer; }
.editbar button:hover { background: #fff; }
.editbar button:disabled { opacity: .45; cursor: default; }
.editbar button[data-command="save"] { background: #bfdbfe; }
.editbar .state { margin-inline-start: auto; color: #94a3b8; }
.editbar .state.unsaved { color: #fde68a; font-weight: 600; }
.editbar .keys { position: relative; }
.editbar .keys summary { cursor: pointer; color: #cbd5e1; }
.editbar .keys dl { position: absolute; right: 0; top: 1.6rem; width: 30rem; display: grid; grid-template-columns: max-content 1fr; gap: .2rem .75rem; background: #fff; color: var(--ink); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; box-shadow: 0 6px 24px rgba(15, 23, 42, .2); }
.editbar .keys dd { margin: 0; }
kbd { font: .8em ui-monospace, monospace; background: #f1f5f9; border: 1px solid #cbd5e1; border-radius: 3px; padding: 0 .3em; color: var(--ink); }
.editbar .message { flex-basis: 100%; margin: 0; min-height: 0; color: #fca5a5; }
.editbar .message:empty { display: none; }
.editor table.bitext thead th { top: var(--bar, 2.6rem); }
.editor tbody.row { cursor: default; }
.editor tbody.row.sel { outline: 2px solid var(--accent); outline-offset: -2px; background: #eff6ff; }
.editor td p.sel { background: #dbeafe; box-shadow: 0 0 0 3px #dbeafe; border-radius: 2px; }
.editor td p[contenteditable="true"] { background: #fff; outline: 2px solid var(--accent); outline-offset: 2px; white-space: pre-wrap; }
body.busy { cursor: progress; }
@media print { .editbar { display: none; } }
"##;

const CSS: &str = r##":root {
  --ink: #1f2933; --muted: #64748b; --line: #e2e8f0; --paper: #ffffff; --wash: #f8fafc;
  --accent: #1d4ed8; --err: #b91c1c; --err-bg: #fef2f2; --warn: #b45309; --warn-bg: #fffbeb;
  --low: #d97706; --ok: #15803d;
  --latin: "Source Sans 3", "Noto Sans", "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif;
  --arabic: "Noto Naskh Arabic", "Amiri", "Geeza Pro", "Traditional Arabic", "Noto Sans Arabic", "Arial", serif;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; padding: 0 1.5rem 2rem; font: 15px/1.55 var(--latin); color: var(--ink); background: var(--wash); }
header { padding: 1.25rem 0 .5rem; }
h1 { font-size: 1.3rem; font-weight: 600; margin: 0 0 .75rem; overflow-wrap: anywhere; }
h2 { font-size: 1rem; margin: .5rem 0; }
.stats { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 .75rem; }
.stat { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: .35rem .8rem; min-width: 7.5rem; }
.stat dt { font-size: .75rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.stat dd { margin: 0; font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.stat.low:not(.zero) dd { color: var(--low); }
.stat.err:not(.zero) dd { color: var(--err); }
.stat.warn:not(.zero) dd { color: var(--warn); }
.stat.zero dd { color: var(--muted); font-weight: 400; }
.verdict { background: var(--warn-bg); border: 1px solid #fcd34d; border-radius: 6px; padding: .5rem .8rem; }
table.rules { border-collapse: collapse; margin: 0 0 .75rem; background: var(--paper); font-size: .9rem; }
table.rules caption { text-align: start; font-weight: 600; padding-bottom: .25rem; }
table.rules th, table.rules td { border: 1px solid var(--line); padding: .2rem .6rem; text-align: start; }
table.rules .count { text-align: end; font-variant-numeric: tabular-nums; }
.sev { display: inline-block; font-size: .7rem; text-transform: uppercase; letter-spacing: .04em; padding: 0 .4rem; border-radius: 3px; font-weight: 600; }
.sev.error { background: var(--err); color: #fff; }
.sev.warning { background: #f59e0b; color: #1f2933; }
.sev.info { background: #cbd5e1; color: #1f2933; }
input.filter { position: absolute; opacity: 0; pointer-events: none; }
.filters { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; margin: .25rem 0 .75rem; }
.filters label { cursor: pointer; border: 1px solid #cbd5e1; background: var(--paper); border-radius: 999px; padding: .2rem .8rem; font-size: .9rem; user-select: none; }
.filters label .n { color: var(--muted); font-variant-numeric: tabular-nums; margin-inline-start: .25rem; }
.filters .legend { color: var(--muted); font-size: .8rem; margin-inline-start: .5rem; }
#show-all:checked ~ header label[for="show-all"],
#show-findings:checked ~ header label[for="show-findings"],
#show-low:checked ~ header label[for="show-low"] { background: var(--ink); border-color: var(--ink); color: #fff; }
#show-all:checked ~ header label[for="show-all"] .n,
#show-findings:checked ~ header label[for="show-findings"] .n,
#show-low:checked ~ header label[for="show-low"] .n { color: #cbd5e1; }
#show-all:focus-visible ~ header label[for="show-all"],
#show-findings:focus-visible ~ header label[for="show-findings"],
#show-low:focus-visible ~ header label[for="show-low"] { outline: 2px solid var(--accent); outline-offset: 2px; }
#show-findings:checked ~ main tbody.row:not(.has-findings),
#show-low:checked ~ main tbody.row:not(.low) { display: none; }
table.bitext { width: 100%; table-layout: fixed; border-collapse: collapse; background: var(--paper); border: 1px solid var(--line); }
.c-num { width: 4.2rem; } .c-score { width: 7.5rem; }
table.bitext thead th { position: sticky; top: 0; z-index: 1; background: #f1f5f9; border-bottom: 2px solid #cbd5e1; padding: .45rem .75rem; font-size: .8rem; font-weight: 600; color: #334155; text-align: start; text-transform: uppercase; letter-spacing: .04em; }
table.bitext thead th.src { text-transform: none; font-family: var(--arabic); font-size: 1rem; letter-spacing: 0; }
table.bitext thead th[dir="rtl"] { text-align: right; }
thead .sub { text-transform: none; letter-spacing: 0; font-weight: 400; color: var(--muted); margin-inline-start: .5rem; }
tbody.row { border-top: 1px solid var(--line); }
tbody.row > tr > * { padding: .6rem .75rem; vertical-align: top; }
tbody.row:target { outline: 2px solid var(--accent); outline-offset: -2px; }
tbody.row:hover { background: #fbfdff; }
th.num { font-weight: 400; text-align: start; font-variant-numeric: tabular-nums; border-inline-start: 4px solid transparent; }
th.num a { color: var(--muted); text-decoration: none; font-size: .85rem; }
th.num a:hover { color: var(--accent); text-decoration: underline; }
tbody.low th.num { border-inline-start-color: var(--low); }
tbody.has-findings th.num { border-inline-start-color: #f59e0b; }
tbody.has-errors th.num { border-inline-start-color: var(--err); }
.kind { display: block; margin-top: .2rem; font-size: .7rem; color: #475569; background: #e2e8f0; border-radius: 3px; padding: 0 .3rem; width: max-content; }
.status { display: block; margin-top: .2rem; font-size: .7rem; border-radius: 3px; padding: 0 .3rem; width: max-content; }
.status.confirmed { background: #dcfce7; color: #166534; }
.status.rejected { background: #fee2e2; color: #991b1b; }
tbody.confirmed th.num { border-inline-start-color: var(--ok); }
tbody.rejected td.src, tbody.rejected td.tgt { color: var(--muted); text-decoration: line-through; text-decoration-color: rgba(153, 27, 27, .5); }
td.src, td.tgt { overflow-wrap: break-word; }
td p { margin: 0; }
td p + p { margin-top: .45rem; padding-top: .45rem; border-top: 1px dotted #cbd5e1; }
td[lang|="ar"], td[dir="rtl"] { font-family: var(--arabic); font-size: 1.2em; line-height: 1.85; text-align: right; }
td[lang|="en"] { hyphens: auto; }
p.furniture, tbody.furniture th.num { color: var(--muted); }
p.furniture { font-style: italic; }
td.missing { color: var(--muted); font-style: italic; font-size: .9rem; background: repeating-linear-gradient(135deg, transparent 0 6px, #f1f5f9 6px 12px); }
td.score { white-space: nowrap; font-variant-numeric: tabular-nums; font-size: .85rem; }
.bar { display: inline-block; vertical-align: middle; width: 3.2rem; height: .45rem; background: #e2e8f0; border-radius: 999px; overflow: hidden; margin-inline-end: .4rem; }
.bar > span { display: block; height: 100%; background: var(--ok); border-radius: 999px; }
.bar.low > span { background: var(--low); }
.val.low { color: var(--low); font-weight: 600; }
.val.none { color: var(--muted); }
.rev { display: block; font-size: .75rem; color: var(--muted); margin-top: .2rem; }
.rev.low { color: var(--low); font-weight: 600; }
/* No padding on marks: padding would cut the joining of an Arabic letter outside the
   mark (a proclitic ل or ب) from the name inside; a box-shadow of the same colour gives
   the breathing room instead. */
mark { color: inherit; padding: 0; border-radius: 2px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
mark.name { cursor: help; }
mark.g0 { background: #fde68a; box-shadow: 0 0 0 2px #fde68a; } mark.g1 { background: #bfdbfe; box-shadow: 0 0 0 2px #bfdbfe; }
mark.g2 { background: #bbf7d0; box-shadow: 0 0 0 2px #bbf7d0; } mark.g3 { background: #fbcfe8; box-shadow: 0 0 0 2px #fbcfe8; }
mark.g4 { background: #ddd6fe; box-shadow: 0 0 0 2px #ddd6fe; } mark.g5 { background: #fed7aa; box-shadow: 0 0 0 2px #fed7aa; }
mark.g6 { background: #a5f3fc; box-shadow: 0 0 0 2px #a5f3fc; } mark.g7 { background: #d9f99d; box-shadow: 0 0 0 2px #d9f99d; }
mark.found { background: var(--err-bg); box-shadow: 0 0 0 2px var(--err-bg); text-decoration: underline wavy var(--err); text-decoration-skip-ink: none; text-underline-offset: 3px; }
tr.notes td { padding-top: 0 !important; }
ul.findings { list-style: none; margin: 0; padding: .45rem .7rem; background: var(--warn-bg); border-inline-start: 3px solid #f59e0b; border-radius: 0 4px 4px 0; font-size: .88rem; }
tbody.has-errors ul.findings { background: var(--err-bg); border-inline-start-color: var(--err); }
ul.findings li + li { margin-top: .25rem; }
ul.findings code, table.rules code { font-size: .85em; background: rgba(15, 23, 42, .06); padding: 0 .25em; border-radius: 3px; }
.fe { color: #334155; white-space: nowrap; }
.fe .sep { color: var(--muted); margin-inline: .2em; }
.unplaced ul { list-style: none; padding: 0; }
del { background: #fee2e2; box-shadow: 0 0 0 2px #fee2e2; color: #991b1b; text-decoration: line-through; text-decoration-color: rgba(153, 27, 27, .6); border-radius: 2px; }
ins { background: #dcfce7; box-shadow: 0 0 0 2px #dcfce7; color: #166534; text-decoration: underline; text-decoration-color: #22c55e; text-decoration-thickness: 2px; text-underline-offset: 3px; border-radius: 2px; }
del + ins { margin-inline-start: .3em; }
footer { color: var(--muted); font-size: .8rem; margin-top: 1rem; }
@media screen and (max-width: 760px) {
  body { padding: 0 .5rem 1rem; }
  .c-num { width: 2.6rem; } .c-score { width: 4.6rem; }
  .bar { display: none; }
}
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { background: #fff; padding: 0; font-size: 10pt; }
  .filters, input.filter, footer { display: none; }
  table.bitext thead { display: table-header-group; }
  table.bitext thead th { position: static; }
  tbody.row > tr { break-inside: avoid; page-break-inside: avoid; }
  tbody.row:hover { background: none; }
  th.num a { color: inherit; }
  .bar, .bar > span, del, ins, .sev, ul.findings, td.missing { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_no_forbidden_code_points() {
        let hostile = "</td><script>alert(1)</script>\"' & \u{1}\u{FFFF}\u{85}";
        let out = esc(hostile);
        assert!(!out.contains('<') && !out.contains('"') && !out.contains('\''));
        assert!(!out.chars().any(is_forbidden), "{out:?}");
        assert!(out.contains("&lt;/td&gt;&lt;script&gt;"));
    }
}
