//! Emergent (Ferreira & Vlachos 2016): rumoured claims and news headlines.
//!
//! Reads `edata_all.csv` (or any CSV with the columns `articleHeadline`,
//! `articleHeadlineStance`, `articleId`, `claimId`, and optionally `url`
//! and `source`). Each row becomes one article, `articles/<articleId>.txt`
//! holding the headline, annotated with one claim:
//!
//! - claim and quote: the headline; title: the headline;
//! - speaker and outlet: the source domain (`source`, else the URL's host);
//! - stance: for → supports, against → refutes, observing → unsure;
//! - published: a date in the URL's path where there is one (`/2015/02/16/`,
//!   `2015-02-16`), else the creation time encoded in the version-1 UUID
//!   `articleId`, at day precision (UTC);
//! - no topic, so that the grouping is claimtrack's own.
//!
//! gold.tsv maps each claim to its `claimId`. With a split file (Emergent's
//! train or test CSV) only the rows whose `articleId` it lists are imported.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Datelike};

use super::{ArticleOut, ClaimOut, ImportError, Imported, Skipped, one_line, safe_stem};
use crate::annotation::Limits;
use crate::date::PartialDate;
use crate::edit::{NewClaim, quote_is_visible};
use crate::model::Stance;

/// What to import.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub csv: &'a Path,
    /// Emergent's train or test CSV: import only the articles it lists.
    pub split: Option<&'a Path>,
    pub out: &'a Path,
    pub force: bool,
}

/// Imports the CSV into `options.out`, skipping what would not pass
/// `check` with the default [`Limits`].
pub fn import(options: &Options) -> Result<Imported, ImportError> {
    import_with_limits(options, &Limits::default())
}

