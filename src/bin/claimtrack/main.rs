//! The `claimtrack` command: parses the arguments, sets colour and the
//! thread pool, runs one command, and is the one place where how it ended
//! becomes the exit status and where a closed stdout is judged.
//!
//! The arguments and their help are in `args.rs`, the corpus root in
//! `root.rs`, each command in a file of its own, and everything written to
//! stdout or stderr goes through `output.rs`.

mod add;
mod args;
mod check;
mod diff;
mod eval;
mod export;
mod import;
mod import_webannotation;
mod link;
mod model;
mod new;
mod output;
mod progress;
mod report;
mod requote;
mod root;

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use args::{Cli, ColorWhen, Command};

// mimalloc: claimtrack allocates many small strings; see BENCHMARKS.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How a command ended when it could do its work (when it could not, it
/// returns an error).
pub(crate) enum Outcome {
    /// Nothing wrong; warnings allowed.
    Clean,
    /// Errors in the corpus (found by `check`, or claims left out of a
    /// report or an evaluation), or a claim `add`, `link` or `unlink` refused.
    Errors,
}

fn main() -> ExitCode {
    let mut cli = Cli::parse_from(args::help_help(std::env::args_os()));
    // candle runs each operation on a pool of its own that spins while it
    // waits; one thread per batch, batches on claimtrack's pool, embeds
    // 1.6 times as fast on 2 cores (BENCHMARKS.md). Set before any thread
    // starts, so no other thread reads the environment meanwhile.
    #[cfg(feature = "semantic")]
    if std::env::var_os("CANDLE_NUM_THREADS").is_none() {
        // SAFETY: the process has one thread here.
        unsafe { std::env::set_var("CANDLE_NUM_THREADS", "1") };
    }
    claimtrack::init_thread_pool();
    match cli.global.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    // Exit status 0: clean; 1: errors; 2: usage or I/O error (clap exits
    // with 2 itself for arguments it cannot parse).
    match root::find_corpus_root(&mut cli).and_then(|()| run(cli)) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Errors) => ExitCode::from(1),
        Err(err) => {
            output::failure(None, format_args!("{err:#}"));
            ExitCode::from(2)
        }
    }
}

fn run(Cli { global, command }: Cli) -> anyhow::Result<Outcome> {
    match command {
        Command::Report(args) => report::run(args, &global),
        Command::Check(args) => check::run(args, &global),
        Command::Diff(args) => diff::run(args, &global),
        Command::Export(args) => export::run(args, &global),
        Command::Requote(args) => requote::run(args, &global),
        Command::Add(args) => add::run(args, &global),
        Command::Link(args) => link::run(&args.refs, &global, false),
        Command::Unlink(args) => link::run(&args.refs, &global, true),
        Command::New(args) => new::run(args, &global),
        Command::Import { dataset } => import::run(dataset, &global),
        Command::Eval(args) => eval::run(args, &global),
    }
}

/// Whether a failed write to stdout ends the command. A reader that stops
/// early (`claimtrack check | head`) is not an error: the command goes on,
/// and its stderr and exit status still say how it went, so a CI gate piped
/// into `head` still fails on errors.
pub(crate) fn unless_closed(written: std::io::Result<()>) -> anyhow::Result<()> {
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}
