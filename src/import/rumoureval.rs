//! RumourEval 2017 (SemEval-2017 Task 8): Twitter threads about rumours,
//! each tweet labelled support, deny, query or comment.
//!
//! Reads a folder holding thread folders (`<thread>/source-tweet/<id>.json`
//! and `<thread>/replies/<id>.json`, at any depth) and the stance labels
//! (every `subtaskA.json` below it). Each thread becomes one article,
//! `articles/<source tweet id>.txt`, holding its tweets in time order, one
//! a line (`@author, time: text`), annotated with one claim a tweet:
//!
//! - id: the tweet's id; speaker: `@` and its author's screen name;
//! - claim: the source tweet's text without links (the rumour every tweet
//!   of the thread takes a stance on); quote: the tweet's text;
//! - stance: support → supports, deny → refutes, query and comment → unsure;
//! - date: the tweet's UTC day (the time is kept in `note`); published:
//!   the day of the thread's last tweet.
//!
//! gold.tsv maps each claim to its thread (the source tweet's id).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, FixedOffset, Utc};
use serde::Deserialize;
use walkdir::WalkDir;

use super::{ArticleOut, ClaimOut, ImportError, Imported, Skipped, one_line, safe_stem};
use crate::annotation::Limits;
use crate::date::PartialDate;
use crate::edit::{NewClaim, quote_is_visible};
use crate::model::Stance;
use crate::safe_fs::{Links, read_bounded};

#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub dir: &'a Path,
    pub out: &'a Path,
    pub force: bool,
}

/// The fields of a Twitter API tweet object that the import uses.
#[derive(Debug, Deserialize)]
struct Tweet {
    id_str: String,
    text: String,
    created_at: String,
    user: User,
}

#[derive(Debug, Deserialize)]
struct User {
    screen_name: String,
}

/// A tweet ready to become a claim.
struct Parsed {
    id: String,
    text: String,
    at: DateTime<Utc>,
    author: String,
}

/// Imports the threads under `options.dir` into `options.out`, skipping
/// what would not pass `check` with the default [`Limits`].
pub fn import(options: &Options) -> Result<Imported, ImportError> {
    import_with_limits(options, &Limits::default())
}

