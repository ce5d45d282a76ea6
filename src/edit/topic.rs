//! `link` and `unlink`: a person's verdict on whether claims are one
//! proposition, written as their `topic:` (claims sharing a topic always
//! group together; claims with different topics never do).
//!
//! `link REF REF…` gives the claims one topic: the one some of them have
//! already (refused when they have two different ones), else a new slug of
//! the first claim's text, unique among the corpus's topics. `unlink REF
//! REF` leaves the two with different topics: when they share one the
//! second gets a new slug of its own text, and each that has none gets a
//! slug of its own text (a claim without a topic still joins a topic's
//! group by similarity); when both have topics that differ, nothing changes.
//!
//! Like `add`, the edit keeps every byte already there but one line per
//! claim: a claim's `topic:` value is replaced, or a `topic:` line is
//! inserted after the claim's last line, at its keys' indentation. A claim
//! in flow style (`{id: ..., ...}`) is refused, to be edited by hand. The
//! new text is read back and written only if it holds the same claims with
//! only the topics meant changed and no line changed but `topic:` lines;
//! writes are atomic and serialised by the corpus-wide lock.

use super::insert::lines;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::Target;
use super::error::TopicError;
use super::existing::{parse_clean, read_existing};
use super::id::slug;
use crate::annotation::Limits;
use crate::corpus::CLAIMS_DIR;
use crate::model::{Annotation, Claim};
use crate::write::{check_parent_in, lock_corpus, remove_stale_temps, write_atomic};

/// A claim's reference: its annotation file's key and its id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClaimRef {
    pub key: String,
    pub id: String,
}

impl ClaimRef {
    /// Reads `PATH#ID`; PATH is relative, under claims/, without `.yaml`.
    pub fn parse(given: &str) -> Result<Self, TopicError> {
        let bad = || TopicError::BadRef {
            given: given.to_owned(),
        };
        let (key, id) = given.rsplit_once('#').ok_or_else(bad)?;
        let key_ok = !key.is_empty()
            && !key.starts_with('/')
            && !key.contains('\\')
            && key
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        if !key_ok || id.is_empty() || id.chars().any(char::is_whitespace) {
            return Err(bad());
        }
        Ok(ClaimRef {
            key: key.to_owned(),
            id: id.to_owned(),
        })
    }

    fn path(&self) -> String {
        format!("{CLAIMS_DIR}/{}.yaml", self.key)
    }
}

impl std::fmt::Display for ClaimRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.key, self.id)
    }
}

/// One claim named on the command line, after the edit.
#[derive(Debug, Clone)]
pub struct Setting {
    pub reference: String,
    /// Its annotation file, from the corpus root.
    pub path: String,
    /// Its topic before.
    pub was: Option<String>,
    /// Its topic now.
    pub topic: Option<String>,
}

impl Setting {
    pub fn changed(&self) -> bool {
        self.was != self.topic
    }
}

/// `link`: gives the claims one topic. Returns each claim's topic before
/// and after, in the order given.
pub fn link(root: &Path, refs: &[String], limits: &Limits) -> Result<Vec<Setting>, TopicError> {
    let refs = parse_refs(refs)?;
    if refs.len() < 2 {
        return Err(TopicError::Usage(
            "link needs at least two different claims",
        ));
    }
    let mut session = Session::open(root, &refs, limits)?;
    let mut had: Vec<(String, String)> = Vec::new();
    for r in &refs {
        if let Some(t) = &session.claim(r).topic
            && !had.iter().any(|(h, _)| h == t)
        {
            had.push((t.clone(), r.to_string()));
        }
    }
    let topic = match had.len() {
        0 => session.new_topic(&session.claim(&refs[0]).claim.clone()),
        1 => had.remove(0).0,
        _ => return Err(TopicError::Conflict(had)),
    };
    let wanted: Vec<(ClaimRef, String)> = refs.iter().map(|r| (r.clone(), topic.clone())).collect();
    session.apply(&wanted)
}

