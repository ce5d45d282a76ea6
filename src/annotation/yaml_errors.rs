//! YAML to a located tree, and each YAML error told apart: where it is,
//! which problem code and message it gets, and what of the file can be set
//! aside to read the rest ([`super::recover`]). serde-saphyr's errors come
//! wrapped in snippets and alias replays; this is the one place that
//! unwraps and words them.

use serde_saphyr::{Error as YamlError, SnippetMode, UserMessageFormatter};

use super::{Limits, pos, recover};
use crate::model::Pos;
use crate::problem::{Code, Problem};
use crate::yaml::{Node, Value};

/// A YAML error, classified.
pub(super) struct YamlProblem {
    pub code: Code,
    pub at: Pos,
    pub message: String,
    /// What can be set aside to read the rest of the file.
    pub step_over: StepOver,
}

/// What of a file can be set aside to read the rest past a YAML error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StepOver {
    /// The claim the error is in.
    Claim,
    /// The entry of a key written twice (its first entry stands).
    RepeatedKey,
    /// Nothing: the error is about the file as a whole.
    Nothing,
}

impl YamlProblem {
    pub(super) fn into_problem(self, file: &str) -> Problem {
        Problem::new(self.code, file, self.message).at(self.at.line, self.at.column)
    }
}

/// Parses YAML into a located tree. `Ok(None)` for a document with no content.
pub(super) fn read_yaml(text: &str, limits: &Limits) -> Result<Option<Node>, YamlProblem> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let has_content = text.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#') && t != "---" && t != "..."
    });
    if !has_content {
        return Ok(None);
    }
    match serde_saphyr::from_str_with_options::<Node>(text, limits.yaml_options()) {
        Ok(node) if node.value == Value::Null => Ok(None),
        Ok(node) => Ok(Some(node)),
        Err(err) => Err(classify_yaml_error(&err, text, limits)),
    }
}

const MULTIPLE_DOCUMENTS: &str =
    "the file holds more than one YAML document (`---`); an annotation file is one document";

pub(super) const TAB_IN_INDENTATION: &str =
    "a tab in the indentation: YAML indents with spaces only (replace the tab with spaces)";

fn classify_yaml_error(err: &YamlError, text: &str, limits: &Limits) -> YamlProblem {
    // The error that counts can be wrapped in snippets and in the aliases
    // it was replayed through (an alias bomb is reported at its last use).
    let mut inner = err;
    while let YamlError::AliasError { error, .. } | YamlError::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let at = err
        .without_snippet()
        .location()
        .or_else(|| inner.location())
        .map(|l| pos(&l))
        .unwrap_or_default();
    let rendered = inner.render_with_options(serde_saphyr::render_options! {
        formatter: &UserMessageFormatter,
        snippets: SnippetMode::Off,
    });
    let message = strip_location_suffix(&rendered);
    let file_wide = |code, message| YamlProblem {
        code,
        at,
        message,
        step_over: StepOver::Nothing,
    };
    match inner {
        YamlError::DuplicateMappingKey { .. } => YamlProblem {
            code: Code::Schema,
            at,
            message,
            step_over: StepOver::RepeatedKey,
        },
        YamlError::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Documents { .. },
            ..
        }
        | YamlError::MultipleDocuments { .. } => {
            file_wide(Code::Schema, MULTIPLE_DOCUMENTS.to_owned())
        }
        // The node budget grows with --max-claims; a file over it is a file
        // with too many claims, most likely.
        YamlError::Budget {
            breach:
                serde_saphyr::budget::BudgetBreach::Nodes { .. }
                | serde_saphyr::budget::BudgetBreach::Events { .. },
            ..
        } => file_wide(
            Code::Unreadable,
            format!(
                "the YAML is too large to read safely, more than {} claims can fill (raise the limit with --max-claims): {message}",
                limits.max_claims_per_file
            ),
        ),
        YamlError::Budget { .. }
        | YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => file_wide(
            Code::Unreadable,
            format!("the YAML is too large or too deeply nested to read safely: {message}"),
        ),
        // The parser's own guard against deep nesting, met before the budget's.
        _ if message.contains("recursion limit exceeded") => file_wide(
            Code::Unreadable,
            format!("the YAML is too deeply nested to read safely: {message}"),
        ),
        _ => match recover::tab_error_at(inner, at, text) {
            Some(tab) => YamlProblem {
                code: Code::YamlSyntax,
                at: tab,
                message: TAB_IN_INDENTATION.to_owned(),
                step_over: StepOver::Claim,
            },
            None => YamlProblem {
                code: Code::YamlSyntax,
                at,
                message,
                step_over: StepOver::Claim,
            },
        },
    }
}

/// serde-saphyr's user messages end in " at line L, column C"; the location is
/// reported separately, so drop it.
fn strip_location_suffix(message: &str) -> String {
    let message = message.lines().next().unwrap_or("").trim();
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains("column") => message[..i].to_owned(),
        _ => message.to_owned(),
    }
}
