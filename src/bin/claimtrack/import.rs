//! `claimtrack import`: a corpus written from a public dataset (Emergent,
//! RumourEval 2017), the rows skipped listed on stderr.

use claimtrack::import::{emergent, rumoureval};

use crate::Outcome;
use crate::args::{Global, ImportDataset};
use crate::output::{say, skipped};

/// Paths given to `import` are relative to --root, like every path.
pub(crate) fn run(dataset: ImportDataset, global: &Global) -> anyhow::Result<Outcome> {
    let root = &global.root;
    let limits = global.limits();
    let (imported, out) = match &dataset {
        ImportDataset::Webannotation { file, dry_run } => {
            return crate::import_webannotation::run(file, *dry_run, global);
        }
        ImportDataset::Emergent { csv, split, out } => {
            let to = root.join(&out.out);
            let split = split.as_ref().map(|s| root.join(s));
            let imported = emergent::import_with_limits(
                &emergent::Options {
                    csv: &root.join(csv),
                    split: split.as_deref(),
                    out: &to,
                    force: out.force,
                },
                &limits,
            )?;
            (imported, to)
        }
        ImportDataset::Rumoureval { dir, out } => {
            let to = root.join(&out.out);
            let imported = rumoureval::import_with_limits(
                &rumoureval::Options {
                    dir: &root.join(dir),
                    out: &to,
                    force: out.force,
                },
                &limits,
            )?;
            (imported, to)
        }
    };
    let mut err = anstream::stderr().lock();
    for s in &imported.skipped {
        skipped(&mut err, &s.at, &s.why);
    }
    say!(
        err,
        "imported {} articles, {} claims into {} ({} skipped); gold grouping in {}",
        imported.articles,
        imported.claims,
        out.display(),
        imported.skipped.len(),
        out.join("gold.tsv").display()
    );
    Ok(Outcome::Clean)
}
