//! The `similar-claim` search: claims near another group's claim but not
//! grouped with it (for `check`), and the groups near a claim just added
//! (for `add`). It searches the grouping's own index of keys, kept in
//! [`Reconciled`], so it lives beside the grouping.

use rayon::prelude::*;

use super::ids::{KeyId, TextId};
use super::members::path_ranks;
use super::{ClaimAt, Reconciled};
use crate::dense::IdVec;
use crate::model::Annotation;
use crate::problem::{Code, Problem};

/// `similar-claim` warnings: a claim without a topic whose proposition is
/// near another group's claim (see [`near_proposition`]) but not grouped
/// with it. One warning per distinct claim text, at its first claim.
pub fn similar_claim_problems(annotations: &[Annotation], reconciled: &Reconciled) -> Vec<Problem> {
    let firsts = FirstClaims::of(annotations, reconciled);
    let near = near_keys(reconciled);
    // Per first claim, in parallel: its group and the nearest other group
    // (by name, then index), if any.
    let nearest: Vec<Option<(usize, usize)>> = firsts
        .of_text
        .par_iter()
        .map(|&(at, t)| {
            let key = reconciled.texts.key_of_text[t];
            let my_group = reconciled.group_of(at)?;
            near[key]
                .iter()
                .filter_map(|&other| firsts.of_key[other].and_then(|o| reconciled.group_of(o)))
                .filter(|&g| g != my_group)
                .min_by_key(|&g| (reconciled.groups[g].claim.as_str(), g))
                .map(|g| (my_group, g))
        })
        .collect();
    // One warning per pair of groups, at the first claim in file order.
    let mut warned: std::collections::HashSet<(usize, usize)> = Default::default();
    let mut problems = Vec::new();
    for (&(at, _), nearest) in firsts.of_text.iter().zip(nearest) {
        let Some((my_group, g)) = nearest else {
            continue;
        };
        if warned.insert((g.min(my_group), g.max(my_group))) {
            problems.push(warning(annotations, reconciled, at, g));
        }
    }
    problems.extend(suggestion_warnings(
        annotations,
        reconciled,
        &firsts,
        &mut warned,
    ));
    problems
}

/// `similar-claim` warnings for the model's suggestions (pairs of groups
/// alike in meaning that the rules let through but that were not merged),
/// one per pair not already warned about: at the first claim without a
/// topic of either group, in file order, naming the other group's claim.
fn suggestion_warnings(
    annotations: &[Annotation],
    reconciled: &Reconciled,
    firsts: &FirstClaims,
    warned: &mut std::collections::HashSet<(usize, usize)>,
) -> Vec<Problem> {
    if reconciled.suggestions.is_empty() {
        return Vec::new();
    }
    // Per group, its first claim without a topic in file order.
    let mut first_of_group: Vec<Option<(usize, ClaimAt)>> = vec![None; reconciled.groups.len()];
    for (rank, &(at, _)) in firsts.of_text.iter().enumerate() {
        if let Some(g) = reconciled.group_of(at) {
            first_of_group[g].get_or_insert((rank, at));
        }
    }
    let mut problems = Vec::new();
    for s in &reconciled.suggestions {
        if !warned.insert((s.a, s.b)) {
            continue;
        }
        let at = match (first_of_group[s.a], first_of_group[s.b]) {
            (Some(x), Some(y)) => Some(if x.0 <= y.0 { (x.1, s.b) } else { (y.1, s.a) }),
            (Some(x), None) => Some((x.1, s.b)),
            (None, Some(y)) => Some((y.1, s.a)),
            (None, None) => None,
        };
        if let Some((at, other)) = at {
            problems.push(suggestion(annotations, reconciled, at, other, s.similarity));
        }
    }
    problems
}

/// The warning for the claim at `at`, alike in meaning to group `g`'s.
fn suggestion(
    annotations: &[Annotation],
    reconciled: &Reconciled,
    at: ClaimAt,
    g: usize,
    similarity: f32,
) -> Problem {
    let group = &reconciled.groups[g];
    let a = &annotations[at.file];
    let c = &a.claims[at.index];
    let other = group.members[0].at;
    let other_ref = annotations[other.file].reference(&annotations[other.file].claims[other.index]);
    let this_ref = a.reference(c);
    Problem::new(
        Code::SimilarClaim,
        &a.path,
        format!(
            "the claim \"{}\" of `{}` may be the same claim as \"{}\" (alike in meaning: {similarity:.2}); if it is, `claimtrack link {this_ref} {other_ref}`; if not, `claimtrack unlink {this_ref} {other_ref}`",
            c.claim, c.id, group.claim
        ),
    )
    .at(c.claim_pos.line, c.claim_pos.column)
}

/// Where the search starts, in file order (files by path).
struct FirstClaims {
    /// Each distinct text without a topic, at its first claim.
    of_text: Vec<(ClaimAt, TextId)>,
    /// Any claim (topic or not) per key, to name the other side's group.
    of_key: IdVec<KeyId, Option<ClaimAt>>,
}

impl FirstClaims {
    fn of(annotations: &[Annotation], reconciled: &Reconciled) -> Self {
        let texts = &reconciled.texts;
        let ranks = path_ranks(annotations);
        let mut files: Vec<usize> = (0..annotations.len()).collect();
        files.sort_by_key(|&f| ranks[f]);
        let mut seen_text = IdVec::filled(false, texts.key_of_text.len());
        let mut of_text: Vec<(ClaimAt, TextId)> = Vec::new();
        let mut of_key = IdVec::filled(None, texts.props.len());
        for &file in &files {
            for (index, c) in annotations[file].claims.iter().enumerate() {
                let at = ClaimAt { file, index };
                let Some(t) = reconciled.text_of.get(at) else {
                    continue;
                };
                of_key[texts.key_of_text[t]].get_or_insert(at);
                if c.topic.is_none() && !std::mem::replace(&mut seen_text[t], true) {
                    of_text.push((at, t));
                }
            }
        }
        FirstClaims { of_text, of_key }
    }
}

/// Per key: the keys near it ([`TextIndex::near_key_pairs`]).
///
/// [`TextIndex::near_key_pairs`]: super::text_index::TextIndex::near_key_pairs
fn near_keys(reconciled: &Reconciled) -> IdVec<KeyId, Vec<KeyId>> {
    let texts = &reconciled.texts;
    let mut near = IdVec::filled(Vec::new(), texts.props.len());
    for (a, b) in texts.near_key_pairs() {
        near[a].push(b);
        near[b].push(a);
    }
    near
}

/// The warning for the claim at `at`, near the claim of group `g`.
fn warning(annotations: &[Annotation], reconciled: &Reconciled, at: ClaimAt, g: usize) -> Problem {
    let group = &reconciled.groups[g];
    let a = &annotations[at.file];
    let c = &a.claims[at.index];
    let topic = group
        .topic
        .as_deref()
        .map(|t| format!(" (topic `{t}`)"))
        .unwrap_or_default();
    Problem::new(
        Code::SimilarClaim,
        &a.path,
        format!(
            "the claim \"{}\" of `{}` is close to the claim \"{}\"{topic} of another group but not grouped with it; reuse that text or set the same `topic:` if they are one proposition, or set a topic of its own if not",
            c.claim, c.id, group.claim
        ),
    )
    .at(c.claim_pos.line, c.claim_pos.column)
}
