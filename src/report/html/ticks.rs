//! The ticks of a timeline's time axis: a calendar step (days, weeks,
//! months, years) fine enough to read and coarse enough to fit, ticks on
//! calendar boundaries, and their labels.

use chrono::{Datelike, Days, Months, NaiveDate};

/// The interval between ticks of a time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TickStep {
    Days(u32),
    Months(u32),
    Years(u32),
}

impl TickStep {
    /// The finest calendar step that puts at most `max_ticks` ticks on the span.
    pub(super) fn for_span(start: NaiveDate, end: NaiveDate, max_ticks: i64) -> TickStep {
        let days = (end - start).num_days();
        let candidates = [
            TickStep::Days(1),
            TickStep::Days(2),
            TickStep::Days(7),
            TickStep::Days(14),
            TickStep::Months(1),
            TickStep::Months(2),
            TickStep::Months(3),
            TickStep::Months(6),
        ];
        if let Some(step) = candidates
            .into_iter()
            .find(|s| days / s.approx_days() < max_ticks)
        {
            return step;
        }
        let mut years = 1;
        loop {
            for factor in [1, 2, 5] {
                let step = TickStep::Years(years * factor);
                if days / step.approx_days() < max_ticks || years >= 100_000 {
                    return step;
                }
            }
            years *= 10;
        }
    }

    fn approx_days(self) -> i64 {
        match self {
            TickStep::Days(n) => n.into(),
            TickStep::Months(n) => i64::from(n) * 30,
            TickStep::Years(n) => i64::from(n) * 365,
        }
    }

    /// The tick days in [start, end]: calendar boundaries (Mondays for
    /// weeks, first days of months, first days of years).
    pub(super) fn ticks(self, start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
        let mut day = match self {
            TickStep::Days(n) if n >= 7 => {
                start - Days::new(u64::from(start.weekday().num_days_from_monday()))
            }
            TickStep::Days(_) => start,
            TickStep::Months(n) => {
                let m0 = start.month0() - start.month0() % n;
                NaiveDate::from_ymd_opt(start.year(), m0 + 1, 1).expect("first of a month")
            }
            TickStep::Years(n) => {
                let n = n as i32;
                let year = start.year() - start.year().rem_euclid(n);
                NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(start)
            }
        };
        let mut ticks = Vec::new();
        while day <= end {
            if day >= start {
                ticks.push(day);
            }
            let next = match self {
                TickStep::Days(n) => day.checked_add_days(Days::new(n.into())),
                TickStep::Months(n) => day.checked_add_months(Months::new(n)),
                TickStep::Years(n) => day.checked_add_months(Months::new(n.saturating_mul(12))),
            };
            match next {
                Some(next) => day = next,
                None => break,
            }
        }
        ticks
    }

    pub(super) fn label(self, day: NaiveDate) -> String {
        match self {
            TickStep::Days(_) => day.format("%-d %b %Y").to_string(),
            TickStep::Months(_) => day.format("%b %Y").to_string(),
            TickStep::Years(_) => day.year().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn tick_steps_follow_the_span() {
        let step = |a, b| TickStep::for_span(d(a), d(b), 8);
        assert_eq!(step("2017-01-01", "2017-01-06"), TickStep::Days(1));
        assert_eq!(step("2017-01-01", "2017-01-15"), TickStep::Days(2));
        assert_eq!(step("2017-01-01", "2017-02-20"), TickStep::Days(7));
        assert_eq!(step("2017-01-01", "2017-06-01"), TickStep::Months(1));
        assert_eq!(step("2016-01-01", "2018-01-01"), TickStep::Months(6));
        assert_eq!(step("2000-01-01", "2020-01-01"), TickStep::Years(5));
        assert_eq!(step("0001-01-01", "9999-12-31"), TickStep::Years(2000));
    }

    #[test]
    fn ticks_fall_on_calendar_boundaries_inside_the_span() {
        let ticks = TickStep::Months(3).ticks(d("2016-11-20"), d("2017-12-31"));
        assert_eq!(
            ticks,
            ["2017-01-01", "2017-04-01", "2017-07-01", "2017-10-01"].map(d)
        );
        let weeks = TickStep::Days(7).ticks(d("2017-01-04"), d("2017-01-20"));
        assert_eq!(weeks, ["2017-01-09", "2017-01-16"].map(d));
        assert!(weeks.iter().all(|w| w.weekday() == chrono::Weekday::Mon));
        assert_eq!(TickStep::Months(1).label(d("2017-03-01")), "Mar 2017");
        assert_eq!(TickStep::Days(1).label(d("2017-03-05")), "5 Mar 2017");
    }
}
