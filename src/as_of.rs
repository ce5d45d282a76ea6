//! The corpus as it was known on a date (`report --as-of DATE`): only
//! articles published on or before it, and of those only the claims dated
//! on or before it. Groups, reversals, verdicts and conflicts are then
//! computed from these alone, unlike `--until`, which only hides claims of
//! groups formed over the whole corpus.

use crate::date::PartialDate;
use crate::model::Annotation;

/// Whether `date` may fall on or before `as_of`: a partial date counts
/// from its first day (as it sorts), and `as_of` up to its last ("2017-11"
/// is the end of November).
fn known_by(date: &PartialDate, as_of: &PartialDate) -> bool {
    date.first_day() <= as_of.last_day()
}

/// The annotations as known on `as_of`: files published by then, with
/// their claims dated by then. Files with no valid publication date, and
/// claims with no valid date, cannot be placed and are left out.
pub fn known_on(annotations: &[Annotation], as_of: &PartialDate) -> Vec<Annotation> {
    annotations
        .iter()
        .filter(|a| a.published.is_some_and(|p| known_by(&p, as_of)))
        .map(|a| Annotation {
            claims: a
                .claims
                .iter()
                .filter(|c| c.date.is_some_and(|d| known_by(&d, as_of)))
                .cloned()
                .collect(),
            ..a.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Claim, Stance};

    fn file(published: &str, dates: &[&str]) -> Annotation {
        Annotation {
            key: "k".into(),
            path: "claims/k.yaml".into(),
            article: None,
            title: None,
            published: Some(PartialDate::parse(published).unwrap()),
            outlet: None,
            url: None,
            claims: dates
                .iter()
                .enumerate()
                .map(|(i, d)| Claim::dated(&i.to_string(), "X", Stance::Supports, "A", "q", d))
                .collect(),
            archived: None,
            retrieved: None,
        }
    }

    #[test]
    fn only_what_was_published_and_said_by_then() {
        let files = [
            file("2017-01-13", &["2017-01-10", "2017-01-13"]),
            file("2017-12", &["2017-11-30", "2017-12-02"]),
            file("2018", &["2017-06"]),
        ];
        let as_of = PartialDate::parse("2017-11").unwrap();
        let known = known_on(&files, &as_of);
        assert_eq!(
            known.len(),
            1,
            "December's and 2018's articles were not out"
        );
        assert_eq!(known[0].claims.len(), 2);
        let end = PartialDate::parse("2017-12-01").unwrap();
        let known = known_on(&files, &end);
        assert_eq!(
            known.len(),
            2,
            "a month-precise date counts from its first day"
        );
        assert_eq!(
            known[1].claims.len(),
            1,
            "the claim of December 2 was not yet said"
        );
    }
}
