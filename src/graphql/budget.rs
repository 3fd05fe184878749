//! What one HTTP request may spend while it runs: one deadline and one count of
//! answer items, shared by every operation of a batch.
//!
//! - **Time.** Resolvers only read memory and never wait, so a timer around execution
//!   could never interrupt them. The resolvers whose work grows with the data (lists
//!   and connections) call [`check_time`] first; past the deadline it fails.
//! - **Answer items.** Every list the schema answers with is a [`Counted`] list,
//!   which adds its length to the request's count before its items are resolved;
//!   past `--max-answer-items` it fails. This is the backstop that does not trust the
//!   cost estimate: whatever the estimate says, memory stays bounded.
//!
//! Either way the budget remembers that it ran out, and the executor answers the whole
//! request with one error (`TIMEOUT`, `MAX_ANSWER_ITEMS_EXCEEDED`) instead of a partial
//! answer.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::{Context, ContextSelectionSet, OutputType, Positioned, ServerResult, Value};

use super::error::{ErrorCode, RequestError};
use crate::index::{Deadline, DeadlinePassed};

const FINE: u8 = 0;
const OUT_OF_TIME: u8 = 1;
const OUT_OF_ITEMS: u8 = 2;

/// What one request may still spend.
#[derive(Debug)]
pub struct RequestBudget {
    deadline: Instant,
    timeout: Duration,
    max_items: u64,
    items: AtomicU64,
    ran_out: AtomicU8,
}

impl RequestBudget {
    /// A budget of `timeout` from now and `max_items` answer items.
    pub fn new(timeout: Duration, max_items: usize) -> Arc<Self> {
        Arc::new(Self {
            deadline: Instant::now() + timeout,
            timeout,
            max_items: max_items as u64,
            items: AtomicU64::new(0),
            ran_out: AtomicU8::new(FINE),
        })
    }

    /// Fails, and remembers it, once the deadline has passed.
    pub fn check_time(&self) -> Result<(), RequestError> {
        if Instant::now() < self.deadline {
            return Ok(());
        }
        self.ran_out.store(OUT_OF_TIME, Ordering::Relaxed);
        Err(self.refusal(OUT_OF_TIME))
    }

    /// The deadline the catalog's scans stop by.
    pub fn deadline(&self) -> Deadline {
        Deadline::at(self.deadline)
    }

    /// Spends `items` answer items; fails, and remembers it, past the limit.
    pub fn spend_items(&self, items: usize) -> Result<(), RequestError> {
        let spent = self.items.fetch_add(items as u64, Ordering::Relaxed) + items as u64;
        if spent <= self.max_items {
            return Ok(());
        }
        self.ran_out.store(OUT_OF_ITEMS, Ordering::Relaxed);
        Err(self.refusal(OUT_OF_ITEMS))
    }

    /// How many answer items the request has resolved so far.
    pub fn items(&self) -> u64 {
        self.items.load(Ordering::Relaxed)
    }

    /// Gives back the items spent since `items`: a plan that handed its request to
    /// async-graphql spent them on an answer nobody gets.
    pub fn restore_items(&self, items: u64) {
        self.items.store(items, Ordering::Relaxed);
    }

    /// The refusal a request that ran out gets, if it did.
    pub fn exhausted(&self) -> Option<RequestError> {
        match self.ran_out.load(Ordering::Relaxed) {
            FINE => None,
            why => Some(self.refusal(why)),
        }
    }

    fn refusal(&self, why: u8) -> RequestError {
        if why == OUT_OF_TIME {
            RequestError::new(
                ErrorCode::Timeout,
                format!(
                    "the request ran longer than its time limit of {} ms (--request-timeout-ms)",
                    self.timeout.as_millis()
                ),
            )
        } else {
            RequestError::new(
                ErrorCode::MaxAnswerItemsExceeded,
                format!(
                    "the answer would hold more than {} list items (--max-answer-items); ask for fewer items with `first`/`last`, or fewer lists",
                    self.max_items
                ),
            )
        }
    }
}

/// Where a running operation checks its time: lists and connections call it before
/// doing work that grows with the data. No budget (the schema outside the server)
/// means no limit.
pub fn check_time(budget: Option<&RequestBudget>) -> async_graphql::Result<()> {
    match budget {
        Some(budget) => budget.check_time().map_err(|e| e.code.error(e.message)),
        None => Ok(()),
    }
}

/// The deadline of a request's scans (none outside the server).
pub fn deadline(budget: Option<&RequestBudget>) -> Deadline {
    budget.map_or(Deadline::NONE, RequestBudget::deadline)
}

/// The result of a catalog scan: a scan stopped by its deadline is the request's
/// `TIMEOUT`, which the budget remembers so that the whole request is answered with it.
pub fn scanned<T>(
    budget: Option<&RequestBudget>,
    result: Result<T, DeadlinePassed>,
) -> async_graphql::Result<T> {
    result.or_else(|DeadlinePassed| {
        check_time(budget)?;
        // Only a budget's deadline stops a scan, and it has passed: not reached.
        Err(ErrorCode::Timeout.error("the request ran past its time limit"))
    })
}

/// The request's budget, when the schema runs inside the server.
pub fn budget<'c>(ctx: &Context<'c>) -> Option<&'c RequestBudget> {
    ctx.data_opt::<Arc<RequestBudget>>().map(|b| &**b)
}

/// Spends `items` answer items for a list that is not a [`Counted`] one (the list
/// `_entities` answers, which async-graphql builds itself).
pub fn spend(ctx: &Context<'_>, items: usize) -> async_graphql::Result<()> {
    match ctx.data_opt::<Arc<RequestBudget>>() {
        Some(budget) => budget
            .spend_items(items)
            .map_err(|e| e.code.error(e.message)),
        None => Ok(()),
    }
}

/// A list the schema answers with, counted against the request's answer items before
/// its items are resolved. In the schema it is a plain list of `T`.
pub struct Counted<T>(pub Vec<T>);

impl<T> FromIterator<T> for Counted<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Self(items.into_iter().collect())
    }
}

impl<T: OutputType> OutputType for Counted<T> {
    fn type_name() -> Cow<'static, str> {
        <Vec<T> as OutputType>::type_name()
    }

    fn qualified_type_name() -> String {
        <Vec<T> as OutputType>::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <Vec<T> as OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        if let Some(budget) = ctx.data_opt::<Arc<RequestBudget>>() {
            budget.spend_items(self.0.len()).map_err(|e| {
                e.code
                    .tag(async_graphql::ServerError::new(e.message, Some(field.pos)))
            })?;
        }
        self.0.resolve(ctx, field).await
    }
}
