//! The name checker on the Ankara sample: the clean translation has no error, the one with
//! injected errors has every error of its oracle (`en-inconsistent.errors.tsv`) and nothing
//! else at error level. The bitext is built from the gold split and links, so these tests
//! measure the checker, not the segmenter or the aligner; the CLI tests run the whole way.

use qarin::check::{check, check_report, Baseline, CheckConfig};
use qarin::glossary::Glossary;
use qarin::model::{Bitext, Document, Finding, Lang, Link, Severity};
use std::path::Path;
use std::process::Command;

const SAMPLE: &str = "samples/ankara-2022-11-14";

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(SAMPLE).join(name)).unwrap()
}

fn lines(name: &str) -> Vec<String> {
    read(name).lines().map(str::to_string).collect()
}

/// `[14, 15]:[12]` lines into links.
fn gold_links() -> Vec<Link> {
    let parse = |side: &str| -> std::ops::Range<u32> {
        let inner = side.trim().trim_start_matches('[').trim_end_matches(']');
        let ids: Vec<u32> = inner
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse().unwrap())
            .collect();
        match (ids.first(), ids.last()) {
            (Some(&a), Some(&b)) => a..b + 1,
            _ => 0..0,
        }
    };
    read("ar-en.links")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (src, tgt) = l.split_once(':').unwrap();
            Link::new(parse(src), parse(tgt), 1.0)
        })
        .collect()
}

fn sample_bitext(english: &str) -> Bitext {
    Bitext {
        source: Document::from_sentences(Lang::arabic(), &lines("ar.sent")),
        target: Document::from_sentences(Lang::english(), &lines(english)),
        links: gold_links(),
        verdict: None,
    }
}

fn describe(f: &Finding) -> String {
    format!(
        "{} {:?} expected {:?} found {:?} en {:?}: {}",
        f.rule,
        f.entity,
        f.expected,
        f.found,
        f.target.as_ref().map(|t| t.index),
        f.message
    )
}

#[test]
fn clean_translation_has_no_error() {
    let findings = check(
        &sample_bitext("en.sent"),
        Glossary::builtin(),
        &CheckConfig::default(),
    );
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(describe)
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

struct Expected {
    rule: String,
    entity: String,
    expected: String,
    found: String,
    sentence: u32,
}

fn oracle() -> Vec<Expected> {
    let text = read("en-inconsistent.errors.tsv");
    let mut rows = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = rows.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (rule, entity, expected, found, sentence) = (
        col("rule"),
        col("entity"),
        col("expected"),
        col("found"),
        col("en_sentence"),
    );
    rows.map(|row| {
        let cells: Vec<&str> = row.split('\t').collect();
        Expected {
            rule: cells[rule].into(),
            entity: cells[entity].into(),
            expected: cells[expected].into(),
            found: cells[found].into(),
            sentence: cells[sentence].parse().unwrap(),
        }
    })
    .collect()
}

#[test]
fn every_injected_error_is_found_and_nothing_else_is_an_error() {
    let findings = check(
        &sample_bitext("en-inconsistent.sent"),
        Glossary::builtin(),
        &CheckConfig::default(),
    );
    let oracle = oracle();
    assert!(oracle.len() >= 5, "the oracle lists the injected errors");
    let all: Vec<String> = findings.iter().map(describe).collect();
    for want in &oracle {
        let hit = findings.iter().find(|f| {
            f.rule == want.rule
                && f.entity.as_deref() == Some(want.entity.as_str())
                && f.target.as_ref().map(|t| t.index) == Some(want.sentence)
        });
        let Some(hit) = hit else {
            panic!(
                "missed {} {} in en {}; found:\n{}",
                want.rule,
                want.entity,
                want.sentence,
                all.join("\n")
            );
        };
        assert_eq!(
            hit.expected.as_deref(),
            Some(want.expected.as_str()),
            "{}",
            describe(hit)
        );
        let found = (!want.found.is_empty()).then_some(want.found.as_str());
        assert_eq!(hit.found.as_deref(), found, "{}", describe(hit));
    }
    let extra: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| {
            !oracle.iter().any(|want| {
                f.rule == want.rule
                    && f.entity.as_deref() == Some(want.entity.as_str())
                    && f.target.as_ref().map(|t| t.index) == Some(want.sentence)
            })
        })
        .map(describe)
        .collect();
    assert!(
        extra.is_empty(),
        "errors not in the oracle:\n{}",
        extra.join("\n")
    );
}

