#!/usr/bin/env python3
"""A second synthetic corpus generator, written apart from examples/gen_corpus.

usage: gen_other.py OUT_DIR CLAIMS [SEED]

Its purpose is to check that the grouping was not fitted to gen_corpus's
templates: other domains (deals, transfers, premieres, votes, prices,
appointments), other names, other ways of saying the same thing (reporting
frames, "is set to" / "is expected to" / "plans to", "reportedly", money
written as "$4.2 billion" or "4.2 billion dollars", lower case, a trailing
full stop) and other near-misses (another company, person, club, show, bill,
product, number, season, month, day or year; a content word swapped, such as
"acquire" / "sell" or "premiere" / "end").

Writes articles/ + claims/ (three to seven claims a file, folders of 500
files) and gold.tsv: `reference<TAB>proposition id<TAB>polarity`, the format
bench/score.py reads. The same seed gives the same bytes. Standard library only.
"""
import os
import random
import sys

ONSETS = ["b", "br", "c", "d", "dr", "f", "g", "gr", "h", "j", "k", "kl", "l", "m", "n",
          "p", "pr", "r", "s", "st", "t", "tr", "v", "z"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
CODAS = ["", "n", "r", "l", "s", "x", "nd", "rt", "m", "th"]


def word(rng, syllables):
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                   for _ in range(syllables)).capitalize()


FIRST = ["Alice", "Ben", "Chloe", "Daniel", "Eva", "Felix", "Gina", "Henry", "Iris", "Jack",
         "Kira", "Leo", "Maya", "Noah", "Olivia", "Paul", "Rita", "Sam", "Tom", "Una",
         "Victor", "Wendy", "Xavier", "Zoe", "Amir", "Bea", "Chen", "Dmitri", "Esme", "Femi"]
