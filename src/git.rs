//! The articles a git revision range touched, for `check --changed-since`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::corpus::ARTICLES_DIR;

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git: {0}")]
    Spawn(#[source] std::io::Error),
    #[error("`{rev}` is not a revision of the repository at {root}: {stderr}")]
    BadRevision {
        rev: String,
        root: String,
        stderr: String,
    },
    #[error("git {args} failed: {stderr}")]
    Failed { args: String, stderr: String },
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output, GitError> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(GitError::Spawn)
}

fn null_separated(bytes: &[u8]) -> impl Iterator<Item = String> + '_ {
    bytes
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
}

/// Paths (from `root`) of the articles added or changed since `rev`: committed
/// since, changed in the work tree, or new and not ignored.
pub fn changed_articles(root: &Path, rev: &str) -> Result<BTreeSet<String>, GitError> {
    let verify = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ],
    )?;
    if !verify.status.success() {
        let stderr = String::from_utf8_lossy(&verify.stderr).trim().to_owned();
        return Err(GitError::BadRevision {
            rev: rev.to_owned(),
            root: root.display().to_string(),
            stderr: if stderr.is_empty() {
                "unknown revision".to_owned()
            } else {
                stderr
            },
        });
    }
    let mut changed = BTreeSet::new();
    let queries: [&[&str]; 2] = [
        &[
            "diff",
            "--name-only",
            "--relative",
            "-z",
            "--no-renames",
            "--diff-filter=d",
            rev,
            "--",
            ARTICLES_DIR,
        ],
        &[
            "ls-files",
            "-z",
            "--others",
            "--exclude-standard",
            "--",
            ARTICLES_DIR,
        ],
    ];
    for args in queries {
        let out = git(root, args)?;
        if !out.status.success() {
            return Err(GitError::Failed {
                args: args.join(" "),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            });
        }
        changed.extend(null_separated(&out.stdout));
    }
    Ok(changed)
}
