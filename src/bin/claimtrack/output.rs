//! Everything the binary writes: the one way a problem is printed, the
//! [`say!`] macro every other message on stderr goes through, and the
//! writers to stdout.
//!
//! Text from the corpus (file names, quotes, messages quoting it) must not
//! reach a terminal or CI log raw, and a problem must look the same whichever
//! command reports it; both are decided here, not in each command.

use std::fmt::Display;
use std::io::{BufWriter, Write};
use std::path::Path;

use claimtrack::diagnostics::{render_github, render_human, render_json};
use claimtrack::problem::{Code, Problem, Severity};
use claimtrack::text::printable;

/// `writeln!` of one message to stderr, made printable: messages carry file
/// names and text from the corpus, which must not reach the terminal raw
/// (an escape sequence in a file name could retitle the window, clear the
/// screen or hide lines). Every message on stderr goes through here, or
/// through [`render_problems`], which makes its text printable itself.
macro_rules! say {
    ($err:expr, $($arg:tt)*) => {{
        let message = format!($($arg)*);
        let _ = std::io::Write::write_fmt(
            &mut $err,
            format_args!("{}\n", claimtrack::text::printable(&message)),
        );
    }};
}
pub(crate) use say;

/// How problems are shown.
#[derive(Clone, Copy)]
pub(crate) enum ProblemFormat {
    /// rustc-style, with the offending line of each file: what `check`
    /// prints for people, and `add`'s warnings.
    Snippets,
    /// One line each, `FILE:LINE:COLUMN: SEVERITY[CODE]: MESSAGE`: the errors
    /// that left claims out of a report.
    Lines,
    /// `{"problems": [...]}`, for programs.
    Json,
    /// GitHub Actions workflow commands.
    Github,
}

/// The problems as text: the one way a problem becomes what a user reads.
/// Snippets read their lines again from `root`. The text is printable and
/// may carry styles, which the stdout and stderr of `anstream` strip where
/// colour is off.
pub(crate) fn render_problems(problems: &[Problem], format: ProblemFormat, root: &Path) -> String {
    match format {
        ProblemFormat::Snippets => render_human(problems, root),
        ProblemFormat::Lines => problems.iter().map(one_line).collect(),
        ProblemFormat::Json => render_json(problems),
        ProblemFormat::Github => render_github(problems),
    }
}

/// Prints the problems on stderr, as [`render_problems`] renders them.
pub(crate) fn eprint_problems(problems: &[Problem], format: ProblemFormat, root: &Path) {
    let text = render_problems(problems, format, root);
    let _ = anstream::stderr().write_all(text.as_bytes());
}

/// A problem of the corpus in one line, placed at its file, line and column.
fn one_line(p: &Problem) -> String {
    let at = match (p.line, p.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", p.file),
        (Some(l), None) => format!("{}:{l}", p.file),
        _ => p.file.clone(),
    };
    line(&at, p.severity, Some(p.code), &p.message)
}

/// Says on stderr that the command failed or refused, as a problem placed
/// at the program rather than at a file: `claimtrack: error[CODE]: MESSAGE`,
/// or `claimtrack: error: MESSAGE` without a code.
pub(crate) fn failure(code: Option<Code>, message: impl Display) {
    let text = line("claimtrack", Severity::Error, code, &message.to_string());
    let _ = anstream::stderr().write_all(text.as_bytes());
}

/// `AT: SEVERITY[CODE]: MESSAGE` and a newline, made printable: the one
/// shape of a problem told in one line.
fn line(at: &str, severity: Severity, code: Option<Code>, message: &str) -> String {
    let severity = severity.as_str();
    let text = match code {
        Some(code) => format!("{at}: {severity}[{code}]: {message}\n"),
        None => format!("{at}: {severity}: {message}\n"),
    };
    printable(&text).into_owned()
}

/// Says on stderr what a command left out and why: `skipped WHAT: WHY`.
pub(crate) fn skipped(err: &mut impl Write, what: impl Display, why: impl Display) {
    say!(*err, "skipped {what}: {why}");
}

/// Writes to stdout (colour stripped unless wanted).
pub(crate) fn write_stdout(text: &str) -> anyhow::Result<()> {
    finish(
        |out| out.write_all(text.as_bytes()),
        BufWriter::with_capacity(1 << 16, anstream::stdout().lock()),
    )
}

/// Streams to stdout through a buffer, for output that never has colour:
/// it skips
/// anstream's byte-by-byte stripping.
pub(crate) fn write_plain_stdout(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    finish(
        write,
        BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
    )
}

/// Writes and flushes; whether a failed write ends the command is decided
/// in `main.rs`.
fn finish<W: Write>(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    mut out: BufWriter<W>,
) -> anyhow::Result<()> {
    crate::unless_closed(write(&mut out).and_then(|()| out.flush()))
}
