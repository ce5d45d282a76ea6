//! Distinct claim texts reduced to propositions, and the propositions that
//! normalise alike sharing a key: what grouping compares, once per key
//! rather than once per claim (at a million claims there are far fewer
//! keys than claims).

use std::sync::OnceLock;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::candidates::Candidates;
use super::ids::{KeyId, TextId};
use crate::dense::{IdVec, dense_ids};
use crate::proposition::{
    Lexicon, PackedTokens, Proposition, Tokens, WordText, near_proposition, same_proposition,
};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct TextIndex {
    /// Per distinct text: its key.
    pub(super) key_of_text: IdVec<TextId, KeyId>,
    /// Per distinct text: whether it is phrased as a negation.
    pub(super) text_negated: IdVec<TextId, bool>,
    /// Per key: the proposition of its first text.
    pub(super) props: IdVec<KeyId, Proposition>,
    /// The index of the keys and the candidate pairs it finds, made once
    /// for grouping and kept for `check`'s search of near pairs. Not in the
    /// on-disk cache: a warm run reuses the cached groups and warnings, and
    /// needs it only when the warnings are stale.
    #[serde(skip)]
    candidates: OnceLock<Candidates>,
}

impl TextIndex {
    /// The index of `texts`, the distinct texts in id order.
    pub(super) fn build(texts: &[&str]) -> Self {
        let props = propositions(texts);
        // Texts that normalise alike share a key: equal guards and content words.
        let keys: Vec<(&[WordText], &[WordText])> = props
            .iter()
            .map(|p| (p.guards.as_slice(), p.content.as_slice()))
            .collect();
        let ids = dense_ids::<KeyId, _>(&keys);
        drop(keys);
        let text_negated = props.iter().map(|p| p.negated).collect();
        // Keys are numbered in order of their first text, so keeping each
        // key's first text in order keeps them in key order.
        let mut first = vec![false; props.len()];
        for &i in &ids.first {
            first[i] = true;
        }
        let props: IdVec<KeyId, Proposition> = props
            .into_par_iter()
            .zip(first)
            .filter_map(|(p, first)| first.then_some(p))
            .collect();
        TextIndex {
            key_of_text: ids.id_of.into(),
            text_negated,
            props,
            candidates: OnceLock::new(),
        }
    }

    fn candidates(&self) -> &Candidates {
        self.candidates.get_or_init(|| Candidates::of(&self.props))
    }

    /// Key pairs (a < b) that are the same proposition, found through the
    /// inverted index of rare content words within each guard bucket.
    pub(super) fn similar_key_pairs(&self) -> Vec<(KeyId, KeyId)> {
        let mut pairs: Vec<(KeyId, KeyId)> = self
            .candidates()
            .same_bucket
            .par_iter()
            .copied()
            .filter(|&(a, b)| same_proposition(&self.props[a], &self.props[b]))
            .collect();
        pairs.sort_unstable();
        pairs
    }

    /// Key pairs near enough for a `similar-claim` warning: candidates from
    /// the guard buckets, and keys whose guards differ in one word.
    pub(super) fn near_key_pairs(&self) -> Vec<(KeyId, KeyId)> {
        let Candidates {
            interned,
            same_bucket,
        } = self.candidates();
        let mut candidates = same_bucket.clone();
        candidates.extend(interned.one_guard_apart_pairs());
        candidates.sort_unstable();
        candidates.dedup();
        let mut pairs: Vec<(KeyId, KeyId)> = candidates
            .into_par_iter()
            .filter(|&(a, b)| near_proposition(&self.props[a], &self.props[b]))
            .collect();
        pairs.sort_unstable();
        pairs
    }
}

/// Per text, its proposition. Each text is tokenised once, kept packed
/// while the lexicon (which needs every text) is built, and unpacked for
/// its proposition.
fn propositions(texts: &[&str]) -> Vec<Proposition> {
    let tokens: Vec<PackedTokens> = texts.par_iter().map(|t| Tokens::of(t).pack()).collect();
    // Few, large pieces: merging lexicons costs more than filling them.
    let piece = tokens.len().div_ceil(rayon::current_num_threads()).max(1);
    let lexicon = tokens
        .par_iter()
        .with_min_len(piece)
        .fold(Lexicon::default, |mut lex, t| {
            lex.observe_packed(t);
            lex
        })
        .reduce(Lexicon::default, Lexicon::merge);
    tokens
        .into_par_iter()
        .map_init(Tokens::default, |buffer, t| {
            t.unpack_into(buffer);
            Proposition::from_tokens(buffer, &lexicon)
        })
        .collect()
}
