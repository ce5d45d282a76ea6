#!/usr/bin/env python3
"""The reference a user would write instead of claimtrack: PyYAML with the C
loader to read the annotation files, rapidfuzz to group claims whose
normalised texts are similar (process.cdist over the unique texts, on all
cores, token_sort_ratio >= THRESHOLD), connected components as groups.

usage: reference.py CORPUS OUT.tsv [THRESHOLD]
Writes `reference<TAB>group` per claim. cdist runs in blocks of rows so that
memory stays bounded; the work is still quadratic in the unique texts.
"""
import os
import re
import sys

import numpy as np
import yaml
from rapidfuzz import fuzz, process

BLOCK = 2000


def normalise(text):
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def main():
    root, out = sys.argv[1], sys.argv[2]
    threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 90.0
    claims_dir = os.path.join(root, "claims")
    refs, texts = [], []
    for folder, _, files in os.walk(claims_dir):
        for name in sorted(files):
            if not name.endswith(".yaml"):
                continue
            path = os.path.join(folder, name)
            key = os.path.relpath(path, claims_dir)[: -len(".yaml")]
            with open(path, encoding="utf-8") as f:
                doc = yaml.load(f, Loader=yaml.CSafeLoader)
            for c in doc.get("claims") or []:
                refs.append(f"{key}#{c['id']}")
                texts.append(normalise(str(c["claim"])))
    unique = sorted(set(texts))
    index = {t: i for i, t in enumerate(unique)}
    parent = list(range(len(unique)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for start in range(0, len(unique), BLOCK):
        scores = process.cdist(unique[start:start + BLOCK], unique, scorer=fuzz.token_sort_ratio,
                               score_cutoff=threshold, workers=-1, dtype=np.uint8)
        for i, j in zip(*np.nonzero(scores)):
            a, b = find(start + int(i)), find(int(j))
            if a != b:
                parent[max(a, b)] = min(a, b)
    with open(out, "w", encoding="utf-8") as f:
        for ref, text in zip(refs, texts):
            f.write(f"{ref}\t{find(index[text])}\n")


if __name__ == "__main__":
    main()
