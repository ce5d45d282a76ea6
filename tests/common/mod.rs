//! Helpers shared by the CLI tests: run the real binary on a fixture corpus.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `claimtrack --root ROOT --color never ARGS...`; on the repository and its
/// fixtures also `--no-cache`, so tests never write into the source tree.
pub fn claimtrack(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("claimtrack").expect("binary built");
    cmd.arg("--root").arg(root).arg("--color").arg("never");
    if root.starts_with(env!("CARGO_MANIFEST_DIR")) {
        cmd.arg("--no-cache");
    }
    cmd.args(args);
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    // The cache goes to the build's scratch folder, not the user's home.
    cmd.env("CLAIMTRACK_CACHE_DIR", scratch_cache());
    cmd
}

/// The cache folder the tests' runs use (`CLAIMTRACK_CACHE_DIR`).
pub fn scratch_cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(root: &Path, args: &[&str]) -> Run {
    let out = claimtrack(root, args).output().expect("claimtrack runs");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Copies a fixture corpus into a temporary folder the test may change.
pub fn scratch_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".claimtrack")
    {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A one-line article that the hostile-input and crash tests annotate.
pub const ARTICLE: &str =
    "Ann Smith said the library will reopen in May. \"We are ready,\" she said.\n";

/// `add ARTICLE` with a valid claim quoting "We are ready" (in [`ARTICLE`]),
/// followed by `extra` options.
pub fn add_args<'a>(article: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "add",
        article,
        "--claim",
        "The library will reopen in May",
        "--stance",
        "supports",
        "--speaker",
        "Ann Smith",
        "--quote",
        "We are ready",
    ];
    args.extend_from_slice(extra);
    args
}

/// Runs git in `root` as a test's own user (no signing, none of the
/// caller's GIT_* variables), asserting that it succeeds.
pub fn git(root: &Path, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
