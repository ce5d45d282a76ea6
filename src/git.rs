//! The articles a git revision range touched, for `check --changed-since`.
//!
//! The repository may be hostile: its refs may be named like options and
//! its `.git/config` may name programs to run. So git is only ever given
//! arguments we made (a revision goes through `rev-parse` and only the object
//! id it prints is passed on), options that could run a program are turned
//! off, and the caller's `GIT_*` variables (`GIT_DIR` from a hook, say) do
//! not point git at another repository than the corpus root's.

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;
use std::process::Command;

use crate::corpus::ARTICLES_DIR;

mod objects;

pub use objects::{Skipped, TreeFile, corpus_tree, read_blobs, resolve_revision};

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

/// Configuration that would make the commands below run a program, set to
/// values that do not: the file-system monitor hook. (External diff drivers
/// and text conversion are turned off by `diff`'s own options, filter
/// drivers by [`filter_overrides`].)
const SAFE_CONFIG: &[(&str, &str)] = &[("core.fsmonitor", "false")];

/// Variables set for every git command: never fetch missing objects from a
/// remote the repository names, never ask for a password, never take locks
/// (nothing is written into the repository).
const SAFE_ENV: &[(&str, &str)] = &[
    ("GIT_NO_LAZY_FETCH", "1"),
    ("GIT_TERMINAL_PROMPT", "0"),
    ("GIT_OPTIONAL_LOCKS", "0"),
];

/// `git -C root --no-pager ARGS` with the caller's `GIT_*` variables
/// removed and `config` (key, value pairs) set on top of every
/// configuration file. The pairs go through `GIT_CONFIG_COUNT` rather than
/// `-c KEY=VALUE`, which would misread a key holding `=`.
fn git_with(
    root: &Path,
    config: &[(OsString, OsString)],
    args: &[&OsStr],
) -> Result<std::process::Output, GitError> {
    git_command(root, config)
        .args(args)
        .output()
        .map_err(GitError::Spawn)
}

/// The command [`git_with`] runs, before its arguments.
fn git_command(root: &Path, config: &[(OsString, OsString)]) -> Command {
    let mut cmd = Command::new("git");
    for (name, _) in std::env::vars_os() {
        if name.as_bytes().starts_with(b"GIT_") {
            cmd.env_remove(name);
        }
    }
    cmd.envs(SAFE_ENV.iter().copied());
    cmd.env("GIT_CONFIG_COUNT", config.len().to_string());
    for (i, (key, value)) in config.iter().enumerate() {
        cmd.env(format!("GIT_CONFIG_KEY_{i}"), key);
        cmd.env(format!("GIT_CONFIG_VALUE_{i}"), value);
    }
    cmd.arg("-C").arg(root).arg("--no-pager");
    // A repository's own configuration may name another work tree
    // (core.worktree): git is told the one that holds the corpus.
    if let Some(top) = work_tree_of(root) {
        cmd.arg("--work-tree").arg(top);
    }
    cmd
}

/// The work tree the corpus at `root` is in: the nearest folder from
/// `root` upwards that holds `.git` (a folder, or a file for linked work
/// trees and submodules), as git itself finds it before its configuration
/// is read.
fn work_tree_of(root: &Path) -> Option<std::path::PathBuf> {
    let root = std::fs::canonicalize(root).ok()?;
    root.ancestors()
        .find(|dir| std::fs::symlink_metadata(dir.join(".git")).is_ok())
        .map(Path::to_path_buf)
}

fn os_args<'a>(args: &'a [&'a str]) -> Vec<&'a OsStr> {
    args.iter().map(OsStr::new).collect()
}

/// The configuration overrides for commands that may read the work tree:
/// [`SAFE_CONFIG`] and, for every filter driver the repository's
/// configuration defines, no clean, smudge or long-running filter program
/// (and not `required`, which would then fail). Reading a work-tree file
/// through a filter runs the program the configuration names.
fn safe_config(root: &Path) -> Result<Vec<(OsString, OsString)>, GitError> {
    let mut config: Vec<(OsString, OsString)> = SAFE_CONFIG
        .iter()
        .map(|&(k, v)| (k.into(), v.into()))
        .collect();
    // Listing configuration names runs nothing; exit 1 means none matched.
    let out = git_with(
        root,
        &config,
        &os_args(&[
            "config",
            "--null",
            "--name-only",
            "--get-regexp",
            r"^filter\.",
        ]),
    )?;
    for driver in filter_drivers(&out.stdout) {
        for (key, value) in [
            ("clean", ""),
            ("smudge", ""),
            ("process", ""),
            ("required", "false"),
        ] {
            let mut name = b"filter.".to_vec();
            name.extend_from_slice(&driver);
            name.push(b'.');
            name.extend_from_slice(key.as_bytes());
            config.push((OsString::from_vec(name), value.into()));
        }
    }
    Ok(config)
}

/// The driver names in `git config --null --name-only` output of
/// `filter.<driver>.<key>` names (a driver name may hold dots).
fn filter_drivers(names: &[u8]) -> BTreeSet<Vec<u8>> {
    names
        .split(|&b| b == 0)
        .filter_map(|name| {
            let rest = name.strip_prefix(b"filter.")?;
            let dot = rest.iter().rposition(|&b| b == b'.')?;
            Some(rest[..dot].to_vec())
        })
        .collect()
}

fn null_separated(bytes: &[u8]) -> impl Iterator<Item = String> + '_ {
    bytes
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
}

