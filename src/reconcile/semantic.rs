//! Step 6 of grouping, when a sentence-embedding model is at hand: the
//! model proposes, the rules decide.
//!
//! Each group gets the mean of its claims' unit vectors, and two groups are
//! as alike as the cosine of their means. Pairs of groups at least [`MERGE_SIMILARITY`] alike are merged,
//! most alike first, if the rules that keep propositions apart let them
//! ([`vet`]); pairs at least [`SUGGEST_SIMILARITY`] alike that the rules
//! let through but that are not merged become suggestions: `check` warns
//! about them (`similar-claim`) and `report` shows them beside the group.
//!
//! Cosine is blind to what the spec cares about ("is happening" / "is not
//! happening" 0.92, "season 2" / "season 3" 0.92, "May" / "June" 0.97),
//! which is why the model never decides alone.
//!
//! Candidate pairs are found without comparing every vector with every
//! other: each group's mean gets a 128-bit sign code (random hyperplanes
//! from a fixed seed, so runs agree), and only pairs whose codes are close
//! enough to be [`SUGGEST_SIMILARITY`] alike, with a wide margin, have
//! their cosine computed.

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::dated::Dated;
use super::ids::{KeyId, NodeId, TextId};
use super::nodes::Nodes;
use super::text_index::TextIndex;
use crate::dense::IdVec;
use crate::proposition::{
    Alignment, Proposition, WordText, content_without_asides, story_near_miss, subject_only,
};

/// Two groups whose mean vectors have at least this cosine are merged when
/// the rules let them (Emergent's train split scores 0.835 to 0.840 from
/// 0.75 to 0.83; see EVALUATION.md).
pub const MERGE_SIMILARITY: f32 = 0.79;

/// Two groups at least this alike, and not merged, are suggested as
/// perhaps one claim (for a person to `link` or `unlink`).
pub const SUGGEST_SIMILARITY: f32 = 0.70;

/// A group whose most told key has at least this many claims is a
/// proposition told alike, and two such groups are two propositions,
/// however alike in meaning (as for stories: `story::STORY_TOLD_ALIKE`):
/// threads that each restate their source tweet, or propositions each
/// told many times, are kept apart.
const TOLD_ALIKE: u32 = 3;

/// Each group is vetted through its this many keys with the most claims.
const VETTED_KEYS: usize = 16;

/// Sentence vectors of claim texts, from a model: what grouping reads.
#[derive(Debug, Clone, Default)]
pub struct Embeddings {
    /// Identifies the model, so cached groups are not reused across models.
    pub model: u64,
    dimension: usize,
    of_text: HashMap<String, usize>,
    data: Vec<f32>,
}

impl Embeddings {
    /// The vectors of `texts` (unit vectors, all of one dimension; texts
    /// whose vector has another length are left out).
    pub fn new(model: u64, texts: Vec<String>, vectors: Vec<Vec<f32>>) -> Self {
        let dimension = vectors.first().map_or(0, Vec::len);
        let mut e = Embeddings {
            model,
            dimension,
            ..Embeddings::default()
        };
        for (text, v) in texts.into_iter().zip(vectors) {
            if v.len() == dimension && !e.of_text.contains_key(&text) {
                e.of_text.insert(text, e.data.len() / dimension.max(1));
                e.data.extend_from_slice(&v);
            }
        }
        e
    }

    pub fn dimension(&self) -> usize {
        self.dimension
    }

    pub fn get(&self, text: &str) -> Option<&[f32]> {
        let i = *self.of_text.get(text)?;
        Some(&self.data[i * self.dimension..(i + 1) * self.dimension])
    }
}

/// Two groups that may state one claim, for a person to decide: indices
/// into [`Reconciled::groups`](super::Reconciled), `a < b`, and the
/// average cosine of their claims.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub a: usize,
    pub b: usize,
    pub similarity: f32,
}

/// A pair of union-find roots that may be one claim, by meaning.
pub(super) struct RootPair {
    pub(super) a: NodeId,
    pub(super) b: NodeId,
    pub(super) similarity: f32,
}

