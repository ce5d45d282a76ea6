//! `report`: the reconciled corpus as a terminal table, Markdown, JSON or
//! an HTML page of timelines ([`html`]).

pub mod html;

use std::collections::HashSet;

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::date::PartialDate;
use crate::model::{Annotation, Stance};
use crate::reconcile::{
    ClaimAt, Member, Reconciled, Reversal, ReversalKind, reversals_and_conflict,
};
use crate::text::{normalize_for_match, printable};

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
    pub members: Vec<Member>,
    pub reversals: Vec<Reversal>,
    pub conflict: bool,
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
        let mut groups = Vec::new();
        for group in &reconciled.groups {
            let group_matches = grep
                .as_deref()
                .is_some_and(|g| normalize_for_match(&group.claim).contains(g));
            let members: Vec<Member> = group
                .members
                .iter()
                .filter(|m| {
                    let c = &annotations[m.at.file].claims[m.at.index];
                    let date = c.date.expect("grouped claims have dates");
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
                continue;
            }
            let (reversals, conflict) = if unfiltered {
                (group.reversals.clone(), group.conflict)
            } else {
                reversals_and_conflict(&members)
            };
            if filter.reversals_only && reversals.is_empty() {
                continue;
            }
            groups.push(GroupView {
                claim: &group.claim,
                topic: group.topic.as_deref(),
                members,
                reversals,
                conflict,
            });
        }
        View {
            annotations,
            reconciled,
            groups,
        }
    }

    fn claim_of(&self, at: ClaimAt) -> (&'r Annotation, &'r crate::model::Claim) {
        let a = &self.annotations[at.file];
        (a, &a.claims[at.index])
    }

    pub fn summary(&self) -> Summary {
        Summary {
            groups: self.groups.len(),
            claims: self.groups.iter().map(|g| g.members.len()).sum(),
            reversals: self.groups.iter().map(|g| g.reversals.len()).sum(),
            conflicts: self.groups.iter().filter(|g| g.conflict).count(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub groups: usize,
    pub claims: usize,
    pub reversals: usize,
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
            n(self.conflicts, "conflict")
        )
    }
}

// ---------------------------------------------------------------- JSON

#[derive(Serialize)]
struct JsonGroup<'a> {
    claim: &'a str,
    topic: Option<&'a str>,
    claims: Vec<JsonClaim<'a>>,
    reversals: Vec<JsonReversal<'a>>,
    conflict: bool,
}

#[derive(Serialize)]
struct JsonClaim<'a> {
    #[serde(rename = "ref")]
    reference: String,
    article: Option<&'a str>,
    claim: &'a str,
    speaker: &'a str,
    stance: Stance,
    date: PartialDate,
    quote: &'a str,
}

#[derive(Serialize)]
struct JsonReversal<'a> {
    speaker: &'a str,
    from: String,
    to: String,
    kind: ReversalKind,
}

fn json_group<'a>(view: &'a View, g: &'a GroupView) -> JsonGroup<'a> {
    let reference = |m: &Member| {
        let (a, c) = view.claim_of(m.at);
        a.reference(c)
    };
    JsonGroup {
        claim: g.claim,
        topic: g.topic,
        claims: g
            .members
            .iter()
            .map(|m| {
                let (a, c) = view.claim_of(m.at);
                JsonClaim {
                    reference: a.reference(c),
                    article: a.article.as_deref(),
                    claim: &c.claim,
                    speaker: &c.speaker,
                    stance: m.stance,
                    date: c.date.expect("grouped claims have dates"),
                    quote: &c.quote,
                }
            })
            .collect(),
        reversals: g
            .reversals
            .iter()
            .map(|r| JsonReversal {
                speaker: view.reconciled.speakers.name(r.person),
                from: reference(&g.members[r.from]),
                to: reference(&g.members[r.to]),
                kind: r.kind,
            })
            .collect(),
        conflict: g.conflict,
    }
}

/// How many groups are rendered in parallel before being written: bounds
/// the memory held by rendered text.
const JSON_WINDOW: usize = 4_096;

/// How many groups one task of a window renders.
const JSON_CHUNK: usize = 64;

/// The whole report, or a run of its groups rendered as if it were.
#[derive(Serialize)]
struct JsonReport<'a> {
    groups: Vec<JsonGroup<'a>>,
}

/// What pretty-printing puts around the groups of a [`JsonReport`].
const JSON_HEAD: &[u8] = b"{\n  \"groups\": [\n";
const JSON_TAIL: &[u8] = b"\n  ]\n}";

