//! Step 5 of grouping, for corpora where many claims are told once
//! (headlines): groups that tell one story in other words are merged by
//! average linkage over the claims' word similarity, weakened by the days
//! between them, never joining what the spec's rules keep apart.
//!
//! [`edges`] finds the pairs of keys that may tell one story and how alike
//! they are; [`merge`] merges groups along them.

mod edges;
mod merge;

use edges::{DaySpan, story_edges};
use merge::merge_stories;

use super::dated::Dated;
use super::ids::{KeyId, NodeId};
use super::nodes::Nodes;
use super::text_index::TextIndex;
use super::union_find::UnionFind;
use crate::dense::IdVec;
use crate::proposition::{one_word_swapped, story_near_miss};

/// Grouping by story ([`merge_stories`]) is for corpora where many claims
/// are told once: collections of headlines, each wording its story its own
/// way (Emergent: 90% of claims). Where nearly every claim shares its
/// proposition with others once names, numbers and rewordings are
/// normalised (annotators reusing a claim's text, wire copy, generated
/// corpora: under 5%), a claim told differently is a different proposition,
/// and linking stories would join near-misses that the spec keeps apart
/// ("... will back the farm bill" / "... will block the housing bill").
/// Below this share of claims alone in their group, stories are not linked.
const STORY_MIN_TOLD_ONCE: f64 = 0.25;

/// Where stories are linked, a group of at least this many claims is a
/// proposition told alike, and a story holds one such group at most: two of
/// them are two propositions, whatever words their claims share.
const STORY_TOLD_ALIKE: u32 = 3;

/// Merges the groups of `nodes` that tell one story, if the corpus is one
/// of claims told once ([`STORY_MIN_TOLD_ONCE`]).
pub(super) fn link_stories(nodes: &mut Nodes, dated: &Dated, index: &TextIndex) {
    let claims_of = claims_per_group(&mut nodes.uf, &nodes.of_item);
    let once = claims_of.iter().filter(|&&n| n == 1).count();
    if (once as f64) < STORY_MIN_TOLD_ONCE * nodes.of_item.len() as f64 {
        return;
    }
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
) -> (IdVec<KeyId, u32>, IdVec<KeyId, DaySpan>) {
    let keys = index.props.len();
    let mut claims_of_key = IdVec::filled(0u32, keys);
    let mut days_of_key = IdVec::filled(DaySpan::NONE, keys);
    for (item, &t) in dated.text.iter().enumerate() {
        let key = index.key_of_text[t];
        claims_of_key[key] += 1;
        if let Some(date) = dated.claim(item).date {
            days_of_key[key].widen(date);
        }
    }
    (claims_of_key, days_of_key)
}
