//! The page around the timelines: the head with its style sheet, the
//! header (summary, legend, index of groups), and a section a group with
//! its verdicts, its timeline and its claims as a table. (The page by
//! speaker shares the head and the summary; its own parts are in
//! `by_speaker`.)
//!
//! The markup that holds nothing from the corpus is in files beside this
//! one, included whole: `head.html` (with `{version}` and `{style}` filled
//! in), `style.css`, `legend.html` and `foot.html`. They are written byte
//! for byte as they are.

use crate::speakers::PersonId;
use std::fmt::Write as _;

use super::HtmlOptions;
use super::escape::{attr, text, url_path, web_url};
use super::timeline::timelines;
use crate::model::{Annotation, Stance};
use crate::report::labels::{
    alike_lines, conflict_lines, group_heading_details, reversal_note, verdict_lines,
};
use crate::report::{GroupView, View};
use crate::text::shorten;

/// The page up to its `<body>`, `{version}` and `{style}` to fill in.
const HEAD: &str = include_str!("head.html");

/// The style sheet, in the head.
const STYLE: &str = include_str!("style.css");

/// The legend: each marker and line of the timelines, with its meaning.
const LEGEND: &str = include_str!("legend.html");

/// The end of the page, after its `<main>`.
pub(super) const FOOT: &str = include_str!("foot.html");

/// The page up to its `<body>`: the same for every page (by group or by
/// speaker).
pub(super) fn head() -> String {
    HEAD.replace("{version}", env!("CARGO_PKG_VERSION"))
        .replace("{style}", STYLE)
}

/// The header: title, summary, legend and the index of groups, in the
/// view's order (those with a reversal or a conflict first).
pub(super) fn top(view: &View) -> String {
    let summary = view.summary();
    let mut speakers: Vec<PersonId> = view
        .groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| m.person))
        .collect();
    speakers.sort_unstable();
    speakers.dedup();
    let mut out = String::from("<header>\n<h1>Claims report</h1>\n");
    summary_list(
        &mut out,
        &[
            ("Groups", summary.groups, false),
            ("Claims", summary.claims, false),
            ("Speakers", speakers.len(), false),
            ("Reversals", summary.reversals, true),
            ("Conflicts now", summary.conflicts, true),
        ],
    );
    out.push_str(LEGEND);
    if !view.groups.is_empty() {
        out.push_str(
            "<nav aria-labelledby=\"index-title\">\n<h2 id=\"index-title\">Groups</h2>\n<ol class=\"index\">\n",
        );
        // The view's order: groups with a reversal or a conflict first.
        for (i, g) in view.groups.iter().enumerate() {
            let _ = writeln!(
                out,
                "<li><a href=\"#g{n}\">{claim}</a> {badges}</li>",
                n = i + 1,
                claim = text(g.claim),
                badges = badges(g)
            );
        }
        out.push_str("</ol>\n</nav>\n");
    }
    out.push_str("</header>\n");
    out
}

/// The counts under the title: (label, count, whether a count above zero
/// is news to mark).
pub(super) fn summary_list(out: &mut String, counts: &[(&str, usize, bool)]) {
    out.push_str("<dl class=\"summary\">\n");
    for &(label, n, news) in counts {
        let class = if n > 0 && news {
            " class=\"alert\""
        } else {
            ""
        };
        let _ = writeln!(out, "<div{class}><dt>{label}</dt><dd>{n}</dd></div>");
    }
    out.push_str("</dl>\n");
}

/// A group's counts in the index: claims, reversals, conflict.
fn badges(g: &GroupView) -> String {
    let mut out = format!(
        "<span class=\"badge\">{}</span>",
        plural(g.members.len(), "claim")
    );
    if !g.stances.reversals.is_empty() {
        let _ = write!(
            out,
            " <span class=\"badge reversal\">{}</span>",
            plural(g.stances.reversals.len(), "reversal")
        );
    }
    if g.stances.conflict_now() {
        out.push_str(" <span class=\"badge conflict\">conflict now</span>");
    } else if g.stances.conflict() {
        out.push_str(" <span class=\"badge\">conflict before</span>");
    }
    out
}

