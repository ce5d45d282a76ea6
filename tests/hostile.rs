//! The hostile-input suite: files written by careless or malicious hands.
//!
//! Each case is a small corpus under `tests/fixtures/hostile/<case>/` with a
//! file `expect`: a comment saying what the case is, the exit status of
//! `check`, and the problems it must report as `code file` lines. Cases that
//! cannot be committed (100 MB files, links, FIFOs, read-only files) are
//! built at run time, in the functions at the end of this file.
//!
//! Every case goes through the same gauntlet, on a scratch copy:
//! - `check --format json` exits with the expected status within 10 s and
//!   reports exactly the expected codes, each with a file;
//! - `check` (human), `report` (table, JSON, Markdown and HTML) exit with 0, 1 or 2 within
//!   10 s, never a panic, and JSON output parses;
//! - a second, cached `check` prints the same bytes;
//! - `add` either succeeds, and only adds, or changes nothing;
//! - apart from a successful `add`, no file of the corpus changes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{ARTICLE, add_args, copy_dir, fixture};

/// The hidden checks allow 10 s for a release build; a debug build (what
/// `cargo test` runs) is several times slower, so it gets more. The biggest
/// cases (100 MB, 20 MB, 10,000 claims) are `#[ignore]`d in `cargo test` and
/// run in release by `.ci/run`.
const TIMEOUT: Duration = Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 10 });

/// What a case must produce.
#[derive(Debug)]
struct Expect {
    exit: i32,
    /// (code, file) pairs, sorted.
    problems: Vec<(String, String)>,
}

fn read_expect(dir: &Path) -> Expect {
    let text = std::fs::read_to_string(dir.join("expect")).expect("every case has an expect file");
    let mut exit = None;
    let mut problems = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(' ') {
            Some(("exit", n)) => exit = Some(n.parse().expect("exit N")),
            Some((code, file)) => problems.push((code.to_owned(), file.to_owned())),
            None => panic!("{}: bad line {line:?}", dir.display()),
        }
    }
    problems.sort();
    Expect {
        exit: exit.expect("an exit line"),
        problems,
    }
}

/// Every regular file of a corpus and its bytes (claimtrack keeps its cache
/// outside the corpus, so nothing there may change).
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.path().strip_prefix(root).unwrap().to_owned(), bytes)
        })
        .collect()
}

