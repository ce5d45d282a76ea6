//! Sentence embeddings of claim texts, with a BERT sentence-transformer
//! such as all-MiniLM-L6-v2: the model's token vectors, averaged over the
//! attention mask, then scaled to unit length, which is what
//! sentence-transformers computes for that model (texts truncated to 256
//! tokens, as it does).
//!
//! The model is a folder on this machine (config.json, tokenizer.json,
//! model.safetensors); claimtrack never downloads anything. The engine
//! (candle, tokenizers) is built with the cargo feature `semantic` only;
//! without it [`ModelDir::open`] says so ([`ModelError::NotBuilt`]) and
//! the rest of this module still compiles, so callers need no `cfg`.
//!
//! A folder is found and fingerprinted cheaply ([`ModelDir::open`]) and
//! loaded only when some text has no vector in the embedding cache
//! ([`embed_cached`]).
//!
//! A wrong, truncated or foreign model folder is an error, never a panic:
//! config.json is checked before candle sees it, and a panic inside candle
//! or tokenizers is caught and reported as an error as a last resort.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::cache::Cache;

mod config;
mod store;

#[cfg(feature = "semantic")]
mod engine;

pub use config::MAX_SEQ_LENGTH;

/// The files a model folder must hold.
pub const CONFIG_FILE: &str = "config.json";
pub const TOKENIZER_FILE: &str = "tokenizer.json";
pub const WEIGHTS_FILE: &str = "model.safetensors";

/// Bounds on what is read from a model folder: a planted or corrupt file
/// must not fill memory.
const MAX_CONFIG_BYTES: u64 = 1 << 20;
const MAX_TOKENIZER_BYTES: u64 = 64 << 20;
const MAX_WEIGHTS_BYTES: u64 = 2 << 30;

/// Why a model folder cannot be used or a text not embedded. Each message
/// names the folder or the file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error(
        "this claimtrack was built without the `semantic` feature; build it with \
         `cargo build --release --features semantic` (or `cargo install --features semantic`) \
         to compare claims with a sentence-embedding model"
    )]
    NotBuilt,
    #[error(
        "{path} does not exist: a model folder holds config.json, tokenizer.json and \
         model.safetensors (bench/get-model.sh DEST puts all-MiniLM-L6-v2 in DEST)"
    )]
    Missing { path: PathBuf },
    #[error("{path} {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{path} is not a usable model file: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("embedding with the model in {dir} failed: {reason}")]
    Embedding { dir: PathBuf, reason: String },
}

/// A model folder found and fingerprinted, not loaded.
#[derive(Debug, Clone)]
pub struct ModelDir {
    path: PathBuf,
    fingerprint: u64,
    /// The vectors' length (config.json's hidden_size).
    dimension: usize,
}

impl ModelDir {
    /// Checks that `dir` holds config.json (a BERT config that makes sense),
    /// tokenizer.json and model.safetensors, regular files within bounds
    /// (links are followed: a Hugging Face cache links its files), and
    /// fingerprints their contents. Without the `semantic` feature:
    /// [`ModelError::NotBuilt`].
    pub fn open(dir: &Path) -> Result<ModelDir, ModelError> {
        if !cfg!(feature = "semantic") {
            return Err(ModelError::NotBuilt);
        }
        let files = ModelFiles::read(dir)?;
        Ok(ModelDir {
            path: dir.to_path_buf(),
            fingerprint: files.fingerprint(),
            dimension: files.config.hidden_size,
        })
    }

    /// A hash of config.json, tokenizer.json and model.safetensors: what
    /// the vectors depend on (with [`store::FORMAT`]).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The length of the vectors the model gives.
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// Loads the weights and the tokenizer, read into memory (at most
    /// 2 GiB of weights; not mapped, so a file changed meanwhile cannot
    /// change them). The files must still be those that were fingerprinted.
    pub fn load(&self) -> Result<Model, ModelError> {
        #[cfg(feature = "semantic")]
        {
            let files = ModelFiles::read(&self.path)?;
            if files.fingerprint() != self.fingerprint {
                return Err(ModelError::Invalid {
                    path: self.path.clone(),
                    reason: "the folder's files changed since it was opened".into(),
                });
            }
            engine::Engine::load(&self.path, files).map(|engine| Model { engine })
        }
        #[cfg(not(feature = "semantic"))]
        {
            Err(ModelError::NotBuilt)
        }
    }
}

