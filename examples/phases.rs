//! Where `report` spends its time: load, reconcile, render, each timed.
//!
//! `cargo run --release --example phases -- CORPUS`

use std::time::Instant;

// The same allocator as claimtrack, so that the comparison is fair.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: phases CORPUS"));
    claimtrack::init_thread_pool();
    let t = Instant::now();
    let loaded = claimtrack::load::load(&root, &Default::default()).expect("a corpus");
    let load = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let reconciled = claimtrack::reconcile::reconcile(&loaded.annotations, &loaded.aliases);
    let group = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let view = claimtrack::report::View::new(&loaded.annotations, &reconciled, &Default::default());
    let json = claimtrack::report::render_json(&view);
    let render = t.elapsed().as_secs_f64();
    eprintln!(
        "load {load:.3} s, reconcile {group:.3} s, render json {render:.3} s ({} MB)",
        json.len() >> 20
    );
}
