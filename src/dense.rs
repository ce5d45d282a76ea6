//! Dense ids for distinct values, numbered in order of first appearance.
//!
//! The reconciler numbers a million claim texts, speakers and propositions.
//! A plain hash map does that on one thread, hashing every string as it
//! goes. Here the hashing, the expensive part, runs in parallel; the serial
//! pass only looks up 64-bit hashes and compares a value with the first one
//! of its hash. The result is exactly what a sequential map would give.

use std::hash::{BuildHasher, Hash};

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};

/// Per value, its id; ids run from 0 in order of first appearance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenseIds {
    pub id_of: Vec<u32>,
    /// Per id, the index of the first value that got it.
    pub first: Vec<usize>,
}

/// Numbers the distinct values of `values`.
pub fn dense_ids<T: Hash + Eq + Sync>(values: &[T]) -> DenseIds {
    let hashes: Vec<u64> = values
        .par_iter()
        .with_min_len(4096)
        .map(|v| FxBuildHasher.hash_one(v))
        .collect();
    // Number by hash alone, then check in parallel that every value equals
    // the first of its number: comparing as the numbers are given would
    // read the first value from a random place in memory at each repeat.
    // A collision, which the check finds, sends all to the exact way.
    let by_hash = number_hashes(&hashes);
    let all_equal = by_hash
        .id_of
        .par_iter()
        .enumerate()
        .with_min_len(4096)
        .all(|(i, &id)| {
            let first = by_hash.first[id as usize];
            first == i || values[first] == values[i]
        });
    if all_equal {
        by_hash
    } else {
        number_values(values, &hashes)
    }
}

/// Numbers distinct hashes in order of first appearance.
fn number_hashes(hashes: &[u64]) -> DenseIds {
    let mut by_hash: FxHashMap<u64, u32> =
        FxHashMap::with_capacity_and_hasher(hashes.len() / 2, Default::default());
    let mut ids = DenseIds {
        id_of: Vec::with_capacity(hashes.len()),
        first: Vec::new(),
    };
    for (i, &hash) in hashes.iter().enumerate() {
        let next = ids.first.len() as u32;
        let id = *by_hash.entry(hash).or_insert(next);
        if id == next {
            ids.first.push(i);
        }
        ids.id_of.push(id);
    }
    ids
}

/// Numbers distinct values in order of first appearance, comparing each
/// value with the first of its hash.
fn number_values<T: Hash + Eq>(values: &[T], hashes: &[u64]) -> DenseIds {
    let mut by_hash: FxHashMap<u64, u32> =
        FxHashMap::with_capacity_and_hasher(values.len() / 2, Default::default());
    // Values whose hash another value had first: rare, so kept apart.
    let mut collided: FxHashMap<&T, u32> = FxHashMap::default();
    let mut ids = DenseIds {
        id_of: Vec::with_capacity(values.len()),
        first: Vec::new(),
    };
    for (i, (value, &hash)) in values.iter().zip(hashes).enumerate() {
        let next = ids.first.len() as u32;
        let id = match by_hash.get(&hash) {
            None => {
                by_hash.insert(hash, next);
                next
            }
            Some(&id) if values[ids.first[id as usize]] == *value => id,
            Some(_) => *collided.entry(value).or_insert(next),
        };
        if id == next {
            ids.first.push(i);
        }
        ids.id_of.push(id);
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value whose hash is its class, to force collisions.
    #[derive(Debug, PartialEq, Eq)]
    struct Clash(u8, &'static str);
    impl Hash for Clash {
        fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
            self.0.hash(state)
        }
    }

    #[test]
    fn numbers_in_order_of_first_appearance() {
        let ids = dense_ids(&["b", "a", "b", "c", "a"]);
        assert_eq!(ids.id_of, vec![0, 1, 0, 2, 1]);
        assert_eq!(ids.first, vec![0, 1, 3]);
    }

    #[test]
    fn hash_collisions_keep_values_apart() {
        let values = [
            Clash(1, "x"),
            Clash(1, "y"),
            Clash(1, "x"),
            Clash(1, "y"),
            Clash(2, "z"),
        ];
        let ids = dense_ids(&values);
        assert_eq!(ids.id_of, vec![0, 1, 0, 1, 2]);
        assert_eq!(ids.first, vec![0, 1, 4]);
    }
}
