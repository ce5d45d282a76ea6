//! `import webannotation`: W3C Web Annotations (as Hypothesis and
//! `export --format webannotation` write them) become claims of the corpus,
//! each appended to its article's annotation file by `add`'s byte-preserving
//! machinery ([`crate::edit::add`]); no YAML is written here.
//!
//! What an annotation must give, else it is skipped with the reason:
//!
//! - its target's `source`: an article of the corpus, by its path from the
//!   root (`articles/….txt`) or by a `url` one annotation file gives;
//! - a `TextQuoteSelector`'s `exact` text, found in that article as `check`
//!   finds quotes; when it is there more than once, its `prefix` and
//!   `suffix` (and a `TextPositionSelector`'s `start`) tell which occurrence;
//! - the claim: the body with purpose `describing` (or `commenting`, or
//!   without purpose), or Hypothesis's `text`;
//! - the stance and speaker: tags `stance:supports` and `speaker:Ann Lee`
//!   (bodies with purpose `tagging`, or Hypothesis's `tags`), or a body
//!   object's own `stance` and `speaker` fields. Tags `date:YYYY[-MM[-DD]]`
//!   and `topic:KEY` are taken too.
//!
//! The input is one annotation, a JSON array of them, an
//! `AnnotationCollection` (`first.items`) or `AnnotationPage` (`items`), or
//! Hypothesis's search results (`rows`). An id made by `export`
//! (`urn:claimtrack:claim:KEY#ID`) gives the claim its id back.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::annotation::Limits;
use crate::date::PartialDate;
use crate::edit::{FileFields, NewClaim};
use crate::export::anchor::{choose, occurrences};
use crate::export::{parse_claim_urn, percent_decode};
use crate::model::Stance;

/// What became of one annotation of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// Added (or, in a dry run, would be) to `path` as claim `id` (`None`:
    /// chosen by `add` from the claim's words).
    Added {
        /// Which annotation of the input (from 1), and its id if it has one.
        what: String,
        path: String,
        id: Option<String>,
        /// Something worth knowing: the quote occurs more than once.
        note: Option<String>,
    },
    Skipped {
        what: String,
        why: String,
    },
}

/// The annotations of the input, as JSON values; an error when the input is
/// not JSON or holds none of the shapes read.
pub fn annotations_of(json: &str) -> Result<Vec<Value>, String> {
    let value: Value = serde_json::from_str(json).map_err(|e| format!("not valid JSON: {e}"))?;
    fn collect(value: Value, out: &mut Vec<Value>) -> bool {
        match value {
            Value::Array(items) => {
                for item in items {
                    if !collect(item, out) {
                        out.push(Value::Null);
                    }
                }
                true
            }
            Value::Object(mut map) => {
                for key in ["rows", "items"] {
                    if let Some(items) = map.remove(key) {
                        return collect(items, out);
                    }
                }
                if let Some(Value::Object(mut first)) = map.remove("first")
                    && let Some(items) = first.remove("items")
                {
                    return collect(items, out);
                }
                if map.contains_key("target") {
                    out.push(Value::Object(map));
                    return true;
                }
                false
            }
            _ => false,
        }
    }
    let mut out = Vec::new();
    if !collect(value, &mut out) {
        return Err(
            "no annotation in it: expected an annotation, an array of them, a collection or page (`items`), or search results (`rows`)"
                .into(),
        );
    }
    Ok(out)
}

/// One annotation read: what a claim needs, each part if given.
#[derive(Debug, Default)]
struct Read {
    id: Option<String>,
    source: Option<String>,
    exact: Option<String>,
    prefix: String,
    suffix: String,
    position: Option<usize>,
    claim: Option<String>,
    stance: Option<String>,
    speaker: Option<String>,
    date: Option<String>,
    topic: Option<String>,
}

fn text(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A value or each element of an array of values.
fn each(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    }
}

