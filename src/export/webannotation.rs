//! W3C Web Annotations: one per claim kept by the view, in the corpus's
//! order (annotation files by path, claims in file order), as one JSON
//! array of annotations, each with its own `@context`.
//!
//! ```json
//! {"@context": "http://www.w3.org/ns/anno.jsonld",
//!  "id": "urn:claimtrack:claim:cinemablend-ritter-wants-defenders-season-2#ritter-in",
//!  "type": "Annotation", "motivation": "describing",
//!  "body": [{"type": "TextualBody", "purpose": "describing", "value": "Defenders season 2 is happening"},
//!           {"type": "TextualBody", "purpose": "tagging", "value": "stance:supports"},
//!           {"type": "TextualBody", "purpose": "tagging", "value": "speaker:Krysten Ritter"},
//!           {"type": "TextualBody", "purpose": "tagging", "value": "date:2017-01"}],
//!  "target": {"source": "articles/cinemablend-ritter-wants-defenders-season-2.txt",
//!             "selector": [{"type": "TextQuoteSelector", "exact": "…", "prefix": "…", "suffix": "…"},
//!                          {"type": "TextPositionSelector", "start": 1203, "end": 1245}]}}
//! ```
//!
//! The source is the article's `url` when the annotation has one, else the
//! article's path from the corpus root. Tags are bodies with purpose
//! `tagging`, as Hypothesis writes them.

use std::io::Write;

use serde::Serialize;

use super::anchor::{anchor, choose, occurrences};
use super::{claim_urn, iri_escape};
use crate::model::{Annotation, Claim};
use crate::report::View;

/// The Web Annotation JSON-LD context.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

#[derive(Serialize)]
struct WebAnnotation {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: Vec<Body>,
    target: Target,
}

#[derive(Serialize)]
struct Body {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: String,
}

#[derive(Serialize)]
struct Target {
    source: String,
    selector: Vec<Selector>,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Selector {
    TextQuoteSelector {
        exact: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        prefix: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        suffix: Option<String>,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

/// Writes the annotations as a JSON array, pretty-printed, with a final
/// newline. `article_text` gives an annotation file's article text; a claim
/// whose quote cannot be placed in it (no text, or the quote not there) is
/// still written, its selector the quote alone, and a warning says so.
pub fn write_webannotation(
    view: &View,
    article_text: &dyn Fn(&Annotation) -> Option<String>,
    out: &mut dyn Write,
) -> std::io::Result<Vec<String>> {
    let mut at: Vec<_> = view
        .groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| m.at))
        .collect();
    at.sort_unstable();
    let mut warnings = Vec::new();
    let mut annotations = Vec::with_capacity(at.len());
    let mut text: Option<(usize, Option<String>)> = None;
    for claim_at in at {
        let a = &view.annotations[claim_at.file];
        let c = &a.claims[claim_at.index];
        if text.as_ref().is_none_or(|(f, _)| *f != claim_at.file) {
            text = Some((claim_at.file, article_text(a)));
        }
        let article = text.as_ref().and_then(|(_, t)| t.as_deref());
        annotations.push(annotation(a, c, article, &mut warnings));
    }
    serde_json::to_writer_pretty(&mut *out, &annotations)?;
    out.write_all(b"\n")?;
    Ok(warnings)
}

fn annotation(
    a: &Annotation,
    c: &Claim,
    article: Option<&str>,
    warnings: &mut Vec<String>,
) -> WebAnnotation {
    let reference = a.reference(c);
    let tag = |value: String| Body {
        kind: "TextualBody",
        purpose: "tagging",
        value,
    };
    let mut body = vec![
        Body {
            kind: "TextualBody",
            purpose: "describing",
            value: c.claim.clone(),
        },
        tag(format!("stance:{}", c.stance.as_str())),
        tag(format!("speaker:{}", c.speaker)),
    ];
    if let Some(date) = &c.date {
        body.push(tag(format!("date:{date}")));
    }
    if let Some(topic) = &c.topic {
        body.push(tag(format!("topic:{topic}")));
    }
    let source = match (a.url.as_deref().and_then(crate::text::web_url), &a.article) {
        (Some(url), _) => url.to_owned(),
        (None, Some(path)) => iri_escape(path),
        (None, None) => iri_escape(&a.path),
    };
    let found = article.map(|text| (text, occurrences(text, &c.quote)));
    let selector = match found {
        Some((text, found)) if !found.is_empty() => {
            let (prefix, suffix) = c
                .context
                .as_ref()
                .map_or(("", ""), |x| (x.prefix.as_str(), x.suffix.as_str()));
            let i = choose(text, &found, prefix, suffix, None).unwrap_or(0);
            let anchor = anchor(text, found[i].clone());
            vec![
                Selector::TextQuoteSelector {
                    exact: anchor.exact,
                    prefix: Some(anchor.prefix),
                    suffix: Some(anchor.suffix),
                },
                Selector::TextPositionSelector {
                    start: anchor.start,
                    end: anchor.end,
                },
            ]
        }
        _ => {
            warnings.push(format!(
                "{reference}: the quote was not found in the article; its annotation has the quote alone, without position"
            ));
            vec![Selector::TextQuoteSelector {
                exact: c.quote.clone(),
                prefix: None,
                suffix: None,
            }]
        }
    };
    WebAnnotation {
        context: ANNO_CONTEXT,
        id: claim_urn(&reference),
        kind: "Annotation",
        motivation: "describing",
        body,
        target: Target { source, selector },
    }
}
