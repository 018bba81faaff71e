//! Exporters and readers (issue 6): schema validity on realistic and hostile bitexts, round
//! trips, the options, reader edge cases, refusal of entity bombs, and real consumers
//! (translate-toolkit, OmegaT) reading what qarin writes.
//!
//! External tools: `xmllint` (libxml2-utils), `python3` with translate-toolkit, `omegat`.
//! Under `CI=true` a missing tool fails the test; elsewhere the test prints a notice and
//! returns. `.ci/run` installs them.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use qarin::formats::{self, ExportOptions, Format, WriteReport};
use qarin::{Bitext, Document, Finding, Lang, Link, LinkStatus, Severity};
use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, UNIX_EPOCH};
use unicode_normalization::UnicodeNormalization;

const SCHEMAS: &str = "../shared/schemas";

// ---------------------------------------------------------------- fixtures

/// Arabic news sentences (from the Ankara sample) with an English translation, a 2-1
/// link, a 1-0 and a 0-1, and a repeated pair.
fn realistic() -> Bitext {
    let ar = [
        "أنقرة تستضيف اجتماعًا بين مديري المخابرات الروسية والأمريكية.",
        "أكد المتحدث باسم الرئاسة الروسية دميتري بيسكوف أن المحادثات جرت بطلب من الجانب الأمريكي.",
        "وأفادت وسائل إعلام تركية أن سيرغي ناريشكين التقى وليام بيرنز في أنقرة.",
        "قالت الخدمة الصحفية للبيت الأبيض إن بيرنز حذّر نظيره \"من عواقب استخدام الأسلحة النووية\".",
        "ولم يتم الكشف عن تفاصيل الاجتماع.",
        "معركة أولي البأس",
        "أنقرة تستضيف اجتماعًا بين مديري المخابرات الروسية والأمريكية.",
    ];
    let en = [
        "Ankara hosts a meeting between the Russian and US intelligence chiefs.",
        "Kremlin spokesman Dmitry Peskov said the talks were held at the request of the US side.",
        "Turkish media reported that Sergei Naryshkin met William Burns in Ankara.",
        "The White House press service said Burns warned his counterpart \"of the consequences of using nuclear weapons\".",
        "No details of the meeting were disclosed.",
        "Ankara hosts a meeting between the Russian and US intelligence chiefs.",
        "(Reporting by the Moscow bureau & agencies)",
    ];
    let links = vec![
        Link::new(0..1, 0..1, 0.93),
        Link::new(1..2, 1..2, 0.88),
        Link::new(2..3, 2..3, 0.41),
        Link::new(3..5, 3..5, 0.77),
        Link::new(5..6, 5..5, 0.2),
        Link::new(6..7, 5..6, 0.9),
        Link::new(7..7, 6..7, 0.15),
    ];
    bitext(&ar, &en, links)
}

const SAMPLE: &str = "samples/ankara-2022-11-14";

/// The Ankara sample: its gold sentences and links (`[i, j]:[k]` lines, vecalign style),
/// every link scored 1.
fn sample() -> Bitext {
    let read = |name: &str| std::fs::read_to_string(format!("{SAMPLE}/{name}")).unwrap();
    let (ar, en) = (read("ar.sent"), read("en.sent"));
    let ar: Vec<&str> = ar.lines().collect();
    let en: Vec<&str> = en.lines().collect();
    let range = |list: &str| -> std::ops::Range<u32> {
        let idx: Vec<u32> = list
            .trim_matches(['[', ']'])
            .split(", ")
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        match (idx.first(), idx.last()) {
            (Some(&a), Some(&b)) => a..b + 1,
            _ => 0..0,
        }
    };
    let links = read("ar-en.links")
        .lines()
        .map(|line| {
            let (src, tgt) = line.split_once(':').unwrap();
            Link::new(range(src), range(tgt), 1.0)
        })
        .collect();
    bitext(&ar, &en, links)
}

fn bitext(ar: &[&str], en: &[&str], links: Vec<Link>) -> Bitext {
    Bitext {
        source: Document::from_sentences(Lang::arabic(), ar),
        target: Document::from_sentences(Lang::english(), en),
        links,
        verdict: None,
    }
}

fn finding(link: Option<u32>, severity: Severity, message: &str) -> Finding {
    Finding {
        rule: "name-misspelled".into(),
        severity,
        message: message.into(),
        entity: Some("peskov".into()),
        expected: Some("Peskov".into()),
        found: Some("Peskof".into()),
        source: None,
        target: None,
        link,
        unit: None,
    }
}

fn options() -> ExportOptions {
    ExportOptions {
        created: UNIX_EPOCH + Duration::from_secs(1_668_384_000),
        ..ExportOptions::default()
    }
}

/// Every link kept: what a lossless round trip must give back.
fn lossless() -> ExportOptions {
    ExportOptions {
        include_unpaired: true,
        keep_duplicates: true,
        ..options()
    }
}

fn write(format: Format, b: &Bitext, opts: &ExportOptions) -> (Vec<u8>, WriteReport) {
    let mut out = Vec::new();
    let report = formats::writer(format, opts).write(b, &mut out).unwrap();
    (out, report)
}

fn read(format: Format, bytes: &[u8]) -> qarin::Result<Bitext> {
    let mut input = bytes;
    formats::reader(format).read(&mut input)
}

type Pair = (String, String);

fn pairs(b: &Bitext) -> Vec<Pair> {
    b.links
        .iter()
        .map(|l| (b.source_text(l), b.target_text(l)))
        .collect()
}

