//! `check`: every rule of the spec's problem table, over a whole corpus.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

use crate::annotation::Limits;
use crate::cache::{Cache, Checked};
use crate::corpus::{CorpusError, CorpusFiles, read_text};
use crate::load::{Loaded, Progress, load_with};
use crate::model::Annotation;
use crate::problem::{Code, Problem, sort_problems};
use crate::reconcile::{Reconciled, similar_claim_problems};
use crate::text::{ArticleText, QuoteMatch, shorten};

/// What `check` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub limits: Limits,
    /// When set, only these articles (paths from the root) must have an
    /// annotation file; every other rule still applies to every file.
    pub require_annotation_for: Option<BTreeSet<String>>,
    /// Whether to use (and refresh) the on-disk cache of parsed annotations.
    pub use_cache: bool,
}

/// Checks the corpus at `root`; problems come sorted by file, line and column.
pub fn check(
    root: &Path,
    options: &CheckOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<Problem>, CorpusError> {
    let cache = if options.use_cache {
        Cache::open(root, &options.limits)
    } else {
        Cache::disabled()
    };
    let loaded = load_with(root, &options.limits, cache, progress)?;
    // The files are checked (their articles read) while the claims are
    // reconciled: on a cold disk the reads wait on it, and reconciling only
    // computes, so each fills the other's idle time. Only the similar-claim
    // search needs the groups.
    // Each result is cached as soon as it is known, beside what is still
    // being computed, and only if it was not all taken from the cache.
    let (checked, ((similar, similar_cached), ())) = rayon::join(
        || {
            let (checked, any_now) = file_findings(&loaded, options);
            if any_now {
                loaded.write_checked_cache(&checked);
            }
            checked
        },
        || {
            let (reconciled, computed) = loaded.reconcile();
            rayon::join(
                || similar_claims(&loaded, &reconciled),
                || {
                    if computed {
                        loaded.write_reconciled_cache(&reconciled);
                    }
                },
            )
        },
    );
    std::thread::scope(|s| {
        if !similar_cached {
            s.spawn(|| loaded.write_similar_cache(&similar));
        }
        Ok(all_problems(&loaded, options, &checked, &similar))
    })
}

/// The checks that follow loading: pairing, quotes, dates, similar claims.
pub fn check_loaded(
    loaded: &Loaded,
    reconciled: &Reconciled,
    options: &CheckOptions,
) -> Vec<Problem> {
    let ((checked, _), (similar, _)) = rayon::join(
        || file_findings(loaded, options),
        || similar_claims(loaded, reconciled),
    );
    all_problems(loaded, options, &checked, &similar)
}

/// Every problem, sorted: loading's, pairing's, each file's and the
/// similar-claim warnings.
fn all_problems(
    loaded: &Loaded,
    options: &CheckOptions,
    checked: &[Checked],
    similar: &[Problem],
) -> Vec<Problem> {
    let mut problems = loaded.problems.clone();
    problems.extend(pairing_problems(&loaded.files, options));
    problems.extend(checked.iter().flat_map(|c| c.problems.iter().cloned()));
    problems.extend(similar.iter().cloned());
    sort_problems(&mut problems);
    problems
}

/// Each annotation's own findings (dates, quotes against its article), in
/// annotation order, for the output and the cache, and whether any was
/// found now. Files whose annotation and article are unchanged since the
/// cache was written are not checked again.
fn file_findings(loaded: &Loaded, options: &CheckOptions) -> (Vec<Checked>, bool) {
    let (checked, now): (Vec<Checked>, Vec<bool>) = loaded
        .annotations
        .par_iter()
        .enumerate()
        .map(|(i, annotation)| {
            let article = annotation
                .article
                .as_ref()
                .and_then(|_| loaded.files.articles.get(&annotation.key));
            let stat = article
                .and_then(|a| std::fs::symlink_metadata(&a.abs).ok())
                .map(|m| crate::cache::Stamp::of(&m));
            if let Some(found) = loaded.cached_check(i, stat) {
                let cached = Checked {
                    article: stat,
                    problems: found.to_vec(),
                };
                return (cached, false);
            }
            let mut found = date_problems(annotation);
            if let Some(article) = article {
                match read_text(article, options.limits.max_article_bytes) {
                    Ok(text) => found.extend(quote_problems(annotation, &text)),
                    Err(p) => found.push(p),
                }
            }
            let checked = Checked {
                article: stat,
                problems: found,
            };
            (checked, true)
        })
        .unzip();
    let any_now = now.contains(&true);
    (checked, any_now)
}

/// The `similar-claim` warnings: cached for this very corpus (the flag
/// says so), or searched now.
fn similar_claims(loaded: &Loaded, reconciled: &Reconciled) -> (Vec<Problem>, bool) {
    match loaded.cached_similar() {
        Some(similar) => (similar, true),
        None => (
            similar_claim_problems(&loaded.annotations, reconciled),
            false,
        ),
    }
}

fn pairing_problems(files: &CorpusFiles, options: &CheckOptions) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (key, article) in &files.articles {
        let required = options
            .require_annotation_for
            .as_ref()
            .is_none_or(|set| set.contains(&article.rel));
        if required && !files.annotations.contains_key(key) {
            problems.push(Problem::new(
                Code::MissingAnnotation,
                &article.rel,
                format!(
                    "has no annotation file: create {} (`claimtrack new {}` writes a skeleton)",
                    CorpusFiles::annotation_path(key),
                    article.rel
                ),
            ));
        }
    }
    for (key, annotation) in &files.annotations {
        if !files.articles.contains_key(key) {
            problems.push(Problem::new(
                Code::OrphanAnnotation,
                &annotation.rel,
                format!(
                    "annotates {} (or .md), which does not exist; move or delete this file",
                    CorpusFiles::expected_article(key)
                ),
            ));
        }
    }
    problems
}

