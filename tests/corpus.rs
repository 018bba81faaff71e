//! Corpus mode end to end through the `qarin` binary: folders paired by name, manifests,
//! the JSONL stream, the same output on one core and on two, and `--resume` after a kill.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const NTREX: &str = "../shared/data/align/ntrex_ar_en/docs";

fn qarin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_qarin"))
}

fn run(args: &[&str]) -> Output {
    qarin().args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The first `n` NTREX document names.
fn ntrex(n: usize) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(Path::new(NTREX).join("ar"))
        .expect("the tests need ../shared beside the repository")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names.truncate(n);
    names
}

/// Two folders `ar/` and `en/` in a fresh temporary folder, holding `names` from NTREX.
fn folders(names: &[String]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for side in ["ar", "en"] {
        std::fs::create_dir(dir.path().join(side)).unwrap();
        for name in names {
            std::fs::copy(
                Path::new(NTREX).join(side).join(name),
                dir.path().join(side).join(name),
            )
            .unwrap();
        }
    }
    dir
}

/// Every file under `dir` (relative path → contents), TMX and XLIFF creation dates blanked.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let body = std::fs::read_to_string(&path).unwrap();
                let body = blank_dates(&body);
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), body));
            }
        }
    }
    out.sort();
    out
}

fn blank_dates(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find("date=\"") {
        let start = at + "date=\"".len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        rest = &rest[rest.find('"').unwrap_or(0)..];
    }
    out.push_str(rest);
    out
}

#[test]
fn folders_pair_by_name_and_unmatched_names_are_reported_not_fatal() {
    let names = ntrex(3);
    let dir = folders(&names);
    let (ar, en) = (dir.path().join("ar"), dir.path().join("en"));
    std::fs::remove_file(en.join(&names[1])).unwrap();
    std::fs::write(en.join("extra.txt"), "An English text with no source.\n").unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "align",
        "--segmented",
        ar.to_str().unwrap(),
        en.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("no translation named {}", names[1])),
        "{stderr}"
    );
    assert!(stderr.contains("no source named extra.txt"), "{stderr}");
    // Standard error is a pipe here: no progress bar, no terminal control.
    assert!(
        !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );
    // The pairs that do match were all done.
    for name in [&names[0], &names[2]] {
        assert!(out.join(format!("{name}.json")).is_file(), "{name}");
    }
    assert!(!out.join(format!("{}.json", names[1])).exists());
    let summary = std::fs::read_to_string(out.join("summary.tsv")).unwrap();
    assert_eq!(summary.lines().count(), 3, "{summary}");
    assert!(summary.starts_with("id\tsource_sentences"));
    let tmx = std::fs::read_to_string(out.join("corpus.tmx")).unwrap();
    assert!(tmx.contains("x-count"), "{tmx}");
    // The corpus XLIFF holds the same units, under the same ids.
    let xliff = std::fs::read_to_string(out.join("corpus.xlf")).unwrap();
    assert_eq!(
        xliff.matches("<trans-unit ").count(),
        tmx.matches("<tu ").count(),
        "{xliff}"
    );
    let first = format!("id=\"{}:1\"", names[0]);
    assert!(
        xliff.contains(&first) && tmx.contains(&format!("tuid=\"{}:1\"", names[0])),
        "{xliff}"
    );
    assert!(xliff.contains("x-count: 1"), "{xliff}");
    let findings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("findings.json")).unwrap()).unwrap();
    assert_eq!(findings["schema"], "qarin/findings/v1");
    assert_eq!(findings["documents"].as_array().unwrap().len(), 2);
}