/// What a written unit must hold, computed independently of the writer: segments
/// trimmed and joined by a space, characters XML 1.0 forbids dropped, NFC, trimmed.
fn expected_text(doc: &Document, range: &std::ops::Range<u32>) -> String {
    let joined: Vec<&str> = range
        .clone()
        .map(|i| doc.segments[i as usize].text.trim())
        .collect();
    let legal: String = joined
        .join(" ")
        .chars()
        .filter(
            |&c| matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..),
        )
        .collect();
    legal.nfc().collect::<String>().trim().to_string()
}

fn expected_pairs(b: &Bitext, unpaired: bool) -> Vec<Pair> {
    b.links
        .iter()
        .map(|l| {
            (
                expected_text(&b.source, &l.src),
                expected_text(&b.target, &l.tgt),
            )
        })
        .filter(|(s, t)| !(s.is_empty() && t.is_empty()))
        .filter(|(s, t)| unpaired || !(s.is_empty() || t.is_empty()))
        .collect()
}

/// The pairs of the links a reviewer rejected (translation memories leave them out).
fn rejected_pairs(b: &Bitext) -> Vec<Pair> {
    b.links
        .iter()
        .filter(|l| l.status == LinkStatus::Rejected)
        .map(|l| {
            (
                expected_text(&b.source, &l.src),
                expected_text(&b.target, &l.tgt),
            )
        })
        .collect()
}

// ---------------------------------------------------------------- external tools

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// True when `program --version`-like probe works; under CI a missing tool is a failure.
fn have(program: &str, probe: &[&str], why: &str) -> bool {
    let ok = Command::new(program)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !in_ci(),
            "{program} is required in CI ({why}); .ci/run installs it"
        );
        eprintln!("NOTICE: {program} not available, skipping {why}");
    }
    ok
}

fn xmllint_ok() -> bool {
    have("xmllint", &["--version"], "schema validation")
}

fn translate_toolkit_ok() -> bool {
    have(
        "python3",
        &[
            "-c",
            "import translate.storage.tmx, translate.storage.xliff2",
        ],
        "the translate-toolkit check",
    )
}

/// Validates files with xmllint offline; panics with xmllint's words on failure.
fn validate(format: Format, files: &[PathBuf]) {
    let mut cmd = Command::new("xmllint");
    cmd.args(["--noout", "--nonet"]);
    match format {
        Format::Tmx => cmd.args([
            "--path".into(),
            format!("{SCHEMAS}/tmx"),
            "--dtdvalid".into(),
            format!("{SCHEMAS}/tmx/tmx14.dtd"),
        ]),
        Format::Xliff12 => cmd.args([
            "--schema".into(),
            format!("{SCHEMAS}/xliff-1.2/xliff-core-1.2-strict.xsd"),
        ]),
        Format::Xliff2 => cmd.args([
            "--schema".into(),
            format!("{SCHEMAS}/drivers/xliff21_core_plus_modules.xsd"),
        ]),
        other => panic!("no schema for {other}"),
    };
    let out = cmd.args(files).output().expect("run xmllint");
    assert!(
        out.status.success(),
        "{format} output does not validate:\n{}",
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter(|l| !l.ends_with(" validates"))
            .take(20)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

const XML_FORMATS: [Format; 3] = [Format::Tmx, Format::Xliff12, Format::Xliff2];

/// A file name ending for each format, distinct even for the two XLIFFs.
fn extension(format: Format) -> &'static str {
    match format {
        Format::Tmx => "tmx",
        Format::Xliff12 => "xlf",
        Format::Xliff2 => "xliff2.xlf",
        Format::Tsv => "tsv",
        _ => "json",
    }
}

// ---------------------------------------------------------------- hostile bitexts

/// Text pieces that break naive writers, plus arbitrary characters.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\u{1}".to_string()),
        Just("\u{B}\u{C}\u{1F}".to_string()),
        Just("\u{FFFE}\u{FFFF}".to_string()),
        Just("]]>".to_string()),
        Just("&amp; & &lt;".to_string()),
        Just("\"'<>".to_string()),
        Just("\u{200F}\u{061C}\u{202B}\u{202C}\u{2066}\u{2069}".to_string()),
        Just("😀👍🏽".to_string()),
        Just("e\u{301} ا\u{64E}\u{651} ـــ".to_string()),
        Just("\t\n\r\n\r".to_string()),
        Just("  ".to_string()),
        Just("قال بيسكوف".to_string()),
        Just("Peskov said".to_string()),
        Just("{1}x{/1}".to_string()),
        Just("<!DOCTYPE x [<!ENTITY a \"b\">]>&a;".to_string()),
        Just("-- -->".to_string()),
        any::<char>().prop_map(String::from),
        "[\\x00-\\x7f]{0,6}",
    ];
    prop_oneof![
        9 => prop::collection::vec(piece, 0..6).prop_map(|v| v.concat()),
        1 => Just("حرب ".repeat(2500)), // a 10 kB sentence
    ]
}

/// Bitexts with 1-1, 2-1, 1-0 and 0-1 links over hostile sentences.
fn hostile_bitext() -> impl Strategy<Value = Bitext> {
    let bead = (
        0usize..4,
        hostile_text(),
        hostile_text(),
        hostile_text(),
        0.0f32..=1.0,
    );
    prop::collection::vec(bead, 1..10).prop_map(|beads| {
        let (mut ar, mut en, mut links) = (Vec::new(), Vec::new(), Vec::new());
        for (kind, a, b, c, score) in beads {
            let (s0, t0) = (ar.len() as u32, en.len() as u32);
            match kind {
                0 => {
                    ar.push(a);
                    en.push(b);
                }
                1 => {
                    ar.push(a);
                    ar.push(c);
                    en.push(b);
                }
                2 => ar.push(a),
                _ => en.push(b),
            }
            links.push(Link::new(s0..ar.len() as u32, t0..en.len() as u32, score));
        }
        let ar: Vec<&str> = ar.iter().map(String::as_str).collect();
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        bitext(&ar, &en, links)
    })
}

