//! The words every format of the report shares: how a speaker and an
//! article are labelled, what a reversal says on its row, the verdict and
//! conflict lines under a group and the details beside its heading. The
//! table, Markdown and HTML renderings differ in markup, not in wording.

use crate::model::Annotation;
use crate::reconcile::{Member, ReversalKind};
use crate::speakers::PersonId;
use crate::stances::Position;

use super::{GroupView, View};

/// The speaker as the report names them: the person's display name, with
/// the name as written beside it when it differs ("Jane Doe (Mayor Jane
/// Doe)").
pub(super) fn speaker_label(view: &View, m: &Member, written: &str) -> String {
    let name = view.reconciled.speakers.name(m.person);
    if name == written {
        name.to_owned()
    } else {
        format!("{name} ({written})")
    }
}

/// The article column: the file's key (its path without folder and extension).
pub(super) fn article_label(a: &Annotation) -> String {
    match &a.outlet {
        Some(outlet) => format!("{} ({outlet})", a.key),
        None => a.key.clone(),
    }
}

/// What a claim that reverses its speaker's stance says on its row:
/// "full reversal: supports since 2024-03-04, via unsure 2024-05-20".
pub(super) fn reversal_note(g: &GroupView, i: usize) -> Option<String> {
    let r = g.stances.reversals.iter().find(|r| r.to == i)?;
    let kind = match r.kind {
        ReversalKind::Full => "full reversal",
        ReversalKind::Partial => "partial reversal",
    };
    let mut note = format!(
        "{kind}: {} since {}",
        g.members[r.from].stance.as_str(),
        g.members[r.from].date
    );
    for (n, &v) in r.via.iter().enumerate() {
        note.push_str(if n == 0 { ", via " } else { ", " });
        note.push_str(&format!(
            "{} {}",
            g.members[v].stance.as_str(),
            g.members[v].date
        ));
    }
    Some(note)
}

/// Each person's verdict in a group, flip-flops first, with the span of
/// their claims: "Krysten Ritter: full flop (2017-01 to 2017-12)". People
/// with one claim in the group are left out (one claim is never a flip;
/// JSON lists them).
/// "may be the same claim as" lines: the groups a model finds alike in
/// meaning that the rules do not keep apart, left to a person (`link`).
pub(super) fn alike_lines(g: &GroupView) -> Vec<String> {
    g.alike
        .iter()
        .map(|(claim, similarity)| {
            format!("may be the same claim as \"{claim}\" (alike in meaning: {similarity:.2})")
        })
        .collect()
}

pub(super) fn verdict_lines(g: &GroupView, view: &View) -> Vec<String> {
    let mut positions: Vec<&Position> = g
        .stances
        .positions
        .iter()
        .filter(|p| p.first != p.latest)
        .collect();
    positions.sort_by_key(|p| std::cmp::Reverse(p.verdict));
    positions
        .into_iter()
        .map(|p| {
            let (first, latest) = (g.members[p.first].date, g.members[p.latest].date);
            let span = if first == latest {
                first.to_string()
            } else {
                format!("{first} to {latest}")
            };
            format!(
                "{}: {} ({span})",
                view.reconciled.speakers.name(p.person),
                p.verdict.as_str()
            )
        })
        .collect()
}

/// Who disagrees in a group: "conflict now: A vs B", "conflict before: ...".
pub(super) fn conflict_lines(g: &GroupView, view: &View) -> Vec<String> {
    let name = |p: PersonId| view.reconciled.speakers.name(p);
    g.stances
        .conflicts
        .iter()
        .map(|c| {
            let when = if c.now { "now" } else { "before" };
            format!("conflict {when}: {} vs {}", name(c.a), name(c.b))
        })
        .collect()
}

/// What is said beside a group's heading: its topic, how many claims and
/// reversals it holds, and whether it is in conflict.
pub(super) fn group_heading_details(g: &GroupView) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(t) = g.topic {
        parts.push(format!("topic {t}"));
    }
    let n = g.members.len();
    parts.push(format!("{n} claim{}", if n == 1 { "" } else { "s" }));
    let r = g.stances.reversals.len();
    if r > 0 {
        parts.push(format!("{r} reversal{}", if r == 1 { "" } else { "s" }));
    }
    if g.stances.conflict_now() {
        parts.push("conflict now".to_owned());
    } else if g.stances.conflict() {
        parts.push("conflict before".to_owned());
    }
    parts
}
