//! Text normalisation for quote matching, and the search for the passage
//! closest to a quote that was not found.

use std::collections::HashSet;

/// Characters that are invisible in print and so never typed in a quote.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' // soft hyphen
        | '\u{200B}'..='\u{200F}' // zero-width space, joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{FEFF}' // byte order mark / zero-width no-break space
    )
}

/// Folds one character to its matching form: all quote marks to `"` or `'`,
/// all dashes to `-`, the ellipsis to `...`; letter case is folded by the caller.
fn fold_punctuation(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{0060}' | '\u{00B4}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => "\"",
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => "-",
        '\u{2026}' => "...",
        _ => return None,
    })
}

/// Normalises text for quote matching: white space and line breaks collapse
/// to one space, curly and straight quotes and apostrophes become straight,
/// dashes become `-`, letter case is folded, invisible characters go.
pub fn normalize_for_match(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if is_invisible(c) || (c.is_control() && c != '\t') {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if let Some(folded) = fold_punctuation(c) {
            out.push_str(folded);
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

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
}

/// Up to this many quotes, [`ArticleText::count_all`] searches for each in
/// turn; past it, for all at once.
const DIRECT_SEARCH_MAX_QUOTES: usize = 16;

impl<'a> ArticleText<'a> {
    pub fn new(original: &'a str) -> Self {
        ArticleText {
            original,
            normalized: normalize_for_match(original),
        }
    }

    /// Finds many quotes at once: one pass over the article whatever their
    /// number (Aho-Corasick), where one search per quote would make a file of
    /// 10,000 claims over a long article quadratic. Each count is the same as
    /// [`ArticleText::find`]'s: non-overlapping occurrences, from the left.
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
        // An NFA builds in time linear in the patterns; the default may pick
        // a DFA, whose construction explodes on a quote of a million characters.
        let Ok(automaton) = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(searchable.iter().map(|&i| &needles[i]))
        else {
            // Too many or too long patterns for the automaton: one search each.
            for &i in &searchable {
                counts[i] = self.normalized.matches(needles[i].as_str()).count();
            }
            return counts;
        };
        // Overlapping matches come in order of their end; all matches of one
        // pattern have one length, so that is also the order of their start.
        let mut next_free = vec![0; searchable.len()];
        for m in automaton.find_overlapping_iter(&self.normalized) {
            let p = m.pattern().as_usize();
            if m.start() >= next_free[p] {
                counts[searchable[p]] += 1;
                next_free[p] = m.end();
            }
        }
        counts
    }

    /// The outcome for a quote whose count is known.
    pub fn outcome(&self, quote: &str, count: usize) -> QuoteMatch {
        if count > 0 {
            QuoteMatch::Found { count }
        } else {
            QuoteMatch::NotFound {
                closest: closest_passage(self.original, quote),
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
        if count > 0 {
            QuoteMatch::Found { count }
        } else {
            QuoteMatch::NotFound {
                closest: closest_passage(self.original, quote),
            }
        }
    }
}

/// Words of a text for passage search: the byte range in the original and the
/// word with punctuation trimmed, normalised.
fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                let key = token_key(&text[s..i]);
                out.push((s, i, key));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

fn token_key(word: &str) -> String {
    normalize_for_match(word)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

/// The passage of `article` that looks most like `quote`: windows of as many
/// words as the quote are ranked by shared words (linear in the article),
/// and the best few by normalised Levenshtein similarity.
pub fn closest_passage(article: &str, quote: &str) -> Option<String> {
    let quote_words = words(quote);
    let k = quote_words.len();
    if k == 0 {
        return None;
    }
    let wanted: HashSet<&str> = quote_words
        .iter()
        .map(|w| w.2.as_str())
        .filter(|w| !w.is_empty())
        .collect();
    let art = words(article);
    if art.is_empty() {
        return None;
    }
    let k = k.min(art.len());
    let hit = |i: usize| usize::from(wanted.contains(art[i].2.as_str()));
    // Sliding count of the quote's words in each window of k words.
    let mut score: usize = (0..k).map(hit).sum();
    let mut scored = vec![(score, 0usize)];
    for start in 1..=art.len() - k {
        score = score + hit(start + k - 1) - hit(start - 1);
        scored.push((score, start));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if scored[0].0 == 0 {
        return None;
    }
    let target = normalize_for_match(quote);
    let mut best: Option<(f64, usize, usize)> = None;
    let shifted = scored
        .iter()
        .take(8)
        .flat_map(|&(_, s)| s..(s + 3).min(art.len()));
    for start in shifted {
        // Let the window move and grow or shrink by a word or two around the quote's length.
        for len in k.saturating_sub(2).max(1)..=(k + 2).min(art.len() - start) {
            let (from, to) = (art[start].0, art[start + len - 1].1);
            let sim =
                strsim::normalized_levenshtein(&normalize_for_match(&article[from..to]), &target);
            if best.is_none_or(|b| sim > b.0) {
                best = Some((sim, from, to));
            }
        }
    }
    let (_, from, to) = best?;
    let passage = article[from..to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some(trim_unquoted_marks(&passage, quote))
}

/// Drops quote marks at the ends of a passage where the quote itself has none,
/// so that a message wrapping the passage in quotes does not double them.
fn trim_unquoted_marks(passage: &str, quote: &str) -> String {
    let is_mark =
        |c: char| matches!(fold_punctuation(c), Some("\"" | "'")) || c == '"' || c == '\'';
    let quote = quote.trim();
    let mut p = passage;
    if !quote.starts_with(is_mark) {
        p = p.trim_start_matches(is_mark);
    }
    if !quote.ends_with(is_mark) {
        p = p.trim_end_matches(is_mark);
    }
    p.to_owned()
}

/// Cuts long text at a character boundary, marking the cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// Text made safe to print on a terminal: control characters become their
/// visible Unicode pictures (BEL becomes ␇, ESC ␛), C1 controls and bidi
/// embedding, override and isolate characters become U+FFFD. An annotation
/// file cannot then move the cursor, recolour the terminal or reorder what
/// the reader sees. Line breaks and tabs are kept. One character in, one
/// out, so columns still line up.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if !unsafe_char(c) => c,
            '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\u{7F}' => '\u{2421}',
            _ => '\u{FFFD}',
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_on_character_boundaries() {
        assert_eq!(shorten("Krysten Ritter", 7), "Krysten…");
        assert_eq!(shorten("éééé", 2), "éé…");
        assert_eq!(shorten("short", 10), "short");
    }

    #[test]
    fn folds_space_quotes_dashes_and_case() {
        assert_eq!(
            normalize_for_match("  No one\u{2019}s\n\tbest  friends "),
            "no one's best friends"
        );
        assert_eq!(
            normalize_for_match("\u{201C}Hi\u{201D} \u{2014} she said"),
            "\"hi\" - she said"
        );
        assert_eq!(normalize_for_match("ÉCOLE"), "école");
        assert_eq!(normalize_for_match("wait\u{2026}"), "wait...");
        assert_eq!(
            normalize_for_match("in\u{200B}visible\u{200F}"),
            "invisible"
        );
    }

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
    fn the_passage_loses_quote_marks_the_quote_does_not_have() {
        let text = "He said \u{201C}The library will reopen in May.\u{201D} Then left.";
        assert_eq!(
            closest_passage(text, "The library will open in May.").as_deref(),
            Some("The library will reopen in May.")
        );
    }

    #[test]
    fn a_miss_with_nothing_in_common_has_no_passage() {
        let art = ArticleText::new("alpha beta gamma");
        assert_eq!(art.find("zeta"), QuoteMatch::NotFound { closest: None });
        assert_eq!(closest_passage("", "zeta"), None);
    }

    #[test]
    fn printable_text_cannot_drive_the_terminal() {
        assert_eq!(printable("plain text\n\tok"), "plain text\n\tok");
        assert_eq!(printable("a\u{1b}[31mred\u{7}"), "a\u{241B}[31mred\u{2407}");
        assert_eq!(
            printable("x\u{202E}y\u{9B}z\u{7F}"),
            "x\u{FFFD}y\u{FFFD}z\u{2421}"
        );
        assert_eq!(printable("\r\0"), "\u{240D}\u{2400}");
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
}
