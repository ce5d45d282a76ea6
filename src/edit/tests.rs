//! The insertion, the claim writer and the id, on their own and read back.

use super::claim_text::{FileHead, new_file_text};
use super::*;
use crate::annotation::{Limits, parse_annotation};
use crate::model::Claim;

fn item(id: &str) -> ClaimText {
    ClaimText::new(
        id,
        &NewClaim {
            id: None,
            claim: "The bridge will open".into(),
            stance: Stance::Supports,
            speaker: "Ann Lee".into(),
            quote: "it opens: soon #1".into(),
            date: None,
            topic: None,
        },
    )
}

/// The new text is the old text with one insertion.
fn assert_insertion_only(old: &str, new: &str) {
    assert!(
        is_pure_insertion(old.as_bytes(), new.as_bytes()),
        "not an insertion:\n{old}\n---\n{new}"
    );
}

#[test]
fn block_lists_get_an_item_with_their_indentation() {
    let old =
        "published: 2020\nclaims:\n# first\n- id: a\n  claim: X\n\n# trailing comment\nurl: u\n";
    let new = insert_claim(old, &item("b")).unwrap();
    assert_insertion_only(old, &new);
    assert!(
        new.contains("  claim: X\n- id: b\n  claim: The bridge will open\n"),
        "{new}"
    );
    assert!(new.contains("\"it opens: soon #1\""));
    assert!(new.ends_with("\n# trailing comment\nurl: u\n"));
}

#[test]
fn crlf_and_no_final_newline_are_kept() {
    let old = "published: 2020\r\nclaims:\r\n    - id: a\r\n      claim: X";
    let new = insert_claim(old, &item("b")).unwrap();
    assert_insertion_only(old, &new);
    assert!(
        new.contains("      claim: X\r\n    - id: b\r\n      claim: The bridge will open\r\n"),
        "{new:?}"
    );
    assert!(!new.ends_with('\n'));
    assert!(
        !new.replace("\r\n", "").contains('\n'),
        "only CRLF line breaks"
    );
}

#[test]
fn non_empty_flow_lists_get_a_flow_mapping() {
    for old in [
        "claims: [{id: a, claim: \"x]\"},\n  ]\npublished: 2020\n",
        "claims: [{id: a}]",
        "published: 2020\nclaims: [\n]\n",
    ] {
        let new = insert_claim(old, &item("b")).unwrap();
        assert_insertion_only(old, &new);
        assert!(
            new.contains("{id: \"b\", claim: \"The bridge will open\""),
            "{new}"
        );
    }
}

const ITEM_B: &str = "  - id: b\n    claim: The bridge will open\n    stance: supports\n    speaker: Ann Lee\n    quote: \"it opens: soon #1\"\n";

#[test]
fn the_skeleton_marker_line_becomes_a_block_list() {
    let old = format!(
        "title: T\npublished: 2020\n{}\n# Quoted passages:\n#   it opens\n",
        crate::skeleton::MARKER_LINE
    );
    let new = insert_claim(&old, &item("b")).unwrap();
    assert_eq!(
        new,
        format!("title: T\npublished: 2020\nclaims:\n{ITEM_B}# Quoted passages:\n#   it opens\n")
    );
    assert!(is_add_edit(&old, &new));
    assert!(!is_pure_insertion(old.as_bytes(), new.as_bytes()));
    // The next item goes after the first, before the comments.
    let next = insert_claim(&new, &item("c")).unwrap();
    assert_insertion_only(&new, &next);
    assert!(
        next.contains("quote: \"it opens: soon #1\"\n  - id: c\n"),
        "{next}"
    );
    assert!(
        next.ends_with("\n# Quoted passages:\n#   it opens\n"),
        "{next}"
    );
}

