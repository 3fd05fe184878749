//! How a client's budget shows in HTTP: the `RateLimit-Policy` and `RateLimit`
//! headers of the IETF HTTPAPI draft "RateLimit header fields for HTTP" on every
//! answer while rate limiting is on, and 429 with `Retry-After` past the budget.

use actix_web::http::header::{HeaderName, HeaderValue, RETRY_AFTER};

use super::media::ResponseType;
use super::rejection::Rejection;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::graphql::ErrorCode;
use crate::ratelimit::{Throttle, Throttled};

/// The window the budget is given for, in seconds.
const WINDOW_SECS: u32 = 60;

/// `RateLimit-Policy: "cost";q=<budget>;w=60` and
/// `RateLimit: "cost";r=<left>;t=<seconds until full>`.
pub fn headers(maximum: u32, available: u32, full_in_secs: u64) -> Vec<(HeaderName, HeaderValue)> {
    let value = |text: String| HeaderValue::from_str(&text).ok();
    [
        (
            HeaderName::from_static("ratelimit-policy"),
            value(format!("\"cost\";q={maximum};w={WINDOW_SECS}")),
        ),
        (
            HeaderName::from_static("ratelimit"),
            value(format!("\"cost\";r={available};t={full_in_secs}")),
        ),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v)))
    .collect()
}

/// The headers of an answer charged to a client.
pub fn charged(throttle: &Throttle) -> Vec<(HeaderName, HeaderValue)> {
    headers(throttle.maximum, throttle.available, throttle.full_in_secs)
}

/// What `extensions.cost` says of an answer charged `requested` that holds `actual`.
pub fn report(throttle: &Throttle, requested: u64, actual: u64) -> CostReport {
    CostReport {
        requested_query_cost: requested,
        actual_query_cost: actual,
        throttle_status: ThrottleStatus {
            maximum_available: throttle.maximum,
            currently_available: throttle.available,
            restore_rate: f64::from(throttle.maximum) / f64::from(WINDOW_SECS),
        },
    }
}

/// 429 for a client past its budget: `Retry-After` (when it can ever pay), the
/// RateLimit headers with its budget as it stands (`t` is, as on every answer, the
/// seconds until its bucket is full), and `extensions.cost` as on every metered answer,
/// with what was refused as the requested cost.
pub fn refused(kind: ResponseType, throttled: &Throttled) -> Rejection {
    let mut headers = match &throttled.budget {
        Some(budget) => charged(budget),
        // Never payable: refused on its size alone, without reading the bucket.
        None => headers(throttled.maximum, 0, 0)
            .into_iter()
            .filter(|(name, _)| name.as_str() == "ratelimit-policy")
            .collect(),
    };
    if let Some(retry) = throttled.retry_after_secs {
        if let Ok(value) = HeaderValue::from_str(&retry.to_string()) {
            headers.push((RETRY_AFTER, value));
        }
    }
    let budget = throttled.budget.unwrap_or(Throttle {
        maximum: throttled.maximum,
        available: 0,
        full_in_secs: 0,
    });
    Rejection::new(kind, ErrorCode::RateLimited, throttled.message())
        .with_headers(headers)
        .with_cost(report(&budget, throttled.charge.cost(), 0))
}

/// What a metered client is told about a request's cost and its budget, in
/// `extensions.cost` (modelled on Shopify's `extensions.cost.throttleStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CostReport {
    /// What the operation was estimated to cost, and was charged.
    pub requested_query_cost: u64,
    /// The fields its answer actually holds, counted the same way.
    pub actual_query_cost: u64,
    /// The client's budget after the charge.
    pub throttle_status: ThrottleStatus,
}

/// A client's budget, as `extensions.cost.throttleStatus` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThrottleStatus {
    /// The budget: what a full bucket holds.
    pub maximum_available: u32,
    /// What is left in it.
    pub currently_available: u32,
    /// How much it refills each second.
    pub restore_rate: f64,
}

impl Eq for ThrottleStatus {}

/// A GraphQL response's members, borrowed from its JSON as written (`data` may be
/// `null`, which is kept), with `extensions` added.
#[derive(Deserialize, Serialize)]
struct Parts<'a> {
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    data: Option<&'a RawValue>,
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    errors: Option<&'a RawValue>,
    #[serde(skip_deserializing)]
    extensions: Option<Extensions>,
}

