//! Pairs of keys that may tell one story, and how alike they are: the
//! IDF-weighted Jaccard similarity of their words, widened by the words of
//! their nearest keys, times how near in time they were told.

use chrono::Datelike;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::super::candidates::MAX_POSTINGS;
use super::super::ids::KeyId;
use crate::dense::IdVec;
use crate::proposition::{
    Proposition, STORY_MIN_WORDS, other_names_alike, short_claim_altered, story_words,
};

/// The similarity of two claims is divided by e for every this many days
/// between them: headlines of one story are mostly written within a few
/// days (Emergent's train split: 91% of the pairs of headlines of one claim
/// are at most 7 days apart, against 8% of other pairs), and two claims a
/// season apart that share words are seldom one story. It only weakens the
/// link between wordings: claims of one proposition group whenever told.
const STORY_DAYS: f64 = 7.0;

/// Two groups merge only if the content words alone of some pair across
/// them (without names, numbers and dates) have an IDF-weighted Jaccard
/// similarity of at least this: claims that share only a subject ("Jessica
/// Jones season 2 focuses on the supporting characters" / "The premiere
/// date of Jessica Jones season 2 is announced") say different things.
const STORY_CONTENT_SIMILARITY: f64 = 0.1;

/// Each key is compared with at most this many keys that share a word
/// with it, the most similar.
const STORY_CANDIDATES: usize = 50;

/// The similarity is computed with each key's words widened by those of
/// its this many most similar keys ...
const STORY_NEIGHBOURS: usize = 5;

/// ... weighted by their similarity times this.
const STORY_EXPANSION: f64 = 1.0;

/// Two keys that may tell one story ([`story_edges`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct StoryEdge {
    pub(super) similarity: f64,
    pub(super) a: KeyId,
    pub(super) b: KeyId,
    /// Whether their content words alone have a similarity of at least
    /// [`STORY_CONTENT_SIMILARITY`].
    pub(super) alike_in_content: bool,
}

/// Pairs of keys with content words ([`STORY_MIN_WORDS`]) that may tell
/// one story, in key order: each key is paired with its
/// [`STORY_CANDIDATES`] most similar keys (and with any key that counts
/// it among its own), unless they say much the same of different named
/// things ([`other_names_alike`]). Their similarity is the IDF-weighted
/// Jaccard similarity of their story words, each key's widened by those
/// of its [`STORY_NEIGHBOURS`] most similar keys, times how near in time
/// they were told ([`STORY_DAYS`]).
pub(super) fn story_edges(
    props: &IdVec<KeyId, Proposition>,
    days_of_key: &IdVec<KeyId, KeyDays>,
) -> Vec<StoryEdge> {
    let long: Vec<KeyId> = props
        .ids()
        .filter(|&k| props[k].content.len() >= STORY_MIN_WORDS)
        .collect();
    if long.len() < 2 {
        return Vec::new();
    }
    let words = StoryWords::of(props, &long);
    let nearest = words.nearest();
    let pairs = candidate_pairs(&nearest);
    let bags = words.expanded_bags(nearest);
    let bag_totals: Vec<f64> = bags.iter().map(|b| total_weight(b, any)).collect();
    pairs
        .into_par_iter()
        .filter_map(|(i, j)| {
            let (i, j) = (i as usize, j as usize);
            let (a, b) = (long[i], long[j]);
            if short_claim_altered(&props[a], &props[b]) || other_names_alike(&props[a], &props[b])
            {
                return None;
            }
            let expanded = jaccard(
                shared_weight(&bags[i], &bags[j], any),
                bag_totals[i],
                bag_totals[j],
            );
            let days = days_of_key[a].days_from(&days_of_key[b]);
            let similarity = expanded * (-days / STORY_DAYS).exp();
            (similarity > 0.0).then_some(StoryEdge {
                similarity,
                a,
                b,
                alike_in_content: words.content_similarity(i, j) >= STORY_CONTENT_SIMILARITY,
            })
        })
        .collect()
}

/// The story words of the keys with content words (the `long` keys),
/// interned, and weighted by IDF. Keys are numbered here by their place
/// among the long keys.
struct StoryWords {
    /// Per long key: its word ids, sorted.
    words: Vec<Vec<u32>>,
    /// Per word: whether it is a guard word.
    is_guard: Vec<bool>,
    /// Per word: its inverse document frequency over the long keys.
    idf: Vec<f64>,
    /// Per word: the long keys that have it, unless more than
    /// [`MAX_POSTINGS`] do.
    postings: Vec<Vec<u32>>,
    /// Per long key: its words weighted by IDF.
    own: Vec<Vec<(u32, f64)>>,
    /// Per long key: the weight of its words ...
    totals: Vec<f64>,
    /// ... and of its content words alone.
    content_totals: Vec<f64>,
}

