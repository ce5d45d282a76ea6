//! `claimtrack report`: load the corpus, group it (or take the cached
//! groups), filter, and write the report in the format asked for, to stdout
//! or a file; the errors that left claims out are listed on stderr.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use claimtrack::cache::Cache;
use claimtrack::date::PartialDate;
use claimtrack::diagnostics::Tally;
use claimtrack::load::{Loaded, load_with};
use claimtrack::model::Annotation;
use claimtrack::problem::Problem;
use claimtrack::reconcile::Reconciled;
use claimtrack::report::html::{HtmlOptions, relative_url, write_html};
use claimtrack::report::{Filter, View, render_markdown, render_table, write_json};
use claimtrack::semantic::ModelDir;

use crate::Outcome;
use crate::args::{Global, ReportArgs, ReportBy, ReportFormat};
use crate::output::{ProblemFormat, eprint_problems, say, write_plain_stdout, write_stdout};
use crate::progress::ProgressBar;

/// The width tables are fitted to when stdout is not a terminal and
/// $COLUMNS says nothing usable, so that piped output is stable.
const PIPED_WIDTH: u16 = 120;

pub(crate) fn run(args: ReportArgs, global: &Global) -> anyhow::Result<Outcome> {
    let root = &global.root;
    let model = crate::model::find_model(global, !matches!(args.format, ReportFormat::Json))?;
    let bar = ProgressBar::new();
    let loaded = load(global, &bar)?;
    let embedding = |done, total| bar.embedding(done, total);
    let mut known_then = Vec::new();
    let (annotations, reconciled, computed) = grouped(
        &loaded,
        args.filters.as_of.as_ref(),
        model.as_ref(),
        &mut known_then,
        &embedding,
    )?;
    bar.done();
    let filter = args.filters.filter(args.reversals)?;
    let view = View::new(annotations, &reconciled, &filter);
    if view.groups.is_empty() && !reconciled.groups.is_empty() {
        say!(
            anstream::stderr(),
            "claimtrack: no claim matches {}",
            no_match_hint(&filter, &view)
        );
    }
    let output = output_target(root, args.output.as_deref())?;
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
        let write = |out: &mut dyn Write, width| {
            render_report(&view, args.format, args.by, &html, width, out)
        };
        match &output {
            Some(path) => write_to_file(path, args.format, write),
            None => write_to_stdout(args.format, write),
        }
    })?;
    let outcome = list_errors(&loaded.problems, root);
    // The process ends here: freeing a million claims one allocation
    // at a time would only delay it.
    std::mem::forget(view);
    std::mem::forget(reconciled);
    std::mem::forget(loaded);
    Ok(outcome)
}

/// The corpus's groups, as `report` and `export` show them, with the
/// annotations grouped and whether the groups were computed now (to be
/// cached): the whole corpus's (from the cache when nothing changed), or
/// with --as-of the corpus as known on that day (kept in `known_then`),
/// grouped anew and not cached.
pub(crate) fn grouped<'a>(
    loaded: &'a Loaded,
    as_of: Option<&PartialDate>,
    model: Option<&ModelDir>,
    known_then: &'a mut Vec<Annotation>,
    embedding: &(dyn Fn(usize, usize) + Sync),
) -> anyhow::Result<(&'a [Annotation], Reconciled, bool)> {
    Ok(match as_of {
        Some(date) => {
            *known_then = claimtrack::as_of::known_on(&loaded.annotations, date);
            let embeddings = match model {
                Some(m) => Some(loaded.embeddings(known_then, m, embedding)?),
                None => None,
            };
            let reconciled = claimtrack::reconcile::reconcile_with(
                known_then,
                &loaded.aliases,
                embeddings.as_ref(),
            );
            (&known_then[..], reconciled, false)
        }
        None => {
            let (reconciled, computed) = loaded.reconcile_using(model, embedding)?;
            (&loaded.annotations[..], reconciled, computed)
        }
    })
}

/// The corpus, read with a progress bar, through the cache unless
/// --no-cache.
pub(crate) fn load(global: &Global, bar: &ProgressBar) -> anyhow::Result<Loaded> {
    let cache = if global.no_cache {
        Cache::disabled()
    } else {
        Cache::open(&global.root, &global.limits())
    };
    Ok(load_with(&global.root, &global.limits(), cache, &|p| {
        bar.update(p)
    })?)
}

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

/// Where --output writes, if given. A path inside the corpus stays inside
/// it once links are resolved; one the user names outside it is theirs to
/// choose.
fn output_target(root: &Path, output: Option<&Path>) -> anyhow::Result<Option<PathBuf>> {
    output
        .map(|o| {
            claimtrack::write::output_target(root, o)
                .with_context(|| format!("cannot write {}", o.display()))
        })
        .transpose()
}

/// How a page written to `output` links to the corpus root's files.
fn article_base(root: &Path, output: &Path) -> anyhow::Result<String> {
    let folder = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
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

/// Writes the report to `path`, replaced atomically; a table gets no
/// terminal styles there.
fn write_to_file(
    path: &Path,
    format: ReportFormat,
    write: impl Fn(&mut dyn Write, Option<u16>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    claimtrack::write::write_atomic_streamed(path, |out| {
        let width = Some(columns_or(PIPED_WIDTH));
        if let ReportFormat::Table = format {
            let mut styled = Vec::new();
            write(&mut styled, width)?;
            let plain = anstream::adapter::strip_bytes(&styled).into_vec();
            return out.write_all(&plain);
        }
        write(out, width)
    })
    .with_context(|| format!("cannot write {}", path.display()))
}

/// Writes the report to stdout: text fitted to the terminal, with colour
/// where wanted.
fn write_to_stdout(
    format: ReportFormat,
    write: impl Fn(&mut dyn Write, Option<u16>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    match format {
        ReportFormat::Table | ReportFormat::Markdown => {
            let mut text = Vec::new();
            write(&mut text, table_width())?;
            write_stdout(&String::from_utf8_lossy(&text))
        }
        // JSON and HTML have no colour: skip anstream's byte-by-byte stripping.
        ReportFormat::Json | ReportFormat::Html => write_plain_stdout(|out| write(out, None)),
    }
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

/// Lists on stderr the errors that left claims out of the report, then how
/// many problems the corpus has: the report is still written, but the
/// command ends with errors.
fn list_errors(problems: &[Problem], root: &Path) -> Outcome {
    list_errors_of("report", problems, root)
}

/// Lists on stderr the errors that left claims out of what `command`
/// wrote, with a summary line.
pub(crate) fn list_errors_of(command: &str, problems: &[Problem], root: &Path) -> Outcome {
    let errors: Vec<Problem> = problems.iter().filter(|p| p.is_error()).cloned().collect();
    if errors.is_empty() {
        return Outcome::Clean;
    }
    eprint_problems(&errors, ProblemFormat::Lines, root);
    say!(
        anstream::stderr(),
        "{command}: {} in the corpus; claims that could not be read are left out (run `claimtrack check` for details)",
        Tally::of(problems).summary()
    );
    Outcome::Errors
}

/// The width to fit tables to: the terminal's (found by comfy-table) when
/// stdout is one, else $COLUMNS, else [`PIPED_WIDTH`].
fn table_width() -> Option<u16> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        return None;
    }
    Some(columns_or(PIPED_WIDTH))
}

/// $COLUMNS when it is a usable width, else `default`.
fn columns_or(default: u16) -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|&c| c >= 40)
        .unwrap_or(default)
}
