//! The corpus root is a trust boundary: links out of it are not followed,
//! nothing is written through them, and nothing the corpus holds about
//! claimtrack's own state is trusted.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use common::{ARTICLE, add_args, run};

const SECRET: &str = "TOP-SECRET-hunter2";

/// A good one-article corpus, and beside it (outside the root) a folder of
/// files whose content must never show up in any output.
fn corpus_and_outside() -> (tempfile::TempDir, tempfile::TempDir) {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.path().join("articles")).unwrap();
    fs::create_dir_all(root.path().join("claims")).unwrap();
    fs::write(root.path().join("articles/a.txt"), ARTICLE).unwrap();
    fs::write(
        root.path().join("claims/a.yaml"),
        "published: 2020-01-01\nclaims:\n  - id: ready\n    claim: The library will reopen in May\n    stance: supports\n    speaker: Ann Smith\n    quote: We are ready\n",
    )
    .unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir_all(outside.path().join("articles")).unwrap();
    fs::create_dir_all(outside.path().join("claims")).unwrap();
    fs::write(
        outside.path().join("articles/leak.txt"),
        format!("{SECRET} said \"{SECRET}\"\n"),
    )
    .unwrap();
    fs::write(
        outside.path().join("claims/leak.yaml"),
        format!("published: 2020-01-01\nclaims:\n  - id: x\n    claim: {SECRET}\n    stance: supports\n    speaker: {SECRET}\n    quote: {SECRET}\n"),
    )
    .unwrap();
    fs::write(
        outside.path().join("credentials"),
        format!("password: [{SECRET}\n"),
    )
    .unwrap();
    (root, outside)
}

/// Every output of the read-only commands, none of which may hold the secret.
fn outputs(root: &Path) -> Vec<common::Run> {
    let runs = [
        &["check"][..],
        &["check", "--format", "json"],
        &["check", "--format", "github"],
        &["report"],
        &["report", "--format", "json"],
        &["report", "--format", "markdown"],
        &["report", "--format", "html"],
    ];
    runs.iter().map(|args| run(root, args)).collect()
}

fn assert_no_secret(root: &Path) {
    for r in outputs(root) {
        assert!(
            !r.stdout.contains(SECRET) && !r.stderr.contains(SECRET),
            "{}\n{}",
            r.stdout,
            r.stderr
        );
        assert!(matches!(r.code, 0..=2), "{}", r.stderr);
    }
}

fn check_json(root: &Path) -> common::Run {
    run(root, &["check", "--format", "json"])
}

#[test]
fn a_linked_articles_or_claims_folder_is_an_unreadable_problem() {
    for dir in ["articles", "claims"] {
        let (root, outside) = corpus_and_outside();
        let tree = root.path().join(dir);
        fs::remove_dir_all(&tree).unwrap();
        symlink(outside.path().join(dir), &tree).unwrap();
        let r = check_json(root.path());
        assert_eq!(r.code, 1, "{}", r.stdout);
        assert!(
            r.stdout.contains("\"code\": \"unreadable\"")
                && r.stdout.contains(&format!("\"file\": \"{dir}\"")),
            "{}",
            r.stdout
        );
        assert_no_secret(root.path());
    }
}

#[test]
fn speakers_yaml_linked_outside_is_not_read() {
    let (root, outside) = corpus_and_outside();
    symlink(
        outside.path().join("credentials"),
        root.path().join("speakers.yaml"),
    )
    .unwrap();
    let r = run(root.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("speakers.yaml"), "{}", r.stdout);
    assert!(r.stdout.contains("outside the corpus"), "{}", r.stdout);
    assert_no_secret(root.path());
    // A link to a file inside the corpus is fine.
    fs::remove_file(root.path().join("speakers.yaml")).unwrap();
    fs::write(root.path().join("aliases.yaml"), "Ann Smith: [Smith]\n").unwrap();
    symlink("aliases.yaml", root.path().join("speakers.yaml")).unwrap();
    assert_eq!(run(root.path(), &["check"]).code, 0);
}

#[test]
fn one_annotation_in_two_letter_cases_is_a_problem_not_a_silent_loss() {
    let (root, _outside) = corpus_and_outside();
    fs::write(
        root.path().join("claims/a.YAML"),
        "published: 2020-01-01\nclaims: [not, a, claim]\n",
    )
    .unwrap();
    let r = check_json(root.path());
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("claims/a.YAML"), "{}", r.stdout);
    assert!(r.stdout.contains("keep one of them"), "{}", r.stdout);
}

