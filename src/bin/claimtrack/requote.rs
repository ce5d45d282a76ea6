//! `claimtrack requote`: not built yet (issue 26).

use crate::Outcome;
use crate::args::{Global, RequoteArgs};

pub(crate) fn run(_args: RequoteArgs, _global: &Global) -> anyhow::Result<Outcome> {
    anyhow::bail!("requote is not built yet")
}
