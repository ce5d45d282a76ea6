//! `report --format html`: one self-contained page (inline CSS and SVG, no
//! script, no request of any kind) that shows each group as a timeline, one
//! lane per speaker, and under it the same claims as a table.
//!
//! Everything taken from the corpus goes through [`text`] or [`attr`], which
//! make it printable (no control or bidi characters) and escape it.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::labels::{conflict_lines, group_heading_details, reversal_note, verdict_lines};
use super::{GroupView, View};
use crate::date::PartialDate;
use crate::model::Stance;
use crate::reconcile::ReversalKind;
use crate::text::{printable, shorten};

/// How the page links to articles.
#[derive(Debug, Clone, Default)]
pub struct HtmlOptions {
    /// Prepended to an article's path (relative to the corpus root) in links:
    /// empty when the page is saved at the corpus root, `../corpus/` when it
    /// is saved beside the corpus, and so on. Written as is (already a URL
    /// path ending in `/`, or empty).
    pub article_base: String,
}

/// The URL path from folder `from` to folder `to` (both absolute and
/// canonical), ending in `/`, or empty when they are the same folder: the
/// [`HtmlOptions::article_base`] of a page saved in `from` for a corpus at `to`.
pub fn relative_url(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut url = "../".repeat(from.len() - common);
    for part in &to[common..] {
        url.push_str(&url_path(&part.as_os_str().to_string_lossy()));
        url.push('/');
    }
    url
}

/// How many groups are rendered in parallel before being written.
const WINDOW: usize = 1_024;

/// Writes the whole page.
pub fn write_html(
    view: &View,
    options: &HtmlOptions,
    out: &mut (impl io::Write + ?Sized),
) -> io::Result<()> {
    use rayon::prelude::*;
    out.write_all(head().as_bytes())?;
    out.write_all(top(view).as_bytes())?;
    out.write_all(b"<main>\n")?;
    if view.groups.is_empty() {
        out.write_all(b"<p class=\"empty\">No claims match.</p>\n")?;
    }
    for (w, window) in view.groups.chunks(WINDOW).enumerate() {
        let sections: Vec<String> = window
            .par_iter()
            .enumerate()
            .map(|(i, g)| group_section(view, g, w * WINDOW + i, options))
            .collect();
        for s in &sections {
            out.write_all(s.as_bytes())?;
        }
    }
    out.write_all(b"</main>\n</body>\n</html>\n")
}

/// Writes the page by speaker (`report --by speaker --format html`).
pub fn write_html_by_speaker(view: &View, out: &mut (impl io::Write + ?Sized)) -> io::Result<()> {
    out.write_all(head().as_bytes())?;
    let people = super::people::records(view);
    let flops = people
        .iter()
        .filter(|r| r.worst() == crate::stances::Verdict::FullFlop)
        .count();
    let mut top =
        String::from("<header>\n<h1>Claims report by speaker</h1>\n<dl class=\"summary\">\n");
    for (label, n) in [("People", people.len()), ("Full flops", flops)] {
        let class = if n > 0 && label == "Full flops" {
            " class=\"alert\""
        } else {
            ""
        };
        let _ = writeln!(top, "<div{class}><dt>{label}</dt><dd>{n}</dd></div>");
    }
    top.push_str("</dl>\n</header>\n");
    out.write_all(top.as_bytes())?;
    out.write_all(super::people::html_main(view, text).as_bytes())?;
    out.write_all(b"</body>\n</html>\n")
}

/// The page as a string (see [`write_html`]).
pub fn render_html(view: &View, options: &HtmlOptions) -> String {
    let mut out = Vec::new();
    write_html(view, options, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("HTML is UTF-8")
}

// ---------------------------------------------------------------- escaping

/// Text for element content: printable, then `&`, `<` and `>` escaped.
/// Characters HTML forbids (noncharacters) become U+FFFD.
fn text(s: &str) -> String {
    escape(s, false)
}

/// Text for a double-quoted attribute value.
fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, quotes: bool) -> String {
    let s = printable(s);
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&#39;"),
            c if is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// Percent-encodes a relative path for an `href`, keeping `/` as separator.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The annotation's `url` when it is a web address; anything else
/// (`javascript:`, `data:`, a relative path) is not linked.
fn web_url(url: &str) -> Option<&str> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url.trim())
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

// ---------------------------------------------------------------- page

