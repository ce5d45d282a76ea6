//! `report` in a terminal: a table a group, drawn by comfy-table. Corpus
//! text is made printable and cut to a size comfy-table wraps quickly
//! ([`cell_text`]); article paths are broken where a reader expects.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use super::labels::{
    alike_lines, article_label, conflict_lines, group_heading_details, reversal_note,
    speaker_label, verdict_lines,
};
use super::{GroupView, View};
use crate::model::Stance;
use crate::text::{printable, shorten};

/// The report as terminal tables, one a group, then a summary line.
/// `width` is the terminal width to fit (None: let comfy-table ask the
/// terminal). Styles are always emitted; the caller strips them where
/// colour is off.
pub fn render_table(view: &View, width: Option<u16>) -> String {
    let mut out = String::new();
    for g in &view.groups {
        let heading = anstyle::Style::new().bold();
        out.push_str(&format!("{heading}{}{heading:#}", printable(g.claim)));
        let details = group_heading_details(g).join(", ");
        out.push_str(&format!("  ({})\n", printable(&details)));
        out.push_str(&group_table(view, g, width).to_string());
        out.push('\n');
        for line in verdict_lines(g, view)
            .into_iter()
            .chain(conflict_lines(g, view))
            .chain(alike_lines(g))
        {
            out.push_str(&format!("  {}\n", cell_text(&line)));
        }
        out.push('\n');
    }
    out.push_str(&format!("{}\n", view.summary()));
    out
}

/// An empty table in the report's style with a bold header, fit to
/// `width` (None: the terminal's).
pub(super) fn terminal_table(header: &[&str], width: Option<u16>) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .enforce_styling()
        .set_header(
            header
                .iter()
                .map(|&h| Cell::new(h).add_attribute(Attribute::Bold))
                .collect::<Vec<_>>(),
        );
    if let Some(w) = width {
        table.set_width(w);
    }
    table
}

/// A group's claims, a row each.
fn group_table(view: &View, g: &GroupView, width: Option<u16>) -> Table {
    let mut table = terminal_table(&["Date", "Speaker", "Stance", "Article", "Quote"], width);
    let articles = article_column(view, g, &mut table);
    for (i, (m, article)) in g.members.iter().zip(articles).enumerate() {
        let c = view.claim_of(m.at).1;
        let mut stance = Cell::new(match reversal_note(g, i) {
            Some(note) => format!("{} ⟲ {}", m.stance.as_str(), cell_text(&note)),
            None => m.stance.as_str().to_owned(),
        })
        .fg(stance_color(m.stance));
        if g.stances.reversals.iter().any(|r| r.to == i) {
            stance = stance.add_attribute(Attribute::Bold);
        }
        table.add_row(vec![
            Cell::new(m.date.to_string()),
            Cell::new(cell_text(&speaker_label(view, m, &c.speaker))),
            stance,
            Cell::new(article),
            Cell::new(cell_text(&c.quote)),
        ]);
    }
    table
}

/// The Article cells of a group's table. Article labels are broken at `/`
/// and `-` here, and the column is made exactly as wide as their longest
/// line, so that comfy-table never breaks them again mid-word.
fn article_column(view: &View, g: &GroupView, table: &mut Table) -> Vec<String> {
    let article_chars = table.width().map_or(ARTICLE_COLUMN_CHARS, |w| {
        (usize::from(w).saturating_sub(50) / 3).clamp(12, ARTICLE_COLUMN_CHARS)
    });
    let articles: Vec<String> = g
        .members
        .iter()
        .map(|m| {
            let a = view.claim_of(m.at).0;
            break_at_separators(&cell_text(&article_label(a)), article_chars)
        })
        .collect();
    let widest = articles
        .iter()
        .flat_map(|a| a.lines())
        .map(|l| l.chars().count())
        .chain(["Article".len()])
        .max()
        .unwrap_or(0);
    if let Some(column) = table.column_mut(3) {
        column.set_constraint(comfy_table::ColumnConstraint::Absolute(
            comfy_table::Width::Fixed(widest as u16 + 2),
        ));
    }
    articles
}

/// Most characters a line of the Article column holds in the table (fewer
/// in a narrow one): the quote is what a reader reads, the path only where
/// it comes from.
const ARTICLE_COLUMN_CHARS: usize = 26;

