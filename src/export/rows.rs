//! One row (CSV) or line (JSON Lines) per claim, groups in the report's
//! order and claims in their group's (date) order, each with its group.
//!
//! CSV columns: `group_id, group_claim, group_topic, ref, article, url,
//! outlet, speaker, person, claim, stance, group_stance, date, quote,
//! topic, note, reversal, reversal_from, reversal_via, verdict,
//! group_conflict`. A JSON line has the same fields, the group's under
//! `group` (`id`, `claim`, `topic`, `conflict`) and the reversal as an
//! object (`kind`, `from`, `via`) or null.

use std::io::Write;

use serde::Serialize;

use super::{claim_of, group_id};
use crate::report::{GroupView, View};

/// What is said about one claim, in both formats.
struct ClaimRow<'r> {
    reference: String,
    article: Option<&'r str>,
    url: Option<&'r str>,
    outlet: Option<&'r str>,
    speaker: &'r str,
    person: &'r str,
    claim: &'r str,
    stance: &'static str,
    group_stance: &'static str,
    date: String,
    quote: &'r str,
    topic: Option<&'r str>,
    note: Option<&'r str>,
    reversal: Option<Reversal>,
    verdict: &'static str,
}

#[derive(Serialize)]
struct Reversal {
    kind: &'static str,
    from: String,
    via: Vec<String>,
}

/// Whether a group is in conflict: "now", "before" or "" (none).
fn conflict(g: &GroupView) -> &'static str {
    if g.stances.conflict_now() {
        "now"
    } else if g.stances.conflict() {
        "before"
    } else {
        ""
    }
}

fn rows<'r>(view: &View<'r>, g: &GroupView<'r>) -> Vec<ClaimRow<'r>> {
    let reference = |i: usize| {
        let (a, c) = claim_of(view, &g.members[i]);
        a.reference(c)
    };
    g.members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (a, c) = claim_of(view, m);
            let reversal = g
                .stances
                .reversals
                .iter()
                .find(|r| r.to == i)
                .map(|r| Reversal {
                    kind: r.kind.as_str(),
                    from: reference(r.from),
                    via: r.via.iter().map(|&v| reference(v)).collect(),
                });
            let verdict = g
                .stances
                .positions
                .iter()
                .find(|p| p.person == m.person)
                .map_or("", |p| p.verdict.as_str());
            ClaimRow {
                reference: a.reference(c),
                article: a.article.as_deref(),
                url: a.url.as_deref(),
                outlet: a.outlet.as_deref(),
                speaker: &c.speaker,
                person: view.reconciled.speakers.name(m.person),
                claim: &c.claim,
                stance: c.stance.as_str(),
                group_stance: m.stance.as_str(),
                date: m.date.to_string(),
                quote: &c.quote,
                topic: c.topic.as_deref(),
                note: c.note.as_deref(),
                reversal,
                verdict,
            }
        })
        .collect()
}

/// Writes the CSV: a header line, then one row per claim (RFC 4180
/// quoting, `\n` line ends).
pub fn write_csv(view: &View, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record([
        "group_id",
        "group_claim",
        "group_topic",
        "ref",
        "article",
        "url",
        "outlet",
        "speaker",
        "person",
        "claim",
        "stance",
        "group_stance",
        "date",
        "quote",
        "topic",
        "note",
        "reversal",
        "reversal_from",
        "reversal_via",
        "verdict",
        "group_conflict",
    ])?;
    for g in &view.groups {
        let id = group_id(view, g);
        for r in rows(view, g) {
            let (kind, from, via) = match &r.reversal {
                Some(rev) => (rev.kind, rev.from.clone(), rev.via.join(" ")),
                None => ("", String::new(), String::new()),
            };
            w.write_record([
                id.as_str(),
                g.claim,
                g.topic.unwrap_or(""),
                &r.reference,
                r.article.unwrap_or(""),
                r.url.unwrap_or(""),
                r.outlet.unwrap_or(""),
                r.speaker,
                r.person,
                r.claim,
                r.stance,
                r.group_stance,
                &r.date,
                r.quote,
                r.topic.unwrap_or(""),
                r.note.unwrap_or(""),
                kind,
                &from,
                &via,
                r.verdict,
                conflict(g),
            ])?;
        }
    }
    w.flush()
}

#[derive(Serialize)]
struct Line<'a> {
    group: GroupLine<'a>,
    #[serde(rename = "ref")]
    reference: &'a str,
    article: Option<&'a str>,
    url: Option<&'a str>,
    outlet: Option<&'a str>,
    speaker: &'a str,
    person: &'a str,
    claim: &'a str,
    stance: &'a str,
    group_stance: &'a str,
    date: &'a str,
    quote: &'a str,
    topic: Option<&'a str>,
    note: Option<&'a str>,
    reversal: Option<&'a Reversal>,
    verdict: &'a str,
}

#[derive(Serialize)]
struct GroupLine<'a> {
    id: &'a str,
    claim: &'a str,
    topic: Option<&'a str>,
    /// "now", "before" or null.
    conflict: Option<&'a str>,
}

/// Writes JSON Lines: one compact JSON object per claim, each on its line.
pub fn write_jsonl(view: &View, out: &mut dyn Write) -> std::io::Result<()> {
    for g in &view.groups {
        let id = group_id(view, g);
        let group = GroupLine {
            id: &id,
            claim: g.claim,
            topic: g.topic,
            conflict: Some(conflict(g)).filter(|c| !c.is_empty()),
        };
        for r in rows(view, g) {
            let line = Line {
                group: GroupLine { ..group },
                reference: &r.reference,
                article: r.article,
                url: r.url,
                outlet: r.outlet,
                speaker: r.speaker,
                person: r.person,
                claim: r.claim,
                stance: r.stance,
                group_stance: r.group_stance,
                date: &r.date,
                quote: r.quote,
                topic: r.topic,
                note: r.note,
                reversal: r.reversal.as_ref(),
                verdict: r.verdict,
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}
