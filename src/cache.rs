//! The cache of parsed annotation files, kept outside the corpus.
//!
//! A corpus is a repository that anyone may have written, so nothing in it
//! may decide what claimtrack says: the cache lives in the user's cache
//! folder (`$CLAIMTRACK_CACHE_DIR`, else `$XDG_CACHE_HOME/claimtrack`, else
//! `~/.cache/claimtrack`), one folder per corpus named after a hash of the
//! corpus's canonical path. A `.claimtrack/` committed to the corpus is
//! never read.
//!
//! Each entry is keyed by the file's path, its stat (size, modification
//! *and change* time, inode and device) and a hash of its content keyed
//! with a secret made on this machine (`key`, beside the corpus folders,
//! readable by the user alone):
//! - a file whose stat is unchanged is not read at all. The change time
//!   (ctime) is set by the kernel on every write and cannot be set back by
//!   `touch -r`, `cp -p`, `tar` or `rsync -t`, so a file replaced with the
//!   old size and modification time still looks changed;
//! - a file whose stat changed but whose content hashes the same is not
//!   parsed again. The hash is keyed with the secret, so a repository
//!   cannot craft a file that collides with one the cache holds.
//!
//! A time within two seconds of the cache's own writing is not trusted (the
//! file may have changed again within the clock's resolution), so such
//! files are hashed.
//!
//! The cache is only ever an optimisation: one that is missing, stale,
//! corrupt, from another version, or cannot be written just means files are
//! parsed.

use std::collections::HashMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::annotation::Limits;
use crate::model::Annotation;
use crate::problem::Problem;
use crate::safe_fs::{Links, read_bounded};
use crate::write::write_atomic_streamed;

/// What a cache file must have been written by: this version and a hash of
/// the library's sources (build.rs), so that a cache written by a build
/// that parses or groups differently is never read, with nothing to bump
/// by hand.
const FORMAT: &str = concat!(
    "claimtrack-cache/",
    env!("CARGO_PKG_VERSION"),
    "/",
    env!("CLAIMTRACK_SOURCE_HASH")
);

const FILE: &str = "annotations.bin";

const CHECKED_FILE: &str = "checked.bin";

/// The machine-local secret that keys content hashes, beside the corpus folders.
const KEY_FILE: &str = "key";

/// Seconds and nanoseconds since the Unix epoch.
pub type Time = (i64, u32);

/// What the file system says of one file: unchanged stamps mean unchanged
/// content (see the module comment for why the change time is in it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub mtime: Time,
    pub ctime: Time,
    pub ino: u64,
    pub dev: u64,
}

impl Stamp {
    /// The stamp of a file from its metadata.
    pub fn of(meta: &fs::Metadata) -> Stamp {
        Stamp {
            size: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec() as u32),
            ctime: (meta.ctime(), meta.ctime_nsec() as u32),
            ino: meta.ino(),
            dev: meta.dev(),
        }
    }
}

/// One annotation file as parsed, with what identifies its content.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub stamp: Stamp,
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
    /// The article's stamp when it was checked.
    pub article: Option<Stamp>,
    pub problems: Vec<Problem>,
}

#[derive(Deserialize)]
struct Stored {
    format: String,
    limits: (u64, usize),
    written: Time,
    entries: Vec<Entry>,
}

/// What [`Stored`] is written from: the same fields, borrowed, so that the
/// cache is written from the loaded corpus without copying it.
#[derive(Serialize)]
struct StoredRef<'a> {
    format: &'a str,
    limits: (u64, usize),
    written: Time,
    entries: Vec<EntryRef<'a>>,
}

/// An [`Entry`], borrowed.
#[derive(Serialize)]
pub struct EntryRef<'a> {
    pub path: &'a str,
    pub stamp: Stamp,
    pub hash: u64,
    pub annotation: Option<&'a Annotation>,
    pub problems: &'a [Problem],
}