#[test]
fn a_baseline_of_the_findings_silences_them_all() {
    let bitext = sample_bitext("en-inconsistent.sent");
    let first = check_report(&bitext, Glossary::builtin(), &CheckConfig::default());
    assert!(first.summary.errors > 0);
    let json = serde_json::to_string(&first).unwrap();
    let config = CheckConfig {
        baseline: Some(Baseline::from_json(&json).unwrap()),
        ..CheckConfig::default()
    };
    let second = check_report(&bitext, Glossary::builtin(), &config);
    assert!(second.findings.is_empty(), "{:?}", second.findings);
    assert_eq!(second.summary.suppressed_by_baseline, first.findings.len());
}

#[test]
fn ignored_rules_are_not_reported() {
    let config = CheckConfig {
        ignore: vec!["name-misspelled".into(), "name-inconsistent".into()],
        ..CheckConfig::default()
    };
    let findings = check(
        &sample_bitext("en-inconsistent.sent"),
        Glossary::builtin(),
        &config,
    );
    assert!(findings
        .iter()
        .all(|f| f.rule != "name-misspelled" && f.rule != "name-inconsistent"));
    assert!(findings.iter().any(|f| f.rule == "name-forbidden"));
}

#[test]
fn findings_come_in_document_order() {
    let findings = check(
        &sample_bitext("en-inconsistent.sent"),
        Glossary::builtin(),
        &CheckConfig::default(),
    );
    let links: Vec<u32> = findings.iter().filter_map(|f| f.link).collect();
    assert!(links.windows(2).all(|w| w[0] <= w[1]), "{links:?}");
}

fn qarin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_qarin"))
}

