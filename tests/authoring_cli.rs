//! `claimtrack add` and `claimtrack new` as an annotator uses them: nothing
//! already in a file may change, and a refused add leaves the file as it was.

mod common;

use std::path::Path;

use common::{run, scratch_copy};

const STYLES: [&str; 5] = [
    "comments",
    "crlf",
    "no-final-newline",
    "empty-list",
    "flow-list",
];

fn add_args<'a>(quote: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "add",
        "articles/bridge.txt",
        "--claim",
        "The Eastfield bridge won't open before autumn",
        "--stance",
        "supports",
        "--speaker",
        "Engineer Bo Chan",
        "--quote",
        quote,
    ];
    args.extend_from_slice(extra);
    args
}

fn read(root: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(root.join(rel)).unwrap()
}

/// The new bytes are the old bytes with one insertion.
fn assert_insertion_only(old: &[u8], new: &[u8]) {
    assert!(
        new.len() > old.len() && claimtrack::edit::is_pure_insertion(old, new),
        "earlier bytes changed:\n{}\n---\n{}",
        String::from_utf8_lossy(old),
        String::from_utf8_lossy(new)
    );
}

/// The new bytes are the old bytes with one insertion, after at most the
/// opening of an empty `claims: []` into a block list.
fn assert_add_edit_only(old: &[u8], new: &[u8]) {
    let (old, new) = (
        std::str::from_utf8(old).unwrap(),
        std::str::from_utf8(new).unwrap(),
    );
    assert!(
        new.len() > old.len() && claimtrack::edit::is_add_edit(old, new),
        "earlier bytes changed:\n{old}\n---\n{new}"
    );
}

