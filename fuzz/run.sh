#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 60), one after the other at the lowest
# priority, so a shared machine keeps its other work. With a nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz`) it runs libFuzzer; without them it builds the
# targets on stable and replays the seeds, the kept corpus and the regressions.
#
#   fuzz/run.sh 600                      # every target, 10 minutes each
#   TARGETS="srx check" fuzz/run.sh 60   # some of them
#   SANITIZER=address fuzz/run.sh 600    # with ASan (default none: safe Rust, faster)
#
# A crash input libFuzzer finds is copied to tests/fuzz-regressions/<target>/, where
# `cargo test --test hostile` replays it on stable; make it pass, then commit it.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
targets=${TARGETS:-"segment srx glossary bitext_formats bitext_json_writers check"}
mkdir -p logs
if cargo +nightly fuzz --version >/dev/null 2>&1; then
  for t in $targets; do
    mkdir -p "corpus/$t" "seeds/$t"
    echo "== $t: ${secs}s"
    status=0
    nice -n 19 cargo +nightly fuzz run -s "${SANITIZER:-none}" "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 -timeout=10 \
      -print_final_stats=1 >"logs/$t.log" 2>&1 || status=$?
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE" "logs/$t.log" || true
    if compgen -G "artifacts/$t/*" >/dev/null; then
      mkdir -p "../tests/fuzz-regressions/$t"
      cp artifacts/"$t"/* "../tests/fuzz-regressions/$t/"
      echo "   $t: crash inputs copied to tests/fuzz-regressions/$t (exit $status)"
    fi
  done
else
  echo "no nightly cargo-fuzz: replaying seeds, corpus and regressions on stable"
  nice -n 19 cargo build --release --bins
  for t in $targets; do nice -n 19 "target/release/$t"; done
fi
