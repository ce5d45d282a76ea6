//! Text normalisation for quote matching, counting quotes in an article,
//! and the search for the passage closest to a quote that was not found.
//! No input makes any of them take time that grows with the square of its
//! size: see [`ArticleText::count_all`] and [`closest_passage`].

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use caseless::Caseless;
use rustc_hash::{FxHashMap, FxHashSet};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

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
/// dashes become `-`, invisible characters go, and text that Unicode holds
/// equivalent becomes the same: composed and decomposed accents,
/// compatibility forms (full-width letters, ligatures) and letter case under
/// full case folding (`ß` and `ss`, final and medial sigma).
pub fn normalize_for_match(text: &str) -> String {
    let mut out = MatchText::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let (unicode_start, unicode_end) = next_unicode_segment(bytes, at);
        // Most text is ASCII, where Unicode normalisation changes nothing
        // and case folding is ASCII lower case: one byte at a time.
        for &b in &bytes[at..unicode_start] {
            out.push_ascii(b);
        }
        if unicode_end > unicode_start {
            out.push_unicode(&text[unicode_start..unicode_end]);
        }
        at = unicode_end;
    }
    out.text
}

/// The next stretch of text from byte `from` that needs Unicode
/// normalisation, as a byte range; empty at the end of the text when the rest
/// is ASCII. It starts at the ASCII character before the first non-ASCII one,
/// which may be the base of a combining accent, and ends before an ASCII
/// character followed by another ASCII character: neither composes with
/// anything, so the text on either side normalises alone. ASCII control
/// characters, which normalisation drops, are looked through.
fn next_unicode_segment(bytes: &[u8], from: usize) -> (usize, usize) {
    let dropped = |b: u8| matches!(b, 0..=0x08 | 0x0E..=0x1F | 0x7F);
    let Some(offset) = bytes[from..].iter().position(|b| !b.is_ascii()) else {
        return (bytes.len(), bytes.len());
    };
    let first = from + offset;
    let mut start = first;
    while start > from && dropped(bytes[start - 1]) {
        start -= 1;
    }
    start = start.saturating_sub(1).max(from);
    let mut end = first;
    while end < bytes.len() {
        if bytes[end].is_ascii() && !dropped(bytes[end]) {
            // Each run of control characters is looked through once, from
            // the character before it: linear.
            let next = bytes[end + 1..].iter().find(|&&b| !dropped(b));
            if next.is_none_or(u8::is_ascii) {
                break;
            }
        }
        end += 1;
    }
    (start, end)
}

/// Text normalised for matching, built one character at a time.
struct MatchText {
    text: String,
    pending_space: bool,
    /// Reused for each stretch of non-ASCII text.
    scratch: Vec<char>,
}

impl MatchText {
    fn with_capacity(capacity: usize) -> Self {
        MatchText {
            text: String::with_capacity(capacity),
            pending_space: false,
            scratch: Vec::new(),
        }
    }

