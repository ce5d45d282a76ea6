//! `diff`: what a change does to the record, read as an editor reviews a
//! pull request: the claims it adds, removes or changes, the groups they
//! join, merge or split, and the reversals, verdicts and conflicts that
//! appear or disappear.
//!
//! Both sides are whole corpora, each reconciled on its own ([`Side`]).
//! Claims are the same claim on both sides when their reference (`key#id`)
//! is, after renames: an annotation file that is gone and one that is new
//! holding mostly the same claims are one file renamed (`renames.rs`).
//! Groups are matched by the claims they share, never by position: an old
//! group's *successor* is the new group holding most of its claims, and a
//! claim whose new group is not its old group's successor has *moved*. A
//! new group that is the successor of two old ones merged them; an old
//! group whose claims went to two new ones was split.

mod json;
mod markdown;
mod renames;
mod side;
mod terminal;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rustc_hash::FxHashMap;

use crate::model::{Annotation, Claim};
use crate::reconcile::{ClaimAt, Group, Reconciled};
use crate::stances::{Reversal, Verdict};

pub use json::render_json;
pub use markdown::render_markdown;
pub use renames::Rename;
pub use side::{DiffError, Side, SideCache, commit_side, work_tree_side};
pub use terminal::render_terminal;

/// The two revisions compared, as the user named them.
#[derive(Debug, Clone)]
pub struct Revisions {
    pub from: String,
    /// `None`: the work tree.
    pub to: Option<String>,
}

/// What one change does to the record.
#[derive(Debug)]
pub struct RecordDiff<'s> {
    pub old: &'s Side,
    pub new: &'s Side,
    /// Annotation files renamed (with their claims): not churn.
    pub renamed: Vec<Rename>,
    /// The groups something happened to: new groups in their order, then
    /// old groups that are gone.
    pub groups: Vec<GroupDiff>,
    /// Claims added or removed that are in no group (no valid date).
    pub ungrouped_added: Vec<ClaimAt>,
    pub ungrouped_removed: Vec<ClaimAt>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// None of its claims was in a group before.
    Created,
    /// None of its claims is in a group now.
    Removed,
    Changed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Removed => "removed",
            Status::Changed => "changed",
        }
    }
}

/// One field of a claim that differs between the sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    /// `None`: the field was not there (a topic).
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A person whose verdict in a group is not what it was; `None`: they had
/// no claim in the group on that side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictChange {
    pub speaker: String,
    pub from: Option<Verdict>,
    pub to: Option<Verdict>,
}

/// What happened to one group. Member indices are into the group's
/// members on its side (`new` for the new side, `old` for the old one).
#[derive(Debug, Clone)]
pub struct GroupDiff {
    pub status: Status,
    /// The new group (none when removed).
    pub new: Option<usize>,
    /// The old groups that shared claims with it, most shared first (for
    /// a removed group: itself).
    pub old: Vec<usize>,
    /// It is the successor of two old groups or more.
    pub merged: bool,
    /// One of its old groups' claims went to two new groups or more.
    pub split: bool,
    /// Members of the new group that are new claims.
    pub added: Vec<usize>,
    /// (old group, member) of claims that are gone.
    pub removed: Vec<(usize, usize)>,
    /// Members of the new group whose claim was edited, with what changed.
    pub changed: Vec<(usize, Vec<FieldChange>)>,
    /// Members of the new group that came from another group than the one
    /// it succeeds: (member, old group).
    pub moved_in: Vec<(usize, usize)>,
    /// Indices into the new group's reversals.
    pub reversals_added: Vec<usize>,
    /// (old group, index into its reversals).
    pub reversals_removed: Vec<(usize, usize)>,
    pub verdicts: Vec<VerdictChange>,
    /// Whether people ever disagreed (then, now) before and after.
    pub conflict: (bool, bool),
    pub conflict_now: (bool, bool),
}

impl GroupDiff {
    fn is_empty(&self) -> bool {
        self.status == Status::Changed
            && !self.merged
            && !self.split
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.moved_in.is_empty()
            && self.reversals_added.is_empty()
            && self.reversals_removed.is_empty()
            && self.verdicts.is_empty()
            && self.conflict.0 == self.conflict.1
            && self.conflict_now.0 == self.conflict_now.1
    }