fn date_problems(annotation: &Annotation) -> Vec<Problem> {
    let Some(published) = annotation.published else {
        return Vec::new();
    };
    annotation
        .claims
        .iter()
        .filter_map(|c| Some((c, c.date.filter(|_| c.has_own_date)?)))
        .filter(|(_, date)| date.surely_after(&published))
        .map(|(c, date)| {
            Problem::new(
                Code::DateAfterPublished,
                &annotation.path,
                format!(
                    "claim `{}` is dated {date}, after its article was published ({published})",
                    c.id
                ),
            )
            .at(c.date_pos.line, c.date_pos.column)
        })
        .collect()
}

/// How many bytes of article `check` reads, per annotation file, looking
/// for passages close to quotes that are not found.
const CLOSEST_PASSAGE_BUDGET: usize = 32 << 20;

fn quote_problems(annotation: &Annotation, article_text: &str) -> Vec<Problem> {
    let article = ArticleText::new(article_text);
    let article_path = annotation.article.as_deref().unwrap_or_default();
    let mut problems = Vec::new();
    let quotes: Vec<&str> = annotation.claims.iter().map(|c| c.quote.as_str()).collect();
    let counts = article.count_all(&quotes);
    // Looking for the closest passage reads the whole article once per
    // missing quote; past this many bytes in one file, the message goes
    // without it rather than take minutes.
    let mut search_budget: usize = CLOSEST_PASSAGE_BUDGET;
    for (claim, count) in annotation.claims.iter().zip(counts) {
        let at = claim.quote_pos;
        let (outcome, searched) = if count > 0 {
            (article.outcome(&claim.quote, count), true)
        } else if search_budget >= article_text.len() {
            search_budget -= article_text.len();
            (article.outcome(&claim.quote, count), true)
        } else {
            (QuoteMatch::NotFound { closest: None }, false)
        };
        match outcome {
            QuoteMatch::Found { count: 1 } => {}
            QuoteMatch::Found { count } => problems.push(
                Problem::new(
                    Code::QuoteAmbiguous,
                    &annotation.path,
                    format!(
                        "the quote of claim `{}` occurs {count} times in {article_path}; quote more words so it points at one place",
                        claim.id
                    ),
                )
                .at(at.line, at.column),
            ),
            QuoteMatch::NotFound { closest } => {
                let hint = match closest {
                    Some(passage) => format!("; the closest passage is: \"{}\"", shorten(&passage, 200)),
                    None if searched => "; no passage of the article resembles it".to_owned(),
                    None => "; the closest passage was not searched for: too many quotes of this file are missing from a long article".to_owned(),
                };
                problems.push(
                    Problem::new(
                        Code::QuoteNotFound,
                        &annotation.path,
                        format!("the quote of claim `{}` is not in {article_path}{hint}", claim.id),
                    )
                    .at(at.line, at.column),
                );
            }
        }
    }
    problems
}
