#!/usr/bin/env python3
"""Scores claimtrack's grouping on Emergent's train split cut into folds the
size of the test split (60 claims), which is what tuning used (EVALUATION.md).

usage: emergent_folds.py TRAIN.csv [EDATA_ALL.csv] [CLAIMTRACK] [WORKDIR]

TRAIN.csv: url-versions-2015-06-14-clean-train.csv; EDATA_ALL.csv defaults to
edata_all.csv beside it; CLAIMTRACK to target/release/claimtrack; WORKDIR to
target/emergent-folds. Three random cuts (seeds 0, 1, 2) of the 240 claims
into four folds each; prints each fold's pair precision, recall and F1, and
the mean F1 of the 12.
"""
import csv
import json
import os
import random
import subprocess
import sys


def main():
    train = sys.argv[1]
    edata = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(train), "edata_all.csv")
    ct = sys.argv[3] if len(sys.argv) > 3 else "target/release/claimtrack"
    work = sys.argv[4] if len(sys.argv) > 4 else "target/emergent-folds"
    os.makedirs(work, exist_ok=True)
    rows = list(csv.reader(open(train, encoding="utf-8")))
    header, rows = rows[0], rows[1:]
    claim = header.index("claimId")
    claims = sorted({r[claim] for r in rows})
    f1s = []
    for seed in range(3):
        order = claims[:]
        random.Random(seed).shuffle(order)
        for k in range(4):
            fold = set(order[k * 60:(k + 1) * 60])
            name = os.path.join(work, f"s{seed}k{k}")
            with open(name + ".csv", "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(header)
                w.writerows(r for r in rows if r[claim] in fold)
            subprocess.run([ct, "import", "emergent", edata, "--split", name + ".csv", "--out", name, "--force"],
                           check=True, capture_output=True)
            out = subprocess.run([ct, "--no-cache", "--root", name, "eval", "--format", "json"],
                                 check=True, capture_output=True).stdout
            s = json.loads(out)["scores"]
            f1s.append(s["f1"])
            print(f"seed {seed} fold {k}: pair precision {s['precision']:.3f} recall {s['recall']:.3f} F1 {s['f1']:.3f}")
    print(f"mean F1 {sum(f1s) / len(f1s):.3f} (min {min(f1s):.3f}, max {max(f1s):.3f})")


if __name__ == "__main__":
    main()
