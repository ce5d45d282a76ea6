//! Reading annotation files: valid ones by both paths alike, every schema
//! problem reported where it is, YAML errors stepped over.

use super::yaml_errors::TAB_IN_INDENTATION;
use super::*;
use crate::model::Stance;

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
        format!("{GOOD}    context:\n      prefix: 'She said: '\n      suffix: ' and left'\n"),
        format!("{GOOD}    context: {{prefix: a}}\n"),
        format!("{GOOD}    context: ~\n"),
        format!("{GOOD}    context: text\n"),
        format!("{GOOD}    context: {{before: a}}\n"),
        GOOD.replace("title: T", "title: T\narchived: https://web.archive.org/web/2017/x\nretrieved: 2017-02-03"),
        GOOD.replace("title: T", "retrieved: 2017-02-30"),
        GOOD.replace("title: T", "archived: [x]"),
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
    format!("{GOOD}  - id: b\n    claim: Y\n    stance: refutes\n    speaker: Bo\n    quote: q\n")
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

#[test]
fn provenance_and_quote_context_are_read() {
    let text = format!(
        "{}    context:\n      prefix: 'She said: '\n      suffix: ' and left'\n",
        GOOD.replace(
            "title: T",
            "title: T\narchived: https://web.archive.org/web/2017/x\nretrieved: 2017-02-03"
        )
    );
    let p = parse(&text);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let a = p.annotation.expect("valid");
    assert_eq!(
        a.archived.as_deref(),
        Some("https://web.archive.org/web/2017/x")
    );
    assert_eq!(
        a.retrieved.map(|d| d.to_string()).as_deref(),
        Some("2017-02-03")
    );
    let context = a.claims[0].context.as_ref().expect("a context");
    assert_eq!(
        (context.prefix.as_str(), context.suffix.as_str()),
        ("She said: ", " and left")
    );

    let p = parse(&format!("{GOOD}    context: {{before: a}}\n"));
    assert_eq!(codes(&p), [("schema", Some(9))]);
    let p = parse(&GOOD.replace("title: T", "retrieved: 2017-02-30"));
    assert_eq!(codes(&p), [("bad-date", Some(1))]);
}