/// Runs `qarin check … --format json`, checks the exit status and parses the output.
fn check_json(cmd: &mut Command, status: i32) -> serde_json::Value {
    let out = cmd.args(["--format", "json"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(status), "{err}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn cli_exit_status_says_whether_there_is_an_error() {
    let dir = Path::new(SAMPLE);
    let json = check_json(
        qarin()
            .args(["check", "--segmented"])
            .arg(dir.join("ar.sent"))
            .arg(dir.join("en-inconsistent.sent")),
        1,
    );
    let findings = json["findings"].as_array().unwrap();
    let first = &findings[0];
    for key in [
        "rule", "severity", "message", "entity", "expected", "found", "source", "target",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert!(json["summary"]["errors"].as_u64().unwrap() > 0);
    assert!(findings
        .iter()
        .any(|f| f["rule"] == "name-forbidden" && f["found"] == "Kiev"));

    let good = qarin()
        .args(["check", "--segmented"])
        .arg(dir.join("ar.sent"))
        .arg(dir.join("en.sent"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&good.stdout);
    assert_eq!(good.status.code(), Some(0), "{out}");
    assert!(!out.contains('\x1b'), "no colour when not on a terminal");
    assert!(out.lines().last().unwrap().contains("0 errors"), "{out}");
}

#[test]
fn cli_rejects_an_unknown_rule_and_a_bad_baseline_with_status_2() {
    let dir = Path::new(SAMPLE);
    let unknown = qarin()
        .args(["check", "--segmented", "--ignore", "name-mispelled"])
        .arg(dir.join("ar.sent"))
        .arg(dir.join("en.sent"))
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("name-misspelled"));

    let tmp = tempfile::tempdir().unwrap();
    let baseline = tmp.path().join("accepted.json");
    std::fs::write(&baseline, "not json").unwrap();
    let bad = qarin()
        .args(["check", "--segmented", "--baseline"])
        .arg(&baseline)
        .arg(dir.join("ar.sent"))
        .arg(dir.join("en.sent"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("accepted.json:1:"), "{err}");
}

#[test]
fn cli_checks_a_translation_memory_as_one_bitext() {
    use qarin::formats::{writer, ExportOptions, Format};
    let tmp = tempfile::tempdir().unwrap();
    let tmx = tmp.path().join("memory.tmx");
    let mut bytes = Vec::new();
    writer(Format::Tmx, &ExportOptions::default())
        .write(&sample_bitext("en-inconsistent.sent"), &mut bytes)
        .unwrap();
    std::fs::write(&tmx, bytes).unwrap();
    let json = check_json(qarin().arg("check").arg(&tmx), 1);
    let findings = json["findings"].as_array().unwrap();
    for (rule, found) in [
        ("name-forbidden", "Kiev"),
        ("name-misspelled", "Peskof"),
        ("name-inconsistent", "Narishkin"),
    ] {
        assert!(
            findings
                .iter()
                .any(|f| f["rule"] == rule && f["found"] == found),
            "{rule} {found} not in {findings:?}"
        );
    }

    let unknown = tmp.path().join("memory.docx");
    std::fs::write(&unknown, "x").unwrap();
    let bad = qarin().arg("check").arg(&unknown).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains(".tmx"));
}

#[test]
fn cli_pairs_two_folders_by_file_name() {
    let tmp = tempfile::tempdir().unwrap();
    let (ar, en) = (tmp.path().join("ar"), tmp.path().join("en"));
    std::fs::create_dir_all(&ar).unwrap();
    std::fs::create_dir_all(&en).unwrap();
    for (name, english) in [("clean", "en.sent"), ("injected", "en-inconsistent.sent")] {
        std::fs::write(ar.join(name), read("ar.sent")).unwrap();
        std::fs::write(en.join(name), read(english)).unwrap();
    }
    let json = check_json(qarin().args(["check", "--segmented"]).arg(&ar).arg(&en), 1);
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs[0]["source"].as_str().unwrap().ends_with("clean"));
    assert_eq!(docs[0]["summary"]["errors"], 0);
    assert!(docs[1]["summary"]["errors"].as_u64().unwrap() > 0);
    assert_eq!(json["summary"]["errors"], docs[1]["summary"]["errors"]);

    std::fs::remove_file(en.join("clean")).unwrap();
    let missing = qarin()
        .args(["check", "--segmented"])
        .arg(&ar)
        .arg(&en)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no translation named clean"));
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Words that exercise every rule: glossary names and their misspellings, clitics,
    /// numbers in both digit systems, Latin tokens, markup and punctuation.
    const PIECES: &[&str] = &[
        "بيسكوف",
        "وناريشكين",
        "كييف",
        "الولايات المتحدة",
        "روسيا",
        "ألان",
        "رودينكو",
        "١٤/١١/٢٠٢٢",
        "2.8 مليار",
        "و2.6",
        "300 ألف",
        "NTV",
        "<seg id=\"1\">",
        "Peskov",
        "Peskof",
        "Narishkin",
        "Kiev",
        "Kyiv",
        "Alan",
        "Allan",
        "Rudenko",
        "Roudenko",
        "£2.8bn",
        "Twenty",
        "1950-53",
        "Russian-backed",
        "Burns's",
        "the",
        "said",
        "،",
        ".",
        "\"",
        "-",
        "’s",
        "٫",
        "",
    ];

    fn sentence() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|w| w.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_bitext_gives_findings_that_point_into_it(
            ar in prop::collection::vec(sentence(), 0..6),
            en in prop::collection::vec(sentence(), 0..6),
            cuts in prop::collection::vec((0u32..8, 0u32..8, 0.0f32..1.0), 0..6),
        ) {
            // Links as a reader might produce them, in range or not.
            let links = cuts
                .iter()
                .map(|&(s, t, score)| Link::new(s..s + 1, t..t + (t % 2), score))
                .collect();
            let bitext = Bitext {
                source: Document::from_sentences(Lang::arabic(), &ar),
                target: Document::from_sentences(Lang::english(), &en),
                links,
                verdict: None,
            };
            let report = check_report(&bitext, Glossary::builtin(), &CheckConfig::default());
            prop_assert_eq!(report.summary.total, report.findings.len());
            for f in &report.findings {
                if let Some(s) = &f.source {
                    prop_assert_eq!(&ar[s.index as usize].trim(), &s.text.as_str());
                }
                if let Some(t) = &f.target {
                    prop_assert_eq!(&en[t.index as usize].trim(), &t.text.as_str());
                }
            }
        }
    }
}

/// One Arabic sentence and its English, linked 1-1, checked with the built-in glossary.
fn check_pair(ar: &str, en: &str) -> Vec<Finding> {
    let bitext = Bitext {
        source: Document::from_sentences(Lang::arabic(), &[ar]),
        target: Document::from_sentences(Lang::english(), &[en]),
        links: vec![Link::new(0..1, 0..1, 1.0)],
        verdict: None,
    };
    check(&bitext, Glossary::builtin(), &CheckConfig::default())
}

fn serious(findings: &[Finding]) -> Vec<(&str, Option<&str>)> {
    findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| (f.rule.as_str(), f.found.as_deref()))
        .collect()
}

