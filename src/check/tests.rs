//! One bitext per case: Arabic and English sentences linked 1-1 in order, checked against
//! a small glossary written as TSV, the way users write theirs.

use super::*;
use crate::glossary::{parse_str, FileFormat};
use crate::model::Document;
use std::path::Path;

const GLOSSARY: &str = "\
id\tkind\tar\ten\ten_alt\ten_forbidden\tnote\tignore
sergei-naryshkin\tperson\tسيرغي ناريشكين|ناريشكين\tSergei Naryshkin\tNaryshkin\t\t\t
dmitry-peskov\tperson\tدميتري بيسكوف|بيسكوف\tDmitry Peskov\tPeskov|Dmitri Peskov\tPeskof\t\t
william-burns\tperson\tوليام بيرنز|بيرنز\tWilliam Burns\tBurns|Bill Burns\t\t\t
sergei-lavrov\tperson\tسيرغي لافروف|لافروف\tSergei Lavrov\tLavrov\t\t\t
sergei-ryabkov\tperson\tسيرغي ريابكوف|ريابكوف\tSergei Ryabkov\tRyabkov\t\t\t
kyiv\tplace\tكييف\tKyiv\t\tKiev\t\t
russia\tplace\tروسيا\tRussia\t\t\t\t
ankara\tplace\tأنقرة\tAnkara\t\t\t\tname-missing
germany\tplace\tألمانيا\tGermany\t\t\t\t
congress\torg\tالكونغرس\tCongress\t\t\t\t
icj\torg\tمحكمة العدل الدولية\tInternational Court of Justice\tICJ\t\t\t
eu\torg\tالاتحاد الأوروبي\tEuropean Union\tEU\t\t\t
brexit\tterm\tخروج بريطانيا من الاتحاد الأوروبي\tBrexit\t\t\t\t
nuclear-weapons\tterm\tالأسلحة النووية\tnuclear weapons\t\t\t\t
";

fn glossary() -> Glossary {
    let checked = parse_str(GLOSSARY, FileFormat::Tsv, Path::new("test.tsv"));
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    checked.glossary
}

fn bitext(pairs: &[(&str, &str)]) -> Bitext {
    let ar: Vec<&str> = pairs.iter().map(|p| p.0).collect();
    let en: Vec<&str> = pairs.iter().map(|p| p.1).collect();
    Bitext {
        source: Document::from_sentences(Lang::arabic(), &ar),
        target: Document::from_sentences(Lang::english(), &en),
        links: (0..pairs.len() as u32)
            .map(|i| Link::new(i..i + 1, i..i + 1, 0.9))
            .collect(),
        verdict: None,
    }
}

fn run(pairs: &[(&str, &str)]) -> Vec<Finding> {
    check(&bitext(pairs), &glossary(), &CheckConfig::default())
}

fn of_rule<'f>(findings: &'f [Finding], rule: &str) -> Vec<&'f Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

fn pair(f: &Finding) -> (&str, &str) {
    (
        f.expected.as_deref().unwrap_or(""),
        f.found.as_deref().unwrap_or(""),
    )
}

#[test]
fn a_forbidden_variant_that_is_another_name_is_forbidden() {
    let findings = run(&[("قالت كييف إنها", "Kiev said it")]);
    let forbidden = of_rule(&findings, NAME_FORBIDDEN);
    assert_eq!(forbidden.len(), 1, "{findings:?}");
    assert_eq!(pair(forbidden[0]), ("Kyiv", "Kiev"));
    assert_eq!(forbidden[0].severity, Severity::Error);
}

#[test]
fn a_forbidden_variant_that_is_a_spelling_slip_is_misspelled() {
    let findings = run(&[("قال دميتري بيسكوف", "Dmitry Peskof said")]);
    let misspelled = of_rule(&findings, NAME_MISSPELLED);
    assert_eq!(misspelled.len(), 1, "{findings:?}");
    assert_eq!(pair(misspelled[0]), ("Peskov", "Peskof"));
    assert!(of_rule(&findings, NAME_FORBIDDEN).is_empty());
}

