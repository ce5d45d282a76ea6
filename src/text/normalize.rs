//! Text normalised for quote matching: white space collapsed, quote marks,
//! dashes and the ellipsis folded, invisible characters dropped, and text
//! that Unicode holds equivalent made the same (composed and decomposed
//! accents, compatibility forms, full case folding). Most text is ASCII and
//! takes a fast path a byte at a time; the rest goes through Unicode's
//! tables a stretch at a time, in linear time.

use std::sync::OnceLock;

use caseless::Caseless;
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
pub(super) fn fold_punctuation(c: char) -> Option<&'static str> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{ArticleText, QuoteMatch};

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
}
