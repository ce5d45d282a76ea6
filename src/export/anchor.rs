//! Where a quote stands in its article, as W3C Web Annotation selectors
//! say it: the exact passage as written, up to [`CONTEXT_CHARS`] characters
//! before and after it, and its start and end counted in characters
//! (Unicode code points) from the start of the article's text (after a
//! byte order mark, which `check` ignores too).
//!
//! A quote is found as `check` finds it (white space, quote marks, dashes,
//! accents' forms and letter case normalised), here with the positions kept:
//! the article is normalised a character (with its combining marks) at a
//! time, remembering where each piece came from.

use std::ops::Range;

use crate::text::normalize_for_match;

/// How many characters of the article a TextQuoteSelector keeps on either
/// side of the quote.
pub const CONTEXT_CHARS: usize = 32;

/// A quote anchored in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The passage as written in the article.
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    /// In characters from the start of the article's text; `end` excluded.
    pub start: usize,
    pub end: usize,
}

/// An article normalised for matching, with each normalised piece's origin.
struct Mapped {
    text: String,
    /// Per piece pushed: (start in `text`, byte range in the article).
    pieces: Vec<(usize, Range<usize>)>,
}

fn mapped(article: &str) -> Mapped {
    let mut out = Mapped {
        text: String::with_capacity(article.len()),
        pieces: Vec::new(),
    };
    let mut pending_space = false;
    let mut chars = article.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let mut end = at + c.len_utf8();
        if c.is_ascii_alphanumeric() && chars.peek().is_none_or(|&(_, next)| next.is_ascii()) {
            if pending_space {
                out.pieces.push((out.text.len(), at..at));
                out.text.push(' ');
                pending_space = false;
            }
            out.pieces.push((out.text.len(), at..end));
            out.text.push(c.to_ascii_lowercase());
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.text.is_empty();
            continue;
        }
        // A base character with the combining marks after it normalises as one.
        while let Some(&(next_at, next)) = chars.peek() {
            if next.is_ascii() || unicode_normalization::char::canonical_combining_class(next) == 0
            {
                break;
            }
            end = next_at + next.len_utf8();
            chars.next();
        }
        let piece = normalize_for_match(&article[at..end]);
        if piece.is_empty() {
            continue;
        }
        if pending_space {
            out.pieces.push((out.text.len(), at..at));
            out.text.push(' ');
            pending_space = false;
        }
        out.pieces.push((out.text.len(), at..end));
        out.text.push_str(&piece);
    }
    out
}

impl Mapped {
    /// The article's byte range that the normalised range covers.
    fn original(&self, range: Range<usize>) -> Range<usize> {
        let piece_at = |byte: usize| match self.pieces.binary_search_by_key(&byte, |p| p.0) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let first = &self.pieces[piece_at(range.start)];
        let last = &self.pieces[piece_at(range.end - 1)];
        first.1.start..last.1.end
    }
}

/// Every place the quote is in the article, as byte ranges of the article,
/// non-overlapping, from the left (as `check` counts them).
pub fn occurrences(article: &str, quote: &str) -> Vec<Range<usize>> {
    let needle = mapped(quote).text;
    if needle.is_empty() {
        return Vec::new();
    }
    let haystack = mapped(article);
    haystack
        .text
        .match_indices(needle.as_str())
        .map(|(at, m)| haystack.original(at..at + m.len()))
        .collect()
}

/// The selectors of the passage at `range` (bytes) of the article.
pub fn anchor(article: &str, range: Range<usize>) -> Anchor {
    let before = &article[..range.start];
    let start = before.chars().count();
    let exact = article[range.clone()].to_owned();
    let end = start + exact.chars().count();
    let mut prefix: Vec<char> = before.chars().rev().take(CONTEXT_CHARS).collect();
    prefix.reverse();
    Anchor {
        exact,
        prefix: prefix.into_iter().collect(),
        suffix: article[range.end..].chars().take(CONTEXT_CHARS).collect(),
        start,
        end,
    }
}

/// Which of the `found` occurrences the context (text before and after, and
/// a position in characters) points at: the one whose surroundings share
/// the most characters with `prefix` (its end) and `suffix` (its start),
/// the nearest to `position` among equals, else the first.
pub fn choose(
    article: &str,
    found: &[Range<usize>],
    prefix: &str,
    suffix: &str,
    position: Option<usize>,
) -> Option<usize> {
    let common_end = |a: &str, b: &str| {
        a.chars()
            .rev()
            .zip(b.chars().rev())
            .take_while(|(x, y)| x == y)
            .count()
    };
    let common_start =
        |a: &str, b: &str| a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let mut best: Option<(usize, (usize, std::cmp::Reverse<usize>))> = None;
    for (i, r) in found.iter().enumerate() {
        let shared =
            common_end(&article[..r.start], prefix) + common_start(&article[r.end..], suffix);
        let distance = position.map_or(0, |p| article[..r.start].chars().count().abs_diff(p));
        let score = (shared, std::cmp::Reverse(distance));
        if best.as_ref().is_none_or(|(_, s)| score > *s) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_quote_across_typography_and_keeps_the_passage_as_written() {
        let article =
            "She said:\r\n\u{201C}It\u{2019}s a reluctant\n   team\u{2010}up.\u{201D} Then left.";
        let found = occurrences(article, "it's a reluctant team-up.");
        assert_eq!(found.len(), 1);
        let a = anchor(article, found[0].clone());
        assert_eq!(a.exact, "It\u{2019}s a reluctant\n   team\u{2010}up.");
        assert_eq!(a.prefix, "She said:\r\n\u{201C}");
        assert_eq!(a.suffix, "\u{201D} Then left.");
        assert_eq!(a.start, 12);
        assert_eq!(a.end - a.start, a.exact.chars().count());
    }

    #[test]
    fn decomposed_accents_and_case() {
        let article = "Wir o\u{308}ffnen im Ma\u{308}rz, sagte sie.";
        let found = occurrences(article, "WIR \u{F6}FFNEN");
        assert_eq!(found.len(), 1);
        assert_eq!(&article[found[0].clone()], "Wir o\u{308}ffnen");
    }

    #[test]
    fn context_chooses_among_occurrences() {
        let article = "Ann said yes. Bob said no. Cy said yes. Dee";
        let found = occurrences(article, "said yes");
        assert_eq!(found.len(), 2);
        assert_eq!(choose(article, &found, "no. Cy ", ". Dee", None), Some(1));
        assert_eq!(choose(article, &found, "", "", None), Some(0));
        assert_eq!(choose(article, &found, "", "", Some(30)), Some(1));
    }

    #[test]
    fn context_is_cut_at_32_characters() {
        let article = format!("{}QUOTE{}", "a".repeat(40), "b".repeat(40));
        let found = occurrences(&article, "quote");
        let a = anchor(&article, found[0].clone());
        assert_eq!(a.prefix, "a".repeat(32));
        assert_eq!(a.suffix, "b".repeat(32));
        assert_eq!((a.start, a.end), (40, 45));
    }
}