/// What `checked.bin` holds: per annotation file, its path and content
/// hash (the findings are valid for that content only) and the findings.
#[derive(Deserialize)]
struct StoredChecked {
    format: String,
    written: Time,
    entries: Vec<(String, u64, Checked)>,
}

#[derive(Serialize)]
struct StoredCheckedRef<'a> {
    format: &'a str,
    written: Time,
    entries: Vec<(&'a str, u64, &'a Checked)>,
}

/// The cache as read at the start of a run.
#[derive(Debug, Default)]
pub struct Cache {
    /// This corpus's folder in the user's cache; `None`: no cache.
    dir: Option<PathBuf>,
    /// The machine-local secret that keys content hashes.
    key: [u8; 32],
    /// Read, never written: for a corpus that is not the one at the
    /// folder's root (a commit's, read by `diff`).
    read_only: bool,
    written: Time,
    /// When `checked.bin` was written.
    checked_written: Time,
    /// Entries, taken out as they are reused.
    pub entries: Vec<Option<Entry>>,
    /// Path -> index into `entries`.
    pub by_path: HashMap<String, usize>,
}

fn limits_key(limits: &Limits) -> (u64, usize) {
    (limits.max_annotation_bytes, limits.max_claims_per_file)
}

/// Cache files are small next to the corpus, but a corrupt or planted one
/// must not fill memory either.
const MAX_CACHE_FILE: u64 = 16 << 30;

/// The folder that holds every corpus's cache: `$CLAIMTRACK_CACHE_DIR`,
/// else `$XDG_CACHE_HOME/claimtrack`, else `$HOME/.cache/claimtrack`
/// (relative values are ignored, as the XDG spec says).
pub fn base_dir() -> Option<PathBuf> {
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    absolute("CLAIMTRACK_CACHE_DIR")
        .or_else(|| absolute("XDG_CACHE_HOME").map(|d| d.join("claimtrack")))
        .or_else(|| absolute("HOME").map(|d| d.join(".cache").join("claimtrack")))
}

/// The cache folder of the corpus at `root`: its last name (for people
/// who look) and a hash of its canonical path.
fn corpus_dir(base: &Path, root: &Path) -> Option<PathBuf> {
    let canonical = fs::canonicalize(root).ok()?;
    let name: String = canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(40)
        .collect();
    let mut h = std::hash::DefaultHasher::new();
    canonical.hash(&mut h);
    Some(base.join(format!(
        "{}-{:016x}",
        name.trim_start_matches('.'),
        h.finish()
    )))
}

/// Creates `dir` (and its parents) readable by the user alone.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// The machine-local secret under `base`, made on first use: 32 bytes from
/// the system's random source, in a file only the user can read.
fn secret_key(base: &Path) -> Option<[u8; 32]> {
    let path = base.join(KEY_FILE);
    if let Ok(bytes) = read_bounded(&path, 32, Links::Refuse) {
        return bytes.try_into().ok();
    }
    let mut key = [0u8; 32];
    let mut random = fs::File::open("/dev/urandom").ok()?;
    std::io::Read::read_exact(&mut random, &mut key).ok()?;
    create_private_dir(base).ok()?;
    // Written whole under a temporary name, then linked in place: a reader
    // never sees half a key, and of two first runs one key wins.
    let tmp = base.join(format!(".key-{}-{:x}", std::process::id(), key[0]));
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .ok()?;
    let written = file.write_all(&key).and_then(|()| file.sync_all());
    let linked = written.and_then(|()| fs::hard_link(&tmp, &path));
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => Some(key),
        // Another run made it first: use theirs.
        Err(_) => read_bounded(&path, 32, Links::Refuse).ok()?.try_into().ok(),
    }
}

/// Reads one of this corpus's cache files, if it is there.
fn read_cache_file(dir: &Path, name: &str) -> Option<Vec<u8>> {
    read_bounded(&dir.join(name), MAX_CACHE_FILE, Links::Refuse).ok()
}

impl Cache {
    /// No cache: every file is parsed and nothing is written.
    pub fn disabled() -> Cache {
        Cache::default()
    }