fn head() -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"claimtrack {}\">\n\
         <title>Claims report</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// The header: title, summary, legend and the index of groups, in the
/// view's order (those with a reversal or a conflict first).
fn top(view: &View) -> String {
    let summary = view.summary();
    let mut speakers: Vec<usize> = view
        .groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| m.person))
        .collect();
    speakers.sort_unstable();
    speakers.dedup();
    let mut out = String::from("<header>\n<h1>Claims report</h1>\n<dl class=\"summary\">\n");
    for (label, n) in [
        ("Groups", summary.groups),
        ("Claims", summary.claims),
        ("Speakers", speakers.len()),
        ("Reversals", summary.reversals),
        ("Conflicts now", summary.conflicts),
    ] {
        let class = if n > 0 && matches!(label, "Reversals" | "Conflicts now") {
            " class=\"alert\""
        } else {
            ""
        };
        let _ = writeln!(out, "<div{class}><dt>{label}</dt><dd>{n}</dd></div>");
    }
    out.push_str("</dl>\n");
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

fn group_section(view: &View, g: &GroupView, index: usize, options: &HtmlOptions) -> String {
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
        let mut stance = format!(
            "<span class=\"stance {s}\"><span class=\"glyph\" aria-hidden=\"true\">{glyph}</span> {s}</span>",
            s = m.stance.as_str(),
            glyph = glyph(m.stance)
        );
        if let Some(note) = reversal_note(g, i) {
            let _ = write!(
                stance,
                "<br><strong class=\"reversal\">{}</strong>",
                text(&note)
            );
        }
        let title = a.title.as_deref().unwrap_or(&a.key);
        let mut article = match &a.article {
            Some(path) => format!(
                "<a href=\"{}{}\">{}</a>",
                options.article_base,
                attr(&url_path(path)),
                text(title)
            ),
            None => text(title),
        };
        if let Some(outlet) = &a.outlet {
            let _ = write!(article, " <span class=\"outlet\">({})</span>", text(outlet));
        }
        if let Some(url) = a.url.as_deref().and_then(web_url) {
            let _ = write!(
                article,
                " <a class=\"source\" href=\"{}\" rel=\"noopener noreferrer external\">source</a>",
                attr(url)
            );
        }
        let _ = writeln!(
            out,
            "<tr id=\"{id}-c{n}\"><td data-label=\"Date\"><time>{date}</time></td>\
             <td data-label=\"Speaker\">{speaker}</td><td data-label=\"Stance\">{stance}</td>\
             <td data-label=\"Article\">{article}<br><span class=\"ref\">{reference}</span></td>\
             <td data-label=\"Quote\"><q>{quote}</q></td></tr>",
            n = i + 1,
            speaker = text(&c.speaker),
            reference = text(&a.reference(c)),
            quote = text(&c.quote),
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
    out
}

fn glyph(s: Stance) -> &'static str {
    match s {
        Stance::Supports => "▲",
        Stance::Refutes => "▼",
        Stance::Unsure => "◇",
    }
}

// ---------------------------------------------------------------- timeline

/// The geometry of a timeline drawing, in SVG units. The page holds two
/// drawings of each group and shows one (see the CSS): wide, with speaker
/// names beside their lanes, and narrow, for phones, with names above them.
struct Layout {
    class: &'static str,
    width: f64,
    plot_left: f64,
    plot_right: f64,
    /// Names right-aligned before the plot, else left-aligned over the lane.
    names_beside: bool,
    name_chars: usize,
    /// A lane's height, and where its line is from the top of its band, for
    /// a speaker with a reversal in the group (room above the line for the
    /// connector and, in the narrow layout, the name) ...
    lane_height: f64,
    lane_line: f64,
    /// ... and for other speakers.
    compact_height: f64,
    compact_line: f64,
    /// How far above the lane line a connector's control point lies (the
    /// curve's peak is half as high).
    arc_rise: f64,
    max_ticks: i64,
}

const WIDE: Layout = Layout {
    class: "wide",
    width: 800.0,
    plot_left: 170.0,
    plot_right: 780.0,
    names_beside: true,
    name_chars: 16,
    lane_height: 64.0,
    lane_line: 44.0,
    compact_height: 36.0,
    compact_line: 20.0,
    arc_rise: 58.0,
    max_ticks: 8,
};