/// [`import`], skipping what would not pass `check` with `limits`.
pub fn import_with_limits(options: &Options, limits: &Limits) -> Result<Imported, ImportError> {
    let only: Option<HashSet<String>> = match options.split {
        Some(path) => Some(article_ids(path)?),
        None => None,
    };
    let text = super::read_dataset_file(options.csv, super::MAX_DATASET_FILE_BYTES)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let format_err = |message: String| ImportError::Format {
        path: options.csv.to_path_buf(),
        message,
    };
    let headers = reader
        .headers()
        .map_err(|e| format_err(e.to_string()))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let required = |name: &str| {
        column(name)
            .ok_or_else(|| format_err(format!("no column `{name}`: is this Emergent's CSV?")))
    };
    let (headline, stance, article_id, claim_id) = (
        required("articleHeadline")?,
        required("articleHeadlineStance")?,
        required("articleId")?,
        required("claimId")?,
    );
    let (url_col, source_col) = (column("url"), column("source"));

    let mut imported = Imported::default();
    let mut seen = HashSet::new();
    let mut articles = Vec::new();
    let name = options.csv.display().to_string();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                imported.skipped.push(Skipped {
                    at: format!("{name}:{line}"),
                    why: format!("not a CSV row: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let id = field(article_id).to_ascii_lowercase();
        if only.as_ref().is_some_and(|ids| !ids.contains(&id)) {
            continue;
        }
        let skip = |why: String| Skipped {
            at: format!("{name}:{line}"),
            why,
        };
        let url = url_col.map(field).filter(|u| !u.is_empty());
        match row(
            &id,
            field(headline),
            field(stance),
            field(claim_id),
            url,
            source_col.map(field),
        ) {
            Ok(article) if seen.insert(article.stem.clone()) => articles.push(article),
            Ok(article) => imported
                .skipped
                .push(skip(format!("articleId {} is repeated", article.stem))),
            Err(why) => imported.skipped.push(skip(why)),
        }
    }
    super::finish(
        options.out,
        articles,
        options.force,
        imported.skipped,
        limits,
    )
}

/// One CSV row as an article, or why it cannot be one.
fn row(
    article_id: &str,
    headline: &str,
    stance: &str,
    claim_id: &str,
    url: Option<&str>,
    source: Option<&str>,
) -> Result<ArticleOut, String> {
    if !safe_stem(article_id) || uuid::Uuid::parse_str(article_id).is_err() {
        return Err(format!(
            "articleId `{}` is not a UUID",
            article_id.escape_debug()
        ));
    }
    let headline = one_line(headline);
    if headline.is_empty() {
        return Err("the headline is empty".into());
    }
    if !quote_is_visible(&headline) {
        return Err(
            "the headline has no visible text (only invisible or control characters)".into(),
        );
    }
    let stance = match stance {
        "for" => Stance::Supports,
        "against" => Stance::Refutes,
        "observing" => Stance::Unsure,
        other => {
            return Err(format!(
                "unknown stance `{}` (for, against or observing)",
                other.escape_debug()
            ));
        }
    };
    if claim_id.is_empty() {
        return Err("no claimId".into());
    }
    // gold.tsv holds one `reference<TAB>claimId` a line.
    if claim_id.chars().any(char::is_control) {
        return Err(format!(
            "claimId `{}` holds a tab, a line break or a control character",
            claim_id.escape_debug()
        ));
    }
    let outlet = source
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .or_else(|| url.and_then(host))
        .ok_or("no outlet: neither `source` nor a URL with a host")?;
    let published = url
        .and_then(date_in_url)
        .or_else(|| uuid_day(article_id))
        .ok_or("no date: none in the URL, and the articleId is not a version-1 UUID")?;
    Ok(ArticleOut {
        stem: article_id.to_owned(),
        text: format!("{headline}\n"),
        title: headline.clone(),
        published,
        outlet: Some(outlet.clone()),
        url: url.map(str::to_owned),
        claims: vec![ClaimOut {
            id: "headline".into(),
            claim: NewClaim {
                id: None,
                claim: headline.clone(),
                stance,
                speaker: outlet,
                quote: headline,
                date: None,
                topic: None,
            },
            note: None,
            gold: claim_id.to_owned(),
        }],
    })
}

/// The `articleId`s a split file lists.
fn article_ids(path: &Path) -> Result<HashSet<String>, ImportError> {
    let text = super::read_dataset_file(path, super::MAX_DATASET_FILE_BYTES)?;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let format_err = |message: String| ImportError::Format {
        path: path.to_path_buf(),
        message,
    };
    let headers = reader
        .headers()
        .map_err(|e| format_err(e.to_string()))?
        .clone();
    let col = headers
        .iter()
        .position(|h| h == "articleId")
        .ok_or_else(|| format_err("no column `articleId`: is this an Emergent split?".into()))?;
    let mut ids = HashSet::new();
    for record in reader.records() {
        let record = record.map_err(|e| format_err(e.to_string()))?;
        ids.insert(record.get(col).unwrap_or("").trim().to_ascii_lowercase());
    }
    Ok(ids)
}

/// The host of an http(s) URL, without `www.`.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host
        .split(':')
        .next()?
        .trim_start_matches("www.")
        .to_ascii_lowercase();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

/// A publication date written in a URL's path: `/YYYY/MM/DD/`, `/YYYY/MM/`
/// (month precision) or `YYYY-MM-DD`, with a year from 1990 to 2030.
fn date_in_url(url: &str) -> Option<PartialDate> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.split(['?', '#']).next()?;
    let parts: Vec<&str> = path.split('/').collect();
    let year = |s: &str| {
        (s.len() == 4)
            .then(|| s.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1990..=2030).contains(y))
    };
    let two = |s: &str| (s.len() == 2).then(|| s.parse::<u32>().ok()).flatten();
    for (i, part) in parts.iter().enumerate() {
        if let (Some(y), Some(m)) = (year(part), parts.get(i + 1).and_then(|p| two(p))) {
            if let Some(d) = parts.get(i + 2).and_then(|p| two(p))
                && let Some(date) = PartialDate::from_ymd(y, m, d)
            {
                return Some(date);
            }
            if (1..=12).contains(&m) {
                return Some(PartialDate {
                    year: y,
                    month: Some(m),
                    day: None,
                });
            }
        }
    }
    // YYYY-MM-DD anywhere in the path.
    let bytes = path.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|i| {
        let s = path.get(i..i + 10)?;
        let b = s.as_bytes();
        let shape = b[4] == b'-'
            && b[7] == b'-'
            && [0, 1, 2, 3, 5, 6, 8, 9]
                .iter()
                .all(|&k| b[k].is_ascii_digit());
        let boundary = i == 0 || !bytes[i - 1].is_ascii_digit();
        if !shape || !boundary || bytes.get(i + 10).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let date = PartialDate::parse(s).ok()?;
        (1990..=2030).contains(&date.year).then_some(date)
    })
}

