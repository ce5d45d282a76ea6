//! config.json checked before candle sees it: candle trusts its config and
//! may panic or allocate without bound on odd sizes.

use std::path::Path;

use serde::Deserialize;

use super::ModelError;

/// Tokens a text is truncated to (sentence-transformers' max_seq_length
/// for all-MiniLM-L6-v2), or the model's own limit if lower.
pub const MAX_SEQ_LENGTH: usize = 256;

/// What claimtrack reads of config.json; candle reads the rest.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub model_type: Option<String>,
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    pub max_position_embeddings: usize,
    pub type_vocab_size: usize,
    pub layer_norm_eps: f64,
    #[serde(default)]
    pub position_embedding_type: Option<String>,
}

impl Config {
    /// Parses and checks config.json (`path`, for messages).
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Config, ModelError> {
        let invalid = |reason: String| ModelError::Invalid {
            path: path.to_path_buf(),
            reason,
        };
        let config: Config = serde_json::from_slice(bytes)
            .map_err(|e| invalid(format!("not a BERT config: {e}")))?;
        if config.model_type.as_deref() != Some("bert") {
            return Err(invalid(format!(
                "model_type is {}, not \"bert\": only BERT sentence-transformers are supported",
                config
                    .model_type
                    .as_deref()
                    .map_or("missing".to_string(), |t| format!("{t:?}"))
            )));
        }
        if let Some(kind) = &config.position_embedding_type
            && kind != "absolute"
        {
            return Err(invalid(format!(
                "position_embedding_type {kind:?} is not supported (only \"absolute\")"
            )));
        }
        for (name, value, max) in [
            ("vocab_size", config.vocab_size, 1 << 21),
            ("hidden_size", config.hidden_size, 1 << 14),
            ("num_hidden_layers", config.num_hidden_layers, 256),
            ("num_attention_heads", config.num_attention_heads, 256),
            ("intermediate_size", config.intermediate_size, 1 << 16),
            (
                "max_position_embeddings",
                config.max_position_embeddings,
                1 << 16,
            ),
            ("type_vocab_size", config.type_vocab_size, 1 << 10),
        ] {
            if value == 0 || value > max {
                return Err(invalid(format!(
                    "{name} {value} is not between 1 and {max}"
                )));
            }
        }
        if !config
            .hidden_size
            .is_multiple_of(config.num_attention_heads)
        {
            return Err(invalid(format!(
                "hidden_size {} is not a multiple of num_attention_heads {}",
                config.hidden_size, config.num_attention_heads
            )));
        }
        // [CLS] and [SEP] at least.
        if config.max_position_embeddings < 2 {
            return Err(invalid("max_position_embeddings is under 2".into()));
        }
        if !(config.layer_norm_eps.is_finite() && config.layer_norm_eps > 0.0) {
            return Err(invalid(format!(
                "layer_norm_eps {} is not a small positive number",
                config.layer_norm_eps
            )));
        }
        Ok(config)
    }

    /// Tokens a text is truncated to.
    #[cfg_attr(not(feature = "semantic"), allow(dead_code))]
    pub fn max_tokens(&self) -> usize {
        MAX_SEQ_LENGTH.min(self.max_position_embeddings)
    }
}

/// sentence-transformers' pooling config, where the folder has one.
#[derive(Deserialize)]
struct Pooling {
    word_embedding_dimension: Option<usize>,
    #[serde(default)]
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
    #[serde(default)]
    pooling_mode_mean_sqrt_len_tokens: bool,
}

/// If `dir` has 1_Pooling/config.json, checks that it asks for mean
/// pooling, which is the pooling claimtrack does, of `hidden_size` vectors.
pub fn check_pooling(dir: &Path, hidden_size: usize) -> Result<(), ModelError> {
    let path = dir.join("1_Pooling").join("config.json");
    if !path.exists() {
        return Ok(());
    }
    let bytes = super::read_file(
        &dir.join("1_Pooling"),
        "config.json",
        super::MAX_CONFIG_BYTES,
    )?;
    let invalid = |reason: String| ModelError::Invalid {
        path: path.clone(),
        reason,
    };
    let pooling: Pooling = serde_json::from_slice(&bytes)
        .map_err(|e| invalid(format!("not a sentence-transformers pooling config: {e}")))?;
    if !pooling.pooling_mode_mean_tokens
        || pooling.pooling_mode_cls_token
        || pooling.pooling_mode_max_tokens
        || pooling.pooling_mode_mean_sqrt_len_tokens
    {
        return Err(invalid(
            "asks for a pooling other than the mean of the tokens, the only one claimtrack does"
                .into(),
        ));
    }
    if let Some(dim) = pooling.word_embedding_dimension
        && dim != hidden_size
    {
        return Err(invalid(format!(
            "word_embedding_dimension {dim} differs from config.json's hidden_size {hidden_size}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINILM: &str = r#"{"model_type": "bert", "vocab_size": 30522, "hidden_size": 384,
        "num_hidden_layers": 6, "num_attention_heads": 12, "intermediate_size": 1536,
        "hidden_act": "gelu", "max_position_embeddings": 512, "type_vocab_size": 2,
        "layer_norm_eps": 1e-12, "position_embedding_type": "absolute"}"#;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text.as_bytes(), Path::new("m/config.json")).map_err(|e| e.to_string())
    }

    #[test]
    fn minilm_passes_and_odd_configs_do_not() {
        assert_eq!(parse(MINILM).unwrap().max_tokens(), 256);
        for (from, to, says) in [
            ("384", "385", "not a multiple"),
            ("\"bert\"", "\"gpt2\"", "not \"bert\""),
            (
                "\"num_hidden_layers\": 6",
                "\"num_hidden_layers\": 0",
                "between 1",
            ),
            ("1536", "100000000", "intermediate_size"),
            ("1e-12", "-1", "layer_norm_eps"),
            ("\"absolute\"", "\"rotary\"", "not supported"),
            ("30522", "\"many\"", "not a BERT config"),
        ] {
            let err = parse(&MINILM.replacen(from, to, 1)).unwrap_err();
            assert!(
                err.contains(says) && err.contains("m/config.json"),
                "{to}: {err}"
            );
        }
        assert!(parse("not json").unwrap_err().contains("not a BERT config"));
    }

    #[test]
    fn pooling_must_be_the_mean() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_pooling(dir.path(), 384).is_ok());
        std::fs::create_dir(dir.path().join("1_Pooling")).unwrap();
        let path = dir.path().join("1_Pooling/config.json");
        std::fs::write(
            &path,
            r#"{"word_embedding_dimension": 384, "pooling_mode_mean_tokens": true}"#,
        )
        .unwrap();
        assert!(check_pooling(dir.path(), 384).is_ok());
        assert!(check_pooling(dir.path(), 768).is_err());
        std::fs::write(
            &path,
            r#"{"word_embedding_dimension": 384, "pooling_mode_cls_token": true}"#,
        )
        .unwrap();
        let err = check_pooling(dir.path(), 384).unwrap_err().to_string();
        assert!(err.contains("1_Pooling/config.json"), "{err}");
    }
}
