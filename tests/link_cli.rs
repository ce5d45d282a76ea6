//! `claimtrack link` and `claimtrack unlink` on a scratch copy of the council
//! corpus: the report's groups follow the topics they write, nothing in a
//! file changes but `topic:` lines, and a refusal leaves every file as it was.

mod common;

use std::path::Path;

use common::{Run, run, scratch_copy};

fn read(root: &Path, file: &str) -> String {
    std::fs::read_to_string(root.join("claims").join(file)).unwrap()
}

/// Each group of `report --format json` as its topic and its claims' refs.
fn groups(root: &Path) -> Vec<(Option<String>, Vec<String>)> {
    let out = run(root, &["report", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let topic = g["topic"].as_str().map(str::to_owned);
            let refs = g["claims"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["ref"].as_str().unwrap().to_owned())
                .collect();
            (topic, refs)
        })
        .collect()
}

fn group_of(root: &Path, reference: &str) -> (Option<String>, Vec<String>) {
    groups(root)
        .into_iter()
        .find(|(_, refs)| refs.iter().any(|r| r == reference))
        .unwrap_or_else(|| panic!("{reference} is in no group"))
}

fn check_clean(root: &Path) {
    let out = run(root, &["check"]);
    assert_eq!(out.code, 0, "check after the edit: {}", out.stderr);
}

/// `new` is `old` with only lines `    topic: ...` added or replacing other
/// `topic:` lines; every other line is byte for byte the same.
fn only_topic_lines(old: &str, new: &str) {
    let is_topic = |l: &str| l.trim_start().starts_with("topic: ");
    let kept_old: Vec<&str> = old.split_inclusive('\n').filter(|l| !is_topic(l)).collect();
    let kept_new: Vec<&str> = new.split_inclusive('\n').filter(|l| !is_topic(l)).collect();
    assert_eq!(kept_old, kept_new, "lines other than topics changed");
}

fn ok(out: &Run) {
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn link_puts_claims_of_two_groups_in_one_under_a_new_topic() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    let (fares, walk) = (
        read(root, "april-fares.yaml"),
        read(root, "may-walk-back.yaml"),
    );
    assert_ne!(
        group_of(root, "april-fares#festival-july").1,
        group_of(root, "may-walk-back#tram-2").1
    );
    let out = run(
        root,
        &[
            "link",
            "april-fares#festival-july",
            "april-fares#price-firm",
        ],
    );
    ok(&out);
    assert!(
        out.stderr.contains("claims/april-fares.yaml"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("`festival-move-july`"),
        "{}",
        out.stderr
    );
    let (topic, refs) = group_of(root, "april-fares#festival-july");
    assert_eq!(topic.as_deref(), Some("festival-move-july"));
    assert!(
        refs.contains(&"april-fares#price-firm".to_owned()),
        "{refs:?}"
    );
    let new = read(root, "april-fares.yaml");
    only_topic_lines(&fares, &new);
    assert_eq!(new.matches("    topic: festival-move-july\n").count(), 2);
    assert_eq!(
        read(root, "may-walk-back.yaml"),
        walk,
        "an unnamed file changed"
    );
    check_clean(root);
}

#[test]
fn link_uses_the_topic_one_of_them_has() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    let before = read(root, "march-library.yaml");
    let out = run(
        root,
        &["link", "march-library#doe-delay", "april-fares#tram"],
    );
    ok(&out);
    assert!(out.stderr.contains("`tram`"), "{}", out.stderr);
    let (topic, refs) = group_of(root, "march-library#doe-delay");
    assert_eq!(topic.as_deref(), Some("tram"));
    assert!(
        refs.contains(&"may-walk-back#tram-2".to_owned()),
        "{refs:?}"
    );
    only_topic_lines(&before, &read(root, "march-library.yaml"));
    check_clean(root);
    // Linking again changes nothing.
    let fares = read(root, "april-fares.yaml");
    ok(&run(
        root,
        &["link", "march-library#doe-delay", "april-fares#tram"],
    ));
    assert_eq!(read(root, "april-fares.yaml"), fares);
}

#[test]
fn link_refuses_claims_with_two_different_topics() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    ok(&run(
        root,
        &["unlink", "april-fares#tram", "may-walk-back#tram-2"],
    ));
    let (fares, walk) = (
        read(root, "april-fares.yaml"),
        read(root, "may-walk-back.yaml"),
    );
    let out = run(
        root,
        &[
            "link",
            "april-fares#tram",
            "april-fares#price-firm",
            "may-walk-back#tram-2",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("different topics"), "{}", out.stderr);
    assert!(out.stderr.contains("`tram`"), "{}", out.stderr);
    assert!(
        out.stderr.contains("`ministers-back-tram-extension`"),
        "{}",
        out.stderr
    );
    assert_eq!(read(root, "april-fares.yaml"), fares);
    assert_eq!(read(root, "may-walk-back.yaml"), walk);
}

