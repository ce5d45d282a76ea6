//! Whether two propositions are the same or near: content words aligned
//! with typos forgiven ([`Alignment`]), asides left out, and the rules of
//! [`same_proposition`] and [`near_proposition`] (the `similar-claim`
//! warning).

use super::words::{STOPWORDS, class, class_of, is_stopword};
use super::{Proposition, WordText};
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// How two propositions' content words line up: exact or typo-level matches
/// (Damerau-Levenshtein 1 for words of 5+ letters, 2 for 9+), then the
/// words left over on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alignment {
    pub matched: usize,
    pub only_a: usize,
    pub only_b: usize,
}

impl Alignment {
    /// Aligns the content words of two propositions.
    pub fn of(a: &Proposition, b: &Proposition) -> Alignment {
        Alignment::of_words(&a.content, &a.raw, &b.content, &b.raw)
    }

    /// Aligns stemmed words (`a`, `b`) with their unstemmed forms alongside.
    pub fn of_words<S: AsRef<str>>(a: &[S], a_raw: &[S], b: &[S], b_raw: &[S]) -> Alignment {
        let mut used = vec![false; b.len()];
        let mut pending = Vec::new();
        let mut matched = 0;
        for (i, x) in a.iter().enumerate() {
            // exact first; a linear probe is fine for claim-sized lists
            let x = x.as_ref();
            match b
                .iter()
                .enumerate()
                .position(|(j, y)| !used[j] && x == y.as_ref())
            {
                Some(j) => {
                    used[j] = true;
                    matched += 1;
                }
                None => pending.push(i),
            }
        }
        let mut only_a = 0;
        for i in pending {
            let close = (0..b.len()).find(|&j| {
                !used[j]
                    && (typo_close(a_raw[i].as_ref(), b_raw[j].as_ref())
                        || typo_close(a[i].as_ref(), b[j].as_ref()))
            });
            match close {
                Some(j) => {
                    used[j] = true;
                    matched += 1;
                }
                None => only_a += 1,
            }
        }
        Alignment {
            matched,
            only_a,
            only_b: used.iter().filter(|u| !**u).count(),
        }
    }

    /// Dice similarity of the two word lists, 1.0 for two empty lists.
    pub fn dice(&self) -> f64 {
        let total = 2 * self.matched + self.only_a + self.only_b;
        if total == 0 {
            1.0
        } else {
            (2 * self.matched) as f64 / total as f64
        }
    }
}

/// A typo rather than another word: the same first letter (people rarely
/// mistype it, and "hire" / "fire" must stay apart), and a Damerau-Levenshtein
/// distance of 1 for words of 5+ letters, 2 for 9+.
fn typo_close(a: &str, b: &str) -> bool {
    if a.chars().any(|c| c.is_ascii_digit()) || b.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if a.chars().next() != b.chars().next() {
        return false;
    }
    let (len_a, len_b) = (a.chars().count(), b.chars().count());
    let allowed = match len_a.min(len_b) {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    };
    // The length difference and the letters one word has and the other has
    // not are lower bounds of the distance, and far cheaper.
    allowed > 0
        && len_a.abs_diff(len_b) <= allowed
        && letters_apart(a, b) <= allowed
        && strsim::damerau_levenshtein(a, b) <= allowed
}

/// How many letters of the longer-differing side have no counterpart in the
/// other word (as multisets, ASCII letters only; other characters count as
/// matched). Each edit changes this by at most one, so it is a lower bound
/// of the edit distance.
fn letters_apart(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 128];
    for c in a.bytes().filter(u8::is_ascii) {
        counts[c as usize] += 1;
    }
    for c in b.bytes().filter(u8::is_ascii) {
        counts[c as usize] -= 1;
    }
    let (more, fewer) = counts.iter().fold((0, 0), |(m, f), &n| {
        (m + n.max(0) as usize, f + (-n).max(0) as usize)
    });
    more.max(fewer)
}

/// Whether two propositions are the same, whatever their polarity: equal
/// guards, and content words that line up with no substitution (a word on
/// each side left unmatched means "library" vs "stadium") and at most one
/// extra word per four (an added modifier such as "finally").
pub fn same_proposition(a: &Proposition, b: &Proposition) -> bool {
    if a.guards != b.guards {
        return false;
    }
    same_words(&a.content, &a.raw, &b.content, &b.raw)
        || (a.has_aside() || b.has_aside()) && {
            let (a_content, a_raw) = a.without_asides();
            let (b_content, b_raw) = b.without_asides();
            same_words(&a_content, &a_raw, &b_content, &b_raw)
        }
}

