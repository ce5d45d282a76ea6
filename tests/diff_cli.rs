//! `claimtrack diff REV [--to REV2]` run as a user (or a CI job) runs it, on
//! small git repositories that the tests make: what a change adds to the
//! record, in JSON, Markdown (for a pull-request comment) and the terminal.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use common::{Run, git, run};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// The corpus the tests build: four one-paragraph articles and their claims.

/// Ann Smith's pledge (January 2017): she supports "The bridge will open in May".
const A_TXT: &str = "Mayor Ann Smith opened the spring fair on Saturday. \
\"The bridge will open in May, you have my word,\" she told the crowd.\n";
const A_YAML: &str = "\
published: 2017-01
claims:
  - id: pledge
    claim: The bridge will open in May
    stance: supports
    speaker: Ann Smith
    quote: The bridge will open in May, you have my word
";

/// Ann Smith's reversal (December 2017): she refutes the same claim.
const B_TXT: &str = "Ann Smith changed course at the council meeting. \
\"The bridge will not open in May,\" she said, blaming the contractor.\n";
const B_YAML: &str = "\
published: 2017-12
claims:
  - id: u-turn
    claim: The bridge will open in May
    stance: refutes
    speaker: Ann Smith
    quote: The bridge will not open in May
";

/// Another proposition altogether (March 2017): Bob Jones on the tunnel.
const C_TXT: &str = "Bob Jones, the county engineer, was blunt about the old crossing. \
\"The tunnel will close for good,\" he said.\n";
const C_YAML: &str = "\
published: 2017-03
claims:
  - id: tunnel
    claim: The tunnel will close
    stance: supports
    speaker: Bob Jones
    quote: The tunnel will close for good
";

/// A second speaker who refutes Ann Smith's pledge (June 2017).
const D_TXT: &str = "Carol White, who chairs the transport committee, disagreed. \
\"There is no way the bridge opens in May,\" she said.\n";
const D_YAML: &str = "\
published: 2017-06
claims:
  - id: doubt
    claim: The bridge will open in May
    stance: refutes
    speaker: Carol White
    quote: There is no way the bridge opens in May
";

const BRIDGE: &str = "The bridge will open in May";
const TUNNEL: &str = "The tunnel will close";

/// The fourteen counts of the documented JSON summary.
const SUMMARY_KEYS: [&str; 14] = [
    "claims_added",
    "claims_removed",
    "claims_changed",
    "claims_moved",
    "groups_created",
    "groups_removed",
    "groups_merged",
    "groups_split",
    "reversals_added",
    "reversals_removed",
    "conflicts_added",
    "conflicts_removed",
    "verdicts_changed",
    "articles_renamed",
];

// ---------------------------------------------------------------------------
// Helpers: a git repository in a temporary folder, and `claimtrack diff` on it.

struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// A repository whose first commit holds `files` (path, contents).
    fn with(files: &[(&str, &str)]) -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for (path, text) in files {
            repo.write(path, text);
        }
        git(repo.root(), &["init", "-q", "-b", "main"]);
        repo.commit("base");
        repo
    }

    /// Writes article `stem` and its annotation into the work tree.
    fn add_article(&self, stem: &str, txt: &str, yaml: &str) {
        self.write(&format!("articles/{stem}.txt"), txt);
        self.write(&format!("claims/{stem}.yaml"), yaml);
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn commit(&self, message: &str) {
        git(self.root(), &["add", "-A"]);
        git(
            self.root(),
            &["commit", "-q", "--allow-empty", "-m", message],
        );
    }

    fn head(&self, rev: &str) -> String {
        let out = git(self.root(), &["rev-parse", "--verify", rev]);
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }

    /// `claimtrack diff ARGS...`
    fn diff(&self, args: &[&str]) -> Run {
        let mut all = vec!["diff"];
        all.extend_from_slice(args);
        run(self.root(), &all)
    }

    /// `claimtrack diff ARGS... --format json`, expecting exit `code`;
    /// stdout must be JSON and nothing else.
    fn diff_json(&self, args: &[&str], code: i32) -> Value {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--format", "json"]);
        let r = self.diff(&all);
        assert_eq!(
            r.code, code,
            "diff {all:?}\nstdout:\n{}\nstderr:\n{}",
            r.stdout, r.stderr
        );
        serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("stdout of diff {all:?} is not JSON ({e}):\n{}", r.stdout))
    }
}

