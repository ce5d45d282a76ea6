//! Loading a whole corpus: discovery, then every annotation file parsed.

use std::path::Path;

use rayon::prelude::*;

use crate::annotation::{Limits, parse_annotation};
use crate::corpus::{CorpusError, CorpusFiles, discover, read_text};
use crate::model::Annotation;
use crate::problem::Problem;
use crate::speakers::{Aliases, SPEAKERS_FILE};

/// A loaded corpus: the annotations that could be read (in path order) and
/// every problem met while reading them.
#[derive(Debug)]
pub struct Loaded {
    pub files: CorpusFiles,
    pub annotations: Vec<Annotation>,
    /// Speaker aliases from speakers.yaml (empty when there is none).
    pub aliases: Aliases,
    pub problems: Vec<Problem>,
}

/// Loads every annotation file of the corpus at `root`.
pub fn load(root: &Path, limits: &Limits) -> Result<Loaded, CorpusError> {
    let mut files = discover(root)?;
    let mut problems = std::mem::take(&mut files.problems);
    // Files are parsed in parallel; collecting keeps path order, so the
    // result is the same as a single-threaded run.
    let entries: Vec<(&String, &crate::corpus::CorpusFile)> = files.annotations.iter().collect();
    let parsed: Vec<(Option<Annotation>, Vec<Problem>)> = entries
        .par_iter()
        .map(
            |(key, file)| match read_text(file, limits.max_annotation_bytes) {
                Ok(text) => {
                    let article = files.articles.get(*key).map(|a| a.rel.as_str());
                    let parsed = parse_annotation(&text, key, &file.rel, article, limits);
                    (parsed.annotation, parsed.problems)
                }
                Err(p) => (None, vec![p]),
            },
        )
        .collect();
    let mut annotations = Vec::with_capacity(parsed.len());
    for (annotation, found) in parsed {
        problems.extend(found);
        annotations.extend(annotation);
    }
    let aliases = load_aliases(&files, limits, &mut problems);
    Ok(Loaded {
        files,
        annotations,
        aliases,
        problems,
    })
}

/// Reads speakers.yaml at the corpus root, if there is one.
fn load_aliases(files: &CorpusFiles, limits: &Limits, problems: &mut Vec<Problem>) -> Aliases {
    let path = files.root.join(SPEAKERS_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return Aliases::default();
    }
    let file = crate::corpus::CorpusFile {
        rel: SPEAKERS_FILE.to_owned(),
        abs: path,
    };
    match read_text(&file, limits.max_annotation_bytes) {
        Ok(text) => {
            let (aliases, found) = Aliases::parse(&text);
            problems.extend(found);
            aliases
        }
        Err(p) => {
            problems.push(p);
            Aliases::default()
        }
    }
}
