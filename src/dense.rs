//! Dense ids for distinct values, numbered in order of first appearance,
//! and vectors indexed by them.
//!
//! The reconciler numbers a million claim texts, speakers and propositions.
//! A plain hash map does that on one thread, hashing every string as it
//! goes. Here the hashing, the expensive part, runs in parallel; the serial
//! pass only looks up 64-bit hashes and compares a value with the first one
//! of its hash. The result is exactly what a sequential map would give.
//!
//! Ids of different kinds (a claim text, a proposition key, a group) are
//! different types implementing [`DenseId`], and an [`IdVec`] is indexed by
//! one kind only, so that mixing two kinds of id does not compile.

use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::{Deserialize, Serialize};

/// A dense id: a `u32` counted from 0. `u32` itself is one, for ids of no
/// particular kind.
pub trait DenseId: Copy + Eq + Ord + Hash + Send + Sync {
    fn from_raw(raw: u32) -> Self;
    fn raw(self) -> u32;

    /// The id of the `index`-th value.
    fn from_index(index: usize) -> Self {
        Self::from_raw(index as u32)
    }

    /// Its position in an [`IdVec`].
    fn index(self) -> usize {
        self.raw() as usize
    }
}

impl DenseId for u32 {
    fn from_raw(raw: u32) -> Self {
        raw
    }

    fn raw(self) -> u32 {
        self
    }
}

/// A vector indexed by one kind of id; serialised as a plain sequence.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    transparent,
    bound(serialize = "T: Serialize", deserialize = "T: Deserialize<'de>")
)]
pub struct IdVec<I, T> {
    raw: Vec<T>,
    #[serde(skip)]
    kind: PhantomData<fn(I) -> I>,
}

impl<I: DenseId, T> IdVec<I, T> {
    pub fn new() -> Self {
        Vec::new().into()
    }

    /// `n` copies of `value`, for ids `0..n`.
    pub fn filled(value: T, n: usize) -> Self
    where
        T: Clone,
    {
        vec![value; n].into()
    }

    pub fn len(&self) -> usize {
        self.raw.len()
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The id the next pushed value gets.
    pub fn next_id(&self) -> I {
        I::from_index(self.raw.len())
    }

    pub fn push(&mut self, value: T) -> I {
        let id = self.next_id();
        self.raw.push(value);
        id
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.raw.len()).map(I::from_index)
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.raw.iter_mut()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.raw.iter()
    }

    /// Every (id, value), in order.
    pub fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (I, &T)> {
        self.raw
            .iter()
            .enumerate()
            .map(|(i, v)| (I::from_index(i), v))
    }

    /// The values as a plain slice, for parallel iteration.
    pub fn as_slice(&self) -> &[T] {
        &self.raw
    }
}

impl<I: DenseId, T> Default for IdVec<I, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<I, T> From<Vec<T>> for IdVec<I, T> {
    fn from(raw: Vec<T>) -> Self {
        IdVec {
            raw,
            kind: PhantomData,
        }
    }
}

impl<I: DenseId, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        iter.into_iter().collect::<Vec<T>>().into()
    }
}

impl<I: DenseId, T: Send> FromParallelIterator<T> for IdVec<I, T> {
    fn from_par_iter<P: IntoParallelIterator<Item = T>>(iter: P) -> Self {
        Vec::from_par_iter(iter).into()
    }
}

impl<I: DenseId, T> Index<I> for IdVec<I, T> {
    type Output = T;

    fn index(&self, id: I) -> &T {
        &self.raw[id.index()]
    }
}

impl<I: DenseId, T> IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.raw[id.index()]
    }
}

impl<'a, I, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.raw.iter()
    }
}

impl<I, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.raw.into_iter()
    }
}

impl<I, T: fmt::Debug> fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.raw.fmt(f)
    }
}

/// Per value, its id; ids run from 0 in order of first appearance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenseIds<I = u32> {
    pub id_of: Vec<I>,
    /// Per id, the index of the first value that got it.
    pub first: IdVec<I, usize>,
}

impl<I: DenseId> DenseIds<I> {
    /// How many distinct values there are.
    pub fn count(&self) -> usize {
        self.first.len()
    }
}

/// Numbers the distinct values of `values`.
pub fn dense_ids<I: DenseId, T: Hash + Eq + Sync>(values: &[T]) -> DenseIds<I> {
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
            let first = by_hash.first[id];
            first == i || values[first] == values[i]
        });
    if all_equal {
        by_hash
    } else {
        number_values(values, &hashes)
    }
}

/// Numbers distinct hashes in order of first appearance.
fn number_hashes<I: DenseId>(hashes: &[u64]) -> DenseIds<I> {
    let mut by_hash: FxHashMap<u64, I> =
        FxHashMap::with_capacity_and_hasher(hashes.len() / 2, Default::default());
    let mut ids = DenseIds {
        id_of: Vec::with_capacity(hashes.len()),
        first: IdVec::new(),
    };
    for (i, &hash) in hashes.iter().enumerate() {
        let next = ids.first.next_id();
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
fn number_values<I: DenseId, T: Hash + Eq>(values: &[T], hashes: &[u64]) -> DenseIds<I> {
    let mut by_hash: FxHashMap<u64, I> =
        FxHashMap::with_capacity_and_hasher(values.len() / 2, Default::default());
    // Values whose hash another value had first: rare, so kept apart.
    let mut collided: FxHashMap<&T, I> = FxHashMap::default();
    let mut ids = DenseIds {
        id_of: Vec::with_capacity(values.len()),
        first: IdVec::new(),
    };
    for (i, (value, &hash)) in values.iter().zip(hashes).enumerate() {
        let next = ids.first.next_id();
        let id = match by_hash.get(&hash) {
            None => {
                by_hash.insert(hash, next);
                next
            }
            Some(&id) if values[ids.first[id]] == *value => id,
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
        let ids = dense_ids::<u32, _>(&["b", "a", "b", "c", "a"]);
        assert_eq!(ids.id_of, vec![0, 1, 0, 2, 1]);
        assert_eq!(ids.first.as_slice(), [0, 1, 3]);
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
        let ids = dense_ids::<u32, _>(&values);
        assert_eq!(ids.id_of, vec![0, 1, 0, 1, 2]);
        assert_eq!(ids.first.as_slice(), [0, 1, 4]);
    }

    #[test]
    fn an_id_vec_serialises_as_a_plain_sequence() {
        let v: IdVec<u32, &str> = vec!["a", "b"].into();
        assert_eq!(
            postcard::to_allocvec(&v).unwrap(),
            postcard::to_allocvec(&vec!["a", "b"]).unwrap()
        );
        let back: IdVec<u32, String> =
            postcard::from_bytes(&postcard::to_allocvec(&v).unwrap()).unwrap();
        assert_eq!(back[1], "b");
    }
}
