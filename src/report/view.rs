//! What a report shows: the groups kept by a [`Filter`], each with the
//! stances of its kept claims judged again, and the summary counts. Every
//! format (table, Markdown, JSON, HTML, by speaker) renders a [`View`].

use crate::speakers::PersonId;
use std::borrow::Cow;
use std::collections::HashSet;

use rayon::prelude::*;

use crate::date::PartialDate;
use crate::model::{Annotation, Claim};
use crate::reconcile::{ClaimAt, Group, Member, Reconciled, Stances};
use crate::stances::judge;
use crate::text::normalize_for_match;

/// Which claims to show. Groups are always formed over the whole corpus;
/// the filters then keep claims, drop groups left empty, and recount
/// reversals and conflicts among the claims kept.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Claims by this person (same name rules as grouping).
    pub speaker: Option<String>,
    /// Case-insensitive text in the group's claim, the claim or its quote.
    pub grep: Option<String>,
    /// Claims whose date range overlaps [since, until].
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
    /// Only groups with at least one reversal.
    pub reversals_only: bool,
}

/// A group as shown: the kept members with reversals recounted.
#[derive(Debug, Clone)]
pub struct GroupView<'r> {
    pub claim: &'r str,
    pub topic: Option<&'r str>,
    /// Borrowed from the group when no filter dropped any of them.
    pub members: Cow<'r, [Member]>,
    /// Reversals, verdicts and conflicts among the kept members.
    pub stances: Cow<'r, Stances>,
    /// The claims of other groups that a model finds alike in meaning and
    /// the rules do not keep apart, with their similarity, most alike
    /// first: "may be the same claim as".
    pub alike: Vec<(&'r str, f32)>,
}

/// What a report shows.
#[derive(Debug, Clone)]
pub struct View<'r> {
    pub annotations: &'r [Annotation],
    pub reconciled: &'r Reconciled,
    pub groups: Vec<GroupView<'r>>,
}

impl<'r> View<'r> {
    pub fn new(
        annotations: &'r [Annotation],
        reconciled: &'r Reconciled,
        filter: &Filter,
    ) -> View<'r> {
        let matcher = Matcher::new(filter, reconciled);
        // Groups are filtered in parallel; collecting keeps their order.
        let alike = alike_of_groups(reconciled);
        let groups = reconciled
            .groups
            .par_iter()
            .enumerate()
            .filter_map(|(i, group)| {
                let mut view = matcher.group(group, annotations)?;
                view.alike = alike.get(&i).cloned().unwrap_or_default();
                Some(view)
            })
            .collect();
        View {
            annotations,
            reconciled,
            groups: news_first(groups),
        }
    }

    /// Every person's display name in the view, for hints.
    pub fn speaker_names(&self) -> Vec<&'r str> {
        let speakers = &self.reconciled.speakers;
        let mut people: Vec<PersonId> = self
            .reconciled
            .groups
            .iter()
            .flat_map(|g| g.members.iter().map(|m| m.person))
            .collect();
        people.sort_unstable();
        people.dedup();
        people.into_iter().map(|p| speakers.name(p)).collect()
    }

    pub(super) fn claim_of(&self, at: ClaimAt) -> (&'r Annotation, &'r Claim) {
        let a = &self.annotations[at.file];
        (a, &a.claims[at.index])
    }

    pub fn summary(&self) -> Summary {
        Summary {
            groups: self.groups.len(),
            claims: self.groups.iter().map(|g| g.members.len()).sum(),
            reversals: self.groups.iter().map(|g| g.stances.reversals.len()).sum(),
            conflicts: self
                .groups
                .iter()
                .filter(|g| g.stances.conflict_now())
                .count(),
        }
    }
}

