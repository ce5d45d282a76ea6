//! `claimtrack new`: a skeleton annotation file for each article that has
//! none (or each article named), and what was written or skipped.

use crate::Outcome;
use crate::args::{Global, NewArgs};
use crate::output::{say, skipped};

pub(crate) fn run(args: NewArgs, global: &Global) -> anyhow::Result<Outcome> {
    let outcome =
        claimtrack::skeleton::write_skeletons(&global.root, &args.articles, &global.limits())
            .map_err(|e| anyhow::anyhow!(e))?;
    let mut err = anstream::stderr().lock();
    for s in &outcome.written {
        let date = match &s.date {
            Some((d, found)) => format!("published {d} (from \"{found}\")"),
            None => "no date found: fill in `published`".to_owned(),
        };
        say!(
            err,
            "wrote {}: {date}, {} quoted passages listed",
            s.path,
            s.candidates
        );
    }
    if !outcome.written.is_empty() {
        say!(
            err,
            "note: a skeleton fails `check` (not-annotated) until you add a claim with `claimtrack add`, or delete its `# claimtrack: not annotated yet` comment if the article has none"
        );
    }
    for (article, why) in &outcome.skipped {
        skipped(&mut err, article, why);
    }
    if outcome.written.is_empty() && outcome.skipped.is_empty() {
        say!(err, "every article has an annotation file");
    }
    Ok(Outcome::Clean)
}
