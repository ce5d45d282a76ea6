//! The ids grouping works with, one type per kind: a distinct claim text, a
//! proposition key, a speaker's name as written, a union-find node, a group.
//! Each is a `u32` counted from 0 (see [`crate::dense`]); kept apart by
//! type, a text id cannot index what is kept per key, nor a key id what is
//! kept per node.
//!
//! Also the per-claim tables of [`Reconciled`](super::Reconciled), where an
//! undated claim has no id: the marker for "none" is named once, here.

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

use super::ClaimAt;
use crate::dense::DenseId;
use crate::model::Annotation;

/// Declares `u32` newtypes implementing [`DenseId`], serialised as their
/// number (so the cache's bytes do not depend on the type).
macro_rules! dense_id {
    ($($(#[$meta:meta])* struct $name:ident;)*) => {$(
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub(super) struct $name(u32);

        impl DenseId for $name {
            fn from_raw(raw: u32) -> Self {
                $name(raw)
            }

            fn raw(self) -> u32 {
                self.0
            }
        }
    )*};
}

dense_id! {
    /// A distinct claim text among the dated claims, in order of first
    /// appearance.
    struct TextId;
    /// A proposition key: texts that normalise alike (equal guards and
    /// content words) share one. Numbered in order of their first text.
    struct KeyId;
    /// A distinct speaker name as written, in order of first appearance
    /// (people, which aliases join, are `usize` in [`crate::speakers`]).
    struct NameId;
    /// A node of the union-find: one per (key, topic) of the dated claims.
    struct NodeId;
    /// A group, by its place in [`Reconciled::groups`](super::Reconciled).
    struct GroupId;
}

/// Per claim of the corpus (`[file][index]`), an id of kind `I`, or none:
/// claims without a date are neither grouped nor given a text id.
/// Serialised as the plain numbers, with `u32::MAX` for none.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub(super) struct PerClaim<I> {
    ids: Vec<Vec<u32>>,
    #[serde(skip)]
    kind: PhantomData<fn(I) -> I>,
}

impl<I: DenseId> PerClaim<I> {
    /// The marker of a claim without an id.
    const NONE: u32 = u32::MAX;

    /// A table in which no claim of `annotations` has an id yet.
    pub(super) fn none(annotations: &[Annotation]) -> Self {
        PerClaim {
            ids: annotations
                .iter()
                .map(|a| vec![Self::NONE; a.claims.len()])
                .collect(),
            kind: PhantomData,
        }
    }

    pub(super) fn set(&mut self, at: ClaimAt, id: I) {
        self.ids[at.file][at.index] = id.raw();
    }

    /// The claim's id; `None` for a claim without one, or not in the table.
    pub(super) fn get(&self, at: ClaimAt) -> Option<I> {
        let raw = *self.ids.get(at.file)?.get(at.index)?;
        (raw != Self::NONE).then(|| I::from_raw(raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache holds these tables: typed, they must keep the bytes of
    /// the plain numbers they replaced.
    #[test]
    fn ids_and_tables_serialise_as_plain_numbers() {
        let ids = vec![TextId::from_raw(3), TextId::from_raw(300)];
        assert_eq!(
            postcard::to_allocvec(&ids).unwrap(),
            postcard::to_allocvec(&vec![3u32, 300]).unwrap()
        );
        let mut table = PerClaim::<GroupId> {
            ids: vec![vec![PerClaim::<GroupId>::NONE; 2]],
            kind: PhantomData,
        };
        table.set(ClaimAt { file: 0, index: 1 }, GroupId::from_raw(7));
        assert_eq!(
            postcard::to_allocvec(&table).unwrap(),
            postcard::to_allocvec(&vec![vec![u32::MAX, 7]]).unwrap()
        );
        assert_eq!(table.get(ClaimAt { file: 0, index: 0 }), None);
        assert_eq!(
            table.get(ClaimAt { file: 0, index: 1 }),
            Some(GroupId::from_raw(7))
        );
        assert_eq!(table.get(ClaimAt { file: 1, index: 0 }), None);
    }
}
