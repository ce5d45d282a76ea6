//! Every word list the proposition rules (and the speakers' names) know:
//! function words, negations, attribution, hedges, titles, months, seasons,
//! numbers, currencies, the words of headlines. Kept in one place so that
//! two rules that need the same words share one list, and a word added for
//! one rule is seen to affect the others.
//!
//! Also the one lookup of which lists a word is on ([`class_of`]): the
//! proposition looks at every word of every claim, once.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

// Words that carry no proposition, or turn it around.

/// Words that carry no proposition of their own.
pub(super) const STOPWORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "will", "would",
    "shall", "should", "can", "could", "may", "might", "must", "do", "does", "did", "has", "have",
    "had", "having", "going", "gonna", "to", "of", "in", "on", "at", "for", "by", "with", "and",
    "as", "it", "its", "this", "that", "these", "those", "there", "their", "his", "her", "he",
    "she", "they", "we", "our", "you", "your", "i", "me", "my", "also", "still", "really", "just",
    "very", "actually", "indeed", "then", "so", "about", "from", "into", "than", "get", "gets",
    "got", "getting",
];

/// Words that negate the proposition.
const NEGATIONS: &[&str] = &["not", "never", "no", "nor", "neither", "cannot"];

/// Contractions that are not a word and an ending, as the two words they
/// stand for: "won't" is "will not".
pub(super) const IRREGULAR_CONTRACTIONS: &[(&str, [&str; 2])] = &[
    ("won't", ["will", "not"]),
    ("can't", ["can", "not"]),
    ("shan't", ["shall", "not"]),
    ("ain't", ["is", "not"]),
];

/// Contracted endings and the word each stands for, tried in this order:
/// "isn't" is "is not", "we're" is "we are".
pub(super) const CONTRACTED_ENDINGS: &[(&str, &str)] = &[
    ("n't", "not"),
    ("'ll", "will"),
    ("'re", "are"),
    ("'ve", "have"),
    ("'d", "would"),
    ("'m", "am"),
];

/// Words that say who reports a claim or how, not what is claimed:
/// "Sources say X", "According to insiders, X", "It is reported that X",
/// "X will reportedly Y" state the proposition X.
const ATTRIBUTION: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "report",
    "reports",
    "reported",
    "reportedly",
    "according",
    "source",
    "sources",
    "insider",
    "insiders",
    "allegedly",
    "apparently",
    "supposedly",
    "purportedly",
];

/// Words that, before "to", only hedge what follows: "X is set to Y", "is
/// expected to Y", "plans to Y" state the proposition "X will Y".
const HEDGES: &[&str] = &[
    "set",
    "expected",
    "poised",
    "likely",
    "slated",
    "scheduled",
    "due",
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intending",
    "about",
];

/// Words of news headlines that say how something is reported, not what:
/// left out of the words that say which story a claim tells. Unlike
/// [`ATTRIBUTION`], they stay in the proposition.
pub(super) const STORY_STOPWORDS: &[&str] = &[
    "say",
    "says",
    "said",
    "report",
    "reports",
    "reported",
    "reportedly",
    "claim",
    "claims",
    "according",
    "breaking",
    "video",
    "photo",
    "photos",
    "new",
    "now",
    "just",
    "rumor",
    "rumour",
    "rumors",
    "rumours",
    "allegedly",
    "apparently",
    "may",
    "could",
    "might",
    "what",
    "who",
    "how",
    "why",
    "when",
    "where",
    "which",
    "after",
    "over",
    "up",
    "out",
    "all",
    "more",
    "most",
    "here",
    "if",
    "but",
    "or",
    "not",
    "one",
];

// Titles and roles: who a name means.

/// Titles that, before a name, add nothing to who is meant: "Senator Ann
/// Ortiz" is "Ann Ortiz". Alone ("the senator will resign") they stay words.
/// Narrower than the speakers' [`ROLE_WORDS`] on purpose (those add the
/// [`OTHER_ROLES`]): in a claim's text "General Motors", "King Salman" or
/// "Star Wars" name something else.
const PERSONAL_TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "mayor",
    "councillor",
    "councilor",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "president",
    "minister",
    "secretary",
    "chancellor",
    "judge",
    "justice",
    "coach",
    "detective",
    "inspector",
];

