//! The cache of parsed annotations: same bytes as without it, never stale,
//! never required.

mod common;

use common::{run, scratch_copy};

fn report(root: &std::path::Path, extra: &[&str]) -> String {
    let mut args = extra.to_vec();
    args.extend(["report", "--format", "json"]);
    let r = run(root, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

/// Rewrites the file at `path` with `from` replaced by `to`.
fn replace_in(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn a_cached_run_prints_the_same_bytes_as_an_uncached_one() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    let uncached = report(root, &["--no-cache"]);
    assert!(
        !root.join(".claimtrack/cache").exists(),
        "--no-cache writes nothing"
    );
    let first = report(root, &[]);
    assert!(root.join(".claimtrack/cache/annotations.bin").is_file());
    let second = report(root, &[]);
    assert_eq!(first, uncached);
    assert_eq!(second, uncached);
    let check = run(root, &["check", "--format", "json"]);
    let check_uncached = run(root, &["--no-cache", "check", "--format", "json"]);
    assert_eq!(check.stdout, check_uncached.stdout);
}

#[test]
fn an_edit_right_after_a_run_is_seen() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    report(root, &[]);
    // Same size, same second: only the content hash can tell.
    let path = root.join("claims/april-fares.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("stance: supports", "stance: refutes", 1),
    )
    .unwrap();
    assert_eq!(report(root, &[]), report(root, &["--no-cache"]));
}

#[test]
fn a_corrupt_or_unwritable_cache_is_ignored() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    let want = report(root, &["--no-cache"]);
    report(root, &[]);
    std::fs::write(
        root.join(".claimtrack/cache/annotations.bin"),
        b"\x00garbage",
    )
    .unwrap();
    assert_eq!(report(root, &[]), want);
    // A corpus where the cache cannot be written (here .claimtrack is a file,
    // as in a read-only checkout the folder cannot be made) still works.
    std::fs::remove_dir_all(root.join(".claimtrack")).unwrap();
    std::fs::write(root.join(".claimtrack"), b"not a folder").unwrap();
    assert_eq!(report(root, &[]), want);
}

#[test]
fn check_sees_an_article_edited_after_a_cached_run() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    assert_eq!(run(root, &["check"]).code, 0);
    assert_eq!(run(root, &["check"]).code, 0, "warm");
    replace_in(
        &root.join("articles/april-fares.txt"),
        "Bus fares are going to rise in 2022.",
        "Bus fares may go up.",
    );
    let r = run(root, &["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("quote-not-found"), "{}", r.stdout);
    assert_eq!(
        r.stdout,
        run(root, &["--no-cache", "check", "--format", "json"]).stdout
    );
}

#[test]
fn check_findings_are_reused_only_for_the_annotation_they_were_made_for() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    assert_eq!(run(root, &["check"]).code, 0);
    assert!(root.join(".claimtrack/cache/checked.bin").is_file());
    // The annotation changes, its article does not: its quote is checked again.
    let path = root.join("claims/april-fares.yaml");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("Bus fares are going to rise in 2022.")
    );
    replace_in(
        &path,
        "Bus fares are going to rise in 2022.",
        "Bus fares are going to fall in 2022.",
    );
    let r = run(root, &["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("quote-not-found"), "{}", r.stdout);
    // Findings that cannot be read are found again.
    std::fs::write(root.join(".claimtrack/cache/checked.bin"), b"\x00garbage").unwrap();
    let again = run(root, &["check", "--format", "json"]);
    assert_eq!(again.stdout, r.stdout);
    assert_eq!(
        again.stdout,
        run(root, &["--no-cache", "check", "--format", "json"]).stdout
    );
}
