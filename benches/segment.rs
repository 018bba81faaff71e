//! Sentence segmentation throughput on Arabic news text: qarin against the UAX #29
//! segmenters of `icu_segmenter` 2.x and `unicode-segmentation`, in one run so the ratios
//! are fair. The corpus (≥ 10 MB) is built at bench time from the Arabic texts in
//! `../shared/data`, repeated until it is large enough.
//!
//! Before timing, it prints boundary F1 / exact-document share of the three segmenters on
//! every gold set in `../shared/data/seg/`, so accuracy and speed come from one run.
//!
//! Run: `cargo bench --bench segment` (figures go into docs/evaluation.md).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use icu_segmenter::options::SentenceBreakInvariantOptions;
use icu_segmenter::SentenceSegmenter;
use qarin::segment::eval::{read_gold_file, Tally};
use qarin::segment::{segment, Progress, Segmenter};
use qarin::Lang;
use std::hint::black_box;
use std::time::Duration;
use unicode_segmentation::UnicodeSegmentation;

const TARGET_BYTES: usize = 10 * 1024 * 1024;

/// The Arabic texts of the shared data: gold segmentation sets (paragraphs joined by
/// blank lines) and the NTREX Arabic reference (one sentence per line).
fn arabic_corpus() -> String {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let mut pieces = Vec::new();
    for set in ["padt/test", "pud/test", "ersatz_ar/dev"] {
        let path = shared.join(format!("seg/{set}.jsonl"));
        let jsonl = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (the bench needs ../shared)", path.display()));
        for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
            let doc: serde_json::Value = serde_json::from_str(line).expect("gold line is JSON");
            if let Some(text) = doc["text"].as_str() {
                pieces.push(text.to_string());
            }
        }
    }
    let ntrex = shared.join("align/ntrex_ar_en/newstest2019-ref.arb.txt");
    pieces.push(
        std::fs::read_to_string(&ntrex)
            .unwrap_or_else(|e| panic!("{}: {e} (the bench needs ../shared)", ntrex.display())),
    );
    let once = pieces.join("\n\n");
    let mut corpus = String::with_capacity(TARGET_BYTES + once.len());
    while corpus.len() < TARGET_BYTES {
        corpus.push_str(&once);
        corpus.push_str("\n\n");
    }
    corpus
}

/// The gold sets and the language qarin is told for each.
const GOLD_SETS: &[(&str, &str)] = &[
    ("padt/test", "ar"),
    ("pud/test", "ar"),
    ("ersatz_ar/dev", "ar"),
    ("ewt/dev", "en"),
    ("gum/dev", "en"),
];

/// Prints boundary F1 and exact-document share per gold set for qarin and both UAX #29
/// segmenters (all scored with `qarin::segment::eval`, which agrees with seg_score.py).
fn print_accuracy() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/seg");
    let icu = SentenceSegmenter::new(SentenceBreakInvariantOptions::default());
    println!("boundary F1 % / exact docs %   qarin | icu_segmenter | unicode-segmentation");
    for (set, lang) in GOLD_SETS {
        let path = shared.join(format!("{set}.jsonl"));
        let docs =
            read_gold_file(&path).unwrap_or_else(|e| panic!("{e} (the bench needs ../shared)"));
        let lang = Lang::new(lang);
        let (mut ours, mut icu_tally, mut uax) =
            (Tally::default(), Tally::default(), Tally::default());
        for doc in &docs {
            let text = doc.text.as_str();
            let pred: Vec<String> = segment(text, &lang).into_iter().map(|s| s.text).collect();
            ours.add(&doc.sentences, Some(pred.as_slice()));
            let mut pieces = Vec::new();
            let mut prev = 0;
            for b in icu.segment_str(text) {
                if b > prev {
                    pieces.push(&text[prev..b]);
                    prev = b;
                }
            }
            icu_tally.add(&doc.sentences, Some(pieces.as_slice()));
            let pieces: Vec<&str> = text.split_sentence_bounds().collect();
            uax.add(&doc.sentences, Some(pieces.as_slice()));
        }
        let show = |t: &Tally| {
            let s = t.score();
            format!("{:.1} / {:.1}", s.f1 * 100.0, s.exact_doc_share * 100.0)
        };
        println!(
            "{set:<14} {:>14} | {:>13} | {:>13}",
            show(&ours),
            show(&icu_tally),
            show(&uax)
        );
    }
}

fn bench(c: &mut Criterion) {
    print_accuracy();
    let text = arabic_corpus();
    let lang = Lang::arabic();
    let mut group = c.benchmark_group("segment_arabic");
    group
        .throughput(Throughput::Bytes(text.len() as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));

    group.bench_function("qarin_segment", |b| {
        b.iter(|| black_box(segment(black_box(&text), &lang)).len())
    });
    let segmenter = Segmenter::new(&lang);
    group.bench_function("qarin_spans", |b| {
        b.iter(|| {
            let mut n = 0usize;
            segmenter.spans(black_box(&text), &mut Progress::default(), |span, _| {
                n += span.len();
            });
            n
        })
    });
    let icu = SentenceSegmenter::new(SentenceBreakInvariantOptions::default());
    group.bench_function("icu_segmenter", |b| {
        b.iter(|| icu.segment_str(black_box(&text)).count())
    });
    group.bench_function("unicode_segmentation", |b| {
        b.iter(|| black_box(&text).split_sentence_bounds().count())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
