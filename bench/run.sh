#!/usr/bin/env bash
# End-to-end benchmark: for each size, a synthetic corpus (examples/gen_corpus,
# seed 1, five claims a file) is measured for
#   floor         read + parse every annotation file with serde-saphyr into a located tree (examples/floor)
#   events floor  the same, parsing into serde's IgnoredAny: the parser alone (examples/floor --events-only)
#   report cold   claimtrack report --format json, no cache
#   report warm   the same again, cache in place, nothing changed
#   check cold / check warm
#   reference     bench/reference.py (PyYAML C loader + rapidfuzz cdist), up to $REF_MAX claims
# with wall time and peak RSS (GNU time), and pair precision/recall/F1 of the
# grouping against the generator's gold (bench/score.py). "Cold" means no
# claimtrack cache; the OS page cache is dropped too when this is allowed.
#
# usage: bench/run.sh [CLAIMS...]          default: 10000 100000 1000000
#        REF_MAX=100000 bench/run.sh ...    largest size the quadratic reference runs at
#        REPEAT=3 bench/run.sh ...          each measure 3 times, interleaved; the least time is kept
#        GEN=other bench/run.sh ...         corpora from bench/gen_other.py (a second, independent
#                                           generator, seed 7) instead of examples/gen_corpus
# Results: a Markdown table on stdout; corpora and outputs under target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
ref_max=${REF_MAX:-100000}
work=target/bench
mkdir -p "$work"

command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
cargo build --release --quiet --bin claimtrack --example gen_corpus --example floor
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet pyyaml rapidfuzz numpy
fi
py="$work/venv/bin/python"
"$py" -c 'import yaml; yaml.CSafeLoader' # the C loader must be there

repeat=${REPEAT:-1}
# least A B -> the smaller of two times (A may be empty)
least() { python3 -c "import sys; print(min(float(x) for x in sys.argv[1:] if x))" "$@"; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }
# measure NAME CMD... -> prints "seconds peak_kb" and keeps stdout in $work/NAME.out
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || true
  cat "$work/$name.time"
}

echo "| claims | files | floor s | events floor s | report cold s (x floor, x events floor) | report warm s (% cold) | check cold s (x floor) | check warm s | peak RSS MB | F1 | reference s | reference F1 | speed-up |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  if [ "${GEN:-}" = other ]; then
    corpus="$work/other-$n"
    [ -f "$corpus/gold.tsv" ] || python3 bench/gen_other.py "$corpus" "$n" 7 2>/dev/null
  else
    corpus="$work/corpus-$n"
    [ -f "$corpus/gold.tsv" ] || ./target/release/examples/gen_corpus "$corpus" "$n" 1 2>/dev/null
  fi
  ct=./target/release/claimtrack
  # The cache lives outside the corpus: a folder of its own, emptied for cold runs.
  export CLAIMTRACK_CACHE_DIR="$work/cache"
  # With REPEAT > 1, every measure is taken REPEAT times, interleaved, and
  # the least time kept: on a shared machine, interference only ever adds.
  floor=; events=; rc=; rw=; cc=; cw=; rc_kb=0; cc_kb=0
  for ((r = 0; r < repeat; r++)); do
    rm -rf "$CLAIMTRACK_CACHE_DIR"; drop_caches
    read -r t _ < <(measure "floor-$n" ./target/release/examples/floor "$corpus"); floor=$(least "$floor" "$t")
    drop_caches
    read -r t _ < <(measure "events-floor-$n" ./target/release/examples/floor "$corpus" --events-only); events=$(least "$events" "$t")
    drop_caches
    read -r t kb < <(measure "report-cold-$n" "$ct" --root "$corpus" report --format json); rc=$(least "$rc" "$t"); rc_kb=$(( kb > rc_kb ? kb : rc_kb ))
    read -r t _ < <(measure "report-warm-$n" "$ct" --root "$corpus" report --format json); rw=$(least "$rw" "$t")
    cmp -s "$work/report-cold-$n.out" "$work/report-warm-$n.out" || echo "WARNING: warm output differs" >&2
    rm -rf "$CLAIMTRACK_CACHE_DIR"; drop_caches
    read -r t kb < <(measure "check-cold-$n" "$ct" --root "$corpus" check --format json); cc=$(least "$cc" "$t"); cc_kb=$(( kb > cc_kb ? kb : cc_kb ))
    read -r t _ < <(measure "check-warm-$n" "$ct" --root "$corpus" check --format json); cw=$(least "$cw" "$t")
  done
  f1=$(python3 bench/score.py "$corpus/gold.tsv" "$work/report-cold-$n.out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["f1"])')
  peak=$(( (rc_kb > cc_kb ? rc_kb : cc_kb) / 1024 ))
  ref="-"; ref_f1="-"; speed="-"
  if [ "$n" -le "$ref_max" ]; then
    read -r ref _ < <(measure "reference-$n" "$py" bench/reference.py "$corpus" "$work/reference-$n.tsv")
    ref_f1=$(python3 bench/score.py "$corpus/gold.tsv" "$work/reference-$n.tsv" | python3 -c 'import json,sys; print(json.load(sys.stdin)["f1"])')
    speed=$(python3 -c "print(f'{$ref / $rc:.1f}x')")
  fi
  files=$(find "$corpus/claims" -name '*.yaml' | wc -l)
  python3 - "$n" "$files" "$floor" "$events" "$rc" "$rw" "$cc" "$cw" "$peak" "$f1" "$ref" "$ref_f1" "$speed" <<'PY'
import sys
n, files, floor, events, rc, rw, cc, cw, peak, f1, ref, ref_f1, speed = sys.argv[1:]
floor, events, rc, rw, cc, cw = map(float, (floor, events, rc, rw, cc, cw))
print(f"| {int(n):,} | {int(files):,} | {floor:.2f} | {events:.2f} | {rc:.2f} ({rc/floor:.2f}x, {rc/events:.2f}x) | {rw:.2f} ({100*rw/rc:.0f}%) | {cc:.2f} ({cc/floor:.2f}x) | {cw:.2f} | {peak} | {f1} | {ref} | {ref_f1} | {speed} |")
PY
done
