//! Which model grouping uses, as a user meets it: `--model`,
//! `CLAIMTRACK_MODEL`, `model:` in claimtrack.yaml (inside the corpus
//! only), the note when there is none, and clear errors (exit 2). With the
//! `semantic` feature and a model (`CLAIMTRACK_TEST_MODEL`, as `.ci/run`
//! gets it), the model's merges and suggestions on the repository's
//! corpus and on claims the words cannot join.

mod common;

use common::{claimtrack, fixture, run, scratch_copy};

#[test]
fn without_a_model_people_are_told_once_and_programs_not_at_all() {
    let root = fixture("report/stances");
    let r = run(&root, &["report"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let told = r.stderr.matches("semantic matching is off").count();
    assert_eq!(told, 1, "{}", r.stderr);
    let r = run(&root, &["report", "--format", "json"]);
    assert!(!r.stderr.contains("semantic"), "{}", r.stderr);
    let r = run(&root, &["check", "--format", "github"]);
    assert!(!r.stderr.contains("semantic"), "{}", r.stderr);
}

#[test]
fn a_model_folder_that_cannot_be_used_is_an_error() {
    let root = fixture("report/stances");
    let missing = root.join("no-such-model");
    let r = run(&root, &["--model", missing.to_str().unwrap(), "report"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot use the model given by --model"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let out = claimtrack(&root, &["report"])
        .env("CLAIMTRACK_MODEL", &missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("CLAIMTRACK_MODEL"), "{stderr}");
}

#[test]
fn a_corpus_cannot_point_claimtrack_at_a_model_outside_it() {
    let dir = scratch_copy("report/stances");
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("models")).unwrap();
    for model in ["../elsewhere", "/usr/share", "models"] {
        std::fs::write(root.join("claimtrack.yaml"), format!("model: {model}\n")).unwrap();
        let r = run(root, &["report"]);
        assert_eq!(r.code, 2, "{model}: {}", r.stderr);
        assert!(
            r.stderr.contains("is not a folder inside the corpus"),
            "{}",
            r.stderr
        );
    }
    std::fs::write(root.join("claimtrack.yaml"), "modle: x\n").unwrap();
    let r = run(root, &["check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("claimtrack.yaml"), "{}", r.stderr);
}

#[cfg(not(feature = "semantic"))]
#[test]
fn a_build_without_the_feature_says_how_to_get_it() {
    let root = fixture("report/stances");
    let r = run(&root, &["--model", root.to_str().unwrap(), "report"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--features semantic"), "{}", r.stderr);
}

#[cfg(feature = "semantic")]
mod with_the_model {
    use super::*;

    fn model() -> String {
        std::env::var("CLAIMTRACK_TEST_MODEL").expect(
            "CLAIMTRACK_TEST_MODEL must name the all-MiniLM-L6-v2 folder: bench/get-model.sh DEST",
        )
    }

    /// One claim an article, one speaker each, a day apart.
    fn corpus(claims: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("articles")).unwrap();
        std::fs::create_dir_all(root.join("claims")).unwrap();
        for (i, text) in claims.iter().enumerate() {
            std::fs::write(root.join(format!("articles/a{i}.txt")), format!("{text}\n")).unwrap();
            let quoted = serde_json::to_string(text).unwrap();
            std::fs::write(
                root.join(format!("claims/a{i}.yaml")),
                format!(
                    "published: 2020-03-{d:02}\nclaims:\n  - id: c\n    claim: {quoted}\n    stance: supports\n    speaker: Outlet {i}\n    quote: {quoted}\n    date: 2020-03-{d:02}\n",
                    d = i + 1
                ),
            )
            .unwrap();
        }
        dir
    }

    fn group_count(root: &std::path::Path, with_model: bool) -> (usize, serde_json::Value) {
        let m = model();
        let mut args = vec!["report", "--format", "json"];
        if with_model {
            args.splice(0..0, ["--model", m.as_str()]);
        }
        let r = run(root, &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        (json["groups"].as_array().unwrap().len(), json)
    }

    #[test]
    fn the_model_joins_a_paraphrase_and_the_rules_keep_near_misses_apart() {
        let dir = corpus(&[
            "Sugarhill Gang co-founder Big Bank Hank dies",
            "Sugarhill Gang co-founder Big Bank Hank died",
        ]);
        assert_eq!(group_count(dir.path(), false).0, 2);
        assert_eq!(group_count(dir.path(), true).0, 1);
        for (a, b) in [
            (
                "Defenders season 2 is happening",
                "Defenders season 3 is happening",
            ),
            (
                "The mayor will back the farm bill",
                "The mayor will block the farm bill",
            ),
            ("The album comes out in May", "The album comes out in June"),
            (
                "Apple will sell 19 million Apple Watches in 2015",
                "Apple will sell 15 million Apple Watches in 2015",
            ),
        ] {
            let dir = corpus(&[a, b]);
            assert_eq!(group_count(dir.path(), true).0, 2, "{a} / {b}");
        }
    }

    #[test]
    fn the_repository_is_grouped_as_without_the_model_with_suggestions_beside() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (_, without) = group_count(root, false);
        let (_, mut with) = group_count(root, true);
        let mut suggested = 0;
        for g in with["groups"].as_array_mut().unwrap() {
            if let Some(alike) = g.as_object_mut().unwrap().remove("alike") {
                suggested += alike.as_array().unwrap().len();
            }
        }
        assert_eq!(with, without, "the model changed the repository's groups");
        assert!(suggested > 0);
        let r = run(root, &["--model", &model(), "check"]);
        assert!(
            r.stdout.contains("may be the same claim as"),
            "{}",
            r.stdout
        );
    }
}
