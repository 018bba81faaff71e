use super::*;
use crate::model::{Document, Lang, Link};
use std::path::Path;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn folders_pair_by_name_and_report_names_on_one_side_only() {
    let p = pair_by_name(
        Path::new("ar"),
        Path::new("en"),
        &names(&["b.txt", "a.txt", "only-ar.txt"]),
        &names(&["a.txt", "only-en.txt", "b.txt"]),
    );
    let ids: Vec<&str> = p.pairs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a.txt", "b.txt"]);
    assert_eq!(p.pairs[0].source, Path::new("ar/a.txt"));
    assert_eq!(p.pairs[0].target, Path::new("en/a.txt"));
    assert_eq!(p.source_only, ["only-ar.txt"]);
    assert_eq!(p.target_only, ["only-en.txt"]);
}

#[test]
fn manifest_paths_are_relative_to_it_and_ids_default_to_the_file_name() {
    let text =
        "source\ttarget\tid\n# a comment\n\nar/1.txt\ten/1.txt\n/abs/2.ar\t/abs/2.en\tsecond\n";
    let pairs = parse_manifest(text, Path::new("jobs/manifest.tsv")).unwrap();
    assert_eq!(pairs.len(), 2);
    assert_eq!(pairs[0].id, "1.txt");
    assert_eq!(pairs[0].source, Path::new("jobs/ar/1.txt"));
    assert_eq!(pairs[1].id, "second");
    assert_eq!(pairs[1].target, Path::new("/abs/2.en"));
}

#[test]
fn manifest_errors_name_file_line_and_column() {
    let text = "a.ar\ta.en\nonly-one-column\nx.ar\t\n1.ar\t1.en\ta.ar\n";
    let problems: Vec<String> = parse_manifest(text, Path::new("m.tsv"))
        .unwrap_err()
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].starts_with("m.tsv:2:1:"), "{}", problems[0]);
    assert!(problems[0].contains("found 1"), "{}", problems[0]);
    assert!(problems[1].starts_with("m.tsv:3:6:"), "{}", problems[1]);
    assert!(problems[2].starts_with("m.tsv:4:11:"), "{}", problems[2]);
    assert!(
        problems[2].contains("already used on line 1"),
        "{}",
        problems[2]
    );
}

fn bitext(pairs: &[(&str, &str)], score: f32) -> Bitext {
    let src: Vec<&str> = pairs.iter().map(|p| p.0).collect();
    let tgt: Vec<&str> = pairs.iter().map(|p| p.1).collect();
    Bitext {
        source: Document::from_sentences(Lang::arabic(), &src),
        target: Document::from_sentences(Lang::english(), &tgt),
        links: (0..pairs.len() as u32)
            .map(|i| Link::new(i..i + 1, i..i + 1, score))
            .collect(),
        verdict: None,
    }
}

#[test]
fn corpus_memory_keeps_each_unit_once_with_its_count_and_first_document() {
    let options = crate::formats::ExportOptions::default();
    let mut memory = CorpusMemory::default();
    memory.add(
        "one",
        &bitext(&[("أ", "A"), ("ب", "B"), ("أ", "A")], 0.5),
        &options,
    );
    memory.add("two", &bitext(&[("ب", "B"), ("ج", "C")], 0.9), &options);
    let units: Vec<(&str, u32, &str, f32)> = memory
        .units()
        .iter()
        .map(|u| {
            (
                u.source.as_str(),
                u.count,
                u.document.as_str(),
                u.link.score,
            )
        })
        .collect();
    assert_eq!(
        units,
        [
            ("أ", 2, "one", 0.5),
            ("ب", 2, "one", 0.9),
            ("ج", 1, "two", 0.9)
        ]
    );
    let mut tmx = Vec::new();
    let report = memory.write_tmx(&options, &mut tmx).unwrap();
    assert_eq!(report.written, 3);
    assert_eq!(report.duplicates_removed, 2);
    let tmx = String::from_utf8(tmx).unwrap();
    assert!(tmx.contains("<tu tuid=\"one:1\">"), "{tmx}");
    assert!(tmx.contains("<prop type=\"x-count\">2</prop>"), "{tmx}");
    // What a TMX reader gets back is the distinct units.
    let read = crate::formats::reader(crate::formats::Format::Tmx)
        .read(&mut tmx.as_bytes())
        .unwrap();
    assert_eq!(read.links.len(), 3);
}

