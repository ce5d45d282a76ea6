//! The annotation file already there: read with its bytes as they are, and
//! what in it refuses the add (an error in the file, `--outlet` or `--url`
//! that differ from it, the same claim already in it).

use super::error::{AddError, FieldConflict};
use super::{FileFields, NewClaim, Target};
use crate::annotation::Limits;
use crate::corpus::{CorpusFile, read_text};
use crate::model::Annotation;
use crate::problem::Code;
use crate::safe_fs::{Links, open_regular};
use crate::text::normalize_for_match;

/// The text of the annotation file, `None` when there is none. A file that
/// is not a regular file or is read-only is refused.
pub(super) fn read_existing(
    target: &std::path::Path,
    path: &str,
    limits: &Limits,
) -> Result<Option<String>, AddError> {
    let Ok(meta) = std::fs::symlink_metadata(target) else {
        return Ok(None);
    };
    if !meta.is_file() {
        return Err(AddError::refused(
            Code::Unreadable,
            path,
            "is not a regular file; nothing was written",
        ));
    }
    if meta.permissions().readonly() {
        return Err(AddError::refused(
            Code::Unreadable,
            path,
            "is read-only; nothing was written",
        ));
    }
    let file = CorpusFile {
        rel: path.to_owned(),
        abs: target.to_path_buf(),
    };
    read_raw(&file, limits).map(Some)
}

/// Reads the annotation file with its bytes as they are (a BOM included), so
/// that the insertion keeps them.
fn read_raw(file: &CorpusFile, limits: &Limits) -> Result<String, AddError> {
    // read_text validates size and UTF-8 but drops a BOM; put it back.
    let text =
        read_text(file, limits.max_annotation_bytes).map_err(|p| AddError::Refused(Box::new(p)))?;
    // Only the first three bytes are needed: read no more, from a regular
    // file only (the path was checked to be no link; one swapped in is refused).
    let (opened, _) =
        open_regular(&file.abs, limits.max_annotation_bytes, Links::Refuse).map_err(|error| {
            AddError::Reopen {
                path: file.rel.clone(),
                error,
            }
        })?;
    let mut head = Vec::with_capacity(3);
    std::io::Read::read_to_end(&mut std::io::Read::take(opened, 3), &mut head).map_err(
        |source| AddError::Io {
            path: file.rel.clone(),
            source,
        },
    )?;
    Ok(if head.starts_with("\u{FEFF}".as_bytes()) {
        format!("\u{FEFF}{text}")
    } else {
        text
    })
}

/// Parses an existing file; any error in it refuses the add, but the
/// skeleton's `not-annotated`, which the add resolves.
pub(super) fn parse_clean(text: &str, target: &Target) -> Result<Annotation, AddError> {
    let rel = target.path;
    let parsed = target.parse(text);
    if let Some(p) = parsed
        .problems
        .into_iter()
        .find(|p| p.is_error() && p.code != Code::NotAnnotated)
    {
        let at = p.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        return Err(AddError::refused(
            p.code,
            rel,
            format!(
                "{rel} has errors, fix them first (`claimtrack check`): {}{at}; nothing was written",
                p.message
            ),
        ));
    }
    parsed
        .annotation
        .ok_or_else(|| AddError::refused(Code::Schema, rel, "cannot be read; nothing was written"))
}

/// Refuses `--outlet` and `--url` that the existing file does not already
/// have: a different value is a conflict to settle by hand, and a missing
/// key would have to be added to lines already there, which `add` never does.
pub(super) fn check_fields_agree(
    old: &Annotation,
    file: &FileFields,
    rel: &str,
) -> Result<(), FieldConflict> {
    for (key, given, has) in [
        ("outlet", &file.outlet, &old.outlet),
        ("url", &file.url, &old.url),
    ] {
        let Some(given) = given else { continue };
        match has {
            Some(has) if has == given => {}
            Some(has) => {
                return Err(FieldConflict::Differs {
                    path: rel.to_owned(),
                    key,
                    has: has.clone(),
                    given: given.clone(),
                });
            }
            None => {
                return Err(FieldConflict::Missing {
                    path: rel.to_owned(),
                    key,
                    given: given.clone(),
                });
            }
        }
    }
    Ok(())
}

/// Refuses a claim the file already holds: the same speaker, claim text and
/// quote once white space, quotes, dashes and case are normalised as quotes
/// are matched ([`normalize_for_match`]).
pub(super) fn refuse_duplicate(
    old: &Annotation,
    new: &NewClaim,
    rel: &str,
) -> Result<(), AddError> {
    let fingerprint = |speaker: &str, claim: &str, quote: &str| {
        (
            normalize_for_match(speaker),
            normalize_for_match(claim),
            normalize_for_match(quote),
        )
    };
    let wanted = fingerprint(&new.speaker, &new.claim, &new.quote);
    match old
        .claims
        .iter()
        .find(|c| fingerprint(&c.speaker, &c.claim, &c.quote) == wanted)
    {
        Some(same) => Err(AddError::Duplicate {
            path: rel.to_owned(),
            id: same.id.clone(),
        }),
        None => Ok(()),
    }
}
