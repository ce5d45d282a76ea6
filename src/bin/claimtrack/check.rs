//! `claimtrack check`: every rule over the corpus (or, with
//! --changed-since, requiring annotations only for changed articles), the
//! problems on stdout in the format asked for, and a one-line summary.

use claimtrack::check::{CheckOptions, check};
use claimtrack::diagnostics::Tally;

use crate::Outcome;
use crate::args::{CheckArgs, CheckFormat, Global};
use crate::output::{ProblemFormat, render_problems, say, write_stdout};
use crate::progress::ProgressBar;

pub(crate) fn run(args: CheckArgs, global: &Global) -> anyhow::Result<Outcome> {
    let root = &global.root;
    let require_annotation_for = match &args.changed_since {
        Some(rev) => Some(claimtrack::git::changed_articles(root, rev)?),
        None => None,
    };
    let human = matches!(args.format, CheckFormat::Human);
    let options = CheckOptions {
        limits: global.limits(),
        require_annotation_for,
        use_cache: !global.no_cache,
        model: crate::model::find_model(global, human)?,
        require_archive: args.require_archive,
    };
    let bar = ProgressBar::new();
    let problems = check(root, &options, &|p| bar.update(p))?;
    bar.done();
    let tally = Tally::of(&problems);
    let format = match args.format {
        CheckFormat::Human => ProblemFormat::Snippets,
        CheckFormat::Json => ProblemFormat::Json,
        CheckFormat::Github => ProblemFormat::Github,
    };
    let mut text = render_problems(&problems, format, root);
    // For people the summary ends the output; elsewhere stdout holds only
    // the format, and the summary goes to stderr.
    if human {
        text.push_str(&format!("check: {}\n", tally.summary()));
    }
    write_stdout(&text)?;
    if !human {
        say!(anstream::stderr(), "check: {}", tally.summary());
    }
    Ok(if tally.errors > 0 {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}
