//! An article prepared for quote look-ups: normalised once, then asked for
//! one quote ([`ArticleText::find`]) or for every quote of a file at once
//! ([`ArticleText::count_all`]), and for the closest passage to a quote it
//! does not hold.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::closest_passage::{Closest, PassageSearch};
use super::count::count_patterns;
use super::normalize_for_match;

/// Where a quote stands in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteMatch {
    /// Not in the article; the closest passage, if any, as written there.
    NotFound { closest: Option<String> },
    /// In the article this many times (at least once).
    Found { count: usize },
}

/// An article prepared for quote look-ups: normalised once, queried per claim.
pub struct ArticleText<'a> {
    original: &'a str,
    normalized: String,
    /// The closest-passage search, prepared on the first quote not found.
    passages: OnceLock<PassageSearch<'a>>,
}

/// Up to this many quotes, [`ArticleText::count_all`] searches for each in
/// turn; past it, for all at once.
const DIRECT_SEARCH_MAX_QUOTES: usize = 16;

impl<'a> ArticleText<'a> {
    pub fn new(original: &'a str) -> Self {
        ArticleText {
            original,
            normalized: normalize_for_match(original),
            passages: OnceLock::new(),
        }
    }

    /// Finds many quotes at once. Each count is the same as
    /// [`ArticleText::find`]'s, non-overlapping occurrences from the left,
    /// except for quotes that occur so often in all (counting overlaps) that
    /// listing their occurrences would pass a budget linear in the article:
    /// their count is then a lower bound, at least 2.
    ///
    /// One search per quote would make a file of 10,000 claims over a long
    /// article quadratic, and so would listing every occurrence of every
    /// quote (quotes `a`, `a a`, `a a a`... over an article `a a a a...`).
    /// So one pass of an Aho-Corasick automaton tells, for every quote, where
    /// its first and last occurrences end and how many there are, whatever
    /// their number; that decides 0, 1 or more. Only quotes found more than
    /// once are then counted, in a second pass, as far as the budget allows.
    pub fn count_all(&self, quotes: &[&str]) -> Vec<usize> {
        let needles: Vec<String> = quotes.iter().map(|q| normalize_for_match(q)).collect();
        let mut counts = vec![0; quotes.len()];
        let searchable: Vec<usize> = (0..needles.len())
            .filter(|&i| !needles[i].is_empty())
            .collect();
        if searchable.is_empty() {
            return counts;
        }
        // A file has a few claims: a search each then costs a few passes over
        // the article, far less than building an automaton (which was a
        // tenth of `check` at 1M claims in 200k files).
        if searchable.len() <= DIRECT_SEARCH_MAX_QUOTES {
            for &i in &searchable {
                counts[i] = self.normalized.matches(needles[i].as_str()).count();
            }
            return counts;
        }
        // Identical quotes are looked for once.
        let mut unique: Vec<&str> = Vec::new();
        let mut index_of: FxHashMap<&str, usize> = FxHashMap::default();
        let pattern_of: Vec<usize> = searchable
            .iter()
            .map(|&i| {
                *index_of.entry(needles[i].as_str()).or_insert_with(|| {
                    unique.push(needles[i].as_str());
                    unique.len() - 1
                })
            })
            .collect();
        let Some(unique_counts) = count_patterns(&self.normalized, &unique) else {
            // Too many or too long patterns for the automaton: one search each.
            for &i in &searchable {
                counts[i] = self.normalized.matches(needles[i].as_str()).count();
            }
            return counts;
        };
        for (&i, &p) in searchable.iter().zip(&pattern_of) {
            counts[i] = unique_counts[p];
        }
        counts
    }

    /// The outcome for a quote whose count is known.
    pub fn outcome(&self, quote: &str, count: usize) -> QuoteMatch {
        if count > 0 {
            QuoteMatch::Found { count }
        } else {
            QuoteMatch::NotFound {
                closest: self.closest_passage(quote),
            }
        }
    }

    /// Finds a quote, counting non-overlapping occurrences after normalisation.
    pub fn find(&self, quote: &str) -> QuoteMatch {
        let needle = normalize_for_match(quote);
        let count = if needle.is_empty() {
            0
        } else {
            self.normalized.matches(&needle).count()
        };
        self.outcome(quote, count)
    }

