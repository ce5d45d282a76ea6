#!/usr/bin/env bash
# Regenerates docs/report.png, the README's screenshot: the repository's
# report, groups with a reversal only, as headless Chromium shows it at
# 1,400 px. Needs Debian's chromium package.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./target/release/claimtrack --no-cache report --format html --reversals --output "$out/report.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$out/profile" --window-size=1400,1060 \
  --screenshot="$PWD/docs/report.png" "file://$out/report.html" 2>/dev/null
echo "wrote docs/report.png"
