//! From the union-find's sets to groups: each group's members in the
//! spec's order, its claim, the members' stances relative to that claim,
//! and the groups in order of their first member.
//!
//! Each group's claim is its most frequent positive phrasing (ties: the
//! earliest); a claim phrased with the opposite polarity has its stance
//! flipped. Members are ordered by date (a partial date at its first day),
//! then by the article's publication date, path, and position in the file.
//! Reversals and conflicts within a group are judged by [`crate::stances`].

use crate::speakers::PersonId;
use chrono::Datelike;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::dated::Dated;
use super::ids::{NameId, TextId};
use super::nodes::Nodes;
use super::text_index::TextIndex;
use super::{ClaimAt, Group, Member};
use crate::date::PartialDate;
use crate::dense::{IdVec, dense_ids};
use crate::model::Annotation;

/// A claim's place in the spec's order: date (a partial date at its first
/// day), then the article's publication date, then path, then position.
type SortKey = (i32, i32, u32, u32);

/// The groups of the sets of `nodes`, in order of their first member (ties:
/// by claim).
pub(super) fn ordered_groups(
    annotations: &[Annotation],
    dated: &Dated,
    nodes: &mut Nodes,
    person_of_name: &IdVec<NameId, PersonId>,
    index: &TextIndex,
) -> Vec<Group> {
    let members_of = members_by_set(annotations, dated, nodes);
    let mut groups: Vec<(SortKey, Group)> = members_of
        .into_par_iter()
        .map(|mut members| {
            members.sort_unstable();
            let first = members[0].0;
            let ordered: Vec<usize> = members.into_iter().map(|(_, i)| i).collect();
            (first, build_group(dated, &ordered, person_of_name, index))
        })
        .collect();
    groups.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.claim.cmp(&b.1.claim)));
    groups.into_iter().map(|(_, g)| g).collect()
}

/// Per set of the union-find, in order of its first dated claim: its
/// claims (items), each with its place in the spec's order.
fn members_by_set(
    annotations: &[Annotation],
    dated: &Dated,
    nodes: &mut Nodes,
) -> Vec<Vec<(SortKey, usize)>> {
    let file_rank = path_ranks(annotations);
    let sort_key = |at: &ClaimAt| -> SortKey {
        let a = &annotations[at.file];
        let day = |d: Option<PartialDate>| d.map_or(i32::MAX, |d| d.first_day().num_days_from_ce());
        (
            day(a.claims[at.index].date),
            day(a.published),
            file_rank[at.file],
            at.index as u32,
        )
    };
    let roots: Vec<_> = nodes.of_item.iter().map(|&n| nodes.uf.find(n)).collect();
    let set_of_item = dense_ids::<u32, _>(&roots);
    let sort_keys: Vec<SortKey> = dated.at.par_iter().map(sort_key).collect();
    let mut members_of: Vec<Vec<(SortKey, usize)>> = vec![Vec::new(); set_of_item.count()];
    for (i, (&s, key)) in set_of_item.id_of.iter().zip(sort_keys).enumerate() {
        members_of[s as usize].push((key, i));
    }
    members_of
}

/// Each file's rank in path order (the loader's order is by key, which
/// differs from path order around `.` and `-`).
pub(super) fn path_ranks(annotations: &[Annotation]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    order.sort_by(|&a, &b| annotations[a].path.cmp(&annotations[b].path));
    let mut rank = vec![0u32; annotations.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

/// The group of the dated claims `ordered` (items, in the spec's order).
fn build_group(
    dated: &Dated,
    ordered: &[usize],
    person_of_name: &IdVec<NameId, PersonId>,
    index: &TextIndex,
) -> Group {
    let (rep_text, rep_pos) = representative(dated, ordered, index);
    let rep_negated = index.text_negated[rep_text];
    let members: Vec<Member> = ordered
        .iter()
        .map(|&i| {
            let c = dated.claim(i);
            let stance = if index.text_negated[dated.text[i]] != rep_negated {
                c.stance.flipped()
            } else {
                c.stance
            };
            Member {
                at: dated.at[i],
                stance,
                person: person_of_name[dated.name[i]],
                date: c.date.expect("only dated claims are items"),
            }
        })
        .collect();
    let topic = ordered.iter().find_map(|&i| dated.claim(i).topic.clone());
    let stances = crate::stances::judge(&members);
    Group {
        claim: dated.claim(ordered[rep_pos]).claim.clone(),
        topic,
        members,
        stances,
    }
}

/// The group's claim: the most frequent positive phrasing, ties to the
/// earliest. Its text, and the position in `ordered` of its first claim.
fn representative(dated: &Dated, ordered: &[usize], index: &TextIndex) -> (TextId, usize) {
    // text -> (count, first position)
    let mut counts: HashMap<TextId, (usize, usize)> = HashMap::default();
    for (pos, &i) in ordered.iter().enumerate() {
        counts.entry(dated.text[i]).or_insert((0, pos)).0 += 1;
    }
    let negated = |t: TextId| index.text_negated[t];
    let (&rep_text, &(_, rep_pos)) = counts
        .iter()
        .max_by(|(ta, (na, pa)), (tb, (nb, pb))| {
            (!negated(**ta))
                .cmp(&!negated(**tb))
                .then(na.cmp(nb))
                .then(pb.cmp(pa))
        })
        .expect("a group has claims");
    (rep_text, rep_pos)
}
