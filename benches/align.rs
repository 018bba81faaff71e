//! Speed and memory of the aligner on 1k, 10k and 100k sentence pairs.
//!
//! `cargo bench --bench align` builds each input by concatenating the NTREX Arabic–English
//! documents (`../shared/data/align/ntrex_ar_en/docs`) as often as needed, perturbed
//! (merged and dropped sentences, a different seed per copy) so the path is not a plain
//! diagonal, aligns it with the built-in glossary, then with the glossary and the built-in word
//! lexicon (the default for Arabic–English), and prints wall time, peak heap memory
//! (a counting global allocator) and strict F1 against the perturbed gold. Time per 1,000
//! sentences must stay flat from 1k to 100k: the search is linear.
//!
//! The inputs are also written to `target/bench-align/<n>.{ar,en}` so that
//! `python3 benches/galechurch_compare.py` can run the PyPI package `galechurch` (0.1.0) on the
//! very same sentences and print the ratio.

use qarin::align::eval::{self, GoldPair, LinkIds, Perturbation, SplitMix};
use qarin::align::{align_with, AlignConfig, Signals};
use qarin::glossary::Matcher;
use qarin::lexicon::Lexicon;
use qarin::{Document, Lang};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts live heap bytes and remembers the peak since the last reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const DOCS: &str = "../shared/data/align/ntrex_ar_en/docs";

fn load_ntrex() -> Vec<GoldPair> {
    let mut names: Vec<String> = std::fs::read_dir(Path::new(DOCS).join("ar"))
        .unwrap_or_else(|e| {
            panic!("{DOCS}/ar: {e} (the benchmark needs ../shared beside the repository)")
        })
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let read = |side: &str, name: &str| {
        std::fs::read_to_string(Path::new(DOCS).join(side).join(name)).unwrap()
    };
    names
        .iter()
        .map(|n| GoldPair {
            source: read("ar", n).lines().map(str::to_string).collect(),
            target: read("en", n).lines().map(str::to_string).collect(),
            gold: eval::parse_links(&read("gold", n)).unwrap(),
        })
        .collect()
}

/// About `sentences` source sentences: copies of the corpus, each perturbed differently.
fn build(corpus: &[GoldPair], sentences: usize) -> GoldPair {
    let p = Perturbation::parse(
        "merge-source=0.05,merge-target=0.05,drop-source=0.03,drop-target=0.03",
    )
    .unwrap();
    let mut rng = SplitMix::new(42);
    let mut docs = Vec::new();
    let mut count = 0;
    'outer: loop {
        for d in corpus {
            let d = eval::perturb(d, &p, &mut rng);
            count += d.source.len();
            docs.push(d);
            if count >= sentences {
                break 'outer;
            }
        }
    }
    eval::join(&docs)
}

fn main() {
    // `cargo bench` passes `--bench`; a size list may follow `--`.
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 100_000]
    } else {
        sizes
    };
    let corpus = load_ntrex();
    let matcher = Matcher::builtin();
    let config = AlignConfig::default();
    let out_dir = Path::new("target/bench-align");
    std::fs::create_dir_all(out_dir).unwrap();
    println!(
        "qarin align: NTREX ar-en concatenated and perturbed, built-in glossary, release build"
    );
    println!(
        "{:>9} {:>9} {:>9} {:>12} {:>13} {:>10}  signals",
        "src sent", "tgt sent", "time s", "ms/1k sent", "peak heap MB", "strict F1"
    );
    // Each size is aligned twice in the same run: with the glossary alone (the aligner
    // before the lexicon) and with the built-in word lexicon too (the default for ar-en).
    let runs: [(&str, Option<&Lexicon>); 2] = [
        ("glossary", None),
        ("glossary+lexicon", Some(Lexicon::builtin())),
    ];
    for n in sizes {
        let pair = build(&corpus, n);
        std::fs::write(
            out_dir.join(format!("{n}.ar")),
            pair.source.join("\n") + "\n",
        )
        .unwrap();
        std::fs::write(
            out_dir.join(format!("{n}.en")),
            pair.target.join("\n") + "\n",
        )
        .unwrap();
        let source = Document::from_sentences(Lang::arabic(), &pair.source);
        let target = Document::from_sentences(Lang::english(), &pair.target);
        for (name, lexicon) in runs {
            let signals = Signals {
                matcher: Some(matcher),
                lexicon,
                ..Signals::default()
            };
            let base = LIVE.load(Ordering::Relaxed);
            PEAK.store(base, Ordering::Relaxed);
            let start = Instant::now();
            let bitext = align_with(&source, &target, &signals, &config, &mut |_| {});
            let secs = start.elapsed().as_secs_f64();
            let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
            let pred: Vec<LinkIds> = bitext.links.iter().map(LinkIds::from).collect();
            let f1 = eval::score(&[(pair.gold.clone(), pred)]).f1_strict;
            let total = pair.source.len() + pair.target.len();
            println!(
                "{:>9} {:>9} {:>9.3} {:>12.2} {:>13.1} {:>10.3}  {name}",
                pair.source.len(),
                pair.target.len(),
                secs,
                secs * 1000.0 / (total as f64 / 1000.0),
                peak as f64 / 1e6,
                f1
            );
            // The result is kept alive until after measuring, so its size counts in the peak.
            drop(bitext);
        }
    }
}
