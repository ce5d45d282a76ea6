#!/usr/bin/env bash
# `claimtrack diff` on a one-article pull request, against `report` on the same
# corpus (issue 25): a synthetic corpus of N claims (examples/gen_corpus, seed 1;
# GEN=other: bench/gen_other.py, seed 7) is committed to a new git repository,
# then one article and its annotation (a copy of the first one, under a new
# name: five claims added) are put in the work tree, and these are timed:
#   report warm     claimtrack report --format json, cache in place
#   diff cold       claimtrack diff HEAD --format json, empty cache for the base
#                   side (the work tree's cache warm): what a first run pays
#   diff warm       the same again: both sides from the cache
# Each warm measure is taken REPEAT times (default 5), interleaved; the median
# is kept. Wall seconds and peak RSS from GNU time.
#
# usage: bench/diff.sh [CLAIMS]     default 100000
# Results: a Markdown table on stdout; the repository under target/bench/diff-N.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
repeat=${REPEAT:-5}
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
cargo build --release --quiet --bin claimtrack --example gen_corpus
bin=$PWD/target/release/claimtrack
repo=$PWD/target/bench/diff-$n
cache=$PWD/target/bench/diff-$n-cache
if [ ! -d "$repo/.git" ]; then
  rm -rf "$repo" && mkdir -p "$repo"
  if [ "${GEN:-}" = other ]; then
    python3 bench/gen_other.py "$repo" "$n" 7 2>/dev/null
  else
    ./target/release/examples/gen_corpus "$repo" "$n" 1 2>/dev/null
  fi
  rm -f "$repo/gold.tsv"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.org commit -q -m base
fi
# The pull request: one article and its annotation, in the work tree.
first=$(cd "$repo" && find articles -type f -name '*.txt' | sort | sed -n 1p)
key=${first#articles/}; key=${key%.txt}
cp "$repo/$first" "$repo/articles/pr-new-article.txt"
cp "$repo/claims/$key.yaml" "$repo/claims/pr-new-article.yaml"

export CLAIMTRACK_CACHE_DIR=$cache
rm -rf "$cache"
cd "$repo"
# measure NAME CMD... -> "seconds peakKB"
measure() { /usr/bin/time -f "%e %M" -o /tmp/claimtrack-bench-time "$@" >/dev/null 2>&1 || true; cat /tmp/claimtrack-bench-time; }
median() { python3 -c "import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
"$bin" report --format json >/dev/null 2>&1   # the work tree's cache, warm
"$bin" check >/dev/null 2>&1
read -r cold_t cold_m < <(measure "$bin" diff HEAD --format json)
reports=() diffs=() report_m=0 diff_m=0
for _ in $(seq "$repeat"); do
  read -r t m < <(measure "$bin" report --format json); reports+=("$t"); report_m=$m
  read -r t m < <(measure "$bin" diff HEAD --format json); diffs+=("$t"); diff_m=$m
done
report_t=$(median "${reports[@]}")
diff_t=$(median "${diffs[@]}")
summary=$("$bin" diff HEAD 2>/dev/null | sed -n 1p)
echo "| $n claims, one-article change (\"$summary\") | seconds | peak RSS (MB) | ratio to report warm |"
echo "| --- | ---: | ---: | ---: |"
printf '| report warm (median of %s) | %.2f | %d | 1.0 |\n' "$repeat" "$report_t" $((report_m / 1024))
printf '| diff warm (median of %s) | %.2f | %d | %.1f |\n' "$repeat" "$diff_t" $((diff_m / 1024)) "$(python3 -c "print($diff_t / $report_t)")"
printf '| diff, base side cold | %.2f | %d | %.1f |\n' "$cold_t" $((cold_m / 1024)) "$(python3 -c "print($cold_t / $report_t)")"
