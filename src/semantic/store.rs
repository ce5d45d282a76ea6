//! The embedding cache file: one per model fingerprint in the corpus's
//! cache folder, records keyed by the cache's keyed content hash of the
//! text, vectors as the exact f32 the model gave (so a warm run decides
//! exactly as the cold run that wrote them).
//!
//! Layout, little-endian: [`MAGIC`], the length of [`FORMAT`] (u32) and
//! FORMAT, the model fingerprint (u64), the dimension (u32), the record
//! count (u64), then per record the key (u64) and the vector (dimension ×
//! f32). A file that does not match exactly, to the last byte, is ignored.

use std::io::{self, Write};

use rustc_hash::FxHashMap;

const MAGIC: &[u8; 22] = b"claimtrack-embeddings\n";

/// What the vectors were computed by: bump it when the arithmetic changes
/// (tokenizing, pooling, batching, a candle upgrade), so that vectors from
/// an older build are not mixed with new ones.
pub const FORMAT: &str = concat!("1/", env!("CARGO_PKG_VERSION"), "/mean-normalized-256");

/// The records kept beside the current texts' ones (texts that were
/// claims once, say on another branch), up to this many bytes in all.
const MAX_FILE_BYTES: usize = 256 << 20;

/// The cache file of a model.
pub fn file_name(fingerprint: u64) -> String {
    format!("embeddings-{fingerprint:016x}.bin")
}

fn header_len() -> usize {
    MAGIC.len() + 4 + FORMAT.len() + 8 + 4 + 8
}

/// A cache file read and checked, its vectors still in its bytes.
pub struct Stored {
    bytes: Vec<u8>,
    dimension: usize,
    /// Key -> offset of the vector in `bytes`.
    offsets: FxHashMap<u64, usize>,
}

impl Stored {
    /// The records of `bytes` if they are a cache file for this model.
    pub fn parse(bytes: Vec<u8>, fingerprint: u64, dimension: usize) -> Option<Stored> {
        let mut at = 0usize;
        let mut take = |n: usize| {
            let slice = bytes.get(at..at.checked_add(n)?)?;
            at += n;
            Some(slice)
        };
        if take(MAGIC.len())? != MAGIC {
            return None;
        }
        let format_len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        if take(format_len)? != FORMAT.as_bytes() {
            return None;
        }
        if u64::from_le_bytes(take(8)?.try_into().ok()?) != fingerprint
            || u32::from_le_bytes(take(4)?.try_into().ok()?) as usize != dimension
        {
            return None;
        }
        let count = u64::from_le_bytes(take(8)?.try_into().ok()?);
        let record = 8 + 4 * dimension;
        let body = usize::try_from(count).ok()?.checked_mul(record)?;
        if bytes.len().checked_sub(header_len())? != body {
            return None;
        }
        let start = header_len();
        let mut offsets = FxHashMap::default();
        offsets.reserve(count as usize);
        for i in 0..count as usize {
            let at = start + i * record;
            let key = u64::from_le_bytes(bytes[at..at + 8].try_into().ok()?);
            offsets.insert(key, at + 8);
        }
        Some(Stored {
            bytes,
            dimension,
            offsets,
        })
    }

    /// The vector stored for `key`.
    pub fn get(&self, key: u64) -> Option<Vec<f32>> {
        let at = *self.offsets.get(&key)?;
        Some(
            self.bytes[at..at + 4 * self.dimension]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
        )
    }

    /// Stored records, in file order (for keeping those not in use now).
    fn records(&self) -> impl Iterator<Item = (u64, &[u8])> {
        let record = 8 + 4 * self.dimension;
        self.bytes[header_len()..].chunks_exact(record).map(|r| {
            (
                u64::from_le_bytes(r[..8].try_into().unwrap_or_default()),
                &r[8..],
            )
        })
    }
}