/// `.claimtrack/` (the old home of the cache and lock) as a link to a
/// folder outside, holding what an attacker would plant: nothing is read
/// from it, nothing is written there.
#[test]
fn a_planted_state_folder_is_neither_read_nor_written() {
    let (root, outside) = corpus_and_outside();
    let planted = outside.path().join("state");
    fs::create_dir_all(planted.join("cache")).unwrap();
    fs::write(planted.join("cache/annotations.bin"), b"\x00planted").unwrap();
    symlink(&planted, root.path().join(".claimtrack")).unwrap();
    let before: Vec<_> = walkdir::WalkDir::new(outside.path())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect();
    assert_eq!(run(root.path(), &["check"]).code, 0);
    assert_eq!(
        run(
            root.path(),
            &add_args(
                "articles/a.txt",
                &["--id", "again", "--claim", "The library will open in June"]
            )
        )
        .code,
        0
    );
    assert_eq!(run(root.path(), &["new"]).code, 0);
    let after: Vec<_> = walkdir::WalkDir::new(outside.path())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect();
    assert_eq!(before, after, "nothing was written outside the corpus");
    assert_eq!(
        fs::read(planted.join("cache/annotations.bin")).unwrap(),
        b"\x00planted"
    );
}

#[test]
fn writes_never_go_through_a_link() {
    let (root, outside) = corpus_and_outside();
    let victim = outside.path().join("victim");
    fs::write(&victim, "keep me\n").unwrap();
    // report -o onto a link, and into a folder that is a link.
    symlink(&victim, root.path().join("out.html")).unwrap();
    let r = run(
        root.path(),
        &["report", "--format", "html", "-o", "out.html"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    symlink(outside.path(), root.path().join("site")).unwrap();
    let r = run(
        root.path(),
        &["report", "--format", "html", "-o", "site/index.html"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!outside.path().join("index.html").exists());
    // add onto an annotation file that is a link, and into a linked folder.
    fs::remove_file(root.path().join("claims/a.yaml")).unwrap();
    symlink(&victim, root.path().join("claims/a.yaml")).unwrap();
    let r = run(root.path(), &add_args("articles/a.txt", &[]));
    assert_ne!(r.code, 0, "{}", r.stderr);
    fs::create_dir_all(root.path().join("articles/sub")).unwrap();
    fs::write(root.path().join("articles/sub/b.txt"), ARTICLE).unwrap();
    symlink(
        outside.path().join("claims"),
        root.path().join("claims/sub"),
    )
    .unwrap();
    let r = run(
        root.path(),
        &add_args("articles/sub/b.txt", &["--published", "2020-01-01"]),
    );
    assert_ne!(r.code, 0, "{}", r.stderr);
    let r = run(root.path(), &["new", "articles/sub/b.txt"]);
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me\n");
    assert!(!outside.path().join("claims/b.yaml").exists());
}

#[test]
fn report_output_keeps_the_mode_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let (root, _outside) = corpus_and_outside();
    let out = root.path().join("report.md");
    fs::write(&out, "old").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o600)).unwrap();
    let r = run(
        root.path(),
        &["report", "--format", "markdown", "-o", "report.md"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_ne!(fs::read_to_string(&out).unwrap(), "old");
}

#[test]
fn the_largest_file_size_limit_does_not_overflow() {
    let (root, _outside) = corpus_and_outside();
    for args in [&["check"][..], &["report", "--format", "json"]] {
        let mut all = vec!["--max-file-size", "18446744073709551615"];
        all.extend(args);
        let r = run(root.path(), &all);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
}

#[test]
fn special_files_as_articles_and_annotations_never_hang() {
    let (root, _outside) = corpus_and_outside();
    symlink("/dev/zero", root.path().join("articles/zero.txt")).unwrap();
    let fifo = root.path().join("claims/fifo.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    fs::write(root.path().join("articles/fifo.txt"), ARTICLE).unwrap();
    let started = std::time::Instant::now();
    let r = check_json(root.path());
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("articles/zero.txt") && r.stdout.contains("claims/fifo.yaml"),
        "{}",
        r.stdout
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

/// Like git, a command run in a subfolder of the corpus finds its root,
/// and ARTICLE paths are relative to where the user stands.
#[test]
fn commands_work_from_any_folder_of_the_corpus() {
    let (root, _outside) = corpus_and_outside();
    fs::write(root.path().join("articles/b.txt"), ARTICLE).unwrap();
    let in_articles = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("claimtrack")
            .unwrap()
            .current_dir(root.path().join("articles"))
            .env("CLAIMTRACK_CACHE_DIR", common::scratch_cache())
            .args(["--color", "never"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, out, err) = in_articles(&["report"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("The library will reopen in May"), "{out}");
    let (code, _, err) = in_articles(&add_args("b.txt", &["--published", "2020-01-01"]));
    assert_eq!(code, 0, "{err}");
    assert!(root.path().join("claims/b.yaml").is_file());
    let (code, out, _) = in_articles(&["check"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_path_that_names_no_article_gets_a_hint() {
    let (root, _outside) = corpus_and_outside();
    let r = run(root.path(), &add_args("a.txt", &[]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("did you mean articles/a.txt?"),
        "{}",
        r.stderr
    );
    let r = run(root.path(), &add_args("articles/aa.txt", &[]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("no such article: articles/aa.txt; did you mean articles/a.txt?"),
        "{}",
        r.stderr
    );
}
