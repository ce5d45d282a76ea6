//! What claimtrack writes, claimtrack reads: `new`, `add` and `import`
//! write YAML that `check` reads back as written, refuse or skip what could
//! never become a valid annotation, and read their inputs bounded.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{claimtrack, fixture, run};

/// A corpus in a temporary folder with the given articles.
fn corpus(articles: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in articles {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    dir
}

/// The codes of the problems `check --format json` reports.
fn check_codes(root: &Path) -> Vec<String> {
    let r = run(root, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} {}", r.stdout, r.stderr));
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{} {}: {}", p["code"], p["file"], p["message"]))
        .collect()
}

/// Problems that mean the file could not be read as written.
fn unreadable(codes: &[String]) -> Vec<&String> {
    codes
        .iter()
        .filter(|c| {
            ["yaml-syntax", "schema", "bad-date", "unreadable"]
                .iter()
                .any(|k| c.starts_with(&format!("\"{k}\"")))
        })
        .collect()
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// `claimtrack ARGS` in `root`, killed after 20 s: a command that waits on
/// a FIFO fails the test instead of hanging it.
fn run_briefly(root: &Path, args: &[&str]) -> (i32, String, Duration) {
    let started = Instant::now();
    let out = claimtrack(root, args)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn new_writes_a_year_as_title_and_raw_controls_so_that_check_reads_them() {
    let dir = corpus(&[(
        "articles/a.txt",
        "2015\nSeptember 29, 2016\nShe said \"we will\u{7F} open \u{9B}the bridge\u{FFFE} soon\u{85}now\".\n",
    )]);
    let r = run(dir.path(), &["new"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let yaml = std::fs::read_to_string(dir.path().join("claims/a.yaml")).unwrap();
    assert!(yaml.contains("title: \"2015\"\n"), "{yaml}");
    assert!(
        !yaml.contains(['\u{7F}', '\u{9B}', '\u{FFFE}', '\u{85}']),
        "controls are escaped, even in comments: {yaml:?}"
    );
    let codes = check_codes(dir.path());
    assert!(unreadable(&codes).is_empty(), "{yaml}\n{codes:?}");
}

#[test]
fn add_writes_quotes_with_del_c1_and_noncharacters_that_check_finds() {
    let quote = "we\u{7F} are \u{9B}ready\u{FFFE} now";
    let dir = corpus(&[(
        "articles/a.txt",
        "Ann Smith spoke on 2020-05-01.\nShe said: we\u{7F} are \u{9B}ready\u{FFFE} now. Then 2015.\n",
    )]);
    let root = dir.path();
    let add = |claim: &str, quote: &str| {
        run(
            root,
            &[
                "add",
                "articles/a.txt",
                "--claim",
                claim,
                "--stance",
                "supports",
                "--speaker",
                "Ann Smith",
                "--quote",
                quote,
            ],
        )
    };
    // Creating the file, then adding to its block list.
    let r = add("The library is ready", quote);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = add("2015", "Then 2015");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let yaml = std::fs::read_to_string(root.join("claims/a.yaml")).unwrap();
    assert!(
        yaml.contains("quote: \"we\\u007F are \\u009Bready\\uFFFE now\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("claim: \"2015\"\n"), "{yaml}");
    let r = run(root, &["check"]);
    assert_eq!(r.code, 0, "{yaml}\n{}", r.stdout);

    // And to a flow list.
    std::fs::write(root.join("claims/a.yaml"), "published: 2020\nclaims: []\n").unwrap();
    let r = add("The library is ready", quote);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(root, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn add_refuses_a_quote_with_no_visible_text() {
    let dir = corpus(&[("articles/a.txt", "2020-05-01\nShe said \u{200B}it.\n")]);
    for quote in ["\u{200B}", "\u{2060} \u{FEFF}", "\u{7F}\u{9B}", " \t"] {
        let r = run(
            dir.path(),
            &[
                "add",
                "articles/a.txt",
                "--claim",
                "c",
                "--stance",
                "unsure",
                "--speaker",
                "s",
                "--quote",
                quote,
            ],
        );
        assert_eq!(r.code, 2, "{quote:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("--quote has no visible text")
                || r.stderr.contains("--quote is empty"),
            "{quote:?}: {}",
            r.stderr
        );
        assert!(!dir.path().join("claims").exists(), "nothing written");
    }
}

#[test]
fn add_refuses_hidden_articles_and_paths_out_of_articles() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.txt"), "2020-05-01\nWe are ready.\n").unwrap();
    let dir = corpus(&[
        ("articles/.hidden/x.txt", "2020-05-01\nWe are ready.\n"),
        ("articles/.x.txt", "2020-05-01\nWe are ready.\n"),
        ("articles/ok/.y.txt", "2020-05-01\nWe are ready.\n"),
        ("README.txt", "2020-05-01\nWe are ready.\n"),
    ]);
    let root = dir.path();
    std::os::unix::fs::symlink(outside.path(), root.join("articles/linked")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("x.txt"), root.join("articles/out.txt"))
        .unwrap();
    std::os::unix::fs::symlink(root.join("README.txt"), root.join("articles/readme.txt")).unwrap();
    let outside_abs = outside.path().join("x.txt").to_string_lossy().into_owned();
    let readme_abs = root.join("README.txt").to_string_lossy().into_owned();
    for (article, says) in [
        ("articles/.hidden/x.txt", "hidden"),
        ("articles/.x.txt", "hidden"),
        ("articles/ok/.y.txt", "hidden"),
        ("./articles/.x.txt", "hidden"),
        ("articles/linked/x.txt", "links to folders are not followed"),
        ("articles/out.txt", "leads outside articles/"),
        ("articles/readme.txt", "leads outside articles/"),
        ("articles/../README.txt", "contains `..`"),
        ("README.txt", "not inside articles/"),
        (outside_abs.as_str(), "not inside articles/"),
        (readme_abs.as_str(), "not inside articles/"),
    ] {
        let r = run(
            root,
            &[
                "add",
                article,
                "--claim",
                "c",
                "--stance",
                "unsure",
                "--speaker",
                "s",
                "--quote",
                "We are ready",
            ],
        );
        assert_eq!(r.code, 2, "{article}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{article}: {}", r.stderr);
        assert!(!root.join("claims").exists(), "{article}: nothing written");
        assert!(!outside.path().join("claims").exists());
    }
    let r = run(root, &["new", "articles/.hidden/x.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("hidden"), "{}", r.stderr);
}

/// An Emergent-like CSV row.
fn row(n: usize, headline: &str, id: &str) -> String {
    let quoted = headline.replace('"', "\"\"");
    format!(
        "{n},A claim,\"{quoted}\",for,{id},8faeb4b0-c41b-11e4-88c9-eb158a06b9a5,http://example.com/2015/03/05/story,example.com,unknown,1,1,1\n"
    )
}

const HEADER: &str = ",claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId,url,source,claimTruth,claimCount,articleCount,sourceCount\n";

#[test]
fn import_skips_rows_that_could_never_pass_check_and_writes_the_rest_readably() {
    let tmp = tempfile::tempdir().unwrap();
    // 6 MiB of headline is 18 MiB of annotation (title, claim and quote),
    // over the 16 MiB that `check` reads.
    let huge = "word ".repeat(6 << 20 >> 2);
    let ids = [
        "116a3920-c41c-11e4-883c-a7fa7a3c5066",
        "216a3920-c41c-11e4-883c-a7fa7a3c5066",
        "316a3920-c41c-11e4-883c-a7fa7a3c5066",
        "416a3920-c41c-11e4-883c-a7fa7a3c5066",
        "516a3920-c41c-11e4-883c-a7fa7a3c5066",
    ];
    let csv = [
        HEADER.to_owned(),
        row(0, "2015", ids[0]),
        row(1, "\u{200B}\u{2060}\u{FEFF}", ids[1]),
        row(
            2,
            "Raw\u{7F} controls\u{9B} and\u{FFFE} a NEL\u{85}here",
            ids[2],
        ),
        row(3, &huge, ids[3]),
        row(4, "\u{7F}\u{9F}", ids[4]),
    ]
    .concat();
    std::fs::write(tmp.path().join("rows.csv"), csv).unwrap();
    let out = tmp.path().join("out");
    let r = run(
        tmp.path(),
        &[
            "import",
            "emergent",
            "rows.csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for why in [
        "rows.csv:3: the headline has no visible text",
        "rows.csv:6: the headline has no visible text",
        &format!("skipped {}: the annotation file would be", ids[3]),
        "over the limit of 16777216 bytes that `check` reads",
        "imported 2 articles, 2 claims",
    ] {
        assert!(r.stderr.contains(why), "{why}: {}", r.stderr);
    }
    for skipped in [ids[1], ids[3], ids[4]] {
        assert!(!out.join(format!("claims/{skipped}.yaml")).exists());
        assert!(!out.join(format!("articles/{skipped}.txt")).exists());
    }
    let yaml = std::fs::read_to_string(out.join(format!("claims/{}.yaml", ids[0]))).unwrap();
    assert!(yaml.contains("title: \"2015\"\n"), "{yaml}");
    let r = run(&out, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let gold = std::fs::read_to_string(out.join("gold.tsv")).unwrap();
    assert_eq!(gold.lines().count(), 2, "{gold}");
}

#[test]
fn import_and_eval_refuse_devices_and_fifos_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    mkfifo(&root.join("fifo.csv"));
    let out = root.join("out");
    let out = out.to_str().unwrap();
    let excerpt = fixture("datasets/emergent/edata-excerpt.csv");
    let excerpt = excerpt.to_str().unwrap();
    for args in [
        vec!["import", "emergent", "/dev/zero", "--out", out],
        vec!["import", "emergent", "fifo.csv", "--out", out],
        vec![
            "import", "emergent", excerpt, "--split", "fifo.csv", "--out", out,
        ],
    ] {
        let (code, stderr, took) = run_briefly(root, &args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains("is not a regular file"),
            "{args:?}: {stderr}"
        );
        assert!(took < Duration::from_secs(10), "{args:?}: {took:?}");
        assert!(!Path::new(out).exists());
    }
    let (code, stderr, _) = run_briefly(root, &["import", "rumoureval", "/dev/zero", "--out", out]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is not a folder"), "{stderr}");
}

/// A copy of the RumourEval excerpt to change.
fn rumoureval_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    common::copy_dir(&fixture("datasets/rumoureval"), &data);
    (tmp, data)
}

#[test]
fn rumoureval_skips_invisible_and_unreadable_tweets_and_refuses_a_fifo_of_labels() {
    let (tmp, data) = rumoureval_copy();
    let thread = data.join("train/charliehebdo/552783667052167168");
    // A reply whose text is only invisible characters, and one that is a FIFO.
    let reply = thread.join("replies/552789345628069888.json");
    let mut tweet: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&reply).unwrap()).unwrap();
    tweet["text"] = "\u{200B}\u{2060}".into();
    std::fs::write(&reply, tweet.to_string()).unwrap();
    let fifo = thread.join("replies/552786226546495488.json");
    std::fs::remove_file(&fifo).unwrap();
    mkfifo(&fifo);
    let out = tmp.path().join("out");
    let (code, stderr, took) = run_briefly(
        tmp.path(),
        &[
            "import",
            "rumoureval",
            "data",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert!(
        stderr.contains("#552789345628069888: the tweet has no visible text"),
        "{stderr}"
    );
    assert!(
        stderr.contains("552786226546495488.json: is not a regular file"),
        "{stderr}"
    );
    let r = run(&out, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);

    // The labels as a FIFO: refused, not waited on.
    let labels = walkdir::WalkDir::new(&data)
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.file_name() == "subtaskA.json")
        .unwrap()
        .into_path();
    std::fs::remove_file(&labels).unwrap();
    mkfifo(&labels);
    let (code, stderr, took) = run_briefly(
        tmp.path(),
        &["import", "rumoureval", "data", "--out", "out2"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("subtaskA.json: it is not a regular file"),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
}

/// `eval --gold` with a FIFO or a device: the gold is read bounded
/// (`claimtrack::eval::read_gold_file`), so neither hangs nor fills memory.
#[test]
fn eval_refuses_a_gold_that_is_no_regular_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    mkfifo(&root.join("gold.tsv"));
    let (code, stderr, took) = run_briefly(root, &["eval"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}
