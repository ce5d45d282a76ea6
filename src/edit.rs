//! `add`: append one claim to an article's annotation file without changing
//! a byte of what is there.
//!
//! The new file is always the old file with one piece of text inserted: a
//! block-list item after the last item of `claims:`, or a flow mapping
//! before the `]` of a flow list (`claims: []` included). Comments, blank
//! lines, key order, quoting, CRLF and a missing final newline are kept
//! because nothing else is touched. The result is parsed again and written
//! only if it holds exactly the old claims plus the new one; the write is
//! atomic and serialised by a corpus-wide lock.

use std::path::{Component, Path};

use crate::annotation::{Limits, parse_annotation};
use crate::article;
use crate::corpus::{
    ARTICLE_EXTENSIONS, ARTICLES_DIR, CLAIMS_DIR, CorpusFile, read_text, relative,
};
use crate::date::PartialDate;
use crate::model::{Annotation, Claim, Stance};
use crate::problem::{Code, Problem};
use crate::text::{ArticleText, QuoteMatch};
use crate::write::{lock_corpus, remove_stale_temps, write_atomic};

/// The claim to add, as given on the command line.
#[derive(Debug, Clone)]
pub struct NewClaim {
    pub id: Option<String>,
    pub claim: String,
    pub stance: Stance,
    pub speaker: String,
    pub quote: String,
    pub date: Option<PartialDate>,
    pub topic: Option<String>,
}

/// Why nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// A bad argument: exit status 2.
    #[error("{0}")]
    Usage(String),
    /// A problem with the corpus or the claim: exit status 1.
    #[error("{}", .0.message)]
    Refused(Box<Problem>),
    #[error("{0}")]
    Io(String),
}

impl AddError {
    fn refused(code: Code, file: &str, message: impl Into<String>) -> Self {
        AddError::Refused(Box::new(Problem::new(code, file, message)))
    }
}

/// What `add` did.
#[derive(Debug, Clone)]
pub struct Added {
    /// The annotation file, from the corpus root.
    pub path: String,
    pub id: String,
    /// Whether the annotation file was created.
    pub created: bool,
    /// Things the annotator should know (an ambiguous quote).
    pub notes: Vec<String>,
}

/// Resolves ARTICLE (relative to the root, or absolute) to an article file of
/// the corpus. Paths with `..`, outside `articles/`, or through links that
/// leave the corpus are refused.
pub fn resolve_article(root: &Path, given: &str) -> Result<(CorpusFile, String), AddError> {
    let path = Path::new(given);
    if path.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err(AddError::Usage(format!(
            "refused: `{given}` contains `..`; give the article's path under {ARTICLES_DIR}/"
        )));
    }
    let canonical_root = std::fs::canonicalize(root)
        .map_err(|e| AddError::Io(format!("{}: {e}", root.display())))?;
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    let inside = |p: &Path| p.starts_with(canonical_root.join(ARTICLES_DIR));
    let canonical = std::fs::canonicalize(&abs)
        .map_err(|_| AddError::Usage(format!("no such article: {given}")))?;
    let lexical = if path.is_absolute() {
        abs.clone()
    } else {
        canonical_root.join(path)
    };
    if !inside(&canonical) || !inside(&lexical) {
        return Err(AddError::Usage(format!(
            "refused: `{given}` is not inside {ARTICLES_DIR}/ of the corpus"
        )));
    }
    if !canonical.is_file() {
        return Err(AddError::Usage(format!("`{given}` is not a file")));
    }
    let rel = relative(&canonical_root, &lexical);
    let inner = rel
        .strip_prefix(&format!("{ARTICLES_DIR}/"))
        .unwrap_or(&rel);
    let (stem, ext) = inner.rsplit_once('.').unwrap_or((inner, ""));
    if !ARTICLE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        || stem.is_empty()
        || stem.ends_with('/')
    {
        return Err(AddError::Usage(format!(
            "`{given}` is not an article: articles end in .txt or .md"
        )));
    }
    let stem = stem.to_owned();
    Ok((
        CorpusFile {
            rel,
            abs: canonical,
        },
        stem,
    ))
}

