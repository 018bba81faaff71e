"""Writes one long document pair, one sentence a line: the NTREX pairs concatenated as often
as needed, every copy after the first perturbed with its own seed (the perturbation of
benches/corpus_records.py), until the Arabic side has N sentences. For the single-document
speed figure of docs/evaluation.md (corpus mode):

    python3 benches/corpus_long.py 100000 /tmp/long
    qarin align --segmented /tmp/long.ar /tmp/long.en -o /tmp/long.links
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
from corpus_records import DOCS, perturb  # noqa: E402


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    stem = sys.argv[2] if len(sys.argv) > 2 else "long"
    names = sorted(os.listdir(os.path.join(DOCS, "ar")))
    pairs = []
    for name in names:
        with open(os.path.join(DOCS, "ar", name), encoding="utf-8") as f:
            ar = f.read().splitlines()
        with open(os.path.join(DOCS, "en", name), encoding="utf-8") as f:
            en = f.read().splitlines()
        pairs.append((ar, en))
    src, tgt = [], []
    k = 0
    while len(src) < n:
        ar, en = pairs[k % len(pairs)]
        if k >= len(pairs):
            rng = random.Random(k)
            ar, en = perturb(ar, rng), perturb(en, rng)
        src.extend(ar)
        tgt.extend(en)
        k += 1
    with open(stem + ".ar", "w", encoding="utf-8") as f:
        f.write("\n".join(src) + "\n")
    with open(stem + ".en", "w", encoding="utf-8") as f:
        f.write("\n".join(tgt) + "\n")
    print(f"{stem}.ar: {len(src)} sentences, {stem}.en: {len(tgt)}", file=sys.stderr)


if __name__ == "__main__":
    main()
