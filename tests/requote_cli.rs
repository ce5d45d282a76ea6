//! `claimtrack requote` on an article corrected the ways articles are: a
//! typo fixed, a word changed and a word inserted in quotes, punctuation
//! changed, curly quotes made straight, a paragraph inserted before, and one
//! quoted passage deleted (an orphan). `check` reports the moved quotes as
//! warnings and the orphan as an error; `requote` rewrites only the moved
//! quotes, keeping every other byte, CRLF included.

mod common;

use std::path::Path;

use common::{run, scratch_copy};
use serde_json::Value;

const FILE: &str = "claims/library.yaml";

fn problems(root: &Path) -> (i32, Vec<(String, u64, String)>) {
    let r = run(root, &["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&r.stdout).expect("JSON");
    let found = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_owned(),
                p["line"].as_u64().unwrap_or(0),
                p["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (r.code, found)
}

/// The quote lines moved (1-based) in the fixture's annotation file, and
/// the context lines that go with two of them.
const MOVED_LINES: [usize; 4] = [8, 14, 19, 30];
const CONTEXT_LINES: [usize; 2] = [9, 20];

#[test]
fn check_reports_moved_quotes_as_warnings_and_the_orphan_as_an_error() {
    let dir = scratch_copy("requote/corrected");
    let (code, found) = problems(dir.path());
    assert_eq!(code, 1);
    let codes: Vec<(&str, u64)> = found.iter().map(|(c, l, _)| (c.as_str(), *l)).collect();
    assert_eq!(
        codes,
        [
            ("quote-moved", 8),
            ("quote-moved", 14),
            ("quote-moved", 19),
            ("quote-moved", 30),
            ("quote-not-found", 36),
        ]
    );
    // The message shows the passage and where it is in the article.
    assert!(
        found[0].2.contains(
            "at articles/library.txt:7:33: \"The Northgate library will reopen in May, after a long and costly refurbishment.\""
        ),
        "{}",
        found[0].2
    );
    assert!(
        found[1]
            .2
            .contains("articles/library.txt:9:43: \"not enough to receive the books we need\""),
        "{}",
        found[1].2
    );
}

#[test]
fn dry_run_writes_nothing() {
    let dir = scratch_copy("requote/corrected");
    let before = std::fs::read(dir.path().join(FILE)).unwrap();
    let r = run(dir.path(), &["requote", "--dry-run"]);
    assert_eq!(r.code, 1, "the orphan stays an error: {}", r.stderr);
    assert!(
        r.stdout
            .contains("claims/library.yaml:8: claim `doe-reopen`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("+ \"We are firmly on track.\""),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("grant-divided"), "{}", r.stderr);
    assert_eq!(std::fs::read(dir.path().join(FILE)).unwrap(), before);
}

/// `old` and `new` have the same lines except those listed (1-based).
fn same_but(old: &str, new: &str, changed: &[usize]) {
    let old: Vec<&str> = old.split_inclusive('\n').collect();
    let new: Vec<&str> = new.split_inclusive('\n').collect();
    assert_eq!(old.len(), new.len());
    for (i, (a, b)) in old.iter().zip(&new).enumerate() {
        if changed.contains(&(i + 1)) {
            assert_ne!(a, b, "line {} should have changed", i + 1);
        } else {
            assert_eq!(a, b, "line {} changed", i + 1);
        }
    }
}

fn requote_then_check(crlf: bool) {
    let dir = scratch_copy("requote/corrected");
    let root = dir.path();
    let path = root.join(FILE);
    if crlf {
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
    }
    let old = std::fs::read_to_string(&path).unwrap();
    let r = run(root, &["requote"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("4 quotes rewritten in 1 file"),
        "{}",
        r.stderr
    );
    let new = std::fs::read_to_string(&path).unwrap();
    let mut changed: Vec<usize> = MOVED_LINES.to_vec();
    changed.extend(CONTEXT_LINES);
    same_but(&old, &new, &changed);
    if crlf {
        assert_eq!(new.matches("\r\n").count(), new.matches('\n').count());
    }
    let lines: Vec<&str> = new.lines().collect();
    assert_eq!(
        lines[13].trim_end_matches('\r'),
        "    quote: not enough to receive the books we need  # as printed on 2 March"
    );
    assert_eq!(
        lines[18].trim_end_matches('\r'),
        "    quote: We are firmly on track."
    );
    // Only the orphan is left.
    let (code, found) = problems(root);
    assert_eq!(code, 1);
    let codes: Vec<(&str, u64)> = found.iter().map(|(c, l, _)| (c.as_str(), *l)).collect();
    assert_eq!(codes, [("quote-not-found", 36)]);
    // Nothing more to do.
    let r = run(root, &["requote"]);
    assert!(r.stderr.contains("0 quotes rewritten"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), new);
}

#[test]
fn requote_rewrites_only_the_moved_quotes() {
    requote_then_check(false);
}

#[test]
fn crlf_files_stay_crlf() {
    requote_then_check(true);
}

#[test]
fn a_quote_in_flow_style_is_refused_with_a_reason() {
    let dir = scratch_copy("requote/corrected");
    let root = dir.path();
    std::fs::write(
        root.join(FILE),
        "published: 2021-03-02\nclaims: [{id: a, claim: X, stance: supports, speaker: Ann Smith, quote: not enough to recieve the books we need}]\n",
    )
    .unwrap();
    let before = std::fs::read(root.join(FILE)).unwrap();
    let r = run(root, &["requote"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("flow style"), "{}", r.stderr);
    assert_eq!(std::fs::read(root.join(FILE)).unwrap(), before);
}

#[test]
fn only_the_articles_named_are_requoted() {
    let dir = scratch_copy("requote/corrected");
    let root = dir.path();
    std::fs::create_dir_all(root.join("articles/other")).unwrap();
    let before = std::fs::read(root.join(FILE)).unwrap();
    let r = run(root, &["requote", "articles/nothing-here.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(std::fs::read(root.join(FILE)).unwrap(), before);
    let r = run(root, &["requote", "articles/library.txt"]);
    assert!(r.stderr.contains("4 quotes rewritten"), "{}", r.stderr);
}
