//! Step 5 of grouping: groups that tell one story in other words (headlines
//! of one event) are merged by average linkage over the claims' word
//! similarity, weakened by the days between their nearest claims, never
//! joining what the spec's rules keep apart.
//!
//! [`edges`] finds the pairs of keys that may tell one story and how alike
//! they are; [`merge`] merges groups along them.

mod edges;
mod merge;

use edges::{KeyDays, story_edges};
use merge::merge_stories;

use super::dated::Dated;
use super::ids::{KeyId, NodeId};
use super::nodes::Nodes;
use super::text_index::TextIndex;
use super::union_find::UnionFind;
use crate::dense::IdVec;
use crate::proposition::{one_word_swapped, story_near_miss};

/// A group of at least this many claims is a
/// proposition told alike, and a story holds one such group at most: two of
/// them are two propositions, whatever words their claims share.
const STORY_TOLD_ALIKE: u32 = 3;

/// Merges the groups of `nodes` that tell one story. Whether two groups
/// merge depends on their own claims (and on how rare their words are in
/// the corpus), never on a share of the whole corpus: up to v5 stories
/// were linked only where a quarter of the claims were told once, so one
/// claim added anywhere could regroup claims elsewhere (issue 24). What
/// keeps corpora of propositions told many times apart now is time: two
/// keys are as near as their nearest claims (`KeyDays`).
pub(super) fn link_stories(nodes: &mut Nodes, dated: &Dated, index: &TextIndex) {
    let claims_of = claims_per_group(&mut nodes.uf, &nodes.of_item);
    let first_node_of_key: IdVec<KeyId, NodeId> = nodes.of_key.iter().map(|ids| ids[0]).collect();
    let props = &index.props;
    let (claims_of_key, days_of_key) = claims_and_days_of_keys(dated, index);
    merge_stories(
        &mut nodes.uf,
        &first_node_of_key,
        &claims_of_key,
        &story_edges(props, &days_of_key),
        |root| claims_of[root] >= STORY_TOLD_ALIKE,
        |a, b| story_near_miss(&props[a], &props[b]),
        |a, b| one_word_swapped(&props[a], &props[b]),
    );
}

/// Per union-find root: how many claims its group holds so far.
fn claims_per_group(uf: &mut UnionFind, node_of_item: &[NodeId]) -> IdVec<NodeId, u32> {
    let mut claims_of = IdVec::filled(0u32, uf.len());
    for &n in node_of_item {
        claims_of[uf.find(n)] += 1;
    }
    claims_of
}

/// Per key: how many claims it has, and the days they span.
fn claims_and_days_of_keys(
    dated: &Dated,
    index: &TextIndex,
) -> (IdVec<KeyId, u32>, IdVec<KeyId, KeyDays>) {
    let keys = index.props.len();
    let mut claims_of_key = IdVec::filled(0u32, keys);
    let mut days_of_key = IdVec::filled(KeyDays::default(), keys);
    for (item, &t) in dated.text.iter().enumerate() {
        let key = index.key_of_text[t];
        claims_of_key[key] += 1;
        if let Some(date) = dated.claim(item).date {
            days_of_key[key].add(date);
        }
    }
    for days in days_of_key.iter_mut() {
        days.finish();
    }
    (claims_of_key, days_of_key)
}
