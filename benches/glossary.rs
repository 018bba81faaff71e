//! Matching the built-in glossary over all the Arabic text in `../shared/data/` (the NTREX
//! newstest Arabic reference and the PADT, PUD and ersatz Arabic segmentation sets).
//!
//! `qarin` is the real matcher: normalisation with an offset map, one Aho–Corasick pass,
//! proclitic and word-boundary checks, leftmost-longest resolution. Measured in the same
//! run: the normaliser alone, the bare automaton over normalised text (the floor the
//! matcher adds its checks to), and the loop over entries the issue rules out
//! (`str::match_indices` per form).
//!
//! Run: `cargo bench --bench glossary`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use qarin::glossary::{Glossary, Matcher};
use qarin::text::arabic::normalize_arabic;
use qarin::Lang;
use std::hint::black_box;
use std::path::Path;

fn arabic_corpus() -> String {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let mut text = std::fs::read_to_string(data.join("align/ntrex_ar_en/newstest2019-ref.arb.txt"))
        .expect("../shared/data/align/ntrex_ar_en/newstest2019-ref.arb.txt");
    for set in [
        "seg/padt/test.jsonl",
        "seg/pud/test.jsonl",
        "seg/ersatz_ar/dev.jsonl",
    ] {
        let jsonl =
            std::fs::read_to_string(data.join(set)).unwrap_or_else(|e| panic!("{set}: {e}"));
        for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            if let Some(t) = record["text"].as_str() {
                text.push('\n');
                text.push_str(t);
            }
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = arabic_corpus();
    let glossary = Glossary::builtin();
    let matcher = Matcher::new(glossary);
    let lang = Lang::arabic();
    let forms: Vec<String> = glossary
        .entities
        .iter()
        .flat_map(|e| e.ar.iter().map(|f| normalize_arabic(f).text))
        .collect();
    let bare = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&forms)
        .unwrap();
    let normalized = normalize_arabic(&text).text;

    let mut group = c.benchmark_group("glossary-arabic");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("qarin-matcher", |b| {
        b.iter(|| matcher.find(black_box(&text), &lang).len())
    });
    group.bench_function("normalize-only", |b| {
        b.iter(|| normalize_arabic(black_box(&text)).text.len())
    });
    group.bench_function("bare-automaton", |b| {
        b.iter(|| bare.find_iter(black_box(&normalized)).count())
    });
    group.bench_function("loop-over-entries", |b| {
        b.iter(|| {
            forms
                .iter()
                .map(|f| black_box(&normalized).match_indices(f.as_str()).count())
                .sum::<usize>()
        })
    });
    group.finish();

    // The size and yield of the run, for the scoreboard.
    let found = matcher.find(&text, &lang).len();
    eprintln!(
        "corpus: {} bytes of Arabic, {} entities, {} forms, {found} matches",
        text.len(),
        glossary.len(),
        forms.len()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
