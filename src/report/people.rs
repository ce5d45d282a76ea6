//! `report --by speaker`: a reporter's view by person. For each person,
//! every group they spoke on, with their stance history and verdict;
//! people with a full flop first, then those with a half flip. Here the
//! records and their table, Markdown and JSON; the HTML page by speaker is
//! `html/by_speaker.rs`.

use crate::speakers::PersonId;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use comfy_table::{Attribute, Cell};
use serde::Serialize;

use super::markdown::md_escape;
use super::table::{cell_text, stance_color, terminal_table};
use super::{GroupView, View};
use crate::date::PartialDate;
use crate::model::Stance;
use crate::stances::{Position, Verdict};

/// One person's record: the groups they spoke on (indices into the view's
/// groups, with their position there), worst verdict first.
#[derive(Debug, Clone)]
pub struct Record<'v> {
    pub person: PersonId,
    pub name: &'v str,
    pub entries: Vec<(usize, &'v Position)>,
}

impl Record<'_> {
    /// The person's worst verdict over their groups.
    pub fn worst(&self) -> Verdict {
        self.entries
            .iter()
            .map(|(_, p)| p.verdict)
            .max()
            .unwrap_or(Verdict::NoFlip)
    }
}

/// Every person of the view with their record: full flops first, then
/// half flips, then by how many groups they spoke on, then by name.
pub fn records<'v>(view: &'v View) -> Vec<Record<'v>> {
    let mut by_person: BTreeMap<PersonId, Vec<(usize, &Position)>> = BTreeMap::new();
    for (gi, g) in view.groups.iter().enumerate() {
        for p in &g.stances.positions {
            by_person.entry(p.person).or_default().push((gi, p));
        }
    }
    let mut records: Vec<Record> = by_person
        .into_iter()
        .map(|(person, mut entries)| {
            // Within a person: worst verdict first, then group order.
            entries.sort_by_key(|&(gi, p)| (std::cmp::Reverse(p.verdict), gi));
            Record {
                person,
                name: view.reconciled.speakers.name(person),
                entries,
            }
        })
        .collect();
    records.sort_by(|a, b| {
        b.worst()
            .cmp(&a.worst())
            .then(b.entries.len().cmp(&a.entries.len()))
            .then(a.name.cmp(b.name))
            .then(a.person.cmp(&b.person))
    });
    records
}

/// A person's claims in one group, in date order.
fn history<'v>(g: &'v GroupView, person: PersonId) -> impl Iterator<Item = usize> + 'v {
    (0..g.members.len()).filter(move |&i| g.members[i].person == person)
}

/// "supports 2017-01 → refutes 2017-12".
pub(super) fn history_text(g: &GroupView, person: PersonId) -> String {
    history(g, person)
        .map(|i| format!("{} {}", g.members[i].stance.as_str(), g.members[i].date))
        .collect::<Vec<_>>()
        .join(" → ")
}

pub(super) fn span(g: &GroupView, p: &Position) -> String {
    let (first, latest) = (g.members[p.first].date, g.members[p.latest].date);
    if first == latest {
        first.to_string()
    } else {
        format!("{first} to {latest}")
    }
}

pub(super) fn heading(r: &Record) -> String {
    let count = |v: Verdict| r.entries.iter().filter(|(_, p)| p.verdict == v).count();
    let mut parts = vec![format!(
        "{} group{}",
        r.entries.len(),
        if r.entries.len() == 1 { "" } else { "s" }
    )];
    for v in [Verdict::FullFlop, Verdict::HalfFlip] {
        let n = count(v);
        if n > 0 {
            parts.push(format!("{n} {}", v.as_str()));
        }
    }
    parts.join(", ")
}

fn summary_line(records: &[Record]) -> String {
    let flops = records
        .iter()
        .filter(|r| r.worst() == Verdict::FullFlop)
        .count();
    let n = records.len();
    format!(
        "{n} {}, {flops} with a full flop",
        if n == 1 { "person" } else { "people" }
    )
}

