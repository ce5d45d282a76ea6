//! The passage of an article closest to a quote that is not in it, for the
//! message of `quote-not-found`: windows of words ranked by the quote's
//! words they hold, then the best few by edit distance, within a budget of
//! edit-distance work per article so that no input makes it quadratic.

use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::{FxHashMap, FxHashSet};

use super::normalize::fold_punctuation;
use super::normalize_for_match;

/// Words of a text for passage search: the byte range in the original and the
/// word with punctuation trimmed, normalised.
fn words(text: &str) -> Vec<(usize, usize, String)> {
    word_ranges(text)
        .map(|(from, to)| (from, to, token_key(&text[from..to])))
        .collect()
}

/// The byte range of each word (run of characters other than white space).
fn word_ranges(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .filter_map(move |(i, c)| match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                start = None;
                Some((s, i))
            }
            (false, None) => {
                start = Some(i);
                None
            }
            _ => None,
        })
}

fn token_key(word: &str) -> String {
    normalize_for_match(word)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

/// How many windows, ranked by the quote's words they hold, are then ranked
/// by edit distance (each also shifted by one and two words).
const CANDIDATE_WINDOWS: usize = 8;

/// A quote up to this many characters (normalised) is compared whole with
/// each candidate passage (cut at [`WINDOW_BYTES`]); a longer one by its
/// first and last [`EDGE_CHARS`] characters. One comparison then costs at
/// most `FULL_COMPARE_CHARS` × `WINDOW_BYTES` steps, not the square of the
/// quote's length.
const FULL_COMPARE_CHARS: usize = 1024;

/// The characters at each end of a long quote and passage that are compared.
const EDGE_CHARS: usize = 256;

/// Steps of edit-distance comparison that all closest-passage searches on
/// one article may take (about a quarter of a second). Past it, a search
/// gives the passage holding most of the quote's words, unranked by edit
/// distance: a file of thousands of quotes missing from its article still
/// gets an answer for each, in time linear in its size.
const EDIT_DISTANCE_BUDGET: u64 = 1 << 28;

/// The passage of `article` that looks most like `quote`: windows of as many
/// words as the quote are ranked by shared words (linear in the article),
/// and the best few by normalised Levenshtein similarity: whole for a quote
/// of up to 1,024 characters, by its first and last 256 for a longer one,
/// within a budget of edit-distance work per article.
pub fn closest_passage(article: &str, quote: &str) -> Option<String> {
    PassageSearch::new(article).closest(quote)
}

/// An article split into words for closest-passage searches.
pub(super) struct PassageSearch<'a> {
    article: &'a str,
    /// The byte range of each word in the article.
    spans: Vec<(usize, usize)>,
    /// Each word's key ([`token_key`]) as a number; [`NO_KEY`] for a word of
    /// punctuation only, which no quote word matches.
    keys: Vec<u32>,
    key_ids: FxHashMap<String, u32>,
    /// Edit-distance steps left (see [`EDIT_DISTANCE_BUDGET`]).
    budget: AtomicU64,
}

const NO_KEY: u32 = u32::MAX;

/// A window's normalised text, as far as it is compared.
struct WindowText {
    chars: Vec<char>,
    /// Bytes past the compared part, each counted as one character.
    uncompared: usize,
}

/// Bytes of a window compared with a quote of up to [`FULL_COMPARE_CHARS`]
/// characters: far more than any window of as many words as an ordinary
/// quote, so that only windows of giant words are cut.
const WINDOW_BYTES: usize = 8 * FULL_COMPARE_CHARS;

/// One candidate passage: words `start..start + len` of the article.
#[derive(Clone, Copy)]
struct Window {
    start: usize,
    len: usize,
}

impl<'a> PassageSearch<'a> {
    pub(super) fn new(article: &'a str) -> Self {
        let mut key_ids: FxHashMap<String, u32> = FxHashMap::default();
        // Word by word: a key is kept once, not once per word.
        let (spans, keys) = word_ranges(article)
            .map(|(from, to)| {
                let key = token_key(&article[from..to]);
                let id = match key_ids.get(&key) {
                    _ if key.is_empty() => NO_KEY,
                    Some(&id) => id,
                    None => {
                        let id = u32::try_from(key_ids.len()).unwrap_or(NO_KEY);
                        key_ids.insert(key, id);
                        id
                    }
                };
                ((from, to), id)
            })
            .unzip();
        PassageSearch {
            article,
            spans,
            keys,
            key_ids,
            budget: AtomicU64::new(EDIT_DISTANCE_BUDGET),
        }
    }

