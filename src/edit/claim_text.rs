//! A claim, and a new annotation file, as YAML text: the one writer of
//! claims (`add` and `import` both use it), on top of the one scalar
//! emitter ([`crate::yaml::scalar`], [`crate::yaml::double_quoted`]), so
//! that whatever it writes reads back as what was given.

use super::NewClaim;
use crate::date::PartialDate;

/// The fields of the new claim, in file order, as text to write.
pub struct ClaimText {
    fields: Vec<(&'static str, FieldValue)>,
}

/// A field's value: text, written by the one YAML emitter
/// ([`crate::yaml::scalar`]), or a date, written as `YYYY[-MM[-DD]]`.
enum FieldValue {
    Text(String),
    Date(PartialDate),
    /// A quote's context: `{prefix: "...", suffix: "..."}`, both quoted
    /// (they often start or end with a space or a quote mark).
    Context(String, String),
}

impl FieldValue {
    /// The value in block context: plain when that reads back the same.
    fn block(&self) -> String {
        match self {
            FieldValue::Text(t) => crate::yaml::scalar(t).into_owned(),
            FieldValue::Date(d) => d.to_string(),
            FieldValue::Context(..) => self.flow(),
        }
    }

    /// The value in a flow mapping, always double-quoted (a plain scalar
    /// there could not hold `,`, `[`, `]`, `{` or `}`).
    fn flow(&self) -> String {
        match self {
            FieldValue::Text(t) => crate::yaml::double_quoted(t),
            FieldValue::Date(d) => crate::yaml::double_quoted(&d.to_string()),
            FieldValue::Context(prefix, suffix) => format!(
                "{{prefix: {}, suffix: {}}}",
                crate::yaml::double_quoted(prefix),
                crate::yaml::double_quoted(suffix)
            ),
        }
    }
}

impl ClaimText {
    pub fn new(id: &str, c: &NewClaim) -> Self {
        let text = |s: &str| FieldValue::Text(s.to_owned());
        let mut fields = vec![
            ("id", text(id)),
            ("claim", text(&c.claim)),
            ("stance", text(c.stance.as_str())),
            ("speaker", text(&c.speaker)),
            ("quote", text(&c.quote)),
        ];
        if let Some(d) = c.date {
            fields.push(("date", FieldValue::Date(d)));
        }
        if let Some(t) = &c.topic {
            fields.push(("topic", text(t)));
        }
        ClaimText { fields }
    }

    /// Adds a `note` after the other fields.
    pub fn with_note(mut self, note: &str) -> Self {
        self.fields
            .push(("note", FieldValue::Text(note.to_owned())));
        self
    }

    /// Adds a `context` (the article's text around the quote) last.
    pub fn with_context(mut self, context: Option<(String, String)>) -> Self {
        if let Some((prefix, suffix)) = context {
            self.fields
                .push(("context", FieldValue::Context(prefix, suffix)));
        }
        self
    }

    /// Block-list item lines: `- id: x` then `  key: value`.
    pub fn block(&self, dash_indent: usize, key_indent: usize, eol: &str) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.fields.iter().enumerate() {
            if i == 0 {
                out.push_str(&" ".repeat(dash_indent));
                out.push('-');
                out.push_str(&" ".repeat(key_indent.saturating_sub(dash_indent + 1).max(1)));
            } else {
                out.push_str(&" ".repeat(key_indent));
            }
            out.push_str(&format!("{k}: {}{eol}", v.block()));
        }
        out
    }

    /// A flow mapping: `{id: "x", claim: "...", ...}` with every value quoted.
    pub(super) fn flow(&self) -> String {
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|(k, v)| format!("{k}: {}", v.flow()))
            .collect();
        format!("{{{}}}", fields.join(", "))
    }
}

/// The fields of a file `add` creates, before its claims.
pub(super) struct FileHead<'a> {
    /// Empty: no `title:` line.
    pub title: &'a str,
    pub published: PartialDate,
    pub outlet: Option<&'a str>,
    pub url: Option<&'a str>,
}

/// The dash and key indentation of a block list `add` starts: the spec's.
pub(super) const DASH_INDENT: usize = 2;
pub(super) const KEY_INDENT: usize = 4;

/// The text of a file `add` creates: its head, then a claim list holding
/// `item`.
pub(super) fn new_file_text(head: &FileHead, item: &ClaimText) -> String {
    let mut out = String::new();
    if !head.title.is_empty() {
        out.push_str(&format!("title: {}\n", crate::yaml::scalar(head.title)));
    }
    out.push_str(&format!("published: {}\n", head.published));
    for (key, value) in [("outlet", head.outlet), ("url", head.url)] {
        if let Some(value) = value {
            out.push_str(&format!("{key}: {}\n", crate::yaml::scalar(value)));
        }
    }
    out.push_str("claims:\n");
    out.push_str(&item.block(DASH_INDENT, KEY_INDENT, "\n"));
    out
}
