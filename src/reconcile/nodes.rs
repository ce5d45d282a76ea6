//! The grouping's nodes, one per (key, topic) of the dated claims, and the
//! joins that the spec's rules make: claims sharing a topic, texts sharing
//! a key, and keys that are the same proposition ([`same_proposition`],
//! through the candidate index). Claims with different topics are never
//! joined ([`UnionFind`]).
//!
//! [`same_proposition`]: crate::proposition::same_proposition

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::dated::Dated;
use super::ids::{KeyId, NodeId};
use super::text_index::TextIndex;
use super::union_find::UnionFind;
use crate::dense::{DenseId, IdVec};

pub(super) struct Nodes<'a> {
    pub(super) uf: UnionFind<'a>,
    /// Per dated claim (item): its node.
    pub(super) of_item: Vec<NodeId>,
    /// Per key: its nodes (one per topic its claims have), in order.
    pub(super) of_key: IdVec<KeyId, Vec<NodeId>>,
}

impl<'a> Nodes<'a> {
    /// The nodes of the dated claims, joined by topic, by key and by
    /// key pairs that are the same proposition.
    pub(super) fn join_propositions(dated: &Dated<'a>, index: &TextIndex) -> Self {
        let key_topic_of_item: Vec<(KeyId, Option<&'a str>)> = dated
            .text
            .iter()
            .enumerate()
            .map(|(item, &t)| (index.key_of_text[t], dated.claim(item).topic.as_deref()))
            .collect();
        // Numbered in sorted order so unions are deterministic.
        let mut listed = key_topic_of_item.clone();
        listed.sort_unstable();
        listed.dedup();
        let listed: IdVec<NodeId, (KeyId, Option<&str>)> = listed.into();
        let mut uf = UnionFind::new(listed.iter().map(|(_, t)| *t).collect());
        join_topics(&mut uf, &listed);
        let mut of_key: IdVec<KeyId, Vec<NodeId>> = IdVec::filled(Vec::new(), index.props.len());
        for (id, (key, _)) in listed.iter_enumerated() {
            of_key[*key].push(id);
        }
        join_keys(&mut uf, &of_key, index);
        let of_item = key_topic_of_item
            .par_iter()
            .map(|kt| NodeId::from_index(listed.as_slice().binary_search(kt).expect("listed")))
            .collect();
        Nodes {
            uf,
            of_item,
            of_key,
        }
    }
}

/// Joins every node of a topic with the first.
fn join_topics(uf: &mut UnionFind, listed: &IdVec<NodeId, (KeyId, Option<&str>)>) {
    let mut first_of_topic: HashMap<&str, NodeId> = HashMap::default();
    for (id, (_, topic)) in listed.iter_enumerated() {
        if let Some(t) = topic {
            let first = *first_of_topic.entry(t).or_insert(id);
            uf.union(first, id);
        }
    }
}

/// Joins the nodes of one key (texts that normalise alike), then those of
/// keys that are the same proposition.
fn join_keys(uf: &mut UnionFind, of_key: &IdVec<KeyId, Vec<NodeId>>, index: &TextIndex) {
    for ids in of_key {
        for w in ids.windows(2) {
            uf.union(w[0], w[1]);
        }
    }
    for (a, b) in index.similar_key_pairs() {
        for &x in &of_key[a] {
            for &y in &of_key[b] {
                uf.union(x, y);
            }
        }
    }
}