/// Merges the groups of `nodes` that the model finds alike and the rules
/// let through; returns the suggestions (pairs of roots after merging).
pub(super) fn link_meanings(
    nodes: &mut Nodes,
    dated: &Dated,
    index: &TextIndex,
    embeddings: &Embeddings,
) -> Vec<RootPair> {
    let dim = embeddings.dimension();
    if dim == 0 {
        return Vec::new();
    }
    let vector_of_text: IdVec<TextId, Option<&[f32]>> =
        dated.texts.iter().map(|t| embeddings.get(t)).collect();
    let mut groups = Groups::of(nodes, dated, index, &vector_of_text, dim);
    let candidates = groups.candidates();
    let props = &index.props;
    // Most alike first; a pair whose groups grew since is judged again on
    // their present means.
    for &(a, b, _) in &candidates {
        let (ra, rb) = (nodes.uf.find(a), nodes.uf.find(b));
        if ra == rb || groups.similarity(ra, rb) < MERGE_SIMILARITY {
            continue;
        }
        if !groups.vet(ra, rb, props, true) {
            continue;
        }
        nodes.uf.union(ra, rb);
        let keep = nodes.uf.find(ra);
        if keep != nodes.uf.find(rb) {
            continue; // different topics
        }
        let gone = if keep == ra { rb } else { ra };
        groups.absorb(keep, gone);
    }
    // What is left alike but apart: suggestions, once per pair of groups.
    let mut best: HashMap<(NodeId, NodeId), f32> = HashMap::default();
    for &(a, b, _) in &candidates {
        let (ra, rb) = (nodes.uf.find(a), nodes.uf.find(b));
        if ra == rb {
            continue;
        }
        let s = groups.similarity(ra, rb);
        if s >= SUGGEST_SIMILARITY && groups.vet(ra, rb, props, false) {
            let e = best.entry((ra.min(rb), ra.max(rb))).or_insert(s);
            *e = e.max(s);
        }
    }
    let mut pairs: Vec<RootPair> = best
        .into_iter()
        .map(|((a, b), similarity)| RootPair { a, b, similarity })
        .collect();
    pairs.sort_unstable_by_key(|p| (p.a, p.b));
    pairs
}

/// Per union-find root: the sum of its claims' vectors, how many claims
/// have one, and its keys with their numbers of claims.
struct Groups {
    sum: IdVec<NodeId, Vec<f32>>,
    count: IdVec<NodeId, u32>,
    keys: IdVec<NodeId, Vec<(KeyId, u32)>>,
    /// How many of its claims are phrased positively: a group with any is
    /// named by a positive phrasing (`members.rs`).
    positive: IdVec<NodeId, u32>,
    /// The roots with vectors, in order.
    roots: Vec<NodeId>,
}

impl Groups {
    fn of(
        nodes: &mut Nodes,
        dated: &Dated,
        index: &TextIndex,
        vector_of_text: &IdVec<TextId, Option<&[f32]>>,
        dim: usize,
    ) -> Self {
        let n = nodes.uf.len();
        let mut sum = IdVec::filled(Vec::new(), n);
        let mut count = IdVec::filled(0u32, n);
        let mut positive = IdVec::filled(0u32, n);
        let mut key_counts: IdVec<NodeId, HashMap<KeyId, u32>> =
            IdVec::filled(HashMap::default(), n);
        for (item, &t) in dated.text.iter().enumerate() {
            let root = nodes.uf.find(nodes.of_item[item]);
            *key_counts[root].entry(index.key_of_text[t]).or_insert(0) += 1;
            positive[root] += u32::from(!index.text_negated[t]);
            let Some(v) = vector_of_text[t] else { continue };
            let s: &mut Vec<f32> = &mut sum[root];
            if s.is_empty() {
                s.resize(dim, 0.0);
            }
            for (x, y) in s.iter_mut().zip(v) {
                *x += y;
            }
            count[root] += 1;
        }
        let keys = key_counts
            .iter()
            .map(|m| {
                let mut ks: Vec<(KeyId, u32)> = m.iter().map(|(&k, &c)| (k, c)).collect();
                ks.sort_unstable_by_key(|&(k, c)| (std::cmp::Reverse(c), k));
                ks
            })
            .collect();
        let roots = count.ids().filter(|&r| count[r] > 0).collect();
        Groups {
            sum,
            count,
            keys,
            positive,
            roots,
        }
    }