fn row(id: &str, verdict: &str, errors: usize, warnings: usize) -> SummaryRow {
    SummaryRow {
        verdict: verdict.into(),
        errors,
        warnings,
        ..SummaryRow::unreadable(id, "")
    }
}

#[test]
fn what_needs_attention_sorts_first() {
    let mut rows = [
        row("clean", "parallel", 0, 0),
        row("warned", "parallel", 0, 2),
        row("doubt", "doubtful", 0, 0),
        row("errors", "parallel", 3, 0),
        row("unrelated", "not_parallel", 0, 0),
        row("broken", "unreadable", 0, 0),
        row("more-errors", "doubtful", 5, 0),
    ];
    rows.sort_by(|a, b| a.attention().cmp(&b.attention()));
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "broken",
            "unrelated",
            "more-errors",
            "errors",
            "doubt",
            "warned",
            "clean"
        ]
    );
    let html = index_html(&rows, &names(&["b", "u", "m", "e", "d", "w", "c"]));
    assert!(html.find("more-errors").unwrap() < html.find("\">clean<").unwrap());
}

#[test]
fn summary_rows_are_one_tsv_line_under_the_header() {
    let mut r = row("a\tb", "unreadable", 0, 0);
    r.problem = "line\nbreak".into();
    let line = r.tsv();
    assert_eq!(line.split('\t').count(), SUMMARY_HEADER.split('\t').count());
    assert!(!line.contains('\n'));
}

#[test]
fn jsonl_lines_that_are_not_records_say_why() {
    let (id, e) = jsonl::parse_request("{\"id\": 7, \"source\": \"x\"}").unwrap_err();
    assert_eq!(id, serde_json::json!(7));
    assert!(e.contains("missing field `target`"), "{e}");
    let (id, e) = jsonl::parse_request("not json").unwrap_err();
    assert_eq!(id, serde_json::Value::Null);
    assert!(e.starts_with("not a JSON object"), "{e}");
    let r = jsonl::parse_request(
        "{\"id\": \"a\", \"source\": \"س\", \"target\": \"t\", \"target_lang\": \"en-GB\"}",
    )
    .unwrap();
    assert_eq!(r.target_lang.as_deref(), Some("en-GB"));
}

#[test]
fn the_findings_stream_writes_what_findings_file_serialises() {
    let checker_glossary = crate::glossary::Glossary::builtin();
    let checker = crate::check::Checker::new(checker_glossary);
    let config = crate::check::CheckConfig::default();
    let flagged = bitext(
        &[("قال بيسكوف", "Peskof said"), ("في 2022", "in 2021")],
        0.3,
    );
    let quiet = bitext(&[("نعم", "yes")], 0.9);
    let reports: Vec<crate::check::Report> = [&flagged, &quiet, &flagged]
        .iter()
        .map(|b| checker.check(b, &config))
        .collect();
    assert!(!reports[0].findings.is_empty() && reports[1].findings.is_empty());
    for take in [0, 1, 2, 3] {
        let names: Vec<String> = (0..take).map(|k| format!("ar/{k}.txt")).collect();
        let checked: Vec<crate::check::Checked> = reports[..take]
            .iter()
            .zip(&names)
            .map(|(report, name)| crate::check::Checked {
                source: name,
                target: if take == 2 { None } else { Some("en") },
                report,
            })
            .collect();
        let mut expected =
            serde_json::to_string_pretty(&crate::check::findings_file(&checked)).unwrap();
        expected.push('\n');
        let mut stream = FindingsStream::new(Vec::new()).unwrap();
        for c in &checked {
            stream.add(c.source, c.target, c.report).unwrap();
        }
        let written = String::from_utf8(stream.finish().unwrap()).unwrap();
        assert_eq!(written, expected, "{take} documents");
    }
}