/// Roles that, in a speaker's name, say what the person is rather than who:
/// "Jessica Jones star Krysten Ritter", "festival director Maria Lopez".
/// Only for speakers: in a claim's text they often begin the name of
/// something else ("General Motors", "King Salman", "Star Wars"). Not on
/// [`PERSONAL_TITLES`], which [`ROLE_WORDS`] adds.
const OTHER_ROLES: &[&str] = &[
    "councilman",
    "councilwoman",
    "alderman",
    "showrunner",
    "director",
    "producer",
    "executive",
    "vice",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "ceo",
    "cfo",
    "coo",
    "founder",
    "premier",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officer",
    "chief",
    "head",
    "leader",
    "deputy",
    "mp",
    "mep",
    "miss",
    "lord",
    "lady",
    "star",
    "actor",
    "actress",
    "writer",
    "author",
    "editor",
    "reporter",
    "columnist",
    "host",
    "presenter",
    "creator",
    "manager",
    "captain",
    "general",
    "gen",
    "col",
    "lt",
    "sgt",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "rev",
    "reverend",
    "father",
    "st",
    "commissioner",
    "superintendent",
    "attorney",
    "lawyer",
    "analyst",
    "economist",
    "scientist",
    "researcher",
    "expert",
    "boss",
    "owner",
    "candidate",
    "nominee",
    "former",
    "ex",
    "acting",
    "interim",
    "incoming",
    "outgoing",
];

/// Words that name a title or a role rather than a person, in a speaker's
/// name: the [`PERSONAL_TITLES`] and the [`OTHER_ROLES`]. A speaker name is
/// cut after the last of these (when a name remains): "Transport Secretary
/// Aled Price" -> "aled price", "Jessica Jones star Krysten Ritter" ->
/// "krysten ritter".
pub(crate) const ROLE_WORDS: [&str; PERSONAL_TITLES.len() + OTHER_ROLES.len()] =
    concat(PERSONAL_TITLES, OTHER_ROLES);

/// Honorific suffixes dropped from the end of a speaker's name ("Martin
/// Luther King Jr." is "martin luther king").
pub(crate) const NAME_SUFFIXES: &[&str] = &[
    "jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "qc", "kc", "mp",
];

/// Two word lists as one, at compile time: so a list made of two is
/// written once, in its two parts.
const fn concat<const N: usize>(a: &[&'static str], b: &[&'static str]) -> [&'static str; N] {
    assert!(a.len() + b.len() == N);
    let mut out = [""; N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    while i < N {
        out[i] = b[i - a.len()];
        i += 1;
    }
    out
}

// Dates.

/// Month names and their abbreviations, each with the month it names.
const MONTHS: &[(&str, &str)] = &[
    ("january", "january"),
    ("jan", "january"),
    ("february", "february"),
    ("feb", "february"),
    ("march", "march"),
    ("april", "april"),
    ("apr", "april"),
    ("may", "may"),
    ("june", "june"),
    ("jun", "june"),
    ("july", "july"),
    ("jul", "july"),
    ("august", "august"),
    ("aug", "august"),
    ("september", "september"),
    ("sep", "september"),
    ("sept", "september"),
    ("october", "october"),
    ("oct", "october"),
    ("november", "november"),
    ("nov", "november"),
    ("december", "december"),
    ("dec", "december"),
];

/// Month names that are also common words, so count as months only when capitalised.
const AMBIGUOUS_MONTHS: &[&str] = &[
    "may", "march", "jan", "sep", "oct", "dec", "nov", "aug", "jun", "jul", "apr", "feb",
];

/// Seasons and parts of a period: "summer 2017" is not "2017".
const SEASONS: &[&str] = &[
    "spring", "summer", "autumn", "fall", "winter", "early", "mid", "late",
];

/// Words after which "fall" is the season, not the verb: "this fall",
/// "late fall" (but "shares fall").
pub(super) const FALL_AFTER: &[&str] = &["this", "next", "last", "the", "early", "mid", "late"];

// Numbers and amounts.

/// Number words, ordinals and multiples with their value: "second",
/// "two" and "twice" are all 2.
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("hundred", 100),
    ("thousand", 1000),
    ("million", 1_000_000),
    ("billion", 1_000_000_000),
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("once", 1),
    ("twice", 2),
    ("single", 1),
    ("double", 2),
    ("triple", 3),
];

