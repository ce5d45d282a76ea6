//! The candidate index: pairs of keys worth comparing, found without
//! comparing every key with every other. Keys are bucketed by their guard
//! words (names, numbers, months, years must be equal anyway), and each key
//! looks up only its two rarest content words in its bucket. A pair that is
//! the same proposition shares every content word of the shorter side but
//! typos and one extra word per four, so it shares one of those two rare
//! words unless both are misspelt. For `similar-claim`, keys whose guards
//! differ in one word are candidates too.

use rayon::prelude::*;

use super::ids::KeyId;
use crate::dense::{DenseId, IdVec, dense_ids};
use crate::proposition::{Proposition, WordText};

/// A word shared by more keys than this is not used to find candidates
/// beyond its first entries: it says little, and would make the search quadratic.
pub(super) const MAX_POSTINGS: usize = 200;

/// Keys that differ in one guard word are compared when their family has at
/// most this many keys. A larger family ("Bridge 1 will open" ... "Bridge
/// 10000 will open") is a series, not a slip of the pen: warning about it
/// would be noise, and comparing all of it pair by pair quadratic.
const MAX_SIBLINGS: usize = 16;

/// What grouping and the search of near pairs both start from.
#[derive(Debug, Clone)]
pub(super) struct Candidates {
    pub(super) interned: Interned,
    /// [`Interned::same_bucket_pairs`].
    pub(super) same_bucket: Vec<(KeyId, KeyId)>,
}

impl Candidates {
    pub(super) fn of(props: &IdVec<KeyId, Proposition>) -> Self {
        let interned = Interned::of(props);
        let same_bucket = interned.same_bucket_pairs();
        Candidates {
            interned,
            same_bucket,
        }
    }
}

/// Keys with guard sets and words replaced by small integers, for indexing.
#[derive(Debug, Clone)]
pub(super) struct Interned {
    /// Per key: its guard words.
    guards: IdVec<KeyId, Vec<u32>>,
    /// Per key: the id of its guard set (its bucket).
    bucket: IdVec<KeyId, u32>,
    /// Per key: its distinct content words, sorted by rarity (rarest first).
    words: IdVec<KeyId, Vec<u32>>,
    /// Per key: its content words in order (with repeats), as a signature.
    content: IdVec<KeyId, Vec<u32>>,
}

impl Interned {
    fn of(keys: &IdVec<KeyId, Proposition>) -> Interned {
        // Word ids in order of first appearance, key by key, guards before
        // content words: rarity ties below are broken by id.
        let all: Vec<&str> = keys
            .iter()
            .flat_map(|p| p.guards.iter().chain(&p.content).map(WordText::as_str))
            .collect();
        let word_ids = dense_ids::<u32, _>(&all);
        let word_count = word_ids.count();
        let id_of = word_ids.id_of;
        let guard_sets: Vec<&[WordText]> = keys.iter().map(|p| p.guards.as_slice()).collect();
        let bucket = dense_ids::<u32, _>(&guard_sets).id_of.into();
        // Per key: where its guards start, where its content words start,
        // and where both end, in `id_of`.
        let mut start = 0;
        let spans: Vec<(usize, usize, usize)> = keys
            .iter()
            .map(|p| {
                let span = (
                    start,
                    start + p.guards.len(),
                    start + p.guards.len() + p.content.len(),
                );
                start = span.2;
                span
            })
            .collect();
        let (guards, content): (Vec<Vec<u32>>, Vec<Vec<u32>>) = spans
            .par_iter()
            .map(|&(s, c, e)| (id_of[s..c].to_vec(), id_of[c..e].to_vec()))
            .unzip();
        let mut words: Vec<Vec<u32>> = content
            .par_iter()
            .map(|c| {
                let mut distinct = c.clone();
                distinct.sort_unstable();
                distinct.dedup();
                distinct
            })
            .collect();
        // Document frequency over keys, then each key's words rarest first.
        let mut df = vec![0u32; word_count];
        for ws in &words {
            for &w in ws {
                df[w as usize] += 1;
            }
        }
        words
            .par_iter_mut()
            .for_each(|ws| ws.sort_by_key(|&w| (df[w as usize], w)));
        Interned {
            guards: guards.into(),
            bucket,
            words: words.into(),
            content: content.into(),
        }
    }

    /// Pairs in one guard bucket that share one of either key's two rarest
    /// content words; and keys without content words in one bucket.
    fn same_bucket_pairs(&self) -> Vec<(KeyId, KeyId)> {
        // Postings by sorting rather than in a map: each run of one
        // (bucket, word) lists the keys that have that word, in key order.
        let mut postings: Vec<(u32, u32, KeyId)> = self
            .words
            .as_slice()
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, ws)| {
                let id = KeyId::from_index(id);
                ws.iter().map(move |&w| (self.bucket[id], w, id))
            })
            .collect();
        postings.par_sort_unstable();
        let runs: Vec<&[(u32, u32, KeyId)]> =
            postings.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)).collect();
        let mut pairs: Vec<(KeyId, KeyId)> = runs
            .par_iter()
            .flat_map_iter(|run| {
                let word = run[0].1;
                run.iter()
                    .map(|&(_, _, id)| id)
                    .filter(move |&id| self.words[id].iter().take(2).any(|&w| w == word))
                    .flat_map(move |id| {
                        run.iter()
                            .take(MAX_POSTINGS)
                            .filter(move |other| other.2 != id)
                            .map(move |other| (id.min(other.2), id.max(other.2)))
                    })
            })
            .collect();
        let mut no_content: Vec<(u32, KeyId)> = self
            .words
            .ids()
            .filter(|&id| self.words[id].is_empty())
            .map(|id| (self.bucket[id], id))
            .collect();
        no_content.sort_unstable();
        pairs.extend(
            no_content
                .windows(2)
                .filter(|w| w[0].0 == w[1].0)
                .map(|w| (w[0].1, w[1].1)),
        );
        pairs.par_sort_unstable();
        pairs.dedup();
        pairs
    }

    /// Pairs with the same content words whose guards are equal but for one
    /// word each: every key is filed under its content with each guard left
    /// out in turn, and keys filed together are candidates. Filing is by a
    /// hash of the two, sorted, rather than in a map of owned word lists:
    /// at a million keys the map was the peak of `check`'s memory. A hash
    /// collision only adds a candidate, which
    /// [`near_proposition`](crate::proposition::near_proposition) rejects.
    pub(super) fn one_guard_apart_pairs(&self) -> Vec<(KeyId, KeyId)> {
        use std::hash::{Hash, Hasher};
        let mut filed: Vec<(u64, KeyId)> = self
            .guards
            .as_slice()
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, guards)| {
                let id = KeyId::from_index(id);
                let content = &self.content[id];
                (0..guards.len()).map(move |skip| {
                    let mut h = rustc_hash::FxHasher::default();
                    content.hash(&mut h);
                    for (i, g) in guards.iter().enumerate() {
                        if i != skip {
                            g.hash(&mut h);
                        }
                    }
                    (h.finish(), id)
                })
            })
            .collect();
        filed.par_sort_unstable();
        let mut pairs = Vec::new();
        for run in filed.chunk_by(|a, b| a.0 == b.0) {
            if run.len() > MAX_SIBLINGS {
                continue;
            }
            for (i, &(_, a)) in run.iter().enumerate() {
                for &(_, b) in &run[i + 1..] {
                    if a != b {
                        pairs.push((a.min(b), a.max(b)));
                    }
                }
            }
        }
        pairs
    }
}