#[test]
fn nationality_adjectives_match_countries_both_ways_with_clitics() {
    // والإندونيسية (and the Indonesian …) for Indonesia, إندونيسيا for Indonesian.
    let ar = "التقى وزير الخارجية بنظيرته والإندونيسية في جاكرتا.";
    assert!(serious(&check_pair(
        ar,
        "The minister met his Indonesian counterpart in Jakarta."
    ))
    .is_empty());
    assert!(serious(&check_pair(
        "زار الرئيس إندونيسيا.",
        "The president paid an Indonesian state visit."
    ))
    .is_empty());
    assert!(serious(&check_pair(
        "زار الرئيس إندونيسيا.",
        "The president visited Indonesia."
    ))
    .is_empty());
    let slip = check_pair(
        ar,
        "The minister met his Indunesian counterpart in Jakarta.",
    );
    assert!(
        slip.iter()
            .any(|f| f.rule == "name-misspelled" && f.found.as_deref() == Some("Indunesian")),
        "{slip:?}"
    );
}

#[test]
fn a_misspelling_inside_a_longer_name_is_found() {
    let ar = "ذكرت صحيفة ساوث تشاينا مورنينغ بوست أن الاجتماع انتهى.";
    assert!(serious(&check_pair(
        ar,
        "The South China Morning Post said the meeting ended."
    ))
    .is_empty());
    let slip = check_pair(ar, "The South Chinna Morning Post said the meeting ended.");
    assert!(
        slip.iter().any(|f| f.found.as_deref() == Some("Chinna")
            && matches!(f.severity, Severity::Error | Severity::Warning)),
        "{slip:?}"
    );
}

#[test]
fn a_correct_rare_name_is_left_alone_and_its_slip_is_not() {
    // Valderrama is in no glossary and no word list, and renders فالديراما.
    let ar = "قال المدرب كارلوس فالديراما إن الفريق مستعد.";
    assert!(serious(&check_pair(
        ar,
        "Coach Carlos Valderrama said the team was ready."
    ))
    .is_empty());
    // A translated word of a name misspelled: no Arabic word is its transliteration.
    let assembly = check_pair(
        "قالت الجمعية الوطنية إن القرار نهائي.",
        "The National Asembly said the decision was final.",
    );
    assert!(
        assembly
            .iter()
            .any(|f| f.rule == "name-spelling" && f.expected.as_deref() == Some("Assembly")),
        "{assembly:?}"
    );
}

