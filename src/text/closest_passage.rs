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
        self.closest_window(quote).map(|found| found.text)
    }

    /// [`PassageSearch::closest`] with where the passage is and how alike.
    fn closest_window(&self, quote: &str) -> Option<Closest> {
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
        let (similarity, best) = match self.most_similar_window(quote, &top, k) {
            Some((sim, window)) => (Some(sim), window),
            None => (
                None,
                Window {
                    start: top[0].1,
                    len: k,
                },
            ),
        };
        Some(self.closest_of(quote, best, similarity, false))
    }

    /// The passage of window `w`, for a quote, with its similarity.
    fn closest_of(
        &self,
        quote: &str,
        w: Window,
        similarity: Option<f64>,
        anchored: bool,
    ) -> Closest {
        let (from, to) = self.byte_range(w);
        let passage = self.article[from..to]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let (start, end) = trimmed_range(self.article, from, to, quote);
        Closest {
            text: trim_unquoted_marks(&passage, quote),
            replacement: self.article[start..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            start,
            end,
            similarity,
            word_distance: self.word_distance(quote, w),
            quote_words: word_ranges(quote).count(),
            anchored,
            same_meaning: same_meaning(quote, &self.article[start..end]),
        }
    }

    /// The edit distance, in words (by their keys), from the quote to a
    /// window: a word changed, inserted or dropped counts one.
    fn word_distance(&self, quote: &str, w: Window) -> usize {
        let quote_keys: Vec<String> = words(quote)
            .into_iter()
            .map(|(_, _, k)| k)
            .filter(|k| !k.is_empty())
            .collect();
        let window_keys: Vec<&str> = (w.start..w.start + w.len)
            .map(|i| {
                let (from, to) = self.spans[i];
                &self.article[from..to]
            })
            .collect();
        let window_keys: Vec<String> = window_keys
            .into_iter()
            .map(token_key)
            .filter(|k| !k.is_empty())
            .collect();
        word_levenshtein(&quote_keys, &window_keys)
    }

    /// Where a quote now stands, for `quote-moved`: the passage between the
    /// words of its context (when the claim has one and both ends are still
    /// in the article) if it is alike enough ([`ANCHORED_MIN_SIMILARITY`]),
    /// else the closest passage ([`PassageSearch::closest`]) with its
    /// similarity, for the caller to judge ([`Closest::is_moved`]).
    pub(super) fn relocate(&self, quote: &str, context: Option<(&str, &str)>) -> Option<Closest> {
        if let Some((prefix, suffix)) = context
            && let Some(anchored) = self.anchored(quote, prefix, suffix)
            && anchored.is_moved()
        {
            return Some(anchored);
        }
        self.closest_window(quote)
    }

    /// The passage between the last words of `prefix` and the first words
    /// of `suffix` most like the quote, when they are still in the article
    /// at most about twice the quote's length apart. An empty prefix (or
    /// suffix) anchors at the article's start (or end). Linear in the
    /// article; the comparisons are paid from the budget.
    fn anchored(&self, quote: &str, prefix: &str, suffix: &str) -> Option<Closest> {
        // The context was cut at a number of characters: its outer word
        // may be part of one.
        let mut prefix_words: Vec<String> = words(prefix).into_iter().map(|w| w.2).collect();
        if prefix_words.len() > 1 && !prefix.starts_with(char::is_whitespace) {
            prefix_words.remove(0);
        }
        let mut suffix_words: Vec<String> = words(suffix).into_iter().map(|w| w.2).collect();
        if suffix_words.len() > 1 && !suffix.ends_with(char::is_whitespace) {
            suffix_words.pop();
        }
        let keys_of = |words: &[String]| -> Option<Vec<u32>> {
            words
                .iter()
                .filter(|k| !k.is_empty())
                .map(|k| self.key_ids.get(k).copied())
                .collect()
        };
        let prefix_keys = keys_of(&prefix_words)?;
        let suffix_keys = keys_of(&suffix_words)?;
        let prefix_keys = &prefix_keys[prefix_keys.len().saturating_sub(ANCHOR_WORDS)..];
        let suffix_keys = &suffix_keys[..suffix_keys.len().min(ANCHOR_WORDS)];
        let k = word_ranges(quote).count().max(1);
        let longest = 2 * k + 4;
        // Where the quote's passage may start (after each place the
        // prefix's last words stand) and end (before each place the
        // suffix's first words start).
        let starts: Vec<usize> = if prefix_keys.is_empty() {
            vec![0]
        } else {
            self.occurrences(prefix_keys)
                .into_iter()
                .map(|(_, last)| last + 1)
                .collect()
        };
        let ends: Vec<usize> = if suffix_keys.is_empty() {
            vec![self.spans.len()]
        } else {
            self.occurrences(suffix_keys)
                .into_iter()
                .map(|(first, _)| first)
                .collect()
        };
        let target: Vec<char> = normalize_for_match(quote).chars().collect();
        let mut best: Option<(f64, Window)> = None;
        for &start in &starts {
            let from = ends.partition_point(|&e| e <= start);
            for &end in ends[from..].iter().take_while(|&&e| e - start <= longest) {
                if end <= start {
                    continue;
                }
                let window = Window {
                    start,
                    len: end - start,
                };
                let text = self.window_text(window);
                if target.len() > FULL_COMPARE_CHARS || text.chars.len() > 2 * FULL_COMPARE_CHARS {
                    continue;
                }
                self.spend(target.len().max(1) * text.chars.len().max(1))?;
                let distance = prefix_distances(&target, &text.chars)[text.chars.len()];
                let sim = similarity(
                    distance + text.uncompared,
                    target.len(),
                    text.chars.len() + text.uncompared,
                );
                if best.is_none_or(|b| sim > b.0) {
                    best = Some((sim, window));
                }
            }
        }
        let (sim, window) = best?;
        Some(self.closest_of(quote, window, Some(sim), true))
    }

    /// The first and last word of each place (at most [`MAX_ANCHORS`])
    /// where words with these keys stand in a row, words of punctuation
    /// only between them looked through.
    fn occurrences(&self, keys: &[u32]) -> Vec<(usize, usize)> {
        let keyed: Vec<usize> = (0..self.keys.len())
            .filter(|&i| self.keys[i] != NO_KEY)
            .collect();
        let n = keys.len();
        if n == 0 || keyed.len() < n {
            return Vec::new();
        }
        (0..=keyed.len() - n)
            .filter(|&i| (0..n).all(|j| self.keys[keyed[i + j]] == keys[j]))
            .take(MAX_ANCHORS)
            .map(|i| (keyed[i], keyed[i + n - 1]))
            .collect()
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
    fn most_similar_window(
        &self,
        quote: &str,
        top: &[(usize, usize)],
        k: usize,
    ) -> Option<(f64, Window)> {
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
        best
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

/// A quote's closest passage: its text (white space made single spaces,
/// quote marks the quote has not dropped at its ends), its byte range in the
/// article (without the punctuation the quote has not at its ends), and how
/// alike it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Closest {
    pub text: String,
    /// The passage from `start` to `end`, white space made single spaces:
    /// what a moved quote becomes.
    pub replacement: String,
    pub start: usize,
    pub end: usize,
    /// Normalised Levenshtein similarity of the normalised texts, 0 to 1;
    /// `None` when the search's budget ran out before it was compared.
    pub similarity: Option<f64>,
    /// Words changed, inserted or dropped from the quote to the passage.
    pub word_distance: usize,
    /// Words in the quote.
    pub quote_words: usize,
    /// Found between the words of the claim's context.
    pub anchored: bool,
    /// The passage says what the quote says: the same polarity, the same
    /// names, numbers and dates, no content word substituted (at most one
    /// added per four). A correction keeps the meaning; "will" becoming
    /// "will not", May becoming June or 5 becoming 50 is another statement,
    /// which a person must annotate again, however alike the letters.
    pub same_meaning: bool,
}

/// The similarity at or above which a passage is the quote moved by a
/// correction (`quote-moved`) rather than another passage: at most one
/// character in five differs (after normalisation), which a fixed typo,
/// changed punctuation or a changed or inserted word in a quote of a few
/// words stays within, and a different sentence does not.
pub const MOVED_MIN_SIMILARITY: f64 = 0.8;

/// For a quote of at least [`MIN_WORDS_BY_WORD`] words, a passage less
/// alike by characters (down to [`MOVED_FLOOR_SIMILARITY`]) is still the
/// quote moved when at most one word in five (at least one) was changed,
/// inserted or dropped: a word inserted into a short quote.
pub const MIN_WORDS_BY_WORD: usize = 4;
pub const MOVED_FLOOR_SIMILARITY: f64 = 0.6;

/// Between the words of its context (unchanged before and after it), a
/// passage this alike is the quote moved.
pub const ANCHORED_MIN_SIMILARITY: f64 = 0.6;

/// The words of a context's prefix (its last) and suffix (its first) looked
/// for, and how many places of each are tried.
const ANCHOR_WORDS: usize = 3;
const MAX_ANCHORS: usize = 64;

impl Closest {
    /// Whether the passage is the quote, moved or corrected: see
    /// [`MOVED_MIN_SIMILARITY`], [`MIN_WORDS_BY_WORD`] and
    /// [`ANCHORED_MIN_SIMILARITY`].
    pub fn is_moved(&self) -> bool {
        let Some(sim) = self.similarity else {
            return false;
        };
        if !self.same_meaning {
            return false;
        }
        if self.anchored {
            return sim >= ANCHORED_MIN_SIMILARITY;
        }
        sim >= MOVED_MIN_SIMILARITY
            || (self.quote_words >= MIN_WORDS_BY_WORD
                && sim >= MOVED_FLOOR_SIMILARITY
                && self.word_distance <= (self.quote_words / 5).max(1))
    }
}

/// Whether `passage` says what `quote` says (see [`Closest::same_meaning`]),
/// by the propositions grouping reads from claims.
fn same_meaning(quote: &str, passage: &str) -> bool {
    use crate::proposition::{Alignment, Lexicon, Proposition};
    let lexicon = Lexicon::default();
    let (a, b) = (
        Proposition::new(quote, &lexicon),
        Proposition::new(passage, &lexicon),
    );
    // Words added or dropped are left to the similarity thresholds; a word
    // on each side left unmatched is a substitution ("open" for "close").
    let aligned = Alignment::of(&a, &b);
    a.negated == b.negated && a.guards == b.guards && aligned.only_a.min(aligned.only_b) == 0
}

/// The byte range `from..to` of `article` without the punctuation at its
/// ends that the quote has not (see inside), nor the white space it leaves.
fn trimmed_range(article: &str, from: usize, to: usize, quote: &str) -> (usize, usize) {
    let is_mark =
        |c: char| matches!(fold_punctuation(c), Some("\"" | "'")) || c == '"' || c == '\'';
    let quote = quote.trim();
    let mut s = &article[from..to];
    // Punctuation the quote does not start (end) with: all of it when the
    // quote starts (ends) with a letter or digit, else quote marks.
    if quote.starts_with(char::is_alphanumeric) {
        s = s.trim_start_matches(|c: char| !c.is_alphanumeric());
    } else if !quote.starts_with(is_mark) {
        s = s.trim_start_matches(is_mark).trim_start();
    }
    if quote.ends_with(char::is_alphanumeric) {
        s = s.trim_end_matches(|c: char| !c.is_alphanumeric());
    } else if !quote.ends_with(is_mark) {
        s = s.trim_end_matches(is_mark).trim_end();
    }
    if s.is_empty() {
        return (from, to);
    }
    let start = s.as_ptr() as usize - article.as_ptr() as usize;
    (start, start + s.len())
}

/// Levenshtein distance between two word sequences.
fn word_levenshtein(a: &[String], b: &[String]) -> usize {
    let mut column: Vec<usize> = (0..=a.len()).collect();
    for (j, bw) in b.iter().enumerate() {
        let mut diagonal = column[0];
        column[0] = j + 1;
        for (i, aw) in a.iter().enumerate() {
            let substitution = diagonal + usize::from(aw != bw);
            diagonal = column[i + 1];
            column[i + 1] = substitution.min(diagonal + 1).min(column[i] + 1);
        }
    }
    column[a.len()]
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

    fn moved(article: &str, quote: &str, context: Option<(&str, &str)>) -> Option<String> {
        PassageSearch::new(article)
            .relocate(quote, context)
            .filter(Closest::is_moved)
            .map(|c| c.replacement)
    }

    const CORRECTED: &str = "Correction: a quote was misspelt.\n\nThe mayor said: \u{201C}We will recieve the funds in June, not May.\u{201D} Her deputy disagreed.\nShe added: \"We are firmly on track.\" Then she left.";

    #[test]
    fn corrections_are_moves_and_another_sentence_is_not() {
        // A typo fixed (in the article), a word changed, a word inserted.
        assert_eq!(
            moved(
                CORRECTED,
                "We will receive the funds in June, not May.",
                None
            )
            .as_deref(),
            Some("We will recieve the funds in June, not May.")
        );
        // A month changed is another statement, however alike the letters;
        // so is a negation added, or a number changed.
        assert_eq!(
            moved(
                CORRECTED,
                "We will recieve the funds in July, not May",
                None
            ),
            None
        );
        let said = "Lee told the press: \"We will not open the bridge in June.\" Then 50 million.";
        assert_eq!(moved(said, "We will open the bridge in June.", None), None);
        assert_eq!(moved(said, "Then 5 million.", None), None);
        assert_eq!(
            moved(said, "We will not open the brige in June.", None).as_deref(),
            Some("We will not open the bridge in June.")
        );
        assert_eq!(
            moved(CORRECTED, "We are on track.", None).as_deref(),
            Some("We are firmly on track.")
        );
        // A different sentence sharing words, and a short quote changed.
        assert_eq!(
            moved(CORRECTED, "The deputy said the funds are gone.", None),
            None
        );
        assert_eq!(moved(CORRECTED, "She stayed", None), None);
        assert_eq!(
            moved(
                CORRECTED,
                "I have never seen the council this divided.",
                None
            ),
            None
        );
    }

    #[test]
    fn the_context_picks_the_passage_between_its_words() {
        let article = "Ann said: \"The bridge will open in June!\" Then Bo said: \"The bridge will open in June.\" The end.";
        // Both passages are one typo from the quote: the context decides.
        assert_eq!(
            moved(
                article,
                "The brige will open in June.",
                Some(("Then Bo said: \"", "\" The end."))
            )
            .as_deref(),
            Some("The bridge will open in June.")
        );
        let found = PassageSearch::new(article)
            .relocate(
                "The brige will open in June.",
                Some(("Then Bo said: \"", "\" The end.")),
            )
            .unwrap();
        assert!(found.anchored);
        assert_eq!(
            &article[found.start..found.end],
            "The bridge will open in June."
        );
        // Between its context, a heavier edit is still the quote; without
        // it, not.
        assert_eq!(
            moved(article, "The new bridge will finally open in June.", None),
            None
        );
        assert_eq!(
            moved(
                article,
                "The new bridge will finally open in June.",
                Some(("Bo said: \"", "\" The end"))
            )
            .as_deref(),
            Some("The bridge will open in June.")
        );
        // A context no longer in the article: the closest passage.
        assert_eq!(
            moved(
                article,
                "The bridge will open in Jun.",
                Some(("Cy said: ", " Fin"))
            )
            .as_deref(),
            Some("The bridge will open in June.")
        );
    }

    #[test]
    fn word_distance_counts_words() {
        let w = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(word_levenshtein(&w("a b c d"), &w("a b x c d")), 1);
        assert_eq!(word_levenshtein(&w("a b c d"), &w("a x y d")), 2);
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
