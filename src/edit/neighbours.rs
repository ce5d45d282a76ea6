//! What `check` and `report` will say about a claim just added: the
//! warnings about the claim itself (an ambiguous quote, a date after the
//! article's), in `check`'s words, and the group it joins with the
//! `similar-claim` warnings about that group. Separate from the add itself:
//! the group needs the whole corpus loaded and reconciled after the write.

use std::path::Path;

use super::Added;
use crate::annotation::Limits;
use crate::cache::Cache;
use crate::model::{Annotation, Claim};
use crate::problem::{Code, Problem, sort_problems};
use crate::reconcile::Group;

/// What `report` and `check` will say about a claim just added.
#[derive(Debug, Clone, Default)]
pub struct Neighbours {
    /// The claim's group as `report` names it (the group's claim) and how
    /// many claims it holds, the new one included.
    pub group: Option<(String, usize)>,
    /// The `similar-claim` warnings `check` gives about that group and
    /// another one whose claim is close: where the group's claims are,
    /// and where the other group's are when it is the first of the pair.
    pub similar: Vec<Problem>,
}

/// What `report` and `check` will say about the claim just added: the
/// corpus is loaded and reconciled as they load and reconcile it, after the
/// write, and the warnings come from the same function as `check`'s. The
/// groups and warnings computed are cached (when `cache` is enabled) so the
/// next `check` or `report` need not compute them again. An unreadable
/// corpus just gives nothing.
pub fn neighbours(
    root: &Path,
    limits: &Limits,
    cache: Cache,
    model: Option<&crate::semantic::ModelDir>,
    added: &Added,
) -> Neighbours {
    use crate::reconcile::{ClaimAt, similar_claim_problems};
    let Ok(loaded) = crate::load::load_with(root, limits, cache, &|_| {}) else {
        return Neighbours::default();
    };
    let Some(at) = loaded
        .annotations
        .iter()
        .enumerate()
        .filter(|(_, a)| a.path == added.path)
        .find_map(|(file, a)| {
            let index = a.claims.iter().position(|c| c.id == added.id)?;
            Some(ClaimAt { file, index })
        })
    else {
        return Neighbours::default();
    };
    let Ok((reconciled, computed)) = loaded.reconcile_using(model, &|_, _| {}) else {
        return Neighbours::default();
    };
    let Some(g) = reconciled.group_of(at) else {
        return Neighbours::default();
    };
    let (all_similar, similar_cached) = match loaded.cached_similar(&reconciled) {
        Some(found) => (found, true),
        None => (
            similar_claim_problems(&loaded.annotations, &reconciled),
            false,
        ),
    };
    if computed {
        loaded.write_reconciled_cache(&reconciled);
    }
    if !similar_cached {
        loaded.write_similar_cache(&reconciled, &all_similar);
    }
    let group = &reconciled.groups[g];
    Neighbours {
        group: Some((group.claim.clone(), group.members.len())),
        similar: similar_about_group(all_similar, group, &loaded.annotations),
    }
}

/// The `similar-claim` warnings of `all` about `group`. Such a warning is
/// at a claim of one group of the pair and names the other group's claim in
/// quotes (`reconcile::similar_claim_problems`).
fn similar_about_group(
    all: Vec<Problem>,
    group: &Group,
    annotations: &[Annotation],
) -> Vec<Problem> {
    let members: std::collections::HashSet<(&str, u32, u32)> = group
        .members
        .iter()
        .map(|m| {
            let a = &annotations[m.at.file];
            let pos = a.claims[m.at.index].pos;
            (a.path.as_str(), pos.line, pos.column)
        })
        .collect();
    let names_group = format!("close to the claim \"{}\"", group.claim);
    let mut similar: Vec<Problem> = all
        .into_iter()
        .filter(|p| {
            p.code == Code::SimilarClaim
                && (p.line.zip(p.column).is_some_and(|(line, column)| {
                    members.contains(&(p.file.as_str(), line, column))
                }) || p.message.contains(&names_group))
        })
        .collect();
    sort_problems(&mut similar);
    similar
}

/// The warnings `check` gives about one claim of a file on its own: an
/// ambiguous quote (`count` places in the article) and a date after the
/// article's. The wording and positions are those of check.rs
/// (`quote_problems`, `date_problems`); tests/authoring_loop.rs compares
/// them with `check`'s output.
pub(super) fn claim_warnings(
    file: &Annotation,
    claim: &Claim,
    article: &str,
    count: usize,
) -> Vec<Problem> {
    let mut warnings = Vec::new();
    if count > 1 {
        warnings.push(
            Problem::new(
                Code::QuoteAmbiguous,
                &file.path,
                format!(
                    "the quote of claim `{}` occurs {count} times in {article}; quote more words so it points at one place",
                    claim.id
                ),
            )
            .at(claim.quote_pos.line, claim.quote_pos.column),
        );
    }
    if let (Some(published), Some(date)) = (file.published, claim.date)
        && claim.has_own_date
        && date.surely_after(&published)
    {
        warnings.push(
            Problem::new(
                Code::DateAfterPublished,
                &file.path,
                format!(
                    "claim `{}` is dated {date}, after its article was published ({published})",
                    claim.id
                ),
            )
            .at(claim.date_pos.line, claim.date_pos.column),
        );
    }
    warnings
}