const NARROW: Layout = Layout {
    class: "narrow",
    width: 360.0,
    plot_left: 14.0,
    plot_right: 346.0,
    names_beside: false,
    name_chars: 40,
    lane_height: 74.0,
    lane_line: 56.0,
    compact_height: 50.0,
    compact_line: 32.0,
    arc_rise: 44.0,
    max_ticks: 4,
};

/// Above this many lanes the axis labels are repeated over the first lane.
const LANES_FOR_TOP_AXIS: usize = 6;

/// A group's time scale and lanes, in one layout.
struct Timeline<'l> {
    layout: &'l Layout,
    /// The first day shown and the day after the last one.
    start: NaiveDate,
    end: NaiveDate,
    /// Speakers (persons) in order of their first claim in the group.
    lanes: Vec<usize>,
    /// Per lane: the top of its band and the y of its line.
    bands: Vec<(f64, f64)>,
    /// Where the first band starts (room for axis labels above it).
    top: f64,
    /// Per member: its lane and its vertical offset within the lane (claims
    /// too close to tell apart are spread out).
    placed: Vec<(usize, f64)>,
}

/// Both drawings of a group's timeline.
fn timelines(view: &View, g: &GroupView, id: &str) -> String {
    let mut out = String::from("<figure class=\"timeline\">");
    for layout in [&WIDE, &NARROW] {
        Timeline::new(g, layout).svg(&mut out, view, g, id);
    }
    out.push_str("</figure>\n");
    out
}

