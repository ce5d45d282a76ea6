//! `new`: a skeleton annotation file for each article that has none.

use std::path::Path;

use crate::annotation::Limits;
use crate::article;
use crate::article::path::{ArticlePathError, resolve_article};
use crate::corpus::{CLAIMS_DIR, CorpusError, CorpusFile, discover, read_text};
use crate::write::{lock_corpus, prepare_parent_in, write_atomic};
use crate::yaml;

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

/// Why `new` stopped: exit status 2. An I/O error is the source of the
/// error that wraps it, printed after it by whoever prints the chain.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    /// An ARTICLE argument names no article `new` may write a skeleton for.
    #[error(transparent)]
    Article(#[from] ArticlePathError),
    /// The corpus's folders could not be listed. Its message holds its
    /// cause, so the cause is not a source again.
    #[error("{0}")]
    Corpus(CorpusError),
    /// The corpus's write lock could not be taken.
    #[error("cannot take the write lock")]
    Lock(#[source] std::io::Error),
    /// Writing the skeleton `path` failed.
    #[error("{path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Writes a skeleton for each given article (paths from the root), or for
/// every article without an annotation file when none is given. Existing
/// files are never overwritten.
pub fn write_skeletons(
    root: &Path,
    given: &[String],
    limits: &Limits,
) -> Result<NewOutcome, NewError> {
    let articles: Vec<(CorpusFile, String)> = if given.is_empty() {
        let files = discover(root).map_err(NewError::Corpus)?;
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
    let _lock = lock_corpus(root).map_err(NewError::Lock)?;
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
        if content.len() as u64 > limits.max_annotation_bytes {
            outcome.skipped.push((
                file.rel,
                format!(
                    "its skeleton would be {} bytes, over the limit of {} bytes that `check` reads (--max-file-size)",
                    content.len(),
                    limits.max_annotation_bytes
                ),
            ));
            continue;
        }
        let io = |source| NewError::Io {
            path: rel.clone(),
            source,
        };
        prepare_parent_in(root, &target).map_err(io)?;
        write_atomic(&target, content.as_bytes()).map_err(io)?;
        outcome.written.push(skeleton);
    }
    Ok(outcome)
}

/// The longest first line taken as the title by `new` and `add`: a longer
/// one is a paragraph, not a title, and would only swell the file.
pub const MAX_TITLE_CHARS: usize = 500;

/// The most quoted passages listed in a skeleton, so that its size stays
/// far below the annotation file limit whatever the article.
pub const MAX_LISTED_PASSAGES: usize = 200;

/// The title `new` and `add` write: the article's first line, unless it is
/// longer than [`MAX_TITLE_CHARS`].
pub fn default_title(text: &str) -> Option<String> {
    article::title(text).filter(|t| t.chars().count() <= MAX_TITLE_CHARS)
}

/// The marker's text, as a literal so that [`MARKER_LINE`] can be built from it.
macro_rules! marker_comment {
    () => {
        "claimtrack: not annotated yet. Add claims with claimtrack add, or delete this comment if the article has none."
    };
}

/// The comment that marks a skeleton's claim list as not yet annotated.
/// `check` reports `not-annotated` for a file whose claim list is empty and
/// that holds a comment starting `claimtrack: not annotated` (any case), so
/// the skeleton fails until a person adds a claim or deletes the comment,
/// leaving `claims: []`, which a person writes to say "read, nothing to
/// annotate".
pub const MARKER_COMMENT: &str = marker_comment!();

/// The claim list of a skeleton, as `new` writes it: the one line that
/// `add` may rewrite (to `claims:` and a block list).
pub const MARKER_LINE: &str = concat!("claims: []  # ", marker_comment!());

/// Whether the text of a YAML comment (what follows `#`) is the
/// not-annotated marker: it starts with `claimtrack: not annotated`, in
/// any case, after spaces.
pub fn is_marker_comment(after_hash: &str) -> bool {
    const START: &str = "claimtrack: not annotated";
    after_hash
        .trim_start()
        .get(..START.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(START))
}

/// The skeleton's text: title, `published` if a date was found (else an
/// empty one that fails `check` until filled in), the claim list marked as
/// not annotated ([`MARKER_LINE`]), and the article's quoted passages as
/// comments (the first [`MAX_LISTED_PASSAGES`]).
pub fn skeleton_text(article_rel: &str, rel: &str, text: &str) -> (String, Skeleton) {
    // Everything from the article or its path goes through the YAML
    // emitter, in values and comments alike, so the file reads back.
    let shown_rel = yaml::comment(article_rel);
    let mut out = format!("# Annotations for {shown_rel}, started by `claimtrack new`.\n");
    if let Some(title) = default_title(text) {
        out.push_str(&format!("title: {}\n", yaml::scalar(&title)));
    }
    let date = article::find_date(text);
    match &date {
        Some((d, found)) => out.push_str(&format!(
            "published: {d}  # found in the article: {}\n",
            yaml::comment(found)
        )),
        None => out.push_str("published: \"\"  # to do: YYYY-MM-DD, YYYY-MM or YYYY; no date was found in the article\n"),
    }
    out.push_str(MARKER_LINE);
    out.push('\n');
    let mut passages = article::quoted_passages(text);
    if !passages.is_empty() {
        out.push_str("# Quoted passages of the article, candidates to annotate:\n");
        for p in passages.iter().take(MAX_LISTED_PASSAGES) {
            out.push_str(&format!(
                "#   {}\n",
                yaml::comment(&crate::text::shorten(p, 300))
            ));
        }
        if passages.len() > MAX_LISTED_PASSAGES {
            out.push_str(&format!(
                "#   ... and {} more\n",
                passages.len() - MAX_LISTED_PASSAGES
            ));
            passages.truncate(MAX_LISTED_PASSAGES);
        }
    }
    let skeleton = Skeleton {
        path: rel.to_owned(),
        date: date.map(|(d, found)| (d.to_string(), found)),
        candidates: passages.len(),
    };
    (out, skeleton)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::parse_annotation;
    use crate::problem::Problem;
    use proptest::prelude::*;

    /// The error problems `check`'s reader finds in a skeleton, but
    /// `not-annotated`, which every skeleton has by design.
    fn errors_of(article_rel: &str, text: &str) -> (String, Vec<Problem>) {
        let (yaml, _) = skeleton_text(article_rel, "claims/a.yaml", text);
        let parsed = parse_annotation(
            &yaml,
            "a",
            "claims/a.yaml",
            Some("articles/a.txt"),
            &Limits::default(),
        );
        let errors = parsed
            .problems
            .into_iter()
            .filter(|p| p.is_error() && p.code.as_str() != "not-annotated")
            .collect();
        (yaml, errors)
    }

    #[test]
    fn the_claim_list_is_marked_as_not_annotated() {
        assert_eq!(
            MARKER_LINE,
            "claims: []  # claimtrack: not annotated yet. Add claims with claimtrack add, or delete this comment if the article has none."
        );
        let (yaml, _) = skeleton_text(
            "articles/a.txt",
            "claims/a.yaml",
            "Title\nMay 2, 2024\nShe said \"we will open the bridge\".\n",
        );
        assert_eq!(
            yaml,
            format!(
                "# Annotations for articles/a.txt, started by `claimtrack new`.\ntitle: Title\npublished: 2024-05-02  # found in the article: May 2, 2024\n{MARKER_LINE}\n# Quoted passages of the article, candidates to annotate:\n#   we will open the bridge\n"
            )
        );
        assert!(is_marker_comment(MARKER_COMMENT));
        assert!(is_marker_comment("  ClaimTrack: Not annotated"));
        assert!(!is_marker_comment(" none yet"));
        assert!(!is_marker_comment("claimtrack: annotated"));
    }

    #[test]
    fn a_year_as_title_and_raw_controls_still_read_back() {
        let text = "2015\nSeptember 29, 2016\nShe said \"we\u{7F} will \u{9B}open \u{FFFE}the\u{2028}bridge \u{85}soon\".\n";
        let (yaml, errors) = errors_of("articles/a\u{85}b\u{1b}[2J.txt", text);
        assert!(errors.is_empty(), "{yaml}\n{errors:?}");
        assert!(yaml.contains("title: \"2015\"\n"), "{yaml}");
        assert!(yaml.contains("\\u007F"), "{yaml}");
        assert!(!yaml.contains(['\u{7F}', '\u{9B}', '\u{FFFE}', '\u{85}', '\u{1b}']));
    }

    #[test]
    fn long_first_lines_and_many_passages_are_not_copied_whole() {
        let long = "word ".repeat(200);
        assert_eq!(default_title(&long), None);
        assert_eq!(
            default_title("Short title\nbody").as_deref(),
            Some("Short title")
        );
        let many: String = (0..500)
            .map(|i| format!("\"passage number {i} here\" "))
            .collect();
        let (yaml, skeleton) = skeleton_text("articles/a.txt", "claims/a.yaml", &many);
        assert_eq!(skeleton.candidates, MAX_LISTED_PASSAGES);
        assert!(yaml.contains("#   ... and 300 more\n"), "{yaml}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Whatever the article, its skeleton has no YAML, schema or date
        /// error, except the empty `published` left when no date was found.
        #[test]
        fn skeletons_of_any_article_read_back(
            lines in prop::collection::vec(any::<String>(), 0..4),
            dated in any::<bool>(),
            name in any::<String>(),
        ) {
            let mut text = lines.join("\n");
            if dated {
                text = format!("{text}\n2016-09-29\n\"{text}\"");
            }
            let rel = format!("articles/{name}.txt");
            let (yaml, errors) = errors_of(&rel, &text);
            let found = crate::article::find_date(&text).is_some();
            for e in &errors {
                prop_assert!(
                    !found && e.code == crate::problem::Code::BadDate && e.line == Some(yaml.lines().position(|l| l.starts_with("published:")).unwrap() as u32 + 1),
                    "{yaml:?}: {errors:?}"
                );
            }
        }
    }
}
