//! Merging groups that tell one story, by average linkage over the
//! [`StoryEdge`]s between their keys.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap as HashMap;

use super::super::ids::{KeyId, NodeId};
use super::super::union_find::UnionFind;
use super::edges::StoryEdge;
use crate::dense::IdVec;

/// Two groups of claims are one story when the average similarity of the
/// claim pairs across them ([`story_edges`](super::edges::story_edges); a
/// pair that is not an edge counts as 0) is at least this (tuned on
/// Emergent's train split and its 60-claim folds; see EVALUATION.md).
const STORY_SIMILARITY: f64 = 0.05;

/// Two groups do not merge when more than this share of the key pairs
/// across them have one content word swapped ("library" / "stadium", all
/// else equal). The spec keeps names, numbers and dates apart whatever the
/// story; a swapped word in a headline is as often a paraphrase
/// ("executes" / "beheads"), so it refuses a merge only when such pairs are
/// common across the two groups, as they are between two propositions told
/// in many words, and not when one pair among many is.
const STORY_SWAP_SHARE: f64 = 0.25;

/// Largest number of key pairs checked for conflicts before two groups
/// merge as one story; larger merges are refused, which bounds the work.
const MAX_STORY_CHECKS: usize = 4_096;

/// Merges groups of claims that tell one story, by average linkage: the
/// two groups whose claims are most similar on average (`edges`, weighted
/// by each key's number of claims) merge first, as long as that average is
/// at least [`STORY_SIMILARITY`] and some pair across them is alike in
/// content (`StoryEdge::alike_in_content`). Two groups do not merge when a
/// pair across them conflicts (`conflict`: the same claim but for a number, date or
/// name), so that a story never joins what the rules keep apart; when many
/// pairs across them have a word swapped (`swapped`, [`STORY_SWAP_SHARE`]);
/// or when both hold a proposition told alike (`told_alike`, by the root of
/// a group before any story merge; `STORY_TOLD_ALIKE`). Merging on a
/// single link instead chains unrelated stories through shared words.
pub(super) fn merge_stories(
    uf: &mut UnionFind,
    node_of_key: &IdVec<KeyId, NodeId>,
    claims_of_key: &IdVec<KeyId, u32>,
    edges: &[StoryEdge],
    told_alike: impl Fn(NodeId) -> bool,
    conflict: impl Fn(KeyId, KeyId) -> bool,
    swapped: impl Fn(KeyId, KeyId) -> bool,
) {
    if edges.is_empty() {
        return;
    }
    let mut stories = Stories::of(uf, node_of_key, claims_of_key, edges, told_alike);
    let mut queue = stories.queue();
    while let Some((bits, Reverse((ra, rb)))) = queue.pop() {
        if f64::from_bits(bits) < STORY_SIMILARITY {
            break;
        }
        if stories.is_stale(ra, rb, bits) || stories.refuses(ra, rb, &conflict, &swapped) {
            continue;
        }
        uf.union(ra, rb);
        let keep = uf.find(ra);
        if keep != uf.find(rb) {
            continue; // different topics
        }
        let gone = if keep == ra { rb } else { ra };
        stories.absorb(keep, gone);
        stories.requeue(keep, &mut queue);
    }
}

/// Candidate merges, best average first (ties: lower roots first). An
/// entry is stale once either group has merged, which its average no
/// longer matching tells. Non-negative floats order as their bits do.
type Queue = BinaryHeap<(u64, Reverse<(NodeId, NodeId)>)>;

/// Per group with an edge, by its root: its keys, its number of claims,
/// whether it holds a proposition told alike, and its link with each
/// neighbouring group.
struct Stories {
    keys_of: HashMap<NodeId, Vec<KeyId>>,
    claims_in: HashMap<NodeId, f64>,
    alike_in: HashMap<NodeId, bool>,
    linked: HashMap<NodeId, HashMap<NodeId, Link>>,
}

/// What links two groups: the summed similarity of the claim pairs across
/// them, and whether any of those pairs is alike in content.
#[derive(Debug, Clone, Copy, Default)]
struct Link {
    similarity: f64,
    alike_in_content: bool,
}

impl Link {
    fn add(&mut self, other: Link) {
        self.similarity += other.similarity;
        self.alike_in_content |= other.alike_in_content;
    }
}

