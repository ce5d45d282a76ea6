//! Benchmarks of the sentence-embedding engine, with divan (feature
//! `semantic`; see BENCHMARKS.md (Sentence embeddings)):
//!
//!     CLAIMTRACK_TEST_MODEL=/work/model cargo bench --features semantic --bench embed
//!
//! The model folder comes from CLAIMTRACK_TEST_MODEL (bench/get-model.sh
//! DEST puts it there). The texts are claim-like: the distinct headlines of
//! Emergent and FNC-1, then sentences of FNC-1's article bodies, from
//! `$CLAIMTRACK_SHARED_DATA` (default: ../shared/data beside the crate).

use std::path::PathBuf;
use std::sync::OnceLock;

use claimtrack::semantic::{Batching, EmbedOptions, Model, ModelDir, Threads};
use divan::Bencher;
use divan::counter::ItemsCount;

#[path = "embed/texts.rs"]
mod texts;

fn main() {
    divan::main();
}

fn model_path() -> PathBuf {
    PathBuf::from(std::env::var_os("CLAIMTRACK_TEST_MODEL").expect(
        "CLAIMTRACK_TEST_MODEL must name the all-MiniLM-L6-v2 folder (bench/get-model.sh DEST)",
    ))
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| ModelDir::open(&model_path()).unwrap().load().unwrap())
}

/// 10,000 distinct claim-like texts, in file order (not sorted by length).
fn texts() -> &'static [String] {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    TEXTS.get_or_init(|| texts::claim_texts(10_000))
}

/// Reading and fingerprinting the model folder (90 MB of weights).
#[divan::bench(sample_count = 10)]
fn open_and_fingerprint() -> u64 {
    ModelDir::open(&model_path()).unwrap().fingerprint()
}

/// Loading weights and tokenizer.
#[divan::bench(sample_count = 5)]
fn load() -> usize {
    ModelDir::open(&model_path())
        .unwrap()
        .load()
        .unwrap()
        .dimension()
}

fn embed(bencher: Bencher, n: usize, options: EmbedOptions) {
    let model = model();
    let texts: Vec<&str> = texts()[..n].iter().map(String::as_str).collect();
    bencher
        .counter(ItemsCount::new(n))
        .bench(|| model.embed_with(&texts, options, &|_| {}).unwrap());
}

fn options(batch_size: usize, batching: Batching, threads: Threads) -> EmbedOptions {
    EmbedOptions {
        batch_size,
        batching,
        threads,
    }
}

/// 1,000 texts, the defaults (batches of one token length, each core
/// running its own batches), by batch size.
#[divan::bench(args = [8, 16, 32, 64, 128], sample_count = 3)]
fn embed_1000_same_length(bencher: Bencher, batch_size: usize) {
    embed(
        bencher,
        1000,
        options(batch_size, Batching::SameLength, Threads::PerBatch),
    );
}

/// 1,000 texts, batches of one token length, both cores on each batch.
#[divan::bench(args = [32, 64, 128], sample_count = 3)]
fn embed_1000_same_length_per_operation(bencher: Bencher, batch_size: usize) {
    embed(
        bencher,
        1000,
        options(batch_size, Batching::SameLength, Threads::PerOperation),
    );
}

/// 1,000 texts, sorted by length then cut in batches (some padding).
#[divan::bench(args = [32], sample_count = 3)]
fn embed_1000_sorted(bencher: Bencher, batch_size: usize) {
    embed(
        bencher,
        1000,
        options(batch_size, Batching::Sorted, Threads::PerBatch),
    );
}

/// 1,000 texts in their order (padding to the longest of each batch).
#[divan::bench(args = [32], sample_count = 3)]
fn embed_1000_unsorted(bencher: Bencher, batch_size: usize) {
    embed(
        bencher,
        1000,
        options(batch_size, Batching::InOrder, Threads::PerBatch),
    );
}

/// 10,000 texts with the defaults (what `embed` does), once.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn embed_10000_default(bencher: Bencher) {
    embed(bencher, 10_000, EmbedOptions::default());
}

/// 10,000 texts, both cores on each batch, once.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn embed_10000_per_operation(bencher: Bencher) {
    let batch_size = EmbedOptions::default().batch_size;
    embed(
        bencher,
        10_000,
        options(batch_size, Batching::SameLength, Threads::PerOperation),
    );
}

/// 10,000 texts in their order, once.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn embed_10000_unsorted(bencher: Bencher) {
    let batch_size = EmbedOptions::default().batch_size;
    embed(
        bencher,
        10_000,
        options(batch_size, Batching::InOrder, Threads::PerBatch),
    );
}