fn check_fields(c: &NewClaim) -> Result<(), AddError> {
    for (name, value) in [
        ("--claim", &c.claim),
        ("--speaker", &c.speaker),
        ("--quote", &c.quote),
    ] {
        if value.trim().is_empty() {
            return Err(AddError::Usage(format!("{name} is empty")));
        }
        if value.contains(['\n', '\r']) && name != "--quote" {
            return Err(AddError::Usage(format!("{name} must be one line")));
        }
    }
    if let Some(id) = &c.id
        && (id.is_empty()
            || id
                .chars()
                .any(|ch| ch.is_whitespace() || ch.is_control() || ch == '#'))
    {
        return Err(AddError::Usage(format!(
            "--id `{id}` may not be empty or contain white space or `#`"
        )));
    }
    Ok(())
}

/// Appends `new` to the annotation file of `article` (creating it, with
/// `published`, when there is none).
pub fn add(
    root: &Path,
    article_arg: &str,
    new: &NewClaim,
    published: Option<PartialDate>,
    limits: &Limits,
) -> Result<Added, AddError> {
    check_fields(new)?;
    let (article_file, key) = resolve_article(root, article_arg)?;
    let article_text = read_text(&article_file, limits.max_article_bytes)
        .map_err(|p| AddError::Refused(Box::new(p)))?;
    let mut notes = Vec::new();
    match ArticleText::new(&article_text).find(&new.quote) {
        QuoteMatch::Found { count: 1 } => {}
        QuoteMatch::Found { count } => notes.push(format!(
            "the quote occurs {count} times in {}; quote more words so it points at one place",
            article_file.rel
        )),
        QuoteMatch::NotFound { closest } => {
            let hint = match closest {
                Some(p) => format!("; the closest passage is: \"{p}\""),
                None => "; no passage of the article resembles it".into(),
            };
            return Err(AddError::refused(
                Code::QuoteNotFound,
                &article_file.rel,
                format!(
                    "the quote is not in {}{hint}; nothing was written",
                    article_file.rel
                ),
            ));
        }
    }

    let rel = format!("{CLAIMS_DIR}/{key}.yaml");
    let target = root.join(&rel);
    let io = |e: std::io::Error| AddError::Io(format!("{rel}: {e}"));
    let _lock =
        lock_corpus(root).map_err(|e| AddError::Io(format!("cannot take the write lock: {e}")))?;
    remove_stale_temps(&target);

    let existing = match std::fs::symlink_metadata(&target) {
        Ok(meta) => {
            if !meta.is_file() {
                return Err(AddError::refused(
                    Code::Unreadable,
                    &rel,
                    "is not a regular file; nothing was written",
                ));
            }
            if meta.permissions().readonly() {
                return Err(AddError::refused(
                    Code::Unreadable,
                    &rel,
                    "is read-only; nothing was written",
                ));
            }
            let file = CorpusFile {
                rel: rel.clone(),
                abs: target.clone(),
            };
            Some(read_raw(&file, limits)?)
        }
        Err(_) => None,
    };

    let (new_text, id, created) = match existing {
        Some(old_text) => {
            let old = parse_clean(&old_text, &key, &rel, &article_file.rel, limits)?;
            let id = choose_id(new, &old.claims, &rel)?;
            let item = ClaimText::new(&id, new);
            let text = insert_claim(&old_text, &item).map_err(|why| {
                AddError::refused(
                    Code::Schema,
                    &rel,
                    format!("cannot add to this file automatically: {why}; nothing was written"),
                )
            })?;
            verify(&old, &text, &id, new, &key, &rel, &article_file.rel, limits)?;
            if !is_pure_insertion(old_text.as_bytes(), text.as_bytes()) {
                return Err(AddError::Io(format!(
                    "internal error: adding to {rel} would have changed bytes already there; nothing was written. Please add the claim by hand and report this."
                )));
            }
            (text, id, false)
        }
        None => {
            let published = match published
                .or_else(|| article::find_date(&article_text).map(|d| d.0))
            {
                Some(p) => p,
                None => {
                    return Err(AddError::Usage(format!(
                        "{rel} does not exist and no date was found in {}: give --published YYYY[-MM[-DD]]",
                        article_file.rel
                    )));
                }
            };
            let id = choose_id(new, &[], &rel)?;
            let title = article::title(&article_text).unwrap_or_default();
            let text = new_file_text(&title, published, &ClaimText::new(&id, new));
            let empty = Annotation {
                key: key.clone(),
                path: rel.clone(),
                article: Some(article_file.rel.clone()),
                title: None,
                published: Some(published),
                outlet: None,
                url: None,
                claims: Vec::new(),
            };
            verify(
                &empty,
                &text,
                &id,
                new,
                &key,
                &rel,
                &article_file.rel,
                limits,
            )?;
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            (text, id, true)
        }
    };
    write_atomic(&target, new_text.as_bytes()).map_err(io)?;
    Ok(Added {
        path: rel,
        id,
        created,
        notes,
    })
}