impl<'l> Timeline<'l> {
    fn new(g: &GroupView, layout: &'l Layout) -> Timeline<'l> {
        let dates: Vec<_> = g.members.iter().map(|m| m.date).collect();
        let first = dates
            .iter()
            .map(|d| d.first_day())
            .min()
            .expect("groups are not empty");
        let last = dates
            .iter()
            .map(|d| d.last_day())
            .max()
            .expect("groups are not empty");
        let (start, end) = padded_span(first, last);
        let mut lanes: Vec<usize> = Vec::new();
        for m in g.members.iter() {
            if !lanes.contains(&m.person) {
                lanes.push(m.person);
            }
        }
        let reversing: Vec<usize> = g
            .stances
            .reversals
            .iter()
            .map(|r| g.members[r.to].person)
            .collect();
        let top = if lanes.len() > LANES_FOR_TOP_AXIS {
            30.0
        } else {
            8.0
        };
        let mut bands = Vec::with_capacity(lanes.len());
        let mut y = top;
        for person in &lanes {
            let (height, line) = if reversing.contains(person) {
                (layout.lane_height, layout.lane_line)
            } else {
                (layout.compact_height, layout.compact_line)
            };
            bands.push((y, y + line));
            y += height;
        }
        let mut timeline = Timeline {
            layout,
            start,
            end,
            lanes,
            bands,
            top,
            placed: Vec::new(),
        };
        // Spread claims that would overlap: within a lane, a claim closer than
        // a marker's width to one already placed at the same offset moves to
        // the next free offset.
        const OFFSETS: [f64; 3] = [0.0, 13.0, -13.0];
        let mut taken: Vec<Vec<(f64, usize)>> = vec![Vec::new(); timeline.lanes.len()];
        for (m, date) in g.members.iter().zip(&dates) {
            let lane = timeline
                .lanes
                .iter()
                .position(|&p| p == m.person)
                .expect("lane");
            let x = timeline.center(date);
            let level = (0..OFFSETS.len())
                .find(|&l| {
                    !taken[lane]
                        .iter()
                        .any(|&(tx, tl)| tl == l && (tx - x).abs() < 16.0)
                })
                .unwrap_or(taken[lane].len() % OFFSETS.len());
            taken[lane].push((x, level));
            timeline.placed.push((lane, OFFSETS[level]));
        }
        timeline
    }

    fn x(&self, day: NaiveDate) -> f64 {
        let span = (self.end - self.start).num_days().max(1) as f64;
        let at = (day - self.start).num_days() as f64;
        let l = self.layout;
        l.plot_left + (l.plot_right - l.plot_left) * at / span
    }

    /// The middle of the days a date stands for.
    fn center(&self, date: &PartialDate) -> f64 {
        (self.x(date.first_day()) + self.x(day_after(date))) / 2.0
    }

    fn lane_top(&self, lane: usize) -> f64 {
        self.bands[lane].0
    }

    fn lane_line(&self, lane: usize) -> f64 {
        self.bands[lane].1
    }

    fn axis_y(&self) -> f64 {
        self.bands.last().map_or(self.top, |b| b.1) + 16.0
    }

    fn svg(&self, out: &mut String, view: &View, g: &GroupView, id: &str) {
        let l = self.layout;
        let height = self.axis_y() + 30.0;
        let _ = writeln!(
            out,
            "<svg class=\"{class}\" viewBox=\"0 0 {width} {height}\" role=\"group\" \
             aria-labelledby=\"{id}-title\" xmlns=\"http://www.w3.org/2000/svg\">",
            class = l.class,
            width = l.width,
        );
        self.axis(out);
        for (lane, &person) in self.lanes.iter().enumerate() {
            let y = self.lane_line(lane);
            let name = view.reconciled.speakers.name(person);
            let (x, ty, class) = if l.names_beside {
                (l.plot_left - 10.0, y + 4.0, "speaker beside")
            } else {
                (l.plot_left, self.lane_top(lane) + 14.0, "speaker")
            };
            let _ = writeln!(
                out,
                "<line class=\"lane\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/>\
                 <text class=\"{class}\" x=\"{x:.1}\" y=\"{ty:.1}\"><title>{full}</title>{short}</text>",
                l.plot_left,
                l.plot_right,
                full = text(name),
                short = text(&shorten(name, l.name_chars)),
            );
        }
        // Connectors under the markers, so a marker stays whole and focusable.
        for r in g.stances.reversals.iter() {
            self.connector(out, g, r.from, r.to, r.kind);
        }
        for i in 0..g.members.len() {
            self.marker(out, view, g, i, id);
        }
        out.push_str("</svg>");
    }

    /// The time axis: a line under the lanes, ticks with labels, and faint
    /// grid lines through the lanes.
    fn axis(&self, out: &mut String) {
        let l = self.layout;
        let y = self.axis_y();
        let _ = writeln!(
            out,
            "<line class=\"axis\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/>",
            l.plot_left, l.plot_right
        );
        let step = TickStep::for_span(self.start, self.end, l.max_ticks);
        for day in step.ticks(self.start, self.end) {
            let x = self.x(day);
            let label = step.label(day);
            // Keep labels at the ends inside the drawing (about 7 units a character).
            let half = label.len() as f64 * 3.5;
            let lx = x.clamp(half + 2.0, l.width - half - 2.0);
            let _ = writeln!(
                out,
                "<line class=\"grid\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top}\" y2=\"{y}\"/>\
                 <line class=\"tick\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{y}\" y2=\"{y2}\"/>\
                 <text class=\"tick-label\" x=\"{lx:.1}\" y=\"{ty}\">{label}</text>",
                top = self.top,
                y2 = y + 5.0,
                ty = y + 20.0,
            );
            if self.lanes.len() > LANES_FOR_TOP_AXIS {
                // Many lanes: the labels again over the first, for the eye only.
                let _ = writeln!(
                    out,
                    "<text class=\"tick-label\" x=\"{lx:.1}\" y=\"{:.1}\" aria-hidden=\"true\">{label}</text>",
                    self.top - 10.0
                );
            }
        }
    }

    fn position(&self, g: &GroupView, i: usize) -> (f64, f64) {
        let date = g.members[i].date;
        let (lane, offset) = self.placed[i];
        (self.center(&date), self.lane_line(lane) + offset)
    }

    /// A claim: a link to its row in the table, with a tooltip, the range of
    /// days of a partial date, and a shape for its stance.
    fn marker(&self, out: &mut String, view: &View, g: &GroupView, i: usize, id: &str) {
        let stance = g.members[i].stance;
        let (a, c) = view.claim_of(g.members[i].at);
        let date = g.members[i].date;
        let (x, y) = self.position(g, i);
        let title = a.title.as_deref().unwrap_or(&a.key);
        let outlet = a
            .outlet
            .as_deref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        let mut tip = format!(
            "{date} · {} · {}\n{title}{outlet}\n“{}”",
            c.speaker,
            stance.as_str(),
            shorten(&c.quote, 280)
        );
        if let Some(note) = reversal_note(g, i) {
            let _ = write!(tip, "\n{note}");
        }
        let _ = write!(
            out,
            "<a class=\"claim {s}\" href=\"#{id}-c{n}\"><title>{tip}</title>",
            s = stance.as_str(),
            n = i + 1,
            tip = text(&tip)
        );
        if date.precision() < 3 {
            // A month or a year: the days it may be, as a bar.
            let x0 = self.x(date.first_day());
            let x1 = self.x(day_after(&date));
            let _ = write!(
                out,
                "<rect class=\"range\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" rx=\"5\"/>",
                y - 5.0,
                (x1 - x0).max(2.0)
            );
        }
        let _ = writeln!(out, "{}</a>", shape(stance, x, y));
    }

    /// A curve over the lane from one claim to the other, with an arrowhead
    /// and the kind of reversal written over it.
    fn connector(
        &self,
        out: &mut String,
        g: &GroupView,
        from: usize,
        to: usize,
        kind: ReversalKind,
    ) {
        let l = self.layout;
        let (x1, y1) = self.position(g, from);
        let (x2, y2) = self.position(g, to);
        let lane_line = self.lane_line(self.placed[to].0);
        let (cx, cy) = ((x1 + x2) / 2.0, lane_line - l.arc_rise);
        // The arrowhead points along the curve's end tangent (control point
        // to end point), stopping short of the marker.
        let (dx, dy) = (x2 - cx, y2 - cy);
        let len = (dx * dx + dy * dy).sqrt().max(1e-6);
        let (ux, uy) = (dx / len, dy / len);
        let (tx, ty) = (x2 - ux * 10.0, y2 - uy * 10.0);
        let (bx, by) = (tx - ux * 9.0, ty - uy * 9.0);
        let (px, py) = (-uy * 5.0, ux * 5.0);
        let (class, label) = match kind {
            ReversalKind::Full => ("full", "full reversal"),
            ReversalKind::Partial => ("partial", "partial reversal"),
        };
        let peak = (y1 + 2.0 * cy + y2) / 4.0;
        let half = label.len() as f64 * 3.8;
        let label_x = cx.clamp(l.plot_left + half, l.plot_right - half);
        let _ = writeln!(
            out,
            "<g class=\"connector {class}\"><path d=\"M{x1:.1},{y1:.1} Q{cx:.1},{cy:.1} {bx:.1},{by:.1}\"/>\
             <polygon points=\"{tx:.1},{ty:.1} {:.1},{:.1} {:.1},{:.1}\"/>\
             <text x=\"{label_x:.1}\" y=\"{:.1}\" paint-order=\"stroke\">{label}</text></g>",
            bx + px,
            by + py,
            bx - px,
            by - py,
            peak - 5.0,
        );
    }
}

/// The day after the last day a date stands for.
fn day_after(date: &PartialDate) -> NaiveDate {
    let last = date.last_day();
    last.succ_opt().unwrap_or(last)
}

/// A stance's marker: up for supports, down for refutes, a hollow diamond
/// for unsure, so that stances differ in shape as well as colour.
fn shape(stance: Stance, x: f64, y: f64) -> String {
    let points: &[(f64, f64)] = match stance {
        Stance::Supports => &[(0.0, -9.0), (8.5, 6.0), (-8.5, 6.0)],
        Stance::Refutes => &[(-8.5, -6.0), (8.5, -6.0), (0.0, 9.0)],
        Stance::Unsure => &[(0.0, -8.5), (8.5, 0.0), (0.0, 8.5), (-8.5, 0.0)],
    };
    let points: Vec<String> = points
        .iter()
        .map(|(dx, dy)| format!("{:.1},{:.1}", x + dx, y + dy))
        .collect();
    format!("<polygon class=\"mark\" points=\"{}\"/>", points.join(" "))
}

/// The days shown for claims from `first` to `last`: at least two weeks,
/// with a margin on both sides so markers at the ends are not cut.
fn padded_span(first: NaiveDate, last: NaiveDate) -> (NaiveDate, NaiveDate) {
    let end = last.succ_opt().unwrap_or(last);
    let days = (end - first).num_days().max(14);
    let extra = days - (end - first).num_days();
    let margin = (days / 20).max(1) as u64;
    let start = first
        .checked_sub_days(Days::new(extra as u64 / 2 + margin))
        .unwrap_or(first);
    let end = end
        .checked_add_days(Days::new((extra as u64).div_ceil(2) + margin))
        .unwrap_or(end);
    (start, end)
}

/// The interval between ticks of a time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TickStep {
    Days(u32),
    Months(u32),
    Years(u32),
}

