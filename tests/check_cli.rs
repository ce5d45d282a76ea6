//! `claimtrack check` run as a user runs it, on the fixtures under
//! tests/fixtures/check/ (one corpus per problem code).

mod common;

use common::{fixture, run};
use serde_json::Value;

fn problems_json(name: &str) -> (i32, Vec<Value>) {
    // missing-archive is an error only for newsrooms that ask for it.
    let mut args = vec!["check", "--format", "json"];
    if name == "missing-archive" {
        args.push("--require-archive");
    }
    let r = run(&fixture(&format!("check/{name}")), &args);
    let json: Value = serde_json::from_str(&r.stdout).expect("stdout is JSON and nothing else");
    (r.code, json["problems"].as_array().unwrap().clone())
}

/// Each fixture triggers exactly its own code, at the expected place.
#[test]
fn every_code_has_a_fixture_that_triggers_it() {
    let cases: &[(&str, &str, &str, Option<u64>, i32)] = &[
        (
            "missing-annotation",
            "error",
            "articles/2021/unannotated.txt",
            None,
            1,
        ),
        ("missing-archive", "error", "claims/pool.yaml", None, 1),
        ("not-annotated", "error", "claims/library.yaml", Some(4), 1),
        (
            "orphan-annotation",
            "error",
            "claims/2021/deleted-article.yaml",
            None,
            1,
        ),
        ("unreadable", "error", "articles/library.txt", None, 1),
        ("yaml-syntax", "error", "claims/library.yaml", Some(4), 1),
        ("schema", "error", "claims/library.yaml", Some(8), 1),
        ("bad-date", "error", "claims/library.yaml", Some(1), 1),
        ("duplicate-id", "error", "claims/library.yaml", Some(8), 1),
        (
            "quote-not-found",
            "error",
            "claims/library.yaml",
            Some(7),
            1,
        ),
        ("quote-ambiguous", "warning", "claims/vote.yaml", Some(7), 0),
        ("quote-moved", "warning", "claims/library.yaml", Some(7), 0),
        (
            "date-after-published",
            "warning",
            "claims/library.yaml",
            Some(8),
            0,
        ),
        (
            "duplicate-claim",
            "warning",
            "claims/library.yaml",
            Some(8),
            0,
        ),
        (
            "similar-claim",
            "warning",
            "claims/reopening.yaml",
            Some(4),
            0,
        ),
    ];
    let covered: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for code in claimtrack::problem::Code::ALL {
        assert!(covered.contains(&code.as_str()), "no fixture for {code}");
    }
    for &(code, severity, file, line, exit) in cases {
        let (status, problems) = problems_json(code);
        assert_eq!(status, exit, "{code}: exit status");
        assert_eq!(problems.len(), 1, "{code}: {problems:#?}");
        let p = &problems[0];
        assert_eq!(p["code"], code);
        assert_eq!(p["severity"], severity, "{code}");
        assert_eq!(p["file"], file, "{code}");
        assert_eq!(p["line"].as_u64(), line, "{code}");
        assert!(!p["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn a_valid_corpus_passes() {
    let r = run(&fixture("check/valid"), &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "check: no problems\n");
}

#[test]
fn the_repository_corpus_passes() {
    let r = run(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn human_output_points_at_file_line_column_with_the_line_shown() {
    let r = run(&fixture("check/quote-not-found"), &["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "\
error[quote-not-found]: the quote of claim `doe-reopen` is not in articles/library.txt; the closest passage is: \"The Northgate library will reopen in May.\"
 --> claims/library.yaml:7:12
  |
7 |     quote: The Northgate library will close for good next year.
  |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

check: 1 error
"
    );
}

#[test]
fn github_format_prints_workflow_commands() {
    let r = run(&fixture("check/bad-date"), &["check", "--format", "github"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "::error file=claims/library.yaml,line=1,col=12,title=bad-date::`published`: `2023-02-30` does not exist: that month has no such day\n"
    );
    assert_eq!(r.stderr, "check: 1 error\n");
}

#[test]
fn warnings_alone_exit_zero_and_say_so() {
    let r = run(&fixture("check/quote-ambiguous"), &["check"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with("warning[quote-ambiguous]: "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with("check: 1 warning\n"));
}

#[test]
fn unreadable_names_the_byte_offset() {
    let (_, problems) = problems_json("unreadable");
    let msg = problems[0]["message"].as_str().unwrap();
    assert!(msg.contains("byte 0xE9 at byte offset 68"), "{msg}");
}

#[test]
fn not_a_corpus_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("is not a claimtrack corpus"),
        "{}",
        r.stderr
    );
    let r = run(&dir.path().join("nope"), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no such folder"), "{}", r.stderr);
}

#[test]
fn unknown_options_are_usage_errors() {
    let r = run(&fixture("check/valid"), &["check", "--format", "xml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'xml'"), "{}", r.stderr);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let root = fixture("check/bad-date");
    let plain = common::claimtrack(&root, &["check"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));
    let coloured = common::claimtrack(&root, &["--color", "always", "check"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\u{1b}'));
}

/// The spec's acceptance scenario: one corpus, five different errors, all
/// reported in one run with code, file and line.
#[test]
fn every_problem_of_a_corpus_is_reported_in_one_run() {
    let dir = common::scratch_copy("check/valid");
    let root = dir.path();
    let w = |p: &str, s: &str| std::fs::write(root.join(p), s).unwrap();
    let art = std::fs::read_to_string(root.join("articles/library.txt")).unwrap();
    let good = std::fs::read_to_string(root.join("claims/library.yaml")).unwrap();
    w("articles/unannotated.txt", &art);
    w("articles/changed-quote.txt", &art);
    w(
        "claims/changed-quote.yaml",
        &good.replace("will reopen in May", "will reopen in June"),
    );
    w("articles/impossible.txt", &art);
    w(
        "claims/impossible.yaml",
        &good.replace("2021-03-02", "2023-02-30"),
    );
    w("articles/unknown-key.txt", &art);
    w(
        "claims/unknown-key.yaml",
        &good.replace("claims:", "editor: Sam\nclaims:"),
    );
    w("articles/broken.txt", &art);
    w(
        "claims/broken.yaml",
        "published: 2021-03-02\nclaims: [ {id: a\n",
    );

    let r = run(root, &["check", "--format", "json"]);
    assert_eq!(r.code, 1);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let got: Vec<(String, String, Option<u64>)> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().into(),
                p["file"].as_str().unwrap().into(),
                p["line"].as_u64(),
            )
        })
        .collect();
    let want = [
        ("missing-annotation", "articles/unannotated.txt", None),
        ("yaml-syntax", "claims/broken.yaml", Some(2)),
        // A month changed is another statement, not a correction: the
        // quote is not in the article.
        ("quote-not-found", "claims/changed-quote.yaml", Some(7)),
        ("bad-date", "claims/impossible.yaml", Some(1)),
        ("schema", "claims/unknown-key.yaml", Some(2)),
    ];
    let want: Vec<(String, String, Option<u64>)> = want
        .iter()
        .map(|(c, f, l)| (c.to_string(), f.to_string(), *l))
        .collect();
    assert_eq!(got, want);

    let r = run(root, &["check", "--format", "github"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.lines().count(), 5);
    assert!(
        r.stdout
            .lines()
            .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")),
        "{}",
        r.stdout
    );
}

#[test]
fn a_missing_archive_is_an_error_only_when_required() {
    let r = run(&fixture("check/missing-archive"), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(!r.stdout.contains("missing-archive"), "{}", r.stdout);
}

#[test]
fn an_archive_that_is_not_a_web_address_is_missing() {
    let dir = common::scratch_copy("check/missing-archive");
    let pool = dir.path().join("claims/pool.yaml");
    let text = std::fs::read_to_string(&pool).unwrap();
    std::fs::write(&pool, text.replace("claims:", "archived: n/a\nclaims:")).unwrap();
    let r = run(dir.path(), &["check", "--require-archive"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("`archived: n/a` is not a web address"),
        "{}",
        r.stdout
    );
}
