//! What can be read off an article's text: its title, a publication date
//! near the top, and the quoted passages (candidate claims). Where an
//! ARTICLE argument points is [`path`]'s.

use crate::date::PartialDate;

pub mod path;

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The first non-empty line, trimmed: the default title.
pub fn title(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
}

/// How many non-empty lines from the top are searched for a date: the
/// headline, standfirst and byline. Dates further down are usually about
/// something else (a premiere, an election), not the article's own.
const DATE_LINES: usize = 8;

/// A publication date written near the top of the article: "September 29,
/// 2016", "Sept. 29, 2016", "29 September 2016", "2016-09-29".
/// Returns the date and the text it was read from.
pub fn find_date(text: &str) -> Option<(PartialDate, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(DATE_LINES)
        .find_map(date_in_line)
}

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTH_NAMES
        .iter()
        .position(|m| *m == w || (w.len() <= 4 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

fn number(word: &str, max_len: usize) -> Option<u32> {
    let w = word.trim_end_matches([',', '.']);
    let w = w
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    (!w.is_empty() && w.len() <= max_len && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())?
}

fn year(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.', ')']);
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())?
        .filter(|y| (1800..=2999).contains(y))
}

fn date_in_line(line: &str) -> Option<(PartialDate, String)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    for i in 0..words.len() {
        // ISO: 2016-09-29 (possibly followed by a time)
        let w = words[i].trim_matches(|c: char| !c.is_ascii_digit());
        if let Some(iso) = w.get(..10)
            && let Ok(d) = PartialDate::parse(iso)
        {
            return Some((d, iso.to_owned()));
        }
        // Month Day, Year
        if let (Some(m), Some(d), Some(y)) = (
            month_of(words[i]),
            words.get(i + 1).and_then(|w| number(w, 2)),
            words.get(i + 2).and_then(|w| year(w)),
        ) && let Some(date) = PartialDate::from_ymd(y, m, d)
        {
            return Some((date, words[i..i + 3].join(" ")));
        }
        // Day Month Year
        if let (Some(d), Some(m), Some(y)) = (
            number(words[i], 2),
            words.get(i + 1).and_then(|w| month_of(w)),
            words.get(i + 2).and_then(|w| year(w)),
        ) && let Some(date) = PartialDate::from_ymd(y, m, d)
        {
            return Some((date, words[i..i + 3].join(" ")));
        }
    }
    None
}

/// Passages of the article in quotation marks ("…", “…”), in order, each once:
/// the statements an annotator will most likely turn into claims.
pub fn quoted_passages(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for c in text.chars() {
        match (c, current.as_mut()) {
            ('"' | '\u{201C}' | '\u{201D}', Some(s)) => {
                let passage = s.split_whitespace().collect::<Vec<_>>().join(" ");
                if passage.split_whitespace().count() >= 3 && !out.contains(&passage) {
                    out.push(passage);
                }
                current = None;
            }
            ('"' | '\u{201C}', None) => current = Some(String::new()),
            (_, Some(s)) if s.len() > 2_000 => current = None, // an unclosed mark
            (_, Some(s)) => s.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dates_in_common_forms() {
        for (text, want) in [
            ("Title\n\n     September 29, 2016\n", "2016-09-29"),
            ("Title\nBy A. Writer, Sept. 3, 2019\n", "2019-09-03"),
            (
                "Title\nPublished 29 September 2016 at 10:00\n",
                "2016-09-29",
            ),
            ("Title\n2016-09-29T10:00:00Z\n", "2016-09-29"),
            ("Title\nMarch 8th, 2018\n", "2018-03-08"),
        ] {
            assert_eq!(
                find_date(text).map(|d| d.0.to_string()).as_deref(),
                Some(want),
                "{text:?}"
            );
        }
    }

    #[test]
    fn ignores_impossible_and_far_away_dates() {
        assert_eq!(find_date("Title\nFebruary 30, 2016\n"), None);
        let far = format!(
            "Title\n{}Iron Fist will premiere on March 17, 2017.\n",
            "para\n".repeat(10)
        );
        assert_eq!(find_date(&far), None);
        assert_eq!(find_date("It may 5 times 2017 things"), None);
    }

    #[test]
    fn quoted_passages_are_candidates() {
        let text = "She said \u{201C}We will reopen\nin May.\u{201D} and \"ok\" then \"We will reopen in May.\"";
        assert_eq!(quoted_passages(text), ["We will reopen in May."]);
    }
}