/// Per group (index), the claims of the groups suggested as alike, most
/// alike first (ties: by claim).
fn alike_of_groups(reconciled: &Reconciled) -> std::collections::HashMap<usize, Vec<(&str, f32)>> {
    let mut alike: std::collections::HashMap<usize, Vec<(&str, f32)>> = Default::default();
    for s in &reconciled.suggestions {
        let claim = |g: usize| reconciled.groups[g].claim.as_str();
        alike
            .entry(s.a)
            .or_default()
            .push((claim(s.b), s.similarity));
        alike
            .entry(s.b)
            .or_default()
            .push((claim(s.a), s.similarity));
    }
    for list in alike.values_mut() {
        list.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(y.0)));
    }
    alike
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub groups: usize,
    pub claims: usize,
    pub reversals: usize,
    /// Groups in conflict now (the latest firm stances of two people disagree).
    pub conflicts: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = |count: usize, word: &str| {
            format!("{count} {word}{}", if count == 1 { "" } else { "s" })
        };
        write!(
            f,
            "{}, {}, {}, {}",
            n(self.groups, "group"),
            n(self.claims, "claim"),
            n(self.reversals, "reversal"),
            n(self.conflicts, "conflict") + " now"
        )
    }
}

/// A [`Filter`] made ready to test claims: the people its speaker names,
/// its text normalized as claims are.
struct Matcher<'f> {
    filter: &'f Filter,
    people: Option<HashSet<PersonId>>,
    grep: Option<String>,
    /// No filter on claims: every group is kept whole (but for
    /// `reversals_only`).
    keeps_every_claim: bool,
}

impl<'f> Matcher<'f> {
    fn new(filter: &'f Filter, reconciled: &Reconciled) -> Matcher<'f> {
        let people: Option<HashSet<PersonId>> = filter
            .speaker
            .as_deref()
            .map(|q| reconciled.speakers.matching(q).into_iter().collect());
        let grep = filter.grep.as_deref().map(normalize_for_match);
        let keeps_every_claim = filter.speaker.is_none()
            && grep.is_none()
            && filter.since.is_none()
            && filter.until.is_none();
        Matcher {
            filter,
            people,
            grep,
            keeps_every_claim,
        }
    }

    /// The group as shown, or None when the filter leaves nothing of it.
    fn group<'r>(&self, group: &'r Group, annotations: &[Annotation]) -> Option<GroupView<'r>> {
        if self.keeps_every_claim {
            if self.filter.reversals_only && group.stances.reversals.is_empty() {
                return None;
            }
            return Some(GroupView {
                claim: &group.claim,
                topic: group.topic.as_deref(),
                members: Cow::Borrowed(&group.members),
                stances: Cow::Borrowed(&group.stances),
                alike: Vec::new(),
            });
        }
        let group_matches = self
            .grep
            .as_deref()
            .is_some_and(|g| normalize_for_match(&group.claim).contains(g));
        let members: Vec<Member> = group
            .members
            .iter()
            .filter(|m| {
                let claim = &annotations[m.at.file].claims[m.at.index];
                self.keeps(m, claim, group_matches)
            })
            .cloned()
            .collect();
        if members.is_empty() {
            return None;
        }
        let stances = judge(&members);
        if self.filter.reversals_only && stances.reversals.is_empty() {
            return None;
        }
        Some(GroupView {
            claim: &group.claim,
            topic: group.topic.as_deref(),
            members: Cow::Owned(members),
            stances: Cow::Owned(stances),
            alike: Vec::new(),
        })
    }

    /// Whether a claim passes the speaker, text and date filters (its
    /// group's claim matching the text counts as the claim matching it).
    fn keeps(&self, m: &Member, c: &Claim, group_matches: bool) -> bool {
        let date = m.date;
        self.people.as_ref().is_none_or(|p| p.contains(&m.person))
            && self.grep.as_deref().is_none_or(|g| {
                group_matches
                    || normalize_for_match(&c.claim).contains(g)
                    || normalize_for_match(&c.quote).contains(g)
            })
            && self
                .filter
                .since
                .is_none_or(|s| date.last_day() >= s.first_day())
            && self
                .filter
                .until
                .is_none_or(|u| date.first_day() <= u.last_day())
    }
}

/// The groups with a reversal or a conflict first (what a reader opens the
/// report for), each part in the corpus's order.
fn news_first(groups: Vec<GroupView>) -> Vec<GroupView> {
    let (news, rest): (Vec<GroupView>, Vec<GroupView>) = groups
        .into_iter()
        .partition(|g| !g.stances.reversals.is_empty() || g.stances.conflict());
    news.into_iter().chain(rest).collect()
}
