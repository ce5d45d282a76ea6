//! `report --format json`: the spec's JSON, laid out byte for byte as
//! serde_json's pretty printer lays it out (two-space indent), but written
//! by hand.
//!
//! At a million claims the report is 400 MB, and serde_json spent most of
//! its time formatting each claim's `key#id` reference into a string of its
//! own and scanning every string a byte at a time for characters to escape.
//! Here a reference is written in place, and a string with nothing to
//! escape (nearly all of them) is copied whole; any other string is escaped
//! by serde_json itself. The tests check the bytes against serde_json's
//! pretty printing of the same report.

use std::io::Write;

use rayon::prelude::*;

use super::{GroupView, View};
use crate::date::PartialDate;
use crate::model::{Annotation, Claim};

/// How many groups are rendered in parallel before being written: bounds
/// the memory held by rendered text.
const WINDOW: usize = 4_096;

/// How many groups one task of a window renders.
const CHUNK: usize = 64;

const HEAD: &[u8] = b"{\n  \"groups\": [\n";
const TAIL: &[u8] = b"\n  ]\n}\n";

/// Writes the report as the spec's JSON, pretty-printed, with a final newline.
///
/// Windows of groups are rendered in parallel on a thread of their own
/// while the window before is written, so that writing 400 MB overlaps
/// rendering it. A failed write (a closed pipe) stops the rendering too.
pub fn write_json(view: &View, out: &mut (impl Write + ?Sized)) -> std::io::Result<()> {
    if view.groups.is_empty() {
        return out.write_all(b"{\n  \"groups\": []\n}\n");
    }
    out.write_all(HEAD)?;
    std::thread::scope(|s| {
        let (rendered, windows) = std::sync::mpsc::sync_channel::<Vec<Vec<u8>>>(1);
        s.spawn(move || {
            for window in view.groups.chunks(WINDOW) {
                let parts = window
                    .par_chunks(CHUNK)
                    .map(|chunk| {
                        let mut part = Vec::with_capacity(chunk.len() * 2_048);
                        for (i, g) in chunk.iter().enumerate() {
                            if i > 0 {
                                part.extend_from_slice(b",\n");
                            }
                            group(&mut part, view, g);
                        }
                        part
                    })
                    .collect();
                if rendered.send(parts).is_err() {
                    break; // the writer gave up
                }
            }
        });
        let mut first = true;
        for parts in windows {
            for part in parts {
                if !first {
                    out.write_all(b",\n")?;
                }
                first = false;
                out.write_all(&part)?;
            }
        }
        Ok::<_, std::io::Error>(())
    })?;
    out.write_all(TAIL)
}

