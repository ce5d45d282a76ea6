//! `report --format markdown`: a section and a table a group, fit for a
//! CI job summary. Corpus text is escaped so that it cannot end a cell, a
//! link or inline markup.

use super::View;
use super::labels::{
    alike_lines, article_label, conflict_lines, group_heading_details, reversal_note,
    speaker_label, verdict_lines,
};
use crate::text::printable;

/// The report as Markdown, fit for a CI job summary.
pub fn render_markdown(view: &View) -> String {
    let mut out = String::from("# Claims report\n\n");
    out.push_str(&format!("{}.\n\n", view.summary()));
    for g in &view.groups {
        out.push_str(&format!("## {}\n\n", md_escape(g.claim)));
        out.push_str(&format!(
            "{}\n\n",
            md_escape(&group_heading_details(g).join(" · "))
        ));
        out.push_str("| Date | Speaker | Stance | Article | Quote |\n|---|---|---|---|---|\n");
        for (i, m) in g.members.iter().enumerate() {
            let (a, c) = view.claim_of(m.at);
            let stance = match reversal_note(g, i) {
                Some(note) => format!("**{}** ({})", m.stance.as_str(), md_escape(&note)),
                None => m.stance.as_str().to_owned(),
            };
            let article = match &a.article {
                Some(path) => format!("[{}]({})", md_escape(&article_label(a)), md_link(path)),
                None => md_escape(&article_label(a)),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                m.date,
                md_escape(&speaker_label(view, m, &c.speaker)),
                stance,
                article,
                md_escape(&c.quote)
            ));
        }
        out.push('\n');
        for line in verdict_lines(g, view)
            .into_iter()
            .chain(conflict_lines(g, view))
            .chain(alike_lines(g))
        {
            out.push_str(&format!("- {}\n", md_escape(&line)));
        }
        out.push('\n');
    }
    out
}

/// A corpus path as a Markdown link target: percent-encoded but for
/// letters, digits and `-._~/`, so that no character of it can end the
/// link or the table cell.
pub(crate) fn md_link(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Escapes text for a Markdown table cell: pipes, line breaks, HTML.
pub(crate) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in printable(s).chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '*' | '_' | '`' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}