SUFFIXES = ["Systems", "Labs", "Group", "Holdings", "Media", "Motors", "Foods", "Energy"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
BILLS = ["housing", "energy", "farm", "transport", "water", "broadband", "pension", "tax"]
PRODUCTS = ["phone", "tablet", "console", "headset", "laptop", "camera", "watch", "speaker"]
ROLES = ["chief executive", "chair", "finance chief", "head coach", "editor"]

# Content words that make another proposition when swapped: (verb base, third person).
DEAL = [("acquire", "acquires"), ("sell", "sells")]
MOVE = [("sign with", "signs with"), ("leave", "leaves")]
SHOW = [("premiere", "premieres"), ("end", "ends")]
VOTE = [("back", "backs"), ("block", "blocks")]
JOB = [("become", "becomes"), ("step down as", "steps down as")]

FRAMES_POS = [
    ("{s} will {v}", 3), ("{s} is set to {v}", 2), ("{s} is expected to {v}", 1),
    ("{s} plans to {v}", 1), ("{s} {vs}", 2), ("{s} is going to {v}", 1),
    ("{s} will reportedly {v}", 1),
]
FRAMES_NEG = [
    ("{s} will not {v}", 3), ("{s} won't {v}", 2), ("{s} is not going to {v}", 1),
    ("{s} will never {v}", 1), ("{s} does not plan to {v}", 1),
]
REPORTING = ["", "", "", "", "Sources say ", "According to insiders, ", "It is reported that ",
             "Reports say "]
COMMON_TYPOS = {"will": ["wil", "wll"], "season": ["seasn", "saeson"], "the": ["teh"],
                "dollars": ["dolars"], "expected": ["expcted"], "reportedly": ["reportedy"]}


def pick(rng, weighted):
    return rng.choices([x for x, _ in weighted], [w for _, w in weighted])[0]


def money(rng, amount):
    """amount in millions -> one of several spellings of the same sum."""
    if amount >= 1000:
        n = f"{amount / 1000:g}"
        return rng.choice([f"${n} billion", f"{n} billion dollars", f"${n}bn"])
    return rng.choice([f"${amount} million", f"{amount} million dollars", f"${amount}m"])


class World:
    def __init__(self, rng, size):
        pool = max(200, size // 40)
        self.companies = sorted({word(rng, 2) + ("" if rng.random() < 0.5 else " " + rng.choice(SUFFIXES))
                                 for _ in range(pool)})
        self.people = sorted({f"{rng.choice(FIRST)} {word(rng, 2)}" for _ in range(pool)})
        self.clubs = sorted({f"{word(rng, 2)} {rng.choice(['United', 'City', 'Rovers', 'FC'])}"
                             for _ in range(pool // 4)})
        self.shows = sorted({f"{rng.choice(['The', 'Night of the', 'House of', ''])} {word(rng, 2)}".strip()
                             for _ in range(pool // 2)})


def random_prop(rng, w):
    kind = rng.randrange(6)
    if kind == 0:
        return {"kind": "deal", "a": rng.choice(w.companies), "b": rng.choice(w.companies),
                "verb": rng.randrange(2), "amount": rng.choice([150, 300, 450, 800, 1200, 2500, 4200, 9000])}
    if kind == 1:
        return {"kind": "move", "a": rng.choice(w.people), "b": rng.choice(w.clubs), "verb": rng.randrange(2),
                "month": rng.randrange(12), "year": rng.randrange(2018, 2028)}
    if kind == 2:
        return {"kind": "show", "a": rng.choice(w.shows), "season": rng.randrange(2, 9), "verb": rng.randrange(2),
                "month": rng.randrange(12), "day": rng.randrange(1, 29)}
    if kind == 3:
        return {"kind": "vote", "a": rng.choice(w.people), "bill": rng.randrange(len(BILLS)), "verb": rng.randrange(2)}
    if kind == 4:
        return {"kind": "price", "a": rng.choice(w.companies), "product": rng.randrange(len(PRODUCTS)),
                "price": rng.choice([199, 249, 299, 349, 499, 799, 999, 1299])}
    return {"kind": "job", "a": rng.choice(w.people), "role": rng.randrange(len(ROLES)),
            "b": rng.choice(w.companies), "verb": rng.randrange(2), "year": rng.randrange(2018, 2028)}


def sibling(rng, p, w):
    """The same sentence with one slot changed: a different proposition."""
    q = dict(p)
    slots = [k for k in q if k != "kind"]
    k = rng.choice(slots)
    if k == "a":
        q["a"] = rng.choice(w.shows if p["kind"] == "show" else w.people if p["kind"] in ("move", "vote", "job") else w.companies)
    elif k == "b":
        q["b"] = rng.choice(w.clubs if p["kind"] == "move" else w.companies)
    elif k == "verb":
        q["verb"] = 1 - p["verb"]
    elif k == "amount":
        q["amount"] = rng.choice([150, 300, 450, 800, 1200, 2500, 4200, 9000])
    elif k == "month":
        q["month"] = rng.randrange(12)
    elif k == "year":
        q["year"] = rng.randrange(2018, 2028)
    elif k == "season":
        q["season"] = rng.randrange(2, 9)
    elif k == "day":
        q["day"] = rng.randrange(1, 29)
    elif k == "bill":
        q["bill"] = rng.randrange(len(BILLS))
    elif k == "product":
        q["product"] = rng.randrange(len(PRODUCTS))
    elif k == "price":
        q["price"] = rng.choice([199, 249, 299, 349, 499, 799, 999, 1299])
    elif k == "role":
        q["role"] = rng.randrange(len(ROLES))
    return q


def key(p):
    return tuple(sorted(p.items()))


def phrase(rng, p, negated):
    kind = p["kind"]
    if kind == "deal":
        v, vs = DEAL[p["verb"]]
        subject = p["a"]
        rest = f" {p['b']} for {money(rng, p['amount'])}" if p["verb"] == 0 else f" {p['b']} for {money(rng, p['amount'])}"
    elif kind == "move":
        v, vs = MOVE[p["verb"]]
        subject = p["a"]
        when = rng.choice([f"in {MONTHS[p['month']]} {p['year']}", f"in {MONTHS[p['month']]} of {p['year']}"])
        rest = f" {p['b']} {when}"
    elif kind == "show":
        v, vs = SHOW[p["verb"]]
        subject = rng.choice([f"{p['a']} season {p['season']}", f"Season {p['season']} of {p['a']}"])
        rest = rng.choice([f" on {MONTHS[p['month']]} {p['day']}", f" on {p['day']} {MONTHS[p['month']]}"])
    elif kind == "vote":
        v, vs = VOTE[p["verb"]]
        subject = rng.choice([f"Senator {p['a']}", p["a"]])
        rest = f" the {BILLS[p['bill']]} bill"
    elif kind == "price":
        v, vs = "cost", "costs"
        subject = rng.choice([f"The new {p['a']} {PRODUCTS[p['product']]}", f"{p['a']}'s new {PRODUCTS[p['product']]}"])
        rest = rng.choice([f" ${p['price']}", f" {p['price']} dollars"])
    else:
        v, vs = JOB[p["verb"]]
        subject = p["a"]
        rest = f" {ROLES[p['role']]} of {p['b']} in {p['year']}"
    frame = pick(rng, FRAMES_NEG if negated else FRAMES_POS)
    if negated and "{vs}" in frame:
        frame = "{s} will not {v}"
    text = frame.format(s=subject, v=v, vs=vs) + rest
    prefix = rng.choice(REPORTING)
    if prefix:
        text = prefix + text[0].lower() + text[1:] if text.startswith(("The ", "Season ")) else prefix + text
    words = text.split(" ")
    if rng.random() < 0.15:
        i = rng.randrange(len(words))
        if words[i] in COMMON_TYPOS:
            words[i] = rng.choice(COMMON_TYPOS[words[i]])
    text = " ".join(words)
    if rng.random() < 0.1:
        text = text.lower()
    if rng.random() < 0.3:
        text += "."
    return text


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: gen_other.py OUT_DIR CLAIMS [SEED]")
    out, total = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    w = World(rng, total)
    props, seen = [], set()
    # Families of one to five near-misses; about six claims a proposition.
    while len(props) * 6 < max(total, 6):
        p = random_prop(rng, w)
        family = [p] + [sibling(rng, p, w) for _ in range(rng.randrange(5))]
        for q in family:
            if key(q) not in seen:
                seen.add(key(q))
                props.append(q)
    speakers = [f"{rng.choice(FIRST)} {word(rng, 2)}" for _ in range(max(30, len(props) // 3))]
    gold = []
    made, f = 0, 0
    while made < total:
        n = min(rng.randrange(3, 8), total - made)
        rel = f"batch-{f // 500:03d}/story-{f:07d}"
        year = rng.randrange(2018, 2028)
        published = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        article = [f"Wire story {f}", ""]
        yaml = [f"published: {published}", f"outlet: {rng.choice(['Wire', 'Daily', 'Post', 'Herald'])} {rng.randrange(40)}", "claims:"]
        for i in range(n):
            pid = rng.randrange(len(props))
            negated = rng.random() < 0.3
            text = phrase(rng, props[pid], negated)
            speaker = rng.choice(speakers)
            stance = rng.choice(["supports", "refutes", "unsure"])
            article.append(f"Paragraph {i}. {speaker} told reporters: {text}")
            yaml += [f"  - id: p{i}", f"    claim: {yaml_str(text)}", f"    stance: {stance}",
                     f"    speaker: {speaker}", f"    quote: {yaml_str(text)}"]
            gold.append(f"{rel}#p{i}\t{pid}\t{-1 if negated else 1}")
            made += 1
        for folder, ext, body in (("articles", "txt", article), ("claims", "yaml", yaml)):
            path = os.path.join(out, folder, rel + "." + ext)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write("\n".join(body) + "\n")
        f += 1
    with open(os.path.join(out, "gold.tsv"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(gold) + "\n")
    print(f"{made} claims in {f} files, {len(props)} propositions, into {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
