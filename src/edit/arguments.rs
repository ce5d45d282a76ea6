//! The arguments of `add` checked before anything is read: fields that must
//! be non-empty and on one line, a quote with something to find, an id
//! that references can use. Refusals here are usage errors (exit status 2).

use super::error::UsageError;
use super::{FileFields, NewClaim};
use crate::text::normalize_for_match;

pub(super) fn check_fields(c: &NewClaim) -> Result<(), UsageError> {
    for (flag, value) in [
        ("--claim", &c.claim),
        ("--speaker", &c.speaker),
        ("--quote", &c.quote),
    ] {
        if value.trim().is_empty() {
            return Err(UsageError::Empty { flag });
        }
        if value.contains(['\n', '\r']) && flag != "--quote" {
            return Err(UsageError::NotOneLine { flag });
        }
    }
    if !quote_is_visible(&c.quote) {
        return Err(UsageError::InvisibleQuote);
    }
    if let Some(id) = &c.id
        && (id.is_empty()
            || id
                .chars()
                .any(|ch| ch.is_whitespace() || ch.is_control() || ch == '#'))
    {
        return Err(UsageError::BadId { id: id.clone() });
    }
    Ok(())
}

/// Whether a quote has something to find in an article: text left once
/// [`normalize_for_match`] has dropped white space, invisible and control
/// characters. `check` can never find a quote without, whatever the article.
pub fn quote_is_visible(quote: &str) -> bool {
    !normalize_for_match(quote).is_empty()
}

pub(super) fn check_file_fields(f: &FileFields) -> Result<(), UsageError> {
    for (flag, value) in [("--outlet", &f.outlet), ("--url", &f.url)] {
        match value {
            Some(v) if v.trim().is_empty() => {
                return Err(UsageError::Empty { flag });
            }
            Some(v) if v.contains(['\n', '\r']) => {
                return Err(UsageError::NotOneLine { flag });
            }
            _ => {}
        }
    }
    Ok(())
}
