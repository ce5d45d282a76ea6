//! `claimtrack import webannotation FILE`: W3C Web Annotations become
//! claims of the corpus at --root, through `add`'s byte-preserving edit;
//! each one skipped is said on stderr with the reason.

use std::path::Path;

use anyhow::Context;

use claimtrack::import::webannotation::{Imported, import};

use crate::Outcome;
use crate::args::Global;
use crate::output::{say, skipped};

pub(crate) fn run(file: &Path, dry_run: bool, global: &Global) -> anyhow::Result<Outcome> {
    let json =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let results = import(&global.root, &json, dry_run, &global.limits())
        .map_err(|why| anyhow::anyhow!("{}: {why}", file.display()))?;
    let mut err = anstream::stderr();
    let (mut added, mut left) = (0, 0);
    for r in &results {
        match r {
            Imported::Added {
                what,
                path,
                id,
                note,
            } => {
                added += 1;
                let verb = if dry_run { "would add" } else { "added" };
                match id {
                    Some(id) => say!(err, "{verb} {what} to {path}: claim `{id}`"),
                    None => say!(err, "{verb} {what} to {path}"),
                }
                if let Some(note) = note {
                    say!(err, "  note: {note}");
                }
            }
            Imported::Skipped { what, why } => {
                left += 1;
                skipped(&mut err, what, why);
            }
        }
    }
    let verb = if dry_run { "would import" } else { "imported" };
    say!(
        err,
        "{verb} {added} of {} annotations{}",
        results.len(),
        if left > 0 {
            format!(", skipped {left}")
        } else {
            String::new()
        }
    );
    Ok(if left > 0 {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}