    /// Whether a conflict appears in it (no old group it came from had one).
    pub fn conflict_added(&self) -> bool {
        self.conflict.1 && !self.conflict.0
    }
}

/// The counts a reviewer reads first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub claims_added: usize,
    /// Groups that gained a new claim.
    pub groups_with_added: usize,
    pub claims_removed: usize,
    pub claims_changed: usize,
    pub claims_moved: usize,
    pub groups_created: usize,
    pub groups_removed: usize,
    pub groups_merged: usize,
    pub groups_split: usize,
    pub reversals_added: usize,
    pub reversals_removed: usize,
    pub conflicts_added: usize,
    pub conflicts_removed: usize,
    pub verdicts_changed: usize,
    pub articles_renamed: usize,
}

impl Summary {
    /// "2 new reversals, 1 new conflict, 14 claims added in 5 groups": the
    /// counts that are not zero, the most consequential first. Verdicts
    /// are left to the details: a new reversal nearly always changes one.
    pub fn headline(&self) -> String {
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        let mut parts = Vec::new();
        let mut part = |count: usize, text: String| {
            if count > 0 {
                parts.push(text);
            }
        };
        part(
            self.reversals_added,
            n(self.reversals_added, "new reversal", "new reversals"),
        );
        part(
            self.conflicts_added,
            n(self.conflicts_added, "new conflict", "new conflicts"),
        );
        let added = if self.groups_with_added > 0 {
            format!(
                "{} in {}",
                n(self.claims_added, "claim added", "claims added"),
                n(self.groups_with_added, "group", "groups")
            )
        } else {
            n(self.claims_added, "claim added", "claims added")
        };
        part(self.claims_added, added);
        let rest = [
            (self.claims_removed, "claim removed", "claims removed"),
            (self.claims_changed, "claim changed", "claims changed"),
            (self.claims_moved, "claim moved", "claims moved"),
            (self.groups_merged, "group merged", "groups merged"),
            (self.groups_split, "group split", "groups split"),
            (self.reversals_removed, "reversal gone", "reversals gone"),
            (
                self.conflicts_removed,
                "conflict resolved",
                "conflicts resolved",
            ),
            (self.articles_renamed, "article renamed", "articles renamed"),
        ];
        for (count, one, many) in rest {
            part(count, n(count, one, many));
        }
        if parts.is_empty() {
            "no change to the record".to_owned()
        } else {
            parts.join(", ")
        }
    }

    /// Whether the record is the same on both sides (renames aside).
    pub fn is_empty(&self) -> bool {
        Summary {
            articles_renamed: 0,
            ..*self
        } == Summary::default()
    }
}

/// A claim's place on one side.
#[derive(Debug, Clone, Copy)]
struct Placed<'s> {
    at: ClaimAt,
    claim: &'s Claim,
}

/// A claim's reference, `key#id`, as its two parts (no string is built
/// for each of a million claims).
type Reference<'s> = (&'s str, &'s str);

/// Every claim of a side by its reference (the first of a duplicated id),
/// with old keys renamed as `renamed` says.
fn by_reference<'s>(
    annotations: &'s [Annotation],
    rename: &HashMap<&'s str, &'s str>,
) -> FxHashMap<Reference<'s>, Placed<'s>> {
    let mut refs = FxHashMap::default();
    refs.reserve(annotations.iter().map(|a| a.claims.len()).sum());
    for (file, annotation) in annotations.iter().enumerate() {
        let key = rename
            .get(annotation.key.as_str())
            .copied()
            .unwrap_or(&annotation.key);
        for (index, claim) in annotation.claims.iter().enumerate() {
            refs.entry((key, claim.id.as_str())).or_insert(Placed {
                at: ClaimAt { file, index },
                claim,
            });
        }
    }
    refs
}

/// The fields of a claim that are the record (a `note` is not). Strings
/// are only made for the fields that differ.
fn field_changes(old: &Claim, new: &Claim) -> Vec<FieldChange> {
    let date = |c: &Claim| c.date.map(|d| d.to_string());
    let (old_date, new_date) = if old.date == new.date {
        (None, None)
    } else {
        (date(old), date(new))
    };
    let fields = [
        ("claim", Some(old.claim.as_str()), Some(new.claim.as_str())),
        ("speaker", Some(&old.speaker), Some(&new.speaker)),
        (
            "stance",
            Some(old.stance.as_str()),
            Some(new.stance.as_str()),
        ),
        ("date", old_date.as_deref(), new_date.as_deref()),
        ("quote", Some(&old.quote), Some(&new.quote)),
        ("topic", old.topic.as_deref(), new.topic.as_deref()),
    ];
    fields
        .into_iter()
        .filter(|(_, from, to)| from != to)
        .map(|(field, from, to)| FieldChange {
            field,
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
        })
        .collect()
}

