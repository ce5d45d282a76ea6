//! The timeline of a group as inline SVG: a lane a speaker with their
//! name, the time axis with its ticks, a marker a claim (a link to its row
//! in the table), and a curve for each reversal. Where things go is
//! [`super::geometry`]'s; this file only draws.

use std::fmt::Write as _;

use super::escape::text;
use super::geometry::{NARROW, Timeline, WIDE, day_after};
use super::ticks::TickStep;
use crate::model::Stance;
use crate::reconcile::ReversalKind;
use crate::report::labels::reversal_note;
use crate::report::{GroupView, View};
use crate::text::shorten;

/// Both drawings of a group's timeline.
pub(super) fn timelines(view: &View, g: &GroupView, id: &str) -> String {
    let mut out = String::from("<figure class=\"timeline\">");
    for layout in [&WIDE, &NARROW] {
        Timeline::new(g, layout).svg(&mut out, view, g, id);
    }
    out.push_str("</figure>\n");
    out
}

impl Timeline<'_> {
    /// One drawing: the axis, the lanes with their speakers' names, the
    /// reversals' connectors and the claims' markers.
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
        self.speaker_lanes(out, view);
        // Connectors under the markers, so a marker stays whole and focusable.
        for r in g.stances.reversals.iter() {
            self.connector(out, g, r.from, r.to, r.kind);
        }
        for i in 0..g.members.len() {
            self.marker(out, view, g, i, id);
        }
        out.push_str("</svg>");
    }

    /// A line a speaker, with their name (cut, the whole name as tooltip)
    /// beside it or above it.
    fn speaker_lanes(&self, out: &mut String, view: &View) {
        let l = self.layout;
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
            if self.axis_labels_on_top() {
                // Many lanes: the labels again over the first, for the eye only.
                let _ = writeln!(
                    out,
                    "<text class=\"tick-label\" x=\"{lx:.1}\" y=\"{:.1}\" aria-hidden=\"true\">{label}</text>",
                    self.top - 10.0
                );
            }
        }
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
