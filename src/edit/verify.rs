//! The check before the write: the new text is read back and must hold
//! exactly the old claims plus the new one ([`verify`]), and differ from
//! the old text only by the insertion ([`is_add_edit`]). Either failing
//! is a bug in `add`, and nothing is written.

use super::open_empty_list;
use super::{NewClaim, Target};
use crate::model::{Annotation, Claim};

/// How the new text differs from what `add` means to write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyFailure {
    /// Bytes of the old text changed, not only an insertion.
    #[error("bytes already there")]
    ChangedBytes,
    /// The new text has an error (the problem's message).
    #[error("it in an unexpected way ({0})")]
    Problem(String),
    #[error("it in an unexpected way (unreadable)")]
    Unreadable,
    #[error("it in an unexpected way (file fields differ)")]
    FileFields,
    #[error("it in an unexpected way (claim count)")]
    ClaimCount,
    #[error("it in an unexpected way (an existing claim changed)")]
    ExistingClaim,
    #[error("it in an unexpected way (the new claim reads back differently)")]
    NewClaim,
}

/// Whether `new` is `old` with bytes inserted at one place and nothing
/// else changed.
pub fn is_pure_insertion(old: &[u8], new: &[u8]) -> bool {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    new.len() >= old.len() && prefix + suffix >= old.len()
}

/// Whether `new` is what `add` may make of `old`: `old` with bytes inserted
/// at one place, after at most the opening of an empty claim list
/// ([`open_empty_list`]), and nothing else changed.
pub fn is_add_edit(old: &str, new: &str) -> bool {
    is_pure_insertion(old.as_bytes(), new.as_bytes())
        || open_empty_list(old)
            .is_some_and(|(opened, _)| is_pure_insertion(opened.as_bytes(), new.as_bytes()))
}

/// Parses the new text and checks it holds exactly the old claims plus the
/// new one (with the id `id`), and the same file-level fields; returns what
/// it read.
pub(super) fn verify(
    old: &Annotation,
    text: &str,
    id: &str,
    new: &NewClaim,
    target: &Target,
) -> Result<Annotation, VerifyFailure> {
    let parsed = target.parse(text);
    if let Some(p) = parsed.problems.iter().find(|p| p.is_error()) {
        return Err(VerifyFailure::Problem(p.message.clone()));
    }
    let got = parsed.annotation.ok_or(VerifyFailure::Unreadable)?;
    let same_file = got.title == old.title || old.title.is_none() && got.claims.len() == 1;
    if !same_file
        || got.published != old.published
        || got.outlet != old.outlet
        || got.url != old.url
    {
        return Err(VerifyFailure::FileFields);
    }
    if got.claims.len() != old.claims.len() + 1 {
        return Err(VerifyFailure::ClaimCount);
    }
    let project = |c: &Claim| {
        (
            c.id.clone(),
            c.claim.clone(),
            c.stance,
            c.speaker.clone(),
            c.quote.clone(),
            c.date,
            c.topic.clone(),
            c.note.clone(),
        )
    };
    for (a, b) in old.claims.iter().zip(&got.claims) {
        if project(a) != project(b) {
            return Err(VerifyFailure::ExistingClaim);
        }
    }
    let added = got.claims.last().expect("one more claim");
    let want_date = new.date.or(old.published);
    let ok = added.id == id
        && added.claim == new.claim
        && added.stance == new.stance
        && added.speaker == new.speaker
        && added.quote == new.quote
        && added.date == want_date
        && added.topic == new.topic;
    if !ok {
        return Err(VerifyFailure::NewClaim);
    }
    Ok(got)
}
