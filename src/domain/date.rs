//! Partial dates: a day known only to a year, a month or the day itself.
//!
//! A `PartialDate` denotes every day from `earliest` to `latest`, both included
//! (SEMANTICS.md, "Partial dates"). It is never widened or narrowed: it keeps the
//! precision its source gives, and its ISO and English texts are computed once here
//! because every answer that shows a date shows them.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePrecision {
    /// Only the year: `1971`.
    Year,
    /// The year and month: `1971-03`.
    Month,
    /// The exact day: `2004-12-31`.
    Day,
}

/// A date at the precision its source gives.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PartialDate {
    precision: DatePrecision,
    earliest: NaiveDate,
    latest: NaiveDate,
    iso: String,
    text: String,
}

/// Why a text is not a partial date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateParseError {
    /// The text is not of the form YYYY, YYYY-MM or YYYY-MM-DD.
    #[error("`{0}` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 1971, 1971-03, 2004-12-31)")]
    Format(String),
    /// The text has the right form but names no real day or month.
    #[error("`{0}` is not a real date: {1}")]
    Impossible(String, &'static str),
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Years are written with four digits so that ISO text sorts as dates do.
const MIN_YEAR: i32 = 1;
const MAX_YEAR: i32 = 9999;

impl PartialDate {
    /// A YEAR-precision date.
    pub fn year(year: i32) -> Result<Self, DateParseError> {
        let earliest = ymd(year, 1, 1).ok_or_else(|| impossible(year, None, None))?;
        let latest = ymd(year, 12, 31).ok_or_else(|| impossible(year, None, None))?;
        Ok(Self::build(DatePrecision::Year, earliest, latest))
    }

    /// A MONTH-precision date.
    pub fn month(year: i32, month: u32) -> Result<Self, DateParseError> {
        let earliest = ymd(year, month, 1).ok_or_else(|| impossible(year, Some(month), None))?;
        let latest = last_day_of_month(year, month);
        Ok(Self::build(DatePrecision::Month, earliest, latest))
    }

    /// A DAY-precision date.
    pub fn day(day: NaiveDate) -> Result<Self, DateParseError> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&day.year()) {
            return Err(impossible(day.year(), Some(day.month()), Some(day.day())));
        }
        Ok(Self::build(DatePrecision::Day, day, day))
    }

    fn build(precision: DatePrecision, earliest: NaiveDate, latest: NaiveDate) -> Self {
        let (iso, text) = match precision {
            DatePrecision::Year => (
                format!("{:04}", earliest.year()),
                format!("{}", earliest.year()),
            ),
            DatePrecision::Month => (
                format!("{:04}-{:02}", earliest.year(), earliest.month()),
                format!("{} {}", month_name(earliest), earliest.year()),
            ),
            DatePrecision::Day => (
                earliest.format("%Y-%m-%d").to_string(),
                format!(
                    "{} {} {}",
                    earliest.day(),
                    month_name(earliest),
                    earliest.year()
                ),
            ),
        };
        Self {
            precision,
            earliest,
            latest,
            iso,
            text,
        }
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> DatePrecision {
        self.precision
    }

    /// The first day the date can denote.
    pub fn earliest(&self) -> NaiveDate {
        self.earliest
    }

    /// The last day the date can denote.
    pub fn latest(&self) -> NaiveDate {
        self.latest
    }

    /// ISO 8601 at the date's own precision: `1971`, `1971-03`, `2004-12-31`.
    pub fn iso(&self) -> &str {
        &self.iso
    }

    /// English as a person writes it: `1971`, `March 1971`, `31 December 2004`.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl FromStr for PartialDate {
    type Err = DateParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let format_error = || DateParseError::Format(s.to_owned());
        let parts: Vec<&str> = s.split('-').collect();
        let widths_ok = matches!(parts.as_slice(), [y] | [y, _] | [y, _, _] if y.len() == 4)
            && parts[1..].iter().all(|p| p.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !widths_ok {
            return Err(format_error());
        }
        let number = |p: &str| p.parse::<u32>().map_err(|_| format_error());
        let year = number(parts[0])? as i32;
        if year < MIN_YEAR {
            return Err(DateParseError::Impossible(
                s.to_owned(),
                "years run from 0001 to 9999",
            ));
        }
        let with_text = |e: DateParseError| match e {
            DateParseError::Impossible(_, why) => DateParseError::Impossible(s.to_owned(), why),
            other => other,
        };
        match parts.as_slice() {
            [_] => Self::year(year).map_err(with_text),
            [_, m] => Self::month(year, number(m)?).map_err(with_text),
            [_, m, d] => {
                let (month, day) = (number(m)?, number(d)?);
                let date = ymd(year, month, day).ok_or_else(|| {
                    DateParseError::Impossible(s.to_owned(), impossible_reason(year, month, day))
                })?;
                Self::day(date)
            }
            _ => Err(format_error()),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso)
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    match ymd(next_year, next_month, 1).and_then(|d| d.pred_opt()) {
        Some(day) => day,
        // Only December 9999 has no next month within chrono's range we accept.
        None => NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
    }
}

fn month_name(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize]
}

