//! `diff --format markdown`: a pull-request comment. The headline comes
//! first, then what a reviewer must not miss (new reversals and conflicts),
//! then one folded `<details>` block per group. A hidden marker on the
//! first line lets a workflow find its own comment and update it.
//!
//! Everything taken from the corpus is escaped: Markdown and HTML cannot
//! be injected, and an `@name` in a quote does not notify anyone.

use std::fmt::Write as _;

use super::{GroupDiff, RecordDiff, Revisions, Side};
use crate::reconcile::{ClaimAt, Group};
use crate::report::{md_escape, md_link};

/// The first line of the comment, for finding it again.
pub const MARKER: &str = "<!-- claimtrack-diff -->";

/// Corpus text for Markdown (table cells and list items included).
fn md(s: &str) -> String {
    md_escape(s).replace('@', "@\u{2060}").replace('#', "\\#")
}

/// Corpus text inside HTML (`<summary>`), where Markdown is not read.
fn html(s: &str) -> String {
    crate::text::printable(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('@', "@\u{2060}")
        .replace('\n', " ")
}

/// Where links point: `base` (the repository at the head, with the
/// corpus's folder) and an article path; without a base, the path alone.
struct Links<'a> {
    base: Option<&'a str>,
}

impl Links<'_> {
    fn claim(&self, side: &Side, at: ClaimAt, linked: bool) -> String {
        let a = &side.annotations[at.file];
        let reference = md(&a.reference(&a.claims[at.index]));
        match (self.base, &a.article, linked) {
            (Some(base), Some(article), true) => {
                format!("[{reference}]({base}{})", md_link(article))
            }
            _ => code(&a.reference(&a.claims[at.index])),
        }
    }
}

fn side_name(rev: Option<&str>, commit: Option<&str>) -> String {
    match (rev, commit) {
        (Some(rev), Some(commit)) => {
            format!("{} ({})", code(rev), &commit[..commit.len().min(12)])
        }
        (Some(rev), None) => code(rev),
        _ => "the work tree".to_owned(),
    }
}

/// Text in a code span, where nothing is read as Markdown or escaped: only
/// a backtick could end it.
fn code(s: &str) -> String {
    format!(
        "`{}`",
        crate::text::printable(s)
            .replace('`', "'")
            .replace('\n', " ")
    )
}

fn quoted(s: &str) -> String {
    format!("“{}”", md(s))
}

