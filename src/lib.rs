//! claimtrack: track what public figures and outlets claim over time.
//!
//! The library loads a corpus (`load`), checks it (`check`), groups its
//! claims (`reconcile`) and renders reports (`report`, `diagnostics`). It
//! never prints: problems are data ([`problem::Problem`]).
//!
//! The public modules are what the `claimtrack` binary, the tests, the
//! benchmarks and the fuzz targets use; the stable surface for other
//! programs is the CLI and its JSON, not these paths. Modules used only
//! inside the library (`article`, `dense`, `safe_fs`, `speakers`,
//! `stances`) are private, so the compiler finds their dead code.
//!
//! ```
//! use claimtrack::proposition::{Lexicon, Proposition, same_proposition};
//!
//! let texts = ["The Northgate library will reopen in May", "The Northgate library won't reopen in May"];
//! let lexicon = Lexicon::from_texts(texts);
//! let [yes, no] = texts.map(|t| Proposition::new(t, &lexicon));
//! assert!(same_proposition(&yes, &no));
//! assert!(no.negated && !yes.negated);
//! ```

pub mod annotation;
mod article;
pub mod as_of;
pub mod cache;
pub mod check;
pub mod config;
pub mod corpus;
pub mod date;
mod dense;
pub mod diagnostics;
pub mod diff;
pub mod edit;
pub mod eval;
pub mod export;
pub mod git;
pub mod import;
pub mod load;
pub mod model;
pub mod problem;
pub mod proposition;
pub mod reconcile;
pub mod report;
mod safe_fs;
pub mod semantic;
pub mod skeleton;
pub mod snapshot;
mod speakers;
mod stances;
pub mod text;
pub mod write;
pub mod yaml;

/// Sizes rayon's global pool for claimtrack's work, which is reading many
/// small files as much as parsing them: with more threads than cores, reads
/// overlap while other threads parse (on a cold page cache this is most of
/// the gain). 4 threads a core, at least 4 and at most 32; RAYON_NUM_THREADS
/// still wins. Call once, before any parallel work; later calls do nothing.
pub fn init_thread_pool() {
    if std::env::var_os("RAYON_NUM_THREADS").is_some() {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads((cores * 4).clamp(4, 32))
        .build_global();
}
