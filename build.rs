//! Derives the cache's format key from the library's sources, so that a
//! cache written by a build whose parsing or grouping differs is never
//! read: no version number to bump by hand (one was forgotten once).
//!
//! Every file under src/ but the binary's is hashed, path and bytes, in
//! path order. A change anywhere in the library discards the caches, which
//! costs one cold run after an upgrade and can never serve a stale result.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=src");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    let mut h = std::hash::DefaultHasher::new();
    for path in &files {
        path.to_string_lossy().replace('\\', "/").hash(&mut h);
        std::fs::read(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
            .hash(&mut h);
    }
    println!(
        "cargo::rustc-env=CLAIMTRACK_SOURCE_HASH={:016x}",
        h.finish()
    );
}

/// The files under `dir`, the binary's folder (src/bin) left out.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path == Path::new("src/bin") {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect(&path, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}
