//! One place that logs and counts every request to `/graphql`: a middleware reads what
//! the response says about itself ([`Observed`], set by the responder or by a
//! rejection) and writes one log line and the metrics.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use crate::graphql::Name;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use super::metrics::RequestOutcome;
use super::AppState;
use crate::graphql::ErrorCode;
use crate::telemetry::RequestLine;

static REQUEST_IDS: AtomicU64 = AtomicU64::new(1);

/// What a response to `/graphql` says about the request, for logs and metrics.
#[derive(Debug, Clone)]
pub struct Observed {
    /// The operation's name (names, comma-separated, for a batch).
    pub operation: Option<Name>,
    /// The id of a document asked for by id (ids, comma-separated, for a batch).
    pub document: Option<String>,
    /// Whether it ran one document of the manifest, whose name `/metrics` keeps.
    pub trusted: bool,
    /// How it ended.
    pub outcome: RequestOutcome,
    /// The codes of the refusals it met.
    pub refusals: Vec<ErrorCode>,
    /// Whether it ran on the executor (its duration goes to the histogram).
    pub executed: bool,
    /// How many of its operations each executor answered: prepared plans, then
    /// async-graphql.
    pub paths: (u32, u32),
}

impl Observed {
    /// A request the transport refused with `code`.
    pub fn refused(code: ErrorCode) -> Self {
        Self {
            operation: None,
            document: None,
            trusted: false,
            outcome: RequestOutcome::Refused,
            refusals: vec![code],
            executed: false,
            paths: (0, 0),
        }
    }
}

/// Logs and counts the request once its response is ready.
pub async fn observe(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let state = request.app_data::<web::Data<AppState>>().cloned();
    let response = next.call(request).await?;
    let Some(observed) = response.response().extensions().get::<Observed>().cloned() else {
        return Ok(response);
    };
    let duration = started.elapsed();
    RequestLine {
        request_id: REQUEST_IDS.fetch_add(1, Ordering::Relaxed),
        operation: observed.operation.as_deref().unwrap_or("-"),
        // Only a request by id has one, so text requests log as before.
        document: observed.document.as_deref(),
        duration_us: duration.as_micros() as u64,
        outcome: observed.outcome.as_str(),
        code: observed.refusals.first().map(|code| code.as_str()),
    }
    .log();
    if let Some(state) = state {
        let ran = observed.executed.then_some(duration);
        state.metrics.request(
            observed.operation.as_ref(),
            observed.outcome,
            ran,
            observed.trusted,
        );
        for code in &observed.refusals {
            state.metrics.refusal(*code);
        }
        state.metrics.executions(observed.paths);
    }
    Ok(response)
}