    /// The cosine of two groups' mean vectors. (The average cosine of the
    /// claim pairs across them, the mean vectors' dot product, scored
    /// 0.838 against 0.869 unvetted on Emergent's train split: a story
    /// told in several ways has a spread-out mean, which the cosine of
    /// means does not hold against it.)
    fn similarity(&self, a: NodeId, b: NodeId) -> f32 {
        let (na, nb) = (self.count[a], self.count[b]);
        if na == 0 || nb == 0 {
            return 0.0;
        }
        let norms = dot(&self.sum[a], &self.sum[a]).sqrt() * dot(&self.sum[b], &self.sum[b]).sqrt();
        if norms > 0.0 {
            dot(&self.sum[a], &self.sum[b]) / norms
        } else {
            0.0
        }
    }

    /// [`vet`], with the groups' polarity: a group with a positive phrasing
    /// is named by it, and the model cannot tell "is happening" from "is
    /// not happening"; a claim and its negation are already one
    /// proposition by the words (rule 2 of the README).
    fn vet(
        &self,
        a: NodeId,
        b: NodeId,
        props: &IdVec<KeyId, Proposition>,
        for_merge: bool,
    ) -> bool {
        let told_alike = |r: NodeId| self.keys[r].first().is_some_and(|&(_, n)| n >= TOLD_ALIKE);
        (self.positive[a] > 0) == (self.positive[b] > 0)
            && !(told_alike(a) && told_alike(b))
            && vet(&self.keys[a], &self.keys[b], props, for_merge)
    }

    /// Moves the claims of `gone` into `keep`.
    fn absorb(&mut self, keep: NodeId, gone: NodeId) {
        let moved = std::mem::take(&mut self.sum[gone]);
        if self.sum[keep].is_empty() {
            self.sum[keep] = moved;
        } else {
            for (x, y) in self.sum[keep].iter_mut().zip(&moved) {
                *x += y;
            }
        }
        self.count[keep] += std::mem::take(&mut self.count[gone]);
        self.positive[keep] += std::mem::take(&mut self.positive[gone]);
        let mut keys = std::mem::take(&mut self.keys[keep]);
        keys.extend(std::mem::take(&mut self.keys[gone]));
        keys.sort_unstable_by_key(|&(k, c)| (std::cmp::Reverse(c), k));
        self.keys[keep] = keys;
    }

    /// Pairs of roots at least [`SUGGEST_SIMILARITY`] alike, most alike
    /// first (ties: by roots). The cosine of two means is the cosine of
    /// their directions, which the codes sample.
    fn candidates(&self) -> Vec<(NodeId, NodeId, f32)> {
        let dim = self.roots.first().map_or(0, |&r| self.sum[r].len());
        let planes = hyperplanes(dim);
        let codes: Vec<Code> = self
            .roots
            .iter()
            .map(|&r| Code::of(&self.sum[r], &planes))
            .collect();
        let max_distance = Code::max_distance(SUGGEST_SIMILARITY);
        let mut pairs: Vec<(NodeId, NodeId, f32)> = (0..self.roots.len())
            .into_par_iter()
            .flat_map_iter(|i| {
                let codes = &codes;
                (i + 1..self.roots.len()).filter_map(move |j| {
                    if codes[i].distance(&codes[j]) > max_distance {
                        return None;
                    }
                    let (a, b) = (self.roots[i], self.roots[j]);
                    let s = self.similarity(a, b);
                    (s >= SUGGEST_SIMILARITY).then_some((a, b, s))
                })
            })
            .collect();
        pairs.sort_unstable_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
        pairs
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight lanes, summed in a fixed order: the compiler vectorises it and
    // the result does not depend on the machine's threads.
    let mut lanes = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    let tail: f32 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    lanes.iter().sum::<f32>() + tail
}

/// A 128-bit sign code of a vector's direction: bit k is whether it lies
/// on the positive side of the k-th random hyperplane. Two directions at
/// angle θ differ in each bit with probability θ/π.
struct Code([u64; 2]);

const CODE_BITS: u32 = 128;

impl Code {
    fn of(v: &[f32], planes: &[f32]) -> Code {
        let mut bits = [0u64; 2];
        for (k, plane) in planes.chunks_exact(v.len()).enumerate() {
            if dot(plane, v) >= 0.0 {
                bits[k / 64] |= 1 << (k % 64);
            }
        }
        Code(bits)
    }

    fn distance(&self, other: &Code) -> u32 {
        (self.0[0] ^ other.0[0]).count_ones() + (self.0[1] ^ other.0[1]).count_ones()
    }

