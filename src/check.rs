//! `check`: every rule of the spec's problem table, over a whole corpus.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::annotation::{Limits, Rejected, parse_annotation};
use crate::cache::{Cache, Checked};
use crate::corpus::{CorpusError, CorpusFiles, read_text};
use crate::date::PartialDate;
use crate::load::{Loaded, Progress, load_with};
use crate::model::{Annotation, Claim, Pos};
use crate::problem::{Code, Problem, sort_problems};
use crate::reconcile::{Reconciled, similar_claim_problems};
use crate::text::{ArticleText, Closest, QuoteMatch, shorten};

/// What `check` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub limits: Limits,
    /// When set, only these articles (paths from the root) must have an
    /// annotation file; every other rule still applies to every file.
    pub require_annotation_for: Option<BTreeSet<String>>,
    /// Whether to use (and refresh) the on-disk cache of parsed annotations.
    pub use_cache: bool,
    /// A sentence-embedding model for grouping, when one was found.
    pub model: Option<crate::semantic::ModelDir>,
    /// Whether an annotation without `archived:` (an archive copy of its
    /// article) is an error, for newsrooms that demand one.
    pub require_archive: bool,
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
    Ok(check_with(root, options, cache, progress)?.problems)
}

/// A corpus checked: what was read, its groups, and every problem.
#[derive(Debug)]
pub struct Record {
    pub loaded: Loaded,
    pub reconciled: Reconciled,
    /// Sorted by file, line and column.
    pub problems: Vec<Problem>,
}

