//! The side-by-side views on the Ankara sample: snapshots of the terminal and Markdown
//! output (fixed width, no colour), of the revision diff, and the HTML checked by the Nu
//! HTML validator.
//!
//! The bitext is built from the sample's gold sentences and links, so these views do not
//! move when the aligner's scores do; findings come from the sample's checker oracle.

use qarin::glossary::Glossary;
use qarin::model::{Bitext, Document, Finding, Lang, Link, SentenceRef, Severity};
use qarin::report::{self, HtmlOptions, Layout, Review, TextOptions};
use std::path::{Path, PathBuf};

const SAMPLE: &str = "samples/ankara-2022-11-14";

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(SAMPLE)
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sentences(name: &str) -> Vec<String> {
    sample(name).lines().map(str::to_string).collect()
}

/// `[14, 15]:[12]` lines (vecalign's format) into index ranges.
fn gold_links(text: &str) -> Vec<(std::ops::Range<u32>, std::ops::Range<u32>)> {
    let side = |s: &str| -> std::ops::Range<u32> {
        let ids: Vec<u32> = s
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split(',')
            .filter(|t| !t.trim().is_empty())
            .map(|t| t.trim().parse().unwrap())
            .collect();
        match (ids.first(), ids.last()) {
            (Some(&a), Some(&b)) => a..b + 1,
            _ => 0..0,
        }
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (s, t) = l.split_once(':').unwrap();
            (side(s), side(t))
        })
        .collect()
}

/// A stand-in confidence from the character-length ratio (Arabic runs about 0.85 of the
/// English), so the fixture has both confident and doubtful links without the aligner.
fn length_score(src: &str, tgt: &str) -> f32 {
    let (a, e) = (src.chars().count() as f32, tgt.chars().count() as f32);
    if a == 0.0 || e == 0.0 {
        return 0.0;
    }
    let ratio = (a / (e * 0.85)).ln().abs();
    (1.0 - 2.0 * ratio).clamp(0.0, 1.0)
}

fn bitext(target: &str) -> Bitext {
    let source = Document {
        origin: Some("ar.txt".into()),
        ..Document::from_sentences(Lang::arabic(), &sentences("ar.sent"))
    };
    let target_doc = Document {
        origin: Some(format!("{}.txt", target.trim_end_matches(".sent"))),
        ..Document::from_sentences(Lang::english(), &sentences(target))
    };
    let mut bitext = Bitext {
        source,
        target: target_doc,
        links: Vec::new(),
        verdict: None,
    };
    for (src, tgt) in gold_links(&sample("ar-en.links")) {
        let probe = Link::new(src.clone(), tgt.clone(), 0.0);
        let score = length_score(&bitext.source_text(&probe), &bitext.target_text(&probe));
        bitext.links.push(Link::new(src, tgt, score));
    }
    bitext
}

/// The checker oracle of `en-inconsistent` as findings (rule, entity, expected, found,
/// English sentence, note).
fn oracle_findings(bitext: &Bitext) -> Vec<Finding> {
    sample("en-inconsistent.errors.tsv")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let tgt: u32 = cols[4].parse().unwrap();
            let link = bitext.links.iter().position(|l| l.tgt.contains(&tgt));
            let src = link.and_then(|i| bitext.links[i].src.clone().next());
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            Finding {
                rule: cols[0].into(),
                severity: Severity::Error,
                message: cols[5].into(),
                entity: opt(cols[1]),
                expected: opt(cols[2]),
                found: opt(cols[3]),
                source: src.map(|index| SentenceRef {
                    index,
                    text: bitext.source.segments[index as usize].text.clone(),
                    span: None,
                }),
                target: Some(SentenceRef {
                    index: tgt,
                    text: bitext.target.segments[tgt as usize].text.clone(),
                    span: None,
                }),
                link: link.map(|i| i as u32),
                unit: None,
            }
        })
        .collect()
}

struct Fixture {
    bitext: Bitext,
    findings: Vec<Finding>,
    highlights: report::Highlights,
    revised: Bitext,
}

fn fixture() -> Fixture {
    let bitext = bitext("en-inconsistent.sent");
    let findings = oracle_findings(&bitext);
    let revised = self::bitext("en.sent");
    let highlights = report::highlights(&bitext, Some(&revised), Glossary::builtin());
    Fixture {
        bitext,
        findings,
        highlights,
        revised,
    }
}

