//! The command line: every argument clap parses, with its help text and
//! examples, and how the global options become the library's `Limits`.
//!
//! Kept apart from the commands so that what a user can type, and what
//! `--help` tells them, is read in one place.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use claimtrack::annotation::Limits;
use claimtrack::date::PartialDate;

/// The examples `claimtrack --help` ends with.
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
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct Global {
    /// Run as if started in DIR (like `git -C`); the corpus root is found
    /// from there upwards
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// When to use colour (NO_COLOR is respected with `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub(crate) color: ColorWhen,
    /// Largest file read, in bytes [default: 64 MiB for articles, 16 MiB for annotations]
    #[arg(long, global = true, value_name = "BYTES")]
    pub(crate) max_file_size: Option<u64>,
    /// Do not read or write the cache of parsed annotations (kept outside
    /// the corpus, in $CLAIMTRACK_CACHE_DIR or ~/.cache/claimtrack)
    #[arg(long, global = true)]
    pub(crate) no_cache: bool,
    /// Most claims read from one annotation file
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_claims_per_file)]
    pub(crate) max_claims: usize,
    /// A sentence-embedding model folder (config.json, tokenizer.json,
    /// model.safetensors; all-MiniLM-L6-v2 is the tested one) for matching
    /// claims by meaning [default: $CLAIMTRACK_MODEL, else `model:` in
    /// claimtrack.yaml]. Needs a build with the `semantic` feature
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) model: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// Confirm that claims are one proposition: give them one topic
    #[command(after_help = "\
Examples:
  claimtrack link ritter-wants-defenders-2#ritter-in 2017/netflix-news#cox-in
  claimtrack link april-fares#price-firm march-library#price-maybe may-walk-back#price-walk-back

A REF is a claim's annotation file under claims/ without .yaml, `#`, and its
id (as `report` prints it). The topic is the one some of the claims have
already (refused when they have two different ones), else a new one made
from the first claim's text. Claims with one topic always group together.
Nothing already in a file changes but the claims' `topic:` lines: a value
is replaced or a `topic:` line added after the claim's last line; the
result is read back before each file is replaced atomically.
Exit status: 0 done, 1 refused (unknown reference, a claim in flow style,
the claims have different topics, the file has errors), 2 usage or I/O error.")]
    Link(LinkArgs),
    /// Reject a match: give two claims different topics
    #[command(after_help = "\
Examples:
  claimtrack unlink april-fares#festival-july may-walk-back#festival-not

When the two share a topic the second gets a new one made from its text,
and a claim without a topic gets one made from its text (without one it
could still join the other's group by similarity); when both have topics
that differ already nothing changes. Claims with different topics never
group together. The edit is made as `link` makes it.
Exit status: 0 done (or nothing to do), 1 refused (unknown reference, a
claim in flow style, the file has errors), 2 usage or I/O error.")]
    Unlink(UnlinkArgs),
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
    /// What a change does to the record: claims, groups, reversals, conflicts
    #[command(after_help = "\
Examples:
  claimtrack diff origin/main                 the work tree against the base branch
  claimtrack diff HEAD~3 --to HEAD            between two commits
  claimtrack diff origin/main --format markdown > comment.md   a pull-request comment
  claimtrack diff origin/main --format json | jq .summary
  claimtrack diff origin/main --fail-on reversal --fail-on conflict

REV is a git revision of the repository holding the corpus; the other side
is the work tree (committed or not), or REV2 with --to. Each side is read
whole and grouped on its own (a commit from git objects, never checked out);
groups are matched by the claims they share, claims by their reference
(key#id), and an annotation file renamed with its claims is a rename, not
claims removed and added. A note-only edit changes nothing in the record.
Exit status: 0 whatever the change holds, 1 either side has errors (the
base's are counted, not listed: they are not the change's) or --fail-on
found what it names, 2 usage or git error.")]
    Diff(DiffArgs),
    /// The record in fact-checkers' and data tools' formats
    #[command(after_help = "\
Examples:
  claimtrack export --format claimreview -o claimreview.jsonld
  claimtrack export --format webannotation --speaker \"Krysten Ritter\"
  claimtrack export --format csv -o claims.csv
  claimtrack export --format jsonl | duckdb -c \"select * from read_json_auto('/dev/stdin')\"")]
    Export(ExportArgs),
    /// Rewrite quotes that moved in their article to the passage now there
    #[command(after_help = "\
Examples:
  claimtrack requote --dry-run
  claimtrack requote articles/2024/council-budget.txt")]
    Requote(RequoteArgs),
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
pub(crate) struct LinkArgs {
    /// The claims, as PATH#ID (PATH under claims/ without .yaml)
    #[arg(value_name = "REF", num_args = 2.., required = true)]
    pub(crate) refs: Vec<String>,
}

