//! The contract's `Date` scalar: one real day written `YYYY-MM-DD`. async-graphql's own
//! chrono scalar would be named `NaiveDate` in the SDL, so this newtype names it `Date`.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

/// A calendar date in ISO 8601 form, YYYY-MM-DD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

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
        Value::String(self.0.format("%Y-%m-%d").to_string())
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
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}