/// The comment.
pub fn render_markdown(
    diff: &RecordDiff,
    revisions: &Revisions,
    link_base: Option<&str>,
) -> String {
    let links = Links { base: link_base };
    let mut out = String::new();
    let _ = writeln!(out, "{MARKER}");
    let _ = writeln!(out, "### claimtrack: {}\n", diff.summary.headline());
    let _ = writeln!(
        out,
        "From {} to {}.",
        side_name(Some(&revisions.from), diff.old.commit.as_deref()),
        side_name(revisions.to.as_deref(), diff.new.commit.as_deref())
    );
    let (old_errors, new_errors) = (diff.old.errors(), diff.new.errors());
    if new_errors > 0 {
        let _ = writeln!(
            out,
            "\n**{new_errors} error{} in this version** (`claimtrack check` lists them); claims in files with errors may be missing from the record.",
            plural(new_errors)
        );
    }
    if old_errors > 0 {
        let _ = writeln!(
            out,
            "\nThe base has {old_errors} error{} of its own; they are not this change's.",
            plural(old_errors)
        );
    }

    let new_reversals: Vec<String> = diff
        .groups
        .iter()
        .filter_map(|g| Some((g, &diff.new.reconciled.groups[g.new?])))
        .flat_map(|(g, group)| {
            g.reversals_added
                .iter()
                .map(|&i| reversal_line(diff.new, group, i, &links))
                .collect::<Vec<_>>()
        })
        .collect();
    if !new_reversals.is_empty() {
        let _ = writeln!(out, "\n**New reversals**\n");
        for line in new_reversals {
            let _ = writeln!(out, "- {line}");
        }
    }
    let new_conflicts: Vec<String> = diff
        .groups
        .iter()
        .filter(|g| g.conflict_added())
        .filter_map(|g| g.new)
        .map(|ng| conflict_line(diff.new, &diff.new.reconciled.groups[ng]))
        .collect();
    if !new_conflicts.is_empty() {
        let _ = writeln!(out, "\n**New conflicts**\n");
        for line in new_conflicts {
            let _ = writeln!(out, "- {line}");
        }
    }
    if !diff.renamed.is_empty() {
        let _ = writeln!(
            out,
            "\n**Renamed** (the same claims, not counted as added or removed)\n"
        );
        for r in &diff.renamed {
            let _ = write!(out, "- {} → {}", code(&r.from_path), code(&r.to_path));
            if let (Some(from), Some(to)) = (&r.article_from, &r.article_to) {
                let _ = write!(out, " (article {} → {})", code(from), code(to));
            }
            out.push('\n');
        }
    }
    for g in &diff.groups {
        group_block(&mut out, diff, g, &links);
    }
    if !diff.ungrouped_added.is_empty() || !diff.ungrouped_removed.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>Claims in no group (no valid date)</summary>\n"
        );
        let _ = writeln!(
            out,
            "| | reference | speaker | stance | claim |\n|---|---|---|---|---|"
        );
        for (sign, side, list, linked) in [
            ("added", diff.new, &diff.ungrouped_added, true),
            ("removed", diff.old, &diff.ungrouped_removed, false),
        ] {
            for &at in list {
                let c = &side.annotations[at.file].claims[at.index];
                let _ = writeln!(
                    out,
                    "| {sign} | {} | {} | {} | {} |",
                    links.claim(side, at, linked),
                    md(&c.speaker),
                    c.stance.as_str(),
                    md(&c.claim)
                );
            }
        }
        close_details(&mut out);
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn reversal_line(side: &Side, group: &Group, i: usize, links: &Links) -> String {
    let r = &group.stances.reversals[i];
    let end = |m: usize| {
        let member = &group.members[m];
        format!(
            "{} {} ({})",
            member.stance.as_str(),
            member.date,
            links.claim(side, member.at, true)
        )
    };
    format!(
        "**{}** on {}: {} → {} ({} reversal)",
        md(side.reconciled.speakers.name(r.person)),
        quoted(&group.claim),
        end(r.from),
        end(r.to),
        r.kind.as_str()
    )
}

fn conflict_line(side: &Side, group: &Group) -> String {
    let pairs: Vec<String> = group
        .stances
        .conflicts
        .iter()
        .map(|c| {
            format!(
                "{} and {}{}",
                md(side.reconciled.speakers.name(c.a)),
                md(side.reconciled.speakers.name(c.b)),
                if c.now { " (still)" } else { "" }
            )
        })
        .collect();
    format!("{}: {}", quoted(&group.claim), pairs.join("; "))
}

/// What the summary line of a group's block says happened to it.
fn group_summary(g: &GroupDiff) -> String {
    let mut parts = Vec::new();
    match g.status {
        super::Status::Created => parts.push("new group".to_owned()),
        super::Status::Removed => parts.push("group gone".to_owned()),
        super::Status::Changed => {}
    }
    for (count, what) in [
        (g.added.len(), "added"),
        (g.removed.len(), "removed"),
        (g.changed.len(), "changed"),
        (g.moved_in.len(), "moved in"),
    ] {
        if count > 0 {
            parts.push(format!("{count} {what}"));
        }
    }
    if g.merged {
        parts.push("merged".into());
    }
    if g.split {
        parts.push("split".into());
    }
    if !g.reversals_added.is_empty() {
        parts.push(format!(
            "{} new reversal{}",
            g.reversals_added.len(),
            plural(g.reversals_added.len())
        ));
    }
    if !g.reversals_removed.is_empty() {
        parts.push(format!(
            "{} reversal{} gone",
            g.reversals_removed.len(),
            plural(g.reversals_removed.len())
        ));
    }
    if g.conflict_added() {
        parts.push("new conflict".into());
    } else if g.conflict.0 && !g.conflict.1 {
        parts.push("conflict resolved".into());
    }
    parts.join(" · ")
}

