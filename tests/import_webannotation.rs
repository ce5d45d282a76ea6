//! `claimtrack import webannotation`: Web Annotations into a corpus through
//! `add`'s edit; the round trip export → import into an emptied copy →
//! export gives the same annotations; what is skipped is said, with why.

mod common;

use std::path::Path;

use common::{copy_dir, run};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the repository's corpus whose annotation files keep their
/// head (title, published, outlet...) but hold `claims: []`.
fn emptied_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("articles"), &dir.path().join("articles"));
    copy_dir(&repo().join("claims"), &dir.path().join("claims"));
    for entry in std::fs::read_dir(dir.path().join("claims")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let head = &text[..text.find("\nclaims:").expect("a claims key") + 1];
        std::fs::write(&path, format!("{head}claims: []\n")).unwrap();
    }
    dir
}

#[test]
fn round_trip_gives_the_same_annotations() {
    let first = run(repo(), &["export", "--format", "webannotation"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let copy = emptied_copy();
    let file = copy.path().join("annotations.json");
    std::fs::write(&file, &first.stdout).unwrap();

    // A dry run says what it would do and writes nothing.
    let before = std::fs::read_to_string(
        copy.path()
            .join("claims/cinemablend-ritter-wants-defenders-season-2.yaml"),
    )
    .unwrap();
    let dry = run(
        copy.path(),
        &[
            "import",
            "webannotation",
            file.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stderr.contains("would import 31 of 31"),
        "{}",
        dry.stderr
    );
    assert_eq!(
        std::fs::read_to_string(
            copy.path()
                .join("claims/cinemablend-ritter-wants-defenders-season-2.yaml")
        )
        .unwrap(),
        before
    );

    let imported = run(
        copy.path(),
        &["import", "webannotation", file.to_str().unwrap()],
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert!(
        imported.stderr.contains("imported 31 of 31"),
        "{}",
        imported.stderr
    );
    assert_eq!(imported.stdout, "");
    // The file's head is kept byte for byte: `add` appended the claims.
    let after = std::fs::read_to_string(
        copy.path()
            .join("claims/cinemablend-ritter-wants-defenders-season-2.yaml"),
    )
    .unwrap();
    let head = &before[..before.find("claims: []").unwrap()];
    assert!(after.starts_with(head), "{after}");
    let check = run(copy.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);

    let second = run(copy.path(), &["export", "--format", "webannotation"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_eq!(second.stdout, first.stdout);
    // And the record is the same: groups, reversals and verdicts; the
    // quotes are the article's passages now (typography as written there).
    let report = |root: &Path| {
        let mut doc: serde_json::Value =
            serde_json::from_str(&run(root, &["report", "--format", "json"]).stdout).unwrap();
        for g in doc["groups"].as_array_mut().unwrap() {
            for c in g["claims"].as_array_mut().unwrap() {
                c.as_object_mut().unwrap().remove("quote");
            }
        }
        doc
    };
    assert!(report(copy.path()) == report(repo()), "the record differs");

    // Importing again adds nothing: every claim is there already.
    let again = run(
        copy.path(),
        &["import", "webannotation", file.to_str().unwrap()],
    );
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("skipped annotation 1"),
        "{}",
        again.stderr
    );
}

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("articles/2024")).unwrap();
    std::fs::create_dir_all(root.join("claims/2024")).unwrap();
    std::fs::write(
        root.join("articles/2024/library.txt"),
        "Council, May 2, 2024\nMayor Ann Lee said: \"The library will reopen in May.\"\nLater she added: \"The library will reopen in May.\" Twice.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("claims/2024/library.yaml"),
        "# hand-written\npublished: 2024-05-02\nurl: https://news.example/library\nclaims: []  # none yet\n",
    )
    .unwrap();
    dir
}

const HYPOTHESIS: &str = r#"{"total": 6, "rows": [
  {"uri": "https://news.example/library", "text": "The library will reopen in May",
   "tags": ["stance:supports", "speaker:Mayor Ann Lee"],
   "target": [{"source": "https://news.example/library", "selector": [
     {"type": "TextQuoteSelector", "exact": "The library will reopen in May.", "prefix": "Later she added: \"", "suffix": "\" Twice."}]}]},
  {"uri": "https://news.example/library", "text": "The library will reopen in June",
   "tags": ["speaker:Mayor Ann Lee"],
   "target": [{"source": "https://news.example/library", "selector": [
     {"type": "TextQuoteSelector", "exact": "The library will reopen in May."}]}]},
  {"uri": "https://elsewhere.example/x", "text": "Something", "tags": ["stance:refutes", "speaker:Bo"],
   "target": [{"source": "https://elsewhere.example/x", "selector": [{"type": "TextQuoteSelector", "exact": "x"}]}]},
  {"uri": "https://news.example/library", "text": "The pool will reopen", "tags": ["stance:supports", "speaker:Bo"],
   "target": [{"source": "https://news.example/library", "selector": [{"type": "TextQuoteSelector", "exact": "The pool will reopen"}]}]},
  {"text": "No target speaker", "tags": ["stance:supports"],
   "target": [{"source": "articles/2024/library.txt", "selector": [{"type": "TextQuoteSelector", "exact": "Twice"}]}]},
  {"target": [{"source": "articles/2024/library.txt", "selector": [{"type": "TextQuoteSelector", "exact": "Council"}]}],
   "body": {"claim": "The council met", "stance": "supports", "speaker": "Clerk", "date": "2024-05-01"}}
]}"#;

#[test]
fn hypothesis_annotations_import_and_the_rest_is_skipped_with_reasons() {
    let dir = corpus();
    let root = dir.path();
    let file = root.join("hypothesis.json");
    std::fs::write(&file, HYPOTHESIS).unwrap();
    let r = run(root, &["import", "webannotation", file.to_str().unwrap()]);
    assert_eq!(r.code, 1, "some were skipped: {}", r.stderr);
    let e = &r.stderr;
    assert!(
        e.contains("added annotation 1 to claims/2024/library.yaml"),
        "{e}"
    );
    assert!(
        e.contains("occurs 2 times") && e.contains("occurrence 2"),
        "{e}"
    );
    assert!(e.contains("skipped annotation 2: it has no stance"), "{e}");
    assert!(
        e.contains("skipped annotation 3: its source https://elsewhere.example/x is neither"),
        "{e}"
    );
    assert!(
        e.contains("skipped annotation 4: its quote is not in articles/2024/library.txt"),
        "{e}"
    );
    assert!(e.contains("skipped annotation 5: it has no speaker"), "{e}");
    assert!(
        e.contains("added annotation 6 to claims/2024/library.yaml"),
        "{e}"
    );
    assert!(e.contains("imported 2 of 6 annotations, skipped 4"), "{e}");
    let text = std::fs::read_to_string(root.join("claims/2024/library.yaml")).unwrap();
    assert!(
        text.starts_with(
            "# hand-written\npublished: 2024-05-02\nurl: https://news.example/library\nclaims:"
        ),
        "{text}"
    );
    assert!(
        text.contains("speaker: Mayor Ann Lee") && text.contains("date: 2024-05-01"),
        "{text}"
    );
    let check = run(root, &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn unreadable_input_is_a_usage_error() {
    let dir = corpus();
    let file = dir.path().join("bad.json");
    std::fs::write(&file, "{not json").unwrap();
    let r = run(
        dir.path(),
        &["import", "webannotation", file.to_str().unwrap()],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not valid JSON"), "{}", r.stderr);
    let r = run(dir.path(), &["import", "webannotation", "missing.json"]);
    assert_eq!(r.code, 2);
}
