//! Finding a corpus's files and reading them safely.
//!
//! An article `articles/<path>/<stem>.txt` (or `.md`) pairs with the
//! annotation `claims/<path>/<stem>.yaml`; both are indexed by `<path>/<stem>`.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::problem::{Code, Problem};

pub const ARTICLES_DIR: &str = "articles";
pub const CLAIMS_DIR: &str = "claims";
pub const ARTICLE_EXTENSIONS: [&str; 2] = ["txt", "md"];
pub const ANNOTATION_EXTENSION: &str = "yaml";

/// Why a folder cannot be used as a corpus at all (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{0}: no such folder")]
    NoRoot(PathBuf),
    #[error(
        "{0} is not a claimtrack corpus: it has neither an articles/ nor a claims/ folder (use --root DIR)"
    )]
    NotACorpus(PathBuf),
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A file of the corpus: its path from the root (`/`-separated) and on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFile {
    pub rel: String,
    pub abs: PathBuf,
}

/// The files of a corpus, paired by key (`<path>/<stem>`).
#[derive(Debug, Default)]
pub struct CorpusFiles {
    pub root: PathBuf,
    pub articles: BTreeMap<String, CorpusFile>,
    pub annotations: BTreeMap<String, CorpusFile>,
    /// Files that were found but cannot be used (links out of the corpus, ...).
    pub problems: Vec<Problem>,
}

impl CorpusFiles {
    /// The article path that an annotation key would pair with, for messages.
    pub fn expected_article(key: &str) -> String {
        format!("{ARTICLES_DIR}/{key}.txt")
    }

    /// The annotation path for an article key.
    pub fn annotation_path(key: &str) -> String {
        format!("{CLAIMS_DIR}/{key}.{ANNOTATION_EXTENSION}")
    }
}

/// Lists the articles and annotation files under `root`.
pub fn discover(root: &Path) -> Result<CorpusFiles, CorpusError> {
    if !root.is_dir() {
        return Err(CorpusError::NoRoot(root.to_path_buf()));
    }
    let canonical_root = fs::canonicalize(root).map_err(|source| CorpusError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let articles_dir = root.join(ARTICLES_DIR);
    let claims_dir = root.join(CLAIMS_DIR);
    if !articles_dir.is_dir() && !claims_dir.is_dir() {
        return Err(CorpusError::NotACorpus(root.to_path_buf()));
    }
    let mut files = CorpusFiles {
        root: root.to_path_buf(),
        ..Default::default()
    };
    for (dir, is_article) in [(ARTICLES_DIR, true), (CLAIMS_DIR, false)] {
        for entry in walk(root, &canonical_root, dir, &mut files.problems) {
            let Some((key, ext)) = split_key(&entry.rel, dir) else {
                continue;
            };
            if is_article && ARTICLE_EXTENSIONS.contains(&ext.as_str()) {
                if let Some(first) = files.articles.get(&key) {
                    files.problems.push(Problem::new(
                        Code::Unreadable,
                        &entry.rel,
                        format!(
                            "{} and {} would share the annotation file {}; rename one of them",
                            first.rel,
                            entry.rel,
                            CorpusFiles::annotation_path(&key)
                        ),
                    ));
                    continue;
                }
                files.articles.insert(key, entry);
            } else if !is_article && ext == ANNOTATION_EXTENSION {
                files.annotations.insert(key, entry);
            }
        }
    }
    Ok(files)
}

/// Walks `root/dir` in a stable order, skipping hidden entries. Links are not
/// followed: a link to a file inside the corpus is used, any other link is
/// reported as unreadable.
fn walk(
    root: &Path,
    canonical_root: &Path,
    dir: &str,
    problems: &mut Vec<Problem>,
) -> Vec<CorpusFile> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(&base)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let rel = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| dir.to_owned());
                problems.push(Problem::new(
                    Code::Unreadable,
                    rel,
                    format!("cannot be read: {err}"),
                ));
                continue;
            }
        };
        let rel = relative(root, entry.path());
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        if file_type.is_symlink() {
            match fs::canonicalize(entry.path()) {
                Ok(target) if !target.starts_with(canonical_root) => {
                    problems.push(Problem::new(
                        Code::Unreadable,
                        rel,
                        "is a link that leads outside the corpus; it is not followed",
                    ));
                    continue;
                }
                Ok(target) if target.is_dir() => {
                    problems.push(Problem::new(
                        Code::Unreadable,
                        rel,
                        "is a link to a folder; links to folders are not followed",
                    ));
                    continue;
                }
                Ok(_) => {}
                Err(_) => {
                    problems.push(Problem::new(Code::Unreadable, rel, "is a broken link"));
                    continue;
                }
            }
        }
        out.push(CorpusFile {
            rel,
            abs: entry.path().to_path_buf(),
        });
    }
    out
}

