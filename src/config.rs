//! The corpus's own settings: an optional `claimtrack.yaml` at its root.
//!
//! It holds one key today, `model:`, the folder of a sentence-embedding
//! model, relative to the root. A corpus may be written by anyone, so the
//! folder must be inside the corpus once links are resolved: a corpus
//! cannot make claimtrack read a folder of the user's elsewhere (give
//! `--model` or `CLAIMTRACK_MODEL` for that).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::annotation::Limits;
use crate::corpus::{read_text, root_file};

/// The name of the settings file at the corpus root.
pub const CONFIG_FILE: &str = "claimtrack.yaml";

/// A settings file is a few lines; anything larger is not one.
const MAX_CONFIG_BYTES: u64 = 64 << 10;

/// What `claimtrack.yaml` says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusConfig {
    /// The model folder, relative to the corpus root.
    pub model: Option<String>,
}

/// Why `claimtrack.yaml` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{CONFIG_FILE}: {0}")]
    Unreadable(String),
    #[error("{CONFIG_FILE}: {0} (it holds `model: FOLDER`, a path from the corpus root)")]
    Invalid(String),
    #[error(
        "{CONFIG_FILE}: model: {0:?} is not a folder inside the corpus; a corpus may not make claimtrack read outside it, so a model elsewhere is given with --model DIR or CLAIMTRACK_MODEL"
    )]
    Outside(String),
}

/// Reads `claimtrack.yaml` at `root`, if there is one.
pub fn read_config(root: &Path) -> Result<Option<CorpusConfig>, ConfigError> {
    let Some(file) = root_file(root, CONFIG_FILE) else {
        return Ok(None);
    };
    let file = file.map_err(|p| ConfigError::Unreadable(p.message))?;
    let text =
        read_text(&file, MAX_CONFIG_BYTES).map_err(|p| ConfigError::Unreadable(p.message))?;
    if text.trim().is_empty() {
        return Ok(Some(CorpusConfig::default()));
    }
    serde_saphyr::from_str_with_options(&text, Limits::default().yaml_options())
        .map(Some)
        .map_err(|e| ConfigError::Invalid(first_line(&e.to_string())))
}

/// The folder `model:` names, resolved and checked to be inside `root`.
pub fn model_folder(root: &Path, model: &str) -> Result<PathBuf, ConfigError> {
    let outside = || ConfigError::Outside(model.to_owned());
    let relative = Path::new(model);
    if relative.is_absolute() {
        return Err(outside());
    }
    let root = std::fs::canonicalize(root).map_err(|_| outside())?;
    let folder = std::fs::canonicalize(root.join(relative)).map_err(|_| outside())?;
    if folder.starts_with(&root) && folder.is_dir() {
        Ok(folder)
    } else {
        Err(outside())
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_folder_must_be_inside_the_corpus() {
        let top = tempfile::tempdir().unwrap();
        let corpus = top.path().join("corpus");
        std::fs::create_dir_all(corpus.join("models/minilm")).unwrap();
        std::fs::create_dir_all(top.path().join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(top.path().join("elsewhere"), corpus.join("link")).unwrap();
        assert!(model_folder(&corpus, "models/minilm").is_ok());
        for bad in [
            "../elsewhere",
            "link",
            "/tmp",
            "models/../../elsewhere",
            "missing",
        ] {
            assert!(
                matches!(model_folder(&corpus, bad), Err(ConfigError::Outside(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_file_is_optional_and_strict() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_config(dir.path()).unwrap(), None);
        std::fs::write(dir.path().join(CONFIG_FILE), "model: models/minilm\n").unwrap();
        assert_eq!(
            read_config(dir.path()).unwrap(),
            Some(CorpusConfig {
                model: Some("models/minilm".into())
            })
        );
        std::fs::write(dir.path().join(CONFIG_FILE), "modle: x\n").unwrap();
        assert!(matches!(
            read_config(dir.path()),
            Err(ConfigError::Invalid(_))
        ));
    }
}
