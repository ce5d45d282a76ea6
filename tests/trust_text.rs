//! Quote matching on text a corpus controls: Unicode-equivalent quotes
//! match.

mod common;

use std::path::Path;

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

fn check(root: &Path) -> common::Run {
    run(root, &["check"])
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
    let r = check(dir.path());
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("quote-not-found"), "{}", r.stdout);
}