/// Reads the annotation file with its bytes as they are (a BOM included), so
/// that the insertion keeps them.
fn read_raw(file: &CorpusFile, limits: &Limits) -> Result<String, AddError> {
    // read_text validates size and UTF-8 but drops a BOM; put it back.
    let text =
        read_text(file, limits.max_annotation_bytes).map_err(|p| AddError::Refused(Box::new(p)))?;
    let raw = std::fs::read(&file.abs).map_err(|e| AddError::Io(format!("{}: {e}", file.rel)))?;
    Ok(if raw.starts_with("\u{FEFF}".as_bytes()) {
        format!("\u{FEFF}{text}")
    } else {
        text
    })
}

/// Parses an existing file; any error in it refuses the add.
fn parse_clean(
    text: &str,
    key: &str,
    rel: &str,
    article: &str,
    limits: &Limits,
) -> Result<Annotation, AddError> {
    let parsed = parse_annotation(text, key, rel, Some(article), limits);
    if let Some(p) = parsed.problems.into_iter().find(Problem::is_error) {
        let at = p.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        return Err(AddError::refused(
            p.code,
            rel,
            format!(
                "{rel} has errors, fix them first (`claimtrack check`): {}{at}; nothing was written",
                p.message
            ),
        ));
    }
    parsed
        .annotation
        .ok_or_else(|| AddError::refused(Code::Schema, rel, "cannot be read; nothing was written"))
}

/// The given id (if unused) or one made from the speaker and the claim.
fn choose_id(new: &NewClaim, claims: &[Claim], rel: &str) -> Result<String, AddError> {
    let used = |id: &str| claims.iter().any(|c| c.id == id);
    if let Some(id) = &new.id {
        if used(id) {
            return Err(AddError::refused(
                Code::DuplicateId,
                rel,
                format!("the id `{id}` is already used in {rel}; nothing was written"),
            ));
        }
        return Ok(id.clone());
    }
    let base = slug(&new.speaker, &new.claim);
    let mut id = base.clone();
    let mut n = 2;
    while used(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    Ok(id)
}

/// A short id: the speaker's last name and the first content words of the claim.
pub fn slug(speaker: &str, claim: &str) -> String {
    const SKIP: &[&str] = &[
        "the", "a", "an", "is", "are", "will", "be", "of", "to", "in", "on", "for", "and", "it",
        "that",
    ];
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect()
    };
    let name = crate::speakers::normalize_name(speaker);
    let mut parts: Vec<String> = name.last().map(|n| words(n)).unwrap_or_default();
    parts.extend(
        words(claim)
            .into_iter()
            .filter(|w| !SKIP.contains(&w.as_str()))
            .take(4),
    );
    let mut slug = String::new();
    for p in parts {
        if slug.len() + p.len() > 40 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&p);
    }
    if slug.is_empty() {
        "claim".to_owned()
    } else {
        slug
    }
}