/// The report as the spec's JSON, as a string (see [`write_json`]).
pub fn render_json(view: &View) -> String {
    let mut out = Vec::new();
    write_json(view, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// One group, as an element of the report's `groups` (indented four spaces).
fn group(out: &mut Vec<u8>, view: &View, g: &GroupView) {
    out.extend_from_slice(b"    {\n      \"claim\": ");
    string(out, g.claim);
    out.extend_from_slice(b",\n      \"topic\": ");
    match g.topic {
        Some(topic) => string(out, topic),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\n      \"claims\": ");
    array(out, &g.members, |out, m| {
        let (a, c) = view.claim_of(m.at);
        out.extend_from_slice(b"{\n          \"ref\": ");
        reference(out, a, c);
        out.extend_from_slice(b",\n          \"article\": ");
        match &a.article {
            Some(article) => string(out, article),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\n          \"claim\": ");
        string(out, &c.claim);
        out.extend_from_slice(b",\n          \"speaker\": ");
        string(out, &c.speaker);
        out.extend_from_slice(b",\n          \"stance\": \"");
        out.extend_from_slice(m.stance.as_str().as_bytes());
        out.extend_from_slice(b"\",\n          \"date\": \"");
        date(out, &m.date);
        out.extend_from_slice(b"\",\n          \"quote\": ");
        string(out, &c.quote);
        out.extend_from_slice(b"\n        }");
    });
    out.extend_from_slice(b",\n      \"reversals\": ");
    array(out, &g.stances.reversals, |out, r| {
        out.extend_from_slice(b"{\n          \"speaker\": ");
        string(out, view.reconciled.speakers.name(r.person));
        out.extend_from_slice(b",\n          \"from\": ");
        let (a, c) = view.claim_of(g.members[r.from].at);
        reference(out, a, c);
        out.extend_from_slice(b",\n          \"to\": ");
        let (a, c) = view.claim_of(g.members[r.to].at);
        reference(out, a, c);
        out.extend_from_slice(b",\n          \"kind\": \"");
        out.extend_from_slice(r.kind.as_str().as_bytes());
        out.extend_from_slice(b"\",\n          \"via\": ");
        list(out, 10, &r.via, |out, &i| {
            let (a, c) = view.claim_of(g.members[i].at);
            reference(out, a, c);
        });
        out.extend_from_slice(b"\n        }");
    });
    out.extend_from_slice(b",\n      \"positions\": ");
    array(out, &g.stances.positions, |out, p| {
        out.extend_from_slice(b"{\n          \"speaker\": ");
        string(out, view.reconciled.speakers.name(p.person));
        out.extend_from_slice(b",\n          \"first\": \"");
        date(out, &g.members[p.first].date);
        out.extend_from_slice(b"\",\n          \"latest\": \"");
        date(out, &g.members[p.latest].date);
        out.extend_from_slice(b"\",\n          \"verdict\": \"");
        out.extend_from_slice(p.verdict.as_str().as_bytes());
        out.extend_from_slice(b"\"\n        }");
    });
    out.extend_from_slice(b",\n      \"conflict\": ");
    boolean(out, g.stances.conflict());
    out.extend_from_slice(b",\n      \"conflict_now\": ");
    boolean(out, g.stances.conflict_now());
    out.extend_from_slice(b",\n      \"conflicts\": ");
    array(out, &g.stances.conflicts, |out, c| {
        out.extend_from_slice(b"{\n          \"speakers\": ");
        list(out, 10, &[c.a, c.b], |out, &p| {
            string(out, view.reconciled.speakers.name(p));
        });
        out.extend_from_slice(b",\n          \"now\": ");
        boolean(out, c.now);
        out.extend_from_slice(b"\n        }");
    });
    // Only with a model: without one the report is as the spec shows it.
    if !g.alike.is_empty() {
        out.extend_from_slice(b",\n      \"alike\": ");
        array(out, &g.alike, |out, (claim, similarity)| {
            out.extend_from_slice(b"{\n          \"claim\": ");
            string(out, claim);
            out.extend_from_slice(b",\n          \"similarity\": ");
            out.extend_from_slice(rounded(*similarity).to_string().as_bytes());
            out.extend_from_slice(b"\n        }");
        });
    }
    out.extend_from_slice(b"\n    }");
}

/// A similarity to three decimals, as JSON writes it.
fn rounded(similarity: f32) -> f64 {
    (f64::from(similarity) * 1000.0).round() / 1000.0
}

fn boolean(out: &mut Vec<u8>, value: bool) {
    out.extend_from_slice(if value { b"true" } else { b"false" });
}

/// An array of scalars inside an object whose keys are indented `indent`
/// spaces: `[]`, or one element a line.
fn list<T>(
    out: &mut Vec<u8>,
    indent: usize,
    items: &[T],
    mut element: impl FnMut(&mut Vec<u8>, &T),
) {
    if items.is_empty() {
        out.extend_from_slice(b"[]");
        return;
    }
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'\n');
        out.resize(out.len() + indent + 2, b' ');
        element(out, item);
    }
    out.push(b'\n');
    out.resize(out.len() + indent, b' ');
    out.push(b']');
}

/// A group's array field: `[]`, or one element a line, indented eight
/// spaces. `element` writes an element from its opening brace on.
fn array<T>(out: &mut Vec<u8>, items: &[T], mut element: impl FnMut(&mut Vec<u8>, &T)) {
    if items.is_empty() {
        out.extend_from_slice(b"[]");
        return;
    }
    out.extend_from_slice(b"[\n");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(b"        ");
        element(out, item);
    }
    out.extend_from_slice(b"\n      ]");
}

