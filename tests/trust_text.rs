//! Quote matching on text a corpus controls: Unicode-equivalent quotes
//! match, and quotes built to make the search slow do not.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::run;

/// A corpus of one article and its annotation file with one claim a quote.
fn corpus(article: &str, quotes: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::create_dir_all(dir.path().join("claims")).unwrap();
    std::fs::write(dir.path().join("articles/a.txt"), article).unwrap();
    let mut yaml = String::from("published: 2020-01-01\nclaims:\n");
    for (i, quote) in quotes.iter().enumerate() {
        let quote = serde_json::to_string(quote).unwrap();
        yaml.push_str(&format!(
            "  - id: c{i}\n    claim: Claim number {i} about the street\n    stance: supports\n    speaker: Ann Smith\n    quote: {quote}\n"
        ));
    }
    std::fs::write(dir.path().join("claims/a.yaml"), yaml).unwrap();
    dir
}

fn check(root: &Path) -> (common::Run, Duration) {
    let started = Instant::now();
    let r = run(root, &["check"]);
    (r, started.elapsed())
}

#[test]
fn quotes_match_an_article_in_another_unicode_form() {
    // The article is decomposed (NFD), with a ligature, full-width digits
    // and capitals; the quotes are typed composed, in plain letters.
    let article = "Die Stra\u{DF}e bleibt zu. \u{201C}Wir o\u{308}ffnen im Ma\u{308}rz \u{FF12}\u{FF10}\u{FF12}\u{FF14}\u{201D}, \
                   sagte sie. Der \u{FB01}nale Plan: \u{39F}\u{394}\u{39F}\u{3A3} \u{391}\u{398}\u{397}\u{39D}\u{3A9}\u{39D}.\n";
    let quotes = [
        "Wir \u{F6}ffnen im M\u{E4}rz 2024",
        "DIE STRASSE BLEIBT ZU",
        "der finale Plan",
        "\u{3BF}\u{3B4}\u{3BF}\u{3C2} \u{3B1}\u{3B8}\u{3B7}\u{3BD}\u{3C9}\u{3BD}",
    ];
    let dir = corpus(article, &quotes);
    let (r, _) = check(dir.path());
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("quote-not-found"), "{}", r.stdout);
}

#[test]
fn a_long_quote_missing_from_a_long_article_is_reported_quickly() {
    // Before the search was bounded, a 2,000-word quote took over a minute
    // (its edit distance to each candidate passage is quadratic).
    let article: Vec<String> = (0..30_000)
        .map(|i| format!("w{}", (i * 7919) % 3001))
        .collect();
    let quote: Vec<String> = (0..2_000)
        .map(|i| format!("w{}", (i * 104_729) % 3001))
        .collect();
    let dir = corpus(&article.join(" "), &[&quote.join(" ")]);
    let (r, took) = check(dir.path());
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("error[quote-not-found]")
            && r.stdout.contains("the closest passage is: \"w"),
        "{}",
        r.stdout
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
}
