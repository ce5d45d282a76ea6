//! Reading one annotation file: YAML to a located tree, then validation of
//! the tree against the schema, collecting every problem on the way.

use serde_saphyr::{Error as YamlError, Location, Options, SnippetMode, UserMessageFormatter};

use crate::date::{DateError, PartialDate};
use crate::model::{Annotation, Claim, Pos, Stance};
use crate::problem::{Code, Problem};
use crate::yaml::{Node, Value};

mod fast;
mod recover;

const TOP_KEYS: [&str; 5] = ["title", "published", "outlet", "url", "claims"];
const CLAIM_KEYS: [&str; 8] = [
    "id", "claim", "stance", "speaker", "quote", "date", "topic", "note",
];

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

/// A YAML error, classified.
struct YamlProblem {
    code: Code,
    at: Pos,
    message: String,
    /// What can be set aside to read the rest of the file.
    step_over: StepOver,
}

/// What of a file can be set aside to read the rest past a YAML error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StepOver {
    /// The claim the error is in.
    Claim,
    /// The entry of a key written twice (its first entry stands).
    RepeatedKey,
    /// Nothing: the error is about the file as a whole.
    Nothing,
}

impl YamlProblem {
    fn into_problem(self, file: &str) -> Problem {
        Problem::new(self.code, file, self.message).at(self.at.line, self.at.column)
    }
}