/// Whether `text` can be written between quotes as it is: no quote, no
/// backslash, no control character. (Written without an early exit, so
/// that it compiles to a few wide comparisons.)
fn plain(text: &str) -> bool {
    let escapes = text.bytes().fold(false, |bad, b| {
        bad | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    !escapes && (text.is_ascii() || !text.contains(crate::text::acts_on_terminal))
}

/// A JSON string. Characters a terminal may act on are escaped too (see
/// [`crate::text::json_terminal_safe`]): the report may be shown raw.
fn string(out: &mut Vec<u8>, text: &str) {
    if plain(text) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        let json = serde_json::to_string(text).expect("a string serialises");
        out.extend_from_slice(crate::text::json_terminal_safe(json).as_bytes());
    }
}

/// A claim's reference, `key#id`, as a JSON string.
fn reference(out: &mut Vec<u8>, a: &Annotation, c: &Claim) {
    if plain(&a.key) && plain(&c.id) {
        out.push(b'"');
        out.extend_from_slice(a.key.as_bytes());
        out.push(b'#');
        out.extend_from_slice(c.id.as_bytes());
        out.push(b'"');
    } else {
        string(out, &a.reference(c));
    }
}

/// A date at its precision, as `PartialDate`'s `Display` writes it.
fn date(out: &mut Vec<u8>, d: &PartialDate) {
    let digits = |out: &mut Vec<u8>, n: u32, width: u32| {
        for p in (0..width).rev() {
            out.push(b'0' + (n / 10u32.pow(p) % 10) as u8);
        }
    };
    let parts = [d.month, d.day];
    match u32::try_from(d.year) {
        Ok(year) if year <= 9_999 && parts.iter().flatten().all(|&n| n <= 99) => {
            digits(out, year, 4);
            for n in parts.into_iter().flatten() {
                out.push(b'-');
                digits(out, n, 2);
            }
        }
        _ => write!(out, "{d}").expect("writing to memory"),
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;
    use crate::model::Stance;
    use crate::report::{Filter, GroupView};
    use crate::speakers::Aliases;
    use crate::stances::ReversalKind;

    // The spec's JSON as serde types: the reference the hand-written
    // writer is checked against.

    #[derive(Serialize)]
    struct Report<'a> {
        groups: Vec<Group<'a>>,
    }

    #[derive(Serialize)]
    struct Group<'a> {
        claim: &'a str,
        topic: Option<&'a str>,
        claims: Vec<ClaimOut<'a>>,
        reversals: Vec<ReversalOut<'a>>,
        positions: Vec<PositionOut<'a>>,
        conflict: bool,
        conflict_now: bool,
        conflicts: Vec<ConflictOut<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        alike: Vec<AlikeOut<'a>>,
    }

    #[derive(Serialize)]
    struct AlikeOut<'a> {
        claim: &'a str,
        similarity: f64,
    }

    #[derive(Serialize)]
    struct PositionOut<'a> {
        speaker: &'a str,
        first: PartialDate,
        latest: PartialDate,
        verdict: &'a str,
    }

    #[derive(Serialize)]
    struct ConflictOut<'a> {
        speakers: [&'a str; 2],
        now: bool,
    }

    #[derive(Serialize)]
    struct ClaimOut<'a> {
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
    struct ReversalOut<'a> {
        speaker: &'a str,
        from: String,
        to: String,
        kind: ReversalKind,
        via: Vec<String>,
    }

    fn by_serde(view: &View) -> String {
        fn group<'a>(view: &'a View, g: &'a GroupView) -> Group<'a> {
            let reference = |i: usize| {
                let (a, c) = view.claim_of(g.members[i].at);
                a.reference(c)
            };
            Group {
                claim: g.claim,
                topic: g.topic,
                claims: g
                    .members
                    .iter()
                    .map(|m| {
                        let (a, c) = view.claim_of(m.at);
                        ClaimOut {
                            reference: a.reference(c),
                            article: a.article.as_deref(),
                            claim: &c.claim,
                            speaker: &c.speaker,
                            stance: m.stance,
                            date: m.date,
                            quote: &c.quote,
                        }
                    })
                    .collect(),
                reversals: g
                    .stances
                    .reversals
                    .iter()
                    .map(|r| ReversalOut {
                        speaker: view.reconciled.speakers.name(r.person),
                        from: reference(r.from),
                        to: reference(r.to),
                        kind: r.kind,
                        via: r.via.iter().map(|&i| reference(i)).collect(),
                    })
                    .collect(),
                positions: g
                    .stances
                    .positions
                    .iter()
                    .map(|p| PositionOut {
                        speaker: view.reconciled.speakers.name(p.person),
                        first: g.members[p.first].date,
                        latest: g.members[p.latest].date,
                        verdict: p.verdict.as_str(),
                    })
                    .collect(),
                conflict: g.stances.conflict(),
                conflict_now: g.stances.conflict_now(),
                conflicts: g
                    .stances
                    .conflicts
                    .iter()
                    .map(|c| ConflictOut {
                        speakers: [
                            view.reconciled.speakers.name(c.a),
                            view.reconciled.speakers.name(c.b),
                        ],
                        now: c.now,
                    })
                    .collect(),
                alike: g
                    .alike
                    .iter()
                    .map(|&(claim, s)| AlikeOut {
                        claim,
                        similarity: rounded(s),
                    })
                    .collect(),
            }
        }
        let whole = Report {
            groups: view.groups.iter().map(|g| group(view, g)).collect(),
        };
        let mut expected =
            crate::text::json_terminal_safe(serde_json::to_string_pretty(&whole).unwrap());
        expected.push('\n');
        expected
    }

    fn annotation(key: &str, article: Option<&str>, claims: Vec<Claim>) -> Annotation {
        Annotation {
            key: key.into(),
            path: format!("claims/{key}.yaml"),
            article: article.map(Into::into),
            title: None,
            published: None,
            outlet: None,
            url: None,
            claims,
            archived: None,
            retrieved: None,
        }
    }

    /// Across chunks and windows, with strings that need escaping (quotes,
    /// backslashes, control characters, in texts and in references), text
    /// beyond ASCII, topics, reversals, files without an article and dates
    /// of every precision, the bytes are serde_json's.
    #[test]
    fn the_bytes_are_those_of_serde_json_pretty_printing() {
        let mut claims: Vec<Claim> = (0..WINDOW + CHUNK * 3 + 5)
            .map(|i| {
                Claim::dated(
                    &format!("c{i}"),
                    &format!("Councillor Name{i} opposes \"plan\" number {i}"),
                    Stance::Supports,
                    &format!("Speaker {i} \\ Zoë"),
                    &format!("line one\nline \"two\"\t{i}\u{1}"),
                    ["2020-01-02", "2021-03", "1999"][i % 3],
                )
            })
            .collect();
        let mut turned = Claim::dated(
            "turn\"2",
            "Defenders season 2 is happening",
            Stance::Refutes,
            "Krysten Ritter",
            "I don't think we are doing it again.",
            "2017-11-20",
        );
        turned.topic = Some("defenders-s2".into());
        claims.push(turned);
        let annotations = vec![
            annotation("a", Some("articles/a.txt"), claims),
            annotation(
                "b\\c",
                None,
                vec![Claim {
                    topic: Some("defenders-s2".into()),
                    ..Claim::dated(
                        "in",
                        "Defenders season 2 is happening",
                        Stance::Supports,
                        "Krysten Ritter",
                        "If they want to do a Defenders 2. I'm in.",
                        "2017-01-10",
                    )
                }],
            ),
        ];
        let reconciled = crate::reconcile::reconcile(&annotations, &Aliases::default());
        let view = View::new(&annotations, &reconciled, &Filter::default());
        assert!(view.groups.len() > WINDOW + CHUNK);
        assert!(view.groups.iter().any(|g| !g.stances.reversals.is_empty()));
        assert!(view.groups.iter().any(|g| g.topic.is_some()));
        assert_eq!(render_json(&view), by_serde(&view));
    }

    #[test]
    fn an_empty_report_is_an_empty_list() {
        let reconciled = crate::reconcile::reconcile(&[], &Aliases::default());
        let view = View::new(&[], &reconciled, &Filter::default());
        assert_eq!(render_json(&view), by_serde(&view));
    }
}
