//! Union-find over the grouping's nodes, in which a set may carry a topic:
//! sets with different topics are never joined, however alike their claims.

use super::ids::NodeId;
use crate::dense::IdVec;

pub(super) struct UnionFind<'t> {
    parent: IdVec<NodeId, NodeId>,
    topic: IdVec<NodeId, Option<&'t str>>,
}

impl<'t> UnionFind<'t> {
    /// One set per node, each with the node's topic.
    pub(super) fn new(topics: IdVec<NodeId, Option<&'t str>>) -> Self {
        UnionFind {
            parent: topics.ids().collect(),
            topic: topics,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.parent.len()
    }

    pub(super) fn find(&mut self, mut x: NodeId) -> NodeId {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `a` and `b` (the lower root stays the root),
    /// unless their topics differ.
    pub(super) fn union(&mut self, a: NodeId, b: NodeId) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        match (self.topic[ra], self.topic[rb]) {
            (Some(x), Some(y)) if x != y => {}
            (ta, tb) => {
                let (keep, gone) = (ra.min(rb), ra.max(rb));
                self.parent[gone] = keep;
                self.topic[keep] = ta.or(tb);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dense::DenseId;

    fn node(i: u32) -> NodeId {
        NodeId::from_raw(i)
    }

    #[test]
    fn different_topics_never_join_even_through_a_third() {
        let mut uf = UnionFind::new(vec![Some("a"), None, Some("b")].into());
        uf.union(node(0), node(1));
        uf.union(node(1), node(2));
        assert_eq!(uf.find(node(1)), node(0));
        assert_eq!(uf.find(node(2)), node(2));
    }
}
