//! Where things go on a timeline: the two layouts (wide, and narrow for
//! phones), the days a group's timeline spans, a lane a speaker, and each
//! claim's place on its lane. The drawing ([`super::timeline`]) reads it.

use crate::speakers::PersonId;
use chrono::{Days, NaiveDate};

use crate::date::PartialDate;
use crate::report::GroupView;

/// The geometry of a timeline drawing, in SVG units. The page holds two
/// drawings of each group and shows one (see the CSS): wide, with speaker
/// names beside their lanes, and narrow, for phones, with names above them.
pub(super) struct Layout {
    pub(super) class: &'static str,
    pub(super) width: f64,
    pub(super) plot_left: f64,
    pub(super) plot_right: f64,
    /// Names right-aligned before the plot, else left-aligned over the lane.
    pub(super) names_beside: bool,
    pub(super) name_chars: usize,
    /// A lane's height, and where its line is from the top of its band, for
    /// a speaker with a reversal in the group (room above the line for the
    /// connector and, in the narrow layout, the name) ...
    pub(super) lane_height: f64,
    pub(super) lane_line: f64,
    /// ... and for other speakers.
    pub(super) compact_height: f64,
    pub(super) compact_line: f64,
    /// How far above the lane line a connector's control point lies (the
    /// curve's peak is half as high).
    pub(super) arc_rise: f64,
    pub(super) max_ticks: i64,
}

pub(super) const WIDE: Layout = Layout {
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

pub(super) const NARROW: Layout = Layout {
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
pub(super) struct Timeline<'l> {
    pub(super) layout: &'l Layout,
    /// The first day shown and the day after the last one.
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    /// Speakers (persons) in order of their first claim in the group.
    pub(super) lanes: Vec<PersonId>,
    /// Per lane: the top of its band and the y of its line.
    bands: Vec<(f64, f64)>,
    /// Where the first band starts (room for axis labels above it).
    pub(super) top: f64,
    /// Per member: its lane and its vertical offset within the lane (claims
    /// too close to tell apart are spread out).
    pub(super) placed: Vec<(usize, f64)>,
}

impl<'l> Timeline<'l> {
    pub(super) fn new(g: &GroupView, layout: &'l Layout) -> Timeline<'l> {
        let (start, end) = days_shown(g);
        let lanes = lanes(g);
        let top = if axis_labels_on_top(lanes.len()) {
            30.0
        } else {
            8.0
        };
        let bands = bands(g, &lanes, layout, top);
        let mut timeline = Timeline {
            layout,
            start,
            end,
            lanes,
            bands,
            top,
            placed: Vec::new(),
        };
        timeline.placed = timeline.place(g);
        timeline
    }

    /// Each member's lane and offset. Claims that would overlap are spread
    /// out: within a lane, a claim closer than a marker's width to one
    /// already placed at the same offset moves to the next free offset.
    fn place(&self, g: &GroupView) -> Vec<(usize, f64)> {
        const OFFSETS: [f64; 3] = [0.0, 13.0, -13.0];
        let mut taken: Vec<Vec<(f64, usize)>> = vec![Vec::new(); self.lanes.len()];
        let mut placed = Vec::with_capacity(g.members.len());
        for m in g.members.iter() {
            let lane = self
                .lanes
                .iter()
                .position(|&p| p == m.person)
                .expect("lane");
            let x = self.center(&m.date);
            let level = (0..OFFSETS.len())
                .find(|&l| {
                    !taken[lane]
                        .iter()
                        .any(|&(tx, tl)| tl == l && (tx - x).abs() < 16.0)
                })
                .unwrap_or(taken[lane].len() % OFFSETS.len());
            taken[lane].push((x, level));
            placed.push((lane, OFFSETS[level]));
        }
        placed
    }

    pub(super) fn x(&self, day: NaiveDate) -> f64 {
        let span = (self.end - self.start).num_days().max(1) as f64;
        let at = (day - self.start).num_days() as f64;
        let l = self.layout;
        l.plot_left + (l.plot_right - l.plot_left) * at / span
    }

    /// The middle of the days a date stands for.
    pub(super) fn center(&self, date: &PartialDate) -> f64 {
        (self.x(date.first_day()) + self.x(day_after(date))) / 2.0
    }

    pub(super) fn lane_top(&self, lane: usize) -> f64 {
        self.bands[lane].0
    }

    pub(super) fn lane_line(&self, lane: usize) -> f64 {
        self.bands[lane].1
    }

    pub(super) fn axis_y(&self) -> f64 {
        self.bands.last().map_or(self.top, |b| b.1) + 16.0
    }

    pub(super) fn position(&self, g: &GroupView, i: usize) -> (f64, f64) {
        let date = g.members[i].date;
        let (lane, offset) = self.placed[i];
        (self.center(&date), self.lane_line(lane) + offset)
    }

    /// Whether the axis labels are repeated over the first lane.
    pub(super) fn axis_labels_on_top(&self) -> bool {
        axis_labels_on_top(self.lanes.len())
    }
}

/// Whether a timeline of this many lanes repeats its axis labels over the
/// first lane.
fn axis_labels_on_top(lanes: usize) -> bool {
    lanes > LANES_FOR_TOP_AXIS
}

/// The first day shown and the day after the last one.
fn days_shown(g: &GroupView) -> (NaiveDate, NaiveDate) {
    let first = g
        .members
        .iter()
        .map(|m| m.date.first_day())
        .min()
        .expect("groups are not empty");
    let last = g
        .members
        .iter()
        .map(|m| m.date.last_day())
        .max()
        .expect("groups are not empty");
    padded_span(first, last)
}

/// Speakers (persons) in order of their first claim in the group.
fn lanes(g: &GroupView) -> Vec<PersonId> {
    let mut lanes: Vec<PersonId> = Vec::new();
    for m in g.members.iter() {
        if !lanes.contains(&m.person) {
            lanes.push(m.person);
        }
    }
    lanes
}

/// Per lane, from `top` down: the top of its band and the y of its line.
/// A speaker with a reversal in the group gets a taller lane.
fn bands(g: &GroupView, lanes: &[PersonId], layout: &Layout, top: f64) -> Vec<(f64, f64)> {
    let reversing: Vec<PersonId> = g
        .stances
        .reversals
        .iter()
        .map(|r| g.members[r.to].person)
        .collect();
    let mut bands = Vec::with_capacity(lanes.len());
    let mut y = top;
    for person in lanes {
        let (height, line) = if reversing.contains(person) {
            (layout.lane_height, layout.lane_line)
        } else {
            (layout.compact_height, layout.compact_line)
        };
        bands.push((y, y + line));
        y += height;
    }
    bands
}

/// The day after the last day a date stands for.
pub(super) fn day_after(date: &PartialDate) -> NaiveDate {
    let last = date.last_day();
    last.succ_opt().unwrap_or(last)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
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
}