fn text_at(review: &Review, width: usize, layout: Layout) -> String {
    report::text(
        review,
        &TextOptions {
            width,
            color: false,
            layout,
            ..TextOptions::default()
        },
    )
}

#[test]
fn text_stacked_snapshot() {
    let f = fixture();
    let review = Review::new(&f.bitext, &f.findings, &f.highlights);
    insta::assert_snapshot!(text_at(&review, 100, Layout::Stacked));
}

#[test]
fn text_columns_snapshot() {
    let f = fixture();
    let review = Review::new(&f.bitext, &f.findings, &f.highlights);
    insta::assert_snapshot!(text_at(&review, 140, Layout::Columns));
}

#[test]
fn markdown_snapshot() {
    let f = fixture();
    let review = Review::new(&f.bitext, &f.findings, &f.highlights);
    insta::assert_snapshot!(report::markdown(&review, report::LOW_SCORE));
}

#[test]
fn revision_diff_snapshot() {
    let f = fixture();
    let review = Review {
        revised: Some(&f.revised),
        ..Review::new(&f.bitext, &f.findings, &f.highlights)
    };
    insta::assert_snapshot!("revision_text", text_at(&review, 100, Layout::Stacked));
    insta::assert_snapshot!(
        "revision_markdown",
        report::markdown(&review, report::LOW_SCORE)
    );
}

#[test]
fn every_text_line_fits_the_width() {
    let f = fixture();
    let review = Review {
        revised: Some(&f.revised),
        ..Review::new(&f.bitext, &f.findings, &f.highlights)
    };
    for width in [40, 63, 80, 100, 140, 200] {
        for layout in [Layout::Columns, Layout::Stacked] {
            let out = text_at(&review, width, layout);
            for line in out.lines() {
                let w = unicode_width::UnicodeWidthStr::width(line);
                assert!(w <= width, "{w} > {width} ({layout:?}): {line}");
            }
        }
    }
}

#[test]
fn narrow_terminals_stack_the_arabic_above_the_english() {
    let f = fixture();
    let review = Review::new(&f.bitext, &f.findings, &f.highlights);
    let out = text_at(&review, 60, Layout::Columns);
    assert!(
        !out.contains('│'),
        "60 columns cannot hold two readable columns"
    );
    // The headline: its Arabic lines come right before its English line, none shared.
    let lines: Vec<&str> = out.lines().collect();
    let ar = lines
        .iter()
        .position(|l| l.contains("أنقرة تستضيف"))
        .unwrap();
    let en = lines
        .iter()
        .position(|l| l.contains("Ankara hosts"))
        .unwrap();
    assert!(
        ar < en && en - ar <= 3,
        "Arabic at line {ar}, English at {en}"
    );
    assert!(lines[ar..en].iter().all(|l| !l.contains("Ankara")));
}

#[test]
fn colour_only_when_asked() {
    let f = fixture();
    let review = Review::new(&f.bitext, &f.findings, &f.highlights);
    let plain = text_at(&review, 100, Layout::Stacked);
    assert!(!plain.contains('\x1b'));
    let coloured = report::text(
        &review,
        &TextOptions {
            color: true,
            ..TextOptions::default()
        },
    );
    assert!(
        coloured.contains("\x1b[4;31mPeskof\x1b[0m"),
        "finding not marked"
    );
}

#[test]
fn html_ties_names_and_marks_findings() {
    let f = fixture();
    let review = Review::new(&f.bitext, &f.findings, &f.highlights);
    let page = report::html(&review, &HtmlOptions::default());
    assert_eq!(page.matches("<tbody id=").count(), f.bitext.links.len());
    assert_eq!(
        page.matches("<td class=\"src\" lang=\"ar\" dir=\"rtl\">")
            .count(),
        f.bitext.links.iter().filter(|l| !l.src.is_empty()).count()
    );
    // Naryshkin in Arabic and in English share one entity class.
    let class_of = |needle: &str| {
        let at = page
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not marked"));
        let open = page[..at].rfind("<mark class=\"").unwrap();
        page[open..at].split('"').nth(1).unwrap().to_string()
    };
    let ar = class_of("ناريشكين</mark>");
    let en = class_of("Naryshkin</mark>");
    assert!(ar.starts_with("name e"), "{ar}");
    assert_eq!(ar, en, "Naryshkin's Arabic and English marks differ");
    assert!(page.contains("<mark class=\"found\" title=\"name-misspelled"));
    assert!(page.contains("class=\"row has-findings has-errors"));
    assert!(page.contains("source-only"), "1-0 links not shown as such");
}

