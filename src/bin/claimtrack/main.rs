//! The `claimtrack` command: parses arguments and dispatches to the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use claimtrack::annotation::Limits;
use claimtrack::cache::Cache;
use claimtrack::check::{CheckOptions, check};
use claimtrack::date::PartialDate;
use claimtrack::diagnostics::{Tally, render_github, render_human, render_json};
use claimtrack::load::{Progress, load_with};
use claimtrack::report::html::{HtmlOptions, relative_url, write_html};
use claimtrack::report::{Filter, View, render_markdown, render_table, write_json};

/// `writeln!` of one message to stderr, made printable: messages carry file
/// names and text from the corpus, which must not reach the terminal raw
/// (an escape sequence in a file name could retitle the window, clear the
/// screen or hide lines). Every message on stderr goes through here.
macro_rules! say {
    ($err:expr, $($arg:tt)*) => {{
        let message = format!($($arg)*);
        let _ = writeln!($err, "{}", claimtrack::text::printable(&message));
    }};
}

// mimalloc: claimtrack allocates many small strings; see BENCHMARKS.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLES: &str = "\
Examples:
  claimtrack report                     groups, timelines, reversals and conflicts
  claimtrack report --reversals         only groups where someone changed their mind
  claimtrack report --speaker Ritter --format json
  claimtrack report --format html -o report.html   timelines to open in a browser
  claimtrack new                        a skeleton annotation file for every new article
  claimtrack add articles/x.txt --claim \"The bridge will open\" --stance supports \\
      --speaker \"Mayor Ann Lee\" --quote \"We will open the bridge\"
  claimtrack check                      validate every annotation (the CI gate)
  claimtrack check --format github      the same, as GitHub Actions annotations
  claimtrack --root ~/corpus check --changed-since origin/main
  claimtrack import emergent edata_all.csv --out emergent   a corpus from a public dataset
  claimtrack --root emergent eval       score the grouping against the dataset's own
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
#[command(next_help_heading = "Global options")]
struct Global {
    /// Run as if started in DIR (like `git -C`); the corpus root is found
    /// from there upwards
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// When to use colour (NO_COLOR is respected with `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Largest file read, in bytes [default: 64 MiB for articles, 16 MiB for annotations]
    #[arg(long, global = true, value_name = "BYTES")]
    max_file_size: Option<u64>,
    /// Do not read or write the cache of parsed annotations (kept outside
    /// the corpus, in $CLAIMTRACK_CACHE_DIR or ~/.cache/claimtrack)
    #[arg(long, global = true)]
    no_cache: bool,
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
    /// Group claims across articles, order them in time, flag reversals and conflicts
    #[command(after_help = "\
Examples:
  claimtrack report
  claimtrack report --reversals
  claimtrack report --speaker \"Krysten Ritter\" --since 2017
  claimtrack report --grep defenders --format markdown >> \"$GITHUB_STEP_SUMMARY\"
  claimtrack report --format json | jq '.groups[] | select(.reversals != [])'

Groups are formed over the whole corpus; filters then keep the claims that
match all of them, and reversals and conflicts are counted among those.
Exit status: 0 ok, 1 some annotation files have errors (their valid claims
are still reported; the errors are listed on stderr), 2 usage or I/O error.")]
    Report(ReportArgs),
    /// Append one claim to an article's annotation file (created if missing)
    #[command(after_help = "\
Examples:
  claimtrack add articles/ritter.txt --claim \"Defenders season 2 is happening\" \\
      --stance supports --speaker \"Krysten Ritter\" --quote \"I'm in.\" --topic defenders-s2
  claimtrack add articles/new.txt --published 2024-05-02 --claim ... --stance refutes \\
      --speaker ... --quote ...

Nothing already in the file changes but one line: the claim is appended in
block style, one key per line, after the last claim; an empty `claims: []`
(with the marker `new` writes, which goes away) becomes `claims:` first.
The result is read back and must hold the old claims plus the new one, and
the file is replaced atomically. ARTICLE is relative to where you stand.
Exit status: 0 added (warnings allowed), 1 refused (quote not in the
article, duplicate id, the same claim already there, --outlet or --url
differ from the file's, the file has errors or is read-only), 2 usage or
I/O error.")]
    Add(AddArgs),
    /// Write a skeleton annotation file for articles that have none
    #[command(after_help = "\
Examples:
  claimtrack new                         every article without an annotation file
  claimtrack new articles/2024/budget.txt

The skeleton has the title, the publication date when one is written near
the top of the article, the article's quoted passages as comments, and
`claims: []` marked `# claimtrack: not annotated yet`: it fails `check`
(`not-annotated`) until a claim is added with `claimtrack add` (which
removes the marker) or a person deletes the marker comment because the
article has no claim. Without a date it also fails `check` until
`published` is filled in. Existing files are never overwritten.")]
    New(NewArgs),
    /// Check that every article is annotated and every annotation is valid
    #[command(after_help = "\
Examples:
  claimtrack check
  claimtrack check --format json | jq '.problems[] | select(.severity == \"error\")'
  claimtrack check --format github --changed-since origin/main

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.")]
    Check(CheckArgs),
    /// Write a corpus from a public dataset (Emergent, RumourEval 2017)
    #[command(after_help = "\
Examples:
  claimtrack import emergent data/emergent/edata_all.csv --out emergent-all
  claimtrack import emergent data/emergent/edata_all.csv \\
      --split data/emergent/url-versions-2015-06-14-clean-train.csv --out emergent-train
  claimtrack import rumoureval data/rumoureval-2017 --out rumoureval

Writes articles/, claims/ and gold.tsv (each claim's group in the dataset)
under --out, nothing elsewhere, and replaces no file without --force. Rows
that cannot become valid annotations are skipped and listed on stderr.
Of the global options, --root (the paths above are relative to it),
--color, --max-file-size and --max-claims apply; --no-cache does not.
Exit status: 0 imported, 2 the dataset cannot be read or a file exists.")]
    Import {
        #[command(subcommand)]
        dataset: ImportDataset,
    },
    /// Score the grouping against a gold grouping; list the reversals found
    #[command(after_help = "\
Examples:
  claimtrack --root emergent-train eval
  claimtrack --root emergent-test eval --format json

The corpus is grouped with topics ignored. Scores are pair precision,
recall and F1: a pair of claims is predicted when both are in one group,
true when both are in one gold group.")]
    Eval(EvalArgs),
}

#[derive(Args)]
struct AddArgs {
    /// The article, e.g. articles/ritter.txt (relative to where you stand, or --root)
    article: String,
    /// The proposition, in the annotator's words
    #[arg(long)]
    claim: String,
    /// What the speaker says about the claim
    #[arg(long, value_enum)]
    stance: StanceArg,
    /// Who said it
    #[arg(long)]
    speaker: String,
    /// The exact words, as they are in the article
    #[arg(long)]
    quote: String,
    /// Unique id in the file [default: made from the speaker and the claim]
    #[arg(long)]
    id: Option<String>,
    /// When it was said, if not the publication date: YYYY-MM-DD, YYYY-MM
    /// or YYYY (a claim dated after its article is warned about)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<PartialDate>,
    /// Group key: claims with equal topics always group together
    #[arg(long)]
    topic: Option<String>,
    /// Publication date, YYYY-MM-DD, YYYY-MM or YYYY: used when the
    /// annotation file is created [default: a date found at the top of the
    /// article]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<PartialDate>,
    /// The outlet that published the article, written when the annotation
    /// file is created; an existing file must already have the same one
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// The article's address, written when the annotation file is created;
    /// an existing file must already have the same one
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum StanceArg {
    Supports,
    Refutes,
    Unsure,
}

#[derive(Args)]
struct NewArgs {
    /// Articles to write skeletons for [default: every article without one]
    articles: Vec<String>,
}

#[derive(Args)]
struct ReportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// Only claims by this person (titles, roles and aliases are resolved)
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// Only claims whose text, quote or group claim contains TEXT (any case)
    #[arg(long, value_name = "TEXT")]
    grep: Option<String>,
    /// Only claims dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<PartialDate>,
    /// Only claims dated on or before DATE
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<PartialDate>,
    /// Only groups with a reversal
    #[arg(long)]
    reversals: bool,
    /// The corpus as known on DATE: only articles published and claims
    /// dated on or before it, grouped and judged as if nothing later
    /// existed. (--until instead groups the whole corpus, then hides later
    /// claims: later evidence still shapes the groups.)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<PartialDate>,
    /// Each person's record: every group they spoke on, their stances over
    /// time and verdict (no flip, half flip, full flop), flip-flops first
    #[arg(long, value_enum, value_name = "VIEW")]
    by: Option<ReportBy>,
    /// Write the report to FILE (replaced atomically) instead of standard
    /// output; relative to --root. HTML links to articles are then made
    /// relative to FILE's folder.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse(s).map_err(|e| e.to_string())
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportBy {
    /// One record per person (with --speaker NAME: that person's)
    Speaker,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// One table per group for the terminal, then a summary line
    Table,
    /// The spec's JSON (groups, claims, reversals, positions, conflicts)
    Json,
    /// A summary and one table per group, e.g. for a CI job summary
    Markdown,
    /// One self-contained page with a timeline per group
    Html,
}

#[derive(Subcommand)]
enum ImportDataset {
    /// Emergent's CSV (edata_all.csv): one article per headline
    Emergent {
        /// The CSV, with columns articleHeadline, articleHeadlineStance,
        /// articleId, claimId, and optionally url and source
        csv: PathBuf,
        /// Emergent's train or test CSV: import only the articles it lists
        #[arg(long, value_name = "CSV")]
        split: Option<PathBuf>,
        #[command(flatten)]
        out: ImportOut,
    },
    /// RumourEval 2017's folder: one article per thread, one claim per tweet
    Rumoureval {
        /// The dataset's folder (thread folders and subtaskA.json below it)
        dir: PathBuf,
        #[command(flatten)]
        out: ImportOut,
    },
}

#[derive(Args)]
struct ImportOut {
    /// The corpus folder to write
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace files that already exist there
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct EvalArgs {
    /// The gold grouping, `reference<TAB>group` lines [default: gold.tsv in the corpus root]
    #[arg(long, value_name = "FILE")]
    gold: Option<PathBuf>,
    /// How many examples of each error, and of reversals, to list
    #[arg(long, value_name = "N", default_value_t = 10)]
    sample: usize,
    /// Output format
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    format: EvalFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum EvalFormat {
    /// Scores, examples of errors and reversals, for people
    Text,
    /// The same as one JSON object
    Json,
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
    /// Each problem with its file:line:column and the line, for people
    Human,
    /// {"problems": [{"code", "severity", "file", "line", "column", "message"}]}
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request
    Github,
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(help_help(std::env::args_os()));
    claimtrack::init_thread_pool();
    match cli.global.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            say!(anstream::stderr(), "claimtrack: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// `claimtrack help --help` (or `-h`) is `claimtrack --help`, as a
/// newcomer would expect; clap's help command takes no options.
fn help_help(args: impl Iterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let args: Vec<_> = args.collect();
    match args.get(1..) {
        Some([help, flag]) if help == "help" && (flag == "--help" || flag == "-h") => {
            vec![args[0].clone(), "--help".into()]
        }
        _ => args,
    }
}

fn open_cache(global: &Global) -> Cache {
    if global.no_cache {
        Cache::disabled()
    } else {
        Cache::open(&global.root, &limits(global))
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

fn run(mut cli: Cli) -> anyhow::Result<ExitCode> {
    // Like git, a command run anywhere in a corpus finds its root upwards;
    // ARTICLE paths are relative to where the user stands. `import` makes a
    // corpus rather than reading one: its paths are relative to --root.
    if !matches!(cli.command, Command::Import { .. }) {
        let start = cli.global.root.clone();
        let root = claimtrack::corpus::find_root(&start)?;
        let rebase =
            |given: &mut String| *given = claimtrack::corpus::from_start(&start, &root, given);
        match &mut cli.command {
            Command::Add(args) => rebase(&mut args.article),
            Command::New(args) => args.articles.iter_mut().for_each(rebase),
            _ => {}
        }
        cli.global.root = root;
    }
    let root = &cli.global.root;
    match cli.command {
        Command::Add(args) => add(root, args, &limits(&cli.global)),
        Command::New(args) => {
            let outcome =
                claimtrack::skeleton::write_skeletons(root, &args.articles, &limits(&cli.global))
                    .map_err(|e| anyhow::anyhow!(e))?;
            let mut err = anstream::stderr().lock();
            for s in &outcome.written {
                let date = match &s.date {
                    Some((d, found)) => format!("published {d} (from \"{found}\")"),
                    None => "no date found: fill in `published`".to_owned(),
                };
                say!(
                    err,
                    "wrote {}: {date}, {} quoted passages listed",
                    s.path,
                    s.candidates
                );
            }
            if !outcome.written.is_empty() {
                say!(
                    err,
                    "note: a skeleton fails `check` (not-annotated) until you add a claim with `claimtrack add`, or delete its `# claimtrack: not annotated yet` comment if the article has none"
                );
            }
            for (article, why) in &outcome.skipped {
                say!(err, "skipped {article}: {why}");
            }
            if outcome.written.is_empty() && outcome.skipped.is_empty() {
                say!(err, "every article has an annotation file");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Report(args) => {
            let bar = ProgressBar::new();
            let loaded = load_with(root, &limits(&cli.global), open_cache(&cli.global), &|p| {
                bar.update(p)
            })?;
            bar.done();
            // --as-of: the corpus as known then, grouped anew (and not cached).
            let known_then;
            let (annotations, reconciled, computed) = match &args.as_of {
                Some(date) => {
                    known_then = claimtrack::as_of::known_on(&loaded.annotations, date);
                    let reconciled = claimtrack::reconcile::reconcile(&known_then, &loaded.aliases);
                    (&known_then[..], reconciled, false)
                }
                None => {
                    let (reconciled, computed) = loaded.reconcile();
                    (&loaded.annotations[..], reconciled, computed)
                }
            };
            if let (Some(since), Some(until)) = (&args.since, &args.until)
                && since.first_day() > until.last_day()
            {
                anyhow::bail!(
                    "--since {since} is after --until {until}: no claim can be in that range (swap them?)"
                );
            }
            let filter = Filter {
                speaker: args.speaker,
                grep: args.grep,
                since: args.since,
                until: args.until,
                reversals_only: args.reversals,
            };
            let view = View::new(annotations, &reconciled, &filter);
            if view.groups.is_empty() && !reconciled.groups.is_empty() {
                say!(
                    anstream::stderr(),
                    "claimtrack: no claim matches {}",
                    no_match_hint(&filter, &view)
                );
            }
            // A path inside the corpus stays inside it once links are
            // resolved; one the user names outside it is theirs to choose.
            let output = args
                .output
                .as_ref()
                .map(|o| {
                    claimtrack::write::output_target(root, o)
                        .with_context(|| format!("cannot write {}", o.display()))
                })
                .transpose()?;
            let html = HtmlOptions {
                // Links from a page on stdout are relative to the corpus root.
                article_base: match &output {
                    Some(path) => article_base(root, path)?,
                    None => String::new(),
                },
            };
            // Groups computed now are cached on a thread of their own while
            // the report is written.
            std::thread::scope(|s| {
                if computed {
                    s.spawn(|| loaded.write_reconciled_cache(&reconciled));
                }
                let by = args.by;
                match &output {
                    Some(path) => claimtrack::write::write_atomic_streamed(path, |out| {
                        let width = Some(columns_or(120));
                        if let ReportFormat::Table = args.format {
                            // A file gets no terminal styles.
                            let mut styled = Vec::new();
                            render_report(&view, args.format, by, &html, width, &mut styled)?;
                            let plain = anstream::adapter::strip_bytes(&styled).into_vec();
                            return out.write_all(&plain);
                        }
                        render_report(&view, args.format, by, &html, width, out)
                    })
                    .with_context(|| format!("cannot write {}", path.display())),
                    None => match args.format {
                        ReportFormat::Table | ReportFormat::Markdown => {
                            let mut text = Vec::new();
                            render_report(&view, args.format, by, &html, table_width(), &mut text)?;
                            write_stdout(&String::from_utf8_lossy(&text))
                        }
                        // JSON and HTML have no colour: skip anstream's byte-by-byte stripping.
                        ReportFormat::Json | ReportFormat::Html => write_plain_stdout(|out| {
                            render_report(&view, args.format, by, &html, None, out)
                        }),
                    },
                }
            })?;
            let code = report_errors(&loaded.problems);
            // The process ends here: freeing a million claims one allocation
            // at a time would only delay it.
            std::mem::forget(view);
            std::mem::forget(reconciled);
            std::mem::forget(loaded);
            Ok(code)
        }
        Command::Import { dataset } => import(root, dataset, &limits(&cli.global)),
        Command::Eval(args) => eval(root, args, &limits(&cli.global)),
        Command::Check(args) => {
            let require_annotation_for = match &args.changed_since {
                Some(rev) => Some(claimtrack::git::changed_articles(root, rev)?),
                None => None,
            };
            let options = CheckOptions {
                limits: limits(&cli.global),
                require_annotation_for,
                use_cache: !cli.global.no_cache,
            };
            let bar = ProgressBar::new();
            let problems = check(root, &options, &|p| bar.update(p))?;
            bar.done();
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
                say!(anstream::stderr(), "check: {}", tally.summary());
            }
            Ok(ExitCode::from(u8::from(tally.errors > 0)))
        }
    }
}

/// Lists on stderr the errors that left claims out of a report; exit 1 if any.
/// What a report whose filters matched nothing says on stderr: which
/// filters, and for `--speaker` the nearest names in the corpus.
fn no_match_hint(filter: &Filter, view: &View) -> String {
    let mut given = Vec::new();
    if let Some(s) = &filter.speaker {
        given.push(format!("--speaker {s:?}"));
    }
    if let Some(g) = &filter.grep {
        given.push(format!("--grep {g:?}"));
    }
    if let Some(d) = &filter.since {
        given.push(format!("--since {d}"));
    }
    if let Some(d) = &filter.until {
        given.push(format!("--until {d}"));
    }
    if filter.reversals_only {
        given.push("--reversals".to_owned());
    }
    let mut hint = format!("the filters {}", given.join(" "));
    if let Some(query) = &filter.speaker {
        let query = query.to_lowercase();
        let mut names: Vec<(f64, &str)> = view
            .speaker_names()
            .into_iter()
            .map(|n| (strsim::jaro_winkler(&query, &n.to_lowercase()), n))
            .collect();
        names.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        let near: Vec<&str> = names.iter().take(3).map(|(_, n)| *n).collect();
        if !near.is_empty() {
            hint.push_str(&format!("; speakers with a near name: {}", near.join(", ")));
        }
    }
    hint
}

/// Writes the report in `format` (by group, or by person with `by`). A
/// table written here keeps its styles; where they go to a file, the caller
/// has them stripped.
fn render_report(
    view: &View,
    format: ReportFormat,
    by: Option<ReportBy>,
    html: &HtmlOptions,
    width: Option<u16>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    use claimtrack::report::people;
    let by_speaker = by == Some(ReportBy::Speaker);
    match (format, by_speaker) {
        (ReportFormat::Table, false) => out.write_all(render_table(view, width).as_bytes()),
        (ReportFormat::Table, true) => out.write_all(people::render_table(view, width).as_bytes()),
        (ReportFormat::Markdown, false) => out.write_all(render_markdown(view).as_bytes()),
        (ReportFormat::Markdown, true) => out.write_all(people::render_markdown(view).as_bytes()),
        (ReportFormat::Json, false) => write_json(view, out),
        (ReportFormat::Json, true) => people::write_json(view, out),
        (ReportFormat::Html, false) => write_html(view, html, out),
        (ReportFormat::Html, true) => claimtrack::report::html::write_html_by_speaker(view, out),
    }
}

fn report_errors(problems: &[claimtrack::problem::Problem]) -> ExitCode {
    let errors: Vec<_> = problems.iter().filter(|p| p.is_error()).collect();
    if errors.is_empty() {
        return ExitCode::SUCCESS;
    }
    let mut err = anstream::stderr().lock();
    for p in &errors {
        let at = match (p.line, p.column) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            (Some(l), None) => format!(":{l}"),
            _ => String::new(),
        };
        say!(err, "{}{at}: error[{}]: {}", p.file, p.code, p.message);
    }
    say!(
        err,
        "report: {} in the corpus; claims that could not be read are left out (run `claimtrack check` for details)",
        Tally::of(problems).summary()
    );
    ExitCode::from(1)
}

/// Paths given to `import` are relative to --root, like every path.
fn import(
    root: &std::path::Path,
    dataset: ImportDataset,
    limits: &Limits,
) -> anyhow::Result<ExitCode> {
    use claimtrack::import::{emergent, rumoureval};
    let (imported, out) = match &dataset {
        ImportDataset::Emergent { csv, split, out } => {
            let to = root.join(&out.out);
            let split = split.as_ref().map(|s| root.join(s));
            let imported = emergent::import_with_limits(
                &emergent::Options {
                    csv: &root.join(csv),
                    split: split.as_deref(),
                    out: &to,
                    force: out.force,
                },
                limits,
            )?;
            (imported, to)
        }
        ImportDataset::Rumoureval { dir, out } => {
            let to = root.join(&out.out);
            let imported = rumoureval::import_with_limits(
                &rumoureval::Options {
                    dir: &root.join(dir),
                    out: &to,
                    force: out.force,
                },
                limits,
            )?;
            (imported, to)
        }
    };
    let mut err = anstream::stderr().lock();
    for s in &imported.skipped {
        say!(err, "skipped {}: {}", s.at, s.why);
    }
    say!(
        err,
        "imported {} articles, {} claims into {} ({} skipped); gold grouping in {}",
        imported.articles,
        imported.claims,
        out.display(),
        imported.skipped.len(),
        out.join("gold.tsv").display()
    );
    Ok(ExitCode::SUCCESS)
}

fn eval(root: &std::path::Path, args: EvalArgs, limits: &Limits) -> anyhow::Result<ExitCode> {
    let gold_path = args.gold.unwrap_or_else(|| root.join("gold.tsv"));
    let gold = claimtrack::eval::read_gold_file(&gold_path)?;
    let loaded = claimtrack::load::load(root, limits)?;
    let errors = loaded.problems.iter().filter(|p| p.is_error()).count();
    let ev = claimtrack::eval::evaluate(&loaded.annotations, &loaded.aliases, &gold, args.sample);
    match args.format {
        EvalFormat::Json => write_plain_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &ev)?;
            out.write_all(b"\n")
        })?,
        // Plain text naming claims from the corpus: made printable whole.
        EvalFormat::Text => write_stdout(&claimtrack::text::printable(
            &claimtrack::eval::render_text(&ev),
        ))?,
    }
    if errors > 0 {
        say!(
            anstream::stderr(),
            "claimtrack: {errors} errors in the corpus (run `check`); their claims were left out"
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn add(root: &std::path::Path, args: AddArgs, limits: &Limits) -> anyhow::Result<ExitCode> {
    use claimtrack::edit::{AddError, FileFields, NewClaim};
    use claimtrack::model::Stance;
    let new = NewClaim {
        id: args.id,
        claim: args.claim,
        stance: match args.stance {
            StanceArg::Supports => Stance::Supports,
            StanceArg::Refutes => Stance::Refutes,
            StanceArg::Unsure => Stance::Unsure,
        },
        speaker: args.speaker,
        quote: args.quote,
        date: args.date,
        topic: args.topic,
    };
    let file = FileFields {
        published: args.published,
        outlet: args.outlet,
        url: args.url,
    };
    let mut err = anstream::stderr().lock();
    let added = match claimtrack::edit::add(root, &args.article, &new, &file, limits) {
        Ok(added) => added,
        Err(e) if e.exit_status() == 1 => {
            match &e {
                AddError::Refused(problem) => say!(
                    err,
                    "claimtrack: error[{}]: {}: {}",
                    problem.code,
                    problem.file,
                    problem.message
                ),
                // The code `check` gives two such claims in one file.
                AddError::Duplicate { path, .. } => {
                    say!(err, "claimtrack: error[duplicate-claim]: {path}: {e}")
                }
                _ => say!(err, "claimtrack: error: {e}"),
            }
            return Ok(ExitCode::from(1));
        }
        Err(e) => anyhow::bail!(e),
    };
    let verb = if added.created { "created" } else { "added to" };
    say!(err, "{verb} {}: claim `{}`", added.path, added.id);
    // What report and check will say about it: its group, then check's
    // warnings about the claim and close groups, rendered as check renders them.
    // Without the cache: whether it is wanted (--no-cache) is not passed here.
    let around = claimtrack::edit::neighbours(root, limits, Cache::disabled(), &added);
    match &around.group {
        Some((claim, 1)) => say!(err, "note: it starts a group of its own: \"{claim}\""),
        Some((claim, n)) => say!(err, "note: it joins the group \"{claim}\" ({n} claims)"),
        None => {}
    }
    let mut warnings = added.warnings;
    warnings.extend(around.similar);
    claimtrack::problem::sort_problems(&mut warnings);
    if !warnings.is_empty() {
        // Already made printable by the renderer; styles stripped unless wanted.
        let _ = write!(err, "{}", render_human(&warnings, root));
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on stderr while annotation files are read, shown only for
/// long runs (2,000 files or more) when stderr is a terminal and not in CI,
/// so it never mixes with piped output or CI logs.
struct ProgressBar(indicatif::ProgressBar);

impl ProgressBar {
    fn new() -> Self {
        use std::io::IsTerminal;
        let wanted = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        ProgressBar(if wanted {
            indicatif::ProgressBar::no_length()
        } else {
            indicatif::ProgressBar::hidden()
        })
    }

    fn update(&self, p: Progress) {
        match p {
            Progress::Total(n) if n >= 2_000 && !self.0.is_hidden() => {
                self.0
                    .set_draw_target(indicatif::ProgressDrawTarget::stderr());
                self.0.set_style(
                    indicatif::ProgressStyle::with_template(
                        "reading annotation files {pos}/{len} {wide_bar} {eta}",
                    )
                    .expect("a valid template"),
                );
                self.0.set_length(n as u64);
            }
            Progress::Total(_) => self
                .0
                .set_draw_target(indicatif::ProgressDrawTarget::hidden()),
            Progress::FileDone => self.0.inc(1),
        }
    }

    fn done(&self) {
        self.0.finish_and_clear();
    }
}

/// The width to fit tables to: the terminal's (found by comfy-table) when
/// stdout is one, else $COLUMNS, else 120, so that piped output is stable.
fn table_width() -> Option<u16> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        return None;
    }
    Some(columns_or(120))
}

/// $COLUMNS when it is a usable width, else `default`.
fn columns_or(default: u16) -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|&c| c >= 40)
        .unwrap_or(default)
}

/// How a page written to `output` links to the corpus root's files.
fn article_base(root: &std::path::Path, output: &std::path::Path) -> anyhow::Result<String> {
    let folder = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let folder = folder.canonicalize().with_context(|| {
        format!(
            "cannot write {}: no folder {}",
            output.display(),
            folder.display()
        )
    })?;
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot open the corpus root {}", root.display()))?;
    Ok(relative_url(&folder, &root))
}

/// Writes to stdout (colour stripped unless wanted); a closed pipe is not an error.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    write_stdout_with(|out| out.write_all(text.as_bytes()))
}

/// Streams to stdout through a buffer; a closed pipe is not an error.
fn write_stdout_with(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    finish(
        write,
        std::io::BufWriter::with_capacity(1 << 16, anstream::stdout().lock()),
    )
}

/// Like [`write_stdout_with`] for output that never has colour.
fn write_plain_stdout(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    finish(
        write,
        std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
    )
}

fn finish<W: Write>(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    mut out: std::io::BufWriter<W>,
) -> anyhow::Result<()> {
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}