struct Outcome {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs claimtrack with a time limit; a panic (101), a signal or a hang fails the test.
fn run(root: &Path, args: &[&str]) -> Outcome {
    let mut cmd = assert_cmd::Command::cargo_bin("claimtrack").unwrap();
    cmd.arg("--root").arg(root).arg("--color").arg("never");
    cmd.args(args).timeout(TIMEOUT);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("claimtrack {args:?} on {}: {e}", root.display()));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or_else(|| {
        panic!(
            "claimtrack {args:?} on {} was killed (timeout {TIMEOUT:?} or signal): {stderr}",
            root.display()
        )
    });
    assert!(
        matches!(code, 0..=2),
        "claimtrack {args:?} on {} exited {code}: {stderr}",
        root.display()
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    Outcome {
        code,
        stdout: out.stdout,
        stderr,
    }
}

fn json(out: &Outcome, what: &str) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{what}: stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// The gauntlet every case runs through. `extra` are global options (limits).
fn gauntlet(name: &str, root: &Path, expect: &Expect, extra: &[&str]) {
    let before = snapshot(root);
    let with = |args: &[&str]| -> Vec<String> {
        extra.iter().chain(args).map(|s| s.to_string()).collect()
    };
    let args = with(&["check", "--format", "json"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let checked = run(root, &args);
    let found = json(&checked, name);
    let mut problems: Vec<(String, String)> = found["problems"]
        .as_array()
        .expect("a problems list")
        .iter()
        .map(|p| {
            let code = p["code"].as_str().unwrap_or_default().to_owned();
            let file = p["file"].as_str().unwrap_or_default().to_owned();
            assert!(!code.is_empty() && !file.is_empty(), "{name}: {p}");
            assert!(
                !p["message"].as_str().unwrap_or_default().is_empty(),
                "{name}: {p}"
            );
            (code, file)
        })
        .collect();
    problems.sort();
    assert_eq!(
        (checked.code, &problems),
        (expect.exit, &expect.problems),
        "{name}: exit status and problems of `check`; stderr: {}",
        checked.stderr
    );
    let again = run(root, &args);
    assert_eq!(again.code, checked.code, "{name}: second run");
    assert_eq!(
        again.stdout, checked.stdout,
        "{name}: a cached run prints the same bytes"
    );

    for args in [
        with(&["check"]),
        with(&["report"]),
        with(&["report", "--format", "json"]),
        with(&["report", "--format", "markdown"]),
        with(&["report", "--format", "html"]),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(root, &args);
        if args.contains(&"json") && out.code != 2 {
            json(&out, name);
        }
        if args.contains(&"html") && out.code != 2 {
            let html = std::str::from_utf8(&out.stdout)
                .unwrap_or_else(|e| panic!("{name}: the HTML report is not UTF-8: {e}"));
            let page = scraper::Html::parse_document(html);
            assert!(
                page.errors.is_empty(),
                "{name}: HTML errors {:?}",
                page.errors
            );
        }
        if args == ["check"] {
            assert_eq!(out.code, checked.code, "{name}: human check");
        }
    }
    assert_eq!(
        snapshot(root),
        before,
        "{name}: check and report changed a file"
    );

    // add, into the case's first article, must add or leave everything alone.
    let Some(article) = before
        .keys()
        .filter(|p| p.starts_with("articles"))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .next()
    else {
        return;
    };
    let args = with(&add_args(
        &article,
        &["--id", "hostile-added", "--published", "2021-03-02"],
    ));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let added = run(root, &args);
    let after = snapshot(root);
    if added.code != 0 {
        assert_eq!(
            after, before,
            "{name}: a refused add changed a file: {}",
            added.stderr
        );
        return;
    }
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, bytes)| before.get(*p) != Some(*bytes))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(changed.len(), 1, "{name}: add changed {changed:?}");
    let new = String::from_utf8_lossy(&after[changed[0]]).into_owned();
    assert!(new.contains("hostile-added"), "{name}: {new}");
    if let Some(old) = before.get(changed[0]) {
        // Insertion only: the old bytes are the new ones minus one contiguous run.
        let old = String::from_utf8_lossy(old);
        let prefix = old
            .bytes()
            .zip(new.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        assert!(
            new.ends_with(&old[prefix..]),
            "{name}: add did more than insert: {old:?} -> {new:?}"
        );
    }
}

/// A scratch copy of a committed case.
fn scratch(dir: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(dir, tmp.path());
    std::fs::remove_file(tmp.path().join("expect")).unwrap();
    tmp
}

#[test]
fn committed_cases() {
    let root = fixture("hostile");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "{} committed cases", cases.len());
    for dir in &cases {
        let name = dir.file_name().unwrap().to_string_lossy();
        let expect = read_expect(dir);
        let tmp = scratch(dir);
        gauntlet(&name, tmp.path(), &expect, &[]);
    }
}

// ---- Cases built at run time -------------------------------------------------

const CLAIM: &str = "  - id: smith-reopen\n    claim: The library will reopen in May\n    stance: supports\n    speaker: Ann Smith\n    quote: the library will reopen in May\n";

fn corpus(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for dir in ["articles", "claims"] {
        std::fs::create_dir_all(tmp.path().join(dir)).unwrap();
    }
    for (rel, bytes) in files {
        let path = tmp.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    tmp
}

fn good_annotation() -> String {
    format!("published: 2021-03-02\nclaims:\n{CLAIM}")
}

fn expect(exit: i32, problems: &[(&str, &str)]) -> Expect {
    let mut problems: Vec<(String, String)> = problems
        .iter()
        .map(|(c, f)| (c.to_string(), f.to_string()))
        .collect();
    problems.sort();
    Expect { exit, problems }
}

fn message_of(root: &Path, extra: &[&str]) -> String {
    let mut args = extra.to_vec();
    args.extend(["check", "--format", "json"]);
    let out = run(root, &args);
    json(&out, "message")["problems"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
#[ignore = "slow in a debug build; .ci/run runs it in release (cargo test --release --test hostile -- --ignored)"]
fn a_100_mb_article_is_refused_unless_the_limit_is_raised() {
    let mut article = ARTICLE.as_bytes().to_vec();
    let line = b"Filler text that nobody quotes, repeated to make the article large.\n";
    while article.len() < 100 << 20 {
        article.extend_from_slice(line);
    }
    let tmp = corpus(&[
        ("articles/a.txt", &article),
        ("claims/a.yaml", good_annotation().as_bytes()),
    ]);
    drop(article);
    gauntlet(
        "100 MB article",
        tmp.path(),
        &expect(1, &[("unreadable", "articles/a.txt")]),
        &[],
    );
    let message = message_of(tmp.path(), &[]);
    assert!(message.contains("--max-file-size"), "{message}");
    gauntlet(
        "100 MB article, limit raised",
        tmp.path(),
        &expect(0, &[]),
        &["--max-file-size", "200000000"],
    );
}

#[test]
#[ignore = "slow in a debug build; .ci/run runs it in release (cargo test --release --test hostile -- --ignored)"]
fn a_20_mb_annotation_file_is_refused_unless_the_limit_is_raised() {
    let note = "x".repeat(20 << 20);
    let yaml = format!("{}    note: {note}\n", good_annotation());
    let tmp = corpus(&[
        ("articles/a.txt", ARTICLE.as_bytes()),
        ("claims/a.yaml", yaml.as_bytes()),
    ]);
    gauntlet(
        "20 MB annotation",
        tmp.path(),
        &expect(1, &[("unreadable", "claims/a.yaml")]),
        &[],
    );
    gauntlet(
        "20 MB annotation, limit raised",
        tmp.path(),
        &expect(0, &[]),
        &["--max-file-size", "50000000"],
    );
}

fn ten_thousand_claims() -> tempfile::TempDir {
    let mut article = String::new();
    let mut yaml = String::from("published: 2021-03-02\nclaims:\n");
    for i in 0..10_000 {
        article.push_str(&format!("Speaker {i} said that bridge {i} will open.\n"));
        yaml.push_str(&format!(
            "  - id: c{i}\n    claim: Bridge {i} will open\n    stance: supports\n    speaker: Speaker {i}\n    quote: Speaker {i} said that bridge {i} will open\n"
        ));
    }
    corpus(&[
        ("articles/a.txt", article.as_bytes()),
        ("claims/a.yaml", yaml.as_bytes()),
    ])
}

#[test]
#[ignore = "slow in a debug build; .ci/run runs it in release (cargo test --release --test hostile -- --ignored)"]
fn a_file_of_10000_claims_is_read_and_the_claim_cap_is_a_clear_problem() {
    let tmp = ten_thousand_claims();
    gauntlet("10,000 claims", tmp.path(), &expect(0, &[]), &[]);
    let capped = &["--max-claims", "1000"];
    gauntlet(
        "10,000 claims, cap 1,000",
        tmp.path(),
        &expect(1, &[("unreadable", "claims/a.yaml")]),
        capped,
    );
    let message = message_of(tmp.path(), capped);
    assert!(message.contains("--max-claims"), "{message}");
}

#[cfg(unix)]
#[test]
fn links_that_lead_outside_the_corpus_are_refused_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.txt"),
        "the library will reopen in May\n",
    )
    .unwrap();
    std::fs::create_dir(outside.path().join("more")).unwrap();
    std::fs::write(outside.path().join("more/b.yaml"), good_annotation()).unwrap();
    let tmp = corpus(&[("claims/a.yaml", good_annotation().as_bytes())]);
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        tmp.path().join("articles/a.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path().join("more"), tmp.path().join("claims/more"))
        .unwrap();
    let out = run(tmp.path(), &["check", "--format", "json"]);
    let found = json(&out, "links");
    let problems = found["problems"].as_array().unwrap();
    assert_eq!(out.code, 1);
    assert!(
        problems
            .iter()
            .any(|p| p["code"] == "unreadable" && p["file"] == "articles/a.txt"),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p["code"] == "unreadable" && p["file"] == "claims/more"),
        "{problems:?}"
    );
    // Nothing outside was read: the quote, which the outside file holds, is not reported found.
    let report = run(tmp.path(), &["report", "--format", "json"]);
    assert!(!String::from_utf8_lossy(&report.stdout).contains("more/b"));
}

#[cfg(unix)]
#[test]
fn a_fifo_in_the_corpus_is_unreadable_and_does_not_hang() {
    let tmp = corpus(&[("claims/a.yaml", good_annotation().as_bytes())]);
    let status = std::process::Command::new("mkfifo")
        .arg(tmp.path().join("articles/a.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    let status = std::process::Command::new("mkfifo")
        .arg(tmp.path().join("claims/b.yaml"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = run(tmp.path(), &["check", "--format", "json"]);
    let problems = json(&out, "fifo")["problems"].clone();
    let codes: Vec<(&str, &str)> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["code"].as_str().unwrap(), p["file"].as_str().unwrap()))
        .collect();
    assert!(
        codes.contains(&("unreadable", "articles/a.txt")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("unreadable", "claims/b.yaml")),
        "{codes:?}"
    );
    run(tmp.path(), &["report"]);
}

#[test]
fn add_refuses_paths_outside_articles() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.txt"), ARTICLE).unwrap();
    let tmp = corpus(&[
        ("articles/a.txt", ARTICLE.as_bytes()),
        ("claims/a.yaml", good_annotation().as_bytes()),
    ]);
    let before = snapshot(tmp.path());
    let outside_path = outside.path().join("x.txt");
    for article in [
        "articles/../claims/a.yaml",
        "../x.txt",
        "articles/../../x.txt",
        "claims/a.yaml",
        outside_path.to_str().unwrap(),
        "/etc/passwd",
    ] {
        let out = run(tmp.path(), &add_args(article, &["--published", "2021"]));
        assert_eq!(out.code, 2, "{article}: {}", out.stderr);
        assert!(
            out.stderr.contains("articles/"),
            "{article}: {}",
            out.stderr
        );
    }
    assert_eq!(snapshot(tmp.path()), before);
    assert_eq!(
        std::fs::read_to_string(outside.path().join("x.txt")).unwrap(),
        ARTICLE
    );
}

#[cfg(unix)]
#[test]
fn add_refuses_a_read_only_annotation_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = corpus(&[
        ("articles/a.txt", ARTICLE.as_bytes()),
        ("claims/a.yaml", good_annotation().as_bytes()),
    ]);
    let file = tmp.path().join("claims/a.yaml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = snapshot(tmp.path());
    let out = run(tmp.path(), &add_args("articles/a.txt", &[]));
    assert_ne!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    assert_eq!(snapshot(tmp.path()), before);
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[test]
fn a_directory_named_like_a_file_is_not_a_crash() {
    let tmp = corpus(&[
        ("articles/a.txt", ARTICLE.as_bytes()),
        ("claims/a.yaml", good_annotation().as_bytes()),
        ("claims/b.yaml/c.yaml", good_annotation().as_bytes()),
        ("articles/b.yaml/c.txt", ARTICLE.as_bytes()),
    ]);
    let out = run(tmp.path(), &["check", "--format", "json"]);
    json(&out, "dirs");
    run(tmp.path(), &["report"]);
}
