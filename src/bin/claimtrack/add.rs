//! `claimtrack add`: append one claim to an article's annotation file, then
//! say what `report` and `check` will make of it (its group, and check's
//! warnings about it). A refusal is a problem printed like any other.

use std::path::Path;

use claimtrack::annotation::Limits;
use claimtrack::cache::Cache;
use claimtrack::edit::{AddError, Added, FileFields, NewClaim};
use claimtrack::model::Stance;
use claimtrack::problem::Code;
use claimtrack::semantic::ModelDir;

use crate::Outcome;
use crate::args::{AddArgs, Global, StanceArg};
use crate::output::{ProblemFormat, eprint_problems, failure, say};

pub(crate) fn run(args: AddArgs, global: &Global) -> anyhow::Result<Outcome> {
    let root = &global.root;
    let limits = global.limits();
    let new = NewClaim {
        id: args.id,
        claim: args.claim,
        stance: match args.stance {
            StanceArg::Supports => Stance::Supports,
            StanceArg::Refutes => Stance::Refutes,
            StanceArg::Unsure => Stance::Unsure,
        },
        speaker: args.speaker,
        quote: args.quote,
        date: args.date,
        topic: args.topic,
    };
    let file = FileFields {
        published: args.published,
        outlet: args.outlet,
        url: args.url,
    };
    // Found before the file is touched: a model that cannot be used stops
    // the add. `report` and `check` say when there is none; each add need not.
    let model = crate::model::find_model(global, false)?;
    let added = match claimtrack::edit::add(root, &args.article, &new, &file, &limits) {
        Ok(added) => added,
        Err(e) if e.exit_status() == 1 => {
            refused(&e);
            return Ok(Outcome::Errors);
        }
        Err(e) => anyhow::bail!(e),
    };
    let verb = if added.created { "created" } else { "added to" };
    say!(
        anstream::stderr(),
        "{verb} {}: claim `{}`",
        added.path,
        added.id
    );
    let cache = if global.no_cache {
        Cache::disabled()
    } else {
        Cache::open(root, &limits)
    };
    tell_neighbours(root, &limits, cache, model.as_ref(), added);
    Ok(Outcome::Clean)
}

/// Says why the claim was refused, naming the file the refusal is about.
fn refused(e: &AddError) {
    match e {
        AddError::Refused(problem) => failure(
            Some(problem.code),
            format_args!("{}: {}", problem.file, problem.message),
        ),
        // The code `check` gives two such claims in one file.
        AddError::Duplicate { path, .. } => {
            failure(Some(Code::DuplicateClaim), format_args!("{path}: {e}"))
        }
        _ => failure(None, e),
    }
}

/// What report and check will say about the added claim: its group, then
/// check's warnings about the claim and close groups, printed as check
/// prints them, grouped with the same model (if any) as they group.
fn tell_neighbours(
    root: &Path,
    limits: &Limits,
    cache: Cache,
    model: Option<&ModelDir>,
    added: Added,
) {
    let around = claimtrack::edit::neighbours(root, limits, cache, model, &added);
    match &around.group {
        Some((claim, 1)) => say!(
            anstream::stderr(),
            "note: it starts a group of its own: \"{claim}\""
        ),
        Some((claim, n)) => say!(
            anstream::stderr(),
            "note: it joins the group \"{claim}\" ({n} claims)"
        ),
        None => {}
    }
    let mut warnings = added.warnings;
    warnings.extend(around.similar);
    claimtrack::problem::sort_problems(&mut warnings);
    if !warnings.is_empty() {
        eprint_problems(&warnings, ProblemFormat::Snippets, root);
    }
}
