"""Writes N JSONL records for `qarin align --jsonl`: the NTREX document pairs repeated with
perturbations (a seed per copy: adjacent lines merged on one side, lines dropped on one side),
so no two copies are the same input. For the corpus-mode measures in docs/evaluation.md:

    python3 benches/corpus_records.py 10000 > /tmp/records.jsonl
    /usr/bin/time -v target/release/qarin align --jsonl --segmented < /tmp/records.jsonl > /dev/null
"""

import json
import os
import random
import sys

DOCS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "align", "ntrex_ar_en", "docs")


def perturb(lines, rng):
    out = []
    i = 0
    while i < len(lines):
        r = rng.random()
        if r < 0.05 and i + 1 < len(lines):
            out.append(lines[i] + " " + lines[i + 1])
            i += 2
        elif r < 0.08:
            i += 1
        else:
            out.append(lines[i])
            i += 1
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    docs = sys.argv[2] if len(sys.argv) > 2 else DOCS
    names = sorted(os.listdir(os.path.join(docs, "ar")))
    pairs = []
    for name in names:
        with open(os.path.join(docs, "ar", name), encoding="utf-8") as f:
            ar = f.read().splitlines()
        with open(os.path.join(docs, "en", name), encoding="utf-8") as f:
            en = f.read().splitlines()
        pairs.append((name, ar, en))
    out = sys.stdout
    for k in range(n):
        name, ar, en = pairs[k % len(pairs)]
        rng = random.Random(k)
        copy = k // len(pairs)
        if copy > 0:
            ar, en = perturb(ar, rng), perturb(en, rng)
        record = {"id": f"{name}#{copy}", "source": "\n".join(ar), "target": "\n".join(en)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
