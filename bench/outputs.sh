#!/usr/bin/env bash
# The outputs a refactoring must not change: `report --format json` and
# `check --format json` (and the table and Markdown report) of the
# repository's corpus, every fixture corpus, Emergent (train and test),
# RumourEval and a 100k-claim generated corpus, written under OUT.
#
#   bench/outputs.sh OUT [DATA]      DATA defaults to ../shared/data
#
# Run it before and after a change with the binary of each, then
# `diff -r before after`. Corpora are made once under target/outputs/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1; data=${2:-../shared/data}
mkdir -p "$out" target/outputs
cargo build --release --quiet --bin claimtrack --example gen_corpus
ct=$PWD/target/release/claimtrack
work=target/outputs
if [ -d "$data/emergent" ]; then
  for split in train test; do
    [ -d "$work/emergent-$split" ] || "$ct" import emergent "$data/emergent/edata_all.csv" \
      --split "$data/emergent/url-versions-2015-06-14-clean-$split.csv" --out "$work/emergent-$split" 2>/dev/null
  done
  [ -d "$work/rumoureval" ] || "$ct" import rumoureval "$data/rumoureval-2017" --out "$work/rumoureval" 2>/dev/null
fi
[ -d "$work/corpus-100000" ] || ./target/release/examples/gen_corpus "$work/corpus-100000" 100000 1 2>/dev/null
corpora=(. "$work"/emergent-train "$work"/emergent-test "$work"/rumoureval "$work"/corpus-100000)
while IFS= read -r d; do corpora+=("$d"); done < <(
  find tests/fixtures -type d \( -name articles -o -name claims \) -printf '%h\n' | sort -u)
for c in "${corpora[@]}"; do
  [ -d "$c" ] || continue
  name=$(echo "$c" | tr '/.' '__')
  for cmd in "report --format json" "report --format markdown" "report" "check --format json"; do
    tag=$(echo "$cmd" | tr ' ' '_')
    COLUMNS=120 "$ct" --no-cache --color never --root "$c" $cmd >"$out/$name.$tag" 2>"$out/$name.$tag.err" || echo "exit $?" >>"$out/$name.$tag.err"
  done
done
echo "wrote $(ls "$out" | wc -l) files to $out"
