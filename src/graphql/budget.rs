//! The budget of one HTTP request: one deadline shared by every operation of a batch.
//!
//! Resolvers only read memory and never wait, so a timer around execution could never
//! interrupt them. Instead the resolvers whose work grows with the data (lists and
//! connections) call [`checkpoint`] first; past the deadline it fails, the budget
//! remembers that it ran out, and the executor answers the whole request with one
//! `TIMEOUT` error instead of a partial answer.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::Context;

use super::error::{ErrorCode, RequestError};

/// What one request may still spend.
#[derive(Debug)]
pub struct RequestBudget {
    deadline: Instant,
    timeout: Duration,
    ran_out: AtomicBool,
}

impl RequestBudget {
    /// A budget of `timeout` from now.
    pub fn new(timeout: Duration) -> Arc<Self> {
        Arc::new(Self {
            deadline: Instant::now() + timeout,
            timeout,
            ran_out: AtomicBool::new(false),
        })
    }

    /// Fails, and remembers it, once the deadline has passed.
    pub fn check(&self) -> Result<(), RequestError> {
        if Instant::now() < self.deadline {
            return Ok(());
        }
        self.ran_out.store(true, Ordering::Relaxed);
        Err(self.timeout_error())
    }

    /// The refusal a request that ran out of time gets, if it did.
    pub fn exhausted(&self) -> Option<RequestError> {
        self.ran_out
            .load(Ordering::Relaxed)
            .then(|| self.timeout_error())
    }

    fn timeout_error(&self) -> RequestError {
        let limit = self.timeout.as_millis();
        RequestError::new(
            ErrorCode::Timeout,
            format!(
                "the request ran longer than its time limit of {limit} ms (--request-timeout-ms)"
            ),
        )
    }
}

/// Where a running operation checks its budget: lists and connections call it before
/// doing work that grows with the data.
pub fn checkpoint(ctx: &Context<'_>) -> async_graphql::Result<()> {
    match ctx.data_opt::<Arc<RequestBudget>>() {
        Some(budget) => budget.check().map_err(|e| e.code.error(e.message)),
        None => Ok(()),
    }
}