    /// [`MatchText::push`] for an ASCII byte, without the Unicode tables.
    fn push_ascii(&mut self, b: u8) {
        match b {
            b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' => {
                self.pending_space = !self.text.is_empty();
            }
            0..=0x1F | 0x7F => {}
            _ => {
                if self.pending_space {
                    self.text.push(' ');
                    self.pending_space = false;
                }
                self.text.push(match b {
                    b'`' => '\'',
                    _ => char::from(b.to_ascii_lowercase()),
                });
            }
        }
    }

    /// Adds a character that is ASCII or already Unicode-normalised and
    /// case-folded: white space collapses, invisible characters go,
    /// punctuation folds, ASCII letters go to lower case.
    fn push(&mut self, c: char) {
        if c.is_ascii() {
            return self.push_ascii(c as u8);
        }
        if c.is_whitespace() {
            self.pending_space = !self.text.is_empty();
            return;
        }
        if is_invisible(c) || c.is_control() {
            return;
        }
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        match fold_punctuation(c) {
            Some(folded) => self.text.push_str(folded),
            None => self.text.push(c),
        }
    }

    /// Adds text with non-ASCII characters: Unicode's compatibility caseless
    /// form (full case folding and NFKD, as in its definition D145), then
    /// composed (NFKC) so that an accented letter stays one character and a
    /// quote without the accent does not match it.
    fn push_unicode(&mut self, segment: &str) {
        // Invisible characters go and punctuation folds first: a zero-width
        // space must not keep an accent from its letter, and the double prime
        // is a double quote here, where compatibility makes it two primes.
        let mut prepared = std::mem::take(&mut self.scratch);
        prepared.clear();
        for c in segment.chars() {
            if is_invisible(c) || (c.is_control() && !c.is_whitespace()) {
                continue;
            }
            match fold_punctuation(c) {
                Some(folded) => prepared.extend(folded.chars()),
                None => prepared.push(c),
            }
        }
        // Nearly all text is composed already and each of its characters
        // folds alone: then a table look-up a character is the whole answer.
        let simple: Option<Vec<char>> = prepared.iter().map(|&c| simple_fold(c)).collect();
        match simple {
            Some(folded) => folded.into_iter().for_each(|c| self.push(c)),
            None => {
                caseless_compatibility_form(prepared.iter().copied()).for_each(|c| self.push(c))
            }
        }
        self.scratch = prepared;
    }
}

/// Unicode's compatibility caseless form of a text (D145: full case folding
/// and compatibility decomposition, twice, with a canonical decomposition
/// first), recomposed.
fn caseless_compatibility_form(text: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    text.nfd()
        .default_case_fold()
        .nfkd()
        .default_case_fold()
        .nfkc()
}

/// The normalised form of a character that normalises alone, one character
/// (ASCII letters to lower case, `É` to `é`, `Σ` and `ς` to `σ`); `None`
/// for one that may compose with its neighbours (combining accents, Hangul
/// jamo), changes under compatibility (`Ａ`, `ﬁ`), expands under case
/// folding (`ß`) or is past the Basic Multilingual Plane. Text of such characters alone normalises a character
/// at a time, to the same as [`caseless_compatibility_form`].
fn simple_fold(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    const BLOCK: usize = 256;
    // Blocks of the Basic Multilingual Plane, computed when first needed
    // from the normalisation itself; u32::MAX marks a character that is not
    // simple.
    static BLOCKS: [OnceLock<Box<[u32; BLOCK]>>; 0x10000 / BLOCK] =
        [const { OnceLock::new() }; 0x10000 / BLOCK];
    let code = c as usize;
    let block = BLOCKS.get(code / BLOCK)?.get_or_init(|| {
        let mut table = Box::new([u32::MAX; BLOCK]);
        for (i, entry) in table.iter_mut().enumerate() {
            let folded = u32::try_from(code / BLOCK * BLOCK + i)
                .ok()
                .and_then(char::from_u32)
                .and_then(fold_alone);
            if let Some(f) = folded {
                *entry = f as u32;
            }
        }
        table
    });
    char::from_u32(block[code % BLOCK])
}

/// The caseless compatibility form of `c` if it is one character that
/// neither composes with a character before or after it nor comes from one
/// that does.
fn fold_alone(c: char) -> Option<char> {
    let stands_alone = |c: char| {
        canonical_combining_class(c) == 0 && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
    };
    if !stands_alone(c) {
        return None;
    }
    let mut form = caseless_compatibility_form(std::iter::once(c));
    match (form.next(), form.next()) {
        (Some(f), None) if stands_alone(f) => Some(f),
        _ => None,
    }
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
    /// The closest-passage search, prepared on the first quote not found.
    passages: OnceLock<PassageSearch<'a>>,
}

