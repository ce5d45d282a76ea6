//! Opening files without trusting what they are: a FIFO, a device or a
//! file that grows while it is read must neither hang claimtrack nor fill
//! its memory.
//!
//! Files are opened non-blocking (opening a FIFO with no writer returns at
//! once instead of waiting), then the *opened* file is inspected (so a
//! file swapped in between a look and the open is what gets inspected),
//! and read through a cap one byte over the limit.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Why a file was refused; the message completes "PATH ...".
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot be read: {0}")]
    Io(#[from] io::Error),
    #[error("is not a regular file")]
    NotRegular,
    #[error("is a link; links are not followed here")]
    Link,
    #[error("is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("grew past the limit of {limit} bytes while being read")]
    Grew { limit: u64 },
}

/// How to treat a link as the last component of the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Follow it (the user named the file on the command line).
    Follow,
    /// Refuse it (`O_NOFOLLOW`): the path was resolved already and a link
    /// there now was swapped in since.
    Refuse,
}

/// Opens `path` for reading as a regular file of at most `limit` bytes;
/// returns the file and its size.
pub fn open_regular(path: &Path, limit: u64, links: Links) -> Result<(File, u64), ReadError> {
    let mut flags = libc::O_NONBLOCK | libc::O_CLOEXEC;
    if links == Links::Refuse {
        flags |= libc::O_NOFOLLOW;
    }
    let file = match OpenOptions::new().read(true).custom_flags(flags).open(path) {
        Ok(file) => file,
        Err(e) if links == Links::Refuse && e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(ReadError::Link);
        }
        Err(e) => return Err(e.into()),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok((file, meta.len()))
}

/// Reads all of an opened file, refusing more than `limit` bytes.
pub fn read_capped(file: File, size_hint: u64, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(size_hint.min(limit) as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::Grew { limit });
    }
    Ok(bytes)
}

/// [`open_regular`] then [`read_capped`]: the bytes of a regular file of at
/// most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64, links: Links) -> Result<Vec<u8>, ReadError> {
    let (file, size) = open_regular(path, limit, links)?;
    read_capped(file, size, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_fifos_are_refused_at_once() {
        assert!(matches!(
            read_bounded(Path::new("/dev/zero"), 1 << 20, Links::Follow),
            Err(ReadError::NotRegular)
        ));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            read_bounded(&fifo, 1 << 20, Links::Follow),
            Err(ReadError::NotRegular)
        ));
    }

    #[test]
    fn limits_hold_even_at_the_top_of_the_range() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        std::fs::write(&path, "hello").unwrap();
        assert_eq!(
            read_bounded(&path, u64::MAX, Links::Follow).unwrap(),
            b"hello"
        );
        assert!(matches!(
            read_bounded(&path, 4, Links::Follow),
            Err(ReadError::TooLarge { size: 5, limit: 4 })
        ));
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert!(matches!(
            read_bounded(&link, 10, Links::Refuse),
            Err(ReadError::Link)
        ));
    }
}
