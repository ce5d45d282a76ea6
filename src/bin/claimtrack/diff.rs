//! `claimtrack diff REV [--to REV2]`: both sides read and grouped (through
//! the cache), compared, and the diff written in the format asked for; the
//! head's errors are listed on stderr, the base's only counted.

use claimtrack::check::CheckOptions;
use claimtrack::diagnostics::Tally;
use claimtrack::diff::{
    Revisions, SideCache, commit_side, compare, render_json, render_markdown, render_terminal,
    work_tree_side,
};
use claimtrack::git::{repository_prefix, resolve_revision};
use claimtrack::problem::Problem;

use crate::Outcome;
use crate::args::{DiffArgs, DiffFormat, FailOn, Global};
use crate::output::{ProblemFormat, eprint_problems, say, write_stdout};
use crate::progress::ProgressBar;

pub(crate) fn run(args: DiffArgs, global: &Global) -> anyhow::Result<Outcome> {
    let root = &global.root;
    // Both revisions become object ids before anything else is read: a
    // bad one is a usage error with nothing done.
    let resolve = |rev: &str| {
        resolve_revision(root, rev).map_err(|e| {
            let hint = if claimtrack::git::is_shallow(root) {
                " (this is a shallow clone: fetch the history, e.g. `git fetch --unshallow` or actions/checkout with fetch-depth: 0)"
            } else {
                ""
            };
            anyhow::anyhow!("{e}{hint}")
        })
    };
    let from = resolve(&args.rev)?;
    let to = match &args.to {
        Some(rev) => Some(resolve(rev)?),
        None => None,
    };
    let link_base = match &args.link_base {
        Some(base) => Some(format!("{}{}", with_slash(base), repository_prefix(root)?)),
        None => None,
    };
    let options = CheckOptions {
        limits: global.limits(),
        require_annotation_for: None,
        use_cache: !global.no_cache,
        model: crate::model::find_model(global, !matches!(args.format, DiffFormat::Json))?,
        require_archive: false,
    };
    let bar = ProgressBar::new();
    let progress = |p| bar.update(p);
    // The two sides are read at once: each is mostly reading its cache or
    // its files, and neither needs the other.
    let (old, new) = rayon::join(
        || commit_side(root, &from, SideCache::Base, &options, &progress),
        || match &to {
            Some(commit) => commit_side(root, commit, SideCache::Head, &options, &progress),
            None => work_tree_side(root, &options, &progress),
        },
    );
    let (old, new) = (old?, new?);
    bar.done();
    let diff = compare(&old, &new);
    let revisions = Revisions {
        from: args.rev.clone(),
        to: args.to.clone(),
    };
    let text = match args.format {
        DiffFormat::Terminal => render_terminal(&diff, &revisions),
        DiffFormat::Markdown => render_markdown(&diff, &revisions, link_base.as_deref()),
        DiffFormat::Json => render_json(&diff, &revisions),
    };
    write_stdout(&text)?;

    let mut outcome = Outcome::Clean;
    let head_errors: Vec<Problem> = new
        .problems
        .iter()
        .filter(|p| p.is_error())
        .cloned()
        .collect();
    if !head_errors.is_empty() {
        eprint_problems(&head_errors, ProblemFormat::Lines, root);
        say!(
            anstream::stderr(),
            "diff: {} after the change; claims that could not be read are left out of it",
            Tally::of(&new.problems).summary()
        );
        outcome = Outcome::Errors;
    }
    let base_errors = old.errors();
    if base_errors > 0 {
        say!(
            anstream::stderr(),
            "diff: the base ({}) has {base_errors} error{} of its own, not listed: they are not the change's",
            claimtrack::text::printable(&args.rev),
            if base_errors == 1 { "" } else { "s" }
        );
        outcome = Outcome::Errors;
    }
    let s = &diff.summary;
    for (kind, count, what) in [
        (FailOn::Reversal, s.reversals_added, "new reversal"),
        (FailOn::Conflict, s.conflicts_added, "new conflict"),
    ] {
        if args.fail_on.contains(&kind) && count > 0 {
            say!(
                anstream::stderr(),
                "diff: the change records {count} {what}{} (--fail-on): a person should approve it",
                if count == 1 { "" } else { "s" }
            );
            outcome = Outcome::Errors;
        }
    }
    // The process ends here: freeing two corpora one allocation at a time
    // would only delay it.
    std::mem::forget(diff);
    std::mem::forget(old);
    std::mem::forget(new);
    Ok(outcome)
}

fn with_slash(base: &str) -> String {
    if base.ends_with('/') {
        base.to_owned()
    } else {
        format!("{base}/")
    }
}
