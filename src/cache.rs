//! The on-disk cache of parsed annotation files.
//!
//! Kept in `.claimtrack/cache/annotations.bin` under the corpus root (a
//! folder that ignores itself in git), with `check`'s per-file findings
//! beside it in `checked.bin`: they are known only at the end of a check,
//! while the parsed files can be written as soon as they are loaded.
//!
//! Each entry is keyed by the file's path, size, modification time and a
//! hash of its content: a file whose size and time are unchanged is not
//! read at all; one whose time changed but whose content hashes the same is
//! not parsed again. A time within two
//! seconds of the cache's own writing is not trusted (the file may have
//! changed again within the clock's resolution), so such files are hashed.
//!
//! The cache is only ever an optimisation: one that is missing, stale,
//! corrupt, from another version, or cannot be written (a read-only
//! checkout) just means files are parsed.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::annotation::Limits;
use crate::model::Annotation;
use crate::problem::Problem;
use crate::write::{STATE_DIR, state_dir, write_atomic_streamed};

/// Bumped whenever what is cached, how it is parsed or how claims are
/// grouped changes (the grouping is cached too).
const FORMAT: &str = concat!("claimtrack-annotations-10/", env!("CARGO_PKG_VERSION"));

const FILE: &str = "annotations.bin";

const CHECKED_FILE: &str = "checked.bin";

/// Seconds and nanoseconds since the Unix epoch.
pub type Stamp = (i64, u32);

/// One annotation file as parsed, with what identifies its content.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub size: u64,
    pub mtime: Stamp,
    pub hash: u64,
    /// The parse result, with `article` left empty (pairing is redone each run).
    pub annotation: Option<Annotation>,
    pub problems: Vec<Problem>,
    /// What `check` found for this file against its article, if it ran:
    /// stored in `checked.bin`, not with the entry.
    #[serde(skip)]
    pub checked: Option<Checked>,
}

/// `check`'s per-file findings (quotes against the article, dates), valid
/// while the annotation file and its article are unchanged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Checked {
    /// The article's size and modification time when it was checked.
    pub article: Option<(u64, Stamp)>,
    pub problems: Vec<Problem>,
}

#[derive(Deserialize)]
struct Stored {
    format: String,
    limits: (u64, usize),
    written: Stamp,
    entries: Vec<Entry>,
}

/// What [`Stored`] is written from: the same fields, borrowed, so that the
/// cache is written from the loaded corpus without copying it.
#[derive(Serialize)]
struct StoredRef<'a> {
    format: &'a str,
    limits: (u64, usize),
    written: Stamp,
    entries: Vec<EntryRef<'a>>,
}

/// An [`Entry`], borrowed.
#[derive(Serialize)]
pub struct EntryRef<'a> {
    pub path: &'a str,
    pub size: u64,
    pub mtime: Stamp,
    pub hash: u64,
    pub annotation: Option<&'a Annotation>,
    pub problems: &'a [Problem],
}

/// What `checked.bin` holds: per annotation file, its path and content
/// hash (the findings are valid for that content only) and the findings.
#[derive(Deserialize)]
struct StoredChecked {
    format: String,
    written: Stamp,
    entries: Vec<(String, u64, Checked)>,
}

#[derive(Serialize)]
struct StoredCheckedRef<'a> {
    format: &'a str,
    written: Stamp,
    entries: Vec<(&'a str, u64, &'a Checked)>,
}

/// The cache as read at the start of a run.
#[derive(Debug, Default)]
pub struct Cache {
    path: Option<PathBuf>,
    written: Stamp,
    /// When `checked.bin` was written.
    checked_written: Stamp,
    /// Entries, taken out as they are reused.
    pub entries: Vec<Option<Entry>>,
    /// Path -> index into `entries`.
    pub by_path: HashMap<String, usize>,
}

fn limits_key(limits: &Limits) -> (u64, usize) {
    (limits.max_annotation_bytes, limits.max_claims_per_file)
}

impl Cache {
    /// No cache: every file is parsed and nothing is written.
    pub fn disabled() -> Cache {
        Cache::default()
    }