// ---------------------------------------------------------------- validity

#[test]
fn realistic_outputs_validate_against_the_official_schemas() {
    if !xmllint_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options();
    opts.findings = vec![
        finding(
            Some(1),
            Severity::Error,
            "\"Peskof\" should be spelled Peskov -- see glossary",
        ),
        finding(None, Severity::Info, "document-level note & <markup>"),
    ];
    for format in XML_FORMATS {
        let mut files = Vec::new();
        for (name, b) in [("realistic", realistic()), ("sample", sample())] {
            for (k, o) in [opts.clone(), lossless()].iter().enumerate() {
                let path = dir.path().join(format!("{name}{k}.{}", extension(format)));
                std::fs::write(&path, write(format, &b, o).0).unwrap();
                files.push(path);
            }
        }
        validate(format, &files);
    }
}

/// The realistic bitext after a review in `qarin edit`: the low-scored link 2 confirmed,
/// link 1 rejected.
fn reviewed() -> Bitext {
    let mut b = realistic();
    b.links[2].status = LinkStatus::Confirmed;
    b.links[1].status = LinkStatus::Rejected;
    b
}

#[test]
fn reviewer_status_is_marked_valid_and_read_back() {
    let b = reviewed();
    let (tmx, report) = write(Format::Tmx, &b, &options());
    let tmx_text = String::from_utf8(tmx.clone()).unwrap();
    assert_eq!(report.skipped_rejected, 1, "{report:?}");
    assert!(tmx_text.contains("<prop type=\"x-qarin-status\">confirmed</prop>"));
    assert!(
        !tmx_text.contains("Kremlin spokesman"),
        "a rejected pair stays out of the TM"
    );
    let back = read(Format::Tmx, &tmx).unwrap();
    let statuses: Vec<LinkStatus> = back.links.iter().map(|l| l.status).collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == LinkStatus::Confirmed)
            .count(),
        1
    );
    assert_eq!(back.links[1].status, LinkStatus::Confirmed, "{statuses:?}");

    let (x12, _) = write(Format::Xliff12, &b, &options());
    let x12_text = String::from_utf8(x12.clone()).unwrap();
    // Unit ids are link numbers, from 1: the confirmed link 2 is unit 3.
    assert!(x12_text.contains("<trans-unit id=\"3\" approved=\"yes\">"));
    assert!(x12_text.contains("state=\"signed-off\""));
    let (x2, _) = write(Format::Xliff2, &b, &options());
    let x2_text = String::from_utf8(x2.clone()).unwrap();
    assert!(x2_text.contains("state=\"final\""));
    assert!(x2_text.contains("subState=\"qarin:rejected\""));
    for (format, bytes) in [(Format::Xliff12, &x12), (Format::Xliff2, &x2)] {
        let back = read(format, bytes).unwrap();
        let statuses: Vec<LinkStatus> = back.links.iter().map(|l| l.status).collect();
        let want: Vec<LinkStatus> = b.links.iter().map(|l| l.status).collect();
        assert_eq!(statuses, want, "{format}");
    }
    if !xmllint_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (format, bytes) in [
        (Format::Tmx, &tmx),
        (Format::Xliff12, &x12),
        (Format::Xliff2, &x2),
    ] {
        let path = dir.path().join(format!("reviewed.{}", extension(format)));
        std::fs::write(&path, bytes).unwrap();
        validate(format, &[path]);
    }
}