/// Words that multiply the number before them, with their scale: "72
/// million" is 72000000.
pub(super) const SCALE_WORDS: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Suffixes that do the same written onto the digits: "5k", "72m", "1.5bn".
pub(super) const SCALE_SUFFIXES: &[(&str, f64)] = &[
    ("k", 1e3),
    ("m", 1e6),
    ("mn", 1e6),
    ("mln", 1e6),
    ("bn", 1e9),
    ("b", 1e9),
    ("tn", 1e12),
];

/// Endings of ordinals and decades written onto digits, which leave the
/// number as it is: "2nd" is 2, "1990s" is 1990.
pub(super) const NUMBER_ENDINGS: &[&str] = &["st", "nd", "rd", "th", "s"];

/// Currency symbols written before an amount, as the word written after it:
/// "$450 million" = "450 million dollars".
pub(super) const CURRENCIES: &[(char, &str)] =
    &[('$', "dollar"), ('€', "euro"), ('£', "pound"), ('¥', "yen")];

// The lookups.

// FxHash: much faster than SipHash on words this short.
pub(super) static MONTH: LazyLock<FxHashMap<&str, &str>> =
    LazyLock::new(|| MONTHS.iter().copied().collect());
pub(super) static NUMBER: LazyLock<FxHashMap<&str, u32>> =
    LazyLock::new(|| NUMBER_WORDS.iter().copied().collect());

/// Which of the lists above a word is on, as bits: one lookup per word
/// instead of one per list, in
/// [`Proposition::from_tokens`](super::Proposition::from_tokens), which
/// looks at every word of every claim.
pub(super) mod class {
    pub const STOP: u16 = 1;
    pub const NEGATION: u16 = 1 << 1;
    pub const ATTRIBUTING: u16 = 1 << 2;
    pub const HEDGE: u16 = 1 << 3;
    pub const TITLE: u16 = 1 << 4;
    pub const SEASON: u16 = 1 << 5;
    pub const AMBIGUOUS_MONTH: u16 = 1 << 6;
    pub const MONTH: u16 = 1 << 7;
    pub const NUMBER: u16 = 1 << 8;
}

static CLASS: LazyLock<FxHashMap<&str, u16>> = LazyLock::new(|| {
    let mut classes: FxHashMap<&str, u16> = FxHashMap::default();
    let months: Vec<&str> = MONTHS.iter().map(|(w, _)| *w).collect();
    let numbers: Vec<&str> = NUMBER_WORDS.iter().map(|(w, _)| *w).collect();
    for (words, bit) in [
        (STOPWORDS, class::STOP),
        (NEGATIONS, class::NEGATION),
        (ATTRIBUTION, class::ATTRIBUTING),
        (HEDGES, class::HEDGE),
        (PERSONAL_TITLES, class::TITLE),
        (SEASONS, class::SEASON),
        (AMBIGUOUS_MONTHS, class::AMBIGUOUS_MONTH),
        (&months[..], class::MONTH),
        (&numbers[..], class::NUMBER),
    ] {
        for w in words {
            *classes.entry(w).or_default() |= bit;
        }
    }
    classes
});

pub(super) fn class_of(w: &str) -> u16 {
    CLASS.get(w).copied().unwrap_or(0)
}

pub(super) fn is_stopword(w: &str) -> bool {
    class_of(w) & class::STOP != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each word is written once: a title is a role of speakers through
    /// [`ROLE_WORDS`], not by being listed twice.
    #[test]
    fn role_words_are_the_titles_and_the_other_roles_each_written_once() {
        let mut seen = rustc_hash::FxHashSet::default();
        for word in ROLE_WORDS {
            assert!(seen.insert(word), "{word} is listed twice");
        }
        assert!(PERSONAL_TITLES.iter().all(|t| ROLE_WORDS.contains(t)));
    }
}
