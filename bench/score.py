#!/usr/bin/env python3
"""Pair precision, recall and F1 of a grouping against a gold grouping.

usage: score.py GOLD.tsv PREDICTION

GOLD.tsv: `reference<TAB>gold id[<TAB>...]` per claim (as gen_corpus writes).
PREDICTION: `claimtrack report --format json` output, or a TSV of
`reference<TAB>predicted group id`.

Pairs are counted from the contingency table, so a million claims take
seconds: true positives are the pairs of claims that share both a gold and
a predicted group. Prints one JSON object.
"""
import json
import sys
from collections import Counter


def pairs(n):
    return n * (n - 1) // 2


def read_prediction(path):
    with open(path, encoding="utf-8") as f:
        head = f.read(1)
        f.seek(0)
        if head == "{":
            report = json.load(f)
            return {c["ref"]: g for g, group in enumerate(report["groups"]) for c in group["claims"]}
        return dict(line.rstrip("\n").split("\t")[:2] for line in f if line.strip())


def main():
    gold = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            ref, gid = line.rstrip("\n").split("\t")[:2]
            gold[ref] = gid
    pred = read_prediction(sys.argv[2])
    missing = [r for r in gold if r not in pred]
    both = Counter((gold[r], pred[r]) for r in gold if r in pred)
    gold_sizes = Counter(gold.values())
    pred_sizes = Counter(pred[r] for r in gold if r in pred)
    tp = sum(pairs(n) for n in both.values())
    gold_pairs = sum(pairs(n) for n in gold_sizes.values())
    pred_pairs = sum(pairs(n) for n in pred_sizes.values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(json.dumps({
        "claims": len(gold), "missing": len(missing),
        "gold_groups": len(gold_sizes), "predicted_groups": len(pred_sizes),
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
    }))


if __name__ == "__main__":
    main()
