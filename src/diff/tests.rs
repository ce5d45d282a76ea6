use std::collections::HashSet;

use super::*;
use crate::model::Stance::{self, Refutes, Supports};
use crate::reconcile::reconcile_with;
use crate::speakers::Aliases;

const BRIDGE: &str = "The Northgate bridge will open in May";
const TUNNEL: &str = "The harbour tunnel will close for repairs";

/// (key, [(id, text, stance, speaker, date)])
type Files<'a> = &'a [(&'a str, &'a [(&'a str, &'a str, Stance, &'a str, &'a str)])];

fn side(files: Files) -> Side {
    let annotations: Vec<Annotation> = files
        .iter()
        .map(|(key, claims)| Annotation {
            key: (*key).into(),
            path: format!("claims/{key}.yaml"),
            article: Some(format!("articles/{key}.txt")),
            title: None,
            published: None,
            outlet: None,
            url: None,
            claims: claims
                .iter()
                .map(|&(id, text, stance, speaker, date)| {
                    Claim::dated(id, text, stance, speaker, "a quote", date)
                })
                .collect(),
            archived: None,
            retrieved: None,
        })
        .collect();
    let reconciled = reconcile_with(&annotations, &Aliases::default(), None);
    Side {
        commit: None,
        annotations,
        reconciled,
        problems: Vec::new(),
    }
}

#[test]
fn a_change_that_adds_a_reversal_is_headlined_with_it() {
    let old = side(&[(
        "jan",
        &[("ann", BRIDGE, Supports, "Mayor Ann Lee", "2024-01")],
    )]);
    let new = side(&[
        (
            "jan",
            &[("ann", BRIDGE, Supports, "Mayor Ann Lee", "2024-01")],
        ),
        ("mar", &[("ann", BRIDGE, Refutes, "Ann Lee", "2024-03")]),
    ]);
    let diff = compare(&old, &new);
    let s = diff.summary;
    assert_eq!((s.claims_added, s.groups_with_added), (1, 1));
    assert_eq!((s.reversals_added, s.verdicts_changed), (1, 1));
    assert_eq!(s.headline(), "1 new reversal, 1 claim added in 1 group");
    assert_eq!(diff.groups.len(), 1);
    assert_eq!(diff.groups[0].status, Status::Changed);
    // And the other way round, the reversal is gone with the claim.
    let back = compare(&new, &old).summary;
    assert_eq!((back.claims_removed, back.reversals_removed), (1, 1));
}

#[test]
fn rewording_a_claim_into_another_group_merges_the_two() {
    let old = side(&[
        ("a", &[("ann", BRIDGE, Supports, "Ann Lee", "2024-01")]),
        ("b", &[("bo", TUNNEL, Refutes, "Bo Lin", "2024-02")]),
    ]);
    let new = side(&[
        ("a", &[("ann", BRIDGE, Supports, "Ann Lee", "2024-01")]),
        ("b", &[("bo", BRIDGE, Refutes, "Bo Lin", "2024-02")]),
    ]);
    let diff = compare(&old, &new);
    let s = diff.summary;
    assert_eq!((s.groups_merged, s.claims_changed), (1, 1));
    assert_eq!(
        (s.claims_added, s.claims_removed, s.claims_moved),
        (0, 0, 0)
    );
    assert_eq!(s.conflicts_added, 1);
    let merged = diff
        .groups
        .iter()
        .find(|g| g.merged)
        .expect("a merged group");
    assert_eq!(merged.old.len(), 2);
    assert_eq!(merged.changed[0].1[0].field, "claim");

    // Reworded back, the group is split and the claim moves out.
    let s = compare(&new, &old).summary;
    assert_eq!(
        (s.groups_split, s.claims_moved, s.claims_changed),
        (1, 1, 1)
    );
    assert_eq!(s.conflicts_removed, 1);
}