/// A corpus run's findings file is the file `qarin check` writes for the same pairs: one
/// schema and one top level however the pairs came in.
#[test]
fn the_corpus_findings_file_is_what_check_writes_for_the_same_pairs() {
    // The first 40 have findings of several rules.
    let names = ntrex(40);
    let dir = folders(&names);
    let (ar, en) = (dir.path().join("ar"), dir.path().join("en"));
    let out = dir.path().join("out");
    let (ar, en) = (ar.to_str().unwrap(), en.to_str().unwrap());
    let o = run(&["align", "--segmented", ar, en, "-o", out.to_str().unwrap()]);
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "{}",
        text(&o.stderr)
    );
    let checked = run(&[
        "check",
        "--segmented",
        ar,
        en,
        "--format",
        "json",
        "-j",
        "2",
    ]);
    assert_eq!(
        o.status.code(),
        checked.status.code(),
        "{}",
        text(&checked.stderr)
    );
    let written = std::fs::read_to_string(out.join("findings.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert!(!value["findings"].as_array().unwrap().is_empty());
    assert_eq!(written, text(&checked.stdout));
}

#[test]
fn a_corpus_run_writes_a_folder_and_refuses_a_file_name() {
    let names = ntrex(2);
    let dir = folders(&names);
    let (ar, en) = (dir.path().join("ar"), dir.path().join("en"));
    let tmx = dir.path().join("corpus.tmx");
    let o = run(&[
        "align",
        ar.to_str().unwrap(),
        en.to_str().unwrap(),
        "-o",
        tmx.to_str().unwrap(),
    ]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("folder") && stderr.contains("corpus.tmx"),
        "{stderr}"
    );
    assert!(!tmx.exists());
    let o = run(&["align", ar.to_str().unwrap(), en.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("-o DIR"), "{}", text(&o.stderr));
}

/// The language check of single runs holds for each pair: a pair given the wrong way round
/// is reported and skipped (exit 2 at the end), and `--force` lets it through.
#[test]
fn a_swapped_pair_is_refused_in_a_corpus_run_unless_forced() {
    let names = ntrex(2);
    let dir = folders(&names);
    let manifest = dir.path().join("pairs.tsv");
    std::fs::write(
        &manifest,
        format!(
            "ar/{a}\ten/{a}\tright\nen/{b}\tar/{b}\tswapped\n",
            a = names[0],
            b = names[1]
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let args = [
        "align",
        "--manifest",
        manifest.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    let o = run(&args);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("swapped:") && stderr.contains("--source-lang"),
        "{stderr}"
    );
    assert!(out.join("right.json").is_file() && !out.join("swapped.json").exists());
    let o = run(&[&args[..], &["--force"]].concat());
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "{}",
        text(&o.stderr)
    );
    assert!(out.join("swapped.json").is_file());

    let record = serde_json::json!({"id": "x", "source": "The minister said on Monday that talks would go on.", "target": "قال الوزير يوم الاثنين إن المحادثات ستستمر."});
    let o = pipe(&["align", "--jsonl"], &format!("{record}\n"));
    assert_eq!(o.status.code(), Some(0));
    let result: serde_json::Value = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    assert_eq!(result["id"], "x");
    assert!(
        result["error"].as_str().unwrap().contains("--source-lang"),
        "{result}"
    );
}

#[test]
fn manifest_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("pairs.tsv");
    std::fs::write(&manifest, "# pairs\nar/1\ten/1\nar/2 en/2\nar/3\ten/3\t1\n").unwrap();
    let o = run(&[
        "align",
        "--manifest",
        manifest.to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
    ]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    let shown = manifest.display().to_string();
    assert!(
        stderr.contains(&format!("{shown}:3:1: expected 2 or 3")),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{shown}:4:")), "{stderr}");
    assert!(stderr.contains("already used on line 2"), "{stderr}");
    assert!(
        !dir.path().join("out").exists(),
        "nothing is written for a bad manifest"
    );
}

#[test]
fn a_manifest_with_an_unreadable_pair_does_the_others_and_exits_2() {
    let names = ntrex(2);
    let dir = folders(&names);
    let manifest = dir.path().join("pairs.tsv");
    std::fs::write(
        &manifest,
        format!(
            "ar/{a}\ten/{a}\tfirst\nar/missing\ten/{a}\tgone\nar/{b}\ten/{b}\tlast\n",
            a = names[0],
            b = names[1]
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "align",
        "--segmented",
        "--manifest",
        manifest.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-j",
        "2",
    ]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("gone:") && stderr.contains("missing"),
        "{stderr}"
    );
    let summary = std::fs::read_to_string(out.join("summary.tsv")).unwrap();
    let ids: Vec<&str> = summary
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(ids, ["first", "gone", "last"]);
    assert!(summary.lines().nth(2).unwrap().contains("\tunreadable\t"));
    assert!(out.join("first.json").is_file() && out.join("last.json").is_file());
}

fn jsonl_input(names: &[String]) -> String {
    let mut input = String::new();
    for (k, name) in names.iter().enumerate() {
        let read =
            |side: &str| std::fs::read_to_string(Path::new(NTREX).join(side).join(name)).unwrap();
        let record = serde_json::json!({"id": k, "source": read("ar"), "target": read("en")});
        input.push_str(&record.to_string());
        input.push('\n');
    }
    input
}

fn pipe(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = qarin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

#[test]
fn a_bad_jsonl_line_gives_one_error_record_and_the_stream_goes_on() {
    let names = ntrex(2);
    let good = jsonl_input(&names);
    let mut lines = good.lines();
    let input = format!(
        "{}\nthis is not json\n{{\"id\": \"no-target\", \"source\": \"نص\"}}\n{}\n",
        lines.next().unwrap(),
        lines.next().unwrap()
    );
    let o = pipe(&["align", "--jsonl", "-j", "2"], &input);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let records: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 4);
    assert_eq!(records[0]["id"], 0);
    assert!(records[0]["bitext"]["links"].as_array().unwrap().len() > 5);
    assert_eq!(records[1]["line"], 2);
    assert!(records[1]["error"]
        .as_str()
        .unwrap()
        .contains("not a JSON object"));
    assert_eq!(records[2]["id"], "no-target");
    assert!(records[2]["error"].as_str().unwrap().contains("target"));
    assert_eq!(records[3]["id"], 1);
    assert_eq!(records[3]["schema"], "qarin/jsonl/v1");
}

#[test]
fn one_core_and_two_give_the_same_output() {
    let names = ntrex(12);
    let dir = folders(&names);
    let (ar, en) = (dir.path().join("ar"), dir.path().join("en"));
    let mut snapshots = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("out{threads}"));
        let o = run(&[
            "review",
            "--segmented",
            ar.to_str().unwrap(),
            en.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-j",
            threads,
        ]);
        assert!(
            o.status.code().is_some_and(|c| c < 2),
            "{}",
            text(&o.stderr)
        );
        snapshots.push(snapshot(&out));
    }
    assert_eq!(snapshots[0].len(), 12 * 5 + 5);
    assert!(snapshots[0] == snapshots[1], "the two runs differ");
    // The index links every report once, what needs attention first: not parallel, then
    // errors, then doubtful, then warnings, then the rest.
    let file = |name: &str| {
        snapshots[0]
            .iter()
            .find(|(p, _)| p == Path::new(name))
            .map(|(_, body)| body.clone())
            .unwrap()
    };
    let summary = file("summary.tsv");
    let flags = |id: &str| -> (u8, bool) {
        let row: Vec<&str> = summary
            .lines()
            .find(|l| l.split('\t').next() == Some(id))
            .unwrap()
            .split('\t')
            .collect();
        let rank = match (row[5], row[6] != "0") {
            ("not_parallel" | "unreadable", _) => 3,
            (_, true) => 2,
            ("doubtful", false) => 1,
            _ => 0,
        };
        (rank, rank == 0 && row[7] != "0")
    };
    let index = file("index.html");
    let linked: Vec<&str> = index
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once("/report.html\""))
        .map(|(id, _)| id)
        .collect();
    let mut sorted = linked.clone();
    sorted.sort();
    assert_eq!(sorted, names, "{index}");
    let order: Vec<(u8, bool)> = linked.iter().map(|id| flags(id)).collect();
    assert!(
        order.windows(2).all(|w| w[0] >= w[1]),
        "not sorted by attention: {linked:?} {order:?}"
    );
    let input = jsonl_input(&names);
    let one = pipe(&["check", "--jsonl", "--segmented", "-j", "1"], &input);
    let two = pipe(&["check", "--jsonl", "--segmented", "-j", "2"], &input);
    assert_eq!(text(&one.stdout).lines().count(), 12);
    assert!(
        one.stdout == two.stdout,
        "JSONL output differs between 1 and 2 threads"
    );
}

#[test]
fn resume_after_a_kill_gives_what_an_uninterrupted_run_gives() {
    let names = ntrex(40);
    let dir = folders(&names);
    let (ar, en) = (dir.path().join("ar"), dir.path().join("en"));
    let args = |out: &Path| -> Vec<String> {
        ["align", "--format", "tmx", "-j", "1"]
            .iter()
            .map(|s| s.to_string())
            .chain([ar.display().to_string(), en.display().to_string()])
            .chain(["-o".to_string(), out.display().to_string()])
            .collect()
    };
    let full = dir.path().join("full");
    assert!(qarin()
        .args(args(&full))
        .status()
        .unwrap()
        .code()
        .is_some_and(|c| c < 2));

    // Kill a run once some pairs are done.
    let cut = dir.path().join("cut");
    let mut child = qarin()
        .args(args(&cut))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(60) {
        let done = std::fs::read_dir(&cut).map_or(0, |d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".json"))
            })
            .count()
        });
        if done >= 3 || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    let before = snapshot(&cut).len();
    let mut resumed_args = args(&cut);
    resumed_args.push("--resume".into());
    let o = qarin().args(resumed_args).output().unwrap();
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "{}",
        text(&o.stderr)
    );
    // Temporary files a kill leaves behind are not outputs.
    let outputs: Vec<(PathBuf, String)> = snapshot(&cut)
        .into_iter()
        .filter(|(p, _)| !p.to_string_lossy().starts_with(".qarin-"))
        .collect();
    assert!(
        outputs == snapshot(&full),
        "resumed output differs ({before} files before)"
    );
}