impl TickStep {
    /// The finest calendar step that puts at most `max_ticks` ticks on the span.
    fn for_span(start: NaiveDate, end: NaiveDate, max_ticks: i64) -> TickStep {
        let days = (end - start).num_days();
        let candidates = [
            TickStep::Days(1),
            TickStep::Days(2),
            TickStep::Days(7),
            TickStep::Days(14),
            TickStep::Months(1),
            TickStep::Months(2),
            TickStep::Months(3),
            TickStep::Months(6),
        ];
        if let Some(step) = candidates
            .into_iter()
            .find(|s| days / s.approx_days() < max_ticks)
        {
            return step;
        }
        let mut years = 1;
        loop {
            for factor in [1, 2, 5] {
                let step = TickStep::Years(years * factor);
                if days / step.approx_days() < max_ticks || years >= 100_000 {
                    return step;
                }
            }
            years *= 10;
        }
    }

    fn approx_days(self) -> i64 {
        match self {
            TickStep::Days(n) => n.into(),
            TickStep::Months(n) => i64::from(n) * 30,
            TickStep::Years(n) => i64::from(n) * 365,
        }
    }

    /// The tick days in [start, end]: calendar boundaries (Mondays for
    /// weeks, first days of months, first days of years).
    fn ticks(self, start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
        let mut day = match self {
            TickStep::Days(n) if n >= 7 => {
                start - Days::new(u64::from(start.weekday().num_days_from_monday()))
            }
            TickStep::Days(_) => start,
            TickStep::Months(n) => {
                let m0 = start.month0() - start.month0() % n;
                NaiveDate::from_ymd_opt(start.year(), m0 + 1, 1).expect("first of a month")
            }
            TickStep::Years(n) => {
                let n = n as i32;
                let year = start.year() - start.year().rem_euclid(n);
                NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(start)
            }
        };
        let mut ticks = Vec::new();
        while day <= end {
            if day >= start {
                ticks.push(day);
            }
            let next = match self {
                TickStep::Days(n) => day.checked_add_days(Days::new(n.into())),
                TickStep::Months(n) => day.checked_add_months(Months::new(n)),
                TickStep::Years(n) => day.checked_add_months(Months::new(n.saturating_mul(12))),
            };
            match next {
                Some(next) => day = next,
                None => break,
            }
        }
        ticks
    }