#[derive(Serialize)]
struct Extensions {
    cost: CostReport,
}

/// A member that is there, even as `null`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<&'de RawValue>, D::Error> {
    <&RawValue>::deserialize(d).map(Some)
}

/// An answer's JSON with `extensions.cost` added: its members read as they were
/// written and written again beside the report, in the order the GraphQL spec gives
/// (`data`, `errors`, `extensions`). An answer that is not a response object (which
/// tenure never writes) is left as it is.
///
/// tenure's answers are `{"data":…}`, `{"data":…,"errors":[…]}` or `{"errors":[…]}`,
/// never with `extensions` (the schema installs no async-graphql extension), so the
/// report is appended as their last member; reading the answer again to rewrite it
/// was a tenth of a metered request's CPU. Anything else is read and rewritten.
pub fn with_cost(body: &[u8], report: &CostReport) -> Vec<u8> {
    let ours = body.starts_with(b"{\"data\":") || body.starts_with(b"{\"errors\":");
    if ours && body.ends_with(b"}") {
        let mut out = Vec::with_capacity(body.len() + 160);
        out.extend_from_slice(&body[..body.len() - 1]);
        out.extend_from_slice(b",\"extensions\":");
        if serde_json::to_writer(&mut out, &Extensions { cost: *report }).is_ok() {
            out.push(b'}');
            return out;
        }
    }
    rewritten(body, report)
}

/// [`with_cost`] for any JSON object: its members read and written again beside the
/// report.
fn rewritten(body: &[u8], report: &CostReport) -> Vec<u8> {
    let Ok(mut parts) = serde_json::from_slice::<Parts<'_>>(body) else {
        return body.to_vec();
    };
    parts.extensions = Some(Extensions { cost: *report });
    serde_json::to_vec(&parts).unwrap_or_else(|_| body.to_vec())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn report() -> CostReport {
        CostReport {
            requested_query_cost: 7,
            actual_query_cost: 5,
            throttle_status: ThrottleStatus {
                maximum_available: 600,
                currently_available: 593,
                restore_rate: 10.0,
            },
        }
    }

    /// A JSON value of a few levels, strings with anything in them.
    fn json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                proptest::collection::btree_map("[a-zA-Z_\"\\\\}{]{1,8}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Appending the report gives the bytes reading and rewriting the answer gives.
        #[test]
        fn the_report_appended_is_the_report_written_by_rewriting(
            data in proptest::option::of(json()),
            errors in proptest::option::of(proptest::collection::vec(json(), 1..3)),
            requested in any::<u32>(),
            available in any::<u32>(),
        ) {
            prop_assume!(data.is_some() || errors.is_some());
            let mut answer = serde_json::Map::new();
            if let Some(data) = data {
                answer.insert("data".into(), data);
            }
            if let Some(errors) = errors {
                answer.insert("errors".into(), errors.into());
            }
            let body = serde_json::to_vec(&answer).unwrap();
            let mut report = report();
            report.requested_query_cost = u64::from(requested);
            report.throttle_status.currently_available = available;
            prop_assert_eq!(
                String::from_utf8(with_cost(&body, &report)).unwrap(),
                String::from_utf8(rewritten(&body, &report)).unwrap()
            );
        }
    }

    #[test]
    fn the_report_goes_after_the_answers_members_which_keep_their_bytes() {
        let cost = r#""extensions":{"cost":{"requestedQueryCost":7,"actualQueryCost":5,"throttleStatus":{"maximumAvailable":600,"currentlyAvailable":593,"restoreRate":10.0}}}"#;
        for (body, members) in [
            (r#"{"data":{"a":[1, 2]}}"#, r#""data":{"a":[1, 2]}"#),
            (
                r#"{"data":null,"errors":[{"message":"x"}]}"#,
                r#""data":null,"errors":[{"message":"x"}]"#,
            ),
            (
                r#"{"errors":[{"message":"}"}]}"#,
                r#""errors":[{"message":"}"}]"#,
            ),
        ] {
            let written = String::from_utf8(with_cost(body.as_bytes(), &report())).unwrap();
            assert_eq!(written, format!("{{{members},{cost}}}"));
        }
    }
}
