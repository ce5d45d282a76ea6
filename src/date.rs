//! Dates of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, keeping their precision.

use std::cmp::Ordering;
use std::fmt;

use chrono::NaiveDate;

/// A calendar date known to the year, the month or the day.
///
/// Ordering follows the spec: a partial date sorts at its first day, and
/// among dates with the same first day the less precise one comes first
/// (so `2017` < `2017-01` < `2017-01-01`), which keeps sorting total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// Why a string is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")]
    Format(String),
    #[error("`{0}` does not exist: {1}")]
    Impossible(String, &'static str),
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` exactly (four-digit year,
    /// two-digit month and day) and rejects dates that do not exist.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let format_err = || DateError::Format(text.to_owned());
        let parts: Vec<&str> = text.split('-').collect();
        let widths_ok = match parts.as_slice() {
            [y] => y.len() == 4,
            [y, m] => y.len() == 4 && m.len() == 2,
            [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
            _ => false,
        };
        if !widths_ok || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(format_err());
        }
        let year: i32 = parts[0].parse().map_err(|_| format_err())?;
        if year == 0 {
            return Err(DateError::Impossible(
                text.to_owned(),
                "there is no year 0000",
            ));
        }
        let month = parts
            .get(1)
            .map(|m| m.parse::<u32>())
            .transpose()
            .map_err(|_| format_err())?;
        let day = parts
            .get(2)
            .map(|d| d.parse::<u32>())
            .transpose()
            .map_err(|_| format_err())?;
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(DateError::Impossible(
                text.to_owned(),
                "months run from 01 to 12",
            ));
        }
        if let (Some(m), Some(d)) = (month, day)
            && NaiveDate::from_ymd_opt(year, m, d).is_none()
        {
            return Err(DateError::Impossible(
                text.to_owned(),
                "that month has no such day",
            ));
        }
        Ok(PartialDate { year, month, day })
    }

    /// A date known to the day.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day)?;
        Some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// The first day the date can stand for.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("a parsed PartialDate is a real date")
    }

    /// The last day the date can stand for.
    pub fn last_day(&self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(_), Some(_)) => self.first_day(),
            (Some(m), None) => {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(self.year, m + 1, 1)
                };
                next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
            }
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// True when every day this date can stand for comes after every day of `other`.
    pub fn surely_after(&self, other: &PartialDate) -> bool {
        self.first_day() > other.last_day()
    }

    /// How many parts are known: 1 (year), 2 (month) or 3 (day).
    pub fn precision(&self) -> u8 {
        1 + u8::from(self.month.is_some()) + u8::from(self.day.is_some())
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.first_day()
            .cmp(&other.first_day())
            .then(self.precision().cmp(&other.precision()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        PartialDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn parses_three_precisions_and_keeps_them() {
        assert_eq!(ok("2017").to_string(), "2017");
        assert_eq!(ok("2017-03").to_string(), "2017-03");
        assert_eq!(ok("2017-03-08").to_string(), "2017-03-08");
        assert_eq!(ok("2016-02-29").to_string(), "2016-02-29");
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "17-01-01",
            "2017/01/01",
            "2017-1-5",
            "2017-01-1",
            "",
            "2017-",
            "20170101",
            "2017-01-01T00:00",
            " 2017",
            "２０１７",
            "2017-01-01-01",
            "+2017",
        ] {
            assert!(
                matches!(PartialDate::parse(bad), Err(DateError::Format(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2017-13-01",
            "2017-02-29",
            "2023-02-30",
            "2017-00",
            "2017-04-31",
            "0000",
            "2017-01-00",
        ] {
            assert!(
                matches!(PartialDate::parse(bad), Err(DateError::Impossible(..))),
                "{bad}"
            );
        }
    }

    #[test]
    fn partial_dates_sort_at_their_first_day() {
        let mut v = [
            ok("2017-02"),
            ok("2017-01-15"),
            ok("2017"),
            ok("2017-01-01"),
            ok("2016-12-31"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            s,
            ["2016-12-31", "2017", "2017-01-01", "2017-01-15", "2017-02"]
        );
    }

    #[test]
    fn surely_after_respects_precision() {
        assert!(ok("2017-02").surely_after(&ok("2017-01-31")));
        assert!(!ok("2017-01").surely_after(&ok("2017-01-15")));
        assert!(!ok("2017-01-20").surely_after(&ok("2017-01")));
        assert!(ok("2018").surely_after(&ok("2017-12")));
        assert!(!ok("2017-12").surely_after(&ok("2017")));
    }
}
