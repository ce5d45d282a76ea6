//! Reading a file past its YAML errors, and putting each where it is.
//!
//! A YAML error stops the parser, but most errors of a hand-edited file sit
//! in one claim: a tab, a quote left open. That claim is set aside (its
//! lines blanked out behind a placeholder `- {}`, so every other line keeps
//! its number and columns) and the file read again, so that one run
//! reports the error and still checks every other claim. A key written
//! twice loses its second entry the same way. What cannot be set aside (an
//! error outside the claim list, a flow-style list on one line, a limit)
//! leaves the file unread, as before.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::{Error as YamlError, ExternalMessageSource};

use super::{Limits, Node, StepOver, YamlProblem, read_yaml};
use crate::model::Pos;

/// The most errors stepped over in one file: each costs another parse.
const MAX_STEPS: usize = 20;

/// The most bytes parsed again to step over errors, so that a large file
/// full of errors costs a few parses, not twenty.
const MAX_STEP_BYTES: usize = 64 << 20;

/// A file read as far as it can be.
pub(super) struct Reading<'a> {
    /// The text the tree was read from: the file's, with what was set aside
    /// blanked out (lines and columns are those of the file).
    pub text: Cow<'a, str>,
    /// `None` when the file has no content, or could not be read.
    pub root: Option<Node>,
    pub errors: Vec<YamlProblem>,
    /// The first lines of the claims set aside: placeholders in `root`.
    pub set_aside: BTreeSet<u32>,
}

/// Reads `text`, stepping over the errors that can be (see the module).
/// When one cannot, only the first error is kept: the later ones may be
/// echoes of it, and the file is unread.
pub(super) fn read_past_errors<'a>(text: &'a str, limits: &Limits) -> Reading<'a> {
    let mut current = Cow::Borrowed(text);
    let mut errors: Vec<YamlProblem> = Vec::new();
    let mut set_aside = BTreeSet::new();
    let mut blanked: Vec<Range<usize>> = Vec::new();
    let max_steps = MAX_STEPS.min(MAX_STEP_BYTES / text.len().max(1));
    loop {
        let problem = match read_yaml(&current, limits) {
            Ok(root) => {
                return Reading {
                    text: current,
                    root,
                    errors,
                    set_aside,
                };
            }
            Err(problem) => problem,
        };
        // No progress (the error is where something was set aside already)
        // or too many: give up.
        let line = problem.at.line as usize;
        let stuck = errors.len() >= max_steps
            || line == 0
            || blanked.iter().any(|r| r.contains(&(line - 1)));
        let step = if stuck {
            None
        } else {
            step_over(&current, &problem)
        };
        errors.push(problem);
        let Some(step) = step else {
            errors.truncate(1);
            return Reading {
                text: Cow::Borrowed(text),
                root: None,
                errors,
                set_aside: BTreeSet::new(),
            };
        };
        if let Some(first) = step.claim_line {
            set_aside.insert(first);
        }
        blanked.push(step.lines);
        current = Cow::Owned(step.text);
    }
}

/// The text with one part set aside.
struct Step {
    text: String,
    /// The 0-based lines blanked out.
    lines: Range<usize>,
    /// The first line (1-based) of the claim set aside, if it was a claim.
    claim_line: Option<u32>,
}

/// Sets aside what `problem` is in, if it can be.
fn step_over(text: &str, problem: &YamlProblem) -> Option<Step> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let line = problem.at.line.checked_sub(1)? as usize;
    if problem.step_over == StepOver::RepeatedKey
        && let Some(entry) = block_entry(&lines, line, problem.at.column)
    {
        return Some(Step {
            text: blank(&lines, entry.clone(), None),
            lines: entry,
            claim_line: None,
        });
    }
    if problem.step_over == StepOver::Nothing {
        return None;
    }
    let (items, indent) = claim_items(&lines);
    let item = items.into_iter().find(|item| item.contains(&line))?;
    let placeholder = format!("{}- {{}}", " ".repeat(indent));
    Some(Step {
        text: blank(&lines, item.clone(), Some(&placeholder)),
        claim_line: Some(item.start as u32 + 1),
        lines: item,
    })
}

/// `lines` with those in `range` emptied (line breaks kept), the first
/// replaced by `first` if given.
fn blank(lines: &[&str], range: Range<usize>, first: Option<&str>) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len()).sum());
    for (i, line) in lines.iter().enumerate() {
        if !range.contains(&i) {
            out.push_str(line);
            continue;
        }
        if i == range.start
            && let Some(first) = first
        {
            out.push_str(first);
        }
        out.push_str(&line[content(line).len()..]);
    }
    out
}

/// A line without its line break.
fn content(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r'])
}

/// The leading blanks of a line (spaces and tabs), counted as characters.
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Whether a line holds nothing but blanks or a comment.
fn is_blank_or_comment(line: &str) -> bool {
    let rest = content(line).trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with('#')
}

