//! Writing files so that a crash never leaves a partial file: a temporary
//! file in the same folder, flushed to disk, renamed over the target; and a
//! lock so that concurrent writers take turns.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The folder claimtrack keeps its own state in, at the corpus root. It
/// holds a `.gitignore` of `*`, so it never shows up in `git status`.
pub const STATE_DIR: &str = ".claimtrack";

/// Creates the state folder (and its `.gitignore`) if needed.
pub fn state_dir(root: &Path) -> io::Result<PathBuf> {
    let dir = root.join(STATE_DIR);
    fs::create_dir_all(&dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        fs::write(&ignore, "# claimtrack's own state: never committed\n*\n")?;
    }
    Ok(dir)
}

/// An exclusive lock, held until dropped.
pub struct Lock {
    _file: File,
}

/// Takes the corpus-wide write lock (waiting for other writers). The lock
/// file is never deleted: deleting it would let two writers hold locks on
/// different files.
pub fn lock_corpus(root: &Path) -> io::Result<Lock> {
    let path = state_dir(root)?.join("write.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    file.lock()?;
    Ok(Lock { _file: file })
}

/// The temporary file used while replacing `target`: hidden, in the same
/// folder (so the rename is atomic), named after the target and process.
pub fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.claimtrack-tmp-{}", std::process::id()))
}

/// Removes temporary files a crashed writer left beside `target`. Call
/// with the lock held.
pub fn remove_stale_temps(target: &Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let prefix = format!(".{}.claimtrack-tmp-", name.to_string_lossy());
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// Replaces `target` with what `fill` writes, atomically, streaming through
/// a buffer (so a large file is never held in memory whole).
pub fn write_atomic_streamed(
    target: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = temp_path(target);
    let result = (|| {
        let file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Replaces `target` with `bytes` atomically: readers see the old file or
/// the new one, never a mix. `before_rename` runs between writing the
/// temporary file and renaming it; tests use it to simulate a crash there.
pub fn write_atomic_with(
    target: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = temp_path(target);
    let result = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        if let Ok(meta) = fs::metadata(target) {
            file.set_permissions(meta.permissions())?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        before_rename(&tmp)?;
        fs::rename(&tmp, target)?;
        if let Some(dir) = target.parent() {
            // Make the rename itself durable; not all platforms allow this.
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// [`write_atomic_with`] with nothing between write and rename.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(target, bytes, |_| Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_before_the_rename_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.yaml");
        fs::write(&target, "old\n").unwrap();
        let err = write_atomic_with(&target, b"new\n", |tmp| {
            assert_eq!(
                fs::read(tmp).unwrap(),
                b"new\n",
                "the new content is complete on disk"
            );
            Err(io::Error::other("simulated crash"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&target).unwrap(), b"old\n");
        assert!(!temp_path(&target).exists());
    }

    #[test]
    fn a_leftover_temporary_file_is_removed_by_the_next_writer() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.yaml");
        fs::write(&target, "old\n").unwrap();
        let stale = dir.path().join(".a.yaml.claimtrack-tmp-99999");
        fs::write(&stale, "partial").unwrap();
        remove_stale_temps(&target);
        assert!(!stale.exists());
        write_atomic(&target, b"new\n").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new\n");
    }

    #[test]
    fn the_state_folder_ignores_itself() {
        let dir = tempfile::tempdir().unwrap();
        let state = state_dir(dir.path()).unwrap();
        assert!(
            fs::read_to_string(state.join(".gitignore"))
                .unwrap()
                .contains('*')
        );
        drop(lock_corpus(dir.path()).unwrap());
        drop(lock_corpus(dir.path()).unwrap());
    }
}
