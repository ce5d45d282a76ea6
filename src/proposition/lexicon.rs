//! Which words are names, decided over the whole corpus: the [`Lexicon`]
//! counts how each word is capitalised outside Title Case claims.

use super::WordText;
use super::packed::PackedTokens;
use super::tokens::Tokens;
use super::words::is_stopword;
use rustc_hash::FxHashMap;

/// Corpus-wide evidence of which words are names.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    /// lower-case word -> (times written capitalised, times written lower-case)
    case: FxHashMap<WordText, (u32, u32)>,
}

impl Lexicon {
    /// Builds the lexicon from claim texts (each distinct text once is enough).
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut lex = Lexicon::default();
        for text in texts {
            lex.observe(&Tokens::of(text));
        }
        lex
    }

    /// Counts how the words of one claim are capitalised.
    pub fn observe(&mut self, tokens: &Tokens) {
        let parts = tokens.parts.iter().map(|(w, c)| (w.as_str(), *c));
        self.observe_parts(tokens.title_case, parts);
    }

    /// [`Lexicon::observe`], from packed tokens.
    pub fn observe_packed(&mut self, tokens: &PackedTokens) {
        let parts = tokens.parts().map(|(w, c, _)| (w, c));
        self.observe_parts(tokens.title_case(), parts);
    }

    fn observe_parts<'a>(
        &mut self,
        title_case: bool,
        parts: impl Iterator<Item = (&'a str, bool)>,
    ) {
        for (part, capitalised) in parts {
            if is_stopword(part) || !part.chars().any(char::is_alphabetic) {
                continue;
            }
            let entry = self.case.entry(WordText::from(part)).or_default();
            if capitalised {
                if !title_case {
                    entry.0 += 1;
                }
            } else {
                entry.1 += 1;
            }
        }
    }

    /// Adds another lexicon's counts (for building one in parallel).
    pub fn merge(mut self, mut other: Lexicon) -> Lexicon {
        // Counts add up whichever way: fold the smaller into the larger.
        if self.case.len() < other.case.len() {
            std::mem::swap(&mut self, &mut other);
        }
        for (word, (cap, low)) in other.case {
            let e = self.case.entry(word).or_default();
            e.0 += cap;
            e.1 += low;
        }
        self
    }

    pub(super) fn is_name(&self, lower: &str) -> bool {
        self.case.get(lower).is_some_and(|&(cap, low)| cap > low)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_tokens_count_as_the_tokens() {
        let long = "a".repeat(300);
        for text in [
            "Krysten Ritter won't do #Defenders2, sources say",
            "DEFENDERS SEASON 2 IS HAPPENING",
            "",
            "Überraschung: Ärzte sagen 5% mehr",
            long.as_str(),
        ] {
            let tokens = Tokens::of(text);
            let (mut one, mut other) = (Lexicon::default(), Lexicon::default());
            one.observe(&tokens);
            other.observe_packed(&tokens.pack());
            assert_eq!(one.case, other.case, "{text}");
        }
    }
}
