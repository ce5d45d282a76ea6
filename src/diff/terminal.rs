//! `diff` for a person at a terminal: the headline, then each group that
//! changed with one line per claim (`+` added, `-` removed, `~` changed,
//! `>` moved in) and what changed in its reversals, verdicts and
//! conflicts. Styles are always emitted; the caller strips them where
//! colour is off. Corpus text goes through [`printable`].

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::{GroupDiff, RecordDiff, Revisions, Side};
use crate::reconcile::Group;
use crate::text::{printable, shorten};

/// Corpus text on one line of the terminal: printable, its line breaks
/// and tabs shown as the pictures of those characters.
fn one_line(text: &str) -> String {
    printable(text)
        .replace('\n', "\u{2424}")
        .replace('\t', "\u{2409}")
}

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

fn side_name(rev: Option<&str>, commit: Option<&str>) -> String {
    match (rev, commit) {
        (Some(rev), Some(commit)) => {
            format!("{} ({})", one_line(rev), &commit[..commit.len().min(12)])
        }
        (Some(rev), None) => one_line(rev),
        _ => "the work tree".to_owned(),
    }
}

fn claim_line(side: &Side, group: &Group, m: usize) -> String {
    let member = &group.members[m];
    let a = &side.annotations[member.at.file];
    let c = &a.claims[member.at.index];
    format!(
        "{}  {}  {}  \"{}\"  {}",
        member.date,
        one_line(&c.speaker),
        member.stance.as_str(),
        one_line(&shorten(&c.quote, 100)),
        one_line(&a.reference(c))
    )
}

fn reversal_text(side: &Side, group: &Group, i: usize) -> String {
    let r = &group.stances.reversals[i];
    let end = |m: usize| {
        let member = &group.members[m];
        let a = &side.annotations[member.at.file];
        format!(
            "{} {} ({})",
            member.stance.as_str(),
            member.date,
            one_line(&a.reference(&a.claims[member.at.index]))
        )
    };
    format!(
        "{} {}: {} -> {}",
        one_line(side.reconciled.speakers.name(r.person)),
        r.kind.as_str(),
        end(r.from),
        end(r.to)
    )
}

/// The diff as text for a terminal.
pub fn render_terminal(diff: &RecordDiff, revisions: &Revisions) -> String {
    let bold = Style::new().bold();
    let added = AnsiColor::Green.on_default();
    let removed = AnsiColor::Red.on_default();
    let changed = AnsiColor::Yellow.on_default();
    let alert = AnsiColor::Magenta.on_default().bold();
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(bold, &diff.summary.headline()));
    let _ = writeln!(
        out,
        "from {} to {}",
        side_name(Some(&revisions.from), diff.old.commit.as_deref()),
        side_name(revisions.to.as_deref(), diff.new.commit.as_deref())
    );
    for r in &diff.renamed {
        let _ = writeln!(
            out,
            "renamed {} -> {}",
            one_line(&r.from_path),
            one_line(&r.to_path)
        );
    }
    for g in &diff.groups {
        let (old, new) = (diff.old, diff.new);
        let shown = diff.shown_group(g);
        let _ = writeln!(
            out,
            "\n{}  [{}]",
            paint(bold, &one_line(&shown.claim)),
            tags(g)
        );
        if g.old.len() > 1 {
            let was: Vec<String> = g
                .old
                .iter()
                .map(|&og| format!("\"{}\"", one_line(&old.reconciled.groups[og].claim)))
                .collect();
            let _ = writeln!(out, "  brings together {}", was.join(", "));
        }
        if let Some(ng) = g.new {
            let group = &new.reconciled.groups[ng];
            for &m in &g.added {
                let _ = writeln!(
                    out,
                    "  {}",
                    paint(added, &format!("+ {}", claim_line(new, group, m)))
                );
            }
            for (m, changes) in &g.changed {
                let _ = writeln!(
                    out,
                    "  {}",
                    paint(changed, &format!("~ {}", claim_line(new, group, *m)))
                );
                for c in changes {
                    let value = |v: &Option<String>| {
                        v.as_deref().map_or("none".to_owned(), |v| {
                            format!("\"{}\"", one_line(&shorten(v, 80)))
                        })
                    };
                    let _ = writeln!(
                        out,
                        "      {}: {} -> {}",
                        c.field,
                        value(&c.from),
                        value(&c.to)
                    );
                }
                if let Some(&(_, og)) = g.moved_in.iter().find(|&&(moved, _)| moved == *m) {
                    let _ = writeln!(
                        out,
                        "      moved from \"{}\"",
                        one_line(&old.reconciled.groups[og].claim)
                    );
                }
            }
            for &(m, og) in &g.moved_in {
                if g.changed.iter().any(|&(changed, _)| changed == m) {
                    continue; // told with its changes
                }
                let _ = writeln!(
                    out,
                    "  > {}\n      moved from \"{}\"",
                    claim_line(new, group, m),
                    one_line(&old.reconciled.groups[og].claim)
                );
            }
            for &i in &g.reversals_added {
                let _ = writeln!(
                    out,
                    "  {}",
                    paint(
                        alert,
                        &format!("! new reversal: {}", reversal_text(new, group, i))
                    )
                );
            }
        }
        for &(og, m) in &g.removed {
            let _ = writeln!(
                out,
                "  {}",
                paint(
                    removed,
                    &format!("- {}", claim_line(old, &old.reconciled.groups[og], m))
                )
            );
        }
        for &(og, i) in &g.reversals_removed {
            let _ = writeln!(
                out,
                "  reversal gone: {}",
                reversal_text(old, &old.reconciled.groups[og], i)
            );
        }
        for v in &g.verdicts {
            let name = |v: Option<crate::stances::Verdict>| v.map_or("no claim", |v| v.as_str());
            let _ = writeln!(
                out,
                "  verdict: {} {} -> {}",
                one_line(&v.speaker),
                name(v.from),
                name(v.to)
            );
        }
        if g.conflict_added() {
            let _ = writeln!(out, "  {}", paint(alert, "! new conflict"));
        } else if g.conflict.0 && !g.conflict.1 {
            let _ = writeln!(out, "  conflict resolved");
        } else if g.conflict_now.0 != g.conflict_now.1 {
            let now = if g.conflict_now.1 {
                "open again"
            } else {
                "no longer open"
            };
            let _ = writeln!(out, "  conflict {now}");
        }
    }
    let ungrouped = [
        ("+", diff.new, &diff.ungrouped_added),
        ("-", diff.old, &diff.ungrouped_removed),
    ];
    for (sign, side, list) in ungrouped {
        for &at in list {
            let a = &side.annotations[at.file];
            let _ = writeln!(
                out,
                "{sign} {} (in no group: no valid date)",
                one_line(&a.reference(&a.claims[at.index]))
            );
        }
    }
    out
}

fn tags(g: &GroupDiff) -> String {
    let mut tags = vec![g.status.as_str()];
    if g.merged {
        tags.push("merged");
    }
    if g.split {
        tags.push("split");
    }
    tags.join(", ")
}
