//! Reconciling: claims grouped by proposition, ordered in time, with
//! reversals and conflicts.
//!
//! # Grouping algorithm
//!
//! 1. Every distinct claim text is reduced once to a [`Proposition`]
//!    (negation, guards, content words; see `proposition`). Texts that reduce
//!    to the same guards and content share a *key*: at a million claims
//!    there are far fewer keys than claims.
//! 2. Candidate pairs of keys come from an inverted index, never from
//!    comparing every key with every other: keys are bucketed by their guard
//!    words (names, numbers, months, years must be equal anyway), and each
//!    key looks up only its two rarest content words in its bucket. A pair
//!    that is the same proposition shares every content word of the shorter
//!    side but typos and one extra word per four, so it shares one of those two
//!    rare words unless both are misspelt.
//! 3. Each candidate pair is confirmed by [`same_proposition`]: equal guards,
//!    no substituted content word, at most one extra word per four
//!    (typo-level differences, Damerau-Levenshtein via strsim, count as equal).
//! 4. Confirmed pairs, and claims sharing a `topic`, are joined by union-find.
//!    Claims with different topics are never joined, however alike.
//! 5. In corpora where many claims are told once (headlines), groups that
//!    tell one story in other words are merged by average linkage over the
//!    claims' word similarity, weakened by the days between them
//!    (`merge_stories`), never joining what steps 1 to 3 keep apart.
//!
//! Each group's claim is its most frequent positive phrasing (ties: the
//! earliest); a claim phrased with the opposite polarity has its stance
//! flipped. Claims are ordered by date (a partial date at its first day),
//! then by the article's publication date, path, and position in the file.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use chrono::Datelike;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::dense::dense_ids;
use crate::model::{Annotation, Stance};
use crate::problem::{Code, Problem};
use crate::proposition::{
    Lexicon, PackedTokens, Proposition, STORY_MIN_WORDS, Tokens, WordText, near_proposition,
    one_word_swapped, other_names_alike, same_proposition, short_claim_altered, story_near_miss,
    story_words,
};
use crate::speakers::{Aliases, Speakers};
pub use crate::stances::{Reversal, ReversalKind, Stances};

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
    pub person: usize,
    /// When it was said: only dated claims are grouped.
    pub date: crate::date::PartialDate,
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
    /// `[file][index]` -> group, [`NO_GROUP`] for a claim without a date.
    group_of: Vec<Vec<u32>>,
    /// `[file][index]` -> distinct claim text id.
    text_of: Vec<Vec<u32>>,
    texts: TextIndex,
}

const NO_GROUP: u32 = u32::MAX;

impl Reconciled {
    /// The group a claim is in; `None` for a claim without a valid date.
    pub fn group_of(&self, at: ClaimAt) -> Option<usize> {
        let g = *self.group_of.get(at.file)?.get(at.index)?;
        (g != NO_GROUP).then_some(g as usize)
    }
}

/// A claim's place in the spec's order: date (a partial date at its first
/// day), then the article's publication date, then path, then position.
type SortKey = (i32, i32, u32, u32);