#[derive(Args)]
pub(crate) struct UnlinkArgs {
    /// The two claims, as PATH#ID (PATH under claims/ without .yaml)
    #[arg(value_name = "REF", num_args = 2, required = true)]
    pub(crate) refs: Vec<String>,
}

#[derive(Args)]
pub(crate) struct AddArgs {
    /// The article, e.g. articles/ritter.txt (relative to where you stand, or --root)
    pub(crate) article: String,
    /// The proposition, in the annotator's words
    #[arg(long)]
    pub(crate) claim: String,
    /// What the speaker says about the claim
    #[arg(long, value_enum)]
    pub(crate) stance: StanceArg,
    /// Who said it
    #[arg(long)]
    pub(crate) speaker: String,
    /// The exact words, as they are in the article
    #[arg(long)]
    pub(crate) quote: String,
    /// Unique id in the file [default: made from the speaker and the claim]
    #[arg(long)]
    pub(crate) id: Option<String>,
    /// When it was said, if not the publication date: YYYY-MM-DD, YYYY-MM
    /// or YYYY (a claim dated after its article is warned about)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) date: Option<PartialDate>,
    /// Group key: claims with equal topics always group together
    #[arg(long)]
    pub(crate) topic: Option<String>,
    /// Publication date, YYYY-MM-DD, YYYY-MM or YYYY: used when the
    /// annotation file is created [default: a date found at the top of the
    /// article]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) published: Option<PartialDate>,
    /// The outlet that published the article, written when the annotation
    /// file is created; an existing file must already have the same one
    #[arg(long, value_name = "NAME")]
    pub(crate) outlet: Option<String>,
    /// The article's address, written when the annotation file is created;
    /// an existing file must already have the same one
    #[arg(long, value_name = "URL")]
    pub(crate) url: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum StanceArg {
    Supports,
    Refutes,
    Unsure,
}

#[derive(Args)]
pub(crate) struct NewArgs {
    /// Articles to write skeletons for [default: every article without one]
    pub(crate) articles: Vec<String>,
}

#[derive(Args)]
pub(crate) struct ReportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub(crate) format: ReportFormat,
    #[command(flatten)]
    pub(crate) filters: FilterArgs,
    /// Only groups with a reversal
    #[arg(long)]
    pub(crate) reversals: bool,
    /// Each person's record: every group they spoke on, their stances over
    /// time and verdict (no flip, half flip, full flop), flip-flops first
    #[arg(long, value_enum, value_name = "VIEW")]
    pub(crate) by: Option<ReportBy>,
    /// Write the report to FILE (replaced atomically) instead of standard
    /// output; relative to --root. HTML links to articles are then made
    /// relative to FILE's folder.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// The filters `report` and `export` take.
#[derive(Args)]
pub(crate) struct FilterArgs {
    /// Only claims by this person (titles, roles and aliases are resolved)
    #[arg(long, value_name = "NAME")]
    pub(crate) speaker: Option<String>,
    /// Only claims whose text, quote or group claim contains TEXT (any case)
    #[arg(long, value_name = "TEXT")]
    pub(crate) grep: Option<String>,
    /// Only claims dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) since: Option<PartialDate>,
    /// Only claims dated on or before DATE
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) until: Option<PartialDate>,
    /// The corpus as known on DATE: only articles published and claims
    /// dated on or before it, grouped and judged as if nothing later
    /// existed. (--until instead groups the whole corpus, then hides later
    /// claims: later evidence still shapes the groups.)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) as_of: Option<PartialDate>,
}

