//! Reconciling: claims grouped by proposition, ordered in time, with
//! reversals and conflicts.
//!
//! # Grouping algorithm
//!
//! 0. Only dated claims are grouped (`dated.rs`); their distinct texts and
//!    speakers are numbered once.
//! 1. Every distinct claim text is reduced once to a [`Proposition`]
//!    (negation, guards, content words; see `proposition`). Texts that reduce
//!    to the same guards and content share a *key*: at a million claims
//!    there are far fewer keys than claims (`text_index.rs`).
//! 2. Candidate pairs of keys come from an inverted index, never from
//!    comparing every key with every other: keys are bucketed by their guard
//!    words (names, numbers, months, years must be equal anyway), and each
//!    key looks up only its two rarest content words in its bucket. A pair
//!    that is the same proposition shares every content word of the shorter
//!    side but typos and one extra word per four, so it shares one of those two
//!    rare words unless both are misspelt (`candidates.rs`).
//! 3. Each candidate pair is confirmed by [`same_proposition`]: equal guards,
//!    no substituted content word, at most one extra word per four
//!    (typo-level differences, Damerau-Levenshtein via strsim, count as equal).
//! 4. Confirmed pairs, and claims sharing a `topic`, are joined by union-find
//!    (`nodes.rs`, `union_find.rs`). Claims with different topics are never
//!    joined, however alike.
//! 5. Groups that tell one story in other words (headlines of one event)
//!    are merged by average linkage over the claims' word similarity,
//!    weakened by the days between their nearest claims (`story/`), never
//!    joining what steps 1 to 3 keep apart. The same rule holds in every
//!    corpus: there is no switch for the whole corpus.
//!
//! Each group's claim is its most frequent positive phrasing (ties: the
//! earliest); a claim phrased with the opposite polarity has its stance
//! flipped. Claims are ordered by date (a partial date at its first day),
//! then by the article's publication date, path, and position in the file
//! (`members.rs`).
//!
//! The `similar-claim` search of `check` and `add` uses the same index of
//! keys, kept in [`Reconciled`] (`similar.rs`).
//!
//! [`Proposition`]: crate::proposition::Proposition
//! [`same_proposition`]: crate::proposition::same_proposition

mod candidates;
mod dated;
mod ids;
mod members;
mod nodes;
mod semantic;
mod similar;
mod story;
mod text_index;
mod union_find;

#[cfg(test)]
mod tests;

use crate::speakers::PersonId;
use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::dense::DenseId;
use crate::model::{Annotation, Stance};
use crate::speakers::{Aliases, Speakers};
use dated::Dated;
use ids::{GroupId, PerClaim, TextId};
use nodes::Nodes;
use text_index::TextIndex;

pub use crate::stances::{Reversal, ReversalKind, Stances};
pub use semantic::{Embeddings, MERGE_SIMILARITY, SUGGEST_SIMILARITY, Suggestion};
pub use similar::similar_claim_problems;

/// A claim of the corpus, by position: `annotations[file].claims[index]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClaimAt {
    pub file: usize,
    pub index: usize,
}

/// One claim in a group: where it is, its stance relative to the group's
/// claim, and the person who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub at: ClaimAt,
    pub stance: Stance,
    pub person: PersonId,
    /// When it was said: only dated claims are grouped.
    pub date: PartialDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub claim: String,
    pub topic: Option<String>,
    pub members: Vec<Member>,
    /// Reversals, verdicts and conflicts of the people in the group.
    pub stances: Stances,
}

/// The reconciled corpus: groups in order of their first claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reconciled {
    pub groups: Vec<Group>,
    pub speakers: Speakers,
    /// Pairs of groups a model finds alike and the rules do not keep
    /// apart, left for a person to link or not (empty without a model).
    pub suggestions: Vec<Suggestion>,
    /// The model's fingerprint, when one proposed merges.
    pub model: Option<u64>,
    /// Per claim: its group; none for a claim without a date.
    group_of: PerClaim<GroupId>,
    /// Per claim: its distinct text; none for a claim without a date.
    text_of: PerClaim<TextId>,
    texts: TextIndex,
}

impl Reconciled {
    /// The group a claim is in (an index into `groups`); `None` for a claim
    /// without a valid date.
    pub fn group_of(&self, at: ClaimAt) -> Option<usize> {
        self.group_of.get(at).map(GroupId::index)
    }

    /// The result, with each dated claim's group and text kept per claim.
    fn new(
        annotations: &[Annotation],
        groups: Vec<Group>,
        speakers: Speakers,
        dated: &Dated,
        texts: TextIndex,
    ) -> Self {
        let mut group_of = PerClaim::none(annotations);
        for (g, group) in groups.iter().enumerate() {
            for m in &group.members {
                group_of.set(m.at, GroupId::from_index(g));
            }
        }
        let mut text_of = PerClaim::none(annotations);
        for (&at, &t) in dated.at.iter().zip(&dated.text) {
            text_of.set(at, t);
        }
        Reconciled {
            groups,
            speakers,
            suggestions: Vec::new(),
            model: None,
            group_of,
            text_of,
            texts,
        }
    }
}

/// The texts grouping would look up in [`Embeddings`]: those of the dated
/// claims, each once, in order of first appearance.
pub fn texts_to_embed(annotations: &[Annotation]) -> Vec<&str> {
    Dated::of(annotations).texts.iter().copied().collect()
}

/// Groups every dated claim of `annotations` by the words alone.
pub fn reconcile(annotations: &[Annotation], aliases: &Aliases) -> Reconciled {
    reconcile_with(annotations, aliases, None)
}

/// Groups every dated claim of `annotations`; with `embeddings`, a model
/// proposes merges of groups that the rules then vet (step 6, `semantic`).
pub fn reconcile_with(
    annotations: &[Annotation],
    aliases: &Aliases,
    embeddings: Option<&Embeddings>,
) -> Reconciled {
    let dated = Dated::of(annotations);
    let (speakers, person_of_name) = dated.people(aliases);
    let index = TextIndex::build(dated.texts.as_slice());
    let mut nodes = Nodes::join_propositions(&dated, &index);
    story::link_stories(&mut nodes, &dated, &index);
    let alike = embeddings
        .map(|e| semantic::link_meanings(&mut nodes, &dated, &index, e))
        .unwrap_or_default();
    // A claim of each root the suggestions name, to find its group below.
    let mut claim_of_root: rustc_hash::FxHashMap<ids::NodeId, ClaimAt> = Default::default();
    if !alike.is_empty() {
        for (item, &n) in nodes.of_item.iter().enumerate() {
            claim_of_root
                .entry(nodes.uf.find(n))
                .or_insert(dated.at[item]);
        }
    }
    let groups = members::ordered_groups(annotations, &dated, &mut nodes, &person_of_name, &index);
    let mut reconciled = Reconciled::new(annotations, groups, speakers, &dated, index);
    let group_of_root = |r| {
        claim_of_root
            .get(&r)
            .and_then(|&at| reconciled.group_of(at))
    };
    let mut suggestions: Vec<Suggestion> = alike
        .iter()
        .filter_map(|p| {
            let (a, b) = (group_of_root(p.a)?, group_of_root(p.b)?);
            Some(Suggestion {
                a: a.min(b),
                b: a.max(b),
                similarity: p.similarity,
            })
        })
        .collect();
    suggestions.sort_unstable_by_key(|s| (s.a, s.b));
    reconciled.suggestions = suggestions;
    reconciled.model = embeddings.map(|e| e.model);
    reconciled
}
