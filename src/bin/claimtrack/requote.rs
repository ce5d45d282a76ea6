//! `claimtrack requote`: rewrite the quotes `check` reports `quote-moved`
//! to the passage now in the article. Each change goes to stdout (old →
//! new, the annotation file and line, where the passage is in the
//! article); quotes left alone (orphaned, or written in a way the edit does
//! not handle) to stderr, and the exit status is then 1.

use claimtrack::edit::{RequoteOutcome, requote};
use claimtrack::problem::Code;

use crate::Outcome;
use crate::args::{Global, RequoteArgs};
use crate::output::{failure, say};

pub(crate) fn run(args: RequoteArgs, global: &Global) -> anyhow::Result<Outcome> {
    let limits = global.limits();
    let articles: Vec<String> = args
        .articles
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let outcome = requote(&global.root, &articles, args.dry_run, &limits)?;
    tell(&outcome, args.dry_run);
    Ok(
        if outcome.orphaned.is_empty() && outcome.refused.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Errors
        },
    )
}

fn tell(outcome: &RequoteOutcome, dry_run: bool) {
    let mut out = anstream::stdout();
    let show =
        |s: &str| claimtrack::text::printable(&claimtrack::text::shorten(s, 300)).into_owned();
    for c in &outcome.changed {
        say!(
            out,
            "{}:{}: claim `{}`{}\n  - \"{}\"\n  + \"{}\"  ({}:{}:{})",
            c.path,
            c.line,
            c.id,
            if c.context { " (and its context)" } else { "" },
            show(&c.old),
            show(&c.new),
            c.article,
            c.article_line,
            c.article_column
        );
    }
    for r in &outcome.refused {
        failure(
            Some(Code::QuoteMoved),
            format_args!(
                "{}:{}: claim `{}`: not requoted: {}; edit it by hand",
                r.path, r.line, r.id, r.why
            ),
        );
    }
    for r in &outcome.orphaned {
        failure(
            Some(Code::QuoteNotFound),
            format_args!(
                "{}:{}: claim `{}`: left as it is: {}",
                r.path, r.line, r.id, r.why
            ),
        );
    }
    let mut err = anstream::stderr();
    let n = outcome.changed.len();
    let quotes = if n == 1 { "quote" } else { "quotes" };
    if dry_run {
        say!(
            err,
            "requote: {n} {quotes} would be rewritten (dry run: nothing was written)"
        );
    } else {
        say!(
            err,
            "requote: {n} {quotes} rewritten in {} file{}",
            outcome.written.len(),
            if outcome.written.len() == 1 { "" } else { "s" }
        );
    }
}
