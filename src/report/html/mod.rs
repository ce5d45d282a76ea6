//! `report --format html`: one self-contained page (inline CSS and SVG, no
//! script, no request of any kind) that shows each group as a timeline, one
//! lane per speaker, and under it the same claims as a table.
//!
//! Everything taken from the corpus goes through `escape::text` or
//! `escape::attr`, which make it printable (no control or bidi characters)
//! and escape it.
//!
//! Here: the entry points and the writing of the page in windows of groups.
//! The rooms: `page` (head, header, a section a group with its table, and
//! the static markup and CSS it includes), `by_speaker` (the page by
//! speaker's header and sections), `timeline` (a group's timeline
//! drawn as SVG), `geometry` (where lanes and claims go), `ticks` (the time
//! axis's calendar steps) and `escape`.

mod by_speaker;
mod escape;
mod geometry;
mod page;
mod ticks;
mod timeline;

use std::io;
use std::path::Path;

use super::View;
use escape::url_path;
use page::{FOOT, group_section, head, top};

/// How the page links to articles.
#[derive(Debug, Clone, Default)]
pub struct HtmlOptions {
    /// Prepended to an article's path (relative to the corpus root) in links:
    /// empty when the page is saved at the corpus root, `../corpus/` when it
    /// is saved beside the corpus, and so on. Written as is (already a URL
    /// path ending in `/`, or empty).
    pub article_base: String,
}

/// The URL path from folder `from` to folder `to` (both absolute and
/// canonical), ending in `/`, or empty when they are the same folder: the
/// [`HtmlOptions::article_base`] of a page saved in `from` for a corpus at `to`.
pub fn relative_url(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut url = "../".repeat(from.len() - common);
    for part in &to[common..] {
        url.push_str(&url_path(&part.as_os_str().to_string_lossy()));
        url.push('/');
    }
    url
}

/// How many groups are rendered in parallel before being written.
const WINDOW: usize = 1_024;

/// Writes the whole page.
pub fn write_html(
    view: &View,
    options: &HtmlOptions,
    out: &mut (impl io::Write + ?Sized),
) -> io::Result<()> {
    use rayon::prelude::*;
    out.write_all(head().as_bytes())?;
    out.write_all(top(view).as_bytes())?;
    out.write_all(b"<main>\n")?;
    if view.groups.is_empty() {
        out.write_all(b"<p class=\"empty\">No claims match.</p>\n")?;
    }
    for (w, window) in view.groups.chunks(WINDOW).enumerate() {
        let sections: Vec<String> = window
            .par_iter()
            .enumerate()
            .map(|(i, g)| group_section(view, g, w * WINDOW + i, options))
            .collect();
        for s in &sections {
            out.write_all(s.as_bytes())?;
        }
    }
    out.write_all(b"</main>\n")?;
    out.write_all(FOOT.as_bytes())
}

/// Writes the page by speaker (`report --by speaker --format html`).
pub fn write_html_by_speaker(view: &View, out: &mut (impl io::Write + ?Sized)) -> io::Result<()> {
    out.write_all(head().as_bytes())?;
    out.write_all(by_speaker::top(view).as_bytes())?;
    out.write_all(by_speaker::content(view).as_bytes())?;
    out.write_all(FOOT.as_bytes())
}

/// The page as a string (see [`write_html`]).
pub fn render_html(view: &View, options: &HtmlOptions) -> String {
    let mut out = Vec::new();
    write_html(view, options, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("HTML is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_links_are_relative_to_the_page() {
        let url = |a: &str, b: &str| relative_url(Path::new(a), Path::new(b));
        assert_eq!(url("/c", "/c"), "");
        assert_eq!(url("/c/out", "/c"), "../");
        assert_eq!(url("/home/me", "/home/me/my corpus"), "my%20corpus/");
        assert_eq!(url("/a/b", "/a/c/d"), "../c/d/");
    }
}