#[test]
fn hostile_outputs_are_well_formed_and_validate() {
    if !xmllint_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let files: RefCell<Vec<(Format, PathBuf)>> = RefCell::default();
    let n = Cell::new(0);
    // xmllint per file is the slow part: 32 cases, validated in one call per format.
    let mut runner = TestRunner::new(Config {
        cases: 32,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&hostile_bitext(), |b| {
            n.set(n.get() + 1);
            let n = n.get();
            let mut opts = lossless();
            opts.findings = vec![finding(
                Some(0),
                Severity::Warning,
                &b.source_text(&b.links[0]),
            )];
            for format in XML_FORMATS {
                let path = dir.path().join(format!("h{n}.{}", extension(format)));
                std::fs::write(&path, write(format, &b, &opts).0).unwrap();
                files.borrow_mut().push((format, path));
            }
            Ok(())
        })
        .unwrap();
    for format in XML_FORMATS {
        let of: Vec<PathBuf> = files
            .borrow()
            .iter()
            .filter(|(f, _)| *f == format)
            .map(|(_, p)| p.clone())
            .collect();
        validate(format, &of);
    }
}

#[test]
fn xml_is_utf8_without_bom_with_declaration_and_no_added_bidi_marks() {
    let b = bitext(
        &["قال بيسكوف"],
        &["Peskov said"],
        vec![Link::new(0..1, 0..1, 1.0)],
    );
    for format in XML_FORMATS {
        let (out, _) = write(format, &b, &options());
        assert!(
            out.starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            "{format}"
        );
        let text = String::from_utf8(out).unwrap();
        for mark in ['\u{200E}', '\u{200F}', '\u{061C}', '\u{202B}', '\u{2067}'] {
            assert!(!text.contains(mark), "{format} added U+{:04X}", mark as u32);
        }
    }
}

// ---------------------------------------------------------------- round trips

#[test]
fn realistic_round_trip_gives_the_same_pairs_and_scores() {
    for b in [realistic(), sample()] {
        round_trip(&b);
    }
}

fn round_trip(b: &Bitext) {
    for format in Format::ALL {
        let (out, _) = write(format, b, &lossless());
        let back = read(format, &out).unwrap_or_else(|e| panic!("{format}: {e}"));
        assert_eq!(pairs(&back), expected_pairs(b, true), "{format}");
        let scores: Vec<f32> = back.links.iter().map(|l| l.score).collect();
        let want: Vec<f32> = b.links.iter().map(|l| l.score).collect();
        assert_eq!(scores, want, "{format} scores");
    }
}

proptest! {
    #![proptest_config(Config { cases: 64, ..Config::default() })]
    #[test]
    fn hostile_round_trip_gives_the_same_pairs(b in hostile_bitext()) {
        let want = expected_pairs(&b, true);
        for format in [Format::Tmx, Format::Xliff12, Format::Xliff2, Format::Tsv] {
            let (out, _) = write(format, &b, &lossless());
            let back = read(format, &out).map_err(|e| TestCaseError::fail(format!("{format}: {e}")))?;
            prop_assert_eq!(pairs(&back), want.clone(), "{}", format);
        }
        let (out, _) = write(Format::Json, &b, &lossless());
        let back = read(Format::Json, &out).unwrap();
        prop_assert_eq!(&back.source, &b.source);
        prop_assert_eq!(&back.target, &b.target);
        prop_assert_eq!(pairs(&back), pairs(&b));
    }
}

// ---------------------------------------------------------------- options

#[test]
fn tmx_leaves_out_unpaired_duplicates_and_low_scores_and_says_so() {
    let b = realistic();
    let (out, report) = write(Format::Tmx, &b, &options());
    let back = read(Format::Tmx, &out).unwrap();
    // Link 5 repeats link 0's pair; links 4 (1-0) and 6 (0-1) are unpaired.
    assert_eq!(report.skipped_unpaired, 2);
    assert_eq!(report.duplicates_removed, 1);
    assert_eq!(report.written, 4);
    assert_eq!(pairs(&back), expected_pairs(&b, false)[..4].to_vec());

    let (_, report) = write(
        Format::Tmx,
        &b,
        &ExportOptions {
            min_score: 0.5,
            ..options()
        },
    );
    assert_eq!(
        report.skipped_below_min_score, 3,
        "0.41, 0.2 and 0.15 are below 0.5"
    );
    assert_eq!(report.written, 3);
}

#[test]
fn tmx_header_dates_languages_and_unit_metadata() {
    let b = realistic();
    let mut opts = options();
    opts.source_lang = Some(Lang::new("ar_SA"));
    opts.target_lang = Some(Lang::new("en-US"));
    opts.findings = vec![finding(Some(1), Severity::Error, "spelled Peskof")];
    let text = String::from_utf8(write(Format::Tmx, &b, &opts).0).unwrap();
    assert!(text.contains("<tmx version=\"1.4\">"));
    assert!(
        text.contains("srclang=\"ar-SA\""),
        "BCP 47, never an underscore"
    );
    assert!(text.contains("creationdate=\"20221114T000000Z\""));
    assert!(!text.contains("ar_SA"));
    // tuids are link numbers, from 1, as every view numbers links: link 1 is tuid 2.
    let tu1 = &text[text.find("<tu tuid=\"2\">").unwrap()..];
    let tu1 = &tu1[..tu1.find("</tu>").unwrap()];
    let order: Vec<usize> = [
        "<note>error name-misspelled: spelled Peskof</note>",
        "<prop type=\"x-score\">0.88</prop>",
        "<prop type=\"x-link-type\">1-1</prop>",
        "<tuv xml:lang=\"ar-SA\"><seg>",
        "<tuv xml:lang=\"en-US\"><seg>",
    ]
    .iter()
    .map(|s| {
        tu1.find(s)
            .unwrap_or_else(|| panic!("{s} missing in {tu1}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "notes, props, source tuv, target tuv"
    );
    let tu3 = &text[text.find("<tu tuid=\"4\">").unwrap()..];
    assert!(tu3.contains("<prop type=\"x-link-type\">2-2</prop>"));
}

#[test]
fn xliff12_states_approval_notes_and_no_target_for_untranslated_units() {
    let b = realistic();
    let mut opts = options();
    opts.findings = vec![finding(Some(1), Severity::Error, "spelled Peskof")];
    let text = String::from_utf8(write(Format::Xliff12, &b, &opts).0).unwrap();
    // Unit ids are link numbers, from 1.
    let unit = |link: usize| {
        let start = text
            .find(&format!("<trans-unit id=\"{}\"", link + 1))
            .unwrap();
        let len = text[start..].find("</trans-unit>").unwrap();
        text[start..start + len].to_string()
    };
    assert!(unit(0).contains("<target state=\"translated\" state-qualifier=\"x-qarin-aligned\">"));
    assert!(unit(0).starts_with("<trans-unit id=\"1\" approved=\"yes\">"));
    assert!(!unit(1).contains("approved"), "a finding: not approved");
    assert!(!unit(2).contains("approved"), "a low score: not approved");
    assert!(
        unit(1).contains("<target state=\"needs-review-translation\">"),
        "a finding"
    );
    assert!(unit(1).contains("<note from=\"qarin\" priority=\"1\" annotates=\"target\">"));
    assert!(
        unit(2).contains("state=\"needs-review-translation\""),
        "score 0.41"
    );
    // A source with no translation has no <target>: a copy of the source there made
    // TMs built from the file pair Arabic with Arabic.
    let u4 = unit(4);
    assert!(u4.contains("<source>معركة أولي البأس</source>"), "{u4}");
    assert!(!u4.contains("<target"), "{u4}");
    assert!(!u4.contains("approved"), "{u4}");
    assert!(u4.contains("1-0"));
}

#[test]
fn xliff2_languages_directions_states_and_metadata() {
    let b = realistic();
    let mut opts = options();
    opts.findings = vec![finding(Some(1), Severity::Error, "spelled Peskof")];
    let text = String::from_utf8(write(Format::Xliff2, &b, &opts).0).unwrap();
    assert!(text.contains("version=\"2.1\" srcLang=\"ar\" trgLang=\"en\""));
    assert!(text.contains("srcDir=\"rtl\" trgDir=\"ltr\""));
    let unit = |id: usize| {
        let start = text.find(&format!("<unit id=\"u{}\">", id + 1)).unwrap();
        let len = text[start..].find("</unit>").unwrap();
        text[start..start + len].to_string()
    };
    assert!(unit(0).contains("state=\"translated\""));
    assert!(unit(0).contains("<mda:meta type=\"score\">0.93</mda:meta>"));
    let u1 = unit(1);
    assert!(u1.contains("subState=\"qarin:needs-review\""));
    assert!(u1.find("<notes>").unwrap() < u1.find("<segment").unwrap());
    assert!(!unit(4).contains("<target>"), "1-0 has no target");
}

#[test]
fn removed_characters_are_reported_with_their_link() {
    let b = bitext(
        &["a\u{1}b", "ok"],
        &["c", "d\u{FFFF}"],
        vec![Link::new(0..1, 0..1, 1.0), Link::new(1..2, 1..2, 1.0)],
    );
    for format in [Format::Tmx, Format::Xliff12, Format::Xliff2, Format::Tsv] {
        let (out, report) = write(format, &b, &options());
        assert_eq!(
            report.warnings,
            [
                "removed U+0001 from the source of link 0",
                "removed U+FFFF from the target of link 1"
            ],
            "{format}"
        );
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\u{1}') && !text.contains("&#1;") && !text.contains("&#x1;"));
    }
}

// ---------------------------------------------------------------- readers

#[test]
fn tmx_reader_takes_source_by_srclang_from_any_version() {
    // TMX 1.1 style `lang`, the source not first, three languages.
    let tmx = r#"<?xml version="1.0"?>
<tmx version="1.1"><header srclang="AR" creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/>
<body>
<tu><prop type="x-score">0.5</prop><tuv lang="EN"><seg>Hello</seg></tuv><tuv lang="FR"><seg>Bonjour</seg></tuv><tuv lang="AR"><seg>مرحبا</seg></tuv></tu>
<tu><tuv xml:lang="ar"><seg>شكرا</seg></tuv><tuv xml:lang="en"><seg>Thanks</seg></tuv></tu>
</body></tmx>"#;
    let b = read(Format::Tmx, tmx.as_bytes()).unwrap();
    assert_eq!(
        pairs(&b),
        [
            ("مرحبا".into(), "Hello".into()),
            ("شكرا".into(), "Thanks".into())
        ]
    );
    assert_eq!(b.links[0].score, 0.5);
    assert_eq!(b.links[1].score, 1.0, "no score: a kept TM unit");
    assert_eq!(b.source.lang.as_str(), "AR");

    let all = tmx.replace("srclang=\"AR\"", "srclang=\"*all*\"");
    let b = read(Format::Tmx, all.as_bytes()).unwrap();
    assert_eq!(
        pairs(&b)[0],
        ("Hello".into(), "Bonjour".into()),
        "*all*: first tuv is the source"
    );
}

#[test]
fn inline_markup_becomes_text_placeholders() {
    let tmx = r#"<tmx version="1.4"><header srclang="en"/><body><tu>
<tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> now<ph x="2">&lt;br/&gt;</ph> <hi x="3">really</hi></seg></tuv>
<tuv xml:lang="ar"><seg>اضغط<it pos="begin">&lt;i&gt;</it></seg></tuv></tu></body></tmx>"#;
    let b = read(Format::Tmx, tmx.as_bytes()).unwrap();
    assert_eq!(
        pairs(&b),
        [(
            "Press {1}OK{/1} now{2/} {3}really{/3}".into(),
            "اضغط{1/}".into()
        )]
    );

    let xlf = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="ar" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>قال <g id="7">بيسكوف</g><x id="8"/></source><target state="final">said <g id="7">Peskov</g><x id="8"/></target>
<alt-trans><source>ignored</source><target>ignored too</target></alt-trans></trans-unit></body></file></xliff>"#;
    let b = read(Format::Xliff12, xlf.as_bytes()).unwrap();
    assert_eq!(
        pairs(&b),
        [(
            "قال {7}بيسكوف{/7}{8/}".into(),
            "said {7}Peskov{/7}{8/}".into()
        )]
    );
}

#[test]
fn xliff_reader_sniffs_2_0_and_the_2_2_namespace() {
    let x22 = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.2" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.2" version="2.2" srcLang="ar" trgLang="en">
 <file id="f"><unit id="u">
  <mda:metadata><mda:metaGroup><mda:meta type="score">0.75</mda:meta></mda:metaGroup></mda:metadata>
  <originalData><data id="d1">&lt;b&gt;</data></originalData>
  <segment><source>الأول <pc id="1">مهم</pc></source><target>First <pc id="1">important</pc></target></segment>
  <ignorable><source> </source></ignorable>
  <segment><source>الثاني<ph id="2" dataRef="d1"/></source><target>Second<ph id="2" dataRef="d1"/></target></segment>
 </unit></file></xliff>"#;
    // A .xlf path means Xliff12, yet the reader must see the 2.2 file for what it is.
    let b = read(Format::Xliff12, x22.as_bytes()).unwrap();
    assert_eq!(
        pairs(&b),
        [
            ("الأول {1}مهم{/1}".into(), "First {1}important{/1}".into()),
            ("الثاني{2/}".into(), "Second{2/}".into())
        ]
    );
    assert!(b.links.iter().all(|l| l.score == 0.75));
}

#[test]
fn billion_laughs_is_refused_before_any_expansion() {
    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n<!ENTITY lol \"lol\">\n");
    for level in 1..=9 {
        let refs = format!(
            "&lol{};",
            if level == 1 {
                String::new()
            } else {
                (level - 1).to_string()
            }
        );
        bomb.push_str(&format!("<!ENTITY lol{level} \"{}\">\n", refs.repeat(10)));
    }
    bomb.push_str("]>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>&lol9;</seg></tuv></tu></body></tmx>\n");
    for format in [Format::Tmx, Format::Xliff12] {
        let err = read(format, bomb.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("never expands"), "{err}");
        assert_eq!(err.line, Some(2), "refused at the DOCTYPE: {err}");
    }
    // Without a DOCTYPE, an undeclared entity is an error too, located.
    let err = read(
        Format::Tmx,
        b"<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>&nbsp;</seg></tuv></tu></body></tmx>",
    )
    .unwrap_err();
    assert_eq!((err.line, err.column), (Some(2), Some(35)), "{err}");
}

#[test]
fn malformed_input_is_located_by_line_and_column() {
    let bad = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu>\n  <tuv xml:lang=\"en\"><seg>a</sego></tuv></tu></body></tmx>";
    let err = read(Format::Tmx, bad.as_bytes()).unwrap_err();
    assert_eq!(err.line, Some(3), "{err}");
    assert!(err.to_string().contains("</sego>"), "{err}");

    let err = read(Format::Tsv, b"score\tsource\ttarget\n0.5\tonly two\n").unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");

    let err = read(Format::Tmx, "<xliff version=\"1.2\"/>".as_bytes()).unwrap_err();
    assert!(
        err.to_string().contains("expected a <tmx> document"),
        "{err}"
    );
}

#[test]
fn format_names_and_extensions() {
    assert_eq!("xliff".parse::<Format>().unwrap(), Format::Xliff12);
    assert_eq!("xliff2".parse::<Format>().unwrap(), Format::Xliff2);
    assert!("docx".parse::<Format>().is_err());
    assert_eq!(
        Format::from_path(Path::new("a/b.XLIFF")),
        Some(Format::Xliff12)
    );
    assert_eq!(Format::from_path(Path::new("m.tmx")), Some(Format::Tmx));
    assert_eq!(Format::from_path(Path::new("m.txt")), None);
}

// ---------------------------------------------------------------- CLI

fn qarin(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_qarin"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn cli_export_and_convert() {
    let dir = tempfile::tempdir().unwrap();
    let b = realistic();
    std::fs::write(
        dir.path().join("b.json"),
        serde_json::to_string(&b).unwrap(),
    )
    .unwrap();

    let out = qarin(
        &["export", "b.json", "-o", "m.tmx", "--source-lang", "ar_EG"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("wrote 4 units (tmx)") && stderr.contains("2 unpaired"),
        "{stderr}"
    );
    let tmx = std::fs::read_to_string(dir.path().join("m.tmx")).unwrap();
    assert!(tmx.contains("srclang=\"ar-EG\""));

    let out = qarin(&["convert", "m.tmx", "m.xlf"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back = read(
        Format::Xliff12,
        &std::fs::read(dir.path().join("m.xlf")).unwrap(),
    )
    .unwrap();
    assert_eq!(pairs(&back), expected_pairs(&b, false)[..4].to_vec());

    // Writing over the input is refused and leaves it whole.
    let before = std::fs::read(dir.path().join("b.json")).unwrap();
    let out = qarin(
        &["export", "b.json", "--format", "tsv", "-o", "b.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(dir.path().join("b.json")).unwrap(), before);
    let out = qarin(&["convert", "m.tmx", "m.docx"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------- real consumers

/// Reads a file with translate-toolkit and prints its (source, target) pairs as JSON. A
/// target in XLIFF 1.2 state `needs-translation` is the pre-filled source copy: a
/// state-aware consumer treats it as no translation, and so does this check.
const TT_PAIRS: &str = r#"
import json, sys
from translate.storage import tmx, xliff, xliff2
def pairs(kind, path):
    if kind == "tmx":
        return [(u.source, u.target) for u in tmx.tmxfile.parsefile(path).units]
    if kind == "xliff":
        ns = "{urn:oasis:names:tc:xliff:document:1.2}"
        units = []
        for u in xliff.xlifffile.parsefile(path).units:
            t = u.xmlelement.find(ns + "target")
            fresh = t is not None and t.get("state") == "needs-translation"
            units.append((u.source, None if fresh else u.target))
        return units
    return [(u.source, u.target) for u in xliff2.Xliff2File.parsefile(path).units]
args = sys.argv[1:]
out = [[[s or "", t or ""] for s, t in pairs(k, p)] for k, p in zip(args[::2], args[1::2])]
json.dump(out, sys.stdout, ensure_ascii=False)
"#;

/// The pairs translate-toolkit reads from each file, in one Python run.
fn tt_pairs(files: &[(Format, PathBuf)]) -> Vec<Vec<Pair>> {
    let mut cmd = Command::new("python3");
    cmd.args(["-c", TT_PAIRS]);
    for (format, path) in files {
        cmd.arg(format.name()).arg(path);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "translate-toolkit could not read qarin's files: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn translate_toolkit_reads_exactly_qarins_pairs() {
    if !translate_toolkit_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cases = RefCell::new(vec![realistic(), sample(), reviewed()]);
    let mut runner = TestRunner::new(Config {
        cases: 12,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&hostile_bitext(), |b| {
            cases.borrow_mut().push(b);
            Ok(())
        })
        .unwrap();
    let mut files = Vec::new();
    let mut want = Vec::new();
    for (k, b) in cases.borrow().iter().enumerate() {
        for format in XML_FORMATS {
            // The TMX as shipped (default options); the review files hold every link.
            let (opts, unpaired) = match format {
                Format::Tmx => (
                    ExportOptions {
                        keep_duplicates: true,
                        ..options()
                    },
                    false,
                ),
                _ => (options(), true),
            };
            let path = dir.path().join(format!("t{k}.{}", extension(format)));
            std::fs::write(&path, write(format, b, &opts).0).unwrap();
            files.push((format, path));
            let mut pairs = expected_pairs(b, unpaired);
            if format == Format::Tmx {
                let rejected = rejected_pairs(b);
                pairs.retain(|p| !rejected.contains(p));
            }
            want.push(pairs);
        }
    }
    let got = tt_pairs(&files);
    assert_eq!(got.len(), want.len());
    for ((format, path), (got, want)) in files.iter().zip(got.iter().zip(&want)) {
        assert_eq!(got, want, "{format} {}", path.display());
    }
}

#[test]
fn omegat_pretranslates_the_samples_arabic_from_qarins_tmx() {
    if !have("omegat", &["--help"], "the OmegaT pre-translation check") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    for sub in [
        "source",
        "target",
        "omegat",
        "tm/auto",
        "glossary",
        "dictionary",
    ] {
        std::fs::create_dir_all(project.join(sub)).unwrap();
    }
    std::fs::write(project.join("omegat.project"), OMEGAT_PROJECT).unwrap();
    let b = sample();
    let (tmx, _) = write(Format::Tmx, &b, &options());
    std::fs::write(project.join("tm/auto/qarin.tmx"), tmx).unwrap();
    // The sample's Arabic sentences, one per paragraph (OmegaT's default rules do not
    // split Arabic as qarin does). A sentence matches when it is a whole TMX source: 1-1
    // and 1-2 links are, the halves of the 2-1 link and the 1-0 chrome are not. The last
    // one is in no unit at all.
    let untranslated = "هذه جملة لا توجد في الذاكرة.";
    let mut source: Vec<String> = b
        .source
        .segments
        .iter()
        .map(|s| s.text.trim().to_string())
        .collect();
    source.push(untranslated.into());
    std::fs::write(project.join("source/ar.txt"), source.join("\n\n") + "\n").unwrap();

    let out = Command::new("omegat")
        .arg("--mode=console-translate")
        .arg(format!(
            "--config-dir={}",
            dir.path().join("config").display()
        ))
        .args(["--disable-project-locking", "--no-team"])
        .arg(&project)
        .output()
        .unwrap();
    // OmegaT exits 0 even when it rejected the TMX: judge by the translated text.
    let target = std::fs::read_to_string(project.join("target/ar.txt")).unwrap_or_else(|e| {
        panic!(
            "OmegaT wrote no target ({e}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let paragraphs: Vec<&str> = target.split("\n\n").map(str::trim).collect();
    let want: Vec<String> = source
        .iter()
        .map(|s| {
            expected_pairs(&b, false)
                .into_iter()
                .find(|(src, _)| src == s)
                .map_or(s.clone(), |(_, t)| t)
        })
        .collect();
    assert_eq!(paragraphs, want, "OmegaT output:\n{target}");
    let translated = paragraphs
        .iter()
        .zip(&source)
        .filter(|(t, s)| *t != s)
        .count();
    assert_eq!(
        translated, 19,
        "16 1-1 links, 2 1-2 links, the repeated headline"
    );
}

const OMEGAT_PROJECT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <source_dir_excludes/>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>AR</source_lang>
        <target_lang>EN</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneArabicTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
        <sentence_seg>true</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"#;

#[test]
fn an_empty_bitext_still_gives_valid_files() {
    if !xmllint_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let empty = bitext(&[], &[], Vec::new());
    for format in XML_FORMATS {
        let path = dir.path().join(format!("empty.{}", extension(format)));
        std::fs::write(&path, write(format, &empty, &options()).0).unwrap();
        validate(format, &[path]);
    }
}

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]
    /// Readers never panic: a written file, cut, with a span deleted and a hostile piece
    /// inserted, is read as a bitext or refused with an error that says where (XML).
    #[test]
    fn readers_never_panic_on_damaged_files(
        format in prop::sample::select(Format::ALL.to_vec()),
        cut in 0.0f64..=1.0,
        hole in (0.0f64..=1.0, 0usize..40),
        insert in (0.0f64..=1.0, hostile_text()),
    ) {
        let (bytes, _) = write(format, &realistic(), &lossless());
        let mut text = String::from_utf8(bytes).unwrap();
        let at = |text: &str, f: f64| {
            let mut i = (text.len() as f64 * f) as usize;
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = at(&text, hole.0);
        let end = at(&text, ((start + hole.1) as f64 / text.len().max(1) as f64).min(1.0));
        if end > start {
            text.replace_range(start..end, "");
        }
        let i = at(&text, insert.0);
        text.insert_str(i, &insert.1);
        let i = at(&text, cut.max(0.5));
        text.truncate(i);
        if let Err(e) = read(format, text.as_bytes()) {
            if matches!(format, Format::Tmx | Format::Xliff12 | Format::Xliff2) {
                prop_assert!(e.line.is_some(), "{format} error without a line: {e}");
            }
        }
    }
}

/// Issue 14, row 8: a TM built from qarin's XLIFF 1.2 by translate-toolkit (`xliff2po`,
/// then `po2tmx`) holds the confident, unflagged pairs and never an Arabic source paired
/// with itself; `original` is the file's name, not where it sat on a disk; the TMX has no
/// DOCTYPE naming a DTD that is not there.
#[test]
fn a_tm_made_from_the_xliff_pairs_only_confident_translations() {
    let mut b = realistic();
    b.source.origin = Some("/home/desk/news/2022-11-14/ar.txt".into());
    let mut opts = options();
    opts.findings = vec![finding(Some(1), Severity::Error, "spelled Peskof")];
    let xliff = String::from_utf8(write(Format::Xliff12, &b, &opts).0).unwrap();
    assert!(xliff.contains("original=\"ar.txt\""), "{xliff}");
    let tmx = String::from_utf8(write(Format::Tmx, &b, &opts).0).unwrap();
    assert!(!tmx.contains("<!DOCTYPE"), "{tmx}");
    // What should reach the TM: pairs scored at least the threshold with no warning or
    // error, each side as the writer cleans it.
    let mut want: Vec<Pair> = b
        .links
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            !l.src.is_empty()
                && !l.tgt.is_empty()
                && l.score >= opts.review_below
                && !opts.findings.iter().any(|f| f.link == Some(*i as u32))
        })
        .map(|(_, l)| {
            (
                expected_text(&b.source, &l.src),
                expected_text(&b.target, &l.tgt),
            )
        })
        .collect();
    // A PO file holds a source once: repeated pairs become one.
    want.sort();
    want.dedup();
    assert!(want.len() >= 2, "the bitext has confident pairs");
    if !translate_toolkit_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (xlf, po, tm) = (
        dir.path().join("r.xlf"),
        dir.path().join("r.po"),
        dir.path().join("r.tmx"),
    );
    std::fs::write(&xlf, &xliff).unwrap();
    for (tool, from, to, extra) in [
        ("xliff2po", &xlf, &po, None),
        (
            "po2tmx",
            &po,
            &tm,
            Some(["--source-language=ar", "--language=en"]),
        ),
    ] {
        let mut cmd = Command::new(tool);
        cmd.arg(from).arg(to);
        if let Some(extra) = extra {
            cmd.args(extra);
        }
        let out = cmd.output().unwrap_or_else(|e| panic!("{tool}: {e}"));
        assert!(
            out.status.success(),
            "{tool}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut got: Vec<Pair> = tt_pairs(&[(Format::Tmx, tm)]).remove(0);
    got.sort();
    assert!(
        got.iter().all(|(s, t)| s != t),
        "a source paired with itself: {got:?}"
    );
    assert_eq!(got, want);
}

/// Issue 14, row 8, both ways of saying "no translation" in XLIFF 1.2: no `<target>` (what
/// qarin writes) and an empty `<target state="new">`. Both validate against the strict
/// schema, translate-toolkit makes the same PO and the same TM of both (the unit
/// untranslated, never the source paired with itself), and qarin reads both back as a
/// source with no translation.
#[test]
fn no_target_and_an_empty_new_target_are_both_untranslated() {
    let b = realistic();
    let opts = options();
    let without = String::from_utf8(write(Format::Xliff12, &b, &opts).0).unwrap();
    // Link 5 is the 1-0 one: give it the other form.
    let start = without.find("<trans-unit id=\"5\"").unwrap();
    let source_end = start + without[start..].find("</source>").unwrap() + "</source>".len();
    let mut with_new = without.clone();
    with_new.insert_str(source_end, "<target state=\"new\"></target>");
    assert!(!without[start..]
        .split("</trans-unit>")
        .next()
        .unwrap()
        .contains("<target"));
    for text in [&without, &with_new] {
        let back = read(Format::Xliff12, text.as_bytes()).unwrap();
        let link = &back.links[4];
        assert_eq!((link.src.len(), link.tgt.len()), (1, 0), "{link:?}");
    }
    if !xmllint_ok() || !translate_toolkit_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut made = Vec::new();
    for (name, text) in [("without", &without), ("new", &with_new)] {
        let xlf = dir.path().join(format!("{name}.xlf"));
        let po = dir.path().join(format!("{name}.po"));
        let tm = dir.path().join(format!("{name}.tmx"));
        std::fs::write(&xlf, text).unwrap();
        validate(Format::Xliff12, std::slice::from_ref(&xlf));
        for (tool, from, to, extra) in [
            ("xliff2po", &xlf, &po, &[][..]),
            (
                "po2tmx",
                &po,
                &tm,
                &["--source-language=ar", "--language=en"][..],
            ),
        ] {
            let out = Command::new(tool)
                .arg(from)
                .arg(to)
                .args(extra)
                .output()
                .unwrap_or_else(|e| panic!("{tool}: {e}"));
            assert!(
                out.status.success(),
                "{tool} on {name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // The PO without its header date, which differs between runs.
        let po_text: String = std::fs::read_to_string(&po)
            .unwrap()
            .lines()
            .filter(|l| !l.contains("-Date:"))
            .collect::<Vec<_>>()
            .join("\n");
        let pairs = tt_pairs(&[(Format::Tmx, tm)]).remove(0);
        assert!(
            pairs.iter().all(|(s, t)| s != t && !t.is_empty()),
            "{pairs:?}"
        );
        made.push((po_text, pairs));
    }
    let source = expected_text(&b.source, &b.links[4].src);
    assert!(
        made[0]
            .0
            .contains(&format!("msgid \"{source}\"\nmsgstr \"\"")),
        "untranslated in the PO: {}",
        made[0].0
    );
    assert_eq!(
        made[0], made[1],
        "translate-toolkit reads the two forms alike"
    );
}
