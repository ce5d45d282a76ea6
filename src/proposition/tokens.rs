//! Claim text split into words: the tokenizer (letters and digits, inner
//! apostrophes and hyphens, numbers with separators; mentions and links
//! left out; contractions expanded; currency and percent signs as words)
//! and the [`Tokens`] it makes, which both the lexicon and the proposition
//! are built from. Separate because it is the one place that reads raw
//! characters: everything after it sees lower-case words.

use super::WordText;
use super::words::{CONTRACTED_ENDINGS, CURRENCIES, IRREGULAR_CONTRACTIONS, is_stopword};

/// A word of a claim as written: its text with punctuation folded, and
/// whether it started with a capital letter.
#[derive(Debug, Clone)]
struct Word {
    lower: WordText,
    capitalised: bool,
    all_caps: bool,
    /// Written as a hashtag ("#Ferguson").
    hashtag: bool,
}

impl Word {
    /// A sign written out as its word: "$" as "dollar", "%" as "percent".
    fn spelled_out(word: &str) -> Word {
        Word {
            lower: word.into(),
            capitalised: false,
            all_caps: false,
            hashtag: false,
        }
    }
}

/// Splits claim text into words: letters and digits, with inner apostrophes,
/// hyphens, dots and commas between digits ("won't", "team-up", "3.5",
/// "10,000"). Hyphenated words are joined ("re-open" = "reopen").
fn words(text: &str) -> Vec<Word> {
    // At most one char per byte: one allocation.
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    chars.extend(normalize_keep_case(text));
    let mut out = Vec::new();
    // One buffer for every word, copied out once complete.
    let mut word = String::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(end) = address_end(&chars, i) {
            i = end;
            continue;
        }
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let hashtag = i > 0 && chars[i - 1] == '#';
        if i > 0
            && chars[i].is_ascii_digit()
            && let Some(&(_, currency)) = CURRENCIES.iter().find(|(c, _)| *c == chars[i - 1])
        {
            out.push(Word::spelled_out(currency));
        }
        word.clear();
        while i < chars.len() {
            let c = chars[i];
            let joins = |c: char| matches!(c, '\'' | '-' | '.' | ',');
            if c.is_alphanumeric() {
                word.push(c);
            } else if joins(c)
                && i + 1 < chars.len()
                && chars[i + 1].is_alphanumeric()
                && !word.is_empty()
            {
                let digits = word.chars().last().is_some_and(|p| p.is_ascii_digit())
                    && chars[i + 1].is_ascii_digit();
                match c {
                    '\'' => word.push('\''),
                    '-' => {}
                    '.' | ',' if digits => {
                        if c == '.' {
                            word.push('.');
                        }
                    }
                    _ => break,
                }
            } else {
                break;
            }
            i += 1;
        }
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        let (mut letters, mut upper) = (0, 0);
        for c in word.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            upper += usize::from(c.is_uppercase());
        }
        let lower = if word.is_ascii() {
            word.make_ascii_lowercase();
            WordText::from(word.as_str())
        } else {
            word.to_lowercase().into()
        };
        let percent = chars.get(i) == Some(&'%') && lower.starts_with(|c: char| c.is_ascii_digit());
        out.push(Word {
            capitalised,
            all_caps: letters > 1 && upper == letters,
            lower,
            hashtag,
        });
        // "5%" = "5 percent"
        if percent {
            out.push(Word::spelled_out("percent"));
        }
    }
    out
}

/// Where an address that starts at `i` ends: a mention ("@user_1") or a
/// link ("https://t.co/x", "www.example.com/a"). They say whom a post
/// answers or where to read more, not what is claimed, and their pieces
/// would read as names and numbers ("user", "1").
fn address_end(chars: &[char], i: usize) -> Option<usize> {
    let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
    if !starts_word {
        return None;
    }
    let is_handle = |c: &char| c.is_alphanumeric() || *c == '_';
    if chars[i] == '@' && chars.get(i + 1).is_some_and(is_handle) {
        let len = chars[i + 1..].iter().take_while(|c| is_handle(c)).count();
        return Some(i + 1 + len);
    }
    let starts_with = |prefix: &str| {
        prefix.chars().enumerate().all(|(k, p)| {
            chars
                .get(i + k)
                .is_some_and(|c| c.to_ascii_lowercase() == p)
        })
    };
    if matches!(chars[i], 'h' | 'H' | 'w' | 'W')
        && (starts_with("http://") || starts_with("https://") || starts_with("www."))
    {
        let len = chars[i..].iter().take_while(|c| !c.is_whitespace()).count();
        return Some(i + len);
    }
    None
}

/// Like [`normalize_for_match`](crate::text::normalize_for_match) but keeping letter case.
fn normalize_keep_case(text: &str) -> impl Iterator<Item = char> + '_ {
    // normalize_for_match folds case; do the punctuation folding here by hand
    // for the few characters that matter to tokenising.
    text.chars().map(|c| match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    })
}

/// Expands contractions into `out`: "won't" -> will not, "isn't" -> is
/// not, "Ritter's" -> ritter, "we're" -> we are. Most words have no
/// apostrophe and are moved in as they are.
fn expand_into(word: WordText, capitalised: bool, out: &mut Vec<(WordText, bool)>) {
    if !word.contains('\'') {
        out.push((word, capitalised));
        return;
    }
    let mut push = |w: &str| out.push((w.into(), capitalised));
    if let Some((_, full)) = IRREGULAR_CONTRACTIONS.iter().find(|(c, _)| *c == word) {
        return full.iter().for_each(|w| push(w));
    }
    for (ending, full) in CONTRACTED_ENDINGS {
        if let Some(base) = word.strip_suffix(ending) {
            push(base);
            push(full);
            return;
        }
    }
    let base = word.strip_suffix("'s").unwrap_or(&word);
    push(&base.replace('\'', ""));
}

/// A claim text split into lower-case words once (contractions expanded),
/// each with whether it was capitalised: what both the [`Lexicon`](super::Lexicon) and the
/// [`Proposition`](super::Proposition) are made from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tokens {
    pub(super) parts: Vec<(WordText, bool)>,
    /// Per part: whether it was written as a hashtag.
    pub(super) hashtag: Vec<bool>,
    pub(super) title_case: bool,
}

impl Tokens {
    pub fn of(text: &str) -> Tokens {
        let ws = words(text);
        let title_case = is_title_case(&ws);
        let mut parts = Vec::with_capacity(ws.len() + 2);
        let mut hashtag = Vec::with_capacity(ws.len() + 2);
        for w in ws {
            expand_into(w.lower, w.capitalised, &mut parts);
            hashtag.resize(parts.len(), w.hashtag);
        }
        Tokens {
            parts,
            hashtag,
            title_case,
        }
    }
}

/// Title Case or ALL CAPS: capitalisation then says nothing about names.
fn is_title_case(ws: &[Word]) -> bool {
    let candidates: Vec<&Word> = ws
        .iter()
        .filter(|w| w.lower.chars().any(char::is_alphabetic) && !is_stopword(&w.lower))
        .collect();
    if ws.iter().filter(|w| w.all_caps).count() * 2 > ws.len().max(1) {
        return true;
    }
    let caps = candidates.iter().filter(|w| w.capitalised).count();
    candidates.len() >= 3 && caps * 4 >= candidates.len() * 3
}
