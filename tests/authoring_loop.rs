//! The annotating loop of issue 22 as a reporter runs it: `new`, then
//! `add` after `add`, then `check` and `report`. The skeleton is marked as
//! not annotated, the claims `add` writes are block style and each one is a
//! single hunk of a diff, the same claim twice is refused, and what `add`
//! says (warnings, the group, close groups) is what `check` and `report` say.

mod common;

use std::path::Path;

use common::{run, scratch_copy};

const FILE: &str = "claims/budget.yaml";
const ARTICLE: &str = "articles/budget.txt";

/// The marked claim list `new` writes (the shared design of issue 22).
const MARKER_LINE: &str = "claims: []  # claimtrack: not annotated yet. Add claims with claimtrack add, or delete this comment if the article has none.";

fn read(root: &Path) -> String {
    std::fs::read_to_string(root.join(FILE)).unwrap()
}

/// `add articles/budget.txt` with a claim, a stance, a speaker, a quote
/// and more options.
fn add<'a>(claim: &'a str, stance: &'a str, speaker: &'a str, quote: &'a str) -> Vec<&'a str> {
    vec![
        "add",
        ARTICLE,
        "--claim",
        claim,
        "--stance",
        stance,
        "--speaker",
        speaker,
        "--quote",
        quote,
    ]
}

fn with<'a>(mut args: Vec<&'a str>, extra: &[&'a str]) -> Vec<&'a str> {
    args.extend_from_slice(extra);
    args
}

const LIBRARY: &str = "The Northgate library will reopen in May";

/// The three claims of the loop: Doe says yes, Lee says no, Doe doubts.
fn three_adds() -> [Vec<&'static str>; 3] {
    [
        add(LIBRARY, "supports", "Mayor Jane Doe", LIBRARY),
        add(
            LIBRARY,
            "refutes",
            "Councillor Ann Lee",
            "The library will not reopen in May",
        ),
        with(
            add(
                LIBRARY,
                "unsure",
                "Jane Doe",
                "We are not sure about May any more",
            ),
            &["--date", "2024-05"],
        ),
    ]
}

/// The lines that differ between two versions of a file: what was taken
/// out and what was put in between their common first and last lines. A
/// change confined to one such region is one hunk of a diff.
fn changed_region<'a>(old: &'a str, new: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (
        old[head..old.len() - tail].to_vec(),
        new[head..new.len() - tail].to_vec(),
    )
}

