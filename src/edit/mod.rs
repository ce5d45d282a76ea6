//! `add`: append one claim to an article's annotation file without changing
//! a byte of what is there.
//!
//! The new file is the old file with one piece of text inserted: a
//! block-list item after the last item of `claims:`, or a flow mapping
//! before the `]` of a non-empty flow list. The one change to bytes already
//! there: an empty list (`claims: []`, the skeleton's marked line from
//! `new` included) becomes `claims:` followed by the new item, so that files
//! stay in block style, one key per line, and each `add` is one hunk of a
//! diff; the skeleton's not-annotated comment goes away with it, any other
//! comment on that line stays. Comments, blank lines, key order, quoting,
//! CRLF and a missing final newline are kept because nothing else is
//! touched. The result is parsed again and written only if it holds exactly
//! the old claims plus the new one (`verify`, [`is_add_edit`]); the write
//! is atomic and serialised by a corpus-wide lock.
//!
//! The steps have rooms of their own: the arguments checked
//! (`arguments`), the file already there read and what in it refuses the
//! add (`existing`), the id (`id`), the claim as YAML text (`claim_text`),
//! the insertion (`insert`), the check before the write (`verify`), and what
//! `check` and `report` will say afterwards (`neighbours`). Where ARTICLE
//! points is `article::path`'s, shared with `new`.

use std::path::Path;

use crate::annotation::{Limits, Parsed, parse_annotation};
use crate::article;
use crate::corpus::{CLAIMS_DIR, read_text};
use crate::date::PartialDate;
use crate::model::{Annotation, Stance};
use crate::problem::{Code, Problem};
use crate::text::{ArticleText, QuoteMatch, shorten};
use crate::write::{
    check_parent_in, lock_corpus, prepare_parent_in, remove_stale_temps, write_atomic,
};

mod arguments;
mod claim_text;
mod error;
mod existing;
mod id;
mod insert;
mod neighbours;
mod requote;
mod topic;
mod verify;

pub use crate::article::path::resolve_article;
pub use arguments::quote_is_visible;
pub use claim_text::ClaimText;
pub use error::{AddError, FieldConflict, TopicError, UsageError};
pub use id::slug;
pub use insert::{InsertError, insert_claim, open_empty_list};
pub use neighbours::{Neighbours, neighbours};
pub use requote::{NotRequoted, RequoteError, RequoteOutcome, Requoted, requote};
pub use topic::{ClaimRef, Setting, link, only_topic_lines, unlink};
pub use verify::{VerifyFailure, is_add_edit, is_pure_insertion};

use arguments::{check_fields, check_file_fields};
use claim_text::{FileHead, new_file_text};
use existing::{check_fields_agree, parse_clean, read_existing, refuse_duplicate};
use id::choose_id;
use neighbours::claim_warnings;
use verify::verify;

/// The claim to add, as given on the command line.
#[derive(Debug, Clone)]
pub struct NewClaim {
    pub id: Option<String>,
    pub claim: String,
    pub stance: Stance,
    pub speaker: String,
    pub quote: String,
    pub date: Option<PartialDate>,
    pub topic: Option<String>,
}

/// The file-level fields `add` takes: written when it creates the
/// annotation file. On an existing file `--outlet` and `--url` must agree
/// with it (they are never added to it or changed); `--published` is only
/// used to create the file.
#[derive(Debug, Clone, Default)]
pub struct FileFields {
    pub published: Option<PartialDate>,
    pub outlet: Option<String>,
    pub url: Option<String>,
}

/// What `add` did.
#[derive(Debug, Clone)]
pub struct Added {
    /// The annotation file, from the corpus root.
    pub path: String,
    pub id: String,
    /// Whether the annotation file was created.
    pub created: bool,
    /// The warnings `check` gives about the new claim itself (an ambiguous
    /// quote, a date after the article's), with its wording and position.
    pub warnings: Vec<Problem>,
}

/// The annotation file `add` writes, and what it is read against.
struct Target<'a> {
    /// The article's key, and so the file's.
    key: &'a str,
    /// The file's path from the corpus root (`claims/KEY.yaml`).
    path: &'a str,
    /// The article's path from the corpus root.
    article: &'a str,
    limits: &'a Limits,
}

impl Target<'_> {
    /// `text` read as this file, as `check` reads it.
    fn parse(&self, text: &str) -> Parsed {
        parse_annotation(text, self.key, self.path, Some(self.article), self.limits)
    }
}

