//! `claimtrack import webannotation FILE`: not built yet (issue 26).

use std::path::Path;

use crate::Outcome;
use crate::args::Global;

pub(crate) fn run(_file: &Path, _dry_run: bool, _global: &Global) -> anyhow::Result<Outcome> {
    anyhow::bail!("import webannotation is not built yet")
}
