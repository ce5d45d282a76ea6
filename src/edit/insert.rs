//! Byte-preserving insertion: the new claim put into the text of an
//! annotation file as one piece of text, a block-list item after the last
//! item of `claims:` or a flow mapping before the `]` of a non-empty flow
//! list; an empty list is opened first ([`open_empty_list`]). Nothing else
//! of the file is touched, so comments, blank lines, key order, quoting,
//! CRLF and a missing final newline stay as they are.

use super::claim_text::{ClaimText, DASH_INDENT, KEY_INDENT};

/// Why the claim cannot be inserted into a file by `add`; the file is left
/// for a person to edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InsertError {
    #[error("no top-level `claims:` key at the start of a line")]
    NoClaimsKey,
    #[error("`claims:` is followed by something other than a list")]
    NotAList,
    #[error("`claims:` has no list")]
    NoList,
    #[error("`claims:` is not followed by a list")]
    NoDash,
    #[error("an empty list item")]
    EmptyItem,
    #[error("the flow list `[` is never closed")]
    UnclosedFlowList,
}

/// Where a line starts and ends (without its line break) in the text.
pub(super) struct Line<'a> {
    pub(super) start: usize,
    pub(super) end: usize,
    /// The end including the line break.
    pub(super) next: usize,
    pub(super) text: &'a str,
}

pub(super) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let nl = text[start..].find('\n').map(|i| start + i);
        let next = nl.map_or(text.len(), |i| i + 1);
        let mut end = nl.unwrap_or(text.len());
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        out.push(Line {
            start,
            end,
            next,
            text: &text[start..end],
        });
        start = next;
    }
    out
}

fn indent(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

fn is_blank_or_comment(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t.starts_with('#')
}

/// The line of the top-level `claims:` key, and the byte just after its `:`.
fn claims_key_line(text: &str, ls: &[Line]) -> Option<(usize, usize)> {
    let body_start = usize::from(text.starts_with('\u{FEFF}')) * '\u{FEFF}'.len_utf8();
    let key_line = ls.iter().position(|l| {
        let t = if l.start == 0 {
            &text[body_start..l.end]
        } else {
            l.text
        };
        t.strip_prefix("claims")
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })?;
    let line = &ls[key_line];
    let colon = line.start + line.text.find(':').expect("found above") + 1;
    Some((key_line, colon))
}

/// `text` with its empty claim list opened for a block list: a `claims:`
/// line holding `[]` (white space inside allowed) and nothing else but a
/// comment becomes `claims:`, keeping the comment unless it is the
/// skeleton's not-annotated marker. Also returns where the first item goes:
/// just after that line's break (at the end of a file that has none).
/// `None` when the file has no such line. This is the one change to bytes
/// already there that `add` makes.
pub fn open_empty_list(text: &str) -> Option<(String, usize)> {
    let ls = lines(text);
    let (key_line, colon) = claims_key_line(text, &ls)?;
    let line = &ls[key_line];
    let after_open = text[colon..line.end].trim_start().strip_prefix('[')?;
    let after_close = after_open.trim_start().strip_prefix(']')?;
    let comment = after_close.trim_start();
    let kept = match comment.strip_prefix('#') {
        None if comment.is_empty() => "",
        None => return None,
        Some(said) if crate::skeleton::is_marker_comment(said) => "",
        // A space before `#` makes it a comment; `[]#x` is not one.
        Some(_) if after_close.len() == comment.len() => return None,
        Some(_) => after_close,
    };
    let opened = format!("{}{kept}{}", &text[..colon], &text[line.end..]);
    let first_item = colon + kept.len() + (line.next - line.end);
    Some((opened, first_item))
}

/// Inserts the claim into `text`; see the module documentation.
pub fn insert_claim(text: &str, item: &ClaimText) -> Result<String, InsertError> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    if let Some((opened, at)) = open_empty_list(text) {
        let block = item.block(DASH_INDENT, KEY_INDENT, eol);
        return Ok(if at == opened.len() && !opened.ends_with('\n') {
            // `claims: []` ended the file without a line break: keep it so.
            format!("{opened}{eol}{}", block.strip_suffix(eol).unwrap_or(&block))
        } else {
            format!("{}{block}{}", &opened[..at], &opened[at..])
        });
    }
    let ls = lines(text);
    let (key_line, colon) = claims_key_line(text, &ls).ok_or(InsertError::NoClaimsKey)?;
    let line = &ls[key_line];
    let rest = &text[colon..line.end];
    let rest_trimmed = rest.trim_start();
    if rest_trimmed.starts_with('[') {
        let open = colon + (rest.len() - rest_trimmed.len());
        return insert_flow(text, open, item);
    }
    if !is_blank_or_comment(rest) {
        return Err(InsertError::NotAList);
    }
    insert_block(text, &ls, key_line, item, eol)
}