    fn label(self, day: NaiveDate) -> String {
        match self {
            TickStep::Days(_) => day.format("%-d %b %Y").to_string(),
            TickStep::Months(_) => day.format("%b %Y").to_string(),
            TickStep::Years(_) => day.year().to_string(),
        }
    }
}

// ---------------------------------------------------------------- style

/// The legend: each marker and line of the timelines, with its meaning.
const LEGEND: &str = "<ul class=\"legend\" aria-label=\"Legend\">\
<li><svg viewBox=\"0 0 20 20\" aria-hidden=\"true\"><g class=\"claim supports\"><polygon class=\"mark\" points=\"10,2 18.5,17 1.5,17\"/></g></svg> supports</li>\
<li><svg viewBox=\"0 0 20 20\" aria-hidden=\"true\"><g class=\"claim refutes\"><polygon class=\"mark\" points=\"1.5,3 18.5,3 10,18\"/></g></svg> refutes</li>\
<li><svg viewBox=\"0 0 20 20\" aria-hidden=\"true\"><g class=\"claim unsure\"><polygon class=\"mark\" points=\"10,1.5 18.5,10 10,18.5 1.5,10\"/></g></svg> unsure</li>\
<li><svg viewBox=\"0 0 40 20\" class=\"wide-icon\" aria-hidden=\"true\"><g class=\"claim supports\"><rect class=\"range\" x=\"1\" y=\"5\" width=\"38\" height=\"10\" rx=\"5\"/></g></svg> date known to the month or year</li>\
<li><svg viewBox=\"0 0 40 20\" class=\"wide-icon\" aria-hidden=\"true\"><g class=\"connector full\"><path d=\"M2,18 Q20,-6 36,16\"/></g></svg> full reversal</li>\
<li><svg viewBox=\"0 0 40 20\" class=\"wide-icon\" aria-hidden=\"true\"><g class=\"connector partial\"><path d=\"M2,18 Q20,-6 36,16\"/></g></svg> partial reversal (to unsure)</li>\
</ul>\n";

