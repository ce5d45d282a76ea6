//! The not-annotated marker: a skeleton `new` wrote and no one filled in
//! holds an empty claim list and a comment starting with
//! [`NOT_ANNOTATED_MARKER`]. Finding that comment needs care (a `#` inside
//! a quoted string starts none), so it has a room of its own; both the
//! slow path and the fast path ask it.

use std::ops::Range;

use super::yaml_errors::read_yaml;
use super::{FileContext, Limits};
use crate::model::Pos;
use crate::yaml::{Node, Value};

/// The text that marks a skeleton `new` wrote and no one has filled in,
/// at the start of a YAML comment (compared ignoring case).
pub const NOT_ANNOTATED_MARKER: &str = "claimtrack: not annotated";

pub(super) fn not_annotated_message(file: &FileContext) -> String {
    let article = file.article.map_or_else(
        || crate::corpus::CorpusFiles::expected_article(file.key),
        str::to_owned,
    );
    format!(
        "the skeleton of {article} was never filled in: add claims with `claimtrack add`, or write `claims: []` if it has none"
    )
}

/// The most places that look like the marker confirmed in one file: each
/// costs a parse, and a skeleton has one.
const MAX_MARKER_CANDIDATES: usize = 4;

/// Where the file's not-annotated marker is (the line, and the column of
/// its `#`), if a comment of the file starts with [`NOT_ANNOTATED_MARKER`].
/// A `#` inside a quoted or block string starts no comment: each candidate
/// is confirmed by blanking its text and reading the file again, which must
/// give the same data. `tree` is the file's, when already read.
pub(super) fn not_annotated_marker(
    text: &str,
    tree: Option<&Node>,
    limits: &Limits,
) -> Option<Pos> {
    let mut candidates = marker_candidates(text);
    candidates.truncate(MAX_MARKER_CANDIDATES);
    if candidates.is_empty() {
        return None;
    }
    let read;
    let tree = match tree {
        Some(tree) => tree,
        None => {
            read = read_yaml(text, limits).ok().flatten()?;
            &read
        }
    };
    candidates.into_iter().find_map(|(body, at)| {
        let mut blanked = text.to_owned();
        blanked.replace_range(body.clone(), &" ".repeat(body.len()));
        let same = read_yaml(&blanked, limits)
            .ok()
            .flatten()
            .is_some_and(|other| same_data(&other, tree));
        same.then_some(at)
    })
}

/// Every `#` that may start a comment holding the marker (at the start of
/// a line or after a blank): the byte range of the text after it, to the end
/// of its line, and where the `#` is.
fn marker_candidates(text: &str) -> Vec<(Range<usize>, Pos)> {
    let mut found = Vec::new();
    let mut start = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        for (i, _) in content.match_indices('#') {
            let after_blank = i == 0 || content[..i].ends_with([' ', '\t']);
            let body = content[i + 1..].trim_start_matches([' ', '\t']);
            let marked = body
                .get(..NOT_ANNOTATED_MARKER.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(NOT_ANNOTATED_MARKER));
            if after_blank && marked {
                let at = Pos {
                    line: n as u32 + 1,
                    column: content[..i].chars().count() as u32 + 1,
                };
                found.push((start + i + 1..start + content.len(), at));
            }
        }
        start += line.len();
    }
    found
}

/// Whether two trees hold the same data, wherever it is written.
fn same_data(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_data(a, b))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| same_data(ka, kb) && same_data(va, vb))
        }
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (x, y) => x == y,
    }
}
