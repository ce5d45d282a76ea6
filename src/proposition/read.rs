//! How a claim's tokens become its [`Proposition`]: word by word, each read
//! as a negation, a number, a month, a season, a word that adds nothing, a
//! name or a content word, one named step each. Separate from the type so
//! that the type and its rules read on their own.

use super::lexicon::Lexicon;
use super::numbers::{number_parts, number_value, scale_word, scaled};
use super::stem::stem;
use super::tokens::Tokens;
use super::words::{FALL_AFTER, MONTH, class, class_of, is_stopword};
use super::{Proposition, WordText};

/// The proposition of a claim's tokens, with the names of `lexicon`.
pub(super) fn proposition_of(tokens: &Tokens, lexicon: &Lexicon) -> Proposition {
    let mut reader = Reader::new(tokens, lexicon);
    let mut at = 0;
    while at < tokens.parts.len() {
        at += reader.read(at);
    }
    reader.finish()
}

/// The parts of a proposition, gathered as its words are read.
struct Reader<'t> {
    words: &'t [(WordText, bool)],
    /// Per word: whether it was written as a hashtag.
    hashtag: &'t [bool],
    title_case: bool,
    lexicon: &'t Lexicon,
    guards: Vec<WordText>,
    /// Content words, stemmed and as written.
    content: Vec<(WordText, WordText)>,
    tags: Vec<WordText>,
    negations: usize,
}

impl<'t> Reader<'t> {
    fn new(tokens: &'t Tokens, lexicon: &'t Lexicon) -> Reader<'t> {
        Reader {
            words: &tokens.parts,
            hashtag: &tokens.hashtag,
            title_case: tokens.title_case,
            lexicon,
            guards: Vec::new(),
            // Most words are content words: one allocation instead of several.
            content: Vec::with_capacity(tokens.parts.len()),
            tags: Vec::new(),
            negations: 0,
        }
    }

    /// Reads the word at `at`, and the next one too where the two are one
    /// ("no longer", "72 million"): returns how many words it took.
    fn read(&mut self, at: usize) -> usize {
        let words = self.words;
        let word = &words[at].0;
        let next = words.get(at + 1).map(|t| t.0.as_str());
        let class = class_of(word);
        if word == "no" && next == Some("longer") {
            self.negations += 1;
            return 2;
        }
        if class & class::NEGATION != 0 {
            self.negations += 1;
            return 1;
        }
        if let Some(taken) = self.read_number(at, class) {
            return taken;
        }
        if let Some(month) = self.month(at, class) {
            self.guards.push(month.into());
            return 1;
        }
        let prev = at.checked_sub(1).map(|p| words[p].0.as_str());
        if class & class::SEASON != 0 && is_season(word, prev, next) {
            self.guards.push(if word == "fall" {
                "autumn".into()
            } else {
                word.clone()
            });
            return 1;
        }
        if !self.adds_nothing(word, next, class) {
            self.read_word(at, class);
        }
        1
    }

    /// A number as a guard, with the scale word after it ("72 million" is
    /// one number, as "72m" and "72,000,000" are) and the unit written onto
    /// it ("50ft") as a content word. `None` when the word is no number.
    fn read_number(&mut self, at: usize, class: u16) -> Option<usize> {
        let words = self.words;
        let word = &words[at].0;
        // Only digits and number words are numbers (see `number_parts`).
        let may_be_number =
            class & class::NUMBER != 0 || word.starts_with(|c: char| c.is_ascii_digit());
        if !may_be_number {
            return None;
        }
        let (mut number, unit) = number_parts(word)?;
        let mut taken = 1;
        if unit.is_none()
            && let Some(scale) = words.get(at + 1).and_then(|t| scale_word(&t.0))
        {
            number = scaled(&number, scale);
            taken = 2;
        }
        self.guards.push(number);
        if let Some(unit) = unit.filter(|u| !is_stopword(u)) {
            self.content.push((stem(unit), WordText::from(unit)));
        }
        Some(taken)
    }

    /// The month the word names, if it names one. "may" and "march" are
    /// months when capitalised, except in Title Case ("May Have Killed"),
    /// or when next to a number: "May 5", "may 2015", "May of 2015", "5 may".
    fn month(&self, at: usize, class: u16) -> Option<&'static str> {
        if class & class::MONTH == 0 {
            return None;
        }
        let (word, capitalised) = (&self.words[at].0, self.words[at].1);
        let &month = MONTH.get(word.as_str())?;
        let unambiguous = class & class::AMBIGUOUS_MONTH == 0;
        (unambiguous || capitalised && !self.title_case || self.dated(at)).then_some(month)
    }

    /// Whether the word at `at` is next to a number: "May 5", "May of
    /// 2015", "5 may".
    fn dated(&self, at: usize) -> bool {
        let words = self.words;
        let is_number = |i: usize| words.get(i).is_some_and(|t| number_value(&t.0).is_some());
        is_number(at + 1)
            || words.get(at + 1).is_some_and(|t| t.0 == "of") && is_number(at + 2)
            || at >= 1 && is_number(at - 1)
    }

    /// Words that add nothing to the proposition: function words, hedges
    /// before "to" ("is set to"), titles before a name ("Senator Ann Ortiz").
    fn adds_nothing(&self, word: &str, next: Option<&str>, class: u16) -> bool {
        let is = |bit: u16| class & bit != 0;
        is(class::STOP)
            || word.is_empty()
            || is(class::HEDGE) && next == Some("to")
            || is(class::TITLE) && next.is_some_and(|n| self.lexicon.is_name(n))
    }

    /// A name becomes a guard, any other word a content word (stemmed);
    /// either is also a tag when written as a hashtag.
    fn read_word(&mut self, at: usize, class: u16) {
        let word = &self.words[at].0;
        let tagged = self.hashtag[at];
        // Words of attribution open many sentences ("Sources say ...")
        // and so look like names; they are asides (see `is_aside`).
        if self.lexicon.is_name(word) && class & class::ATTRIBUTING == 0 {
            if tagged {
                self.tags.push(word.clone());
            }
            self.guards.push(word.clone());
        } else {
            let stemmed = stem(word);
            if tagged {
                self.tags.push(stemmed.clone());
            }
            self.content.push((stemmed, word.clone()));
        }
    }

    /// The proposition read: each list sorted, guards and tags distinct.
    fn finish(mut self) -> Proposition {
        self.tags.sort();
        self.tags.dedup();
        self.guards.sort();
        self.guards.dedup();
        self.content.sort();
        let (content, raw) = self.content.into_iter().unzip();
        Proposition {
            guards: self.guards,
            content,
            raw,
            negated: self.negations % 2 == 1,
            tags: self.tags,
        }
    }
}

/// Whether a season word is a date here. "Early", "mid" and "late" are
/// parts of a period only before one ("early 2017", "late May", "mid
/// summer"): "an early release" names no date. "Fall" is the season
/// before a year or month or after "this", "next", "last", "the"
/// ([`FALL_AFTER`]), and otherwise the verb ("shares fall").
fn is_season(word: &str, prev: Option<&str>, next: Option<&str>) -> bool {
    let before_a_date = next.is_some_and(|n| {
        class_of(n) & (class::MONTH | class::SEASON) != 0 || number_value(n).is_some()
    });
    match word {
        "early" | "mid" | "late" => before_a_date,
        "fall" => before_a_date || prev.is_some_and(|p| FALL_AFTER.contains(&p)),
        _ => true,
    }
}
