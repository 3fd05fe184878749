//! How a client's budget shows in HTTP: the `RateLimit-Policy` and `RateLimit`
//! headers of the IETF HTTPAPI draft "RateLimit header fields for HTTP" on every
//! answer while rate limiting is on, and 429 with `Retry-After` past the budget.

use actix_web::http::header::{HeaderName, HeaderValue, RETRY_AFTER};
use actix_web::http::StatusCode;

use super::media::ResponseType;
use super::rejection::Rejection;
use crate::graphql::{CostReport, ErrorCode, ThrottleStatus};
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
    Rejection::new(
        StatusCode::TOO_MANY_REQUESTS,
        kind,
        ErrorCode::RateLimited,
        throttled.message(),
    )
    .with_headers(headers)
    .with_cost(report(&budget, throttled.charge.cost(), 0))
}