#[test]
fn cli_word_list_adds_the_desk_s_words_and_names_a_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let ar = dir.path().join("ar.sent");
    let en = dir.path().join("en.sent");
    std::fs::write(&ar, "قالت الجمعية الوطنية إن القرار نهائي.\n").unwrap();
    std::fs::write(&en, "The National Asembly said the decision was final.\n").unwrap();
    let spelling = |json: &serde_json::Value| -> Vec<String> {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "name-spelling")
            .map(|f| f["found"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let base = || {
        let mut cmd = qarin();
        cmd.args(["check", "--segmented"]).arg(&ar).arg(&en);
        cmd
    };
    // The built-in list knows Assembly, not Asembly: a slip.
    assert_eq!(spelling(&check_json(&mut base(), 0)), ["Asembly"]);
    // A desk that writes the word so (a list of its own, one word per line) is not told.
    let desk = dir.path().join("desk.txt");
    std::fs::write(&desk, "# our names\nAsembly\n").unwrap();
    let json = check_json(base().arg("--word-list").arg(&desk), 0);
    assert!(spelling(&json).is_empty(), "{json}");
    // Without the built-in list nothing is one slip from a known word.
    let json = check_json(base().arg("--no-default-word-list"), 0);
    assert!(spelling(&json).is_empty(), "{json}");
    // A bad line: exit 2, the file and line named, and what to do.
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "Kavanaugh\nNew York\n").unwrap();
    let out = base().arg("--word-list").arg(&bad).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("bad.txt:2"), "{err}");
    assert!(err.contains("one word per line"), "{err}");
    // A missing file is named too.
    let out = base()
        .arg("--word-list")
        .arg(dir.path().join("none.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("none.txt"));
}

/// Two sentences linked 1-1, checked with the built-in glossary.
fn check_two(ar: [&str; 2], en: [&str; 2]) -> Vec<Finding> {
    let bitext = Bitext {
        source: Document::from_sentences(Lang::arabic(), &ar),
        target: Document::from_sentences(Lang::english(), &en),
        links: vec![Link::new(0..1, 0..1, 1.0), Link::new(1..2, 1..2, 1.0)],
        verdict: None,
    };
    check(&bitext, Glossary::builtin(), &CheckConfig::default())
}

#[test]
fn a_slip_is_found_by_the_spelling_the_document_uses_elsewhere_or_by_odd_letters() {
    // "Citizen" is written right in the first sentence; its slip in the second is a slip
    // even though no Arabic word is its transliteration.
    let found = check_two(
        [
            "نظم مهرجان المواطن العالمي حفلا في نيويورك.",
            "وقال مهرجان المواطن العالمي إنه جمع الملايين.",
        ],
        [
            "Global Citizen held a concert in New York.",
            "Global Citiezn said it had raised millions.",
        ],
    );
    let slip = found
        .iter()
        .find(|f| f.rule == "name-spelling" && f.found.as_deref() == Some("Citiezn"))
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(slip.expected.as_deref(), Some("Citizen"));
    assert!(
        slip.message.contains("elsewhere in this document"),
        "{}",
        slip.message
    );
    // A name whose slip the transliteration cannot see (the vowels moved), but whose
    // letters no English word has: Mayrland for ماريلاند.
    let odd = check_pair(
        "قال الأستاذ في بيثيسدا بولاية ماريلاند إن اللقاح واعد.",
        "The professor in Bethesda, Mayrland, said the vaccine was promising.",
    );
    assert!(
        odd.iter()
            .any(|f| f.found.as_deref() == Some("Mayrland")
                && f.expected.as_deref() == Some("Maryland")),
        "{odd:?}"
    );
    // Written right, neither is reported.
    let clean = check_pair(
        "قال الأستاذ في بيثيسدا بولاية ماريلاند إن اللقاح واعد.",
        "The professor in Bethesda, Maryland, said the vaccine was promising.",
    );
    assert!(serious(&clean).is_empty(), "{clean:?}");
}