fn read(a: &Value) -> Read {
    let mut r = Read {
        id: a.get("id").or_else(|| a.get("@id")).and_then(text),
        ..Read::default()
    };
    for target in each(a.get("target")) {
        if let Some(source) = target.as_str() {
            r.source.get_or_insert_with(|| source.to_owned());
            continue;
        }
        if let Some(source) = target.get("source").and_then(text) {
            r.source.get_or_insert(source);
        }
        for selector in each(target.get("selector")) {
            match selector.get("type").and_then(Value::as_str) {
                Some("TextQuoteSelector") => {
                    if let Some(exact) = selector.get("exact").and_then(Value::as_str) {
                        r.exact.get_or_insert_with(|| exact.to_owned());
                        let part = |k| {
                            selector
                                .get(k)
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_owned()
                        };
                        r.prefix = part("prefix");
                        r.suffix = part("suffix");
                    }
                }
                Some("TextPositionSelector") => {
                    r.position = selector
                        .get("start")
                        .and_then(Value::as_u64)
                        .map(|s| s as usize);
                }
                _ => {}
            }
        }
    }
    if r.source.is_none() {
        r.source = a.get("uri").and_then(text);
    }
    let mut tags: Vec<String> = each(a.get("tags")).into_iter().filter_map(text).collect();
    for body in each(a.get("body")) {
        if let Some(value) = body.as_str() {
            r.claim.get_or_insert_with(|| value.to_owned());
            continue;
        }
        let value = body.get("value").and_then(text);
        match body.get("purpose").and_then(Value::as_str) {
            Some("tagging") => tags.extend(value),
            Some("describing" | "commenting") | None => {
                if let Some(value) = value {
                    r.claim.get_or_insert(value);
                }
            }
            Some(_) => {}
        }
        // A structured body: its own fields.
        for (field, slot) in [
            ("claim", &mut r.claim),
            ("stance", &mut r.stance),
            ("speaker", &mut r.speaker),
            ("date", &mut r.date),
            ("topic", &mut r.topic),
        ] {
            if let Some(v) = body.get(field).and_then(text) {
                slot.get_or_insert(v);
            }
        }
    }
    if r.claim.is_none() {
        r.claim = a.get("text").and_then(text);
    }
    for tag in tags {
        let (name, value) = match tag.split_once(':') {
            Some((n, v)) => (n.trim().to_lowercase(), v.trim().to_owned()),
            None => (tag.to_lowercase(), String::new()),
        };
        let slot = match name.as_str() {
            "stance" => &mut r.stance,
            "speaker" => &mut r.speaker,
            "date" => &mut r.date,
            "topic" => &mut r.topic,
            // A bare stance word is a stance tag too.
            word if value.is_empty() && Stance::parse(word).is_some() => {
                r.stance.get_or_insert(word.to_owned());
                continue;
            }
            _ => continue,
        };
        if !value.is_empty() {
            slot.get_or_insert(value);
        }
    }
    r
}

/// The corpus as the import sees it: its articles, and which article each
/// `url` of an annotation file names.
pub struct Corpus {
    /// Article path from the root -> key.
    articles: BTreeMap<String, String>,
    /// Article key -> the file's `published`.
    published: BTreeMap<String, PartialDate>,
    /// url -> article keys of the annotation files giving it.
    urls: BTreeMap<String, Vec<String>>,
}

impl Corpus {
    pub fn new(root: &Path, limits: &Limits) -> Result<Corpus, crate::corpus::CorpusError> {
        let loaded = crate::load::load(root, limits)?;
        let articles = loaded
            .files
            .articles
            .iter()
            .map(|(key, file)| (file.rel.clone(), key.clone()))
            .collect();
        let mut urls: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut published = BTreeMap::new();
        for a in &loaded.annotations {
            if let Some(url) = &a.url {
                urls.entry(url_key(url)).or_default().push(a.key.clone());
            }
            if let Some(p) = a.published {
                published.insert(a.key.clone(), p);
            }
        }
        Ok(Corpus {
            articles,
            published,
            urls,
        })
    }

