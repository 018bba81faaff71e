//! TMX writing throughput: qarin on 1M sentence pairs (MB/s of TMX produced), and
//! translate-toolkit 3.20.4 writing the same pairs in the same run as the peer.
//!
//! `cargo bench --bench formats` (set QARIN_BENCH_PAIRS for another size). The peer needs
//! `python3` with translate-toolkit; without it the bench says so and measures qarin only.

use criterion::{Criterion, Throughput};
use qarin::formats::{self, ExportOptions, Format};
use qarin::{Bitext, Document, Lang, Link};
use std::hint::black_box;
use std::process::Command;
use std::time::Duration;

/// Arabic news sentences and their English, from the Ankara sample's register.
const POOL: &[(&str, &str)] = &[
    (
        "أكد المتحدث باسم الرئاسة الروسية دميتري بيسكوف أن المحادثات جرت بطلب من الجانب الأمريكي",
        "Kremlin spokesman Dmitry Peskov said the talks were held at the request of the US side",
    ),
    (
        "وأفادت وسائل إعلام تركية أن سيرغي ناريشكين التقى وليام بيرنز في أنقرة",
        "Turkish media reported that Sergei Naryshkin met William Burns in Ankara",
    ),
    (
        "قالت الخدمة الصحفية للبيت الأبيض إن بيرنز حذّر نظيره من عواقب استخدام الأسلحة النووية",
        "The White House press service said Burns warned his counterpart of the consequences of using nuclear weapons",
    ),
    (
        "ولم يتم الكشف عن تفاصيل الاجتماع & المحادثات",
        "No details of the meeting & talks were disclosed",
    ),
];

/// `n` distinct pairs (a running number keeps the duplicate filter from shrinking the
/// output), each a 1-1 link.
fn pairs(n: usize) -> Bitext {
    let mut ar = Vec::with_capacity(n);
    let mut en = Vec::with_capacity(n);
    for i in 0..n {
        let (a, e) = POOL[i % POOL.len()];
        ar.push(format!("{a} ({i})."));
        en.push(format!("{e} ({i})."));
    }
    let links = (0..n as u32)
        .map(|i| Link::new(i..i + 1, i..i + 1, 0.9))
        .collect();
    Bitext {
        source: Document::from_sentences(Lang::arabic(), &ar),
        target: Document::from_sentences(Lang::english(), &en),
        links,
        verdict: None,
    }
}

/// Builds a translate-toolkit TMX store from qarin's TSV of the same pairs and
/// serialises it; prints `pairs bytes seconds` (reading the TSV is not timed).
const TT_WRITE: &str = r#"
import os, sys, time
from translate.storage import tmx
path, out = sys.argv[1], sys.argv[2]
pairs = []
with open(path, encoding="utf-8") as f:
    next(f)
    for line in f:
        _, s, t = line.rstrip("\n").split("\t")
        pairs.append((s, t))
t0 = time.perf_counter()
store = tmx.tmxfile(sourcelanguage="ar", targetlanguage="en")
for s, t in pairs:
    store.addtranslation(s, "ar", t, "en")
with open(out, "wb") as f:
    store.serialize(f)
print(len(pairs), os.path.getsize(out), time.perf_counter() - t0)
"#;

fn translate_toolkit_peer(bitext: &Bitext) {
    let dir = tempfile::tempdir().expect("temp dir");
    let tsv = dir.path().join("pairs.tsv");
    let mut out = Vec::new();
    formats::writer(Format::Tsv, &ExportOptions::default())
        .write(bitext, &mut out)
        .expect("tsv");
    std::fs::write(&tsv, out).expect("write tsv");
    let result = Command::new("python3")
        .args(["-c", TT_WRITE])
        .arg(&tsv)
        .arg(dir.path().join("tt.tmx"))
        .output();
    match result {
        Ok(o) if o.status.success() => {
            let line = String::from_utf8_lossy(&o.stdout);
            let f: Vec<f64> = line
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            if let [n, bytes, secs] = f[..] {
                println!(
                    "peer translate-toolkit tmxfile: {n} pairs, {:.1} MB in {secs:.2} s = {:.2} MB/s",
                    bytes / 1e6,
                    bytes / 1e6 / secs
                );
            }
        }
        Ok(o) => println!(
            "peer translate-toolkit not measured: {}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ),
        Err(e) => println!("peer translate-toolkit not measured: python3: {e}"),
    }
}

fn main() {
    let n: usize = std::env::var("QARIN_BENCH_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let bitext = pairs(n);
    let writer = formats::writer(Format::Tmx, &ExportOptions::default());
    let mut sized = Vec::new();
    writer.write(&bitext, &mut sized).expect("tmx");
    println!(
        "qarin TMX for {n} pairs: {:.1} MB",
        sized.len() as f64 / 1e6
    );

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(20))
        .configure_from_args();
    let mut group = c.benchmark_group("tmx_write");
    group.throughput(Throughput::Bytes(sized.len() as u64));
    drop(sized);
    group.bench_function(format!("qarin_{n}_pairs"), |b| {
        b.iter(|| {
            let mut sink = std::io::sink();
            black_box(writer.write(black_box(&bitext), &mut sink).expect("tmx"))
        })
    });
    group.finish();
    c.final_summary();
    translate_toolkit_peer(&bitext);
}