/// The fields of the new claim, in file order, as text to write.
pub struct ClaimText {
    fields: Vec<(&'static str, String)>,
}

impl ClaimText {
    pub fn new(id: &str, c: &NewClaim) -> Self {
        let mut fields = vec![
            ("id", id.to_owned()),
            ("claim", c.claim.clone()),
            ("stance", c.stance.as_str().to_owned()),
            ("speaker", c.speaker.clone()),
            ("quote", c.quote.clone()),
        ];
        if let Some(d) = c.date {
            fields.push(("date", d.to_string()));
        }
        if let Some(t) = &c.topic {
            fields.push(("topic", t.clone()));
        }
        ClaimText { fields }
    }

    /// Adds a `note` after the other fields.
    pub fn with_note(mut self, note: &str) -> Self {
        self.fields.push(("note", note.to_owned()));
        self
    }

    /// Block-list item lines: `- id: x` then `  key: value`.
    pub fn block(&self, dash_indent: usize, key_indent: usize, eol: &str) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.fields.iter().enumerate() {
            if i == 0 {
                out.push_str(&" ".repeat(dash_indent));
                out.push('-');
                out.push_str(&" ".repeat(key_indent.saturating_sub(dash_indent + 1).max(1)));
            } else {
                out.push_str(&" ".repeat(key_indent));
            }
            out.push_str(&format!("{k}: {}{eol}", yaml_scalar(v)));
        }
        out
    }

    /// A flow mapping: `{id: "x", claim: "...", ...}` with every value quoted.
    fn flow(&self) -> String {
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}: {}",
                    serde_json::to_string(v).expect("strings serialise")
                )
            })
            .collect();
        format!("{{{}}}", fields.join(", "))
    }
}

/// A YAML scalar for `s`: plain when that is unambiguous text, else
/// double-quoted (JSON string syntax is valid YAML).
pub fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && s.chars().next().is_some_and(|c| c.is_alphabetic())
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(|c| c.is_control() || c == '\u{FEFF}')
        && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
            .contains(&s.to_lowercase().as_str())
        && !s.eq_ignore_ascii_case(".inf")
        && !s.eq_ignore_ascii_case(".nan");
    if plain || PartialDate::parse(s).is_ok() {
        s.to_owned()
    } else {
        serde_json::to_string(s).expect("strings serialise")
    }
}

fn new_file_text(title: &str, published: PartialDate, item: &ClaimText) -> String {
    let mut out = String::new();
    if !title.is_empty() {
        out.push_str(&format!("title: {}\n", yaml_scalar(title)));
    }
    out.push_str(&format!("published: {published}\nclaims:\n"));
    out.push_str(&item.block(2, 4, "\n"));
    out
}

/// Where a line starts and ends (without its line break) in the text.
struct Line<'a> {
    start: usize,
    end: usize,
    /// The end including the line break.
    next: usize,
    text: &'a str,
}

fn lines(text: &str) -> Vec<Line<'_>> {
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

