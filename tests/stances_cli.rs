//! Reversals by the last firm stance, verdicts, conflicts then and now,
//! `--as-of` and `--by speaker`, on the `report/stances` fixture (a mayor
//! who promises, hedges and drops; a councillor who goes refutes, unsure,
//! supports; one who wobbles and comes back; a budget officer who says yes
//! and no on one day) and on the repository's own corpus.

mod common;

use common::{fixture, run};
use serde_json::Value;

fn report_json(root: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend(extra);
    let r = run(root, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("valid JSON")
}

fn group<'a>(report: &'a Value, claim: &str) -> &'a Value {
    report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["claim"] == claim)
        .unwrap_or_else(|| panic!("no group {claim:?}"))
}

/// (kind, from, to, via) of each reversal of a group.
fn reversals(g: &Value) -> Vec<(String, String, String, Vec<String>)> {
    g["reversals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_owned(),
                r["from"].as_str().unwrap().to_owned(),
                r["to"].as_str().unwrap().to_owned(),
                r["via"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

fn verdict(g: &Value, speaker: &str) -> String {
    let p = g["positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["speaker"] == speaker)
        .unwrap_or_else(|| panic!("no position of {speaker}"));
    p["verdict"].as_str().unwrap().to_owned()
}

fn rev(kind: &str, from: &str, to: &str, via: &[&str]) -> (String, String, String, Vec<String>) {
    (
        kind.into(),
        from.into(),
        to.into(),
        via.iter().map(|v| v.to_string()).collect(),
    )
}

#[test]
fn promise_hedge_drop_is_a_full_reversal_from_the_promise_via_the_hedge() {
    let report = report_json(&fixture("report/stances"), &[]);
    let tram = group(&report, "The Eastside tram will be built");
    let doe: Vec<_> = reversals(tram)
        .into_iter()
        .filter(|r| r.1.contains("doe"))
        .collect();
    assert_eq!(
        doe,
        [
            rev(
                "partial",
                "march-pledge#doe-pledge",
                "may-hedge#doe-wait",
                &[]
            ),
            rev(
                "full",
                "march-pledge#doe-pledge",
                "june-drop#doe-drop",
                &["may-hedge#doe-wait"]
            ),
        ]
    );
    assert_eq!(verdict(tram, "Jane Doe"), "full flop");
    // The row says what the reporter needs.
    let r = run(
        &fixture("report/stances"),
        &["report", "--format", "markdown"],
    );
    assert!(
        r.stdout.contains(
            "**refutes** (full reversal: supports since 2024-03-04, via unsure 2024-05-20)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("- Jane Doe: full flop (2024-03-04 to 2024-06-10)"),
        "{}",
        r.stdout
    );
}

#[test]
fn refutes_unsure_supports_is_a_partial_then_a_full_reversal() {
    let report = report_json(&fixture("report/stances"), &[]);
    let road = group(&report, "The ring road will close in 2025");
    assert_eq!(
        reversals(road),
        [
            rev(
                "partial",
                "march-pledge#patel-road",
                "may-hedge#patel-survey",
                &[]
            ),
            rev(
                "full",
                "march-pledge#patel-road",
                "june-drop#patel-close",
                &["may-hedge#patel-survey"]
            ),
        ]
    );
    assert_eq!(verdict(road, "Raj Patel"), "full flop");
}

#[test]
fn supports_unsure_supports_is_one_partial_and_no_flip() {
    let report = report_json(&fixture("report/stances"), &[]);
    let museum = group(&report, "The museum will stay open");
    assert_eq!(
        reversals(museum),
        [rev(
            "partial",
            "march-pledge#lee-museum",
            "may-hedge#lee-close",
            &[]
        )]
    );
    assert_eq!(verdict(museum, "Ann Lee"), "no flip");
}

#[test]
fn yes_and_no_on_one_day_reverse_nothing_and_count_as_a_hedge() {
    let report = report_json(&fixture("report/stances"), &[]);
    let tram = group(&report, "The Eastside tram will be built");
    let reed: Vec<_> = reversals(tram)
        .into_iter()
        .filter(|r| r.1.contains("reed"))
        .collect();
    assert_eq!(
        reed,
        [rev(
            "partial",
            "march-pledge#reed-tram",
            "june-drop#reed-yes",
            &[]
        )],
        "no reversal between reed-yes and reed-no"
    );
    assert_eq!(verdict(tram, "Tom Reed"), "half flip");
}

#[test]
fn a_conflict_that_resolves_is_a_conflict_before_not_now() {
    let report = report_json(&fixture("report/stances"), &[]);
    let tram = group(&report, "The Eastside tram will be built");
    // Doe promised while Reed said no; by June both say no.
    assert_eq!(tram["conflict"], true);
    assert_eq!(tram["conflict_now"], false);
    assert_eq!(
        tram["conflicts"],
        serde_json::json!([{"speakers": ["Jane Doe", "Tom Reed"], "now": false}])
    );
    // Before June they disagreed: as known on 2024-05-31, a conflict now.
    let then = report_json(&fixture("report/stances"), &["--as-of", "2024-05-31"]);
    let tram = group(&then, "The Eastside tram will be built");
    assert_eq!(tram["conflict_now"], true);
    let r = run(
        &fixture("report/stances"),
        &["report", "--as-of", "2024-05-31"],
    );
    assert!(r.stdout.ends_with("1 conflict now\n"), "{}", r.stdout);
}

#[test]
fn as_of_is_the_corpus_as_known_then() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // Before December 2017 Ritter had not said no: no reversal.
    let before = report_json(repo, &["--as-of", "2017-11-30"]);
    let defenders = group(&before, "Defenders season 2 is happening");
    assert_eq!(defenders["reversals"], serde_json::json!([]));
    assert_eq!(verdict(defenders, "Krysten Ritter"), "no flip");
    assert!(
        before["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["claims"].as_array().unwrap())
            .all(|c| c["date"].as_str().unwrap() <= "2017-11-30")
    );
    // And the whole corpus still shows her full reversal.
    let now = report_json(repo, &[]);
    let defenders = group(&now, "Defenders season 2 is happening");
    assert_eq!(defenders["reversals"][0]["kind"], "full");
    assert_eq!(verdict(defenders, "Krysten Ritter"), "full flop");
}

#[test]
fn by_speaker_lists_each_persons_record_flip_flops_first() {
    let root = fixture("report/stances");
    let people = report_json(&root, &["--by", "speaker"]);
    let names: Vec<&str> = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["speaker"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Jane Doe", "Raj Patel", "Tom Reed", "Ann Lee"]);
    let doe = &people["people"][0]["groups"][0];
    assert_eq!(doe["verdict"], "full flop");
    assert_eq!(doe["first"], "2024-03-04");
    assert_eq!(doe["latest"], "2024-06-10");
    let stances: Vec<&str> = doe["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stance"].as_str().unwrap())
        .collect();
    assert_eq!(stances, ["supports", "unsure", "refutes"]);
    // One person's record.
    let one = report_json(&root, &["--by", "speaker", "--speaker", "Patel"]);
    assert_eq!(one["people"].as_array().unwrap().len(), 1);
    assert_eq!(one["people"][0]["speaker"], "Raj Patel");
    // Every format renders it.
    for format in ["table", "markdown", "html"] {
        let r = run(&root, &["report", "--by", "speaker", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains("Jane Doe"), "{format}: {}", r.stdout);
        assert!(r.stdout.contains("full flop"), "{format}: {}", r.stdout);
    }
}

/// The README's `report --reversals` example and the spec's JSON example
/// (Ritter's full flop; a conflict, not now) are what the repository's
/// corpus gives.
#[test]
fn the_readme_and_spec_examples_hold() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let start = readme
        .find("On the repository's corpus, `claimtrack report --reversals` shows:")
        .expect("the example is in the README");
    let block = readme[start..].split("```").nth(1).unwrap();
    let out = common::claimtrack(repo, &["report", "--reversals"])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    for line in block.lines().filter(|l| !l.is_empty() && *l != "...") {
        assert!(
            shown.contains(line),
            "README line not in the output: {line}\n{shown}"
        );
    }
    let report = report_json(repo, &[]);
    let defenders = group(&report, "Defenders season 2 is happening");
    let ritter = defenders["positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["speaker"] == "Krysten Ritter")
        .unwrap();
    assert_eq!(
        *ritter,
        serde_json::json!({"speaker": "Krysten Ritter", "first": "2017-01", "latest": "2017-12", "verdict": "full flop"})
    );
    assert_eq!(defenders["conflict"], true);
    assert_eq!(defenders["conflict_now"], false);
}
