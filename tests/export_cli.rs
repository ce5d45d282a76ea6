//! `claimtrack export`: every format on the repository's corpus, validated
//! against vendored vocabularies (schema.org, W3C Web Annotation) and read
//! back (CSV, JSON Lines); deterministic bytes; filters; errors.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{fixture, run};
use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn export(root: &Path, args: &[&str]) -> String {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let r = run(root, &all);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    r.stdout
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

fn vendored(name: &str) -> Value {
    json(&std::fs::read_to_string(fixture("export").join(name)).expect("fixture"))
}

/// The types a type is, itself and its superclasses, in the vendored vocabulary.
fn ancestors(vocab: &Value, t: &str) -> Vec<String> {
    let mut out = vec![t.to_owned()];
    let mut i = 0;
    while i < out.len() {
        if let Some(supers) = vocab["types"][&out[i]]["subClassOf"].as_array() {
            for s in supers {
                out.push(s.as_str().unwrap().to_owned());
            }
        }
        i += 1;
    }
    out
}

/// Checks a schema.org node: its type exists, each property exists and
/// has the node's type (or a superclass) in its domain, and each typed
/// value is in its range. Returns the node's type.
fn check_node(vocab: &Value, node: &Value, path: &str) -> String {
    let t = node["@type"]
        .as_str()
        .unwrap_or_else(|| panic!("{path}: no @type"));
    assert!(vocab["types"].get(t).is_some(), "{path}: unknown type {t}");
    let is = ancestors(vocab, t);
    for (key, value) in node.as_object().unwrap() {
        if key.starts_with('@') {
            continue;
        }
        let prop = &vocab["properties"][key];
        assert!(prop.is_object(), "{path}: unknown property {key}");
        let domain: Vec<&str> = prop["domainIncludes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        assert!(
            is.iter().any(|t| domain.contains(&t.as_str())),
            "{path}: {key} is not a property of {t} (domain {domain:?})"
        );
        let range: Vec<&str> = prop["rangeIncludes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        let values = match value {
            Value::Array(items) => items.iter().collect(),
            v => vec![v],
        };
        for v in values {
            match v {
                Value::Object(_) => {
                    let vt = check_node(vocab, v, &format!("{path}.{key}"));
                    assert!(
                        ancestors(vocab, &vt)
                            .iter()
                            .any(|a| range.contains(&a.as_str())),
                        "{path}.{key}: a {vt} is not in the range {range:?}"
                    );
                }
                Value::String(_) => assert!(
                    range
                        .iter()
                        .any(|r| ["Text", "URL", "Date", "DateTime"].contains(r)),
                    "{path}.{key}: text where the range is {range:?}"
                ),
                other => panic!("{path}.{key}: unexpected {other}"),
            }
        }
    }
    t.to_owned()
}

#[test]
fn claimreview_is_valid_schema_org() {
    let vocab = vendored("schemaorg-subset.json");
    for args in [
        &["--format", "claimreview"][..],
        &["--format", "claimreview", "--all"],
        &[
            "--format",
            "claimreview",
            "--review-url",
            "https://factcheck.example/flips",
            "--publisher",
            "Example Checks",
        ],
    ] {
        let doc = json(&export(repo(), args));
        assert_eq!(doc["@context"], "https://schema.org");
        let graph = doc["@graph"].as_array().expect("@graph");
        assert!(!graph.is_empty());
        for (i, review) in graph.iter().enumerate() {
            assert_eq!(
                check_node(&vocab, review, &format!("@graph[{i}]")),
                "ClaimReview"
            );
            // Google's required properties of a ClaimReview.
            assert!(review["claimReviewed"].is_string());
            assert!(review["reviewRating"]["alternateName"].is_string());
            assert!(review["itemReviewed"]["@type"] == "Claim" || review["url"].is_string());
            let claim = &review["itemReviewed"];
            assert!(!claim["author"].as_array().unwrap().is_empty());
            assert!(claim["datePublished"].is_string());
            assert!(claim["firstAppearance"].is_object());
            if args.contains(&"--review-url") {
                let url = review["url"].as_str().expect("url");
                assert!(url.starts_with("https://factcheck.example/flips#"), "{url}");
                assert_eq!(review["author"]["name"], "Example Checks");
            }
        }
        if !args.contains(&"--all") {
            // Only the groups with a reversal or conflict: the Defenders one here.
            assert_eq!(graph.len(), 1);
            let review = &graph[0];
            assert_eq!(review["claimReviewed"], "Defenders season 2 is happening");
            assert_eq!(
                review["reviewRating"]["alternateName"],
                "Krysten Ritter: Full Flop; Bleeding Cool: No Flip"
            );
            let authors = &review["itemReviewed"]["author"];
            assert_eq!(
                authors[0],
                serde_json::json!({"@type": "Person", "name": "Krysten Ritter"})
            );
            // Bleeding Cool speaks in its own article: an organisation.
            assert_eq!(authors[1]["@type"], "Organization");
        }
    }
}

/// A JSON-LD term's expansion under a vendored context: a term defined
/// there (a string or an `@id`), a compact IRI `prefix:suffix`, or
/// `@vocab` + term.
fn expand_term(context: &Value, term: &str) -> Option<String> {
    let def = &context[term];
    let iri = match def {
        Value::String(s) => s.clone(),
        Value::Object(o) => o.get("@id")?.as_str()?.to_owned(),
        _ if term.contains(':') => term.to_owned(),
        _ => format!("{}{term}", context.get("@vocab")?.as_str()?),
    };
    if iri.starts_with('@') || iri.contains("://") {
        return Some(iri);
    }
    let (prefix, suffix) = iri.split_once(':')?;
    Some(format!("{}{suffix}", context[prefix].as_str()?))
}

/// Expands a JSON-LD node the way a processor does for the features used
/// (terms, compact IRIs, `@type`-coerced values), asserting that every
/// key and every type is defined in the vendored context (not left to
/// `@vocab`) and expands to an IRI under `namespaces`.
fn expand(context: &Value, node: &Value, namespaces: &[&str]) -> Value {
    match node {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| expand(context, i, namespaces))
                .collect(),
        ),
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                if key == "@context" {
                    continue;
                }
                let iri = if key.starts_with('@') {
                    key.clone()
                } else {
                    assert!(
                        context.get(key).is_some(),
                        "term {key} is not defined by the context"
                    );
                    expand_term(context, key).expect("expands")
                };
                if iri == "@type" {
                    let t = value.as_str().expect("one type");
                    assert!(
                        context.get(t).is_some(),
                        "type {t} is not defined by the context"
                    );
                    let t = expand_term(context, t).unwrap();
                    assert!(namespaces.iter().any(|n| t.starts_with(n)), "{t}");
                    out.insert("@type".into(), Value::String(t));
                    continue;
                }
                if iri == "@id" {
                    let id = value.as_str().unwrap();
                    assert!(!id.contains(char::is_whitespace), "{id}");
                    out.insert("@id".into(), value.clone());
                    continue;
                }
                assert!(
                    namespaces.iter().any(|n| iri.starts_with(n)),
                    "{key} -> {iri}"
                );
                let coerce = context[key]["@type"].as_str();
                let value = match (coerce, value) {
                    (Some("@vocab"), Value::String(s)) => {
                        assert!(
                            context.get(s.as_str()).is_some(),
                            "{s} is not defined by the context"
                        );
                        serde_json::json!({"@id": expand_term(context, s).unwrap()})
                    }
                    (Some("@id"), Value::String(s)) => {
                        assert!(!s.contains(char::is_whitespace), "{s} is not an IRI");
                        serde_json::json!({"@id": s})
                    }
                    (Some(t), Value::Number(n)) => {
                        serde_json::json!({"@value": n.to_string(), "@type": expand_term(context, t).unwrap()})
                    }
                    (_, Value::String(s)) => serde_json::json!({"@value": s}),
                    (_, v) => expand(context, v, namespaces),
                };
                out.insert(iri, value);
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

#[test]
fn claimreview_expands_under_the_schema_org_context() {
    let context = vendored("schemaorg-context-subset.jsonld")["@context"].clone();
    let doc = json(&export(repo(), &["--format", "claimreview", "--all"]));
    let expanded = expand(&context, &doc["@graph"], &["http://schema.org/"]);
    let first = &expanded[0];
    assert_eq!(first["@type"], "http://schema.org/ClaimReview");
    assert!(first["http://schema.org/claimReviewed"]["@value"].is_string());
    assert_eq!(
        first["http://schema.org/itemReviewed"]["@type"],
        "http://schema.org/Claim"
    );
}

/// The article's text as the export counts characters (after a BOM).
fn article_chars(root: &Path, path: &str) -> Vec<char> {
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    text.trim_start_matches('\u{FEFF}').chars().collect()
}

#[test]
fn webannotations_anchor_each_claim_in_its_article() {
    let context = vendored("anno.jsonld")["@context"].clone();
    let out = export(repo(), &["--format", "webannotation"]);
    let annotations = json(&out);
    let annotations = annotations.as_array().expect("a JSON array");
    let report = json(&export_report(repo()));
    let claims: usize = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["claims"].as_array().unwrap().len())
        .sum();
    assert_eq!(annotations.len(), claims, "one annotation per claim");
    let mut ids = std::collections::BTreeSet::new();
    for a in annotations {
        assert_eq!(a["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(a["type"], "Annotation");
        assert!(
            ids.insert(a["id"].as_str().unwrap().to_owned()),
            "ids are unique"
        );
        assert!(
            a["id"]
                .as_str()
                .unwrap()
                .starts_with("urn:claimtrack:claim:")
        );
        let expanded = expand(
            &context,
            a,
            &[
                "http://www.w3.org/ns/oa#",
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            ],
        );
        assert_eq!(expanded["@type"], "http://www.w3.org/ns/oa#Annotation");
        let source = a["target"]["source"].as_str().unwrap();
        let selectors = a["target"]["selector"].as_array().unwrap();
        let (quote, position) = (&selectors[0], &selectors[1]);
        assert_eq!(quote["type"], "TextQuoteSelector");
        assert_eq!(position["type"], "TextPositionSelector");
        let text = article_chars(repo(), source);
        let (start, end) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        let exact: String = text[start..end].iter().collect();
        assert_eq!(quote["exact"], exact.as_str());
        let prefix: String = text[start.saturating_sub(32)..start].iter().collect();
        let suffix: String = text[end..(end + 32).min(text.len())].iter().collect();
        assert_eq!(quote["prefix"], prefix.as_str());
        assert_eq!(quote["suffix"], suffix.as_str());
        let tags: Vec<&str> = a["body"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["purpose"] == "tagging")
            .map(|b| b["value"].as_str().unwrap())
            .collect();
        assert!(tags.iter().any(|t| t.starts_with("stance:")));
        assert!(tags.iter().any(|t| t.starts_with("speaker:")));
        assert!(tags.iter().any(|t| t.starts_with("date:")));
        assert_eq!(a["body"][0]["purpose"], "describing");
    }
    let ritter = annotations
        .iter()
        .find(|a| {
            a["id"] == "urn:claimtrack:claim:cinemablend-ritter-wants-defenders-season-2#ritter-in"
        })
        .expect("ritter-in");
    assert_eq!(
        ritter["target"]["selector"][0]["exact"],
        "If they want to do a Defenders 2. I'm in."
    );
}

fn export_report(root: &Path) -> String {
    let r = run(root, &["report", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn csv_reads_back_one_row_per_claim() {
    let out = export(repo(), &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    for column in [
        "group_id",
        "group_claim",
        "ref",
        "speaker",
        "stance",
        "group_stance",
        "date",
        "quote",
        "reversal",
    ] {
        assert!(headers.iter().any(|h| h == column), "{column}");
    }
    let rows: Vec<BTreeMap<String, String>> = reader.deserialize().map(|r| r.unwrap()).collect();
    let report = json(&export_report(repo()));
    let claims: Vec<&Value> = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["claims"].as_array().unwrap())
        .collect();
    assert_eq!(rows.len(), claims.len());
    for (row, claim) in rows.iter().zip(&claims) {
        assert_eq!(row["ref"], claim["ref"].as_str().unwrap());
        assert_eq!(row["group_stance"], claim["stance"].as_str().unwrap());
        assert_eq!(row["quote"], claim["quote"].as_str().unwrap());
    }
    let flop = rows
        .iter()
        .find(|r| r["ref"] == "bleedingcool-defenders-season-2-might-not-happen#ritter-not-again")
        .unwrap();
    assert_eq!(flop["reversal"], "full");
    assert_eq!(
        flop["reversal_from"],
        "cinemablend-ritter-wants-defenders-season-2#ritter-in"
    );
    assert_eq!(flop["verdict"], "full flop");
    assert_eq!(
        flop["group_id"],
        "cinemablend-ritter-wants-defenders-season-2#ritter-in"
    );
    // Every claim of a group has the group's id.
    let in_group = rows
        .iter()
        .filter(|r| r["group_id"] == flop["group_id"])
        .count();
    assert!(in_group >= 3);
}

#[test]
fn jsonl_is_one_claim_per_line_with_its_group() {
    let out = export(repo(), &["--format", "jsonl"]);
    let lines: Vec<Value> = out.lines().map(json).collect();
    let csv = export(repo(), &["--format", "csv"]);
    assert_eq!(lines.len() + 1, csv.lines().count());
    for line in &lines {
        assert!(line["group"]["id"].is_string() && line["group"]["claim"].is_string());
        assert!(line["ref"].is_string() && line["stance"].is_string());
    }
    let flop = lines
        .iter()
        .find(|l| l["ref"] == "bleedingcool-defenders-season-2-might-not-happen#ritter-not-again")
        .unwrap();
    assert_eq!(flop["reversal"]["kind"], "full");
    assert_eq!(flop["group"]["conflict"], "before");
}

#[test]
fn output_is_deterministic_and_o_writes_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["claimreview", "webannotation", "csv", "jsonl"] {
        let a = export(repo(), &["--format", format]);
        let b = export(repo(), &["--format", format]);
        assert_eq!(a, b, "{format}");
        let file = dir.path().join(format!("out.{format}"));
        let r = run(
            repo(),
            &["export", "--format", format, "-o", file.to_str().unwrap()],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stdout, "", "nothing on stdout with -o");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), a, "{format}");
    }
}

#[test]
fn filters_are_reports() {
    let out = export(
        repo(),
        &["--format", "jsonl", "--speaker", "Krysten Ritter"],
    );
    assert!(!out.is_empty());
    for line in out.lines().map(json) {
        assert_eq!(line["person"], "Krysten Ritter");
    }
    let out = export(repo(), &["--format", "jsonl", "--until", "2017-01"]);
    for line in out.lines().map(json) {
        assert!(line["date"].as_str().unwrap() <= "2017-01-31", "{line}");
    }
    let out = export(repo(), &["--format", "csv", "--grep", "punisher"]);
    assert!(out.lines().count() >= 2 && out.to_lowercase().contains("punisher"));
    let r = run(
        repo(),
        &[
            "export", "--format", "csv", "--since", "2018", "--until", "2017",
        ],
    );
    assert_eq!(r.code, 2);
}

#[test]
fn corpus_errors_are_listed_and_exit_1_with_the_rest_exported() {
    let corpus = tempfile::tempdir().unwrap();
    let root = corpus.path();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    std::fs::write(
        root.join("articles/a.txt"),
        "Mayor Ann Lee said: \"The library will reopen in May.\"\n",
    )
    .unwrap();
    std::fs::write(root.join("articles/b.txt"), "Nothing to see.\n").unwrap();
    std::fs::write(
        root.join("claims/a.yaml"),
        "published: 2024-05-02\nurl: https://news.example/a\narchived: https://archive.example/a\nclaims:\n  - id: lee\n    claim: The library will reopen in May\n    stance: supports\n    speaker: Mayor Ann Lee\n    quote: The library will reopen in May.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("claims/b.yaml"),
        "published: 2024-13-01\nclaims: []\n",
    )
    .unwrap();
    let r = run(root, &["export", "--format", "webannotation"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("claims/b.yaml"), "{}", r.stderr);
    let doc = json(&r.stdout);
    assert_eq!(doc[0]["target"]["source"], "https://news.example/a");
    let r = run(root, &["export", "--format", "claimreview", "--all"]);
    let doc = json(&r.stdout);
    let work = &doc["@graph"][0]["itemReviewed"]["appearance"][0];
    assert_eq!(work["url"], "https://news.example/a");
    assert_eq!(work["archivedAt"], "https://archive.example/a");
}
