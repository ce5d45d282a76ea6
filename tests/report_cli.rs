//! `claimtrack report` run as a user runs it.

mod common;

use std::path::Path;

use common::{fixture, run};
use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn report_json(root: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    let r = run(root, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("stdout is JSON and nothing else")
}

/// One field of every claim of every group, in report order.
fn claim_field(json: &Value, field: &str) -> Vec<String> {
    json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| {
            g["claims"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c[field].as_str().unwrap().to_owned())
        })
        .collect()
}

fn group<'a>(json: &'a Value, claim: &str) -> &'a Value {
    json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["claim"] == claim)
        .unwrap_or_else(|| panic!("no group {claim:?} in {json:#}"))
}

/// The user's own example: Ritter's EW and Vulture statements.
#[test]
fn ritter_full_reversal_on_defenders_season_2() {
    let json = report_json(repo(), &[]);
    let g = group(&json, "Defenders season 2 is happening");
    assert_eq!(g["topic"], "defenders-s2");
    let ritter: Vec<(&str, &str)> = g["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["speaker"] == "Krysten Ritter")
        .map(|c| (c["date"].as_str().unwrap(), c["stance"].as_str().unwrap()))
        .collect();
    assert_eq!(ritter[0], ("2017-01", "supports"));
    assert_eq!(ritter[1], ("2017-12", "refutes"));
    let reversals = g["reversals"].as_array().unwrap();
    assert_eq!(reversals.len(), 1);
    assert_eq!(reversals[0]["speaker"], "Krysten Ritter");
    assert_eq!(reversals[0]["kind"], "full");
    assert_eq!(
        reversals[0]["from"],
        "cinemablend-ritter-wants-defenders-season-2#ritter-in"
    );
    assert_eq!(
        reversals[0]["to"],
        "bleedingcool-defenders-season-2-might-not-happen#ritter-not-again"
    );
}

#[test]
fn every_claim_of_the_corpus_is_in_exactly_one_group() {
    let json = report_json(repo(), &[]);
    let mut refs = claim_field(&json, "ref");
    let total = refs.len();
    refs.sort();
    refs.dedup();
    assert_eq!(refs.len(), total, "a claim appears twice");
    let yaml_claims: usize = std::fs::read_dir(repo().join("claims"))
        .unwrap()
        .map(|e| {
            std::fs::read_to_string(e.unwrap().path())
                .unwrap()
                .matches("\n  - id: ")
                .count()
        })
        .sum();
    assert_eq!(total, yaml_claims);
}

/// The council fixture exercises each rule once; see its files.
#[test]
fn grouping_rules_on_the_council_fixture() {
    let json = report_json(&fixture("report/council"), &[]);
    let claims_of = |g: &Value| -> Vec<(String, String)> {
        g["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["ref"].as_str().unwrap().to_owned(),
                    c["stance"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    // Negation ("won't", "is not going to") and a typo ("libary") join the
    // positive phrasing with flipped stances; "Doe" is "Mayor Jane Doe".
    let lib = group(&json, "The Northgate library will reopen in May");
    assert_eq!(
        claims_of(lib),
        [
            (
                "2021/january-library#doe-reopen".to_owned(),
                "supports".to_owned()
            ),
            (
                "2021/january-library#reed-doubt".to_owned(),
                "refutes".to_owned()
            ),
            ("march-library#doe-delay".to_owned(), "refutes".to_owned()),
        ]
    );
    assert_eq!(lib["conflict"], true);
    assert_eq!(lib["reversals"][0]["speaker"], "Jane Doe");
    assert_eq!(lib["reversals"][0]["kind"], "full");
    // A different place, a different building, a different month: other groups.
    for other in [
        "The Southgate library will reopen in May",
        "The Northgate stadium will reopen in May",
        "The Northgate library will reopen in June",
    ] {
        assert_eq!(
            group(&json, other)["claims"].as_array().unwrap().len(),
            1,
            "{other}"
        );
    }
    // unsure -> supports is firming up; supports -> unsure is a partial reversal.
    let fares = group(&json, "Bus fares will rise in 2022");
    let stances: Vec<&str> = fares["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["stance"].as_str().unwrap())
        .collect();
    assert_eq!(stances, ["unsure", "supports", "unsure"]);
    let kinds: Vec<&str> = fares["reversals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["partial"]);
    assert_eq!(fares["reversals"][0]["speaker"], "Aled Price");
    // speakers.yaml: "KR" is Krysten Ritter.
    let festival = group(&json, "The festival will move to July");
    assert_eq!(festival["reversals"][0]["speaker"], "Krysten Ritter");
    assert_eq!(festival["conflict"], false);
    // Equal topics group whatever the text.
    let tram = &json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["topic"] == "tram")
        .unwrap();
    assert_eq!(tram["claims"].as_array().unwrap().len(), 2);
}

#[test]
fn filters_keep_claims_and_recount_reversals() {
    let root = fixture("report/council");
    let json = report_json(&root, &["--speaker", "Jane Doe"]);
    for g in json["groups"].as_array().unwrap() {
        for c in g["claims"].as_array().unwrap() {
            assert!(c["speaker"].as_str().unwrap().contains("Doe"), "{c}");
        }
    }
    assert_eq!(json["groups"].as_array().unwrap().len(), 3);
    let lib = group(&json, "The Northgate library will reopen in May");
    assert_eq!(lib["conflict"], false, "Reed's claim is filtered out");
    assert_eq!(lib["reversals"].as_array().unwrap().len(), 1);

    let json = report_json(&root, &["--reversals"]);
    let claims: Vec<&str> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["claim"].as_str().unwrap())
        .collect();
    assert_eq!(
        claims,
        [
            "The Northgate library will reopen in May",
            "Bus fares will rise in 2022",
            "The festival will move to July"
        ]
    );

    let json = report_json(&root, &["--since", "2021-04", "--until", "2021-04"]);
    let dates = claim_field(&json, "date");
    assert_eq!(dates, ["2021-04-02", "2021-04-02", "2021-04-02"]);

    let json = report_json(&root, &["--grep", "TRAM"]);
    assert_eq!(json["groups"].as_array().unwrap().len(), 1);

    let r = run(&root, &["report", "--since", "2021-13"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("2021-13"), "{}", r.stderr);
}

#[test]
fn markdown_is_a_summary_with_one_table_per_group() {
    let r = run(
        &fixture("report/council"),
        &["report", "--format", "markdown", "--reversals"],
    );
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .starts_with("# Claims report\n\n3 groups, 8 claims, 3 reversals, 0 conflicts now.\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("## The Northgate library will reopen in May\n")
    );
    assert!(
        r.stdout
            .contains("| 2021-03 | Jane Doe (Doe) | **refutes** (full reversal: supports since 2021-01-10) | [march-library](articles/march-library.txt) |"),
        "{}",
        r.stdout
    );
}

#[test]
fn output_is_deterministic() {
    let a = run(repo(), &["report", "--format", "json"]);
    let b = run(repo(), &["report", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

/// What a user sees in the terminal, at a fixed width.
#[test]
fn table_snapshot_of_the_repository_corpus() {
    let out = common::claimtrack(repo(), &["report", "--reversals"])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn json_snapshot_of_the_repository_corpus() {
    let r = run(repo(), &["report", "--format", "json"]);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn errors_in_some_files_still_report_the_rest_and_exit_1() {
    let dir = common::scratch_copy("report/council");
    std::fs::write(
        dir.path().join("claims/march-library.yaml"),
        "published: 2021-03\nclaims: [\n",
    )
    .unwrap();
    let r = run(dir.path(), &["report", "--format", "json"]);
    assert_eq!(r.code, 1);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(!json["groups"].as_array().unwrap().is_empty());
    assert!(
        r.stderr.contains("claims/march-library.yaml:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("error[yaml-syntax]"), "{}", r.stderr);
}