/// A path-like label broken into lines of at most `width` characters at
/// `/`, `-` and spaces (kept at the end of the line they end), a part
/// longer than a line cut where it must.
fn break_at_separators(label: &str, width: usize) -> String {
    let mut pieces: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, c) in label.char_indices() {
        if matches!(c, '/' | '-' | ' ') {
            pieces.push(&label[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    pieces.push(&label[start..]);
    let mut lines: Vec<String> = vec![String::new()];
    for piece in pieces {
        let current = lines.last_mut().expect("one line at least");
        if !current.is_empty() && current.chars().count() + piece.chars().count() > width {
            lines.push(String::new());
        }
        for c in piece.chars() {
            let current = lines.last_mut().expect("one line at least");
            if current.chars().count() == width {
                lines.push(String::new());
            }
            lines.last_mut().expect("one line at least").push(c);
        }
    }
    lines
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Most characters of a table cell; longer text is cut to this many, the
/// last one "…" (the README says so). A cell is for reading in a terminal; the other
/// formats carry the whole text.
const CELL_MAX_CHARS: usize = 2_000;

/// Words longer than this are broken into lines of [`WORD_LINE_CHARS`]
/// before comfy-table sees them: it splits an over-wide word one line at a
/// time, rescanning the rest of the word each time, so its time grows with
/// the square of the word's length (seconds for 300,000 characters).
/// Words up to this length (long URLs, say) are left for it to wrap.
const LONG_WORD_CHARS: usize = 200;
const WORD_LINE_CHARS: usize = 40;

/// Corpus text as a table cell: printable, at most [`CELL_MAX_CHARS`]
/// characters, and no word so long that wrapping it is slow.
pub(super) fn cell_text(text: &str) -> String {
    let text = printable(text);
    let text = shorten(&text, CELL_MAX_CHARS - 1);
    break_long_words(&text, LONG_WORD_CHARS, WORD_LINE_CHARS)
}

/// `text` with every run of non-white-space characters longer than
/// `longest` broken by line breaks into lines of `line` characters.
fn break_long_words(text: &str, longest: usize, line: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        if word.chars().nth(longest).is_none() {
            out.push_str(word);
            continue;
        }
        for (i, c) in word.chars().enumerate() {
            if i > 0 && i % line == 0 {
                out.push('\n');
            }
            out.push(c);
        }
    }
    out.push_str(rest);
    out
}

pub(super) fn stance_color(s: Stance) -> Color {
    match s {
        Stance::Supports => Color::Green,
        Stance::Refutes => Color::Red,
        Stance::Unsure => Color::Yellow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_become_lines_and_short_ones_stay() {
        assert_eq!(break_long_words("ab cdefgh  i", 4, 2), "ab cd\nef\ngh  i");
        assert_eq!(break_long_words(" abcd ", 4, 2), " abcd ");
        assert_eq!(break_long_words("ééééé", 4, 3), "ééé\néé");
        let url = format!("https://example.org/{}", "x".repeat(150));
        assert_eq!(
            break_long_words(&url, LONG_WORD_CHARS, WORD_LINE_CHARS),
            url
        );
    }

    #[test]
    fn article_labels_break_at_slashes_and_dashes() {
        assert_eq!(
            break_at_separators("2021/january-library (Northgate Herald)", 16),
            "2021/january-\nlibrary\n(Northgate\nHerald)"
        );
        assert_eq!(break_at_separators("abcdefgh", 3), "abc\ndef\ngh");
        assert_eq!(break_at_separators("short", 26), "short");
    }

    #[test]
    fn a_cell_is_printable_and_bounded() {
        let word = "w".repeat(300_000);
        let cell = cell_text(&format!("\u{1b}[2J{word}"));
        assert!(cell.starts_with("\u{241B}[2Jwww"));
        assert!(cell.ends_with('…'));
        assert_eq!(cell.chars().filter(|&c| c != '\n').count(), CELL_MAX_CHARS);
        assert!(cell.lines().all(|l| l.chars().count() <= WORD_LINE_CHARS));
        assert_eq!(cell_text("short words stay"), "short words stay");
    }
}