#[test]
fn a_hand_written_empty_list_becomes_a_block_list_keeping_its_comment() {
    for (old, want) in [
        (
            "published: 2020\nclaims: []\n",
            format!("published: 2020\nclaims:\n{ITEM_B}"),
        ),
        (
            "published: 2020\nclaims: [ ] # none yet\nurl: u\n",
            format!("published: 2020\nclaims: # none yet\n{ITEM_B}url: u\n"),
        ),
        (
            "\u{FEFF}claims : []   # CLAIMTRACK: Not annotated yet\r\npublished: 2020\r\n",
            format!(
                "\u{FEFF}claims :\r\n{}published: 2020\r\n",
                ITEM_B.replace('\n', "\r\n")
            ),
        ),
        (
            "published: 2020\nclaims: []",
            format!("published: 2020\nclaims:\n{}", ITEM_B.trim_end()),
        ),
    ] {
        let new = insert_claim(old, &item("b")).unwrap();
        assert_eq!(new, want, "{old:?}");
        assert!(is_add_edit(old, &new), "{old:?}");
        let (problems, got) = parse_back(&new);
        assert!(problems.is_empty(), "{new:?}: {problems:?}");
        assert_eq!(got.unwrap().claims.len(), 1);
    }
}

#[test]
fn add_edits_are_told_from_other_changes() {
    let old = "published: 2020\nclaims: []  # none\n";
    // The list opened and an item inserted: allowed.
    assert!(is_add_edit(
        old,
        "published: 2020\nclaims:  # none\n  - x\n"
    ));
    // Anything else changed as well: refused.
    assert!(!is_add_edit(
        old,
        "published: 2021\nclaims:  # none\n  - x\n"
    ));
    assert!(!is_add_edit(old, "published: 2020\nclaims:\n  - x\n"));
    assert!(!is_add_edit(
        old,
        "published: 2020\nurl: u\nclaims:  # none\n  - x\n"
    ));
    assert!(is_add_edit("claims:\n  - a\n", "claims:\n  - a\n  - b\n"));
    assert!(!is_add_edit("claims:\n  - a\n", "claims:\n  - b\n"));
}

#[test]
fn claim_text_is_written_by_the_one_emitter() {
    let mut c = NewClaim {
        id: None,
        claim: "2015".into(),
        stance: Stance::Unsure,
        speaker: "no".into(),
        quote: "a\u{7F}b\u{9B}c\u{FFFE}".into(),
        date: PartialDate::parse("2017-01").ok(),
        topic: Some("7".into()),
    };
    let block = ClaimText::new("1", &c).block(2, 4, "\n");
    assert_eq!(
        block,
        "  - id: \"1\"\n    claim: \"2015\"\n    stance: unsure\n    speaker: \"no\"\n    quote: \"a\\u007Fb\\u009Bc\\uFFFE\"\n    date: 2017-01\n    topic: \"7\"\n"
    );
    c.claim = "The bridge will open".into();
    let block = ClaimText::new("ann-bridge", &c).block(0, 2, "\n");
    assert!(
        block.starts_with("- id: ann-bridge\n  claim: The bridge will open\n"),
        "{block}"
    );
}

#[test]
fn pure_insertions_are_told_from_changes() {
    assert!(is_pure_insertion(b"ab", b"aXYb"));
    assert!(is_pure_insertion(b"ab", b"abX"));
    assert!(is_pure_insertion(b"", b"X"));
    assert!(!is_pure_insertion(b"ab", b"aXb-"));
    assert!(!is_pure_insertion(b"ab", b"b"));
    assert!(!is_pure_insertion(b"abc", b"aXc"));
}

#[test]
fn slugs_are_short_and_readable() {
    assert_eq!(
        slug(
            "Jessica Jones star Krysten Ritter",
            "Defenders season 2 is happening"
        ),
        "ritter-defenders-season-2-happening"
    );
    assert_eq!(slug("", ""), "claim");
}

/// Text for a field: any characters, with a bias to what YAML reads
/// specially.
fn field_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop::sample::select(vec![
        "a", "Word", " ", "\t", "\n", "\r", "\u{85}", "\u{2028}", "\u{7F}", "\u{9B}", "\u{FFFE}",
        "\u{FEFF}", "\0", "\u{1b}", ": ", " #", "-", "?", "&", "*", "!", "|", ">", "%", "@", "`",
        "[", "]", "{", "}", ",", "'", "\"", "\\", "~", "2015", "0x1F", ".inf", "true", "null",
        "no", "---", "\u{e9}",
    ]);
    prop_oneof![
        prop::collection::vec(piece, 1..6).prop_map(|p| p.concat()),
        any::<String>(),
    ]
}

