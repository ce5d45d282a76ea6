//! Writing files so that a crash never leaves a partial file: a temporary
//! file in the same folder, flushed to disk, renamed over the target; and a
//! lock so that concurrent writers take turns.
//!
//! The target is never written through: a link at the target is refused,
//! the temporary file is created anew (`O_EXCL`, which does not follow a
//! link), and the rename replaces the target's directory entry itself.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// An exclusive lock, held until dropped.
pub struct Lock {
    _dir: File,
}

/// Takes the corpus-wide write lock (waiting for other writers): a lock on
/// the corpus's root folder itself, so that nothing is written into the
/// corpus for it and no file there can redirect it.
pub fn lock_corpus(root: &Path) -> io::Result<Lock> {
    let dir = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_CLOEXEC)
        .open(root)?;
    dir.lock()?;
    Ok(Lock { _dir: dir })
}

/// The prefix of the temporary files used while replacing `target`:
/// hidden, in the same folder (so the rename is atomic), named after it.
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.claimtrack-tmp-")
}

/// Creates a temporary file beside `target` with `mode` (less the umask),
/// under a name no other writer (nor a file left by a crashed one) has:
/// process id, a counter and the time, retried on the rare clash.
fn create_temp(target: &Path, mode: u32) -> io::Result<(File, PathBuf)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = temp_prefix(target);
    let mut last = None;
    for _ in 0..16 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = target.with_file_name(format!("{prefix}{}-{n}-{nanos:08x}", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .custom_flags(libc::O_CLOEXEC)
            .open(&tmp)
        {
            Ok(file) => return Ok((file, tmp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

/// The permissions the new file gets: those of the file it replaces (a
/// 0600 report stays 0600), or the usual ones for a new file. A target
/// that is a link, a folder or a device is refused: it is not replaced and
/// nothing is written through it.
fn target_permissions(target: &Path) -> io::Result<Option<fs::Permissions>> {
    match fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a link; claimtrack does not write through links",
        )),
        Ok(meta) if !meta.is_file() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is not a regular file",
        )),
        Ok(meta) => Ok(Some(meta.permissions())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Makes sure `target`'s folder exists and is inside the corpus at `root`
/// once links are resolved, creating missing folders only after the
/// deepest existing one was found inside: a folder of the corpus that is a
/// link to elsewhere must not receive a file, nor new folders.
pub fn prepare_parent_in(root: &Path, target: &Path) -> io::Result<()> {
    let root = check_parent_in(root, target)?;
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    if !fs::canonicalize(parent)?.starts_with(&root) {
        return Err(outside_error());
    }
    Ok(())
}

fn outside_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "its folder leads outside the corpus through a link; claimtrack does not write there",
    )
}

/// Checks, creating nothing, that the deepest existing folder on the way to
/// `target` is inside the corpus at `root` once links are resolved (so a
/// file there may be read, and one may be made). Returns the canonical root.
pub fn check_parent_in(root: &Path, target: &Path) -> io::Result<PathBuf> {
    let root = fs::canonicalize(root)?;
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let existing = parent
        .ancestors()
        .find(|p| fs::symlink_metadata(p).is_ok())
        .unwrap_or(Path::new("."));
    if !fs::canonicalize(existing)?.starts_with(&root) {
        return Err(outside_error());
    }
    Ok(root)
}

/// Where `report -o PATH` writes: PATH from the corpus root. A path that
/// names a place inside the corpus must stay inside it once links are
/// resolved (a folder of the repository may be a link to anywhere); a path
/// the user names outside the corpus is theirs to choose.
pub fn output_target(root: &Path, given: &Path) -> io::Result<PathBuf> {
    let target = root.join(given);
    if lexically_inside(root, &target) {
        check_parent_in(root, &target)?;
    }
    Ok(target)
}

/// Whether `path` (`root` joined with what the user gave) stays under
/// `root` when `.` and `..` are taken as written, links aside.
fn lexically_inside(root: &Path, path: &Path) -> bool {
    use std::path::Component;
    let Ok(rest) = path.strip_prefix(root) else {
        return false;
    };
    let mut depth: usize = 0;
    for c in rest.components() {
        match c {
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Component::Normal(_) => depth += 1,
            _ => {}
        }
    }
    true
}

/// Removes temporary files a crashed writer left beside `target`. Call
/// with the lock held.
pub fn remove_stale_temps(target: &Path) {
    let (Some(dir), Some(_)) = (target.parent(), target.file_name()) else {
        return;
    };
    let prefix = temp_prefix(target);
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix)
                && e.file_type().is_ok_and(|t| t.is_file())
            {
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
    // A new file gets the usual mode (0666 less the umask); a replaced one
    // keeps its own, set before anything is written to it.
    let permissions = target_permissions(target)?;
    let (file, tmp) = create_temp(target, if permissions.is_some() { 0o600 } else { 0o666 })?;
    let result = (|| {
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
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
    // A new file gets the usual mode (0666 less the umask); a replaced one
    // keeps its own, set before anything is written to it.
    let permissions = target_permissions(target)?;
    let (mut file, tmp) = create_temp(target, if permissions.is_some() { 0o600 } else { 0o666 })?;
    let result = (|| {
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
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
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file is left"
        );
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
    fn writes_keep_the_mode_and_never_go_through_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.html");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic_streamed(&target, |out| out.write_all(b"new")).unwrap();
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o600
        );

        let outside = dir.path().join("outside");
        fs::write(&outside, "secret").unwrap();
        let link = dir.path().join("link.html");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(write_atomic(&link, b"x").is_err());
        assert!(write_atomic_streamed(&link, |out| out.write_all(b"x")).is_err());
        assert_eq!(fs::read(&outside).unwrap(), b"secret");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn a_stale_temporary_file_with_this_process_name_does_not_block_a_write() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.yaml");
        let stale = dir
            .path()
            .join(format!(".a.yaml.claimtrack-tmp-{}", std::process::id()));
        fs::write(&stale, "partial").unwrap();
        write_atomic_streamed(&target, |out| out.write_all(b"new")).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn the_lock_is_taken_on_the_root_folder_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        drop(lock_corpus(dir.path()).unwrap());
        drop(lock_corpus(dir.path()).unwrap());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