    /// Reads the cache of the corpus at `root` from the user's cache folder;
    /// any problem gives an empty one (or none, if there is no such folder).
    pub fn open(root: &Path, limits: &Limits) -> Cache {
        match base_dir() {
            Some(base) => Cache::open_in(&base, root, limits),
            None => Cache::disabled(),
        }
    }

    /// The cache folder of the corpus at `root`, without reading the
    /// parsed files in it: for [`Cache::read_keyed`] and
    /// [`Cache::write_keyed`] alone.
    pub fn open_keyed(root: &Path) -> Cache {
        base_dir().map_or_else(Cache::disabled, |base| Cache::folder(&base, root))
    }

    fn folder(base: &Path, root: &Path) -> Cache {
        match (corpus_dir(base, root), secret_key(base)) {
            (Some(dir), Some(key)) => Cache {
                dir: Some(dir),
                key,
                ..Cache::default()
            },
            _ => Cache::disabled(),
        }
    }

    /// [`Cache::open`] with the cache folder given.
    pub fn open_in(base: &Path, root: &Path, limits: &Limits) -> Cache {
        let mut cache = Cache::folder(base, root);
        let Some(dir) = cache.dir.clone() else {
            return cache;
        };
        let Some(bytes) = read_cache_file(&dir, FILE) else {
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
        cache.attach_checked(&dir);
        cache
    }

    /// Gives each entry the findings `checked.bin` holds for its content.
    fn attach_checked(&mut self, dir: &Path) {
        let Some(bytes) = read_cache_file(dir, CHECKED_FILE) else {
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

    /// A hash of a file's text, keyed with this machine's secret (without a
    /// cache, with a key of zeros: such hashes are never compared with
    /// stored ones).
    pub fn content_hash(&self, text: &str) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        self.key.hash(&mut h);
        text.hash(&mut h);
        h.finish()
    }

    /// Whether a stamp is old enough, relative to when the cache was
    /// written, for an unchanged stamp to mean unchanged content.
    pub fn trusts(&self, stamp: &Stamp) -> bool {
        trusted(stamp, self.written)
    }

    /// [`Cache::trusts`], for an article's stamp against when its findings
    /// were written.
    pub fn trusts_checked(&self, stamp: &Stamp) -> bool {
        trusted(stamp, self.checked_written)
    }

    pub fn enabled(&self) -> bool {
        self.dir.is_some()
    }

    /// This cache, read but never written: what another corpus with the
    /// same paths (a commit of this one) can reuse without replacing
    /// what it holds for this one.
    pub fn read_only(self) -> Cache {
        Cache {
            read_only: true,
            ..self
        }
    }

    fn writable_dir(&self) -> Option<&PathBuf> {
        self.dir.as_ref().filter(|_| !self.read_only)
    }

    /// The value cached as NAME under `key` by [`Cache::write_keyed`],
    /// if it was written by this build for that very key.
    pub fn read_keyed<T: serde::de::DeserializeOwned>(&self, name: &str, key: u64) -> Option<T> {
        let bytes = read_cache_file(self.dir.as_ref()?, name)?;
        let (format, stored, value): (String, u64, T) = postcard::from_bytes(&bytes).ok()?;
        (format == FORMAT && stored == key).then_some(value)
    }

    /// Caches `value` as NAME under `key` (one value per name: it
    /// replaces what was there); failures are ignored.
    pub fn write_keyed<T: Serialize>(&self, name: &str, key: u64, value: &T) {
        self.write_file(name, &(FORMAT, key, value));
    }

    /// The cached entry for `path` if its stamp says it is unchanged.
    pub fn fresh_by_stat(&self, path: &str, stamp: &Stamp) -> Option<usize> {
        let i = *self.by_path.get(path)?;
        let e = self.entries[i].as_ref()?;
        (self.trusts(stamp) && e.stamp == *stamp).then_some(i)
    }

    /// The cached entry for `path` if its content hash is `hash`.
    pub fn fresh_by_hash(&self, path: &str, hash: u64) -> Option<usize> {
        let i = *self.by_path.get(path)?;
        (self.entries[i].as_ref()?.hash == hash).then_some(i)
    }

    /// Writes the cache with `entries`; failures are ignored.
    pub fn store(&self, limits: &Limits, entries: Vec<EntryRef<'_>>) {
        let stored = StoredRef {
            format: FORMAT,
            limits: limits_key(limits),
            written: now(),
            entries,
        };
        self.write_file(FILE, &stored);
    }

    /// Writes `check`'s findings, per annotation file (path, content hash).
    pub fn store_checked(&self, entries: Vec<(&str, u64, &Checked)>) {
        let stored = StoredCheckedRef {
            format: FORMAT,
            written: now(),
            entries,
        };
        self.write_file(CHECKED_FILE, &stored);
    }

    /// The reconciled corpus cached under `fingerprint`, if there is one.
    pub fn read_reconciled<T: serde::de::DeserializeOwned>(&self, fingerprint: u64) -> Option<T> {
        let bytes = read_cache_file(self.dir.as_ref()?, RECONCILED_FILE)?;
        let (format, stored, value): (String, u64, T) = postcard::from_bytes(&bytes).ok()?;
        (format == FORMAT && stored == fingerprint).then_some(value)
    }

    /// Caches the reconciled corpus under `fingerprint`; failures are ignored.
    pub fn write_reconciled<T: Serialize>(&self, fingerprint: u64, value: &T) {
        self.write_file(RECONCILED_FILE, &(FORMAT, fingerprint, value));
    }

    /// The `similar-claim` warnings cached under `fingerprint`, if any.
    pub fn read_similar(&self, fingerprint: u64) -> Option<Vec<Problem>> {
        let bytes = read_cache_file(self.dir.as_ref()?, SIMILAR_FILE)?;
        let (format, stored, value): (String, u64, Vec<Problem>) =
            postcard::from_bytes(&bytes).ok()?;
        (format == FORMAT && stored == fingerprint).then_some(value)
    }

    /// Caches the `similar-claim` warnings under `fingerprint`; failures are ignored.
    pub fn write_similar(&self, fingerprint: u64, problems: &[Problem]) {
        self.write_file(SIMILAR_FILE, &(FORMAT, fingerprint, problems));
    }

    /// The bytes of this corpus's cache file NAME, a name of the caller's
    /// own (it must not be one of the files above), if there is one;
    /// `None` without a cache.
    pub fn read_named(&self, name: &str) -> Option<Vec<u8>> {
        read_cache_file(self.dir.as_ref()?, name)
    }

    /// Writes this corpus's cache file NAME with what `fill` writes,
    /// atomically, ignoring failures; nothing without a cache.
    pub fn write_named(
        &self,
        name: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) {
        let Some(dir) = self.writable_dir() else {
            return;
        };
        if create_private_dir(dir).is_ok() {
            let _ = write_atomic_streamed(&dir.join(name), fill);
        }
    }

    /// Writes `value` to this corpus's cache folder as NAME, atomically,
    /// streamed, ignoring failures.
    fn write_file(&self, name: &str, value: &impl Serialize) {
        let Some(dir) = self.writable_dir() else {
            return;
        };
        if create_private_dir(dir).is_ok() {
            let _ = write_atomic_streamed(&dir.join(name), |out| {
                postcard::to_io(value, out)
                    .map(|_| ())
                    .map_err(std::io::Error::other)
            });
        }
    }
}

fn trusted(stamp: &Stamp, written: Time) -> bool {
    // The change time is at least the modification time, and only the
    // kernel sets it.
    stamp.ctime.0 != 0 && stamp.ctime.0 + 2 < written.0
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

const SIMILAR_FILE: &str = "similar.bin";

fn now() -> Time {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_keyed_by_the_sources() {
        let hash = FORMAT.rsplit('/').next().unwrap();
        assert_eq!(hash.len(), 16);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{FORMAT}");
    }
}
