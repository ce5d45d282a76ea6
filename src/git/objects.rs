//! A commit's corpus files read from git objects, for `diff`: the tree is
//! listed with `ls-tree` and the blobs read with one `cat-file --batch`,
//! never by checking anything out.
//!
//! The repository may be hostile here too: the commit is an object id
//! [`resolve_revision`] printed, the paths listed are constants, a file's
//! size is known from the tree before its blob is asked for (a blob over
//! the size limit is never read), and names that could leave the folder
//! they are written to (`..`, empty or control characters) are refused.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::Stdio;

use super::{GitError, git_command, os_args, resolve_commit, safe_config};
use crate::corpus::{ARTICLES_DIR, CLAIMS_DIR};
use crate::speakers::SPEAKERS_FILE;

/// One regular file of a commit's tree under the corpus root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// From the corpus root, `/`-separated.
    pub path: String,
    /// The blob's object id.
    pub id: String,
    pub size: u64,
}

/// What a commit's tree holds under the corpus root that is not a regular
/// file: links and submodules (not followed: their target could be
/// anywhere) and names refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub why: &'static str,
}

/// The commit `rev` names, as an object id: the only form in which a
/// revision given by a person reaches any other git command.
pub fn resolve_revision(root: &Path, rev: &str) -> Result<String, GitError> {
    let config = safe_config(root)?;
    resolve_commit(root, &config, rev)
}