/// A reversal as the same on both sides: its claims' references and kind.
type ReversalKey<'s> = (Reference<'s>, Reference<'s>, crate::stances::ReversalKind);

fn reversal_key<'s>(
    group: &Group,
    reversal: &Reversal,
    reference: &impl Fn(ClaimAt) -> Reference<'s>,
) -> ReversalKey<'s> {
    (
        reference(group.members[reversal.from].at),
        reference(group.members[reversal.to].at),
        reversal.kind,
    )
}

fn reversal_keys<'s, 'g>(
    group: &'g Group,
    reference: &'g impl Fn(ClaimAt) -> Reference<'s>,
) -> impl Iterator<Item = ReversalKey<'s>> + 'g {
    group
        .stances
        .reversals
        .iter()
        .map(move |r| reversal_key(group, r, reference))
}

/// Compares two sides of a change.
///
/// Only groups something may have happened to are judged: a group whose
/// claims, in order, are the same claims with the same fields and the
/// same people as its one predecessor's, where nothing else came or went,
/// has the same reversals, verdicts and conflicts. At 100,000 claims and a
/// one-article change that leaves a handful of groups to look at.
pub fn compare<'s>(old: &'s Side, new: &'s Side) -> RecordDiff<'s> {
    let renamed = renames::find(&old.annotations, &new.annotations);
    let rename: HashMap<&str, &str> = renamed
        .iter()
        .map(|r| (r.from_key.as_str(), r.to_key.as_str()))
        .collect();
    let old_refs = by_reference(&old.annotations, &rename);
    let new_refs = by_reference(&new.annotations, &HashMap::new());
    let old_ref_of = |at: ClaimAt| -> Reference {
        let a = &old.annotations[at.file];
        let key = rename.get(a.key.as_str()).copied().unwrap_or(&a.key);
        (key, &a.claims[at.index].id)
    };
    let new_ref_of = |at: ClaimAt| -> Reference {
        let a = &new.annotations[at.file];
        (&a.key, &a.claims[at.index].id)
    };
    let (old_members, new_members) = (MemberIndex::of(old), MemberIndex::of(new));
    let (old_count, new_count) = (old.reconciled.groups.len(), new.reconciled.groups.len());

    // Claims on both sides, with their groups on each.
    let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut common: Vec<(Placed, Placed)> = Vec::new();
    for (reference, n) in &new_refs {
        if let Some(o) = old_refs.get(reference) {
            common.push((*o, *n));
            if let (Some(og), Some(ng)) =
                (old.reconciled.group_of(o.at), new.reconciled.group_of(n.at))
            {
                *shared.entry((og, ng)).or_default() += 1;
            }
        }
    }
    common.sort_unstable_by_key(|(_, n)| n.at);
    let added: Vec<ClaimAt> = sorted_missing(&new_refs, &old_refs);
    let removed: Vec<ClaimAt> = sorted_missing(&old_refs, &new_refs);

    // Successors, sources and destinations, from the claims groups share.
    let mut successor: Vec<Option<(usize, usize)>> = vec![None; old_count]; // (count, ng)
    let mut sources: Vec<Vec<(usize, usize)>> = vec![Vec::new(); new_count]; // [(count, og)]
    let mut destinations: Vec<Vec<usize>> = vec![Vec::new(); old_count];
    // An old group's successor holds most of its claims; of two holding as
    // many, the one that kept its claim (its most common wording), then
    // the first.
    let kept_claim =
        |og: usize, ng: usize| old.reconciled.groups[og].claim == new.reconciled.groups[ng].claim;
    for (&(og, ng), &count) in &shared {
        let better = match successor[og] {
            None => true,
            Some((best, at)) => {
                count > best || (count == best && kept_claim(og, ng) && !kept_claim(og, at))
            }
        };
        if better {
            successor[og] = Some((count, ng));
        }
        sources[ng].push((count, og));
        destinations[og].push(ng);
    }
    for list in &mut sources {
        list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    }
    let successor_of = |og: usize| successor[og].map(|(_, ng)| ng);

    // Which groups something happened to.
    let mut touched_new: Vec<bool> = (0..new_count).map(|ng| sources[ng].len() != 1).collect();
    let mut touched_old: Vec<bool> = (0..old_count)
        .map(|og| destinations[og].len() != 1)
        .collect();
    for &at in &added {
        if let Some((ng, _)) = new_members.get(at) {
            touched_new[ng] = true;
        }
    }
    for &at in &removed {
        if let Some((og, _)) = old_members.get(at) {
            touched_old[og] = true;
        }
    }
    let mut changes_of: Vec<Vec<FieldChange>> = Vec::with_capacity(common.len());
    for (o, n) in &common {
        let changes = field_changes(o.claim, n.claim);
        let (og, ng) = (old.reconciled.group_of(o.at), new.reconciled.group_of(n.at));
        let moved = matches!((og, ng), (Some(og), Some(ng)) if successor_of(og) != Some(ng));
        if !changes.is_empty() || moved || og.is_none() != ng.is_none() {
            if let Some(og) = og {
                touched_old[og] = true;
            }
            if let Some(ng) = ng {
                touched_new[ng] = true;
            }
        }
        changes_of.push(changes);
    }
    for ng in 0..new_count {
        if !touched_new[ng] && !same_members(old, new, sources[ng][0].1, ng, &old_ref_of) {
            touched_new[ng] = true;
        }
    }
    // An old group is judged again when it or a group its claims went to
    // changed; a new group when it or a group its claims came from did.
    let judge_old: Vec<bool> = (0..old_count)
        .map(|og| touched_old[og] || destinations[og].iter().any(|&ng| touched_new[ng]))
        .collect();
    let judge_new: Vec<bool> = (0..new_count)
        .map(|ng| touched_new[ng] || sources[ng].iter().any(|&(_, og)| judge_old[og]))
        .collect();

    let mut entries: BTreeMap<usize, GroupDiff> = BTreeMap::new();
    let mut gone: BTreeMap<usize, GroupDiff> = BTreeMap::new();
    for (ng, group) in new.reconciled.groups.iter().enumerate() {
        if !judge_new[ng] {
            continue;
        }
        let from: Vec<usize> = sources[ng].iter().map(|&(_, og)| og).collect();
        let succeeded = from
            .iter()
            .filter(|&&og| successor_of(og) == Some(ng))
            .count();
        let was = |f: fn(&Group) -> bool| from.iter().any(|&og| f(&old.reconciled.groups[og]));
        let before: HashSet<ReversalKey> = from
            .iter()
            .flat_map(|&og| reversal_keys(&old.reconciled.groups[og], &old_ref_of))
            .collect();
        let reversals_added = group
            .stances
            .reversals
            .iter()
            .enumerate()
            .filter(|(_, r)| !before.contains(&reversal_key(group, r, &new_ref_of)))
            .map(|(i, _)| i)
            .collect();
        entries.insert(
            ng,
            GroupDiff {
                status: if from.is_empty() {
                    Status::Created
                } else {
                    Status::Changed
                },
                new: Some(ng),
                merged: succeeded >= 2,
                split: from.iter().any(|&og| destinations[og].len() >= 2),
                // Verdicts are compared with the group it succeeds, if any:
                // a part split off starts anew.
                verdicts: verdict_changes(
                    from.iter()
                        .find(|&&og| successor_of(og) == Some(ng))
                        .map(|&og| (&old.reconciled, og)),
                    Some((&new.reconciled, ng)),
                ),
                conflict: (was(|g| g.stances.conflict()), group.stances.conflict()),
                conflict_now: (
                    was(|g| g.stances.conflict_now()),
                    group.stances.conflict_now(),
                ),
                old: from,
                reversals_added,
                ..GroupDiff::empty()
            },
        );
    }
    for (og, group) in old.reconciled.groups.iter().enumerate() {
        if !judge_old[og] {
            continue;
        }
        if successor_of(og).is_none() {
            gone.insert(
                og,
                GroupDiff {
                    status: Status::Removed,
                    old: vec![og],
                    verdicts: verdict_changes(Some((&old.reconciled, og)), None),
                    conflict: (group.stances.conflict(), false),
                    conflict_now: (group.stances.conflict_now(), false),
                    ..GroupDiff::empty()
                },
            );
        }
        let after: HashSet<ReversalKey> = destinations[og]
            .iter()
            .flat_map(|&ng| reversal_keys(&new.reconciled.groups[ng], &new_ref_of))
            .collect();
        for (i, r) in group.stances.reversals.iter().enumerate() {
            if !after.contains(&reversal_key(group, r, &old_ref_of)) {
                entry_of_old(&mut entries, &mut gone, successor_of(og), og)
                    .reversals_removed
                    .push((og, i));
            }
        }
    }

    // Claims added, removed, changed and moved, each in its group's entry.
    let mut ungrouped_added = Vec::new();
    for at in added {
        match new_members.get(at) {
            Some((ng, m)) => entries.get_mut(&ng).expect("a touched group").added.push(m),
            None => ungrouped_added.push(at),
        }
    }
    let mut ungrouped_removed = Vec::new();
    for at in removed {
        match old_members.get(at) {
            Some((og, m)) => entry_of_old(&mut entries, &mut gone, successor_of(og), og)
                .removed
                .push((og, m)),
            None => ungrouped_removed.push(at),
        }
    }
    let mut claims_changed = 0;
    let mut claims_moved = 0;
    for ((o, n), changes) in common.iter().zip(changes_of) {
        claims_changed += usize::from(!changes.is_empty());
        let Some((ng, m)) = new_members.get(n.at) else {
            continue;
        };
        let moved = old
            .reconciled
            .group_of(o.at)
            .filter(|&og| successor_of(og) != Some(ng));
        if changes.is_empty() && moved.is_none() {
            continue;
        }
        let entry = entries.get_mut(&ng).expect("a touched group");
        if !changes.is_empty() {
            entry.changed.push((m, changes));
        }
        if let Some(og) = moved {
            claims_moved += 1;
            entry.moved_in.push((m, og));
        }
    }

    let mut groups: Vec<GroupDiff> = entries
        .into_values()
        .chain(gone.into_values())
        .filter(|g| !g.is_empty())
        .collect();
    for g in &mut groups {
        g.added.sort_unstable();
        g.removed.sort_unstable();
        g.changed.sort_by_key(|c| c.0);
        g.moved_in.sort_unstable();
        g.reversals_removed.sort_unstable();
    }
    let summary = Summary {
        claims_added: groups.iter().map(|g| g.added.len()).sum::<usize>() + ungrouped_added.len(),
        groups_with_added: groups.iter().filter(|g| !g.added.is_empty()).count(),
        claims_removed: groups.iter().map(|g| g.removed.len()).sum::<usize>()
            + ungrouped_removed.len(),
        claims_changed,
        claims_moved,
        groups_created: groups
            .iter()
            .filter(|g| g.status == Status::Created)
            .count(),
        groups_removed: groups
            .iter()
            .filter(|g| g.status == Status::Removed)
            .count(),
        groups_merged: groups.iter().filter(|g| g.merged).count(),
        groups_split: destinations.iter().filter(|d| d.len() >= 2).count(),
        reversals_added: groups.iter().map(|g| g.reversals_added.len()).sum(),
        reversals_removed: groups.iter().map(|g| g.reversals_removed.len()).sum(),
        conflicts_added: groups.iter().filter(|g| g.conflict_added()).count(),
        conflicts_removed: conflicts_removed(old, new, &destinations),
        verdicts_changed: groups.iter().map(|g| g.verdicts.len()).sum(),
        articles_renamed: renamed.len(),
    };
    RecordDiff {
        old,
        new,
        renamed,
        groups,
        ungrouped_added,
        ungrouped_removed,
        summary,
    }
}