/// The UTC day a version-1 UUID was made.
fn uuid_day(id: &str) -> Option<PartialDate> {
    let (secs, _) = uuid::Uuid::parse_str(id).ok()?.get_timestamp()?.to_unix();
    let t = DateTime::from_timestamp(i64::try_from(secs).ok()?, 0)?;
    PartialDate::from_ymd(t.year(), t.month(), t.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<PartialDate> {
        PartialDate::parse(s).ok()
    }

    #[test]
    fn dates_come_from_the_url_or_the_uuid() {
        assert_eq!(
            date_in_url("http://x.com/2015/02/16/story/"),
            date("2015-02-16")
        );
        assert_eq!(
            date_in_url("http://x.com/news/2014/10/meteor.html"),
            date("2014-10")
        );
        assert_eq!(
            date_in_url("http://x.com/a-2014-11-20-b"),
            date("2014-11-20")
        );
        assert_eq!(date_in_url("http://x.com/2015/13/01/"), None);
        assert_eq!(
            date_in_url("http://x.com/story/26311907/worlds-oldest/"),
            None
        );
        assert_eq!(date_in_url("http://x.com/id/12015-02-166"), None);
        // SOURCE.md: UUID time of the first row's article, 2015-03-06.
        assert_eq!(
            uuid_day("116a3920-c41c-11e4-883c-a7fa7a3c5066"),
            date("2015-03-06")
        );
        assert_eq!(uuid_day("not-a-uuid"), None);
        // A version-4 UUID has no time.
        assert_eq!(uuid_day("9b2c1c3e-8f7a-4d3b-9c2e-1a2b3c4d5e6f"), None);
    }

    #[test]
    fn outlets_are_hosts_without_www() {
        assert_eq!(
            host("https://www.BBC.co.uk/news/x"),
            Some("bbc.co.uk".into())
        );
        assert_eq!(host("http://user@cnn.com:80/a"), Some("cnn.com".into()));
        assert_eq!(host("javascript:alert(1)"), None);
    }

    #[test]
    fn rows_that_cannot_be_annotations_say_why() {
        let id = "116a3920-c41c-11e4-883c-a7fa7a3c5066";
        let ok = row(
            id,
            "World's  oldest\nburger",
            "for",
            "c1",
            None,
            Some("yahoo.com"),
        )
        .unwrap();
        assert_eq!(ok.claims[0].claim.quote, "World's oldest burger");
        assert_eq!(ok.claims[0].claim.stance, Stance::Supports);
        assert_eq!(ok.published, date("2015-03-06").unwrap());
        let why = |r: Result<ArticleOut, String>| r.unwrap_err();
        assert!(why(row("../../etc", "h", "for", "c", None, Some("s"))).contains("not a UUID"));
        assert!(why(row(id, " ", "for", "c", None, Some("s"))).contains("headline is empty"));
        for invisible in ["\u{200B}", "\u{7F}\u{9B}", "\u{FEFF} \u{2060}"] {
            assert!(
                why(row(id, invisible, "for", "c", None, Some("s"))).contains("no visible text"),
                "{invisible:?}"
            );
        }
        assert!(why(row(id, "h", "maybe", "c", None, Some("s"))).contains("unknown stance"));
        assert!(why(row(id, "h", "for", "c", None, None)).contains("no outlet"));
        assert!(
            why(row(id, "h", "for", "c\td", None, Some("s")))
                .contains("claimId `c\\td` holds a tab")
        );
        assert!(why(row(id, "h", "\u{1b}[2J", "c", None, Some("s"))).contains("`\\u{1b}[2J`"));
    }
}
