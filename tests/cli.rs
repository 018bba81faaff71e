//! One consistent command line (issue 14): each test is a row of the issue's "What was
//! seen", run as a user would run it, and fails on the command line before the issue.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ankara-2022-11-14");

fn sample(name: &str) -> PathBuf {
    Path::new(SAMPLE).join(name)
}

fn qarin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qarin"));
    cmd.env_remove("NO_COLOR").stdin(Stdio::null());
    cmd
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut cmd = qarin();
    for a in args {
        cmd.arg(a);
    }
    cmd.output().expect("qarin runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 stderr")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)))
}

const FRENCH: &str = "\
Le gouvernement a annoncé mardi un nouveau plan pour les transports publics.
Le ministre a déclaré que les trains seront plus rapides et moins chers.
Selon lui, le projet coûtera deux milliards d'euros sur cinq ans.
Les syndicats ont salué cette décision mais demandent plus de personnel.
Les travaux commenceront au printemps prochain dans trois régions.
Une consultation publique est prévue avant la fin de l'année.
";

const GERMAN: &str = "\
Die Regierung hat am Dienstag einen neuen Plan für den öffentlichen Verkehr angekündigt.
Der Minister erklärte, dass die Züge schneller und billiger werden.
Nach seinen Worten wird das Projekt in fünf Jahren zwei Milliarden Euro kosten.
Die Gewerkschaften begrüßten die Entscheidung, fordern aber mehr Personal.
Die Arbeiten beginnen im nächsten Frühjahr in drei Regionen.
Vor Ende des Jahres ist eine öffentliche Anhörung geplant.
";

/// An English text about something else than the sample article.
const UNRELATED: &str = "\
Preheat the oven to 180 degrees and butter a round cake tin.
Whisk the eggs with the sugar until the mixture is pale and thick.
Fold in the flour gently, a spoonful at a time, so the batter stays light.
Pour the batter into the tin and bake for about forty minutes.
Let the cake cool on a rack before you cut it.
Dust it with icing sugar and serve it with fresh berries.
The recipe serves eight people and keeps for three days in a tin.
";

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

// Row 1: review, check and diff take the languages; French → German is not tagged ar/en,
// laid out right-to-left, nor checked for Latin tokens copied from an Arabic source.
#[test]
fn row1_every_pair_command_takes_the_languages() {
    let dir = Dir::new();
    let fr = dir.file("fr.txt", FRENCH);
    let de = dir.file("de.txt", GERMAN);
    let out_dir = dir.path("review");
    let langs = ["--source-lang", "fr", "--target-lang", "de"];
    let out = run(&[
        &"review", &fr, &de, &langs[0], &langs[1], &langs[2], &langs[3], &"-o", &out_dir,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let tmx = dir.read("review/memory.tmx");
    assert!(
        tmx.contains("xml:lang=\"fr\"") && tmx.contains("xml:lang=\"de\""),
        "{tmx}"
    );
    assert!(!tmx.contains("xml:lang=\"ar\""), "{tmx}");
    let html = dir.read("review/report.html");
    assert!(!html.contains("العربية") && !html.contains("dir=\"rtl\">"));
    assert!(html.contains("lang=\"fr\""));
    let findings: Value = serde_json::from_str(&dir.read("review/findings.json")).unwrap();
    let latin = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "latin-token-missing")
        .count();
    assert_eq!(latin, 0, "{findings}");

    for command in ["check", "diff"] {
        let out = run(&[
            &command, &fr, &de, &langs[0], &langs[1], &langs[2], &langs[3],
        ]);
        assert_eq!(code(&out), 0, "{command}: {}", stderr(&out));
    }
    let out = run(&[
        &"diff",
        &fr,
        &de,
        &langs[0],
        &langs[1],
        &langs[2],
        &langs[3],
        &"--format",
        &"markdown",
    ]);
    let md = stdout(&out);
    assert!(md.contains("| French | German |"), "{md}");
}

// Row 1: `review` on texts that are not translations warns and exits 1, as `align` does.
#[test]
fn row1_review_check_and_diff_say_when_texts_are_not_translations() {
    let dir = Dir::new();
    let unrelated = dir.file("unrelated.txt", UNRELATED);
    let ar = sample("ar.txt");
    let out = run(&[&"align", &ar, &unrelated]);
    assert_eq!(code(&out), 1);
    let review_dir = dir.path("review");
    let outputs = [
        run(&[&"review", &ar, &unrelated, &"-o", &review_dir]),
        run(&[&"check", &ar, &unrelated]),
        run(&[&"diff", &ar, &unrelated]),
    ];
    for out in &outputs {
        assert_eq!(code(out), 1, "{}", stderr(out));
        assert!(
            stderr(out).contains("do not look like translations"),
            "{}",
            stderr(out)
        );
    }
}

// Row 2: every human view numbers links and sentences from 1; the JSON has the 0-based
// indices and the same numbers.
#[test]
fn row2_align_text_numbers_links_and_sentences_from_one() {
    let out = run(&[
        &"align",
        &sample("ar.txt"),
        &sample("en.txt"),
        &"--format",
        &"text",
    ]);
    let text = stdout(&out);
    // The sample's first link is the site banner (Arabic sentence 1, no English); the
    // third pairs Arabic sentence 3 with English sentence 1, the headline.
    assert!(text.contains("\n#1  ar 1 ↔ en —  1-0"), "{text}");
    assert!(text.contains("\n#3  ar 3 ↔ en 1  1-1"), "{text}");
    assert!(!text.contains("#0 "), "{text}");
}

#[test]
fn row2_check_numbers_match_the_json_and_the_views() {
    let (ar, en) = (sample("ar.txt"), sample("en-inconsistent.txt"));
    let report = json(&run(&[&"check", &ar, &en, &"--format", &"json"]));
    let text = stdout(&run(&[&"check", &ar, &en]));
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let link = f["link"].as_u64().unwrap();
        assert_eq!(f["link_number"].as_u64(), Some(link + 1), "{f}");
        for side in ["source", "target"] {
            if let Some(s) = f[side].as_object() {
                assert_eq!(s["number"].as_u64(), Some(s["index"].as_u64().unwrap() + 1));
            }
        }
        let head = format!("#{} {}:", link + 1, f["rule"].as_str().unwrap());
        assert!(text.contains(&head), "{head} not in\n{text}");
        if let Some(n) = f["source"]["number"].as_u64() {
            assert!(text.contains(&format!("ar {n} ")), "ar {n} not in\n{text}");
        }
    }
    let bitext = json(&run(&[&"align", &ar, &en, &"--format", &"json"]));
    for (i, link) in bitext["links"].as_array().unwrap().iter().enumerate() {
        assert_eq!(link["number"].as_u64(), Some(i as u64 + 1));
    }
}

