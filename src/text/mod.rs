//! Text normalisation for quote matching, counting quotes in an article,
//! and the search for the passage closest to a quote that was not found.
//! No input makes any of them take time that grows with the square of its
//! size: see [`ArticleText::count_all`] and [`closest_passage`].
//!
//! The rooms: normalisation (`normalize`), the article prepared for
//! look-ups (`article_text`) and the bounded counting of many quotes under
//! it (`count`), the closest-passage search (`closest_passage`), and text
//! safe to show on a terminal (`terminal`).

mod article_text;
mod closest_passage;
mod count;
mod normalize;
mod terminal;

pub use article_text::{ArticleText, CONTEXT_CHARS, QuoteMatch};
pub use closest_passage::{
    ANCHORED_MIN_SIMILARITY, Closest, MIN_WORDS_BY_WORD, MOVED_FLOOR_SIMILARITY,
    MOVED_MIN_SIMILARITY, closest_passage,
};
pub use normalize::normalize_for_match;
pub use terminal::{acts_on_terminal, json_terminal_safe, printable, shorten};

/// `url` trimmed, when it is a web address (http or https): what a reader
/// may be sent to. Anything else (`javascript:`, `data:`, `file:`, a
/// relative path, "n/a") is not linked or exported as an address.
pub fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}
