#!/usr/bin/env python3
"""qarin align against the pip package `galechurch` (a Rust Gale-Church) on the same input.

Runs `cargo bench --bench align` (which aligns 1k, 10k and 100k NTREX-based sentence pairs and
writes them to target/bench-align/<n>.{ar,en}), then galechurch.align on the same sentence
lists, each size in a fresh process so its peak memory (ru_maxrss) is its own, and prints
time, memory and the time ratio. galechurch fills the whole n x m table, so sizes whose table
exceeds --max-cells are skipped with a note.

    python3 -m pip install galechurch==0.1.0         # the peer, from PyPI (abi3 wheels)
    python3 benches/galechurch_compare.py            # from the crate root

The peer is never kept in this repository: PyPI serves the same wheel for Linux x86_64
(CPython >= 3.10). Where PyPI has no wheel for the machine, pip builds one from the sdist
(`--no-binary galechurch` forces that): it fetches maturin itself and needs cargo on PATH.
    python3 benches/galechurch_compare.py --textberg # accuracy on Text+Berg test, both tools
"""
import argparse
import re
import subprocess
import sys
import time

CHILD = r"""
import resource, sys, time, galechurch
n, max_cells = sys.argv[1], int(sys.argv[2])
src = open(f"target/bench-align/{n}.ar", encoding="utf-8").read().splitlines()
tgt = open(f"target/bench-align/{n}.en", encoding="utf-8").read().splitlines()
t = time.perf_counter()
galechurch.align(src, tgt, max_block_size=max_cells)
secs = time.perf_counter() - t
print(secs, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-cells", type=int, default=200_000_000)
    ap.add_argument("--skip-bench", action="store_true", help="reuse the last bench output in target/bench-align/qarin.txt")
    ap.add_argument("--textberg", action="store_true", help="compare strict F1 on Text+Berg test instead of speed")
    a = ap.parse_args()
    try:
        import galechurch  # noqa: F401
    except ImportError:
        sys.exit("galechurch is not installed: python3 -m pip install galechurch==0.1.0")
    if a.textberg:
        return textberg()
    if a.skip_bench:
        bench = open("target/bench-align/qarin.txt", encoding="utf-8").read()
    else:
        bench = subprocess.run(["cargo", "bench", "--bench", "align"], check=True, capture_output=True, text=True).stdout
        open("target/bench-align/qarin.txt", "w", encoding="utf-8").write(bench)
    print(bench)
    rows = []
    for line in bench.splitlines():
        m = re.match(r"\s*(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", line)
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), float(m.group(3)), float(m.group(5))))
    print("%9s %12s %14s %16s %12s" % ("src sent", "qarin s", "galechurch s", "galechurch MB", "gc / qarin"))
    for (n_src, n_tgt, q_secs, q_mb), size in zip(rows, (1000, 10000, 100000)):
        if n_src * n_tgt > a.max_cells:
            print("%9d %12.3f %14s %16s %12s   (galechurch needs a %d x %d table: skipped)" % (n_src, q_secs, "-", "-", "-", n_src, n_tgt))
            continue
        out = subprocess.run([sys.executable, "-c", CHILD, str(size), str(a.max_cells)], capture_output=True, text=True, timeout=1800)
        if out.returncode != 0:
            print("%9d %12.3f   galechurch failed: %s" % (n_src, q_secs, out.stderr.strip().splitlines()[-1:]))
            continue
        g_secs, g_mb = (float(x) for x in out.stdout.split())
        print("%9d %12.3f %14.3f %16.1f %12.2f" % (n_src, q_secs, g_secs, g_mb, g_secs / q_secs))
    return 0


def textberg():
    """Both aligners on the 7 Text+Berg test documents, scored by ../shared/tools/align_score.py."""
    import galechurch
    import os
    d = "../shared/data/align/textberg_de_fr"
    out = "target/bench-align/textberg"
    os.makedirs(out + "/gc", exist_ok=True)
    docs = range(7)
    t = time.perf_counter()
    for k in docs:
        src = open(f"{d}/test{k}.de", encoding="utf-8").read().splitlines()
        tgt = open(f"{d}/test{k}.fr", encoding="utf-8").read().splitlines()
        lines = galechurch.align(src, tgt).to_pharaoh_lines()
        open(f"{out}/gc/{k}.links", "w", encoding="utf-8").write("\n".join(lines) + "\n")
    gc_secs = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run(["cargo", "run", "--release", "--quiet", "--", "eval", "align", "--source-lang", "de", "--target-lang", "fr",
                    "--no-default-glossary", "--source", *[f"{d}/test{k}.de" for k in docs],
                    "--target", *[f"{d}/test{k}.fr" for k in docs], "--gold", *[f"{d}/test{k}.defr" for k in docs],
                    "--write-pred", f"{out}/qarin"], check=True, capture_output=True)
    q_secs = time.perf_counter() - t
    gold = [f"{d}/test{k}.defr" for k in docs]
    for name, secs in (("galechurch", gc_secs), ("qarin", q_secs)):
        pred = [f"{out}/{'gc' if name == 'galechurch' else 'qarin'}/{k}.links" for k in docs]
        res = subprocess.run([sys.executable, "../shared/tools/align_score.py", "--json", "-g", *gold, "-t", *pred],
                             check=True, capture_output=True, text=True).stdout
        f1 = re.search(r'"f1_strict": ([\d.]+)', res).group(1)
        print("%-11s Text+Berg test strict F1 %.3f  (%.2f s incl. process start)" % (name, float(f1), secs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
