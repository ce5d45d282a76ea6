//! `report --format html`: the page parses as HTML5 without errors, shows
//! what the table shows, escapes what the corpus holds, and links to the
//! articles from wherever it is written.

mod common;

use std::path::Path;

use common::{fixture, run, scratch_copy};
use scraper::{ElementRef, Html, Selector};

fn select<'a>(node: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    node.select(&Selector::parse(css).expect("selector"))
        .collect()
}

fn text_of(node: &ElementRef) -> String {
    node.text().collect::<String>()
}

/// Runs `report --format html ARGS`, parses the page and asserts that the
/// parser found nothing to correct.
fn page(root: &Path, args: &[&str]) -> Html {
    let mut all = vec!["report", "--format", "html"];
    all.extend_from_slice(args);
    let out = run(root, &all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    parse(&out.stdout)
}

fn parse(html: &str) -> Html {
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    let doc = Html::parse_document(html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    doc
}

/// The section of the group whose heading is `claim`.
fn group<'a>(doc: &'a Html, claim: &str) -> ElementRef<'a> {
    let sections = select(&doc.root_element(), "section.group");
    sections
        .into_iter()
        .find(|s| select(s, "h2").first().map(text_of).as_deref() == Some(claim))
        .unwrap_or_else(|| panic!("no group {claim:?}"))
}

#[test]
fn the_repository_report_shows_the_ritter_reversal_as_a_connector() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = page(root, &[]);
    let defenders = group(&doc, "Defenders season 2 is happening");

    // Both timelines (wide and narrow) draw one full reversal, labelled,
    // in Krysten Ritter's lane.
    let connectors = select(&defenders, "svg g.connector.full");
    assert_eq!(connectors.len(), 2, "one connector in each layout");
    for c in &connectors {
        assert_eq!(text_of(c), "full reversal");
    }
    let speakers: Vec<String> = select(&defenders, "svg.wide text.speaker")
        .iter()
        .map(text_of)
        .collect();
    assert!(
        speakers.iter().any(|s| s.contains("Krysten Ritter")),
        "{speakers:?}"
    );

    // Markers carry what a reader needs in their tooltip, and link to the row.
    let tips: Vec<String> = select(&defenders, "svg.wide a.claim > title")
        .iter()
        .map(text_of)
        .collect();
    assert!(tips.iter().any(|t| t.contains("Krysten Ritter · supports")
        && t.contains("If they want to do a Defenders 2. I'm in.")
        && t.contains("Why Krysten Ritter Really Wants Defenders Season 2 To Happen")));
    assert!(
        tips.iter()
            .any(|t| t.contains("I don't think we are doing it again.")
                && t.contains("full reversal: supports since 2017-01"))
    );

    // The table: the reversal on the refuting row, and links to the articles.
    let rows = select(&defenders, "tbody tr");
    let ritter_no = rows
        .iter()
        .find(|r| text_of(r).contains("I don't think we are doing it again."))
        .expect("the Vulture quote's row");
    let row = text_of(ritter_no);
    assert!(
        row.contains("refutes") && row.contains("full reversal: supports since 2017-01"),
        "{row}"
    );
    let links: Vec<&str> = select(&defenders, "tbody a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&"articles/cinemablend-ritter-wants-defenders-season-2.txt"),
        "{links:?}"
    );
    for link in links.iter().filter(|l| l.starts_with("articles/")) {
        assert!(
            root.join(link).is_file(),
            "{link} resolves from the corpus root"
        );
    }
    // Every marker links to a row of its table.
    for a in select(&defenders, "a.claim") {
        let target = a.value().attr("href").unwrap().trim_start_matches('#');
        assert!(
            rows.iter().any(|r| r.value().id() == Some(target)),
            "{target}"
        );
    }

    // The summary and the index, reversals first.
    let summary: Vec<String> = select(&doc.root_element(), ".summary div")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                text_of(&select(d, "dt")[0]),
                text_of(&select(d, "dd")[0])
            )
        })
        .collect();
    assert!(summary.contains(&"Reversals 1".to_owned()), "{summary:?}");
    assert!(
        summary.iter().any(|s| s.starts_with("Speakers ")),
        "{summary:?}"
    );
    let first = select(&doc.root_element(), "nav .index li a")[0];
    assert_eq!(text_of(&first), "Defenders season 2 is happening");
    let id = first.value().attr("href").unwrap().trim_start_matches('#');
    assert_eq!(defenders.value().id(), Some(id));
}

#[test]
fn markup_in_the_corpus_is_shown_as_text() {
    let root = fixture("report/markup");
    let out = run(&root, &["report", "--format", "html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("<script>"), "no raw script tag");
    assert!(!out.stdout.contains("<b>"), "no raw markup");
    let doc = parse(&out.stdout);
    let body = doc.root_element();
    assert!(select(&body, "script").is_empty());
    assert!(select(&body, "td b, td i, h2 b").is_empty());
    assert_eq!(text_of(&select(&body, "head title")[0]), "Claims report");

    let section = group(&doc, "The <script> tag runs in the report");
    let cells = select(&section, "tbody td");
    let texts: Vec<String> = cells.iter().map(text_of).collect();
    assert!(
        texts.contains(&"Dr. <b>Bold</b> \"Spokes\" O'Neil".to_owned()),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"<script>alert(\"quote\")</script> will not run.".to_owned()),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t
            .contains("Press statement </title><script>alert(\"title\")</script>")
            && t.contains("(The \"Herald\" & <i>Co</i>)")),
        "{texts:?}"
    );
    // A `javascript:` url is not linked.
    for a in select(&body, "a") {
        let href = a.value().attr("href").unwrap_or_default();
        assert!(
            !href.to_ascii_lowercase().starts_with("javascript:"),
            "{href}"
        );
    }
    // The tooltip holds the quote as text too.
    let tip = text_of(&select(&section, "svg.wide a.claim title")[0]);
    assert!(tip.contains("<script>alert(\"quote\")</script>"), "{tip}");

    // The partial reversal is drawn dashed and labelled.
    let bridge = group(&doc, "The bridge opens on 4 March");
    let partial = select(&bridge, "svg.wide g.connector.partial");
    assert_eq!(partial.len(), 1);
    assert_eq!(text_of(&partial[0]), "partial reversal");
    // A week of days: the axis counts in days.
    let ticks: Vec<String> = select(&bridge, "svg.wide text.tick-label")
        .iter()
        .map(text_of)
        .collect();
    assert!(ticks.contains(&"4 Mar 2024".to_owned()), "{ticks:?}");
}

