//! Where `report` and `check` spend their time, each step timed.
//!
//! `cargo run --release --example phases -- CORPUS` (report: load,
//! reconcile, render) or `-- CORPUS --check` (check: load, reconcile, the
//! similar-claim search, then all checks: the per-file checks, which read
//! the articles, beside the search again).

use std::time::Instant;

// The same allocator as claimtrack, so that the comparison is fair.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: phases CORPUS [--check]"));
    let check = args.next().as_deref() == Some("--check");
    claimtrack::init_thread_pool();
    let t = Instant::now();
    let loaded = claimtrack::load::load(&root, &Default::default()).expect("a corpus");
    let load = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let reconciled = claimtrack::reconcile::reconcile(&loaded.annotations, &loaded.aliases);
    let group = t.elapsed().as_secs_f64();
    if check {
        let t = Instant::now();
        let similar =
            claimtrack::reconcile::similar_claim_problems(&loaded.annotations, &reconciled);
        let search = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let problems = claimtrack::check::check_loaded(&loaded, &reconciled, &Default::default());
        let all = t.elapsed().as_secs_f64();
        eprintln!(
            "load {load:.3} s, reconcile {group:.3} s, similar-claim search {search:.3} s, \
             all checks (the search again, beside the article reads) {all:.3} s \
             ({} similar-claim, {} problems)",
            similar.len(),
            problems.len()
        );
        return;
    }
    let t = Instant::now();
    let view = claimtrack::report::View::new(&loaded.annotations, &reconciled, &Default::default());
    // Written to nowhere, counted: the cost of rendering, not of a disk.
    let mut out = Counted(0);
    claimtrack::report::write_json(&view, &mut out).expect("writing to nowhere");
    let render = t.elapsed().as_secs_f64();
    eprintln!(
        "load {load:.3} s, reconcile {group:.3} s, render json {render:.3} s ({} MB)",
        out.0 >> 20
    );
}

/// A writer that only counts bytes.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