/// Whether new group `ng` holds, in order, the claims of old group `og`
/// said by the same people on the same days with the same stances: then
/// everything judged of it is the same.
fn same_members<'s>(
    old: &'s Side,
    new: &'s Side,
    og: usize,
    ng: usize,
    old_ref_of: &impl Fn(ClaimAt) -> Reference<'s>,
) -> bool {
    let (a, b) = (&old.reconciled.groups[og], &new.reconciled.groups[ng]);
    a.members.len() == b.members.len()
        && a.claim == b.claim
        && a.members.iter().zip(&b.members).all(|(x, y)| {
            let y_ref = {
                let an = &new.annotations[y.at.file];
                (an.key.as_str(), an.claims[y.at.index].id.as_str())
            };
            x.stance == y.stance
                && x.date == y.date
                && old_ref_of(x.at) == y_ref
                && old.reconciled.speakers.name(x.person) == new.reconciled.speakers.name(y.person)
        })
}

impl RecordDiff<'_> {
    /// The group an entry is about: the new one, or the old one when it
    /// is gone.
    pub fn shown_group(&self, g: &GroupDiff) -> &Group {
        match g.new {
            Some(ng) => &self.new.reconciled.groups[ng],
            None => &self.old.reconciled.groups[g.old[0]],
        }
    }
}