#[test]
fn filters_keep_the_same_groups_and_claims_as_json() {
    let root = fixture("report/council");
    for filter in [
        &[][..],
        &["--speaker", "Price"],
        &["--grep", "library"],
        &["--since", "2021-04"],
        &["--until", "2021-03"],
        &["--reversals"],
        &["--speaker", "nobody at all"],
    ] {
        let mut json_args = vec!["report", "--format", "json"];
        json_args.extend_from_slice(filter);
        let json: serde_json::Value =
            serde_json::from_str(&run(&root, &json_args).stdout).expect("JSON");
        let doc = page(&root, filter);
        let html: Vec<(String, usize, usize)> = select(&doc.root_element(), "section.group")
            .iter()
            .map(|s| {
                (
                    text_of(&select(s, "h2")[0]),
                    select(s, "tbody tr").len(),
                    select(s, "svg.wide g.connector").len(),
                )
            })
            .collect();
        let expected: Vec<(String, usize, usize)> = json["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["claim"].as_str().unwrap().to_owned(),
                    g["claims"].as_array().unwrap().len(),
                    g["reversals"].as_array().unwrap().len(),
                )
            })
            .collect();
        assert_eq!(html, expected, "filter {filter:?}");
        if expected.is_empty() {
            let empty = select(&doc.root_element(), "p.empty");
            assert_eq!(text_of(&empty[0]), "No claims match.");
        }
    }
}

#[test]
fn the_page_is_self_contained_and_the_same_every_time() {
    let root = fixture("report/council");
    let first = run(&root, &["report", "--format", "html"]).stdout;
    let second = run(&root, &["report", "--format", "html"]).stdout;
    assert_eq!(first, second);
    let doc = parse(&first);
    let body = doc.root_element();
    // Nothing is fetched: no scripts, external styles, images or fonts, and
    // a content security policy that forbids any request.
    assert!(select(&body, "script, link, img, iframe, object, embed").is_empty());
    assert!(!first.contains("url("), "no CSS fetches");
    let csp = select(&body, "meta[http-equiv='Content-Security-Policy']");
    assert_eq!(
        csp[0].value().attr("content"),
        Some("default-src 'none'; style-src 'unsafe-inline'")
    );
    // Every id is unique, and every in-page link has a target.
    let ids: Vec<&str> = select(&body, "[id]")
        .iter()
        .filter_map(|e| e.value().id())
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    for a in select(&body, "a[href^='#']") {
        let target = &a.value().attr("href").unwrap()[1..];
        assert!(ids.contains(&target), "#{target} has no target");
    }
}

#[test]
fn output_writes_the_page_with_links_relative_to_its_folder() {
    let tmp = scratch_copy("report/council");
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    let out = run(
        tmp.path(),
        &["report", "--format", "html", "--output", "out/report.html"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "", "nothing on stdout");
    let html = std::fs::read_to_string(tmp.path().join("out/report.html")).unwrap();
    let doc = parse(&html);
    let links: Vec<String> = select(&doc.root_element(), "tbody a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert!(!links.is_empty());
    for link in &links {
        assert!(link.starts_with("../articles/"), "{link}");
        let path = tmp.path().join("out").join(link.replace("%20", " "));
        assert!(path.is_file(), "{link} resolves from the page's folder");
    }
    // Leaves no temporary file; a missing folder is a clear error.
    let names: Vec<_> = std::fs::read_dir(tmp.path().join("out")).unwrap().collect();
    assert_eq!(names.len(), 1);
    let missing = run(
        tmp.path(),
        &["report", "--format", "html", "-o", "nowhere/report.html"],
    );
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("nowhere"), "{}", missing.stderr);

    // Other formats write to the file too, the table without colour.
    let table = run(
        tmp.path(),
        &["--color", "always", "report", "-o", "out/report.txt"],
    );
    assert_eq!(table.code, 0, "{}", table.stderr);
    let text = std::fs::read_to_string(tmp.path().join("out/report.txt")).unwrap();
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.lines().last().unwrap().contains(" claims, "), "{text}");
}

#[test]
fn the_archived_copy_is_linked_beside_the_source() {
    let doc = page(&fixture("check/missing-archive"), &[]);
    let root = doc.root_element();
    let archives = select(&root, "a.archive");
    assert!(!archives.is_empty(), "no archive link");
    assert!(
        archives.iter().all(|a| a.value().attr("href")
            == Some("https://web.archive.org/web/20210302120000/https://example.org/news/library")),
        "{:?}",
        archives
            .iter()
            .map(|a| a.value().attr("href"))
            .collect::<Vec<_>>()
    );
    assert!(archives.iter().all(|a| text_of(a) == "archived"));
    // The article without one has its source link and no archive link.
    assert!(select(&root, "a.source").len() > archives.len());
}
