//! Problems rendered for people (rustc-style snippets), for programs (JSON)
//! and for GitHub Actions (workflow commands). Rendering returns text; the
//! binary decides where it goes and whether colour survives.

//!
//! Everything shown that came from the corpus (file names, messages quoting
//! it, source lines) is made [`printable`] first, so that a file named
//! with escape sequences cannot drive the reader's terminal or CI log.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use annotate_snippets::{
    AnnotationKind, Group, Level, Origin, Renderer, Snippet, renderer::DecorStyle,
};

use crate::problem::{Problem, Severity};
use crate::safe_fs::{Links, read_bounded};
use crate::text::printable;

/// Counts of errors and warnings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of(problems: &[Problem]) -> Tally {
        let errors = problems.iter().filter(|p| p.is_error()).count();
        Tally {
            errors,
            warnings: problems.len() - errors,
        }
    }

    /// "2 errors, 1 warning" / "no problems".
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        match (self.errors, self.warnings) {
            (0, 0) => "no problems".to_owned(),
            (e, 0) => plural(e, "error"),
            (0, w) => plural(w, "warning"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        }
    }
}

/// The problems as rustc-style diagnostics, with the offending line of each
/// file shown (read again from `root`; a file that cannot be read just shows
/// its path). The text carries ANSI styles; strip them where colour is off.
pub fn render_human(problems: &[Problem], root: &Path) -> String {
    let renderer = Renderer::styled().decor_style(DecorStyle::Ascii);
    let mut sources: HashMap<&str, Option<Source>> = HashMap::new();
    let mut out = String::new();
    for problem in problems {
        let level = match problem.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = printable(&problem.message);
        let title = level
            .primary_title(message.as_ref())
            .id(problem.code.as_str());
        let source = sources
            .entry(problem.file.as_str())
            .or_insert_with(|| read_small(&root.join(&problem.file)).map(Source::new));
        let column = problem.column.unwrap_or(1);
        let line_text = problem.line.and_then(|l| {
            let line = source.as_ref()?.line(l as usize)?;
            match shown_part(line.trim_end_matches('\r'), column)? {
                Cow::Borrowed(text) => Some(printable(text)),
                Cow::Owned(text) => Some(Cow::Owned(printable(&text).into_owned())),
            }
        });
        let path = printable(&problem.file);
        let group: Group = match (problem.line, line_text) {
            (Some(line), Some(text)) => {
                let span = column_span(&text, column);
                title.element(
                    Snippet::source(text)
                        .line_start(line as usize)
                        .path(path)
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            // The line cannot be shown: still say where it is.
            (Some(line), None) => {
                let origin = Origin::path(path).line(line as usize);
                title.element(match problem.column {
                    Some(column) => origin.char_column(column as usize),
                    None => origin,
                })
            }
            (None, _) => title.element(Origin::path(path)),
        };
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

/// Most characters of a source line handed to the snippet renderer, which
/// takes the whole line's time and memory even where it elides it (1.5 s
/// and 400 MB for a 16 MiB line).
const SHOWN_LINE_CHARS: usize = 10_000;

/// The part of `line` to show for a problem at `column`: all of it, or its
/// first [`SHOWN_LINE_CHARS`] characters and "…"; nothing when the column is
/// past those (cutting the start would make the renderer give a wrong
/// column, so only the place is given).
fn shown_part(line: &str, column: u32) -> Option<Cow<'_, str>> {
    let Some((cut, _)) = line.char_indices().nth(SHOWN_LINE_CHARS) else {
        return Some(Cow::Borrowed(line));
    };
    if column as usize > SHOWN_LINE_CHARS {
        return None;
    }
    Some(Cow::Owned(format!("{}…", &line[..cut])))
}

/// A file's text with where each line starts, so that showing the lines of
/// many problems in one file does not rescan it each time.
struct Source {
    text: String,
    starts: Vec<usize>,
}

impl Source {
    fn new(text: String) -> Source {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&i| i < text.len())
            .collect();
        Source { text, starts }
    }

    /// Line `n` (1-based) without its line break.
    fn line(&self, n: usize) -> Option<&str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |&e| e - 1);
        Some(&self.text[start..end])
    }
}