/// The 0-based line range of each item of a block-style claim list (under
/// a top-level `claims:` with nothing after it but a comment), and the
/// items' indentation. A line whose indentation holds a tab belongs to the
/// item it is in, or starts one if it is a `-` line: that is where the
/// annotator meant it.
fn claim_items(lines: &[&str]) -> (Vec<Range<usize>>, usize) {
    let Some(key) = lines.iter().position(|l| {
        content(l)
            .strip_prefix("claims:")
            .is_some_and(is_blank_or_comment)
    }) else {
        return (Vec::new(), 0);
    };
    let mut items = Vec::new();
    let mut item_indent = None;
    let mut current: Option<usize> = None;
    for (i, line) in lines.iter().enumerate().skip(key + 1) {
        if is_blank_or_comment(line) {
            continue;
        }
        let indent = indent_of(line);
        let tabbed = line[..indent].contains('\t');
        let rest = &content(line)[indent..];
        let dash = rest == "-" || rest.starts_with("- ") || rest.starts_with("-\t");
        let item_indent = *item_indent.get_or_insert(indent);
        if dash && (indent == item_indent || tabbed) {
            if let Some(start) = current.replace(i) {
                items.push(start..i);
            }
        } else if current.is_some() && (indent > item_indent || tabbed) {
            continue;
        } else {
            // The list ended (or was no block list).
            if let Some(start) = current.take() {
                items.push(start..i);
            }
            return (items, item_indent);
        }
    }
    if let Some(start) = current {
        items.push(start..lines.len());
    }
    (items, item_indent.unwrap_or(0))
}

/// The lines of the block-mapping entry whose key is at `line`, `column`:
/// the key's line and the more indented lines after it. `None` when the key
/// does not start its line (a flow mapping).
fn block_entry(lines: &[&str], line: usize, column: u32) -> Option<Range<usize>> {
    let key_line = lines.get(line)?;
    let indent = indent_of(key_line);
    if column as usize != key_line[..indent].chars().count() + 1 {
        return None;
    }
    let end = (line + 1..lines.len())
        .find(|&i| !is_blank_or_comment(lines[i]) && indent_of(lines[i]) <= indent)
        .unwrap_or(lines.len());
    Some(line..end)
}

/// Where a tab in the indentation really is, for the parser's errors about
/// one: it reports a tab that continues a plain scalar at the start of that
/// scalar, a line or more above, and a tab in block indentation after it.
pub(super) fn tab_error_at(err: &YamlError, at: Pos, text: &str) -> Option<Pos> {
    let YamlError::ExternalMessage { source, .. } = err else {
        return None;
    };
    let ExternalMessageSource::Parser(scan) = source.as_ref() else {
        return None;
    };
    let from = match scan.kind() {
        ErrorKind::TabInPlainScalar => at.line + 1,
        ErrorKind::TabInBlockIndentation => at.line,
        _ => return None,
    };
    indentation_tab(text, from).or(Some(at))
}

/// The first tab in the indentation of a line with content, from line
/// `from` (1-based) on (a tab on a blank line is allowed).
fn indentation_tab(text: &str, from: u32) -> Option<Pos> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1) as usize)
        .find_map(|(i, line)| {
            let indent = &line[..indent_of(line)];
            let has_content = !line[indent.len()..].trim().is_empty();
            let tab = indent.find('\t').filter(|_| has_content)?;
            Some(Pos {
                line: i as u32 + 1,
                column: tab as u32 + 1,
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_items_follow_the_block_list_and_its_tabs() {
        let text = "published: 2021\nclaims:  # the list\n  - id: a\n    claim: X\n\n  # between\n  - id: b\n\tclaim: Y\n\t- id: c\n    quote: q\ntitle: T\n";
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        assert_eq!(claim_items(&lines), (vec![2..6, 6..8, 8..10], 2));
        let flow: Vec<&str> = "claims: [{id: a}]\n".split_inclusive('\n').collect();
        assert!(claim_items(&flow).0.is_empty());
        let unindented: Vec<&str> = "claims:\n- id: a\n  x: 1\n- id: b\npublished: 1\n"
            .split_inclusive('\n')
            .collect();
        assert_eq!(claim_items(&unindented), (vec![1..3, 3..4], 0));
    }

    #[test]
    fn blanking_keeps_every_other_line_and_column() {
        let lines: Vec<&str> = "a\r\n  - id: x\r\n    q: y\r\nb\n"
            .split_inclusive('\n')
            .collect();
        assert_eq!(
            blank(&lines, 1..3, Some("  - {}")),
            "a\r\n  - {}\r\n\r\nb\n"
        );
    }

    #[test]
    fn an_entry_runs_to_the_next_line_as_little_indented() {
        let lines: Vec<&str> = "  - id: a\n    quote: x\n      more\n\n    quote: y\n  - id: b\n"
            .split_inclusive('\n')
            .collect();
        assert_eq!(block_entry(&lines, 1, 5), Some(1..4));
        assert_eq!(block_entry(&lines, 4, 5), Some(4..5));
        assert_eq!(block_entry(&lines, 4, 9), None);
    }

    #[test]
    fn the_tab_is_found_where_it_is() {
        let text = "a: b\n\t\n  c: d\n \tx: y\n";
        assert_eq!(indentation_tab(text, 1), Some(Pos { line: 4, column: 2 }));
        assert_eq!(indentation_tab("a\n", 1), None);
    }
}