/// Groups every dated claim of `annotations`.
pub fn reconcile(annotations: &[Annotation], aliases: &Aliases) -> Reconciled {
    let items: Vec<ClaimAt> = annotations
        .iter()
        .enumerate()
        .flat_map(|(file, a)| {
            a.claims
                .iter()
                .enumerate()
                .filter(|(_, c)| c.date.is_some())
                .map(move |(index, _)| ClaimAt { file, index })
        })
        .collect();
    let claim = |at: &ClaimAt| &annotations[at.file].claims[at.index];

    // Distinct texts and speakers get dense ids in order of first appearance.
    let (item_text, texts) = {
        let all: Vec<&str> = items.iter().map(|at| claim(at).claim.as_str()).collect();
        let ids = dense_ids(&all);
        let texts: Vec<&str> = ids.first.iter().map(|&i| all[i]).collect();
        (ids.id_of, texts)
    };
    let (item_speaker, names) = {
        let all: Vec<&str> = items.iter().map(|at| claim(at).speaker.as_str()).collect();
        let ids = dense_ids(&all);
        let names: Vec<&str> = ids.first.iter().map(|&i| all[i]).collect();
        (ids.id_of, names)
    };
    let speakers = Speakers::resolve(names.iter().copied(), aliases);
    let person_of_name: Vec<usize> = names
        .iter()
        .map(|n| speakers.person(n).expect("every speaker resolved"))
        .collect();
    let index = TextIndex::build(&texts);

    // Nodes: (key, topic), numbered in sorted order so unions are deterministic.
    let item_key_topic: Vec<(u32, Option<&str>)> = items
        .iter()
        .zip(&item_text)
        .map(|(at, &t)| (index.key_of_text[t as usize], claim(at).topic.as_deref()))
        .collect();
    let mut node_list: Vec<(u32, Option<&str>)> = item_key_topic.clone();
    node_list.sort_unstable();
    node_list.dedup();
    let node_of = |kt: &(u32, Option<&str>)| node_list.binary_search(kt).expect("listed");
    let mut uf = UnionFind::new(node_list.iter().map(|(_, t)| *t).collect());
    let mut first_of_topic: HashMap<&str, usize> = HashMap::default();
    for (id, (_, topic)) in node_list.iter().enumerate() {
        if let Some(t) = topic {
            let first = *first_of_topic.entry(t).or_insert(id);
            uf.union(first, id);
        }
    }
    let mut nodes_of_key: Vec<Vec<usize>> = vec![Vec::new(); index.props.len()];
    for (id, (key, _)) in node_list.iter().enumerate() {
        nodes_of_key[*key as usize].push(id);
    }
    for ids in &nodes_of_key {
        for w in ids.windows(2) {
            uf.union(w[0], w[1]);
        }
    }
    for (a, b) in index.similar_key_pairs() {
        for &x in &nodes_of_key[a] {
            for &y in &nodes_of_key[b] {
                uf.union(x, y);
            }
        }
    }
    let node_of_item: Vec<usize> = item_key_topic.par_iter().map(node_of).collect();
    let claims_of = claims_per_group(&mut uf, &node_of_item);
    let once = claims_of.iter().filter(|&&n| n == 1).count();
    if once as f64 >= STORY_MIN_TOLD_ONCE * node_of_item.len() as f64 {
        let first_node_of_key: Vec<usize> = nodes_of_key.iter().map(|ids| ids[0]).collect();
        let props = &index.props;
        // Per key: how many claims it has, and the days they span.
        let mut claims_of_key = vec![0u32; props.len()];
        let mut days_of_key = vec![DaySpan::NONE; props.len()];
        for (at, &t) in items.iter().zip(&item_text) {
            let key = index.key_of_text[t as usize] as usize;
            claims_of_key[key] += 1;
            if let Some(date) = claim(at).date {
                days_of_key[key].widen(date);
            }
        }
        merge_stories(
            &mut uf,
            &first_node_of_key,
            &claims_of_key,
            &index.story_edges(&days_of_key),
            |root| claims_of[root] >= STORY_TOLD_ALIKE,
            |a, b| story_near_miss(&props[a], &props[b]),
            |a, b| one_word_swapped(&props[a], &props[b]),
        );
    }

    // Members of each group, in the spec's order.
    let file_rank = path_ranks(annotations);
    let sort_key = |at: &ClaimAt| -> SortKey {
        let a = &annotations[at.file];
        let day = |d: Option<crate::date::PartialDate>| {
            d.map_or(i32::MAX, |d| d.first_day().num_days_from_ce())
        };
        (
            day(a.claims[at.index].date),
            day(a.published),
            file_rank[at.file],
            at.index as u32,
        )
    };
    let roots: Vec<usize> = node_of_item.iter().map(|&n| uf.find(n)).collect();
    let group_of_item = dense_ids(&roots);
    let sort_keys: Vec<SortKey> = items.par_iter().map(sort_key).collect();
    let mut members_of: Vec<Vec<(SortKey, usize)>> = vec![Vec::new(); group_of_item.first.len()];
    for (i, (&g, key)) in group_of_item.id_of.iter().zip(sort_keys).enumerate() {
        members_of[g as usize].push((key, i));
    }
    let mut groups: Vec<(SortKey, Group)> = members_of
        .into_par_iter()
        .map(|mut members| {
            members.sort_unstable();
            let first = members[0].0;
            let ordered: Vec<usize> = members.into_iter().map(|(_, i)| i).collect();
            (
                first,
                build_group(
                    annotations,
                    &items,
                    &ordered,
                    &item_text,
                    &item_speaker,
                    &person_of_name,
                    &index,
                ),
            )
        })
        .collect();
    groups.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.claim.cmp(&b.1.claim)));
    let groups: Vec<Group> = groups.into_iter().map(|(_, g)| g).collect();

    let mut group_of: Vec<Vec<u32>> = annotations
        .iter()
        .map(|a| vec![NO_GROUP; a.claims.len()])
        .collect();
    for (g, group) in groups.iter().enumerate() {
        for m in &group.members {
            group_of[m.at.file][m.at.index] = g as u32;
        }
    }
    let mut text_of: Vec<Vec<u32>> = annotations
        .iter()
        .map(|a| vec![u32::MAX; a.claims.len()])
        .collect();
    for (at, &t) in items.iter().zip(&item_text) {
        text_of[at.file][at.index] = t;
    }
    Reconciled {
        groups,
        speakers,
        group_of,
        text_of,
        texts: index,
    }
}

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

/// Per union-find root: how many claims its group holds so far.
fn claims_per_group(uf: &mut UnionFind, node_of_item: &[usize]) -> Vec<u32> {
    let mut claims_of = vec![0u32; uf.len()];
    for &n in node_of_item {
        claims_of[uf.find(n)] += 1;
    }
    claims_of
}