#[test]
fn add_keeps_every_byte_of_every_style_and_the_corpus_passes_check() {
    for style in STYLES {
        let dir = scratch_copy(&format!("authoring/{style}"));
        let root = dir.path();
        let before = read(root, "claims/bridge.yaml");
        let r = run(
            root,
            &add_args("The bridge cannot open before autumn.", &[]),
        );
        assert_eq!(r.code, 0, "{style}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("added to claims/bridge.yaml: claim `chan-eastfield-bridge-won-t`"),
            "{style}: {}",
            r.stderr
        );
        let after = read(root, "claims/bridge.yaml");
        if style == "empty-list" {
            // `claims: []` becomes a block list: the one change add makes.
            assert_add_edit_only(&before, &after);
            assert!(
                String::from_utf8_lossy(&after)
                    .contains("\nclaims:\n  - id: chan-eastfield-bridge-won-t\n"),
                "{}",
                String::from_utf8_lossy(&after)
            );
        } else {
            assert_insertion_only(&before, &after);
        }
        if style == "crlf" {
            let text = String::from_utf8(after.clone()).unwrap();
            assert!(
                !text.replace("\r\n", "").contains('\n'),
                "a LF crept into a CRLF file"
            );
        }
        if style == "no-final-newline" {
            assert_ne!(after.last(), Some(&b'\n'));
        }
        let check = run(root, &["check"]);
        assert_eq!(check.code, 0, "{style}: {}", check.stdout);
        let report = run(root, &["report", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
        let claims: usize = json["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["claims"].as_array().unwrap().len())
            .sum();
        let want = if style == "empty-list" { 1 } else { 2 };
        assert_eq!(claims, want, "{style}");
    }
}

#[test]
fn a_second_add_lands_after_the_first() {
    let dir = scratch_copy("authoring/comments");
    let root = dir.path();
    // The same claim twice is refused: the second has another stance and text.
    for extra in [
        &[][..],
        &[
            "--stance",
            "refutes",
            "--claim",
            "The Eastfield bridge won't open before autumn, really",
        ],
    ] {
        let r = run(
            root,
            &add_args("The bridge cannot open before autumn.", extra),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let text = String::from_utf8(read(root, "claims/bridge.yaml")).unwrap();
    assert!(
        text.contains("id: chan-eastfield-bridge-won-t\n")
            && text.contains("id: chan-eastfield-bridge-won-t-2\n"),
        "{text}"
    );
    assert!(text.ends_with("# end of claims\noutlet: Eastfield Echo\n"));
    assert_eq!(run(root, &["check"]).code, 0);
}

#[test]
fn a_quote_not_in_the_article_is_refused_and_the_file_is_untouched() {
    for style in STYLES {
        let dir = scratch_copy(&format!("authoring/{style}"));
        let root = dir.path();
        let before = read(root, "claims/bridge.yaml");
        let r = run(
            root,
            &add_args("The bridge can never open before autumn.", &[]),
        );
        assert_eq!(r.code, 1, "{style}");
        assert!(r.stderr.contains("error[quote-not-found]"), "{}", r.stderr);
        assert!(
            r.stderr
                .contains("the closest passage is: \"The bridge cannot open before autumn.\""),
            "{}",
            r.stderr
        );
        assert_eq!(read(root, "claims/bridge.yaml"), before, "{style}");
    }
}

#[test]
fn refusals_leave_the_file_untouched() {
    let dir = scratch_copy("authoring/comments");
    let root = dir.path();
    let before = read(root, "claims/bridge.yaml");
    let quote = "The bridge cannot open before autumn.";
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (add_args(quote, &["--id", "lee-open"]), 1, "already used"),
        (add_args(quote, &["--id", "has space"]), 2, "white space"),
        (add_args(quote, &["--date", "2023-02-30"]), 2, "2023-02-30"),
        (
            vec![
                "add",
                "../outside.txt",
                "--claim",
                "c",
                "--stance",
                "supports",
                "--speaker",
                "s",
                "--quote",
                "q",
            ],
            2,
            "refused",
        ),
        (
            vec![
                "add",
                "claims/bridge.yaml",
                "--claim",
                "c",
                "--stance",
                "supports",
                "--speaker",
                "s",
                "--quote",
                "q",
            ],
            2,
            "not inside articles/",
        ),
        (
            vec![
                "add",
                "articles/missing.txt",
                "--claim",
                "c",
                "--stance",
                "supports",
                "--speaker",
                "s",
                "--quote",
                "q",
            ],
            2,
            "no such article",
        ),
        (add_args(quote, &["--stance", "maybe"]), 2, "invalid value"),
        (add_args("", &[]), 2, "--quote is empty"),
    ];
    for (args, code, says) in cases {
        let r = run(root, &args);
        assert_eq!(r.code, code, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
        assert_eq!(read(root, "claims/bridge.yaml"), before, "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_annotation_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch_copy("authoring/comments");
    let root = dir.path();
    let path = root.join("claims/bridge.yaml");
    let before = std::fs::read(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = run(
        root,
        &add_args("The bridge cannot open before autumn.", &[]),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_with_errors_is_not_edited() {
    let dir = scratch_copy("authoring/comments");
    let root = dir.path();
    let broken = "published: 2023-06-05\nclaims: [\n";
    std::fs::write(root.join("claims/bridge.yaml"), broken).unwrap();
    let r = run(
        root,
        &add_args("The bridge cannot open before autumn.", &[]),
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("has errors, fix them first"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(root.join("claims/bridge.yaml")).unwrap(),
        broken
    );
}

#[test]
fn add_creates_a_missing_annotation_file_that_passes_check() {
    let dir = scratch_copy("authoring/unannotated");
    let root = dir.path();
    let mut args = add_args(
        "The bridge cannot open before autumn.",
        &["--published", "2023-06"],
    );
    args[1] = "articles/2023/bridge.txt";
    let r = run(root, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("created claims/2023/bridge.yaml"),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(root.join("claims/2023/bridge.yaml")).unwrap();
    assert!(
        text.starts_with("title: Bridge news\npublished: 2023-06\nclaims:\n  - id: "),
        "{text}"
    );
    let check = run(root, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let files: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["articles/2023/dated.txt"],
        "only the other article is left unannotated"
    );
}

#[test]
fn add_without_a_date_to_create_the_file_is_a_clear_error() {
    let dir = scratch_copy("authoring/unannotated");
    let root = dir.path();
    let mut args = add_args("The bridge cannot open before autumn.", &[]);
    args[1] = "articles/2023/bridge.txt";
    let r = run(root, &args);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("give --published"), "{}", r.stderr);
    assert!(!root.join("claims/2023/bridge.yaml").exists());
}

#[test]
fn concurrent_adds_to_one_file_all_land() {
    let dir = scratch_copy("authoring/comments");
    let root = dir.path();
    let children: Vec<std::process::Child> = (0..6)
        .map(|i| {
            let id = format!("chan-{i}");
            std::process::Command::new(assert_cmd::cargo::cargo_bin("claimtrack"))
                .arg("--root")
                .arg(root)
                .args(add_args(
                    "The bridge cannot open before autumn.",
                    // Another speaker each: the same claim twice is refused.
                    &["--id", &id, "--speaker", &id],
                ))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = std::fs::read_to_string(root.join("claims/bridge.yaml")).unwrap();
    for i in 0..6 {
        assert!(
            text.contains(&format!("id: chan-{i}\n")),
            "chan-{i} lost:\n{text}"
        );
    }
    assert_eq!(run(root, &["check"]).code, 0);
}

#[test]
fn new_writes_skeletons_with_the_date_found_in_the_text() {
    let dir = scratch_copy("authoring/unannotated");
    let root = dir.path();
    let r = run(root, &["new"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "wrote claims/2023/dated.yaml: published 2016-09-29 (from \"September 29, 2016\")"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("wrote claims/2023/bridge.yaml: no date found"),
        "{}",
        r.stderr
    );
    let dated = std::fs::read_to_string(root.join("claims/2023/dated.yaml")).unwrap();
    assert!(
        dated.contains("published: 2016-09-29  # found in the article: September 29, 2016\n"),
        "{dated}"
    );
    assert!(dated.contains("\nclaims: []"), "{dated}");
    assert!(
        dated.contains("#   This wouldn’t work if anyone other than them was in charge,"),
        "{dated}"
    );
    // The undated skeleton fails check until someone fills in the date.
    let check = run(root, &["check", "--format", "github"]);
    assert_eq!(check.code, 1);
    // Both skeletons are also `not-annotated` (tests/authoring_loop.rs).
    let others: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| !l.contains("title=not-annotated::"))
        .collect();
    assert_eq!(others.len(), 1, "{}", check.stdout);
    assert!(
        others[0]
            .starts_with("::error file=claims/2023/bridge.yaml,line=3,col=12,title=bad-date::"),
        "{}",
        check.stdout
    );
    // A second run overwrites nothing.
    let r = run(root, &["new", "articles/2023/dated.txt"]);
    assert!(
        r.stderr
            .contains("skipped articles/2023/dated.txt: claims/2023/dated.yaml already exists"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(root.join("claims/2023/dated.yaml")).unwrap(),
        dated
    );
    // add fills a skeleton once dated; the skeleton's bytes stay.
    let add = run(
        root,
        &[
            "add",
            "articles/2023/dated.txt",
            "--claim",
            "The Defenders premieres in 2017",
            "--stance",
            "supports",
            "--speaker",
            "Collider",
            "--quote",
            "The Defenders premieres in 2017.",
        ],
    );
    assert_eq!(add.code, 0, "{}", add.stderr);
    let filled = std::fs::read_to_string(root.join("claims/2023/dated.yaml")).unwrap();
    assert_add_edit_only(dated.as_bytes(), filled.as_bytes());
}
