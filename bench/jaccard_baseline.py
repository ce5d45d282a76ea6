#!/usr/bin/env python3
"""The quick baseline of issue 8: join Emergent headlines that share at
least two non-stop-words with a token Jaccard similarity of at least
THRESHOLD (single link), and score the grouping against claimId.

usage: jaccard_baseline.py SPLIT.csv [THRESHOLD]   (default 0.25)

SPLIT.csv: one of Emergent's url-versions-2015-06-14-clean-{train,test}.csv.
Prints pair precision, recall, F1 and the number of groups.
"""
import csv
import re
import sys
from collections import Counter

STOP = set(
    "a an the is are was were be been being am will would shall should can could may might "
    "must do does did has have had to of in on at for by with and as it its this that these "
    "those there their his her he she they we our you your i me my about from into than after "
    "over says say said report reports reportedly new".split()
)


def main():
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    threshold = float(sys.argv[2]) if len(sys.argv) > 2 else 0.25
    tokens = [
        {w for w in re.findall(r"[a-z0-9]+", r["articleHeadline"].lower()) if w not in STOP}
        for r in rows
    ]
    parent = list(range(len(rows)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(tokens):
        for j in range(i + 1, len(rows)):
            b = tokens[j]
            shared = len(a & b)
            if shared >= 2 and shared / len(a | b) >= threshold:
                parent[find(i)] = find(j)
    predicted = [find(i) for i in range(len(rows))]
    gold = [r["claimId"] for r in rows]

    def pairs(counts):
        return sum(n * (n - 1) // 2 for n in counts.values())

    correct = pairs(Counter(zip(predicted, gold)))
    p = correct / max(pairs(Counter(predicted)), 1)
    r = correct / pairs(Counter(gold))
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"threshold {threshold}: pair precision {p:.4f} recall {r:.4f} F1 {f1:.4f}, {len(set(predicted))} groups")


if __name__ == "__main__":
    main()
