//! `diff --format json`: the schema the README documents. Fields come in
//! the order written here; every list is in the diff's order, so the same
//! change gives the same bytes.

use serde::Serialize;

use super::{FieldChange, GroupDiff, RecordDiff, Revisions, Side};
use crate::reconcile::Group;

#[derive(Serialize)]
struct Document<'a> {
    from: End<'a>,
    to: End<'a>,
    headline: String,
    summary: Counts,
    renamed: Vec<Renamed<'a>>,
    groups: Vec<GroupJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ungrouped_added: Vec<ClaimJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ungrouped_removed: Vec<ClaimJson<'a>>,
}

#[derive(Serialize)]
struct End<'a> {
    /// The revision as given; `None`: the work tree.
    rev: Option<&'a str>,
    commit: Option<&'a str>,
    errors: usize,
}

#[derive(Serialize)]
struct Counts {
    claims_added: usize,
    claims_removed: usize,
    claims_changed: usize,
    claims_moved: usize,
    groups_created: usize,
    groups_removed: usize,
    groups_merged: usize,
    groups_split: usize,
    reversals_added: usize,
    reversals_removed: usize,
    conflicts_added: usize,
    conflicts_removed: usize,
    verdicts_changed: usize,
    articles_renamed: usize,
}

#[derive(Serialize)]
struct Renamed<'a> {
    from: &'a str,
    to: &'a str,
    article_from: Option<&'a str>,
    article_to: Option<&'a str>,
}

#[derive(Serialize)]
struct GroupJson<'a> {
    claim: &'a str,
    topic: Option<&'a str>,
    status: &'static str,
    was: Vec<&'a str>,
    merged: bool,
    split: bool,
    claims_added: Vec<ClaimJson<'a>>,
    claims_removed: Vec<ClaimJson<'a>>,
    claims_changed: Vec<Changed<'a>>,
    claims_moved_in: Vec<Moved<'a>>,
    reversals_added: Vec<ReversalJson<'a>>,
    reversals_removed: Vec<ReversalJson<'a>>,
    verdicts_changed: Vec<VerdictJson<'a>>,
    conflict: Pair,
    conflict_now: Pair,
}

#[derive(Serialize)]
pub(super) struct ClaimJson<'a> {
    #[serde(rename = "ref")]
    reference: String,
    article: Option<&'a str>,
    claim: &'a str,
    speaker: &'a str,
    /// Relative to the group's claim, as in `report`; for a claim in no
    /// group, as written.
    stance: &'static str,
    date: Option<String>,
    quote: &'a str,
}

#[derive(Serialize)]
struct Changed<'a> {
    #[serde(rename = "ref")]
    reference: String,
    article: Option<&'a str>,
    changes: Vec<ChangeJson<'a>>,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    field: &'static str,
    from: Option<&'a str>,
    to: Option<&'a str>,
}

#[derive(Serialize)]
struct Moved<'a> {
    #[serde(rename = "ref")]
    reference: String,
    from_group: &'a str,
}

#[derive(Serialize)]
struct ReversalJson<'a> {
    speaker: &'a str,
    from: String,
    to: String,
    kind: &'static str,
    via: Vec<String>,
}

#[derive(Serialize)]
struct VerdictJson<'a> {
    speaker: &'a str,
    from: Option<&'static str>,
    to: Option<&'static str>,
}

#[derive(Serialize)]
struct Pair {
    from: bool,
    to: bool,
}

/// A claim of `side`, as a member of `group` (stance relative to its claim).
pub(super) fn member<'a>(side: &'a Side, group: &'a Group, m: usize) -> ClaimJson<'a> {
    let member = &group.members[m];
    let mut c = claim(side, member.at);
    c.stance = member.stance.as_str();
    c
}

/// A claim of `side` by position, its stance as written.
pub(super) fn claim(side: &Side, at: crate::reconcile::ClaimAt) -> ClaimJson<'_> {
    let a = &side.annotations[at.file];
    let c = &a.claims[at.index];
    ClaimJson {
        reference: a.reference(c),
        article: a.article.as_deref(),
        claim: &c.claim,
        speaker: &c.speaker,
        stance: c.stance.as_str(),
        date: c.date.map(|d| d.to_string()),
        quote: &c.quote,
    }
}

