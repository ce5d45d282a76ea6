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
//! - this module: the [`Proposition`] a claim's tokens make, with `numbers`
//!   (canonical numbers and scales) and [`stem()`];
//! - `compare`: whether two propositions are the same or near;
//! - `story`: the tests for grouping claims as one story;
//! - `words`: every word list the rules above know (also the titles and
//!   roles that `speakers` drops from names).

mod compare;
mod lexicon;
mod numbers;
mod packed;
mod stem;
mod story;
mod tokens;
pub(crate) mod words;

use compact_str::CompactString;

pub use compare::{Alignment, near_proposition, same_proposition};
pub use lexicon::Lexicon;
use numbers::{number_parts, number_value, scale_word, scaled};
pub use packed::PackedTokens;
pub use stem::stem;
pub use story::{
    STORY_MIN_WORDS, one_word_swapped, other_names_alike, short_claim_altered, story_near_miss,
    story_words,
};
pub use tokens::Tokens;
use words::{MONTH, class, class_of, is_stopword};

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

    pub fn from_tokens(tokens: &Tokens, lexicon: &Lexicon) -> Proposition {
        let title_case = tokens.title_case;
        let hashtag = &tokens.hashtag;
        let tokens = &tokens.parts;
        let mut guards = Vec::new();
        // Most words are content words: one allocation instead of several.
        let mut content = Vec::with_capacity(tokens.len());
        let mut tags = Vec::new();
        let mut negations = 0;
        let mut i = 0;
        while i < tokens.len() {
            let (tok, cap) = (&tokens[i].0, tokens[i].1);
            let next = tokens.get(i + 1).map(|t| t.0.as_str());
            let class = class_of(tok);
            let is = |bit: u16| class & bit != 0;
            i += 1;
            if tok == "no" && next == Some("longer") {
                negations += 1;
                i += 1;
                continue;
            }
            if is(class::NEGATION) {
                negations += 1;
                continue;
            }
            // Only digits and number words are numbers (see `number_parts`).
            let may_be_number = is(class::NUMBER) || tok.starts_with(|c: char| c.is_ascii_digit());
            if may_be_number && let Some((mut n, unit)) = number_parts(tok) {
                // "72 million" is one number, as "72m" and "72,000,000" are.
                if unit.is_none()
                    && let Some(scale) = next.and_then(scale_word)
                {
                    n = scaled(&n, scale);
                    i += 1;
                }
                guards.push(n);
                if let Some(unit) = unit.filter(|u| !is_stopword(u)) {
                    content.push((stem(unit), WordText::from(unit)));
                }
                continue;
            }
            // "may" and "march" are months when capitalised, except in Title
            // Case ("May Have Killed"), or when next to a number: "May 5",
            // "may 2015", "May of 2015", "5 may".
            let is_number =
                |t: Option<&(WordText, bool)>| t.is_some_and(|t| number_value(&t.0).is_some());
            let dated = || {
                is_number(tokens.get(i))
                    || next == Some("of") && is_number(tokens.get(i + 1))
                    || i >= 2 && is_number(tokens.get(i - 2))
            };
            if is(class::MONTH)
                && let Some(&month) = MONTH.get(tok.as_str())
                && (!is(class::AMBIGUOUS_MONTH) || cap && !title_case || dated())
            {
                guards.push(month.into());
                continue;
            }
            let prev = (i >= 2).then(|| tokens[i - 2].0.as_str());
            if is(class::SEASON) && is_season(tok, prev, next) {
                guards.push(if tok == "fall" {
                    "autumn".into()
                } else {
                    tok.clone()
                });
                continue;
            }
            if is(class::STOP) || tok.is_empty() {
                continue;
            }
            if is(class::HEDGE) && next == Some("to") {
                continue;
            }
            if is(class::TITLE) && next.is_some_and(|n| lexicon.is_name(n)) {
                continue;
            }
            let tagged = hashtag[i - 1];
            // Words of attribution open many sentences ("Sources say ...")
            // and so look like names; they are asides (see `is_aside`).
            if lexicon.is_name(tok) && !is(class::ATTRIBUTING) {
                if tagged {
                    tags.push(tok.clone());
                }
                guards.push(tok.clone());
            } else {
                let stemmed = stem(tok);
                if tagged {
                    tags.push(stemmed.clone());
                }
                content.push((stemmed, tok.clone()));
            }
        }
        tags.sort();
        tags.dedup();
        guards.sort();
        guards.dedup();
        content.sort();
        let (content, raw) = content.into_iter().unzip();
        Proposition {
            guards,
            content,
            raw,
            negated: negations % 2 == 1,
            tags,
        }
    }

    /// The proposition as one string, equal for claims that normalise alike.
    pub fn key(&self) -> String {
        format!("{}|{}", self.guards.join(" "), self.content.join(" "))
    }
}

/// Whether a season word is a date here. "Early", "mid" and "late" are
/// parts of a period only before one ("early 2017", "late May", "mid
/// summer"): "an early release" names no date. "Fall" is the season
/// before a year or month or after "this", "next", "last", "the", and
/// otherwise the verb ("shares fall").
fn is_season(word: &str, prev: Option<&str>, next: Option<&str>) -> bool {
    let before_a_date = next.is_some_and(|n| {
        class_of(n) & (class::MONTH | class::SEASON) != 0 || number_value(n).is_some()
    });
    match word {
        "early" | "mid" | "late" => before_a_date,
        "fall" => {
            before_a_date
                || prev.is_some_and(|p| {
                    ["this", "next", "last", "the", "early", "mid", "late"].contains(&p)
                })
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests;
