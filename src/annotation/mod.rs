//! Reading one annotation file: YAML to a located tree, then validation of
//! the tree against the schema, collecting every problem on the way.
//!
//! The rooms: the fast path for valid files (`fast`), the YAML reader and
//! its errors (`yaml_errors`), reading past those errors (`recover`), the
//! fields of a mapping (`fields`), the schema of a file (`file_schema`)
//! and of a claim (`claim_schema`), and the not-annotated marker of an
//! untouched skeleton (`not_annotated`).

use serde_saphyr::{Location, Options};

use crate::date::PartialDate;
use crate::model::{Annotation, Pos};
use crate::problem::{Code, Problem};
use crate::yaml::Node;

mod claim_schema;
mod fast;
mod fields;
mod file_schema;
mod not_annotated;
mod recover;
mod yaml_errors;

pub use not_annotated::NOT_ANNOTATED_MARKER;

use claim_schema::id_flaw;
use file_schema::validate_file;
use not_annotated::not_annotated_marker;
use yaml_errors::{StepOver, YamlProblem, read_yaml};

/// Caps applied while reading files, so that hostile input ends in a clear
/// problem instead of exhausting memory or time.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_article_bytes: u64,
    pub max_annotation_bytes: u64,
    pub max_claims_per_file: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article_bytes: 64 << 20,
            max_annotation_bytes: 16 << 20,
            max_claims_per_file: 50_000,
        }
    }
}

impl Limits {
    /// The YAML parser's budget: generous enough for `max_claims_per_file`
    /// claims, small enough that alias bombs and deep nesting stop early.
    pub(crate) fn yaml_options(&self) -> Options {
        let per_claim = 40; // nodes and events of one claim with every key, with margin
        let nodes = self
            .max_claims_per_file
            .saturating_mul(per_claim)
            .max(10_000);
        let budget = serde_saphyr::budget! {
            max_nodes: nodes,
            max_events: nodes.saturating_mul(2),
            max_depth: 32,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_documents: 1,
        };
        serde_saphyr::options! {
            budget: budget,
            // YAML 1.2 booleans only: `quote: no` is the word "no", not false.
            strict_booleans: true,
            leading_zero_numbers_as_strings: true,
            alias_limits: serde_saphyr::alias_limits! {
                max_total_replayed_events: 100_000,
                max_replay_stack_depth: 16,
            },
        }
    }
}

fn pos(loc: &Location) -> Pos {
    Pos {
        line: loc.line() as u32,
        column: loc.column() as u32,
    }
}

fn node_pos(node: &Node) -> Pos {
    pos(&node.referenced)
}

/// The outcome of reading one annotation file.
#[derive(Debug)]
pub struct Parsed {
    /// The file's valid content: `None` when it could not be read as a mapping.
    pub annotation: Option<Annotation>,
    pub problems: Vec<Problem>,
    /// What is left to check of the claims kept out of `annotation` (see
    /// [`Rejected`]), in file order.
    pub rejected: Vec<Rejected>,
}

/// A claim kept out of [`Annotation::claims`] because it has a schema error
/// or repeats an earlier claim's id, so that no group, report or reference
/// ever shows it as valid. Its fields that are valid are still checked
/// (`check` compares its quote with the article and its date with
/// `published`), so that one run reports every problem of the claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Its id, when that is valid.
    pub id: Option<String>,
    /// Where its list item starts.
    pub pos: Pos,
    /// Its quote and where it is, when that is valid.
    pub quote: Option<(String, Pos)>,
    /// Its own date and where it is, when it has a valid one.
    pub date: Option<(PartialDate, Pos)>,
}

/// Collects problems for one file.
struct Report<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl Report<'_> {
    fn add(&mut self, code: Code, at: Pos, message: impl Into<String>) {
        self.problems
            .push(Problem::new(code, self.file, message).at(at.line, at.column));
    }
}

/// Reads an annotation file. `key` is its path under claims/ without the
/// extension, `path` its path from the corpus root, `article` the path of
/// the article it annotates, if that exists.
pub fn parse_annotation(
    text: &str,
    key: &str,
    path: &str,
    article: Option<&str>,
    limits: &Limits,
) -> Parsed {
    let unmarked = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if let Some(annotation) = fast::parse_valid(unmarked, key, path, article, limits) {
        return Parsed {
            annotation: Some(annotation),
            problems: Vec::new(),
            rejected: Vec::new(),
        };
    }
    parse_collecting_problems(unmarked, key, path, article, limits)
}

/// The slow path: the located tree, validated rule by rule, every problem
/// kept. YAML errors that can be stepped over are (see [`recover`]), so
/// that the rest of the file is still checked.
fn parse_collecting_problems(
    text: &str,
    key: &str,
    path: &str,
    article: Option<&str>,
    limits: &Limits,
) -> Parsed {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut report = Report {
        file: path,
        problems: Vec::new(),
    };
    let reading = recover::read_past_errors(text, limits);
    let had_errors = !reading.errors.is_empty();
    report
        .problems
        .extend(reading.errors.into_iter().map(|e| e.into_problem(path)));
    let Some(root) = reading.root else {
        if !had_errors {
            report.add(
                Code::Schema,
                Pos { line: 1, column: 1 },
                "the file is empty: it needs at least `published:` and `claims:`",
            );
        }
        return Parsed {
            annotation: None,
            problems: report.problems,
            rejected: Vec::new(),
        };
    };
    let file = FileContext {
        text: &reading.text[..],
        key,
        path,
        article,
        limits,
        set_aside: &reading.set_aside,
    };
    let (annotation, rejected) = validate_file(&root, &file, &mut report);
    Parsed {
        annotation,
        problems: report.problems,
        rejected,
    }
}

/// What validation needs to know of the file besides its tree.
struct FileContext<'a> {
    /// The text the tree was read from (with unreadable claims blanked out).
    text: &'a str,
    key: &'a str,
    path: &'a str,
    article: Option<&'a str>,
    limits: &'a Limits,
    /// Lines of claims that could not be read: placeholders in the tree,
    /// their YAML error already reported.
    set_aside: &'a std::collections::BTreeSet<u32>,
}

#[cfg(test)]
mod tests;