/// `unlink`: leaves the two claims with different topics. Returns each
/// claim's topic before and after; nothing changed when they differ already.
pub fn unlink(root: &Path, refs: &[String], limits: &Limits) -> Result<Vec<Setting>, TopicError> {
    let refs = parse_refs(refs)?;
    let [a, b] = refs.as_slice() else {
        return Err(TopicError::Usage(
            "unlink needs exactly two different claims",
        ));
    };
    let mut session = Session::open(root, &refs, limits)?;
    let (ta, tb) = (
        session.claim(a).topic.clone(),
        session.claim(b).topic.clone(),
    );
    let mut wanted = Vec::new();
    match (&ta, &tb) {
        (Some(x), Some(y)) if x == y => {
            let text = session.claim(b).claim.clone();
            wanted.push((b.clone(), session.new_topic(&text)));
        }
        (Some(_), Some(_)) => {}
        // A claim without a topic still joins a topic's group by
        // similarity: each claim without one gets its own.
        _ => {
            for (r, had) in [(a, &ta), (b, &tb)] {
                if had.is_none() {
                    let text = session.claim(r).claim.clone();
                    wanted.push((r.clone(), session.new_topic(&text)));
                }
            }
        }
    }
    let mut settings = session.apply(&wanted)?;
    for (r, was) in [(a, ta), (b, tb)] {
        if !wanted.iter().any(|(w, _)| w == r) {
            settings.push(Setting {
                reference: r.to_string(),
                path: r.path(),
                topic: was.clone(),
                was,
            });
        }
    }
    settings.sort_by_key(|s| usize::from(s.reference != a.to_string()));
    Ok(settings)
}

/// The references, each once, in the order given.
fn parse_refs(given: &[String]) -> Result<Vec<ClaimRef>, TopicError> {
    let mut out: Vec<ClaimRef> = Vec::new();
    for g in given {
        let r = ClaimRef::parse(g)?;
        if !out.contains(&r) {
            out.push(r);
        }
    }
    Ok(out)
}

/// One annotation file being edited.
struct FileEdit {
    key: String,
    path: String,
    article: String,
    abs: PathBuf,
    old_text: String,
    old: Annotation,
    text: String,
}

impl FileEdit {
    fn target<'a>(&'a self, limits: &'a Limits) -> Target<'a> {
        Target {
            key: &self.key,
            path: &self.path,
            article: &self.article,
            limits,
        }
    }
}

/// The files of the named claims, read under the corpus's lock, and the
/// topics used anywhere in the corpus.
struct Session<'a> {
    root: &'a Path,
    limits: &'a Limits,
    files: BTreeMap<String, FileEdit>,
    topics: BTreeSet<String>,
    _lock: crate::write::Lock,
}

impl<'a> Session<'a> {
    fn open(root: &'a Path, refs: &[ClaimRef], limits: &'a Limits) -> Result<Self, TopicError> {
        let lock = lock_corpus(root).map_err(TopicError::Lock)?;
        let loaded = crate::load::load(root, limits)?;
        let topics = loaded
            .annotations
            .iter()
            .flat_map(|a| a.claims.iter().filter_map(|c| c.topic.clone()))
            .collect();
        let mut files = BTreeMap::new();
        for r in refs {
            if !files.contains_key(&r.key) {
                files.insert(r.key.clone(), read_file(root, r, limits)?);
            }
            let file = &files[&r.key];
            if !file.old.claims.iter().any(|c| c.id == r.id) {
                return Err(TopicError::UnknownId {
                    reference: r.to_string(),
                    path: file.path.clone(),
                    id: r.id.clone(),
                });
            }
        }
        Ok(Session {
            root,
            limits,
            files,
            topics,
            _lock: lock,
        })
    }

    /// The claim as it was read (known to be there).
    fn claim(&self, r: &ClaimRef) -> &Claim {
        let file = &self.files[&r.key];
        file.old
            .claims
            .iter()
            .find(|c| c.id == r.id)
            .expect("checked when opened")
    }

    /// A topic made from `text`, used by no claim of the corpus (nor by
    /// one given earlier in this session).
    fn new_topic(&mut self, text: &str) -> String {
        let base = slug("", text);
        let mut topic = base.clone();
        let mut n = 2;
        while self.topics.contains(&topic) {
            topic = format!("{base}-{n}");
            n += 1;
        }
        self.topics.insert(topic.clone());
        topic
    }

    /// Sets each claim's topic, verifies each changed file, and writes them.
    fn apply(&mut self, wanted: &[(ClaimRef, String)]) -> Result<Vec<Setting>, TopicError> {
        let mut settings = Vec::new();
        for (r, topic) in wanted {
            let was = self.claim(r).topic.clone();
            if was.as_deref() != Some(topic.as_str()) {
                let limits = self.limits;
                let file = self.files.get_mut(&r.key).expect("opened");
                let text = set_topic(file, r, topic, limits)?;
                file.text = text;
            }
            settings.push(Setting {
                reference: r.to_string(),
                path: r.path(),
                was,
                topic: Some(topic.clone()),
            });
        }
        let changed: Vec<&FileEdit> = self
            .files
            .values()
            .filter(|f| f.text != f.old_text)
            .collect();
        for file in &changed {
            verify(file, wanted, self.limits)?;
        }
        for file in changed {
            let io = |source| TopicError::Io {
                path: file.path.clone(),
                source,
            };
            check_parent_in(self.root, &file.abs).map_err(io)?;
            remove_stale_temps(&file.abs);
            write_atomic(&file.abs, file.text.as_bytes()).map_err(io)?;
        }
        Ok(settings)
    }
}

