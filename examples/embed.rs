//! Times the sentence-embedding engine once, as BENCHMARKS.md (Sentence embeddings)
//! reports it: opening (reading and fingerprinting) the model folder,
//! loading it, and embedding N claim-like texts (see benches/embed/texts.rs),
//! with wall and CPU time, so that a run on a busy machine can be told.
//!
//!     cargo run --release --features semantic --example embed -- MODEL_DIR \
//!         [--texts N] [--batch-size B] [--batching same-length|sorted|in-order] \
//!         [--threads per-batch|per-operation] [--load-only]
//!
//! Without the `semantic` feature it says so and exits.

use std::path::PathBuf;
use std::time::Instant;

use claimtrack::semantic::{Batching, EmbedOptions, ModelDir, Threads};

#[path = "../benches/embed/texts.rs"]
mod texts;

/// User and system CPU seconds of this process so far.
fn cpu_seconds() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; zeroed is a valid rusage.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut n = 1000;
    let mut options = EmbedOptions::default();
    let mut load_only = false;
    while let Some(arg) = args.next() {
        let mut value = || args.next().expect("a value after the option");
        match arg.as_str() {
            "--texts" => n = value().parse().expect("--texts N"),
            "--batch-size" => options.batch_size = value().parse().expect("--batch-size B"),
            "--batching" => {
                options.batching = match value().as_str() {
                    "same-length" => Batching::SameLength,
                    "sorted" => Batching::Sorted,
                    "in-order" => Batching::InOrder,
                    other => panic!("--batching {other}?"),
                }
            }
            "--threads" => {
                options.threads = match value().as_str() {
                    "per-batch" => Threads::PerBatch,
                    "per-operation" => Threads::PerOperation,
                    other => panic!("--threads {other}?"),
                }
            }
            "--load-only" => load_only = true,
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let dir = dir.expect("usage: embed MODEL_DIR [options]");

    let start = Instant::now();
    let model_dir = match ModelDir::open(&dir) {
        Ok(model_dir) => model_dir,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!("open+fingerprint: {:.3} s", start.elapsed().as_secs_f64());
    let start = Instant::now();
    let model = model_dir.load().unwrap_or_else(|e| panic!("{e}"));
    println!("load: {:.3} s", start.elapsed().as_secs_f64());
    if load_only {
        return;
    }

    let texts = texts::claim_texts(n);
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let vectors = model.embed_with(&texts, options, &|_| {}).unwrap();
    let (wall, cpu) = (wall.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    assert_eq!(vectors.len(), n);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "embed {n} texts ({options:?}): {wall:.2} s wall, {:.0} texts/s; {cpu:.2} s CPU, \
         {:.0} texts/s if the {cores} cores were ours alone",
        n as f64 / wall,
        n as f64 / (cpu / cores as f64),
    );
}