/// [`check`] through `cache` (`options.use_cache` is not looked at),
/// keeping the corpus and its groups.
pub fn check_with(
    root: &Path,
    options: &CheckOptions,
    cache: Cache,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Record, CorpusError> {
    let loaded = load_with(root, &options.limits, cache, progress)?;
    // The files are checked (their articles read) while the claims are
    // reconciled: on a cold disk the reads wait on it, and reconciling only
    // computes, so each fills the other's idle time. Only the similar-claim
    // search needs the groups.
    // Each result is cached as soon as it is known, beside what is still
    // being computed, and only if it was not all taken from the cache.
    let (checked, grouped) = rayon::join(
        || {
            let (checked, any_now) = file_findings(&loaded, options);
            if any_now {
                loaded.write_checked_cache(&checked);
            }
            checked
        },
        || {
            let embedding = |done, total| progress(Progress::Embedding { done, total });
            let (reconciled, computed) =
                loaded.reconcile_using(options.model.as_ref(), &embedding)?;
            let ((similar, similar_cached), ()) = rayon::join(
                || similar_claims(&loaded, &reconciled),
                || {
                    if computed {
                        loaded.write_reconciled_cache(&reconciled);
                    }
                },
            );
            Ok::<_, CorpusError>((reconciled, similar, similar_cached))
        },
    );
    let (reconciled, similar, similar_cached) = grouped?;
    let problems = std::thread::scope(|s| {
        if !similar_cached {
            s.spawn(|| loaded.write_similar_cache(&reconciled, &similar));
        }
        all_problems(&loaded, options, &checked, &similar)
    });
    Ok(Record {
        loaded,
        reconciled,
        problems,
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
    let let_be = skeletons_let_be(&loaded.files, options);
    let mut problems: Vec<Problem> = loaded
        .problems
        .iter()
        .filter(|p| p.code != Code::NotAnnotated || !let_be.contains(p.file.as_str()))
        .cloned()
        .collect();
    problems.extend(pairing_problems(&loaded.files, options));
    if options.require_archive {
        problems.extend(missing_archives(&loaded.annotations));
    }
    problems.extend(checked.iter().flat_map(|c| c.problems.iter().cloned()));
    problems.extend(similar.iter().cloned());
    sort_problems(&mut problems);
    problems
}

/// `check --require-archive`: each annotation file without `archived:`
/// that is a web address.
/// (Not among the cached findings: it depends on the option.)
fn missing_archives(annotations: &[Annotation]) -> impl Iterator<Item = Problem> + '_ {
    annotations
        .iter()
        .filter_map(|a| {
            let message = match a.archived.as_deref().map(str::trim) {
                None | Some("") => "no `archived:` (the address of an archived copy of the article, e.g. on web.archive.org), which --require-archive requires".to_owned(),
                Some(s) if crate::text::web_url(s).is_some() => return None,
                Some(s) => format!(
                    "`archived: {}` is not a web address (http:// or https://), which --require-archive requires",
                    crate::text::shorten(s, 80)
                ),
            };
            Some(Problem::new(Code::MissingArchive, a.path.clone(), message))
        })
}

/// Each annotation's own findings (dates, quotes against its article), in
/// annotation order, for the output and the cache, and whether any was
/// found now. Files whose annotation and article are unchanged since the
/// cache was written are not checked again.
fn file_findings(loaded: &Loaded, options: &CheckOptions) -> (Vec<Checked>, bool) {
    let with_errors: HashSet<&str> = loaded
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.file.as_str())
        .collect();
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
            let rejected = if with_errors.contains(annotation.path.as_str()) {
                rejected_claims(loaded, annotation, &options.limits)
            } else {
                Vec::new()
            };
            let claims = checkable(annotation, &rejected);
            let mut found = date_problems(annotation, &claims);
            found.extend(duplicate_claim_problems(annotation));
            if let Some(article) = article {
                match read_text(article, options.limits.max_article_bytes) {
                    Ok(text) => found.extend(quote_problems(annotation, &claims, &text)),
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
    match loaded.cached_similar(reconciled) {
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

/// What is left to check of the claims of a file with errors that were
/// kept out of its annotation ([`Rejected`]). They are not cached with the
/// parsed files (no report needs them), so the file is read again: only
/// files with errors are, and those are few.
fn rejected_claims(loaded: &Loaded, annotation: &Annotation, limits: &Limits) -> Vec<Rejected> {
    let Some(file) = loaded.files.annotations.get(&annotation.key) else {
        return Vec::new();
    };
    match read_text(file, limits.max_annotation_bytes) {
        Ok(text) => {
            parse_annotation(&text, &annotation.key, &annotation.path, None, limits).rejected
        }
        Err(_) => Vec::new(),
    }
}

/// The annotation files whose articles `check` does not require to be
/// annotated: none, unless `--changed-since` narrowed the articles that
/// must be. An untouched skeleton of such an article is let be, as a
/// missing annotation file is.
fn skeletons_let_be<'a>(files: &'a CorpusFiles, options: &CheckOptions) -> HashSet<&'a str> {
    let Some(required) = &options.require_annotation_for else {
        return HashSet::new();
    };
    files
        .annotations
        .iter()
        .filter(|(key, _)| {
            files
                .articles
                .get(*key)
                .is_some_and(|article| !required.contains(&article.rel))
        })
        .map(|(_, file)| file.rel.as_str())
        .collect()
}

/// A claim's quote and own date, as `check` compares them with the article
/// and its publication date: a valid claim's, or what is valid of a
/// rejected one.
struct Checkable<'a> {
    id: Option<&'a str>,
    /// Where the claim starts.
    pos: Pos,
    quote: Option<(&'a str, Pos)>,
    /// The article's text around the quote, as `add` saw it.
    context: Option<(&'a str, &'a str)>,
    date: Option<(PartialDate, Pos)>,
}

impl Checkable<'_> {
    /// How messages name the claim: by its id, or by its line when it has none.
    fn label(&self) -> String {
        match self.id {
            Some(id) => format!("claim `{id}`"),
            None => format!("the claim at line {}", self.pos.line),
        }
    }
}

/// The valid claims of a file and then its rejected ones, as checkable.
fn checkable<'a>(annotation: &'a Annotation, rejected: &'a [Rejected]) -> Vec<Checkable<'a>> {
    let valid = annotation.claims.iter().map(|c| Checkable {
        id: Some(&c.id),
        pos: c.pos,
        quote: Some((c.quote.as_str(), c.quote_pos)),
        context: c
            .context
            .as_ref()
            .map(|x| (x.prefix.as_str(), x.suffix.as_str())),
        date: c.date.filter(|_| c.has_own_date).map(|d| (d, c.date_pos)),
    });
    let rejected = rejected.iter().map(|r| Checkable {
        id: r.id.as_deref(),
        pos: r.pos,
        quote: r.quote.as_ref().map(|(q, at)| (q.as_str(), *at)),
        context: None,
        date: r.date,
    });
    valid.chain(rejected).collect()
}

fn date_problems(annotation: &Annotation, claims: &[Checkable]) -> Vec<Problem> {
    let Some(published) = annotation.published else {
        return Vec::new();
    };
    claims
        .iter()
        .filter_map(|c| Some((c, c.date?)))
        .filter(|(_, (date, _))| date.surely_after(&published))
        .map(|(c, (date, at))| {
            Problem::new(
                Code::DateAfterPublished,
                &annotation.path,
                format!(
                    "{} is dated {date}, after its article was published ({published})",
                    c.label()
                ),
            )
            .at(at.line, at.column)
        })
        .collect()
}

/// A claim's text as compared to find the same claim twice: white space
/// runs made one space, ends trimmed; case and punctuation are kept, since
/// "May" and "may" or a changed comma can be a correction.
fn comparable(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two claims say the same: the same speaker, claim text and
/// quote, compared after normalising white space.
pub fn same_claim(a: (&str, &str, &str), b: (&str, &str, &str)) -> bool {
    comparable(a.0) == comparable(b.0)
        && comparable(a.1) == comparable(b.1)
        && comparable(a.2) == comparable(b.2)
}

/// The claim of `claims` that says what a new claim with this speaker,
/// claim text and quote would say ([`same_claim`]), if there is one.
pub fn repeated_claim<'a>(
    claims: &'a [Claim],
    speaker: &str,
    claim: &str,
    quote: &str,
) -> Option<&'a Claim> {
    claims
        .iter()
        .find(|c| same_claim((&c.speaker, &c.claim, &c.quote), (speaker, claim, quote)))
}

/// `duplicate-claim` warnings: each claim that says what an earlier claim
/// of the file says, pointing at it and naming the first.
fn duplicate_claim_problems(annotation: &Annotation) -> Vec<Problem> {
    let mut first_of: HashMap<(String, String, String), &Claim> = HashMap::new();
    let mut problems = Vec::new();
    for claim in &annotation.claims {
        let key = (
            comparable(&claim.speaker),
            comparable(&claim.claim),
            comparable(&claim.quote),
        );
        match first_of.get(&key) {
            Some(first) => problems.push(
                Problem::new(
                    Code::DuplicateClaim,
                    &annotation.path,
                    format!(
                        "claim `{}` repeats claim `{}` (line {}): the same speaker, claim and quote; delete one of them",
                        claim.id, first.id, first.pos.line
                    ),
                )
                .at(claim.pos.line, claim.pos.column),
            ),
            None => {
                first_of.insert(key, claim);
            }
        }
    }
    problems
}

/// How many bytes of article `check` reads, per annotation file, looking
/// for passages close to quotes that are not found.
const CLOSEST_PASSAGE_BUDGET: usize = 32 << 20;

fn quote_problems(
    annotation: &Annotation,
    claims: &[Checkable],
    article_text: &str,
) -> Vec<Problem> {
    let article = ArticleText::new(article_text);
    let article_path = annotation.article.as_deref().unwrap_or_default();
    let mut problems = Vec::new();
    let quoted: Vec<(&Checkable, &str, Pos)> = claims
        .iter()
        .filter_map(|c| c.quote.map(|(quote, at)| (c, quote, at)))
        .collect();
    let quotes: Vec<&str> = quoted.iter().map(|(_, quote, _)| *quote).collect();
    let counts = article.count_all(&quotes);
    // Looking for the closest passage reads the whole article once per
    // missing quote; past this many bytes in one file, the message goes
    // without it rather than take minutes.
    let mut search_budget: usize = CLOSEST_PASSAGE_BUDGET;
    for ((claim, quote, at), count) in quoted.into_iter().zip(counts) {
        let (outcome, searched) = if count > 0 {
            (article.outcome(quote, count), true)
        } else if search_budget >= article_text.len() {
            search_budget -= article_text.len();
            // A correction moved the quote when a passage alike enough is
            // there; else the closest passage goes in the message.
            let found = article.relocate(quote, claim.context);
            match found {
                Some(moved) if moved.is_moved() => {
                    problems.push(
                        moved_problem(annotation, claim, &article, &moved).at(at.line, at.column),
                    );
                    continue;
                }
                other => (
                    QuoteMatch::NotFound {
                        closest: other.map(|c| c.text),
                    },
                    true,
                ),
            }
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
                        "the quote of {} occurs {count} times in {article_path}; quote more words so it points at one place",
                        claim.label()
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
                        format!("the quote of {} is not in {article_path}{hint}", claim.label()),
                    )
                    .at(at.line, at.column),
                );
            }
        }
    }
    problems
}

