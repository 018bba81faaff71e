//! Real documents in (issue 16): the sample article as a saved web page, its translation as
//! DOCX and ODT written by LibreOffice, the Arabic in Windows-1256, ISO-8859-6 and UTF-16,
//! and hostile files.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLE: &str = "samples/ankara-2022-11-14";

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(SAMPLE)
        .join(name)
}

fn qarin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qarin"))
        .args(args)
        .output()
        .expect("qarin runs")
}

fn ok(args: &[&str]) -> Output {
    let out = qarin(args);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "qarin {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn every_form_of_the_sample_segments_as_the_plain_text() {
    let ar = std::fs::read_to_string(sample("ar.sent")).unwrap();
    for (file, encoding) in [
        ("page.html", None),
        ("ar.windows-1256.txt", Some("windows-1256")),
        ("ar.iso-8859-6.txt", Some("ISO-8859-6")),
        ("ar.utf-16.txt", Some("UTF-16LE")),
    ] {
        let out = ok(&["segment", path(&sample(file))]);
        assert_eq!(stdout(&out), ar, "{file}");
        if let Some(name) = encoding {
            assert!(
                stderr(&out).contains(&format!("read as {name}")),
                "{file}: {}",
                stderr(&out)
            );
        }
    }
    let en = std::fs::read_to_string(sample("en.sent")).unwrap();
    for file in ["en.docx", "en.odt"] {
        assert_eq!(stdout(&ok(&["segment", path(&sample(file))])), en, "{file}");
    }
}

