//! Why `add` wrote nothing, as types: the caller decides the exit status
//! and the wording around it ([`AddError::exit_status`]), and I/O errors
//! stay the sources of the errors that wrap them.
//!
//! A wrapped error's text is written by whoever prints the chain (`claimtrack:
//! error: claims/x.yaml: Permission denied`), so a variant with a
//! `#[source]` never repeats it in its own message; a variant whose message
//! already holds its cause keeps that cause as a plain field instead.

use std::io;

use super::insert::InsertError;
use super::verify::VerifyFailure;
use crate::article::path::ArticlePathError;
use crate::problem::{Code, Problem};
use crate::safe_fs::ReadError;

/// Why nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// A bad or missing argument: exit status 2.
    #[error(transparent)]
    Usage(#[from] UsageError),
    /// ARTICLE names no article `add` may annotate: exit status 2.
    #[error(transparent)]
    Article(#[from] ArticlePathError),
    /// A problem with the corpus or the claim: exit status 1.
    #[error("{}", .0.message)]
    Refused(Box<Problem>),
    /// The file already holds the same claim (same speaker, claim text and
    /// quote, compared as quotes are): exit status 1. The message follows
    /// the file's path (`claims/x.yaml: already holds ...`).
    #[error(
        "already holds the same claim (same speaker, claim and quote) as `{id}`; nothing was written"
    )]
    Duplicate { path: String, id: String },
    /// `--outlet` or `--url` disagree with the existing file: exit status 1.
    #[error(transparent)]
    FileFieldDiffers(#[from] FieldConflict),
    /// The corpus's write lock could not be taken: exit status 2.
    #[error("cannot take the write lock")]
    Lock(#[source] io::Error),
    /// Reading or writing the annotation file `path` failed: exit status 2.
    #[error("{path}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    /// The annotation file, just read, could not be opened again for its
    /// first bytes: exit status 2. The message holds the cause.
    #[error("{path} {error}")]
    Reopen { path: String, error: ReadError },
    /// The new text is not what `add` may make of the file: a bug, caught
    /// before the write; exit status 2.
    #[error(
        "internal error: adding to {path} would have changed {failure}; nothing was written. Please add the claim by hand and report this."
    )]
    Internal {
        path: String,
        failure: VerifyFailure,
    },
}

impl AddError {
    pub(super) fn refused(code: Code, file: &str, message: impl Into<String>) -> Self {
        AddError::Refused(Box::new(Problem::new(code, file, message)))
    }

    /// A file `add` cannot insert into: a schema problem at that file.
    pub(super) fn cannot_insert(path: &str, why: InsertError) -> Self {
        AddError::refused(
            Code::Schema,
            path,
            format!("cannot add to this file automatically: {why}; nothing was written"),
        )
    }

    /// The exit status: 1 when the claim is refused because of what the
    /// corpus holds, 2 for a usage or I/O error.
    pub fn exit_status(&self) -> u8 {
        match self {
            AddError::Refused(_) | AddError::Duplicate { .. } | AddError::FileFieldDiffers(_) => 1,
            AddError::Usage(_)
            | AddError::Article(_)
            | AddError::Lock(_)
            | AddError::Io { .. }
            | AddError::Reopen { .. }
            | AddError::Internal { .. } => 2,
        }
    }
}

/// A bad or missing argument of `add`.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("{flag} is empty")]
    Empty { flag: &'static str },
    #[error("{flag} must be one line")]
    NotOneLine { flag: &'static str },
    #[error(
        "--quote has no visible text (only white space, invisible or control characters): it cannot be found in any article"
    )]
    InvisibleQuote,
    #[error("--id `{id}` may not be empty or contain white space or `#`")]
    BadId { id: String },
    /// The annotation file is to be created and no date is known for it.
    #[error(
        "{path} does not exist and no date was found in {article}: give --published YYYY[-MM[-DD]]"
    )]
    NoPublished { path: String, article: String },
}

