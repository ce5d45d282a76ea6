//! `claimtrack export`: not built yet (issue 26).

use crate::Outcome;
use crate::args::{ExportArgs, Global};

pub(crate) fn run(_args: ExportArgs, _global: &Global) -> anyhow::Result<Outcome> {
    anyhow::bail!("export is not built yet")
}
