//! `requote`: each quote that `check` reports `quote-moved` (no longer in
//! its article as written, but a passage alike enough is: a correction)
//! rewritten to the passage now in the article, and its `context:` to the
//! text now around it.
//!
//! Like `add` and `link`, the edit keeps every byte already there but the
//! value of each rewritten `quote:` (and of a one-line `context:` mapping):
//! the scalar is replaced in place by the one YAML emitter's text, so
//! comments, quoting of other values, CRLF and a missing final newline stay.
//! A quote in flow style or written over several lines (a block scalar, a
//! folded plain scalar) is refused with the reason, to be edited by hand.
//! The new text is read back and written only if it holds the same claims
//! with only the meant quotes (and contexts) changed and no other line
//! changed; writes are atomic and serialised by the corpus-wide lock. A
//! quote whose passage is gone (`quote-not-found`) is not touched.

use std::path::Path;

use super::Target;
use super::error::AddError;
use super::existing::{parse_clean, read_existing};
use super::insert::lines;
use super::topic::value_end;
use crate::annotation::Limits;
use crate::article::path::ArticlePathError;
use crate::corpus::{CorpusError, read_text};
use crate::model::Annotation;
use crate::text::ArticleText;
use crate::write::{check_parent_in, lock_corpus, remove_stale_temps, write_atomic};

/// One quote rewritten (or, with a dry run, to be rewritten).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requoted {
    /// The annotation file, from the corpus root.
    pub path: String,
    pub id: String,
    /// The line of the `quote:` value in the annotation file.
    pub line: u32,
    pub old: String,
    pub new: String,
    /// The article, and where in it the new quote stands.
    pub article: String,
    pub article_line: u32,
    pub article_column: u32,
    /// Whether the claim's `context:` was rewritten too.
    pub context: bool,
}

/// A moved quote that `requote` leaves alone, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotRequoted {
    pub path: String,
    pub id: String,
    pub line: u32,
    pub why: String,
}