/// `--outlet` or `--url` that the existing file does not already have.
#[derive(Debug, thiserror::Error)]
pub enum FieldConflict {
    #[error(
        "{path} already has {key}: {}, not {} (--{key}); nothing was written. Leave out --{key}, or correct `{key}:` in the file by hand if it is wrong",
        crate::yaml::double_quoted(.has),
        crate::yaml::double_quoted(.given)
    )]
    Differs {
        path: String,
        key: &'static str,
        has: String,
        given: String,
    },
    #[error(
        "{path} has no {key}, and `add` only appends claims to an existing file; nothing was written. Write `{key}: {}` in the file by hand, or leave out --{key}",
        crate::yaml::scalar(.given)
    )]
    Missing {
        path: String,
        key: &'static str,
        given: String,
    },
}

/// Why `link` or `unlink` wrote nothing; [`TopicError::exit_status`]
/// decides the exit status.
#[derive(Debug, thiserror::Error)]
pub enum TopicError {
    /// Not a reference (`PATH#ID`, PATH under claims/ without `.yaml`):
    /// exit status 2.
    #[error(
        "`{given}` is not a claim reference: write PATH#ID, PATH the annotation file under claims/ without .yaml (e.g. ritter-wants-defenders-2#ritter-in)"
    )]
    BadRef { given: String },
    /// Fewer different claims than the command needs: exit status 2.
    #[error("{0}")]
    Usage(&'static str),
    /// No annotation file for the reference: exit status 1.
    #[error("{reference}: there is no {path}; nothing was written")]
    UnknownFile { reference: String, path: String },
    /// The file has no claim with the id: exit status 1.
    #[error("{reference}: {path} has no claim with the id `{id}`; nothing was written")]
    UnknownId {
        reference: String,
        path: String,
        id: String,
    },
    /// The claim is written in a way this edit does not handle (flow style,
    /// a block-scalar topic): exit status 1.
    #[error(
        "{reference}: cannot set its topic automatically ({why}, {path} line {line}); edit by hand: `topic: {topic}`; nothing was written"
    )]
    CannotEdit {
        reference: String,
        path: String,
        line: u32,
        why: &'static str,
        topic: String,
    },
    /// The claims to link already have different topics: exit status 1.
    #[error(
        "the claims already have different topics ({}); linking them would merge those topics, which `link` does not do: give their claims one topic by hand; nothing was written",
        .0.iter().map(|(topic, r)| format!("`{topic}` on {r}")).collect::<Vec<_>>().join(", ")
    )]
    Conflict(Vec<(String, String)>),
    /// Reading an annotation file refused or failed, as it would for `add`
    /// (errors in the file, read-only, unreadable): its exit status.
    #[error(transparent)]
    File(#[from] AddError),
    /// The corpus could not be listed: exit status 2.
    #[error(transparent)]
    Corpus(#[from] crate::corpus::CorpusError),
    /// The corpus's write lock could not be taken: exit status 2.
    #[error("cannot take the write lock")]
    Lock(#[source] io::Error),
    /// Writing the annotation file `path` failed: exit status 2.
    #[error("{path}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    /// The edited text is not what the edit means: a bug, caught before the
    /// write; exit status 2.
    #[error(
        "internal error: setting topics in {path} would have changed {failure}; nothing was written. Please set `topic:` by hand and report this."
    )]
    Internal { path: String, failure: &'static str },
}

impl TopicError {
    /// 1 when refused because of what the corpus holds, 2 for a usage or
    /// I/O error.
    pub fn exit_status(&self) -> u8 {
        match self {
            TopicError::UnknownFile { .. }
            | TopicError::UnknownId { .. }
            | TopicError::CannotEdit { .. }
            | TopicError::Conflict(_) => 1,
            TopicError::File(e) => e.exit_status(),
            TopicError::BadRef { .. }
            | TopicError::Usage(_)
            | TopicError::Corpus(_)
            | TopicError::Lock(_)
            | TopicError::Io { .. }
            | TopicError::Internal { .. } => 2,
        }
    }
}