    pub(super) fn closest(&self, quote: &str) -> Option<String> {
        let quote_words = words(quote);
        if quote_words.is_empty() || self.spans.is_empty() {
            return None;
        }
        let k = quote_words.len().min(self.spans.len());
        let mut wanted = vec![false; self.key_ids.len()];
        for (_, _, key) in &quote_words {
            match self.key_ids.get(key.as_str()) {
                Some(&id) if id != NO_KEY => wanted[id as usize] = true,
                _ => {}
            }
        }
        let top = self.windows_with_most_quote_words(&wanted, k);
        if top.first().is_none_or(|&(score, _)| score == 0) {
            return None;
        }
        let best = self.most_similar_window(quote, &top, k).unwrap_or(Window {
            start: top[0].1,
            len: k,
        });
        let (from, to) = self.byte_range(best);
        let passage = self.article[from..to]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Some(trim_unquoted_marks(&passage, quote))
    }

    /// The [`CANDIDATE_WINDOWS`] windows of `k` words holding most of the
    /// quote's words, as (words held, first word), best first and, among
    /// equals, earliest first. One sliding pass over the article.
    fn windows_with_most_quote_words(&self, wanted: &[bool], k: usize) -> Vec<(usize, usize)> {
        let hit = |i: usize| {
            let id = self.keys[i];
            usize::from(id != NO_KEY && wanted[id as usize])
        };
        let mut top: Vec<(usize, usize)> = Vec::with_capacity(CANDIDATE_WINDOWS + 1);
        let mut score: usize = (0..k).map(hit).sum();
        for start in 0..=self.spans.len() - k {
            if start > 0 {
                score = score + hit(start + k - 1) - hit(start - 1);
            }
            if top.len() < CANDIDATE_WINDOWS || top.last().is_some_and(|&(s, _)| score > s) {
                // After every window as good: those start earlier.
                let at = top.partition_point(|&(s, _)| s >= score);
                top.insert(at, (score, start));
                top.truncate(CANDIDATE_WINDOWS);
            }
        }
        top
    }

    /// Among the candidates, each shifted by up to two words and grown or
    /// shrunk by up to two words around the quote's length, the window most
    /// like the quote by normalised Levenshtein similarity (the first of
    /// equals). `None` if the budget ran out before any was compared.
    fn most_similar_window(&self, quote: &str, top: &[(usize, usize)], k: usize) -> Option<Window> {
        let target: Vec<char> = normalize_for_match(quote).chars().collect();
        let long = target.len() > FULL_COMPARE_CHARS;
        let edges = long.then(|| Edges::of(&target));
        let mut best: Option<(f64, Window)> = None;
        let mut seen = FxHashSet::default();
        let starts = top
            .iter()
            .flat_map(|&(_, s)| s..(s + 3).min(self.spans.len()))
            // A start seen before gives the same similarities, which never
            // beat the first.
            .filter(|&s| seen.insert(s));
        for start in starts {
            let lens = k.saturating_sub(2).max(1)..=(k + 2).min(self.spans.len() - start);
            let similarities = match &edges {
                Some(edges) => self.edge_similarities(edges, start, lens.clone()),
                None => self.whole_similarities(&target, start, lens.clone()),
            };
            let Some(similarities) = similarities else {
                break;
            };
            for (len, sim) in lens.zip(similarities) {
                if best.is_none_or(|b| sim > b.0) {
                    best = Some((sim, Window { start, len }));
                }
            }
        }
        best.map(|(_, window)| window)
    }

    /// The similarity of the quote to the windows of each length in `lens`
    /// from word `start`, by one edit-distance table over the longest (the
    /// shorter windows are its prefixes). `None` when the budget is spent.
    fn whole_similarities(
        &self,
        target: &[char],
        start: usize,
        lens: std::ops::RangeInclusive<usize>,
    ) -> Option<Vec<f64>> {
        let windows: Vec<WindowText> = lens
            .map(|len| self.window_text(Window { start, len }))
            .collect();
        let longest = windows.last()?;
        let one_table = windows.iter().all(|w| longest.chars.starts_with(&w.chars));
        let distances: Vec<usize> = if one_table {
            self.spend(target.len().max(1) * longest.chars.len().max(1))?;
            let to_prefix = prefix_distances(target, &longest.chars);
            windows.iter().map(|w| to_prefix[w.chars.len()]).collect()
        } else {
            // Normalisation is the same on a prefix, so this is never seen;
            // kept for exactness.
            let mut distances = Vec::with_capacity(windows.len());
            for w in &windows {
                self.spend(target.len().max(1) * w.chars.len().max(1))?;
                distances.push(prefix_distances(target, &w.chars)[w.chars.len()]);
            }
            distances
        };
        Some(
            windows
                .iter()
                .zip(distances)
                .map(|(w, d)| {
                    // Text past the compared part counts as inserted.
                    similarity(d + w.uncompared, target.len(), w.chars.len() + w.uncompared)
                })
                .collect(),
        )
    }