/// [`import`], skipping what would not pass `check` with `limits`.
pub fn import_with_limits(options: &Options, limits: &Limits) -> Result<Imported, ImportError> {
    let meta = std::fs::metadata(options.dir).map_err(|source| ImportError::Read {
        path: options.dir.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(ImportError::Format {
            path: options.dir.to_path_buf(),
            message: "is not a folder: give RumourEval 2017's folder of thread folders".into(),
        });
    }
    let mut imported = Imported::default();
    let mut labels: HashMap<String, String> = HashMap::new();
    let mut threads: Vec<PathBuf> = Vec::new();
    for entry in WalkDir::new(options.dir).sort_by_file_name() {
        let entry = entry.map_err(|e| ImportError::Read {
            path: e.path().unwrap_or(options.dir).to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("a loop of links")),
        })?;
        let path = entry.path();
        if entry.file_name() == "subtaskA.json" {
            let text = super::read_dataset_file(path, super::MAX_DATASET_FILE_BYTES)?;
            let map: HashMap<String, String> =
                serde_json::from_str(&text).map_err(|e| ImportError::Format {
                    path: path.to_path_buf(),
                    message: format!("not a map of tweet ids to stances: {e}"),
                })?;
            labels.extend(map);
        } else if entry.file_type().is_dir() && entry.file_name() == "source-tweet" {
            threads.push(path.parent().unwrap_or(path).to_path_buf());
        }
    }
    if threads.is_empty() {
        return Err(ImportError::Format {
            path: options.dir.to_path_buf(),
            message: "no thread folders (`<id>/source-tweet/<id>.json`): is this RumourEval 2017?"
                .into(),
        });
    }
    let mut articles = Vec::new();
    for thread in &threads {
        match import_thread(thread, &labels, &mut imported.skipped) {
            Ok(Some(article)) => articles.push(article),
            Ok(None) => {}
            Err(why) => imported.skipped.push(Skipped {
                at: thread.display().to_string(),
                why,
            }),
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

/// One thread folder as an article; tweets that cannot be claims are added
/// to `skipped`. `Err` when the source tweet itself is unusable.
fn import_thread(
    thread: &Path,
    labels: &HashMap<String, String>,
    skipped: &mut Vec<Skipped>,
) -> Result<Option<ArticleOut>, String> {
    let json_files = |dir: &Path| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "json"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    };
    let sources = json_files(&thread.join("source-tweet"));
    let [source_file] = sources.as_slice() else {
        return Err(format!("{} source tweets, expected one", sources.len()));
    };
    let source = parse(source_file)?;
    if !safe_stem(&source.id) {
        return Err(format!(
            "source tweet id `{}` is not a number",
            source.id.escape_debug()
        ));
    }
    let mut tweets = vec![source];
    for file in json_files(&thread.join("replies")) {
        match parse(&file) {
            Ok(t) => tweets.push(t),
            Err(why) => skipped.push(Skipped {
                at: file.display().to_string(),
                why,
            }),
        }
    }
    let source_id = tweets[0].id.clone();
    let rumour = without_links(&tweets[0].text);
    if !quote_is_visible(&rumour) {
        return Err("the source tweet has no visible text besides links".into());
    }
    // Time order; the source first among equals, then by id.
    tweets[1..].sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    let mut text = String::new();
    let mut claims = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for t in &tweets {
        let at = |why: &str| Skipped {
            at: format!("{}#{}", thread.display(), t.id.escape_debug()),
            why: why.to_owned(),
        };
        if !safe_stem(&t.id) || !ids.insert(t.id.clone()) {
            skipped.push(at("the tweet id is not a number, or is repeated"));
            continue;
        }
        let stance = match labels.get(&t.id).map(String::as_str) {
            Some("support") => Stance::Supports,
            Some("deny") => Stance::Refutes,
            Some("query" | "comment") => Stance::Unsure,
            Some(other) => {
                skipped.push(at(&format!(
                    "unknown stance label `{}`",
                    other.escape_debug()
                )));
                continue;
            }
            None => {
                skipped.push(at("no stance label"));
                continue;
            }
        };
        if !quote_is_visible(&t.text) {
            skipped.push(at(
                "the tweet has no visible text (only invisible or control characters)",
            ));
            continue;
        }
        text.push_str(&format!(
            "@{}, {}: {}\n",
            t.author,
            t.at.format("%Y-%m-%d %H:%M:%S UTC"),
            t.text
        ));
        claims.push(ClaimOut {
            id: t.id.clone(),
            claim: NewClaim {
                id: None,
                claim: rumour.clone(),
                stance,
                speaker: format!("@{}", t.author),
                quote: t.text.clone(),
                date: Some(day(t.at)),
                topic: None,
            },
            note: Some(format!("tweeted {}", t.at.format("%Y-%m-%d %H:%M:%S UTC"))),
            gold: source_id.clone(),
        });
    }
    if claims.is_empty() {
        return Ok(None);
    }
    let last = tweets.iter().map(|t| t.at).max().expect("a source tweet");
    let title = format!("@{}: {}", tweets[0].author, one_line(&tweets[0].text));
    Ok(Some(ArticleOut {
        stem: source_id,
        text,
        title,
        published: day(last),
        outlet: Some("Twitter".into()),
        url: Some(format!(
            "https://twitter.com/{}/status/{}",
            tweets[0].author, tweets[0].id
        )),
        claims,
    }))
}

fn parse(path: &Path) -> Result<Parsed, String> {
    let bytes = read_bounded(path, super::MAX_TWEET_FILE_BYTES, Links::Follow)
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| "is not valid UTF-8".to_owned())?;
    let tweet: Tweet = serde_json::from_str(&text).map_err(|e| format!("not a tweet: {e}"))?;
    let at = DateTime::<FixedOffset>::parse_from_str(&tweet.created_at, "%a %b %d %H:%M:%S %z %Y")
        .map_err(|e| format!("created_at `{}`: {e}", tweet.created_at.escape_debug()))?
        .with_timezone(&Utc);
    let author = tweet.user.screen_name.trim().to_owned();
    if author.is_empty() {
        return Err("no author".into());
    }
    Ok(Parsed {
        id: tweet.id_str,
        text: one_line(&tweet.text),
        at,
        author,
    })
}

fn day(t: DateTime<Utc>) -> PartialDate {
    PartialDate::from_ymd(t.year(), t.month(), t.day()).expect("a real day")
}

/// The text without `http://` and `https://` links.
fn without_links(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !w.starts_with("http://") && !w.starts_with("https://"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rumour_is_the_source_text_without_links() {
        assert_eq!(
            without_links("France: 10 people dead #CharlieHebdo http://t.co/FkYxGmuS58"),
            "France: 10 people dead #CharlieHebdo"
        );
    }
}