#[test]
fn hostile_text_cannot_break_the_page() {
    let hostile = [
        "</td></tr></table><script>alert('x')</script>",
        "a | b \" c ' & d <!-- e --> \u{1}\u{202E}f",
    ];
    let bitext = Bitext {
        source: Document::from_sentences(Lang::arabic(), &hostile),
        target: Document::from_sentences(Lang::english(), &hostile),
        links: vec![Link::new(0..1, 0..1, 0.7), Link::new(1..2, 1..2, f32::NAN)],
        verdict: None,
    };
    let findings = vec![Finding {
        rule: "<b>rule</b>".into(),
        severity: Severity::Warning,
        message: "</li>".into(),
        entity: Some("\"><x".into()),
        expected: Some("<i>".into()),
        found: Some("<script>".into()),
        source: None,
        target: Some(SentenceRef {
            index: 0,
            text: String::new(),
            span: None,
        }),
        link: Some(0),
        unit: None,
    }];
    let highlights = report::Highlights::default();
    let review = Review::new(&bitext, &findings, &highlights);
    let page = report::html(&review, &HtmlOptions::default());
    assert_eq!(
        page.matches("<script>").count(),
        1,
        "only qarin's own script"
    );
    assert_eq!(
        page.matches("</table>").count(),
        2,
        "rules table + bitext table"
    );
    let md = report::markdown(&review, report::LOW_SCORE);
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(rows.len(), 3, "header + 2 rows: {md}");
    for row in rows {
        let cells = row.split('|').count() - row.matches("\\|").count();
        assert_eq!(cells, 7, "{row}");
    }
    validate(&[("hostile", page)]);
}

#[test]
fn html_validates_as_html5() {
    let f = fixture();
    let review = Review::new(&f.bitext, &f.findings, &f.highlights);
    let plain = report::html(&review, &HtmlOptions::default());
    let revised = Review {
        revised: Some(&f.revised),
        ..review
    };
    let diff = report::html(&revised, &HtmlOptions::default());
    // And the page `qarin diff` makes with the real aligner and checker.
    let cli = qarin()
        .args([
            "diff",
            &sample_path("ar.txt"),
            &sample_path("en-inconsistent.txt"),
        ])
        .args(["--format", "html"])
        .output()
        .unwrap();
    let cli = String::from_utf8(cli.stdout).unwrap();
    // The page of `qarin edit`: toolbar, script, indices, reviewed links.
    let mut reviewed = f.bitext.clone();
    reviewed.links[0].status = qarin::LinkStatus::Confirmed;
    reviewed.links[1].status = qarin::LinkStatus::Rejected;
    let editor = report::html(
        &Review::new(&reviewed, &f.findings, &f.highlights),
        &HtmlOptions {
            editor: Some(report::EditorChrome {
                unsaved: 2,
                can_undo: true,
                ..Default::default()
            }),
            ..HtmlOptions::default()
        },
    );
    assert!(editor.contains("data-link=\"0\"") && editor.contains("data-t=\"0\""));
    assert!(editor.contains("<span class=\"status confirmed\">confirmed</span>"));
    assert!(
        !plain.contains("data-link"),
        "report.html stays a plain view"
    );
    validate(&[
        ("sample", plain),
        ("revision", diff),
        ("cli", cli),
        ("editor", editor),
    ]);
}

/// Where `.ci/run` installs the Nu HTML Checker (npm package `vnu-jar`).
const VNU_DEFAULT: &str = "/opt/qarin-tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar";