/// Each file's rank in path order (the loader's order is by key, which
/// differs from path order around `.` and `-`).
fn path_ranks(annotations: &[Annotation]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    order.sort_by(|&a, &b| annotations[a].path.cmp(&annotations[b].path));
    let mut rank = vec![0u32; annotations.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

#[allow(clippy::too_many_arguments)]
fn build_group(
    annotations: &[Annotation],
    items: &[ClaimAt],
    ordered: &[usize],
    item_text: &[u32],
    item_speaker: &[u32],
    person_of_name: &[usize],
    index: &TextIndex,
) -> Group {
    let claim = |i: usize| &annotations[items[i].file].claims[items[i].index];
    // The group's claim: the most frequent positive phrasing, ties to the earliest.
    let mut counts: HashMap<u32, (usize, usize)> = HashMap::default(); // text -> (count, first position)
    for (pos, &i) in ordered.iter().enumerate() {
        counts.entry(item_text[i]).or_insert((0, pos)).0 += 1;
    }
    let negated = |t: u32| index.text_negated[t as usize];
    let (&rep_text, &(_, rep_pos)) = counts
        .iter()
        .max_by(|(ta, (na, pa)), (tb, (nb, pb))| {
            (!negated(**ta))
                .cmp(&!negated(**tb))
                .then(na.cmp(nb))
                .then(pb.cmp(pa))
        })
        .expect("a group has claims");
    let rep_negated = negated(rep_text);
    let members: Vec<Member> = ordered
        .iter()
        .map(|&i| {
            let c = claim(i);
            let stance = if negated(item_text[i]) != rep_negated {
                c.stance.flipped()
            } else {
                c.stance
            };
            Member {
                at: items[i],
                stance,
                person: person_of_name[item_speaker[i] as usize],
                date: c.date.expect("only dated claims are items"),
            }
        })
        .collect();
    let topic = ordered.iter().find_map(|&i| claim(i).topic.clone());
    let stances = crate::stances::judge(&members);
    Group {
        claim: claim(ordered[rep_pos]).claim.clone(),
        topic,
        members,
        stances,
    }
}

/// Distinct claim texts reduced to propositions, and the propositions that
/// normalise alike sharing a key.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TextIndex {
    /// Per distinct text: its key.
    key_of_text: Vec<u32>,
    /// Per distinct text: whether it is phrased as a negation.
    text_negated: Vec<bool>,
    /// Per key: the proposition of its first text.
    props: Vec<Proposition>,
    /// The index of the keys and the candidate pairs it finds, made once
    /// for grouping and kept for `check`'s search of near pairs. Not in the
    /// on-disk cache: a warm run reuses the cached groups and warnings, and
    /// needs it only when the warnings are stale.
    #[serde(skip)]
    candidates: OnceLock<Candidates>,
}

/// What grouping and the search of near pairs both start from.
#[derive(Debug, Clone)]
struct Candidates {
    interned: Interned,
    /// [`Interned::same_bucket_pairs`].
    same_bucket: Vec<(usize, usize)>,
}

impl TextIndex {
    fn build(texts: &[&str]) -> Self {
        // Each text is tokenised once, kept packed while the lexicon (which
        // needs every text) is built, and unpacked for its proposition.
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
        let props: Vec<Proposition> = tokens
            .into_par_iter()
            .map_init(Tokens::default, |buffer, t| {
                t.unpack_into(buffer);
                Proposition::from_tokens(buffer, &lexicon)
            })
            .collect();
        // Texts that normalise alike share a key: equal guards and content words.
        let keys: Vec<(&[WordText], &[WordText])> = props
            .iter()
            .map(|p| (p.guards.as_slice(), p.content.as_slice()))
            .collect();
        let ids = dense_ids(&keys);
        drop(keys);
        let text_negated = props.iter().map(|p| p.negated).collect();
        // Keys are numbered in order of their first text, so keeping each
        // key's first text in order keeps them in key order.
        let mut first = vec![false; props.len()];
        for &i in &ids.first {
            first[i] = true;
        }
        let props: Vec<Proposition> = props
            .into_par_iter()
            .zip(first)
            .filter_map(|(p, first)| first.then_some(p))
            .collect();
        TextIndex {
            key_of_text: ids.id_of,
            text_negated,
            props,
            candidates: OnceLock::new(),
        }
    }

    fn candidates(&self) -> &Candidates {
        self.candidates.get_or_init(|| {
            let interned = Interned::of(&self.props);
            let same_bucket = interned.same_bucket_pairs();
            Candidates {
                interned,
                same_bucket,
            }
        })
    }

    /// Key pairs (a < b) that are the same proposition, found through the
    /// inverted index of rare content words within each guard bucket.
    fn similar_key_pairs(&self) -> Vec<(usize, usize)> {
        let mut pairs: Vec<(usize, usize)> = self
            .candidates()
            .same_bucket
            .par_iter()
            .copied()
            .filter(|&(a, b)| same_proposition(&self.props[a], &self.props[b]))
            .collect();
        pairs.sort_unstable();
        pairs
    }

    /// Pairs of keys with content words ([`STORY_MIN_WORDS`]) that may tell
    /// one story, in key order: each key is paired with its
    /// [`STORY_CANDIDATES`] most similar keys (and with any key that counts
    /// it among its own), unless they say much the same of different named
    /// things ([`other_names_alike`]). Their similarity is the IDF-weighted
    /// Jaccard similarity of their story words, each key's widened by those
    /// of its [`STORY_NEIGHBOURS`] most similar keys, times how near in time
    /// they were told ([`STORY_DAYS`]).
    fn story_edges(&self, days_of_key: &[DaySpan]) -> Vec<StoryEdge> {
        let long: Vec<usize> = (0..self.props.len())
            .filter(|&k| self.props[k].content.len() >= STORY_MIN_WORDS)
            .collect();
        if long.len() < 2 {
            return Vec::new();
        }
        // Content words and guards are interned apart: "may" the month is
        // not "may" the verb, and only content words say what is claimed.
        let mut word_ids: HashMap<(bool, &str), u32> = HashMap::default();
        let mut is_guard: Vec<bool> = Vec::new();
        let words: Vec<Vec<u32>> = long
            .iter()
            .map(|&k| {
                let (content, guards) = story_words(&self.props[k]);
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
        // Per key: its words weighted by IDF, and their total weight, all
        // and content words alone.
        let own: Vec<Vec<(u32, f64)>> = words
            .iter()
            .map(|ws| ws.iter().map(|&w| (w, idf[w as usize])).collect())
            .collect();
        let any = |_: u32| true;
        let content = |w: u32| !is_guard[w as usize];
        let totals: Vec<f64> = own.iter().map(|b| total_weight(b, any)).collect();
        let content_totals: Vec<f64> = own.iter().map(|b| total_weight(b, content)).collect();
        let similarity = |i: usize, j: usize| {
            jaccard(shared_weight(&own[i], &own[j], any), totals[i], totals[j])
        };
        // Per key: its most similar keys. Keeping a bounded number bounds
        // the memory on large corpora; the pairs left out are the least
        // similar, which weigh least in an average.
        let nearest: Vec<Vec<(f64, u32)>> = (0..long.len())
            .into_par_iter()
            .map(|i| {
                let mut others: Vec<u32> = words[i]
                    .iter()
                    .flat_map(|&w| postings[w as usize].iter().copied())
                    .filter(|&j| j as usize != i)
                    .collect();
                others.sort_unstable();
                others.dedup();
                let mut near: Vec<(f64, u32)> = others
                    .into_iter()
                    .map(|j| (similarity(i, j as usize), j))
                    .collect();
                near.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
                near.truncate(STORY_CANDIDATES);
                near
            })
            .collect();
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
        // Each key's words, weighted by IDF, plus those of its nearest
        // neighbours weighted by how near they are: headlines of one story
        // that share few words with each other often share them with the
        // same third headlines ("Fei Lin's penis stolen by thieves" /
        // "Chinese man's penis stolen" / "Stolen member").
        let bags: Vec<Vec<(u32, f64)>> = nearest
            .into_par_iter()
            .enumerate()
            .map(|(i, near)| {
                let mut bag = own[i].clone();
                for &(s, j) in near.iter().take(STORY_NEIGHBOURS) {
                    bag.extend(
                        words[j as usize]
                            .iter()
                            .map(|&w| (w, STORY_EXPANSION * s * idf[w as usize])),
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
            .collect();
        let bag_totals: Vec<f64> = bags.iter().map(|b| total_weight(b, any)).collect();
        let (long, props) = (&long, &self.props);
        pairs
            .into_par_iter()
            .filter_map(|(i, j)| {
                let (i, j) = (i as usize, j as usize);
                let (a, b) = (long[i], long[j]);
                if short_claim_altered(&props[a], &props[b])
                    || other_names_alike(&props[a], &props[b])
                {
                    return None;
                }
                let expanded = jaccard(
                    shared_weight(&bags[i], &bags[j], any),
                    bag_totals[i],
                    bag_totals[j],
                );
                let days = days_of_key[a].days_from(days_of_key[b]);
                let similarity = expanded * (-days / STORY_DAYS).exp();
                let shared_content = shared_weight(&own[i], &own[j], content);
                (similarity > 0.0).then_some(StoryEdge {
                    similarity,
                    a,
                    b,
                    alike_in_content: jaccard(shared_content, content_totals[i], content_totals[j])
                        >= STORY_CONTENT_SIMILARITY,
                })
            })
            .collect()
    }

    /// Key pairs near enough for a `similar-claim` warning: candidates from
    /// the guard buckets, and keys whose guards differ in one word.
    fn near_key_pairs(&self) -> Vec<(usize, usize)> {
        let Candidates {
            interned,
            same_bucket,
        } = self.candidates();
        let mut candidates = same_bucket.clone();
        candidates.extend(interned.one_guard_apart_pairs());
        candidates.sort_unstable();
        candidates.dedup();
        let mut pairs: Vec<(usize, usize)> = candidates
            .into_par_iter()
            .filter(|&(a, b)| near_proposition(&self.props[a], &self.props[b]))
            .collect();
        pairs.sort_unstable();
        pairs
    }
}

/// Keys with guard sets and words replaced by small integers, for indexing.
#[derive(Debug, Clone)]
struct Interned {
    /// Per key: its guard words.
    guards: Vec<Vec<u32>>,
    /// Per key: the id of its guard set (its bucket).
    bucket: Vec<u32>,
    /// Per key: its distinct content words, sorted by rarity (rarest first).
    words: Vec<Vec<u32>>,
    /// Per key: its content words in order (with repeats), as a signature.
    content: Vec<Vec<u32>>,
}

impl Interned {
    fn of(keys: &[Proposition]) -> Interned {
        // Word ids in order of first appearance, key by key, guards before
        // content words: rarity ties below are broken by id.
        let all: Vec<&str> = keys
            .iter()
            .flat_map(|p| p.guards.iter().chain(&p.content).map(WordText::as_str))
            .collect();
        let word_ids = dense_ids(&all);
        let word_count = word_ids.first.len();
        let id_of = word_ids.id_of;
        let guard_sets: Vec<&[WordText]> = keys.iter().map(|p| p.guards.as_slice()).collect();
        let bucket = dense_ids(&guard_sets).id_of;
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
            guards,
            bucket,
            words,
            content,
        }
    }

    /// Pairs in one guard bucket that share one of either key's two rarest
    /// content words; and keys without content words in one bucket.
    fn same_bucket_pairs(&self) -> Vec<(usize, usize)> {
        // Postings by sorting rather than in a map: each run of one
        // (bucket, word) lists the keys that have that word, in key order.
        let mut postings: Vec<(u32, u32, u32)> = self
            .words
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, ws)| ws.iter().map(move |&w| (self.bucket[id], w, id as u32)))
            .collect();
        postings.par_sort_unstable();
        let runs: Vec<&[(u32, u32, u32)]> =
            postings.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)).collect();
        let mut pairs: Vec<(usize, usize)> = runs
            .par_iter()
            .flat_map_iter(|run| {
                let word = run[0].1;
                run.iter()
                    .map(|&(_, _, id)| id)
                    .filter(move |&id| self.words[id as usize].iter().take(2).any(|&w| w == word))
                    .flat_map(move |id| {
                        run.iter()
                            .take(MAX_POSTINGS)
                            .filter(move |other| other.2 != id)
                            .map(move |other| (id.min(other.2) as usize, id.max(other.2) as usize))
                    })
            })
            .collect();
        let mut no_content: Vec<(u32, usize)> = (0..self.words.len())
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
    /// collision only adds a candidate, which [`near_proposition`] rejects.
    fn one_guard_apart_pairs(&self) -> Vec<(usize, usize)> {
        use std::hash::{Hash, Hasher};
        let mut filed: Vec<(u64, u32)> = self
            .guards
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, guards)| {
                let content = &self.content[id];
                (0..guards.len()).map(move |skip| {
                    let mut h = rustc_hash::FxHasher::default();
                    content.hash(&mut h);
                    for (i, g) in guards.iter().enumerate() {
                        if i != skip {
                            g.hash(&mut h);
                        }
                    }
                    (h.finish(), id as u32)
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
                        pairs.push((a.min(b) as usize, a.max(b) as usize));
                    }
                }
            }
        }
        pairs
    }
}

/// Two groups of claims are one story when the average similarity of the
/// claim pairs across them ([`TextIndex::story_edges`]; a pair that is not
/// an edge counts as 0) is at least this (tuned on Emergent's train split
/// and its 60-claim folds; see EVALUATION.md).
const STORY_SIMILARITY: f64 = 0.05;

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

/// Bags of words: (word id, weight) sorted by word id.
type Bag = [(u32, f64)];

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

/// Two keys that may tell one story ([`TextIndex::story_edges`]).
#[derive(Debug, Clone, Copy)]
struct StoryEdge {
    similarity: f64,
    a: usize,
    b: usize,
    /// Whether their content words alone have a similarity of at least
    /// [`STORY_CONTENT_SIMILARITY`].
    alike_in_content: bool,
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

/// The days a key's claims were told on: from the first day of the
/// earliest date to the last day of the latest.
#[derive(Debug, Clone, Copy)]
struct DaySpan {
    first: i32,
    last: i32,
}

impl DaySpan {
    const NONE: DaySpan = DaySpan {
        first: i32::MAX,
        last: i32::MIN,
    };

    fn widen(&mut self, date: crate::date::PartialDate) {
        self.first = self.first.min(date.first_day().num_days_from_ce());
        self.last = self.last.max(date.last_day().num_days_from_ce());
    }

    /// Days between two spans (0 when they overlap); infinite when either
    /// has no date.
    fn days_from(self, other: DaySpan) -> f64 {
        if self.first > self.last || other.first > other.last {
            return f64::INFINITY;
        }
        f64::from(
            (self.first - other.last)
                .max(other.first - self.last)
                .max(0),
        )
    }
}

/// Merges groups of claims that tell one story, by average linkage: the
/// two groups whose claims are most similar on average (`edges`, weighted
/// by each key's number of claims) merge first, as long as that average is
/// at least [`STORY_SIMILARITY`] and some pair across them is alike in
/// content ([`STORY_CONTENT_SIMILARITY`]). Two groups do not merge when a
/// pair across them conflicts (`conflict`: the same claim but for a number, date or
/// name), so that a story never joins what the rules keep apart; when many
/// pairs across them have a word swapped (`swapped`, [`STORY_SWAP_SHARE`]);
/// or when both hold a proposition told alike (`told_alike`, by the root of
/// a group before any story merge; [`STORY_TOLD_ALIKE`]). Merging on a
/// single link instead chains unrelated stories through shared words.
fn merge_stories(
    uf: &mut UnionFind,
    node_of_key: &[usize],
    claims_of_key: &[u32],
    edges: &[StoryEdge],
    told_alike: impl Fn(usize) -> bool,
    conflict: impl Fn(usize, usize) -> bool,
    swapped: impl Fn(usize, usize) -> bool,
) {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    if edges.is_empty() {
        return;
    }
    // Per group with an edge: its keys, its number of claims, whether it
    // holds a proposition told alike, and its link with each neighbouring
    // group.
    let mut keys_of: HashMap<usize, Vec<usize>> = HashMap::default();
    for edge in edges {
        for k in [edge.a, edge.b] {
            keys_of.entry(uf.find(node_of_key[k])).or_default();
        }
    }
    for (k, &node) in node_of_key.iter().enumerate() {
        if let Some(keys) = keys_of.get_mut(&uf.find(node)) {
            keys.push(k);
        }
    }
    let mut claims_in: HashMap<usize, f64> = keys_of
        .iter()
        .map(|(&root, keys)| {
            let n: u32 = keys.iter().map(|&k| claims_of_key[k]).sum();
            (root, f64::from(n))
        })
        .collect();
    let mut alike_in: HashMap<usize, bool> = keys_of
        .keys()
        .map(|&root| (root, told_alike(root)))
        .collect();
    let mut linked: HashMap<usize, HashMap<usize, Link>> = HashMap::default();
    for edge in edges {
        let (ra, rb) = (uf.find(node_of_key[edge.a]), uf.find(node_of_key[edge.b]));
        if ra != rb {
            let link = Link {
                similarity: edge.similarity
                    * f64::from(claims_of_key[edge.a])
                    * f64::from(claims_of_key[edge.b]),
                alike_in_content: edge.alike_in_content,
            };
            linked
                .entry(ra)
                .or_default()
                .entry(rb)
                .or_default()
                .add(link);
            linked
                .entry(rb)
                .or_default()
                .entry(ra)
                .or_default()
                .add(link);
        }
    }
    // Candidate merges, best average first (ties: lower roots first). An
    // entry is stale once either group has merged, which its average no
    // longer matching tells.
    let link = |linked: &HashMap<usize, HashMap<usize, Link>>, a: usize, b: usize| {
        linked
            .get(&a)
            .and_then(|m| m.get(&b))
            .copied()
            .unwrap_or_default()
    };
    let average =
        |linked: &HashMap<usize, HashMap<usize, Link>>,
         claims_in: &HashMap<usize, f64>,
         a: usize,
         b: usize| { link(linked, a, b).similarity / (claims_in[&a] * claims_in[&b]) };
    let mut queue: BinaryHeap<(u64, Reverse<(usize, usize)>)> = BinaryHeap::new();
    for (&a, near) in &linked {
        for &b in near.keys().filter(|&&b| a < b) {
            let avg = average(&linked, &claims_in, a, b);
            // Non-negative floats order as their bits do.
            queue.push((avg.to_bits(), Reverse((a, b))));
        }
    }
    while let Some((bits, Reverse((ra, rb)))) = queue.pop() {
        if f64::from_bits(bits) < STORY_SIMILARITY {
            break;
        }
        if !keys_of.contains_key(&ra)
            || !keys_of.contains_key(&rb)
            || average(&linked, &claims_in, ra, rb).to_bits() != bits
        {
            continue;
        }
        if alike_in[&ra] && alike_in[&rb] || !link(&linked, ra, rb).alike_in_content {
            continue;
        }
        let (ka, kb) = (&keys_of[&ra], &keys_of[&rb]);
        let cross = ka.len() * kb.len();
        if cross > MAX_STORY_CHECKS {
            continue;
        }
        let mut swaps = 0u32;
        let refused = ka.iter().any(|&x| {
            kb.iter().any(|&y| {
                swaps += u32::from(swapped(x, y));
                conflict(x, y)
            })
        });
        if refused || f64::from(swaps) > STORY_SWAP_SHARE * cross as f64 {
            continue;
        }
        uf.union(ra, rb);
        let keep = uf.find(ra);
        if keep != uf.find(rb) {
            continue; // different topics
        }
        let gone = if keep == ra { rb } else { ra };
        let alike = alike_in.remove(&gone).unwrap_or(false);
        *alike_in.entry(keep).or_default() |= alike;
        let moved = keys_of.remove(&gone).unwrap_or_default();
        keys_of.entry(keep).or_default().extend(moved);
        let claims = claims_in.remove(&gone).unwrap_or(0.0);
        *claims_in.entry(keep).or_default() += claims;
        for (other, l) in linked.remove(&gone).unwrap_or_default() {
            if let Some(m) = linked.get_mut(&other) {
                m.remove(&gone);
            }
            if other == keep {
                continue;
            }
            linked
                .entry(keep)
                .or_default()
                .entry(other)
                .or_default()
                .add(l);
            linked
                .entry(other)
                .or_default()
                .entry(keep)
                .or_default()
                .add(l);
        }
        if let Some(near) = linked.get(&keep) {
            for &other in near.keys() {
                let avg = average(&linked, &claims_in, keep, other);
                queue.push((avg.to_bits(), Reverse((keep.min(other), keep.max(other)))));
            }
        }
    }
}

/// A word shared by more keys than this is not used to find candidates
/// beyond its first entries: it says little, and would make the search quadratic.
const MAX_POSTINGS: usize = 200;

/// Keys that differ in one guard word are compared when their family has at
/// most this many keys. A larger family ("Bridge 1 will open" ... "Bridge
/// 10000 will open") is a series, not a slip of the pen: warning about it
/// would be noise, and comparing all of it pair by pair quadratic.
const MAX_SIBLINGS: usize = 16;

/// Union-find in which a set may carry a topic; sets with different topics
/// are never joined.
struct UnionFind<'t> {
    parent: Vec<usize>,
    topic: Vec<Option<&'t str>>,
}

impl<'t> UnionFind<'t> {
    fn new(topics: Vec<Option<&'t str>>) -> Self {
        UnionFind {
            parent: (0..topics.len()).collect(),
            topic: topics,
        }
    }

    fn len(&self) -> usize {
        self.parent.len()
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
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

/// Other groups whose claim is near (or the same proposition as) the claim at
/// `at`, for `add` to point the annotator at: group indices, best first.
pub fn near_groups(annotations: &[Annotation], reconciled: &Reconciled, at: ClaimAt) -> Vec<usize> {
    let Some(own) = reconciled.group_of(at) else {
        return Vec::new();
    };
    let texts: Vec<&str> = reconciled.groups.iter().map(|g| g.claim.as_str()).collect();
    let text = annotations[at.file].claims[at.index].claim.as_str();
    let lexicon = Lexicon::from_texts(texts.iter().copied().chain([text]));
    let mine = Proposition::new(text, &lexicon);
    let mut near: Vec<(usize, usize)> = reconciled
        .groups
        .iter()
        .enumerate()
        .filter(|(g, _)| *g != own)
        .filter_map(|(g, group)| {
            let theirs = Proposition::new(&group.claim, &lexicon);
            let al = crate::proposition::Alignment::of(&mine, &theirs);
            (same_proposition(&mine, &theirs) || near_proposition(&mine, &theirs))
                .then_some((al.matched, g))
        })
        .collect();
    near.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    near.into_iter().map(|(_, g)| g).take(3).collect()
}

/// `similar-claim` warnings: a claim without a topic whose proposition is
/// near another group's claim (see [`near_proposition`]) but not grouped
/// with it. One warning per distinct claim text, at its first claim.
pub fn similar_claim_problems(annotations: &[Annotation], reconciled: &Reconciled) -> Vec<Problem> {
    let texts = &reconciled.texts;
    // Each distinct text without a topic, at its first claim in file order.
    let ranks = path_ranks(annotations);
    let mut files: Vec<usize> = (0..annotations.len()).collect();
    files.sort_by_key(|&f| ranks[f]);
    let mut seen_text = vec![false; texts.key_of_text.len()];
    let mut firsts: Vec<(ClaimAt, u32)> = Vec::new();
    // Any claim (topic or not) per key, to name the other side's group.
    let mut rep_of_key: Vec<Option<ClaimAt>> = vec![None; texts.props.len()];
    for &file in &files {
        for (index, c) in annotations[file].claims.iter().enumerate() {
            let at = ClaimAt { file, index };
            let t = reconciled.text_of[file][index];
            if t == u32::MAX {
                continue;
            }
            rep_of_key[texts.key_of_text[t as usize] as usize].get_or_insert(at);
            if c.topic.is_none() && !std::mem::replace(&mut seen_text[t as usize], true) {
                firsts.push((at, t));
            }
        }
    }
    let mut near: Vec<Vec<usize>> = vec![Vec::new(); texts.props.len()];
    for (a, b) in texts.near_key_pairs() {
        near[a].push(b);
        near[b].push(a);
    }
    // Per first claim, in parallel: its group and the nearest other group
    // (by name, then index), if any.
    let nearest: Vec<Option<(usize, usize)>> = firsts
        .par_iter()
        .map(|&(at, t)| {
            let key = texts.key_of_text[t as usize] as usize;
            let my_group = reconciled.group_of(at)?;
            near[key]
                .iter()
                .filter_map(|&other| rep_of_key[other].and_then(|o| reconciled.group_of(o)))
                .filter(|&g| g != my_group)
                .min_by_key(|&g| (reconciled.groups[g].claim.as_str(), g))
                .map(|g| (my_group, g))
        })
        .collect();
    // One warning per pair of groups, at the first claim in file order.
    let mut warned: std::collections::HashSet<(usize, usize)> = Default::default();
    let mut problems = Vec::new();
    for (&(at, _), nearest) in firsts.iter().zip(nearest) {
        let Some((my_group, g)) = nearest else {
            continue;
        };
        if !warned.insert((g.min(my_group), g.max(my_group))) {
            continue;
        }
        let group = &reconciled.groups[g];
        let a = &annotations[at.file];
        let c = &a.claims[at.index];
        let topic = group
            .topic
            .as_deref()
            .map(|t| format!(" (topic `{t}`)"))
            .unwrap_or_default();
        problems.push(
            Problem::new(
                Code::SimilarClaim,
                &a.path,
                format!(
                    "the claim \"{}\" of `{}` is close to the claim \"{}\"{topic} of another group but not grouped with it; reuse that text or set the same `topic:` if they are one proposition, or set a topic of its own if not",
                    c.claim, c.id, group.claim
                ),
            )
            .at(c.claim_pos.line, c.claim_pos.column),
        );
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;
    use crate::model::Claim;

    fn claim(id: &str, text: &str, stance: Stance, speaker: &str, date: &str) -> Claim {
        Claim::dated(id, text, stance, speaker, "q", date)
    }

    fn file(key: &str, published: &str, claims: Vec<Claim>) -> Annotation {
        Annotation {
            key: key.into(),
            path: format!("claims/{key}.yaml"),
            article: Some(format!("articles/{key}.txt")),
            title: None,
            published: Some(PartialDate::parse(published).unwrap()),
            outlet: None,
            url: None,
            claims,
        }
    }

    fn ids(r: &Reconciled, files: &[Annotation], g: usize) -> Vec<String> {
        r.groups[g]
            .members
            .iter()
            .map(|m| files[m.at.file].claims[m.at.index].id.clone())
            .collect()
    }

    use Stance::*;

    /// The groups of claims with the given texts, as lists of texts.
    fn grouped(texts: &[&str]) -> Vec<Vec<String>> {
        let dated: Vec<(&str, &str)> = texts.iter().map(|&t| (t, "2020-01-01")).collect();
        grouped_on(&dated)
    }

    /// Groups of claims (text, date), each said by its own speaker.
    fn grouped_on(texts: &[(&str, &str)]) -> Vec<Vec<String>> {
        let claims = texts
            .iter()
            .enumerate()
            .map(|(i, (t, date))| claim(&format!("c{i}"), t, Supports, &format!("S{i}"), date))
            .collect();
        let files = vec![file("f", "2020-01-01", claims)];
        let r = reconcile(&files, &Aliases::default());
        r.groups
            .iter()
            .map(|g| {
                g.members
                    .iter()
                    .map(|m| files[0].claims[m.at.index].claim.clone())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn headlines_of_one_story_group_though_worded_differently() {
        let joan = [
            "Joan Rivers doctor took a selfie before her cardiac arrest, source says",
            "Doctor took mid-surgery selfie with unconscious Joan Rivers",
            "Joan Rivers personal doctor allegedly took a selfie during her throat procedure",
            "Source: Joan Rivers doctor took selfie, began biopsy before her cardiac arrest",
        ];
        let mut texts = joan.to_vec();
        texts.extend([
            "Apple will sell 19 million Apple Watches in 2015, analyst predicts",
            "Apple will sell 15 million Apple Watches in 2015, analyst predicts",
            "Tesla selects Nevada for its first giant battery factory",
        ]);
        let groups = grouped(&texts);
        assert!(
            groups
                .iter()
                .any(|g| g.len() == 4 && joan.iter().all(|j| g.contains(&j.to_string()))),
            "{groups:?}"
        );
        // A number still separates propositions; so does a single swapped word.
        assert!(
            groups
                .iter()
                .all(|g| !(g.iter().any(|t| t.contains("19 million"))
                    && g.iter().any(|t| t.contains("15 million"))))
        );
        assert_eq!(groups.len(), 4, "{groups:?}");
    }

    #[test]
    fn headlines_far_apart_in_time_need_more_in_common_to_be_one_story() {
        // Two headlines of one story, then a third sharing as many words
        // with them, told on the next day or a season later; and others so
        // that the corpus is one of headlines told once.
        let corpus = |later: &'static str| {
            grouped_on(&[
                ("Missing Afghan soldiers found at the border", "2014-09-21"),
                (
                    "Afghan soldiers who vanished from base are found",
                    "2014-09-22",
                ),
                ("Soldiers missing from base found near the border", later),
                ("Woman claims she had third breast implanted", "2014-09-22"),
                ("Batmobile stolen from film set, police say", "2014-09-12"),
                (
                    "Hewlett-Packard plans to split into two companies",
                    "2014-10-05",
                ),
            ])
        };
        let with_third = |groups: &[Vec<String>]| {
            groups
                .iter()
                .find(|g| g.iter().any(|t| t.starts_with("Soldiers missing")))
                .unwrap()
                .len()
        };
        let near = corpus("2014-09-22");
        assert_eq!(with_third(&near), 3, "{near:?}");
        let far = corpus("2015-01-15");
        assert_eq!(with_third(&far), 1, "{far:?}");
    }

    #[test]
    fn short_claims_of_other_shows_and_dates_stay_apart_in_a_story_corpus() {
        // Told on one day, so that time does not keep them apart.
        let groups = grouped_on(&[
            ("The Defenders premieres in 2017", "2017-01-10"),
            ("Jessica Jones season 2 premieres in 2018", "2017-01-10"),
            ("Iron Fist premieres in early 2017", "2017-01-10"),
            ("The Defenders premieres in summer 2017", "2017-01-10"),
            (
                "Jessica Jones season 2 premieres on March 8, 2018",
                "2017-01-10",
            ),
            ("Iron Fist premieres on March 17, 2017", "2017-01-10"),
        ]);
        assert_eq!(groups.len(), 6, "{groups:?}");
    }

    #[test]
    fn claims_on_one_subject_that_say_different_things_stay_apart() {
        let groups = grouped(&[
            "Jessica Jones season 2 focuses on the supporting characters",
            "The premiere date of Jessica Jones season 2 is announced",
            "The Northgate central library will reopen after the long renovation works",
            "The Northgate central stadium will reopen after the long renovation works",
            "Mayor Smith says the Northgate library will reopen after the long works",
            "Mayor Smith says the Southgate library will reopen after the long works",
        ]);
        // The first library claim and the mayor's are one proposition, told
        // in other words; the stadium and Southgate are others.
        assert_eq!(groups.len(), 5, "{groups:?}");
        let with = |needle: &str| {
            groups
                .iter()
                .find(|g| g.iter().any(|t| t.contains(needle)))
                .unwrap()
        };
        assert_eq!(with("central library").len(), 2, "{groups:?}");
        assert!(
            with("Mayor Smith says the Northgate")
                .iter()
                .any(|t| t.contains("central library"))
        );
        assert_eq!(with("stadium").len(), 1);
        assert_eq!(with("Southgate").len(), 1);
    }

    #[test]
    fn a_word_swapped_throughout_keeps_two_stories_apart() {
        let sotloff = [
            "ISIS beheads second American journalist Steven Sotloff in new video",
            "New ISIS video shows beheading of American journalist Steven Sotloff",
            "Steven Sotloff, second American journalist, beheaded by ISIS in video",
            "ISIS video claims to show the execution of American journalist Steven Sotloff",
            "ISIS kills second American journalist Steven Sotloff, video shows",
        ];
        let library = [
            "The Northgate central library will reopen after the long renovation works",
            "The Northgate central library finally reopens after long renovation works, council says",
            "Northgate's central library to reopen soon after renovation works end",
        ];
        let mut texts = sotloff.to_vec();
        texts.extend(library);
        let stadium: Vec<String> = library
            .iter()
            .map(|t| t.replace("library", "stadium"))
            .collect();
        texts.extend(stadium.iter().map(String::as_str));
        let groups = grouped(&texts);
        assert!(
            groups
                .iter()
                .any(|g| sotloff.iter().all(|s| g.contains(&s.to_string()))),
            "{groups:?}"
        );
        // Some library and stadium claims are linked (they differ in two
        // words), but "library" / "stadium" runs through most pairs across
        // the two: two propositions.
        assert!(
            groups
                .iter()
                .all(|g| !(g.iter().any(|t| t.contains("library"))
                    && g.iter().any(|t| t.contains("stadium")))),
            "{groups:?}"
        );
        assert_eq!(groups.len(), 3, "{groups:?}");
    }

    #[test]
    fn propositions_told_alike_are_not_linked_as_one_story() {
        // Each proposition is told by several claims in the same words but
        // for asides, so few claims are told once: the spec's rules alone
        // decide, and names, numbers and swapped words keep them apart
        // however many words they share.
        let mut texts = Vec::new();
        for (who, verb, bill) in [
            ("Ann Ortiz", "back", "farm"),
            ("Ann Ortiz", "block", "housing"),
            ("Ann Ortiz", "block", "farm"),
            ("Ben Ortiz", "back", "housing"),
        ] {
            texts.push(format!("{who} will {verb} the {bill} bill"));
            texts.push(format!(
                "Sources say Senator {who} is set to {verb} the {bill} bill"
            ));
            texts.push(format!("{who} won't {verb} the {bill} bill"));
        }
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let groups = grouped(&texts);
        assert_eq!(groups.len(), 4, "{groups:?}");
        assert!(groups.iter().all(|g| g.len() == 3), "{groups:?}");
    }

    #[test]
    fn ties_break_on_published_then_path_then_position() {
        let files = vec![
            file(
                "b",
                "2020-02",
                vec![
                    claim("b1", "X happens", Supports, "A", "2020-01-05"),
                    claim("b2", "X happens", Supports, "B", "2020-01-05"),
                ],
            ),
            file(
                "a",
                "2020-03",
                vec![claim("a1", "X happens", Supports, "C", "2020-01-05")],
            ),
            file(
                "c",
                "2020-02",
                vec![claim("c1", "X happens", Supports, "D", "2020-01")],
            ),
            file(
                "d",
                "2020-02",
                vec![claim("d1", "X happens", Supports, "E", "2020-01-05")],
            ),
        ];
        let r = reconcile(&files, &Aliases::default());
        assert_eq!(r.groups.len(), 1);
        // c1 (2020-01 sorts at 2020-01-01) first; then same day: published 2020-02 (b, d by path), then a.
        assert_eq!(ids(&r, &files, 0), ["c1", "b1", "b2", "d1", "a1"]);
    }

    #[test]
    fn reversals_pair_consecutive_claims_of_one_speaker_across_others() {
        let files = vec![file(
            "f",
            "2020-12",
            vec![
                claim(
                    "1",
                    "The bridge will open",
                    Supports,
                    "Mayor Ann Lee",
                    "2020-01",
                ),
                claim("2", "The bridge will open", Refutes, "Bob Roe", "2020-02"),
                claim("3", "The bridge won't open", Supports, "Lee", "2020-03"),
            ],
        )];
        let r = reconcile(&files, &Aliases::default());
        let g = &r.groups[0];
        assert_eq!(g.claim, "The bridge will open");
        assert_eq!(
            g.members.iter().map(|m| m.stance).collect::<Vec<_>>(),
            [Supports, Refutes, Refutes]
        );
        assert_eq!(
            g.stances.reversals,
            [Reversal {
                person: g.members[0].person,
                from: 0,
                to: 2,
                kind: ReversalKind::Full,
                via: vec![],
            }]
        );
        // Lee and Roe both refute now: a conflict before, not now.
        assert!(g.stances.conflict() && !g.stances.conflict_now());
    }

    #[test]
    fn equal_topics_group_and_different_topics_never_do() {
        let mut a = claim("a", "The tram gets funding", Supports, "A", "2020");
        a.topic = Some("tram".into());
        let mut b = claim(
            "b",
            "Ministers back the tram extension",
            Supports,
            "B",
            "2020",
        );
        b.topic = Some("tram".into());
        let mut c = claim("c", "The tram gets funding", Supports, "C", "2020");
        c.topic = Some("other".into());
        let d = claim("d", "The tram gets funding", Supports, "D", "2020");
        let files = vec![file("f", "2020", vec![a, b, c, d])];
        let r = reconcile(&files, &Aliases::default());
        assert_eq!(r.groups.len(), 2);
        let tram = r
            .groups
            .iter()
            .position(|g| g.topic.as_deref() == Some("tram"))
            .unwrap();
        let got = ids(&r, &files, tram);
        assert!(
            got.contains(&"a".to_owned()) && got.contains(&"b".to_owned()),
            "{got:?}"
        );
        assert!(!got.contains(&"c".to_owned()), "{got:?}");
        // d's text is that of both topics' claims: it joins exactly one of them.
        assert_eq!(r.groups.iter().map(|g| g.members.len()).sum::<usize>(), 4);
    }

    #[test]
    fn a_group_is_named_by_its_positive_phrasing() {
        let files = vec![file(
            "f",
            "2020",
            vec![
                claim("1", "The bridge won't open", Supports, "A", "2020"),
                claim("2", "The bridge won't open", Supports, "B", "2020"),
                claim("3", "The bridge will open", Refutes, "C", "2020"),
            ],
        )];
        let r = reconcile(&files, &Aliases::default());
        assert_eq!(r.groups[0].claim, "The bridge will open");
        assert!(r.groups[0].members.iter().all(|m| m.stance == Refutes));
    }

    #[test]
    fn every_dated_claim_is_in_exactly_one_group() {
        let texts = [
            "A rises",
            "A falls",
            "B rises",
            "A will not rise",
            "A rises in 2020",
            "a rises",
        ];
        let claims: Vec<Claim> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| claim(&i.to_string(), t, Supports, "S", "2020"))
            .collect();
        let files = vec![file("f", "2020", claims)];
        let r = reconcile(&files, &Aliases::default());
        let total: usize = r.groups.iter().map(|g| g.members.len()).sum();
        assert_eq!(total, texts.len());
        assert!((0..texts.len()).all(|index| r.group_of(ClaimAt { file: 0, index }).is_some()));
    }
}
