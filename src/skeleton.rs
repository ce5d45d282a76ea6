//! `new`: a skeleton annotation file for each article that has none.

use std::path::Path;

use crate::annotation::Limits;
use crate::article;
use crate::corpus::{CLAIMS_DIR, CorpusFile, discover, read_text};
use crate::edit::{AddError, resolve_article, yaml_scalar};
use crate::write::{lock_corpus, write_atomic};

/// One skeleton written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skeleton {
    pub path: String,
    /// The publication date found in the text, and the text it was read from.
    pub date: Option<(String, String)>,
    pub candidates: usize,
}

/// What `new` did: skeletons written, and articles skipped with the reason.
#[derive(Debug, Default)]
pub struct NewOutcome {
    pub written: Vec<Skeleton>,
    pub skipped: Vec<(String, String)>,
}

/// Writes a skeleton for each given article (paths from the root), or for
/// every article without an annotation file when none is given. Existing
/// files are never overwritten.
pub fn write_skeletons(
    root: &Path,
    given: &[String],
    limits: &Limits,
) -> Result<NewOutcome, AddError> {
    let articles: Vec<(CorpusFile, String)> = if given.is_empty() {
        let files = discover(root).map_err(|e| AddError::Usage(e.to_string()))?;
        files
            .articles
            .into_iter()
            .filter(|(key, _)| !files.annotations.contains_key(key))
            .map(|(key, file)| (file, key))
            .collect()
    } else {
        given
            .iter()
            .map(|a| resolve_article(root, a))
            .collect::<Result<_, _>>()?
    };
    let _lock =
        lock_corpus(root).map_err(|e| AddError::Io(format!("cannot take the write lock: {e}")))?;
    let mut outcome = NewOutcome::default();
    for (file, key) in articles {
        let rel = format!("{CLAIMS_DIR}/{key}.yaml");
        let target = root.join(&rel);
        if std::fs::symlink_metadata(&target).is_ok() {
            outcome
                .skipped
                .push((file.rel, format!("{rel} already exists")));
            continue;
        }
        let text = match read_text(&file, limits.max_article_bytes) {
            Ok(t) => t,
            Err(p) => {
                outcome.skipped.push((file.rel, p.message));
                continue;
            }
        };
        let (content, skeleton) = skeleton_text(&file.rel, &rel, &text);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| AddError::Io(format!("{rel}: {e}")))?;
        }
        write_atomic(&target, content.as_bytes())
            .map_err(|e| AddError::Io(format!("{rel}: {e}")))?;
        outcome.written.push(skeleton);
    }
    Ok(outcome)
}

/// The skeleton's text: title, `published` if a date was found (else an
/// empty one that fails `check` until filled in), `claims: []`, and the
/// article's quoted passages as comments.
pub fn skeleton_text(article_rel: &str, rel: &str, text: &str) -> (String, Skeleton) {
    let mut out = format!("# Annotations for {article_rel}, started by `claimtrack new`.\n");
    if let Some(title) = article::title(text) {
        out.push_str(&format!("title: {}\n", yaml_scalar(&title)));
    }
    let date = article::find_date(text);
    match &date {
        Some((d, found)) => out.push_str(&format!("published: {d}  # found in the article: {}\n", found.replace('#', ""))),
        None => out.push_str("published: \"\"  # to do: YYYY-MM-DD, YYYY-MM or YYYY; no date was found in the article\n"),
    }
    out.push_str(&format!(
        "claims: []  # to do: claimtrack add {article_rel} --claim ... --stance supports|refutes|unsure --speaker ... --quote ...\n"
    ));
    let passages = article::quoted_passages(text);
    if !passages.is_empty() {
        out.push_str("# Quoted passages of the article, candidates to annotate:\n");
        for p in &passages {
            out.push_str(&format!("#   {}\n", crate::text::shorten(p, 300)));
        }
    }
    let skeleton = Skeleton {
        path: rel.to_owned(),
        date: date.map(|(d, found)| (d.to_string(), found)),
        candidates: passages.len(),
    };
    (out, skeleton)
}
