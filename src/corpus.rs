//! Finding a corpus's files and reading them safely.
//!
//! An article `articles/<path>/<stem>.txt` (or `.md`) pairs with the
//! annotation `claims/<path>/<stem>.yaml`; both are indexed by `<path>/<stem>`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::problem::{Code, Problem};
use crate::safe_fs::{Links, ReadError, read_bounded};

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
        "{0} is not a claimtrack corpus: neither it nor a folder above it (up to a git repository's top) has an articles/ or claims/ folder (use --root DIR)"
    )]
    NotACorpus(PathBuf),
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The sentence-embedding model asked for cannot be used.
    #[error(transparent)]
    Model(#[from] crate::semantic::ModelError),
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

/// The corpus root for a command started in `start`: like git finds its
/// root, the nearest folder from `start` upwards that holds `articles/` or
/// `claims/`, stopping at a git repository's top folder (one that holds
/// `.git`) or the file system's root. `start` itself is returned as given
/// when it is the corpus root.
pub fn find_root(start: &Path) -> Result<PathBuf, CorpusError> {
    if !start.is_dir() {
        return Err(CorpusError::NoRoot(start.to_path_buf()));
    }
    let is_corpus = |dir: &Path| dir.join(ARTICLES_DIR).is_dir() || dir.join(CLAIMS_DIR).is_dir();
    if is_corpus(start) {
        return Ok(start.to_path_buf());
    }
    let absolute = std::path::absolute(start).map_err(|source| CorpusError::Io {
        path: start.to_path_buf(),
        source,
    })?;
    for dir in absolute.ancestors() {
        if is_corpus(dir) {
            return Ok(dir.to_path_buf());
        }
        if fs::symlink_metadata(dir.join(".git")).is_ok() {
            break;
        }
    }
    Err(CorpusError::NotACorpus(start.to_path_buf()))
}

/// A path the user gave relative to where they stand (`start`), made
/// relative to the corpus `root` found from there: `x.txt` typed in
/// `root/articles` is `articles/x.txt`. Absolute paths are left as they are.
pub fn from_start(start: &Path, root: &Path, given: &str) -> String {
    let path = Path::new(given);
    if path.is_absolute() || start == root {
        return given.to_owned();
    }
    let (Ok(start), Ok(root)) = (std::path::absolute(start), std::path::absolute(root)) else {
        return given.to_owned();
    };
    let Ok(sub) = start.strip_prefix(&root) else {
        return given.to_owned();
    };
    let mut parts: Vec<String> = Vec::new();
    for c in sub.join(path).components() {
        match c {
            std::path::Component::ParentDir if parts.pop().is_none() => return given.to_owned(),
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
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
    // The two trees must be folders of the corpus itself: a link there (to
    // anywhere) is reported and not walked, so no file outside the root is
    // ever read through it.
    let mut linked_trees = Vec::new();
    for dir in [ARTICLES_DIR, CLAIMS_DIR] {
        if fs::symlink_metadata(root.join(dir)).is_ok_and(|m| m.file_type().is_symlink()) {
            linked_trees.push(Problem::new(
                Code::Unreadable,
                dir,
                format!(
                    "{dir}/ is a link; links to folders are not followed, so its files are not read"
                ),
            ));
        }
    }
    let mut files = CorpusFiles {
        root: root.to_path_buf(),
        ..Default::default()
    };
    files.problems.extend(linked_trees.iter().cloned());
    let walked = |dir: &str| {
        if linked_trees.iter().any(|p| p.file == dir) {
            (Vec::new(), Vec::new())
        } else {
            walk(root, &canonical_root, dir)
        }
    };
    // Both trees are walked at once (see `walk`).
    let (articles, claims) = rayon::join(|| walked(ARTICLES_DIR), || walked(CLAIMS_DIR));
    let (articles, problems) = articles;
    files.problems.extend(problems);
    // Articles by key (`a.txt` and `a.md` share one annotation file): the
    // first in walk order is used, the other reported.
    let (articles, clashes) = first_per_key(
        articles,
        ARTICLES_DIR,
        &ARTICLE_EXTENSIONS,
        |first, other, key| {
            format!(
                "{} and {} would share the annotation file {}; rename one of them",
                first.rel,
                other.rel,
                CorpusFiles::annotation_path(key)
            )
        },
    );
    files.problems.extend(clashes);
    files.articles = articles.into_iter().collect();
    let (claims, problems) = claims;
    files.problems.extend(problems);
    // Annotations by key (`a.yaml` and `a.YAML` are one): likewise, rather
    // than one of them silently dropped.
    let (annotations, clashes) = first_per_key(
        claims,
        CLAIMS_DIR,
        &[ANNOTATION_EXTENSION],
        |first, other, key| {
            format!(
                "{} and {} both annotate {}; keep one of them",
                first.rel,
                other.rel,
                CorpusFiles::expected_article(key)
            )
        },
    );
    files.problems.extend(clashes);
    files.annotations = annotations.into_iter().collect();
    Ok(files)
}

/// The walked files of `dir` with one of `extensions`, by key, sorted: of
/// files that share a key the first in walk order is kept and each other
/// one is an `unreadable` problem (in walk order), worded by `clash`. The
/// sort is stable, so walk order holds among equal keys, and the caller
/// builds its map in bulk from the sorted list rather than by 200,000
/// insertions.
fn first_per_key(
    walked: Vec<CorpusFile>,
    dir: &str,
    extensions: &[&str],
    clash: impl Fn(&CorpusFile, &CorpusFile, &str) -> String,
) -> (Vec<(String, CorpusFile)>, Vec<Problem>) {
    let mut keyed: Vec<(String, usize, CorpusFile)> = walked
        .into_iter()
        .enumerate()
        .filter_map(|(i, entry)| {
            let (key, ext) = split_key(&entry.rel, dir)?;
            extensions
                .contains(&ext.as_str())
                .then_some((key, i, entry))
        })
        .collect();
    keyed.par_sort_by(|a, b| a.0.cmp(&b.0));
    let mut clashes: Vec<(usize, Problem)> = Vec::new();
    let mut unique: Vec<(String, CorpusFile)> = Vec::with_capacity(keyed.len());
    for (key, i, entry) in keyed {
        match unique.last() {
            Some((last, first)) if *last == key => clashes.push((
                i,
                Problem::new(Code::Unreadable, &entry.rel, clash(first, &entry, &key)),
            )),
            _ => unique.push((key, entry)),
        }
    }
    clashes.sort_by_key(|(i, _)| *i);
    (unique, clashes.into_iter().map(|(_, p)| p).collect())
}

/// Walks `root/dir` in a stable order, skipping hidden entries. Links are not
/// followed: a link to a file inside the corpus is used, any other link is
/// reported as unreadable.
fn walk(root: &Path, canonical_root: &Path, dir: &str) -> (Vec<CorpusFile>, Vec<Problem>) {
    let base = root.join(dir);
    if !base.is_dir() {
        return (Vec::new(), Vec::new());
    }
    let walker = |from: &Path, depth: usize| {
        WalkDir::new(from)
            .max_depth(depth)
            .follow_links(false)
            // Siblings share their parent's path, so comparing whole paths
            // orders them by name as `sort_by_file_name` does, without
            // taking each path apart at every comparison.
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    };
    // The folders right under `base` are walked in parallel (a corpus of
    // 200,000 files in folders of a thousand took 0.8 s to walk on one
    // thread), each folder's entries placed where one walk would list them.
    let top: Vec<walkdir::Result<walkdir::DirEntry>> = walker(&base, 1).collect();
    let parts: Vec<(Vec<CorpusFile>, Vec<Problem>)> = top
        .into_par_iter()
        .map(|entry| {
            let mut files = Vec::new();
            let mut problems = Vec::new();
            match entry {
                Ok(e) if e.depth() == 1 && e.file_type().is_dir() => {
                    for inner in walker(e.path(), usize::MAX) {
                        visit(
                            root,
                            &base,
                            canonical_root,
                            dir,
                            inner,
                            &mut files,
                            &mut problems,
                        );
                    }
                }
                entry => visit(
                    root,
                    &base,
                    canonical_root,
                    dir,
                    entry,
                    &mut files,
                    &mut problems,
                ),
            }
            (files, problems)
        })
        .collect();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (f, p) in parts {
        files.extend(f);
        problems.extend(p);
    }
    (files, problems)
}

/// One entry of a walk of `base` (`root/dir`): a file to use (into `out`),
/// or a problem.
fn visit(
    root: &Path,
    base: &Path,
    canonical_root: &Path,
    dir: &str,
    entry: walkdir::Result<walkdir::DirEntry>,
    out: &mut Vec<CorpusFile>,
    problems: &mut Vec<Problem>,
) {
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
            return;
        }
    };
    let rel = relative_under(root, base, dir, entry.path());
    let file_type = entry.file_type();
    if file_type.is_dir() {
        return;
    }
    if file_type.is_symlink() {
        match fs::canonicalize(entry.path()) {
            Ok(target) if !target.starts_with(canonical_root) => {
                problems.push(Problem::new(
                    Code::Unreadable,
                    rel,
                    "is a link that leads outside the corpus; it is not followed",
                ));
                return;
            }
            Ok(target) if target.is_dir() => {
                problems.push(Problem::new(
                    Code::Unreadable,
                    rel,
                    "is a link to a folder; links to folders are not followed",
                ));
                return;
            }
            // Resolved once, here: the file is read at its real place,
            // where a link swapped in later is not followed (`Links::Refuse`).
            Ok(target) => {
                out.push(CorpusFile { rel, abs: target });
                return;
            }
            Err(_) => {
                problems.push(Problem::new(Code::Unreadable, rel, "is a broken link"));
                return;
            }
        }
    }
    out.push(CorpusFile {
        rel,
        abs: entry.path().to_path_buf(),
    });
}

/// [`relative`] for a path found by walking `root/dir`: the walk joins
/// names with `/` onto `root/dir`, so the text after it is taken as is.
fn relative_under(root: &Path, base: &Path, dir: &str, path: &Path) -> String {
    let rest = base
        .to_str()
        .zip(path.to_str())
        .and_then(|(base, path)| path.strip_prefix(base)?.strip_prefix('/'));
    match rest {
        Some(rest) if !rest.is_empty() => format!("{dir}/{rest}"),
        _ => relative(root, path),
    }
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

/// Reads a corpus file as UTF-8 text (a leading byte order mark is dropped),
/// refusing special files, links swapped in since the walk and files over
/// `limit` bytes.
pub fn read_text(file: &CorpusFile, limit: u64) -> Result<String, Problem> {
    let unreadable = |msg: String| Problem::new(Code::Unreadable, &file.rel, msg);
    let bytes = read_bounded(&file.abs, limit, Links::Refuse).map_err(|e| {
        unreadable(match e {
            ReadError::TooLarge { .. } | ReadError::Grew { .. } => {
                format!("{e} (raise it with --max-file-size)")
            }
            e => e.to_string(),
        })
    })?;
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

/// A file at the corpus root (`speakers.yaml`), if there is one: a link
/// there is used only if it leads to a file inside the corpus.
pub fn root_file(root: &Path, name: &str) -> Option<Result<CorpusFile, Problem>> {
    let path = root.join(name);
    let meta = fs::symlink_metadata(&path).ok()?;
    if !meta.file_type().is_symlink() {
        return Some(Ok(CorpusFile {
            rel: name.to_owned(),
            abs: path,
        }));
    }
    let unreadable = |msg: &str| Problem::new(Code::Unreadable, name, msg);
    let inside = fs::canonicalize(root)
        .ok()
        .zip(fs::canonicalize(&path).ok())
        .filter(|(root, target)| target.starts_with(root));
    Some(match inside {
        Some((_, target)) => Ok(CorpusFile {
            rel: name.to_owned(),
            abs: target,
        }),
        None => Err(unreadable(
            "is a link that leads outside the corpus (or nowhere); it is not followed",
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_found_upwards_and_stops_at_a_git_repository() {
        let top = tempfile::tempdir().unwrap();
        let corpus = top.path().join("corpus");
        fs::create_dir_all(corpus.join("articles/2017")).unwrap();
        let deep = corpus.join("articles/2017");
        assert_eq!(find_root(&corpus).unwrap(), corpus);
        assert_eq!(
            find_root(&deep).unwrap(),
            std::path::absolute(&corpus).unwrap()
        );
        assert_eq!(from_start(&deep, &corpus, "x.txt"), "articles/2017/x.txt");
        assert_eq!(
            from_start(&deep, &corpus, "../2018/y.txt"),
            "articles/2018/y.txt"
        );
        assert_eq!(
            from_start(&corpus, &corpus, "articles/x.txt"),
            "articles/x.txt"
        );
        // A git repository's top folder ends the search.
        let repo = top.path().join("repo");
        fs::create_dir_all(repo.join(".git")).unwrap();
        fs::create_dir_all(repo.join("notes")).unwrap();
        fs::create_dir_all(top.path().join("articles")).unwrap();
        assert!(matches!(
            find_root(&repo.join("notes")),
            Err(CorpusError::NotACorpus(_))
        ));
    }

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

    /// The walk lists files in the order of one sorted walk (folders walked
    /// in parallel, names compared as whole paths), skips hidden entries,
    /// and of two articles with one key keeps the first in that order.
    #[test]
    fn walk_order_is_that_of_one_sorted_walk() {
        let root = tempfile::tempdir().unwrap();
        let names = [
            "articles/a.txt",
            "articles/a.md",
            "articles/a-b.txt",
            "articles/a.b.txt",
            "articles/B.txt",
            "articles/a/z.txt",
            "articles/a/y/x.txt",
            "articles/a-b/c.txt",
            "articles/.hidden/d.txt",
            "articles/e/.f.txt",
            "claims/a.yaml",
            "claims/a/z.yaml",
        ];
        for name in names {
            let path = root.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "x").unwrap();
        }
        let canonical = fs::canonicalize(root.path()).unwrap();
        let (found, problems) = walk(root.path(), &canonical, ARTICLES_DIR);
        assert!(problems.is_empty());
        let walked: Vec<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        let expected: Vec<String> = WalkDir::new(root.path().join(ARTICLES_DIR))
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| relative(root.path(), e.path()))
            .collect();
        assert_eq!(walked, expected);
        assert_eq!(walked.len(), 8, "{walked:?}");

        let files = discover(root.path()).unwrap();
        assert_eq!(files.articles["a"].rel, "articles/a.md");
        assert_eq!(files.articles["a/y/x"].rel, "articles/a/y/x.txt");
        assert_eq!(files.annotations["a/z"].rel, "claims/a/z.yaml");
        let messages: Vec<&str> = files.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "articles/a.md and articles/a.txt would share the annotation file claims/a.yaml; rename one of them"
            ]
        );
    }
}