    /// Where a quote not in the article now stands: the passage found
    /// between its context's words or closest to it, with its similarity;
    /// [`Closest::is_moved`] says whether it is the quote corrected. Shares
    /// the budget of [`ArticleText::closest_passage`].
    pub fn relocate(&self, quote: &str, context: Option<(&str, &str)>) -> Option<Closest> {
        self.passages
            .get_or_init(|| PassageSearch::new(self.original))
            .relocate(quote, context)
    }

    /// The 1-based line and column (in characters) of a byte of the article.
    pub fn line_column(&self, byte: usize) -> (u32, u32) {
        let before = &self.original[..byte.min(self.original.len())];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.matches('\n').count() + 1;
        let column = before[line_start..].chars().count() + 1;
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }

    /// The byte range in the article of the first occurrence of `quote`
    /// (compared as [`ArticleText::find`] compares).
    pub fn locate(&self, quote: &str) -> Option<(usize, usize)> {
        let needle = normalize_for_match(quote);
        if needle.is_empty() {
            return None;
        }
        let from = self.normalized.find(&needle)?;
        let to = from + needle.len();
        // The normalised length of the text up to a byte grows with it:
        // the quote starts at the character that made its first byte, and
        // ends at the first place the text up to it makes all of it.
        let start = self.first_boundary(|len| len > from);
        let start = self.original[..start]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
        let end = self.first_boundary(|len| len >= to);
        (start < end).then_some((start, end))
    }

    /// The first character boundary of the article at which the length of
    /// the text before it, normalised, satisfies `enough` (which holds, once
    /// it holds, further on). A binary search: a few normalisations.
    fn first_boundary(&self, enough: impl Fn(usize) -> bool) -> usize {
        let text = self.original;
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let at = boundaries.partition_point(|&b| !enough(normalize_for_match(&text[..b]).len()));
        boundaries.get(at).copied().unwrap_or(text.len())
    }

    /// The text around the one occurrence of a quote, as `add` writes it
    /// in `context`: up to [`CONTEXT_CHARS`] characters before and after,
    /// white space runs made one space. `None` when the quote is not there.
    pub fn context_of(&self, quote: &str) -> Option<(String, String)> {
        let (start, end) = self.locate(quote)?;
        let before: Vec<char> = collapse_white_space(self.original[..start].chars().rev())
            .take(CONTEXT_CHARS)
            .collect();
        let prefix: String = before.into_iter().rev().collect();
        let suffix: String = collapse_white_space(self.original[end..].chars())
            .take(CONTEXT_CHARS)
            .collect();
        Some((prefix, suffix))
    }

    /// The passage of the article that looks most like `quote`; see
    /// [`closest_passage`](super::closest_passage()). All searches on one
    /// article share its words and one budget of edit-distance work.
    pub fn closest_passage(&self, quote: &str) -> Option<String> {
        self.passages
            .get_or_init(|| PassageSearch::new(self.original))
            .closest(quote)
    }
}

/// The characters of context `add` keeps on each side of a quote: as many
/// as a W3C TextQuoteSelector's prefix and suffix usually hold.
pub const CONTEXT_CHARS: usize = 32;

