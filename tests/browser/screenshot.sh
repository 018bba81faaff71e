#!/usr/bin/env bash
# Renders the Ankara sample's side-by-side reports in headless Chromium and saves PNGs (and a
# PDF of the print layout), so a person can look at them: the Arabic column right-to-left,
# letters joined, names tied to their English, findings marked. Not run in CI (a browser is
# too heavy for it); the HTML5 validator in tests/report.rs is what CI checks.
#
# Usage: tests/browser/screenshot.sh [OUT_DIR]        (default: target/screenshots)
# Needs: apt-get install -y chromium fonts-noto-core fonts-hosny-amiri
#        (Noto Naskh Arabic is the report's first Arabic font, Amiri its second.)
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${1:-target/screenshots}
sample=samples/ankara-2022-11-14
mkdir -p "$out"
out=$(cd "$out" && pwd)

for tool in chromium; do
  command -v "$tool" >/dev/null || { echo "screenshot.sh: $tool is missing: apt-get install -y chromium" >&2; exit 2; }
done
if ! fc-list : family 2>/dev/null | grep -i "Noto Naskh Arabic" >/dev/null; then
  echo "screenshot.sh: warning: Noto Naskh Arabic is not installed (apt-get install -y fonts-noto-core);" \
       "the Arabic will be drawn with a fallback font" >&2
fi

cargo build --quiet
qarin=target/debug/qarin
# The view of a translation with name errors, and of its revision (what the reviser fixed).
"$qarin" diff "$sample/ar.txt" "$sample/en-inconsistent.txt" --format html -o "$out/report.html"
"$qarin" diff "$sample/ar.txt" "$sample/en-inconsistent.txt" "$sample/en.txt" --format html \
  -o "$out/revision.html"

shoot() { # shoot PAGE PNG [extra chromium flags…]
  local page=$1 png=$2 profile
  shift 2
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" "file://$page" >/dev/null 2>&1
  rm -rf "$profile"
  [ -s "$png" ] || { echo "screenshot.sh: chromium wrote no $png" >&2; exit 1; }
  echo "$png"
}

shoot "$out/report.html" "$out/report.png" --screenshot="$out/report.png" --window-size=1400,2000
shoot "$out/revision.html" "$out/revision.png" --screenshot="$out/revision.png" --window-size=1400,2000
# The "only findings" filter as a reader without JavaScript gets it: the same page with the
# script removed and that radio button checked in the markup (CSS alone hides the rows).
sed '/^<script>$/,/^<\/script>$/d; s/id="show-all" checked>/id="show-all">/; s/id="show-findings">/id="show-findings" checked>/' \
  "$out/report.html" > "$out/findings-only.html"
if grep -q "<script>" "$out/findings-only.html"; then
  echo "screenshot.sh: could not strip the script from the page" >&2; exit 1
fi
shoot "$out/findings-only.html" "$out/findings-only.png" --screenshot="$out/findings-only.png" \
  --window-size=1400,1400
# Close-up at twice the pixel density, to judge the Arabic letter forms.
shoot "$out/report.html" "$out/closeup.png" --screenshot="$out/closeup.png" \
  --window-size=900,1100 --force-device-scale-factor=2
shoot "$out/report.html" "$out/report.pdf" --print-to-pdf="$out/report.pdf" --no-pdf-header-footer