    /// Reads the cache of the corpus at `root`; any problem gives an empty one.
    pub fn open(root: &Path, limits: &Limits) -> Cache {
        let path = root.join(STATE_DIR).join("cache").join(FILE);
        let mut cache = Cache {
            path: Some(path.clone()),
            ..Cache::default()
        };
        let Ok(bytes) = std::fs::read(&path) else {
            return cache;
        };
        let Ok(stored) = postcard::from_bytes::<Stored>(&bytes) else {
            return cache;
        };
        if stored.format != FORMAT || stored.limits != limits_key(limits) {
            return cache;
        }
        cache.written = stored.written;
        cache.by_path = stored
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.path.clone(), i))
            .collect();
        cache.entries = stored.entries.into_iter().map(Some).collect();
        cache.attach_checked(&path.with_file_name(CHECKED_FILE));
        cache
    }

    /// Gives each entry the findings `checked.bin` holds for its content.
    fn attach_checked(&mut self, path: &Path) {
        let Ok(bytes) = std::fs::read(path) else {
            return;
        };
        let Ok(stored) = postcard::from_bytes::<StoredChecked>(&bytes) else {
            return;
        };
        if stored.format != FORMAT {
            return;
        }
        self.checked_written = stored.written;
        for (path, hash, checked) in stored.entries {
            if let Some(&i) = self.by_path.get(&path)
                && let Some(entry) = self.entries[i].as_mut()
                && entry.hash == hash
            {
                entry.checked = Some(checked);
            }
        }
    }

    /// Whether a modification time is old enough, relative to when the cache
    /// was written, for an unchanged time to mean unchanged content.
    pub fn trusts(&self, mtime: Stamp) -> bool {
        trusted(mtime, self.written)
    }

    /// [`Cache::trusts`], for an article's time against when its findings
    /// were written.
    pub fn trusts_checked(&self, mtime: Stamp) -> bool {
        trusted(mtime, self.checked_written)
    }

    pub fn enabled(&self) -> bool {
        self.path.is_some()
    }

    /// The cached entry for `path` if its size and time say it is unchanged.
    pub fn fresh_by_stat(&self, path: &str, size: u64, mtime: Stamp) -> Option<usize> {
        let i = *self.by_path.get(path)?;
        let e = self.entries[i].as_ref()?;
        (self.trusts(mtime) && e.size == size && e.mtime == mtime).then_some(i)
    }

    /// The cached entry for `path` if its content hash is `hash`.
    pub fn fresh_by_hash(&self, path: &str, hash: u64) -> Option<usize> {
        let i = *self.by_path.get(path)?;
        (self.entries[i].as_ref()?.hash == hash).then_some(i)
    }

    /// Writes the cache with `entries`; failures (a read-only corpus) are ignored.
    pub fn store(&self, root: &Path, limits: &Limits, entries: Vec<EntryRef<'_>>) {
        if self.path.is_none() {
            return;
        }
        let stored = StoredRef {
            format: FORMAT,
            limits: limits_key(limits),
            written: now(),
            entries,
        };
        write_cache_file(root, FILE, &stored);
    }

    /// Writes `check`'s findings, per annotation file (path, content hash).
    pub fn store_checked(&self, root: &Path, entries: Vec<(&str, u64, &Checked)>) {
        if self.path.is_none() {
            return;
        }
        let stored = StoredCheckedRef {
            format: FORMAT,
            written: now(),
            entries,
        };
        write_cache_file(root, CHECKED_FILE, &stored);
    }
}

fn trusted(mtime: Stamp, written: Stamp) -> bool {
    mtime.0 != 0 && mtime.0 + 2 < written.0
}

/// Writes `value` to `.claimtrack/cache/NAME` atomically, streamed, ignoring failures.
fn write_cache_file(root: &Path, name: &str, value: &impl Serialize) {
    if let Ok(dir) = state_dir(root) {
        let dir = dir.join("cache");
        if std::fs::create_dir_all(&dir).is_ok() {
            let _ = write_atomic_streamed(&dir.join(name), |out| {
                postcard::to_io(value, out)
                    .map(|_| ())
                    .map_err(std::io::Error::other)
            });
        }
    }
}

const RECONCILED_FILE: &str = "reconciled.bin";

/// A fingerprint of everything reconciling depends on: the format, the
/// limits, every annotation file's path and content hash, and speakers.yaml.
pub fn fingerprint<'a>(
    limits: &Limits,
    files: impl Iterator<Item = (&'a str, u64)>,
    aliases_hash: u64,
) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    FORMAT.hash(&mut h);
    limits_key(limits).hash(&mut h);
    for (path, hash) in files {
        path.hash(&mut h);
        hash.hash(&mut h);
    }
    aliases_hash.hash(&mut h);
    h.finish()
}

/// The reconciled corpus cached under `fingerprint`, if there is one.
pub fn read_reconciled<T: serde::de::DeserializeOwned>(root: &Path, fingerprint: u64) -> Option<T> {
    let bytes = std::fs::read(root.join(STATE_DIR).join("cache").join(RECONCILED_FILE)).ok()?;
    let (format, stored_fingerprint, value): (String, u64, T) =
        postcard::from_bytes(&bytes).ok()?;
    (format == FORMAT && stored_fingerprint == fingerprint).then_some(value)
}

const SIMILAR_FILE: &str = "similar.bin";

/// The `similar-claim` warnings cached under `fingerprint`, if any.
pub fn read_similar(root: &Path, fingerprint: u64) -> Option<Vec<Problem>> {
    let bytes = std::fs::read(root.join(STATE_DIR).join("cache").join(SIMILAR_FILE)).ok()?;
    let (format, stored, value): (String, u64, Vec<Problem>) = postcard::from_bytes(&bytes).ok()?;
    (format == FORMAT && stored == fingerprint).then_some(value)
}

/// Caches the `similar-claim` warnings under `fingerprint`; failures are ignored.
pub fn write_similar(root: &Path, fingerprint: u64, problems: &[Problem]) {
    write_cache_file(root, SIMILAR_FILE, &(FORMAT, fingerprint, problems));
}

/// Caches the reconciled corpus under `fingerprint`; failures are ignored.
pub fn write_reconciled<T: Serialize>(root: &Path, fingerprint: u64, value: &T) {
    write_cache_file(root, RECONCILED_FILE, &(FORMAT, fingerprint, value));
}

fn now() -> Stamp {
    stamp(SystemTime::now())
}

pub fn stamp(t: SystemTime) -> Stamp {
    t.duration_since(UNIX_EPOCH)
        .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()))
}

/// A hash of a file's text (SipHash with fixed keys).
pub fn content_hash(text: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}
