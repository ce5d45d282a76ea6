//! `import`: a spec-valid corpus (articles/ + claims/) from a public
//! dataset, with the dataset's own grouping written beside it as
//! `gold.tsv` (`reference<TAB>gold group`) for `eval`.
//!
//! - [`emergent`]: Emergent's CSV, one article per headline;
//! - [`rumoureval`]: RumourEval 2017's tweet threads, one article per thread.
//!
//! Rows that cannot become valid annotations are skipped and reported, never
//! guessed at: among them quotes with no visible text, and articles or
//! annotation files over the size `check` reads ([`Limits`]). Nothing is
//! written outside the output folder, and no file is replaced unless asked
//! (`force`).
//!
//! Dataset files are read bounded: a file that is not a regular file (a
//! FIFO, `/dev/zero`) is refused at once, and none is read past
//! [`MAX_DATASET_FILE_BYTES`] (a tweet past [`MAX_TWEET_FILE_BYTES`]), so
//! a wrong path can neither hang `import` nor fill its memory.

pub mod emergent;
pub mod rumoureval;
pub mod webannotation;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::annotation::{Limits, parse_annotation};
use crate::date::PartialDate;
use crate::edit::{ClaimText, NewClaim};
use crate::safe_fs::{Links, ReadError, read_bounded};
use crate::text::ArticleText;
use crate::yaml::scalar;

/// The largest dataset file read (Emergent's CSV, a split, RumourEval's
/// labels): 1 GiB, a thousand times Emergent's 0.9 MB.
pub const MAX_DATASET_FILE_BYTES: u64 = 1 << 30;

/// The largest tweet file read: 16 MiB, some thousand times a real tweet's.
pub const MAX_TWEET_FILE_BYTES: u64 = 16 << 20;

/// Why an import could not run at all (rows that cannot be imported are
/// [`Skipped`], not errors).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}")]
    Read { path: PathBuf, source: io::Error },
    /// Not a regular file, or too large: `why` completes "PATH ...".
    #[error("cannot read {path}: it {why}")]
    Refused { path: PathBuf, why: ReadError },
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    #[error("{0} already exists: import into a new folder, or pass --force to replace its files")]
    Exists(PathBuf),
    #[error("cannot write {path}")]
    Write { path: PathBuf, source: io::Error },
}

/// A row or record left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Where it is in the dataset: `file:line` or a tweet's file.
    pub at: String,
    pub why: String,
}

/// What an import wrote.
#[derive(Debug, Default)]
pub struct Imported {
    pub articles: usize,
    pub claims: usize,
    pub skipped: Vec<Skipped>,
}

/// One claim of an imported annotation file.
#[derive(Debug, Clone)]
pub(crate) struct ClaimOut {
    pub id: String,
    /// The claim's fields, as `add` takes them (its `id` unused).
    pub claim: NewClaim,
    pub note: Option<String>,
    /// The dataset's group for this claim (a line of gold.tsv).
    pub gold: String,
}

/// One article and its annotation file.
#[derive(Debug, Clone)]
pub(crate) struct ArticleOut {
    /// File stem under articles/ and claims/: a dataset id, checked to be
    /// only ASCII letters, digits and `-` so it cannot leave the folder.
    pub stem: String,
    pub text: String,
    pub title: String,
    pub published: PartialDate,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub claims: Vec<ClaimOut>,
}

/// True when `id` can name a file: ASCII letters, digits and `-`, not empty.
pub(crate) fn safe_stem(id: &str) -> bool {
    !id.is_empty() && id.len() <= 100 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Text as one line: white space (line breaks included) collapsed, trimmed.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl ArticleOut {
    fn annotation_yaml(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!("title: {}\n", scalar(&self.title)));
        out.push_str(&format!("published: {}\n", self.published));
        if let Some(o) = &self.outlet {
            out.push_str(&format!("outlet: {}\n", scalar(o)));
        }
        if let Some(u) = &self.url {
            out.push_str(&format!("url: {}\n", scalar(u)));
        }
        out.push_str("claims:\n");
        for c in &self.claims {
            let mut item = ClaimText::new(&c.id, &c.claim);
            if let Some(note) = &c.note {
                item = item.with_note(note);
            }
            out.push_str(&item.block(2, 4, "\n"));
        }
        out
    }
}

