//! Which sentence-embedding model grouping uses, if any: `--model DIR`,
//! else `$CLAIMTRACK_MODEL`, else `model:` in the corpus's
//! `claimtrack.yaml` (a folder inside the corpus). A model is found, never
//! fetched. A model asked for that cannot be used is an error (exit 2);
//! no model at all is said once, for people, and grouping goes by the
//! words alone.

use std::path::PathBuf;

use anyhow::Context;
use claimtrack::config::{model_folder, read_config};
use claimtrack::semantic::ModelDir;

use crate::args::Global;
use crate::output::say;

/// The model folder asked for, and where the request came from.
fn asked_for(global: &Global) -> anyhow::Result<Option<(PathBuf, String)>> {
    if let Some(dir) = &global.model {
        return Ok(Some((dir.clone(), "--model".into())));
    }
    if let Some(dir) = std::env::var_os("CLAIMTRACK_MODEL").filter(|d| !d.is_empty()) {
        return Ok(Some((dir.into(), "CLAIMTRACK_MODEL".into())));
    }
    let config = read_config(&global.root)?;
    match config.and_then(|c| c.model) {
        Some(model) => Ok(Some((
            model_folder(&global.root, &model)?,
            claimtrack::config::CONFIG_FILE.into(),
        ))),
        None => Ok(None),
    }
}

/// The model grouping uses. Without one, `tell` says once on stderr that
/// semantic matching is off (`tell` is false for formats read by
/// programs).
pub(crate) fn find_model(global: &Global, tell: bool) -> anyhow::Result<Option<ModelDir>> {
    match asked_for(global)? {
        Some((dir, from)) => ModelDir::open(&dir)
            .map(Some)
            .with_context(|| format!("cannot use the model given by {from}")),
        None => {
            // The same words with or without the feature: `--model` on a
            // build without it says how to get it.
            if tell {
                say!(
                    anstream::stderr(),
                    "claimtrack: semantic matching is off (no model: see --model in --help); claims are grouped by their words"
                );
            }
            Ok(None)
        }
    }
}
