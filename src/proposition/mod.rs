//! Claim text reduced to what decides whether two claims state the same
//! proposition.
//!
//! A claim becomes a [`Proposition`]:
//! - `negated`: an odd number of negations ("not", "n't", "never", "no",
//!   "no longer", "cannot", ...) were found and removed, so "X will not
//!   happen" is the proposition "X will happen" with the stance flipped;
//! - `guards`: the tokens that must be equal for two claims to be the same
//!   proposition: proper names, numbers (number words and ordinals become
//!   digits: "second" = "two" = "2"), months and years;
//! - `content`: the remaining words, lower-cased and lightly stemmed, without
//!   function words (articles, auxiliaries and modals, "going to", common
//!   prepositions), sorted, so word order, "will" / "is going to" and
//!   "happens" / "is happening" do not matter.
//!
//! Which capitalised words are names is decided over the whole corpus by a
//! [`Lexicon`]: a word is a name when it is written capitalised more often
//! than lower-case in claims that are not in Title Case. So "Smith will
//! resign" and "Jones will resign" differ in a name even though both names
//! open the sentence, while a Title Case claim does not turn every word into
//! a name.
//!
//! The rooms, in the order a claim passes through them:
//! - `tokens`: claim text split into words ([`Tokens`]), and `packed`: the
//!   same in one allocation ([`PackedTokens`]);
//! - `lexicon`: which words are names, counted over the corpus;
//! - `read`: the [`Proposition`] a claim's tokens make, word by word, with
//!   `numbers` (canonical numbers and scales) and [`stem()`];
//! - `compare`: whether two propositions are the same or near;
//! - `story`: the tests for grouping claims as one story;
//! - `words`: every word list the rules above know (also the titles and
//!   roles that `speakers` drops from names).

mod compare;
mod lexicon;
mod numbers;
mod packed;
mod read;
mod stem;
mod story;
mod tokens;
pub(crate) mod words;

use compact_str::CompactString;

pub use compare::{Alignment, content_without_asides, near_proposition, same_proposition};
pub use lexicon::Lexicon;
pub use packed::PackedTokens;
pub use stem::stem;
pub use story::{
    GuardKind, STORY_MIN_WORDS, guards_each_lack, guards_of, one_word_swapped, other_names_alike,
    short_claim_altered, story_near_miss, story_words, subject_only,
};
pub use tokens::Tokens;

/// A word of a claim. Nearly all are short enough to be held inline, with
/// no allocation of their own: a million claims are about ten million
/// words, and allocating (and page-faulting) each one was a large share of
/// grouping's time.
pub type WordText = CompactString;

/// A claim reduced to its proposition. See the module documentation.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Proposition {
    pub guards: Vec<WordText>,
    /// Stemmed content words, sorted.
    pub content: Vec<WordText>,
    /// The same words before stemming, in the same order: typos are judged
    /// on these, as stemming shortens words ("trains" -> "train").
    pub raw: Vec<WordText>,
    pub negated: bool,
    /// Guards and content words written as hashtags ("#Ferguson"): they
    /// tag the event a post belongs to, not what it claims, so telling
    /// stories apart leaves them out (see [`story_words`]).
    pub tags: Vec<WordText>,
}

impl Proposition {
    pub fn new(text: &str, lexicon: &Lexicon) -> Proposition {
        Proposition::from_tokens(&Tokens::of(text), lexicon)
    }

    /// The proposition of a claim's tokens, with the names of `lexicon`.
    pub fn from_tokens(tokens: &Tokens, lexicon: &Lexicon) -> Proposition {
        read::proposition_of(tokens, lexicon)
    }

    /// The proposition as one string, equal for claims that normalise alike.
    pub fn key(&self) -> String {
        format!("{}|{}", self.guards.join(" "), self.content.join(" "))
    }
}

#[cfg(test)]
mod tests;
