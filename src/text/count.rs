//! Counting many patterns in one text without work that grows with their
//! product: one pass of an Aho-Corasick automaton tells, for every pattern,
//! whether it occurs none, one or more times; only patterns found more than
//! once are then counted exactly, within a budget linear in the text.

use rustc_hash::FxHashMap;

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

/// How many occurrences [`ArticleText::count_all`](super::ArticleText::count_all) may list, per byte of
/// article (plus [`LISTED_OCCURRENCES_BASE`]), to count the quotes found
/// more than once exactly.
const LISTED_OCCURRENCES_PER_BYTE: usize = 4;
const LISTED_OCCURRENCES_BASE: usize = 1 << 24;

/// Each pattern's count of non-overlapping occurrences in `haystack` (exact,
/// or a lower bound past the budget; see [`ArticleText::count_all`](super::ArticleText::count_all)).
/// `None` if the patterns are too many or too long for an automaton.
pub(super) fn count_patterns(haystack: &str, patterns: &[&str]) -> Option<Vec<usize>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ArticleText;

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
}