#[test]
fn new_writes_a_skeleton_marked_as_not_annotated() {
    let dir = scratch_copy("authoring-loop/fresh");
    let root = dir.path();
    let r = run(root, &["new"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "wrote claims/budget.yaml: published 2024-05-02 (from \"May 2, 2024\"), 4 quoted passages listed\n\
         note: a skeleton fails `check` (not-annotated) until you add a claim with `claimtrack add`, or delete its `# claimtrack: not annotated yet` comment if the article has none\n"
    );
    assert_eq!(
        read(root),
        format!(
            "# Annotations for articles/budget.txt, started by `claimtrack new`.\n\
             title: Council sets the budget\n\
             published: 2024-05-02  # found in the article: May 2, 2024\n\
             {MARKER_LINE}\n\
             # Quoted passages of the article, candidates to annotate:\n\
             #   The Northgate library will reopen in May,\n\
             #   The Northgate stadium will reopen in May.\n\
             #   The library will not reopen in May, the roof is not fixed.\n\
             #   We are not sure about May any more.\n"
        )
    );
}

#[test]
fn new_then_add_gives_a_block_list_without_the_marker_and_check_passes() {
    let dir = scratch_copy("authoring-loop/fresh");
    let root = dir.path();
    assert_eq!(run(root, &["new"]).code, 0);
    let r = run(root, &three_adds()[0]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        read(root),
        "# Annotations for articles/budget.txt, started by `claimtrack new`.\n\
         title: Council sets the budget\n\
         published: 2024-05-02  # found in the article: May 2, 2024\n\
         claims:\n  \
           - id: doe-northgate-library-reopen-may\n    \
             claim: The Northgate library will reopen in May\n    \
             stance: supports\n    \
             speaker: Mayor Jane Doe\n    \
             quote: The Northgate library will reopen in May\n    \
             context: {prefix: \"thgate library would be ready. \\\"\", suffix: \",\\\" she said. Her deputy Sam Roe \"}\n\
         # Quoted passages of the article, candidates to annotate:\n\
         #   The Northgate library will reopen in May,\n\
         #   The Northgate stadium will reopen in May.\n\
         #   The library will not reopen in May, the roof is not fixed.\n\
         #   We are not sure about May any more.\n"
    );
    let check = run(root, &["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (0, "check: no problems\n")
    );
}

#[test]
fn a_hand_written_empty_list_becomes_a_block_list_keeping_its_comment() {
    let dir = scratch_copy("authoring-loop/fresh");
    let root = dir.path();
    std::fs::create_dir(root.join("claims")).unwrap();
    std::fs::write(
        root.join(FILE),
        "published: 2024-05-02\nclaims: []  # read by Ann\noutlet: Echo\n",
    )
    .unwrap();
    let r = run(root, &three_adds()[0]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        read(root),
        "published: 2024-05-02\n\
         claims:  # read by Ann\n  \
           - id: doe-northgate-library-reopen-may\n    \
             claim: The Northgate library will reopen in May\n    \
             stance: supports\n    \
             speaker: Mayor Jane Doe\n    \
             quote: The Northgate library will reopen in May\n    \
             context: {prefix: \"thgate library would be ready. \\\"\", suffix: \",\\\" she said. Her deputy Sam Roe \"}\n\
         outlet: Echo\n"
    );
    assert_eq!(run(root, &["check"]).code, 0);
}

#[test]
fn after_new_and_three_adds_each_claim_is_one_hunk_of_block_lines() {
    let dir = scratch_copy("authoring-loop/fresh");
    let root = dir.path();
    assert_eq!(run(root, &["new"]).code, 0);
    let mut versions = vec![read(root)];
    for args in three_adds() {
        let r = run(root, &args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        versions.push(read(root));
    }
    for (n, pair) in versions.windows(2).enumerate() {
        let (removed, added) = changed_region(&pair[0], &pair[1]);
        let item = if n == 0 {
            // The first add rewrites the marked line, and only that line.
            assert_eq!(removed, [MARKER_LINE]);
            assert_eq!(added[0], "claims:");
            &added[1..]
        } else {
            assert!(removed.is_empty(), "add {}: removed {removed:?}", n + 1);
            &added[..]
        };
        // One key per line, in the spec's order.
        let keys: Vec<&str> = item
            .iter()
            .map(|l| l.trim_start_matches([' ', '-']).split(':').next().unwrap())
            .collect();
        let want: &[&str] = if n == 2 {
            &[
                "id", "claim", "stance", "speaker", "quote", "date", "context",
            ]
        } else {
            &["id", "claim", "stance", "speaker", "quote", "context"]
        };
        assert_eq!(keys, want, "add {}: {item:?}", n + 1);
        assert!(item[0].starts_with("  - id: "), "{item:?}");
        assert!(item[1..].iter().all(|l| l.starts_with("    ")), "{item:?}");
    }
    let last = versions.last().unwrap();
    assert!(!last.contains("claimtrack: not annotated"), "{last}");
    assert_eq!(run(root, &["check"]).code, 0);
}

#[test]
fn the_same_claim_twice_is_refused_naming_the_existing_id() {
    let dir = scratch_copy("authoring-loop/fresh");
    let root = dir.path();
    assert_eq!(run(root, &three_adds()[0]).code, 0);
    let before = read(root);
    // The same speaker, claim and quote, up to white space and case, with
    // another stance: still the same claim.
    let r = run(
        root,
        &add(
            "the northgate  library will reopen in MAY",
            "refutes",
            "mayor jane  doe",
            "The Northgate library\n will reopen in may",
        ),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "claimtrack: error[duplicate-claim]: claims/budget.yaml: already holds the same claim (same speaker, claim and quote) as `doe-northgate-library-reopen-may`; nothing was written\n"
    );
    assert_eq!(read(root), before);
    // Another speaker saying the same is another claim.
    let r = run(root, &add(LIBRARY, "supports", "Sam Roe", LIBRARY));
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn outlet_and_url_are_written_on_create_and_must_agree_afterwards() {
    let dir = scratch_copy("authoring-loop/fresh");
    let root = dir.path();
    let [first, second, third] = three_adds();
    let site = [
        "--outlet",
        "Northgate Echo",
        "--url",
        "https://echo.example/budget",
    ];
    let r = run(root, &with(first, &site));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let created = read(root);
    assert!(
        created.starts_with(
            "title: Council sets the budget\npublished: 2024-05-02\noutlet: Northgate Echo\nurl: \"https://echo.example/budget\"\nclaims:\n  - id: "
        ),
        "{created}"
    );
    // The same values again: accepted without a word about them.
    let r = run(root, &with(second, &site));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("outlet"), "{}", r.stderr);
    let before = read(root);
    let r = run(root, &with(third.clone(), &["--outlet", "Southgate Post"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "claimtrack: error: claims/budget.yaml already has outlet: \"Northgate Echo\", not \"Southgate Post\" (--outlet); nothing was written. Leave out --outlet, or correct `outlet:` in the file by hand if it is wrong\n"
    );
    assert_eq!(read(root), before);
    // A file without the key: add never changes its other lines.
    std::fs::write(
        root.join(FILE),
        before.replace("outlet: Northgate Echo\n", ""),
    )
    .unwrap();
    let before = read(root);
    let r = run(root, &with(third, &["--outlet", "Northgate Echo"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "claimtrack: error: claims/budget.yaml has no outlet, and `add` only appends claims to an existing file; nothing was written. Write `outlet: Northgate Echo` in the file by hand, or leave out --outlet\n"
    );
    assert_eq!(read(root), before);
}

#[test]
fn help_gives_the_date_formats() {
    let dir = scratch_copy("authoring-loop/fresh");
    let r = run(dir.path(), &["add", "--help"]);
    assert_eq!(r.code, 0);
    let flat = r.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("--date <DATE> When it was said, if not the publication date: YYYY-MM-DD, YYYY-MM or YYYY"),
        "{}",
        r.stdout
    );
    assert!(
        flat.contains("--published <DATE> Publication date, YYYY-MM-DD, YYYY-MM or YYYY"),
        "{}",
        r.stdout
    );
    assert!(flat.contains("--outlet <NAME>") && flat.contains("--url <URL>"));
}

/// `check`'s human output without its summary line.
fn check_warnings(root: &Path) -> String {
    let check = run(root, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let (body, _summary) = check.stdout.trim_end().rsplit_once('\n').unwrap();
    format!("{body}\n")
}

#[test]
fn add_warns_of_a_date_after_publication_as_check_does() {
    let dir = scratch_copy("authoring-loop/fresh");
    let root = dir.path();
    let r = run(root, &with(three_adds()[1].clone(), &["--date", "2024-06"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warning = "\
warning[date-after-published]: claim `lee-northgate-library-reopen-may` is dated 2024-06, after its article was published (2024-05-02)
 --> claims/budget.yaml:9:11
  |
9 |     date: 2024-06
  |           ^^^^^^^
";
    assert_eq!(
        r.stderr,
        format!(
            "created claims/budget.yaml: claim `lee-northgate-library-reopen-may`\n\
             note: it starts a group of its own: \"The Northgate library will reopen in May\"\n\
             {warning}\n"
        )
    );
    assert_eq!(check_warnings(root), format!("{warning}\n"));
}

#[test]
fn add_names_the_group_as_report_does() {
    let dir = scratch_copy("authoring-loop/fresh");
    let root = dir.path();
    let mut notes = Vec::new();
    for args in three_adds() {
        let r = run(root, &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        notes.push(r.stderr.lines().nth(1).unwrap().to_owned());
    }
    // The group's claim is its positive phrasing, as report names it.
    assert_eq!(
        notes,
        [
            "note: it starts a group of its own: \"The Northgate library will reopen in May\"",
            "note: it joins the group \"The Northgate library will reopen in May\" (2 claims)",
            "note: it joins the group \"The Northgate library will reopen in May\" (3 claims)",
        ]
    );
    let report = run(root, &["report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let group = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            g["claims"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["ref"] == "budget#doe-northgate-library-reopen-may-2")
        })
        .expect("the last claim is in a group");
    assert_eq!(group["claim"], LIBRARY);
    assert_eq!(group["claims"].as_array().unwrap().len(), 3);
}

#[test]
fn add_gives_the_similar_claim_warning_check_gives() {
    let dir = scratch_copy("authoring-loop/fresh");
    let root = dir.path();
    assert_eq!(run(root, &three_adds()[0]).code, 0);
    let stadium = "The Northgate stadium will reopen in May";
    let r = run(
        root,
        &add(stadium, "supports", "Deputy Mayor Sam Roe", stadium),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The warning is at the text of the first claim of the pair, the library's.
    let warning = "\
warning[similar-claim]: the claim \"The Northgate library will reopen in May\" of `doe-northgate-library-reopen-may` is close to the claim \"The Northgate stadium will reopen in May\" of another group but not grouped with it; reuse that text or set the same `topic:` if they are one proposition, or set a topic of its own if not
 --> claims/budget.yaml:5:12
  |
5 |     claim: The Northgate library will reopen in May
  |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
";
    assert_eq!(
        r.stderr,
        format!(
            "added to claims/budget.yaml: claim `roe-northgate-stadium-reopen-may`\n\
             note: it starts a group of its own: \"The Northgate stadium will reopen in May\"\n\
             {warning}\n"
        )
    );
    assert_eq!(check_warnings(root), format!("{warning}\n"));
    // A claim of a third group, close to neither, gets no such warning.
    let r = run(
        root,
        &add(
            "The roof is not fixed",
            "supports",
            "Councillor Ann Lee",
            "the roof is not fixed",
        ),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("similar-claim"), "{}", r.stderr);
}
