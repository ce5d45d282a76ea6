//! What `add` says about a claim's group is what `report` shows, on a
//! corpus grown one claim at a time (issue 24): no switch for the whole
//! corpus regroups claims elsewhere as it grows.

mod common;

use common::run;

/// A headline a file, as newsrooms write them: two stories told in other
/// words each time, then one proposition told alike many times.
const HEADLINES: &[(&str, &str)] = &[
    ("tesla-1", "Tesla picks Nevada for its battery gigafactory"),
    (
        "tesla-2",
        "Tesla chooses Nevada as the site of its battery gigafactory",
    ),
    ("zoo-1", "City zoo welcomes a rare white rhino calf"),
    ("zoo-2", "Rare white rhino calf born at the city zoo"),
    ("fares-1", "Tram fares will rise in July"),
    ("fares-2", "Tram fares will rise in July"),
    ("fares-3", "Tram fares will rise in July"),
    ("fares-4", "Tram fares will rise in July"),
    ("fares-5", "Tram fares will rise in July"),
    ("fares-6", "Tram fares will rise in July"),
    ("fares-7", "Tram fares will rise in July"),
    ("fares-8", "Tram fares will rise in July"),
];

/// The group `report` puts a claim in: its claim and size.
fn group_of(root: &std::path::Path, reference: &str) -> (String, usize) {
    let r = run(root, &["report", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let group = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            g["claims"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["ref"] == reference)
        })
        .unwrap_or_else(|| panic!("{reference} is in no group"));
    (
        group["claim"].as_str().unwrap().to_owned(),
        group["claims"].as_array().unwrap().len(),
    )
}

/// Per claim reference, the index of its group in `report --format json`.
fn groups_by_ref(root: &std::path::Path) -> std::collections::HashMap<String, usize> {
    let r = run(root, &["report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut of = std::collections::HashMap::new();
    for (g, group) in json["groups"].as_array().unwrap().iter().enumerate() {
        for c in group["claims"].as_array().unwrap() {
            of.insert(c["ref"].as_str().unwrap().to_owned(), g);
        }
    }
    of
}

/// The group `add` named in its note.
fn noted(stderr: &str) -> (String, usize) {
    let note = stderr
        .lines()
        .find(|l| l.starts_with("note: it "))
        .unwrap_or_else(|| panic!("no note in {stderr}"));
    if let Some(claim) = note.strip_prefix("note: it starts a group of its own: ") {
        return (claim.trim_matches('"').to_owned(), 1);
    }
    let rest = note.strip_prefix("note: it joins the group \"").unwrap();
    let (claim, count) = rest.rsplit_once("\" (").unwrap();
    let count = count.trim_end_matches(" claims)").parse().unwrap();
    (claim.to_owned(), count)
}

#[test]
fn what_add_says_is_what_report_shows_as_the_corpus_grows() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    for (name, headline) in HEADLINES {
        std::fs::write(
            root.join(format!("articles/{name}.txt")),
            format!("{headline}\n"),
        )
        .unwrap();
    }
    let mut said: Vec<(String, (String, usize))> = Vec::new();
    let mut together: std::collections::BTreeSet<(String, String)> = Default::default();
    for (i, (name, headline)) in HEADLINES.iter().enumerate() {
        let article = format!("articles/{name}.txt");
        // Two days apart: headlines of one story are written within days.
        let date = format!("2014-09-{:02}", 1 + 2 * (i % 2) + i / 2 * 5);
        let r = run(
            root,
            &[
                "add",
                &article,
                "--claim",
                headline,
                "--stance",
                "supports",
                "--speaker",
                name,
                "--quote",
                headline,
                "--date",
                &date,
                "--published",
                &date,
                "--id",
                "headline",
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let reference = format!("{name}#headline");
        let note = noted(&r.stderr);
        assert_eq!(note, group_of(root, &reference), "after adding {reference}");
        said.push((reference, note));
        // Claims once grouped together stay together: a proposition told
        // alike elsewhere does not split them (the symptom of issue 24:
        // `add` said a claim joined a group, and two adds later `report`
        // showed it alone).
        let groups = groups_by_ref(root);
        for (a, b) in &together {
            assert_eq!(
                groups[a], groups[b],
                "{a} and {b} split after adding {name}"
            );
        }
        for (a, _) in &said {
            for (b, _) in &said {
                if a < b && groups[a] == groups[b] {
                    together.insert((a.clone(), b.clone()));
                }
            }
        }
    }
    assert_eq!(group_of(root, "fares-8#headline").1, 8);
}
