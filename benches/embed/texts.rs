//! Claim-like texts for the embedding benchmarks (benches/embed.rs and
//! examples/embed.rs): the distinct headlines of Emergent and FNC-1, then
//! sentences of FNC-1's article bodies, from `$CLAIMTRACK_SHARED_DATA`
//! (default: ../shared/data beside the crate; see SOURCE.md there).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub fn data_dir() -> PathBuf {
    std::env::var_os("CLAIMTRACK_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
}

/// The values of `columns` of a CSV file, row by row.
fn column(path: &Path, columns: &[&str]) -> Vec<String> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    let columns: Vec<usize> = columns
        .iter()
        .map(|n| headers.iter().position(|h| h == *n).unwrap())
        .collect();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        out.extend(columns.iter().map(|&c| record[c].to_string()));
    }
    out
}

/// `n` (at most 10,000) distinct claim-like texts, in file order (not
/// sorted by length).
pub fn claim_texts(n: usize) -> Vec<String> {
    let data = data_dir();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut add = |text: &str| {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if out.len() < n && !text.is_empty() && seen.insert(text.clone()) {
            out.push(text);
        }
    };
    let headlines = [
        (
            "emergent/url-versions-2015-06-14-clean.csv",
            &["claimHeadline", "articleHeadline"][..],
        ),
        ("fnc-1/competition_test_stances.csv", &["Headline"][..]),
        ("fnc-1/vijay-14/train_stances.csv", &["Headline"][..]),
    ];
    for (file, columns) in headlines {
        column(&data.join(file), columns)
            .iter()
            .for_each(|t| add(t));
    }
    for body in column(&data.join("fnc-1/train_bodies.csv"), &["articleBody"]) {
        for sentence in body.split(['\n', '.', '?', '!']) {
            if (5..=60).contains(&sentence.split_whitespace().count()) {
                add(sentence);
            }
        }
    }
    assert_eq!(out.len(), n, "not enough texts in {}", data.display());
    out
}