/// On a terminal (a pseudo-terminal from util-linux's `script`) the run draws its progress
/// bar on standard error: pairs done of all, sentences/s. Skipped where `script` is missing.
#[test]
fn a_terminal_gets_a_progress_bar() {
    let names = ntrex(12);
    let dir = folders(&names);
    let (ar, en) = (dir.path().join("ar"), dir.path().join("en"));
    let out = dir.path().join("out");
    let command = format!(
        "{} align -j 1 {} {} -o {}",
        env!("CARGO_BIN_EXE_qarin"),
        ar.display(),
        en.display(),
        out.display()
    );
    let Ok(o) = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
    else {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    };
    let screen = text(&o.stdout);
    assert!(out.join("summary.tsv").is_file(), "{screen}");
    assert!(
        screen.contains("/12 pairs") && screen.contains("sentences/s"),
        "{screen:?}"
    );
}

/// A bitext cut short (a power cut: per-pair files are not synced one by one) is a pair
/// to do again on `--resume`, not an error.
#[test]
fn resume_redoes_a_pair_whose_bitext_does_not_read_back() {
    let names = ntrex(4);
    let dir = folders(&names);
    let (ar, en) = (dir.path().join("ar"), dir.path().join("en"));
    let out = dir.path().join("out");
    let args = [
        "align",
        "--segmented",
        ar.to_str().unwrap(),
        en.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    assert!(run(&args).status.code().is_some_and(|c| c < 2));
    let whole = snapshot(&out);
    let cut = out.join(format!("{}.json", names[1]));
    let body = std::fs::read_to_string(&cut).unwrap();
    std::fs::write(&cut, &body[..body.len() / 2]).unwrap();
    let mut resumed = args.to_vec();
    resumed.push("--resume");
    let o = run(&resumed);
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "{}",
        text(&o.stderr)
    );
    assert!(snapshot(&out) == whole, "the cut pair was not redone");
}