/// Inserts a block-list item after the last item of the list below the
/// `claims:` key on line `key_line`, with the list's indentation.
fn insert_block(
    text: &str,
    ls: &[Line],
    key_line: usize,
    item: &ClaimText,
    eol: &str,
) -> Result<String, InsertError> {
    let (first, dash_indent, key_indent) = block_indentation(ls, key_line)?;
    let at = &ls[last_line_of_list(ls, first, dash_indent)];
    let block = item.block(dash_indent, key_indent, eol);
    let mut out = String::with_capacity(text.len() + block.len() + 2);
    if at.next == at.end {
        // The last item ends the file without a line break: add one before
        // the new item, and keep the file ending without one.
        out.push_str(text);
        out.push_str(eol);
        out.push_str(block.strip_suffix(eol).unwrap_or(&block));
    } else {
        out.push_str(&text[..at.next]);
        out.push_str(&block);
        out.push_str(&text[at.next..]);
    }
    Ok(out)
}

/// The first item's line of the block list below line `key_line`, and the
/// indentation of its dash and of its keys: the first item gives the
/// indentation.
fn block_indentation(ls: &[Line], key_line: usize) -> Result<(usize, usize, usize), InsertError> {
    let first = ls[key_line + 1..]
        .iter()
        .position(|l| !is_blank_or_comment(l.text))
        .map(|i| key_line + 1 + i)
        .ok_or(InsertError::NoList)?;
    let first_text = ls[first].text;
    let dash_indent = indent(first_text);
    let after_dash = first_text[dash_indent..]
        .strip_prefix('-')
        .ok_or(InsertError::NoDash)?;
    let key_indent = if after_dash.trim().is_empty() {
        ls[first + 1..]
            .iter()
            .find(|l| !is_blank_or_comment(l.text))
            .map(|l| indent(l.text))
            .ok_or(InsertError::EmptyItem)?
    } else {
        dash_indent + 1 + (after_dash.len() - after_dash.trim_start().len())
    };
    Ok((first, dash_indent, key_indent))
}

/// The last line with content of the block list whose first item is on line
/// `first`. The list runs while lines are indented deeper than the dash, or
/// are further items at the dash's indentation.
fn last_line_of_list(ls: &[Line], first: usize, dash_indent: usize) -> usize {
    let mut last_content = first;
    for (i, l) in ls.iter().enumerate().skip(first + 1) {
        if l.text.trim().is_empty() {
            continue;
        }
        let ind = indent(l.text);
        let is_item = ind == dash_indent
            && l.text[ind..].starts_with('-')
            && !l.text[ind..].starts_with("---");
        if ind > dash_indent || is_item {
            last_content = i;
        } else if l.text.trim_start().starts_with('#') {
            continue;
        } else {
            break;
        }
    }
    last_content
}

/// Inserts a flow mapping before the `]` that closes the list opening at `open`.
fn insert_flow(text: &str, open: usize, item: &ClaimText) -> Result<String, InsertError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    let mut last_significant = open; // last non-space, non-comment byte before the close
    loop {
        let Some(&b) = bytes.get(i) else {
            return Err(InsertError::UnclosedFlowList);
        };
        match b {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'\'' => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == b'\'' {
                        if bytes.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
            }
            b'#' if i > 0
                && (bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' || bytes[i - 1] == b'\n') =>
            {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        if !bytes[i].is_ascii_whitespace() {
            last_significant = i;
        }
        i += 1;
    }
    let flow = item.flow();
    let insertion = match bytes[last_significant] {
        b'[' => flow,
        b',' => format!(" {flow}"),
        _ => format!(", {flow}"),
    };
    let at = last_significant + 1;
    Ok(format!("{}{}{}", &text[..at], insertion, &text[at..]))
}