    /// A window's text, normalised, for comparison with a quote of at most
    /// [`FULL_COMPARE_CHARS`] characters; a window of more than
    /// [`WINDOW_BYTES`] (a few giant words) is cut there.
    fn window_text(&self, w: Window) -> WindowText {
        let (from, to) = self.byte_range(w);
        let mut cut = to.min(from + WINDOW_BYTES);
        while !self.article.is_char_boundary(cut) {
            cut -= 1;
        }
        WindowText {
            chars: normalize_for_match(&self.article[from..cut])
                .chars()
                .collect(),
            uncompared: to - cut,
        }
    }

    /// For a long quote: the similarity of its first and last
    /// [`EDGE_CHARS`] characters to those of each window, averaged.
    fn edge_similarities(
        &self,
        edges: &Edges,
        start: usize,
        lens: std::ops::RangeInclusive<usize>,
    ) -> Option<Vec<f64>> {
        let from = self.spans[start].0;
        // The windows from one start share their head unless they are short.
        let mut head: Option<(Vec<char>, f64)> = None;
        let mut out = Vec::new();
        for len in lens {
            let window = &self.article[from..self.byte_range(Window { start, len }).1];
            let window_head = head_chars(window);
            let head_sim = match &head {
                Some((chars, sim)) if *chars == window_head => *sim,
                _ => {
                    let sim = self.compare(&edges.head, &window_head)?;
                    head = Some((window_head, sim));
                    sim
                }
            };
            let tail_sim = self.compare(&edges.tail, &tail_chars(window))?;
            out.push((head_sim + tail_sim) / 2.0);
        }
        Some(out)
    }

    /// The normalised Levenshtein similarity of two short texts, paid from
    /// the budget.
    fn compare(&self, a: &[char], b: &[char]) -> Option<f64> {
        self.spend(a.len().max(1) * b.len().max(1))?;
        let distance = prefix_distances(a, b)[b.len()];
        Some(similarity(distance, a.len(), b.len()))
    }

    /// Takes `steps` from the budget, or `None` if fewer are left.
    fn spend(&self, steps: usize) -> Option<()> {
        let steps = u64::try_from(steps).unwrap_or(u64::MAX);
        self.budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(steps)
            })
            .ok()
            .map(|_| ())
    }

    fn byte_range(&self, w: Window) -> (usize, usize) {
        (self.spans[w.start].0, self.spans[w.start + w.len - 1].1)
    }
}

/// The first and last [`EDGE_CHARS`] characters of a long quote, normalised.
struct Edges {
    head: Vec<char>,
    tail: Vec<char>,
}

impl Edges {
    fn of(target: &[char]) -> Self {
        Edges {
            head: target[..EDGE_CHARS.min(target.len())].to_vec(),
            tail: target[target.len().saturating_sub(EDGE_CHARS)..].to_vec(),
        }
    }
}

/// Bytes of article normalised to find [`EDGE_CHARS`] characters: enough
/// for all but the widest scripts, and bounded whatever the words' length.
const EDGE_BYTES: usize = 4 * EDGE_CHARS;

/// The first [`EDGE_CHARS`] characters of `text`, normalised.
fn head_chars(text: &str) -> Vec<char> {
    let mut cut = EDGE_BYTES.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    normalize_for_match(&text[..cut])
        .chars()
        .take(EDGE_CHARS)
        .collect()
}

/// The last [`EDGE_CHARS`] characters of `text`, normalised.
fn tail_chars(text: &str) -> Vec<char> {
    let mut cut = text.len().saturating_sub(EDGE_BYTES);
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    let chars: Vec<char> = normalize_for_match(&text[cut..]).chars().collect();
    chars[chars.len().saturating_sub(EDGE_CHARS)..].to_vec()
}