/// A group's section: heading, details, verdict and conflict lines, the
/// timeline and the table of claims. `index` counts from 0 in the view.
pub(super) fn group_section(
    view: &View,
    g: &GroupView,
    index: usize,
    options: &HtmlOptions,
) -> String {
    let id = format!("g{}", index + 1);
    let mut out = String::with_capacity(2_048 + g.members.len() * 900);
    let _ = writeln!(
        out,
        "<section class=\"group\" id=\"{id}\" aria-labelledby=\"{id}-title\">\n<h2 id=\"{id}-title\">{}</h2>",
        text(g.claim)
    );
    let _ = writeln!(
        out,
        "<p class=\"details\">{}</p>",
        text(&group_heading_details(g).join(" · "))
    );
    let lines: Vec<String> = verdict_lines(g, view)
        .into_iter()
        .chain(conflict_lines(g, view))
        .chain(alike_lines(g))
        .collect();
    if !lines.is_empty() {
        out.push_str("<ul class=\"verdicts\">\n");
        for line in lines {
            let _ = writeln!(out, "<li>{}</li>", text(&line));
        }
        out.push_str("</ul>\n");
    }
    out.push_str(&timelines(view, g, &id));
    out.push_str(&claims_table(view, g, &id, options));
    out.push_str("</section>\n");
    out
}

/// A group's claims as a table, a row each (the timeline's markers link to
/// the rows).
fn claims_table(view: &View, g: &GroupView, id: &str, options: &HtmlOptions) -> String {
    let mut out = format!(
        "<div class=\"table\"><table>\n<caption>Claims of “{}”, by date</caption>\n\
         <thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Speaker</th><th scope=\"col\">Stance</th>\
         <th scope=\"col\">Article</th><th scope=\"col\">Quote</th></tr></thead>\n<tbody>\n",
        text(&shorten(g.claim, 80))
    );
    for (i, m) in g.members.iter().enumerate() {
        let (a, c) = view.claim_of(m.at);
        let date = m.date;
        let _ = writeln!(
            out,
            "<tr id=\"{id}-c{n}\"><td data-label=\"Date\"><time>{date}</time></td>\
             <td data-label=\"Speaker\">{speaker}</td><td data-label=\"Stance\">{stance}</td>\
             <td data-label=\"Article\">{article}<br><span class=\"ref\">{reference}</span></td>\
             <td data-label=\"Quote\"><q>{quote}</q></td></tr>",
            n = i + 1,
            speaker = text(&c.speaker),
            stance = stance_cell(g, i),
            article = article_cell(a, options),
            reference = text(&a.reference(c)),
            quote = text(&c.quote),
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
    out
}

/// The Stance cell of a claim's row: the stance with its glyph, and the
/// reversal it makes, if any.
fn stance_cell(g: &GroupView, i: usize) -> String {
    let stance = g.members[i].stance;
    let mut cell = format!(
        "<span class=\"stance {s}\"><span class=\"glyph\" aria-hidden=\"true\">{glyph}</span> {s}</span>",
        s = stance.as_str(),
        glyph = glyph(stance)
    );
    if let Some(note) = reversal_note(g, i) {
        let _ = write!(
            cell,
            "<br><strong class=\"reversal\">{}</strong>",
            text(&note)
        );
    }
    cell
}

/// The Article cell of a claim's row: the article's title (a link to the
/// article's text when its path is known), its outlet, and links to its
/// source and its archived copy when those are web addresses.
fn article_cell(a: &Annotation, options: &HtmlOptions) -> String {
    let title = a.title.as_deref().unwrap_or(&a.key);
    let mut cell = match &a.article {
        Some(path) => format!(
            "<a href=\"{}{}\">{}</a>",
            options.article_base,
            attr(&url_path(path)),
            text(title)
        ),
        None => text(title),
    };
    if let Some(outlet) = &a.outlet {
        let _ = write!(cell, " <span class=\"outlet\">({})</span>", text(outlet));
    }
    if let Some(url) = a.url.as_deref().and_then(web_url) {
        let _ = write!(
            cell,
            " <a class=\"source\" href=\"{}\" rel=\"noopener noreferrer external\">source</a>",
            attr(url)
        );
    }
    // The archived copy beside the source: what the quote was checked
    // against if the page has changed or gone since.
    if let Some(url) = a.archived.as_deref().and_then(web_url) {
        let _ = write!(
            cell,
            " <a class=\"archive\" href=\"{}\" rel=\"noopener noreferrer external\">archived</a>",
            attr(url)
        );
    }
    cell
}

/// A stance's glyph in the table, the shape of its marker on the timeline.
fn glyph(s: Stance) -> &'static str {
    match s {
        Stance::Supports => "▲",
        Stance::Refutes => "▼",
        Stance::Unsure => "◇",
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