/// The commit `rev` names, as the object id `rev-parse` prints. `rev` is
/// passed after `--end-of-options`, so a ref named like an option is read
/// as a ref; only hexadecimal ids are accepted back.
fn resolve_commit(
    root: &Path,
    config: &[(OsString, OsString)],
    rev: &str,
) -> Result<String, GitError> {
    let spec = format!("{rev}^{{commit}}");
    let out = git_with(
        root,
        config,
        &os_args(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ]),
    )?;
    let bad = |stderr: &[u8]| {
        let stderr = String::from_utf8_lossy(stderr).trim().to_owned();
        GitError::BadRevision {
            rev: rev.to_owned(),
            root: root.display().to_string(),
            stderr: if stderr.is_empty() {
                "unknown revision".to_owned()
            } else {
                stderr
            },
        }
    };
    if !out.status.success() {
        return Err(bad(&out.stderr));
    }
    let id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if is_object_id(&id) {
        Ok(id)
    } else {
        Err(bad(b"git printed no object id"))
    }
}

/// Where the corpus at `root` is in its repository: its folder from the
/// top of the work tree, `/`-terminated (empty at the top).
pub fn repository_prefix(root: &Path) -> Result<String, GitError> {
    let config = safe_config(root)?;
    let args = ["rev-parse", "--show-prefix"];
    let out = git_with(root, &config, &os_args(&args))?;
    if !out.status.success() {
        return Err(GitError::Failed {
            args: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .trim_end_matches('\n')
        .to_owned())
}

/// Whether the repository holding `root` is a shallow clone (some history
/// missing): what a revision unknown there may mean.
pub fn is_shallow(root: &Path) -> bool {
    safe_config(root)
        .and_then(|config| {
            git_with(
                root,
                &config,
                &os_args(&["rev-parse", "--is-shallow-repository"]),
            )
        })
        .is_ok_and(|out| out.stdout.starts_with(b"true"))
}

/// SHA-1 (40) or SHA-256 (64) hexadecimal digits.
fn is_object_id(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Paths (from `root`) of the articles added or changed since `rev`: committed
/// since, changed in the work tree, or new and not ignored.
pub fn changed_articles(root: &Path, rev: &str) -> Result<BTreeSet<String>, GitError> {
    let config = safe_config(root)?;
    let id = resolve_commit(root, &config, rev)?;
    let mut changed = BTreeSet::new();
    let queries: [&[&str]; 2] = [
        &[
            "diff",
            "--no-ext-diff",
            "--no-textconv",
            "--name-only",
            "--relative",
            "-z",
            "--no-renames",
            "--diff-filter=d",
            "--end-of-options",
            &id,
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
        let out = git_with(root, &config, &os_args(args))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hexadecimal_ids_of_a_hash_length_pass() {
        assert!(is_object_id(&"a".repeat(40)));
        assert!(is_object_id(&"0123456789abcdef".repeat(4)));
        assert!(!is_object_id("--output=/tmp/x"));
        assert!(!is_object_id(&"g".repeat(40)));
        assert!(!is_object_id("abc123"));
    }

    #[test]
    fn filter_driver_names_may_hold_dots_and_equals_signs() {
        let names = b"filter.lfs.clean\0filter.lfs.process\0filter.a.b=c.smudge\0filter.\0";
        let drivers: Vec<Vec<u8>> = filter_drivers(names).into_iter().collect();
        assert_eq!(drivers, [b"a.b=c".to_vec(), b"lfs".to_vec()]);
    }
}