// Row 2: "Naryshkin (2×: #3, #12)" must point at the rows (1-based, as the HTML's `#`
// column) whose English has that spelling.
#[test]
fn row2_inconsistent_spellings_point_at_the_rows_that_have_them() {
    let (ar, en) = (sample("ar.txt"), sample("en-inconsistent.txt"));
    let report = json(&run(&[&"check", &ar, &en, &"--format", &"json"]));
    let bitext = json(&run(&[&"align", &ar, &en, &"--format", &"json"]));
    let target_of = |row: usize| -> String {
        let link = &bitext["links"][row - 1];
        link["tgt"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                bitext["target"]["segments"][i.as_u64().unwrap() as usize]["text"]
                    .as_str()
                    .unwrap()
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let inconsistent: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "name-inconsistent")
        .collect();
    assert!(!inconsistent.is_empty());
    let places = regex::Regex::new(r"(\w+) \(\d+×: ([^)]*)\)").unwrap();
    let mut checked = 0;
    for f in inconsistent {
        let message = f["message"].as_str().unwrap();
        for m in places.captures_iter(message) {
            let spelling = &m[1];
            for place in m[2].split(", ") {
                let row: usize = place
                    .trim_start_matches('#')
                    .parse()
                    .unwrap_or_else(|_| panic!("{place} in {message}"));
                assert!(
                    target_of(row).contains(spelling),
                    "row {row} has no {spelling}: {message}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 2, "no places found");
}

// Row 3: one count of findings in every view, naming every severity; `alignment-low` only
// where the summary counts a low score.
#[test]
fn row3_every_view_counts_the_findings_the_same_way() {
    let dir = Dir::new();
    let (ar, en) = (sample("ar.txt"), sample("en-inconsistent.txt"));
    let report = json(&run(&[&"check", &ar, &en, &"--format", &"json"]));
    let s = &report["summary"];
    let plural = |n: &Value, word: &str| {
        let n = n.as_u64().unwrap();
        format!("{n} {word}{}", if n == 1 { "" } else { "s" })
    };
    let line = format!(
        "{}: {}, {}, {}",
        plural(&s["total"], "finding"),
        plural(&s["errors"], "error"),
        plural(&s["warnings"], "warning"),
        plural(&s["infos"], "note")
    );
    assert!(s["infos"].as_u64().unwrap() > 0, "the sample has notes");
    let review_dir = dir.path("review");
    let views = [
        (
            "review",
            stdout(&run(&[&"review", &ar, &en, &"-o", &review_dir])),
        ),
        ("check", stdout(&run(&[&"check", &ar, &en]))),
        (
            "diff",
            stdout(&run(&[&"diff", &ar, &en, &"--width", &"200"])),
        ),
        (
            "markdown",
            stdout(&run(&[&"diff", &ar, &en, &"--format", &"markdown"])),
        ),
        (
            "html",
            stdout(&run(&[&"diff", &ar, &en, &"--format", &"html"])),
        ),
        ("review html", dir.read("review/report.html")),
    ];
    for (view, text) in &views {
        assert!(
            text.contains(&line),
            "{view} does not say {line:?}:\n{text}"
        );
    }
    // The summary's low-score count is the number of alignment-low notes.
    let review = &views[0].1;
    let low: usize = regex::Regex::new(r"(\d+) low-score \(< ([0-9.]+)\)")
        .unwrap()
        .captures(review)
        .map(|c| c[1].parse().unwrap())
        .expect("a low-score count");
    let notes = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "alignment-low")
        .count();
    assert_eq!(low, notes, "{review}");
    // And a 1-0 link is counted as such, not as a low score.
    let unpaired = report["summary"]["by_rule"]["sentence-unpaired"]
        .as_u64()
        .unwrap_or(0);
    let source_only: u64 = regex::Regex::new(r"(\d+) source only")
        .unwrap()
        .captures(review)
        .map(|c| c[1].parse().unwrap())
        .unwrap();
    assert_eq!(unpaired, source_only, "{review}");
}

// Row 4: the flag a message names exists; `-o x.tmx` writes TMX; an unknown extension is
// refused with the formats named.
#[test]
fn row4_align_has_the_flags_its_messages_name() {
    let dir = Dir::new();
    let tmx = dir.path("memory.tmx");
    let out = run(&[
        &"align",
        &sample("ar.txt"),
        &sample("en.txt"),
        &"--format",
        &"tmx",
        &"-o",
        &tmx,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--include-unpaired keeps them"),
        "{}",
        stderr(&out)
    );
    let kept = dir.path("all.tmx");
    let out = run(&[
        &"align",
        &sample("ar.txt"),
        &sample("en.txt"),
        &"--include-unpaired",
        &"-o",
        &kept,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let count = |t: &str| t.matches("<tu ").count();
    assert!(count(&dir.read("all.tmx")) > count(&dir.read("memory.tmx")));
}

#[test]
fn row4_the_format_follows_the_extension_and_unknown_ones_are_refused() {
    let dir = Dir::new();
    let (ar, en) = (sample("ar.txt"), sample("en.txt"));
    let tmx = dir.path("x.tmx");
    let out = run(&[&"align", &ar, &en, &"-o", &tmx]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(dir.read("x.tmx").contains("<tmx version=\"1.4\">"));
    let bitext = dir.path("bitext.json");
    run(&[&"align", &ar, &en, &"-o", &bitext]);
    assert_eq!(
        serde_json::from_str::<Value>(&dir.read("bitext.json")).unwrap()["schema"],
        "qarin/bitext/v1"
    );
    // Each command reads its formats from -o.
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["check"],
            "findings.json",
            "\"schema\": \"qarin/findings/v1\"",
        ),
        (&["diff"], "view.html", "<!DOCTYPE html>"),
        (&["diff"], "view.md", "| # | Arabic | English |"),
        (&["align"], "links.txt", "\n#1  ar 1"),
        (&["align"], "pairs.xlf", "<xliff version=\"1.2\""),
    ];
    for (command, name, expected) in cases {
        let path = dir.path(name);
        let out = run(&[&command[0], &ar, &en, &"-o", &path]);
        assert!(code(&out) <= 1, "{name}: {}", stderr(&out));
        assert!(
            dir.read(name).contains(expected),
            "{name}:\n{}",
            dir.read(name)
        );
    }
    let docx = dir.path("foo.docx");
    for args in [
        vec!["export", bitext.to_str().unwrap()],
        vec!["align", ar.to_str().unwrap(), en.to_str().unwrap()],
        vec!["check", ar.to_str().unwrap(), en.to_str().unwrap()],
        vec!["diff", ar.to_str().unwrap(), en.to_str().unwrap()],
    ] {
        let mut cmd = qarin();
        cmd.args(&args).arg("-o").arg(&docx);
        let out = cmd.output().unwrap();
        assert_eq!(code(&out), 2, "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(".docx") && err.contains("--format"), "{err}");
        assert!(!docx.exists(), "{args:?} wrote {}", docx.display());
    }
    let err = stderr(&run(&[&"export", &bitext, &"-o", &docx]));
    assert!(err.contains(".tmx, .xlf, .tsv or .json"), "{err}");
}

// Row 5: one exit-code rule; a closed standard output ends quietly with it.
#[test]
fn row5_diff_exits_1_on_error_level_findings() {
    let out = run(&[&"diff", &sample("ar.txt"), &sample("en-inconsistent.txt")]);
    assert_eq!(code(&out), 1);
    let out = run(&[&"diff", &sample("ar.txt"), &sample("en.txt")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// Runs qarin with its standard output closed before it writes, as `| head` does to a
/// long output.
fn with_closed_stdout(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut cmd = qarin();
    for a in args {
        cmd.arg(a);
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn row5_a_closed_pipe_keeps_the_exit_status_and_says_nothing() {
    let dir = Dir::new();
    let (ar, bad) = (sample("ar.txt"), sample("en-inconsistent.txt"));
    let review_dir = dir.path("review");
    let cases: Vec<(Vec<&dyn AsRef<std::ffi::OsStr>>, i32)> = vec![
        (vec![&"check", &ar, &bad], 1),
        (vec![&"check", &ar, &bad, &"--format", &"json"], 1),
        (vec![&"diff", &ar, &bad], 1),
        (vec![&"review", &ar, &bad, &"-o", &review_dir], 1),
        (vec![&"glossary", &"show", &"--format", &"json"], 0),
        (vec![&"glossary", &"show"], 0),
        (vec![&"segment", &ar], 0),
    ];
    for (args, expected) in cases {
        let out = with_closed_stdout(&args);
        let shown: Vec<String> = args
            .iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect();
        assert_eq!(code(&out), expected, "{shown:?}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("Broken pipe") && !stderr(&out).contains("panicked"),
            "{shown:?}: {}",
            stderr(&out)
        );
    }
}

// Row 7: one name per flag across commands; `-o` everywhere, the positional OUTPUT of
// `convert` and `glossary convert` still works; `-` is standard output there too.
#[test]
fn row7_the_same_flags_on_every_command() {
    let dir = Dir::new();
    let (ar, en) = (sample("ar.txt"), sample("en.txt"));
    let bitext = dir.path("bitext.json");
    assert_eq!(code(&run(&[&"align", &ar, &en, &"-o", &bitext])), 0);
    for args in [
        vec!["check", "--low-score", "0.3"],
        vec!["diff", "--low-score", "0.3"],
        vec!["review", "--low-score", "0.3", "--include-unpaired", "-o"],
    ] {
        let mut cmd = qarin();
        cmd.args(&args);
        if args[0] == "review" {
            cmd.arg(dir.path("r"));
        }
        let out = cmd.arg(&ar).arg(&en).output().unwrap();
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    }
    for flag in ["--low-score", "--review-below"] {
        let out = run(&[&"export", &bitext, &flag, &"0.9", &"--format", &"xliff"]);
        assert_eq!(code(&out), 0, "{flag}: {}", stderr(&out));
    }
    // convert: -o, and the positional OUTPUT kept for old scripts.
    let xlf = dir.path("a.xlf");
    assert_eq!(code(&run(&[&"convert", &bitext, &"-o", &xlf])), 0);
    let tmx = dir.path("b.tmx");
    assert_eq!(code(&run(&[&"convert", &xlf, &tmx])), 0);
    assert!(dir.read("b.tmx").contains("<tmx"));
    let out = run(&[&"convert", &tmx, &"--format", &"tsv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).lines().count() > 5);
    // glossary convert: -o, positional, and `-`.
    let glossary = dir.file(
        "desk.tsv",
        "id\tkind\ten\tar\nzelensky\tperson\tVolodymyr Zelensky\tفولوديمير زيلينسكي\n",
    );
    let tbx = dir.path("desk.tbx");
    assert_eq!(
        code(&run(&[&"glossary", &"convert", &glossary, &"-o", &tbx])),
        0
    );
    assert!(dir.read("desk.tbx").contains("Zelensky"));
    let csv = dir.path("desk.csv");
    assert_eq!(code(&run(&[&"glossary", &"convert", &tbx, &csv])), 0);
    let out = run(&[&"glossary", &"convert", &csv, &"-"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("Volodymyr Zelensky"));
    // The refusal names a flag the command has.
    let out = run(&[&"convert", &tmx, &"-o", &tmx]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("-o"), "{}", stderr(&out));
}

// Row 9: every JSON output names its schema, and a folder run has the top level of a pair.
#[test]
fn row9_every_json_output_has_a_schema() {
    let dir = Dir::new();
    let (ar, en) = (sample("ar.txt"), sample("en.txt"));
    let cases: [(&[&str], &str); 5] = [
        (&["align", "--format", "json"], "qarin/bitext/v1"),
        (&["check", "--format", "json"], "qarin/findings/v1"),
        (&["segment", "--format", "json"], "qarin/segments/v1"),
        (&["terms", "--format", "json"], "qarin/terms/v1"),
        (
            &["glossary", "show", "--format", "json"],
            "qarin/glossary/v1",
        ),
    ];
    for (args, schema) in cases {
        let mut cmd = qarin();
        cmd.args(args);
        match args[0] {
            "align" | "check" => {
                cmd.arg(&ar).arg(&en);
            }
            "segment" | "terms" => {
                cmd.arg(&ar);
            }
            _ => {}
        }
        let out = cmd.output().unwrap();
        assert_eq!(json(&out)["schema"], schema, "{args:?}");
    }
    let review_dir = dir.path("review");
    run(&[&"review", &ar, &en, &"-o", &review_dir]);
    for (name, schema) in [
        ("bitext.json", "qarin/bitext/v1"),
        ("findings.json", "qarin/findings/v1"),
    ] {
        let v: Value = serde_json::from_str(&dir.read(&format!("review/{name}"))).unwrap();
        assert_eq!(v["schema"], schema, "{name}");
    }
    // A folder of pairs and one pair: the same top level.
    let (src_dir, tgt_dir) = (dir.path("ar"), dir.path("en"));
    std::fs::create_dir_all(&src_dir).unwrap();
    std::fs::create_dir_all(&tgt_dir).unwrap();
    for name in ["a.txt", "b.txt"] {
        std::fs::copy(&ar, src_dir.join(name)).unwrap();
        std::fs::copy(sample("en-inconsistent.txt"), tgt_dir.join(name)).unwrap();
    }
    let folder = json(&run(&[&"check", &src_dir, &tgt_dir, &"--format", &"json"]));
    let pair = json(&run(&[
        &"check",
        &ar,
        &sample("en-inconsistent.txt"),
        &"--format",
        &"json",
    ]));
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&folder), keys(&pair));
    assert_eq!(folder["documents"].as_array().unwrap().len(), 2);
    assert_eq!(pair["documents"].as_array().unwrap().len(), 1);
    let total = |v: &Value| v["summary"]["total"].as_u64().unwrap();
    assert_eq!(total(&folder), 2 * total(&pair));
    assert_eq!(
        folder["findings"].as_array().unwrap().len() as u64,
        total(&folder)
    );
    let last = folder["findings"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["document"], 1);
    // Both still work as a baseline.
    let baseline = dir.path("accepted.json");
    std::fs::write(&baseline, serde_json::to_string(&folder).unwrap()).unwrap();
    let out = run(&[
        &"check",
        &ar,
        &sample("en-inconsistent.txt"),
        &"--baseline",
        &baseline,
    ]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

// Row 1: a text that contradicts its declared language stops the run (exit 2) with what
// was seen and the flag to pass, unless --force.
#[test]
fn row1_a_text_in_another_language_than_declared_stops_the_run() {
    let dir = Dir::new();
    let (ar, en) = (sample("ar.txt"), sample("en.txt"));
    let fr = dir.file("fr.txt", FRENCH);
    let review_dir = dir.path("review");
    // The two files swapped: English given as the Arabic source.
    let out = run(&[&"review", &en, &ar, &"-o", &review_dir]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("SOURCE") && err.contains("Latin") && err.contains("swapped"),
        "{err}"
    );
    assert!(
        err.contains("--source-lang en") && err.contains("--force"),
        "{err}"
    );
    assert!(!review_dir.join("memory.tmx").exists());
    // French given as English.
    let out = run(&[&"check", &ar, &fr]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("French") && err.contains("--target-lang fr"),
        "{err}"
    );
    // Every pair command says so.
    for command in ["align", "diff"] {
        assert_eq!(code(&run(&[&command, &en, &ar])), 2, "{command}");
    }
    // --force goes on.
    let out = run(&[&"align", &ar, &fr, &"--force"]);
    assert!(code(&out) <= 1, "{}", stderr(&out));
    // An unknown language tag is a typo.
    for args in [
        vec!["align", "--source-lang", "xx"],
        vec!["segment", "--lang", "xx"],
        vec!["terms", "--lang", "xx"],
    ] {
        let mut cmd = qarin();
        cmd.args(&args).arg(&ar);
        if args[0] == "align" {
            cmd.arg(&en);
        }
        let out = cmd.output().unwrap();
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(
            stderr(&out).contains("\"xx\""),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

// Row 6: a short, perfectly parallel pair is not doubted (docs/align.md, "Short documents").
#[test]
fn row6_a_short_parallel_pair_keeps_its_scores() {
    let dir = Dir::new();
    let ar = dir.file(
        "ar.txt",
        "التقى بوتين وبايدن في جنيف.\nوقال بوتين إن بايدن رجل دولة.\n",
    );
    let en = dir.file(
        "en.txt",
        "Putin and Biden met in Geneva.\nPutin said Biden was a statesman.\n",
    );
    let out = run(&[&"align", &ar, &en, &"--format", &"json"]);
    assert_eq!(code(&out), 0);
    assert!(
        !stderr(&out).contains("partly parallel"),
        "{}",
        stderr(&out)
    );
    let bitext = json(&out);
    assert_eq!(bitext["verdict"]["kind"], "parallel");
    for link in bitext["links"].as_array().unwrap() {
        assert!(link["score"].as_f64().unwrap() > 0.9, "{link}");
    }
}

// Row 8: XLIFF 1.2 units with no translation have no <target> (a copy of the Arabic there
// became Arabic-Arabic TM pairs), confident pairs are approved, `original` is the file's
// name; the TMX names no DTD that is not there. (tests/formats.rs runs translate-toolkit's
// xliff2po and po2tmx on it.)
#[test]
fn row8_review_files_pair_only_translations() {
    let dir = Dir::new();
    let review_dir = dir.path("review");
    let out = run(&[
        &"review",
        &sample("ar.txt"),
        &sample("en.txt"),
        &"-o",
        &review_dir,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let xliff = dir.read("review/review.xlf");
    assert!(xliff.contains("original=\"ar.txt\""), "{xliff}");
    let units: Vec<&str> = xliff.split("<trans-unit ").skip(1).collect();
    assert_eq!(units.len(), 24);
    for unit in &units {
        let unit = &unit[..unit.find("</trans-unit>").unwrap()];
        if unit.contains("1-0") {
            assert!(!unit.contains("<target"), "{unit}");
        }
        let approved = unit.contains("approved=\"yes\"");
        assert_eq!(approved, unit.contains("state=\"translated\""), "{unit}");
    }
    assert!(
        units
            .iter()
            .filter(|u| u.contains("approved=\"yes\""))
            .count()
            >= 15
    );
    assert!(
        xliff.contains("<trans-unit id=\"1\""),
        "ids are link numbers"
    );
    let tmx = dir.read("review/memory.tmx");
    assert!(!tmx.contains("<!DOCTYPE"));
    assert!(tmx.contains("<tu tuid=\"3\">"), "the first pair is link 3");
}

// Row 9: no prebuilt peer package sits in the repository; benches/galechurch_compare.py
// says how to install the peer from its registry instead.
#[test]
fn row9_the_repository_ships_no_prebuilt_packages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binaries: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            [".whl", ".tar.gz", ".zip", ".so", ".egg"]
                .iter()
                .any(|ext| name.ends_with(ext))
        })
        .collect();
    assert!(binaries.is_empty(), "prebuilt packages: {binaries:?}");
    let script = std::fs::read_to_string(root.join("benches/galechurch_compare.py")).unwrap();
    assert!(
        script.contains("pip install galechurch=="),
        "the peer's install line"
    );
}

// Row 9: the folder the README's first command writes is ignored by git, so running the
// README in a clone leaves `git status` clean.
#[test]
fn row9_the_readme_output_folder_is_ignored() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("-o review\n"), "the README's first command");
    let out = Command::new("git")
        .current_dir(root)
        .args(["check-ignore", "-q", "review/report.html"])
        .output()
        .expect("git runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "review/ is not in .gitignore: {}",
        stderr(&out)
    );
}

/// Every command path (`["check"]`, `["glossary", "convert"]`, …), read from the
/// `Commands:` lists of `--help` as a user would find them.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(path: Vec<String>, all: &mut Vec<Vec<String>>) {
        let mut cmd = qarin();
        cmd.args(&path).arg("--help");
        let help = stdout(&cmd.output().unwrap());
        let subcommands: Vec<String> = help
            .lines()
            .skip_while(|l| !l.starts_with("Commands:"))
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|name| *name != "help")
            .map(str::to_string)
            .collect();
        all.push(path.clone());
        for sub in subcommands {
            let mut p = path.clone();
            p.push(sub);
            walk(p, all);
        }
    }
    let mut all = Vec::new();
    walk(Vec::new(), &mut all);
    all
}

/// Whether a program can be run (`sh -c 'command -v …'`).
fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null")])
        .status()
        .is_ok_and(|s| s.success())
}

// What to build: `qarin completions SHELL` from the same definitions as --help: every
// command and shared flag completes, and the script is valid for its shell.
#[test]
fn completions_for_every_shell_name_every_command() {
    let commands: Vec<String> = command_paths()
        .into_iter()
        .filter(|p| p.len() == 1)
        .map(|p| p[0].clone())
        .collect();
    assert!(commands.len() >= 13, "{commands:?}");
    let dir = Dir::new();
    for (shell, checker) in [
        ("bash", Some(["bash", "-n"])),
        ("zsh", Some(["zsh", "-n"])),
        ("fish", Some(["fish", "--no-execute"])),
        ("powershell", None),
    ] {
        let out = run(&[&"completions", &shell]);
        assert_eq!(code(&out), 0, "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        // fish names long flags without their dashes (`-l source-lang`).
        for name in commands
            .iter()
            .map(String::as_str)
            .chain(["source-lang", "low-score"])
        {
            assert!(script.contains(name), "{shell} completes no {name}");
        }
        // -o writes the same script.
        let file = dir.path(&format!("qarin.{shell}"));
        assert_eq!(code(&run(&[&"completions", &shell, &"-o", &file])), 0);
        assert_eq!(dir.read(&format!("qarin.{shell}")), script);
        if let Some([program, flag]) = checker {
            if have(program) {
                let status = Command::new(program).arg(flag).arg(&file).status().unwrap();
                assert!(
                    status.success(),
                    "{program} {flag} refuses the {shell} script"
                );
            }
        }
    }
    let out = run(&[&"completions", &"tcsh"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("bash"), "{}", stderr(&out));
}

// What to build: a man page per command from the same definitions, every flag on it, and
// pages troff reads without a warning.
#[test]
fn man_pages_are_generated_for_every_command() {
    let out = run(&[&"man"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH QARIN 1"), "{page}");
    let paths = command_paths();
    for path in paths.iter().filter(|p| p.len() == 1) {
        assert!(
            page.contains(&format!("qarin\\-{}(1)", path[0])),
            "{path:?}"
        );
    }
    let out = run(&[&"man", &"check"]);
    let check = stdout(&out);
    assert!(check.contains(".TH QARIN-CHECK 1"), "{check}");
    for flag in ["source\\-lang", "low\\-score", "baseline"] {
        assert!(check.contains(&format!("\\-\\-{flag}")), "{flag}");
    }
    assert!(check.contains("EXIT STATUS") && check.contains("EXAMPLES"));
    let out = run(&[&"man", &"glossary", &"nope"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("convert"), "{}", stderr(&out));
    // --dir: one page per command, each as `qarin man COMMAND` prints it.
    let dir = Dir::new();
    let out = run(&[&"man", &"--dir", &dir.path("man1")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = std::fs::read_dir(dir.path("man1")).unwrap().count();
    assert_eq!(written, paths.len());
    let convert = dir.read("man1/qarin-glossary-convert.1");
    assert_eq!(convert, stdout(&run(&[&"man", &"glossary", &"convert"])));
    if have("groff") {
        for path in &paths {
            let name = std::iter::once("qarin".to_string())
                .chain(path.iter().cloned())
                .collect::<Vec<_>>()
                .join("-");
            let file = dir.path(&format!("man1/{name}.1"));
            let out = Command::new("groff")
                .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
                .arg(&file)
                .output()
                .unwrap();
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "{name}.1: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

// Shows it works: every argument of every command's --help says what it is.
#[test]
fn every_argument_of_every_help_has_a_description() {
    let mut checked = 0;
    for path in command_paths() {
        let mut cmd = qarin();
        cmd.args(&path).arg("--help");
        let help = stdout(&cmd.output().unwrap());
        let lines: Vec<&str> = help.lines().collect();
        let mut in_list = false;
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("Arguments:") || line.starts_with("Options:") {
                in_list = true;
                continue;
            }
            if !line.starts_with(' ') && !line.trim().is_empty() {
                in_list = false;
            }
            let indent = line.len() - line.trim_start().len();
            let entry = line.trim_start();
            let is_entry = in_list
                && (indent == 2 || indent == 6)
                && (entry.starts_with('-') || entry.starts_with('<') || entry.starts_with('['));
            if !is_entry {
                continue;
            }
            // `  -o, --output <FILE>  Where to write` or the description on the next,
            // deeper-indented line.
            let spec_end = entry.find("  ").unwrap_or(entry.len());
            let same_line = !entry[spec_end..].trim().is_empty();
            let next_line = lines.get(i + 1).is_some_and(|next| {
                let deeper = next.len() - next.trim_start().len() > indent + 2;
                deeper && !next.trim().is_empty()
            });
            assert!(
                same_line || next_line,
                "qarin {} --help: {} has no description",
                path.join(" "),
                entry.trim()
            );
            // Its description, up to the next entry: one default, not a stated one and
            // clap's own (`[default: a free one] [default: 0]`).
            let block: String = std::iter::once(*line)
                .chain(lines[i + 1..].iter().copied().take_while(|l| {
                    let indent = l.len() - l.trim_start().len();
                    l.trim().is_empty()
                        || indent > 6
                        || !l.trim_start().starts_with(['-', '<', '['])
                }))
                .take_while(|l| l.is_empty() || l.starts_with(' '))
                .collect();
            assert!(
                block.matches("[default:").count() <= 1,
                "qarin {} --help: {} states its default twice",
                path.join(" "),
                entry.trim()
            );
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} arguments found");
    // And every command, groups included, shows worked examples, as the README says.
    for path in command_paths() {
        let mut cmd = qarin();
        cmd.args(&path).arg("--help");
        let help = stdout(&cmd.output().unwrap());
        assert!(
            help.contains("Examples:") || help.lines().any(|l| l.starts_with("  qarin ")),
            "qarin {} --help has no example",
            path.join(" ")
        );
    }
}

// Row 9: French guillemets after the marks (`« Bonjour ! »`) stay with their sentence,
// and German `am 3. Oktober` is one sentence.
#[test]
fn row9_french_guillemets_and_german_ordinals_stay_in_their_sentence() {
    let dir = Dir::new();
    for (lang, text, want) in [
        (
            "fr",
            "« Bonjour ! » a dit le ministre. Il est parti.\n",
            vec!["« Bonjour ! » a dit le ministre.", "Il est parti."],
        ),
        (
            "de",
            "Die Wahl findet am 3. Oktober statt. Danach wird gezählt.\n",
            vec![
                "Die Wahl findet am 3. Oktober statt.",
                "Danach wird gezählt.",
            ],
        ),
    ] {
        let file = dir.file(&format!("{lang}.txt"), text);
        let out = run(&[&"segment", &"--lang", &lang, &file]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), want, "{lang}");
    }
}

// Row 9: the terminal's columns written to a file or a pipe carry no invisible bidi marks.
#[test]
fn row9_columns_in_a_file_have_no_bidi_marks() {
    let dir = Dir::new();
    let (ar, en) = (sample("ar.txt"), sample("en.txt"));
    let file = dir.path("side.txt");
    let marks = |s: &str| {
        s.chars()
            .filter(|c| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
            .count()
    };
    let out = run(&[
        &"diff",
        &ar,
        &en,
        &"--layout",
        &"columns",
        &"--width",
        &"120",
        &"-o",
        &file,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = dir.read("side.txt");
    assert!(text.contains('┼'), "columns were written: {text}");
    assert_eq!(marks(&text), 0);
    let piped = run(&[
        &"diff",
        &ar,
        &en,
        &"--layout",
        &"columns",
        &"--width",
        &"120",
    ]);
    assert_eq!(marks(&stdout(&piped)), 0);
    assert_eq!(stdout(&piped), text);
}

// Row 9: a desk's own en_forbidden spelling slip is reported as a slip the glossary
// forbids (its entry at work), another name it forbids as name-forbidden.
#[test]
fn row9_a_desk_forbidden_form_is_reported_as_the_glossary_s() {
    let dir = Dir::new();
    let glossary = dir.file(
        "desk.tsv",
        "id\tkind\tar\ten\ten_alt\ten_forbidden\tnote\n\
         mumbai\tplace\tمومباي\tMumbai\t\tMumbay | Bombay\t\n",
    );
    let ar = dir.file(
        "ar.txt",
        "وصل الوفد إلى مومباي أمس.\nوغادر الوفد مومباي اليوم.\n",
    );
    let en = dir.file(
        "en.txt",
        "The delegation arrived in Mumbay yesterday.\nThe delegation left Bombay today.\n",
    );
    let out = run(&[
        &"check",
        &ar,
        &en,
        &"--glossary",
        &glossary,
        &"--no-default-glossary",
        &"--format",
        &"json",
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let findings = json(&out)["findings"].as_array().unwrap().clone();
    let by_found = |word: &str| {
        findings
            .iter()
            .find(|f| f["found"] == word)
            .unwrap_or_else(|| panic!("no finding for {word}: {findings:?}"))
            .clone()
    };
    let slip = by_found("Mumbay");
    assert_eq!(slip["rule"], "name-misspelled");
    assert!(
        slip["message"]
            .as_str()
            .unwrap()
            .contains("the glossary forbids"),
        "{slip}"
    );
    assert_eq!(by_found("Bombay")["rule"], "name-forbidden");
}

// Row 1: French given as the Arabic source is named French, and the advice is the flag
// that fits it (`--source-lang fr`), not English's.
#[test]
fn row1_a_latin_source_is_named_by_its_language() {
    let dir = Dir::new();
    let (fr, de) = (dir.file("fr.txt", FRENCH), dir.file("de.txt", GERMAN));
    let out = run(&[&"review", &fr, &de, &"-o", &dir.path("review")]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("French") && err.contains("--source-lang fr"),
        "{err}"
    );
    let out = run(&[
        &"review",
        &fr,
        &de,
        &"--source-lang",
        &"fr",
        &"-o",
        &dir.path("review"),
    ]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--target-lang de"),
        "{}",
        stderr(&out)
    );
}

// Row 2: `check memory.tmx` names a unit by its tuid (the pair run's link number for
// qarin's own TMX, whatever the file says for another tool's), in the text and the JSON.
#[test]
fn row2_check_of_a_memory_names_units_by_their_id() {
    let dir = Dir::new();
    let (ar, en) = (sample("ar.txt"), sample("en-inconsistent.txt"));
    run(&[&"review", &ar, &en, &"-o", &dir.path("review")]);
    let peskof = |text: &str| -> String {
        text.lines()
            .find(|l| l.contains("name-misspelled") && l.contains("Peskof"))
            .and_then(|l| l.split_whitespace().find(|w| w.starts_with('#')))
            .unwrap_or_else(|| panic!("no Peskof finding: {text}"))
            .to_string()
    };
    let pair = stdout(&run(&[&"check", &ar, &en]));
    let memory = dir.path("review/memory.tmx");
    let out = run(&[&"check", &memory]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(peskof(&stdout(&out)), peskof(&pair), "tuid, not position");
    assert_ne!(
        peskof(&pair),
        "#3",
        "the Peskof pair is not the TMX's third unit"
    );
    // A sentence's place among a memory's units is no number to show.
    let text = stdout(&out);
    assert!(
        text.lines().any(|l| l.starts_with("    ar      ")),
        "{text}"
    );
    assert!(!text.lines().any(|l| l.starts_with("    ar 3 ")), "{text}");
    let findings = json(&run(&[&"check", &memory, &"--format", &"json"]));
    let f = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["found"] == "Peskof")
        .unwrap()
        .clone();
    assert_eq!(format!("#{}", f["unit"].as_str().unwrap()), peskof(&pair));
    // Another tool's ids are used as they are.
    let foreign = dir.file(
        "desk.tmx",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="ar" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body>
<tu tuid="news-17"><tuv xml:lang="ar"><seg>قال دميتري بيسكوف إن المحادثات جرت في أنقرة.</seg></tuv><tuv xml:lang="en"><seg>Dmitry Peskof said the talks took place in Ankara.</seg></tuv></tu>
</body></tmx>
"#,
    );
    let out = run(&[&"check", &foreign]);
    assert!(
        stdout(&out).contains("#news-17 name-misspelled"),
        "{}",
        stdout(&out)
    );
}

// Row 9: `--lang xx` is refused by every command that takes a language, also those that
// only write the tag (export, convert) or measure (eval align).
#[test]
fn row9_every_language_flag_refuses_an_unknown_tag() {
    let dir = Dir::new();
    let bitext = dir.path("bitext.json");
    assert_eq!(
        code(&run(&[
            &"align",
            &sample("ar.txt"),
            &sample("en.txt"),
            &"-o",
            &bitext
        ])),
        0
    );
    let ar_sent = sample("ar.sent");
    let en_sent = sample("en.sent");
    let links = sample("ar-en.links");
    let cases: Vec<Vec<&dyn AsRef<std::ffi::OsStr>>> = vec![
        vec![
            &"export",
            &bitext,
            &"--format",
            &"tmx",
            &"--source-lang",
            &"xx",
        ],
        vec![
            &"export",
            &bitext,
            &"--format",
            &"tmx",
            &"--target-lang",
            &"english",
        ],
        vec![
            &"convert",
            &bitext,
            &"--format",
            &"tsv",
            &"--source-lang",
            &"xx",
        ],
        vec![
            &"eval",
            &"align",
            &"--source-lang",
            &"xx",
            &"--source",
            &ar_sent,
            &"--target",
            &en_sent,
            &"--gold",
            &links,
        ],
    ];
    for args in cases {
        let out = run(&args);
        let shown: Vec<String> = args
            .iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect();
        assert_eq!(code(&out), 2, "{shown:?}");
        assert!(stdout(&out).is_empty(), "{shown:?} wrote {}", stdout(&out));
        assert!(
            stderr(&out).contains("unknown language"),
            "{}",
            stderr(&out)
        );
    }
    // A real tag still goes through.
    let out = run(&[
        &"export",
        &bitext,
        &"--format",
        &"tmx",
        &"--target-lang",
        &"en-GB",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("xml:lang=\"en-GB\""));
}

// The output rule for the two generators: a name that promises another shell's script or
// another format than roff is refused (exit 2) before anything is written.
#[test]
fn completions_and_man_refuse_a_name_for_something_else() {
    let dir = Dir::new();
    let out = run(&[&"completions", &"zsh", &"-o", &dir.path("qarin.fish")]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("completions fish"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path("qarin.fish").exists());
    assert_eq!(
        code(&run(&[&"completions", &"zsh", &"-o", &dir.path("_qarin")])),
        0
    );
    let out = run(&[&"man", &"check", &"-o", &dir.path("check.txt")]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("qarin-check.1"), "{}", stderr(&out));
    assert!(!dir.path("check.txt").exists());
    assert_eq!(
        code(&run(&[&"man", &"check", &"-o", &dir.path("qarin-check.1")])),
        0
    );
}

// Shows it works: docs/cli.md's tables list every flag two or more commands share, so the
// page cannot fall behind the parser.
#[test]
fn the_shared_flags_table_lists_every_shared_flag() {
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/cli.md")).unwrap();
    let documented: Vec<&str> = page
        .lines()
        .filter(|l| l.starts_with("| `"))
        .flat_map(|l| l.split('|').nth(1).unwrap_or("").split('`'))
        .filter_map(|cell| cell.split_whitespace().next())
        .filter(|flag| flag.starts_with("--"))
        .collect();
    let mut uses: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for path in command_paths()
        .into_iter()
        .filter(|p| !p.is_empty() && p[0] != "eval")
    {
        let mut cmd = qarin();
        cmd.args(&path).arg("--help");
        let help = stdout(&cmd.output().unwrap());
        // The entries of the Options list: `  -o, --output <FILE>`, `      --force`.
        let mut flags: Vec<String> = help
            .lines()
            .skip_while(|l| !l.starts_with("Options:"))
            .skip(1)
            .take_while(|l| l.is_empty() || l.starts_with(' '))
            .filter(|l| {
                let indent = l.len() - l.trim_start().len();
                (indent == 2 || indent == 6) && l.trim_start().starts_with('-')
            })
            .filter_map(|l| l.split([' ', ',']).find(|w| w.starts_with("--")))
            .map(str::to_string)
            .collect();
        flags.sort();
        flags.dedup();
        for flag in flags {
            uses.entry(flag).or_default().push(path.join(" "));
        }
    }
    let missing: Vec<String> = uses
        .iter()
        .filter(|(flag, commands)| {
            commands.len() >= 2 && !["--help", "--version"].contains(&flag.as_str())
        })
        .filter(|(flag, _)| !documented.contains(&flag.as_str()))
        .map(|(flag, commands)| format!("{flag} ({})", commands.join(", ")))
        .collect();
    assert!(
        missing.is_empty(),
        "shared flags not in docs/cli.md: {missing:?}"
    );
    assert!(documented.len() >= 20, "{documented:?}");
    // Each row's last cell names every (top-level) command that has the flag.
    let shared = uses
        .iter()
        .filter(|(flag, c)| c.len() >= 2 && !["--help", "--version"].contains(&flag.as_str()));
    for (flag, commands) in shared {
        let rows: Vec<&str> = page
            .lines()
            .filter(|l| {
                l.starts_with("| `")
                    && l.split('|').nth(1).is_some_and(|c| {
                        c.split('`')
                            .any(|w| w.split_whitespace().next() == Some(flag.as_str()))
                    })
            })
            .collect();
        for command in commands.iter().filter(|c| !c.contains(' ')) {
            let named = rows.iter().any(|row| {
                let cell = row.trim_end_matches('|').rsplit('|').next().unwrap_or("");
                cell.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == command)
            });
            assert!(
                named,
                "docs/cli.md: the row of {flag} does not name {command}"
            );
        }
    }
}

// Row 5 for every command that writes to standard output: a closed pipe ends the run
// quietly, never with a panic, and with the status the run would have had.
#[test]
fn row5_no_command_panics_on_a_closed_pipe() {
    let dir = Dir::new();
    let (ar, en) = (sample("ar.txt"), sample("en.txt"));
    let bitext = dir.path("bitext.json");
    assert_eq!(code(&run(&[&"align", &ar, &en, &"-o", &bitext])), 0);
    let gold = dir.file(
        "gold.jsonl",
        "{\"id\":\"1\",\"text\":\"One. Two.\",\"sentences\":[\"One.\",\"Two.\"],\"lang\":\"en\"}\n",
    );
    let (ar_sent, en_sent, links) = (sample("ar.sent"), sample("en.sent"), sample("ar-en.links"));
    let glossary = concat!(env!("CARGO_MANIFEST_DIR"), "/glossaries/news-ar-en.tsv");
    let man_dir = dir.path("man1");
    let cases: Vec<Vec<&dyn AsRef<std::ffi::OsStr>>> = vec![
        vec![&"align", &ar, &en],
        vec![&"align", &ar, &en, &"--format", &"text"],
        vec![&"terms", &ar],
        vec![&"export", &bitext, &"--format", &"tmx"],
        vec![&"convert", &bitext, &"--format", &"tsv"],
        vec![&"glossary", &"convert", &glossary, &"-"],
        vec![&"eval", &"segment", &"--gold", &gold],
        vec![
            &"eval",
            &"align",
            &"--source",
            &ar_sent,
            &"--target",
            &en_sent,
            &"--gold",
            &links,
        ],
        vec![&"completions", &"bash"],
        vec![&"man"],
        vec![&"man", &"--dir", &man_dir],
    ];
    for args in cases {
        let out = with_closed_stdout(&args);
        let shown: Vec<String> = args
            .iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect();
        assert_eq!(code(&out), 0, "{shown:?}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("Broken pipe") && !stderr(&out).contains("panicked"),
            "{shown:?}: {}",
            stderr(&out)
        );
    }
}

// Row 1 (one shared input group): standard input is one of the inputs at most, in every
// pair command, not only in `align` (`check - -` read it once and found nothing to check).
#[test]
fn row1_standard_input_is_one_input_at_most() {
    let dir = Dir::new();
    let (review_dir, ar) = (dir.path("r"), sample("ar.txt"));
    let cases: Vec<Vec<&dyn AsRef<std::ffi::OsStr>>> = vec![
        vec![&"align", &"-", &"-"],
        vec![&"check", &"-", &"-"],
        vec![&"diff", &"-", &"-"],
        vec![&"review", &"-", &"-", &"-o", &review_dir],
        vec![&"diff", &ar, &"-", &"-"],
    ];
    for args in cases {
        let mut cmd = qarin();
        for a in &args {
            cmd.arg(a);
        }
        let out = cmd.stdin(Stdio::piped()).output().unwrap();
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert!(stderr(&out).contains("standard input"), "{}", stderr(&out));
    }
}

// What to build: docs/architecture.md lists the contracts: every schema name the code
// writes is in its table.
#[test]
fn every_schema_the_code_writes_is_listed_in_the_architecture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    let mut stack = vec![root.join("src")];
    let mut schemas = std::collections::BTreeSet::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split("\"qarin/").skip(1) {
                    // `"qarin/x/v1"`, or `\"qarin/x/v1\"` inside another literal.
                    if let Some(end) = piece.find('"') {
                        let name = piece[..end].trim_end_matches('\\');
                        if name.contains("/v") {
                            schemas.insert(format!("qarin/{name}"));
                        }
                    }
                }
            }
        }
    }
    assert!(schemas.len() >= 7, "{schemas:?}");
    let unlisted: Vec<&String> = schemas
        .iter()
        .filter(|s| !doc.contains(&format!("`{s}`")))
        .collect();
    assert!(
        unlisted.is_empty(),
        "not in docs/architecture.md: {unlisted:?}"
    );
}

// As ripgrep and cargo: `--color always|never|auto`; auto colours only a terminal and
// honours NO_COLOR, the flag wins over it.
#[test]
fn color_follows_the_flag_then_the_terminal_and_no_color() {
    let (ar, bad) = (sample("ar.txt"), sample("en-inconsistent.txt"));
    let ansi = |out: &Output| out.stdout.contains(&0x1b);
    for command in ["check", "diff"] {
        assert!(
            !ansi(&run(&[&command, &ar, &bad])),
            "{command}: a pipe is not a terminal"
        );
        assert!(
            ansi(&run(&[&command, &ar, &bad, &"--color", &"always"])),
            "{command}"
        );
        let out = qarin()
            .args([command, "--color", "always"])
            .arg(&ar)
            .arg(&bad)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(ansi(&out), "{command}: the flag wins over NO_COLOR");
        assert!(!ansi(&run(&[&command, &ar, &bad, &"--color", &"never"])));
        assert_eq!(
            code(&run(&[&command, &ar, &bad, &"--color", &"sometimes"])),
            2
        );
    }
}

// Shows it works: the README's first screen has exactly two set-up commands, and the
// first one (run here with the test binary, into a temporary folder) does what the
// README says: the five files, a summary, exit 1 on the inconsistent translation, 0 on
// the clean one.
#[test]
fn the_readme_first_commands_do_what_it_says() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let setup = readme
        .split("## Set up and run")
        .nth(1)
        .and_then(|s| s.split("```sh\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("a set-up code block");
    let commands: Vec<&str> = setup.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert_eq!(commands[1], "cargo test");
    let review = commands[0]
        .strip_prefix("cargo run --release -- ")
        .expect("the first command runs qarin");
    let words: Vec<&str> = review.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"review"));
    assert_eq!(words[words.len() - 2], "-o");
    let dir = Dir::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (target, status) in [
        (words[2], 1),
        (&words[2].replace("en-inconsistent", "en"), 0),
    ] {
        let out_dir = dir.path(&format!("review-{status}"));
        let out = qarin()
            .current_dir(root)
            .args([words[0], words[1], target, "-o"])
            .arg(&out_dir)
            .output()
            .unwrap();
        assert_eq!(code(&out), status, "{target}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("findings:"),
            "a summary: {}",
            stdout(&out)
        );
        for file in [
            "report.html",
            "memory.tmx",
            "review.xlf",
            "bitext.json",
            "findings.json",
        ] {
            assert!(out_dir.join(file).is_file(), "{file} named in the README");
            assert!(readme.contains(&format!("`review/{file}`")), "{file}");
        }
    }
}

// Row 3: the HTML's "Only rows with findings" counts, and keeps, every row a finding is
// on, a 1-0 row's sentence-unpaired included (it showed 5 of the 10 rows).
#[test]
fn row3_the_html_filter_keeps_every_row_with_a_finding() {
    let dir = Dir::new();
    run(&[
        &"review",
        &sample("ar.txt"),
        &sample("en-inconsistent.txt"),
        &"-o",
        &dir.path("review"),
    ]);
    let findings: Value = serde_json::from_str(&dir.read("review/findings.json")).unwrap();
    let mut links: Vec<u64> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["link"].as_u64())
        .collect();
    links.sort();
    links.dedup();
    let unpaired = findings["summary"]["by_rule"]["sentence-unpaired"]
        .as_u64()
        .unwrap();
    assert!(unpaired > 0);
    let page = dir.read("review/report.html");
    let count = page
        .split("Only rows with findings <span class=\"n\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("the filter's count");
    assert_eq!(count, links.len(), "rows with a finding: {links:?}");
    assert_eq!(
        page.matches("class=\"row has-findings").count(),
        links.len()
    );
}