/// Ends an import: articles in order of their stem (the first of a repeated
/// stem kept, the others skipped), those that would not pass `check` under
/// `limits` skipped, the others written to `out`.
pub(crate) fn finish(
    out: &Path,
    mut articles: Vec<ArticleOut>,
    force: bool,
    mut skipped: Vec<Skipped>,
    limits: &Limits,
) -> Result<Imported, ImportError> {
    articles.sort_by(|a, b| a.stem.cmp(&b.stem));
    articles.dedup_by(|later, first| {
        let repeated = later.stem == first.stem;
        if repeated {
            skipped.push(Skipped {
                at: later.stem.clone(),
                why: "the id is repeated; the first one is kept".into(),
            });
        }
        repeated
    });
    let mut files = Vec::with_capacity(articles.len());
    for article in articles {
        let yaml = article.annotation_yaml();
        match readable(&article, &yaml, limits) {
            Ok(()) => files.push((article, yaml)),
            Err(why) => skipped.push(Skipped {
                at: article.stem.clone(),
                why,
            }),
        }
    }
    let (n_articles, n_claims) = write_corpus(out, &files, force)?;
    Ok(Imported {
        articles: n_articles,
        claims: n_claims,
        skipped,
    })
}

/// Whether `check` will read the article and its annotation file `yaml`
/// without an error: both within the size limits, the file within the
/// claim limit and valid, every quote found in the article. The rows of a
/// dataset are checked one by one before; this catches what they miss.
fn readable(article: &ArticleOut, yaml: &str, limits: &Limits) -> Result<(), String> {
    let over = |what: &str, size: usize, limit: u64| {
        format!(
            "{what} would be {size} bytes, over the limit of {limit} bytes that `check` reads (--max-file-size)"
        )
    };
    if article.text.len() as u64 > limits.max_article_bytes {
        return Err(over(
            "the article",
            article.text.len(),
            limits.max_article_bytes,
        ));
    }
    if yaml.len() as u64 > limits.max_annotation_bytes {
        return Err(over(
            "the annotation file",
            yaml.len(),
            limits.max_annotation_bytes,
        ));
    }
    if article.claims.len() > limits.max_claims_per_file {
        return Err(format!(
            "it has {} claims, over the limit of {} per file that `check` reads (--max-claims)",
            article.claims.len(),
            limits.max_claims_per_file
        ));
    }
    let rel = format!("claims/{}.yaml", article.stem);
    let parsed = parse_annotation(yaml, &article.stem, &rel, None, limits);
    if let Some(p) = parsed.problems.iter().find(|p| p.is_error()) {
        return Err(format!(
            "its annotation would not pass `check`: {}",
            p.message
        ));
    }
    // One pass for all quotes: a thread of many tweets stays linear.
    let quotes: Vec<&str> = article
        .claims
        .iter()
        .map(|c| c.claim.quote.as_str())
        .collect();
    let counts = ArticleText::new(&article.text).count_all(&quotes);
    match article.claims.iter().zip(counts).find(|(_, n)| *n == 0) {
        Some((c, _)) => Err(format!(
            "the quote of claim `{}` would not be found in the article",
            c.id
        )),
        None => Ok(()),
    }
}

