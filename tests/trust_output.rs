//! A hostile corpus repository cannot make `check --changed-since` hand git
//! an option or run a program its configuration names, and nothing read
//! from a corpus reaches the terminal as an escape sequence.

mod common;

use common::git;

use std::process::Command;

/// A file name that, printed raw, retitles the terminal window and clears
/// the screen.
const EVIL: &str = "evil\u{1b}]0;pwned\u{7}\u{1b}[2J";

/// The `check/valid` corpus and an unannotated article, `old.txt`,
/// committed as the first commit of a new repository.
fn committed_corpus() -> tempfile::TempDir {
    let dir = common::scratch_copy("check/valid");
    std::fs::write(dir.path().join("articles/old.txt"), "An old article.\n").unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "start"]);
    dir
}

/// Files named in `check --format github` output.
fn github_files(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .map(|l| l.split("file=").nth(1).unwrap().split(',').next().unwrap())
        .collect()
}

#[test]
fn a_ref_named_like_an_option_is_read_as_a_ref_and_writes_no_file() {
    let dir = committed_corpus();
    let root = dir.path();
    // No folder of the path may start with a dot, or git refuses the name.
    let elsewhere = tempfile::Builder::new()
        .prefix("claimtrack-out")
        .tempdir_in(std::env::temp_dir())
        .unwrap();
    assert!(!elsewhere.path().to_str().unwrap().contains("/."));
    let target = elsewhere.path().join("pwned");
    let rev = format!("--output={}", target.display());
    git(root, &["update-ref", &format!("refs/heads/{rev}"), "HEAD"]);
    std::fs::write(root.join("articles/new.txt"), "A new article.\n").unwrap();

    let r = common::run(
        root,
        &[
            "check",
            "--format",
            "github",
            &format!("--changed-since={rev}"),
        ],
    );
    assert!(!target.exists(), "git wrote {}", target.display());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(github_files(&r.stdout), ["articles/new.txt"]);

    // Named like an option and no ref at all: refused, nothing written.
    let missing = elsewhere.path().join("also-pwned");
    let rev = format!("--output={}", missing.display());
    let r = common::run(root, &["check", &format!("--changed-since={rev}")]);
    assert!(!missing.exists(), "git wrote {}", missing.display());
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&format!("`{rev}` is not a revision")),
        "{}",
        r.stderr
    );
}

#[test]
fn programs_named_in_the_repository_configuration_do_not_run() {
    let dir = committed_corpus();
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    let marker = outside.path().join("ran");
    let hook = outside.path().join("hook.sh");
    std::fs::write(
        &hook,
        format!("#!/bin/sh\necho \"$0 $*\" >> '{}'\ncat\n", marker.display()),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&hook).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&hook, perms).unwrap();
    let hook = hook.to_str().unwrap();
    for (key, value) in [
        ("core.fsmonitor", hook),
        ("filter.x.clean", hook),
        ("filter.x.process", hook),
        ("filter.x.required", "true"),
        ("diff.external", hook),
        ("diff.x.textconv", hook),
        ("core.pager", hook),
    ] {
        git(root, &["config", key, value]);
    }
    std::fs::write(root.join(".gitattributes"), "*.txt filter=x diff=x\n").unwrap();
    std::fs::write(root.join("articles/old.txt"), "Changed.\n").unwrap();
    std::fs::write(root.join("articles/new.txt"), "A new article.\n").unwrap();

    let r = common::run(
        root,
        &["check", "--format", "github", "--changed-since", "HEAD"],
    );
    assert!(
        !marker.exists(),
        "ran: {}",
        std::fs::read_to_string(&marker).unwrap()
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        github_files(&r.stdout),
        ["articles/new.txt", "articles/old.txt"]
    );

    // The set-up is real: git itself runs them (and then fails, as the
    // hook speaks none of their protocols).
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["diff", "--name-only", "HEAD"])
        .output()
        .unwrap();
    assert!(marker.exists(), "the test repository runs no program");
}

#[test]
fn the_callers_git_variables_do_not_point_git_at_another_repository() {
    let dir = committed_corpus();
    let root = dir.path();
    std::fs::write(root.join("articles/new.txt"), "A new article.\n").unwrap();
    // Another repository, where `new.txt` is committed and HEAD~1 is unknown.
    let other = committed_corpus();
    std::fs::write(other.path().join("articles/new.txt"), "A new article.\n").unwrap();
    git(other.path(), &["add", "."]);
    git(other.path(), &["commit", "-q", "-m", "new"]);

    let out = common::claimtrack(
        root,
        &["check", "--format", "github", "--changed-since", "HEAD"],
    )
    .env("GIT_DIR", other.path().join(".git"))
    .env("GIT_WORK_TREE", other.path())
    .env("GIT_INDEX_FILE", other.path().join(".git/index"))
    .output()
    .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(github_files(&stdout), ["articles/new.txt"]);
}

