//! The tests that decide whether claims may be grouped as one story though
//! they are not the same proposition: the words that say which story a
//! claim tells ([`story_words`]), and what keeps two claims apart
//! ([`story_near_miss`], [`other_names_alike`], [`short_claim_altered`],
//! [`one_word_swapped`]).

use super::compare::Alignment;
use super::stem::stem;
use super::words::{MONTH, STORY_STOPWORDS, class, class_of};
use super::{Proposition, WordText};
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// Claims with fewer content words than this are judged only by
/// [`same_proposition`](super::same_proposition) (a name alone says which story it tells no better
/// than a number). Others, such as headlines, may also be grouped as one
/// story (see `reconcile`).
pub const STORY_MIN_WORDS: usize = 1;

/// [`STORY_STOPWORDS`] as written and stemmed, as content words are.
static STORY_STOP: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    STORY_STOPWORDS
        .iter()
        .flat_map(|w| {
            [
                *w,
                Box::leak(stem(w).into_string().into_boxed_str()) as &str,
            ]
        })
        .collect()
});

/// The words that say which story a long claim tells: its content words
/// (stemmed) without the words of reporting, then its guards, both without
/// hashtags; each list sorted and distinct.
pub fn story_words(p: &Proposition) -> (Vec<&str>, Vec<&str>) {
    let untagged = |w: &&str| !p.tags.iter().any(|t| t == w);
    let mut content: Vec<&str> = p
        .content
        .iter()
        .map(WordText::as_str)
        .filter(|w| !STORY_STOP.contains(w))
        .filter(untagged)
        .collect();
    content.sort_unstable();
    content.dedup();
    let guards = p.guards.iter().map(WordText::as_str).filter(untagged);
    (content, guards.collect())
}

/// What a guard word is: a number, a month, a season or a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardKind {
    Number,
    Month,
    Season,
    Name,
}

fn guard_kind(g: &str) -> GuardKind {
    if g.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        GuardKind::Number
    } else if MONTH.values().any(|m| *m == g) {
        GuardKind::Month
    } else if class_of(g) & class::SEASON != 0 || g == "autumn" {
        GuardKind::Season
    } else {
        GuardKind::Name
    }
}

/// Claims that share a name and little else: each says at least twice as
/// many things the other does not as they share ("Jessica Jones season 2
/// focuses on the supporting characters" / "The premiere date of Jessica
/// Jones season 2 is announced": "season" shared, three words apart).
pub fn subject_only(a: &Proposition, b: &Proposition) -> bool {
    let al = Alignment::without_asides(a, b);
    guards_of(GuardKind::Name, a).any(|g| b.guards.contains(g))
        && al.matched * 2 < al.only_a.min(al.only_b)
}

/// Whether each claim has a guard of this kind that the other lacks.
pub fn guards_each_lack(kind: GuardKind, a: &Proposition, b: &Proposition) -> bool {
    each_lacks(kind, a, b)
}

/// A claim's guards of one kind, in order.
pub fn guards_of(kind: GuardKind, p: &Proposition) -> impl Iterator<Item = &WordText> {
    p.guards.iter().filter(move |g| guard_kind(g) == kind)
}

/// True when each claim has a guard of this kind that the other lacks:
/// they name different things of one kind, not just more of them.
fn each_lacks(kind: GuardKind, a: &Proposition, b: &Proposition) -> bool {
    let only = |x: &Proposition, y: &Proposition| {
        x.guards
            .iter()
            .any(|g| guard_kind(g) == kind && !y.guards.contains(g))
    };
    only(a, b) && only(b, a)
}

/// Whether two claims say much the same of different named things: each
/// names something the other does not, they share no name, and their
/// content words line up with a Dice similarity of at least 0.5
/// (`OTHER_NAMES_DICE`; "The Northgate stadium will reopen after the
/// works" / "Mayor Smith says the Southgate library will reopen after the
/// works"). Such claims are not linked as one story directly. Headlines add
/// names freely ("..., CNN says", "Source: ..."), which is not naming
/// another thing, and two headlines of one story that say different things
/// often name different actors ("ISIS beheads ..." / "Obama denounces
/// ..."): those share few content words.
pub fn other_names_alike(a: &Proposition, b: &Proposition) -> bool {
    each_lacks(GuardKind::Name, a, b)
        && !a
            .guards
            .iter()
            .any(|g| guard_kind(g) == GuardKind::Name && b.guards.contains(g))
        && Alignment::of(a, b).dice() >= OTHER_NAMES_DICE
}

/// How alike the content words of two claims naming different things must
/// be for [`other_names_alike`].
const OTHER_NAMES_DICE: f64 = 0.5;

/// A short claim (fewer than three content words, where each word is the
/// proposition) may be told at more length but not altered: linking it
/// needs no content word substituted, no name swapped and the same numbers
/// and dates ("premieres in 2018" is not
/// "premieres on March 8, 2018"). "Umar Lanwor cuts 290 homes" is not "Umar
/// Ridgeeast is no longer hiring 290 homes", though they share a name, a
/// number and a word.
pub fn short_claim_altered(a: &Proposition, b: &Proposition) -> bool {
    if a.content.len().min(b.content.len()) >= 3 {
        return false;
    }
    fn dates(p: &Proposition) -> impl Iterator<Item = &WordText> {
        p.guards.iter().filter(|g| guard_kind(g) != GuardKind::Name)
    }
    let al = Alignment::of(a, b);
    al.only_a > 0 && al.only_b > 0 || each_lacks(GuardKind::Name, a, b) || !dates(a).eq(dates(b))
}

/// Whether two claims may not share a story group however they came into
/// it: they are the same claim but for a number, month or season (content
/// words that line up with a Dice similarity of at least 0.8), or but for
/// names (equal content words). Two headlines that differ in much more than
/// a number ("28 bodies found in mass grave" / "mass grave found near where
/// 43 students vanished") are not that; "Apple will sell 19 million Apple
/// Watches in 2015" / "... 15 million ..." is.
pub fn story_near_miss(a: &Proposition, b: &Proposition) -> bool {
    use GuardKind::*;
    if [Number, Month, Season]
        .into_iter()
        .any(|k| each_lacks(k, a, b))
    {
        return Alignment::of(a, b).dice() >= NEAR_MISS_DICE;
    }
    each_lacks(Name, a, b) && a.content == b.content
}

/// How alike the content words of two claims that differ in a number or
/// date must be for them to be the same claim but for it.
const NEAR_MISS_DICE: f64 = 0.8;

/// One content word swapped for another, guards equal: "library" /
/// "stadium", or a paraphrase ("executes" / "beheads").
pub fn one_word_swapped(a: &Proposition, b: &Proposition) -> bool {
    if a.guards != b.guards {
        return false;
    }
    let al = Alignment::of(a, b);
    al.only_a == 1 && al.only_b == 1
}