impl Stories {
    fn of(
        uf: &mut UnionFind,
        node_of_key: &IdVec<KeyId, NodeId>,
        claims_of_key: &IdVec<KeyId, u32>,
        edges: &[StoryEdge],
        told_alike: impl Fn(NodeId) -> bool,
    ) -> Self {
        let mut keys_of: HashMap<NodeId, Vec<KeyId>> = HashMap::default();
        for edge in edges {
            for k in [edge.a, edge.b] {
                keys_of.entry(uf.find(node_of_key[k])).or_default();
            }
        }
        for (k, &node) in node_of_key.iter_enumerated() {
            if let Some(keys) = keys_of.get_mut(&uf.find(node)) {
                keys.push(k);
            }
        }
        let claims_in = keys_of
            .iter()
            .map(|(&root, keys)| {
                let n: u32 = keys.iter().map(|&k| claims_of_key[k]).sum();
                (root, f64::from(n))
            })
            .collect();
        let alike_in = keys_of
            .keys()
            .map(|&root| (root, told_alike(root)))
            .collect();
        let mut stories = Stories {
            keys_of,
            claims_in,
            alike_in,
            linked: HashMap::default(),
        };
        for edge in edges {
            let (ra, rb) = (uf.find(node_of_key[edge.a]), uf.find(node_of_key[edge.b]));
            if ra != rb {
                let link = Link {
                    similarity: edge.similarity
                        * f64::from(claims_of_key[edge.a])
                        * f64::from(claims_of_key[edge.b]),
                    alike_in_content: edge.alike_in_content,
                };
                stories.add_link(ra, rb, link);
            }
        }
        stories
    }

    /// Adds `link` between the groups of roots `a` and `b`, both ways.
    fn add_link(&mut self, a: NodeId, b: NodeId, link: Link) {
        self.linked
            .entry(a)
            .or_default()
            .entry(b)
            .or_default()
            .add(link);
        self.linked
            .entry(b)
            .or_default()
            .entry(a)
            .or_default()
            .add(link);
    }

    fn link(&self, a: NodeId, b: NodeId) -> Link {
        self.linked
            .get(&a)
            .and_then(|m| m.get(&b))
            .copied()
            .unwrap_or_default()
    }

    /// The average similarity of the claim pairs across two groups.
    fn average(&self, a: NodeId, b: NodeId) -> f64 {
        self.link(a, b).similarity / (self.claims_in[&a] * self.claims_in[&b])
    }

    /// Every candidate merge.
    fn queue(&self) -> Queue {
        let mut queue = Queue::new();
        for (&a, near) in &self.linked {
            for &b in near.keys().filter(|&&b| a < b) {
                queue.push((self.average(a, b).to_bits(), Reverse((a, b))));
            }
        }
        queue
    }

    /// Whether a queued merge of `ra` and `rb` at the average `bits` is
    /// stale: either has merged since.
    fn is_stale(&self, ra: NodeId, rb: NodeId, bits: u64) -> bool {
        !self.keys_of.contains_key(&ra)
            || !self.keys_of.contains_key(&rb)
            || self.average(ra, rb).to_bits() != bits
    }

    /// Whether the groups of `ra` and `rb` must stay apart: both hold a
    /// proposition told alike, no pair across them is alike in content,
    /// there are too many pairs to check, a pair conflicts, or too many
    /// have a word swapped.
    fn refuses(
        &self,
        ra: NodeId,
        rb: NodeId,
        conflict: impl Fn(KeyId, KeyId) -> bool,
        swapped: impl Fn(KeyId, KeyId) -> bool,
    ) -> bool {
        if self.alike_in[&ra] && self.alike_in[&rb] || !self.link(ra, rb).alike_in_content {
            return true;
        }
        let (ka, kb) = (&self.keys_of[&ra], &self.keys_of[&rb]);
        let cross = ka.len() * kb.len();
        if cross > MAX_STORY_CHECKS {
            return true;
        }
        let mut swaps = 0u32;
        let refused = ka.iter().any(|&x| {
            kb.iter().any(|&y| {
                swaps += u32::from(swapped(x, y));
                conflict(x, y)
            })
        });
        refused || f64::from(swaps) > STORY_SWAP_SHARE * cross as f64
    }

    /// The group of root `gone` has merged into that of `keep`.
    fn absorb(&mut self, keep: NodeId, gone: NodeId) {
        let alike = self.alike_in.remove(&gone).unwrap_or(false);
        *self.alike_in.entry(keep).or_default() |= alike;
        let moved = self.keys_of.remove(&gone).unwrap_or_default();
        self.keys_of.entry(keep).or_default().extend(moved);
        let claims = self.claims_in.remove(&gone).unwrap_or(0.0);
        *self.claims_in.entry(keep).or_default() += claims;
        for (other, l) in self.linked.remove(&gone).unwrap_or_default() {
            if let Some(m) = self.linked.get_mut(&other) {
                m.remove(&gone);
            }
            if other == keep {
                continue;
            }
            self.add_link(keep, other, l);
        }
    }

    /// Queues the merges of the group of `keep` with its neighbours anew.
    fn requeue(&self, keep: NodeId, queue: &mut Queue) {
        if let Some(near) = self.linked.get(&keep) {
            for &other in near.keys() {
                let avg = self.average(keep, other);
                queue.push((avg.to_bits(), Reverse((keep.min(other), keep.max(other)))));
            }
        }
    }
}
