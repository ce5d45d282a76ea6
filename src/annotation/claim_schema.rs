//! The schema of one claim: a mapping with a valid id, claim, stance,
//! speaker and quote, and optional date, topic, note and context. A claim missing
//! one of the required fields is rejected, with what is left to check of it.

use super::fields::{Fields, date_value, fields_of, optional_text, required_text};
use super::{Rejected, Report, node_pos};
use crate::date::PartialDate;
use crate::model::{Claim, Pos, QuoteContext, Stance};
use crate::problem::Code;
use crate::yaml::{Node, Value};

const CLAIM_KEYS: [&str; 9] = [
    "id", "claim", "stance", "speaker", "quote", "date", "topic", "note", "context",
];

/// The first character an id may not hold: white space, a control character
/// or `#`, which separates file and id in references.
pub(super) fn id_flaw(id: &str) -> Option<char> {
    id.chars()
        .find(|c| c.is_whitespace() || c.is_control() || *c == '#')
}

/// A claim as validated: valid, or rejected with what is left to check of it.
pub(super) enum Validated {
    Valid(Claim),
    Rejected(Rejected),
}

impl Rejected {
    /// A valid claim kept out all the same (its id repeats an earlier one).
    pub(super) fn of(claim: &Claim) -> Rejected {
        Rejected {
            id: Some(claim.id.clone()),
            pos: claim.pos,
            quote: Some((claim.quote.clone(), claim.quote_pos)),
            date: claim
                .date
                .filter(|_| claim.has_own_date)
                .map(|d| (d, claim.date_pos)),
        }
    }
}

/// Validates one list item, and says where its id is (where the claim
/// starts when it has none); `None` when it is no mapping at all (reported).
pub(super) fn validate_claim(
    item: &Node,
    published: Option<PartialDate>,
    report: &mut Report,
) -> Option<(Validated, Pos)> {
    let at = node_pos(item);
    let Value::Map(entries) = &item.value else {
        report.add(
            Code::Schema,
            at,
            format!(
                "each claim must be a mapping with id, claim, stance, speaker and quote, not {}",
                item.value.kind()
            ),
        );
        return None;
    };
    let fields = fields_of(entries, &CLAIM_KEYS, "in a claim", report);
    let id = claim_id(&fields, at, report);
    let claim_text = required_text(&fields, "claim", at, false, report);
    let speaker = required_text(&fields, "speaker", at, false, report);
    let quote = required_text(&fields, "quote", at, false, report);
    let stance = claim_stance(&fields, at, report);
    let topic = match fields.get("topic").map(|n| &n.value) {
        Some(Value::Int(i)) => Some(i.to_string()),
        _ => optional_text(&fields, "topic", report).filter(|t| !t.trim().is_empty()),
    };
    let note = optional_text(&fields, "note", report);
    let context = quote_context(&fields, report);
    let (date, has_own_date, date_pos) = match fields.get("date") {
        Some(node) if node.value != Value::Null => match date_value(node, "date", report) {
            Some(d) => (Some(d), true, node_pos(node)),
            None => (None, true, node_pos(node)),
        },
        _ => (published, false, at),
    };
    let quote_pos = fields.get("quote").map_or(at, node_pos);
    let claim_pos = fields.get("claim").map_or(at, node_pos);
    let id_pos = fields.get("id").map_or(at, node_pos);
    // A claim whose required fields are all valid is valid, as before: an
    // unknown key, a bad date or topic is reported but does not change what
    // the claim says. Without one of them it cannot be grouped or shown.
    let validated = match (id, claim_text, stance, speaker, quote) {
        (Some(id), Some(claim), Some(stance), Some(speaker), Some(quote)) => {
            Validated::Valid(Claim {
                id,
                claim,
                stance,
                speaker,
                quote,
                date,
                has_own_date,
                topic,
                note,
                context,
                pos: at,
                claim_pos,
                quote_pos,
                date_pos,
            })
        }
        (id, _, _, _, quote) => Validated::Rejected(Rejected {
            id,
            pos: at,
            quote: quote.map(|q| (q, quote_pos)),
            date: date.filter(|_| has_own_date).map(|d| (d, date_pos)),
        }),
    };
    Some((validated, id_pos))
}

/// The claim's id, if it is valid text an id may be (see [`id_flaw`]).
fn claim_id(fields: &Fields, at: Pos, report: &mut Report) -> Option<String> {
    required_text(fields, "id", at, true, report).filter(|id| {
        let bad = id_flaw(id);
        if let Some(c) = bad {
            let what = if c.is_whitespace() {
                "white space".to_owned()
            } else {
                format!("{c:?}")
            };
            report.add(
                Code::Schema,
                fields.get("id").map_or(at, node_pos),
                format!(
                    "the id `{}` contains {what}; use letters, digits and dashes",
                    id.escape_debug()
                ),
            );
        }
        bad.is_none()
    })
}

/// The claim's stance, if it is one of the three.
fn claim_stance(fields: &Fields, at: Pos, report: &mut Report) -> Option<Stance> {
    required_text(fields, "stance", at, false, report).and_then(|s| {
        let stance = Stance::parse(&s);
        if stance.is_none() {
            report.add(
                Code::Schema,
                fields.get("stance").map_or(at, node_pos),
                format!("unknown stance `{s}`: use supports, refutes or unsure"),
            );
        }
        stance
    })
}

/// A claim's optional `context:`, a mapping of `prefix:` and `suffix:`
/// (the article's text just before and after the quote).
fn quote_context(fields: &Fields, report: &mut Report) -> Option<QuoteContext> {
    let node = fields.get("context")?;
    let Value::Map(entries) = &node.value else {
        if node.value != Value::Null {
            report.add(
                Code::Schema,
                node_pos(node),
                format!(
                    "`context` must be a mapping with `prefix:` and `suffix:`, not {}",
                    node.value.kind()
                ),
            );
        }
        return None;
    };
    let inner = fields_of(
        entries,
        &["prefix", "suffix"],
        "in a claim's context",
        report,
    );
    Some(QuoteContext {
        prefix: optional_text(&inner, "prefix", report).unwrap_or_default(),
        suffix: optional_text(&inner, "suffix", report).unwrap_or_default(),
    })
}