/// `text` parsed as `claims/a.yaml`: its error problems and annotation.
fn parse_back(text: &str) -> (Vec<Problem>, Option<Annotation>) {
    let p = parse_annotation(
        text,
        "a",
        "claims/a.yaml",
        Some("articles/a.txt"),
        &Limits::default(),
    );
    (
        p.problems.into_iter().filter(Problem::is_error).collect(),
        p.annotation,
    )
}

fn claim_of(claim: &str, speaker: &str, quote: &str, topic: &str) -> NewClaim {
    NewClaim {
        id: None,
        claim: claim.into(),
        stance: Stance::Refutes,
        speaker: speaker.into(),
        quote: quote.into(),
        date: PartialDate::parse("2016-02").ok(),
        topic: Some(topic.into()),
    }
}

fn assert_reads_back(got: &Claim, want: &NewClaim, id: &str) {
    assert_eq!(got.id, id);
    assert_eq!(got.claim, want.claim);
    assert_eq!(got.speaker, want.speaker);
    assert_eq!(got.quote, want.quote);
    assert_eq!(got.stance, want.stance);
    assert_eq!(got.date, want.date);
    assert_eq!(got.topic, want.topic);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// What `add` writes, a new file or a claim added to a block or a
    /// flow list, reads back as what was given, with no problem.
    #[test]
    fn what_add_writes_reads_back(
        title in field_text(),
        claim in field_text(),
        speaker in field_text(),
        quote in field_text(),
        topic in field_text(),
        id in field_text(),
    ) {
        // `check` requires these to be non-blank and ids to be one word.
        let nonblank = |s: String| if s.trim().is_empty() { format!("x{s}") } else { s };
        let new = claim_of(&nonblank(claim), &nonblank(speaker), &nonblank(quote), &nonblank(topic));
        let id: String = id.chars().filter(|c| !c.is_whitespace() && !c.is_control() && *c != '#').collect();
        // Not the id of the claim already in the files below.
        let id = if id.is_empty() || id == "0ld" { "x".to_owned() } else { id };
        let item = ClaimText::new(&id, &new);
        let published = PartialDate::parse("2017").unwrap();
        let head = FileHead { title: &title, published, outlet: Some(&title), url: None };
        let created = new_file_text(&head, &item);
        let (problems, got) = parse_back(&created);
        proptest::prop_assert!(problems.is_empty(), "{created:?}: {problems:?}");
        let got = got.unwrap();
        proptest::prop_assert_eq!(got.title.as_deref(), (!title.is_empty()).then_some(title.as_str()));
        proptest::prop_assert_eq!(got.outlet.as_deref(), Some(title.as_str()));
        assert_reads_back(&got.claims[0], &new, &id);
        for old in [
            "published: 2020\nclaims:\n  - id: 0ld\n    claim: X\n    stance: supports\n    speaker: S\n    quote: q\n",
            "published: 2020\nclaims: []\n",
            "published: 2020\r\nclaims: [{id: 0ld, claim: X, stance: supports, speaker: S, quote: q}]",
        ] {
            let text = insert_claim(old, &item).unwrap();
            let (problems, got) = parse_back(&text);
            proptest::prop_assert!(problems.is_empty(), "{text:?}: {problems:?}");
            assert_reads_back(got.unwrap().claims.last().unwrap(), &new, &id);
        }
    }
}

/// An I/O error is printed once, after what it is about, when the chain is
/// printed (`claimtrack: error: {:#}`), as when it was formatted in.
#[test]
fn io_errors_print_their_cause_once_after_what_failed() {
    let boom = || std::io::Error::other("boom");
    let chain = |e: AddError| format!("{:#}", anyhow::Error::from(e));
    let io = AddError::Io {
        path: "claims/a.yaml".into(),
        source: boom(),
    };
    assert_eq!(chain(io), "claims/a.yaml: boom");
    assert_eq!(
        chain(AddError::Lock(boom())),
        "cannot take the write lock: boom"
    );
    let root = crate::article::path::ArticlePathError::Root {
        root: "/corpus".into(),
        source: boom(),
    };
    assert_eq!(chain(root.into()), "/corpus: boom");
    let changed = AddError::Internal {
        path: "claims/a.yaml".into(),
        failure: VerifyFailure::ClaimCount,
    };
    assert_eq!(
        chain(changed),
        "internal error: adding to claims/a.yaml would have changed it in an unexpected way (claim count); nothing was written. Please add the claim by hand and report this."
    );
}
