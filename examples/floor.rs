//! The benchmark floor: read every annotation file of a corpus and parse it
//! with the same YAML parser (serde-saphyr, into the same located tree),
//! in parallel as claimtrack does (the same thread pool), and nothing else.
//!
//! `cargo run --release --example floor -- CORPUS`
//! `cargo run --release --example floor -- CORPUS --events-only`: the parser
//! with no output at all (serde's `IgnoredAny`), the strictest floor there is.

use rayon::prelude::*;

// The same allocator as claimtrack, so that the comparison is fair.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: floor CORPUS [--events-only]"),
    );
    let events_only = std::env::args().nth(2).as_deref() == Some("--events-only");
    claimtrack::init_thread_pool();
    let started = std::time::Instant::now();
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(root.join("claims"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let nodes: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("readable");
            if events_only {
                let _: serde::de::IgnoredAny = serde_saphyr::from_str(&text).expect("valid YAML");
                return 1;
            }
            let tree: claimtrack::yaml::Node = serde_saphyr::from_str(&text).expect("valid YAML");
            match tree.value {
                claimtrack::yaml::Value::Map(entries) => entries.len(),
                _ => 0,
            }
        })
        .sum();
    eprintln!(
        "floor: {} files, {nodes} top-level keys, {:.3} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
}