#[test]
fn a_note_is_not_the_record() {
    let old = side(&[("a", &[("ann", BRIDGE, Supports, "Ann Lee", "2024-01")])]);
    let mut new = side(&[("a", &[("ann", BRIDGE, Supports, "Ann Lee", "2024-01")])]);
    new.annotations[0].claims[0].note = Some("checked by the desk".into());
    let diff = compare(&old, &new);
    assert!(diff.summary.is_empty());
    assert!(diff.groups.is_empty());
    assert_eq!(diff.summary.headline(), "no change to the record");
}

#[test]
fn a_renamed_file_keeps_its_claims() {
    let claims: &[(&str, &str, Stance, &str, &str)] = &[
        ("ann", BRIDGE, Supports, "Ann Lee", "2024-01"),
        ("bo", TUNNEL, Refutes, "Bo Lin", "2024-01"),
    ];
    let old = side(&[("draft", claims)]);
    let new = side(&[("2024/final-name", claims)]);
    let diff = compare(&old, &new);
    assert_eq!(diff.renamed.len(), 1);
    assert_eq!(diff.renamed[0].from_path, "claims/draft.yaml");
    assert_eq!(diff.renamed[0].to_path, "claims/2024/final-name.yaml");
    let s = diff.summary;
    assert_eq!(
        (s.claims_added, s.claims_removed, s.articles_renamed),
        (0, 0, 1)
    );
    assert!(s.is_empty());
    assert_eq!(s.headline(), "1 article renamed");
}

#[test]
fn a_file_replaced_by_one_with_other_claims_is_not_a_rename() {
    let old = side(&[("a", &[("ann", BRIDGE, Supports, "Ann Lee", "2024-01")])]);
    let new = side(&[("b", &[("bo", TUNNEL, Supports, "Bo Lin", "2024-01")])]);
    let diff = compare(&old, &new);
    assert!(diff.renamed.is_empty());
    let s = diff.summary;
    assert_eq!((s.claims_added, s.claims_removed), (1, 1));
    assert_eq!((s.groups_created, s.groups_removed), (1, 1));
}

#[test]
fn a_file_moved_and_corrected_in_one_change_is_a_rename_and_a_change() {
    let old = side(&[("draft", &[("ann", BRIDGE, Supports, "Ann Lee", "2024-01")])]);
    let new = side(&[(
        "2024/draft",
        &[("ann", BRIDGE, Refutes, "Ann Lee", "2024-01")],
    )]);
    let diff = compare(&old, &new);
    assert_eq!(diff.renamed.len(), 1);
    let s = diff.summary;
    assert_eq!(
        (s.claims_added, s.claims_removed, s.claims_changed),
        (0, 0, 1)
    );
}

#[test]
fn a_one_claim_file_moved_with_its_quote_corrected_is_a_rename() {
    let old = side(&[("pool", &[("ann", BRIDGE, Supports, "Ann Lee", "2024-01")])]);
    let mut new = side(&[(
        "2024/pool",
        &[("ann", BRIDGE, Supports, "Ann Lee", "2024-01")],
    )]);
    new.annotations[0].claims[0].quote = "a corrected quote".into();
    let diff = compare(&old, &new);
    assert_eq!(diff.renamed.len(), 1);
    let s = diff.summary;
    assert_eq!(
        (s.claims_added, s.claims_removed, s.claims_changed),
        (0, 0, 1)
    );
    // Another file with the same generic id and another quote is not one.
    let other = side(&[(
        "harbour",
        &[("ann", TUNNEL, Supports, "Ann Lee", "2024-01")],
    )]);
    let mut other_new = side(&[("tram", &[("ann", TUNNEL, Supports, "Ann Lee", "2024-01")])]);
    other_new.annotations[0].claims[0].quote = "another passage".into();
    assert!(compare(&other, &other_new).renamed.is_empty());
}