/// Removes the renderer's own styles (SGR sequences, `ESC [ digits m`).
fn without_styles(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let params = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            // Not a style: keep it, for the assertion to find.
            out.push_str("\u{1b}[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Asserts `text` holds no byte a terminal acts on (ESC, BEL, C1 CSI) other
/// than claimtrack's own styles, and names the evil file visibly.
#[track_caller]
fn assert_inert(what: &str, text: &str) {
    let text = without_styles(text);
    assert!(
        !text.contains(['\u{1b}', '\u{7}', '\u{9b}']),
        "{what} passes a control through: {text:?}"
    );
}

/// `check/valid` plus an annotation file whose article does not exist and
/// whose name holds escape sequences.
fn corpus_with_an_evil_orphan() -> tempfile::TempDir {
    let dir = common::scratch_copy("check/valid");
    std::fs::copy(
        dir.path().join("claims/library.yaml"),
        dir.path().join(format!("claims/{EVIL}\u{9b}1m.yaml")),
    )
    .unwrap();
    dir
}

#[test]
fn check_shows_an_evil_file_name_without_its_escape_sequences() {
    let dir = corpus_with_an_evil_orphan();
    for color in ["never", "always"] {
        for format in ["human", "github", "json"] {
            let r = common::run(dir.path(), &["--color", color, "check", "--format", format]);
            assert_eq!(r.code, 1, "{}", r.stderr);
            assert_inert(&format!("check --format {format} (stdout)"), &r.stdout);
            assert_inert(&format!("check --format {format} (stderr)"), &r.stderr);
            if format != "json" {
                // Shown, with the controls as visible symbols.
                assert!(
                    r.stdout
                        .contains("claims/evil\u{241B}]0;pwned\u{2407}\u{241B}[2J"),
                    "{}",
                    r.stdout
                );
            }
        }
    }
}

#[test]
fn report_shows_evil_names_speakers_and_quotes_inert() {
    let dir = common::scratch_copy("check/valid");
    let root = dir.path();
    std::fs::write(
        root.join(format!("articles/{EVIL}.txt")),
        "She said: \"The library will reopen \u{1b}[2J in May.\"\n",
    )
    .unwrap();
    // YAML's "\e" is ESC: a speaker and a quote (found in the article) with
    // escape sequences.
    std::fs::write(
        root.join(format!("claims/{EVIL}.yaml")),
        "published: 2021-03-04\nclaims:\n  - id: e\n    claim: The Northgate library reopens in May\n    \
         stance: refutes\n    speaker: \"Mayor Jane Doe\\e]0;pwned\\a\"\n    \
         quote: \"The library will reopen \\e[2J in May.\"\n",
    )
    .unwrap();
    // A broken annotation file with an evil name: listed on stderr.
    std::fs::write(root.join(format!("claims/{EVIL}2.yaml")), "claims: [\n").unwrap();

    for format in ["table", "markdown", "json"] {
        let r = common::run(root, &["--color", "always", "report", "--format", format]);
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        if format == "json" {
            // The same data, the controls escaped.
            assert_inert("report --format json", &r.stdout);
            let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
            assert!(r.stdout.contains("pwned\\u0007"), "{}", r.stdout);
            assert!(
                report
                    .to_string()
                    .contains("The library will reopen \\u001b[2J in May.")
            );
            continue;
        }
        assert_inert(&format!("report --format {format} (stdout)"), &r.stdout);
        assert_inert(&format!("report --format {format} (stderr)"), &r.stderr);
        assert!(r.stdout.contains("2 claims"), "{}", r.stdout);
        assert!(r.stdout.contains("pwned"), "{}", r.stdout);
        assert!(
            r.stderr
                .contains("claims/evil\u{241B}]0;pwned\u{2407}\u{241B}[2J2.yaml"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn new_shows_an_evil_article_name_and_date_inert() {
    let dir = common::scratch_copy("check/valid");
    let root = dir.path();
    std::fs::write(
        root.join(format!("articles/{EVIL}.txt")),
        "Published \u{1b}[2J 2021-03-04.\nShe said: \"Ready \u{1b}[2J now.\"\n",
    )
    .unwrap();
    let r = common::run(root, &["--color", "always", "new"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_inert("new (stderr)", &r.stderr);
    assert_inert("new (stdout)", &r.stdout);
    assert!(
        r.stderr.contains("wrote claims/evil\u{241B}]0;pwned"),
        "{}",
        r.stderr
    );
}

#[test]
fn add_shows_article_text_near_a_missing_quote_inert() {
    let dir = common::scratch_copy("check/valid");
    let root = dir.path();
    let article = format!("articles/{EVIL}.txt");
    std::fs::write(
        root.join(&article),
        "Mayor Jane Doe said: \"The Northgate library \u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m \
         will reopen in May.\"\n",
    )
    .unwrap();
    let args = [
        "--color",
        "always",
        "add",
        &article,
        "--claim",
        "The library reopens in June",
        "--stance",
        "supports",
        "--speaker",
        "Mayor Jane Doe",
        "--quote",
        "The Northgate library will reopen in June",
        "--published",
        "2021-03-02",
    ];
    let r = common::run(root, &args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("quote-not-found"), "{}", r.stderr);
    assert!(
        r.stderr.contains("closest passage") && r.stderr.contains("\u{241B}]0;pwned"),
        "{}",
        r.stderr
    );
    assert_inert("add (stderr)", &r.stderr);
    assert_inert("add (stdout)", &r.stdout);
}

/// A corpus of one claim whose quote is one word of `chars` characters.
fn corpus_with_a_long_word(chars: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let word: String = "abcdefghij".chars().cycle().take(chars).collect();
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::create_dir_all(dir.path().join("claims")).unwrap();
    std::fs::write(
        dir.path().join("articles/a.txt"),
        format!("Ann Lee said: \"{word}\" yesterday.\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("claims/a.yaml"),
        format!(
            "published: 2021-03-04\nclaims:\n  - id: x\n    claim: The bridge opens\n    \
             stance: supports\n    speaker: Ann Lee\n    quote: {word}\n"
        ),
    )
    .unwrap();
    dir
}

/// Every report format on a quote of one `chars`-character word finishes
/// (comfy-table alone took seconds on 300,000 characters and did not finish
/// on 16 MiB); the table shows the start of it in short lines.
fn report_finishes_on_a_long_word(chars: usize) {
    let dir = corpus_with_a_long_word(chars);
    for format in ["table", "markdown", "html", "json"] {
        let out = common::claimtrack(dir.path(), &["report", "--format", format])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "report --format {format}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        if format == "table" {
            // Cut to 2,000 characters, the last one "…".
            let quote: String = stdout
                .lines()
                .filter(|l| l.starts_with('│'))
                .skip(1) // the column names
                .filter_map(|l| l.rsplit('┆').next())
                .flat_map(|cell| cell.trim_end_matches('│').trim().chars())
                .collect();
            assert_eq!(quote.chars().count(), 2_000, "{stdout}");
            assert!(stdout.contains("abcdefghi…"), "{stdout}");
            assert!(stdout.len() < 20_000, "{} bytes", stdout.len());
            assert!(stdout.lines().all(|l| l.chars().count() <= 120));
        } else {
            // The other formats carry the whole quote.
            assert!(stdout.len() > chars, "{format}: {} bytes", stdout.len());
        }
    }
}

#[test]
fn report_finishes_on_a_quote_of_one_long_word() {
    report_finishes_on_a_long_word(300_000);
    report_finishes_on_a_long_word(4 << 20);
}

#[test]
fn report_finishes_on_a_quote_of_one_16_mib_word() {
    // Writes and reads 32 MiB four times: run with CLAIMTRACK_SLOW_TESTS=1.
    if std::env::var_os("CLAIMTRACK_SLOW_TESTS").is_none() {
        return;
    }
    // The annotation file must stay under the 16 MiB default limit.
    report_finishes_on_a_long_word((16 << 20) - 200);
}

#[test]
fn check_shows_a_problem_on_a_very_long_line_briefly() {
    let dir = corpus_with_a_long_word(4 << 20);
    std::fs::write(dir.path().join("articles/a.txt"), "Nothing here.\n").unwrap();
    let out = common::claimtrack(dir.path(), &["check"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("--> claims/a.yaml:7:12"), "{stdout}");
    assert!(stdout.contains("7 | "), "{stdout}");
    assert!(stdout.len() < 2_000, "{} bytes", stdout.len());
}

/// `core.worktree` in the repository's configuration naming a folder
/// outside it: git is still told the corpus's own work tree, so the files
/// outside are neither listed nor read.
#[test]
fn a_work_tree_named_in_the_repository_configuration_is_not_used() {
    let dir = committed_corpus();
    let root = dir.path();
    std::fs::write(root.join("articles/new.txt"), "A new article.\n").unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(elsewhere.path().join("articles")).unwrap();
    std::fs::write(elsewhere.path().join("articles/outside.txt"), "Outside.\n").unwrap();
    git(
        root,
        &[
            "config",
            "core.worktree",
            &elsewhere.path().display().to_string(),
        ],
    );
    let r = common::run(
        root,
        &["check", "--format", "github", "--changed-since", "HEAD"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(github_files(&r.stdout), ["articles/new.txt"]);
}