/// The characters with each run of white space made one space.
fn collapse_white_space(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    let mut in_space = false;
    chars.filter_map(move |c| {
        if c.is_whitespace() {
            let first = !in_space;
            in_space = true;
            first.then_some(' ')
        } else {
            in_space = false;
            Some(c)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::closest_passage;

    #[test]
    fn finds_quotes_across_line_breaks_and_typography() {
        let art = ArticleText::new(
            "She said:\r\n\u{201C}It\u{2019}s a reluctant\n   team\u{2010}up.\u{201D}",
        );
        assert_eq!(
            art.find("\"it's a RELUCTANT team-up.\""),
            QuoteMatch::Found { count: 1 }
        );
        assert_eq!(
            art.find("It's a reluctant team-up"),
            QuoteMatch::Found { count: 1 }
        );
    }

    #[test]
    fn a_quote_is_located_in_the_original_text_and_its_context_kept() {
        let text = "Title\r\n\r\nMayor Doe said: \u{201C}It\u{2019}s a   reluctant\r\nteam-up.\u{201D} Then she left the room quickly.";
        let art = ArticleText::new(text);
        let (start, end) = art.locate("it's a reluctant team-up.").unwrap();
        assert_eq!(&text[start..end], "It\u{2019}s a   reluctant\r\nteam-up.");
        assert_eq!(art.line_column(start), (3, 18));
        let (prefix, suffix) = art.context_of("it's a reluctant team-up.").unwrap();
        assert_eq!(prefix, "Title Mayor Doe said: \u{201C}");
        assert_eq!(suffix, "\u{201D} Then she left the room quickly");
        let long = format!("{} {} {}", "x".repeat(40), "the quote", "y".repeat(40));
        let (prefix, suffix) = ArticleText::new(&long).context_of("THE QUOTE").unwrap();
        assert_eq!(
            (prefix.chars().count(), suffix.chars().count()),
            (CONTEXT_CHARS, CONTEXT_CHARS)
        );
        assert_eq!(art.locate("absent"), None);
    }

    #[test]
    fn counts_every_occurrence() {
        let art = ArticleText::new("yes. Yes! YES?");
        assert_eq!(art.find("yes"), QuoteMatch::Found { count: 3 });
    }

    #[test]
    fn a_miss_shows_the_closest_passage_as_written() {
        let text =
            "Intro text here.\nI don't think we are\ndoing it again. It was never intentioned.";
        let art = ArticleText::new(text);
        match art.find("I do not think we are doing it again.") {
            QuoteMatch::NotFound { closest } => {
                assert_eq!(
                    closest.as_deref(),
                    Some("I don't think we are doing it again.")
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_miss_with_nothing_in_common_has_no_passage() {
        let art = ArticleText::new("alpha beta gamma");
        assert_eq!(art.find("zeta"), QuoteMatch::NotFound { closest: None });
        assert_eq!(closest_passage("", "zeta"), None);
    }

    #[test]
    fn counting_all_quotes_at_once_agrees_with_one_by_one() {
        let article = ArticleText::new(
            "Aaa aa. The Library will reopen; the library WILL reopen. “Yes,” she said.",
        );
        let quotes = [
            "the library will reopen",
            "aa",
            "a",
            "",
            "yes",
            "\"yes,\"",
            "absent",
            "aa",
        ];
        // Few quotes are searched for one by one, many through an automaton:
        // both ways must count alike.
        let many: Vec<&str> = quotes
            .iter()
            .copied()
            .cycle()
            .take(3 * quotes.len())
            .collect();
        assert!(many.len() > DIRECT_SEARCH_MAX_QUOTES && quotes.len() <= DIRECT_SEARCH_MAX_QUOTES);
        for quotes in [&quotes[..], &many[..]] {
            let counts = article.count_all(quotes);
            for (q, n) in quotes.iter().zip(&counts) {
                let one = match article.find(q) {
                    QuoteMatch::Found { count } => count,
                    QuoteMatch::NotFound { .. } => 0,
                };
                assert_eq!(*n, one, "{q:?}");
            }
            assert_eq!(counts[0], 2);
        }
    }

    #[test]
    fn a_quote_in_one_normal_form_is_found_in_an_article_in_another() {
        let nfd = "Die Stra\u{DF}e: \u{201C}Wir o\u{308}ffnen im Ma\u{308}rz\u{201D}, sagte sie.";
        let article = ArticleText::new(nfd);
        let quote = "Wir \u{F6}ffnen im M\u{E4}rz";
        assert_eq!(article.find(quote), QuoteMatch::Found { count: 1 });
        assert_eq!(article.find("DIE STRASSE"), QuoteMatch::Found { count: 1 });
        // All at once (past the quotes searched for one by one), alike.
        let many = vec![quote; DIRECT_SEARCH_MAX_QUOTES + 1];
        assert!(article.count_all(&many).iter().all(|&n| n == 1));
    }
}