fn group_block(out: &mut String, diff: &RecordDiff, g: &GroupDiff, links: &Links) {
    let (old, new) = (diff.old, diff.new);
    let shown = diff.shown_group(g);
    let _ = writeln!(
        out,
        "\n<details><summary><b>{}</b>: {}</summary>\n",
        html(&shown.claim),
        group_summary(g)
    );
    if g.merged || (g.old.len() > 1) {
        let was: Vec<String> = g
            .old
            .iter()
            .map(|&og| quoted(&old.reconciled.groups[og].claim))
            .collect();
        let _ = writeln!(out, "Brings together: {}\n", was.join(", "));
    }
    let mut rows = Vec::new();
    if let Some(ng) = g.new {
        let group = &new.reconciled.groups[ng];
        for &m in &g.added {
            rows.push(("added".to_owned(), new, group, m, true));
        }
        // A claim edited into this group is one row: changed, and from where.
        let moved_from = |m: usize| {
            g.moved_in
                .iter()
                .find(|&&(moved, _)| moved == m)
                .map(|&(_, og)| {
                    format!("; moved from {}", quoted(&old.reconciled.groups[og].claim))
                })
                .unwrap_or_default()
        };
        for (m, changes) in &g.changed {
            let what: Vec<String> = changes
                .iter()
                .map(|c| {
                    format!(
                        "{}: {} → {}",
                        c.field,
                        c.from.as_deref().map_or("none".into(), quoted_short),
                        c.to.as_deref().map_or("none".into(), quoted_short)
                    )
                })
                .collect();
            rows.push((
                format!("changed: {}{}", what.join("; "), moved_from(*m)),
                new,
                group,
                *m,
                true,
            ));
        }
        for &(m, og) in &g.moved_in {
            if g.changed.iter().any(|&(changed, _)| changed == m) {
                continue;
            }
            rows.push((
                format!("moved from {}", quoted(&old.reconciled.groups[og].claim)),
                new,
                group,
                m,
                true,
            ));
        }
    }
    for &(og, m) in &g.removed {
        rows.push((
            "removed".to_owned(),
            old,
            &old.reconciled.groups[og],
            m,
            false,
        ));
    }
    if !rows.is_empty() {
        let _ = writeln!(
            out,
            "| | date | speaker | stance | quote | claim |\n|---|---|---|---|---|---|"
        );
        for (what, side, group, m, linked) in rows {
            let member = &group.members[m];
            let c = &side.annotations[member.at.file].claims[member.at.index];
            let _ = writeln!(
                out,
                "| {what} | {} | {} | {} | {} | {} |",
                member.date,
                md(&c.speaker),
                member.stance.as_str(),
                quoted(&c.quote),
                links.claim(side, member.at, linked)
            );
        }
        out.push('\n');
    }
    if let Some(ng) = g.new {
        for &i in &g.reversals_added {
            let _ = writeln!(
                out,
                "- new reversal: {}",
                reversal_line(new, &new.reconciled.groups[ng], i, links)
            );
        }
    }
    for &(og, i) in &g.reversals_removed {
        let _ = writeln!(
            out,
            "- reversal gone: {}",
            reversal_line(old, &old.reconciled.groups[og], i, &Links { base: None })
        );
    }
    for v in &g.verdicts {
        let name = |v: Option<crate::stances::Verdict>| v.map_or("no claim", |v| v.as_str());
        let _ = writeln!(
            out,
            "- verdict: **{}** {} → {}",
            md(&v.speaker),
            name(v.from),
            name(v.to)
        );
    }
    if g.conflict != (g.conflict.0, g.conflict.0) || g.conflict_now.0 != g.conflict_now.1 {
        let state = |then: bool, now: bool| match (then, now) {
            (_, true) => "a conflict, still open",
            (true, false) => "a past conflict",
            (false, false) => "no conflict",
        };
        let _ = writeln!(
            out,
            "- conflict: {} → {}",
            state(g.conflict.0, g.conflict_now.0),
            state(g.conflict.1, g.conflict_now.1)
        );
    }
    close_details(out);
}

/// Ends a `<details>` block, after one blank line.
fn close_details(out: &mut String) {
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str("</details>\n");
}

/// A changed value, quoted and cut to a readable length.
fn quoted_short(s: &str) -> String {
    quoted(&crate::text::shorten(s, 80))
}
