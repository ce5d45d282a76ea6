//! `claimtrack check` reports every problem of a hand-edited file in one
//! run, each where it is, on the corpora under tests/fixtures/check-all/
//! (one per case), and fails an untouched skeleton.

mod common;

use common::git;

use std::path::Path;

use common::{fixture, run, scratch_copy};
use serde_json::Value;

/// Each problem of `check --format json` as (code, line, column, message),
/// with the exit status.
fn problems(root: &Path) -> (i32, Vec<(String, u64, u64, String)>) {
    let r = run(root, &["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&r.stdout).expect("stdout is JSON");
    let found = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_owned(),
                p["line"].as_u64().unwrap_or(0),
                p["column"].as_u64().unwrap_or(0),
                p["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (r.code, found)
}

fn expected(list: &[(&str, u64, u64, &str)]) -> Vec<(String, u64, u64, String)> {
    list.iter()
        .map(|&(code, line, column, message)| (code.into(), line, column, message.into()))
        .collect()
}

/// The acceptance case of issue 22: a misspelt key, a bad stance, a bad
/// date, a quote not in the article and a duplicate id, all in one run,
/// though the quote and the id are in claims that have schema errors.
#[test]
fn five_planted_defects_of_five_kinds_in_one_run() {
    let (status, found) = problems(&fixture("check-all/five-defects"));
    assert_eq!(status, 1);
    assert_eq!(
        found,
        expected(&[
            (
                "schema",
                13,
                13,
                "unknown stance `suports`: use supports, refutes or unsure"
            ),
            (
                "quote-not-found",
                15,
                12,
                "the quote of claim `doe-on-track` is not in articles/library.txt; the closest passage is: \"We are on track.\""
            ),
            (
                "bad-date",
                16,
                11,
                "`date`: `2021-02-30` does not exist: that month has no such day"
            ),
            (
                "duplicate-id",
                17,
                9,
                "the id `doe-reopen` is already used at line 6; ids must be unique in a file"
            ),
            (
                "schema",
                20,
                5,
                "unknown key `speeker` in a claim (did you mean `speaker`?); known keys: id, claim, stance, speaker, quote, date, topic, note, context"
            ),
        ])
    );
}

/// Claims with a schema error are checked, never reported as valid: the
/// report holds the one valid claim of the file.
#[test]
fn claims_with_errors_stay_out_of_reports() {
    let r = run(
        &fixture("check-all/five-defects"),
        &["report", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let refs: Vec<&str> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["claims"].as_array().unwrap())
        .map(|c| c["ref"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["library#doe-reopen"]);
    assert!(
        !r.stdout.contains("spring") && !r.stdout.contains("on track"),
        "{}",
        r.stdout
    );
}

/// A tab on line 20 is reported on line 20, and only its claim is set
/// aside: the quote of the first claim and the date of the second are
/// still checked, and the claims after it still read.
#[test]
fn a_tab_on_line_20_is_reported_on_line_20_and_the_rest_is_checked() {
    let root = fixture("check-all/tab");
    let text = std::fs::read_to_string(root.join("claims/library.yaml")).unwrap();
    assert!(text.lines().nth(19).unwrap().starts_with('\t'));
    let (status, found) = problems(&root);
    assert_eq!(status, 1);
    assert_eq!(
        found,
        expected(&[
            (
                "quote-not-found",
                8,
                12,
                "the quote of claim `doe-reopen` is not in articles/library.txt; the closest passage is: \"The Northgate library will reopen in May.\""
            ),
            (
                "date-after-published",
                14,
                11,
                "claim `doe-on-track` is dated 2021-03-05, after its article was published (2021-03-02)"
            ),
            (
                "yaml-syntax",
                20,
                1,
                "a tab in the indentation: YAML indents with spaces only (replace the tab with spaces)"
            ),
        ])
    );
    let r = run(&root, &["report", "--format", "json"]);
    assert!(r.stdout.contains("library#doe-again"), "{}", r.stdout);
    assert!(!r.stdout.contains("deputy-doubts"), "{}", r.stdout);
}

/// The caret is under the value, in block style with trailing comments and
/// in a long flow-style line alike; the quote-not-found message names the
/// article once (the problem's file is the annotation).
#[test]
fn diagnostics_point_at_the_value() {
    let r = run(&fixture("check-all/spans"), &["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        r#"error[schema]: unknown stance `maybe`: use supports, refutes or unsure
 --> claims/block.yaml:5:13
  |
5 |     stance: maybe  # ask the desk
  |             ^^^^^

error[quote-not-found]: the quote of claim `doe-reopen` is not in articles/block.txt; the closest passage is: "The Northgate library will reopen in May."
 --> claims/block.yaml:7:12
  |
7 |     quote: "The Northgate library will open in May."  # checked by Sam, 3 March
  |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

warning[date-after-published]: claim `doe-reopen` is dated 2021-03-09, after its article was published (2021-03-02)
 --> claims/block.yaml:8:11
  |
8 |     date: 2021-03-09  # the council meeting
  |           ^^^^^^^^^^

error[quote-not-found]: the quote of claim `doe-reopen` is not in articles/flow.txt; the closest passage is: "The Northgate library will reopen in May."
 --> claims/flow.yaml:2:190
  |
2 | ...e: supports, speaker: Mayor Jane Doe, quote: The Northgate library will open in May., date: 2021-03-09}, {id: doe-track, claim: Th...
  |                                                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

warning[date-after-published]: claim `doe-reopen` is dated 2021-03-09, after its article was published (2021-03-02)
 --> claims/flow.yaml:2:237
  |
2 | ... Doe, quote: The Northgate library will open in May., date: 2021-03-09}, {id: doe-track, claim: The reopening is on track, stance:...
  |                                                                ^^^^^^^^^^

error[schema]: unknown stance `maybe`: use supports, refutes or unsure
 --> claims/flow.yaml:2:308
  |
2 | ...9}, {id: doe-track, claim: The reopening is on track, stance: maybe, speaker: Mayor Jane Doe, quote: "We are on track."}]  # to do...
  |                                                                  ^^^^^

check: 4 errors, 2 warnings
"#
    );
}

#[test]
fn an_untouched_skeleton_fails_until_a_person_fills_it_in() {
    let dir = scratch_copy("check/not-annotated");
    let root = dir.path();
    let r = run(root, &["check", "--format", "github"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "::error file=claims/library.yaml,line=4,col=13,title=not-annotated::the skeleton of articles/library.txt was never filled in: add claims with `claimtrack add`, or write `claims: []` if it has none\n"
    );
    let path = root.join("claims/library.yaml");
    let skeleton = std::fs::read_to_string(&path).unwrap();
    let marker_line = skeleton.lines().nth(3).unwrap().to_owned();

    // A person declares the article has nothing to annotate.
    std::fs::write(&path, skeleton.replace(&marker_line, "claims: []")).unwrap();
    let r = run(root, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);

    // A file with claims is annotated, whatever its comments say.
    let claims = "claims:\n  - id: doe-reopen\n    claim: The Northgate library reopens in May\n    stance: supports\n    speaker: Mayor Jane Doe\n    quote: The Northgate library will reopen in May.\n# claimtrack: not annotated yet";
    std::fs::write(&path, skeleton.replace(&marker_line, claims)).unwrap();
    let r = run(root, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

/// With --changed-since, an untouched skeleton of an article that did not
/// change is let be, as a missing annotation file would be.
#[test]
fn changed_since_lets_old_skeletons_be_as_it_lets_missing_files_be() {
    let dir = scratch_copy("check/not-annotated");
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "start"]);
    let r = run(root, &["check", "--changed-since", "HEAD"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    std::fs::write(root.join("articles/library.txt"), "Changed.\n").unwrap();
    let r = run(
        root,
        &["check", "--format", "github", "--changed-since", "HEAD"],
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("title=not-annotated::"), "{}", r.stdout);
}

#[test]
fn the_same_claim_twice_is_a_warning_at_the_second() {
    let r = run(
        &fixture("check/duplicate-claim"),
        &["check", "--format", "github"],
    );
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "::warning file=claims/library.yaml,line=8,col=5,title=duplicate-claim::claim `doe-reopen-2` repeats claim `doe-reopen` (line 3): the same speaker, claim and quote; delete one of them\n"
    );
}