/// What `requote` did or, with a dry run, would do.
#[derive(Debug, Clone, Default)]
pub struct RequoteOutcome {
    pub changed: Vec<Requoted>,
    pub refused: Vec<NotRequoted>,
    /// Quotes not in their article with no passage alike enough: left as
    /// `quote-not-found` errors.
    pub orphaned: Vec<NotRequoted>,
    /// Annotation files written.
    pub written: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RequoteError {
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Article(#[from] ArticlePathError),
    #[error("cannot lock the corpus: {0}")]
    Lock(std::io::Error),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Rewrites the moved quotes of the annotation files of `articles` (paths
/// from the root; every article when empty). Writes nothing when `dry_run`.
pub fn requote(
    root: &Path,
    articles: &[String],
    dry_run: bool,
    limits: &Limits,
) -> Result<RequoteOutcome, RequoteError> {
    let mut keys = Vec::new();
    for given in articles {
        let (_, key) = super::resolve_article(root, given)?;
        keys.push(key);
    }
    let _lock = if dry_run {
        None
    } else {
        Some(lock_corpus(root).map_err(RequoteError::Lock)?)
    };
    let loaded = crate::load::load(root, limits)?;
    let mut outcome = RequoteOutcome::default();
    for annotation in &loaded.annotations {
        if !keys.is_empty() && !keys.contains(&annotation.key) {
            continue;
        }
        let (Some(article_rel), Some(article_file)) = (
            annotation.article.as_deref(),
            loaded.files.articles.get(&annotation.key),
        ) else {
            continue;
        };
        let Ok(article_text) = read_text(article_file, limits.max_article_bytes) else {
            continue;
        };
        let plan = plan_file(annotation, &article_text, &mut outcome);
        if plan.is_empty() {
            continue;
        }
        let target = Target {
            key: &annotation.key,
            path: &annotation.path,
            article: article_rel,
            limits,
        };
        let abs = root.join(&annotation.path);
        match edit_file(&abs, &target, &plan) {
            Ok((text, done, refused)) => {
                outcome.refused.extend(refused);
                if done.is_empty() {
                    continue;
                }
                if !dry_run {
                    let io = |source| RequoteError::Io {
                        path: annotation.path.clone(),
                        source,
                    };
                    check_parent_in(root, &abs).map_err(io)?;
                    remove_stale_temps(&abs);
                    write_atomic(&abs, text.as_bytes()).map_err(io)?;
                    outcome.written.push(annotation.path.clone());
                }
                outcome.changed.extend(done);
            }
            Err(why) => outcome
                .refused
                .extend(plan.into_iter().map(|p| NotRequoted {
                    path: annotation.path.clone(),
                    id: p.id,
                    line: p.line,
                    why: why.clone(),
                })),
        }
    }
    Ok(outcome)
}

/// A moved quote to rewrite.
#[derive(Debug, Clone)]
struct Planned {
    id: String,
    line: u32,
    old: String,
    new: String,
    /// The context around the new quote, when it is there once.
    context: Option<(String, String)>,
    article: String,
    article_line: u32,
    article_column: u32,
}

/// The moved quotes of one file, found as `check` finds them; the quotes
/// with no passage alike enough go to `outcome.orphaned`.
fn plan_file(
    annotation: &Annotation,
    article_text: &str,
    outcome: &mut RequoteOutcome,
) -> Vec<Planned> {
    let article = ArticleText::new(article_text);
    let quotes: Vec<&str> = annotation.claims.iter().map(|c| c.quote.as_str()).collect();
    let counts = article.count_all(&quotes);
    let article_rel = annotation.article.clone().unwrap_or_default();
    let mut plan = Vec::new();
    for (claim, count) in annotation.claims.iter().zip(counts) {
        if count > 0 {
            continue;
        }
        let context = claim
            .context
            .as_ref()
            .map(|x| (x.prefix.as_str(), x.suffix.as_str()));
        match article.relocate(&claim.quote, context) {
            Some(found) if found.is_moved() && !found.replacement.is_empty() => {
                let (article_line, article_column) = article.line_column(found.start);
                let once = matches!(
                    article.find(&found.replacement),
                    crate::text::QuoteMatch::Found { count: 1 }
                );
                plan.push(Planned {
                    id: claim.id.clone(),
                    line: claim.quote_pos.line,
                    old: claim.quote.clone(),
                    context: once
                        .then(|| article.context_of(&found.replacement))
                        .flatten(),
                    new: found.replacement,
                    article: article_rel.clone(),
                    article_line,
                    article_column,
                });
            }
            _ => outcome.orphaned.push(NotRequoted {
                path: annotation.path.clone(),
                id: claim.id.clone(),
                line: claim.quote_pos.line,
                why: "no passage of the article is alike enough (quote-not-found)".into(),
            }),
        }
    }
    plan
}

/// The file with the planned quotes rewritten, verified; the quotes
/// rewritten and those refused. `Err` when the file cannot be edited at all.
#[allow(clippy::type_complexity)]
fn edit_file(
    abs: &Path,
    target: &Target,
    plan: &[Planned],
) -> Result<(String, Vec<Requoted>, Vec<NotRequoted>), String> {
    let old_text = match read_existing(abs, target.path, target.limits) {
        Ok(Some(text)) => text,
        Ok(None) => return Err("the annotation file cannot be read".into()),
        Err(e) => return Err(add_error_reason(&e)),
    };
    let old = parse_clean(&old_text, target).map_err(|e| add_error_reason(&e))?;
    let mut text = old_text.clone();
    let mut done = Vec::new();
    let mut refused = Vec::new();
    // From the last claim up, so that positions read before stay true.
    let mut order: Vec<&Planned> = plan.iter().collect();
    order.sort_by_key(|p| std::cmp::Reverse(p.line));
    for p in order {
        match set_quote(&text, &old, p) {
            Ok((new_text, context)) => {
                text = new_text;
                done.push(Requoted {
                    path: target.path.to_owned(),
                    id: p.id.clone(),
                    line: p.line,
                    old: p.old.clone(),
                    new: p.new.clone(),
                    article: p.article.clone(),
                    article_line: p.article_line,
                    article_column: p.article_column,
                    context,
                });
            }
            Err(why) => refused.push(NotRequoted {
                path: target.path.to_owned(),
                id: p.id.clone(),
                line: p.line,
                why: why.to_owned(),
            }),
        }
    }
    done.reverse();
    if !done.is_empty() {
        verify(&old_text, &old, &text, target, &done)?;
    }
    Ok((text, done, refused))
}

fn add_error_reason(e: &AddError) -> String {
    match e {
        AddError::Refused(p) => p.message.clone(),
        other => other.to_string(),
    }
}

/// `text` with claim `p.id`'s quote value replaced (and its one-line
/// context mapping, when it has one); whether the context was.
fn set_quote(text: &str, old: &Annotation, p: &Planned) -> Result<(String, bool), &'static str> {
    let claim = old
        .claims
        .iter()
        .find(|c| c.id == p.id)
        .ok_or("the claim is not in the file as read")?;
    let ls = lines(text);
    let body = |n: u32| -> Option<(usize, usize)> {
        let l = ls.get((n as usize).checked_sub(1)?)?;
        let start = if n == 1 && text.starts_with('\u{FEFF}') {
            l.start + '\u{FEFF}'.len_utf8()
        } else {
            l.start
        };
        Some((start, l.end))
    };
    let at_column = |start: usize, end: usize, column: u32| -> Option<usize> {
        text[start..end]
            .char_indices()
            .nth((column as usize).checked_sub(1)?)
            .map(|(i, _)| start + i)
    };
    let (claim_start, claim_end) = body(claim.pos.line).ok_or("its position is unknown")?;
    let key_at =
        at_column(claim_start, claim_end, claim.pos.column).ok_or("its position is unknown")?;
    let before = &text[claim_start..key_at];
    if text[key_at..claim_end].starts_with('{') || !before.chars().all(|c| c == ' ' || c == '-') {
        return Err("it is in flow style");
    }
    let key_indent = key_at - claim_start;
    let (q_start, q_end) = body(claim.quote_pos.line).ok_or("its quote's position is unknown")?;
    let vs = at_column(q_start, q_end, claim.quote_pos.column)
        .ok_or("its quote's position is unknown")?;
    let key_part = text[q_start..vs].trim_start_matches([' ', '-']);
    if !key_part.starts_with("quote")
        || q_start
            + (text[q_start..vs].len() - text[q_start..vs].trim_start_matches([' ', '-']).len())
            != q_start + key_indent
    {
        return Err("its quote is not on a `quote:` line of its own");
    }
    let ve = value_end(text, vs, q_end).ok_or("its quote is a block scalar or spans lines")?;
    let value = crate::yaml::scalar(&p.new);
    let mut out = format!("{}{value}{}", &text[..vs], &text[ve..]);
    // The context: a one-line flow mapping on a `context:` line of the
    // claim, at its keys' indentation.
    let mut context_done = false;
    if let (Some(_), Some((prefix, suffix))) = (&claim.context, &p.context) {
        let next_claim_line = old
            .claims
            .iter()
            .map(|c| c.pos.line)
            .filter(|&l| l > claim.pos.line)
            .min()
            .unwrap_or(u32::MAX);
        let ls = lines(&out);
        for (j, l) in ls.iter().enumerate().skip(claim.pos.line as usize - 1) {
            if j + 1 >= next_claim_line as usize {
                break;
            }
            let line_text = &out[l.start..l.end];
            let indent = line_text.len() - line_text.trim_start_matches(' ').len();
            if j + 1 > claim.pos.line as usize
                && indent < key_indent
                && !line_text.trim().is_empty()
            {
                break;
            }
            let Some(rest) = line_text[indent.min(line_text.len())..].strip_prefix("context:")
            else {
                continue;
            };
            if indent != key_indent && j + 1 != claim.pos.line as usize {
                continue;
            }
            let value = rest.trim_start();
            let vs = l.end - value.len();
            // `{...}` closing on this line, then nothing or a comment.
            let Some(close) = flow_map_end(value) else {
                break;
            };
            let after = value[close..].trim_start();
            if !(after.is_empty() || after.starts_with('#')) {
                break;
            }
            let mapping = format!(
                "{{prefix: {}, suffix: {}}}",
                crate::yaml::double_quoted(prefix),
                crate::yaml::double_quoted(suffix)
            );
            out = format!("{}{mapping}{}", &out[..vs], &out[vs + close..]);
            context_done = true;
            break;
        }
    }
    Ok((out, context_done))
}

/// Where a one-line flow mapping of double-quoted or plain scalars that
/// starts `value` ends (after its `}`); `None` for anything else.
fn flow_map_end(value: &str) -> Option<usize> {
    if !value.starts_with('{') {
        return None;
    }
    let mut in_double = false;
    let mut in_single = false;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        if in_double {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_double = false,
                _ => {}
            }
        } else if in_single {
            if c == '\'' {
                in_single = false;
            }
        } else {
            match c {
                '"' => in_double = true,
                '\'' => in_single = true,
                '{' if i > 0 => return None,
                '}' => return Some(i + 1),
                _ => {}
            }
        }
    }
    None
}

/// Reads the edited file back: no errors, the same file fields and claims,
/// the rewritten quotes what was meant, and no line changed but theirs.
fn verify(
    old_text: &str,
    old: &Annotation,
    text: &str,
    target: &Target,
    done: &[Requoted],
) -> Result<(), String> {
    let fail = |what: &str| {
        Err(format!(
            "the edited file would read back {what}; nothing was written"
        ))
    };
    let parsed = target.parse(text);
    if parsed.problems.iter().any(|p| p.is_error()) {
        return fail("with an error");
    }
    let Some(got) = parsed.annotation else {
        return fail("unreadable");
    };
    if got.title != old.title
        || got.published != old.published
        || got.outlet != old.outlet
        || got.url != old.url
        || got.archived != old.archived
        || got.retrieved != old.retrieved
        || got.claims.len() != old.claims.len()
    {
        return fail("with other file fields or claims");
    }
    for (a, b) in old.claims.iter().zip(&got.claims) {
        let meant = done.iter().find(|d| d.id == a.id);
        let quote_ok = match meant {
            Some(d) => b.quote == d.new,
            None => b.quote == a.quote,
        };
        let context_ok = match meant {
            Some(d) if d.context => b.context.is_some(),
            _ => b.context == a.context,
        };
        let same = a.id == b.id
            && a.claim == b.claim
            && a.stance == b.stance
            && a.speaker == b.speaker
            && a.date == b.date
            && a.topic == b.topic
            && a.note == b.note;
        if !same || !quote_ok || !context_ok {
            return fail("with a claim changed other than its quote");
        }
    }
    let old_lines: Vec<&str> = old_text.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = text.split_inclusive('\n').collect();
    if old_lines.len() != new_lines.len() {
        return fail("with lines added or removed");
    }
    let edited = |l: &str| {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        t.starts_with("quote:") || t.starts_with("context:")
    };
    if old_lines
        .iter()
        .zip(&new_lines)
        .any(|(a, b)| a != b && !(edited(a) && edited(b)))
    {
        return fail("with other lines changed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flow_mapping_ends_at_its_brace() {
        assert_eq!(flow_map_end("{prefix: \"a}\", suffix: 'b}'} # x"), Some(28));
        assert_eq!(flow_map_end("{prefix: {a: b}}"), None);
        assert_eq!(flow_map_end("prefix"), None);
    }
}
