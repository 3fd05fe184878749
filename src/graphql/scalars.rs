//! The contract's `Date` scalar: one real day written `YYYY-MM-DD`. async-graphql's own
//! chrono scalar would be named `NaiveDate` in the SDL, so this newtype names it `Date`.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{Datelike, NaiveDate};

/// A calendar date in ISO 8601 form, YYYY-MM-DD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

impl Date {
    /// The day as `YYYY-MM-DD`, as chrono's `%Y-%m-%d` writes it.
    pub fn iso(&self) -> String {
        match self.digits() {
            Some(digits) => digits.iter().map(|&b| char::from(b)).collect(),
            None => self.0.format("%Y-%m-%d").to_string(),
        }
    }

    /// Appends the day as a JSON string.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        match self.digits() {
            Some(digits) => {
                out.push(b'"');
                out.extend_from_slice(&digits);
                out.push(b'"');
            }
            None => {
                out.push(b'"');
                out.extend_from_slice(self.iso().as_bytes());
                out.push(b'"');
            }
        }
    }

    /// The digits of a day of the years 0 to 9999, written straight: chrono's
    /// formatter reads its format string again on every call, which was a sixth of
    /// the CPU of a page of terms. Other years (a sign, more digits) go to chrono.
    fn digits(&self) -> Option<[u8; 10]> {
        let year = u32::try_from(self.0.year())
            .ok()
            .filter(|year| *year <= 9999)?;
        let (month, day) = (self.0.month(), self.0.day());
        let digit = |n: u32| b'0' + (n % 10) as u8;
        Some([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ])
    }
}

/// A calendar date in ISO 8601 form, YYYY-MM-DD.
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        let Value::String(text) = &value else {
            return Err(InputValueError::custom(format!(
                "expected a date as a string YYYY-MM-DD (e.g. \"2004-12-31\"), got {value}"
            )));
        };
        parse_day(text).map(Date).ok_or_else(|| {
            InputValueError::custom(format!(
                "\"{text}\" is not a real day: expected YYYY-MM-DD with a month from 01 to 12 and a day that exists in that month (e.g. \"2004-12-31\")"
            ))
        })
    }

    fn to_value(&self) -> Value {
        Value::String(self.iso())
    }
}

/// Strictly `YYYY-MM-DD`: chrono alone would also take `2004-1-5`.
fn parse_day(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    // The shape is checked, so the digits read straight (chrono's format parser cost
    // more than the rest of a random-range request's arguments).
    let number = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0u32, |n, digit| n * 10 + u32::from(digit - b'0'))
    };
    let year = i32::try_from(number(0..4)).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7), number(8..10))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::Date;

    proptest! {
        /// Every day chrono can hold, from before year 0 to past 9999, is written as
        /// chrono's `%Y-%m-%d` writes it, as text and as JSON.
        #[test]
        fn a_day_is_written_as_chrono_writes_it(days in -90_000_000i64..90_000_000) {
            let day = NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).unwrap()).unwrap();
            let expected = day.format("%Y-%m-%d").to_string();
            prop_assert_eq!(Date(day).iso(), expected.clone());
            let mut json = Vec::new();
            Date(day).write_json(&mut json);
            prop_assert_eq!(json, serde_json::to_vec(&expected).unwrap());
        }

        /// Every string of the shape YYYY-MM-DD reads as chrono reads it.
        #[test]
        fn a_day_is_read_as_chrono_reads_it(year in 0u32..10_000, month in 0u32..14, day in 0u32..33) {
            let text = format!("{year:04}-{month:02}-{day:02}");
            prop_assert_eq!(super::parse_day(&text), NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
        }
    }

    #[test]
    fn only_the_exact_shape_is_a_day() {
        for text in [
            "2004-1-05",
            "2004-01-5",
            "+2004-01-05",
            "2004/01/05",
            "２００４-01-05",
            "2004-02-30",
            "",
        ] {
            assert_eq!(super::parse_day(text), None, "{text}");
        }
        assert_eq!(
            super::parse_day("0000-01-01"),
            NaiveDate::from_ymd_opt(0, 1, 1)
        );
    }
}