impl StoryWords {
    fn of(props: &IdVec<KeyId, Proposition>, long: &[KeyId]) -> Self {
        // Content words and guards are interned apart: "may" the month is
        // not "may" the verb, and only content words say what is claimed.
        let mut word_ids: HashMap<(bool, &str), u32> = HashMap::default();
        let mut is_guard: Vec<bool> = Vec::new();
        let words: Vec<Vec<u32>> = long
            .iter()
            .map(|&k| {
                let (content, guards) = story_words(&props[k]);
                let mut ws: Vec<u32> = content
                    .into_iter()
                    .map(|w| (false, w))
                    .chain(guards.into_iter().map(|w| (true, w)))
                    .map(|key| {
                        let n = word_ids.len() as u32;
                        *word_ids.entry(key).or_insert_with(|| {
                            is_guard.push(key.0);
                            n
                        })
                    })
                    .collect();
                ws.sort_unstable();
                ws
            })
            .collect();
        let mut df = vec![0u32; word_ids.len()];
        for ws in &words {
            for &w in ws {
                df[w as usize] += 1;
            }
        }
        let n = long.len() as f64;
        let idf: Vec<f64> = df.iter().map(|&d| (n / f64::from(d)).ln()).collect();
        // Candidates share a word that at most MAX_POSTINGS keys have: a
        // commoner word weighs little in the similarity, and indexing it
        // would make the search quadratic.
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); word_ids.len()];
        for (i, ws) in words.iter().enumerate() {
            for &w in ws {
                if df[w as usize] as usize <= MAX_POSTINGS {
                    postings[w as usize].push(i as u32);
                }
            }
        }
        let own: Vec<Vec<(u32, f64)>> = words
            .iter()
            .map(|ws| ws.iter().map(|&w| (w, idf[w as usize])).collect())
            .collect();
        let content = |w: u32| !is_guard[w as usize];
        let totals: Vec<f64> = own.iter().map(|b| total_weight(b, any)).collect();
        let content_totals: Vec<f64> = own.iter().map(|b| total_weight(b, content)).collect();
        StoryWords {
            words,
            is_guard,
            idf,
            postings,
            own,
            totals,
            content_totals,
        }
    }

    /// The similarity of two long keys' own words.
    fn similarity(&self, i: usize, j: usize) -> f64 {
        jaccard(
            shared_weight(&self.own[i], &self.own[j], any),
            self.totals[i],
            self.totals[j],
        )
    }

    /// The similarity of two long keys' content words alone.
    fn content_similarity(&self, i: usize, j: usize) -> f64 {
        let content = |w: u32| !self.is_guard[w as usize];
        jaccard(
            shared_weight(&self.own[i], &self.own[j], content),
            self.content_totals[i],
            self.content_totals[j],
        )
    }

    /// Per long key: its most similar long keys, most similar first.
    /// Keeping a bounded number bounds the memory on large corpora; the
    /// pairs left out are the least similar, which weigh least in an
    /// average.
    fn nearest(&self) -> Vec<Vec<(f64, u32)>> {
        (0..self.words.len())
            .into_par_iter()
            .map(|i| {
                let mut others: Vec<u32> = self.words[i]
                    .iter()
                    .flat_map(|&w| self.postings[w as usize].iter().copied())
                    .filter(|&j| j as usize != i)
                    .collect();
                others.sort_unstable();
                others.dedup();
                let mut near: Vec<(f64, u32)> = others
                    .into_iter()
                    .map(|j| (self.similarity(i, j as usize), j))
                    .collect();
                near.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
                near.truncate(STORY_CANDIDATES);
                near
            })
            .collect()
    }

    /// Each long key's words, weighted by IDF, plus those of its nearest
    /// neighbours weighted by how near they are: headlines of one story
    /// that share few words with each other often share them with the
    /// same third headlines ("Fei Lin's penis stolen by thieves" /
    /// "Chinese man's penis stolen" / "Stolen member").
    fn expanded_bags(&self, nearest: Vec<Vec<(f64, u32)>>) -> Vec<Vec<(u32, f64)>> {
        nearest
            .into_par_iter()
            .enumerate()
            .map(|(i, near)| {
                let mut bag = self.own[i].clone();
                for &(s, j) in near.iter().take(STORY_NEIGHBOURS) {
                    bag.extend(
                        self.words[j as usize]
                            .iter()
                            .map(|&w| (w, STORY_EXPANSION * s * self.idf[w as usize])),
                    );
                }
                bag.sort_unstable_by_key(|&(w, _)| w);
                let mut merged: Vec<(u32, f64)> = Vec::with_capacity(bag.len());
                for (w, x) in bag {
                    match merged.last_mut() {
                        Some(last) if last.0 == w => last.1 += x,
                        _ => merged.push((w, x)),
                    }
                }
                merged
            })
            .collect()
    }
}