impl FilterArgs {
    /// The library's filter; --since after --until is refused rather than
    /// showing nothing.
    pub(crate) fn filter(
        &self,
        reversals_only: bool,
    ) -> anyhow::Result<claimtrack::report::Filter> {
        if let (Some(since), Some(until)) = (&self.since, &self.until)
            && since.first_day() > until.last_day()
        {
            anyhow::bail!(
                "--since {since} is after --until {until}: no claim can be in that range (swap them?)"
            );
        }
        Ok(claimtrack::report::Filter {
            speaker: self.speaker.clone(),
            grep: self.grep.clone(),
            since: self.since,
            until: self.until,
            reversals_only,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportBy {
    /// One record per person (with --speaker NAME: that person's)
    Speaker,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ReportFormat {
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
pub(crate) enum ImportDataset {
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
    /// W3C Web Annotations (as Hypothesis and `export --format webannotation`
    /// write them) into this corpus: each becomes a claim of its article
    Webannotation {
        /// A JSON file: one annotation, a list of them, or a collection
        file: PathBuf,
        /// Show what would be added without writing
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Args)]
pub(crate) struct ImportOut {
    /// The corpus folder to write
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Replace files that already exist there
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Args)]
pub(crate) struct EvalArgs {
    /// The gold grouping, `reference<TAB>group` lines [default: gold.tsv in the corpus root]
    #[arg(long, value_name = "FILE")]
    pub(crate) gold: Option<PathBuf>,
    /// How many examples of each error, and of reversals, to list
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub(crate) sample: usize,
    /// Output format
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub(crate) format: EvalFormat,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum EvalFormat {
    /// Scores, examples of errors and reversals, for people
    Text,
    /// The same as one JSON object
    Json,
}

#[derive(Args)]
pub(crate) struct CheckArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub(crate) format: CheckFormat,
    /// Require annotations only for articles added or changed since this git revision
    #[arg(long, value_name = "GITREV")]
    pub(crate) changed_since: Option<String>,
    /// Make a missing `archived:` (an archive copy of the article) an error
    #[arg(long)]
    pub(crate) require_archive: bool,
}

#[derive(Args)]
pub(crate) struct ExportArgs {
    /// Output format
    #[arg(long, value_enum)]
    pub(crate) format: ExportFormat,
    /// ClaimReview: every group, not only those with a reversal or conflict
    #[arg(long)]
    pub(crate) all: bool,
    #[command(flatten)]
    pub(crate) filters: FilterArgs,
    /// Write to FILE (replaced atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// ClaimReview: the page the reviews are published on; each review's
    /// `url` is URL#<group>
    #[arg(long, value_name = "URL")]
    pub(crate) review_url: Option<String>,
    /// ClaimReview: the organisation publishing the reviews (their `author`)
    #[arg(long, value_name = "NAME")]
    pub(crate) publisher: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// schema.org ClaimReview, JSON-LD: one per group with a reversal or conflict
    Claimreview,
    /// W3C Web Annotations (JSON-LD): one per claim, anchored by quote and position
    Webannotation,
    /// One row per claim, with its group
    Csv,
    /// One JSON object per line per claim, with its group
    Jsonl,
}

#[derive(Args)]
pub(crate) struct RequoteArgs {
    /// Only these articles (default: every article with a moved quote)
    #[arg(value_name = "ARTICLE")]
    pub(crate) articles: Vec<PathBuf>,
    /// Show what would change without writing
    #[arg(long)]
    pub(crate) dry_run: bool,
}

#[derive(Args)]
pub(crate) struct DiffArgs {
    /// The revision before the change (a branch, tag, commit id...)
    #[arg(value_name = "REV")]
    pub(crate) rev: String,
    /// The revision after the change [default: the work tree]
    #[arg(long, value_name = "REV2")]
    pub(crate) to: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Terminal)]
    pub(crate) format: DiffFormat,
    /// Exit with status 1 when the change adds a reversal or a conflict
    /// (repeatable)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub(crate) fail_on: Vec<FailOn>,
    /// Markdown links to articles: this URL followed by the article's path
    /// in the repository (e.g. https://github.com/OWNER/REPO/blob/HEAD_SHA/)
    #[arg(long, value_name = "URL")]
    pub(crate) link_base: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Per group, one line per claim added, removed, changed or moved
    Terminal,
    /// A pull-request comment: headline first, details folded
    Markdown,
    /// The schema in the README
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// A new reversal
    Reversal,
    /// A new conflict
    Conflict,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CheckFormat {
    /// Each problem with its file:line:column and the line, for people
    Human,
    /// {"problems": [{"code", "severity", "file", "line", "column", "message"}]}
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request
    Github,
}

/// A date argument: YYYY, YYYY-MM or YYYY-MM-DD.
fn parse_date(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse(s).map_err(|e| e.to_string())
}

impl Global {
    /// The library's limits, from --max-file-size and --max-claims.
    pub(crate) fn limits(&self) -> Limits {
        let defaults = Limits::default();
        Limits {
            max_article_bytes: self.max_file_size.unwrap_or(defaults.max_article_bytes),
            max_annotation_bytes: self.max_file_size.unwrap_or(defaults.max_annotation_bytes),
            max_claims_per_file: self.max_claims,
        }
    }
}

/// `claimtrack help --help` (or `-h`) is `claimtrack --help`, as a
/// newcomer would expect; clap's help command takes no options.
pub(crate) fn help_help(args: impl Iterator<Item = OsString>) -> Vec<OsString> {
    let args: Vec<_> = args.collect();
    match args.get(1..) {
        Some([help, flag]) if help == "help" && (flag == "--help" || flag == "-h") => {
            vec![args[0].clone(), "--help".into()]
        }
        _ => args,
    }
}
