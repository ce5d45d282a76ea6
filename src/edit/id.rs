//! The id of the new claim: the one given, if no claim of the file has it,
//! or a short readable one made from the speaker and the claim.

use super::NewClaim;
use super::error::AddError;
use crate::model::Claim;
use crate::problem::Code;

/// The given id (if unused) or one made from the speaker and the claim.
pub(super) fn choose_id(new: &NewClaim, claims: &[Claim], rel: &str) -> Result<String, AddError> {
    let used = |id: &str| claims.iter().any(|c| c.id == id);
    if let Some(id) = &new.id {
        if used(id) {
            return Err(AddError::refused(
                Code::DuplicateId,
                rel,
                format!("the id `{id}` is already used in {rel}; nothing was written"),
            ));
        }
        return Ok(id.clone());
    }
    let base = slug(&new.speaker, &new.claim);
    let mut id = base.clone();
    let mut n = 2;
    while used(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    Ok(id)
}

/// A short id: the speaker's last name and the first content words of the claim.
pub fn slug(speaker: &str, claim: &str) -> String {
    const SKIP: &[&str] = &[
        "the", "a", "an", "is", "are", "will", "be", "of", "to", "in", "on", "for", "and", "it",
        "that",
    ];
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect()
    };
    let name = crate::speakers::normalize_name(speaker);
    let mut parts: Vec<String> = name.last().map(|n| words(n)).unwrap_or_default();
    parts.extend(
        words(claim)
            .into_iter()
            .filter(|w| !SKIP.contains(&w.as_str()))
            .take(4),
    );
    let mut slug = String::new();
    for p in parts {
        if slug.len() + p.len() > 40 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&p);
    }
    if slug.is_empty() {
        "claim".to_owned()
    } else {
        slug
    }
}