/// Writes the report as the spec's JSON, pretty-printed, with a final newline.
///
/// Groups are rendered in parallel, a window at a time: each run of
/// [`JSON_CHUNK`] groups is pretty-printed as a report of its own, which
/// indents them as the whole report would, and written without the
/// report's head and tail. The bytes are those of pretty-printing the whole
/// report at once.
pub fn write_json(view: &View, out: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<()> {
    use rayon::prelude::*;
    if view.groups.is_empty() {
        return out.write_all(b"{\n  \"groups\": []\n}\n");
    }
    out.write_all(JSON_HEAD)?;
    for (w, window) in view.groups.chunks(JSON_WINDOW).enumerate() {
        let rendered: Vec<Vec<u8>> = window
            .par_chunks(JSON_CHUNK)
            .map(|chunk| {
                let part = JsonReport {
                    groups: chunk.iter().map(|g| json_group(view, g)).collect(),
                };
                serde_json::to_vec_pretty(&part).expect("groups serialise")
            })
            .collect();
        for (i, part) in rendered.iter().enumerate() {
            debug_assert!(part.starts_with(JSON_HEAD) && part.ends_with(JSON_TAIL));
            if w > 0 || i > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(&part[JSON_HEAD.len()..part.len() - JSON_TAIL.len()])?;
        }
    }
    out.write_all(JSON_TAIL)?;
    out.write_all(b"\n")
}

/// The report as the spec's JSON, as a string (see [`write_json`]).
pub fn render_json(view: &View) -> String {
    let mut out = Vec::new();
    write_json(view, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}

// ---------------------------------------------------------------- shared

/// The article column: the file's key (its path without folder and extension).
fn article_label(a: &Annotation) -> String {
    match &a.outlet {
        Some(outlet) => format!("{} ({outlet})", a.key),
        None => a.key.clone(),
    }
}

fn reversal_note(g: &GroupView, i: usize, view: &View) -> Option<String> {
    let r = g.reversals.iter().find(|r| r.to == i)?;
    let from = view.claim_of(g.members[r.from].at).1;
    let kind = match r.kind {
        ReversalKind::Full => "full reversal",
        ReversalKind::Partial => "partial reversal",
    };
    Some(format!(
        "{kind}: {} since {}",
        g.members[r.from].stance.as_str(),
        from.date.expect("dated")
    ))
}

fn group_heading_details(g: &GroupView) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(t) = g.topic {
        parts.push(format!("topic {t}"));
    }
    let n = g.members.len();
    parts.push(format!("{n} claim{}", if n == 1 { "" } else { "s" }));
    let r = g.reversals.len();
    if r > 0 {
        parts.push(format!("{r} reversal{}", if r == 1 { "" } else { "s" }));
    }
    if g.conflict {
        parts.push("conflict".to_owned());
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
        for (i, m) in g.members.iter().enumerate() {
            let (a, c) = view.claim_of(m.at);
            let mut stance = Cell::new(match reversal_note(g, i, view) {
                Some(note) => format!("{} ⟲ {}", m.stance.as_str(), printable(&note)),
                None => m.stance.as_str().to_owned(),
            })
            .fg(stance_color(m.stance));
            if g.reversals.iter().any(|r| r.to == i) {
                stance = stance.add_attribute(Attribute::Bold);
            }
            table.add_row(vec![
                Cell::new(c.date.expect("dated").to_string()),
                Cell::new(printable(&c.speaker)),
                stance,
                Cell::new(printable(&article_label(a))),
                Cell::new(printable(&c.quote)),
            ]);
        }
        out.push_str(&table.to_string());
        out.push_str("\n\n");
    }
    out.push_str(&format!("{}\n", view.summary()));
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
            let stance = match reversal_note(g, i, view) {
                Some(note) => format!("**{}** ({})", m.stance.as_str(), md_escape(&note)),
                None => m.stance.as_str().to_owned(),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                c.date.expect("dated"),
                md_escape(&c.speaker),
                stance,
                md_escape(&article_label(a)),
                md_escape(&c.quote)
            ));
        }
        out.push('\n');
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
    use crate::model::{Claim, Stance};
    use crate::speakers::Aliases;

    /// Rendering runs of groups apart and stitching them must give the
    /// bytes of pretty-printing the whole report at once, across runs and
    /// windows, with quotes that need escaping.
    #[test]
    fn json_written_in_parts_is_the_whole_report_pretty_printed() {
        let claims = (0..JSON_CHUNK * 3 + 5)
            .map(|i| {
                Claim::dated(
                    &format!("c{i}"),
                    &format!("Councillor Name{i} opposes \"plan\" number {i}"),
                    Stance::Supports,
                    &format!("Speaker {i}"),
                    &format!("line one\nline \"two\" {i}"),
                    "2020-01-02",
                )
            })
            .collect();
        let annotations = vec![Annotation {
            key: "a".into(),
            path: "claims/a.yaml".into(),
            article: Some("articles/a.txt".into()),
            title: None,
            published: None,
            outlet: None,
            url: None,
            claims,
        }];
        let reconciled = crate::reconcile::reconcile(&annotations, &Aliases::default());
        let view = View::new(&annotations, &reconciled, &Filter::default());
        assert!(
            view.groups.len() > JSON_CHUNK * 2,
            "{} groups",
            view.groups.len()
        );
        let whole = JsonReport {
            groups: view.groups.iter().map(|g| json_group(&view, g)).collect(),
        };
        let mut expected = serde_json::to_string_pretty(&whole).unwrap();
        expected.push('\n');
        assert_eq!(render_json(&view), expected);
    }
}