/// The pairs (i < j) of long keys of which either is among the other's
/// nearest, sorted.
fn candidate_pairs(nearest: &[Vec<(f64, u32)>]) -> Vec<(u32, u32)> {
    let mut pairs: Vec<(u32, u32)> = nearest
        .iter()
        .enumerate()
        .flat_map(|(i, near)| {
            let i = i as u32;
            near.iter().map(move |&(_, j)| (i.min(j), i.max(j)))
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// Bags of words: (word id, weight) sorted by word id.
type Bag = [(u32, f64)];

/// Counts every word of a bag.
fn any(_: u32) -> bool {
    true
}

/// The weight of the words of `bag` that `counts` keeps.
fn total_weight(bag: &Bag, counts: impl Fn(u32) -> bool) -> f64 {
    bag.iter()
        .filter(|&&(w, _)| counts(w))
        .map(|&(_, x)| x)
        .sum()
}

/// The weight two bags share, word by word the lesser, over the words that
/// `counts` keeps.
fn shared_weight(a: &Bag, b: &Bag, counts: impl Fn(u32) -> bool) -> f64 {
    let (mut x, mut y, mut shared) = (0, 0, 0.0);
    while x < a.len() && y < b.len() {
        match a[x].0.cmp(&b[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                if counts(a[x].0) {
                    shared += a[x].1.min(b[y].1);
                }
                x += 1;
                y += 1;
            }
        }
    }
    shared
}

/// Weighted Jaccard similarity from the shared weight and each side's total.
fn jaccard(shared: f64, a: f64, b: f64) -> f64 {
    let all = a + b - shared;
    if all > 0.0 { shared / all } else { 0.0 }
}

/// The days a key's claims were told on: per claim, from the first day
/// of its date to the last (a month or a year is a span of days), sorted
/// and without repeats. Two keys are as far apart in time as their nearest
/// two claims, not as the spans of all their claims: a proposition told
/// every year is not near every headline of those years.
#[derive(Debug, Clone, Default)]
pub(super) struct KeyDays {
    spans: Vec<(i32, i32)>,
}

impl KeyDays {
    pub(super) fn add(&mut self, date: crate::date::PartialDate) {
        self.spans.push((
            date.first_day().num_days_from_ce(),
            date.last_day().num_days_from_ce(),
        ));
    }

    /// Sorts the spans once every date is in.
    pub(super) fn finish(&mut self) {
        self.spans.sort_unstable();
        self.spans.dedup();
    }

    /// Days between the nearest two claims of two keys (0 when their dates
    /// overlap); infinite when either has no date. One sweep over both
    /// lists in order of first day: a span is nearest, among the other
    /// key's spans that start no later, to the one that ends last.
    fn days_from(&self, other: &KeyDays) -> f64 {
        let (a, b) = (&self.spans, &other.spans);
        if a.is_empty() || b.is_empty() {
            return f64::INFINITY;
        }
        let (mut i, mut j) = (0, 0);
        let (mut last_a, mut last_b) = (i32::MIN, i32::MIN);
        let mut best = i64::MAX;
        while i < a.len() || j < b.len() {
            let take_a = j == b.len() || (i < a.len() && a[i].0 <= b[j].0);
            let (first, other_last) = if take_a {
                let (f, l) = a[i];
                i += 1;
                last_a = last_a.max(l);
                (f, last_b)
            } else {
                let (f, l) = b[j];
                j += 1;
                last_b = last_b.max(l);
                (f, last_a)
            };
            if other_last != i32::MIN {
                best = best.min((i64::from(first) - i64::from(other_last)).max(0));
            }
            if best == 0 {
                break;
            }
        }
        best as f64
    }
}
