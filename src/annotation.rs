//! Reading one annotation file: YAML to a located tree, then validation of
//! the tree against the schema, collecting every problem on the way.

use serde_saphyr::{Error as YamlError, Location, Options, SnippetMode, UserMessageFormatter};

use crate::date::{DateError, PartialDate};
use crate::model::{Annotation, Claim, Pos, Stance};
use crate::problem::{Code, Problem};
use crate::yaml::{Node, Value};

mod fast;

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
        };
    }
    parse_collecting_problems(text, key, path, article, limits)
}

/// The slow path: the located tree, validated rule by rule, every problem kept.
fn parse_collecting_problems(
    text: &str,
    key: &str,
    path: &str,
    article: Option<&str>,
    limits: &Limits,
) -> Parsed {
    let mut report = Report {
        file: path,
        problems: Vec::new(),
    };
    let root = match read_yaml(text, limits) {
        Ok(Some(root)) => root,
        Ok(None) => {
            report.add(
                Code::Schema,
                Pos { line: 1, column: 1 },
                "the file is empty: it needs at least `published:` and `claims:`",
            );
            return Parsed {
                annotation: None,
                problems: report.problems,
            };
        }
        Err(problem) => {
            report.problems.push(problem.into_problem(path));
            return Parsed {
                annotation: None,
                problems: report.problems,
            };
        }
    };
    let annotation = validate_file(&root, key, path, article, limits, &mut report);
    Parsed {
        annotation,
        problems: report.problems,
    }
}

/// A YAML error, classified.
struct YamlProblem {
    code: Code,
    at: Pos,
    message: String,
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
        Err(err) => Err(classify_yaml_error(&err, limits)),
    }
}

const MULTIPLE_DOCUMENTS: &str =
    "the file holds more than one YAML document (`---`); an annotation file is one document";

fn classify_yaml_error(err: &YamlError, limits: &Limits) -> YamlProblem {
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
    let (code, message) = match inner {
        YamlError::DuplicateMappingKey { .. } => (Code::Schema, message),
        YamlError::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Documents { .. },
            ..
        } => (Code::Schema, MULTIPLE_DOCUMENTS.to_owned()),
        YamlError::MultipleDocuments { .. } => (Code::Schema, MULTIPLE_DOCUMENTS.to_owned()),
        // The node budget grows with --max-claims; a file over it is a file
        // with too many claims, most likely.
        YamlError::Budget {
            breach:
                serde_saphyr::budget::BudgetBreach::Nodes { .. }
                | serde_saphyr::budget::BudgetBreach::Events { .. },
            ..
        } => (
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
        | YamlError::AliasReplayCounterOverflow { .. } => (
            Code::Unreadable,
            format!("the YAML is too large or too deeply nested to read safely: {message}"),
        ),
        // The parser's own guard against deep nesting, met before the budget's.
        _ if message.contains("recursion limit exceeded") => (
            Code::Unreadable,
            format!("the YAML is too deeply nested to read safely: {message}"),
        ),
        _ => (Code::YamlSyntax, message),
    };
    YamlProblem { code, at, message }
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
    key: &str,
    path: &str,
    article: Option<&str>,
    limits: &Limits,
    report: &mut Report,
) -> Option<Annotation> {
    let Value::Map(entries) = &root.value else {
        report.add(
            Code::Schema,
            node_pos(root),
            format!(
                "the file must be a mapping with `published:` and `claims:`, not {}",
                root.value.kind()
            ),
        );
        return None;
    };
    let fields = fields_of(entries, &TOP_KEYS, "at the top of the file", report);
    let title = optional_text(&fields, "title", report);
    let outlet = optional_text(&fields, "outlet", report);
    let url = optional_text(&fields, "url", report);
    let published = match fields.get("published") {
        Some(node) => date_value(node, "published", report),
        None => {
            report.add(
                Code::Schema,
                node_pos(root),
                "missing `published:` (YYYY, YYYY-MM or YYYY-MM-DD)",
            );
            None
        }
    };
    let mut claims = Vec::new();
    match fields.get("claims") {
        None => report.add(
            Code::Schema,
            node_pos(root),
            "missing `claims:` (write `claims: []` when the article has nothing to annotate)",
        ),
        Some(node) => match &node.value {
            Value::Seq(items) if items.len() > limits.max_claims_per_file => report.add(
                Code::Unreadable,
                node_pos(node),
                format!(
                    "the file has {} claims, over the limit of {} per file (raise it with --max-claims); none of its claims were read",
                    items.len(),
                    limits.max_claims_per_file
                ),
            ),
            Value::Seq(items) => {
                let mut seen_ids: std::collections::HashMap<String, Pos> = Default::default();
                for item in items {
                    if let Some(claim) = validate_claim(item, published, report) {
                        if let Some(first) = seen_ids.get(&claim.id) {
                            report.add(
                                Code::DuplicateId,
                                claim.pos,
                                format!(
                                    "the id `{}` is already used at line {}; ids must be unique in a file",
                                    claim.id, first.line
                                ),
                            );
                            continue;
                        }
                        seen_ids.insert(claim.id.clone(), claim.pos);
                        claims.push(claim);
                    }
                }
            }
            other => report.add(
                Code::Schema,
                node_pos(node),
                format!("`claims` must be a list, not {} (write `claims: []` for none)", other.kind()),
            ),
        },
    }
    Some(Annotation {
        key: key.to_owned(),
        path: path.to_owned(),
        article: article.map(str::to_owned),
        title,
        published,
        outlet,
        url,
        claims,
    })
}

/// The known fields of a mapping, by name; unknown and non-string keys are reported.
fn fields_of<'n>(
    entries: &'n [(Node, Node)],
    known: &[&'static str],
    place: &str,
    report: &mut Report,
) -> std::collections::HashMap<&'static str, &'n Node> {
    let mut fields = std::collections::HashMap::new();
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
                fields.insert(n, v);
            }
            None => {
                let hint = known
                    .iter()
                    .map(|n| (strsim::jaro_winkler(n, name), n))
                    .filter(|(s, _)| *s > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, n)| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
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
fn optional_text(
    fields: &std::collections::HashMap<&'static str, &Node>,
    name: &str,
    report: &mut Report,
) -> Option<String> {
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
    fields: &std::collections::HashMap<&'static str, &Node>,
    name: &str,
    claim_pos: Pos,
    accept_int: bool,
    report: &mut Report,
) -> Option<String> {
    let Some(node) = fields.get(name) else {
        report.add(
            Code::Schema,
            claim_pos,
            format!("the claim has no `{name}:`"),
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

fn validate_claim(
    item: &Node,
    published: Option<PartialDate>,
    report: &mut Report,
) -> Option<Claim> {
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
                node_pos(fields["id"]),
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
                node_pos(fields["stance"]),
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
    let quote_pos = fields.get("quote").map_or(at, |n| node_pos(n));
    Some(Claim {
        id: id?,
        claim: claim_text?,
        stance: stance?,
        speaker: speaker?,
        quote: quote?,
        date,
        has_own_date,
        topic,
        note,
        pos: at,
        quote_pos,
        date_pos,
    })
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
}