/// The records as terminal tables, one a person, then a summary line.
pub fn render_table(view: &View, width: Option<u16>) -> String {
    let records = records(view);
    let mut out = String::new();
    for r in &records {
        let bold = anstyle::Style::new().bold();
        let _ = writeln!(out, "{bold}{}{bold:#}  ({})", cell_text(r.name), heading(r));
        let mut table = terminal_table(&["Claim", "Verdict", "Span", "Stances"], width);
        for &(gi, p) in &r.entries {
            let g = &view.groups[gi];
            let latest = p
                .latest_firm
                .map_or(Stance::Unsure, |i| g.members[i].stance);
            let mut verdict = Cell::new(p.verdict.as_str()).fg(stance_color(latest));
            if p.verdict != Verdict::NoFlip {
                verdict = verdict.add_attribute(Attribute::Bold);
            }
            table.add_row(vec![
                Cell::new(cell_text(g.claim)),
                verdict,
                Cell::new(span(g, p)),
                Cell::new(cell_text(&history_text(g, r.person))),
            ]);
        }
        out.push_str(&table.to_string());
        out.push_str("\n\n");
    }
    let _ = writeln!(out, "{}", summary_line(&records));
    out
}

/// The records as Markdown: a section and a table per person.
pub fn render_markdown(view: &View) -> String {
    let records = records(view);
    let mut out = format!(
        "# Claims report by speaker\n\n{}.\n\n",
        summary_line(&records)
    );
    for r in &records {
        let _ = writeln!(out, "## {}\n\n{}\n", md_escape(r.name), heading(r));
        out.push_str("| Claim | Verdict | Span | Stances |\n|---|---|---|---|\n");
        for &(gi, p) in &r.entries {
            let g = &view.groups[gi];
            let verdict = match p.verdict {
                Verdict::NoFlip => p.verdict.as_str().to_owned(),
                v => format!("**{}**", v.as_str()),
            };
            let _ = writeln!(
                out,
                "| {} | {verdict} | {} | {} |",
                md_escape(g.claim),
                span(g, p),
                md_escape(&history_text(g, r.person))
            );
        }
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct PeopleOut<'a> {
    people: Vec<PersonOut<'a>>,
}

#[derive(Serialize)]
struct PersonOut<'a> {
    speaker: &'a str,
    groups: Vec<EntryOut<'a>>,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    claim: &'a str,
    topic: Option<&'a str>,
    verdict: &'static str,
    first: PartialDate,
    latest: PartialDate,
    history: Vec<StepOut<'a>>,
}

#[derive(Serialize)]
struct StepOut<'a> {
    #[serde(rename = "ref")]
    reference: String,
    stance: Stance,
    date: PartialDate,
    quote: &'a str,
}

/// The records as JSON: `{"people": [{"speaker", "groups": [{"claim",
/// "topic", "verdict", "first", "latest", "history": [{"ref", "stance",
/// "date", "quote"}]}]}]}`, stances relative to each group's claim.
pub fn write_json(view: &View, out: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<()> {
    let people = records(view)
        .iter()
        .map(|r| PersonOut {
            speaker: r.name,
            groups: r
                .entries
                .iter()
                .map(|&(gi, p)| {
                    let g = &view.groups[gi];
                    EntryOut {
                        claim: g.claim,
                        topic: g.topic,
                        verdict: p.verdict.as_str(),
                        first: g.members[p.first].date,
                        latest: g.members[p.latest].date,
                        history: history(g, r.person)
                            .map(|i| {
                                let m = &g.members[i];
                                let (a, c) = view.claim_of(m.at);
                                StepOut {
                                    reference: a.reference(c),
                                    stance: m.stance,
                                    date: m.date,
                                    quote: &c.quote,
                                }
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &PeopleOut { people })?;
    out.write_all(b"\n")
}
