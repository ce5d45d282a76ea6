#!/usr/bin/env python3
"""Expand claimtrack's JSON-LD exports with a real JSON-LD processor (pyld).

Usage: expand.py FILE...

Each FILE (an `export --format claimreview` or `--format webannotation`
output) is expanded with pyld. Contexts are never fetched from the web: a
document loader maps the schema.org and W3C Web Annotation context URLs to
the copies vendored in tests/fixtures/export/ (see its README), and refuses
any other URL.

A file fails when:
- a key of the input (other than an @-keyword) is dropped by expansion,
  as pyld reports it (the term is undefined in the context);
- a key or a type name that is not an IRI or compact IRI is not a term of
  the contexts the document uses and expands only through their @vocab
  (schema.org's context has one, so a misspelt property or type is not
  dropped there but silently minted as a new IRI);
- an @type value (a node's type or a value's datatype) does not expand to
  an absolute IRI.

One summary line is printed per file (its problems indented below it); the
exit status is 1 if any file fails, 2 on
a usage error.
"""

import copy
import json
import re
import sys
from pathlib import Path

from pyld import jsonld

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "export"

# Context URL -> vendored file. schema.org is reached as https://schema.org
# (what the ClaimReview export writes) and, in other documents, under its
# older http names.
LOCAL_CONTEXTS = {
    "https://schema.org": "schemaorgcontext.jsonld",
    "https://schema.org/": "schemaorgcontext.jsonld",
    "http://schema.org": "schemaorgcontext.jsonld",
    "http://schema.org/": "schemaorgcontext.jsonld",
    "http://www.w3.org/ns/anno.jsonld": "anno.jsonld",
    "https://www.w3.org/ns/anno.jsonld": "anno.jsonld",
}

_loaded = {}


def load_context(url):
    name = LOCAL_CONTEXTS.get(url)
    if name is None:
        return None
    if name not in _loaded:
        with open(FIXTURES / name, encoding="utf-8") as f:
            _loaded[name] = json.load(f)
    return _loaded[name]


def local_loader(url, options=None):
    document = load_context(url)
    if document is None:
        raise jsonld.JsonLdError(
            f"no local copy of {url} (contexts are not fetched from the web)",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(document),
    }


ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def is_absolute_iri(value):
    return (
        isinstance(value, str)
        and ABSOLUTE_IRI.match(value) is not None
        and not value.startswith("_:")
    )


def context_terms(context, terms):
    """Adds the terms a (local or remote) context defines to `terms` (a
    dict: term -> its definition); returns whether it sets @vocab."""
    has_vocab = False
    for entry in context if isinstance(context, list) else [context]:
        if isinstance(entry, str):
            document = load_context(entry)
            if document is None:
                continue  # the loader reports it during expansion
            entry = document.get("@context", {})
            has_vocab |= context_terms(entry, terms)
        elif isinstance(entry, dict):
            if entry.get("@vocab"):
                has_vocab = True
            terms.update((k, v) for k, v in entry.items() if not k.startswith("@"))
    return has_vocab


def is_type_key(key, terms):
    """`@type` or a term aliasing it (`type` in both contexts)."""
    if key == "@type":
        return True
    definition = terms.get(key)
    if isinstance(definition, dict):
        definition = definition.get("@id")
    return definition == "@type"


def input_keys(node, path, terms, has_vocab, keys, vocab_only):
    """Walks the input: every non-keyword key with its path into `keys`,
    keys that only @vocab can expand into `vocab_only`. Contexts are
    inherited downward, as JSON-LD 1.0 contexts like these two are."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            input_keys(item, f"{path}[{i}]", terms, has_vocab, keys, vocab_only)
        return
    if not isinstance(node, dict):
        return
    if "@context" in node:
        terms = dict(terms)
        has_vocab = context_terms(node["@context"], terms) or has_vocab
    for key, value in node.items():
        here = f"{path}.{key}" if path else key
        if is_type_key(key, terms) and has_vocab:
            # A type name that is not a term is minted through @vocab.
            for t in value if isinstance(value, list) else [value]:
                if isinstance(t, str) and ":" not in t and t not in terms:
                    vocab_only.setdefault(t, []).append(here)
        if key in ("@context", "@value", "@type") or is_type_key(key, terms):
            continue
        if not key.startswith("@"):
            keys.setdefault(key, []).append(here)
            if has_vocab and ":" not in key and key not in terms:
                vocab_only.setdefault(key, []).append(here)
        # Into nested nodes, @graph, @list, @set and the like.
        input_keys(value, here, terms, has_vocab, keys, vocab_only)


def expanded_types(node, path, out):
    """Every @type value in the expanded output: (path, value)."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            expanded_types(item, f"{path}[{i}]", out)
    elif isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}" if path else key
            if key == "@type":
                for t in value if isinstance(value, list) else [value]:
                    out.append((here, t))
            elif key != "@value":
                expanded_types(value, here, out)