#[test]
fn unlink_splits_a_topic_in_two_groups() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    let walk = read(root, "may-walk-back.yaml");
    assert_eq!(
        group_of(root, "april-fares#tram").1,
        vec!["april-fares#tram", "may-walk-back#tram-2"]
    );
    let out = run(
        root,
        &["unlink", "april-fares#tram", "may-walk-back#tram-2"],
    );
    ok(&out);
    assert!(
        out.stderr.contains("claims/may-walk-back.yaml"),
        "{}",
        out.stderr
    );
    let (first, second) = (
        group_of(root, "april-fares#tram"),
        group_of(root, "may-walk-back#tram-2"),
    );
    assert_eq!(
        first,
        (Some("tram".into()), vec!["april-fares#tram".into()])
    );
    assert_eq!(
        second,
        (
            Some("ministers-back-tram-extension".into()),
            vec!["may-walk-back#tram-2".into()]
        )
    );
    let new = read(root, "may-walk-back.yaml");
    only_topic_lines(&walk, &new);
    assert!(new.ends_with("    topic: ministers-back-tram-extension\n"));
    check_clean(root);
    // Their topics now differ: nothing to do.
    let out = run(
        root,
        &["unlink", "april-fares#tram", "may-walk-back#tram-2"],
    );
    ok(&out);
    assert!(out.stderr.contains("nothing to do"), "{}", out.stderr);
    assert_eq!(read(root, "may-walk-back.yaml"), new);
}

#[test]
fn unlink_gives_claims_without_topics_their_own() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    let (a, b) = ("april-fares#festival-july", "may-walk-back#festival-not");
    assert_eq!(group_of(root, a).1, vec![a, b]);
    ok(&run(root, &["unlink", a, b]));
    assert_eq!(group_of(root, a).1, vec![a]);
    assert_eq!(group_of(root, b).1, vec![b]);
    check_clean(root);
}

#[test]
fn a_topic_line_with_a_comment_keeps_the_comment_and_crlf() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    let path = root.join("claims/may-walk-back.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("    topic: tram", "    topic: \"tram\"   # the tram")
        .replace('\n', "\r\n");
    let text = text.strip_suffix("\r\n").unwrap().to_owned();
    std::fs::write(&path, &text).unwrap();
    ok(&run(
        root,
        &["unlink", "april-fares#tram", "may-walk-back#tram-2"],
    ));
    let new = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        new,
        text.replace("\"tram\"   #", "ministers-back-tram-extension   #")
    );
    check_clean(root);
}

#[test]
fn unknown_references_are_refused() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    let fares = read(root, "april-fares.yaml");
    for (args, said) in [
        (
            ["link", "april-fares#price-firm", "april-fares#nope"],
            "has no claim with the id `nope`",
        ),
        (
            ["link", "april-fares#price-firm", "nowhere#x"],
            "there is no claims/nowhere.yaml",
        ),
        (
            ["unlink", "april-fares#price-firm", "nowhere#x"],
            "there is no claims/nowhere.yaml",
        ),
    ] {
        let out = run(root, &args);
        assert_eq!(out.code, 1, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(said), "{args:?}: {}", out.stderr);
    }
    for args in [
        ["link", "april-fares#price-firm", "../x#y"],
        ["link", "april-fares#price-firm", "no-hash"],
        ["unlink", "april-fares#price-firm", "april-fares#price-firm"],
    ] {
        let out = run(root, &args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
    }
    assert_eq!(run(root, &["unlink", "april-fares#tram"]).code, 2);
    assert_eq!(read(root, "april-fares.yaml"), fares);
}

#[test]
fn a_claim_in_flow_style_is_refused() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    let path = root.join("claims/april-fares.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "  - id: festival-july\n    claim: The festival will move to July\n    stance: supports\n    speaker: KR\n    quote: The festival will move to July.\n",
        "  - {id: festival-july, claim: The festival will move to July, stance: supports, speaker: KR, quote: The festival will move to July.}\n",
    );
    assert!(text.contains("- {id: festival-july"));
    std::fs::write(&path, &text).unwrap();
    check_clean(root);
    let walk = read(root, "may-walk-back.yaml");
    let out = run(
        root,
        &[
            "link",
            "may-walk-back#festival-not",
            "april-fares#festival-july",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("flow style"), "{}", out.stderr);
    assert!(out.stderr.contains("edit by hand"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_eq!(
        read(root, "may-walk-back.yaml"),
        walk,
        "half of the link written"
    );
}

#[test]
fn a_file_without_a_final_newline_keeps_none() {
    let dir = scratch_copy("report/council");
    let root = dir.path();
    let path = root.join("claims/march-library.yaml");
    let text = read(root, "march-library.yaml").trim_end().to_owned();
    std::fs::write(&path, &text).unwrap();
    ok(&run(
        root,
        &["link", "march-library#price-maybe", "april-fares#tram"],
    ));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("{text}\n    topic: tram")
    );
    check_clean(root);
}