/// The three files of a model folder, read and checked.
struct ModelFiles {
    config: config::Config,
    config_bytes: Vec<u8>,
    tokenizer: Vec<u8>,
    weights: Vec<u8>,
}

impl ModelFiles {
    fn read(dir: &Path) -> Result<ModelFiles, ModelError> {
        if !dir.is_dir() {
            return Err(ModelError::Missing {
                path: dir.to_path_buf(),
            });
        }
        let config_bytes = read_file(dir, CONFIG_FILE, MAX_CONFIG_BYTES)?;
        let config = config::Config::parse(&config_bytes, &dir.join(CONFIG_FILE))?;
        config::check_pooling(dir, config.hidden_size)?;
        Ok(ModelFiles {
            config,
            config_bytes,
            tokenizer: read_file(dir, TOKENIZER_FILE, MAX_TOKENIZER_BYTES)?,
            weights: read_file(dir, WEIGHTS_FILE, MAX_WEIGHTS_BYTES)?,
        })
    }

    fn fingerprint(&self) -> u64 {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        for (name, bytes) in [
            (CONFIG_FILE, &self.config_bytes),
            (TOKENIZER_FILE, &self.tokenizer),
            (WEIGHTS_FILE, &self.weights),
        ] {
            h.write(name.as_bytes());
            h.write_u64(bytes.len() as u64);
            h.write(bytes);
        }
        h.finish()
    }
}

/// Reads `dir/name`, a regular file of at most `limit` bytes.
fn read_file(dir: &Path, name: &str, limit: u64) -> Result<Vec<u8>, ModelError> {
    use crate::safe_fs::{Links, ReadError, read_bounded};
    let path = dir.join(name);
    read_bounded(&path, limit, Links::Follow).map_err(|e| match e {
        ReadError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            ModelError::Missing { path }
        }
        e => ModelError::Unreadable {
            path,
            reason: e.to_string(),
        },
    })
}

/// A loaded model.
pub struct Model {
    #[cfg(feature = "semantic")]
    engine: engine::Engine,
    #[cfg(not(feature = "semantic"))]
    never: std::convert::Infallible,
}

/// How [`Model::embed_with`] batches texts.
#[derive(Debug, Clone, Copy)]
pub struct EmbedOptions {
    /// Texts run through the model at once, at most.
    pub batch_size: usize,
    pub batching: Batching,
    pub threads: Threads,
}

/// How the cores share the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// Each core runs whole batches, one at a time, with no waiting on
    /// each other inside a batch. The fastest when candle's own pool for
    /// element-wise operations is off (`CANDLE_NUM_THREADS=1` in the
    /// environment from the start of the process); with it on, the two
    /// lanes queue for that pool and this is the slowest.
    PerBatch,
    /// Every core works on each batch: matrix products on this model's
    /// thread pool, element-wise operations on candle's pool, which spins
    /// while it waits.
    PerOperation,
}

impl Threads {
    /// [`Threads::PerBatch`] if candle's element-wise pool is off, else
    /// [`Threads::PerOperation`] (BENCHMARKS.md (Sentence embeddings)).
    pub fn fastest() -> Threads {
        match std::env::var("CANDLE_NUM_THREADS").as_deref() {
            Ok("1") => Threads::PerBatch,
            _ => Threads::PerOperation,
        }
    }
}

/// Which texts go through the model together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Batching {
    /// Texts of the same token length only, so nothing is padded and a
    /// text's vector does not depend on the other texts, to the last bit
    /// (with padding it may differ in the last bits): the same text gets
    /// the same vector in any run, cached or not. The default.
    SameLength,
    /// Sorted by token length, then cut in batches (little padding).
    Sorted,
    /// In the order given (padding to the longest of each batch).
    InOrder,
}