/// Levenshtein distances, in characters, from `a` to every prefix of `b`
/// (`[j]` to `b[..j]`): one table of `a.len()` × `b.len()` steps.
fn prefix_distances(a: &[char], b: &[char]) -> Vec<usize> {
    // column[i]: distance from a[..i] to the prefix of b read so far.
    let mut column: Vec<usize> = (0..=a.len()).collect();
    let mut out = Vec::with_capacity(b.len() + 1);
    out.push(a.len());
    for (j, &bc) in b.iter().enumerate() {
        let mut diagonal = column[0];
        column[0] = j + 1;
        for (i, &ac) in a.iter().enumerate() {
            let substitution = diagonal + usize::from(ac != bc);
            diagonal = column[i + 1];
            column[i + 1] = substitution.min(diagonal + 1).min(column[i] + 1);
        }
        out.push(column[a.len()]);
    }
    out
}

/// Normalised Levenshtein similarity, as `strsim::normalized_levenshtein`:
/// 1 minus the distance over the longer length.
fn similarity(distance: usize, a_len: usize, b_len: usize) -> f64 {
    if a_len == 0 && b_len == 0 {
        return 1.0;
    }
    1.0 - distance as f64 / a_len.max(b_len) as f64
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_passage_loses_quote_marks_the_quote_does_not_have() {
        let text = "He said \u{201C}The library will reopen in May.\u{201D} Then left.";
        assert_eq!(
            closest_passage(text, "The library will open in May.").as_deref(),
            Some("The library will reopen in May.")
        );
    }

    /// The search as it was before it was bounded: every candidate window
    /// compared whole with `strsim`. Quadratic in the quote's length.
    fn plain_closest_passage(article: &str, quote: &str) -> Option<String> {
        let quote_words = words(quote);
        let k = quote_words.len();
        if k == 0 {
            return None;
        }
        let wanted: std::collections::HashSet<&str> = quote_words
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
            for len in k.saturating_sub(2).max(1)..=(k + 2).min(art.len() - start) {
                let (from, to) = (art[start].0, art[start + len - 1].1);
                let sim = strsim::normalized_levenshtein(
                    &normalize_for_match(&article[from..to]),
                    &target,
                );
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

    const WORDS: &[&str] = &[
        "the",
        "library",
        "will",
        "reopen",
        "in",
        "May,",
        "said",
        "\u{201C}Ann",
        "Smith\u{201D}",
        "council",
        "budget",
        "don\u{2019}t",
        "Stra\u{DF}e",
        "caf\u{E9}",
        "\u{2014}",
        "it.",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        #[test]
        fn an_ordinary_quote_gets_the_passage_it_got_before_the_search_was_bounded(
            article in proptest::collection::vec(proptest::sample::select(WORDS), 1..120),
            from in 0usize..120,
            len in 1usize..30,
            edits in proptest::collection::vec((0usize..30, proptest::sample::select(WORDS)), 0..4),
        ) {
            let from = from % article.len();
            let mut quote: Vec<&str> = article[from..(from + len).min(article.len())].to_vec();
            for (at, word) in edits {
                let at = at % quote.len();
                quote[at] = word;
            }
            let (article, quote) = (article.join(" "), quote.join(" "));
            proptest::prop_assert_eq!(
                closest_passage(&article, &quote),
                plain_closest_passage(&article, &quote)
            );
        }
    }

    #[test]
    fn distances_to_every_prefix_are_levenshtein_distances() {
        let a: Vec<char> = "kitten".chars().collect();
        let b: Vec<char> = "sitting".chars().collect();
        let all = prefix_distances(&a, &b);
        for (j, d) in all.iter().enumerate() {
            let prefix: String = b[..j].iter().collect();
            assert_eq!(*d, strsim::levenshtein("kitten", &prefix), "{prefix:?}");
        }
        assert_eq!(all[7], 3);
    }

    #[test]
    fn a_long_quote_is_compared_by_its_ends_and_found_quickly() {
        // 20,000 words of article, a 2,000-word quote of it with words changed.
        let words: Vec<String> = (0..20_000)
            .map(|i| format!("w{}", (i * 7919) % 3001))
            .collect();
        let article = words.join(" ");
        let mut quote = words[5_000..7_000].to_vec();
        quote[0] = "changed".into();
        quote[1_000] = "changed".into();
        quote[1_999] = "changed".into();
        let started = std::time::Instant::now();
        let passage = closest_passage(&article, &quote.join(" "));
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert_eq!(passage, Some(words[5_000..7_000].join(" ")));
    }

    #[test]
    fn past_the_edit_distance_budget_the_passage_with_most_quote_words_is_given() {
        let article = "one two three. The library will reopen in May. four five six";
        let search = PassageSearch::new(article);
        search.budget.store(0, Ordering::Relaxed);
        assert_eq!(
            search.closest("The library will open in May").as_deref(),
            Some("The library will reopen in May.")
        );
    }
}
