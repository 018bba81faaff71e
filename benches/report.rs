//! Side-by-side rendering throughput on real news: the 1,997 NTREX Arabic–English sentence
//! pairs (`../shared/data/align/ntrex_ar_en`), once and repeated 4× to show the cost grows
//! linearly. The peer measured in the same run is qarin's own JSON writer on the same
//! bitext: the least any output of these links costs, so the ratio is what the layout,
//! escaping, highlighting and word diff add.
//!
//! `cargo bench --bench report`

use criterion::{BenchmarkId, Criterion, Throughput};
use qarin::formats::{self, ExportOptions, Format};
use qarin::glossary::Glossary;
use qarin::report::{self, HtmlOptions, Layout, Review, TextOptions};
use qarin::{Bitext, Document, Lang, Link};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const NTREX: &str = "../shared/data/align/ntrex_ar_en";

fn lines(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(NTREX).join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

/// The NTREX pairs `times` over, linked 1-1 (the file is aligned line by line), with a
/// revision that changes one word in every third sentence.
fn corpus(times: usize) -> (Bitext, Bitext) {
    let repeat = |v: Vec<String>| -> Vec<String> {
        let n = v.len() * times;
        v.into_iter().cycle().take(n).collect()
    };
    let ar = repeat(lines("newstest2019-ref.arb.txt"));
    let en = repeat(lines("newstest2019-src.eng.txt"));
    let revised: Vec<String> = en
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if i % 3 == 0 {
                s.replacen(" the ", " a ", 1)
            } else {
                s.clone()
            }
        })
        .collect();
    let links: Vec<Link> = (0..ar.len() as u32)
        .map(|i| Link::new(i..i + 1, i..i + 1, if i % 7 == 0 { 0.4 } else { 0.9 }))
        .collect();
    let bitext = |target: &[String]| Bitext {
        source: Document::from_sentences(Lang::arabic(), &ar),
        target: Document::from_sentences(Lang::english(), target),
        links: links.clone(),
        verdict: None,
    };
    (bitext(&en), bitext(&revised))
}

fn bench(c: &mut Criterion) {
    let glossary = Glossary::builtin();
    let mut group = c.benchmark_group("report");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for times in [1, 4] {
        let (bitext, revised) = corpus(times);
        let highlights = report::highlights(&bitext, Some(&revised), glossary);
        let review = Review::new(&bitext, &[], &highlights);
        let with_revision = Review {
            revised: Some(&revised),
            ..review
        };
        let links = bitext.links.len();
        group.throughput(Throughput::Elements(links as u64));
        group.bench_with_input(
            BenchmarkId::new("json-writer (peer)", links),
            &(),
            |b, _| {
                let writer = formats::writer(Format::Json, &ExportOptions::default());
                b.iter(|| {
                    let mut out = Vec::new();
                    writer.write(black_box(&bitext), &mut out).unwrap();
                    out
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("html", links), &(), |b, _| {
            b.iter(|| report::html(black_box(&review), &HtmlOptions::default()))
        });
        group.bench_with_input(BenchmarkId::new("html+revision", links), &(), |b, _| {
            b.iter(|| report::html(black_box(&with_revision), &HtmlOptions::default()))
        });
        let text = TextOptions {
            width: 140,
            layout: Layout::Columns,
            ..TextOptions::default()
        };
        group.bench_with_input(BenchmarkId::new("text-columns", links), &(), |b, _| {
            b.iter(|| report::text(black_box(&review), &text))
        });
        group.bench_with_input(BenchmarkId::new("markdown", links), &(), |b, _| {
            b.iter(|| report::markdown(black_box(&review), report::LOW_SCORE))
        });
        group.bench_with_input(BenchmarkId::new("highlights", links), &(), |b, _| {
            b.iter(|| report::highlights(black_box(&bitext), None, glossary))
        });
    }
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