/// `root`-relative path with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Splits `dir/<path>/<stem>.<ext>` into (`<path>/<stem>`, `ext`).
fn split_key(rel: &str, dir: &str) -> Option<(String, String)> {
    let inner = rel.strip_prefix(dir)?.strip_prefix('/')?;
    let (stem, ext) = inner.rsplit_once('.')?;
    if stem.is_empty() || stem.ends_with('/') || ext.contains('/') {
        return None;
    }
    Some((stem.to_owned(), ext.to_ascii_lowercase()))
}

/// Opens a corpus file for reading, with its size, once its metadata shows a
/// regular file of at most `limit` bytes. It looks (`meta`, what
/// `fs::metadata` gave) before it opens: opening a FIFO would wait for a
/// writer.
fn open_regular(
    file: &CorpusFile,
    limit: u64,
    meta: std::io::Result<fs::Metadata>,
) -> Result<(fs::File, u64), Problem> {
    let unreadable = |msg: String| Problem::new(Code::Unreadable, &file.rel, msg);
    let meta = meta.map_err(|e| unreadable(format!("cannot be read: {e}")))?;
    if !meta.is_file() {
        return Err(unreadable("is not a regular file".to_owned()));
    }
    if meta.len() > limit {
        return Err(unreadable(format!(
            "is {} bytes, over the limit of {limit} bytes (raise it with --max-file-size)",
            meta.len()
        )));
    }
    let opened =
        fs::File::open(&file.abs).map_err(|e| unreadable(format!("cannot be read: {e}")))?;
    Ok((opened, meta.len()))
}

/// Reads a corpus file as UTF-8 text (a leading byte order mark is dropped),
/// refusing special files and files over `limit` bytes.
pub fn read_text(file: &CorpusFile, limit: u64) -> Result<String, Problem> {
    read_text_with(file, limit, fs::metadata(&file.abs))
}

/// [`read_text`] with the file's metadata, as the caller already looked it
/// up (`fs::metadata`, which follows links): one system call less a file.
pub fn read_text_with(
    file: &CorpusFile,
    limit: u64,
    meta: std::io::Result<fs::Metadata>,
) -> Result<String, Problem> {
    let unreadable = |msg: String| Problem::new(Code::Unreadable, &file.rel, msg);
    let (opened, len) = open_regular(file, limit, meta)?;
    let mut bytes = Vec::with_capacity(len as usize);
    opened
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(format!("cannot be read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(unreadable(format!(
            "grew past the limit of {limit} bytes while being read (raise it with --max-file-size)"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let byte = e.as_bytes()[offset];
        unreadable(format!(
            "is not valid UTF-8: byte 0x{byte:02X} at byte offset {offset}; save the file as UTF-8"
        ))
    })?;
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pair_nested_articles_and_annotations() {
        assert_eq!(
            split_key("articles/2017/a.b.txt", "articles"),
            Some(("2017/a.b".into(), "txt".into()))
        );
        assert_eq!(
            split_key("claims/x.yaml", "claims"),
            Some(("x".into(), "yaml".into()))
        );
        assert_eq!(split_key("claims/noext", "claims"), None);
        assert_eq!(split_key("claims/.yaml", "claims"), None);
    }
}
