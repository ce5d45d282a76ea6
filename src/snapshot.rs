//! A commit's corpus as files: its articles, annotations and speakers.yaml
//! read from git objects into a private temporary folder (never a checkout,
//! never the work tree), so that loading and checking read it exactly as
//! they read the work tree.
//!
//! Files over the size limit are not read from git at all: they are written
//! as empty sparse files of their size, which loading then reports as over
//! the limit, as it would the file itself.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::annotation::Limits;
use crate::corpus::{ARTICLES_DIR, CLAIMS_DIR};
use crate::git::{GitError, Skipped, TreeFile, corpus_tree, read_blobs};

/// A commit's corpus written out; the folder is removed when this is dropped.
#[derive(Debug)]
pub struct Snapshot {
    dir: tempfile::TempDir,
    /// What the commit holds under the corpus root that was not written
    /// (links, submodules, unsafe names).
    pub skipped: Vec<Skipped>,
}

impl Snapshot {
    /// The root of the written corpus.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("cannot write a temporary copy of the corpus: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes the corpus of `commit` (an object id) of the repository holding
/// `root` into a new temporary folder.
pub fn snapshot(root: &Path, commit: &str, limits: &Limits) -> Result<Snapshot, SnapshotError> {
    let (files, skipped) = corpus_tree(root, commit)?;
    let dir = tempfile::Builder::new()
        .prefix("claimtrack-snapshot-")
        .tempdir()?;
    // Both folders exist even when the commit has neither (a corpus begun
    // after it), so that the commit reads as an empty corpus.
    for sub in [ARTICLES_DIR, CLAIMS_DIR] {
        fs::create_dir_all(dir.path().join(sub))?;
    }
    let limit = |file: &TreeFile| {
        if file.path.starts_with(ARTICLES_DIR) {
            limits.max_article_bytes
        } else {
            limits.max_annotation_bytes
        }
    };
    let (small, large): (Vec<&TreeFile>, Vec<&TreeFile>) =
        files.iter().partition(|f| f.size <= limit(f));
    for file in large {
        fs::File::create(place(dir.path(), &file.path)?)?.set_len(file.size)?;
    }
    read_blobs(root, &small, |file, bytes| {
        let mut out = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(place(dir.path(), &file.path)?)?;
        out.write_all(&bytes)
    })?;
    Ok(Snapshot { dir, skipped })
}

/// Where `path` (checked safe by the listing) goes under `dir`, its parent
/// folders made.
fn place(dir: &Path, path: &str) -> std::io::Result<std::path::PathBuf> {
    let target = dir.join(path);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    Ok(target)
}