    /// The article (path from the root) a target's source names.
    fn article(&self, source: &str) -> Result<String, String> {
        if let Some(keys) = self.urls.get(&url_key(source)) {
            return match &keys[..] {
                [key] => self
                    .articles
                    .iter()
                    .find(|(_, k)| *k == key)
                    .map(|(path, _)| path.clone())
                    .ok_or_else(|| {
                        format!("{source} is the url of claims/{key}.yaml, which has no article")
                    }),
                _ => Err(format!(
                    "{source} is the url of {} annotation files ({}): which article is meant is not known",
                    keys.len(),
                    keys.join(", ")
                )),
            };
        }
        let path = percent_decode(source).unwrap_or_else(|| source.to_owned());
        let path = path.strip_prefix("./").unwrap_or(&path);
        if self.articles.contains_key(path) {
            return Ok(path.to_owned());
        }
        Err(format!(
            "its source {source} is neither an article of the corpus (a path such as articles/….txt) nor the url of an annotation file"
        ))
    }
}

/// A url compared without its fragment and final `/`.
fn url_key(url: &str) -> String {
    let url = url.split('#').next().unwrap_or(url);
    url.trim_end_matches('/').to_owned()
}

/// White space runs of a passage as one space: the quote as written in the
/// annotation file (quotes match across line breaks anyway).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Imports every annotation of `json` into the corpus at `root` (or, with
/// `dry_run`, says what would be imported). An error only when the input
/// cannot be read at all.
pub fn import(
    root: &Path,
    json: &str,
    dry_run: bool,
    limits: &Limits,
) -> Result<Vec<Imported>, String> {
    let annotations = annotations_of(json)?;
    let corpus = Corpus::new(root, limits).map_err(|e| e.to_string())?;
    let mut texts: BTreeMap<String, Option<String>> = BTreeMap::new();
    Ok(annotations
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let r = read(a);
            let what = match &r.id {
                Some(id) => format!("annotation {} ({id})", i + 1),
                None => format!("annotation {}", i + 1),
            };
            match one(root, &corpus, &mut texts, r, dry_run, limits) {
                Ok((path, id, note)) => Imported::Added {
                    what,
                    path,
                    id,
                    note,
                },
                Err(why) => Imported::Skipped { what, why },
            }
        })
        .collect())
}

