//! What an annotation file holds once it has been read and validated.

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;

/// A 1-based line and column in a file (0 when unknown).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// What a speaker says about a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Supports,
    Refutes,
    Unsure,
}

impl Stance {
    pub const NAMES: [&'static str; 3] = ["supports", "refutes", "unsure"];

    pub fn parse(text: &str) -> Option<Stance> {
        match text {
            "supports" => Some(Stance::Supports),
            "refutes" => Some(Stance::Refutes),
            "unsure" => Some(Stance::Unsure),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        Stance::NAMES[self as usize]
    }

    /// The stance on the opposite proposition: supporting "X will not happen"
    /// refutes "X will happen"; doubt stays doubt.
    pub fn flipped(self) -> Stance {
        match self {
            Stance::Supports => Stance::Refutes,
            Stance::Refutes => Stance::Supports,
            Stance::Unsure => Stance::Unsure,
        }
    }
}

/// One annotated claim, valid against the schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub claim: String,
    pub stance: Stance,
    pub speaker: String,
    pub quote: String,
    /// When it was said: the claim's own `date`, else the file's `published`;
    /// `None` when the date that applies is invalid (the claim cannot be placed
    /// in time, but its other fields are still checked).
    pub date: Option<PartialDate>,
    /// Whether `date` was written on the claim rather than taken from `published`.
    pub has_own_date: bool,
    pub topic: Option<String>,
    pub note: Option<String>,
    /// The text just before and after the quote in the article, when the
    /// annotation keeps it: what finds the quote again once the article's
    /// text is corrected.
    pub context: Option<QuoteContext>,
    /// Where the claim's list item starts.
    pub pos: Pos,
    /// Where the claim's text is (its `claim:` value).
    pub claim_pos: Pos,
    pub quote_pos: Pos,
    pub date_pos: Pos,
}

/// The article's text around a quote (as W3C Web Annotation's
/// TextQuoteSelector keeps it): a few words before and after.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteContext {
    pub prefix: String,
    pub suffix: String,
}

/// One annotation file, with the claims that passed validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// The file's path under claims/ without extension: the prefix of references.
    pub key: String,
    /// The annotation file, relative to the corpus root (`claims/….yaml`).
    pub path: String,
    /// The article it annotates, relative to the corpus root, when there is one.
    pub article: Option<String>,
    pub title: Option<String>,
    /// `None` when missing or invalid (a problem has been reported).
    pub published: Option<PartialDate>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// A copy of the article in an archive (the Wayback Machine, archive.today...).
    pub archived: Option<String>,
    /// When the article's text was copied into the corpus.
    pub retrieved: Option<PartialDate>,
    pub claims: Vec<Claim>,
}

impl Annotation {
    /// The reference of a claim of this file: `key#id`.
    pub fn reference(&self, claim: &Claim) -> String {
        format!("{}#{}", self.key, claim.id)
    }
}

#[cfg(test)]
impl Claim {
    /// A claim with its own valid date, at no position in a file: what
    /// unit tests of grouping and reporting start from.
    pub(crate) fn dated(
        id: &str,
        text: &str,
        stance: Stance,
        speaker: &str,
        quote: &str,
        date: &str,
    ) -> Claim {
        Claim {
            id: id.into(),
            claim: text.into(),
            stance,
            speaker: speaker.into(),
            quote: quote.into(),
            date: Some(PartialDate::parse(date).expect("a valid date")),
            has_own_date: true,
            topic: None,
            note: None,
            context: None,
            pos: Pos::default(),
            claim_pos: Pos::default(),
            quote_pos: Pos::default(),
            date_pos: Pos::default(),
        }
    }
}