/// Parses YAML into a located tree. `Ok(None)` for a document with no content.
fn read_yaml(text: &str, limits: &Limits) -> Result<Option<Node>, YamlProblem> {
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

const TAB_IN_INDENTATION: &str =
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

fn validate_file(
    root: &Node,
    file: &FileContext,
    report: &mut Report,
) -> (Option<Annotation>, Vec<Rejected>) {
    let Value::Map(entries) = &root.value else {
        report.add(
            Code::Schema,
            node_pos(root),
            format!(
                "the file must be a mapping with `published:` and `claims:`, not {}",
                root.value.kind()
            ),
        );
        return (None, Vec::new());
    };
    let fields = fields_of(entries, &TOP_KEYS, "at the top of the file", report);
    let title = optional_text(&fields, "title", report);
    let outlet = optional_text(&fields, "outlet", report);
    let url = optional_text(&fields, "url", report);
    let published = match fields.get("published") {
        Some(node) => date_value(node, "published", report),
        None => {
            fields.report_missing(
                "published",
                node_pos(root),
                "missing `published:` (YYYY, YYYY-MM or YYYY-MM-DD)",
                report,
            );
            None
        }
    };
    let mut claims = Vec::new();
    let mut rejected = Vec::new();
    match fields.get("claims") {
        None => fields.report_missing(
            "claims",
            node_pos(root),
            "missing `claims:` (write `claims: []` when the article has nothing to annotate)",
            report,
        ),
        Some(node) => match &node.value {
            Value::Seq(items) if items.len() > file.limits.max_claims_per_file => report.add(
                Code::Unreadable,
                node_pos(node),
                format!(
                    "the file has {} claims, over the limit of {} per file (raise it with --max-claims); none of its claims were read",
                    items.len(),
                    file.limits.max_claims_per_file
                ),
            ),
            Value::Seq(items) if items.is_empty() => {
                if let Some(at) = not_annotated_marker(file.text, Some(root), file.limits) {
                    report.add(Code::NotAnnotated, at, not_annotated_message(file));
                }
            }
            Value::Seq(items) => {
                (claims, rejected) = validate_claims(items, published, file, report);
            }
            other => report.add(
                Code::Schema,
                node_pos(node),
                format!("`claims` must be a list, not {} (write `claims: []` for none)", other.kind()),
            ),
        },
    }
    let annotation = Annotation {
        key: file.key.to_owned(),
        path: file.path.to_owned(),
        article: file.article.map(str::to_owned),
        title,
        published,
        outlet,
        url,
        claims,
    };
    (Some(annotation), rejected)
}

/// Each item of the claim list, valid or rejected (with a schema error, or
/// an id an earlier claim has), in file order. Items that stand for a claim
/// set aside as unreadable YAML are skipped: their error is reported.
fn validate_claims(
    items: &[Node],
    published: Option<PartialDate>,
    file: &FileContext,
    report: &mut Report,
) -> (Vec<Claim>, Vec<Rejected>) {
    let mut claims = Vec::new();
    let mut rejected = Vec::new();
    let mut seen_ids: std::collections::HashMap<String, Pos> = Default::default();
    for item in items {
        if file.set_aside.contains(&node_pos(item).line) {
            continue;
        }
        let Some((validated, id_pos)) = validate_claim(item, published, report) else {
            continue;
        };
        let (id, at) = match &validated {
            Validated::Valid(claim) => (Some(&claim.id), claim.pos),
            Validated::Rejected(r) => (r.id.as_ref(), r.pos),
        };
        let repeated = id.and_then(|id| match seen_ids.get(id) {
            Some(first) => Some((id.clone(), *first)),
            None => {
                seen_ids.insert(id.clone(), at);
                None
            }
        });
        if let Some((id, first)) = &repeated {
            // At the id itself: that is what to change.
            report.add(
                Code::DuplicateId,
                id_pos,
                format!(
                    "the id `{id}` is already used at line {}; ids must be unique in a file",
                    first.line
                ),
            );
        }
        match validated {
            Validated::Valid(claim) if repeated.is_none() => claims.push(claim),
            Validated::Valid(claim) => rejected.push(Rejected::of(&claim)),
            Validated::Rejected(r) => rejected.push(r),
        }
    }
    (claims, rejected)
}

/// The text that marks a skeleton `new` wrote and no one has filled in,
/// at the start of a YAML comment (compared ignoring case).
pub const NOT_ANNOTATED_MARKER: &str = "claimtrack: not annotated";

fn not_annotated_message(file: &FileContext) -> String {
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
fn not_annotated_marker(text: &str, tree: Option<&Node>, limits: &Limits) -> Option<Pos> {
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
fn marker_candidates(text: &str) -> Vec<(std::ops::Range<usize>, Pos)> {
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

/// The known fields of a mapping, by name, and the names that unknown keys
/// were taken for.
struct Fields<'n> {
    found: std::collections::HashMap<&'static str, &'n Node>,
    /// Known names an unknown key is a misspelling of: that key was
    /// reported with a "did you mean", so the name is not reported missing
    /// as well (one mistake, one problem).
    misspelt: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    fn get(&self, name: &str) -> Option<&'n Node> {
        self.found.get(name).copied()
    }

    /// Reports that `name` is missing, unless a misspelling of it was reported.
    fn report_missing(&self, name: &str, at: Pos, message: &str, report: &mut Report) {
        if !self.misspelt.contains(&name) {
            report.add(Code::Schema, at, message);
        }
    }
}

/// The known fields of a mapping; unknown and non-string keys are reported.
fn fields_of<'n>(
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
fn optional_text(fields: &Fields, name: &str, report: &mut Report) -> Option<String> {
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
fn required_text(
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
fn date_value(node: &Node, name: &str, report: &mut Report) -> Option<PartialDate> {
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

/// The first character an id may not hold: white space, a control character
/// or `#`, which separates file and id in references.
fn id_flaw(id: &str) -> Option<char> {
    id.chars()
        .find(|c| c.is_whitespace() || c.is_control() || *c == '#')
}

/// A claim as validated: valid, or rejected with what is left to check of it.
enum Validated {
    Valid(Claim),
    Rejected(Rejected),
}

impl Rejected {
    /// A valid claim kept out all the same (its id repeats an earlier one).
    fn of(claim: &Claim) -> Rejected {
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
fn validate_claim(
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
    let id = required_text(&fields, "id", at, true, report);
    let id = id.filter(|id| {
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
    });
    let claim_text = required_text(&fields, "claim", at, false, report);
    let speaker = required_text(&fields, "speaker", at, false, report);
    let quote = required_text(&fields, "quote", at, false, report);
    let stance = required_text(&fields, "stance", at, false, report).and_then(|s| {
        let stance = Stance::parse(&s);
        if stance.is_none() {
            report.add(
                Code::Schema,
                fields.get("stance").map_or(at, node_pos),
                format!("unknown stance `{s}`: use supports, refutes or unsure"),
            );
        }
        stance
    });
    let topic = match fields.get("topic").map(|n| &n.value) {
        Some(Value::Int(i)) => Some(i.to_string()),
        _ => optional_text(&fields, "topic", report).filter(|t| !t.trim().is_empty()),
    };
    let note = optional_text(&fields, "note", report);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        parse_annotation(
            text,
            "a",
            "claims/a.yaml",
            Some("articles/a.txt"),
            &Limits::default(),
        )
    }

    fn codes(p: &Parsed) -> Vec<(&'static str, Option<u32>)> {
        p.problems
            .iter()
            .map(|p| (p.code.as_str(), p.line))
            .collect()
    }

    const GOOD: &str = "title: T\npublished: 2017-01\nclaims:\n  - id: a\n    claim: X happens\n    stance: supports\n    speaker: Ann\n    quote: it will\n";

    /// Inputs on which the fast path must either agree with the slow one or
    /// step aside: every annotation file under tests/fixtures and claims/,
    /// plus variations on the edge of the schema.
    #[test]
    fn the_fast_path_agrees_with_the_slow_one() {
        let mut inputs: Vec<String> = [
            GOOD.to_owned(),
            GOOD.replace("id: a", "id: 0"),
            GOOD.replace("id: a", "id: 1.5"),
            GOOD.replace("id: a", "id: a b"),
            GOOD.replace("id: a", "id: ''"),
            GOOD.replace("id: a", "id: true"),
            GOOD.replace("title: T", "title: 5"),
            GOOD.replace("title: T", "title: ~"),
            GOOD.replace("title: T", "0: T"),
            GOOD.replace("title: T", "[a]: T"),
            GOOD.replace("published: 2017-01", "published: 2017"),
            GOOD.replace("published: 2017-01", "published: 2017-13"),
            GOOD.replace("published: 2017-01", "published: ~"),
            GOOD.replace("published: 2017-01", "published: 2017.5"),
            GOOD.replace("published: 2017-01\n", ""),
            GOOD.replace("stance: supports", "stance: Supports"),
            GOOD.replace("stance: supports", "stance: ' supports'"),
            GOOD.replace("claim: X happens", "claim: '  '"),
            GOOD.replace("claim: X happens", "claim: 3"),
            GOOD.replace("speaker: Ann", "speaker: [Ann]"),
            GOOD.replace("quote: it will", "quote: no"),
            GOOD.replace("quote: it will", "quote: ~"),
            format!("{GOOD}    date: 2016\n"),
            format!("{GOOD}    date: ~\n"),
            format!("{GOOD}    date: 2016-02-30\n"),
            format!("{GOOD}    topic: 7\n"),
            format!("{GOOD}    topic: ''\n"),
            format!("{GOOD}    topic: [a]\n"),
            format!("{GOOD}    note: ~\n"),
            format!("{GOOD}    colour: red\n"),
            format!("{GOOD}    id: b\n"),
            format!("{GOOD}  - id: a\n    claim: Y\n    stance: refutes\n    speaker: B\n    quote: q\n"),
            format!("{GOOD}  - just text\n"),
            format!("{GOOD}extra: 1\n"),
            format!("{GOOD}---\n{GOOD}"),
            format!("\u{FEFF}{GOOD}"),
            GOOD.replace('\n', "\r\n"),
            "published: 2017\nclaims: []\n".to_owned(),
            format!("published: 2017\n{SKELETON_CLAIMS}"),
            "title: \"a # claimtrack: not annotated\"\npublished: 2017\nclaims: []\n".to_owned(),
            format!("{GOOD}# claimtrack: not annotated yet\n"),
            "published: 2017\nclaims: ~\n".to_owned(),
            "published: 2017\nclaims: {}\n".to_owned(),
            "base: &b {id: a, claim: X, stance: supports, speaker: A, quote: q}\npublished: 2017\nclaims: [*b]\n".to_owned(),
            "published: 2017\nclaims: [&b {id: a, claim: X, stance: supports, speaker: A, quote: q}, *b]\n".to_owned(),
            String::new(),
        ]
        .into();
        for root in ["tests/fixtures", "claims"] {
            for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
                if entry.path().extension().is_some_and(|e| e == "yaml")
                    && let Ok(text) = std::fs::read_to_string(entry.path())
                {
                    inputs.push(text);
                }
            }
        }
        let limits = Limits::default();
        let mut fast_hits = 0;
        for text in &inputs {
            let unmarked = text.strip_prefix('\u{FEFF}').unwrap_or(text);
            let fast = fast::parse_valid(unmarked, "a", "claims/a.yaml", None, &limits);
            let slow = parse_collecting_problems(text, "a", "claims/a.yaml", None, &limits);
            match fast {
                Some(annotation) => {
                    fast_hits += 1;
                    assert!(slow.problems.is_empty(), "{text:?}: {:?}", slow.problems);
                    assert_eq!(Some(annotation), slow.annotation, "{text:?}");
                }
                None => assert!(
                    !slow.problems.is_empty() || slow.annotation.is_none(),
                    "the fast path refused a valid file: {text:?}"
                ),
            }
        }
        eprintln!("fast hits {fast_hits} of {}", inputs.len());
        assert!(fast_hits > 10, "{fast_hits}");
    }

    #[test]
    fn reads_a_valid_file() {
        let p = parse(GOOD);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let a = p.annotation.unwrap();
        assert_eq!(a.published.unwrap().to_string(), "2017-01");
        assert_eq!(a.claims[0].date.unwrap().to_string(), "2017-01");
        assert_eq!(a.claims[0].stance, Stance::Supports);
        assert_eq!(a.claims[0].pos.line, 4);
        assert_eq!(
            a.claims[0].quote_pos,
            Pos {
                line: 8,
                column: 12
            }
        );
    }

    #[test]
    fn reports_every_schema_problem_of_a_file() {
        let text = "published: 2017-02-30\nextra: 1\nclaims:\n  - id: a b\n    claim: ''\n    stance: maybe\n    speaker: 3\n    quote: q\n    colour: red\n  - id: c\n";
        let mut p = parse(text);
        crate::problem::sort_problems(&mut p.problems);
        assert_eq!(
            codes(&p),
            vec![
                ("bad-date", Some(1)),
                ("schema", Some(2)),
                ("schema", Some(4)),
                ("schema", Some(5)),
                ("schema", Some(6)),
                ("schema", Some(7)),
                ("schema", Some(9)),
                ("schema", Some(10)),
                ("schema", Some(10)),
                ("schema", Some(10)),
                ("schema", Some(10)),
            ]
        );
        assert!(
            p.problems[1].message.contains("unknown key `extra`"),
            "{}",
            p.problems[1].message
        );
    }

    #[test]
    fn syntax_errors_and_duplicates_are_located() {
        let p = parse("published: 2017\nclaims: [\n");
        assert_eq!(p.problems[0].code, Code::YamlSyntax);
        assert!(p.problems[0].line.is_some());
        let p = parse("published: 2017\npublished: 2018\nclaims: []\n");
        assert_eq!(codes(&p), vec![("schema", Some(2))]);
        assert!(
            p.problems[0].message.contains("duplicate"),
            "{}",
            p.problems[0].message
        );
    }

    #[test]
    fn empty_and_non_mapping_documents_are_schema_errors() {
        for text in ["", "# only a comment\n", "- a\n- b\n", "just text\n"] {
            let p = parse(text);
            assert_eq!(p.problems.len(), 1, "{text:?}");
            assert_eq!(p.problems[0].code, Code::Schema, "{text:?}");
        }
    }

    #[test]
    fn duplicate_ids_point_at_the_second() {
        let text = format!(
            "{GOOD}  - id: a\n    claim: Y\n    stance: refutes\n    speaker: Bo\n    quote: no\n"
        );
        let p = parse(&text);
        assert_eq!(codes(&p), vec![("duplicate-id", Some(9))]);
    }

    #[test]
    fn bom_crlf_and_year_numbers_are_accepted() {
        let text = format!(
            "\u{FEFF}{}",
            GOOD.replace("2017-01", "2017").replace('\n', "\r\n")
        );
        let p = parse(&text);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.annotation.unwrap().published.unwrap().to_string(), "2017");
    }

    /// The claim list of a skeleton, as `new` writes it.
    const SKELETON_CLAIMS: &str = "claims: []  # claimtrack: not annotated yet. Add claims with claimtrack add, or delete this comment if the article has none.\n";

    #[test]
    fn an_untouched_skeleton_is_not_annotated_where_its_marker_is() {
        let text = format!(
            "# Annotations for articles/a.txt\npublished: 2017\n{SKELETON_CLAIMS}#   \"a passage\"\n"
        );
        let p = parse(&text);
        assert_eq!(codes(&p), vec![("not-annotated", Some(3))]);
        assert_eq!(p.problems[0].column, Some(13));
        assert_eq!(
            p.problems[0].message,
            "the skeleton of articles/a.txt was never filled in: add claims with `claimtrack add`, or write `claims: []` if it has none"
        );
        assert_eq!(p.annotation.unwrap().claims, vec![]);
        // The marker on a line of its own, in any case, is a marker too.
        let p = parse("published: 2017\nclaims: []\n  #CLAIMTRACK: Not annotated\n");
        assert_eq!(codes(&p), vec![("not-annotated", Some(3))]);
        assert_eq!(p.problems[0].column, Some(3));
    }

    #[test]
    fn claims_or_a_plain_empty_list_are_annotated() {
        // Written by a person: read, nothing to annotate.
        assert!(parse("published: 2017\nclaims: []\n").problems.is_empty());
        assert!(
            parse("published: 2017\nclaims: []  # nothing to annotate\n")
                .problems
                .is_empty()
        );
        // A file with claims is annotated whatever its comments say.
        assert!(
            parse(&format!("{GOOD}# claimtrack: not annotated yet\n"))
                .problems
                .is_empty()
        );
        // The marker's words inside strings are no comment.
        for text in [
            "title: \"a # claimtrack: not annotated\"\npublished: 2017\nclaims: []\n",
            "title: 'a # claimtrack: not annotated'\npublished: 2017\nclaims: []\n",
            "title: |\n  # claimtrack: not annotated\npublished: 2017\nclaims: []\n",
        ] {
            let p = parse(text);
            assert!(p.problems.is_empty(), "{text:?}: {:?}", p.problems);
        }
    }

    #[test]
    fn a_misspelt_key_is_one_problem_not_two() {
        let p = parse(&GOOD.replace("speaker:", "speeker:"));
        assert_eq!(codes(&p), vec![("schema", Some(7))]);
        assert!(
            p.problems[0]
                .message
                .starts_with("unknown key `speeker` in a claim (did you mean `speaker`?)"),
            "{}",
            p.problems[0].message
        );
        let p = parse(&GOOD.replace("published:", "publised:"));
        assert_eq!(codes(&p), vec![("schema", Some(2))]);
        // A key that resembles nothing leaves the missing one reported.
        let mut p = parse(&GOOD.replace("speaker:", "colour:"));
        crate::problem::sort_problems(&mut p.problems);
        assert_eq!(codes(&p), vec![("schema", Some(4)), ("schema", Some(7))]);
    }

    #[test]
    fn rejected_claims_keep_what_can_be_checked() {
        let text = format!(
            "{GOOD}  - id: b\n    claim: Y\n    stance: maybe\n    speaker: Bo\n    quote: not there\n    date: 2018\n  - id: b\n    claim: Z\n    speaker: Cy\n    quote: q\n  - claim: W\n    stance: unsure\n    speaker: Di\n    quote: w\n    date: 2017-02-30\n"
        );
        let p = parse(&text);
        let mut problems = p.problems.clone();
        crate::problem::sort_problems(&mut problems);
        let found: Vec<_> = problems.iter().map(|p| (p.code.as_str(), p.line)).collect();
        assert_eq!(
            found,
            vec![
                ("schema", Some(11)),
                ("schema", Some(15)),
                ("duplicate-id", Some(15)),
                ("schema", Some(19)),
                ("bad-date", Some(23)),
            ]
        );
        // Only the valid claim is in the annotation; the others are checked.
        let annotation = p.annotation.unwrap();
        assert_eq!(annotation.claims.len(), 1);
        let at = |line, column| Pos { line, column };
        assert_eq!(
            p.rejected,
            vec![
                Rejected {
                    id: Some("b".into()),
                    pos: at(9, 5),
                    quote: Some(("not there".into(), at(13, 12))),
                    date: Some((PartialDate::parse("2018").unwrap(), at(14, 11))),
                },
                Rejected {
                    id: Some("b".into()),
                    pos: at(15, 5),
                    quote: Some(("q".into(), at(18, 12))),
                    date: None,
                },
                Rejected {
                    id: None,
                    pos: at(19, 5),
                    quote: Some(("w".into(), at(22, 12))),
                    date: None,
                },
            ]
        );
    }

    /// GOOD with a second claim after it (lines 9 to 13).
    fn two_claims() -> String {
        format!(
            "{GOOD}  - id: b\n    claim: Y\n    stance: refutes\n    speaker: Bo\n    quote: q\n"
        )
    }

    /// The problems of a file as (code, line, column, message).
    fn located(p: &Parsed) -> Vec<(&'static str, u32, u32, &str)> {
        p.problems
            .iter()
            .map(|p| {
                (
                    p.code.as_str(),
                    p.line.unwrap_or(0),
                    p.column.unwrap_or(0),
                    p.message.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn a_tab_is_reported_where_it_is() {
        // The parser blames a tab that continues a plain scalar on the
        // line of the scalar, one above.
        for (text, line, column) in [
            (
                two_claims().replace("    speaker: Bo", "\tspeaker: Bo"),
                12,
                1,
            ),
            (
                two_claims().replace("    speaker: Bo", "  \tspeaker: Bo"),
                12,
                3,
            ),
            (two_claims().replace("    claim: Y", "\tclaim: Y"), 10, 1),
            // In block indentation it blames the character after the tab.
            (two_claims().replace("  - id: b", "\t- id: b"), 9, 1),
        ] {
            let p = parse(&text);
            assert_eq!(
                located(&p),
                vec![("yaml-syntax", line, column, TAB_IN_INDENTATION)],
                "{text}"
            );
            // The claim with the tab is set aside; the other is read.
            let claims = p.annotation.expect("the rest of the file is read").claims;
            assert_eq!(claims.len(), 1, "{text}");
            assert_eq!(claims[0].id, "a");
        }
    }

    #[test]
    fn a_syntax_error_in_a_claim_leaves_the_others_checked() {
        // An unclosed quote in the first claim, a bad stance in the second.
        let text = two_claims()
            .replace("quote: it will", "quote: \"it will")
            .replace("stance: refutes", "stance: refuted");
        let p = parse(&text);
        assert_eq!(
            located(&p),
            vec![
                ("yaml-syntax", 8, 12, "unclosed quote"),
                (
                    "schema",
                    11,
                    13,
                    "unknown stance `refuted`: use supports, refutes or unsure"
                ),
            ]
        );
        assert_eq!(p.rejected[0].id.as_deref(), Some("b"));
        // Every claim broken: each error is reported, the file still read.
        let text = two_claims().replace("    stance: ", "\tstance: ");
        let p = parse(&text);
        assert_eq!(
            located(&p),
            vec![
                ("yaml-syntax", 6, 1, TAB_IN_INDENTATION),
                ("yaml-syntax", 11, 1, TAB_IN_INDENTATION),
            ]
        );
        assert_eq!(p.annotation.unwrap().claims, vec![]);
    }

    #[test]
    fn a_key_written_twice_loses_its_second_entry_only() {
        let text = two_claims().replace(
            "    quote: q\n",
            "    quote: q\n    quote: r\n      continued\n",
        );
        let p = parse(&text);
        assert_eq!(
            located(&p),
            vec![(
                "schema",
                14,
                5,
                "duplicate mapping key `quote` is not allowed here"
            )]
        );
        let claims = p.annotation.unwrap().claims;
        assert_eq!(claims.len(), 2);
        assert_eq!(claims[1].quote, "q");
    }

    #[test]
    fn an_error_outside_the_claims_leaves_the_file_unread() {
        // Only the first error: later ones may be its echoes.
        let text = two_claims()
            .replace("title: T", "title: \"T")
            .replace("stance: refutes", "\tstance: x");
        let p = parse(&text);
        assert_eq!(codes(&p), vec![("yaml-syntax", Some(1))]);
        assert!(p.annotation.is_none());
        // A flow list on one line cannot be cut into claims.
        let p = parse("published: 2017\nclaims: [{id: a, claim: \"X}]\n");
        assert_eq!(codes(&p), vec![("yaml-syntax", Some(2))]);
        assert!(p.annotation.is_none());
    }
}