/// Up to this many quotes, [`ArticleText::count_all`] searches for each in
/// turn; past it, for all at once.
const DIRECT_SEARCH_MAX_QUOTES: usize = 16;

/// How many occurrences [`ArticleText::count_all`] may list, per byte of
/// article (plus [`LISTED_OCCURRENCES_BASE`]), to count the quotes found
/// more than once exactly.
const LISTED_OCCURRENCES_PER_BYTE: usize = 4;
const LISTED_OCCURRENCES_BASE: usize = 1 << 24;

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

    /// The passage of the article that looks most like `quote`; see
    /// [`closest_passage`]. All searches on one article share its words and
    /// one budget of edit-distance work.
    pub fn closest_passage(&self, quote: &str) -> Option<String> {
        self.passages
            .get_or_init(|| PassageSearch::new(self.original))
            .closest(quote)
    }
}

/// An Aho-Corasick automaton over quotes. An NFA builds in time linear in
/// the patterns; a DFA's construction explodes on a quote of a million
/// characters.
fn automaton(patterns: &[&str]) -> Option<aho_corasick::nfa::contiguous::NFA> {
    aho_corasick::nfa::contiguous::NFA::builder()
        .match_kind(aho_corasick::MatchKind::Standard)
        .build(patterns)
        .ok()
}

/// Where a pattern occurs, as far as one pass tells without listing each
/// occurrence.
#[derive(Clone, Copy)]
struct Occurrences {
    first_end: usize,
    last_end: usize,
    /// All occurrences, overlapping ones too.
    all: usize,
}

impl Occurrences {
    /// The non-overlapping count up to 2: there is a second occurrence
    /// exactly when the last one starts where the first ends or later.
    fn at_most_two(&self, len: usize) -> usize {
        if self.last_end >= self.first_end + len {
            2
        } else {
            1
        }
    }

    /// A lower bound of the non-overlapping count of `pattern`: the
    /// occurrences that start within one counted from the left are at least
    /// its period apart (the shortest shift that maps it onto itself), so
    /// there are at most `len / period` (rounded up) of them.
    fn at_least(&self, pattern: &str) -> usize {
        let len = pattern.len();
        let per_counted = len.div_ceil(period(pattern.as_bytes()).max(1)).max(1);
        self.all.div_ceil(per_counted).max(self.at_most_two(len))
    }
}

/// Each pattern's count of non-overlapping occurrences in `haystack` (exact,
/// or a lower bound past the budget; see [`ArticleText::count_all`]).
/// `None` if the patterns are too many or too long for an automaton.
fn count_patterns(haystack: &str, patterns: &[&str]) -> Option<Vec<usize>> {
    let occurrences = tally(haystack, patterns)?;
    let mut counts: Vec<usize> = occurrences
        .iter()
        .zip(patterns)
        .map(|(o, p)| o.map_or(0, |o| o.at_most_two(p.len())))
        .collect();
    // Quotes found more than once, fewest occurrences first, while the
    // occurrences to list stay within the budget.
    let mut repeated: Vec<usize> = (0..patterns.len()).filter(|&p| counts[p] == 2).collect();
    repeated.sort_by_key(|&p| occurrences[p].map_or(0, |o| o.all));
    let mut budget = LISTED_OCCURRENCES_PER_BYTE
        .saturating_mul(haystack.len())
        .saturating_add(LISTED_OCCURRENCES_BASE);
    let mut exact = Vec::new();
    for &p in &repeated {
        let all = occurrences[p].map_or(0, |o| o.all);
        match budget.checked_sub(all) {
            Some(left) => {
                budget = left;
                exact.push(p);
            }
            None => counts[p] = occurrences[p].map_or(2, |o| o.at_least(patterns[p])),
        }
    }
    if !exact.is_empty() {
        let subset: Vec<&str> = exact.iter().map(|&p| patterns[p]).collect();
        for (&p, n) in exact.iter().zip(count_non_overlapping(haystack, &subset)?) {
            counts[p] = n;
        }
    }
    Some(counts)
}