/// One annotation into the corpus: (annotation file, id, note) or why not.
fn one(
    root: &Path,
    corpus: &Corpus,
    texts: &mut BTreeMap<String, Option<String>>,
    r: Read,
    dry_run: bool,
    limits: &Limits,
) -> Result<(String, Option<String>, Option<String>), String> {
    let source = r.source.ok_or("it has no target source")?;
    let article = corpus.article(&source)?;
    let key = corpus.articles[&article].clone();
    let exact = r
        .exact
        .filter(|e| !e.trim().is_empty())
        .ok_or("it has no TextQuoteSelector with the quoted text (`exact`)")?;
    let claim = r
        .claim
        .ok_or("it has no claim: no body with purpose `describing`, nor text")?;
    let stance_text = r
        .stance
        .ok_or("it has no stance: tag it `stance:supports`, `stance:refutes` or `stance:unsure`")?;
    let stance = Stance::parse(&stance_text.to_lowercase())
        .ok_or_else(|| format!("its stance `{stance_text}` is not supports, refutes or unsure"))?;
    let speaker = r
        .speaker
        .ok_or("it has no speaker: tag it `speaker:NAME`")?;
    let date = r
        .date
        .map(|d| PartialDate::parse(&d).map_err(|e| format!("its date `{d}`: {e}")))
        .transpose()?;
    // The claim's own date, unless it is the file's publication date.
    let date = date.filter(|d| corpus.published.get(&key) != Some(d));
    let text = texts
        .entry(article.clone())
        // Bounded and never through a link, as every corpus file is read.
        .or_insert_with(|| {
            crate::safe_fs::read_bounded(
                &root.join(&article),
                limits.max_article_bytes,
                crate::safe_fs::Links::Refuse,
            )
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
        })
        .as_deref()
        .ok_or_else(|| format!("{article} cannot be read"))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let found = occurrences(text, &exact);
    if found.is_empty() {
        return Err(format!(
            "its quote is not in {article}: \"{}\"",
            crate::text::shorten(&one_line(&exact), 120)
        ));
    }
    let note = (found.len() > 1).then(|| {
        let chosen = choose(text, &found, &r.prefix, &r.suffix, r.position).unwrap_or(0);
        format!(
            "the quote occurs {} times in {article}; its prefix and suffix point at occurrence {} (`check` will warn quote-ambiguous)",
            found.len(),
            chosen + 1
        )
    });
    let id =
        r.id.as_deref()
            .and_then(parse_claim_urn)
            .filter(|(k, _)| *k == key)
            .map(|(_, id)| id);
    let new = NewClaim {
        id: id.clone(),
        claim: one_line(&claim),
        stance,
        speaker: one_line(&speaker),
        quote: one_line(&exact),
        date,
        topic: r.topic,
    };
    if dry_run {
        return Ok((format!("claims/{key}.yaml"), id, note));
    }
    let added = crate::edit::add(root, &article, &new, &FileFields::default(), limits)
        .map_err(|e| e.to_string())?;
    Ok((added.path, Some(added.id), note))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_bodies_and_selectors() {
        let a: Value = serde_json::from_str(
            r#"{"id": "urn:claimtrack:claim:a#x", "target": [{"source": "articles/a.txt",
                "selector": [{"type": "TextQuoteSelector", "exact": "yes", "prefix": "p", "suffix": "s"},
                             {"type": "TextPositionSelector", "start": 4, "end": 7}]}],
                "body": [{"type": "TextualBody", "purpose": "describing", "value": "X happens"},
                         {"type": "TextualBody", "purpose": "tagging", "value": "stance:refutes"},
                         {"type": "TextualBody", "purpose": "tagging", "value": "speaker:Ann Lee"}]}"#,
        )
        .unwrap();
        let r = read(&a);
        assert_eq!(r.source.as_deref(), Some("articles/a.txt"));
        assert_eq!(r.exact.as_deref(), Some("yes"));
        assert_eq!(
            (r.prefix.as_str(), r.suffix.as_str(), r.position),
            ("p", "s", Some(4))
        );
        assert_eq!(r.claim.as_deref(), Some("X happens"));
        assert_eq!(r.stance.as_deref(), Some("refutes"));
        assert_eq!(r.speaker.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn reads_hypothesis_rows_and_structured_bodies() {
        let rows = annotations_of(
            r#"{"total": 1, "rows": [{"uri": "https://e.org/a", "text": "X happens",
                "tags": ["supports", "speaker: Ann Lee"], "target": [{"source": "https://e.org/a"}]}]}"#,
        )
        .unwrap();
        let r = read(&rows[0]);
        assert_eq!(r.claim.as_deref(), Some("X happens"));
        assert_eq!(r.stance.as_deref(), Some("supports"));
        assert_eq!(r.speaker.as_deref(), Some("Ann Lee"));
        let body: Value = serde_json::from_str(
            r#"{"target": "articles/a.txt", "body": {"claim": "Y", "stance": "unsure", "speaker": "Bo"}}"#,
        )
        .unwrap();
        let r = read(&body);
        assert_eq!(
            (r.claim.as_deref(), r.stance.as_deref()),
            (Some("Y"), Some("unsure"))
        );
        assert!(annotations_of("{\"a\": 1}").is_err());
        assert!(annotations_of("nope").is_err());
    }
}
