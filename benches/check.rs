//! Checking all 123 NTREX Arabic–English documents (1,997 sentence pairs, linked 1-1 as the
//! corpus is built), with the built-in glossary: the figure behind "checking all of NTREX
//! takes well under a second". Measured in the same run: the glossary matching alone over
//! both sides (the part of the check that every rule shares), so the ratio says what the
//! rules add on top.
//!
//! Run: `cargo bench --bench check`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use qarin::check::{CheckConfig, Checker};
use qarin::glossary::{Glossary, Matcher};
use qarin::{Bitext, Document, Lang, Link};
use std::hint::black_box;
use std::path::Path;

fn ntrex() -> Vec<Bitext> {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/align/ntrex_ar_en/docs");
    let mut names: Vec<_> = std::fs::read_dir(docs.join("ar"))
        .expect("../shared/data/align/ntrex_ar_en/docs/ar")
        .map(|e| e.expect("directory entry").file_name())
        .collect();
    names.sort();
    names
        .iter()
        .map(|name| {
            let read =
                |side: &str| std::fs::read_to_string(docs.join(side).join(name)).expect("document");
            let (ar, en) = (read("ar"), read("en"));
            let ar: Vec<&str> = ar.lines().collect();
            let en: Vec<&str> = en.lines().collect();
            let n = ar.len().min(en.len()) as u32;
            Bitext {
                source: Document::from_sentences(Lang::arabic(), &ar),
                target: Document::from_sentences(Lang::english(), &en),
                links: (0..n).map(|i| Link::new(i..i + 1, i..i + 1, 1.0)).collect(),
                verdict: None,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let bitexts = ntrex();
    let bytes: usize = bitexts
        .iter()
        .flat_map(|b| b.source.segments.iter().chain(&b.target.segments))
        .map(|s| s.text.len())
        .sum();
    let glossary = Glossary::builtin();
    let config = CheckConfig::default();
    let mut group = c.benchmark_group("ntrex_123_documents");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("qarin_check", |b| {
        let checker = Checker::new(glossary);
        b.iter(|| {
            let findings: usize = bitexts
                .iter()
                .map(|bitext| checker.check(bitext, &config).findings.len())
                .sum();
            black_box(findings)
        })
    });
    group.bench_function("glossary_matching_only", |b| {
        let matcher = Matcher::new(glossary);
        let (ar, en) = (Lang::arabic(), Lang::english());
        b.iter(|| {
            let mut hits = 0;
            for bitext in &bitexts {
                for s in &bitext.source.segments {
                    hits += matcher.find(&s.text, &ar).len();
                }
                for s in &bitext.target.segments {
                    hits += matcher.find(&s.text, &en).len();
                }
            }
            black_box(hits)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