/// [`same_proposition`] for equal guards: the content words alone (stemmed
/// and as written).
fn same_words<S: AsRef<str>>(a: &[S], a_raw: &[S], b: &[S], b_raw: &[S]) -> bool {
    let al = Alignment::of_words(a, a_raw, b, b_raw);
    let substitutions = al.only_a.min(al.only_b);
    let extra = al.only_a.max(al.only_b) - substitutions;
    let longest = a.len().max(b.len());
    substitutions == 0 && extra <= (longest + 1) / 4 && al.matched > 0
        || a.is_empty() && b.is_empty()
}

/// Misspellings of function words ("teh", "wll"): two letters after the
/// first swapped, or, in words of four letters or more, one dropped.
static STOPWORD_TYPOS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    let mut typos = FxHashSet::default();
    for w in STOPWORDS.iter().filter(|w| w.len() >= 3 && w.is_ascii()) {
        let b = w.as_bytes();
        for i in 1..b.len() - 1 {
            let mut t = b.to_vec();
            t.swap(i, i + 1);
            typos.insert(String::from_utf8(t).expect("ascii"));
        }
        if b.len() >= 4 {
            for i in 1..b.len() {
                let mut t = b.to_vec();
                t.remove(i);
                typos.insert(String::from_utf8(t).expect("ascii"));
            }
        }
    }
    typos.retain(|t| !is_stopword(t));
    typos
});

/// Whether a content word (as written) is an aside to the proposition:
/// who reports it ("sources say", "reportedly") or a misspelt function word.
fn is_aside(raw: &str) -> bool {
    class_of(raw) & class::ATTRIBUTING != 0 || STOPWORD_TYPOS.contains(raw)
}

impl Proposition {
    fn has_aside(&self) -> bool {
        self.raw.iter().any(|w| is_aside(w))
    }

    /// The content words (stemmed, and as written) without the asides
    /// ([`is_aside`]). They stay in the proposition otherwise: a
    /// misspelling may also be a real word ("cold" is "could" mistyped, or
    /// cold), and how a headline is attributed still says something about
    /// which story it tells.
    fn without_asides(&self) -> (Vec<&WordText>, Vec<&WordText>) {
        self.content
            .iter()
            .zip(&self.raw)
            .filter(|(_, r)| !is_aside(r))
            .unzip()
    }
}

impl Alignment {
    /// [`Alignment::of`] with the asides of both claims left out ("sources
    /// say", "reportedly", a misspelt function word).
    pub fn without_asides(a: &Proposition, b: &Proposition) -> Alignment {
        let (a_content, a_raw) = a.without_asides();
        let (b_content, b_raw) = b.without_asides();
        Alignment::of_words(&a_content, &a_raw, &b_content, &b_raw)
    }
}

/// A claim's content words (stemmed) without its asides.
pub fn content_without_asides(p: &Proposition) -> Vec<&WordText> {
    p.without_asides().0
}

/// Used for the `similar-claim` warning: near enough that an annotator may
/// have meant the same proposition, though the rules keep them apart. Either
/// equal guards and content words with a Dice similarity of at least 0.5
/// ("library" vs "stadium"), or the same content words and guards that
/// differ in one word by a typo ("Northgate" vs "Nortgate").
pub fn near_proposition(a: &Proposition, b: &Proposition) -> bool {
    if a.guards == b.guards {
        return Alignment::of(a, b).dice() >= 0.5;
    }
    // The guards first: they are cheap to compare, and most pairs whose
    // guards differ differ by more than a typo, which settles it.
    let only_a: Vec<&WordText> = a.guards.iter().filter(|g| !b.guards.contains(g)).collect();
    let only_b: Vec<&WordText> = b.guards.iter().filter(|g| !a.guards.contains(g)).collect();
    matches!((only_a.as_slice(), only_b.as_slice()), ([x], [y]) if x.chars().count() >= 4 && strsim::damerau_levenshtein(x, y) <= 1)
        && {
            let al = Alignment::of(a, b);
            al.only_a == 0 && al.only_b == 0
        }
}
