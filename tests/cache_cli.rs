//! The cache of parsed annotations: same bytes as without it, never stale,
//! never required, never taken from the corpus.

mod common;

use std::path::{Path, PathBuf};

use common::{claimtrack, scratch_copy};

/// A run with its own cache folder, so that a test can look into it.
fn run_cached(root: &Path, cache: &Path, args: &[&str]) -> common::Run {
    let out = claimtrack(root, args)
        .env("CLAIMTRACK_CACHE_DIR", cache)
        .output()
        .expect("claimtrack runs");
    common::Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn report(root: &Path, cache: &Path, extra: &[&str]) -> String {
    let mut args = extra.to_vec();
    args.extend(["report", "--format", "json"]);
    let r = run_cached(root, cache, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

fn check_json(root: &Path, cache: &Path, extra: &[&str]) -> common::Run {
    let mut args = extra.to_vec();
    args.extend(["check", "--format", "json"]);
    run_cached(root, cache, &args)
}

/// The one corpus folder in a cache folder (beside the machine's key).
fn corpus_cache(cache: &Path) -> PathBuf {
    let dirs: Vec<PathBuf> = std::fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs[0].clone()
}

/// Rewrites the file at `path` with `from` replaced by `to`.
fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn a_cached_run_prints_the_same_bytes_as_an_uncached_one() {
    let dir = scratch_copy("report/council");
    let cache = tempfile::tempdir().unwrap();
    let (root, cache) = (dir.path(), cache.path());
    let uncached = report(root, cache, &["--no-cache"]);
    assert_eq!(
        std::fs::read_dir(cache).unwrap().count(),
        0,
        "--no-cache writes nothing"
    );
    let first = report(root, cache, &[]);
    assert!(corpus_cache(cache).join("annotations.bin").is_file());
    assert!(
        !root.join(".claimtrack").exists(),
        "nothing is written in the corpus"
    );
    let second = report(root, cache, &[]);
    assert_eq!(first, uncached);
    assert_eq!(second, uncached);
    let check = check_json(root, cache, &[]);
    let check_uncached = check_json(root, cache, &["--no-cache"]);
    assert_eq!(check.stdout, check_uncached.stdout);
}

#[test]
fn an_edit_right_after_a_run_is_seen() {
    let dir = scratch_copy("report/council");
    let cache = tempfile::tempdir().unwrap();
    let (root, cache) = (dir.path(), cache.path());
    report(root, cache, &[]);
    // Same size, same second: only the content hash can tell.
    replace_in(
        &root.join("claims/april-fares.yaml"),
        "stance: supports",
        "stance: refutes",
    );
    assert_eq!(
        report(root, cache, &[]),
        report(root, cache, &["--no-cache"])
    );
}

/// `cp -p`, `tar`, `rsync -t` and `touch -r` put back the old size and
/// modification time on new content; the change time still tells.
#[test]
fn a_file_replaced_with_its_old_size_and_time_is_read_again() {
    let dir = scratch_copy("report/council");
    let cache = tempfile::tempdir().unwrap();
    let (root, cache) = (dir.path(), cache.path());
    let path = root.join("claims/april-fares.yaml");
    // Old enough for its stamp to be trusted.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let set_mtime = |p: &Path| {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(old)
            .unwrap()
    };
    set_mtime(&path);
    let size = std::fs::metadata(&path).unwrap().len();
    // The change time must be older than the cache too: wait it out.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    assert_eq!(run_cached(root, cache, &["check"]).code, 0);
    let before = report(root, cache, &[]);
    // Same size: "refutes " is as long as "supports".
    replace_in(&path, "stance: supports", "stance: refutes ");
    set_mtime(&path);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), size);
    let after = report(root, cache, &[]);
    assert_ne!(after, before);
    assert_eq!(after, report(root, cache, &["--no-cache"]));
}

/// A cache committed to the repository is never read: what `check` and
/// `report` say is what they say without a cache.
#[test]
fn a_cache_committed_to_the_corpus_is_ignored() {
    let dir = scratch_copy("report/council");
    let cache = tempfile::tempdir().unwrap();
    let (root, cache) = (dir.path(), cache.path());
    // A genuine cache of the good corpus, planted in the corpus as the old
    // versions kept it, then the corpus broken.
    report(root, cache, &[]);
    assert_eq!(run_cached(root, cache, &["check"]).code, 0);
    let planted = root.join(".claimtrack/cache");
    std::fs::create_dir_all(&planted).unwrap();
    for e in std::fs::read_dir(corpus_cache(cache)).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), planted.join(e.file_name())).unwrap();
    }
    replace_in(
        &root.join("claims/april-fares.yaml"),
        "Bus fares are going to rise in 2022.",
        "Words that are in no article.",
    );
    let fresh = tempfile::tempdir().unwrap();
    let r = check_json(root, fresh.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(
        r.stdout,
        check_json(root, fresh.path(), &["--no-cache"]).stdout
    );
}

#[test]
fn a_corrupt_or_unwritable_cache_is_ignored() {
    let dir = scratch_copy("report/council");
    let cache = tempfile::tempdir().unwrap();
    let (root, cache) = (dir.path(), cache.path());
    let want = report(root, cache, &["--no-cache"]);
    report(root, cache, &[]);
    let corpus = corpus_cache(cache);
    std::fs::write(corpus.join("annotations.bin"), b"\x00garbage").unwrap();
    assert_eq!(report(root, cache, &[]), want);
    // A cache folder that cannot be written (here a file stands where the
    // folder would be) still works, without a cache.
    let blocked = tempfile::tempdir().unwrap();
    let not_a_folder = blocked.path().join("file");
    std::fs::write(&not_a_folder, b"not a folder").unwrap();
    assert_eq!(report(root, &not_a_folder, &[]), want);
}

#[test]
fn check_sees_an_article_edited_after_a_cached_run() {
    let dir = scratch_copy("report/council");
    let cache = tempfile::tempdir().unwrap();
    let (root, cache) = (dir.path(), cache.path());
    assert_eq!(run_cached(root, cache, &["check"]).code, 0);
    assert_eq!(run_cached(root, cache, &["check"]).code, 0, "warm");
    replace_in(
        &root.join("articles/april-fares.txt"),
        "Bus fares are going to rise in 2022.",
        "Bus fares may go up.",
    );
    let r = check_json(root, cache, &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("quote-not-found"), "{}", r.stdout);
    assert_eq!(r.stdout, check_json(root, cache, &["--no-cache"]).stdout);
}

#[test]
fn check_findings_are_reused_only_for_the_annotation_they_were_made_for() {
    let dir = scratch_copy("report/council");
    let cache = tempfile::tempdir().unwrap();
    let (root, cache) = (dir.path(), cache.path());
    assert_eq!(run_cached(root, cache, &["check"]).code, 0);
    let corpus = corpus_cache(cache);
    assert!(corpus.join("checked.bin").is_file());
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
        "Bus fares will be frozen for good, said nobody.",
    );
    let r = check_json(root, cache, &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("quote-not-found"), "{}", r.stdout);
    // Findings that cannot be read are found again.
    std::fs::write(corpus.join("checked.bin"), b"\x00garbage").unwrap();
    let again = check_json(root, cache, &[]);
    assert_eq!(again.stdout, r.stdout);
    assert_eq!(
        again.stdout,
        check_json(root, cache, &["--no-cache"]).stdout
    );
}