#[test]
fn misspellings_no_glossary_lists_are_caught() {
    for (english, found) in [
        ("Sergei Narishkin met him.", "Narishkin"),
        ("Sergei Naryshkine met him.", "Naryshkine"),
        ("Mr Naryschkin met him.", "Naryschkin"),
        ("Narishkin's office said so.", "Narishkin"),
        ("A Narishkin-led delegation came.", "Narishkin"),
    ] {
        let findings = run(&[("التقى سيرغي ناريشكين به", english)]);
        let misspelled = of_rule(&findings, NAME_MISSPELLED);
        assert_eq!(misspelled.len(), 1, "{english}: {findings:?}");
        assert_eq!(pair(misspelled[0]), ("Naryshkin", found), "{english}");
        assert_eq!(misspelled[0].entity.as_deref(), Some("sergei-naryshkin"));
        assert!(of_rule(&findings, NAME_MISSING).is_empty(), "{english}");
    }
}

#[test]
fn correct_forms_possessives_and_arabic_clitics_give_nothing() {
    let findings = run(&[
        ("وناريشكين قال", "Naryshkin's statement"),
        ("ولبيرنز رأي", "Bill Burns has a view"),
        ("وقال بيسكوف", "Dmitri Peskov said"),
    ]);
    let names: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule.starts_with("name-"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn another_person_with_a_similar_name_is_not_a_misspelling() {
    // The source names Lavrov; the target names Ryabkov, who shares the first name.
    let findings = run(&[("قال سيرغي لافروف", "Sergei Ryabkov said")]);
    assert!(
        of_rule(&findings, NAME_MISSPELLED).is_empty(),
        "{findings:?}"
    );
    let missing = of_rule(&findings, NAME_MISSING);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].entity.as_deref(), Some("sergei-lavrov"));
    // Peskova (his daughter) is a derived name, not a slip of Peskov.
    let findings = run(&[("قال بيسكوف", "Yelizaveta Peskova said")]);
    assert!(
        of_rule(&findings, NAME_MISSPELLED).is_empty(),
        "{findings:?}"
    );
}

#[test]
fn a_name_rendered_by_description_is_missing_with_the_short_form_expected() {
    let findings = run(&[(
        "وأضاف أن بيرنز لا يجري",
        "He added that the CIA chief is not",
    )]);
    let missing = of_rule(&findings, NAME_MISSING);
    assert_eq!(missing.len(), 1, "{findings:?}");
    assert_eq!(missing[0].severity, Severity::Warning);
    assert_eq!(pair(missing[0]), ("Burns", ""));
}

#[test]
fn derived_words_and_other_names_are_not_missing() {
    let findings = run(&[
        ("القوات المدعومة من روسيا", "Russian-backed forces"),
        ("فريق آدم كييف", "Adam Keefe's men"),
        ("عضوة بالكونغرس", "a congresswoman"),
        (
            "من محكمة العدل الدولية",
            "by the international court of justice",
        ),
        ("إخلاء كوريا من الأسلحة النووية", "denuclearization of Korea"),
        (
            "نحو الانسحاب من الاتحاد الأوروبي",
            "ploughing towards a Brexit",
        ),
    ]);
    assert!(of_rule(&findings, NAME_MISSING).is_empty(), "{findings:?}");
    // An adjective is not a misspelled country.
    let findings = run(&[("الحكومة الألمانية في ألمانيا", "the German government")]);
    assert!(
        of_rule(&findings, NAME_MISSPELLED).is_empty(),
        "{findings:?}"
    );
}