impl Default for EmbedOptions {
    /// What was fastest on 2 cores (BENCHMARKS.md (Sentence embeddings)).
    fn default() -> Self {
        EmbedOptions {
            batch_size: 32,
            batching: Batching::SameLength,
            threads: Threads::fastest(),
        }
    }
}

impl Model {
    /// The length of the vectors.
    pub fn dimension(&self) -> usize {
        #[cfg(feature = "semantic")]
        return self.engine.dimension();
        #[cfg(not(feature = "semantic"))]
        match self.never {}
    }

    /// Unit vectors of `texts`, in their order; texts over 256 tokens are
    /// truncated.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, ModelError> {
        self.embed_with(texts, EmbedOptions::default(), &|_| {})
    }

    /// [`Model::embed`] with the batching given, calling `progress(done)`
    /// with the number of texts embedded as batches finish.
    pub fn embed_with(
        &self,
        texts: &[&str],
        options: EmbedOptions,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Vec<Vec<f32>>, ModelError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        #[cfg(feature = "semantic")]
        return self.engine.embed(texts, options, progress);
        #[cfg(not(feature = "semantic"))]
        {
            let _ = (options, progress);
            match self.never {}
        }
    }
}

/// What [`embed_cached_with_stats`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmbedStats {
    /// Distinct texts.
    pub distinct: usize,
    /// Distinct texts whose vector came from the cache.
    pub cached: usize,
    /// Distinct texts embedded with the model.
    pub computed: usize,
    /// Whether the model was loaded (only if some text was not cached).
    pub loaded: bool,
}