/// Writes the corpus: every file is checked first, so that a refused import
/// writes nothing. New files are written directly; with `force`, existing
/// ones are replaced atomically.
fn write_corpus(
    out: &Path,
    articles: &[(ArticleOut, String)],
    force: bool,
) -> Result<(usize, usize), ImportError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ImportError::Write { path, source }
    };
    let mut files: Vec<(PathBuf, String)> = Vec::with_capacity(articles.len() * 2 + 1);
    let mut gold = String::new();
    for (a, yaml) in articles {
        debug_assert!(safe_stem(&a.stem));
        files.push((
            out.join("articles").join(format!("{}.txt", a.stem)),
            a.text.clone(),
        ));
        files.push((
            out.join("claims").join(format!("{}.yaml", a.stem)),
            yaml.clone(),
        ));
        for c in &a.claims {
            gold.push_str(&format!("{}#{}\t{}\n", a.stem, c.id, c.gold));
        }
    }
    files.push((out.join("gold.tsv"), gold));
    for dir in ["articles", "claims"] {
        let path = out.join(dir);
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(ImportError::Format {
                path,
                message: "is a symbolic link; import writes only inside the output folder".into(),
            });
        }
    }
    if !force
        && let Some((existing, _)) = files.iter().find(|(p, _)| fs::symlink_metadata(p).is_ok())
    {
        return Err(ImportError::Exists(existing.clone()));
    }
    for dir in [out.join("articles"), out.join("claims")] {
        fs::create_dir_all(&dir).map_err(write_err(&dir))?;
    }
    for (path, text) in &files {
        if fs::symlink_metadata(path).is_ok() {
            crate::write::write_atomic(path, text.as_bytes()).map_err(write_err(path))?;
        } else {
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(write_err(path))?;
            io::Write::write_all(&mut file, text.as_bytes()).map_err(write_err(path))?;
        }
    }
    let claims = articles.iter().map(|(a, _)| a.claims.len()).sum();
    Ok((articles.len(), claims))
}

/// A dataset file as text: a regular file of at most `limit` bytes, in UTF-8.
pub(crate) fn read_dataset_file(path: &Path, limit: u64) -> Result<String, ImportError> {
    let bytes = read_bounded(path, limit, Links::Follow).map_err(|why| match why {
        ReadError::Io(source) => ImportError::Read {
            path: path.to_path_buf(),
            source,
        },
        why => ImportError::Refused {
            path: path.to_path_buf(),
            why,
        },
    })?;
    String::from_utf8(bytes).map_err(|e| ImportError::Format {
        path: path.to_path_buf(),
        message: format!(
            "is not valid UTF-8 (at byte offset {})",
            e.utf8_error().valid_up_to()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stance;

    #[test]
    fn only_plain_ids_name_files() {
        assert!(safe_stem("116a3920-c41c-11e4-883c-a7fa7a3c5066"));
        assert!(safe_stem("552783667052167168"));
        for bad in ["", "../x", "a/b", "a b", "a.b", "é"] {
            assert!(!safe_stem(bad), "{bad:?}");
        }
    }

    #[test]
    fn annotation_files_quote_what_yaml_would_misread() {
        let a = ArticleOut {
            stem: "x".into(),
            text: "t\n".into(),
            title: "Yes: \"no\" # not a comment".into(),
            published: PartialDate::parse("2015-01-07").unwrap(),
            outlet: Some("true".into()),
            url: None,
            claims: vec![ClaimOut {
                id: "552783667052167168".into(),
                claim: NewClaim {
                    id: None,
                    claim: "- a list?".into(),
                    stance: Stance::Refutes,
                    speaker: "@null".into(),
                    quote: "null".into(),
                    date: PartialDate::parse("2015-01-08").ok(),
                    topic: None,
                },
                note: Some("11:07 UTC".into()),
                gold: "g".into(),
            }],
        };
        let yaml = a.annotation_yaml();
        assert!(
            yaml.contains("title: \"Yes: \\\"no\\\" # not a comment\"\n"),
            "{yaml}"
        );
        assert!(yaml.contains("outlet: \"true\"\n"), "{yaml}");
        assert!(yaml.contains("  - id: \"552783667052167168\"\n"), "{yaml}");
        assert!(yaml.contains("    quote: \"null\"\n"), "{yaml}");
        assert!(yaml.contains("    date: 2015-01-08\n"), "{yaml}");
    }
}
