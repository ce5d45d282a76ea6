//! Numbers as guards: digits, number words and ordinals as one canonical
//! value ("2nd" = "second" = "two" = "2"), scales ("72m" = "72 million" =
//! "72,000,000") and units written onto digits ("50ft").

use super::WordText;
use super::words::{NUMBER, NUMBER_ENDINGS, SCALE_SUFFIXES, SCALE_WORDS};
use compact_str::format_compact;

/// Digits (with `,` thousands removed), number words and ordinals as a
/// canonical number string: "2", "2nd", "two" and "second" are all "2".
pub(super) fn number_value(tok: &str) -> Option<WordText> {
    number_parts(tok).map(|(n, _)| n)
}

/// A number token as its canonical value and the unit written onto it:
/// "2nd" is ("2", none), "19m" and "19bn" are scaled ("19000000"), "50ft"
/// and "50-foot" are ("50", "ft") and ("50", "foot"), so that "a 50ft crab"
/// and "a 50 foot crab" state the same number. Anything else that starts
/// with a digit ("4x4") stays one number as written.
pub(super) fn number_parts(tok: &str) -> Option<(WordText, Option<&str>)> {
    if !tok.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return NUMBER.get(tok).map(|n| (format_compact!("{n}"), None));
    }
    let digits_len = tok
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(tok.len());
    let digits = tok[..digits_len].trim_end_matches('.');
    let rest = &tok[digits_len..];
    if rest.is_empty() || NUMBER_ENDINGS.contains(&rest) {
        return Some((digits.into(), None));
    }
    if let Some(scale) = scale_suffix(rest) {
        return Some((scaled(digits, scale), None));
    }
    if rest.chars().all(|c| c.is_alphabetic()) {
        return Some((digits.into(), Some(rest)));
    }
    Some((tok.into(), None))
}

/// The scale of a word that multiplies the number before it: "72 million".
pub(super) fn scale_word(word: &str) -> Option<f64> {
    scale_in(SCALE_WORDS, word)
}

/// The scale of a suffix written onto the digits: "5k", "72m", "1.5bn".
fn scale_suffix(suffix: &str) -> Option<f64> {
    scale_in(SCALE_SUFFIXES, suffix)
}

fn scale_in(scales: &[(&str, f64)], word: &str) -> Option<f64> {
    scales
        .iter()
        .find(|(w, _)| *w == word)
        .map(|&(_, scale)| scale)
}

/// A canonical number times a scale, written without exponent or trailing
/// zeros ("1.5" x 1e6 = "1500000").
pub(super) fn scaled(number: &str, scale: f64) -> WordText {
    match number.parse::<f64>() {
        Ok(n) if (n * scale).is_finite() && n * scale < 1e18 => {
            let v = n * scale;
            if v.fract() == 0.0 {
                format_compact!("{}", v as u64)
            } else {
                format_compact!("{v}")
            }
        }
        _ => format_compact!("{number}x{scale}"),
    }
}