/// The `quote-moved` warning: the quote is not in the article as written,
/// but a passage alike enough is, shown with where it is.
fn moved_problem(
    annotation: &Annotation,
    claim: &Checkable,
    article: &ArticleText,
    moved: &Closest,
) -> Problem {
    let article_path = annotation.article.as_deref().unwrap_or_default();
    let (line, column) = article.line_column(moved.start);
    let alike = moved.similarity.unwrap_or_default() * 100.0;
    Problem::new(
        Code::QuoteMoved,
        &annotation.path,
        format!(
            "the quote of {} is no longer in {article_path} as written, but a close passage is ({alike:.0}% alike, a correction?) at {article_path}:{line}:{column}: \"{}\"; `claimtrack requote` updates the quote to it",
            claim.label(),
            shorten(&moved.replacement, 200),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stance;

    fn file(claims: Vec<Claim>) -> Annotation {
        Annotation {
            key: "a".into(),
            path: "claims/a.yaml".into(),
            article: Some("articles/a.txt".into()),
            title: None,
            published: PartialDate::parse("2021-03").ok(),
            outlet: None,
            url: None,
            claims,
            archived: None,
            retrieved: None,
        }
    }

    fn claim(id: &str, text: &str, speaker: &str, quote: &str, line: u32) -> Claim {
        let mut c = Claim::dated(id, text, Stance::Supports, speaker, quote, "2021-03");
        c.pos = Pos { line, column: 5 };
        c
    }

    #[test]
    fn the_same_claim_is_the_same_up_to_white_space_only() {
        let a = ("Ann", "The bridge opens", "It will open.");
        assert!(same_claim(
            a,
            (" Ann", "The  bridge\nopens ", "It will\topen.")
        ));
        assert!(!same_claim(a, ("Ann", "The bridge opens", "It will open!")));
        assert!(!same_claim(a, ("ann", "The bridge opens", "It will open.")));
        let claims = [claim("x", "The bridge opens", "Ann", "It will open.", 3)];
        assert_eq!(
            repeated_claim(&claims, "Ann", "The bridge  opens", "It will open.").map(|c| &c.id),
            Some(&"x".to_owned())
        );
        assert!(repeated_claim(&claims, "Bo", "The bridge opens", "It will open.").is_none());
    }

    #[test]
    fn each_repeat_points_at_itself_and_names_the_first() {
        let annotation = file(vec![
            claim("a", "X", "Ann", "q", 3),
            claim("b", "Y", "Ann", "q", 8),
            claim("c", "X", "Ann", " q", 13),
            claim("d", "X", "Ann", "q", 18),
        ]);
        let found: Vec<(Option<u32>, String)> = duplicate_claim_problems(&annotation)
            .into_iter()
            .map(|p| (p.line, p.message))
            .collect();
        let message = |id: &str| {
            format!(
                "claim `{id}` repeats claim `a` (line 3): the same speaker, claim and quote; delete one of them"
            )
        };
        assert_eq!(
            found,
            vec![(Some(13), message("c")), (Some(18), message("d"))]
        );
    }

    #[test]
    fn a_rejected_claim_without_an_id_is_named_by_its_line() {
        let annotation = file(vec![]);
        let rejected = [Rejected {
            id: None,
            pos: Pos { line: 4, column: 5 },
            quote: Some((
                "not there".into(),
                Pos {
                    line: 7,
                    column: 12,
                },
            )),
            date: Some((
                PartialDate::parse("2021-04").unwrap(),
                Pos {
                    line: 8,
                    column: 11,
                },
            )),
        }];
        let claims = checkable(&annotation, &rejected);
        let found: Vec<String> = date_problems(&annotation, &claims)
            .into_iter()
            .chain(quote_problems(
                &annotation,
                &claims,
                "Something else entirely.",
            ))
            .map(|p| p.message)
            .collect();
        assert_eq!(
            found,
            [
                "the claim at line 4 is dated 2021-04, after its article was published (2021-03)",
                "the quote of the claim at line 4 is not in articles/a.txt; no passage of the article resembles it",
            ]
        );
    }
}