const CSS: &str = r#":root { color-scheme: light; --supports: #1b7a35; --refutes: #c4271f; --unsure: #9a5b00; --reversal: #5a2d91; --muted: #5f6368; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.25rem 3rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1f2328; background: #fff; }
h1 { font-size: 1.75rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.3rem; margin: 0 0 0.25rem; overflow-wrap: anywhere; }
a { color: #0b57d0; }
a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.summary { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0 0 1rem; padding: 0; }
.summary div { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.35rem 0.8rem; min-width: 6.5rem; }
.summary dt { font-size: 0.8rem; color: var(--muted); }
.summary dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
.summary .alert dd { color: var(--reversal); }
.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; margin: 0 0 1rem; padding: 0; font-size: 0.9rem; }
.legend li { display: flex; align-items: center; gap: 0.4rem; }
.legend svg { width: 1.1rem; height: 1.1rem; }
.legend svg.wide-icon { width: 2.2rem; }
nav h2 { font-size: 1.1rem; }
.index { padding-left: 1.5rem; margin: 0.25rem 0 1.5rem; }
.index li { margin: 0.15rem 0; overflow-wrap: anywhere; }
.badge { display: inline-block; font-size: 0.75rem; border: 1px solid #d0d7de; border-radius: 1rem; padding: 0 0.5rem; color: var(--muted); white-space: nowrap; }
.badge.reversal { border-color: var(--reversal); color: var(--reversal); font-weight: 600; }
.badge.conflict { border-color: var(--refutes); color: var(--refutes); font-weight: 600; }
.group { border-top: 2px solid #d0d7de; padding: 1.25rem 0 0.5rem; }
.details { margin: 0 0 0.5rem; color: var(--muted); }
.timeline { margin: 0 0 0.75rem; }
.timeline svg { display: block; width: 100%; max-width: 64rem; height: auto; }
.timeline svg.narrow { display: none; max-width: 32rem; }
svg text { font-family: inherit; font-size: 13px; fill: #1f2328; }
.speaker { font-weight: 600; }
.speaker.beside { text-anchor: end; }
.lane { stroke: #8c959f; stroke-width: 1; }
.axis { stroke: #57606a; stroke-width: 1.5; }
.tick { stroke: #57606a; }
.grid { stroke: #eaeef2; }
.tick-label { text-anchor: middle; fill: var(--muted); font-size: 12px; }
.claim .mark { stroke: #fff; stroke-width: 1.5; }
.claim.supports .mark { fill: var(--supports); }
.claim.refutes .mark { fill: var(--refutes); }
.claim.unsure .mark { fill: #fff; stroke: var(--unsure); stroke-width: 2.5; }
.claim .range { fill-opacity: 0.22; stroke-width: 1; }
.claim.supports .range { fill: var(--supports); stroke: var(--supports); }
.claim.refutes .range { fill: var(--refutes); stroke: var(--refutes); }
.claim.unsure .range { fill: var(--unsure); stroke: var(--unsure); stroke-dasharray: 3 2; }
a.claim:hover .mark, a.claim:focus .mark { stroke: #000; stroke-width: 3; }
a.claim:focus { outline: none; }
.connector path { fill: none; stroke: var(--reversal); stroke-width: 2.5; }
.connector polygon { fill: var(--reversal); }
.connector.partial path { stroke-dasharray: 7 4; }
.connector text { fill: var(--reversal); font-weight: 700; text-anchor: middle; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
.table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; color: var(--muted); font-size: 0.85rem; padding-bottom: 0.25rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.5rem; border-bottom: 1px solid #d0d7de; }
th { font-size: 0.85rem; color: var(--muted); }
td { overflow-wrap: anywhere; }
td:first-child { white-space: nowrap; }
td[data-label="Speaker"] { min-width: 7.5rem; }
tr:target { background: #fff8c5; }
.stance { font-weight: 600; white-space: nowrap; }
.stance.supports { color: var(--supports); }
.stance.refutes { color: var(--refutes); }
.stance.unsure { color: var(--unsure); }
.reversal { color: var(--reversal); }
.ref, .outlet { color: var(--muted); font-size: 0.85rem; }
q { quotes: "“" "”"; }
.empty { color: var(--muted); }
@media (max-width: 48rem) {
  .timeline svg.wide { display: none; }
  .timeline svg.narrow { display: block; }
}
@media (max-width: 40rem) {
  body { padding: 0.75rem; font-size: 15px; }
  caption { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table, tbody, tr, td { display: block; width: 100%; }
  tr { border-bottom: 1px solid #d0d7de; padding: 0.4rem 0; }
  td { border: 0; padding: 0.1rem 0; }
  td::before { content: attr(data-label) ": "; color: var(--muted); font-size: 0.8rem; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav, .legend { break-after: avoid; }
  .group { break-inside: avoid; }
  .table { overflow: visible; }
  .timeline svg.wide { display: block; }
  .timeline svg.narrow { display: none; }
  a { color: inherit; text-decoration: none; }
  tr:target { background: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn escapes_markup_quotes_and_forbidden_characters() {
        assert_eq!(
            text("<script>alert('x')</script> & \u{1b}[31m"),
            "&lt;script&gt;alert('x')&lt;/script&gt; &amp; ␛[31m"
        );
        assert_eq!(attr("a\"b'c"), "a&quot;b&#39;c");
        assert_eq!(
            text("x\u{FDD0}\u{FFFF}\u{202E}y"),
            "x\u{FFFD}\u{FFFD}\u{FFFD}y"
        );
    }

    #[test]
    fn links_only_web_addresses_and_encodes_paths() {
        assert_eq!(
            web_url(" https://example.org/a "),
            Some("https://example.org/a")
        );
        assert_eq!(web_url("JavaScript:alert(1)"), None);
        assert_eq!(web_url("data:text/html,x"), None);
        assert_eq!(url_path("articles/a b#c?.txt"), "articles/a%20b%23c%3F.txt");
        assert_eq!(url_path("articles/é.txt"), "articles/%C3%A9.txt");
    }

    #[test]
    fn tick_steps_follow_the_span() {
        let step = |a, b| TickStep::for_span(d(a), d(b), 8);
        assert_eq!(step("2017-01-01", "2017-01-06"), TickStep::Days(1));
        assert_eq!(step("2017-01-01", "2017-01-15"), TickStep::Days(2));
        assert_eq!(step("2017-01-01", "2017-02-20"), TickStep::Days(7));
        assert_eq!(step("2017-01-01", "2017-06-01"), TickStep::Months(1));
        assert_eq!(step("2016-01-01", "2018-01-01"), TickStep::Months(6));
        assert_eq!(step("2000-01-01", "2020-01-01"), TickStep::Years(5));
        assert_eq!(step("0001-01-01", "9999-12-31"), TickStep::Years(2000));
    }

    #[test]
    fn ticks_fall_on_calendar_boundaries_inside_the_span() {
        let ticks = TickStep::Months(3).ticks(d("2016-11-20"), d("2017-12-31"));
        assert_eq!(
            ticks,
            ["2017-01-01", "2017-04-01", "2017-07-01", "2017-10-01"].map(d)
        );
        let weeks = TickStep::Days(7).ticks(d("2017-01-04"), d("2017-01-20"));
        assert_eq!(weeks, ["2017-01-09", "2017-01-16"].map(d));
        assert!(weeks.iter().all(|w| w.weekday() == chrono::Weekday::Mon));
        assert_eq!(TickStep::Months(1).label(d("2017-03-01")), "Mar 2017");
        assert_eq!(TickStep::Days(1).label(d("2017-03-05")), "5 Mar 2017");
    }

    #[test]
    fn a_single_day_is_shown_with_a_week_either_side() {
        let (start, end) = padded_span(d("2017-05-10"), d("2017-05-10"));
        assert!(start < d("2017-05-10") && end > d("2017-05-11"));
        assert!((end - start).num_days() >= 14);
        // The extremes of the calendar do not overflow.
        let (s, e) = padded_span(NaiveDate::MIN, NaiveDate::MAX);
        assert!(s <= e);
    }

    #[test]
    fn article_links_are_relative_to_the_page() {
        let url = |a: &str, b: &str| relative_url(Path::new(a), Path::new(b));
        assert_eq!(url("/c", "/c"), "");
        assert_eq!(url("/c/out", "/c"), "../");
        assert_eq!(url("/home/me", "/home/me/my corpus"), "my%20corpus/");
        assert_eq!(url("/a/b", "/a/c/d"), "../c/d/");
    }
}