#[test]
fn a_stance_edit_is_a_change_and_can_undo_a_reversal() {
    let old = side(&[
        ("jan", &[("ann", BRIDGE, Supports, "Ann Lee", "2024-01")]),
        ("mar", &[("ann", BRIDGE, Refutes, "Ann Lee", "2024-03")]),
    ]);
    let new = side(&[
        ("jan", &[("ann", BRIDGE, Supports, "Ann Lee", "2024-01")]),
        ("mar", &[("ann", BRIDGE, Supports, "Ann Lee", "2024-03")]),
    ]);
    let diff = compare(&old, &new);
    let s = diff.summary;
    assert_eq!((s.claims_changed, s.reversals_removed), (1, 1));
    let change = &diff.groups[0].changed[0].1[0];
    assert_eq!(change.field, "stance");
    assert_eq!(change.from.as_deref(), Some("refutes"));
    assert_eq!(change.to.as_deref(), Some("supports"));
}

/// The reversals of a side by their claims' references, over all groups.
fn reversal_set(side: &Side) -> HashSet<(String, String, crate::stances::ReversalKind)> {
    let reference = |at: ClaimAt| {
        let a = &side.annotations[at.file];
        a.reference(&a.claims[at.index])
    };
    side.reconciled
        .groups
        .iter()
        .flat_map(|g| {
            g.stances.reversals.iter().map(move |r| {
                (
                    reference(g.members[r.from].at),
                    reference(g.members[r.to].at),
                    r.kind,
                )
            })
        })
        .collect()
}

/// A claim as the randomised test edits it: id, text, stance, speaker, date.
type Edited<'a> = (String, &'a str, Stance, &'a str, String);

/// One claim as [`side`] takes it.
type Row<'a> = (&'a str, &'a str, Stance, &'a str, &'a str);

#[test]
fn judging_only_the_groups_touched_finds_every_reversal_that_comes_or_goes() {
    const TEXTS: [&str; 4] = [
        BRIDGE,
        TUNNEL,
        "The tram line will reach Eastfield",
        "Fares will rise in June",
    ];
    const PEOPLE: [&str; 3] = ["Ann Lee", "Bo Lin", "Cy Park"];
    const STANCES: [Stance; 3] = [Supports, Refutes, Stance::Unsure];
    let mut seed: u64 = 7;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % n as u64) as usize
    };
    for _ in 0..60 {
        // Three files of four claims; the change edits a few of them.
        let mut files: Vec<Vec<Edited>> = (0..3)
            .map(|f| {
                (0..4)
                    .map(|c| {
                        (
                            format!("c{f}{c}"),
                            TEXTS[next(4)],
                            STANCES[next(3)],
                            PEOPLE[next(3)],
                            format!("2024-0{}", 1 + next(9)),
                        )
                    })
                    .collect()
            })
            .collect();
        let build = |files: &Vec<Vec<Edited>>| {
            let owned: Vec<(String, Vec<Row>)> = files
                .iter()
                .enumerate()
                .map(|(f, claims)| {
                    (
                        format!("f{f}"),
                        claims
                            .iter()
                            .map(|(id, t, s, p, d)| (id.as_str(), *t, *s, *p, d.as_str()))
                            .collect(),
                    )
                })
                .collect();
            let list: Vec<(&str, &[Row])> = owned
                .iter()
                .map(|(k, c)| (k.as_str(), c.as_slice()))
                .collect();
            side(&list)
        };
        let old = build(&files);
        for _ in 0..1 + next(3) {
            let (f, c) = (next(3), next(4));
            match next(4) {
                0 => files[f][c].1 = TEXTS[next(4)],
                1 => files[f][c].2 = STANCES[next(3)],
                2 => files[f][c].4 = format!("2024-0{}", 1 + next(9)),
                _ => {
                    files[f].remove(c);
                    files[f].push((
                        format!("n{f}{c}"),
                        TEXTS[next(4)],
                        STANCES[next(3)],
                        PEOPLE[next(3)],
                        "2024-05".into(),
                    ));
                }
            }
        }
        let new = build(&files);
        let diff = compare(&old, &new);
        let (before, after) = (reversal_set(&old), reversal_set(&new));
        assert_eq!(
            diff.summary.reversals_added,
            after.difference(&before).count(),
            "{:#?}",
            diff.groups
        );
        assert_eq!(
            diff.summary.reversals_removed,
            before.difference(&after).count()
        );
    }
}
