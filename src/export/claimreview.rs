//! schema.org `ClaimReview` in JSON-LD: one review per group with a
//! reversal or a conflict (every group with `all`), in the report's order.
//!
//! ```json
//! {"@context": "https://schema.org", "@graph": [{"@type": "ClaimReview",
//!   "claimReviewed": "Defenders season 2 is happening",
//!   "itemReviewed": {"@type": "Claim", "author": [{"@type": "Person", "name": "Krysten Ritter"}],
//!     "datePublished": "2017-01-10", "appearance": [{"@type": "CreativeWork", "url": "…"}],
//!     "firstAppearance": {…}},
//!   "reviewRating": {"@type": "Rating", "alternateName": "Full Flop"}, …}]}
//! ```
//!
//! Keys are written in sorted order (serde_json's maps), which is also what
//! makes the output the same bytes for the same corpus.

use std::io::Write;

use serde_json::{Map, Value, json};

use super::{claim_of, group_id, iri_escape, verdict_title};
use crate::model::Annotation;
use crate::reconcile::ReversalKind;
use crate::report::{GroupView, View};
use crate::speakers::PersonId;
use crate::text::normalize_for_match;

/// What the reviews say about who publishes them.
#[derive(Debug, Clone, Default)]
pub struct ClaimReviewOptions {
    /// Every group, not only those with a reversal or a conflict.
    pub all: bool,
    /// The page the reviews are published on: each review's `url` is this
    /// page with the group's anchor (Google's Fact Check tools need a `url`).
    pub url: Option<String>,
    /// The organisation that publishes the reviews (`author` of each).
    pub publisher: Option<String>,
}

/// Writes the reviews as one JSON-LD document (`@graph`), pretty-printed,
/// with a final newline.
pub fn write_claimreview(
    view: &View,
    options: &ClaimReviewOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let graph: Vec<Value> = view
        .groups
        .iter()
        .filter(|g| options.all || !g.stances.reversals.is_empty() || g.stances.conflict())
        .map(|g| review(view, g, options))
        .collect();
    let doc = json!({"@context": "https://schema.org", "@graph": graph});
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

fn review(view: &View, g: &GroupView, options: &ClaimReviewOptions) -> Value {
    let id = group_id(view, g);
    let mut r = Map::new();
    r.insert("@type".into(), "ClaimReview".into());
    match &options.url {
        Some(url) => {
            let url = format!("{url}#{}", iri_escape(&id.replace('#', ":")));
            r.insert("@id".into(), url.clone().into());
            r.insert("url".into(), url.into());
        }
        None => {
            r.insert(
                "@id".into(),
                format!("urn:claimtrack:group:{}", iri_escape(&id)).into(),
            );
        }
    }
    if let Some(publisher) = &options.publisher {
        r.insert(
            "author".into(),
            json!({"@type": "Organization", "name": publisher}),
        );
    }
    r.insert("claimReviewed".into(), g.claim.into());
    r.insert("itemReviewed".into(), claim(view, g));
    r.insert(
        "reviewRating".into(),
        json!({"@type": "Rating", "alternateName": rating(view, g)}),
    );
    let body = review_body(view, g);
    if !body.is_empty() {
        r.insert("reviewBody".into(), body.into());
    }
    r.insert("identifier".into(), id.into());
    Value::Object(r)
}

/// The claim reviewed: who said it (each person once, in the order they
/// first spoke), when first, and where.
fn claim(view: &View, g: &GroupView) -> Value {
    let authors: Vec<Value> = g
        .stances
        .positions
        .iter()
        .map(|p| author(view, g, p.person))
        .collect();
    let mut files: Vec<usize> = Vec::new();
    for m in g.members.iter() {
        if !files.contains(&m.at.file) {
            files.push(m.at.file);
        }
    }
    let appearance: Vec<Value> = files
        .iter()
        .map(|&f| creative_work(&view.annotations[f]))
        .collect();
    let first = creative_work(claim_of(view, &g.members[0]).0);
    json!({
        "@type": "Claim",
        "author": authors,
        "datePublished": g.members[0].date.to_string(),
        "appearance": appearance,
        "firstAppearance": first,
    })
}

/// A Person, or an Organization when the person speaks as the outlet of
/// one of the articles their claims are in.
fn author(view: &View, g: &GroupView, person: PersonId) -> Value {
    let name = view.reconciled.speakers.name(person);
    let is_outlet = g.members.iter().filter(|m| m.person == person).any(|m| {
        let (a, c) = claim_of(view, m);
        a.outlet
            .as_deref()
            .is_some_and(|o| normalize_for_match(o) == normalize_for_match(&c.speaker))
    });
    let kind = if is_outlet { "Organization" } else { "Person" };
    json!({"@type": kind, "name": name})
}

/// An article as a CreativeWork: its URL and archived copy when the
/// annotation has them, else its path as the identifier.
fn creative_work(a: &Annotation) -> Value {
    let mut w = Map::new();
    w.insert("@type".into(), "CreativeWork".into());
    w.insert(
        "name".into(),
        a.title.clone().unwrap_or_else(|| a.key.clone()).into(),
    );
    match a.url.as_deref().and_then(crate::text::web_url) {
        Some(url) => {
            w.insert("url".into(), url.into());
        }
        None => {
            if let Some(article) = &a.article {
                w.insert("identifier".into(), article.clone().into());
            }
        }
    }
    if let Some(archived) = a.archived.as_deref().and_then(crate::text::web_url) {
        w.insert("archivedAt".into(), archived.into());
    }
    if let Some(published) = &a.published {
        w.insert("datePublished".into(), published.to_string().into());
    }
    if let Some(outlet) = &a.outlet {
        w.insert(
            "publisher".into(),
            json!({"@type": "Organization", "name": outlet}),
        );
    }
    Value::Object(w)
}

/// The Flip-O-Meter verdict: "Full Flop" when one person speaks in the
/// group, else each person's: "Krysten Ritter: Full Flop; Bleeding Cool: No Flip".
fn rating(view: &View, g: &GroupView) -> String {
    let positions = &g.stances.positions;
    if let [only] = &positions[..] {
        return verdict_title(only.verdict).to_owned();
    }
    positions
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                view.reconciled.speakers.name(p.person),
                verdict_title(p.verdict)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The reversals and conflicts in words.
fn review_body(view: &View, g: &GroupView) -> String {
    let name = |p| view.reconciled.speakers.name(p);
    let mut lines = Vec::new();
    for r in &g.stances.reversals {
        let kind = match r.kind {
            ReversalKind::Full => "full reversal",
            ReversalKind::Partial => "partial reversal",
        };
        let (from, to) = (&g.members[r.from], &g.members[r.to]);
        lines.push(format!(
            "{}: {kind}, {} on {} then {} on {}.",
            name(r.person),
            from.stance.as_str(),
            from.date,
            to.stance.as_str(),
            to.date
        ));
    }
    for c in &g.stances.conflicts {
        let when = if c.now { "now" } else { "before" };
        lines.push(format!("Conflict {when}: {} vs {}.", name(c.a), name(c.b)));
    }
    lines.join(" ")
}