def expanded_ids(node, out):
    """Every @id value in the expanded output (nodes and @type: @id values)."""
    if isinstance(node, list):
        for item in node:
            expanded_ids(item, out)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@id":
                out.append(value)
            elif key != "@value":
                expanded_ids(value, out)


def count_nodes(node):
    if isinstance(node, list):
        return sum(count_nodes(n) for n in node)
    if isinstance(node, dict):
        own = 0 if "@value" in node else 1
        return own + sum(count_nodes(v) for k, v in node.items() if k != "@value")
    return 0


def where(paths, limit=3):
    more = f" and {len(paths) - limit} more" if len(paths) > limit else ""
    return ", ".join(paths[:limit]) + more


def check(path):
    """Returns (ok, summary line, problem lines)."""
    try:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
    except (OSError, ValueError) as e:
        return False, f"{path}: not read: {e}", []

    dropped = []
    try:
        expanded = jsonld.expand(
            document,
            # No base (None: pyld resolves against http://example.org/base/
            # when it is ""): a relative @type stays relative and fails below.
            {"documentLoader": local_loader, "base": None},
            on_property_dropped=dropped.append,
        )
    except jsonld.JsonLdError as e:
        # The error and its causes (the loader's refusal, for one), a line each.
        causes = []
        while e is not None:
            if isinstance(e, jsonld.JsonLdError):
                causes.append(f"{e.code or e.type}: {e.args[0]}")
            else:
                causes.append(str(e))
            e = e.__cause__ or e.__context__
        return False, f"{path}: expansion failed", causes

    keys, vocab_only = {}, {}
    input_keys(document, "", {}, False, keys, vocab_only)
    types = []
    expanded_types(expanded, "", types)

    problems = []
    for name in sorted(set(dropped), key=str):
        if name is None:
            problems.append("a key mapped to null by the context was dropped")
        else:
            problems.append(
                f"key {name!r} dropped by expansion (undefined in the context): "
                f"{where(keys.get(name, ['?']))}"
            )
    for name in sorted(vocab_only):
        problems.append(
            f"{name!r} is not a term of the context, expanded only through "
            f"@vocab: {where(vocab_only[name])}"
        )
    bad_types = {}
    for here, t in types:
        if not is_absolute_iri(t) and t != "@json":
            bad_types.setdefault(str(t), []).append(here)
    for t in sorted(bad_types):
        problems.append(
            f"@type {t!r} does not expand to an absolute IRI: "
            f"{where(bad_types[t])} (expanded output)"
        )

    n_keys = sum(len(v) for v in keys.values())
    distinct_types = sorted({t for _, t in types if isinstance(t, str)})
    ids = []
    expanded_ids(expanded, ids)
    relative = sum(not is_absolute_iri(i) for i in ids)
    stats = (
        f"{count_nodes(expanded)} nodes, {n_keys} keys ({len(keys)} distinct), "
        f"{len(types)} @type values ({len(distinct_types)} distinct)"
    )
    if relative:
        # Not a failure: an article without a url is its path, a relative
        # IRI reference a consumer resolves against the document's URL.
        stats += f", {relative} of {len(ids)} @id values relative"
    if problems:
        return False, f"{path}: FAILED: {stats}, {len(problems)} problems", problems
    return True, f"{path}: ok: {stats}, all keys and types expand to IRIs", []


def main(argv):
    if len(argv) < 2 or any(a in ("-h", "--help") for a in argv[1:]):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failed = 0
    for path in argv[1:]:
        ok, line, problems = check(path)
        print(line)
        for p in problems:
            print(f"  {p}")
        failed += not ok
    if failed:
        print(f"json-ld: {failed} of {len(argv) - 1} files failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
