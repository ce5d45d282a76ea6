//! `add`: append one claim to an article's annotation file without changing
//! a byte of what is there.
//!
//! The new file is the old file with one piece of text inserted: a
//! block-list item after the last item of `claims:`, or a flow mapping
//! before the `]` of a non-empty flow list. The one change to bytes already
//! there: an empty list (`claims: []`, the skeleton's marked line from
//! `new` included) becomes `claims:` followed by the new item, so that files
//! stay in block style, one key per line, and each `add` is one hunk of a
//! diff; the skeleton's not-annotated comment goes away with it, any other
//! comment on that line stays. Comments, blank lines, key order, quoting,
//! CRLF and a missing final newline are kept because nothing else is
//! touched. The result is parsed again and written only if it holds exactly
//! the old claims plus the new one ([`verify`], [`is_add_edit`]); the write
//! is atomic and serialised by a corpus-wide lock.

use std::path::{Component, Path};

use crate::annotation::{Limits, parse_annotation};
use crate::article;
use crate::cache::Cache;
use crate::corpus::{
    ARTICLE_EXTENSIONS, ARTICLES_DIR, CLAIMS_DIR, CorpusFile, read_text, relative,
};
use crate::date::PartialDate;
use crate::model::{Annotation, Claim, Stance};
use crate::problem::{Code, Problem, sort_problems};
use crate::safe_fs::{Links, open_regular};
use crate::text::{ArticleText, QuoteMatch, normalize_for_match, shorten};
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

/// The file-level fields `add` takes: written when it creates the
/// annotation file. On an existing file `--outlet` and `--url` must agree
/// with it (they are never added to it or changed); `--published` is only
/// used to create the file.
#[derive(Debug, Clone, Default)]
pub struct FileFields {
    pub published: Option<PartialDate>,
    pub outlet: Option<String>,
    pub url: Option<String>,
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
    /// The file already holds the same claim (same speaker, claim text and
    /// quote, compared as quotes are): exit status 1. The message follows
    /// the file's path (`claims/x.yaml: already holds ...`).
    #[error(
        "already holds the same claim (same speaker, claim and quote) as `{id}`; nothing was written"
    )]
    Duplicate { path: String, id: String },
    /// `--outlet` or `--url` disagree with the existing file: exit status 1.
    #[error("{0}")]
    FileFieldDiffers(String),
    #[error("{0}")]
    Io(String),
}

impl AddError {
    fn refused(code: Code, file: &str, message: impl Into<String>) -> Self {
        AddError::Refused(Box::new(Problem::new(code, file, message)))
    }