/// PySpark in local mode pipes the 123 NTREX pairs through `qarin align --jsonl` over 2
/// partitions; the results must equal one process's (tests/spark/pipe_ntrex.py). Skipped
/// when pyspark is not installed, except under CI, which installs it (.ci/run).
#[test]
fn spark_pipe_equals_one_process() {
    let has_pyspark = Command::new("python3")
        .args(["-c", "import pyspark"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_pyspark {
        assert!(
            std::env::var_os("CI").is_none(),
            "pyspark is not installed; .ci/run installs it"
        );
        eprintln!("skipped: pyspark is not installed (python3 -m pip install pyspark)");
        return;
    }
    let o = Command::new("python3")
        .args([
            "tests/spark/pipe_ntrex.py",
            env!("CARGO_BIN_EXE_qarin"),
            NTREX,
            "2",
        ])
        .output()
        .unwrap();
    let stdout = text(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        text(&o.stderr)
            .lines()
            .rev()
            .take(30)
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        stdout.contains("123 records, 2 partitions: 123 results piped"),
        "{stdout}"
    );
    assert!(stdout.contains("identical"), "{stdout}");
}

/// The links of a bitext JSON, as (source, target) index lists.
fn links_of(json: &str) -> Vec<(serde_json::Value, serde_json::Value)> {
    let bitext: serde_json::Value = serde_json::from_str(json).unwrap();
    bitext["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["src"].clone(), l["tgt"].clone()))
        .collect()
}

#[test]
fn a_folder_run_reads_every_input_a_single_run_reads_and_keeps_furniture_out() {
    let sample = Path::new("samples/ankara-2022-11-14");
    let ar = std::fs::read_to_string(sample.join("ar.txt")).unwrap();
    let en = std::fs::read_to_string(sample.join("en.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (ar_dir, en_dir) = (dir.path().join("ar"), dir.path().join("en"));
    std::fs::create_dir(&ar_dir).unwrap();
    std::fs::create_dir(&en_dir).unwrap();
    // A legacy-encoded Arabic text with a Word translation.
    let (legacy, _, lossy) = encoding_rs::WINDOWS_1256.encode(&ar);
    assert!(!lossy);
    std::fs::write(ar_dir.join("legacy.txt"), &legacy).unwrap();
    std::fs::copy(sample.join("en.docx"), en_dir.join("legacy.txt")).unwrap();
    // A site's "read more" line under each article.
    std::fs::write(ar_dir.join("furniture.txt"), format!("{ar}\nاقرأ المزيد\n")).unwrap();
    std::fs::write(en_dir.join("furniture.txt"), format!("{en}\nRead more\n")).unwrap();

    let out = dir.path().join("out");
    let corpus = run(&[
        "align",
        ar_dir.to_str().unwrap(),
        en_dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(corpus.status.success(), "{}", text(&corpus.stderr));
    for name in ["legacy.txt", "furniture.txt"] {
        let single = run(&[
            "align",
            ar_dir.join(name).to_str().unwrap(),
            en_dir.join(name).to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert!(single.status.success(), "{}", text(&single.stderr));
        let in_corpus = std::fs::read_to_string(out.join(format!("{name}.json"))).unwrap();
        let links = links_of(&in_corpus);
        assert!(links.len() > 10, "{name}: {} links", links.len());
        assert_eq!(links, links_of(&text(&single.stdout)), "{name}");
    }
    let memory = std::fs::read_to_string(out.join("corpus.tmx")).unwrap();
    assert!(
        memory.contains("Ankara"),
        "the Word file's text is in the memory"
    );
    assert!(
        !memory.contains("Read more"),
        "site furniture stays out of the memory"
    );
}

#[test]
fn learning_over_the_corpus_is_the_same_on_one_core_and_two() {
    let names = ntrex(45);
    let dir = folders(&names);
    let (ar, en) = (dir.path().join("ar"), dir.path().join("en"));
    let mut snapshots = Vec::new();
    for (threads, learn) in [("1", true), ("2", true), ("2", false)] {
        let out = dir.path().join(format!("out{threads}{learn}"));
        let mut args = vec![
            "align",
            "--segmented",
            ar.to_str().unwrap(),
            en.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-j",
            threads,
        ];
        if learn {
            args.push("--learn-corpus");
        }
        let o = run(&args);
        assert!(
            o.status.code().is_some_and(|c| c < 2),
            "{}",
            text(&o.stderr)
        );
        let stderr = text(&o.stderr);
        if learn {
            // 45 articles have some 500 confident links: enough to learn from.
            let learnt: usize = stderr
                .split("qarin: learnt ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no count of learnt pairs: {stderr}"));
            assert!(learnt > 0, "{stderr}");
        } else {
            assert!(!stderr.contains("learnt"), "{stderr}");
        }
        snapshots.push(snapshot(&out));
    }
    assert_eq!(snapshots[0].len(), 45 + 4);
    assert!(snapshots[0] == snapshots[1], "the two runs differ");
    // The table changes some links: otherwise it was not used.
    assert!(snapshots[1] != snapshots[2], "learning changed nothing");
    // A stream cannot be read twice.
    let o = run(&["align", "--jsonl", "--learn-corpus"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
}

#[test]
fn a_corpus_of_one_pair_learns_what_the_pair_learns_alone() {
    // Text+Berg dev: one long pair, enough confident links to learn from by itself.
    let d = Path::new("../shared/data/align/textberg_de_fr");
    let dir = tempfile::tempdir().unwrap();
    let mut predictions = Vec::new();
    for learn in [false, true] {
        let pred = dir.path().join(format!("pred{learn}"));
        let mut args = vec![
            "eval".to_string(),
            "align".into(),
            "--source-lang".into(),
            "de".into(),
            "--target-lang".into(),
            "fr".into(),
            "--no-default-glossary".into(),
            "--source".into(),
            d.join("dev.de").display().to_string(),
            "--target".into(),
            d.join("dev.fr").display().to_string(),
            "--gold".into(),
            d.join("dev.defr").display().to_string(),
            "--write-pred".into(),
            pred.display().to_string(),
        ];
        if learn {
            args.push("--learn-corpus".into());
        }
        let o = qarin().args(&args).output().unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
        if learn {
            let out = text(&o.stdout);
            assert!(
                out.contains("learnt ") && !out.contains("learnt 0 "),
                "{out}"
            );
        }
        predictions.push(std::fs::read_to_string(pred.join("0.links")).unwrap());
    }
    assert!(!predictions[0].is_empty());
    assert_eq!(predictions[0], predictions[1]);
}
