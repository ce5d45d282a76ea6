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
use crate::safe_fs::{Links, open_regular};
use crate::text::{ArticleText, QuoteMatch, normalize_for_match};
use crate::write::{
    check_parent_in, lock_corpus, prepare_parent_in, remove_stale_temps, write_atomic,
};

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
/// the corpus, and its key. Refused, as usage errors: paths with `..`,
/// outside `articles/`, through a link to a folder or a link that leaves
/// `articles/`, and hidden entries (a component starting with `.`), which
/// every other command skips, so their annotation would never be read.
pub fn resolve_article(root: &Path, given: &str) -> Result<(CorpusFile, String), AddError> {
    let path = Path::new(given);
    if path.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err(AddError::Usage(format!(
            "refused: `{given}` contains `..`; give the article's path under {ARTICLES_DIR}/"
        )));
    }
    let canonical_root = std::fs::canonicalize(root)
        .map_err(|e| AddError::Io(format!("{}: {e}", root.display())))?;
    let not_inside = || {
        AddError::Usage(format!(
            "refused: `{given}` is not inside {ARTICLES_DIR}/ of the corpus"
        ))
    };
    // The path from the root as written (an absolute path must name the
    // root as given or as it resolves), before any link is followed.
    let from_root = if path.is_absolute() {
        path.strip_prefix(root)
            .or_else(|_| path.strip_prefix(&canonical_root))
            .map_err(|_| not_inside())?
    } else {
        path
    };
    let names: Vec<&std::ffi::OsStr> = from_root
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name),
            _ => None,
        })
        .collect();
    if names.first() != Some(&std::ffi::OsStr::new(ARTICLES_DIR)) || names.len() < 2 {
        return Err(not_inside());
    }
    if let Some(hidden) = names[1..]
        .iter()
        .find(|n| n.as_encoded_bytes().starts_with(b"."))
    {
        return Err(AddError::Usage(format!(
            "refused: `{given}` is a hidden entry (`{}` starts with `.`); claimtrack skips hidden files and folders under {ARTICLES_DIR}/, so its annotation would never be read",
            hidden.to_string_lossy()
        )));
    }
    let lexical = names
        .iter()
        .fold(canonical_root.clone(), |p, name| p.join(name));
    // Folders on the way must be real folders: the walk of every other
    // command does not follow links to folders.
    let mut folder = canonical_root.clone();
    for name in &names[..names.len() - 1] {
        folder.push(name);
        if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(AddError::Usage(format!(
                "refused: `{given}` passes through the link {}; links to folders are not followed",
                relative(&canonical_root, &folder)
            )));
        }
    }
    let canonical = std::fs::canonicalize(&lexical)
        .map_err(|_| AddError::Usage(format!("no such article: {given}")))?;
    if !canonical.starts_with(canonical_root.join(ARTICLES_DIR)) {
        return Err(AddError::Usage(format!(
            "refused: `{given}` is a link that leads outside {ARTICLES_DIR}/ of the corpus"
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
    if !quote_is_visible(&c.quote) {
        return Err(AddError::Usage(
            "--quote has no visible text (only white space, invisible or control characters): it cannot be found in any article".into(),
        ));
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

/// Whether a quote has something to find in an article: text left once
/// [`normalize_for_match`] has dropped white space, invisible and control
/// characters. `check` can never find a quote without, whatever the article.
pub fn quote_is_visible(quote: &str) -> bool {
    !normalize_for_match(quote).is_empty()
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
    check_parent_in(root, &target).map_err(io)?;
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
            let title = crate::skeleton::default_title(&article_text).unwrap_or_default();
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
            (text, id, true)
        }
    };
    if new_text.len() as u64 > limits.max_annotation_bytes {
        return Err(AddError::refused(
            Code::Unreadable,
            &rel,
            format!(
                "with the new claim {rel} would be {} bytes, over the limit of {} bytes that `check` reads (--max-file-size); nothing was written",
                new_text.len(),
                limits.max_annotation_bytes
            ),
        ));
    }
    prepare_parent_in(root, &target).map_err(io)?;
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
    // Only the first three bytes are needed: read no more, from a regular
    // file only (the path was checked to be no link; one swapped in is refused).
    let (opened, _) = open_regular(&file.abs, limits.max_annotation_bytes, Links::Refuse)
        .map_err(|e| AddError::Io(format!("{} {e}", file.rel)))?;
    let mut head = Vec::with_capacity(3);
    std::io::Read::read_to_end(&mut std::io::Read::take(opened, 3), &mut head)
        .map_err(|e| AddError::Io(format!("{}: {e}", file.rel)))?;
    Ok(if head.starts_with("\u{FEFF}".as_bytes()) {
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
    fields: Vec<(&'static str, FieldValue)>,
}

/// A field's value: text, written by the one YAML emitter
/// ([`crate::yaml::scalar`]), or a date, written as `YYYY[-MM[-DD]]`.
enum FieldValue {
    Text(String),
    Date(PartialDate),
}

impl FieldValue {
    /// The value in block context: plain when that reads back the same.
    fn block(&self) -> String {
        match self {
            FieldValue::Text(t) => crate::yaml::scalar(t).into_owned(),
            FieldValue::Date(d) => d.to_string(),
        }
    }

    /// The value in a flow mapping, always double-quoted (a plain scalar
    /// there could not hold `,`, `[`, `]`, `{` or `}`).
    fn flow(&self) -> String {
        match self {
            FieldValue::Text(t) => crate::yaml::double_quoted(t),
            FieldValue::Date(d) => crate::yaml::double_quoted(&d.to_string()),
        }
    }
}

impl ClaimText {
    pub fn new(id: &str, c: &NewClaim) -> Self {
        let text = |s: &str| FieldValue::Text(s.to_owned());
        let mut fields = vec![
            ("id", text(id)),
            ("claim", text(&c.claim)),
            ("stance", text(c.stance.as_str())),
            ("speaker", text(&c.speaker)),
            ("quote", text(&c.quote)),
        ];
        if let Some(d) = c.date {
            fields.push(("date", FieldValue::Date(d)));
        }
        if let Some(t) = &c.topic {
            fields.push(("topic", text(t)));
        }
        ClaimText { fields }
    }

    /// Adds a `note` after the other fields.
    pub fn with_note(mut self, note: &str) -> Self {
        self.fields
            .push(("note", FieldValue::Text(note.to_owned())));
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
            out.push_str(&format!("{k}: {}{eol}", v.block()));
        }
        out
    }

    /// A flow mapping: `{id: "x", claim: "...", ...}` with every value quoted.
    fn flow(&self) -> String {
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|(k, v)| format!("{k}: {}", v.flow()))
            .collect();
        format!("{{{}}}", fields.join(", "))
    }
}

fn new_file_text(title: &str, published: PartialDate, item: &ClaimText) -> String {
    let mut out = String::new();
    if !title.is_empty() {
        out.push_str(&format!("title: {}\n", crate::yaml::scalar(title)));
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
    use crate::annotation::{Limits, parse_annotation};

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
    fn claim_text_is_written_by_the_one_emitter() {
        let mut c = NewClaim {
            id: None,
            claim: "2015".into(),
            stance: Stance::Unsure,
            speaker: "no".into(),
            quote: "a\u{7F}b\u{9B}c\u{FFFE}".into(),
            date: PartialDate::parse("2017-01").ok(),
            topic: Some("7".into()),
        };
        let block = ClaimText::new("1", &c).block(2, 4, "\n");
        assert_eq!(
            block,
            "  - id: \"1\"\n    claim: \"2015\"\n    stance: unsure\n    speaker: \"no\"\n    quote: \"a\\u007Fb\\u009Bc\\uFFFE\"\n    date: 2017-01\n    topic: \"7\"\n"
        );
        c.claim = "The bridge will open".into();
        let block = ClaimText::new("ann-bridge", &c).block(0, 2, "\n");
        assert!(
            block.starts_with("- id: ann-bridge\n  claim: The bridge will open\n"),
            "{block}"
        );
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

    /// Text for a field: any characters, with a bias to what YAML reads
    /// specially.
    fn field_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "a", "Word", " ", "\t", "\n", "\r", "\u{85}", "\u{2028}", "\u{7F}", "\u{9B}",
            "\u{FFFE}", "\u{FEFF}", "\0", "\u{1b}", ": ", " #", "-", "?", "&", "*", "!", "|", ">",
            "%", "@", "`", "[", "]", "{", "}", ",", "'", "\"", "\\", "~", "2015", "0x1F", ".inf",
            "true", "null", "no", "---", "\u{e9}",
        ]);
        prop_oneof![
            prop::collection::vec(piece, 1..6).prop_map(|p| p.concat()),
            any::<String>(),
        ]
    }

    /// `text` parsed as `claims/a.yaml`: its error problems and annotation.
    fn parse_back(text: &str) -> (Vec<Problem>, Option<Annotation>) {
        let p = parse_annotation(
            text,
            "a",
            "claims/a.yaml",
            Some("articles/a.txt"),
            &Limits::default(),
        );
        (
            p.problems.into_iter().filter(Problem::is_error).collect(),
            p.annotation,
        )
    }

    fn claim_of(claim: &str, speaker: &str, quote: &str, topic: &str) -> NewClaim {
        NewClaim {
            id: None,
            claim: claim.into(),
            stance: Stance::Refutes,
            speaker: speaker.into(),
            quote: quote.into(),
            date: PartialDate::parse("2016-02").ok(),
            topic: Some(topic.into()),
        }
    }

    fn assert_reads_back(got: &Claim, want: &NewClaim, id: &str) {
        assert_eq!(got.id, id);
        assert_eq!(got.claim, want.claim);
        assert_eq!(got.speaker, want.speaker);
        assert_eq!(got.quote, want.quote);
        assert_eq!(got.stance, want.stance);
        assert_eq!(got.date, want.date);
        assert_eq!(got.topic, want.topic);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// What `add` writes, a new file or a claim added to a block or a
        /// flow list, reads back as what was given, with no problem.
        #[test]
        fn what_add_writes_reads_back(
            title in field_text(),
            claim in field_text(),
            speaker in field_text(),
            quote in field_text(),
            topic in field_text(),
            id in field_text(),
        ) {
            // `check` requires these to be non-blank and ids to be one word.
            let nonblank = |s: String| if s.trim().is_empty() { format!("x{s}") } else { s };
            let new = claim_of(&nonblank(claim), &nonblank(speaker), &nonblank(quote), &nonblank(topic));
            let id: String = id.chars().filter(|c| !c.is_whitespace() && !c.is_control() && *c != '#').collect();
            // Not the id of the claim already in the files below.
            let id = if id.is_empty() || id == "0ld" { "x".to_owned() } else { id };
            let item = ClaimText::new(&id, &new);
            let published = PartialDate::parse("2017").unwrap();
            let created = new_file_text(&title, published, &item);
            let (problems, got) = parse_back(&created);
            proptest::prop_assert!(problems.is_empty(), "{created:?}: {problems:?}");
            let got = got.unwrap();
            proptest::prop_assert_eq!(got.title.as_deref(), (!title.is_empty()).then_some(title.as_str()));
            assert_reads_back(&got.claims[0], &new, &id);
            for old in [
                "published: 2020\nclaims:\n  - id: 0ld\n    claim: X\n    stance: supports\n    speaker: S\n    quote: q\n",
                "published: 2020\nclaims: []\n",
                "published: 2020\r\nclaims: [{id: 0ld, claim: X, stance: supports, speaker: S, quote: q}]",
            ] {
                let text = insert_claim(old, &item).unwrap();
                let (problems, got) = parse_back(&text);
                proptest::prop_assert!(problems.is_empty(), "{text:?}: {problems:?}");
                assert_reads_back(got.unwrap().claims.last().unwrap(), &new, &id);
            }
        }
    }
}
