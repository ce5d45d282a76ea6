//! Escaping for the page. Everything taken from the corpus goes through
//! [`text`] (element content) or [`attr`] (attribute values), which make it
//! printable (no control or bidi characters) and escape it; paths and web
//! addresses for links go through [`url_path`] and [`web_url`].

use std::fmt::Write as _;

use crate::text::printable;

/// Text for element content: printable, then `&`, `<` and `>` escaped.
/// Characters HTML forbids (noncharacters) become U+FFFD.
pub(super) fn text(s: &str) -> String {
    escape(s, false)
}

/// Text for a double-quoted attribute value.
pub(super) fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, quotes: bool) -> String {
    let s = printable(s);
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&#39;"),
            c if is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// Percent-encodes a relative path for an `href`, keeping `/` as separator.
pub(super) fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The annotation's `url` when it is a web address; anything else
/// (`javascript:`, `data:`, a relative path) is not linked.
pub(super) use crate::text::web_url;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_forbidden_characters() {
        assert_eq!(
            text("<script>alert('x')</script> & \u{1b}[31m"),
            "&lt;script&gt;alert('x')&lt;/script&gt; &amp; ␛[31m"
        );
        assert_eq!(attr("a\"b'c"), "a&quot;b&#39;c");
        assert_eq!(
            text("x\u{FDD0}\u{FFFF}\u{202E}y"),
            "x\u{FFFD}\u{FFFD}\u{FFFD}y"
        );
    }

    #[test]
    fn links_only_web_addresses_and_encodes_paths() {
        assert_eq!(
            web_url(" https://example.org/a "),
            Some("https://example.org/a")
        );
        assert_eq!(web_url("JavaScript:alert(1)"), None);
        assert_eq!(web_url("data:text/html,x"), None);
        assert_eq!(url_path("articles/a b#c?.txt"), "articles/a%20b%23c%3F.txt");
        assert_eq!(url_path("articles/é.txt"), "articles/%C3%A9.txt");
    }
}
