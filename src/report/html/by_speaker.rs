//! The page by speaker (`report --by speaker --format html`): its header
//! and a section a person, with what they said group by group. The head,
//! the style and the summary counts are the page by group's ([`super::page`]);
//! the records are [`crate::report::people`]'s.

use std::fmt::Write as _;

use super::escape::text;
use super::page::summary_list;
use crate::report::View;
use crate::report::people::{heading, history_text, records, span};
use crate::stances::Verdict;

/// The header of the page by speaker: title and summary.
pub(super) fn top(view: &View) -> String {
    let people = records(view);
    let flops = people
        .iter()
        .filter(|r| r.worst() == Verdict::FullFlop)
        .count();
    let mut out = String::from("<header>\n<h1>Claims report by speaker</h1>\n");
    summary_list(
        &mut out,
        &[("People", people.len(), false), ("Full flops", flops, true)],
    );
    out.push_str("</header>\n");
    out
}

/// The page's `<main>`: a section and a table per person.
pub(super) fn content(view: &View) -> String {
    let records = records(view);
    let mut out = String::from("<main>\n");
    if records.is_empty() {
        out.push_str("<p class=\"empty\">No claims match.</p>\n");
    }
    for (n, r) in records.iter().enumerate() {
        let id = format!("p{}", n + 1);
        let _ = writeln!(
            out,
            "<section class=\"group\" id=\"{id}\" aria-labelledby=\"{id}-title\">\n\
             <h2 id=\"{id}-title\">{}</h2>\n<p class=\"details\">{}</p>",
            text(r.name),
            text(&heading(r))
        );
        let _ = writeln!(
            out,
            "<div class=\"table\"><table>\n<caption>What {} said, group by group</caption>\n\
             <thead><tr><th scope=\"col\">Claim</th><th scope=\"col\">Verdict</th>\
             <th scope=\"col\">Span</th><th scope=\"col\">Stances</th></tr></thead>\n<tbody>",
            text(r.name)
        );
        for &(gi, p) in &r.entries {
            let g = &view.groups[gi];
            let verdict = match p.verdict {
                Verdict::NoFlip => text(p.verdict.as_str()),
                v => format!("<strong class=\"reversal\">{}</strong>", text(v.as_str())),
            };
            let _ = writeln!(
                out,
                "<tr><td data-label=\"Claim\">{}</td><td data-label=\"Verdict\">{verdict}</td>\
                 <td data-label=\"Span\">{}</td><td data-label=\"Stances\">{}</td></tr>",
                text(g.claim),
                text(&span(g, p)),
                text(&history_text(g, r.person))
            );
        }
        out.push_str("</tbody>\n</table></div>\n</section>\n");
    }
    out.push_str("</main>\n");
    out
}