impl GroupDiff {
    fn empty() -> GroupDiff {
        GroupDiff {
            status: Status::Changed,
            new: None,
            old: Vec::new(),
            merged: false,
            split: false,
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
            moved_in: Vec::new(),
            reversals_added: Vec::new(),
            reversals_removed: Vec::new(),
            verdicts: Vec::new(),
            conflict: (false, false),
            conflict_now: (false, false),
        }
    }
}

/// Each grouped claim's group and place among its members.
struct MemberIndex(Vec<Vec<Option<(u32, u32)>>>);

impl MemberIndex {
    fn of(side: &Side) -> MemberIndex {
        let mut index: Vec<Vec<Option<(u32, u32)>>> = side
            .annotations
            .iter()
            .map(|a| vec![None; a.claims.len()])
            .collect();
        for (g, group) in side.reconciled.groups.iter().enumerate() {
            for (m, member) in group.members.iter().enumerate() {
                index[member.at.file][member.at.index] = Some((g as u32, m as u32));
            }
        }
        MemberIndex(index)
    }

    fn get(&self, at: ClaimAt) -> Option<(usize, usize)> {
        let (g, m) = (*self.0.get(at.file)?.get(at.index)?)?;
        Some((g as usize, m as usize))
    }
}

/// Where what happened to old group `og` is told: in its successor's
/// entry, or in its own when it has none.
fn entry_of_old<'e>(
    entries: &'e mut BTreeMap<usize, GroupDiff>,
    gone: &'e mut BTreeMap<usize, GroupDiff>,
    successor: Option<usize>,
    og: usize,
) -> &'e mut GroupDiff {
    match successor {
        Some(ng) => entries.get_mut(&ng).expect("every group"),
        None => gone.get_mut(&og).expect("a group with no successor"),
    }
}