/// Vectors of claim texts, in their order: from the embedding cache when
/// there, else computed with the model (loaded only if some text is
/// missing), then the cache updated. Each distinct text is embedded once.
/// `progress(done, total)` is called when embedding starts, with 0, and as
/// batches finish, over the texts that were not cached; not at all if
/// every text was.
pub fn embed_cached(
    model: &ModelDir,
    texts: &[&str],
    cache: &Cache,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Vec<f32>>, ModelError> {
    embed_cached_with_stats(model, texts, cache, progress).map(|(vectors, _)| vectors)
}

/// [`embed_cached`], also telling what came from the cache.
pub fn embed_cached_with_stats(
    model: &ModelDir,
    texts: &[&str],
    cache: &Cache,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Vec<Vec<f32>>, EmbedStats), ModelError> {
    if texts.is_empty() {
        return Ok((Vec::new(), EmbedStats::default()));
    }
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    let mut distinct: Vec<&str> = Vec::new();
    let slots: Vec<usize> = texts
        .iter()
        .map(|&text| {
            *index.entry(text).or_insert_with(|| {
                distinct.push(text);
                distinct.len() - 1
            })
        })
        .collect();
    let keys: Vec<u64> = distinct.iter().map(|t| cache.content_hash(t)).collect();

    let name = store::file_name(model.fingerprint);
    let stored = cache
        .read_named(&name)
        .and_then(|bytes| store::Stored::parse(bytes, model.fingerprint, model.dimension));
    let mut vectors: Vec<Option<Vec<f32>>> = keys
        .iter()
        .map(|&key| stored.as_ref().and_then(|s| s.get(key)))
        .collect();
    let missing: Vec<usize> = (0..distinct.len())
        .filter(|&i| vectors[i].is_none())
        .collect();
    let mut stats = EmbedStats {
        distinct: distinct.len(),
        cached: distinct.len() - missing.len(),
        computed: missing.len(),
        loaded: false,
    };

    if !missing.is_empty() {
        let total = missing.len();
        progress(0, total);
        let wanted: Vec<&str> = missing.iter().map(|&i| distinct[i]).collect();
        // The model is dropped (its memory freed) once the texts are embedded.
        let computed = model
            .load()?
            .embed_with(&wanted, EmbedOptions::default(), &|done| {
                progress(done, total)
            })?;
        stats.loaded = true;
        for (&i, vector) in missing.iter().zip(computed) {
            vectors[i] = Some(vector);
        }
        let vectors: Vec<&[f32]> = vectors
            .iter()
            .map(|v| v.as_deref().unwrap_or(&[]))
            .collect();
        let current: Vec<(u64, &[f32])> = keys.iter().copied().zip(vectors).collect();
        cache.write_named(&name, |out| {
            store::write(
                out,
                model.fingerprint,
                model.dimension,
                &current,
                stored.as_ref(),
            )
        });
    }

    let vectors: Vec<Vec<f32>> = vectors.into_iter().map(Option::unwrap_or_default).collect();
    let out = slots.iter().map(|&i| vectors[i].clone()).collect();
    Ok((out, stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(feature = "semantic"))]
    #[test]
    fn without_the_feature_open_says_so() {
        let err = ModelDir::open(Path::new("/nonexistent")).unwrap_err();
        assert!(matches!(err, ModelError::NotBuilt));
        assert!(err.to_string().contains("`semantic` feature"), "{err}");
    }

    #[cfg(feature = "semantic")]
    #[test]
    fn open_names_what_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("nothing-here");
        let err = ModelDir::open(&gone).unwrap_err();
        assert!(
            matches!(&err, ModelError::Missing { path } if *path == gone),
            "{err}"
        );

        let config = r#"{"model_type": "bert", "vocab_size": 10, "hidden_size": 8,
            "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 16,
            "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "max_position_embeddings": 16,
            "type_vocab_size": 2, "initializer_range": 0.02, "layer_norm_eps": 1e-12,
            "pad_token_id": 0}"#;
        std::fs::write(dir.path().join(CONFIG_FILE), config).unwrap();
        let err = ModelDir::open(dir.path()).unwrap_err();
        assert!(
            matches!(&err, ModelError::Missing { path } if path.ends_with(TOKENIZER_FILE)),
            "{err}"
        );
        std::fs::write(dir.path().join(TOKENIZER_FILE), "{}").unwrap();
        let err = ModelDir::open(dir.path()).unwrap_err();
        assert!(
            matches!(&err, ModelError::Missing { path } if path.ends_with(WEIGHTS_FILE)),
            "{err}"
        );
        assert!(err.to_string().contains("model.safetensors"), "{err}");
        std::fs::create_dir(dir.path().join(WEIGHTS_FILE)).unwrap();
        let err = ModelDir::open(dir.path()).unwrap_err();
        assert!(
            matches!(&err, ModelError::Unreadable { reason, .. } if reason.contains("not a regular file")),
            "{err}"
        );
        std::fs::remove_dir(dir.path().join(WEIGHTS_FILE)).unwrap();
        std::fs::write(dir.path().join(WEIGHTS_FILE), "x").unwrap();
        let opened = ModelDir::open(dir.path()).unwrap();
        assert_eq!(opened.dimension(), 8);
        // The fingerprint follows the contents.
        std::fs::write(dir.path().join(WEIGHTS_FILE), "y").unwrap();
        assert_ne!(
            ModelDir::open(dir.path()).unwrap().fingerprint(),
            opened.fingerprint()
        );
        // Loading rereads the files: changed ones are refused, and garbage
        // weights are an error, not a panic.
        let err = opened.load().err().unwrap();
        assert!(err.to_string().contains("changed since"), "{err}");
        let err = ModelDir::open(dir.path()).unwrap().load().err().unwrap();
        assert!(matches!(err, ModelError::Invalid { .. }), "{err}");
    }

    #[test]
    fn no_texts_need_no_model() {
        let dir = ModelDir {
            path: PathBuf::from("/nonexistent"),
            fingerprint: 1,
            dimension: 4,
        };
        let (vectors, stats) =
            embed_cached_with_stats(&dir, &[], &Cache::disabled(), &|_, _| panic!()).unwrap();
        assert!(vectors.is_empty());
        assert!(!stats.loaded);
    }
}