/// The file's text, if it is a regular file (not a link, which could lead
/// out of the corpus, nor a FIFO, which could hang) small enough to show
/// lines from.
fn read_small(path: &Path) -> Option<String> {
    let bytes = read_bounded(path, 64 << 20, Links::Refuse).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Byte range to underline: the YAML value (or key, or comment) that
/// starts at the (1-based, character) column, as far as this line shows
/// it; at least one character. A problem has a place, not a length, so the
/// value's end is read from the line ([`yaml_value_len`]).
fn column_span(line: &str, column: u32) -> std::ops::Range<usize> {
    let line = line.trim_end_matches('\r');
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    let in_flow = flow_depth(&line[..start]) > 0;
    let end = start + yaml_value_len(&line[start..], in_flow);
    if end > start {
        start..end
    } else {
        let next = line[start..].chars().next().map_or(0, char::len_utf8);
        start..start + next
    }
}

/// The length in bytes of the YAML node at the start of `rest` (the rest of
/// a line), without what follows it: a quoted string to its closing quote,
/// a flow collection to its closing bracket, a comment to the end of the
/// line, a plain scalar to where YAML ends it (a ` #` comment, `: `, and in
/// a flow collection `,` and brackets). What goes on past the line (a
/// string continued below) is underlined to the end of the line.
fn yaml_value_len(rest: &str, in_flow: bool) -> usize {
    let b = rest.as_bytes();
    let to_end = rest.trim_end().len();
    match b.first() {
        None => 0,
        Some(b'"') => closing_double_quote(b).map_or(to_end, |i| i + 1),
        Some(b'\'') => closing_single_quote(b).map_or(to_end, |i| i + 1),
        Some(b'[' | b'{') => closing_bracket(b).map_or(to_end, |i| i + 1),
        Some(b'#') => to_end,
        // A problem with blanks (a tab in the indentation): those blanks.
        Some(b' ' | b'\t') => b.iter().take_while(|c| matches!(c, b' ' | b'\t')).count(),
        _ => rest[..plain_scalar_end(b, in_flow)].trim_end().len(),
    }
}

/// Where a plain scalar at the start of `b` ends (see [`yaml_value_len`]).
fn plain_scalar_end(b: &[u8], in_flow: bool) -> usize {
    let blank = |c: Option<&u8>| matches!(c, None | Some(b' ' | b'\t'));
    let flow_indicator = |c: u8| matches!(c, b',' | b'[' | b']' | b'{' | b'}');
    (0..b.len())
        .find(|&i| match b[i] {
            b'#' => i > 0 && blank(b.get(i - 1)),
            b':' => {
                blank(b.get(i + 1)) || in_flow && b.get(i + 1).is_some_and(|&c| flow_indicator(c))
            }
            c => in_flow && flow_indicator(c),
        })
        .unwrap_or(b.len())
}

/// The index of the `"` that closes the double-quoted string at `b[0]`.
fn closing_double_quote(b: &[u8]) -> Option<usize> {
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The index of the `'` that closes the single-quoted string at `b[0]`
/// (`''` stands for one quote inside it).
fn closing_single_quote(b: &[u8]) -> Option<usize> {
    let mut i = 1;
    while i < b.len() {
        if b[i] == b'\'' {
            if b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The index of the bracket that closes the flow collection at `b[0]`.
fn closing_bracket(b: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            b'"' | b'\'' if starts_scalar(&b[..i]) => {
                let quoted = &b[i..];
                let close = if b[i] == b'"' {
                    closing_double_quote(quoted)
                } else {
                    closing_single_quote(quoted)
                };
                i += close?;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// How many flow collections are open at the end of `prefix` (the line
/// before a value): the value is inside one when this is not zero.
fn flow_depth(prefix: &str) -> usize {
    let b = prefix.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'[' | b'{' if starts_scalar(&b[..i]) => depth += 1,
            b']' | b'}' if depth > 0 => depth -= 1,
            b'"' | b'\'' if starts_scalar(&b[..i]) => {
                let quoted = &b[i..];
                let close = if b[i] == b'"' {
                    closing_double_quote(quoted)
                } else {
                    closing_single_quote(quoted)
                };
                match close {
                    Some(close) => i += close,
                    None => return depth,
                }
            }
            _ => {}
        }
        i += 1;
    }
    depth
}

/// Whether a node may start after `before` (the line up to it): at the
/// start of the line or after an indicator (`[`, `{`, `,`, `:`, `-`), blanks
/// aside. A quote or bracket elsewhere is part of a plain scalar (`it's`).
fn starts_scalar(before: &[u8]) -> bool {
    let last = before.iter().rev().find(|c| !matches!(c, b' ' | b'\t'));
    matches!(last, None | Some(b'[' | b'{' | b',' | b':' | b'-'))
}

/// `{"problems": [...]}`, pretty-printed, with a final newline.
pub fn render_json(problems: &[Problem]) -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        problems: &'a [Problem],
    }
    let mut text = serde_json::to_string_pretty(&Out { problems }).expect("problems serialise");
    text.push('\n');
    crate::text::json_terminal_safe(text)
}

/// GitHub Actions workflow commands, one line a problem. Text is made
/// printable first, then escaped as the runner expects.
pub fn render_github(problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        let mut props = format!("file={}", escape_property(&printable(&p.file)));
        if let Some(line) = p.line {
            props.push_str(&format!(",line={line}"));
            if let Some(col) = p.column {
                props.push_str(&format!(",col={col}"));
            }
        }
        props.push_str(&format!(",title={}", escape_property(p.code.as_str())));
        out.push_str(&format!(
            "::{} {props}::{}\n",
            p.severity.as_str(),
            escape_data(&printable(&p.message))
        ));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Code;

    #[test]
    fn github_lines_escape_what_the_runner_would_misread() {
        let p = Problem::new(Code::Schema, "claims/a,b.yaml", "50% bad\nnext").at(3, 7);
        assert_eq!(
            render_github(&[p]),
            "::error file=claims/a%2Cb.yaml,line=3,col=7,title=schema::50%25 bad%0Anext\n"
        );
        let w = Problem::new(Code::MissingAnnotation, "articles/x.txt", "m");
        assert_eq!(
            render_github(&[w]),
            "::error file=articles/x.txt,title=missing-annotation::m\n"
        );
    }

    #[test]
    fn no_output_format_lets_a_file_name_drive_the_terminal() {
        let evil = "claims/evil\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}1m\u{202e}.yaml";
        let p = Problem::new(Code::OrphanAnnotation, evil, format!("about {evil}")).at(2, 1);
        let github = render_github(std::slice::from_ref(&p));
        let styled = render_human(std::slice::from_ref(&p), Path::new("/nonexistent"));
        // The renderer's own styles are the only escape sequences.
        assert!(
            !styled.contains(['\u{7}', '\u{9b}', '\u{202e}']),
            "{styled:?}"
        );
        assert!(!styled.contains("\u{1b}]") && !styled.contains("\u{1b}[2J"));
        let human = anstream::adapter::strip_str(&styled).to_string();
        for text in [&github, &human] {
            assert!(
                !text.contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}']),
                "{text:?}"
            );
            assert!(
                text.contains("claims/evil\u{241B}]0;pwned\u{2407}"),
                "{text:?}"
            );
        }
        // Where the line cannot be shown, the place is still given.
        assert!(human.contains(".yaml:2:1"), "{human}");
        let json = render_json(&[p]);
        assert!(!json.contains(['\u{9b}', '\u{202e}']), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["problems"][0]["file"], evil);
    }

    #[test]
    fn a_long_line_is_cut_and_a_place_deep_in_it_only_named() {
        let line = "x".repeat(3 * SHOWN_LINE_CHARS);
        let shown = shown_part(&line, 5).unwrap();
        assert_eq!(shown.chars().count(), SHOWN_LINE_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(shown_part("short", 9).unwrap(), "short");
        assert_eq!(shown_part(&line, 2 * SHOWN_LINE_CHARS as u32), None);

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), format!("claims:\n{line}\n")).unwrap();
        let at = |column: u32| {
            let p = Problem::new(Code::Schema, "a.yaml", "bad").at(2, column);
            anstream::adapter::strip_str(&render_human(&[p], dir.path())).to_string()
        };
        let near = at(3);
        assert!(
            near.contains("--> a.yaml:2:3") && near.contains("2 | "),
            "{near}"
        );
        assert!(near.len() < 1_000, "{near}");
        let deep = at(25_000);
        assert!(
            deep.contains("--> a.yaml:2:25000") && !deep.contains("2 | "),
            "{deep}"
        );
    }

    #[test]
    fn spans_cover_the_value_and_survive_odd_columns() {
        assert_eq!(column_span("    quote: abc  ", 12), 11..14);
        assert_eq!(column_span("x", 9), 1..1);
        assert_eq!(column_span("é: ü", 4), 4..6);
    }

    /// The underlined text of the value at `column` of `line`.
    fn underlined(line: &str, column: u32) -> &str {
        &line[column_span(line, column)]
    }

    #[test]
    fn spans_end_where_the_yaml_value_ends() {
        // Block style: a trailing comment is not the value.
        let line = "    quote: We are on track.  # checked";
        assert_eq!(underlined(line, 12), "We are on track.");
        assert_eq!(underlined(line, 30), "# checked");
        assert_eq!(underlined("    sourse: minutes", 5), "sourse");
        assert_eq!(
            underlined("    quote: a#b and a:b, c # x", 12),
            "a#b and a:b, c"
        );
        // Quoted strings, with their escapes and inner quotes.
        let line = r#"    quote: "say \"no\", # twice"  # note"#;
        assert_eq!(underlined(line, 12), r#""say \"no\", # twice""#);
        assert_eq!(
            underlined("    quote: 'it''s: here' # x", 12),
            "'it''s: here'"
        );
        // A string continued on the next line: the rest of this one.
        assert_eq!(
            underlined("    quote: \"starts here  ", 12),
            "\"starts here"
        );
        // Flow style: the value ends at its comma or bracket.
        let line = "claims: [{id: a, claim: it's X, stance: maybe, quote: \"q, r\"}]  # to do";
        let at = |needle: &str| line.find(needle).unwrap() as u32 + 1;
        assert_eq!(underlined(line, at("maybe")), "maybe");
        assert_eq!(underlined(line, at("it's")), "it's X");
        assert_eq!(underlined(line, at("\"q")), "\"q, r\"");
        assert_eq!(
            underlined(line, at("{id")),
            "{id: a, claim: it's X, stance: maybe, quote: \"q, r\"}"
        );
        assert_eq!(underlined("  - {id: a, topic: [x, y]}", 20), "[x, y]");
        assert_eq!(underlined("\t\tnote: x", 1), "\t\t");
        // In block style a comma is text.
        assert_eq!(
            underlined("    quote: He said, [sic] no.", 12),
            "He said, [sic] no."
        );
    }

    #[test]
    fn tally_reads_like_english() {
        assert_eq!(
            Tally {
                errors: 1,
                warnings: 2
            }
            .summary(),
            "1 error, 2 warnings"
        );
        assert_eq!(Tally::default().summary(), "no problems");
    }
}