#[test]
fn the_glossary_ignore_column_silences_one_rule_for_one_entity() {
    let findings = run(&[("في أنقرة", "in the Turkish capital")]);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn one_glossary_name_spelled_two_ways_is_inconsistent() {
    // Both spellings are allowed, but a text should pick one.
    let findings = run(&[
        ("قال دميتري بيسكوف", "Dmitry Peskov said"),
        ("وأضاف بيسكوف", "Dmitry Peskov added"),
        ("وتابع دميتري بيسكوف", "Dmitri Peskov went on"),
    ]);
    let inconsistent = of_rule(&findings, NAME_INCONSISTENT);
    assert_eq!(inconsistent.len(), 1, "{findings:?}");
    let f = inconsistent[0];
    assert_eq!(pair(f), ("Dmitry", "Dmitri"));
    assert_eq!(f.target.as_ref().map(|t| t.index), Some(2));
    assert!(
        // Rows as every view numbers them, from 1 (here one link per sentence).
        f.message.contains("#1, #2") && f.message.contains("#3"),
        "{}",
        f.message
    );
}

#[test]
fn unlisted_names_are_paired_through_transliteration_and_clustered() {
    let findings = check(
        &bitext(&[
            ("قال رودينكو إن", "Rudenko said that"),
            ("وأضاف رودينكو", "Rudenko added"),
            ("وتابع ورودينكو", "Roudenko went on"),
        ]),
        &Glossary::default(),
        &CheckConfig::default(),
    );
    let inconsistent = of_rule(&findings, NAME_INCONSISTENT);
    assert_eq!(inconsistent.len(), 1, "{findings:?}");
    assert_eq!(pair(inconsistent[0]), ("Rudenko", "Roudenko"));
    assert_eq!(inconsistent[0].entity.as_deref(), Some("unlisted-rudenko"));
    assert_eq!(inconsistent[0].source.as_ref().map(|s| s.index), Some(2));
}

#[test]
fn two_people_with_near_first_names_are_not_one_name() {
    let findings = check(
        &bitext(&[
            (
                "تصدى الحارس ألان ماكجريجور",
                "goalkeeper Allan McGregor saved",
            ),
            ("لكن المدافع آلان ليثجو", "but defender Alan Lithgow"),
        ]),
        &Glossary::default(),
        &CheckConfig::default(),
    );
    assert!(
        of_rule(&findings, NAME_INCONSISTENT).is_empty(),
        "{findings:?}"
    );
}

#[test]
fn numbers_latin_tokens_and_low_links() {
    let mut b = bitext(&[
        ("قتل 12 شخصا", "killed 13 people"),
        ("قالت قناة NTV", "the broadcaster said"),
        ("وقالت CNN", "CNN said"),
    ]);
    b.links[2].score = 0.1;
    let findings = check(&b, &Glossary::default(), &CheckConfig::default());
    let numbers = of_rule(&findings, NUMBER_MISMATCH);
    assert_eq!(numbers.len(), 1, "{findings:?}");
    assert_eq!(numbers[0].expected.as_deref(), Some("12"));
    let latin = of_rule(&findings, LATIN_TOKEN_MISSING);
    assert_eq!(latin.len(), 1, "{findings:?}");
    assert_eq!(latin[0].expected.as_deref(), Some("NTV"));
    let low = of_rule(&findings, ALIGNMENT_LOW);
    assert_eq!(low.len(), 1);
    assert_eq!(low[0].severity, Severity::Info);
    assert_eq!(low[0].link, Some(2));
}

#[test]
fn summary_counts_by_rule_and_severity() {
    let findings = run(&[("قالت كييف", "Kiev said"), ("قال بيرنز", "he said")]);
    let summary = Summary::of(&findings);
    assert_eq!(summary.total, findings.len());
    assert_eq!(summary.errors, 1);
    assert_eq!(summary.warnings, 1);
    assert_eq!(summary.by_rule.get(NAME_FORBIDDEN), Some(&1));
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["by_rule"]["name-missing"], 1);
}

#[test]
fn every_rule_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/check.md"))
        .expect("docs/check.md");
    for rule in RULES {
        assert!(
            doc.contains(&format!("`{}`", rule.id)),
            "{} not in docs/check.md",
            rule.id
        );
    }
}