/// A repository whose first commit holds articles given as (stem, text, yaml).
fn repo_of(articles: &[(&str, &str, &str)]) -> Repo {
    let files: Vec<(String, &str)> = articles
        .iter()
        .flat_map(|(stem, txt, yaml)| {
            [
                (format!("articles/{stem}.txt"), *txt),
                (format!("claims/{stem}.yaml"), *yaml),
            ]
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    Repo::with(&files)
}

/// The summary's counts, checking that it holds exactly the documented keys.
fn summary(json: &Value) -> BTreeMap<String, u64> {
    let s = json["summary"]
        .as_object()
        .unwrap_or_else(|| panic!("no summary object in {json:#}"));
    let keys: Vec<&str> = s.keys().map(String::as_str).collect();
    let mut expected = SUMMARY_KEYS.to_vec();
    expected.sort_unstable();
    let mut got = keys.clone();
    got.sort_unstable();
    assert_eq!(got, expected, "summary keys in {json:#}");
    s.iter()
        .map(|(k, v)| {
            let n = v
                .as_u64()
                .unwrap_or_else(|| panic!("summary.{k} is not a count: {v}"));
            (k.clone(), n)
        })
        .collect()
}

/// Asserts the given counts and that every other count is zero.
fn assert_summary(json: &Value, nonzero: &[(&str, u64)]) {
    let got = summary(json);
    let mut expected: BTreeMap<String, u64> =
        SUMMARY_KEYS.iter().map(|k| (k.to_string(), 0)).collect();
    for (k, n) in nonzero {
        expected.insert(k.to_string(), *n);
    }
    assert_eq!(got, expected, "summary of {json:#}");
}

fn groups(json: &Value) -> &Vec<Value> {
    json["groups"]
        .as_array()
        .unwrap_or_else(|| panic!("no groups array in {json:#}"))
}

fn group<'a>(json: &'a Value, claim: &str) -> &'a Value {
    groups(json)
        .iter()
        .find(|g| g["claim"] == claim)
        .unwrap_or_else(|| panic!("no group {claim:?} in {json:#}"))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// The `### claimtrack: ...` heading of the Markdown comment.
fn markdown_heading(md: &str) -> &str {
    md.lines()
        .find(|l| l.starts_with("### "))
        .unwrap_or_else(|| panic!("no ### heading in:\n{md}"))
}

/// Whether `stderr` reports a problem of `file` at a place, as `report`
/// (`FILE:LINE:COLUMN: error[CODE]: ...`) or `check` (`--> FILE:LINE:COLUMN`) do.
fn reports_problem_at(stderr: &str, file: &str) -> bool {
    let at = format!("{file}:");
    stderr
        .match_indices(&at)
        .any(|(i, _)| stderr[i + at.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// The contents of the Markdown's one-backtick code spans.
fn code_spans(md: &str) -> Vec<&str> {
    md.lines()
        .flat_map(|line| {
            line.split('`')
                .enumerate()
                .filter(|(i, _)| i % 2 == 1)
                .map(|(_, span)| span)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// CommonMark reads no backslash escape and no entity inside a code span
/// (spec 6.1): a `\#` or `&amp;` there is shown as written. The corpora of
/// these tests have neither in their names, so none may appear.
fn assert_code_spans_literal(md: &str) {
    for span in code_spans(md) {
        assert!(
            !span.contains('\\') && !span.contains('&'),
            "the code span `{span}` renders with its escapes showing:\n{md}"
        );
    }
}

fn is_commit_id(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

// ---------------------------------------------------------------------------
// 1. A pull request that records a reversal.

#[test]
fn a_change_that_adds_a_reversal() {
    let repo = repo_of(&[("a", A_TXT, A_YAML)]);
    let base = repo.head("HEAD");
    repo.add_article("b", B_TXT, B_YAML);

    // JSON: the work tree against HEAD.
    let json = repo.diff_json(&["HEAD"], 0);
    assert_eq!(json["from"]["rev"], "HEAD");
    assert_eq!(json["from"]["commit"], base.as_str());
    assert_eq!(json["from"]["errors"], 0);
    assert_eq!(json["to"]["rev"], Value::Null, "the work tree: {json:#}");
    assert_eq!(json["to"]["commit"], Value::Null, "the work tree: {json:#}");
    assert_eq!(json["to"]["errors"], 0);
    let s = summary(&json);
    assert_eq!(s["reversals_added"], 1, "{json:#}");
    assert_eq!(s["claims_added"], 1, "{json:#}");
    assert_eq!(s["claims_removed"], 0, "{json:#}");
    assert_eq!(s["claims_changed"], 0, "{json:#}");
    assert_eq!(s["groups_created"], 0, "b joins a's group: {json:#}");
    assert_eq!(
        s["conflicts_added"], 0,
        "one speaker is no conflict: {json:#}"
    );
    let headline = json["headline"].as_str().unwrap();
    assert!(
        headline.starts_with("1 new reversal, 1 claim added in 1 group"),
        "{json:#}"
    );
    assert_eq!(groups(&json).len(), 1, "{json:#}");
    let g = group(&json, BRIDGE);
    assert_eq!(g["status"], "changed");
    let added = g["claims_added"].as_array().unwrap();
    assert_eq!(added.len(), 1, "{g:#}");
    assert_eq!(added[0]["ref"], "b#u-turn");
    assert_eq!(added[0]["article"], "articles/b.txt");
    assert_eq!(added[0]["speaker"], "Ann Smith");
    assert_eq!(added[0]["stance"], "refutes");
    assert_eq!(added[0]["date"], "2017-12");
    let reversals = g["reversals_added"].as_array().unwrap();
    assert_eq!(reversals.len(), 1, "{g:#}");
    assert_eq!(reversals[0]["speaker"], "Ann Smith");
    assert_eq!(reversals[0]["from"], "a#pledge");
    assert_eq!(reversals[0]["to"], "b#u-turn");
    assert_eq!(reversals[0]["kind"], "full");
    assert_eq!(reversals[0]["via"], json!([]));

    // Markdown, for the pull-request comment.
    let r = repo.diff(&["HEAD", "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        first_line(&r.stdout),
        "<!-- claimtrack-diff -->",
        "{}",
        r.stdout
    );
    let heading = markdown_heading(&r.stdout);
    assert!(heading.starts_with("### claimtrack:"), "{heading}");
    assert!(heading.contains("1 new reversal"), "{heading}");
    assert!(!heading.contains("1 new reversals"), "{heading}");
    assert!(r.stdout.contains("New reversals"), "{}", r.stdout);
    assert!(r.stdout.contains("Ann Smith"), "{}", r.stdout);
    assert!(r.stdout.contains("<details>"), "{}", r.stdout);
    // Without --link-base the new claim is named in backticks (its
    // article's path, or its reference), as it reads once rendered: no
    // escape is read in a code span, so none may be written there.
    assert!(
        r.stdout.contains("`articles/b.txt`") || r.stdout.contains("`b#u-turn`"),
        "{}",
        r.stdout
    );
    assert_code_spans_literal(&r.stdout);

    // With --link-base they are links into the pull request's head.
    let link_base = "https://github.com/o/r/blob/0123abc/";
    let r = repo.diff(&["HEAD", "--format", "markdown", "--link-base", link_base]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("https://github.com/o/r/blob/0123abc/articles/b.txt"),
        "{}",
        r.stdout
    );

    // The terminal view (the default) leads with the headline.
    let r = repo.diff(&["HEAD"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(first_line(&r.stdout).contains(headline), "{}", r.stdout);

    // --fail-on: a human must approve a change that records a reversal.
    let r = repo.diff(&["HEAD", "--fail-on", "reversal"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("reversal"),
        "the reason on stderr: {}",
        r.stderr
    );
    assert!(
        first_line(&r.stdout).contains("1 new reversal"),
        "{}",
        r.stdout
    );
    let r = repo.diff(&["HEAD", "--fail-on", "conflict"]);
    assert_eq!(r.code, 0, "no conflict appears: {}\n{}", r.stdout, r.stderr);
    let r = repo.diff(&["HEAD", "--fail-on", "conflict", "--fail-on", "reversal"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

/// The same change committed, read the other way round: the reversal goes.
#[test]
fn between_two_commits_and_backwards() {
    let repo = repo_of(&[("a", A_TXT, A_YAML)]);
    repo.add_article("b", B_TXT, B_YAML);
    repo.commit("Ann Smith's u-turn");

    let json = repo.diff_json(&["HEAD~1", "--to", "HEAD"], 0);
    assert_eq!(json["from"]["rev"], "HEAD~1");
    assert_eq!(json["from"]["commit"], repo.head("HEAD~1").as_str());
    assert_eq!(json["to"]["rev"], "HEAD");
    assert_eq!(json["to"]["commit"], repo.head("HEAD").as_str());
    assert!(is_commit_id(&json["to"]["commit"]), "{json:#}");
    assert_summary(
        &json,
        &[
            ("claims_added", 1),
            ("reversals_added", 1),
            ("verdicts_changed", 1),
        ],
    );
    let g = group(&json, BRIDGE);
    assert_eq!(
        g["verdicts_changed"],
        json!([{"speaker": "Ann Smith", "from": "no flip", "to": "full flop"}]),
        "{g:#}"
    );

    // Nothing in the work tree differs from HEAD.
    let json = repo.diff_json(&["HEAD"], 0);
    assert_summary(&json, &[]);

    // Backwards: the claim and its reversal are gone.
    let json = repo.diff_json(&["HEAD", "--to", "HEAD~1"], 0);
    assert_summary(
        &json,
        &[
            ("claims_removed", 1),
            ("reversals_removed", 1),
            ("verdicts_changed", 1),
        ],
    );
    assert!(
        json["headline"]
            .as_str()
            .unwrap()
            .starts_with("1 claim removed, 1 reversal gone"),
        "{json:#}"
    );
    let g = group(&json, BRIDGE);
    let gone = g["reversals_removed"].as_array().unwrap();
    assert_eq!(gone.len(), 1, "{g:#}");
    assert_eq!(gone[0]["from"], "a#pledge");
    assert_eq!(gone[0]["to"], "b#u-turn");
    // Removing the reversal is no reason to fail.
    let r = repo.diff(&["HEAD", "--to", "HEAD~1", "--fail-on", "reversal"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// The headline names the parts the README and the interface list, and no
/// others: a verdict that changes with a new reversal is not named again
/// (the issue's own example, "2 new reversals, 1 new conflict, 14 claims
/// added in 5 groups", has no verdicts in it).
#[test]
fn the_headline_names_only_the_documented_parts() {
    let repo = repo_of(&[("a", A_TXT, A_YAML)]);
    repo.add_article("b", B_TXT, B_YAML);
    repo.commit("Ann Smith's u-turn");
    for (args, headline) in [
        (
            vec!["HEAD~1", "--to", "HEAD"],
            "1 new reversal, 1 claim added in 1 group",
        ),
        (
            vec!["HEAD", "--to", "HEAD~1"],
            "1 claim removed, 1 reversal gone",
        ),
    ] {
        let json = repo.diff_json(&args, 0);
        assert_eq!(json["headline"], headline, "diff {args:?}");
        let r = repo.diff(&args);
        assert_eq!(first_line(&r.stdout), headline, "diff {args:?}");
        let mut md = args.clone();
        md.extend_from_slice(&["--format", "markdown"]);
        let r = repo.diff(&md);
        assert_eq!(
            markdown_heading(&r.stdout),
            format!("### claimtrack: {headline}"),
            "diff {md:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// 2. One claim's text changed so that two groups become one.

#[test]
fn changing_a_claims_text_merges_two_groups() {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, C_YAML)]);
    // Before: two groups.
    let r = run(repo.root(), &["report", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(groups(&before).len(), 2, "{before:#}");

    repo.write(
        "claims/c.yaml",
        &C_YAML.replace(
            "claim: The tunnel will close",
            "claim: The bridge will open in May",
        ),
    );
    let json = repo.diff_json(&["HEAD"], 0);
    let s = summary(&json);
    assert_eq!(s["groups_merged"], 1, "{json:#}");
    assert_eq!(s["claims_changed"], 1, "{json:#}");
    assert_eq!(s["claims_added"], 0, "{json:#}");
    assert_eq!(s["claims_removed"], 0, "{json:#}");
    assert_eq!(s["groups_split"], 0, "{json:#}");
    assert_eq!(s["reversals_added"], 0, "{json:#}");
    assert_eq!(s["conflicts_added"], 0, "both support it: {json:#}");
    assert!(
        json["headline"]
            .as_str()
            .unwrap()
            .contains("1 group merged"),
        "{json:#}"
    );
    let g = group(&json, BRIDGE);
    assert_eq!(g["merged"], true, "{g:#}");
    assert_eq!(g["split"], false, "{g:#}");
    let mut was: Vec<&str> = g["was"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    was.sort_unstable();
    assert_eq!(was, [BRIDGE, TUNNEL], "{g:#}");
    let changed = g["claims_changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{g:#}");
    assert_eq!(changed[0]["ref"], "c#tunnel");
    assert_eq!(
        changed[0]["changes"],
        json!([{"field": "claim", "from": TUNNEL, "to": BRIDGE}]),
        "{g:#}"
    );
    assert!(g["claims_added"].as_array().unwrap().is_empty(), "{g:#}");
    assert!(g["claims_removed"].as_array().unwrap().is_empty(), "{g:#}");

    let r = repo.diff(&["HEAD", "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        markdown_heading(&r.stdout).contains("1 group merged"),
        "{}",
        r.stdout
    );
}

/// The reverse: one claim's text changed so that a group splits in two.
#[test]
fn changing_a_claims_text_splits_a_group() {
    let c_on_bridge = C_YAML.replace(
        "claim: The tunnel will close",
        "claim: The bridge will open in May",
    );
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, &c_on_bridge)]);
    repo.write("claims/c.yaml", C_YAML);
    let json = repo.diff_json(&["HEAD"], 0);
    let s = summary(&json);
    assert_eq!(s["groups_split"], 1, "{json:#}");
    assert_eq!(s["groups_merged"], 0, "{json:#}");
    assert_eq!(s["claims_changed"], 1, "{json:#}");
    assert_eq!(s["claims_added"], 0, "{json:#}");
    assert_eq!(s["claims_removed"], 0, "{json:#}");
    assert!(
        json["headline"].as_str().unwrap().contains("1 group split"),
        "{json:#}"
    );
}

// ---------------------------------------------------------------------------
// 3. Edits that do not change the record.

#[test]
fn a_note_only_edit_is_an_empty_diff() {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("b", B_TXT, B_YAML)]);
    repo.write(
        "claims/b.yaml",
        &format!("{B_YAML}    note: said after the contractor's letter\n"),
    );
    let json = repo.diff_json(&["HEAD"], 0);
    assert_summary(&json, &[]);
    assert_eq!(json["headline"], "no change to the record");
    assert_eq!(json["groups"], json!([]));
    assert_eq!(json["renamed"], json!([]));

    let r = repo.diff(&["HEAD"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        first_line(&r.stdout).contains("no change to the record"),
        "{}",
        r.stdout
    );
    let r = repo.diff(&["HEAD", "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(first_line(&r.stdout), "<!-- claimtrack-diff -->");
    assert!(
        markdown_heading(&r.stdout).contains("no change to the record"),
        "{}",
        r.stdout
    );
    let r = repo.diff(&["HEAD", "--fail-on", "reversal", "--fail-on", "conflict"]);
    assert_eq!(r.code, 0, "the old reversal is not new: {}", r.stderr);

    // Committed, then the note changed again: still nothing.
    repo.commit("a note");
    repo.write(
        "claims/b.yaml",
        &format!("{B_YAML}    note: the contractor's letter came first\n"),
    );
    let json = repo.diff_json(&["HEAD~1"], 0);
    assert_summary(&json, &[]);
    assert_eq!(json["headline"], "no change to the record");
}

#[test]
fn rewriting_the_yaml_without_changing_a_value_is_an_empty_diff() {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, C_YAML)]);
    // Same values: keys reordered, strings quoted, a comment, an explicit
    // date equal to `published`.
    repo.write(
        "claims/a.yaml",
        "\
# Ann Smith at the fair
claims:
  - speaker: \"Ann Smith\"
    stance: supports
    id: pledge
    quote: 'The bridge will open in May, you have my word'
    claim: \"The bridge will open in May\"
published: 2017-01
",
    );
    // The article gains a sentence; the quote is still there.
    repo.write(
        "articles/c.txt",
        &format!("{C_TXT}The county will decide in the autumn.\n"),
    );
    let json = repo.diff_json(&["HEAD"], 0);
    assert_summary(&json, &[]);
    assert_eq!(json["headline"], "no change to the record");
    assert_eq!(json["groups"], json!([]));
}

// ---------------------------------------------------------------------------
// 4. A renamed article and annotation: the same claims, not churn.

fn assert_one_rename(json: &Value) {
    assert_summary(json, &[("articles_renamed", 1)]);
    assert_eq!(
        json["renamed"],
        json!([{
            "from": "claims/a.yaml",
            "to": "claims/renamed.yaml",
            "article_from": "articles/a.txt",
            "article_to": "articles/renamed.txt",
        }]),
        "{json:#}"
    );
    assert_eq!(json["headline"], "1 article renamed", "{json:#}");
}

#[test]
fn a_committed_rename_is_not_claims_removed_and_added() {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, C_YAML)]);
    git(
        repo.root(),
        &["mv", "articles/a.txt", "articles/renamed.txt"],
    );
    git(repo.root(), &["mv", "claims/a.yaml", "claims/renamed.yaml"]);
    repo.commit("rename");
    let json = repo.diff_json(&["HEAD~1", "--to", "HEAD"], 0);
    let s = summary(&json);
    assert_eq!(s["claims_added"], 0, "{json:#}");
    assert_eq!(s["claims_removed"], 0, "{json:#}");
    assert_eq!(s["articles_renamed"], 1, "{json:#}");
    let renamed = json["renamed"].as_array().unwrap();
    assert_eq!(renamed.len(), 1, "{json:#}");
    assert_eq!(renamed[0]["from"], "claims/a.yaml");
    assert_eq!(renamed[0]["to"], "claims/renamed.yaml");
    assert_one_rename(&json);
    // The work tree is HEAD: the same answer.
    assert_one_rename(&repo.diff_json(&["HEAD~1"], 0));
}

#[test]
fn an_uncommitted_rename_is_not_claims_removed_and_added() {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, C_YAML)]);
    git(
        repo.root(),
        &["mv", "articles/a.txt", "articles/renamed.txt"],
    );
    git(repo.root(), &["mv", "claims/a.yaml", "claims/renamed.yaml"]);
    assert_one_rename(&repo.diff_json(&["HEAD"], 0));

    // Renamed on disk only (not told to git): the same.
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, C_YAML)]);
    let root = repo.root();
    std::fs::rename(
        root.join("articles/a.txt"),
        root.join("articles/renamed.txt"),
    )
    .unwrap();
    std::fs::rename(root.join("claims/a.yaml"), root.join("claims/renamed.yaml")).unwrap();
    assert_one_rename(&repo.diff_json(&["HEAD"], 0));
}

/// Renamed into a folder and edited in the same change: one rename and one
/// changed claim, still no claim removed and added.
#[test]
fn a_rename_with_an_edit_is_a_rename_and_a_change() {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, C_YAML)]);
    std::fs::create_dir_all(repo.root().join("articles/2017")).unwrap();
    std::fs::create_dir_all(repo.root().join("claims/2017")).unwrap();
    git(
        repo.root(),
        &["mv", "articles/a.txt", "articles/2017/a.txt"],
    );
    git(repo.root(), &["mv", "claims/a.yaml", "claims/2017/a.yaml"]);
    repo.write(
        "claims/2017/a.yaml",
        &A_YAML.replace("stance: supports", "stance: unsure"),
    );
    repo.commit("moved into 2017/, stance corrected");
    let json = repo.diff_json(&["HEAD~1", "--to", "HEAD"], 0);
    assert_summary(&json, &[("articles_renamed", 1), ("claims_changed", 1)]);
    assert_eq!(
        json["renamed"],
        json!([{
            "from": "claims/a.yaml",
            "to": "claims/2017/a.yaml",
            "article_from": "articles/a.txt",
            "article_to": "articles/2017/a.txt",
        }]),
        "{json:#}"
    );
    let changed = &group(&json, BRIDGE)["claims_changed"];
    assert_eq!(changed[0]["ref"], "2017/a#pledge", "{json:#}");
    assert_eq!(
        changed[0]["changes"],
        json!([{"field": "stance", "from": "supports", "to": "unsure"}]),
        "{json:#}"
    );
}

/// A rename of one side of a reversal is not "a reversal gone, a new one".
#[test]
fn renaming_an_article_in_a_reversal_is_not_a_new_reversal() {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("b", B_TXT, B_YAML)]);
    git(
        repo.root(),
        &["mv", "articles/a.txt", "articles/renamed.txt"],
    );
    git(repo.root(), &["mv", "claims/a.yaml", "claims/renamed.yaml"]);
    repo.commit("rename");
    let json = repo.diff_json(&["HEAD~1", "--to", "HEAD"], 0);
    assert_one_rename(&json);
    let r = repo.diff(&["HEAD~1", "--to", "HEAD", "--fail-on", "reversal"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
}

// ---------------------------------------------------------------------------
// 5. Errors on either side: exit 1, the old side's not reported as the new one's.

#[test]
fn errors_in_the_base_are_counted_not_reported_as_the_changes() {
    let broken = "published: 2017-03\nclaims:\n  - id: tunnel\n    claim: \"The tunnel will close\n    stance: supports\n";
    let repo = Repo::with(&[
        ("articles/a.txt", A_TXT),
        ("claims/a.yaml", A_YAML),
        ("articles/c.txt", C_TXT),
        ("claims/c.yaml", broken),
    ]);
    // The change fixes the broken file.
    repo.write("claims/c.yaml", C_YAML);
    let check = run(repo.root(), &["check"]);
    assert_eq!(check.code, 0, "the work tree is clean: {}", check.stderr);

    let r = repo.diff(&["HEAD", "--format", "json"]);
    assert_eq!(r.code, 1, "either side has errors: {}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("stdout is still JSON ({e}):\n{}", r.stdout));
    assert_eq!(json["from"]["errors"], 1, "{json:#}");
    assert_eq!(json["to"]["errors"], 0, "{json:#}");
    // The base's problem is not shown as one of the change's, at file:line.
    assert!(!r.stderr.contains("error[yaml-syntax]"), "{}", r.stderr);
    assert!(
        !reports_problem_at(&r.stderr, "claims/c.yaml"),
        "{}",
        r.stderr
    );
    // But the base's error count is.
    assert!(r.stderr.contains("1 error"), "{}", r.stderr);

    // The same in the other formats: output on stdout, exit 1.
    let r = repo.diff(&["HEAD"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stdout.is_empty());
    assert!(!r.stderr.contains("error[yaml-syntax]"), "{}", r.stderr);
    let r = repo.diff(&["HEAD", "--format", "markdown"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(first_line(&r.stdout), "<!-- claimtrack-diff -->");
}

#[test]
fn an_error_the_change_brings_is_reported_and_exits_1() {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, C_YAML)]);
    repo.write(
        "claims/c.yaml",
        &C_YAML.replace(
            "quote: The tunnel will close for good",
            "quote: Ferries are cheaper than bridges",
        ),
    );
    let r = repo.diff(&["HEAD", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("stdout is still JSON ({e}):\n{}", r.stdout));
    assert_eq!(json["from"]["errors"], 0, "{json:#}");
    assert_eq!(json["to"]["errors"], 1, "{json:#}");
    assert!(
        reports_problem_at(&r.stderr, "claims/c.yaml"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("error[quote-not-found]"), "{}", r.stderr);

    // A new YAML syntax error likewise.
    repo.write("claims/c.yaml", "published: 2017-03\nclaims: [\n");
    let r = repo.diff(&["HEAD"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        reports_problem_at(&r.stderr, "claims/c.yaml"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("error[yaml-syntax]"), "{}", r.stderr);
}

#[test]
fn an_unannotated_new_article_is_an_error_of_the_change() {
    let repo = repo_of(&[("a", A_TXT, A_YAML)]);
    repo.write("articles/new.txt", D_TXT);
    let json = repo.diff_json(&["HEAD"], 1);
    assert_eq!(json["to"]["errors"], 1, "{json:#}");
    let r = repo.diff(&["HEAD"]);
    assert!(r.stderr.contains("missing-annotation"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// 6. Usage and git errors: exit 2.

#[test]
fn an_unknown_revision_is_a_usage_error() {
    let repo = repo_of(&[("a", A_TXT, A_YAML)]);
    let r = repo.diff(&["no-such-rev"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("no-such-rev"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let r = repo.diff(&["HEAD", "--to", "no-such-rev", "--format", "json"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    // HEAD~1 of the first commit does not exist.
    let r = repo.diff(&["HEAD~1"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    // No revision at all.
    let r = repo.diff(&[]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    // An unknown --fail-on kind or format.
    let r = repo.diff(&["HEAD", "--fail-on", "everything"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    let r = repo.diff(&["HEAD", "--format", "nonsense"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
}

#[test]
fn a_revision_named_like_an_option_is_not_given_to_git_as_one() {
    let repo = repo_of(&[("a", A_TXT, A_YAML)]);
    let out = tempfile::tempdir().unwrap();
    let target: PathBuf = out.path().join("x");
    let option = format!("--output={}", target.display());
    let to_option = format!("--to={option}");
    for args in [
        vec!["--", option.as_str()],
        vec!["HEAD", to_option.as_str()],
    ] {
        let r = repo.diff(&args);
        assert_eq!(r.code, 2, "diff {args:?}: {}\n{}", r.stdout, r.stderr);
        assert!(!target.exists(), "diff {args:?} made git write {target:?}");
    }
    // A revision such as `-n` or `--all`, likewise.
    for rev in ["--all", "-n"] {
        let r = repo.diff(&["--", rev]);
        assert_eq!(r.code, 2, "diff -- {rev}: {}\n{}", r.stdout, r.stderr);
    }
}

#[test]
fn a_corpus_outside_a_git_repository_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::create_dir_all(dir.path().join("claims")).unwrap();
    std::fs::write(dir.path().join("articles/a.txt"), A_TXT).unwrap();
    std::fs::write(dir.path().join("claims/a.yaml"), A_YAML).unwrap();
    let r = run(dir.path(), &["diff", "HEAD"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(!r.stderr.is_empty());
}

// ---------------------------------------------------------------------------
// 7. The work tree is never touched.

/// Every file under `root` but `.git/`: its modification time and contents.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (SystemTime, Vec<u8>)> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            (
                e.path().strip_prefix(root).unwrap().to_owned(),
                (meta.modified().unwrap(), std::fs::read(e.path()).unwrap()),
            )
        })
        .collect()
}

fn status(root: &Path) -> String {
    String::from_utf8(git(root, &["status", "--porcelain", "--untracked-files=all"]).stdout)
        .unwrap()
}

#[test]
fn the_work_tree_is_never_touched() {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, C_YAML)]);
    repo.add_article("b", B_TXT, B_YAML);
    git(
        repo.root(),
        &["rm", "-q", "claims/c.yaml", "articles/c.txt"],
    );
    repo.commit("second");
    // Uncommitted changes of every kind: modified, staged, untracked, deleted.
    repo.write("articles/c.txt", C_TXT);
    repo.write("claims/c.yaml", C_YAML);
    git(repo.root(), &["add", "claims/c.yaml"]);
    repo.write(
        "claims/a.yaml",
        &format!("{A_YAML}    note: the crowd cheered\n"),
    );
    std::fs::remove_file(repo.root().join("articles/b.txt")).unwrap();
    std::fs::remove_file(repo.root().join("claims/b.yaml")).unwrap();

    let head = repo.head("HEAD");
    let status_before = status(repo.root());
    let files_before = snapshot(repo.root());
    // Let a rewrite show in the modification times.
    std::thread::sleep(std::time::Duration::from_millis(20));

    for format in ["terminal", "json", "markdown"] {
        for args in [
            vec!["HEAD~1", "--format", format],
            vec!["HEAD~1", "--to", "HEAD", "--format", format],
            vec!["HEAD", "--format", format, "--no-cache"],
        ] {
            let r = repo.diff(&args);
            assert_eq!(r.code, 0, "diff {args:?}: {}", r.stderr);
        }
    }

    assert_eq!(status(repo.root()), status_before);
    assert_eq!(snapshot(repo.root()), files_before);
    assert_eq!(repo.head("HEAD"), head);
    let branch = git(repo.root(), &["symbolic-ref", "HEAD"]).stdout;
    assert_eq!(String::from_utf8(branch).unwrap().trim(), "refs/heads/main");
}

// ---------------------------------------------------------------------------
// 8. Determinism, with and without the cache.

/// A change of several kinds at once: a reversal, a conflict, a removed
/// claim, a changed date.
fn busy_repo() -> Repo {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, C_YAML)]);
    repo.add_article("b", B_TXT, B_YAML);
    repo.add_article("d", D_TXT, D_YAML);
    repo.write("claims/c.yaml", "published: 2017-03\nclaims: []\n");
    repo.write(
        "claims/a.yaml",
        &A_YAML.replace("published: 2017-01", "published: 2017-01-20"),
    );
    repo
}

#[test]
fn the_same_diff_twice_gives_the_same_bytes() {
    let repo = busy_repo();
    for format in ["terminal", "json", "markdown"] {
        let first = repo.diff(&["HEAD", "--format", format]);
        assert_eq!(first.code, 0, "{}", first.stderr);
        assert!(!first.stdout.is_empty());
        let second = repo.diff(&["HEAD", "--format", format]);
        assert_eq!(first.stdout, second.stdout, "--format {format}");
        assert_eq!(first.stderr, second.stderr, "--format {format}");
    }
}

#[test]
fn the_cache_does_not_change_the_diff() {
    let repo = busy_repo();
    repo.commit("busy");
    let cache = tempfile::tempdir().unwrap();
    let with_cache = |args: &[&str]| {
        let mut all = vec!["diff"];
        all.extend_from_slice(args);
        let out = common::claimtrack(repo.root(), &all)
            .env("CLAIMTRACK_CACHE_DIR", cache.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "diff {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    for format in ["terminal", "json", "markdown"] {
        for range in [vec!["HEAD~1"], vec!["HEAD~1", "--to", "HEAD"]] {
            let mut args = range.clone();
            args.extend_from_slice(&["--format", format]);
            let cold = with_cache(&args);
            let warm = with_cache(&args);
            args.push("--no-cache");
            let none = with_cache(&args);
            assert_eq!(cold, warm, "diff {args:?}: cold and warm cache");
            assert_eq!(cold, none, "diff {args:?}: with and without the cache");
        }
    }
    // An edit after the cache was filled is seen.
    repo.write(
        "claims/d.yaml",
        &D_YAML.replace("stance: refutes", "stance: supports"),
    );
    let json = with_cache(&["HEAD~1", "--format", "json"]);
    let json: Value = serde_json::from_slice(&json).unwrap();
    let added = group(&json, BRIDGE)["claims_added"].as_array().unwrap();
    let doubt = added.iter().find(|c| c["ref"] == "d#doubt").unwrap();
    assert_eq!(doubt["stance"], "supports", "{json:#}");
}

// ---------------------------------------------------------------------------
// 9. A removed claim and a changed stance.

#[test]
fn a_removed_claim_and_a_changed_stance() {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, C_YAML)]);
    repo.write("claims/c.yaml", "published: 2017-03\nclaims: []\n");
    repo.write(
        "claims/a.yaml",
        &A_YAML.replace("stance: supports", "stance: refutes"),
    );
    let json = repo.diff_json(&["HEAD"], 0);
    let s = summary(&json);
    assert_eq!(s["claims_removed"], 1, "{json:#}");
    assert_eq!(s["claims_changed"], 1, "{json:#}");
    assert_eq!(s["claims_added"], 0, "{json:#}");
    assert_eq!(s["groups_removed"], 1, "{json:#}");
    assert_eq!(s["reversals_added"], 0, "{json:#}");
    assert_eq!(
        json["headline"], "1 claim removed, 1 claim changed",
        "{json:#}"
    );

    let bridge = group(&json, BRIDGE);
    assert_eq!(bridge["status"], "changed");
    let changed = bridge["claims_changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{bridge:#}");
    assert_eq!(changed[0]["ref"], "a#pledge");
    assert_eq!(changed[0]["article"], "articles/a.txt");
    assert_eq!(
        changed[0]["changes"],
        json!([{"field": "stance", "from": "supports", "to": "refutes"}]),
        "{bridge:#}"
    );

    let tunnel = group(&json, TUNNEL);
    assert_eq!(tunnel["status"], "removed");
    let removed = tunnel["claims_removed"].as_array().unwrap();
    assert_eq!(removed.len(), 1, "{tunnel:#}");
    assert_eq!(removed[0]["ref"], "c#tunnel");
    assert_eq!(removed[0]["speaker"], "Bob Jones");
    assert_eq!(removed[0]["claim"], TUNNEL);
    // Order: the new side's groups, then the removed ones.
    assert_eq!(groups(&json).len(), 2, "{json:#}");
    assert_eq!(groups(&json)[1]["claim"], TUNNEL, "{json:#}");
}

#[test]
fn a_changed_date_speaker_and_quote_are_changes() {
    let repo = repo_of(&[("a", A_TXT, A_YAML)]);
    repo.write(
        "claims/a.yaml",
        &format!(
            "{}    date: 2017-01-07\n",
            A_YAML
                .replace("speaker: Ann Smith", "speaker: Mayor Ann Smith")
                .replace(
                    "quote: The bridge will open in May, you have my word",
                    "quote: you have my word"
                )
        ),
    );
    let json = repo.diff_json(&["HEAD"], 0);
    assert_summary(&json, &[("claims_changed", 1)]);
    let changed = &group(&json, BRIDGE)["claims_changed"][0];
    assert_eq!(changed["ref"], "a#pledge");
    let mut fields: Vec<&str> = changed["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["date", "quote", "speaker"], "{changed:#}");
    let date = changed["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "date")
        .unwrap();
    assert_eq!(date["from"], "2017-01");
    assert_eq!(date["to"], "2017-01-07");
    assert_eq!(json["headline"], "1 claim changed");
}

// ---------------------------------------------------------------------------
// 10. A new conflict.

#[test]
fn a_change_that_creates_a_conflict() {
    let repo = repo_of(&[("a", A_TXT, A_YAML), ("c", C_TXT, C_YAML)]);
    repo.add_article("d", D_TXT, D_YAML);
    let json = repo.diff_json(&["HEAD"], 0);
    let s = summary(&json);
    assert_eq!(s["conflicts_added"], 1, "{json:#}");
    assert_eq!(s["claims_added"], 1, "{json:#}");
    assert_eq!(
        s["reversals_added"], 0,
        "two speakers, no reversal: {json:#}"
    );
    assert_eq!(
        json["headline"], "1 new conflict, 1 claim added in 1 group",
        "{json:#}"
    );
    assert_eq!(groups(&json).len(), 1, "only the bridge changed: {json:#}");
    let g = group(&json, BRIDGE);
    assert_eq!(g["conflict"], json!({"from": false, "to": true}), "{g:#}");
    assert_eq!(
        g["conflict_now"],
        json!({"from": false, "to": true}),
        "{g:#}"
    );
    assert_eq!(g["claims_added"][0]["ref"], "d#doubt");
    assert_eq!(g["claims_added"][0]["speaker"], "Carol White");

    let r = repo.diff(&["HEAD", "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("1 new conflict"), "{}", r.stdout);
    assert!(
        markdown_heading(&r.stdout).contains("1 new conflict"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("New conflicts"), "{}", r.stdout);

    let r = repo.diff(&["HEAD", "--fail-on", "conflict"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("conflict"),
        "the reason on stderr: {}",
        r.stderr
    );
    let r = repo.diff(&["HEAD", "--fail-on", "reversal"]);
    assert_eq!(r.code, 0, "no reversal appears: {}", r.stderr);

    // Carol White comes round: the conflict is resolved again.
    repo.commit("conflict");
    repo.write(
        "claims/d.yaml",
        &D_YAML.replace("stance: refutes", "stance: supports"),
    );
    let json = repo.diff_json(&["HEAD"], 0);
    let s = summary(&json);
    assert_eq!(s["conflicts_removed"], 1, "{json:#}");
    assert_eq!(s["conflicts_added"], 0, "{json:#}");
    assert_eq!(s["claims_changed"], 1, "{json:#}");
    assert!(
        json["headline"]
            .as_str()
            .unwrap()
            .contains("1 conflict resolved"),
        "{json:#}"
    );
}

// ---------------------------------------------------------------------------
// Beyond the brief's list: a corpus in a subfolder of the repository.

#[test]
fn a_corpus_in_a_subfolder_of_the_repository() {
    let repo = Repo::with(&[
        ("README.md", "A newsroom repository.\n"),
        ("news/articles/a.txt", A_TXT),
        ("news/claims/a.yaml", A_YAML),
    ]);
    repo.write("news/articles/b.txt", B_TXT);
    repo.write("news/claims/b.yaml", B_YAML);
    repo.write("README.md", "A newsroom repository, with a change.\n");
    let corpus = repo.root().join("news");
    let r = run(&corpus, &["diff", "HEAD", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_summary(
        &json,
        &[
            ("claims_added", 1),
            ("reversals_added", 1),
            ("verdicts_changed", 1),
        ],
    );
    // Paths in the output are relative to the corpus (--root) ...
    let g = group(&json, BRIDGE);
    assert_eq!(g["claims_added"][0]["article"], "articles/b.txt", "{g:#}");
    assert_eq!(g["reversals_added"][0]["from"], "a#pledge", "{g:#}");
    // ... and links go to the article's path from the repository's top.
    let r = run(
        &corpus,
        &[
            "diff",
            "HEAD",
            "--format",
            "markdown",
            "--link-base",
            "https://github.com/o/r/blob/0123abc/",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("https://github.com/o/r/blob/0123abc/news/articles/b.txt"),
        "{}",
        r.stdout
    );
}

/// The first pull request of a corpus: the base has no corpus yet.
#[test]
fn a_base_before_the_corpus_existed() {
    let repo = Repo::with(&[("README.md", "To be a corpus.\n")]);
    repo.add_article("a", A_TXT, A_YAML);
    repo.add_article("b", B_TXT, B_YAML);
    let json = repo.diff_json(&["HEAD"], 0);
    let s = summary(&json);
    assert_eq!(s["claims_added"], 2, "{json:#}");
    assert_eq!(s["groups_created"], 1, "{json:#}");
    assert_eq!(s["reversals_added"], 1, "{json:#}");
    let g = group(&json, BRIDGE);
    assert_eq!(g["status"], "created");
    assert_eq!(g["was"], json!([]), "{g:#}");
}

// ---------------------------------------------------------------------------
// The Markdown as a pull request shows it.

/// Names with `_` (common in file names) and a revision with one: the
/// comment shows them as they are, in code spans and in links.
#[test]
fn markdown_shows_names_as_they_are() {
    let repo = Repo::with(&[
        ("articles/city_hall/mayor_pledge.txt", A_TXT),
        (
            "claims/city_hall/mayor_pledge.yaml",
            &A_YAML.replace("id: pledge", "id: pledge_1"),
        ),
    ]);
    git(repo.root(), &["branch", "base_line"]);
    repo.write("articles/city_hall/mayor_u_turn.txt", B_TXT);
    repo.write(
        "claims/city_hall/mayor_u_turn.yaml",
        &B_YAML.replace("id: u-turn", "id: u_turn_2"),
    );
    let r = repo.diff(&["base_line", "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_code_spans_literal(&r.stdout);
    assert!(
        r.stdout.contains("`base_line`"),
        "the revision compared: {}",
        r.stdout
    );
    assert!(
        r.stdout.contains("`city_hall/mayor_u_turn#u_turn_2`")
            || r.stdout.contains("`articles/city_hall/mayor_u_turn.txt`"),
        "{}",
        r.stdout
    );

    let r = repo.diff(&[
        "base_line",
        "--format",
        "markdown",
        "--link-base",
        "https://github.com/o/r/blob/0123abc/",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("(https://github.com/o/r/blob/0123abc/articles/city_hall/mayor_u_turn.txt)"),
        "{}",
        r.stdout
    );
}

/// The count of `|` in a table row that are not escaped with `\`.
fn cells(row: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    n
}

/// A quote, a claim and a speaker that try to close the table, the
/// `<details>` block and the comment, inject HTML and mention a user.
#[test]
fn corpus_text_cannot_break_the_comment() {
    let hostile = "Fees | rise </details></summary> --> <script>x</script> @alice **now**";
    let article = format!("Dana Roe wrote to the council: \"{hostile}\".\n");
    let yaml = format!(
        "published: 2018-02\nclaims:\n  - id: fees\n    claim: 'The fee will rise | by 10% </details> -->'\n    stance: supports\n    speaker: Dana Roe @alice\n    quote: '{hostile}'\n"
    );
    let repo = repo_of(&[("a", A_TXT, A_YAML)]);
    repo.add_article("e", &article, &yaml);
    let check = run(repo.root(), &["check"]);
    assert_eq!(check.code, 0, "the corpus is valid: {}", check.stderr);

    for link_base in [None, Some("https://github.com/o/r/blob/0123abc/")] {
        let mut args = vec!["HEAD", "--format", "markdown"];
        if let Some(base) = link_base {
            args.extend_from_slice(&["--link-base", base]);
        }
        let r = repo.diff(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let md = &r.stdout;
        assert_eq!(first_line(md), "<!-- claimtrack-diff -->");
        assert_eq!(
            md.matches("-->").count(),
            1,
            "the comment closes once:\n{md}"
        );
        assert_eq!(
            md.matches("<details>").count(),
            md.matches("</details>").count(),
            "{md}"
        );
        assert_eq!(
            md.matches("<summary>").count(),
            md.matches("</summary>").count(),
            "{md}"
        );
        assert!(md.matches("<details>").count() >= 1, "{md}");
        assert!(!md.contains("<script"), "{md}");
        assert!(!md.contains("@alice"), "no one is mentioned:\n{md}");
        // Every row of a table has as many cells as its header.
        let lines: Vec<&str> = md.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            if lines[i].starts_with('|') {
                let header = cells(lines[i]);
                let mut j = i + 1;
                while j < lines.len() && lines[j].starts_with('|') {
                    assert_eq!(cells(lines[j]), header, "row {:?} in:\n{md}", lines[j]);
                    j += 1;
                }
                i = j;
            } else {
                i += 1;
            }
        }
        // The text itself is still there for the reader.
        assert!(md.contains("Dana Roe"), "{md}");
    }
}

// ---------------------------------------------------------------------------
// A claim that moves from one group to another.

/// Dan Green and Eve Black on the tunnel (April and May 2017).
const E_TXT: &str = "Dan Green, a local driver, agreed with the engineer. \
\"The tunnel will close, everyone knows it,\" he said.\n";
const E_YAML: &str = "\
published: 2017-04
claims:
  - id: green
    claim: The tunnel will close
    stance: supports
    speaker: Dan Green
    quote: The tunnel will close, everyone knows it
";
const F_TXT: &str = "Eve Black runs the cafe by the tunnel. \
\"The tunnel will close and we will lose our customers,\" she said.\n";
const F_YAML: &str = "\
published: 2017-05
claims:
  - id: black
    claim: The tunnel will close
    stance: supports
    speaker: Eve Black
    quote: The tunnel will close and we will lose our customers
";

/// The claims of the diff's `claims_moved_in`, as (group, ref, from_group).
fn moves(json: &Value) -> Vec<(String, String, String)> {
    groups(json)
        .iter()
        .flat_map(|g| {
            g["claims_moved_in"].as_array().unwrap().iter().map(|m| {
                (
                    g["claim"].as_str().unwrap().to_owned(),
                    m["ref"].as_str().unwrap().to_owned(),
                    m["from_group"].as_str().unwrap().to_owned(),
                )
            })
        })
        .collect()
}

/// One of three tunnel claims is reworded onto the bridge: it moves.
#[test]
fn a_claim_that_moves_to_another_group() {
    let repo = repo_of(&[
        ("a", A_TXT, A_YAML),
        ("c", C_TXT, C_YAML),
        ("e", E_TXT, E_YAML),
        ("f", F_TXT, F_YAML),
    ]);
    repo.write(
        "claims/e.yaml",
        &E_YAML.replace(&format!("claim: {TUNNEL}"), &format!("claim: {BRIDGE}")),
    );
    let json = repo.diff_json(&["HEAD"], 0);
    let s = summary(&json);
    assert_eq!(s["claims_moved"], 1, "{json:#}");
    assert_eq!(s["claims_changed"], 1, "{json:#}");
    assert_eq!(s["claims_added"], 0, "{json:#}");
    assert_eq!(s["claims_removed"], 0, "{json:#}");
    assert_eq!(s["groups_created"], 0, "{json:#}");
    assert_eq!(s["groups_removed"], 0, "{json:#}");
    assert_eq!(s["groups_merged"], 0, "{json:#}");
    assert_eq!(
        moves(&json),
        [(BRIDGE.to_owned(), "e#green".to_owned(), TUNNEL.to_owned())],
        "{json:#}"
    );
    assert!(
        json["headline"].as_str().unwrap().contains("1 claim moved"),
        "{json:#}"
    );
}

/// The same move out of a group of two: the claim reworded is the one that
/// moved, not the one that stayed where it was.
#[test]
fn a_claim_that_moves_out_of_a_group_of_two() {
    let repo = repo_of(&[
        ("a", A_TXT, A_YAML),
        ("c", C_TXT, C_YAML),
        ("e", E_TXT, E_YAML),
    ]);
    repo.write(
        "claims/e.yaml",
        &E_YAML.replace(&format!("claim: {TUNNEL}"), &format!("claim: {BRIDGE}")),
    );
    let json = repo.diff_json(&["HEAD"], 0);
    let s = summary(&json);
    assert_eq!(s["claims_changed"], 1, "{json:#}");
    assert_eq!(s["claims_added"], 0, "{json:#}");
    assert_eq!(s["claims_removed"], 0, "{json:#}");
    // Bob Jones's claim is where it was: in the tunnel group.
    for (group, reference, from) in moves(&json) {
        assert_ne!(
            group, from,
            "{reference} moved into its own group: {json:#}"
        );
        assert_ne!(reference, "c#tunnel", "{json:#}");
    }
    assert_eq!(
        moves(&json),
        [(BRIDGE.to_owned(), "e#green".to_owned(), TUNNEL.to_owned())],
        "{json:#}"
    );
}

/// A commit's files with odd names are read; a link in a commit is not
/// followed but is an error on that side, never silently left out.
#[test]
fn odd_names_in_a_commit_are_read_and_links_are_errors() {
    let repo = repo_of(&[("a", A_TXT, A_YAML)]);
    repo.add_article("new\nline", B_TXT, B_YAML);
    std::os::unix::fs::symlink("/etc/passwd", repo.root().join("articles/link.txt")).unwrap();
    repo.commit("odd names");
    let json = repo.diff_json(&["HEAD~1", "--to", "HEAD"], 1);
    let s = summary(&json);
    assert_eq!(
        (s["claims_added"], s["reversals_added"]),
        (1, 1),
        "{json:#}"
    );
    assert_eq!(json["to"]["errors"], 1, "{json:#}");
    let r = repo.diff(&["HEAD~1", "--to", "HEAD"]);
    assert!(r.stderr.contains("articles/link.txt"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("root:"),
        "nothing of the link's target is read: {}",
        r.stderr
    );
    assert!(
        !r.stdout.contains("new\nline"),
        "a name stays on one line: {}",
        r.stdout
    );
}