/// The corpus files of `commit` (an object id): everything under
/// `articles/` and `claims/`, and `speakers.yaml`, with the paths from the
/// corpus root (which may be a folder inside the repository).
pub fn corpus_tree(root: &Path, commit: &str) -> Result<(Vec<TreeFile>, Vec<Skipped>), GitError> {
    if !super::is_object_id(commit) {
        return Err(GitError::Failed {
            args: "ls-tree".into(),
            stderr: "not an object id".into(),
        });
    }
    let config = safe_config(root)?;
    let args = [
        "ls-tree",
        "-r",
        "-z",
        "--long",
        commit,
        "--",
        ARTICLES_DIR,
        CLAIMS_DIR,
        SPEAKERS_FILE,
    ];
    let out = git_command(root, &config)
        .args(os_args(&args))
        .output()
        .map_err(GitError::Spawn)?;
    if !out.status.success() {
        return Err(GitError::Failed {
            args: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(parse_tree(&out.stdout))
}

/// Parses `ls-tree -r -z --long` output: `MODE TYPE ID SIZE\tPATH\0`.
fn parse_tree(listing: &[u8]) -> (Vec<TreeFile>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for record in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let Some(tab) = record.iter().position(|&b| b == b'\t') else {
            continue;
        };
        let path = String::from_utf8_lossy(&record[tab + 1..]).into_owned();
        let head = String::from_utf8_lossy(&record[..tab]);
        let fields: Vec<&str> = head.split_ascii_whitespace().collect();
        let [mode, kind, id, size] = fields[..] else {
            continue;
        };
        let why = if kind != "blob" {
            Some("a submodule")
        } else if !matches!(mode, "100644" | "100755") {
            Some("a link (not followed from a commit)")
        } else if !safe_path(&path) {
            Some("a name that cannot be written safely")
        } else {
            None
        };
        match (why, size.parse::<u64>()) {
            (None, Ok(size)) if super::is_object_id(id) => files.push(TreeFile {
                path,
                id: id.to_owned(),
                size,
            }),
            (None, _) => skipped.push(Skipped {
                path,
                why: "an entry git listed oddly",
            }),
            (Some(why), _) => skipped.push(Skipped { path, why }),
        }
    }
    (files, skipped)
}

/// Whether `path` is relative, names no `.` or `..` part and has no empty
/// part: safe to join to a folder of ours. (Other characters, control
/// characters included, are allowed in a file's name as in a work tree;
/// whatever prints a name makes it printable.)
fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\0')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Reads the blobs of `files` with one `git cat-file --batch`, handing
/// each file and its bytes to `each` in order. The caller has left out
/// the blobs it will not read whole (over a size limit): a blob whose
/// size is not the one the tree gave is an error.
pub fn read_blobs(
    root: &Path,
    files: &[&TreeFile],
    mut each: impl FnMut(&TreeFile, Vec<u8>) -> std::io::Result<()>,
) -> Result<(), GitError> {
    let config = safe_config(root)?;
    let mut child = git_command(root, &config)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(GitError::Spawn)?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let stdout = child.stdout.take().expect("stdout was piped");
    let ids: Vec<String> = files.iter().map(|f| f.id.clone()).collect();
    let result = std::thread::scope(|s| {
        // Ids are written on a thread of their own: git answers as it
        // reads, and a full pipe either way would otherwise stall both.
        s.spawn(move || {
            for id in ids {
                if writeln!(stdin, "{id}").is_err() {
                    break;
                }
            }
        });
        let mut out = BufReader::new(stdout);
        let read = (|| {
            for file in files {
                let blob = read_one(&mut out, file)?;
                each(file, blob).map_err(|e| failed(&format!("writing {}: {e}", file.path)))?;
            }
            Ok(())
        })();
        // Closing our end stops git (and with it the writer above) if we
        // stopped reading early.
        drop(out);
        read
    });
    let status = child.wait().map_err(GitError::Spawn)?;
    result?;
    if !status.success() {
        let mut stderr = String::new();
        if let Some(mut err) = child.stderr.take() {
            let _ = err.read_to_string(&mut stderr);
        }
        return Err(failed(stderr.trim()));
    }
    Ok(())
}

fn failed(why: &str) -> GitError {
    GitError::Failed {
        args: "cat-file --batch".into(),
        stderr: why.to_owned(),
    }
}

/// One answer of `cat-file --batch`: `ID blob SIZE\n`, the bytes, `\n`.
fn read_one(out: &mut impl BufRead, file: &TreeFile) -> Result<Vec<u8>, GitError> {
    let mut header = String::new();
    // The header is a short line; a longer one is not git's answer.
    out.by_ref()
        .take(256)
        .read_line(&mut header)
        .map_err(|e| failed(&e.to_string()))?;
    let fields: Vec<&str> = header.split_ascii_whitespace().collect();
    let size = match fields[..] {
        [id, "blob", size] if id == file.id => size.parse::<u64>().ok(),
        _ => None,
    };
    if size != Some(file.size) {
        return Err(failed(&format!(
            "unexpected answer for {}: {}",
            file.path,
            header.trim()
        )));
    }
    let mut blob = Vec::with_capacity(file.size as usize);
    out.by_ref()
        .take(file.size + 1)
        .read_to_end(&mut blob)
        .map_err(|e| failed(&e.to_string()))?;
    if blob.pop() != Some(b'\n') || blob.len() as u64 != file.size {
        return Err(failed(&format!("short blob for {}", file.path)));
    }
    Ok(blob)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_listing_keeps_regular_files_and_says_why_others_are_left() {
        let id = "a".repeat(40);
        let listing = format!(
            "100644 blob {id}     12\tarticles/a.txt\0\
             120000 blob {id}      9\tarticles/link.txt\0\
             160000 commit {id}       -\tarticles/sub\0\
             100644 blob {id}      3\tclaims/../x.yaml\0\
             100755 blob {id}      3\tclaims/b.yaml\0"
        );
        let (files, skipped) = parse_tree(listing.as_bytes());
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["articles/a.txt", "claims/b.yaml"]);
        assert_eq!(files[0].size, 12);
        let left: Vec<&str> = skipped.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            left,
            ["articles/link.txt", "articles/sub", "claims/../x.yaml"]
        );
    }

    #[test]
    fn only_plain_relative_names_are_safe() {
        assert!(safe_path("articles/2024/a.txt"));
        assert!(safe_path("articles/new\nline.txt"));
        for bad in ["", "/etc/x", "a//b", "a/./b", "a/../b", ".."] {
            assert!(!safe_path(bad), "{bad:?}");
        }
    }
}