/// The smallest period of `pattern`: its length less its longest proper
/// border (Knuth-Morris-Pratt failure function), in linear time.
fn period(pattern: &[u8]) -> usize {
    let mut border = vec![0usize; pattern.len()];
    let mut k = 0;
    for i in 1..pattern.len() {
        while k > 0 && pattern[i] != pattern[k] {
            k = border[k - 1];
        }
        if pattern[i] == pattern[k] {
            k += 1;
        }
        border[i] = k;
    }
    pattern.len() - border.last().copied().unwrap_or(0)
}

/// Where each pattern occurs in `haystack` (`None` for a pattern not in
/// it), from one pass of an automaton that notes the first and last visit to
/// each matching state and the number of visits: a pattern occurs wherever
/// the automaton is in a state that matches it. The work is one step per
/// byte plus the patterns listed in the states visited, never the number of
/// occurrences.
fn tally(haystack: &str, patterns: &[&str]) -> Option<Vec<Option<Occurrences>>> {
    use aho_corasick::automaton::Automaton;
    let nfa = automaton(patterns)?;
    let mut visits: FxHashMap<aho_corasick::automaton::StateID, Occurrences> = FxHashMap::default();
    let mut sid = nfa.start_state(aho_corasick::Anchored::No).ok()?;
    for (i, &byte) in haystack.as_bytes().iter().enumerate() {
        sid = nfa.next_state(aho_corasick::Anchored::No, sid, byte);
        if nfa.is_match(sid) {
            let end = i + 1;
            let v = visits.entry(sid).or_insert(Occurrences {
                first_end: end,
                last_end: end,
                all: 0,
            });
            v.last_end = end;
            v.all += 1;
        }
    }
    let mut out: Vec<Option<Occurrences>> = vec![None; patterns.len()];
    for (&sid, v) in &visits {
        for k in 0..nfa.match_len(sid) {
            let o = &mut out[nfa.match_pattern(sid, k).as_usize()];
            *o = Some(match *o {
                None => *v,
                Some(o) => Occurrences {
                    first_end: o.first_end.min(v.first_end),
                    last_end: o.last_end.max(v.last_end),
                    all: o.all + v.all,
                },
            });
        }
    }
    Some(out)
}

