//! Reading the fields of a mapping against the schema: known keys found,
//! unknown ones reported with a "did you mean", and text and date values
//! checked for their type, each problem reported where it is.

use std::collections::HashMap;

use super::{Report, node_pos};
use crate::date::{DateError, PartialDate};
use crate::model::Pos;
use crate::problem::Code;
use crate::yaml::{Node, Value};

/// The known fields of a mapping, by name, and the names that unknown keys
/// were taken for.
pub(super) struct Fields<'n> {
    found: HashMap<&'static str, &'n Node>,
    /// Known names an unknown key is a misspelling of: that key was
    /// reported with a "did you mean", so the name is not reported missing
    /// as well (one mistake, one problem).
    misspelt: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    pub(super) fn get(&self, name: &str) -> Option<&'n Node> {
        self.found.get(name).copied()
    }

    /// Reports that `name` is missing, unless a misspelling of it was reported.
    pub(super) fn report_missing(&self, name: &str, at: Pos, message: &str, report: &mut Report) {
        if !self.misspelt.contains(&name) {
            report.add(Code::Schema, at, message);
        }
    }
}

/// The known fields of a mapping; unknown and non-string keys are reported.
pub(super) fn fields_of<'n>(
    entries: &'n [(Node, Node)],
    known: &[&'static str],
    place: &str,
    report: &mut Report,
) -> Fields<'n> {
    let mut fields = Fields {
        found: Default::default(),
        misspelt: Vec::new(),
    };
    for (k, v) in entries {
        let Value::Str(name) = &k.value else {
            report.add(
                Code::Schema,
                node_pos(k),
                format!("keys must be names, not {}", k.value.kind()),
            );
            continue;
        };
        match known.iter().find(|&&n| n == name) {
            Some(&n) => {
                fields.found.insert(n, v);
            }
            None => {
                let guess = known
                    .iter()
                    .map(|n| (strsim::jaro_winkler(n, name), *n))
                    .filter(|(s, _)| *s > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, n)| n);
                let hint = guess
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                fields.misspelt.extend(guess);
                report.add(
                    Code::Schema,
                    node_pos(k),
                    format!(
                        "unknown key `{name}` {place}{hint}; known keys: {}",
                        known.join(", ")
                    ),
                );
            }
        }
    }
    fields
}

/// A string field: `None` when absent or null; non-strings are reported.
pub(super) fn optional_text(fields: &Fields, name: &str, report: &mut Report) -> Option<String> {
    let node = fields.get(name)?;
    match &node.value {
        Value::Null => None,
        Value::Str(s) => Some(s.clone()),
        other => {
            report.add(
                Code::Schema,
                node_pos(node),
                format!(
                    "`{name}` must be text, not {} (put it in quotes)",
                    other.kind()
                ),
            );
            None
        }
    }
}

/// A required, non-empty string field. `accept_int` lets ids and topics be
/// written as bare numbers.
pub(super) fn required_text(
    fields: &Fields,
    name: &str,
    claim_pos: Pos,
    accept_int: bool,
    report: &mut Report,
) -> Option<String> {
    let Some(node) = fields.get(name) else {
        fields.report_missing(
            name,
            claim_pos,
            &format!("the claim has no `{name}:`"),
            report,
        );
        return None;
    };
    let text = match &node.value {
        Value::Str(s) => s.clone(),
        Value::Int(i) if accept_int => i.to_string(),
        Value::Null => {
            report.add(Code::Schema, node_pos(node), format!("`{name}` is empty"));
            return None;
        }
        other => {
            report.add(
                Code::Schema,
                node_pos(node),
                format!(
                    "`{name}` must be text, not {} (put it in quotes)",
                    other.kind()
                ),
            );
            return None;
        }
    };
    if text.trim().is_empty() {
        report.add(Code::Schema, node_pos(node), format!("`{name}` is empty"));
        return None;
    }
    Some(text)
}

/// A date field: a string `YYYY[-MM[-DD]]`, or a bare year number.
pub(super) fn date_value(node: &Node, name: &str, report: &mut Report) -> Option<PartialDate> {
    let text = match &node.value {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        // A number that is no year (2017.5, or too large for an integer).
        Value::Float(f) => {
            report.add(
                Code::BadDate,
                node_pos(node),
                format!("`{name}`: `{f}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
            );
            return None;
        }
        other => {
            report.add(
                Code::Schema,
                node_pos(node),
                format!(
                    "`{name}` must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not {}",
                    other.kind()
                ),
            );
            return None;
        }
    };
    match PartialDate::parse(text.trim()) {
        Ok(d) => Some(d),
        Err(e @ (DateError::Format(_) | DateError::Impossible(..))) => {
            report.add(Code::BadDate, node_pos(node), format!("`{name}`: {e}"));
            None
        }
    }
}
