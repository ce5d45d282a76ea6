//! `import emergent`, `import rumoureval` and `eval` on small excerpts of
//! the real datasets (tests/fixtures/datasets/; see its README).

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use common::{fixture, run};

fn dataset(path: &str) -> String {
    fixture("datasets")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

/// Every file under `dir`, relative, with its bytes.
fn files(dir: &Path) -> HashMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// `claimtrack import ARGS... --out DIR/NAME`, run in DIR: the corpus
/// folder and what the command printed.
fn import(dir: &Path, name: &str, args: &[&str]) -> (std::path::PathBuf, common::Run) {
    let out = dir.join(name);
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", out.to_str().unwrap()]);
    let ran = run(dir, &all);
    (out, ran)
}

fn gold(dir: &Path) -> HashMap<String, String> {
    std::fs::read_to_string(dir.join("gold.tsv"))
        .unwrap()
        .lines()
        .map(|l| {
            let (r, g) = l.split_once('\t').unwrap();
            (r.to_owned(), g.to_owned())
        })
        .collect()
}

#[test]
fn emergent_imports_as_a_valid_corpus_with_its_gold() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = dataset("emergent/edata-excerpt.csv");
    let (out, imported) = import(tmp.path(), "emergent", &["emergent", &csv]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert!(
        imported.stderr.contains("imported 28 articles, 28 claims")
            && imported.stderr.contains("(0 skipped)"),
        "{}",
        imported.stderr
    );
    let check = run(&out, &["check"]);
    assert_eq!(
        check.code, 0,
        "the imported corpus is valid: {}",
        check.stdout
    );

    // One article per headline, named by its articleId; the outlet speaks;
    // the stance is mapped; the date comes from the URL or the UUID.
    let id = "116a3920-c41c-11e4-883c-a7fa7a3c5066";
    let yaml = std::fs::read_to_string(out.join(format!("claims/{id}.yaml"))).unwrap();
    assert!(yaml.contains("outlet: appleinsider.com\n"), "{yaml}");
    assert!(yaml.contains("    speaker: appleinsider.com\n"), "{yaml}");
    assert!(
        yaml.contains("    stance: unsure\n"),
        "observing is unsure: {yaml}"
    );
    assert!(
        yaml.contains("published: 2015-03-06\n"),
        "the UUID's day: {yaml}"
    );
    assert!(!yaml.contains("topic:"), "grouping is claimtrack's own");
    let article = std::fs::read_to_string(out.join(format!("articles/{id}.txt"))).unwrap();
    assert!(article.starts_with("BMO forecasts 19M Apple Watch sales in 2015"));
    let gold = gold(&out);
    assert_eq!(gold.len(), 28);
    assert_eq!(
        gold[&format!("{id}#headline")],
        "8faeb4b0-c41b-11e4-88c9-eb158a06b9a5"
    );

    // Writes nothing outside --out, and replaces nothing without --force.
    let before = files(tmp.path());
    let (_, again) = import(tmp.path(), "emergent", &["emergent", &csv]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("already exists") && again.stderr.contains("--force"),
        "{}",
        again.stderr
    );
    assert_eq!(
        files(tmp.path()),
        before,
        "a refused import changes nothing"
    );
    let (_, forced) = import(tmp.path(), "emergent", &["emergent", &csv, "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(
        files(tmp.path()),
        before,
        "the same input gives the same bytes"
    );
}

#[test]
fn emergent_split_keeps_only_the_listed_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let split = dataset("emergent/split-excerpt.csv");
    let listed = std::fs::read_to_string(&split).unwrap().lines().count() - 1;
    let (out, imported) = import(
        tmp.path(),
        "train",
        &[
            "emergent",
            &dataset("emergent/edata-excerpt.csv"),
            "--split",
            &split,
        ],
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(gold(&out).len(), listed);
    assert!(listed > 0 && listed < 28);
}

#[test]
fn emergent_rows_that_cannot_be_annotations_are_skipped_with_a_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, imported) = import(
        tmp.path(),
        "out",
        &["emergent", &dataset("emergent/bad-rows.csv")],
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    for why in [
        "bad-rows.csv:3: articleId `../../escaped` is not a UUID",
        "bad-rows.csv:4: unknown stance `maybe`",
        "bad-rows.csv:5: the headline is empty",
        "bad-rows.csv:6: articleId 116a3920-c41c-11e4-883c-a7fa7a3c5066 is repeated",
        "bad-rows.csv:7: no outlet",
    ] {
        assert!(imported.stderr.contains(why), "{why}: {}", imported.stderr);
    }
    let (_, missing) = import(tmp.path(), "none", &["emergent", "no-such.csv"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr.matches("No such file").count(),
        1,
        "the cause once: {}",
        missing.stderr
    );
    assert!(!tmp.path().join("none").exists());
    assert!(
        imported.stderr.contains("imported 2 articles, 2 claims"),
        "{}",
        imported.stderr
    );
    // Nothing escaped the output folder.
    let written: HashSet<String> = files(tmp.path()).into_keys().collect();
    assert!(written.iter().all(|p| p.starts_with("out/")), "{written:?}");
    // A headline full of YAML syntax reads back as written, and the date of
    // a URL with one is that date.
    let check = run(&out, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let report = run(&out, &["report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let claims: Vec<(String, String)> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["claims"].as_array().unwrap().clone())
        .map(|c| {
            (
                c["quote"].as_str().unwrap().to_owned(),
                c["date"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        claims.contains(&(
            "Multi line headline: with # and 'quotes'".into(),
            "2014-11-20".into()
        )),
        "{claims:?}"
    );
    assert!(
        claims.contains(&(
            "A good headline about the claim".into(),
            "2015-03-05".into()
        )),
        "{claims:?}"
    );
}

#[test]
fn rumoureval_imports_one_article_per_thread_and_one_claim_per_labelled_tweet() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, imported) = import(
        tmp.path(),
        "rumours",
        &["rumoureval", &dataset("rumoureval")],
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert!(
        imported.stderr.contains("imported 2 articles, 9 claims"),
        "{}",
        imported.stderr
    );
    assert!(
        imported.stderr.contains("no stance label"),
        "unlabelled replies are listed: {}",
        imported.stderr
    );
    let check = run(&out, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);

    let thread = "552783667052167168";
    let yaml = std::fs::read_to_string(out.join(format!("claims/{thread}.yaml"))).unwrap();
    // The source tweet: its author, its day, support -> supports, and the
    // rumour (its text without the link) as every claim of the thread.
    assert!(yaml.contains(&format!("  - id: \"{thread}\"\n")), "{yaml}");
    assert!(yaml.contains("    speaker: \"@euronews\"\n"), "{yaml}");
    assert!(yaml.contains("    date: 2015-01-07\n"), "{yaml}");
    assert!(
        yaml.contains("    claim: \"France: 10 people dead after shooting at HQ of satirical weekly newspaper #CharlieHebdo, according to witnesses\"\n"),
        "{yaml}"
    );
    // The reply labelled deny (SOURCE.md's example) refutes.
    let deny = yaml
        .split("  - id: ")
        .find(|c| c.starts_with("\"552786226546495488\""))
        .expect("the deny reply");
    assert!(
        deny.contains("stance: refutes") && deny.contains("speaker: \"@nanoSpawn\""),
        "{deny}"
    );
    let gold = gold(&out);
    assert_eq!(gold.len(), 9);
    assert!(
        gold.iter().all(|(r, g)| r.starts_with(&format!("{g}#"))),
        "gold is the thread"
    );
}

#[test]
fn eval_scores_the_grouping_and_keeps_apart_what_differs_in_a_number() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, imported) = import(
        tmp.path(),
        "emergent",
        &["emergent", &dataset("emergent/edata-excerpt.csv")],
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let text = run(&out, &["eval"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.starts_with("pair precision "),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("28 claims: "), "{}", text.stdout);
    assert!(text.stdout.contains("wrongly merged") && text.stdout.contains("wrongly split"));

    let json = run(&out, &["eval", "--format", "json"]);
    let ev: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    let s = &ev["scores"];
    assert_eq!(s["claims"], 28);
    assert_eq!(s["gold_groups"], 5);
    let p = s["precision"].as_f64().unwrap();
    let r = s["recall"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p) && (0.0..=1.0).contains(&r));
    assert!(r > 0.2, "headlines of one story are grouped: recall {r}");

    // "Apple will sell 19 million Apple Watches in 2015" and "... 15
    // million ..." are different claims in the gold; no group mixes them.
    let gold = gold(&out);
    let report = run(&out, &["report", "--format", "json"]);
    let groups: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let (nineteen, fifteen) = (
        "8faeb4b0-c41b-11e4-88c9-eb158a06b9a5",
        "35687a60-c41e-11e4-883c-a7fa7a3c5066",
    );
    for g in groups["groups"].as_array().unwrap() {
        let golds: HashSet<&str> = g["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| gold[c["ref"].as_str().unwrap()].as_str())
            .collect();
        assert!(
            !(golds.contains(nineteen) && golds.contains(fifteen)),
            "{}",
            g["claim"]
        );
    }
}

#[test]
fn eval_lists_reversals_for_a_person_to_judge() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = import(
        tmp.path(),
        "rumours",
        &["rumoureval", &dataset("rumoureval")],
    );
    let json = run(&out, &["eval", "--format", "json", "--sample", "3"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let ev: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let n = ev["reversals"].as_u64().unwrap() as usize;
    let sample = ev["reversal_sample"].as_array().unwrap();
    assert_eq!(sample.len(), n.min(3));
    for r in sample {
        assert!(
            r["from_date"].as_str().unwrap() <= r["to_date"].as_str().unwrap(),
            "{r}"
        );
        assert!(!r["from_quote"].as_str().unwrap().is_empty());
    }
    let missing = run(&out, &["eval", "--gold", "nowhere.tsv"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("nowhere.tsv"), "{}", missing.stderr);
}
