//! Arbitrary bytes as an annotation file and as an article, through load,
//! check, reconcile and every report format.
//!
//! The input is split in two at a position given by its first two bytes:
//! the annotation file `claims/a.yaml`, then the article `articles/a.txt`.
//! A second, fixed annotation file gives the reconciler something to group
//! the fuzzed claims with. Run: `cargo +nightly fuzz run corpus` (see the
//! README's section on fuzzing).

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use claimtrack::check::{CheckOptions, check};
use claimtrack::edit::{FileFields, NewClaim, add};
use claimtrack::model::Stance;
use claimtrack::report::{Filter, View, render_json, render_markdown, render_table};
use libfuzzer_sys::fuzz_target;

const OTHER_ARTICLE: &str = "Ann Smith said the library will reopen in May.\n";
const OTHER_CLAIMS: &str = "published: 2021-03-02\nclaims:\n  - id: smith\n    claim: The library will reopen in May\n    stance: supports\n    speaker: Ann Smith\n    quote: the library will reopen in May\n";

fn corpus() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = tempfile::tempdir().expect("temp dir").keep();
        std::fs::create_dir_all(root.join("articles")).unwrap();
        std::fs::create_dir_all(root.join("claims")).unwrap();
        std::fs::write(root.join("articles/other.txt"), OTHER_ARTICLE).unwrap();
        std::fs::write(root.join("claims/other.yaml"), OTHER_CLAIMS).unwrap();
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let (split, rest) = match data {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]) as usize, rest),
        _ => (0, data),
    };
    let split = split.min(rest.len());
    let (yaml, article) = rest.split_at(split);
    let root = corpus();
    std::fs::write(root.join("claims/a.yaml"), yaml).unwrap();
    std::fs::write(root.join("articles/a.txt"), article).unwrap();

    let options = CheckOptions::default();
    let _ = check(root, &options, &|_| {});
    let loaded = claimtrack::load::load(root, &Default::default()).expect("the corpus exists");
    let (reconciled, _) = loaded.reconcile();
    let view = View::new(&loaded.annotations, &reconciled, &Filter::default());
    let _ = render_json(&view);
    let _ = render_table(&view, Some(100));
    let _ = render_markdown(&view);
    let _ = claimtrack::report::html::render_html(&view, &Default::default());

    // add: a quote from the fuzzed article, so that it is sometimes found.
    // When add writes, the file must hold exactly one claim more.
    let text = String::from_utf8_lossy(article);
    let quote: String = text.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    let new = NewClaim {
        id: None,
        claim: "The library will reopen in May".to_owned(),
        stance: Stance::Refutes,
        speaker: "Bo Jones".to_owned(),
        quote: if quote.is_empty() { "x".to_owned() } else { quote },
        date: None,
        topic: None,
    };
    let before = loaded.annotations.iter().find(|a| a.key == "a").map(|a| a.claims.len());
    let file = FileFields {
        published: claimtrack::date::PartialDate::parse("2021").ok(),
        ..Default::default()
    };
    if add(root, "articles/a.txt", &new, &file, &Default::default()).is_ok() {
        let after = claimtrack::load::load(root, &Default::default()).expect("the corpus exists");
        let count = after.annotations.iter().find(|a| a.key == "a").map(|a| a.claims.len());
        assert_eq!(count, Some(before.unwrap_or(0) + 1), "add wrote a file without exactly one claim more");
    }
});
