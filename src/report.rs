//! `report`: the reconciled corpus as a terminal table, Markdown, JSON or
//! an HTML page of timelines ([`html`]).

pub mod html;
mod json;
pub mod people;

pub use json::{render_json, write_json};

use std::borrow::Cow;
use std::collections::HashSet;

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};
use rayon::prelude::*;

use crate::date::PartialDate;
use crate::model::{Annotation, Stance};
use crate::reconcile::{ClaimAt, Member, Reconciled, ReversalKind, Stances};
use crate::stances::Position;
use crate::stances::judge;
use crate::text::{normalize_for_match, printable, shorten};

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
        let people: Option<HashSet<usize>> = filter
            .speaker
            .as_deref()
            .map(|q| reconciled.speakers.matching(q).into_iter().collect());
        let grep = filter.grep.as_deref().map(normalize_for_match);
        let unfiltered = filter.speaker.is_none()
            && grep.is_none()
            && filter.since.is_none()
            && filter.until.is_none();
        // Groups are filtered in parallel; collecting keeps their order.
        let groups = reconciled
            .groups
            .par_iter()
            .filter_map(|group| {
                if unfiltered {
                    if filter.reversals_only && group.stances.reversals.is_empty() {
                        return None;
                    }
                    return Some(GroupView {
                        claim: &group.claim,
                        topic: group.topic.as_deref(),
                        members: Cow::Borrowed(&group.members),
                        stances: Cow::Borrowed(&group.stances),
                    });
                }
                let group_matches = grep
                    .as_deref()
                    .is_some_and(|g| normalize_for_match(&group.claim).contains(g));
                let members: Vec<Member> = group
                    .members
                    .iter()
                    .filter(|m| {
                        let c = &annotations[m.at.file].claims[m.at.index];
                        let date = m.date;
                        people.as_ref().is_none_or(|p| p.contains(&m.person))
                            && grep.as_deref().is_none_or(|g| {
                                group_matches
                                    || normalize_for_match(&c.claim).contains(g)
                                    || normalize_for_match(&c.quote).contains(g)
                            })
                            && filter
                                .since
                                .is_none_or(|s| date.last_day() >= s.first_day())
                            && filter
                                .until
                                .is_none_or(|u| date.first_day() <= u.last_day())
                    })
                    .cloned()
                    .collect();
                if members.is_empty() {
                    return None;
                }
                let stances = judge(&members);
                if filter.reversals_only && stances.reversals.is_empty() {
                    return None;
                }
                Some(GroupView {
                    claim: &group.claim,
                    topic: group.topic.as_deref(),
                    members: Cow::Owned(members),
                    stances: Cow::Owned(stances),
                })
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
        let mut people: Vec<usize> = self
            .reconciled
            .groups
            .iter()
            .flat_map(|g| g.members.iter().map(|m| m.person))
            .collect();
        people.sort_unstable();
        people.dedup();
        people.into_iter().map(|p| speakers.name(p)).collect()
    }

    fn claim_of(&self, at: ClaimAt) -> (&'r Annotation, &'r crate::model::Claim) {
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

/// The groups with a reversal or a conflict first (what a reader opens the
/// report for), each part in the corpus's order.
fn news_first(groups: Vec<GroupView>) -> Vec<GroupView> {
    let (news, rest): (Vec<GroupView>, Vec<GroupView>) = groups
        .into_iter()
        .partition(|g| !g.stances.reversals.is_empty() || g.stances.conflict());
    news.into_iter().chain(rest).collect()
}

// ---------------------------------------------------------------- shared

/// The speaker as the report names them: the person's display name, with
/// the name as written beside it when it differs ("Jane Doe (Mayor Jane
/// Doe)").
fn speaker_label(view: &View, m: &Member, written: &str) -> String {
    let name = view.reconciled.speakers.name(m.person);
    if name == written {
        name.to_owned()
    } else {
        format!("{name} ({written})")
    }
}

/// Most characters a line of the Article column holds in the table (fewer
/// in a narrow one): the quote is what a reader reads, the path only where
/// it comes from.
const ARTICLE_COLUMN_CHARS: usize = 26;

/// A path-like label broken into lines of at most `width` characters at
/// `/`, `-` and spaces (kept at the end of the line they end), a part
/// longer than a line cut where it must.
fn break_at_separators(label: &str, width: usize) -> String {
    let mut pieces: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, c) in label.char_indices() {
        if matches!(c, '/' | '-' | ' ') {
            pieces.push(&label[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    pieces.push(&label[start..]);
    let mut lines: Vec<String> = vec![String::new()];
    for piece in pieces {
        let current = lines.last_mut().expect("one line at least");
        if !current.is_empty() && current.chars().count() + piece.chars().count() > width {
            lines.push(String::new());
        }
        for c in piece.chars() {
            let current = lines.last_mut().expect("one line at least");
            if current.chars().count() == width {
                lines.push(String::new());
            }
            lines.last_mut().expect("one line at least").push(c);
        }
    }
    lines
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The article column: the file's key (its path without folder and extension).
fn article_label(a: &Annotation) -> String {
    match &a.outlet {
        Some(outlet) => format!("{} ({outlet})", a.key),
        None => a.key.clone(),
    }
}

/// What a claim that reverses its speaker's stance says on its row:
/// "full reversal: supports since 2024-03-04, via unsure 2024-05-20".
fn reversal_note(g: &GroupView, i: usize) -> Option<String> {
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
fn verdict_lines(g: &GroupView, view: &View) -> Vec<String> {
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
fn conflict_lines(g: &GroupView, view: &View) -> Vec<String> {
    let name = |p: usize| view.reconciled.speakers.name(p);
    g.stances
        .conflicts
        .iter()
        .map(|c| {
            let when = if c.now { "now" } else { "before" };
            format!("conflict {when}: {} vs {}", name(c.a), name(c.b))
        })
        .collect()
}

fn group_heading_details(g: &GroupView) -> Vec<String> {
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

// ---------------------------------------------------------------- table

/// The report as terminal tables, one a group, then a summary line.
/// `width` is the terminal width to fit (None: let comfy-table ask the
/// terminal). Styles are always emitted; the caller strips them where
/// colour is off.
pub fn render_table(view: &View, width: Option<u16>) -> String {
    let mut out = String::new();
    for g in &view.groups {
        let heading = anstyle::Style::new().bold();
        out.push_str(&format!("{heading}{}{heading:#}", printable(g.claim)));
        let details = group_heading_details(g).join(", ");
        out.push_str(&format!("  ({})\n", printable(&details)));
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .enforce_styling()
            .set_header(
                ["Date", "Speaker", "Stance", "Article", "Quote"]
                    .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
            );
        if let Some(w) = width {
            table.set_width(w);
        }
        // Article labels are broken at `/` and `-` here, and the column is
        // made exactly as wide as their longest line, so that comfy-table
        // never breaks them again mid-word.
        let article_chars = table.width().map_or(ARTICLE_COLUMN_CHARS, |w| {
            (usize::from(w).saturating_sub(50) / 3).clamp(12, ARTICLE_COLUMN_CHARS)
        });
        let articles: Vec<String> = g
            .members
            .iter()
            .map(|m| {
                let a = view.claim_of(m.at).0;
                break_at_separators(&cell_text(&article_label(a)), article_chars)
            })
            .collect();
        let widest = articles
            .iter()
            .flat_map(|a| a.lines())
            .map(|l| l.chars().count())
            .chain(["Article".len()])
            .max()
            .unwrap_or(0);
        if let Some(column) = table.column_mut(3) {
            column.set_constraint(comfy_table::ColumnConstraint::Absolute(
                comfy_table::Width::Fixed(widest as u16 + 2),
            ));
        }
        for (i, (m, article)) in g.members.iter().zip(articles).enumerate() {
            let c = view.claim_of(m.at).1;
            let mut stance = Cell::new(match reversal_note(g, i) {
                Some(note) => format!("{} ⟲ {}", m.stance.as_str(), cell_text(&note)),
                None => m.stance.as_str().to_owned(),
            })
            .fg(stance_color(m.stance));
            if g.stances.reversals.iter().any(|r| r.to == i) {
                stance = stance.add_attribute(Attribute::Bold);
            }
            table.add_row(vec![
                Cell::new(m.date.to_string()),
                Cell::new(cell_text(&speaker_label(view, m, &c.speaker))),
                stance,
                Cell::new(article),
                Cell::new(cell_text(&c.quote)),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
        for line in verdict_lines(g, view)
            .into_iter()
            .chain(conflict_lines(g, view))
        {
            out.push_str(&format!("  {}\n", cell_text(&line)));
        }
        out.push('\n');
    }
    out.push_str(&format!("{}\n", view.summary()));
    out
}

/// Most characters of a table cell; longer text is cut to this many, the
/// last one "…" (the README says so). A cell is for reading in a terminal; the other
/// formats carry the whole text.
const CELL_MAX_CHARS: usize = 2_000;

/// Words longer than this are broken into lines of [`WORD_LINE_CHARS`]
/// before comfy-table sees them: it splits an over-wide word one line at a
/// time, rescanning the rest of the word each time, so its time grows with
/// the square of the word's length (seconds for 300,000 characters).
/// Words up to this length (long URLs, say) are left for it to wrap.
const LONG_WORD_CHARS: usize = 200;
const WORD_LINE_CHARS: usize = 40;

/// Corpus text as a table cell: printable, at most [`CELL_MAX_CHARS`]
/// characters, and no word so long that wrapping it is slow.
fn cell_text(text: &str) -> String {
    let text = printable(text);
    let text = shorten(&text, CELL_MAX_CHARS - 1);
    break_long_words(&text, LONG_WORD_CHARS, WORD_LINE_CHARS)
}

/// `text` with every run of non-white-space characters longer than
/// `longest` broken by line breaks into lines of `line` characters.
fn break_long_words(text: &str, longest: usize, line: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        if word.chars().nth(longest).is_none() {
            out.push_str(word);
            continue;
        }
        for (i, c) in word.chars().enumerate() {
            if i > 0 && i % line == 0 {
                out.push('\n');
            }
            out.push(c);
        }
    }
    out.push_str(rest);
    out
}

fn stance_color(s: Stance) -> Color {
    match s {
        Stance::Supports => Color::Green,
        Stance::Refutes => Color::Red,
        Stance::Unsure => Color::Yellow,
    }
}

// ---------------------------------------------------------------- markdown

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
fn md_link(path: &str) -> String {
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
fn md_escape(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_become_lines_and_short_ones_stay() {
        assert_eq!(break_long_words("ab cdefgh  i", 4, 2), "ab cd\nef\ngh  i");
        assert_eq!(break_long_words(" abcd ", 4, 2), " abcd ");
        assert_eq!(break_long_words("ééééé", 4, 3), "ééé\néé");
        let url = format!("https://example.org/{}", "x".repeat(150));
        assert_eq!(
            break_long_words(&url, LONG_WORD_CHARS, WORD_LINE_CHARS),
            url
        );
    }

    #[test]
    fn article_labels_break_at_slashes_and_dashes() {
        assert_eq!(
            break_at_separators("2021/january-library (Northgate Herald)", 16),
            "2021/january-\nlibrary\n(Northgate\nHerald)"
        );
        assert_eq!(break_at_separators("abcdefgh", 3), "abc\ndef\ngh");
        assert_eq!(break_at_separators("short", 26), "short");
    }

    #[test]
    fn a_cell_is_printable_and_bounded() {
        let word = "w".repeat(300_000);
        let cell = cell_text(&format!("\u{1b}[2J{word}"));
        assert!(cell.starts_with("\u{241B}[2Jwww"));
        assert!(cell.ends_with('…'));
        assert_eq!(cell.chars().filter(|&c| c != '\n').count(), CELL_MAX_CHARS);
        assert!(cell.lines().all(|l| l.chars().count() <= WORD_LINE_CHARS));
        assert_eq!(cell_text("short words stay"), "short words stay");
    }
}
