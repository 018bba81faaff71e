#!/bin/sh
# NTREX 123 pairs: one qarin corpus run (segment + align + check, per-pair bitexts, the
# corpus TMX and XLIFF, findings, summary) against a shell loop of hunalign (align only,
# empty dictionary, output to /dev/null) over the same pairs, in one hyperfine run, then
# each command once under /usr/bin/time for its CPU use. For docs/evaluation.md:
#
#     benches/corpus_compare.sh /path/to/hunalign [qarin binary] [other qarin binary]
#
# hunalign is built from its repository (src/hunalign: make); hyperfine is Debian's.
set -eu
HUNALIGN=$(realpath "${1:?usage: corpus_compare.sh HUNALIGN [QARIN] [QARIN2]}")
QARIN=${2:-target/release/qarin}
OTHER=${3:-}
N=$(cd "${NTREX:-../shared/data/align/ntrex_ar_en/docs}" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
: > "$WORK/empty.dic"
LOOP="cd $WORK; for f in $N/ar/*; do $HUNALIGN $WORK/empty.dic \$f $N/en/\${f##*/} > /dev/null 2>&1; done"
set -- -n hunalign-loop "$LOOP" \
    -n qarin "rm -rf $WORK/out; $QARIN align $N/ar $N/en -o $WORK/out 2> /dev/null"
if [ -n "$OTHER" ]; then
    set -- "$@" -n other "rm -rf $WORK/out2; $OTHER align $N/ar $N/en -o $WORK/out2 2> /dev/null"
fi
hyperfine -i -w 2 -r "${RUNS:-10}" --export-json "$WORK/h.json" "$@"
python3 - "$WORK/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
h = r["hunalign-loop"]
for name in r:
    if name == "hunalign-loop":
        continue
    q = r[name]
    print(f"{name}: {q['mean']*1000:.0f} ms (user {q['user']*1000:.0f}, sys {q['system']*1000:.0f}) "
          f"vs hunalign loop {h['mean']*1000:.0f} ms: {h['mean']/q['mean']:.2f}x faster, "
          f"CPU {(q['user']+q['system'])/q['mean']:.2f} cores")
PY
