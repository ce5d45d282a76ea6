//! What users see, pinned: the output of `check`, `add`, `new` and `report`
//! in every format on small corpora, one snapshot file a case under
//! tests/snapshots/ (human_output__<case>.snap), so that a change to a
//! message is a visible diff in review. Update with `INSTA_UPDATE=always
//! cargo test --test human_output` and read the diff.

mod common;

use std::path::Path;

use common::{claimtrack, fixture, scratch_copy};

/// Exit status, stdout and stderr of one run, as one text; the scratch
/// folder's path (which differs each run) is written `<root>`.
fn shown(root: &Path, args: &[&str]) -> String {
    let out = claimtrack(root, args)
        .env("COLUMNS", "100")
        .output()
        .expect("claimtrack runs");
    let text = format!(
        "$ claimtrack {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap()
    );
    text.replace(&root.display().to_string(), "<root>")
}

#[test]
fn check_human() {
    insta::assert_snapshot!(shown(&fixture("check-all/five-defects"), &["check"]));
}

#[test]
fn check_github() {
    insta::assert_snapshot!(shown(
        &fixture("check-all/five-defects"),
        &["check", "--format", "github"]
    ));
}

#[test]
fn check_json() {
    insta::assert_snapshot!(shown(
        &fixture("check-all/five-defects"),
        &["check", "--format", "json"]
    ));
}

#[test]
fn check_skeleton() {
    insta::assert_snapshot!(shown(&fixture("check/not-annotated"), &["check"]));
}

#[test]
fn new_then_add() {
    let dir = scratch_copy("authoring-loop/fresh");
    let root = dir.path();
    let new = shown(root, &["new"]);
    let skeleton = std::fs::read_to_string(root.join("claims/budget.yaml")).unwrap();
    let article = std::fs::read_to_string(root.join("articles/budget.txt")).unwrap();
    // A claim quoting the article's first quoted passage, whatever it is.
    let quote = article
        .split('"')
        .nth(1)
        .expect("the fixture's article quotes someone");
    let add = shown(
        root,
        &[
            "add",
            "articles/budget.txt",
            "--claim",
            "The budget will pass",
            "--stance",
            "supports",
            "--speaker",
            "Mayor Jane Doe",
            "--quote",
            quote,
        ],
    );
    let added = std::fs::read_to_string(root.join("claims/budget.yaml")).unwrap();
    insta::assert_snapshot!(format!(
        "{new}=== claims/budget.yaml after new\n{skeleton}\n{add}=== claims/budget.yaml after add\n{added}"
    ));
}

#[test]
fn add_refused() {
    let dir = scratch_copy("authoring-loop/fresh");
    insta::assert_snapshot!(shown(
        dir.path(),
        &[
            "add",
            "articles/budget.txt",
            "--published",
            "2024-05-02",
            "--claim",
            "The budget will pass",
            "--stance",
            "supports",
            "--speaker",
            "Mayor Jane Doe",
            "--quote",
            "words that are in no article",
        ],
    ));
}

#[test]
fn report_table() {
    insta::assert_snapshot!(shown(&fixture("report/stances"), &["report"]));
}

#[test]
fn report_markdown() {
    insta::assert_snapshot!(shown(
        &fixture("report/stances"),
        &["report", "--format", "markdown"]
    ));
}

#[test]
fn report_json() {
    insta::assert_snapshot!(shown(
        &fixture("report/stances"),
        &["report", "--format", "json"]
    ));
}

#[test]
fn report_html() {
    insta::assert_snapshot!(shown(
        &fixture("report/stances"),
        &["report", "--format", "html"]
    ));
}

#[test]
fn report_by_speaker() {
    insta::assert_snapshot!(shown(
        &fixture("report/stances"),
        &["report", "--by", "speaker"]
    ));
}

#[test]
fn report_with_no_match() {
    insta::assert_snapshot!(shown(
        &fixture("report/stances"),
        &["report", "--speaker", "Jane Do"]
    ));
}