#[test]
fn the_page_json_shows_roles_and_where_each_sentence_came_from() {
    let out = ok(&["segment", "--format", "json", path(&sample("page.html"))]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let segments = json["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 25);
    let role = |i: usize| segments[i]["role"].as_str().unwrap();
    // Banner, section name, "read more" and "breaking news" are furniture; the headline a
    // heading; its repetition under the photo a caption; the body paragraphs.
    for i in [0, 1, 23, 24] {
        assert_eq!(role(i), "boilerplate", "{}", segments[i]["text"]);
    }
    assert_eq!(role(2), "heading");
    assert_eq!(role(4), "caption");
    assert!((5..23).all(|i| role(i) == "paragraph"));
    assert!(segments[2]["element"]
        .as_str()
        .unwrap()
        .ends_with("article/header/h1"));
    assert!(segments[6]["element"].as_str().unwrap().ends_with("p[2]"));
    // The site around the article is left out, and the notice says so.
    let text = stdout(&out);
    for site in [
        "الرئيسية",
        "مقالات ذات صلة",
        "الأكثر قراءة",
        "not article text",
        "dataLayer",
    ] {
        assert!(!text.contains(site), "{site} leaked into the article");
    }
    assert!(
        stderr(&out).contains("--keep-boilerplate"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn keep_boilerplate_keeps_the_whole_page_and_marks_nothing() {
    let out = ok(&[
        "segment",
        "--format",
        "json",
        "--keep-boilerplate",
        path(&sample("page.html")),
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let segments = json["segments"].as_array().unwrap();
    assert!(segments.len() > 40, "{}", segments.len());
    assert!(segments.iter().all(|s| s["role"] != "boilerplate"));
    assert!(stdout(&out).contains("الرئيسية"));
    // Scripts are never text, whatever the flag.
    assert!(!stdout(&out).contains("dataLayer"));
}

/// The links (sides and scores) and findings of a review folder.
fn review(source: &Path, target: &Path, dir: &Path) -> (Vec<Value>, Vec<Value>, String) {
    let out = qarin(&["review", path(source), path(target), "-o", path(dir)]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    let bitext: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("bitext.json")).unwrap()).unwrap();
    let findings: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("findings.json")).unwrap()).unwrap();
    let links = bitext["links"].as_array().unwrap().clone();
    let findings = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            serde_json::json!([
                f["rule"],
                f["entity"],
                f["found"],
                f["source"]["index"],
                f["target"]["index"]
            ])
        })
        .collect();
    (
        links,
        findings,
        std::fs::read_to_string(dir.join("memory.tmx")).unwrap(),
    )
}

#[test]
fn reviewing_the_page_and_the_word_file_gives_what_the_plain_text_gives() {
    let tmp = tempfile::tempdir().unwrap();
    for (plain, office) in [
        ("en.txt", "en.docx"),
        ("en-inconsistent.txt", "en-inconsistent.docx"),
    ] {
        let (plain_links, plain_findings, _) =
            review(&sample("ar.txt"), &sample(plain), &tmp.path().join(plain));
        let (links, findings, tmx) = review(
            &sample("page.html"),
            &sample(office),
            &tmp.path().join(office),
        );
        assert_eq!(links, plain_links, "{office}");
        assert_eq!(findings, plain_findings, "{office}");
        assert!(!findings.is_empty());
        for furniture in ["معركة أولي البأس", "إقرأ المزيد", "خبر عاجل"]
        {
            assert!(!tmx.contains(furniture), "{furniture} in the TMX");
        }
        assert_eq!(tmx.matches("<tu ").count(), 19);
    }
    let report = std::fs::read_to_string(tmp.path().join("en.docx/report.html")).unwrap();
    assert_eq!(report.matches("<p class=\"furniture\"").count(), 4);
    assert_eq!(
        report
            .matches("site furniture: not for translation")
            .count(),
        4
    );
}

#[test]
fn furniture_paired_with_furniture_stays_out_of_the_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let ar = tmp.path().join("ar.txt");
    let en = tmp.path().join("en.txt");
    std::fs::write(&ar, "قال بيسكوف إن المحادثات جرت في أنقرة.\nاقرأ أيضا\n").unwrap();
    std::fs::write(
        &en,
        "Peskov said the talks were held in Ankara.\nRead also\n",
    )
    .unwrap();
    let out = ok(&["align", path(&ar), path(&en), "--format", "tmx"]);
    let tmx = stdout(&out);
    assert_eq!(tmx.matches("<tu ").count(), 1, "{tmx}");
    assert!(!tmx.contains("Read also"));
    let keep = ok(&[
        "align",
        path(&ar),
        path(&en),
        "--format",
        "json",
        "--keep-boilerplate",
    ]);
    assert!(!stdout(&keep).contains("boilerplate"));
}

#[test]
fn legacy_encodings_are_named_or_the_reader_stops() {
    let tmp = tempfile::tempdir().unwrap();
    // Two high bytes: nothing to tell Arabic in Windows-1256 from Latin in Windows-1252.
    let short = tmp.path().join("short.txt");
    std::fs::write(&short, b"Report \xC7\xE1 talks\n").unwrap();
    let out = qarin(&["segment", path(&short)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--encoding"), "{}", stderr(&out));
    let out = ok(&["segment", "--encoding", "windows-1256", path(&short)]);
    assert_eq!(stdout(&out), "Report ال talks\n");
    // A named encoding that the bytes do not fit is an error, not mojibake.
    let out = qarin(&[
        "segment",
        "--encoding",
        "iso-8859-6",
        path(&sample("ar.windows-1256.txt")),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("not valid ISO-8859-6"),
        "{}",
        stderr(&out)
    );
    let out = qarin(&["segment", "--encoding", "klingon", path(&short)]);
    assert_eq!(out.status.code(), Some(2));
    // Every command that reads a document takes the flags.
    let out = ok(&[
        "check",
        path(&sample("ar.windows-1256.txt")),
        path(&sample("en.odt")),
        "--format",
        "json",
    ]);
    assert!(stderr(&out).contains("windows-1256"));
    let out = ok(&["terms", path(&sample("ar.iso-8859-6.txt"))]);
    assert!(stdout(&out).contains("ناريشكين"));
}

#[test]
fn files_that_are_not_what_they_say_are_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let fake = tmp.path().join("translation.docx");
    std::fs::write(&fake, "I am plain text with a .docx name.\n").unwrap();
    let out = qarin(&["segment", path(&fake)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("translation.docx") && err.contains("not a zip"),
        "{err}"
    );
    let out = qarin(&["segment", "--input-format", "text", path(&fake)]);
    assert_eq!(out.status.code(), Some(0));
    let old = tmp.path().join("old.doc");
    std::fs::write(&old, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0").unwrap();
    let out = qarin(&["align", path(&old), path(&sample("en.txt"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--convert-to docx"),
        "{}",
        stderr(&out)
    );
    let out = qarin(&["segment", "--input-format", "pdf", path(&old)]);
    assert_eq!(out.status.code(), Some(2));
}

/// A `.docx` whose document part inflates to 260 MiB from well under a megabyte.
fn zip_bomb() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6));
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>")
        .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..260 {
        zip.write_all(&chunk).unwrap();
    }
    zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

#[test]
fn a_zip_bomb_is_stopped_with_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let bomb = tmp.path().join("bomb.docx");
    let bytes = zip_bomb();
    assert!(bytes.len() < 2 << 20, "{} bytes", bytes.len());
    std::fs::write(&bomb, bytes).unwrap();
    let out = qarin(&["segment", path(&bomb)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bomb.docx") && err.contains("more than 256 MiB"),
        "{err}"
    );
}

#[test]
fn deep_and_huge_pages_are_read_without_trouble() {
    let tmp = tempfile::tempdir().unwrap();
    let deep = tmp.path().join("deep.html");
    std::fs::write(
        &deep,
        format!(
            "<html><body>{}<p>Deep text.</p>{}</body></html>",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        ),
    )
    .unwrap();
    assert_eq!(stdout(&ok(&["segment", path(&deep)])), "Deep text.\n");

    // 50 MB: the sample page with its body repeated.
    let page = std::fs::read_to_string(sample("page.html")).unwrap();
    let start = page.find("<div class=\"article-body\">").unwrap();
    let end = start + page[start..].find("</div>").unwrap();
    let body = &page[start + 26..end];
    let copies = 50_000_000 / body.len() + 1;
    let mut big = String::with_capacity(page.len() + body.len() * copies);
    big.push_str(&page[..start + 26]);
    for _ in 0..copies {
        big.push_str(body);
    }
    big.push_str(&page[end..]);
    let huge = tmp.path().join("huge.html");
    std::fs::write(&huge, &big).unwrap();
    drop(big);
    let out = ok(&["segment", path(&huge)]);
    let lines = stdout(&out).lines().count();
    assert_eq!(lines, 7 + 18 * copies, "every copy of the body is kept");
}

#[test]
fn folders_of_one_site_teach_its_furniture() {
    let tmp = tempfile::tempdir().unwrap();
    let (ar, en) = (tmp.path().join("ar"), tmp.path().join("en"));
    std::fs::create_dir_all(&ar).unwrap();
    std::fs::create_dir_all(&en).unwrap();
    let stories = [
        ("بيسكوف", "Peskov"),
        ("بيرنز", "Burns"),
        ("ناريشكين", "Naryshkin"),
        ("سوليفان", "Sullivan"),
    ];
    for (k, (name_ar, name_en)) in stories.iter().enumerate() {
        std::fs::write(
            ar.join(format!("{k}.txt")),
            format!("موقع الأفق\nقال {name_ar} إن المحادثات جرت في أنقرة.\n"),
        )
        .unwrap();
        std::fs::write(
            en.join(format!("{k}.txt")),
            format!("{name_en} said the talks were held in Ankara.\n"),
        )
        .unwrap();
    }
    let out = qarin(&["check", path(&ar), path(&en)]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("8 files: 1 short line they share"),
        "{}",
        stderr(&out)
    );
    let out = qarin(&["check", path(&ar), path(&en), "--keep-boilerplate"]);
    assert!(!stderr(&out).contains("short lines"), "{}", stderr(&out));
}