/// Runs the Nu HTML Checker on the pages; warnings count as failures. Skips with a notice
/// when the checker is missing, except under CI, where it must be there.
fn validate(pages: &[(&str, String)]) {
    let jar = std::env::var_os("QARIN_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(VNU_DEFAULT));
    let have_java = std::process::Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !jar.is_file() || !have_java {
        let msg = format!(
            "the Nu HTML Checker is missing (jar {}, java {}); `.ci/run` installs it",
            jar.display(),
            if have_java { "found" } else { "missing" }
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{msg}");
        }
        eprintln!("SKIPPED HTML validation: {msg}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // `tests/browser/screenshot.sh` sets this to keep the pages it photographs.
    if let Some(keep) = std::env::var_os("QARIN_REPORT_DIR") {
        for (name, page) in pages {
            std::fs::write(Path::new(&keep).join(format!("{name}.html")), page).unwrap();
        }
    }
    let files: Vec<PathBuf> = pages
        .iter()
        .map(|(name, page)| {
            let path = dir.path().join(format!("{name}.html"));
            std::fs::write(&path, page).unwrap();
            path
        })
        .collect();
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--Werror", "--also-check-css", "--format", "text"])
        .args(&files)
        .output()
        .expect("run java");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "the HTML does not validate:\n{report}"
    );
}

fn qarin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_qarin"))
}

fn sample_path(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(SAMPLE)
        .join(name)
        .display()
        .to_string()
}

#[test]
fn review_writes_every_file_and_exits_as_check() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("review");
    let run = qarin()
        .args([
            "review",
            &sample_path("ar.txt"),
            &sample_path("en-inconsistent.txt"),
        ])
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(
        run.status.code(),
        Some(1),
        "error findings exit 1\n{stdout}"
    );
    for name in [
        "report.html",
        "review.xlf",
        "memory.tmx",
        "bitext.json",
        "findings.json",
    ] {
        let path = out_dir.join(name);
        let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert!(len > 0, "{name} missing or empty");
        assert!(
            stdout.contains(&path.display().to_string()),
            "{name} not listed"
        );
    }
    let bitext: Bitext =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("bitext.json")).unwrap())
            .unwrap();
    let covered: u32 = bitext.links.iter().map(|l| l.src.len() as u32).sum();
    assert_eq!(covered as usize, bitext.source.segments.len());
    let findings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("findings.json")).unwrap())
            .unwrap();
    let errors = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .count();
    assert!(
        errors > 0 && stdout.contains(&format!("{errors} errors")),
        "{stdout}"
    );
    let html = std::fs::read_to_string(out_dir.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Peskof"));

    // The clean translation has no error: exit 0, files replaced in the same folder.
    let clean = qarin()
        .args(["review", &sample_path("ar.txt"), &sample_path("en.txt")])
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0));
    let html = std::fs::read_to_string(out_dir.join("report.html")).unwrap();
    assert!(!html.contains("Peskof"), "report.html not replaced");
}

#[test]
fn unreadable_input_exits_2_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["review", "diff"] {
        let run = qarin()
            .args([command, "no-such-file.txt", &sample_path("en.txt"), "-o"])
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{command}");
        assert!(String::from_utf8_lossy(&run.stderr).contains("no-such-file.txt"));
    }
}

#[test]
fn diff_command_renders_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let (ar, en, bad) = (
        sample_path("ar.txt"),
        sample_path("en.txt"),
        sample_path("en-inconsistent.txt"),
    );
    let run = |args: &[&str]| {
        let out = qarin().arg("diff").args(args).output().unwrap();
        // The exit-code rule of every command: 1 on error-level findings.
        let expected = if args.contains(&bad.as_str()) { 1 } else { 0 };
        assert_eq!(out.status.code(), Some(expected), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    // Piped, not a terminal: no colour, and the Arabic stacked above the English.
    let piped = run(&[&ar, &bad]);
    assert!(!piped.contains('\x1b') && !piped.contains('│'), "{piped}");
    // One sentence per line: every Arabic sentence of the gold split reaches the table.
    let sent = run(&[
        &sample_path("ar.sent"),
        &sample_path("en.sent"),
        "--segmented",
        "--format",
        "markdown",
    ]);
    for line in sentences("ar.sent") {
        assert!(sent.contains(&line), "missing: {line}");
    }
    let md = run(&[&ar, &bad, "--format", "markdown"]);
    assert!(md.contains("| # | Arabic | English |") && md.contains("Peskof"));
    let text = run(&[&ar, &bad, "--width", "72", "--layout", "columns"]);
    assert!(text
        .lines()
        .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 72));
    let revised = run(&[&ar, &bad, &en, "--format", "markdown"]);
    assert!(revised.contains("~~Peskof~~**Peskov**"), "{revised}");
    let page = dir.path().join("diff.html");
    run(&[
        &ar,
        &bad,
        &en,
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&page).unwrap();
    // The fix lands as a deletion and an insertion, each still marked as the name.
    assert!(html.contains(">Narishkin</mark></del><ins><mark class=\"name e"));
    assert!(html.contains(">Naryshkin</mark></ins>"));
}
