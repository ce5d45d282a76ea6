//! `check --changed-since`: only new or changed articles must be annotated.

mod common;

use common::git;

#[test]
fn only_articles_added_or_changed_since_the_revision_need_annotations() {
    let dir = common::scratch_copy("check/valid");
    let root = dir.path();
    std::fs::write(
        root.join("articles/old-unannotated.txt"),
        "An old article.\n",
    )
    .unwrap();
    std::fs::write(root.join("articles/edited.txt"), "Before.\n").unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "start"]);
    std::fs::write(root.join("articles/edited.txt"), "After.\n").unwrap();
    std::fs::create_dir_all(root.join("articles/2022")).unwrap();
    std::fs::write(root.join("articles/2022/new.txt"), "A new article.\n").unwrap();

    let r = common::run(
        root,
        &["check", "--format", "github", "--changed-since", "HEAD"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let files: Vec<&str> = r
        .stdout
        .lines()
        .map(|l| l.split("file=").nth(1).unwrap().split(',').next().unwrap())
        .collect();
    assert_eq!(files, ["articles/2022/new.txt", "articles/edited.txt"]);

    // Without the flag every article must be annotated.
    let r = common::run(root, &["check", "--format", "github"]);
    assert_eq!(r.stdout.lines().count(), 3, "{}", r.stdout);

    // Once committed and annotated, nothing is left since HEAD.
    for stem in ["2022/new", "edited"] {
        let yaml = format!("claims/{stem}.yaml");
        std::fs::create_dir_all(root.join(&yaml).parent().unwrap()).unwrap();
        std::fs::write(root.join(&yaml), "published: 2022\nclaims: []\n").unwrap();
    }
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "annotated"]);
    let r = common::run(root, &["check", "--changed-since", "HEAD~1"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn an_unknown_revision_is_a_usage_error() {
    let dir = common::scratch_copy("check/valid");
    git(dir.path(), &["init", "-q"]);
    let r = common::run(dir.path(), &["check", "--changed-since", "no-such-rev"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`no-such-rev` is not a revision"),
        "{}",
        r.stderr
    );
}
