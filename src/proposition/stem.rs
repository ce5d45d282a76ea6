//! The stemmer: inflections of one word made equal. Separate from the
//! tokenizer because it runs on content words only, after the word lists
//! have had the words as written.

use super::WordText;
use compact_str::format_compact;

/// A light stemmer: enough that "reopens", "reopened", "reopening" and
/// "reopen" (or "premieres" and "premiere") agree.
pub fn stem(word: &str) -> WordText {
    let mut w = WordText::from(word);
    if w.chars().count() <= 3 || w.chars().any(|c| c.is_ascii_digit()) {
        return w;
    }
    if let Some(b) = w.strip_suffix("ies").filter(|b| b.len() >= 2) {
        w = format_compact!("{b}y");
    } else if let Some(b) = w.strip_suffix("ing").filter(|b| b.chars().count() >= 3) {
        w = b.into();
    } else if let Some(b) = w.strip_suffix("ed").filter(|b| b.chars().count() >= 3) {
        w = b.into();
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.pop();
    }
    // "runn" -> "run", "stopp" -> "stop"
    let cs: Vec<char> = w.chars().collect();
    if cs.len() >= 4 {
        let (a, b) = (cs[cs.len() - 2], cs[cs.len() - 1]);
        if a == b && !"aeiouslz".contains(b) && b.is_alphabetic() {
            w.pop();
        }
    }
    if w.chars().count() > 3 && w.ends_with('e') {
        w.pop();
    }
    if w.ends_with('y') && w.chars().count() > 3 {
        w.pop();
        w.push('i');
    }
    w
}