/// Each pattern's exact count of non-overlapping occurrences, listing every
/// occurrence: one pass, plus one step per occurrence (overlapping ones too).
fn count_non_overlapping(haystack: &str, patterns: &[&str]) -> Option<Vec<usize>> {
    use aho_corasick::automaton::Automaton;
    let nfa = automaton(patterns)?;
    let mut counts = vec![0; patterns.len()];
    // Occurrences come in order of their end; all occurrences of one
    // pattern have one length, so that is also the order of their start.
    let mut next_free = vec![0; patterns.len()];
    let mut sid = nfa.start_state(aho_corasick::Anchored::No).ok()?;
    for (i, &byte) in haystack.as_bytes().iter().enumerate() {
        sid = nfa.next_state(aho_corasick::Anchored::No, sid, byte);
        if nfa.is_match(sid) {
            let end = i + 1;
            for k in 0..nfa.match_len(sid) {
                let p = nfa.match_pattern(sid, k).as_usize();
                if end - patterns[p].len() >= next_free[p] {
                    counts[p] += 1;
                    next_free[p] = end;
                }
            }
        }
    }
    Some(counts)
}

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
struct PassageSearch<'a> {
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
    fn new(article: &'a str) -> Self {
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

    fn closest(&self, quote: &str) -> Option<String> {
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

/// Cuts long text at a character boundary, marking the cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// Characters a terminal may act on that JSON escaping leaves raw: C1
/// controls (U+009B is a one-character CSI) and bidi embeddings, overrides
/// and isolates.
pub fn acts_on_terminal(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// JSON text with the characters of [`acts_on_terminal`] written as
/// `\uXXXX` escapes: the same JSON value, safe to show. Outside strings
/// JSON text is ASCII, so every such character is inside a string, where
/// an escape means the character itself.
pub fn json_terminal_safe(json: String) -> String {
    if !json.contains(acts_on_terminal) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if acts_on_terminal(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
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
    fn json_keeps_its_value_and_loses_what_a_terminal_acts_on() {
        let text = "a\u{9b}31mb\u{202E}c\u{85}d \u{2019}";
        let json = json_terminal_safe(serde_json::to_string(text).unwrap());
        assert!(!json.contains(acts_on_terminal), "{json}");
        assert!(json.contains("\\u009b") && json.contains("\u{2019}"));
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
    }

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

    // --- Unicode equivalence ---

    #[test]
    fn unicode_equivalent_text_normalises_alike() {
        let same = |a: &str, b: &str| {
            assert_eq!(
                normalize_for_match(a),
                normalize_for_match(b),
                "{a:?} vs {b:?}"
            )
        };
        // Composed (NFC) and decomposed (NFD) accents.
        same("caf\u{E9} \u{C9}cole", "cafe\u{301} E\u{301}cole");
        same("\u{1F00}\u{3B9}", "\u{3B1}\u{313}\u{345}");
        // Hangul syllables and their jamo.
        same("\u{AC01}", "\u{1100}\u{1161}\u{11A8}");
        // Compatibility forms: full-width letters and digits, ligatures.
        same(
            "\u{FF23}\u{FF4C}\u{FF41}\u{FF49}\u{FF4D} \u{FF12}\u{FF10}\u{FF12}\u{FF14}",
            "claim 2024",
        );
        same("\u{FB01}nal e\u{FB00}ort", "final effort");
        // Full case folding: sharp s, capital sharp s, final sigma.
        same("STRASSE", "Stra\u{DF}e");
        same("STRA\u{1E9E}E", "strasse");
        same(
            "\u{39F}\u{394}\u{39F}\u{3A3}",
            "\u{3BF}\u{3B4}\u{3BF}\u{3C2}",
        );
        same(
            "\u{3BF}\u{3B4}\u{3BF}\u{3C3}",
            "\u{3BF}\u{3B4}\u{3BF}\u{3C2}",
        );
        // The folds that were there before stay.
        same("\u{2033}Hi\u{2033} \u{2014} it\u{2019}s", "\"hi\" - it's");
        same("wait\u{2026}", "wait...");
        // An accent still counts: a quote without it does not match.
        assert_ne!(
            normalize_for_match("cafe"),
            normalize_for_match("cafe\u{301}")
        );
        let article = ArticleText::new("Le cafe\u{301} ferme.");
        assert_eq!(
            article.find("le cafe ferme"),
            QuoteMatch::NotFound {
                closest: Some("Le cafe\u{301} ferme.".into())
            }
        );
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

    /// The whole of a text through the Unicode pipeline at once: what
    /// [`normalize_for_match`] does a stretch at a time.
    fn normalize_whole(text: &str) -> String {
        let prepared: String = text
            .chars()
            .filter(|&c| !(is_invisible(c) || (c.is_control() && !c.is_whitespace())))
            .map(|c| fold_punctuation(c).map_or_else(|| c.to_string(), str::to_owned))
            .collect();
        let mut out = MatchText::with_capacity(prepared.len());
        caseless_compatibility_form(prepared.chars()).for_each(|c| out.push(c));
        out.text
    }

    /// Pieces that compose, decompose, fold or vanish, with their neighbours.
    const TRICKY: &[&str] = &[
        "a",
        "e",
        "E",
        "s",
        "S",
        "x",
        "1",
        " ",
        "\n",
        "\t",
        "\u{1}",
        "\u{7F}",
        "`",
        "\u{301}",
        "\u{323}",
        "\u{345}",
        "\u{308}",
        "\u{E9}",
        "\u{C9}",
        "\u{DF}",
        "\u{1E9E}",
        "\u{3A3}",
        "\u{3C2}",
        "\u{3C3}",
        "\u{3AC}",
        "\u{1FB3}",
        "\u{FB01}",
        "\u{FF21}",
        "\u{FF41}",
        "\u{AC00}",
        "\u{1100}",
        "\u{1161}",
        "\u{11A8}",
        "\u{3131}",
        "\u{200B}",
        "\u{AD}",
        "\u{2019}",
        "\u{201C}",
        "\u{2033}",
        "\u{2026}",
        "\u{2014}",
        "\u{A0}",
        "\u{3000}",
        "\u{130}",
        "\u{131}",
        "\u{1C5}",
        "\u{3392}",
        "\u{212B}",
        "\u{2126}",
        "\u{B47}",
        "\u{B3E}",
        "\u{F73}",
        "\u{2460}",
        "\u{1F600}",
        "\u{10400}",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        #[test]
        fn normalising_a_stretch_at_a_time_agrees_with_normalising_the_whole(
            pieces in proptest::collection::vec(proptest::sample::select(TRICKY), 0..24)
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(normalize_for_match(&text), normalize_whole(&text));
        }
    }

    #[test]
    fn characters_that_fold_alone_never_join_their_neighbours() {
        // A character from the table of simple ones must start, at every step
        // of the pipeline, with a starter that composes with nothing before
        // it, or text of such characters would not normalise one at a time.
        let starts_clean = |text: Vec<char>| {
            text.first().is_none_or(|&c| {
                canonical_combining_class(c) == 0
                    && unicode_normalization::is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
            })
        };
        for c in (0x80..0x10000).filter_map(char::from_u32) {
            if simple_fold(c).is_none() {
                continue;
            }
            let one = || std::iter::once(c);
            assert!(starts_clean(one().nfd().collect()), "{c:?}");
            assert!(
                starts_clean(one().nfd().default_case_fold().collect()),
                "{c:?}"
            );
            assert!(
                starts_clean(one().nfd().default_case_fold().nfkd().collect()),
                "{c:?}"
            );
            assert!(
                starts_clean(
                    one()
                        .nfd()
                        .default_case_fold()
                        .nfkd()
                        .default_case_fold()
                        .nfkd()
                        .collect()
                ),
                "{c:?}"
            );
        }
    }

    // --- Bounded work ---

    #[test]
    fn the_period_is_the_shortest_self_overlap() {
        assert_eq!(period(b"abc"), 3);
        assert_eq!(period(b"aaa"), 1);
        assert_eq!(period(b"a a a"), 2);
        assert_eq!(period(b"abcab"), 3);
        assert_eq!(period(b""), 0);
    }

    #[test]
    fn many_quotes_that_overlap_themselves_are_counted_in_linear_time() {
        // Quotes `a`, `a a`, `a a a`... over `a a a a...`: listing every
        // occurrence of every quote would take 300 x 50,000 steps.
        let article_text = "a ".repeat(50_000);
        let article = ArticleText::new(&article_text);
        let quotes: Vec<String> = (1..=300).map(|i| vec!["a"; i].join(" ")).collect();
        let refs: Vec<&str> = quotes.iter().map(String::as_str).collect();
        let started = std::time::Instant::now();
        let counts = article.count_all(&refs);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        for (i, (q, &n)) in refs.iter().zip(&counts).enumerate() {
            // The exact count of `i + 1` words: whole groups of them.
            let exact = 50_000 / (i + 1);
            assert!(n >= 2 && n <= exact, "{q:?}: {n} > {exact}");
        }
        // A quote that cannot overlap itself is counted exactly, however often.
        assert_eq!(counts[0], 50_000);
        // The lower bound from the period is exact on a run like this one.
        assert_eq!(counts[1], 25_000);
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