/// Inserts the claim into `text`; see the module documentation.
pub fn insert_claim(text: &str, item: &ClaimText) -> Result<String, String> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let ls = lines(text);
    let body_start = usize::from(text.starts_with('\u{FEFF}')) * '\u{FEFF}'.len_utf8();
    let key_line = ls
        .iter()
        .position(|l| {
            let t = if l.start == 0 {
                &text[body_start..l.end]
            } else {
                l.text
            };
            t.strip_prefix("claims")
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .ok_or("no top-level `claims:` key at the start of a line")?;
    let line = &ls[key_line];
    let colon = line.start + line.text.find(':').expect("found above") + 1;
    let rest = &text[colon..line.end];
    let rest_trimmed = rest.trim_start();
    if rest_trimmed.starts_with('[') {
        let open = colon + (rest.len() - rest_trimmed.len());
        return insert_flow(text, open, item);
    }
    if !is_blank_or_comment(rest) {
        return Err("`claims:` is followed by something other than a list".into());
    }
    // Block list: the first item gives the indentation.
    let first = ls[key_line + 1..]
        .iter()
        .position(|l| !is_blank_or_comment(l.text))
        .map(|i| key_line + 1 + i)
        .ok_or("`claims:` has no list")?;
    let first_text = ls[first].text;
    let dash_indent = indent(first_text);
    let after_dash = first_text[dash_indent..]
        .strip_prefix('-')
        .ok_or("`claims:` is not followed by a list")?;
    let key_indent = if after_dash.trim().is_empty() {
        ls[first + 1..]
            .iter()
            .find(|l| !is_blank_or_comment(l.text))
            .map(|l| indent(l.text))
            .ok_or("an empty list item")?
    } else {
        dash_indent + 1 + (after_dash.len() - after_dash.trim_start().len())
    };
    // The list runs while lines are indented deeper than the dash, or are
    // further items at the dash's indentation.
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
    let at = &ls[last_content];
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

/// Inserts a flow mapping before the `]` that closes the list opening at `open`.
fn insert_flow(text: &str, open: usize, item: &ClaimText) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    let mut last_significant = open; // last non-space, non-comment byte before the close
    loop {
        let Some(&b) = bytes.get(i) else {
            return Err("the flow list `[` is never closed".into());
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

/// What an annotator should know about the groups around a claim just
/// added: the group it joined, and other groups whose claim is close (so
/// the text or topic can be reused). Reloads and reconciles the corpus;
/// an unreadable corpus just gives no notes.
pub fn neighbours(root: &Path, limits: &Limits, added: &Added) -> Vec<String> {
    use crate::reconcile::{ClaimAt, near_groups, reconcile};
    let Ok(loaded) = crate::load::load(root, limits) else {
        return Vec::new();
    };
    let reconciled = reconcile(&loaded.annotations, &loaded.aliases);
    let at = loaded.annotations.iter().enumerate().find_map(|(file, a)| {
        let index = a
            .claims
            .iter()
            .position(|c| c.id == added.id)
            .filter(|_| a.path == added.path)?;
        Some(ClaimAt { file, index })
    });
    let Some((at, g)) = at.and_then(|at| Some((at, reconciled.group_of(at)?))) else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    let group = &reconciled.groups[g];
    if group.members.len() > 1 {
        notes.push(format!(
            "it joins the group \"{}\" ({} claims)",
            group.claim,
            group.members.len()
        ));
    }
    for near in near_groups(&loaded.annotations, &reconciled, at) {
        let other = &reconciled.groups[near];
        let topic = other
            .topic
            .as_deref()
            .map(|t| format!(" (topic {t})"))
            .unwrap_or_default();
        notes.push(format!(
            "it is close to the claim \"{}\"{topic} of another group; if they are one proposition, reuse that text or the same --topic",
            other.claim
        ));
    }
    notes
}

/// Whether `new` is `old` with bytes inserted at one place and nothing
/// else changed: what `add` promises about an existing file.
pub fn is_pure_insertion(old: &[u8], new: &[u8]) -> bool {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    new.len() >= old.len() && prefix + suffix >= old.len()
}

/// Parses the new text and checks it holds exactly the old claims plus the
/// new one, and the same file-level fields.
#[allow(clippy::too_many_arguments)]
fn verify(
    old: &Annotation,
    text: &str,
    id: &str,
    new: &NewClaim,
    key: &str,
    rel: &str,
    article: &str,
    limits: &Limits,
) -> Result<(), AddError> {
    let fail = |why: &str| {
        AddError::Io(format!(
            "internal error: adding to {rel} would have changed it in an unexpected way ({why}); nothing was written. Please add the claim by hand and report this."
        ))
    };
    let parsed = parse_annotation(text, key, rel, Some(article), limits);
    if let Some(p) = parsed.problems.iter().find(|p| p.is_error()) {
        return Err(fail(&p.message));
    }
    let got = parsed.annotation.ok_or_else(|| fail("unreadable"))?;
    let same_file = got.title == old.title || old.title.is_none() && got.claims.len() == 1;
    if !same_file
        || got.published != old.published
        || got.outlet != old.outlet
        || got.url != old.url
    {
        return Err(fail("file fields differ"));
    }
    if got.claims.len() != old.claims.len() + 1 {
        return Err(fail("claim count"));
    }
    let project = |c: &Claim| {
        (
            c.id.clone(),
            c.claim.clone(),
            c.stance,
            c.speaker.clone(),
            c.quote.clone(),
            c.date,
            c.topic.clone(),
            c.note.clone(),
        )
    };
    for (a, b) in old.claims.iter().zip(&got.claims) {
        if project(a) != project(b) {
            return Err(fail("an existing claim changed"));
        }
    }
    let added = got.claims.last().expect("one more claim");
    let want_date = new.date.or(old.published);
    let ok = added.id == id
        && added.claim == new.claim
        && added.stance == new.stance
        && added.speaker == new.speaker
        && added.quote == new.quote
        && added.date == want_date
        && added.topic == new.topic;
    if !ok {
        return Err(fail("the new claim reads back differently"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str) -> ClaimText {
        ClaimText::new(
            id,
            &NewClaim {
                id: None,
                claim: "The bridge will open".into(),
                stance: Stance::Supports,
                speaker: "Ann Lee".into(),
                quote: "it opens: soon #1".into(),
                date: None,
                topic: None,
            },
        )
    }

    /// The new text is the old text with one insertion.
    fn assert_insertion_only(old: &str, new: &str) {
        assert!(
            is_pure_insertion(old.as_bytes(), new.as_bytes()),
            "not an insertion:\n{old}\n---\n{new}"
        );
    }

    #[test]
    fn block_lists_get_an_item_with_their_indentation() {
        let old = "published: 2020\nclaims:\n# first\n- id: a\n  claim: X\n\n# trailing comment\nurl: u\n";
        let new = insert_claim(old, &item("b")).unwrap();
        assert_insertion_only(old, &new);
        assert!(
            new.contains("  claim: X\n- id: b\n  claim: The bridge will open\n"),
            "{new}"
        );
        assert!(new.contains("\"it opens: soon #1\""));
        assert!(new.ends_with("\n# trailing comment\nurl: u\n"));
    }

    #[test]
    fn crlf_and_no_final_newline_are_kept() {
        let old = "published: 2020\r\nclaims:\r\n    - id: a\r\n      claim: X";
        let new = insert_claim(old, &item("b")).unwrap();
        assert_insertion_only(old, &new);
        assert!(
            new.contains("      claim: X\r\n    - id: b\r\n      claim: The bridge will open\r\n"),
            "{new:?}"
        );
        assert!(!new.ends_with('\n'));
        assert!(
            !new.replace("\r\n", "").contains('\n'),
            "only CRLF line breaks"
        );
    }

    #[test]
    fn flow_lists_and_empty_lists_get_a_flow_mapping() {
        for old in [
            "published: 2020\nclaims: []\n",
            "published: 2020\nclaims: [ ] # none yet\n",
            "claims: [{id: a, claim: \"x]\"},\n  ]\npublished: 2020\n",
            "claims: [{id: a}]",
        ] {
            let new = insert_claim(old, &item("b")).unwrap();
            assert_insertion_only(old, &new);
            assert!(
                new.contains("{id: \"b\", claim: \"The bridge will open\""),
                "{new}"
            );
        }
    }

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(yaml_scalar("The bridge will open"), "The bridge will open");
        assert_eq!(yaml_scalar("2017-01"), "2017-01");
        for s in [
            "no",
            "2 seasons",
            "a: b",
            "x #y",
            "'quoted'",
            "\"q\"",
            " lead",
            "[list]",
            "- dash",
            "tab\there",
        ] {
            assert!(yaml_scalar(s).starts_with('"'), "{s}");
        }
    }

    #[test]
    fn pure_insertions_are_told_from_changes() {
        assert!(is_pure_insertion(b"ab", b"aXYb"));
        assert!(is_pure_insertion(b"ab", b"abX"));
        assert!(is_pure_insertion(b"", b"X"));
        assert!(!is_pure_insertion(b"ab", b"aXb-"));
        assert!(!is_pure_insertion(b"ab", b"b"));
        assert!(!is_pure_insertion(b"abc", b"aXc"));
    }

    #[test]
    fn slugs_are_short_and_readable() {
        assert_eq!(
            slug(
                "Jessica Jones star Krysten Ritter",
                "Defenders season 2 is happening"
            ),
            "ritter-defenders-season-2-happening"
        );
        assert_eq!(slug("", ""), "claim");
    }
}