    /// The largest code distance kept for a cosine of at least `cos`: the
    /// expected distance at that angle plus five standard deviations, so
    /// a pair that alike is dropped about once in three million.
    fn max_distance(cos: f32) -> u32 {
        let p = f64::from(cos).clamp(-1.0, 1.0).acos() / std::f64::consts::PI;
        let n = f64::from(CODE_BITS);
        (n * p + 5.0 * (n * p * (1.0 - p)).sqrt()).ceil() as u32
    }
}

/// [`CODE_BITS`] hyperplanes of `dim` dimensions, the same in every run:
/// Gaussian coordinates from splitmix64 and Box-Muller.
fn hyperplanes(dim: usize) -> Vec<f32> {
    let mut state = 0x5eed_c1a1_u64;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..CODE_BITS as usize * dim)
        .map(|_| {
            let (u, v) = (next().max(f64::MIN_POSITIVE), next());
            ((-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()) as f32
        })
        .collect()
}

/// Whether the rules let two groups be one claim though their words differ.
/// Their most told keys must not:
/// - differ in their numbers when both give some ("19 million" / "15
///   million", "season 2" / "season 3", "ends on June 6" / "on June 18"),
///   or in months or seasons ("May" / "June"; "premieres in 2018" /
///   "premieres on March 8, 2018"); numbers only one side gives are a
///   detail ("dies" / "dies at 57");
/// - each name something the other does not ("Smith will resign" / "Jones
///   will resign"; "Xavier Turttaind will become chair of Dalgu Energy" /
///   "... of Stosbrour");
/// - have content words substituted in a shared frame ([`substituted`]:
///   "will back" / "will block the farm bill" has a cosine of 0.90, as
///   high as a paraphrase);
/// - share a name and little else ([`subject_only`]: claims on one
///   subject that say different things), for a merge; such pairs may
///   still be suggested.
///
/// And no pair of the groups' [`VETTED_KEYS`] most told keys may be the
/// same claim but for a number, date or name ([`story_near_miss`]).
/// Polarity and groups told alike are judged by [`Groups::vet`].
fn vet(
    a: &[(KeyId, u32)],
    b: &[(KeyId, u32)],
    props: &IdVec<KeyId, Proposition>,
    for_merge: bool,
) -> bool {
    let (Some(&(ka, _)), Some(&(kb, _))) = (a.first(), b.first()) else {
        return false;
    };
    let (pa, pb) = (&props[ka], &props[kb]);
    if refused_pair(pa, pb) || (for_merge && subject_only(pa, pb)) {
        return false;
    }
    let few = |ks: &[(KeyId, u32)]| {
        ks.iter()
            .take(VETTED_KEYS)
            .map(|&(k, _)| k)
            .collect::<Vec<_>>()
    };
    let (fa, fb) = (few(a), few(b));
    !fa.iter()
        .any(|&x| fb.iter().any(|&y| story_near_miss(&props[x], &props[y])))
}

/// The rules of [`vet`] on two propositions, but for `subject_only`.
fn refused_pair(a: &Proposition, b: &Proposition) -> bool {
    use crate::proposition::{GuardKind, guards_each_lack, guards_of};
    let numbers = |p| guards_of(GuardKind::Number, p).collect::<Vec<_>>();
    let (na, nb) = (numbers(a), numbers(b));
    if !na.is_empty() && !nb.is_empty() && na != nb
        || guards_of(GuardKind::Month, a).ne(guards_of(GuardKind::Month, b))
        || guards_of(GuardKind::Season, a).ne(guards_of(GuardKind::Season, b))
    {
        return true;
    }
    guards_each_lack(GuardKind::Name, a, b) || substituted(a, b)
}

/// Content words substituted in a shared frame: with the asides left out,
/// each claim has words the other lacks, and they share at least as many
/// as the side that lacks fewer ("will back" / "will block the broadband
/// bill"; "will become editor" / "will step down as editor"), unless the
/// words left over are forms of one word ("dies" / "died"). Paraphrases
/// share fewer words than they change ("Microsoft in serious discussions
/// to purchase Minecraft dev Mojang" / "Microsoft to buy Minecraft studio
/// Mojang").
fn substituted(a: &Proposition, b: &Proposition) -> bool {
    let al = Alignment::without_asides(a, b);
    al.only_a > 0
        && al.only_b > 0
        && al.matched >= al.only_a.min(al.only_b)
        && !Differing::of(a, b).all_forms_of_one_word()
}

/// The content words each of two claims has and the other lacks.
struct Differing<'p> {
    only_a: Vec<&'p str>,
    only_b: Vec<&'p str>,
}

