//! [`Tokens`] packed into one allocation ([`PackedTokens`]), so a corpus's
//! texts are tokenised once for both the lexicon and the propositions.

use super::WordText;
use super::tokens::Tokens;

/// [`Tokens`] packed into one allocation, so that a corpus's texts are
/// tokenised once for both the [`Lexicon`](super::Lexicon) and the propositions without
/// holding a vector of words per text in between.
///
/// Layout: a flags byte (bit 0: Title Case), then per part a flags byte
/// (bit 0: capitalised, bit 1: hashtag), its length in bytes as a LEB128
/// number, and its bytes.
#[derive(Debug, Clone)]
pub struct PackedTokens(Box<[u8]>);

impl Tokens {
    pub fn pack(&self) -> PackedTokens {
        let len: usize = self.parts.iter().map(|(w, _)| w.len() + 3).sum();
        let mut out = Vec::with_capacity(1 + len);
        out.push(u8::from(self.title_case));
        for ((word, capitalised), &hashtag) in self.parts.iter().zip(&self.hashtag) {
            out.push(u8::from(*capitalised) | u8::from(hashtag) << 1);
            let mut n = word.len();
            while n >= 0x80 {
                out.push((n as u8 & 0x7f) | 0x80);
                n >>= 7;
            }
            out.push(n as u8);
            out.extend_from_slice(word.as_bytes());
        }
        PackedTokens(out.into_boxed_slice())
    }
}

impl PackedTokens {
    pub(super) fn title_case(&self) -> bool {
        self.0[0] & 1 != 0
    }

    /// Each part: (word, capitalised, hashtag).
    pub(super) fn parts(&self) -> impl Iterator<Item = (&str, bool, bool)> {
        let bytes = &self.0;
        let mut at = 1;
        std::iter::from_fn(move || {
            let flags = *bytes.get(at)?;
            at += 1;
            let (mut n, mut shift) = (0usize, 0);
            loop {
                let b = bytes[at];
                at += 1;
                n |= usize::from(b & 0x7f) << shift;
                shift += 7;
                if b < 0x80 {
                    break;
                }
            }
            // Packed from whole `str`s, so every part is valid UTF-8.
            let word = std::str::from_utf8(&bytes[at..at + n]).expect("packed from a str");
            at += n;
            Some((word, flags & 1 != 0, flags & 2 != 0))
        })
    }

    /// The tokens as packed, into `tokens`, reusing its vectors.
    pub fn unpack_into(&self, tokens: &mut Tokens) {
        tokens.parts.clear();
        tokens.hashtag.clear();
        for (word, capitalised, hashtag) in self.parts() {
            tokens.parts.push((WordText::from(word), capitalised));
            tokens.hashtag.push(hashtag);
        }
        tokens.title_case = self.title_case();
    }
}