/// The claims of `from` whose reference `to` lacks, in file order.
fn sorted_missing(
    from: &FxHashMap<Reference, Placed>,
    to: &FxHashMap<Reference, Placed>,
) -> Vec<ClaimAt> {
    let mut missing: Vec<ClaimAt> = from
        .iter()
        .filter(|(r, _)| !to.contains_key(*r))
        .map(|(_, p)| p.at)
        .collect();
    missing.sort_unstable();
    missing
}

/// Old groups with a conflict none of whose claims is in a group with
/// one now: conflicts resolved (or removed).
fn conflicts_removed(old: &Side, new: &Side, destinations: &[Vec<usize>]) -> usize {
    old.reconciled
        .groups
        .iter()
        .zip(destinations)
        .filter(|(group, to)| {
            group.stances.conflict()
                && !to
                    .iter()
                    .any(|&ng| new.reconciled.groups[ng].stances.conflict())
        })
        .count()
}

/// Each person's verdict in the old group against the new one (by name),
/// where it differs; a person new to a group with no flip is no news.
fn verdict_changes(
    old: Option<(&Reconciled, usize)>,
    new: Option<(&Reconciled, usize)>,
) -> Vec<VerdictChange> {
    let verdicts = |side: Option<(&Reconciled, usize)>| -> BTreeMap<String, Verdict> {
        side.map(|(r, g)| {
            r.groups[g]
                .stances
                .positions
                .iter()
                .map(|p| (r.speakers.name(p.person).to_owned(), p.verdict))
                .collect()
        })
        .unwrap_or_default()
    };
    let (before, after) = (verdicts(old), verdicts(new));
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let (from, to) = (before.get(name).copied(), after.get(name).copied());
            let news = from != to
                && !(from.is_none() && to == Some(Verdict::NoFlip))
                && !(to.is_none() && from == Some(Verdict::NoFlip));
            news.then(|| VerdictChange {
                speaker: name.clone(),
                from,
                to,
            })
        })
        .collect()
}
