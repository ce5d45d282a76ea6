//! Where an ARTICLE argument points: an article file of the corpus and its
//! key, or why the path is refused.
//!
//! `add` and `new` both take ARTICLE paths and must refuse the same ones in
//! the same words; this is about the corpus's folders and links, not about
//! an article's text (the parent module), so it has a room of its own.

use std::ffi::OsStr;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::corpus::{ARTICLE_EXTENSIONS, ARTICLES_DIR, CorpusFile, relative};

/// Why an ARTICLE path names no article the commands may use: a usage
/// error (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum ArticlePathError {
    #[error("refused: `{given}` contains `..`; give the article's path under {dir}/", dir = ARTICLES_DIR)]
    ParentDir { given: String },
    /// The corpus root itself could not be resolved.
    #[error("{root}")]
    Root {
        root: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("refused: `{given}` is not inside {dir}/ of the corpus{hint}", dir = ARTICLES_DIR)]
    NotInside { given: String, hint: DidYouMean },
    #[error(
        "refused: `{given}` is a hidden entry (`{entry}` starts with `.`); claimtrack skips hidden files and folders under {dir}/, so its annotation would never be read",
        dir = ARTICLES_DIR
    )]
    Hidden { given: String, entry: String },
    #[error("refused: `{given}` passes through the link {link}; links to folders are not followed")]
    ThroughLink { given: String, link: String },
    #[error("no such article: {given}{hint}")]
    NoSuchArticle { given: String, hint: DidYouMean },
    #[error("refused: `{given}` is a link that leads outside {dir}/ of the corpus", dir = ARTICLES_DIR)]
    LeadsOutside { given: String },
    #[error("`{given}` is not a file")]
    NotAFile { given: String },
    #[error("`{given}` is not an article: articles end in .txt or .md")]
    NotAnArticle { given: String },
}

/// A hint for an ARTICLE path that names no article: "; did you mean
/// articles/x.txt?", or nothing when no article is close.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DidYouMean(pub Option<String>);

impl std::fmt::Display for DidYouMean {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(path) => write!(f, "; did you mean {path}?"),
            None => Ok(()),
        }
    }
}

/// Resolves ARTICLE (relative to the root, or absolute) to an article file of
/// the corpus, and its key. Refused, as usage errors: paths with `..`,
/// outside `articles/`, through a link to a folder or a link that leaves
/// `articles/`, and hidden entries (a component starting with `.`), which
/// every other command skips, so their annotation would never be read.
pub fn resolve_article(root: &Path, given: &str) -> Result<(CorpusFile, String), ArticlePathError> {
    let path = Path::new(given);
    if path.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err(ArticlePathError::ParentDir {
            given: given.to_owned(),
        });
    }
    let canonical_root = std::fs::canonicalize(root).map_err(|source| ArticlePathError::Root {
        root: root.to_path_buf(),
        source,
    })?;
    let names = names_under_articles(root, &canonical_root, given)?;
    refuse_hidden(given, &names)?;
    let lexical = names
        .iter()
        .fold(canonical_root.clone(), |p, name| p.join(name));
    refuse_links_to_folders(&canonical_root, given, &names)?;
    let canonical =
        std::fs::canonicalize(&lexical).map_err(|_| ArticlePathError::NoSuchArticle {
            given: given.to_owned(),
            hint: did_you_mean(&canonical_root, given),
        })?;
    if !canonical.starts_with(canonical_root.join(ARTICLES_DIR)) {
        return Err(ArticlePathError::LeadsOutside {
            given: given.to_owned(),
        });
    }
    if !canonical.is_file() {
        return Err(ArticlePathError::NotAFile {
            given: given.to_owned(),
        });
    }
    let rel = relative(&canonical_root, &lexical);
    let key = article_key(&rel).ok_or_else(|| ArticlePathError::NotAnArticle {
        given: given.to_owned(),
    })?;
    Ok((
        CorpusFile {
            rel,
            abs: canonical,
        },
        key,
    ))
}

/// The names of the path from the root as written (an absolute path must
/// name the root as given or as it resolves), before any link is followed:
/// `articles` and at least one more.
fn names_under_articles<'a>(
    root: &Path,
    canonical_root: &Path,
    given: &'a str,
) -> Result<Vec<&'a OsStr>, ArticlePathError> {
    let not_inside = || ArticlePathError::NotInside {
        given: given.to_owned(),
        hint: did_you_mean(canonical_root, given),
    };
    let path = Path::new(given);
    let from_root = if path.is_absolute() {
        path.strip_prefix(root)
            .or_else(|_| path.strip_prefix(canonical_root))
            .map_err(|_| not_inside())?
    } else {
        path
    };
    let names: Vec<&OsStr> = from_root
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name),
            _ => None,
        })
        .collect();
    if names.first() != Some(&OsStr::new(ARTICLES_DIR)) || names.len() < 2 {
        return Err(not_inside());
    }
    Ok(names)
}

/// Refuses a hidden entry under `articles/`: every other command skips it.
fn refuse_hidden(given: &str, names: &[&OsStr]) -> Result<(), ArticlePathError> {
    match names[1..]
        .iter()
        .find(|n| n.as_encoded_bytes().starts_with(b"."))
    {
        Some(hidden) => Err(ArticlePathError::Hidden {
            given: given.to_owned(),
            entry: hidden.to_string_lossy().into_owned(),
        }),
        None => Ok(()),
    }
}

/// Folders on the way must be real folders: the walk of every other
/// command does not follow links to folders.
fn refuse_links_to_folders(
    canonical_root: &Path,
    given: &str,
    names: &[&OsStr],
) -> Result<(), ArticlePathError> {
    let mut folder = canonical_root.to_path_buf();
    for name in &names[..names.len() - 1] {
        folder.push(name);
        if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(ArticlePathError::ThroughLink {
                given: given.to_owned(),
                link: relative(canonical_root, &folder),
            });
        }
    }
    Ok(())
}

/// The key of an article at `rel` (its path under `articles/` without the
/// extension), if its extension is an article's.
fn article_key(rel: &str) -> Option<String> {
    let inner = rel.strip_prefix(&format!("{ARTICLES_DIR}/")).unwrap_or(rel);
    let (stem, ext) = inner.rsplit_once('.').unwrap_or((inner, ""));
    let is_article = ARTICLE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        && !stem.is_empty()
        && !stem.ends_with('/');
    is_article.then(|| stem.to_owned())
}

/// A hint for an ARTICLE path that names no article: "; did you mean
/// articles/x.txt?" when `articles/GIVEN` is one, or when an article's path
/// is close to what was typed (a typo, a missing folder); else nothing.
fn did_you_mean(root: &Path, given: &str) -> DidYouMean {
    let under = Path::new(ARTICLES_DIR).join(given);
    if root.join(&under).is_file() {
        return DidYouMean(Some(under.display().to_string()));
    }
    let typed = given.trim_start_matches("./");
    let articles = walkdir::WalkDir::new(root.join(ARTICLES_DIR))
        .follow_links(false)
        .max_depth(8)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b"."))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .take(100_000)
        .map(|e| relative(root, e.path()));
    let best = articles
        .map(|rel| {
            let inner = rel
                .strip_prefix(&format!("{ARTICLES_DIR}/"))
                .unwrap_or(&rel);
            let score = strsim::jaro_winkler(typed, &rel).max(strsim::jaro_winkler(typed, inner));
            (score, rel)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    match best {
        Some((score, rel)) if score >= 0.85 => DidYouMean(Some(rel)),
        _ => DidYouMean(None),
    }
}
