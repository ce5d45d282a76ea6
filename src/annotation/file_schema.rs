//! The schema of a file as a whole: a mapping of the known top-level keys,
//! with `published:` and a list of `claims:`, each claim validated
//! ([`super::claim_schema`]) and its id unique in the file.

use std::collections::HashMap;

use super::claim_schema::{Validated, validate_claim};
use super::fields::{Fields, date_value, fields_of, optional_text};
use super::not_annotated::{not_annotated_marker, not_annotated_message};
use super::{FileContext, Rejected, Report, node_pos};
use crate::date::PartialDate;
use crate::model::{Annotation, Claim, Pos};
use crate::problem::Code;
use crate::yaml::{Node, Value};

const TOP_KEYS: [&str; 7] = [
    "title",
    "published",
    "outlet",
    "url",
    "archived",
    "retrieved",
    "claims",
];

/// The file's annotation, if its top level is a mapping, and the claims
/// kept out of it; every problem is reported.
pub(super) fn validate_file(
    root: &Node,
    file: &FileContext,
    report: &mut Report,
) -> (Option<Annotation>, Vec<Rejected>) {
    let Value::Map(entries) = &root.value else {
        report.add(
            Code::Schema,
            node_pos(root),
            format!(
                "the file must be a mapping with `published:` and `claims:`, not {}",
                root.value.kind()
            ),
        );
        return (None, Vec::new());
    };
    let fields = fields_of(entries, &TOP_KEYS, "at the top of the file", report);
    let title = optional_text(&fields, "title", report);
    let outlet = optional_text(&fields, "outlet", report);
    let url = optional_text(&fields, "url", report);
    let archived = optional_text(&fields, "archived", report);
    let retrieved = fields
        .get("retrieved")
        .and_then(|node| date_value(node, "retrieved", report));
    let published = match fields.get("published") {
        Some(node) => date_value(node, "published", report),
        None => {
            fields.report_missing(
                "published",
                node_pos(root),
                "missing `published:` (YYYY, YYYY-MM or YYYY-MM-DD)",
                report,
            );
            None
        }
    };
    let (claims, rejected) = claim_list(&fields, root, published, file, report);
    let annotation = Annotation {
        key: file.key.to_owned(),
        path: file.path.to_owned(),
        article: file.article.map(str::to_owned),
        title,
        published,
        outlet,
        url,
        archived,
        retrieved,
        claims,
    };
    (Some(annotation), rejected)
}

/// The claims of the file's `claims:` list, valid and rejected. A missing
/// key, a list over the limit and a value that is no list are reported; so
/// is an empty list marked as an untouched skeleton.
fn claim_list(
    fields: &Fields,
    root: &Node,
    published: Option<PartialDate>,
    file: &FileContext,
    report: &mut Report,
) -> (Vec<Claim>, Vec<Rejected>) {
    let mut claims = Vec::new();
    let mut rejected = Vec::new();
    match fields.get("claims") {
        None => fields.report_missing(
            "claims",
            node_pos(root),
            "missing `claims:` (write `claims: []` when the article has nothing to annotate)",
            report,
        ),
        Some(node) => match &node.value {
            Value::Seq(items) if items.len() > file.limits.max_claims_per_file => report.add(
                Code::Unreadable,
                node_pos(node),
                format!(
                    "the file has {} claims, over the limit of {} per file (raise it with --max-claims); none of its claims were read",
                    items.len(),
                    file.limits.max_claims_per_file
                ),
            ),
            Value::Seq(items) if items.is_empty() => {
                if let Some(at) = not_annotated_marker(file.text, Some(root), file.limits) {
                    report.add(Code::NotAnnotated, at, not_annotated_message(file));
                }
            }
            Value::Seq(items) => {
                (claims, rejected) = validate_claims(items, published, file, report);
            }
            other => report.add(
                Code::Schema,
                node_pos(node),
                format!("`claims` must be a list, not {} (write `claims: []` for none)", other.kind()),
            ),
        },
    }
    (claims, rejected)
}

/// Each item of the claim list, valid or rejected (with a schema error, or
/// an id an earlier claim has), in file order. Items that stand for a claim
/// set aside as unreadable YAML are skipped: their error is reported.
fn validate_claims(
    items: &[Node],
    published: Option<PartialDate>,
    file: &FileContext,
    report: &mut Report,
) -> (Vec<Claim>, Vec<Rejected>) {
    let mut claims = Vec::new();
    let mut rejected = Vec::new();
    let mut seen_ids: HashMap<String, Pos> = Default::default();
    for item in items {
        if file.set_aside.contains(&node_pos(item).line) {
            continue;
        }
        let Some((validated, id_pos)) = validate_claim(item, published, report) else {
            continue;
        };
        let (id, at) = match &validated {
            Validated::Valid(claim) => (Some(&claim.id), claim.pos),
            Validated::Rejected(r) => (r.id.as_ref(), r.pos),
        };
        let repeated = id.and_then(|id| match seen_ids.get(id) {
            Some(first) => Some((id.clone(), *first)),
            None => {
                seen_ids.insert(id.clone(), at);
                None
            }
        });
        if let Some((id, first)) = &repeated {
            // At the id itself: that is what to change.
            report.add(
                Code::DuplicateId,
                id_pos,
                format!(
                    "the id `{id}` is already used at line {}; ids must be unique in a file",
                    first.line
                ),
            );
        }
        match validated {
            Validated::Valid(claim) if repeated.is_none() => claims.push(claim),
            Validated::Valid(claim) => rejected.push(Rejected::of(&claim)),
            Validated::Rejected(r) => rejected.push(r),
        }
    }
    (claims, rejected)
}
