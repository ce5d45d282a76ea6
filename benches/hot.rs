//! Benchmarks of the hot parts, with divan: `cargo bench --bench hot`.
//! The end-to-end benchmark is bench/run.sh (see BENCHMARKS.md).

use claimtrack::annotation::{Limits, parse_annotation};
use claimtrack::proposition::{Lexicon, Proposition, Tokens};
use claimtrack::text::ArticleText;

fn main() {
    divan::main();
}

/// Claim texts like the synthetic corpus's: places, facilities, months.
fn texts(n: usize) -> Vec<String> {
    let places = [
        "Northgate",
        "Eastfield",
        "Millbrook",
        "Oakridge",
        "Ashford",
        "Kingston",
        "Stonehaven",
    ];
    let things = [
        "library", "stadium", "hospital", "museum", "station", "bridge",
    ];
    let months = ["May", "June", "July", "March"];
    (0..n)
        .map(|i| {
            let verb = if i % 4 == 0 {
                "won't reopen"
            } else {
                "will reopen"
            };
            format!(
                "The {}{} {} {verb} in {} {}",
                places[i % places.len()],
                i / 97,
                things[i % things.len()],
                months[i % months.len()],
                2016 + i % 9
            )
        })
        .collect()
}

#[divan::bench(args = [1_000, 10_000])]
fn tokenise_and_reduce(bencher: divan::Bencher, n: usize) {
    let texts = texts(n);
    bencher.bench(|| {
        let tokens: Vec<Tokens> = texts.iter().map(|t| Tokens::of(t)).collect();
        let mut lexicon = Lexicon::default();
        tokens.iter().for_each(|t| lexicon.observe(t));
        tokens
            .iter()
            .map(|t| Proposition::from_tokens(t, &lexicon))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn parse_annotation_file(bencher: divan::Bencher) {
    let mut yaml = String::from("title: A title\npublished: 2021-03-02\noutlet: Herald\nclaims:\n");
    for (i, t) in texts(5).iter().enumerate() {
        yaml.push_str(&format!(
            "  - id: c{i}\n    claim: {t}\n    stance: supports\n    speaker: Mayor Ann Lee\n    quote: \"{t}.\"\n"
        ));
    }
    let limits = Limits::default();
    bencher
        .bench(|| parse_annotation(divan::black_box(&yaml), "k", "claims/k.yaml", None, &limits));
}

#[divan::bench(args = [10_000, 1_000_000])]
fn find_quote(bencher: divan::Bencher, article_bytes: usize) {
    let sentence = "The council met on Monday and said little of note about the budget. ";
    let mut article = sentence.repeat(article_bytes / sentence.len());
    article
        .push_str("Mayor Ann Lee said \u{201C}The Northgate library will reopen in May.\u{201D}");
    let text = ArticleText::new(&article);
    bencher.bench(|| {
        text.find(divan::black_box(
            "The Northgate library will reopen in May.",
        ))
    });
}

#[divan::bench(args = [10_000])]
fn reconcile(bencher: divan::Bencher, n: usize) {
    let texts = texts(n);
    let mut yaml = String::from("published: 2021\nclaims:\n");
    for (i, t) in texts.iter().enumerate() {
        yaml.push_str(&format!("  - id: c{i}\n    claim: {t}\n    stance: supports\n    speaker: Person {}\n    quote: q\n", i % 300));
    }
    let limits = Limits {
        max_claims_per_file: n + 1,
        ..Limits::default()
    };
    let annotation = parse_annotation(&yaml, "k", "claims/k.yaml", None, &limits)
        .annotation
        .unwrap();
    let annotations = [annotation];
    bencher.bench(|| {
        claimtrack::reconcile::reconcile(&annotations, &Default::default())
            .groups
            .len()
    });
}