fn reversals<'a>(
    side: &'a Side,
    group: &'a Group,
    which: impl Iterator<Item = usize>,
) -> Vec<ReversalJson<'a>> {
    let reference = |m: usize| {
        let at = group.members[m].at;
        let a = &side.annotations[at.file];
        a.reference(&a.claims[at.index])
    };
    which
        .map(|i| {
            let r = &group.stances.reversals[i];
            ReversalJson {
                speaker: side.reconciled.speakers.name(r.person),
                from: reference(r.from),
                to: reference(r.to),
                kind: r.kind.as_str(),
                via: r.via.iter().map(|&m| reference(m)).collect(),
            }
        })
        .collect()
}

fn group<'a>(diff: &'a RecordDiff, g: &'a GroupDiff) -> GroupJson<'a> {
    let (old, new) = (diff.old, diff.new);
    let shown = diff.shown_group(g);
    let new_group = g.new.map(|ng| &new.reconciled.groups[ng]);
    GroupJson {
        claim: &shown.claim,
        topic: shown.topic.as_deref(),
        status: g.status.as_str(),
        was: g
            .old
            .iter()
            .map(|&og| old.reconciled.groups[og].claim.as_str())
            .collect(),
        merged: g.merged,
        split: g.split,
        claims_added: new_group
            .map(|ng| g.added.iter().map(|&m| member(new, ng, m)).collect())
            .unwrap_or_default(),
        claims_removed: g
            .removed
            .iter()
            .map(|&(og, m)| member(old, &old.reconciled.groups[og], m))
            .collect(),
        claims_changed: new_group
            .map(|ng| {
                g.changed
                    .iter()
                    .map(|(m, changes)| {
                        let c = member(new, ng, *m);
                        Changed {
                            reference: c.reference,
                            article: c.article,
                            changes: changes.iter().map(change).collect(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default(),
        claims_moved_in: new_group
            .map(|ng| {
                g.moved_in
                    .iter()
                    .map(|&(m, og)| Moved {
                        reference: member(new, ng, m).reference,
                        from_group: &old.reconciled.groups[og].claim,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        reversals_added: new_group
            .map(|ng| reversals(new, ng, g.reversals_added.iter().copied()))
            .unwrap_or_default(),
        reversals_removed: g
            .reversals_removed
            .iter()
            .flat_map(|&(og, i)| reversals(old, &old.reconciled.groups[og], std::iter::once(i)))
            .collect(),
        verdicts_changed: g
            .verdicts
            .iter()
            .map(|v| VerdictJson {
                speaker: &v.speaker,
                from: v.from.map(|v| v.as_str()),
                to: v.to.map(|v| v.as_str()),
            })
            .collect(),
        conflict: Pair {
            from: g.conflict.0,
            to: g.conflict.1,
        },
        conflict_now: Pair {
            from: g.conflict_now.0,
            to: g.conflict_now.1,
        },
    }
}

fn change(c: &FieldChange) -> ChangeJson<'_> {
    ChangeJson {
        field: c.field,
        from: c.from.as_deref(),
        to: c.to.as_deref(),
    }
}

/// The diff as pretty-printed JSON, with a final newline.
pub fn render_json(diff: &RecordDiff, revisions: &Revisions) -> String {
    let s = &diff.summary;
    let document = Document {
        from: End {
            rev: Some(&revisions.from),
            commit: diff.old.commit.as_deref(),
            errors: diff.old.errors(),
        },
        to: End {
            rev: revisions.to.as_deref(),
            commit: diff.new.commit.as_deref(),
            errors: diff.new.errors(),
        },
        headline: s.headline(),
        summary: Counts {
            claims_added: s.claims_added,
            claims_removed: s.claims_removed,
            claims_changed: s.claims_changed,
            claims_moved: s.claims_moved,
            groups_created: s.groups_created,
            groups_removed: s.groups_removed,
            groups_merged: s.groups_merged,
            groups_split: s.groups_split,
            reversals_added: s.reversals_added,
            reversals_removed: s.reversals_removed,
            conflicts_added: s.conflicts_added,
            conflicts_removed: s.conflicts_removed,
            verdicts_changed: s.verdicts_changed,
            articles_renamed: s.articles_renamed,
        },
        renamed: diff
            .renamed
            .iter()
            .map(|r| Renamed {
                from: &r.from_path,
                to: &r.to_path,
                article_from: r.article_from.as_deref(),
                article_to: r.article_to.as_deref(),
            })
            .collect(),
        groups: diff.groups.iter().map(|g| group(diff, g)).collect(),
        ungrouped_added: diff
            .ungrouped_added
            .iter()
            .map(|&at| claim(diff.new, at))
            .collect(),
        ungrouped_removed: diff
            .ungrouped_removed
            .iter()
            .map(|&at| claim(diff.old, at))
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).expect("a diff serializes");
    text.push('\n');
    crate::text::json_terminal_safe(text)
}