/// Writes a cache file: the `current` records (every one of `dimension`
/// values), then those of `old` that are not current, while the file stays
/// under [`MAX_FILE_BYTES`].
pub fn write(
    out: &mut dyn Write,
    fingerprint: u64,
    dimension: usize,
    current: &[(u64, &[f32])],
    old: Option<&Stored>,
) -> io::Result<()> {
    let record = 8 + 4 * dimension;
    let current_keys: FxHashMap<u64, ()> = current.iter().map(|&(k, _)| (k, ())).collect();
    let room = MAX_FILE_BYTES.saturating_sub(header_len()) / record;
    let kept: Vec<(u64, &[u8])> = old
        .filter(|old| old.dimension == dimension)
        .into_iter()
        .flat_map(Stored::records)
        .filter(|(k, _)| !current_keys.contains_key(k))
        .take(room.saturating_sub(current_keys.len()))
        .collect();
    if current.iter().any(|(_, v)| v.len() != dimension) {
        return Err(io::Error::other("a vector of the wrong length"));
    }
    let count = current_keys.len() + kept.len();
    out.write_all(MAGIC)?;
    out.write_all(&(FORMAT.len() as u32).to_le_bytes())?;
    out.write_all(FORMAT.as_bytes())?;
    out.write_all(&fingerprint.to_le_bytes())?;
    out.write_all(&(dimension as u32).to_le_bytes())?;
    out.write_all(&(count as u64).to_le_bytes())?;
    let mut written: FxHashMap<u64, ()> = FxHashMap::default();
    let mut buf = Vec::with_capacity(record);
    for &(key, vector) in current {
        if written.insert(key, ()).is_some() {
            continue;
        }
        buf.clear();
        buf.extend_from_slice(&key.to_le_bytes());
        for x in vector {
            buf.extend_from_slice(&x.to_le_bytes());
        }
        out.write_all(&buf)?;
    }
    for (key, vector) in kept {
        out.write_all(&key.to_le_bytes())?;
        out.write_all(vector)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(current: &[(u64, &[f32])], old: Option<&Stored>) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out, 7, 3, current, old).unwrap();
        out
    }

    #[test]
    fn vectors_come_back_bit_for_bit() {
        let odd = [f32::MIN_POSITIVE / 3.0, -0.0, 0.1 + 0.2];
        let bytes = file(
            &[(1, &[1.0, 2.0, 3.0]), (2, &odd), (1, &[1.0, 2.0, 3.0])],
            None,
        );
        let stored = Stored::parse(bytes.clone(), 7, 3).unwrap();
        assert_eq!(stored.offsets.len(), 2);
        assert_eq!(stored.get(1).unwrap(), [1.0, 2.0, 3.0]);
        let back = stored.get(2).unwrap();
        assert!(
            back.iter()
                .zip(odd)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
        assert_eq!(stored.get(3), None);

        // Old records not in use now are kept after the current ones.
        let again = Stored::parse(file(&[(3, &[0.0; 3])], Some(&stored)), 7, 3).unwrap();
        assert_eq!(again.offsets.len(), 3);
        assert_eq!(again.get(1).unwrap(), [1.0, 2.0, 3.0]);
    }

    #[test]
    fn foreign_or_damaged_files_are_ignored() {
        let bytes = file(&[(1, &[1.0, 2.0, 3.0])], None);
        assert!(
            Stored::parse(bytes.clone(), 8, 3).is_none(),
            "another model"
        );
        assert!(
            Stored::parse(bytes.clone(), 7, 4).is_none(),
            "another dimension"
        );
        for cut in 0..bytes.len() {
            assert!(
                Stored::parse(bytes[..cut].to_vec(), 7, 3).is_none(),
                "cut at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Stored::parse(longer, 7, 3).is_none());
        let mut other_format = bytes.clone();
        other_format[MAGIC.len() + 4] ^= 1;
        assert!(Stored::parse(other_format, 7, 3).is_none());
        // A count that would overflow is refused, not trusted.
        let mut huge = bytes;
        let at = header_len() - 8;
        huge[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(Stored::parse(huge, 7, 3).is_none());
    }

    #[test]
    fn wrong_lengths_are_not_written() {
        let mut out = Vec::new();
        assert!(write(&mut out, 7, 3, &[(1, &[1.0])], None).is_err());
    }
}
