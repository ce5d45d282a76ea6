//! One side of a change: a whole corpus checked and reconciled, either the
//! work tree or a commit read from git objects.
//!
//! A commit never changes, so its side is cached whole (in the work tree
//! corpus's cache folder, one per slot, keyed by the commit, the limits and
//! the model): a second `diff` against the same base reads it back instead
//! of writing the commit out and checking it again.

use std::hash::{Hash, Hasher};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::cache::Cache;
use crate::check::{CheckOptions, Record, check_with};
use crate::corpus::CorpusError;
use crate::git::GitError;
use crate::load::Progress;
use crate::model::Annotation;
use crate::problem::{Code, Problem, Severity};
use crate::reconcile::Reconciled;
use crate::snapshot::{SnapshotError, snapshot};

/// A corpus as one side of a change sees it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Side {
    /// The commit, or `None` for the work tree.
    pub commit: Option<String>,
    pub annotations: Vec<Annotation>,
    pub reconciled: Reconciled,
    /// Everything `check` finds in it.
    pub problems: Vec<Problem>,
}

impl Side {
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }

    fn of(record: Record, commit: Option<String>) -> Side {
        let Record {
            mut loaded,
            reconciled,
            problems,
        } = record;
        Side {
            commit,
            annotations: std::mem::take(&mut loaded.annotations),
            reconciled,
            problems,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    #[error(transparent)]
    Corpus(#[from] CorpusError),
}

/// Which cached side a commit's is kept as: the base of a change, or its
/// head when that is a commit too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideCache {
    Base,
    Head,
}

impl SideCache {
    fn file_name(self) -> &'static str {
        match self {
            SideCache::Base => "diff-base.bin",
            SideCache::Head => "diff-head.bin",
        }
    }
}

/// The work tree's side: the corpus at `root` as `check` reads it, through
/// the cache when `options.use_cache`.
pub fn work_tree_side(
    root: &Path,
    options: &CheckOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Side, DiffError> {
    let cache = open_cache(root, options);
    Ok(Side::of(check_with(root, options, cache, progress)?, None))
}

/// The side of `commit` (an object id) of the repository holding the corpus
/// at `root`: from the cache when this commit's side was kept in `slot`,
/// else written out from git objects, checked and reconciled there.
///
/// The corpus cache is read (files unchanged since are not parsed again)
/// but not written: it is the work tree's.
pub fn commit_side(
    root: &Path,
    commit: &str,
    slot: SideCache,
    options: &CheckOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Side, DiffError> {
    // The slot is looked at first: the parsed files of the work tree's
    // cache are only worth reading for a commit not cached yet.
    let keyed = if options.use_cache {
        Cache::open_keyed(root)
    } else {
        Cache::disabled()
    };
    let key = side_key(commit, options);
    if let Some(side) = keyed.read_keyed::<Side>(slot.file_name(), key) {
        return Ok(side);
    }
    let written = snapshot(root, commit, &options.limits)?;
    let cache = open_cache(root, options).read_only();
    let record = check_with(written.root(), options, cache, progress)?;
    let mut side = Side::of(record, Some(commit.to_owned()));
    // What the commit holds and was not written out is not silently left
    // out of its side: each is an error there, as in `check`.
    side.problems.extend(written.skipped.iter().map(|s| {
        Problem::new(
            Code::Unreadable,
            s.path.clone(),
            format!("{} in the commit: not read", s.why),
        )
    }));
    crate::problem::sort_problems(&mut side.problems);
    keyed.write_keyed(slot.file_name(), key, &side);
    Ok(side)
}

fn open_cache(root: &Path, options: &CheckOptions) -> Cache {
    if options.use_cache {
        Cache::open(root, &options.limits)
    } else {
        Cache::disabled()
    }
}

/// What a commit's side depends on besides the build: the commit, the
/// limits and the model.
fn side_key(commit: &str, options: &CheckOptions) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    commit.hash(&mut h);
    let l = &options.limits;
    (
        l.max_article_bytes,
        l.max_annotation_bytes,
        l.max_claims_per_file,
    )
        .hash(&mut h);
    options
        .model
        .as_ref()
        .map(crate::semantic::ModelDir::fingerprint)
        .hash(&mut h);
    h.finish()
}