    /// The exit status: 1 when the claim is refused because of what the
    /// corpus holds, 2 for a usage or I/O error.
    pub fn exit_status(&self) -> u8 {
        match self {
            AddError::Refused(_) | AddError::Duplicate { .. } | AddError::FileFieldDiffers(_) => 1,
            AddError::Usage(_) | AddError::Io(_) => 2,
        }
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
    /// The warnings `check` gives about the new claim itself (an ambiguous
    /// quote, a date after the article's), with its wording and position.
    pub warnings: Vec<Problem>,
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
            "refused: `{given}` is not inside {ARTICLES_DIR}/ of the corpus{}",
            did_you_mean(&canonical_root, given)
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
    let canonical = std::fs::canonicalize(&lexical).map_err(|_| {
        AddError::Usage(format!(
            "no such article: {given}{}",
            did_you_mean(&canonical_root, given)
        ))
    })?;
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

/// A hint for an ARTICLE path that names no article: "; did you mean
/// articles/x.txt?" when `articles/GIVEN` is one, or when an article's path
/// is close to what was typed (a typo, a missing folder); else nothing.
fn did_you_mean(root: &Path, given: &str) -> String {
    let under = Path::new(ARTICLES_DIR).join(given);
    if root.join(&under).is_file() {
        return format!("; did you mean {}?", under.display());
    }
    let typed = given.trim_start_matches("./");
    let articles = walkdir::WalkDir::new(root.join(ARTICLES_DIR))
        .follow_links(false)
        .max_depth(8)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b"."))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .take(100_000)
        .map(|e| relative(root, e.path()));
    let best = articles
        .map(|rel| {
            let inner = rel
                .strip_prefix(&format!("{ARTICLES_DIR}/"))
                .unwrap_or(&rel);
            let score = strsim::jaro_winkler(typed, &rel).max(strsim::jaro_winkler(typed, inner));
            (score, rel)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    match best {
        Some((score, rel)) if score >= 0.85 => format!("; did you mean {rel}?"),
        _ => String::new(),
    }
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

fn check_file_fields(f: &FileFields) -> Result<(), AddError> {
    for (name, value) in [("--outlet", &f.outlet), ("--url", &f.url)] {
        match value {
            Some(v) if v.trim().is_empty() => {
                return Err(AddError::Usage(format!("{name} is empty")));
            }
            Some(v) if v.contains(['\n', '\r']) => {
                return Err(AddError::Usage(format!("{name} must be one line")));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Appends `new` to the annotation file of `article` (creating it, with the
/// `file` fields, when there is none).
pub fn add(
    root: &Path,
    article_arg: &str,
    new: &NewClaim,
    file: &FileFields,
    limits: &Limits,
) -> Result<Added, AddError> {
    check_fields(new)?;
    check_file_fields(file)?;
    let (article_file, key) = resolve_article(root, article_arg)?;
    let article_text = read_text(&article_file, limits.max_article_bytes)
        .map_err(|p| AddError::Refused(Box::new(p)))?;
    let quote_count = match ArticleText::new(&article_text).find(&new.quote) {
        QuoteMatch::Found { count } => count,
        QuoteMatch::NotFound { closest } => {
            // The problem's file is the article: the message need not name it.
            let hint = match closest {
                Some(p) => format!("; the closest passage is: \"{}\"", shorten(&p, 300)),
                None => "; no passage of the article resembles it".into(),
            };
            return Err(AddError::refused(
                Code::QuoteNotFound,
                &article_file.rel,
                format!("the quote is not in this article{hint}; nothing was written"),
            ));
        }
    };

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

    let (new_text, written, created) = match existing {
        Some(old_text) => {
            let old = parse_clean(&old_text, &key, &rel, &article_file.rel, limits)?;
            check_fields_agree(&old, file, &rel)?;
            refuse_duplicate(&old, new, &rel)?;
            let id = choose_id(new, &old.claims, &rel)?;
            let item = ClaimText::new(&id, new);
            let text = insert_claim(&old_text, &item).map_err(|why| {
                AddError::refused(
                    Code::Schema,
                    &rel,
                    format!("cannot add to this file automatically: {why}; nothing was written"),
                )
            })?;
            let written = verify(&old, &text, &id, new, &key, &rel, &article_file.rel, limits)?;
            if !is_add_edit(&old_text, &text) {
                return Err(AddError::Io(format!(
                    "internal error: adding to {rel} would have changed bytes already there; nothing was written. Please add the claim by hand and report this."
                )));
            }
            (text, written, false)
        }
        None => {
            let published = match file
                .published
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
            let head = FileHead {
                title: &title,
                published,
                outlet: file.outlet.as_deref(),
                url: file.url.as_deref(),
            };
            let text = new_file_text(&head, &ClaimText::new(&id, new));
            let empty = Annotation {
                key: key.clone(),
                path: rel.clone(),
                article: Some(article_file.rel.clone()),
                title: None,
                published: Some(published),
                outlet: file.outlet.clone(),
                url: file.url.clone(),
                claims: Vec::new(),
            };
            let written = verify(
                &empty,
                &text,
                &id,
                new,
                &key,
                &rel,
                &article_file.rel,
                limits,
            )?;
            (text, written, true)
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
    let claim = written.claims.last().expect("verified: one claim more");
    Ok(Added {
        path: rel,
        id: claim.id.clone(),
        created,
        warnings: claim_warnings(&written, claim, &article_file.rel, quote_count),
    })
}

/// The warnings `check` gives about one claim of a file on its own: an
/// ambiguous quote (`count` places in the article) and a date after the
/// article's. The wording and positions are those of check.rs
/// (`quote_problems`, `date_problems`); tests/authoring_loop.rs compares
/// them with `check`'s output.
fn claim_warnings(file: &Annotation, claim: &Claim, article: &str, count: usize) -> Vec<Problem> {
    let mut warnings = Vec::new();
    if count > 1 {
        warnings.push(
            Problem::new(
                Code::QuoteAmbiguous,
                &file.path,
                format!(
                    "the quote of claim `{}` occurs {count} times in {article}; quote more words so it points at one place",
                    claim.id
                ),
            )
            .at(claim.quote_pos.line, claim.quote_pos.column),
        );
    }
    if let (Some(published), Some(date)) = (file.published, claim.date)
        && claim.has_own_date
        && date.surely_after(&published)
    {
        warnings.push(
            Problem::new(
                Code::DateAfterPublished,
                &file.path,
                format!(
                    "claim `{}` is dated {date}, after its article was published ({published})",
                    claim.id
                ),
            )
            .at(claim.date_pos.line, claim.date_pos.column),
        );
    }
    warnings
}

/// Refuses `--outlet` and `--url` that the existing file does not already
/// have: a different value is a conflict to settle by hand, and a missing
/// key would have to be added to lines already there, which `add` never does.
fn check_fields_agree(old: &Annotation, file: &FileFields, rel: &str) -> Result<(), AddError> {
    for (key, given, has) in [
        ("outlet", &file.outlet, &old.outlet),
        ("url", &file.url, &old.url),
    ] {
        let Some(given) = given else { continue };
        match has {
            Some(has) if has == given => {}
            Some(has) => {
                return Err(AddError::FileFieldDiffers(format!(
                    "{rel} already has {key}: {}, not {} (--{key}); nothing was written. Leave out --{key}, or correct `{key}:` in the file by hand if it is wrong",
                    crate::yaml::double_quoted(has),
                    crate::yaml::double_quoted(given),
                )));
            }
            None => {
                return Err(AddError::FileFieldDiffers(format!(
                    "{rel} has no {key}, and `add` only appends claims to an existing file; nothing was written. Write `{key}: {}` in the file by hand, or leave out --{key}",
                    crate::yaml::scalar(given),
                )));
            }
        }
    }
    Ok(())
}

/// Refuses a claim the file already holds: the same speaker, claim text and
/// quote once white space, quotes, dashes and case are normalised as quotes
/// are matched ([`normalize_for_match`]).
fn refuse_duplicate(old: &Annotation, new: &NewClaim, rel: &str) -> Result<(), AddError> {
    let fingerprint = |speaker: &str, claim: &str, quote: &str| {
        (
            normalize_for_match(speaker),
            normalize_for_match(claim),
            normalize_for_match(quote),
        )
    };
    let wanted = fingerprint(&new.speaker, &new.claim, &new.quote);
    match old
        .claims
        .iter()
        .find(|c| fingerprint(&c.speaker, &c.claim, &c.quote) == wanted)
    {
        Some(same) => Err(AddError::Duplicate {
            path: rel.to_owned(),
            id: same.id.clone(),
        }),
        None => Ok(()),
    }
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

/// The code of the error `check` gives a skeleton that is still marked as
/// not annotated: the one error an add resolves rather than refuses for.
/// (A name rather than the `Code` so that this builds before and after the
/// code is introduced.)
/// Parses an existing file; any error in it refuses the add, but the
/// skeleton's `not-annotated`, which the add resolves.
fn parse_clean(
    text: &str,
    key: &str,
    rel: &str,
    article: &str,
    limits: &Limits,
) -> Result<Annotation, AddError> {
    let parsed = parse_annotation(text, key, rel, Some(article), limits);
    if let Some(p) = parsed
        .problems
        .into_iter()
        .find(|p| p.is_error() && p.code != Code::NotAnnotated)
    {
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

/// The fields of a file `add` creates, before its claims.
struct FileHead<'a> {
    /// Empty: no `title:` line.
    title: &'a str,
    published: PartialDate,
    outlet: Option<&'a str>,
    url: Option<&'a str>,
}

/// The dash and key indentation of a block list `add` starts: the spec's.
const DASH_INDENT: usize = 2;
const KEY_INDENT: usize = 4;

fn new_file_text(head: &FileHead, item: &ClaimText) -> String {
    let mut out = String::new();
    if !head.title.is_empty() {
        out.push_str(&format!("title: {}\n", crate::yaml::scalar(head.title)));
    }
    out.push_str(&format!("published: {}\n", head.published));
    for (key, value) in [("outlet", head.outlet), ("url", head.url)] {
        if let Some(value) = value {
            out.push_str(&format!("{key}: {}\n", crate::yaml::scalar(value)));
        }
    }
    out.push_str("claims:\n");
    out.push_str(&item.block(DASH_INDENT, KEY_INDENT, "\n"));
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
pub fn insert_claim(text: &str, item: &ClaimText) -> Result<String, String> {
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
    let (key_line, colon) =
        claims_key_line(text, &ls).ok_or("no top-level `claims:` key at the start of a line")?;
    let line = &ls[key_line];
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

/// What `report` and `check` will say about a claim just added.
#[derive(Debug, Clone, Default)]
pub struct Neighbours {
    /// The claim's group as `report` names it (the group's claim) and how
    /// many claims it holds, the new one included.
    pub group: Option<(String, usize)>,
    /// The `similar-claim` warnings `check` gives about that group and
    /// another one whose claim is close: where the group's claims are,
    /// and where the other group's are when it is the first of the pair.
    pub similar: Vec<Problem>,
}

/// What `report` and `check` will say about the claim just added: the
/// corpus is loaded and reconciled as they load and reconcile it, after the
/// write, and the warnings come from the same function as `check`'s. The
/// groups and warnings computed are cached (when `cache` is enabled) so the
/// next `check` or `report` need not compute them again. An unreadable
/// corpus just gives nothing.
pub fn neighbours(root: &Path, limits: &Limits, cache: Cache, added: &Added) -> Neighbours {
    use crate::reconcile::{ClaimAt, similar_claim_problems};
    let Ok(loaded) = crate::load::load_with(root, limits, cache, &|_| {}) else {
        return Neighbours::default();
    };
    let Some(at) = loaded
        .annotations
        .iter()
        .enumerate()
        .filter(|(_, a)| a.path == added.path)
        .find_map(|(file, a)| {
            let index = a.claims.iter().position(|c| c.id == added.id)?;
            Some(ClaimAt { file, index })
        })
    else {
        return Neighbours::default();
    };
    let (reconciled, computed) = loaded.reconcile();
    let Some(g) = reconciled.group_of(at) else {
        return Neighbours::default();
    };
    let (all_similar, similar_cached) = match loaded.cached_similar() {
        Some(found) => (found, true),
        None => (
            similar_claim_problems(&loaded.annotations, &reconciled),
            false,
        ),
    };
    if computed {
        loaded.write_reconciled_cache(&reconciled);
    }
    if !similar_cached {
        loaded.write_similar_cache(&all_similar);
    }
    let group = &reconciled.groups[g];
    // A similar-claim warning is at a claim of one group of the pair and
    // names the other group's claim in quotes (reconcile.rs
    // `similar_claim_problems`).
    let members: std::collections::HashSet<(&str, u32, u32)> = group
        .members
        .iter()
        .map(|m| {
            let a = &loaded.annotations[m.at.file];
            let pos = a.claims[m.at.index].pos;
            (a.path.as_str(), pos.line, pos.column)
        })
        .collect();
    let names_group = format!("close to the claim \"{}\"", group.claim);
    let mut similar: Vec<Problem> = all_similar
        .into_iter()
        .filter(|p| {
            p.code == Code::SimilarClaim
                && (p.line.zip(p.column).is_some_and(|(line, column)| {
                    members.contains(&(p.file.as_str(), line, column))
                }) || p.message.contains(&names_group))
        })
        .collect();
    sort_problems(&mut similar);
    Neighbours {
        group: Some((group.claim.clone(), group.members.len())),
        similar,
    }
}

/// Whether `new` is `old` with bytes inserted at one place and nothing
/// else changed.
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

/// Whether `new` is what `add` may make of `old`: `old` with bytes inserted
/// at one place, after at most the opening of an empty claim list
/// ([`open_empty_list`]), and nothing else changed.
pub fn is_add_edit(old: &str, new: &str) -> bool {
    is_pure_insertion(old.as_bytes(), new.as_bytes())
        || open_empty_list(old)
            .is_some_and(|(opened, _)| is_pure_insertion(opened.as_bytes(), new.as_bytes()))
}

/// Parses the new text and checks it holds exactly the old claims plus the
/// new one, and the same file-level fields; returns what it read.
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
) -> Result<Annotation, AddError> {
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
    Ok(got)
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
    fn non_empty_flow_lists_get_a_flow_mapping() {
        for old in [
            "claims: [{id: a, claim: \"x]\"},\n  ]\npublished: 2020\n",
            "claims: [{id: a}]",
            "published: 2020\nclaims: [\n]\n",
        ] {
            let new = insert_claim(old, &item("b")).unwrap();
            assert_insertion_only(old, &new);
            assert!(
                new.contains("{id: \"b\", claim: \"The bridge will open\""),
                "{new}"
            );
        }
    }

    const ITEM_B: &str = "  - id: b\n    claim: The bridge will open\n    stance: supports\n    speaker: Ann Lee\n    quote: \"it opens: soon #1\"\n";

    #[test]
    fn the_skeleton_marker_line_becomes_a_block_list() {
        let old = format!(
            "title: T\npublished: 2020\n{}\n# Quoted passages:\n#   it opens\n",
            crate::skeleton::MARKER_LINE
        );
        let new = insert_claim(&old, &item("b")).unwrap();
        assert_eq!(
            new,
            format!(
                "title: T\npublished: 2020\nclaims:\n{ITEM_B}# Quoted passages:\n#   it opens\n"
            )
        );
        assert!(is_add_edit(&old, &new));
        assert!(!is_pure_insertion(old.as_bytes(), new.as_bytes()));
        // The next item goes after the first, before the comments.
        let next = insert_claim(&new, &item("c")).unwrap();
        assert_insertion_only(&new, &next);
        assert!(
            next.contains("quote: \"it opens: soon #1\"\n  - id: c\n"),
            "{next}"
        );
        assert!(
            next.ends_with("\n# Quoted passages:\n#   it opens\n"),
            "{next}"
        );
    }

    #[test]
    fn a_hand_written_empty_list_becomes_a_block_list_keeping_its_comment() {
        for (old, want) in [
            (
                "published: 2020\nclaims: []\n",
                format!("published: 2020\nclaims:\n{ITEM_B}"),
            ),
            (
                "published: 2020\nclaims: [ ] # none yet\nurl: u\n",
                format!("published: 2020\nclaims: # none yet\n{ITEM_B}url: u\n"),
            ),
            (
                "\u{FEFF}claims : []   # CLAIMTRACK: Not annotated yet\r\npublished: 2020\r\n",
                format!(
                    "\u{FEFF}claims :\r\n{}published: 2020\r\n",
                    ITEM_B.replace('\n', "\r\n")
                ),
            ),
            (
                "published: 2020\nclaims: []",
                format!("published: 2020\nclaims:\n{}", ITEM_B.trim_end()),
            ),
        ] {
            let new = insert_claim(old, &item("b")).unwrap();
            assert_eq!(new, want, "{old:?}");
            assert!(is_add_edit(old, &new), "{old:?}");
            let (problems, got) = parse_back(&new);
            assert!(problems.is_empty(), "{new:?}: {problems:?}");
            assert_eq!(got.unwrap().claims.len(), 1);
        }
    }

    #[test]
    fn add_edits_are_told_from_other_changes() {
        let old = "published: 2020\nclaims: []  # none\n";
        // The list opened and an item inserted: allowed.
        assert!(is_add_edit(
            old,
            "published: 2020\nclaims:  # none\n  - x\n"
        ));
        // Anything else changed as well: refused.
        assert!(!is_add_edit(
            old,
            "published: 2021\nclaims:  # none\n  - x\n"
        ));
        assert!(!is_add_edit(old, "published: 2020\nclaims:\n  - x\n"));
        assert!(!is_add_edit(
            old,
            "published: 2020\nurl: u\nclaims:  # none\n  - x\n"
        ));
        assert!(is_add_edit("claims:\n  - a\n", "claims:\n  - a\n  - b\n"));
        assert!(!is_add_edit("claims:\n  - a\n", "claims:\n  - b\n"));
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
            let head = FileHead { title: &title, published, outlet: Some(&title), url: None };
            let created = new_file_text(&head, &item);
            let (problems, got) = parse_back(&created);
            proptest::prop_assert!(problems.is_empty(), "{created:?}: {problems:?}");
            let got = got.unwrap();
            proptest::prop_assert_eq!(got.title.as_deref(), (!title.is_empty()).then_some(title.as_str()));
            proptest::prop_assert_eq!(got.outlet.as_deref(), Some(title.as_str()));
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
