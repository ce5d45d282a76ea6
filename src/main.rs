//! The `claimtrack` command: parses arguments and dispatches to the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use claimtrack::annotation::Limits;
use claimtrack::check::{CheckOptions, check};
use claimtrack::diagnostics::{Tally, render_github, render_human, render_json};

const EXAMPLES: &str = "\
Examples:
  claimtrack check                      validate every annotation (the CI gate)
  claimtrack check --format github      the same, as GitHub Actions annotations
  claimtrack --root ~/corpus check --changed-since origin/main
";

/// Track what public figures and outlets claim over time.
#[derive(Parser)]
#[command(name = "claimtrack", version, after_help = EXAMPLES, args_override_self = true)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Global {
    /// Run as if started in DIR (like `git -C`): the corpus root
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// When to use colour (NO_COLOR is respected with `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Largest file read, in bytes [default: 64 MiB for articles, 16 MiB for annotations]
    #[arg(long, global = true, value_name = "BYTES")]
    max_file_size: Option<u64>,
    /// Most claims read from one annotation file
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_claims_per_file)]
    max_claims: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Check that every article is annotated and every annotation is valid
    #[command(after_help = "\
Examples:
  claimtrack check
  claimtrack check --format json | jq '.problems[] | select(.severity == \"error\")'
  claimtrack check --format github --changed-since origin/main

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.")]
    Check(CheckArgs),
}

#[derive(Args)]
struct CheckArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Require annotations only for articles added or changed since this git revision
    #[arg(long, value_name = "GITREV")]
    changed_since: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    Github,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.global.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(anstream::stderr(), "claimtrack: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn limits(global: &Global) -> Limits {
    let defaults = Limits::default();
    Limits {
        max_article_bytes: global.max_file_size.unwrap_or(defaults.max_article_bytes),
        max_annotation_bytes: global
            .max_file_size
            .unwrap_or(defaults.max_annotation_bytes),
        max_claims_per_file: global.max_claims,
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let root = &cli.global.root;
    match cli.command {
        Command::Check(args) => {
            let require_annotation_for = match &args.changed_since {
                Some(rev) => Some(claimtrack::git::changed_articles(root, rev)?),
                None => None,
            };
            let options = CheckOptions {
                limits: limits(&cli.global),
                require_annotation_for,
            };
            let problems = check(root, &options)?;
            let tally = Tally::of(&problems);
            let text = match args.format {
                CheckFormat::Human => {
                    let mut text = render_human(&problems, root);
                    text.push_str(&format!("check: {}\n", tally.summary()));
                    text
                }
                CheckFormat::Json => render_json(&problems),
                CheckFormat::Github => render_github(&problems),
            };
            write_stdout(&text)?;
            if !matches!(args.format, CheckFormat::Human) {
                let _ = writeln!(anstream::stderr(), "check: {}", tally.summary());
            }
            Ok(ExitCode::from(u8::from(tally.errors > 0)))
        }
    }
}

/// Writes to stdout (colour stripped unless wanted); a closed pipe is not an error.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = anstream::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}