fn impossible(year: i32, month: Option<u32>, day: Option<u32>) -> DateParseError {
    let text = match (month, day) {
        (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        _ => format!("{year:04}"),
    };
    let why = match (month, day) {
        (Some(m), _) if !(1..=12).contains(&m) => "months run from 01 to 12",
        (Some(m), Some(d)) => impossible_reason(year, m, d),
        _ => "years run from 0001 to 9999",
    };
    DateParseError::Impossible(text, why)
}

fn impossible_reason(year: i32, month: u32, day: u32) -> &'static str {
    if !(1..=12).contains(&month) {
        "months run from 01 to 12"
    } else if day == 0 {
        "days run from 01"
    } else if month == 2 && day == 29 {
        "February has 29 days only in leap years"
    } else if ymd(year, month, 1).is_some() && day > last_day_of_month(year, month).day() {
        "that month has fewer days"
    } else {
        "years run from 0001 to 9999"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> PartialDate {
        s.parse().expect("valid date")
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid day")
    }

    #[test]
    fn a_year_spans_the_whole_year() {
        let d = parse("1971");
        assert_eq!(d.precision(), DatePrecision::Year);
        assert_eq!(d.earliest(), day("1971-01-01"));
        assert_eq!(d.latest(), day("1971-12-31"));
        assert_eq!(d.text(), "1971");
    }

    #[test]
    fn a_month_ends_on_its_last_day() {
        assert_eq!(parse("1971-02").latest(), day("1971-02-28"));
        assert_eq!(parse("2000-02").latest(), day("2000-02-29"));
        assert_eq!(parse("1971-03").text(), "March 1971");
        assert_eq!(parse("9999-12").latest(), day("9999-12-31"));
    }

    #[test]
    fn a_day_is_written_as_people_write_it() {
        let d = parse("2004-12-31");
        assert_eq!(d.text(), "31 December 2004");
        assert_eq!(d.iso(), "2004-12-31");
        assert_eq!(parse("2016-11-01").text(), "1 November 2016");
    }

    #[test]
    fn impossible_days_are_rejected_with_a_reason() {
        let err = "2004-02-30".parse::<PartialDate>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "`2004-02-30` is not a real date: that month has fewer days"
        );
        let err = "2003-02-29".parse::<PartialDate>().unwrap_err();
        assert!(err.to_string().contains("leap years"), "{err}");
        let err = "1971-13".parse::<PartialDate>().unwrap_err();
        assert!(
            err.to_string().contains("months run from 01 to 12"),
            "{err}"
        );
        let err = "0000".parse::<PartialDate>().unwrap_err();
        assert!(err.to_string().contains("0001 to 9999"), "{err}");
    }

    #[test]
    fn malformed_texts_are_rejected_with_the_allowed_forms() {
        for bad in [
            "",
            "71",
            "1971-3",
            "1971-03-1",
            "31 December 2004",
            "+1971",
            "1971-03-01-01",
        ] {
            let err = bad.parse::<PartialDate>().unwrap_err();
            assert_eq!(err, DateParseError::Format(bad.to_owned()), "{bad}");
            assert!(err.to_string().contains("YYYY, YYYY-MM or YYYY-MM-DD"));
        }
    }
}