/// Appends `new` to the annotation file of `article` (creating it, with the
/// `file` fields, when there is none).
pub fn add(
    root: &Path,
    article_arg: &str,
    new: &NewClaim,
    file: &FileFields,
    limits: &Limits,
) -> Result<Added, AddError> {
    check_fields(new)?;
    check_file_fields(file)?;
    let (article_file, key) = resolve_article(root, article_arg)?;
    let article_text = read_text(&article_file, limits.max_article_bytes)
        .map_err(|p| AddError::Refused(Box::new(p)))?;
    let quote_count = count_quote(&article_text, &new.quote, &article_file.rel)?;
    // The text around a quote found once, to re-find it after a correction.
    let context = if quote_count == 1 {
        ArticleText::new(&article_text).context_of(&new.quote)
    } else {
        None
    };

    let rel = format!("{CLAIMS_DIR}/{key}.yaml");
    let target = root.join(&rel);
    let io = |source: std::io::Error| AddError::Io {
        path: rel.clone(),
        source,
    };
    check_parent_in(root, &target).map_err(io)?;
    let _lock = lock_corpus(root).map_err(AddError::Lock)?;
    remove_stale_temps(&target);

    let to = Target {
        key: &key,
        path: &rel,
        article: &article_file.rel,
        limits,
    };
    let (new_text, written, created) = match read_existing(&target, &rel, limits)? {
        Some(old_text) => {
            let (text, written) = add_to_existing(&old_text, new, context, file, &to)?;
            (text, written, false)
        }
        None => {
            let (text, written) = create_file(&article_text, new, context, file, &to)?;
            (text, written, true)
        }
    };
    check_size(&new_text, &rel, limits)?;
    prepare_parent_in(root, &target).map_err(io)?;
    write_atomic(&target, new_text.as_bytes()).map_err(io)?;
    let claim = written.claims.last().expect("verified: one claim more");
    Ok(Added {
        path: rel,
        id: claim.id.clone(),
        created,
        warnings: claim_warnings(&written, claim, &article_file.rel, quote_count),
    })
}

/// How many times the quote is in the article; refused when it is not
/// there, with the closest passage.
fn count_quote(article_text: &str, quote: &str, article: &str) -> Result<usize, AddError> {
    match ArticleText::new(article_text).find(quote) {
        QuoteMatch::Found { count } => Ok(count),
        QuoteMatch::NotFound { closest } => {
            // The problem's file is the article: the message need not name it.
            let hint = match closest {
                Some(p) => format!("; the closest passage is: \"{}\"", shorten(&p, 300)),
                None => "; no passage of the article resembles it".into(),
            };
            Err(AddError::refused(
                Code::QuoteNotFound,
                article,
                format!("the quote is not in this article{hint}; nothing was written"),
            ))
        }
    }
}

/// The text of the existing file with the claim inserted, and what it
/// reads back as.
fn add_to_existing(
    old_text: &str,
    new: &NewClaim,
    context: Option<(String, String)>,
    file: &FileFields,
    to: &Target,
) -> Result<(String, Annotation), AddError> {
    let rel = to.path;
    let old = parse_clean(old_text, to)?;
    check_fields_agree(&old, file, rel)?;
    refuse_duplicate(&old, new, rel)?;
    let id = choose_id(new, &old.claims, rel)?;
    let item = ClaimText::new(&id, new).with_context(context);
    let text = insert_claim(old_text, &item).map_err(|why| AddError::cannot_insert(rel, why))?;
    let internal = |failure| AddError::Internal {
        path: rel.to_owned(),
        failure,
    };
    let written = verify(&old, &text, &id, new, to).map_err(internal)?;
    if !is_add_edit(old_text, &text) {
        return Err(internal(VerifyFailure::ChangedBytes));
    }
    Ok((text, written))
}

/// The text of a new annotation file holding the claim, and what it reads
/// back as. Its date is `--published`, else the one found in the article.
fn create_file(
    article_text: &str,
    new: &NewClaim,
    context: Option<(String, String)>,
    file: &FileFields,
    to: &Target,
) -> Result<(String, Annotation), AddError> {
    let rel = to.path;
    let published = file
        .published
        .or_else(|| article::find_date(article_text).map(|d| d.0))
        .ok_or_else(|| UsageError::NoPublished {
            path: rel.to_owned(),
            article: to.article.to_owned(),
        })?;
    let id = choose_id(new, &[], rel)?;
    let title = crate::skeleton::default_title(article_text).unwrap_or_default();
    let head = FileHead {
        title: &title,
        published,
        outlet: file.outlet.as_deref(),
        url: file.url.as_deref(),
    };
    let text = new_file_text(&head, &ClaimText::new(&id, new).with_context(context));
    let empty = Annotation {
        key: to.key.to_owned(),
        path: rel.to_owned(),
        article: Some(to.article.to_owned()),
        title: None,
        published: Some(published),
        outlet: file.outlet.clone(),
        url: file.url.clone(),
        claims: Vec::new(),
        archived: None,
        retrieved: None,
    };
    let written = verify(&empty, &text, &id, new, to).map_err(|failure| AddError::Internal {
        path: rel.to_owned(),
        failure,
    })?;
    Ok((text, written))
}

/// Refuses a file that `check` would not read: over the size limit.
fn check_size(new_text: &str, rel: &str, limits: &Limits) -> Result<(), AddError> {
    if new_text.len() as u64 > limits.max_annotation_bytes {
        return Err(AddError::refused(
            Code::Unreadable,
            rel,
            format!(
                "with the new claim {rel} would be {} bytes, over the limit of {} bytes that `check` reads (--max-file-size); nothing was written",
                new_text.len(),
                limits.max_annotation_bytes
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