impl<'p> Differing<'p> {
    fn of(a: &'p Proposition, b: &'p Proposition) -> Self {
        let (wa, wb) = (content_without_asides(a), content_without_asides(b));
        let only = |x: &[&'p WordText], y: &[&'p WordText]| {
            x.iter()
                .filter(|w| !y.contains(w))
                .map(|w| w.as_str())
                .collect::<Vec<_>>()
        };
        Differing {
            only_a: only(&wa, &wb),
            only_b: only(&wb, &wa),
        }
    }

    /// Whether the words left over pair up as forms of one word ("die" /
    /// "died", "purchas" / "purchase"): one begins with the other, which
    /// has at least three letters, and they differ by at most two.
    fn all_forms_of_one_word(&self) -> bool {
        fn forms(x: &str, y: &str) -> bool {
            let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
            short.len() >= 3 && long.starts_with(short) && long.len() - short.len() <= 2
        }
        self.only_a.len() == self.only_b.len()
            && self
                .only_a
                .iter()
                .all(|x| self.only_b.iter().any(|y| forms(x, y)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;
    use crate::model::{Annotation, Claim, Stance};
    use crate::reconcile::{Reconciled, reconcile_with, similar_claim_problems};
    use crate::speakers::Aliases;

    /// One article a claim, each said on the first of a month of 2017 (a
    /// month apart, so that no story joins them), with the vector given:
    /// a unit vector along `axis`, turned towards the next axis so that two
    /// claims of one axis and angles a, b have a cosine of cos(a - b).
    fn corpus(claims: &[(&str, usize, f64)]) -> (Vec<Annotation>, Embeddings) {
        let mut files = Vec::new();
        let (mut texts, mut vectors) = (Vec::new(), Vec::new());
        for (i, &(text, axis, angle)) in claims.iter().enumerate() {
            let date = format!("2017-{:02}-01", i % 12 + 1);
            let key = format!("a{i:02}");
            files.push(Annotation {
                key: key.clone(),
                path: format!("claims/{key}.yaml"),
                article: Some(format!("articles/{key}.txt")),
                title: None,
                published: Some(PartialDate::parse(&date).unwrap()),
                outlet: None,
                url: None,
                claims: vec![Claim::dated(
                    "c",
                    text,
                    Stance::Supports,
                    "Ann Lee",
                    "q",
                    &date,
                )],
                archived: None,
                retrieved: None,
            });
            let mut v = vec![0f32; 8];
            v[axis] = angle.cos() as f32;
            v[axis + 1] = angle.sin() as f32;
            texts.push(text.to_owned());
            vectors.push(v);
        }
        (files, Embeddings::new(7, texts, vectors))
    }

    /// The groups, as lists of claim texts.
    fn groups(files: &[Annotation], r: &Reconciled) -> Vec<Vec<String>> {
        r.groups
            .iter()
            .map(|g| {
                let mut texts: Vec<String> = g
                    .members
                    .iter()
                    .map(|m| files[m.at.file].claims[m.at.index].claim.clone())
                    .collect();
                texts.sort();
                texts
            })
            .collect()
    }

    /// Whether the two claims end in one group, with vectors `cos` alike.
    fn joined(a: &str, b: &str, cos: f64) -> bool {
        let (files, e) = corpus(&[(a, 0, 0.0), (b, 0, cos.acos())]);
        let r = reconcile_with(&files, &Aliases::default(), Some(&e));
        r.groups.len() == 1
    }

    #[test]
    fn a_paraphrase_the_words_cannot_join_is_joined_by_meaning() {
        let a = "The old bridge will close for repairs";
        let b = "Workers plan to shut the crossing while it is mended";
        assert!(!joined(a, b, 0.0));
        assert!(joined(a, b, 0.91));
        // Claims on one subject that share no word are only suggested.
        let a = "Microsoft is in serious discussions to purchase Minecraft dev Mojang";
        let b = "Microsoft to buy Minecraft studio Mojang";
        assert!(!joined(a, b, 0.91));
        // Below the threshold: apart, but suggested.
        assert!(!joined(a, b, 0.75));
        let (files, e) = corpus(&[(a, 0, 0.0), (b, 0, 0.75f64.acos())]);
        let r = reconcile_with(&files, &Aliases::default(), Some(&e));
        assert_eq!(r.suggestions.len(), 1);
        let warned = similar_claim_problems(&files, &r);
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(warned[0].message.contains("may be the same claim as"));
        assert!(warned[0].message.contains("claimtrack link a00#c a01#c"));
    }

    #[test]
    fn the_rules_refuse_what_the_model_cannot_tell_apart() {
        // Each pair at a cosine of 0.95: the model alone would join them.
        for (a, b) in [
            // a number, a month
            (
                "Defenders season 2 is happening",
                "Defenders season 3 is happening",
            ),
            ("The album comes out in May", "The album comes out in June"),
            (
                "Apple will sell 19 million Apple Watches in 2015",
                "Apple will sell 15 million Apple Watches in 2015",
            ),
            (
                "The Defenders premieres in 2018",
                "The Defenders premieres on March 8, 2018",
            ),
            // polarity by a word the rules know
            (
                "Defenders season 2 is happening",
                "Defenders season 2 is not happening",
            ),
            // a word substituted in a shared frame
            (
                "The mayor will back the farm bill",
                "The mayor will block the farm bill",
            ),
            (
                "Jessica Jones season 2 premieres in 2018",
                "Jessica Jones season 2 ends in 2018",
            ),
            // names each lacks
            ("Smith will resign next week", "Jones will resign next week"),
            // one subject, different things said
            (
                "Jessica Jones season 2 focuses on the supporting characters",
                "The premiere date of Jessica Jones season 2 is announced",
            ),
        ] {
            let (files, e) = corpus(&[(a, 0, 0.0), (b, 0, 0.95f64.acos())]);
            let r = reconcile_with(&files, &Aliases::default(), Some(&e));
            let negated = b.contains(" not ");
            // "is not happening" is the same proposition by the words
            // (rule 2), with the stance flipped: one group, not the model's.
            assert_eq!(r.groups.len(), if negated { 1 } else { 2 }, "{a} / {b}");
            if !negated {
                assert!(
                    joined(a, b, 0.0) == joined(a, b, 0.95),
                    "the model changed the grouping of {a} / {b}"
                );
            }
        }
    }

    #[test]
    fn two_groups_each_told_alike_are_two_propositions() {
        let a = "The museum will reopen in the spring";
        let b = "The gallery opens its doors again this spring";
        let told = |n: usize, text: &'static str, angle: f64| vec![(text, 0, angle); n];
        let mut claims = told(3, a, 0.0);
        claims.extend(told(3, b, 0.2));
        let (files, e) = corpus(&claims);
        let r = reconcile_with(&files, &Aliases::default(), Some(&e));
        assert_eq!(groups(&files, &r).len(), 2);
        // One told alike, the other told once: joined.
        let mut claims = told(3, a, 0.0);
        claims.extend(told(1, b, 0.2));
        let (files, e) = corpus(&claims);
        let r = reconcile_with(&files, &Aliases::default(), Some(&e));
        assert_eq!(groups(&files, &r).len(), 1);
    }

    #[test]
    fn unrelated_claims_stay_apart_and_codes_find_close_pairs() {
        // Six claims on three axes: only the pairs of one axis are close.
        let texts = [
            ("The old bridge will close for repairs", 0, 0.0),
            (
                "Workers plan to shut the crossing while it is mended",
                0,
                0.3,
            ),
            ("The council approved the budget", 2, 0.0),
            ("Councillors voted the spending plan through", 2, 0.3),
            ("The singer announced a world tour", 4, 0.0),
            ("A world tour was announced by the singer", 4, 0.3),
        ];
        let (files, e) = corpus(&texts);
        let r = reconcile_with(&files, &Aliases::default(), Some(&e));
        assert_eq!(groups(&files, &r).len(), 3, "{:?}", groups(&files, &r));
        assert!(r.suggestions.is_empty());
    }

    #[test]
    fn the_code_distance_keeps_pairs_that_alike() {
        // The margin is five standard deviations: a pair exactly at the
        // suggestion threshold is kept in (nearly) every draw of planes.
        let d = Code::max_distance(SUGGEST_SIMILARITY);
        let expected = (SUGGEST_SIMILARITY as f64).acos() / std::f64::consts::PI * 128.0;
        assert!(f64::from(d) > expected + 20.0 && d < 128, "{d} {expected}");
        let v = [1.0f32, 0.0, 0.0, 0.0];
        let planes = hyperplanes(v.len());
        assert_eq!(Code::of(&v, &planes).distance(&Code::of(&v, &planes)), 0);
    }
}
