//! `export`: the record in the formats others read, from a report
//! [`View`] (so with `report`'s filters):
//!
//! - [`write_claimreview`]: schema.org `ClaimReview` in JSON-LD, one per
//!   group with a reversal or a conflict (or every group), the
//!   Flip-O-Meter verdict as the rating's `alternateName`;
//! - [`write_webannotation`]: one W3C Web Annotation per claim, anchored in
//!   its article by a `TextQuoteSelector` and a `TextPositionSelector`
//!   ([`anchor`]), its claim, stance, speaker and date as bodies
//!   (Hypothesis's tags are bodies with purpose `tagging`);
//! - [`write_csv`] and [`write_jsonl`]: one row or line per claim, with its
//!   group, for spreadsheets and data tools.
//!
//! Every format is deterministic: the same corpus gives the same bytes.

pub mod anchor;
mod claimreview;
mod rows;
mod webannotation;

use crate::model::{Annotation, Claim};
use crate::reconcile::Member;
use crate::report::{GroupView, View};

pub use claimreview::{ClaimReviewOptions, write_claimreview};
pub use rows::{write_csv, write_jsonl};
pub use webannotation::{ANNO_CONTEXT, write_webannotation};

/// The prefix of a claim's Web Annotation id: `urn:claimtrack:claim:` and
/// the claim's reference (`key#id`), with characters an IRI cannot hold
/// percent-encoded.
pub const CLAIM_URN: &str = "urn:claimtrack:claim:";

/// A claim's Web Annotation id, stable as long as its reference is.
pub fn claim_urn(reference: &str) -> String {
    match reference.rsplit_once('#') {
        Some((key, id)) => format!("{CLAIM_URN}{}#{}", iri_escape(key), iri_escape(id)),
        None => format!("{CLAIM_URN}{}", iri_escape(reference)),
    }
}

/// The annotation file key and claim id an id made by [`claim_urn`] names.
pub fn parse_claim_urn(id: &str) -> Option<(String, String)> {
    let (key, id) = id.strip_prefix(CLAIM_URN)?.rsplit_once('#')?;
    let (key, id) = (percent_decode(key)?, percent_decode(id)?);
    (!key.is_empty() && !id.is_empty()).then_some((key, id))
}

/// `text` with every character outside the IRI-safe ASCII set (unreserved,
/// sub-delimiters, `:`, `@`, `/`) percent-encoded as UTF-8; `%` and `#` too.
pub fn iri_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The text `%XX` escapes stand for; `None` when they do not make UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A group's id in exports: the reference of its earliest claim in the
/// whole corpus (not only among the claims a filter keeps), so that it
/// stays the same under filters and while that claim stays.
pub fn group_id(view: &View, g: &GroupView) -> String {
    let first = g.members[0].at;
    let at = view
        .reconciled
        .group_of(first)
        .map_or(first, |i| view.reconciled.groups[i].members[0].at);
    let a = &view.annotations[at.file];
    a.reference(&a.claims[at.index])
}

/// The annotation file and claim of a member.
fn claim_of<'r>(view: &View<'r>, m: &Member) -> (&'r Annotation, &'r Claim) {
    let a = &view.annotations[m.at.file];
    (a, &a.claims[m.at.index])
}

/// A verdict as the Flip-O-Meter writes it: "Full Flop", "Half Flip", "No Flip".
fn verdict_title(verdict: crate::stances::Verdict) -> &'static str {
    use crate::stances::Verdict;
    match verdict {
        Verdict::NoFlip => "No Flip",
        Verdict::HalfFlip => "Half Flip",
        Verdict::FullFlop => "Full Flop",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_urns_round_trip() {
        for reference in ["a#b", "2017/x y#ritter-in", "caf\u{e9}/%#x#id:1"] {
            let urn = claim_urn(reference);
            assert!(!urn.contains([' ', '\u{e9}']), "{urn}");
            let (key, id) = parse_claim_urn(&urn).expect("parses");
            assert_eq!(format!("{key}#{id}"), reference);
        }
        assert_eq!(parse_claim_urn("urn:other:a#b"), None);
    }
}