/// Reads and parses the annotation file of `r`; a file with errors is
/// refused as `add` refuses it.
fn read_file(root: &Path, r: &ClaimRef, limits: &Limits) -> Result<FileEdit, TopicError> {
    let path = r.path();
    let abs = root.join(&path);
    let unknown = || TopicError::UnknownFile {
        reference: r.to_string(),
        path: path.clone(),
    };
    if check_parent_in(root, &abs).is_err() {
        return Err(unknown());
    }
    let Some(text) = read_existing(&abs, &path, limits)? else {
        return Err(unknown());
    };
    let mut file = FileEdit {
        key: r.key.clone(),
        article: format!("articles/{}.txt", r.key),
        path: path.clone(),
        abs,
        old_text: text.clone(),
        old: Annotation {
            key: r.key.clone(),
            path: path.clone(),
            article: None,
            title: None,
            published: None,
            outlet: None,
            url: None,
            claims: Vec::new(),
            archived: None,
            retrieved: None,
        },
        text,
    };
    file.old = parse_clean(&file.old_text, &file.target(limits))?;
    Ok(file)
}

fn indent(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

/// The text of `file` (as edited so far) with the claim `r`'s topic set to
/// `topic`.
fn set_topic(
    file: &FileEdit,
    r: &ClaimRef,
    topic: &str,
    limits: &Limits,
) -> Result<String, TopicError> {
    let text = &file.text;
    let parsed = file.target(limits).parse(text);
    let internal = |failure| TopicError::Internal {
        path: file.path.clone(),
        failure,
    };
    let claim = parsed
        .annotation
        .as_ref()
        .and_then(|a| a.claims.iter().find(|c| c.id == r.id))
        .ok_or_else(|| internal("it in an unexpected way (a claim went missing)"))?;
    let cannot = |why| TopicError::CannotEdit {
        reference: r.to_string(),
        path: file.path.clone(),
        line: claim.pos.line,
        why,
        topic: crate::yaml::scalar(topic).into_owned(),
    };
    let ls = lines(text);
    let first = claim.pos.line as usize - 1;
    let line = ls.get(first).ok_or_else(|| internal("it (position)"))?;
    let body_start = if first == 0 && text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        line.start
    };
    let line_text = &text[body_start..line.end];
    let col = line_text
        .char_indices()
        .nth(claim.pos.column as usize - 1)
        .map(|(i, _)| i)
        .ok_or_else(|| internal("it (position)"))?;
    let prefix = &line_text[..col];
    if line_text[col..].starts_with('{')
        || !prefix.chars().all(|c| c == ' ' || c == '-')
        || line_text.contains('\t')
    {
        return Err(cannot("it is in flow style"));
    }
    let key_indent = col;
    // The claim's lines: up to the last line, not blank or a comment, that
    // is indented at least as its keys.
    let mut last = first;
    for (j, l) in ls.iter().enumerate().skip(first + 1) {
        let t = &text[l.start..l.end];
        let trimmed = t.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indent(t) < key_indent {
            break;
        }
        last = j;
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let value = crate::yaml::scalar(topic);
    for (j, l) in ls.iter().enumerate().take(last + 1).skip(first) {
        let key_at = if j == first {
            body_start + col
        } else {
            let t = &text[l.start..l.end];
            if indent(t) != key_indent {
                continue;
            }
            l.start + key_indent
        };
        let Some(after) = text[key_at..l.end].strip_prefix("topic") else {
            continue;
        };
        let after_key = after.trim_start_matches(' ');
        if !after_key.starts_with(':') {
            continue;
        }
        let colon = l.end - after_key.len();
        let rest = &text[colon + 1..l.end];
        if !(rest.is_empty() || rest.starts_with(' ')) {
            continue;
        }
        let vs = colon + 1 + (rest.len() - rest.trim_start_matches(' ').len());
        let ve = value_end(text, vs, l.end).ok_or_else(|| cannot("its topic is not one line"))?;
        let mut new_value = value.to_string();
        if vs == colon + 1 {
            new_value.insert(0, ' ');
        }
        if vs == ve && vs < l.end {
            new_value.push(' ');
        }
        return Ok(format!("{}{new_value}{}", &text[..vs], &text[ve..]));
    }
    let at = &ls[last];
    let line = format!("{}topic: {value}", " ".repeat(key_indent));
    Ok(if at.next == at.end {
        // The claim ends the file without a line break: keep it so.
        format!("{}{eol}{line}{}", &text[..at.end], &text[at.end..])
    } else {
        format!("{}{line}{eol}{}", &text[..at.next], &text[at.next..])
    })
}

/// Where the one-line scalar starting at `from` ends (before a comment and
/// trailing spaces); `None` for a block scalar or an unclosed quote.
pub(super) fn value_end(text: &str, from: usize, line_end: usize) -> Option<usize> {
    let rest = &text[from..line_end];
    if rest.starts_with('|') || rest.starts_with('>') {
        return None;
    }
    let quoted_end = if let Some(body) = rest.strip_prefix('"') {
        let mut escaped = false;
        let close = body.char_indices().find(|&(_, c)| {
            let end = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            end
        })?;
        Some(1 + close.0 + 1)
    } else if let Some(body) = rest.strip_prefix('\'') {
        let bytes = body.as_bytes();
        let mut i = 0;
        loop {
            if i >= bytes.len() {
                return None;
            }
            if bytes[i] == b'\'' {
                if bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                break Some(1 + i + 1);
            }
            i += 1;
        }
    } else {
        None
    };
    let end = match quoted_end {
        Some(e) => e,
        None => {
            let comment = rest
                .char_indices()
                .find(|&(i, c)| c == '#' && (i == 0 || rest[..i].ends_with([' ', '\t'])))
                .map_or(rest.len(), |(i, _)| i);
            rest[..comment].trim_end().len()
        }
    };
    Some(from + end)
}

/// Reads the edited file back: no errors, the same file fields and claims,
/// each claim's topic what was meant, and no line changed but `topic:`
/// lines (replaced or inserted).
fn verify(
    file: &FileEdit,
    wanted: &[(ClaimRef, String)],
    limits: &Limits,
) -> Result<(), TopicError> {
    let fail = |failure| TopicError::Internal {
        path: file.path.clone(),
        failure,
    };
    let parsed = file.target(limits).parse(&file.text);
    if parsed.problems.iter().any(|p| p.is_error()) {
        return Err(fail("it in an unexpected way (an error)"));
    }
    let got = parsed
        .annotation
        .ok_or(fail("it in an unexpected way (unreadable)"))?;
    let old = &file.old;
    if got.title != old.title
        || got.published != old.published
        || got.outlet != old.outlet
        || got.url != old.url
        || got.claims.len() != old.claims.len()
    {
        return Err(fail("it in an unexpected way (file fields or claims)"));
    }
    for (a, b) in old.claims.iter().zip(&got.claims) {
        let meant = wanted
            .iter()
            .find(|(r, _)| r.key == file.key && r.id == a.id)
            .map(|(_, t)| t.clone());
        let topic_ok = match &meant {
            Some(t) => b.topic.as_ref() == Some(t),
            None => b.topic == a.topic,
        };
        let same = a.id == b.id
            && a.claim == b.claim
            && a.stance == b.stance
            && a.speaker == b.speaker
            && a.quote == b.quote
            && a.date == b.date
            && a.note == b.note;
        if !same || !topic_ok {
            return Err(fail(
                "it in an unexpected way (a claim other than its topic)",
            ));
        }
    }
    if !only_topic_lines(&file.old_text, &file.text) {
        return Err(fail("bytes already there"));
    }
    Ok(())
}

/// Whether `new` is `old` with only `topic:` lines replaced or inserted.
pub fn only_topic_lines(old: &str, new: &str) -> bool {
    let is_topic = |l: &str| {
        l.trim_start()
            .trim_start_matches("- ")
            .trim_start()
            .starts_with("topic:")
    };
    let old: Vec<&str> = old.split_inclusive('\n').collect();
    let new: Vec<&str> = new.split_inclusive('\n').collect();
    let (mut i, mut j) = (0, 0);
    while j < new.len() {
        if i < old.len() && old[i] == new[j] {
            i += 1;
        } else if !is_topic(new[j]) {
            // A last line that only gained a line break before a new one.
            let gained_break = i + 1 == old.len()
                && new[j].strip_suffix('\n').map(|l| l.trim_end_matches('\r')) == Some(old[i]);
            if !gained_break {
                return false;
            }
            i += 1;
        } else if i < old.len()
            && is_topic(old[i])
            && (j + 1 >= new.len() || old.get(i + 1) == new.get(j + 1))
        {
            i += 1;
        }
        j += 1;
    }
    i == old.len()
}
